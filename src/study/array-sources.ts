/**
 * The study's arrays as data sources (SPEC §2 Arrays): GenePix GPR files (one array each), and GEO
 * series matrix or plain matrix files (one array per column). Pure helpers shared by the page
 * (Arrays tab, group editing) and the analysis worker (sniffing a file's kind, building entries,
 * control names). Nothing here touches the DOM or IndexedDB.
 */
import type { ArrayEntry } from './model.ts';
import { DEFAULT_CONTROL_NAMES, DYE_WAVELENGTHS } from '../formats/gpr.ts';
import { isMissingCell, parseNumberCell } from '../formats/delimited.ts';

/** A stable key of one array: the file id, plus `#column` for an array that is a matrix column. */
export function arrayKey(a: Pick<ArrayEntry, 'fileId' | 'column'>): string {
  return a.column == null ? a.fileId : `${a.fileId}#${a.column}`;
}

/** The array's short name as shown and exported: GPR file name without extension, GEO sample title or column name. */
export function arrayName(a: Pick<ArrayEntry, 'fileName' | 'format' | 'sample' | 'title'>): string {
  if (a.format === 'gpr' || a.sample == null) return a.fileName.replace(/\.gpr(\.txt)?$/i, '');
  return a.title || a.sample;
}

/** The arrays with new group labels (key → label, trimmed); entries not named keep theirs. */
export function setArrayGroups(arrays: readonly ArrayEntry[], changes: ReadonlyMap<string, string> | Record<string, string>): ArrayEntry[] {
  const get = (k: string): string | undefined => (changes instanceof Map ? changes.get(k) : (changes as Record<string, string>)[k]);
  return arrays.map((a) => {
    const g = get(arrayKey(a));
    return g === undefined ? a : { ...a, group: g.trim() };
  });
}

/**
 * A group label from a GEO sample title: the title without a trailing replicate number
 * ("Nrl ko P2 replicate 1" → "Nrl ko P2", "WT_rep2" → "WT", "Patient 7" → "Patient").
 */
