/**
 * Hypergeometric tails and BH against R (tests/fixtures/enrichment-reference.json, written by
 * tests/fixtures/make-enrichment-reference.R with R 4.2): phyper(q - 1, m, n, k, lower.tail = FALSE)
 * from tiny urns to p ~ 1e-300 and beyond (log scale), and p.adjust(method = "BH").
 */
import { describe, it, expect } from 'vitest';
import cdf from '@stdlib/stats-base-dists-hypergeometric-cdf';
import ref from '../fixtures/enrichment-reference.json';
import { dhyper, logDhyper, logPhyper, logUpperTail, phyper, upperTail } from '../../src/stats/hypergeom.ts';
import { pAdjustBH } from '../../src/stats/p-adjust.ts';

interface Case { group: string; q: number; m: number; n: number; k: number; p: number; logp: number | null }
const cases = (ref as unknown as { phyper: Case[] }).phyper;
const DBL_MIN = 2.2250738585072014e-308;
const rel = (a: number, b: number) => (a === b ? 0 : Math.abs(a - b) / Math.abs(b));

describe('upperTail = phyper(q - 1, m, n, k, lower.tail = FALSE)', () => {
  it(`agrees with R to 1e-9 relative on every one of the ${cases.length} reference cases whose p is a normal double`, () => {
    let worst = 0;
    let checked = 0;
    for (const c of cases) {
      const got = upperTail(c.q, c.m, c.n, c.k);
      if (c.p === 0 && c.logp === null) expect(got).toBe(0); // outside the support
      if (c.p < DBL_MIN) continue;
      const e = rel(got, c.p);
      if (e > 1e-9) expect.fail(`q=${c.q} m=${c.m} n=${c.n} k=${c.k}: ${got} vs R ${c.p}`);
      worst = Math.max(worst, e);
      checked++;
    }
    expect(checked).toBeGreaterThan(800);
    expect(worst).toBeLessThan(1e-12);
  });

  it('reaches 1e-300 with full precision (extreme urns)', () => {
    const extreme = cases.filter((c) => c.group === 'extreme' && c.p >= DBL_MIN);
    expect(extreme.some((c) => c.p < 1e-299 && c.p > 1e-308)).toBe(true);
    for (const c of extreme) expect(rel(upperTail(c.q, c.m, c.n, c.k), c.p)).toBeLessThan(1e-11);
    // q = 191, m = 300, n = 19700, k = 300: R gives 1.055923e-299
    expect(upperTail(191, 300, 19700, 300)).toBeCloseTo(1.055923e-299, 304);
  });

  it('keeps the log of tails that underflow a double (log.p = TRUE)', () => {
    let n = 0;
    for (const c of cases) {
      const got = logUpperTail(c.q, c.m, c.n, c.k);
      if (c.logp === null) {
        expect(got).toBe(-Infinity); // R: log(0) outside the support
        continue;
      }
      if (c.logp === 0) expect(Math.abs(got)).toBeLessThan(1e-15);
      else expect(Math.abs(got - c.logp) / Math.abs(c.logp), `q=${c.q} m=${c.m} n=${c.n} k=${c.k}`).toBeLessThan(1e-11);
      if (c.p === 0 && c.logp !== null) n++;
    }
    expect(n).toBeGreaterThan(5); // cases where R's p is 0 but log p is finite (down to -5250)
  });

  it('edge cases: the support bounds, q = 0, empty urns, k = 0', () => {
    expect(upperTail(0, 10, 10, 5)).toBe(1);
    expect(upperTail(-3, 10, 10, 5)).toBe(1);
    expect(upperTail(6, 10, 10, 5)).toBe(0);
    expect(upperTail(5, 10, 10, 5)).toBeCloseTo(dhyper(5, 10, 10, 5), 15);
    expect(upperTail(1, 0, 10, 5)).toBe(0);
    expect(upperTail(5, 10, 0, 5)).toBe(1);
    expect(upperTail(1, 10, 10, 0)).toBe(0);
    expect(upperTail(0, 10, 10, 0)).toBe(1);
    expect(() => upperTail(1, 5, 5, 11)).toThrow(RangeError);
    expect(() => upperTail(1, 5.5, 5, 2)).toThrow(RangeError);
  });

  it('dhyper sums to 1 and the two tails add up (lower + upper = 1)', () => {
    let s = 0;
    for (let x = 0; x <= 40; x++) s += dhyper(x, 40, 160, 60);
    expect(s).toBeCloseTo(1, 13);
    for (const x of [0, 5, 12, 20, 33]) expect(phyper(x, 40, 160, 60) + phyper(x, 40, 160, 60, false)).toBeCloseTo(1, 13);
    expect(Math.exp(logPhyper(11, 40, 160, 60))).toBeCloseTo(phyper(11, 40, 160, 60), 15);
    expect(logDhyper(41, 40, 160, 60)).toBe(-Infinity);
  });

  it('agrees with @stdlib hypergeometric cdf where that is accurate (the bulk of the distribution)', () => {
    // stdlib parametrises as (x, N, K, n): population, successes, draws
    for (const [m, n, k] of [[50, 150, 30], [300, 19700, 300], [120, 2000, 400]] as const) {
      for (let x = 0; x <= 12; x++) {
        const theirs = 1 - cdf(x, m + n, m, k);
        const ours = phyper(x, m, n, k, false);
        if (ours > 1e-2) expect(rel(ours, theirs)).toBeLessThan(1e-7); // stdlib sums densities: ~1e-9 at best
      }
    }
  });
});

describe('p.adjust(method = "BH") (src/stats/p-adjust.ts)', () => {
  const vectors = (ref as unknown as { padjust: { name: string; p: (number | null)[]; BH: (number | null)[] }[] }).padjust;
  for (const v of vectors) {
    it(`equals R on "${v.name}" (${v.p.length} p-values)`, () => {
      const got = pAdjustBH(v.p.map((x) => (x === null ? NaN : x)));
      v.BH.forEach((want, i) => {
        if (want === null) expect(got[i]).toBeNaN();
        else expect(rel(got[i], want), `index ${i}`).toBeLessThan(1e-13);
      });
    });
  }
  it('gives tied p-values the same FDR, whatever their order', () => {
    const a = pAdjustBH([0.03, 0.01, 0.03, 0.03, 0.2]);
    expect(a[0]).toBe(a[2]);
    expect(a[2]).toBe(a[3]);
    const b = pAdjustBH([0.03, 0.03, 0.03, 0.01, 0.2]);
    expect(b[0]).toBe(a[0]);
  });
});
