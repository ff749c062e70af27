/**
 * The Kaplan–Meier figure as a standalone SVG (vector export; the PNG export is this SVG
 * rasterised): legend, bands, step curves (one path per group), censoring ticks, dashed median
 * lines, the test's name and statistic inside the plot, and the number-at-risk table under the
 * time axis on the same x scale. Same layout rules as the screen (km-plot.ts): same ticks, same
 * gutter, same text corner. Pure: string in, string out.
 */
import { el, esc, svgDocument } from '../../export/svg.ts';
import { BAND_ALPHA, bandRuns, CORNER_BOX, gutterWidth, textWidth, type KmFigure } from './figure.ts';

/** Options of {@link kmFigureSvg}. */
export interface KmSvgOptions {
  /** Total width in px (default 820). */
  width?: number;
  /** Height of the plot area in px (default 360). */
  plotHeight?: number;
  /** Locale for the numbers (Intl). */
  locale?: string;
}

/** A rendered figure. */
export interface KmSvg { svg: string; width: number; height: number }

const fmt = (x: number, loc: string) => new Intl.NumberFormat(loc, { maximumFractionDigits: 2 }).format(x);
const hexAlpha = (hex: string, a: number) => {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${a})`;
};

/** Legend items laid out in rows within `width`; returns each item's position and the rows' height. */
function legendLayout(fig: KmFigure, left: number, width: number, top: number) {
  const items: { x: number; y: number; i: number; text: string }[] = [];
  let x = left;
  let y = top;
  const title = fig.legendTitle ? `${fig.legendTitle}:` : '';
  const titleW = title ? textWidth(title, 12) + 12 : 0;
  x += titleW;
  fig.curves.forEach((c, i) => {
    const text = c.legend;
    const w = 30 + textWidth(text, 12) + 18;
    if (x + w > left + width && x > left + titleW) { x = left + titleW; y += 20; }
    items.push({ x, y, i, text });
    x += w;
  });
  return { items, title, height: y - top + 20 };
}

/** Renders the figure (see the file header). */
export function kmFigureSvg(fig: KmFigure, opts: KmSvgOptions = {}): KmSvg {
  const W = opts.width ?? 820;
  const plotH = opts.plotHeight ?? 360;
  const loc = opts.locale ?? 'en-GB';
  const gutter = gutterWidth(fig);
  const left = gutter;
  const right = W - 28;
  const plotW = right - left;
  const legend = legendLayout(fig, 12, W - 24, 18);
  const top = 16 + legend.height + 8;
  const bottom = top + plotH;
  const X = (t: number) => left + (t / fig.xMax) * plotW;
  const Y = (s: number) => bottom - s * plotH;
  const parts: string[] = [];

  // legend: title, then a line sample in each curve's style with "label (n = N, events)"
  if (legend.title) parts.push(el('text', { x: 12, y: 18 + 4, 'font-weight': 'bold' }, esc(legend.title)));
  for (const it of legend.items) {
    const c = fig.curves[it.i];
    parts.push(el('line', { x1: it.x, y1: it.y, x2: it.x + 24, y2: it.y, stroke: c.color, 'stroke-width': 2.5, 'stroke-dasharray': c.dash ? c.dash.join(' ') : null }));
    parts.push(el('text', { x: it.x + 30, y: it.y + 4, class: 'legend' }, esc(it.text)));
  }

  // grid and axes
  for (const s of fig.yTicks) {
    parts.push(el('line', { x1: left, y1: Y(s), x2: right, y2: Y(s), stroke: '#e6e9ee', 'stroke-width': 1 }));
    parts.push(el('text', { x: left - 7, y: Y(s) + 4, 'text-anchor': 'end', fill: '#333' }, esc(fmt(s, loc).replace(/^(\d)$/, '$1.0'))));
  }
  for (const t of fig.xTicks) {
    parts.push(el('line', { x1: X(t), y1: bottom, x2: X(t), y2: bottom + 5, stroke: '#333' }));
    parts.push(el('text', { x: X(t), y: bottom + 19, 'text-anchor': 'middle', fill: '#333' }, esc(fmt(t, loc))));
  }
  parts.push(el('path', { d: `M${left} ${top}V${bottom}H${right}`, fill: 'none', stroke: '#333', 'stroke-width': 1 }));
  parts.push(el('text', { x: (left + right) / 2, y: bottom + 38, 'text-anchor': 'middle', 'font-weight': 'bold' }, esc(fig.xLabel)));
  parts.push(el('text', { x: 0, y: 0, transform: `translate(${left - 44} ${(top + bottom) / 2}) rotate(-90)`, 'text-anchor': 'middle', 'font-weight': 'bold' }, esc(fig.yLabel)));

  // bands
  if (fig.showBands) {
    for (const c of fig.curves) {
      for (const [a, b] of bandRuns(c)) {
        const xEnd = b + 1 < c.time.length ? c.time[b + 1] : c.time[b];
        let d = `M${X(c.time[a]).toFixed(2)} ${Y(c.upper[a]!).toFixed(2)}`;
        for (let i = a + 1; i <= b; i++) d += `H${X(c.time[i]).toFixed(2)}V${Y(c.upper[i]!).toFixed(2)}`;
        d += `H${X(xEnd).toFixed(2)}V${Y(c.lower[b]!).toFixed(2)}`;
        for (let i = b; i > a; i--) d += `H${X(c.time[i]).toFixed(2)}V${Y(c.lower[i - 1]!).toFixed(2)}`;
        d += `H${X(c.time[a]).toFixed(2)}Z`;
        parts.push(el('path', { class: 'band', 'data-group': c.key, d, fill: hexAlpha(c.color, BAND_ALPHA), stroke: 'none' }));
      }
    }
  }

  // median lines (dashed): across at 0.5 to the longest reached median, down from each curve
  if (fig.showMedians) {
    const reached = fig.curves.filter((c) => c.median !== null && c.median <= fig.xMax);
    if (reached.length) {
      const far = Math.max(...reached.map((c) => c.median!));
      parts.push(el('line', { class: 'median', x1: left, y1: Y(0.5), x2: X(far), y2: Y(0.5), stroke: '#777', 'stroke-width': 1, 'stroke-dasharray': '4 3' }));
      for (const c of reached) parts.push(el('line', { class: 'median', 'data-group': c.key, x1: X(c.median!), y1: Y(0.5), x2: X(c.median!), y2: bottom, stroke: c.color, 'stroke-width': 1, 'stroke-dasharray': '4 3' }));
    }
  }

  // curves: one path per group
  for (const c of fig.curves) {
    let d = `M${X(0).toFixed(2)} ${Y(c.surv[0]).toFixed(2)}`;
    for (let i = 1; i < c.time.length; i++) d += `H${X(c.time[i]).toFixed(2)}V${Y(c.surv[i]).toFixed(2)}`;
    parts.push(el('path', { class: 'curve', 'data-group': c.key, d, fill: 'none', stroke: c.color, 'stroke-width': 2,
      'stroke-dasharray': c.dash ? c.dash.join(' ') : null, 'stroke-linejoin': 'miter' }));
  }

  // censoring ticks
  if (fig.showCensor) {
    for (const c of fig.curves) {
      if (!c.censor.length) continue;
      const d = c.censor.map(({ t, s }) => `M${X(t).toFixed(2)} ${(Y(s) - 4).toFixed(2)}v8`).join('');
      parts.push(el('path', { class: 'censor', 'data-group': c.key, d, stroke: c.color, 'stroke-width': 1.5, fill: 'none' }));
    }
  }

  // the test, in the free corner, on a white card so a median line behind it stays readable
  if (fig.testLines.length) {
    const box = CORNER_BOX[fig.testCorner];
    const alignLeft = fig.testCorner === 'bl' || fig.testCorner === 'tl';
    const w = Math.max(...fig.testLines.map((l) => textWidth(l, 12))) + 12;
    const h = fig.testLines.length * 16 + 6;
    const bx = alignLeft ? X(box.x0 * fig.xMax) : X(box.x1 * fig.xMax) - w;
    const by = fig.testCorner === 'bl' || fig.testCorner === 'br' ? Y(box.y0) - h : Y(box.y1);
    parts.push(el('rect', { x: bx, y: by, width: w, height: h, fill: '#fff', 'fill-opacity': 0.85, rx: 3 }));
    fig.testLines.forEach((l, i) => parts.push(el('text', { class: 'test', x: bx + 6, y: by + 16 + i * 16, 'font-weight': i === 0 ? 'bold' : null }, esc(l))));
  }

  // number at risk, under the axis, at the same ticks
  let y = bottom + 66;
  parts.push(el('text', { x: 12, y, 'font-weight': 'bold' }, esc(fig.atRiskTitle)));
  for (const c of fig.curves) {
    y += 18;
    parts.push(el('text', { x: 12, y, fill: c.color, 'font-weight': 'bold' }, esc(c.label)));
    c.atRisk.forEach((n, k) => parts.push(el('text', { class: 'at-risk', 'data-group': c.key, x: X(fig.xTicks[k]), y, 'text-anchor': 'middle', fill: c.color }, esc(fmt(n, loc)))));
  }
  const H = Math.ceil(y + 14);
  return { svg: svgDocument(W, H, parts.join('')), width: W, height: H };
}
