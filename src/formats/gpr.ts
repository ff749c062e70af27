import { msg, str } from '@lit/localize';
import { InputError } from './input-error.ts';
import { getHeader, parseAtf, type AtfHeaderRecord, type AtfTable } from './atf.ts';
import type { EncodingChoice, TextEncodingName } from './text-decode.ts';

/** Names (case-insensitive, matched as a word at the start of a token) that mark control spots. */
export const DEFAULT_CONTROL_NAMES: readonly string[] = ['water', 'blank', 'empty', 'spike', 'buffer', 'hy3'];

/** Dye names and the scanner wavelength (nm) they are read at. Hy3/Cy3 at 532 nm, Hy5/Cy5 at 635 nm. */
export const DYE_WAVELENGTHS: Readonly<Record<string, number>> = { hy3: 532, cy3: 532, hy5: 635, cy5: 635 };

/** What a GPR file contains, for the import report. */
export interface GprSummary {
  /** Number of spots (data rows). */
  spots: number;
  /** Spots per non-zero Flags value, keyed by the value as text: e.g. {"-50": 12, "-100": 3}. */
  flaggedByValue: Record<string, number>;
  /** Spots whose Name and ID are both empty or "Empty" (any case). */
  emptySpots: number;
  /** Spots whose Name or ID matches a control name, or whose ControlType column (if any) is set. */
  controls: number;
  /** Distinct non-empty names among spots that are not empty. */
  distinctNames: number;
}

/**
 * A parsed GenePix Results file. Columns are looked up by name, never by position. It has methods,
 * so it does not survive structured cloning: parse inside the worker that uses it.
 */
export interface GprFile {
  fileName: string;
  /** Encoding the bytes were decoded with ('latin1' = windows-1252). */
  encoding: TextEncodingName;
  /** Version from line 1 ("1.0", or "1" for some GenePix 4 files). */
  atfVersion: string;
  /** Header records by key, values unquoted (first occurrence of a key wins). */
  headers: Record<string, string>;
  /** Header records in file order, with their line numbers. */
  headerRecords: AtfHeaderRecord[];
  /** The Type header, e.g. "GenePix Results 3" ('' if absent). */
  type: string;
  /** Scan wavelengths in nm from the Wavelengths header (dye names mapped), in file order. */
  wavelengths: number[];
  /** Column names as in the file. */
  columns: string[];
  /** 1-based line of the column-name line. */
  columnLine: number;
  /** Number of spots. */
  nSpots: number;
  block: Int32Array;
  column: Int32Array;
  row: Int32Array;
  /** Name column ('' for each spot when the file has no Name column). */
  name: string[];
  /** ID column ('' for each spot when the file has no ID column). */
  id: string[];
  /** Flags column (0 for each spot when the file has no Flags column). */
  flags: Int32Array;
  hasFlags: boolean;
  /** 1-based file line of each spot. */
  spotLine: Int32Array;
  /** 1 where the spot is a control (see {@link GprSummary.controls}). */
  controlMask: Uint8Array;
  /** 1 where the spot is empty (see {@link GprSummary.emptySpots}). */
  emptyMask: Uint8Array;
  summary: GprSummary;
  /** True when the file has this column (case-insensitive, trimmed). */
  hasColumn(columnName: string): boolean;
  /**
   * A column as numbers: NaN for empty, "Error", "NaN" or "NA" cells. Throws InputError when the
   * column is missing or holds other text (line, column name and the text). The array is cached and
   * shared between calls: copy it before modifying it.
   */
  numeric(columnName: string): Float64Array;
  /** A column as text (quotes removed). Throws InputError when the column is missing. */
  text(columnName: string): string[];
}

/** Options for {@link parseGpr}. */
export interface GprOptions {
  /** Text encoding; 'auto' (default) detects it (old GenePix files are windows-1252). */
  encoding?: EncodingChoice;
  /** Control names; default {@link DEFAULT_CONTROL_NAMES}. */
  controlNames?: readonly string[];
}

