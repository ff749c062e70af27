/**
 * XLSX workbooks (a clinical cohort exported from Excel or WPS) read as sheets of text cells, so
 * the cohort reader treats them exactly like a CSV: every cell becomes the text a user would see —
 * numbers without binary noise (15 significant digits, as Excel shows them), dates as ISO
 * yyyy-mm-dd (with the time when it is not midnight), TRUE/FALSE, '' for an empty cell.
 *
 * Runs in the analysis worker (and in Node tests) through `read-excel-file/universal`: the same
 * reader as `read-excel-file/browser` but without spawning workers of its own, which a worker does
 * not need (it is already off the main thread) and which the single-file build's CSP would refuse.
 * Row n of a sheet is line n in messages (the row number Excel shows).
 */
import { msg, str } from '@lit/localize';
import readXlsxFile from 'read-excel-file/universal';
import { InputError } from './input-error.ts';

/** One sheet as text: rows[i] is sheet row i + 1. */
export interface XlsxSheet { name: string; rows: string[][] }

/** True when the bytes start like a ZIP archive (every .xlsx is one). */
export function looksLikeXlsx(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** The text of one cell as the sheet shows it. */
export function xlsxCellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number') return Number.isFinite(v) ? String(Number(v.toPrecision(15))) : '';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return '';
    const iso = v.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 16).replace('T', ' ');
  }
  return String(v);
}

/** Reads every sheet of an XLSX workbook; InputError (file only) when it is not a readable workbook. */
export async function readXlsxSheets(bytes: Uint8Array, fileName: string): Promise<XlsxSheet[]> {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let sheets: { sheet: string; data: unknown[][] }[];
  try {
    sheets = (await readXlsxFile(buffer)) as { sheet: string; data: unknown[][] }[];
  } catch (e) {
    const code = (e as { code?: string }).code;
    const detail = code === 'XLS_FILE_NOT_SUPPORTED'
      ? msg('this is an old binary Excel file (.xls): save it as .xlsx or CSV and add it again', { id: 'import.xlsx.oldXls' })
      : msg(str`not a readable Excel workbook (${String((e as Error)?.message ?? e)})`, { id: 'import.xlsx.unreadable' });
    throw new InputError(fileName, null, null, detail);
  }
  if (sheets.length === 0) throw new InputError(fileName, null, null, msg('the workbook has no sheets', { id: 'import.xlsx.noSheets' }));
  return sheets.map((s) => ({ name: s.sheet, rows: s.data.map((r) => r.map(xlsxCellText)) }));
}
