/**
 * The Tables view's settings (persisted in study.settings.tables): which table, the test policy
 * and p style, the drug of Tables 2–3, the contrast and predictors of the risk factors and the
 * logistic regression, the table builder's spec, and the survival rows. Anything missing or
 * malformed in storage takes its default (the paper's choices).
 */
import type { PStyle } from '../../stats/p-format.ts';
import type { TestPolicy } from '../../stats/test-policy.ts';
import { DR_GROUPS, type DrGroup } from '../../study/dr-classification.ts';
import { PAPER_RISK_CONTRAST, PAPER_RISK_PREDICTORS, type GroupContrast } from '../../study/paper-tables.ts';
import { SUPPLEMENTARY_S1, type BuilderSpec } from '../../study/table-builder.ts';
import { DEFAULT_SURVIVAL_ROWS, type SurvivalRowOptions } from '../../study/table-survival.ts';

/** The tables of the view, in tab order. */
export const TABLE_CHOICES = ['table1', 'drug', 'table4', 'risk', 'logistic', 'builder'] as const;
export type TableChoice = (typeof TABLE_CHOICES)[number];

/** Every setting of the Tables view. */
export interface TablesSettings {
  table: TableChoice;
  policy: TestPolicy;
  pStyle: PStyle;
  /** Tables 2–3: the drug. */
  drug: string;
  /** Table 4: one drug, or '' for all. */
  table4Drug: string;
  /** Survival rows on Table 1, Tables 2–3 and the builder. */
  survivalRows: boolean;
  survivalEstimate: SurvivalRowOptions['estimate'];
  risk: GroupContrast & { predictors: string[]; haldane: boolean };
  logistic: GroupContrast & { predictors: string[] };
  /** Threshold predictors the user made ('thr:<field>:<op>:<value>'), offered beside the paper's. */
  customPredictors: string[];
  builder: BuilderSpec;
}

/** The paper's choices. */
export const DEFAULT_TABLES_SETTINGS: TablesSettings = {
  table: 'table1', policy: 'spss', pStyle: 'journal', drug: 'Bz', table4Drug: '',
  survivalRows: true, survivalEstimate: DEFAULT_SURVIVAL_ROWS.estimate,
  risk: { ...PAPER_RISK_CONTRAST, predictors: [...PAPER_RISK_PREDICTORS], haldane: false },
  logistic: { ...PAPER_RISK_CONTRAST, predictors: ['flc_extreme', 'second_line'] },
  customPredictors: [],
  builder: SUPPLEMENTARY_S1,
};

const oneOf = <T extends string>(v: unknown, allowed: readonly T[], d: T): T => (allowed.includes(v as T) ? (v as T) : d);
const strs = (v: unknown, d: string[]): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : d);
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' ? v as Record<string, unknown> : {});

function contrast(raw: unknown, d: GroupContrast): GroupContrast {
  const r = obj(raw);
  const caseGroup = oneOf<DrGroup>(r.caseGroup, DR_GROUPS, d.caseGroup);
  let controlGroup = oneOf<DrGroup>(r.controlGroup, DR_GROUPS, d.controlGroup);
  if (controlGroup === caseGroup) controlGroup = DR_GROUPS.find((g) => g !== caseGroup)!;
  return { drug: typeof r.drug === 'string' ? r.drug : r.drug === null ? null : d.drug, caseGroup, controlGroup };
}

/** Settings read back from storage. */
export function normalizeTablesSettings(raw: unknown): TablesSettings {
  const d = DEFAULT_TABLES_SETTINGS;
  const r = obj(raw);
  const risk = obj(r.risk);
  const lg = obj(r.logistic);
  const b = obj(r.builder);
  return {
    table: oneOf(r.table, TABLE_CHOICES, d.table),
    policy: oneOf(r.policy, ['spss', 'automatic'] as const, d.policy),
    pStyle: oneOf(r.pStyle, ['journal', 'spss'] as const, d.pStyle),
    drug: typeof r.drug === 'string' && r.drug ? r.drug : d.drug,
    table4Drug: typeof r.table4Drug === 'string' ? r.table4Drug : d.table4Drug,
    survivalRows: typeof r.survivalRows === 'boolean' ? r.survivalRows : d.survivalRows,
    survivalEstimate: oneOf(r.survivalEstimate, ['mean', 'median'] as const, d.survivalEstimate),
    risk: { ...contrast(risk, d.risk), predictors: strs(risk.predictors, d.risk.predictors), haldane: risk.haldane === true },
    logistic: { ...contrast(lg, d.logistic), predictors: strs(lg.predictors, d.logistic.predictors) },
    customPredictors: strs(r.customPredictors, []).filter((x) => x.startsWith('thr:')),
    builder: {
      grouping: typeof b.grouping === 'string' && b.grouping ? b.grouping : d.builder.grouping,
      filters: Array.isArray(b.filters)
        ? b.filters.map(obj).filter((f) => typeof f.key === 'string').map((f) => ({ key: f.key as string, values: strs(f.values, []) }))
        : d.builder.filters,
      rows: strs(b.rows, d.builder.rows),
      display: oneOf(b.display, ['mean-sd', 'median-range'] as const, d.builder.display),
    },
  };
}
