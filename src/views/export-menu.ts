import { LitElement, html, css } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import { allLocales } from '../i18n/generated/locale-codes.ts';
import { LOCALE_NAMES, exportLocale, setExportLocale, withLocale, type Locale } from '../i18n/localization.ts';
import { copyTable, downloadCsv, downloadPng, downloadSvg, downloadXlsx } from '../export/download.ts';
import type { ExportTable } from '../export/table.ts';
import { sharedStyles } from './shared-styles.ts';

/** A figure ready to export: a standalone SVG document and its size in CSS pixels. */
export interface ExportFigure { title: string; svg: string; width: number; height: number }

/**
 * The export buttons every table and figure carries (SPEC §5: every chart as PNG and SVG, every
 * table as CSV and XLSX, tables copy into Word). The export has a language of its own, chosen
 * here and independent of the UI language: `table()` / `figure()` are called with that language
 * active, so headers, footnotes and axis labels come out in it.
 */
@customElement('mmdr-export-menu')
@localized()
export class ExportMenu extends LitElement {
  static styles = [sharedStyles, css`
    :host { display: inline-flex; gap: .35rem; align-items: center; flex-wrap: wrap; }
    button { padding: .25rem .6rem; font-size: .85rem; }
    select { font-size: .85rem; padding: .2rem .3rem; }
    .done { color: #1f6b3a; font-size: .85rem; }
  `];

  /** Builds the table to export (called with the export language active). */
  @property({ attribute: false }) table?: () => ExportTable | Promise<ExportTable>;
  /** Builds the figure to export (called with the export language active). */
  @property({ attribute: false }) figure?: () => ExportFigure | Promise<ExportFigure>;
  /** Short name of what is exported, for the buttons' accessible names. */
  @property() what = '';

  @state() private _lang: Locale = exportLocale();
  @state() private _note = '';

  render() {
    const what = this.what;
    return html`
      <label class="sr-only" for="lang">${msg('Export language', { id: 'export.language' })}</label>
      <select id="lang" title=${msg('Export language', { id: 'export.language' })} data-testid="export-language"
        @change=${(e: Event) => { this._lang = (e.target as HTMLSelectElement).value as Locale; setExportLocale(this._lang); }}>
        ${allLocales.map((l) => html`<option value=${l} ?selected=${l === this._lang}>${LOCALE_NAMES[l as Locale]}</option>`)}
      </select>
      ${this.table ? html`
        <button data-testid="export-csv" aria-label=${`CSV ${what}`} @click=${() => this._run(async () => downloadCsv(await this.table!()))}>CSV</button>
        <button data-testid="export-xlsx" aria-label=${`XLSX ${what}`} @click=${() => this._run(async () => downloadXlsx([await this.table!()]))}>XLSX</button>
        <button data-testid="export-copy" @click=${() => this._run(async () => { await copyTable(await this.table!()); return msg('Copied. Paste into Word or WPS as a table.', { id: 'export.copied' }); })}>${msg('Copy table', { id: 'export.copy' })}</button>` : null}
      ${this.figure ? html`
        <button data-testid="export-png" aria-label=${`PNG ${what}`} @click=${() => this._run(async () => { const f = await this.figure!(); await downloadPng(f.svg, f.width, f.height, f.title); })}>PNG</button>
        <button data-testid="export-svg" aria-label=${`SVG ${what}`} @click=${() => this._run(async () => { const f = await this.figure!(); downloadSvg(f.svg, f.title); })}>SVG</button>` : null}
      ${this._note ? html`<span class="done" role="status">${this._note}</span>` : null}`;
  }

  /** Runs one export with the export language active; shows a short note or the error. */
  private async _run(job: () => Promise<string | void>) {
    this._note = '';
    try {
      const note = await withLocale(this._lang, job);
      if (note) this._note = note;
    } catch (e) {
      this._note = String((e as Error).message ?? e);
    }
  }
}

declare global { interface HTMLElementTagNameMap { 'mmdr-export-menu': ExportMenu } }
