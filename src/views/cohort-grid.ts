import { LitElement, html, css, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import type { CohortData } from '../study/model.ts';
import { fieldByKey } from '../study/fields.ts';
import { formatNumber } from '../i18n/format.ts';
import { intlLocale } from '../i18n/localization.ts';
import { sharedStyles } from './shared-styles.ts';
import type { ExportTable } from '../export/table.ts';
import './export-menu.ts';

const ROW_HEIGHT = 30;
const OVERSCAN = 8;

/**
 * The cohort as a data grid: sticky header, rows virtualised (only the visible rows are in the
 * DOM, so 5 000 rows scroll as smoothly as 50), sortable columns, a quick filter, and keyboard
 * scrolling (arrows, Page Up/Down, Home/End) on the focusable grid. Cell text is user data and is
 * shown exactly as it is in the file (Lit escapes it; nothing is parsed as HTML).
 */
@customElement('mmdr-cohort-grid')
@localized()
export class CohortGrid extends LitElement {
  static styles = [sharedStyles, css`
    :host { display: block; }
    .scroller { height: min(62vh, 640px); overflow: auto; border: 1px solid #dde3eb; border-radius: 8px; background: #fff; position: relative; }
    table { table-layout: fixed; }
    th { width: 9.5rem; } th.rownum { width: 3.5rem; }
    thead th { position: sticky; top: 0; z-index: 1; white-space: nowrap; cursor: pointer; user-select: none; }
    thead th .orig { display: block; font-weight: 400; font-size: .75rem; color: #5b6778; }
    td { white-space: nowrap; height: ${ROW_HEIGHT - 1}px; padding-top: 0; padding-bottom: 0; line-height: ${ROW_HEIGHT - 1}px; max-width: 16rem; overflow: hidden; text-overflow: ellipsis; }
    td.rownum { color: #8793a3; text-align: right; }
    tr.spacer td { padding: 0; border: 0; height: auto; }
    .toolbar { margin-bottom: .5rem; }
    .missing { color: #b0b8c4; }
    th.computed, td.computed { background: #f1f6ee; }
    th.computed { background: #e4efdf; }
  `];

  /** The cohort to show. */
  @property({ attribute: false }) cohort: CohortData | null = null;
  /**
   * Columns computed by the workbench (e.g. the DR group), shown first with a "computed" mark,
   * one value per row; they sort, filter and export like the file's columns.
   */
  @property({ attribute: false }) computed: { label: string; values: readonly string[] }[] = [];

  @state() private _first = 0;
  @state() private _visible = 30;
  @state() private _sortCol = -1;
  @state() private _sortDesc = false;
  @state() private _filter = '';
  private _order: number[] | null = null;
  private _orderKey = '';

  render() {
    const c = this.cohort;
    if (!c) return html`<p class="muted">${msg('No cohort file in this study yet.', { id: 'grid.noCohort' })}</p>`;
    const order = this._rowOrder(c);
    const first = Math.max(0, Math.min(this._first, Math.max(0, order.length - this._visible)));
    const last = Math.min(order.length, first + this._visible + OVERSCAN * 2);
    const fieldOfColumn = new Map(Object.entries(c.mapping).filter(([, col]) => col).map(([k, col]) => [col as string, k]));
    const loc = intlLocale();
    return html`
      <div class="toolbar row">
        <label for="filter">${msg('Find', { id: 'grid.find' })}</label>
        <input id="filter" type="search" .value=${this._filter} @input=${(e: Event) => { this._filter = (e.target as HTMLInputElement).value; this._first = 0; }}
          placeholder=${msg('any text in a row', { id: 'grid.findPlaceholder' })}>
        <span class="muted" data-testid="grid-count">${order.length === c.rows.length
          ? msg(str`${formatNumber(c.rows.length, loc)} patients`, { id: 'grid.count' })
          : msg(str`${formatNumber(order.length, loc)} of ${formatNumber(c.rows.length, loc)} patients`, { id: 'grid.countFiltered' })}</span>
        <span class="spacer"></span>
        <mmdr-export-menu .table=${() => this._exportTable()} what=${msg('cohort', { id: 'grid.exportWhat' })}></mmdr-export-menu>
      </div>
      <div class="scroller" tabindex="0" role="region" aria-label=${msg('Cohort table', { id: 'grid.label' })}
        @scroll=${this._onScroll} @keydown=${this._onKey}>
        <table role="grid" aria-rowcount=${order.length + 1} data-testid="cohort-grid" style="width:${3.5 + 9.5 * (c.columns.length + this._computed(c).length)}rem">
          <thead><tr>
            <th class="num rownum" scope="col">#</th>
            ${this._computed(c).map((k, m) => {
              const j = -2 - m; // computed columns sort as -2, -3 … (-1 = unsorted)
              const sorted = this._sortCol === j ? (this._sortDesc ? 'descending' : 'ascending') : 'none';
              return html`<th scope="col" class="computed" aria-sort=${sorted} @click=${() => this._sortBy(j)} tabindex="-1" data-testid="computed-column">${k.label}${sorted === 'none' ? nothing : sorted === 'ascending' ? ' ▲' : ' ▼'}<span class="orig">${msg('computed', { id: 'cohort.computedColumn' })}</span></th>`;
            })}
            ${c.columns.map((col, j) => {
              const key = fieldOfColumn.get(col);
              const label = key ? fieldByKey(key)?.label() ?? col : col;
              const sorted = this._sortCol === j ? (this._sortDesc ? 'descending' : 'ascending') : 'none';
              return html`<th scope="col" aria-sort=${sorted} title=${col} @click=${() => this._sortBy(j)}
                tabindex="-1" ?data-user=${!key}>${label}${sorted === 'none' ? nothing : sorted === 'ascending' ? ' ▲' : ' ▼'}${key && label !== col ? html`<span class="orig" data-user>${col}</span>` : nothing}</th>`;
            })}
          </tr></thead>
          <tbody data-user>
            <tr class="spacer" aria-hidden="true"><td colspan=${c.columns.length + 1 + this._computed(c).length} style="height:${first * ROW_HEIGHT}px"></td></tr>
            ${order.slice(first, last).map((i, k) => html`<tr aria-rowindex=${first + k + 2}>
              <td class="rownum">${i + 1}</td>
              ${this._computed(c).map((x) => html`<td class="computed" data-testid="computed-cell">${x.values[i]}</td>`)}
              ${c.rows[i].map((v) => v === '' ? html`<td class="missing">·</td>` : html`<td title=${v}>${v}</td>`)}
            </tr>`)}
            <tr class="spacer" aria-hidden="true"><td colspan=${c.columns.length + 1 + this._computed(c).length} style="height:${(order.length - last) * ROW_HEIGHT}px"></td></tr>
          </tbody>
        </table>
      </div>`;
  }

  /** The grid as shown (filter and sort applied), headers in the export language, cells as in the file. */
  private _exportTable(): ExportTable {
    const c = this.cohort!;
    const fieldOfColumn = new Map(Object.entries(c.mapping).filter(([, col]) => col).map(([k, col]) => [col as string, k]));
    const comp = this._computed(c);
    return {
      title: msg(str`Cohort: ${c.fileName}`, { id: 'grid.exportTitle' }),
      // the file's columns first, as in the file; computed columns after them
      columns: [...c.columns.map((col) => { const k = fieldOfColumn.get(col); return k ? fieldByKey(k)?.label() ?? col : col; }), ...comp.map((x) => x.label)],
      rows: this._rowOrder(c).map((i) => [...c.rows[i].map((v) => (v === '' ? null : v)), ...comp.map((x) => x.values[i] ?? null)]),
    };
  }

  /** The computed columns that fit this cohort (one value per row). */
  private _computed(c: CohortData): { label: string; values: readonly string[] }[] {
    return this.computed.filter((x) => x.values.length === c.rows.length);
  }

  protected willUpdate(changed: Map<string, unknown>): void {
    // new computed values (e.g. another DR window) or a re-imported cohort: sort and filter again
    if (changed.has('computed') || changed.has('cohort')) this._order = null;
  }

  firstUpdated(): void {
    const sc = this.renderRoot.querySelector('.scroller') as HTMLElement | null;
    if (sc) this._visible = Math.ceil(sc.clientHeight / ROW_HEIGHT) + 1;
  }

  /** Row indices after filter and sort (cached per cohort/filter/sort). */
  private _rowOrder(c: CohortData): number[] {
    const comp = this._computed(c);
    const key = `${c.fileId}|${c.rows.length}|${this._filter}|${this._sortCol}|${this._sortDesc}`;
    if (this._order && this._orderKey === key) return this._order;
    let idx = c.rows.map((_, i) => i);
    const f = this._filter.trim().toLowerCase();
    if (f) idx = idx.filter((i) => c.rows[i].some((v) => v.toLowerCase().includes(f)) || comp.some((x) => (x.values[i] ?? '').toLowerCase().includes(f)));
    if (this._sortCol >= 0 || this._sortCol <= -2) {
      const j = this._sortCol;
      const num = (s: string) => { const x = Number(s.replace(',', '.')); return s.trim() !== '' && Number.isFinite(x) ? x : null; };
      const collator = new Intl.Collator(intlLocale(), { numeric: true });
      idx.sort((a, b) => {
        const cell = (r: number) => (j < 0 ? comp[-2 - j]?.values[r] ?? '' : c.rows[r][j] ?? '');
        const va = cell(a), vb = cell(b);
        if (va === '' || vb === '') return va === vb ? a - b : va === '' ? 1 : -1; // missing last
        const na = num(va), nb = num(vb);
        const d = na != null && nb != null ? na - nb : collator.compare(va, vb);
        return (this._sortDesc ? -d : d) || a - b;
      });
    }
    this._order = idx;
    this._orderKey = key;
    return idx;
  }

  private _sortBy(j: number) {
    if (this._sortCol === j) this._sortDesc = !this._sortDesc;
    else { this._sortCol = j; this._sortDesc = false; }
  }

  private _onScroll(e: Event) {
    const sc = e.target as HTMLElement;
    const first = Math.max(0, Math.floor(sc.scrollTop / ROW_HEIGHT) - OVERSCAN);
    if (first !== this._first) this._first = first;
  }

  private _onKey(e: KeyboardEvent) {
    const sc = e.currentTarget as HTMLElement;
    const page = sc.clientHeight - ROW_HEIGHT * 2;
    const moves: Record<string, number> = { ArrowDown: ROW_HEIGHT, ArrowUp: -ROW_HEIGHT, PageDown: page, PageUp: -page };
    if (e.key in moves) sc.scrollTop += moves[e.key];
    else if (e.key === 'Home') sc.scrollTop = 0;
    else if (e.key === 'End') sc.scrollTop = sc.scrollHeight;
    else return;
    e.preventDefault();
  }
}

declare global { interface HTMLElementTagNameMap { 'mmdr-cohort-grid': CohortGrid } }
