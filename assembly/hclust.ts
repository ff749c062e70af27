// Agglomerative hierarchical clustering on a condensed dissimilarity matrix, after Müllner's
// fastcluster (D. Müllner, "Modern hierarchical, agglomerative clustering algorithms", 2011;
// "fastcluster: fast hierarchical, agglomerative clustering routines for R and Python", J. Stat.
// Softw. 53(9), 2013). Mirrors fastcluster::hclust(d, method) with three algorithms:
//
//   single                          minimum spanning tree (Prim), O(n²), matrix read-only
//   complete, average, weighted,    nearest-neighbour chain, O(n²), Lance–Williams updates
//   ward (= ward.D2)                overwriting the condensed matrix in place
//   centroid, median                the generic algorithm (lazy per-row nearest neighbours in a
//                                   binary heap), O(n²) memory, usually O(n²) time
//
// The matrix D is the condensed upper triangle of R's `dist` (see distance.ts), stored as f64 or
// f32 (`wide`); every update is computed in f64 and rounded once when stored.
//
// Ties. Every algorithm breaks ties by one strict total order on pairs of current clusters:
// (distance, lower slot, higher slot), where a cluster's slot is the largest point index in it
// (a merge keeps the higher slot). Under that order the reducible methods have a unique
// hierarchy, so the NN chain, the generic algorithm and a naive global-minimum search
// (src/stats/cluster-reference.ts) agree exactly even on tied data.
//
// The work is resumable: linkageInit sets up a state block, linkageRun does up to `maxSteps`
// merges and returns the number done so far, so the host can report progress and cancel.
//
// State block (host-allocated, linkageStateBytes(n) bytes, 16-byte aligned):
//
//   +0  i32 n | +4 method | +8 wide | +12 step | +16 tip (NN chain) / prev (MST)
//   +20 i32 heap size (generic) | +24 i32 nAct | +28 pad
//   +32           members f64[n]     cluster sizes (average, ward, centroid)
//   +32+8n        mind    f64[n]     generic: lower bound of row i's minimum; MST: distance to tree
//   +32+16n       act     i32[n]     the active slots, ascending, packed in act[0..nAct)
//   +32+20n       chain   i32[n]     NN chain; generic: row i's nearest neighbour (a slot > i)
//   +32+24n       heapI   i32[n]     generic: heap position → row
//   +32+28n       heapR   i32[n]     generic: row → heap position
//   +32+32n       dirty   i32[n]     generic: row's neighbour must be recomputed
//
// The active slots are a packed sorted array rather than a linked list: scans over it have no
// load-to-load dependency, so the CPU overlaps the cache misses of the strided column reads;
// removing a slot is one memmove (O(n) per merge, like the updates themselves).
//
// Output of step s (algorithm order, NOT sorted by height): outA[s], outB[s] = the two slots
// merged (each a point index inside its cluster), outH[s] = the merge height. The host sorts
// (except centroid/median, kept in algorithm order as fastcluster does) and relabels to R's
// hclust convention with a union-find (src/stats/cluster.ts).

import { condIndex } from './distance';

// the distance kernels travel with the linkage (one export line in index.ts)
export { distPrepare, distRows, distWorkBytes } from './distance';

// method codes, as fastcluster's enum (host: LINKAGE_CODE in src/kernels/cluster.ts)
// @ts-ignore: decorator
@inline const SINGLE: i32 = 0;
// @ts-ignore: decorator
@inline const COMPLETE: i32 = 1;
// @ts-ignore: decorator
@inline const AVERAGE: i32 = 2;
// @ts-ignore: decorator
@inline const WEIGHTED: i32 = 3;
// @ts-ignore: decorator
@inline const WARD: i32 = 4;
// @ts-ignore: decorator
@inline const CENTROID: i32 = 5;
// @ts-ignore: decorator
@inline const MEDIAN: i32 = 6;

// @ts-ignore: decorator
@inline const H_N: usize = 0;
// @ts-ignore: decorator
@inline const H_METHOD: usize = 4;
// @ts-ignore: decorator
@inline const H_WIDE: usize = 8;
// @ts-ignore: decorator
@inline const H_STEP: usize = 12;
// @ts-ignore: decorator
@inline const H_TIP: usize = 16;
// @ts-ignore: decorator
@inline const H_HEAP: usize = 20;
// @ts-ignore: decorator
@inline const H_NACT: usize = 24;
// @ts-ignore: decorator
@inline const HEADER: usize = 32;

