/**
 * Hierarchical clustering as R does it (SPEC §4 "Clustering"): optional row z-scoring, the
 * distance, the linkage in wasm (src/kernels/cluster.ts), then R's `hclust` object — merge,
 * height, order, labels — plus cutree, cophenetic distances and a Newick export.
 *
 * R's hclust convention (fastcluster::hclust produces the same):
 *   - merge is (n−1) × 2; row s is the merge made at step s (1-based in R). An entry −j is
 *     observation j (1-based); an entry +t is the cluster formed at step t.
 *   - within a row the smaller node comes first, with singletons before clusters: two
 *     observations as (−i, −j) with i < j; an observation and a cluster as (−i, t); two clusters
 *     as (t1, t2) with t1 < t2 (fastcluster's generate_R_dendrogram; stats::hclust's hcass2 makes
 *     the same choice).
 *   - merges are sorted by height with a stable sort (for centroid and median, whose heights may
 *     decrease, the algorithm's own order is kept, as fastcluster does).
 *   - order lists the observations left to right: a depth-first walk from the last merge, first
 *     column before second (fastcluster's order_nodes / hcass2).
 *
 * Matrices are column-major nRows × nCols Float64Arrays (R's layout; rows = probes, columns =
 * arrays), NaN = NA.
 */
import { msg, str } from '@lit/localize';
import type { Kernels } from '../kernels/kernels.ts';
import {
  ClusterMemoryError, DistanceError, NON_MONOTONE, condensedBytes, hclustRows, maxObjects,
  type ClusterKernelOptions, type LinkageMethod, type LinkageSteps, type Metric,
} from '../kernels/cluster.ts';

export type { LinkageMethod, Metric } from '../kernels/cluster.ts';

/** An R `hclust` object (fields as R names them). */
export interface Hclust {
  /** Number of observations. */
  n: number;
  /** R's merge matrix, row-major: row s is [merge[2s], merge[2s+1]] (R convention, see above). */
  merge: Int32Array;
  /** Merge heights, one per merge row. */
  height: Float64Array;
  /** Observations (1-based) in dendrogram order, left to right. */
  order: Int32Array;
  /** Observation labels (R's `labels`). */
  labels: string[];
  method: LinkageMethod;
  /** The distance used, or null when a distance matrix was given. */
  distance: Metric | null;
}

// ── R's hclust convention ────────────────────────────────────────────────────────────────────

/**
 * Builds R's `hclust` object from the kernel's merges (fastcluster's generate_R_dendrogram):
 * stable sort by height unless the method is centroid/median, relabel with a union-find, and the
 * dendrogram order. Mirrors the output of fastcluster::hclust.
 */
export function toHclust(steps: LinkageSteps, labels?: readonly string[], distance: Metric | null = null): Hclust {
  const { n, a, b } = steps;
  const m = n - 1;
  if (a.length !== m || b.length !== m || steps.height.length !== m) throw new Error(`expected ${m} merges`);
  const idx = Int32Array.from({ length: m }, (_, s) => s);
  if (!NON_MONOTONE.has(steps.method)) {
    const h = steps.height;
    idx.sort((s, t) => (h[s] < h[t] ? -1 : h[s] > h[t] ? 1 : s - t)); // stable
  }
  // union-find over nodes: 0..n−1 observations, n + t the cluster of (sorted) step t
  const parent = new Int32Array(2 * n - 1).fill(-1);
  const find = (x: number): number => {
    let r = x;
    while (parent[r] >= 0) r = parent[r];
    while (parent[x] >= 0) { const p = parent[x]; parent[x] = r; x = p; }
    return r;
  };
  const merge = new Int32Array(2 * m);
  const height = new Float64Array(m);
  const label = (node: number) => (node < n ? -(node + 1) : node - n + 1);
  for (let t = 0; t < m; t++) {
    const s = idx[t];
    let n1 = find(a[s]);
    let n2 = find(b[s]);
    if (n1 > n2) { const tmp = n1; n1 = n2; n2 = tmp; }
    parent[n1] = parent[n2] = n + t;
    merge[2 * t] = label(n1);
    merge[2 * t + 1] = label(n2);
    height[t] = steps.height[s];
  }
  return {
    n, merge, height, order: hclustOrder(merge, n),
    labels: labels ? [...labels] : Array.from({ length: n }, (_, i) => String(i + 1)),
    method: steps.method, distance,
  };
}

