/**
 * The report's generated methods section (SPEC §5, issue 8): a paragraph per analysis, written
 * like the paper's Methods, that states every setting actually used — how the cohort file was
 * read (rows, dropped rows, column mapping, missing markers, decimal mark), the DR definition
 * (rule order, window), the tests and their policy, the Kaplan–Meier conventions and bootstrap,
 * array preprocessing, normalization and differential expression, clustering distance and linkage,
 * the enrichment universe and size limits, Exosome QC, and the software version.
 *
 * Pure: a function of the study (its saved settings and data summaries), of what the report's
 * items computed (MethodsFacts, optional) and of the software version — no DOM, no worker, no
 * storage — so a Node test can flip a setting and read the sentence change. Localized with msg()
 * (the language active when called: the report's language).
 */
import { msg, str } from '@lit/localize';
import type { StudyRecord } from '../study/model.ts';
import { MISSING_MARKERS } from '../formats/delimited.ts';
import { fieldByKey } from '../study/fields.ts';
import { DEFAULT_DR_SETTINGS, drGroupLabel, type DrGroup, type DrSettings } from '../study/dr-classification.ts';
import { groupingLabel, normalizeSurvivalSettings, type SurvivalSettings } from '../study/survival-data.ts';
import { DAYS_PER_UNIT } from '../study/endpoints.ts';
import { chooseGroupOrder, expressionSettings, type ExpressionSettings } from '../study/expression-settings.ts';
import { studySources } from '../study/array-sources.ts';
import { exosomeSettings } from '../study/exosome-settings.ts';
import { clusteringSettings } from '../views/clustering/settings.ts';
import { formatNumber } from '../i18n/format.ts';
import type { MethodsFacts, ReportViewId } from './items.ts';

/** Which build of the workbench ran the analysis. */
export interface SoftwareInfo {
  /** package.json version. */
  version: string;
  /** Build date (yyyy-mm-dd) and commit, when the build recorded them. */
  buildDate?: string | null;
  commit?: string | null;
  /** In the browser (WebAssembly in a Web Worker) or headless under Node (mmdr report). */
  runtime: 'browser' | 'node';
}

/** What of the Tables view's settings (study.settings.tables) shapes the numbers and how they print. */
export interface TablesMethodSettings {
  policy: 'spss' | 'automatic';
  /** p-values printed as journals do ("< 0.001") or as SPSS does ("0.000"). */
  pStyle: 'journal' | 'spss';
  /** Haldane's +0.5 for the risk factors' odds ratios. */
  haldane: boolean;
  /** Survival rows under Table 1, Tables 2–3 and built tables, and their estimate. */
  survivalRows: boolean;
  survivalEstimate: 'mean' | 'median';
}

/** The tables' statistical options as saved (defaults: the paper's — src/views/tables/settings.ts). */
export function tablesMethodSettings(study: Pick<StudyRecord, 'settings'>): TablesMethodSettings {
  const t = (study.settings?.tables && typeof study.settings.tables === 'object' ? study.settings.tables : {}) as Record<string, unknown>;
  const risk = (t.risk && typeof t.risk === 'object' ? t.risk : {}) as Record<string, unknown>;
  return {
    policy: t.policy === 'automatic' ? 'automatic' : 'spss',
    pStyle: t.pStyle === 'spss' ? 'spss' : 'journal',
    haldane: risk.haldane === true,
    survivalRows: typeof t.survivalRows === 'boolean' ? t.survivalRows : true,
    survivalEstimate: t.survivalEstimate === 'median' ? 'median' : 'mean',
  };
}

/** One paragraph of the methods, with a short heading. */
export interface MethodsSection {
  id: 'data' | 'dr' | 'tables' | 'survival' | 'arrays' | 'clustering' | 'enrichment' | 'exosome' | 'software';
  heading: string;
  text: string;
}

/** Options of {@link methodsSections}. */
export interface MethodsOptions {
  /** Intl locale for numbers ('en-GB', 'zh-Hans-CN'). */
  loc: string;
  software: SoftwareInfo;
  /** Views whose analyses the report shows (default: every analysis the study has data for). */
  views?: readonly ReportViewId[];
  /** What the built items computed (counts the text can state). */
  facts?: MethodsFacts;
}

const n0 = (x: number, loc: string) => formatNumber(x, loc, 0);
const num = (x: number, loc: string, digits = 2) => formatNumber(x, loc, digits);
const q = (s: string) => msg(str`“${s}”`, { id: 'report.methods.quote' });

/** "A, B and C" in the report's language. */
function andList(items: readonly string[], loc: string): string {
  try {
    return new Intl.ListFormat(loc, { type: 'conjunction' }).format(items);
  } catch {
    return items.join(', ');
  }
}

const drSettingsOf = (study: StudyRecord): DrSettings => {
  const d = (study.settings?.dr && typeof study.settings.dr === 'object' ? study.settings.dr : {}) as Partial<DrSettings>;
  const order = Array.isArray(d.order) ? d.order.filter((g): g is DrGroup => g === 'denovo' || g === 'acquired' || g === 'response') : DEFAULT_DR_SETTINGS.order;
  return {
    windowDays: typeof d.windowDays === 'number' && Number.isFinite(d.windowDays) ? d.windowDays : DEFAULT_DR_SETTINGS.windowDays,
    order,
    onTreatmentDays: typeof d.onTreatmentDays === 'number' && Number.isFinite(d.onTreatmentDays) ? d.onTreatmentDays : null,
  };
};

