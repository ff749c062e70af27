/**
 * The Survival view's tables as data: what the screen shows, and the ExportTables for CSV, XLSX and
 * Word (src/export/). Pure (no DOM); strings are localized with msg() and numbers with Intl.
 *
 * Two shapes of the same results:
 * - publication: one cell per statistic with its interval ("56.8 (54.8–NR)"), as a paper prints it;
 *   shown on screen and copied into Word;
 * - numeric: one column per number (median, lower, upper…), for R, SPSS or Excel; "NR" where a
 *   median or limit is not reached, empty where there is no number.
 */
import { msg, str } from '@lit/localize';
import type { ExportCell, ExportTable } from '../../export/table.ts';
import type { SurvivalInput, SurvivalSettings } from '../../study/survival-data.ts';
import { DAYS_PER_UNIT, type TimeUnit } from '../../study/endpoints.ts';
import type { KmAnalysisResult, KmBootstrapResponse, KmGroupResult, KmTestResult } from '../../worker/api/survival-api.ts';
import { zFor } from '../../stats/km.ts';
import { fixed, fmtInterval, fmtP, fmtTime, nrShort, notReached, testName, TIME_DIGITS, unitAbbr, unitName } from './format.ts';

/** A displayed cell: its text and, where there is one, the number behind it (for tests and titles). */
export interface ShownCell { text: string; value?: number | null; testid?: string }

/** The results table as shown. */
export interface ShownTable { columns: string[]; rows: ShownCell[][]; footnotes: string[] }

/** Times of S(t) in the current unit, rounded as the unit shows them. */
export function timesInUnit(s: Pick<SurvivalSettings, 'timesDays' | 'unit'>): number[] {
  const d = 10 ** (TIME_DIGITS[s.unit] + 1);
  return s.timesDays.map((t) => Math.round((t / DAYS_PER_UNIT[s.unit]) * d) / d);
}

/** Mean ± z·SE limits (as SPSS prints the 95% CI of the mean). */
function meanCi(m: number, se: number, level = 0.95): [number, number] {
  const z = zFor(level);
  return [m - z * se, m + z * se];
}

function rmeanOf(g: KmGroupResult, rule: SurvivalSettings['rmean']): { m: number; se: number; tau: number } {
  return rule === 'individual'
    ? { m: g.rmeanIndividual, se: g.rmeanIndividualSe, tau: g.tauIndividual }
    : { m: g.rmeanCommon, se: g.rmeanCommonSe, tau: g.tauCommon };
}

/** A time point as a header says it ("24", "1.5"): no forced decimals. */
const tLabel = (t: number, loc: string) => new Intl.NumberFormat(loc, { maximumFractionDigits: 2 }).format(t);

/** A time point with its short unit ("24 mo"). */
const tPoint = (t: number, unit: TimeUnit, loc: string) => `${tLabel(t, loc)} ${unitAbbr(unit)}`;

/** Header of the S(t) column at time t on screen ("At 24 mo"). */
function survHeader(t: number, unit: TimeUnit, loc: string): string {
  return msg(str`At ${tPoint(t, unit, loc)}`, { id: 'survival.col.survAt' });
}

/** Inputs every table builder takes. */
export interface TableContext {
  input: SurvivalInput;
  result: KmAnalysisResult;
  settings: SurvivalSettings;
  boot: KmBootstrapResponse | null;
  loc: string;
}

/**
 * The publication-style results table (screen and Word). The screen leaves the bootstrap columns
 * out (`withBootstrap` false) and shows them in their own table ({@link bootstrapTable}).
 */
