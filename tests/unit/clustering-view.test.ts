/**
 * The pure parts of the clustering heatmap (src/views/clustering/*): dendrogram geometry, hit-testing
 * a click, subtrees, the cut into k clusters, colours, the row choice, the settings read-back, the
 * SVG figure and the exported tables; and the worker task on the Node kernels.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKernelsNode } from '../../src/kernels/load-node.ts';
import type { Kernels } from '../../src/kernels/kernels.ts';
import { clusterMatrix, cutree, hclustOrder, zScoreRows, type Hclust } from '../../src/stats/cluster.ts';
import { clusterApi } from '../../src/worker/api/cluster-api.ts';
import {
  autoLimits, colorIndex, colorOf, colorScale, groupColors, paletteLut, LUT_SIZE, NA_COLOR, NO_GROUP_COLOR,
} from '../../src/views/clustering/colors.ts';
import {
  clusterSizes, clustersInDisplayOrder, cutHeight, dendrogramSegments, drawnCut, drawnHeights, layoutDendrogram, stepAt, stepClusters, subtreeLabels,
  subtreeObservations,
} from '../../src/views/clustering/dendrogram.ts';
import { binnedRows, buildHeatmap, cutHeatmap, valueAt } from '../../src/views/clustering/model.ts';
import { rowMatrix, searchTerms, selectRows } from '../../src/views/clustering/rows.ts';
import { clusterKey, clusteringSettings, DEFAULT_CLUSTERING_SETTINGS } from '../../src/views/clustering/settings.ts';
import { heatmapSvg, type HeatmapSvgOptions } from '../../src/views/clustering/heatmap-svg.ts';
import { clusterSizeRows, membershipTable, orderedMatrixTable } from '../../src/views/clustering/tables.ts';
import { count, fixed, heightMeaning, keyMeaning, methodsText } from '../../src/views/clustering/format.ts';

/** A hand-made tree of 4 observations: {2,4} at 1, then 1 joins at 2, then 3 at 4 → order 3 1 2 4. */
function handTree(): Hclust {
  const merge = Int32Array.from([-2, -4, -1, 1, -3, 2]);
  return { n: 4, merge, height: Float64Array.from([1, 2, 4]), order: hclustOrder(merge, 4), labels: ['a', 'b', 'c', 'd'], method: 'average', distance: 'euclidean' };
}