/** Optional cohort fields of the import wizard, read loosely (older cohorts lack them). */
interface CohortExtras {
  importOptions?: { sheet?: string | null; headerLine?: number };
  decimalMark?: 'auto' | 'point' | 'comma';
  shape?: 'patients' | 'episodes';
  episodes?: { course?: 'first' | 'last'; episodeRows?: number };
  drGroupColumn?: string | null;
  validation?: { rowsRead: number; patients: number; unreadable: number; warnings: number };
}

// ── paragraphs ────────────────────────────────────────────────────────────────────────────────

function dataParagraph(study: StudyRecord, loc: string): string | null {
  const c = study.cohort;
  if (!c) return null;
  const x = c as typeof c & CohortExtras;
  const parts: string[] = [];
  const isXlsx = c.encoding === 'xlsx' || /\.xlsx$/i.test(c.fileName);
  const rows = n0(c.report.rows, loc);
  const cols = n0(c.report.columns, loc);
  if (isXlsx) {
    const sheet = x.importOptions?.sheet;
    parts.push(sheet
      ? msg(str`The cohort table ${q(c.fileName)} was read from the sheet ${q(sheet)} of the workbook: ${rows} rows and ${cols} columns.`, { id: 'report.methods.data.xlsxSheet' })
      : msg(str`The cohort table ${q(c.fileName)} was read from the first sheet of the workbook: ${rows} rows and ${cols} columns.`, { id: 'report.methods.data.xlsx' }));
  } else {
    const delim = c.delimiter === '\t' ? msg('tabs', { id: 'report.methods.data.tab' })
      : c.delimiter === ',' ? msg('commas', { id: 'report.methods.data.comma' })
        : c.delimiter === ';' ? msg('semicolons', { id: 'report.methods.data.semicolon' }) : q(c.delimiter);
    parts.push(msg(str`The cohort table ${q(c.fileName)} was read as ${c.encoding.toUpperCase()} text with ${delim} between fields: ${rows} rows and ${cols} columns.`, { id: 'report.methods.data.text' }));
  }
  const dropped = c.report.emptyRowsDropped;
  const ragged = c.report.raggedRows;
  parts.push(dropped
    ? msg(str`${n0(dropped, loc)} empty rows were dropped.`, { id: 'report.methods.data.dropped' })
    : msg('No row was dropped.', { id: 'report.methods.data.noneDropped' }));
  if (ragged) parts.push(msg(str`${n0(ragged, loc)} rows had more or fewer cells than the header and were padded with empty cells or cut to its width.`, { id: 'report.methods.data.ragged' }));
  if (x.shape === 'episodes' && x.episodes) {
    const course = x.episodes.course === 'last' ? msg('last', { id: 'report.methods.data.courseLast' }) : msg('first', { id: 'report.methods.data.courseFirst' });
    parts.push(msg(str`The file held one row per hospitalization episode (${n0(x.episodes.episodeRows ?? 0, loc)} rows), aggregated to one row per patient from the ${course} course of a study drug.`, { id: 'report.methods.data.episodes' }));
  }
  const mapped = Object.entries(c.mapping).filter(([, col]) => col != null && col !== '');
  if (mapped.length) {
    // a column named as the field's key ("age") needs no listing; any other is named
    const same = mapped.filter(([key, col]) => col === key);
    const other = mapped.filter(([key, col]) => col !== key);
    const pairs = other.map(([key, col]) => `${fieldByKey(key)?.label() ?? key} ← ${q(col!)}`);
    if (same.length && other.length) {
      parts.push(msg(str`${n0(mapped.length, loc)} study fields were read from the cohort's columns: ${n0(same.length, loc)} from columns named as the field (such as ${q(same[0][1]!)}), and ${pairs.join('; ')}.`, { id: 'report.methods.data.mappingMixed' }));
    } else if (same.length) {
      parts.push(msg(str`${n0(mapped.length, loc)} study fields were read from columns named as the fields (such as ${q(same[0][1]!)}).`, { id: 'report.methods.data.mappingSame' }));
    } else {
      parts.push(msg(str`${n0(mapped.length, loc)} study fields were read from these columns: ${pairs.join('; ')}.`, { id: 'report.methods.data.mapping' }));
    }
  } else {
    parts.push(msg('No study field was mapped to a column.', { id: 'report.methods.data.noMapping' }));
  }
  const shown: Record<string, string> = { na: 'NA', 'n/a': 'N/A', '#n/a': '#N/A', nan: 'NaN', null: 'NULL' };
  const markers = MISSING_MARKERS.filter((m) => m !== '').map((m) => q(shown[m] ?? m)).join(', ');
  parts.push(msg(str`Empty cells and cells reading ${markers} (in any case) were treated as missing.`, { id: 'report.methods.data.missing' }));
  parts.push(x.decimalMark === 'comma'
    ? msg('Numbers were read with a decimal comma.', { id: 'report.methods.data.decimalComma' })
    : x.decimalMark === 'point'
      ? msg('Numbers were read with a decimal point.', { id: 'report.methods.data.decimalPoint' })
      : msg('The decimal mark (point or comma) was detected per column, thousands separators recognised.', { id: 'report.methods.data.decimalAuto' }));
  parts.push(msg('Dates were read as ISO (yyyy-mm-dd), dd/mm/yyyy, yyyy/mm/dd or Excel serial numbers, with one day/month order per column.', { id: 'report.methods.data.dates' }));
  if (x.validation && (x.validation.unreadable || x.validation.warnings)) {
    parts.push(msg(str`The import's validation left ${n0(x.validation.unreadable, loc)} unreadable cells missing and reported ${n0(x.validation.warnings, loc)} warnings.`, { id: 'report.methods.data.validation' }));
  }
  return parts.join(' ');
}

