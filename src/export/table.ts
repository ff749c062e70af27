/**
 * One shape for every exportable table (SPEC §5: every table as CSV and XLSX, and copied into
 * Word cleanly). Views build an ExportTable from what they show; these functions turn it into
 * files. Pure and DOM-free except `tableToHtml`'s string output, so Node tests can check them.
 */

/** A cell: text as shown, a number (exported as a number), or null for an empty cell. */
export type ExportCell = string | number | null;

/** A table as the user sees it, in the language chosen for the export. */
export interface ExportTable {
  /** Caption, e.g. "Table 1. Baseline characteristics…". */
  title: string;
  /** Column headers. */
  columns: string[];
  rows: ExportCell[][];
  /** Footnotes printed under the table (tests used, cells with expected count < 5, …). */
  footnotes?: string[];
}

const csvCell = (c: ExportCell): string => {
  if (c == null) return '';
  const s = typeof c === 'number' ? (Number.isFinite(c) ? String(c) : '') : c;
  return /[",\r\n]|^\s|\s$/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
};

/**
 * CSV (RFC 4180, CRLF) with a UTF-8 BOM so Excel opens Chinese text correctly; the title and
 * footnotes are left out so the file stays a clean rectangle for R or SPSS.
 */
export function tableToCsv(t: ExportTable): string {
  const lines = [t.columns.map(csvCell).join(','), ...t.rows.map((r) => r.map(csvCell).join(','))];
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

/** HTML for the clipboard (Word and WPS paste it as a real table), with caption and footnotes. */
export function tableToHtml(t: ExportTable): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const cell = (c: ExportCell, tag: 'td' | 'th') => `<${tag}${typeof c === 'number' ? ' style="text-align:right"' : ''}>${c == null ? '' : esc(String(c))}</${tag}>`;
  return [
    '<table border="1" cellspacing="0" cellpadding="3" style="border-collapse:collapse;font-family:Arial,sans-serif;font-size:10pt">',
    `<caption style="text-align:left;font-weight:bold">${esc(t.title)}</caption>`,
    `<thead><tr>${t.columns.map((c) => cell(c, 'th')).join('')}</tr></thead>`,
    `<tbody>${t.rows.map((r) => `<tr>${r.map((c) => cell(c, 'td')).join('')}</tr>`).join('')}</tbody>`,
    '</table>',
    ...(t.footnotes ?? []).map((f) => `<p style="font-size:9pt;margin:2pt 0">${esc(f)}</p>`),
  ].join('');
}

/** Tab-separated plain text (what a plain-text paste gets), title and footnotes included. */
export function tableToText(t: ExportTable): string {
  const cell = (c: ExportCell) => (c == null ? '' : String(c).replace(/[\t\r\n]+/g, ' '));
  return [t.title, t.columns.map(cell).join('\t'), ...t.rows.map((r) => r.map(cell).join('\t')), ...(t.footnotes ?? [])].join('\n') + '\n';
}

/** The XLSX sheet rows: a bold title row, bold header, data (numbers stay numbers), footnotes. */
export function tableToSheetRows(t: ExportTable): Array<Array<{ value?: string | number; type?: StringConstructor | NumberConstructor; fontWeight?: 'bold'; wrap?: boolean } | null>> {
  const cell = (c: ExportCell, bold = false) =>
    c == null ? null : typeof c === 'number' ? (Number.isFinite(c) ? { value: c, type: Number } : null) : { value: c, type: String, ...(bold ? { fontWeight: 'bold' as const } : {}) };
  return [
    [{ value: t.title, type: String, fontWeight: 'bold' }],
    t.columns.map((c) => cell(c, true)),
    ...t.rows.map((r) => r.map((c) => cell(c))),
    ...(t.footnotes?.length ? [[null], ...t.footnotes.map((f) => [{ value: f, type: String }])] : []),
  ];
}
