/**
 * Typed access to a cohort: the user's table (cells as text, as src/study/model.ts stores it) read
 * through the column mapping as study fields (src/study/fields.ts).
 *
 * - Numbers: each column is read with the decimal mark its cells use (decided once per column by
 *   inferColumnType: "1,5" is 1.5 in a decimal-comma column); missing markers are null; a cell that
 *   is not a number is null *and* listed in {@link CohortTable.problems} with its line and column,
 *   so the view can show it; {@link CohortTable.requireNumbers} turns the first one into an InputError.
 * - Categories: codes of the registry levels (sex M/F, drug Bz/Thal/Len, line front/second, ISS
 *   I/II/III, Durie–Salmon 1A…3B, best response sCR…PD, isotypes, bone lesions), recognised
 *   case-insensitively and through common English and Chinese synonyms ("male", "男", "bortezomib",
 *   "硼替佐米", "first-line", "二线", "2" for ISS II …). A value that matches no level is kept as its
 *   own text (a user level) rather than dropped.
 * - Binary fields: 1/0, yes/no, true/false, positive/negative, +/−, 是/否, 有/无, 阳性/阴性.
 * - Dates: ISO yyyy-mm-dd, with the column's day/month order inferred (parseDateCell).
 * - DR groups: {@link CohortTable.classify} feeds the rows (keyed by study field, dates as ISO) to
 *   classifyCohort (SPEC §3).
 * - Binary predictors for risk-factor tables, including the paper's thresholds
 *   ({@link PAPER_PREDICTORS}: light-chain ratio ≤ 0.01 or ≥ 100, CRP ≥ 20 mg/L, second-line use,
 *   age ≥ 65, each FISH abnormality, high-risk cytogenetics), and user-made thresholds
 *   ({@link thresholdPredictor}).
 */
import { msg, str } from '@lit/localize';
import { inferColumnType, isMissingCell, parseDateCell, parseNumberCell, type DelimitedTable } from '../formats/delimited.ts';
import { InputError } from '../formats/input-error.ts';
import { classifyCohort, classifyFromGroupColumn, type DrCohortResult, type DrGroup, type DrRow, type DrSettings } from './dr-classification.ts';
import { fieldByKey, STUDY_FIELDS } from './fields.ts';
import { guessMapping } from './mapping.ts';

/** A cohort table as stored (src/study/model.ts CohortData) or as read (DelimitedTable + mapping). */
export interface CohortSource {
  fileName: string;
  columns: readonly string[];
  rows: readonly (readonly string[])[];
  /** 1-based source line of each row. */
  lineOfRow: readonly number[];
  /** study-field key → column name (null or absent = not mapped). */
  mapping: Readonly<Record<string, string | null | undefined>>;
  /**
   * Decimal mark of numeric columns: 'auto' (absent) decides per column (inferColumnType);
   * 'comma' / 'point' are the import wizard's override for the whole file.
   */
  decimalMark?: 'auto' | 'point' | 'comma';
  /** A column that already holds each patient's DR group (SPEC §3); when set, classify() reads it instead of the rules. */
  drGroupColumn?: string | null;
}

/** A cell that could not be read as its field's type. */
export interface CellProblem {
  /** 0-based row index. */
  row: number;
  /** 1-based line in the file. */
  line: number;
  column: string;
  text: string;
  /** Localized explanation. */
  detail: string;
}

const SYNONYMS: Record<string, Record<string, string>> = {
  sex: { m: 'M', male: 'M', man: 'M', men: 'M', '男': 'M', '男性': 'M', f: 'F', female: 'F', woman: 'F', women: 'F', '女': 'F', '女性': 'F' },
  drug: {
    bz: 'Bz', btz: 'Bz', bortezomib: 'Bz', velcade: 'Bz', '硼替佐米': 'Bz', '万珂': 'Bz',
    thal: 'Thal', thd: 'Thal', thalidomide: 'Thal', '沙利度胺': 'Thal', '反应停': 'Thal',
    len: 'Len', lena: 'Len', lenalidomide: 'Len', revlimid: 'Len', '来那度胺': 'Len',
  },
  line: {
    front: 'front', 'front-line': 'front', frontline: 'front', first: 'front', 'first-line': 'front', firstline: 'front', '1': 'front', '1st': 'front', '一线': 'front', '初治': 'front',
    second: 'second', 'second-line': 'second', secondline: 'second', '2': 'second', '2nd': 'second', later: 'second', salvage: 'second', relapsed: 'second', '二线': 'second', '复发': 'second',
  },
  iss_stage: { i: 'I', '1': 'I', ii: 'II', '2': 'II', iii: 'III', '3': 'III' },
};
const ROMAN: Record<string, string> = { I: '1', II: '2', III: '3' };

