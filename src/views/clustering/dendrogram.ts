/**
 * Dendrogram geometry from an R `hclust` object (src/stats/cluster.ts), shared by the canvas and the
 * SVG export, and the pure operations on it: hit-testing a click, the leaves of a subtree, the cut
 * into k clusters with the colour of every branch.
 *
 * Coordinates: the leaf axis counts display positions, leaf p (0-based position in `order`) at
 * p + 0.5, so leaf p sits in the middle of heatmap row (or column) p of the range [0, n). A merge
 * sits at the mean of its two children's positions (R's plot.hclust) and at its merge height; the
 * height axis runs from 0 (leaves) to the root's height. Drawing maps both to pixels.
 *
 * Nodes: observations are 0..n−1 (0-based), merge step s (0-based row of `merge`) is node n + s.
 */
import type { Hclust } from '../../stats/cluster.ts';

/** A tree laid out for drawing. */
export interface Dendrogram {
  tree: Hclust;
  n: number;
  /** Display position (0-based) of each observation (0-based). */
  pos: Int32Array;
  /** Leaf-axis position of each merge step (leaves at p + 0.5). */
  x: Float64Array;
  /** Height of each merge step (tree.height). */
  h: Float64Array;
  /** Display positions [start, end) covered by each merge step (its leaves are contiguous). */
  start: Int32Array;
  end: Int32Array;
  /** Parent step of each node (observations first, then steps); −1 for the root. */
  parent: Int32Array;
  /** Height of the root (largest height), 0 for a one-leaf tree. */
  maxHeight: number;
}

/** Lays out a tree (O(n)). */
export function layoutDendrogram(tree: Hclust): Dendrogram {
  const n = tree.n;
  const m = Math.max(0, n - 1);
  const pos = new Int32Array(n);
  tree.order.forEach((obs, p) => { pos[obs - 1] = p; });
  const x = new Float64Array(m);
  const h = Float64Array.from(tree.height);
  const start = new Int32Array(m);
  const end = new Int32Array(m);
  const parent = new Int32Array(n + m).fill(-1);
  let maxHeight = 0;
  for (let s = 0; s < m; s++) {
    const a = tree.merge[2 * s];
    const b = tree.merge[2 * s + 1];
    x[s] = (childX(a, pos, x) + childX(b, pos, x)) / 2;
    start[s] = Math.min(childStart(a, pos, start), childStart(b, pos, start));
    end[s] = Math.max(childEnd(a, pos, end), childEnd(b, pos, end));
    parent[node(a, n)] = s;
    parent[node(b, n)] = s;
    if (h[s] > maxHeight) maxHeight = h[s];
  }
  return { tree, n, pos, x, h, start, end, parent, maxHeight };
}

/** Node index of a merge entry (R convention: −j observation j, +t step t). */
export function node(e: number, n: number): number {
  return e < 0 ? -e - 1 : n + e - 1;
}
function childX(e: number, pos: Int32Array, x: Float64Array): number { return e < 0 ? pos[-e - 1] + 0.5 : x[e - 1]; }
function childStart(e: number, pos: Int32Array, start: Int32Array): number { return e < 0 ? pos[-e - 1] : start[e - 1]; }
function childEnd(e: number, pos: Int32Array, end: Int32Array): number { return e < 0 ? pos[-e - 1] + 1 : end[e - 1]; }

/** The two branches of merge step s: each child's leaf-axis position and height, and the step's own. */
export interface Branches { x1: number; h1: number; x2: number; h2: number; x: number; h: number }

/**
 * Branches of step s (a leaf child has height 0). `hs` gives the heights to use (default the merge
 * heights; {@link drawnHeights} for another tree scale).
 */
export function branches(d: Dendrogram, s: number, hs: ArrayLike<number> = d.h): Branches {
  const a = d.tree.merge[2 * s];
  const b = d.tree.merge[2 * s + 1];
  return {
    x1: childX(a, d.pos, d.x), h1: a < 0 ? 0 : hs[a - 1],
    x2: childX(b, d.pos, d.x), h2: b < 0 ? 0 : hs[b - 1],
    x: d.x[s], h: hs[s],
  };
}

