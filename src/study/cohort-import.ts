/**
 * The import wizard's logic (src/views/import-wizard.ts shows it; the worker runs it, never the
 * main thread): read a cohort file the way the user chose (encoding, delimiter, decimal mark,
 * header line, XLSX sheet), preview it with the automatic column-mapping guesses, turn it into the
 * study's cohort under the confirmed mapping (one row per patient, or hospitalization episodes
 * aggregated to patients — src/study/episodes.ts), and report what was read (SPEC §2): rows,
 * missing cells per field, values that could not be read with their line and column, duplicate
 * patient ids, dates that contradict each other, unknown codes, and a DR classification preview.
 *
 * Pure and DOM-free except {@link readCohortFile}'s XLSX path (read-excel-file, async).
 */
import { msg, str } from '@lit/localize';
import {
  inferColumnType, isMissingCell, parseDateCell, readDelimited, uniqueNames,
  type ColumnType, type Delimiter, type DelimitedReport, type RaggedRow,
} from '../formats/delimited.ts';
import { InputError } from '../formats/input-error.ts';
import type { EncodingChoice, TextEncodingName } from '../formats/text-decode.ts';
import { looksLikeXlsx, readXlsxSheets } from '../formats/xlsx.ts';
import { CohortTable, type CohortSource } from './cohort-table.ts';
import { canonicalDrGroup, type DrCounts, type DrGroup, type DrSettings } from './dr-classification.ts';
import { aggregateEpisodes, DEFAULT_EPISODE_SETTINGS, EPISODE_FIELDS, type EpisodeIssue, type EpisodeSettings } from './episodes.ts';
import { DRUGS, fieldByKey, RESPONSES, STUDY_FIELDS, type FieldKind } from './fields.ts';
import { guessMapping, normalizeHeader } from './mapping.ts';

/** How a cohort file is read (wizard step 1; saved with the cohort). */
export interface CohortImportOptions {
  /** Text files: 'auto' detects (BOM, UTF-16, UTF-8, GB18030, else Latin-1). */
  encoding: EncodingChoice;
  /** Text files: 'auto' sniffs it. */
  delimiter: Delimiter | 'auto';
  /** 'auto' decides per column ("1,5" in a column of decimal commas is 1.5). */
  decimalMark: 'auto' | 'point' | 'comma';
  /** 1-based line (XLSX: sheet row) holding the column names; 0 = the first non-empty line. */
  headerLine: number;
  /** XLSX: the sheet to read (null = the first). */
  sheet: string | null;
}

/** Defaults: everything detected. */
export const DEFAULT_IMPORT_OPTIONS: CohortImportOptions = { encoding: 'auto', delimiter: 'auto', decimalMark: 'auto', headerLine: 0, sheet: null };

/** A cohort file read as a table of text cells, before any mapping. */
export interface RawCohortTable {
  fileName: string;
  kind: 'text' | 'xlsx';
  /** Text files: the encoding used (null for XLSX). */
  encoding: TextEncodingName | null;
  hadBom: boolean;
  /** Text files: the delimiter used (null for XLSX). */
  delimiter: Delimiter | null;
  /** XLSX: every sheet's name, and the one read. */
  sheets: string[];
  sheet: string | null;
  /** 1-based line of the column names. */
  headerLine: number;
  /** The first lines of the file (header and a few above and below it), for the preview. */
  head: { line: number; cells: string[] }[];
  columns: string[];
  rows: string[][];
  lineOfRow: number[];
  report: DelimitedReport & { linesAboveHeader: number };
}

/** Most lines kept for the preview. */
export const PREVIEW_LINES = 12;

