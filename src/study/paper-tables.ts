/**
 * The data of the paper's tables for any cohort — pure data, no DOM (the Tables view renders it,
 * the exporters write it):
 *
 * - {@link buildTable1}: baseline characteristics by drug (n and column %, median and range) with
 *   a p-value per characteristic;
 * - {@link buildDrugTable}: Tables 2–3, for one drug, response vs de novo DR vs acquired DR —
 *   categorical rows as counts and %, continuous rows as mean ± SD;
 * - {@link buildTable4}: cytogenetic abnormalities by DR group (all drugs, patients with a result);
 * - {@link buildRiskFactorTable}: odds ratio (Woolf 95% CI) and Fisher p of chosen binary predictors
 *   between two groups (e.g. acquired DR vs response on Bz);
 * - {@link buildLogisticTable}: a logistic regression of several predictors (glm, binomial).
 *
 * Every tested row carries a {@link TestCell}: the test behind its p under the chosen policy
 * (src/stats/test-policy.ts), the alternatives, and footnote marks; each table carries its
 * footnotes (one per test used, one per row with expected counts < 5 as SPSS words it, and
 * notes such as skewed variables or a Fisher test too large to compute). Percentages are column
 * percentages among patients with a value (missing counted apart, as the paper does). Tests drop
 * empty rows and columns of a crosstab first (as SPSS does) and leave out groups without values.
 */
import { msg, str } from '@lit/localize';
import { analyzeTable, type OddsRatio } from '../stats/crosstab.ts';
import { compareGroups, summarize, type GroupSummary } from '../stats/compare.ts';
import { logisticRegression, logisticWarningText, type LogisticResult } from '../stats/logistic.ts';
import { chooseCategoricalTest, chooseContinuousTest, testName, type TestDecision, type TestId, type TestPolicy } from '../stats/test-policy.ts';
import { formatFixed } from '../stats/p-format.ts';
import { CohortTable, FISH_FIELDS, PAPER_PREDICTORS, derivedLabel, highRiskCytogenetics, type BinaryPredictor, type DerivedId } from './cohort-table.ts';
import { DR_GROUPS, drGroupLabel, type DrGroup, type DrSettings } from './dr-classification.ts';
import { DRUGS, fieldByKey, sectionLabel, type FieldSection } from './fields.ts';

/** A column of a table (a drug or a DR group) with its patient count. */
export interface TableColumn {
  key: string;
  label: string;
  n: number;
}

/** Counts of one level across the columns. */
export interface LevelCounts {
  level: string;
  label: string;
  counts: number[];
  /** Column % among the column's patients with a value for this row (null when none has one). */
  percents: (number | null)[];
  total: number;
  totalPercent: number | null;
}

/** The p-value of a row, the test behind it and its footnote marks. */
export interface TestCell extends TestDecision {
  /** Marks of the table footnotes that apply to this p ("a", "b", …). */
  footnotes: string[];
  /** Cells with expected count < 5 of the tested crosstab (categorical rows). */
  expected?: { cellsBelow5: number; cells: number; minExpected: number };
}

/** A heading inside a table. */
export interface SectionRow { kind: 'section'; id: string; label: string }

/** A categorical characteristic. */
export interface CategoricalRow {
  kind: 'categorical';
  id: string;
  label: string;
  /** The levels as tested (e.g. ISS I vs II and III). */
  levels: LevelCounts[];
  /** The full breakdown shown above the tested levels, descriptive only (e.g. ISS I, II, III). */
  detail?: LevelCounts[];
  /** Patients without a value, per column. */
  missing: number[];
  missingTotal: number;
  test: TestCell;
}

/** A continuous characteristic. */
export interface ContinuousRow {
  kind: 'continuous';
  id: string;
  label: string;
  unit: string | null;
  /** How the paper prints it: mean ± SD (Tables 2–3) or median (range) (Table 1 age). */
  display: 'mean-sd' | 'median-range';
  /** One summary per column (name = column key). */
  groups: GroupSummary[];
  all: GroupSummary;
  test: TestCell;
}

/** Any row. */
export type PaperTableRow = SectionRow | CategoricalRow | ContinuousRow;

/** A footnote of a table. */
export interface Footnote {
  mark: string;
  kind: 'test' | 'expected' | 'note';
  text: string;
  test?: TestId;
}

/** Patients left out of a table, and why. */
export interface Exclusion { reason: 'unclassified' | 'no-drug' | 'other-drug' | 'no-cytogenetics'; count: number; text: string }

