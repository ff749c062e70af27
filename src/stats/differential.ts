/**
 * Differential expression between two groups of arrays (SPEC §4 Arrays): fold changes (ratio of
 * linear means and 2^difference of log2 means), Welch and Student t, and limma's moderated t
 * (lmFit + eBayes + topTable(adjust = "BH")), with BH-adjusted p-values and up/down counts at a
 * fold-change cut-off. The row-wise work runs in the wasm kernel (src/kernels/arrays.ts); the
 * empirical Bayes step is src/stats/limma.ts.
 *
 * Direction everywhere: second group − first group (logFC > 0 = higher in the second group), as
 * limma's coefficient of `~ factor(g, levels = c(first, second))`.
 */
import { msg, str } from '@lit/localize';
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import type { Kernels } from '../kernels/kernels.ts';
import { rowStatsTwoGroup } from '../kernels/arrays.ts';
import { eBayes, topTable } from './limma.ts';
import { pAdjustBH } from './p-adjust.ts';

/** The test: limma's moderated t, Welch's t, or Student's (pooled-variance) t. */
export type DeMethod = 'moderated' | 'welch' | 'student';

/** Which fold change the cut-off applies to. */
export type FoldChangeBasis = 'linear' | 'log2';

/** Two groups of arrays. */
export interface GroupAssignment {
  /** Per array: 0 = first group, 1 = second group, -1 = not in the comparison. */
  groupOfArray: Int32Array;
  /** Labels of the first and second group. */
  labels: [string, string];
}

/** A problem with the group assignment (too few groups, an empty group). Localized message. */
export class GroupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GroupError';
  }
}

/**
 * Groups from one label per array (null/'' = array not used). The first group is `order[0]` when
 * given, else the first label to appear; the second likewise (R's `factor(levels = …)`). Throws a
 * {@link GroupError} when there are not exactly two groups (without `order`) or a group is empty.
 */
export function groupsFromLabels(labels: readonly (string | null | undefined)[], order?: readonly [string, string]): GroupAssignment {
  const seen: string[] = [];
  for (const l of labels) if (l != null && l !== '' && !seen.includes(l)) seen.push(l);
  let pair: [string, string];
  if (order) {
    pair = [order[0], order[1]];
    for (const g of pair) {
      if (!seen.includes(g)) throw new GroupError(msg(str`no array is in group "${g}"`, { id: 'de.emptyGroup' }));
    }
    if (pair[0] === pair[1]) throw new GroupError(msg('the two groups must differ', { id: 'de.sameGroup' }));
  } else {
    if (seen.length !== 2) {
      throw new GroupError(msg(str`a comparison needs exactly two groups of arrays (found ${seen.length}: ${seen.join(', ')})`, { id: 'de.needTwoGroups' }));
    }
    pair = [seen[0], seen[1]];
  }
  const groupOfArray = Int32Array.from(labels, (l) => (l === pair[0] ? 0 : l === pair[1] ? 1 : -1));
  return { groupOfArray, labels: pair };
}

/** Input of {@link differentialExpression}. */
export interface DeInput {
  /** Probe ids, one per row. */
  probes: readonly string[];
  /** log2 expression, nProbes × nArrays column-major (NaN = missing). */
  log2: Float64Array;
  /**
   * The same values on the linear scale (e.g. normalized intensities before log2, negative values
   * included) for the ratio of linear means; default 2^log2.
   */
  linear?: Float64Array;
  nArrays: number;
  groups: GroupAssignment;
}

/** Options of {@link differentialExpression}. */
export interface DeOptions {
  /** Default 'moderated' (limma). */
  method?: DeMethod;
  /** Fold-change cut-off for the up/down counts, >= 1 (default 2, the paper's). */
  foldChangeCutoff?: number;
  /** 'linear' (default): ratio of linear group means, as the paper; 'log2': 2^logFC. */
  foldChangeBasis?: FoldChangeBasis;
  /** limma eBayes proportion (default 0.01). */
  proportion?: number;
  /** limma eBayes stdev.coef.lim (default [0.1, 4]). */
  stdevCoefLim?: [number, number];
}

