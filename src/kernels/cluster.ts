/**
 * Hierarchical-clustering façade over the wasm kernels (assembly/distance.ts, assembly/hclust.ts):
 * distances, linkage, progress and cancel, with the memory discipline of kernels.ts (allocate
 * everything first, then views, copy out with `.slice()`, free — also on error).
 *
 * Input matrices here are ROW-MAJOR: `x[i * d + k]` is coordinate k of object i (the objects are
 * what gets clustered). The column-major probe × array matrices of the rest of the code give
 * their columns (arrays) in this layout for free; rows (probes) are transposed by the caller
 * (src/stats/cluster.ts).
 *
 * The output of the linkage is the raw merge list in algorithm order (`LinkageSteps`); the R
 * `hclust` object (merge, height, order) is built from it by src/stats/cluster.ts.
 */
import { Kernels, KernelError } from './kernels.ts';
import type { Ptr } from './wasm-exports.ts';

// ── raw exports of the clustering kernels ────────────────────────────────────────────────────

/** Raw exports of assembly/hclust.ts (which re-exports the distance kernels). */
export interface ClusterExports {
  /** Bytes of the distance work buffer for n rows of d coordinates. */
  distWorkBytes(n: number, d: number): number;
  /** Work rows for the fast path + NA flags; 0, or −1 with err = [kind, row]. */
  distPrepare(x: Ptr, n: number, d: number, metric: number, work: Ptr, rowNA: Ptr, scratch: Ptr, err: Ptr): number;
  /** Condensed rows [i0, i1) into out (f64 if wide, else f32); 0, or −1 with err = [kind, i, j]. */
  distRows(x: Ptr, work: Ptr, rowNA: Ptr, n: number, d: number, metric: number, wide: number, square: number, out: Ptr,
    i0: number, i1: number, scratch: Ptr, err: Ptr): number;
  /** Bytes of the resumable linkage state for n objects. */
  linkageStateBytes(n: number): number;
  /**
   * Sets up the state; flags 1 = square D in place (always for ward), 2 = D is ready (finite,
   * squared where needed: no pass over it); −1 if D has NaN/Inf.
   */
  linkageInit(D: Ptr, n: number, method: number, wide: number, flags: number, state: Ptr): number;
  /** Up to maxSteps more merges; returns the merges done so far (n − 1 when finished). */
  linkageRun(D: Ptr, state: Ptr, outA: Ptr, outB: Ptr, outH: Ptr, maxSteps: number): number;
}

const CLUSTER_FUNCTION_NAMES = ['distWorkBytes', 'distPrepare', 'distRows', 'linkageStateBytes', 'linkageInit', 'linkageRun'] as const;

function clusterRaw(k: Kernels): ClusterExports {
  const ex = k.raw as unknown as Record<string, unknown>;
  const missing = CLUSTER_FUNCTION_NAMES.filter((n) => typeof ex[n] !== 'function');
  if (missing.length > 0) {
    throw new KernelError(`the kernels module has no clustering kernels (missing ${missing.join(', ')}); rebuild with \`npm run asbuild\``);
  }
  return ex as unknown as ClusterExports;
}

// ── vocabulary ───────────────────────────────────────────────────────────────────────────────

/** Dissimilarities between objects (rows of the input). */
export type Metric = 'euclidean' | 'pearson' | 'spearman' | 'cosine';
/** The metric codes of assembly/distance.ts. */
export const METRIC_CODE: Record<Metric, number> = { euclidean: 0, pearson: 1, spearman: 2, cosine: 3 };

/**
 * Linkage methods, named as in the UI; R names: average = "average" (UPGMA), weighted =
 * "mcquitty" (WPGMA, what MEV 4.6 calls "average"), complete, single, ward = "ward.D2",
 * centroid, median.
 */
export type LinkageMethod = 'single' | 'complete' | 'average' | 'weighted' | 'ward' | 'centroid' | 'median';
/** The method codes of assembly/hclust.ts (fastcluster's enum order). */
export const LINKAGE_CODE: Record<LinkageMethod, number> = {
  single: 0, complete: 1, average: 2, weighted: 3, ward: 4, centroid: 5, median: 6,
};
/** R's name of each method (the `method` argument of fastcluster::hclust). */
export const R_METHOD_NAME: Record<LinkageMethod, string> = {
  single: 'single', complete: 'complete', average: 'average', weighted: 'mcquitty', ward: 'ward.D2', centroid: 'centroid', median: 'median',
};
/** Methods whose merge heights can decrease (R keeps their merges in algorithm order). */
export const NON_MONOTONE: ReadonlySet<LinkageMethod> = new Set(['centroid', 'median']);

