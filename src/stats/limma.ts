/**
 * limma's empirical Bayes moderation of gene-wise variances and t-statistics (Smyth 2004,
 * Statistical Applications in Genetics and Molecular Biology 3:3), ported from limma 3.54 (the
 * version Debian bookworm's r-bioc-limma ships, which produced tests/fixtures/microarray.json):
 * fitFDist, trigammaInverse, squeezeVar, eBayes (moderated t, p, B with tmixture.vector) and
 * topTable's BH adjustment. Function names and the order of every arithmetic step follow the R code,
 * so results agree with R to ~1e-12; each function's doc comment names the R function it mirrors.
 *
 * Not ported: `trend = TRUE` and `robust = TRUE` (fitFDistRobustly), array weights, and limma ≥ 3.61's
 * fitFDistUnequalDF1 (which newer limma uses when NA values make the residual df differ between
 * probes; limma 3.54 and `legacy = TRUE` use fitFDist with the per-probe df, as here).
 */
import { msg } from '@lit/localize';
import digamma from '@stdlib/math-base-special-digamma';
import trigamma from '@stdlib/math-base-special-trigamma';
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { pAdjustBH } from './p-adjust.ts';

/** R's mean(): the sum divided by n, refined by the mean of the residuals (summary.c, LDOUBLE pass). */
function rMean(x: ArrayLike<number>): number {
  const n = x.length;
  if (n === 0) return NaN;
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i];
  s /= n;
  if (!Number.isFinite(s)) return s;
  let t = 0;
  for (let i = 0; i < n; i++) t += x[i] - s;
  return s + t / n;
}

/** R's median() of values without NaN. */
function rMedian(x: ArrayLike<number>): number {
  const s = Float64Array.from(x).sort();
  const n = s.length;
  if (n === 0) return NaN;
  const h = n >> 1;
  return n % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

/**
 * Tetragamma ψ''(x) = psigamma(x, deriv = 2) for x > 0: recurrence ψ''(x) = ψ''(x + 1) − 2/x³ up to
 * x ≥ 15, then the asymptotic series −1/x² − 1/x³ − Σ (2k+1)·B_2k / x^(2k+2).
 */
export function tetragamma(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x <= 0 && Number.isInteger(x)) return NaN;
  let acc = 0;
  while (x < 15) {
    acc -= 2 / (x * x * x);
    x += 1;
  }
  const r = 1 / x;
  const r2 = r * r;
  // series in 1/x² after the leading terms
  const series = r2 * r2 * (0.5 + r2 * (-1 / 6 + r2 * (1 / 6 + r2 * (-3 / 10 + r2 * (5 / 6 + r2 * (-691 / 210))))));
  return acc - r2 - r2 * r - series;
}

/**
 * limma::trigammaInverse: solves trigamma(y) = x by Newton's method from y = 0.5 + 1/x (1/trigamma
 * is convex and nearly linear, so the iteration converges monotonically); relative step < 1e-8
 * stops it, at most 50 steps. x > 1e7 → 1/sqrt(x), x < 1e-6 → 1/x, x < 0 → NaN, as limma.
 */
export function trigammaInverse(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return NaN;
  if (x > 1e7) return 1 / Math.sqrt(x);
  if (x < 1e-6) return 1 / x;
  let y = 0.5 + 1 / x;
  for (let iter = 1; ; iter++) {
    const tri = trigamma(y);
    const dif = (tri * (1 - tri / x)) / tetragamma(y);
    y += dif;
    if (-dif / y < 1e-8) break;
    if (iter > 50) break; // limma warns "Iteration limit exceeded"
  }
  return y;
}

/** Result of {@link fitFDist}: the prior's scale s0² and degrees of freedom d0 (NaN = R's NA). */
export interface FDistFit {
  scale: number;
  df2: number;
  /** Localized notes for what limma reports as warnings. */
  warnings: string[];
}

/**
 * limma::fitFDist(x, df1) without covariate: moment estimation of a scaled F distribution
 * s0²·F(df1, d0) for the sample variances x. Works on log x: e = log x − digamma(df1/2) + log(df1/2);
 * d0 from the excess variance of e over mean(trigamma(df1/2)) via {@link trigammaInverse},
 * s0² = exp(mean(e) + digamma(d0/2) − log(d0/2)); no excess → d0 = Inf and s0² = mean(x).
 * Values that are not finite, negative, or have df1 <= 1e-15 are left out; zeros are offset to
 * 1e-5 × median as limma does.
 */
