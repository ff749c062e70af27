/**
 * The paper's tables built from the synthetic demo cohort (whose counts follow the paper's Tables
 * 1–4): counts per drug and DR group, the p-values the paper printed, footnotes, the risk-factor
 * ORs and the logistic regression against R (cohort-reference.json); and the cohort reader
 * (decimal commas, synonyms, located problems).
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { cohortCsv, makeCohort } from '../../scripts/demo/cohort.ts';
import { COHORT_SEED } from '../../scripts/make-demo.ts';
import { readDelimited } from '../../src/formats/delimited.ts';
import { InputError } from '../../src/formats/input-error.ts';
import { formatP, formatOddsRatio } from '../../src/stats/p-format.ts';
import { CohortTable, PAPER_PREDICTORS, canonicalLevel, thresholdPredictor } from '../../src/study/cohort-table.ts';
import {
  PAPER_RISK_CONTRAST, PAPER_RISK_PREDICTORS, buildDrugTable, buildLogisticTable, buildRiskFactorTable, buildTable1, buildTable4,
  type CategoricalRow, type ContinuousRow, type PaperTable,
} from '../../src/study/paper-tables.ts';

let cohort: CohortTable;
beforeAll(() => {
  const csv = cohortCsv(makeCohort(COHORT_SEED));
  cohort = CohortTable.fromDelimited(readDelimited(new TextEncoder().encode(csv), 'cohort.csv'));
});
const cat = (t: PaperTable, id: string): CategoricalRow => t.rows.find((r) => r.kind === 'categorical' && r.id === id) as CategoricalRow;
const cont = (t: PaperTable, id: string): ContinuousRow => t.rows.find((r) => r.kind === 'continuous' && r.id === id) as ContinuousRow;
const counts = (r: CategoricalRow): number[][] => r.levels.map((l) => l.counts);
const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

describe('Table 1 (demo cohort, SPSS policy)', () => {
  let t: PaperTable;
  beforeAll(() => { t = buildTable1(cohort); });
  it('columns Bz 115, thalidomide 67, lenalidomide 22; 204 in all', () => {
    expect(t.columns.map((c) => [c.key, c.n])).toEqual([['Bz', 115], ['Thal', 67], ['Len', 22]]);
    expect(t.total.n).toBe(204);
    expect(t.excluded).toEqual([]);
  });
  it('age < 65 / ≥ 65 90/25, 40/27, 13/9 — p = 0.015 (Pearson χ²)', () => {
    const r = cat(t, 'age_group');
    expect(counts(r)).toEqual([[90, 40, 13], [25, 27, 9]]);
    expect(r.levels.map((l) => l.total)).toEqual([143, 61]);
    expect(r.levels[0].percents[0]).toBeCloseTo(78.26, 2);
    expect(r.test.test).toBe('pearson');
    expect(formatP(r.test.p)).toBe('0.015');
    const age = cont(t, 'age');
    expect(age.display).toBe('median-range');
    expect(age.groups.map((g) => g.n)).toEqual([115, 67, 22]);
  });
  it('sex M/F 74/41, 35/32, 11/11 — p = 0.187', () => {
    const r = cat(t, 'sex');
    expect(counts(r)).toEqual([[74, 35, 11], [41, 32, 11]]);
    expect(formatP(r.test.p)).toBe('0.187');
  });
  it('ISS I vs II+III 20/70, 18/32, 2/9 (missing 25/17/11; detail I/II/III) — p = 0.169 with the expected<5 note', () => {
    const r = cat(t, 'iss_stage');
    expect(counts(r)).toEqual([[20, 18, 2], [70, 32, 9]]);
    expect(r.missing).toEqual([25, 17, 11]);
    expect(r.detail!.map((l) => l.counts)).toEqual([[20, 18, 2], [38, 19, 3], [32, 13, 6]]);
    expect(r.levels[0].percents[0]).toBeCloseTo(22.2, 1); // the paper's 22.2%: % among patients with a stage
    expect(formatP(r.test.p)).toBe('0.169');
    expect(r.test.expected).toMatchObject({ cellsBelow5: 1, cells: 6 });
    const note = t.footnotes.find((f) => r.test.footnotes.includes(f.mark) && f.kind === 'expected')!;
    expect(note.text).toMatch(/1 cells \(16\.7%\) have expected count less than 5\. The minimum expected count is 2\.91\./);
  });
  it('Durie–Salmon 1 vs 2+3 p = 0.061, A vs B p = 0.842; isotype p = 0.092; cytogenetics p = 0.843', () => {
    expect(formatP(cat(t, 'ds_stage_number').test.p)).toBe('0.061');
    expect(formatP(cat(t, 'ds_stage_letter').test.p)).toBe('0.842');
    expect(counts(cat(t, 'isotype'))).toEqual([[22, 6, 1], [82, 55, 21], [2, 3, 0]]);
    expect(formatP(cat(t, 'isotype').test.p)).toBe('0.092');
    expect(counts(cat(t, 'cytogenetics'))).toEqual([[27, 7, 2], [22, 8, 2]]);
    expect(formatP(cat(t, 'cytogenetics').test.p)).toBe('0.843');
  });
  it('DR groups: response 73/18/4 vs DR 42/49/18 (de novo 35/40/13, acquired 7/9/5) — p < 0.001 (SPSS "0.000")', () => {
    const r = cat(t, 'dr_group');
    expect(counts(r)).toEqual([[73, 18, 4], [42, 49, 18]]);
    expect(r.detail!.map((l) => l.counts)).toEqual([[35, 40, 13], [7, 9, 5]]);
    expect(formatP(r.test.p, 'journal')).toBe('<0.001');
    expect(formatP(r.test.p, 'spss')).toBe('0.000');
  });
  it('front-line / second-line 82/33, 49/18, 6/16 — p < 0.001', () => {
    const r = cat(t, 'line');
    expect(counts(r)).toEqual([[82, 49, 6], [33, 18, 16]]);
    expect(formatP(r.test.p)).toBe('<0.001');
  });
  it('footnotes name the tests behind the p-values', () => {
    expect(t.footnotes.filter((f) => f.kind === 'test').map((f) => [f.test, f.text])).toEqual([['pearson', 'Pearson χ²'], ['anova', 'one-way ANOVA']]);
    expect(cat(t, 'sex').test.footnotes).toEqual(['a']);
  });
  it('the automatic policy switches sparse rows to Fisher and says so', () => {
    const a = buildTable1(cohort, { policy: 'automatic' });
    expect(cat(a, 'sex').test.test).toBe('pearson');
    expect(cat(a, 'iss_stage').test.test).toBe('fisher');
    expect(rel(cat(a, 'iss_stage').test.p!, 0.178424933757526)).toBeLessThan(1e-6); // contingency.json ISS fisher_p
    expect(a.footnotes.some((f) => f.test === 'fisher' && f.text === 'Fisher exact')).toBe(true);
  });
});

describe('Tables 2–3 (demo cohort)', () => {
  it('Bz: response 73, de novo 35, acquired 7; treatment condition 58/22/2 vs 15/13/5 — p = 0.007', () => {
    const t = buildDrugTable(cohort, 'Bz');
    expect(t.id).toBe('table2');
    expect(t.columns.map((c) => [c.key, c.n])).toEqual([['response', 73], ['denovo', 35], ['acquired', 7]]);
    const line = cat(t, 'line');
    expect(counts(line)).toEqual([[58, 22, 2], [15, 13, 5]]);
    expect(formatP(line.test.p)).toBe('0.007');
    expect(formatP(cat(t, 'age_group').test.p)).toBe('0.870'); // the paper: 0.87
    expect(formatP(cat(t, 'iss_stage').test.p)).toBe('0.987');
    expect(formatP(cat(t, 'ds_stage_number').test.p)).toBe('0.829');
    expect(formatP(cat(t, 'bone_lesions').test.p)).toBe('0.705');
    expect(counts(cat(t, 'flc_extreme'))).toEqual([[7, 1, 5], [48, 26, 1]]);
  });
  it('continuous rows: mean ± SD per group, one-way ANOVA (SPSS); Hb equals R', () => {
    const t = buildDrugTable(cohort, 'Bz');
    const hb = cont(t, 'hb');
    const ref = (JSON.parse(readFileSync('tests/fixtures/cohort-reference.json', 'utf8')) as { compare: { name: string; anova: { p: number }; summary: { mean: number[] } }[] })
      .compare.find((c) => c.name.includes('Hb'))!;
    expect(hb.display).toBe('mean-sd');
    expect(hb.test.test).toBe('anova');
    // R's group order there is acquired, denovo, response
    expect(rel(hb.groups[0].mean, ref.summary.mean[2])).toBeLessThan(1e-9);
    expect(rel(hb.test.p!, ref.anova.p)).toBeLessThan(1e-6);
    expect(hb.test.alternatives.map((a) => a.test)).toEqual(['welch-anova', 'kruskal']);
    // A lab not measured in one group is compared between the other two (Student t), as the paper did for ESR.
    const esr = cont(t, 'esr');
    expect(esr.groups[2].n).toBe(0);
    expect(esr.test.test).toBe('student-t');
  });
  it('Thal: response 18, de novo 40, acquired 9 (Table 3)', () => {
    const t = buildDrugTable(cohort, 'Thal');
    expect(t.id).toBe('table3');
    expect(t.columns.map((c) => c.n)).toEqual([18, 40, 9]);
  });
});

describe('Table 4 (demo cohort)', () => {
  it('68 patients with cytogenetics (37/24/7) and the paper\'s p-values', () => {
    const t = buildTable4(cohort);
    expect(t.columns.map((c) => c.n)).toEqual([37, 24, 7]);
    expect(t.excluded.map((e) => [e.reason, e.count])).toEqual([['no-cytogenetics', 136]]);
    const want: [string, number[], string][] = [
      ['high_risk_cytogenetics', [13, 15, 4], '0.096'], ['fish_1q21_gain', [12, 15, 4], '0.057'], ['fish_1p_del', [0, 1, 1], '0.111'],
      ['fish_13q_del', [12, 9, 4], '0.460'], ['fish_tp53_del', [1, 1, 1], '0.391'], ['fish_t4_14', [2, 2, 0], '0.700'],
      ['fish_t11_14', [0, 1, 2], '0.003'], ['fish_t14_16', [0, 1, 0], '0.394'],
    ];
    for (const [id, yes, p] of want) {
      const r = cat(t, id);
      expect(r.levels[0].counts, id).toEqual(yes);
      expect(formatP(r.test.p), id).toBe(p);
    }
  });
});

describe('risk factors and logistic regression (demo cohort, Bz acquired DR vs response)', () => {
  it('OR (Woolf) and Fisher p as the paper prints them: 34.286 (3.476–338.160) 0.001; CRP 14 p 0.035; second line 9.667 (1.705–54.817) 0.009', () => {
    const t = buildRiskFactorTable(cohort, PAPER_RISK_CONTRAST, PAPER_RISK_PREDICTORS);
    expect([t.nCases, t.nControls]).toEqual([7, 73]);
    expect(t.rows.map((r) => r.counts)).toEqual([[[5, 1], [7, 48]], [[3, 1], [6, 28]], [[5, 2], [15, 58]]]);
    expect(t.rows.map((r) => formatOddsRatio(r.oddsRatio))).toEqual(['34.286 (3.476–338.160)', '14.000 (1.234–158.844)', '9.667 (1.705–54.817)']);
    expect(t.rows.map((r) => formatP(r.test.p, 'spss'))).toEqual(['0.001', '0.035', '0.009']);
    expect(t.rows.every((r) => r.test.test === 'fisher')).toBe(true);
    expect(t.rows[0].missing).toEqual({ cases: 1, controls: 18 });
  });
  it('1q21 gain, de novo DR vs response (all drugs): OR 3.472 (1.184–10.179), p = 0.034', () => {
    const t = buildRiskFactorTable(cohort, { drug: null, caseGroup: 'denovo', controlGroup: 'response' }, ['fish_1q21_gain']);
    expect(t.rows[0].counts).toEqual([[15, 9], [12, 25]]);
    expect(formatOddsRatio(t.rows[0].oddsRatio)).toBe('3.472 (1.184–10.179)');
    expect(formatP(t.rows[0].test.p)).toBe('0.034');
  });
  it('a zero cell gives no OR unless Haldane is asked for, with a footnote either way', () => {
    const t = buildRiskFactorTable(cohort, { drug: null, caseGroup: 'acquired', controlGroup: 'response' }, ['fish_t11_14']);
    expect(t.rows[0].counts).toEqual([[2, 5], [0, 37]]);
    expect(t.rows[0].oddsRatio).toBeNull();
    expect(t.footnotes.some((f) => f.text.includes('zero'))).toBe(true);
    const h = buildRiskFactorTable(cohort, { drug: null, caseGroup: 'acquired', controlGroup: 'response' }, ['fish_t11_14'], { haldane: true });
    expect(h.rows[0].oddsRatio!.estimate).toBeCloseTo((2.5 * 37.5) / (5.5 * 0.5), 10);
    expect(h.footnotes.some((f) => f.text.startsWith('Haldane'))).toBe(true);
  });
  it('logistic regression equals R glm on the same patients (cohort-reference.json)', () => {
    const ref = (JSON.parse(readFileSync('tests/fixtures/cohort-reference.json', 'utf8')) as {
      logistic: { name: string; input: Record<string, number[]>; estimate: number[]; se: number[]; p: number[]; or_lower: number[]; or_upper: number[] }[];
    }).logistic;
    const two = ref.find((c) => c.name.includes('extreme + second line'))!;
    const t = buildLogisticTable(cohort, PAPER_RISK_CONTRAST, ['flc_extreme', 'second_line']);
    expect(t.result.n).toBe(two.input.acquired.length);
    t.rows.forEach((r, i) => {
      expect(rel(r.estimate!, two.estimate[i + 1])).toBeLessThan(1e-6);
      expect(rel(r.se!, two.se[i + 1])).toBeLessThan(1e-6);
      expect(rel(r.p!, two.p[i + 1])).toBeLessThan(1e-6);
      expect(rel(r.lower!, two.or_lower[i + 1])).toBeLessThan(1e-6);
      expect(rel(r.upper!, two.or_upper[i + 1])).toBeLessThan(1e-6);
    });
    expect(t.warnings).toEqual([]);
    const three = buildLogisticTable(cohort, PAPER_RISK_CONTRAST, ['flc_extreme', 'crp_high', 'second_line']);
    expect(three.result.separation).toBe(true);
    expect(three.warnings.join(' ')).toMatch(/separation/);
  });
});

describe('cohort reader', () => {
  const table = (text: string) => CohortTable.fromDelimited(readDelimited(new TextEncoder().encode(text), 'h.csv'));
  it('reads decimal commas per column, synonyms of codes, binary codes and dates; lists unreadable cells with line and column', () => {
    const c = table('ID;Sex;Age;CRP;Drug;Line;ISS;1q21 gain;Regimen start\n1;男;61,5;25,1;硼替佐米;二线;2;阳性;05/03/2014\n2;female;70;abc;Thalidomide;first-line;III;0;2014-03-20\n3;M;;3,2;len;1;I;;\n');
    const m = { patient_id: 'ID', sex: 'Sex', age: 'Age', crp: 'CRP', drug: 'Drug', line: 'Line', iss_stage: 'ISS', fish_1q21_gain: '1q21 gain', date_regimen_start: 'Regimen start' };
    const ct = new CohortTable({ ...c.source, mapping: m });
    expect(ct.categories('sex')).toEqual(['M', 'F', 'M']);
    expect(ct.categories('drug')).toEqual(['Bz', 'Thal', 'Len']);
    expect(ct.categories('line')).toEqual(['second', 'front', 'front']);
    expect(ct.categories('iss_stage')).toEqual(['II', 'III', 'I']);
    expect(ct.numbers('age')).toEqual([61.5, 70, null]);
    expect(ct.numbers('crp')).toEqual([25.1, null, 3.2]);
    expect(ct.problems('crp')).toMatchObject([{ row: 1, line: 3, column: 'CRP', text: 'abc' }]);
    expect(() => ct.requireNumbers('crp')).toThrow(InputError);
    expect(() => ct.requireNumbers('crp')).toThrow(/h\.csv, line 3, column "CRP": "abc" is not a number/);
    expect(ct.binary('fish_1q21_gain')).toEqual([1, 0, null]);
    expect(ct.dates('date_regimen_start')).toEqual(['2014-03-05', '2014-03-20', null]);
    expect(PAPER_PREDICTORS.crp_high.compute(ct)).toEqual([1, null, 0]);
    expect(PAPER_PREDICTORS.second_line.compute(ct)).toEqual([1, 0, 0]);
    expect(thresholdPredictor('old', 'age', [{ op: '>=', value: 65 }]).label()).toBe('Age ≥ 65 years');
  });
  it('canonical levels', () => {
    expect(canonicalLevel('ds_stage', 'IIIb')).toBe('3B');
    expect(canonicalLevel('best_response', 'scr')).toBe('sCR');
    expect(canonicalLevel('isotype', 'igg κ')).toBe('IgG κ');
    expect(canonicalLevel('sex', 'unknown-code')).toBe('unknown-code');
  });
  it('the demo classifies as the paper: Bz 73/35/7 through the typed reader', () => {
    expect(cohort.classify().counts.Bz).toEqual({ response: 73, denovo: 35, acquired: 7, unclassified: 0 });
  });
});
