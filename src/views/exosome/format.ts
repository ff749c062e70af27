/**
 * How the Exosome QC view writes its numbers (Intl for the UI or export language) and names its
 * tests. Sizes in nm with one decimal, RNA in ng/µl with two (as the paper prints them), shares as
 * percentages, particle concentrations as "5.32 × 10¹⁰", p-values as journals print them.
 */
import { msg, str } from '@lit/localize';
import type { RnaGroupTest, RnaTest } from '../../study/exosome-settings.ts';
import type { ManyGroupTest, TwoGroupTest } from '../../study/exosome-analysis.ts';

/** A number with exactly `digits` decimals in the locale; '–' for null/NaN. */
export function fixed(x: number | null | undefined, loc: string, digits: number): string {
  if (x == null || !Number.isFinite(x)) return '–';
  return new Intl.NumberFormat(loc, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(x);
}

const SUP: Record<string, string> = { '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };

/** "10¹⁰" for an exponent. */
export const pow10 = (e: number): string => `10${String(e).split('').map((c) => SUP[c] ?? c).join('')}`;

/** A particle concentration "5.32 × 10¹⁰" (3 significant digits); '–' for null; "0" for zero. */
export function sci(x: number | null | undefined, loc: string, digits = 2): string {
  if (x == null || !Number.isFinite(x)) return '–';
  if (x === 0) return fixed(0, loc, 0);
  const e = Math.floor(Math.log10(Math.abs(x)));
  let m = x / 10 ** e;
  let ee = e;
  if (Math.abs(+m.toFixed(digits)) >= 10) { m /= 10; ee += 1; }
  return `${fixed(m, loc, digits)} × ${pow10(ee)}`;
}

/** A share 0–1 as a percentage with one decimal. */
export function pct(x: number | null | undefined, loc: string): string {
  if (x == null || !Number.isFinite(x)) return '–';
  return new Intl.NumberFormat(loc, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(x);
}

/** A p-value: three decimals from 0.001 up, else "< 0.001"; '–' when there is none. */
export function fmtP(p: number | null | undefined, loc: string): string {
  if (p == null || !Number.isFinite(p)) return '–';
  return p >= 0.001 ? fixed(p, loc, 3) : `< ${fixed(0.001, loc, 3)}`;
}

/** "p = 0.033" or "p < 0.001". */
export function pEquals(p: number | null | undefined, loc: string): string {
  const s = fmtP(p, loc);
  return s.startsWith('<') ? `p ${s}` : `p = ${s}`;
}

/** "350.17 ± 37.55". */
export function meanSdText(mean: number | null, sd: number | null, loc: string, digits: number): string {
  if (mean == null) return '–';
  return sd == null ? fixed(mean, loc, digits) : `${fixed(mean, loc, digits)} ± ${fixed(sd, loc, digits)}`;
}

/** Full name of a two-group test. */
export function testName(t: RnaTest): string {
  switch (t) {
    case 'student': return msg('Student t-test (equal variances assumed)', { id: 'exosome.test.student' });
    case 'welch': return msg('Welch t-test (equal variances not assumed)', { id: 'exosome.test.welch' });
    case 'mann-whitney': return msg('Mann–Whitney U test', { id: 'exosome.test.mannWhitney' });
  }
}

/** Short name of a two-group test (on the figure). */
export function testShort(t: RnaTest): string {
  switch (t) {
    case 'student': return msg('Student t', { id: 'exosome.test.studentShort' });
    case 'welch': return msg('Welch t', { id: 'exosome.test.welchShort' });
    case 'mann-whitney': return msg('Mann–Whitney', { id: 'exosome.test.mannWhitneyShort' });
  }
}

/** Name of a test across groups. */
export function groupTestName(t: RnaGroupTest): string {
  switch (t) {
    case 'anova': return msg('One-way ANOVA', { id: 'exosome.test.anova' });
    case 'welch-anova': return msg('Welch ANOVA', { id: 'exosome.test.welchAnova' });
    case 'kruskal': return msg('Kruskal–Wallis test', { id: 'exosome.test.kruskal' });
  }
}

/** The statistic of a two-group test: "t = 5.26, df = 4" / "W = 0.0". */
export function statLine(r: TwoGroupTest, loc: string): string {
  if (r.test === 'mann-whitney') return msg(str`W = ${fixed(r.statistic, loc, 1)}`, { id: 'exosome.test.statW' });
  const df = r.df == null ? '–' : Number.isInteger(r.df) ? fixed(r.df, loc, 0) : fixed(r.df, loc, 2);
  return msg(str`t = ${fixed(r.statistic, loc, 2)}, df = ${df}`, { id: 'exosome.test.statT' });
}

/** "t = 5.26, df = 4, p = 0.006" / "W = 0.0, p = 0.100". */
export function twoGroupLine(r: TwoGroupTest | null, loc: string): string {
  if (!r) return msg('not computable (each group needs at least two values)', { id: 'exosome.test.notComputable' });
  return `${statLine(r, loc)}, ${pEquals(r.p, loc)}`;
}

/** "F(2, 6) = 42.1, p < 0.001" / "H = 7.20, df = 2, p = 0.027". */
export function manyGroupLine(r: ManyGroupTest | null, loc: string): string {
  if (!r) return msg('not computable (each group needs at least two values)', { id: 'exosome.test.notComputable' });
  const p = pEquals(r.p, loc);
  if (r.test === 'kruskal') return msg(str`H = ${fixed(r.statistic, loc, 2)}, df = ${r.df1}, ${p}`, { id: 'exosome.test.lineH' });
  const df2 = r.df2 == null ? '–' : Number.isInteger(r.df2) ? fixed(r.df2, loc, 0) : fixed(r.df2, loc, 2);
  return msg(str`F(${fixed(r.df1, loc, 0)}, ${df2}) = ${fixed(r.statistic, loc, 2)}, ${p}`, { id: 'exosome.test.lineF' });
}

/** Display name of a group value ('' = not assigned). User data otherwise, shown as is. */
export function groupLabel(g: string): string {
  return g === '' ? msg('(no group)', { id: 'exosome.noGroup' }) : g;
}
