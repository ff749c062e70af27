/**
 * A {@link PlotFigure} as a standalone SVG (vector export; the PNG export is this SVG rasterised):
 * title, legend, grid, axes with the figure's ticks, reference lines, boxes, curves, points (class 0
 * underneath) and point labels. Same description as the screen (xy-plot.ts), so what is exported is
 * what is shown. Pure: figure in, string out.
 */
import { el, esc, svgDocument } from '../../export/svg.ts';
import type { PlotFigure } from './figure.ts';
import { labelAngle, placeLabels } from './figure.ts';

/** Options of {@link plotFigureSvg}. */
export interface PlotSvgOptions {
  /** Total width in px (default 760). */
  width?: number;
  /** Height of the plot area in px (default 420). */
  plotHeight?: number;
  /** Locale of the tick numbers (Intl). */
  locale?: string;
}

/** A rendered figure, ready for the export menu. */
export interface PlotSvg { title: string; svg: string; width: number; height: number }

/** Approximate width of text in px (Arial-like; CJK glyphs count as wide). */
export function textWidth(s: string, size = 12): number {
  let w = 0;
  for (const ch of s) w += /[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 1 : /[il.,:;'|!]/.test(ch) ? 0.3 : /[mwMW]/.test(ch) ? 0.85 : 0.56;
  return w * size;
}

const r2 = (v: number) => Math.round(v * 100) / 100;

/** Renders the figure (see the file header). */
export function plotFigureSvg(fig: PlotFigure, opts: PlotSvgOptions = {}): PlotSvg {
  const W = opts.width ?? 760;
  const plotH = opts.plotHeight ?? 420;
  const loc = opts.locale ?? 'en-GB';
  const num = new Intl.NumberFormat(loc, { maximumFractionDigits: 3 });
  const yTickText = fig.yTicks.map((v) => num.format(v));
  const left = 22 + Math.max(24, ...yTickText.map((t) => textWidth(t, 11))) + 10;
  const right = W - 18;
  const plotW = right - left;

  // title and legend rows
  const parts: string[] = [];
  parts.push(el('text', { x: 12, y: 22, 'font-size': 15, 'font-weight': 'bold', class: 'title' }, esc(fig.title)));
  let lx = 12;
  let ly = 44;
  for (const item of fig.legend) {
    const w = 22 + textWidth(item.label, 12) + 16;
    if (lx + w > W - 12 && lx > 12) { lx = 12; ly += 18; }
    const mark = item.kind === 'point'
      ? el('circle', { cx: lx + 7, cy: ly - 4, r: 4, fill: item.color })
      : item.kind === 'line'
        ? el('line', { x1: lx, y1: ly - 4, x2: lx + 16, y2: ly - 4, stroke: item.color, 'stroke-width': 2.5, 'stroke-dasharray': item.dash?.join(' ') })
        : el('rect', { x: lx + 1, y: ly - 10, width: 13, height: 11, fill: item.color, 'fill-opacity': 0.35, stroke: item.color });
    parts.push(`<g class="legend-item">${mark}${el('text', { x: lx + 22, y: ly }, esc(item.label))}</g>`);
    lx += w;
  }
  const top = ly + 16;
  const bottomAxis = top + plotH;
  const angle = fig.xTickLabels ? labelAngle(fig.xTickLabels) : 0;
  const rotate = angle !== 0;
  const labelBlock = fig.xTickLabels && rotate
    ? Math.min(150, 8 + Math.max(...fig.xTickLabels.map((t) => textWidth(t, 11))) * (angle === -90 ? 1 : 0.72))
    : 20;
  const H = bottomAxis + 8 + labelBlock + 26;

  const [x0, x1] = fig.xRange;
  const [y0, y1] = fig.yRange;
  const X = (v: number) => left + ((v - x0) / (x1 - x0)) * plotW;
  const Y = (v: number) => bottomAxis - ((v - y0) / (y1 - y0)) * plotH;

  // grid and axes
  const grid: string[] = [];
  fig.yTicks.forEach((t, k) => {
    const y = r2(Y(t));
    grid.push(el('line', { x1: left, y1: y, x2: right, y2: y, stroke: '#e6e9ee' }));
    grid.push(el('line', { x1: left - 5, y1: y, x2: left, y2: y, stroke: '#333' }));
    grid.push(el('text', { x: left - 8, y: y + 4, 'text-anchor': 'end', 'font-size': 11 }, esc(yTickText[k])));
  });
  fig.xTicks.forEach((t, k) => {
    const x = r2(X(t));
    grid.push(el('line', { x1: x, y1: bottomAxis, x2: x, y2: bottomAxis + 5, stroke: '#333' }));
    const text = fig.xTickLabels ? fig.xTickLabels[k] ?? '' : num.format(t);
    grid.push(rotate
      ? el('text', { x: angle === -90 ? x + 4 : x, y: bottomAxis + 10, 'text-anchor': 'end', 'font-size': 11, transform: `rotate(${angle} ${angle === -90 ? x + 4 : x} ${bottomAxis + 10})` }, esc(text))
      : el('text', { x, y: bottomAxis + 18, 'text-anchor': 'middle', 'font-size': 11 }, esc(text)));
  });
  grid.push(el('line', { x1: left, y1: bottomAxis, x2: right, y2: bottomAxis, stroke: '#333' }));
  grid.push(el('line', { x1: left, y1: top, x2: left, y2: bottomAxis, stroke: '#333' }));
  grid.push(el('text', { x: left + plotW / 2, y: H - 10, 'text-anchor': 'middle', 'font-weight': 'bold', 'font-size': 13, class: 'x-label' }, esc(fig.xLabel)));
  const yMid = top + plotH / 2;
  grid.push(el('text', { x: 16, y: yMid, 'text-anchor': 'middle', 'font-weight': 'bold', 'font-size': 13, transform: `rotate(-90 16 ${yMid})`, class: 'y-label' }, esc(fig.yLabel)));
  parts.push(`<g class="axes">${grid.join('')}</g>`);

  // clipped plot content
  const body: string[] = [];
  for (const rule of fig.rules) {
    const a = rule.axis === 'x'
      ? { x1: r2(X(rule.value)), y1: top, x2: r2(X(rule.value)), y2: bottomAxis }
      : { x1: left, y1: r2(Y(rule.value)), x2: right, y2: r2(Y(rule.value)) };
    body.push(el('line', { ...a, stroke: rule.color, 'stroke-width': 1, 'stroke-dasharray': rule.dash?.join(' '), class: 'rule' }));
    if (rule.label) body.push(el('text', rule.axis === 'y' ? { x: right - 4, y: a.y1 - 4, 'text-anchor': 'end', 'font-size': 11, fill: '#444' } : { x: a.x1 + 4, y: top + 12, 'font-size': 11, fill: '#444' }, esc(rule.label)));
  }
  for (const b of fig.boxes) {
    const half = Math.min(18, (plotW / fig.boxes.length) * 0.3);
    const cx = X(b.x);
    body.push(`<g class="box">${[
      el('line', { x1: r2(cx), y1: r2(Y(b.hi)), x2: r2(cx), y2: r2(Y(b.q3)), stroke: '#333' }),
      el('line', { x1: r2(cx), y1: r2(Y(b.q1)), x2: r2(cx), y2: r2(Y(b.lo)), stroke: '#333' }),
      el('line', { x1: r2(cx - half / 2), y1: r2(Y(b.hi)), x2: r2(cx + half / 2), y2: r2(Y(b.hi)), stroke: '#333' }),
      el('line', { x1: r2(cx - half / 2), y1: r2(Y(b.lo)), x2: r2(cx + half / 2), y2: r2(Y(b.lo)), stroke: '#333' }),
      el('rect', { x: r2(cx - half), y: r2(Y(b.q3)), width: r2(2 * half), height: r2(Math.max(0.5, Y(b.q1) - Y(b.q3))), fill: b.color, 'fill-opacity': 0.35, stroke: b.color, 'stroke-width': 1.5 }),
      el('line', { x1: r2(cx - half), y1: r2(Y(b.median)), x2: r2(cx + half), y2: r2(Y(b.median)), stroke: '#111', 'stroke-width': 2 }),
    ].join('')}</g>`);
  }
  for (const l of fig.lines) {
    let d = '';
    for (let i = 0; i < l.x.length; i++) {
      if (!Number.isFinite(l.x[i]) || !Number.isFinite(l.y[i])) continue;
      d += `${d ? 'L' : 'M'}${r2(X(l.x[i]))},${r2(Y(l.y[i]))}`;
    }
    if (d) body.push(el('path', { d, fill: 'none', stroke: l.color, 'stroke-width': l.width, 'stroke-dasharray': l.dash?.join(' '), class: 'curve' }));
  }
  const pts = fig.points;
  if (pts) {
    for (let k = 0; k < pts.palette.length; k++) {
      let circles = '';
      for (let i = 0; i < pts.x.length; i++) {
        if (pts.cls[i] !== k || !Number.isFinite(pts.x[i]) || !Number.isFinite(pts.y[i])) continue;
        circles += `<circle cx="${r2(X(pts.x[i]))}" cy="${r2(Y(pts.y[i]))}" r="${pts.radius}"/>`;
      }
      if (circles) body.push(`<g class="points" fill="${pts.palette[k]}" fill-opacity="${k === 0 ? 0.6 : 0.85}">${circles}</g>`);
    }
  }
  for (const lab of placeLabels(fig.labels, X, Y, { left, right, top, bottom: bottomAxis }, 10.5, (t) => textWidth(t, 10.5))) {
    body.push(el('text', { x: r2(lab.x), y: r2(lab.y), 'text-anchor': lab.anchor, 'font-size': 10.5, fill: '#222', class: 'point-label' }, esc(lab.text)));
  }
  const clip = el('clipPath', { id: 'plot-area' }, el('rect', { x: left, y: top, width: plotW, height: plotH }));
  parts.push(`<defs>${clip}</defs><g clip-path="url(#plot-area)">${body.join('')}</g>`);
  return { title: fig.title, svg: svgDocument(W, Math.ceil(H), parts.join('')), width: W, height: Math.ceil(H) };
}