/**
 * The dendrogram order of R's hclust (fastcluster's order_nodes, stats' hcass2): observations
 * (1-based) met by a depth-first walk from the last merge, first column before second.
 */
export function hclustOrder(merge: Int32Array, n: number): Int32Array {
  const order = new Int32Array(n);
  if (n === 1) { order[0] = 1; return order; }
  const stack = [n - 1];
  let pos = 0;
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node < 0) { order[pos++] = -node; continue; }
    stack.push(merge[2 * (node - 1) + 1], merge[2 * (node - 1)]);
  }
  return order;
}

/** The merge matrix as R prints it: n−1 rows of two entries. */
export function mergeRows(tree: Hclust): [number, number][] {
  return Array.from({ length: tree.n - 1 }, (_, s) => [tree.merge[2 * s], tree.merge[2 * s + 1]] as [number, number]);
}

// ── cutting and cophenetic distances ─────────────────────────────────────────────────────────

/**
 * stats::cutree(tree, k): the cluster (1..k) of each observation after the first n − k merges;
 * clusters are numbered by the first observation (in 1..n order) that falls in them.
 */
export function cutree(tree: Hclust, k: number): Int32Array {
  const n = tree.n;
  if (!Number.isInteger(k) || k < 1 || k > n) throw new RangeError(`k must be an integer in 1..${n} (got ${k})`);
  // the cluster (as a merge step, or −observation) containing each observation after n − k merges
  const parent = new Int32Array(2 * n - 1).fill(-1);
  const node = (e: number) => (e < 0 ? -e - 1 : n + e - 1);
  for (let s = 0; s < n - k; s++) {
    parent[node(tree.merge[2 * s])] = n + s;
    parent[node(tree.merge[2 * s + 1])] = n + s;
  }
  const root = (x: number) => { while (parent[x] >= 0) x = parent[x]; return x; };
  const number = new Map<number, number>();
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const r = root(i);
    let c = number.get(r);
    if (c === undefined) { c = number.size + 1; number.set(r, c); }
    out[i] = c;
  }
  return out;
}

/**
 * stats::cutree(tree, h = h): clusters after every merge at height ≤ h. As R, needs heights in
 * increasing order (not guaranteed for centroid / median).
 */
export function cutreeHeight(tree: Hclust, h: number): Int32Array {
  for (let s = 1; s < tree.height.length; s++) {
    if (tree.height[s] < tree.height[s - 1]) throw new RangeError('the heights are not sorted increasingly (centroid/median inversions): cut by k instead');
  }
  let below = 0;
  while (below < tree.height.length && tree.height[below] <= h) below++;
  return cutree(tree, tree.n - below);
}

/** For each merge step t, the span [start, end) of its observations in `order` (0-based positions). */
function spans(tree: Hclust): { start: Int32Array; end: Int32Array; pos: Int32Array } {
  const n = tree.n;
  const pos = new Int32Array(n);
  tree.order.forEach((obs, p) => { pos[obs - 1] = p; });
  const start = new Int32Array(n - 1);
  const end = new Int32Array(n - 1);
  for (let s = 0; s < n - 1; s++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const e of [tree.merge[2 * s], tree.merge[2 * s + 1]]) {
      const l = e < 0 ? pos[-e - 1] : start[e - 1];
      const r = e < 0 ? pos[-e - 1] + 1 : end[e - 1];
      lo = Math.min(lo, l);
      hi = Math.max(hi, r);
    }
    start[s] = lo;
    end[s] = hi;
  }
  return { start, end, pos };
}

/**
 * Row i (0-based) of stats::cophenetic(tree) as a full matrix: for each j, the height of the
 * merge that first joins observations i and j (0 on the diagonal). O(n).
 */