/**
 * Storage of the condensed matrix: f64 (heights exact to the last bits, n ≤ 16 384) or f32
 * (half the memory, n ≤ 23 170, distances rounded to ~7 significant digits). 'auto' takes f64
 * when it fits in one wasm block, else f32.
 */
export type Precision = 'f64' | 'f32' | 'auto';

/** Largest single wasm allocation (the TLSF block limit, ENGINEERING pitfall 6). */
export const MAX_BLOCK_BYTES = 2 ** 30 - 64;

/** Bytes of a condensed matrix of n objects. */
export function condensedBytes(n: number, precision: 'f64' | 'f32'): number {
  return ((n * (n - 1)) / 2) * (precision === 'f64' ? 8 : 4);
}

/** Largest n whose condensed matrix fits one wasm block (16 384 for f64, 23 170 for f32). */
export function maxObjects(precision: 'f64' | 'f32'): number {
  const per = precision === 'f64' ? 8 : 4;
  // n(n−1)/2·per ≤ MAX_BLOCK_BYTES
  let n = Math.floor((1 + Math.sqrt(1 + (8 * MAX_BLOCK_BYTES) / per)) / 2);
  while (condensedBytes(n, precision) > MAX_BLOCK_BYTES) n--;
  return n;
}

/** The storage chosen for n objects, or null when even f32 does not fit. */
export function resolvePrecision(n: number, precision: Precision = 'auto'): 'f64' | 'f32' | null {
  if (precision === 'auto') {
    if (n <= maxObjects('f64')) return 'f64';
    return n <= maxObjects('f32') ? 'f32' : null;
  }
  return n <= maxObjects(precision) ? precision : null;
}

/** Progress of a clustering: `done` of `total` rows (distance) or merges (linkage). */
export interface ClusterProgress { phase: 'distance' | 'linkage'; done: number; total: number }

/** Options shared by the clustering kernels. */
export interface ClusterKernelOptions {
  /** Storage of the distance matrix (default 'auto'). */
  precision?: Precision;
  /** Called after every chunk of work (and once at the start of each phase). */
  onProgress?: (p: ClusterProgress) => void;
  /** Checked between chunks; an aborted signal stops the work with its reason (an AbortError). */
  signal?: AbortSignal;
}

/** Merges in the order the algorithm made them (not R's convention yet; see src/stats/cluster.ts). */
export interface LinkageSteps {
  /** Number of objects. */
  n: number;
  method: LinkageMethod;
  /** Step s merged the clusters containing objects a[s] and b[s] (0-based, a[s] < b[s]). */
  a: Int32Array;
  b: Int32Array;
  /** Merge heights (ward: sqrt of the Lance–Williams value, as ward.D2). */
  height: Float64Array;
  /** Storage used for the distance matrix. */
  precision: 'f64' | 'f32';
}

/** Why a distance could not be computed, with the 0-based rows involved. */
export type DistanceProblem =
  | { kind: 'rowAllMissing'; row: number }
  | { kind: 'rowConstant'; row: number }
  | { kind: 'rowZeroNorm'; row: number }
  | { kind: 'pairTooFew'; row: number; other: number }
  | { kind: 'pairConstant'; row: number; other: number }
  | { kind: 'pairZeroNorm'; row: number; other: number }
  | { kind: 'pairNotFinite'; row: number; other: number };

/** A distance is undefined for the given data (R would produce NA and hclust would stop). */
export class DistanceError extends KernelError {
  constructor(readonly problem: DistanceProblem, readonly metric: Metric) {
    super(describeProblem(problem, metric));
    this.name = 'DistanceError';
  }
}

/** The distance matrix does not fit: too many objects, or the wasm memory could not grow. */
export class ClusterMemoryError extends KernelError {
  constructor(readonly n: number, readonly bytes: number, readonly reason: 'tooMany' | 'noMemory', options?: { cause?: unknown }) {
    super(
      reason === 'tooMany'
        ? `${n} objects need a ${(bytes / 2 ** 20).toFixed(0)} MiB distance matrix; one wasm block holds at most 1 GiB (at most ${maxObjects('f32')} objects)`
        : `could not get ${(bytes / 2 ** 20).toFixed(0)} MiB of wasm memory for the distance matrix of ${n} objects`,
      options,
    );
    this.name = 'ClusterMemoryError';
  }
}