export function resultsTable(cx: TableContext, withBootstrap = true): ShownTable {
  const { input, result, settings: s, loc } = cx;
  const boot = withBootstrap ? cx.boot : null;
  const u = unitName(s.unit);
  const t = (x: number | null, short = true) => fmtTime(x, s.unit, loc, short);
  const columns = [
    input.groupTitle ?? msg('Group', { id: 'survival.col.group' }),
    msg('n', { id: 'survival.col.n' }),
    msg('Events', { id: 'survival.col.events' }),
    msg(str`Median, ${u} (95% CI)`, { id: 'survival.col.median' }),
    msg(str`Mean, ${u} (SE; 95% CI)`, { id: 'survival.col.mean' }),
  ];
  if (boot) {
    columns.push(
      msg('Bootstrap median (95% CI)', { id: 'survival.col.bootMedian' }),
      msg('Replicates with median not reached', { id: 'survival.col.bootNotReached' }),
      msg('Bootstrap mean (95% CI)', { id: 'survival.col.bootMean' }),
    );
  }
  const rows = result.groups.map((g, gi): ShownCell[] => {
    const rm = rmeanOf(g, s.rmean);
    const [ml, mu] = meanCi(rm.m, rm.se, g.confLevel);
    const med = g.median === null ? notReached() : t(g.median);
    const row: ShownCell[] = [
      { text: input.labels[g.name] ?? g.name },
      { text: fixed(g.n, loc, 0), value: g.n },
      { text: fixed(g.events, loc, 0), value: g.events },
      { text: `${med} (${fmtInterval(g.medianLower, g.medianUpper, (x) => t(x))})`, value: g.median, testid: 'median' },
      { text: `${t(rm.m)} (${t(rm.se)}; ${fmtInterval(ml, mu, (x) => t(x))})`, value: rm.m, testid: 'mean' },
    ];
    if (boot) {
      const b = boot.groups[gi];
      row.push(
        { text: `${med} (${fmtInterval(b.medianLower, b.medianUpper, (x) => t(x))})`, value: b.medianLower, testid: 'boot-median' },
        { text: `${fixed(b.medianNotReached, loc, 0)} / ${fixed(b.replicates, loc, 0)}`, value: b.medianNotReached, testid: 'boot-nr' },
        { text: `${t(rm.m)} (${fmtInterval(b.rmeanLower, b.rmeanUpper, (x) => t(x))})`, value: b.rmeanLower, testid: 'boot-mean' },
      );
    }
    return row;
  });
  return { columns, rows, footnotes: footnotes(cx) };
}

/** The bootstrap intervals per group (a table of its own on screen); null without a bootstrap. */
export function bootstrapTable(cx: TableContext): ShownTable | null {
  const { input, result, settings: s, boot, loc } = cx;
  if (!boot) return null;
  const u = unitName(s.unit);
  const t = (x: number | null) => fmtTime(x, s.unit, loc, true);
  return {
    columns: [
      input.groupTitle ?? msg('Group', { id: 'survival.col.group' }),
      msg(str`Median, ${u}: 95% CI`, { id: 'survival.col.bootMedianCi' }),
      msg('Replicates with median not reached', { id: 'survival.col.bootNotReached' }),
      msg(str`Mean, ${u}: 95% CI`, { id: 'survival.col.bootMeanCi' }),
    ],
    rows: result.groups.map((g, gi): ShownCell[] => {
      const b = boot.groups[gi];
      return [
        { text: input.labels[g.name] ?? g.name },
        { text: fmtInterval(b.medianLower, b.medianUpper, t), value: b.medianLower, testid: 'boot-median' },
        { text: `${fixed(b.medianNotReached, loc, 0)} / ${fixed(b.replicates, loc, 0)}`, value: b.medianNotReached, testid: 'boot-nr' },
        { text: fmtInterval(b.rmeanLower, b.rmeanUpper, t), value: b.rmeanLower, testid: 'boot-mean' },
      ];
    }),
    footnotes: [],
  };
}

/** Survival at the chosen times, % (95% CI), one column per time (a separate table on screen). */
export function survivalAtTable(cx: TableContext): ShownTable {
  const { input, result, settings: s, loc } = cx;
  const pct = (x: number | null) => (x === null ? '–' : fixed(100 * x, loc, 1));
  const columns = [
    input.groupTitle ?? msg('Group', { id: 'survival.col.group' }),
    ...result.groups[0].at.map((a) => survHeader(a.time, s.unit, loc)),
  ];
  const rows = result.groups.map((g): ShownCell[] => [
    { text: input.labels[g.name] ?? g.name },
    ...g.at.map((a): ShownCell => ({
      text: a.surv === null ? msg('beyond follow-up', { id: 'survival.beyondFollowUp' }) : `${pct(a.surv)} (${pct(a.lower)}–${pct(a.upper)})`,
      value: a.surv,
      testid: 'surv-at',
    })),
  ]);
  return {
    columns, rows,
    footnotes: [msg('Survival in % (95% CI) at each time; "beyond follow-up" when the group\'s last observation is earlier.', { id: 'survival.note.survAt' })],
  };
}