/** A paper-style table. */
export interface PaperTable {
  id: 'table1' | 'table2' | 'table3' | 'table4' | 'custom';
  title: string;
  /** The drug of Tables 2–3 (null otherwise). */
  drug: string | null;
  columns: TableColumn[];
  /** The "All" column. */
  total: TableColumn;
  rows: PaperTableRow[];
  footnotes: Footnote[];
  policy: TestPolicy;
  excluded: Exclusion[];
}

/** Options shared by the builders. */
export interface TableOptions {
  /** Test policy (default 'spss', as the paper). */
  policy?: TestPolicy;
  /** DR classification settings (default: the paper's). */
  dr?: Partial<DrSettings>;
  /** Haldane's +0.5 for odds ratios with a zero cell (risk-factor table; default false). */
  haldane?: boolean;
}

// ---------- footnote bookkeeping ----------------------------------------------------------------

/** Footnote bookkeeping of a table (exported for the table builder, src/study/table-builder.ts). */
export class Notes {
  readonly list: Footnote[] = [];
  private readonly byKey = new Map<string, string>();
  private mark(): string {
    const i = this.list.length;
    return i < 26 ? String.fromCharCode(97 + i) : `n${i + 1}`;
  }
  add(key: string, kind: Footnote['kind'], text: string, test?: TestId): string {
    const hit = this.byKey.get(key);
    if (hit) return hit;
    const m = this.mark();
    this.list.push({ mark: m, kind, text, ...(test ? { test } : {}) });
    this.byKey.set(key, m);
    return m;
  }
}

function testCell(d: TestDecision, notes: Notes, label: string, expected?: { cellsBelow5: number; cells: number; minExpected: number }): TestCell {
  const marks: string[] = [];
  if (d.test) marks.push(notes.add('test:' + d.test, 'test', testName(d.test), d.test));
  if (expected && expected.cellsBelow5 > 0) {
    const pct = formatFixed((100 * expected.cellsBelow5) / expected.cells, 1);
    const min = formatFixed(expected.minExpected, 2);
    marks.push(notes.add('expected:' + label, 'expected',
      msg(str`${label}: ${expected.cellsBelow5} cells (${pct}%) have expected count less than 5. The minimum expected count is ${min}.`, { id: 'tables.note.expectedBelow5' })));
  }
  if (d.notes.includes('fisher-too-large')) {
    marks.push(notes.add('fisher-too-large', 'note', msg('Fisher exact test not computed: the table is too large for exact enumeration; Pearson χ² shown.', { id: 'tables.note.fisherTooLarge' })));
  }
  if (d.notes.includes('skewed') && (d.test === 'mann-whitney' || d.test === 'kruskal')) {
    marks.push(notes.add('skewed', 'note', msg('Skewed variable (|skewness| > 1 in a group): rank test used.', { id: 'tables.note.skewed' })));
  }
  return { ...d, footnotes: marks, ...(expected ? { expected } : {}) };
}

// ---------- row builders --------------------------------------------------------------------------

/** One tested level: a label and the raw codes it gathers. */
export interface LevelSpec { key: string; label: string; members: readonly string[] }

function levelCounts(spec: LevelSpec[], values: readonly (string | null)[], col: readonly number[], nCols: number): { rows: LevelCounts[]; missing: number[] } {
  const counts = spec.map(() => new Array<number>(nCols).fill(0));
  const missing = new Array<number>(nCols).fill(0);
  values.forEach((v, i) => {
    const c = col[i];
    if (c < 0) return;
    if (v === null) { missing[c]++; return; }
    const k = spec.findIndex((s) => s.members.includes(v));
    if (k < 0) missing[c]++;
    else counts[k][c]++;
  });
  const colSums = new Array<number>(nCols).fill(0);
  counts.forEach((r) => r.forEach((x, j) => { colSums[j] += x; }));
  const all = colSums.reduce((a, b) => a + b, 0);
  const rows = spec.map((s, k) => {
    const total = counts[k].reduce((a, b) => a + b, 0);
    return {
      level: s.key, label: s.label, counts: counts[k],
      percents: counts[k].map((x, j) => (colSums[j] > 0 ? (100 * x) / colSums[j] : null)),
      total, totalPercent: all > 0 ? (100 * total) / all : null,
    };
  });
  return { rows, missing };
}

