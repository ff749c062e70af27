import { describe, expect, it } from 'vitest';
import { loadKernelsNode } from '../../src/kernels/load-node.ts';
import {
  LINKAGE_CODE, distanceMatrix, hclustRows, linkage, type ClusterExports, type LinkageMethod, type Metric,
} from '../../src/kernels/cluster.ts';
import { checkDendrogram, distanceMatrixRef, linkageRef, rankAverage } from '../../src/stats/cluster-reference.ts';
import { toHclust } from '../../src/stats/cluster.ts';
import { expectSameDendrogram, randomRows, rng } from './hclust-compare.ts';

const METRICS: Metric[] = ['euclidean', 'pearson', 'spearman', 'cosine'];
const METHODS: LinkageMethod[] = ['single', 'complete', 'average', 'weighted', 'ward', 'centroid', 'median'];
const relErr = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describe('distances: wasm kernel == naive TypeScript definitions (R semantics)', () => {
  const k = loadKernelsNode();

  for (const metric of METRICS) {
    it(`${metric}: complete rows and rows with NA (pairwise), to 1e-12`, () => {
      for (const [n, d, na] of [[40, 6, 0], [60, 12, 0.2], [25, 7, 0.35], [9, 1000, 0.1]] as const) {
        const x = randomRows(n, d, n * 31 + d, na);
        const got = distanceMatrix(k, x, n, d, metric);
        const want = distanceMatrixRef(x, n, d, metric);
        expect(got).toBeInstanceOf(Float64Array);
        expect(got.length).toBe(want.length);
        // relative 1e-12, or a few ulps of 1 where a correlation distance is ~0
        const bad = Array.from(want).filter((w, i) => !(Math.abs(got[i] - w) <= 1e-12 * Math.abs(w) + 1e-15));
        expect(bad.length, `${n}×${d}, NA ${na}`).toBe(0);
      }
    });
  }

  it("euclidean with NA is R's stats::dist: sqrt(sum · d / d_present)", () => {
    // dist(rbind(c(1, NA, 3, 4), c(2, 5, NA, 8))) = sqrt((1 + 16) * 4 / 2)
    const x = new Float64Array([1, NaN, 3, 4, 2, 5, NaN, 8]);
    expect(distanceMatrix(k, x, 2, 4, 'euclidean')[0]).toBeCloseTo(Math.sqrt(34), 14);
  });

  it('spearman ranks ties as R (average) and re-ranks on the shared coordinates', () => {
    expect(rankAverage([3, 1, 3, 2, 3])).toEqual([4, 1, 4, 2, 4]);
    // rows with ties and an NA: R cor(c(1,2,2,5), c(3,3,4,9), method = "spearman") after dropping coordinate 3
    const x = new Float64Array([1, 2, 7, 2, 5, /* */ 3, 3, NaN, 4, 9]);
    const r = distanceMatrix(k, x, 2, 5, 'spearman')[0];
    const ra = [1, 2.5, 2.5, 4];
    const rb = [1.5, 1.5, 3, 4];
    const mean = 2.5;
    const num = ra.reduce((s, v, i) => s + (v - mean) * (rb[i] - mean), 0);
    const den = Math.sqrt(ra.reduce((s, v) => s + (v - mean) ** 2, 0) * rb.reduce((s, v) => s + (v - mean) ** 2, 0));
    expect(r).toBeCloseTo(1 - num / den, 14);
  });

  it('f32 storage rounds each f64 distance once', () => {
    const x = randomRows(50, 5, 3, 0.1);
    const f64 = distanceMatrix(k, x, 50, 5, 'pearson', { precision: 'f64' });
    const f32 = distanceMatrix(k, x, 50, 5, 'pearson', { precision: 'f32' });
    expect(f32).toBeInstanceOf(Float32Array);
    expect(f32).toEqual(Float32Array.from(f64));
  });

  it('chunked row blocks report progress and fill the whole matrix', () => {
    const n = 2100; // > one block of 2^21 pairs
    const x = randomRows(n, 3, 5);
    const seen: number[] = [];
    const D = distanceMatrix(k, x, n, 3, 'euclidean', { onProgress: (p) => { expect(p.phase).toBe('distance'); seen.push(p.done); } });
    expect(seen[0]).toBe(0);
    expect(seen.at(-1)).toBe(n);
    expect(seen.length).toBeGreaterThan(2);
    const last = D.length - 1; // d(n−2, n−1)
    const a = x.subarray((n - 2) * 3, (n - 1) * 3);
    const b = x.subarray((n - 1) * 3, n * 3);
    expect(relErr(D[last], Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]))).toBeLessThan(1e-14);
  });
});

