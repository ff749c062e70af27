/**
 * The clustering view's tables as ExportTables (CSV, XLSX, copy for Word through
 * mmdr-export-menu): the matrix in heatmap order, the cluster membership, and the cluster sizes.
 * Numbers stay numbers (full precision); names are the user's, unchanged.
 */
import { msg, str } from '@lit/localize';
import type { ExportTable } from '../../export/table.ts';
import { clusterName, valueTitle } from './format.ts';
import type { HeatmapCut, HeatmapData } from './model.ts';
import { clustersInDisplayOrder } from './dendrogram.ts';

/** The matrix as drawn: rows top to bottom, columns left to right, the coloured values; the cluster column when cut. */
export function orderedMatrixTable(d: HeatmapData, cut: HeatmapCut | null, title: string): ExportTable {
  const columns = [msg('Probe', { id: 'clustering.col.probe' }), ...(cut ? [msg(str`Cluster (k = ${cut.k})`, { id: 'clustering.col.clusterK' })] : []), ...d.arrays.map((_, q) => d.arrays[d.colOrder[q]])];
  const rows = Array.from({ length: d.nRows }, (_, p) => {
    const r = d.rowOrder[p];
    const cells: (string | number | null)[] = [d.probes[r]];
    if (cut) cells.push(cut.clusters[r]);
    for (let q = 0; q < d.nCols; q++) { const v = d.display[d.colOrder[q] * d.nRows + r]; cells.push(Number.isNaN(v) ? null : v); }
    return cells;
  });
  return {
    title, columns, rows,
    footnotes: [
      msg(str`Values: ${valueTitle(d.zScored)}. Rows and columns in the order of the heatmap; empty cells are missing values.`, { id: 'clustering.table.matrixNote' }),
      ...(cut ? [msg('Clusters numbered as R’s cutree (by the first probe of each cluster in list order).', { id: 'clustering.table.cutreeNote' })] : []),
    ],
  };
}

/** One row per probe: its position in the heatmap (top = 1), its cluster, and whether it is up or down. */
export function membershipTable(d: HeatmapData, cut: HeatmapCut, title: string): ExportTable {
  const reg = d.regulation;
  const regText = (v: number) => (v > 0 ? msg('up', { id: 'clustering.reg.up' }) : v < 0 ? msg('down', { id: 'clustering.reg.down' }) : '');
  const rows = Array.from({ length: d.nRows }, (_, p) => {
    const r = d.rowOrder[p];
    return [d.probes[r], cut.clusters[r], p + 1, ...(reg ? [regText(reg[r])] : [])];
  });
  return {
    title,
    columns: [msg('Probe', { id: 'clustering.col.probe' }), msg('Cluster', { id: 'clustering.col.cluster' }), msg('Position in the heatmap', { id: 'clustering.col.position' }),
      ...(reg ? [msg('Regulation', { id: 'clustering.col.regulation' })] : [])],
    rows,
    footnotes: [msg('Clusters numbered as R’s cutree (by the first probe of each cluster in list order).', { id: 'clustering.table.cutreeNote' })],
  };
}

/** Cluster sizes, listed top to bottom as on the heatmap. */
export function clusterSizeRows(d: HeatmapData, cut: HeatmapCut): { cluster: number; size: number; up: number; down: number }[] {
  const order = d.rowTree ? clustersInDisplayOrder(d.rowTree, cut.clusters) : Array.from({ length: cut.k }, (_, i) => i + 1);
  return order.map((c) => {
    let up = 0;
    let down = 0;
    if (d.regulation) cut.clusters.forEach((x, r) => { if (x === c) { if (d.regulation![r] > 0) up++; else if (d.regulation![r] < 0) down++; } });
    return { cluster: c, size: cut.sizes[c], up, down };
  });
}

/** The cluster sizes as a table. */
export function clusterSizeTable(d: HeatmapData, cut: HeatmapCut, title: string): ExportTable {
  const withReg = d.regulation !== null;
  return {
    title,
    columns: [msg('Cluster', { id: 'clustering.col.cluster' }), msg('Probes', { id: 'clustering.col.probes' }),
      ...(withReg ? [msg('Up', { id: 'clustering.col.up' }), msg('Down', { id: 'clustering.col.down' })] : [])],
    rows: clusterSizeRows(d, cut).map((r) => [clusterName(r.cluster), r.size, ...(withReg ? [r.up, r.down] : [])]),
  };
}
