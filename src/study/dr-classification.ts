/**
 * Drug-resistance (DR) classification of SPEC §3, after the paper's Methods:
 *
 * > "The de novo DR consisted of the patients who failed to achieve minimal remission (MR) or
 * > experienced progressive disease (PD) within 60 days when receiving the novel agent-based therapy
 * > for the first time, while the acquired DR consisted of those who developed DR when receiving the
 * > novel agent-based therapy and had previously been treated with the drug. The response group
 * > represented the patients who acquired partial remission (PR) or complete remission (CR) no matter
 * > the first or second line application of the novel agent-based regimen."
 *
 * One patient row = one regimen with one drug (the `drug` field); the rules look at that regimen only.
 *
 * Rules (each evaluates to true, false or unknown when a field it needs is missing or invalid):
 * - **de novo DR**: `prior_same_drug` = 0 AND (best response SD or PD — below MR — OR progression
 *   ≤ `windowDays` days after `date_regimen_start`, whatever the best response).
 * - **acquired DR**: `prior_same_drug` = 1 AND (best response below PR — MR, SD or PD — OR
 *   progression on treatment). The study fields carry no regimen end date, so *progression on
 *   treatment* is: `date_progression` present, on or after `date_regimen_start`, on or before the end
 *   of observation (`date_last_followup`, else `date_death`, when given), and — only if the
 *   `onTreatmentDays` setting is a number — at most that many days after the regimen start.
 * - **response**: best response PR or better (PR, VGPR, CR, sCR), first or later line.
 *
 * The rules are tried in `order` (default de novo → acquired → response, so a brief PR followed by
 * PD within 60 days of a first exposure is de novo DR). The first rule that is true decides; a rule
 * that is unknown stops the search (a later rule must not win while an earlier one might hold) and
 * the patient is *unclassified* with the reason naming the missing field. A patient no rule fits
 * (e.g. first exposure, best response MR, no early progression) is unclassified with a reason too —
 * never dropped.
 */
import { msg, str } from '@lit/localize';

/** The three DR groups of the paper. */
export type DrGroup = 'denovo' | 'acquired' | 'response';
/** All groups, in the paper's table order (response, de novo DR, acquired DR). */
export const DR_GROUPS: readonly DrGroup[] = ['response', 'denovo', 'acquired'];
/** The SPEC's default rule order. */
export const DEFAULT_DR_ORDER: readonly DrGroup[] = ['denovo', 'acquired', 'response'];

/** Classification settings (saved with the study). */
export interface DrSettings {
  /** Progression within this many days of the regimen start (inclusive) makes a first exposure de novo DR. */
  windowDays: number;
  /** Order in which the rules are tried; a rule left out never assigns its group. */
  order: readonly DrGroup[];
  /** Optional limit (days after regimen start) for "progression on treatment"; null = no limit. */
  onTreatmentDays: number | null;
}

/** Paper defaults: 60-day window, order de novo → acquired → response, no on-treatment limit. */
export const DEFAULT_DR_SETTINGS: DrSettings = { windowDays: 60, order: DEFAULT_DR_ORDER, onTreatmentDays: null };

/** Why a rule fired (machine-readable; shown as the basis of a classification). */
export type DrBasis =
  | 'below-mr' // de novo: best response SD or PD
  | 'early-progression' // de novo: progression within the window
  | 'below-pr' // acquired: best response MR, SD or PD
  | 'progression-on-treatment' // acquired
  | 'pr-or-better' // response
  | 'group-column'; // read from a mapped DR group column (classifyFromGroupColumn)

/** Why a patient is unclassified (machine-readable). */
export type DrReason =
  | 'missing-best-response'
  | 'invalid-best-response'
  | 'missing-prior-exposure'
  | 'invalid-prior-exposure'
  | 'missing-regimen-start'
  | 'invalid-date'
  | 'progression-before-start'
  | 'mr-without-early-progression'
  | 'no-rule-matched'
  | 'missing-dr-group' // mapped DR group column: empty cell
  | 'invalid-dr-group'; // mapped DR group column: not a group name