const BINARY: Record<string, 0 | 1> = {
  '1': 1, yes: 1, y: 1, true: 1, t: 1, positive: 1, pos: 1, '+': 1, '是': 1, '有': 1, '阳性': 1,
  '0': 0, no: 0, n: 0, false: 0, f: 0, negative: 0, neg: 0, '-': 0, '−': 0, '否': 0, '无': 0, '阴性': 0,
};

/** Canonical code of a categorical study-field value (or the trimmed text when it matches no level). */
export function canonicalLevel(field: string, text: string): string {
  const s = text.trim();
  const low = s.toLowerCase().replace(/\s+/g, ' ');
  const syn = SYNONYMS[field]?.[low] ?? SYNONYMS[field]?.[low.replace(/[\s_]/g, '')];
  if (syn) return syn;
  const f = fieldByKey(field);
  if (field === 'ds_stage') {
    const m = /^(iii|ii|i|[123])\s*([ab])$/i.exec(s);
    if (m) return (ROMAN[m[1].toUpperCase()] ?? m[1]) + m[2].toUpperCase();
  }
  if (field === 'iss_stage') {
    const m = /^iss\s*(iii|ii|i|[123])$/i.exec(s);
    if (m) return SYNONYMS.iss_stage[m[1].toLowerCase()];
  }
  const hit = f?.levels?.find((l) => l.toLowerCase() === low);
  return hit ?? s;
}

/** A binary predictor of a risk-factor table or a logistic regression. */
export interface BinaryPredictor {
  /** Stable id (saved in settings, used in exports). */
  id: string;
  /** Localized label ("Light-chain ratio ≤ 0.01 or ≥ 100"). */
  label(): string;
  /** Study fields it reads. */
  fields: readonly string[];
  /** 1 / 0 per patient, null when it cannot be told. */
  compute(c: CohortTable): (0 | 1 | null)[];
}

/** The cohort, read as study fields. */
export class CohortTable {
  readonly source: CohortSource;
  private readonly numberCache = new Map<string, (number | null)[]>();
  private readonly problemCache = new Map<string, CellProblem[]>();

  constructor(source: CohortSource) {
    this.source = source;
  }

  /** A cohort from a freshly read delimited table; the mapping defaults to the automatic guess. */
  static fromDelimited(table: DelimitedTable, mapping?: Record<string, string | null>): CohortTable {
    return new CohortTable({ fileName: table.fileName, columns: table.columns, rows: table.rows, lineOfRow: table.lineOfRow, mapping: mapping ?? guessMapping(table.columns) });
  }

  /** Number of patients (rows). */
  get size(): number {
    return this.source.rows.length;
  }

  /** The column mapped to a study field (exact name, else case-insensitive), or null. */
  columnOf(field: string): string | null {
    const name = this.source.mapping[field];
    if (!name) return null;
    return this.source.columns.includes(name) ? name : this.source.columns.find((c) => c.toLowerCase() === name.toLowerCase()) ?? null;
  }

  /** True when the field is mapped to a column. */
  has(field: string): boolean {
    return this.columnOf(field) !== null;
  }

  private index(field: string): number {
    const c = this.columnOf(field);
    return c === null ? -1 : this.source.columns.indexOf(c);
  }

  /** Raw trimmed cell texts of a field (null for missing cells, or every row when unmapped). */
  text(field: string): (string | null)[] {
    const i = this.index(field);
    return this.source.rows.map((r) => (i < 0 || isMissingCell(r[i] ?? '') ? null : (r[i] ?? '').trim()));
  }

  /** Numbers of a field (null = missing or unreadable; see problems()). */
  numbers(field: string): (number | null)[] {
    const hit = this.numberCache.get(field);
    if (hit) return hit;
    const i = this.index(field);
    const problems: CellProblem[] = [];
    let out: (number | null)[];
    if (i < 0) out = this.source.rows.map(() => null);
    else {
      const cells = this.source.rows.map((r) => r[i] ?? '');
      const info = inferColumnType(cells);
      const mark = this.source.decimalMark;
      const decimalComma = mark === 'comma' ? true : mark === 'point' ? false : info.type === 'number' ? info.decimalComma ?? false : 'auto';
      out = cells.map((t, r) => {
        const v = parseNumberCell(t, { decimalComma });
        if (v.error !== undefined) {
          problems.push({ row: r, line: this.source.lineOfRow[r], column: this.source.columns[i], text: t.trim(), detail: v.error });
          return null;
        }
        return v.value;
      });
    }
    this.numberCache.set(field, out);
    this.problemCache.set(field, problems);
    return out;
  }