/** The notes under the results table: how each number was made. */
export function footnotes(cx: TableContext): string[] {
  const { input, result, settings: s, boot, loc } = cx;
  const notes: string[] = [];
  const ci = s.confType === 'log' ? msg('log', { id: 'survival.ci.log' }) : s.confType === 'log-log' ? msg('log-log', { id: 'survival.ci.loglog' }) : msg('plain', { id: 'survival.ci.plain' });
  notes.push(s.medianRule === 'r'
    ? msg(str`Median: first time S(t) falls below 0.5 (R's rule; the midpoint where the curve is flat at 0.5). Its 95% CI is read off the ${ci}-transformed Greenwood band, as R's survfit.`, { id: 'survival.note.medianR' })
    : msg(str`Median: first time S(t) ≤ 0.5 (SPSS's rule, which the paper used). Its 95% CI is read off the ${ci}-transformed Greenwood band, as R does; SPSS estimates the median's CI differently (from a standard error of the median), so that interval can differ from SPSS output.`, { id: 'survival.note.medianSpss' }));
  if (s.rmean === 'individual') {
    notes.push(msg('Mean: restricted mean survival up to each group\'s own last observed time (SPSS\'s "Mean", as the paper reports it; R: print(fit, rmean = "individual")), with its standard error and mean ± 1.96 SE.', { id: 'survival.note.meanIndividual' }));
  } else {
    const tau = result.groups[0]?.tauCommon ?? 0;
    notes.push(msg(str`Mean: restricted mean survival up to the last observed time of all groups (${fmtTime(tau, s.unit, loc)} ${unitName(s.unit)}; R: rmean = "common"), with its standard error and mean ± 1.96 SE.`, { id: 'survival.note.meanCommon' }));
  }
  const per = s.unit === 'months' ? msg(' (days / 30.4375)', { id: 'survival.note.monthDays' }) : s.unit === 'years' ? msg(' (days / 365.25)', { id: 'survival.note.yearDays' }) : '';
  notes.push(msg(str`NR: not reached. Times in ${unitName(s.unit)}${per}.`, { id: 'survival.note.nr' }));
  if (boot) {
    notes.push(msg(str`Bootstrap: ${fixed(boot.replicates, loc, 0)} replicates resampling patients within each group, seed ${boot.seed}; percentile intervals as R's boot.ci(type = "perc"). Replicates whose median was not reached are counted, and a limit that falls among them is NR. Bootstrap medians use R's rule.`, { id: 'survival.note.bootstrap' }));
  }
  if (input.excluded.length) {
    notes.push(msg(str`${input.excluded.length} of ${input.eligible} patients were left out (listed below with the reason).`, { id: 'survival.note.excluded' }));
  }
  return notes;
}

/** Tests table rows: name, χ², df, p (exact), and whether it is the chosen test. */
export interface ShownTest { name: string; chisq: string; df: string; p: string; pValue: number | null; chosen: boolean; weights: KmTestResult['weights'] }

/** The log-rank family as shown (chosen test first-class, all three listed as SPSS's "Overall Comparisons"). */
export function testsTable(cx: TableContext): { rows: ShownTest[]; note: string | null } | null {
  const { result, settings: s, input, loc } = cx;
  if (!result.tests) return null;
  const rows = result.tests.map((x) => ({
    name: testName(x.weights), chisq: fixed(x.chisq, loc, 3), df: String(x.df), p: fmtP(x.p, loc, true), pValue: x.p,
    chosen: x.weights === s.test, weights: x.weights,
  }));
  const strata = result.tests[0].strata;
  const note = input.strataTitle
    ? msg(str`Stratified by ${input.strataTitle} (${strata} strata): the groups are compared within each stratum and the results summed, as R's survdiff(… + strata()).`, { id: 'survival.note.stratified' })
    : null;
  return { rows, note };
}