/** Result for one patient. */
export interface DrResult {
  group: DrGroup | 'unclassified';
  /** Which criterion put the patient in the group (null when unclassified). */
  basis: DrBasis | null;
  /** Why the patient is unclassified (null when classified). */
  reason: DrReason | null;
  /** Study field the reason is about, when there is one (e.g. 'date_progression'). */
  field: string | null;
  /** Days from regimen start to progression, when both dates are known. */
  daysToProgression: number | null;
}

/** A cohort row keyed by study-field key (values as imported: text, number or null). */
export type DrRow = Readonly<Record<string, string | number | null | undefined>>;

/** Best-response codes ranked from best (0) to worst (6), IMWG. */
const RESPONSE_RANK: Record<string, number> = { SCR: 0, CR: 1, VGPR: 2, PR: 3, MR: 4, SD: 5, PD: 6 };
const RANK_PR = 3;
const RANK_MR = 4;

type Tri = boolean | null; // null = unknown
interface Missing { reason: DrReason; field: string }

const blank = (v: unknown): boolean => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');

/** Day number of an ISO date (yyyy-mm-dd, optionally followed by a time); NaN if invalid. */
function isoDay(v: string | number | null | undefined): number {
  if (typeof v !== 'string') return NaN;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])/.exec(v.trim());
  if (!m) return NaN;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return NaN;
  return Math.round(t / 86_400_000);
}

/** Parse a 0/1 field (also true/false, yes/no). */
function parseBinary(v: string | number | null | undefined): 0 | 1 | null | 'invalid' {
  if (blank(v)) return null;
  if (typeof v === 'number') return v === 1 ? 1 : v === 0 ? 0 : 'invalid';
  const s = String(v).trim().toLowerCase();
  if (['1', 'true', 'yes', 'y'].includes(s)) return 1;
  if (['0', 'false', 'no', 'n'].includes(s)) return 0;
  return 'invalid';
}

/**
 * Classify one patient's regimen (SPEC §3). `p` is keyed by study-field key; dates must be ISO
 * yyyy-mm-dd (the import step normalises dates). Missing settings take the paper's defaults.
 */
