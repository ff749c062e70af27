import { LitElement, html, css, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import type { StudyRecord } from '../study/model.ts';
import {
  analysisKey, ArrayAnalysisSetupError, runStudyArrayAnalysis, studyArraySettings, type StudyArrayAnalysis,
} from '../app/array-analysis-client.ts';
import { workbench } from '../app/workbench-worker.ts';
import type { Progress } from '../worker/bridge.ts';
import { toNewick } from '../stats/cluster.ts';
import { intlLocale } from '../i18n/localization.ts';
import { safeFileName, saveBlob } from '../export/download.ts';
import { sharedStyles, analysisViewStyles } from './shared-styles.ts';
import { SettingsSaver } from './settings-saver.ts';
import type { ExportFigure } from './export-menu.ts';
import { colorScale, autoLimits, clusterColor, PALETTE_STOPS, type ColorScale, type Palette } from './clustering/colors.ts';
import { subtreeObservations, type TreeScale } from './clustering/dendrogram.ts';
import {
  axisName, clusterName, count, distanceName, fixed, heightMeaning, keyMeaning, linkageName, methodsText, paletteName, rowSourceName, valueTitle,
} from './clustering/format.ts';
import { heatmapSvg } from './clustering/heatmap-svg.ts';
import { buildHeatmap, cutHeatmap, type HeatmapCut, type HeatmapData } from './clustering/model.ts';
import { rowMatrix, searchTerms, selectRows, type RowSelection } from './clustering/rows.ts';
import {
  clusterKey, clusteringSettings, DEFAULT_CLUSTERING_SETTINGS, MAX_K, type ClusterAxis, type ClusteringSettings, type HeatmapLinkage, type RowSource,
} from './clustering/settings.ts';
import { clusterSizeRows, clusterSizeTable, membershipTable, orderedMatrixTable } from './clustering/tables.ts';
import './clustering/heatmap-canvas.ts';
import './export-menu.ts';

/** A saved study (the page persists it and hands the new record back). */
type SaveFn = (next: StudyRecord) => Promise<void>;

const errText = (e: unknown) => String((e as Error)?.message ?? e);
const isAbort = (e: unknown) => (e as Error)?.name === 'AbortError';
/** Probes listed in the selection card (all of them are copied and sent). */
const LIST_MAX = 400;

/** Which step of the work is running. */
type Busy = { stage: 'analysis' | 'cluster'; progress: Progress | null };

/**
 * The Clustering view (SPEC §4–5, issue 6): the study's normalized arrays (the Expression view's
 * analysis, src/app/array-analysis-client.ts) as a clustered heatmap. Choose the rows (the DE list
 * as in the paper's heatmap, all probes, or a search), the distance, the linkage, row z-scores and
 * what to cluster; the worker clusters (wasm kernels, fastcluster's numbers) with progress and
 * Cancel; the page draws the heatmap with both dendrograms, the colour key with editable limits,
 * the sample-group bar, zoom and pan and a hover read-out; clicking a branch selects its probes
 * (copy, send to Targets); the probe tree can be cut into k clusters. Exports: PNG and SVG of the
 * figure, the ordered matrix, the cluster membership, and the trees in Newick.
 * Settings persist in study.settings.clustering; the analysis and clustering progress is also
 * announced as `analysis-progress` events (detail {task: 'clustering', stage, done, total, phase}).
 */
@customElement('mmdr-clustering-view')
@localized()
export class ClusteringView extends LitElement {
  static styles = [sharedStyles, analysisViewStyles, css`
    .layout { display: grid; grid-template-columns: 19rem minmax(0, 1fr); gap: 1rem; align-items: start; }
    @media (max-width: 1000px) { .layout { grid-template-columns: 1fr; } }
    .field label, .check { font-size: .88rem; color: #3b4757; }
    .field select, .field input, .field textarea { width: 100%; box-sizing: border-box; font-size: .9rem; font-family: inherit; }
    .hint { font-size: .78rem; color: #5b6778; line-height: 1.3; }
    main { display: flex; flex-direction: column; gap: 1rem; min-width: 0; }
    .toolbar { display: flex; flex-wrap: wrap; gap: .4rem; align-items: center; }
    .toolbar .spacer { flex: 1; }
    .toolbar button { padding: .25rem .6rem; font-size: .85rem; }
    .busy { display: flex; gap: .6rem; align-items: center; flex-wrap: wrap; font-size: .88rem; }
    .busy progress { width: 16rem; }
    .key { display: flex; flex-wrap: wrap; gap: .3rem 1.2rem; align-items: flex-end; margin-top: .4rem; font-size: .85rem; }
    .key .bar { width: 220px; height: 12px; border: 1px solid #999; }
    .key .ticks { display: flex; justify-content: space-between; width: 222px; font-size: .78rem; font-variant-numeric: tabular-nums; }
    .key .limits { display: flex; gap: .4rem; align-items: center; }
    .key .limits input { width: 5.2rem; font-size: .85rem; padding: .2rem .35rem; }
    .key .limits button { padding: .2rem .5rem; font-size: .82rem; }
    .sw { display: inline-block; width: .8rem; height: .8rem; border-radius: 2px; vertical-align: -1px; margin-right: .35rem; }
    .probes { columns: 14rem auto; column-gap: 1.2rem; font-size: .85rem; margin: .4rem 0; padding-left: 1.1rem; }
    .probes li { break-inside: avoid; }
    .probes .up { color: #a4262c; }
    .probes .down { color: #1f5f99; }
    table.sizes { width: auto; }
    .methods { font-size: .9rem; line-height: 1.5; }
    .notes { font-size: .82rem; color: #3b4757; margin: .3rem 0 0; }
    .stale { opacity: .55; }
    details summary { cursor: pointer; }
    .intro { font-size: .88rem; color: #3b4757; margin: 0 0 .2rem; }
    .field-error { color: #7d1d22; font-size: .8rem; }
  `];

  /** The study whose arrays are clustered. */
  @property({ attribute: false }) study: StudyRecord | null = null;
  /** Persists a changed study (settings, the Targets selection). */
  @property({ attribute: false }) save: SaveFn | null = null;

  @state() private _s: ClusteringSettings = DEFAULT_CLUSTERING_SETTINGS;
  @state() private _analysis: StudyArrayAnalysis | null = null;
  @state() private _setupError: string | null = null;
  @state() private _error: string | null = null;
  @state() private _busy: Busy | null = null;
  @state() private _cancelled = false;
  @state() private _rows: RowSelection | null = null;
  @state() private _data: HeatmapData | null = null;
  @state() private _timing: { rowsMs: number; columnsMs: number } | null = null;
  @state() private _selected: number | null = null;
  @state() private _limitError = false;

  private _studyId = '';
  private _analysisKey = '';
  private _clusterKey = '';
  private _analysisAbort: AbortController | null = null;
  private _clusterAbort: AbortController | null = null;
  private _gen = 0;
  private _searchTimer: ReturnType<typeof setTimeout> | null = null;
  /** Saves this view's settings into study.settings.clustering, debounced. */
  private readonly _saver = new SettingsSaver<ClusteringSettings>(this, 'clustering');
  private _cutCache: { data: HeatmapData; k: number | null; cut: HeatmapCut | null } | null = null;
  private _scaleCache: { data: HeatmapData; key: string; scale: ColorScale } | null = null;

  protected willUpdate(changed: PropertyValues): void {
    if (changed.has('study') && this.study) {
      if (this.study.id !== this._studyId) {
        this._studyId = this.study.id;
        this._s = clusteringSettings(this.study.settings?.clustering);
        this._analysisKey = this._clusterKey = '';
        this._analysis = null;
        this._data = null;
        this._selected = null;
      }
      this._refresh();
    }
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this._analysisAbort?.abort();
    this._clusterAbort?.abort();
    // a new connection (tab switched back) starts over from the cached analysis
    this._analysisKey = this._clusterKey = '';
    this._busy = null;
  }

  connectedCallback(): void {
    super.connectedCallback();
    if (this.study && this._studyId && !this._analysisKey) this._refresh();
  }

  // ── state flow: study → array analysis (worker, cached) → rows (page) → clustering (worker) ──

  /** The analysis's identity: the arrays, the settings that change numbers, and the up/down classification. */
  private _currentAnalysisKey(st: StudyRecord): string {
    const a = studyArraySettings(st);
    return JSON.stringify([analysisKey(st, a), a.foldChangeCutoff, a.foldChangeBasis, a.maxAdjP]);
  }

  /** Starts whatever the study and settings invalidate. */
  private _refresh(force = false) {
    const st = this.study;
    if (!st) return;
    const aKey = this._currentAnalysisKey(st);
    if (aKey !== this._analysisKey || force) {
      this._analysisKey = aKey;
      this._clusterKey = '';
      void this._runAnalysis(st);
      return;
    }
    if (this._analysis) this._maybeCluster(force);
  }

  private async _runAnalysis(st: StudyRecord) {
    this._analysisAbort?.abort();
    this._clusterAbort?.abort();
    const ac = new AbortController();
    this._analysisAbort = ac;
    this._setupError = null;
    this._error = null;
    this._cancelled = false;
    this._busy = { stage: 'analysis', progress: null };
    try {
      const a = await runStudyArrayAnalysis(st, {
        signal: ac.signal,
        onProgress: (p) => { if (this._analysisAbort === ac) { this._busy = { stage: 'analysis', progress: p }; this._announce('analysis', p); } },
      });
      if (this._analysisAbort !== ac) return;
      this._analysis = a;
      // a cached analysis resolves in the same task: let the page paint before picking the rows
      await new Promise((r) => setTimeout(r, 0));
      if (this._analysisAbort !== ac) return;
      this._busy = null;
      this._maybeCluster(true);
    } catch (e) {
      if (this._analysisAbort !== ac) return;
      this._busy = null;
      this._analysis = null;
      this._data = null;
      if (isAbort(e)) this._cancelled = true;
      else if (e instanceof ArrayAnalysisSetupError) this._setupError = e.message;
      else this._error = msg(str`The array analysis failed: ${errText(e)}`, { id: 'clustering.error.analysis' });
    } finally {
      if (this._analysisAbort === ac) this._analysisAbort = null;
    }
  }

  /** Re-clusters when the rows or the clustering settings changed (drawing-only settings never re-run). */
  private _maybeCluster(force = false) {
    const a = this._analysis;
    if (!a) return;
    const s = this._s;
    const key = JSON.stringify([this._analysisKey, clusterKey(s)]);
    if (key === this._clusterKey && !force) return;
    this._clusterKey = key;
    const rows = selectRows(a, s);
    this._rows = rows;
    void this._cluster(a, rows);
  }

  private async _cluster(a: StudyArrayAnalysis, rows: RowSelection) {
    this._clusterAbort?.abort();
    const gen = ++this._gen;
    this._error = null;
    this._cancelled = false;
    const s = this._s;
    const n = rows.index.length;
    if (n < 2 && s.axis !== 'columns') {
      this._busy = null;
      this._data = null;
      return; // the main card explains (no rows, or one)
    }
    if (n < 1) { this._busy = null; this._data = null; return; }
    const ac = new AbortController();
    this._clusterAbort = ac;
    this._busy = { stage: 'cluster', progress: null };
    const values = rowMatrix(a.log2, rows.index);
    const log2 = values.slice();
    const probes = Array.from(rows.index, (i) => a.probes[i]);
    // progress messages travel on their own port and may arrive after the result: ignore them then
    let running = true;
    try {
      const r = await workbench.call('clusterHeatmap', [{
        values, nRows: n, nCols: a.arrays.length, rowLabels: probes, colLabels: a.arrays,
        distance: s.distance, linkage: s.linkage, zScore: s.zScore, axis: n < 2 ? 'columns' : s.axis,
      }], {
        signal: ac.signal,
        transfer: [values.buffer],
        onProgress: (p) => { if (running && gen === this._gen) { this._busy = { stage: 'cluster', progress: p }; this._announce('cluster', p); } },
      });
      if (gen !== this._gen) return;
      const up = new Set(a.up);
      const down = new Set(a.down);
      this._data = buildHeatmap({
        probes, arrays: a.arrays, groups: a.groups, log2, display: r.display, rowTree: r.rows, colTree: r.columns,
        regulation: Int8Array.from(probes, (p) => (up.has(p) ? 1 : down.has(p) ? -1 : 0)), settings: { ...s },
      });
      this._timing = { rowsMs: r.rowsMs, columnsMs: r.columnsMs };
      this._selected = null;
    } catch (e) {
      if (gen !== this._gen) return;
      if (isAbort(e)) { this._cancelled = true; this._data = null; }
      else { this._error = errText(e); this._data = null; }
    } finally {
      running = false;
      if (gen === this._gen) { this._busy = null; this._clusterAbort = null; }
    }
  }

  private _announce(stage: 'analysis' | 'cluster', p: Progress) {
    this.dispatchEvent(new CustomEvent('analysis-progress', { detail: { task: 'clustering', stage, ...p }, bubbles: true, composed: true }));
  }

  private _cancel() {
    this._analysisAbort?.abort();
    this._clusterAbort?.abort();
  }

  /** After a Cancel: re-cluster (the analysis is kept unless it was what got cancelled). */
  private _runAgain() {
    this._cancelled = false;
    if (this._analysis && this.study && this._currentAnalysisKey(this.study) === this._analysisKey) this._maybeCluster(true);
    else this._refresh(true);
  }

  /** Changes settings, re-runs what they affect and saves them with the study (debounced). */
  private _set(patch: Partial<ClusteringSettings>, debounceCluster = false) {
    this._s = { ...this._s, ...patch };
    if (debounceCluster) {
      if (this._searchTimer) clearTimeout(this._searchTimer);
      this._searchTimer = setTimeout(() => this._maybeCluster(), 400);
    } else {
      this._maybeCluster();
    }
    this._persist();
  }

  private _persist() {
    this._saver.schedule(this._s);
  }

  // ── derived ────────────────────────────────────────────────────────────────────────────────

  private _cut(): HeatmapCut | null {
    const d = this._data;
    if (!d) return null;
    const c = this._cutCache;
    if (c && c.data === d && c.k === this._s.k) return c.cut;
    const cut = cutHeatmap(d, this._s.k);
    this._cutCache = { data: d, k: this._s.k, cut };
    return cut;
  }

  private _scale(): ColorScale | null {
    const d = this._data;
    if (!d) return null;
    const lim = this._s.limits ?? autoLimits(d.display, d.zScored);
    const key = JSON.stringify([this._s.palette, lim]);
    const c = this._scaleCache;
    if (c && c.data === d && c.key === key) return c.scale;
    const scale = colorScale(this._s.palette, lim.low, lim.high);
    this._scaleCache = { data: d, key, scale };
    return scale;
  }

  private _title(): string {
    const d = this._data;
    const s = d?.settings ?? this._s;
    const loc = intlLocale();
    const n = d ? count(d.nRows, loc) : '';
    switch (s.rows) {
      case 'de': return msg(str`Heatmap of the ${n} differentially expressed probes`, { id: 'clustering.title.de' });
      case 'all': return msg(str`Heatmap of all ${n} probes`, { id: 'clustering.title.all' });
      case 'search': return msg(str`Heatmap of ${n} probes matching the search`, { id: 'clustering.title.search' });
    }
  }

  private _caption(d: HeatmapData): string[] {
    const s = d.settings;
    const parts = [msg(str`${distanceName(s.distance)}, ${linkageName(s.linkage)} linkage`, { id: 'clustering.caption.method' })];
    parts.push(s.zScore ? msg('rows z-scored', { id: 'clustering.caption.z' }) : msg('log2 values', { id: 'clustering.caption.log2' }));
    if (!d.rowTree) parts.push(msg('probes not clustered', { id: 'clustering.caption.noRows' }));
    if (!d.colTree) parts.push(msg('arrays not clustered', { id: 'clustering.caption.noCols' }));
    const a = this._analysis;
    const lines = [parts.join(' · ')];
    if (a && s.rows === 'de') lines.push(msg(str`Rows: fold change ≥ ${fixed(a.settings.foldChangeCutoff, intlLocale(), 1)} between ${a.groupOrder[1]} and ${a.groupOrder[0]}`, { id: 'clustering.caption.de' }));
    return lines;
  }

  private _summary(d: HeatmapData): string {
    const loc = intlLocale();
    return msg(str`Heatmap of ${count(d.nRows, loc)} probes by ${count(d.nCols, loc)} arrays; ${this._caption(d).join('; ')}.`, { id: 'clustering.summary' });
  }

  // ── render ─────────────────────────────────────────────────────────────────────────────────

  render() {
    const st = this.study;
    if (!st) return nothing;
    if (st.arrays.length === 0) {
      return html`<p class="muted" data-testid="clustering-no-arrays">${msg('This study has no arrays yet: add GenePix GPR files, a GEO series matrix or a matrix file, and give each array a sample group on the Arrays tab.', { id: 'clustering.error.noArrays' })}</p>`;
    }
    return html`<div class="layout">
      <aside aria-label=${msg('Clustering settings', { id: 'clustering.settings' })}>${this._controls()}</aside>
      <main>${this._main()}</main>
    </div>`;
  }

  private _controls() {
    const s = this._s;
    const loc = intlLocale();
    const a = this._analysis;
    const rows = this._rows;
    const opt = <T extends string>(value: T, sel: T, label: string) => html`<option value=${value} ?selected=${value === sel}>${label}</option>`;
    const deCount = a ? a.up.length + a.down.length : null;
    return html`
      <fieldset>
        <legend>${msg('Rows', { id: 'clustering.fs.rows' })}</legend>
        <div class="field">
          <label for="rows">${msg('Probes to show', { id: 'clustering.rowsLabel' })}</label>
          <select id="rows" data-testid="rows-source" @change=${(e: Event) => this._set({ rows: (e.target as HTMLSelectElement).value as RowSource })}>
            ${(['de', 'all', 'search'] as const).map((r) => opt(r, s.rows, rowSourceName(r)))}
          </select>
          <span class="hint">${s.rows === 'de'
            ? (a ? msg(str`${count(a.up.length, loc)} higher and ${count(a.down.length, loc)} lower in ${a.groupOrder[1]} (fold change ≥ ${fixed(a.settings.foldChangeCutoff, loc, 1)}, the Expression view's cut-off), as in the paper's heatmap.`, { id: 'clustering.hint.de' }) : nothing)
            : s.rows === 'all'
              ? msg('Every probe of the analysis (controls left out).', { id: 'clustering.hint.all' })
              : msg('Probe ids containing any of the words (separate them with spaces or commas), e.g. miR-15 miR-16.', { id: 'clustering.hint.search' })}</span>
        </div>
        ${s.rows === 'search' ? html`<div class="field">
          <label for="search">${msg('Search', { id: 'clustering.searchLabel' })}</label>
          <input id="search" data-testid="row-search" type="search" .value=${s.search}
            @input=${(e: Event) => this._set({ search: (e.target as HTMLInputElement).value }, true)}>
        </div>` : nothing}
        ${rows ? html`<p class="hint" data-testid="rows-count" data-rows=${rows.index.length}>${msg(str`${count(rows.index.length, loc)} probes to cluster`, { id: 'clustering.rowsCount' })}${rows.leftOut.length
          ? html` · ${msg(str`${count(rows.leftOut.length, loc)} left out (listed under the heatmap)`, { id: 'clustering.rowsLeftOut' })}` : nothing}</p>` : nothing}
        ${deCount === 0 && s.rows === 'de' ? html`<p class="hint">${msg('No probe passes the fold-change cut-off: choose All probes, or lower the cut-off in the Expression view.', { id: 'clustering.hint.noDe' })}</p>` : nothing}
      </fieldset>

      <fieldset>
        <legend>${msg('Clustering', { id: 'clustering.fs.method' })}</legend>
        <div class="field">
          <label for="distance">${msg('Distance', { id: 'clustering.distanceLabel' })}</label>
          <select id="distance" data-testid="distance" @change=${(e: Event) => this._set({ distance: (e.target as HTMLSelectElement).value as ClusteringSettings['distance'] })}>
            ${(['pearson', 'spearman', 'euclidean', 'cosine'] as const).map((m) => opt(m, s.distance, distanceName(m)))}
          </select>
        </div>
        <div class="field">
          <label for="linkage">${msg('Linkage', { id: 'clustering.linkageLabel' })}</label>
          <select id="linkage" data-testid="linkage" @change=${(e: Event) => this._set({ linkage: (e.target as HTMLSelectElement).value as HeatmapLinkage })}>
            ${(['average', 'weighted', 'complete', 'single', 'ward'] as const).map((l) => opt(l, s.linkage, linkageName(l)))}
          </select>
          <span class="hint">${s.linkage === 'weighted'
            ? msg('MEV 4.6 calls this “average linkage”; R calls it mcquitty.', { id: 'clustering.hint.weighted' })
            : s.linkage === 'ward' && s.distance !== 'euclidean'
              ? msg('Ward’s method assumes Euclidean distances; with a correlation distance its heights are not variances.', { id: 'clustering.hint.ward' })
              : msg('Average linkage is UPGMA (R: hclust(method = "average")).', { id: 'clustering.hint.average' })}</span>
        </div>
        <label class="check"><input type="checkbox" data-testid="zscore" .checked=${s.zScore} @change=${(e: Event) => this._set({ zScore: (e.target as HTMLInputElement).checked })}>
          ${msg('Z-score each probe (row) first', { id: 'clustering.zscore' })}</label>
        <div class="field">
          <label for="axis">${msg('Cluster', { id: 'clustering.axisLabel' })}</label>
          <select id="axis" data-testid="axis" @change=${(e: Event) => this._set({ axis: (e.target as HTMLSelectElement).value as ClusterAxis })}>
            ${(['both', 'rows', 'columns'] as const).map((x) => opt(x, s.axis, axisName(x)))}
          </select>
        </div>
      </fieldset>

      <fieldset>
        <legend>${msg('Clusters of probes', { id: 'clustering.fs.cut' })}</legend>
        <div class="field">
          <label for="k">${msg('Cut the probe tree into k clusters', { id: 'clustering.kLabel' })}</label>
          <div class="two">
            <input id="k" data-testid="cut-k" type="number" min="2" max=${MAX_K} step="1" placeholder=${msg('no cut', { id: 'clustering.kNone' })}
              .value=${s.k === null ? '' : String(s.k)} ?disabled=${s.axis === 'columns'} @change=${(e: Event) => this._setK(e.target as HTMLInputElement)}>
            <button data-testid="cut-clear" ?disabled=${s.k === null} @click=${() => this._set({ k: null })}>${msg('No cut', { id: 'clustering.kClear' })}</button>
          </div>
          <span class="hint">${msg(str`2 to ${MAX_K}; colours the branches and adds a cluster column. Same clusters as R's cutree(tree, k).`, { id: 'clustering.hint.k' })}</span>
        </div>
      </fieldset>

      <fieldset>
        <legend>${msg('Display', { id: 'clustering.fs.display' })}</legend>
        <div class="field">
          <label for="palette">${msg('Colour scale', { id: 'clustering.paletteLabel' })}</label>
          <select id="palette" data-testid="palette" @change=${(e: Event) => this._set({ palette: (e.target as HTMLSelectElement).value as Palette })}>
            ${(['bwr', 'puor', 'gkr'] as const).map((p) => opt(p, s.palette, paletteName(p)))}
          </select>
          <span class="hint">${msg('Limits: edit them under the heatmap.', { id: 'clustering.hint.limits' })}</span>
        </div>
        <div class="field">
          <label for="tree-scale">${msg('Tree heights', { id: 'clustering.treeScaleLabel' })}</label>
          <select id="tree-scale" data-testid="tree-scale" @change=${(e: Event) => this._set({ treeScale: (e.target as HTMLSelectElement).value as TreeScale })}>
            ${opt<TreeScale>('linear', s.treeScale, msg('To scale (as R, MEV)', { id: 'clustering.treeScale.linear' }))}
            ${opt<TreeScale>('sqrt', s.treeScale, msg('Square root (spreads the low merges)', { id: 'clustering.treeScale.sqrt' }))}
            ${opt<TreeScale>('rank', s.treeScale, msg('Merge order (shape only)', { id: 'clustering.treeScale.rank' }))}
          </select>
          <span class="hint">${msg('When one merge is far above the rest, the branches below are squeezed against the heatmap: spread them to see and click them. The clusters do not change.', { id: 'clustering.hint.treeScale' })}</span>
        </div>
      </fieldset>`;
  }

  private _setK(input: HTMLInputElement) {
    const t = input.value.trim();
    if (t === '') { this._set({ k: null }); return; }
    const k = Number(t);
    const max = Math.min(MAX_K, this._data?.nRows ?? MAX_K);
    if (!Number.isInteger(k) || k < 2 || k > max) { input.value = this._s.k === null ? '' : String(this._s.k); return; }
    this._set({ k });
  }

  private _progressText(b: Busy): string {
    const loc = intlLocale();
    const p = b.progress;
    if (b.stage === 'analysis') {
      return p ? msg(str`Reading and normalizing the arrays (step ${count(p.done + 1, loc)} of ${count(p.total, loc)})…`, { id: 'clustering.busy.analysisStep' })
        : msg('Reading and normalizing the arrays…', { id: 'clustering.busy.analysis' });
    }
    if (!p) return msg('Clustering in the analysis worker…', { id: 'clustering.busy.cluster' });
    const done = count(p.done, loc);
    const total = count(p.total, loc);
    switch (p.phase) {
      case 'rows:distance': return msg(str`Distances between probes: ${done} of ${total} probes`, { id: 'clustering.busy.rowsDistance' });
      case 'rows:linkage': return msg(str`Joining probes into a tree: ${done} of ${total} merges`, { id: 'clustering.busy.rowsLinkage' });
      case 'columns:distance': return msg(str`Distances between arrays: ${done} of ${total} arrays`, { id: 'clustering.busy.colsDistance' });
      case 'columns:linkage': return msg(str`Joining arrays into a tree: ${done} of ${total} merges`, { id: 'clustering.busy.colsLinkage' });
      default: return msg('Clustering in the analysis worker…', { id: 'clustering.busy.cluster' });
    }
  }

  private _main() {
    const b = this._busy;
    const d = this._data;
    const rows = this._rows;
    const s = this._s;
    const loc = intlLocale();
    const parts: unknown[] = [];
    if (this._setupError) {
      parts.push(html`<p class="error" role="alert" data-testid="clustering-setup-error">${this._setupError}</p>`);
      return parts;
    }
    if (this._error) parts.push(html`<p class="error" role="alert" data-testid="clustering-error">${msg(str`The clustering failed: ${this._error}`, { id: 'clustering.error.cluster' })}</p>`);
    if (b) {
      const p = b.progress;
      parts.push(html`<section class="card busy" data-testid="cluster-progress" data-stage=${b.stage} data-phase=${p?.phase ?? ''}>
        <span role="status">${this._progressText(b)}</span>
        ${p && p.total > 0 ? html`<progress max=${p.total} .value=${p.done} aria-label=${msg('Clustering progress', { id: 'clustering.progressLabel' })}></progress>` : html`<progress aria-label=${msg('Clustering progress', { id: 'clustering.progressLabel' })}></progress>`}
        <button data-testid="cluster-cancel" @click=${this._cancel}>${msg('Cancel', { id: 'common.cancel' })}</button>
      </section>`);
    }
    if (this._cancelled && !b) {
      parts.push(html`<section class="card busy" data-testid="cluster-cancelled"><span role="status">${msg('Clustering cancelled. Nothing was kept.', { id: 'clustering.cancelled' })}</span>
        <button data-testid="cluster-rerun" @click=${this._runAgain}>${msg('Run again', { id: 'clustering.rerun' })}</button></section>`);
    }
    if (!b && this._analysis && rows && rows.index.length < 2 && s.axis !== 'columns') {
      parts.push(html`<p class="muted card" data-testid="clustering-too-few">${s.rows === 'search' && searchTerms(s.search).length === 0
        ? msg('Type probe ids (or parts of them) in the search box.', { id: 'clustering.tooFew.search' })
        : msg(str`${count(rows.index.length, loc)} probes match: clustering needs at least two.`, { id: 'clustering.tooFew' })}</p>`);
    }
    if (d) parts.push(this._heatmapCard(d, b !== null));
    if (d) {
      const cut = this._cut();
      if (cut) parts.push(this._clustersCard(d, cut));
      if (this._selected !== null && d.rowDendro) parts.push(this._selectionCard(d, this._selected));
      if (rows?.leftOut.length) parts.push(this._leftOutCard(rows));
      parts.push(this._methodsCard(d));
    }
    return parts;
  }

  private _heatmapCard(d: HeatmapData, stale: boolean) {
    const loc = intlLocale();
    const cut = this._cut();
    const scale = this._scale()!;
    const t = this._timing;
    const title = this._title();
    return html`<section class="card ${stale ? 'stale' : ''}" aria-labelledby="hm-title" data-testid="heatmap-card" data-rows=${d.nRows} data-cols=${d.nCols}>
      <div class="toolbar">
        <div>
          <h3 id="hm-title" data-testid="heatmap-title">${title}</h3>
          <p class="muted" style="margin:0">${this._caption(d).join(' · ')}${t ? html` · <span data-testid="cluster-time">${msg(str`clustered in ${count(Math.max(1, Math.round(t.rowsMs + t.columnsMs)), loc)} ms`, { id: 'clustering.time' })}</span>` : nothing}</p>
        </div>
        <span class="spacer"></span>
        <mmdr-export-menu data-testid="figure-export" .figure=${() => this._figureExport()} what=${msg('heatmap', { id: 'clustering.what.figure' })}></mmdr-export-menu>
      </div>
      <div class="toolbar" style="margin:.3rem 0 .5rem">
        <span class="muted" style="font-size:.85rem">${msg('Trees (Newick):', { id: 'clustering.newickLabel' })}</span>
        ${d.rowTree ? html`<button data-testid="newick-rows" @click=${() => this._newick('rows')}>${msg('Probe tree', { id: 'clustering.newickRows' })}</button>` : nothing}
        ${d.colTree ? html`<button data-testid="newick-columns" @click=${() => this._newick('columns')}>${msg('Array tree', { id: 'clustering.newickColumns' })}</button>` : nothing}
        <span class="spacer"></span>
        <span class="muted" style="font-size:.85rem">${msg('Ordered matrix:', { id: 'clustering.matrixLabel' })}</span>
        <mmdr-export-menu data-testid="matrix-export" .table=${() => orderedMatrixTable(d, this._cut(), msg(str`${this._title()} – values in heatmap order`, { id: 'clustering.matrixTitle' }))}
          what=${msg('ordered matrix', { id: 'clustering.what.matrix' })}></mmdr-export-menu>
      </div>
      <mmdr-heatmap .data=${d} .scale=${scale} .cut=${cut} .selected=${this._selected} .summary=${this._summary(d)} .treeScale=${this._s.treeScale}
        @node-select=${(e: CustomEvent<{ step: number | null }>) => { this._selected = e.detail.step; }}></mmdr-heatmap>
      ${this._key(d, scale)}
    </section>`;
  }

  /** The colour key, with the limits to edit. */
  private _key(d: HeatmapData, scale: ColorScale) {
    const loc = intlLocale();
    const stops = PALETTE_STOPS[scale.palette];
    const auto = this._s.limits === null;
    const nf = (x: number) => fixed(x, loc, 2);
    return html`<div class="key" data-testid="colour-key" data-low=${scale.low} data-high=${scale.high}>
      <div>
        <div style="font-weight:600;margin-bottom:.2rem">${valueTitle(d.zScored)}</div>
        <div class="bar" style="background:linear-gradient(to right, ${stops.join(', ')})"></div>
        <div class="ticks"><span>≤ ${nf(scale.low)}</span><span>${nf((scale.low + scale.high) / 2)}</span><span>≥ ${nf(scale.high)}</span></div>
      </div>
      <div class="limits">
        <label for="low">${msg('Low', { id: 'clustering.limitLow' })}</label>
        <input id="low" data-testid="limit-low" type="number" step="0.1" .value=${String(+scale.low.toFixed(3))} @change=${(e: Event) => this._setLimit('low', e.target as HTMLInputElement)}>
        <label for="high">${msg('High', { id: 'clustering.limitHigh' })}</label>
        <input id="high" data-testid="limit-high" type="number" step="0.1" .value=${String(+scale.high.toFixed(3))} @change=${(e: Event) => this._setLimit('high', e.target as HTMLInputElement)}>
        <button data-testid="limits-auto" ?disabled=${auto} @click=${() => this._set({ limits: null })}>${msg('Automatic', { id: 'clustering.limitsAuto' })}</button>
      </div>
      <span class="hint">${auto
        ? (d.zScored ? msg('Automatic: symmetric at the 99th percentile of |z|.', { id: 'clustering.limits.autoZ' }) : msg('Automatic: the 1st and 99th percentiles.', { id: 'clustering.limits.autoRaw' }))
        : msg('Values beyond the limits take the end colours.', { id: 'clustering.limits.manual' })}
        ${this._limitError ? html`<span class="field-error" role="alert"> ${msg('Low must be below high.', { id: 'clustering.limits.error' })}</span>` : nothing}</span>
    </div>
    <p class="hint" data-testid="key-meaning" style="margin:.3rem 0 0">${keyMeaning(scale.palette, d.zScored)}</p>`;
  }

  private _setLimit(which: 'low' | 'high', input: HTMLInputElement) {
    const scale = this._scale();
    if (!scale) return;
    const v = Number(input.value.replace(',', '.'));
    const next = { low: scale.low, high: scale.high, [which]: v };
    if (!Number.isFinite(v) || !(next.high > next.low)) {
      this._limitError = true;
      input.value = String(+scale[which].toFixed(3));
      return;
    }
    this._limitError = false;
    this._set({ limits: next });
  }

  private _clustersCard(d: HeatmapData, cut: HeatmapCut) {
    const loc = intlLocale();
    const rows = clusterSizeRows(d, cut);
    const withReg = d.regulation !== null && d.settings.rows === 'de';
    return html`<section class="card" aria-labelledby="cl-title" data-testid="clusters-card" data-k=${cut.k}>
      <div class="toolbar">
        <h3 id="cl-title">${msg(str`${cut.k} clusters of probes`, { id: 'clustering.clustersTitle' })}</h3>
        <span class="spacer"></span>
        <mmdr-export-menu data-testid="membership-export" .table=${() => membershipTable(d, cut, msg(str`${this._title()} – cluster membership (k = ${cut.k})`, { id: 'clustering.membershipTitle' }))}
          what=${msg('cluster membership', { id: 'clustering.what.membership' })}></mmdr-export-menu>
      </div>
      <p class="intro">${msg('Listed top to bottom as on the heatmap; numbered as R’s cutree numbers them.', { id: 'clustering.clustersIntro' })}</p>
      <table class="sizes" data-testid="cluster-sizes">
        <thead><tr><th scope="col">${msg('Cluster', { id: 'clustering.col.cluster' })}</th><th scope="col" class="num">${msg('Probes', { id: 'clustering.col.probes' })}</th>
          ${withReg ? html`<th scope="col" class="num">${msg('Up', { id: 'clustering.col.up' })}</th><th scope="col" class="num">${msg('Down', { id: 'clustering.col.down' })}</th>` : nothing}</tr></thead>
        <tbody>${rows.map((r) => html`<tr data-testid="cluster-size" data-cluster=${r.cluster} data-size=${r.size}>
          <th scope="row"><span class="sw" style="background:${clusterColor(r.cluster)}"></span>${clusterName(r.cluster)}</th>
          <td class="num">${count(r.size, loc)}</td>
          ${withReg ? html`<td class="num">${count(r.up, loc)}</td><td class="num">${count(r.down, loc)}</td>` : nothing}</tr>`)}</tbody>
      </table>
      ${withReg && this._analysis ? html`<p class="notes">${msg(str`Up and down: higher or lower in ${this._analysis.groupOrder[1]} than in ${this._analysis.groupOrder[0]}.`, { id: 'clustering.clustersUpDown' })}</p>` : nothing}
      <mmdr-export-menu style="margin-top:.5rem" .table=${() => clusterSizeTable(d, cut, msg(str`${this._title()} – cluster sizes (k = ${cut.k})`, { id: 'clustering.sizesTitle' }))}
        what=${msg('cluster sizes', { id: 'clustering.what.sizes' })}></mmdr-export-menu>
    </section>`;
  }

  private _selectedProbes(d: HeatmapData, step: number): string[] {
    return Array.from(subtreeObservations(d.rowDendro!, step), (r) => d.probes[r]);
  }

  private _selectionCard(d: HeatmapData, step: number) {
    const loc = intlLocale();
    const obs = subtreeObservations(d.rowDendro!, step);
    const reg = d.regulation;
    let up = 0;
    let down = 0;
    if (reg) for (const r of obs) { if (reg[r] > 0) up++; else if (reg[r] < 0) down++; }
    const shown = Array.from(obs.subarray(0, LIST_MAX));
    const a = this._analysis;
    return html`<section class="card" aria-labelledby="sel-title" data-testid="selection-card" data-count=${obs.length}>
      <div class="toolbar">
        <h3 id="sel-title">${msg(str`Selected branch: ${count(obs.length, loc)} probes`, { id: 'clustering.selectionTitle' })}</h3>
        <span class="spacer"></span>
        <button data-testid="copy-names" @click=${() => this._copyNames(d, step)}>${msg('Copy names', { id: 'clustering.copyNames' })}</button>
        <button class="primary" data-testid="send-targets" @click=${() => this._sendToTargets(d, step)}>${msg('Send to Targets', { id: 'clustering.sendTargets' })}</button>
        <button data-testid="selection-clear" @click=${() => { this._selected = null; }}>${msg('Clear selection', { id: 'clustering.selectionClear' })}</button>
      </div>
      <p class="intro">${msg(str`Joined at height ${fixed(d.rowDendro!.h[step], loc, 3)}.`, { id: 'clustering.selectionHeight' })}${(() => {
        const m = heightMeaning(d.settings.distance, d.settings.linkage, d.rowDendro!.h[step], loc);
        return m ? html` <span class="muted">(${m})</span>` : nothing;
      })()}
        ${reg && a && d.settings.rows === 'de' ? msg(str`${count(up, loc)} higher and ${count(down, loc)} lower in ${a.groupOrder[1]}.`, { id: 'clustering.selectionUpDown' }) : nothing}</p>
      <ol class="probes" data-testid="selected-probes">${shown.map((r) => html`<li data-testid="selected-probe" data-user class=${reg ? (reg[r] > 0 ? 'up' : reg[r] < 0 ? 'down' : '') : ''}>${d.probes[r]}</li>`)}</ol>
      ${obs.length > LIST_MAX ? html`<p class="muted">${msg(str`… and ${count(obs.length - LIST_MAX, loc)} more (Copy names and Send to Targets take them all).`, { id: 'clustering.selectionMore' })}</p>` : nothing}
      <p class="hint">${msg('Send to Targets keeps this list with the study: the Targets view uses it as its miRNA list.', { id: 'clustering.hint.send' })}</p>
    </section>`;
  }

  private async _copyNames(d: HeatmapData, step: number) {
    const names = this._selectedProbes(d, step);
    try {
      await navigator.clipboard.writeText(names.join('\n') + '\n');
      this._toast(msg(str`${count(names.length, intlLocale())} probe names copied.`, { id: 'clustering.copied' }));
    } catch (e) {
      this._toast(msg(str`Could not copy: ${errText(e)}`, { id: 'clustering.copyFailed' }), 'error');
    }
  }

  /**
   * Stores the branch's probe ids with the study as the Targets selection
   * (study.settings.targets.selection), and as the Targets view's pasted list (source 'list').
   */
  private async _sendToTargets(d: HeatmapData, step: number) {
    const st = this.study;
    if (!st || !this.save) return;
    const names = this._selectedProbes(d, step);
    try {
      await this._saver.flush(); // pending settings first, so this save is on the latest revision
      await new Promise((r) => setTimeout(r, 0));
      const cur = this.study ?? st;
      const prev = (cur.settings?.targets && typeof cur.settings.targets === 'object' ? cur.settings.targets : {}) as Record<string, unknown>;
      await this.save({ ...cur, settings: { ...cur.settings, clustering: this._s, targets: { ...prev, selection: names, source: 'list', list: names.join('\n') } } });
      this._toast(msg(str`${count(names.length, intlLocale())} probes sent to the Targets view.`, { id: 'clustering.sent' }));
    } catch (e) {
      this._toast(msg(str`Could not save the selection: ${errText(e)}`, { id: 'clustering.sendFailed' }), 'error');
    }
  }

  private _leftOutCard(rows: RowSelection) {
    const loc = intlLocale();
    const reason = (r: RowSelection['leftOut'][number]['reason']) => {
      switch (r) {
        case 'noValues': return msg('no value in any array', { id: 'clustering.leftOut.noValues' });
        case 'constant': return msg('the same value in every array (no spread to z-score or correlate)', { id: 'clustering.leftOut.constant' });
        case 'allZero': return msg('all zeros (no cosine distance)', { id: 'clustering.leftOut.allZero' });
      }
    };
    return html`<section class="card"><details data-testid="left-out">
      <summary>${msg(str`${count(rows.leftOut.length, loc)} probes left out, and why`, { id: 'clustering.leftOutSummary' })}</summary>
      <table style="margin-top:.5rem;width:auto"><thead><tr><th scope="col">${msg('Probe', { id: 'clustering.col.probe' })}</th><th scope="col">${msg('Reason', { id: 'clustering.col.reason' })}</th></tr></thead>
        <tbody>${rows.leftOut.slice(0, 500).map((x) => html`<tr><td data-user>${x.probe}</td><td>${reason(x.reason)}</td></tr>`)}</tbody></table>
    </details></section>`;
  }

  private _methodsCard(d: HeatmapData) {
    const a = this._analysis;
    const s = d.settings;
    const text = methodsText({
      rows: d.nRows, arrays: d.nCols, rowSource: s.rows,
      de: a ? { up: a.up.length, down: a.down.length, reference: a.groupOrder[0], comparison: a.groupOrder[1], cutoff: a.settings.foldChangeCutoff } : undefined,
      distance: s.distance, linkage: s.linkage, zScore: s.zScore, axis: d.rowTree && d.colTree ? 'both' : d.rowTree ? 'rows' : 'columns',
      k: this._cut()?.k ?? null, leftOut: this._rows?.leftOut.length ?? 0, loc: intlLocale(),
    });
    return html`<section class="card" aria-labelledby="methods-title">
      <h3 id="methods-title">${msg('Methods', { id: 'clustering.methods' })}</h3>
      <p class="methods" data-testid="clustering-methods">${text}</p>
    </section>`;
  }

  // ── exports ────────────────────────────────────────────────────────────────────────────────

  /** The figure for the export menu (called with the export language active). */
  private _figureExport(): ExportFigure {
    const d = this._data!;
    const scale = this._scale()!;
    const title = this._title();
    const r = heatmapSvg(d, {
      title, caption: this._caption(d), scale, cut: this._cut(), locale: intlLocale(), keyTitle: valueTitle(d.zScored), treeScale: this._s.treeScale,
      clusterLabel: clusterName, missingLabel: msg('missing', { id: 'clustering.missing' }),
      noGroupLabel: msg('no group', { id: 'clustering.noGroup' }),
      binnedNote: (bin, rows) => msg(str`The cells of ${count(rows, intlLocale())} probes are drawn as the mean of ${bin} neighbouring rows (the tree keeps every probe).`, { id: 'clustering.binnedNote' }),
    });
    return { title, svg: r.svg, width: r.width, height: r.height };
  }

  private _newick(axis: 'rows' | 'columns') {
    const d = this._data;
    const tree = axis === 'rows' ? d?.rowTree : d?.colTree;
    if (!tree) return;
    const title = axis === 'rows' ? msg(str`${this._title()} – probe tree`, { id: 'clustering.newickRowsTitle' }) : msg(str`${this._title()} – array tree`, { id: 'clustering.newickColumnsTitle' });
    saveBlob(new Blob([toNewick(tree) + '\n'], { type: 'text/plain;charset=utf-8' }), safeFileName(title, 'nwk'));
  }

  private _toast(text: string, kind: 'info' | 'error' = 'info') {
    this.dispatchEvent(new CustomEvent('toast', { detail: { text, kind }, bubbles: true, composed: true }));
  }
}

declare global { interface HTMLElementTagNameMap { 'mmdr-clustering-view': ClusteringView } }
