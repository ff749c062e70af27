import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import trigamma from '@stdlib/math-base-special-trigamma';
import { loadKernelsNode } from '../../src/kernels/load-node.ts';
import type { Kernels } from '../../src/kernels/kernels.ts';
import { rowStatsTwoGroup } from '../../src/kernels/arrays.ts';
import { rowStatsTwoGroupRef } from '../../src/kernels/arrays-reference.ts';
import { eBayes, fitFDist, squeezeVar, tetragamma, tmixtureVector, topTable, trigammaInverse } from '../../src/stats/limma.ts';
import { pAdjustBH } from '../../src/stats/p-adjust.ts';
import { columnMajor, expectRelClose } from '../kernels/helpers.ts';

interface LimmaRef {
  logFC: (number | null)[]; t: (number | null)[]; p: (number | null)[]; adj_p_bh: (number | null)[]; B: (number | null)[];
  s2_prior: number; df_prior: number;
}
const all = JSON.parse(readFileSync('tests/fixtures/microarray.json', 'utf8')) as { group: string[]; log2_expression: number[][]; limma: LimmaRef };
const na = JSON.parse(readFileSync('tests/fixtures/limma-na.json', 'utf8')) as {
  group: string[]; x: (number | null)[][];
  limma: LimmaRef & { aveExpr: (number | null)[]; df_total: number[] };
  p_adjust: { p: (number | null)[]; bh: (number | null)[] };
};
const nn = (a: (number | null)[]) => a.map((v) => v ?? NaN);

let k: Kernels;
beforeAll(() => { k = loadKernelsNode(); });

function fitOf(x: Float64Array, nP: number, groups: string[], wasm = true) {
  const g = groups.map((s) => (s === 'B' ? 0 : 1));
  const rs = wasm ? rowStatsTwoGroup(k, x, nP, groups.length, g) : rowStatsTwoGroupRef(x, nP, groups.length, g);
  return { coefficients: rs.diff, stdevUnscaled: rs.sdUnscaled, sigma2: rs.s2, dfResidual: rs.df, aMean: rs.aveExpr };
}

describe('limma lmFit + eBayes + topTable(adjust = "BH") on ALL (3180 × 12, B vs T): microarray.json', () => {
  const ref = all.limma;
  for (const [name, wasm] of [['wasm row statistics', true], ['TS row statistics', false]] as const) {
    it(`${name}: logFC, t, P.Value, adj.P.Val, B, s2.prior, df.prior to 1e-6`, () => {
      const fit = fitOf(columnMajor(all.log2_expression), 3180, all.group, wasm);
      const eb = eBayes(fit);
      const tt = topTable(fit, eb);
      expect(Math.abs(eb.s2Prior / ref.s2_prior - 1)).toBeLessThan(1e-6);
      expect(Math.abs(eb.dfPrior / ref.df_prior - 1)).toBeLessThan(1e-6);
      expectRelClose(tt.logFC, nn(ref.logFC));
      expectRelClose(tt.t, nn(ref.t));
      expectRelClose(tt.pValue, nn(ref.p));
      expectRelClose(tt.adjPValue, nn(ref.adj_p_bh));
      expectRelClose(tt.B, nn(ref.B));
      expect(eb.warnings).toEqual([]);
    });
  }
});

describe('limma with missing values (limma 3.54.1 on 600 × 12 with NA: limma-na.json)', () => {
  it('per-probe df, df.total capped at the pooled df, t, p, BH, B and the prior', () => {
    const fit = fitOf(columnMajor(na.x), 600, na.group);
    const eb = eBayes(fit);
    const tt = topTable(fit, eb);
    expect(Math.abs(eb.s2Prior / na.limma.s2_prior - 1)).toBeLessThan(1e-6);
    expect(Math.abs(eb.dfPrior / na.limma.df_prior - 1)).toBeLessThan(1e-6);
    expectRelClose(eb.dfTotal, na.limma.df_total);
    expectRelClose(tt.aveExpr, nn(na.limma.aveExpr));
    expectRelClose(tt.t, nn(na.limma.t));
    expectRelClose(tt.pValue, nn(na.limma.p));
    expectRelClose(tt.adjPValue, nn(na.limma.adj_p_bh));
    expectRelClose(tt.B, nn(na.limma.B));
    // a probe with one value per group (df 0) still gets a moderated t on df.prior
    expect(fit.dfResidual[3]).toBe(0);
    expect(Number.isFinite(eb.t[3])).toBe(true);
  });
});

