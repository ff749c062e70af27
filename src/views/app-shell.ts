import { LitElement, html, css } from 'lit';
import { customElement, state, query } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import { parseRoute, type Route } from '../app/router.ts';
import { getLocale, switchLocale, LOCALE_NAMES, type Locale } from '../i18n/localization.ts';
import { allLocales } from '../i18n/generated/locale-codes.ts';
import { sharedStyles } from './shared-styles.ts';
import type { AppToast, ToastMessage } from './app-toast.ts';
import './app-toast.ts';
import './file-origin-banner.ts';
import { watchForUpdate } from '../app/pwa.ts';
import './studies-page.ts';
import './study-page.ts';

/**
 * The application shell: header with the product name, navigation and the language switch; the
 * file:// storage warning (single-file build only); the current page chosen from the location
 * hash; the toast area, which also carries the "new version available" prompt (app/pwa.ts).
 */
@customElement('mmdr-app')
@localized()
export class AppShell extends LitElement {
  static styles = [sharedStyles, css`
    :host { display: block; min-height: 100vh; background: #f4f6f9; }
    header.top { display: flex; align-items: center; gap: 1.5rem; padding: .6rem 1.5rem; background: #17324d; color: #fff; }
    header.top h1 { font-size: 1.1rem; margin: 0; letter-spacing: .01em; }
    header.top a { color: #dbe9f7; text-decoration: none; }
    header.top a:hover, header.top a[aria-current="page"] { color: #fff; text-decoration: underline; }
    header.top select { background: #21425f; color: #fff; border-color: #3f6285; }
    main { max-width: 1280px; margin: 0 auto; padding: 1.2rem 1.5rem 4rem; }
    .tagline { font-size: .8rem; color: #a9c3dc; }
  `];

  /** The page the hash points at. */
  @state() private _route: Route = parseRoute(location.hash);
  @query('mmdr-toast') private _toastEl!: AppToast;

  private readonly _onHash = () => { this._route = parseRoute(location.hash); };

  connectedCallback(): void {
    super.connectedCallback();
    addEventListener('hashchange', this._onHash);
  }

  firstUpdated(): void {
    watchForUpdate((m) => this._toastEl.show(m));
  }

  disconnectedCallback(): void {
    removeEventListener('hashchange', this._onHash);
    super.disconnectedCallback();
  }

  render() {
    const r = this._route;
    return html`
      <header class="top">
        <div>
          <h1><a href="#/">${msg('Myeloma DR Workbench', { id: 'app.title' })}</a></h1>
          <div class="tagline">${msg('Drug resistance in multiple myeloma: cohort, survival and exosomal miRNA analysis, in your browser', { id: 'app.tagline' })}</div>
        </div>
        <nav aria-label=${msg('Main', { id: 'app.nav' })}>
          <a href="#/" aria-current=${r.page === 'studies' ? 'page' : 'false'}>${msg('Studies', { id: 'nav.studies' })}</a>
        </nav>
        <span class="spacer"></span>
        <label class="sr-only" for="lang">${msg('Language', { id: 'app.language' })}</label>
        <select id="lang" data-testid="language" @change=${this._lang}>
          ${allLocales.map((l) => html`<option value=${l} ?selected=${l === getLocale()}>${LOCALE_NAMES[l as Locale]}</option>`)}
        </select>
      </header>
      <mmdr-file-origin-banner></mmdr-file-origin-banner>
      <main @navigate=${this._navigate} @toast=${this._toast}>
        ${r.page === 'studies'
          ? html`<mmdr-studies-page></mmdr-studies-page>`
          : html`<mmdr-study-page .studyId=${r.id} .tab=${r.tab}></mmdr-study-page>`}
      </main>
      <mmdr-toast></mmdr-toast>`;
  }

  private _navigate(e: CustomEvent<string>) {
    location.hash = e.detail;
  }

  private _toast(e: CustomEvent<ToastMessage>) {
    this._toastEl.show(e.detail);
  }

  private async _lang(e: Event) {
    await switchLocale((e.target as HTMLSelectElement).value as Locale);
  }
}

declare global { interface HTMLElementTagNameMap { 'mmdr-app': AppShell } }
