/**
 * The Tables view's layout and its exports (src/views/tables/shown.ts) on the demo cohort, through
 * the worker task that computes them (src/worker/api/cohort-api.ts): Table 1 → ExportTable (header,
 * level rows "n (%)", p with its footnote mark, footnotes naming the tests), Tables 2–3 without an
 * "All" column, survival rows (KM restricted mean and log-rank equal to the Survival view's task),
 * the risk-factor and logistic tables, the builder's Supplementary Table S1, and the DR summary.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readDelimited } from '../../src/formats/delimited.ts';
import { guessMapping } from '../../src/study/mapping.ts';
import type { CohortData } from '../../src/study/model.ts';
import { cohortApi } from '../../src/worker/api/cohort-api.ts';
import { survivalApi } from '../../src/worker/api/survival-api.ts';
import { showLogisticTable, showPaperTable, showRiskTable, toExportTable } from '../../src/views/tables/shown.ts';
import { tableToCsv } from '../../src/export/table.ts';
import { SUPPLEMENTARY_S1 } from '../../src/study/table-builder.ts';
import { buildSurvivalInput, DEFAULT_SURVIVAL_SETTINGS } from '../../src/study/survival-data.ts';
import { PAPER_RISK_CONTRAST } from '../../src/study/paper-tables.ts';

const noKernels = () => { throw new Error('no kernels in this test'); };
const api = cohortApi(noKernels);
let cohort: CohortData;
beforeAll(() => {
  const t = readDelimited(new Uint8Array(readFileSync('public/demo/cohort.csv')), 'cohort.csv');
  cohort = {
    fileId: 'f', fileName: 'cohort.csv', encoding: t.encoding, delimiter: t.delimiter, columns: t.columns, rows: t.rows, lineOfRow: t.lineOfRow,
    mapping: guessMapping(t.columns), report: { rows: t.rows.length, columns: t.columns.length, emptyRowsDropped: 0, raggedRows: 0 },
  };
});
const show = { pStyle: 'journal' as const, locale: 'en-GB' };

describe('Table 1 → screen rows → ExportTable', () => {
  it('header, level rows with n (%), the p with its footnote, footnotes naming the tests', async () => {
    const r = await api.cohortTable(cohort, { kind: 'table1' }, { policy: 'spss', survival: null });
    if (r.kind !== 'paper') throw new Error(r.kind);
    const e = toExportTable(showPaperTable(r.table, r.survival, show));
    expect(e.columns).toEqual(['Characteristic', 'All (n = 204)', 'Bortezomib (n = 115)', 'Thalidomide (n = 67)', 'Lenalidomide (n = 22)', 'p']);
    const row = (label: string) => e.rows.find((x) => x[0] === label)!;
    expect(row('Age (years)')).toEqual(['Age (years)', null, null, null, null, '0.015 a']);
    expect(row('  < 65')).toEqual(['  < 65', '143 (70.1%)', '90 (78.3%)', '40 (59.7%)', '13 (59.1%)', null]);
    expect(row('Sex')[5]).toBe('0.187 a');
    expect(row('Median age (range), years')[1]).toMatch(/^\d+(\.\d)? \(\d+–\d+\)$/);
    expect(e.footnotes).toContain('a Pearson χ²');
    expect(e.footnotes!.some((f) => /ISS stage: 1 cells \(16\.7%\) have expected count less than 5/.test(f))).toBe(true);
    expect(e.footnotes!.some((f) => f.startsWith('Test policy: SPSS (as in the paper)'))).toBe(true);
    // the ISS row shows I, II, III, missing, then the compared levels
    const iss = e.rows.findIndex((x) => x[0] === 'ISS stage');
    expect(e.rows.slice(iss, iss + 7).map((x) => x[0])).toEqual(['ISS stage', '    I', '    II', '    III', '  Missing', '  Compared: I vs II and III', '  I']);
    const csv = tableToCsv(e);
    expect(csv.split('\r\n')[0]).toBe('\uFEFFCharacteristic,All (n = 204),Bortezomib (n = 115),Thalidomide (n = 67),Lenalidomide (n = 22),p');
    expect(csv).toContain('Sex,,,,,0.187 a');
  });

  it('the automatic policy changes the test behind ISS to Fisher and the footnote says so', async () => {
    const r = await api.cohortTable(cohort, { kind: 'table1' }, { policy: 'automatic', survival: null });
    if (r.kind !== 'paper') throw new Error(r.kind);
    const s = showPaperTable(r.table, null, show);
    const iss = s.rows.find((x) => x.id === 'iss_stage' && x.kind === 'label')!;
    expect(iss.test).toBe('Fisher exact');
    expect(iss.p).toBe('0.178');
    expect(s.footnotes.find((f) => iss.marks.includes(f.mark) && f.text === 'Fisher exact')).toBeTruthy();
  });

  it('survival rows: the restricted mean and log-rank equal the Survival view task; time to DR has a range', async () => {
    const r = await api.cohortTable(cohort, { kind: 'table1' }, { policy: 'spss', survival: { os: true, timeToDr: true, estimate: 'mean' } });
    if (r.kind !== 'paper' || !r.survival?.os) throw new Error('no survival rows');
    const input = buildSurvivalInput(cohort, { ...DEFAULT_SURVIVAL_SETTINGS, grouping: 'field:drug' });
    const km = await survivalApi(noKernels).kmAnalysis({ time: Float64Array.from(input.time), event: Uint8Array.from(input.event), group: input.group, levels: input.levels, strata: null },
      { confType: 'log', medianRule: 'r', times: [] });
    const bz = km.groups.find((g) => g.name === 'Bz')!;
    expect(r.survival.os.cells[0]).toMatchObject({ key: 'Bz', n: bz.n, events: bz.events });
    expect(r.survival.os.cells[0].estimate).toBeCloseTo(bz.rmeanIndividual, 12);
    expect(r.survival.os.p).toBeCloseTo(km.tests!.find((t) => t.weights === 'logrank')!.p!, 12);
    const s = showPaperTable(r.table, r.survival, show);
    const os = s.rows.find((x) => x.id === 'os')!;
    expect(os.cells[1]).toMatch(/^\d+\.\d \(\d+\.\d–\d+\.\d\)$/);
    expect(os.test).toBe('Log-rank');
    const ttd = s.rows.find((x) => x.id === 'time_to_dr')!;
    expect(ttd.cells[0]).toMatch(/^\d+\.\d \(\d+\.\d–\d+\.\d\)$/);
    expect(s.footnotes.some((f) => f.text.startsWith('Estimated OS: Kaplan–Meier restricted mean'))).toBe(true);
  });
});

describe('the other tables', () => {
  it('Table 2 (Bz) has no All column; treatment condition p = 0.007', async () => {
    const r = await api.cohortTable(cohort, { kind: 'drug', drug: 'Bz' }, { policy: 'spss', survival: null });
    if (r.kind !== 'paper') throw new Error(r.kind);
    const s = showPaperTable(r.table, null, show);
    expect(s.columns.map((c) => [c.label, c.n])).toEqual([['Response', 73], ['De novo DR', 35], ['Acquired DR', 7]]);
    expect(s.rows.find((x) => x.id === 'line' && x.kind === 'label')!.p).toBe('0.007');
    const hb = s.rows.find((x) => x.id === 'hb')!;
    expect(hb.label).toBe('Haemoglobin, g/L (mean ± SD)');
    expect(hb.cells[0]).toMatch(/^\d+\.\d ± \d+\.\d$/);
  });

  it('risk factors: OR (Woolf) and Fisher p as the paper prints them', async () => {
    const r = await api.cohortTable(cohort, { kind: 'risk', contrast: PAPER_RISK_CONTRAST, predictors: ['flc_extreme', 'crp_high', 'second_line'], haldane: false }, { policy: 'spss', survival: null });
    if (r.kind !== 'risk') throw new Error(r.kind);
    const e = toExportTable(showRiskTable(r.table, { ...show, pStyle: 'spss' }));
    expect(e.columns).toEqual(['Predictor', 'Acquired DR (n = 7): yes', 'Acquired DR (n = 7): no', 'Response (n = 73): yes', 'Response (n = 73): no', 'OR (95% CI)', 'p']);
    expect(e.rows[0]).toEqual(['Light-chain ratio ≤ 0.01 or ≥ 100', '5', '1', '7', '48', '34.286 (3.476–338.160)', '0.001 a']);
    expect(e.rows[2]).toEqual(['Second-line use', '5', '2', '15', '58', '9.667 (1.705–54.817)', '0.009 a']);
    expect(e.footnotes).toContain('a Fisher exact');
  });

  it('a threshold predictor made by the user, and Haldane on request', async () => {
    const r = await api.cohortTable(cohort, { kind: 'risk', contrast: { drug: null, caseGroup: 'acquired', controlGroup: 'response' }, predictors: ['fish_t11_14', 'thr:crp:>=:10'], haldane: true }, { policy: 'spss', survival: null });
    if (r.kind !== 'risk') throw new Error(r.kind);
    expect(r.table.rows.map((x) => x.label)).toEqual(['t(11;14)', 'CRP ≥ 10 mg/L']);
    expect(r.table.rows[0].oddsRatio!.haldane).toBe(true);
  });

  it('logistic regression with separation: the warning is shown', async () => {
    const r = await api.cohortTable(cohort, { kind: 'logistic', contrast: PAPER_RISK_CONTRAST, predictors: ['flc_extreme', 'crp_high', 'second_line'] }, { policy: 'spss', survival: null });
    if (r.kind !== 'logistic') throw new Error(r.kind);
    const s = showLogisticTable(r.table, show, r.inContrast);
    expect(s.rows.map((x) => x.label)).toEqual(['Light-chain ratio ≤ 0.01 or ≥ 100', 'CRP ≥ 20 mg/L', 'Second-line use']);
    expect(s.notes.some((n) => /separation/.test(n))).toBe(true);
    // the drifting terms are "not estimable", not a huge number; the one that converged keeps its OR
    expect(s.rows.filter((x) => x.cells[0] === 'not estimable').map((x) => x.id)).toEqual(['crp_high', 'second_line']);
    expect(s.rows[0].cells[0]).toMatch(/^\d+\.\d{3}$/);
    expect(s.notes[0]).toMatch(/^28 of the 80 patients compared have every predictor \(3 cases\); 52 are left out/);
    expect(toExportTable(s).columns).toEqual(['Predictor', 'OR', '95% CI', 'B', 'SE', 'p']);
  });

  it('the builder: Supplementary Table S1 (1q21 gain vs none within de novo DR)', async () => {
    const r = await api.cohortTable(cohort, { kind: 'custom', spec: SUPPLEMENTARY_S1 }, { policy: 'spss', survival: { os: true, timeToDr: true, estimate: 'median' } });
    if (r.kind !== 'paper') throw new Error(r.kind);
    expect(r.table.columns.map((c) => [c.key, c.n])).toEqual([['1', 15], ['0', 9]]);
    expect(r.table.title).toBe('By 1q21 gain, patients with DR group: De novo DR');
    const s = showPaperTable(r.table, r.survival, show);
    expect(s.rows.map((x) => x.id)).toEqual(['field:age', 'field:triglyceride', 'field:cholesterol', 'field:hdl_c', 'field:ldl_c', 'field:glucose', 'section.survival', 'os', 'time_to_dr']);
    expect(s.rows.find((x) => x.id === 'field:cholesterol')!.test).toBe('Student t');
  });
});

describe('the Cohort tab overview', () => {
  it('DR counts per drug, nothing unclassified, the builder variables and predictors', async () => {
    const o = await api.cohortOverview(cohort, { windowDays: 60 });
    expect(o.dr).toMatchObject({ canClassify: true, fromColumn: null, missingFields: [], totals: { response: 95, denovo: 88, acquired: 21, unclassified: 0 } });
    expect(o.dr.counts.Thal).toEqual({ response: 18, denovo: 40, acquired: 9, unclassified: 0 });
    expect(o.dr.groups).toHaveLength(204);
    expect(o.drugs.map((d) => d.code)).toEqual(['Bz', 'Thal', 'Len']);
    expect(o.variables.find((v) => v.key === 'dr')!.levels!.map((l) => [l.value, l.count])).toEqual([['response', 95], ['denovo', 88], ['acquired', 21]]);
    expect(o.predictors.map((p) => p.id)).toContain('flc_extreme');
    // a 30-day window moves patients between groups, and the summary follows
    const o30 = await api.cohortOverview(cohort, { windowDays: 30 });
    expect(o30.dr.totals.denovo).toBeLessThanOrEqual(88);
  });
});
