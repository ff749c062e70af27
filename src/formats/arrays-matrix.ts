import { msg, str } from '@lit/localize';
import { InputError } from './input-error.ts';
import { spotIntensities, resolveChannel, type GprFile, type SpotIntensityOptions } from './gpr.ts';
import { readDelimited, parseNumberCell, isMissingCell, type Delimiter } from './delimited.ts';
import type { EncodingChoice, TextEncodingName } from './text-decode.ts';

/** Options for {@link buildProbeMatrix}: which key aligns spots and how spot values are read. */
export interface ProbeMatrixOptions extends SpotIntensityOptions {
  /** Align spots by the Name column (default) or the ID column. Case-sensitive, trimmed. */
  key?: 'name' | 'id';
  /** Leave out empty spots (Name and ID blank or "Empty"); default true. */
  skipEmpty?: boolean;
  /** Leave out control spots (see GprSummary.controls); default false. */
  skipControls?: boolean;
}

/** Spots of several GPR files aligned to one probe list; the caller averages replicate spots. */
export interface ProbeMatrix {
  /** Probe keys in order of first appearance (file 1 first, then new ones from file 2, …). */
  probes: string[];
  /** Per file, per spot: index into `probes`, or -1 for a spot left out (blank key, empty, control). */
  probeIndexPerFile: Int32Array[];
  /** Per file, per spot: the value from {@link spotIntensities} (NaN for Error/flagged). */
  spotValues: Float64Array[];
  /** Per file: the channel (nm) that was read. */
  channels: number[];
}

/**
 * Aligns several GPR files by probe Name (or ID). Each file's channel is resolved on its own (so a
 * dye such as "Hy3" works across files). Throws InputError for a file without the key column or the
 * channel's columns.
 */
export function buildProbeMatrix(files: readonly GprFile[], opts: ProbeMatrixOptions = {}): ProbeMatrix {
  const key = opts.key ?? 'name';
  const skipEmpty = opts.skipEmpty ?? true;
  const probes: string[] = [];
  const index = new Map<string, number>();
  const probeIndexPerFile: Int32Array[] = [];
  const spotValues: Float64Array[] = [];
  const channels: number[] = [];
  for (const f of files) {
    const keyColumn = key === 'id' ? 'ID' : 'Name';
    if (!f.hasColumn(keyColumn)) {
      throw new InputError(f.fileName, f.columnLine, keyColumn, msg(str`the file has no column "${keyColumn}" to match probes by`, { id: 'gpr.missingKeyColumn' }));
    }
    const channel = resolveChannel(f, opts.channel);
    channels.push(channel);
    spotValues.push(spotIntensities(f, { ...opts, channel }));
    const keys = key === 'id' ? f.id : f.name;
    const idx = new Int32Array(f.nSpots);
    for (let i = 0; i < f.nSpots; i++) {
      const k = keys[i].trim();
      if (k === '' || (skipEmpty && f.emptyMask[i]) || (opts.skipControls && f.controlMask[i])) {
        idx[i] = -1;
        continue;
      }
      let p = index.get(k);
      if (p === undefined) {
        p = probes.length;
        probes.push(k);
        index.set(k, p);
      }
      idx[i] = p;
    }
    probeIndexPerFile.push(idx);
  }
  return { probes, probeIndexPerFile, spotValues, channels };
}

