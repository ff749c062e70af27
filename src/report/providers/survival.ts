/**
 * What the Survival view contributes to a report: the Kaplan–Meier figure and its results table
 * (medians, restricted means, survival at the chosen times, the chosen test in the footnotes), with
 * the study's saved survival settings (study.settings.survival; defaults = the paper: OS from
 * diagnosis by DR group in months). Same steps as the view (src/views/survival-view.ts): the
 * per-patient arrays on the page (buildSurvivalInput), the numbers in the worker (kmAnalysis,
 * bootstrapKm with the saved replicates and seed), the figure and table from the view's builders.
 */
import { msg, str } from '@lit/localize';
import type { StudyRecord } from '../../study/model.ts';
import type { DrSettings } from '../../study/dr-classification.ts';
import { buildSurvivalInput, groupingLabel, normalizeSurvivalSettings, type SurvivalInput, type SurvivalSettings } from '../../study/survival-data.ts';
import type { KmAnalysisResult, KmBootstrapResponse, SurvivalData } from '../../worker/api/survival-api.ts';
import { buildKmFigure } from '../../views/survival/figure.ts';
import { kmFigureSvg } from '../../views/survival/km-svg.ts';
import { testLine, testName, unitName } from '../../views/survival/format.ts';
import { publicationExport, timesInUnit, type TableContext } from '../../views/survival/tables.ts';
import type { ReportContext, ReportItem, ReportProvider } from '../items.ts';

/** The study's survival settings as saved (defaults filled in). */
export const survivalSettingsOf = (study: StudyRecord): SurvivalSettings => normalizeSurvivalSettings(study.settings?.survival);

const drSettingsOf = (study: StudyRecord): Partial<DrSettings> | undefined => {
  const d = study.settings?.dr;
  return d && typeof d === 'object' ? (d as Partial<DrSettings>) : undefined;
};

/** Localized endpoint name (as the Survival view titles it). */
export function endpointName(s: SurvivalSettings): string {
  switch (s.endpoint) {
    case 'os-diagnosis': return msg('Overall survival from diagnosis', { id: 'report.survival.endpoint.osDiagnosis' });
    case 'os-regimen': return msg('Overall survival from regimen start', { id: 'report.survival.endpoint.osRegimen' });
    case 'dor': return msg('Duration of response', { id: 'report.survival.endpoint.dor' });
    case 'columns': return msg('Time to event (cohort columns)', { id: 'report.survival.endpoint.columns' });
  }
}

function axisLabels(s: SurvivalSettings): { x: string; y: string } {
  const u = unitName(s.unit);
  switch (s.endpoint) {
    case 'os-diagnosis': return { x: msg(str`Time since diagnosis (${u})`, { id: 'report.survival.axis.sinceDiagnosis' }), y: msg('Overall survival', { id: 'report.survival.axis.os' }) };
    case 'os-regimen': return { x: msg(str`Time since regimen start (${u})`, { id: 'report.survival.axis.sinceRegimen' }), y: msg('Overall survival', { id: 'report.survival.axis.os' }) };
    case 'dor': return { x: msg(str`Time since first response (${u})`, { id: 'report.survival.axis.sinceResponse' }), y: msg('Still in response', { id: 'report.survival.axis.dor' }) };
    case 'columns': return { x: msg(str`Time (${u})`, { id: 'report.survival.axis.time' }), y: msg('Event-free proportion', { id: 'report.survival.axis.eventFree' }) };
  }
}

/** "Overall survival from diagnosis by DR group (Bz)". */
function analysisTitle(s: SurvivalSettings, groupTitle: string | null): string {
  const parts = [endpointName(s)];
  if (groupTitle) parts.push(msg(str`by ${groupTitle}`, { id: 'report.survival.by' }));
  if (s.drug) parts.push(`(${s.drug})`);
  return parts.join(' ');
}

/** One survival analysis with the saved settings: the input, the worker's KM result and the bootstrap. */
export interface SurvivalRun { settings: SurvivalSettings; input: SurvivalInput; result: KmAnalysisResult; boot: KmBootstrapResponse | null; title: string }

const toData = (input: SurvivalInput): SurvivalData => ({
  time: Float64Array.from(input.time), event: Uint8Array.from(input.event), group: input.group, levels: input.levels, strata: input.strata,
});

/**
 * The study's survival analysis with its saved settings. The per-patient arrays (with their
 * localized labels) are made on each call; the worker's numbers once per report build (memo).
 */
