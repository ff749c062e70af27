import { LitElement, html, css, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import type { ArrayEntry } from '../study/model.ts';
import { arrayKey, arrayName, channelRead, groupFromTitle, studySources } from '../study/array-sources.ts';
import { expressionSettings } from '../study/expression-settings.ts';
import { formatNumber } from '../i18n/format.ts';
import { intlLocale } from '../i18n/localization.ts';
import { sharedStyles } from './shared-styles.ts';

/**
 * The study's arrays and what was read from each: GenePix files (format, wavelengths, the channel
 * the analysis reads, spots, controls, spike-ins, empty and flagged spots) and the columns of GEO
 * series matrix or matrix files (one array each), with each array's sample group editable in place.
 * Fires `groups-change` (detail {groups: {arrayKey: group}}) for one or many arrays at once.
 */
@customElement('mmdr-array-list')
@localized()
export class ArrayList extends LitElement {
  static styles = [sharedStyles, css`
    :host { display: block; }
    input.group { width: 11rem; }
    .flags { font-size: .85rem; }
    .sources { margin: 0 0 .6rem; padding-left: 1.1rem; }
    .sources li { margin: .2rem 0; }
    .sub { font-size: .8rem; color: #5b6778; }
    .scroll { overflow-x: auto; }
    td { white-space: nowrap; }
  `];

  /** Arrays of the study, in import order. */
  @property({ attribute: false }) arrays: ArrayEntry[] = [];
  /** The study's array-analysis settings (study.settings.arrays), for the channel each file is read at. */
  @property({ attribute: false }) settings: unknown = undefined;

  render() {
    if (this.arrays.length === 0) return html`<p class="muted">${msg('No array files in this study yet.', { id: 'arrays.none' })}</p>`;
    const loc = intlLocale();
    const groups = [...new Set(this.arrays.map((a) => a.group).filter(Boolean))];
    const src = studySources(this.arrays);
    const channel = expressionSettings(this.settings).channel;
    return html`
      <p class="muted" data-testid="arrays-summary">${groups.map((g) => html`<span class="badge" data-user style="background:#eef4fb;color:#1d3b5c;border-color:#c9daee">${g}: ${this.arrays.filter((a) => a.group === g).length}</span> `)}
        ${this.arrays.some((a) => !a.group) ? html`<span class="badge">${msg(str`${this.arrays.filter((a) => !a.group).length} without a group`, { id: 'arrays.noGroupCount' })}</span>` : nothing}</p>
      <ul class="sources" data-testid="array-sources">
        ${src.gpr.length ? html`<li data-testid="array-source" data-format="gpr">${msg(str`${src.gpr.length} GenePix GPR files, one array each`, { id: 'arrays.gprSource' })}</li>` : nothing}
        ${src.matrices.map((m) => {
          const e = m.entries[0];
          return html`<li data-testid="array-source" data-format=${m.format}><span data-user>${m.fileName}</span>:
            ${m.format === 'geo'
              ? msg(str`GEO series matrix ${e.series || ''} ${e.platform ? `(${e.platform})` : ''}`, { id: 'arrays.geoSource' })
              : msg('expression matrix', { id: 'arrays.matrixSource' })}
            · <b data-testid="array-source-size">${msg(str`${formatNumber(e.spots, loc)} probes × ${formatNumber(m.entries.length, loc)} arrays`, { id: 'arrays.matrixSize' })}</b>
            · ${e.scale === 'log2' ? msg('values look log2-transformed', { id: 'arrays.scaleLog2' }) : msg('values look linear (log2 is taken after normalization)', { id: 'arrays.scaleLinear' })}
            ${m.format === 'geo' && m.entries.some((x) => x.title) ? html` <button data-testid="groups-from-titles" @click=${() => this._groupsFromTitles(m.entries)}
              title=${msg('Each array gets its sample title without the replicate number as its group, e.g. “WT P2 replicate 1” → “WT P2”.', { id: 'arrays.groupsFromTitlesHint' })}>${msg('Groups from sample titles', { id: 'arrays.groupsFromTitles' })}</button>` : nothing}</li>`;
        })}
      </ul>
      <datalist id="array-groups">${groups.map((g) => html`<option value=${g}></option>`)}</datalist>
      <div class="scroll"><table data-testid="array-table">
        <thead><tr>
          <th scope="col">${msg('Array', { id: 'arrays.colArray' })}</th>
          <th scope="col">${msg('Sample group', { id: 'arrays.colGroup' })}</th>
          <th scope="col">${msg('Format', { id: 'arrays.colFormat' })}</th>
          <th scope="col">${msg('Wavelengths (nm)', { id: 'arrays.colWavelengths' })}</th>
          <th scope="col">${msg('Channel read (nm)', { id: 'arrays.colChannel' })}</th>
          <th scope="col" class="num">${msg('Spots', { id: 'arrays.colSpots' })}</th>
          <th scope="col" class="num">${msg('Distinct probes', { id: 'arrays.colProbes' })}</th>
          <th scope="col" class="num">${msg('Controls', { id: 'arrays.colControls' })}</th>
          <th scope="col" class="num">${msg('Spike-ins', { id: 'arrays.colSpikeIns' })}</th>
          <th scope="col" class="num">${msg('Empty', { id: 'arrays.colEmpty' })}</th>
          <th scope="col">${msg('Flagged spots (by flag value)', { id: 'arrays.colFlags' })}</th>
        </tr></thead>
        <tbody>${this.arrays.map((a) => (a.format === 'gpr' ? this._gprRow(a, channel, loc) : this._matrixRow(a, loc)))}</tbody>
      </table></div>`;
  }

  private _groupInput(a: ArrayEntry) {
    return html`<td><input class="group" list="array-groups" .value=${a.group} data-user aria-label=${msg(str`Sample group of ${arrayName(a)}`, { id: 'arrays.groupOf' })}
      @change=${(e: Event) => this._setGroups({ [arrayKey(a)]: (e.target as HTMLInputElement).value })}></td>`;
  }

  private _gprRow(a: ArrayEntry, channel: number | string | null, loc: string) {
    const read = channelRead(a.wavelengths, channel);
    return html`<tr data-testid="array-row">
      <td data-user title=${a.fileName}>${a.fileName}</td>
      ${this._groupInput(a)}
      <td data-user>${a.type || 'GenePix'} <span class="muted">(ATF ${a.atfVersion})</span></td>
      <td>${a.wavelengths.join(', ')}</td>
      <td data-testid="channel-read">${read ?? html`<span class="error" style="padding:0 .3rem">${msg('not in this file', { id: 'arrays.channelAbsent' })}</span>`}</td>
      <td class="num">${formatNumber(a.spots, loc)}</td>
      <td class="num">${formatNumber(a.distinctNames, loc)}</td>
      <td class="num">${formatNumber(a.controls, loc)}</td>
      <td class="num" data-testid="spike-ins">${formatNumber(a.spikeIns, loc)}</td>
      <td class="num">${formatNumber(a.emptySpots, loc)}</td>
      <td class="flags">${Object.keys(a.flaggedByValue).length === 0 ? msg('none', { id: 'arrays.noFlags' })
        : Object.entries(a.flaggedByValue).sort(([x], [y]) => Number(y) - Number(x)).map(([v, n]) => `${v}: ${formatNumber(n, loc)}`).join(' · ')}</td>
    </tr>`;
  }

  private _matrixRow(a: ArrayEntry, loc: string) {
    const title = a.title && a.title !== a.sample ? a.title : '';
    return html`<tr data-testid="array-row">
      <td><span data-user>${title || a.sample}</span>${title ? html` <span class="sub" data-user>${a.sample}</span>` : nothing}</td>
      ${this._groupInput(a)}
      <td>${a.format === 'geo' ? msg('GEO series matrix', { id: 'arrays.formatGeo' }) : msg('matrix', { id: 'arrays.formatMatrix' })} <span class="muted" data-user>${a.fileName}</span></td>
      <td>–</td><td>–</td>
      <td class="num">${formatNumber(a.spots, loc)}</td>
      <td class="num">${formatNumber(a.distinctNames, loc)}</td>
      <td class="num">${formatNumber(a.controls, loc)}</td>
      <td class="num">–</td><td class="num">–</td>
      <td class="flags">${a.missing ? msg(str`${formatNumber(a.missing, loc)} missing values`, { id: 'arrays.missingValues' }) : msg('none', { id: 'arrays.noFlags' })}</td>
    </tr>`;
  }

  private _groupsFromTitles(entries: ArrayEntry[]) {
    this._setGroups(Object.fromEntries(entries.map((e) => [arrayKey(e), groupFromTitle(e.title || e.sample || '')])));
  }

  private _setGroups(groups: Record<string, string>) {
    const trimmed = Object.fromEntries(Object.entries(groups).map(([k, g]) => [k, g.trim()]));
    this.dispatchEvent(new CustomEvent('groups-change', { detail: { groups: trimmed }, bubbles: true, composed: true }));
  }
}

declare global { interface HTMLElementTagNameMap { 'mmdr-array-list': ArrayList } }
