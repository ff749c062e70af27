/**
 * The table builder (SPEC §5): beyond the paper's four tables, any grouping variable, any subset
 * of patients and any rows — e.g. the paper's Supplementary Table S1, 1q21 gain vs none within de
 * novo DR, with cholesterol and LDL-C. Built with the same row builders, tests, policies and
 * footnotes as Tables 1–4 (src/study/paper-tables.ts), so a p here means what it means there.
 *
 * Variable keys (one string, so a <select> can hold them; the Survival view uses the same forms):
 * - 'dr'              the DR group (SPEC §3; unclassified patients have none);
 * - 'field:<key>'     a mapped study field (categorical, yes/no or numeric);
 * - 'col:<name>'      a column that maps to no study field (a user variable);
 * - 'derived:<id>'    a ratio of Tables 2–3 (lymphocyte/monocyte, CD4/CD8);
 * - 'pred:<id>'       a yes/no predictor (the paper's thresholds, FISH, 'thr:<field>:<op>:<value>').
 *
 * Pure and DOM-free; runs in the worker.
 */
import { msg, str } from '@lit/localize';
import { inferColumnType, isMissingCell, parseNumberCell } from '../formats/delimited.ts';
import type { TestPolicy } from '../stats/test-policy.ts';
import { sortLevels } from '../stats/km.ts';
import { CohortTable, PAPER_PREDICTORS, binaryFieldPredictor, derivedLabel, levelPredictor, thresholdPredictor, type BinaryPredictor, type DerivedId, type Threshold } from './cohort-table.ts';
import { DR_GROUPS, drGroupLabel, type DrSettings } from './dr-classification.ts';
import { fieldByKey, STUDY_FIELDS, DRUGS } from './fields.ts';
import {
  Notes, bin, categoricalRow, continuousRow, drugLabel, lv, yesNo,
  type LevelSpec, type PaperTable, type PaperTableRow, type TableColumn,
} from './paper-tables.ts';

/** Most levels a categorical variable may have to be a grouping, a filter or a row. */
export const MAX_BUILDER_LEVELS = 20;

/** A subset condition: the patient's value of `key` is one of `values`. */
export interface BuilderFilter { key: string; values: string[] }

/** What the table builder makes. */
export interface BuilderSpec {
  /** Grouping variable (columns of the table). */
  grouping: string;
  /** Only patients meeting every condition. */
  filters: BuilderFilter[];
  /** Row variables, in order. */
  rows: string[];
  /** How continuous rows are shown. */
  display: 'mean-sd' | 'median-range';
}

/** The paper's Supplementary Table S1: 1q21 gain vs none within de novo DR (cholesterol, LDL-C and the lipids beside them). */
export const SUPPLEMENTARY_S1: BuilderSpec = {
  grouping: 'field:fish_1q21_gain',
  filters: [{ key: 'dr', values: ['denovo'] }],
  rows: ['field:age', 'field:triglyceride', 'field:cholesterol', 'field:hdl_c', 'field:ldl_c', 'field:glucose'],
  display: 'mean-sd',
};

/** One value a categorical variable takes, and how it is shown. */
export interface VariableLevel { value: string; label: string; count: number }

/** A variable the builder offers. */
export interface VariableInfo {
  key: string;
  label: string;
  kind: 'category' | 'number';
  /** Where it comes from, for grouping the choices. */
  group: 'dr' | 'field' | 'user' | 'derived' | 'predictor';
  /** Categorical variables: the values present (at most MAX_BUILDER_LEVELS). */
  levels?: VariableLevel[];
}

/** A variable read per patient. */
interface Reader {
  label: string;
  kind: 'category' | 'number';
  /** Categorical: value per patient (null = none). */
  values?: (string | null)[];
  /** Numeric: number per patient. */
  numbers?: (number | null)[];
  levels?: LevelSpec[];
  unit?: string | null;
}

/** A predictor from its id: a paper predictor, 'thr:<field>:<op>:<value>', 'bin:<field>' or 'level:<field>:<code>'. */
export function predictorFromId(id: string): BinaryPredictor | null {
  if (PAPER_PREDICTORS[id]) return PAPER_PREDICTORS[id];
  const [kind, field, a, b] = id.split(':');
  if (kind === 'thr' && field && ['<', '<=', '>', '>='].includes(a) && b !== undefined && Number.isFinite(Number(b))) {
    return thresholdPredictor(id, field, [{ op: a as Threshold['op'], value: Number(b) }]);
  }
  if (kind === 'bin' && field) return binaryFieldPredictor(field);
  if (kind === 'level' && field && a !== undefined) {
    return levelPredictor(id, field, [a], () => `${fieldByKey(field)?.label() ?? field} = ${a}`);
  }
  return null;
}

