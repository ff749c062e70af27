import Papa from 'papaparse';
import { msg, str } from '@lit/localize';
import { InputError } from './input-error.ts';
import { decodeText, type EncodingChoice, type TextEncodingName } from './text-decode.ts';

/** Field delimiters the reader recognises. */
export type Delimiter = ',' | '\t' | ';' | '|';

/** Options for {@link readDelimited}. */
export interface DelimitedOptions {
  /** Text encoding; 'auto' (default) detects it (BOM, UTF-16, UTF-8, GB18030, windows-1252). */
  encoding?: EncodingChoice;
  /** Field delimiter; 'auto' (default) sniffs it from the first lines (quotes respected). */
  delimiter?: Delimiter | 'auto';
  /** First non-empty row holds column names (default true). Without it columns are V1, V2, … */
  header?: boolean;
  /**
   * Keep rows with too few or too many fields as they are (still listed in report.raggedRows)
   * instead of padding them with '' or cutting them to the header's width. Default false.
   */
  keepRagged?: boolean;
}

/** A row whose number of fields differs from the header's. */
export interface RaggedRow {
  /** 1-based line where the record starts. */
  line: number;
  expected: number;
  found: number;
}

/** What {@link readDelimited} understood, for the import report. */
export interface DelimitedReport {
  /** Data rows kept. */
  rows: number;
  /** Columns. */
  columns: number;
  /** Rows with every cell blank, dropped. */
  emptyRowsDropped: number;
  /** Rows padded or cut to the header's width (or kept as is with keepRagged). */
  raggedRows: RaggedRow[];
  /** Header names that were empty or repeated, and the names they got. */
  renamedColumns: { index: number; from: string; to: string }[];
  /** Human-readable notes (localized), one per renamed column. */
  notes: string[];
}

/** A delimited text table: cells as trimmed text, each row with the line it starts on. */
export interface DelimitedTable {
  fileName: string;
  encoding: TextEncodingName;
  hadBom: boolean;
  delimiter: Delimiter;
  /** Unique column names (see report.renamedColumns). */
  columns: string[];
  /** 1-based line of the header row (0 without a header). */
  headerLine: number;
  /** Data rows; each has columns.length cells unless keepRagged was set. */
  rows: string[][];
  /** 1-based line on which each data row starts (quoted fields may span lines). */
  lineOfRow: number[];
  report: DelimitedReport;
}

const CANDIDATES: Delimiter[] = ['\t', ';', ',', '|'];

/**
 * Guesses the delimiter from the first lines: the candidate (tab, semicolon, comma, pipe) that
 * occurs outside quotes the same non-zero number of times on the most lines. Comma if none.
 */
export function sniffDelimiter(text: string): Delimiter {
  const counts: number[][] = [];
  let cur = CANDIDATES.map(() => 0);
  let inQuotes = false;
  let lineHasContent = false;
  const limit = Math.min(text.length, 64 * 1024);
  for (let i = 0; i < limit && counts.length < 50; i++) {
    const ch = text[i];
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (ch === '\n' || ch === '\r')) {
      if (lineHasContent) counts.push(cur);
      cur = CANDIDATES.map(() => 0);
      lineHasContent = false;
      continue;
    } else if (!inQuotes) {
      const k = CANDIDATES.indexOf(ch as Delimiter);
      if (k >= 0) cur[k]++;
    }
    if (ch !== ' ') lineHasContent = true;
  }
  if (lineHasContent) counts.push(cur);
  let best: Delimiter = ',';
  let bestScore = 0;
  let bestWidth = 0;
  CANDIDATES.forEach((d, k) => {
    const freq = new Map<number, number>();
    for (const row of counts) if (row[k] > 0) freq.set(row[k], (freq.get(row[k]) ?? 0) + 1);
    let mode = 0;
    let modeLines = 0;
    for (const [c, f] of freq) if (f > modeLines || (f === modeLines && c > mode)) [mode, modeLines] = [c, f];
    if (mode === 0) return;
    const score = modeLines / counts.length;
    if (score > bestScore + 1e-9 || (Math.abs(score - bestScore) <= 1e-9 && mode > bestWidth && best !== '\t')) {
      best = d;
      bestScore = score;
      bestWidth = mode;
    }
  });
  return best;
}

