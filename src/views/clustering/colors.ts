/**
 * Colours of the clustering heatmap: the diverging value scales (with their key), the sample-group
 * bars and the cluster colours. Pure (no DOM), shared by the canvas and the SVG export so both show
 * the same colour for the same value.
 *
 * A value maps linearly from [low, high] onto the scale, clamped at both ends (the key marks the
 * ends "≤ low" and "≥ high"); the scale's middle colour sits at (low + high) / 2. Missing values
 * (NaN) are grey.
 */

/** The heatmap's colour scales. */
export type Palette = 'bwr' | 'puor' | 'gkr';

/** Colour stops, low → high (evenly spaced). */
export const PALETTE_STOPS: Readonly<Record<Palette, readonly string[]>> = {
  // ColorBrewer RdBu (11 classes), reversed so that low is blue and high is red
  bwr: ['#053061', '#2166ac', '#4393c3', '#92c5de', '#d1e5f0', '#f7f7f7', '#fddbc7', '#f4a582', '#d6604d', '#b2182b', '#67001f'],
  // ColorBrewer PuOr (11 classes), reversed: purple low, orange high — colour-blind safe
  puor: ['#2d004b', '#542788', '#8073ac', '#b2abd2', '#d8daeb', '#f7f7f7', '#fee0b6', '#fdb863', '#e08214', '#b35806', '#7f3b08'],
  // MEV's classic green–black–red (not colour-blind safe)
  gkr: ['#00ff00', '#000000', '#ff0000'],
};

/** Colour of a missing value. */
export const NA_COLOR = '#bdbdbd';

/** Entries of a lookup table. */
export const LUT_SIZE = 256;

/** '#rrggbb' → [r, g, b]. */
export function hexToRgb(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** [r, g, b] → '#rrggbb'. */
export function rgbToHex(r: number, g: number, b: number): string {
  return '#' + [r, g, b].map((c) => Math.round(Math.max(0, Math.min(255, c))).toString(16).padStart(2, '0')).join('');
}

/**
 * The palette as a lookup table of `size` RGB triples (Uint8ClampedArray of 3·size), sampled by
 * linear interpolation between the stops in sRGB.
 */
export function paletteLut(p: Palette, size = LUT_SIZE): Uint8ClampedArray {
  const stops = PALETTE_STOPS[p].map(hexToRgb);
  const out = new Uint8ClampedArray(size * 3);
  for (let i = 0; i < size; i++) {
    const t = size === 1 ? 0.5 : i / (size - 1);
    const f = t * (stops.length - 1);
    const a = Math.min(stops.length - 2, Math.floor(f));
    const u = f - a;
    for (let c = 0; c < 3; c++) out[i * 3 + c] = Math.round(stops[a][c] + (stops[a + 1][c] - stops[a][c]) * u);
  }
  return out;
}

/** A value → colour mapping. */
export interface ColorScale {
  palette: Palette;
  low: number;
  high: number;
  /** RGB lookup table of LUT_SIZE entries. */
  lut: Uint8ClampedArray;
}

/** The scale for a palette and limits (low < high; equal limits are widened by ±0.5). */
export function colorScale(palette: Palette, low: number, high: number): ColorScale {
  let lo = low;
  let hi = high;
  if (!(hi > lo)) { const m = Number.isFinite(lo) ? lo : 0; lo = m - 0.5; hi = m + 0.5; }
  return { palette, low: lo, high: hi, lut: paletteLut(palette) };
}

/** LUT index of a value (clamped to the ends), or −1 for NaN. */
export function colorIndex(s: ColorScale, v: number): number {
  if (Number.isNaN(v)) return -1;
  const t = (v - s.low) / (s.high - s.low);
  if (t <= 0) return 0;
  if (t >= 1) return LUT_SIZE - 1;
  return Math.round(t * (LUT_SIZE - 1));
}

/** '#rrggbb' of a value (NA_COLOR for NaN). */
export function colorOf(s: ColorScale, v: number): string {
  const i = colorIndex(s, v);
  if (i < 0) return NA_COLOR;
  return rgbToHex(s.lut[i * 3], s.lut[i * 3 + 1], s.lut[i * 3 + 2]);
}

/**
 * Automatic limits. Z-scores: symmetric about 0 at the 99th percentile of |z| (so one outlier does
 * not wash the map out), rounded up to 0.1. Other values: the 1st and 99th percentiles, rounded
 * outwards to 0.1. NaN ignored; [−1, 1] when nothing is finite. Beyond 50 000 values, an evenly
 * spaced sample of them.
 */
export function autoLimits(values: ArrayLike<number>, zScored: boolean): { low: number; high: number } {
  // at most ~50 000 values, evenly spaced (percentiles of a colour key need no more)
  const stride = Math.max(1, Math.floor(values.length / 50_000));
  let n = 0;
  const buf = new Float64Array(Math.ceil(values.length / stride));
  for (let i = 0; i < values.length; i += stride) { const v = values[i]; if (Number.isFinite(v)) buf[n++] = zScored ? Math.abs(v) : v; }
  if (n === 0) return { low: -1, high: 1 };
  const xs = buf.subarray(0, n).sort(); // typed-array sort: numeric
  const q = (p: number) => xs[Math.min(xs.length - 1, Math.max(0, Math.round(p * (xs.length - 1))))];
  if (zScored) {
    const m = Math.max(0.1, Math.ceil(q(0.99) * 10 - 1e-9) / 10);
    return { low: -m, high: m };
  }
  let low = Math.floor(q(0.01) * 10 + 1e-9) / 10;
  let high = Math.ceil(q(0.99) * 10 - 1e-9) / 10;
  if (!(high > low)) { low -= 0.5; high += 0.5; }
  return { low, high };
}

/**
 * Cluster colours (Okabe–Ito first, then Paul Tol's muted set): distinguishable with the common
 * colour-vision deficiencies for the first eight; cycled beyond.
 */
export const CLUSTER_COLORS: readonly string[] = [
  '#E69F00', '#56B4E9', '#009E73', '#F0E442', '#0072B2', '#D55E00', '#CC79A7', '#000000',
  '#332288', '#88CCEE', '#44AA99', '#117733', '#999933', '#DDCC77', '#CC6677', '#882255', '#AA4499',
];

/** Colour of cluster c (1-based). */
export function clusterColor(c: number): string {
  return CLUSTER_COLORS[(c - 1) % CLUSTER_COLORS.length];
}

/** Sample-group bar colours (ColorBrewer Dark2, then Set2); arrays without a group are light grey. */
export const GROUP_COLORS: readonly string[] = ['#1b9e77', '#d95f02', '#7570b3', '#e7298a', '#66a61e', '#e6ab02', '#a6761d', '#666666'];
/** Colour of an array without a group. */
export const NO_GROUP_COLOR = '#e0e0e0';

/** One colour per group label, in order of first appearance ('' = no group). */
export function groupColors(groups: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const g of groups) {
    if (out.has(g)) continue;
    out.set(g, g === '' ? NO_GROUP_COLOR : GROUP_COLORS[[...out.keys()].filter((x) => x !== '').length % GROUP_COLORS.length]);
  }
  return out;
}
