// Condensed dissimilarity matrices between the rows of a matrix (R: stats::dist, 1 - cor(t(x))).
//
// Input: x, a ROW-MAJOR f64 matrix n × d (row i = one object to cluster), NaN = missing (R's NA).
//
// Output: the condensed upper triangle, R's `dist` order, stored as T = f64 or f32 (the
// distance is always accumulated in f64 and rounded once when stored):
//
//        j → 0   1   2   3                  out: [ d01 d02 d03 | d12 d13 | d23 ]
//   i 0      ·  d01 d02 d03                        └─ row 0 ─┘  └ row 1 ┘ └ r2 ┘
//     1         ·   d12 d13
//     2             ·   d23                 index(i, j) = i·(2n − i − 1)/2 + (j − i − 1),  i < j
//
// A block of rows [i0, i1) fills one contiguous stretch of `out`, so the host computes the matrix
// in row blocks (progress, cancel points, and V8 tiers the wasm up between calls).
//
// Fast path (both rows complete): every row is first transformed once into `work`, a row-major
// n × dp matrix with dp = d rounded up to even and zero padding, 16-byte aligned rows, so a pair
// is a branch-free f64x2 loop over coordinates. For few coordinates (d ≤ 64, the usual probes ×
// arrays case) a transposed copy follows it, d × nP (nP = n rounded up to even), and four pairs
// (i, j..j+3) are computed at once, pairs in the lanes, coordinates summed in order:
//
//   work: [ row 0: w00 w01 … w0,dp-1 | row 1 | … | row n-1 ]  [ coord 0: w00 w10 … wn-1,0 | coord 1 | … ]
//          └──────────── n × dp, row-major ────────────────┘  └──────── d × nP, transposed ──────────┘
//
// Work rows:
//
//   euclidean      work row = x row                         d = sqrt(Σ (a − b)²)
//   pearson        work row = (x − mean) / ‖x − mean‖        d = 1 − clamp(Σ a·b)
//   spearman       the same on the row's ranks (average ties, as R's rank)
//   cosine         work row = x / ‖x‖                        d = 1 − clamp(Σ a·b)
//
// Slow path (a row has NA): pairwise-complete coordinates from x itself, exactly as R:
//   euclidean  sqrt(Σ (a − b)² · d / d_present)                       (stats::dist)
//   pearson    cor(a, b, use = "pairwise.complete.obs")
//   spearman   cor(…, method = "spearman", use = "pairwise.complete.obs"): both rows re-ranked
//              on their shared coordinates
//   cosine     Σ a·b / (‖a‖·‖b‖) over the shared coordinates
// Correlations are clamped to [−1, 1] as R's cor does.
//
// Errors are reported through `err` (i32[4] = [kind, i, j, 0]) and a return value of −1; the
// host turns them into messages naming the rows.

import { ldf, stf } from './memory';
import { sortF64 } from './select';

// metric codes (host: METRIC in src/kernels/cluster.ts)
// @ts-ignore: decorator
@inline export const METRIC_EUCLIDEAN: i32 = 0;
// @ts-ignore: decorator
@inline export const METRIC_PEARSON: i32 = 1;
// @ts-ignore: decorator
@inline export const METRIC_SPEARMAN: i32 = 2;
// @ts-ignore: decorator
@inline export const METRIC_COSINE: i32 = 3;

// error kinds (host: DIST_ERROR in src/kernels/cluster.ts)
// @ts-ignore: decorator
@inline const ERR_ROW_ALL_NA: i32 = 1;
// @ts-ignore: decorator
@inline const ERR_ROW_CONSTANT: i32 = 2;
// @ts-ignore: decorator
@inline const ERR_ROW_ZERO_NORM: i32 = 3;
// @ts-ignore: decorator
@inline const ERR_PAIR_TOO_FEW: i32 = 4;
// @ts-ignore: decorator
@inline const ERR_PAIR_CONSTANT: i32 = 5;
// @ts-ignore: decorator
@inline const ERR_PAIR_ZERO_NORM: i32 = 6;
// @ts-ignore: decorator
@inline const ERR_PAIR_NOT_FINITE: i32 = 7;

