/**
 * How the Targets & network view writes numbers: counts grouped as the locale does, ratios with
 * two decimals, and p-values / FDRs with three decimals down to 0.001 and in scientific form below
 * ("3.2 × 10⁻⁹"; from the log p where p underflows). Through Intl for the UI or export language.
 */
import { msg } from '@lit/localize';
import type { TargetDropReason } from '../../formats/targets.ts';

/** A count ("10,761"). */
export function fmtInt(x: number | null | undefined, loc: string): string {
  if (x == null || !Number.isFinite(x)) return '–';
  return new Intl.NumberFormat(loc, { maximumFractionDigits: 0 }).format(x);
}

/** A number with exactly `digits` decimals; '–' for null/NaN. */
export function fmtFixed(x: number | null | undefined, loc: string, digits: number): string {
  if (x == null || !Number.isFinite(x)) return '–';
  return new Intl.NumberFormat(loc, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(x);
}

/** A number with at most `digits` decimals ("0.5", "2"). */
export function fmtNum(x: number | null | undefined, loc: string, digits = 3): string {
  if (x == null || !Number.isFinite(x)) return '–';
  return new Intl.NumberFormat(loc, { maximumFractionDigits: digits }).format(x);
}

const SUP: Record<string, string> = { '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };
const sup = (e: number): string => String(e).split('').map((c) => SUP[c] ?? c).join('');

/**
 * A p-value or FDR: "0.049" from 0.001 up, else "3.2 × 10⁻⁹" (two significant digits). `logP`
 * (natural log) gives the value where p itself underflowed to 0.
 */
export function fmtP(p: number | null | undefined, loc: string, logP?: number): string {
  if (p == null || Number.isNaN(p)) return '–';
  if (p >= 0.001) return fmtFixed(p, loc, 3);
  const l10 = p > 0 ? Math.log10(p) : logP !== undefined && Number.isFinite(logP) ? logP / Math.LN10 : -Infinity;
  if (!Number.isFinite(l10)) return `< 10${sup(-300)}`;
  let e = Math.floor(l10);
  let mant = 10 ** (l10 - e);
  if (Number(mant.toFixed(1)) >= 10) { mant /= 10; e += 1; }
  return `${fmtFixed(mant, loc, 1)} × 10${sup(e)}`;
}

/** Localized name of a reason a row of a target table was dropped. */
export function dropReasonText(r: TargetDropReason): string {
  switch (r) {
    case 'no-mirna': return msg('no miRNA name', { id: 'targets.drop.noMirna' });
    case 'no-gene': return msg('no gene', { id: 'targets.drop.noGene' });
    case 'no-score': return msg('no score (a cut-off is set)', { id: 'targets.drop.noScore' });
    case 'below-cutoff': return msg('score below the cut-off', { id: 'targets.drop.below' });
    case 'above-cutoff': return msg('score above the cut-off', { id: 'targets.drop.above' });
    case 'duplicate': return msg('repeats an earlier miRNA–gene pair', { id: 'targets.drop.duplicate' });
  }
}

/** Localized name of a kind of gene id. */
export function geneIdTypeText(t: string): string {
  switch (t) {
    case 'symbol': return msg('gene symbols', { id: 'targets.idType.symbol' });
    case 'entrez': return msg('Entrez Gene ids', { id: 'targets.idType.entrez' });
    case 'ensembl': return msg('Ensembl ids', { id: 'targets.idType.ensembl' });
    case 'refseq': return msg('RefSeq ids', { id: 'targets.idType.refseq' });
    default: return msg('a mix of symbols and ids', { id: 'targets.idType.mixed' });
  }
}

/** Localized reason a miRNA name matched nothing. */
export function unmatchedReasonText(r: string): string {
  switch (r) {
    case 'ambiguous': return msg('ambiguous: both arms are in the table', { id: 'targets.unmatched.ambiguous' });
    case 'not-a-mirna': return msg('not a miRNA name', { id: 'targets.unmatched.notMirna' });
    default: return msg('not in the target table', { id: 'targets.unmatched.notFound' });
  }
}

/** Lines as a short list: "3, 8, 12 … (first 20 of 179)". */
export function linesText(lines: readonly number[], count: number, loc: string, max = 20): string {
  const shown = lines.slice(0, max).map((l) => fmtInt(l, loc)).join(', ');
  return count > Math.min(max, lines.length) ? `${shown} …` : shown;
}
