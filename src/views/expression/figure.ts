/**
 * The Expression view's figures as plain descriptions (volcano, fold-change plot, MA plot,
 * boxplots and densities before/after normalization). One description is drawn twice: on screen by
 * uPlot (expression/xy-plot.ts) and as a standalone SVG for export (expression/plot-svg.ts), so the
 * exported figure is the figure on screen. Pure: no DOM, testable under Node.
 */
import { msg, str } from '@lit/localize';
import { niceTicks } from '../../export/svg.ts';
import type { ArrayDistribution } from '../../study/array-analysis.ts';
import type { ArrayDensities, ExpressionResult } from '../../study/expression-analysis.ts';
import { fixed } from './format.ts';

/** Points of a scatter: one per probe (NaN coordinates are not drawn). */
export interface PlotPoints {
  x: Float64Array;
  y: Float64Array;
  /** Palette index per point (0 is drawn first, underneath the others). */
  cls: Uint8Array;
  palette: string[];
  /** Radius in CSS pixels. */
  radius: number;
  /** Probe name per point (hover, selection, labels). */
  names: readonly string[];
}

/** A polyline (density curve, running median). */
export interface PlotLine { x: ArrayLike<number>; y: ArrayLike<number>; color: string; width: number; dash?: number[] }

/** One box of a boxplot at category position x (1, 2, …). */
export interface PlotBox { x: number; q1: number; median: number; q3: number; lo: number; hi: number; color: string; label: string; n: number }

/** A horizontal or vertical reference line (thresholds, zero). */
export interface PlotRule { axis: 'x' | 'y'; value: number; color: string; dash?: number[]; label?: string }

/** A text label next to a point (top probes on the volcano). */
export interface PlotLabel { x: number; y: number; text: string; color: string }

/** A point label placed in pixels (see {@link placeLabels}). */
export interface PlacedLabel { text: string; x: number; y: number; anchor: 'start' | 'end'; color: string }

/**
 * Greedy placement of point labels in pixel space (the same on screen and in the SVG): each label
 * tries above-right of its point, below-right, above-left and below-left, and takes the first spot
 * inside the plot that overlaps no label placed before; a label with no free spot is left out.
 * `size` is the font size and `width(text)` the text width, both in the caller's pixels.
 */
export function placeLabels(labels: readonly PlotLabel[], X: (v: number) => number, Y: (v: number) => number,
  area: { left: number; right: number; top: number; bottom: number }, size: number, width: (s: string) => number): PlacedLabel[] {
  const placed: { x0: number; y0: number; x1: number; y1: number }[] = [];
  const out: PlacedLabel[] = [];
  const gap = size * 0.45;
  for (const l of labels) {
    if (!Number.isFinite(l.x) || !Number.isFinite(l.y)) continue;
    const px = X(l.x);
    const py = Y(l.y);
    const w = width(l.text);
    const tries: [number, number, 'start' | 'end'][] = [[px + gap, py - gap, 'start'], [px + gap, py + size + gap * 0.5, 'start'], [px - gap, py - gap, 'end'], [px - gap, py + size + gap * 0.5, 'end']];
    for (const [x, y, anchor] of tries) {
      const b = { x0: anchor === 'start' ? x : x - w, y0: y - size, x1: anchor === 'start' ? x + w : x, y1: y + size * 0.25 };
      if (b.x0 < area.left || b.x1 > area.right || b.y0 < area.top || b.y1 > area.bottom) continue;
      if (placed.some((q) => b.x0 < q.x1 && q.x0 < b.x1 && b.y0 < q.y1 && q.y0 < b.y1)) continue;
      placed.push(b);
      out.push({ text: l.text, x, y, anchor, color: l.color });
      break;
    }
  }
  return out;
}

/** A legend entry; `user` marks a label that contains user data (group or array names). */
export interface LegendItem { label: string; color: string; kind: 'point' | 'line' | 'box'; user?: boolean; dash?: number[] }

