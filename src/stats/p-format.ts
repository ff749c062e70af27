/**
 * p-values and estimates as tables print them.
 *
 * Two styles of p:
 * - 'journal' (the paper's own text, APA/NEJM-like): 3 decimals, and "<0.001" below 0.001
 *   (Table 1 front-line p = 0.000133 → "<0.001");
 * - 'spss' (what SPSS prints in "Asymp. Sig." / "Exact Sig." and what the paper copied into most
 *   of its tables): 3 decimals always, so a tiny p reads "0.000" and 0.000716 reads "0.001" (the
 *   paper's light-chain-ratio risk factor "P = 0.001").
 * Rounding is half-up on the decimal value (0.0145 → "0.015"), as a reader expects.
 */

/** How p-values are printed. */
export type PStyle = 'journal' | 'spss';

/** Rounds half-up on the decimal representation (avoids 1.005 → 1.00 binary artefacts). */
export function roundHalfUp(x: number, decimals: number): number {
  if (!Number.isFinite(x)) return x;
  const sign = x < 0 ? -1 : 1;
  const r = Math.round(Number(`${Math.abs(x)}e${decimals}`));
  return (sign * Number(`${r}e-${decimals}`)) || 0;
}

/** Fixed decimals with half-up rounding; "–" for a missing value (NaN, null). */
export function formatFixed(x: number | null | undefined, decimals: number): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  return roundHalfUp(x, decimals).toFixed(decimals);
}

/** A p-value as printed in a table cell: "0.015", "<0.001" (journal) or "0.000" (spss); "–" if missing. */
export function formatP(p: number | null | undefined, style: PStyle = 'journal'): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return '–';
  if (style === 'journal' && p < 0.001) return '<0.001';
  return formatFixed(Math.min(1, Math.max(0, p)), 3);
}

/** A p-value for running text: "p = 0.015", "p < 0.001". */
export function formatPText(p: number | null | undefined, style: PStyle = 'journal'): string {
  const s = formatP(p, style);
  if (s === '–') return 'p = –';
  return s.startsWith('<') ? `p < ${s.slice(1)}` : `p = ${s}`;
}

/** Significant digits with half-up rounding, no exponent for ordinary magnitudes ("338.2", "54.82"). */
export function formatSignificant(x: number | null | undefined, digits: number): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  if (x === 0) return '0';
  const mag = Math.floor(Math.log10(Math.abs(x)));
  const decimals = Math.max(0, digits - 1 - mag);
  return formatFixed(x, decimals);
}

/** An odds ratio with its interval, as the paper prints it: "34.286 (3.476–338.160)". */
export function formatOddsRatio(or: { estimate: number; lower: number; upper: number } | null | undefined, decimals = 3): string {
  if (!or) return '–';
  return `${formatFixed(or.estimate, decimals)} (${formatFixed(or.lower, decimals)}–${formatFixed(or.upper, decimals)})`;
}
