/**
 * A continuous variable compared across groups, as R computes it (SPEC §4 "Continuous by group"):
 *
 * - per group: n, mean, SD (n − 1), median (mean of the middle two), min, max, and the number of
 *   patients in the group whose value is missing;
 * - two groups: Student t = `t.test(x ~ g, var.equal = TRUE)`, Welch t = `t.test(x ~ g)` (Welch–
 *   Satterthwaite df), Mann–Whitney = `wilcox.test(x ~ g, exact = FALSE, correct = TRUE)` — the
 *   normal approximation with the tie-corrected variance and the 0.5 continuity correction; W is R's
 *   statistic, the rank sum of the first group minus n₁(n₁+1)/2;
 * - any number of groups: one-way ANOVA = `oneway.test(x ~ g, var.equal = TRUE)`, Welch ANOVA =
 *   `oneway.test(x ~ g)`, Kruskal–Wallis = `kruskal.test(x ~ g)` with the tie correction.
 *
 * The first group is the first level (R's factor order; see crosstab.ts `factorLevels`), so a
 * t statistic is mean(first) − mean(second). A statistic that R gives as NA or NaN (for example a
 * group of one, or zero variance in every group) is NaN here and null in JSON. p-values come from
 * upper tails computed directly (no 1 − cdf), so p = 1e-20 keeps its digits.
 */
import fCdf from '@stdlib/stats-base-dists-f-cdf';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import { chisqUpperTail } from './logrank.ts';
import { toFactor } from './crosstab.ts';

/** Descriptive statistics of one group. */
export interface GroupSummary {
  name: string;
  /** Values present. */
  n: number;
  mean: number;
  sd: number;
  median: number;
  min: number;
  max: number;
  /** Patients in the group without a value. */
  missing: number;
}

/** A test with a t statistic. */
export interface TTest { t: number; df: number; p: number }
/** A test with an F statistic. */
export interface FTest { f: number; df1: number; df2: number; p: number }

/** Everything `mmdr compare` reports. */
export interface CompareResult {
  groups: GroupSummary[];
  /** Values kept (group and value present). */
  n: number;
  /** Rows without a group value (left out, as R's na.action does). */
  noGroup: number;
  studentT?: TTest;
  welchT?: TTest;
  mannWhitney?: { w: number; p: number };
  anova: FTest;
  welchAnova: FTest;
  kruskal: { h: number; df: number; p: number };
}

/** P(F_{df1,df2} > f) without cancellation: 1/F is F with the degrees of freedom swapped. */
export function fUpperTail(f: number, df1: number, df2: number): number {
  if (!Number.isFinite(f) || !(df1 > 0) || !(df2 > 0)) return f === Infinity ? 0 : NaN;
  if (f <= 0) return 1;
  return fCdf(1 / f, df2, df1);
}

/** Two-sided p of a t statistic. */
export function tTwoSided(t: number, df: number): number {
  if (!Number.isFinite(t) || !(df > 0)) return NaN;
  return Math.min(1, 2 * tCdf(-Math.abs(t), df));
}