  /** Cells of a numeric field that are not numbers (empty when all read). */
  problems(field: string): CellProblem[] {
    this.numbers(field);
    return this.problemCache.get(field) ?? [];
  }

  /** Numbers of a field; the first unreadable cell is an InputError naming file, line and column. */
  requireNumbers(field: string): (number | null)[] {
    const v = this.numbers(field);
    const bad = this.problems(field)[0];
    if (bad) throw new InputError(this.source.fileName, bad.line, bad.column, bad.detail);
    return v;
  }

  /** Canonical category codes of a field (see canonicalLevel). */
  categories(field: string): (string | null)[] {
    return this.text(field).map((t) => (t === null ? null : canonicalLevel(field, t)));
  }

  /** A 0/1 field (null = missing or not a yes/no code). */
  binary(field: string): (0 | 1 | null)[] {
    return this.text(field).map((t) => {
      if (t === null) return null;
      const v = BINARY[t.toLowerCase()];
      if (v !== undefined) return v;
      const n = Number(t);
      return n === 1 ? 1 : n === 0 ? 0 : null;
    });
  }

  /** Dates of a field as ISO yyyy-mm-dd (null = missing or not a date). */
  dates(field: string): (string | null)[] {
    const i = this.index(field);
    if (i < 0) return this.source.rows.map(() => null);
    const cells = this.source.rows.map((r) => r[i] ?? '');
    const info = inferColumnType(cells);
    const order = info.dateOrder ?? 'auto';
    return cells.map((t) => {
      const v = parseDateCell(t, { order });
      return v.error !== undefined ? null : v.value;
    });
  }

  /** Rows keyed by study field, as the DR classifier and the endpoints read them. */
  fieldRows(): DrRow[] {
    const cols: [string, (string | number | null)[]][] = [];
    for (const f of STUDY_FIELDS) {
      if (!this.has(f.key)) continue;
      const v: (string | number | null)[] = f.kind === 'date' ? this.dates(f.key)
        : f.kind === 'number' ? this.numbers(f.key)
          : f.kind === 'category' ? this.categories(f.key)
            : f.kind === 'binary' ? this.binary(f.key).map((x) => (x === null ? null : String(x)))
              : this.text(f.key);
      cols.push([f.key, v]);
    }
    return this.source.rows.map((_, r) => Object.fromEntries(cols.map(([k, v]) => [k, v[r]])));
  }

  /** The mapped DR group column (exact name, else case-insensitive), or null. */
  drGroupColumn(): string | null {
    const name = this.source.drGroupColumn;
    if (!name) return null;
    return this.source.columns.includes(name) ? name : this.source.columns.find((c) => c.toLowerCase() === name.toLowerCase()) ?? null;
  }

  /**
   * DR classification of every patient (SPEC §3): by the rules, or read from the mapped DR group
   * column when there is one (classifyFromGroupColumn).
   */
  classify(settings: Partial<DrSettings> = {}): DrCohortResult {
    const gc = this.drGroupColumn();
    if (gc) {
      const j = this.source.columns.indexOf(gc);
      const ids = this.text('patient_id');
      const drugs = this.categories('drug');
      return classifyFromGroupColumn(this.source.rows.map((r, i) => ({ patientId: ids[i], drug: drugs[i], group: r[j] ?? null })), settings);
    }
    return classifyCohort(this.fieldRows(), settings);
  }

  /** Each patient's DR group ('unclassified' included). */
  drGroups(settings: Partial<DrSettings> = {}): (DrGroup | 'unclassified')[] {
    return this.classify(settings).patients.map((p) => p.group);
  }

  /** A derived number per patient: 'lym_mono_ratio' (lymphocytes/monocytes) or 'cd4_cd8_ratio'. */
  derived(id: DerivedId): (number | null)[] {
    const [a, b] = DERIVED[id];
    const x = this.numbers(a);
    const y = this.numbers(b);
    return x.map((v, i) => (v === null || y[i] === null || y[i] === 0 ? null : v / y[i]!));
  }
}

/** Ratios the paper's Tables 2–3 print. */
export type DerivedId = 'lym_mono_ratio' | 'cd4_cd8_ratio';
const DERIVED: Record<DerivedId, [string, string]> = { lym_mono_ratio: ['lymphocytes', 'monocytes'], cd4_cd8_ratio: ['cd4', 'cd8'] };

/** Localized label of a derived ratio. */
export function derivedLabel(id: DerivedId): string {
  return id === 'lym_mono_ratio' ? msg('Lymphocyte/monocyte ratio', { id: 'tables.derived.lymMono' }) : msg('CD4/CD8', { id: 'tables.derived.cd4cd8' });
}

/** A threshold condition on a numeric field. */
export interface Threshold { op: '<' | '<=' | '>' | '>='; value: number }

