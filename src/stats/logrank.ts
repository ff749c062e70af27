/**
 * Log-rank test for k groups, optionally stratified and weighted, as R's
 * `survdiff(Surv(time, status) ~ group [+ strata(s)])` (survival's survdiff2.c + survdiff.R).
 *
 * Within each stratum, at every distinct time with deaths (n at risk, d deaths; group i has nᵢ at
 * risk and dᵢ deaths) and weight w:
 *   O − E:  Uᵢ += w·(dᵢ − d·nᵢ/n)
 *   var:    Vᵢⱼ += w²·d(n−d)/(n(n−1)) · nᵢ(δᵢⱼ − nⱼ/n)      (hypergeometric; nothing when n = 1)
 * summed over strata. χ² = U'V⁻U on the groups with expected > 0, dropping the first of them
 * (the (k−1)×(k−1) submatrix, as survdiff's `solve(vv, temp2)`; here a symmetric generalized
 * inverse that also survives a singular matrix), df = (groups with expected > 0) − 1,
 * p = P(χ²_df > χ²) (upper tail, accurate far into the tail).
 *
 * Weights:
 * - 'logrank' (w = 1): survdiff(rho = 0), the Mantel–Haenszel log-rank test.
 * - 'gehan-breslow' (w = n at risk): SPSS "Breslow (Generalized Wilcoxon)"; in R
 *   `survMisc::comp(ten(fit))` row "GB" (coin::logrank_test(type = "Gehan-Breslow") uses a
 *   permutation variance and differs slightly).
 * - 'tarone-ware' (w = √n): SPSS "Tarone-Ware"; `survMisc::comp(ten(fit))` row "TW".
 * survdiff's own `rho` family (w = S(t−)^rho, Fleming–Harrington G^rho; rho = 1 is Peto–Peto) is
 * a different family and is not one of these.
 *
 * `observed` and `expected` are the unweighted counts Σdᵢ and Σd·nᵢ/n (what survdiff prints for
 * rho = 0); the weighted sums enter only the statistic.
 */
import gammaln from '@stdlib/math-base-special-gammaln';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import { sortLevels } from './km.ts';

/** Weighting of the log-rank family. */
export type LogrankWeights = 'logrank' | 'gehan-breslow' | 'tarone-ware';

/** Options of {@link logrank}. */
export interface LogrankOptions {
  /** Stratum of each subject (null = left out); absent = one stratum. */
  strata?: readonly (string | null)[] | null;
  weights?: LogrankWeights;
  /** Group order; default: sorted as R's factor() (see sortLevels in km.ts). */
  levels?: readonly string[];
}

/** Result of {@link logrank}. */
export interface LogrankResult {
  /** Group levels, in output order. */
  groups: string[];
  n: number[];
  observed: number[];
  expected: number[];
  chisq: number;
  df: number;
  p: number;
  weights: LogrankWeights;
  /** Number of strata (1 when unstratified). */
  strata: number;
  /** The k×k variance matrix of O − E (weighted), row-major. */
  variance: number[][];
}

/**
 * survdiff: k-sample (stratified, weighted) log-rank test. `event` 1/true = death, 0 = censored.
 * Subjects with a null group or null stratum are left out (R's na.action).
 */
