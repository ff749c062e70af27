/**
 * The two Exosome QC figures as data, each drawn twice from the same description: the NTA size
 * distributions on screen with uPlot (nta-plot.ts) and as SVG for export; the RNA-yield chart as
 * the very SVG that is exported (shown inline on screen). Pure and DOM-free.
 *
 * Size distributions: one line per sample coloured by group (optionally each group's mean as a
 * thick line), concentration on a linear axis (ticks in units of 10ᵉ particles/ml, the exponent in
 * the axis title) or a log axis (decades), size 0–sizeMax nm, a dashed guide at 100 nm (the
 * paper's exosome size limit).
 * RNA yield: a bar per group at the mean with an error bar of ± 1 SD, every sample as a dot, the
 * compared pair joined by a bracket carrying the test's name and p, the test across groups above.
 */
import { el, esc, niceTicks, svgDocument } from '../../export/svg.ts';

/** Colour-blind-safe group colours (Okabe & Ito 2008 without yellow); grey for "no group". */
export const GROUP_PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000'] as const;
export const NO_GROUP_COLOR = '#8a94a3';

/** The colour of each group value, in display order ('' = no group → grey). */
export function groupColors(groups: readonly string[]): Map<string, string> {
  const m = new Map<string, string>();
  let k = 0;
  for (const g of groups) m.set(g, g === '' ? NO_GROUP_COLOR : GROUP_PALETTE[k++ % GROUP_PALETTE.length]);
  return m;
}

/** Rough width in px of a text at `size` px (CJK glyphs are square, Latin about 0.56 em). */
export function textWidth(s: string, size = 12): number {
  let w = 0;
  for (const ch of s) w += /[\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF]/.test(ch) ? size : size * 0.56;
  return w;
}

