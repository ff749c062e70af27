/**
 * Samples with a prescribed sample mean and sample SD (n−1 denominator), so that the demo's
 * baseline tables print the paper's Table 2/3 means and SDs (to rounding) rather than values that
 * merely scatter around them.
 */
import type { Rng } from './rng.ts';

/** Sample mean and SD (n − 1). */
export function meanSd(xs: readonly number[]): { mean: number; sd: number } {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const ss = xs.reduce((a, b) => a + (b - mean) * (b - mean), 0);
  return { mean, sd: n > 1 ? Math.sqrt(ss / (n - 1)) : 0 };
}

/** n standard normal draws shifted and scaled to sample mean 0 and SD 1 exactly. */
export function standardNormals(rng: Rng, n: number): number[] {
  const z = Array.from({ length: n }, () => rng.normal());
  if (n < 2) return z.map(() => 0);
  const { mean, sd } = meanSd(z);
  return z.map((x) => (x - mean) / (sd || 1));
}

export interface ExactOptions {
  /** 'normal' for symmetric labs; 'lognormal' (default) for positive right-skewed ones. */
  shape?: 'normal' | 'lognormal';
  /** Values must lie within [min, max] (redrawn otherwise). */
  min?: number;
  max?: number;
}

/**
 * n positive values with sample mean `mean` and SD `sd` exactly (before any rounding).
 * Normal shape: mean + sd·z with z standardized. Lognormal shape: y = exp(σz), then a power
 * transform x = a·y^b with b found by bisection so that CV(x) = sd/mean, and a so that mean(x) =
 * mean (keeps every value positive, however large the CV).
 */
export function exactSample(rng: Rng, n: number, mean: number, sd: number, opts: ExactOptions = {}): number[] {
  if (n <= 0) return [];
  if (n === 1 || sd <= 0) return Array.from({ length: n }, () => mean);
  const lo = opts.min ?? (opts.shape === 'normal' ? -Infinity : 0);
  const hi = opts.max ?? Infinity;
  for (let attempt = 0; attempt < 200; attempt++) {
    const z = standardNormals(rng, n);
    let xs: number[];
    if (opts.shape === 'normal') {
      xs = z.map((v) => mean + sd * v);
    } else {
      const cv = sd / mean;
      const sigma = Math.sqrt(Math.log(1 + cv * cv));
      const y = z.map((v) => Math.exp(sigma * v));
      const cvOf = (b: number): number => {
        const p = y.map((v) => Math.pow(v, b));
        const m = meanSd(p);
        return m.sd / m.mean;
      };
      let bLo = 1e-3;
      let bHi = 1;
      while (cvOf(bHi) < cv && bHi < 64) bHi *= 2;
      for (let i = 0; i < 80; i++) {
        const mid = (bLo + bHi) / 2;
        if (cvOf(mid) < cv) bLo = mid;
        else bHi = mid;
      }
      const b = (bLo + bHi) / 2;
      const p = y.map((v) => Math.pow(v, b));
      const a = mean / meanSd(p).mean;
      xs = p.map((v) => a * v);
    }
    if (xs.every((v) => v >= lo && v <= hi)) return xs;
  }
  throw new Error(`exactSample: cannot draw n=${n} mean=${mean} sd=${sd} within [${lo}, ${hi}]`);
}

/**
 * n values with overall sample mean and SD exact, of which exactly `nHigh` lie at or above
 * `threshold` (the rest below). The high part gets mean `highMean` and SD `highSd` (ignored when
 * only one value is low); the low part's mean and SD follow from the totals. Used where the paper prints a dichotomy of a lab (CRP ≥ 20
 * mg/L) next to its mean and SD.
 */
export function exactSplitSample(
  rng: Rng, n: number, mean: number, sd: number, nHigh: number, threshold: number, highMean: number, highSd: number,
): number[] {
  const nLow = n - nHigh;
  const lowMean = (n * mean - nHigh * highMean) / nLow;
  const totalSs = (n - 1) * sd * sd;
  const between = nLow * (lowMean - mean) ** 2 + nHigh * (highMean - mean) ** 2;
  // A single low value carries no within-part variance: the high part then takes all of it.
  const hSd = nLow === 1 ? Math.sqrt(Math.max(0, totalSs - between) / Math.max(1, nHigh - 1)) : highSd;
  const withinLow = totalSs - between - (nHigh - 1) * hSd * hSd;
  if (lowMean <= 0 || withinLow < -1e-9) throw new Error('exactSplitSample: infeasible split');
  const lowSd = nLow > 1 ? Math.sqrt(withinLow / (nLow - 1)) : 0;
  const high = exactSample(rng, nHigh, highMean, hSd, { min: threshold });
  const low = exactSample(rng, nLow, lowMean, lowSd, { min: 0, max: threshold * 0.98 });
  return [...high, ...low];
}

/**
 * Round to `decimals` keeping the sum as close as possible to the unrounded sum (largest-remainder
 * rounding), so the rounded sample keeps the prescribed mean to within one unit / n. Values never
 * drop below one unit when `positive` is set.
 */
export function roundKeepingSum(xs: readonly number[], decimals: number, positive = true): number[] {
  const unit = Math.pow(10, -decimals);
  const scaled = xs.map((x) => x / unit);
  const floors = scaled.map((x) => Math.floor(x));
  const target = Math.round(scaled.reduce((a, b) => a + b, 0));
  let missing = target - floors.reduce((a, b) => a + b, 0);
  const order = scaled.map((x, i) => ({ i, r: x - floors[i] })).sort((a, b) => b.r - a.r || a.i - b.i);
  const out = [...floors];
  for (let k = 0; k < order.length && missing > 0; k++, missing--) out[order[k].i] += 1;
  return out.map((v) => (positive ? Math.max(1, v) : v) * unit);
}
