import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKernelsNode } from '../../src/kernels/load-node.ts';
import { KernelError, type Kernels } from '../../src/kernels/kernels.ts';
import { ROW_STAT_FIELDS, rowStatsTwoGroup } from '../../src/kernels/arrays.ts';
import { rowStatsTwoGroupRef } from '../../src/kernels/arrays-reference.ts';
import { columnMajor, expectRelClose, microarray, mulberry32 } from './helpers.ts';

let k: Kernels;
beforeAll(() => { k = loadKernelsNode(); });

const na = JSON.parse(readFileSync(new URL('../fixtures/limma-na.json', import.meta.url), 'utf8')) as {
  group: string[];
  x: (number | null)[][];
  limma: { logFC: (number | null)[]; aveExpr: (number | null)[]; df_residual: number[]; sigma: (number | null)[] };
};

describe('row statistics: kernel == naive TypeScript', () => {
  it('all 14 fields agree on random data with NA, unused arrays and degenerate rows', () => {
    const rnd = mulberry32(11);
    for (const [n, m] of [[1, 2], [50, 5], [997, 12], [300, 40]] as const) {
      const x = new Float64Array(n * m);
      for (let i = 0; i < x.length; i++) x[i] = rnd() < 0.15 ? NaN : 5 + 3 * rnd();
      // row 0: group 2 absent; row 1: one value per group; row 2: all missing
      const group = Int32Array.from({ length: m }, (_, j) => (j === m - 1 && m > 2 ? -1 : j % 2));
      for (let j = 0; j < m; j++) {
        if (n > 3) {
          if (group[j] === 1) x[j * n] = NaN;
          x[j * n + 1] = j < 2 ? 4 + j : NaN;
          x[j * n + 2] = NaN;
        }
      }
      const a = rowStatsTwoGroup(k, x, n, m, group);
      const b = rowStatsTwoGroupRef(x, n, m, group);
      for (const f of ROW_STAT_FIELDS) expectRelClose(a[f], b[f], 1e-12);
    }
  });
});

describe('row statistics vs limma', () => {
  it('ALL 3180 × 12, B vs T: mean difference = limma logFC', () => {
    const fx = microarray() as ReturnType<typeof microarray> & { group: string[]; limma: { logFC: number[] } };
    const r = rowStatsTwoGroup(k, columnMajor(fx.log2_expression), 3180, 12, fx.group.map((g) => (g === 'B' ? 0 : 1)));
    expectRelClose(r.diff, fx.limma.logFC);
    expect(r.df.every((d) => d === 10)).toBe(true);
    expect(r.sdUnscaled.every((u) => Math.abs(u - Math.sqrt(1 / 3)) < 1e-15)).toBe(true);
  });
  it('with NA: lmFit\'s coefficient, Amean, df.residual and sigma per row (limma-na.json)', () => {
    const r = rowStatsTwoGroup(k, columnMajor(na.x), 600, 12, na.group.map((g) => (g === 'B' ? 0 : 1)));
    expectRelClose(r.diff, na.limma.logFC.map((v) => v ?? NaN));
    expectRelClose(r.aveExpr, na.limma.aveExpr.map((v) => v ?? NaN));
    expect(Array.from(r.df)).toEqual(na.limma.df_residual);
    expectRelClose(r.s2.map(Math.sqrt), na.limma.sigma.map((v) => v ?? NaN));
    // row 1: second group absent → df = 6 − 1, coefficient NA; row 4: one value per group → df 0
    expect([r.df[0], Number.isNaN(r.diff[0]), r.df[3], r.n1[3], r.n2[3]]).toEqual([5, true, 0, 1, 1]);
  });
  it('Student and Welch t as t.test (second − first) on a hand case', () => {
    // x = c(1, 2, 4) (first), y = c(3, 5, 9, 11) (second)
    const x = Float64Array.from([1, 3, 2, 5, 4, 9, NaN, 11]); // 1 row × 8 arrays, alternating groups
    const group = [0, 1, 0, 1, 0, 1, 0, 1];
    const r = rowStatsTwoGroup(k, x, 1, 8, group);
    // R 4.2: t.test(c(3,5,9,11), c(1,2,4), var.equal = TRUE)$statistic = 2.044285811; Welch 2.301585822 on 4.218798151 df
    expect(r.n1[0]).toBe(3);
    expect(r.n2[0]).toBe(4);
    expect(r.studentT[0]).toBeCloseTo(2.044285811, 8);
    expect(r.welchT[0]).toBeCloseTo(2.301585822, 8);
    expect(r.welchDf[0]).toBeCloseTo(4.218798151, 8);
  });
  it('refuses a design with no array in either group and mismatched lengths', () => {
    expect(() => rowStatsTwoGroup(k, Float64Array.from([1, 2]), 1, 2, [-1, 5])).toThrow(/no array/);
    expect(() => rowStatsTwoGroup(k, Float64Array.from([1, 2]), 1, 2, [0])).toThrow(KernelError);
  });
  it('does not leak: 300 calls leave the wasm heap size unchanged', () => {
    const x = columnMajor(microarray().log2_expression);
    const g = Array.from({ length: 12 }, (_, j) => (j < 6 ? 0 : 1));
    rowStatsTwoGroup(k, x, 3180, 12, g);
    const before = k.heapBytes();
    for (let r = 0; r < 300; r++) rowStatsTwoGroup(k, x, 3180, 12, g);
    expect(k.heapBytes()).toBe(before);
  });
});
