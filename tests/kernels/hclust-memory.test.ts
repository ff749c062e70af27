import { describe, expect, it } from 'vitest';
import { loadKernelsNode } from '../../src/kernels/load-node.ts';
import { Kernels, KernelError } from '../../src/kernels/kernels.ts';
import {
  ClusterMemoryError, DistanceError, distanceMatrix, hclustRows, linkage, maxObjects, resolvePrecision, warmUpCluster,
  type LinkageMethod,
} from '../../src/kernels/cluster.ts';
import { clusterMatrix } from '../../src/stats/cluster.ts';
import { randomRows } from './hclust-compare.ts';

const METHODS: LinkageMethod[] = ['single', 'complete', 'average', 'weighted', 'ward', 'centroid', 'median'];

describe('clustering memory discipline', () => {
  it('1000 clusterings of 200 × 6 after warm-up do not grow the wasm heap', () => {
    const k = loadKernelsNode();
    const n = 200, d = 6;
    const x = randomRows(n, d, 42, 0.05);
    const values = new Float64Array(n * d); // column-major for the stats layer
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) values[j * n + i] = x[i * d + j];
    const metrics = ['euclidean', 'pearson', 'spearman', 'cosine'] as const;
    const run = (r: number) => clusterMatrix(k, { values, nRows: n, nCols: d }, {
      distance: metrics[r % 4], linkage: METHODS[r % 7], zScore: r % 3 === 0, axis: r % 5 === 0 ? 'columns' : 'rows',
    });
    for (let r = 0; r < 30; r++) run(r);
    const base = k.heapBytes();
    let last = run(0);
    for (let r = 0; r < 1000; r++) last = run(r);
    expect(k.heapBytes()).toBe(base);
    expect(last.order.length).toBe(n);
  });

  it('error paths and cancels free everything too', () => {
    const k = loadKernelsNode();
    const x = randomRows(100, 5, 1);
    const once = () => {
      const allNA = x.slice();
      allNA.fill(NaN, 10 * 5, 11 * 5);
      expect(() => hclustRows(k, allNA, 100, 5, 'euclidean', 'average')).toThrow(DistanceError);
      const constant = x.slice();
      constant.fill(3, 20 * 5, 21 * 5);
      expect(() => hclustRows(k, constant, 100, 5, 'pearson', 'ward')).toThrow(DistanceError);
      const disjoint = x.slice();
      disjoint.fill(NaN, 30 * 5, 30 * 5 + 3); // row 30 has coordinates 3, 4 only
      disjoint.fill(NaN, 31 * 5 + 3, 32 * 5); // row 31 has coordinates 0, 1, 2 only
      expect(() => distanceMatrix(k, disjoint, 100, 5, 'euclidean')).toThrow(/rows 30 and 31 share too few/);
      const bad = new Float64Array((100 * 99) / 2).fill(1);
      bad[77] = NaN;
      expect(() => linkage(k, bad, 100, 'complete')).toThrow(/NaN or infinite/);
      const ctl = new AbortController();
      ctl.abort();
      expect(() => hclustRows(k, x, 100, 5, 'euclidean', 'single', { signal: ctl.signal })).toThrow();
    };
    for (let i = 0; i < 3; i++) once();
    const base = k.heapBytes();
    for (let i = 0; i < 200; i++) once();
    expect(k.heapBytes()).toBe(base);
    expect(k.broken).toBe(false);
  });

  it('the distance matrix is allocated last, so memory grows by what it needs, not by doubling', () => {
    const k = loadKernelsNode();
    const n = 4000; // 64 MB of f64 distances, far beyond the initial memory
    const before = k.heapBytes();
    hclustRows(k, randomRows(n, 4, 3), n, 4, 'euclidean', 'single');
    const grown = k.heapBytes() - before;
    const need = (n * (n - 1)) / 2 * 8;
    expect(grown).toBeGreaterThanOrEqual(need);
    expect(grown).toBeLessThan(need * 1.1);
  });
});

