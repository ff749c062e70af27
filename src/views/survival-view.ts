import { LitElement, html, css, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import type { CohortData, StudyRecord } from '../study/model.ts';
import type { DrSettings } from '../study/dr-classification.ts';
import { DAYS_PER_UNIT, type TimeUnit } from '../study/endpoints.ts';
import {
  buildSurvivalInput, drugsOf, groupingOptions, normalizeSurvivalSettings, prepareCohort, survivalColumnCandidates,
  DEFAULT_SURVIVAL_SETTINGS, MAX_BOOTSTRAP_REPLICATES, SurvivalSetupError, type GroupingOption, type PreparedCohort, type SurvivalInput, type SurvivalSettings,
} from '../study/survival-data.ts';
import { workbench } from '../app/workbench-worker.ts';
import type { Progress } from '../worker/bridge.ts';
import type { KmAnalysisResult, KmBootstrapResponse, SurvivalData } from '../worker/api/survival-api.ts';
import { intlLocale } from '../i18n/localization.ts';
import { copyTable, downloadCsv, downloadPng, downloadSvg, downloadXlsx } from '../export/download.ts';
import { sharedStyles, analysisViewStyles } from './shared-styles.ts';
import { SettingsSaver } from './settings-saver.ts';
import { buildKmFigure, KM_PALETTE, type KmFigure } from './survival/figure.ts';
import { kmFigureSvg } from './survival/km-svg.ts';
import { fixed, testLine, testName, unitName } from './survival/format.ts';
import {
  bootstrapTable, dataExport, excludedExport, methodsText, numericExport, publicationExport, resultsTable, survivalAtTable, testsExport, testsTable, timesInUnit,
  type TableContext,
} from './survival/tables.ts';
import './survival/km-plot.ts';

/** A saved study (the page persists it and hands the new record back). */
type SaveFn = (next: StudyRecord) => Promise<void>;

/** Rows of the "left out" table drawn on screen (the CSV has them all). */
const MAX_EXCLUDED_SHOWN = 200;

const errText = (e: unknown) => String((e as Error)?.message ?? e);
const isAbort = (e: unknown) => (e as Error)?.name === 'AbortError';

/**
 * The Survival view (SPEC §4–5, issue 4): choose the endpoint, grouping, optional stratum, CI type,
 * median and mean conventions, time unit and time points, the test, and an optional bootstrap;
 * see the Kaplan–Meier figure (uPlot) with the number at risk, the results table, the tests, the
 * patients left out and why, and a methods paragraph. Every number comes from the analysis worker
 * (kmAnalysis, bootstrapKm); the page only prepares the per-patient arrays (O(n)) and draws.
 * Settings persist in study.settings.survival. Bootstrap progress is also announced as an
 * `analysis-progress` event (detail {task: 'bootstrap', done, total}, bubbling out of the shadow DOM).
 */
@customElement('mmdr-survival-view')
@localized()
export class SurvivalView extends LitElement {
  static styles = [sharedStyles, analysisViewStyles, css`
    .layout { display: grid; grid-template-columns: 20rem minmax(0, 1fr); gap: 1rem; align-items: start; }
    @media (max-width: 1000px) { .layout { grid-template-columns: 1fr; } }
    .field label, .check { font-size: .88rem; color: #3b4757; }
    .field select, .field input { width: 100%; box-sizing: border-box; font-size: .9rem; }
    .hint { font-size: .78rem; color: #5b6778; line-height: 1.3; }
    main { display: flex; flex-direction: column; gap: 1rem; min-width: 0; }
    .card h3 { margin-bottom: .2rem; }
    .toolbar { display: flex; flex-wrap: wrap; gap: .4rem; align-items: center; }
    .toolbar .spacer { flex: 1; }
    .toolbar button { padding: .3rem .7rem; font-size: .88rem; }
    .results { overflow-x: auto; }
    .results td, .results th { white-space: nowrap; }
    .results th { font-size: .85rem; }
    tr.chosen td { font-weight: 600; }
    .notes { font-size: .82rem; color: #3b4757; margin: .5rem 0 0; padding-left: 1.1rem; }
    .notes li { margin: .15rem 0; }
    .boot-status { font-size: .85rem; margin-top: .45rem; }
    progress { width: 100%; }
    .busy { color: #5b6778; font-size: .85rem; }
    details summary { cursor: pointer; font-weight: 600; }
    .methods { font-size: .9rem; line-height: 1.5; }
    .error { margin: 0; }
    .field-error { color: #7d1d22; font-size: .8rem; }
    .notice { background: #eef4fb; border: 1px solid #c9daee; color: #1d3b5c; padding: .6rem .8rem; border-radius: 6px; margin: 0; }
  `];

  /** The study whose cohort is analysed. */
  @property({ attribute: false }) study: StudyRecord | null = null;
  /** Persists a changed study (settings). */
  @property({ attribute: false }) save: SaveFn | null = null;

  @state() private _s: SurvivalSettings = DEFAULT_SURVIVAL_SETTINGS;
  @state() private _input: SurvivalInput | null = null;
  @state() private _setupError: string | null = null;
  @state() private _result: KmAnalysisResult | null = null;
  @state() private _analysisError: string | null = null;
  @state() private _running = false;
  @state() private _boot: KmBootstrapResponse | null = null;
  @state() private _bootProgress: Progress | null = null;
  @state() private _bootNote: string | null = null;
  @state() private _timesError: string | null = null;

  private _studyId = '';
  private _dataKey = '';
  private _analysisKey = '';
  private _bootKey = '';
  private _gen = 0;
  private _bootAbort: AbortController | null = null;
  /** Saves this view's settings into study.settings.survival, debounced. */
  private readonly _saver = new SettingsSaver<SurvivalSettings>(this, 'survival');
  private _prep: { key: string; prep: PreparedCohort } | null = null;
  private _choices: { key: string; opts: GroupingOption[]; drugs: string[]; cand: { time: string[]; event: string[] } | null } | null = null;
  private _figCache: { key: string; r: KmAnalysisResult; b: KmBootstrapResponse | null; fig: KmFigure } | null = null;

  protected willUpdate(changed: PropertyValues): void {
    if (changed.has('study') && this.study) {
      if (this.study.id !== this._studyId) {
        this._studyId = this.study.id;
        this._s = normalizeSurvivalSettings(this.study.settings?.survival);
        this._dataKey = this._analysisKey = this._bootKey = '';
        this._result = null;
        this._boot = null;
      }
      this._refresh();
    }
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this._bootAbort?.abort();
  }

  // ── state flow: settings → input (page, O(n)) → analysis (worker) → bootstrap (worker) ─────────

  private get _drSettings(): Partial<DrSettings> | undefined {
    const d = this.study?.settings?.dr;
    return d && typeof d === 'object' ? (d as Partial<DrSettings>) : undefined;
  }

  /** Recomputes whatever the current settings invalidate. */
  private _refresh(force = false) {
    const st = this.study;
    if (!st) return;
    const s = this._s;
    const c = st.cohort;
    const dataKey = JSON.stringify([c?.fileId, c?.mapping, c?.rows.length, s.endpoint, s.timeColumn, s.timeColumnUnit, s.eventColumn,
      s.deathIsEvent, s.grouping, s.drug, s.strata, s.unit, this._drSettings ?? null]);
    if (dataKey !== this._dataKey || force) {
      this._dataKey = dataKey;
      try {
        this._input = buildSurvivalInput(c, s, this._drSettings, c ? this._prepared(c) : undefined);
        this._setupError = this._input.time.length === 0
          ? msg('No patient can be analysed with these settings: the reasons are listed below.', { id: 'survival.error.nobody' })
          : null;
      } catch (e) {
        this._input = null;
        this._setupError = e instanceof SurvivalSetupError ? e.message : errText(e);
      }
    }
    const input = this._input && this._input.time.length ? this._input : null;
    const analysisKey = JSON.stringify([dataKey, s.confType, s.medianRule, s.timesDays]);
    if (analysisKey !== this._analysisKey || force) {
      this._analysisKey = analysisKey;
      this._result = null;
      this._analysisError = null;
      if (input) void this._analyse(input);
    }
    const bootKey = JSON.stringify([dataKey, s.rmean, s.bootstrap]);
    if (bootKey !== this._bootKey || force) {
      this._bootKey = bootKey;
      this._bootAbort?.abort();
      this._boot = null;
      this._bootNote = null;
      if (input && s.bootstrap.enabled) void this._bootstrap(input);
    }
  }

  /** Changes settings, recomputes what they affect and saves them with the study (debounced). */
  private _set(patch: Partial<SurvivalSettings>) {
    this._s = { ...this._s, ...patch };
    this._refresh();
    this._persist();
  }

  private _persist() {
    this._saver.schedule(this._s);
  }

  private _data(input: SurvivalInput): SurvivalData {
    return {
      time: Float64Array.from(input.time), event: Uint8Array.from(input.event), group: input.group, levels: input.levels, strata: input.strata,
    };
  }

  private async _analyse(input: SurvivalInput) {
    const gen = ++this._gen;
    this._running = true;
    const data = this._data(input);
    try {
      const r = await workbench.call('kmAnalysis', [data, { confType: this._s.confType, medianRule: this._s.medianRule, times: timesInUnit(this._s) }],
        { transfer: [data.time.buffer, data.event.buffer] });
      if (gen !== this._gen) return;
      this._result = r;
    } catch (e) {
      if (gen === this._gen && !isAbort(e)) this._analysisError = errText(e);
    } finally {
      if (gen === this._gen) this._running = false;
    }
  }

  private async _bootstrap(input: SurvivalInput) {
    const ac = new AbortController();
    this._bootAbort = ac;
    const { replicates, seed } = this._s.bootstrap;
    this._bootProgress = { done: 0, total: replicates };
    const data = this._data(input);
    try {
      const r = await workbench.call('bootstrapKm', [data, { replicates, seed, rmean: this._s.rmean, bands: true }], {
        signal: ac.signal,
        transfer: [data.time.buffer, data.event.buffer],
        onProgress: (p) => {
          if (this._bootAbort !== ac) return;
          this._bootProgress = p;
          this.dispatchEvent(new CustomEvent('analysis-progress', { detail: { task: 'bootstrap', ...p }, bubbles: true, composed: true }));
        },
      });
      if (this._bootAbort !== ac) return;
      this._boot = r;
      this._bootNote = r.bandsOmitted
        ? msg('Too many replicates × distinct times to keep pointwise bootstrap bands in memory: the intervals are computed, the bands are not.', { id: 'survival.boot.bandsOmitted' })
        : null;
    } catch (e) {
      if (this._bootAbort !== ac) return;
      const done = this._bootProgress?.done ?? 0;
      this._bootNote = isAbort(e)
        ? msg(str`Bootstrap cancelled after ${fixed(done, intlLocale(), 0)} of ${fixed(replicates, intlLocale(), 0)} replicates. Nothing was kept.`, { id: 'survival.boot.cancelled' })
        : msg(str`The bootstrap failed: ${errText(e)}`, { id: 'survival.boot.failed' });
    } finally {
      if (this._bootAbort === ac) {
        this._bootProgress = null;
        this._bootAbort = null;
      }
    }
  }

  private _cancelBootstrap() {
    this._bootAbort?.abort();
  }

  private _rerunBootstrap() {
    const input = this._input;
    if (!input || !input.time.length) return;
    this._bootAbort?.abort();
    this._boot = null;
    this._bootNote = null;
    void this._bootstrap(input);
  }

  // ── labels ────────────────────────────────────────────────────────────────────────────────

  private _endpointName(): string {
    switch (this._s.endpoint) {
      case 'os-diagnosis': return msg('Overall survival from diagnosis', { id: 'survival.endpoint.osDiagnosis' });
      case 'os-regimen': return msg('Overall survival from regimen start', { id: 'survival.endpoint.osRegimen' });
      case 'dor': return msg('Duration of response', { id: 'survival.endpoint.dor' });
      case 'columns': return msg('Time to event (cohort columns)', { id: 'survival.endpoint.columns' });
    }
  }

  private _axisLabels(): { x: string; y: string } {
    const u = unitName(this._s.unit);
    switch (this._s.endpoint) {
      case 'os-diagnosis': return { x: msg(str`Time since diagnosis (${u})`, { id: 'survival.axis.sinceDiagnosis' }), y: msg('Overall survival', { id: 'survival.axis.os' }) };
      case 'os-regimen': return { x: msg(str`Time since regimen start (${u})`, { id: 'survival.axis.sinceRegimen' }), y: msg('Overall survival', { id: 'survival.axis.os' }) };
      case 'dor': return { x: msg(str`Time since first response (${u})`, { id: 'survival.axis.sinceResponse' }), y: msg('Still in response', { id: 'survival.axis.dor' }) };
      case 'columns': return { x: msg(str`Time (${u})`, { id: 'survival.axis.time' }), y: msg('Event-free proportion', { id: 'survival.axis.eventFree' }) };
    }
  }

  private _title(): string {
    const input = this._input;
    const parts = [this._endpointName()];
    if (input?.groupTitle) parts.push(msg(str`by ${input.groupTitle}`, { id: 'survival.title.by' }));
    if (this._s.drug) parts.push(msg(str`(${this._s.drug})`, { id: 'survival.title.drug' }));
    return parts.join(' ');
  }

  private _testLines(): string[] {
    const r = this._result;
    const t = r?.tests?.find((x) => x.weights === this._s.test);
    if (!r || !t) return [];
    const name = this._input?.strataTitle
      ? msg(str`${testName(t.weights)}, stratified by ${this._input.strataTitle}`, { id: 'survival.test.stratifiedName' })
      : testName(t.weights);
    if (t.p === null) return [name, msg('no events: nothing to compare', { id: 'survival.test.noEvents' })];
    return [name, testLine(t.chisq, t.df, t.p, intlLocale())];
  }

  private _figure(): KmFigure | null {
    const r = this._result;
    const input = this._input;
    if (!r || !input) return null;
    const s = this._s;
    const loc = intlLocale();
    const bands = s.bands === 'bootstrap' ? (this._boot && !this._boot.bandsOmitted ? 'bootstrap' : 'none') : s.bands;
    const key = JSON.stringify([loc, s.bands, s.showMedians, s.showCensor, s.test, s.unit, s.endpoint, bands, this._boot?.seed, this._boot?.replicates]);
    const cached = this._figCache;
    if (cached && cached.key === key && cached.r === r && cached.b === this._boot) return cached.fig;
    const ax = this._axisLabels();
    const fig = buildKmFigure({
      fits: r.groups, labels: input.labels, unit: s.unit, xLabel: ax.x, yLabel: ax.y, bands, confType: s.confType,
      bootstrapBands: this._boot ? Object.fromEntries(this._boot.groups.map((g) => [g.name, g.bandTime ? { time: g.bandTime, lower: g.bandLower!, upper: g.bandUpper! } : null])) : undefined,
      showMedians: s.showMedians, showCensor: s.showCensor, testLines: this._testLines(), legendTitle: input.groupTitle,
      atRiskTitle: msg('Number at risk', { id: 'survival.atRisk' }),
      legendText: (label, n, events) => msg(str`${label} (n = ${n}, ${events} events)`, { id: 'survival.legendItem' }),
    });
    this._figCache = { key, r, b: this._boot, fig };
    return fig;
  }

  /** The cohort's fields read once per cohort, mapping and DR settings (re-reading a big cohort on every change would stall the page). */
  private _prepared(c: CohortData): PreparedCohort {
    const key = JSON.stringify([c.fileId, c.rows.length, c.mapping, this._drSettings ?? null]);
    if (!this._prep || this._prep.key !== key) this._prep = { key, prep: prepareCohort(c) };
    return this._prep.prep;
  }

  /** The cohort's grouping variables, drugs and time/event columns (scanned once per cohort and mapping, not per render). */
  private _cohortChoices(c: CohortData) {
    const key = JSON.stringify([c.fileId, c.rows.length, c.mapping]);
    if (!this._choices || this._choices.key !== key) this._choices = { key, opts: groupingOptions(c), drugs: drugsOf(c), cand: null };
    const ch = this._choices;
    return { opts: ch.opts, drugs: ch.drugs, cand: () => (ch.cand ??= survivalColumnCandidates(c)) };
  }

  private _ctx(): TableContext | null {
    if (!this._result || !this._input) return null;
    return { input: this._input, result: this._result, settings: this._s, boot: this._boot, loc: intlLocale() };
  }

  // ── render ─────────────────────────────────────────────────────────────────────────────────

  render() {
    const st = this.study;
    if (!st) return nothing;
    if (!st.cohort) return html`<p class="muted">${msg('This study has no cohort table yet: add one (CSV or TSV) to see survival.', { id: 'survival.error.noCohort' })}</p>`;
    return html`<div class="layout">
      <aside aria-label=${msg('Survival settings', { id: 'survival.settings' })}>${this._controls()}</aside>
      <main>${this._main()}</main>
    </div>`;
  }

  private _controls() {
    const c = this.study!.cohort!;
    const s = this._s;
    const { opts, drugs, cand: allCand } = this._cohortChoices(c);
    const loc = intlLocale();
    const cand = s.endpoint === 'columns' ? allCand() : null;
    const unitOpts = (sel: TimeUnit) => (['days', 'months', 'years'] as const).map((u) => html`<option value=${u} ?selected=${sel === u}>${unitName(u)}</option>`);
    const groupOptions = (sel: string, exclude: string[]) => html`
      ${opts.filter((o) => o.kind === 'main' && !exclude.includes(o.key)).map((o) => html`<option value=${o.key} ?selected=${sel === o.key}>${o.label}</option>`)}
      ${opts.some((o) => o.kind === 'other') ? html`<optgroup label=${msg('Other variables (2–12 values)', { id: 'survival.otherVariables' })}>
        ${opts.filter((o) => o.kind === 'other' && !exclude.includes(o.key)).map((o) => html`<option value=${o.key} ?selected=${sel === o.key}>${o.label}</option>`)}</optgroup>` : nothing}`;
    const running = this._bootProgress !== null;
    return html`
      <fieldset>
        <legend>${msg('What to analyse', { id: 'survival.fs.what' })}</legend>
        <div class="field">
          <label for="endpoint">${msg('Endpoint', { id: 'survival.endpoint' })}</label>
          <select id="endpoint" data-testid="endpoint" @change=${(e: Event) => this._set({ endpoint: (e.target as HTMLSelectElement).value as SurvivalSettings['endpoint'] })}>
            <option value="os-diagnosis" ?selected=${s.endpoint === 'os-diagnosis'}>${msg('OS from diagnosis', { id: 'survival.endpoint.osDiagnosisShort' })}</option>
            <option value="os-regimen" ?selected=${s.endpoint === 'os-regimen'}>${msg('OS from regimen start', { id: 'survival.endpoint.osRegimenShort' })}</option>
            <option value="dor" ?selected=${s.endpoint === 'dor'}>${msg('Duration of response', { id: 'survival.endpoint.dor' })}</option>
            <option value="columns" ?selected=${s.endpoint === 'columns'}>${msg('Time + event columns', { id: 'survival.endpoint.columnsOption' })}</option>
          </select>
          <span class="hint">${s.endpoint === 'columns'
            ? msg('A time column (a number per patient) and an event column (1/0, dead/alive, event/censored).', { id: 'survival.hint.columns' })
            : s.endpoint === 'dor'
              ? msg('From first response to progression, computed from the study\'s dates; patients who never responded are left out.', { id: 'survival.hint.dor' })
              : msg('To death from any cause, computed from the study\'s dates; patients alive are censored at their last follow-up.', { id: 'survival.hint.os' })}</span>
        </div>
        ${s.endpoint === 'dor' ? html`<label class="check"><input type="checkbox" .checked=${s.deathIsEvent}
            @change=${(e: Event) => this._set({ deathIsEvent: (e.target as HTMLInputElement).checked })}>
            ${msg('Count death without progression as an event', { id: 'survival.deathIsEvent' })}</label>` : nothing}
        ${cand ? html`
          <div class="field">
            <label for="time-col">${msg('Time column', { id: 'survival.timeColumn' })}</label>
            <select id="time-col" @change=${(e: Event) => this._set({ timeColumn: (e.target as HTMLSelectElement).value || null })}>
              <option value="" ?selected=${!s.timeColumn}>${msg('— choose —', { id: 'survival.choose' })}</option>
              ${(cand.time.length ? cand.time : c.columns).map((col) => html`<option value=${col} ?selected=${s.timeColumn === col}>${col}</option>`)}
            </select>
          </div>
          <div class="field">
            <label for="time-col-unit">${msg('Unit of the time column', { id: 'survival.timeColumnUnit' })}</label>
            <select id="time-col-unit" @change=${(e: Event) => this._set({ timeColumnUnit: (e.target as HTMLSelectElement).value as TimeUnit })}>${unitOpts(s.timeColumnUnit)}</select>
          </div>
          <div class="field">
            <label for="event-col">${msg('Event column', { id: 'survival.eventColumn' })}</label>
            <select id="event-col" @change=${(e: Event) => this._set({ eventColumn: (e.target as HTMLSelectElement).value || null })}>
              <option value="" ?selected=${!s.eventColumn}>${msg('— choose —', { id: 'survival.choose' })}</option>
              ${(cand.event.length ? cand.event : c.columns).map((col) => html`<option value=${col} ?selected=${s.eventColumn === col}>${col}</option>`)}
            </select>
          </div>` : nothing}
        <div class="field">
          <label for="drug">${msg('Patients', { id: 'survival.patients' })}</label>
          <select id="drug" data-testid="drug" @change=${(e: Event) => this._set({ drug: (e.target as HTMLSelectElement).value })}>
            <option value="" ?selected=${s.drug === ''}>${msg('All patients', { id: 'survival.allPatients' })}</option>
            ${drugs.map((d) => html`<option value=${d} ?selected=${s.drug === d}>${msg(str`Treated with ${d}`, { id: 'survival.treatedWith' })}</option>`)}
          </select>
        </div>
        <div class="field">
          <label for="unit">${msg('Time unit', { id: 'survival.unit' })}</label>
          <select id="unit" data-testid="unit" @change=${(e: Event) => this._set({ unit: (e.target as HTMLSelectElement).value as TimeUnit })}>${unitOpts(s.unit)}</select>
          <span class="hint">${msg('Months = days / 30.4375, as the paper reports.', { id: 'survival.hint.unit' })}</span>
        </div>
      </fieldset>

      <fieldset>
        <legend>${msg('Groups', { id: 'survival.fs.groups' })}</legend>
        <div class="field">
          <label for="grouping">${msg('Compare curves by', { id: 'survival.groupBy' })}</label>
          <select id="grouping" data-testid="grouping" @change=${(e: Event) => this._set({ grouping: (e.target as HTMLSelectElement).value })}>
            <option value="none" ?selected=${s.grouping === 'none'}>${msg('No grouping (one curve)', { id: 'survival.grouping.none' })}</option>
            ${groupOptions(s.grouping, [])}
          </select>
        </div>
        <div class="field">
          <label for="strata">${msg('Stratify the test by', { id: 'survival.strataBy' })}</label>
          <select id="strata" data-testid="strata" ?disabled=${s.grouping === 'none'} @change=${(e: Event) => this._set({ strata: (e.target as HTMLSelectElement).value })}>
            <option value="" ?selected=${s.strata === ''}>${msg('No stratum', { id: 'survival.strata.none' })}</option>
            ${groupOptions(s.strata, [s.grouping])}
          </select>
          <span class="hint">${msg('The curves stay one per group; the test compares the groups within each stratum (the paper used stratified log-rank tests).', { id: 'survival.hint.strata' })}</span>
        </div>
      </fieldset>

      <fieldset>
        <legend>${msg('Statistics', { id: 'survival.fs.stats' })}</legend>
        <div class="field">
          <label for="test">${msg('Test', { id: 'survival.testLabel' })}</label>
          <select id="test" data-testid="test" @change=${(e: Event) => this._set({ test: (e.target as HTMLSelectElement).value as SurvivalSettings['test'] })}>
            ${(['logrank', 'gehan-breslow', 'tarone-ware'] as const).map((w) => html`<option value=${w} ?selected=${s.test === w}>${testName(w)}</option>`)}
          </select>
        </div>
        <div class="field">
          <label for="conf">${msg('Confidence interval of S(t)', { id: 'survival.confType' })}</label>
          <select id="conf" @change=${(e: Event) => this._set({ confType: (e.target as HTMLSelectElement).value as SurvivalSettings['confType'] })}>
            <option value="log" ?selected=${s.confType === 'log'}>${msg('log (R\'s default)', { id: 'survival.conf.log' })}</option>
            <option value="log-log" ?selected=${s.confType === 'log-log'}>${msg('log-log (SAS, Stata)', { id: 'survival.conf.loglog' })}</option>
            <option value="plain" ?selected=${s.confType === 'plain'}>${msg('plain (S ± 1.96·SE)', { id: 'survival.conf.plain' })}</option>
          </select>
        </div>
        <div class="field">
          <label for="median-rule">${msg('Median', { id: 'survival.medianRule' })}</label>
          <select id="median-rule" @change=${(e: Event) => this._set({ medianRule: (e.target as HTMLSelectElement).value as SurvivalSettings['medianRule'] })}>
            <option value="r" ?selected=${s.medianRule === 'r'}>${msg('R: first time S(t) < 0.5', { id: 'survival.median.r' })}</option>
            <option value="spss" ?selected=${s.medianRule === 'spss'}>${msg('SPSS: first time S(t) ≤ 0.5', { id: 'survival.median.spss' })}</option>
          </select>
          <span class="hint">${msg('The paper used SPSS 13; the two rules differ only when a curve sits exactly at 0.5.', { id: 'survival.hint.median' })}</span>
        </div>
        <div class="field">
          <label for="rmean">${msg('Mean (restricted)', { id: 'survival.rmean' })}</label>
          <select id="rmean" @change=${(e: Event) => this._set({ rmean: (e.target as HTMLSelectElement).value as SurvivalSettings['rmean'] })}>
            <option value="individual" ?selected=${s.rmean === 'individual'}>${msg('Per group, to its last time (SPSS)', { id: 'survival.rmean.individual' })}</option>
            <option value="common" ?selected=${s.rmean === 'common'}>${msg('Common, to the last time of all (R)', { id: 'survival.rmean.common' })}</option>
          </select>
          <span class="hint">${msg('SPSS\'s "Mean" is what the paper reports as estimated OS, e.g. 83.9 (77.8–90.0) months.', { id: 'survival.hint.rmean' })}</span>
        </div>
        <div class="field">
          <label for="times">${msg(str`Survival at (${unitName(s.unit)})`, { id: 'survival.timesLabel' })}</label>
          <input id="times" data-testid="times" .value=${timesInUnit(s).map((t) => fixed(t, 'en-GB', t % 1 ? 2 : 0)).join(', ')}
            @change=${(e: Event) => this._setTimes((e.target as HTMLInputElement).value)} aria-describedby="times-hint">
          <span class="hint" id="times-hint">${msg('Times separated by commas, e.g. 12, 24, 60.', { id: 'survival.hint.times' })}</span>
          ${this._timesError ? html`<span class="field-error" role="alert">${this._timesError}</span>` : nothing}
        </div>
      </fieldset>

      <fieldset>
        <legend>${msg('Plot', { id: 'survival.fs.plot' })}</legend>
        <div class="field">
          <label for="bands">${msg('Shaded bands', { id: 'survival.bands' })}</label>
          <select id="bands" data-testid="bands" @change=${(e: Event) => this._set({ bands: (e.target as HTMLSelectElement).value as SurvivalSettings['bands'] })}>
            <option value="ci" ?selected=${s.bands === 'ci'}>${msg('95% confidence interval', { id: 'survival.bands.ci' })}</option>
            <option value="bootstrap" ?selected=${s.bands === 'bootstrap'} ?disabled=${!s.bootstrap.enabled}>${msg('Bootstrap 95% band', { id: 'survival.bands.bootstrap' })}</option>
            <option value="none" ?selected=${s.bands === 'none'}>${msg('None', { id: 'survival.bands.none' })}</option>
          </select>
        </div>
        <label class="check"><input type="checkbox" .checked=${s.showMedians} @change=${(e: Event) => this._set({ showMedians: (e.target as HTMLInputElement).checked })}>
          ${msg('Dashed median lines', { id: 'survival.showMedians' })}</label>
        <label class="check"><input type="checkbox" .checked=${s.showCensor} @change=${(e: Event) => this._set({ showCensor: (e.target as HTMLInputElement).checked })}>
          ${msg('Censoring ticks', { id: 'survival.showCensor' })}</label>
      </fieldset>

      <fieldset>
        <legend>${msg('Bootstrap', { id: 'survival.fs.bootstrap' })}</legend>
        <label class="check"><input type="checkbox" data-testid="bootstrap-on" .checked=${s.bootstrap.enabled}
          @change=${(e: Event) => { const on = (e.target as HTMLInputElement).checked; this._set({ bootstrap: { ...s.bootstrap, enabled: on }, bands: !on && s.bands === 'bootstrap' ? 'ci' : s.bands }); }}>
          ${msg('Bootstrap confidence intervals for the median and the mean', { id: 'survival.bootstrapOn' })}</label>
        <div class="two">
          <div class="field">
            <label for="reps">${msg('Replicates', { id: 'survival.replicates' })}</label>
            <input id="reps" data-testid="replicates" type="number" min="1" max=${MAX_BOOTSTRAP_REPLICATES} step="1" .value=${String(s.bootstrap.replicates)}
              @change=${(e: Event) => this._setBoot('replicates', (e.target as HTMLInputElement))}>
          </div>
          <div class="field">
            <label for="seed">${msg('Seed', { id: 'survival.seed' })}</label>
            <input id="seed" data-testid="seed" type="number" min="0" step="1" .value=${String(s.bootstrap.seed)}
              @change=${(e: Event) => this._setBoot('seed', (e.target as HTMLInputElement))}>
          </div>
        </div>
        <span class="hint">${msg('Resamples patients within each group; the same seed gives the same intervals here and in mmdr km --bootstrap.', { id: 'survival.hint.bootstrap' })}</span>
        ${running ? html`<div class="boot-status" data-testid="bootstrap-progress">
            <progress max=${this._bootProgress!.total} .value=${this._bootProgress!.done} aria-label=${msg('Bootstrap progress', { id: 'survival.boot.progressLabel' })}></progress>
            <div class="row"><span>${msg(str`${fixed(this._bootProgress!.done, loc, 0)} of ${fixed(this._bootProgress!.total, loc, 0)} replicates`, { id: 'survival.boot.progress' })}</span>
            <span class="spacer"></span><button data-testid="bootstrap-cancel" @click=${this._cancelBootstrap}>${msg('Cancel', { id: 'common.cancel' })}</button></div>
          </div>` : nothing}
        ${!running && this._boot ? html`<div class="boot-status" data-testid="bootstrap-done">${msg(str`${fixed(this._boot.replicates, loc, 0)} replicates done in ${fixed(this._boot.elapsedMs, loc, 0)} ms (seed ${this._boot.seed}).`, { id: 'survival.boot.done' })}</div>` : nothing}
        ${this._bootNote ? html`<div class="boot-status" data-testid="bootstrap-note" role="status">${this._bootNote}
          ${!running && !this._boot && s.bootstrap.enabled ? html` <button @click=${this._rerunBootstrap}>${msg('Run again', { id: 'survival.boot.rerun' })}</button>` : nothing}</div>` : nothing}
      </fieldset>`;
  }

  private _setTimes(text: string) {
    const parts = text.split(/[\s,;，；、]+/).filter(Boolean);
    const vals = parts.map((p) => Number(p.replace(',', '.')));
    if (vals.some((v) => !Number.isFinite(v) || v < 0)) {
      this._timesError = msg('Use numbers ≥ 0 separated by commas.', { id: 'survival.error.times' });
      return;
    }
    if (vals.length > 12) {
      this._timesError = msg('At most 12 time points.', { id: 'survival.error.timesMany' });
      return;
    }
    this._timesError = null;
    const per = DAYS_PER_UNIT[this._s.unit];
    this._set({ timesDays: [...new Set(vals.map((v) => v * per))].sort((a, b) => a - b) });
  }

  private _setBoot(key: 'replicates' | 'seed', input: HTMLInputElement) {
    const v = Number(input.value);
    const ok = key === 'replicates' ? Number.isInteger(v) && v >= 1 && v <= MAX_BOOTSTRAP_REPLICATES : Number.isInteger(v) && v >= 0 && v <= Number.MAX_SAFE_INTEGER;
    if (!ok) { input.value = String(this._s.bootstrap[key]); return; }
    this._set({ bootstrap: { ...this._s.bootstrap, [key]: v } });
  }

  private _main() {
    const input = this._input;
    const loc = intlLocale();
    const fig = this._figure();
    const cx = this._ctx();
    const title = this._title();
    const lines = this._testLines();
    const events = input ? input.event.reduce<number>((a, b) => a + b, 0) : 0;
    return html`
      ${this._setupError ? html`<p class="notice" role="status" data-testid="survival-error">${this._setupError}</p>` : nothing}
      ${this._analysisError ? html`<p class="error" role="alert">${msg(str`The analysis failed: ${this._analysisError}`, { id: 'survival.error.analysis' })}</p>` : nothing}
      ${input && input.time.length ? html`
        <section class="card" aria-labelledby="fig-title">
          <div class="toolbar">
            <div>
              <h3 id="fig-title" data-testid="survival-title">${title}</h3>
              <p class="muted" data-testid="survival-counts">${this._s.drug
                ? msg(str`${fixed(input.time.length, loc, 0)} of ${fixed(input.eligible, loc, 0)} patients treated with ${this._s.drug} analysed · ${fixed(events, loc, 0)} events`, { id: 'survival.countsDrug' })
                : msg(str`${fixed(input.time.length, loc, 0)} of ${fixed(input.eligible, loc, 0)} patients analysed · ${fixed(events, loc, 0)} events`, { id: 'survival.counts' })}
                ${this._running ? html` · <span class="busy">${msg('computing…', { id: 'survival.computing' })}</span>` : nothing}</p>
            </div>
            <span class="spacer"></span>
            <button data-testid="export-png" ?disabled=${!fig} @click=${() => this._exportFigure('png')}>${msg('PNG', { id: 'survival.export.png' })}</button>
            <button data-testid="export-svg" ?disabled=${!fig} @click=${() => this._exportFigure('svg')}>${msg('SVG', { id: 'survival.export.svg' })}</button>
          </div>
          ${fig ? html`<mmdr-km-plot .figure=${fig} .unit=${this._s.unit}
              .summary=${msg(str`Kaplan–Meier curves: ${title}. ${lines.join('; ')}`, { id: 'survival.figureSummary' })}></mmdr-km-plot>`
            : html`<p class="busy">${msg('Computing in the analysis worker…', { id: 'survival.computingLong' })}</p>`}
        </section>
        ${cx ? this._resultsCard(cx, title) : nothing}` : nothing}
      ${input ? this._excludedCard(input) : nothing}
      ${cx ? html`<section class="card" aria-labelledby="methods-title">
          <h3 id="methods-title">${msg('Methods', { id: 'survival.methods' })}</h3>
          <p class="methods" data-testid="survival-methods">${methodsText(cx, this._s.drug || null)}</p>
        </section>` : nothing}`;
  }

  private _resultsCard(cx: TableContext, title: string) {
    const t = resultsTable(cx, false);
    const bt = bootstrapTable(cx);
    const at = survivalAtTable(cx);
    const tests = testsTable(cx);
    return html`<section class="card" aria-labelledby="res-title">
      <div class="toolbar">
        <h3 id="res-title">${msg('Results', { id: 'survival.results' })}</h3>
        <span class="spacer"></span>
        <button data-testid="export-csv" @click=${() => downloadCsv(numericExport(cx, title))}>${msg('CSV', { id: 'survival.export.csv' })}</button>
        <button data-testid="export-xlsx" @click=${() => this._xlsx(cx, title)}>${msg('Excel (XLSX)', { id: 'survival.export.xlsx' })}</button>
        <button data-testid="copy-word" @click=${() => this._copy(cx, title)}>${msg('Copy for Word', { id: 'survival.export.copy' })}</button>
        <button data-testid="export-data" @click=${() => downloadCsv(dataExport(cx.input, msg(str`${title} – patient data`, { id: 'survival.export.dataTitle' })))}
          title=${msg('The analysed patients with time, event and group, to re-run the analysis in R or SPSS', { id: 'survival.export.dataHint' })}>${msg('Patient data (CSV)', { id: 'survival.export.data' })}</button>
      </div>
      <div class="results">
        <table data-testid="survival-results">
          <thead><tr>${t.columns.map((c, i) => html`<th scope="col" class=${i === 0 ? '' : 'num'}>${c}</th>`)}</tr></thead>
          <tbody>${t.rows.map((r, gi) => html`<tr data-testid="survival-row" data-group=${cx.result.groups[gi].name}>
            ${r.map((c, i) => (i === 0
              ? html`<th scope="row" style="color:${KM_PALETTE[gi % KM_PALETTE.length]}">${c.text}</th>`
              : html`<td class="num" data-testid=${c.testid ?? nothing} data-value=${c.value === undefined ? nothing : String(c.value)}>${c.text}</td>`))}
          </tr>`)}</tbody>
        </table>
      </div>
      ${bt ? html`<h3 style="margin-top:1rem">${msg(str`Bootstrap percentile intervals (${fixed(cx.boot!.replicates, cx.loc, 0)} replicates, seed ${cx.boot!.seed})`, { id: 'survival.bootTitle' })}</h3>
        <div class="results"><table data-testid="survival-bootstrap" style="width:auto">
          <thead><tr>${bt.columns.map((c, i) => html`<th scope="col" class=${i === 0 ? '' : 'num'}>${c}</th>`)}</tr></thead>
          <tbody>${bt.rows.map((r, gi) => html`<tr data-testid="boot-row" data-group=${cx.result.groups[gi].name}>
            ${r.map((c, i) => (i === 0
              ? html`<th scope="row" style="color:${KM_PALETTE[gi % KM_PALETTE.length]}">${c.text}</th>`
              : html`<td class="num" data-testid=${c.testid ?? nothing} data-value=${c.value === undefined ? nothing : String(c.value)}>${c.text}</td>`))}
          </tr>`)}</tbody>
        </table></div>` : nothing}
      ${at.columns.length > 1 ? html`<h3 style="margin-top:1rem">${msg('Survival at chosen times, % (95% CI)', { id: 'survival.survAtTitle' })}</h3>
        <div class="results"><table data-testid="survival-at" style="width:auto">
          <thead><tr>${at.columns.map((c, i) => html`<th scope="col" class=${i === 0 ? '' : 'num'}>${c}</th>`)}</tr></thead>
          <tbody>${at.rows.map((r, gi) => html`<tr data-group=${cx.result.groups[gi].name}>
            ${r.map((c, i) => (i === 0
              ? html`<th scope="row" style="color:${KM_PALETTE[gi % KM_PALETTE.length]}">${c.text}</th>`
              : html`<td class="num" data-value=${c.value === undefined ? nothing : String(c.value)}>${c.text}</td>`))}
          </tr>`)}</tbody>
        </table></div>` : nothing}
      ${tests ? html`<h3 style="margin-top:1rem">${msg('Comparison of the groups', { id: 'survival.tests' })}</h3>
        <table data-testid="survival-tests" style="width:auto">
          <thead><tr><th scope="col">${msg('Test', { id: 'survival.col.test' })}</th><th scope="col" class="num">χ²</th><th scope="col" class="num">df</th><th scope="col" class="num">p</th></tr></thead>
          <tbody>${tests.rows.map((r) => html`<tr class=${r.chosen ? 'chosen' : ''} data-testid=${`test-${r.weights}`}>
            <td>${r.name}${r.chosen ? html` <span class="badge">${msg('on the plot', { id: 'survival.onPlot' })}</span>` : nothing}</td>
            <td class="num">${r.chisq}</td><td class="num">${r.df}</td>
            <td class="num" data-testid="p" data-value=${r.pValue === null ? 'null' : String(r.pValue)}>${r.p}</td></tr>`)}</tbody>
        </table>
        ${tests.note ? html`<p class="muted" style="font-size:.85rem">${tests.note}</p>` : nothing}
        ${tests.rows.every((r) => r.pValue === null) ? html`<p class="muted">${msg('No events in any group: there is nothing to test.', { id: 'survival.noEvents' })}</p>` : nothing}`
      : html`<p class="muted">${msg('One group only: there is nothing to compare.', { id: 'survival.oneGroup' })}</p>`}
      <ul class="notes">${[...t.footnotes, ...(at.columns.length > 1 ? at.footnotes : [])].map((f) => html`<li>${f}</li>`)}</ul>
    </section>`;
  }

  private _excludedCard(input: SurvivalInput) {
    if (input.excluded.length === 0 && input.notes.length === 0) return nothing;
    const loc = intlLocale();
    return html`<section class="card">
      ${input.notes.map((n) => html`<p class="muted">${n}</p>`)}
      ${input.excluded.length ? html`<details data-testid="survival-excluded" ?open=${input.time.length === 0}>
        <summary>${msg(str`${fixed(input.excluded.length, loc, 0)} patients left out, and why`, { id: 'survival.excludedSummary' })}</summary>
        <table style="margin-top:.5rem">
          <thead><tr><th scope="col">${msg('Patient', { id: 'survival.col.patient' })}</th><th scope="col" class="num">${msg('Line in the file', { id: 'survival.col.line' })}</th><th scope="col">${msg('Reason', { id: 'survival.col.reason' })}</th></tr></thead>
          <tbody>${input.excluded.slice(0, MAX_EXCLUDED_SHOWN).map((e) => html`<tr><td>${e.patient}</td><td class="num">${e.line ?? '–'}</td><td>${e.reason}</td></tr>`)}</tbody>
        </table>
        ${input.excluded.length > MAX_EXCLUDED_SHOWN ? html`<p class="muted">${msg(str`The first ${MAX_EXCLUDED_SHOWN} are shown; the CSV lists all ${fixed(input.excluded.length, loc, 0)}.`, { id: 'survival.excludedMore' })}</p>` : nothing}
        <div class="toolbar" style="margin-top:.4rem"><button @click=${() => downloadCsv(excludedExport(input, msg(str`${this._title()} – patients left out`, { id: 'survival.export.excludedTitle' })))}>${msg('CSV', { id: 'survival.export.csv' })}</button></div>
      </details>` : nothing}
    </section>`;
  }

  // ── exports ───────────────────────────────────────────────────────────────────────────────

  private async _exportFigure(kind: 'png' | 'svg') {
    const fig = this._figure();
    if (!fig) return;
    const r = kmFigureSvg(fig, { locale: intlLocale() });
    const title = this._title();
    try {
      if (kind === 'svg') downloadSvg(r.svg, title);
      else await downloadPng(r.svg, r.width, r.height, title);
    } catch (e) {
      this._toast(msg(str`Export failed: ${errText(e)}`, { id: 'survival.export.failed' }), 'error');
    }
  }

  private async _xlsx(cx: TableContext, title: string) {
    const tables = [numericExport(cx, title)];
    const tests = testsExport(cx, msg('Tests', { id: 'survival.sheet.tests' }));
    if (tests) tables.push(tests);
    if (cx.input.excluded.length) tables.push(excludedExport(cx.input, msg('Left out', { id: 'survival.sheet.excluded' })));
    tables.push(dataExport(cx.input, msg('Patients', { id: 'survival.sheet.data' })));
    try {
      await downloadXlsx(tables, title);
    } catch (e) {
      this._toast(msg(str`Export failed: ${errText(e)}`, { id: 'survival.export.failed' }), 'error');
    }
  }

  private async _copy(cx: TableContext, title: string) {
    try {
      await copyTable(publicationExport(cx, title));
      this._toast(msg('Table copied: paste it into Word or WPS.', { id: 'survival.copied' }));
    } catch (e) {
      this._toast(msg(str`Could not copy: ${errText(e)}`, { id: 'survival.copyFailed' }), 'error');
    }
  }

  private _toast(text: string, kind: 'info' | 'error' = 'info') {
    this.dispatchEvent(new CustomEvent('toast', { detail: { text, kind }, bubbles: true, composed: true }));
  }
}

declare global { interface HTMLElementTagNameMap { 'mmdr-survival-view': SurvivalView } }
