/**
 * The clustered heatmap as a standalone SVG (vector export; the PNG export is this SVG rasterised
 * at 3×): title and method lines, sample-group legend, column dendrogram, group colour bar, row
 * dendrogram (branches coloured by cluster, dashed cut line), the cells, the cluster column, probe
 * names, array names, and the colour key with its limits. Pure: data in, string out.
 *
 * Size rules (so a figure stays a figure at any size):
 *   - up to `maxLabelledRows` (200) rows: every row 11 px tall with its probe name;
 *   - more: the cell area is 800 px tall and names are left out;
 *   - more than `maxCellRows` (4000) rows: consecutive rows (in heatmap order) are averaged in
 *     groups of ⌈rows / 4000⌉ for the cells only (the dendrogram keeps every leaf), and the figure
 *     says so. A 20 000-row heatmap thus stays a ~2 MB SVG instead of 240 000 rectangles; at 800 px
 *     the groups are finer than the PNG's pixels anyway.
 * Cells of one column that share a colour are merged into one rectangle.
 */
import { el, esc, svgDocument } from '../../export/svg.ts';
import { textWidth } from '../survival/figure.ts';
import { colorOf, groupColors, clusterColor, PALETTE_STOPS, NA_COLOR, type ColorScale } from './colors.ts';
import { dendrogramSegments, drawnCut, drawnHeights, stepSegments, type Dendrogram, type DendrogramMapping, type Segment, type TreeScale } from './dendrogram.ts';
import { binnedRows, type HeatmapCut, type HeatmapData } from './model.ts';

/** Options of {@link heatmapSvg}. */
export interface HeatmapSvgOptions {
  title: string;
  /** Lines under the title (rows, distance, linkage …). */
  caption?: string[];
  scale: ColorScale;
  cut: HeatmapCut | null;
  /** Locale of the numbers (Intl). */
  locale: string;
  /** Title of the colour key ("Row z-score of log2 expression"). */
  keyTitle: string;
  /** Localized "Cluster c". */
  clusterLabel: (c: number) => string;
  /** Localized word for missing values in the key. */
  missingLabel: string;
  /** Localized note when rows are averaged: receives the group size and the row count. */
  binnedNote?: (bin: number, rows: number) => string;
  /** Label of arrays without a group (legend). */
  noGroupLabel?: string;
  /** How tree heights are drawn (default 'linear', as R's plot.hclust). */
  treeScale?: TreeScale;
  /** Rows up to which every row is named (default 200). */
  maxLabelledRows?: number;
  /** Rows up to which every row gets its own cells (default 4000). */
  maxCellRows?: number;
}

/** A rendered figure; `bin` = rows per cell row (1 = every row drawn). */
export interface HeatmapSvg { svg: string; width: number; height: number; bin: number }

const M = 16;
const ROW_DENDRO_W = 160;
const COL_DENDRO_H = 80;
const GROUP_BAR_H = 12;
const LABEL_ROW_H = 11;
const TALL_CELLS_H = 800;
const KEY_W = 200;

/** Path data of segments ("M x y L x y" per segment), 2 decimals. */
function pathData(segs: Segment[]): string {
  let d = '';
  for (const [x1, y1, x2, y2] of segs) d += `M${x1.toFixed(2)} ${y1.toFixed(2)}L${x2.toFixed(2)} ${y2.toFixed(2)}`;
  return d;
}

/** Dendrogram paths, one per colour (cluster colours below the cut, dark grey above / uncut). */
function dendrogramPaths(d: Dendrogram, map: DendrogramMapping, hs: Float64Array, stepCluster: Int32Array | null, cls: string): string {
  if (!stepCluster) {
    return el('path', { class: cls, d: pathData(dendrogramSegments(d, map, hs)), fill: 'none', stroke: '#444', 'stroke-width': 0.8 });
  }
  const byColor = new Map<string, Segment[]>();
  for (let s = 0; s < d.n - 1; s++) {
    const c = stepCluster[s] ? clusterColor(stepCluster[s]) : '#444';
    let list = byColor.get(c);
    if (!list) byColor.set(c, (list = []));
    list.push(...stepSegments(d, s, map, hs));
  }
  return [...byColor].map(([c, segs]) => el('path', { class: cls, d: pathData(segs), fill: 'none', stroke: c, 'stroke-width': c === '#444' ? 0.8 : 1.1 })).join('');
}

