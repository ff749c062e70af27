/**
 * The Targets & network view's pure parts: the network model and its SVG (node and edge counts,
 * widths, the focused neighbourhood, escaping of user names), the enrichment dot plot SVG (rows,
 * order, sizes, colours), number formatting, settings read back, the up/down lists at another
 * fold change, and node search.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { readTargetTable } from '../../src/formats/targets.ts';
import { readGmt } from '../../src/formats/gmt.ts';
import { enrichMirnaTargets, type EnrichedSet } from '../../src/stats/enrichment.ts';
import { mirnaTargetGraph, synergyNetwork } from '../../src/stats/mirna-network.ts';
import { bipartiteModel, edgeWidth, findNode, neighbours, shortLabel, synergyModel, NET_COLORS } from '../../src/views/targets/network-model.ts';
import { networkSvg, litNodes } from '../../src/views/targets/network-svg.ts';
import { dotPlotRows, dotPlotSvg, negLog10, rampColor, cutName } from '../../src/views/targets/dotplot-svg.ts';
import { fmtP, fmtInt, fmtFixed, linesText } from '../../src/views/targets/format.ts';
import { normalizeTargetsSettings, DEFAULT_TARGETS_SETTINGS } from '../../src/views/targets/settings.ts';
import { regulatedList, PAPER_CORE } from '../../src/views/targets/selection.ts';
import { layoutGraph } from '../../src/views/targets/layout.ts';
import type { DeRow } from '../../src/stats/differential.ts';
import type { TargetPair } from '../../src/formats/targets.ts';

const pair = (mirna: string, gene: string): TargetPair => ({ mirna, gene, score: null, line: 0 });
const count = (svg: string, re: RegExp) => (svg.match(re) ?? []).length;

/** Three miRNAs: a and b share 3 of their targets, c shares 1 with b; one with a name to escape. */
const PAIRS: TargetPair[] = [
  ...['G1', 'G2', 'G3', 'G4'].map((g) => pair('hsa-miR-a', g)),
  ...['G1', 'G2', 'G3', 'G5'].map((g) => pair('hsa-miR-b', g)),
  ...['G5', 'G6'].map((g) => pair('hsa-miR-<c>', g)),
  ...Array.from({ length: 40 }, (_, i) => pair('hsa-miR-z', `Z${i}`)),
];

describe('network model', () => {
  const net = synergyNetwork(PAIRS, ['hsa-miR-a', 'hsa-miR-b', 'hsa-miR-<c>', 'hsa-miR-lonely'], { maxP: 1 });
  it('synergy: one node per miRNA with edges, width grows with shared targets, radius with targets', () => {
    const m = synergyModel(net, true);
    expect(m.nodes.map((n) => n.id)).toEqual(['hsa-miR-a', 'hsa-miR-b', 'hsa-miR-<c>']);
    expect(m.hiddenIsolated).toBe(0); // hsa-miR-lonely is not in the table at all
    expect(m.edges.map((e) => [m.nodes[e.a].id, m.nodes[e.b].id, e.w])).toEqual([['hsa-miR-a', 'hsa-miR-b', 3], ['hsa-miR-b', 'hsa-miR-<c>', 1]]);
    expect(m.maxW).toBe(3);
    expect(m.edges[0].width).toBe(8);
    expect(m.edges[1].width).toBe(0.75);
    expect(edgeWidth(2, 3)).toBeCloseTo(0.75 + 7.25 / 2, 12);
    expect(m.nodes[0].r).toBe(14); // the most targets
    expect(m.nodes[2].r).toBeLessThan(m.nodes[0].r);
    const strict = synergyModel(synergyNetwork(PAIRS, ['hsa-miR-a', 'hsa-miR-z'], { maxP: 1 }), true);
    expect(strict.nodes).toEqual([]);
    expect(strict.hiddenIsolated).toBe(2);
    expect(synergyModel(synergyNetwork(PAIRS, ['hsa-miR-a', 'hsa-miR-z'], { maxP: 1 }), false).nodes).toHaveLength(2);
  });
  it('bipartite: miRNA and gene nodes, an edge per pair', () => {
    const m = bipartiteModel(mirnaTargetGraph(PAIRS, ['hsa-miR-a', 'hsa-miR-b'], { minMirnas: 2 }), true);
    expect(m.nodes.filter((n) => n.kind === 'mirna').map((n) => n.label)).toEqual(['miR-a', 'miR-b']);
    expect(m.nodes.filter((n) => n.kind === 'gene').map((n) => n.id)).toEqual(['G1', 'G2', 'G3']);
    expect(m.edges).toHaveLength(6);
    expect(m.totalGenes).toBe(5);
  });
  it('neighbours (most shared first), the lit set, and finding nodes by name', () => {
    const m = synergyModel(net, true);
    expect(neighbours(m, 1).map((x) => m.nodes[x.node].id)).toEqual(['hsa-miR-a', 'hsa-miR-<c>']);
    expect([...litNodes(m, 2)!].sort()).toEqual([1, 2]);
    expect(litNodes(m, null)).toBeNull();
    expect(findNode(m, 'hsa-miR-b')).toBe(1);
    expect(findNode(m, 'MIR-B')).toBe(1);
    expect(findNode(m, 'miR-a')).toBe(0);
    expect(findNode(m, '<c')).toBe(2);
    expect(findNode(m, 'nothing')).toBe(-1);
    expect(findNode(m, '  ')).toBe(-1);
    expect(shortLabel('hsa-miR-16-5p')).toBe('miR-16-5p');
    expect(shortLabel('hsa-let-7a-5p')).toBe('let-7a-5p');
    expect(shortLabel('BCL2')).toBe('BCL2');
  });
});