export function classifyPatient(p: DrRow, settings: Partial<DrSettings> = {}): DrResult {
  const s: DrSettings = { ...DEFAULT_DR_SETTINGS, ...settings };
  const problems: Missing[] = [];

  // Best response.
  let rank: number | null = null;
  const br = p.best_response;
  if (blank(br)) problems.push({ reason: 'missing-best-response', field: 'best_response' });
  else {
    const r = RESPONSE_RANK[String(br).trim().toUpperCase()];
    if (r === undefined) problems.push({ reason: 'invalid-best-response', field: 'best_response' });
    else rank = r;
  }
  const missingOf = (field: string): Missing => problems.find((m) => m.field === field)!;

  // Prior exposure to the same drug.
  const priorRaw = parseBinary(p.prior_same_drug);
  let prior: 0 | 1 | null = null;
  if (priorRaw === null) problems.push({ reason: 'missing-prior-exposure', field: 'prior_same_drug' });
  else if (priorRaw === 'invalid') problems.push({ reason: 'invalid-prior-exposure', field: 'prior_same_drug' });
  else prior = priorRaw;

  // Dates.
  const dateField = (field: string): number | null | 'invalid' => {
    const v = p[field];
    if (blank(v)) return null;
    const d = isoDay(v as string | number);
    return Number.isNaN(d) ? 'invalid' : d;
  };
  const start = dateField('date_regimen_start');
  const prog = dateField('date_progression');
  const last = dateField('date_last_followup');
  const death = dateField('date_death');
  for (const [f, v] of [['date_regimen_start', start], ['date_progression', prog], ['date_last_followup', last], ['date_death', death]] as const) {
    if (v === 'invalid') problems.push({ reason: 'invalid-date', field: f });
  }
  let days: number | null = null;
  if (typeof start === 'number' && typeof prog === 'number') days = prog - start;
  if (days !== null && days < 0) problems.push({ reason: 'progression-before-start', field: 'date_progression' });

  /** Progression present and within the window; unknown when dates are missing or invalid. */
  const earlyProgression = (): { v: Tri; why?: Missing } => {
    if (prog === null) return { v: false };
    if (prog === 'invalid') return { v: null, why: missingOf('date_progression') };
    if (start === null) return { v: null, why: { reason: 'missing-regimen-start', field: 'date_regimen_start' } };
    if (start === 'invalid') return { v: null, why: missingOf('date_regimen_start') };
    if (days! < 0) return { v: null, why: missingOf('date_progression') };
    return { v: days! <= s.windowDays };
  };
  const progressionOnTreatment = (): { v: Tri; why?: Missing } => {
    if (prog === null) return { v: false };
    if (prog === 'invalid') return { v: null, why: missingOf('date_progression') };
    if (start === null) return { v: null, why: { reason: 'missing-regimen-start', field: 'date_regimen_start' } };
    if (start === 'invalid') return { v: null, why: missingOf('date_regimen_start') };
    if (days! < 0) return { v: null, why: missingOf('date_progression') };
    const end = typeof last === 'number' ? last : typeof death === 'number' ? death : null;
    if (end !== null && prog > end) return { v: false };
    if (s.onTreatmentDays !== null && days! > s.onTreatmentDays) return { v: false };
    return { v: true };
  };

  // Kleene and/or over (value, reason-if-unknown).
  type R = { v: Tri; why?: Missing; basis?: DrBasis };
  const and = (a: R, b: R): R => (a.v === false ? { v: false } : b.v === false ? { v: false } : a.v === null ? a : b.v === null ? b : { v: true, basis: b.basis ?? a.basis });
  const or = (a: R, b: R): R => (a.v === true ? a : b.v === true ? b : a.v === null ? a : b.v === null ? b : { v: false });
  const priorIs = (x: 0 | 1): R => (prior === null ? { v: null, why: problems.find((m) => m.field === 'prior_same_drug') } : { v: prior === x });
  const rankTest = (pred: (r: number) => boolean, basis: DrBasis): R =>
    rank === null ? { v: null, why: problems.find((m) => m.field === 'best_response') } : pred(rank) ? { v: true, basis } : { v: false };

  const rules: Record<DrGroup, () => R> = {
    denovo: () => and(priorIs(0), or(rankTest((r) => r > RANK_MR, 'below-mr'), { ...earlyProgression(), basis: 'early-progression' })),
    acquired: () => and(priorIs(1), or(rankTest((r) => r > RANK_PR, 'below-pr'), { ...progressionOnTreatment(), basis: 'progression-on-treatment' })),
    response: () => rankTest((r) => r <= RANK_PR, 'pr-or-better'),
  };

  for (const g of s.order) {
    const r = rules[g]();
    if (r.v === true) return { group: g, basis: r.basis ?? null, reason: null, field: null, daysToProgression: days };
    if (r.v === null) {
      const why = r.why ?? problems[0] ?? { reason: 'no-rule-matched', field: '' };
      return { group: 'unclassified', basis: null, reason: why.reason, field: why.field || null, daysToProgression: days };
    }
  }
  // No rule fits with the data complete.
  if (rank === RANK_MR && prior === 0 && s.order.includes('denovo') && s.order.includes('response')) {
    return { group: 'unclassified', basis: null, reason: 'mr-without-early-progression', field: 'best_response', daysToProgression: days };
  }
  return { group: 'unclassified', basis: null, reason: 'no-rule-matched', field: null, daysToProgression: days };
}

/** Per-patient result with its row index and identifiers. */
export interface DrPatientResult extends DrResult {
  /** 0-based index of the row in the input. */
  index: number;
  patientId: string;
  drug: string;
}

