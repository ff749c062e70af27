import { LitElement, html, css } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import { sharedStyles } from './shared-styles.ts';

/** A message with an optional action (e.g. Undo), shown at the bottom of the page; `timeoutMs: Infinity` keeps it until dismissed. */
export interface ToastMessage { text: string; action?: { label: string; run: () => void | Promise<void> }; timeoutMs?: number; kind?: 'info' | 'error' }

/**
 * The toast area: announces results politely to screen readers, keeps an Undo button reachable by
 * keyboard, and dismisses itself after a timeout.
 */
@customElement('mmdr-toast')
@localized()
export class AppToast extends LitElement {
  static styles = [sharedStyles, css`
    :host { position: fixed; left: 50%; bottom: 1.2rem; transform: translateX(-50%); z-index: 20; }
    .toast { display: flex; gap: 1rem; align-items: center; background: #1d2733; color: #fff; border-radius: 8px; padding: .6rem .9rem; box-shadow: 0 6px 20px #0003; max-width: 80vw; }
    .toast.error { background: #7d1d22; }
    button { background: transparent; color: #9fd0ff; border-color: #5b7a99; }
    button:hover { background: #2c3a4a; }
  `];

  /** The message on screen, if any. */
  @state() private _current: ToastMessage | null = null;
  private _timer: ReturnType<typeof setTimeout> | null = null;

  /** Shows a message, replacing any current one. */
  show(m: ToastMessage): void {
    if (this._timer) clearTimeout(this._timer);
    this._current = m;
    const ms = m.timeoutMs ?? 10_000;
    this._timer = Number.isFinite(ms) ? setTimeout(() => { this._current = null; }, ms) : null;
  }

  render() {
    return html`<div role="status" aria-live="polite">${this._current ? html`
      <div class="toast ${this._current.kind ?? 'info'}" data-testid="toast">
        <span>${this._current.text}</span>
        ${this._current.action ? html`<button @click=${this._runAction}>${this._current.action.label}</button>` : null}
        <button aria-label=${msg('Dismiss', { id: 'toast.dismiss' })} @click=${() => { this._current = null; }}>✕</button>
      </div>` : null}</div>`;
  }

  private async _runAction() {
    const a = this._current?.action;
    this._current = null;
    await a?.run();
  }
}

declare global { interface HTMLElementTagNameMap { 'mmdr-toast': AppToast } }
