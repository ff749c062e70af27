import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKernelsNode } from '../../src/kernels/load-node.ts';
import { KernelError, type Kernels } from '../../src/kernels/kernels.ts';
import { quantileNormalize } from '../../src/kernels/arrays.ts';
import { approxRef, quantileNormalizeRef, rankAverageRef } from '../../src/kernels/arrays-reference.ts';
import { columnMajor, expectRelClose, microarray, mulberry32 } from './helpers.ts';

let k: Kernels;
beforeAll(() => { k = loadKernelsNode(); });

/** tests/fixtures/limma-na.json (limma 3.54.1, see make-limma-na.R). */
const na = JSON.parse(readFileSync(new URL('../fixtures/limma-na.json', import.meta.url), 'utf8')) as {
  x: (number | null)[][];
  quantile_na: (number | null)[][];
  ties_input: number[][];
  ties_quantile: number[][];
  ties_na_input: (number | null)[][];
  ties_na_quantile: (number | null)[][];
};

describe('quantile normalisation vs limma::normalizeBetweenArrays(method = "quantile")', () => {
  const fx = microarray() as ReturnType<typeof microarray> & { quantile_normalized: number[][] };
  const x = columnMajor(fx.log2_expression);
  const want = columnMajor(fx.quantile_normalized);

  it('wasm reproduces every value of the ALL 3180 × 12 reference to 1e-6', () => {
    expectRelClose(quantileNormalize(k, x, 3180, 12), want);
  });
  it('the plain TS reference reproduces it too', () => {
    expectRelClose(quantileNormalizeRef(x, 3180, 12), want);
  });
  it('every normalized array has the same sorted values (the mean quantiles)', () => {
    const q = quantileNormalize(k, x, 3180, 12);
    const s0 = q.slice(0, 3180).sort();
    for (let j = 1; j < 12; j++) expectRelClose(q.slice(j * 3180, (j + 1) * 3180).sort(), s0, 1e-12);
  });
  it('does not modify its input', () => {
    const copy = x.slice();
    quantileNormalize(k, copy, 3180, 12);
    expect(copy).toEqual(x);
  });
});

describe('quantile normalisation: missing values and ties, vs limma 3.54.1 (limma-na.json)', () => {
  it('8 % NA scattered, an all-NA row and rows with few values (600 × 12)', () => {
    const x = columnMajor(na.x);
    expectRelClose(quantileNormalize(k, x, 600, 12), columnMajor(na.quantile_na));
    expectRelClose(quantileNormalizeRef(x, 600, 12), columnMajor(na.quantile_na));
  });
  it('heavy ties (values rounded to 0.5): tied values get the quantile at their average rank', () => {
    expectRelClose(quantileNormalize(k, columnMajor(na.ties_input), 300, 12), columnMajor(na.ties_quantile));
  });
  it('ties and NA together', () => {
    expectRelClose(quantileNormalize(k, columnMajor(na.ties_na_input), 300, 12), columnMajor(na.ties_na_quantile));
  });
});

describe('quantile normalisation: kernel == plain TS translation of the R code', () => {
  it('random matrices with NA, ties, ±Inf-free values of every magnitude', () => {
    const rnd = mulberry32(7);
    for (const [n, m, pNa, round] of [[2, 2, 0, 0], [5, 3, 0.1, 1], [37, 4, 0.2, 2], [500, 7, 0.05, 0], [1001, 2, 0.3, 1]] as const) {
      const x = new Float64Array(n * m);
      for (let i = 0; i < x.length; i++) {
        let v = (rnd() - 0.3) * 1e3 * rnd();
        if (round) v = Math.round(v / (round * 50)) * round;
        x[i] = rnd() < pNa ? NaN : v;
      }
      // keep >= 2 values per column
      for (let j = 0; j < m; j++) { x[j * n] = j; x[j * n + 1] = -j; }
      expectRelClose(quantileNormalize(k, x, n, m), quantileNormalizeRef(x, n, m), 1e-12);
    }
  });
  it('rankAverageRef and approxRef behave as R (rank(c(3,1,3,NA,2)); approx on a grid)', () => {
    expect(Array.from(rankAverageRef([3, 1, 3, NaN, 2]))).toEqual([3.5, 1, 3.5, NaN, 2]);
    expect(approxRef([0, 0.5, 1], [10, 20, 40], 0.75)).toBe(30);
    expect(approxRef([0, 0.5, 1], [10, 20, 40], 0.5)).toBe(20);
  });
});

describe('quantile normalisation: edge cases', () => {
  it('one array is returned unchanged (as R)', () => {
    const x = Float64Array.from([3, NaN, 1]);
    expect(Array.from(quantileNormalize(k, x, 3, 1))).toEqual([3, NaN, 1]);
  });
  it('two tied arrays: identical distributions stay put', () => {
    const x = Float64Array.from([1, 2, 2, 5, 1, 2, 2, 5]);
    expect(Array.from(quantileNormalize(k, x, 4, 2))).toEqual([1, 2, 2, 5, 1, 2, 2, 5]);
  });
  it('ties = FALSE gives the k-th smallest value the k-th mean quantile', () => {
    const x = Float64Array.from([1, 1, 3, 10, 20, 30]);
    // m = mean of sorted columns: (1+10)/2, (1+20)/2, (3+30)/2
    expect(Array.from(quantileNormalize(k, x, 3, 2, { ties: false }))).toEqual([5.5, 10.5, 16.5, 5.5, 10.5, 16.5]);
    // with ties = TRUE both 1s get the mean of the first two quantiles
    expect(Array.from(quantileNormalize(k, x, 3, 2))).toEqual([8, 8, 16.5, 5.5, 10.5, 16.5]);
  });
  it('refuses an array with fewer than two values, and a single probe, as R does', () => {
    expect(() => quantileNormalize(k, Float64Array.from([1, 2, NaN, 3]), 2, 2)).toThrow(/array 2 has fewer than 2 values/);
    expect(() => quantileNormalize(k, Float64Array.from([1, 2]), 1, 2)).toThrow(KernelError);
    expect(() => quantileNormalize(k, Float64Array.from([1, 2, 3]), 2, 2)).toThrow(/length 3/);
  });
  it('does not leak: 300 calls on 3180 × 12 leave the wasm heap size unchanged', () => {
    const x = columnMajor(microarray().log2_expression);
    quantileNormalize(k, x, 3180, 12);
    const before = k.heapBytes();
    for (let r = 0; r < 300; r++) quantileNormalize(k, x, 3180, 12);
    expect(k.heapBytes()).toBe(before);
  });
});
