/**
 * What the Tables view contributes to a report: Table 1 (baseline characteristics by drug), one
 * Tables 2–3 table per drug of the cohort (response vs de novo vs acquired DR), Table 4
 * (cytogenetics), the risk factors, the logistic regression and the table builder's table — with the
 * study's saved settings (study.settings.tables: test policy, p style, survival rows, contrasts,
 * predictors, builder spec; study.settings.dr for the DR groups), computed by the worker's
 * cohortTable as the view asks for it, laid out by the view's own functions (src/views/tables/shown.ts).
 */
import { msg, str } from '@lit/localize';
import type { CohortData, StudyRecord } from '../../study/model.ts';
import { drugsOf } from '../../study/survival-data.ts';
import { drugLabel } from '../../study/paper-tables.ts';
import type { TableRequest, TableRequestOptions, TableResult } from '../../worker/api/cohort-api.ts';
import { normalizeTablesSettings, type TablesSettings } from '../../views/tables/settings.ts';
import { normalizeDrSettings } from '../../views/cohort/dr-settings.ts';
import { showLogisticTable, showPaperTable, showRiskTable, toExportTable } from '../../views/tables/shown.ts';
import type { ExportTable } from '../../export/table.ts';
import type { ReportContext, ReportItem, ReportProvider } from '../items.ts';

/** The options the view sends with a table (survival rows only under the tables that carry them). */
function options(study: StudyRecord, s: TablesSettings, req: TableRequest): TableRequestOptions {
  const withSurvival = req.kind === 'table1' || req.kind === 'drug' || req.kind === 'custom';
  return { policy: s.policy, dr: normalizeDrSettings(study.settings?.dr), survival: s.survivalRows && withSurvival ? { os: true, timeToDr: true, estimate: s.survivalEstimate } : null };
}

/** A table as the Tables view shows and exports it (same titles). */
function exportOf(r: TableResult, s: TablesSettings, loc: string): ExportTable {
  const o = { pStyle: s.pStyle, locale: loc };
  if (r.kind === 'risk') return toExportTable(showRiskTable(r.table, o));
  if (r.kind === 'logistic') return toExportTable(showLogisticTable(r.table, o, r.inContrast));
  const t = showPaperTable(r.table, r.survival, o);
  if (r.table.id === 'table1') t.title = msg('Table 1. Baseline characteristics of the cohort by drug', { id: 'report.tables.table1' });
  if (r.table.drug && r.table.id !== 'table4') {
    t.title = `${r.table.id === 'table2' ? msg('Table 2. ', { id: 'report.tables.prefix2' }) : r.table.id === 'table3' ? msg('Table 3. ', { id: 'report.tables.prefix3' }) : ''}${r.table.title}`;
  }
  return toExportTable(t);
}

async function build(cx: ReportContext, req: (s: TablesSettings) => TableRequest): Promise<ExportTable> {
  const c = cx.study.cohort;
  if (!c) throw new Error(msg('This study has no cohort table.', { id: 'report.tables.noCohort' }));
  const s = normalizeTablesSettings(cx.study.settings?.tables);
  const rq = req(s);
  if ((rq.kind === 'risk' || rq.kind === 'logistic') && rq.predictors.length === 0) {
    throw new Error(msg('No predictor is chosen for this table on the Tables tab.', { id: 'report.tables.noPredictor' }));
  }
  const o = options(cx.study, s, rq);
  // the worker's tables carry words: the report's language is part of the key
  const r = await cx.memo(`tables:${JSON.stringify([rq, o, cx.lang])}`, () => cx.engine.call('cohortTable', [c, rq, o, cx.lang], { signal: cx.signal }));
  return exportOf(r, s, cx.loc);
}

const drugCache = new WeakMap<CohortData, string[]>();
/** The cohort's drugs (read once per cohort record: the picker asks on every render). */
function drugs(c: CohortData): string[] {
  let d = drugCache.get(c);
  if (!d) drugCache.set(c, (d = drugsOf(c)));
  return d;
}

/** The Tables view's report items (when the study has a cohort). */
export const tablesProvider: ReportProvider = {
  view: 'tables',
  label: () => msg('Tables', { id: 'report.view.tables' }),
  items(study: StudyRecord): ReportItem[] {
    const c = study.cohort;
    if (!c) return [];
    const item = (id: string, title: () => string, req: (s: TablesSettings) => TableRequest): ReportItem =>
      ({ id: `tables:${id}`, view: 'tables', kind: 'table', title, build: (cx) => build(cx, req) });
    return [
      item('table1', () => msg('Table 1: baseline characteristics by drug', { id: 'report.tables.item.table1' }), () => ({ kind: 'table1' })),
      ...drugs(c).map((d) => item(`drug:${d}`, () => msg(str`Treatment efficacy of ${drugLabel(d)} by DR group`, { id: 'report.tables.item.drug' }), () => ({ kind: 'drug', drug: d }))),
      item('table4', () => msg('Table 4: cytogenetics by DR group', { id: 'report.tables.item.table4' }), (s) => ({ kind: 'table4', drug: s.table4Drug || null })),
      item('risk', () => msg('Risk factors (odds ratios)', { id: 'report.tables.item.risk' }),
        (s) => ({ kind: 'risk', contrast: { drug: s.risk.drug, caseGroup: s.risk.caseGroup, controlGroup: s.risk.controlGroup }, predictors: s.risk.predictors, haldane: s.risk.haldane })),
      item('logistic', () => msg('Logistic regression', { id: 'report.tables.item.logistic' }),
        (s) => ({ kind: 'logistic', contrast: { drug: s.logistic.drug, caseGroup: s.logistic.caseGroup, controlGroup: s.logistic.controlGroup }, predictors: s.logistic.predictors })),
      item('builder', () => msg('Table builder (as set on the Tables tab)', { id: 'report.tables.item.builder' }), (s) => ({ kind: 'custom', spec: s.builder })),
    ];
  },
};