export function copheneticRow(tree: Hclust, i: number): Float64Array {
  const n = tree.n;
  const out = new Float64Array(n);
  const { start, end } = spans(tree);
  // parent step of every node (observations first, then steps)
  const up = new Int32Array(2 * n - 1).fill(-1);
  for (let s = 0; s < n - 1; s++) {
    for (const e of [tree.merge[2 * s], tree.merge[2 * s + 1]]) up[e < 0 ? -e - 1 : n + e - 1] = s;
  }
  let node = i;
  let lo = -1;
  let hi = -1;
  for (let s = up[node]; s >= 0; node = n + s, s = up[node]) {
    const h = tree.height[s];
    for (let p = start[s]; p < end[s]; p++) {
      if (lo <= p && p < hi) continue; // the side i came from
      out[tree.order[p] - 1] = h;
    }
    lo = start[s];
    hi = end[s];
  }
  out[i] = 0;
  return out;
}

/**
 * stats::cophenetic(tree) in R's `dist` order (condensed upper triangle, length n(n−1)/2).
 * O(n²) memory: for large n use {@link copheneticRow}.
 */
export function cophenetic(tree: Hclust): Float64Array {
  const n = tree.n;
  const out = new Float64Array((n * (n - 1)) / 2);
  const { start, end } = spans(tree);
  const at = (i: number, j: number) => (i < j ? i * (2 * n - i - 1) / 2 + j - i - 1 : j * (2 * n - j - 1) / 2 + i - j - 1);
  for (let s = 0; s < n - 1; s++) {
    const [e1, e2] = [tree.merge[2 * s], tree.merge[2 * s + 1]];
    const l0 = e1 < 0 ? -1 : start[e1 - 1];
    const l1 = e1 < 0 ? -1 : end[e1 - 1];
    const r0 = e2 < 0 ? -1 : start[e2 - 1];
    const r1 = e2 < 0 ? -1 : end[e2 - 1];
    const left = e1 < 0 ? [-e1 - 1] : Array.from({ length: l1 - l0 }, (_, q) => tree.order[l0 + q] - 1);
    const right = e2 < 0 ? [-e2 - 1] : Array.from({ length: r1 - r0 }, (_, q) => tree.order[r0 + q] - 1);
    const h = tree.height[s];
    for (const u of left) for (const v of right) out[at(u, v)] = h;
  }
  return out;
}

// ── Newick ───────────────────────────────────────────────────────────────────────────────────

