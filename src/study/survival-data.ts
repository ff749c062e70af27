/**
 * The Survival view's settings and its data step: from a study's cohort (text cells, columns
 * mapped to study fields) to the arrays a Kaplan–Meier analysis needs — time, event, group and
 * stratum per included patient — with every patient who cannot take part listed with the reason.
 *
 * Pure and DOM-free (Node tests call it). O(n) over the cohort; the analysis itself (KM, log-rank,
 * bootstrap) runs in the worker (src/worker/api/survival-api.ts).
 *
 * Study fields are read through the typed cohort access the cohort tables use
 * (src/study/cohort-table.ts), so a patient is in the same drug, stage or DR group here as in
 * Tables 1–4 ("bortezomib" and "Bz" are one drug). User variables keep their text as it is.
 *
 * Grouping and stratum keys (one string, so a <select> can hold them):
 * - 'none'          one curve for everyone (grouping only);
 * - 'dr'            the DR group of SPEC §3 (src/study/dr-classification.ts), unclassified patients left out;
 * - 'field:<key>'   a mapped study field (e.g. 'field:drug', 'field:fish_1q21_gain');
 * - 'col:<name>'    a cohort column that maps to no study field (a user variable).
 * Only variables with 2–12 distinct values are offered ({@link groupingOptions}).
 */
import { msg, str } from '@lit/localize';
import type { CohortData } from './model.ts';
import { fieldByKey, STUDY_FIELDS } from './fields.ts';
import { CohortTable } from './cohort-table.ts';
import { computeEndpoint, DAYS_PER_UNIT, isoDayNumber, type Endpoint, type EndpointRow, type TimeUnit } from './endpoints.ts';
import { classifyCohort, drGroupLabel, DR_GROUPS, type DrSettings } from './dr-classification.ts';
import { isMissingCell, parseDateCell, parseNumberCell } from '../formats/delimited.ts';
import { parseEventCell } from '../stats/survival-input.ts';
import { sortLevels, type ConfType, type MedianRule } from '../stats/km.ts';
import type { LogrankWeights } from '../stats/logrank.ts';

/** Where the times come from: an endpoint computed from the study's dates, or two cohort columns. */
export type SurvivalEndpoint = Endpoint | 'columns';

/** Most groups a grouping or stratum variable may have. */
export const MAX_LEVELS = 12;

/** Every setting of the Survival view (persisted in study.settings.survival). */
export interface SurvivalSettings {
  endpoint: SurvivalEndpoint;
  /** For endpoint 'columns': the time column, its unit and the event column. */
  timeColumn: string | null;
  timeColumnUnit: TimeUnit;
  eventColumn: string | null;
  /** Duration of response: death without progression counts as an event. */
  deathIsEvent: boolean;
  /** Grouping key (see the file header). */
  grouping: string;
  /** Only patients on this drug (the `drug` field's value); '' = every patient. */
  drug: string;
  /** Stratum key for the stratified test; '' = none. */
  strata: string;
  confType: ConfType;
  medianRule: MedianRule;
  /** Restricted mean up to each group's own last time (SPSS "Mean") or the last time of all groups. */
  rmean: 'individual' | 'common';
  unit: TimeUnit;
  /** Times for S(t), in days (shown in `unit`). */
  timesDays: number[];
  test: LogrankWeights;
  /** What the shaded bands show. */
  bands: 'ci' | 'bootstrap' | 'none';
  showMedians: boolean;
  showCensor: boolean;
  bootstrap: { enabled: boolean; replicates: number; seed: number };
}

/** The bootstrap's default seed (as `mmdr km --bootstrap N` without --seed, so the CLI reproduces the page). */
export const DEFAULT_BOOTSTRAP_SEED = 1;
/** Default bootstrap replicates (SPEC §4). */
export const DEFAULT_BOOTSTRAP_REPLICATES = 2000;
/** Largest number of replicates the view accepts. */
export const MAX_BOOTSTRAP_REPLICATES = 200_000;

/** Defaults: OS from diagnosis by DR group in months (as the paper), log CIs, R medians, SPSS means. */
export const DEFAULT_SURVIVAL_SETTINGS: SurvivalSettings = {
  endpoint: 'os-diagnosis',
  timeColumn: null,
  timeColumnUnit: 'months',
  eventColumn: null,
  deathIsEvent: false,
  grouping: 'dr',
  drug: '',
  strata: '',
  confType: 'log',
  medianRule: 'r',
  rmean: 'individual',
  unit: 'months',
  timesDays: [365.25, 730.5, 1095.75, 1826.25],
  test: 'logrank',
  bands: 'ci',
  showMedians: true,
  showCensor: true,
  bootstrap: { enabled: false, replicates: DEFAULT_BOOTSTRAP_REPLICATES, seed: DEFAULT_BOOTSTRAP_SEED },
};

