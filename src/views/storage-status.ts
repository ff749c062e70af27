import { LitElement, html, css } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { storageState, requestPersistence, type StorageState } from '../storage/studies.ts';
import { formatBytes } from '../i18n/format.ts';
import { intlLocale } from '../i18n/localization.ts';
import { sharedStyles } from './shared-styles.ts';
import { workbench } from '../app/workbench-worker.ts';

/**
 * How much browser storage the workbench uses, and whether the browser granted persistent storage
 * (ENGINEERING pitfall 16: persist() is only a request; show the answer and offer export).
 */
@customElement('mmdr-storage-status')
@localized()
export class StorageStatus extends LitElement {
  static styles = [sharedStyles, css`
    :host { display: block; }
    .state { font-weight: 600; }
    .ok { color: #1f6b3a; }
    .warn { color: #8a5a00; }
  `];

  /** Last reading of navigator.storage. */
  @state() private _state: StorageState | null = null;
  @state() private _asked = false;
  /** Whether the analysis worker answered with its wasm module loaded (null while asking). */
  @state() private _engine: { ok: boolean; heapBytes?: number; error?: string } | null = null;

  connectedCallback(): void {
    super.connectedCallback();
    void this.refresh();
    workbench.call('ping', []).then(
      (r) => { this._engine = { ok: true, heapBytes: r.heapBytes }; },
      (e) => { this._engine = { ok: false, error: String((e as Error)?.message ?? e) }; },
    );
  }

  /** Reads the storage estimate again (after imports or deletions). */
  async refresh(): Promise<void> {
    this._state = await storageState();
  }

  render() {
    const s = this._state;
    if (!s) return html`<p class="muted">${msg('Reading storage…', { id: 'storage.reading' })}</p>`;
    const loc = intlLocale();
    const used = formatBytes(s.usage, loc);
    const quota = formatBytes(s.quota, loc);
    return html`
      <p data-testid="storage-usage">${msg(str`Storage used in this browser: ${used} of ${quota} available.`, { id: 'storage.usage' })}</p>
      <p data-testid="storage-persisted">
        ${s.persisted === true
          ? html`<span class="state ok">${msg('Persistent storage granted:', { id: 'storage.persistYes' })}</span> ${msg('the browser will not evict these studies to free space.', { id: 'storage.persistYesDetail' })}`
          : html`<span class="state warn">${msg('Persistent storage not granted:', { id: 'storage.persistNo' })}</span> ${msg('the browser may clear these studies when space runs low. Keep exported copies of important work.', { id: 'storage.persistNoDetail' })}
              <button @click=${this._ask} ?disabled=${this._asked}>${msg('Ask the browser to keep data', { id: 'storage.persistAsk' })}</button>
              ${this._asked ? html`<span class="muted">${msg('The browser declined (this is common until the site is used often or installed).', { id: 'storage.persistDeclined' })}</span>` : null}`}
      </p>
      <p data-testid="engine-status">${this._engine === null ? msg('Starting the analysis engine…', { id: 'engine.starting' })
        : this._engine.ok ? html`<span class="state ok">${msg('Analysis engine ready:', { id: 'engine.ready' })}</span> ${msg(str`WebAssembly kernels in a background worker (${formatBytes(this._engine.heapBytes, loc)} of memory).`, { id: 'engine.readyDetail' })}`
        : html`<span class="state warn">${msg('Analysis engine failed to start:', { id: 'engine.failed' })}</span> ${this._engine.error}`}</p>`;
  }

  private async _ask() {
    const granted = await requestPersistence();
    this._asked = !granted;
    await this.refresh();
  }
}

declare global { interface HTMLElementTagNameMap { 'mmdr-storage-status': StorageStatus } }
