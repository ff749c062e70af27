/**
 * Worker tasks of the clinical cohort (issue 3): the import wizard's preview and import (parsing,
 * episode aggregation, validation report), the Cohort tab's DR classification summary, and every
 * table of the Tables view — Table 1, Tables 2–3, Table 4, risk factors, logistic regression and
 * the table builder, with survival rows fitted through the Survival view's own task (kmAnalysis),
 * so a number in a table equals the Survival view's.
 *
 * Each task that returns words takes the page's locale (src/worker/locale.ts). Cohorts cross as
 * the stored CohortData (text cells), read through CohortTable here.
 */
import type { Kernels } from '../../kernels/kernels.ts';
import type { CohortData } from '../../study/model.ts';
import { CohortTable } from '../../study/cohort-table.ts';
import { importCohortFile, previewCohortFile, type CohortImportOptions, type CohortPreview, type ImportedCohort, type ImportMapping, type ValidationReport } from '../../study/cohort-import.ts';
import { DEFAULT_DR_SETTINGS, type DrCounts, type DrGroup, type DrSettings, type DrBasis } from '../../study/dr-classification.ts';
import {
  buildDrugTable, buildLogisticTable, buildRiskFactorTable, buildTable1, buildTable4,
  type GroupContrast, type LogisticTable, type PaperTable, type RiskFactorTable,
} from '../../study/paper-tables.ts';
import { buildCustomTable, builderVariables, cohortDrugs, predictorFromId, type BuilderSpec, type VariableInfo } from '../../study/table-builder.ts';
import { osInput, timeToDr, type OsCell, type SurvivalRowOptions, type SurvivalRows } from '../../study/table-survival.ts';
import { fieldByKey, type FieldSection } from '../../study/fields.ts';
import { PAPER_PREDICTORS, type BinaryPredictor } from '../../study/cohort-table.ts';
import { drugLabel } from '../../study/paper-tables.ts';
import type { TestPolicy } from '../../stats/test-policy.ts';
import { zFor } from '../../stats/km.ts';
import { survivalApi } from './survival-api.ts';
import { useLocale } from '../locale.ts';

/** The Cohort tab's DR classification summary. */
export interface DrSummary {
  /** False when neither the rule fields (best response, prior exposure) nor a DR group column are mapped. */
  canClassify: boolean;
  /** Localized labels of the fields the rules need that are not mapped. */
  missingFields: string[];
  fromColumn: string | null;
  settings: DrSettings;
  counts: DrCounts;
  totals: Record<DrGroup | 'unclassified', number>;
  /** Per row: group and the criterion behind it. */
  groups: (DrGroup | 'unclassified')[];
  basis: (DrBasis | null)[];
  /** The unclassified patients, with their line in the file and the reason. */
  unclassified: { row: number; line: number | null; patientId: string; drug: string; reason: string }[];
}

/** Everything the Cohort and Tables views need to offer choices. */
export interface CohortOverview {
  dr: DrSummary;
  /** Drugs in the cohort: code and localized name. */
  drugs: { code: string; label: string }[];
  /** Variables for the table builder. */
  variables: VariableInfo[];
  /** Predictors for risk factors and the logistic regression (those the cohort can compute). */
  predictors: { id: string; label: string; section: FieldSection | 'paper' }[];
  /** Numeric study fields mapped, for threshold predictors. */
  numericFields: { key: string; label: string; unit: string | null }[];
}

/** A table the Tables view asks for. */
export type TableRequest =
  | { kind: 'table1' }
  | { kind: 'drug'; drug: string }
  | { kind: 'table4'; drug: string | null }
  | { kind: 'risk'; contrast: GroupContrast; predictors: string[]; haldane: boolean }
  | { kind: 'logistic'; contrast: GroupContrast; predictors: string[] }
  | { kind: 'custom'; spec: BuilderSpec };

/** Options every table request carries. */
export interface TableRequestOptions {
  policy: TestPolicy;
  dr?: Partial<DrSettings>;
  /** Survival rows (Table 1, Tables 2–3 and the builder); null = none. */
  survival: SurvivalRowOptions | null;
}