const oneOf = <T extends string>(v: unknown, allowed: readonly T[], d: T): T => (allowed.includes(v as T) ? (v as T) : d);
const bool = (v: unknown, d: boolean): boolean => (typeof v === 'boolean' ? v : d);
const str0 = (v: unknown, d: string): string => (typeof v === 'string' ? v : d);

/** Settings read back from storage: anything missing or malformed takes its default. */
export function normalizeSurvivalSettings(raw: unknown): SurvivalSettings {
  const d = DEFAULT_SURVIVAL_SETTINGS;
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const b = (r.bootstrap && typeof r.bootstrap === 'object' ? r.bootstrap : {}) as Record<string, unknown>;
  const units = ['days', 'months', 'years'] as const;
  const reps = Number(b.replicates);
  const seed = Number(b.seed);
  const times = Array.isArray(r.timesDays) ? r.timesDays.filter((t): t is number => typeof t === 'number' && Number.isFinite(t) && t >= 0) : d.timesDays;
  return {
    endpoint: oneOf(r.endpoint, ['os-diagnosis', 'os-regimen', 'dor', 'columns'] as const, d.endpoint),
    timeColumn: typeof r.timeColumn === 'string' ? r.timeColumn : null,
    timeColumnUnit: oneOf(r.timeColumnUnit, units, d.timeColumnUnit),
    eventColumn: typeof r.eventColumn === 'string' ? r.eventColumn : null,
    deathIsEvent: bool(r.deathIsEvent, d.deathIsEvent),
    grouping: str0(r.grouping, d.grouping),
    drug: str0(r.drug, d.drug),
    strata: str0(r.strata, d.strata),
    confType: oneOf(r.confType, ['log', 'log-log', 'plain'] as const, d.confType),
    medianRule: oneOf(r.medianRule, ['r', 'spss'] as const, d.medianRule),
    rmean: oneOf(r.rmean, ['individual', 'common'] as const, d.rmean),
    unit: oneOf(r.unit, units, d.unit),
    timesDays: [...new Set(times)].sort((a, c) => a - c).slice(0, 12),
    test: oneOf(r.test, ['logrank', 'gehan-breslow', 'tarone-ware'] as const, d.test),
    bands: oneOf(r.bands, ['ci', 'bootstrap', 'none'] as const, d.bands),
    showMedians: bool(r.showMedians, d.showMedians),
    showCensor: bool(r.showCensor, d.showCensor),
    bootstrap: {
      enabled: bool(b.enabled, d.bootstrap.enabled),
      replicates: Number.isInteger(reps) && reps >= 1 && reps <= MAX_BOOTSTRAP_REPLICATES ? reps : d.bootstrap.replicates,
      seed: Number.isInteger(seed) && seed >= 0 && seed <= Number.MAX_SAFE_INTEGER ? seed : d.bootstrap.seed,
    },
  };
}

// ── cohort access ──────────────────────────────────────────────────────────────────────────────

/** Index of a column by name, or -1. */
const colIndex = (c: CohortData, name: string | null | undefined): number => (name ? c.columns.indexOf(name) : -1);

/** The column a study field is mapped to (exact name, else case-insensitive), or null. */
export function mappedColumn(c: CohortData, key: string): string | null {
  return new CohortTable(c).columnOf(key);
}

/**
 * Rows keyed by study-field key (the mapped fields among `keys`), as CohortTable.fieldRows reads them:
 * categories as their canonical codes, binary fields as '1'/'0', dates as ISO yyyy-mm-dd, missing
 * markers as null. A date cell that cannot be read keeps its text (CohortTable gives null), so the
 * endpoint step reports it as an invalid date rather than a missing one.
 */
export function fieldRows(c: CohortData, table = new CohortTable(c), keys: readonly string[] = SURVIVAL_FIELDS): EndpointRow[] {
  const cols: [string, (string | null)[]][] = [];
  for (const key of keys) {
    const f = fieldByKey(key);
    if (!f || !table.has(key)) continue;
    if (f.kind === 'date') cols.push([key, readDates(table.text(key))]);
    else if (f.kind === 'category') cols.push([key, table.categories(key)]);
    else if (f.kind === 'binary') cols.push([key, table.binary(key).map((x) => (x === null ? null : String(x)))]);
    else cols.push([key, table.text(key)]);
  }
  return c.rows.map((_, r) => Object.fromEntries(cols.map(([k, v]) => [k, v[r]])));
}