/** A differential-expression table, column-wise (one entry per probe in input order). */
export interface DeResult {
  method: DeMethod;
  /** The groups compared: label and number of arrays. logFC = second − first. */
  groups: [{ label: string; arrays: number }, { label: string; arrays: number }];
  probes: string[];
  /** Non-missing values per probe in each group. */
  n1: Float64Array;
  n2: Float64Array;
  /** Group means of the log2 values. */
  mean1: Float64Array;
  mean2: Float64Array;
  /** Group means of the linear values. */
  linearMean1: Float64Array;
  linearMean2: Float64Array;
  /** mean2 − mean1 of the log2 values (limma logFC). */
  logFC: Float64Array;
  /** Mean of all log2 values of the probe in both groups (limma AveExpr). */
  aveExpr: Float64Array;
  /** linearMean2 / linearMean1 (the paper's fold change; the other way round is its inverse). */
  foldChangeLinear: Float64Array;
  /** 2^logFC (ratio of geometric means). */
  foldChangeLog2: Float64Array;
  /** Test statistic, p-value, BH-adjusted p-value and the df of the p-value; null when fold change only. */
  t: Float64Array | null;
  p: Float64Array | null;
  adjP: Float64Array | null;
  df: Float64Array | null;
  /** limma's B (log-odds of differential expression); moderated t only. */
  B: Float64Array | null;
  /** limma's prior: s2.prior, df.prior (may be Infinity), var.prior; moderated t only. */
  prior: { s2: number; df: number; varPrior: number } | null;
  /** True when the design allows no test (e.g. one pooled array per group): fold change only. */
  foldChangeOnly: boolean;
  /** Why there are no p-values (localized), or null. */
  foldChangeOnlyReason: string | null;
  /** The cut-off and basis used for {@link DeResult.up} / {@link DeResult.down}. */
  foldChangeCutoff: number;
  foldChangeBasis: FoldChangeBasis;
  /** Probes with fold change >= cut-off / <= 1/cut-off (no significance filter). */
  up: number;
  down: number;
  /** Localized notes (limma's warnings, dropped values). */
  warnings: string[];
}

/**
 * Differential expression of every probe between two groups of arrays.
 * - `moderated`: limma `lmFit(y, model.matrix(~ g))`, `eBayes()`, `topTable(coef = 2, adjust = "BH")`
 *   (NA values left out per probe as lmFit does); t, P.Value, adj.P.Val, B, s2.prior, df.prior.
 * - `student`: `t.test(var.equal = TRUE)` per probe (second − first); BH over the probes.
 * - `welch`: `t.test()` (Welch) per probe; BH over the probes.
 * With one array in each group (moderated/student), or fewer than two in a group (welch), no test is
 * possible: the result has fold changes only, `foldChangeOnly` set and the reason.
 */
export function differentialExpression(k: Kernels, input: DeInput, opts: DeOptions = {}): DeResult {
  const method = opts.method ?? 'moderated';
  const cutoff = opts.foldChangeCutoff ?? 2;
  const basis = opts.foldChangeBasis ?? 'linear';
  if (!(cutoff >= 1)) throw new RangeError(msg(str`the fold-change cut-off must be at least 1 (got ${cutoff})`, { id: 'de.badCutoff' }));
  const nP = input.probes.length;
  const nA = input.nArrays;
  const g = input.groups.groupOfArray;
  if (g.length !== nA) throw new RangeError(`groups: ${g.length} entries for ${nA} arrays`);
  const a1 = g.reduce((s, v) => s + (v === 0 ? 1 : 0), 0);
  const a2 = g.reduce((s, v) => s + (v === 1 ? 1 : 0), 0);
  for (const [n, label] of [[a1, input.groups.labels[0]], [a2, input.groups.labels[1]]] as const) {
    if (n === 0) throw new GroupError(msg(str`no array is in group "${label}"`, { id: 'de.emptyGroup' }));
  }
  const rs = rowStatsTwoGroup(k, input.log2, nP, nA, g);
  const linearValues = input.linear ?? input.log2.map((v) => 2 ** v);
  const lin = rowStatsTwoGroup(k, linearValues, nP, nA, g);
  const foldChangeLinear = new Float64Array(nP);
  const foldChangeLog2 = new Float64Array(nP);
  for (let i = 0; i < nP; i++) {
    foldChangeLinear[i] = lin.mean2[i] / lin.mean1[i];
    foldChangeLog2[i] = 2 ** rs.diff[i];
  }
  const warnings: string[] = [];
  let t: Float64Array | null = null;
  let p: Float64Array | null = null;
  let df: Float64Array | null = null;
  let B: Float64Array | null = null;
  let prior: DeResult['prior'] = null;
  let reason: string | null = null;

  if (method === 'welch' ? a1 < 2 || a2 < 2 : a1 + a2 < 3) {
    reason = method === 'welch'
      ? msg('Welch\'s t needs at least two arrays in each group: fold change only, no p-values', { id: 'de.welchNeedsTwo' })
      : msg('With one array per group (e.g. pooled samples, as in the paper) there is no replicate to estimate variance: fold change only, no p-values', { id: 'de.pooledDesign' });
  } else if (method === 'moderated') {
    const fit = { coefficients: rs.diff, stdevUnscaled: rs.sdUnscaled, sigma2: rs.s2, dfResidual: rs.df, aMean: rs.aveExpr };
    const eb = eBayes(fit, { proportion: opts.proportion, stdevCoefLim: opts.stdevCoefLim });
    const tt = topTable(fit, eb);
    t = tt.t;
    p = tt.pValue;
    df = eb.dfTotal;
    B = tt.B;
    prior = { s2: eb.s2Prior, df: eb.dfPrior, varPrior: eb.varPrior };
    warnings.push(...eb.warnings);
  } else {
    t = method === 'welch' ? rs.welchT : rs.studentT;
    df = method === 'welch' ? rs.welchDf : rs.df.map((d, i) => (Number.isNaN(rs.studentT[i]) ? NaN : d));
    p = new Float64Array(nP);
    for (let i = 0; i < nP; i++) p[i] = Number.isNaN(t[i]) ? NaN : 2 * tCdf(-Math.abs(t[i]), df[i]);
  }
  const adjP = p ? pAdjustBH(p) : null;
  const res: DeResult = {
    method,
    groups: [{ label: input.groups.labels[0], arrays: a1 }, { label: input.groups.labels[1], arrays: a2 }],
    probes: input.probes.slice(),
    n1: rs.n1, n2: rs.n2, mean1: rs.mean1, mean2: rs.mean2, linearMean1: lin.mean1, linearMean2: lin.mean2,
    logFC: rs.diff, aveExpr: rs.aveExpr, foldChangeLinear, foldChangeLog2,
    t, p, adjP, df, B, prior,
    foldChangeOnly: reason !== null,
    foldChangeOnlyReason: reason,
    foldChangeCutoff: cutoff,
    foldChangeBasis: basis,
    up: 0,
    down: 0,
    warnings,
  };
  const cls = classifyProbes(res, { cutoff, basis });
  for (const c of cls) { if (c > 0) res.up++; else if (c < 0) res.down++; }
  return res;
}