export function fitFDist(x: ArrayLike<number>, df1: number | ArrayLike<number>): FDistFit {
  const warnings: string[] = [];
  const n = x.length;
  if (n === 0) return { scale: NaN, df2: NaN, warnings };
  if (n === 1) return { scale: x[0], df2: 0, warnings };
  const scalarDf = typeof df1 === 'number';
  if (!scalarDf && df1.length !== n) throw new RangeError('x and df1 have different lengths');
  if (scalarDf && !(Number.isFinite(df1) && df1 > 1e-15)) return { scale: NaN, df2: NaN, warnings };
  const dfAt = (i: number): number => (scalarDf ? (df1 as number) : (df1 as ArrayLike<number>)[i]);
  const xs: number[] = [];
  const ds: number[] = [];
  for (let i = 0; i < n; i++) {
    const d = dfAt(i);
    if (Number.isFinite(d) && d > 1e-15 && Number.isFinite(x[i]) && x[i] > -1e-15) {
      xs.push(x[i]);
      ds.push(d);
    }
  }
  const nok = xs.length;
  if (nok === 0) return { scale: NaN, df2: NaN, warnings };
  if (nok === 1) return { scale: xs[0], df2: 0, warnings };
  for (let i = 0; i < nok; i++) xs[i] = Math.max(xs[i], 0);
  let m = rMedian(xs);
  if (m === 0) {
    warnings.push(msg('More than half of the residual variances are exactly zero: the empirical Bayes moderation is unreliable', { id: 'de.limmaZeroMedianVariance' }));
    m = 1;
  } else if (xs.some((v) => v === 0)) {
    warnings.push(msg('Zero sample variances were detected and offset away from zero (as limma does)', { id: 'de.limmaZeroVariances' }));
  }
  for (let i = 0; i < nok; i++) xs[i] = Math.max(xs[i], 1e-5 * m);
  const e = new Float64Array(nok);
  const tri = new Float64Array(nok);
  for (let i = 0; i < nok; i++) {
    const h = ds[i] / 2;
    e[i] = Math.log(xs[i]) - digamma(h) + Math.log(h);
    tri[i] = trigamma(h);
  }
  const emean = rMean(e);
  let ss = 0;
  for (let i = 0; i < nok; i++) ss += (e[i] - emean) ** 2;
  const evar = ss / (nok - 1) - rMean(tri);
  if (evar > 0) {
    const df2 = 2 * trigammaInverse(evar);
    return { scale: Math.exp(emean + digamma(df2 / 2) - Math.log(df2 / 2)), df2, warnings };
  }
  // limma (since 2017): the pooled variance, the MLE of the scale when d0 = Inf
  return { scale: rMean(xs), df2: Infinity, warnings };
}

/** Result of {@link squeezeVar}. */
export interface SqueezeVarResult {
  dfPrior: number;
  varPrior: number;
  varPost: Float64Array;
  warnings: string[];
}

/**
 * limma::squeezeVar(var, df) (no covariate, not robust; legacy fitFDist): estimates the prior
 * (s0², d0) with {@link fitFDist} and returns the posterior variances
 * (df·var + d0·s0²)/(df + d0), or s0² everywhere when d0 is infinite. Probes with df = 0 have their
 * variance set to 0 first (they then get s0²), as limma does when df is a vector.
 */
export function squeezeVar(variances: ArrayLike<number>, df: number | ArrayLike<number>): SqueezeVarResult {
  const n = variances.length;
  if (n === 0) throw new RangeError('squeezeVar: var is empty');
  if (n === 1) return { dfPrior: 0, varPrior: variances[0], varPost: Float64Array.from(variances), warnings: [] };
  const v = Float64Array.from(variances);
  if (typeof df !== 'number') for (let i = 0; i < n; i++) if (df[i] === 0) v[i] = 0;
  const fit = fitFDist(v, df);
  if (Number.isNaN(fit.df2)) throw new RangeError('squeezeVar: could not estimate the prior df');
  const d0 = fit.df2;
  const s0 = fit.scale;
  const post = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = typeof df === 'number' ? df : df[i];
    post[i] = Number.isFinite(d0) ? (d * v[i] + d0 * s0) / (d + d0) : s0;
  }
  return { dfPrior: d0, varPrior: s0, varPost: post, warnings: fit.warnings };
}

