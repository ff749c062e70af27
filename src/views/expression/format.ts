/**
 * How the Expression view writes its numbers (Intl, in the UI language via intlLocale()): fold
 * changes and log2 values with two decimals, statistics with two, p-values with three significant
 * digits or in scientific form below 0.001, and '–' for anything missing — never NaN.
 */

/** A number with exactly `digits` decimals in the locale; '–' for null/NaN/±Infinity. */
export function fixed(x: number | null | undefined, loc: string, digits = 2): string {
  if (x == null || !Number.isFinite(x)) return '–';
  return new Intl.NumberFormat(loc, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(x);
}

/** A count ("3,180" in en-GB). */
export function count(x: number | null | undefined, loc: string): string {
  return fixed(x, loc, 0);
}

const SUP: Record<string, string> = { '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };

/** A p-value: three significant digits from 0.001 up ("0.0123"), else "1.2 × 10⁻⁵"; '–' when missing. */
export function pValue(p: number | null | undefined, loc: string): string {
  if (p == null || !Number.isFinite(p)) return '–';
  if (p >= 0.001) return new Intl.NumberFormat(loc, { maximumSignificantDigits: 3, minimumSignificantDigits: 1 }).format(p);
  if (p <= 0) return `< ${fixed(1e-300, loc, 0)}`;
  let e = Math.floor(Math.log10(p));
  let m = p / 10 ** e;
  if (Number(m.toFixed(1)) >= 10) { m /= 10; e += 1; }
  return `${fixed(m, loc, 1)} × 10${String(e).split('').map((c) => SUP[c]).join('')}`;
}

/** A p-value for axis ticks and plain text (no superscripts): "0.05", "1e-5". */
export function pPlain(p: number): string {
  if (!Number.isFinite(p)) return '–';
  return p >= 0.001 ? String(Number(p.toPrecision(3))) : p.toExponential(1).replace('e', 'e');
}