describe('dendrogram geometry', () => {
  const t = handTree();
  const d = layoutDendrogram(t);

  it('leaves sit at their position in `order` (+ 0.5); a merge sits between its children at its height', () => {
    expect(Array.from(t.order)).toEqual([3, 1, 2, 4]);
    expect(Array.from(d.pos)).toEqual([1, 2, 0, 3]); // obs a at position 1, b at 2, c at 0, d at 3
    expect(Array.from(d.x)).toEqual([3, 2.25, 1.375]); // (2.5+3.5)/2, (1.5+3)/2, (0.5+2.25)/2
    expect(Array.from(d.h)).toEqual([1, 2, 4]);
    expect(d.maxHeight).toBe(4);
    expect([Array.from(d.start), Array.from(d.end)]).toEqual([[2, 1, 0], [4, 4, 4]]);
    expect(Array.from(d.parent)).toEqual([1, 0, 2, 0, 1, 2, -1]);
  });

  it('segments follow order along the leaves and scale with height across (row and column orientation)', () => {
    const rows = dendrogramSegments(d, { orientation: 'rows', leaf: (x) => x * 10, height: (h) => 100 - h * 20 });
    expect(rows).toHaveLength(9);
    // step 0: bar at x = 100 − 1·20 = 80 from leaf b (y 25) to leaf d (y 35); branches from the leaves (x 100)
    expect(rows.slice(0, 3)).toEqual([[80, 25, 80, 35], [100, 25, 80, 25], [100, 35, 80, 35]]);
    // root: bar at height 4 (x 20) from c (y 5) to step 1 (y 22.5); step 1's branch starts at its own height (x 60)
    expect(rows.slice(6)).toEqual([[20, 5, 20, 22.5], [100, 5, 20, 5], [60, 22.5, 20, 22.5]]);
    const cols = dendrogramSegments(d, { orientation: 'columns', leaf: (x) => x * 10, height: (h) => 100 - h * 20 });
    expect(cols[0]).toEqual([25, 80, 35, 80]);
    // a taller tree gives proportionally taller merges
    const tall = layoutDendrogram({ ...t, height: Float64Array.from([2, 4, 8]) });
    const tallRows = dendrogramSegments(tall, { orientation: 'rows', leaf: (x) => x * 10, height: (h) => 100 - (h / tall.maxHeight) * 80 });
    expect(tallRows.slice(0, 3)).toEqual(rows.slice(0, 3));
  });

  it('a click selects the bar it is on, else the branch it is beside; nothing on a leaf or above the root', () => {
    expect(stepAt(d, 2.7, 1.05, 0.1)).toBe(0); // on the bar of {b, d}
    expect(stepAt(d, 2.7, 1.5, 0.1)).toBe(0); // beside the branch above {b, d}
    expect(stepAt(d, 2.7, 3, 0.1)).toBe(1); // beside the branch of {a, b, d}
    expect(stepAt(d, 0.2, 3.95, 0.1)).toBe(2); // on the root bar, from leaf c
    expect(stepAt(d, 2.7, 0.5, 0.1)).toBeNull(); // the leaf b itself
    expect(stepAt(d, 2.7, 5, 0.1)).toBeNull(); // above the root
    expect(stepAt(d, -1, 1, 0.1)).toBeNull();
    expect(stepAt(d, 4, 1, 0.1)).toBeNull();
  });

  it('with bars close together, a click takes the nearest bar within reach', () => {
    // bars of steps 0 and 1 at 1 and 2; a tolerance of 0.6 reaches both from 1.45 and from 1.55
    expect(stepAt(d, 2.7, 1.45, 0.6)).toBe(0);
    expect(stepAt(d, 2.7, 1.55, 0.6)).toBe(1);
  });

  it('tree scales: linear = height / root, square root spreads low merges, merge order = topology', () => {
    expect(Array.from(drawnHeights(d, 'linear'))).toEqual([0.25, 0.5, 1]);
    expect(Array.from(drawnHeights(d, 'sqrt'))).toEqual([0.5, Math.sqrt(0.5), 1]);
    expect(Array.from(drawnHeights(d, 'rank'))).toEqual([1 / 3, 2 / 3, 1]);
    // hit-testing on a drawn scale: the same clicks in drawn units
    const hs = drawnHeights(d, 'rank');
    expect(stepAt(d, 2.7, 1 / 3, 0.05, hs)).toBe(0);
    expect(stepAt(d, 2.7, 0.5, 0.05, hs)).toBe(0);
    expect(stepAt(d, 0.2, 1, 0.05, hs)).toBe(2);
    // segments on a drawn scale
    const segs = dendrogramSegments(d, { orientation: 'rows', leaf: (x) => x, height: (t) => 100 - 100 * t }, hs);
    expect(segs[0][0]).toBeCloseTo(100 - 100 / 3, 12);
    // the cut line lies between the merges it separates, on any scale
    expect(drawnCut(hs, 4, 2)).toBeCloseTo(5 / 6, 12);
    expect(drawnCut(drawnHeights(d, 'linear'), 4, 2)).toBe(cutHeight(t, 2) / 4);
  });

  it('a subtree is the run of leaves under the step, in display order', () => {
    expect(Array.from(subtreeObservations(d, 0))).toEqual([1, 3]);
    expect(subtreeLabels(d, 1)).toEqual(['a', 'b', 'd']);
    expect(subtreeLabels(d, 2)).toEqual(['c', 'a', 'b', 'd']);
  });

  it('cutting: the line lies between the last merge kept and the first left out; branches take their cluster', () => {
    expect(cutHeight(t, 2)).toBe(3);
    expect(cutHeight(t, 3)).toBe(1.5);
    expect(cutHeight(t, 4)).toBe(0.5);
    expect(cutHeight(t, 1)).toBeGreaterThan(4);
    const cl = cutree(t, 2);
    expect(Array.from(cl)).toEqual([1, 1, 2, 1]);
    expect(Array.from(stepClusters(t, cl))).toEqual([1, 1, 0]);
    expect(clusterSizes(cl, 2)).toEqual([0, 3, 1]);
    expect(clustersInDisplayOrder(t, cl)).toEqual([2, 1]);
  });
});