const sum = (x: readonly number[]): number => x.reduce((a, b) => a + b, 0);
const mean = (x: readonly number[]): number => (x.length ? sum(x) / x.length : NaN);
/** Sample variance (n − 1), two-pass. */
export function variance(x: readonly number[]): number {
  if (x.length < 2) return NaN;
  const m = mean(x);
  let s = 0;
  for (const v of x) s += (v - m) * (v - m);
  return s / (x.length - 1);
}
/** R's median (type 7 middle: mean of the two central values for even n). */
export function median(x: readonly number[]): number {
  if (!x.length) return NaN;
  const s = [...x].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

/**
 * Sample skewness g₁ = m₃ / m₂^{3/2} (moment estimator, as e1071::skewness type 1 and
 * moments::skewness); NaN for fewer than 3 values or no spread.
 */
export function skewness(x: readonly number[]): number {
  if (x.length < 3) return NaN;
  const m = mean(x);
  let m2 = 0;
  let m3 = 0;
  for (const v of x) { const d = v - m; m2 += d * d; m3 += d * d * d; }
  m2 /= x.length;
  m3 /= x.length;
  return m2 > 0 ? m3 / m2 ** 1.5 : NaN;
}

/** Mid-ranks (R's rank(ties.method = "average")) and the tie sizes. */
export function midRanks(x: readonly number[]): { ranks: number[]; ties: number[] } {
  const idx = x.map((_, i) => i).sort((a, b) => x[a] - x[b]);
  const ranks = new Array<number>(x.length);
  const ties: number[] = [];
  for (let i = 0; i < idx.length;) {
    let j = i;
    while (j + 1 < idx.length && x[idx[j + 1]] === x[idx[i]]) j++;
    const r = (i + j + 2) / 2;
    for (let k = i; k <= j; k++) ranks[idx[k]] = r;
    ties.push(j - i + 1);
    i = j + 1;
  }
  return { ranks, ties };
}

/** Summary of one group's values (missing counted separately by the caller). */
export function summarize(name: string, x: readonly number[], missing = 0): GroupSummary {
  let min = Infinity;
  let max = -Infinity;
  for (const v of x) { if (v < min) min = v; if (v > max) max = v; }
  return {
    name, n: x.length, mean: mean(x), sd: Math.sqrt(variance(x)), median: median(x),
    min: x.length ? min : NaN, max: x.length ? max : NaN, missing,
  };
}

/** `t.test(x, y, var.equal = TRUE)`. */
export function studentT(x: readonly number[], y: readonly number[]): TTest {
  const n1 = x.length;
  const n2 = y.length;
  const df = n1 + n2 - 2;
  const v = ((n1 - 1) * variance(x) + (n2 - 1) * variance(y)) / df;
  const t = (mean(x) - mean(y)) / Math.sqrt(v * (1 / n1 + 1 / n2));
  return { t, df, p: tTwoSided(t, df) };
}

/** `t.test(x, y)` (Welch, Welch–Satterthwaite df). */
export function welchT(x: readonly number[], y: readonly number[]): TTest {
  const a = variance(x) / x.length;
  const b = variance(y) / y.length;
  const se2 = a + b;
  const df = (se2 * se2) / ((a * a) / (x.length - 1) + (b * b) / (y.length - 1));
  const t = (mean(x) - mean(y)) / Math.sqrt(se2);
  return { t, df, p: tTwoSided(t, df) };
}

/** `wilcox.test(x, y, exact = FALSE, correct = TRUE)`: W and the normal-approximation p. */
export function mannWhitney(x: readonly number[], y: readonly number[]): { w: number; p: number } {
  const nx = x.length;
  const ny = y.length;
  const { ranks, ties } = midRanks([...x, ...y]);
  let rx = 0;
  for (let i = 0; i < nx; i++) rx += ranks[i];
  const w = rx - (nx * (nx + 1)) / 2;
  let z = w - (nx * ny) / 2;
  const tieSum = ties.reduce((a, t) => a + (t * t * t - t), 0);
  const sigma = Math.sqrt((nx * ny / 12) * (nx + ny + 1 - tieSum / ((nx + ny) * (nx + ny - 1))));
  z = (z - Math.sign(z) * 0.5) / sigma;
  const p = Number.isFinite(z) ? Math.min(1, 2 * normalCdf(-Math.abs(z), 0, 1)) : NaN;
  return { w, p };
}

/** `oneway.test(x ~ g, var.equal = TRUE)`: the classic one-way ANOVA F. */
export function oneWayAnova(groups: readonly (readonly number[])[]): FTest {
  const k = groups.length;
  const all = groups.flat();
  const N = all.length;
  const grand = mean(all);
  let ssb = 0;
  let ssw = 0;
  for (const g of groups) {
    const m = mean(g);
    ssb += g.length * (m - grand) * (m - grand);
    for (const v of g) ssw += (v - m) * (v - m);
  }
  const df1 = k - 1;
  const df2 = N - k;
  const f = ssb / df1 / (ssw / df2);
  return { f, df1, df2, p: fUpperTail(f, df1, df2) };
}

/** `oneway.test(x ~ g, var.equal = FALSE)`: Welch's heteroscedastic ANOVA. */
export function welchAnova(groups: readonly (readonly number[])[]): FTest {
  const k = groups.length;
  const n = groups.map((g) => g.length);
  const m = groups.map(mean);
  const v = groups.map(variance);
  const w = n.map((ni, i) => ni / v[i]);
  const sw = sum(w);
  const tmp = sum(w.map((wi, i) => (1 - wi / sw) ** 2 / (n[i] - 1))) / (k * k - 1);
  const mw = sum(w.map((wi, i) => wi * m[i])) / sw;
  const f = sum(w.map((wi, i) => wi * (m[i] - mw) ** 2)) / ((k - 1) * (1 + 2 * (k - 2) * tmp));
  const df1 = k - 1;
  const df2 = 1 / (3 * tmp);
  return { f, df1, df2, p: fUpperTail(f, df1, df2) };
}

/** `kruskal.test(x ~ g)`: H with the tie correction, χ² on k − 1 df. */
export function kruskalWallis(groups: readonly (readonly number[])[]): { h: number; df: number; p: number } {
  const all = groups.flat();
  const N = all.length;
  const { ranks, ties } = midRanks(all);
  let at = 0;
  let s = 0;
  for (const g of groups) {
    let r = 0;
    for (let i = 0; i < g.length; i++) r += ranks[at++];
    s += (r * r) / g.length;
  }
  const tieSum = ties.reduce((a, t) => a + (t * t * t - t), 0);
  const h = ((12 * s) / (N * (N + 1)) - 3 * (N + 1)) / (1 - tieSum / (N * N * N - N));
  const df = groups.length - 1;
  return { h, df, p: df > 0 && Number.isFinite(h) ? chisqUpperTail(h, df) : NaN };
}

/** Options of {@link compareGroups}. */
export interface CompareOptions {
  /** Group order (and the groups kept); default: R's factor() order of the group values. */
  levels?: readonly string[];
}

/**
 * Compares `values` across `groups` (same length; null = missing). Rows with no group are left
 * out (counted in `noGroup`); rows with a group but no value count as that group's `missing`.
 * Groups without any value are kept in `groups` (n = 0) but take no part in the tests.
 */
export function compareGroups(values: readonly (number | null)[], groups: readonly (string | null)[], opts: CompareOptions = {}): CompareResult {
  if (values.length !== groups.length) throw new RangeError(`compareGroups: ${values.length} values but ${groups.length} group labels`);
  const fac = toFactor(groups, opts.levels);
  const data = fac.levels.map(() => [] as number[]);
  const missing = fac.levels.map(() => 0);
  let noGroup = 0;
  values.forEach((v, i) => {
    const g = fac.codes[i];
    if (g === null) { noGroup++; return; }
    if (v === null || !Number.isFinite(v)) missing[g]++;
    else data[g].push(v);
  });
  const summaries = fac.levels.map((name, g) => summarize(name, data[g], missing[g]));
  const used = data.filter((d) => d.length > 0);
  const out: CompareResult = {
    groups: summaries,
    n: used.reduce((a, d) => a + d.length, 0),
    noGroup,
    anova: oneWayAnova(used),
    welchAnova: welchAnova(used),
    kruskal: kruskalWallis(used),
  };
  if (used.length === 2) {
    out.studentT = studentT(used[0], used[1]);
    out.welchT = welchT(used[0], used[1]);
    out.mannWhitney = mannWhitney(used[0], used[1]);
  }
  return out;
}