/** Tests a table of levels × columns, dropping empty rows and columns first. */
function testLevels(rows: LevelCounts[], policy: TestPolicy, notes: Notes, label: string): TestCell {
  let t = rows.map((r) => r.counts);
  t = t.filter((r) => r.some((x) => x > 0));
  const keep = (t[0] ?? []).map((_, j) => t.some((r) => r[j] > 0));
  t = t.map((r) => r.filter((_, j) => keep[j]));
  if (t.length < 2 || (t[0]?.length ?? 0) < 2) {
    return testCell({ test: null, testLabel: '', p: null, statistic: null, df: null, df2: null, notes: ['too-few-groups'], alternatives: [] }, notes, label);
  }
  const r = analyzeTable(t);
  const d = chooseCategoricalTest(policy, r);
  return testCell(d, notes, label, { cellsBelow5: r.pearson.cellsExpectedBelow5, cells: r.pearson.cells, minExpected: r.pearson.minExpected });
}

/** A categorical row: counts and column % per level, tested under the policy. */
export function categoricalRow(id: string, label: string, spec: LevelSpec[], values: readonly (string | null)[], col: readonly number[], nCols: number,
  policy: TestPolicy, notes: Notes, detail?: LevelSpec[]): CategoricalRow {
  const { rows, missing } = levelCounts(spec, values, col, nCols);
  const row: CategoricalRow = {
    kind: 'categorical', id, label, levels: rows, missing, missingTotal: missing.reduce((a, b) => a + b, 0),
    test: testLevels(rows, policy, notes, label),
  };
  if (detail) row.detail = levelCounts(detail, values, col, nCols).rows;
  return row;
}

/** A continuous row: summaries per column, tested under the policy. */
export function continuousRow(id: string, label: string, unit: string | null, display: ContinuousRow['display'], values: readonly (number | null)[],
  col: readonly number[], columns: readonly TableColumn[], policy: TestPolicy, notes: Notes): ContinuousRow {
  const groups: (string | null)[] = col.map((c) => (c < 0 ? null : columns[c].key));
  const r = compareGroups(values, groups, { levels: columns.map((c) => c.key) });
  const per = columns.map((c) => values.filter((v, i) => groups[i] === c.key && v !== null) as number[]);
  const allVals = values.filter((v, i) => groups[i] !== null && v !== null) as number[];
  const allMissing = values.filter((v, i) => groups[i] !== null && v === null).length;
  const d = chooseContinuousTest(policy, r, per);
  return {
    kind: 'continuous', id, label, unit, display, groups: r.groups, all: summarize('all', allVals, allMissing),
    test: testCell(d, notes, label),
  };
}

const fieldLabel = (key: string): string => fieldByKey(key)?.label() ?? key;
const fieldUnit = (key: string): string | null => fieldByKey(key)?.unit ?? null;
export const lv = (key: string, label: string, members: readonly string[] = [key]): LevelSpec => ({ key, label, members });
export const yesNo = (): LevelSpec[] => [lv('1', msg('Yes', { id: 'tables.yes' })), lv('0', msg('No', { id: 'tables.no' }))];
export const bin = (v: (0 | 1 | null)[]): (string | null)[] => v.map((x) => (x === null ? null : String(x)));

function section(id: FieldSection | string, label?: string): SectionRow {
  return { kind: 'section', id: 'section.' + id, label: label ?? sectionLabel(id as FieldSection) };
}

// ---------- Table 1 -------------------------------------------------------------------------------

/** Localized name of a drug code (a user's own code as it is). */
export function drugLabel(d: string): string {
  switch (d) {
    case 'Bz': return msg('Bortezomib', { id: 'tables.drug.Bz' });
    case 'Thal': return msg('Thalidomide', { id: 'tables.drug.Thal' });
    case 'Len': return msg('Lenalidomide', { id: 'tables.drug.Len' });
    default: return d;
  }
}