/** A computed table. */
export type TableResult =
  | { kind: 'paper'; table: PaperTable; survival: SurvivalRows | null; elapsedMs: number }
  | { kind: 'risk'; table: RiskFactorTable; elapsedMs: number }
  | { kind: 'logistic'; table: LogisticTable; elapsedMs: number; /** Patients in the compared groups (cases and controls), with or without predictor values. */ inContrast: number };

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

function resolvePredictors(ids: readonly string[]): BinaryPredictor[] {
  return ids.map((id) => {
    const p = predictorFromId(id);
    if (!p) throw new RangeError(`unknown predictor "${id}"`);
    return p;
  });
}

/** Worker tasks of the clinical cohort (see the module note). */
export function cohortApi(kernels: () => Kernels) {
  const survival = survivalApi(kernels);

  async function survivalRows(c: CohortData, t: CohortTable, col: readonly number[], keys: readonly string[], o: SurvivalRowOptions, dr?: Partial<DrSettings>): Promise<SurvivalRows> {
    const out: SurvivalRows = { os: null, timeToDr: null };
    if (o.os && t.has('date_diagnosis') && (t.has('date_last_followup') || t.has('date_death'))) {
      const inp = osInput(c, t, col, keys);
      const cell = (key: string, g: { n: number; events: number; median: number | null; medianLower: number | null; medianUpper: number | null; rmeanIndividual: number; rmeanIndividualSe: number } | undefined): OsCell => {
        if (!g) return { key, n: 0, events: 0, estimate: null, lower: null, upper: null };
        if (o.estimate === 'median') return { key, n: g.n, events: g.events, estimate: g.median, lower: g.medianLower, upper: g.medianUpper };
        const z = zFor(0.95);
        const ok = Number.isFinite(g.rmeanIndividual);
        const se = Number.isFinite(g.rmeanIndividualSe) ? g.rmeanIndividualSe : NaN;
        return { key, n: g.n, events: g.events, estimate: ok ? g.rmeanIndividual : null, lower: ok && Number.isFinite(se) ? g.rmeanIndividual - z * se : null, upper: ok && Number.isFinite(se) ? g.rmeanIndividual + z * se : null };
      };
      if (inp.time.length > 0) {
        const levels = keys.filter((k) => inp.group.includes(k));
        const opts = { confType: 'log' as const, medianRule: 'r' as const, times: [] };
        const byGroup = await survival.kmAnalysis({ time: Float64Array.from(inp.time), event: Uint8Array.from(inp.event), group: inp.group, levels, strata: null }, opts);
        const all = await survival.kmAnalysis({ time: Float64Array.from(inp.time), event: Uint8Array.from(inp.event), group: null, levels: ['all'], strata: null }, opts);
        const lr = byGroup.tests?.find((x) => x.weights === 'logrank') ?? null;
        out.os = {
          estimate: o.estimate, cells: keys.map((k) => cell(k, byGroup.groups.find((g) => g.name === k))), all: cell('all', all.groups[0]),
          p: lr?.p ?? null, chisq: lr ? lr.chisq : null, df: lr ? lr.df : null, excluded: inp.excluded,
        };
      } else {
        out.os = { estimate: o.estimate, cells: keys.map((k) => cell(k, undefined)), all: cell('all', undefined), p: null, chisq: null, df: null, excluded: inp.excluded };
      }
    }
    if (o.timeToDr && t.has('date_regimen_start') && t.has('date_progression')) out.timeToDr = timeToDr(t, col, keys, dr);
    return out;
  }

  return {
    /** Wizard step 1: the file read with the chosen options, the column types and the mapping guesses. Throws InputError text. */
    async previewCohortFile(bytes: ArrayBuffer, fileName: string, options: Partial<CohortImportOptions>, locale?: string): Promise<CohortPreview> {
      await useLocale(locale);
      return previewCohortFile(new Uint8Array(bytes), fileName, options);
    },

    /** Wizard step 3: the cohort under the confirmed mapping and its validation report. */
    async importCohortFile(bytes: ArrayBuffer, fileName: string, options: Partial<CohortImportOptions>, mapping: ImportMapping, dr: Partial<DrSettings> | undefined, locale?: string):
      Promise<{ cohort: ImportedCohort; report: ValidationReport }> {
      await useLocale(locale);
      return importCohortFile(new Uint8Array(bytes), fileName, options, mapping, { dr });
    },

    /** The DR classification summary and the choices of the Tables view. */
    async cohortOverview(c: CohortData, dr: Partial<DrSettings> | undefined, locale?: string): Promise<CohortOverview> {
      await useLocale(locale);
      const t = new CohortTable(c);
      const settings: DrSettings = { ...DEFAULT_DR_SETTINGS, ...(dr ?? {}) };
      const fromColumn = t.drGroupColumn();
      const need = ['best_response', 'prior_same_drug'].filter((k) => !t.has(k));
      const canClassify = fromColumn !== null || need.length === 0;
      const r = t.classify(settings);
      const summary: DrSummary = {
        canClassify, missingFields: need.map((k) => fieldByKey(k)?.label() ?? k), fromColumn, settings,
        counts: r.counts, totals: r.totals, groups: r.patients.map((p) => p.group), basis: r.patients.map((p) => p.basis),
        unclassified: canClassify ? r.unclassified.map((u) => ({ row: u.index, line: c.lineOfRow[u.index] ?? null, patientId: u.patientId, drug: u.drug, reason: u.text })) : [],
      };
      const predictors: CohortOverview['predictors'] = [];
      for (const [id, p] of Object.entries(PAPER_PREDICTORS)) {
        if (p.fields.some((f) => t.has(f))) predictors.push({ id, label: p.label(), section: id.startsWith('fish_') || id === 'high_risk_cytogenetics' ? 'genetics' : 'paper' });
      }
      const numericFields = (['age', 'flc_ratio', 'crp', 'hb', 'albumin', 'creatinine', 'b2m', 'ldh', 'calcium', 'platelets', 'il6', 'cholesterol', 'ldl_c', 'ferritin', 'esr'] as const)
        .filter((k) => t.has(k)).map((k) => ({ key: k, label: fieldByKey(k)!.label(), unit: fieldByKey(k)!.unit ?? null }));
      return {
        dr: summary, drugs: cohortDrugs(t).map((code) => ({ code, label: drugLabel(code) })),
        variables: builderVariables(t, settings), predictors, numericFields,
      };
    },

    /** One table of the Tables view (see TableRequest), with its survival rows when asked. */
    async cohortTable(c: CohortData, req: TableRequest, o: TableRequestOptions, locale?: string): Promise<TableResult> {
      await useLocale(locale);
      const t0 = now();
      const t = new CohortTable(c);
      const opts = { policy: o.policy, dr: o.dr };
      const paper = async (table: PaperTable, col: number[] | null): Promise<TableResult> => {
        const surv = o.survival && col ? await survivalRows(c, t, col, table.columns.map((x) => x.key), o.survival, o.dr) : null;
        return { kind: 'paper', table, survival: surv, elapsedMs: now() - t0 };
      };
      switch (req.kind) {
        case 'table1': {
          const table = buildTable1(t, opts);
          const drug = t.categories('drug');
          return paper(table, drug.map((d) => (d === null ? -1 : table.columns.findIndex((x) => x.key === d))));
        }
        case 'drug': {
          const table = buildDrugTable(t, req.drug, opts);
          const drug = t.categories('drug');
          const groups = t.drGroups(o.dr);
          return paper(table, groups.map((g, i) => (drug[i] !== req.drug || g === 'unclassified' ? -1 : table.columns.findIndex((x) => x.key === g))));
        }
        case 'table4':
          return paper(buildTable4(t, { ...opts, ...(req.drug ? { drug: req.drug } : {}) }), null);
        case 'risk':
          return { kind: 'risk', table: buildRiskFactorTable(t, req.contrast, resolvePredictors(req.predictors), { ...opts, haldane: req.haldane }), elapsedMs: now() - t0 };
        case 'logistic': {
          const drugs = t.categories('drug');
          const inContrast = t.drGroups(o.dr).filter((g, i) => (req.contrast.drug === null || drugs[i] === req.contrast.drug) && (g === req.contrast.caseGroup || g === req.contrast.controlGroup)).length;
          return { kind: 'logistic', table: buildLogisticTable(t, req.contrast, resolvePredictors(req.predictors), opts), elapsedMs: now() - t0, inContrast };
        }
        case 'custom': {
          const b = buildCustomTable(t, req.spec, opts);
          return paper(b.table, b.col);
        }
      }
    },
  };
}