/** Everything needed to draw one figure. */
export interface PlotFigure {
  /** Title (also the export file name). */
  title: string;
  xLabel: string;
  yLabel: string;
  xRange: [number, number];
  yRange: [number, number];
  xTicks: number[];
  yTicks: number[];
  /** Text per x tick (categories of a boxplot); null = numbers. */
  xTickLabels: string[] | null;
  points: PlotPoints | null;
  lines: PlotLine[];
  boxes: PlotBox[];
  rules: PlotRule[];
  labels: PlotLabel[];
  legend: LegendItem[];
  /** Short description for screen readers. */
  summary: string;
}

/** Colours: not changed, higher in the comparison group, lower in it. */
export const REGULATION_PALETTE = ['#b3bac4', '#c0392b', '#2166ac'];
/** Reference group, comparison group, then other groups. */
const GROUP_COLORS = ['#2166ac', '#c0392b', '#2e8b57', '#8e6bb5', '#d48a1c', '#5d6d7e', '#17a2b8', '#a0522d'];

/** A colour per group label: the reference blue, the comparison red, others in turn; no group grey. */
export function groupColors(groups: readonly string[], order: readonly [string, string]): Map<string, string> {
  const m = new Map<string, string>([[order[0], GROUP_COLORS[0]], [order[1], GROUP_COLORS[1]]]);
  let k = 2;
  for (const g of groups) if (g && !m.has(g)) m.set(g, GROUP_COLORS[k++ % GROUP_COLORS.length]);
  m.set('', '#7f8c8d');
  return m;
}

/** Palette index of a regulation class (1 up → 1, −1 down → 2, 0 → 0). */
const clsIndex = (c: number) => (c > 0 ? 1 : c < 0 ? 2 : 0);

function range(values: ArrayLike<number>, pad = 0.05, symmetric = false, floor0 = false): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!Number.isFinite(lo)) return [0, 1];
  if (symmetric) { const m = Math.max(Math.abs(lo), Math.abs(hi)) || 1; return [-m * (1 + pad), m * (1 + pad)]; }
  if (floor0) lo = 0;
  const span = hi - lo || Math.abs(hi) || 1;
  return [lo - (floor0 ? 0 : span * pad), hi + span * pad];
}

/** The p-value at the BH cut-off: the largest p whose adjusted p is ≤ maxAdjP (null if none). */
export function pAtAdjCutoff(p: Float64Array, adjP: Float64Array, maxAdjP: number): number | null {
  let best = -Infinity;
  for (let i = 0; i < p.length; i++) if (adjP[i] <= maxAdjP && p[i] > best) best = p[i];
  return Number.isFinite(best) ? best : null;
}

/** Indices of up to `n` regulated probes, most significant first (smallest p, else largest |logFC|). */
export function topRegulated(r: ExpressionResult, cls: Int8Array, n: number): number[] {
  const idx: number[] = [];
  cls.forEach((c, i) => { if (c !== 0) idx.push(i); });
  const p = r.de.p;
  idx.sort(p ? (a, b) => (p[a] - p[b]) || (Math.abs(r.de.logFC[b]) - Math.abs(r.de.logFC[a])) : (a, b) => Math.abs(r.de.logFC[b]) - Math.abs(r.de.logFC[a]));
  return idx.slice(0, n);
}

/** Options shared by the DE figures. */
export interface DeFigureOptions {
  cutoff: number;
  maxAdjP: number | null;
  loc: string;
  /** Probes labelled on the plot (default 8). */
  labelTop?: number;
}

/**
 * The volcano plot: log2 fold change (comparison − reference) against −log10 p, coloured by the
 * up/down classification of the table, with the fold-change cut-off (±log2 cut-off) and, when a
 * significance filter is set, the p-value at which BH-adjusted p reaches it. Without p-values (one
 * array per group) it becomes a fold-change plot: average log2 expression against log2 fold change.
 */
