import { LitElement, html, css } from 'lit';
import { customElement, state, query } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { listStudies, deleteStudy, restoreStudy, deleteAllData, onOtherTabChange } from '../storage/studies.ts';
import { exportStudyBundle, importStudyBundle, duplicateStudy, BUNDLE_EXTENSION } from '../storage/bundle.ts';
import { saveBlob } from '../export/download.ts';
import type { StudySummary } from '../study/model.ts';
import { createStudy } from '../app/study-actions.ts';
import { openDemoStudy } from '../app/demo-loader.ts';
import { formatDateTime, formatNumber } from '../i18n/format.ts';
import { intlLocale } from '../i18n/localization.ts';
import type { Progress } from '../worker/bridge.ts';
import { sharedStyles } from './shared-styles.ts';
import type { StorageStatus } from './storage-status.ts';
import type { ToastMessage } from './app-toast.ts';
import './storage-status.ts';

/**
 * The Studies page: every study kept in this browser, "Open demo study", "New study", delete with
 * undo, and the storage state. Events: `navigate` (detail: hash), `toast` (detail: ToastMessage).
 */
@customElement('mmdr-studies-page')
@localized()
export class StudiesPage extends LitElement {
  static styles = [sharedStyles, css`
    :host { display: block; }
    .actions { margin: 1rem 0 1.2rem; }
    .new-form { display: flex; gap: .5rem; align-items: center; }
    .progress { display: flex; gap: .8rem; align-items: center; margin: .5rem 0; }
    progress { width: 16rem; }
    .empty { padding: 1.5rem; text-align: center; }
    td.name a { color: var(--accent, #1f5f99); font-weight: 600; text-decoration: none; }
    td.name a:hover { text-decoration: underline; }
    section + section { margin-top: 1.4rem; }
    td.row { flex-wrap: nowrap; }
    dialog { border: 1px solid #c6ceda; border-radius: 10px; max-width: 34rem; padding: 1.2rem 1.4rem; }
    dialog::backdrop { background: #0005; }
  `];

  /** Studies in this browser, newest first (null while loading). */
  @state() private _studies: StudySummary[] | null = null;
  @state() private _creating = false;
  @state() private _progress: Progress | null = null;
  @state() private _error: string | null = null;
  private _abort: AbortController | null = null;
  @query('mmdr-storage-status') private _storage!: StorageStatus;
  @query('#new-name') private _newName!: HTMLInputElement;
  @query('#delete-all-dialog') private _deleteAllDialog!: HTMLDialogElement;
  private _unsubscribe: (() => void) | null = null;

  connectedCallback(): void {
    super.connectedCallback();
    void this.reload();
    this._unsubscribe = onOtherTabChange(() => void this.reload());
  }

  disconnectedCallback(): void {
    this._unsubscribe?.();
    super.disconnectedCallback();
  }

  /** Re-reads the list from IndexedDB. */
  async reload(): Promise<void> {
    try {
      this._studies = await listStudies();
    } catch (e) {
      this._error = String((e as Error).message ?? e);
      this._studies = [];
    }
    await this._storage?.refresh();
  }