const ROW_KINDS = ['', 'rowAllMissing', 'rowConstant', 'rowZeroNorm'] as const;
const PAIR_KINDS = ['', '', '', '', 'pairTooFew', 'pairConstant', 'pairZeroNorm', 'pairNotFinite'] as const;

function describeProblem(p: DistanceProblem, metric: Metric): string {
  switch (p.kind) {
    case 'rowAllMissing': return `row ${p.row} has no values`;
    case 'rowConstant': return `row ${p.row} has fewer than two distinct values, so 1 − ${metric} correlation is undefined`;
    case 'rowZeroNorm': return `row ${p.row} is all zeros, so the cosine distance is undefined`;
    case 'pairTooFew': return `rows ${p.row} and ${p.other} share too few present values for a ${metric} distance`;
    case 'pairConstant': return `row ${p.row} or ${p.other} is constant on their shared values, so 1 − ${metric} correlation is undefined`;
    case 'pairZeroNorm': return `row ${p.row} or ${p.other} is all zeros on their shared values, so the cosine distance is undefined`;
    case 'pairNotFinite': return `the ${metric} distance between rows ${p.row} and ${p.other} overflows`;
  }
}

// ── chunking ─────────────────────────────────────────────────────────────────────────────────

/** Pairs per distance call (~ a few ms each), and active-slot visits per linkage call. */
const DIST_CHUNK_PAIRS = 1 << 21;
const LINK_CHUNK_WORK = 1 << 24;

function distanceBlocks(n: number): [number, number][] {
  const out: [number, number][] = [];
  let i0 = 0;
  while (i0 < n - 1) {
    let pairs = 0;
    let i1 = i0;
    while (i1 < n - 1 && pairs < DIST_CHUNK_PAIRS) { pairs += n - 1 - i1; i1++; }
    out.push([i0, i1]);
    i0 = i1;
  }
  return out;
}

function checkRowMajor(x: ArrayLike<number>, n: number, d: number): void {
  if (!Number.isInteger(n) || n < 0 || !Number.isInteger(d) || d < 0) throw new KernelError(`n and d must be non-negative integers (got ${n}, ${d})`);
  if (x.length !== n * d) throw new KernelError(`x has length ${x.length} but n × d = ${n * d}`);
}

function storage(n: number, precision: Precision | undefined): 'f64' | 'f32' {
  const p = resolvePrecision(n, precision ?? 'auto');
  if (p === null) throw new ClusterMemoryError(n, condensedBytes(n, precision === 'f64' ? 'f64' : 'f32'), 'tooMany');
  return p;
}

/**
 * Allocates the condensed matrix. Called after every smaller buffer of the call is allocated, so
 * the allocator grows memory by exactly what the matrix needs (a later small allocation could make
 * it double the whole memory). A failed growth traps inside the allocator, which leaves this
 * Kernels instance unusable: reported as a ClusterMemoryError so the caller knows to create a new
 * instance.
 */
function allocCondensed(k: Kernels, n: number, prec: 'f64' | 'f32'): Ptr {
  const bytes = condensedBytes(n, prec);
  try {
    return k.alloc(bytes);
  } catch (e) {
    throw new ClusterMemoryError(n, bytes, 'noMemory', { cause: e });
  }
}

/** Buffers of the distance kernels: x, work, rowNA, scratch, err. */
function distanceBufferSizes(raw: ClusterExports, n: number, d: number): number[] {
  return [n * d * 8, raw.distWorkBytes(n, d), n, 5 * d * 8, 16];
}

/**
 * Fills the condensed matrix at D from x (buffers from distanceBufferSizes); progress per row
 * block. `square` stores squared distances (for ward.D2 and centroid/median).
 */
