/**
 * Kaplan–Meier estimation exactly as R's survival package computes and prints it:
 * `survfit(Surv(time, status) ~ 1, conf.type = …)` for the curve and its pointwise bands,
 * `print(fit, rmean = …)` / `summary(fit)$table` (survival's internal `survmean`) for the median,
 * its confidence limits and the restricted mean with its standard error, and
 * `summary(fit, times = …)` for survival at chosen times.
 *
 * Conventions (R's):
 * - At a tied time, deaths come before censorings: a subject censored at t is still at risk at t.
 * - `stdErr` is survfit's `std.err`: the Greenwood standard error of the cumulative hazard,
 *   sqrt(Σ d/(n(n−d))), which is also se(log S) = se(S)/S.
 * - Where R prints NA (S = 0 gives an infinite std.err and no log band; log-log has no band at
 *   S = 1; a median that is not reached) the result holds `null`, never NaN or Infinity.
 * - Times must be finite and ≥ 0 (survival starts the area under the curve at min(0, time)).
 */
import quantileNormal from '@stdlib/stats-base-dists-normal-quantile';

/** Pointwise confidence band transform, as `survfit(conf.type = …)`. */
export type ConfType = 'log' | 'log-log' | 'plain';
/** Median rule: 'r' = survival's (first S < 0.5, midpoint on a flat 0.5); 'spss' = first S ≤ 0.5. */
export type MedianRule = 'r' | 'spss';

/** Options of {@link kaplanMeier}. */
export interface KmOptions {
  /** Band transform (default 'log', R's default). */
  confType?: ConfType;
  /** Confidence level of the bands and the median limits (default 0.95). */
  confLevel?: number;
  /** Median rule (default 'r'). */
  medianRule?: MedianRule;
}

/** A Kaplan–Meier curve with R's per-time columns and summary numbers. */
export interface KmFit {
  /** Subjects. */
  n: number;
  /** Deaths (events). */
  events: number;
  /** Distinct observed times, ascending (event and censoring times, as survfit's `time`). */
  time: number[];
  nRisk: number[];
  nEvent: number[];
  nCensor: number[];
  /** S(t) just after each time. */
  surv: number[];
  /** survfit's std.err (se of the cumulative hazard = se(log S)); null where R has NA/Inf. */
  stdErr: (number | null)[];
  lower: (number | null)[];
  upper: (number | null)[];
  /** Median survival (null = not reached). */
  median: number | null;
  /** Lower confidence limit of the median, read off the lower band (null = not reached). */
  medianLower: number | null;
  /** Upper confidence limit of the median, read off the upper band (null = not reached). */
  medianUpper: number | null;
  confType: ConfType;
  confLevel: number;
  medianRule: MedianRule;
}

/** survival's tolerance for "S equals 0.5": .Machine$double.eps^0.5 (as all.equal). */
export const MEDIAN_TOL = 1.4901161193847656e-8;

/** Throws a RangeError unless time and event have the same length, times are finite ≥ 0 and events 0/1. */
function checkInput(time: ArrayLike<number>, event: ArrayLike<number | boolean>): void {
  if (time.length !== event.length) throw new RangeError(`time has ${time.length} values but event has ${event.length}`);
  for (let i = 0; i < time.length; i++) {
    const t = time[i];
    if (!Number.isFinite(t) || t < 0) throw new RangeError(`time[${i}] = ${t} is not a finite non-negative number`);
    const e = Number(event[i]);
    if (e !== 0 && e !== 1) throw new RangeError(`event[${i}] = ${event[i]} is not 0/1`);
  }
}

/** The per-time table of a KM curve (no bands): the core of survfit. */
export interface KmTable {
  time: number[];
  nRisk: number[];
  nEvent: number[];
  nCensor: number[];
  surv: number[];
  /** Greenwood Σ d/(n(n−d)) up to each time (Infinity once n = d). */
  varHaz: number[];
}

/**
 * The KM table (survfit's time, n.risk, n.event, n.censor, surv and the Greenwood sum) for
 * right-censored data. S is updated as S·((n − d)/n) at each time with deaths.
 */
