/**
 * The enrichment dot plot (as clusterProfiler's `dotplot`): one row per gene set (the most
 * significant ones), x = fold enrichment (with a dashed line at 1, no enrichment) or −log10 FDR
 * (dashed line at FDR 0.05), dot area ∝ overlap (target genes in the set), colour = FDR on a log
 * scale from red (smallest) to blue. The SVG is shown on the page as is and exported (PNG = the
 * same SVG rasterised). Pure and DOM-free.
 */
import { el, esc, niceTicks, svgDocument } from '../../export/svg.ts';
import type { EnrichedSet } from '../../stats/enrichment.ts';

/** Texts and options of the plot (in the export or UI language). */
export interface DotPlotOptions {
  title: string;
  subtitle?: string;
  x: 'fold' | 'fdr';
  /** Sets shown (the smallest p first). */
  top: number;
  labels: { fold: string; fdr: string; size: string; colour: string; none: string };
  /** Number formatting of axis ticks and legends (locale-aware); `digits` decimals. */
  format: (x: number, digits: number) => string;
  /** FDR as the legend writes it ("1.0 × 10⁻⁹"). */
  formatP: (p: number) => string;
  width?: number;
}

/** Red → purple → blue, for log10 FDR from the smallest to the largest shown. */
const RAMP = ['#b2182b', '#d6604d', '#b4669e', '#6a7fc1', '#2166ac'] as const;

function hex(c: string): [number, number, number] {
  return [parseInt(c.slice(1, 3), 16), parseInt(c.slice(3, 5), 16), parseInt(c.slice(5, 7), 16)];
}

/** The colour at t ∈ [0, 1] of the ramp (0 = smallest FDR = red). */
export function rampColor(t: number): string {
  const u = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 1)) * (RAMP.length - 1);
  const i = Math.min(RAMP.length - 2, Math.floor(u));
  const f = u - i;
  const a = hex(RAMP[i]);
  const b = hex(RAMP[i + 1]);
  return '#' + a.map((v, k) => Math.round(v + (b[k] - v) * f).toString(16).padStart(2, '0')).join('');
}

/** −log10 of an FDR, finite (a p that underflowed to 0 is drawn at 320). */
export const negLog10 = (p: number): number => (p > 0 ? -Math.log10(p) : 320);

/** Width in px of a text at `size` px in Arial (CJK glyphs square; capitals and digits wider than lower case). */
export function textWidth(s: string, size = 12): number {
  let w = 0;
  for (const ch of s) w += size * (/[\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF]/.test(ch) ? 1 : /[A-Z0-9_]/.test(ch) ? 0.68 : 0.52);
  return w;
}

/** A set name cut to `max` characters with an ellipsis (the full name stays in a <title>). */
export const cutName = (s: string, max = 48): string => (s.length > max ? s.slice(0, max - 1) + '…' : s);

/** The sets the plot shows: tested sets with an overlap, the `top` smallest p, ordered by the x value (largest on top). */
export function dotPlotRows(sets: readonly EnrichedSet[], x: 'fold' | 'fdr', top: number): EnrichedSet[] {
  const shown = sets.filter((s) => s.overlap > 0).slice(0, Math.max(1, top));
  const v = (s: EnrichedSet) => (x === 'fold' ? (Number.isFinite(s.foldEnrichment) ? s.foldEnrichment : 0) : negLog10(s.fdr));
  return shown.sort((a, b) => v(b) - v(a) || a.logP - b.logP || (a.name < b.name ? -1 : 1));
}