/** Renders the heatmap (see the file header). */
export function heatmapSvg(d: HeatmapData, o: HeatmapSvgOptions): HeatmapSvg {
  const loc = o.locale;
  const maxLabelled = o.maxLabelledRows ?? 200;
  const maxCells = o.maxCellRows ?? 4000;
  const nf = new Intl.NumberFormat(loc, { maximumFractionDigits: 2 });
  const parts: string[] = [];

  // title, method lines
  let y = M + 8;
  parts.push(el('text', { x: M, y, 'font-size': 14, 'font-weight': 'bold' }, esc(o.title)));
  for (const line of o.caption ?? []) { y += 16; parts.push(el('text', { x: M, y, 'font-size': 11, fill: '#333' }, esc(line))); }

  // sample-group legend
  const gColors = groupColors(d.groups);
  y += 20;
  let gx = M;
  for (const [g, c] of gColors) {
    const label = g === '' ? (o.noGroupLabel ?? '–') : g;
    parts.push(el('rect', { x: gx, y: y - 9, width: 12, height: 10, fill: c }));
    parts.push(el('text', { x: gx + 16, y, 'font-size': 11, class: 'group-legend' }, esc(label)));
    gx += 16 + textWidth(label, 11) + 16;
  }
  const top = y + 10;

  // geometry
  const nR = d.nRows;
  const nC = d.nCols;
  const labelled = nR <= maxLabelled;
  const cellsH = labelled ? nR * LABEL_ROW_H : TALL_CELLS_H;
  const rowH = cellsH / Math.max(1, nR);
  const bin = nR > maxCells ? Math.ceil(nR / maxCells) : 1;
  const colW = Math.max(12, Math.min(44, Math.round(420 / Math.max(1, nC))));
  const rowDendroW = d.rowDendro ? ROW_DENDRO_W : 0;
  const cellsLeft = M + rowDendroW + (d.rowDendro ? 4 : 0);
  const cellsW = nC * colW;
  const cellsRight = cellsLeft + cellsW;
  const colDendroH = d.colDendro ? COL_DENDRO_H : 0;
  const groupTop = top + colDendroH + (d.colDendro ? 4 : 0);
  const cellsTop = groupTop + GROUP_BAR_H + 3;
  const cellsBottom = cellsTop + cellsH;
  const clusterLeft = cellsRight + 3;
  const labelsLeft = (o.cut ? clusterLeft + 10 : cellsRight) + 5;
  const labelW = labelled ? Math.max(0, ...d.probes.map((p) => textWidth(p, 9))) : 0;

  // column dendrogram
  if (d.colDendro) {
    const cd = d.colDendro;
    const bottom = groupTop - 3;
    const map: DendrogramMapping = {
      orientation: 'columns',
      leaf: (x) => cellsLeft + x * colW,
      height: (t) => bottom - t * (colDendroH - 4),
    };
    parts.push(dendrogramPaths(cd, map, drawnHeights(cd, o.treeScale ?? 'linear'), null, 'col-dendrogram'));
  }

  // group colour bar
  for (let q = 0; q < nC; q++) {
    const g = d.groups[d.colOrder[q]];
    parts.push(el('rect', { class: 'group-bar', x: cellsLeft + q * colW, y: groupTop, width: colW, height: GROUP_BAR_H, fill: gColors.get(g) ?? NA_COLOR }));
  }

  // row dendrogram and the cut line
  if (d.rowDendro) {
    const rd = d.rowDendro;
    const right = cellsLeft - 3;
    const width = rowDendroW - 4;
    const map: DendrogramMapping = {
      orientation: 'rows',
      leaf: (x) => cellsTop + x * rowH,
      height: (t) => right - t * width,
    };
    const hs = drawnHeights(rd, o.treeScale ?? 'linear');
    parts.push(dendrogramPaths(rd, map, hs, o.cut?.steps ?? null, 'row-dendrogram'));
    if (o.cut) {
      const x = map.height(drawnCut(hs, rd.n, o.cut.k));
      parts.push(el('line', { class: 'cut-line', x1: x, y1: cellsTop - 4, x2: x, y2: cellsBottom + 4, stroke: '#888', 'stroke-width': 1, 'stroke-dasharray': '4 3' }));
    }
  }

  // cells: per column, runs of one colour merged
  const { values, bins } = binnedRows(d, bin);
  const cellH = rowH * bin;
  const cells: string[] = [];
  for (let q = 0; q < nC; q++) {
    let runStart = 0;
    let runColor = '';
    const flush = (end: number) => {
      if (end > runStart) cells.push(el('rect', { x: cellsLeft + q * colW, y: cellsTop + runStart * cellH, width: colW, height: Math.min(cellsBottom, cellsTop + end * cellH) - (cellsTop + runStart * cellH), fill: runColor }));
    };
    for (let b = 0; b < bins; b++) {
      const c = colorOf(o.scale, values[b * nC + q]);
      if (c !== runColor) { flush(b); runStart = b; runColor = c; }
    }
    flush(bins);
  }
  parts.push(`<g class="cells"${cellH >= 3 ? ' shape-rendering="crispEdges"' : ''}>${cells.join('')}</g>`);
  if (colW >= 10 && cellH >= 6) {
    // thin white separators, as on screen
    let sep = '';
    for (let q = 1; q < nC; q++) sep += `M${cellsLeft + q * colW} ${cellsTop}V${cellsBottom}`;
    if (sep) parts.push(el('path', { d: sep, stroke: '#fff', 'stroke-width': 1 }));
  }

  // cluster column
  if (o.cut) {
    let p0 = 0;
    for (let p = 1; p <= nR; p++) {
      const c = o.cut.clusters[d.rowOrder[p0]];
      if (p === nR || o.cut.clusters[d.rowOrder[p]] !== c) {
        parts.push(el('rect', { class: 'cluster-bar', 'data-cluster': c, x: clusterLeft, y: cellsTop + p0 * rowH, width: 10, height: (p - p0) * rowH, fill: clusterColor(c) }));
        p0 = p;
      }
    }
  }

  // probe names
  if (labelled) {
    for (let p = 0; p < nR; p++) {
      parts.push(el('text', { class: 'probe-label', x: labelsLeft, y: cellsTop + (p + 0.5) * rowH + 3.2, 'font-size': 9 }, esc(d.probes[d.rowOrder[p]])));
    }
  }

  // array names: horizontal when they fit, else turned 90°
  const names = Array.from({ length: nC }, (_, q) => d.arrays[d.colOrder[q]]);
  const fit = names.every((a) => textWidth(a, 10) <= colW - 2);
  let yAfter: number;
  if (fit) {
    names.forEach((a, q) => parts.push(el('text', { class: 'array-label', x: cellsLeft + (q + 0.5) * colW, y: cellsBottom + 14, 'font-size': 10, 'text-anchor': 'middle' }, esc(a))));
    yAfter = cellsBottom + 22;
  } else {
    const w = Math.min(160, Math.max(...names.map((a) => textWidth(a, 10))));
    names.forEach((a, q) => {
      const x = cellsLeft + (q + 0.5) * colW + 3.5;
      parts.push(el('text', { class: 'array-label', x: 0, y: 0, transform: `translate(${x.toFixed(2)} ${cellsBottom + 6}) rotate(90)`, 'font-size': 10 }, esc(a)));
    });
    yAfter = cellsBottom + 12 + w;
  }

  // colour key (gradient with the palette's own stops), cluster legend, missing
  let ky = yAfter + 18;
  if (bin > 1 && o.binnedNote) {
    parts.push(el('text', { x: M, y: ky - 4, 'font-size': 10, fill: '#555', class: 'binned-note' }, esc(o.binnedNote(bin, nR))));
    ky += 14;
  }
  const stops = PALETTE_STOPS[o.scale.palette];
  parts.push(`<defs><linearGradient id="hm-key" x1="0" x2="1" y1="0" y2="0">${stops.map((c, i) => `<stop offset="${(i / (stops.length - 1)).toFixed(4)}" stop-color="${c}"/>`).join('')}</linearGradient></defs>`);
  parts.push(el('text', { x: M, y: ky, 'font-size': 11, 'font-weight': 'bold', class: 'key-title' }, esc(o.keyTitle)));
  const barY = ky + 6;
  parts.push(el('rect', { class: 'key', x: M, y: barY, width: KEY_W, height: 10, fill: 'url(#hm-key)', stroke: '#999', 'stroke-width': 0.5 }));
  const ticks: [number, string][] = [
    [0, `≤ ${nf.format(o.scale.low)}`], [0.5, nf.format((o.scale.low + o.scale.high) / 2)], [1, `≥ ${nf.format(o.scale.high)}`],
  ];
  for (const [t, text] of ticks) {
    const x = M + t * KEY_W;
    parts.push(el('line', { x1: x, y1: barY + 10, x2: x, y2: barY + 13, stroke: '#555' }));
    parts.push(el('text', { class: 'key-tick', x, y: barY + 24, 'font-size': 10, 'text-anchor': t === 0 ? 'start' : t === 1 ? 'end' : 'middle' }, esc(text)));
  }
  let lx = M + KEY_W + 24;
  let hasNa = false;
  for (let i = 0; i < d.display.length && !hasNa; i++) hasNa = Number.isNaN(d.display[i]);
  if (hasNa) {
    parts.push(el('rect', { x: lx, y: barY, width: 12, height: 10, fill: NA_COLOR }));
    parts.push(el('text', { x: lx + 16, y: barY + 9, 'font-size': 10 }, esc(o.missingLabel)));
    lx += 16 + textWidth(o.missingLabel, 10) + 16;
  }
  let keyBottom = barY + 30;
  if (o.cut) {
    let cx = lx;
    let cy = barY;
    const seen: number[] = [];
    for (let p = 0; p < nR; p++) { const c = o.cut.clusters[d.rowOrder[p]]; if (!seen.includes(c)) seen.push(c); }
    for (const c of seen) {
      const text = `${o.clusterLabel(c)} (n = ${nf.format(o.cut.sizes[c])})`;
      const w = 16 + textWidth(text, 10) + 14;
      if (cx + w > Math.max(560, labelsLeft + labelW) && cx > lx) { cx = lx; cy += 15; }
      parts.push(el('rect', { class: 'cluster-legend', x: cx, y: cy, width: 12, height: 10, fill: clusterColor(c) }));
      parts.push(el('text', { x: cx + 16, y: cy + 9, 'font-size': 10 }, esc(text)));
      cx += w;
    }
    keyBottom = Math.max(keyBottom, cy + 24);
  }

  const width = Math.ceil(Math.max(labelsLeft + labelW + M, 560, gx + M));
  const height = Math.ceil(keyBottom + M);
  return { svg: svgDocument(width, height, parts.join('')), width, height, bin };
}
