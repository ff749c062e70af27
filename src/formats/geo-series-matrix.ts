import { msg, str } from '@lit/localize';
import { InputError } from './input-error.ts';
import { splitAtfFields } from './atf.ts';
import { decodeText, splitLines, type EncodingChoice, type TextEncodingName } from './text-decode.ts';

/**
 * GEO series matrix files (`GSExxxx_series_matrix.txt`, as GEOquery::getGEO reads them):
 *
 *   !Series_title	"…"                         series metadata, one value (some keys repeat)
 *   !Sample_title	"s1"	"s2"	…               sample metadata, one value per sample
 *   !series_matrix_table_begin
 *   "ID_REF"	"GSM1"	"GSM2"	…               the expression table: probe id, one column per sample
 *   "1000_at"	7.59	null	…                 numbers; "null", empty or NA = missing
 *   !series_matrix_table_end
 *
 * Fields are tab-separated and usually double-quoted; blank lines are ignored.
 */

/** One `!Series_…` or `!Sample_…` line. */
export interface GeoMetaRecord {
  /** The key without its prefix, e.g. "title", "geo_accession", "characteristics_ch1". */
  key: string;
  /** The values, quotes removed (one per sample for `!Sample_` lines). */
  values: string[];
  /** 1-based line in the file. */
  line: number;
}

/** A parsed GEO series matrix: metadata and the probes × samples table. */
export interface GeoSeriesMatrix {
  fileName: string;
  encoding: TextEncodingName;
  /** `!Series_` lines in file order (repeated keys kept). */
  series: GeoMetaRecord[];
  /** `!Sample_` lines in file order (repeated keys, e.g. characteristics_ch1, kept). */
  samples: GeoMetaRecord[];
  /** !Series_geo_accession, or '' when absent. */
  accession: string;
  /** !Series_platform_id, or ''. */
  platform: string;
  /** Probe ids (ID_REF column) in file order. */
  probes: string[];
  /** Sample ids from the ID_REF header line (GSM accessions), one per table column. */
  arrays: string[];
  /** !Sample_title per table column ('' when the file has none). */
  sampleTitles: string[];
  /** values[j][i]: probe i in sample j (NaN for null/empty/NA). */
  values: Float64Array[];
  /** 1-based file line of each probe row. */
  probeLine: number[];
  /** Lines of `!series_matrix_table_begin`, the ID_REF header and `!series_matrix_table_end`. */
  tableBeginLine: number;
  headerLine: number;
  tableEndLine: number;
  /** Number of missing cells in the table. */
  missingCells: number;
  /**
   * GEO2R's rule for "not yet log-transformed": the 99th percentile > 100, or the range > 50 with
   * a positive 25th percentile, or (ratio data) a 25th percentile in (0, 1) and a 75th in (1, 2).
   * Log2 such data before statistics.
   */
  looksLinear: boolean;
  /** Localized notes for the import report (sample-id mismatches, row-count mismatches). */
  notes: string[];
}

