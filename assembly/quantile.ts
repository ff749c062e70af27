// Quantile normalisation of a column-major f64 matrix (limma::normalizeQuantiles).
//
// Layout: x, out are nRows × nCols column-major (element (i, j) at base + 8·(j·nRows + i)), the
// same as assembly/normalize.ts. `out` must not alias `x` (the kernel keeps each array's ranks in
// `out` between its two passes).
//
//   pass 1, per array j:   sort the non-NaN values with their row indices (stable LSD radix sort)
//                          S[k, j]   = approx(grid_{nobs_j}, sorted, grid_n)[k]   (k = 0..n-1)
//                          m[k]     += S[k, j]
//                          out[i, j] = rank(x[i, j]) − 1   (average rank over ties: R's rank();
//                                      or the sorted position for ties = FALSE), NaN stays NaN
//   m ← m / nCols                                            (R: m <- rowMeans(S))
//   pass 2, per array j:   out[i, j] ← approx(grid_n, m, out[i, j] / (nobs_j − 1))
//
//   grid_n = (0:(n−1))/(n−1)   — R's `i`, computed the same way so exact hits stay exact.
//
// Sorting: a double maps to a u64 key whose unsigned order is the numeric order (flip every bit of
// a negative, the sign bit of a positive); six stable counting passes of 11 bits sort (key, row)
// pairs, skipping a pass whose digit is the same for every key. Ties are found on the values
// (so −0 and +0 tie, as in R).

import { ldf, stf, ldi, sti, colPtr } from './memory';

// @ts-ignore: decorator
@inline const RADIX_BITS: i32 = 11;
// @ts-ignore: decorator
@inline const RADIX: i32 = 1 << RADIX_BITS;
// @ts-ignore: decorator
@inline const PASSES: i32 = 6; // 6 × 11 = 66 >= 64 bits

// @ts-ignore: decorator
@inline function keyOf(v: f64): u64 {
  const b = reinterpret<u64>(v);
  return (b >> 63) != 0 ? ~b : b | 0x8000000000000000;
}

// @ts-ignore: decorator
@inline function valueOf(k: u64): f64 {
  return reinterpret<f64>((k >> 63) != 0 ? k & 0x7fffffffffffffff : ~k);
}

/**
 * Stable LSD radix sort of nobs (key u64, row i32) pairs at keys/rows, using keys2/rows2 as the
 * other buffer and hist (PASSES × RADIX u32) as counts. Returns the buffer pair holding the result
 * (0 = keys/rows, 1 = keys2/rows2).
 */
