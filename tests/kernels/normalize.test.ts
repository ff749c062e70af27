import { describe, expect, it, beforeAll } from 'vitest';
import { loadKernelsNode } from '../../src/kernels/load-node.ts';
import { KernelError, type Kernels } from '../../src/kernels/kernels.ts';
import { medianNormalizeRef, scaleNormalizeRef } from '../../src/kernels/reference.ts';
import { columnMajor, expectRelClose, microarray, mulberry32 } from './helpers.ts';

let k: Kernels;
beforeAll(() => { k = loadKernelsNode(); });

describe('paper median normalisation vs R (tests/fixtures/microarray.json)', () => {
  const fx = microarray();
  const nProbes = fx.probes.length;
  const nArrays = fx.arrays.length;
  const raw = columnMajor(fx.log2_expression).map((v) => 2 ** v); // R: raw <- 2^X
  const wantValues = columnMajor(fx.median_norm.normalized);

  it('has the expected shape', () => {
    expect([nProbes, nArrays]).toEqual([3180, 12]);
  });

  it('wasm: selects 1434 probes and reproduces factors and every value to 1e-6', () => {
    const r = k.medianNormalize(raw, nProbes, nArrays);
    expect(r.nSelected).toBe(fx.median_norm.n_selected);
    expect(r.nSelected).toBe(1434);
    expectRelClose(r.factors, fx.median_norm.factors);
    expectRelClose(r.values, wantValues);
  });

  it('reference.ts: the same', () => {
    const r = medianNormalizeRef(raw, nProbes, nArrays, 30);
    expect(r.nSelected).toBe(1434);
    expectRelClose(r.factors, fx.median_norm.factors);
    expectRelClose(r.values, wantValues);
  });

  it('does not modify its input', () => {
    const copy = raw.slice();
    k.medianNormalize(copy, nProbes, nArrays);
    expect(copy).toEqual(raw);
  });
});

describe('scale normalisation vs limma::normalizeBetweenArrays(method = "scale")', () => {
  const fx = microarray();
  const n = fx.probes.length;
  const m = fx.arrays.length;
  const x = columnMajor(fx.log2_expression);
  const want = columnMajor(fx.scale_normalized);

  it('wasm reproduces every value to 1e-6', () => {
    expectRelClose(k.scaleNormalize(x, n, m), want);
  });

  it('reference.ts reproduces every value to 1e-6', () => {
    expectRelClose(scaleNormalizeRef(x, n, m), want);
  });

  it('returns the divisors exp(log med − mean log med), whose log-mean is 0', () => {
    const { factors } = k.scaleNormalizeWithFactors(x, n, m);
    expect(factors.length).toBe(m);
    expect(Math.abs(factors.reduce((a, f) => a + Math.log(f), 0))).toBeLessThan(1e-12);
  });

  it('one array is returned unchanged (as R)', () => {
    const one = new Float64Array([3, NaN, -1, 7]);
    expect(k.scaleNormalize(one, 4, 1)).toEqual(one);
  });
});

describe('normalisation on random data with NaNs: wasm == reference', () => {
  const rnd = mulberry32(42);
  for (const [nProbes, nArrays] of [[1, 1], [2, 3], [37, 5], [500, 6], [1001, 2]] as const) {
    it(`${nProbes} × ${nArrays}`, () => {
      const x = Float64Array.from({ length: nProbes * nArrays }, () => {
        const u = rnd();
        return u < 0.05 ? NaN : Math.exp(2 + 5 * rnd()); // ~7..1100, some below 30, some NaN
      });
      x[0] = 1000; // make sure at least one probe can qualify in the 1 × 1 case
      const r = medianNormalizeRef(x, nProbes, nArrays, 30);
      expect(r.nSelected).toBeGreaterThan(0);
      const w = k.medianNormalize(x, nProbes, nArrays, 30);
      expect(w.nSelected).toBe(r.nSelected);
      expectRelClose(w.factors, r.factors, 1e-15);
      expectRelClose(w.values, r.values, 1e-15);
      const log = x.map(Math.log);
      expectRelClose(k.scaleNormalize(log, nProbes, nArrays), scaleNormalizeRef(log, nProbes, nArrays), 1e-12);
    });
  }

  it('threshold is inclusive (>=) and NaN in any array excludes a probe', () => {
    // 4 probes × 2 arrays, column-major
    const x = new Float64Array([30, 29.999, NaN, 100, /* array 2 */ 40, 50, 60, 200]);
    const r = k.medianNormalize(x, 4, 2, 30);
    expect(r.nSelected).toBe(2); // probes 0 and 3
    expect(Array.from(r.factors)).toEqual([65, 120]);
    expect(r.values[0]).toBeCloseTo(30 / 65 * 92.5, 12);
    expect(Number.isNaN(r.values[2])).toBe(true);
  });
});

describe('normalisation error paths', () => {
  it('no probe passes the threshold → clear error', () => {
    const x = new Float64Array([1, 2, 3, 4, 5, 6]);
    expect(() => k.medianNormalize(x, 3, 2)).toThrow(KernelError);
    expect(() => k.medianNormalize(x, 3, 2)).toThrow(/no probe is >= 30 in all 2 arrays/);
    // log2 values fed by mistake: none reaches 30
    const fx = microarray();
    expect(() => k.medianNormalize(columnMajor(fx.log2_expression), 3180, 12)).toThrow(/linear, not log2/);
  });

  it('mismatched lengths → clear error', () => {
    expect(() => k.medianNormalize(new Float64Array(10), 3, 3)).toThrow(/values has length 10 but nProbes × nArrays = 9/);
    expect(() => k.scaleNormalize(new Float64Array(10), 4, 2)).toThrow(/values has length 10 but nRows × nArrays = 8/);
    expect(() => k.medianNormalize(new Float64Array(6), 2.5, 2)).toThrow(/nProbes must be a non-negative integer/);
    expect(() => k.medianNormalize(new Float64Array(0), 0, 0)).toThrow(/at least one array/);
  });

  it('errors leave the instance usable', () => {
    expect(() => k.medianNormalize(new Float64Array(4), 2, 2)).toThrow();
    expect(k.broken).toBe(false);
    expect(k.medianNormalize(new Float64Array([40, 50]), 1, 2).nSelected).toBe(1);
  });
});