/**
 * Date cells to ISO yyyy-mm-dd with one day/month order for the column, decided as the importer
 * decides it (inferColumnType: month first only when more cells prove it than prove day first);
 * a cell that is not a date keeps its text. Cheaper than inferColumnType, which tries every cell
 * as a number first.
 */
export function readDates(text: readonly (string | null)[]): (string | null)[] {
  let dayFirst = 0;
  let monthFirst = 0;
  for (const t of text) {
    const m = t === null ? null : /^(\d{1,2})[-/.](\d{1,2})[-/.]\d{4}/.exec(t);
    if (!m) continue;
    if (+m[1] > 12 && +m[2] <= 12) dayFirst++;
    else if (+m[2] > 12 && +m[1] <= 12) monthFirst++;
  }
  const order = monthFirst > dayFirst ? 'mdy' : 'dmy';
  return text.map((t) => {
    if (t === null) return null;
    if (/^\d{4}-\d{2}-\d{2}$/.test(t) && !Number.isNaN(isoDayNumber(t))) return t;
    const d = parseDateCell(t, { order });
    return d.error === undefined && d.value !== null ? d.value : t;
  });
}

/** What the data step reads once per cohort, mapping and DR settings (not per setting change). */
export interface PreparedCohort {
  table: CohortTable;
  rows: EndpointRow[];
  /** DR classification, computed on first use. */
  dr?: ReturnType<typeof classifyCohort>;
}

/** Reads the fields the survival data step needs; pass it to {@link buildSurvivalInput} to reuse it. */
export function prepareCohort(c: CohortData): PreparedCohort {
  const table = new CohortTable(c);
  return { table, rows: fieldRows(c, table) };
}

/**
 * The study fields the endpoints and the DR classification read (only these are parsed: reading
 * every lab column of a 5 000-row cohort would block the page for most of a second).
 */
export const SURVIVAL_FIELDS: readonly string[] = [
  'patient_id', 'drug', 'best_response', 'prior_same_drug',
  'date_diagnosis', 'date_regimen_start', 'date_first_response', 'date_progression', 'date_last_followup', 'date_death',
];

/** A grouping (or stratum) variable the view offers. */
export interface GroupingOption {
  /** Key as in {@link SurvivalSettings.grouping}. */
  key: string;
  /** Localized label (study field) or the column name (user variable, as is). */
  label: string;
  /** 'main' options come first (none, drug, DR group, 1q21 gain); the rest are listed after. */
  kind: 'main' | 'other';
}

/** Distinct non-missing values of a column. */
function distinctValues(c: CohortData, j: number): Set<string> {
  const s = new Set<string>();
  for (const r of c.rows) {
    const v = (r[j] ?? '').trim();
    if (!isMissingCell(v)) s.add(v);
  }
  return s;
}

/** True when DR groups can be computed (best response and prior exposure are mapped). */
export function canClassifyDr(c: CohortData): boolean {
  return (mappedColumn(c, 'best_response') !== null && mappedColumn(c, 'prior_same_drug') !== null) || new CohortTable(c).drGroupColumn() !== null;
}

/**
 * The variables one can group (or stratify) by: DR group when it can be computed, every mapped
 * categorical/binary study field and every other column with 2–12 distinct values.
 */
export function groupingOptions(c: CohortData): GroupingOption[] {
  const out: GroupingOption[] = [];
  const main = new Set(['drug', 'fish_1q21_gain']);
  const fieldOf = new Map<string, string>();
  for (const f of STUDY_FIELDS) {
    const col = mappedColumn(c, f.key);
    if (col) fieldOf.set(col, f.key);
  }
  const ok = (j: number) => { const n = distinctValues(c, j).size; return n >= 2 && n <= MAX_LEVELS; };
  const drugCol = mappedColumn(c, 'drug');
  if (drugCol && ok(c.columns.indexOf(drugCol))) out.push({ key: 'field:drug', label: fieldByKey('drug')!.label(), kind: 'main' });
  if (canClassifyDr(c)) out.push({ key: 'dr', label: msg('DR group', { id: 'survival.grouping.dr' }), kind: 'main' });
  const gainCol = mappedColumn(c, 'fish_1q21_gain');
  if (gainCol && ok(c.columns.indexOf(gainCol))) out.push({ key: 'field:fish_1q21_gain', label: fieldByKey('fish_1q21_gain')!.label(), kind: 'main' });
  c.columns.forEach((col, j) => {
    const key = fieldOf.get(col);
    if (key && main.has(key)) return;
    const f = key ? fieldByKey(key) : undefined;
    if (f && (f.kind === 'date' || f.kind === 'id')) return;
    if (!ok(j)) return;
    out.push(f ? { key: `field:${f.key}`, label: f.label(), kind: 'other' } : { key: `col:${col}`, label: col, kind: 'other' });
  });
  return out;
}

