/**
 * Which test produces the p-value of a table row (SPEC §4 "two named test policies"):
 *
 * - **'spss'** (the paper: SPSS 13, "chi-square test … independent samples T-test or one-way
 *   ANOVA"): categorical rows → Pearson χ² (no continuity correction); continuous rows → Student t
 *   for two groups, classic one-way ANOVA for more.
 * - **'automatic'** (gtsummary-like): categorical rows → Fisher's exact test when any expected count
 *   is below 5, Pearson χ² otherwise (if the table is too large for an exact Fisher test, Pearson χ²
 *   is kept and a footnote says so); continuous rows → Wilcoxon rank-sum (Mann–Whitney) for two
 *   groups or Kruskal–Wallis for more when the variable is *skewed*, otherwise Welch's t for two
 *   groups (R's t.test default, as gtsummary's "t.test") and classic one-way ANOVA for more
 *   (gtsummary's "aov").
 *
 * "Skewed" (a Shapiro-free rule, stated in the footnotes): the moment skewness g₁ (see
 * compare.ts `skewness`) exceeds 1 in absolute value in at least one group with 3 or more values.
 *
 * Each decision records the test that produced the p (a stable id and a localized name for the
 * footnote) and the alternatives, so a reader can see every p-value a table could have shown.
 */
import { msg } from '@lit/localize';
import type { CrosstabResult } from './crosstab.ts';
import { skewness, type CompareResult } from './compare.ts';

/** The two named policies. */
export type TestPolicy = 'spss' | 'automatic';
/** Every test a table row can use (stable ids, also used in exported tables). */
export type TestId = 'pearson' | 'fisher' | 'yates' | 'student-t' | 'welch-t' | 'mann-whitney' | 'anova' | 'welch-anova' | 'kruskal';

/** |g₁| above this in any group makes a variable "skewed" under the automatic policy. */
export const SKEW_THRESHOLD = 1;

/** Localized name of a test, as footnotes print it. */
export function testName(id: TestId): string {
  switch (id) {
    case 'pearson': return msg('Pearson χ²', { id: 'stats.test.pearson' });
    case 'fisher': return msg('Fisher exact', { id: 'stats.test.fisher' });
    case 'yates': return msg('χ² with Yates correction', { id: 'stats.test.yates' });
    case 'student-t': return msg('Student t', { id: 'stats.test.studentT' });
    case 'welch-t': return msg('Welch t', { id: 'stats.test.welchT' });
    case 'mann-whitney': return msg('Mann–Whitney U (Wilcoxon rank-sum)', { id: 'stats.test.mannWhitney' });
    case 'anova': return msg('one-way ANOVA', { id: 'stats.test.anova' });
    case 'welch-anova': return msg('Welch ANOVA', { id: 'stats.test.welchAnova' });
    case 'kruskal': return msg('Kruskal–Wallis', { id: 'stats.test.kruskal' });
  }
}

/** Localized name of a policy. */
export function policyName(p: TestPolicy): string {
  return p === 'spss'
    ? msg('SPSS (as in the paper)', { id: 'stats.policy.spss' })
    : msg('Automatic (gtsummary-like)', { id: 'stats.policy.automatic' });
}

/** Why the chosen test differs from the policy's first choice, or what the reader must know. */
export type DecisionNote = 'expected-below-5' | 'fisher-too-large' | 'skewed' | 'too-few-groups';

/** The test behind one p-value. */
export interface TestDecision {
  test: TestId | null;
  /** Localized name of `test` ('' when no test could be run). */
  testLabel: string;
  p: number | null;
  /** The statistic of the test (χ², t, F, W or H) and its df where it has one. */
  statistic: number | null;
  df: number | null;
  /** Second df of an F test (ANOVA, Welch ANOVA). */
  df2: number | null;
  notes: DecisionNote[];
  /** Every other p the row could have shown. */
  alternatives: { test: TestId; p: number | null }[];
}

const num = (x: number | null | undefined): number | null => (x === null || x === undefined || !Number.isFinite(x) ? null : x);

function decision(test: TestId | null, p: number | null | undefined, statistic: number | null | undefined, df: number | null | undefined, notes: DecisionNote[], alternatives: { test: TestId; p: number | null }[], df2?: number): TestDecision {
  return { test, testLabel: test ? testName(test) : '', p: num(p), statistic: num(statistic), df: num(df), df2: num(df2), notes, alternatives: alternatives.filter((a) => a.test !== test) };
}

/** Picks the p of a crosstab under a policy. */
export function chooseCategoricalTest(policy: TestPolicy, r: CrosstabResult): TestDecision {
  const alts: { test: TestId; p: number | null }[] = [
    { test: 'pearson', p: num(r.pearson.p) }, { test: 'fisher', p: num(r.fisher.p) },
    ...(r.yates ? [{ test: 'yates' as const, p: num(r.yates.p) }] : []),
  ];
  const nonEmptyRows = r.rowTotals.filter((x) => x > 0).length;
  const nonEmptyCols = r.colTotals.filter((x) => x > 0).length;
  if (nonEmptyRows < 2 || nonEmptyCols < 2) return decision(null, null, null, null, ['too-few-groups'], alts);
  const notes: DecisionNote[] = [];
  const sparse = r.pearson.cellsExpectedBelow5 > 0;
  if (sparse) notes.push('expected-below-5');
  if (policy === 'automatic' && sparse) {
    if (r.fisher.p !== null) return decision('fisher', r.fisher.p, null, null, notes, alts);
    notes.push('fisher-too-large');
  }
  return decision('pearson', r.pearson.p, r.pearson.chisq, r.pearson.df, notes, alts);
}

/** True when any group with ≥ 3 values has |skewness| > SKEW_THRESHOLD. */
export function isSkewed(groups: readonly (readonly number[])[]): boolean {
  return groups.some((g) => g.length >= 3 && Math.abs(skewness(g)) > SKEW_THRESHOLD);
}

/** Picks the p of a continuous comparison under a policy (`values` = each group's values). */
export function chooseContinuousTest(policy: TestPolicy, r: CompareResult, values: readonly (readonly number[])[]): TestDecision {
  const two = r.studentT !== undefined;
  const alts: { test: TestId; p: number | null }[] = two
    ? [{ test: 'student-t', p: num(r.studentT!.p) }, { test: 'welch-t', p: num(r.welchT!.p) }, { test: 'mann-whitney', p: num(r.mannWhitney!.p) }]
    : [];
  alts.push({ test: 'anova', p: num(r.anova.p) }, { test: 'welch-anova', p: num(r.welchAnova.p) }, { test: 'kruskal', p: num(r.kruskal.p) });
  const used = values.filter((v) => v.length > 0);
  if (used.length < 2) return decision(null, null, null, null, ['too-few-groups'], alts);
  const skewed = isSkewed(used);
  const notes: DecisionNote[] = skewed ? ['skewed'] : [];
  if (policy === 'spss') {
    return two ? decision('student-t', r.studentT!.p, r.studentT!.t, r.studentT!.df, notes, alts) : decision('anova', r.anova.p, r.anova.f, r.anova.df1, notes, alts, r.anova.df2);
  }
  if (skewed) {
    return two ? decision('mann-whitney', r.mannWhitney!.p, r.mannWhitney!.w, null, notes, alts) : decision('kruskal', r.kruskal.p, r.kruskal.h, r.kruskal.df, notes, alts);
  }
  return two ? decision('welch-t', r.welchT!.p, r.welchT!.t, r.welchT!.df, notes, alts) : decision('anova', r.anova.p, r.anova.f, r.anova.df1, notes, alts, r.anova.df2);
}