/** Localized label of a variable key ('' when unknown). */
export function variableLabel(key: string): string {
  if (key === 'dr') return msg('DR group', { id: 'tables.var.dr' });
  if (key.startsWith('field:')) return fieldByKey(key.slice(6))?.label() ?? key.slice(6);
  if (key.startsWith('col:')) return key.slice(4);
  if (key.startsWith('derived:')) return derivedLabel(key.slice(8) as DerivedId);
  if (key.startsWith('pred:')) return predictorFromId(key.slice(5))?.label() ?? key.slice(5);
  return key;
}

function categoryLevels(field: string, values: readonly (string | null)[]): LevelSpec[] {
  const present = new Set(values.filter((v): v is string => v !== null));
  const f = fieldByKey(field);
  const known = ((f?.levels ?? []) as readonly string[]).filter((l) => present.has(l));
  const rest = sortLevels([...present].filter((l) => !known.includes(l)));
  const label = (v: string) => {
    if (field === 'sex') return v === 'M' ? msg('Male', { id: 'tables.sex.M' }) : v === 'F' ? msg('Female', { id: 'tables.sex.F' }) : v;
    if (field === 'drug') return drugLabel(v);
    if (field === 'line') return v === 'front' ? msg('Front-line therapy', { id: 'tables.line.front' }) : v === 'second' ? msg('Second-line therapy', { id: 'tables.line.second' }) : v;
    return v;
  };
  return [...known, ...rest].map((v) => lv(v, label(v)));
}

/** Reads a variable per patient; null when the key names nothing in this cohort. */
function reader(c: CohortTable, key: string, dr: Partial<DrSettings> | undefined): Reader | null {
  const label = variableLabel(key);
  if (key === 'dr') {
    const g = c.drGroups(dr).map((x) => (x === 'unclassified' ? null : x));
    return { label, kind: 'category', values: g, levels: DR_GROUPS.filter((x) => g.includes(x)).map((x) => lv(x, drGroupLabel(x))) };
  }
  if (key.startsWith('field:')) {
    const f = fieldByKey(key.slice(6));
    if (!f || !c.has(f.key) || f.kind === 'id' || f.kind === 'date') return null;
    if (f.kind === 'number') return { label, kind: 'number', numbers: c.numbers(f.key), unit: f.unit ?? null };
    if (f.kind === 'binary') return { label, kind: 'category', values: bin(c.binary(f.key)), levels: yesNo() };
    const values = c.categories(f.key);
    return { label, kind: 'category', values, levels: categoryLevels(f.key, values) };
  }
  if (key.startsWith('col:')) {
    const name = key.slice(4);
    const j = c.source.columns.indexOf(name);
    if (j < 0) return null;
    const cells = c.source.rows.map((r) => (r[j] ?? '').trim());
    const info = inferColumnType(cells);
    if (info.type === 'number') {
      const mark = c.source.decimalMark;
      const dc = mark === 'comma' ? true : mark === 'point' ? false : info.decimalComma ?? false;
      return { label, kind: 'number', numbers: cells.map((t) => { const v = parseNumberCell(t, { decimalComma: dc }); return v.error !== undefined ? null : v.value; }), unit: null };
    }
    const values = cells.map((t) => (isMissingCell(t) ? null : t));
    return { label, kind: 'category', values, levels: sortLevels([...new Set(values.filter((v): v is string => v !== null))]).map((v) => lv(v, v)) };
  }
  if (key.startsWith('derived:')) {
    const id = key.slice(8) as DerivedId;
    if (id !== 'lym_mono_ratio' && id !== 'cd4_cd8_ratio') return null;
    return { label, kind: 'number', numbers: c.derived(id), unit: null };
  }
  if (key.startsWith('pred:')) {
    const p = predictorFromId(key.slice(5));
    if (!p || !p.fields.some((f) => c.has(f))) return null;
    return { label, kind: 'category', values: bin(p.compute(c)), levels: yesNo() };
  }
  return null;
}

/** Every variable the builder can use on this cohort (for the view's choices). */
export function builderVariables(c: CohortTable, dr?: Partial<DrSettings>): VariableInfo[] {
  const out: VariableInfo[] = [];
  const info = (key: string, group: VariableInfo['group']) => {
    const r = reader(c, key, dr);
    if (!r) return;
    if (r.kind === 'number') { out.push({ key, label: r.label, kind: 'number', group }); return; }
    const levels = (r.levels ?? []).map((l) => ({ value: l.key, label: l.label, count: r.values!.filter((v) => l.members.includes(v ?? '\u0000')).length }))
      .filter((l) => l.count > 0);
    if (levels.length === 0 || levels.length > MAX_BUILDER_LEVELS) return;
    out.push({ key, label: r.label, kind: 'category', group, levels });
  };
  if (c.drGroupColumn() || (c.has('best_response') && c.has('prior_same_drug'))) info('dr', 'dr');
  for (const f of STUDY_FIELDS) if (c.has(f.key)) info(`field:${f.key}`, 'field');
  const mapped = new Set(STUDY_FIELDS.map((f) => c.columnOf(f.key)).filter((x): x is string => x !== null));
  const gc = c.drGroupColumn();
  for (const col of c.source.columns) if (!mapped.has(col) && col !== gc) info(`col:${col}`, 'user');
  for (const d of ['lym_mono_ratio', 'cd4_cd8_ratio']) info(`derived:${d}`, 'derived');
  for (const id of Object.keys(PAPER_PREDICTORS)) if (!id.startsWith('fish_')) info(`pred:${id}`, 'predictor');
  return out;
}