const holds = (x: number, t: Threshold): boolean => (t.op === '<' ? x < t.value : t.op === '<=' ? x <= t.value : t.op === '>' ? x > t.value : x >= t.value);

/**
 * A predictor that is 1 when a numeric field meets any of the conditions (e.g. light-chain ratio
 * ≤ 0.01 OR ≥ 100), 0 when it meets none, null when the value is missing.
 */
export function thresholdPredictor(id: string, field: string, conditions: readonly Threshold[], label?: () => string): BinaryPredictor {
  const text = (): string => {
    const f = fieldByKey(field);
    const name = f ? f.label() : field;
    const conds = conditions.map((c) => `${c.op.replace('<=', '≤').replace('>=', '≥')} ${c.value}`).join(msg(' or ', { id: 'tables.or' }));
    return `${name} ${conds}${f?.unit ? ' ' + f.unit : ''}`;
  };
  return {
    id, fields: [field], label: label ?? text,
    compute: (c) => c.numbers(field).map((v) => (v === null ? null : conditions.some((t) => holds(v, t)) ? 1 : 0)),
  };
}

/** A predictor that is 1 when a categorical field has one of the given codes. */
export function levelPredictor(id: string, field: string, codes: readonly string[], label: () => string): BinaryPredictor {
  return { id, fields: [field], label, compute: (c) => c.categories(field).map((v) => (v === null ? null : codes.includes(v) ? 1 : 0)) };
}

/** A binary study field as a predictor. */
export function binaryFieldPredictor(field: string): BinaryPredictor {
  return { id: field, fields: [field], label: () => fieldByKey(field)?.label() ?? field, compute: (c) => c.binary(field) };
}

/** The FISH abnormalities that make cytogenetics high-risk here: 1q21 gain, 1p deletion, TP53/17p deletion, t(4;14), t(14;16). */
export const HIGH_RISK_FISH = ['fish_1q21_gain', 'fish_1p_del', 'fish_tp53_del', 'fish_t4_14', 'fish_t14_16'] as const;
/** Every FISH field, in the paper's Table 4 order. */
export const FISH_FIELDS = ['fish_1q21_gain', 'fish_1p_del', 'fish_13q_del', 'fish_tp53_del', 'fish_t4_14', 'fish_t11_14', 'fish_t14_16'] as const;

/**
 * High-risk cytogenetics: 1 when any high-risk abnormality is present; 0 when at least one of them
 * was tested and none is present; null when none was tested.
 */
export const highRiskCytogenetics: BinaryPredictor = {
  id: 'high_risk_cytogenetics',
  fields: HIGH_RISK_FISH,
  label: () => msg('High-risk cytogenetics', { id: 'tables.predictor.highRisk' }),
  compute: (c) => {
    const cols = HIGH_RISK_FISH.map((f) => c.binary(f));
    return Array.from({ length: c.size }, (_, i) => {
      const v = cols.map((col) => col[i]);
      return v.includes(1) ? 1 : v.some((x) => x === 0) ? 0 : null;
    });
  },
};

/** The paper's predictors (risk factors of acquired Bz resistance, Table 4, and Table 1 cut-offs). */
export const PAPER_PREDICTORS: Readonly<Record<string, BinaryPredictor>> = {
  flc_extreme: thresholdPredictor('flc_extreme', 'flc_ratio', [{ op: '<=', value: 0.01 }, { op: '>=', value: 100 }],
    () => msg('Light-chain ratio ≤ 0.01 or ≥ 100', { id: 'tables.predictor.flcExtreme' })),
  crp_high: thresholdPredictor('crp_high', 'crp', [{ op: '>=', value: 20 }], () => msg('CRP ≥ 20 mg/L', { id: 'tables.predictor.crpHigh' })),
  second_line: levelPredictor('second_line', 'line', ['second'], () => msg('Second-line use', { id: 'tables.predictor.secondLine' })),
  age_65: thresholdPredictor('age_65', 'age', [{ op: '>=', value: 65 }], () => msg('Age ≥ 65 years', { id: 'tables.predictor.age65' })),
  high_risk_cytogenetics: highRiskCytogenetics,
  ...Object.fromEntries(FISH_FIELDS.map((f) => [f, binaryFieldPredictor(f)])),
};

/** Localized summary of unreadable cells of a field ("3 cells of "CRP" are not numbers; first: line 12"). */
export function problemsText(field: string, problems: readonly CellProblem[]): string {
  const name = fieldByKey(field)?.label() ?? field;
  const first = problems[0];
  return msg(str`${problems.length} cells of "${name}" could not be read (first: line ${first?.line ?? '–'}, "${first?.text ?? ''}")`, { id: 'tables.unreadableCells' });
}