describe('network SVG', () => {
  const m = synergyModel(synergyNetwork(PAIRS, ['hsa-miR-a', 'hsa-miR-b', 'hsa-miR-<c>'], { maxP: 1 }), true);
  const pos = layoutGraph({ n: m.nodes.length, edges: m.edges }, { seed: 1 });
  const opts = { title: 'Synergy <network>', subtitle: 'a & b', legend: { mirna: 'miRNA', gene: 'target gene', edge: 'Shared targets:' } };
  it('draws every node and edge inside the figure, escapes user names, and has a legend of widths', () => {
    const { svg, width, height } = networkSvg(m, pos.x, pos.y, { ...opts, focus: null });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect([width, height]).toEqual([900, 720]);
    const nodes = /<g data-part="nodes">(.*?)<\/g>/.exec(svg)![1];
    expect(count(nodes, /<circle /g)).toBe(3);
    const edges = /<g data-part="edges">(.*?)<\/g>/.exec(svg)![1];
    expect(count(edges, /<line /g)).toBe(2);
    expect(edges).toContain('stroke-width="8"');
    expect(svg).toContain('Synergy &lt;network&gt;');
    expect(svg).toContain('a &amp; b');
    expect(svg).toContain('miR-&lt;c&gt;');
    expect(svg).not.toContain('<c>');
    expect(svg).not.toMatch(/NaN|undefined/);
    for (const c of nodes.matchAll(/cx="([-\d.]+)" cy="([-\d.]+)"/g)) {
      expect(Number(c[1])).toBeGreaterThan(0);
      expect(Number(c[1])).toBeLessThan(900);
      expect(Number(c[2])).toBeGreaterThan(40);
      expect(Number(c[2])).toBeLessThan(720 - 40);
    }
    const legend = /<g data-part="legend">(.*)<\/g>/.exec(svg)![1];
    expect(legend).toContain('Shared targets:');
    expect(count(legend, /<line /g)).toBe(3); // 1, 2, 3 shared
  });
  it('with a focus: the node ringed, its neighbourhood in colour, the rest faded', () => {
    const { svg } = networkSvg(m, pos.x, pos.y, { ...opts, focus: 0 });
    const nodes = /<g data-part="nodes">(.*?)<\/g>/.exec(svg)![1];
    expect(count(nodes, new RegExp(`stroke="${NET_COLORS.focus}"`, 'g'))).toBe(1);
    expect(count(nodes, new RegExp(`fill="${NET_COLORS.faded}"`, 'g'))).toBe(1); // <c> is not a neighbour of a
    expect(count(nodes, new RegExp(`fill="${NET_COLORS.mirna}"`, 'g'))).toBe(2);
  });
  it('bipartite figures say which colour is a gene', () => {
    const b = bipartiteModel(mirnaTargetGraph(PAIRS, ['hsa-miR-a', 'hsa-miR-b']), true);
    const p = layoutGraph({ n: b.nodes.length, edges: b.edges }, { seed: 1 });
    const { svg } = networkSvg(b, p.x, p.y, { ...opts, focus: null });
    expect(svg).toContain('target gene');
    expect(count(svg, new RegExp(`fill="${NET_COLORS.gene}"`, 'g'))).toBe(5 + 1); // five genes and the legend dot
  });
});

