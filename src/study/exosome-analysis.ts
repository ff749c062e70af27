/**
 * The Exosome QC analysis (SPEC §2; paper Figures 1B and 2A) from a study's exosome data and
 * settings: per-sample NTA numbers and their group summaries (src/stats/nta.ts), the curves to
 * draw, and the RNA-yield comparison — mean ± SD per group, the chosen two-group test on the chosen
 * pair with its alternatives, every pair, and the test across all groups when there are three or
 * more (src/stats/compare.ts, which matches R's t.test, wilcox.test(exact = FALSE), oneway.test and
 * kruskal.test).
 *
 * Runs in the analysis worker (src/worker/api/exosome-api.ts) and under Node in the tests; pure.
 */
import { meanDistribution, meanSd, ntaGroupSummaries, ntaStats, type NtaGroupSummary, type NtaStats } from '../stats/nta.ts';
import { kruskalWallis, mannWhitney, median, oneWayAnova, studentT, welchAnova, welchT } from '../stats/compare.ts';
import type { ExosomeData } from './model.ts';
import type { ExosomeSettings, RnaGroupTest, RnaTest } from './exosome-settings.ts';

/** One NTA sample's numbers and curve (concentrations × the dilution factor when the setting asks). */
export interface NtaSampleResult {
  fileId: string;
  fileName: string;
  sampleName: string;
  group: string;
  dilution: number | null;
  /** Factor applied to the exported concentrations (1, or the dilution factor). */
  scale: number;
  stats: NtaStats;
  binCentres: number[];
  concentration: number[];
}

/** A two-group test result in one shape (statistic t or W; df null for Mann–Whitney). */
export interface TwoGroupTest {
  test: RnaTest;
  statistic: number;
  df: number | null;
  p: number | null;
}

/** A test across all groups (F or H). */
export interface ManyGroupTest {
  test: RnaGroupTest;
  statistic: number;
  df1: number;
  df2: number | null;
  p: number | null;
}

/** RNA yield of one group. */
export interface RnaGroupResult {
  name: string;
  n: number;
  missing: number;
  mean: number | null;
  sd: number | null;
  median: number | null;
  min: number | null;
  max: number | null;
  /** The samples' values (missing ones left out), in table order. */
  values: { sample: string; value: number }[];
}

/** The three two-group tests of one pair. */
export interface PairResult {
  a: string;
  b: string;
  student: TwoGroupTest | null;
  welch: TwoGroupTest | null;
  mannWhitney: TwoGroupTest | null;
}

/** The RNA-yield comparison. */
export interface RnaResult {
  groups: RnaGroupResult[];
  /** The pair on the figure (null with fewer than two groups). */
  pair: [string, string] | null;
  /** The chosen test on that pair. */
  test: TwoGroupTest | null;
  /** All three tests on that pair. */
  pairTests: PairResult | null;
  /** Every pair of groups (no multiplicity adjustment, as the paper). */
  pairwise: PairResult[];
  /** With ≥ 3 groups: classic ANOVA, Welch ANOVA and Kruskal–Wallis; the chosen one first in `chosen`. */
  overall: { anova: ManyGroupTest | null; welchAnova: ManyGroupTest | null; kruskal: ManyGroupTest | null; chosen: ManyGroupTest | null } | null;
  /** RNA samples with no NTA file of the same name, and NTA samples with no RNA row (QC hints). */
  rnaWithoutNta: string[];
  ntaWithoutRna: string[];
}

/** Everything the Exosome QC view shows. */
export interface ExosomeResult {
  /** Groups in display order: the RNA table's order, then NTA-only groups; '' (no group) last if present. */
  groups: string[];
  samples: NtaSampleResult[];
  ntaGroups: NtaGroupSummary[];
  /** Mean curve of each group (only groups whose samples share bins). */
  groupMeans: { group: string; binCentres: number[]; concentration: number[] }[];
  rna: RnaResult | null;
}

const finiteOrNull = (x: number | null | undefined): number | null => (x == null || !Number.isFinite(x) ? null : x);

const t2 = (test: RnaTest, r: { t: number; df: number; p: number }): TwoGroupTest | null =>
  (Number.isFinite(r.t) ? { test, statistic: r.t, df: r.df, p: finiteOrNull(r.p) } : null);

/** The three two-group tests of xa vs xb (compare.ts: t.test var.equal TRUE/FALSE, wilcox.test exact = FALSE). */
export function pairTests(a: string, b: string, xa: readonly number[], xb: readonly number[]): PairResult {
  const mw = xa.length && xb.length ? mannWhitney(xa, xb) : null;
  return {
    a, b,
    student: t2('student', studentT(xa, xb)),
    welch: t2('welch', welchT(xa, xb)),
    mannWhitney: mw && Number.isFinite(mw.w) && Number.isFinite(mw.p) ? { test: 'mann-whitney', statistic: mw.w, df: null, p: mw.p } : null,
  };
}

const many = (test: RnaGroupTest, statistic: number, df1: number, df2: number | null, p: number): ManyGroupTest | null =>
  (Number.isFinite(statistic) ? { test, statistic, df1, df2, p: finiteOrNull(p) } : null);