function radixSortPairs(keys: usize, rows: usize, keys2: usize, rows2: usize, hist: usize, n: i32): i32 {
  memory.fill(hist, 0, <usize>(PASSES * RADIX) << 2);
  for (let i = 0; i < n; i++) {
    const k = load<u64>(keys + (<usize>i << 3));
    for (let p = 0; p < PASSES; p++) {
      const d = <i32>((k >> <u64>(p * RADIX_BITS)) & <u64>(RADIX - 1));
      const h = hist + (<usize>(p * RADIX + d) << 2);
      store<u32>(h, load<u32>(h) + 1);
    }
  }
  let src = 0;
  let ks = keys, rs = rows, kd = keys2, rd = rows2;
  for (let p = 0; p < PASSES; p++) {
    const hp = hist + (<usize>(p * RADIX) << 2);
    // skip a pass whose digit is constant
    const d0 = <i32>((load<u64>(ks) >> <u64>(p * RADIX_BITS)) & <u64>(RADIX - 1));
    if (<i32>load<u32>(hp + (<usize>d0 << 2)) == n) continue;
    // exclusive prefix sums → start offsets
    let sum: u32 = 0;
    for (let d = 0; d < RADIX; d++) {
      const c = load<u32>(hp + (<usize>d << 2));
      store<u32>(hp + (<usize>d << 2), sum);
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const k = load<u64>(ks + (<usize>i << 3));
      const d = <i32>((k >> <u64>(p * RADIX_BITS)) & <u64>(RADIX - 1));
      const h = hp + (<usize>d << 2);
      const at = load<u32>(h);
      store<u32>(h, at + 1);
      store<u64>(kd + (<usize>at << 3), k);
      store<i32>(rd + (<usize>at << 2), load<i32>(rs + (<usize>i << 2)));
    }
    const tk = ks; ks = kd; kd = tk;
    const tr = rs; rs = rd; rd = tr;
    src ^= 1;
  }
  return src;
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
  const keys = heap.alloc(colBytes);
  const keys2 = heap.alloc(colBytes);
  const rows = heap.alloc(<usize>n << 2);
  const rows2 = heap.alloc(<usize>n << 2);
  const hist = heap.alloc(<usize>(PASSES * RADIX) << 2);
  const sorted = heap.alloc(colBytes);
  let rc = 0;

  // pass 1: sort each array, add its quantiles to m, leave rank − 1 in out
  for (let j = 0; j < nCols; j++) {
    const src = colPtr(x, n, j);
    const dst = colPtr(out, n, j);
    let k = 0;
    for (let i = 0; i < n; i++) {
      const v = ldf(src, i);
      if (v != v) { stf(dst, i, NaN); continue; }
      store<u64>(keys + (<usize>k << 3), keyOf(v));
      sti(rows, k, i);
      k++;
    }
    sti(nobs, j, k);
    if (k < 2) { rc = -(j + 2); break; }
    const which = radixSortPairs(keys, rows, keys2, rows2, hist, k);
    const ks = which == 0 ? keys : keys2;
    const rs = which == 0 ? rows : rows2;
    for (let t = 0; t < k; t++) stf(sorted, t, valueOf(load<u64>(ks + (<usize>t << 3))));
    if (k == n) {
      for (let r = 0; r < n; r++) stf(m, r, ldf(m, r) + ldf(sorted, r));
    } else {
      const dn = <f64>(n - 1);
      for (let r = 0; r < n; r++) stf(m, r, ldf(m, r) + approxUniform(sorted, k, <f64>r / dn));
    }
    if (ties != 0) {
      // runs of equal values share the average rank: rank − 1 = (first + last) / 2 (0-based)
      let t = 0;
      while (t < k) {
        const v = ldf(sorted, t);
        let e = t;
        while (e + 1 < k && ldf(sorted, e + 1) == v) e++;
        const r1 = <f64>(t + e) * 0.5;
        for (let q = t; q <= e; q++) stf(dst, ldi(rs, q), r1);
        t = e + 1;
      }
    } else {
      // sorted position; the radix sort is stable, so tied values keep row order
      for (let t = 0; t < k; t++) stf(dst, ldi(rs, t), <f64>t);
    }
  }

  if (rc == 0) {
    const inv = <f64>nCols;
    for (let r = 0; r < n; r++) stf(m, r, ldf(m, r) / inv);
    // pass 2: rank → mean quantile
    for (let j = 0; j < nCols; j++) {
      const dst = colPtr(out, n, j);
      const k = ldi(nobs, j);
      if (k == n) {
        for (let i = 0; i < n; i++) {
          const r1 = ldf(dst, i);
          if (r1 != r1) continue;
          const ri = <i32>r1;
          // integer rank: exactly m[r] (R's approx hits the grid point); half: interpolate
          stf(dst, i, <f64>ri == r1 ? ldf(m, ri) : approxUniform(m, n, r1 / <f64>(n - 1)));
        }
      } else {
        const dk = <f64>(k - 1);
        for (let i = 0; i < n; i++) {
          const r1 = ldf(dst, i);
          if (r1 != r1) continue;
          stf(dst, i, approxUniform(m, n, r1 / dk));
        }
      }
    }
  }
  heap.free(sorted);
  heap.free(hist);
  heap.free(rows2);
  heap.free(rows);
  heap.free(keys2);
  heap.free(keys);
  heap.free(nobs);
  heap.free(m);
  return rc;
}