/** Position of d(i, j), i < j, in a condensed n × n matrix. Needs n ≤ 46 340 (u32 products). */
// @ts-ignore: decorator
@inline export function condIndex(n: i32, i: i32, j: i32): usize {
  return ((<usize>i * <usize>(2 * n - i - 1)) >> 1) + <usize>(j - i - 1);
}

/** Row stride (in f64) of the work matrix: d rounded up to even, so f64x2 loops need no tail. */
// @ts-ignore: decorator
@inline export function paddedWidth(d: i32): i32 {
  return (d + 1) & ~1;
}

/** Up to this many coordinates the transposed work copy is built and four pairs go at once. */
// @ts-ignore: decorator
@inline const QUAD_MAX_D: i32 = 64;

/** Bytes of the work buffer for n rows of d coordinates (host: distanceBufferSizes). */
export function distWorkBytes(n: i32, d: i32): i32 {
  const rows = n * paddedWidth(d) * 8;
  return d <= QUAD_MAX_D ? rows + d * ((n + 1) & ~1) * 8 : rows;
}

// @ts-ignore: decorator
@inline function fail(err: usize, kind: i32, i: i32, j: i32): i32 {
  store<i32>(err, kind);
  store<i32>(err, i, 4);
  store<i32>(err, j, 8);
  return -1;
}

// @ts-ignore: decorator
@inline function clampCor(r: f64): f64 {
  return r >= 1.0 ? 1.0 : (r <= -1.0 ? -1.0 : r);
}

/** Σ (a_k − b_k)² over k < dp (dp even, 16-byte aligned rows), two lanes at a time. */
// @ts-ignore: decorator
@inline function sqDist(a: usize, b: usize, dp: i32): f64 {
  let acc = f64x2.splat(0);
  const end = <usize>dp << 3;
  for (let off: usize = 0; off < end; off += 16) {
    const df = f64x2.sub(v128.load(a + off), v128.load(b + off));
    acc = f64x2.add(acc, f64x2.mul(df, df));
  }
  return f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
}

/** Σ a_k·b_k over k < dp (dp even, 16-byte aligned rows). */
// @ts-ignore: decorator
@inline function dot(a: usize, b: usize, dp: i32): f64 {
  let acc = f64x2.splat(0);
  const end = <usize>dp << 3;
  for (let off: usize = 0; off < end; off += 16) {
    acc = f64x2.add(acc, f64x2.mul(v128.load(a + off), v128.load(b + off)));
  }
  return f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
}

/** First index k in sorted s[0..c) with s[k] >= v. */
function lowerBound(s: usize, c: i32, v: f64): i32 {
  let lo = 0;
  let hi = c;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ldf(s, mid) < v) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/** First index k in sorted s[0..c) with s[k] > v. */
function upperBound(s: usize, c: i32, v: f64): i32 {
  let lo = 0;
  let hi = c;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ldf(s, mid) <= v) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/**
 * dst[k] = rank of src[k] among src[0..c) (1-based, ties get their average rank: R's
 * `rank(ties.method = "average")`). src has no NaN; tmp is scratch of c f64.
 */
function rankInto(src: usize, c: i32, dst: usize, tmp: usize): void {
  memory.copy(tmp, src, <usize>c << 3);
  sortF64(tmp, c);
  for (let k = 0; k < c; k++) {
    const v = ldf(src, k);
    // positions lo+1 … hi (1-based) hold v: their average is (lo + 1 + hi) / 2
    stf(dst, k, <f64>(lowerBound(tmp, c, v) + upperBound(tmp, c, v) + 1) * 0.5);
  }
}

/**
 * Pearson correlation of a[0..c), b[0..c) (no NaN), two-pass with a mean correction as R's cor;
 * NaN when c < 2 or either has zero variance.
 */
function pearson(a: usize, b: usize, c: i32): f64 {
  if (c < 2) return NaN;
  let ma = 0.0, mb = 0.0;
  for (let k = 0; k < c; k++) { ma += ldf(a, k); mb += ldf(b, k); }
  ma /= c; mb /= c;
  let ca = 0.0, cb = 0.0;
  for (let k = 0; k < c; k++) { ca += ldf(a, k) - ma; cb += ldf(b, k) - mb; }
  ma += ca / c; mb += cb / c;
  let sab = 0.0, saa = 0.0, sbb = 0.0;
  for (let k = 0; k < c; k++) {
    const u = ldf(a, k) - ma;
    const v = ldf(b, k) - mb;
    sab += u * v; saa += u * u; sbb += v * v;
  }
  if (saa == 0 || sbb == 0) return NaN;
  return clampCor(sab / (Math.sqrt(saa) * Math.sqrt(sbb)));
}

