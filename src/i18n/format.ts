/**
 * Number, byte and date formatting through Intl for a given locale tag (SPEC: numbers and dates
 * follow the chosen language; user data is never reformatted).
 */

/** A count or measurement with at most `digits` decimals, grouped as the locale does. */
export function formatNumber(x: number | null | undefined, locale: string, digits = 0): string {
  if (x == null || !Number.isFinite(x)) return '–';
  return new Intl.NumberFormat(locale, { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(x);
}

/** Bytes as B / kB / MB / GB (decimal units, as browsers report quota). */
export function formatBytes(n: number | null | undefined, locale: string): string {
  if (n == null || !Number.isFinite(n)) return '–';
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;
  let i = 0;
  let v = n;
  while (v >= 1000 && i < units.length - 1) { v /= 1000; i += 1; }
  return new Intl.NumberFormat(locale, { style: 'unit', unit: units[i], unitDisplay: 'short', maximumFractionDigits: v < 10 && i > 0 ? 1 : 0 }).format(v);
}

/** An ISO timestamp as a medium date and short time in the locale. */
export function formatDateTime(iso: string, locale: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}
