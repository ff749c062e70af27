/**
 * How the Survival view writes its numbers: times in the chosen unit, survival as a percentage,
 * p-values as journals print them, and "not reached" as words — never NaN (SPEC §4, issue 4).
 * Numbers go through Intl for the UI language (intlLocale()).
 */
import { msg, str } from '@lit/localize';
import type { TimeUnit } from '../../study/endpoints.ts';
import type { LogrankWeights } from '../../stats/logrank.ts';

/** Decimals a time gets in each unit: whole days, months to 0.1, years to 0.01. */
export const TIME_DIGITS: Readonly<Record<TimeUnit, number>> = { days: 0, months: 1, years: 2 };

/** A number with exactly `digits` decimals in the locale; '–' for null/NaN. */
export function fixed(x: number | null | undefined, loc: string, digits: number): string {
  if (x == null || !Number.isFinite(x)) return '–';
  return new Intl.NumberFormat(loc, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(x);
}

/** "not reached" (a median or limit the curve never gets to). */
export const notReached = (): string => msg('not reached', { id: 'survival.notReached' });
/** The short form used inside intervals ("54.8–NR"). */
export const nrShort = (): string => msg('NR', { id: 'survival.nrShort' });

/** A time in `unit`; null = not reached (short form inside intervals). */
export function fmtTime(x: number | null, unit: TimeUnit, loc: string, short = false): string {
  if (x === null || !Number.isFinite(x)) return short ? nrShort() : notReached();
  return fixed(x, loc, TIME_DIGITS[unit]);
}

/** An interval "lo–hi" with NR for a limit not reached. */
export function fmtInterval(lo: number | null, hi: number | null, f: (x: number | null) => string): string {
  return `${f(lo)}–${f(hi)}`;
}

/** Survival as a percentage with one decimal ("91.2%"); '–' for null. */
export function fmtPct(x: number | null, loc: string): string {
  if (x === null || !Number.isFinite(x)) return '–';
  return new Intl.NumberFormat(loc, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(x);
}

const SUP: Record<string, string> = { '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };

/**
 * A p-value: three decimals from 0.001 up ("0.049"); below, "< 0.001", or with `exact` the value in
 * scientific form ("1.6 × 10⁻²⁹"). null (nothing to test) → '–'.
 */
export function fmtP(p: number | null, loc: string, exact = false): string {
  if (p === null || !Number.isFinite(p)) return '–';
  if (p >= 0.001) return fixed(p, loc, 3);
  if (!exact) return `< ${fixed(0.001, loc, 3)}`;
  if (p === 0) return `< ${fixed(1e-300, loc, 0)}`;
  const e = Math.floor(Math.log10(p));
  const m = p / 10 ** e;
  return `${fixed(m, loc, 1)} × 10${String(e).split('').map((c) => SUP[c]).join('')}`;
}

/** "p = 0.049" or "p < 0.001". */
export function pEquals(p: number | null, loc: string): string {
  const s = fmtP(p, loc);
  return s.startsWith('<') ? `p ${s}` : `p = ${s}`;
}

/** Localized name of a test of the log-rank family, as SPSS names them. */
export function testName(w: LogrankWeights): string {
  switch (w) {
    case 'logrank': return msg('Log-rank (Mantel–Cox)', { id: 'survival.test.logrank' });
    case 'gehan-breslow': return msg('Breslow (generalized Wilcoxon)', { id: 'survival.test.breslow' });
    case 'tarone-ware': return msg('Tarone–Ware', { id: 'survival.test.taroneWare' });
  }
}

/** Localized unit name ("months"). */
export function unitName(u: TimeUnit): string {
  switch (u) {
    case 'days': return msg('days', { id: 'survival.unit.days' });
    case 'months': return msg('months', { id: 'survival.unit.months' });
    case 'years': return msg('years', { id: 'survival.unit.years' });
  }
}

/** Short unit for headers and read-outs ("mo"): no singular/plural to get wrong. */
export function unitAbbr(u: TimeUnit): string {
  switch (u) {
    case 'days': return msg('d', { id: 'survival.unitAbbr.days' });
    case 'months': return msg('mo', { id: 'survival.unitAbbr.months' });
    case 'years': return msg('y', { id: 'survival.unitAbbr.years' });
  }
}

/** "χ² = 1.43, df = 2, p = 0.489" (the statistic line on the plot). */
export function testLine(chisq: number, df: number, p: number | null, loc: string): string {
  return msg(str`χ² = ${fixed(chisq, loc, 2)}, df = ${df}, ${pEquals(p, loc)}`, { id: 'survival.testLine' });
}