describe('enrichment dot plot', () => {
  const t = readTargetTable(new Uint8Array(readFileSync('public/demo/targets.tsv')), 'targets.tsv');
  const g = readGmt(new Uint8Array(readFileSync('public/demo/genesets.gmt')), 'genesets.gmt');
  const r = enrichMirnaTargets(t.pairs, g.sets, [...PAPER_CORE]);
  const opts = {
    title: 'Gene sets', subtitle: 'core four', x: 'fold' as const, top: 8,
    labels: { fold: 'Fold enrichment', fdr: '−log10 FDR', size: 'Target genes in set', colour: 'FDR', none: 'nothing' },
    format: (x: number, d: number) => fmtFixed(x, 'en-GB', d), formatP: (p: number) => fmtP(p, 'en-GB'),
  };
  it('shows the top sets by p with an overlap, ordered by the x value, dot area by overlap', () => {
    const rows = dotPlotRows(r.sets, 'fold', 8);
    expect(rows).toHaveLength(8);
    expect(new Set(rows.map((x) => x.name))).toEqual(new Set(r.sets.filter((s) => s.overlap > 0).slice(0, 8).map((s) => s.name)));
    for (let i = 1; i < rows.length; i++) expect(rows[i - 1].foldEnrichment).toBeGreaterThanOrEqual(rows[i].foldEnrichment);
    const { svg } = dotPlotSvg(r.sets, opts);
    const dots = /<g data-part="dots">(.*?)<\/g>/.exec(svg)![1];
    expect(count(dots, /<circle /g)).toBe(8);
    const radii = [...dots.matchAll(/<circle [^>]*r="([\d.]+)"/g)].map((m) => Number(m[1]));
    const big = rows.reduce((b, x, i) => (x.overlap > rows[b].overlap ? i : b), 0);
    expect(radii[big]).toBe(11);
    expect(svg).toContain('Fold enrichment');
    expect(svg).toContain(rows[0].name);
    expect(svg).toContain('stroke-dasharray="4 3"'); // the line at fold 1
    expect(svg).not.toMatch(/NaN|undefined|Infinity/);
    // colour: the smallest FDR is the red end
    expect(dots).toContain(`fill="${rampColor(0)}"`);
  });
  it('−log10 FDR on x puts the most significant set first', () => {
    const rows = dotPlotRows(r.sets, 'fdr', 5);
    expect(rows[0].name).toBe(r.sets[0].name);
    const { svg } = dotPlotSvg(r.sets, { ...opts, x: 'fdr' });
    expect(svg).toContain('−log10 FDR');
  });
  it('no set with a target gene: a message instead of dots', () => {
    const none: EnrichedSet[] = r.sets.map((s) => ({ ...s, overlap: 0 }));
    const { svg } = dotPlotSvg(none, opts);
    expect(svg).toContain('nothing');
    expect(svg).not.toContain('<circle');
  });
  it('helpers: ramp ends, −log10 of an underflowed p, cut names', () => {
    expect(rampColor(0)).toBe('#b2182b');
    expect(rampColor(1)).toBe('#2166ac');
    expect(rampColor(NaN)).toBe('#2166ac');
    expect(negLog10(1e-10)).toBeCloseTo(10, 12);
    expect(negLog10(0)).toBe(320);
    expect(cutName('x'.repeat(60))).toHaveLength(48);
  });
});