function drParagraph(study: StudyRecord, loc: string): string | null {
  const c = study.cohort;
  if (!c) return null;
  const col = (c as typeof c & CohortExtras).drGroupColumn;
  if (col) {
    return msg(str`Drug-resistance (DR) groups were read from the column ${q(col)} (response, de novo DR or acquired DR) instead of being derived from the rules; patients with an empty or unreadable cell were left unclassified and counted.`, { id: 'report.methods.dr.column' });
  }
  const d = drSettingsOf(study);
  const parts: string[] = [];
  const onTreatment = d.onTreatmentDays == null
    ? msg('progression on treatment', { id: 'report.methods.dr.onTreatment' })
    : msg(str`progression within ${n0(d.onTreatmentDays, loc)} days of the regimen start`, { id: 'report.methods.dr.onTreatmentDays' });
  parts.push(msg(str`Drug resistance (DR) was classified per patient for the drug of the regimen after the paper's definition: de novo DR, a first exposure to the drug with a best response below minimal response (SD or PD) or progression within ${n0(d.windowDays, loc)} days of the regimen start; acquired DR, previous treatment with the same drug and now no partial response or ${onTreatment}; response, a best response of PR or better (PR, VGPR, CR, sCR) in any line.`, { id: 'report.methods.dr.rules' }));
  const order = d.order.map((g) => drGroupLabel(g)).join(' → ');
  parts.push(msg(str`The rules were tried in the order ${order}; the first that held assigned the group.`, { id: 'report.methods.dr.order' }));
  const unused = (['denovo', 'acquired', 'response'] as const).filter((g) => !d.order.includes(g));
  if (unused.length) parts.push(msg(str`Not used: ${andList(unused.map((g) => drGroupLabel(g)), loc)}.`, { id: 'report.methods.dr.unused' }));
  parts.push(msg('Patients no rule fits (for example minimal response without early progression) or missing a field a rule needs were left unclassified, counted and listed with the reason, never dropped silently.', { id: 'report.methods.dr.unclassified' }));
  return parts.join(' ');
}

function tablesParagraph(study: StudyRecord): string | null {
  if (!study.cohort) return null;
  const t = tablesMethodSettings(study);
  const parts: string[] = [];
  parts.push(t.policy === 'spss'
    ? msg('Categorical variables are given as counts and percentages and were compared with Pearson\'s χ² test without continuity correction (R chisq.test(correct = FALSE)), the cells with an expected count below 5 noted as SPSS does; continuous variables are given as mean ± SD, median and range and were compared with Student\'s t test for two groups and one-way ANOVA for more (the "SPSS (paper)" test policy).', { id: 'report.methods.tables.spss' })
    : msg('Categorical variables are given as counts and percentages and were compared with Fisher\'s exact test when any expected count was below 5 and with Pearson\'s χ² test otherwise; continuous variables are given as mean ± SD, median and range and were compared with the Wilcoxon rank-sum (Mann–Whitney) test for two groups or the Kruskal–Wallis test for more when skewed (moment skewness |g₁| > 1 in a group of at least three values), otherwise with Welch\'s t test or one-way ANOVA (the "automatic (gtsummary-like)" test policy).', { id: 'report.methods.tables.automatic' }));
  parts.push(t.haldane
    ? msg('Odds ratios are ad/bc with Woolf 95% confidence intervals; a table with a zero cell got 0.5 added to every cell (Haldane).', { id: 'report.methods.tables.orHaldane' })
    : msg('Odds ratios are ad/bc with Woolf 95% confidence intervals; a table with a zero cell gives no estimate.', { id: 'report.methods.tables.or' }));
  if (t.survivalRows) {
    parts.push(t.survivalEstimate === 'mean'
      ? msg('Survival rows give the estimated overall survival per column as the Kaplan–Meier restricted mean (SPSS\'s "Mean") with mean ± 1.96 SE, compared by the log-rank test, and the median time to DR with its range.', { id: 'report.methods.tables.survivalMean' })
      : msg('Survival rows give the Kaplan–Meier median overall survival per column with its 95% confidence interval (log transform), compared by the log-rank test, and the median time to DR with its range.', { id: 'report.methods.tables.survivalMedian' }));
  }
  parts.push(msg('Multivariable analysis used logistic regression (R glm, binomial family) with Wald confidence intervals. All tests were two-sided; each table\'s footnotes name the test behind each p-value.', { id: 'report.methods.tables.logistic' }));
  parts.push(t.pStyle === 'spss'
    ? msg('p-values are printed as SPSS prints them (0.000 for p < 0.0005).', { id: 'report.methods.tables.pSpss' })
    : msg('p-values are printed to three decimals, below 0.001 as "<0.001".', { id: 'report.methods.tables.pJournal' }));
  return parts.join(' ');
}

