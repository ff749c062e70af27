import { html, css, unsafeCSS, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import uPlot from 'uplot';
import { UPlotHost } from '../uplot-host.ts';
import uplotCss from 'uplot/dist/uPlot.min.css?inline';
import { intlLocale } from '../../i18n/localization.ts';
import type { TimeUnit } from '../../study/endpoints.ts';
import { BAND_ALPHA, bandRuns, CORNER_BOX, gutterWidth, stepValue, type KmFigure } from './figure.ts';
import { fmtPct, fmtTime, unitAbbr } from './format.ts';

/** Height of the uPlot canvas (plot area + x axis), px. */
const PLOT_HEIGHT = 400;
/** Space of the y axis title inside the gutter, px. */
const Y_LABEL = 22;

const rgba = (hex: string, a: number) => {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${a})`;
};

/**
 * The Kaplan–Meier figure on screen: uPlot stepped curves with bands, censoring ticks and median
 * lines drawn in its hooks, the test's text over the plot area in the free corner, and the number
 * at risk under the time axis, placed at the axis ticks with uPlot's own x scale (so it stays
 * aligned at every width). Hovering reads S(t) of every curve at the pointer.
 */
@customElement('mmdr-km-plot')
@localized()
export class KmPlot extends UPlotHost {
  static styles = [unsafeCSS(uplotCss), css`
    :host { display: block; position: relative; font-family: inherit; }
    .legend { display: flex; flex-wrap: wrap; gap: .3rem 1.1rem; align-items: center; margin: 0 0 .4rem; font-size: .9rem; }
    .legend .title { font-weight: 600; }
    .legend .item { display: inline-flex; align-items: center; gap: .4rem; }
    .legend svg { flex: none; }
    .chart { position: relative; }
    .test { position: absolute; background: rgba(255,255,255,.88); padding: .2rem .45rem; border-radius: 4px; font-size: .85rem; line-height: 1.35; white-space: nowrap; pointer-events: none; }
    .test b { font-weight: 600; }
    .at-risk { position: relative; font-size: .82rem; margin-top: .2rem; }
    .at-risk .title { font-weight: 600; height: 1.4rem; line-height: 1.4rem; }
    .at-risk .row { position: relative; height: 1.25rem; line-height: 1.25rem; }
    .at-risk .lbl { position: absolute; left: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; font-weight: 600; }
    .at-risk .n { position: absolute; transform: translateX(-50%); font-variant-numeric: tabular-nums; }
    .readout { min-height: 1.3rem; font-size: .85rem; color: #3b4757; margin-top: .3rem; }
    .u-wrap canvas { display: block; }
  `];

  /** The figure to draw. */
  @property({ attribute: false }) figure: KmFigure | null = null;
  /** Time unit (for the hover read-out). */
  @property() unit: TimeUnit = 'months';
  /** Text alternative of the whole figure (what it shows and the test result). */
  @property() summary = '';

  @state() private _xPos: number[] = [];
  @state() private _box = { left: 0, top: 0, width: 0, height: 0 };
  @state() private _readout = '';

  render() {
    const f = this.figure;
    if (!f) return nothing;
    const gutter = gutterWidth(f);
    const box = CORNER_BOX[f.testCorner];
    const right = f.testCorner === 'tr' || f.testCorner === 'br';
    const bottom = f.testCorner === 'bl' || f.testCorner === 'br';
    const b = this._box;
    const tx = b.left + (right ? box.x1 : box.x0) * b.width;
    const ty = b.top + (1 - (bottom ? box.y0 : box.y1)) * b.height;
    return html`
      <div class="legend" data-testid="km-legend">
        ${f.legendTitle ? html`<span class="title">${f.legendTitle}:</span>` : nothing}
        ${f.curves.map((c) => html`<span class="item" data-group=${c.key}>
          <svg width="26" height="10" aria-hidden="true"><line x1="1" y1="5" x2="25" y2="5" stroke=${c.color} stroke-width="3" stroke-dasharray=${c.dash ? c.dash.join(' ') : 'none'}></line></svg>
          <span>${c.legend}</span></span>`)}
      </div>
      <div class="chart" role="img" aria-label=${this.summary}>
        <div class="plot"></div>
        ${f.testLines.length && b.width > 0 ? html`<div class="test" data-testid="km-test-text"
          style="left:${tx}px;top:${ty}px;transform:translate(${right ? '-100%' : '0'},${bottom ? '-100%' : '0'})">
          ${f.testLines.map((l, i) => (i === 0 ? html`<b>${l}</b><br>` : html`${l}<br>`))}</div>` : nothing}
      </div>
      <div class="at-risk" role="table" aria-label=${f.atRiskTitle} data-testid="km-at-risk">
        <div class="title" role="row"><span role="columnheader">${f.atRiskTitle}</span></div>
        ${f.curves.map((c) => html`<div class="row" role="row" data-group=${c.key}>
          <span class="lbl" role="rowheader" style="color:${c.color};width:${gutter - 22}px" title=${c.label}>${c.label}</span>
          ${c.atRisk.map((n, k) => html`<span class="n" role="cell" style="left:${this._xPos[k] ?? 0}px;color:${c.color}"
            aria-label=${`${fmtTime(f.xTicks[k], this.unit, intlLocale())}: ${n}`}>${n}</span>`)}
        </div>`)}
      </div>
      <div class="readout" data-testid="km-readout">${this._readout || msg('Point at the curves to read survival at a time.', { id: 'survival.readoutHint' })}</div>`;
  }

  protected updated(changed: PropertyValues): void {
    if (changed.has('figure')) this._build();
  }

  /** (Re)creates the uPlot instance for the current figure. */
  private _build() {
    this._u?.destroy();
    this._u = null;
    const f = this.figure;
    const target = this.renderRoot.querySelector('.plot') as HTMLElement | null;
    if (!f || !target) return;
    const loc = intlLocale();
    const xs = [...new Set(f.curves.flatMap((c) => c.time))].sort((a, b) => a - b);
    const data: uPlot.AlignedData = [xs, ...f.curves.map((c) => xs.map((x) => stepValue(c.time, c.surv, x)))];
    const gutter = gutterWidth(f);
    const num = new Intl.NumberFormat(loc, { maximumFractionDigits: 2 });
    const yNum = new Intl.NumberFormat(loc, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    const opts: uPlot.Options = {
      width: this._width(),
      height: PLOT_HEIGHT,
      padding: [14, 28, 0, 0],
      legend: { show: false },
      cursor: { drag: { x: false, y: false, setScale: false }, points: { show: false }, y: false },
      scales: { x: { time: false, range: [0, f.xMax] }, y: { range: [0, 1] } },
      axes: [
        {
          splits: () => f.xTicks, values: (_u, v) => v.map((x) => num.format(x)), label: f.xLabel, labelSize: 24,
          labelFont: 'bold 13px system-ui, sans-serif', font: '12px system-ui, sans-serif', size: 34, grid: { show: false }, ticks: { size: 5 },
        },
        {
          splits: () => f.yTicks, values: (_u, v) => v.map((y) => yNum.format(y)), label: f.yLabel, labelSize: Y_LABEL,
          labelFont: 'bold 13px system-ui, sans-serif', font: '12px system-ui, sans-serif', size: gutter - Y_LABEL, gap: 6,
          grid: { stroke: '#e6e9ee', width: 1 }, ticks: { size: 4 },
        },
      ],
      series: [
        {},
        ...f.curves.map((c): uPlot.Series => ({
          label: c.label, stroke: c.color, width: 2, dash: c.dash ?? undefined, points: { show: false },
          paths: uPlot.paths.stepped!({ align: 1 }),
        })),
      ],
      hooks: {
        drawAxes: [(u) => this._drawBands(u)],
        draw: [(u) => this._drawMarks(u)],
        ready: [(u) => this._layout(u)],
        setSize: [(u) => this._layout(u)],
        setCursor: [(u) => this._read(u)],
      },
    };
    this._u = new uPlot(opts, data, target);
  }

  /** Positions of the at-risk numbers and the test text, from uPlot's own scale. */
  private _layout(u: uPlot) {
    const f = this.figure;
    if (!f) return;
    const pr = uPlot.pxRatio;
    this._box = { left: u.bbox.left / pr, top: u.bbox.top / pr, width: u.bbox.width / pr, height: u.bbox.height / pr };
    this._xPos = f.xTicks.map((t) => u.bbox.left / pr + u.valToPos(t, 'x'));
  }

  /** Bands under the curves (drawn before the series). */
  private _drawBands(u: uPlot) {
    const f = this.figure;
    if (!f?.showBands) return;
    const { ctx } = u;
    ctx.save();
    ctx.beginPath();
    ctx.rect(u.bbox.left, u.bbox.top, u.bbox.width, u.bbox.height);
    ctx.clip();
    const X = (t: number) => u.valToPos(t, 'x', true);
    const Y = (s: number) => u.valToPos(s, 'y', true);
    for (const c of f.curves) {
      ctx.fillStyle = rgba(c.color, BAND_ALPHA);
      for (const [a, b] of bandRuns(c)) {
        const xEnd = b + 1 < c.time.length ? c.time[b + 1] : c.time[b];
        ctx.beginPath();
        ctx.moveTo(X(c.time[a]), Y(c.upper[a]!));
        for (let i = a + 1; i <= b; i++) { ctx.lineTo(X(c.time[i]), Y(c.upper[i - 1]!)); ctx.lineTo(X(c.time[i]), Y(c.upper[i]!)); }
        ctx.lineTo(X(xEnd), Y(c.upper[b]!));
        ctx.lineTo(X(xEnd), Y(c.lower[b]!));
        for (let i = b; i > a; i--) { ctx.lineTo(X(c.time[i]), Y(c.lower[i]!)); ctx.lineTo(X(c.time[i]), Y(c.lower[i - 1]!)); }
        ctx.lineTo(X(c.time[a]), Y(c.lower[a]!));
        ctx.closePath();
        ctx.fill();
      }
    }
    ctx.restore();
  }

  /** Censoring ticks and dashed median lines (over the curves). */
  private _drawMarks(u: uPlot) {
    const f = this.figure;
    if (!f) return;
    const { ctx } = u;
    const pr = uPlot.pxRatio;
    const X = (t: number) => u.valToPos(t, 'x', true);
    const Y = (s: number) => u.valToPos(s, 'y', true);
    ctx.save();
    if (f.showMedians) {
      const reached = f.curves.filter((c) => c.median !== null && c.median <= f.xMax);
      if (reached.length) {
        ctx.lineWidth = pr;
        ctx.setLineDash([4 * pr, 3 * pr]);
        ctx.strokeStyle = '#777';
        ctx.beginPath();
        ctx.moveTo(X(0), Y(0.5));
        ctx.lineTo(X(Math.max(...reached.map((c) => c.median!))), Y(0.5));
        ctx.stroke();
        for (const c of reached) {
          ctx.strokeStyle = c.color;
          ctx.beginPath();
          ctx.moveTo(X(c.median!), Y(0.5));
          ctx.lineTo(X(c.median!), Y(0));
          ctx.stroke();
        }
      }
    }
    if (f.showCensor) {
      ctx.setLineDash([]);
      ctx.lineWidth = 1.5 * pr;
      for (const c of f.curves) {
        ctx.strokeStyle = c.color;
        ctx.beginPath();
        for (const { t, s } of c.censor) { ctx.moveTo(X(t), Y(s) - 4 * pr); ctx.lineTo(X(t), Y(s) + 4 * pr); }
        ctx.stroke();
      }
    }
    ctx.restore();
  }

  /** Hover read-out: S(t) of each curve at the pointer's time. */
  private _read(u: uPlot) {
    const f = this.figure;
    const left = u.cursor.left;
    if (!f || left === undefined || left < 0) { this._readout = ''; return; }
    const t = u.posToVal(left, 'x');
    if (!(t >= 0)) { this._readout = ''; return; }
    const loc = intlLocale();
    const vals = f.curves.map((c) => {
      const s = stepValue(c.time, c.surv, t);
      return `${c.label} ${s === null ? '–' : fmtPct(s, loc)}`;
    }).join(' · ');
    this._readout = msg(str`At ${fmtTime(t, this.unit, loc)} ${unitAbbr(this.unit)}: ${vals}`, { id: 'survival.readout' });
  }
}

declare global { interface HTMLElementTagNameMap { 'mmdr-km-plot': KmPlot } }