/** Columns that could hold a time (mostly numbers) and an event code (mostly readable codes). */
export function survivalColumnCandidates(c: CohortData): { time: string[]; event: string[] } {
  const time: string[] = [];
  const event: string[] = [];
  c.columns.forEach((col, j) => {
    const cells = c.rows.map((r) => (r[j] ?? '').trim()).filter((v) => !isMissingCell(v));
    if (cells.length === 0) return;
    const nums = cells.filter((v) => { const p = parseNumberCell(v); return p.error === undefined && p.value !== null && p.value >= 0; }).length;
    if (nums >= 0.9 * cells.length && distinctValues(c, j).size > 2) time.push(col);
    const codes = cells.filter((v) => { const e = parseEventCell(v); return e !== 'invalid' && e !== null; }).length;
    if (codes >= 0.9 * cells.length && distinctValues(c, j).size <= 2) event.push(col);
  });
  return { time, event };
}

// ── the data step ──────────────────────────────────────────────────────────────────────────────

/** A patient left out of the analysis. */
export interface SurvivalExclusion {
  /** Patient id, or "row N". */
  patient: string;
  /** 1-based line in the cohort file. */
  line: number | null;
  /** Localized reason. */
  reason: string;
}

/** What the worker analyses, plus what the page shows around it. */
export interface SurvivalInput {
  /** Times in `unit`, one per included patient. */
  time: number[];
  /** 1 = event, 0 = censored. */
  event: (0 | 1)[];
  /** Group value of each patient (null when ungrouped). */
  group: string[] | null;
  /** Stratum value of each patient (null without a stratum). */
  strata: string[] | null;
  /** Patient id of each included patient. */
  patients: string[];
  /** Group values in display order ("all" when ungrouped). */
  levels: string[];
  /** Display label of each group value (DR groups translated; data values as they are). */
  labels: Record<string, string>;
  /** Name of the grouping variable (legend title); null when ungrouped. */
  groupTitle: string | null;
  /** Name of the stratum variable; null when none. */
  strataTitle: string | null;
  /** Patients in the chosen subset before exclusions (e.g. all Bz patients). */
  eligible: number;
  excluded: SurvivalExclusion[];
  unit: TimeUnit;
  /** Localized notes about how the data were read (e.g. 1/2 event coding). */
  notes: string[];
}

/** Thrown when the settings cannot give an analysis (no cohort, a column gone…): the message says why. */
export class SurvivalSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SurvivalSetupError';
  }
}

/** Label of a grouping/stratum key for titles (legend, footnotes). */
export function groupingLabel(c: CohortData, key: string): string {
  if (key === 'dr') return msg('DR group', { id: 'survival.grouping.dr' });
  if (key.startsWith('field:')) return fieldByKey(key.slice(6))?.label() ?? key.slice(6);
  if (key.startsWith('col:')) return key.slice(4);
  void c;
  return key;
}

type Cache = PreparedCohort;

interface Classifier {
  /** Value of row r, or null with the reason it has none. */
  valueOf(r: number): { value: string } | { value: null; reason: string };
  levels(present: Set<string>): string[];
  label(v: string): string;
}