describe('limma building blocks', () => {
  it('tetragamma matches the derivative of trigamma', () => {
    for (const x of [0.05, 0.5, 1, 2.5, 7, 14.9, 15, 40, 1e3]) {
      const h = 1e-5 * x;
      const num = (trigamma(x + h) - trigamma(x - h)) / (2 * h);
      expect(Math.abs(tetragamma(x) / num - 1), String(x)).toBeLessThan(1e-6);
    }
  });
  it('trigammaInverse solves trigamma(y) = x, with limma\'s special cases', () => {
    for (const x of [1e-5, 0.01, 0.3, 1, 5, 100, 1e6]) expect(Math.abs(trigamma(trigammaInverse(x)) / x - 1), String(x)).toBeLessThan(1e-7);
    expect(trigammaInverse(1e8)).toBe(1 / Math.sqrt(1e8));
    expect(trigammaInverse(1e-7)).toBe(1e7);
    expect(trigammaInverse(-1)).toBeNaN();
  });
  it('fitFDist: equal variances give d0 = Inf and the pooled variance (limma since 2017)', () => {
    const f = fitFDist([0.2, 0.2, 0.2, 0.2], 4);
    expect(f.df2).toBe(Infinity);
    expect(f.scale).toBeCloseTo(0.2, 15);
    const s = squeezeVar([0.2, 0.2, 0.2, 0.2], 4);
    expect(Array.from(s.varPost)).toEqual([0.2, 0.2, 0.2, 0.2].map(() => s.varPrior));
  });
  it('fitFDist: zero variances are offset and reported; NA and df 0 are left out', () => {
    const f = fitFDist([0, 0.1, 0.3, NaN, 0.2, 0.5], [4, 4, 4, 4, 4, 0]);
    expect(f.warnings).toHaveLength(1);
    expect(Number.isFinite(f.scale)).toBe(true);
    expect(fitFDist([0.3], 2)).toMatchObject({ scale: 0.3, df2: 0 });
    expect(fitFDist([0.3, 0.4], 0).df2).toBeNaN();
  });
  it('tmixtureVector: NA when too few statistics, and within the limits', () => {
    expect(tmixtureVector([], [], [], 0.01, null)).toBeNaN();
    const v = tmixtureVector([10, 1, 0.5, -8], [0.5, 0.5, 0.5, 0.5], [10, 10, 10, 10], 0.5, [0.1, 3]);
    expect(v).toBeGreaterThanOrEqual(0.1);
    expect(v).toBeLessThanOrEqual(3);
  });
  it('eBayes refuses fits with no residual df, as limma', () => {
    expect(() => eBayes({ coefficients: [1, 2], stdevUnscaled: [1, 1], sigma2: [NaN, NaN], dfResidual: [0, 0] })).toThrow(/no residual degrees of freedom/);
  });
});

describe('p.adjust(method = "BH")', () => {
  it('matches R with NA and ties', () => {
    expectRelClose(pAdjustBH(nn(na.p_adjust.p)), nn(na.p_adjust.bh), 1e-12);
  });
  it('is monotone in p and capped at 1', () => {
    const p = [0.9, 0.01, 0.5, 0.02, 1, 0.03];
    const a = pAdjustBH(p);
    const o = p.map((_, i) => i).sort((x, y) => p[x] - p[y]);
    for (let r = 1; r < o.length; r++) expect(a[o[r]]).toBeGreaterThanOrEqual(a[o[r - 1]]);
    expect(Math.max(...a)).toBe(1);
  });
});