/** Decodes the bytes of a text cohort file, or reads an XLSX sheet, into a table (see {@link CohortImportOptions}). */
export async function readCohortFile(bytes: Uint8Array, fileName: string, options: Partial<CohortImportOptions> = {}): Promise<RawCohortTable> {
  const o = { ...DEFAULT_IMPORT_OPTIONS, ...options };
  let raw: string[][];
  let lines: number[];
  let emptyRows = 0;
  let base: Pick<RawCohortTable, 'kind' | 'encoding' | 'hadBom' | 'delimiter' | 'sheets' | 'sheet'>;
  if (looksLikeXlsx(bytes) || /\.xlsx$/i.test(fileName)) {
    const sheets = await readXlsxSheets(bytes, fileName);
    const sheet = (o.sheet ? sheets.find((s) => s.name === o.sheet) : undefined) ?? sheets[0];
    raw = [];
    lines = [];
    sheet.rows.forEach((r, i) => {
      if (r.every((c) => c === '')) { if (raw.length) emptyRows++; return; }
      raw.push(r);
      lines.push(i + 1);
    });
    if (raw.length === 0) throw new InputError(fileName, null, null, msg(str`the sheet "${sheet.name}" is empty`, { id: 'import.xlsx.emptySheet' }));
    base = { kind: 'xlsx', encoding: null, hadBom: false, delimiter: null, sheets: sheets.map((s) => s.name), sheet: sheet.name };
  } else {
    const t = readDelimited(bytes, fileName, { encoding: o.encoding, delimiter: o.delimiter, header: false, keepRagged: true });
    raw = t.rows;
    lines = t.lineOfRow;
    emptyRows = t.report.emptyRowsDropped;
    base = { kind: 'text', encoding: t.encoding, hadBom: t.hadBom, delimiter: t.delimiter, sheets: [], sheet: null };
  }
  let h = 0;
  if (o.headerLine > 0) {
    h = lines.findIndex((l) => l >= o.headerLine);
    if (h < 0) throw new InputError(fileName, o.headerLine, null, msg('there is no line with column names here: the file ends before it', { id: 'import.headerPastEnd' }));
  }
  const report: RawCohortTable['report'] = { rows: 0, columns: 0, emptyRowsDropped: emptyRows, raggedRows: [], renamedColumns: [], notes: [], linesAboveHeader: h };
  const headerCells = trimTrailing(raw[h].map((c) => c.trim()));
  const columns = uniqueNames(headerCells, report);
  const width = columns.length;
  const rows: string[][] = [];
  const lineOfRow: number[] = [];
  for (let i = h + 1; i < raw.length; i++) {
    let cells = raw[i].map((c) => c.trim());
    if (cells.length > width) cells = trimTrailing(cells, width);
    if (cells.length !== width) {
      report.raggedRows.push({ line: lines[i], expected: width, found: cells.length });
      cells = cells.length < width ? cells.concat(new Array<string>(width - cells.length).fill('')) : cells.slice(0, width);
    }
    rows.push(cells);
    lineOfRow.push(lines[i]);
  }
  report.rows = rows.length;
  report.columns = width;
  const first = Math.max(0, Math.min(h - 2, raw.length - PREVIEW_LINES));
  const head = raw.slice(first, first + PREVIEW_LINES).map((cells, k) => ({ line: lines[first + k], cells: cells.map((c) => c.trim()) }));
  return { fileName, ...base, headerLine: lines[h], head, columns, rows, lineOfRow, report };
}

function trimTrailing(cells: string[], keep = 0): string[] {
  let end = cells.length;
  while (end > keep && cells[end - 1] === '') end--;
  return end === cells.length ? cells : cells.slice(0, end);
}

// ── preview and guesses ────────────────────────────────────────────────────────────────────────

/** What the preview shows of one column. */
export interface ColumnPreview {
  name: string;
  type: ColumnType;
  missing: number;
  present: number;
  distinct: number;
  /** Numbers written with decimal commas. */
  decimalComma: boolean;
  /** Dates whose day/month order could not be told and was taken as day first. */
  dateOrderAssumed: boolean;
  /** A few distinct values (user data). */
  examples: string[];
}

