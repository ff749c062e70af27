/**
 * Import wizard, step 2: which column holds which study field (the automatic guesses pre-filled;
 * one select per field, grouped by the paper's sections), one row per patient or per
 * hospitalization episode (aggregated to patients, src/study/episodes.ts), and the DR group —
 * classified by the rules of SPEC §3 or read from an existing column. Unmapped columns stay user
 * variables.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import type { CohortPreview, ColumnPreview, ImportMapping } from '../../study/cohort-import.ts';
import { EPISODE_FIELDS } from '../../study/episodes.ts';
import { STUDY_FIELDS, sectionLabel, type FieldSection, type StudyField } from '../../study/fields.ts';
import { formatNumber } from '../../i18n/format.ts';
import { columnTypeName } from './labels.ts';

/** What step 2 shows and changes. */
export interface MappingStepContext {
  preview: CohortPreview;
  mapping: ImportMapping;
  locale: string;
  set(next: ImportMapping): void;
}

const SECTIONS: readonly FieldSection[] = ['patient', 'treatment', 'outcome', 'dates', 'general', 'inflammation', 'immune', 'bone', 'genetics'];

/** Fields the episode aggregation computes (not read from a column as they are). */
export function computedByEpisodes(m: ImportMapping): Set<string> {
  if (m.shape !== 'episodes') return new Set();
  const s = new Set<string>(EPISODE_FIELDS);
  if (!m.fields.date_last_followup) s.add('date_last_followup');
  return s;
}

/** Columns chosen for more than one field (a column can hold only one). */
export function doubleMapped(m: ImportMapping): string[] {
  const used = new Map<string, number>();
  const computed = computedByEpisodes(m);
  for (const [k, c] of Object.entries(m.fields)) if (c && !computed.has(k)) used.set(c, (used.get(c) ?? 0) + 1);
  return [...used].filter(([, n]) => n > 1).map(([c]) => c);
}

function columnOptions(cols: readonly ColumnPreview[], selected: string | null, none: string): TemplateResult {
  return html`<option value="" ?selected=${!selected}>${none}</option>
    ${cols.map((c) => html`<option value=${c.name} ?selected=${c.name === selected}>${c.name}</option>`)}`;
}

function examples(c: ColumnPreview | undefined, loc: string): TemplateResult | typeof nothing {
  if (!c) return nothing;
  return html`<span class="hint">${columnTypeName(c.type)}${c.missing ? msg(str`, ${formatNumber(c.missing, loc)} empty`, { id: 'import.map.empty' }) : ''}${c.examples.length ? ': ' : ''}<span data-user>${c.examples.join(' · ')}</span></span>`;
}