describe('formatting', () => {
  it('p-values: three decimals from 0.001, scientific below, from the log p when p underflows', () => {
    expect(fmtP(0.0493, 'en-GB')).toBe('0.049');
    expect(fmtP(1, 'en-GB')).toBe('1.000');
    expect(fmtP(3.161e-9, 'en-GB')).toBe('3.2 × 10⁻⁹');
    expect(fmtP(9.96e-5, 'en-GB')).toBe('1.0 × 10⁻⁴');
    expect(fmtP(0, 'en-GB', -800 * Math.LN10)).toBe('1.0 × 10⁻⁸⁰⁰');
    expect(fmtP(0, 'en-GB')).toBe('< 10⁻³⁰⁰');
    expect(fmtP(null, 'en-GB')).toBe('–');
    expect(fmtP(0.0493, 'de-DE')).toBe('0,049');
  });
  it('counts and line lists', () => {
    expect(fmtInt(10761, 'en-GB')).toBe('10,761');
    expect(fmtInt(10761, 'zh-Hans-CN')).toBe('10,761');
    expect(linesText([3, 8, 12], 3, 'en-GB')).toBe('3, 8, 12');
    expect(linesText(Array.from({ length: 30 }, (_, i) => i + 1), 179, 'en-GB')).toMatch(/^1, 2, .*, 20 …$/);
  });
});

describe('settings and the selection', () => {
  it('settings: defaults for anything missing or bad', () => {
    expect(normalizeTargetsSettings(undefined)).toEqual({ ...DEFAULT_TARGETS_SETTINGS, network: { ...DEFAULT_TARGETS_SETTINGS.network } });
    const s = normalizeTargetsSettings({ source: 'list', list: 'miR-16', foldChange: 1.5, minSize: 10, maxSize: 3, network: { mode: 'bipartite', maxP: 7, adjust: 'BH', seed: 4 }, targetsId: 'x', gmtId: '' });
    expect(s.source).toBe('list');
    expect(s.foldChange).toBe(1.5);
    expect(s.minSize).toBe(10);
    expect(s.maxSize).toBe(500); // below minSize → default
    expect(s.network).toMatchObject({ mode: 'bipartite', maxP: 0.05, adjust: 'BH', seed: 4 });
    expect(s.targetsId).toBe('x');
    expect(s.gmtId).toBeNull();
    expect(normalizeTargetsSettings({ source: 'cluster', foldChange: 0.5 }).source).toBe('down');
    expect(normalizeTargetsSettings({ foldChange: 0.5 }).foldChange).toBe(2);
  });
  it('up/down lists at another fold change; the analysis’ own lists at its cut-off', () => {
    const row = (id: string, fc: number, adjP: number | null = null): DeRow => ({ id, logFC: Math.log2(fc), aveExpr: 8, t: null, p: null, adjP, foldChangeLinear: fc });
    const de = [row('a', 3), row('b', 1.7), row('c', 1 / 1.6), row('d', 1 / 2.5), row('e', 1), { ...row('f', 2), foldChangeLinear: null, logFC: null }];
    const a = { settings: { foldChangeCutoff: 2, foldChangeBasis: 'linear' as const }, de, up: ['a'], down: ['d'] } as never;
    expect(regulatedList(a, 'up', null)).toEqual(['a']);
    expect(regulatedList(a, 'down', 2)).toEqual(['d']);
    expect(regulatedList(a, 'up', 1.5)).toEqual(['a', 'b']);
    expect(regulatedList(a, 'down', 1.5)).toEqual(['c', 'd']);
    const withFilter = { settings: { foldChangeCutoff: 2, foldChangeBasis: 'log2' as const, maxAdjP: 0.05 }, de: [row('a', 3, 0.01), row('b', 1.7, 0.2)], up: [], down: [] } as never;
    expect(regulatedList(withFilter, 'up', 1.5)).toEqual(['a']);
  });
});