/** Table 1: baseline characteristics by drug group. */
export function buildTable1(cohort: CohortTable, opts: TableOptions = {}): PaperTable {
  const policy = opts.policy ?? 'spss';
  const notes = new Notes();
  const drug = cohort.categories('drug');
  const present = [...new Set(drug.filter((d): d is string => d !== null))];
  const keys = [...DRUGS.filter((d) => present.includes(d)), ...present.filter((d) => !(DRUGS as readonly string[]).includes(d)).sort()];
  const col = drug.map((d) => (d === null ? -1 : keys.indexOf(d)));
  const columns: TableColumn[] = keys.map((k, j) => ({ key: k, label: drugLabel(k), n: col.filter((c) => c === j).length }));
  const nCols = columns.length;
  const rows: PaperTableRow[] = [];

  // Age: < 65 / ≥ 65 (tested) and median (range).
  const age = cohort.numbers('age');
  rows.push(categoricalRow('age_group', msg('Age (years)', { id: 'tables.row.ageGroup' }),
    [lv('<65', '< 65'), lv('>=65', '≥ 65')], age.map((a) => (a === null ? null : a < 65 ? '<65' : '>=65')), col, nCols, policy, notes));
  rows.push(continuousRow('age', msg('Median age (range)', { id: 'tables.row.medianAge' }), 'years', 'median-range', age, col, columns, policy, notes));
  rows.push(categoricalRow('sex', fieldLabel('sex'), [lv('M', msg('Male', { id: 'tables.sex.M' })), lv('F', msg('Female', { id: 'tables.sex.F' }))],
    cohort.categories('sex'), col, nCols, policy, notes));
  rows.push(categoricalRow('iss_stage', fieldLabel('iss_stage'), [lv('I', 'I'), lv('II+III', msg('II and III', { id: 'tables.iss.II+III' }), ['II', 'III'])],
    cohort.categories('iss_stage'), col, nCols, policy, notes, [lv('I', 'I'), lv('II', 'II'), lv('III', 'III')]));
  const ds = cohort.categories('ds_stage');
  const dsDetail = ['1A', '1B', '2A', '2B', '3A', '3B'].map((k) => lv(k, k));
  rows.push(categoricalRow('ds_stage_number', msg('Durie–Salmon stage 1 vs 2 and 3', { id: 'tables.row.dsNumber' }),
    [lv('1', '1', ['1A', '1B']), lv('2+3', msg('2 and 3', { id: 'tables.ds.2+3' }), ['2A', '2B', '3A', '3B'])], ds, col, nCols, policy, notes, dsDetail));
  rows.push(categoricalRow('ds_stage_letter', msg('Durie–Salmon stage A vs B', { id: 'tables.row.dsLetter' }),
    [lv('A', 'A', ['1A', '2A', '3A']), lv('B', 'B', ['1B', '2B', '3B'])], ds, col, nCols, policy, notes));
  // DR group: response vs DR (tested), with de novo / acquired shown.
  const groups = cohort.drGroups(opts.dr).map((g) => (g === 'unclassified' ? null : g));
  rows.push(categoricalRow('dr_group', msg('Group', { id: 'tables.row.drGroup' }),
    [lv('response', drGroupLabel('response')), lv('dr', msg('DR', { id: 'tables.dr' }), ['denovo', 'acquired'])], groups, col, nCols, policy, notes,
    [lv('denovo', drGroupLabel('denovo')), lv('acquired', drGroupLabel('acquired'))]));
  rows.push(categoricalRow('isotype', fieldLabel('isotype'),
    [lv('light', msg('Light chain', { id: 'tables.isotype.light' }), ['κ', 'λ']),
      lv('intact', msg('Intact Ig', { id: 'tables.isotype.intact' }), ['IgG κ', 'IgG λ', 'IgA κ', 'IgA λ', 'IgM λ', 'IgD λ', 'IgG IgA λ']),
      lv('nonsecretory', msg('Nonsecretory', { id: 'tables.isotype.nonsecretory' }), ['Nonsecretory'])],
    cohort.categories('isotype'), col, nCols, policy, notes,
    (fieldByKey('isotype')!.levels ?? []).map((k) => lv(k, k))));
  rows.push(categoricalRow('cytogenetics', msg('Cytogenetics', { id: 'tables.row.cytogenetics' }),
    [lv('0', msg('Standard risk', { id: 'tables.cyto.standard' })), lv('1', msg('High risk', { id: 'tables.cyto.high' }))],
    bin(highRiskCytogenetics.compute(cohort)), col, nCols, policy, notes));
  rows.push(categoricalRow('line', fieldLabel('line'),
    [lv('front', msg('Front-line therapy', { id: 'tables.line.front' })), lv('second', msg('Second-line therapy', { id: 'tables.line.second' }))],
    cohort.categories('line'), col, nCols, policy, notes));

  const noDrug = col.filter((c) => c < 0).length;
  return {
    id: 'table1', title: msg('Table 1. Baseline characteristics by drug', { id: 'tables.title.table1' }), drug: null,
    columns, total: { key: 'all', label: msg('All', { id: 'tables.all' }), n: cohort.size - noDrug }, rows, footnotes: notes.list, policy,
    excluded: noDrug ? [{ reason: 'no-drug', count: noDrug, text: msg(str`${noDrug} patients without a regimen drug are left out.`, { id: 'tables.excluded.noDrug' }) }] : [],
  };
}

