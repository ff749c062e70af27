import { LitElement, html, css, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import type { StudyRecord } from '../study/model.ts';
import type { ExpressionResult } from '../study/expression-analysis.ts';
import { chooseGroupOrder, DEFAULT_EXPRESSION_SETTINGS, type ExpressionSettings } from '../study/expression-settings.ts';
import { studySources } from '../study/array-sources.ts';
import {
  analysisKey, ArrayAnalysisSetupError, regulation, runExpressionAnalysis, studyArraySettings,
} from '../app/array-analysis-client.ts';
import type { Progress } from '../worker/bridge.ts';
import { intlLocale } from '../i18n/localization.ts';
import { sharedStyles, analysisViewStyles } from './shared-styles.ts';
import { SettingsSaver } from './settings-saver.ts';
import type { ExportFigure } from './export-menu.ts';
import { boxFigure, densityFigure, groupColors, maFigure, volcanoFigure, type PlotFigure } from './expression/figure.ts';
import { plotFigureSvg } from './expression/plot-svg.ts';
import { deExportTable, deTableRows, type DeTableRow } from './expression/de-table.ts';
import type { DeTableView } from './expression/de-table-view.ts';
import {
  arrayCount, correlationExportTable, headline, matrixExportTable, methodName, methodsText, normalizationName, qcColumns, qcExportTable, qcRows, qcScaleNote,
} from './expression/tables.ts';
import { count, fixed } from './expression/format.ts';
import './expression/xy-plot.ts';
import './expression/de-table-view.ts';
import './export-menu.ts';

/** A saved study (the page persists it and hands the new record back). */
type SaveFn = (next: StudyRecord) => Promise<void>;

const errText = (e: unknown) => String((e as Error)?.message ?? e);
const isAbort = (e: unknown) => (e as Error)?.name === 'AbortError';

/** Dye names shown next to a scanner channel. */
const DYES: Record<number, string> = { 532: 'Hy3 / Cy3', 635: 'Hy5 / Cy5' };

/**
 * The Expression view (SPEC §4–5 Arrays, issue 5): preprocessing and normalization settings as the
 * paper's Methods by default; QC (boxplots and densities before/after normalization, the probes that
 * set the median factors and the factor of each array, sample–sample correlations, MA plots);
 * differential expression between two chosen groups (moderated t, Welch or Student) with a
 * searchable, sortable, paged table, the fold-change cut-off and an optional BH filter, the up/down
 * counts, and a volcano plot whose points name their probe and, clicked, find it in the table. One
 * array per group (the paper's pooled design) gives fold changes only and says so.
 *
 * Every number comes from the analysis worker through src/app/array-analysis-client.ts (cached per
 * study data and settings, shared with the other array views); the page only classifies a finished
 * result at the cut-off and draws. Settings persist in study.settings.arrays.
 */
@customElement('mmdr-expression-view')
@localized()
export class ExpressionView extends LitElement {
  static styles = [sharedStyles, analysisViewStyles, css`
    .layout { display: grid; grid-template-columns: 17.5rem minmax(0, 1fr); gap: 1rem; align-items: start; }
    @media (max-width: 1000px) { .layout { grid-template-columns: 1fr; } }
    .field label, .check { font-size: .88rem; color: #3b4757; }
    .field select, .field input { width: 100%; box-sizing: border-box; }
    .inline { display: flex; gap: .4rem; align-items: center; }
    .inline input { width: 6rem; }
    .hint { font-size: .78rem; color: #5b6778; line-height: 1.35; margin-top: .25rem; }
    .groups { display: grid; grid-template-columns: 1fr auto; gap: .3rem .5rem; align-items: end; }
    .groups .swap { grid-row: 1 / span 2; grid-column: 2; align-self: center; padding: .3rem .5rem; }
    .swatch { display: inline-block; width: .7rem; height: .7rem; border-radius: 2px; margin-right: .3rem; vertical-align: -1px; }
    main { display: flex; flex-direction: column; gap: 1rem; min-width: 0; }
    .card h3 { margin-bottom: .2rem; }
    .head { display: flex; flex-wrap: wrap; gap: .5rem; align-items: baseline; justify-content: space-between; }
    .sub { margin-top: 1rem; }
    .caption { font-size: .85rem; color: #3b4757; margin: .3rem 0 0; }
    .headline { font-size: 1.02rem; margin: .2rem 0 .6rem; padding: .5rem .75rem; background: #f3f7fc; border-left: 4px solid var(--accent, #1f5f99); border-radius: 4px; }
    .counts { display: flex; gap: 1rem; flex-wrap: wrap; margin: .3rem 0 .4rem; }
    .count { border: 1px solid #dde3eb; border-radius: 8px; padding: .35rem .8rem; min-width: 9rem; }
    .count b { display: block; font-size: 1.6rem; font-variant-numeric: tabular-nums; }
    .count.up b { color: #a3281b; }
    .count.down b { color: #1b4f8a; }
    .notice { background: #fff8e6; border: 1px solid #f0d58a; color: #6b4a00; padding: .5rem .75rem; border-radius: 6px; margin: .4rem 0; }
    .two { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 1rem; }
    @media (max-width: 1200px) { .two { grid-template-columns: 1fr; } }
    .scroll { overflow-x: auto; }
    .scroll td, .scroll th { white-space: nowrap; }
    th { font-size: .82rem; vertical-align: bottom; }
    .heat td { text-align: center; font-variant-numeric: tabular-nums; font-size: .8rem; padding: .25rem .35rem; }
    .heat th { font-size: .75rem; }
    .status { display: flex; flex-direction: column; gap: .3rem; font-size: .88rem; align-items: flex-start; }
    .status progress, .status .row { align-self: stretch; }
    button.small { padding: .25rem .6rem; font-size: .85rem; }
    progress { width: 100%; }
    .busy { color: #5b6778; font-size: .85rem; }
    .methods { font-size: .9rem; line-height: 1.5; }
    .empty ul { margin: .3rem 0 .6rem; padding-left: 1.2rem; line-height: 1.5; }
    .field-error { color: #7d1d22; font-size: .8rem; }
    ul.notes { font-size: .85rem; color: #3b4757; margin: .3rem 0 0; padding-left: 1.1rem; }
  `];

  /** The study whose arrays are analysed. */
  @property({ attribute: false }) study: StudyRecord | null = null;
  /** Persists a changed study (settings). */
  @property({ attribute: false }) save: SaveFn | null = null;

  @state() private _s: ExpressionSettings = { ...DEFAULT_EXPRESSION_SETTINGS };
  @state() private _result: ExpressionResult | null = null;
  @state() private _error: string | null = null;
  @state() private _setupError: string | null = null;
  @state() private _progress: Progress | null = null;
  @state() private _cancelled = false;
  @state() private _selected = -1;
  @state() private _maArray = 0;
  @state() private _fieldError: string | null = null;

  private _studyId = '';
  private _key = '';
  private _abort: AbortController | null = null;
  private readonly _saver = new SettingsSaver<ExpressionSettings>(this, 'arrays');
  private _memo: { r: ExpressionResult; key: string; cls: Int8Array; rows: DeTableRow[]; volcano: PlotFigure } | null = null;
  private _maMemo: { r: ExpressionResult; key: string; fig: PlotFigure } | null = null;

  protected willUpdate(changed: PropertyValues): void {
    if (changed.has('study') && this.study) {
      if (this.study.id !== this._studyId) {
        this._studyId = this.study.id;
        this._s = studyArraySettings(this.study);
        this._key = '';
        this._result = null;
        this._selected = -1;
        this._maArray = 0;
      }
      this._refresh();
    }
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this._abort?.abort();
  }

  // ── state flow: settings → analysis (worker, cached) → classification at the cut-off (page) ────

  private _refresh(force = false) {
    const st = this.study;
    if (!st) return;
    const key = analysisKey(st, this._s);
    if (key === this._key && !force) return;
    this._key = key;
    void this._run();
  }

  private async _run() {
    const st = this.study!;
    this._abort?.abort();
    const ac = new AbortController();
    this._abort = ac;
    this._error = null;
    this._setupError = null;
    this._cancelled = false;
    this._progress = { done: 0, total: 1 };
    try {
      const r = await runExpressionAnalysis(st, this._s, { signal: ac.signal, onProgress: (p) => { if (this._abort === ac) this._progress = p; } });
      if (this._abort !== ac) return;
      if (!this._result || this._result.probes.length !== r.probes.length || this._result.probes[0] !== r.probes[0]) this._selected = -1;
      this._result = r;
      if (this._maArray >= r.arrays.length) this._maArray = 0;
    } catch (e) {
      if (this._abort !== ac) return;
      if (isAbort(e)) this._cancelled = true;
      else if (e instanceof ArrayAnalysisSetupError) { this._setupError = e.message; this._result = null; }
      else { this._error = errText(e); this._result = null; }
    } finally {
      if (this._abort === ac) { this._progress = null; this._abort = null; }
    }
  }

  private _cancel() {
    this._abort?.abort();
  }

  private _rerun() {
    this._refresh(true);
  }

  /** Changes settings, recomputes what they affect and saves them with the study (debounced). */
  private _set(patch: Partial<ExpressionSettings>) {
    this._s = { ...this._s, ...patch };
    this._fieldError = null;
    this._refresh();
    this._saver.schedule(this._s);
  }

  /** Classification, table rows and the volcano for the current result and cut-off (memoized). */
  private _derived() {
    const r = this._result;
    if (!r) return null;
    const s = this._s;
    const key = JSON.stringify([s.foldChangeCutoff, s.foldChangeBasis, s.maxAdjP, intlLocale()]);
    if (this._memo?.r !== r || this._memo.key !== key) {
      const cls = regulation(r, s);
      this._memo = {
        r, key, cls, rows: deTableRows(r, cls, s.foldChangeBasis),
        volcano: volcanoFigure(r, cls, { cutoff: s.foldChangeCutoff, maxAdjP: s.maxAdjP, loc: intlLocale() }),
      };
    }
    return this._memo;
  }

  // ── rendering ─────────────────────────────────────────────────────────────────────────────

  render() {
    const st = this.study;
    if (!st) return nothing;
    if (st.arrays.length === 0) {
      return html`<section class="card empty" data-testid="expression-empty">
        <h3>${msg('No arrays in this study yet', { id: 'expression.empty.title' })}</h3>
        <p>${msg('Add array data with “Add files…” above:', { id: 'expression.empty.lead' })}</p>
        <ul>
          <li>${msg('GenePix GPR files (one per array), or', { id: 'expression.empty.gpr' })}</li>
          <li>${msg('a GEO series matrix file (GSE…_series_matrix.txt), or', { id: 'expression.empty.geo' })}</li>
          <li>${msg('a matrix CSV or TSV: probe ids in the first column, one column per array.', { id: 'expression.empty.matrix' })}</li>
        </ul>
        <p class="muted">${msg('Then give each array its sample group on the Arrays tab.', { id: 'expression.empty.groups' })}</p></section>`;
    }
    return html`<div class="layout">
      <aside aria-label=${msg('Analysis settings', { id: 'expression.settingsLabel' })}>${this._settings(st)}</aside>
      <main>${this._main()}</main>
    </div>`;
  }

  private _settings(st: StudyRecord) {
    const s = this._s;
    const loc = intlLocale();
    const choice = chooseGroupOrder(st.arrays.map((a) => a.group), s.groupOrder);
    const order = choice.order;
    const colors = order ? groupColors(choice.groups, order) : new Map<string, string>();
    const nIn = (g: string) => st.arrays.filter((a) => a.group === g).length;
    const src = studySources(st.arrays);
    const wavelengths = [...new Set(src.gpr.flatMap((a) => a.wavelengths))].sort((a, b) => a - b);
    const channelValue = typeof s.channel === 'number' ? String(s.channel) : s.channel === null ? '' : String(s.channel);
    const running = this._progress !== null;
    const pooled = order ? nIn(order[0]) < 2 || nIn(order[1]) < 2 : false;
    return html`
      <fieldset data-testid="groups-fieldset">
        <legend>${msg('Groups compared', { id: 'expression.fs.groups' })}</legend>
        ${order ? html`
          <div class="groups">
            <div class="field">
              <label for="ref">${msg('Reference group', { id: 'expression.refGroup' })}</label>
              <select id="ref" data-testid="ref-group" data-user @change=${(e: Event) => this._setOrder((e.target as HTMLSelectElement).value, order[1])}>
                ${choice.groups.map((g) => html`<option value=${g} ?selected=${g === order[0]}>${g} (${nIn(g)})</option>`)}
              </select>
            </div>
            <button class="swap" data-testid="swap-groups" title=${msg('Swap the two groups', { id: 'expression.swap' })}
              aria-label=${msg('Swap the two groups', { id: 'expression.swap' })} @click=${() => this._setOrder(order[1], order[0])}>⇅</button>
            <div class="field">
              <label for="cmp">${msg('Comparison group', { id: 'expression.cmpGroup' })}</label>
              <select id="cmp" data-testid="cmp-group" data-user @change=${(e: Event) => this._setOrder(order[0], (e.target as HTMLSelectElement).value)}>
                ${choice.groups.map((g) => html`<option value=${g} ?selected=${g === order[1]}>${g} (${nIn(g)})</option>`)}
              </select>
            </div>
          </div>
          <p class="hint">${msg('Fold changes are the comparison group relative to the reference: a fold change of 0.25 means four times lower in the comparison group.', { id: 'expression.hint.order' })}
            ${choice.rule === 'resistant' ? msg('Chosen automatically: a group named “resistant” (or refractory, non-responding) is the comparison.', { id: 'expression.hint.auto' })
              : choice.rule === 'control' ? msg('Chosen automatically: the control (or wild-type) group is the reference. Pick the groups to compare.', { id: 'expression.hint.autoControl' })
              : choice.rule === 'first' ? msg('Chosen automatically: the first two groups. Pick the groups to compare.', { id: 'expression.hint.autoFirst' }) : nothing}</p>`
          : html`<p class="hint">${msg('Give the arrays two sample groups on the Arrays tab.', { id: 'expression.hint.noGroups' })}</p>`}
      </fieldset>

      ${src.gpr.length ? html`<fieldset>
        <legend>${msg('Reading the GenePix files', { id: 'expression.fs.read' })}</legend>
        <div class="field">
          <label for="channel">${msg('Channel', { id: 'expression.channel' })}</label>
          <select id="channel" data-testid="channel" @change=${(e: Event) => { const v = (e.target as HTMLSelectElement).value; this._set({ channel: v === '' ? null : Number(v) }); }}>
            ${wavelengths.map((w) => html`<option value=${String(w)} ?selected=${channelValue === String(w) || (w === 532 && /^(hy3|cy3)$/i.test(channelValue)) || (w === 635 && /^(hy5|cy5)$/i.test(channelValue))}>${w} nm${DYES[w] ? ` (${DYES[w]})` : ''}</option>`)}
            ${wavelengths.length === 1 ? html`<option value="" ?selected=${s.channel === null}>${msg('the file\'s only channel', { id: 'expression.channelOnly' })}</option>` : nothing}
          </select>
          <span class="hint">${msg('From the files’ Wavelengths header. miRCURY arrays are labelled with Hy3, read at 532 nm (the paper’s channel).', { id: 'expression.hint.channel' })}</span>
        </div>
        <div class="field">
          <label for="bg">${msg('Local background subtracted', { id: 'expression.background' })}</label>
          <select id="bg" data-testid="background" @change=${(e: Event) => this._set({ background: (e.target as HTMLSelectElement).value as ExpressionSettings['background'] })}>
            <option value="median" ?selected=${s.background === 'median'}>${msg('local median (paper)', { id: 'expression.bg.median' })}</option>
            <option value="mean" ?selected=${s.background === 'mean'}>${msg('local mean', { id: 'expression.bg.mean' })}</option>
            <option value="none" ?selected=${s.background === 'none'}>${msg('none', { id: 'expression.bg.none' })}</option>
          </select>
        </div>
        <label class="check"><input type="checkbox" data-testid="drop-flagged" .checked=${s.dropFlagged} @change=${(e: Event) => this._set({ dropFlagged: (e.target as HTMLInputElement).checked })}>
          ${msg('Drop flagged spots (Flags < 0)', { id: 'expression.dropFlagged' })}</label>
        <label class="check"><input type="checkbox" data-testid="average-replicates" .checked=${s.averageReplicates} @change=${(e: Event) => this._set({ averageReplicates: (e.target as HTMLInputElement).checked })}>
          ${msg('Average replicate spots of a probe', { id: 'expression.averageReplicates' })}</label>
        <label class="check"><input type="checkbox" data-testid="exclude-controls" .checked=${s.excludeControls} @change=${(e: Event) => this._set({ excludeControls: (e.target as HTMLInputElement).checked })}>
          ${msg('Leave out control spots (Hy3 reference, spike-ins, blanks)', { id: 'expression.excludeControls' })}</label>
      </fieldset>` : nothing}

      ${src.matrices.length ? html`<fieldset>
        <legend>${msg('Matrix and GEO files', { id: 'expression.fs.matrix' })}</legend>
        <div class="field">
          <label for="scale">${msg('Values in the file are', { id: 'expression.inputScale' })}</label>
          <select id="scale" data-testid="input-scale" @change=${(e: Event) => this._set({ inputScale: (e.target as HTMLSelectElement).value as ExpressionSettings['inputScale'] })}>
            <option value="auto" ?selected=${s.inputScale === 'auto'}>${msg('detected (GEO2R’s rule)', { id: 'expression.scale.auto' })}</option>
            <option value="linear" ?selected=${s.inputScale === 'linear'}>${msg('linear intensities', { id: 'expression.scale.linear' })}</option>
            <option value="log2" ?selected=${s.inputScale === 'log2'}>${msg('already log2', { id: 'expression.scale.log2' })}</option>
          </select>
        </div>
        ${src.gpr.length === 0 ? html`<label class="check"><input type="checkbox" .checked=${s.excludeControls} @change=${(e: Event) => this._set({ excludeControls: (e.target as HTMLInputElement).checked })}>
          ${msg('Leave out control probes (AFFX-, spike-ins, blanks)', { id: 'expression.excludeControlProbes' })}</label>
          <label class="check"><input type="checkbox" .checked=${s.averageReplicates} @change=${(e: Event) => this._set({ averageReplicates: (e.target as HTMLInputElement).checked })}>
          ${msg('Average rows with the same probe id', { id: 'expression.averageDuplicates' })}</label>` : nothing}
      </fieldset>` : nothing}

      <fieldset>
        <legend>${msg('Normalization', { id: 'expression.fs.norm' })}</legend>
        <div class="field">
          <label for="norm">${msg('Method', { id: 'expression.normMethod' })}</label>
          <select id="norm" data-testid="normalization" @change=${(e: Event) => this._set({ normalization: (e.target as HTMLSelectElement).value as ExpressionSettings['normalization'] })}>
            <option value="median" ?selected=${s.normalization === 'median'}>${msg('median ≥ threshold (paper)', { id: 'expression.norm.opt.median' })}</option>
            <option value="scale" ?selected=${s.normalization === 'scale'}>${msg('scale (limma)', { id: 'expression.norm.scale' })}</option>
            <option value="quantile" ?selected=${s.normalization === 'quantile'}>${msg('quantile (limma)', { id: 'expression.norm.quantile' })}</option>
            <option value="none" ?selected=${s.normalization === 'none'}>${msg('none', { id: 'expression.norm.none' })}</option>
          </select>
        </div>
        ${s.normalization === 'median' ? html`<div class="field">
          <label for="thr">${msg('Threshold (intensity, in every array)', { id: 'expression.threshold' })}</label>
          <input id="thr" data-testid="threshold" type="number" min="0" step="1" .value=${String(s.threshold)}
            @change=${(e: Event) => this._setNumber(e.target as HTMLInputElement, 'threshold', (v) => v >= 0)}>
          <span class="hint">${msg('Probes at or above the threshold in every array set each array’s factor (their median); every array is then divided by its factor and multiplied by the mean factor. The paper used 30.', { id: 'expression.hint.threshold' })}</span>
        </div>` : nothing}
        <label class="check"><input type="checkbox" data-testid="log2" .checked=${s.log2} ?disabled=${this._result?.inputScale === 'log2'}
          @change=${(e: Event) => this._set({ log2: (e.target as HTMLInputElement).checked })}>
          ${msg('log2-transform after normalization', { id: 'expression.log2' })}</label>
        ${this._result?.inputScale === 'log2' ? html`<span class="hint">${msg('The values are already log2.', { id: 'expression.hint.alreadyLog2' })}</span>` : nothing}
      </fieldset>

      <fieldset>
        <legend>${msg('Differential expression', { id: 'expression.fs.de' })}</legend>
        <div class="field">
          <label for="method">${msg('Test', { id: 'expression.test' })}</label>
          <select id="method" data-testid="method" @change=${(e: Event) => this._set({ method: (e.target as HTMLSelectElement).value as ExpressionSettings['method'] })}>
            <option value="moderated" ?selected=${s.method === 'moderated'}>${msg('moderated t (limma)', { id: 'expression.test.opt.moderated' })}</option>
            <option value="welch" ?selected=${s.method === 'welch'}>${msg('Welch t', { id: 'expression.test.opt.welch' })}</option>
            <option value="student" ?selected=${s.method === 'student'}>${msg('Student t', { id: 'expression.test.opt.student' })}</option>
          </select>
          <span class="hint">${pooled
            ? msg('One array in a group: no test is possible, fold changes only.', { id: 'expression.hint.pooledTest' })
            : msg('limma’s moderated t borrows strength across probes and suits few arrays per group (needs ≥ 2 arrays in each group).', { id: 'expression.hint.test' })}</span>
        </div>
        <div class="field">
          <label for="fc">${msg('Fold-change cut-off (either way)', { id: 'expression.cutoff' })}</label>
          <input id="fc" data-testid="fc-cutoff" type="number" min="1" step="0.1" .value=${String(s.foldChangeCutoff)}
            @change=${(e: Event) => this._setNumber(e.target as HTMLInputElement, 'foldChangeCutoff', (v) => v >= 1)}>
        </div>
        <div class="field">
          <label for="basis">${msg('Fold change computed as', { id: 'expression.basis' })}</label>
          <select id="basis" data-testid="fc-basis" @change=${(e: Event) => this._set({ foldChangeBasis: (e.target as HTMLSelectElement).value as ExpressionSettings['foldChangeBasis'] })}>
            <option value="linear" ?selected=${s.foldChangeBasis === 'linear'}>${msg('ratio of mean intensities (paper)', { id: 'expression.basis.linear' })}</option>
            <option value="log2" ?selected=${s.foldChangeBasis === 'log2'}>${msg('2^(difference of mean log2)', { id: 'expression.basis.log2' })}</option>
          </select>
        </div>
        <label class="check"><input type="checkbox" data-testid="adjp-on" .checked=${s.maxAdjP != null} ?disabled=${pooled}
          @change=${(e: Event) => this._set({ maxAdjP: (e.target as HTMLInputElement).checked ? 0.05 : null })}>
          ${msg('Also require a BH-adjusted p at most', { id: 'expression.adjPOn' })}</label>
        ${s.maxAdjP != null ? html`<div class="field"><input data-testid="adjp" type="number" min="0.0001" max="1" step="0.01" .value=${String(s.maxAdjP)}
          aria-label=${msg('Largest BH-adjusted p', { id: 'expression.adjPLabel' })}
          @change=${(e: Event) => this._setNumber(e.target as HTMLInputElement, 'maxAdjP', (v) => v > 0 && v <= 1)}></div>` : nothing}
        <span class="hint">${msg('The paper called probes with a 2-fold change either way, without a p-value filter.', { id: 'expression.hint.cutoff' })}</span>
        ${this._fieldError ? html`<p class="field-error" role="alert">${this._fieldError}</p>` : nothing}
      </fieldset>

      <fieldset>
        <legend>${msg('Analysis', { id: 'expression.fs.run' })}</legend>
        <div class="status" data-testid="expression-status">
          ${running ? html`<span class="busy">${this._phase(this._progress!)}</span>`
          : this._cancelled ? html`<span>${msg('Cancelled. The settings are kept; nothing was computed.', { id: 'expression.cancelled' })}</span>
              <button data-testid="expression-rerun" @click=${this._rerun}>${msg('Run again', { id: 'expression.rerun' })}</button>`
          : this._result ? html`<span class="muted" data-testid="expression-done">${msg(str`Computed in the analysis worker in ${count(this._result.elapsedMs, loc)} ms.`, { id: 'expression.done' })}</span>`
          : nothing}
          <button class="small" data-testid="reset-settings" title=${msg('Back to the settings of the paper’s Methods (the groups compared stay as they are)', { id: 'expression.resetHint' })} @click=${() => this._set({ ...DEFAULT_EXPRESSION_SETTINGS, groupOrder: this._s.groupOrder })}>${msg('Paper defaults', { id: 'expression.reset' })}</button>
        </div>
        ${order ? html`<p class="hint">${choice.groups.map((g, k) => html`${k ? ' · ' : ''}<span class="swatch" style="background:${colors.get(g)}"></span><span data-user>${g}</span>: ${nIn(g)}`)}</p>` : nothing}
      </fieldset>`;
  }

  private _phase(p: Progress): string {
    if (p.phase === 'read-out') return msg('Reading out the arrays…', { id: 'expression.phase.readout' });
    if (p.phase === 'analysis') return msg('Normalizing and testing…', { id: 'expression.phase.analysis' });
    if (p.phase && p.phase !== 'done') return msg(str`Reading ${p.phase}…`, { id: 'expression.phase.file' });
    return msg('Working in the analysis worker…', { id: 'expression.phase.start' });
  }

  private _setOrder(ref: string, cmp: string) {
    if (ref === cmp) {
      // picking the other group's label in one select swaps them
      const cur = chooseGroupOrder(this.study!.arrays.map((a) => a.group), this._s.groupOrder).order!;
      this._set({ groupOrder: [cur[1], cur[0]] });
      return;
    }
    this._selected = -1;
    this._set({ groupOrder: [ref, cmp] });
  }

  private _setNumber(input: HTMLInputElement, key: 'threshold' | 'foldChangeCutoff' | 'maxAdjP', ok: (v: number) => boolean) {
    const v = Number(input.value.replace(',', '.'));
    if (!Number.isFinite(v) || !ok(v)) {
      this._fieldError = key === 'foldChangeCutoff'
        ? msg('The fold-change cut-off must be a number of at least 1.', { id: 'expression.error.cutoff' })
        : key === 'threshold' ? msg('The threshold must be a number of at least 0.', { id: 'expression.error.threshold' })
          : msg('The adjusted p must be between 0 and 1.', { id: 'expression.error.adjP' });
      input.value = String(this._s[key] ?? '');
      return;
    }
    this._set({ [key]: v } as Partial<ExpressionSettings>);
  }

  private _main() {
    return html`${this._progress ? this._progressCard(this._progress) : nothing}${this._content()}`;
  }

  /** Progress of a running analysis, with Cancel (the worker is stopped; nothing is kept). */
  private _progressCard(p: Progress) {
    return html`<section class="card" data-testid="expression-progress" role="status">
      <div class="head"><span>${this._phase(p)}</span>
        <button class="small" data-testid="expression-cancel" @click=${this._cancel}>${msg('Cancel', { id: 'common.cancel' })}</button></div>
      <progress max=${p.total} .value=${p.done} aria-label=${msg('Analysis progress', { id: 'expression.progressLabel' })}></progress>
    </section>`;
  }

  private _content() {
    if (this._setupError) {
      return html`<section class="card" data-testid="expression-setup"><p class="error" role="alert">${this._setupError}</p>
        <p><a href=${`#/study/${encodeURIComponent(this.study!.id)}/arrays`}>${msg('Go to the Arrays tab', { id: 'expression.goArrays' })}</a></p></section>`;
    }
    const r = this._result;
    if (this._error) {
      return html`<section class="card"><p class="error" role="alert" data-testid="expression-error">${msg(str`The analysis failed: ${this._error}`, { id: 'expression.error.failed' })}</p></section>`;
    }
    if (!r) {
      return this._cancelled
        ? html`<section class="card"><p class="busy">${msg('The analysis was cancelled.', { id: 'expression.cancelledShort' })}</p></section>`
        : nothing;
    }
    const d = this._derived()!;
    return html`${this._summary(r, d.cls)}${this._volcanoCard(r, d.volcano)}${this._tableCard(r, d.rows)}${this._qcCard(r, d.cls)}${this._matrixCard(r)}${this._methodsCard(r)}`;
  }

  private _summary(r: ExpressionResult, cls: Int8Array) {
    const loc = intlLocale();
    const s = this._s;
    const up = cls.reduce((a, c) => a + (c > 0 ? 1 : 0), 0);
    const down = cls.reduce((a, c) => a + (c < 0 ? 1 : 0), 0);
    const [ref, cmp] = r.order;
    const g = r.de.groups;
    const stale = this._progress !== null;
    return html`<section class="card" data-testid="expression-summary" aria-busy=${stale ? 'true' : 'false'}>
      <div class="head"><h3>${msg('Differentially expressed probes', { id: 'expression.summary.title' })}</h3>
        ${stale ? html`<span class="busy">${msg('updating…', { id: 'expression.updating' })}</span>` : nothing}</div>
      <p class="headline" data-testid="expression-headline">${headline(r, up, down, s, loc)}</p>
      <div class="counts">
        <div class="count down"><span>${msg('Lower in', { id: 'expression.count.lowerIn' })} <span data-user>${cmp}</span></span><b data-testid="count-down" data-value=${down}>${count(down, loc)}</b></div>
        <div class="count up"><span>${msg('Higher in', { id: 'expression.count.higherIn' })} <span data-user>${cmp}</span></span><b data-testid="count-up" data-value=${up}>${count(up, loc)}</b></div>
        <div class="count"><span>${msg('Probes analysed', { id: 'expression.count.probes' })}</span><b data-testid="count-probes">${count(r.probes.length, loc)}</b></div>
      </div>
      <p class="muted">${msg('Compared:', { id: 'expression.compared' })} <span data-user>${cmp}</span> (${arrayCount(g[1].arrays)})
        ${msg('vs', { id: 'expression.vs' })} <span data-user>${ref}</span> (${arrayCount(g[0].arrays)}) ·
        ${r.de.foldChangeOnly ? msg('fold change only', { id: 'expression.fcOnly' }) : methodName(r.de.method)} · ${msg('normalization:', { id: 'expression.normLabel' })} ${normalizationName(r.settings, loc)}</p>
      ${r.de.foldChangeOnly ? html`<p class="notice" role="note" data-testid="pooled-notice"><b>${msg('One array per group: fold change only, no p-values.', { id: 'expression.pooled' })}</b>
        ${msg('This is the paper’s design (each array held three pooled sera). Without replicate arrays the variation between patients cannot be estimated, so no test is possible; the probes are ranked and called by fold change.', { id: 'expression.pooledWhy' })}</p>` : nothing}
      ${r.de.warnings.length || r.normalization.nonPositive ? html`<ul class="notes">
        ${r.de.warnings.map((w) => html`<li>${w}</li>`)}
        ${r.normalization.nonPositive ? html`<li>${msg(str`${count(r.normalization.nonPositive, loc)} values were zero or negative after background subtraction and are missing after log2.`, { id: 'expression.qc.nonPositive' })}</li>` : nothing}
      </ul>` : nothing}
    </section>`;
  }

  private _volcanoCard(r: ExpressionResult, fig: PlotFigure) {
    const hasP = !!r.de.p;
    return html`<section class="card" data-testid="volcano-card">
      <div class="head"><h3>${hasP ? msg('Volcano plot', { id: 'expression.volcano.title' }) : msg('Fold-change plot', { id: 'expression.fcplot.title' })}</h3>
        <mmdr-export-menu data-testid="volcano-export" .figure=${() => this._exportFigure(() => this._volcanoFor(this._result!))}
          what=${msg('volcano plot', { id: 'expression.volcano.what' })}></mmdr-export-menu></div>
      <p class="caption">${hasP
        ? msg('Each dot is a probe: right = higher in the comparison group, up = more significant. Dashed lines: the fold-change cut-off (and the p at the BH cut-off, if set).', { id: 'expression.volcano.caption' })
        : msg('Each dot is a probe: its average expression and its log2 fold change. Dashed lines: the fold-change cut-off.', { id: 'expression.fcplot.caption' })}</p>
      <mmdr-expression-plot data-testid="volcano" .figure=${fig} .selected=${this._selected} clickable height="420"
        hint=${msg('Point at a dot to see its probe; click it to find the probe in the table below.', { id: 'expression.volcano.hint' })}
        @point-select=${(e: CustomEvent<{ index: number }>) => this._selectFromPlot(e.detail.index)}></mmdr-expression-plot>
    </section>`;
  }

  private _volcanoFor(r: ExpressionResult): PlotFigure {
    const s = this._s;
    return volcanoFigure(r, regulation(r, s), { cutoff: s.foldChangeCutoff, maxAdjP: s.maxAdjP, loc: intlLocale() });
  }

  private _exportFigure(build: () => PlotFigure): ExportFigure {
    const f = plotFigureSvg(build(), { locale: intlLocale() });
    return { title: f.title, svg: f.svg, width: f.width, height: f.height };
  }

  private async _selectFromPlot(index: number) {
    this._selected = index;
    const table = this.renderRoot.querySelector('mmdr-de-table') as DeTableView | null;
    await table?.reveal(index);
  }

  private _tableCard(r: ExpressionResult, rows: DeTableRow[]) {
    const s = this._s;
    const sel = this._selected >= 0 ? r.probes[this._selected] : null;
    return html`<section class="card" data-testid="de-card">
      <div class="head"><h3>${msg('Differential expression table', { id: 'expression.table.title' })}</h3>
        <mmdr-export-menu data-testid="de-export" .table=${() => this._deExport()} what=${msg('differential expression table', { id: 'expression.table.what' })}></mmdr-export-menu></div>
      <p class="caption">${msg('Click a row (or press Enter on it) to mark its probe on the volcano plot. Exports hold the rows shown, in this order, with full precision.', { id: 'expression.table.caption' })}
        ${sel ? html` ${msg('Selected:', { id: 'expression.table.selected' })} <b data-user data-testid="selected-probe">${sel}</b>` : nothing}</p>
      <mmdr-de-table .rows=${rows} .order=${r.order} basis=${s.foldChangeBasis} .hasP=${!!r.de.p} .hasB=${!!r.de.B} .selected=${this._selected}
        @row-select=${(e: CustomEvent<{ index: number }>) => { this._selected = e.detail.index; }}></mmdr-de-table>
    </section>`;
  }

  private _deExport() {
    const r = this._result!;
    const s = this._s;
    const table = this.renderRoot.querySelector('mmdr-de-table') as DeTableView | null;
    const rows = table?.shownRows ?? deTableRows(r, regulation(r, s), s.foldChangeBasis);
    return deExportTable(r, rows, { cutoff: s.foldChangeCutoff, basis: s.foldChangeBasis, maxAdjP: s.maxAdjP, methodName: r.de.foldChangeOnly ? msg('fold change only', { id: 'expression.fcOnly' }) : methodName(r.de.method) });
  }

  private _qcCard(r: ExpressionResult, cls: Int8Array) {
    const loc = intlLocale();
    const rows = qcRows(r);
    const cols = qcColumns(r);
    const colors = groupColors(r.groups, r.order);
    const scaleWord = r.analysedScale === 'log2' ? msg('log2 intensity', { id: 'expression.qc.log2Intensity' }) : msg('intensity', { id: 'expression.qc.intensity' });
    const n = r.normalization;
    const figs = this._qcFigures(r);
    const j = Math.min(this._maArray, r.arrays.length - 1);
    return html`<section class="card" data-testid="qc-card">
      <div class="head"><h3>${msg('Normalization and quality control', { id: 'expression.qc.heading' })}</h3>
        <mmdr-export-menu .table=${() => qcExportTable(this._result!, intlLocale())} what=${msg('QC table', { id: 'expression.qc.what' })}></mmdr-export-menu></div>
      ${n.selected != null ? html`<p class="headline" data-testid="qc-selected">${msg(str`${count(n.selected, loc)} of ${count(r.probes.length, loc)} probes were ≥ ${fixed(n.threshold, loc, 0)} in all ${r.arrays.length} arrays and set the normalization factors.`, { id: 'expression.qc.selected' })}</p>` : nothing}
      <p class="caption">${qcScaleNote(r)} ${r.readOut.controlNames.length ? msg(str`${count(r.readOut.controlNames.length, loc)} control names left out (${count(r.readOut.excludedRows, loc)} rows).`, { id: 'expression.qc.controls' }) : nothing}
        ${r.readOut.unmatchedRows ? msg(str`${count(r.readOut.unmatchedRows, loc)} rows were not in every file and were left out of the join.`, { id: 'expression.qc.unmatched' }) : nothing}</p>
      <div class="scroll"><table data-testid="qc-table">
        <thead><tr>${cols.map((c, i) => html`<th scope="col" class=${i >= 2 ? 'num' : ''}>${c}</th>`)}</tr></thead>
        <tbody>${rows.map((q) => html`<tr>
          <td data-user>${q.array}</td>
          <td><span class="swatch" style="background:${colors.get(q.group)}"></span><span data-user>${q.group || '–'}</span></td>
          <td class="num">${q.channel ?? '–'}</td><td class="num">${count(q.values, loc)}</td><td class="num">${count(q.missing, loc)}</td>
          <td class="num">${fixed(q.medianBefore, loc, 2)}</td><td class="num">${fixed(q.iqrBefore, loc, 2)}</td>
          <td class="num" data-testid="qc-factor">${q.factor == null ? '–' : fixed(q.factor, loc, 1)}</td>
          <td class="num">${fixed(q.medianAfter, loc, 2)}</td><td class="num">${fixed(q.iqrAfter, loc, 2)}</td></tr>`)}</tbody>
      </table></div>

      <div class="two sub">
        ${this._figureBlock(figs.boxBefore, 'box-before', () => this._qcFigures(this._result!).boxBefore, msg('boxplot before normalization', { id: 'expression.qc.whatBoxBefore' }))}
        ${this._figureBlock(figs.boxAfter, 'box-after', () => this._qcFigures(this._result!).boxAfter, msg('boxplot after normalization', { id: 'expression.qc.whatBoxAfter' }))}
        ${this._figureBlock(figs.densBefore, 'density-before', () => this._qcFigures(this._result!).densBefore, msg('densities before normalization', { id: 'expression.qc.whatDensBefore' }))}
        ${this._figureBlock(figs.densAfter, 'density-after', () => this._qcFigures(this._result!).densAfter, msg('densities after normalization', { id: 'expression.qc.whatDensAfter' }))}
      </div>
      <p class="caption">${msg(str`Boxes: quartiles and median of each array's ${scaleWord}; whiskers: minimum to maximum. After normalization the arrays should line up.`, { id: 'expression.qc.boxCaption' })}</p>

      <div class="head sub"><h3>${msg('Sample–sample correlation', { id: 'expression.corr.heading' })}</h3>
        <mmdr-export-menu .table=${() => correlationExportTable(this._result!)} what=${msg('correlation table', { id: 'expression.corr.what' })}></mmdr-export-menu></div>
      ${this._heat(r)}

      <div class="head sub"><h3>${msg('MA plot', { id: 'expression.ma.heading' })}</h3>
        <mmdr-export-menu .figure=${() => this._exportFigure(() => maFigure(this._result!, Math.min(this._maArray, this._result!.arrays.length - 1), regulation(this._result!, this._s), intlLocale()))}
          what=${msg('MA plot', { id: 'expression.ma.what' })}></mmdr-export-menu></div>
      <div class="inline" style="margin:.3rem 0">
        <label for="ma-array">${msg('Array', { id: 'expression.fig.array' })}</label>
        <select id="ma-array" data-testid="ma-array" data-user style="width:auto" @change=${(e: Event) => { this._maArray = Number((e.target as HTMLSelectElement).value); }}>
          ${r.arrays.map((a, k) => html`<option value=${k} ?selected=${k === j}>${a}${r.groups[k] ? ` (${r.groups[k]})` : ''}</option>`)}
        </select>
      </div>
      <mmdr-expression-plot data-testid="ma-plot" .figure=${this._maFigure(r, j, cls)} .selected=${this._selected} height="340"
        hint=${msg('M is the array’s log2 ratio against its group; a flat running median around 0 means no intensity-dependent bias.', { id: 'expression.ma.hint' })}></mmdr-expression-plot>
    </section>`;
  }

  /** The MA plot of array j (memoized so the plot is not rebuilt on every render). */
  private _maFigure(r: ExpressionResult, j: number, cls: Int8Array): PlotFigure {
    const key = JSON.stringify([j, this._memo?.key, intlLocale()]);
    if (this._maMemo?.r !== r || this._maMemo.key !== key) this._maMemo = { r, key, fig: maFigure(r, j, cls, intlLocale()) };
    return this._maMemo.fig;
  }

  private _figureBlock(fig: PlotFigure, testid: string, build: () => PlotFigure, what: string) {
    return html`<div>
      <div class="head"><h4 style="margin:.2rem 0;font-size:.95rem">${fig.title}</h4>
        <mmdr-export-menu .figure=${() => this._exportFigure(build)} what=${what}></mmdr-export-menu></div>
      <mmdr-expression-plot data-testid=${testid} .figure=${fig} height="280"></mmdr-expression-plot>
    </div>`;
  }

  private _qcFigCache: { r: ExpressionResult; loc: string; figs: Record<'boxBefore' | 'boxAfter' | 'densBefore' | 'densAfter', PlotFigure> } | null = null;

  /** Boxplots and densities before/after normalization (rebuilt per result and language). */
  private _qcFigures(r: ExpressionResult) {
    const loc = intlLocale();
    if (this._qcFigCache?.r === r && this._qcFigCache.loc === loc) return this._qcFigCache.figs;
    const word = r.analysedScale === 'log2' ? msg('log2 intensity', { id: 'expression.qc.log2Intensity' }) : msg('intensity', { id: 'expression.qc.intensity' });
    const figs = {
      boxBefore: boxFigure(r.qc.before, r, msg('Before normalization', { id: 'expression.qc.before' }), word),
      boxAfter: boxFigure(r.qc.after, r, msg('After normalization', { id: 'expression.qc.after' }), word),
      densBefore: densityFigure(r.qc.densityBefore, r, msg('Densities before normalization', { id: 'expression.qc.densBefore' }), word),
      densAfter: densityFigure(r.qc.densityAfter, r, msg('Densities after normalization', { id: 'expression.qc.densAfter' }), word),
    };
    this._qcFigCache = { r, loc, figs };
    return figs;
  }

  /** The correlation matrix as a heat table (white at the lowest r, dark blue at 1). */
  private _heat(r: ExpressionResult) {
    const nA = r.arrays.length;
    const c = r.qc.correlation;
    const loc = intlLocale();
    let lo = 1;
    for (let i = 0; i < nA; i++) for (let j = 0; j < nA; j++) if (i !== j && Number.isFinite(c[i * nA + j])) lo = Math.min(lo, c[i * nA + j]);
    const shade = (v: number) => {
      if (!Number.isFinite(v)) return 'background:#f3f3f3';
      const t = lo >= 1 ? 1 : Math.max(0, (v - lo) / (1 - lo));
      const R = Math.round(255 - t * (255 - 31));
      const G = Math.round(255 - t * (255 - 95));
      const B = Math.round(255 - t * (255 - 153));
      return `background:rgb(${R},${G},${B});color:${t > 0.55 ? '#fff' : '#1d2733'}`;
    };
    return html`<div class="scroll"><table class="heat" data-testid="corr-table" style="width:auto">
      <thead><tr><th></th>${r.arrays.map((a) => html`<th scope="col" data-user>${a}</th>`)}</tr></thead>
      <tbody>${r.arrays.map((a, i) => html`<tr><th scope="row" data-user>${a}</th>
        ${r.arrays.map((_, j) => html`<td style=${shade(c[i * nA + j])} title=${`${a} / ${r.arrays[j]}`}>${fixed(c[i * nA + j], loc, 3)}</td>`)}</tr>`)}</tbody>
    </table></div>
    <p class="caption">${msg(str`Pearson correlation of the normalized values between arrays (darker = more alike; scale from ${fixed(lo, loc, 3)} to 1). Arrays of one group should correlate more with each other.`, { id: 'expression.corr.caption' })}</p>`;
  }

  private _matrixCard(r: ExpressionResult) {
    const loc = intlLocale();
    return html`<section class="card" data-testid="matrix-card">
      <div class="head"><h3>${msg('Processed matrix', { id: 'expression.matrix.heading' })}</h3>
        <mmdr-export-menu data-testid="matrix-export" .table=${() => matrixExportTable(this._result!)} what=${msg('processed matrix', { id: 'expression.matrix.what' })}></mmdr-export-menu></div>
      <p class="caption">${r.analysedScale === 'log2'
        ? msg(str`${count(r.probes.length, loc)} probes × ${r.arrays.length} arrays, normalized and log2-transformed, for R, SPSS or MEV (empty cell = missing).`, { id: 'expression.matrix.caption' })
        : msg(str`${count(r.probes.length, loc)} probes × ${r.arrays.length} arrays, normalized (linear), for R, SPSS or MEV (empty cell = missing).`, { id: 'expression.matrix.captionLinear' })}</p>
    </section>`;
  }

  private _methodsCard(r: ExpressionResult) {
    return html`<section class="card">
      <h3>${msg('Methods', { id: 'expression.methods.heading' })}</h3>
      <p class="methods" data-testid="expression-methods">${methodsText(r, this._s, intlLocale())}</p>
    </section>`;
  }
}

declare global { interface HTMLElementTagNameMap { 'mmdr-expression-view': ExpressionView } }
