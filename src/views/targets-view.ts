import { LitElement, html, css, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { localized, msg, str } from '@lit/localize';
import type { StudyRecord } from '../study/model.ts';
import { splitMirnaList } from '../study/mirna-names.ts';
import { listResources, type ResourceRecord } from '../storage/resources.ts';
import { runTargetsAnalysis } from '../app/resource-actions.ts';
import { runStudyArrayAnalysis, type StudyArrayAnalysis } from '../app/array-analysis-client.ts';
import type { Progress } from '../worker/bridge.ts';
import type { TargetsAnalysisRequest, TargetsAnalysisResult } from '../worker/api/targets-api.ts';
import type { EnrichedSet } from '../stats/enrichment.ts';
import { intlLocale } from '../i18n/localization.ts';
import type { ExportFigure } from './export-menu.ts';
import { sharedStyles, analysisViewStyles } from './shared-styles.ts';
import { SettingsSaver } from './settings-saver.ts';
import { normalizeTargetsSettings, type TargetsSettings } from './targets/settings.ts';
import { PAPER_CORE, regulatedList } from './targets/selection.ts';
import { fmtFixed, fmtInt, fmtNum, fmtP, unmatchedReasonText } from './targets/format.ts';
import { dotPlotSvg } from './targets/dotplot-svg.ts';
import { bipartiteModel, findNode, neighbours, shortLabel, synergyModel, type NetworkModel } from './targets/network-model.ts';
import { networkSvg } from './targets/network-svg.ts';
import { enrichmentTable, methodsEnrichment, synergyTable, targetGenesTable, type TablesContext } from './targets/tables.ts';
import type { NetworkCanvas } from './targets/network-canvas.ts';
import './targets/network-canvas.ts';
import './targets/resources-panel.ts';
import './export-menu.ts';

/** A saved study (the page persists it and hands the new record back). */
type SaveFn = (next: StudyRecord) => Promise<void>;

const errText = (e: unknown) => String((e as Error)?.message ?? e);
const isAbort = (e: unknown) => (e as Error)?.name === 'AbortError';

/** Rows of the long tables shown before "Show more". */
const PAGE = 50;

/**
 * The Targets & network view (SPEC §4–5, issue 7). From the study's up- or down-regulated miRNAs
 * (the array analysis at a chosen fold change) or a pasted list, with a miRNA–target table and a
 * gene-set file kept in this browser for every study: the names matched to the table (unmatched
 * ones listed with reason and candidates), the target genes with their supporting miRNAs,
 * over-representation per gene set (table and dot plot), and the network — the miRNA–miRNA
 * synergy graph or the miRNA–target graph — laid out interactively, searchable, with a miRNA's
 * neighbourhood lit up. Every number comes from the analysis worker (targetsAnalysis); the page
 * lays out and draws. Settings persist in study.settings.targets.
 */
@customElement('mmdr-targets-view')
@localized()
export class TargetsView extends LitElement {
  static styles = [sharedStyles, analysisViewStyles, css`
    .layout { display: grid; grid-template-columns: 19rem minmax(0, 1fr); gap: 1rem; align-items: start; margin-top: 1rem; }
    @media (max-width: 1000px) { .layout { grid-template-columns: 1fr; } }
    .field label, .check, .radio { font-size: .88rem; color: #3b4757; }
    .field select, .field input, .field textarea { width: 100%; box-sizing: border-box; font-size: .9rem; }
    textarea { font: inherit; font-size: .85rem; padding: .35rem .5rem; border: 1px solid var(--line, #c6ceda); border-radius: 5px; min-height: 5.5rem; resize: vertical; }
    .radio { display: flex; gap: .4rem; align-items: flex-start; margin-top: .35rem; }
    .radio input { margin-top: .2rem; }
    .hint { font-size: .78rem; color: #5b6778; line-height: 1.35; margin-top: .25rem; }
    .inline { display: flex; gap: .4rem; align-items: center; flex-wrap: wrap; }
    .inline button { padding: .2rem .55rem; font-size: .82rem; }
    main { display: flex; flex-direction: column; gap: 1rem; min-width: 0; }
    .card h3 { margin-bottom: .2rem; }
    .head { display: flex; flex-wrap: wrap; gap: .5rem; align-items: baseline; justify-content: space-between; }
    .intro { font-size: .88rem; color: #3b4757; margin: .2rem 0 .6rem; max-width: 60rem; }
    .headline { font-size: .98rem; margin: .2rem 0 .5rem; padding: .45rem .7rem; background: #f3f7fc; border-left: 4px solid var(--accent, #1f5f99); border-radius: 4px; }
    .scroll { overflow-x: auto; }
    .scroll td { white-space: nowrap; }
    td.wrap { white-space: normal; max-width: 28rem; font-size: .82rem; }
    th.sortable { cursor: pointer; user-select: none; }
    th.sortable:hover { background: #eef3f9; }
    th { font-size: .84rem; vertical-align: bottom; }
    .controls { display: flex; flex-wrap: wrap; gap: .4rem .9rem; align-items: center; margin: .3rem 0 .6rem; font-size: .88rem; color: #3b4757; }
    .controls select, .controls input { font-size: .85rem; padding: .2rem .35rem; }
    .controls input[type="number"] { width: 5.5rem; }
    .controls input[type="search"] { width: 14rem; }
    .fig { overflow-x: auto; }
    .fig svg { max-width: 100%; height: auto; }
    .net { display: grid; grid-template-columns: minmax(0, 1fr) 17rem; gap: .8rem; align-items: start; }
    @media (max-width: 1200px) { .net { grid-template-columns: 1fr; } }
    .focus { border: 1px solid #dde3eb; border-radius: 8px; padding: .5rem .7rem; font-size: .86rem; max-height: 560px; overflow: auto; background: #fbfcfe; }
    .focus h4 { margin: 0 0 .3rem; font-size: .95rem; word-break: break-all; }
    .focus ol { margin: .2rem 0; padding-left: 1.3rem; }
    .focus li { margin: .1rem 0; }
    .notes { font-size: .82rem; color: #3b4757; margin: .5rem 0 0; padding-left: 1.1rem; }
    .notes li { margin: .15rem 0; }
    .busy { color: #5b6778; font-size: .85rem; }
    progress { width: 100%; }
    .res .muted { margin: 0; font-size: .88rem; }
    [hidden] { display: none !important; }
    td.genes { white-space: normal; min-width: 18rem; max-width: 30rem; font-size: .8rem; }
    .miss { color: #7d1d22; font-size: .85rem; }
    .core { font-weight: 600; }
    .methods { font-size: .82rem; color: #3b4757; line-height: 1.45; }
    .more { margin-top: .4rem; }
  `];

  /** The study whose miRNAs are analysed. */
  @property({ attribute: false }) study: StudyRecord | null = null;
  /** Persists a changed study (settings). */
  @property({ attribute: false }) save: SaveFn | null = null;

  @state() private _s: TargetsSettings = normalizeTargetsSettings(undefined);
  @state() private _resources: ResourceRecord[] | null = null;
  @state() private _de: StudyArrayAnalysis | null = null;
  @state() private _deError: string | null = null;
  @state() private _deProgress: Progress | null = null;
  @state() private _result: TargetsAnalysisResult | null = null;
  @state() private _error: string | null = null;
  @state() private _running = false;
  @state() private _focus = -1;
  @state() private _searchMiss = '';
  @state() private _genesQuery = '';
  @state() private _genesSort: { key: 'gene' | 'n' | 'score'; desc: boolean } = { key: 'n', desc: true };
  @state() private _genesShown = PAGE;
  @state() private _setsSort: { key: 'p' | 'fold' | 'overlap' | 'size' | 'name'; desc: boolean } = { key: 'p', desc: false };
  @state() private _setsShown = 25;
  @state() private _resOpen: boolean | null = null;

  @query('mmdr-network-canvas') private _canvas?: NetworkCanvas;

  private _studyId = '';
  private _deKey = '';
  private _deAbort: AbortController | null = null;
  private _reqKey = '';
  private _gen = 0;
  /** Saves this view's settings into study.settings.targets, debounced. */
  private readonly _saver = new SettingsSaver<TargetsSettings>(this, 'targets');
  private _model: { key: string; result: TargetsAnalysisResult; model: NetworkModel } | null = null;

  connectedCallback(): void {
    super.connectedCallback();
    void this._loadResources();
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this._deAbort?.abort();
  }

  protected willUpdate(changed: PropertyValues): void {
    if (changed.has('study') && this.study) {
      if (this.study.id !== this._studyId) {
        this._studyId = this.study.id;
        const saved = this.study.settings?.targets;
        this._s = normalizeTargetsSettings(saved);
        // a study without arrays has no up/down lists: start with a pasted list
        if (!saved && this.study.arrays.length === 0) this._s = { ...this._s, source: 'list' };
        this._deKey = this._reqKey = '';
        this._de = null;
        this._result = null;
        this._focus = -1;
      }
      this._refresh();
    }
  }

  // ── state flow: resources + selection → (array analysis) → targets analysis (worker) ──────────

  private async _loadResources() {
    try {
      this._resources = await listResources();
    } catch (e) {
      this._resources = [];
      this._error = errText(e);
    }
    this._refresh();
  }

  /** The resource of a kind this study uses: the chosen one, else the demo's (synthetic study), else the newest. */
  private _resource(kind: 'targets' | 'gmt'): ResourceRecord | null {
    const list = (this._resources ?? []).filter((r) => r.kind === kind);
    const id = kind === 'targets' ? this._s.targetsId : this._s.gmtId;
    const chosen = list.find((r) => r.id === id);
    if (chosen) return chosen;
    if (this.study?.synthetic) {
      const demo = list.find((r) => r.synthetic);
      if (demo) return demo;
    }
    return list.at(-1) ?? null;
  }

  /** The miRNA names of the current selection, or null while the array analysis runs. */
  private _selected(): string[] | null {
    const s = this._s;
    if (s.source === 'list') return splitMirnaList(s.list);
    if (!this.study?.arrays.length) return [];
    if (!this._de) return null;
    return regulatedList(this._de, s.source, s.foldChange);
  }

  private _refresh() {
    const st = this.study;
    if (!st || this._resources === null) return;
    const s = this._s;
    if (s.source !== 'list' && st.arrays.length) {
      const deKey = JSON.stringify([st.id, st.arrays.map((a) => [a.fileId, a.column ?? null, a.group]), st.settings?.arrays ?? null]);
      if (deKey !== this._deKey) {
        this._deKey = deKey;
        this._de = null;
        this._deError = null;
        void this._runDe(st);
      }
    }
    const targets = this._resource('targets');
    const gmt = this._resource('gmt');
    const names = this._selected();
    if (!targets || !names || names.length === 0) {
      this._reqKey = '';
      this._result = null;
      return;
    }
    const req: TargetsAnalysisRequest = {
      targets: { id: targets.id, name: targets.name, options: targets.options },
      gmt: gmt ? { id: gmt.id, name: gmt.name } : null,
      mirnas: names,
      names: { preferArm: s.preferArm },
      enrichment: { minSize: s.minSize, maxSize: s.maxSize },
      network: { maxP: s.network.maxP, adjust: s.network.adjust, minShared: s.network.minShared, minMirnas: s.network.minMirnas, maxGenes: s.network.maxGenes },
    };
    const key = JSON.stringify(req);
    if (key === this._reqKey) return;
    this._reqKey = key;
    void this._analyse(req);
  }

  private async _runDe(st: StudyRecord) {
    this._deAbort?.abort();
    const ac = new AbortController();
    this._deAbort = ac;
    this._deProgress = { done: 0, total: 1 };
    try {
      const a = await runStudyArrayAnalysis(st, { signal: ac.signal, onProgress: (p) => { if (this._deAbort === ac) this._deProgress = p; } });
      if (this._deAbort !== ac) return;
      this._de = a;
    } catch (e) {
      if (this._deAbort !== ac) return;
      this._deError = isAbort(e)
        ? msg('The array analysis was cancelled. Choose the list again to run it, or paste a list.', { id: 'targets.de.cancelled' })
        : errText(e);
      this._deKey = isAbort(e) ? '' : this._deKey;
    } finally {
      if (this._deAbort === ac) {
        this._deAbort = null;
        this._deProgress = null;
      }
    }
    this._refresh();
  }

  private async _analyse(req: TargetsAnalysisRequest) {
    const gen = ++this._gen;
    this._running = true;
    this._error = null;
    const resources = new Map((this._resources ?? []).map((r) => [r.id, r]));
    try {
      const r = await runTargetsAnalysis(req, resources);
      if (gen !== this._gen) return;
      const prevFocus = this._focusId();
      this._result = r;
      this._genesShown = PAGE;
      this._setsShown = 25;
      const m = this._networkModel();
      this._focus = prevFocus && m ? m.nodes.findIndex((n) => n.id === prevFocus) : -1;
    } catch (e) {
      if (gen === this._gen && !isAbort(e)) {
        this._error = errText(e);
        this._result = null;
      }
    } finally {
      if (gen === this._gen) this._running = false;
    }
  }

  private _focusId(): string | null {
    const m = this._model?.model;
    return m && this._focus >= 0 && this._focus < m.nodes.length ? m.nodes[this._focus].id : null;
  }

  /** Changes settings, recomputes what they affect and saves them with the study (debounced). */
  private _set(patch: Partial<TargetsSettings>) {
    this._s = { ...this._s, ...patch };
    this._refresh();
    this._persist();
  }

  private _setNet(patch: Partial<TargetsSettings['network']>) {
    this._set({ network: { ...this._s.network, ...patch } });
  }

  private _persist() {
    this._saver.schedule(this._s);
  }

  private _networkModel(): NetworkModel | null {
    const r = this._result;
    if (!r) return null;
    const n = this._s.network;
    const key = JSON.stringify([n.mode, n.hideIsolated]);
    if (this._model && this._model.key === key && this._model.result === r) return this._model.model;
    const model = n.mode === 'synergy' ? synergyModel(r.synergy, n.hideIsolated) : bipartiteModel(r.bipartite, n.hideIsolated);
    this._model = { key, result: r, model };
    return model;
  }

  // ── labels ───────────────────────────────────────────────────────────────────────────────

  private _groups(): [string, string] | null {
    return this._de ? this._de.groupOrder : null;
  }

  private _cut(): number {
    return this._s.foldChange ?? this._de?.settings.foldChangeCutoff ?? 2;
  }

  /** The selection as a phrase, for headlines, figure subtitles and footnotes. */
  private _selectionText(n: number): string {
    const loc = intlLocale();
    const s = this._s;
    const g = this._groups();
    const cut = fmtNum(this._cut(), loc, 2);
    const count = fmtInt(n, loc);
    if (s.source === 'list') return msg(str`${count} miRNAs from a pasted list`, { id: 'targets.sel.listPhrase' });
    if (!g) return s.source === 'down' ? msg(str`${count} down-regulated miRNAs`, { id: 'targets.sel.downPhraseShort' }) : msg(str`${count} up-regulated miRNAs`, { id: 'targets.sel.upPhraseShort' });
    return s.source === 'down'
      ? msg(str`${count} miRNAs ≥ ${cut}-fold lower in ${g[1]} than in ${g[0]}`, { id: 'targets.sel.downPhrase' })
      : msg(str`${count} miRNAs ≥ ${cut}-fold higher in ${g[1]} than in ${g[0]}`, { id: 'targets.sel.upPhrase' });
  }

  private _tablesContext(): TablesContext {
    const r = this._result!;
    return {
      selection: this._selectionText(r.match.names.length),
      targetsName: r.table.fileName,
      gmtName: r.gmt?.fileName ?? null,
      minSize: this._s.minSize,
      maxSize: this._s.maxSize,
    };
  }

  private _filterText(): string {
    const n = this._s.network;
    const loc = intlLocale();
    return n.adjust === 'BH'
      ? msg(str`edges with FDR ≤ ${fmtNum(n.maxP, loc, 4)} and ≥ ${fmtInt(n.minShared, loc)} shared targets`, { id: 'targets.net.filterFdr' })
      : msg(str`edges with p ≤ ${fmtNum(n.maxP, loc, 4)} and ≥ ${fmtInt(n.minShared, loc)} shared targets`, { id: 'targets.net.filterP' });
  }

  // ── render ───────────────────────────────────────────────────────────────────────────────

  render() {
    if (!this.study) return nothing;
    const targets = this._resource('targets');
    const gmt = this._resource('gmt');
    const open = this._resOpen ?? (!targets || !gmt);
    const loc = intlLocale();
    return html`
      <section class="card res">
        <div class="head">
          <h3 id="res-title">${msg('Target tables and gene sets', { id: 'targets.res.title' })}</h3>
          <button data-testid="resources-toggle" aria-expanded=${open ? 'true' : 'false'} aria-controls="res-panel"
            @click=${() => { this._resOpen = !open; }}>${open ? msg('Hide', { id: 'targets.res.hide' }) : msg('Show, add or change', { id: 'targets.res.show' })}</button>
        </div>
        <p class="muted" data-testid="resources-summary">${targets ? html`<span data-user>${targets.name}</span>${targets.summary?.pairs !== undefined ? ` (${msg(str`${fmtInt(targets.summary.pairs, loc)} pairs`, { id: 'targets.res.optPairs' })})` : ''}` : msg('no target table', { id: 'targets.res.noTargets' })}
          · ${gmt ? html`<span data-user>${gmt.name}</span>${gmt.summary?.sets !== undefined ? ` (${msg(str`${fmtInt(gmt.summary.sets, loc)} sets`, { id: 'targets.res.optSets' })})` : ''}` : msg('no gene sets', { id: 'targets.res.noGmt' })}</p>
        <div id="res-panel" ?hidden=${!open}>
          <p class="intro">${msg('Nothing is fetched from the internet: load your own exports once (miRTarBase, TargetScan, miRDB; MSigDB Hallmark, GO or KEGG as GMT). They stay in this browser for every study; each study remembers which ones it uses.', { id: 'targets.res.intro' })}</p>
          <mmdr-target-resources .resources=${this._resources ?? []} .targetsId=${targets?.id ?? null} .gmtId=${gmt?.id ?? null}
            @resources-changed=${() => this._loadResources()}
            @resource-select=${(e: CustomEvent<{ kind: 'targets' | 'gmt'; id: string }>) => this._set(e.detail.kind === 'targets' ? { targetsId: e.detail.id } : { gmtId: e.detail.id })}></mmdr-target-resources>
        </div>
      </section>
      <div class="layout">
        <aside>${this._aside()}</aside>
        <main>${this._main(targets)}</main>
      </div>`;
  }

  private _aside(): TemplateResult {
    const s = this._s;
    const st = this.study!;
    const loc = intlLocale();
    const hasArrays = st.arrays.length > 0;
    const g = this._groups();
    const own = this._de?.settings.foldChangeCutoff ?? 2;
    const radio = (v: TargetsSettings['source'], label: string, hint?: string) => html`<label class="radio">
      <input type="radio" name="source" value=${v} data-testid=${`source-${v}`} .checked=${s.source === v} ?disabled=${v !== 'list' && !hasArrays}
        @change=${() => this._set({ source: v })}><span>${label}${hint ? html`<br><span class="hint">${hint}</span>` : nothing}</span></label>`;
    return html`
      <fieldset>
        <legend>${msg('miRNAs to analyse', { id: 'targets.sel.legend' })}</legend>
        ${radio('down', msg('Down-regulated in the arrays', { id: 'targets.sel.down' }), g ? msg(str`lower in ${g[1]} than in ${g[0]}`, { id: 'targets.sel.downHint' }) : undefined)}
        ${radio('up', msg('Up-regulated in the arrays', { id: 'targets.sel.up' }), g ? msg(str`higher in ${g[1]} than in ${g[0]}`, { id: 'targets.sel.upHint' }) : undefined)}
        ${radio('list', msg('A list I paste', { id: 'targets.sel.list' }))}
        ${!hasArrays ? html`<p class="hint">${msg('This study has no array files, so there are no up- or down-regulated lists: paste a list.', { id: 'targets.sel.noArrays' })}</p>` : nothing}
        ${s.source !== 'list' && hasArrays ? html`
          <div class="field">
            <label for="fc">${msg('Fold change at least', { id: 'targets.sel.fold' })}</label>
            <div class="inline">
              <input id="fc" type="number" min="1" step="0.1" data-testid="fold-change" style="width:6rem" .value=${String(this._cut())}
                @change=${(e: Event) => { const v = Number((e.target as HTMLInputElement).value); if (Number.isFinite(v) && v >= 1) this._set({ foldChange: v === own ? null : v }); else (e.target as HTMLInputElement).value = String(this._cut()); }}>
              ${this._cut() !== 1.5 ? html`<button data-testid="fold-1.5" @click=${() => this._set({ foldChange: 1.5 })}>${msg('try 1.5', { id: 'targets.sel.try15' })}</button>` : nothing}
              ${s.foldChange !== null ? html`<button data-testid="fold-reset" @click=${() => this._set({ foldChange: null })}>${msg(str`as the arrays (${fmtNum(own, loc, 2)})`, { id: 'targets.sel.foldReset' })}</button>` : nothing}
            </div>
            <span class="hint">${msg('The Expression view sets the arrays analysis (normalization, test, groups); the paper used 2-fold. Its core miR-17-5p (1.97-fold) and miR-15a-5p (1.83-fold) pass at 1.5.', { id: 'targets.sel.foldHint' })}</span>
          </div>
          ${this._deProgress ? html`<div class="field" data-testid="de-progress"><span class="busy">${msg('Running the array analysis in the worker…', { id: 'targets.de.running' })}</span>
            <progress max=${this._deProgress.total} .value=${this._deProgress.done}></progress>
            <div class="inline"><button @click=${() => this._deAbort?.abort()}>${msg('Cancel', { id: 'common.cancel' })}</button></div></div>` : nothing}
          ${this._deError ? html`<p class="error" role="alert" data-testid="de-error">${this._deError}</p>` : nothing}` : nothing}
        ${s.source === 'list' ? html`
          <div class="field">
            <label for="list">${msg('miRNA names (commas, spaces or one per line)', { id: 'targets.sel.listLabel' })}</label>
            <textarea id="list" data-testid="mirna-list" data-user placeholder="miR-15a-5p, miR-16-5p, miR-17-5p, miR-20a-5p" .value=${s.list}
              @change=${(e: Event) => this._set({ list: (e.target as HTMLTextAreaElement).value })}></textarea>
            <div class="inline"><button data-testid="paste-core" @click=${() => this._set({ list: PAPER_CORE.join('\n') })}>${msg('The paper’s core four', { id: 'targets.sel.core' })}</button></div>
            <span class="hint">${msg('Names are matched to the target table whatever their style: hsa- prefix or not, miR/mir, -5p/-3p or the old names with *.', { id: 'targets.sel.listHint' })}</span>
          </div>` : nothing}
        <div class="field">
          <label for="arm">${msg('Names without -5p/-3p mean', { id: 'targets.sel.arm' })}</label>
          <select id="arm" data-testid="prefer-arm" @change=${(e: Event) => { const v = (e.target as HTMLSelectElement).value; this._set({ preferArm: v === '5p' || v === '3p' ? v : null }); }}>
            <option value="" ?selected=${s.preferArm === null}>${msg('ask (list as ambiguous)', { id: 'targets.sel.armAsk' })}</option>
            <option value="5p" ?selected=${s.preferArm === '5p'}>-5p</option>
            <option value="3p" ?selected=${s.preferArm === '3p'}>-3p</option>
          </select>
        </div>
      </fieldset>
      <fieldset>
        <legend>${msg('Gene sets tested', { id: 'targets.enr.legend' })}</legend>
        <div class="two">
          <div class="field"><label for="minsize">${msg('Smallest set', { id: 'targets.enr.minSize' })}</label>
            <input id="minsize" type="number" min="1" step="1" .value=${String(s.minSize)} @change=${(e: Event) => this._sizes(e, 'minSize')}></div>
          <div class="field"><label for="maxsize">${msg('Largest set', { id: 'targets.enr.maxSize' })}</label>
            <input id="maxsize" type="number" min="1" step="1" .value=${String(s.maxSize)} @change=${(e: Event) => this._sizes(e, 'maxSize')}></div>
        </div>
        <span class="hint">${msg('Genes of a set that are in the universe (genes of the target table found in some gene set). clusterProfiler’s defaults are 10–500; GOstats tests every size.', { id: 'targets.enr.sizeHint' })}</span>
      </fieldset>`;
  }

  private _sizes(e: Event, key: 'minSize' | 'maxSize') {
    const input = e.target as HTMLInputElement;
    const v = Number(input.value);
    const next = { minSize: this._s.minSize, maxSize: this._s.maxSize, [key]: v };
    if (!Number.isInteger(v) || v < 1 || next.minSize > next.maxSize) { input.value = String(this._s[key]); return; }
    this._set({ [key]: v });
  }

  private _main(targets: ResourceRecord | null): TemplateResult {
    if (this._resources === null) return html`<p class="busy">${msg('Loading…', { id: 'common.loading' })}</p>`;
    if (!targets) {
      return html`<section class="card"><h3>${msg('Load a miRNA–target table to start', { id: 'targets.empty.title' })}</h3>
        <p class="intro">${msg('Open “Target tables and gene sets” above and add a table exported from miRTarBase, TargetScan, miRDB or your lab (CSV or TSV), and a GMT file of gene sets for the enrichment.', { id: 'targets.empty.body' })}</p></section>`;
    }
    const names = this._selected();
    const r = this._result;
    const parts: TemplateResult[] = [];
    if (this._error) parts.push(html`<p class="error" role="alert" data-testid="targets-error">${msg(str`The analysis failed: ${this._error}`, { id: 'targets.error' })}</p>`);
    if (this._s.source !== 'list' && this._deError) {
      parts.push(html`<section class="card"><p class="intro" data-testid="no-selection">${msg('The up- and down-regulated lists come from the study’s array analysis, which cannot run:', { id: 'targets.empty.deError' })}
        ${this._deError} ${msg('Check the arrays and their groups in the Expression tab, or paste a list.', { id: 'targets.empty.deErrorHint' })}</p></section>`);
    } else if (names && names.length === 0) {
      parts.push(html`<section class="card"><p class="intro" data-testid="no-selection">${this._s.source === 'list'
        ? msg('Paste miRNA names on the left (or take the paper’s core four).', { id: 'targets.empty.list' })
        : this.study!.arrays.length === 0
          ? msg('This study has no array files, so there are no up- or down-regulated lists: paste a list.', { id: 'targets.sel.noArrays' })
          : msg('No miRNA passes this fold change: lower the cut-off, or paste a list.', { id: 'targets.empty.de' })}</p></section>`);
    }
    if (!names && !this._deError) parts.push(html`<p class="busy">${msg('Waiting for the array analysis…', { id: 'targets.de.waiting' })}</p>`);
    if (r) {
      parts.push(this._summaryCard(r));
      if (r.match.names.length) {
        parts.push(this._enrichmentCard(r));
        parts.push(this._networkCard(r));
        parts.push(this._genesCard(r));
      }
    } else if (this._running) parts.push(html`<p class="busy" data-testid="targets-busy">${msg('Computing in the analysis worker…', { id: 'targets.computing' })}</p>`);
    return html`${parts}`;
  }

  private _summaryCard(r: TargetsAnalysisResult): TemplateResult {
    const loc = intlLocale();
    const m = r.match;
    const asked = m.matched.length + m.unmatched.length;
    const e = r.enrichment;
    const ambiguous = m.unmatched.some((u) => u.reason === 'ambiguous');
    return html`<section class="card" aria-labelledby="sel-title" data-testid="selection-card">
      <h3 id="sel-title">${msg('Selected miRNAs and their targets', { id: 'targets.sum.title' })} ${this._running ? html`<span class="busy">${msg('updating…', { id: 'targets.updating' })}</span>` : nothing}</h3>
      <p class="headline" data-testid="selection-summary" data-selected=${asked} data-matched=${m.names.length} data-targets=${r.targetGenes.length}>
        ${this._selectionText(asked)}: ${msg(str`${fmtInt(m.names.length, loc)} found in the target table, targeting ${fmtInt(r.targetGenes.length, loc)} genes`, { id: 'targets.sum.found' })}${e
          ? msg(str`; ${fmtInt(e.targets, loc)} of these genes are among the ${fmtInt(e.universe, loc)} genes that also appear in the gene sets.`, { id: 'targets.sum.universe' }) : '.'}
      </p>
      ${r.gmt && e && e.universe === 0 ? html`<p class="error" role="alert">${msg('No gene of the target table is in any gene set: check that both files use the same kind of gene ids (symbols or Entrez ids).', { id: 'targets.sum.noUniverse' })}</p>` : nothing}
      ${!r.gmt ? html`<p class="intro">${msg('Add a gene-set (GMT) file above for the enrichment.', { id: 'targets.sum.noGmt' })}</p>` : nothing}
      ${m.unmatched.length ? html`<details data-testid="unmatched" ?open=${m.names.length === 0 || m.unmatched.length <= 10}>
        <summary class="miss">${msg(str`${fmtInt(m.unmatched.length, loc)} names not matched`, { id: 'targets.sum.unmatched' })}</summary>
        <table style="width:auto;margin-top:.3rem"><thead><tr><th scope="col">${msg('Name', { id: 'targets.col.name' })}</th><th scope="col">${msg('Why', { id: 'targets.col.why' })}</th><th scope="col">${msg('Names in the table', { id: 'targets.col.candidates' })}</th></tr></thead>
          <tbody>${m.unmatched.map((u) => html`<tr data-testid="unmatched-row"><td data-user>${u.input}</td><td>${unmatchedReasonText(u.reason)}</td><td data-user>${u.candidates.slice(0, 6).join(', ')}${u.candidates.length > 6 ? ' …' : ''}</td></tr>`)}</tbody></table>
        ${ambiguous ? html`<p class="hint">${msg('For ambiguous names choose which arm names without -5p/-3p mean (left, under the selection).', { id: 'targets.sum.armHint' })}</p>` : nothing}
      </details>` : nothing}
      ${m.matched.some((x) => x.via !== 'exact') ? html`<details><summary class="muted">${msg(str`${fmtInt(m.matched.filter((x) => x.via !== 'exact').length, loc)} names matched after normalization`, { id: 'targets.sum.normalized' })}</summary>
        <ul class="notes">${m.matched.filter((x) => x.via !== 'exact').slice(0, 50).map((x) => html`<li><span data-user>${x.input}</span> → <span data-user>${x.names.join(', ')}</span></li>`)}</ul></details>` : nothing}
    </section>`;
  }

  // ── enrichment ───────────────────────────────────────────────────────────────────────────

  private _dotFigure(): ExportFigure {
    const r = this._result!;
    const loc = intlLocale();
    const s = this._s;
    const title = msg('Gene sets over-represented among the targets', { id: 'targets.enr.figTitle' });
    const f = dotPlotSvg(r.enrichment!.sets, {
      title, subtitle: `${this._selectionText(r.match.names.length)} · ${r.table.fileName} · ${r.gmt?.fileName ?? ''}`,
      x: s.plotX, top: s.plotTop,
      labels: {
        fold: msg('Fold enrichment (observed / expected)', { id: 'targets.enr.axisFold' }),
        fdr: msg('−log10 FDR', { id: 'targets.enr.axisFdr' }),
        size: msg('Target genes in set', { id: 'targets.enr.legendSize' }),
        colour: msg('FDR', { id: 'targets.enr.legendColour' }),
        none: msg('No gene set contains a target gene.', { id: 'targets.enr.none' }),
      },
      format: (x, d) => fmtFixed(x, loc, d), formatP: (p) => fmtP(p, loc),
    });
    return { title, ...f };
  }

  private _sortedSets(sets: readonly EnrichedSet[]): EnrichedSet[] {
    const { key, desc } = this._setsSort;
    const v = (s: EnrichedSet): number | string => (key === 'p' ? s.logP : key === 'fold' ? (Number.isFinite(s.foldEnrichment) ? s.foldEnrichment : -1) : key === 'overlap' ? s.overlap : key === 'size' ? s.size : s.name);
    return [...sets].sort((a, b) => {
      const x = v(a), y = v(b);
      const c = x < y ? -1 : x > y ? 1 : a.logP - b.logP;
      return desc ? -c : c;
    });
  }

  private _sortHead(label: string, key: TargetsView['_setsSort']['key'], num = true) {
    const cur = this._setsSort;
    const sorted = cur.key === key ? (cur.desc ? 'descending' : 'ascending') : 'none';
    return html`<th scope="col" class="sortable ${num ? 'num' : ''}" aria-sort=${sorted} tabindex="0"
      @click=${() => this._sortSets(key)} @keydown=${(e: KeyboardEvent) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); this._sortSets(key); } }}>${label}${sorted === 'none' ? '' : sorted === 'ascending' ? ' ▲' : ' ▼'}</th>`;
  }

  private _sortSets(key: TargetsView['_setsSort']['key']) {
    const cur = this._setsSort;
    this._setsSort = cur.key === key ? { key, desc: !cur.desc } : { key, desc: key === 'fold' || key === 'overlap' || key === 'size' };
  }

  private _enrichmentCard(r: TargetsAnalysisResult): TemplateResult {
    const loc = intlLocale();
    const e = r.enrichment;
    const s = this._s;
    if (!e) return html``;
    const sig = e.sets.filter((x) => x.fdr <= 0.05).length;
    const top = e.sets[0];
    const sorted = this._sortedSets(e.sets);
    const fig = e.sets.length ? this._dotFigure() : null;
    return html`<section class="card" aria-labelledby="enr-title" data-testid="enrichment-card">
      <div class="head"><h3 id="enr-title">${msg('Pathways over-represented among the targets', { id: 'targets.enr.title' })}</h3>
        ${fig ? html`<mmdr-export-menu .figure=${() => this._dotFigure()} what=${msg('enrichment dot plot', { id: 'targets.enr.whatFigure' })} data-testid="dotplot-export"></mmdr-export-menu>` : nothing}</div>
      <p class="intro">${msg('A gene set is over-represented when more of its genes are targets of the selected miRNAs than chance would give (fold enrichment above 1, small FDR). Hypergeometric test as R’s phyper, Benjamini–Hochberg FDR over the sets tested.', { id: 'targets.enr.intro' })}</p>
      ${top ? html`<p class="headline" data-testid="enrichment-headline">${msg(str`${fmtInt(sig, loc)} of ${fmtInt(e.sets.length, loc)} gene sets have FDR ≤ 0.05. Strongest:`, { id: 'targets.enr.headline' })}
        <b data-user data-testid="top-set">${top.name}</b> — ${msg(str`${fmtInt(top.overlap, loc)} of ${fmtInt(top.size, loc)} genes targeted (${fmtFixed(top.expected, loc, 1)} expected), fold ${fmtFixed(top.foldEnrichment, loc, 2)}, FDR`, { id: 'targets.enr.topLine' })}
        <span data-testid="top-fdr" data-value=${String(top.fdr)}>${fmtP(top.fdr, loc)}</span>.</p>` : html`<p class="intro">${msg('No gene set was tested: change the set sizes on the left.', { id: 'targets.enr.noneTested' })}</p>`}
      ${fig ? html`
        <div class="controls">
          <label>${msg('x axis', { id: 'targets.enr.xAxis' })}
            <select data-testid="plot-x" @change=${(ev: Event) => this._set({ plotX: (ev.target as HTMLSelectElement).value as 'fold' | 'fdr' })}>
              <option value="fold" ?selected=${s.plotX === 'fold'}>${msg('fold enrichment', { id: 'targets.enr.xFold' })}</option>
              <option value="fdr" ?selected=${s.plotX === 'fdr'}>${msg('−log10 FDR', { id: 'targets.enr.axisFdr' })}</option></select></label>
          <label>${msg('sets shown', { id: 'targets.enr.top' })}
            <select @change=${(ev: Event) => this._set({ plotTop: Number((ev.target as HTMLSelectElement).value) })}>
              ${[10, 20, 30, 50].map((n) => html`<option value=${n} ?selected=${s.plotTop === n}>${n}</option>`)}</select></label>
        </div>
        <div class="fig" role="img" data-testid="dotplot" aria-label=${msg(str`Dot plot of the ${fmtInt(Math.min(s.plotTop, e.sets.length), loc)} most significant gene sets`, { id: 'targets.enr.figLabel' })}>${unsafeHTML(fig.svg)}</div>` : nothing}
      <div class="head" style="margin-top:.8rem"><h3>${msg('All gene sets tested', { id: 'targets.enr.tableTitle' })}</h3>
        <mmdr-export-menu .table=${() => enrichmentTable(this._result!.enrichment!, this._tablesContext())} what=${msg('enrichment table', { id: 'targets.enr.whatTable' })} data-testid="enrichment-export"></mmdr-export-menu></div>
      <div class="scroll"><table data-testid="enrichment-table">
        <thead><tr>${this._sortHead(msg('Gene set', { id: 'targets.col.set' }), 'name', false)}${this._sortHead(msg('Set size', { id: 'targets.col.size' }), 'size')}${this._sortHead(msg('Overlap', { id: 'targets.col.overlap' }), 'overlap')}
          <th scope="col" class="num">${msg('Expected', { id: 'targets.col.expected' })}</th>${this._sortHead(msg('Fold enrichment', { id: 'targets.col.fold' }), 'fold')}${this._sortHead(msg('p', { id: 'targets.col.p' }), 'p')}
          <th scope="col" class="num">${msg('FDR (BH)', { id: 'targets.col.fdr' })}</th><th scope="col">${msg('Target genes in the set', { id: 'targets.col.overlapGenes' })}</th></tr></thead>
        <tbody>${sorted.slice(0, this._setsShown).map((x) => html`<tr data-testid="enrich-row" data-set=${x.name}>
          <td data-user title=${x.description}>${x.name}</td><td class="num">${fmtInt(x.size, loc)}</td><td class="num" data-testid="overlap">${fmtInt(x.overlap, loc)}</td>
          <td class="num">${fmtFixed(x.expected, loc, 2)}</td><td class="num">${fmtFixed(x.foldEnrichment, loc, 2)}</td>
          <td class="num" data-testid="p" data-value=${String(x.p)}>${fmtP(x.p, loc, x.logP)}</td><td class="num" data-testid="fdr" data-value=${String(x.fdr)}>${fmtP(x.fdr, loc)}</td>
          <td class="genes" data-user title=${x.genes.join(', ')}>${x.genes.slice(0, 8).join(', ')}${x.genes.length > 8 ? ` … (+${fmtInt(x.genes.length - 8, loc)})` : ''}</td></tr>`)}</tbody>
      </table></div>
      ${e.sets.length > this._setsShown ? html`<div class="more"><button @click=${() => { this._setsShown += 50; }}>${msg(str`Show more (${fmtInt(e.sets.length - this._setsShown, loc)} left)`, { id: 'targets.showMore' })}</button></div>` : nothing}
      <p class="methods" data-testid="enrichment-methods">${methodsEnrichment(e, s)}</p>
    </section>`;
  }

  // ── network ──────────────────────────────────────────────────────────────────────────────

  private _netFigure(): ExportFigure {
    const m = this._networkModel()!;
    const r = this._result!;
    const loc = intlLocale();
    const pos = this._canvas?.positions() ?? { x: new Float64Array(m.nodes.length), y: new Float64Array(m.nodes.length) };
    const title = m.mode === 'synergy' ? msg('miRNA–miRNA synergy network', { id: 'targets.net.titleSynergy' }) : msg('miRNA–target network', { id: 'targets.net.titleBipartite' });
    const sub = `${this._selectionText(r.match.names.length)} · ${r.table.fileName}${m.mode === 'synergy' ? ` · ${this._filterText()}` : ''}`;
    const f = networkSvg(m, pos.x, pos.y, {
      title, subtitle: sub, focus: this._focus >= 0 ? this._focus : null,
      legend: {
        mirna: msg('miRNA', { id: 'targets.role.mirna' }), gene: msg('target gene', { id: 'targets.net.legendGene' }),
        edge: msg('Shared targets:', { id: 'targets.net.legendEdge' }),
      },
      format: (x) => fmtInt(x, loc),
    });
    return { title, ...f };
  }

  private _find(text: string) {
    const m = this._networkModel();
    if (!m) return;
    const i = findNode(m, text);
    if (i < 0) { this._searchMiss = text; return; }
    this._searchMiss = '';
    this._focus = i;
    this._canvas?.centerOn(i);
  }

  private _networkCard(r: TargetsAnalysisResult): TemplateResult {
    const loc = intlLocale();
    const n = this._s.network;
    const m = this._networkModel()!;
    const focus = this._focus >= 0 && this._focus < m.nodes.length ? this._focus : -1;
    const net = r.synergy;
    const title = m.mode === 'synergy' ? msg('miRNA–miRNA synergy network', { id: 'targets.net.titleSynergy' }) : msg('miRNA–target network', { id: 'targets.net.titleBipartite' });
    const summary = m.mode === 'synergy'
      ? msg(str`${fmtInt(m.nodes.length, loc)} miRNAs, ${fmtInt(m.edges.length, loc)} pairs sharing more targets than chance`, { id: 'targets.net.sumSynergy' })
      : msg(str`${fmtInt(m.nodes.filter((x) => x.kind === 'mirna').length, loc)} miRNAs, ${fmtInt(m.nodes.filter((x) => x.kind === 'gene').length, loc)} target genes, ${fmtInt(m.edges.length, loc)} links`, { id: 'targets.net.sumBipartite' });
    return html`<section class="card" aria-labelledby="net-title" data-testid="network-card">
      <div class="head"><h3 id="net-title">${title}</h3>
        <mmdr-export-menu .figure=${() => this._netFigure()} what=${msg('network figure', { id: 'targets.net.whatFigure' })} data-testid="network-export"></mmdr-export-menu></div>
      <p class="intro">${m.mode === 'synergy'
        ? msg('Two miRNAs are linked when they share more target genes than chance (hypergeometric test); the thicker the line, the more targets they share. miRNAs that act on the same genes together — in the paper, miR-15a/16/17/20a — form the densest part.', { id: 'targets.net.introSynergy' })
        : msg('Each miRNA (blue) is linked to its target genes (orange). Genes targeted by several selected miRNAs sit between them.', { id: 'targets.net.introBipartite' })}</p>
      <div class="controls">
        <label>${msg('Show', { id: 'targets.net.show' })}
          <select data-testid="net-mode" @change=${(e: Event) => { this._focus = -1; this._setNet({ mode: (e.target as HTMLSelectElement).value as 'synergy' | 'bipartite' }); }}>
            <option value="synergy" ?selected=${n.mode === 'synergy'}>${msg('miRNA–miRNA synergy', { id: 'targets.net.modeSynergy' })}</option>
            <option value="bipartite" ?selected=${n.mode === 'bipartite'}>${msg('miRNAs and their targets', { id: 'targets.net.modeBipartite' })}</option></select></label>
        ${n.mode === 'synergy' ? html`
          <label><select data-testid="net-adjust" aria-label=${msg('Filter edges on', { id: 'targets.net.adjustLabel' })} @change=${(e: Event) => this._setNet({ adjust: (e.target as HTMLSelectElement).value as 'none' | 'BH' })}>
            <option value="none" ?selected=${n.adjust === 'none'}>${msg('p', { id: 'targets.col.p' })}</option><option value="BH" ?selected=${n.adjust === 'BH'}>${msg('FDR', { id: 'targets.enr.legendColour' })}</option></select> ≤
            <input type="number" min="0" max="1" step="0.01" data-testid="net-maxp" .value=${String(n.maxP)}
              @change=${(e: Event) => { const v = Number((e.target as HTMLInputElement).value); if (v >= 0 && v <= 1) this._setNet({ maxP: v }); }}></label>
          <label>${msg('shared targets ≥', { id: 'targets.net.minShared' })}
            <input type="number" min="1" step="1" .value=${String(n.minShared)} @change=${(e: Event) => { const v = Number((e.target as HTMLInputElement).value); if (Number.isInteger(v) && v >= 1) this._setNet({ minShared: v }); }}></label>` : html`
          <label>${msg('genes targeted by ≥', { id: 'targets.net.minMirnas' })}
            <input type="number" min="1" step="1" data-testid="net-min-mirnas" .value=${String(n.minMirnas)} @change=${(e: Event) => { const v = Number((e.target as HTMLInputElement).value); if (Number.isInteger(v) && v >= 1) this._setNet({ minMirnas: v }); }}>
            ${msg('miRNAs', { id: 'targets.net.mirnas' })}</label>
          <label>${msg('at most', { id: 'targets.net.maxGenes' })}
            <input type="number" min="1" max="2000" step="10" data-testid="net-max-genes" .value=${String(n.maxGenes)} @change=${(e: Event) => { const v = Number((e.target as HTMLInputElement).value); if (Number.isInteger(v) && v >= 1 && v <= 2000) this._setNet({ maxGenes: v }); }}>
            ${msg('genes', { id: 'targets.rep.genes' })}</label>`}
        <label class="check"><input type="checkbox" .checked=${n.hideIsolated} @change=${(e: Event) => this._setNet({ hideIsolated: (e.target as HTMLInputElement).checked })}>
          ${msg('hide unlinked miRNAs', { id: 'targets.net.hideIsolated' })}</label>
        <label>${msg('Layout seed', { id: 'targets.net.seed' })}
          <input type="number" min="0" step="1" .value=${String(n.seed)} @change=${(e: Event) => { const v = Number((e.target as HTMLInputElement).value); if (Number.isInteger(v) && v >= 0) this._setNet({ seed: v }); }}></label>
      </div>
      <form class="controls" role="search" @submit=${(e: Event) => { e.preventDefault(); this._find(((e.target as HTMLFormElement).elements.namedItem('q') as HTMLInputElement).value); }}>
        <label for="net-q">${msg('Find a node', { id: 'targets.net.find' })}</label>
        <input id="net-q" name="q" type="search" list="net-nodes" data-testid="net-search" placeholder="miR-16-5p" autocomplete="off">
        <datalist id="net-nodes">${m.nodes.slice(0, 2000).map((x) => html`<option value=${x.id}></option>`)}</datalist>
        <button type="submit" data-testid="net-find">${msg('Find', { id: 'targets.net.findButton' })}</button>
        ${focus >= 0 ? html`<button type="button" @click=${() => { this._focus = -1; }}>${msg('Clear', { id: 'targets.net.clear' })}</button>` : nothing}
        <button type="button" @click=${() => this._canvas?.fit()}>${msg('Fit to view', { id: 'targets.net.fit' })}</button>
        ${this._searchMiss ? html`<span class="miss" role="status" data-testid="net-miss">${msg(str`No node named “${this._searchMiss}” in this network.`, { id: 'targets.net.miss' })}</span>` : nothing}
      </form>
      <p class="muted" data-testid="network-summary">${summary}${m.hiddenIsolated ? ` · ${msg(str`${fmtInt(m.hiddenIsolated, loc)} unlinked miRNAs hidden`, { id: 'targets.net.hidden' })}` : ''}${m.totalGenes !== undefined && m.mode === 'bipartite' ? ` · ${msg(str`${fmtInt(m.totalGenes, loc)} target genes in all`, { id: 'targets.net.totalGenes' })}` : ''}</p>
      ${m.nodes.length === 0 ? html`<p class="intro">${msg('Nothing to draw with these filters.', { id: 'targets.net.empty' })}</p>` : html`
      <div class="net">
        <mmdr-network-canvas .model=${m} .seed=${n.seed} .focusIndex=${focus} summary=${`${title}: ${summary}`}
          @focus-change=${(e: CustomEvent<{ index: number }>) => { this._focus = e.detail.index; }}></mmdr-network-canvas>
        ${this._focusPanel(m, focus)}
      </div>`}
      ${m.mode === 'synergy' ? this._edgesTable(net.edges.length) : nothing}
    </section>`;
  }

  private _focusPanel(m: NetworkModel, focus: number): TemplateResult {
    const loc = intlLocale();
    if (focus < 0) {
      return html`<div class="focus" data-testid="network-focus" aria-live="polite"><p class="muted">${msg('Click a node, or find one by name, to see its neighbours. Keyboard: focus the figure, N / P step through the miRNAs, Esc clears, + / − zoom, arrows pan, 0 fits.', { id: 'targets.net.focusHelp' })}</p></div>`;
    }
    const node = m.nodes[focus];
    const nb = neighbours(m, focus);
    return html`<div class="focus" data-testid="network-focus" aria-live="polite" data-focus=${node.id}>
      <h4 data-user>${node.id}</h4>
      <p class="muted">${m.mode === 'synergy'
        ? msg(str`${fmtInt(node.targets, loc)} targets in the table; linked to ${fmtInt(nb.length, loc)} miRNAs`, { id: 'targets.net.focusSynergy' })
        : node.kind === 'mirna'
          ? msg(str`targets ${fmtInt(nb.length, loc)} of the genes shown`, { id: 'targets.net.focusMirna' })
          : msg(str`targeted by ${fmtInt(nb.length, loc)} of the selected miRNAs`, { id: 'targets.net.focusGene' })}</p>
      <ol data-testid="focus-neighbours">${nb.slice(0, 200).map((x) => html`<li data-node=${m.nodes[x.node].id}><a href="#" data-user @click=${(e: Event) => { e.preventDefault(); this._focus = x.node; this._canvas?.centerOn(x.node); }}>${m.mode === 'synergy' ? shortLabel(m.nodes[x.node].id) : m.nodes[x.node].label}</a>${m.mode === 'synergy'
        ? html` — ${msg(str`${fmtInt(x.edge.w, loc)} shared, p ${fmtP(x.edge.p ?? null, loc)}`, { id: 'targets.net.focusEdge' })}` : nothing}</li>`)}</ol>
    </div>`;
  }

  private _edgesTable(total: number): TemplateResult {
    const r = this._result!;
    const loc = intlLocale();
    const edges = r.synergy.edges.slice(0, 12);
    const targets = new Map(r.synergy.nodes.map((x) => [x.id, x.targets]));
    if (total === 0) return html`<p class="intro">${msg('No pair of the selected miRNAs shares more targets than chance with this filter.', { id: 'targets.net.noEdges' })}</p>`;
    return html`<div class="head" style="margin-top:.8rem"><h3>${msg('Strongest pairs', { id: 'targets.net.pairsTitle' })}</h3>
        <mmdr-export-menu .table=${() => synergyTable(this._result!.synergy, { ...this._tablesContext(), filter: this._filterText() })} what=${msg('miRNA pairs', { id: 'targets.net.whatTable' })} data-testid="synergy-export"></mmdr-export-menu></div>
      <div class="scroll"><table data-testid="synergy-edges" style="width:auto">
        <thead><tr><th scope="col">${msg('miRNA A', { id: 'targets.col.mirnaA' })}</th><th scope="col">${msg('miRNA B', { id: 'targets.col.mirnaB' })}</th>
          <th scope="col" class="num">${msg('Shared targets', { id: 'targets.col.shared' })}</th><th scope="col" class="num">${msg('Targets of A', { id: 'targets.col.targetsA' })}</th>
          <th scope="col" class="num">${msg('Targets of B', { id: 'targets.col.targetsB' })}</th><th scope="col" class="num">${msg('p', { id: 'targets.col.p' })}</th><th scope="col" class="num">${msg('FDR (BH)', { id: 'targets.col.fdr' })}</th></tr></thead>
        <tbody>${edges.map((e) => html`<tr data-testid="edge-row" data-a=${e.a} data-b=${e.b}>
          <td data-user class=${PAPER_CORE.includes(e.a as never) ? 'core' : ''}>${e.a}</td><td data-user class=${PAPER_CORE.includes(e.b as never) ? 'core' : ''}>${e.b}</td>
          <td class="num" data-value=${e.shared}>${fmtInt(e.shared, loc)}</td><td class="num">${fmtInt(targets.get(e.a), loc)}</td><td class="num">${fmtInt(targets.get(e.b), loc)}</td>
          <td class="num" data-value=${String(e.p)}>${fmtP(e.p, loc, e.logP)}</td><td class="num">${fmtP(e.fdr, loc)}</td></tr>`)}</tbody>
      </table></div>
      ${total > edges.length ? html`<p class="hint">${msg(str`The ${fmtInt(edges.length, loc)} pairs sharing the most targets of ${fmtInt(total, loc)}; the export has all of them.`, { id: 'targets.net.pairsMore' })}</p>` : nothing}
      <p class="methods">${msg(str`p = phyper(shared − 1, |A|, N − |A|, |B|, lower.tail = FALSE) with N = ${fmtInt(r.synergy.universe, loc)} target genes in the table; FDR by Benjamini–Hochberg over all ${fmtInt(r.synergy.tested, loc)} pairs; ${this._filterText()}.`, { id: 'targets.foot.synergy' })}</p>`;
  }

  // ── target genes ─────────────────────────────────────────────────────────────────────────

  private _genesCard(r: TargetsAnalysisResult): TemplateResult {
    const loc = intlLocale();
    const q = this._genesQuery.trim().toLowerCase();
    let rows = q ? r.targetGenes.filter((g) => g.gene.toLowerCase().includes(q) || g.mirnas.some((m) => m.toLowerCase().includes(q))) : r.targetGenes;
    const { key, desc } = this._genesSort;
    const v = (g: (typeof rows)[number]): number | string => (key === 'gene' ? g.gene : key === 'n' ? g.mirnas.length : g.maxScore ?? -Infinity);
    rows = [...rows].sort((a, b) => { const x = v(a), y = v(b); const c = x < y ? -1 : x > y ? 1 : (a.gene < b.gene ? -1 : 1); return desc ? -c : c; });
    const head = (label: string, k: TargetsView['_genesSort']['key'], num = true) => {
      const sorted = key === k ? (desc ? 'descending' : 'ascending') : 'none';
      const go = () => { this._genesSort = key === k ? { key: k, desc: !desc } : { key: k, desc: k !== 'gene' }; };
      return html`<th scope="col" class="sortable ${num ? 'num' : ''}" aria-sort=${sorted} tabindex="0" @click=${go}
        @keydown=${(e: KeyboardEvent) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); go(); } }}>${label}${sorted === 'none' ? '' : sorted === 'ascending' ? ' ▲' : ' ▼'}</th>`;
    };
    const hasScore = r.targetGenes.some((g) => g.maxScore !== null);
    return html`<section class="card" aria-labelledby="genes-title" data-testid="genes-card">
      <div class="head"><h3 id="genes-title">${msg(str`Target genes (${fmtInt(r.targetGenes.length, loc)})`, { id: 'targets.genes.title' })}</h3>
        <mmdr-export-menu .table=${() => targetGenesTable(this._result!.targetGenes, this._tablesContext())} what=${msg('target genes', { id: 'targets.genes.what' })}></mmdr-export-menu></div>
      <p class="intro">${msg('Each gene with the selected miRNAs that target it; genes hit by several miRNAs first.', { id: 'targets.genes.intro' })}</p>
      <div class="controls"><label for="gq">${msg('Search', { id: 'targets.genes.search' })}</label>
        <input id="gq" type="search" data-testid="genes-search" placeholder="BCL2" .value=${this._genesQuery} @input=${(e: Event) => { this._genesQuery = (e.target as HTMLInputElement).value; this._genesShown = PAGE; }}>
        <span class="muted">${q ? msg(str`${fmtInt(rows.length, loc)} match`, { id: 'targets.genes.matches' }) : ''}</span></div>
      <div class="scroll"><table data-testid="genes-table">
        <thead><tr>${head(msg('Gene', { id: 'targets.col.gene' }), 'gene', false)}${head(msg('Supporting miRNAs', { id: 'targets.col.nMirnas' }), 'n')}
          <th scope="col">${msg('miRNAs', { id: 'targets.col.mirnas' })}</th>${hasScore ? head(msg('Highest score', { id: 'targets.col.maxScore' }), 'score') : nothing}</tr></thead>
        <tbody>${rows.slice(0, this._genesShown).map((g) => html`<tr data-gene=${g.gene}><td data-user>${g.gene}</td><td class="num">${fmtInt(g.mirnas.length, loc)}</td>
          <td class="genes" data-user>${g.mirnas.join(', ')}</td>${hasScore ? html`<td class="num">${fmtNum(g.maxScore, loc, 3)}</td>` : nothing}</tr>`)}</tbody>
      </table></div>
      ${rows.length > this._genesShown ? html`<div class="more"><button @click=${() => { this._genesShown += 200; }}>${msg(str`Show more (${fmtInt(rows.length - this._genesShown, loc)} left)`, { id: 'targets.showMore' })}</button></div>` : nothing}
    </section>`;
  }
}

declare global { interface HTMLElementTagNameMap { 'mmdr-targets-view': TargetsView } }