/**
 * limma's tmixture.vector (limma ≥ 3.24): the prior variance v0 of the coefficients of the DE
 * probes, from the top `proportion/2` absolute t-statistics compared with the order statistics of a
 * mixture of t distributions; each estimate clipped to v0Lim, then averaged. t-statistics with
 * fewer df than the largest are first converted to that df through their tail probability.
 * Returns NaN when there are too few statistics (limma's NA).
 */
export function tmixtureVector(
  tstat: ArrayLike<number>, stdevUnscaled: ArrayLike<number>, df: ArrayLike<number>, proportion: number, v0Lim: [number, number] | null,
): number {
  const ts: number[] = [];
  const su: number[] = [];
  const dfs: number[] = [];
  for (let i = 0; i < tstat.length; i++) {
    if (Number.isNaN(tstat[i])) continue;
    ts.push(Math.abs(tstat[i]));
    su.push(stdevUnscaled[i]);
    dfs.push(df[i]);
  }
  const ngenes = ts.length;
  const ntarget = Math.ceil((proportion / 2) * ngenes);
  if (ntarget < 1) return NaN;
  const p = Math.max(ntarget / ngenes, proportion);
  let maxDf = -Infinity;
  for (const d of dfs) if (d > maxDf) maxDf = d;
  for (let i = 0; i < ngenes; i++) {
    if (dfs[i] < maxDf) {
      // TailP <- pt(t, df, lower.tail = FALSE, log.p = TRUE); t <- qt(TailP, MaxDF, lower.tail = FALSE, log.p = TRUE)
      const tail = tCdf(-ts[i], dfs[i]);
      ts[i] = -tQuantile(tail, maxDf);
      dfs[i] = maxDf;
    }
  }
  // o <- order(tstat, decreasing = TRUE)[1:ntarget] (stable)
  const order = ts.map((_, i) => i).sort((a, b) => ts[b] - ts[a] || a - b).slice(0, ntarget);
  let sum = 0;
  for (let r = 0; r < ntarget; r++) {
    const t = ts[order[r]];
    const v1 = su[order[r]] ** 2;
    const p0 = 2 * tCdf(-t, maxDf);
    const ptarget = ((r + 1 - 0.5) / ngenes - (1 - p) * p0) / p;
    let v0 = 0;
    if (ptarget > p0) {
      const qtarget = -tQuantile(ptarget / 2, maxDf);
      v0 = v1 * ((t / qtarget) ** 2 - 1);
    }
    if (v0Lim) v0 = Math.min(Math.max(v0, v0Lim[0]), v0Lim[1]);
    sum += v0;
  }
  return sum / ntarget;
}

/**
 * One coefficient of a limma linear-model fit (lmFit), probe-wise: what {@link eBayes} needs.
 * NaN is R's NA (a coefficient that could not be estimated, a residual variance with 0 df).
 */
export interface CoefficientFit {
  /** The coefficient (here: difference of the group means, second − first). */
  coefficients: ArrayLike<number>;
  /** fit$stdev.unscaled for that coefficient. */
  stdevUnscaled: ArrayLike<number>;
  /** fit$sigma² (residual variance). */
  sigma2: ArrayLike<number>;
  /** fit$df.residual. */
  dfResidual: ArrayLike<number>;
}

/** Options of {@link eBayes} (limma's defaults). */
export interface EBayesOptions {
  /** Assumed proportion of differentially expressed probes (B statistic), default 0.01. */
  proportion?: number;
  /** Limits of the prior standard deviation of the coefficients (B statistic), default [0.1, 4]. */
  stdevCoefLim?: [number, number];
}

/** Result of {@link eBayes}, probe-wise arrays plus the prior. */
export interface EBayesResult {
  /** Moderated t = coefficient / stdev.unscaled / sqrt(s2.post). */
  t: Float64Array;
  /** Two-sided p-value of t on df.total. */
  p: Float64Array;
  /** df.residual + df.prior, capped at the pooled residual df (sum of df.residual). */
  dfTotal: Float64Array;
  /** Posterior (moderated) residual variances. */
  s2Post: Float64Array;
  /** B statistic: log-odds that the probe is differentially expressed (fit$lods). */
  lods: Float64Array;
  /** s0², the prior residual variance (fit$s2.prior). */
  s2Prior: number;
  /** d0, the prior df (fit$df.prior; Infinity possible). */
  dfPrior: number;
  /** v0, the prior variance of the coefficient for DE probes (fit$var.prior). */
  varPrior: number;
  /** Localized notes for limma's warnings. */
  warnings: string[];
}

