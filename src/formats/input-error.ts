import { msg, str } from '@lit/localize';

/**
 * A problem with a user's file, located precisely enough to fix it: file name, 1-based line and
 * column (or column name) where known. Every parser throws this (never a bare Error) so the UI and
 * the CLI can print one line such as `cohort.csv, line 12, column "Age": "sixty" is not a number`.
 */
export class InputError extends Error {
  /** File name as the user knows it. */
  readonly file: string;
  /** 1-based line number in the file, or null when the problem is the file as a whole. */
  readonly line: number | null;
  /** 1-based column number or the column's header name, or null. */
  readonly column: number | string | null;
  /** The problem itself, without the location. */
  readonly detail: string;

  constructor(file: string, line: number | null, column: number | string | null, detail: string) {
    super(formatLocation(file, line, column) + ': ' + detail);
    this.name = 'InputError';
    this.file = file;
    this.line = line;
    this.column = column;
    this.detail = detail;
  }
}

/** The "file, line N, column C" prefix used in every input error message (localized). */
export function formatLocation(file: string, line: number | null, column: number | string | null): string {
  let out = file;
  if (line != null) out += msg(str`, line ${line}`, { id: 'loc.line' });
  if (column != null) {
    const c = typeof column === 'number' ? String(column) : `"${column}"`;
    out += msg(str`, column ${c}`, { id: 'loc.column' });
  }
  return out;
}