/** The wizard's mapping choices (step 2). */
export interface ImportMapping {
  /** study-field key → column (null = not mapped). */
  fields: Record<string, string | null>;
  shape: 'patients' | 'episodes';
  episodes: EpisodeSettings;
  /** A column that already holds the DR group, read instead of the rules. */
  drGroupColumn: string | null;
}

/** The preview of step 1 and the guesses of step 2. */
export interface CohortPreview {
  table: Omit<RawCohortTable, 'rows' | 'lineOfRow'> & { rowCount: number };
  columnInfo: ColumnPreview[];
  guess: ImportMapping;
  /** Patient ids that occur on more than one row (the reason to guess 'episodes'). */
  repeatedIds: number;
}

const EPISODE_DATE = ['episodedate', 'admissiondate', 'admission', 'visitdate', 'date', 'hospitalizationdate', '入院日期', '住院日期', '就诊日期', '日期', '入院时间'];
const EPISODE_REGIMEN = ['regimen', 'treatment', 'therapy', 'chemotherapy', 'drug', '方案', '化疗方案', '治疗方案', '用药', '药物'];
const EPISODE_RESPONSE = ['response', 'responseassessment', 'assessment', 'efficacy', 'bestresponse', '疗效', '疗效评估', '疗效评价', '最佳疗效'];
const EPISODE_PRIOR = ['prior', 'priorexposure', 'previouslytreated', '既往使用'];
const DR_COLUMN = ['drgroup', 'drstatus', 'resistancegroup', 'drugresistance', 'resistance', '耐药分组', '耐药类型', '耐药', '耐药情况'];

const findColumn = (columns: readonly string[], names: readonly string[], taken: ReadonlySet<string> = new Set()): string | null => {
  const norm = columns.map(normalizeHeader);
  for (const n of names) {
    const i = norm.findIndex((x, k) => x === normalizeHeader(n) && !taken.has(columns[k]));
    if (i >= 0) return columns[i];
  }
  return null;
};

/** The automatic guesses: study-field mapping, row shape (repeated ids → episodes), episode columns, a DR group column. */
export function guessImport(columns: readonly string[], rows: readonly (readonly string[])[]): { guess: ImportMapping; repeatedIds: number } {
  const fields = guessMapping([...columns]);
  const idCol = fields.patient_id;
  let repeated = 0;
  let rowsRepeated = 0;
  if (idCol) {
    const j = columns.indexOf(idCol);
    const seen = new Map<string, number>();
    for (const r of rows) { const v = (r[j] ?? '').trim(); if (!isMissingCell(v)) seen.set(v, (seen.get(v) ?? 0) + 1); }
    for (const k of seen.values()) if (k > 1) { repeated++; rowsRepeated += k; }
  }
  const taken = new Set(Object.values(fields).filter((c): c is string => c !== null));
  const date = findColumn(columns, EPISODE_DATE, new Set([...taken].filter((c) => c !== fields.date_regimen_start)));
  const regimen = fields.drug ?? findColumn(columns, EPISODE_REGIMEN, taken);
  const response = fields.best_response ?? findColumn(columns, EPISODE_RESPONSE, taken);
  const prior = fields.prior_same_drug ?? findColumn(columns, EPISODE_PRIOR, taken);
  const drGroupColumn = findColumn(columns, DR_COLUMN, taken);
  // an episode export: several ids repeat, on half of the rows or more, and there are an episode date and a regimen column
  const episodesLikely = idCol !== null && repeated >= 2 && rowsRepeated >= 0.5 * rows.length && (date ?? fields.date_regimen_start) !== null && regimen !== null;
  return {
    guess: {
      fields, shape: episodesLikely ? 'episodes' : 'patients', drGroupColumn,
      episodes: { ...DEFAULT_EPISODE_SETTINGS, patientId: idCol, date: date ?? fields.date_regimen_start, regimen, response, prior },
    },
    repeatedIds: repeated,
  };
}

