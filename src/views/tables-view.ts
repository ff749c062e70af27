import { LitElement, html, css, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import type { StudyRecord } from '../study/model.ts';
import { DR_GROUPS, drGroupLabel, type DrGroup, type DrSettings } from '../study/dr-classification.ts';
import { STUDY_FIELDS, sectionLabel } from '../study/fields.ts';
import { SUPPLEMENTARY_S1, type BuilderFilter, type VariableInfo } from '../study/table-builder.ts';
import { policyName, type TestPolicy } from '../stats/test-policy.ts';
import { workbench } from '../app/workbench-worker.ts';
import type { CohortOverview, TableRequest, TableResult } from '../worker/api/cohort-api.ts';
import type { ExportTable } from '../export/table.ts';
import { getLocale, intlLocale } from '../i18n/localization.ts';
import { sharedStyles } from './shared-styles.ts';
import { SettingsSaver } from './settings-saver.ts';
import { normalizeDrSettings } from './cohort/dr-settings.ts';
import { showLogisticTable, showPaperTable, showRiskTable, toExportTable, type ShownTable } from './tables/shown.ts';
import { renderShownTable, tableStyles } from './tables/render.ts';
import { normalizeTablesSettings, DEFAULT_TABLES_SETTINGS, TABLE_CHOICES, type TableChoice, type TablesSettings } from './tables/settings.ts';
import './export-menu.ts';

type SaveFn = (next: StudyRecord) => Promise<void>;
const errText = (e: unknown) => String((e as Error)?.message ?? e);

/**
 * The Tables view (SPEC §5, issue 3): the paper's Table 1 (baseline characteristics by drug),
 * Tables 2–3 (one drug: response vs de novo vs acquired DR), Table 4 (cytogenetics), risk factors
 * (OR, Woolf 95% CI, Fisher p; chosen contrast and predictors incl. the paper's thresholds and the
 * user's own; Haldane on request), a logistic regression (separation shown), and a table builder
 * (any grouping, subset and rows, e.g. Supplementary Table S1) — with survival rows (estimated OS
 * with 95% CI and log-rank p, median time to DR with range). The test policy (SPSS as in the paper
 * / automatic) and the p style are visible switches; footnotes name the test behind each p and the
 * cells with expected counts below 5. Every table is computed in the worker (cohortTable) and
 * exports through mmdr-export-menu. Settings persist in study.settings.tables; the DR groups follow
 * study.settings.dr (the Cohort tab).
 */
@customElement('mmdr-tables-view')
@localized()
export class TablesView extends LitElement {
  static styles = [sharedStyles, tableStyles, css`
    :host { display: block; }
    .layout { display: grid; grid-template-columns: 17rem minmax(0, 1fr); gap: 1rem; align-items: start; }
    @media (max-width: 1000px) { .layout { grid-template-columns: 1fr; } }
    aside { display: flex; flex-direction: column; gap: .8rem; min-width: 0; }
    fieldset { border: 1px solid #dde3eb; border-radius: 8px; padding: .5rem .8rem .7rem; margin: 0; background: #fff; min-width: 0; }
    aside select, aside input { max-width: 100%; box-sizing: border-box; }
    .filter select { width: 100%; }
    legend { font-weight: 600; padding: 0 .3rem; font-size: .95rem; }
    .field { display: flex; flex-direction: column; gap: .15rem; margin-top: .45rem; }
    .field label, .check { font-size: .88rem; color: #3b4757; }
    .field select, .field input { width: 100%; box-sizing: border-box; font-size: .9rem; }
    .hint { font-size: .78rem; color: #5b6778; line-height: 1.3; }
    .check { display: flex; gap: .4rem; align-items: flex-start; margin-top: .35rem; }
    .check input { margin-top: .2rem; }
    .seg { display: flex; flex-direction: column; gap: .1rem; }
    nav.tables { display: flex; flex-wrap: wrap; gap: .3rem; margin-bottom: .8rem; }
    nav.tables button { padding: .35rem .8rem; font-size: .9rem; }
    nav.tables button[aria-pressed="true"] { background: var(--accent, #1f5f99); color: #fff; border-color: var(--accent, #1f5f99); }
    main { min-width: 0; }
    .card h3 { margin-bottom: .1rem; }
    .toolbar { display: flex; flex-wrap: wrap; gap: .5rem; align-items: flex-start; margin-bottom: .6rem; }
    .toolbar .spacer { flex: 1; }
    .policy-bar { display: flex; flex-wrap: wrap; gap: .4rem 1rem; align-items: center; font-size: .86rem; color: #3b4757; margin: .2rem 0 .5rem; }
    .policy-bar strong { color: #17324d; }
    .stale { opacity: .55; }
    .busy { color: #5b6778; font-size: .85rem; }
    .checklist { max-height: 15rem; overflow: auto; border: 1px solid #e4e8ee; border-radius: 6px; padding: .2rem .5rem; margin-top: .3rem; }
    .checklist .group { font-size: .78rem; color: #5b6778; font-weight: 600; margin-top: .35rem; }
    .filter { border-top: 1px dashed #dde3eb; margin-top: .5rem; padding-top: .3rem; }
    .row2 { display: grid; grid-template-columns: 4rem 1fr auto; gap: .3rem; margin-top: .3rem; }
    .small { font-size: .82rem; padding: .2rem .55rem; }
    .error { margin: .5rem 0; }
  `];

  @property({ attribute: false }) study: StudyRecord | null = null;
  @property({ attribute: false }) save: SaveFn | null = null;

  @state() private _s: TablesSettings = DEFAULT_TABLES_SETTINGS;
  @state() private _overview: CohortOverview | null = null;
  @state() private _result: TableResult | null = null;
  @state() private _resultKey = '';
  @state() private _error: string | null = null;
  @state() private _running = false;
  @state() private _rowFilter = '';
  private _studyId = '';
  private _overviewKey = '';
  private _tableKey = '';
  private _gen = 0;
  private _ovGen = 0;
  private readonly _saver = new SettingsSaver<TablesSettings>(this, 'tables');

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

  protected willUpdate(changed: PropertyValues): void {
    if (changed.has('study') && this.study) {
      if (this.study.id !== this._studyId) {
        this._studyId = this.study.id;
        this._s = normalizeTablesSettings(this.study.settings?.tables);
        this._result = null;
        this._overview = null;
      }
      this._refresh();
    }
  }

  private get _dr(): DrSettings {
    return normalizeDrSettings(this.study?.settings?.dr);
  }

  private _cohortKey(): string {
    const c = this.study?.cohort;
    return JSON.stringify([c?.fileId, c?.rows.length, c?.mapping, c?.drGroupColumn ?? null, c?.decimalMark ?? null, this._dr]);
  }

  /** The request of the chosen table. */
  private _request(): TableRequest {
    const s = this._s;
    switch (s.table) {
      case 'table1': return { kind: 'table1' };
      case 'drug': return { kind: 'drug', drug: s.drug };
      case 'table4': return { kind: 'table4', drug: s.table4Drug || null };
      case 'risk': return { kind: 'risk', contrast: { drug: s.risk.drug, caseGroup: s.risk.caseGroup, controlGroup: s.risk.controlGroup }, predictors: s.risk.predictors, haldane: s.risk.haldane };
      case 'logistic': return { kind: 'logistic', contrast: { drug: s.logistic.drug, caseGroup: s.logistic.caseGroup, controlGroup: s.logistic.controlGroup }, predictors: s.logistic.predictors };
      case 'builder': return { kind: 'custom', spec: s.builder };
    }
  }

  private _options() {
    const s = this._s;
    const surv = s.survivalRows && (s.table === 'table1' || s.table === 'drug' || s.table === 'builder') ? { os: true, timeToDr: true, estimate: s.survivalEstimate } : null;
    return { policy: s.policy, dr: this._dr, survival: surv };
  }

  private _refresh() {
    const c = this.study?.cohort;
    if (!c) return;
    const loc = getLocale();
    const ck = this._cohortKey();
    if (ck + loc !== this._overviewKey) {
      this._overviewKey = ck + loc;
      const gen = ++this._ovGen;
      workbench.call('cohortOverview', [c, this._dr, loc]).then((o) => { if (gen === this._ovGen) this._overview = o; }, () => { /* the table call reports errors */ });
    }
    const req = this._request();
    const emptyPred = (req.kind === 'risk' || req.kind === 'logistic') && req.predictors.length === 0;
    const key = JSON.stringify([ck, req, this._options(), loc]);
    if (key === this._tableKey) return;
    this._tableKey = key;
    const gen = ++this._gen;
    if (emptyPred) {
      this._result = null;
      this._error = msg('Choose at least one predictor.', { id: 'tables.choosePredictor' });
      this._running = false;
      return;
    }
    this._running = true;
    workbench.call('cohortTable', [c, req, this._options(), loc]).then((r) => {
      if (gen !== this._gen) return;
      this._result = r;
      this._resultKey = key;
      this._error = null;
    }, (e) => {
      if (gen !== this._gen) return;
      this._result = null;
      this._error = errText(e);
    }).finally(() => { if (gen === this._gen) this._running = false; });
  }

  private _set(patch: Partial<TablesSettings>) {
    this._s = { ...this._s, ...patch };
    this._refresh();
    this._saver.schedule(this._s);
  }

  // ── labels ─────────────────────────────────────────────────────────────────────────────────

  private _tabLabel(t: TableChoice): string {
    switch (t) {
      case 'table1': return msg('Table 1', { id: 'tables.tab.table1' });
      case 'drug': return msg('Tables 2–3', { id: 'tables.tab.drug' });
      case 'table4': return msg('Table 4', { id: 'tables.tab.table4' });
      case 'risk': return msg('Risk factors', { id: 'tables.title.risk' });
      case 'logistic': return msg('Logistic regression', { id: 'tables.tab.logistic' });
      case 'builder': return msg('Table builder', { id: 'tables.tab.builder' });
    }
  }

  private _shown(r: TableResult): ShownTable {
    const o = { pStyle: this._s.pStyle, locale: intlLocale() };
    if (r.kind === 'paper') {
      const t = showPaperTable(r.table, r.survival, o);
      if (r.table.id === 'table1') t.title = msg('Table 1. Baseline characteristics of the cohort by drug', { id: 'tables.title.table1Long' });
      if (r.table.id === 'custom') {
        // the grouping variable spans its columns (the "All" column first has none)
        const g = this._overview?.variables.find((v) => v.key === this._s.builder.grouping)?.label ?? '';
        t.headerGroups = [{ label: '', span: 1 }, { label: g, span: t.columns.length - 1 }];
      }
      if (r.table.drug && r.table.id !== 'table4') t.title = `${r.table.id === 'table2' ? msg('Table 2. ', { id: 'tables.prefix.table2' }) : r.table.id === 'table3' ? msg('Table 3. ', { id: 'tables.prefix.table3' }) : ''}${r.table.title}`;
      return t;
    }
    return r.kind === 'risk' ? showRiskTable(r.table, o) : showLogisticTable(r.table, o, r.inContrast);
  }

  /** The table in the export language (called by mmdr-export-menu with that language active). */
  private async _exportTable(): Promise<ExportTable> {
    const c = this.study?.cohort;
    if (!c) throw new Error('no cohort');
    const r = await workbench.call('cohortTable', [c, this._request(), this._options(), getLocale()]);
    return toExportTable(this._shown(r));
  }

  // ── render ─────────────────────────────────────────────────────────────────────────────────

  render() {
    const st = this.study;
    if (!st) return nothing;
    if (!st.cohort) return html`<p class="muted" data-testid="tables-empty">${msg('This study has no cohort table yet: add one (CSV, TSV or XLSX) to see its tables.', { id: 'tables.noCohort' })}</p>`;
    return html`<div class="layout">
      <aside aria-label=${msg('Table settings', { id: 'tables.settings' })}>${this._controls()}</aside>
      <main>
        <nav class="tables" aria-label=${msg('Tables', { id: 'tab.tables' })}>
          ${TABLE_CHOICES.map((t) => html`<button aria-pressed=${this._s.table === t ? 'true' : 'false'} data-testid=${`table-tab-${t}`} @click=${() => this._set({ table: t })}>${this._tabLabel(t)}</button>`)}
        </nav>
        ${this._main()}
      </main>
    </div>`;
  }

  private _main() {
    const r = this._result;
    const s = this._s;
    const stale = this._running || this._resultKey !== this._tableKey;
    const shown = r ? this._shown(r) : null;
    const userCols = r?.kind === 'paper' && r.table.id === 'custom' && s.builder.grouping.startsWith('col:');
    return html`<section class="card" aria-labelledby="table-title" data-testid="tables-card">
      <div class="toolbar">
        <div>
          <h3 id="table-title" data-testid="table-title">${shown?.title ?? this._tabLabel(s.table)}</h3>
          <div class="policy-bar" data-testid="policy-bar">
            <span>${msg('Tests:', { id: 'tables.testsLabel' })} <strong>${policyName(s.policy)}</strong></span>
            <span>${msg('p-values:', { id: 'tables.pLabel' })} <strong>${s.pStyle === 'journal' ? msg('journal (<0.001)', { id: 'tables.pStyle.journal' }) : msg('SPSS (0.000)', { id: 'tables.pStyle.spss' })}</strong></span>
            ${this._running ? html`<span class="busy">${msg('computing in the analysis worker…', { id: 'tables.computing' })}</span>` : nothing}
          </div>
        </div>
        <span class="spacer"></span>
        ${shown ? html`<mmdr-export-menu .table=${() => this._exportTable()} what=${shown.title}></mmdr-export-menu>` : nothing}
      </div>
      ${this._error ? html`<p class="error" role="alert" data-testid="tables-error">${this._error}</p>` : nothing}
      ${shown ? html`<div class=${stale ? 'stale' : ''} data-testid="table-body" data-table=${s.table}>${renderShownTable(shown, {
        testid: 'paper-table', userColumns: userCols,
        userLevels: (id) => r?.kind === 'paper' && r.table.id === 'custom' && (id.startsWith('col:') || id.startsWith('field:')),
      })}</div>` : !this._error ? html`<p class="busy">${msg('Computing in the analysis worker…', { id: 'survival.computingLong' })}</p>` : nothing}
    </section>`;
  }

  // ── controls ───────────────────────────────────────────────────────────────────────────────

  private _controls(): TemplateResult {
    const s = this._s;
    const o = this._overview;
    return html`
      <fieldset data-testid="policy">
        <legend>${msg('Statistical tests', { id: 'tables.fs.tests' })}</legend>
        <div class="seg" role="radiogroup" aria-label=${msg('Test policy', { id: 'tables.policy' })}>
          ${(['spss', 'automatic'] as TestPolicy[]).map((p) => html`<label class="check"><input type="radio" name="policy" data-testid=${`policy-${p}`} .checked=${s.policy === p} @change=${() => this._set({ policy: p })}>
            <span>${policyName(p)}<br><span class="hint">${p === 'spss'
              ? msg('Pearson χ² for counts; Student t or one-way ANOVA for measurements (what the paper ran in SPSS 13).', { id: 'tables.policy.spssHint' })
              : msg('Fisher exact when an expected count is below 5; rank tests (Mann–Whitney, Kruskal–Wallis) for skewed measurements, else Welch t / ANOVA.', { id: 'tables.policy.autoHint' })}</span></span></label>`)}
        </div>
        <div class="field">
          <label for="pstyle">${msg('p-values printed as', { id: 'tables.pStyle' })}</label>
          <select id="pstyle" data-testid="p-style" @change=${(e: Event) => this._set({ pStyle: (e.target as HTMLSelectElement).value as TablesSettings['pStyle'] })}>
            <option value="journal" ?selected=${s.pStyle === 'journal'}>${msg('Journal style: <0.001', { id: 'tables.pStyle.journalLong' })}</option>
            <option value="spss" ?selected=${s.pStyle === 'spss'}>${msg('SPSS style: 0.000', { id: 'tables.pStyle.spssLong' })}</option>
          </select>
        </div>
      </fieldset>
      ${s.table === 'drug' ? html`<fieldset><legend>${msg('Drug', { id: 'import.report.drug' })}</legend>
        <div class="field"><label for="drug">${msg('Patients treated with', { id: 'tables.treatedWith' })}</label>
          <select id="drug" data-testid="tables-drug" @change=${(e: Event) => this._set({ drug: (e.target as HTMLSelectElement).value })}>
            ${(o?.drugs ?? [{ code: s.drug, label: s.drug }]).map((d) => html`<option value=${d.code} ?selected=${s.drug === d.code}>${d.label}</option>`)}
          </select>
          <span class="hint">${msg('The paper\'s Table 2 is bortezomib, Table 3 thalidomide.', { id: 'tables.drugHint' })}</span></div>
      </fieldset>` : nothing}
      ${s.table === 'table4' ? html`<fieldset><legend>${msg('Patients', { id: 'survival.patients' })}</legend>
        <div class="field"><select id="t4drug" aria-label=${msg('Patients', { id: 'survival.patients' })} @change=${(e: Event) => this._set({ table4Drug: (e.target as HTMLSelectElement).value })}>
          <option value="" ?selected=${s.table4Drug === ''}>${msg('All drugs (as the paper)', { id: 'tables.allDrugs' })}</option>
          ${(o?.drugs ?? []).map((d) => html`<option value=${d.code} ?selected=${s.table4Drug === d.code}>${d.label}</option>`)}
        </select></div></fieldset>` : nothing}
      ${s.table === 'risk' ? this._riskControls() : nothing}
      ${s.table === 'logistic' ? this._logisticControls() : nothing}
      ${s.table === 'builder' ? this._builderControls() : nothing}
      ${s.table === 'table1' || s.table === 'drug' || s.table === 'builder' ? html`<fieldset>
        <legend>${msg('Survival rows', { id: 'tables.fs.survival' })}</legend>
        <label class="check"><input type="checkbox" data-testid="survival-rows" .checked=${s.survivalRows} @change=${(e: Event) => this._set({ survivalRows: (e.target as HTMLInputElement).checked })}>
          ${msg('Estimated OS per column (95% CI, log-rank p) and median time to DR (range)', { id: 'tables.survivalRows' })}</label>
        <div class="field"><label for="estimate">${msg('Estimated OS as', { id: 'tables.estimate' })}</label>
          <select id="estimate" ?disabled=${!s.survivalRows} @change=${(e: Event) => this._set({ survivalEstimate: (e.target as HTMLSelectElement).value as 'mean' | 'median' })}>
            <option value="mean" ?selected=${s.survivalEstimate === 'mean'}>${msg('Mean (SPSS; what the paper reports)', { id: 'tables.estimate.mean' })}</option>
            <option value="median" ?selected=${s.survivalEstimate === 'median'}>${msg('Median (R survfit)', { id: 'tables.estimate.median' })}</option>
          </select></div>
      </fieldset>` : nothing}`;
  }

  private _contrastControls(which: 'risk' | 'logistic') {
    const s = this._s;
    const c = s[which];
    const o = this._overview;
    const set = (patch: Partial<TablesSettings['risk']>) => this._set({ [which]: { ...c, ...patch } } as Partial<TablesSettings>);
    return html`
      <div class="field"><label for=${`${which}-drug`}>${msg('Patients treated with', { id: 'tables.treatedWith' })}</label>
        <select id=${`${which}-drug`} data-testid=${`${which}-drug`} @change=${(e: Event) => set({ drug: (e.target as HTMLSelectElement).value || null })}>
          <option value="" ?selected=${c.drug === null}>${msg('Any drug', { id: 'tables.anyDrug' })}</option>
          ${(o?.drugs ?? []).map((d) => html`<option value=${d.code} ?selected=${c.drug === d.code}>${d.label}</option>`)}
        </select></div>
      <div class="field"><label for=${`${which}-case`}>${msg('Cases (outcome = 1)', { id: 'tables.cases' })}</label>
        <select id=${`${which}-case`} data-testid=${`${which}-case`} @change=${(e: Event) => { const g = (e.target as HTMLSelectElement).value as DrGroup; set({ caseGroup: g, controlGroup: c.controlGroup === g ? DR_GROUPS.find((x) => x !== g)! : c.controlGroup }); }}>
          ${DR_GROUPS.map((g) => html`<option value=${g} ?selected=${c.caseGroup === g}>${drGroupLabel(g)}</option>`)}
        </select></div>
      <div class="field"><label for=${`${which}-control`}>${msg('Compared with (controls)', { id: 'tables.controls' })}</label>
        <select id=${`${which}-control`} data-testid=${`${which}-control`} @change=${(e: Event) => set({ controlGroup: (e.target as HTMLSelectElement).value as DrGroup })}>
          ${DR_GROUPS.filter((g) => g !== c.caseGroup).map((g) => html`<option value=${g} ?selected=${c.controlGroup === g}>${drGroupLabel(g)}</option>`)}
        </select>
        <span class="hint">${msg('The paper: acquired DR vs response on bortezomib.', { id: 'tables.contrastHint' })}</span></div>`;
  }

  private _predictorChecklist(which: 'risk' | 'logistic') {
    const s = this._s;
    const chosen = s[which].predictors;
    const o = this._overview;
    const toggle = (id: string, on: boolean) => {
      const next = on ? [...chosen.filter((x) => x !== id), id] : chosen.filter((x) => x !== id);
      this._set({ [which]: { ...s[which], predictors: next } } as Partial<TablesSettings>);
    };
    const items = [
      ...(o?.predictors ?? []).map((p) => ({ id: p.id, label: p.label, group: p.section === 'genetics' ? sectionLabel('genetics') : msg('The paper\'s predictors', { id: 'tables.paperPredictors' }) })),
      ...s.customPredictors.map((id) => ({ id, label: this._customLabel(id), group: msg('Your thresholds', { id: 'tables.yourThresholds' }) })),
    ];
    const groups = [...new Set(items.map((i) => i.group))];
    return html`<div class="checklist" data-testid=${`${which}-predictors`}>
      ${groups.map((g) => html`<div class="group">${g}</div>${items.filter((i) => i.group === g).map((i) => html`<label class="check">
        <input type="checkbox" data-predictor=${i.id} .checked=${chosen.includes(i.id)} @change=${(e: Event) => toggle(i.id, (e.target as HTMLInputElement).checked)}>${i.label}</label>`)}`)}
    </div>`;
  }

  private _customLabel(id: string): string {
    const [, field, op, value] = id.split(':');
    const f = STUDY_FIELDS.find((x) => x.key === field);
    return `${f?.label() ?? field} ${op.replace('<=', '≤').replace('>=', '≥')} ${new Intl.NumberFormat(intlLocale(), { maximumFractionDigits: 6 }).format(Number(value))}${f?.unit ? ' ' + f.unit : ''}`;
  }

  private _thresholdMaker(which: 'risk' | 'logistic') {
    const o = this._overview;
    if (!o?.numericFields.length) return nothing;
    const add = () => {
      const root = this.renderRoot;
      const field = (root.querySelector(`#${which}-thr-field`) as HTMLSelectElement).value;
      const op = (root.querySelector(`#${which}-thr-op`) as HTMLSelectElement).value;
      const raw = (root.querySelector(`#${which}-thr-value`) as HTMLInputElement).value.trim().replace(',', '.');
      const v = Number(raw);
      if (!field || raw === '' || !Number.isFinite(v)) return;
      const id = `thr:${field}:${op}:${v}`;
      const s = this._s;
      this._set({
        customPredictors: s.customPredictors.includes(id) ? s.customPredictors : [...s.customPredictors, id],
        [which]: { ...s[which], predictors: s[which].predictors.includes(id) ? s[which].predictors : [...s[which].predictors, id] },
      } as Partial<TablesSettings>);
    };
    return html`<div class="field"><label for=${`${which}-thr-field`}>${msg('Add a threshold predictor', { id: 'tables.addThreshold' })}</label>
      <select id=${`${which}-thr-field`} data-testid=${`${which}-thr-field`}>${o.numericFields.map((f) => html`<option value=${f.key}>${f.label}${f.unit ? ` (${f.unit})` : ''}</option>`)}</select>
      <div class="row2">
        <select id=${`${which}-thr-op`} aria-label=${msg('Comparison', { id: 'tables.thresholdOp' })}>${['>=', '>', '<=', '<'].map((op) => html`<option value=${op}>${op.replace('<=', '≤').replace('>=', '≥')}</option>`)}</select>
        <input id=${`${which}-thr-value`} data-testid=${`${which}-thr-value`} type="text" inputmode="decimal" aria-label=${msg('Cut-off', { id: 'tables.thresholdValue' })} placeholder="20">
        <button class="small" data-testid=${`${which}-thr-add`} @click=${add}>${msg('Add', { id: 'tables.add' })}</button>
      </div></div>`;
  }

  private _riskControls() {
    const s = this._s;
    return html`<fieldset><legend>${msg('Who is compared', { id: 'tables.fs.contrast' })}</legend>${this._contrastControls('risk')}</fieldset>
      <fieldset><legend>${msg('Predictors (yes/no)', { id: 'tables.fs.predictors' })}</legend>
        ${this._predictorChecklist('risk')}
        ${this._thresholdMaker('risk')}
        <label class="check"><input type="checkbox" data-testid="haldane" .checked=${s.risk.haldane} @change=${(e: Event) => this._set({ risk: { ...s.risk, haldane: (e.target as HTMLInputElement).checked } })}>
          ${msg('Haldane correction: add 0.5 to every cell of a 2×2 table with a zero cell (otherwise no OR is given)', { id: 'tables.haldane' })}</label>
      </fieldset>`;
  }

  private _logisticControls() {
    return html`<fieldset><legend>${msg('Who is compared', { id: 'tables.fs.contrast' })}</legend>${this._contrastControls('logistic')}</fieldset>
      <fieldset><legend>${msg('Predictors (yes/no)', { id: 'tables.fs.predictors' })}</legend>
        ${this._predictorChecklist('logistic')}
        ${this._thresholdMaker('logistic')}
        <p class="hint">${msg('With few cases, a predictor that (almost) perfectly separates cases from controls has no finite odds ratio: the table says so instead of printing a huge number.', { id: 'tables.logisticHint' })}</p>
      </fieldset>`;
  }

  private _builderControls() {
    const s = this._s;
    const b = s.builder;
    const vars = this._overview?.variables ?? [];
    const cats = vars.filter((v) => v.kind === 'category');
    const setB = (patch: Partial<TablesSettings['builder']>) => this._set({ builder: { ...b, ...patch } });
    const groupName = (v: VariableInfo) => (v.group === 'dr' ? msg('DR', { id: 'tables.dr' }) : v.group === 'field' ? msg('Study fields', { id: 'tables.group.fields' })
      : v.group === 'user' ? msg('Other columns of the file', { id: 'tables.group.user' }) : v.group === 'derived' ? msg('Ratios', { id: 'tables.group.derived' }) : msg('The paper\'s predictors', { id: 'tables.paperPredictors' }));
    const options = (list: VariableInfo[], sel: string) => {
      const groups = [...new Set(list.map((v) => v.group))];
      return groups.map((g) => html`<optgroup label=${groupName(list.find((v) => v.group === g)!)}>${list.filter((v) => v.group === g).map((v) => html`<option value=${v.key} ?selected=${v.key === sel}>${v.label}</option>`)}</optgroup>`);
    };
    const setFilter = (i: number, f: BuilderFilter | null) => {
      const filters = [...b.filters];
      if (f) filters[i] = f; else filters.splice(i, 1);
      setB({ filters });
    };
    const rowQuery = this._rowFilter.trim().toLowerCase();
    const rowVars = vars.filter((v) => v.key !== b.grouping && (!rowQuery || v.label.toLowerCase().includes(rowQuery)));
    const toggleRow = (key: string, on: boolean) => setB({ rows: on ? [...b.rows.filter((k) => k !== key), key] : b.rows.filter((k) => k !== key) });
    return html`
      <fieldset data-testid="builder">
        <legend>${msg('Table builder', { id: 'tables.tab.builder' })}</legend>
        <button class="small" data-testid="preset-s1" @click=${() => this._set({ builder: SUPPLEMENTARY_S1 })}>${msg('The paper\'s Supplementary Table S1', { id: 'tables.presetS1' })}</button>
        <div class="field"><label for="b-group">${msg('Columns: group patients by', { id: 'tables.builder.groupBy' })}</label>
          <select id="b-group" data-testid="builder-grouping" @change=${(e: Event) => setB({ grouping: (e.target as HTMLSelectElement).value })}>${options(cats, b.grouping)}</select></div>
        <div class="field"><span class="hint">${msg('Only patients where (all conditions):', { id: 'tables.builder.only' })}</span></div>
        ${b.filters.map((f, i) => {
          const v = cats.find((x) => x.key === f.key);
          return html`<div class="filter" data-testid="builder-filter">
            <select aria-label=${msg('Variable', { id: 'tables.builder.variable' })} @change=${(e: Event) => setFilter(i, { key: (e.target as HTMLSelectElement).value, values: [] })}>${options(cats, f.key)}</select>
            ${(v?.levels ?? []).map((l) => html`<label class="check"><input type="checkbox" .checked=${f.values.includes(l.value)}
              @change=${(e: Event) => setFilter(i, { key: f.key, values: (e.target as HTMLInputElement).checked ? [...f.values, l.value] : f.values.filter((x) => x !== l.value) })}>
              <span>${v!.group === 'user' || v!.group === 'field' ? html`<span data-user>${l.label}</span>` : l.label} <span class="hint">(${l.count})</span></span></label>`)}
            <button class="small" @click=${() => setFilter(i, null)}>${msg('Remove this condition', { id: 'tables.builder.removeFilter' })}</button>
          </div>`;
        })}
        <button class="small" data-testid="builder-add-filter" @click=${() => setB({ filters: [...b.filters, { key: cats[0]?.key ?? 'dr', values: [] }] })}>${msg('Add a condition', { id: 'tables.builder.addFilter' })}</button>
        <div class="field"><label for="b-rows-find">${msg('Rows', { id: 'tables.builder.rows' })}</label>
          <input id="b-rows-find" type="search" placeholder=${msg('find a variable', { id: 'tables.builder.find' })} .value=${this._rowFilter} @input=${(e: Event) => { this._rowFilter = (e.target as HTMLInputElement).value; }}></div>
        <div class="checklist" data-testid="builder-rows">
          ${[...new Set(rowVars.map((v) => v.group))].map((g) => html`<div class="group">${groupName(rowVars.find((v) => v.group === g)!)}</div>
            ${rowVars.filter((v) => v.group === g).map((v) => html`<label class="check"><input type="checkbox" data-row=${v.key} .checked=${b.rows.includes(v.key)}
              @change=${(e: Event) => toggleRow(v.key, (e.target as HTMLInputElement).checked)}>${v.group === 'user' ? html`<span data-user>${v.label}</span>` : v.label}</label>`)}`)}
        </div>
        <div class="field"><label for="b-display">${msg('Measurements as', { id: 'tables.builder.display' })}</label>
          <select id="b-display" @change=${(e: Event) => setB({ display: (e.target as HTMLSelectElement).value as 'mean-sd' | 'median-range' })}>
            <option value="mean-sd" ?selected=${b.display === 'mean-sd'}>${msg('mean ± SD', { id: 'tables.meanSd' })}</option>
            <option value="median-range" ?selected=${b.display === 'median-range'}>${msg('median (range)', { id: 'tables.medianRange' })}</option>
          </select></div>
      </fieldset>`;
  }
}

declare global { interface HTMLElementTagNameMap { 'mmdr-tables-view': TablesView } }