/** The tests across all groups (compare.ts: oneway.test var.equal TRUE/FALSE, kruskal.test). */
export function overallTests(values: readonly (readonly number[])[]): { anova: ManyGroupTest | null; welchAnova: ManyGroupTest | null; kruskal: ManyGroupTest | null } {
  const a = oneWayAnova(values);
  const w = welchAnova(values);
  const k = kruskalWallis(values);
  return {
    anova: many('anova', a.f, a.df1, a.df2, a.p),
    welchAnova: many('welch-anova', w.f, w.df1, w.df2, w.p),
    kruskal: many('kruskal', k.h, k.df, null, k.p),
  };
}

/** Group order: RNA table groups first (their order), then NTA groups in order of appearance; '' last. */
export function exosomeGroups(data: ExosomeData): string[] {
  const out: string[] = [];
  for (const g of data.rna?.groups ?? []) if (!out.includes(g)) out.push(g);
  for (const s of data.samples) if (s.group !== '' && !out.includes(s.group)) out.push(s.group);
  if (data.samples.some((s) => s.group === '')) out.push('');
  return out;
}

/** Runs the whole Exosome QC analysis. */
export function analyzeExosome(data: ExosomeData, settings: ExosomeSettings): ExosomeResult {
  const groups = exosomeGroups(data);
  const samples: NtaSampleResult[] = data.samples.map((s) => {
    const scale = settings.dilution === 'multiply' && s.dilution ? s.dilution : 1;
    return {
      fileId: s.fileId, fileName: s.fileName, sampleName: s.sampleName, group: s.group, dilution: s.dilution, scale,
      stats: ntaStats(s.binCentres, s.concentration, scale),
      binCentres: s.binCentres,
      concentration: scale === 1 ? s.concentration : s.concentration.map((c) => c * scale),
    };
  });
  const named = groups.filter((g) => g !== '');
  const ntaGroups = ntaGroupSummaries(samples, named).filter((g) => g.n > 0);
  const groupMeans = named.flatMap((g) => {
    const m = meanDistribution(samples.filter((s) => s.group === g).map((s) => ({ binCentres: s.binCentres, concentration: s.concentration, scale: 1 })));
    return m ? [{ group: g, ...m }] : [];
  });
  return { groups, samples, ntaGroups, groupMeans, rna: data.rna ? analyzeRna(data, settings) : null };
}

/** The RNA-yield part of the analysis. */
export function analyzeRna(data: ExosomeData, settings: Pick<ExosomeSettings, 'test' | 'groupTest' | 'pair'>): RnaResult | null {
  const t = data.rna;
  if (!t) return null;
  const groups: RnaGroupResult[] = t.groups.map((name) => {
    const rows = t.rows.filter((r) => r.group === name);
    const values = rows.filter((r) => r.concentration != null).map((r) => ({ sample: r.sample, value: r.concentration as number }));
    const xs = values.map((v) => v.value);
    const m = meanSd(xs);
    return {
      name, n: xs.length, missing: rows.length - xs.length, mean: m.mean, sd: m.sd, median: xs.length ? median(xs) : null,
      min: xs.length ? Math.min(...xs) : null, max: xs.length ? Math.max(...xs) : null, values,
    };
  });
  const testable = groups.filter((g) => g.n > 0);
  const names = testable.map((g) => g.name);
  const valuesOf = (g: string) => testable.find((x) => x.name === g)!.values.map((v) => v.value);
  let pair: [string, string] | null = null;
  if (settings.pair && names.includes(settings.pair[0]) && names.includes(settings.pair[1])) pair = settings.pair;
  else if (names.length >= 2) pair = [names[0], names[1]];
  const pairwise: PairResult[] = [];
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) pairwise.push(pairTests(names[i], names[j], valuesOf(names[i]), valuesOf(names[j])));
  }
  const pt = pair ? pairwise.find((p) => (p.a === pair![0] && p.b === pair![1])) ?? pairTests(pair[0], pair[1], valuesOf(pair[0]), valuesOf(pair[1])) : null;
  const pick = (p: PairResult | null): TwoGroupTest | null =>
    !p ? null : settings.test === 'welch' ? p.welch : settings.test === 'mann-whitney' ? p.mannWhitney : p.student;
  let overall: RnaResult['overall'] = null;
  if (names.length >= 3) {
    const o = overallTests(names.map(valuesOf));
    overall = { ...o, chosen: settings.groupTest === 'welch-anova' ? o.welchAnova : settings.groupTest === 'kruskal' ? o.kruskal : o.anova };
  }
  const ntaNames = new Set(data.samples.map((s) => s.sampleName.toLowerCase()));
  const rnaNames = new Set(t.rows.map((r) => r.sample.toLowerCase()));
  return {
    groups, pair, test: pick(pt), pairTests: pt, pairwise, overall,
    rnaWithoutNta: data.samples.length ? t.rows.filter((r) => !ntaNames.has(r.sample.toLowerCase())).map((r) => r.sample) : [],
    ntaWithoutRna: data.samples.filter((s) => !rnaNames.has(s.sampleName.toLowerCase())).map((s) => s.sampleName),
  };
}
