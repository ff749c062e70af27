/**
 * Hospitalization-episode exports (one row per admission) aggregated to one row per patient, the
 * shape the study fields, the DR classification and the tables read (SPEC §2: "one row per
 * hospitalization episode (patient id, date, regimen, response assessment) aggregated to patients").
 *
 * Pure and DOM-free (Node tests call it; the import wizard runs it in the worker).
 *
 * How a patient's row is made:
 * 1. Episodes are grouped by patient id (rows without an id are left out and listed) and ordered by
 *    episode date, then by line in the file (episodes without a readable date keep their file order
 *    after the dated ones and are listed).
 * 2. The regimen text of each episode names its study drugs ({@link regimenDrugs}: drug names and
 *    synonyms in English and Chinese, and common regimen acronyms — PAD, BD, VD, VCD, VMP → Bz;
 *    VTD → Bz + Thal; VRD → Bz + Len; TD, TAD, CTD, MPT → Thal; RD, Rd, MPR → Len; VAD has no study
 *    drug: its V is vincristine).
 * 3. A *course* of a drug is a run of consecutive episodes whose regimen contains that drug. An
 *    episode with an empty regimen cell (a follow-up visit) belongs to the running course without
 *    breaking it; a regimen without the drug ends it.
 * 4. The patient's index course is the first or the last course of any study drug (setting
 *    `course`; default 'first'). Its drug is the patient's regimen drug (a regimen with two study
 *    drugs, e.g. VTD, counts as the first of Bz, Thal, Len, and is listed).
 * 5. Computed columns (appended; names in {@link EPISODE_COLUMNS}):
 *    - drug, regimen text and start (date of the course's first episode);
 *    - best response over the course's assessments (sCR best … PD worst);
 *    - first response: date of the first assessment PR or better in the course;
 *    - progression: date of the first PD assessment in the course;
 *    - last episode date of the patient (used as last follow-up unless a column is mapped);
 *    - line: 'front' when no episode with a regimen precedes the course, else 'second';
 *    - previously treated with the drug: 1 when an earlier course of the same drug exists, or when
 *      the optional prior-exposure column says so in an episode of the course; else 0;
 *    - the number of episodes.
 * 6. Every other column takes the first non-missing value in the course's episodes (date order),
 *    else the first in the patient's episodes; the mapped last-follow-up column takes the latest
 *    date. For columns that should not change between admissions (listed by the caller, e.g. sex,
 *    date of diagnosis, date of death) differing values are listed as conflicts.
 *
 * The row's line is the line of the index course's first episode (or the patient's first
 * episode), so every later message points at a real line of the file.
 */
import { msg, str } from '@lit/localize';
import { inferColumnType, isMissingCell, parseDateCell } from '../formats/delimited.ts';
import { canonicalLevel } from './cohort-table.ts';
import { DRUGS, RESPONSES } from './fields.ts';

/** Settings of the aggregation (saved with the cohort, so a re-import does the same). */
export interface EpisodeSettings {
  /** Column with the patient id (the study field patient_id). */
  patientId: string | null;
  /** Column with the episode (admission) date. */
  date: string | null;
  /** Column with the regimen given in the episode (drug names or acronyms). */
  regimen: string | null;
  /** Column with the response assessment of the episode (sCR, CR, VGPR, PR, MR, SD, PD). */
  response: string | null;
  /** Optional column: previously treated with the drug (1/0) before the records start. */
  prior: string | null;
  /** Which course of a study drug becomes the patient's row. */
  course: 'first' | 'last';
}

/** Default settings (columns unknown, first course). */
export const DEFAULT_EPISODE_SETTINGS: EpisodeSettings = { patientId: null, date: null, regimen: null, response: null, prior: null, course: 'first' };

/** Names of the computed columns appended to the aggregated table, by the study field they feed. */
export const EPISODE_COLUMNS = {
  drug: 'ep_drug',
  regimen: 'ep_regimen',
  date_regimen_start: 'ep_regimen_start',
  best_response: 'ep_best_response',
  date_first_response: 'ep_first_response',
  date_progression: 'ep_progression',
  last_episode: 'ep_last_episode',
  line: 'ep_line',
  prior_same_drug: 'ep_prior_same_drug',
  episodes: 'ep_episodes',
} as const;

/** Study fields the aggregation computes (mapped to the computed columns). */
export const EPISODE_FIELDS = ['drug', 'best_response', 'date_regimen_start', 'date_first_response', 'date_progression', 'line', 'prior_same_drug'] as const;

