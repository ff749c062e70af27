import { html, css, unsafeCSS, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import uPlot from 'uplot';
import { UPlotHost } from '../uplot-host.ts';
import uplotCss from 'uplot/dist/uPlot.min.css?inline';
import { intlLocale } from '../../i18n/localization.ts';
import { yTickLabel, type SizeFigure } from './figures.ts';
import { fixed, sci } from './format.ts';

/** Height of the uPlot canvas (plot area + x axis), px. */
const PLOT_HEIGHT = 380;

/**
 * The NTA size distributions on screen: uPlot lines, one per sample (coloured by group), the
 * group legend above, a dashed guide at 100 nm, and a read-out of every sample's concentration at
 * the size under the pointer. The same {@link SizeFigure} is exported as SVG (figures.ts).
 */
@customElement('mmdr-nta-plot')
@localized()
export class NtaPlot extends UPlotHost {
  static styles = [unsafeCSS(uplotCss), css`
    :host { display: block; position: relative; font-family: inherit; }
    .legend { display: flex; flex-wrap: wrap; gap: .3rem 1.1rem; align-items: center; margin: 0 0 .4rem; font-size: .9rem; }
    .legend .item { display: inline-flex; align-items: center; gap: .4rem; }
    .readout { min-height: 2.6rem; font-size: .85rem; color: #3b4757; margin-top: .3rem; line-height: 1.3; }
    .readout b { font-weight: 600; }
    .u-wrap canvas { display: block; }
  `];

  /** The figure to draw. */
  @property({ attribute: false }) figure: SizeFigure | null = null;
  /** Text alternative of the figure. */
  @property() summary = '';

  @state() private _readout = '';

  render() {
    const f = this.figure;
    if (!f) return nothing;
    return html`
      <div class="legend" data-testid="nta-legend">
        ${f.legend.map((l) => html`<span class="item" data-user><svg width="26" height="10" aria-hidden="true"><line x1="1" y1="5" x2="25" y2="5" stroke=${l.color} stroke-width="3"></line></svg>${l.label}</span>`)}
      </div>
      <div class="chart" role="img" aria-label=${this.summary}><div class="plot"></div></div>
      <div class="readout" data-testid="nta-readout">${this._readout || msg('Point at the curves to read each sample’s concentration at a size.', { id: 'exosome.readoutHint' })}</div>`;
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
    if (!f || !target || f.curves.length === 0) return;
    const loc = intlLocale();
    const log = f.scale === 'log';
    const unit = log ? 1 : 10 ** f.yExp;
    // one x grid for all curves (NanoSight's are identical; others are merged, gaps left open)
    const same = f.curves.every((c) => c.x.length === f.curves[0].x.length && c.x.every((v, i) => v === f.curves[0].x[i]));
    const xs = same ? f.curves[0].x : [...new Set(f.curves.flatMap((c) => c.x))].sort((a, b) => a - b);
    const col = (c: SizeFigure['curves'][number]) => {
      const at = same ? null : new Map(c.x.map((x, i) => [x, c.y[i]]));
      return xs.map((x, i) => {
        const v = same ? c.y[i] : at!.get(x);
        if (v === undefined) return null;
        return log ? (v > 0 ? v : null) : v / unit;
      });
    };
    const data = [xs, ...f.curves.map(col)] as uPlot.AlignedData;
    const num = new Intl.NumberFormat(loc, { maximumFractionDigits: 2 });
    const opts: uPlot.Options = {
      width: this._width(),
      height: PLOT_HEIGHT,
      padding: [12, 24, 0, 0],
      legend: { show: false },
      cursor: { drag: { x: false, y: false, setScale: false }, points: { show: false }, y: false },
      scales: {
        x: { time: false, range: [0, f.xMax] },
        y: log ? { distr: 3, log: 10, range: [f.yMin, f.yMax] } : { range: [0, f.yMax / unit] },
      },
      axes: [
        {
          splits: () => f.xTicks, values: (_u, v) => v.map((x) => num.format(x)), label: f.xLabel, labelSize: 24,
          labelFont: 'bold 13px system-ui, sans-serif', font: '12px system-ui, sans-serif', size: 34, grid: { show: false }, ticks: { size: 5 },
        },
        {
          splits: () => f.yTicks, values: (_u, v) => v.map((y) => yTickLabel(f, y, (x) => num.format(x))), label: f.yLabel, labelSize: 22,
          labelFont: 'bold 13px system-ui, sans-serif', font: '12px system-ui, sans-serif', size: 56, gap: 6,
          grid: { stroke: '#e6e9ee', width: 1 }, ticks: { size: 4 },
        },
      ],
      series: [
        {},
        ...f.curves.map((c): uPlot.Series => ({
          label: c.label, stroke: c.color, width: c.width, dash: c.dash ?? undefined, points: { show: false }, spanGaps: !same,
        })),
      ],
      hooks: {
        draw: [(u) => this._drawGuide(u)],
        setCursor: [(u) => this._read(u)],
      },
    };
    this._u = new uPlot(opts, data, target);
  }

  /** The dashed guide at 100 nm. */
  private _drawGuide(u: uPlot) {
    const f = this.figure;
    if (!f?.guideLabel || f.xMax <= 100) return;
    const pr = uPlot.pxRatio;
    const x = u.valToPos(100, 'x', true);
    const { ctx } = u;
    ctx.save();
    ctx.strokeStyle = '#5b6778';
    ctx.lineWidth = pr;
    ctx.setLineDash([5 * pr, 4 * pr]);
    ctx.beginPath();
    ctx.moveTo(x, u.bbox.top);
    ctx.lineTo(x, u.bbox.top + u.bbox.height);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = '#5b6778';
    ctx.font = `${11 * pr}px system-ui, sans-serif`;
    ctx.fillText(f.guideLabel, x + 4 * pr, u.bbox.top + 12 * pr);
    ctx.restore();
  }

  /** Hover read-out: each sample's concentration in the bin under the pointer. */
  private _read(u: uPlot) {
    const f = this.figure;
    const idx = u.cursor.idx;
    if (!f || idx == null || idx < 0) { this._readout = ''; return; }
    const loc = intlLocale();
    const x = (u.data[0] as number[])[idx];
    const vals = f.curves.map((c) => {
      const i = c.x.indexOf(x);
      return `${c.label} ${i < 0 ? '–' : sci(c.y[i], loc)}`;
    }).join(' · ');
    this._readout = msg(str`At ${fixed(x, loc, 1)} nm (particles/ml): ${vals}`, { id: 'exosome.readout' });
  }
}

declare global { interface HTMLElementTagNameMap { 'mmdr-nta-plot': NtaPlot } }
