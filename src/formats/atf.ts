import { msg, str } from '@lit/localize';
import { InputError } from './input-error.ts';
import { decodeText, splitLines, type EncodingChoice, type TextEncodingName } from './text-decode.ts';

/**
 * The Axon Text File (ATF) container shared by GenePix Results (GPR) and GenePix ArrayList (GAL)
 * files: a magic line `ATF<TAB>1.0`, a line `nHeaderRecords<TAB>nDataColumns`, that many
 * `Key=Value` header records (quoted, unquoted or partly quoted; values may contain tabs), a line of
 * column names, then tab-separated data rows.
 */

/** One `Key=Value` header record and the 1-based line it came from. */
export interface AtfHeaderRecord {
  key: string;
  value: string;
  line: number;
}

/** A parsed ATF file: header records, column names and the data cells as text, column by column. */
export interface AtfTable {
  fileName: string;
  /** Encoding the bytes were decoded with. */
  encoding: TextEncodingName;
  /** Version string from line 1, e.g. "1.0" or "1". */
  atfVersion: string;
  /** Header records in file order (duplicates kept). */
  headerRecords: AtfHeaderRecord[];
  /** Header records by key (first occurrence wins), values unquoted. */
  headers: Record<string, string>;
  /** Column names as written in the file (quotes removed, trimmed). */
  columns: string[];
  /** 1-based line of the column-name line. */
  columnLine: number;
  /** Number of data rows. */
  nRows: number;
  /** cells[c][r]: the text of column c in data row r (quotes removed). */
  cells: string[][];
  /** 1-based file line of each data row. */
  rowLine: Int32Array;
  /** Index of a column by name (case-insensitive, surrounding and repeated spaces ignored), or -1. */
  columnIndex(name: string): number;
}

/** Options for {@link parseAtf}. */
export interface AtfOptions {
  /** Text encoding; 'auto' (default) detects it. */
  encoding?: EncodingChoice;
}

/** Canonical form of a column or header name for lookups: trimmed, spaces collapsed, lower case. */
export function normalizeName(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Case-insensitive header lookup; returns undefined when the key is absent. */
export function getHeader(headers: Record<string, string>, key: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(headers, key)) return headers[key];
  const want = normalizeName(key);
  for (const k of Object.keys(headers)) if (normalizeName(k) === want) return headers[k];
  return undefined;
}

interface SplitLine {
  fields: string[];
  /** 0-based index of a field whose opening quote is never closed, or -1. */
  unclosed: number;
}

function splitFields(line: string): SplitLine {
  const fields: string[] = [];
  let unclosed = -1;
  const n = line.length;
  let i = 0;
  for (;;) {
    let p = i;
    while (p < n && line[p] === ' ') p++;
    if (p < n && line[p] === '"') {
      let j = p + 1;
      let val = '';
      let closed = false;
      while (j < n) {
        const q = line.indexOf('"', j);
        if (q < 0) break;
        if (line[q + 1] === '"' && q + 1 !== n - 1 && line[q + 2] !== '\t') {
          val += line.slice(j, q + 1); // "" inside a quoted field is a literal quote
          j = q + 2;
          continue;
        }
        val += line.slice(j, q);
        j = q + 1;
        closed = true;
        break;
      }
      if (!closed) {
        val += line.slice(j);
        fields.push(val);
        unclosed = fields.length - 1;
        break;
      }
      const t = line.indexOf('\t', j);
      const rest = t < 0 ? line.slice(j) : line.slice(j, t);
      if (rest.trim() !== '') val += rest; // text after the closing quote, e.g. `"a"b`: keep it
      fields.push(val);
      if (t < 0) break;
      i = t + 1;
    } else {
      const t = line.indexOf('\t', i);
      fields.push((t < 0 ? line.slice(i) : line.slice(i, t)).trim());
      if (t < 0) break;
      i = t + 1;
    }
  }
  return { fields, unclosed };
}

/**
 * Splits one ATF line at tabs. A field that starts with a double quote runs to the closing quote
 * (tabs inside are kept); unquoted fields are trimmed. An unclosed quote runs to the end of the line.
 */
export function splitAtfFields(line: string): string[] {
  return splitFields(line).fields;
}

function dropTrailingEmpty(fields: string[], keep = 0): string[] {
  let end = fields.length;
  while (end > keep && fields[end - 1].trim() === '') end--;
  return end === fields.length ? fields : fields.slice(0, end);
}

function excerpt(s: string, max = 40): string {
  const t = s.replace(/\t/g, '→');
  return t.length > max ? t.slice(0, max) + '…' : t;
}

/**
 * Parses the ATF container. Throws {@link InputError} (file, line, column) for a wrong magic line,
 * a bad count line, a header count that does not match the records, a column-name count that does
 * not match line 2, and data rows with too many or too few fields (extra empty trailing fields are
 * tolerated). Blank lines among the data rows are skipped.
 */