/** Something about an episode or a patient the user should know. */
export interface EpisodeIssue {
  kind: 'missing-id' | 'missing-date' | 'invalid-date' | 'unknown-response' | 'no-study-drug' | 'several-drugs' | 'conflict';
  /** 1-based line in the file (the first line concerned). */
  line: number;
  /** Column concerned, if any. */
  column: string | null;
  /** Patient id, if known. */
  patient: string | null;
  /** Cell text concerned, if any. */
  text: string;
  /** Localized explanation. */
  message: string;
}

/** The aggregated table and what happened on the way. */
export interface EpisodeAggregation {
  columns: string[];
  rows: string[][];
  lineOfRow: number[];
  /** study field → computed column (the mapping uses these). */
  fieldColumns: Record<string, string>;
  /** Episode rows read (with a patient id). */
  episodes: number;
  patients: number;
  issues: EpisodeIssue[];
}

/** A table as read (cells as text). */
export interface EpisodeInput {
  columns: readonly string[];
  rows: readonly (readonly string[])[];
  lineOfRow: readonly number[];
}

const ACRONYMS: Record<string, string[]> = {
  pad: ['Bz'], bd: ['Bz'], vd: ['Bz'], vcd: ['Bz'], cybord: ['Bz'], vmp: ['Bz'], mpv: ['Bz'],
  vtd: ['Bz', 'Thal'], vrd: ['Bz', 'Len'], rvd: ['Bz', 'Len'],
  td: ['Thal'], tad: ['Thal'], ctd: ['Thal'], mpt: ['Thal'], tcd: ['Thal'],
  rd: ['Len'], mpr: ['Len'], rcd: ['Len'],
  vad: [],
};

/**
 * The study drugs a regimen text names, in the study's order (Bz, Thal, Len): drug names and their
 * synonyms anywhere in the text (硼替佐米, velcade, thalidomide, 来那度胺 …) and regimen acronyms as
 * whole tokens (see the module note; VAD has none). '' or a missing marker names none.
 */
export function regimenDrugs(text: string): string[] {
  const s = text.trim();
  if (isMissingCell(s)) return [];
  const found = new Set<string>();
  const lower = s.toLowerCase();
  const names: [RegExp, string][] = [
    [/bortezomib|velcade|硼替佐米|万珂|万柯/, 'Bz'],
    [/thalidomide|沙利度胺|反应停/, 'Thal'],
    [/lenalidomide|revlimid|来那度胺|雷利度胺/, 'Len'],
  ];
  for (const [re, d] of names) if (re.test(lower)) found.add(d);
  for (const token of s.split(/[\s+/,;，；、()（）[\]|&-]+/)) {
    const t = token.trim();
    if (!t) continue;
    const code = canonicalLevel('drug', t);
    if ((DRUGS as readonly string[]).includes(code)) { found.add(code); continue; }
    const hit = ACRONYMS[t.toLowerCase()];
    if (hit) hit.forEach((d) => found.add(d));
  }
  return DRUGS.filter((d) => found.has(d));
}

const RANK: Record<string, number> = Object.fromEntries(RESPONSES.map((r, i) => [r, i]));
const RANK_PR = RANK.PR;

/** A response assessment as its code (sCR…PD), or null (missing), or undefined (not a code). */
function responseCode(text: string): string | null | undefined {
  if (isMissingCell(text)) return null;
  const c = canonicalLevel('best_response', text);
  if (RANK[c] !== undefined) return c;
  const syn: Record<string, string> = {
    '严格意义的完全缓解': 'sCR', '严格完全缓解': 'sCR', '完全缓解': 'CR', '非常好的部分缓解': 'VGPR', '部分缓解': 'PR',
    '微小缓解': 'MR', '疾病稳定': 'SD', '稳定': 'SD', '疾病进展': 'PD', '进展': 'PD',
    'stable disease': 'SD', 'progressive disease': 'PD', 'partial response': 'PR', 'complete response': 'CR',
    'minimal response': 'MR', 'very good partial response': 'VGPR', 'stringent complete response': 'sCR',
  };
  return syn[text.trim().toLowerCase()];
}

interface Episode { row: number; line: number; day: number | null; iso: string | null; drugs: string[]; hasRegimen: boolean }

/**
 * Aggregates an episode table to one row per patient (see the module note). `constantColumns` are
 * columns whose values should not differ between a patient's episodes (conflicts are listed);
 * `lastColumns` take the patient's latest date instead of the first value (e.g. last follow-up).
 */