/** Step 1 + the guesses of step 2 (what previewCohortFile in the worker returns). */
export async function previewCohortFile(bytes: Uint8Array, fileName: string, options: Partial<CohortImportOptions> = {}): Promise<CohortPreview> {
  const t = await readCohortFile(bytes, fileName, options);
  const columnInfo = t.columns.map((name, j): ColumnPreview => {
    const cells = t.rows.map((r) => r[j] ?? '');
    const info = inferColumnType(cells);
    const examples: string[] = [];
    for (const c of cells) { const v = c.trim(); if (!isMissingCell(v) && !examples.includes(v)) examples.push(v); if (examples.length >= 3) break; }
    return {
      name, type: info.type, missing: info.missing, present: info.present, distinct: info.distinct,
      decimalComma: info.decimalComma === true, dateOrderAssumed: info.dateOrderAssumed === true, examples,
    };
  });
  const { guess, repeatedIds } = guessImport(t.columns, t.rows);
  const { rows, lineOfRow, ...rest } = t;
  void lineOfRow;
  return { table: { ...rest, rowCount: rows.length }, columnInfo, guess, repeatedIds };
}

// ── the cohort under a mapping, and its validation report ─────────────────────────────────────

/** Kinds of finding in the validation report. */
export type ProblemKind =
  | 'unreadable' // a cell that is not a number / date / code of its field: read as missing
  | 'unknown-code' // a category value that is no code of the field: kept as its own category
  | 'duplicate-id'
  | 'before-diagnosis'
  | 'date-order' // e.g. progression before the regimen start, follow-up after death
  | 'future-date'
  | 'out-of-range'
  | 'ragged'
  | 'episode'
  | 'dr-group';

/** One finding, located in the file. */
export interface ImportProblem {
  kind: ProblemKind;
  /** 1-based line (XLSX: sheet row); null when the finding is about the file. */
  line: number | null;
  column: string | null;
  /** The study field concerned, if any. */
  field: string | null;
  /** The cell text (user data). */
  text: string;
  /** Localized explanation. */
  message: string;
}

/** Missing and unreadable cells of one mapped field. */
export interface FieldReport {
  key: string;
  column: string;
  kind: FieldKind;
  present: number;
  missing: number;
  unreadable: number;
  /** Values kept as their own category (no code of the field). */
  unknownCodes: number;
  /** Computed from the episodes (not read from a column as it is). */
  computed: boolean;
}

/** The validation report (wizard step 3). */
export interface ValidationReport {
  fileName: string;
  shape: 'patients' | 'episodes';
  /** Data rows in the file (episodes for an episode file). */
  rowsRead: number;
  patients: number;
  columns: number;
  emptyRowsDropped: number;
  linesAboveHeader: number;
  raggedRows: number;
  fields: FieldReport[];
  /** Study fields no column is mapped to. */
  unmappedFields: string[];
  /** Columns that map to no study field (kept as user variables). */
  userVariables: string[];
  duplicates: { id: string; lines: number[] }[];
  /** Findings per kind (all of them, even when `problems` is cut). */
  counts: Partial<Record<ProblemKind, number>>;
  /** The findings, at most {@link MAX_PROBLEMS}, in line order. */
  problems: ImportProblem[];
  /** Findings left out of `problems`. */
  truncated: number;
  /** Localized notes on how the file was read. */
  notes: string[];
  /** DR groups with this mapping: counts per drug and the unclassified. */
  dr: { counts: DrCounts; totals: Record<DrGroup | 'unclassified', number>; fromColumn: boolean } | null;
}

/** Most findings listed one by one. */
export const MAX_PROBLEMS = 500;