/**
 * Centres and scales a[0..c) in place to unit Euclidean norm (a Pearson work row); returns
 * false if the values are all equal.
 */
function standardize(a: usize, c: i32): bool {
  let m = 0.0;
  for (let k = 0; k < c; k++) m += ldf(a, k);
  m /= c;
  let corr = 0.0;
  for (let k = 0; k < c; k++) corr += ldf(a, k) - m;
  m += corr / c;
  let ss = 0.0;
  for (let k = 0; k < c; k++) { const u = ldf(a, k) - m; stf(a, k, u); ss += u * u; }
  if (!(ss > 0)) return false;
  const inv = 1.0 / Math.sqrt(ss);
  for (let k = 0; k < c; k++) stf(a, k, ldf(a, k) * inv);
  return true;
}

/**
 * Part 1 of stats::dist(x) / 1 − cor(t(x)) (see the header): prepares the fast-path work rows
 * and the per-row NA flags; checks each row can be used.
 *
 * x: f64[n·d] row-major; work: distWorkBytes(n, d) bytes, 16-byte aligned (see the header);
 * rowNA: u8[n] (written: 1 if the row has a NaN); scratch: f64[5·d]; err: i32[4].
 * Returns 0, or −1 with err = [kind, row, −1]: 1 = all NA, 2 = fewer than two distinct values
 * (pearson / spearman), 3 = zero norm (cosine).
 */
export function distPrepare(
  x: usize, n: i32, d: i32, metric: i32, work: usize, rowNA: usize, scratch: usize, err: usize,
): i32 {
  const dp = paddedWidth(d);
  const tmp = scratch;
  for (let i = 0; i < n; i++) {
    const row = x + ((<usize>i * <usize>d) << 3);
    const w = work + ((<usize>i * <usize>dp) << 3);
    // count present values; remember the first one to detect constant rows
    let c = 0;
    let first = NaN;
    let allEqual = true;
    for (let k = 0; k < d; k++) {
      const v = ldf(row, k);
      if (v == v) {
        if (c == 0) first = v; else if (v != first) allEqual = false;
        c++;
      }
    }
    if (c == 0) return fail(err, ERR_ROW_ALL_NA, i, -1);
    const complete = c == d;
    store<u8>(rowNA + <usize>i, complete ? 0 : 1);
    memory.fill(w, 0, <usize>dp << 3);
    if (metric == METRIC_EUCLIDEAN) {
      if (complete) memory.copy(w, row, <usize>d << 3);
    } else if (metric == METRIC_PEARSON || metric == METRIC_SPEARMAN) {
      if (allEqual || c < 2) return fail(err, ERR_ROW_CONSTANT, i, -1);
      if (complete) {
        if (metric == METRIC_SPEARMAN) {
          rankInto(row, d, w, tmp);
        } else {
          memory.copy(w, row, <usize>d << 3);
        }
        if (!standardize(w, d)) return fail(err, ERR_ROW_CONSTANT, i, -1);
      }
    } else {
      // cosine
      let ss = 0.0;
      for (let k = 0; k < d; k++) { const v = ldf(row, k); if (v == v) ss += v * v; }
      if (!(ss > 0)) return fail(err, ERR_ROW_ZERO_NORM, i, -1);
      if (complete) {
        const inv = 1.0 / Math.sqrt(ss);
        for (let k = 0; k < d; k++) stf(w, k, ldf(row, k) * inv);
      }
    }
  }
  if (d <= QUAD_MAX_D) {
    const nP = (n + 1) & ~1;
    const wT = work + ((<usize>n * <usize>dp) << 3);
    for (let i = 0; i < n; i++) {
      const w = work + ((<usize>i * <usize>dp) << 3);
      for (let k = 0; k < d; k++) stf(wT, k * nP + i, ldf(w, k));
    }
  }
  return 0;
}

/**
 * Distance of rows i, j when at least one has NA: pairwise-complete coordinates (see the header).
 * Returns the distance, or NaN after writing err.
 */
