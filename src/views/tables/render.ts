/**
 * A shown table (src/views/tables/shown.ts) as HTML in publication layout: a top rule, the header
 * with each column's n, a rule, characteristics with their levels indented, p-values right-aligned
 * with their footnote marks, a bottom rule; notes (patients left out, the test policy) and the
 * footnotes under it. Level labels, column labels of user variables and drug names as typed are
 * marked data-user.
 */
import { html, nothing, css, type TemplateResult } from 'lit';
import { msg } from '@lit/localize';
import type { ShownTable } from './shown.ts';

/** Styles of a publication table. */
export const tableStyles = css`
  table.pub { width: auto; min-width: 36rem; border-collapse: collapse; font-size: .86rem; border-top: 2px solid #1d2733; border-bottom: 2px solid #1d2733; }
  table.pub th, table.pub td { border: 0; padding: .2rem .5rem; background: none; }
  table.pub thead tr.groups th { border-bottom: 1px solid #8793a3; text-align: center; padding-bottom: .1rem; }
  table.pub thead th { border-bottom: 1px solid #1d2733; vertical-align: bottom; font-weight: 600; }
  table.pub thead th .n { display: block; font-weight: 400; color: #3b4757; font-size: .82rem; }
  table.pub td { font-variant-numeric: tabular-nums; white-space: nowrap; }
  table.pub tbody th { font-weight: 400; text-align: left; white-space: nowrap; }
  table.pub tr.section th { font-weight: 700; padding-top: .7rem; color: #17324d; }
  table.pub tr.label th, table.pub tr.value th { font-weight: 600; }
  table.pub tr.label th, table.pub tr.value th, table.pub tr.section th { border-top: 1px solid #e4e8ee; }
  table.pub tr.label td, table.pub tr.value td { border-top: 1px solid #e4e8ee; }
  table.pub tr.level th { padding-left: 1.4rem; }
  table.pub tr.detail th { padding-left: 2.2rem; color: #5b6778; }
  table.pub tr.detail td { color: #5b6778; }
  table.pub tr.missing th, table.pub tr.missing td { color: #8793a3; font-style: italic; }
  table.pub tr.missing th { padding-left: 1.4rem; }
  table.pub tr.caption th { padding-left: 1.4rem; font-style: italic; color: #3b4757; font-size: .8rem; }
  table.pub td.p { font-weight: 600; }
  table.pub td.p.sig { color: #8a1c1c; }
  table.pub sup { font-weight: 400; color: #1f5f99; margin-left: .1rem; }
  table.pub .sub { display: block; font-size: .75rem; color: #5b6778; }
  .notes { font-size: .84rem; color: #3b4757; margin: .6rem 0 0; padding: 0; list-style: none; }
  .notes li { margin: .15rem 0; }
  .footnotes { font-size: .84rem; color: #3b4757; margin: .4rem 0 0; padding: 0; list-style: none; }
  .footnotes li { margin: .15rem 0; }
  .footnotes .mark { color: #1f5f99; font-weight: 600; display: inline-block; min-width: 1.2rem; }
  .table-scroll { overflow-x: auto; }
`;

/**
 * The table, its notes and its footnotes. `userColumns`: the column labels are user data (a
 * grouping by a column's values); `userLevels(id)`: the level labels of that row are user data.
 */
export function renderShownTable(t: ShownTable, opts: { testid: string; userColumns?: boolean; userLevels?: (rowId: string) => boolean }): TemplateResult {
  const nCols = t.columns.length;
  const cell = (v: string, sub: string | null | undefined) => html`${v}${sub ? html`<span class="sub">${sub}</span>` : nothing}`;
  return html`
    <div class="table-scroll">
      <table class="pub" data-testid=${opts.testid}>
        <thead>${t.headerGroups ? html`<tr class="groups"><th></th>${t.headerGroups.map((g) => html`<th scope="colgroup" colspan=${g.span}>${g.label}</th>`)}<th></th></tr>` : nothing}<tr>
          <th scope="col">${t.first}</th>
          ${t.columns.map((c) => html`<th scope="col" class="num" data-col=${c.key}>${opts.userColumns ? html`<span data-user>${c.label}</span>` : c.label}${c.n === null ? nothing : html`<span class="n">(n = ${c.n})</span>`}</th>`)}
          <th scope="col" class="num">p</th>
        </tr></thead>
        <tbody>${t.rows.map((r) => {
          if (r.kind === 'section') return html`<tr class="section"><th scope="rowgroup" colspan=${nCols + 2}>${r.label}</th></tr>`;
          const isLevel = r.kind === 'level' || r.kind === 'detail';
          const label = isLevel && opts.userLevels?.(r.id) ? html`<span data-user>${r.label}</span>` : r.label;
          return html`<tr class=${r.kind} data-row=${r.id} data-kind=${r.kind}>
            <th scope="row">${label}</th>
            ${r.kind === 'caption' ? html`<td colspan=${nCols}></td>` : r.cells.map((c, j) => html`<td class="num" data-col=${t.columns[j].key}>${cell(c, r.sub?.[j])}</td>`)}
            <td class="num ${r.p ? 'p' : ''} ${r.pValue !== null && r.pValue < 0.05 ? 'sig' : ''}" data-testid=${r.p ? 'p' : nothing} data-row=${r.id}
              data-value=${r.pValue === null ? nothing : String(r.pValue)} title=${r.test ?? nothing}>${r.p ?? ''}${r.marks.length ? html`<sup>${r.marks.join(',')}</sup>` : nothing}</td>
          </tr>`;
        })}</tbody>
      </table>
    </div>
    ${t.notes.length ? html`<ul class="notes" data-testid="table-notes">${t.notes.map((n) => html`<li>${n}</li>`)}</ul>` : nothing}
    ${t.footnotes.length ? html`<ul class="footnotes" data-testid="footnotes" aria-label=${msg('Footnotes', { id: 'tables.footnotes' })}>${t.footnotes.map((f) => html`<li data-mark=${f.mark}><span class="mark">${f.mark}</span>${f.text}</li>`)}</ul>` : nothing}`;
}