/** The cohort as it will be saved (CohortData without the stored file's id). */
export interface ImportedCohort {
  fileName: string;
  encoding: string;
  delimiter: string;
  columns: string[];
  rows: string[][];
  lineOfRow: number[];
  mapping: Record<string, string | null>;
  report: { rows: number; columns: number; emptyRowsDropped: number; raggedRows: number };
  importOptions: CohortImportOptions;
  decimalMark: 'auto' | 'point' | 'comma';
  shape: 'patients' | 'episodes';
  episodes?: EpisodeSettings & { episodeRows: number };
  drGroupColumn: string | null;
  validation: { rowsRead: number; patients: number; unreadable: number; warnings: number; importedAt: string };
}

/** Fields whose value should not change between a patient's admissions. */
const CONSTANT_FIELDS = ['sex', 'date_diagnosis', 'date_death', 'isotype'];

/**
 * The cohort under a confirmed mapping and its validation report: episodes are aggregated first
 * (their computed columns take over the fields they compute), then every mapped field is checked.
 */
export async function importCohortFile(bytes: Uint8Array, fileName: string, options: Partial<CohortImportOptions>, mapping: ImportMapping,
  opts: { dr?: Partial<DrSettings>; today?: string } = {}): Promise<{ cohort: ImportedCohort; report: ValidationReport }> {
  const o = { ...DEFAULT_IMPORT_OPTIONS, ...options };
  const t = await readCohortFile(bytes, fileName, o);
  let columns = t.columns;
  let rows = t.rows;
  let lineOfRow = t.lineOfRow;
  const fields: Record<string, string | null> = {};
  for (const f of STUDY_FIELDS) { const c = mapping.fields[f.key]; fields[f.key] = c && columns.includes(c) ? c : null; }
  let episodeIssues: EpisodeIssue[] = [];
  const computed = new Set<string>();
  if (mapping.shape === 'episodes') {
    const e = mapping.episodes;
    const agg = aggregateEpisodes(t, { ...e, patientId: e.patientId ?? fields.patient_id }, {
      constantColumns: CONSTANT_FIELDS.map((k) => fields[k]).filter((c): c is string => c !== null),
      lastColumns: fields.date_last_followup ? [fields.date_last_followup] : [],
    });
    columns = agg.columns;
    rows = agg.rows;
    lineOfRow = agg.lineOfRow;
    fields.patient_id = e.patientId ?? fields.patient_id;
    for (const k of EPISODE_FIELDS) { fields[k] = agg.fieldColumns[k]; computed.add(k); }
    if (!fields.date_last_followup) { fields.date_last_followup = agg.fieldColumns.date_last_followup; computed.add('date_last_followup'); }
    episodeIssues = agg.issues;
  }
  const drGroupColumn = mapping.drGroupColumn && columns.includes(mapping.drGroupColumn) ? mapping.drGroupColumn : null;
  const source: CohortSource = { fileName, columns, rows, lineOfRow, mapping: fields, decimalMark: o.decimalMark, drGroupColumn };
  const report = validateCohort(source, {
    shape: mapping.shape, rowsRead: t.rows.length, emptyRowsDropped: t.report.emptyRowsDropped, linesAboveHeader: t.report.linesAboveHeader,
    raggedRows: t.report.raggedRows, notes: t.report.notes, episodeIssues, computed, dr: opts.dr, today: opts.today,
  });
  const unreadable = report.counts.unreadable ?? 0;
  const warnings = Object.entries(report.counts).reduce((a, [k, n]) => a + (k === 'unreadable' ? 0 : n ?? 0), 0);
  const cohort: ImportedCohort = {
    fileName, encoding: t.encoding ?? 'xlsx', delimiter: t.delimiter ?? '', columns, rows, lineOfRow, mapping: fields,
    report: { rows: rows.length, columns: columns.length, emptyRowsDropped: t.report.emptyRowsDropped, raggedRows: t.report.raggedRows.length },
    importOptions: { ...o, sheet: t.sheet, headerLine: o.headerLine }, decimalMark: o.decimalMark, shape: mapping.shape,
    ...(mapping.shape === 'episodes' ? { episodes: { ...mapping.episodes, patientId: fields.patient_id, episodeRows: t.rows.length } } : {}),
    drGroupColumn,
    validation: { rowsRead: t.rows.length, patients: rows.length, unreadable, warnings, importedAt: new Date().toISOString() },
  };
  return { cohort, report };
}