const SUP: Record<string, string> = { '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };
const pow10 = (e: number): string => `10${String(e).split('').map((c) => SUP[c] ?? c).join('')}`;

// ── size distributions ───────────────────────────────────────────────────────────────────────────

/** One line of the size figure. */
export interface SizeCurve {
  /** Sample file id, or `mean:<group>`. */
  key: string;
  /** Sample name (or the group's mean label); user data. */
  label: string;
  group: string;
  color: string;
  width: number;
  dash: number[] | null;
  x: number[];
  /** Concentration per bin (particles/ml); the plot divides by 10^yExp on a linear axis. */
  y: number[];
}

/** The size-distribution figure. */
export interface SizeFigure {
  title: string;
  xLabel: string;
  /** Axis title (with the 10ᵉ unit on a linear axis). */
  yLabel: string;
  scale: 'linear' | 'log';
  xMax: number;
  xTicks: number[];
  /** Linear: ticks in units of 10^yExp; log: tick values in particles/ml (powers of ten). */
  yTicks: number[];
  yExp: number;
  yMin: number;
  yMax: number;
  curves: SizeCurve[];
  legend: { group: string; label: string; color: string }[];
  /** Label of the guide at 100 nm ('' = none). */
  guideLabel: string;
}

/** Inputs of {@link buildSizeFigure}. */
export interface SizeFigureInput {
  samples: readonly { fileId: string; sampleName: string; group: string; binCentres: readonly number[]; concentration: readonly number[] }[];
  groupMeans: readonly { group: string; binCentres: readonly number[]; concentration: readonly number[] }[];
  groups: readonly string[];
  scale: 'linear' | 'log';
  sizeMax: number;
  showGroupMeans: boolean;
  title: string;
  xLabel: string;
  /** Axis title on a linear axis, given the unit text ("10⁹ particles/ml"). */
  yLabelLinear: (unit: string) => string;
  yLabelLog: string;
  groupLabel: (g: string, n: number) => string;
  meanLabel: (g: string) => string;
  guideLabel: string;
}

/** Builds the size figure (see the file header). */
export function buildSizeFigure(inp: SizeFigureInput): SizeFigure {
  const colors = groupColors(inp.groups);
  const cut = <T>(x: readonly number[], y: readonly T[]) => {
    let n = 0;
    while (n < x.length && x[n] <= inp.sizeMax) n++;
    return { x: x.slice(0, n), y: y.slice(0, n) };
  };
  const curves: SizeCurve[] = inp.samples.map((s) => {
    const c = cut(s.binCentres, s.concentration);
    return { key: s.fileId, label: s.sampleName, group: s.group, color: colors.get(s.group) ?? NO_GROUP_COLOR, width: inp.showGroupMeans ? 1 : 1.5, dash: null, ...c };
  });
  if (inp.showGroupMeans) {
    for (const m of inp.groupMeans) {
      const c = cut(m.binCentres, m.concentration);
      curves.push({ key: `mean:${m.group}`, label: inp.meanLabel(m.group), group: m.group, color: colors.get(m.group) ?? NO_GROUP_COLOR, width: 3.5, dash: null, ...c });
    }
  }
  let max = 0;
  let minPos = Infinity;
  for (const c of curves) for (const v of c.y) { if (v > max) max = v; if (v > 0 && v < minPos) minPos = v; }
  if (!(max > 0)) max = 1;
  const xTicks = niceTicks(0, inp.sizeMax, 8);
  let yTicks: number[];
  let yExp = 0;
  let yMin = 0;
  let yMax: number;
  let yLabel: string;
  if (inp.scale === 'log') {
    const top = Math.ceil(Math.log10(max));
    const bottom = Math.max(Math.floor(Math.log10(Number.isFinite(minPos) ? minPos : max / 1e4)), top - 4);
    yMin = 10 ** bottom;
    yMax = 10 ** top;
    yTicks = Array.from({ length: top - bottom + 1 }, (_, i) => 10 ** (bottom + i));
    yLabel = inp.yLabelLog;
  } else {
    yExp = Math.floor(Math.log10(max));
    const scaled = max / 10 ** yExp;
    yTicks = niceTicks(0, scaled * 1.05, 5);
    yMax = yTicks[yTicks.length - 1] * 10 ** yExp;
    if (yMax < max) { yTicks.push(+(yTicks[yTicks.length - 1] + (yTicks[1] - yTicks[0])).toPrecision(12)); yMax = yTicks[yTicks.length - 1] * 10 ** yExp; }
    yLabel = inp.yLabelLinear(`${pow10(yExp)}`);
  }
  const present = inp.groups.filter((g) => inp.samples.some((s) => s.group === g));
  return {
    title: inp.title, xLabel: inp.xLabel, yLabel, scale: inp.scale, xMax: inp.sizeMax, xTicks, yTicks, yExp, yMin, yMax, curves,
    legend: present.map((g) => ({ group: g, label: inp.groupLabel(g, inp.samples.filter((s) => s.group === g).length), color: colors.get(g) ?? NO_GROUP_COLOR })),
    guideLabel: inp.guideLabel,
  };
}

/** Tick label of the y axis ("1.5" on a linear axis in 10ᵉ units; "10⁹" on a log axis). */
export function yTickLabel(fig: Pick<SizeFigure, 'scale'>, v: number, fmt: (x: number) => string): string {
  return fig.scale === 'log' ? pow10(Math.round(Math.log10(v))) : fmt(v);
}

/** Size of the exported size figure, px. */
export const SIZE_SVG = { width: 820, height: 460 } as const;

/** The size figure as a standalone SVG document. `fmt` formats tick numbers in the export language. */
export function sizeFigureSvg(fig: SizeFigure, fmt: (x: number) => string): string {
  const { width, height } = SIZE_SVG;
  const legendW = Math.min(230, Math.max(120, ...fig.legend.map((l) => textWidth(l.label) + 34)));
  const m = { left: 78, right: legendW + 24, top: 44, bottom: 56 };
  const pw = width - m.left - m.right;
  const ph = height - m.top - m.bottom;
  const X = (x: number) => m.left + (x / fig.xMax) * pw;
  const Y = fig.scale === 'log'
    ? (y: number) => m.top + ph * (1 - (Math.log10(Math.max(y, fig.yMin)) - Math.log10(fig.yMin)) / (Math.log10(fig.yMax) - Math.log10(fig.yMin)))
    : (y: number) => m.top + ph * (1 - y / fig.yMax);
  const parts: string[] = [];
  parts.push(el('text', { x: m.left, y: 22, 'font-size': 15, 'font-weight': 'bold' }, esc(fig.title)));
  // grid and ticks
  for (const t of fig.yTicks) {
    const v = fig.scale === 'log' ? t : t * 10 ** fig.yExp;
    const y = Y(v);
    parts.push(el('line', { x1: m.left, x2: m.left + pw, y1: y, y2: y, stroke: '#e4e8ee', 'stroke-width': 1 }));
    parts.push(el('text', { x: m.left - 8, y: y + 4, 'text-anchor': 'end', 'font-size': 11 }, esc(yTickLabel(fig, t, fmt))));
  }
  for (const t of fig.xTicks) {
    const x = X(t);
    parts.push(el('line', { x1: x, x2: x, y1: m.top + ph, y2: m.top + ph + 5, stroke: '#333' }));
    parts.push(el('text', { x, y: m.top + ph + 19, 'text-anchor': 'middle', 'font-size': 11 }, esc(fmt(t))));
  }
  parts.push(el('line', { x1: m.left, x2: m.left + pw, y1: m.top + ph, y2: m.top + ph, stroke: '#333' }));
  parts.push(el('line', { x1: m.left, x2: m.left, y1: m.top, y2: m.top + ph, stroke: '#333' }));
  parts.push(el('text', { x: m.left + pw / 2, y: height - 14, 'text-anchor': 'middle', 'font-size': 12 }, esc(fig.xLabel)));
  parts.push(el('text', { x: 16, y: m.top + ph / 2, 'text-anchor': 'middle', 'font-size': 12, transform: `rotate(-90 16 ${m.top + ph / 2})` }, esc(fig.yLabel)));
  // guide at 100 nm
  if (fig.guideLabel && fig.xMax > 100) {
    parts.push(el('line', { x1: X(100), x2: X(100), y1: m.top, y2: m.top + ph, stroke: '#5b6778', 'stroke-dasharray': '5 4', 'stroke-width': 1 }));
    parts.push(el('text', { x: X(100) + 4, y: m.top + 12, 'font-size': 11, fill: '#5b6778' }, esc(fig.guideLabel)));
  }
  // curves, clipped to the plot area
  parts.push(`<defs><clipPath id="plot"><rect x="${m.left}" y="${m.top}" width="${pw}" height="${ph}"/></clipPath></defs>`);
  const lines = fig.curves.map((c) => {
    let d = '';
    let pen = false;
    for (let i = 0; i < c.x.length; i++) {
      const v = c.y[i];
      if (fig.scale === 'log' && !(v > 0)) { pen = false; continue; }
      d += `${pen ? 'L' : 'M'}${X(c.x[i]).toFixed(1)} ${Y(v).toFixed(1)}`;
      pen = true;
    }
    return el('path', { d, fill: 'none', stroke: c.color, 'stroke-width': c.width, 'stroke-linejoin': 'round', 'stroke-dasharray': c.dash ? c.dash.join(' ') : null, 'stroke-opacity': c.width < 2 ? 0.85 : 1 },
      el('title', { 'data-user': '' }, esc(c.label)));
  });
  parts.push(el('g', { 'clip-path': 'url(#plot)' }, lines.join('')));
  // legend
  const lx = width - m.right + 18;
  fig.legend.forEach((l, i) => {
    const y = m.top + 8 + i * 22;
    parts.push(el('line', { x1: lx, x2: lx + 22, y1: y, y2: y, stroke: l.color, 'stroke-width': 3 }));
    parts.push(el('text', { x: lx + 28, y: y + 4, 'font-size': 12 }, esc(l.label)));
  });
  return svgDocument(width, height, parts.join(''));
}

// ── RNA yield ────────────────────────────────────────────────────────────────────────────────────

/** One group of the RNA chart. */
export interface RnaBar {
  group: string;
  /** Group name as shown (user data, or "(no group)"). */
  label: string;
  /** "n = 3" under the name. */
  sub: string;
  color: string;
  n: number;
  mean: number | null;
  sd: number | null;
  points: { sample: string; value: number }[];
}

/** The RNA-yield chart. */
export interface RnaFigure {
  title: string;
  yLabel: string;
  bars: RnaBar[];
  yTicks: number[];
  yMax: number;
  /** The compared pair (indexes into bars) and the text over the bracket. */
  bracket: { a: number; b: number; text: string } | null;
  /** The test across all groups (one line), or ''. */
  overall: string;
  /** Under the axis: "Bars: mean ± SD; dots: samples". */
  caption: string;
}

/** Inputs of {@link buildRnaFigure}. */
export interface RnaFigureInput {
  groups: readonly { name: string; n: number; mean: number | null; sd: number | null; values: readonly { sample: string; value: number }[] }[];
  colorGroups: readonly string[];
  pair: [string, string] | null;
  bracketText: string;
  overall: string;
  title: string;
  yLabel: string;
  caption: string;
  groupLabel: (g: string) => string;
  nLabel: (n: number) => string;
}

/** Builds the RNA chart (see the file header). */
export function buildRnaFigure(inp: RnaFigureInput): RnaFigure {
  const colors = groupColors(inp.colorGroups);
  const bars: RnaBar[] = inp.groups.map((g) => ({
    group: g.name, label: inp.groupLabel(g.name), sub: inp.nLabel(g.n), color: colors.get(g.name) ?? NO_GROUP_COLOR, n: g.n, mean: g.mean, sd: g.sd, points: [...g.values],
  }));
  let max = 0;
  for (const b of bars) {
    for (const p of b.points) max = Math.max(max, p.value);
    if (b.mean != null) max = Math.max(max, b.mean + (b.sd ?? 0));
  }
  // head room above the highest dot or error bar for the bracket and its text
  const yTicks = niceTicks(0, (max || 1) * 1.22, 6);
  const step = yTicks.length > 1 ? yTicks[1] - yTicks[0] : 1;
  while (yTicks[yTicks.length - 1] < (max || 1) * 1.2) yTicks.push(+(yTicks[yTicks.length - 1] + step).toPrecision(12));
  const a = inp.pair ? bars.findIndex((b) => b.group === inp.pair![0]) : -1;
  const b = inp.pair ? bars.findIndex((x) => x.group === inp.pair![1]) : -1;
  return {
    title: inp.title, yLabel: inp.yLabel, bars, yTicks, yMax: yTicks[yTicks.length - 1],
    bracket: a >= 0 && b >= 0 ? { a: Math.min(a, b), b: Math.max(a, b), text: inp.bracketText } : null,
    overall: inp.overall, caption: inp.caption,
  };
}

/** Size of the RNA chart, px (width grows with the number of groups). */
export function rnaSvgSize(fig: Pick<RnaFigure, 'bars'>): { width: number; height: number } {
  return { width: Math.max(460, 150 + fig.bars.length * 150), height: 430 };
}

/** The RNA chart as a standalone SVG document (also what the page shows). */
export function rnaFigureSvg(fig: RnaFigure, fmt: (x: number) => string): string {
  const { width, height } = rnaSvgSize(fig);
  const m = { left: 72, right: 20, top: fig.overall ? 64 : 46, bottom: 74 };
  const pw = width - m.left - m.right;
  const ph = height - m.top - m.bottom;
  const Y = (v: number) => m.top + ph * (1 - v / fig.yMax);
  const slot = pw / Math.max(1, fig.bars.length);
  const cx = (i: number) => m.left + slot * (i + 0.5);
  const barW = Math.min(70, slot * 0.5);
  const parts: string[] = [];
  parts.push(el('text', { x: m.left, y: 22, 'font-size': 15, 'font-weight': 'bold' }, esc(fig.title)));
  if (fig.overall) parts.push(el('text', { x: m.left, y: 42, 'font-size': 12, fill: '#3b4757' }, esc(fig.overall)));
  for (const t of fig.yTicks) {
    parts.push(el('line', { x1: m.left, x2: m.left + pw, y1: Y(t), y2: Y(t), stroke: '#e4e8ee' }));
    parts.push(el('text', { x: m.left - 8, y: Y(t) + 4, 'text-anchor': 'end', 'font-size': 11 }, esc(fmt(t))));
  }
  parts.push(el('line', { x1: m.left, x2: m.left + pw, y1: m.top + ph, y2: m.top + ph, stroke: '#333' }));
  parts.push(el('line', { x1: m.left, x2: m.left, y1: m.top, y2: m.top + ph, stroke: '#333' }));
  parts.push(el('text', { x: 18, y: m.top + ph / 2, 'text-anchor': 'middle', 'font-size': 12, transform: `rotate(-90 18 ${m.top + ph / 2})` }, esc(fig.yLabel)));
  fig.bars.forEach((b, i) => {
    const x = cx(i);
    if (b.mean != null) {
      parts.push(el('rect', { x: x - barW / 2, y: Y(b.mean), width: barW, height: m.top + ph - Y(b.mean), fill: b.color, 'fill-opacity': 0.28, stroke: b.color, 'stroke-width': 1.5 }));
      if (b.sd != null) {
        const y0 = Y(Math.max(0, b.mean - b.sd));
        const y1 = Y(b.mean + b.sd);
        parts.push(el('line', { x1: x, x2: x, y1: y0, y2: y1, stroke: '#1d2733', 'stroke-width': 1.5 }));
        parts.push(el('line', { x1: x - 9, x2: x + 9, y1, y2: y1, stroke: '#1d2733', 'stroke-width': 1.5 }));
        parts.push(el('line', { x1: x - 9, x2: x + 9, y1: y0, y2: y0, stroke: '#1d2733', 'stroke-width': 1.5 }));
      }
    }
    const k = b.points.length;
    b.points.forEach((p, j) => {
      const dx = k > 1 ? (j / (k - 1) - 0.5) * Math.min(barW * 0.8, 18 * (k - 1)) : 0;
      parts.push(el('circle', { cx: x + dx, cy: Y(p.value), r: 4.5, fill: b.color, stroke: '#fff', 'stroke-width': 1.2 },
        el('title', { 'data-user': '' }, esc(`${p.sample}: ${fmt(p.value)}`))));
    });
    parts.push(el('text', { x, y: m.top + ph + 20, 'text-anchor': 'middle', 'font-size': 12, 'font-weight': 'bold', 'data-user': b.group === '' ? null : '' }, esc(b.label)));
    parts.push(el('text', { x, y: m.top + ph + 36, 'text-anchor': 'middle', 'font-size': 11, fill: '#3b4757' }, esc(b.sub)));
  });
  if (fig.bracket) {
    const { a, b, text } = fig.bracket;
    const tops = fig.bars.slice(a, b + 1).map((bar) => Math.max(bar.mean != null ? bar.mean + (bar.sd ?? 0) : 0, ...bar.points.map((p) => p.value)));
    const yb = Y(Math.max(...tops)) - 16;
    const x0 = cx(a);
    const x1 = cx(b);
    parts.push(el('path', { d: `M${x0} ${yb + 8}V${yb}H${x1}V${yb + 8}`, fill: 'none', stroke: '#1d2733', 'stroke-width': 1.2 }));
    parts.push(el('text', { x: (x0 + x1) / 2, y: yb - 6, 'text-anchor': 'middle', 'font-size': 12 }, esc(text)));
  }
  parts.push(el('text', { x: m.left, y: height - 12, 'font-size': 11, fill: '#5b6778' }, esc(fig.caption)));
  return svgDocument(width, height, parts.join(''));
}
