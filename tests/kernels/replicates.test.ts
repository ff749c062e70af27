import { describe, expect, it, beforeAll } from 'vitest';
import { loadKernelsNode } from '../../src/kernels/load-node.ts';
import { KernelError, type Kernels } from '../../src/kernels/kernels.ts';
import { averageReplicatesRef } from '../../src/kernels/reference.ts';
import { expectRelClose, mulberry32 } from './helpers.ts';

let k: Kernels;
beforeAll(() => { k = loadKernelsNode(); });

describe('averageReplicates (limma::avereps)', () => {
  it('hand-computed example: NaN ignored, skipped spots, all-NaN probe → NaN, unmapped probe → NaN', () => {
    // 6 spots × 2 arrays, 4 probes; probe 3 has no spot at all
    const probe = new Int32Array([1, 0, -1, 1, 2, 0]);
    const x = new Float64Array([
      1, 2, 100, 3, NaN, 4, // array 0
      NaN, 10, 100, 20, NaN, NaN, // array 1
    ]);
    const out = k.averageReplicates(x, 6, 2, probe, 4);
    const want = [3, 2, NaN, NaN, 10, 20, NaN, NaN];
    expectRelClose(out, want, 0);
    expectRelClose(averageReplicatesRef(x, 6, 2, probe, 4), want, 0);
  });

  it('keeps ±Inf like R (Inf + finite = Inf)', () => {
    const out = k.averageReplicates(new Float64Array([Infinity, 1, 2]), 3, 1, new Int32Array([0, 0, 1]), 2);
    expect(Array.from(out)).toEqual([Infinity, 2]);
  });

  const rnd = mulberry32(7);
  for (const [nSpots, nArrays, nProbes] of [[1, 1, 1], [12720, 12, 3180], [333, 3, 50], [50, 4, 200]] as const) {
    it(`random ${nSpots} spots × ${nArrays} arrays → ${nProbes} probes equals the reference exactly`, () => {
      const x = Float64Array.from({ length: nSpots * nArrays }, () => (rnd() < 0.1 ? NaN : 1000 * rnd() - 100));
      const probe = Int32Array.from({ length: nSpots }, () => (rnd() < 0.05 ? -1 : Math.floor(rnd() * nProbes)));
      const got = k.averageReplicates(x, nSpots, nArrays, probe, nProbes);
      expectRelClose(got, averageReplicatesRef(x, nSpots, nArrays, probe, nProbes), 0);
    });
  }

  it('zero arrays or zero spots give the right empty / all-NaN shapes', () => {
    expect(k.averageReplicates(new Float64Array(0), 5, 0, new Int32Array(5), 3).length).toBe(0);
    const out = k.averageReplicates(new Float64Array(0), 0, 2, new Int32Array(0), 3);
    expect(out.length).toBe(6);
    expect(Array.from(out).every(Number.isNaN)).toBe(true);
  });

  it('out-of-range probe index → clear error naming the spot', () => {
    const x = new Float64Array(3);
    expect(() => k.averageReplicates(x, 3, 1, new Int32Array([0, 5, 1]), 2)).toThrow(KernelError);
    expect(() => k.averageReplicates(x, 3, 1, new Int32Array([0, 5, 1]), 2)).toThrow(/probeIndex\[1\] = 5 is outside -1\.\.1/);
    expect(() => k.averageReplicates(x, 3, 1, new Int32Array([0, 1, -2]), 2)).toThrow(/probeIndex\[2\] = -2/);
  });

  it('mismatched lengths → clear error', () => {
    expect(() => k.averageReplicates(new Float64Array(5), 3, 2, new Int32Array(3), 2)).toThrow(/values has length 5 but nSpots × nArrays = 6/);
    expect(() => k.averageReplicates(new Float64Array(6), 3, 2, new Int32Array(4), 2)).toThrow(/probeIndex has length 4 but nSpots = 3/);
  });
});