function fillDistances(
  k: Kernels, raw: ClusterExports, x: Float64Array, n: number, d: number, metric: Metric, wide: boolean, square: boolean,
  D: Ptr, [px, work, rowNA, scratch, err]: Ptr[], opts: ClusterKernelOptions,
): void {
  const mcode = METRIC_CODE[metric];
  k.f64(px, x.length).set(x);
  const rc = raw.distPrepare(px, n, d, mcode, work, rowNA, scratch, err);
  if (rc < 0) {
    const e = new Int32Array(k.raw.memory.buffer, err, 3).slice();
    throw new DistanceError({ kind: ROW_KINDS[e[0]], row: e[1] } as DistanceProblem, metric);
  }
  opts.onProgress?.({ phase: 'distance', done: 0, total: n });
  for (const [i0, i1] of distanceBlocks(n)) {
    opts.signal?.throwIfAborted();
    const r = raw.distRows(px, work, rowNA, n, d, mcode, wide ? 1 : 0, square ? 1 : 0, D, i0, i1, scratch, err);
    if (r < 0) {
      const e = new Int32Array(k.raw.memory.buffer, err, 3).slice();
      throw new DistanceError({ kind: PAIR_KINDS[e[0]], row: e[1], other: e[2] } as DistanceProblem, metric);
    }
    opts.onProgress?.({ phase: 'distance', done: i1 === n - 1 ? n : i1, total: n });
  }
}

/** Buffers of the linkage: state, outA, outB, outH. */
function linkageBufferSizes(raw: ClusterExports, n: number): number[] {
  const m = n - 1;
  return [raw.linkageStateBytes(n), m * 4, m * 4, m * 8];
}

/**
 * Runs the linkage on the condensed matrix at D (overwritten) and copies the merges out.
 * `prep`: 'square' squares D first (ward does anyway), 'ready' trusts D as distRows wrote it
 * (finite, squared where needed), 'asIs' only checks it is finite.
 */
function runLinkage(
  k: Kernels, raw: ClusterExports, D: Ptr, n: number, method: LinkageMethod, wide: boolean, prep: 'square' | 'ready' | 'asIs',
  [state, pa, pb, ph]: Ptr[], opts: ClusterKernelOptions,
): LinkageSteps {
  const m = n - 1;
  const flags = prep === 'square' ? 1 : prep === 'ready' ? 2 : 0;
  const rc = raw.linkageInit(D, n, LINKAGE_CODE[method], wide ? 1 : 0, flags, state);
  if (rc === -1) throw new KernelError('the distance matrix holds a NaN or infinite value');
  if (rc < 0) throw new KernelError(`linkageInit refused n = ${n}, method = ${method}`);
  let done = 0;
  opts.onProgress?.({ phase: 'linkage', done, total: m });
  while (done < m) {
    opts.signal?.throwIfAborted();
    const budget = Math.max(1, Math.floor(LINK_CHUNK_WORK / (n - done)));
    done = raw.linkageRun(D, state, pa, pb, ph, budget);
    opts.onProgress?.({ phase: 'linkage', done, total: m });
  }
  const buf = k.raw.memory.buffer;
  return {
    n, method, precision: wide ? 'f64' : 'f32',
    a: new Int32Array(buf, pa, m).slice(),
    b: new Int32Array(buf, pb, m).slice(),
    height: new Float64Array(buf, ph, m).slice(),
  };
}

// ── public façade ────────────────────────────────────────────────────────────────────────────

/**
 * The condensed dissimilarity matrix between the rows of x (row-major n × d, NaN = missing), in
 * R's `dist` order. Mirrors stats::dist(x) for 'euclidean' (NA pairwise, scaled by d/d_present),
 * 1 − cor(t(x), use = "pairwise.complete.obs") for 'pearson', the same with method = "spearman"
 * for 'spearman', and 1 − cosine similarity (shared coordinates) for 'cosine'.
 * Throws DistanceError when a distance is undefined (an all-NA row, a constant row for a
 * correlation, …).
 */
export function distanceMatrix(
  k: Kernels, x: Float64Array, n: number, d: number, metric: Metric, opts: ClusterKernelOptions = {},
): Float64Array | Float32Array {
  checkRowMajor(x, n, d);
  const raw = clusterRaw(k);
  const prec = storage(n, opts.precision);
  if (n < 2) return prec === 'f64' ? new Float64Array(0) : new Float32Array(0);
  const len = (n * (n - 1)) / 2;
  return k.call('distRows', distanceBufferSizes(raw, n, d), (bufs) => {
    const D = allocCondensed(k, n, prec);
    try {
      fillDistances(k, raw, x, n, d, metric, prec === 'f64', false, D, bufs, opts);
      const buf = k.raw.memory.buffer;
      return prec === 'f64' ? new Float64Array(buf, D, len).slice() : new Float32Array(buf, D, len).slice();
    } finally {
      k.free(D);
    }
  });
}

