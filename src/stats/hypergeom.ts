/**
 * Hypergeometric probabilities with full relative precision in the far tails (p down to 1e-300 and,
 * on the log scale, far below what a double can hold).
 *
 * The urn holds m "white" balls (genes in the set) and n "black" ones (the rest of the universe); k
 * balls are drawn (the target genes); X is the number of white balls drawn. The over-representation
 * p-value of an overlap q is P(X ≥ q) = R's `phyper(q - 1, m, n, k, lower.tail = FALSE)`.
 *
 * Method (the one R's nmath uses since Morten Welinder's 2004 rewrite, PR#6772):
 * - the density is a ratio of three binomial densities, each computed with Loader's saddle-point
 *   expansion (Stirling-series error terms `stirlerr` and the deviance `bd0`), so no factorial or
 *   lgamma of a large number is ever subtracted from another;
 * - a tail sum is the density at its boundary times 1 + Σ of term ratios, taken on the tail that
 *   lies away from the mean (the other tail is 1 − that), so every ratio is < 1 and the series
 *   converges geometrically.
 * Everything is kept on the log scale, so `logUpperTail` stays exact where the probability itself
 * underflows to 0.
 */

const LN_2PI = 1.8378770664093454835606594728112; // log(2π)
const LN_SQRT_2PI = 0.918938533204672741780329736406; // log(√(2π))
const DBL_EPSILON = 2.220446049250313e-16;

/** Exact δ(n) = log n! − log(√(2π n) (n/e)^n) for n = 0, 0.5, …, 15 (Loader 2000, as R's stirlerr). */
const SFERR_HALVES = [
  0.0, 0.1534264097200273452913848, 0.0810614667953272582196702, 0.0548141210519176538961390,
  0.0413406959554092940938221, 0.03316287351993628748511048, 0.02767792568499833914878929,
  0.02374616365629749597132920, 0.02079067210376509311152277, 0.01848845053267318523077934,
  0.01664469118982119216319487, 0.01513497322191737887351255, 0.01387612882307074799874573,
  0.01281046524292022692424986, 0.01189670994589177009505572, 0.01110455975820691732662991,
  0.010411265261972096497478567, 0.009799416126158803298389475, 0.009255462182712732917728637,
  0.008768700134139385462952823, 0.008330563433362871256469318, 0.007934114564314020547248100,
  0.007573675487951840794972024, 0.007244554301320383179543912, 0.006942840107209529865664152,
  0.006665247032707682442354394, 0.006408994188004207068439631, 0.006171712263039457647532867,
  0.005951370112758847735624416, 0.005746216513010115682023589, 0.005554733551962801371038690,
];

/** Stirling-formula error δ(n) for a whole number n ≥ 0 (R's internal `stirlerr`). */
function stirlerr(n: number): number {
  if (n <= 15) return SFERR_HALVES[2 * n];
  const nn = n * n;
  const S0 = 1 / 12, S1 = 1 / 360, S2 = 1 / 1260, S3 = 1 / 1680, S4 = 1 / 1188;
  if (n > 500) return (S0 - S1 / nn) / n;
  if (n > 80) return (S0 - (S1 - S2 / nn) / nn) / n;
  if (n > 35) return (S0 - (S1 - (S2 - S3 / nn) / nn) / nn) / n;
  return (S0 - (S1 - (S2 - (S3 - S4 / nn) / nn) / nn) / nn) / n;
}

/** Deviance term x·log(x/np) + np − x, by a series when x ≈ np (R's internal `bd0`). */
function bd0(x: number, np: number): number {
  if (Math.abs(x - np) < 0.1 * (x + np)) {
    let v = (x - np) / (x + np);
    let s = (x - np) * v;
    if (Math.abs(s) < Number.MIN_VALUE) return s;
    let ej = 2 * x * v;
    v *= v;
    for (let j = 1; j < 1000; j++) {
      ej *= v;
      const s1 = s + ej / (2 * j + 1);
      if (s1 === s) return s1;
      s = s1;
    }
  }
  return x * Math.log(x / np) + np - x;
}

/** log of the binomial density of x in n trials with success p (q = 1 − p), Loader's form (R's `dbinom_raw`). */
function logDbinomRaw(x: number, n: number, p: number, q: number): number {
  if (p === 0) return x === 0 ? 0 : -Infinity;
  if (q === 0) return x === n ? 0 : -Infinity;
  if (x === 0) {
    if (n === 0) return 0;
    return p < 0.1 ? -bd0(n, n * q) - n * p : n * Math.log(q);
  }
  if (x === n) return q < 0.1 ? -bd0(n, n * p) - n * q : n * Math.log(p);
  if (x < 0 || x > n) return -Infinity;
  const lc = stirlerr(n) - stirlerr(x) - stirlerr(n - x) - bd0(x, n * p) - bd0(n - x, n * q);
  const lf = LN_2PI + Math.log(x) + Math.log1p(-x / n);
  return lc - 0.5 * lf;
}

