import { LitElement, html, css } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import type { ArrayEntry } from '../study/model.ts';
import { formatNumber } from '../i18n/format.ts';
import { intlLocale } from '../i18n/localization.ts';
import { sharedStyles } from './shared-styles.ts';

/**
 * The study's array files and what was read from each (format, wavelengths, spots, flags), with
 * the sample group of each array editable in place. Fires `group-change` (detail {fileId, group}).
 */
@customElement('mmdr-array-list')
@localized()
export class ArrayList extends LitElement {
  static styles = [sharedStyles, css`
    :host { display: block; }
    input.group { width: 11rem; }
    .flags { font-size: .85rem; }
  `];

  /** Arrays of the study, in import order. */
  @property({ attribute: false }) arrays: ArrayEntry[] = [];

  render() {
    if (this.arrays.length === 0) return html`<p class="muted">${msg('No array files in this study yet.', { id: 'arrays.none' })}</p>`;
    const loc = intlLocale();
    const groups = [...new Set(this.arrays.map((a) => a.group).filter(Boolean))];
    return html`
      <p class="muted" data-testid="arrays-summary">${groups.map((g) => html`<span class="badge" data-user style="background:#eef4fb;color:#1d3b5c;border-color:#c9daee">${g}: ${this.arrays.filter((a) => a.group === g).length}</span> `)}</p>
      <table data-testid="array-table">
        <thead><tr>
          <th scope="col">${msg('File', { id: 'arrays.colFile' })}</th>
          <th scope="col">${msg('Sample group', { id: 'arrays.colGroup' })}</th>
          <th scope="col">${msg('Format', { id: 'arrays.colFormat' })}</th>
          <th scope="col">${msg('Wavelengths (nm)', { id: 'arrays.colWavelengths' })}</th>
          <th scope="col" class="num">${msg('Spots', { id: 'arrays.colSpots' })}</th>
          <th scope="col" class="num">${msg('Distinct probes', { id: 'arrays.colProbes' })}</th>
          <th scope="col" class="num">${msg('Controls', { id: 'arrays.colControls' })}</th>
          <th scope="col" class="num">${msg('Empty', { id: 'arrays.colEmpty' })}</th>
          <th scope="col">${msg('Flagged spots (by flag value)', { id: 'arrays.colFlags' })}</th>
        </tr></thead>
        <tbody>${this.arrays.map((a) => html`<tr data-testid="array-row">
          <td data-user>${a.fileName}</td>
          <td><input class="group" .value=${a.group} aria-label=${msg('Sample group', { id: 'arrays.colGroup' })}
            @change=${(e: Event) => this._setGroup(a, (e.target as HTMLInputElement).value)}></td>
          <td data-user>${a.type || 'GenePix'} <span class="muted">(ATF ${a.atfVersion})</span></td>
          <td>${a.wavelengths.join(', ')}</td>
          <td class="num">${formatNumber(a.spots, loc)}</td>
          <td class="num">${formatNumber(a.distinctNames, loc)}</td>
          <td class="num">${formatNumber(a.controls, loc)}</td>
          <td class="num">${formatNumber(a.emptySpots, loc)}</td>
          <td class="flags">${Object.keys(a.flaggedByValue).length === 0 ? msg('none', { id: 'arrays.noFlags' })
            : Object.entries(a.flaggedByValue).sort(([x], [y]) => Number(y) - Number(x)).map(([v, n]) => `${v}: ${formatNumber(n, loc)}`).join(' · ')}</td>
        </tr>`)}</tbody>
      </table>`;
  }

  private _setGroup(a: ArrayEntry, group: string) {
    this.dispatchEvent(new CustomEvent('group-change', { detail: { fileId: a.fileId, group: group.trim() }, bubbles: true, composed: true }));
  }
}

declare global { interface HTMLElementTagNameMap { 'mmdr-array-list': ArrayList } }
