import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';
import { logrank, chisqUpperTail, solveSymmetric } from '../../src/stats/logrank.ts';

/** survdiff answers from R (tests/fixtures/PROVENANCE.md). */
interface LrCase {
  name: string; formula: string;
  input: { time: number[]; status: number[]; group: string[]; strata: string[] | Record<string, never> };
  chisq: number; df: number; p: number; observed: number[]; expected: number[]; group_levels: string[];
}
const cases = JSON.parse(readFileSync('tests/fixtures/logrank.json', 'utf8')) as LrCase[];
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describe('log-rank = survdiff (tests/fixtures/logrank.json)', () => {
  let worst = 0;
  for (const c of cases) {
    it(`${c.name}: ${c.formula}`, () => {
      const levels = c.group_levels.map((l) => l.replace(/^[^=]*=/, ''));
      const strata = Array.isArray(c.input.strata) ? c.input.strata : null;
      const r = logrank(c.input.time, c.input.status, c.input.group, { strata, levels });
      expect(r.groups).toEqual(levels);
      expect(r.df).toBe(c.df);
      expect(r.observed).toEqual(c.observed);
      for (const [a, b, what] of [[r.chisq, c.chisq, 'chisq'], [r.p, c.p, 'p'], ...r.expected.map((e, i) => [e, c.expected[i], `expected[${i}]`] as const)] as const) {
        const e = rel(a as number, b as number);
        worst = Math.max(worst, e);
        expect(e, `${what}: got ${a}, R ${b}`).toBeLessThanOrEqual(1e-6);
      }
      expect(r.strata).toBe(strata ? new Set(strata).size : 1);
    });
  }
  it('max relative error against survdiff', () => {
    console.info(`logrank reference: max relative error ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(1e-6);
  });

  it('default level order is R factor order (mgus2 sex: F, M)', () => {
    const c = cases[0];
    expect(logrank(c.input.time, c.input.status, c.input.group).groups).toEqual(['F', 'M']);
  });
});

describe('weighted log-rank (Gehan–Breslow, Tarone–Ware)', () => {
  // two groups, hand-computable: A: 1(d) 3(d) 5(c); B: 2(d) 4(d) 6(d)
  const time = [1, 3, 5, 2, 4, 6];
  const event = [1, 1, 0, 1, 1, 1];
  const group = ['A', 'A', 'A', 'B', 'B', 'B'];
  /** Direct formula: U = Σ w (d_A − d n_A/n), V = Σ w² d (n−d)/(n−1) · n_A/n (1 − n_A/n). */
  function direct(weight: (n: number) => number): number {
    const at = [[3, 3, 1, 1], [2, 3, 0, 1], [2, 2, 1, 1], [1, 2, 0, 1], [0, 1, 0, 1]]; // [nA, nB, dA, d] at t = 1, 2, 3, 4, 6
    let u = 0;
    let v = 0;
    for (const [nA, nB, dA, d] of at) {
      const n = nA + nB;
      const w = weight(n);
      u += w * (dA - (d * nA) / n);
      if (n > 1) v += w * w * ((d * (n - d)) / (n - 1)) * (nA / n) * (1 - nA / n);
    }
    return (u * u) / v;
  }
  it('log-rank, Gehan–Breslow (w = n) and Tarone–Ware (w = √n) match the textbook formula', () => {
    expect(logrank(time, event, group).chisq).toBeCloseTo(direct(() => 1), 12);
    expect(logrank(time, event, group, { weights: 'gehan-breslow' }).chisq).toBeCloseTo(direct((n) => n), 12);
    expect(logrank(time, event, group, { weights: 'tarone-ware' }).chisq).toBeCloseTo(direct(Math.sqrt), 12);
  });

  it('observed/expected stay the unweighted counts; the weighted statistic differs', () => {
    const a = logrank(time, event, group);
    const b = logrank(time, event, group, { weights: 'gehan-breslow' });
    expect(b.observed).toEqual(a.observed);
    expect(b.expected).toEqual(a.expected);
    expect(b.chisq).not.toBeCloseTo(a.chisq, 6);
  });
});

describe('edge cases', () => {
  it('a group with no events still counts (expected > 0): df = k − 1', () => {
    const r = logrank([1, 2, 3, 4, 5, 6], [1, 1, 1, 0, 0, 0], ['a', 'a', 'a', 'b', 'b', 'b']);
    expect(r.observed).toEqual([3, 0]);
    expect(r.df).toBe(1);
    expect(r.p).toBeGreaterThan(0);
    expect(r.p).toBeLessThan(0.05);
  });

  it('a group whose subjects all leave before the first death has expected 0 and is dropped from df (survdiff)', () => {
    const r = logrank([1, 2, 5, 6, 7, 8], [0, 0, 1, 1, 0, 1], ['z', 'z', 'a', 'a', 'b', 'b']);
    expect(r.expected[r.groups.indexOf('z')]).toBe(0);
    expect(r.df).toBe(1);
  });

  it('nobody died: chisq 0, df 0, no p-value', () => {
    const r = logrank([1, 2, 3], [0, 0, 0], ['a', 'b', 'a']);
    expect(r.chisq).toBe(0);
    expect(r.df).toBe(0);
    expect(Number.isNaN(r.p)).toBe(true);
  });

  it('null group or stratum values are left out', () => {
    const r = logrank([1, 2, 3, 4], [1, 1, 1, 1], ['a', null, 'b', 'a'], { strata: ['x', 'x', 'x', null] });
    expect(r.n).toEqual([1, 1]);
  });
});

describe('chi-square upper tail', () => {
  it('agrees with 1 − @stdlib chisquare cdf where that is accurate', () => {
    for (const df of [1, 2, 3, 4, 5, 8, 13]) {
      for (const x of [0.01, 0.5, 1, 3.84, 7, 12, 25]) {
        expect(rel(chisqUpperTail(x, df), 1 - chisquareCdf(x, df))).toBeLessThan(1e-9);
      }
    }
  });
  it('keeps its digits far in the tail (pchisq(314.376, 2, lower = FALSE) = 5.42e-69)', () => {
    expect(rel(chisqUpperTail(314.376470086716, 2), 5.42021982762221e-69)).toBeLessThan(1e-9);
    expect(chisqUpperTail(400, 1)).toBeGreaterThan(0);
    expect(chisqUpperTail(0, 3)).toBe(1);
  });
  it('generalized inverse: a singular variance matrix does not blow up', () => {
    expect(solveSymmetric([[2, 0], [0, 0]], [4, 1])).toEqual([2, 0]);
    const x = solveSymmetric([[4, 2], [2, 3]], [2, 1]);
    expect(x[0] * 4 + x[1] * 2).toBeCloseTo(2, 12);
    expect(x[0] * 2 + x[1] * 3).toBeCloseTo(1, 12);
  });
});