  render() {
    const loc = intlLocale();
    return html`
      <section>
        <h2>${msg('Studies in this browser', { id: 'studies.title' })}</h2>
        <p class="muted">${msg('Everything stays on this computer: files are read and analysed inside the browser, and nothing is uploaded.', { id: 'studies.privacy' })}</p>
        <div class="actions row">
          <button class="primary" data-testid="open-demo" @click=${this._openDemo} ?disabled=${!!this._progress}>${msg('Open demo study', { id: 'studies.openDemo' })}</button>
          ${this._creating
            ? html`<form class="new-form" @submit=${this._create}>
                <label for="new-name">${msg('Study name', { id: 'studies.newName' })}</label>
                <input id="new-name" required autocomplete="off" placeholder=${msg('e.g. Bortezomib cohort 2023', { id: 'studies.newNamePlaceholder' })}>
                <button class="primary" type="submit">${msg('Create', { id: 'studies.create' })}</button>
                <button type="button" @click=${() => { this._creating = false; }}>${msg('Cancel', { id: 'common.cancel' })}</button>
              </form>`
            : html`<button data-testid="new-study" @click=${this._startCreate}>${msg('New study', { id: 'studies.new' })}</button>`}
          <label class="button" for="import-bundle">${msg('Import study bundle…', { id: 'studies.importBundle' })}</label>
          <input id="import-bundle" class="sr-only" type="file" accept=${`${BUNDLE_EXTENSION},.zip`} data-testid="import-bundle" @change=${this._importBundle}>
        </div>
        ${this._progress ? html`<div class="progress" role="status">
            <span>${msg(str`Loading the demo study: ${this._progress.done} of ${this._progress.total} files`, { id: 'studies.demoProgress' })}</span>
            <progress max=${this._progress.total} value=${this._progress.done}></progress>
            <button @click=${() => this._abort?.abort()}>${msg('Cancel', { id: 'common.cancel' })}</button>
          </div>` : null}
        ${this._error ? html`<p class="error" role="alert">${this._error}</p>` : null}
        ${this._studies === null ? html`<p class="muted">${msg('Loading…', { id: 'common.loading' })}</p>`
          : this._studies.length === 0 ? html`<div class="card empty muted" data-testid="no-studies">${msg('No studies yet. Open the demo study to see every view on synthetic data, or create a new study and add your own files.', { id: 'studies.none' })}</div>`
          : html`<table data-testid="studies-table">
              <thead><tr>
                <th scope="col">${msg('Study', { id: 'studies.colName' })}</th>
                <th scope="col" class="num">${msg('Patients', { id: 'studies.colPatients' })}</th>
                <th scope="col" class="num">${msg('Arrays', { id: 'studies.colArrays' })}</th>
                <th scope="col">${msg('Last changed', { id: 'studies.colChanged' })}</th>
                <th scope="col"><span class="sr-only">${msg('Actions', { id: 'studies.colActions' })}</span></th>
              </tr></thead>
              <tbody>${this._studies.map((s) => html`<tr data-testid="study-row">
                <td class="name"><a data-user href=${`#/study/${encodeURIComponent(s.id)}/cohort`}>${s.name}</a>
                  ${s.synthetic ? html` <span class="badge">${msg('synthetic data', { id: 'badge.synthetic' })}</span>` : null}</td>
                <td class="num">${formatNumber(s.patients, loc)}</td>
                <td class="num">${formatNumber(s.arrays, loc)}</td>
                <td>${formatDateTime(s.updatedAt, loc)}</td>
                <td class="row">
                  <button data-testid="export-study" @click=${() => this._export(s)} title=${msg('Save the study with all its files as one bundle file (backup, or to open on another computer)', { id: 'studies.exportHint' })}
                    aria-label=${msg(str`Export ${s.name} as a bundle`, { id: 'studies.exportLabel' })}>${msg('Export', { id: 'studies.export' })}</button>
                  <button data-testid="duplicate-study" @click=${() => this._duplicate(s)}
                    aria-label=${msg(str`Duplicate ${s.name}`, { id: 'studies.duplicateLabel' })}>${msg('Duplicate', { id: 'studies.duplicate' })}</button>
                  <button class="danger" data-testid="delete-study" @click=${() => this._delete(s)}
                  aria-label=${msg(str`Delete ${s.name}`, { id: 'studies.deleteLabel' })}>${msg('Delete', { id: 'common.delete' })}</button></td>
              </tr>`)}</tbody>
            </table>`}
      </section>
      <section class="card">
        <h3>${msg('Storage', { id: 'studies.storage' })}</h3>
        <mmdr-storage-status></mmdr-storage-status>
        <p><button class="danger" data-testid="delete-all" @click=${() => this._deleteAllDialog.showModal()}>${msg('Delete all data in this browser…', { id: 'studies.deleteAll' })}</button></p>
      </section>
      <dialog id="delete-all-dialog" aria-labelledby="delete-all-title" @close=${this._deleteAllClosed}>
        <form method="dialog">
          <h3 id="delete-all-title">${msg('Delete all data in this browser?', { id: 'studies.deleteAllTitle' })}</h3>
          <p>${msg('Every study, every imported file and every result kept by the workbench in this browser will be deleted. This cannot be undone. Export the studies you want to keep first.', { id: 'studies.deleteAllText' })}</p>
          <div class="row">
            <button value="cancel" autofocus>${msg('Cancel', { id: 'common.cancel' })}</button>
            <button class="danger" value="delete" data-testid="confirm-delete-all">${msg('Delete everything', { id: 'studies.deleteAllConfirm' })}</button>
          </div>
        </form>
      </dialog>`;
  }

  private async _deleteAllClosed() {
    if (this._deleteAllDialog.returnValue !== 'delete') return;
    this._deleteAllDialog.returnValue = '';
    try {
      await deleteAllData();
      this._toast({ text: msg('All workbench data in this browser was deleted.', { id: 'studies.deletedAll' }) });
    } catch (e) {
      this._error = String((e as Error).message ?? e);
    }
    await this.reload();
  }

  private async _export(s: StudySummary) {
    try {
      const { fileName, bytes } = await exportStudyBundle(s.id);
      saveBlob(new Blob([bytes.slice().buffer], { type: "application/zip" }), fileName);
    } catch (e) {
      this._error = String((e as Error).message ?? e);
    }
  }

  private async _duplicate(s: StudySummary) {
    try {
      await duplicateStudy(s.id);
    } catch (e) {
      this._error = String((e as Error).message ?? e);
    }
    await this.reload();
  }

  private async _importBundle(e: Event) {
    const input = e.target as HTMLInputElement;
    const f = input.files?.[0];
    input.value = '';
    if (!f) return;
    this._error = null;
    try {
      const study = await importStudyBundle(new Uint8Array(await f.arrayBuffer()), f.name);
      this._toast({ text: msg(str`Imported “${study.name}”.`, { id: 'studies.imported' }) });
    } catch (err) {
      this._error = String((err as Error).message ?? err);
    }
    await this.reload();
  }

  private _go(hash: string) {
    this.dispatchEvent(new CustomEvent('navigate', { detail: hash, bubbles: true, composed: true }));
  }

  private _toast(m: ToastMessage) {
    this.dispatchEvent(new CustomEvent('toast', { detail: m, bubbles: true, composed: true }));
  }

  private async _openDemo() {
    this._error = null;
    this._abort = new AbortController();
    this._progress = { done: 0, total: 1 };
    try {
      const study = await openDemoStudy({ signal: this._abort.signal, onProgress: (p) => { this._progress = p; } });
      this._go(`#/study/${encodeURIComponent(study.id)}/cohort`);
    } catch (e) {
      if ((e as Error).name !== 'AbortError') this._error = String((e as Error).message ?? e);
      else this._toast({ text: msg('Loading the demo study was cancelled. Nothing was saved.', { id: 'studies.demoCancelled' }) });
    } finally {
      this._progress = null;
      this._abort = null;
      await this.reload();
    }
  }

  private async _startCreate() {
    this._creating = true;
    await this.updateComplete;
    this._newName?.focus();
  }

  private async _create(e: Event) {
    e.preventDefault();
    try {
      const s = await createStudy(this._newName.value);
      this._creating = false;
      this._go(`#/study/${encodeURIComponent(s.id)}/cohort`);
    } catch (err) {
      this._error = String((err as Error).message ?? err);
    }
  }

  private async _delete(s: StudySummary) {
    try {
      const removed = await deleteStudy(s.id);
      await this.reload();
      if (!removed) return;
      this._toast({
        text: msg(str`Deleted “${s.name}”.`, { id: 'studies.deleted' }),
        action: { label: msg('Undo', { id: 'common.undo' }), run: async () => { await restoreStudy(removed); await this.reload(); } },
        timeoutMs: 15_000,
      });
    } catch (e) {
      this._error = String((e as Error).message ?? e);
    }
  }
}

declare global { interface HTMLElementTagNameMap { 'mmdr-studies-page': StudiesPage } }