export function kmTable(time: ArrayLike<number>, event: ArrayLike<number | boolean>): KmTable {
  checkInput(time, event);
  const n = time.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => time[a] - time[b]);
  const out: KmTable = { time: [], nRisk: [], nEvent: [], nCensor: [], surv: [], varHaz: [] };
  let atRisk = n;
  let s = 1;
  let v = 0;
  let i = 0;
  while (i < n) {
    const t = time[order[i]];
    let d = 0;
    let c = 0;
    while (i < n && time[order[i]] === t) {
      if (Number(event[order[i]]) === 1) d++; else c++;
      i++;
    }
    if (d > 0) {
      s = s * ((atRisk - d) / atRisk);
      v += atRisk === d ? Infinity : d / (atRisk * (atRisk - d));
    }
    out.time.push(t);
    out.nRisk.push(atRisk);
    out.nEvent.push(d);
    out.nCensor.push(c);
    out.surv.push(s);
    out.varHaz.push(v);
    atRisk -= d + c;
  }
  return out;
}

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

/**
 * Pointwise limits of survival's `survfit_confint` (logse = TRUE): log: exp(log S ± z·se) with the
 * upper limit capped at 1 (none at S = 0); log-log: exp(−exp(log(−log S) ∓ z·se/log S)) (none at
 * S = 0 or 1); plain: S ± z·se·S clipped to [0, 1].
 */
export function confidenceBand(surv: number, se: number, confType: ConfType, z: number): { lower: number | null; upper: number | null } {
  if (confType === 'plain') {
    const se2 = se * surv * z;
    return { lower: finiteOrNull(Math.max(surv - se2, 0)), upper: finiteOrNull(Math.min(surv + se2, 1)) };
  }
  if (confType === 'log') {
    if (surv === 0) return { lower: null, upper: null };
    const se2 = z * se;
    return { lower: finiteOrNull(Math.exp(Math.log(surv) - se2)), upper: finiteOrNull(Math.min(Math.exp(Math.log(surv) + se2), 1)) };
  }
  if (surv === 0 || surv === 1) return { lower: null, upper: null };
  const ls = Math.log(surv);
  const se2 = (z * se) / ls;
  const ll = Math.log(-ls);
  return { lower: finiteOrNull(Math.exp(-Math.exp(ll - se2))), upper: finiteOrNull(Math.exp(-Math.exp(ll + se2))) };
}

/**
 * The time at which a decreasing curve `y` (values at `x`, nulls skipped) reaches 0.5.
 * Rule 'r' is survival's `minmin` (survmean): among the points with y < 0.5 + tol, the first;
 * if its y equals 0.5 within tol and the curve later drops below it, the midpoint of its time
 * and the first time it does. Rule 'spss': the first time y ≤ 0.5 (within tol), no midpoint.
 * Returns null when the curve never gets there ("not reached").
 */
export function medianTime(x: ArrayLike<number>, y: ArrayLike<number | null>, rule: MedianRule = 'r'): number | null {
  let k = -1;
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (v !== null && !Number.isNaN(v) && v < 0.5 + MEDIAN_TOL) { k = i; break; }
  }
  if (k < 0) return null;
  const y1 = y[k] as number;
  if (rule === 'r' && Math.abs(y1 - 0.5) < MEDIAN_TOL) {
    for (let i = k + 1; i < y.length; i++) {
      const v = y[i];
      if (v !== null && !Number.isNaN(v) && v < y1) return (x[k] + x[i]) / 2;
    }
  }
  return x[k];
}

/** Critical value z = qnorm(1 − (1 − level)/2). */
export function zFor(confLevel: number): number {
  if (!(confLevel > 0 && confLevel < 1)) throw new RangeError(`confidence level must be in (0, 1) (got ${confLevel})`);
  return quantileNormal(1 - (1 - confLevel) / 2, 0, 1);
}

/**
 * Kaplan–Meier curve with bands and median, as `survfit(Surv(time, event) ~ 1, conf.type)` and
 * the median columns of `summary(fit)$table`. `event`: 1 (or true) = death, 0 = censored.
 * The median's limits are read off the bands as survmean does (lower limit = first time the lower
 * band is < 0.5, upper limit = same for the upper band). With medianRule 'spss' the same bands are
 * read with the SPSS rule; SPSS's own median CI (median ± z·SE from an estimated SE of the median)
 * is a different construction and is not reproduced.
 */