function ciName(s: SurvivalSettings): string {
  switch (s.confType) {
    case 'log': return msg('log-transformed', { id: 'report.methods.km.ciLog' });
    case 'log-log': return msg('log-log-transformed', { id: 'report.methods.km.ciLogLog' });
    case 'plain': return msg('untransformed (plain)', { id: 'report.methods.km.ciPlain' });
  }
}

function testFullName(w: SurvivalSettings['test']): string {
  switch (w) {
    case 'logrank': return msg('log-rank (Mantel–Cox)', { id: 'report.methods.km.logrank' });
    case 'gehan-breslow': return msg('Breslow (generalized Wilcoxon)', { id: 'report.methods.km.breslow' });
    case 'tarone-ware': return msg('Tarone–Ware', { id: 'report.methods.km.taroneWare' });
  }
}

function unitWords(s: SurvivalSettings): string {
  switch (s.unit) {
    case 'days': return msg('days', { id: 'report.methods.km.days' });
    case 'months': return msg('months (days / 30.4375)', { id: 'report.methods.km.months' });
    case 'years': return msg('years (days / 365.25)', { id: 'report.methods.km.years' });
  }
}

function survivalParagraph(study: StudyRecord, loc: string, facts: MethodsFacts): string | null {
  const c = study.cohort;
  if (!c) return null;
  const s = normalizeSurvivalSettings(study.settings?.survival);
  const parts: string[] = [];
  switch (s.endpoint) {
    case 'os-diagnosis': parts.push(msg('Overall survival was measured from diagnosis to death from any cause; patients alive were censored at their last follow-up.', { id: 'report.methods.km.osDiagnosis' })); break;
    case 'os-regimen': parts.push(msg('Overall survival was measured from the start of the regimen to death from any cause; patients alive were censored at their last follow-up.', { id: 'report.methods.km.osRegimen' })); break;
    case 'dor': parts.push(s.deathIsEvent
      ? msg('Duration of response was measured from the first response to progression or death, whichever came first; other patients were censored at their last follow-up.', { id: 'report.methods.km.dorDeath' })
      : msg('Duration of response was measured from the first response to progression; patients without progression were censored at death or last follow-up.', { id: 'report.methods.km.dor' })); break;
    case 'columns': parts.push(msg(str`Survival times were taken from the column ${q(s.timeColumn ?? '')} (in ${s.timeColumnUnit}) and events from the column ${q(s.eventColumn ?? '')}.`, { id: 'report.methods.km.columns' })); break;
  }
  if (s.drug) parts.push(msg(str`Only patients treated with ${s.drug} were analysed.`, { id: 'report.methods.km.drug' }));
  const f = facts.survival;
  if (f) {
    parts.push(f.excluded
      ? msg(str`${n0(f.analysed, loc)} of ${n0(f.eligible, loc)} patients were analysed (${n0(f.events, loc)} events); ${n0(f.excluded, loc)} were left out for missing or unusable data.`, { id: 'report.methods.km.counts' })
      : msg(str`All ${n0(f.analysed, loc)} patients were analysed (${n0(f.events, loc)} events).`, { id: 'report.methods.km.countsAll' }));
  }
  parts.push(msg(str`Survival was estimated by the Kaplan–Meier method (deaths before censorings at tied times) with Greenwood variances and ${ciName(s)} 95% confidence intervals (R survfit, conf.type = "${s.confType}").`, { id: 'report.methods.km.estimate' }));
  parts.push(s.medianRule === 'r'
    ? msg('The median is the first time the curve falls below 0.5 (R\'s rule, with the midpoint where the curve stays at exactly 0.5); its confidence interval is read off the band.', { id: 'report.methods.km.medianR' })
    : msg('The median is the first time the curve reaches 0.5 or less (SPSS\'s rule); its confidence interval is read off the band.', { id: 'report.methods.km.medianSpss' }));
  parts.push(s.rmean === 'individual'
    ? msg('Means are restricted means up to each group\'s own last observed time, with their standard errors (SPSS\'s "Mean"; R print(fit, rmean = "individual")).', { id: 'report.methods.km.rmeanIndividual' })
    : msg('Means are restricted means up to the last observed time of all groups, with their standard errors (R print(fit, rmean = "common")).', { id: 'report.methods.km.rmeanCommon' }));
  parts.push(msg(str`Times are in ${unitWords(s)}.`, { id: 'report.methods.km.unit' }));
  if (s.timesDays.length) {
    const times = s.timesDays.map((t) => num(t / DAYS_PER_UNIT[s.unit], loc, 2));
    parts.push(msg(str`Survival is reported at ${andList(times, loc)} ${s.unit}.`, { id: 'report.methods.km.times' }));
  }
  if (s.grouping && s.grouping !== 'none') {
    const by = groupingLabel(c, s.grouping);
    parts.push(s.strata
      ? msg(str`Groups by ${by} were compared with the ${testFullName(s.test)} test stratified by ${groupingLabel(c, s.strata)} (R survdiff(… + strata())).`, { id: 'report.methods.km.testStratified' })
      : msg(str`Groups by ${by} were compared with the ${testFullName(s.test)} test (R survdiff).`, { id: 'report.methods.km.test' }));
  }
  if (s.bootstrap.enabled) {
    const reps = n0(s.bootstrap.replicates, loc);
    parts.push(msg(str`Bootstrap percentile intervals (R boot.ci(type = "perc")) for the median and the restricted mean came from ${reps} replicates resampling patients with replacement within each group, with the seed ${String(s.bootstrap.seed)}; replicates whose median was not reached were counted, not dropped.`, { id: 'report.methods.km.bootstrap' }));
  } else {
    parts.push(msg('No bootstrap was run.', { id: 'report.methods.km.noBootstrap' }));
  }
  return parts.join(' ');
}