export function logrank(
  time: ArrayLike<number>, event: ArrayLike<number | boolean>, group: readonly (string | null)[], opts: LogrankOptions = {},
): LogrankResult {
  const weights = opts.weights ?? 'logrank';
  const nAll = time.length;
  if (event.length !== nAll || group.length !== nAll) throw new RangeError('time, event and group must have the same length');
  const strata = opts.strata ?? null;
  if (strata && strata.length !== nAll) throw new RangeError('strata must have one value per subject');
  const present = [...new Set(group.filter((g): g is string => g !== null))];
  const levels = opts.levels ? opts.levels.filter((l) => present.includes(l)) : sortLevels(present);
  const k = levels.length;
  const gIndex = new Map(levels.map((l, i) => [l, i]));

  const byStratum = new Map<string, number[]>();
  for (let i = 0; i < nAll; i++) {
    const g = group[i];
    const s = strata ? strata[i] : '';
    if (g === null || s === null || !gIndex.has(g)) continue;
    const t = time[i];
    if (!Number.isFinite(t) || t < 0) throw new RangeError(`time[${i}] = ${t} is not a finite non-negative number`);
    let list = byStratum.get(s);
    if (!list) byStratum.set(s, (list = []));
    list.push(i);
  }

  const nPer = new Array<number>(k).fill(0);
  const obs = new Array<number>(k).fill(0);
  const exp = new Array<number>(k).fill(0);
  const u = new Array<number>(k).fill(0);
  const v = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (const idx of byStratum.values()) {
    idx.sort((a, b) => time[a] - time[b]);
    const risk = new Array<number>(k).fill(0);
    for (const i of idx) { risk[gIndex.get(group[i]!)!]++; nPer[gIndex.get(group[i]!)!]++; }
    let nRisk = idx.length;
    let p = 0;
    while (p < idx.length) {
      const t = time[idx[p]];
      const dg = new Array<number>(k).fill(0);
      const leave = new Array<number>(k).fill(0);
      let d = 0;
      while (p < idx.length && time[idx[p]] === t) {
        const gi = gIndex.get(group[idx[p]]!)!;
        const e = Number(event[idx[p]]);
        if (e !== 0 && e !== 1) throw new RangeError(`event[${idx[p]}] = ${event[idx[p]]} is not 0/1`);
        if (e === 1) { dg[gi]++; d++; }
        leave[gi]++;
        p++;
      }
      if (d > 0) {
        const w = weights === 'logrank' ? 1 : weights === 'gehan-breslow' ? nRisk : Math.sqrt(nRisk);
        for (let i = 0; i < k; i++) {
          obs[i] += dg[i];
          exp[i] += (d * risk[i]) / nRisk;
          u[i] += w * (dg[i] - (d * risk[i]) / nRisk);
        }
        if (nRisk > 1) {
          const kt = (w * w * d * (nRisk - d)) / (nRisk * (nRisk - 1));
          for (let i = 0; i < k; i++) {
            const tmp = risk[i] * kt;
            v[i][i] += tmp;
            for (let j = 0; j < k; j++) v[i][j] -= (tmp * risk[j]) / nRisk;
          }
        }
      }
      for (let i = 0; i < k; i++) risk[i] -= leave[i];
      nRisk -= leave.reduce((a, b) => a + b, 0);
    }
  }

  const keep = levels.map((_, i) => i).filter((i) => exp[i] > 0);
  let chisq = 0;
  if (keep.length >= 2) {
    const sub = keep.slice(1);
    const vv = sub.map((i) => sub.map((j) => v[i][j]));
    const uu = sub.map((i) => u[i]);
    const x = solveSymmetric(vv, uu);
    chisq = x.reduce((acc, xi, i) => acc + xi * uu[i], 0);
  }
  const df = Math.max(keep.length - 1, 0);
  return {
    groups: levels, n: nPer, observed: obs, expected: exp, chisq, df,
    p: df > 0 ? chisqUpperTail(chisq, df) : NaN, weights, strata: Math.max(byStratum.size, 1), variance: v,
  };
}

/**
 * x = A⁻b for a symmetric non-negative definite A by a Cholesky (LDLᵀ) decomposition that sets
 * pivots below 1e-9 × the largest diagonal to zero (a generalized inverse, as survival's cholesky2/chsolve2).
 */
export function solveSymmetric(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((r) => r.slice());
  const eps = 1e-9 * Math.max(0, ...m.map((r, i) => Math.abs(r[i])));
  const zero = new Array<boolean>(n).fill(false);
  for (let i = 0; i < n; i++) {
    const piv = m[i][i];
    if (!(piv > eps)) {
      zero[i] = true;
      for (let j = i; j < n; j++) m[j][i] = 0;
      continue;
    }
    for (let j = i + 1; j < n; j++) {
      const temp = m[j][i] / piv;
      m[j][i] = temp;
      m[j][j] -= temp * temp * piv;
      for (let l = j + 1; l < n; l++) m[l][j] -= temp * m[l][i];
    }
  }
  // forward: L y = b
  const y = b.slice();
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) y[i] -= y[j] * m[i][j];
  // D
  for (let i = 0; i < n; i++) y[i] = zero[i] ? 0 : y[i] / m[i][i];
  // back: Lᵀ x = y
  for (let i = n - 1; i >= 0; i--) for (let j = i + 1; j < n; j++) y[i] -= y[j] * m[j][i];
  for (let i = 0; i < n; i++) if (zero[i]) y[i] = 0;
  return y;
}

/**
 * Upper tail P(χ²_df > x) for an integer df, in closed form so that tiny p-values keep their
 * digits (1 − cdf would round to 0 below ~1e-16): even df = 2m: e^{−x/2} Σ_{i<m} (x/2)^i/i!;
 * odd df = 2m+1: 2Φ(−√x) + Σ_{i=1..m} e^{−x/2} (x/2)^{i−1/2}/Γ(i+1/2) (terms in log space).
 * Equals R's pchisq(x, df, lower.tail = FALSE).
 */
export function chisqUpperTail(x: number, df: number): number {
  if (!Number.isInteger(df) || df < 1) throw new RangeError(`df must be a positive integer (got ${df})`);
  if (Number.isNaN(x)) return NaN;
  if (x <= 0) return 1;
  if (x === Infinity) return 0;
  const h = x / 2;
  const lh = Math.log(h);
  let sum = 0;
  if (df % 2 === 0) {
    for (let i = 0; i < df / 2; i++) sum += Math.exp(-h + i * lh - gammaln(i + 1));
  } else {
    sum = 2 * normalCdf(-Math.sqrt(x), 0, 1);
    for (let i = 1; i <= (df - 1) / 2; i++) sum += Math.exp(-h + (i - 0.5) * lh - gammaln(i + 0.5));
  }
  return Math.min(1, sum);
}