// ---------- Tables 2–3 ----------------------------------------------------------------------------

/** A row of Tables 2–3: a study field, a derived ratio, or one of the special categorical rows. */
export type DrugTableItem =
  | { section: FieldSection }
  | { field: string }
  | { derived: DerivedId }
  | { special: 'age_group' | 'line' | 'isotype' | 'flc_extreme' | 'ds_stage' | 'iss_stage' | 'bone_lesions' };

/** The paper's Tables 2–3 rows, in its order. */
export const DRUG_TABLE_ITEMS: readonly DrugTableItem[] = [
  { section: 'patient' }, { field: 'age' }, { special: 'age_group' }, { special: 'line' },
  { section: 'general' }, { special: 'isotype' }, { field: 'm_protein_prop' }, { special: 'flc_extreme' },
  { field: 'hb' }, { field: 'albumin' }, { field: 'creatinine' }, { field: 'b2m' }, { special: 'ds_stage' }, { special: 'iss_stage' },
  { section: 'inflammation' }, { field: 'platelets' }, { field: 'lymphocytes' }, { field: 'monocytes' }, { derived: 'lym_mono_ratio' },
  { field: 'neutrophils' }, { field: 'il6' }, { field: 'crp' }, { field: 'pct' }, { field: 'ldh' }, { field: 'esr' }, { field: 'ferritin' },
  { field: 'bun' }, { field: 'cystatin_c' }, { field: 'uric_acid' }, { field: 'triglyceride' }, { field: 'cholesterol' }, { field: 'hdl_c' },
  { field: 'ldl_c' }, { field: 'glucose' }, { field: 'epo' },
  { section: 'immune' }, { field: 'globulin' }, { field: 'polyclonal_ig' }, { field: 'c3' }, { field: 'c4' }, { field: 'properdin_b' },
  { field: 'cd3' }, { field: 'cd4' }, { field: 'cd8' }, { derived: 'cd4_cd8_ratio' },
  { section: 'bone' }, { field: 'calcium' }, { field: 'phosphorus' }, { field: 'magnesium' }, { field: 'alp' }, { field: 'b_alp' }, { special: 'bone_lesions' },
];

function drColumns(groups: readonly (DrGroup | 'unclassified')[], include: (i: number) => boolean): { col: number[]; columns: TableColumn[] } {
  const col = groups.map((g, i) => (include(i) && g !== 'unclassified' ? DR_GROUPS.indexOf(g) : -1));
  const columns = DR_GROUPS.map((g, j) => ({ key: g, label: drGroupLabel(g), n: col.filter((c) => c === j).length }));
  return { col, columns };
}

