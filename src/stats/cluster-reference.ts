/**
 * Naive pure-TypeScript hierarchical clustering: the test oracle of the wasm kernels and the
 * baseline of the benchmark. Written for obviousness, not speed:
 *
 *   - distances straight from their R definitions, one pair at a time;
 *   - the generic O(n³) agglomerative algorithm: at every step scan all pairs of current clusters
 *     for the minimum (ties: the lexicographically first (distance, lower slot, higher slot), the
 *     order the kernels use), merge the lower slot into the higher, Lance–Williams update with the
 *     same formulas (so, in f64, the kernels must agree with it to the last bit on untied data);
 *   - a validity check of any dendrogram that recomputes every linkage value from its definition
 *     (min / max / mean of the member distances, Ward's and the centroid distance through
 *     centroid identities) and checks each merge was a global minimum — it holds for every valid
 *     tie-break, so it also judges tied data.
 */
import type { LinkageMethod, LinkageSteps, Metric } from '../kernels/cluster.ts';
import type { Hclust } from './cluster.ts';

const cond = (n: number, i: number, j: number) => (i < j ? (i * (2 * n - i - 1)) / 2 + j - i - 1 : (j * (2 * n - j - 1)) / 2 + i - j - 1);

/** Average ranks (R's rank(ties.method = "average")), 1-based. */
export function rankAverage(v: readonly number[]): number[] {
  const idx = v.map((_, i) => i).sort((a, b) => v[a] - v[b]);
  const r = new Array<number>(v.length);
  for (let p = 0; p < idx.length;) {
    let q = p;
    while (q + 1 < idx.length && v[idx[q + 1]] === v[idx[p]]) q++;
    for (let t = p; t <= q; t++) r[idx[t]] = (p + q) / 2 + 1;
    p = q + 1;
  }
  return r;
}

function pearsonRef(a: readonly number[], b: readonly number[]): number {
  const c = a.length;
  if (c < 2) return NaN;
  const ma = a.reduce((s, v) => s + v, 0) / c;
  const mb = b.reduce((s, v) => s + v, 0) / c;
  let sab = 0, saa = 0, sbb = 0;
  for (let k = 0; k < c; k++) { sab += (a[k] - ma) * (b[k] - mb); saa += (a[k] - ma) ** 2; sbb += (b[k] - mb) ** 2; }
  if (saa === 0 || sbb === 0) return NaN;
  return Math.max(-1, Math.min(1, sab / Math.sqrt(saa * sbb)));
}

/**
 * One distance from its definition (NaN = undefined): stats::dist's Euclidean with NA scaling,
 * 1 − cor(…, use = "pairwise.complete.obs") (Pearson or Spearman, re-ranked on the shared
 * coordinates), 1 − cosine on the shared coordinates.
 */
export function distanceRef(xi: ArrayLike<number>, xj: ArrayLike<number>, metric: Metric): number {
  const d = xi.length;
  const a: number[] = [];
  const b: number[] = [];
  for (let k = 0; k < d; k++) if (!Number.isNaN(xi[k]) && !Number.isNaN(xj[k])) { a.push(xi[k]); b.push(xj[k]); }
  switch (metric) {
    case 'euclidean': {
      if (a.length === 0) return NaN;
      const s = a.reduce((acc, v, k) => acc + (v - b[k]) ** 2, 0);
      return Math.sqrt(a.length === d ? s : s / (a.length / d));
    }
    case 'pearson': return 1 - pearsonRef(a, b);
    case 'spearman': return 1 - pearsonRef(rankAverage(a), rankAverage(b));
    case 'cosine': {
      const ab = a.reduce((acc, v, k) => acc + v * b[k], 0);
      const aa = a.reduce((acc, v) => acc + v * v, 0);
      const bb = b.reduce((acc, v) => acc + v * v, 0);
      if (a.length === 0 || aa === 0 || bb === 0) return NaN;
      return 1 - Math.max(-1, Math.min(1, ab / Math.sqrt(aa * bb)));
    }
  }
}

/** Condensed distance matrix (R's `dist` order) of the rows of a row-major n × d matrix. */
export function distanceMatrixRef(x: ArrayLike<number>, n: number, d: number, metric: Metric): Float64Array {
  const out = new Float64Array((n * (n - 1)) / 2);
  const row = (i: number) => Array.from({ length: d }, (_, k) => x[i * d + k]);
  const rows = Array.from({ length: n }, (_, i) => row(i));
  let o = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) out[o++] = distanceRef(rows[i], rows[j], metric);
  return out;
}

/** The Lance–Williams update, the same formulas and operation order as assembly/hclust.ts. */
function lanceWilliams(method: LinkageMethod, a: number, b: number, c: number, ws: number, wt: number, s: number, t: number, v: number): number {
  switch (method) {
    case 'single': return a < b ? a : b;
    case 'complete': return a > b ? a : b;
    case 'average': return ws * a + wt * b;
    case 'weighted': return (a + b) * 0.5;
    case 'ward': return ((v + s) * a - v * c + (v + t) * b) / (s + t + v);
    case 'centroid': return ws * a + wt * b - ws * wt * c;
    case 'median': return (a + b) * 0.5 - c * 0.25;
  }
}

/**
 * The generic O(n³) agglomerative algorithm on a condensed matrix (not modified), as
 * fastcluster::hclust(D, method) defines the result: ward = ward.D2 (squared internally, heights
 * square-rooted), centroid/median on D as given unless `square`. Returns the merges in the order
 * made, like the kernels.
 */
