import { LitElement, html, css, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { intlLocale } from '../../i18n/localization.ts';
import { sharedStyles } from '../shared-styles.ts';
import { clusterColor, colorIndex, groupColors, NA_COLOR, hexToRgb, type ColorScale } from './colors.ts';
import { branches, drawnCut, drawnHeights, stepAt, type Dendrogram, type TreeScale } from './dendrogram.ts';
import { clusterName, count, fixed, heightMeaning } from './format.ts';
import type { HeatmapCut, HeatmapData } from './model.ts';

/** Rows (or columns) shown: first display position (continuous) and how many. */
interface Viewport { r0: number; rn: number; c0: number; cn: number }

/** Where everything sits, in CSS pixels relative to the canvas. */
interface Layout {
  W: number; H: number;
  dendroL: number; dendroR: number;
  cellsL: number; cellsT: number; cellsW: number; cellsH: number;
  colDendroT: number; colDendroB: number;
  groupT: number;
  clusterL: number;
  labelsL: number;
}

/** What the pointer is over. */
type Hover =
  | { kind: 'cell'; p: number; q: number; x: number; y: number; perPixel: number }
  | { kind: 'node'; step: number; x: number; y: number }
  | null;

const GROUP_BAR_H = 12;
const LABEL_MIN_ROW_PX = 10;
const CLICK_SLOP = 4;
const NA_RGB = hexToRgb(NA_COLOR);

/**
 * The heatmap on screen: one canvas (devicePixelRatio aware) with the row dendrogram on the left,
 * the column dendrogram and the sample-group bar on top, the cells (drawn as an ImageData: a pixel
 * row covering several rows shows their mean, scaled from a one-pixel-per-cell image), and the
 * cluster column; probe and array names,
 * the hover box and the tooltip are DOM over it (names are user data, so they stay real text).
 *
 * Interaction: wheel zooms the rows around the pointer (Shift+wheel: the columns), drag pans,
 * buttons zoom in / out / to the selection / back to everything; with the canvas focused, arrows
 * and Page Up/Down pan, + and − zoom, 0 resets, Escape clears the selection. Hovering a cell reads
 * out probe, array, group, value and cluster; clicking a branch of the probe tree selects the
 * subtree below it (event `node-select`, detail {step}; null clears).
 *
 * A full redraw is one pass over the visible cells plus the visible dendrogram, coalesced to one
 * per animation frame; the last draw's duration is on `data-draw-ms` (a few ms for 3180 × 6 here).
 */
@customElement('mmdr-heatmap')
@localized()
export class HeatmapCanvas extends LitElement {
  static styles = [sharedStyles, css`
    :host { display: block; }
    .tools { display: flex; flex-wrap: wrap; gap: .35rem; align-items: center; margin-bottom: .4rem; }
    .tools button { padding: .2rem .6rem; font-size: .85rem; }
    .tools .hint { font-size: .8rem; color: #5b6778; }
    .legend { display: flex; flex-wrap: wrap; gap: .2rem 1rem; font-size: .85rem; margin: 0 0 .3rem; align-items: center; }
    .legend .sw { display: inline-block; width: .8rem; height: .8rem; border-radius: 2px; vertical-align: -1px; margin-right: .3rem; }
    .stage { position: relative; overflow: hidden; }
    canvas { display: block; touch-action: none; cursor: crosshair; }
    canvas:focus-visible { outline: 3px solid #7fb0e6; outline-offset: 1px; }
    canvas.over-node { cursor: pointer; }
    canvas.dragging { cursor: grabbing; }
    .labels { position: absolute; overflow: hidden; pointer-events: none; }
    .lbl { position: absolute; left: 0; right: 0; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; color: #1d2733; }
    .lbl.sel { font-weight: 600; color: #0b3d6e; }
    .collabels { position: absolute; overflow: hidden; height: 1.3rem; pointer-events: none; }
    .clbl { position: absolute; top: 0; text-align: center; font-size: .78rem; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
    .hoverbox { position: absolute; border: 2px solid #111; box-shadow: 0 0 0 1px #fff; pointer-events: none; box-sizing: border-box; }
    .nodebox { position: absolute; background: rgba(31, 95, 153, .12); border: 1px solid rgba(31, 95, 153, .6); pointer-events: none; box-sizing: border-box; }
    .tip { position: absolute; pointer-events: none; background: rgba(255, 255, 255, .96); border: 1px solid #c6ceda; border-radius: 5px; padding: .25rem .45rem;
      font-size: .8rem; line-height: 1.35; box-shadow: 0 2px 6px rgba(0,0,0,.12); max-width: 22rem; z-index: 2; }
    .readout { min-height: 2.6rem; font-size: .85rem; color: #3b4757; margin-top: .35rem; line-height: 1.35; }
    .readout b { color: #1d2733; }
    .sw-cluster { display: inline-block; width: .7rem; height: .7rem; border-radius: 2px; vertical-align: -1px; }
  `];

  /** The heatmap to draw. */
  @property({ attribute: false }) data: HeatmapData | null = null;
  /** Value → colour. */
  @property({ attribute: false }) scale: ColorScale | null = null;
  /** The row tree cut into k clusters, or null. */
  @property({ attribute: false }) cut: HeatmapCut | null = null;
  /** Selected merge step of the row tree, or null. */
  @property({ attribute: false }) selected: number | null = null;
  /** How the trees' heights are drawn. */
  @property() treeScale: TreeScale = 'linear';
  /** Text alternative of the figure. */
  @property() summary = '';

  @state() private _view: Viewport = { r0: 0, rn: 1, c0: 0, cn: 1 };
  @state() private _hover: Hover = null;
  @state() private _width = 0;

  private _ro: ResizeObserver | null = null;
  private _frame = 0;
  private _drag: { x: number; y: number; v: Viewport; moved: boolean; id: number } | null = null;
  private _dataRef: HeatmapData | null = null;
  private _cellCanvas: HTMLCanvasElement | null = null;
  /** The row tree still being drawn in slices (null when done or superseded by a new draw). */
  private _treeJob: { next: number } | null = null;
  /** Steps per slice of the row tree (adapted to the time a slice takes, path building and stroking). */
  private _sliceSteps = 2000;
  private _hsCache: { d: Dendrogram; scale: TreeScale; hs: Float64Array }[] = [];

  /** A tree's heights as drawn (0 at the leaves … 1 at the root), cached per tree and scale. */
  private _hs(d: Dendrogram): Float64Array {
    const c = this._hsCache.find((x) => x.d === d && x.scale === this.treeScale);
    if (c) return c.hs;
    const hs = drawnHeights(d, this.treeScale);
    this._hsCache = [...this._hsCache.filter((x) => x.d === this.data?.rowDendro || x.d === this.data?.colDendro).slice(-3), { d, scale: this.treeScale, hs }];
    return hs;
  }

  connectedCallback(): void {
    super.connectedCallback();
    this._ro = new ResizeObserver((entries) => {
      const w = Math.floor(entries[0]?.contentRect.width ?? 0);
      if (w > 0 && Math.abs(w - this._width) >= 1) this._width = w;
    });
    this._ro.observe(this);
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this._ro?.disconnect();
    if (this._frame) cancelAnimationFrame(this._frame);
    this._frame = 0;
  }

  protected willUpdate(changed: PropertyValues): void {
    if (changed.has('data') && this.data !== this._dataRef) {
      const d = this.data;
      const keep = d && this._dataRef && d.nRows === this._dataRef.nRows && d.nCols === this._dataRef.nCols && d.settings.rows === this._dataRef.settings.rows;
      this._dataRef = d;
      if (d && !keep) this._view = { r0: 0, rn: d.nRows, c0: 0, cn: d.nCols };
      this._hover = null;
    }
  }

  protected updated(): void {
    this._scheduleDraw();
  }

  // ── geometry ───────────────────────────────────────────────────────────────────────────────

  private _layout(): Layout | null {
    const d = this.data;
    if (!d || this._width <= 0) return null;
    const width = this._width;
    const dendroW = d.rowDendro ? Math.round(Math.min(190, Math.max(90, width * 0.15))) : 0;
    const labelsW = 180;
    const clusterW = this.cut ? 14 : 0;
    const avail = Math.max(60, width - dendroW - 8 - clusterW - labelsW);
    const cellsW = Math.max(Math.min(avail, 60), Math.min(avail, d.nCols * 90));
    const colDendroH = d.colDendro ? 64 : 0;
    const groupT = colDendroH + (d.colDendro ? 4 : 0);
    const cellsT = groupT + GROUP_BAR_H + 4;
    const cellsH = Math.max(140, Math.min(600, d.nRows * 18));
    const dendroL = 2;
    const dendroR = dendroW ? dendroW - 2 : 0;
    const cellsL = dendroW + (dendroW ? 4 : 0);
    const clusterL = cellsL + cellsW + 3;
    const W = clusterL + (clusterW ? clusterW - 3 : 0);
    return {
      W, H: cellsT + cellsH + 1, dendroL, dendroR, cellsL, cellsT, cellsW, cellsH,
      colDendroT: 2, colDendroB: groupT - 3, groupT, clusterL, labelsL: W + 5,
    };
  }

  private _clampView(v: Viewport): Viewport {
    const d = this.data;
    const L = this._layout();
    if (!d || !L) return v;
    const minRn = Math.min(d.nRows, Math.max(1, L.cellsH / 40));
    const minCn = Math.min(d.nCols, Math.max(1, L.cellsW / 160));
    const rn = Math.max(minRn, Math.min(d.nRows, v.rn));
    const cn = Math.max(minCn, Math.min(d.nCols, v.cn));
    return {
      rn, cn,
      r0: Math.max(0, Math.min(d.nRows - rn, v.r0)),
      c0: Math.max(0, Math.min(d.nCols - cn, v.c0)),
    };
  }

  /** Zooms rows (axis 'rows') or columns by `factor` around an anchor in CSS px (default: the middle). */
  zoom(factor: number, axis: 'rows' | 'columns' = 'rows', anchorPx?: number): void {
    const L = this._layout();
    if (!L) return;
    const v = this._view;
    if (axis === 'rows') {
      const t = anchorPx === undefined ? 0.5 : Math.max(0, Math.min(1, (anchorPx - L.cellsT) / L.cellsH));
      const a = v.r0 + t * v.rn;
      const rn = v.rn / factor;
      this._view = this._clampView({ ...v, rn, r0: a - t * rn });
    } else {
      const t = anchorPx === undefined ? 0.5 : Math.max(0, Math.min(1, (anchorPx - L.cellsL) / L.cellsW));
      const a = v.c0 + t * v.cn;
      const cn = v.cn / factor;
      this._view = this._clampView({ ...v, cn, c0: a - t * cn });
    }
  }

  /** Shows every row and column. */
  resetZoom(): void {
    const d = this.data;
    if (d) this._view = { r0: 0, rn: d.nRows, c0: 0, cn: d.nCols };
  }

  /** Zooms to the selected subtree's rows. */
  zoomToSelection(): void {
    const d = this.data;
    const s = this.selected;
    if (!d?.rowDendro || s === null) return;
    const a = d.rowDendro.start[s];
    const b = d.rowDendro.end[s];
    const pad = Math.max(0.5, (b - a) * 0.05);
    this._view = this._clampView({ ...this._view, r0: a - pad, rn: b - a + 2 * pad });
  }

  private _pan(dRows: number, dCols: number) {
    const v = this._view;
    this._view = this._clampView({ ...v, r0: v.r0 + dRows, c0: v.c0 + dCols });
  }

  // ── drawing ────────────────────────────────────────────────────────────────────────────────

  private _scheduleDraw() {
    if (this._frame) return;
    this._frame = requestAnimationFrame(() => {
      this._frame = 0;
      this._draw();
    });
  }

  private _draw() {
    const canvas = this.renderRoot.querySelector('canvas');
    const d = this.data;
    const L = this._layout();
    const sc = this.scale;
    if (!canvas || !d || !L || !sc) return;
    const t0 = performance.now();
    const dpr = Math.max(1, Math.min(3, window.devicePixelRatio || 1));
    const cw = Math.round(L.W * dpr);
    const ch = Math.round(L.H * dpr);
    if (canvas.width !== cw || canvas.height !== ch) { canvas.width = cw; canvas.height = ch; }
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, cw, ch);
    this._drawCells(ctx, d, L, sc, dpr);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const v = this._view;
    const rowY = (x: number) => L.cellsT + ((x - v.r0) / v.rn) * L.cellsH;
    const colX = (x: number) => L.cellsL + ((x - v.c0) / v.cn) * L.cellsW;

    // row dendrogram (selected subtree on a pale band, drawn thicker): cut line first, then the
    // tree from the root down, in slices of ~8 ms (a large tree finishes over the next frames)
    this._treeJob = null;
    if (d.rowDendro) {
      const rd = d.rowDendro;
      const hs = this._hs(rd);
      const hx = (t: number) => L.dendroR - t * (L.dendroR - L.dendroL);
      const clip = () => { ctx.beginPath(); ctx.rect(0, L.cellsT - 1, L.cellsL - 1, L.cellsH + 2); ctx.clip(); };
      ctx.save();
      clip();
      const sel = this.selected;
      if (sel !== null && sel < rd.n - 1) {
        ctx.fillStyle = '#fff1bf';
        const y0 = rowY(rd.start[sel]);
        const y1 = rowY(rd.end[sel]);
        ctx.fillRect(hx(hs[sel]) - 3, y0, L.cellsL - hx(hs[sel]) + 3, y1 - y0);
      }
      if (this.cut) {
        ctx.strokeStyle = '#777';
        ctx.setLineDash([4, 3]);
        ctx.lineWidth = 1;
        const x = Math.round(hx(drawnCut(hs, rd.n, this.cut.k))) + 0.5;
        ctx.beginPath();
        ctx.moveTo(x, L.cellsT);
        ctx.lineTo(x, L.cellsT + L.cellsH);
        ctx.stroke();
        ctx.setLineDash([]);
      }
      ctx.restore();
      const steps = this.cut?.steps ?? null;
      const job = { next: rd.n - 2 };
      this._treeJob = job;
      const slice = () => {
        if (this._treeJob !== job) return;
        const t = performance.now();
        ctx.save();
        ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
        clip();
        job.next = this._drawDendrogram(ctx, rd, hs, 'rows', rowY, hx, v.r0, v.r0 + v.rn, steps, sel, job.next, t + 6, this._sliceSteps);
        ctx.restore();
        // stroking costs as much as building the paths: size the next slice on this one's total time
        const ms = performance.now() - t;
        if (ms > 12) this._sliceSteps = Math.max(250, this._sliceSteps >> 1);
        else if (ms < 4) this._sliceSteps = Math.min(1 << 16, this._sliceSteps << 1);
        if (job.next >= 0) requestAnimationFrame(slice);
        else { this._treeJob = null; this.dataset.treeDone = String(Date.now()); }
      };
      slice();
    }

    // column dendrogram
    if (d.colDendro) {
      const cd = d.colDendro;
      const hy = (t: number) => L.colDendroB - t * (L.colDendroB - L.colDendroT);
      ctx.save();
      ctx.beginPath();
      ctx.rect(L.cellsL - 1, 0, L.cellsW + 2, L.colDendroB + 1);
      ctx.clip();
      this._drawDendrogram(ctx, cd, this._hs(cd), 'columns', colX, hy, v.c0, v.c0 + v.cn, null, null, cd.n - 2, Infinity);
      ctx.restore();
    }

    // sample-group bar
    const gc = groupColors(d.groups);
    ctx.save();
    ctx.beginPath();
    ctx.rect(L.cellsL, 0, L.cellsW, L.H);
    ctx.clip();
    for (let q = Math.floor(v.c0); q < Math.min(d.nCols, Math.ceil(v.c0 + v.cn)); q++) {
      ctx.fillStyle = gc.get(d.groups[d.colOrder[q]]) ?? NA_COLOR;
      const x0 = colX(q);
      const x1 = colX(q + 1);
      ctx.fillRect(x0, L.groupT, x1 - x0 - (x1 - x0 >= 8 ? 1 : 0), GROUP_BAR_H);
    }
    ctx.restore();

    // cluster column
    if (this.cut) {
      const cut = this.cut;
      const p0 = Math.max(0, Math.floor(v.r0));
      const p1 = Math.min(d.nRows, Math.ceil(v.r0 + v.rn));
      ctx.save();
      ctx.beginPath();
      ctx.rect(L.clusterL, L.cellsT, 11, L.cellsH);
      ctx.clip();
      let a = p0;
      for (let p = p0 + 1; p <= p1; p++) {
        const c = cut.clusters[d.rowOrder[a]];
        if (p === p1 || cut.clusters[d.rowOrder[p]] !== c) {
          ctx.fillStyle = clusterColor(c);
          ctx.fillRect(L.clusterL, rowY(a), 11, rowY(p) - rowY(a));
          a = p;
        }
      }
      ctx.restore();
    }

    // selected rows outlined on the cells
    const sel = this.selected;
    if (sel !== null && d.rowDendro && sel < d.rowDendro.n - 1) {
      const y0 = Math.max(L.cellsT, rowY(d.rowDendro.start[sel]));
      const y1 = Math.min(L.cellsT + L.cellsH, rowY(d.rowDendro.end[sel]));
      if (y1 > y0) {
        ctx.strokeStyle = '#111';
        ctx.lineWidth = 2;
        ctx.strokeRect(L.cellsL + 1, y0 + 1, L.cellsW - 2, Math.max(1, y1 - y0 - 2));
      }
    }
    const ms = performance.now() - t0;
    this.dataset.drawMs = ms.toFixed(1);
  }

  /**
   * The cells. A small image holds one pixel per visible column and per visible row — or, when
   * more rows than device pixels are in view, per device pixel row, showing the mean of the rows
   * it covers — and is scaled onto the cell area without smoothing (a GPU blit). White separators
   * are drawn when cells are at least 8 device pixels wide or tall. Work: O(visible rows × columns).
   */
  private _drawCells(ctx: CanvasRenderingContext2D, d: HeatmapData, L: Layout, sc: ColorScale, dpr: number) {
    const v = this._view;
    const nR = d.nRows;
    const q0 = Math.max(0, Math.floor(v.c0));
    const q1 = Math.min(d.nCols, Math.ceil(v.c0 + v.cn - 1e-9));
    const nq = q1 - q0;
    const Hd = Math.max(1, Math.round(L.cellsH * dpr));
    const colPx = L.cellsW / v.cn;
    const rowPx = L.cellsH / v.rn;
    const aggregate = v.rn > Hd;
    const p0 = aggregate ? 0 : Math.max(0, Math.floor(v.r0));
    const p1 = aggregate ? 0 : Math.min(nR, Math.ceil(v.r0 + v.rn - 1e-9));
    const h = aggregate ? Hd : p1 - p0;
    if (nq <= 0 || h <= 0) return;
    const img = new ImageData(nq, h);
    const px = new Uint32Array(img.data.buffer);
    // colours as little-endian RGBA words (ImageData is RGBA in memory)
    const lut = sc.lut;
    const word = new Uint32Array(lut.length / 3 + 1);
    for (let i = 0; i < lut.length / 3; i++) word[i] = (255 << 24 | lut[i * 3 + 2] << 16 | lut[i * 3 + 1] << 8 | lut[i * 3]) >>> 0;
    const naWord = word[word.length - 1] = (255 << 24 | NA_RGB[2] << 16 | NA_RGB[1] << 8 | NA_RGB[0]) >>> 0;
    const colOffset = new Int32Array(nq);
    for (let k = 0; k < nq; k++) colOffset[k] = d.colOrder[q0 + k] * nR;
    for (let y = 0; y < h; y++) {
      let lo: number;
      let hi: number;
      if (aggregate) {
        lo = Math.max(0, Math.floor(v.r0 + (y / Hd) * v.rn));
        hi = Math.min(nR, Math.max(lo + 1, Math.ceil(v.r0 + ((y + 1) / Hd) * v.rn)));
      } else {
        lo = p0 + y;
        hi = lo + 1;
      }
      for (let k = 0; k < nq; k++) {
        const col = colOffset[k];
        let sum = 0;
        let c = 0;
        for (let p = lo; p < hi; p++) { const val = d.display[col + d.rowOrder[p]]; if (!Number.isNaN(val)) { sum += val; c++; } }
        const i = colorIndex(sc, c ? sum / c : NaN);
        px[y * nq + k] = i < 0 ? naWord : word[i];
      }
    }
    const tmp = this._cellCanvas ??= document.createElement('canvas');
    if (tmp.width !== nq || tmp.height !== h) { tmp.width = nq; tmp.height = h; }
    tmp.getContext('2d')!.putImageData(img, 0, 0);
    ctx.save();
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.beginPath();
    ctx.rect(L.cellsL, L.cellsT, L.cellsW, L.cellsH);
    ctx.clip();
    ctx.imageSmoothingEnabled = false;
    const x0 = L.cellsL + (q0 - v.c0) * colPx;
    if (aggregate) ctx.drawImage(tmp, x0, L.cellsT, nq * colPx, L.cellsH);
    else ctx.drawImage(tmp, x0, L.cellsT + (p0 - v.r0) * rowPx, nq * colPx, h * rowPx);
    ctx.fillStyle = '#fff';
    const line = 1 / dpr;
    if (colPx * dpr >= 8) for (let q = q0 + 1; q < q1; q++) ctx.fillRect(L.cellsL + (q - v.c0) * colPx - line / 2, L.cellsT, line, L.cellsH);
    if (!aggregate && rowPx * dpr >= 8) for (let p = p0 + 1; p < p1; p++) ctx.fillRect(L.cellsL, L.cellsT + (p - v.r0) * rowPx - line / 2, L.cellsW, line);
    ctx.restore();
  }

  /**
   * Draws the steps `from`, `from` − 1, … of a dendrogram (root first) until `deadline`
   * (performance.now()) or `maxSteps` drawn; returns the next step to draw, −1 when done. Steps whose leaves are all
   * outside [lo, hi) are skipped, and so are steps whose three segments are all shorter than half
   * a pixel (invisible; the parent draws the branch leading to them). One path per colour (cluster
   * colours below the cut), the selected subtree thicker.
   */
  private _drawDendrogram(
    ctx: CanvasRenderingContext2D, dd: Dendrogram, hs: Float64Array, orientation: 'rows' | 'columns',
    leaf: (x: number) => number, height: (h: number) => number, lo: number, hi: number,
    stepCluster: Int32Array | null, selected: number | null, from: number, deadline: number, maxSteps = Infinity,
  ): number {
    const paths = new Map<string, Path2D>();
    const selPaths = new Map<string, Path2D>();
    const inSel = (s: number) => selected !== null && dd.start[s] >= dd.start[selected] && dd.end[s] <= dd.end[selected];
    let s = from;
    for (let count = 0, drawn = 0; s >= 0; s--, count++) {
      if (drawn >= maxSteps || ((count & 255) === 255 && performance.now() > deadline)) break;
      if (dd.end[s] <= lo || dd.start[s] >= hi) continue;
      const b = branches(dd, s, hs);
      const L1 = leaf(b.x1);
      const L2 = leaf(b.x2);
      const H = height(b.h);
      const H1 = height(b.h1);
      const H2 = height(b.h2);
      if (Math.abs(L2 - L1) < 0.5 && Math.abs(H - H1) < 0.5 && Math.abs(H - H2) < 0.5) continue;
      const color = stepCluster && stepCluster[s] ? clusterColor(stepCluster[s]) : '#3a3a3a';
      drawn++;
      const target = inSel(s) ? selPaths : paths;
      let p = target.get(color);
      if (!p) target.set(color, (p = new Path2D()));
      if (orientation === 'rows') {
        p.moveTo(H1, L1); p.lineTo(H, L1); p.lineTo(H, L2); p.lineTo(H2, L2);
      } else {
        p.moveTo(L1, H1); p.lineTo(L1, H); p.lineTo(L2, H); p.lineTo(L2, H2);
      }
    }
    ctx.lineJoin = 'miter';
    for (const [color, p] of paths) { ctx.strokeStyle = color; ctx.lineWidth = stepCluster ? 1.2 : 1; ctx.stroke(p); }
    for (const [color, p] of selPaths) { ctx.strokeStyle = color === '#3a3a3a' ? '#0b3d6e' : color; ctx.lineWidth = 2.2; ctx.stroke(p); }
    return s;
  }

  // ── pointer and keyboard ───────────────────────────────────────────────────────────────────

  private _local(e: PointerEvent | WheelEvent | MouseEvent) {
    const r = (e.currentTarget as HTMLElement).getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  }

  /** What is at a point (CSS px, canvas coordinates). */
  private _hit(x: number, y: number): Hover {
    const d = this.data;
    const L = this._layout();
    if (!d || !L) return null;
    const v = this._view;
    if (y < L.cellsT || y >= L.cellsT + L.cellsH) return null;
    const leafPos = v.r0 + ((y - L.cellsT) / L.cellsH) * v.rn;
    if (x >= L.cellsL && x < L.cellsL + L.cellsW) {
      const p = Math.min(d.nRows - 1, Math.max(0, Math.floor(leafPos)));
      const q = Math.min(d.nCols - 1, Math.max(0, Math.floor(v.c0 + ((x - L.cellsL) / L.cellsW) * v.cn)));
      return { kind: 'cell', p, q, x, y, perPixel: v.rn / (L.cellsH * Math.max(1, window.devicePixelRatio || 1)) };
    }
    const rd = d.rowDendro;
    if (rd && x >= 0 && x < L.cellsL) {
      const span = L.dendroR - L.dendroL;
      const step = stepAt(rd, leafPos, (L.dendroR - x) / span, 4 / span, this._hs(rd));
      return step === null ? null : { kind: 'node', step, x, y };
    }
    return null;
  }

  private _onPointerDown(e: PointerEvent) {
    if (e.button !== 0) return;
    const c = e.currentTarget as HTMLCanvasElement;
    c.setPointerCapture(e.pointerId);
    const { x, y } = this._local(e);
    this._drag = { x, y, v: this._view, moved: false, id: e.pointerId };
  }

  private _onPointerMove(e: PointerEvent) {
    const { x, y } = this._local(e);
    const dr = this._drag;
    const L = this._layout();
    if (dr && L && dr.id === e.pointerId) {
      if (!dr.moved && Math.hypot(x - dr.x, y - dr.y) > CLICK_SLOP) {
        dr.moved = true;
        (e.currentTarget as HTMLElement).classList.add('dragging');
      }
      if (dr.moved) {
        this._view = this._clampView({
          ...dr.v,
          r0: dr.v.r0 - ((y - dr.y) / L.cellsH) * dr.v.rn,
          c0: dr.v.c0 - ((x - dr.x) / L.cellsW) * dr.v.cn,
        });
        this._hover = null;
        return;
      }
    }
    const h = this._hit(x, y);
    (e.currentTarget as HTMLElement).classList.toggle('over-node', h?.kind === 'node');
    this._hover = h;
  }

  private _onPointerUp(e: PointerEvent) {
    const dr = this._drag;
    this._drag = null;
    (e.currentTarget as HTMLElement).classList.remove('dragging');
    if (!dr || dr.moved || dr.id !== e.pointerId) return;
    const { x, y } = this._local(e);
    const h = this._hit(x, y);
    if (h?.kind === 'node') this._select(h.step === this.selected ? null : h.step);
  }

  private _onLeave() {
    if (!this._drag) this._hover = null;
  }

  private _onWheel(e: WheelEvent) {
    const d = this.data;
    if (!d) return;
    const { x, y } = this._local(e);
    const axis = e.shiftKey ? 'columns' : 'rows';
    const factor = Math.pow(1.0018, -(e.deltaY || e.deltaX));
    const v = this._view;
    const atLimit = axis === 'rows' ? (factor < 1 && v.rn >= d.nRows) : (factor < 1 && v.cn >= d.nCols);
    if (atLimit) return; // fully zoomed out: let the page scroll
    e.preventDefault();
    this.zoom(factor, axis, axis === 'rows' ? y : x);
  }

  private _onKey(e: KeyboardEvent) {
    const v = this._view;
    const step = Math.max(1, v.rn * 0.1);
    const cstep = Math.max(1, v.cn * 0.1);
    switch (e.key) {
      case 'ArrowUp': this._pan(-step, 0); break;
      case 'ArrowDown': this._pan(step, 0); break;
      case 'PageUp': this._pan(-v.rn * 0.9, 0); break;
      case 'PageDown': this._pan(v.rn * 0.9, 0); break;
      case 'ArrowLeft': this._pan(0, -cstep); break;
      case 'ArrowRight': this._pan(0, cstep); break;
      case '+': case '=': this.zoom(1.5); break;
      case '-': case '_': this.zoom(1 / 1.5); break;
      case '0': case 'Home': this.resetZoom(); break;
      case 'Escape': this._select(null); break;
      default: return;
    }
    e.preventDefault();
  }

  private _select(step: number | null) {
    this.dispatchEvent(new CustomEvent('node-select', { detail: { step }, bubbles: true, composed: true }));
  }

  // ── DOM ────────────────────────────────────────────────────────────────────────────────────

  render() {
    const d = this.data;
    const L = this._layout();
    const loc = intlLocale();
    const v = this._view;
    const zoomed = d ? v.rn < d.nRows - 1e-9 || v.cn < d.nCols - 1e-9 : false;
    const gc = d ? groupColors(d.groups) : new Map<string, string>();
    return html`
      <div class="tools">
        <button data-testid="zoom-in" @click=${() => this.zoom(2)} ?disabled=${!d}>${msg('Zoom in', { id: 'clustering.zoomIn' })}</button>
        <button data-testid="zoom-out" @click=${() => this.zoom(0.5)} ?disabled=${!d || !zoomed}>${msg('Zoom out', { id: 'clustering.zoomOut' })}</button>
        <button data-testid="zoom-reset" @click=${() => this.resetZoom()} ?disabled=${!d || !zoomed}>${msg('Show all', { id: 'clustering.zoomReset' })}</button>
        ${this.selected !== null ? html`<button data-testid="zoom-selection" @click=${() => this.zoomToSelection()}>${msg('Zoom to the selection', { id: 'clustering.zoomSelection' })}</button>` : nothing}
        <span class="hint">${msg('Wheel: zoom the probes (Shift: the arrays) · drag: move · click a branch of the probe tree: select its probes', { id: 'clustering.hint.mouse' })}</span>
      </div>
      ${d ? html`<div class="legend" data-testid="group-legend"><span>${msg('Sample groups:', { id: 'clustering.groupsLegend' })}</span>
        ${[...gc].map(([g, c]) => html`<span><span class="sw" style="background:${c}"></span>${g === '' ? msg('no group', { id: 'clustering.noGroup' }) : html`<span data-user>${g}</span>`}</span>`)}
        ${d && L ? html`<span class="muted" data-testid="visible-rows">${msg(str`Showing probes ${count(Math.floor(v.r0) + 1, loc)}–${count(Math.min(d.nRows, Math.ceil(v.r0 + v.rn)), loc)} of ${count(d.nRows, loc)}`, { id: 'clustering.visibleRows' })}</span>` : nothing}
      </div>` : nothing}
      <div class="stage" style=${L ? `height:${L.H + 24}px` : ''}>
        <canvas tabindex="0" role="img" aria-label=${this.summary} data-testid="heatmap-canvas"
          style=${L ? `width:${L.W}px;height:${L.H}px` : ''}
          @pointerdown=${this._onPointerDown} @pointermove=${this._onPointerMove} @pointerup=${this._onPointerUp}
          @pointercancel=${this._onPointerUp} @pointerleave=${this._onLeave} @wheel=${this._onWheel} @keydown=${this._onKey}
          @dblclick=${() => this.resetZoom()}></canvas>
        ${d && L ? this._overlays(d, L) : nothing}
      </div>
      <div class="readout" data-testid="heatmap-readout" aria-live="polite">${d ? this._readout(d) : nothing}</div>`;
  }

  private _overlays(d: HeatmapData, L: Layout) {
    const v = this._view;
    const rowPx = L.cellsH / v.rn;
    const colPx = L.cellsW / v.cn;
    const rowY = (p: number) => L.cellsT + (p - v.r0) * rowPx;
    const labels = [];
    const sel = this.selected !== null && d.rowDendro ? { a: d.rowDendro.start[this.selected], b: d.rowDendro.end[this.selected] } : null;
    if (rowPx >= LABEL_MIN_ROW_PX) {
      const fs = Math.min(12.5, rowPx - 1.5);
      for (let p = Math.max(0, Math.floor(v.r0)); p < Math.min(d.nRows, Math.ceil(v.r0 + v.rn)); p++) {
        const top = rowY(p) - L.cellsT;
        labels.push(html`<div class="lbl ${sel && p >= sel.a && p < sel.b ? 'sel' : ''}" data-user data-testid="probe-label"
          style="top:${top}px;height:${rowPx}px;line-height:${rowPx}px;font-size:${fs}px">${d.probes[d.rowOrder[p]]}</div>`);
      }
    }
    const cols = [];
    if (colPx >= 14) {
      for (let q = Math.max(0, Math.floor(v.c0)); q < Math.min(d.nCols, Math.ceil(v.c0 + v.cn)); q++) {
        const name = d.arrays[d.colOrder[q]];
        cols.push(html`<div class="clbl" data-user data-testid="array-label" title=${name} style="left:${(q - v.c0) * colPx}px;width:${colPx}px">${name}</div>`);
      }
    }
    const h = this._hover;
    let hoverBox: unknown = nothing;
    let tip: unknown = nothing;
    if (h?.kind === 'cell') {
      const y0 = Math.max(L.cellsT, rowY(h.p));
      const y1 = Math.min(L.cellsT + L.cellsH, rowY(h.p + 1));
      const x0 = L.cellsL + (h.q - v.c0) * colPx;
      hoverBox = html`<div class="hoverbox" style="left:${x0 - 1}px;top:${y0 - 1}px;width:${colPx + 2}px;height:${Math.max(3, y1 - y0 + 2)}px"></div>`;
    } else if (h?.kind === 'node' && d.rowDendro) {
      const rd = d.rowDendro;
      const x = L.dendroR - this._hs(rd)[h.step] * (L.dendroR - L.dendroL);
      const y0 = Math.max(L.cellsT, rowY(rd.start[h.step]));
      const y1 = Math.min(L.cellsT + L.cellsH, rowY(rd.end[h.step]));
      hoverBox = html`<div class="nodebox" data-testid="node-hover" style="left:${x - 3}px;top:${y0}px;width:${L.cellsL + L.cellsW - x + 3}px;height:${Math.max(2, y1 - y0)}px"></div>`;
    }
    if (h) {
      const right = h.x > L.W * 0.6;
      tip = html`<div class="tip" style="${right ? `right:${Math.max(0, L.labelsL + 180 - h.x + 14)}px` : `left:${h.x + 14}px`};top:${Math.min(L.H - 40, h.y + 14)}px">${this._describe(d, h, true)}</div>`;
    }
    return html`
      <div class="labels" style="left:${L.labelsL}px;top:${L.cellsT}px;height:${L.cellsH}px;width:175px">${labels}</div>
      <div class="collabels" style="left:${L.cellsL}px;top:${L.cellsT + L.cellsH + 3}px;width:${L.cellsW}px">${cols}</div>
      ${hoverBox}${tip}`;
  }

  /** The read-out of what the pointer is over (also the tooltip). */
  private _describe(d: HeatmapData, h: NonNullable<Hover>, short = false) {
    const loc = intlLocale();
    if (h.kind === 'node') {
      const rd = d.rowDendro!;
      const n = rd.end[h.step] - rd.start[h.step];
      const meaning = heightMeaning(d.settings.distance, d.settings.linkage, rd.h[h.step], loc);
      return html`${msg(str`Branch of ${count(n, loc)} probes, joined at height ${fixed(rd.h[h.step], loc, 3)}.`, { id: 'clustering.readout.node' })}
        ${meaning ? html`<span class="muted">(${meaning})</span>` : nothing}
        ${short ? nothing : html` `}<b>${msg('Click to select them.', { id: 'clustering.readout.nodeClick' })}</b>`;
    }
    const r = d.rowOrder[h.p];
    const c = d.colOrder[h.q];
    const z = d.display[c * d.nRows + r];
    const lg = d.log2[c * d.nRows + r];
    const group = d.groups[c];
    const cl = this.cut ? this.cut.clusters[r] : 0;
    const many = h.perPixel > 1;
    return html`<span data-testid="readout-cell" data-row=${h.p} data-col=${h.q}>
      ${msg('Probe', { id: 'clustering.readout.probe' })} <b data-user data-testid="readout-probe">${d.probes[r]}</b> ·
      ${msg('Array', { id: 'clustering.readout.array' })} <b data-user data-testid="readout-array">${d.arrays[c]}</b>
      (${group === '' ? msg('no group', { id: 'clustering.noGroup' }) : html`<span data-user>${group}</span>`})${short ? html`<br>` : html` · `}
      ${d.zScored ? html`${msg('z-score', { id: 'clustering.readout.z' })} <b>${fixed(z, loc, 2)}</b> · ` : nothing}
      log2 <b data-testid="readout-value">${fixed(lg, loc, 2)}</b>
      ${cl ? html` · <span class="sw-cluster" style="background:${clusterColor(cl)}"></span> ${clusterName(cl)}` : nothing}
      ${many && !short ? html`<br><span class="muted">${msg(str`About ${count(Math.round(h.perPixel), loc)} probes share each screen pixel here: the colour is their mean. Zoom in to read single probes.`, { id: 'clustering.readout.perPixel' })}</span>` : nothing}
    </span>`;
  }

  private _readout(d: HeatmapData) {
    const h = this._hover;
    if (!h) return html`<span class="muted">${msg('Point at a cell to read its probe, array, group and value.', { id: 'clustering.readout.idle' })}</span>`;
    return this._describe(d, h);
  }
}

declare global { interface HTMLElementTagNameMap { 'mmdr-heatmap': HeatmapCanvas } }
