/**
 * Import wizard, step 1: how the file is read — encoding (detected, or forced), delimiter, decimal
 * mark, the line with the column names, the XLSX sheet — and the first lines as read.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import type { CohortImportOptions, CohortPreview } from '../../study/cohort-import.ts';
import { formatNumber } from '../../i18n/format.ts';
import { DELIMITERS, ENCODINGS, delimiterName, encodingName } from './labels.ts';

/** What step 1 shows and changes. */
export interface PreviewStepContext {
  fileName: string;
  size: number;
  options: CohortImportOptions;
  preview: CohortPreview | null;
  error: string | null;
  loading: boolean;
  locale: string;
  set(patch: Partial<CohortImportOptions>): void;
}

/** Step 1 of the import wizard. */
export function renderPreviewStep(cx: PreviewStepContext): TemplateResult {
  const p = cx.preview;
  const o = cx.options;
  const t = p?.table;
  const loc = cx.locale;
  const xlsx = t?.kind === 'xlsx' || /\.xlsx$/i.test(cx.fileName);
  const commaCols = p?.columnInfo.filter((c) => c.type === 'number' && c.decimalComma).length ?? 0;
  return html`
    <div class="options">
      ${xlsx ? html`
        <div class="field">
          <label for="sheet">${msg('Sheet', { id: 'import.sheet' })}</label>
          <select id="sheet" data-testid="import-sheet" @change=${(e: Event) => cx.set({ sheet: (e.target as HTMLSelectElement).value })}>
            ${(t?.sheets ?? []).map((s) => html`<option value=${s} ?selected=${s === t?.sheet}>${s}</option>`)}
          </select>
        </div>` : html`
        <div class="field">
          <label for="encoding">${msg('Text encoding', { id: 'import.encoding' })}</label>
          <select id="encoding" data-testid="import-encoding" @change=${(e: Event) => cx.set({ encoding: (e.target as HTMLSelectElement).value as CohortImportOptions['encoding'] })}>
            ${ENCODINGS.map((e) => html`<option value=${e} ?selected=${o.encoding === e}>${e === 'auto' && t?.encoding
              ? msg(str`Automatic: ${encodingName(t.encoding)}`, { id: 'import.encoding.detected' }) : encodingName(e)}</option>`)}
          </select>
          <span class="hint">${msg('Chinese hospital systems often export GB18030 (GBK); if the preview shows garbled characters, choose it here.', { id: 'import.hint.encoding' })}</span>
        </div>
        <div class="field">
          <label for="delimiter">${msg('Cells separated by', { id: 'import.delimiter' })}</label>
          <select id="delimiter" data-testid="import-delimiter" @change=${(e: Event) => cx.set({ delimiter: (e.target as HTMLSelectElement).value as CohortImportOptions['delimiter'] })}>
            ${DELIMITERS.map((d) => html`<option value=${d} ?selected=${o.delimiter === d}>${d === 'auto' && t?.delimiter
              ? msg(str`Automatic: ${delimiterName(t.delimiter)}`, { id: 'import.delimiter.detected' }) : delimiterName(d)}</option>`)}
          </select>
        </div>`}
      <div class="field">
        <label for="decimal">${msg('Decimal mark', { id: 'import.decimal' })}</label>
        <select id="decimal" data-testid="import-decimal" @change=${(e: Event) => cx.set({ decimalMark: (e.target as HTMLSelectElement).value as CohortImportOptions['decimalMark'] })}>
          <option value="auto" ?selected=${o.decimalMark === 'auto'}>${msg('Decide per column', { id: 'import.decimal.auto' })}</option>
          <option value="point" ?selected=${o.decimalMark === 'point'}>${msg('Point: 1.5 (1,000 groups thousands)', { id: 'import.decimal.point' })}</option>
          <option value="comma" ?selected=${o.decimalMark === 'comma'}>${msg('Comma: 1,5 (1.000 groups thousands)', { id: 'import.decimal.comma' })}</option>
        </select>
        ${commaCols ? html`<span class="hint" data-testid="import-decimal-note">${msg(str`${formatNumber(commaCols, loc)} columns are written with decimal commas and are read that way.`, { id: 'import.hint.decimalCommas' })}</span>` : nothing}
      </div>
      <div class="field narrow">
        <label for="header-line">${xlsx ? msg('Column names are in row', { id: 'import.headerRow' }) : msg('Column names are on line', { id: 'import.headerLine' })}</label>
        <input id="header-line" data-testid="import-header-line" type="number" min="1" step="1" .value=${String(o.headerLine || t?.headerLine || 1)}
          @change=${(e: Event) => { const v = Number((e.target as HTMLInputElement).value); if (Number.isInteger(v) && v >= 1) cx.set({ headerLine: v }); }}>
        <span class="hint">${msg('Lines above it (a report title, a date) are skipped.', { id: 'import.hint.headerLine' })}</span>
      </div>
    </div>
    ${cx.error ? html`<div class="error" role="alert" data-testid="import-error">
        <strong>${msg('This file cannot be read with these settings:', { id: 'import.error.title' })}</strong>
        <div data-user>${cx.error}</div>
        <p>${msg('Nothing has been changed in the study. Fix the file (the line and column are given) or change the settings above.', { id: 'import.error.nothingChanged' })}</p>
      </div>` : nothing}
    ${t ? html`
      <p class="summary" data-testid="import-detected">${t.kind === 'xlsx'
        ? msg(str`Excel workbook, sheet "${t.sheet ?? ''}": ${formatNumber(t.rowCount, loc)} data rows, ${formatNumber(t.columns.length, loc)} columns.`, { id: 'import.detected.xlsx' })
        : msg(str`${encodingName(t.encoding ?? '')}${t.hadBom ? ' (BOM)' : ''}, ${delimiterName(t.delimiter ?? '')}: ${formatNumber(t.rowCount, loc)} data rows, ${formatNumber(t.columns.length, loc)} columns.`, { id: 'import.detected.text' })}
        ${t.report.linesAboveHeader ? msg(str`Lines skipped above the column names: ${t.report.linesAboveHeader}.`, { id: 'import.detected.skippedLines' }) : nothing}</p>
      <div class="preview" role="region" aria-label=${msg('The first lines of the file', { id: 'import.previewLabel' })} tabindex="0">
        <table data-testid="import-preview">
          <tbody>${t.head.map((r) => html`<tr class=${r.line === t.headerLine ? 'header' : r.line < t.headerLine ? 'above' : ''}>
            <th scope="row" class="num line" title=${msg('Line in the file', { id: 'import.lineInFile' })}>${r.line}</th>
            ${r.cells.map((c) => html`<td data-user>${c}</td>`)}
          </tr>`)}</tbody>
        </table>
      </div>
      <p class="hint">${msg('The highlighted line holds the column names; greyed lines above it are skipped. Cells are shown exactly as read.', { id: 'import.hint.preview' })}</p>`
    : cx.loading ? html`<p class="muted">${msg('Reading the file in the analysis worker…', { id: 'import.reading' })}</p>` : nothing}`;
}
