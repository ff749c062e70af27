import { html, css, svg, unsafeCSS, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import uPlot from 'uplot';
import { UPlotHost } from '../uplot-host.ts';
import uplotCss from 'uplot/dist/uPlot.min.css?inline';
import { intlLocale } from '../../i18n/localization.ts';
import { labelAngle, placeLabels, type PlotFigure } from './figure.ts';
import { fixed } from './format.ts';

/** Pointer distance (CSS px) within which a point counts as hovered. */
const HIT_RADIUS = 9;

/** What the pointer is on. */
type Hover = { kind: 'point'; i: number; also: number[]; left: number; top: number } | { kind: 'box'; b: number; left: number; top: number } | null;

/** Points this close (CSS px) to the hovered one are listed with it: they overlap on screen. */
const SAME_SPOT = 2;

/**
 * One Expression figure on screen ({@link PlotFigure}: volcano, fold-change, MA, boxplots,
 * densities), drawn with uPlot: uPlot gives the axes, scales, sizing and the pointer; the points,
 * boxes, curves, reference lines and labels are drawn in its draw hook from the same description
 * the SVG export uses. Hovering a point names its probe; clicking it fires `point-select`
 * (detail {index}). `selected` rings one probe. The keyboard-accessible alternative of every point
 * is the table next to the figure.
 */
@customElement('mmdr-expression-plot')
@localized()
export class ExpressionPlot extends UPlotHost {
  static styles = [unsafeCSS(uplotCss), css`
    :host { display: block; position: relative; }
    .legend { display: flex; flex-wrap: wrap; gap: .2rem 1rem; align-items: center; margin: 0 0 .3rem; font-size: .85rem; }
    .legend .item { display: inline-flex; align-items: center; gap: .35rem; }
    .chart { position: relative; }
    .tip { position: absolute; pointer-events: none; background: rgba(255,255,255,.95); border: 1px solid #c6ceda; border-radius: 5px;
      padding: .25rem .45rem; font-size: .82rem; line-height: 1.35; white-space: nowrap; box-shadow: 0 2px 6px rgba(0,0,0,.12); z-index: 2; }
    .tip .name { font-weight: 600; }
    .hint { font-size: .78rem; color: #5b6778; min-height: 1.1rem; margin-top: .15rem; }
    .u-over { cursor: crosshair; }
    :host([clickable]) .u-over.on-point { cursor: pointer; }
  `];

  /** The figure to draw. */
  @property({ attribute: false }) figure: PlotFigure | null = null;
  /** Height of the canvas (plot and axes) in CSS px. */
  @property({ type: Number }) height = 380;
  /** Probe index to ring (−1 = none). */
  @property({ type: Number }) selected = -1;
  /** Points can be clicked (fires point-select). */
  @property({ type: Boolean, reflect: true }) clickable = false;
  /** Hint under the plot (what hovering and clicking do). */
  @property() hint = '';

  @state() private _hover: Hover = null;
  protected minWidth = 300;
  /** Point positions in CSS px relative to the plot area (NaN = not drawn), from the last draw. */
  private _px = new Float32Array(0);
  private _py = new Float32Array(0);

  render() {
    const f = this.figure;
    if (!f) return nothing;
    return html`
      <div class="legend">${f.legend.map((l) => html`<span class="item">
        <svg width="18" height="12" aria-hidden="true">${l.kind === 'point'
          ? svgCircle(l.color) : l.kind === 'line' ? svgLine(l.color) : svgBox(l.color)}</svg>
        ${l.user ? html`<span data-user>${l.label}</span>` : html`<span>${l.label}</span>`}</span>`)}</div>
      <div class="chart" role="img" aria-label=${f.summary}>
        <div class="plot"></div>
        ${this._tip()}
      </div>
      ${this.hint ? html`<div class="hint">${this.hint}</div>` : nothing}`;
  }

  private _tip() {
    const h = this._hover;
    const f = this.figure;
    const u = this._u;
    if (!h || !f || !u) return nothing;
    const loc = intlLocale();
    const pr = uPlot.pxRatio;
    const left = u.bbox.left / pr + h.left;
    const top = u.bbox.top / pr + h.top;
    const flip = h.left > u.bbox.width / pr - 200;
    const style = `left:${left + (flip ? -12 : 12)}px;top:${top + 10}px;${flip ? 'transform:translateX(-100%)' : ''}`;
    if (h.kind === 'point' && f.points) {
      const p = f.points;
      return html`<div class="tip" data-testid="plot-tooltip" style=${style}>
        <div class="name" data-user data-testid="plot-tooltip-name">${p.names[h.i]}</div>
        ${h.also.length ? html`<div>${msg('also here:', { id: 'expression.plot.alsoHere' })} <span data-user>${h.also.map((k) => p.names[k]).join(', ')}</span></div>` : nothing}
        <div>${f.xLabel}: ${fixed(p.x[h.i], loc, 2)}</div>
        <div>${f.yLabel}: ${fixed(p.y[h.i], loc, 2)}</div></div>`;
    }
    if (h.kind === 'box') {
      const b = f.boxes[h.b];
      return html`<div class="tip" data-testid="plot-tooltip" style=${style}>
        <div class="name" data-user>${b.label}</div>
        <div>${msg(str`median ${fixed(b.median, loc, 2)} · quartiles ${fixed(b.q1, loc, 2)}–${fixed(b.q3, loc, 2)}`, { id: 'expression.plot.boxTip' })}</div>
        <div>${msg(str`range ${fixed(b.lo, loc, 2)}–${fixed(b.hi, loc, 2)} · ${fixed(b.n, loc, 0)} values`, { id: 'expression.plot.boxTipRange' })}</div></div>`;
    }
    return nothing;
  }

  protected updated(changed: PropertyValues): void {
    if (changed.has('figure') || changed.has('height')) this._build();
    else if (changed.has('selected')) this._u?.redraw(false, false);
  }

  /** (Re)creates the uPlot instance for the current figure. */
  private _build() {
    this._u?.destroy();
    this._u = null;
    this._hover = null;
    const f = this.figure;
    const target = this.renderRoot.querySelector('.plot') as HTMLElement | null;
    if (!f || !target) return;
    const loc = intlLocale();
    const num = new Intl.NumberFormat(loc, { maximumFractionDigits: 3 });
    const angle = f.xTickLabels ? labelAngle(f.xTickLabels) : 0;
    const longest = f.xTickLabels ? Math.max(...f.xTickLabels.map((t) => t.length)) : 0;
    const axisSize = angle === 0 ? 30 : Math.min(140, 16 + longest * 6.2 * (angle === -90 ? 1 : 0.72));
    const axisFont = '12px system-ui, sans-serif';
    const labelFont = 'bold 13px system-ui, sans-serif';
    const opts: uPlot.Options = {
      width: this._width(),
      height: this.height + (angle ? axisSize - 30 : 0),
      padding: [12, 16, 0, 0],
      legend: { show: false },
      cursor: { drag: { x: false, y: false, setScale: false }, points: { show: false } },
      scales: { x: { time: false, range: f.xRange }, y: { range: f.yRange } },
      axes: [
        {
          splits: () => f.xTicks,
          values: (_u, v) => v.map((x, k) => (f.xTickLabels ? f.xTickLabels[k] ?? '' : num.format(x))),
          label: f.xLabel, labelSize: 22, labelFont, font: axisFont, grid: { show: false }, ticks: { size: 5 },
          ...(angle ? { rotate: angle, size: axisSize } : { size: 30 }),
        },
        {
          splits: () => f.yTicks, values: (_u, v) => v.map((y) => num.format(y)),
          label: f.yLabel, labelSize: 22, labelFont, font: axisFont, size: 52, gap: 5, grid: { stroke: '#e6e9ee', width: 1 }, ticks: { size: 4 },
        },
      ],
      series: [{}, { paths: () => null, points: { show: false } }],
      hooks: {
        draw: [(u) => this._draw(u)],
        setCursor: [(u) => this._pointer(u)],
        ready: [(u) => {
          u.over.addEventListener('click', () => this._click());
          u.over.addEventListener('mouseleave', () => { this._hover = null; });
        }],
      },
    };
    const data: uPlot.AlignedData = [[f.xRange[0], f.xRange[1]], [f.yRange[0], f.yRange[1]]];
    this._u = new uPlot(opts, data, target);
  }

  /** Draws the figure's marks inside the plot area. */
  private _draw(u: uPlot) {
    const f = this.figure;
    if (!f) return;
    const { ctx } = u;
    const pr = uPlot.pxRatio;
    const X = (v: number) => u.valToPos(v, 'x', true);
    const Y = (v: number) => u.valToPos(v, 'y', true);
    ctx.save();
    ctx.beginPath();
    ctx.rect(u.bbox.left, u.bbox.top, u.bbox.width, u.bbox.height);
    ctx.clip();
    // reference lines
    for (const r of f.rules) {
      ctx.strokeStyle = r.color;
      ctx.lineWidth = pr;
      ctx.setLineDash((r.dash ?? []).map((d) => d * pr));
      ctx.beginPath();
      if (r.axis === 'x') { ctx.moveTo(X(r.value), u.bbox.top); ctx.lineTo(X(r.value), u.bbox.top + u.bbox.height); }
      else { ctx.moveTo(u.bbox.left, Y(r.value)); ctx.lineTo(u.bbox.left + u.bbox.width, Y(r.value)); }
      ctx.stroke();
      if (r.label) {
        ctx.setLineDash([]);
        ctx.fillStyle = '#444';
        ctx.font = `${11 * pr}px system-ui, sans-serif`;
        ctx.textAlign = r.axis === 'y' ? 'right' : 'left';
        ctx.fillText(r.label, r.axis === 'y' ? u.bbox.left + u.bbox.width - 4 * pr : X(r.value) + 4 * pr, r.axis === 'y' ? Y(r.value) - 4 * pr : u.bbox.top + 12 * pr);
      }
    }
    ctx.setLineDash([]);
    // boxes
    const half = Math.min(18, (u.bbox.width / pr / Math.max(1, f.boxes.length)) * 0.3) * pr;
    for (const b of f.boxes) {
      const cx = X(b.x);
      ctx.strokeStyle = '#333';
      ctx.lineWidth = pr;
      ctx.beginPath();
      ctx.moveTo(cx, Y(b.hi)); ctx.lineTo(cx, Y(b.q3));
      ctx.moveTo(cx, Y(b.q1)); ctx.lineTo(cx, Y(b.lo));
      ctx.moveTo(cx - half / 2, Y(b.hi)); ctx.lineTo(cx + half / 2, Y(b.hi));
      ctx.moveTo(cx - half / 2, Y(b.lo)); ctx.lineTo(cx + half / 2, Y(b.lo));
      ctx.stroke();
      ctx.fillStyle = hexAlpha(b.color, 0.35);
      ctx.fillRect(cx - half, Y(b.q3), 2 * half, Math.max(pr / 2, Y(b.q1) - Y(b.q3)));
      ctx.strokeStyle = b.color;
      ctx.lineWidth = 1.5 * pr;
      ctx.strokeRect(cx - half, Y(b.q3), 2 * half, Math.max(pr / 2, Y(b.q1) - Y(b.q3)));
      ctx.strokeStyle = '#111';
      ctx.lineWidth = 2 * pr;
      ctx.beginPath();
      ctx.moveTo(cx - half, Y(b.median)); ctx.lineTo(cx + half, Y(b.median));
      ctx.stroke();
    }
    // curves
    for (const l of f.lines) {
      ctx.strokeStyle = l.color;
      ctx.lineWidth = l.width * pr;
      ctx.setLineDash((l.dash ?? []).map((d) => d * pr));
      ctx.beginPath();
      let started = false;
      for (let i = 0; i < l.x.length; i++) {
        if (!Number.isFinite(l.x[i]) || !Number.isFinite(l.y[i])) continue;
        if (started) ctx.lineTo(X(l.x[i]), Y(l.y[i])); else { ctx.moveTo(X(l.x[i]), Y(l.y[i])); started = true; }
      }
      ctx.stroke();
    }
    ctx.setLineDash([]);
    // points, class 0 underneath; positions kept for hovering
    const p = f.points;
    if (p) {
      const n = p.x.length;
      if (this._px.length !== n) { this._px = new Float32Array(n); this._py = new Float32Array(n); }
      const rad = p.radius * pr;
      for (let k = 0; k < p.palette.length; k++) {
        ctx.fillStyle = hexAlpha(p.palette[k], k === 0 ? 0.6 : 0.85);
        ctx.beginPath();
        for (let i = 0; i < n; i++) {
          if (p.cls[i] !== k) continue;
          if (!Number.isFinite(p.x[i]) || !Number.isFinite(p.y[i])) { this._px[i] = NaN; continue; }
          const x = X(p.x[i]);
          const y = Y(p.y[i]);
          this._px[i] = (x - u.bbox.left) / pr;
          this._py[i] = (y - u.bbox.top) / pr;
          ctx.moveTo(x + rad, y);
          ctx.arc(x, y, rad, 0, 2 * Math.PI);
        }
        ctx.fill();
      }
      ctx.font = `${10.5 * pr}px system-ui, sans-serif`;
      ctx.fillStyle = '#222';
      const area = { left: u.bbox.left, right: u.bbox.left + u.bbox.width, top: u.bbox.top, bottom: u.bbox.top + u.bbox.height };
      for (const lab of placeLabels(f.labels, X, Y, area, 10.5 * pr, (t) => ctx.measureText(t).width)) {
        ctx.textAlign = lab.anchor === 'start' ? 'left' : 'right';
        ctx.fillText(lab.text, lab.x, lab.y);
      }
      const s = this.selected;
      if (s >= 0 && s < n && Number.isFinite(p.x[s]) && Number.isFinite(p.y[s])) {
        const x = X(p.x[s]);
        const y = Y(p.y[s]);
        ctx.strokeStyle = '#111';
        ctx.lineWidth = 2 * pr;
        ctx.beginPath();
        ctx.arc(x, y, rad + 4 * pr, 0, 2 * Math.PI);
        ctx.stroke();
        ctx.font = `bold ${12 * pr}px system-ui, sans-serif`;
        const toLeft = x > u.bbox.left + u.bbox.width * 0.75;
        ctx.textAlign = toLeft ? 'right' : 'left';
        ctx.fillStyle = 'rgba(255,255,255,.85)';
        const w = ctx.measureText(p.names[s]).width;
        const tx = x + (toLeft ? -9 : 9) * pr;
        ctx.fillRect(toLeft ? tx - w - 2 * pr : tx - 2 * pr, y - 20 * pr, w + 4 * pr, 15 * pr);
        ctx.fillStyle = '#111';
        ctx.fillText(p.names[s], tx, y - 8 * pr);
      }
    }
    ctx.restore();
  }

  /** Finds what the pointer is on: the nearest point within reach, or a box. */
  private _pointer(u: uPlot) {
    const f = this.figure;
    const left = u.cursor.left;
    const top = u.cursor.top;
    if (!f || left === undefined || top === undefined || left < 0 || top < 0) { this._setHover(null); return; }
    if (f.points) {
      let best = -1;
      let bestD = HIT_RADIUS * HIT_RADIUS;
      const px = this._px;
      const py = this._py;
      for (let i = 0; i < px.length; i++) {
        const dx = px[i] - left;
        if (!(dx * dx < bestD)) continue;
        const dy = py[i] - top;
        const d = dx * dx + dy * dy;
        // prefer coloured (classified) points over background ones at equal distance
        if (d < bestD || (d === bestD && f.points.cls[i] > 0)) { bestD = d; best = i; }
      }
      const also: number[] = [];
      if (best >= 0) {
        for (let i = 0; i < px.length && also.length < 5; i++) {
          if (i !== best && Math.abs(px[i] - px[best]) <= SAME_SPOT && Math.abs(py[i] - py[best]) <= SAME_SPOT) also.push(i);
        }
      }
      this._setHover(best >= 0 ? { kind: 'point', i: best, also, left: px[best], top: py[best] } : null);
      return;
    }
    if (f.boxes.length) {
      const x = u.posToVal(left, 'x');
      const b = f.boxes.findIndex((bx) => Math.abs(bx.x - x) < 0.4);
      this._setHover(b >= 0 ? { kind: 'box', b, left, top } : null);
      return;
    }
    this._setHover(null);
  }

  private _setHover(h: Hover) {
    const cur = this._hover;
    if (h === null && cur === null) return;
    if (h && cur && h.kind === cur.kind && (h.kind === 'point' ? h.i === (cur as { i: number }).i : h.b === (cur as { b: number }).b && Math.abs(h.top - cur.top) < 4)) return;
    this._hover = h;
    this._u?.over.classList.toggle('on-point', h?.kind === 'point');
  }

  private _click() {
    const h = this._hover;
    if (!this.clickable || !h || h.kind !== 'point') return;
    this.dispatchEvent(new CustomEvent('point-select', { detail: { index: h.i }, bubbles: true, composed: true }));
  }
}

const hexAlpha = (hex: string, a: number) => {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${a})`;
};

const svgCircle = (c: string) => svg`<circle cx="9" cy="6" r="4.5" fill=${c}></circle>`;
const svgLine = (c: string) => svg`<line x1="1" y1="6" x2="17" y2="6" stroke=${c} stroke-width="2.5"></line>`;
const svgBox = (c: string) => svg`<rect x="2" y="1" width="14" height="10" fill=${hexAlpha(c, 0.35)} stroke=${c}></rect>`;

declare global { interface HTMLElementTagNameMap { 'mmdr-expression-plot': ExpressionPlot } }