function csvField(s: string): string {
  return /[",\n\r]|^\s|\s$/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

/** A matrix value as text: shortest round-trip decimal, NA for NaN, Inf/-Inf as R writes them. */
export function formatMatrixNumber(v: number): string {
  if (Number.isNaN(v)) return 'NA';
  if (v === Infinity) return 'Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

/**
 * The plain matrix CSV that `mmdr arrays` prints: header `probe,<array names…>`, then one line per
 * probe with its id and one value per array (NA for NaN). `columns[j][i]` is probe i in array j.
 * Fields with commas, quotes or edge spaces are quoted. Lines end in LF, including the last.
 */
export function formatMatrixCsv(probes: readonly string[], arrays: readonly string[], columns: readonly Float64Array[]): string {
  if (columns.length !== arrays.length) throw new RangeError(`formatMatrixCsv: ${arrays.length} array names but ${columns.length} columns`);
  for (const c of columns) {
    if (c.length !== probes.length) throw new RangeError(`formatMatrixCsv: a column has ${c.length} values for ${probes.length} probes`);
  }
  const out: string[] = [['probe', ...arrays].map(csvField).join(',')];
  for (let i = 0; i < probes.length; i++) {
    let line = csvField(probes[i]);
    for (let j = 0; j < columns.length; j++) line += ',' + formatMatrixNumber(columns[j][i]);
    out.push(line);
  }
  return out.join('\n') + '\n';
}

/** A plain expression matrix (SPEC §6): probes × arrays. */
export interface ExpressionMatrix {
  fileName: string;
  encoding: TextEncodingName;
  delimiter: Delimiter;
  /** Probe ids from the first column. */
  probes: string[];
  /** Array names from the header. */
  arrays: string[];
  /** values[j][i]: probe i in array j (NaN for NA/missing). */
  values: Float64Array[];
  /** 1-based file line of each probe. */
  probeLine: number[];
  /** Localized notes for the import report (duplicate probe ids, R-style header, looks transposed). */
  notes: string[];
}

/** Options for {@link parseMatrix}. */
export interface MatrixOptions {
  encoding?: EncodingChoice;
  delimiter?: Delimiter | 'auto';
}

/**
 * Reads a plain matrix file (CSV or TSV, also semicolon with decimal commas): header row of array
 * names (an R-style header without a cell above the probe column is accepted), first column probe
 * ids, numbers, NA (or another missing marker) for missing. Throws InputError with line and column
 * for a row of the wrong width, an empty probe id or a value that is not a number.
 */
export function parseMatrix(bytes: Uint8Array, fileName: string, opts: MatrixOptions = {}): ExpressionMatrix {
  const t = readDelimited(bytes, fileName, { encoding: opts.encoding, delimiter: opts.delimiter, header: false, keepRagged: true });
  const notes: string[] = [];
  const header = t.rows.length > 0 ? t.rows[0] : [];
  const headerLine = t.lineOfRow[0] ?? 1;
  const data = t.rows.slice(1);
  const dataLines = t.lineOfRow.slice(1);
  const rStyle = data.length > 0 && data.every((r) => r.length === header.length + 1);
  const arrays = rStyle ? header.slice() : header.slice(1);
  if (rStyle) notes.push(msg('the header has no cell above the probe ids (as R writes it); the first column is taken as probe ids', { id: 'table.matrixRStyleHeader' }));
  if (arrays.length === 0) {
    throw new InputError(fileName, headerLine, null, msg('the header names no arrays: a matrix needs a probe id column and at least one array column', { id: 'table.matrixNoArrays' }));
  }
  arrays.forEach((a, j) => {
    if (a === '') throw new InputError(fileName, headerLine, j + 2, msg('an array column has no name', { id: 'table.matrixEmptyArrayName' }));
  });
  const width = arrays.length + 1;
  const decimalComma = t.delimiter === ',' ? false : 'auto';
  const values = arrays.map(() => new Float64Array(data.length));
  const probes: string[] = [];
  const seen = new Set<string>();
  let duplicates = 0;
  for (let i = 0; i < data.length; i++) {
    const row = data[i];
    const line = dataLines[i];
    if (row.length !== width) {
      throw new InputError(
        fileName,
        line,
        Math.min(row.length, width) + 1,
        msg(str`expected ${width} fields (probe id and ${arrays.length} arrays) but found ${row.length}`, { id: 'table.matrixRowWidth' }),
      );
    }
    const id = row[0];
    if (id === '') throw new InputError(fileName, line, 1, msg('the probe id is empty', { id: 'table.matrixEmptyProbe' }));
    if (seen.has(id)) duplicates++;
    seen.add(id);
    probes.push(id);
    for (let j = 0; j < arrays.length; j++) {
      const cell = row[j + 1];
      if (isMissingCell(cell) || /^nan$/i.test(cell)) {
        values[j][i] = NaN;
        continue;
      }
      if (/^[+-]?inf(inity)?$/i.test(cell)) {
        values[j][i] = cell.startsWith('-') ? -Infinity : Infinity;
        continue;
      }
      const r = parseNumberCell(cell, { decimalComma });
      if (r.error !== undefined) throw new InputError(fileName, line, arrays[j], r.error);
      values[j][i] = r.value ?? NaN;
    }
  }
  if (probes.length > 0 && arrays.length >= 10 * probes.length) {
    notes.push(
      msg(str`the file has ${arrays.length} array columns but only ${probes.length} probe rows; arrays should be columns and probes rows — is it transposed?`, {
        id: 'table.matrixLooksTransposed',
      }),
    );
  }
  if (duplicates > 0) {
    notes.push(msg(str`${duplicates} rows repeat a probe id that appears earlier`, { id: 'table.matrixDuplicateProbes' }));
  }
  return { fileName, encoding: t.encoding, delimiter: t.delimiter, probes, arrays, values, probeLine: dataLines, notes };
}