export function volcanoFigure(r: ExpressionResult, cls: Int8Array, o: DeFigureOptions): PlotFigure {
  const [ref, cmp] = r.order;
  const nP = r.probes.length;
  const p = r.de.p;
  const up = cls.reduce((a, c) => a + (c > 0 ? 1 : 0), 0);
  const down = cls.reduce((a, c) => a + (c < 0 ? 1 : 0), 0);
  const l2 = Math.log2(o.cutoff);
  const x = new Float64Array(nP);
  const y = new Float64Array(nP);
  const c = new Uint8Array(nP);
  for (let i = 0; i < nP; i++) {
    c[i] = clsIndex(cls[i]);
    if (p) { x[i] = r.de.logFC[i]; y[i] = -Math.log10(p[i]); } else { x[i] = r.de.aveExpr[i]; y[i] = r.de.logFC[i]; }
  }
  const rules: PlotRule[] = [];
  const dash = [5, 4];
  let xRange: [number, number];
  let yRange: [number, number];
  if (p) {
    xRange = range(x, 0.05, true);
    if (xRange[1] < l2 * 1.3) xRange = [-l2 * 1.3, l2 * 1.3];
    yRange = range(y, 0.05, false, true);
    if (o.cutoff > 1) rules.push({ axis: 'x', value: -l2, color: '#555', dash }, { axis: 'x', value: l2, color: '#555', dash });
    if (o.maxAdjP != null && r.de.adjP) {
      const pc = pAtAdjCutoff(p, r.de.adjP, o.maxAdjP);
      if (pc !== null) rules.push({ axis: 'y', value: -Math.log10(pc), color: '#555', dash, label: msg(str`BH-adjusted p = ${fixed(o.maxAdjP, o.loc, 2)}`, { id: 'expression.fig.adjPLine' }) });
    }
  } else {
    xRange = range(x);
    yRange = range(y, 0.05, true);
    if (yRange[1] < l2 * 1.3) yRange = [-l2 * 1.3, l2 * 1.3];
    rules.push({ axis: 'y', value: 0, color: '#888' });
    if (o.cutoff > 1) rules.push({ axis: 'y', value: -l2, color: '#555', dash }, { axis: 'y', value: l2, color: '#555', dash });
  }
  const labels = topRegulated(r, cls, o.labelTop ?? 8).map((i) => ({ x: x[i], y: y[i], text: r.probes[i], color: REGULATION_PALETTE[c[i]] }));
  const title = p
    ? msg(str`Volcano plot: ${cmp} vs ${ref}`, { id: 'expression.fig.volcanoTitle' })
    : msg(str`Fold change: ${cmp} vs ${ref}`, { id: 'expression.fig.fcPlotTitle' });
  return {
    title,
    xLabel: p ? msg(str`log2 fold change (${cmp} / ${ref})`, { id: 'expression.fig.log2fc' }) : msg('Average log2 expression', { id: 'expression.fig.aveExpr' }),
    yLabel: p ? msg('−log10 p', { id: 'expression.fig.minusLog10p' }) : msg(str`log2 fold change (${cmp} / ${ref})`, { id: 'expression.fig.log2fc' }),
    xRange, yRange,
    xTicks: niceTicks(xRange[0], xRange[1], 8), yTicks: niceTicks(yRange[0], yRange[1], 6), xTickLabels: null,
    points: { x, y, cls: c, palette: REGULATION_PALETTE, radius: 2.6, names: r.probes },
    lines: [], boxes: [], rules, labels,
    legend: [
      { label: msg(str`Higher in ${cmp} (${up})`, { id: 'expression.fig.legendUp' }), color: REGULATION_PALETTE[1], kind: 'point', user: true },
      { label: msg(str`Lower in ${cmp} (${down})`, { id: 'expression.fig.legendDown' }), color: REGULATION_PALETTE[2], kind: 'point', user: true },
      { label: msg('Below the cut-off', { id: 'expression.fig.legendNone' }), color: REGULATION_PALETTE[0], kind: 'point' },
    ],
    summary: msg(str`${title}: ${up} probes higher and ${down} lower at ${fixed(o.cutoff, o.loc, 1)}-fold.`, { id: 'expression.fig.volcanoSummary' }),
  };
}