/** A grouping/stratum key as a per-row value reader. */
function classifier(c: CohortData, key: string, rows: EndpointRow[], dr: Partial<DrSettings> | undefined, cache: Cache): Classifier {
  const title = groupingLabel(c, key);
  if (key === 'dr') {
    if (!canClassifyDr(c)) throw new SurvivalSetupError(msg('DR groups need the best response and the prior exposure to the drug: map those columns first.', { id: 'survival.error.drNeedsFields' }));
    // a mapped DR group column is read as it is (CohortTable.classify); otherwise the rules of SPEC §3
    const res = (cache.dr ??= cache.table.drGroupColumn() ? cache.table.classify(dr) : classifyCohort(rows, dr));
    return {
      valueOf: (r) => {
        const p = res.patients[r];
        if (p.group !== 'unclassified') return { value: p.group };
        const why = res.unclassified.find((u) => u.index === r)?.text ?? '';
        return { value: null, reason: msg(str`DR group unclassified: ${why}`, { id: 'survival.excl.unclassified' }) };
      },
      levels: (present) => DR_GROUPS.filter((g) => present.has(g)),
      label: (v) => drGroupLabel(v as 'response'),
    };
  }
  let col: string | null = null;
  let levelOrder: readonly string[] | undefined;
  let values: (string | null)[] | null = null;
  if (key.startsWith('field:')) {
    const f = fieldByKey(key.slice(6));
    col = f ? cache.table.columnOf(f.key) : null;
    levelOrder = f?.levels ?? (f?.kind === 'binary' ? ['0', '1'] : undefined);
    if (f && col && f.kind === 'category') values = cache.table.categories(f.key);
    else if (f && col && f.kind === 'binary') values = cache.table.binary(f.key).map((x) => (x === null ? null : String(x)));
  } else if (key.startsWith('col:')) col = c.columns.includes(key.slice(4)) ? key.slice(4) : null;
  const j = colIndex(c, col);
  if (j < 0) throw new SurvivalSetupError(msg(str`The variable "${title}" is not in this cohort any more: choose another.`, { id: 'survival.error.noVariable' }));
  return {
    valueOf: (r) => {
      const raw = (c.rows[r][j] ?? '').trim();
      if (isMissingCell(raw)) return { value: null, reason: msg(str`no value for ${title}`, { id: 'survival.excl.noValue' }) };
      const v = values ? values[r] : raw;
      return v === null ? { value: null, reason: msg(str`"${raw}" is not a value of ${title}`, { id: 'survival.excl.badValue' }) } : { value: v };
    },
    levels: (present) => {
      const known = (levelOrder ?? []).filter((l) => present.has(l));
      const rest = sortLevels([...present].filter((l) => !known.includes(l)));
      return [...known, ...rest];
    },
    label: (v) => v,
  };
}

/**
 * The survival data of a cohort under the given settings (see {@link SurvivalInput}). Patients
 * outside the drug subset are not counted; patients in it who cannot take part (missing or invalid
 * dates, no response for duration of response, an unreadable time or event cell, no group or
 * stratum value, an unclassified DR group) are listed in `excluded` with the reason.
 * Throws {@link SurvivalSetupError} when the settings cannot work on this cohort at all.
 * `prepared` (from {@link prepareCohort} on the same cohort, mapping and DR settings) saves re-reading
 * the cohort when only the survival settings changed.
 */
