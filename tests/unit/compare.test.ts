/**
 * Continuous-by-group comparisons against R: every test of the shared groups.json (mgus2) and of
 * cohort-reference.json (GSE24080, tie-heavy hand cases, the demo cohort; with Mann–Whitney W and
 * per-group summaries), to 1e-6 relative; the test policies.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareGroups, midRanks, skewness } from '../../src/stats/compare.ts';
import { analyzeTable } from '../../src/stats/crosstab.ts';
import { chooseCategoricalTest, chooseContinuousTest, isSkewed, testName } from '../../src/stats/test-policy.ts';

const rel = (a: number, b: number): number => (a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(b), 1e-300));
const close = (got: number | undefined, want: number, what: string, tol = 1e-6): void => {
  expect(got, what).toBeDefined();
  expect(rel(got!, want), `${what}: ${got} vs R ${want}`).toBeLessThan(tol);
};

interface Shared {
  name: string; input: { value: number[]; group: string[] }; anova_f: number; anova_p: number; anova_df: number[];
  welch_anova_f: number; welch_anova_p: number; kruskal_h: number; kruskal_p: number; student_t?: number; student_p?: number;
  welch_t?: number; welch_df?: number; welch_p?: number; mann_whitney_p?: number; group_levels: string[];
  mean: number[]; sd: number[]; median: number[]; n: number[];
}
const shared = JSON.parse(readFileSync('tests/fixtures/groups.json', 'utf8')) as Shared[];

describe('compare vs R (shared reference/groups.json, survival::mgus2)', () => {
  for (const c of shared) {
    it(c.name, () => {
      const r = compareGroups(c.input.value, c.input.group);
      expect(r.groups.map((g) => g.name)).toEqual(c.group_levels); // R's factor order, en_US collation
      r.groups.forEach((g, i) => {
        expect(g.n).toBe(c.n[i]);
        close(g.mean, c.mean[i], `mean ${g.name}`);
        close(g.sd, c.sd[i], `sd ${g.name}`);
        close(g.median, c.median[i], `median ${g.name}`);
      });
      close(r.anova.f, c.anova_f, 'ANOVA F');
      close(r.anova.p, c.anova_p, 'ANOVA p');
      expect([r.anova.df1, r.anova.df2]).toEqual(c.anova_df);
      close(r.welchAnova.f, c.welch_anova_f, 'Welch ANOVA F');
      close(r.welchAnova.p, c.welch_anova_p, 'Welch ANOVA p');
      close(r.kruskal.h, c.kruskal_h, 'Kruskal H');
      close(r.kruskal.p, c.kruskal_p, 'Kruskal p');
      if (c.student_t !== undefined) {
        close(r.studentT!.t, c.student_t, 'Student t');
        close(r.studentT!.p, c.student_p!, 'Student p');
        close(r.welchT!.t, c.welch_t!, 'Welch t');
        close(r.welchT!.df, c.welch_df!, 'Welch df');
        close(r.welchT!.p, c.welch_p!, 'Welch p');
        close(r.mannWhitney!.p, c.mann_whitney_p!, 'Mann–Whitney p');
      } else {
        expect(r.studentT).toBeUndefined();
        expect(r.mannWhitney).toBeUndefined();
      }
    });
  }
});

interface Extra {
  name: string; input: { value: number[]; group: string[] }; group_levels: string[];
  anova: { f: number; df1: number; df2: number; p: number }; welch_anova: { f: number; df1: number; df2: number; p: number };
  kruskal: { h: number; df: number; p: number }; student_t?: { t: number; df: number; p: number }; welch_t?: { t: number; df: number; p: number };
  mann_whitney?: { w: number; p: number };
  summary: { n: number[]; mean: number[]; sd: number[]; median: number[]; min: number[]; max: number[] };
}
const extra = (JSON.parse(readFileSync('tests/fixtures/cohort-reference.json', 'utf8')) as { compare: Extra[] }).compare;

describe('compare vs R (cohort-reference.json: W, min/max, ties, demo cohort)', () => {
  for (const c of extra) {
    it(c.name, () => {
      const r = compareGroups(c.input.value, c.input.group);
      expect(r.groups.map((g) => g.name)).toEqual(c.group_levels);
      r.groups.forEach((g, i) => {
        expect(g.n).toBe(c.summary.n[i]);
        for (const k of ['mean', 'sd', 'median', 'min', 'max'] as const) close(g[k], c.summary[k][i], `${k} ${g.name}`);
        expect(g.missing).toBe(0);
      });
      for (const [got, want] of [[r.anova, c.anova], [r.welchAnova, c.welch_anova]] as const) {
        close(got.f, want.f, 'F');
        close(got.df1, want.df1, 'df1');
        close(got.df2, want.df2, 'df2');
        close(got.p, want.p, 'p');
      }
      close(r.kruskal.h, c.kruskal.h, 'H');
      close(r.kruskal.p, c.kruskal.p, 'Kruskal p');
      if (c.mann_whitney) {
        expect(r.mannWhitney!.w).toBe(c.mann_whitney.w);
        close(r.mannWhitney!.p, c.mann_whitney.p, 'Mann–Whitney p');
        for (const [got, want] of [[r.studentT!, c.student_t!], [r.welchT!, c.welch_t!]] as const) {
          close(got.t, want.t, 't');
          close(got.df, want.df, 'df');
          close(got.p, want.p, 'p');
        }
      }
    });
  }

  it('missing values count per group; rows without a group are left out', () => {
    const r = compareGroups([1, 2, null, 4, 5, 6, 7], ['a', 'a', 'a', 'b', 'b', null, 'b']);
    expect(r.groups.map((g) => [g.name, g.n, g.missing])).toEqual([['a', 2, 1], ['b', 3, 0]]);
    expect(r.noGroup).toBe(1);
    expect(r.n).toBe(5);
  });

  it('mid-ranks and ties as R\'s rank()', () => {
    expect(midRanks([3, 1, 3, 2])).toEqual({ ranks: [3.5, 1, 3.5, 2], ties: [1, 1, 2] });
  });
});

describe('test policies', () => {
  const crp = extra.find((c) => c.name.includes('CRP'))!;
  const hb = extra.find((c) => c.name.includes('Hb'))!;
  const split = (c: Extra): number[][] => c.group_levels.map((g) => c.input.value.filter((_, i) => c.input.group[i] === g));

  it('SPSS: classic ANOVA for 3 groups, Student t for 2, whatever the shape', () => {
    const d = chooseContinuousTest('spss', compareGroups(crp.input.value, crp.input.group), split(crp));
    expect(d.test).toBe('anova');
    expect(d.testLabel).toBe(testName('anova'));
    close(d.p!, crp.anova.p, 'ANOVA p');
    expect(d.notes).toContain('skewed');
    expect(d.alternatives.map((a) => a.test)).toEqual(['welch-anova', 'kruskal']);
  });
  it('automatic: skewed CRP (|g1| > 1) → Kruskal–Wallis; Hb (not skewed) → ANOVA', () => {
    expect(isSkewed(split(crp))).toBe(true);
    const d = chooseContinuousTest('automatic', compareGroups(crp.input.value, crp.input.group), split(crp));
    expect(d.test).toBe('kruskal');
    close(d.p!, crp.kruskal.p, 'Kruskal p');
    expect(isSkewed(split(hb))).toBe(false);
    expect(chooseContinuousTest('automatic', compareGroups(hb.input.value, hb.input.group), split(hb)).test).toBe('anova');
  });
  it('automatic, two groups: Welch t when not skewed, Mann–Whitney when skewed', () => {
    const age = extra.find((c) => c.name.includes('age, de novo'))!;
    expect(chooseContinuousTest('automatic', compareGroups(age.input.value, age.input.group), split(age)).test).toBe('welch-t');
    const sk = [[1, 1, 1, 1, 2, 9], [1, 2, 2, 2, 3, 3]];
    expect(Math.abs(skewness(sk[0]))).toBeGreaterThan(1);
    const r = compareGroups(sk.flat(), ['x', 'x', 'x', 'x', 'x', 'x', 'y', 'y', 'y', 'y', 'y', 'y']);
    expect(chooseContinuousTest('automatic', r, sk).test).toBe('mann-whitney');
  });
  it('categorical: SPSS keeps Pearson χ² with the expected<5 note; automatic switches to Fisher', () => {
    const r = analyzeTable([[5, 1], [7, 48]]);
    const s = chooseCategoricalTest('spss', r);
    expect(s.test).toBe('pearson');
    expect(s.notes).toEqual(['expected-below-5']);
    expect(s.testLabel).toBe('Pearson χ²');
    const a = chooseCategoricalTest('automatic', r);
    expect(a.test).toBe('fisher');
    expect(a.testLabel).toBe('Fisher exact');
    close(a.p!, 0.000715564769201365, 'Fisher p');
    expect(chooseCategoricalTest('automatic', analyzeTable([[90, 40, 13], [25, 27, 9]])).test).toBe('pearson');
  });
  it('automatic falls back to Pearson χ² with a note when Fisher is too large', () => {
    const r = analyzeTable([[9, 13, 30, 22, 10, 17, 2, 2, 1], [2, 4, 20, 22, 11, 2, 3, 0, 0], [0, 1, 6, 5, 5, 5, 0, 0, 0]]);
    const d = chooseCategoricalTest('automatic', r);
    expect(d.test).toBe('pearson');
    expect(d.notes).toEqual(['expected-below-5', 'fisher-too-large']);
  }, 20_000);
});