/** Counts per drug: group → number of patients (including 'unclassified'). */
export type DrCounts = Record<string, Record<DrGroup | 'unclassified', number>>;

/** Whole-cohort classification. */
export interface DrCohortResult {
  patients: DrPatientResult[];
  /** drug (as in the data; '' when missing) → group → count. */
  counts: DrCounts;
  /** Totals over all drugs. */
  totals: Record<DrGroup | 'unclassified', number>;
  /** The unclassified patients with machine-readable reason and localized text. */
  unclassified: (DrPatientResult & { text: string })[];
  settings: DrSettings;
}

const emptyCounts = (): Record<DrGroup | 'unclassified', number> => ({ response: 0, denovo: 0, acquired: 0, unclassified: 0 });

/** Classify every row (one regimen per row) and count drug × group. */
export function classifyCohort(rows: readonly DrRow[], settings: Partial<DrSettings> = {}): DrCohortResult {
  const s: DrSettings = { ...DEFAULT_DR_SETTINGS, ...settings };
  const patients: DrPatientResult[] = [];
  const counts: DrCounts = {};
  const totals = emptyCounts();
  rows.forEach((row, index) => {
    const r = classifyPatient(row, s);
    const drug = blank(row.drug) ? '' : String(row.drug).trim();
    const patientId = blank(row.patient_id) ? '' : String(row.patient_id).trim();
    patients.push({ ...r, index, patientId, drug });
    (counts[drug] ??= emptyCounts())[r.group] += 1;
    totals[r.group] += 1;
  });
  const unclassified = patients.filter((p) => p.group === 'unclassified').map((p) => ({ ...p, text: drReasonText(p.reason!, p.field) }));
  return { patients, counts, totals, unclassified, settings: s };
}

/** Localized name of a DR group. */
export function drGroupLabel(g: DrGroup | 'unclassified'): string {
  switch (g) {
    case 'response': return msg('Response', { id: 'dr.group.response' });
    case 'denovo': return msg('De novo DR', { id: 'dr.group.denovo' });
    case 'acquired': return msg('Acquired DR', { id: 'dr.group.acquired' });
    case 'unclassified': return msg('Unclassified', { id: 'dr.group.unclassified' });
  }
}

/** Localized explanation of why a patient is unclassified. */
export function drReasonText(reason: DrReason, field: string | null = null): string {
  const f = field ?? '';
  switch (reason) {
    case 'missing-best-response': return msg('Best response is missing.', { id: 'dr.reason.missing-best-response' });
    case 'invalid-best-response': return msg('Best response is not one of sCR, CR, VGPR, PR, MR, SD, PD.', { id: 'dr.reason.invalid-best-response' });
    case 'missing-prior-exposure': return msg('Prior exposure to the same drug is missing.', { id: 'dr.reason.missing-prior-exposure' });
    case 'invalid-prior-exposure': return msg('Prior exposure to the same drug is not 0 or 1.', { id: 'dr.reason.invalid-prior-exposure' });
    case 'missing-regimen-start': return msg('Regimen start date is missing, so the time to progression is unknown.', { id: 'dr.reason.missing-regimen-start' });
    case 'invalid-date': return msg(str`Date in ${f} is not a valid yyyy-mm-dd date.`, { id: 'dr.reason.invalid-date' });
    case 'progression-before-start': return msg('Progression is dated before the regimen start.', { id: 'dr.reason.progression-before-start' });
    case 'mr-without-early-progression': return msg('Minimal response (MR) on a first exposure without progression within the window: neither de novo DR nor response.', { id: 'dr.reason.mr-without-early-progression' });
    case 'no-rule-matched': return msg('No classification rule applies (check the rule order setting).', { id: 'dr.reason.no-rule-matched' });
    case 'missing-dr-group': return msg('The DR group column is empty for this patient.', { id: 'cohort.dr.reason.missingGroup' });
    case 'invalid-dr-group': return msg('The DR group column holds a value that is not response, de novo DR or acquired DR.', { id: 'cohort.dr.reason.invalidGroup' });
  }
}

