/**
 * Logistic regression exactly as R's `glm(y ~ …, family = binomial)` fits it, and as
 * `summary(fit)` and `confint.default(fit)` report it (SPEC §4, the paper's "multivariate
 * analysis"):
 *
 * - IRLS from glm.fit's start (μ = (y + 0.5)/2), R's clamped logit (|η| > 30 → ε), convergence when
 *   |dev − dev_old| / (|dev| + 0.1) < 1e-8, at most 25 iterations; each step a weighted least-squares
 *   fit by Householder QR with R's limited column pivoting (dqrdc2, tolerance 1e-11): a predictor
 *   that is a linear combination of earlier ones is *aliased* (R prints NA) and left out;
 * - standard errors from the inverse Fisher information of the last weighted fit
 *   (chol2inv(R), dispersion 1), Wald z = b/se, p = 2Φ(−|z|), odds ratio e^b and the Wald interval
 *   exp(b ± qnorm(0.975)·se) (= exp(confint.default));
 * - complete cases only (R's na.omit); categorical predictors with treatment contrasts against
 *   their first level (R's factor order unless given).
 *
 * Honest reporting: `converged` is false when 25 iterations were not enough (R warns "algorithm did
 * not converge"); `fittedZeroOrOne` counts fitted probabilities within 10·ε of 0 or 1 (R warns
 * "fitted probabilities numerically 0 or 1 occurred"); `separation` is a check R does not make:
 * after R's fit, IRLS is continued (up to 25 more steps); under complete or quasi-complete
 * separation the likelihood has no maximum and the linear predictor keeps drifting, so a drift of
 * more than 1 on the logit scale (or non-convergence) flags it and names the terms that drift.
 * Estimates, SEs and ORs of a separated fit are meaningless (R returns huge SEs, as here).
 */
import { msg, str } from '@lit/localize';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import quantileNormal from '@stdlib/stats-base-dists-normal-quantile';
import { toFactor } from './crosstab.ts';

const DBL_EPSILON = 2.220446049250313e-16;
const THRESH = 30;
const MTHRESH = -30;
const INVEPS = 1 / DBL_EPSILON;

/** R's C_logit_linkinv. */
function linkinv(eta: number): number {
  const tmp = eta < MTHRESH ? DBL_EPSILON : eta > THRESH ? INVEPS : Math.exp(eta);
  return tmp / (1 + tmp);
}
/** R's C_logit_mu_eta. */
function muEta(eta: number): number {
  const opexp = 1 + Math.exp(eta);
  return eta > THRESH || eta < MTHRESH ? DBL_EPSILON : Math.exp(eta) / (opexp * opexp);
}
const ylogy = (y: number, mu: number): number => (y > 0 ? y * Math.log(y / mu) : 0);
/** Binomial deviance residuals summed (weights 1). */
function deviance(y: readonly number[], mu: readonly number[]): number {
  let d = 0;
  for (let i = 0; i < y.length; i++) d += 2 * (ylogy(y[i], mu[i]) + ylogy(1 - y[i], 1 - mu[i]));
  return d;
}

/** A predictor of the model. */
export type LogisticPredictor =
  | { name: string; kind: 'numeric'; values: readonly (number | null)[] }
  | {
    name: string; kind: 'categorical'; values: readonly (string | number | null)[];
    /** Level order; the first is the reference (default: R's factor() order). */
    levels?: readonly string[];
  };

/** One coefficient as summary(glm) prints it, with the odds ratio and its Wald interval. */
export interface LogisticCoefficient {
  /** R's term name: "(Intercept)", the predictor name, or name + level for a categorical level. */
  term: string;
  /** Predictor name (null for the intercept). */
  predictor: string | null;
  /** Level compared with the reference (categorical predictors only). */
  level: string | null;
  /** Reference level (categorical predictors only). */
  reference: string | null;
  /** True when the column is a linear combination of earlier ones (R prints NA). */
  aliased: boolean;
  estimate: number;
  se: number;
  z: number;
  p: number;
  or: number;
  orLower: number;
  orUpper: number;
}

/** Why a fit should not be trusted (machine-readable). */
export type LogisticWarning = 'not-converged' | 'fitted-0-or-1' | 'separation' | 'aliased' | 'no-events' | 'too-few';