/** What {@link validateCohort} needs besides the cohort. */
export interface ValidationContext {
  shape: 'patients' | 'episodes';
  rowsRead: number;
  emptyRowsDropped: number;
  linesAboveHeader: number;
  raggedRows: readonly RaggedRow[];
  notes?: readonly string[];
  episodeIssues?: readonly EpisodeIssue[];
  /** Fields computed from the episodes. */
  computed?: ReadonlySet<string>;
  dr?: Partial<DrSettings>;
  /** ISO date of "today" (dates after it are flagged); default: the real today. */
  today?: string;
}

const DATE_LABELS = (): Record<string, string> => ({
  date_diagnosis: msg('diagnosis', { id: 'import.check.diagnosis' }),
  date_regimen_start: msg('regimen start', { id: 'import.check.regimenStart' }),
  date_first_response: msg('first response', { id: 'import.check.firstResponse' }),
  date_progression: msg('progression', { id: 'import.check.progression' }),
  date_last_followup: msg('last follow-up', { id: 'import.check.lastFollowup' }),
  date_death: msg('death', { id: 'import.check.death' }),
});

/** The validation report of a cohort (see {@link ValidationReport}). */
export function validateCohort(source: CohortSource, cx: ValidationContext): ValidationReport {
  const table = new CohortTable(source);
  const problems: ImportProblem[] = [];
  const counts: Partial<Record<ProblemKind, number>> = {};
  const add = (p: ImportProblem) => { counts[p.kind] = (counts[p.kind] ?? 0) + 1; problems.push(p); };
  const notes: string[] = [...(cx.notes ?? [])];
  const fieldReports: FieldReport[] = [];
  const n = source.rows.length;
  const computed = cx.computed ?? new Set<string>();

  for (const r of cx.raggedRows) {
    add({ kind: 'ragged', line: r.line, column: null, field: null, text: '',
      message: r.found < r.expected
        ? msg(str`${r.found} cells where the header has ${r.expected}: the missing cells are read as empty`, { id: 'import.check.raggedShort' })
        : msg(str`${r.found} cells where the header has ${r.expected}: the extra cells are left out`, { id: 'import.check.raggedLong' }) });
  }
  for (const e of cx.episodeIssues ?? []) add({ kind: 'episode', line: e.line, column: e.column, field: null, text: e.text, message: e.message });

  const dates: Record<string, (number | null)[]> = {};
  for (const f of STUDY_FIELDS) {
    const col = table.columnOf(f.key);
    if (!col) continue;
    const j = source.columns.indexOf(col);
    const cells = source.rows.map((r) => (r[j] ?? '').trim());
    const missing = cells.filter((c) => isMissingCell(c)).length;
    let unreadable = 0;
    let unknown = 0;
    const bad = (i: number, message: string) => {
      unreadable++;
      add({ kind: 'unreadable', line: source.lineOfRow[i], column: col, field: f.key, text: cells[i], message });
    };
    if (f.kind === 'number') {
      for (const p of table.problems(f.key)) bad(p.row, p.detail);
      if (f.key === 'age') {
        table.numbers('age').forEach((v, i) => {
          if (v !== null && (v < 0 || v > 120)) add({ kind: 'out-of-range', line: source.lineOfRow[i], column: col, field: 'age', text: cells[i], message: msg(str`an age of ${cells[i]} years is not plausible`, { id: 'import.check.age' }) });
        });
      } else {
        table.numbers(f.key).forEach((v, i) => {
          if (v !== null && v < 0) add({ kind: 'out-of-range', line: source.lineOfRow[i], column: col, field: f.key, text: cells[i], message: msg(str`${f.label()} cannot be negative`, { id: 'import.check.negative' }) });
        });
      }
    } else if (f.kind === 'date') {
      const info = inferColumnType(cells);
      const order = info.dateOrder ?? 'auto';
      if (info.dateOrderAssumed) notes.push(msg(str`Dates in "${col}" could be day/month or month/day; they are read as day/month (no day above 12 settles it).`, { id: 'import.note.dateOrder' }));
      dates[f.key] = cells.map((c, i) => {
        const d = parseDateCell(c, { order });
        if (d.error !== undefined) { bad(i, d.error); return null; }
        if (d.value === null) return null;
        return Math.round(Date.UTC(+d.value.slice(0, 4), +d.value.slice(5, 7) - 1, +d.value.slice(8, 10)) / 86_400_000);
      });
    } else if (f.kind === 'binary') {
      table.binary(f.key).forEach((v, i) => { if (v === null && !isMissingCell(cells[i])) bad(i, msg(str`"${cells[i]}" is not a yes/no value (1/0, yes/no, +/−, 是/否)`, { id: 'import.check.notBinary' })); });
    } else if (f.kind === 'category') {
      const codes = table.categories(f.key);
      const levels = (f.levels ?? []) as readonly string[];
      const firstLine = new Map<string, number>();
      codes.forEach((v, i) => {
        if (v === null || levels.includes(v)) return;
        if (f.key === 'best_response') { bad(i, msg(str`"${cells[i]}" is not a response code (${RESPONSES.join(', ')})`, { id: 'import.check.notResponse' })); return; }
        unknown++;
        if (!firstLine.has(v)) firstLine.set(v, i);
      });
      for (const [v, i] of firstLine) {
        const count = codes.filter((x) => x === v).length;
        add({ kind: 'unknown-code', line: source.lineOfRow[i], column: col, field: f.key, text: v,
          message: f.key === 'drug'
            ? msg(str`"${v}" (${count} rows) is not ${DRUGS.join(', ')}: kept as a drug group of its own`, { id: 'import.check.unknownDrug' })
            : msg(str`"${v}" (${count} rows) is not a code of ${f.label()}: kept as a category of its own`, { id: 'import.check.unknownCode' }) });
      }
    }
    fieldReports.push({ key: f.key, column: col, kind: f.kind, present: n - missing, missing, unreadable, unknownCodes: unknown, computed: computed.has(f.key) });
  }

  // date plausibility
  const today = cx.today ?? new Date().toISOString().slice(0, 10);
  const todayDay = Math.round(Date.UTC(+today.slice(0, 4), +today.slice(5, 7) - 1, +today.slice(8, 10)) / 86_400_000);
  const labels = DATE_LABELS();
  const col = (k: string) => table.columnOf(k);
  const text = (k: string, i: number) => { const c = col(k); return c ? (source.rows[i][source.columns.indexOf(c)] ?? '').trim() : ''; };
  const pairs: [string, string, 'before-diagnosis' | 'date-order'][] = [
    ['date_regimen_start', 'date_diagnosis', 'before-diagnosis'], ['date_first_response', 'date_diagnosis', 'before-diagnosis'],
    ['date_progression', 'date_diagnosis', 'before-diagnosis'], ['date_last_followup', 'date_diagnosis', 'before-diagnosis'],
    ['date_death', 'date_diagnosis', 'before-diagnosis'], ['date_progression', 'date_regimen_start', 'date-order'],
    ['date_first_response', 'date_regimen_start', 'date-order'],
  ];
  for (let i = 0; i < n; i++) {
    for (const [later, earlier, kind] of pairs) {
      const a = dates[later]?.[i];
      const b = dates[earlier]?.[i];
      if (a == null || b == null || a >= b) continue;
      add({ kind, line: source.lineOfRow[i], column: col(later), field: later, text: text(later, i),
        message: msg(str`the date of ${labels[later]} (${text(later, i)}) is before the date of ${labels[earlier]} (${text(earlier, i)})`, { id: 'import.check.before' }) });
    }
    const death = dates.date_death?.[i];
    const follow = dates.date_last_followup?.[i];
    if (death != null && follow != null && follow > death + 1) {
      add({ kind: 'date-order', line: source.lineOfRow[i], column: col('date_last_followup'), field: 'date_last_followup', text: text('date_last_followup', i),
        message: msg(str`last follow-up (${text('date_last_followup', i)}) is after death (${text('date_death', i)})`, { id: 'import.check.followupAfterDeath' }) });
    }
    for (const k of Object.keys(dates)) {
      const d = dates[k][i];
      if (d != null && d > todayDay) {
        add({ kind: 'future-date', line: source.lineOfRow[i], column: col(k), field: k, text: text(k, i), message: msg(str`the date of ${labels[k] ?? k} (${text(k, i)}) is in the future`, { id: 'import.check.future' }) });
      }
    }
  }

  // duplicate patient ids (one row per patient expected)
  const duplicates: { id: string; lines: number[] }[] = [];
  if (table.has('patient_id')) {
    const ids = table.text('patient_id');
    const at = new Map<string, number[]>();
    ids.forEach((id, i) => { if (id !== null) at.set(id, [...(at.get(id) ?? []), source.lineOfRow[i]]); });
    for (const [id, lines] of at) {
      if (lines.length < 2) continue;
      duplicates.push({ id, lines });
      add({ kind: 'duplicate-id', line: lines[1], column: col('patient_id'), field: 'patient_id', text: id,
        message: cx.shape === 'episodes'
          ? msg(str`patient ${id} has ${lines.length} rows after aggregation (lines ${lines.join(', ')})`, { id: 'import.check.duplicateAfterEpisodes' })
          : msg(str`patient ${id} is on ${lines.length} rows (lines ${lines.join(', ')}); if each row is a hospitalization episode, choose "one row per episode"`, { id: 'import.check.duplicate' }) });
    }
  }

  // DR group column
  const gc = table.drGroupColumn();
  if (gc) {
    const j = source.columns.indexOf(gc);
    source.rows.forEach((r, i) => {
      if (canonicalDrGroup(r[j]) === 'invalid') add({ kind: 'dr-group', line: source.lineOfRow[i], column: gc, field: null, text: (r[j] ?? '').trim(),
        message: msg(str`"${(r[j] ?? '').trim()}" is not a DR group (response, de novo DR, acquired DR): the patient is unclassified`, { id: 'import.check.drGroup' }) });
    });
  }

  const canDr = gc !== null || (table.has('best_response') && table.has('prior_same_drug'));
  const dr = canDr ? (() => { const r = table.classify(cx.dr); return { counts: r.counts, totals: r.totals, fromColumn: gc !== null }; })() : null;
  const mappedCols = new Set(fieldReports.map((f) => f.column));
  if (gc) mappedCols.add(gc);
  const colAt = (c: string | null) => (c === null ? -1 : source.columns.indexOf(c));
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || colAt(a.column) - colAt(b.column));
  const total = problems.length;
  return {
    fileName: source.fileName, shape: cx.shape, rowsRead: cx.rowsRead, patients: n, columns: source.columns.length,
    emptyRowsDropped: cx.emptyRowsDropped, linesAboveHeader: cx.linesAboveHeader, raggedRows: cx.raggedRows.length,
    fields: fieldReports, unmappedFields: STUDY_FIELDS.filter((f) => !table.has(f.key)).map((f) => f.key),
    userVariables: source.columns.filter((c) => !mappedCols.has(c)), duplicates, counts,
    problems: problems.slice(0, MAX_PROBLEMS), truncated: Math.max(0, total - MAX_PROBLEMS), notes, dr,
  };
}

/** Localized label of a study field key (the key itself when unknown). */
export const fieldName = (key: string): string => fieldByKey(key)?.label() ?? key;