function slowPair(x: usize, d: i32, metric: i32, i: i32, j: i32, scratch: usize, err: usize): f64 {
  const ri = x + ((<usize>i * <usize>d) << 3);
  const rj = x + ((<usize>j * <usize>d) << 3);
  if (metric == METRIC_EUCLIDEAN) {
    let s = 0.0;
    let c = 0;
    for (let k = 0; k < d; k++) {
      const dv = ldf(ri, k) - ldf(rj, k);
      if (dv == dv) { s += dv * dv; c++; }
    }
    if (c == 0) { fail(err, ERR_PAIR_TOO_FEW, i, j); return NaN; }
    // R's stats::dist: dist /= ((double) count / nc), then sqrt
    if (c != d) s /= <f64>c / <f64>d;
    return Math.sqrt(s);
  }
  // gather the shared coordinates
  const a = scratch;
  const b = scratch + (<usize>d << 3);
  let c = 0;
  for (let k = 0; k < d; k++) {
    const u = ldf(ri, k);
    const v = ldf(rj, k);
    if (u == u && v == v) { stf(a, c, u); stf(b, c, v); c++; }
  }
  if (metric == METRIC_COSINE) {
    if (c == 0) { fail(err, ERR_PAIR_TOO_FEW, i, j); return NaN; }
    let sab = 0.0, saa = 0.0, sbb = 0.0;
    for (let k = 0; k < c; k++) {
      const u = ldf(a, k);
      const v = ldf(b, k);
      sab += u * v; saa += u * u; sbb += v * v;
    }
    if (!(saa > 0) || !(sbb > 0)) { fail(err, ERR_PAIR_ZERO_NORM, i, j); return NaN; }
    return 1.0 - clampCor(sab / (Math.sqrt(saa) * Math.sqrt(sbb)));
  }
  if (c < 2) { fail(err, ERR_PAIR_TOO_FEW, i, j); return NaN; }
  let r: f64;
  if (metric == METRIC_SPEARMAN) {
    const ra = scratch + ((<usize>d * 2) << 3);
    const rb = scratch + ((<usize>d * 3) << 3);
    const tmp = scratch + ((<usize>d * 4) << 3);
    rankInto(a, c, ra, tmp);
    rankInto(b, c, rb, tmp);
    r = pearson(ra, rb, c);
  } else {
    r = pearson(a, b, c);
  }
  if (r != r) { fail(err, ERR_PAIR_CONSTANT, i, j); return NaN; }
  return 1.0 - r;
}

/** One pair on the fast path (both rows complete), from the row-major work rows. */
// @ts-ignore: decorator
@inline function fastPair(wi: usize, wj: usize, dp: i32, euclid: bool, square: bool): f64 {
  if (euclid) {
    const s = sqDist(wi, wj, dp);
    return square ? s : Math.sqrt(s);
  }
  const v = 1.0 - clampCor(dot(wi, wj, dp));
  return square ? v * v : v;
}

/**
 * Four pairs (i, j), …, (i, j+3), all rows complete, from the transposed work copy: lanes hold
 * pairs, coordinates are summed in order. Writes the distances to out[o..o+3].
 */