/**
 * How merge heights are drawn: 'linear' as R's plot.hclust (distances to scale); 'sqrt' spreads
 * the low merges (a tree whose root is far above everything else stays readable); 'rank' draws
 * merge k (1-based, R's merge order) at k / (n − 1): the topology only (a parent is always merged
 * after its children, so it stays above them).
 */
export type TreeScale = 'linear' | 'sqrt' | 'rank';

/** Heights of the merge steps on a tree scale, from 0 (leaves) to 1 (the root). */
export function drawnHeights(d: Dendrogram, scale: TreeScale): Float64Array {
  const m = d.n - 1;
  const out = new Float64Array(Math.max(0, m));
  const top = d.maxHeight;
  for (let s = 0; s < m; s++) {
    if (scale === 'rank') out[s] = (s + 1) / m;
    else {
      const t = top > 0 ? Math.max(0, d.h[s]) / top : 0;
      out[s] = scale === 'sqrt' ? Math.sqrt(t) : t;
    }
  }
  return out;
}

/** Where the cut into k clusters is drawn on a scale of drawn heights (between merges n − k − 1 and n − k). */
export function drawnCut(hs: ArrayLike<number>, n: number, k: number): number {
  if (k <= 1) return hs.length ? hs[hs.length - 1] * 1.02 : 0;
  if (k >= n) return hs.length ? hs[0] / 2 : 0;
  return (hs[n - k - 1] + hs[n - k]) / 2;
}

/** Maps the dendrogram's coordinates to pixels. */
export interface DendrogramMapping {
  /** Leaf-axis position → pixel along the leaves. */
  leaf(x: number): number;
  /** Height → pixel across (0 at the leaves' edge, root furthest away). */
  height(h: number): number;
  /** 'rows': leaves top to bottom, heights right to left (a row dendrogram left of the heatmap); 'columns': leaves left to right, heights bottom to top. */
  orientation: 'rows' | 'columns';
}

/** One line segment in pixels: [x1, y1, x2, y2]. */
export type Segment = [number, number, number, number];

/**
 * The three segments of step s in pixels, R's plot.hclust style: a bar at the step's height
 * joining the two children, and one branch from each child's height up to it.
 */
export function stepSegments(d: Dendrogram, s: number, map: DendrogramMapping, hs: ArrayLike<number> = d.h): Segment[] {
  const b = branches(d, s, hs);
  const L1 = map.leaf(b.x1);
  const L2 = map.leaf(b.x2);
  const H = map.height(b.h);
  const H1 = map.height(b.h1);
  const H2 = map.height(b.h2);
  return map.orientation === 'rows'
    ? [[H, L1, H, L2], [H1, L1, H, L1], [H2, L2, H, L2]]
    : [[L1, H, L2, H], [L1, H1, L1, H], [L2, H2, L2, H]];
}

/** Every segment of the tree in pixels (3 per merge step, in step order). */
export function dendrogramSegments(d: Dendrogram, map: DendrogramMapping, hs: ArrayLike<number> = d.h): Segment[] {
  const out: Segment[] = [];
  for (let s = 0; s < d.n - 1; s++) out.push(...stepSegments(d, s, map, hs));
  return out;
}

/**
 * The merge step a click selects. `leafPos` is the pointer on the leaf axis (display positions,
 * continuous), `height` the pointer on the height axis, `tol` a tolerance in height units
 * (a few pixels' worth); `hs` the heights as drawn (default the merge heights), so the tolerance
 * is the same number of pixels on any tree scale. On the path from the leaf under the pointer up
 * to the root:
 *   - a click on a step's bar (|height − h| ≤ tol) selects that step (the nearest bar when
 *     several are within reach);
 *   - otherwise a click between a child's height and its parent's height selects that child (the
 *     branch hanging there), so clicking anywhere beside a branch selects the subtree below it.
 * Returns null for a click below the first merge above the leaf (on the leaf itself), above the
 * root, or outside the leaf range.
 */