function channelText(s: ExpressionSettings): string {
  const ch = s.channel;
  if (ch === null) return msg('the files\' only channel', { id: 'report.methods.arrays.onlyChannel' });
  const nm = typeof ch === 'number' ? ch : /^(hy3|cy3)$/i.test(String(ch)) ? 532 : /^(hy5|cy5)$/i.test(String(ch)) ? 635 : null;
  if (nm === 532) return msg('the 532 nm channel (Hy3/Cy3)', { id: 'report.methods.arrays.ch532' });
  if (nm === 635) return msg('the 635 nm channel (Hy5/Cy5)', { id: 'report.methods.arrays.ch635' });
  return msg(str`the ${String(nm ?? ch)} channel`, { id: 'report.methods.arrays.channel' });
}

function normalizationText(s: ExpressionSettings, loc: string, selected: number | null): string {
  switch (s.normalization) {
    case 'median': return selected != null
      ? msg(str`Arrays were normalized with the paper's median rule: the probes with an intensity of at least ${num(s.threshold, loc)} in every array (${n0(selected, loc)} probes) set each array's factor, the median of those probes; each array was divided by its factor and multiplied by the mean factor.`, { id: 'report.methods.arrays.medianN' })
      : msg(str`Arrays were normalized with the paper's median rule: the probes with an intensity of at least ${num(s.threshold, loc)} in every array set each array's factor, the median of those probes; each array was divided by its factor and multiplied by the mean factor.`, { id: 'report.methods.arrays.median' });
    case 'scale': return msg('Arrays were scale-normalized (R limma normalizeBetweenArrays(method = "scale")).', { id: 'report.methods.arrays.scale' });
    case 'quantile': return msg('Arrays were quantile-normalized (R limma normalizeBetweenArrays(method = "quantile")).', { id: 'report.methods.arrays.quantile' });
    case 'none': return msg('Arrays were not normalized.', { id: 'report.methods.arrays.none' });
  }
}

function deMethodText(s: ExpressionSettings, cmp: string, ref: string): string {
  switch (s.method) {
    case 'moderated': return msg(str`Differential expression of ${cmp} against ${ref} was tested with limma's moderated t (lmFit, eBayes, topTable with Benjamini–Hochberg adjusted p-values).`, { id: 'report.methods.arrays.moderated' });
    case 'welch': return msg(str`Differential expression of ${cmp} against ${ref} was tested with Welch's t test per probe, p-values adjusted by Benjamini–Hochberg.`, { id: 'report.methods.arrays.welch' });
    case 'student': return msg(str`Differential expression of ${cmp} against ${ref} was tested with Student's t test per probe, p-values adjusted by Benjamini–Hochberg.`, { id: 'report.methods.arrays.student' });
  }
}

