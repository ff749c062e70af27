/**
 * Import wizard, step 3: the validation report — rows read, patients, missing cells per mapped
 * field, values that could not be read with their line and column, duplicate patient ids, dates
 * before diagnosis or in the wrong order, unknown codes, and the DR groups this mapping gives —
 * before anything is saved.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import type { ProblemKind, ValidationReport } from '../../study/cohort-import.ts';
import { DR_GROUPS, drGroupLabel } from '../../study/dr-classification.ts';
import { DRUGS, fieldByKey } from '../../study/fields.ts';
import { drugLabel } from '../../study/paper-tables.ts';
import { formatNumber } from '../../i18n/format.ts';
import { PROBLEM_KINDS, problemKindName } from './labels.ts';

/** What step 3 shows. */
export interface ReportStepContext {
  report: ValidationReport | null;
  error: string | null;
  loading: boolean;
  locale: string;
  /** Kind of finding the list shows ('' = all). */
  filter: ProblemKind | '';
  setFilter(k: ProblemKind | ''): void;
}

/** Step 3 of the import wizard. */
export function renderReportStep(cx: ReportStepContext): TemplateResult {
  const r = cx.report;
  const loc = cx.locale;
  const n = (x: number) => formatNumber(x, loc);
  if (cx.error) {
    return html`<div class="error" role="alert" data-testid="import-error"><strong>${msg('The cohort cannot be built with these settings:', { id: 'import.error.build' })}</strong>
      <div data-user>${cx.error}</div><p>${msg('Nothing has been changed in the study.', { id: 'import.error.nothingChangedShort' })}</p></div>`;
  }
  if (!r) return html`<p class="muted">${cx.loading ? msg('Checking every cell in the analysis worker…', { id: 'import.checking' }) : ''}</p>`;
  const unreadable = r.counts.unreadable ?? 0;
  const warnings = Object.entries(r.counts).reduce((a, [k, v]) => a + (k === 'unreadable' ? 0 : v ?? 0), 0);
  const shown = cx.filter ? r.problems.filter((p) => p.kind === cx.filter) : r.problems;
  const order = (d: string) => (d === '' ? 99 : (DRUGS as readonly string[]).includes(d) ? DRUGS.indexOf(d as 'Bz') : 50);
  const drugs = r.dr ? Object.keys(r.dr.counts).sort((a, b) => order(a) - order(b) || a.localeCompare(b)) : [];
  return html`
    <div class="stats" data-testid="import-report">
      <div class="stat"><span class="big" data-testid="report-rows">${n(r.rowsRead)}</span><span>${r.shape === 'episodes' ? msg('episode rows read', { id: 'import.report.episodes' }) : msg('rows read', { id: 'import.report.rows' })}</span></div>
      <div class="stat"><span class="big" data-testid="report-patients">${n(r.patients)}</span><span>${msg('patients', { id: 'import.report.patients' })}</span></div>
      <div class="stat"><span class="big" data-testid="report-fields">${n(r.fields.length)}</span><span>${msg('study fields mapped', { id: 'import.report.fields' })}</span></div>
      <div class="stat ${unreadable ? 'bad' : 'good'}"><span class="big" data-testid="report-unreadable">${n(unreadable)}</span><span>${msg('cells that could not be read (kept as missing)', { id: 'import.report.unreadable' })}</span></div>
      <div class="stat ${warnings ? 'warn' : 'good'}"><span class="big" data-testid="report-warnings">${n(warnings)}</span><span>${msg('other findings to check', { id: 'import.report.warnings' })}</span></div>
    </div>
    <p class="summary">${[
      r.emptyRowsDropped ? msg(str`${n(r.emptyRowsDropped)} empty rows were skipped.`, { id: 'import.report.emptyRows' }) : '',
      r.linesAboveHeader ? msg(str`Lines skipped above the column names: ${n(r.linesAboveHeader)}.`, { id: 'import.report.aboveLines' }) : '',
      r.raggedRows ? msg(str`${n(r.raggedRows)} rows had too few or too many cells.`, { id: 'import.report.ragged' }) : '',
      r.duplicates.length ? msg(str`${n(r.duplicates.length)} patient ids are on more than one row.`, { id: 'import.report.duplicates' }) : '',
    ].filter(Boolean).join(' ')}</p>
    ${r.notes.map((x) => html`<p class="hint">${x}</p>`)}

    ${r.dr ? html`<h4>${r.dr.fromColumn ? msg('DR groups read from the column', { id: 'import.report.drFromColumn' }) : msg('DR groups by the paper\'s rules', { id: 'import.report.drRules' })}</h4>
      <table class="compact" data-testid="report-dr">
        <thead><tr><th scope="col">${msg('Drug', { id: 'import.report.drug' })}</th>${DR_GROUPS.map((g) => html`<th scope="col" class="num">${drGroupLabel(g)}</th>`)}
          <th scope="col" class="num">${drGroupLabel('unclassified')}</th></tr></thead>
        <tbody>${drugs.map((d) => html`<tr><th scope="row">${d === '' ? msg('(no drug)', { id: 'import.report.noDrug' }) : html`<span data-user>${drugLabel(d)}</span>`}</th>
          ${[...DR_GROUPS, 'unclassified' as const].map((g) => html`<td class="num">${n(r.dr!.counts[d][g])}</td>`)}</tr>`)}</tbody>
        <tfoot><tr><th scope="row">${msg('All', { id: 'tables.all' })}</th>${[...DR_GROUPS, 'unclassified' as const].map((g) => html`<td class="num" data-testid=${`report-dr-${g}`}>${n(r.dr!.totals[g])}</td>`)}</tr></tfoot>
      </table>` : html`<p class="hint">${msg('DR groups need the best response and the prior exposure to the drug (or an existing DR group column): go back to map them, or import now and map them later.', { id: 'import.report.noDr' })}</p>`}

    <h4>${msg('Mapped fields', { id: 'import.report.mapped' })}</h4>
    <div class="scroll"><table class="compact" data-testid="report-fields-table">
      <thead><tr><th scope="col">${msg('Study field', { id: 'import.report.field' })}</th><th scope="col">${msg('Column', { id: 'import.report.column' })}</th>
        <th scope="col" class="num">${msg('With a value', { id: 'import.report.present' })}</th><th scope="col" class="num">${msg('Missing', { id: 'tables.missing' })}</th>
        <th scope="col" class="num">${msg('Could not be read', { id: 'import.kind.unreadable' })}</th><th scope="col" class="num">${msg('Unknown codes', { id: 'import.kind.unknownCode' })}</th></tr></thead>
      <tbody>${r.fields.map((f) => html`<tr data-field=${f.key}>
        <th scope="row">${fieldByKey(f.key)?.label() ?? f.key}</th>
        <td>${f.computed ? html`<em>${msg('computed from the episodes', { id: 'import.map.computed' })}</em>` : html`<span data-user>${f.column}</span>`}</td>
        <td class="num">${n(f.present)}</td><td class="num" data-testid="missing">${n(f.missing)}</td>
        <td class="num ${f.unreadable ? 'bad' : ''}">${n(f.unreadable)}</td><td class="num">${n(f.unknownCodes)}</td></tr>`)}</tbody>
    </table></div>
    ${r.userVariables.length ? html`<p class="hint">${msg(str`${n(r.userVariables.length)} columns map to no study field and stay available as user variables:`, { id: 'import.report.userVars' })} <span data-user>${r.userVariables.join(', ')}</span></p>` : nothing}

    <h4>${msg('Findings, with their line and column', { id: 'import.report.findings' })}</h4>
    ${r.problems.length === 0 ? html`<p class="good-text" data-testid="report-clean">${msg('Every mapped cell was read; no contradiction found.', { id: 'import.report.clean' })}</p>` : html`
      <div class="chips" role="group" aria-label=${msg('Show findings of one kind', { id: 'import.report.filter' })}>
        <button class=${cx.filter === '' ? 'chosen' : ''} @click=${() => cx.setFilter('')}>${msg(str`All (${n(Object.values(r.counts).reduce((a, b) => a + (b ?? 0), 0))})`, { id: 'import.report.all' })}</button>
        ${PROBLEM_KINDS.filter((k) => r.counts[k]).map((k) => html`<button class=${cx.filter === k ? 'chosen' : ''} data-testid=${`filter-${k}`} @click=${() => cx.setFilter(k)}>${problemKindName(k)} (${n(r.counts[k]!)})</button>`)}
      </div>
      <div class="scroll problems"><table class="compact" data-testid="report-problems">
        <thead><tr><th scope="col" class="num">${msg('Line', { id: 'import.report.line' })}</th><th scope="col">${msg('Column', { id: 'import.report.column' })}</th>
          <th scope="col">${msg('Value', { id: 'import.report.value' })}</th><th scope="col">${msg('Finding', { id: 'import.report.finding' })}</th></tr></thead>
        <tbody>${shown.map((p) => html`<tr class=${p.kind} data-kind=${p.kind}>
          <td class="num">${p.line ?? '–'}</td><td><span data-user>${p.column ?? ''}</span></td><td><span data-user>${p.text}</span></td><td>${p.message}</td></tr>`)}</tbody>
      </table></div>
      ${r.truncated ? html`<p class="hint">${msg(str`${n(r.truncated)} more findings are not listed.`, { id: 'import.report.truncated' })}</p>` : nothing}`}
    <p class="hint">${msg('Cells that could not be read are kept as missing values; nothing in the file is changed. The original file is stored unchanged with the study.', { id: 'import.report.keep' })}</p>`;
}