/**
 * Hierarchical clustering of a given condensed dissimilarity matrix: fastcluster::hclust(D,
 * method) with method 'weighted' = "mcquitty" and 'ward' = "ward.D2". D (length n(n−1)/2, R's
 * `dist` order) is not modified; a Float32Array is clustered in f32 storage. Centroid and median
 * use D as given (pass squared Euclidean distances, as R expects), unless `square` is set.
 * Returns the merges in algorithm order.
 */
export function linkage(
  k: Kernels, D: Float64Array | Float32Array, n: number, method: LinkageMethod,
  opts: Omit<ClusterKernelOptions, 'precision'> & { square?: boolean } = {},
): LinkageSteps {
  if (!Number.isInteger(n) || n < 2) throw new KernelError(`clustering needs at least 2 objects (n = ${n})`);
  if (D.length !== (n * (n - 1)) / 2) throw new KernelError(`D has length ${D.length} but n(n−1)/2 = ${(n * (n - 1)) / 2}`);
  if (!(method in LINKAGE_CODE)) throw new KernelError(`unknown linkage method "${method}"`);
  const raw = clusterRaw(k);
  const prec = D instanceof Float64Array ? 'f64' : 'f32';
  if (n > maxObjects(prec)) throw new ClusterMemoryError(n, condensedBytes(n, prec), 'tooMany');
  return k.call('linkageRun', linkageBufferSizes(raw, n), (bufs) => {
    const pD = allocCondensed(k, n, prec);
    try {
      const buf = k.raw.memory.buffer;
      if (prec === 'f64') new Float64Array(buf, pD, D.length).set(D);
      else new Float32Array(buf, pD, D.length).set(D);
      return runLinkage(k, raw, pD, n, method, prec === 'f64', opts.square === true ? 'square' : 'asIs', bufs, opts);
    } finally {
      k.free(pD);
    }
  });
}

/**
 * Distances between the rows of x and their hierarchical clustering in one pass, the distance
 * matrix never leaving wasm memory: fastcluster::hclust(dist(x), method) (see
 * {@link distanceMatrix} for the metrics). For 'centroid' and 'median' the distances are squared
 * first, as fastcluster::hclust(dist(x)^2, method) — heights on the squared scale.
 */
export function hclustRows(
  k: Kernels, x: Float64Array, n: number, d: number, metric: Metric, method: LinkageMethod, opts: ClusterKernelOptions = {},
): LinkageSteps {
  checkRowMajor(x, n, d);
  if (n < 2) throw new KernelError(`clustering needs at least 2 objects (n = ${n})`);
  if (!(method in LINKAGE_CODE)) throw new KernelError(`unknown linkage method "${method}"`);
  const raw = clusterRaw(k);
  const prec = storage(n, opts.precision);
  const dist = distanceBufferSizes(raw, n, d);
  return k.call('hclustRows', [...dist, ...linkageBufferSizes(raw, n)], (bufs) => {
    const D = allocCondensed(k, n, prec);
    try {
      // ward.D2 and centroid/median cluster squared distances: distRows stores them squared
      const square = method === 'ward' || NON_MONOTONE.has(method);
      fillDistances(k, raw, x, n, d, metric, prec === 'f64', square, D, bufs.slice(0, dist.length), opts);
      return runLinkage(k, raw, D, n, method, prec === 'f64', 'ready', bufs.slice(dist.length), opts);
    } finally {
      k.free(D);
    }
  });
}

/**
 * Runs every clustering kernel on small inputs so V8 tiers the wasm up before real work
 * (ENGINEERING pitfall 9). Results are discarded.
 */
export function warmUpCluster(k: Kernels): void {
  const n = 300;
  const d = 8;
  const x = new Float64Array(n * d);
  let s = 0x9e3779b9;
  for (let i = 0; i < x.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    x[i] = s / 2 ** 32 + (i % 3);
  }
  x[5] = NaN;
  for (const metric of ['euclidean', 'pearson', 'spearman', 'cosine'] as const) distanceMatrix(k, x, n, d, metric);
  for (const method of Object.keys(LINKAGE_CODE) as LinkageMethod[]) hclustRows(k, x, n, d, 'euclidean', method);
}