/** Unique, non-empty column names (empty → column_N, repeats → name_2 …), each change noted in the report. */
export function uniqueNames(raw: string[], report: DelimitedReport): string[] {
  const used = new Set<string>();
  const out: string[] = [];
  raw.forEach((name, i) => {
    let base = name.trim();
    let next = base;
    if (base === '') {
      base = `column_${i + 1}`;
      next = base;
    }
    let k = 2;
    while (used.has(next.toLowerCase())) next = `${base}_${k++}`;
    if (next !== name.trim()) {
      report.renamedColumns.push({ index: i, from: name, to: next });
      report.notes.push(
        name.trim() === ''
          ? msg(str`column ${i + 1} has no name; it is called "${next}"`, { id: 'table.emptyHeader' })
          : msg(str`column ${i + 1} repeats the name "${name.trim()}"; it is called "${next}"`, { id: 'table.duplicateHeader' }),
      );
    }
    used.add(next.toLowerCase());
    out.push(next);
  });
  return out;
}

/**
 * Reads a CSV/TSV/semicolon file (papaparse underneath): decodes the bytes, sniffs the delimiter,
 * takes the first non-empty row as the header, trims cells, drops blank rows, and records the line
 * each row starts on (correct across quoted fields with embedded newlines). Throws InputError for an
 * unclosed or malformed quoted field and for a file with no rows.
 */
export function readDelimited(bytes: Uint8Array, fileName: string, opts: DelimitedOptions = {}): DelimitedTable {
  const decoded = decodeText(bytes, fileName, opts.encoding ?? 'auto');
  let text = decoded.text.replace(/\r\n?/g, '\n');
  if (text.endsWith('\n')) text = text.slice(0, -1);
  const delimiter = !opts.delimiter || opts.delimiter === 'auto' ? sniffDelimiter(text) : opts.delimiter;
  const useHeader = opts.header ?? true;

  const raw: string[][] = [];
  const rawLine: number[] = [];
  let scanPos = 0;
  let scanLine = 1;
  let rowStart = 0;
  let failure: InputError | null = null;
  if (text.length > 0) {
    Papa.parse<string[]>(text, {
      delimiter,
      newline: '\n',
      quoteChar: '"',
      header: false,
      skipEmptyLines: false,
      step: (res, parser) => {
        for (; scanPos < rowStart; scanPos++) if (text.charCodeAt(scanPos) === 10) scanLine++;
        const line = scanLine;
        const bad = res.errors.find((e) => e.type === 'Quotes');
        if (bad) {
          const data = res.data;
          let col = data.findIndex((f) => f.includes('"') || f.includes('\n'));
          if (col < 0) col = data.length - 1;
          failure = new InputError(
            fileName,
            line,
            col + 1,
            bad.code === 'MissingQuotes'
              ? msg('a quoted field that starts here is never closed', { id: 'table.unclosedQuote' })
              : msg('a quoted field has text after its closing quote', { id: 'table.badQuote' }),
          );
          parser.abort();
          return;
        }
        raw.push(res.data);
        rawLine.push(line);
        rowStart = res.meta.cursor;
      },
    });
  }
  const failed = failure as InputError | null;
  if (failed) throw failed;

  const report: DelimitedReport = { rows: 0, columns: 0, emptyRowsDropped: 0, raggedRows: [], renamedColumns: [], notes: [] };
  const isBlankRow = (r: string[]) => r.every((c) => c.trim() === '');
  let first = 0;
  while (first < raw.length && isBlankRow(raw[first])) first++;
  if (first >= raw.length) {
    throw new InputError(fileName, null, null, msg('the file has no rows', { id: 'table.noRows' }));
  }

  let columns: string[];
  let headerLine = 0;
  let dataStart = first;
  const headerCells = dropTrailingBlank(raw[first].map((c) => c.trim()));
  if (useHeader) {
    columns = uniqueNames(headerCells, report);
    headerLine = rawLine[first];
    dataStart = first + 1;
  } else {
    columns = headerCells.map((_, i) => `V${i + 1}`);
  }
  const width = columns.length;

  const rows: string[][] = [];
  const lineOfRow: number[] = [];
  for (let i = dataStart; i < raw.length; i++) {
    let cells = raw[i].map((c) => c.trim());
    if (isBlankRow(cells)) {
      report.emptyRowsDropped++;
      continue;
    }
    if (cells.length > width) cells = dropTrailingBlank(cells, width);
    if (cells.length !== width) {
      report.raggedRows.push({ line: rawLine[i], expected: width, found: cells.length });
      if (!opts.keepRagged) {
        if (cells.length < width) cells = cells.concat(new Array<string>(width - cells.length).fill(''));
        else cells = cells.slice(0, width);
      }
    }
    rows.push(cells);
    lineOfRow.push(rawLine[i]);
  }
  report.rows = rows.length;
  report.columns = width;
  return {
    fileName,
    encoding: decoded.encoding,
    hadBom: decoded.hadBom,
    delimiter,
    columns,
    headerLine,
    rows,
    lineOfRow,
    report,
  };
}