export function kaplanMeier(time: ArrayLike<number>, event: ArrayLike<number | boolean>, opts: KmOptions = {}): KmFit {
  const confType = opts.confType ?? 'log';
  const confLevel = opts.confLevel ?? 0.95;
  const medianRule = opts.medianRule ?? 'r';
  const z = zFor(confLevel);
  const tb = kmTable(time, event);
  const stdErr: (number | null)[] = [];
  const lower: (number | null)[] = [];
  const upper: (number | null)[] = [];
  for (let i = 0; i < tb.time.length; i++) {
    const se = Math.sqrt(tb.varHaz[i]);
    stdErr.push(finiteOrNull(se));
    const b = confidenceBand(tb.surv[i], se, confType, z);
    lower.push(b.lower);
    upper.push(b.upper);
  }
  return {
    n: time.length,
    events: tb.nEvent.reduce((a, b) => a + b, 0),
    time: tb.time,
    nRisk: tb.nRisk,
    nEvent: tb.nEvent,
    nCensor: tb.nCensor,
    surv: tb.surv,
    stdErr,
    lower,
    upper,
    median: medianTime(tb.time, tb.surv, medianRule),
    medianLower: medianTime(tb.time, lower, medianRule),
    medianUpper: medianTime(tb.time, upper, medianRule),
    confType,
    confLevel,
    medianRule,
  };
}

/** Restricted mean survival time and its standard error. */
export interface RestrictedMean {
  /** Upper limit of integration. */
  tau: number;
  rmean: number;
  se: number;
}

/**
 * Restricted mean ∫₀^τ S(t) dt and its SE exactly as survival's `survmean` (print(fit, rmean=τ)):
 * rectangles under the step curve at the curve's times ≤ τ (then up to τ), and
 * var = Σᵢ d/(n(n−d)) · (area from tᵢ to τ)², with the term 0 where n = d (Miller 1981, pp. 195–196).
 */
export function restrictedMean(
  fit: Pick<KmTable, 'time' | 'surv' | 'nRisk' | 'nEvent'>, tau: number,
): RestrictedMean {
  const { time, surv, nRisk, nEvent } = fit;
  const tt: number[] = [];
  const ss: number[] = [];
  const hh: number[] = [];
  for (let i = 0; i < time.length; i++) {
    if (!(time[i] <= tau)) continue;
    tt.push(time[i]);
    ss.push(surv[i]);
    const r = nRisk[i] - nEvent[i];
    hh.push(r === 0 ? 0 : nEvent[i] / (nRisk[i] * r));
  }
  if (tt.length === 0) { tt.push(tau); ss.push(1); hh.push(0); } else { tt.push(tau); ss.push(ss[ss.length - 1]); hh.push(0); }
  const m = tt.length;
  const rect: number[] = new Array<number>(m);
  let prevT = 0;
  let prevS = 1;
  let mean = 0;
  for (let i = 0; i < m; i++) {
    rect[i] = (tt[i] - prevT) * prevS;
    mean += rect[i];
    prevT = tt[i];
    prevS = ss[i];
  }
  // varmean = sum(cumsum(rev(rect[-1]))^2 * rev(hh)[-1])
  let tail = 0;
  let varmean = 0;
  for (let i = m - 1; i >= 1; i--) {
    tail += rect[i];
    varmean += tail * tail * hh[i - 1];
  }
  return { tau, rmean: mean, se: Math.sqrt(varmean) };
}

/** One row of {@link survivalAt}. */
export interface SurvivalAtRow {
  time: number;
  /** Subjects at risk at `time` (observed time ≥ time). */
  nRisk: number;
  /** Deaths after the previous requested time, up to and including this one. */
  nEvent: number;
  /** Censorings after the previous requested time, up to and including this one. */
  nCensor: number;
  /** S(time); null beyond the last observed time (R drops such rows unless extend = TRUE). */
  surv: number | null;
  stdErr: number | null;
  lower: number | null;
  upper: number | null;
}

/**
 * Survival at chosen times, as `summary(fit, times = …)`: S, std.err and limits of the last curve
 * time ≤ t (1, 0, 1, 1 before the first), the number at risk at t, and the deaths and censorings
 * since the previous requested time. `times` are sorted ascending first. A time beyond the last
 * observed time gets nulls (R leaves the row out).
 */
export function survivalAt(fit: KmFit, times: readonly number[]): SurvivalAtRow[] {
  const sorted = [...times].sort((a, b) => a - b);
  const last = fit.time.length ? fit.time[fit.time.length - 1] : -Infinity;
  const rows: SurvivalAtRow[] = [];
  let prev = -Infinity;
  for (const t of sorted) {
    let k = -1;
    let nEvent = 0;
    let nCensor = 0;
    let nRisk = 0;
    for (let i = 0; i < fit.time.length; i++) {
      const ti = fit.time[i];
      if (ti <= t) k = i;
      if (ti > prev && ti <= t) { nEvent += fit.nEvent[i]; nCensor += fit.nCensor[i]; }
      if (ti >= t) nRisk += fit.nEvent[i] + fit.nCensor[i];
    }
    prev = t;
    if (t > last) {
      rows.push({ time: t, nRisk, nEvent, nCensor, surv: null, stdErr: null, lower: null, upper: null });
    } else if (k < 0) {
      rows.push({ time: t, nRisk, nEvent, nCensor, surv: 1, stdErr: 0, lower: 1, upper: 1 });
    } else {
      rows.push({ time: t, nRisk, nEvent, nCensor, surv: fit.surv[k], stdErr: fit.stdErr[k], lower: fit.lower[k], upper: fit.upper[k] });
    }
  }
  return rows;
}