/** Running median of y over bins of x (about `bins` points each side of the range), for a trend line. */
export function runningMedian(x: Float64Array, y: Float64Array, bins = 40): { x: number[]; y: number[] } {
  const idx: number[] = [];
  for (let i = 0; i < x.length; i++) if (Number.isFinite(x[i]) && Number.isFinite(y[i])) idx.push(i);
  idx.sort((a, b) => x[a] - x[b]);
  const size = Math.max(5, Math.ceil(idx.length / bins));
  const med = (v: number[]) => { v.sort((a, b) => a - b); const h = v.length >> 1; return v.length % 2 ? v[h] : (v[h - 1] + v[h]) / 2; };
  const ox: number[] = [];
  const oy: number[] = [];
  for (let s = 0; s < idx.length; s += size) {
    const chunk = idx.slice(s, s + size);
    if (chunk.length < size / 2 && ox.length > 0) break; // a short last bin would only add noise
    ox.push(med(chunk.map((i) => x[i])));
    oy.push(med(chunk.map((i) => y[i])));
  }
  return { x: ox, y: oy };
}

/**
 * MA plot of array j: A = average log2 intensity, M = log2 ratio against the mean of the other arrays
 * of its group (or of all other arrays when it is alone), coloured by the DE classification, with
 * M = 0 and a running median (a bent trend means an intensity-dependent bias normalization left).
 */
export function maFigure(r: ExpressionResult, j: number, cls: Int8Array, loc: string): PlotFigure {
  const nP = r.probes.length;
  const x = r.qc.ma.a.slice(j * nP, (j + 1) * nP);
  const y = r.qc.ma.m.slice(j * nP, (j + 1) * nP);
  const c = Uint8Array.from(cls, clsIndex);
  const xRange = range(x);
  let yRange = range(y, 0.05, true);
  if (yRange[1] < 1) yRange = [-1, 1];
  const trend = runningMedian(x, y);
  const name = r.arrays[j];
  const against = r.qc.ma.reference[j] === 'group'
    ? msg(str`the other arrays of ${r.groups[j]}`, { id: 'expression.fig.maAgainstGroup' })
    : msg('all other arrays', { id: 'expression.fig.maAgainstAll' });
  const title = msg(str`MA plot: ${name} against ${against}`, { id: 'expression.fig.maTitle' });
  return {
    title,
    xLabel: msg('A: average log2 intensity', { id: 'expression.fig.maA' }),
    yLabel: msg('M: log2 ratio', { id: 'expression.fig.maM' }),
    xRange, yRange,
    xTicks: niceTicks(xRange[0], xRange[1], 8), yTicks: niceTicks(yRange[0], yRange[1], 6), xTickLabels: null,
    points: { x, y, cls: c, palette: ['#9aa3ae', REGULATION_PALETTE[1], REGULATION_PALETTE[2]], radius: 2, names: r.probes },
    lines: [{ x: trend.x, y: trend.y, color: '#e67e22', width: 2 }],
    boxes: [],
    rules: [{ axis: 'y', value: 0, color: '#333' }],
    labels: [],
    legend: [
      { label: msg('Probe', { id: 'expression.fig.legendProbe' }), color: '#9aa3ae', kind: 'point' },
      { label: msg(str`Higher in ${r.order[1]}`, { id: 'expression.fig.legendUpShort' }), color: REGULATION_PALETTE[1], kind: 'point', user: true },
      { label: msg(str`Lower in ${r.order[1]}`, { id: 'expression.fig.legendDownShort' }), color: REGULATION_PALETTE[2], kind: 'point', user: true },
      { label: msg('Running median', { id: 'expression.fig.legendTrend' }), color: '#e67e22', kind: 'line' },
    ],
    summary: msg(str`${title}. ${fixed(nP, loc, 0)} probes.`, { id: 'expression.fig.maSummary' }),
  };
}