export async function survivalRun(cx: ReportContext): Promise<SurvivalRun> {
  const study = cx.study;
  const s = survivalSettingsOf(study);
  const input = buildSurvivalInput(study.cohort, s, drSettingsOf(study));
  if (input.time.length === 0) throw new Error(msg('No patient can be analysed with the saved survival settings.', { id: 'report.survival.nobody' }));
  const result = await cx.memo('survival:km', () => {
    const d = toData(input);
    return cx.engine.call('kmAnalysis', [d, { confType: s.confType, medianRule: s.medianRule, times: timesInUnit(s) }], { transfer: [d.time.buffer, d.event.buffer], signal: cx.signal });
  });
  const boot = !s.bootstrap.enabled ? null : await cx.memo('survival:bootstrap', () => {
    const d = toData(input);
    return cx.engine.call('bootstrapKm', [d, { replicates: s.bootstrap.replicates, seed: s.bootstrap.seed, rmean: s.rmean, bands: s.bands === 'bootstrap' }],
      { transfer: [d.time.buffer, d.event.buffer], signal: cx.signal });
  });
  cx.facts.survival = {
    analysed: input.time.length, excluded: input.excluded.length, eligible: input.eligible,
    events: input.event.reduce<number>((a, b) => a + b, 0),
  };
  return { settings: s, input, result, boot, title: analysisTitle(s, input.groupTitle) };
}

/** The test lines printed on the plot (chosen test, χ², df, p). */
function testLines(run: SurvivalRun, loc: string): string[] {
  const t = run.result.tests?.find((x) => x.weights === run.settings.test);
  if (!t) return [];
  const name = run.input.strataTitle
    ? msg(str`${testName(t.weights)}, stratified by ${run.input.strataTitle}`, { id: 'report.survival.stratifiedName' })
    : testName(t.weights);
  if (t.p === null) return [name, msg('no events: nothing to compare', { id: 'report.survival.noEvents' })];
  return [name, testLine(t.chisq, t.df, t.p, loc)];
}

async function kmFigure(cx: ReportContext) {
  const run = await survivalRun(cx);
  const s = run.settings;
  const ax = axisLabels(s);
  const bands = s.bands === 'bootstrap' ? (run.boot && !run.boot.bandsOmitted ? 'bootstrap' : 'none') : s.bands;
  const fig = buildKmFigure({
    fits: run.result.groups, labels: run.input.labels, unit: s.unit, xLabel: ax.x, yLabel: ax.y, bands, confType: s.confType,
    bootstrapBands: run.boot ? Object.fromEntries(run.boot.groups.map((g) => [g.name, g.bandTime ? { time: g.bandTime, lower: g.bandLower!, upper: g.bandUpper! } : null])) : undefined,
    showMedians: s.showMedians, showCensor: s.showCensor, testLines: testLines(run, cx.loc), legendTitle: run.input.groupTitle,
    atRiskTitle: msg('Number at risk', { id: 'report.survival.atRisk' }),
    legendText: (label, n, events) => msg(str`${label} (n = ${n}, ${events} events)`, { id: 'report.survival.legendItem' }),
  });
  const svg = kmFigureSvg(fig, { locale: cx.loc });
  return { title: msg(str`Kaplan–Meier estimates: ${run.title}`, { id: 'report.survival.figureTitle' }), ...svg };
}

async function resultsTable(cx: ReportContext) {
  const run = await survivalRun(cx);
  const tc: TableContext = { input: run.input, result: run.result, settings: run.settings, boot: run.boot, loc: cx.loc };
  return publicationExport(tc, msg(str`${run.title}: medians, means and survival at chosen times`, { id: 'report.survival.tableTitle' }));
}

/** The Survival view's report items (when the study has a cohort). */
export const survivalProvider: ReportProvider = {
  view: 'survival',
  label: () => msg('Survival', { id: 'report.view.survival' }),
  items(study: StudyRecord): ReportItem[] {
    if (!study.cohort) return [];
    const s = survivalSettingsOf(study);
    const by = s.grouping && s.grouping !== 'none' ? groupingLabel(study.cohort, s.grouping) : null;
    return [
      { id: 'survival:km-figure', view: 'survival', kind: 'figure', title: () => msg(str`Kaplan–Meier plot: ${analysisTitle(s, by)}`, { id: 'report.survival.item.figure' }), build: kmFigure },
      { id: 'survival:km-table', view: 'survival', kind: 'table', title: () => msg(str`Survival results: ${analysisTitle(s, by)}`, { id: 'report.survival.item.table' }), build: resultsTable },
    ];
  },
};
