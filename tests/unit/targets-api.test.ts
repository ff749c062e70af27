/**
 * The worker tasks of the Targets & network view (src/worker/api/targets-api.ts), run in Node as
 * the worker runs them: load reports of the real files (MIRZA-G headerless with Entrez ids and NaN
 * scores, the CRLF miR2Target table, MSigDB Hallmark, the Excel-mangled variants), and the analysis
 * for a list of miRNAs equal to the core functions (enrichMirnaTargets, synergyNetwork,
 * mirnaTargetGraph) — with the resource bytes sent once and asked for again after a restart.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { targetsApi, MISSING_RESOURCES, PREVIEW_ROWS, type ResourceBytes, type TargetsAnalysisRequest } from '../../src/worker/api/targets-api.ts';
import { readTargetTable } from '../../src/formats/targets.ts';
import { readGmt } from '../../src/formats/gmt.ts';
import { enrichMirnaTargets } from '../../src/stats/enrichment.ts';
import { mirnaTargetGraph, synergyNetwork } from '../../src/stats/mirna-network.ts';

const file = (path: string, id = path): ResourceBytes => {
  const b = readFileSync(path);
  return { id, name: path.split('/').pop()!, bytes: b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer };
};
const T = 'tests/fixtures/targets/';

describe('load reports of real files', () => {
  const api = targetsApi();
  it('MIRZA-G: headerless, 2311 pairs of one miRNA, Entrez ids, no row dropped; column 4 as score with a cut-off drops 179 NaN', async () => {
    const f = file(`${T}seed-mirza-g_all_mirnas_per_gene_scores_miR_124a.tab`, 'mirza');
    const r = await api.readTargetResource(f, {});
    expect([r.report.rowsRead, r.report.pairsKept, r.report.mirnas, r.report.genes]).toEqual([2311, 2311, 1, 2311]);
    expect(r.hasHeader).toBe(false);
    expect(r.report.geneIdType).toBe('entrez');
    expect(r.roles).toEqual({ mirna: 1, gene: 0, score: 2 });
    expect(r.preview.rows).toHaveLength(PREVIEW_ROWS);
    expect(r.preview.rows[0]).toEqual(['55119', 'hsa-miR-124-3p', '0.387844', '0.691903915441']);
    expect(r.preview.lines.slice(0, 3)).toEqual([1, 2, 3]);
    expect(r.scoreRange!.min).toBeLessThan(r.scoreRange!.median);
    const cut = await api.readTargetResource(file(`${T}seed-mirza-g_all_mirnas_per_gene_scores_miR_124a.tab`, 'mirza'), { columns: { score: 4 }, minScore: 0.5 });
    expect(cut.report.dropped.find((d) => d.reason === 'no-score')!.count).toBe(179);
  });
  it('miR2Target (CRLF, header mir,gene): 476 pairs, 155 miRNAs, 11 genes; the mangled copy flags 5 genes with lines', async () => {
    const r = await api.readTargetResource(file(`${T}miR2Target.csv`), {});
    expect([r.report.rowsRead, r.report.pairsKept, r.report.mirnas, r.report.genes]).toEqual([476, 476, 155, 11]);
    expect(r.preview.rows[0]).toEqual(['mir', 'gene']);
    const m = await api.readTargetResource(file(`${T}miR2Target.excel-mangled.csv`), {});
    expect(m.report.mangledGenes.map((x) => [x.line, x.text])).toEqual([[5, '2-Sep'], [6, '1-Mar'], [7, '1-Dec'], [8, '9-Sep'], [9, '2.31E+13']]);
  });
  it('Hallmark GMT: 50 sets, symbols, a preview of the first sets; the mangled copy flags 7 genes', async () => {
    const g = await api.readGmtResource(file(`${T}h.all.v7.0.symbols.gmt`));
    const ref = readGmt(new Uint8Array(readFileSync(`${T}h.all.v7.0.symbols.gmt`)), 'h.gmt');
    expect(g.report.sets).toBe(50);
    expect(g.report.genes).toBe(ref.report.genes);
    expect(g.geneIdType).toBe('symbol');
    expect(g.preview[0]).toMatchObject({ name: 'HALLMARK_TNFA_SIGNALING_VIA_NFKB', size: 200, line: 1 });
    expect(g.preview[0].genes).toHaveLength(10);
    const m = await api.readGmtResource(file(`${T}h.all.v7.0.symbols.excel-mangled.gmt`));
    expect(m.report.mangledGenes).toHaveLength(7);
  });
  it('a file that is not a target table is refused with its name', async () => {
    await expect(api.readTargetResource({ id: 'x', name: 'bad.csv', bytes: new TextEncoder().encode('a,b\n1,2\n').buffer as ArrayBuffer }, {})).rejects.toThrow(/bad\.csv/);
    await expect(api.readGmtResource({ id: 'y', name: 'bad.gmt', bytes: new TextEncoder().encode('no tabs here\n').buffer as ArrayBuffer })).rejects.toThrow(/bad\.gmt, line 1/);
  });
});

describe('the analysis equals the core functions', () => {
  const req = (mirnas: string[], over: Partial<TargetsAnalysisRequest> = {}): TargetsAnalysisRequest => ({
    targets: { id: 'demo-t', name: 'targets.tsv', options: {} },
    gmt: { id: 'demo-g', name: 'genesets.gmt' },
    mirnas,
    names: { preferArm: null },
    enrichment: { minSize: 5, maxSize: 500 },
    network: { maxP: 0.05, adjust: 'none', minShared: 1, minMirnas: 2, maxGenes: 150 },
    ...over,
  });
  const pairs = readTargetTable(new Uint8Array(readFileSync('public/demo/targets.tsv')), 'targets.tsv').pairs;
  const sets = readGmt(new Uint8Array(readFileSync('public/demo/genesets.gmt')), 'genesets.gmt').sets;
  const core = ['miR-15a-5p', 'hsa-miR-16-5p', 'HSA-MIR-17-5P', 'hsa-miR-20a', 'miR-99999', 'BCL2'];

  it('asks for the bytes it lacks, then keeps them; matching, targets, enrichment and both networks as the core', async () => {
    const api = targetsApi();
    expect(await api.targetResourcesMissing(['demo-t', 'demo-g'])).toEqual(['demo-t', 'demo-g']);
    const err = await api.targetsAnalysis(req(core)).catch((e) => e);
    expect((err as Error).name).toBe(MISSING_RESOURCES);
    const r = await api.targetsAnalysis(req(core), [file('public/demo/targets.tsv', 'demo-t'), file('public/demo/genesets.gmt', 'demo-g')]);
    expect(await api.targetResourcesMissing(['demo-t', 'demo-g'])).toEqual([]);
    const want = enrichMirnaTargets(pairs, sets, core);
    expect(r.match).toEqual(want.mirnas);
    expect(r.match.names).toEqual(['hsa-miR-15a-5p', 'hsa-miR-16-5p', 'hsa-miR-17-5p', 'hsa-miR-20a-5p']);
    expect(r.match.unmatched.map((u) => [u.input, u.reason])).toEqual([['miR-99999', 'not-found'], ['BCL2', 'not-a-mirna']]);
    expect(r.targetGenes).toEqual(want.targetGenes);
    expect(r.enrichment!.sets).toEqual(want.sets);
    expect([r.enrichment!.universe, r.enrichment!.targets]).toEqual([want.universe, want.targets]);
    expect(r.synergy).toEqual(synergyNetwork(pairs, r.match.names, { maxP: 0.05 }));
    expect(r.bipartite).toEqual(mirnaTargetGraph(pairs, r.match.names, { minMirnas: 2, maxGenes: 150 }));
    expect(r.table).toEqual({ fileName: 'targets.tsv', pairs: 10761, mirnas: 491, genes: 5887, geneIdType: 'symbol' });
    expect(r.gmt).toMatchObject({ fileName: 'genesets.gmt', sets: 55, geneIdType: 'symbol' });
    // the six core pairs are the synergy network's strongest edges
    expect(r.synergy.edges).toHaveLength(6);
    // the same call again re-uses the parsed tables (no bytes sent)
    const again = await api.targetsAnalysis(req(core, { network: { maxP: 1e-6, adjust: 'BH', minShared: 50, minMirnas: 1, maxGenes: 10 } }));
    expect(again.synergy.edges.every((e) => e.shared >= 50 && e.fdr <= 1e-6)).toBe(true);
    expect(again.bipartite.nodes.filter((n) => n.kind === 'gene')).toHaveLength(10);
  });

  it('preferArm resolves arm-less names; options of the table (cut-off) apply; no gene sets = no enrichment', async () => {
    const api = targetsApi();
    const arm = await api.targetsAnalysis(req(['hsa-miR-16', 'miR-21']), [file('public/demo/targets.tsv', 'demo-t'), file('public/demo/genesets.gmt', 'demo-g')]);
    expect(arm.match.matched.map((m) => [m.input, m.names, m.via])).toEqual([['hsa-miR-16', ['hsa-miR-16-5p'], 'arm'], ['miR-21', ['hsa-miR-21-5p'], 'arm']]);
    const three = await api.targetsAnalysis(req(['hsa-miR-21'], { names: { preferArm: '3p' } }));
    expect(three.match).toEqual(enrichMirnaTargets(pairsOf(), [], ['hsa-miR-21'], { preferArm: '3p' }).mirnas);
    const cut = await api.targetsAnalysis(req(PAPER, { targets: { id: 'demo-t', name: 'targets.tsv', options: { minScore: 0.8 } }, gmt: null }));
    const kept = readTargetTable(new Uint8Array(readFileSync('public/demo/targets.tsv')), 'targets.tsv', { minScore: 0.8 }).pairs;
    expect(cut.enrichment).toBeNull();
    expect(cut.gmt).toBeNull();
    expect(cut.table.pairs).toBe(kept.length);
    expect(cut.synergy).toEqual(synergyNetwork(kept, PAPER, { maxP: 0.05 }));
  });
});

const pairsOf = () => readTargetTable(new Uint8Array(readFileSync('public/demo/targets.tsv')), 'targets.tsv').pairs;
const PAPER = ['hsa-miR-15a-5p', 'hsa-miR-16-5p', 'hsa-miR-17-5p', 'hsa-miR-20a-5p'];