/** The numeric results table for CSV / XLSX (one column per number). */
export function numericExport(cx: TableContext, title: string): ExportTable {
  const { input, result, settings: s, boot } = cx;
  const u = unitName(s.unit);
  const nr = nrShort();
  const num = (x: number | null): ExportCell => (x === null ? nr : x);
  const columns = [
    input.groupTitle ?? msg('Group', { id: 'survival.col.group' }), msg('n', { id: 'survival.col.n' }), msg('Events', { id: 'survival.col.events' }),
    msg('Censored', { id: 'survival.col.censored' }),
    msg(str`Median (${u})`, { id: 'survival.x.median' }), msg('Median 95% CI lower', { id: 'survival.x.medianLower' }), msg('Median 95% CI upper', { id: 'survival.x.medianUpper' }),
    msg(str`Mean (${u})`, { id: 'survival.x.mean' }), msg('Mean SE', { id: 'survival.x.meanSe' }), msg('Mean 95% CI lower', { id: 'survival.x.meanLower' }),
    msg('Mean 95% CI upper', { id: 'survival.x.meanUpper' }), msg('Mean limit τ', { id: 'survival.x.tau' }),
  ];
  for (const a of result.groups[0].at) {
    const h = msg(str`Survival at ${tPoint(a.time, s.unit, cx.loc)}`, { id: 'survival.x.survAt' });
    columns.push(h, `${h} ${msg('lower', { id: 'survival.x.lower' })}`, `${h} ${msg('upper', { id: 'survival.x.upper' })}`, `${h} ${msg('at risk', { id: 'survival.x.atRisk' })}`);
  }
  if (boot) {
    columns.push(msg('Bootstrap median lower', { id: 'survival.x.bootMedianLower' }), msg('Bootstrap median upper', { id: 'survival.x.bootMedianUpper' }),
      msg('Replicates with median not reached', { id: 'survival.col.bootNotReached' }), msg('Bootstrap replicates', { id: 'survival.x.bootReplicates' }),
      msg('Bootstrap mean lower', { id: 'survival.x.bootMeanLower' }), msg('Bootstrap mean upper', { id: 'survival.x.bootMeanUpper' }));
  }
  const rows = result.groups.map((g, gi) => {
    const rm = rmeanOf(g, s.rmean);
    const [ml, mu] = meanCi(rm.m, rm.se, g.confLevel);
    const row: ExportCell[] = [input.labels[g.name] ?? g.name, g.n, g.events, g.nCensor.reduce((a, b) => a + b, 0),
      num(g.median), num(g.medianLower), num(g.medianUpper), rm.m, rm.se, ml, mu, rm.tau];
    for (const a of g.at) row.push(a.surv, a.lower, a.upper, a.nRisk);
    if (boot) {
      const b = boot.groups[gi];
      row.push(num(b.medianLower), num(b.medianUpper), b.medianNotReached, b.replicates, num(b.rmeanLower), num(b.rmeanUpper));
    }
    return row;
  });
  const tests = testsTable(cx);
  const extra = tests ? tests.rows.map((r) => `${r.name}: χ² = ${r.chisq}, df = ${r.df}, p = ${r.p}`) : [];
  return { title, columns, rows, footnotes: [...extra, ...(tests?.note ? [tests.note] : []), ...footnotes(cx)] };
}

/** The publication table for Word (title, the shown cells, the tests and the footnotes). */
export function publicationExport(cx: TableContext, title: string): ExportTable {
  const main = resultsTable(cx);
  const at = survivalAtTable(cx);
  const t = {
    columns: [...main.columns, ...cx.result.groups[0].at.map((a) => msg(str`Survival at ${tPoint(a.time, cx.settings.unit, cx.loc)}, % (95% CI)`, { id: 'survival.col.survAtPct' }))],
    rows: main.rows.map((r, i) => [...r, ...at.rows[i].slice(1)]),
    footnotes: main.footnotes,
  };
  const tests = testsTable(cx);
  const chosen = tests?.rows.find((r) => r.chosen);
  const testNote = chosen ? [`${chosen.name}: χ² = ${chosen.chisq}, df = ${chosen.df}, p = ${chosen.p}`] : [];
  return { title, columns: t.columns, rows: t.rows.map((r) => r.map((c) => c.text)), footnotes: [...testNote, ...(tests?.note ? [tests.note] : []), ...t.footnotes] };
}

/** The tests as an ExportTable. */
export function testsExport(cx: TableContext, title: string): ExportTable | null {
  const tests = testsTable(cx);
  if (!tests) return null;
  return {
    title,
    columns: [msg('Test', { id: 'survival.col.test' }), 'χ²', 'df', 'p'],
    rows: tests.rows.map((r, i) => [r.name, cx.result.tests![i].chisq, cx.result.tests![i].df, cx.result.tests![i].p]),
    footnotes: tests.note ? [tests.note] : [],
  };
}

/** The excluded patients as an ExportTable. */
export function excludedExport(input: SurvivalInput, title: string): ExportTable {
  return {
    title,
    columns: [msg('Patient', { id: 'survival.col.patient' }), msg('Line in the file', { id: 'survival.col.line' }), msg('Reason', { id: 'survival.col.reason' })],
    rows: input.excluded.map((e) => [e.patient, e.line, e.reason]),
  };
}