describe('linkage: wasm kernels == naive O(n³) reference', () => {
  const k = loadKernelsNode();

  it('random matrices with NA, continuous distances, every linkage: same tree, heights to 1e-10', () => {
    let cases = 0;
    for (const [n, d, na, seed] of [[50, 6, 0.15, 1], [90, 4, 0.25, 2], [33, 12, 0, 3]] as const) {
      const x = randomRows(n, d, seed, na);
      for (const metric of ['euclidean', 'pearson', 'cosine'] as const) {
        const D = distanceMatrixRef(x, n, d, metric);
        for (const method of METHODS) {
          const got = toHclust(hclustRows(k, x, n, d, metric, method));
          const want = toHclust(linkageRef(D, n, method, { square: method === 'centroid' || method === 'median' }));
          expectSameDendrogram(got, want, 1e-10, `${n}×${d} ${metric} ${method}`);
          cases++;
        }
      }
    }
    expect(cases).toBe(3 * 3 * 7);
  });

  it('spearman (ranks: distances tie by nature): valid trees; single and complete equal the reference on the same distances', () => {
    for (const [n, d, na, seed] of [[50, 6, 0.15, 11], [90, 4, 0.25, 12]] as const) {
      const x = randomRows(n, d, seed, na);
      const D = distanceMatrix(k, x, n, d, 'spearman') as Float64Array;
      for (const method of METHODS) {
        const square = method === 'centroid' || method === 'median';
        const got = toHclust(hclustRows(k, x, n, d, 'spearman', method));
        expect(checkDendrogram(square ? D.map((v) => v * v) : D, n, method, got, 1e-9), `${n}×${d} ${method}`).toEqual([]);
        if (method === 'single' || method === 'complete') {
          expect(expectSameDendrogram(got, toHclust(linkageRef(D, n, method)), 0, `${n}×${d} spearman ${method}`)).toBeGreaterThan(0);
        }
      }
    }
  });

  it('the same condensed input (f64, untied): bit-identical where the arithmetic is order-free, 1e-14 elsewhere', () => {
    const n = 70;
    const r = rng(9);
    const D = Float64Array.from({ length: (n * (n - 1)) / 2 }, () => 0.1 + r());
    for (const method of METHODS) {
      const got = toHclust(linkage(k, D, n, method));
      const want = toHclust(linkageRef(D, n, method));
      // single/complete only select; centroid/median run in the same (greedy) order as the reference.
      // The NN chain forms the same clusters in another order, so average/weighted/ward round differently.
      const exact = method === 'single' || method === 'complete' || method === 'centroid' || method === 'median';
      expectSameDendrogram(got, want, exact ? 0 : 1e-14, method);
    }
  });

  it('heavily tied integer distances: single, complete and weighted agree exactly (ties broken the same way)', () => {
    // values 1..4 on 60 objects: almost every height is tied
    for (const seed of [1, 2, 3]) {
      const n = 60;
      const r = rng(100 + seed);
      const D = Float64Array.from({ length: (n * (n - 1)) / 2 }, () => 1 + Math.floor(4 * r()));
      for (const method of ['single', 'complete', 'weighted'] as const) {
        const got = toHclust(linkage(k, D, n, method));
        const want = toHclust(linkageRef(D, n, method));
        const ties = expectSameDendrogram(got, want, 0, `seed ${seed} ${method}`);
        expect(ties).toBeGreaterThan(0);
        expect(checkDendrogram(D, n, method, got, 1e-12)).toEqual([]);
      }
    }
  });

  it('tied data: every linkage gives a valid dendrogram (each merge a global minimum of its linkage, recomputed from the definition)', () => {
    for (const seed of [4, 5]) {
      // integer-valued coordinates: many equal Euclidean distances
      const n = 45, d = 3;
      const r = rng(200 + seed);
      const x = Float64Array.from({ length: n * d }, () => Math.floor(4 * r()) + 1);
      // duplicate rows too: zero distances
      x.copyWithin(0, 3 * d, 4 * d);
      const D = distanceMatrixRef(x, n, d, 'euclidean');
      for (const method of METHODS) {
        const square = method === 'centroid' || method === 'median';
        const tree = toHclust(hclustRows(k, x, n, d, 'euclidean', method));
        const Dlink = square ? D.map((v) => v * v) : D;
        expect(checkDendrogram(Dlink, n, method, tree, 1e-9), `seed ${seed} ${method}`).toEqual([]);
        // heights agree with the naive algorithm where the hierarchy is forced (sorted heights compared)
        if (method === 'single' || method === 'complete') {
          const want = toHclust(linkageRef(D, n, method));
          expect(Array.from(tree.height)).toEqual(Array.from(want.height));
        }
      }
    }
  });

  it('the validity check catches a wrong tree', () => {
    const x = randomRows(20, 4, 77);
    const D = distanceMatrixRef(x, 20, 4, 'euclidean');
    const tree = toHclust(linkageRef(D, 20, 'average'));
    expect(checkDendrogram(D, 20, 'average', tree)).toEqual([]);
    expect(checkDendrogram(D, 20, 'complete', tree).length).toBeGreaterThan(0);
    const swapped = { ...tree, height: tree.height.map((h, s) => (s === 3 ? h * 1.01 : h)) };
    expect(checkDendrogram(D, 20, 'average', swapped)[0]).toMatch(/step 4: height/);
  });

  it('the linkage reports progress per chunk and stops at an aborted signal', () => {
    const n = 1500;
    const x = randomRows(n, 4, 8);
    const phases: string[] = [];
    const steps = hclustRows(k, x, n, 4, 'euclidean', 'average', { onProgress: (p) => phases.push(`${p.phase}:${p.done}/${p.total}`) });
    expect(steps.a.length).toBe(n - 1);
    expect(phases[0]).toBe('distance:0/1500');
    expect(phases).toContain('linkage:0/1499');
    expect(phases.at(-1)).toBe('linkage:1499/1499');
    const ctl = new AbortController();
    const before = k.heapBytes();
    expect(() => hclustRows(k, x, n, 4, 'euclidean', 'average', {
      signal: ctl.signal,
      onProgress: (p) => { if (p.phase === 'linkage') ctl.abort(); },
    })).toThrow(/abort/i);
    expect(k.broken).toBe(false);
    expect(k.heapBytes()).toBe(before);
    // still usable, same answer
    expect(hclustRows(k, x, n, 4, 'euclidean', 'average').height).toEqual(steps.height);
  });

  it('the linkage resumes exactly where it stopped: one merge per call gives the same merges as one call', () => {
    const raw = k.raw as unknown as ClusterExports;
    const n = 90;
    const r = rng(31);
    const D = Float64Array.from({ length: (n * (n - 1)) / 2 }, () => 0.5 + r());
    for (const method of METHODS) {
      for (const wide of [1, 0]) {
        const run = (budget: number) => k.call('linkageRun', [D.length * 8, raw.linkageStateBytes(n), (n - 1) * 4, (n - 1) * 4, (n - 1) * 8], ([pD, st, pa, pb, ph]) => {
          if (wide) k.f64(pD, D.length).set(D);
          else new Float32Array(k.raw.memory.buffer, pD, D.length).set(D);
          expect(raw.linkageInit(pD, n, LINKAGE_CODE[method], wide, 0, st)).toBe(0);
          let done = 0;
          let calls = 0;
          while (done < n - 1) { done = raw.linkageRun(pD, st, pa, pb, ph, budget); calls++; }
          const buf = k.raw.memory.buffer;
          return { calls, a: new Int32Array(buf, pa, n - 1).slice(), b: new Int32Array(buf, pb, n - 1).slice(), h: new Float64Array(buf, ph, n - 1).slice() };
        });
        const whole = run(1 << 30);
        const steps = run(1);
        expect(whole.calls).toBe(1);
        expect(steps.calls).toBe(n - 1);
        expect(steps.a, `${method} wide=${wide}`).toEqual(whole.a);
        expect(steps.b).toEqual(whole.b);
        expect(steps.h).toEqual(whole.h);
      }
    }
  });
});