function arraysParagraph(study: StudyRecord, loc: string, facts: MethodsFacts): string | null {
  if (!study.arrays.length) return null;
  const s = expressionSettings(study.settings?.arrays);
  const src = studySources(study.arrays);
  const parts: string[] = [];
  const f = facts.arrays;
  if (src.gpr.length) {
    const bg = s.background === 'median' ? msg('minus the local background median', { id: 'report.methods.arrays.bgMedian' })
      : s.background === 'mean' ? msg('minus the local background mean', { id: 'report.methods.arrays.bgMean' })
        : msg('without background subtraction', { id: 'report.methods.arrays.bgNone' });
    parts.push(msg(str`Spot intensities of ${n0(src.gpr.length, loc)} GenePix GPR files were read from ${channelText(s)} as the foreground median ${bg}.`, { id: 'report.methods.arrays.gpr' }));
    parts.push(s.dropFlagged
      ? msg('Spots flagged by GenePix (Flags < 0) were set missing.', { id: 'report.methods.arrays.flagsDropped' })
      : msg('Flagged spots were kept.', { id: 'report.methods.arrays.flagsKept' }));
  }
  if (src.matrices.length) {
    const scale = s.inputScale === 'linear' ? msg('read as linear intensities', { id: 'report.methods.arrays.scaleLinear' })
      : s.inputScale === 'log2' ? msg('read as log2 values', { id: 'report.methods.arrays.scaleLog2' })
        : msg('read as linear or log2 values by GEO2R\'s rule', { id: 'report.methods.arrays.scaleAuto' });
    parts.push(msg(str`${n0(src.matrices.length, loc)} matrix or GEO series matrix files were ${scale}.`, { id: 'report.methods.arrays.matrix' }));
  }
  parts.push(s.excludeControls
    ? msg('Control spots (Hy3 reference, spike-ins, blanks and buffers; AFFX- probes) were left out.', { id: 'report.methods.arrays.controlsOut' })
    : msg('Control spots were kept in the analysis.', { id: 'report.methods.arrays.controlsIn' }));
  const excluded = [...s.excludeNames.map(q), ...s.excludePrefixes.map((p) => msg(str`names starting with ${q(p)}`, { id: 'report.methods.arrays.prefix' }))];
  if (excluded.length) parts.push(msg(str`Also left out: ${excluded.join(', ')}.`, { id: 'report.methods.arrays.excluded' }));
  parts.push(s.averageReplicates
    ? msg('Replicate spots of a probe were averaged, missing values ignored (R limma avereps).', { id: 'report.methods.arrays.averaged' })
    : msg('Replicate spots of a probe were kept as separate rows.', { id: 'report.methods.arrays.notAveraged' }));
  if (f) parts.push(msg(str`${n0(f.probes, loc)} probes on ${n0(f.arrays, loc)} arrays entered the analysis.`, { id: 'report.methods.arrays.counts' }));
  parts.push(normalizationText(s, loc, f?.selected ?? null));
  parts.push(s.log2
    ? msg('Values were log2-transformed after normalization.', { id: 'report.methods.arrays.log2' })
    : msg('Values were not log2-transformed.', { id: 'report.methods.arrays.noLog2' }));
  const order = chooseGroupOrder(study.arrays.map((a) => a.group), s.groupOrder).order;
  if (order) {
    const [ref, cmp] = order;
    const nIn = (g: string) => n0(study.arrays.filter((a) => a.group === g).length, loc);
    parts.push(msg(str`The groups compared were ${cmp} (${nIn(cmp)} arrays) against ${ref} (${nIn(ref)} arrays) as reference.`, { id: 'report.methods.arrays.groups' }));
    parts.push(f?.pooled
      ? msg('With one array per group (pooled samples, as in the paper) no test is possible: fold changes only, no p-values.', { id: 'report.methods.arrays.pooled' })
      : deMethodText(s, cmp, ref));
    const basis = s.foldChangeBasis === 'linear'
      ? msg('the ratio of the mean normalized intensities', { id: 'report.methods.arrays.basisLinear' })
      : msg('2 to the power of the difference of the mean log2 values', { id: 'report.methods.arrays.basisLog2' });
    const cutoff = num(s.foldChangeCutoff, loc);
    parts.push(s.maxAdjP != null
      ? msg(str`Probes were called differentially expressed at a fold change of at least ${cutoff} either way, computed as ${basis}, and a Benjamini–Hochberg adjusted p of at most ${num(s.maxAdjP, loc, 4)}.`, { id: 'report.methods.arrays.cutoffP' })
      : msg(str`Probes were called differentially expressed at a fold change of at least ${cutoff} either way, computed as ${basis}, without a p-value filter (as the paper).`, { id: 'report.methods.arrays.cutoff' }));
    if (f) parts.push(msg(str`${n0(f.up, loc)} probes were higher and ${n0(f.down, loc)} lower in ${cmp}.`, { id: 'report.methods.arrays.upDown' }));
  }
  return parts.join(' ');
}

function clusteringParagraph(study: StudyRecord, loc: string, facts: MethodsFacts): string | null {
  if (!study.arrays.length) return null;
  const s = clusteringSettings(study.settings?.clustering);
  const parts: string[] = [];
  const rows = s.rows === 'de' ? msg('the differentially expressed probes', { id: 'report.methods.cl.rowsDe' })
    : s.rows === 'all' ? msg('all probes', { id: 'report.methods.cl.rowsAll' })
      : msg(str`the probes matching ${q(s.search)}`, { id: 'report.methods.cl.rowsSearch' });
  const axis = s.axis === 'both' ? msg('probes and arrays', { id: 'report.methods.cl.axisBoth' })
    : s.axis === 'rows' ? msg('probes (arrays kept in study order)', { id: 'report.methods.cl.axisRows' })
      : msg('arrays (probes kept in list order)', { id: 'report.methods.cl.axisColumns' });
  const dist = s.distance === 'euclidean' ? msg('Euclidean distance', { id: 'report.methods.cl.euclidean' })
    : s.distance === 'pearson' ? msg('1 − Pearson correlation', { id: 'report.methods.cl.pearson' })
      : s.distance === 'spearman' ? msg('1 − Spearman correlation', { id: 'report.methods.cl.spearman' })
        : msg('1 − cosine similarity', { id: 'report.methods.cl.cosine' });
  const link = s.linkage === 'average' ? msg('average linkage (UPGMA, R hclust method = "average"; MEV\'s "average linkage" is the weighted variant, WPGMA)', { id: 'report.methods.cl.average' })
    : s.linkage === 'weighted' ? msg('weighted average linkage (WPGMA, R hclust method = "mcquitty"; what MEV, used by the paper, calls average linkage)', { id: 'report.methods.cl.weighted' })
      : s.linkage === 'complete' ? msg('complete linkage', { id: 'report.methods.cl.complete' })
        : s.linkage === 'single' ? msg('single linkage', { id: 'report.methods.cl.single' })
          : msg('Ward\'s minimum variance method (R hclust method = "ward.D2")', { id: 'report.methods.cl.ward' });
  parts.push(msg(str`Hierarchical clustering of ${rows} grouped the ${axis} with ${dist} and ${link}.`, { id: 'report.methods.cl.main' }));
  parts.push(s.zScore
    ? msg('Each probe was z-scored (centred and scaled) before clustering and for the colours (R t(scale(t(x)))).', { id: 'report.methods.cl.zScore' })
    : msg('Values were clustered and coloured as they are (no z-scores).', { id: 'report.methods.cl.noZScore' }));
  if (facts.clustering) parts.push(msg(str`The heatmap has ${n0(facts.clustering.rows, loc)} rows and ${n0(facts.clustering.columns, loc)} columns.`, { id: 'report.methods.cl.size' }));
  if (s.k) parts.push(msg(str`The probe tree was cut into ${n0(s.k, loc)} clusters.`, { id: 'report.methods.cl.cut' }));
  parts.push(msg('Missing values were handled pairwise; trees are as R hclust (merge, height, order), with heights equal to fastcluster\'s.', { id: 'report.methods.cl.hclust' }));
  return parts.join(' ');
}

