import * as Comlink from 'comlink';
import type { Kernels } from '../../kernels/kernels.ts';
import type { Progress } from '../bridge.ts';
import { clusterMatrix, zScoreRows, type Hclust, type LinkageMethod, type Metric } from '../../stats/cluster.ts';

/** A matrix to draw as a clustered heatmap (values transferred, not copied). */
export interface HeatmapClusterRequest {
  /** nRows × nCols, column-major (rows = probes, columns = arrays), NaN = missing. */
  values: Float64Array;
  nRows: number;
  nCols: number;
  rowLabels: string[];
  colLabels: string[];
  distance: Metric;
  linkage: LinkageMethod;
  /** Z-score each row first (R: t(scale(t(x)))), for the clustering and the colours. */
  zScore: boolean;
  /** Cluster the rows, the columns, or both. */
  axis: 'rows' | 'columns' | 'both';
}

/** The trees and the values to colour. */
export interface HeatmapClusterResult {
  /** R's hclust of the rows (null when rows are not clustered). */
  rows: Hclust | null;
  /** R's hclust of the columns (null when columns are not clustered). */
  columns: Hclust | null;
  /** The values the colours show: the row z-scores, or the input values; column-major. */
  display: Float64Array;
  /** Milliseconds spent clustering rows and columns (distances + linkage + order). */
  rowsMs: number;
  columnsMs: number;
}

/** Shortest interval between two progress messages (the last one always goes). */
const PROGRESS_MS = 40;

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/**
 * Worker task of the clustering heatmap (issue 6): fastcluster::hclust(dist(x), method) of the rows
 * and/or columns in the wasm kernels (src/stats/cluster.ts clusterMatrix), with progress in
 * phases `rows:distance`, `rows:linkage`, `columns:distance`, `columns:linkage` (done/total =
 * objects or merges, at most one message per 40 ms). Cancelled by the bridge (it terminates the
 * worker). Errors are ClusterError messages naming the probe or array.
 */
export function clusterApi(kernels: () => Kernels) {
  return {
    /** Clusters a heatmap's rows and/or columns; the trees and the colour values come back transferred. */
    async clusterHeatmap(req: HeatmapClusterRequest, onProgress?: (p: Progress) => void): Promise<HeatmapClusterResult> {
      const { values, nRows, nCols } = req;
      if (values.length !== nRows * nCols) throw new RangeError(`values has length ${values.length}, expected ${nRows} × ${nCols}`);
      const input = { values, nRows, nCols, rowLabels: req.rowLabels, colLabels: req.colLabels };
      let last = -Infinity;
      const progress = (axis: 'rows' | 'columns') => (p: { phase: 'distance' | 'linkage'; done: number; total: number }) => {
        const t = now();
        if (!onProgress || (t - last < PROGRESS_MS && p.done !== 0 && p.done < p.total)) return;
        last = t;
        onProgress({ done: p.done, total: p.total, phase: `${axis}:${p.phase}` });
      };
      const run = (axis: 'rows' | 'columns') => {
        const t0 = now();
        const tree = clusterMatrix(kernels(), input, {
          axis, distance: req.distance, linkage: req.linkage, zScore: req.zScore, onProgress: progress(axis),
        });
        return { tree, ms: now() - t0 };
      };
      const rows = req.axis !== 'columns' && nRows >= 2 ? run('rows') : null;
      const columns = req.axis !== 'rows' && nCols >= 2 ? run('columns') : null;
      const display = req.zScore ? zScoreRows(values, nRows, nCols) : values;
      const out: HeatmapClusterResult = {
        rows: rows?.tree ?? null, columns: columns?.tree ?? null, display, rowsMs: rows?.ms ?? 0, columnsMs: columns?.ms ?? 0,
      };
      const buffers: ArrayBuffer[] = [display.buffer as ArrayBuffer];
      for (const t of [out.rows, out.columns]) if (t) buffers.push(t.merge.buffer as ArrayBuffer, t.height.buffer as ArrayBuffer, t.order.buffer as ArrayBuffer);
      return Comlink.transfer(out, buffers);
    },
  };
}