/** Tables 2–3: for one drug, response vs de novo DR vs acquired DR. */
export function buildDrugTable(cohort: CohortTable, drug: string, opts: TableOptions & { items?: readonly DrugTableItem[] } = {}): PaperTable {
  const policy = opts.policy ?? 'spss';
  const notes = new Notes();
  const drugs = cohort.categories('drug');
  const dr = cohort.drGroups(opts.dr);
  const onDrug = (i: number): boolean => drugs[i] === drug;
  const { col, columns } = drColumns(dr, onDrug);
  const nCols = columns.length;
  const rows: PaperTableRow[] = [];
  for (const item of opts.items ?? DRUG_TABLE_ITEMS) {
    if ('section' in item) { rows.push(section(item.section)); continue; }
    if ('derived' in item) {
      rows.push(continuousRow(item.derived, derivedLabel(item.derived), null, 'mean-sd', cohort.derived(item.derived), col, columns, policy, notes));
      continue;
    }
    if ('field' in item) {
      const f = fieldByKey(item.field);
      if (f?.kind === 'binary') {
        rows.push(categoricalRow(item.field, f.label(), yesNo(), bin(cohort.binary(item.field)), col, nCols, policy, notes));
      } else {
        rows.push(continuousRow(item.field, fieldLabel(item.field), fieldUnit(item.field), 'mean-sd', cohort.numbers(item.field), col, columns, policy, notes));
      }
      continue;
    }
    switch (item.special) {
      case 'age_group':
        rows.push(categoricalRow('age_group', msg('Age group', { id: 'tables.row.ageGroupShort' }), [lv('>=65', '≥ 65'), lv('<65', '< 65')],
          cohort.numbers('age').map((a) => (a === null ? null : a < 65 ? '<65' : '>=65')), col, nCols, policy, notes));
        break;
      case 'line':
        rows.push(categoricalRow('line', msg('Treatment condition', { id: 'tables.row.treatmentCondition' }),
          [lv('front', msg('Front-line therapy', { id: 'tables.line.front' })), lv('second', msg('Second-line therapy', { id: 'tables.line.second' }))],
          cohort.categories('line'), col, nCols, policy, notes));
        break;
      case 'isotype':
        rows.push(categoricalRow('isotype', fieldLabel('isotype'),
          [lv('intact', msg('Intact Ig', { id: 'tables.isotype.intact' }), ['IgG κ', 'IgG λ', 'IgA κ', 'IgA λ', 'IgM λ', 'IgD λ', 'IgG IgA λ']),
            lv('light', msg('Light chain', { id: 'tables.isotype.light' }), ['κ', 'λ']),
            lv('nonsecretory', msg('Nonsecretory', { id: 'tables.isotype.nonsecretory' }), ['Nonsecretory'])],
          cohort.categories('isotype'), col, nCols, policy, notes));
        break;
      case 'flc_extreme':
        rows.push(categoricalRow('flc_extreme', PAPER_PREDICTORS.flc_extreme.label(), yesNo(), bin(PAPER_PREDICTORS.flc_extreme.compute(cohort)), col, nCols, policy, notes));
        break;
      case 'ds_stage':
        rows.push(categoricalRow('ds_stage_number', fieldLabel('ds_stage'),
          [lv('1', '1', ['1A', '1B']), lv('2+3', msg('2 and 3', { id: 'tables.ds.2+3' }), ['2A', '2B', '3A', '3B'])], cohort.categories('ds_stage'), col, nCols, policy, notes));
        break;
      case 'iss_stage':
        rows.push(categoricalRow('iss_stage', fieldLabel('iss_stage'), [lv('I', 'I'), lv('II+III', msg('II and III', { id: 'tables.iss.II+III' }), ['II', 'III'])],
          cohort.categories('iss_stage'), col, nCols, policy, notes));
        break;
      case 'bone_lesions':
        rows.push(categoricalRow('bone_lesions', fieldLabel('bone_lesions'),
          [lv('osteoporosis', msg('Osteoporosis', { id: 'tables.bone.osteoporosis' })), lv('destruction', msg('Bone destruction', { id: 'tables.bone.destruction' })),
            lv('fracture', msg('Bone fracture', { id: 'tables.bone.fracture' }))],
          cohort.categories('bone_lesions'), col, nCols, policy, notes));
        break;
    }
  }
  const unclassified = dr.filter((g, i) => onDrug(i) && g === 'unclassified').length;
  const id = drug === 'Bz' ? 'table2' : drug === 'Thal' ? 'table3' : 'custom';
  return {
    id, title: msg(str`Treatment efficacy of ${drugLabel(drug)} by group`, { id: 'tables.title.drug' }), drug,
    columns, total: { key: 'all', label: msg('All', { id: 'tables.all' }), n: columns.reduce((a, c) => a + c.n, 0) }, rows, footnotes: notes.list, policy,
    excluded: unclassified ? [{ reason: 'unclassified', count: unclassified, text: msg(str`${unclassified} unclassified patients are left out (see the DR classification).`, { id: 'tables.excluded.unclassified' }) }] : [],
  };
}

// ---------- Table 4 -------------------------------------------------------------------------------