/** The Targets view's settings that shape the numbers (study.settings.targets; defaults as src/views/targets/settings.ts). */
function targetsMethodSettings(raw: unknown) {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const n = (r.network && typeof r.network === 'object' ? r.network : {}) as Record<string, unknown>;
  const int = (v: unknown, d: number, min: number) => (typeof v === 'number' && Number.isInteger(v) && v >= min ? v : d);
  const minSize = int(r.minSize, 5, 0);
  return {
    source: r.source === 'up' || r.source === 'list' ? r.source : 'down' as 'down' | 'up' | 'list',
    foldChange: typeof r.foldChange === 'number' && Number.isFinite(r.foldChange) && r.foldChange >= 1 ? r.foldChange : null,
    list: typeof r.list === 'string' ? r.list : '',
    minSize,
    maxSize: int(r.maxSize, 500, minSize),
    network: {
      maxP: typeof n.maxP === 'number' && n.maxP >= 0 && n.maxP <= 1 ? n.maxP : 0.05,
      adjust: n.adjust === 'BH' ? 'BH' : 'none' as 'BH' | 'none',
      minShared: int(n.minShared, 1, 1),
    },
  };
}

function enrichmentParagraph(study: StudyRecord, loc: string, facts: MethodsFacts, chosen: boolean): string | null {
  const raw = study.settings?.targets;
  if (!raw && !chosen) return null;
  const s = targetsMethodSettings(raw);
  const parts: string[] = [];
  const fc = s.foldChange == null ? num(expressionSettings(study.settings?.arrays).foldChangeCutoff, loc) : num(s.foldChange, loc);
  const order = chooseGroupOrder(study.arrays.map((a) => a.group), expressionSettings(study.settings?.arrays).groupOrder).order;
  const cmp = order?.[1] ?? '';
  const list = s.list.split(/[\s,;，；、]+/).filter(Boolean);
  parts.push(s.source === 'list'
    ? msg(str`The miRNAs studied were a list of ${n0(list.length, loc)}: ${list.join(', ')}.`, { id: 'report.methods.en.list' })
    : s.source === 'down'
      ? msg(str`The miRNAs studied were those lower in ${cmp} by a fold change of at least ${fc}.`, { id: 'report.methods.en.down' })
      : msg(str`The miRNAs studied were those higher in ${cmp} by a fold change of at least ${fc}.`, { id: 'report.methods.en.up' }));
  const e = facts.enrichment;
  if (e) {
    parts.push(e.gmtName
      ? msg(str`Targets were taken from the table ${q(e.targetsName)} and gene sets from ${q(e.gmtName)}.`, { id: 'report.methods.en.files' })
      : msg(str`Targets were taken from the table ${q(e.targetsName)}.`, { id: 'report.methods.en.filesTargets' }));
  }
  parts.push(e
    ? msg(str`Their target genes were tested for over-representation in each gene set with the hypergeometric test (R phyper(overlap − 1, set size, universe − set size, targets, lower.tail = FALSE)); the universe was the ${n0(e.universe, loc)} genes of the target table that belong to some gene set, ${n0(e.targets, loc)} of them targets.`, { id: 'report.methods.en.testN' })
    : msg('Their target genes were tested for over-representation in each gene set with the hypergeometric test (R phyper(overlap − 1, set size, universe − set size, targets, lower.tail = FALSE)); the universe was the genes of the target table that belong to some gene set.', { id: 'report.methods.en.test' }));
  parts.push(msg(str`Only gene sets with ${n0(s.minSize, loc)} to ${n0(s.maxSize, loc)} genes in the universe were tested; p-values were adjusted by Benjamini–Hochberg over the sets tested.`, { id: 'report.methods.en.sizes' }));
  const nw = s.network;
  parts.push(nw.adjust === 'BH'
    ? msg(str`In the miRNA–miRNA synergy network, a pair was linked when it shared at least ${n0(nw.minShared, loc)} targets and more than chance (hypergeometric test over the target table's genes, Benjamini–Hochberg adjusted p ≤ ${num(nw.maxP, loc, 4)}); the edge weight is the number of shared targets.`, { id: 'report.methods.en.networkBh' })
    : msg(str`In the miRNA–miRNA synergy network, a pair was linked when it shared at least ${n0(nw.minShared, loc)} targets and more than chance (hypergeometric test over the target table's genes, p ≤ ${num(nw.maxP, loc, 4)}); the edge weight is the number of shared targets.`, { id: 'report.methods.en.network' }));
  return parts.join(' ');
}

