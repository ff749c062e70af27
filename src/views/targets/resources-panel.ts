import { LitElement, html, css, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { addResourceFile, changeTargetOptions, readResource, type ResourceInfo } from '../../app/resource-actions.ts';
import { fromBrowserFile } from '../../app/study-actions.ts';
import { deleteResource, restoreResource, type ResourceKind, type ResourceRecord, type TargetReadOptions } from '../../storage/resources.ts';
import type { GmtInfo, TargetTableInfo } from '../../worker/api/targets-api.ts';
import { formatBytes, formatDateTime } from '../../i18n/format.ts';
import { intlLocale } from '../../i18n/localization.ts';
import type { ToastMessage } from '../app-toast.ts';
import { sharedStyles } from '../shared-styles.ts';
import { dropReasonText, fmtInt, fmtNum, geneIdTypeText, linesText } from './format.ts';

const errText = (e: unknown) => String((e as Error)?.message ?? e);
const isAbort = (e: unknown) => (e as Error)?.name === 'AbortError';
const optionsKey = (r: ResourceRecord) => `${r.id}|${JSON.stringify(r.options)}`;

/**
 * The resources of the Targets & network view (issue 7): miRNA–target tables and GMT gene-set
 * files, loaded once and kept in this browser for every study. For each kind: which one this study
 * uses, add a file, delete one (with Undo); and the load report of the one in use — what was read
 * (rows, pairs, distinct miRNAs and genes, gene-id type), every dropped row with its reason and
 * lines, gene names a spreadsheet turned into dates flagged with their lines, a preview of the
 * file with the detected columns, and (target tables) the column roles, header and score cut-off
 * to override. Files are read in the analysis worker.
 *
 * Events: `resource-select` {kind, id}, `resources-changed` (the list changed: the view reloads
 * it), `toast`.
 */
@customElement('mmdr-target-resources')
@localized()
export class TargetResources extends LitElement {
  static styles = [sharedStyles, css`
    :host { display: block; }
    .kinds { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 1rem; }
    @media (max-width: 1100px) { .kinds { grid-template-columns: 1fr; } }
    section.kind { border: 1px solid #dde3eb; border-radius: 8px; padding: .6rem .8rem; background: #fbfcfe; min-width: 0; }
    h4 { margin: 0 0 .4rem; font-size: 1rem; }
    .pick { display: flex; gap: .4rem; align-items: center; flex-wrap: wrap; }
    .pick select { max-width: 100%; flex: 1 1 12rem; min-width: 0; }
    .pick button, .pick .button { padding: .3rem .7rem; font-size: .88rem; }
    .counts { display: flex; flex-wrap: wrap; gap: .3rem 1rem; margin: .5rem 0 .3rem; font-size: .92rem; }
    .counts b { font-variant-numeric: tabular-nums; }
    .meta { font-size: .8rem; color: #5b6778; }
    .warn { background: #fff7e0; border: 1px solid #f0d58a; border-radius: 6px; padding: .45rem .6rem; font-size: .85rem; margin: .4rem 0; }
    .warn ul { margin: .25rem 0 0; padding-left: 1.1rem; }
    .roles { display: grid; grid-template-columns: repeat(auto-fill, minmax(9.5rem, 1fr)); gap: .4rem .6rem; margin: .5rem 0; }
    .roles label { display: flex; flex-direction: column; font-size: .8rem; color: #3b4757; gap: .1rem; }
    .roles select, .roles input { font-size: .85rem; padding: .2rem .3rem; width: 100%; box-sizing: border-box; }
    .preview { overflow-x: auto; max-width: 100%; }
    .preview table { font-size: .78rem; width: auto; }
    .preview td, .preview th { padding: .15rem .45rem; white-space: nowrap; max-width: 14rem; overflow: hidden; text-overflow: ellipsis; }
    .preview td.line { color: #8a94a3; text-align: right; }
    .role { display: inline-block; font-size: .68rem; padding: 0 .35rem; border-radius: 999px; margin-left: .25rem; color: #fff; }
    .role.mirna { background: #0072B2; } .role.gene { background: #b87d00; } .role.score { background: #009E73; }
    table.dropped { width: auto; font-size: .82rem; margin: .3rem 0; }
    table.dropped td, table.dropped th { padding: .2rem .5rem; }
    details summary { cursor: pointer; font-size: .88rem; font-weight: 600; margin-top: .3rem; }
    .busy { color: #5b6778; font-size: .85rem; }
    .error { font-size: .85rem; margin: .4rem 0; }
    .hint { font-size: .78rem; color: #5b6778; margin: .2rem 0 0; }
  `];

  /** Every stored resource (the view owns the list). */
  @property({ attribute: false }) resources: ResourceRecord[] = [];
  /** Resources this study uses. */
  @property({ attribute: false }) targetsId: string | null = null;
  @property({ attribute: false }) gmtId: string | null = null;

  @state() private _info = new Map<string, ResourceInfo>();
  @state() private _errors = new Map<ResourceKind, string>();
  @state() private _busy = new Set<ResourceKind>();
  private _reading = new Set<string>();

  protected willUpdate(changed: PropertyValues): void {
    if (changed.has('resources') || changed.has('targetsId') || changed.has('gmtId')) {
      for (const r of [this._current('targets'), this._current('gmt')]) if (r) void this._read(r);
    }
  }

  /** The load report of a resource (with its current options), once read. */
  infoOf(r: ResourceRecord | null | undefined): ResourceInfo | undefined {
    return r ? this._info.get(optionsKey(r)) : undefined;
  }

  private _current(kind: ResourceKind): ResourceRecord | null {
    const id = kind === 'targets' ? this.targetsId : this.gmtId;
    return this.resources.find((r) => r.id === id && r.kind === kind) ?? null;
  }

  private async _read(r: ResourceRecord) {
    const key = optionsKey(r);
    if (this._info.has(key) || this._reading.has(key)) return;
    this._reading.add(key);
    this._setBusy(r.kind, true);
    try {
      const info = await readResource(r);
      this._info = new Map(this._info).set(key, info);
      this._setError(r.kind, null);
    } catch (e) {
      if (!isAbort(e)) this._setError(r.kind, errText(e));
    } finally {
      this._reading.delete(key);
      this._setBusy(r.kind, false);
    }
  }

  private _setBusy(kind: ResourceKind, on: boolean) {
    const b = new Set(this._busy);
    if (on) b.add(kind); else b.delete(kind);
    this._busy = b;
  }

  private _setError(kind: ResourceKind, text: string | null) {
    const m = new Map(this._errors);
    if (text) m.set(kind, text); else m.delete(kind);
    this._errors = m;
  }

  private _emit(name: string, detail?: unknown) {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  private _toast(m: ToastMessage) {
    this._emit('toast', m);
  }

  private async _add(kind: ResourceKind, input: HTMLInputElement) {
    const files = [...(input.files ?? [])];
    input.value = '';
    if (!files.length) return;
    this._setBusy(kind, true);
    this._setError(kind, null);
    const added: string[] = [];
    const errors: string[] = [];
    let last: ResourceRecord | null = null;
    for (const f of files) {
      try {
        const { record, read } = await addResourceFile(kind, await fromBrowserFile(f));
        this._info = new Map(this._info).set(optionsKey(record), read);
        added.push(record.name);
        last = record;
      } catch (e) {
        errors.push(errText(e));
      }
    }
    this._setBusy(kind, false);
    if (errors.length) this._setError(kind, errors.join('\n'));
    if (last) {
      this._emit('resources-changed');
      this._emit('resource-select', { kind, id: last.id });
      this._toast({ text: msg(str`Added ${added.join(', ')}. It stays in this browser for every study.`, { id: 'targets.res.added' }) });
    }
  }

  private async _delete(r: ResourceRecord) {
    try {
      const gone = await deleteResource(r.id);
      this._emit('resources-changed');
      if (gone) {
        this._toast({
          text: msg(str`Deleted ${r.name} from this browser.`, { id: 'targets.res.deleted' }),
          action: { label: msg('Undo', { id: 'common.undo' }), run: async () => { await restoreResource(gone); this._emit('resources-changed'); this._emit('resource-select', { kind: gone.kind, id: gone.id }); } },
          timeoutMs: 10_000,
        });
      }
    } catch (e) {
      this._toast({ text: errText(e), kind: 'error' });
    }
  }

  private async _setOptions(r: ResourceRecord, patch: TargetReadOptions) {
    const options: TargetReadOptions = { ...r.options, ...patch, columns: { ...r.options.columns, ...patch.columns } };
    this._setBusy('targets', true);
    try {
      const { record, info } = await changeTargetOptions(r, options);
      this._info = new Map(this._info).set(optionsKey(record), { kind: 'targets', info });
      this._setError('targets', null);
      this._emit('resources-changed');
    } catch (e) {
      this._setError('targets', msg(str`These settings do not read the file, so they were not kept: ${errText(e)}`, { id: 'targets.res.badOptions' }));
    } finally {
      this._setBusy('targets', false);
    }
  }

  render() {
    return html`<div class="kinds">
      ${this._kind('targets')}
      ${this._kind('gmt')}
    </div>`;
  }

  private _kind(kind: ResourceKind): TemplateResult {
    const loc = intlLocale();
    const list = this.resources.filter((r) => r.kind === kind);
    const cur = this._current(kind);
    const info = this.infoOf(cur);
    const err = this._errors.get(kind);
    const title = kind === 'targets' ? msg('miRNA–target table', { id: 'targets.res.targetsTitle' }) : msg('Gene sets (GMT)', { id: 'targets.res.gmtTitle' });
    const hint = kind === 'targets'
      ? msg('CSV or TSV from miRTarBase, TargetScan, miRDB or your lab: a miRNA column, a gene column (symbol or Entrez id), optionally a score. With or without a header.', { id: 'targets.res.targetsHint' })
      : msg('GMT files from MSigDB, GO or KEGG exports (Hallmark, C2, C5 …): one gene set per line.', { id: 'targets.res.gmtHint' });
    const count = (r: ResourceRecord) => (r.summary ? (kind === 'targets'
      ? msg(str`${fmtInt(r.summary.pairs, loc)} pairs`, { id: 'targets.res.optPairs' })
      : msg(str`${fmtInt(r.summary.sets, loc)} sets`, { id: 'targets.res.optSets' })) : '');
    return html`<section class="kind" data-testid=${`resource-${kind}`} aria-labelledby=${`res-${kind}`}>
      <h4 id=${`res-${kind}`}>${title}</h4>
      <div class="pick">
        ${list.length ? html`<label class="sr-only" for=${`sel-${kind}`}>${msg('In use for this study', { id: 'targets.res.inUse' })}</label>
          <select id=${`sel-${kind}`} data-testid=${`resource-select-${kind}`} data-user
            @change=${(e: Event) => this._emit('resource-select', { kind, id: (e.target as HTMLSelectElement).value })}>
            ${cur ? nothing : html`<option value="" selected>${msg('— choose —', { id: 'targets.res.choose' })}</option>`}
            ${list.map((r) => html`<option value=${r.id} ?selected=${r.id === cur?.id}>${r.name}${r.synthetic ? ` (${msg('synthetic', { id: 'targets.res.synthetic' })})` : ''} · ${count(r)}</option>`)}
          </select>` : html`<span class="muted">${msg('None loaded yet.', { id: 'targets.res.none' })}</span>`}
        <label class="button" for=${`add-${kind}`}>${kind === 'targets' ? msg('Add table…', { id: 'targets.res.addTable' }) : msg('Add GMT…', { id: 'targets.res.addGmt' })}</label>
        <input id=${`add-${kind}`} class="sr-only" type="file" multiple data-testid=${`add-${kind}`}
          accept=${kind === 'targets' ? '.csv,.tsv,.tab,.txt' : '.gmt,.txt'} @change=${(e: Event) => this._add(kind, e.target as HTMLInputElement)}>
        ${cur ? html`<button class="danger" data-testid=${`delete-${kind}`} @click=${() => this._delete(cur)}
          aria-label=${msg(str`Delete ${cur.name} from this browser`, { id: 'targets.res.deleteLabel' })}>${msg('Delete', { id: 'common.delete' })}</button>` : nothing}
      </div>
      <p class="hint">${hint}</p>
      ${this._busy.has(kind) ? html`<p class="busy" role="status">${msg('Reading in the analysis worker…', { id: 'targets.res.reading' })}</p>` : nothing}
      ${err ? html`<p class="error" role="alert" data-testid=${`resource-error-${kind}`}>${err}</p>` : nothing}
      ${cur ? html`<p class="meta"><span data-user>${cur.name}</span> · ${formatBytes(cur.size, loc)} · ${msg(str`added ${formatDateTime(cur.addedAt, loc)}`, { id: 'targets.res.addedAt' })}</p>` : nothing}
      ${cur && info?.kind === 'targets' ? this._targetsReport(cur, info.info) : nothing}
      ${cur && info?.kind === 'gmt' ? this._gmtReport(info.info) : nothing}
    </section>`;
  }

  private _targetsReport(r: ResourceRecord, t: TargetTableInfo): TemplateResult {
    const loc = intlLocale();
    const p = t.report;
    const roleOf = (c: number) => (c === t.roles.mirna ? 'mirna' : c === t.roles.gene ? 'gene' : c === t.roles.score ? 'score' : null);
    const roleName = (x: string) => (x === 'mirna' ? msg('miRNA', { id: 'targets.role.mirna' }) : x === 'gene' ? msg('gene', { id: 'targets.role.gene' }) : msg('score', { id: 'targets.role.score' }));
    const colOpt = (c: number, sel: boolean) => html`<option value=${c + 1} ?selected=${sel}>${c + 1}: ${t.columnNames[c]}</option>`;
    const cols = t.columnNames.map((_, c) => c);
    const delimiter = t.delimiter === '\t' ? msg('tab', { id: 'targets.res.tab' }) : `"${t.delimiter}"`;
    const dropped = p.dropped;
    const gmt = this._current('gmt');
    const gmtInfo = this.infoOf(gmt);
    const gmtType = gmtInfo?.kind === 'gmt' ? gmtInfo.info.geneIdType : null;
    const idMismatch = gmtType && gmtType !== p.geneIdType && p.geneIdType !== 'mixed' && gmtType !== 'mixed';
    const num = (v: string) => { const x = v.trim() === '' ? null : Number(v.replace(',', '.')); return x === null || Number.isFinite(x) ? x : undefined; };
    return html`
      <div class="counts" data-testid="targets-report">
        <span>${msg('Rows read', { id: 'targets.rep.rows' })}: <b data-testid="report-rows" data-value=${p.rowsRead}>${fmtInt(p.rowsRead, loc)}</b></span>
        <span>${msg('miRNA–gene pairs kept', { id: 'targets.rep.pairs' })}: <b data-testid="report-pairs" data-value=${p.pairsKept}>${fmtInt(p.pairsKept, loc)}</b></span>
        <span>${msg('distinct miRNAs', { id: 'targets.rep.mirnas' })}: <b data-testid="report-mirnas" data-value=${p.mirnas}>${fmtInt(p.mirnas, loc)}</b></span>
        <span>${msg('distinct genes', { id: 'targets.rep.distinctGenes' })}: <b data-testid="report-genes" data-value=${p.genes}>${fmtInt(p.genes, loc)}</b></span>
      </div>
      <p class="meta">${msg(str`${t.encoding}, separated by ${delimiter}, ${t.hasHeader ? msg('first row is a header', { id: 'targets.res.hasHeader' }) : msg('no header row', { id: 'targets.res.noHeader' })}; genes written as ${geneIdTypeText(p.geneIdType)}.`, { id: 'targets.res.format' })}</p>
      ${p.geneIdType === 'entrez' ? html`<p class="warn" data-testid="idtype-note">${msg('Genes are Entrez Gene ids. Gene-set files usually list symbols: use a GMT file with Entrez ids (MSigDB “entrez” files), or no gene will match.', { id: 'targets.res.entrezNote' })}</p>` : nothing}
      ${idMismatch ? html`<p class="warn" data-testid="idtype-mismatch">${msg(str`This table lists ${geneIdTypeText(p.geneIdType)} but the gene sets list ${geneIdTypeText(gmtType!)}: they will share few or no genes.`, { id: 'targets.res.idMismatch' })}</p>` : nothing}
      ${p.mangledGenes.length ? html`<div class="warn" data-testid="mangled" role="note">
          <b>${msg(str`${fmtInt(p.mangledGenes.length, loc)} gene names look like dates or numbers a spreadsheet made of gene symbols`, { id: 'targets.rep.mangledTitle' })}</b>
          — ${msg('they match no gene set until corrected in the file (kept as they are):', { id: 'targets.rep.mangledHint' })}
          <ul>${p.mangledGenes.slice(0, 12).map((m) => html`<li>${msg(str`line ${fmtInt(m.line, loc)}`, { id: 'targets.rep.line' })}: <span data-user>“${m.text}”</span>${m.candidates.length
            ? html` → ${msg('probably', { id: 'targets.rep.probably' })} <span data-user>${m.candidates.join(' / ')}</span>` : nothing}</li>`)}
          ${p.mangledGenes.length > 12 ? html`<li>… ${msg(str`and ${fmtInt(p.mangledGenes.length - 12, loc)} more`, { id: 'targets.rep.more' })}</li>` : nothing}</ul></div>` : nothing}
      ${dropped.length ? html`<table class="dropped" data-testid="dropped">
          <caption class="sr-only">${msg('Rows not kept', { id: 'targets.rep.droppedCaption' })}</caption>
          <thead><tr><th scope="col">${msg('Rows not kept', { id: 'targets.rep.droppedCaption' })}</th><th scope="col" class="num">${msg('Rows', { id: 'targets.rep.count' })}</th><th scope="col">${msg('Lines', { id: 'targets.rep.lines' })}</th></tr></thead>
          <tbody>${dropped.map((d) => html`<tr data-reason=${d.reason}><td>${dropReasonText(d.reason)}</td><td class="num" data-value=${d.count}>${fmtInt(d.count, loc)}</td><td>${linesText(d.lines, d.count, loc)}</td></tr>`)}</tbody>
        </table>` : html`<p class="meta">${msg('No row was dropped.', { id: 'targets.rep.noneDropped' })}</p>`}
      ${p.missingScores ? html`<p class="meta">${msg(str`${fmtInt(p.missingScores, loc)} kept pairs have no score (NaN or NA); a score cut-off would drop them.`, { id: 'targets.rep.missingScores' })}</p>` : nothing}
      ${p.oddMirnaLines.length ? html`<p class="meta">${msg(str`${fmtInt(p.oddMirnaLines.length, loc)} rows have a miRNA name that does not look like one (lines ${linesText(p.oddMirnaLines, p.oddMirnaLines.length, loc, 8)}); they are kept.`, { id: 'targets.rep.oddMirna' })}</p>` : nothing}
      <details>
        <summary>${msg('Columns, header and score cut-off', { id: 'targets.res.columnsSummary' })}</summary>
        <div class="roles">
          <label>${msg('miRNA column', { id: 'targets.res.mirnaCol' })}
            <select data-testid="col-mirna" @change=${(e: Event) => this._setOptions(r, { columns: { mirna: Number((e.target as HTMLSelectElement).value) } })}>${cols.map((c) => colOpt(c, c === t.roles.mirna))}</select></label>
          <label>${msg('Gene column', { id: 'targets.res.geneCol' })}
            <select data-testid="col-gene" @change=${(e: Event) => this._setOptions(r, { columns: { gene: Number((e.target as HTMLSelectElement).value) } })}>${cols.map((c) => colOpt(c, c === t.roles.gene))}</select></label>
          <label>${msg('Score column', { id: 'targets.res.scoreCol' })}
            <select data-testid="col-score" @change=${(e: Event) => { const v = (e.target as HTMLSelectElement).value; this._setOptions(r, { columns: { score: v === '' ? null : Number(v) }, ...(v === '' ? { minScore: null, maxScore: null } : {}) }); }}>
              <option value="" ?selected=${t.roles.score === null}>${msg('none', { id: 'targets.res.noScore' })}</option>${cols.map((c) => colOpt(c, c === t.roles.score))}</select></label>
          <label>${msg('First row', { id: 'targets.res.headerLabel' })}
            <select data-testid="col-header" @change=${(e: Event) => this._setOptions(r, { header: (e.target as HTMLSelectElement).value as 'auto' | 'yes' | 'no' })}>
              <option value="auto" ?selected=${(r.options.header ?? 'auto') === 'auto'}>${msg(str`detect (${t.hasHeader ? msg('header', { id: 'targets.res.header' }) : msg('data', { id: 'targets.res.data' })})`, { id: 'targets.res.detectHeader' })}</option>
              <option value="yes" ?selected=${r.options.header === 'yes'}>${msg('is a header', { id: 'targets.res.isHeader' })}</option>
              <option value="no" ?selected=${r.options.header === 'no'}>${msg('is data', { id: 'targets.res.isData' })}</option></select></label>
          ${t.roles.score !== null ? html`
            <label>${msg('Keep score ≥', { id: 'targets.res.minScore' })}
              <input type="number" step="any" data-testid="min-score" .value=${r.options.minScore == null ? '' : String(r.options.minScore)}
                @change=${(e: Event) => { const v = num((e.target as HTMLInputElement).value); if (v !== undefined) this._setOptions(r, { minScore: v }); }}></label>
            <label>${msg('Keep score ≤', { id: 'targets.res.maxScore' })}
              <input type="number" step="any" data-testid="max-score" .value=${r.options.maxScore == null ? '' : String(r.options.maxScore)}
                @change=${(e: Event) => { const v = num((e.target as HTMLInputElement).value); if (v !== undefined) this._setOptions(r, { maxScore: v }); }}></label>` : nothing}
        </div>
        ${t.scoreRange ? html`<p class="hint">${msg(str`Scores run from ${fmtNum(t.scoreRange.min, loc)} to ${fmtNum(t.scoreRange.max, loc)} (median ${fmtNum(t.scoreRange.median, loc)}). With a cut-off, pairs without a score are dropped.`, { id: 'targets.res.scoreRange' })}</p>` : nothing}
        <p class="hint">${Object.keys(r.options).length ? html`<button @click=${() => this._setOptions(r, { header: 'auto', columns: { mirna: undefined, gene: undefined, score: undefined }, minScore: null, maxScore: null })}>${msg('Detect again', { id: 'targets.res.redetect' })}</button> ` : nothing}
          ${msg('These settings belong to the file and apply in every study that uses it.', { id: 'targets.res.optionsShared' })}</p>
      </details>
      <details>
        <summary>${msg(str`First ${fmtInt(t.preview.rows.length, loc)} lines of the file`, { id: 'targets.res.previewSummary' })}</summary>
        <div class="preview"><table data-user>
          <thead><tr><th></th>${cols.map((c) => html`<th scope="col">${t.hasHeader ? t.columnNames[c] : `V${c + 1}`}${roleOf(c) ? html`<span class="role ${roleOf(c)}">${roleName(roleOf(c)!)}</span>` : nothing}</th>`)}</tr></thead>
          <tbody>${t.preview.rows.map((row, i) => html`<tr><td class="line">${fmtInt(t.preview.lines[i], loc)}</td>${cols.map((c) => html`<td>${row[c] ?? ''}</td>`)}</tr>`)}</tbody>
        </table></div>
      </details>`;
  }

  private _gmtReport(g: GmtInfo): TemplateResult {
    const loc = intlLocale();
    const p = g.report;
    return html`
      <div class="counts" data-testid="gmt-report">
        <span>${msg('Gene sets', { id: 'targets.rep.sets' })}: <b data-testid="report-sets" data-value=${p.sets}>${fmtInt(p.sets, loc)}</b></span>
        <span>${msg('distinct genes', { id: 'targets.rep.distinctGenes' })}: <b data-testid="report-set-genes" data-value=${p.genes}>${fmtInt(p.genes, loc)}</b></span>
        <span>${msg('set sizes', { id: 'targets.rep.setSizes' })}: <b>${fmtInt(p.minSize, loc)}–${fmtInt(p.maxSize, loc)}</b></span>
      </div>
      <p class="meta">${msg(str`${g.encoding}; genes written as ${geneIdTypeText(g.geneIdType)}.`, { id: 'targets.res.gmtFormat' })}</p>
      ${p.mangledGenes.length ? html`<div class="warn" data-testid="mangled-gmt" role="note">
          <b>${msg(str`${fmtInt(p.mangledGenes.length, loc)} gene names look like dates or numbers a spreadsheet made of gene symbols`, { id: 'targets.rep.mangledTitle' })}</b>:
          <ul>${p.mangledGenes.slice(0, 12).map((m) => html`<li>${msg(str`line ${fmtInt(m.line, loc)}`, { id: 'targets.rep.line' })}, <span data-user>${m.set}</span>: <span data-user>“${m.text}”</span>${m.candidates.length
            ? html` → ${msg('probably', { id: 'targets.rep.probably' })} <span data-user>${m.candidates.join(' / ')}</span>` : nothing}</li>`)}</ul></div>` : nothing}
      ${p.duplicateGenes.length ? html`<p class="meta">${msg(str`${fmtInt(p.duplicateGenes.length, loc)} genes are listed twice in the same set; each is counted once.`, { id: 'targets.rep.dupGenes' })}</p>` : nothing}
      ${p.duplicateSets.map((d) => html`<p class="meta">${d.renamedTo
        ? msg(str`Line ${fmtInt(d.line, loc)}: the set name is already used on line ${fmtInt(d.firstLine, loc)}; this set is called ${d.renamedTo}.`, { id: 'targets.rep.renamed' })
        : msg(str`Line ${fmtInt(d.line, loc)} repeats the set of line ${fmtInt(d.firstLine, loc)} with the same genes; it is read once.`, { id: 'targets.rep.repeated' })}</p>`)}
      ${p.emptySets.length ? html`<p class="meta">${msg(str`${fmtInt(p.emptySets.length, loc)} sets have no genes and are left out (lines ${linesText(p.emptySets.map((e) => e.line), p.emptySets.length, loc, 8)}).`, { id: 'targets.rep.emptySets' })}</p>` : nothing}
      ${p.emptyLines ? html`<p class="meta">${msg(str`${fmtInt(p.emptyLines, loc)} blank lines skipped.`, { id: 'targets.rep.blank' })}</p>` : nothing}
      <details>
        <summary>${msg(str`First ${fmtInt(g.preview.length, loc)} gene sets`, { id: 'targets.res.gmtPreview' })}</summary>
        <div class="preview"><table data-user>
          <thead><tr><th scope="col">${msg('Gene set', { id: 'targets.col.set' })}</th><th scope="col" class="num">${msg('Genes', { id: 'targets.col.genes' })}</th><th scope="col">${msg('First genes', { id: 'targets.res.firstGenes' })}</th></tr></thead>
          <tbody>${g.preview.map((s) => html`<tr><td data-user title=${s.description}>${s.name}</td><td class="num">${fmtInt(s.size, loc)}</td><td>${s.genes.join(' ')}${s.size > s.genes.length ? ' …' : ''}</td></tr>`)}</tbody>
        </table></div>
      </details>`;
  }
}

declare global { interface HTMLElementTagNameMap { 'mmdr-target-resources': TargetResources } }
