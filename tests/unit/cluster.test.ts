import { describe, expect, it } from 'vitest';
import { loadKernelsNode } from '../../src/kernels/load-node.ts';
import type { LinkageSteps } from '../../src/kernels/cluster.ts';
import { distanceMatrixRef, linkageRef } from '../../src/stats/cluster-reference.ts';
import {
  ClusterError, clusterMatrix, cophenetic, copheneticRow, cutree, cutreeHeight, hclustOrder, mergeRows, toHclust, toNewick, zScoreRows,
} from '../../src/stats/cluster.ts';

/** Merges in "algorithm order" for 5 points: {3,4} at 1, {0,1} at 0.5, {0,1}∪{3,4} at 2, then point 2 at 3. */
const steps: LinkageSteps = {
  n: 5, method: 'average', precision: 'f64',
  a: Int32Array.from([3, 0, 1, 2]), b: Int32Array.from([4, 1, 4, 4]), height: Float64Array.from([1, 0.5, 2, 3]),
};

describe("R's hclust convention", () => {
  const tree = toHclust(steps, ['a', 'b', 'c', 'd', 'e']);

  it('sorts by height and relabels: negative = observation, positive = earlier merge, smaller node first', () => {
    expect(mergeRows(tree)).toEqual([[-1, -2], [-4, -5], [1, 2], [-3, 3]]);
    expect(Array.from(tree.height)).toEqual([0.5, 1, 2, 3]);
    expect(tree.labels).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('order is the left-to-right leaf order of the merge matrix (fastcluster order_nodes / hcass2)', () => {
    expect(Array.from(tree.order)).toEqual([3, 1, 2, 4, 5]);
    expect(Array.from(hclustOrder(Int32Array.from([-2, -1]), 2))).toEqual([2, 1]);
  });

  it('a singleton is listed before a cluster; two clusters by age; two observations by index', () => {
    // step order chosen so the union-find sees the larger node first
    const t = toHclust({ n: 4, method: 'complete', precision: 'f64', a: Int32Array.from([2, 0, 1]), b: Int32Array.from([3, 1, 3]), height: Float64Array.from([1, 2, 3]) });
    expect(mergeRows(t)).toEqual([[-3, -4], [-1, -2], [1, 2]]);
    const u = toHclust({ n: 3, method: 'complete', precision: 'f64', a: Int32Array.from([1, 0]), b: Int32Array.from([2, 2]), height: Float64Array.from([1, 2]) });
    expect(mergeRows(u)).toEqual([[-2, -3], [-1, 1]]);
  });

  it('tied heights keep the algorithm order (stable sort); centroid/median keep it even when heights decrease', () => {
    const tied = toHclust({ n: 4, method: 'single', precision: 'f64', a: Int32Array.from([2, 0, 0]), b: Int32Array.from([3, 1, 3]), height: Float64Array.from([1, 1, 2]) });
    expect(mergeRows(tied)).toEqual([[-3, -4], [-1, -2], [1, 2]]);
    const inv = toHclust({ n: 3, method: 'centroid', precision: 'f64', a: Int32Array.from([0, 1]), b: Int32Array.from([1, 2]), height: Float64Array.from([2, 1.5]) });
    expect(mergeRows(inv)).toEqual([[-1, -2], [-3, 1]]);
    expect(Array.from(inv.height)).toEqual([2, 1.5]);
  });

  it('cutree numbers clusters by their first observation (stats::cutree)', () => {
    expect(Array.from(cutree(tree, 1))).toEqual([1, 1, 1, 1, 1]);
    expect(Array.from(cutree(tree, 2))).toEqual([1, 1, 2, 1, 1]);
    expect(Array.from(cutree(tree, 3))).toEqual([1, 1, 2, 3, 3]);
    expect(Array.from(cutree(tree, 5))).toEqual([1, 2, 3, 4, 5]);
    expect(() => cutree(tree, 0)).toThrow(RangeError);
    expect(() => cutree(tree, 6)).toThrow(RangeError);
    expect(Array.from(cutreeHeight(tree, 1.5))).toEqual([1, 1, 2, 3, 3]);
    expect(Array.from(cutreeHeight(tree, 0.5))).toEqual([1, 1, 2, 3, 4]);
    const inv = toHclust({ n: 3, method: 'centroid', precision: 'f64', a: Int32Array.from([0, 1]), b: Int32Array.from([1, 2]), height: Float64Array.from([2, 1.5]) });
    expect(() => cutreeHeight(inv, 1.7)).toThrow(/not sorted/);
  });

  it('cophenetic distances: the height of the merge that first joins two observations', () => {
    // dist order: (1,2) (1,3) (1,4) (1,5) (2,3) (2,4) (2,5) (3,4) (3,5) (4,5)
    expect(Array.from(cophenetic(tree))).toEqual([0.5, 3, 2, 2, 3, 2, 2, 3, 3, 1]);
    expect(Array.from(copheneticRow(tree, 3))).toEqual([2, 2, 3, 0, 1]);
    expect(Array.from(copheneticRow(tree, 2))).toEqual([3, 3, 0, 3, 3]);
  });

  it('Newick: leaves in dendrogram order, branch = parent height − child height, quoted labels', () => {
    expect(toNewick(tree)).toBe('(c:3,((a:0.5,b:0.5):1.5,(d:1,e:1):1):1);');
    expect(toNewick(tree, { half: true })).toBe('(c:1.5,((a:0.25,b:0.25):0.75,(d:0.5,e:0.5):0.5):0.5);');
    const q = toHclust({ n: 2, method: 'average', precision: 'f64', a: Int32Array.from([0]), b: Int32Array.from([1]), height: Float64Array.from([4]) }, ["it's", 'hsa-miR-15a (x)']);
    expect(toNewick(q)).toBe("('it''s':4,'hsa-miR-15a (x)':4);");
  });

  it('Newick of a deep chain (single linkage on a line of 20 000 points) needs no recursion', () => {
    const n = 20_000;
    const a = Int32Array.from({ length: n - 1 }, (_, s) => s);
    const b = Int32Array.from({ length: n - 1 }, (_, s) => s + 1);
    const t = toHclust({ n, method: 'single', precision: 'f64', a, b, height: Float64Array.from({ length: n - 1 }, (_, s) => s + 1) });
    const nwk = toNewick(t);
    // each point joins the cluster of all earlier ones: the observation comes first in its row
    expect(mergeRows(t).slice(0, 2)).toEqual([[-1, -2], [-3, 1]]);
    expect(nwk.startsWith(`(${n}:${n - 1},(${n - 1}:${n - 2},(`)).toBe(true);
    expect(nwk.split('(').length - 1).toBe(n - 1);
    expect(nwk.endsWith(`(1:1,2:1)${':1)'.repeat(n - 2)};`)).toBe(true);
    expect(copheneticRow(t, 0)[n - 1]).toBe(n - 1);
  });
});

describe('row z-scores (R: t(scale(t(x))))', () => {
  it('centres and scales each row with the n − 1 SD, NA ignored; zero SD gives NaN as in R', () => {
    // 3 rows × 4 columns, column-major
    const rows = [[1, 2, 3, NaN], [2, 2, 2, 2], [5, NaN, NaN, NaN]];
    const x = new Float64Array(12);
    rows.forEach((r, i) => r.forEach((v, j) => { x[j * 3 + i] = v; }));
    const z = zScoreRows(x, 3, 4);
    expect([z[0], z[3], z[6], z[9]]).toEqual([-1, 0, 1, NaN]);
    expect(Number.isNaN(z[1])).toBe(true);
    expect(Number.isNaN(z[2])).toBe(true);
  });
});

describe('clusterMatrix (orchestration)', () => {
  const k = loadKernelsNode();
  const nRows = 7, nCols = 4;
  const values = Float64Array.from({ length: nRows * nCols }, (_, i) => Math.sin(i * 1.7) * 3 + (i % 5));
  const rowLabels = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7'];
  const colLabels = ['A', 'B', 'C', 'D'];

  it('rows: the naive reference on the transposed matrix; columns: the same on the columns', () => {
    const rows = clusterMatrix(k, { values, nRows, nCols, rowLabels, colLabels }, { distance: 'pearson', linkage: 'average' });
    const xr = new Float64Array(nRows * nCols);
    for (let i = 0; i < nRows; i++) for (let j = 0; j < nCols; j++) xr[i * nCols + j] = values[j * nRows + i];
    const want = toHclust(linkageRef(distanceMatrixRef(xr, nRows, nCols, 'pearson'), nRows, 'average'));
    expect(Array.from(rows.merge)).toEqual(Array.from(want.merge));
    rows.height.forEach((h, s) => expect(h).toBeCloseTo(want.height[s], 12));
    expect(rows.labels).toEqual(rowLabels);
    expect(rows.distance).toBe('pearson');

    const cols = clusterMatrix(k, { values, nRows, nCols, rowLabels, colLabels }, { distance: 'euclidean', linkage: 'ward', axis: 'columns' });
    const wantC = toHclust(linkageRef(distanceMatrixRef(values, nCols, nRows, 'euclidean'), nCols, 'ward'));
    expect(Array.from(cols.merge)).toEqual(Array.from(wantC.merge));
    expect(cols.labels).toEqual(colLabels);
  });

  it('z-scoring rows before Euclidean distances matches z-scoring by hand', () => {
    const a = clusterMatrix(k, { values, nRows, nCols }, { distance: 'euclidean', linkage: 'complete', zScore: true });
    const b = clusterMatrix(k, { values: zScoreRows(values, nRows, nCols), nRows, nCols }, { distance: 'euclidean', linkage: 'complete' });
    expect(a.merge).toEqual(b.merge);
    expect(a.height).toEqual(b.height);
  });

  it('problems name the row (or column) in a localized message', () => {
    const withNA = values.slice();
    for (let j = 0; j < nCols; j++) withNA[j * nRows + 1] = NaN;
    const err = (f: () => unknown) => { try { f(); } catch (e) { return e as ClusterError; } throw new Error('no error'); };
    let e = err(() => clusterMatrix(k, { values: withNA, nRows, nCols, rowLabels }, { distance: 'euclidean', linkage: 'average' }));
    expect(e).toBeInstanceOf(ClusterError);
    expect(e.message).toBe('p2 has no values, so it cannot be clustered');
    expect(e.at).toEqual({ row: 1 });

    const flat = values.slice();
    for (let j = 0; j < nCols; j++) flat[j * nRows + 4] = 7;
    e = err(() => clusterMatrix(k, { values: flat, nRows, nCols, rowLabels }, { distance: 'spearman', linkage: 'average' }));
    expect(e.message).toBe('p5 has fewer than two distinct values: its correlation distance is undefined');
    e = err(() => clusterMatrix(k, { values: flat, nRows, nCols, rowLabels }, { distance: 'euclidean', linkage: 'average', zScore: true }));
    expect(e.message).toBe('p5 has zero standard deviation, so it cannot be z-scored');

    const inf = values.slice();
    inf[2 * nRows + 3] = -Infinity;
    e = err(() => clusterMatrix(k, { values: inf, nRows, nCols, rowLabels, colLabels }, { distance: 'euclidean', linkage: 'average' }));
    expect(e.message).toBe('p4 has an infinite value in C; clustering needs finite numbers');
    expect(e.at).toEqual({ row: 3, column: 2 });

    const zeroCol = values.slice();
    zeroCol.fill(0, nRows, 2 * nRows);
    e = err(() => clusterMatrix(k, { values: zeroCol, nRows, nCols, colLabels }, { distance: 'cosine', linkage: 'average', axis: 'columns' }));
    expect(e.message).toBe('B is all zeros: its cosine distance is undefined');
    expect(e.at).toEqual({ column: 1 });

    const huge = values.slice();
    for (let j = 0; j < nCols; j++) huge[j * nRows + 5] = (j % 2 ? -1 : 1) * 1e200;
    e = err(() => clusterMatrix(k, { values: huge, nRows, nCols, rowLabels }, { distance: 'euclidean', linkage: 'average' }));
    expect(e.message).toBe('the distance between p1 and p6 is too large to compute (values beyond about 1e150)');
    expect(e.at).toEqual({ row: 0 });

    e = err(() => clusterMatrix(k, { values: values.subarray(0, 4), nRows: 1, nCols: 4 }, { distance: 'euclidean', linkage: 'average' }));
    expect(e.message).toBe('clustering needs at least two items (found 1)');
    e = err(() => clusterMatrix(k, { values: new Float64Array(23171), nRows: 23171, nCols: 1 }, { distance: 'euclidean', linkage: 'average' }));
    expect(e.message).toMatch(/^23171 items need 1074 MB for their distances; .* at most 1 GiB \(23170 items\)$/);
  });
});
