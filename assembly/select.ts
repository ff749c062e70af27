// Sorting and selection on raw f64 buffers (no managed arrays, no allocation).
//
// NaN handling: NaN is "missing" (R's NA / NaN). `compactNonNaN` moves the non-NaN values to
// the front of the buffer (order not kept) and returns their count; selection and sorting then
// only ever see ordered values, so plain `<` comparisons are total. ±Inf are ordinary values,
// as in R's `median(x, na.rm = TRUE)`.
//
//   before: [ 3 | NaN | 1 | NaN | 2 ]        after compactNonNaN: [ 3 | 2 | 1 | NaN | NaN ]  -> 3
//             0    1    2    3    4                                 0   1   2    3     4

import { ldf, stf } from './memory';

/** Ranges at most this long are finished by insertion sort. */
// @ts-ignore: decorator
@inline const SMALL: i32 = 16;

// @ts-ignore: decorator
@inline function swap(a: usize, i: i32, j: i32): void {
  const pi = a + (<usize>i << 3);
  const pj = a + (<usize>j << 3);
  const t = load<f64>(pi);
  store<f64>(pi, load<f64>(pj));
  store<f64>(pj, t);
}

/** Moves all non-NaN values of a[0..n) to the front; returns how many there are. */
export function compactNonNaN(a: usize, n: i32): i32 {
  let w = 0;
  for (let r = 0; r < n; r++) {
    const v = ldf(a, r);
    if (v == v) {
      if (w != r) { stf(a, r, ldf(a, w)); stf(a, w, v); }
      w++;
    }
  }
  return w;
}

/** Insertion sort of a[lo..hi] (inclusive), ascending; no NaN allowed. */
function insertionSort(a: usize, lo: i32, hi: i32): void {
  for (let i = lo + 1; i <= hi; i++) {
    const v = ldf(a, i);
    let j = i - 1;
    while (j >= lo && ldf(a, j) > v) { stf(a, j + 1, ldf(a, j)); j--; }
    stf(a, j + 1, v);
  }
}

/** Sift-down for a max-heap stored in a[lo..lo+n). */
function siftDown(a: usize, lo: i32, root: i32, n: i32): void {
  const v = ldf(a, lo + root);
  let i = root;
  while (true) {
    let c = 2 * i + 1;
    if (c >= n) break;
    if (c + 1 < n && ldf(a, lo + c + 1) > ldf(a, lo + c)) c++;
    if (!(ldf(a, lo + c) > v)) break;
    stf(a, lo + i, ldf(a, lo + c));
    i = c;
  }
  stf(a, lo + i, v);
}

/** Heapsort of a[lo..hi] (inclusive): the O(n log n) fallback of introsort / introselect. */
function heapSort(a: usize, lo: i32, hi: i32): void {
  const n = hi - lo + 1;
  for (let r = (n >> 1) - 1; r >= 0; r--) siftDown(a, lo, r, n);
  for (let end = n - 1; end > 0; end--) {
    swap(a, lo, lo + end);
    siftDown(a, lo, 0, end);
  }
}

/** Median of a[lo], a[mid], a[hi] as a pivot value; also orders those three slots. */
// @ts-ignore: decorator
@inline function pivotOf3(a: usize, lo: i32, hi: i32): f64 {
  const mid = lo + ((hi - lo) >> 1);
  if (ldf(a, mid) < ldf(a, lo)) swap(a, mid, lo);
  if (ldf(a, hi) < ldf(a, lo)) swap(a, hi, lo);
  if (ldf(a, hi) < ldf(a, mid)) swap(a, hi, mid);
  return ldf(a, mid);
}

/** floor(log2(n)) for n >= 1. */
// @ts-ignore: decorator
@inline function ilog2(n: i32): i32 {
  return 31 - <i32>clz<u32>(<u32>n);
}

/**
 * Returns the k-th smallest (0-based) of a[0..n), NaN-free, reordering a so that
 * a[0..k) <= a[k] <= a[k+1..n). Hoare quickselect with median-of-3 pivots; after
 * 2·log2(n) rounds without converging the remaining range is heapsorted (introselect),
 * so the worst case stays O(n log n).
 */
export function selectK(a: usize, n: i32, k: i32): f64 {
  let lo = 0;
  let hi = n - 1;
  let budget = 2 * ilog2(max(n, 1)) + 4;
  while (hi > lo) {
    if (hi - lo < SMALL) { insertionSort(a, lo, hi); break; }
    if (budget-- == 0) { heapSort(a, lo, hi); break; }
    const x = pivotOf3(a, lo, hi);
    let i = lo;
    let j = hi;
    do {
      while (ldf(a, i) < x) i++;
      while (x < ldf(a, j)) j--;
      if (i <= j) { swap(a, i, j); i++; j--; }
    } while (i <= j);
    // now a[lo..j] <= x <= a[i..hi], and every slot strictly between j and i equals x
    if (j < k) lo = i;
    if (k < i) hi = j;
  }
  return ldf(a, k);
}

/**
 * Median of the non-NaN values of a[0..n) (R: `median(x, na.rm = TRUE)`): the middle value, or
 * the mean of the two middle values for an even count; NaN when no value is present.
 * Destroys the order of the buffer.
 */
export function medianInPlace(a: usize, n: i32): f64 {
  const m = compactNonNaN(a, n);
  return medianNoNaN(a, m);
}

/** Median of a[0..n) known to contain no NaN; NaN for n == 0. Reorders the buffer. */
export function medianNoNaN(a: usize, n: i32): f64 {
  if (n <= 0) return NaN;
  const k = n >> 1;
  const upper = selectK(a, n, k);
  if (n & 1) return upper;
  // a[0..k) <= a[k]: the lower middle value is the largest of them
  let lower = ldf(a, 0);
  for (let i = 1; i < k; i++) { const v = ldf(a, i); if (v > lower) lower = v; }
  return (lower + upper) * 0.5;
}

function introSort(a: usize, lo: i32, hi: i32, depth: i32): void {
  while (hi - lo >= SMALL) {
    if (depth-- == 0) { heapSort(a, lo, hi); return; }
    const x = pivotOf3(a, lo, hi);
    let i = lo;
    let j = hi;
    do {
      while (ldf(a, i) < x) i++;
      while (x < ldf(a, j)) j--;
      if (i <= j) { swap(a, i, j); i++; j--; }
    } while (i <= j);
    // recurse into the smaller side, loop on the larger (stack depth O(log n))
    if (j - lo < hi - i) { introSort(a, lo, j, depth); lo = i; }
    else { introSort(a, i, hi, depth); hi = j; }
  }
  if (hi > lo) insertionSort(a, lo, hi);
}

/**
 * Sorts a[0..n) ascending in place with NaN values moved to the end (as R's
 * `sort(x, na.last = TRUE)`); returns the number of non-NaN values. Introsort; not stable.
 */
export function sortF64(a: usize, n: i32): i32 {
  const m = compactNonNaN(a, n);
  if (m > 1) introSort(a, 0, m - 1, 2 * ilog2(m) + 2);
  return m;
}