/** The legend of group colours for per-array figures. */
function groupLegend(groups: readonly string[], colors: Map<string, string>, kind: LegendItem['kind']): LegendItem[] {
  const seen: string[] = [];
  for (const g of groups) if (!seen.includes(g)) seen.push(g);
  return seen.map((g) => ({ label: g || msg('no group', { id: 'expression.fig.noGroup' }), color: colors.get(g)!, kind, user: g !== '' }));
}

/** True when category labels need rotating to fit (many arrays or long names). */
export function rotateLabels(names: readonly string[]): boolean {
  return names.length > 8 || names.some((n) => n.length > 8);
}

/** The angle of rotated category labels: −45° for a few arrays, vertical for many. */
export function labelAngle(names: readonly string[]): number {
  return !rotateLabels(names) ? 0 : names.length > 12 ? -90 : -45;
}

/** A category label cut to `max` characters (the full name is in the hover text and the tables). */
export function shortLabel(name: string, max = 18): string {
  return name.length > max ? name.slice(0, max - 1) + '…' : name;
}

/**
 * Boxplots of every array's values (quartiles; whiskers from minimum to maximum, as the pipeline
 * keeps five numbers per array), coloured by group.
 */
export function boxFigure(dist: readonly ArrayDistribution[], r: Pick<ExpressionResult, 'arrays' | 'groups' | 'order'>, title: string, yLabel: string): PlotFigure {
  const colors = groupColors(r.groups, r.order);
  const boxes: PlotBox[] = dist.map((d, j) => ({
    x: j + 1, q1: d.q1, median: d.median, q3: d.q3, lo: d.min, hi: d.max, color: colors.get(r.groups[j])!, label: r.arrays[j], n: d.n,
  }));
  const lo = Math.min(...dist.map((d) => d.min).filter(Number.isFinite));
  const hi = Math.max(...dist.map((d) => d.max).filter(Number.isFinite));
  const yRange = range([lo, hi]);
  const n = dist.length;
  return {
    title, xLabel: msg('Array', { id: 'expression.fig.array' }), yLabel,
    xRange: [0.4, n + 0.6], yRange,
    xTicks: Array.from({ length: n }, (_, j) => j + 1), yTicks: niceTicks(yRange[0], yRange[1], 6), xTickLabels: r.arrays.map((a) => shortLabel(a)),
    points: null, lines: [], boxes, rules: [], labels: [],
    legend: groupLegend(r.groups, colors, 'box'),
    summary: msg(str`${title}: ${n} arrays.`, { id: 'expression.fig.boxSummary' }),
  };
}

/** Density curves of every array on one grid, coloured by group. */
export function densityFigure(d: ArrayDensities, r: Pick<ExpressionResult, 'arrays' | 'groups' | 'order'>, title: string, xLabel: string): PlotFigure {
  const colors = groupColors(r.groups, r.order);
  let top = 0;
  for (const y of d.y) for (const v of y) if (v > top) top = v;
  const xRange: [number, number] = [d.x[0], d.x[d.x.length - 1]];
  const yRange: [number, number] = [0, (top || 1) * 1.05];
  return {
    title, xLabel, yLabel: msg('Density', { id: 'expression.fig.density' }),
    xRange, yRange,
    xTicks: niceTicks(xRange[0], xRange[1], 8), yTicks: niceTicks(0, yRange[1], 5), xTickLabels: null,
    points: null,
    lines: d.y.map((y, j) => ({ x: d.x, y, color: colors.get(r.groups[j])!, width: 1.5 })),
    boxes: [], rules: [], labels: [],
    legend: groupLegend(r.groups, colors, 'line'),
    summary: msg(str`${title}: ${d.y.length} arrays.`, { id: 'expression.fig.densitySummary' }),
  };
}
