import { LitElement, html, css } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { getStudy, getFile, saveStudy, makeStoredFile, onOtherTabChange, StudyConflictError } from '../storage/studies.ts';
import type { StudyRecord } from '../study/model.ts';
import { addFilesToStudy, fromBrowserFile, type InputFile } from '../app/study-actions.ts';
import { DEFAULT_EPISODE_SETTINGS } from '../study/episodes.ts';
import type { DrSettings } from '../study/dr-classification.ts';
import type { ImportConfirmDetail, ImportStart } from './import-wizard.ts';
import './import-wizard.ts';
import type { StudyTab } from '../app/router.ts';
import { formatNumber } from '../i18n/format.ts';
import { intlLocale } from '../i18n/localization.ts';
import type { Progress } from '../worker/bridge.ts';
import type { ToastMessage } from './app-toast.ts';
import { sharedStyles } from './shared-styles.ts';
import { STUDY_VIEWS } from './study-views.ts';

/**
 * One study: its name, a tab per view that exists (Cohort, Arrays), and adding files by picker or
 * drag and drop. Files are parsed in the worker; a refused file is reported with its location and
 * nothing already loaded is lost.
 */
@customElement('mmdr-study-page')
@localized()
export class StudyPage extends LitElement {
  static styles = [sharedStyles, css`
    :host { display: block; }
    header { margin-bottom: .8rem; }
    nav[role="tablist"] { display: flex; gap: .2rem; border-bottom: 1px solid #dde3eb; margin: .8rem 0 1rem; }
    nav a { padding: .5rem 1rem; text-decoration: none; color: #3b4757; border-bottom: 3px solid transparent; }
    nav a[aria-selected="true"] { color: var(--accent, #1f5f99); border-bottom-color: var(--accent, #1f5f99); font-weight: 600; }
    .drop { border: 2px dashed #c6ceda; border-radius: 8px; padding: .6rem .9rem; }
    .drop.over { border-color: var(--accent, #1f5f99); background: #eef4fb; }
    .errors { margin: .5rem 0; }
    .errors li { margin: .2rem 0; }
    progress { width: 12rem; }
  `];

  /** Id of the study to show. */
  @property() studyId = '';
  /** Which tab is open. */
  @property() tab: StudyTab = 'cohort';

  @state() private _study: StudyRecord | null | undefined = undefined;
  @state() private _errors: string[] = [];
  @state() private _busy: Progress | null = null;
  @state() private _over = false;
  /** The import wizard's file (a new cohort table, or the stored one imported again), or null. */
  @state() private _wizard: { file: InputFile; start: ImportStart | null; fileId: string | null } | null = null;
  /** Further cohort tables dropped at once, each opened in the wizard after the previous one. */
  private _wizardQueue: InputFile[] = [];
  private _abort: AbortController | null = null;
  private _unsubscribe: (() => void) | null = null;

  connectedCallback(): void {
    super.connectedCallback();
    // Another tab saved or deleted this study: show its latest state instead of a stale copy.
    this._unsubscribe = onOtherTabChange((e) => {
      if (e.type === 'all-deleted' || (e.type === 'study-deleted' && e.id === this.studyId)) this._study = null;
      else if (e.type === 'study-saved' && e.id === this.studyId && e.rev !== this._study?.rev) void this._load();
    });
  }

  disconnectedCallback(): void {
    this._unsubscribe?.();
    super.disconnectedCallback();
  }