/** Table 4: cytogenetic abnormalities by DR group (all drugs unless one is given). */
export function buildTable4(cohort: CohortTable, opts: TableOptions & { drug?: string } = {}): PaperTable {
  const policy = opts.policy ?? 'spss';
  const notes = new Notes();
  const drugs = cohort.categories('drug');
  const dr = cohort.drGroups(opts.dr);
  const fish = FISH_FIELDS.map((f) => cohort.binary(f));
  const tested = (i: number): boolean => fish.some((c) => c[i] !== null);
  const { col, columns } = drColumns(dr, (i) => tested(i) && (opts.drug === undefined || drugs[i] === opts.drug));
  const nCols = columns.length;
  const rows: PaperTableRow[] = [
    categoricalRow('high_risk_cytogenetics', highRiskCytogenetics.label(), yesNo(), bin(highRiskCytogenetics.compute(cohort)), col, nCols, policy, notes),
    ...FISH_FIELDS.map((f, k) => categoricalRow(f, fieldLabel(f), yesNo(), bin(fish[k]), col, nCols, policy, notes)),
  ];
  const untested = dr.filter((_, i) => !tested(i) && (opts.drug === undefined || drugs[i] === opts.drug)).length;
  const unclassified = dr.filter((g, i) => tested(i) && g === 'unclassified' && (opts.drug === undefined || drugs[i] === opts.drug)).length;
  const excluded: Exclusion[] = [];
  if (untested) excluded.push({ reason: 'no-cytogenetics', count: untested, text: msg(str`${untested} patients without a cytogenetic result are left out.`, { id: 'tables.excluded.noCytogenetics' }) });
  if (unclassified) excluded.push({ reason: 'unclassified', count: unclassified, text: msg(str`${unclassified} unclassified patients are left out (see the DR classification).`, { id: 'tables.excluded.unclassified' }) });
  return {
    id: 'table4', title: msg('Table 4. Cytogenetic abnormalities by group', { id: 'tables.title.table4' }), drug: opts.drug ?? null,
    columns, total: { key: 'all', label: msg('All', { id: 'tables.all' }), n: columns.reduce((a, c) => a + c.n, 0) }, rows, footnotes: notes.list, policy, excluded,
  };
}

// ---------- risk factors --------------------------------------------------------------------------

/** Which patients are cases and which controls. */
export interface GroupContrast {
  /** Restrict to one drug (null = all). */
  drug: string | null;
  caseGroup: DrGroup;
  controlGroup: DrGroup;
}

/** One predictor of the risk-factor table. */
export interface RiskFactorRow {
  id: string;
  label: string;
  /** [[a, b], [c, d]]: rows case group, control group; columns predictor yes, no (the reference layout). */
  counts: [[number, number], [number, number]];
  /** Cases and controls without a value for the predictor. */
  missing: { cases: number; controls: number };
  /** Woolf OR (null: a zero cell without Haldane). */
  oddsRatio: OddsRatio | null;
  fisherP: number | null;
  pearsonP: number | null;
  /** The p shown (Fisher exact, as SPSS prints for 2×2 and as the paper reports). */
  test: TestCell;
}

/** Odds ratios of binary predictors between two groups. */
export interface RiskFactorTable {
  id: 'risk';
  title: string;
  contrast: GroupContrast;
  caseLabel: string;
  controlLabel: string;
  nCases: number;
  nControls: number;
  rows: RiskFactorRow[];
  footnotes: Footnote[];
  haldane: boolean;
}

function contrastOutcome(cohort: CohortTable, c: GroupContrast, dr?: Partial<DrSettings>): (0 | 1 | null)[] {
  const drugs = cohort.categories('drug');
  return cohort.drGroups(dr).map((g, i) => (c.drug !== null && drugs[i] !== c.drug ? null : g === c.caseGroup ? 1 : g === c.controlGroup ? 0 : null));
}

/** Resolves predictor ids (PAPER_PREDICTORS keys) or predictor objects. */
function resolvePredictors(ps: readonly (string | BinaryPredictor)[]): BinaryPredictor[] {
  return ps.map((p) => {
    if (typeof p !== 'string') return p;
    const hit = PAPER_PREDICTORS[p];
    if (!hit) throw new RangeError(`unknown predictor "${p}" (known: ${Object.keys(PAPER_PREDICTORS).join(', ')})`);
    return hit;
  });
}

/** The paper's risk factors of acquired Bz resistance. */
export const PAPER_RISK_CONTRAST: GroupContrast = { drug: 'Bz', caseGroup: 'acquired', controlGroup: 'response' };
export const PAPER_RISK_PREDICTORS: readonly string[] = ['flc_extreme', 'crp_high', 'second_line'];