/**
 * log P(X = x) for X ~ Hypergeometric(m white, n black, k drawn); −Infinity outside the support.
 * Mirrors R's `dhyper(x, m, n, k, log = TRUE)`.
 */
export function logDhyper(x: number, m: number, n: number, k: number): number {
  checkUrn(m, n, k);
  if (!Number.isInteger(x) || x < 0 || x < k - n || x > k || x > m) return -Infinity;
  if (k === 0) return x === 0 ? 0 : -Infinity;
  const N = m + n;
  const p = k / N;
  const q = (N - k) / N;
  return logDbinomRaw(x, m, p, q) + logDbinomRaw(k - x, n, p, q) - logDbinomRaw(k, N, p, q);
}

/** P(X = x): R's `dhyper(x, m, n, k)`. */
export function dhyper(x: number, m: number, n: number, k: number): number {
  return Math.exp(logDhyper(x, m, n, k));
}

function checkUrn(m: number, n: number, k: number): void {
  if (!(Number.isInteger(m) && Number.isInteger(n) && Number.isInteger(k)) || m < 0 || n < 0 || k < 0 || k > m + n) {
    throw new RangeError(`hypergeometric: need whole m, n, k with 0 <= k <= m + n (got m=${m}, n=${n}, k=${k})`);
  }
}

/**
 * log of P(X ≤ x) / P(X = x) for x at or below the mean (x·(m+n) ≤ k·m), where every ratio of
 * successive densities going down is < 1 (R's internal `pdhyper`; compensated summation instead of
 * R's long double).
 */
function logPdhyper(x: number, m: number, n: number, k: number): number {
  let sum = 0;
  let comp = 0;
  let term = 1;
  while (x > 0 && term >= DBL_EPSILON * sum) {
    term *= (x * (n - k + x)) / (k + 1 - x) / (m + 1 - x);
    const y = term - comp;
    const t = sum + y;
    comp = t - sum - y;
    sum = t;
    x--;
  }
  return Math.log1p(sum);
}

/**
 * log P(X ≤ x) (lowerTail) or log P(X > x) for X ~ Hypergeometric(m, n, k): R's
 * `phyper(x, m, n, k, lower.tail, log.p = TRUE)` for whole x.
 */
export function logPhyper(x: number, m: number, n: number, k: number, lowerTail = true): number {
  checkUrn(m, n, k);
  x = Math.floor(x + 1e-7);
  let white = m;
  let black = n;
  let lower = lowerTail;
  if (x * (m + n) > k * m) {
    // Sum the other tail, which lies below its mean.
    white = n;
    black = m;
    x = k - x - 1;
    lower = !lower;
  }
  const log0 = -Infinity;
  const log1 = 0;
  if (x < 0 || x < k - black) return lower ? log0 : log1;
  if (x >= white || x >= k) return lower ? log1 : log0;
  const ld = logDhyper(x, white, black, k);
  if (ld === -Infinity) return lower ? log0 : log1;
  const l = ld + logPdhyper(x, white, black, k);
  // upper = 1 − lower, computed without losing the small one
  return lower ? l : l > -Math.LN2 ? Math.log(-Math.expm1(l)) : Math.log1p(-Math.exp(l));
}

/** P(X ≤ x) or P(X > x): R's `phyper(x, m, n, k, lower.tail)`. */
export function phyper(x: number, m: number, n: number, k: number, lowerTail = true): number {
  return Math.exp(logPhyper(x, m, n, k, lowerTail));
}

/**
 * log P(X ≥ q), the over-representation p-value of an overlap q on the log scale: R's
 * `phyper(q - 1, m, n, k, lower.tail = FALSE, log.p = TRUE)`. Finite however small the tail.
 */
export function logUpperTail(q: number, m: number, n: number, k: number): number {
  return logPhyper(q - 1, m, n, k, false);
}

/**
 * P(X ≥ q): the over-representation p-value of an overlap of q white balls when k are drawn from
 * m white and n black. Mirrors R's `phyper(q - 1, m, n, k, lower.tail = FALSE)`; agrees with it
 * to ~1e-13 relative down to the smallest normal double (~2.2e-308). Below that it returns the
 * (denormal or zero) double nearest the true value; use {@link logUpperTail} there.
 */
export function upperTail(q: number, m: number, n: number, k: number): number {
  return Math.exp(logUpperTail(q, m, n, k));
}
