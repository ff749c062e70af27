import { LitElement, html, css, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { workbench } from '../app/workbench-worker.ts';
import type { InputFile } from '../app/study-actions.ts';
import { DEFAULT_IMPORT_OPTIONS, type CohortImportOptions, type CohortPreview, type ImportedCohort, type ImportMapping, type ProblemKind, type ValidationReport } from '../study/cohort-import.ts';
import type { DrSettings } from '../study/dr-classification.ts';
import { getLocale, intlLocale } from '../i18n/localization.ts';
import { formatBytes, formatNumber } from '../i18n/format.ts';
import { sharedStyles } from './shared-styles.ts';
import { renderPreviewStep } from './import/preview-step.ts';
import { doubleMapped, renderMappingStep } from './import/mapping-step.ts';
import { renderReportStep } from './import/report-step.ts';

/** What a confirmed import hands to the page: the cohort to save and the file whose bytes are stored with it. */
export interface ImportConfirmDetail { cohort: ImportedCohort; file: InputFile }

/** Settings to start from when a stored cohort is imported again ("Change columns…"). */
export interface ImportStart { options: Partial<CohortImportOptions>; mapping: ImportMapping }

const errText = (e: unknown) => String((e as Error)?.message ?? e);

/**
 * The import wizard (SPEC §5), opened when a cohort file (CSV, TSV, TXT or XLSX) is added to a
 * study: 1 preview (encoding, delimiter, decimal mark, header line, sheet), 2 column mapping with
 * the automatic guesses, one row per patient or per hospitalization episode, an existing DR group
 * column; 3 the validation report. Every read and check runs in the analysis worker
 * (previewCohortFile, importCohortFile). Confirm fires `import-confirm` (detail
 * {@link ImportConfirmDetail}); Cancel (or Esc) fires `import-cancel` and nothing changes.
 */
@customElement('mmdr-import-wizard')
@localized()
export class ImportWizard extends LitElement {
  static styles = [sharedStyles, css`
    dialog { border: 1px solid #c6ceda; border-radius: 12px; padding: 0; width: min(72rem, 96vw); max-height: 94vh; }
    dialog::backdrop { background: #0006; }
    .frame { display: flex; flex-direction: column; max-height: 94vh; }
    header { padding: 1rem 1.4rem .6rem; border-bottom: 1px solid #e4e8ee; }
    header h2 { margin: 0 0 .4rem; }
    ol.steps { display: flex; gap: 1.4rem; list-style: none; padding: 0; margin: .3rem 0 0; font-size: .92rem; color: #5b6778; }
    ol.steps li { display: flex; gap: .4rem; align-items: center; }
    ol.steps li .n { display: inline-flex; width: 1.5rem; height: 1.5rem; border-radius: 50%; border: 1px solid #c6ceda; align-items: center; justify-content: center; font-size: .8rem; }
    ol.steps li[aria-current="step"] { color: var(--accent, #1f5f99); font-weight: 600; }
    ol.steps li[aria-current="step"] .n { background: var(--accent, #1f5f99); color: #fff; border-color: var(--accent, #1f5f99); }
    ol.steps li.done .n { background: #e6f1e8; border-color: #9cc7a5; color: #1f6b3a; }
    .body { padding: 1rem 1.4rem; overflow: auto; flex: 1; }
    footer { padding: .7rem 1.4rem; border-top: 1px solid #e4e8ee; display: flex; gap: .6rem; align-items: center; background: #fafbfc; border-radius: 0 0 12px 12px; }
    .options { display: flex; flex-wrap: wrap; gap: .8rem 1.2rem; align-items: flex-start; margin-bottom: .8rem; }
    .field { display: flex; flex-direction: column; gap: .2rem; flex: 1 1 14rem; max-width: 20rem; }
    .field.narrow { min-width: 10rem; max-width: 14rem; }
    .field label { font-size: .88rem; color: #3b4757; font-weight: 600; }
    .hint { font-size: .8rem; color: #5b6778; line-height: 1.35; }
    .summary { font-size: .92rem; }
    .preview { overflow: auto; max-height: 22rem; border: 1px solid #dde3eb; border-radius: 8px; }
    .preview table { width: auto; font-size: .82rem; }
    .preview td, .preview th { white-space: nowrap; padding: .2rem .5rem; max-width: 14rem; overflow: hidden; text-overflow: ellipsis; }
    .preview tr.header td { background: #e8f0fa; font-weight: 600; }
    .preview tr.above td { color: #98a3b3; }
    .preview th.line { color: #8793a3; font-weight: 400; background: #f6f8fb; position: sticky; left: 0; }
    fieldset { border: 1px solid #dde3eb; border-radius: 8px; padding: .5rem .9rem .7rem; margin: 0 0 .8rem; }
    legend { font-weight: 600; padding: 0 .3rem; }
    .check { display: flex; gap: .45rem; align-items: center; margin: .3rem 0; flex-wrap: wrap; }
    .map-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(28rem, 1fr)); gap: .15rem 1.6rem; }
    .map-row { display: grid; grid-template-columns: 13rem minmax(0, 1fr); gap: 0 .5rem; align-items: center; padding: .2rem 0; }
    .map-row > .hint, .map-row > span:empty { grid-column: 2; }
    .map-row label { font-size: .88rem; }
    .map-row select { width: 100%; }
    .map-row .hint { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    .map-row.double select { border-color: #c0392b; background: #fdf0f0; }
    .stats { display: flex; flex-wrap: wrap; gap: .8rem; margin-bottom: .6rem; }
    .stat { border: 1px solid #dde3eb; border-radius: 8px; padding: .5rem .8rem; min-width: 8.5rem; display: flex; flex-direction: column; font-size: .82rem; color: #3b4757; }
    .stat .big { font-size: 1.45rem; font-weight: 600; color: #1d2733; font-variant-numeric: tabular-nums; }
    .stat.good { border-color: #9cc7a5; background: #f3f9f4; }
    .stat.warn { border-color: #f0d58a; background: #fffaf0; }
    .stat.bad { border-color: #e3b4b6; background: #fdf4f4; }
    h4 { margin: 1rem 0 .4rem; font-size: .98rem; }
    table.compact { width: auto; font-size: .85rem; }
    table.compact th, table.compact td { padding: .25rem .55rem; }
    td.bad { color: #a4262c; font-weight: 600; }
    .scroll { overflow: auto; max-height: 20rem; border: 1px solid #e4e8ee; border-radius: 6px; }
    .chips { display: flex; flex-wrap: wrap; gap: .3rem; margin-bottom: .4rem; }
    .chips button { padding: .15rem .6rem; font-size: .82rem; border-radius: 999px; }
    .chips button.chosen { background: var(--accent, #1f5f99); color: #fff; border-color: var(--accent, #1f5f99); }
    tr.unreadable td:last-child { color: #7d1d22; }
    .good-text { color: #1f6b3a; }
    .replace { font-size: .85rem; color: #7a5300; }
  `];

  /** The file to import (bytes kept in memory until Confirm stores them). */
  @property({ attribute: false }) file: InputFile | null = null;
  /** DR settings of the study (the report's DR preview uses them). */
  @property({ attribute: false }) drSettings: Partial<DrSettings> | undefined = undefined;
  /** The study already has a cohort (Confirm replaces it). */
  @property({ type: Boolean }) replaces = false;
  /** Settings to start from (re-import of the stored file); absent = detect and guess. */
  @property({ attribute: false }) start: ImportStart | null = null;

  @state() private _step: 1 | 2 | 3 = 1;
  @state() private _options: CohortImportOptions = { ...DEFAULT_IMPORT_OPTIONS };
  @state() private _preview: CohortPreview | null = null;
  @state() private _previewError: string | null = null;
  @state() private _mapping: ImportMapping | null = null;
  @state() private _report: { cohort: ImportedCohort; report: ValidationReport } | null = null;
  @state() private _reportError: string | null = null;
  @state() private _busy = false;
  @state() private _filter: ProblemKind | '' = '';
  @query('dialog') private _dialog!: HTMLDialogElement;
  private _gen = 0;
  /** The preview being read (Next waits for it: a header line typed just before clicking Next counts). */
  private _previewRun: Promise<void> = Promise.resolve();
  private _columnsKey = '';
  private _reportKey = '';

  protected firstUpdated(): void {
    this._dialog.showModal();
  }

  protected willUpdate(changed: PropertyValues): void {
    if (changed.has('file') && this.file) {
      this._options = { ...DEFAULT_IMPORT_OPTIONS, ...(this.start?.options ?? {}) };
      this._mapping = null;
      this._columnsKey = '';
      this._previewRun = this._readPreview();
    }
  }

  private async _readPreview() {
    const f = this.file;
    if (!f) return;
    const gen = ++this._gen;
    this._busy = true;
    try {
      const p = await workbench.call('previewCohortFile', [f.bytes.slice(0), f.name, this._options, getLocale()]);
      if (gen !== this._gen) return;
      this._preview = p;
      this._previewError = null;
      // new columns → new guesses (a stored mapping is used when it fits these columns)
      const key = JSON.stringify(p.table.columns);
      if (key !== this._columnsKey) {
        this._columnsKey = key;
        const s = this.start?.mapping;
        const fits = s && Object.values(s.fields).every((c) => !c || p.table.columns.includes(c) || c.startsWith('ep_'));
        this._mapping = fits ? { ...s, fields: Object.fromEntries(Object.entries(s.fields).map(([k, c]) => [k, c && p.table.columns.includes(c) ? c : p.guess.fields[k] ?? null])) } : p.guess;
        this._report = null;
      }
    } catch (e) {
      if (gen !== this._gen) return;
      this._preview = null;
      this._previewError = errText(e);
    } finally {
      if (gen === this._gen) this._busy = false;
    }
  }

  private async _check() {
    const f = this.file;
    const m = this._mapping;
    if (!f || !m) return;
    const key = JSON.stringify([this._options, m, this.drSettings ?? null]);
    if (key === this._reportKey && (this._report || this._reportError)) return;
    this._reportKey = key;
    const gen = ++this._gen;
    this._busy = true;
    this._report = null;
    this._reportError = null;
    try {
      const r = await workbench.call('importCohortFile', [f.bytes.slice(0), f.name, this._options, m, this.drSettings, getLocale()]);
      if (gen !== this._gen) return;
      this._report = r;
    } catch (e) {
      if (gen !== this._gen) return;
      this._reportError = errText(e);
    } finally {
      if (gen === this._gen) this._busy = false;
    }
  }

  private _setOptions(patch: Partial<CohortImportOptions>) {
    this._options = { ...this._options, ...patch };
    this._reportKey = '';
    this._previewRun = this._readPreview();
  }

  private async _go(step: 1 | 2 | 3) {
    if (step === 2 && this._step === 1) {
      await this._previewRun;
      if (!this._preview || this._previewError || !this._mapping) return;
    }
    this._step = step;
    if (step === 3) void this._check();
    this.renderRoot.querySelector('.body')?.scrollTo({ top: 0 });
  }

  private _cancel() {
    this._gen++;
    if (this._dialog?.open) this._dialog.close();
    this.dispatchEvent(new CustomEvent('import-cancel', { bubbles: true, composed: true }));
  }

  private _confirm() {
    if (!this._report || !this.file) return;
    const detail: ImportConfirmDetail = { cohort: this._report.cohort, file: this.file };
    if (this._dialog?.open) this._dialog.close();
    this.dispatchEvent(new CustomEvent<ImportConfirmDetail>('import-confirm', { detail, bubbles: true, composed: true }));
  }

  render() {
    const f = this.file;
    if (!f) return nothing;
    const loc = intlLocale();
    const steps: [1 | 2 | 3, string][] = [[1, msg('Preview', { id: 'import.step.preview' })], [2, msg('Columns', { id: 'import.step.columns' })], [3, msg('Check', { id: 'import.step.check' })]];
    const canNext = this._step === 1 ? (!!this._preview || this._busy) && !this._previewError : this._step === 2 ? !!this._mapping && doubleMapped(this._mapping).length === 0 : false;
    return html`<dialog aria-labelledby="wizard-title" data-testid="import-wizard" @cancel=${(e: Event) => { e.preventDefault(); this._cancel(); }}>
      <div class="frame">
        <header>
          <h2 id="wizard-title">${msg('Import a cohort table', { id: 'import.title' })}: <span data-user>${f.name}</span> <span class="muted" style="font-weight:400;font-size:.9rem">${formatBytes(f.bytes.byteLength, loc)}</span></h2>
          <ol class="steps">${steps.map(([n, label]) => html`<li aria-current=${this._step === n ? 'step' : 'false'} class=${n < this._step ? 'done' : ''}><span class="n">${n}</span>${label}</li>`)}</ol>
        </header>
        <div class="body" data-testid=${`wizard-step-${this._step}`}>
          ${this._step === 1 ? renderPreviewStep({
              fileName: f.name, size: f.bytes.byteLength, options: this._options, preview: this._preview, error: this._previewError, loading: this._busy, locale: loc,
              set: (p) => this._setOptions(p),
            })
            : this._step === 2 && this._preview && this._mapping ? renderMappingStep({
              preview: this._preview, mapping: this._mapping, locale: loc, set: (m) => { this._mapping = m; },
            })
            : renderReportStep({
              report: this._report?.report ?? null, error: this._reportError, loading: this._busy, locale: loc, filter: this._filter, setFilter: (k) => { this._filter = k; },
            })}
        </div>
        <footer>
          <button data-testid="wizard-cancel" @click=${this._cancel}>${msg('Cancel', { id: 'common.cancel' })}</button>
          <span class="spacer"></span>
          ${this.replaces ? html`<span class="replace">${msg('Confirming replaces the study\'s current cohort table (its file stays stored).', { id: 'import.replaces' })}</span>` : nothing}
          ${this._busy ? html`<span class="muted">${msg('working…', { id: 'import.working' })}</span>` : nothing}
          ${this._step > 1 ? html`<button data-testid="wizard-back" @click=${() => this._go((this._step - 1) as 1 | 2)}>${msg('← Back', { id: 'import.back' })}</button>` : nothing}
          ${this._step < 3
            ? html`<button class="primary" data-testid="wizard-next" ?disabled=${!canNext} @click=${() => this._go((this._step + 1) as 2 | 3)}>${this._step === 1
              ? msg('Next: columns →', { id: 'import.next.columns' }) : msg('Next: check →', { id: 'import.next.check' })}</button>`
            : html`<button class="primary" data-testid="wizard-confirm" ?disabled=${!this._report || this._busy} @click=${this._confirm}>${this._report
              ? msg(str`Import ${formatNumber(this._report.report.patients, loc)} patients`, { id: 'import.confirm' }) : msg('Import', { id: 'import.confirmShort' })}</button>`}
        </footer>
      </div>
    </dialog>`;
  }
}

declare global { interface HTMLElementTagNameMap { 'mmdr-import-wizard': ImportWizard } }