/** The fitted model. */
export interface LogisticResult {
  coefficients: LogisticCoefficient[];
  /** Complete cases used. */
  n: number;
  /** Rows left out because the outcome or a predictor was missing. */
  excluded: number;
  /** Outcomes equal to 1 among the cases used. */
  events: number;
  deviance: number;
  nullDeviance: number;
  aic: number;
  dfResidual: number;
  dfNull: number;
  iterations: number;
  converged: boolean;
  /** Fitted probabilities within 10·ε of 0 or 1 (R's warning). */
  fittedZeroOrOne: number;
  /** Complete or quasi-complete separation detected (see the module note). */
  separation: boolean;
  /** Terms whose coefficients keep drifting under separation. */
  driftingTerms: string[];
  warnings: LogisticWarning[];
  confLevel: number;
}

/** Options of {@link logisticRegression}. */
export interface LogisticOptions {
  /** glm.control epsilon (default 1e-8). */
  epsilon?: number;
  /** glm.control maxit (default 25). */
  maxit?: number;
  /** Level of the Wald intervals (default 0.95). */
  confLevel?: number;
}

interface QrFit { coef: number[]; rInv: number[][]; kept: number[] }

/**
 * Weighted least squares as R's Cdqrls: Householder QR of the columns of A (n × p, column-major
 * arrays) with dqrdc2's limited pivoting — a column whose remaining norm falls below tol × its
 * original norm is moved to the end and not used.
 */
function qrLeastSquares(A: Float64Array[], b: Float64Array, tol: number): QrFit {
  const n = b.length;
  const cols = A.map((c) => Float64Array.from(c));
  const y = Float64Array.from(b);
  const origNorm = cols.map((c) => { let s = 0; for (const v of c) s += v * v; return Math.sqrt(s); });
  const kept: number[] = [];
  const vs: { v: Float64Array; k: number }[] = [];
  const apply = (v: Float64Array, k: number, x: Float64Array): void => {
    let d = 0;
    for (let i = k; i < n; i++) d += v[i] * x[i];
    for (let i = k; i < n; i++) x[i] -= 2 * v[i] * d;
  };
  const R: number[][] = [];
  for (let j = 0; j < cols.length; j++) {
    const k = kept.length;
    if (k >= n) break;
    const c = cols[j];
    for (const h of vs) apply(h.v, h.k, c);
    let norm = 0;
    for (let i = k; i < n; i++) norm += c[i] * c[i];
    norm = Math.sqrt(norm);
    if (!(norm >= tol * (origNorm[j] || 1)) || origNorm[j] === 0) continue; // aliased
    const alpha = c[k] > 0 ? -norm : norm;
    const v = new Float64Array(n);
    for (let i = k; i < n; i++) v[i] = c[i];
    v[k] -= alpha;
    let vn = 0;
    for (let i = k; i < n; i++) vn += v[i] * v[i];
    vn = Math.sqrt(vn);
    if (vn > 0) for (let i = k; i < n; i++) v[i] /= vn;
    apply(v, k, c);
    apply(v, k, y);
    vs.push({ v, k });
    kept.push(j);
    const row: number[] = [];
    R.push(row);
    // R column j: entries 0..k of c
    for (let i = 0; i <= k; i++) (R[i] ??= [])[k] = c[i];
  }
  const p = kept.length;
  // Back-substitute R β = Qᵀy.
  const beta = new Array<number>(p).fill(0);
  for (let i = p - 1; i >= 0; i--) {
    let s = y[i];
    for (let j = i + 1; j < p; j++) s -= R[i][j] * beta[j];
    beta[i] = s / R[i][i];
  }
  // R⁻¹ (upper triangular).
  const rInv: number[][] = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let j = 0; j < p; j++) {
    rInv[j][j] = 1 / R[j][j];
    for (let i = j - 1; i >= 0; i--) {
      let s = 0;
      for (let k = i + 1; k <= j; k++) s += R[i][k] * rInv[k][j];
      rInv[i][j] = -s / R[i][i];
    }
  }
  return { coef: beta, rInv, kept };
}

/** A design column with its term description. */
interface Column { term: string; predictor: string | null; level: string | null; reference: string | null; x: Float64Array }

/**
 * Fits `glm(y ~ predictors, family = binomial)`. `y` is 0/1 (null = missing). Rows with any
 * missing value are left out.
 */