/** Renders the dot plot as an SVG document. */
export function dotPlotSvg(sets: readonly EnrichedSet[], o: DotPlotOptions): { svg: string; width: number; height: number } {
  const rows = dotPlotRows(sets, o.x, o.top);
  const W = o.width ?? 820;
  const rowH = 22;
  const top = o.subtitle ? 60 : 42;
  const nameW = Math.min(340, Math.max(120, ...rows.map((r) => textWidth(cutName(r.name), 11)))) + 14;
  const legendW = 150;
  const plotL = nameW;
  const plotR = W - legendW - 16;
  const plotH = Math.max(rowH * 3, rows.length * rowH);
  const bottom = top + plotH;
  const H = bottom + 56;
  let body = el('text', { x: W / 2, y: 22, 'text-anchor': 'middle', 'font-size': 15, 'font-weight': 'bold' }, esc(o.title));
  if (o.subtitle) body += el('text', { x: W / 2, y: 42, 'text-anchor': 'middle', 'font-size': 11, fill: '#3b4757' }, esc(o.subtitle));
  if (rows.length === 0) {
    body += el('text', { x: W / 2, y: top + plotH / 2, 'text-anchor': 'middle', fill: '#5b6778' }, esc(o.labels.none));
    return { svg: svgDocument(W, H, body), width: W, height: H };
  }
  const xv = (s: EnrichedSet) => (o.x === 'fold' ? (Number.isFinite(s.foldEnrichment) ? s.foldEnrichment : 0) : negLog10(s.fdr));
  const ref = o.x === 'fold' ? 1 : -Math.log10(0.05);
  const xmax = Math.max(ref, ...rows.map(xv)) * 1.08;
  const ticks = niceTicks(0, xmax, 6);
  const X = (v: number) => plotL + (v / (ticks.at(-1)! > xmax ? ticks.at(-1)! : xmax)) * (plotR - plotL);
  const maxOverlap = Math.max(...rows.map((r) => r.overlap));
  const rad = (k: number) => 3 + 8 * Math.sqrt(k / Math.max(1, maxOverlap));
  const lf = rows.map((r) => negLog10(r.fdr));
  const lmin = Math.min(...lf);
  const lmax = Math.max(...lf);
  const colorOf = (s: EnrichedSet) => rampColor(lmax > lmin ? (lmax - negLog10(s.fdr)) / (lmax - lmin) : 0);

  // grid, axis, reference line
  let g = '';
  for (const t of ticks) {
    g += el('line', { x1: X(t), y1: top, x2: X(t), y2: bottom, stroke: '#e4e8ee' });
    g += el('text', { x: X(t), y: bottom + 14, 'text-anchor': 'middle', 'font-size': 11 }, esc(o.format(t, t % 1 === 0 ? 0 : 1)));
  }
  g += el('line', { x1: X(ref), y1: top, x2: X(ref), y2: bottom, stroke: '#8a94a3', 'stroke-dasharray': '4 3' });
  g += el('line', { x1: plotL, y1: bottom, x2: plotR, y2: bottom, stroke: '#1d2733' });
  g += el('line', { x1: plotL, y1: top, x2: plotL, y2: bottom, stroke: '#1d2733' });
  g += el('text', { x: (plotL + plotR) / 2, y: bottom + 34, 'text-anchor': 'middle', 'font-size': 12 }, esc(o.x === 'fold' ? o.labels.fold : o.labels.fdr));
  body += el('g', { 'data-part': 'axes' }, g);

  let dots = '';
  rows.forEach((r, i) => {
    const cy = top + rowH * (i + 0.5);
    dots += el('text', { x: plotL - 8, y: cy + 4, 'text-anchor': 'end', 'font-size': 11, 'data-user': '' }, esc(cutName(r.name)) + el('title', {}, esc(r.name)));
    dots += el('circle', { cx: X(xv(r)), cy, r: rad(r.overlap), fill: colorOf(r), 'fill-opacity': 0.9, stroke: '#1d2733', 'stroke-width': 0.5 },
      el('title', {}, esc(`${r.name}: ${r.overlap}/${r.size}, FDR ${o.formatP(r.fdr)}`)));
  });
  body += el('g', { 'data-part': 'dots' }, dots);

  // legends: size (overlap) and colour (FDR)
  const lx = plotR + 24;
  let leg = el('text', { x: lx, y: top + 4, 'font-size': 11, 'font-weight': 'bold' }, esc(o.labels.size));
  const sizes = [...new Set([Math.max(1, Math.round(maxOverlap / 4)), Math.max(1, Math.round(maxOverlap / 2)), maxOverlap])];
  let sy = top + 20;
  for (const k of sizes) {
    leg += el('circle', { cx: lx + 10, cy: sy, r: rad(k), fill: '#8a94a3' }) + el('text', { x: lx + 26, y: sy + 4, 'font-size': 11 }, esc(o.format(k, 0)));
    sy += 2 * rad(k) + 6;
  }
  const cy0 = sy + 10;
  leg += el('text', { x: lx, y: cy0, 'font-size': 11, 'font-weight': 'bold' }, esc(o.labels.colour));
  const barH = 90;
  const stops = RAMP.map((c, i) => el('stop', { offset: `${(i / (RAMP.length - 1)) * 100}%`, 'stop-color': c })).join('');
  leg += el('defs', {}, el('linearGradient', { id: 'fdr-ramp', x1: 0, y1: 0, x2: 0, y2: 1 }, stops));
  leg += el('rect', { x: lx, y: cy0 + 8, width: 14, height: barH, fill: 'url(#fdr-ramp)' });
  const pTop = rows.reduce((m, r) => Math.min(m, r.fdr), Infinity);
  const pBot = rows.reduce((m, r) => Math.max(m, r.fdr), -Infinity);
  leg += el('text', { x: lx + 20, y: cy0 + 16, 'font-size': 10 }, esc(o.formatP(pTop)));
  if (pBot !== pTop) leg += el('text', { x: lx + 20, y: cy0 + 8 + barH, 'font-size': 10 }, esc(o.formatP(pBot)));
  body += el('g', { 'data-part': 'legend' }, leg);
  const h = Math.max(H, cy0 + barH + 24);
  return { svg: svgDocument(W, h, body), width: W, height: h };
}