export function groupFromTitle(title: string): string {
  const t = title.trim()
    .replace(/[\s_.-]*(\(|\[)?\s*(biological\s+|technical\s+)?(replicate|rep|repl|sample|#|no\.?|n)?[\s_.#-]*\d+\s*(\)|\])?$/i, '')
    .trim();
  return t || title.trim();
}

/**
 * The channel (nm) that is read from a file with these wavelengths for the requested channel
 * (a wavelength, or a dye: Hy3/Cy3 → 532, Hy5/Cy5 → 635), or null when it cannot be read
 * (mirrors src/formats/gpr.ts resolveChannel, without throwing: for display).
 */
export function channelRead(wavelengths: readonly number[], requested: number | string | null): number | null {
  if (requested === null || requested === '') return wavelengths.length === 1 ? wavelengths[0] : null;
  let nm: number | undefined;
  if (typeof requested === 'number') nm = requested;
  else {
    const t = requested.trim().toLowerCase().replace(/\s*nm$/, '');
    nm = /^\d+(\.\d+)?$/.test(t) ? Number(t) : DYE_WAVELENGTHS[t];
  }
  return nm !== undefined && wavelengths.includes(nm) ? nm : null;
}

const CONTROL_RES = DEFAULT_CONTROL_NAMES.map((p) => new RegExp('(^|[^a-z0-9])' + p + '([^a-z]|$)'));

/**
 * True for a probe name that is a control, not a capture probe: the GPR reader's control names
 * (water, blank, empty, spike, buffer, Hy3 — src/formats/gpr.ts DEFAULT_CONTROL_NAMES, matched the
 * same way) and Affymetrix's AFFX- controls in GEO/matrix files.
 */
export function isControlName(name: string): boolean {
  const n = name.trim().toLowerCase();
  return n.startsWith('affx-') || n.startsWith('affx_') || CONTROL_RES.some((re) => re.test(n));
}

/** True for a spike-in spot name ("spike_control_a", "Spike-in 3"). */
export function isSpikeIn(name: string): boolean {
  return /(^|[^a-z0-9])spike/i.test(name);
}

/** Name of the Error the worker throws when it lacks a file's bytes (it was restarted): the page sends them all again. */
export const MISSING_FILES = 'MissingArrayFiles';

/** Characters of a text file looked at to decide what it is. */
export const SNIFF_CHARS = 64 * 1024;

/** True when the text (the start of a file) is a GEO series matrix: a line starting with `!Series_`. */
export function looksLikeGeoSeriesMatrix(head: string): boolean {
  return /^!Series_/m.test(head);
}

/** Header cells that name a probe-id column. */
const PROBE_HEADER = /^(|probes?|probe[ _.-]?(id|name|set)s?|id[ _.-]?ref|ids?|names?|mirnas?|mir|mirna[ _.-]?(id|name)|features?|feature[ _.-]?(id|name)|reporters?|genes?|gene[ _.-]?(id|symbol)|symbols?|row[ _.-]?names?|x|spots?|targets?|transcripts?|accession)$/i;

/**
 * Whether the first rows of a delimited file (header first, the last row possibly cut off) look
 * like a plain expression matrix (SPEC §6): a probe-id header cell (probe, ID_REF, miRNA, Name, …,
 * or an empty/missing one as R writes it — or any name when the file name says "matrix"), at least
 * one array column, at least two data rows, and every cell after the first column a number or a
 * missing marker. A cohort table fails on its first text column (sex, dates, regimen).
 */
export function looksLikeMatrix(rows: readonly (readonly string[])[], fileName: string): boolean {
  if (rows.length < 3) return false;
  const header = rows[0];
  const data = rows.slice(1, Math.min(rows.length - 1, 201)); // the last row may be cut by the sniff window
  if (data.length < 2) return false;
  const width = data[0].length;
  const rStyle = header.length === width - 1;
  if (width < 2 || (header.length !== width && !rStyle)) return false;
  if (!rStyle && !PROBE_HEADER.test(header[0].trim()) && !/matrix/i.test(fileName)) return false;
  let numbers = 0;
  for (const r of data) {
    if (r.length !== width) return false;
    for (let j = 1; j < width; j++) {
      const c = r[j];
      if (isMissingCell(c)) continue;
      const v = parseNumberCell(c, { decimalComma: 'auto' });
      if (v.error !== undefined) return false;
      numbers++;
    }
  }
  return numbers > 0;
}

/** R's quantile(x, p, type = 7) of sorted values. */
function quantile7(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  return sorted[lo] + (h - lo) * (sorted[Math.min(lo + 1, n - 1)] - sorted[lo]);
}

/**
 * GEO2R's rule for values that are not yet log-transformed (as src/formats/geo-series-matrix.ts
 * applies it to GEO files): the 99th percentile > 100, or the range > 50 with a positive 25th
 * percentile, or a 25th percentile in (0, 1) with a 75th in (1, 2).
 */
export function looksLinear(columns: readonly Float64Array[]): boolean {
  const all: number[] = [];
  for (const c of columns) for (const v of c) if (Number.isFinite(v)) all.push(v);
  if (all.length === 0) return false;
  const s = Float64Array.from(all).sort();
  const q = [0, 0.25, 0.5, 0.75, 0.99, 1].map((p) => quantile7(s, p));
  return q[4] > 100 || (q[5] - q[0] > 50 && q[1] > 0) || (q[1] > 0 && q[1] < 1 && q[3] > 1 && q[3] < 2);
}

/** What a matrix-like file gives: probes, arrays (column names) and one column of values per array. */
export interface MatrixSource {
  format: 'geo' | 'matrix';
  fileName: string;
  probes: string[];
  arrays: string[];
  values: Float64Array[];
  /** GEO: !Sample_title per column. */
  titles?: string[];
  series?: string;
  platform?: string;
  /** Localized notes of the reader (duplicates, row-count mismatches). */
  notes?: string[];
}

/** The array entries (without file id and group) of a matrix or GEO file: one per column. */
export function matrixEntries(m: MatrixSource): Omit<ArrayEntry, 'fileId' | 'group'>[] {
  const scale = looksLinear(m.values) ? 'linear' : 'log2';
  const distinct = new Set(m.probes).size;
  const controls = m.probes.filter(isControlName).length;
  return m.arrays.map((sample, j) => {
    let missing = 0;
    for (const v of m.values[j]) if (Number.isNaN(v)) missing++;
    return {
      fileName: m.fileName,
      format: m.format,
      column: j,
      sample,
      title: m.titles?.[j] ?? '',
      scale,
      missing,
      ...(m.series ? { series: m.series } : {}),
      ...(m.platform ? { platform: m.platform } : {}),
      atfVersion: '',
      type: m.format === 'geo' ? 'GEO series matrix' : 'matrix',
      wavelengths: [],
      spots: m.probes.length,
      distinctNames: distinct,
      emptySpots: 0,
      controls,
      flaggedByValue: {},
    };
  });
}

/** Sources of a study's arrays: GPR files in study order, then each matrix file with its columns. */
export interface StudySources {
  gpr: ArrayEntry[];
  matrices: { fileId: string; fileName: string; format: 'geo' | 'matrix'; entries: ArrayEntry[] }[];
}

/** Groups the study's arrays by source file (keeps study order inside each). */
export function studySources(arrays: readonly ArrayEntry[]): StudySources {
  const gpr: ArrayEntry[] = [];
  const matrices: StudySources['matrices'] = [];
  for (const a of arrays) {
    if (a.format === 'gpr' || a.column == null) { gpr.push(a); continue; }
    let m = matrices.find((x) => x.fileId === a.fileId);
    if (!m) { m = { fileId: a.fileId, fileName: a.fileName, format: a.format, entries: [] }; matrices.push(m); }
    m.entries.push(a);
  }
  return { gpr, matrices };
}