/**
 * limma::eBayes(fit, proportion = 0.01, stdev.coef.lim = c(0.1, 4)) for one coefficient
 * (trend = FALSE, robust = FALSE): squeezeVar on sigma² with df.residual, moderated t, p-values
 * 2·pt(−|t|, df.total), and the B statistic
 *   r = (u² + v0)/u²,  B = log(p/(1−p)) − log(r)/2 + (1 + df.total)/2 · log((t² + df.total)/(t²/r + df.total))
 * (t²(1 − 1/r)/2 for the kernel when d0 > 1e6), v0 from {@link tmixtureVector} limited to
 * stdev.coef.lim²/s0². Throws like limma when no probe has residual df or a finite sigma.
 */
export function eBayes(fit: CoefficientFit, opts: EBayesOptions = {}): EBayesResult {
  const proportion = opts.proportion ?? 0.01;
  const lim = opts.stdevCoefLim ?? [0.1, 4];
  const n = fit.coefficients.length;
  const dfRes = Float64Array.from(fit.dfResidual);
  if (dfRes.every((d) => d === 0)) throw new RangeError('eBayes: no residual degrees of freedom in linear model fits');
  if (!Array.from(fit.sigma2).some((s) => Number.isFinite(s))) throw new RangeError('eBayes: no finite residual standard deviations');
  const sq = squeezeVar(fit.sigma2, dfRes);
  const warnings = [...sq.warnings];
  const t = new Float64Array(n);
  const dfTotal = new Float64Array(n);
  const p = new Float64Array(n);
  let dfPooled = 0;
  for (let i = 0; i < n; i++) if (!Number.isNaN(dfRes[i])) dfPooled += dfRes[i];
  for (let i = 0; i < n; i++) {
    t[i] = fit.coefficients[i] / fit.stdevUnscaled[i] / Math.sqrt(sq.varPost[i]);
    dfTotal[i] = Math.min(dfRes[i] + sq.dfPrior, dfPooled);
    p[i] = Number.isNaN(t[i]) ? NaN : 2 * tCdf(-Math.abs(t[i]), dfTotal[i]);
  }
  // B-statistic
  const varPriorLim: [number, number] = [lim[0] ** 2 / sq.varPrior, lim[1] ** 2 / sq.varPrior];
  let varPrior = tmixtureVector(t, fit.stdevUnscaled, dfTotal, proportion, varPriorLim);
  if (Number.isNaN(varPrior)) {
    varPrior = 1 / sq.varPrior;
    warnings.push(msg('Estimation of the prior variance of the coefficients failed; set to the default value (as limma does)', { id: 'de.limmaVarPriorFailed' }));
  }
  const lods = new Float64Array(n);
  const logit = Math.log(proportion / (1 - proportion));
  const infDf = sq.dfPrior > 1e6;
  for (let i = 0; i < n; i++) {
    const u2 = fit.stdevUnscaled[i] ** 2;
    const r = (u2 + varPrior) / u2;
    const t2 = t[i] ** 2;
    const kernel = infDf ? (t2 * (1 - 1 / r)) / 2 : ((1 + dfTotal[i]) / 2) * Math.log((t2 + dfTotal[i]) / (t2 / r + dfTotal[i]));
    lods[i] = logit - Math.log(r) / 2 + kernel;
  }
  return { t, p, dfTotal, s2Post: sq.varPost, lods, s2Prior: sq.varPrior, dfPrior: sq.dfPrior, varPrior, warnings };
}

/** topTable(fit, coef, number = Inf, sort.by = "none", adjust.method = "BH") columns. */
export interface TopTable {
  logFC: Float64Array;
  aveExpr: Float64Array;
  t: Float64Array;
  pValue: Float64Array;
  adjPValue: Float64Array;
  B: Float64Array;
}

/**
 * limma::topTable(fit, coef, number = Inf, sort.by = "none", adjust.method = "BH") for one
 * coefficient after {@link eBayes}: probe order kept, adj.P.Val = p.adjust(P.Value, "BH").
 */
export function topTable(fit: CoefficientFit & { aMean: ArrayLike<number> }, eb: EBayesResult): TopTable {
  return {
    logFC: Float64Array.from(fit.coefficients),
    aveExpr: Float64Array.from(fit.aMean),
    t: eb.t,
    pValue: eb.p,
    adjPValue: pAdjustBH(eb.p),
    B: eb.lods,
  };
}