/** One group's KM fit with both restricted means (see {@link kmByGroup}). */
export interface KmGroupFit extends KmFit {
  /** The group's value ("all" for an ungrouped fit). */
  name: string;
  /** Restricted mean up to the group's own largest time (`rmean = "individual"`; SPSS "Mean"). */
  rmeanIndividual: number;
  rmeanIndividualSe: number;
  /** Restricted mean up to the largest time of all groups (`rmean = "common"`, R's default table). */
  rmeanCommon: number;
  rmeanCommonSe: number;
  /** Upper limits used for the two means. */
  tauIndividual: number;
  tauCommon: number;
}

/**
 * One KM fit per group, as `survfit(Surv(time, event) ~ group)` with `summary(fit,
 * rmean = "individual")$table` and `rmean = "common"` (common limit = the largest observed time
 * over all groups). `group` null or absent → one curve named "all". Groups are returned in
 * `levels` order when given, else sorted as {@link sortLevels}. Subjects whose group is null are
 * left out (R's na.action).
 */
export function kmByGroup(
  time: ArrayLike<number>, event: ArrayLike<number | boolean>, group?: readonly (string | null)[] | null,
  opts: KmOptions & { levels?: readonly string[] } = {},
): KmGroupFit[] {
  const parts = splitByGroup(time, event, group, opts.levels);
  const fits = parts.map((p) => ({ name: p.name, fit: kaplanMeier(p.time, p.event, opts) }));
  const lastOf = (f: KmFit) => (f.time.length ? f.time[f.time.length - 1] : 0);
  const tauCommon = Math.max(...fits.map((f) => lastOf(f.fit)));
  return fits.map(({ name, fit }) => {
    const ind = restrictedMean(fit, lastOf(fit));
    const com = restrictedMean(fit, tauCommon);
    return {
      ...fit, name,
      rmeanIndividual: ind.rmean, rmeanIndividualSe: ind.se, rmeanCommon: com.rmean, rmeanCommonSe: com.se,
      tauIndividual: ind.tau, tauCommon: com.tau,
    };
  });
}

/** Subjects of one group. */
export interface GroupPart { name: string; time: number[]; event: number[]; index: number[] }

/**
 * Splits subjects by group as `survfit(Surv(time, event) ~ group)` does (null group → left out, R's
 * na.omit); one part named "all" when there is no grouping.
 */
export function splitByGroup(
  time: ArrayLike<number>, event: ArrayLike<number | boolean>, group?: readonly (string | null)[] | null, levels?: readonly string[],
): GroupPart[] {
  if (!group) {
    return [{ name: 'all', time: Array.from(time), event: Array.from(event, Number), index: Array.from({ length: time.length }, (_, i) => i) }];
  }
  if (group.length !== time.length) throw new RangeError(`group has ${group.length} values but time has ${time.length}`);
  const present = [...new Set(group.filter((g): g is string => g !== null))];
  const names = levels ? levels.filter((l) => present.includes(l)) : sortLevels(present);
  const byName = new Map(names.map((nm) => [nm, { name: nm, time: [] as number[], event: [] as number[], index: [] as number[] }]));
  for (let i = 0; i < group.length; i++) {
    const g = group[i];
    if (g === null) continue;
    const p = byName.get(g);
    if (!p) continue;
    p.time.push(time[i]);
    p.event.push(Number(event[i]));
    p.index.push(i);
  }
  return names.map((nm) => byName.get(nm)!);
}

/**
 * Level order of R's `factor()` on a character vector: numbers numerically when every level is a
 * number, otherwise sorted as text (locale-independent code-point order after a case-insensitive
 * comparison, close to R's collation in an English locale).
 */
export function sortLevels(levels: readonly string[]): string[] {
  const num = levels.every((l) => l.trim() !== '' && Number.isFinite(Number(l)));
  if (num) return [...levels].sort((a, b) => Number(a) - Number(b));
  return [...levels].sort((a, b) => {
    const la = a.toLowerCase();
    const lb = b.toLowerCase();
    if (la !== lb) return la < lb ? -1 : 1;
    return a < b ? 1 : a > b ? -1 : 0; // R (en_US): lower case first
  });
}