const GROUP_WORDS: Record<string, DrGroup> = {
  response: 'response', responder: 'response', responders: 'response', responsive: 'response', sensitive: 'response', resp: 'response', r: 'response',
  '有效': 'response', '缓解': 'response', '敏感': 'response', '应答': 'response', '有效组': 'response', '缓解组': 'response', '敏感组': 'response',
  denovo: 'denovo', primary: 'denovo', primaryresistance: 'denovo', innate: 'denovo', refractory: 'denovo', primaryrefractory: 'denovo',
  '原发': 'denovo', '原发耐药': 'denovo', '初始耐药': 'denovo', '原发性耐药': 'denovo', '原发耐药组': 'denovo',
  acquired: 'acquired', secondary: 'acquired', acquiredresistance: 'acquired', secondaryresistance: 'acquired',
  '继发': 'acquired', '继发耐药': 'acquired', '获得性耐药': 'acquired', '继发性耐药': 'acquired', '继发耐药组': 'acquired',
};

/**
 * A DR group written in a user's own column (SPEC §3: "a user may also map an existing group
 * column directly"): the codes response / denovo / acquired, the English names ("de novo DR",
 * "Acquired DR", "responder", "primary resistance" …) and Chinese ones (有效, 原发耐药, 继发耐药 …),
 * case, spaces, hyphens and a trailing "DR" / "group" ignored. null for an empty cell, 'invalid'
 * for anything else.
 */
export function canonicalDrGroup(text: string | null | undefined): DrGroup | null | 'invalid' {
  if (blank(text)) return null;
  const t = String(text).normalize('NFKC').trim().toLowerCase();
  if (['na', 'n/a', '-', '–', '.', '?'].includes(t)) return null;
  const k = t.replace(/[\s_\-.]+/g, '').replace(/(dr|group|组)$/u, '').replace(/(dr|group)$/u, '');
  for (const g of DR_GROUPS) if (k === g || k === drGroupLabel(g).toLowerCase().replace(/[\s_\-.]+/g, '').replace(/dr$/, '')) return g;
  return GROUP_WORDS[k] ?? GROUP_WORDS[t.replace(/\s+/g, '')] ?? 'invalid';
}

/** A row for {@link classifyFromGroupColumn}: the patient, the drug and the group cell as written. */
export interface GroupColumnRow { patientId: string | null; drug: string | null; group: string | null }

/**
 * Whole-cohort "classification" read from an existing DR group column instead of the rules: same
 * result shape as {@link classifyCohort}, basis 'group-column', empty or unreadable cells
 * unclassified with their reason (never dropped).
 */
export function classifyFromGroupColumn(rows: readonly GroupColumnRow[], settings: Partial<DrSettings> = {}): DrCohortResult {
  const s: DrSettings = { ...DEFAULT_DR_SETTINGS, ...settings };
  const patients: DrPatientResult[] = [];
  const counts: DrCounts = {};
  const totals = emptyCounts();
  rows.forEach((row, index) => {
    const g = canonicalDrGroup(row.group);
    const drug = blank(row.drug) ? '' : String(row.drug).trim();
    const r: DrResult = g === null || g === 'invalid'
      ? { group: 'unclassified', basis: null, reason: g === null ? 'missing-dr-group' : 'invalid-dr-group', field: null, daysToProgression: null }
      : { group: g, basis: 'group-column', reason: null, field: null, daysToProgression: null };
    patients.push({ ...r, index, patientId: blank(row.patientId) ? '' : String(row.patientId).trim(), drug });
    (counts[drug] ??= emptyCounts())[r.group] += 1;
    totals[r.group] += 1;
  });
  const unclassified = patients.filter((p) => p.group === 'unclassified').map((p) => ({ ...p, text: drReasonText(p.reason!, p.field) }));
  return { patients, counts, totals, unclassified, settings: s };
}