export function stepAt(d: Dendrogram, leafPos: number, height: number, tol = 0, hs: ArrayLike<number> = d.h): number | null {
  const n = d.n;
  if (n < 2 || !(leafPos >= 0 && leafPos < n)) return null;
  const obs = d.tree.order[Math.floor(leafPos)] - 1;
  let best = -1;
  let bestDist = Infinity;
  let beside: number | null | undefined;
  let prev = -1; // previous step on the path (−1 = the leaf)
  let nd = obs;
  for (let s = d.parent[nd]; s >= 0; nd = n + s, s = d.parent[nd]) {
    const h = hs[s];
    const dist = Math.abs(h - height);
    if (dist <= tol && dist < bestDist) { best = s; bestDist = dist; }
    if (beside === undefined && h >= height) beside = prev >= 0 ? prev : null;
    if (h > height + tol) break;
    prev = s;
  }
  if (best >= 0) return best;
  return beside ?? null;
}

/** Observations (0-based) under step s, in display order. */
export function subtreeObservations(d: Dendrogram, s: number): Int32Array {
  const out = new Int32Array(d.end[s] - d.start[s]);
  for (let p = d.start[s]; p < d.end[s]; p++) out[p - d.start[s]] = d.tree.order[p] - 1;
  return out;
}

/** Labels (tree.labels) under step s, in display order. */
export function subtreeLabels(d: Dendrogram, s: number): string[] {
  return Array.from(subtreeObservations(d, s), (i) => d.tree.labels[i]);
}

/**
 * The height at which cutting the tree gives k clusters: halfway between the last merge done
 * (step n − k − 1) and the first one left out (step n − k). Heights must be increasing
 * (every linkage offered here). k = 1 → above the root.
 */
export function cutHeight(tree: Hclust, k: number): number {
  const n = tree.n;
  if (!Number.isInteger(k) || k < 1 || k > n) throw new RangeError(`k must be an integer in 1..${n} (got ${k})`);
  const hs = tree.height;
  if (k === 1) return hs.length ? hs[hs.length - 1] * 1.02 : 0;
  if (k === n) return hs.length ? hs[0] / 2 : 0;
  return (hs[n - k - 1] + hs[n - k]) / 2;
}

/**
 * The cluster of every merge step under a cut (clusters as stats::cutree numbers them, per
 * observation in `clusters`): the children's common cluster, or 0 for steps above the cut (their
 * leaves span several clusters). O(n).
 */
export function stepClusters(tree: Hclust, clusters: Int32Array): Int32Array {
  const m = tree.n - 1;
  const out = new Int32Array(Math.max(0, m));
  const of = (e: number) => (e < 0 ? clusters[-e - 1] : out[e - 1]);
  for (let s = 0; s < m; s++) {
    const a = of(tree.merge[2 * s]);
    const b = of(tree.merge[2 * s + 1]);
    out[s] = a !== 0 && a === b ? a : 0;
  }
  return out;
}

/** Sizes of clusters 1..k (index 0 unused). */
export function clusterSizes(clusters: Int32Array, k: number): number[] {
  const out = new Array<number>(k + 1).fill(0);
  for (const c of clusters) out[c]++;
  return out;
}

/**
 * Clusters 1..k in the order they appear along the dendrogram (first display position), so a
 * legend can list them top to bottom.
 */
export function clustersInDisplayOrder(tree: Hclust, clusters: Int32Array): number[] {
  const seen: number[] = [];
  const has = new Set<number>();
  for (const obs of tree.order) {
    const c = clusters[obs - 1];
    if (!has.has(c)) { has.add(c); seen.push(c); }
  }
  return seen;
}