/** Columns GenePix always writes as numbers: validated when the file is read. */
const NUMERIC_COLUMN =
  /^(block|column|row|x|y|dia\.?|flags|normalize|autoflag|f pixels|b pixels|circularity|[fb]\d+( (median|mean|sd|cv|% sat\.|total intensity|median - b\d+|mean - b\d+))?|% > b\d+\+\d+ ?sd|snr \d+|(ratio of medians|ratio of means|median of ratios|mean of ratios|ratios sd|rgn ratio|rgn r2|rgn r²|rgn rm-2|sum of medians|sum of means|log ratio)\b.*)$/i;

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A GPR cell as a number: NaN for missing/Error, undefined when it is not a number. */
function gprNumber(s: string): number | undefined {
  if (s === '') return NaN;
  if (NUMBER.test(s)) return Number(s);
  const t = s.trim().toLowerCase();
  if (t === '' || t === 'error' || t === 'nan' || t === 'na' || t === 'n/a') return NaN;
  if (NUMBER.test(t)) return Number(t);
  // Windows C runtime spellings of NaN/infinity (1.#INF, -1.#IND, 1.#QNAN).
  const m = /^([+-]?)1\.#(inf|ind|qnan|snan)0*$/.exec(t);
  if (m) return m[2] === 'inf' ? (m[1] === '-' ? -Infinity : Infinity) : NaN;
  if (t === 'inf' || t === 'infinity' || t === '+inf') return Infinity;
  if (t === '-inf' || t === '-infinity') return -Infinity;
  return undefined;
}