describe('clustering size limits and errors', () => {
  it('the 1 GiB block limit: 16 384 objects in f64, 23 170 in f32; auto switches to f32', () => {
    expect(maxObjects('f64')).toBe(16384);
    expect(maxObjects('f32')).toBe(23170);
    expect(resolvePrecision(3180)).toBe('f64');
    expect(resolvePrecision(16385)).toBe('f32');
    expect(resolvePrecision(20000)).toBe('f32');
    expect(resolvePrecision(23171)).toBeNull();
    expect(resolvePrecision(16385, 'f64')).toBeNull();
  });

  it('too many objects is refused before any allocation, with a clear message', () => {
    const k = loadKernelsNode();
    const before = k.heapBytes();
    const n = 23171;
    expect(() => hclustRows(k, new Float64Array(n), n, 1, 'euclidean', 'average')).toThrow(ClusterMemoryError);
    expect(() => hclustRows(k, new Float64Array(n), n, 1, 'euclidean', 'average')).toThrow(/1 GiB \(at most 23170 objects\)/);
    expect(() => distanceMatrix(k, new Float64Array(16385), 16385, 1, 'euclidean', { precision: 'f64' })).toThrow(ClusterMemoryError);
    expect(k.heapBytes()).toBe(before);
    expect(k.broken).toBe(false);
  });

  it('memory that cannot grow is reported as ClusterMemoryError (and the trapped instance refuses further use)', () => {
    const real = loadKernelsNode().raw;
    const fake = {
      exports: {
        ...real,
        alloc: (bytes: number) => { if (bytes > 1_000_000) throw new WebAssembly.RuntimeError('unreachable'); return real.alloc(bytes); },
      },
    } as unknown as WebAssembly.Instance;
    const k = Kernels.fromInstance(fake);
    const n = 1000;
    let err: unknown;
    try { hclustRows(k, randomRows(n, 3, 1), n, 3, 'euclidean', 'average'); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(ClusterMemoryError);
    expect((err as ClusterMemoryError).reason).toBe('noMemory');
    expect((err as Error).message).toMatch(/could not get 4 MiB of wasm memory for the distance matrix of 1000 objects/);
    expect(k.broken).toBe(true);
  });

  it('fewer than two objects, wrong lengths and unknown methods are KernelErrors', () => {
    const k = loadKernelsNode();
    expect(() => hclustRows(k, new Float64Array(3), 1, 3, 'euclidean', 'average')).toThrow(/at least 2 objects/);
    expect(() => hclustRows(k, new Float64Array(5), 2, 3, 'euclidean', 'average')).toThrow(/length 5 but n × d = 6/);
    expect(() => linkage(k, new Float64Array(3), 3, 'nope' as LinkageMethod)).toThrow(KernelError);
    expect(() => linkage(k, new Float64Array(2), 3, 'average')).toThrow(/n\(n−1\)\/2 = 3/);
    expect(distanceMatrix(k, new Float64Array(4), 1, 4, 'euclidean').length).toBe(0);
  });

  it('two objects: one merge at their distance', () => {
    const k = loadKernelsNode();
    for (const method of METHODS) {
      const s = hclustRows(k, new Float64Array([0, 0, 3, 4]), 2, 2, 'euclidean', method);
      expect([s.a[0], s.b[0]]).toEqual([0, 1]);
      expect(s.height[0]).toBe(method === 'centroid' || method === 'median' ? 25 : 5);
    }
  });

  it('warmUpCluster runs every kernel and leaves results unchanged', () => {
    const k = loadKernelsNode();
    const x = randomRows(80, 4, 5);
    const before = hclustRows(k, x, 80, 4, 'pearson', 'average');
    warmUpCluster(k);
    expect(hclustRows(k, x, 80, 4, 'pearson', 'average')).toEqual(before);
  });
});
