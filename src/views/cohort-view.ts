import { LitElement, html, css, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import type { StudyRecord } from '../study/model.ts';
import { DEFAULT_DR_SETTINGS, DR_GROUPS, drGroupLabel, type DrGroup, type DrSettings } from '../study/dr-classification.ts';
import { workbench } from '../app/workbench-worker.ts';
import type { CohortOverview } from '../worker/api/cohort-api.ts';
import type { ExportTable } from '../export/table.ts';
import { getLocale, intlLocale } from '../i18n/localization.ts';
import { formatNumber } from '../i18n/format.ts';
import { sharedStyles } from './shared-styles.ts';
import { SettingsSaver } from './settings-saver.ts';
import { drOrderName, DR_ORDERS, normalizeDrSettings } from './cohort/dr-settings.ts';
import './cohort-grid.ts';
import './export-menu.ts';

type SaveFn = (next: StudyRecord) => Promise<void>;
const errText = (e: unknown) => String((e as Error)?.message ?? e);

/**
 * The Cohort tab (SPEC §5): the DR classification summary above the data grid — patients per drug
 * and group, the unclassified ones with the reason, the rule order and the 60-day window (saved in
 * study.settings.dr, which the Survival and Tables views read too) — and the grid with the DR group
 * as a computed column. The classification runs in the worker (cohortOverview). "Change how the
 * file is read…" fires `open-import-wizard` (bubbling), which the study page answers by opening
 * the import wizard on the stored file with the saved settings.
 */
@customElement('mmdr-cohort-view')
@localized()
export class CohortView extends LitElement {
  static styles = [sharedStyles, css`
    :host { display: block; }
    .card { margin-bottom: 1rem; }
    .toolbar { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
    .dr-layout { display: grid; grid-template-columns: minmax(0, 1fr) minmax(16rem, 24rem); gap: 1.2rem; align-items: start; margin-top: .6rem; }
    @media (max-width: 1000px) { .dr-layout { grid-template-columns: 1fr; } }
    table.counts { width: auto; }
    table.counts td, table.counts th { padding: .3rem .7rem; }
    table.counts tfoot th, table.counts tfoot td { font-weight: 600; border-top: 2px solid #c6ceda; }
    td.unclassified { color: #7a5300; }
    fieldset { border: 1px solid #dde3eb; border-radius: 8px; padding: .5rem .8rem .7rem; margin: 0; min-width: 0; }
    .field select, .field input { width: 100%; box-sizing: border-box; }
    legend { font-weight: 600; padding: 0 .3rem; font-size: .95rem; }
    .field { display: flex; flex-direction: column; gap: .15rem; margin-top: .45rem; }
    .field label { font-size: .88rem; color: #3b4757; }
    .hint { font-size: .8rem; color: #5b6778; line-height: 1.35; }
    .rules { font-size: .85rem; color: #3b4757; line-height: 1.45; margin-top: .6rem; }
    details { margin-top: .7rem; }
    details summary { cursor: pointer; font-weight: 600; }
    details table { margin-top: .4rem; width: auto; font-size: .88rem; }
    .scroll { max-height: 18rem; overflow: auto; }
    .import-info { font-size: .88rem; }
  `];

  @property({ attribute: false }) study: StudyRecord | null = null;
  @property({ attribute: false }) save: SaveFn | null = null;

  @state() private _overview: CohortOverview | null = null;
  @state() private _error: string | null = null;
  @state() private _loading = false;
  @state() private _dr: DrSettings = DEFAULT_DR_SETTINGS;
  private _key = '';
  private _gen = 0;
  private _studyId = '';
  private readonly _saver = new SettingsSaver<DrSettings>(this, 'dr');
  /** True from a settings change until it is saved (the stored settings are not read back meanwhile). */
  private _editing = false;

  protected willUpdate(changed: PropertyValues): void {
    if (changed.has('study') && this.study) {
      if (this.study.id !== this._studyId) {
        this._studyId = this.study.id;
        this._overview = null;
      }
      if (!this._editing) this._dr = normalizeDrSettings(this.study.settings?.dr);
      this._refresh();
    }
  }

  connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('lit-localize-status', this._onLocale);
  }

  disconnectedCallback(): void {
    window.removeEventListener('lit-localize-status', this._onLocale);
    super.disconnectedCallback();
  }

  private _onLocale = (e: Event) => {
    if ((e as CustomEvent<{ status: string }>).detail?.status === 'ready') this._refresh();
  };

  private _refresh() {
    const c = this.study?.cohort;
    if (!c) { this._overview = null; return; }
    const key = JSON.stringify([c.fileId, c.rows.length, c.mapping, c.drGroupColumn ?? null, c.decimalMark ?? null, this._dr, getLocale()]);
    if (key === this._key) return;
    this._key = key;
    const gen = ++this._gen;
    this._loading = true;
    workbench.call('cohortOverview', [c, this._dr, getLocale()]).then((o) => {
      if (gen !== this._gen) return;
      this._overview = o;
      this._error = null;
    }, (e) => {
      if (gen !== this._gen) return;
      this._error = errText(e);
    }).finally(() => { if (gen === this._gen) this._loading = false; });
  }

  private _setDr(patch: Partial<DrSettings>) {
    this._dr = normalizeDrSettings({ ...this._dr, ...patch });
    this._refresh();
    this._editing = true;
    this._saver.schedule(this._dr);
    void this._saver.flush().then(() => { this._editing = false; });
  }

  render() {
    const st = this.study;
    if (!st) return nothing;
    const c = st.cohort;
    const o = this._overview;
    const computed = o && c && o.dr.canClassify && o.dr.groups.length === c.rows.length
      ? [{ label: msg('DR group', { id: 'tables.var.dr' }), values: o.dr.groups.map((g) => drGroupLabel(g)) }] : [];
    return html`
      ${c ? this._summary() : nothing}
      <mmdr-cohort-grid .cohort=${c} .computed=${computed}></mmdr-cohort-grid>`;
  }

  private _summary() {
    const c = this.study!.cohort!;
    const o = this._overview;
    const loc = intlLocale();
    const n = (x: number) => formatNumber(x, loc);
    const v = c.validation;
    return html`<section class="card" data-testid="dr-summary" aria-labelledby="dr-title">
      <div class="toolbar">
        <h3 id="dr-title">${msg('Drug-resistance classification', { id: 'cohort.dr.title' })}</h3>
        ${this._loading ? html`<span class="muted">${msg('computing…', { id: 'cohort.computing' })}</span>` : nothing}
        <span class="spacer"></span>
        <button data-testid="change-import" @click=${() => this.dispatchEvent(new CustomEvent('open-import-wizard', { bubbles: true, composed: true }))}>
          ${msg('Change how the file is read…', { id: 'cohort.reimport' })}</button>
      </div>
      <p class="muted import-info" data-testid="import-info"><span data-user>${c.fileName}</span>: ${c.shape === 'episodes' && c.episodes
        ? msg(str`${n(c.rows.length)} patients gathered from ${n(c.episodes.episodeRows)} hospitalization episodes.`, { id: 'cohort.info.episodes' })
        : msg(str`${n(c.rows.length)} patients.`, { id: 'cohort.info.patients' })}
        ${v ? (v.unreadable ? msg(str`${n(v.unreadable)} cells could not be read at import and count as missing.`, { id: 'cohort.info.unreadable' }) : msg('Every mapped cell was read at import.', { id: 'cohort.info.clean' })) : nothing}</p>
      ${this._error ? html`<p class="error" role="alert">${msg(str`The classification failed: ${this._error}`, { id: 'cohort.dr.failed' })}</p>` : nothing}
      ${o && !o.dr.canClassify ? html`<p class="hint" data-testid="dr-cannot">${msg(str`The DR rules need these study fields, which no column is mapped to: ${o.dr.missingFields.join(', ')}. Use "Change how the file is read…" to map them, or to read an existing DR group column.`, { id: 'cohort.dr.cannot' })}</p>` : nothing}
      ${o && o.dr.canClassify ? this._counts(o) : nothing}
    </section>`;
  }

  private _countsTable(o: CohortOverview): ExportTable {
    const groups: (DrGroup | 'unclassified')[] = [...DR_GROUPS, 'unclassified'];
    const drugs = this._drugRows(o);
    return {
      title: msg('Drug-resistance classification by drug', { id: 'cohort.dr.exportTitle' }),
      columns: [msg('Drug', { id: 'import.report.drug' }), ...groups.map((g) => drGroupLabel(g)), msg('Total', { id: 'cohort.dr.total' })],
      rows: [...drugs.map(([code, label]) => [label, ...groups.map((g) => o.dr.counts[code][g]), groups.reduce((a, g) => a + o.dr.counts[code][g], 0)]),
        [msg('All', { id: 'tables.all' }), ...groups.map((g) => o.dr.totals[g]), groups.reduce((a, g) => a + o.dr.totals[g], 0)]],
      footnotes: [this._rulesText(o)],
    };
  }

  private _drugRows(o: CohortOverview): [string, string][] {
    const known = new Map(o.drugs.map((d) => [d.code, d.label]));
    const codes = [...o.drugs.map((d) => d.code).filter((d) => o.dr.counts[d]), ...Object.keys(o.dr.counts).filter((d) => !known.has(d))];
    return codes.map((d) => [d, d === '' ? msg('(no drug)', { id: 'import.report.noDrug' }) : known.get(d) ?? d]);
  }

  private _rulesText(o: CohortOverview): string {
    if (o.dr.fromColumn) return msg(str`DR groups are read from the column "${o.dr.fromColumn}" of the file, not classified by the rules.`, { id: 'cohort.dr.fromColumn' });
    const s = o.dr.settings;
    return msg(str`De novo DR: first exposure to the drug and best response below MR (SD or PD), or progression within ${s.windowDays} days of the regimen start. Acquired DR: previously treated with the drug and best response below PR, or progression on treatment. Response: PR or better, first or later line. Rules are tried in the order ${drOrderName(s.order)}; the first that applies decides.`, { id: 'cohort.dr.rules' });
  }

  private _counts(o: CohortOverview) {
    const loc = intlLocale();
    const n = (x: number) => formatNumber(x, loc);
    const groups: (DrGroup | 'unclassified')[] = [...DR_GROUPS, 'unclassified'];
    const drugs = this._drugRows(o);
    const total = (r: Record<DrGroup | 'unclassified', number>) => groups.reduce((a, g) => a + r[g], 0);
    const d = this._dr;
    return html`
      <div class="dr-layout">
        <div>
          <table class="counts" data-testid="dr-counts">
            <thead><tr><th scope="col">${msg('Drug', { id: 'import.report.drug' })}</th>${groups.map((g) => html`<th scope="col" class="num">${drGroupLabel(g)}</th>`)}<th scope="col" class="num">${msg('Total', { id: 'cohort.dr.total' })}</th></tr></thead>
            <tbody>${drugs.map(([code, label]) => html`<tr data-drug=${code}><th scope="row"><span data-user>${label}</span></th>
              ${groups.map((g) => html`<td class="num ${g === 'unclassified' && o.dr.counts[code][g] ? 'unclassified' : ''}" data-group=${g}>${n(o.dr.counts[code][g])}</td>`)}
              <td class="num">${n(total(o.dr.counts[code]))}</td></tr>`)}</tbody>
            <tfoot><tr><th scope="row">${msg('All', { id: 'tables.all' })}</th>${groups.map((g) => html`<td class="num" data-testid=${`dr-total-${g}`}>${n(o.dr.totals[g])}</td>`)}<td class="num">${n(total(o.dr.totals))}</td></tr></tfoot>
          </table>
          <p class="rules">${this._rulesText(o)}</p>
          <mmdr-export-menu .table=${() => this._countsTable(o)} what=${msg('DR classification', { id: 'cohort.dr.exportWhat' })}></mmdr-export-menu>
        </div>
        ${o.dr.fromColumn ? html`<div></div>` : html`<fieldset>
          <legend>${msg('Classification settings', { id: 'cohort.dr.settings' })}</legend>
          <div class="field">
            <label for="dr-order">${msg('Rule order', { id: 'cohort.dr.order' })}</label>
            <select id="dr-order" data-testid="dr-order" @change=${(e: Event) => this._setDr({ order: DR_ORDERS[Number((e.target as HTMLSelectElement).value)] })}>
              ${DR_ORDERS.map((ord, i) => html`<option value=${i} ?selected=${ord.join() === d.order.join()}>${drOrderName(ord)}${i === 0 ? msg(' (the paper)', { id: 'cohort.dr.paper' }) : ''}</option>`)}
            </select>
            <span class="hint">${msg('With de novo first, progression within the window after a brief PR is de novo DR.', { id: 'cohort.dr.orderHint' })}</span>
          </div>
          <div class="field">
            <label for="dr-window">${msg('Early progression window (days after the regimen start)', { id: 'cohort.dr.window' })}</label>
            <input id="dr-window" data-testid="dr-window" type="number" min="1" max="3650" step="1" .value=${String(d.windowDays)}
              @change=${(e: Event) => { const x = Number((e.target as HTMLInputElement).value); if (Number.isInteger(x) && x >= 1 && x <= 3650) this._setDr({ windowDays: x }); else (e.target as HTMLInputElement).value = String(d.windowDays); }}>
          </div>
          <div class="field">
            <label for="dr-ontreat">${msg('"On treatment" ends (days after the regimen start; empty = at the last follow-up)', { id: 'cohort.dr.onTreatment' })}</label>
            <input id="dr-ontreat" type="number" min="1" step="1" .value=${d.onTreatmentDays === null ? '' : String(d.onTreatmentDays)}
              @change=${(e: Event) => { const t = (e.target as HTMLInputElement).value.trim(); const x = Number(t); this._setDr({ onTreatmentDays: t === '' || !Number.isInteger(x) || x < 1 ? null : x }); }}>
          </div>
          <p class="hint">${msg('Saved with the study; the Tables and Survival views use the same groups.', { id: 'cohort.dr.saved' })}</p>
        </fieldset>`}
      </div>
      ${o.dr.unclassified.length ? html`<details data-testid="dr-unclassified">
        <summary>${msg(str`${n(o.dr.unclassified.length)} unclassified patients, and why`, { id: 'cohort.dr.unclassifiedSummary' })}</summary>
        <div class="scroll"><table>
          <thead><tr><th scope="col">${msg('Patient', { id: 'survival.col.patient' })}</th><th scope="col" class="num">${msg('Line in the file', { id: 'survival.col.line' })}</th>
            <th scope="col">${msg('Drug', { id: 'import.report.drug' })}</th><th scope="col">${msg('Reason', { id: 'survival.col.reason' })}</th></tr></thead>
          <tbody>${o.dr.unclassified.map((u) => html`<tr><td><span data-user>${u.patientId || '–'}</span></td><td class="num">${u.line ?? '–'}</td><td><span data-user>${u.drug || '–'}</span></td><td>${u.reason}</td></tr>`)}</tbody>
        </table></div>
      </details>` : html`<p class="muted" data-testid="dr-none-unclassified">${msg('Every patient is classified.', { id: 'cohort.dr.allClassified' })}</p>`}`;
  }
}

declare global { interface HTMLElementTagNameMap { 'mmdr-cohort-view': CohortView } }