/** The analysed patients (id, time, event, group, stratum) so anyone can re-run the analysis in R or SPSS. */
export function dataExport(input: SurvivalInput, title: string): ExportTable {
  const columns = [msg('patient', { id: 'survival.data.patient' }), `time_${input.unit}`, 'event', ...(input.group ? ['group'] : []), ...(input.strata ? ['stratum'] : [])];
  const rows = input.time.map((t, i): ExportCell[] => [input.patients[i], t, input.event[i], ...(input.group ? [input.labels[input.group[i]] ?? input.group[i]] : []), ...(input.strata ? [input.strata[i]] : [])]);
  return {
    title, columns, rows,
    footnotes: [msg('event: 1 = event, 0 = censored. In R: survfit(Surv(time, event) ~ group, data = …).', { id: 'survival.data.note' })],
  };
}

/** A methods paragraph stating every setting (for a manuscript, and for the report view). */
export function methodsText(cx: TableContext, drugLabel: string | null): string {
  const { input, result, settings: s, boot, loc } = cx;
  const parts: string[] = [];
  switch (s.endpoint) {
    case 'os-diagnosis': parts.push(msg('Overall survival was measured from diagnosis to death from any cause; patients alive were censored at their last follow-up.', { id: 'survival.methods.osDiagnosis' })); break;
    case 'os-regimen': parts.push(msg('Overall survival was measured from the start of the regimen to death from any cause; patients alive were censored at their last follow-up.', { id: 'survival.methods.osRegimen' })); break;
    case 'dor': parts.push(s.deathIsEvent
      ? msg('Duration of response was measured from the first response to progression or death, whichever came first; other patients were censored at their last follow-up.', { id: 'survival.methods.dorDeath' })
      : msg('Duration of response was measured from the first response to progression; patients without progression were censored at death or last follow-up, whichever came first.', { id: 'survival.methods.dor' })); break;
    case 'columns': parts.push(msg(str`Survival times were taken from the column "${s.timeColumn ?? ''}" and events from the column "${s.eventColumn ?? ''}".`, { id: 'survival.methods.columns' })); break;
  }
  const n = fixed(input.time.length, loc, 0);
  parts.push(drugLabel
    ? msg(str`${n} patients treated with ${drugLabel} were analysed.`, { id: 'survival.methods.nDrug' })
    : msg(str`${n} patients were analysed.`, { id: 'survival.methods.n' }));
  if (input.excluded.length) parts.push(msg(str`${fixed(input.excluded.length, loc, 0)} patients were left out for missing or unusable data.`, { id: 'survival.methods.excluded' }));
  const ci = s.confType === 'log' ? msg('log', { id: 'survival.ci.log' }) : s.confType === 'log-log' ? msg('log-log', { id: 'survival.ci.loglog' }) : msg('plain', { id: 'survival.ci.plain' });
  parts.push(msg(str`Survival was estimated by the Kaplan–Meier method, with Greenwood variances and ${ci}-transformed 95% confidence intervals.`, { id: 'survival.methods.km' }));
  parts.push(s.medianRule === 'r'
    ? msg('Medians are the first time the curve falls below 0.5 (R\'s rule).', { id: 'survival.methods.medianR' })
    : msg('Medians are the first time the curve reaches 0.5 or less (SPSS\'s rule).', { id: 'survival.methods.medianSpss' }));
  parts.push(s.rmean === 'individual'
    ? msg('Means are restricted means up to each group\'s last observed time (as SPSS reports them).', { id: 'survival.methods.meanIndividual' })
    : msg('Means are restricted means up to the last observed time of all groups.', { id: 'survival.methods.meanCommon' }));
  if (result.tests && input.groupTitle) {
    const name = testName(s.test);
    parts.push(input.strataTitle
      ? msg(str`Groups by ${input.groupTitle} were compared with the ${name} test, stratified by ${input.strataTitle}.`, { id: 'survival.methods.testStratified' })
      : msg(str`Groups by ${input.groupTitle} were compared with the ${name} test.`, { id: 'survival.methods.test' }));
  }
  if (boot) {
    parts.push(msg(str`Bootstrap percentile intervals for the median and the mean came from ${fixed(boot.replicates, loc, 0)} replicates resampling patients within each group (seed ${boot.seed}).`, { id: 'survival.methods.bootstrap' }));
  }
  parts.push(msg('Computed with the Myeloma DR Workbench, which follows R\'s survival package (survfit, survdiff).', { id: 'survival.methods.software' }));
  return parts.join(' ');
}