// @ts-ignore: decorator
@inline function quadPairs<T>(wi: usize, wT: usize, nP: i32, d: i32, j: i32, euclid: bool, square: bool, o: usize): bool {
  let acc0 = f64x2.splat(0);
  let acc1 = f64x2.splat(0);
  let p = wT + (<usize>j << 3);
  const stride = <usize>nP << 3;
  if (euclid) {
    for (let k = 0; k < d; k++, p += stride) {
      const xi = f64x2.splat(ldf(wi, k));
      const d0 = f64x2.sub(xi, v128.load(p));
      const d1 = f64x2.sub(xi, v128.load(p, 16));
      acc0 = f64x2.add(acc0, f64x2.mul(d0, d0));
      acc1 = f64x2.add(acc1, f64x2.mul(d1, d1));
    }
    if (!square) { acc0 = f64x2.sqrt(acc0); acc1 = f64x2.sqrt(acc1); }
  } else {
    for (let k = 0; k < d; k++, p += stride) {
      const xi = f64x2.splat(ldf(wi, k));
      acc0 = f64x2.add(acc0, f64x2.mul(xi, v128.load(p)));
      acc1 = f64x2.add(acc1, f64x2.mul(xi, v128.load(p, 16)));
    }
    const one = f64x2.splat(1.0);
    const lo = f64x2.splat(-1.0);
    acc0 = f64x2.sub(one, f64x2.min(f64x2.max(acc0, lo), one));
    acc1 = f64x2.sub(one, f64x2.min(f64x2.max(acc1, lo), one));
    if (square) { acc0 = f64x2.mul(acc0, acc0); acc1 = f64x2.mul(acc1, acc1); }
  }
  const v0 = f64x2.extract_lane(acc0, 0);
  const v1 = f64x2.extract_lane(acc0, 1);
  const v2 = f64x2.extract_lane(acc1, 0);
  const v3 = f64x2.extract_lane(acc1, 1);
  // only Euclidean can overflow (coordinates beyond ~1e154)
  if (v0 + v1 + v2 + v3 - (v0 + v1 + v2 + v3) != 0) return false;
  store<T>(o, <T>v0);
  store<T>(o + sizeof<T>(), <T>v1);
  store<T>(o + 2 * sizeof<T>(), <T>v2);
  store<T>(o + 3 * sizeof<T>(), <T>v3);
  return true;
}

function distRowsT<T>(
  x: usize, work: usize, rowNA: usize, n: i32, d: i32, metric: i32, square: bool, out: usize,
  i0: i32, i1: i32, scratch: usize, err: usize,
): i32 {
  const dp = paddedWidth(d);
  const rowBytes = <usize>dp << 3;
  const euclid = metric == METRIC_EUCLIDEAN;
  const nP = (n + 1) & ~1;
  const wT = work + ((<usize>n * <usize>dp) << 3);
  for (let i = i0; i < i1; i++) {
    let o = out + (condIndex(n, i, i + 1) << alignof<T>());
    const wi = work + <usize>i * rowBytes;
    const naI = load<u8>(rowNA + <usize>i);
    const quad = d <= QUAD_MAX_D && naI == 0;
    let j = i + 1;
    while (j < n) {
      // four complete rows at once (their NA flags read as one u32); an overflow among them
      // falls through to the single-pair path, which reports it
      if (quad && j + 4 <= n && load<u32>(rowNA + <usize>j) == 0 && quadPairs<T>(wi, wT, nP, d, j, euclid, square, o)) {
        j += 4;
        o += 4 * sizeof<T>();
        continue;
      }
      let v: f64;
      if ((naI | load<u8>(rowNA + <usize>j)) != 0) {
        v = slowPair(x, d, metric, i, j, scratch, err);
        if (v != v) return -1;
        if (square) v = v * v;
      } else {
        v = fastPair(wi, work + <usize>j * rowBytes, dp, euclid, square);
      }
      // only Euclidean can overflow (coordinates beyond ~1e154); the linkage needs finite values
      if (v - v != 0) return fail(err, ERR_PAIR_NOT_FINITE, i, j);
      store<T>(o, <T>v);
      j++;
      o += sizeof<T>();
    }
  }
  return 0;
}

/**
 * Part 2 of stats::dist(x) / 1 − cor(t(x), use = "pairwise.complete.obs") / 1 − cosine: fills
 * rows [i0, i1) of the condensed matrix `out` (all pairs (i, j), i0 ≤ i < i1, j > i) after
 * {@link distPrepare}. wide ≠ 0: out is f64, else f32. square ≠ 0: stores d² (computed in f64,
 * rounded once), what ward.D2 and centroid/median cluster. scratch: f64[5·d]; err: i32[4].
 * Returns 0, or −1 with err = [kind, i, j]: 4 = too few shared coordinates, 5 = a row is
 * constant on the shared coordinates (pearson / spearman), 6 = zero norm on them (cosine),
 * 7 = the distance overflows.
 */
export function distRows(
  x: usize, work: usize, rowNA: usize, n: i32, d: i32, metric: i32, wide: i32, square: i32, out: usize,
  i0: i32, i1: i32, scratch: usize, err: usize,
): i32 {
  return wide != 0
    ? distRowsT<f64>(x, work, rowNA, n, d, metric, square != 0, out, i0, i1, scratch, err)
    : distRowsT<f32>(x, work, rowNA, n, d, metric, square != 0, out, i0, i1, scratch, err);
}