// @ts-ignore: decorator
@inline function membersPtr(S: usize): usize { return S + HEADER; }
// @ts-ignore: decorator
@inline function mindPtr(S: usize, n: i32): usize { return S + HEADER + (<usize>n << 3); }
// @ts-ignore: decorator
@inline function actPtr(S: usize, n: i32): usize { return S + HEADER + (<usize>n << 4); }
// @ts-ignore: decorator
@inline function chainPtr(S: usize, n: i32): usize { return actPtr(S, n) + (<usize>n << 2); }
// @ts-ignore: decorator
@inline function heapIPtr(S: usize, n: i32): usize { return chainPtr(S, n) + (<usize>n << 2); }
// @ts-ignore: decorator
@inline function heapRPtr(S: usize, n: i32): usize { return heapIPtr(S, n) + (<usize>n << 2); }
// @ts-ignore: decorator
@inline function dirtyPtr(S: usize, n: i32): usize { return heapRPtr(S, n) + (<usize>n << 2); }

/** Bytes of the state block for n objects (the working memory of fastcluster::hclust besides D). */
export function linkageStateBytes(n: i32): i32 {
  return <i32>HEADER + 36 * n + 16;
}

// ── element access ────────────────────────────────────────────────────────────────────────────

// @ts-ignore: decorator
@inline function ld<T>(D: usize, idx: usize): f64 {
  return <f64>load<T>(D + (idx << alignof<T>()));
}

// @ts-ignore: decorator
@inline function st<T>(D: usize, idx: usize, v: f64): void {
  store<T>(D + (idx << alignof<T>()), <T>v);
}

// @ts-ignore: decorator
@inline function geti(p: usize, i: i32): i32 { return load<i32>(p + (<usize>i << 2)); }
// @ts-ignore: decorator
@inline function seti(p: usize, i: i32, v: i32): void { store<i32>(p + (<usize>i << 2), v); }
// @ts-ignore: decorator
@inline function getf(p: usize, i: i32): f64 { return load<f64>(p + (<usize>i << 3)); }
// @ts-ignore: decorator
@inline function setf(p: usize, i: i32, v: f64): void { store<f64>(p + (<usize>i << 3), v); }

/** index(a, y) = rowBase(n, a) + y for y > a (wrapping usize arithmetic is exact here). */
// @ts-ignore: decorator
@inline function rowBase(n: i32, a: i32): usize {
  return condIndex(n, a, a + 1) - <usize>(a + 1);
}