  protected willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('studyId')) void this._load();
  }

  private async _load() {
    this._study = undefined;
    this._study = (await getStudy(this.studyId)) ?? null;
  }

  render() {
    const s = this._study;
    if (s === undefined) return html`<p class="muted">${msg('Loading…', { id: 'common.loading' })}</p>`;
    if (s === null) return html`<p class="error">${msg('This study is not in this browser (it may have been deleted).', { id: 'study.notFound' })}</p>
      <p><a href="#/">${msg('Back to studies', { id: 'study.back' })}</a></p>`;
    const loc = intlLocale();
    const view = STUDY_VIEWS.find((v) => v.id === this.tab) ?? STUDY_VIEWS[0];
    return html`
      <header>
        <h2 data-testid="study-name"><span data-user>${s.name}</span> ${s.synthetic ? html`<span class="badge">${msg('synthetic data', { id: 'badge.synthetic' })}</span>` : null}</h2>
        ${s.description ? html`<p class="muted">${s.description}</p>` : null}
        <p class="muted" data-testid="study-counts">${msg(str`${formatNumber(s.cohort?.rows.length ?? 0, loc)} patients · ${formatNumber(s.arrays.length, loc)} array files`, { id: 'study.counts' })}</p>
      </header>
      <div class="drop ${this._over ? 'over' : ''}" @dragover=${this._dragOver} @dragleave=${() => { this._over = false; }} @drop=${this._drop}>
        <div class="row">
          <label class="button" for="add-files">${msg('Add files…', { id: 'study.addFiles' })}</label>
          <input id="add-files" class="sr-only" type="file" multiple accept=".csv,.tsv,.txt,.xlsx,.gpr" @change=${this._picked} data-testid="add-files">
          <span class="muted">${msg('or drop them here: a cohort table (CSV, TSV or Excel XLSX: you will check how it is read first), array files (GenePix GPR, GEO series matrix, expression matrix CSV), NanoSight NTA exports and RNA-yield tables.', { id: 'import.dropHint' })}</span>
          ${this._busy ? html`<progress max=${this._busy.total} value=${this._busy.done}></progress>
            <button @click=${() => this._abort?.abort()}>${msg('Cancel', { id: 'common.cancel' })}</button>` : null}
        </div>
      </div>
      ${this._errors.length ? html`<div class="error errors" role="alert" data-testid="import-errors">
          <strong>${msg('Some files were not added (everything already loaded is unchanged):', { id: 'study.importErrors' })}</strong>
          <ul>${this._errors.map((e) => html`<li>${e}</li>`)}</ul></div>` : null}
      <nav role="tablist" aria-label=${msg('Study views', { id: 'study.views' })}>
        ${STUDY_VIEWS.map((v) => html`<a role="tab" aria-selected=${v === view ? 'true' : 'false'} href=${`#/study/${encodeURIComponent(s.id)}/${v.id}`}>${v.label()}</a>`)}
      </nav>
      <div role="tabpanel" @open-import-wizard=${this._reimport}>${view.render({ study: s, save: (next) => this._save(next) })}</div>
      ${this._wizard ? html`<mmdr-import-wizard .file=${this._wizard.file} .start=${this._wizard.start} .drSettings=${s.settings?.dr as Partial<DrSettings> | undefined}
        ?replaces=${!!s.cohort} @import-confirm=${this._imported} @import-cancel=${this._nextWizard}></mmdr-import-wizard>` : null}`;
  }

  /** Opens the wizard on the next cohort table waiting, or closes it. */
  private _nextWizard() {
    const next = this._wizardQueue.shift();
    this._wizard = next ? { file: next, start: null, fileId: null } : null;
  }

  /** The wizard's Confirm: the cohort replaces the study's, the original bytes are stored with it. */
  private async _imported(e: CustomEvent<ImportConfirmDetail>) {
    const st = this._study;
    const w = this._wizard;
    if (!st || !w) return;
    const { cohort, file } = e.detail;
    const sf = w.fileId ? null : makeStoredFile(st.id, file.name, file.type, file.bytes);
    try {
      this._study = await saveStudy({ ...st, cohort: { fileId: w.fileId ?? sf!.id, ...cohort } }, sf ? [sf] : []);
      this._errors = [];
      this._toast({ text: msg(str`Imported ${formatNumber(cohort.rows.length, intlLocale())} patients from ${file.name}.`, { id: 'import.done' }) });
    } catch (err) {
      if (err instanceof StudyConflictError) this._study = err.stored;
      this._errors = [String((err as Error).message ?? err)];
    }
    this._nextWizard();
  }

  /** "Change how the cohort is read": the stored file in the wizard, starting from the saved settings and mapping. */
  private async _reimport() {
    const c = this._study?.cohort;
    if (!c) return;
    const f = await getFile(c.fileId);
    if (!f) { this._errors = [msg('The original file of this cohort is not stored in this browser; add it again.', { id: 'import.noStoredFile' })]; return; }
    this._wizard = {
      file: { name: f.name, type: f.type, bytes: f.bytes }, fileId: f.id,
      start: {
        options: c.importOptions ?? {},
        mapping: {
          fields: c.mapping, shape: c.shape ?? 'patients', drGroupColumn: c.drGroupColumn ?? null,
          episodes: c.episodes ? { ...DEFAULT_EPISODE_SETTINGS, ...c.episodes } : { ...DEFAULT_EPISODE_SETTINGS, patientId: c.mapping.patient_id ?? null },
        },
      },
    };
  }

  private _dragOver(e: DragEvent) {
    e.preventDefault();
    this._over = true;
  }

  private async _drop(e: DragEvent) {
    e.preventDefault();
    this._over = false;
    await this._add([...(e.dataTransfer?.files ?? [])]);
  }

  private async _picked(e: Event) {
    const input = e.target as HTMLInputElement;
    await this._add([...(input.files ?? [])]);
    input.value = '';
  }

  private async _add(files: File[]) {
    if (!this._study || files.length === 0) return;
    this._errors = [];
    this._abort = new AbortController();
    this._busy = { done: 0, total: files.length };
    try {
      const inputs = await Promise.all(files.map(fromBrowserFile));
      const r = await addFilesToStudy(this._study, inputs, { signal: this._abort.signal, onProgress: (p) => { this._busy = p; }, deferCohort: true });
      this._study = r.study;
      this._errors = r.errors;
      if (r.added.length) this._toast({ text: msg(str`Added ${r.added.join(', ')}.`, { id: 'study.added' }) });
      if (r.pendingCohorts?.length) {
        this._wizardQueue.push(...r.pendingCohorts);
        if (!this._wizard) this._nextWizard();
      }
    } catch (err) {
      if (err instanceof StudyConflictError) this._study = err.stored;
      this._errors = [(err as Error).name === 'AbortError' ? msg('Cancelled. Nothing was added.', { id: 'study.addCancelled' }) : String((err as Error).message ?? err)];
    } finally {
      this._busy = null;
      this._abort = null;
    }
  }

  /** Saves a changed study; on failure the page keeps showing the last saved state and says why. */
  private async _save(next: StudyRecord): Promise<void> {
    try {
      this._study = await saveStudy(next);
    } catch (e) {
      if (e instanceof StudyConflictError) this._study = e.stored;
      this._errors = [String((e as Error).message ?? e)];
    }
  }

  private _toast(m: ToastMessage) {
    this.dispatchEvent(new CustomEvent('toast', { detail: m, bubbles: true, composed: true }));
  }
}

declare global { interface HTMLElementTagNameMap { 'mmdr-study-page': StudyPage } }