function exosomeParagraph(study: StudyRecord, loc: string): string | null {
  const ex = study.exosome;
  if (!ex || (ex.samples.length === 0 && !ex.rna)) return null;
  const s = exosomeSettings(study);
  const parts: string[] = [];
  if (ex.samples.length) {
    parts.push(msg(str`Particle size distributions of ${n0(ex.samples.length, loc)} samples were read from NanoSight nanoparticle tracking analysis (NTA) exports.`, { id: 'report.methods.ex.nta' }));
    parts.push(s.dilution === 'multiply'
      ? msg('Concentrations were multiplied by the dilution factor recorded in each file.', { id: 'report.methods.ex.multiply' })
      : msg('Concentrations were used as exported (NTA applies the dilution factor entered in it).', { id: 'report.methods.ex.asExported' }));
    parts.push(msg('Mean and SD of the size are weighted by the concentration in each size bin; D10, D50 and D90 are interpolated linearly on the cumulative distribution; the shares of particles below 100 nm and 150 nm are reported, and group summaries are mean ± SD across samples.', { id: 'report.methods.ex.stats' }));
  }
  if (ex.rna) {
    const test = s.test === 'student' ? msg('Student\'s t test (R t.test(var.equal = TRUE))', { id: 'report.methods.ex.student' })
      : s.test === 'welch' ? msg('Welch\'s t test (R t.test())', { id: 'report.methods.ex.welch' })
        : msg('the Mann–Whitney U test with the normal approximation and continuity correction (R wilcox.test(exact = FALSE))', { id: 'report.methods.ex.mw' });
    parts.push(msg(str`Exosomal RNA yields (ng/µl, Nanodrop) of ${n0(ex.rna.rows.length, loc)} samples are given as mean ± SD per group; two groups were compared with ${test}, two-sided.`, { id: 'report.methods.ex.rna' }));
    if (ex.rna.groups.length >= 3) {
      const gt = s.groupTest === 'anova' ? msg('one-way ANOVA', { id: 'report.methods.ex.anova' })
        : s.groupTest === 'welch-anova' ? msg('Welch\'s ANOVA', { id: 'report.methods.ex.welchAnova' })
          : msg('the Kruskal–Wallis test', { id: 'report.methods.ex.kruskal' });
      parts.push(msg(str`All groups were compared with ${gt}.`, { id: 'report.methods.ex.groupTest' }));
    }
  }
  return parts.join(' ');
}

function softwareParagraph(sw: SoftwareInfo): string {
  const build = sw.buildDate && sw.commit
    ? msg(str` (build of ${sw.buildDate}, commit ${sw.commit})`, { id: 'report.methods.sw.buildCommit' })
    : sw.buildDate ? msg(str` (build of ${sw.buildDate})`, { id: 'report.methods.sw.build' }) : '';
  const where = sw.runtime === 'node'
    ? msg('headless under Node (mmdr report), with the same WebAssembly kernels as the browser', { id: 'report.methods.sw.node' })
    : msg('in the browser, with WebAssembly kernels in a Web Worker; no data left the computer', { id: 'report.methods.sw.browser' });
  return msg(str`The analysis was run with the Myeloma DR Workbench version ${sw.version}${build}, ${where}. Its statistics follow the named R functions (stats, survival, limma, fastcluster) and are checked against R's output in the workbench's tests.`, { id: 'report.methods.sw.text' });
}

// ── assembly ──────────────────────────────────────────────────────────────────────────────────

const has = (views: readonly ReportViewId[] | undefined, ...v: ReportViewId[]) => !views || v.some((x) => views.includes(x));

/** The methods as headed paragraphs, in the order a paper's Methods reads. */
export function methodsSections(study: StudyRecord, opts: MethodsOptions): MethodsSection[] {
  const { loc, views } = opts;
  const facts = opts.facts ?? {};
  const out: MethodsSection[] = [];
  const add = (id: MethodsSection['id'], heading: string, text: string | null) => { if (text) out.push({ id, heading, text }); };
  const cohortViews = has(views, 'tables', 'survival');
  if (cohortViews) {
    add('data', msg('Patients and data', { id: 'report.methods.h.data' }), dataParagraph(study, loc));
    add('dr', msg('Drug-resistance groups', { id: 'report.methods.h.dr' }), drParagraph(study, loc));
  }
  if (has(views, 'tables')) add('tables', msg('Statistical analysis', { id: 'report.methods.h.tables' }), tablesParagraph(study));
  if (has(views, 'survival')) add('survival', msg('Survival', { id: 'report.methods.h.survival' }), survivalParagraph(study, loc, facts));
  if (has(views, 'exosome')) add('exosome', msg('Exosome QC', { id: 'report.methods.h.exosome' }), exosomeParagraph(study, loc));
  if (has(views, 'expression', 'clustering', 'targets')) add('arrays', msg('microRNA arrays', { id: 'report.methods.h.arrays' }), arraysParagraph(study, loc, facts));
  if (has(views, 'clustering')) add('clustering', msg('Hierarchical clustering', { id: 'report.methods.h.clustering' }), clusteringParagraph(study, loc, facts));
  if (has(views, 'targets')) add('enrichment', msg('Targets and pathways', { id: 'report.methods.h.enrichment' }), enrichmentParagraph(study, loc, facts, !!views?.includes('targets')));
  add('software', msg('Software', { id: 'report.methods.h.software' }), softwareParagraph(opts.software));
  return out;
}

/** The methods as plain paragraphs (one per analysis). */
export function methodsParagraphs(study: StudyRecord, opts: MethodsOptions): string[] {
  return methodsSections(study, opts).map((s) => s.text);
}