function dropTrailingBlank(cells: string[], keep = 0): string[] {
  let end = cells.length;
  while (end > keep && cells[end - 1] === '') end--;
  return end === cells.length ? cells : cells.slice(0, end);
}

/** Cell texts read as "missing" (compared case-insensitively after trimming). */
export const MISSING_MARKERS: readonly string[] = ['', 'na', 'n/a', '#n/a', 'nan', 'null', 'nil', 'none', '-', '–', '—', '.', '?'];

/** True when a cell is empty or a missing marker (see {@link MISSING_MARKERS}). */
export function isMissingCell(text: string): boolean {
  return MISSING_MARKERS.includes(text.trim().toLowerCase());
}

/** A cell read as a value: null for a missing cell; or an error explaining why it could not be read. */
export type CellResult<T> = { value: T | null; error?: undefined } | { value?: undefined; error: string };

/** Options for {@link parseNumberCell}. */
export interface NumberCellOptions {
  /**
   * true: ',' is the decimal mark and '.', ' ' and "'" group thousands. false: '.' is the decimal
   * mark and ',' may only group thousands. 'auto' (default): whichever of '.' and ',' comes last is
   * the decimal mark; a lone comma before exactly three digits ("1,234") is read as thousands.
   */
  decimalComma?: boolean | 'auto';
}