/** A Newick label: plain when safe, else single-quoted with quotes doubled. */
function newickLabel(s: string): string {
  return /^[^\s()[\]':;,]+$/.test(s) ? s : `'${s.replace(/'/g, "''")}'`;
}

/**
 * The tree in Newick format, leaves in dendrogram order. Branch length = parent height − child
 * height (observations at height 0), the dendrogram as R's plot.hclust draws it; with
 * `half: true` the lengths are halved so that leaf-to-leaf path lengths equal the cophenetic
 * distances. Centroid/median inversions give negative lengths.
 */
export function toNewick(tree: Hclust, opts: { half?: boolean } = {}): string {
  const n = tree.n;
  const f = opts.half ? 0.5 : 1;
  const num = (x: number) => String(x * f);
  if (n === 1) return newickLabel(tree.labels[0]) + ';';
  const parts: string[] = [];
  // iterative walk: a frame is a node label (R convention) and the height of its parent
  type Frame = { e: number; ph: number; stage: number };
  const stack: Frame[] = [{ e: n - 1, ph: NaN, stage: 0 }];
  while (stack.length > 0) {
    const fr = stack[stack.length - 1];
    if (fr.e < 0) {
      parts.push(newickLabel(tree.labels[-fr.e - 1]) + ':' + num(fr.ph));
      stack.pop();
      continue;
    }
    const s = fr.e - 1;
    const h = tree.height[s];
    if (fr.stage === 0) { parts.push('('); fr.stage = 1; stack.push({ e: tree.merge[2 * s], ph: h, stage: 0 }); }
    else if (fr.stage === 1) { parts.push(','); fr.stage = 2; stack.push({ e: tree.merge[2 * s + 1], ph: h, stage: 0 }); }
    else {
      parts.push(')');
      if (!Number.isNaN(fr.ph)) parts.push(':' + num(fr.ph - h));
      stack.pop();
    }
  }
  return parts.join('') + ';';
}

// ── errors ───────────────────────────────────────────────────────────────────────────────────

/** Where a clustering problem lies in the input matrix (0-based), for messages naming line/column. */
export interface ClusterProblemLocation {
  /** The matrix row (probe), when the problem is in one. */
  row?: number;
  /** The matrix column (array), when the problem is in one. */
  column?: number;
}

/** The input cannot be clustered as asked; `message` is localized and names the rows. */
export class ClusterError extends Error {
  constructor(message: string, readonly at: ClusterProblemLocation = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ClusterError';
  }
}

// ── z-scores ─────────────────────────────────────────────────────────────────────────────────

/**
 * Row z-scores as R's t(scale(t(x))): each row centred on its mean and divided by its standard
 * deviation (n − 1 denominator), NA ignored (R's scale: colMeans(na.rm = TRUE), then
 * sqrt(sum(v², na.rm) / max(1, n_present − 1))). A row with zero standard deviation becomes NaN
 * (as in R). Returns a new column-major matrix.
 */
export function zScoreRows(values: Float64Array, nRows: number, nCols: number): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < nRows; i++) {
    let sum = 0;
    let c = 0;
    for (let j = 0; j < nCols; j++) { const v = values[j * nRows + i]; if (!Number.isNaN(v)) { sum += v; c++; } }
    const mean = sum / c;
    let ss = 0;
    for (let j = 0; j < nCols; j++) { const v = values[j * nRows + i] - mean; if (!Number.isNaN(v)) ss += v * v; }
    const sd = Math.sqrt(ss / Math.max(1, c - 1));
    for (let j = 0; j < nCols; j++) out[j * nRows + i] = (values[j * nRows + i] - mean) / sd;
  }
  return out;
}

// ── orchestration ────────────────────────────────────────────────────────────────────────────

/** A matrix to cluster: column-major, with names. */
export interface ClusterInput {
  /** nRows × nCols, column-major, NaN = NA. */
  values: Float64Array;
  nRows: number;
  nCols: number;
  /** Row names (probe ids); default "1", "2", … */
  rowLabels?: readonly string[];
  /** Column names (array names); default "1", "2", … */
  colLabels?: readonly string[];
}

/** What to cluster and how. */
export interface ClusterOptions extends ClusterKernelOptions {
  /** 'rows' (default) clusters the rows (probes); 'columns' the columns (arrays). */
  axis?: 'rows' | 'columns';
  distance: Metric;
  linkage: LinkageMethod;
  /** Z-score each ROW first (R: t(scale(t(x)))), whichever axis is clustered. */
  zScore?: boolean;
}

/**
 * Clusters the rows (or columns) of a matrix: fastcluster::hclust(dist(x), method) with x the
 * matrix (or t(x)) after optional row z-scores; 1 − cor for the correlation distances; centroid
 * and median on squared distances, as fastcluster::hclust(dist(x)^2, …). Throws ClusterError
 * with a localized message naming the offending row or column.
 */
export function clusterMatrix(k: Kernels, input: ClusterInput, opts: ClusterOptions): Hclust {
  const { nRows, nCols } = input;
  const axis = opts.axis ?? 'rows';
  const rowLabels = input.rowLabels ?? Array.from({ length: nRows }, (_, i) => String(i + 1));
  const colLabels = input.colLabels ?? Array.from({ length: nCols }, (_, j) => String(j + 1));
  if (input.values.length !== nRows * nCols) throw new RangeError(`values has length ${input.values.length}, expected ${nRows} × ${nCols}`);
  for (let j = 0; j < nCols; j++) {
    for (let i = 0; i < nRows; i++) {
      const v = input.values[j * nRows + i];
      if (v === Infinity || v === -Infinity) {
        throw new ClusterError(msg(str`${rowLabels[i]} has an infinite value in ${colLabels[j]}; clustering needs finite numbers`, { id: 'cluster.notFinite' }), { row: i, column: j });
      }
    }
  }
  let values = input.values;
  if (opts.zScore) {
    values = zScoreRows(values, nRows, nCols);
    for (let i = 0; i < nRows; i++) {
      let present = false;
      let nan = false;
      for (let j = 0; j < nCols; j++) {
        const raw = input.values[j * nRows + i];
        if (!Number.isNaN(raw)) { present = true; if (Number.isNaN(values[j * nRows + i])) nan = true; }
      }
      if (present && nan) {
        throw new ClusterError(msg(str`${rowLabels[i]} has zero standard deviation, so it cannot be z-scored`, { id: 'cluster.zeroSd' }), { row: i });
      }
    }
  }
  // objects × coordinates, row-major
  const byRows = axis === 'rows';
  const n = byRows ? nRows : nCols;
  const d = byRows ? nCols : nRows;
  const labels = byRows ? rowLabels : colLabels;
  const at = (i: number): ClusterProblemLocation => (byRows ? { row: i } : { column: i });
  if (n < 2) throw new ClusterError(msg(str`clustering needs at least two items (found ${n})`, { id: 'cluster.tooFew' }), {});
  if (n > maxObjects('f32')) {
    const mb = Math.round(condensedBytes(n, 'f32') / 1e6);
    throw new ClusterError(msg(str`${n} items need ${mb} MB for their distances; one block of browser memory holds at most 1 GiB (${maxObjects('f32')} items)`, { id: 'cluster.tooMany' }), {});
  }
  let x: Float64Array;
  if (byRows) {
    x = new Float64Array(n * d);
    for (let j = 0; j < d; j++) for (let i = 0; i < n; i++) x[i * d + j] = values[j * nRows + i];
  } else {
    x = values; // column-major columns are row-major objects
  }
  let steps: LinkageSteps;
  try {
    steps = hclustRows(k, x, n, d, opts.distance, opts.linkage, opts);
  } catch (e) {
    if (e instanceof DistanceError) throw distanceProblem(e, labels, at);
    if (e instanceof ClusterMemoryError) {
      const mb = Math.round(e.bytes / 1e6);
      throw new ClusterError(msg(str`the browser could not give ${mb} MB for the distances of ${n} items`, { id: 'cluster.noMemory' }), {}, { cause: e });
    }
    throw e;
  }
  return toHclust(steps, labels, opts.distance);
}

function distanceProblem(e: DistanceError, labels: readonly string[], at: (i: number) => ClusterProblemLocation): ClusterError {
  const p = e.problem;
  const a = labels[p.row];
  switch (p.kind) {
    case 'rowAllMissing':
      return new ClusterError(msg(str`${a} has no values, so it cannot be clustered`, { id: 'cluster.rowAllMissing' }), at(p.row), { cause: e });
    case 'rowConstant':
      return new ClusterError(msg(str`${a} has fewer than two distinct values: its correlation distance is undefined`, { id: 'cluster.rowConstant' }), at(p.row), { cause: e });
    case 'rowZeroNorm':
      return new ClusterError(msg(str`${a} is all zeros: its cosine distance is undefined`, { id: 'cluster.rowZeroNorm' }), at(p.row), { cause: e });
    case 'pairTooFew':
      return new ClusterError(msg(str`${a} and ${labels[p.other]} have too few values in common for a distance`, { id: 'cluster.pairTooFew' }), at(p.row), { cause: e });
    case 'pairConstant':
      return new ClusterError(msg(str`${a} or ${labels[p.other]} is constant on their shared values: their correlation distance is undefined`, { id: 'cluster.pairConstant' }), at(p.row), { cause: e });
    case 'pairZeroNorm':
      return new ClusterError(msg(str`${a} or ${labels[p.other]} is all zeros on their shared values: their cosine distance is undefined`, { id: 'cluster.pairZeroNorm' }), at(p.row), { cause: e });
    case 'pairNotFinite':
      return new ClusterError(msg(str`the distance between ${a} and ${labels[p.other]} is too large to compute (values beyond about 1e150)`, { id: 'cluster.pairNotFinite' }), at(p.row), { cause: e });
  }
}
