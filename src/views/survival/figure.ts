/**
 * The Kaplan–Meier figure as data: one description drawn twice — on screen with uPlot
 * (km-plot.ts) and as a vector SVG for export (km-svg.ts) — so the exported figure is the one on
 * the screen. Pure and DOM-free.
 *
 * Curves are step functions through knots (0, 1), (t₁, S₁), …: S holds from tᵢ up to tᵢ₊₁ and the
 * curve stops at the group's last observed time (as R's plot.survfit). Bands are the pointwise
 * Greenwood limits of the chosen transform, or the bootstrap percentile limits, at the same knots;
 * null where a limit does not exist (log-log at S = 1, log at S = 0), which leaves a gap.
 */
import { confidenceBand, zFor, type ConfType } from '../../stats/km.ts';
import type { TimeUnit } from '../../study/endpoints.ts';

/**
 * Colour-blind-safe palette: Okabe & Ito (2008) without the yellow (too light on white), then
 * Paul Tol's muted colours for groups 8–12 (which are also dashed, see {@link curveDash}).
 */
export const KM_PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000',
  '#882255', '#117733', '#332288', '#999933', '#AA4499'] as const;

/** Opacity of the shaded bands (light, so three overlapping bands stay readable). */
export const BAND_ALPHA = 0.1;

/** Dash pattern of the i-th curve: solid for the first seven, dashed after. */
export const curveDash = (i: number): number[] | null => (i < 7 ? null : [7, 3]);

/** What a curve needs from a fit (a subset of KmGroupFit, so worker results plug in directly). */
export interface CurveSource {
  name: string;
  n: number;
  events: number;
  time: readonly number[];
  nRisk: readonly number[];
  nEvent: readonly number[];
  nCensor: readonly number[];
  surv: readonly number[];
  lower: readonly (number | null)[];
  upper: readonly (number | null)[];
  median: number | null;
}

/** Bootstrap pointwise band of one group at its own distinct times (NaN/null = no limit). */
export interface BandSource {
  time: ArrayLike<number>;
  lower: ArrayLike<number | null>;
  upper: ArrayLike<number | null>;
}

/** One curve of the figure. */
export interface KmCurve {
  /** The group's value. */
  key: string;
  /** What the at-risk table says. */
  label: string;
  /** The legend's text, e.g. "Response (n = 95, 14 events)". */
  legend: string;
  color: string;
  dash: number[] | null;
  n: number;
  events: number;
  /** Knots: 0 first, then every distinct time. */
  time: number[];
  surv: number[];
  /** Band at the knots (empty arrays when bands are off). */
  lower: (number | null)[];
  upper: (number | null)[];
  /** Censoring marks: time and S there. */
  censor: { t: number; s: number }[];
  median: number | null;
  /** Numbers at risk at the figure's x ticks. */
  atRisk: number[];
}

/** Where the test's text sits inside the plot area. */
export type Corner = 'bl' | 'tr' | 'br' | 'tl';

/** The whole figure. */
export interface KmFigure {
  xLabel: string;
  yLabel: string;
  /** Right end of the x axis (a tick). */
  xMax: number;
  xTicks: number[];
  yTicks: number[];
  curves: KmCurve[];
  showBands: boolean;
  showMedians: boolean;
  showCensor: boolean;
  /** The test's name and its statistic line (empty when there is no test). */
  testLines: string[];
  /** Corner of the plot area for the test's text (the first free of bl, tr, br). */
  testCorner: Corner;
  /** Legend title (the grouping variable), null when ungrouped. */
  legendTitle: string | null;
  atRiskTitle: string;
}

/** Tick steps that read naturally in each unit (months in 3s, 6s and 12s; years; days in weeks/months/years). */
const STEPS: Record<TimeUnit, number[]> = {
  days: [1, 2, 7, 14, 30, 60, 90, 180, 365, 730, 1095, 1825, 3650, 7300],
  months: [1, 2, 3, 6, 12, 24, 36, 60, 120, 240],
  years: [0.25, 0.5, 1, 2, 5, 10, 20, 50],
};

