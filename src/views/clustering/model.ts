/**
 * The clustered heatmap as the screen and the exports see it: the matrix in display order, the
 * two trees laid out, and the cut of the row tree into k clusters. Pure; built on the page from
 * the worker's result in O(rows × arrays).
 */
import { cutree, type Hclust } from '../../stats/cluster.ts';
import { clusterSizes, cutHeight, layoutDendrogram, stepClusters, type Dendrogram } from './dendrogram.ts';
import type { ClusteringSettings } from './settings.ts';

/** Everything a heatmap needs to draw itself. */
export interface HeatmapData {
  /** Row names (probe ids), in input order. */
  probes: string[];
  /** Column names (arrays) and their sample groups ('' = no group). */
  arrays: string[];
  groups: string[];
  nRows: number;
  nCols: number;
  /** The coloured values (row z-scores, or log2), column-major nRows × nCols. */
  display: Float64Array;
  /** The log2 values, column-major (the same as `display` when not z-scored). */
  log2: Float64Array;
  zScored: boolean;
  rowTree: Hclust | null;
  colTree: Hclust | null;
  rowDendro: Dendrogram | null;
  colDendro: Dendrogram | null;
  /** Row (0-based, input order) at each display position, top to bottom. */
  rowOrder: Int32Array;
  /** Column at each display position, left to right. */
  colOrder: Int32Array;
  /** Display position of each row / column. */
  rowPos: Int32Array;
  colPos: Int32Array;
  /** Per row: 1 higher in the comparison group, −1 lower, 0 neither (null when not known). */
  regulation: Int8Array | null;
  /** The clustering settings that produced it (distance, linkage, z-score, axis, rows). */
  settings: ClusteringSettings;
}

/** Input of {@link buildHeatmap}. */
export interface HeatmapParts {
  probes: string[];
  arrays: string[];
  groups: string[];
  log2: Float64Array;
  display: Float64Array;
  rowTree: Hclust | null;
  colTree: Hclust | null;
  regulation?: Int8Array | null;
  settings: ClusteringSettings;
}

const identity = (n: number) => Int32Array.from({ length: n }, (_, i) => i);
const inverse = (order: Int32Array) => { const out = new Int32Array(order.length); order.forEach((r, p) => { out[r] = p; }); return out; };

/** Builds the display model: a clustered axis follows its tree's order, the other keeps the input order. */
export function buildHeatmap(p: HeatmapParts): HeatmapData {
  const nRows = p.probes.length;
  const nCols = p.arrays.length;
  if (p.display.length !== nRows * nCols || p.log2.length !== nRows * nCols) throw new RangeError('matrix size does not match the names');
  if (p.rowTree && p.rowTree.n !== nRows) throw new RangeError('the row tree does not match the rows');
  if (p.colTree && p.colTree.n !== nCols) throw new RangeError('the column tree does not match the columns');
  const rowOrder = p.rowTree ? Int32Array.from(p.rowTree.order, (o) => o - 1) : identity(nRows);
  const colOrder = p.colTree ? Int32Array.from(p.colTree.order, (o) => o - 1) : identity(nCols);
  return {
    probes: p.probes, arrays: p.arrays, groups: p.groups, nRows, nCols,
    display: p.display, log2: p.log2, zScored: p.settings.zScore,
    rowTree: p.rowTree, colTree: p.colTree,
    rowDendro: p.rowTree && nRows >= 2 ? layoutDendrogram(p.rowTree) : null,
    colDendro: p.colTree && nCols >= 2 ? layoutDendrogram(p.colTree) : null,
    rowOrder, colOrder, rowPos: inverse(rowOrder), colPos: inverse(colOrder),
    regulation: p.regulation ?? null,
    settings: p.settings,
  };
}

/** The row tree cut into k clusters. */
export interface HeatmapCut {
  k: number;
  /** Cluster (1..k) of each row, input order: stats::cutree(tree, k) numbering (by first row in input order). */
  clusters: Int32Array;
  /** Cluster of each merge step of the row tree (0 above the cut). */
  steps: Int32Array;
  /** Rows per cluster, index 1..k. */
  sizes: number[];
  /** Height of the cut line. */
  height: number;
}

/** Cuts the row tree into k clusters (null when rows are not clustered or k is out of range). */
export function cutHeatmap(d: HeatmapData, k: number | null): HeatmapCut | null {
  const t = d.rowTree;
  if (!t || k === null || !Number.isInteger(k) || k < 2 || k > t.n) return null;
  const clusters = cutree(t, k);
  return { k, clusters, steps: stepClusters(t, clusters), sizes: clusterSizes(clusters, k), height: cutHeight(t, k) };
}

/** The value at display position (row p, column q). */
export function valueAt(d: HeatmapData, p: number, q: number, which: 'display' | 'log2' = 'display'): number {
  return (which === 'display' ? d.display : d.log2)[d.colOrder[q] * d.nRows + d.rowOrder[p]];
}

/**
 * The display matrix with rows averaged in consecutive groups of `bin` display positions (NaN
 * ignored; a group with no value is NaN). Row-major by display position: out[b * nCols + q] is
 * group b at display column q. bin = 1 copies the matrix in display order.
 */
export function binnedRows(d: HeatmapData, bin: number): { values: Float64Array; bins: number } {
  const bins = Math.ceil(d.nRows / bin);
  const out = new Float64Array(bins * d.nCols);
  for (let b = 0; b < bins; b++) {
    const p0 = b * bin;
    const p1 = Math.min(d.nRows, p0 + bin);
    for (let q = 0; q < d.nCols; q++) {
      const col = d.colOrder[q] * d.nRows;
      let s = 0;
      let c = 0;
      for (let p = p0; p < p1; p++) { const v = d.display[col + d.rowOrder[p]]; if (!Number.isNaN(v)) { s += v; c++; } }
      out[b * d.nCols + q] = c ? s / c : NaN;
    }
  }
  return { values: out, bins };
}