export function parseAtf(bytes: Uint8Array, fileName: string, opts: AtfOptions = {}): AtfTable {
  const { text, encoding } = decodeText(bytes, fileName, opts.encoding ?? 'auto');
  const lines = splitLines(text);

  const magic = lines[0]?.trim() ?? '';
  const magicTokens = magic.replace(/"/g, '').split(/[\t ]+/);
  if (magicTokens[0]?.toUpperCase() !== 'ATF' || magic === '') {
    throw new InputError(
      fileName,
      1,
      1,
      msg(str`expected "ATF" and a version (the first line of a GenePix file) but found "${excerpt(magic)}"`, {
        id: 'atf.badMagic',
      }),
    );
  }
  const atfVersion = magicTokens.slice(1).join(' ');

  if (lines.length < 2) {
    throw new InputError(fileName, 1, null, msg('the file ends after line 1; it is not a complete ATF file', { id: 'atf.truncatedAfterMagic' }));
  }
  const countTokens = lines[1].trim().replace(/"/g, '').split(/[\t ]+/);
  const nHeader = Number(countTokens[0]);
  const nCols = Number(countTokens[1]);
  if (
    countTokens.length < 2 ||
    !/^\d+$/.test(countTokens[0]) ||
    !/^\d+$/.test(countTokens[1]) ||
    !Number.isInteger(nHeader) ||
    !Number.isInteger(nCols) ||
    nCols < 1
  ) {
    throw new InputError(
      fileName,
      2,
      1,
      msg(str`expected the number of header records and of data columns (e.g. "31<TAB>48") but found "${excerpt(lines[1].trim())}"`, {
        id: 'atf.badCountLine',
      }),
    );
  }

  const headerRecords: AtfHeaderRecord[] = [];
  const headerEntries: [string, string][] = [];
  const seen = new Set<string>();
  for (let k = 0; k < nHeader; k++) {
    const lineNo = 3 + k;
    const raw = lines[lineNo - 1];
    if (raw === undefined) {
      throw new InputError(
        fileName,
        lines.length,
        null,
        msg(str`the file ends inside the header: line 2 declares ${nHeader} header records but only ${k} follow`, {
          id: 'atf.truncatedHeader',
        }),
      );
    }
    const fields = dropTrailingEmpty(splitFields(raw).fields);
    const record = fields.join('\t');
    const eq = record.indexOf('=');
    if (eq <= 0) {
      throw new InputError(
        fileName,
        2,
        1,
        msg(
          str`line 2 declares ${nHeader} header records but line ${lineNo} is not a Key=Value record ("${excerpt(record)}"); only ${k} header records were found`,
          { id: 'atf.headerCountTooHigh' },
        ),
      );
    }
    const key = record.slice(0, eq).trim();
    let value = record.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    headerRecords.push({ key, value, line: lineNo });
    if (!seen.has(key)) {
      seen.add(key);
      headerEntries.push([key, value]);
    }
  }

  const columnLine = 3 + nHeader;
  const colRaw = lines[columnLine - 1];
  if (colRaw === undefined) {
    throw new InputError(
      fileName,
      lines.length,
      null,
      msg(str`the file ends before the column-name line (expected at line ${columnLine})`, { id: 'atf.truncatedNoColumns' }),
    );
  }
  const columns = dropTrailingEmpty(splitFields(colRaw).fields).map((c) => c.trim());
  if (columns.length > 0 && /^[^\t]+=/.test(columns[0]) && columns.length < nCols) {
    throw new InputError(
      fileName,
      2,
      1,
      msg(
        str`line 2 declares ${nHeader} header records but line ${columnLine} is still a header record ("${excerpt(colRaw.trim())}")`,
        { id: 'atf.headerCountTooLow' },
      ),
    );
  }
  if (columns.length !== nCols) {
    throw new InputError(
      fileName,
      columnLine,
      null,
      msg(str`line 2 declares ${nCols} data columns but this column-name line has ${columns.length}`, {
        id: 'atf.columnCountMismatch',
      }),
    );
  }

  const cells: string[][] = columns.map(() => []);
  const rowLines: number[] = [];
  for (let li = columnLine; li < lines.length; li++) {
    const raw = lines[li];
    if (raw.trim() === '') continue;
    const lineNo = li + 1;
    const split = splitFields(raw);
    const fields = split.fields.length > nCols ? dropTrailingEmpty(split.fields, nCols) : split.fields;
    if (split.unclosed >= 0 && split.unclosed < nCols) {
      throw new InputError(
        fileName,
        lineNo,
        columns[split.unclosed] ?? split.unclosed + 1,
        msg('a quoted field is never closed', { id: 'atf.unclosedQuote' }),
      );
    }
    if (fields.length !== nCols) {
      const found = fields.length;
      throw new InputError(
        fileName,
        lineNo,
        Math.min(found, nCols) + 1,
        found < nCols
          ? msg(str`expected ${nCols} tab-separated fields but found ${found} (the row is short)`, { id: 'atf.rowTooShort' })
          : msg(str`expected ${nCols} tab-separated fields but found ${found}`, { id: 'atf.rowTooLong' }),
      );
    }
    for (let c = 0; c < nCols; c++) cells[c].push(fields[c]);
    rowLines.push(lineNo);
  }

  const index = new Map<string, number>();
  columns.forEach((c, i) => {
    const k = normalizeName(c);
    if (!index.has(k)) index.set(k, i);
  });

  return {
    fileName,
    encoding,
    atfVersion,
    headerRecords,
    headers: Object.fromEntries(headerEntries),
    columns,
    columnLine,
    nRows: rowLines.length,
    cells,
    rowLine: Int32Array.from(rowLines),
    columnIndex: (name: string) => index.get(normalizeName(name)) ?? -1,
  };
}