/**
 * X ticks from 0 to the first tick at or beyond `maxTime`: the smallest natural step of the unit
 * giving at most `maxIntervals` intervals.
 */
export function timeTicks(maxTime: number, unit: TimeUnit, maxIntervals = 8): number[] {
  const top = maxTime > 0 && Number.isFinite(maxTime) ? maxTime : 1;
  const steps = STEPS[unit];
  let step = steps.find((s) => Math.ceil(top / s - 1e-9) <= maxIntervals);
  if (step === undefined) {
    const raw = top / maxIntervals;
    const mag = 10 ** Math.floor(Math.log10(raw));
    step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  }
  const k = Math.max(1, Math.ceil(top / step - 1e-9));
  return Array.from({ length: k + 1 }, (_, i) => +(i * step!).toPrecision(12));
}

/**
 * Number at risk at time t: subjects whose observed time is ≥ t, i.e. survfit's n.risk at the first
 * curve time ≥ t (0 beyond the last).
 */
export function atRiskAt(fit: Pick<CurveSource, 'time' | 'nEvent' | 'nCensor'>, t: number): number {
  let n = 0;
  for (let i = fit.time.length - 1; i >= 0 && fit.time[i] >= t; i--) n += fit.nEvent[i] + fit.nCensor[i];
  return n;
}

/** S of a step curve at x (last knot ≤ x), null beyond the curve's last knot. */
export function stepValue(time: readonly number[], surv: readonly (number | null)[], x: number): number | null {
  if (time.length === 0 || x > time[time.length - 1]) return null;
  let lo = 0;
  let hi = time.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (time[mid] <= x) lo = mid; else hi = mid - 1;
  }
  return time[lo] <= x ? surv[lo] : null;
}

/** Inputs of {@link buildKmFigure}. */
export interface FigureInput {
  fits: readonly CurveSource[];
  /** Display label per group value. */
  labels: Readonly<Record<string, string>>;
  unit: TimeUnit;
  xLabel: string;
  yLabel: string;
  bands: 'ci' | 'bootstrap' | 'none';
  confType: ConfType;
  confLevel?: number;
  /** Bootstrap bands per group value (used when bands = 'bootstrap'). */
  bootstrapBands?: Readonly<Record<string, BandSource | null>>;
  showMedians: boolean;
  showCensor: boolean;
  testLines: string[];
  legendTitle: string | null;
  atRiskTitle: string;
  /** Legend text of a group (default "label (n = N, E events)"). */
  legendText?: (label: string, n: number, events: number) => string;
}

const nn = (x: number | null | undefined): number | null => (x === null || x === undefined || Number.isNaN(x) ? null : x);

/** Builds the figure from the worker's fits (see the file header). */
export function buildKmFigure(inp: FigureInput): KmFigure {
  const maxTime = Math.max(0, ...inp.fits.map((f) => (f.time.length ? f.time[f.time.length - 1] : 0)));
  const xTicks = timeTicks(maxTime, inp.unit);
  const start = confidenceBand(1, 0, inp.confType, zFor(inp.confLevel ?? 0.95));
  const curves = inp.fits.map((f, i): KmCurve => {
    let lower: (number | null)[] = [];
    let upper: (number | null)[] = [];
    if (inp.bands === 'ci') {
      lower = [start.lower, ...f.lower];
      upper = [start.upper, ...f.upper];
    } else if (inp.bands === 'bootstrap') {
      const b = inp.bootstrapBands?.[f.name];
      if (b) {
        // the bootstrap grid is the group's distinct times; read it at the fit's times to be safe
        const bt = Array.from(b.time);
        lower = [1, ...f.time.map((t) => nn(stepValue(bt, Array.from(b.lower, nn), t)))];
        upper = [1, ...f.time.map((t) => nn(stepValue(bt, Array.from(b.upper, nn), t)))];
      }
    }
    const censor: { t: number; s: number }[] = [];
    f.time.forEach((t, j) => { if (f.nCensor[j] > 0) censor.push({ t, s: f.surv[j] }); });
    return {
      key: f.name, label: inp.labels[f.name] ?? f.name,
      legend: (inp.legendText ?? ((l, n, e) => `${l} (n = ${n}, ${e} events)`))(inp.labels[f.name] ?? f.name, f.n, f.events),
      color: KM_PALETTE[i % KM_PALETTE.length], dash: curveDash(i),
      n: f.n, events: f.events, time: [0, ...f.time], surv: [1, ...f.surv], lower, upper, censor, median: f.median,
      atRisk: xTicks.map((t) => atRiskAt(f, t)),
    };
  });
  const fig: KmFigure = {
    xLabel: inp.xLabel, yLabel: inp.yLabel, xMax: xTicks[xTicks.length - 1], xTicks, yTicks: [0, 0.2, 0.4, 0.6, 0.8, 1],
    curves, showBands: inp.bands !== 'none' && curves.some((c) => c.lower.length > 0), showMedians: inp.showMedians,
    showCensor: inp.showCensor, testLines: inp.testLines, testCorner: 'bl', legendTitle: inp.legendTitle, atRiskTitle: inp.atRiskTitle,
  };
  fig.testCorner = freeCorner(fig);
  return fig;
}