/** Digits grouped by thousands ("1,234", "12.345.678"); a first group of 0 is never one ("0,246" is 0.246). */
const THOUSANDS = /^(?:[1-9]\d{0,2})(?:([.,' ])\d{3})(?:\1\d{3})*$/;

/**
 * Reads a number cell: sign (also U+2212), decimal comma or point, thousands separators (, . space
 * apostrophe, non-breaking spaces), exponent. Missing markers give {value: null}; anything else that
 * is not a number gives {error} (localized, quoting the text).
 */
export function parseNumberCell(text: string, opts: NumberCellOptions = {}): CellResult<number> {
  const original = text;
  let s = text.trim().replace(/[\u00a0\u202f\u2009]/g, ' ');
  if (isMissingCell(s)) return { value: null };
  s = s.replace(/^\u2212/, '-');
  const notNumber = () => ({ error: msg(str`"${original.trim()}" is not a number`, { id: 'table.notANumber' }) });
  let sign = '';
  if (s[0] === '+' || s[0] === '-') {
    sign = s[0] === '-' ? '-' : '';
    s = s.slice(1).trimStart();
  }
  let exp = '';
  const e = /[eE]([+-]?\d+)$/.exec(s);
  if (e) {
    exp = 'e' + e[1];
    s = s.slice(0, e.index);
  }
  if (!/^[\d.,' ]*\d[\d.,' ]*$/.test(s) || /^[.,' ]*$/.test(s)) return notNumber();
  if (/^\d+$/.test(s)) return { value: Number(sign + s + exp) };

  const dc = opts.decimalComma ?? 'auto';
  const dots = (s.match(/\./g) ?? []).length;
  const commas = (s.match(/,/g) ?? []).length;
  let decimal: '.' | ',' | null;
  if (dc === true) {
    decimal = commas > 0 ? ',' : dots === 1 && !THOUSANDS.test(s) ? '.' : null;
  } else if (dc === false) {
    decimal = dots > 0 ? '.' : null;
  } else if (dots > 0 && commas > 0) {
    decimal = s.lastIndexOf('.') > s.lastIndexOf(',') ? '.' : ',';
  } else if (commas > 0) {
    decimal = commas === 1 && !/^[1-9]\d{0,2},\d{3}$/.test(s) ? ',' : null;
  } else {
    decimal = dots === 1 ? '.' : null;
  }

  let intPart = s;
  let frac = '';
  if (decimal !== null) {
    const at = s.lastIndexOf(decimal);
    if (s.indexOf(decimal) !== at) return notNumber();
    intPart = s.slice(0, at);
    frac = s.slice(at + 1);
    if (!/^\d*$/.test(frac) || (intPart === '' && frac === '')) return notNumber();
  }
  if (intPart !== '' && !/^\d+$/.test(intPart)) {
    if (!THOUSANDS.test(intPart) || intPart.includes(decimal ?? '\u0000')) {
      if (dc === false && commas === 1 && dots === 0) {
        return {
          error: msg(str`"${original.trim()}" has a decimal comma; read this column with decimal commas`, {
            id: 'table.decimalComma',
          }),
        };
      }
      return notNumber();
    }
    intPart = intPart.replace(/[.,' ]/g, '');
  }
  const v = Number(sign + (intPart || '0') + (frac ? '.' + frac : '') + exp);
  return Number.isFinite(v) ? { value: v } : notNumber();
}

/** Day/month order for dates like 05/03/2014. 'auto': decided when one part is over 12, else day first. */
export type DateOrder = 'dmy' | 'mdy' | 'auto';

/** Options for {@link parseDateCell}. */
export interface DateCellOptions {
  order?: DateOrder;
}

/** A date cell's result; `ambiguous` is set when 'auto' had to assume day-first (both parts ≤ 12). */
export type DateCellResult = { value: string | null; ambiguous?: boolean; error?: undefined } | { value?: undefined; error: string };

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const TIME = String.raw`(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?: ?[AaPp][Mm])?(?:Z|[+-]\d{2}:?\d{2})?)?`;
const RE_YMD = new RegExp(String.raw`^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})${TIME}$`);
const RE_CN = new RegExp(String.raw`^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?${TIME}$`);
const RE_XYY = new RegExp(String.raw`^(\d{1,2})([-/.])(\d{1,2})\2(\d{4})${TIME}$`);
const RE_DMONY = new RegExp(String.raw`^(\d{1,2})[- /]([A-Za-z]{3,9})\.?[- /,]\s*(\d{4})${TIME}$`);
const RE_MONDY = new RegExp(String.raw`^([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4})${TIME}$`);

function isoDate(y: number, m: number, d: number): string | null {
  if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1) return null;
  const dim = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
  if (d > dim) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function monthOf(name: string): number {
  const k = name.slice(0, 3).toLowerCase();
  const i = MONTHS.indexOf(k);
  if (i < 0) return 0;
  const full = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'][i];
  const lower = name.toLowerCase();
  return lower.length === 3 || full.startsWith(lower) || (k === 'sep' && lower === 'sept') ? i + 1 : 0;
}

/** Excel 1900-system serial (with Lotus's phantom 1900-02-29 = serial 60) to an ISO date, or null. */
export function excelSerialToIso(serial: number): string | null {
  const day = Math.floor(serial);
  if (!(day >= 1 && day <= 2958465) || day === 60) return null;
  const ms = Date.UTC(1899, 11, 30) + (day < 60 ? day + 1 : day) * 86400000;
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * Reads a date cell to 'YYYY-MM-DD': ISO yyyy-mm-dd (time part ignored), yyyy/mm/dd, dd/mm/yyyy,
 * dd.mm.yyyy, dd-mm-yyyy (day/month order from `order`), 5 Mar 2014, Mar 5, 2014, yyyymmdd,
 * Chinese 2014年3月5日, and Excel serial numbers (1900 system; 60, the nonexistent 1900-02-29, is
 * refused). Missing markers give {value: null}.
 */
export function parseDateCell(text: string, opts: DateCellOptions = {}): DateCellResult {
  const s = text.trim();
  if (isMissingCell(s)) return { value: null };
  const order = opts.order ?? 'auto';
  const bad = () => ({ error: msg(str`"${s}" is not a date`, { id: 'table.notADate' }) });
  const done = (v: string | null, ambiguous = false): DateCellResult =>
    v === null ? { error: msg(str`"${s}" is not a valid calendar date`, { id: 'table.invalidDate' }) } : ambiguous ? { value: v, ambiguous } : { value: v };
  let m: RegExpExecArray | null;
  if ((m = RE_YMD.exec(s))) return done(isoDate(+m[1], +m[3], +m[4]));
  if ((m = RE_CN.exec(s))) return done(isoDate(+m[1], +m[2], +m[3]));
  if ((m = RE_XYY.exec(s))) {
    const a = +m[1];
    const b = +m[3];
    const y = +m[4];
    let dmy: boolean;
    let ambiguous = false;
    if (order === 'dmy') dmy = true;
    else if (order === 'mdy') dmy = false;
    else if (a > 12) dmy = true;
    else if (b > 12) dmy = false;
    else {
      dmy = true;
      ambiguous = a !== b;
    }
    return done(dmy ? isoDate(y, b, a) : isoDate(y, a, b), ambiguous);
  }
  if ((m = RE_DMONY.exec(s))) {
    const mo = monthOf(m[2]);
    return mo ? done(isoDate(+m[3], mo, +m[1])) : bad();
  }
  if ((m = RE_MONDY.exec(s))) {
    const mo = monthOf(m[1]);
    return mo ? done(isoDate(+m[3], mo, +m[2])) : bad();
  }
  if (/^\d{8}$/.test(s)) {
    const v = isoDate(+s.slice(0, 4), +s.slice(4, 6), +s.slice(6, 8));
    if (v) return { value: v };
  }
  if (/^\d+(\.\d+)?$/.test(s)) {
    const n = Number(s);
    if (Math.floor(n) === 60) {
      return { error: msg(str`"${s}" is Excel's 1900-02-29, a day that does not exist`, { id: 'table.excelLeapBug' }) };
    }
    const v = excelSerialToIso(n);
    return v ? { value: v } : bad();
  }
  return bad();
}

/** Kind of values a column holds. */
export type ColumnType = 'number' | 'date' | 'category' | 'text' | 'empty';

/** What {@link inferColumnType} found. */
export interface ColumnTypeInfo {
  type: ColumnType;
  /** Missing cells (empty or a missing marker). */
  missing: number;
  /** Cells that are not missing. */
  present: number;
  /** Distinct present values (trimmed text). */
  distinct: number;
  /** Present cells that do not read as the chosen type (number/date only). */
  invalid: number;
  /** Row indexes of the first (up to 20) invalid cells. */
  invalidRows: number[];
  /** For numbers: read with decimal commas. */
  decimalComma?: boolean;
  /** For dates: day/month order for dd/mm vs mm/dd forms. */
  dateOrder?: 'dmy' | 'mdy';
  /** For dates: some d/m/y values could be read either way and no value settled the order. */
  dateOrderAssumed?: boolean;
}

/**
 * Guesses a column's type from its cells. 'number' when every present cell is a number (or at least
 * 90% of ten or more; the rest are counted as invalid), trying point and comma decimals; 'date'
 * likewise when at least one cell is a written date (pure numbers count as Excel serials); else
 * 'category' for at most 20 distinct values that repeat, 'text' otherwise; 'empty' when all missing.
 */
export function inferColumnType(values: readonly string[]): ColumnTypeInfo {
  const present: number[] = [];
  const distinct = new Set<string>();
  for (let i = 0; i < values.length; i++) {
    if (isMissingCell(values[i])) continue;
    present.push(i);
    distinct.add(values[i].trim());
  }
  const base = { missing: values.length - present.length, present: present.length, distinct: distinct.size, invalid: 0, invalidRows: [] as number[] };
  if (present.length === 0) return { type: 'empty', ...base };
  const enough = (ok: number) => ok === present.length || (present.length >= 10 && ok >= 0.9 * present.length);
  const failures = (test: (s: string) => boolean) => {
    const rows: number[] = [];
    let n = 0;
    for (const i of present) {
      if (!test(values[i])) {
        n++;
        if (rows.length < 20) rows.push(i);
      }
    }
    return { n, rows };
  };

  const asPoint = failures((s) => parseNumberCell(s, { decimalComma: false }).error === undefined);
  const asComma = failures((s) => parseNumberCell(s, { decimalComma: true }).error === undefined);
  const useComma = asComma.n < asPoint.n;
  const num = useComma ? asComma : asPoint;
  if (enough(present.length - num.n)) {
    return { type: 'number', ...base, invalid: num.n, invalidRows: num.rows, decimalComma: useComma };
  }

  let written = 0;
  let dayFirst = 0;
  let monthFirst = 0;
  for (const i of present) {
    const s = values[i].trim();
    if (/^\d+(\.\d+)?$/.test(s)) continue;
    if (parseDateCell(s).error === undefined) written++;
    const m = RE_XYY.exec(s);
    if (m) {
      if (+m[1] > 12 && +m[3] <= 12) dayFirst++;
      else if (+m[3] > 12 && +m[1] <= 12) monthFirst++;
    }
  }
  if (written > 0) {
    const order: 'dmy' | 'mdy' = monthFirst > dayFirst ? 'mdy' : 'dmy';
    const date = failures((s) => parseDateCell(s, { order }).error === undefined);
    if (enough(present.length - date.n)) {
      return {
        type: 'date',
        ...base,
        invalid: date.n,
        invalidRows: date.rows,
        dateOrder: order,
        dateOrderAssumed: dayFirst === 0 && monthFirst === 0 && present.some((i) => RE_XYY.test(values[i].trim())),
      };
    }
  }

  const isCategory = distinct.size <= 20 && distinct.size < present.length && distinct.size <= Math.max(2, present.length / 2);
  return { type: isCategory ? 'category' : 'text', ...base };
}