/** Filter of {@link classifyProbes}. */
export interface RegulationFilter {
  /** Fold-change cut-off (>= 1); default the result's. */
  cutoff?: number;
  /** Default the result's basis. */
  basis?: FoldChangeBasis;
  /** Also require p <= maxP (ignored when the result has no p-values). */
  maxP?: number;
  /** Also require BH-adjusted p <= maxAdjP (ignored when the result has no p-values). */
  maxAdjP?: number;
}

/**
 * Per probe: 1 = up (fold change >= cut-off), -1 = down (fold change <= 1/cut-off), 0 otherwise or
 * missing; optionally also significant. A linear-mean ratio with a non-positive mean (possible
 * after background subtraction) counts as it compares, like the paper's spreadsheet arithmetic.
 */
export function classifyProbes(res: DeResult, f: RegulationFilter = {}): Int8Array {
  const cutoff = f.cutoff ?? res.foldChangeCutoff;
  const fc = (f.basis ?? res.foldChangeBasis) === 'linear' ? res.foldChangeLinear : res.foldChangeLog2;
  const out = new Int8Array(fc.length);
  for (let i = 0; i < fc.length; i++) {
    if (f.maxP !== undefined && res.p && !(res.p[i] <= f.maxP)) continue;
    if (f.maxAdjP !== undefined && res.adjP && !(res.adjP[i] <= f.maxAdjP)) continue;
    if (fc[i] >= cutoff) out[i] = 1;
    else if (fc[i] <= 1 / cutoff) out[i] = -1;
  }
  return out;
}

/** Counts of {@link classifyProbes}. */
export function countRegulated(res: DeResult, f: RegulationFilter = {}): { up: number; down: number } {
  let up = 0;
  let down = 0;
  for (const c of classifyProbes(res, f)) { if (c > 0) up++; else if (c < 0) down++; }
  return { up, down };
}

/** One probe of `mmdr de` (SPEC §6); null where R prints NA. */
export interface DeRow {
  id: string;
  logFC: number | null;
  aveExpr: number | null;
  t: number | null;
  p: number | null;
  adjP: number | null;
  B?: number | null;
  foldChangeLinear: number | null;
}

const num = (v: number | undefined): number | null => (v === undefined || !Number.isFinite(v) ? null : v);

/** The SPEC §6 `mmdr de` JSON rows of a result (B only for the moderated t). */
export function deRows(res: DeResult): DeRow[] {
  const withB = res.method === 'moderated';
  return res.probes.map((id, i) => ({
    id,
    logFC: num(res.logFC[i]),
    aveExpr: num(res.aveExpr[i]),
    t: num(res.t?.[i]),
    p: num(res.p?.[i]),
    adjP: num(res.adjP?.[i]),
    ...(withB ? { B: num(res.B?.[i]) } : {}),
    foldChangeLinear: num(res.foldChangeLinear[i]),
  }));
}