/** Options for {@link parseGeoSeriesMatrix}. */
export interface GeoOptions {
  encoding?: EncodingChoice;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const MISSING = new Set(['', 'null', 'na', 'nan', 'n/a']);

/** R's quantile(x, probs, type = 7) of sorted values. */
function quantile7(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * Parses a GEO series matrix file (GEOquery::getGEO(filename = …) / parseGSEMatrix). Refuses bad
 * input with an {@link InputError} naming file, line and column: no table, a table without its end
 * line (a truncated download), a header line that does not start with ID_REF, a row with the wrong
 * number of fields, an empty probe id, a cell that is not a number, or a `!Sample_` line whose
 * number of values differs from the number of samples.
 */
export function parseGeoSeriesMatrix(bytes: Uint8Array, fileName: string, opts: GeoOptions = {}): GeoSeriesMatrix {
  const decoded = decodeText(bytes, fileName, opts.encoding ?? 'auto');
  const lines = splitLines(decoded.text);
  const series: GeoMetaRecord[] = [];
  const samples: GeoMetaRecord[] = [];
  const notes: string[] = [];
  let begin = -1;
  for (let l = 0; l < lines.length; l++) {
    const line = lines[l];
    if (line.trim() === '') continue;
    if (/^!series_matrix_table_begin\s*$/i.test(line)) { begin = l; break; }
    const m = /^!(Series|Sample)_([^\t]*)(\t|$)/.exec(line);
    if (!m) {
      if (line.startsWith('!') || line.startsWith('#') || line.startsWith('^')) continue; // other GEO annotations
      throw new InputError(fileName, l + 1, 1, msg('expected a !Series_ or !Sample_ line or !series_matrix_table_begin', { id: 'geo.unexpectedLine' }));
    }
    const rest = line.slice(m[0].length);
    const values = m[3] === '' ? [] : splitAtfFields(rest);
    const rec: GeoMetaRecord = { key: m[2].trim(), values, line: l + 1 };
    (m[1] === 'Series' ? series : samples).push(rec);
  }
  if (begin < 0) {
    throw new InputError(fileName, lines.length || null, null, msg('the file has no !series_matrix_table_begin line: is it a GEO series matrix?', { id: 'geo.noTable' }));
  }
  // header line: first non-blank line after the begin marker
  let h = begin + 1;
  while (h < lines.length && lines[h].trim() === '') h++;
  if (h >= lines.length || /^!series_matrix_table_end/i.test(lines[h])) {
    throw new InputError(fileName, Math.min(h + 1, lines.length), null, msg('the table has no ID_REF header line', { id: 'geo.noHeader' }));
  }
  const header = splitAtfFields(lines[h]);
  while (header.length > 1 && header[header.length - 1] === '') header.pop();
  if (header[0].toUpperCase() !== 'ID_REF') {
    throw new InputError(fileName, h + 1, 1, msg(str`the table's first column is "${header[0]}", expected "ID_REF"`, { id: 'geo.noIdRef' }));
  }
  const arrays = header.slice(1);
  if (arrays.length === 0) throw new InputError(fileName, h + 1, 2, msg('the ID_REF line names no samples', { id: 'geo.noSamples' }));
  arrays.forEach((a, j) => {
    if (a === '') throw new InputError(fileName, h + 1, j + 2, msg('a sample column has no name', { id: 'geo.emptySampleName' }));
  });
  const width = arrays.length + 1;
  for (const rec of samples) {
    if (rec.values.length !== arrays.length) {
      throw new InputError(
        fileName, rec.line, Math.min(rec.values.length, arrays.length) + 2,
        msg(str`!Sample_${rec.key} has ${rec.values.length} values but the table has ${arrays.length} samples`, { id: 'geo.sampleLineWidth' }),
      );
    }
  }

  const probes: string[] = [];
  const probeLine: number[] = [];
  const cols: number[][] = arrays.map(() => []);
  let end = -1;
  let missingCells = 0;
  for (let l = h + 1; l < lines.length; l++) {
    const line = lines[l];
    if (line.trim() === '') continue;
    if (/^!series_matrix_table_end\s*$/i.test(line)) { end = l; break; }
    const f = splitAtfFields(line);
    while (f.length > width && f[f.length - 1] === '') f.pop(); // trailing tabs
    if (f.length !== width) {
      throw new InputError(
        fileName, l + 1, Math.min(f.length, width) + 1,
        msg(str`expected ${width} fields (ID_REF and ${arrays.length} samples) but found ${f.length}`, { id: 'geo.rowWidth' }),
      );
    }
    if (f[0] === '') throw new InputError(fileName, l + 1, 1, msg('the probe id (ID_REF) is empty', { id: 'geo.emptyProbe' }));
    probes.push(f[0]);
    probeLine.push(l + 1);
    for (let j = 0; j < arrays.length; j++) {
      const cell = f[j + 1];
      let v: number;
      if (NUMBER.test(cell)) v = Number(cell);
      else if (MISSING.has(cell.trim().toLowerCase())) { v = NaN; missingCells++; }
      else if (/^[+-]?inf(inity)?$/i.test(cell.trim())) v = cell.trim().startsWith('-') ? -Infinity : Infinity;
      else if (NUMBER.test(cell.trim())) v = Number(cell.trim());
      else {
        throw new InputError(fileName, l + 1, arrays[j], msg(str`"${cell}" is not a number`, { id: 'geo.notANumber' }));
      }
      cols[j].push(v);
    }
  }
  if (end < 0) {
    throw new InputError(
      fileName, lines.length, null,
      msg('the table has no !series_matrix_table_end line: the file looks truncated', { id: 'geo.truncated' }),
    );
  }

  const meta = (recs: GeoMetaRecord[], key: string) => recs.find((r) => r.key === key);
  const gsm = meta(samples, 'geo_accession');
  if (gsm && gsm.values.some((v, j) => v !== arrays[j])) {
    notes.push(msg('the sample ids of the ID_REF line differ from !Sample_geo_accession', { id: 'geo.sampleIdMismatch' }));
  }
  const rowCount = meta(samples, 'data_row_count');
  if (rowCount && rowCount.values.some((v) => Number(v) !== probes.length)) {
    notes.push(msg(str`!Sample_data_row_count says ${rowCount.values[0]} rows but the table has ${probes.length}`, { id: 'geo.rowCountMismatch' }));
  }

  const values = cols.map((c) => Float64Array.from(c));
  // GEO2R: qx <- quantile(ex, c(0, 0.25, 0.5, 0.75, 0.99, 1), na.rm = TRUE)
  //        LogC <- (qx[5] > 100) || (qx[6]-qx[1] > 50 && qx[2] > 0) || (qx[2] > 0 && qx[2] < 1 && qx[4] > 1 && qx[4] < 2)
  const all: number[] = [];
  for (const c of values) for (const v of c) if (!Number.isNaN(v)) all.push(v);
  const sorted = Float64Array.from(all).sort();
  const q = [0, 0.25, 0.5, 0.75, 0.99, 1].map((p) => quantile7(sorted, p));
  const looksLinear = sorted.length > 0 &&
    (q[4] > 100 || (q[5] - q[0] > 50 && q[1] > 0) || (q[1] > 0 && q[1] < 1 && q[3] > 1 && q[3] < 2));

  return {
    fileName,
    encoding: decoded.encoding,
    series,
    samples,
    accession: meta(series, 'geo_accession')?.values[0] ?? '',
    platform: meta(series, 'platform_id')?.values[0] ?? '',
    probes,
    arrays,
    sampleTitles: meta(samples, 'title')?.values.slice() ?? arrays.map(() => ''),
    values,
    probeLine,
    tableBeginLine: begin + 1,
    headerLine: h + 1,
    tableEndLine: end + 1,
    missingCells,
    looksLinear,
    notes,
  };
}