/** Risk-factor table: OR (Woolf 95% CI) and Fisher p per predictor. */
export function buildRiskFactorTable(cohort: CohortTable, contrast: GroupContrast, predictors: readonly (string | BinaryPredictor)[], opts: TableOptions = {}): RiskFactorTable {
  const notes = new Notes();
  const y = contrastOutcome(cohort, contrast, opts.dr);
  const rows = resolvePredictors(predictors).map((pred): RiskFactorRow => {
    const x = pred.compute(cohort);
    const counts: [[number, number], [number, number]] = [[0, 0], [0, 0]];
    const missing = { cases: 0, controls: 0 };
    y.forEach((yy, i) => {
      if (yy === null) return;
      if (x[i] === null) { if (yy === 1) missing.cases++; else missing.controls++; return; }
      counts[yy === 1 ? 0 : 1][x[i] === 1 ? 0 : 1]++;
    });
    const r = analyzeTable(counts, { haldane: opts.haldane });
    const label = pred.label();
    const ok = r.rowTotals.every((t) => t > 0) && r.colTotals.every((t) => t > 0);
    const d: TestDecision = {
      test: ok ? 'fisher' : null, testLabel: ok ? testName('fisher') : '', p: ok ? r.fisher.p : null,
      statistic: null, df: null, df2: null, notes: ok ? [] : ['too-few-groups'],
      alternatives: [{ test: 'pearson', p: Number.isFinite(r.pearson.p) ? r.pearson.p : null }, { test: 'yates', p: r.yates && Number.isFinite(r.yates.p) ? r.yates.p : null }],
    };
    const cell = testCell(d, notes, label);
    if (r.oddsRatio?.haldane) cell.footnotes.push(notes.add('haldane', 'note', msg('Haldane correction: 0.5 added to every cell of a table with a zero cell.', { id: 'tables.note.haldane' })));
    if (r.oddsRatio === null) cell.footnotes.push(notes.add('zero-cell', 'note', msg('No odds ratio: a cell of the 2×2 table is zero (Haldane correction not applied).', { id: 'tables.note.zeroCell' })));
    return {
      id: pred.id, label, counts, missing, oddsRatio: r.oddsRatio ?? null,
      fisherP: r.fisher.p, pearsonP: Number.isFinite(r.pearson.p) ? r.pearson.p : null, test: cell,
    };
  });
  notes.add('or', 'note', msg('OR: odds ratio (the paper\'s "RR") with Woolf 95% confidence interval.', { id: 'tables.note.or' }));
  return {
    id: 'risk', title: msg('Risk factors', { id: 'tables.title.risk' }), contrast,
    caseLabel: drGroupLabel(contrast.caseGroup), controlLabel: drGroupLabel(contrast.controlGroup),
    nCases: y.filter((v) => v === 1).length, nControls: y.filter((v) => v === 0).length,
    rows, footnotes: notes.list, haldane: opts.haldane ?? false,
  };
}

// ---------- logistic regression -------------------------------------------------------------------

/** One term of the logistic table. */
export interface LogisticRow { term: string; label: string; or: number | null; lower: number | null; upper: number | null; p: number | null; estimate: number | null; se: number | null }

/** A logistic regression of the contrast on several binary predictors. */
export interface LogisticTable {
  id: 'logistic';
  title: string;
  contrast: GroupContrast;
  predictors: string[];
  /** Predictor rows (the intercept is in result.coefficients only). */
  rows: LogisticRow[];
  result: LogisticResult;
  /** Localized warnings (non-convergence, separation, …). */
  warnings: string[];
}

const fin = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** glm(case ~ predictors, family = binomial) on the contrast's patients (complete cases). */
export function buildLogisticTable(cohort: CohortTable, contrast: GroupContrast, predictors: readonly (string | BinaryPredictor)[], opts: TableOptions = {}): LogisticTable {
  const y = contrastOutcome(cohort, contrast, opts.dr);
  const preds = resolvePredictors(predictors);
  const result = logisticRegression(y, preds.map((p) => ({ name: p.id, kind: 'numeric' as const, values: p.compute(cohort) })));
  const labels = new Map(preds.map((p) => [p.id, p.label()]));
  return {
    id: 'logistic', title: msg('Multivariate analysis (logistic regression)', { id: 'tables.title.logistic' }), contrast, predictors: preds.map((p) => p.id),
    rows: result.coefficients.filter((c) => c.predictor !== null).map((c) => ({
      term: c.term, label: labels.get(c.predictor!) ?? c.term, or: fin(c.or), lower: fin(c.orLower), upper: fin(c.orUpper), p: fin(c.p), estimate: fin(c.estimate), se: fin(c.se),
    })),
    result, warnings: result.warnings.map((w) => logisticWarningText(w, result)),
  };
}