export function logisticRegression(y: readonly (0 | 1 | null)[], predictors: readonly LogisticPredictor[], opts: LogisticOptions = {}): LogisticResult {
  const epsilon = opts.epsilon ?? 1e-8;
  const maxit = opts.maxit ?? 25;
  const confLevel = opts.confLevel ?? 0.95;
  for (const pr of predictors) {
    if (pr.values.length !== y.length) throw new RangeError(`predictor ${pr.name}: ${pr.values.length} values for ${y.length} outcomes`);
  }
  // Complete cases.
  const factors = predictors.map((pr) => (pr.kind === 'categorical' ? toFactor(pr.values, pr.levels) : null));
  const rows: number[] = [];
  for (let i = 0; i < y.length; i++) {
    if (y[i] !== 0 && y[i] !== 1) continue;
    let ok = true;
    predictors.forEach((pr, k) => {
      if (pr.kind === 'numeric') { const v = pr.values[i]; if (v === null || !Number.isFinite(v)) ok = false; } else if (factors[k]!.codes[i] === null) ok = false;
    });
    if (ok) rows.push(i);
  }
  const n = rows.length;
  const yy = rows.map((i) => y[i] as number);
  // Design matrix: intercept, then each predictor (numeric column, or one dummy per non-reference level).
  const cols: Column[] = [{ term: '(Intercept)', predictor: null, level: null, reference: null, x: new Float64Array(n).fill(1) }];
  predictors.forEach((pr, k) => {
    if (pr.kind === 'numeric') {
      cols.push({ term: pr.name, predictor: pr.name, level: null, reference: null, x: Float64Array.from(rows, (i) => pr.values[i] as number) });
    } else {
      const f = factors[k]!;
      // Levels that occur among the complete cases (R drops unused levels? no: model.matrix keeps them,
      // giving an all-zero, aliased column); we keep them and let the QR alias them, as R does.
      for (let l = 1; l < f.levels.length; l++) {
        cols.push({ term: pr.name + f.levels[l], predictor: pr.name, level: f.levels[l], reference: f.levels[0], x: Float64Array.from(rows, (i) => (f.codes[i] === l ? 1 : 0)) });
      }
    }
  });
  const events = yy.reduce((a, b) => a + b, 0);
  const warnings: LogisticWarning[] = [];
  const base = { n, excluded: y.length - n, events, confLevel };
  if (n === 0 || events === 0 || events === n) {
    if (n > 0) warnings.push('no-events');
    else warnings.push('too-few');
  }

  const tol = Math.min(1e-7, epsilon / 1000);
  const nc = cols.length;
  const z = new Float64Array(n);
  const wz = new Float64Array(n);
  const fitStep = (eta: Float64Array, mu: Float64Array): QrFit => {
    const A: Float64Array[] = cols.map(() => new Float64Array(n));
    for (let i = 0; i < n; i++) {
      const me = muEta(eta[i]);
      z[i] = eta[i] + (yy[i] - mu[i]) / me;
      const w = Math.sqrt((me * me) / (mu[i] * (1 - mu[i])));
      wz[i] = z[i] * w;
      for (let j = 0; j < nc; j++) A[j][i] = cols[j].x[i] * w;
    }
    return qrLeastSquares(A, wz, tol);
  };
  const etaOf = (coef: number[], kept: number[]): Float64Array => {
    const eta = new Float64Array(n);
    kept.forEach((j, k) => { const c = coef[k]; const x = cols[j].x; for (let i = 0; i < n; i++) eta[i] += c * x[i]; });
    return eta;
  };

  // glm.fit start.
  let mu: Float64Array = Float64Array.from(yy, (v) => (v + 0.5) / 2);
  let eta: Float64Array = Float64Array.from(mu, (m) => Math.log(m / (1 - m)));
  let devold = deviance(yy, Array.from(mu));
  let fit: QrFit | null = null;
  let converged = false;
  let iter = 0;
  let dev = devold;
  if (n > 0) {
    for (iter = 1; iter <= maxit; iter++) {
      fit = fitStep(eta, mu);
      eta = etaOf(fit.coef, fit.kept);
      mu = eta.map(linkinv);
      dev = deviance(yy, Array.from(mu));
      if (Math.abs(dev - devold) / (Math.abs(dev) + 0.1) < epsilon) { converged = true; break; }
      devold = dev;
    }
    if (iter > maxit) iter = maxit;
  }
  if (!converged && n > 0) warnings.push('not-converged');
  const eps10 = 10 * DBL_EPSILON;
  const fittedZeroOrOne = mu.reduce((a, m) => a + (m > 1 - eps10 || m < eps10 ? 1 : 0), 0);
  if (fittedZeroOrOne > 0) warnings.push('fitted-0-or-1');

  // Separation check: keep iterating from R's answer and see whether η drifts.
  let separation = !converged && n > 0;
  const driftingTerms: string[] = [];
  if (fit && n > 0) {
    let e2: Float64Array = eta;
    let m2: Float64Array = mu;
    let f2 = fit;
    for (let k = 0; k < 25; k++) {
      f2 = fitStep(e2, m2);
      e2 = etaOf(f2.coef, f2.kept);
      m2 = e2.map(linkinv);
    }
    let drift = 0;
    for (let i = 0; i < n; i++) drift = Math.max(drift, Math.abs(e2[i] - eta[i]));
    if (drift > 1) separation = true;
    if (separation) {
      f2.kept.forEach((j, k) => {
        const k0 = fit!.kept.indexOf(j);
        if (k0 < 0) return;
        let range = 0;
        const x = cols[j].x;
        const mx = x.reduce((a, b) => a + b, 0) / n;
        for (let i = 0; i < n; i++) range = Math.max(range, Math.abs(x[i] - (j === 0 ? 0 : mx)));
        if (Math.abs(f2.coef[k] - fit!.coef[k0]) * range > 0.5) driftingTerms.push(cols[j].term);
      });
    }
  }
  if (separation) warnings.push('separation');

  const zq = quantileNormal(1 - (1 - confLevel) / 2, 0, 1);
  const coefficients: LogisticCoefficient[] = cols.map((c, j) => {
    const k = fit ? fit.kept.indexOf(j) : -1;
    const head = { term: c.term, predictor: c.predictor, level: c.level, reference: c.reference };
    if (k < 0) return { ...head, aliased: true, estimate: NaN, se: NaN, z: NaN, p: NaN, or: NaN, orLower: NaN, orUpper: NaN };
    const b = fit!.coef[k];
    let v = 0;
    for (let m = 0; m < fit!.rInv.length; m++) v += fit!.rInv[k][m] ** 2;
    const se = Math.sqrt(v);
    const zz = b / se;
    return {
      ...head, aliased: false, estimate: b, se, z: zz, p: 2 * normalCdf(-Math.abs(zz), 0, 1),
      or: Math.exp(b), orLower: Math.exp(b - zq * se), orUpper: Math.exp(b + zq * se),
    };
  });
  if (coefficients.some((c) => c.aliased)) warnings.push('aliased');
  const rank = fit ? fit.kept.length : 0;
  const ybar = n ? events / n : NaN;
  const nullDeviance = deviance(yy, yy.map(() => ybar));
  return {
    ...base, coefficients, deviance: dev, nullDeviance, aic: dev + 2 * rank,
    dfResidual: n - rank, dfNull: n - 1, iterations: iter, converged, fittedZeroOrOne, separation, driftingTerms, warnings,
  };
}

/** Localized explanation of a logistic-regression warning, for the table footnotes. */
export function logisticWarningText(w: LogisticWarning, r?: LogisticResult): string {
  switch (w) {
    case 'not-converged': return msg(str`The fit did not converge in ${r?.iterations ?? 25} iterations; the estimates are not reliable.`, { id: 'stats.logistic.notConverged' });
    case 'fitted-0-or-1': return msg('Fitted probabilities numerically 0 or 1 occurred.', { id: 'stats.logistic.fitted01' });
    case 'separation': return msg(str`Complete or quasi-complete separation: ${r?.driftingTerms.join(', ') ?? ''} predict the outcome (almost) perfectly, so their odds ratios have no finite estimate.`, { id: 'stats.logistic.separation' });
    case 'aliased': return msg('Some predictors are linear combinations of others and were left out (NA).', { id: 'stats.logistic.aliased' });
    case 'no-events': return msg('The outcome takes only one value among the complete cases; nothing can be estimated.', { id: 'stats.logistic.noEvents' });
    case 'too-few': return msg('No complete cases to fit.', { id: 'stats.logistic.tooFew' });
  }
}
