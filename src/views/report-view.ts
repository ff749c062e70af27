import { LitElement, html, css, nothing, unsafeCSS, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { localized, msg, str } from '@lit/localize';
import type { StudyRecord } from '../study/model.ts';
import { arrayKey } from '../study/array-sources.ts';
import { allLocales } from '../i18n/generated/locale-codes.ts';
import { exportLocale, getLocale, LOCALE_NAMES, setExportLocale, withLocale, type Locale } from '../i18n/localization.ts';
import { saveBlob, safeFileName } from '../export/download.ts';
import { REPORT_PROVIDERS, type BuiltItem, type MethodsFacts, type ReportItem, type ReportMemo } from '../report/items.ts';
import { buildReport, everything, reportSettings, type ReportChoice } from '../report/report.ts';
import { REPORT_CSS, reportBodyHtml, reportDocumentHtml, type ReportDoc } from '../report/html.ts';
import { browserEngine } from '../report/engine-browser.ts';
import { appSoftware } from '../report/version.ts';
import { clearPrintContent, setPrintContent } from './report/print-root.ts';
import { sharedStyles } from './shared-styles.ts';
import './report/recipe-panel.ts';

type SaveFn = (next: StudyRecord) => Promise<void>;

const errText = (e: unknown) => String((e as Error)?.message ?? e);
const isAbort = (e: unknown) => (e as Error)?.name === 'AbortError';
/** Intl locale of a report language. */
const intlOf = (l: string) => (l === 'zh-Hans' ? 'zh-Hans-CN' : 'en-GB');

/**
 * What the built items depend on besides the choice: the study's data and analysis settings and
 * the report's language. While it stays the same, choosing, reordering or captioning items only
 * lays the report out again; when it changes, every item is built again.
 */
function dataKey(st: StudyRecord, lang: string): string {
  const { report: _r, ...settings } = st.settings ?? {};
  const c = st.cohort;
  const ex = st.exosome;
  return JSON.stringify([st.id, lang, settings, c && [c.fileId, c.rows.length, c.mapping, (c as { drGroupColumn?: unknown }).drGroupColumn ?? null],
    st.arrays.map((a) => [arrayKey(a), a.format, a.group]), ex && [ex.samples.map((x) => [x.fileId, x.group]), ex.rna?.fileId ?? null]]);
}

/**
 * The Report tab (SPEC §5, issue 8): pick tables and figures from every view (or "everything in
 * this study"), order them (buttons, or Alt+↑/↓ on a row), edit their captions and the title, and
 * read the report page — title, study, date, numbered tables and figures, and a generated methods
 * section stating every setting used (src/report/methods.ts). "Print / PDF" prints the report alone
 * (print root + print stylesheet, vector figures, a page per item); "Save as HTML" writes one
 * self-contained file that opens anywhere with no network (src/report/html.ts). The report is in
 * the export language (as every export); its items are built by the views' own builders through the
 * analysis worker (src/report/providers/). The choice, order, captions and title persist in
 * study.settings.report. Analysis settings travel as a recipe (recipe panel).
 */
@customElement('mmdr-report-view')
@localized()
export class ReportView extends LitElement {
  static styles = [sharedStyles, unsafeCSS(REPORT_CSS), css`
    :host { display: block; }
    .layout { display: grid; grid-template-columns: 23rem minmax(0, 1fr); gap: 1rem; align-items: start; }
    @media (max-width: 1000px) { .layout { grid-template-columns: 1fr; } }
    aside { display: flex; flex-direction: column; gap: .8rem; }
    fieldset { border: 1px solid #dde3eb; border-radius: 8px; padding: .5rem .8rem .7rem; margin: 0; background: #fff; }
    legend { font-weight: 600; padding: 0 .3rem; font-size: .95rem; }
    h4 { margin: .6rem 0 .2rem; font-size: .88rem; color: #3b4757; }
    .check { display: flex; gap: .4rem; align-items: flex-start; font-size: .88rem; margin: .2rem 0; }
    .check input { margin-top: .2rem; }
    .kind { font-size: .72rem; color: #5b6778; border: 1px solid #dde3eb; border-radius: 999px; padding: 0 .35rem; margin-left: .2rem; white-space: nowrap; }
    .buttons { display: flex; gap: .4rem; flex-wrap: wrap; margin: .2rem 0 .4rem; }
    .buttons button, .toolbar button { padding: .3rem .7rem; font-size: .88rem; }
    ol.order { list-style: none; margin: .3rem 0 0; padding: 0; display: flex; flex-direction: column; gap: .35rem; }
    ol.order li { border: 1px solid #dde3eb; border-radius: 6px; padding: .3rem .4rem; display: grid; grid-template-columns: 1fr auto; gap: .2rem .3rem; align-items: center; background: #fbfcfe; }
    ol.order li:focus-within { border-color: #7fb0e6; }
    ol.order li.dragging { opacity: .5; }
    ol.order .label { font-size: .8rem; font-weight: 600; color: #3b4757; }
    ol.order .moves { display: flex; gap: .15rem; grid-row: 1; grid-column: 2; }
    ol.order .moves button { padding: .1rem .4rem; font-size: .85rem; }
    ol.order input { grid-column: 1 / -1; width: 100%; box-sizing: border-box; font-size: .85rem; padding: .2rem .35rem; }
    .field { display: flex; flex-direction: column; gap: .15rem; margin-top: .45rem; font-size: .88rem; }
    .field input, .field select { width: 100%; box-sizing: border-box; }
    .hint { font-size: .78rem; color: #5b6778; line-height: 1.35; margin: .3rem 0 0; }
    main { display: flex; flex-direction: column; gap: .8rem; min-width: 0; }
    .toolbar { display: flex; gap: .5rem; align-items: center; flex-wrap: wrap; }
    .status { font-size: .85rem; color: #5b6778; }
    progress { width: 10rem; }
    .paper { background: #fff; border: 1px solid #dde3eb; border-radius: 10px; padding: 1.5rem 2rem; box-shadow: 0 1px 3px rgba(20, 40, 70, .06); }
    .empty-note { margin: 0; }
  `];

  @property({ attribute: false }) study: StudyRecord | null = null;
  @property({ attribute: false }) save: SaveFn | null = null;

  @state() private _choices: ReportChoice[] = [];
  @state() private _title = '';
  @state() private _methods = true;
  @state() private _lang: Locale = exportLocale();
  @state() private _doc: ReportDoc | null = null;
  /** The report page's HTML (built once per report, shown and printed). */
  @state() private _body = '';
  /** The file "Save as HTML" writes (made with the report's language active, as the page). */
  private _file = '';
  @state() private _progress: { done: number; total: number } | null = null;
  @state() private _error = '';
  @state() private _note = '';

  private _studyId = '';
  private _gen = 0;
  private _abort: AbortController | null = null;
  private _timer: ReturnType<typeof setTimeout> | null = null;
  private _persistTimer: ReturnType<typeof setTimeout> | null = null;
  private _saving: Promise<void> = Promise.resolve();
  private _lastBuild = '';
  private _cache: { key: string; built: Map<string, BuiltItem>; facts: MethodsFacts; memo: ReportMemo } | null = null;
  private _dragId: string | null = null;

  protected willUpdate(changed: PropertyValues): void {
    if (changed.has('study') && this.study) {
      if (this.study.id !== this._studyId) {
        this._studyId = this.study.id;
        const r = reportSettings(this.study);
        this._choices = r.items;
        this._title = r.title;
        this._methods = r.methods;
        this._doc = null;
        this._body = '';
        this._file = '';
        this._cache = null;
        this._lastBuild = '';
      }
      this._schedule();
    }
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this._abort?.abort();
    if (this._timer) clearTimeout(this._timer);
    clearPrintContent();
  }

  connectedCallback(): void {
    super.connectedCallback();
    if (this._body) setPrintContent(this._body);
  }

  // ── choices ──────────────────────────────────────────────────────────────────────────────────

  private _available(): ReportItem[] {
    return this.study ? REPORT_PROVIDERS.flatMap((p) => p.items(this.study!)) : [];
  }

  /** Changes the report's choices (and title / methods), lays it out again and saves them with the study. */
  private _setChoices(choices: ReportChoice[], patch: { title?: string; methods?: boolean } = {}) {
    this._choices = choices;
    if (patch.title !== undefined) this._title = patch.title;
    if (patch.methods !== undefined) this._methods = patch.methods;
    this._schedule();
    if (this._persistTimer) clearTimeout(this._persistTimer);
    this._persistTimer = setTimeout(() => {
      this._saving = this._saving.then(async () => {
        const st = this.study;
        if (!st || !this.save) return;
        const report = { items: this._choices, title: this._title, methods: this._methods };
        if (JSON.stringify(st.settings?.report ?? null) === JSON.stringify(report)) return;
        await this.save({ ...st, settings: { ...st.settings, report } });
        await new Promise((r) => setTimeout(r, 0));
      }).catch(() => { /* the page reports storage errors */ });
    }, 300);
  }

  private _toggle(id: string, on: boolean) {
    const has = this._choices.some((c) => c.id === id);
    if (on && !has) {
      // keep the tab order of the views for a newly ticked item: insert it before the first later one
      const order = this._available().map((i) => i.id);
      const at = this._choices.findIndex((c) => order.indexOf(c.id) > order.indexOf(id));
      const next = [...this._choices];
      next.splice(at < 0 ? next.length : at, 0, { id });
      this._setChoices(next);
    } else if (!on && has) {
      this._setChoices(this._choices.filter((c) => c.id !== id));
    }
  }

  private _move(id: string, by: number, focus?: 'up' | 'down' | 'caption') {
    const i = this._choices.findIndex((c) => c.id === id);
    const j = i + by;
    if (i < 0 || j < 0 || j >= this._choices.length) return;
    const next = [...this._choices];
    const [x] = next.splice(i, 1);
    next.splice(j, 0, x);
    this._setChoices(next);
    if (focus) {
      void this.updateComplete.then(() => {
        const li = this.renderRoot.querySelector(`li[data-item="${CSS.escape(id)}"]`);
        const target = focus === 'caption' ? li?.querySelector('input') : li?.querySelector(`button[data-move="${focus}"]`);
        (target as HTMLElement | null)?.focus();
      });
    }
  }

  private _caption(id: string, caption: string) {
    this._setChoices(this._choices.map((c) => (c.id === id ? { id, ...(caption.trim() ? { caption } : {}) } : c)));
  }

  private _keydown(e: KeyboardEvent, id: string) {
    if (!e.altKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return;
    e.preventDefault();
    const fromCaption = (e.target as HTMLElement).tagName === 'INPUT';
    this._move(id, e.key === 'ArrowUp' ? -1 : 1, fromCaption ? 'caption' : e.key === 'ArrowUp' ? 'up' : 'down');
  }

  private _drop(e: DragEvent, id: string) {
    e.preventDefault();
    const from = this._dragId;
    this._dragId = null;
    if (!from || from === id) return;
    const i = this._choices.findIndex((c) => c.id === from);
    const j = this._choices.findIndex((c) => c.id === id);
    if (i < 0 || j < 0) return;
    this._move(from, j - i);
  }

  // ── building ─────────────────────────────────────────────────────────────────────────────────

  private _schedule() {
    if (this._timer) clearTimeout(this._timer);
    this._timer = setTimeout(() => { this._timer = null; void this._build(); }, 120);
  }

  private async _build(force = false) {
    const st = this.study;
    if (!st) return;
    const lang = this._lang;
    const key = dataKey(st, lang);
    const buildKey = JSON.stringify([key, this._choices, this._title, this._methods]);
    if (!force && buildKey === this._lastBuild) return;
    this._lastBuild = buildKey;
    if (!this._cache || this._cache.key !== key || force) this._cache = { key, built: new Map(), facts: {}, memo: new Map() };
    const cache = this._cache;
    this._abort?.abort();
    const ac = new AbortController();
    this._abort = ac;
    const gen = ++this._gen;
    this._error = '';
    const loc = intlOf(lang);
    const common = {
      engine: browserEngine, lang, loc, software: appSoftware(), choices: this._choices, title: this._title, methods: this._methods,
      signal: ac.signal, memo: cache.memo, reuse: { built: cache.built, facts: cache.facts },
    };
    try {
      // the numbers first, with the UI's language active (the worker runs, the page stays in its
      // language); then the words, with the report's language active for a moment only
      if (lang !== getLocale()) {
        await buildReport(st, { ...common, onProgress: (done, total) => { if (gen === this._gen) this._progress = total > 0 && done < total ? { done, total } : null; } });
      }
      const other = lang !== getLocale();
      // the page and the file are written with the report's language active too (their labels)
      const { r, body, file } = await withLocale(lang, async () => {
        const r = await buildReport(st, {
          ...common, yieldBetween: !other, onProgress: (done, total) => { if (gen === this._gen) this._progress = total > 0 && done < total ? { done, total } : null; },
        });
        return { r, body: reportBodyHtml(r.doc), file: reportDocumentHtml(r.doc) };
      });
      if (gen !== this._gen) return;
      for (const b of r.built) if (b.ok) cache.built.set(b.item.id, b);
      Object.assign(cache.facts, r.facts);
      this._doc = r.doc;
      this._body = body;
      this._file = file;
      setPrintContent(this._body);
    } catch (e) {
      if (gen !== this._gen) return;
      if (!isAbort(e)) this._error = errText(e);
      this._lastBuild = '';
    } finally {
      if (gen === this._gen) this._progress = null;
    }
  }

  private _cancel() {
    this._abort?.abort();
    this._note = msg('Cancelled: the report shows what was built before.', { id: 'report.cancelled' });
  }

  private _setLang(l: Locale) {
    this._lang = l;
    setExportLocale(l);
    this._schedule();
  }

  // ── output ───────────────────────────────────────────────────────────────────────────────────

  private _print() {
    if (!this._doc) return;
    setPrintContent(this._body);
    window.print();
  }

  private _saveHtml() {
    const doc = this._doc;
    if (!doc) return;
    const name = safeFileName(`${doc.title} – ${doc.studyName}`, 'html');
    saveBlob(new Blob([this._file], { type: 'text/html;charset=utf-8' }), name);
    this._note = msg(str`Saved ${name}: one file that opens in any browser, with no network.`, { id: 'report.savedHtml' });
  }

  // ── render ───────────────────────────────────────────────────────────────────────────────────

  render() {
    const st = this.study;
    if (!st) return nothing;
    return html`<div class="layout">
      <aside aria-label=${msg('Report contents and settings', { id: 'report.asideLabel' })}>${this._contents(st)}${this._orderCard()}${this._settings()}
        <fieldset><legend>${msg('Recipe', { id: 'report.recipe.legend' })}</legend>
          <mmdr-report-recipe .study=${st} .save=${this.save}></mmdr-report-recipe></fieldset>
      </aside>
      <main>${this._main()}</main>
    </div>`;
  }

  private _contents(st: StudyRecord) {
    const chosen = new Set(this._choices.map((c) => c.id));
    const groups = REPORT_PROVIDERS.map((p) => ({ p, items: p.items(st) })).filter((g) => g.items.length);
    return html`<fieldset data-testid="report-contents">
      <legend>${msg('Contents', { id: 'report.contents' })}</legend>
      <div class="buttons">
        <button class="primary" data-testid="report-everything" @click=${() => this._setChoices(everything(st, this._choices))}>${msg('Everything in this study', { id: 'report.everything' })}</button>
        <button data-testid="report-clear" ?disabled=${!this._choices.length} @click=${() => this._setChoices([])}>${msg('Clear', { id: 'report.clear' })}</button>
      </div>
      ${groups.length ? groups.map((g) => html`<h4>${g.p.label()}</h4>
        ${g.items.map((i) => html`<label class="check"><input type="checkbox" data-testid="report-item" data-item=${i.id} .checked=${chosen.has(i.id)}
          @change=${(e: Event) => this._toggle(i.id, (e.target as HTMLInputElement).checked)}>
          <span>${i.title()} <span class="kind">${i.kind === 'table' ? msg('table', { id: 'report.kind.table' }) : msg('figure', { id: 'report.kind.figure' })}</span></span></label>`)}`)
        : html`<p class="hint">${msg('Nothing to report yet: add a cohort, arrays or exosome files to the study.', { id: 'report.nothingYet' })}</p>`}
    </fieldset>`;
  }

  private _orderCard() {
    if (!this._choices.length) return nothing;
    const all = new Map(this._available().map((i) => [i.id, i]));
    let t = 0;
    let f = 0;
    const rows = this._choices.filter((c) => all.has(c.id));
    return html`<fieldset>
      <legend>${msg('Order and captions', { id: 'report.order' })}</legend>
      <ol class="order" data-testid="report-order">
        ${rows.map((c, i) => {
          const item = all.get(c.id)!;
          const label = item.kind === 'table' ? msg(str`Table ${++t}`, { id: 'report.orderTable' }) : msg(str`Figure ${++f}`, { id: 'report.orderFigure' });
          return html`<li data-item=${c.id} draggable="true" @keydown=${(e: KeyboardEvent) => this._keydown(e, c.id)}
            @dragstart=${(e: DragEvent) => { this._dragId = c.id; e.dataTransfer?.setData('text/plain', c.id); (e.currentTarget as HTMLElement).classList.add('dragging'); }}
            @dragend=${(e: DragEvent) => (e.currentTarget as HTMLElement).classList.remove('dragging')}
            @dragover=${(e: DragEvent) => e.preventDefault()} @drop=${(e: DragEvent) => this._drop(e, c.id)}>
            <span class="label">${label} · ${item.title()}</span>
            <span class="moves">
              <button data-move="up" ?disabled=${i === 0} aria-label=${msg(str`Move ${label} up`, { id: 'report.moveUp' })} title=${msg('Move up (Alt+↑)', { id: 'report.moveUpHint' })} @click=${() => this._move(c.id, -1, 'up')}>↑</button>
              <button data-move="down" ?disabled=${i === rows.length - 1} aria-label=${msg(str`Move ${label} down`, { id: 'report.moveDown' })} title=${msg('Move down (Alt+↓)', { id: 'report.moveDownHint' })} @click=${() => this._move(c.id, 1, 'down')}>↓</button>
              <button aria-label=${msg(str`Remove ${label}`, { id: 'report.remove' })} title=${msg('Remove', { id: 'report.removeHint' })} @click=${() => this._toggle(c.id, false)}>✕</button>
            </span>
            <input data-user data-testid="report-caption" .value=${c.caption ?? ''} placeholder=${msg('Caption (default: the title)', { id: 'report.captionPlaceholder' })}
              aria-label=${msg(str`Caption of ${label}`, { id: 'report.captionLabel' })} @change=${(e: Event) => this._caption(c.id, (e.target as HTMLInputElement).value)}>
          </li>`;
        })}
      </ol>
      <p class="hint">${msg('Alt+↑ / Alt+↓ on a row moves it; rows can also be dragged. Tables and figures are numbered in this order.', { id: 'report.orderHint' })}</p>
    </fieldset>`;
  }

  private _settings() {
    return html`<fieldset>
      <legend>${msg('Report', { id: 'report.settings' })}</legend>
      <div class="field">
        <label for="report-title">${msg('Title', { id: 'report.title' })}</label>
        <input id="report-title" data-user data-testid="report-title" .value=${this._title} placeholder=${msg('Analysis report', { id: 'report.defaultTitle' })}
          @change=${(e: Event) => this._setChoices(this._choices, { title: (e.target as HTMLInputElement).value })}>
      </div>
      <div class="field">
        <label for="report-lang">${msg('Language of the report', { id: 'report.language' })}</label>
        <select id="report-lang" data-testid="report-lang" @change=${(e: Event) => this._setLang((e.target as HTMLSelectElement).value as Locale)}>
          ${allLocales.map((l) => html`<option value=${l} ?selected=${l === this._lang}>${LOCALE_NAMES[l as Locale]}</option>`)}
        </select>
      </div>
      <label class="check" style="margin-top:.5rem"><input type="checkbox" data-testid="report-methods-on" .checked=${this._methods}
        @change=${(e: Event) => this._setChoices(this._choices, { methods: (e.target as HTMLInputElement).checked })}>
        ${msg('Methods section (every setting used)', { id: 'report.methodsOn' })}</label>
    </fieldset>`;
  }

  private _main() {
    const doc = this._doc;
    const p = this._progress;
    return html`
      <div class="toolbar">
        <button class="primary" data-testid="report-print" ?disabled=${!doc} @click=${this._print}>${msg('Print / PDF', { id: 'report.print' })}</button>
        <button data-testid="report-save-html" ?disabled=${!doc} @click=${this._saveHtml}>${msg('Save as HTML', { id: 'report.saveHtml' })}</button>
        <span class="status" data-testid="report-status" role="status">${p
          ? html`<progress max=${p.total} .value=${p.done}></progress> ${msg(str`Building ${p.done + 1} of ${p.total}…`, { id: 'report.building' })}
            <button data-testid="report-cancel" @click=${this._cancel}>${msg('Cancel', { id: 'common.cancel' })}</button>`
          : this._note}</span>
      </div>
      ${this._error ? html`<p class="error" role="alert">${msg(str`The report could not be built: ${this._error}`, { id: 'report.failed' })}</p>` : nothing}
      <div class="paper" data-testid="report-page" aria-busy=${p ? 'true' : 'false'}>
        ${doc ? unsafeHTML(this._body) : html`<p class="muted empty-note">${msg('Building the report…', { id: 'report.buildingFirst' })}</p>`}
      </div>`;
  }
}

declare global { interface HTMLElementTagNameMap { 'mmdr-report-view': ReportView } }
