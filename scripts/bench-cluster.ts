/**
 * Hierarchical-clustering cases for scripts/bench.ts: distances + linkage + R's merge/height/order
 * (src/stats/cluster.ts `clusterMatrix`, everything a heatmap needs) in wasm, against the naive
 * TypeScript reference (src/stats/cluster-reference.ts: distances from their definitions and the
 * generic O(n³) algorithm) where it finishes.
 *
 * - 3180 × 12 (the ALL fixture, log2): the SPEC's target, one case per linkage. R's
 *   fastcluster takes ~80 + ~80 ms here for dist + hclust; ml-hclust (JS) took 54 s.
 * - 1000 × 12 synthetic: wasm against the O(n³) TypeScript baseline, same tree.
 * - 20 000 × 12 synthetic: wasm only (f32 distances, 800 MB); one timed run after warm-up.
 *
 * Each case runs on its own Kernels instance, so `wasm_heap_peak_mb` (the memory after the
 * runs; wasm memory never shrinks) is that case's peak.
 */
import { readFileSync } from 'node:fs';
import { Kernels } from '../src/kernels/kernels.ts';
import { loadKernelsModuleNode } from '../src/kernels/load-node.ts';
import { Xoshiro128Ref } from '../src/kernels/reference.ts';
import { warmUpCluster, type LinkageMethod, type Metric } from '../src/kernels/cluster.ts';
import { clusterMatrix, toHclust, type ClusterInput, type Hclust } from '../src/stats/cluster.ts';
import { distanceMatrixRef, linkageRef } from '../src/stats/cluster-reference.ts';

/** Same shape as bench.ts's BenchCase. */
export interface ClusterBenchCase {
  name: string;
  size: string;
  setup(k: Kernels): {
    wasm: () => unknown;
    js?: () => unknown;
    check?: (wasmOut: unknown, jsOut: unknown) => number;
    runs?: { warmup: number; min: number };
    report?: () => Record<string, unknown>;
  };
}

/** The ALL fixture's 3180 × 12 log2 matrix, column-major. */
function allFixture(): ClusterInput {
  const fx = JSON.parse(readFileSync(new URL('../tests/fixtures/microarray.json', import.meta.url), 'utf8')) as {
    probes: string[]; arrays: string[]; log2_expression: number[][];
  };
  const nRows = fx.probes.length;
  const values = new Float64Array(nRows * fx.arrays.length);
  fx.log2_expression.forEach((col, j) => col.forEach((v, i) => { values[j * nRows + i] = v; }));
  return { values, nRows, nCols: fx.arrays.length, rowLabels: fx.probes, colLabels: fx.arrays };
}

/**
 * Synthetic log-expression, nRows × nCols column-major: probe level U(4, 12) plus one of eight
 * planted patterns across the arrays plus noise, 0.5% NA.
 */
function synthetic(nRows: number, nCols: number, seed: number): ClusterInput {
  const rng = new Xoshiro128Ref(seed);
  const pattern = Array.from({ length: 8 }, () => Array.from({ length: nCols }, () => 2 * rng.nextUniform() - 1));
  const values = new Float64Array(nRows * nCols);
  for (let i = 0; i < nRows; i++) {
    const level = 4 + 8 * rng.nextUniform();
    const p = pattern[rng.nextBelow(8)];
    for (let j = 0; j < nCols; j++) {
      const noise = rng.nextUniform() + rng.nextUniform() + rng.nextUniform() - 1.5;
      values[j * nRows + i] = rng.nextUniform() < 0.005 ? NaN : level + p[j] + 0.5 * noise;
    }
  }
  return { values, nRows, nCols };
}

/** A fresh, warmed-up kernels instance (so the case's heap is its own). */
function freshKernels(): Kernels {
  const k = Kernels.fromModule(loadKernelsModuleNode('release'));
  k.warmUp();
  warmUpCluster(k);
  return k;
}

/** Worst relative height difference, Infinity if the merge matrices differ. */
function treeDiff(a: Hclust, b: Hclust): number {
  if (a.merge.length !== b.merge.length || a.merge.some((v, i) => v !== b.merge[i])) return Infinity;
  let worst = 0;
  a.height.forEach((h, s) => { worst = Math.max(worst, Math.abs(h - b.height[s]) / Math.max(Math.abs(b.height[s]), 1e-300)); });
  return worst;
}

function wasmCase(size: string, input: () => ClusterInput, distance: Metric, linkage: LinkageMethod, runs?: { warmup: number; min: number }): ClusterBenchCase {
  return {
    name: `hclust ${distance}/${linkage} (distances + linkage + order)`,
    size,
    setup() {
      let k: Kernels | null = freshKernels();
      const m = input();
      let precision = '';
      return {
        wasm: () => {
          const t = clusterMatrix(k!, m, { distance, linkage });
          precision = t.n > 16384 ? 'f32' : 'f64';
          return t;
        },
        runs,
        report: () => {
          const out = { wasm_heap_peak_mb: Math.round(k!.heapBytes() / 2 ** 20), distance_storage: precision };
          k = null; // let the instance (and its memory) go
          return out;
        },
      };
    },
  };
}

/** Builds the clustering cases. */
export function clusterBenchCases(): ClusterBenchCase[] {
  const all = allFixture;
  return [
    ...(['average', 'weighted', 'complete', 'ward', 'single'] as const).map((l) => wasmCase('3180x12 (ALL fixture)', all, 'euclidean', l)),
    wasmCase('3180x12 (ALL fixture)', all, 'pearson', 'average'),
    {
      name: 'hclust euclidean/average (distances + linkage + order) vs naive O(n^3) TypeScript',
      size: '1000x12 synthetic',
      setup() {
        let k: Kernels | null = freshKernels();
        const m = synthetic(1000, 12, 21);
        const rowMajor = new Float64Array(m.nRows * m.nCols);
        for (let i = 0; i < m.nRows; i++) for (let j = 0; j < m.nCols; j++) rowMajor[i * m.nCols + j] = m.values[j * m.nRows + i];
        return {
          wasm: () => clusterMatrix(k!, m, { distance: 'euclidean', linkage: 'average' }),
          js: () => toHclust(linkageRef(distanceMatrixRef(rowMajor, m.nRows, m.nCols, 'euclidean'), m.nRows, 'average')),
          check: (a, b) => treeDiff(a as Hclust, b as Hclust),
          report: () => { const out = { wasm_heap_peak_mb: Math.round(k!.heapBytes() / 2 ** 20) }; k = null; return out; },
        };
      },
    },
    wasmCase('20000x12 synthetic', () => synthetic(20_000, 12, 22), 'euclidean', 'average', { warmup: 0, min: 1 }),
  ];
}