export function aggregateEpisodes(input: EpisodeInput, s: EpisodeSettings, opts: { constantColumns?: readonly string[]; lastColumns?: readonly string[] } = {}): EpisodeAggregation {
  const col = (name: string | null): number => (name ? input.columns.indexOf(name) : -1);
  const jId = col(s.patientId);
  const jDate = col(s.date);
  const jReg = col(s.regimen);
  const jResp = col(s.response);
  const jPrior = col(s.prior);
  if (jId < 0) throw new RangeError(msg('Choose the column with the patient id: episodes are gathered by it.', { id: 'import.episodes.needId' }));
  const issues: EpisodeIssue[] = [];
  const cell = (r: number, j: number): string => (j < 0 ? '' : (input.rows[r][j] ?? '').trim());
  const dateOrder = jDate >= 0 ? inferColumnType(input.rows.map((r) => r[jDate] ?? '')).dateOrder ?? 'auto' : 'auto';
  const toDay = (iso: string): number => Math.round(Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / 86_400_000);

  // 1. episodes by patient, in order of first appearance
  const byPatient = new Map<string, Episode[]>();
  let episodes = 0;
  input.rows.forEach((_, r) => {
    const line = input.lineOfRow[r];
    const id = cell(r, jId);
    if (isMissingCell(id)) {
      issues.push({ kind: 'missing-id', line, column: input.columns[jId], patient: null, text: '', message: msg('no patient id: the episode is left out', { id: 'import.episodes.missingId' }) });
      return;
    }
    episodes++;
    let iso: string | null = null;
    if (jDate >= 0) {
      const t = cell(r, jDate);
      const d = parseDateCell(t, { order: dateOrder });
      if (d.error !== undefined) issues.push({ kind: 'invalid-date', line, column: input.columns[jDate], patient: id, text: t, message: d.error });
      else if (d.value === null) issues.push({ kind: 'missing-date', line, column: input.columns[jDate], patient: id, text: '', message: msg('no episode date: the episode is ordered by its line in the file', { id: 'import.episodes.missingDate' }) });
      else iso = d.value;
    }
    const reg = cell(r, jReg);
    const list = byPatient.get(id) ?? [];
    list.push({ row: r, line, day: iso ? toDay(iso) : null, iso, drugs: regimenDrugs(reg), hasRegimen: !isMissingCell(reg) });
    byPatient.set(id, list);
  });

  const extra = [EPISODE_COLUMNS.drug, EPISODE_COLUMNS.regimen, EPISODE_COLUMNS.date_regimen_start, EPISODE_COLUMNS.best_response,
    EPISODE_COLUMNS.date_first_response, EPISODE_COLUMNS.date_progression, EPISODE_COLUMNS.last_episode, EPISODE_COLUMNS.line,
    EPISODE_COLUMNS.prior_same_drug, EPISODE_COLUMNS.episodes];
  const names = new Set(input.columns.map((c) => c.toLowerCase()));
  const extraNames = extra.map((n): string => { let x: string = n; let k = 2; while (names.has(x.toLowerCase())) x = `${n}_${k++}`; names.add(x.toLowerCase()); return x; });
  const rename = Object.fromEntries(extra.map((n, i) => [n, extraNames[i]])) as Record<string, string>;
  const constant = new Set((opts.constantColumns ?? []).map(col).filter((j) => j >= 0 && j !== jId));
  const last = new Set((opts.lastColumns ?? []).map(col).filter((j) => j >= 0));
  const lastOrder = new Map<number, 'dmy' | 'mdy' | 'auto'>([...last].map((j) => [j, inferColumnType(input.rows.map((r) => r[j] ?? '')).dateOrder ?? 'auto']));

  const rows: string[][] = [];
  const lineOfRow: number[] = [];
  for (const [id, eps] of byPatient) {
    eps.sort((a, b) => (a.day === null ? (b.day === null ? a.line - b.line : 1) : b.day === null ? -1 : a.day - b.day || a.line - b.line));

    // 3. courses per drug
    interface Course { drug: string; first: number; last: number; drugs: string[] }
    const courses: Course[] = [];
    const open = new Map<string, Course>();
    eps.forEach((e, k) => {
      if (!e.hasRegimen) return;
      for (const [d, c] of open) if (!e.drugs.includes(d)) { open.delete(d); void c; }
      for (const d of e.drugs) {
        const c = open.get(d);
        if (c) c.last = k;
        else { const nc = { drug: d, first: k, last: k, drugs: e.drugs }; courses.push(nc); open.set(d, nc); }
      }
    });
    // follow-up visits (no regimen) right after a course belong to it
    for (const c of courses) {
      let k = c.last + 1;
      while (k < eps.length && !eps[k].hasRegimen) k++;
      c.last = k - 1;
    }
    courses.sort((a, b) => a.first - b.first || DRUGS.indexOf(a.drug as 'Bz') - DRUGS.indexOf(b.drug as 'Bz'));
    // one course per start episode: the regimen's first study drug
    const starts = courses.filter((c, i) => courses.findIndex((x) => x.first === c.first) === i);
    const index = starts.length === 0 ? null : s.course === 'last' ? starts[starts.length - 1] : starts[0];

    const inCourse = index ? eps.slice(index.first, index.last + 1) : [];
    const firstEp = index ? eps[index.first] : eps[0];
    if (!index) {
      issues.push({ kind: 'no-study-drug', line: eps[0].line, column: jReg >= 0 ? input.columns[jReg] : null, patient: id, text: '',
        message: msg('no episode with bortezomib, thalidomide or lenalidomide: the patient has no regimen drug', { id: 'import.episodes.noStudyDrug' }) });
    } else if (index.drugs.length > 1) {
      issues.push({ kind: 'several-drugs', line: firstEp.line, column: input.columns[jReg], patient: id, text: cell(firstEp.row, jReg),
        message: msg(str`the regimen contains ${index.drugs.join(' + ')}; the patient is counted under ${index.drug}`, { id: 'import.episodes.severalDrugs' }) });
    }

    // response assessments in the course
    let best: string | null = null;
    let firstResponse: string | null = null;
    let progression: string | null = null;
    for (const e of inCourse) {
      if (jResp < 0) break;
      const t = cell(e.row, jResp);
      const code = responseCode(t);
      if (code === undefined) {
        issues.push({ kind: 'unknown-response', line: e.line, column: input.columns[jResp], patient: id, text: t,
          message: msg(str`"${t}" is not a response code (sCR, CR, VGPR, PR, MR, SD, PD)`, { id: 'import.episodes.unknownResponse' }) });
        continue;
      }
      if (code === null) continue;
      if (best === null || RANK[code] < RANK[best]) best = code;
      if (firstResponse === null && RANK[code] <= RANK_PR && e.iso) firstResponse = e.iso;
      if (progression === null && code === 'PD' && e.iso) progression = e.iso;
    }
    const priorCourse = index ? courses.some((c) => c.drug === index.drug && c.first < index.first) : false;
    const priorColumn = index && jPrior >= 0 ? inCourse.some((e) => ['1', 'yes', 'y', 'true', '是', '有'].includes(cell(e.row, jPrior).toLowerCase())) : false;
    const line = index ? (eps.slice(0, index.first).some((e) => e.hasRegimen) ? 'second' : 'front') : '';
    const lastDay = eps.reduce<Episode | null>((m, e) => (e.day !== null && (m === null || e.day >= m.day!) ? e : m), null);

    // 6. other columns
    const ordered = [...inCourse, ...eps.filter((e) => !inCourse.includes(e))];
    const out = input.columns.map((_, j) => {
      if (last.has(j)) {
        let bestIso: string | null = null;
        let bestText = '';
        for (const e of eps) {
          const t = cell(e.row, j);
          const d = parseDateCell(t, { order: lastOrder.get(j) });
          if (d.error === undefined && d.value !== null && (bestIso === null || d.value > bestIso)) { bestIso = d.value; bestText = t; }
        }
        if (bestIso !== null) return bestText;
      }
      for (const e of ordered) {
        const t = cell(e.row, j);
        if (!isMissingCell(t)) return t;
      }
      return '';
    });
    for (const j of constant) {
      const seen = new Map<string, number>();
      for (const e of eps) { const t = cell(e.row, j); if (!isMissingCell(t) && !seen.has(t)) seen.set(t, e.line); }
      if (seen.size > 1) {
        const [[, l1], [t2, l2]] = [...seen];
        issues.push({ kind: 'conflict', line: l2, column: input.columns[j], patient: id, text: t2,
          message: msg(str`patient ${id} has different values in "${input.columns[j]}" (line ${l1}: "${[...seen.keys()][0]}", line ${l2}: "${t2}"); the first is used`, { id: 'import.episodes.conflict' }) });
      }
    }
    out.push(
      index?.drug ?? '', index ? cell(firstEp.row, jReg) : '', index ? firstEp.iso ?? '' : '', best ?? '', firstResponse ?? '', progression ?? '',
      lastDay?.iso ?? '', line, index ? (priorCourse || priorColumn ? '1' : '0') : '', String(eps.length),
    );
    rows.push(out);
    lineOfRow.push(firstEp.line);
  }

  const fieldColumns: Record<string, string> = {
    drug: rename[EPISODE_COLUMNS.drug], best_response: rename[EPISODE_COLUMNS.best_response], date_regimen_start: rename[EPISODE_COLUMNS.date_regimen_start],
    date_first_response: rename[EPISODE_COLUMNS.date_first_response], date_progression: rename[EPISODE_COLUMNS.date_progression],
    line: rename[EPISODE_COLUMNS.line], prior_same_drug: rename[EPISODE_COLUMNS.prior_same_drug], date_last_followup: rename[EPISODE_COLUMNS.last_episode],
  };
  return { columns: [...input.columns, ...extraNames], rows, lineOfRow, fieldColumns, episodes, patients: rows.length, issues };
}