export function buildSurvivalInput(c: CohortData | null, s: SurvivalSettings, dr?: Partial<DrSettings>, prepared?: PreparedCohort): SurvivalInput {
  if (!c) throw new SurvivalSetupError(msg('This study has no cohort table yet: add one (CSV or TSV) to see survival.', { id: 'survival.error.noCohort' }));
  const cache = prepared ?? prepareCohort(c);
  const rows = cache.rows;
  const patientOf = (r: number) => {
    const id = rows[r].patient_id;
    return id ? String(id) : msg(str`row ${r + 1}`, { id: 'km.rowLabel' });
  };
  const lineOf = (r: number) => c.lineOfRow[r] ?? null;

  // the drug subset
  let subset = c.rows.map((_, r) => r);
  if (s.drug) {
    if (!mappedColumn(c, 'drug')) throw new SurvivalSetupError(msg('No column is mapped to the regimen drug, so patients cannot be chosen by drug.', { id: 'survival.error.noDrug' }));
    subset = subset.filter((r) => rows[r].drug === s.drug);
    if (subset.length === 0) throw new SurvivalSetupError(msg(str`No patient in this cohort received ${s.drug}.`, { id: 'survival.error.noDrugPatients' }));
  }

  const excluded: SurvivalExclusion[] = [];
  const notes: string[] = [];
  const time: number[] = [];
  const event: (0 | 1)[] = [];
  const included: number[] = [];

  if (s.endpoint === 'columns') {
    const tj = colIndex(c, s.timeColumn);
    const ej = colIndex(c, s.eventColumn);
    if (tj < 0 || ej < 0) throw new SurvivalSetupError(msg('Choose the time column and the event column.', { id: 'survival.error.chooseColumns' }));
    const factor = DAYS_PER_UNIT[s.timeColumnUnit] / DAYS_PER_UNIT[s.unit];
    const codes: (0 | 1 | 2)[] = [];
    for (const r of subset) {
      const tc = (c.rows[r][tj] ?? '').trim();
      const ec = (c.rows[r][ej] ?? '').trim();
      const tv = parseNumberCell(tc);
      const ev = parseEventCell(ec);
      let reason: string | null = null;
      if (tv.error !== undefined) reason = msg(str`time "${tc}" is not a number`, { id: 'survival.excl.timeInvalid' });
      else if (tv.value === null) reason = msg('no time', { id: 'survival.excl.timeMissing' });
      else if (tv.value < 0) reason = msg(str`time ${tc} is negative`, { id: 'survival.excl.timeNegative' });
      else if (ev === null) reason = msg('no event code', { id: 'survival.excl.eventMissing' });
      else if (ev === 'invalid') reason = msg(str`"${ec}" is not an event code (1/0, dead/alive, event/censored)`, { id: 'survival.excl.eventInvalid' });
      if (reason) { excluded.push({ patient: patientOf(r), line: lineOf(r), reason }); continue; }
      time.push((tv.value as number) * factor);
      codes.push(ev as 0 | 1 | 2);
      included.push(r);
    }
    const has = new Set(codes);
    if (has.has(2) && has.has(0)) {
      throw new SurvivalSetupError(msg('The event column mixes 0 with 2: use 1/0 (event/censored) or 2/1 (as R\'s Surv).', { id: 'survival.error.eventMixed' }));
    }
    const oneTwo = has.has(2);
    if (oneTwo) notes.push(msg('event codes 1/2 read as R\'s Surv() does: 2 = event, 1 = censored', { id: 'km.eventOneTwo' }));
    for (const code of codes) event.push(oneTwo ? (code === 2 ? 1 : 0) : (code as 0 | 1));
  } else {
    const sub = subset.map((r) => rows[r]);
    const e = computeEndpoint(sub, s.endpoint, s.unit, { deathIsEvent: s.deathIsEvent });
    for (const x of e.excluded) excluded.push({ patient: patientOf(subset[x.row]), line: lineOf(subset[x.row]), reason: x.reason });
    e.time.forEach((t, i) => { time.push(t); event.push(e.event[i]); included.push(subset[e.rows[i]]); });
  }

  // group and stratum
  const grouped = s.grouping !== 'none';
  const g = grouped ? classifier(c, s.grouping, rows, dr, cache) : null;
  const st = s.strata ? classifier(c, s.strata, rows, dr, cache) : null;
  const out: SurvivalInput = {
    time: [], event: [], group: g ? [] : null, strata: st ? [] : null, patients: [], levels: [], labels: {},
    groupTitle: grouped ? groupingLabel(c, s.grouping) : null, strataTitle: s.strata ? groupingLabel(c, s.strata) : null,
    eligible: subset.length, excluded, unit: s.unit, notes,
  };
  included.forEach((r, i) => {
    const gv = g?.valueOf(r);
    if (gv && gv.value === null) { excluded.push({ patient: patientOf(r), line: lineOf(r), reason: gv.reason }); return; }
    const sv = st?.valueOf(r);
    if (sv && sv.value === null) { excluded.push({ patient: patientOf(r), line: lineOf(r), reason: sv.reason }); return; }
    out.time.push(time[i]);
    out.event.push(event[i]);
    out.patients.push(patientOf(r));
    if (gv) out.group!.push(gv.value);
    if (sv) out.strata!.push(sv.value);
  });
  if (g) {
    const present = new Set(out.group!);
    if (present.size > MAX_LEVELS) {
      throw new SurvivalSetupError(msg(str`"${out.groupTitle}" has ${present.size} different values; group by a variable with at most 12.`, { id: 'survival.error.tooManyLevels' }));
    }
    out.levels = g.levels(present);
    for (const l of out.levels) out.labels[l] = g.label(l);
  } else {
    out.levels = ['all'];
    out.labels.all = msg('All patients', { id: 'survival.allPatients' });
  }
  excluded.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return out;
}

/** Drugs present in the cohort (values of the drug field, in the study's order), for the subset choice. */
export function drugsOf(c: CohortData | null): string[] {
  if (!c) return [];
  const t = new CohortTable(c);
  if (!t.has('drug')) return [];
  const present = new Set(t.categories('drug').filter((d): d is string => d !== null));
  const known = (fieldByKey('drug')?.levels ?? []).filter((d) => present.has(d));
  return [...known, ...sortLevels([...present].filter((d) => !known.includes(d)))];
}