export function linkageRef(D: ArrayLike<number>, n: number, method: LinkageMethod, opts: { square?: boolean } = {}): LinkageSteps {
  const sq = method === 'ward' || opts.square === true;
  const M = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
    const v = D[cond(n, i, j)];
    M[i * n + j] = M[j * n + i] = sq ? v * v : v;
  }
  const active = new Uint8Array(n).fill(1);
  const size = new Float64Array(n).fill(1);
  const m = n - 1;
  const a = new Int32Array(m), b = new Int32Array(m), height = new Float64Array(m);
  for (let step = 0; step < m; step++) {
    let best = Infinity, lo = -1, hi = -1;
    for (let i = 0; i < n; i++) {
      if (!active[i]) continue;
      for (let j = i + 1; j < n; j++) {
        if (active[j] && M[i * n + j] < best) { best = M[i * n + j]; lo = i; hi = j; }
      }
    }
    a[step] = lo; b[step] = hi;
    height[step] = method === 'ward' ? Math.sqrt(best) : best;
    const s = size[lo], t = size[hi];
    const ws = s / (s + t), wt = t / (s + t);
    active[lo] = 0;
    for (let y = 0; y < n; y++) {
      if (!active[y] || y === hi) continue;
      const v = lanceWilliams(method, M[lo * n + y], M[hi * n + y], best, ws, wt, s, t, size[y]);
      M[hi * n + y] = M[y * n + hi] = v;
    }
    size[hi] = s + t;
  }
  return { n, method, a, b, height, precision: 'f64' };
}

/**
 * Checks that `tree` is a valid result of `method` on D (condensed; the Euclidean distances for
 * ward, the values as clustered for centroid/median): replaying its merges in order, each merged
 * pair's linkage value — recomputed from its definition — equals the reported height and is a
 * minimum over all pairs of clusters present at that moment (both within `tol`, relative).
 * Returns the problems found (empty = valid). O(n³): meant for n up to ~100.
 */
export function checkDendrogram(D: ArrayLike<number>, n: number, method: LinkageMethod, tree: Hclust, tol = 1e-9): string[] {
  const dd = (i: number, j: number) => (i === j ? 0 : D[cond(n, i, j)]);
  const problems: string[] = [];
  // clusters by node id: observations 0..n−1, merge s → n + s
  const members: number[][] = Array.from({ length: n }, (_, i) => [i]);
  const current = new Set<number>(Array.from({ length: n }, (_, i) => i));
  // history-dependent methods are replayed with their recurrence
  const replay = new Map<string, number>();
  const key = (p: number, q: number) => (p < q ? `${p},${q}` : `${q},${p}`);
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) replay.set(key(i, j), dd(i, j));
  const sumIn = (A: number[], B: number[], f: (v: number) => number) => { let s = 0; for (const u of A) for (const v of B) s += f(dd(u, v)); return s; };
  const value = (p: number, q: number): number => {
    const A = members[p], B = members[q];
    switch (method) {
      case 'single': { let v = Infinity; for (const u of A) for (const w of B) v = Math.min(v, dd(u, w)); return v; }
      case 'complete': { let v = -Infinity; for (const u of A) for (const w of B) v = Math.max(v, dd(u, w)); return v; }
      case 'average': return sumIn(A, B, (x) => x) / (A.length * B.length);
      case 'ward': {
        // ward.D2: sqrt(2|A||B|/(|A|+|B|) · ‖c_A − c_B‖²), ‖c_A − c_B‖² from squared distances
        const sq = (x: number) => x * x;
        const c2 = sumIn(A, B, sq) / (A.length * B.length) - sumIn(A, A, sq) / (2 * A.length ** 2) - sumIn(B, B, sq) / (2 * B.length ** 2);
        return Math.sqrt(Math.max(0, (2 * A.length * B.length) / (A.length + B.length) * c2));
      }
      case 'centroid':
        // D holds squared distances: ‖c_A − c_B‖² by the same identity
        return sumIn(A, B, (x) => x) / (A.length * B.length) - sumIn(A, A, (x) => x) / (2 * A.length ** 2) - sumIn(B, B, (x) => x) / (2 * B.length ** 2);
      default: return replay.get(key(p, q))!;
    }
  };
  const scale = Math.max(...Array.from(tree.height, Math.abs), 1e-300);
  for (let s = 0; s < n - 1; s++) {
    const node = (e: number) => (e < 0 ? -e - 1 : n + e - 1);
    const p = node(tree.merge[2 * s]), q = node(tree.merge[2 * s + 1]);
    if (!current.has(p) || !current.has(q)) { problems.push(`step ${s + 1}: merges a cluster that no longer exists`); break; }
    const v = value(p, q);
    if (!(Math.abs(v - tree.height[s]) <= tol * scale)) problems.push(`step ${s + 1}: height ${tree.height[s]} but the ${method} linkage of the pair is ${v}`);
    const cur = [...current];
    let min = Infinity;
    for (let x = 0; x < cur.length; x++) for (let y = x + 1; y < cur.length; y++) min = Math.min(min, value(cur[x], cur[y]));
    if (v > min + tol * scale) problems.push(`step ${s + 1}: merged at ${v} while a pair at ${min} existed`);
    // merge
    const r = n + s;
    members[r] = [...members[p], ...members[q]];
    current.delete(p); current.delete(q);
    if (method === 'weighted' || method === 'median') {
      for (const y of current) {
        const a = replay.get(key(p, y))!, b = replay.get(key(q, y))!;
        replay.set(key(r, y), method === 'weighted' ? (a + b) / 2 : (a + b) / 2 - v / 4);
      }
    }
    current.add(r);
  }
  return problems;
}