/** Position of the first active slot ≥ i in act[0..nAct). */
function actFind(act: usize, nAct: i32, i: i32): i32 {
  let lo = 0;
  let hi = nAct;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (geti(act, mid) < i) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/** Removes active slot i; returns the new count. */
function deactivate(act: usize, nAct: i32, i: i32): i32 {
  const p = actFind(act, nAct, i);
  memory.copy(act + (<usize>p << 2), act + (<usize>(p + 1) << 2), <usize>(nAct - p - 1) << 2);
  return nAct - 1;
}

/**
 * Lance–Williams update: the dissimilarity between the merged cluster (lo ∪ hi) and a cluster
 * y, from a = d(lo, y), b = d(hi, y), c = d(lo, hi), sizes s (lo), t (hi), v (y) and the weights
 * ws = s/(s+t), wt = t/(s+t). For ward the values are squared Euclidean distances (ward.D2),
 * for centroid/median whatever was given (R's convention: squared Euclidean). The formulas and
 * their operation order are fastcluster's f_* functions (src/stats/cluster-reference.ts uses
 * the same, so the two agree to the last bit).
 */
// @ts-ignore: decorator
@inline function lanceWilliams(method: i32, a: f64, b: f64, c: f64, ws: f64, wt: f64, s: f64, t: f64, v: f64): f64 {
  switch (method) {
    case COMPLETE: return a > b ? a : b;
    case AVERAGE: return ws * a + wt * b;
    case WEIGHTED: return (a + b) * 0.5;
    case WARD: return ((v + s) * a - v * c + (v + t) * b) / (s + t + v);
    case CENTROID: return ws * a + wt * b - ws * wt * c;
    case MEDIAN: return (a + b) * 0.5 - c * 0.25;
    default: return a < b ? a : b; // SINGLE
  }
}

// ── init ─────────────────────────────────────────────────────────────────────────────────────

function initT<T>(D: usize, n: i32, method: i32, square: bool, check: bool, S: usize): i32 {
  const len = (<usize>n * <usize>(n - 1)) >> 1;
  // every value must be finite (NaN/Inf make every algorithm here undefined); square in place
  // for ward.D2 and when the caller asks (centroid/median on Euclidean distances)
  if (square) {
    for (let k: usize = 0; k < len; k++) {
      const v = ld<T>(D, k);
      if (v - v != 0) return -1;
      st<T>(D, k, v * v);
    }
  } else if (check) {
    for (let k: usize = 0; k < len; k++) {
      const v = ld<T>(D, k);
      if (v - v != 0) return -1;
    }
  }
  store<i32>(S + H_N, n);
  store<i32>(S + H_METHOD, method);
  store<i32>(S + H_WIDE, sizeof<T>() == 8 ? 1 : 0);
  store<i32>(S + H_STEP, 0);
  store<i32>(S + H_TIP, 0);
  const members = membersPtr(S);
  const mind = mindPtr(S, n);
  const act = actPtr(S, n);
  for (let i = 0; i < n; i++) {
    setf(members, i, 1.0);
    seti(act, i, i);
  }
  store<i32>(S + H_NACT, n);
  if (method == SINGLE) {
    for (let i = 0; i < n; i++) setf(mind, i, Infinity);
    store<i32>(S + H_NACT, deactivate(act, n, 0)); // Prim starts from point 0
    store<i32>(S + H_TIP, 0);
  } else if (method == CENTROID || method == MEDIAN) {
    const nn = chainPtr(S, n);
    const dirty = dirtyPtr(S, n);
    for (let i = 0; i < n - 1; i++) {
      const base = rowBase(n, i);
      let best = ld<T>(D, base + <usize>(i + 1));
      let bj = i + 1;
      for (let j = i + 2; j < n; j++) {
        const v = ld<T>(D, base + <usize>j);
        if (v < best) { best = v; bj = j; }
      }
      setf(mind, i, best);
      seti(nn, i, bj);
      seti(dirty, i, 0);
    }
    heapBuild(S, n, n - 1);
  }
  return 0;
}

/**
 * The clustering step of fastcluster::hclust(D, method), part 1. Prepares `state`
 * (linkageStateBytes(n) bytes) for clustering the condensed matrix D (n ≥ 2; f64 if wide ≠ 0,
 * else f32) by `method` (0 single, 1 complete, 2 average, 3 weighted/mcquitty, 4 ward.D2,
 * 5 centroid, 6 median). flags: bit 0 (1) = square D in place first (always done for ward);
 * bit 1 (2) = D is ready as it is — finite, and already squared where the method needs it (as
 * distRows writes it) — so no pass over D is made. Returns 0, or −1 if D holds a NaN or
 * infinite value.
 */
export function linkageInit(D: usize, n: i32, method: i32, wide: i32, flags: i32, state: usize): i32 {
  if (n < 2 || method < SINGLE || method > MEDIAN) return -2;
  const ready = (flags & 2) != 0;
  const sq = !ready && ((flags & 1) != 0 || method == WARD);
  return wide != 0 ? initT<f64>(D, n, method, sq, !ready, state) : initT<f32>(D, n, method, sq, !ready, state);
}

/**
 * The clustering step of fastcluster::hclust(D, method), part 2: performs up to maxSteps further
 * merges (see the header for outA/outB/outH: i32, i32, f64 of length n − 1). Returns the number
 * of merges done so far (n − 1 when finished).
 */
export function linkageRun(D: usize, state: usize, outA: usize, outB: usize, outH: usize, maxSteps: i32): i32 {
  const method = load<i32>(state + H_METHOD);
  const wide = load<i32>(state + H_WIDE) != 0;
  if (method == SINGLE) {
    return wide ? primRun<f64>(D, state, outA, outB, outH, maxSteps) : primRun<f32>(D, state, outA, outB, outH, maxSteps);
  }
  if (method == CENTROID || method == MEDIAN) {
    return wide ? genericRun<f64>(D, state, outA, outB, outH, maxSteps) : genericRun<f32>(D, state, outA, outB, outH, maxSteps);
  }
  return wide ? nnChainRun<f64>(D, state, outA, outB, outH, maxSteps) : nnChainRun<f32>(D, state, outA, outB, outH, maxSteps);
}

// ── nearest-neighbour chain (complete, average, weighted, ward) ──────────────────────────────

/**
 * Lance–Williams update of every active slot's dissimilarity to `hi` after merging lo into hi
 * (lo already deactivated). c = d(lo, hi); s, t = sizes of lo, hi before the merge.
 */
function updateRows<T>(D: usize, n: i32, act: usize, nAct: i32, members: usize, method: i32, lo: i32, hi: i32, c: f64, s: f64, t: f64): void {
  const ws = s / (s + t);
  const wt = t / (s + t);
  let p = 0;
  let y = 0;
  // y < lo: a = D(y, lo), b = D(y, hi), both down columns
  for (; p < nAct; p++) {
    y = geti(act, p);
    if (y >= lo) break;
    const ia = condIndex(n, y, lo);
    const ib = condIndex(n, y, hi);
    st<T>(D, ib, lanceWilliams(method, ld<T>(D, ia), ld<T>(D, ib), c, ws, wt, s, t, getf(members, y)));
  }
  // lo < y < hi: a = D(lo, y) along row lo, b = D(y, hi) down column hi
  const baseLo = rowBase(n, lo);
  for (; p < nAct; p++) {
    y = geti(act, p);
    if (y >= hi) break;
    const ia = baseLo + <usize>y;
    const ib = condIndex(n, y, hi);
    st<T>(D, ib, lanceWilliams(method, ld<T>(D, ia), ld<T>(D, ib), c, ws, wt, s, t, getf(members, y)));
  }
  // y > hi: both along rows
  const baseHi = rowBase(n, hi);
  for (p++; p < nAct; p++) {
    y = geti(act, p);
    const ia = baseLo + <usize>y;
    const ib = baseHi + <usize>y;
    st<T>(D, ib, lanceWilliams(method, ld<T>(D, ia), ld<T>(D, ib), c, ws, wt, s, t, getf(members, y)));
  }
}

function nnChainRun<T>(D: usize, S: usize, outA: usize, outB: usize, outH: usize, maxSteps: i32): i32 {
  const n = load<i32>(S + H_N);
  const method = load<i32>(S + H_METHOD);
  let step = load<i32>(S + H_STEP);
  let tip = load<i32>(S + H_TIP);
  let nAct = load<i32>(S + H_NACT);
  const members = membersPtr(S);
  const act = actPtr(S, n);
  const chain = chainPtr(S, n);
  const end = min(n - 1, step + max(maxSteps, 0));
  while (step < end) {
    if (tip == 0) { seti(chain, 0, geti(act, 0)); tip = 1; }
    let a = 0, b = 0;
    let dmin = 0.0;
    while (true) {
      a = geti(chain, tip - 1);
      // nearest neighbour of a under (distance, index): scan active slots ascending, strict <
      dmin = Infinity;
      b = -1;
      let p = 0;
      for (; p < nAct; p++) {
        const y = geti(act, p);
        if (y >= a) break;
        const v = ld<T>(D, condIndex(n, y, a));
        if (v < dmin) { dmin = v; b = y; }
      }
      const base = rowBase(n, a);
      for (p++; p < nAct; p++) {
        const y = geti(act, p);
        const v = ld<T>(D, base + <usize>y);
        if (v < dmin) { dmin = v; b = y; }
      }
      if (tip >= 2 && b == geti(chain, tip - 2)) break; // reciprocal nearest neighbours
      seti(chain, tip++, b);
    }
    tip -= 2;
    const lo = a < b ? a : b;
    const hi = a < b ? b : a;
    seti(outA, step, lo);
    seti(outB, step, hi);
    setf(outH, step, method == WARD ? Math.sqrt(dmin) : dmin);
    const s = getf(members, lo);
    const t = getf(members, hi);
    nAct = deactivate(act, nAct, lo);
    updateRows<T>(D, n, act, nAct, members, method, lo, hi, dmin, s, t);
    setf(members, hi, s + t);
    step++;
  }
  store<i32>(S + H_STEP, step);
  store<i32>(S + H_TIP, tip);
  store<i32>(S + H_NACT, nAct);
  return step;
}

// ── minimum spanning tree (single) ───────────────────────────────────────────────────────────

/**
 * Prim's algorithm on the complete graph (Rohlf 1973, as fastcluster's MST_linkage_core): each
 * step adds the outside point nearest to the tree and reports (previously added point, new
 * point, distance); sorting these by distance gives the single-linkage dendrogram.
 */
function primRun<T>(D: usize, S: usize, outA: usize, outB: usize, outH: usize, maxSteps: i32): i32 {
  const n = load<i32>(S + H_N);
  let step = load<i32>(S + H_STEP);
  let prev = load<i32>(S + H_TIP);
  let nAct = load<i32>(S + H_NACT);
  const mind = mindPtr(S, n);
  const act = actPtr(S, n);
  const end = min(n - 1, step + max(maxSteps, 0));
  while (step < end) {
    let best = Infinity;
    let bi = -1;
    let p = 0;
    // prev is in the tree, so it is not in act: the scan splits at the first slot above it
    for (; p < nAct; p++) {
      const y = geti(act, p);
      if (y > prev) break;
      const v = ld<T>(D, condIndex(n, y, prev));
      let m = getf(mind, y);
      if (v < m) { m = v; setf(mind, y, v); }
      if (m < best) { best = m; bi = y; }
    }
    const base = rowBase(n, prev);
    for (; p < nAct; p++) {
      const y = geti(act, p);
      const v = ld<T>(D, base + <usize>y);
      let m = getf(mind, y);
      if (v < m) { m = v; setf(mind, y, v); }
      if (m < best) { best = m; bi = y; }
    }
    seti(outA, step, prev < bi ? prev : bi);
    seti(outB, step, prev < bi ? bi : prev);
    setf(outH, step, best);
    nAct = deactivate(act, nAct, bi);
    prev = bi;
    step++;
  }
  store<i32>(S + H_STEP, step);
  store<i32>(S + H_TIP, prev);
  store<i32>(S + H_NACT, nAct);
  return step;
}

// ── generic algorithm (centroid, median) ─────────────────────────────────────────────────────
//
// Row i keeps nn[i] (a slot j > i) and mind[i] ≤ min_{active j > i} D(i, j). A binary min-heap
// over the rows, keyed (mind, row), yields the global minimum: pop the top row, recompute it if
// its entry is stale or marked dirty, repeat until the top is exact.

// @ts-ignore: decorator
@inline function heapLess(mind: usize, r1: i32, r2: i32): bool {
  const a = getf(mind, r1);
  const b = getf(mind, r2);
  return a < b || (a == b && r1 < r2);
}

// @ts-ignore: decorator
@inline function heapSwap(hI: usize, hR: usize, p: i32, q: i32): void {
  const rp = geti(hI, p);
  const rq = geti(hI, q);
  seti(hI, p, rq);
  seti(hI, q, rp);
  seti(hR, rq, p);
  seti(hR, rp, q);
}

/** Moves the row at heap position p down until both children are larger. */
function heapDown(S: usize, n: i32, p: i32): void {
  const hI = heapIPtr(S, n);
  const hR = heapRPtr(S, n);
  const mind = mindPtr(S, n);
  const size = load<i32>(S + H_HEAP);
  while (true) {
    const l = 2 * p + 1;
    if (l >= size) break;
    let c = l;
    if (l + 1 < size && heapLess(mind, geti(hI, l + 1), geti(hI, l))) c = l + 1;
    if (!heapLess(mind, geti(hI, c), geti(hI, p))) break;
    heapSwap(hI, hR, p, c);
    p = c;
  }
}

/**
 * Restores a valid heap after the key of the row at position p changed (either way): sift up,
 * then down from wherever it settled.
 */
function heapFix(S: usize, n: i32, p: i32): void {
  const hI = heapIPtr(S, n);
  const hR = heapRPtr(S, n);
  const mind = mindPtr(S, n);
  while (p > 0) {
    const q = (p - 1) >> 1;
    if (!heapLess(mind, geti(hI, p), geti(hI, q))) break;
    heapSwap(hI, hR, p, q);
    p = q;
  }
  heapDown(S, n, p);
}

/** Heap of rows 0..size-1. */
function heapBuild(S: usize, n: i32, size: i32): void {
  const hI = heapIPtr(S, n);
  const hR = heapRPtr(S, n);
  store<i32>(S + H_HEAP, size);
  for (let i = 0; i < size; i++) { seti(hI, i, i); seti(hR, i, i); }
  for (let p = (size >> 1) - 1; p >= 0; p--) heapDown(S, n, p);
}

/** Removes row r from the heap. */
function heapRemove(S: usize, n: i32, r: i32): void {
  const hI = heapIPtr(S, n);
  const hR = heapRPtr(S, n);
  const size = load<i32>(S + H_HEAP) - 1;
  store<i32>(S + H_HEAP, size);
  const p = geti(hR, r);
  if (p == size) return;
  const last = geti(hI, size);
  seti(hI, p, last);
  seti(hR, last, p);
  heapFix(S, n, p);
}

/** Recomputes row i's nearest neighbour among active slots j > i (smallest j on ties). */
function rowMin<T>(D: usize, n: i32, act: usize, nAct: i32, mind: usize, nn: usize, i: i32): void {
  const base = rowBase(n, i);
  let p = actFind(act, nAct, i + 1);
  let bj = geti(act, p);
  let best = ld<T>(D, base + <usize>bj);
  for (p++; p < nAct; p++) {
    const j = geti(act, p);
    const v = ld<T>(D, base + <usize>j);
    if (v < best) { best = v; bj = j; }
  }
  setf(mind, i, best);
  seti(nn, i, bj);
}

/** After D(y, i2) changed to v (y < i2, y active): keep row y's bound and neighbour valid. */
// @ts-ignore: decorator
@inline function touchRow(S: usize, n: i32, mind: usize, nn: usize, dirty: usize, y: i32, i1: i32, i2: i32, v: f64): void {
  const m = getf(mind, y);
  if (v < m) {
    setf(mind, y, v);
    seti(nn, y, i2);
    seti(dirty, y, 0);
    heapFix(S, n, geti(heapRPtr(S, n), y));
  } else {
    const k = geti(nn, y);
    if (k == i1 || k == i2 || v == m) seti(dirty, y, 1);
  }
}

function genericRun<T>(D: usize, S: usize, outA: usize, outB: usize, outH: usize, maxSteps: i32): i32 {
  const n = load<i32>(S + H_N);
  const method = load<i32>(S + H_METHOD);
  let step = load<i32>(S + H_STEP);
  let nAct = load<i32>(S + H_NACT);
  const members = membersPtr(S);
  const mind = mindPtr(S, n);
  const act = actPtr(S, n);
  const nn = chainPtr(S, n);
  const hI = heapIPtr(S, n);
  const dirty = dirtyPtr(S, n);
  const end = min(n - 1, step + max(maxSteps, 0));
  while (step < end) {
    // the exact global minimum: the heap top once its row is up to date
    let i1 = geti(hI, 0);
    while (geti(dirty, i1) != 0 || ld<T>(D, condIndex(n, i1, geti(nn, i1))) != getf(mind, i1)) {
      rowMin<T>(D, n, act, nAct, mind, nn, i1);
      seti(dirty, i1, 0);
      heapFix(S, n, 0);
      i1 = geti(hI, 0);
    }
    const i2 = geti(nn, i1);
    const c = getf(mind, i1);
    seti(outA, step, i1);
    seti(outB, step, i2);
    setf(outH, step, c);
    heapRemove(S, n, i1);
    nAct = deactivate(act, nAct, i1);
    const s = getf(members, i1);
    const t = getf(members, i2);
    setf(members, i2, s + t);
    const ws = s / (s + t);
    const wt = t / (s + t);

    let p = 0;
    for (; p < nAct; p++) {
      const y = geti(act, p);
      if (y >= i1) break;
      const ib = condIndex(n, y, i2);
      st<T>(D, ib, lanceWilliams(method, ld<T>(D, condIndex(n, y, i1)), ld<T>(D, ib), c, ws, wt, s, t, 0));
      touchRow(S, n, mind, nn, dirty, y, i1, i2, ld<T>(D, ib));
    }
    const base1 = rowBase(n, i1);
    for (; p < nAct; p++) {
      const y = geti(act, p);
      if (y >= i2) break;
      const ib = condIndex(n, y, i2);
      st<T>(D, ib, lanceWilliams(method, ld<T>(D, base1 + <usize>y), ld<T>(D, ib), c, ws, wt, s, t, 0));
      touchRow(S, n, mind, nn, dirty, y, i1, i2, ld<T>(D, ib));
    }
    // row i2 (slots above it): update, then its nearest neighbour afresh
    if (p + 1 < nAct) {
      const base2 = rowBase(n, i2);
      for (let q = p + 1; q < nAct; q++) {
        const y = geti(act, q);
        const ib = base2 + <usize>y;
        st<T>(D, ib, lanceWilliams(method, ld<T>(D, base1 + <usize>y), ld<T>(D, ib), c, ws, wt, s, t, 0));
      }
      rowMin<T>(D, n, act, nAct, mind, nn, i2);
      seti(dirty, i2, 0);
      heapFix(S, n, geti(heapRPtr(S, n), i2));
    }
    step++;
  }
  store<i32>(S + H_STEP, step);
  store<i32>(S + H_NACT, nAct);
  return step;
}