describe('colours', () => {
  it('maps low → first stop, high → last, the middle → white, clamps, NaN → grey', () => {
    const s = colorScale('bwr', -2, 2);
    expect(colorOf(s, -2)).toBe('#053061');
    expect(colorOf(s, 2)).toBe('#67001f');
    expect(colorOf(s, -10)).toBe('#053061');
    expect(colorOf(s, 99)).toBe('#67001f');
    expect(colorOf(s, 0)).toMatch(/^#f[5-8]f[5-8]f[5-8]$/);
    expect(colorOf(s, NaN)).toBe(NA_COLOR);
    expect(colorIndex(s, NaN)).toBe(-1);
    expect(colorIndex(s, 1)).toBe(Math.round(0.75 * (LUT_SIZE - 1)));
    // equal limits do not divide by zero
    const flat = colorScale('puor', 3, 3);
    expect([flat.low, flat.high]).toEqual([2.5, 3.5]);
  });
  it('lookup tables interpolate between stops; the MEV scale is green–black–red', () => {
    const lut = paletteLut('gkr', 3);
    expect(Array.from(lut)).toEqual([0, 255, 0, 0, 0, 0, 255, 0, 0]);
    expect(paletteLut('bwr')).toHaveLength(LUT_SIZE * 3);
  });
  it('automatic limits: symmetric for z-scores (99th percentile of |z|), percentiles otherwise', () => {
    const z = Float64Array.from({ length: 1000 }, (_, i) => (i - 500) / 250); // −2 … 1.996
    expect(autoLimits(z, true)).toEqual({ low: -2, high: 2 });
    const raw = Float64Array.from({ length: 101 }, (_, i) => 5 + i / 10); // 5 … 15
    expect(autoLimits(raw, false)).toEqual({ low: 5.1, high: 14.9 });
    expect(autoLimits([NaN], false)).toEqual({ low: -1, high: 1 });
  });
  it('groups get distinct colours in order of appearance; no group is light grey', () => {
    const g = groupColors(['R', 'R', '', 'S']);
    expect(g.get('R')).not.toBe(g.get('S'));
    expect(g.get('')).toBe(NO_GROUP_COLOR);
  });
});

describe('words and numbers', () => {
  it('merge heights read as correlations for the correlation distances only', () => {
    expect(heightMeaning('pearson', 'average', 0.007, 'en-GB')).toBe('mean Pearson r between its two sub-branches 0.993');
    expect(heightMeaning('spearman', 'complete', 0.25, 'en-GB')).toBe('every pair across its two sub-branches has Spearman ρ ≥ 0.750');
    expect(heightMeaning('euclidean', 'average', 3, 'en-GB')).toBe('');
    expect(heightMeaning('pearson', 'ward', 0.5, 'en-GB')).toBe('');
  });
  it('the key says which colour is above the probe’s mean; numbers through Intl', () => {
    expect(keyMeaning('bwr', true)).toContain('red = above that probe\'s mean');
    expect(keyMeaning('puor', false)).toBe('orange = high expression, purple = low expression (normalized log2).');
    expect(count(20000, 'en-GB')).toBe('20,000');
    expect(fixed(-1.2, 'de-DE', 2)).toBe('-1,20');
    expect(fixed(NaN, 'en-GB', 2)).toBe('–');
  });
  it('the methods paragraph states every setting and the R call', () => {
    const t = methodsText({ rows: 171, arrays: 6, rowSource: 'de', de: { up: 83, down: 88, reference: 'Bz-responsive', comparison: 'Bz-resistant', cutoff: 2 },
      distance: 'pearson', linkage: 'weighted', zScore: true, axis: 'both', k: 2, leftOut: 0, loc: 'en-GB' });
    expect(t).toContain('The 171 differentially expressed probes (83 higher and 88 lower in Bz-resistant than in Bz-responsive, fold change ≥ 2.0)');
    expect(t).toContain('method = "mcquitty"');
    expect(t).toContain('cutree(tree, k = 2)');
  });
});

describe('row choice and settings', () => {
  const a = {
    probes: ['miR-1', 'miR-15a', 'miR-16', 'flat', 'empty', 'zero'],
    log2: [Float64Array.from([1, 2, 3, 5, NaN, 0]), Float64Array.from([2, 1, 4, 5, NaN, 0]), Float64Array.from([3, 3, 1, 5, NaN, 0])],
    up: ['miR-16'], down: ['miR-1', 'flat'],
  };
  it('DE list = up ∪ down in analysis order; constant probes are left out with z-scores or a correlation', () => {
    const r = selectRows(a, { rows: 'de', search: '', distance: 'pearson', zScore: true });
    expect(Array.from(r.index)).toEqual([0, 2]);
    expect(r.leftOut).toEqual([{ probe: 'flat', reason: 'constant' }]);
    expect(r.matched).toBe(3);
  });
  it('all probes; the reasons depend on the distance and z-scoring', () => {
    const eu = selectRows(a, { rows: 'all', search: '', distance: 'euclidean', zScore: false });
    expect(Array.from(eu.index)).toEqual([0, 1, 2, 3, 5]);
    expect(eu.leftOut).toEqual([{ probe: 'empty', reason: 'noValues' }]);
    const cos = selectRows(a, { rows: 'all', search: '', distance: 'cosine', zScore: false });
    expect(cos.leftOut.map((x) => x.reason)).toEqual(['noValues', 'allZero']);
  });
  it('search: any term, case-insensitive, ASCII or CJK separators', () => {
    expect(searchTerms(' MIR-15a，miR-16; ')).toEqual(['mir-15a', 'mir-16']);
    const r = selectRows(a, { rows: 'search', search: 'mir-15 MIR-16', distance: 'euclidean', zScore: false });
    expect(Array.from(r.index)).toEqual([1, 2]);
    expect(selectRows(a, { rows: 'search', search: '  ', distance: 'euclidean', zScore: false }).matched).toBe(0);
  });
  it('rowMatrix gathers the rows column-major', () => {
    expect(Array.from(rowMatrix(a.log2, Int32Array.from([2, 0])))).toEqual([3, 1, 4, 2, 1, 3]);
  });
  it('settings read back field by field; only clustering fields change the key', () => {
    expect(clusteringSettings(undefined)).toEqual(DEFAULT_CLUSTERING_SETTINGS);
    expect(DEFAULT_CLUSTERING_SETTINGS).toMatchObject({ rows: 'de', distance: 'pearson', linkage: 'average', zScore: true, axis: 'both' });
    const s = clusteringSettings({ rows: 'all', distance: 'nope', linkage: 'weighted', k: 3, limits: { low: 2, high: 1 }, palette: 'puor' });
    expect(s).toMatchObject({ rows: 'all', distance: 'pearson', linkage: 'weighted', k: 3, limits: null, palette: 'puor' });
    expect(clusteringSettings({ k: 1 }).k).toBeNull();
    expect(clusterKey({ ...s, k: 5, palette: 'bwr', limits: { low: 0, high: 1 } })).toBe(clusterKey(s));
    expect(clusterKey({ ...s, linkage: 'ward' })).not.toBe(clusterKey(s));
  });
});

describe('heatmap model, SVG and tables on a real clustering', () => {
  let k: Kernels;
  beforeAll(() => { k = loadKernelsNode(); });

  /** 12 probes in 3 planted patterns over 6 arrays (2 groups). */
  function planted(nRows = 12) {
    const patterns = [[1, 2, 3, 4, 5, 6], [6, 5, 4, 3, 2, 1], [1, 6, 1, 6, 1, 6]];
    const probes = Array.from({ length: nRows }, (_, i) => `hsa-miR-${100 + i}`);
    const values = new Float64Array(nRows * 6);
    for (let i = 0; i < nRows; i++) for (let j = 0; j < 6; j++) values[j * nRows + i] = 8 + patterns[i % 3][j] + 0.1 * Math.sin(i * 7 + j);
    return { probes, values, arrays: ['R1', 'R2', 'R3', 'S1', 'S2', 'S3'], groups: ['Bz-responsive', 'Bz-responsive', 'Bz-responsive', 'Bz-resistant', 'Bz-resistant', 'Bz-resistant'] };
  }

  function model(nRows = 12) {
    const p = planted(nRows);
    const input = { values: p.values, nRows, nCols: 6, rowLabels: p.probes, colLabels: p.arrays };
    const opts = { distance: 'pearson' as const, linkage: 'average' as const, zScore: true };
    const rowTree = clusterMatrix(k, input, opts);
    const colTree = clusterMatrix(k, input, { ...opts, axis: 'columns' });
    const display = zScoreRows(p.values, nRows, 6);
    const settings = { ...DEFAULT_CLUSTERING_SETTINGS, k: 3 };
    const d = buildHeatmap({ probes: p.probes, arrays: p.arrays, groups: p.groups, log2: p.values, display, rowTree, colTree, settings,
      regulation: Int8Array.from({ length: nRows }, (_, i) => (i % 3 === 0 ? 1 : i % 3 === 1 ? -1 : 0)) });
    return { d, p, display };
  }

  const svgOpts = (d: ReturnType<typeof model>['d'], over: Partial<HeatmapSvgOptions> = {}): HeatmapSvgOptions => ({
    title: 'Heatmap <test> & co', caption: ['1 − Pearson correlation, average (UPGMA) linkage'], scale: colorScale('bwr', -2, 2), cut: cutHeatmap(d, 3),
    locale: 'en-GB', keyTitle: 'Row z-score', clusterLabel: (c) => `Cluster ${c}`, missingLabel: 'missing', ...over,
  });

  it('display order follows the trees; valueAt reads the matrix through both orders', () => {
    const { d, display } = model();
    expect(Array.from(d.rowOrder)).toEqual(Array.from(d.rowTree!.order, (o) => o - 1));
    expect(Array.from(d.colOrder)).toEqual(Array.from(d.colTree!.order, (o) => o - 1));
    for (let p = 0; p < d.nRows; p++) {
      expect(d.rowPos[d.rowOrder[p]]).toBe(p);
      expect(valueAt(d, p, 0)).toBe(display[d.colOrder[0] * d.nRows + d.rowOrder[p]]);
    }
    // the three planted patterns are the three clusters, 4 probes each
    const cut = cutHeatmap(d, 3)!;
    expect(cut.sizes.slice(1)).toEqual([4, 4, 4]);
    expect(Array.from(cut.clusters)).toEqual(Array.from({ length: 12 }, (_, i) => (i % 3) + 1));
    expect(cutHeatmap(d, null)).toBeNull();
    expect(cutHeatmap(d, 13)).toBeNull();
    expect(clusterSizeRows(d, cut).map((r) => [r.size, r.up, r.down]).sort()).toEqual([[4, 0, 0], [4, 0, 4], [4, 4, 0]]);
  });

  it('binnedRows averages consecutive display rows, NaN ignored', () => {
    const { d } = model();
    const b = binnedRows(d, 5);
    expect(b.bins).toBe(3);
    const mean = (p0: number, p1: number, q: number) => { let s = 0; for (let p = p0; p < p1; p++) s += valueAt(d, p, q); return s / (p1 - p0); };
    expect(b.values[0]).toBeCloseTo(mean(0, 5, 0), 12);
    expect(b.values[2 * 6 + 5]).toBeCloseTo(mean(10, 12, 5), 12);
  });

  it('SVG: one cell per row and column (same-colour runs merged), both dendrograms, cut line, names, key', () => {
    const { d } = model();
    const r = heatmapSvg(d, svgOpts(d));
    expect(r.bin).toBe(1);
    expect(r.svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(r.svg).toContain('Heatmap &lt;test&gt; &amp; co');
    const cellRects = r.svg.match(/<g class="cells"[^>]*>(.*?)<\/g>/)![1].match(/<rect /g)!.length;
    expect(cellRects).toBeGreaterThan(6);
    expect(cellRects).toBeLessThanOrEqual(12 * 6);
    expect(r.svg.match(/class="row-dendrogram"/g)!.length).toBeGreaterThanOrEqual(3); // one path per cluster colour + grey above the cut
    expect(r.svg).toContain('class="col-dendrogram"');
    expect(r.svg).toContain('class="cut-line"');
    expect(r.svg.match(/class="probe-label"/g)).toHaveLength(12);
    expect(r.svg.match(/class="array-label"/g)).toHaveLength(6);
    expect(r.svg.match(/class="group-bar"/g)).toHaveLength(6);
    expect(r.svg).toContain('≤ -2');
    expect(r.svg).toContain('Cluster 1 (n = 4)');
    // the probe names come in heatmap order
    const names = [...r.svg.matchAll(/class="probe-label"[^>]*>([^<]+)</g)].map((m) => m[1]);
    expect(names).toEqual(Array.from(d.rowOrder, (i) => d.probes[i]));
    // balanced text elements (well-formed enough for a browser and Inkscape)
    expect(r.svg.match(/<text/g)!.length).toBe(r.svg.match(/<\/text>/g)!.length);
  });

  it('SVG of many rows: no names above 200 rows; cells averaged in groups above maxCellRows, and said so', () => {
    const { d } = model(300);
    const r = heatmapSvg(d, svgOpts(d, { cut: null, maxCellRows: 100, binnedNote: (bin, rows) => `mean of ${bin} of ${rows}` }));
    expect(r.bin).toBe(3);
    expect(r.svg).not.toContain('class="probe-label"');
    expect(r.svg).toContain('mean of 3 of 300');
    const cellRects = r.svg.match(/<g class="cells"[^>]*>(.*?)<\/g>/)![1].match(/<rect /g)!.length;
    expect(cellRects).toBeLessThanOrEqual(100 * 6);
    // the dendrogram still has every leaf: 299 merges × 3 segments
    const path = r.svg.match(/class="row-dendrogram" d="([^"]+)"/)![1];
    expect(path.match(/M/g)).toHaveLength(299 * 3);
  });

  it('tables: the ordered matrix in heatmap order with the cluster column; membership by position', () => {
    const { d } = model();
    const cut = cutHeatmap(d, 3)!;
    const t = orderedMatrixTable(d, cut, 'm');
    expect(t.columns).toEqual(['Probe', 'Cluster (k = 3)', ...Array.from(d.colOrder, (j) => d.arrays[j])]);
    expect(t.rows[0][0]).toBe(d.probes[d.rowOrder[0]]);
    expect(t.rows[0][1]).toBe(cut.clusters[d.rowOrder[0]]);
    expect(t.rows[0][2]).toBe(valueAt(d, 0, 0));
    const m = membershipTable(d, cut, 'members');
    expect(m.rows.map((r) => r[2])).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(m.rows.filter((r) => r[3] === 'up')).toHaveLength(4);
  });

  it('the worker task gives clusterMatrix’s trees and the row z-scores, with phased progress', async () => {
    const p = planted();
    const phases: string[] = [];
    const api = clusterApi(() => k);
    const r = await api.clusterHeatmap({
      values: p.values.slice(), nRows: 12, nCols: 6, rowLabels: p.probes, colLabels: p.arrays, distance: 'pearson', linkage: 'average', zScore: true, axis: 'both',
    }, (x) => { if (!phases.includes(x.phase!)) phases.push(x.phase!); });
    const input = { values: p.values, nRows: 12, nCols: 6, rowLabels: p.probes, colLabels: p.arrays };
    const rows = clusterMatrix(k, input, { distance: 'pearson', linkage: 'average', zScore: true });
    expect(Array.from(r.rows!.merge)).toEqual(Array.from(rows.merge));
    expect(Array.from(r.rows!.height)).toEqual(Array.from(rows.height));
    expect(Array.from(r.columns!.order)).toEqual(Array.from(clusterMatrix(k, input, { distance: 'pearson', linkage: 'average', zScore: true, axis: 'columns' }).order));
    expect(Array.from(r.display)).toEqual(Array.from(zScoreRows(p.values, 12, 6)));
    expect(phases).toEqual(['rows:distance', 'rows:linkage', 'columns:distance', 'columns:linkage']);
    const onlyCols = await api.clusterHeatmap({
      values: p.values.slice(), nRows: 12, nCols: 6, rowLabels: p.probes, colLabels: p.arrays, distance: 'euclidean', linkage: 'ward', zScore: false, axis: 'columns',
    });
    expect(onlyCols.rows).toBeNull();
    expect(Array.from(onlyCols.display)).toEqual(Array.from(p.values));
  });
});
