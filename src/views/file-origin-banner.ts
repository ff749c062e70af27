import { LitElement, html, css, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import { sharedStyles } from './shared-styles.ts';

/**
 * A persistent warning shown when the workbench runs from a file:// URL (the single-file build on
 * an offline laptop). Browsers give every file:// page one shared storage origin, so whatever this
 * copy keeps in IndexedDB can be read by any other HTML file opened from the disk (ENGINEERING
 * pitfall 15). The banner is on screen from the first paint, before any patient file is added,
 * and cannot be dismissed; it points at export as the safe way to keep a study.
 */
@customElement('mmdr-file-origin-banner')
@localized()
export class FileOriginBanner extends LitElement {
  static styles = [sharedStyles, css`
    :host { display: block; }
    .banner { display: flex; gap: .7rem; align-items: flex-start; background: #fff3d6; color: #5c3d00; border-bottom: 1px solid #f0d58a; padding: .6rem 1.5rem; font-size: .92rem; line-height: 1.45; }
    .icon { font-size: 1.1rem; line-height: 1.3; }
    strong { font-weight: 600; }
  `];

  /** The page's protocol (a property so tests can set it; defaults to the real location's). */
  @property({ attribute: false }) protocol = globalThis.location?.protocol ?? '';

  render() {
    if (this.protocol !== 'file:') return nothing;
    return html`<div class="banner" role="alert" data-testid="file-origin-warning">
      <span class="icon" aria-hidden="true">⚠</span>
      <span><strong>${msg('This copy runs from a file: every file:// page on this computer shares its storage.', { id: 'fileOrigin.title' })}</strong>
      ${msg('Any other HTML file opened from this disk in this browser could read the studies kept here. Add patient data only on a computer you alone use, export your studies to keep them, and delete them from this copy when you are done.', { id: 'fileOrigin.detail' })}</span>
    </div>`;
  }
}

declare global { interface HTMLElementTagNameMap { 'mmdr-file-origin-banner': FileOriginBanner } }
