/**
 * Which probes of the study's array analysis become heatmap rows, and the matrix sent to the
 * worker. Pure and O(probes × arrays): picking rows is not an analysis, so the page does it.
 *
 * Rows that cannot be clustered with the chosen settings are left out up front and listed with
 * the reason, instead of failing the whole clustering (R's hclust would stop on the NA distance):
 * a probe with no value; with z-scores or a correlation distance, a probe with fewer than two
 * distinct values (zero standard deviation: its z-scores and correlations are undefined); with the
 * cosine distance, a probe that is all zeros.
 */
import type { Metric } from '../../stats/cluster.ts';
import type { RowSource } from './settings.ts';

/** What the row choice needs from the analysis (src/app/array-analysis-client.ts StudyArrayAnalysis). */
export interface RowSourceData {
  probes: readonly string[];
  /** One column per array (normalized log2). */
  log2: readonly Float64Array[];
  up: readonly string[];
  down: readonly string[];
}

/** Why a probe was left out. */
export type LeftOutReason = 'noValues' | 'constant' | 'allZero';

/** The rows chosen. */
export interface RowSelection {
  /** Indices into `probes` of the rows kept, in the analysis's order. */
  index: Int32Array;
  /** Probes matched by the choice but left out, and why. */
  leftOut: { probe: string; reason: LeftOutReason }[];
  /** Probes matched by the choice (kept + left out). */
  matched: number;
}

/** Search terms: split on whitespace, commas and semicolons (ASCII or CJK), lower-cased, blanks dropped. */
export function searchTerms(text: string): string[] {
  return text.split(/[\s,;，；、]+/).map((t) => t.trim().toLowerCase()).filter(Boolean);
}

/** Options of {@link selectRows}. */
export interface SelectOptions {
  rows: RowSource;
  search: string;
  distance: Metric;
  zScore: boolean;
}

/**
 * The heatmap rows: the DE list (up ∪ down), every probe, or the probes whose id contains any search
 * term; then the unclusterable ones left out (see the file header).
 */
export function selectRows(a: RowSourceData, o: SelectOptions): RowSelection {
  const nP = a.probes.length;
  let candidates: number[];
  if (o.rows === 'all') {
    candidates = Array.from({ length: nP }, (_, i) => i);
  } else if (o.rows === 'de') {
    const de = new Set([...a.up, ...a.down]);
    candidates = [];
    for (let i = 0; i < nP; i++) if (de.has(a.probes[i])) candidates.push(i);
  } else {
    const terms = searchTerms(o.search);
    candidates = [];
    if (terms.length) {
      for (let i = 0; i < nP; i++) {
        const p = a.probes[i].toLowerCase();
        if (terms.some((t) => p.includes(t))) candidates.push(i);
      }
    }
  }
  const needSpread = o.zScore || o.distance === 'pearson' || o.distance === 'spearman';
  const keep: number[] = [];
  const leftOut: RowSelection['leftOut'] = [];
  for (const i of candidates) {
    let present = 0;
    let first = NaN;
    let spread = false;
    let nonZero = false;
    for (const col of a.log2) {
      const v = col[i];
      if (Number.isNaN(v)) continue;
      if (present === 0) first = v;
      else if (v !== first) spread = true;
      if (v !== 0) nonZero = true;
      present++;
    }
    if (present === 0) leftOut.push({ probe: a.probes[i], reason: 'noValues' });
    else if (needSpread && !spread) leftOut.push({ probe: a.probes[i], reason: 'constant' });
    else if (o.distance === 'cosine' && !o.zScore && !nonZero) leftOut.push({ probe: a.probes[i], reason: 'allZero' });
    else keep.push(i);
  }
  return { index: Int32Array.from(keep), leftOut, matched: candidates.length };
}

/** The chosen rows as a column-major matrix (rows × arrays), NaN = missing. */
export function rowMatrix(log2: readonly Float64Array[], index: Int32Array): Float64Array {
  const n = index.length;
  const out = new Float64Array(n * log2.length);
  log2.forEach((col, j) => { for (let q = 0; q < n; q++) out[j * n + q] = col[index[q]]; });
  return out;
}