/** 1-based line of a header record (case-insensitive key), or null. */
function headerLineOf(gpr: { headerRecords: AtfHeaderRecord[] }, key: string): number | null {
  const k = key.toLowerCase();
  return gpr.headerRecords.find((r) => r.key.toLowerCase() === k)?.line ?? null;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Parses a Wavelengths header value ("635\t532", "532", "Hy3 Hy5") to nm. */
function parseWavelengths(value: string | undefined): number[] {
  if (!value) return [];
  const out: number[] = [];
  for (const tok of value.split(/[\t,; ]+/)) {
    const t = tok.trim().toLowerCase().replace(/nm$/, '');
    let nm: number | undefined;
    if (/^\d+(\.\d+)?$/.test(t)) nm = Number(t);
    else if (t in DYE_WAVELENGTHS) nm = DYE_WAVELENGTHS[t];
    if (nm !== undefined && nm > 0 && !out.includes(nm)) out.push(nm);
  }
  return out;
}

class GprFileImpl implements GprFile {
  fileName: string;
  encoding: TextEncodingName;
  atfVersion: string;
  headers: Record<string, string>;
  headerRecords: AtfHeaderRecord[];
  type: string;
  wavelengths: number[];
  columns: string[];
  columnLine: number;
  nSpots: number;
  block: Int32Array;
  column: Int32Array;
  row: Int32Array;
  name: string[];
  id: string[];
  flags: Int32Array;
  hasFlags: boolean;
  spotLine: Int32Array;
  controlMask: Uint8Array;
  emptyMask: Uint8Array;
  summary: GprSummary;
  private readonly table: AtfTable;
  private readonly cache = new Map<number, Float64Array>();

  constructor(table: AtfTable, controlNames: readonly string[]) {
    this.table = table;
    this.fileName = table.fileName;
    this.encoding = table.encoding;
    this.atfVersion = table.atfVersion;
    this.headers = table.headers;
    this.headerRecords = table.headerRecords;
    this.type = getHeader(table.headers, 'Type') ?? '';
    this.wavelengths = parseWavelengths(getHeader(table.headers, 'Wavelengths'));
    this.columns = table.columns;
    this.columnLine = table.columnLine;
    this.nSpots = table.nRows;
    this.spotLine = table.rowLine;

    if (/arraylist/i.test(this.type)) {
      throw new InputError(
        this.fileName,
        headerLineOf(this, 'Type'),
        null,
        msg(str`this is a GenePix array list (GAL, Type=${this.type}), not a results (GPR) file`, { id: 'gpr.isGal' }),
      );
    }
    if (table.columnIndex('Name') < 0 && table.columnIndex('ID') < 0) {
      throw this.missingColumn('Name');
    }
    if (this.nSpots === 0) {
      throw new InputError(this.fileName, this.columnLine, null, msg('the file has no spots after the column-name line', { id: 'gpr.noSpots' }));
    }

    // Validate every column GenePix writes as numbers now, so bad input is refused at import.
    for (let c = 0; c < table.columns.length; c++) {
      if (NUMERIC_COLUMN.test(table.columns[c].trim())) this.numericAt(c);
    }

    const n = this.nSpots;
    const ints = (name: string): Int32Array => {
      const out = new Int32Array(n);
      const c = table.columnIndex(name);
      if (c < 0) return out;
      const v = this.numericAt(c);
      for (let i = 0; i < n; i++) out[i] = Number.isFinite(v[i]) ? Math.trunc(v[i]) : 0;
      return out;
    };
    this.block = ints('Block');
    this.column = ints('Column');
    this.row = ints('Row');
    this.flags = ints('Flags');
    this.hasFlags = table.columnIndex('Flags') >= 0;
    const textOr = (name: string): string[] => {
      const c = table.columnIndex(name);
      return c < 0 ? new Array<string>(n).fill('') : table.cells[c];
    };
    this.name = textOr('Name');
    this.id = textOr('ID');

    const controlRes = controlNames.map((p) => new RegExp('(^|[^a-z0-9])' + escapeRe(p.toLowerCase()) + '([^a-z]|$)'));
    const ctIdx = table.columnIndex('ControlType');
    const controlType = ctIdx >= 0 ? table.cells[ctIdx] : null;
    const isBlank = (s: string) => {
      const t = s.trim().toLowerCase();
      return t === '' || t === 'empty';
    };
    this.controlMask = new Uint8Array(n);
    this.emptyMask = new Uint8Array(n);
    const flaggedByValue: Record<string, number> = {};
    const names = new Set<string>();
    let controls = 0;
    let empties = 0;
    for (let i = 0; i < n; i++) {
      const nm = this.name[i];
      const id = this.id[i];
      if (isBlank(nm) && isBlank(id)) {
        this.emptyMask[i] = 1;
        empties++;
      } else if (nm.trim() !== '') names.add(nm.trim());
      const lnm = nm.toLowerCase();
      const lid = id.toLowerCase();
      let ctl = controlRes.some((re) => re.test(lnm) || re.test(lid));
      if (!ctl && controlType) {
        const t = controlType[i].trim().toLowerCase();
        ctl = t !== '' && t !== 'false' && t !== '0';
      }
      if (ctl) {
        this.controlMask[i] = 1;
        controls++;
      }
      const f = this.flags[i];
      if (f !== 0) flaggedByValue[String(f)] = (flaggedByValue[String(f)] ?? 0) + 1;
    }
    this.summary = { spots: n, flaggedByValue, emptySpots: empties, controls, distinctNames: names.size };
  }

  missingColumn(name: string, detail?: string): InputError {
    return new InputError(
      this.fileName,
      this.columnLine,
      name,
      detail ?? msg(str`the file has no column "${name}"`, { id: 'gpr.missingColumn' }),
    );
  }

  hasColumn(columnName: string): boolean {
    return this.table.columnIndex(columnName) >= 0;
  }

  private numericAt(c: number): Float64Array {
    const hit = this.cache.get(c);
    if (hit) return hit;
    const col = this.table.cells[c];
    const out = new Float64Array(col.length);
    for (let r = 0; r < col.length; r++) {
      const v = gprNumber(col[r]);
      if (v === undefined) {
        throw new InputError(
          this.fileName,
          this.table.rowLine[r],
          this.table.columns[c],
          msg(str`"${col[r]}" is not a number`, { id: 'gpr.notANumber' }),
        );
      }
      out[r] = v;
    }
    this.cache.set(c, out);
    return out;
  }

  numeric(columnName: string): Float64Array {
    const c = this.table.columnIndex(columnName);
    if (c < 0) throw this.missingColumn(columnName);
    return this.numericAt(c);
  }

  text(columnName: string): string[] {
    const c = this.table.columnIndex(columnName);
    if (c < 0) throw this.missingColumn(columnName);
    return this.table.cells[c];
  }
}

/**
 * Parses a GenePix Results (GPR, ATF) file. Refuses bad input with an {@link InputError} naming the
 * file, line and column: see {@link parseAtf} for the container checks; here also a cell that is not
 * a number in a column GenePix writes as numbers, and a file with neither a Name nor an ID column.
 */
export function parseGpr(bytes: Uint8Array, fileName: string, opts: GprOptions = {}): GprFile {
  const table = parseAtf(bytes, fileName, { encoding: opts.encoding });
  return new GprFileImpl(table, opts.controlNames ?? DEFAULT_CONTROL_NAMES);
}

/** Channels a file offers: its Wavelengths header, else the wavelengths of its `F<nm> Median` columns. */
export function availableChannels(gpr: GprFile): number[] {
  if (gpr.wavelengths.length > 0) return gpr.wavelengths;
  const out: number[] = [];
  for (const c of gpr.columns) {
    const m = /^F(\d+) Median$/i.exec(c.trim());
    if (m && !out.includes(Number(m[1]))) out.push(Number(m[1]));
  }
  return out;
}

/**
 * The channel (nm) to read: `requested` as a wavelength (532, "635", "532 nm") or a dye (Hy3 → 532,
 * Hy5 → 635, also Cy3/Cy5); with no request, the file's only channel. Throws InputError naming the
 * file when the channel is not in the file, or when the file has several and none was chosen.
 */
export function resolveChannel(gpr: GprFile, requested?: number | string | null): number {
  const available = availableChannels(gpr);
  const where = headerLineOf(gpr, 'Wavelengths');
  const list = available.join(', ');
  if (requested === undefined || requested === null || requested === '') {
    if (available.length === 1) return available[0];
    if (available.length === 0) {
      throw new InputError(gpr.fileName, where, null, msg('the file names no scan wavelength (no Wavelengths header and no F<nm> Median column)', { id: 'gpr.noChannels' }));
    }
    throw new InputError(
      gpr.fileName,
      where,
      null,
      msg(str`the file has channels ${list} nm; choose one (Hy3 is read at 532 nm, Hy5 at 635 nm)`, { id: 'gpr.chooseChannel' }),
    );
  }
  let nm: number | undefined;
  if (typeof requested === 'number') nm = requested;
  else {
    const t = requested.trim().toLowerCase().replace(/\s*nm$/, '');
    if (/^\d+(\.\d+)?$/.test(t)) nm = Number(t);
    else if (t in DYE_WAVELENGTHS) nm = DYE_WAVELENGTHS[t];
    else {
      throw new InputError(
        gpr.fileName,
        null,
        null,
        msg(str`"${requested}" is not a channel; give a wavelength in nm (e.g. 532) or a dye (Hy3, Hy5, Cy3, Cy5)`, { id: 'gpr.unknownChannel' }),
      );
    }
  }
  if (!available.includes(nm)) {
    throw new InputError(
      gpr.fileName,
      where,
      null,
      msg(str`channel ${nm} nm is not in this file (its channels: ${list || '-'} nm)`, { id: 'gpr.channelAbsent' }),
    );
  }
  return nm;
}

/** Options for {@link spotIntensities}. */
export interface SpotIntensityOptions {
  /** Wavelength (nm) or dye; see {@link resolveChannel}. */
  channel?: number | string | null;
  /** Background to subtract: 'median' (B<ch> Median, default), 'mean' (B<ch> Mean) or 'none'. */
  background?: 'median' | 'mean' | 'none';
  /** NaN for spots with Flags < 0 (bad, absent, not found). Default false. */
  dropFlagged?: boolean;
}

/**
 * Per-spot intensity: F<ch> Median − B<ch> Median (or − B<ch> Mean, or F<ch> Median alone), NaN for
 * Error cells and, with dropFlagged, for spots with Flags < 0. Throws InputError (file, column-name
 * line, missing column) when a needed column is absent.
 */
export function spotIntensities(gpr: GprFile, opts: SpotIntensityOptions = {}): Float64Array {
  const ch = resolveChannel(gpr, opts.channel);
  const background = opts.background ?? 'median';
  const need = (col: string): Float64Array => {
    if (!gpr.hasColumn(col)) {
      throw new InputError(
        gpr.fileName,
        gpr.columnLine,
        col,
        msg(str`the file has no column "${col}", needed for channel ${ch} nm`, { id: 'gpr.missingChannelColumn' }),
      );
    }
    return gpr.numeric(col);
  };
  const fg = need(`F${ch} Median`);
  const bg = background === 'none' ? null : need(background === 'mean' ? `B${ch} Mean` : `B${ch} Median`);
  const out = new Float64Array(gpr.nSpots);
  for (let i = 0; i < out.length; i++) {
    out[i] = bg ? fg[i] - bg[i] : fg[i];
    if (opts.dropFlagged && gpr.flags[i] < 0) out[i] = NaN;
  }
  return out;
}