/** The text box of each corner in data units (x as a fraction of xMax, y as S). */
export const CORNER_BOX: Readonly<Record<Corner, { x0: number; x1: number; y0: number; y1: number }>> = {
  bl: { x0: 0.02, x1: 0.45, y0: 0.02, y1: 0.17 },
  tr: { x0: 0.55, x1: 0.98, y0: 0.83, y1: 0.98 },
  br: { x0: 0.55, x1: 0.98, y0: 0.02, y1: 0.17 },
  tl: { x0: 0.02, x1: 0.45, y0: 0.83, y1: 0.98 },
};

/** True when some curve passes through the box (x fractions of xMax, y in S). */
function crosses(fig: Pick<KmFigure, 'curves' | 'xMax'>, box: { x0: number; x1: number; y0: number; y1: number }): boolean {
  const xa = box.x0 * fig.xMax;
  const xb = box.x1 * fig.xMax;
  for (const c of fig.curves) {
    const last = c.time[c.time.length - 1];
    if (last < xa) continue;
    const vals: number[] = [];
    const v0 = stepValue(c.time, c.surv, xa);
    if (v0 !== null) vals.push(v0);
    for (let i = 0; i < c.time.length; i++) if (c.time[i] > xa && c.time[i] <= xb) vals.push(c.surv[i]);
    if (vals.length === 0) continue;
    const lo = Math.min(...vals);
    const hi = Math.max(...vals);
    if (hi >= box.y0 && lo <= box.y1) return true;
  }
  return false;
}

/** The first corner (bottom-left, top-right, bottom-right) no curve passes through; bottom-left if none is free. */
export function freeCorner(fig: Pick<KmFigure, 'curves' | 'xMax'>): Corner {
  for (const c of ['bl', 'tr', 'br'] as const) if (!crosses(fig, CORNER_BOX[c])) return c;
  return 'bl';
}

/** Contiguous runs of knots where both band limits exist: [from, to] index pairs. */
export function bandRuns(c: Pick<KmCurve, 'lower' | 'upper'>): [number, number][] {
  const runs: [number, number][] = [];
  let s = -1;
  for (let i = 0; i <= c.lower.length; i++) {
    const ok = i < c.lower.length && c.lower[i] !== null && c.upper[i] !== null;
    if (ok && s < 0) s = i;
    if (!ok && s >= 0) { runs.push([s, i - 1]); s = -1; }
  }
  return runs;
}

/** Rough width in px of a text at `size` px (CJK glyphs are square, Latin about 0.55 em). */
export function textWidth(s: string, size = 12): number {
  let w = 0;
  for (const ch of s) w += /[\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF]/.test(ch) ? size : size * 0.56;
  return w;
}

/** Width of the left gutter (y axis and at-risk labels) so the longest group label fits. */
export function gutterWidth(fig: Pick<KmFigure, 'curves'>): number {
  const longest = Math.max(0, ...fig.curves.map((c) => textWidth(c.label, 12)));
  // bold labels run ~15% wider than the estimate; the first at-risk number is centred on the axis
  return Math.round(Math.min(200, Math.max(72, longest * 1.18 + 34)));
}
