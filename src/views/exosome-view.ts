import { LitElement, html, css, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { localized, msg, str } from '@lit/localize';
import type { StudyRecord } from '../study/model.ts';
import { exosomeSettings, type ExosomeSettings, type RnaGroupTest, type RnaTest } from '../study/exosome-settings.ts';
import { setNtaGroup } from '../study/exosome-data.ts';
import type { ExosomeResult } from '../study/exosome-analysis.ts';
import { workbench } from '../app/workbench-worker.ts';
import { intlLocale } from '../i18n/localization.ts';
import type { ExportFigure } from './export-menu.ts';
import { sharedStyles } from './shared-styles.ts';
import { buildRnaFigure, buildSizeFigure, groupColors, rnaFigureSvg, rnaSvgSize, sizeFigureSvg, SIZE_SVG, type RnaFigure, type SizeFigure } from './exosome/figures.ts';
import { fixed, fmtP, groupLabel, groupTestName, manyGroupLine, meanSdText, pct, sci, statLine, testName, testShort, pEquals } from './exosome/format.ts';
import { groupSizeTable, methodsText, pairText, rnaHeadline, rnaTable, sampleTable, sizeHeaders, testsTable } from './exosome/tables.ts';
import './exosome/nta-plot.ts';
import './export-menu.ts';

/** A saved study (the page persists it and hands the new record back). */
type SaveFn = (next: StudyRecord) => Promise<void>;

const errText = (e: unknown) => String((e as Error)?.message ?? e);

/**
 * The Exosome QC view (SPEC §2 and §5; paper Figures 1B and 2A): the NanoSight size distributions
 * of every sample overlaid and coloured by group, size statistics per sample and per group, and
 * the exosomal RNA yield by group with the chosen test (Student t as the paper, Welch or
 * Mann–Whitney; ANOVA, Welch ANOVA or Kruskal–Wallis across three or more groups). Files are read
 * and every number computed in the analysis worker (exosomeAnalysis); settings persist in
 * study.settings.exosome. Figures export as PNG and SVG from the same description that is drawn.
 */
@customElement('mmdr-exosome-view')
@localized()
export class ExosomeView extends LitElement {
  static styles = [sharedStyles, css`
    :host { display: block; }
    .layout { display: grid; grid-template-columns: 18rem minmax(0, 1fr); gap: 1rem; align-items: start; }
    @media (max-width: 1000px) { .layout { grid-template-columns: 1fr; } }
    aside { display: flex; flex-direction: column; gap: .8rem; position: sticky; top: .5rem; }
    fieldset { border: 1px solid #dde3eb; border-radius: 8px; padding: .5rem .8rem .7rem; margin: 0; background: #fff; }
    legend { font-weight: 600; padding: 0 .3rem; font-size: .95rem; }
    .field { display: flex; flex-direction: column; gap: .15rem; margin-top: .45rem; }
    .field label, .check { font-size: .88rem; color: #3b4757; }
    .field select { width: 100%; box-sizing: border-box; }
    .pair { display: flex; flex-direction: column; gap: .2rem; font-size: .85rem; }
    .pair select { width: 100%; }
    .pair span { color: #5b6778; padding-left: .3rem; }
    .hint { font-size: .78rem; color: #5b6778; line-height: 1.35; margin-top: .3rem; }
    .check { display: flex; gap: .4rem; align-items: flex-start; margin-top: .45rem; }
    main { display: flex; flex-direction: column; gap: 1rem; min-width: 0; }
    .card h3 { margin-bottom: .2rem; }
    .head { display: flex; flex-wrap: wrap; gap: .5rem; align-items: baseline; justify-content: space-between; }
    .caption { font-size: .85rem; color: #3b4757; margin: .3rem 0 0; }
    .scroll { overflow-x: auto; }
    .scroll td { white-space: nowrap; }
    th { font-size: .82rem; vertical-align: bottom; }
    td.wrap { white-space: normal; }
    td input { width: 9rem; font-size: .88rem; padding: .2rem .35rem; }
    .head.sub { margin-top: 1.2rem; }
    .headline { font-size: 1rem; margin: .4rem 0 .6rem; padding: .45rem .7rem; background: #f3f7fc; border-left: 4px solid var(--accent, #1f5f99); border-radius: 4px; }
    .headline b { font-weight: 600; }
    .rna-fig { overflow-x: auto; }
    .rna-fig svg { max-width: 100%; height: auto; }
    .swatch { display: inline-block; width: .75rem; height: .75rem; border-radius: 2px; margin-right: .35rem; vertical-align: -1px; }
    .notes { font-size: .85rem; color: #3b4757; margin: .3rem 0 0; padding-left: 1.1rem; }
    .notes li { margin: .15rem 0; }
    .busy { color: #5b6778; font-size: .85rem; }
    details summary { cursor: pointer; font-weight: 600; }
    .methods { font-size: .9rem; line-height: 1.5; }
    details.files { margin-top: .6rem; font-size: .88rem; }
    .empty ul { margin: .3rem 0 .6rem; padding-left: 1.2rem; line-height: 1.5; }
  `];

  /** The study whose exosome files are analysed. */
  @property({ attribute: false }) study: StudyRecord | null = null;
  /** Persists a changed study (settings, sample groups). */
  @property({ attribute: false }) save: SaveFn | null = null;

  @state() private _s: ExosomeSettings = exosomeSettings({ settings: {} });
  @state() private _result: ExosomeResult | null = null;
  @state() private _error: string | null = null;
  @state() private _running = false;

  private _studyId = '';
  private _key = '';
  private _gen = 0;
  private _saving: Promise<void> = Promise.resolve();

  protected willUpdate(changed: PropertyValues): void {
    if (changed.has('study') && this.study) {
      if (this.study.id !== this._studyId) {
        this._studyId = this.study.id;
        this._s = exosomeSettings(this.study);
        this._key = '';
        this._result = null;
      }
      this._refresh();
    }
  }

  /** Re-runs the analysis in the worker when the data or a setting that changes numbers changed. */
  private _refresh() {
    const ex = this.study?.exosome;
    if (!ex || (ex.samples.length === 0 && !ex.rna)) { this._result = null; this._key = ''; return; }
    const s = this._s;
    const key = JSON.stringify([ex.samples.map((x) => [x.fileId, x.group]), ex.rna?.fileId ?? null, s.dilution, s.test, s.groupTest, s.pair]);
    if (key === this._key) return;
    this._key = key;
    void this._analyse();
  }

  private async _analyse() {
    const st = this.study;
    if (!st?.exosome) return;
    const gen = ++this._gen;
    this._running = true;
    this._error = null;
    try {
      const r = await workbench.call('exosomeAnalysis', [st.exosome, this._s]);
      if (gen === this._gen) this._result = r;
    } catch (e) {
      if (gen === this._gen) { this._result = null; this._error = errText(e); }
    } finally {
      if (gen === this._gen) this._running = false;
    }
  }

  /** Changes settings, recomputes what they affect and saves them with the study. */
  private _set(patch: Partial<ExosomeSettings>) {
    this._s = { ...this._s, ...patch };
    this._refresh();
    this._saving = this._saving.then(async () => {
      const st = this.study;
      if (!st || !this.save) return;
      if (JSON.stringify(st.settings?.exosome ?? null) === JSON.stringify(this._s)) return;
      await this.save({ ...st, settings: { ...st.settings, exosome: this._s } });
      await new Promise((r) => setTimeout(r, 0));
    }).catch(() => { /* the page reports storage errors */ });
  }

  private _setGroup(fileId: string, group: string) {
    const st = this.study;
    if (!st?.exosome || !this.save) return;
    this._saving = this._saving.then(() => this.save!({ ...this.study!, exosome: setNtaGroup(this.study!.exosome!, fileId, group.trim()) })).catch(() => undefined);
  }

  // ── figures (built in the language that is active when called: UI or export) ───────────────────

  private _sizeFigure(r: ExosomeResult): SizeFigure {
    const s = this._s;
    return buildSizeFigure({
      samples: r.samples, groupMeans: r.groupMeans, groups: r.groups, scale: s.scale, sizeMax: s.sizeMax, showGroupMeans: s.groupMeans,
      title: msg('Particle size distribution (NanoSight NTA)', { id: 'exosome.fig.sizeTitle' }),
      xLabel: msg('Particle size (nm)', { id: 'exosome.fig.sizeX' }),
      yLabelLinear: (unit) => msg(str`Concentration (${unit} particles/ml)`, { id: 'exosome.fig.sizeYLinear' }),
      yLabelLog: msg('Concentration (particles/ml, log scale)', { id: 'exosome.fig.sizeYLog' }),
      groupLabel: (g, n) => msg(str`${groupLabel(g)} (n = ${n})`, { id: 'exosome.fig.groupN' }),
      meanLabel: (g) => msg(str`${groupLabel(g)}: mean`, { id: 'exosome.fig.groupMean' }),
      guideLabel: msg('100 nm', { id: 'exosome.fig.guide' }),
    });
  }

  private _rnaFigure(r: ExosomeResult): RnaFigure | null {
    const rna = r.rna;
    if (!rna) return null;
    const loc = intlLocale();
    const s = this._s;
    return buildRnaFigure({
      groups: rna.groups, colorGroups: r.groups, pair: rna.pair,
      bracketText: rna.test ? `${testShort(s.test)}: ${pEquals(rna.test.p, loc)}` : '',
      overall: rna.overall ? `${groupTestName(s.groupTest)}: ${manyGroupLine(rna.overall.chosen, loc)}` : '',
      title: msg('Exosomal RNA yield', { id: 'exosome.fig.rnaTitle' }),
      yLabel: msg('RNA concentration (ng/µl)', { id: 'exosome.fig.rnaY' }),
      caption: msg('Bars: mean ± SD; dots: individual samples.', { id: 'exosome.fig.rnaCaption' }),
      groupLabel: (g) => groupLabel(g),
      nLabel: (n) => msg(str`n = ${n}`, { id: 'exosome.fig.n' }),
    });
  }

  private _sizeExport = (): ExportFigure => {
    const r = this._result!;
    const loc = intlLocale();
    const f = this._sizeFigure(r);
    return { title: f.title, svg: sizeFigureSvg(f, (x) => new Intl.NumberFormat(loc, { maximumFractionDigits: 2 }).format(x)), ...SIZE_SVG };
  };

  private _rnaExport = (): ExportFigure => {
    const f = this._rnaFigure(this._result!)!;
    const loc = intlLocale();
    return { title: f.title, svg: rnaFigureSvg(f, (x) => fixed(x, loc, Number.isInteger(x) ? 0 : 2)), ...rnaSvgSize(f) };
  };

  // ── render ─────────────────────────────────────────────────────────────────────────────────────

  render() {
    const st = this.study;
    if (!st) return nothing;
    const ex = st.exosome;
    if (!ex || (ex.samples.length === 0 && !ex.rna)) return this._empty();
    const r = this._result;
    return html`
      <div class="layout">
        ${this._settings(r)}
        <main>
          <div class="card">
            <h3>${msg('Exosome QC', { id: 'exosome.title' })}</h3>
            <p class="muted">${msg('Size of the particles isolated from serum, measured by nanoparticle tracking analysis (NanoSight; paper Figure 1B), and the RNA yield of the exosome preparations by group (Nanodrop; Figure 2A). Exosomes are the particles smaller than 100 nm.', { id: 'exosome.intro' })}</p>
            ${this._error ? html`<p class="error" role="alert">${this._error}</p>` : nothing}
            ${this._running && !r ? html`<p class="busy">${msg('Computing…', { id: 'exosome.computing' })}</p>` : nothing}
          </div>
          ${r ? html`
            ${r.samples.length ? this._sizeCard(r) : nothing}
            ${r.samples.length ? this._sampleCard(r) : nothing}
            ${r.ntaGroups.length ? this._groupCard(r) : nothing}
            ${r.rna ? this._rnaCard(r) : this._noRna()}
            ${this._notes(r)}
            <details class="card">
              <summary>${msg('Methods (for the report)', { id: 'exosome.methods.title' })}</summary>
              <p class="methods" data-testid="exosome-methods">${methodsText(r, this._s)}</p>
            </details>` : nothing}
        </main>
      </div>`;
  }

  private _empty() {
    return html`<div class="card empty" data-testid="exosome-empty">
      <h3>${msg('Exosome QC', { id: 'exosome.title' })}</h3>
      <p>${msg('No exosome QC files in this study yet. Add them with “Add files…” above (or drop them on the page):', { id: 'exosome.empty.lead' })}</p>
      <ul>
        <li>${msg('one NanoSight NTA export per sample: the “ExperimentSummary” CSV that NTA 3.x writes, or a two-column CSV of size (nm) and concentration (particles/ml);', { id: 'exosome.empty.nta' })}</li>
        <li>${msg('one RNA-yield table with the columns Sample, Group and RNA concentration (ng/µl) — Nanodrop’s own export works if you add a Group column; A260/280 is optional.', { id: 'exosome.empty.rna' })}</li>
      </ul>
      <p class="muted">${msg('The files are recognised by their content. Each NTA sample takes its group from the RNA table (same sample name), or you can type it here.', { id: 'exosome.empty.groups' })}</p>
    </div>`;
  }

  private _settings(r: ExosomeResult | null) {
    const s = this._s;
    const names = r?.rna?.groups.filter((g) => g.n > 0).map((g) => g.name) ?? [];
    const pair = r?.rna?.pair ?? null;
    const sel = <T extends string>(id: string, value: T, options: [T, string][], on: (v: T) => void) => html`
      <select id=${id} @change=${(e: Event) => on((e.target as HTMLSelectElement).value as T)}>
        ${options.map(([v, l]) => html`<option value=${v} ?selected=${v === value}>${l}</option>`)}</select>`;
    return html`<aside>
      <fieldset>
        <legend>${msg('Size distributions', { id: 'exosome.set.size' })}</legend>
        <div class="field"><label for="scale">${msg('Concentration axis', { id: 'exosome.set.scale' })}</label>
          ${sel('scale', s.scale, [['linear', msg('Linear', { id: 'exosome.set.linear' })], ['log', msg('Logarithmic', { id: 'exosome.set.log' })]], (v) => this._set({ scale: v }))}</div>
        <div class="field"><label for="size-max">${msg('Sizes shown up to', { id: 'exosome.set.sizeMax' })}</label>
          ${sel('size-max', String(s.sizeMax), (['300', '500', '1000'] as const).map((v) => [v, msg(str`${fixed(Number(v), intlLocale(), 0)} nm`, { id: 'exosome.set.nm' })] as [string, string]), (v) => this._set({ sizeMax: Number(v) }))}</div>
        <label class="check"><input type="checkbox" .checked=${s.groupMeans} @change=${(e: Event) => this._set({ groupMeans: (e.target as HTMLInputElement).checked })}>
          ${msg('Show each group’s mean curve', { id: 'exosome.set.groupMeans' })}</label>
        <div class="field"><label for="dilution">${msg('Concentrations', { id: 'exosome.set.dilution' })}</label>
          ${sel('dilution', s.dilution, [['as-exported', msg('as exported by NTA', { id: 'exosome.set.asExported' })], ['multiply', msg('× dilution factor in the file', { id: 'exosome.set.multiply' })]], (v) => this._set({ dilution: v }))}
          <span class="hint">${msg('NTA already multiplies by the dilution factor entered in it. Choose “×” only for files that give the concentration of the diluted sample.', { id: 'exosome.set.dilutionHint' })}</span></div>
      </fieldset>
      <fieldset>
        <legend>${msg('RNA yield', { id: 'exosome.set.rna' })}</legend>
        ${names.length >= 2 && pair ? html`
          <div class="field"><label for="pair-a">${msg('Groups compared on the figure', { id: 'exosome.set.pair' })}</label>
            <div class="pair" data-user>
              ${sel('pair-a', pair[0], names.map((g) => [g, groupLabel(g)]), (v) => this._set({ pair: v === pair[1] ? [v, pair[0]] : [v, pair[1]] }))}
              <span>${msg('vs', { id: 'exosome.set.vs' })}</span>
              ${sel('pair-b', pair[1], names.map((g) => [g, groupLabel(g)]), (v) => this._set({ pair: v === pair[0] ? [pair[1], v] : [pair[0], v] }))}
            </div></div>` : nothing}
        <div class="field"><label for="test">${msg('Test of two groups', { id: 'exosome.set.test' })}</label>
          ${sel<RnaTest>('test', s.test, [
            ['welch', msg('Welch t (SPSS “equal variances not assumed”, as the paper)', { id: 'exosome.set.welchPaper' })],
            ['student', msg('Student t (SPSS “equal variances assumed”)', { id: 'exosome.set.studentSpss' })],
            ['mann-whitney', msg('Mann–Whitney U', { id: 'exosome.set.mannWhitney' })]], (v) => this._set({ test: v }))}
          <span class="hint">${msg('The paper reports a t-test from SPSS. Its printed p = 0.033 (350.17 ± 37.55 vs 235.43 ± 3.91 ng/µl, 3 samples per group) is what Welch’s test gives; Student’s test gives p = 0.006. The table below shows all three tests.', { id: 'exosome.set.testHint' })}</span></div>
        ${names.length >= 3 ? html`<div class="field"><label for="group-test">${msg('Test across all groups', { id: 'exosome.set.groupTest' })}</label>
          ${sel<RnaGroupTest>('group-test', s.groupTest, [
            ['anova', msg('One-way ANOVA (paper)', { id: 'exosome.set.anova' })],
            ['welch-anova', msg('Welch ANOVA', { id: 'exosome.set.welchAnova' })],
            ['kruskal', msg('Kruskal–Wallis test', { id: 'exosome.set.kruskal' })]], (v) => this._set({ groupTest: v }))}</div>` : nothing}
      </fieldset>
    </aside>`;
  }

  private _sizeCard(r: ExosomeResult) {
    const f = this._sizeFigure(r);
    const loc = intlLocale();
    const summary = msg(str`Size distributions of ${r.samples.length} samples; ${r.ntaGroups.map((g) => `${groupLabel(g.group)}: ${msg(str`mode ${meanSdText(g.mean.mode, g.sd.mode, loc, 1)} nm`, { id: 'exosome.fig.summaryMode' })}`).join('; ')}`, { id: 'exosome.fig.summary' });
    return html`<section class="card" data-testid="nta-card">
      <div class="head"><h3>${msg('Particle size distribution', { id: 'exosome.size.title' })}</h3>
        <mmdr-export-menu .figure=${this._sizeExport} what=${msg('size distribution', { id: 'exosome.size.what' })} data-testid="nta-export"></mmdr-export-menu></div>
      <mmdr-nta-plot .figure=${f} summary=${summary}></mmdr-nta-plot>
      <p class="caption">${msg('Each line is one sample (particles/ml in each 1-nm size bin), coloured by group. The dashed line marks 100 nm, the upper size of exosomes.', { id: 'exosome.size.caption' })}</p>
    </section>`;
  }

  private _sampleCard(r: ExosomeResult) {
    const loc = intlLocale();
    const h = sizeHeaders();
    const colors = groupColors(r.groups);
    const known = r.groups.filter((g) => g !== '');
    return html`<section class="card">
      <div class="head"><h3>${msg('Particle size per sample', { id: 'exosome.samples.title' })}</h3>
        <mmdr-export-menu .table=${() => sampleTable(this._result!, this._s)} what=${msg('per-sample sizes', { id: 'exosome.samples.what' })}></mmdr-export-menu></div>
      <datalist id="exo-groups">${known.map((g) => html`<option value=${g}></option>`)}</datalist>
      <div class="scroll"><table data-testid="nta-samples">
        <thead><tr><th>${msg('Sample', { id: 'exosome.col.sample' })}</th><th>${msg('Group', { id: 'exosome.col.group' })}</th>
          <th class="num">${h.total}</th><th class="num">${h.mode}</th><th class="num">${h.mean}</th><th class="num">${h.sd}</th>
          <th class="num">${h.d10}</th><th class="num">${h.d50}</th><th class="num">${h.d90}</th><th class="num">${h.below100}</th><th class="num">${h.below150}</th></tr></thead>
        <tbody>${r.samples.map((x) => html`<tr data-sample=${x.sampleName}>
          <td data-user title=${x.fileName}><span class="swatch" style="background:${colors.get(x.group)}"></span>${x.sampleName}</td>
          <td><input data-user list="exo-groups" .value=${x.group} placeholder=${msg('type a group', { id: 'exosome.groupPlaceholder' })}
            aria-label=${msg(str`Group of ${x.sampleName}`, { id: 'exosome.groupOf' })} @change=${(e: Event) => this._setGroup(x.fileId, (e.target as HTMLInputElement).value)}></td>
          <td class="num">${sci(x.stats.total, loc)}</td><td class="num">${fixed(x.stats.mode, loc, 1)}</td><td class="num">${fixed(x.stats.mean, loc, 1)}</td>
          <td class="num">${fixed(x.stats.sd, loc, 1)}</td><td class="num">${fixed(x.stats.d10, loc, 1)}</td><td class="num">${fixed(x.stats.d50, loc, 1)}</td>
          <td class="num">${fixed(x.stats.d90, loc, 1)}</td><td class="num">${pct(x.stats.below100, loc)}</td><td class="num">${pct(x.stats.below150, loc)}</td></tr>`)}</tbody>
      </table></div>
    </section>`;
  }

  private _groupCard(r: ExosomeResult) {
    const t = groupSizeTable(r, this._s, intlLocale());
    return html`<section class="card">
      <div class="head"><h3>${msg('Particle size by group', { id: 'exosome.groups.title' })}</h3>
        <mmdr-export-menu .table=${() => groupSizeTable(this._result!, this._s, intlLocale())} what=${msg('sizes by group', { id: 'exosome.groups.what' })}></mmdr-export-menu></div>
      <div class="scroll"><table data-testid="nta-groups">
        <thead><tr>${t.columns.map((c, i) => html`<th class=${i > 0 ? 'num' : ''} ?data-user=${i > 0}>${c}</th>`)}</tr></thead>
        <tbody>${t.rows.map((row) => html`<tr>${row.map((c, i) => html`<td class=${i > 0 ? 'num' : ''}>${c ?? '–'}</td>`)}</tr>`)}</tbody>
      </table></div>
      ${t.footnotes?.map((f) => html`<p class="caption">${f}</p>`)}
    </section>`;
  }

  private _rnaCard(r: ExosomeResult) {
    const rna = r.rna!;
    const loc = intlLocale();
    const s = this._s;
    const fig = this._rnaFigure(r)!;
    const svg = rnaFigureSvg(fig, (x) => fixed(x, loc, Number.isInteger(x) ? 0 : 2));
    const colors = groupColors(r.groups);
    return html`<section class="card" data-testid="rna-card">
      <div class="head"><h3>${msg('Exosomal RNA yield', { id: 'exosome.rna.title' })}</h3>
        <mmdr-export-menu .figure=${this._rnaExport} what=${msg('RNA yield chart', { id: 'exosome.rna.whatFigure' })} data-testid="rna-export"></mmdr-export-menu></div>
      ${rna.pair ? html`<p class="headline" data-testid="rna-headline"><b data-user>${pairText(rna.pair[0], rna.pair[1])}</b>: ${testName(s.test)},
        <span data-testid="rna-p" data-p=${rna.test?.p ?? ''}>${rna.test ? pEquals(rna.test.p, loc) : '–'}</span>
        ${rna.test ? html`<span class="muted">(${statLine(rna.test, loc)})</span>` : nothing}</p>` : html`<p class="muted">${rnaHeadline(rna, s, loc)}</p>`}
      <div class="rna-fig" role="img" aria-label=${rnaHeadline(rna, s, loc)} data-testid="rna-figure">${unsafeHTML(svg)}</div>
      <div class="head sub"><h3>${msg('RNA yield by group', { id: 'exosome.rnaTable.title' })}</h3>
        <mmdr-export-menu .table=${() => rnaTable(this._result!.rna!, this._s, intlLocale())} what=${msg('RNA yield table', { id: 'exosome.rna.whatTable' })}></mmdr-export-menu></div>
      <div class="scroll"><table data-testid="rna-groups">
        <thead><tr><th>${msg('Group', { id: 'exosome.col.group' })}</th><th class="num">${msg('n', { id: 'exosome.col.n' })}</th><th class="num">${msg('Mean ± SD (ng/µl)', { id: 'exosome.col.meanSdUnit' })}</th>
          <th class="num">${msg('Median', { id: 'exosome.col.median' })}</th><th class="num">${msg('Range', { id: 'exosome.col.range' })}</th><th class="num">${msg('Missing', { id: 'exosome.col.missing' })}</th></tr></thead>
        <tbody>${rna.groups.map((g) => html`<tr data-group=${g.name}>
          <td data-user><span class="swatch" style="background:${colors.get(g.name)}"></span>${groupLabel(g.name)}</td><td class="num">${g.n}</td>
          <td class="num" data-testid="rna-mean" data-mean=${g.mean ?? ''} data-sd=${g.sd ?? ''}>${meanSdText(g.mean, g.sd, loc, 2)}</td>
          <td class="num">${fixed(g.median, loc, 2)}</td><td class="num">${g.min == null ? '–' : `${fixed(g.min, loc, 2)}–${fixed(g.max, loc, 2)}`}</td><td class="num">${g.missing}</td></tr>`)}</tbody>
      </table></div>
      ${this._testsTable(r)}
    </section>`;
  }

  private _testsTable(r: ExosomeResult) {
    const rna = r.rna!;
    if (!rna.pairwise.length) return nothing;
    const loc = intlLocale();
    const p = (t: { p: number | null } | null) => (t ? fmtP(t.p, loc) : '–');
    return html`
      <div class="head sub"><h3>${msg('All tests', { id: 'exosome.tests.title' })}</h3>
        <mmdr-export-menu .table=${() => testsTable(this._result!.rna!, intlLocale())} what=${msg('RNA tests', { id: 'exosome.tests.what' })}></mmdr-export-menu></div>
      <div class="scroll"><table data-testid="rna-tests">
        <thead><tr><th>${msg('Comparison', { id: 'exosome.col.comparison' })}</th><th class="num">${testShort('student')} p</th><th class="num">${testShort('welch')} p</th><th class="num">${testShort('mann-whitney')} p</th></tr></thead>
        <tbody>${rna.pairwise.map((x) => html`<tr>
          <td data-user>${pairText(x.a, x.b)}</td><td class="num">${p(x.student)}</td><td class="num">${p(x.welch)}</td><td class="num">${p(x.mannWhitney)}</td></tr>`)}
          ${rna.overall ? html`<tr><td>${msg('All groups', { id: 'exosome.tests.allGroups' })}</td>
            <td class="num" colspan="3">${groupTestName('anova')}: ${pEquals(rna.overall.anova?.p, loc)} · ${groupTestName('welch-anova')}: ${pEquals(rna.overall.welchAnova?.p, loc)} · ${groupTestName('kruskal')}: ${pEquals(rna.overall.kruskal?.p, loc)}</td></tr>` : nothing}
        </tbody>
      </table></div>
      <p class="caption">${msg('Two-sided; no adjustment for multiple comparisons (as in the paper). Mann–Whitney: normal approximation with continuity correction (SPSS’s Asymp. Sig.).', { id: 'exosome.tests.foot' })}</p>`;
  }

  private _noRna() {
    return html`<section class="card"><h3>${msg('Exosomal RNA yield', { id: 'exosome.rna.title' })}</h3>
      <p class="muted">${msg('No RNA-yield table yet: add a table with the columns Sample, Group and RNA concentration (ng/µl).', { id: 'exosome.rna.none' })}</p></section>`;
  }

  private _notes(r: ExosomeResult) {
    const st = this.study!;
    const notes: unknown[] = [];
    const noGroup = r.samples.filter((x) => x.group === '').map((x) => x.sampleName);
    if (noGroup.length) notes.push(html`${msg('Samples without a group (shown in grey, left out of the group summaries):', { id: 'exosome.note.noGroup' })} <span data-user>${noGroup.join(', ')}</span>`);
    if (r.rna?.rnaWithoutNta.length) notes.push(html`${msg('In the RNA table but with no NTA file:', { id: 'exosome.note.rnaOnly' })} <span data-user>${r.rna.rnaWithoutNta.join(', ')}</span>`);
    if (r.rna?.ntaWithoutRna.length) notes.push(html`${msg('NTA files whose sample is not in the RNA table:', { id: 'exosome.note.ntaOnly' })} <span data-user>${r.rna.ntaWithoutRna.join(', ')}</span>`);
    const noDil = r.samples.filter((x) => x.dilution == null).map((x) => x.sampleName);
    if (noDil.length && this._s.dilution === 'multiply') notes.push(html`${msg('No dilution factor in these files, so their concentrations are used as exported:', { id: 'exosome.note.noDilution' })} <span data-user>${noDil.join(', ')}</span>`);
    const missing = r.rna?.groups.reduce((a, g) => a + g.missing, 0) ?? 0;
    if (missing) notes.push(msg(str`${missing} samples of the RNA table have no value and are left out of the RNA statistics.`, { id: 'exosome.note.rnaMissing' }));
    const ex = st.exosome!;
    const files = html`${msg(str`Read from ${ex.samples.length} NTA files`, { id: 'exosome.note.files' })}${ex.rna ? html` ${msg('and the RNA table', { id: 'exosome.note.rnaFile' })} <span data-user>${ex.rna.fileName}</span>` : nothing}.`;
    return html`<section class="card"><h3>${msg('Data notes', { id: 'exosome.notes.title' })}</h3>
      <ul class="notes" data-testid="exosome-notes"><li>${files}</li>${notes.map((n) => html`<li>${n}</li>`)}</ul>
      ${this._filesRead()}</section>`;
  }

  /** What was read from each file (SPEC §2: every import reports what it understood). */
  private _filesRead() {
    const ex = this.study!.exosome!;
    const loc = intlLocale();
    const layout = (l: 'nanosight' | 'plain') => (l === 'nanosight'
      ? msg('NanoSight ExperimentSummary', { id: 'exosome.files.nanosight' })
      : msg('two-column table', { id: 'exosome.files.plain' }));
    return html`<details class="files" data-testid="exosome-files"><summary>${msg('What was read from each file', { id: 'exosome.files.title' })}</summary>
      <div class="scroll"><table>
        <thead><tr><th>${msg('File', { id: 'exosome.col.file' })}</th><th>${msg('Sample', { id: 'exosome.col.sample' })}</th>
          <th>${msg('Layout', { id: 'exosome.files.layout' })}</th><th class="num">${msg('Size bins', { id: 'exosome.files.bins' })}</th>
          <th class="num">${msg('Videos', { id: 'exosome.files.videos' })}</th><th>${msg('Concentration column', { id: 'exosome.files.column' })}</th>
          <th class="num">${msg('Dilution factor', { id: 'exosome.col.dilution' })}</th><th>${msg('Notes', { id: 'exosome.files.notes' })}</th></tr></thead>
        <tbody>${ex.samples.map((x) => html`<tr>
          <td data-user>${x.fileName}</td><td data-user>${x.sampleName}</td>
          <td>${layout(x.layout)}${x.ntaVersion ? ` (NTA ${x.ntaVersion})` : ''}</td>
          <td class="num">${msg(str`${fixed(x.binCentres.length, loc, 0)}: ${fixed(x.binCentres[0], loc, 1)}–${fixed(x.binCentres[x.binCentres.length - 1], loc, 1)} nm`, { id: 'exosome.files.binRange' })}</td>
          <td class="num">${x.videos || '–'}</td><td data-user>${x.concentrationColumn}</td>
          <td class="num">${x.dilution == null ? '–' : fixed(x.dilution, loc, 0)}</td><td class="wrap">${x.notes.join('; ')}</td></tr>`)}</tbody>
      </table></div>
      ${ex.rna ? html`<p class="caption">${msg('RNA table', { id: 'exosome.files.rna' })} <span data-user>${ex.rna.fileName}</span>:
        ${msg(str`${ex.rna.rows.length} samples in ${ex.rna.groups.length} groups, ${ex.rna.missing} without a value; columns used:`, { id: 'exosome.files.rnaSummary' })}
        <span data-user>${[ex.rna.columns.sample, ex.rna.columns.group, ex.rna.columns.concentration, ex.rna.columns.a260280].filter(Boolean).join(', ')}</span>.</p>` : nothing}
    </details>`;
  }
}

declare global { interface HTMLElementTagNameMap { 'mmdr-exosome-view': ExosomeView } }
