import { LitElement, html, css, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { intlLocale } from '../../i18n/localization.ts';
import { sharedStyles } from '../shared-styles.ts';
import { deColumns, defaultQuery, pageOfProbe, queryRows, type DeQuery, type DeShow, type DeSortKey, type DeTableRow } from './de-table.ts';
import { count, fixed, pValue } from './format.ts';

const PAGE_SIZES = [25, 50, 100, 250];

/**
 * The differential-expression table: search by probe name, show all / up / down probes, sort on any
 * column (click a header; aria-sort says how), pages of 25–250 rows. A row is selected by click,
 * Enter or Space (fires `row-select`, detail {index}); `reveal(index)` brings a probe's row into
 * view (clearing a filter that hides it), as when its point is clicked on the volcano plot.
 */
@customElement('mmdr-de-table')
@localized()
export class DeTableView extends LitElement {
  static styles = [sharedStyles, css`
    :host { display: block; }
    .controls { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; margin-bottom: .5rem; }
    .controls input[type="search"] { width: 14rem; }
    .scroll { overflow-x: auto; }
    table { font-size: .85rem; }
    th, td { padding: .28rem .4rem; white-space: nowrap; }
    th { vertical-align: bottom; line-height: 1.25; }
    th .grp { font-weight: 400; font-size: .8rem; color: #3b4757; }
    th button { all: unset; cursor: pointer; font-weight: 600; display: inline-flex; gap: .25rem; align-items: flex-end; text-align: inherit; }
    th.group-head { text-align: center; border-bottom: 1px solid #c9d3df; }
    thead tr:nth-child(2) th button { font-weight: 500; font-size: .8rem; }
    th button:focus-visible { outline: 3px solid #7fb0e6; outline-offset: 1px; }
    th .arrow { font-size: .7rem; color: #5b6778; }
    th.num button { justify-content: flex-end; }
    tr.de { cursor: pointer; }
    tr.de:hover td { background: #f6f8fb; }
    tr.de:focus-visible { outline: 3px solid #7fb0e6; outline-offset: -3px; }
    tr.up td.fc { color: #a3281b; font-weight: 600; }
    tr.down td.fcinv { color: #1b4f8a; font-weight: 600; }
    tr.selected td { background: #fff3c4 !important; }
    tr.selected td:first-child { box-shadow: inset 4px 0 0 #d4a106; }
    .pager { display: flex; gap: .5rem; align-items: center; margin-top: .5rem; font-size: .88rem; flex-wrap: wrap; }
    .pager button { padding: .2rem .6rem; }
    .empty { padding: .8rem; color: #5b6778; }
  `];

  /** Every probe's row (the table filters, sorts and pages them). */
  @property({ attribute: false }) rows: DeTableRow[] = [];
  /** [reference, comparison] group labels (column headers). */
  @property({ attribute: false }) order: [string, string] = ['', ''];
  /** Fold-change basis (header text). */
  @property() basis: 'linear' | 'log2' = 'linear';
  /** The result has p-values (else t, p, adj. p columns are hidden). */
  @property({ type: Boolean }) hasP = true;
  /** The result has limma's B. */
  @property({ type: Boolean }) hasB = true;
  /** Selected probe index (−1 = none). */
  @property({ type: Number }) selected = -1;

  @state() private _q: DeQuery = defaultQuery(true);
  @state() private _page = 0;
  @state() private _pageSize = 50;
  private _shown: DeTableRow[] = [];
  private _shownKey: unknown[] = [];
  private _pendingFocus = -1;

  /** The rows currently matching the search and filter, in table order (for exports). */
  get shownRows(): DeTableRow[] {
    return this._compute();
  }

  protected willUpdate(changed: PropertyValues): void {
    // a result with or without p-values: sort as suits it (keep the search and the filter)
    if (changed.has('hasP')) this._q = { ...defaultQuery(this.hasP), search: this._q.search, show: this._q.show };
  }

  private _compute(): DeTableRow[] {
    const key = [this.rows, this._q.search, this._q.show, this._q.sort, this._q.dir];
    if (key.some((k, i) => k !== this._shownKey[i])) {
      this._shown = queryRows(this.rows, this._q);
      this._shownKey = key;
    }
    return this._shown;
  }

  /** Shows probe `index`: clears a search/filter that hides it, opens its page, scrolls to it and focuses it. */
  async reveal(index: number): Promise<void> {
    let page = pageOfProbe(this._compute(), index, this._pageSize);
    if (page < 0) {
      this._q = { ...this._q, search: '', show: 'all' };
      page = pageOfProbe(this._compute(), index, this._pageSize);
    }
    if (page < 0) return;
    this._page = page;
    this._pendingFocus = index;
    await this.updateComplete;
  }

  protected updated(): void {
    if (this._pendingFocus >= 0) {
      const tr = this.renderRoot.querySelector<HTMLTableRowElement>(`tr[data-index="${this._pendingFocus}"]`);
      this._pendingFocus = -1;
      if (tr) {
        tr.scrollIntoView({ block: 'center', behavior: 'instant' as ScrollBehavior });
        tr.focus({ preventScroll: true });
      }
    }
  }

  render() {
    const loc = intlLocale();
    const rows = this._compute();
    const pages = Math.max(1, Math.ceil(rows.length / this._pageSize));
    const page = Math.min(this._page, pages - 1);
    const from = page * this._pageSize;
    const slice = rows.slice(from, from + this._pageSize);
    const c = deColumns(this.order, this.basis);
    const [ref, cmp] = this.order;
    // two header rows: group-specific columns (means, fold changes) under a shared heading, group names below
    const cols: { key: DeSortKey; label: unknown; num: boolean; show: boolean; group?: 'mean' | 'fc' }[] = [
      { key: 'probe', label: c.probe, num: false, show: true },
      { key: 'mean1', label: html`<span data-user>${ref}</span>`, num: true, show: true, group: 'mean' },
      { key: 'mean2', label: html`<span data-user>${cmp}</span>`, num: true, show: true, group: 'mean' },
      { key: 'fc', label: html`<span data-user>${cmp} /<br>${ref}</span>`, num: true, show: true, group: 'fc' },
      { key: 'fcInv', label: html`<span data-user>${ref} /<br>${cmp}</span>`, num: true, show: true, group: 'fc' },
      { key: 'logFC', label: c.logFC, num: true, show: true },
      { key: 't', label: c.t, num: true, show: this.hasP },
      { key: 'p', label: c.p, num: true, show: this.hasP },
      { key: 'adjP', label: c.adjP, num: true, show: this.hasP },
      { key: 'B', label: c.B, num: true, show: this.hasB },
    ];
    const shownCols = cols.filter((x) => x.show);
    return html`
      <div class="controls">
        <label class="sr-only" for="search">${msg('Search probes', { id: 'expression.table.searchLabel' })}</label>
        <input id="search" type="search" data-testid="de-search" .value=${this._q.search}
          placeholder=${msg('Search probes (e.g. miR-16)', { id: 'expression.table.searchPlaceholder' })}
          @input=${(e: Event) => { this._q = { ...this._q, search: (e.target as HTMLInputElement).value }; this._page = 0; }}>
        <label for="show">${msg('Show', { id: 'expression.table.show' })}</label>
        <select id="show" data-testid="de-show" @change=${(e: Event) => { this._q = { ...this._q, show: (e.target as HTMLSelectElement).value as DeShow }; this._page = 0; }}>
          <option value="all" ?selected=${this._q.show === 'all'}>${msg('all probes', { id: 'expression.table.showAll' })}</option>
          <option value="regulated" ?selected=${this._q.show === 'regulated'}>${msg('up or down', { id: 'expression.table.showRegulated' })}</option>
          <option value="up" ?selected=${this._q.show === 'up'}>${msg('higher in the comparison group', { id: 'expression.table.showUp' })}</option>
          <option value="down" ?selected=${this._q.show === 'down'}>${msg('lower in the comparison group', { id: 'expression.table.showDown' })}</option>
        </select>
        <span class="muted" data-testid="de-count">${msg(str`${count(rows.length, loc)} of ${count(this.rows.length, loc)} probes`, { id: 'expression.table.count' })}</span>
      </div>
      <div class="scroll">
        <table data-testid="de-table" aria-rowcount=${rows.length + 1}>
          <thead>
            <tr>${shownCols.filter((col) => col.group !== 'mean' && col.group !== 'fc' || col.key === 'mean1' || col.key === 'fc').map((col) => (col.group
              ? html`<th scope="colgroup" colspan="2" class="num group-head">${col.group === 'mean' ? msg('Mean log2', { id: 'expression.table.meanLog2' }) : msg('Fold change', { id: 'expression.table.fc' })}</th>`
              : this._th(col, 2)))}</tr>
            <tr>${shownCols.filter((col) => col.group).map((col) => this._th(col, 1))}</tr>
          </thead>
          <tbody>${slice.map((r) => html`<tr class="de ${r.cls > 0 ? 'up' : r.cls < 0 ? 'down' : ''} ${r.i === this.selected ? 'selected' : ''}"
              data-testid="de-row" data-index=${r.i} data-probe=${r.probe} tabindex="0" aria-selected=${r.i === this.selected ? 'true' : 'false'}
              @click=${() => this._select(r.i)} @keydown=${(e: KeyboardEvent) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); this._select(r.i); } }}>
            <td data-user>${r.probe}</td>
            <td class="num" data-value=${r.mean1}>${fixed(r.mean1, loc, 2)}</td>
            <td class="num" data-value=${r.mean2}>${fixed(r.mean2, loc, 2)}</td>
            <td class="num fc" data-testid="fc" data-value=${r.fc}>${fixed(r.fc, loc, 2)}</td>
            <td class="num fcinv" data-testid="fc-inv" data-value=${r.fcInv}>${fixed(r.fcInv, loc, 2)}</td>
            <td class="num" data-value=${r.logFC}>${fixed(r.logFC, loc, 2)}</td>
            ${this.hasP ? html`<td class="num" data-value=${r.t}>${fixed(r.t, loc, 2)}</td>
              <td class="num" data-testid="p" data-value=${r.p}>${pValue(r.p, loc)}</td>
              <td class="num" data-testid="adj-p" data-value=${r.adjP}>${pValue(r.adjP, loc)}</td>` : nothing}
            ${this.hasB ? html`<td class="num" data-value=${r.B}>${fixed(r.B, loc, 2)}</td>` : nothing}
          </tr>`)}</tbody>
        </table>
        ${rows.length === 0 ? html`<p class="empty">${msg('No probe matches.', { id: 'expression.table.noMatch' })}</p>` : nothing}
      </div>
      <div class="pager">
        <button data-testid="de-prev" ?disabled=${page === 0} @click=${() => { this._page = page - 1; }}>${msg('Previous', { id: 'expression.table.prev' })}</button>
        <span data-testid="de-page">${msg(str`Rows ${count(rows.length ? from + 1 : 0, loc)}–${count(Math.min(rows.length, from + this._pageSize), loc)} of ${count(rows.length, loc)} · page ${page + 1} of ${pages}`, { id: 'expression.table.page' })}</span>
        <button data-testid="de-next" ?disabled=${page >= pages - 1} @click=${() => { this._page = page + 1; }}>${msg('Next', { id: 'expression.table.next' })}</button>
        <label for="size">${msg('Rows per page', { id: 'expression.table.pageSize' })}</label>
        <select id="size" @change=${(e: Event) => { this._pageSize = Number((e.target as HTMLSelectElement).value); this._page = 0; }}>
          ${PAGE_SIZES.map((n) => html`<option value=${n} ?selected=${n === this._pageSize}>${n}</option>`)}
        </select>
      </div>`;
  }

  private _th(col: { key: DeSortKey; label: unknown; num: boolean }, rowspan: number) {
    const active = this._q.sort === col.key;
    const sort = active ? (this._q.dir === 1 ? 'ascending' : 'descending') : 'none';
    return html`<th scope="col" rowspan=${rowspan} class=${col.num ? 'num' : ''} aria-sort=${sort}>
      <button data-testid=${`sort-${col.key}`} @click=${() => this._sort(col.key)}><span>${col.label}</span><span class="arrow" aria-hidden="true">${active ? (this._q.dir === 1 ? '▲' : '▼') : '↕'}</span></button></th>`;
  }

  private _sort(key: DeSortKey) {
    const same = this._q.sort === key;
    const firstDir: 1 | -1 = key === 'probe' || key === 'p' || key === 'adjP' ? 1 : -1;
    this._q = { ...this._q, sort: key, dir: same ? (this._q.dir === 1 ? -1 : 1) : firstDir };
    this._page = 0;
  }

  private _select(i: number) {
    this.dispatchEvent(new CustomEvent('row-select', { detail: { index: i }, bubbles: true, composed: true }));
  }
}

declare global { interface HTMLElementTagNameMap { 'mmdr-de-table': DeTableView } }