/** Step 2 of the import wizard. */
export function renderMappingStep(cx: MappingStepContext): TemplateResult {
  const { preview, mapping: m, locale: loc } = cx;
  const cols = preview.columnInfo;
  const info = new Map(cols.map((c) => [c.name, c]));
  const computed = computedByEpisodes(m);
  const none = msg('— not in this file —', { id: 'import.map.none' });
  const setField = (key: string, col: string | null) => {
    const next: ImportMapping = { ...m, fields: { ...m.fields, [key]: col } };
    if (key === 'patient_id') next.episodes = { ...m.episodes, patientId: col };
    cx.set(next);
  };
  const setEp = (patch: Partial<ImportMapping['episodes']>) => {
    const next: ImportMapping = { ...m, episodes: { ...m.episodes, ...patch } };
    if (patch.patientId !== undefined) next.fields = { ...m.fields, patient_id: patch.patientId };
    cx.set(next);
  };
  const mappedCount = STUDY_FIELDS.filter((f) => m.fields[f.key] || computed.has(f.key)).length;
  const usedCols = new Set([...Object.entries(m.fields).filter(([k, c]) => c && !computed.has(k)).map(([, c]) => c as string),
    ...(m.drGroupColumn ? [m.drGroupColumn] : []),
    ...(m.shape === 'episodes' ? [m.episodes.date, m.episodes.regimen, m.episodes.response, m.episodes.prior].filter((c): c is string => !!c) : [])]);
  const userVars = cols.map((c) => c.name).filter((c) => !usedCols.has(c));
  const doubles = doubleMapped(m);
  const fieldRow = (f: StudyField) => {
    const id = `map-${f.key}`;
    const sel = m.fields[f.key] ?? null;
    if (computed.has(f.key)) {
      return html`<div class="map-row" data-field=${f.key}><label for=${id}>${f.label()}</label>
        <select id=${id} disabled><option>${msg('computed from the episodes', { id: 'import.map.computed' })}</option></select><span></span></div>`;
    }
    return html`<div class="map-row ${sel && doubles.includes(sel) ? 'double' : ''}" data-field=${f.key}>
      <label for=${id}>${f.label()}${f.unit ? html` <span class="muted">(${f.unit})</span>` : nothing}</label>
      <select id=${id} data-testid=${`map-${f.key}`} @change=${(e: Event) => setField(f.key, (e.target as HTMLSelectElement).value || null)}>${columnOptions(cols, sel, none)}</select>
      ${sel ? examples(info.get(sel), loc) : html`<span></span>`}
    </div>`;
  };
  return html`
    <fieldset>
      <legend>${msg('What is one row of the file?', { id: 'import.shape' })}</legend>
      <label class="check"><input type="radio" name="shape" data-testid="shape-patients" .checked=${m.shape === 'patients'} @change=${() => cx.set({ ...m, shape: 'patients' })}>
        ${msg('One patient (one regimen per row, as the paper\'s tables)', { id: 'import.shape.patients' })}</label>
      <label class="check"><input type="radio" name="shape" data-testid="shape-episodes" .checked=${m.shape === 'episodes'} @change=${() => cx.set({ ...m, shape: 'episodes' })}>
        ${msg('One hospitalization episode (admission): episodes are gathered into one row per patient', { id: 'import.shape.episodes' })}</label>
      ${preview.repeatedIds > 0 ? html`<p class="hint" data-testid="repeated-ids">${msg(str`${formatNumber(preview.repeatedIds, loc)} patient ids appear on more than one row.`, { id: 'import.repeatedIds' })}</p>` : nothing}
    </fieldset>
    ${m.shape === 'episodes' ? html`<fieldset data-testid="episode-settings">
      <legend>${msg('Episodes', { id: 'import.kind.episode' })}</legend>
      <div class="map-grid">
        ${([['patientId', msg('Patient id', { id: 'import.ep.patientId' })], ['date', msg('Episode (admission) date', { id: 'import.ep.date' })],
          ['regimen', msg('Regimen given', { id: 'import.ep.regimen' })], ['response', msg('Response assessment', { id: 'import.ep.response' })],
          ['prior', msg('Treated with the drug before the records start (optional)', { id: 'import.ep.prior' })]] as const).map(([k, label]) => html`
          <div class="map-row"><label for=${`ep-${k}`}>${label}</label>
            <select id=${`ep-${k}`} data-testid=${`ep-${k}`} @change=${(e: Event) => setEp({ [k]: (e.target as HTMLSelectElement).value || null })}>${columnOptions(cols, m.episodes[k], none)}</select>
            ${m.episodes[k] ? examples(info.get(m.episodes[k]!), loc) : html`<span></span>`}</div>`)}
        <div class="map-row"><label for="ep-course">${msg('Which course becomes the patient\'s row', { id: 'import.ep.course' })}</label>
          <select id="ep-course" data-testid="ep-course" @change=${(e: Event) => setEp({ course: (e.target as HTMLSelectElement).value as 'first' | 'last' })}>
            <option value="first" ?selected=${m.episodes.course === 'first'}>${msg('The first course of bortezomib, thalidomide or lenalidomide', { id: 'import.ep.first' })}</option>
            <option value="last" ?selected=${m.episodes.course === 'last'}>${msg('The last course (an earlier course of the same drug makes it "previously treated")', { id: 'import.ep.last' })}</option>
          </select><span></span></div>
      </div>
      <p class="hint">${msg('A course is a run of admissions with the same drug (PAD, BD, VD … count as bortezomib; MPT, TD as thalidomide; Rd as lenalidomide; VAD has none). From it come the drug, regimen start, best response, first response and progression dates, line of therapy and prior exposure; the last admission is the last follow-up unless a column says otherwise. Other columns take the first value of the course.', { id: 'import.hint.episodes' })}</p>
    </fieldset>` : nothing}
    <fieldset>
      <legend>${msg('Drug-resistance (DR) groups', { id: 'import.dr' })}</legend>
      <label class="check"><input type="radio" name="dr" data-testid="dr-rules" .checked=${!m.drGroupColumn} @change=${() => cx.set({ ...m, drGroupColumn: null })}>
        ${msg('Classify each patient by the paper\'s rules (best response, prior exposure, progression within 60 days)', { id: 'import.dr.rules' })}</label>
      <label class="check"><input type="radio" name="dr" data-testid="dr-column" .checked=${!!m.drGroupColumn}
          @change=${() => cx.set({ ...m, drGroupColumn: m.drGroupColumn ?? cols.find((c) => c.type === 'category')?.name ?? cols[0]?.name ?? null })}>
        ${msg('Read the DR group from a column of the file:', { id: 'import.dr.column' })}
        <select data-testid="dr-column-select" ?disabled=${!m.drGroupColumn} @change=${(e: Event) => cx.set({ ...m, drGroupColumn: (e.target as HTMLSelectElement).value || null })}>
          ${columnOptions(cols, m.drGroupColumn, none)}</select></label>
      ${m.drGroupColumn ? html`<p class="hint">${msg('Values such as response / de novo / acquired, responder, primary resistance, 有效, 原发耐药, 继发耐药 are recognised; anything else leaves the patient unclassified, with the reason.', { id: 'import.hint.drColumn' })}
        ${examples(info.get(m.drGroupColumn), loc)}</p>` : nothing}
    </fieldset>
    <p class="summary" data-testid="mapping-summary">${msg(str`${formatNumber(mappedCount, loc)} of ${formatNumber(STUDY_FIELDS.length, loc)} study fields found; ${formatNumber(userVars.length, loc)} other columns stay as user variables.`, { id: 'import.map.summary' })}
      ${userVars.length ? html`<span class="muted" data-user>${userVars.slice(0, 12).join(', ')}${userVars.length > 12 ? ', …' : ''}</span>` : nothing}</p>
    ${doubles.length ? html`<p class="error" role="alert">${msg('A column is chosen for more than one field:', { id: 'import.map.double' })} <span data-user>${doubles.join(', ')}</span></p>` : nothing}
    ${SECTIONS.map((s) => html`<fieldset class="section">
      <legend>${sectionLabel(s)}</legend>
      <div class="map-grid">${STUDY_FIELDS.filter((f) => f.section === s).map(fieldRow)}</div>
    </fieldset>`)}`;
}
