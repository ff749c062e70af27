// Quantile normalisation of a column-major f64 matrix (limma::normalizeQuantiles).
//
// Layout: x, out are nRows × nCols column-major (element (i, j) at base + 8·(j·nRows + i)), the
// same as assembly/normalize.ts. `out` must not alias `x` (the kernel keeps each array's sorted
// values in `out` between its two passes).
//
//   pass 1, per array j:   out[·, j] ← sort(x[·, j]) (NaN last, nobs_j values)
//                          S[k, j]   = approx(grid_{nobs_j}, sorted, grid_n)[k]   (k = 0..n-1)
//                          m[k]     += S[k, j]
//   m ← m / nCols                                            (R: m <- rowMeans(S))
//   pass 2, per array j:   each non-NaN x[i, j] with average rank r (ties = TRUE) or sorted
//                          position (ties = FALSE) becomes approx(grid_n, m, (r − 1)/(nobs_j − 1))
//
//   grid_n = (0:(n−1))/(n−1)   — R's `i`, computed the same way so exact hits stay exact.
//
// Average ranks need no index sort: with the array's sorted values s[0..nobs), a value v has
//   lb = #{s < v},  ub = #{s <= v},  rank(v) = (lb + 1 + ub) / 2   (R: rank(ties.method="average")),
// found by two binary searches.

import { ldf, stf, ldi, sti, colPtr } from './memory';
import { sortF64 } from './select';

/** #{k < n : a[k] < v} for ascending a (lower bound). */
// @ts-ignore: decorator
@inline function lowerBound(a: usize, n: i32, v: f64): i32 {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ldf(a, mid) < v) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/** #{k < n : a[k] <= v} for ascending a (upper bound). */
// @ts-ignore: decorator
@inline function upperBound(a: usize, n: i32, v: f64): i32 {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ldf(a, mid) <= v) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/**
 * R's approx1 (stats/src/approx.c, method "linear", rule 1) on the uniform grid
 * x_k = k / (len − 1), k = 0..len−1, with y at `y`: for v on a grid point the grid's y exactly,
 * otherwise y_i + (y_j − y_i)·((v − x_i)/(x_j − x_i)). `v` is in [0, 1].
 */
// @ts-ignore: decorator
@inline function approxUniform(y: usize, len: i32, v: f64): f64 {
  const d = <f64>(len - 1);
  // start from the arithmetic guess and correct it against the grid as R computes it
  let i = <i32>Math.floor(v * d);
  if (i < 0) i = 0;
  if (i > len - 1) i = len - 1;
  while (i > 0 && <f64>i / d > v) i--;
  while (i < len - 1 && <f64>(i + 1) / d <= v) i++;
  const xi = <f64>i / d;
  if (v == xi || i == len - 1) return ldf(y, i);
  const xj = <f64>(i + 1) / d;
  const yi = ldf(y, i);
  return yi + (ldf(y, i + 1) - yi) * ((v - xi) / (xj - xi));
}

/**
 * limma::normalizeQuantiles(A, ties) — normalizeBetweenArrays(x, method = "quantile") for a
 * matrix. Missing values (NaN) stay missing; an array with nobs < nRows values has its sorted
 * values stretched to nRows quantiles by linear interpolation before the row means are taken, and
 * its values are mapped back at (rank − 1)/(nobs − 1), as in limma.
 *
 * ties != 0 (limma's default ties = TRUE): tied values get the interpolated mean quantile at their
 * average rank. ties == 0: the k-th smallest value gets quantile k; tied values take consecutive
 * positions in row order (R's order among ties comes from its quicksort and is unspecified).
 *
 * One array (nCols == 1): out = x, as R returns A unchanged.
 * Returns 0, -1 when nRows < 2 (R's approx cannot interpolate), or -(j + 2) when array j has
 * fewer than two non-NaN values (R stops: "need at least two non-NA values to interpolate").
 */
export function quantileNormalize(x: usize, nRows: i32, nCols: i32, out: usize, ties: i32): i32 {
  if (nCols <= 0) return 0;
  const colBytes = <usize>nRows << 3;
  if (nCols == 1) {
    memory.copy(out, x, colBytes);
    return 0;
  }
  if (nRows < 2) return -1;
  const n = nRows;
  const m = heap.alloc(colBytes);
  memory.fill(m, 0, colBytes);
  const nobs = heap.alloc(<usize>nCols << 2);

  // pass 1: sorted columns into `out`, quantiles summed into m
  for (let j = 0; j < nCols; j++) {
    const s = colPtr(out, n, j);
    memory.copy(s, colPtr(x, n, j), colBytes);
    const k = sortF64(s, n);
    sti(nobs, j, k);
    if (k < 2) {
      heap.free(nobs);
      heap.free(m);
      return -(j + 2);
    }
    if (k == n) {
      for (let r = 0; r < n; r++) stf(m, r, ldf(m, r) + ldf(s, r));
    } else {
      const dn = <f64>(n - 1);
      for (let r = 0; r < n; r++) stf(m, r, ldf(m, r) + approxUniform(s, k, <f64>r / dn));
    }
  }
  const inv = <f64>nCols;
  for (let r = 0; r < n; r++) stf(m, r, ldf(m, r) / inv);

  // pass 2: map every value back through m
  const sorted = heap.alloc(colBytes);
  const next: usize = ties != 0 ? 0 : heap.alloc(<usize>n << 2);
  for (let j = 0; j < nCols; j++) {
    const src = colPtr(x, n, j);
    const dst = colPtr(out, n, j);
    const k = ldi(nobs, j);
    memory.copy(sorted, dst, <usize>k << 3);
    const dk = <f64>(k - 1);
    if (ties != 0) {
      for (let i = 0; i < n; i++) {
        const v = ldf(src, i);
        if (v != v) { stf(dst, i, NaN); continue; }
        const lb = lowerBound(sorted, k, v);
        const ub = upperBound(sorted, k, v);
        // rank − 1 = (lb + ub − 1) / 2
        const r1 = <f64>(lb + ub - 1) * 0.5;
        stf(dst, i, approxUniform(m, n, r1 / dk));
      }
    } else {
      memory.fill(next, 0, <usize>n << 2);
      for (let i = 0; i < n; i++) {
        const v = ldf(src, i);
        if (v != v) { stf(dst, i, NaN); continue; }
        const lb = lowerBound(sorted, k, v);
        const pos = lb + ldi(next, lb);
        sti(next, lb, ldi(next, lb) + 1);
        stf(dst, i, k == n ? ldf(m, pos) : approxUniform(m, n, <f64>pos / dk));
      }
    }
  }
  if (next != 0) heap.free(next);
  heap.free(sorted);
  heap.free(nobs);
  heap.free(m);
  return 0;
}