/** The builder's result: a paper-style table and each patient's column (−1 = not in the table). */
export interface BuiltTable { table: PaperTable; col: number[] }

/** Builds a custom table (see the module note). Throws RangeError (localized) when the spec cannot work on this cohort. */
export function buildCustomTable(c: CohortTable, spec: BuilderSpec, opts: { policy?: TestPolicy; dr?: Partial<DrSettings> } = {}): BuiltTable {
  const policy = opts.policy ?? 'spss';
  const notes = new Notes();
  const g = reader(c, spec.grouping, opts.dr);
  if (!g || g.kind !== 'category') throw new RangeError(msg(str`"${variableLabel(spec.grouping)}" cannot group patients in this cohort: choose a categorical variable.`, { id: 'tables.builder.badGrouping' }));
  // the subset
  const keep = new Array<boolean>(c.size).fill(true);
  const filterText: string[] = [];
  for (const f of spec.filters) {
    if (f.values.length === 0) continue;
    const r = reader(c, f.key, opts.dr);
    if (!r || r.kind !== 'category') throw new RangeError(msg(str`"${variableLabel(f.key)}" cannot select patients: choose a categorical variable.`, { id: 'tables.builder.badFilter' }));
    r.values!.forEach((v, i) => { if (v === null || !f.values.some((x) => (r.levels?.find((l) => l.key === x)?.members ?? [x]).includes(v))) keep[i] = false; });
    const names = f.values.map((x) => r.levels?.find((l) => l.key === x)?.label ?? x);
    filterText.push(`${r.label}: ${names.join(', ')}`);
  }
  const levels = (g.levels ?? []).filter((l) => g.values!.some((v, i) => keep[i] && v !== null && l.members.includes(v)));
  const col = g.values!.map((v, i) => (!keep[i] || v === null ? -1 : levels.findIndex((l) => l.members.includes(v))));
  const columns: TableColumn[] = levels.map((l, j) => ({ key: l.key, label: l.label, n: col.filter((x) => x === j).length }));
  const nCols = columns.length;
  const rows: PaperTableRow[] = [];
  for (const key of spec.rows) {
    if (key === spec.grouping) continue;
    const r = reader(c, key, opts.dr);
    if (!r) continue;
    if (r.kind === 'number') {
      rows.push(continuousRow(key, r.label, r.unit ?? null, spec.display, r.numbers!, col, columns, policy, notes));
    } else {
      if ((r.levels?.length ?? 0) > MAX_BUILDER_LEVELS) continue;
      rows.push(categoricalRow(key, r.label, r.levels ?? [], r.values!, col, nCols, policy, notes));
    }
  }
  const subset = keep.filter(Boolean).length;
  const noGroup = g.values!.filter((v, i) => keep[i] && v === null).length;
  const title = filterText.length
    ? msg(str`By ${g.label}, patients with ${filterText.join('; ')}`, { id: 'tables.builder.titleFiltered' })
    : msg(str`By ${g.label}`, { id: 'tables.builder.title' });
  return {
    col,
    table: {
      id: 'custom', title, drug: null, columns, total: { key: 'all', label: msg('All', { id: 'tables.all' }), n: columns.reduce((a, x) => a + x.n, 0) },
      rows, footnotes: notes.list, policy,
      excluded: [
        ...(c.size - subset > 0 ? [{ reason: 'other-drug' as const, count: c.size - subset, text: msg(str`${c.size - subset} patients outside the chosen subset are not in this table.`, { id: 'tables.builder.outside' }) }] : []),
        ...(noGroup > 0 ? [{ reason: 'unclassified' as const, count: noGroup, text: msg(str`${noGroup} patients of the subset have no value for ${g.label} and are left out.`, { id: 'tables.builder.noGroup' }) }] : []),
      ],
    },
  };
}

/** The drugs in the cohort in the study's order (codes). */
export function cohortDrugs(c: CohortTable): string[] {
  if (!c.has('drug')) return [];
  const present = new Set(c.categories('drug').filter((d): d is string => d !== null));
  return [...DRUGS.filter((d) => present.has(d)), ...sortLevels([...present].filter((d) => !(DRUGS as readonly string[]).includes(d)))];
}
