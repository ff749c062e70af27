import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadKernelsNode } from '../../src/kernels/load-node.ts';
import { hclustRows, type LinkageMethod } from '../../src/kernels/cluster.ts';
import { clusterMatrix, copheneticRow, cophenetic, cutree, toHclust, type Metric } from '../../src/stats/cluster.ts';
import { expectSameDendrogram, flatMerge } from './hclust-compare.ts';

/** tests/fixtures/hclust.json: fastcluster::hclust on a seeded 120 × 6 matrix (see PROVENANCE.md). */
interface HclustFixture {
  name: string;
  data: number[][];
  cases: {
    distance: Metric; linkage: string; squared_input: boolean;
    merge: number[][]; height: number[]; cophenetic_first_row: number[]; cutree_k3: number[];
  }[];
}

const fx = JSON.parse(readFileSync(new URL('../fixtures/hclust.json', import.meta.url), 'utf8')) as HclustFixture;
const n = fx.data.length;
const d = fx.data[0].length;
/** The matrix column-major (n rows × d columns), as the stats layer takes it. */
const values = new Float64Array(n * d);
fx.data.forEach((row, i) => row.forEach((v, j) => { values[j * n + i] = v; }));
const rowMajor = Float64Array.from(fx.data.flat());

/** fastcluster's method names → ours. */
const METHOD: Record<string, LinkageMethod> = {
  average: 'average', complete: 'complete', single: 'single', 'ward.D2': 'ward', mcquitty: 'weighted', centroid: 'centroid', median: 'median',
};

const relErr = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describe('hclust.json: fastcluster::hclust reproduced (120 × 6, Euclidean and 1 − Pearson, 7 linkages)', () => {
  const k = loadKernelsNode();
  let worst = 0;

  for (const c of fx.cases) {
    const method = METHOD[c.linkage];
    it(`${c.distance} / ${c.linkage}${c.squared_input ? ' (on d²)' : ''}: merges, heights to 1e-9, cophenetic row, k = 3 cut`, () => {
      const tree = clusterMatrix(k, { values, nRows: n, nCols: d }, { distance: c.distance, linkage: method });
      expect(tree.labels).toEqual(Array.from({ length: n }, (_, i) => String(i + 1)));
      // heights to 1e-9 relative, merge by merge; merges identical (strict: the data have no ties)
      const ties = expectSameDendrogram(tree, { n, merge: flatMerge(c.merge), height: c.height }, 1e-9, `${c.distance}/${c.linkage}`);
      expect(ties).toBe(0);
      for (let s = 0; s < n - 1; s++) {
        const e = relErr(tree.height[s], c.height[s]);
        worst = Math.max(worst, e);
        expect(e).toBeLessThan(1e-9);
      }
      const row = copheneticRow(tree, 0);
      row.forEach((v, j) => expect(j === 0 ? v : relErr(v, c.cophenetic_first_row[j]), `cophenetic[1, ${j + 1}]`).toBeLessThan(1e-9));
      expect(Array.from(cutree(tree, 3))).toEqual(c.cutree_k3);
    });
  }

  it('the worst relative height error over all 14 cases is far below 1e-9', () => {
    expect(worst).toBeGreaterThanOrEqual(0);
    expect(worst).toBeLessThan(1e-12);
  });

  it('the full cophenetic matrix agrees with its rows', () => {
    const tree = clusterMatrix(k, { values, nRows: n, nCols: d }, { distance: 'euclidean', linkage: 'average' });
    const full = cophenetic(tree);
    for (const i of [0, 7, 59, 119]) {
      const row = copheneticRow(tree, i);
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        const idx = i < j ? (i * (2 * n - i - 1)) / 2 + j - i - 1 : (j * (2 * n - j - 1)) / 2 + i - j - 1;
        expect(full[idx]).toBe(row[j]);
      }
    }
  });

  it('f32 storage gives the same tree with heights to ~1e-6', () => {
    for (const c of fx.cases.filter((x) => x.linkage === 'average' || x.linkage === 'ward.D2')) {
      const steps = hclustRows(k, rowMajor, n, d, c.distance, METHOD[c.linkage], { precision: 'f32' });
      expect(steps.precision).toBe('f32');
      const tree = toHclust(steps);
      expectSameDendrogram(tree, { n, merge: flatMerge(c.merge), height: c.height }, 1e-6, `f32 ${c.distance}/${c.linkage}`);
    }
  });

  it('the debug build gives bit-identical results', () => {
    const dbg = loadKernelsNode('debug');
    for (const method of ['average', 'single', 'ward', 'centroid'] as const) {
      const a = hclustRows(k, rowMajor, n, d, 'pearson', method);
      const b = hclustRows(dbg, rowMajor, n, d, 'pearson', method);
      expect(b.a).toEqual(a.a);
      expect(b.b).toEqual(a.b);
      expect(b.height).toEqual(a.height);
    }
  });
});
