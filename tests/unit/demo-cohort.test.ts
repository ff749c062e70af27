/**
 * The synthetic demo cohort against the paper's tables (Table 1 margins per drug, Tables 2–4 by DR
 * group) and against the SPEC §3 classifier, read back from the generated public/demo/cohort.csv.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDemo } from '../../scripts/make-demo.ts';
import { STUDY_FIELDS } from '../../src/study/fields.ts';
import { classifyCohort, type DrGroup } from '../../src/study/dr-classification.ts';
import { guessMapping } from '../../src/study/mapping.ts';

type Row = Record<string, string>;
let dir = '';
let header: string[] = [];
let rows: Row[] = [];
let groupOf: (DrGroup | 'unclassified')[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mmdr-demo-cohort-'));
  writeDemo(dir);
  const text = readFileSync(join(dir, 'cohort.csv'), 'utf8');
  expect(text).not.toContain('"'); // no quoting needed: a clean table
  const lines = text.trimEnd().split('\n');
  header = lines[0].split(',');
  rows = lines.slice(1).map((l) => {
    const cells = l.split(',');
    expect(cells).toHaveLength(header.length);
    return Object.fromEntries(header.map((h, i) => [h, cells[i]]));
  });
  groupOf = classifyCohort(rows).patients.map((p) => p.group);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const DRUGS = ['Bz', 'Thal', 'Len'] as const;
const count = (pred: (r: Row, i: number) => boolean): number => rows.filter(pred).length;
const byDrug = (pred: (r: Row, i: number) => boolean): number[] => DRUGS.map((d) => count((r, i) => r.drug === d && pred(r, i)));
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
};
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: number[]): number => {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
};
const day = (iso: string): number => Date.parse(iso + 'T00:00:00Z') / 86_400_000;

/** Kaplan–Meier median (first time S < 0.5), deaths before censorings at tied times; null if not reached. */
function kmMedian(times: number[], events: number[]): number | null {
  const order = times.map((_, i) => i).sort((a, b) => times[a] - times[b] || events[b] - events[a]);
  let s = 1;
  let atRisk = times.length;
  let i = 0;
  while (i < order.length) {
    const t = times[order[i]];
    let d = 0;
    let n = 0;
    while (i < order.length && times[order[i]] === t) {
      d += events[order[i]];
      n++;
      i++;
    }
    if (d > 0) {
      s *= 1 - d / atRisk;
      if (s < 0.5) return t;
    }
    atRisk -= n;
  }
  return null;
}

describe('demo cohort: shape', () => {
  it('has 204 patients, DEMO-ids and the study-field keys as headers (identity mapping)', () => {
    expect(rows).toHaveLength(204);
    expect(header).toEqual(STUDY_FIELDS.map((f) => f.key));
    expect(rows.map((r) => r.patient_id)).toEqual(Array.from({ length: 204 }, (_, i) => `DEMO-${String(i + 1).padStart(3, '0')}`));
    const mapping = guessMapping(header);
    for (const f of STUDY_FIELDS) expect(mapping[f.key]).toBe(f.key);
  });
  it('categorical fields use the registry levels; binary fields are 0/1; dates ISO', () => {
    for (const f of STUDY_FIELDS) {
      for (const r of rows) {
        const v = r[f.key];
        if (v === '') continue;
        if (f.kind === 'category') expect(f.levels, f.key).toContain(v);
        if (f.kind === 'binary') expect(['0', '1'], f.key).toContain(v);
        if (f.kind === 'date') expect(v, f.key).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        if (f.kind === 'number') expect(v, f.key).toMatch(/^\d+(\.\d+)?$/);
      }
    }
  });
});

describe('demo cohort: Table 1 margins per drug (Bz, Thal, Len)', () => {
  it('drug groups 115 / 67 / 22', () => expect(byDrug(() => true)).toEqual([115, 67, 22]));
  it('age < 65 and ≥ 65; medians near 60 / 62 / 62.5', () => {
    expect(byDrug((r) => Number(r.age) < 65)).toEqual([90, 40, 13]);
    expect(byDrug((r) => Number(r.age) >= 65)).toEqual([25, 27, 9]);
    const med = DRUGS.map((d) => median(rows.filter((r) => r.drug === d).map((r) => Number(r.age))));
    console.log('demo median age Bz/Thal/Len/all:', med.join(' / '), '/', median(rows.map((r) => Number(r.age))));
    [60, 62, 62.5].forEach((m, i) => expect(Math.abs(med[i] - m)).toBeLessThanOrEqual(2));
  });
  it('sex M / F', () => {
    expect(byDrug((r) => r.sex === 'M')).toEqual([74, 35, 11]);
    expect(byDrug((r) => r.sex === 'F')).toEqual([41, 32, 11]);
  });
  it('ISS I / II / III / missing', () => {
    const iss = ['I', 'II', 'III', ''].map((s) => byDrug((r) => r.iss_stage === s));
    expect(DRUGS.map((_, d) => iss.map((x) => x[d]))).toEqual([[20, 38, 32, 25], [18, 19, 13, 17], [2, 3, 6, 11]]);
  });
  it('Durie–Salmon 1A / 1B / 2A / 2B / 3A / 3B / missing', () => {
    const ds = ['1A', '1B', '2A', '2B', '3A', '3B', ''].map((s) => byDrug((r) => r.ds_stage === s));
    expect(DRUGS.map((_, d) => ds.map((x) => x[d]))).toEqual([[6, 0, 37, 2, 37, 15, 18], [11, 0, 20, 4, 18, 9, 5], [1, 0, 4, 1, 6, 2, 8]]);
  });
  it('isotypes κ / λ / IgG κ / IgG λ / IgA κ / IgA λ / non-secretory / IgM λ / IgG IgA λ / missing', () => {
    const iso = ['κ', 'λ', 'IgG κ', 'IgG λ', 'IgA κ', 'IgA λ', 'Nonsecretory', 'IgM λ', 'IgG IgA λ', ''].map((s) => byDrug((r) => r.isotype === s));
    expect(DRUGS.map((_, d) => iso.map((x) => x[d]))).toEqual([
      [9, 13, 30, 22, 10, 17, 2, 2, 1, 9], [2, 4, 20, 22, 11, 2, 3, 0, 0, 3], [0, 1, 6, 5, 5, 5, 0, 0, 0, 0]]);
  });
  it('front-line / second-line', () => {
    expect(byDrug((r) => r.line === 'front')).toEqual([82, 49, 6]);
    expect(byDrug((r) => r.line === 'second')).toEqual([33, 18, 16]);
  });
});

describe('demo cohort: DR classification (SPEC §3) reproduces the paper groups', () => {
  it('Bz 73/35/7, Thal 18/40/9, Len 4/13/5 and none unclassified', () => {
    const r = classifyCohort(rows);
    expect(r.counts.Bz).toEqual({ response: 73, denovo: 35, acquired: 7, unclassified: 0 });
    expect(r.counts.Thal).toEqual({ response: 18, denovo: 40, acquired: 9, unclassified: 0 });
    expect(r.counts.Len).toEqual({ response: 4, denovo: 13, acquired: 5, unclassified: 0 });
    expect(r.unclassified).toHaveLength(0);
    // Every branch of the rules is exercised.
    const bases = new Set(r.patients.map((p) => p.basis));
    expect([...bases].sort()).toEqual(['below-mr', 'below-pr', 'early-progression', 'pr-or-better', 'progression-on-treatment']);
  });
  it('a brief PR followed by PD within 60 days occurs among de novo DR', () => {
    const brief = rows.filter((r, i) => groupOf[i] === 'denovo' && ['PR', 'VGPR'].includes(r.best_response));
    expect(brief.length).toBeGreaterThan(3);
    for (const r of brief) expect(day(r.date_progression) - day(r.date_regimen_start)).toBeLessThanOrEqual(60);
  });
  it('with a 30-day window some de novo patients become responders (the setting matters)', () => {
    const r30 = classifyCohort(rows, { windowDays: 30 });
    expect(r30.totals.denovo).toBeLessThan(88);
  });
});

describe('demo cohort: Table 2 (Bz) and Table 3 (Thal) by group', () => {
  const g = (i: number): DrGroup | 'unclassified' => groupOf[i];
  it('Bz front/second line by group 58/15, 22/13, 2/5 — acquired vs response 2×2 [[5,2],[15,58]]', () => {
    const cnt = (grp: DrGroup, line: string): number => count((r, i) => r.drug === 'Bz' && g(i) === grp && r.line === line);
    expect([cnt('response', 'front'), cnt('response', 'second')]).toEqual([58, 15]);
    expect([cnt('denovo', 'front'), cnt('denovo', 'second')]).toEqual([22, 13]);
    expect([cnt('acquired', 'front'), cnt('acquired', 'second')]).toEqual([2, 5]);
  });
  it('Bz light-chain ratio ≤ 0.01 or ≥ 100: acquired vs response 2×2 [[5,1],[7,48]]', () => {
    const extreme = (r: Row): boolean => Number(r.flc_ratio) <= 0.01 || Number(r.flc_ratio) >= 100;
    const cell = (grp: DrGroup, ext: boolean): number => count((r, i) => r.drug === 'Bz' && g(i) === grp && r.flc_ratio !== '' && extreme(r) === ext);
    expect([[cell('acquired', true), cell('acquired', false)], [cell('response', true), cell('response', false)]]).toEqual([[5, 1], [7, 48]]);
  });
  it('Bz CRP ≥ 20 mg/L more frequent in acquired DR: 2×2 [[3,1],[6,28]] (OR 14)', () => {
    const cell = (grp: DrGroup, hi: boolean): number => count((r, i) => r.drug === 'Bz' && g(i) === grp && r.crp !== '' && (Number(r.crp) >= 20) === hi);
    expect([[cell('acquired', true), cell('acquired', false)], [cell('response', true), cell('response', false)]]).toEqual([[3, 1], [6, 28]]);
  });
  it('Bz age by group: < 65 58/27/5, ≥ 65 15/8/2, medians 59/60/63', () => {
    for (const [grp, under, over, med] of [['response', 58, 15, 59], ['denovo', 27, 8, 60], ['acquired', 5, 2, 63]] as const) {
      const ages = rows.filter((r, i) => r.drug === 'Bz' && g(i) === grp).map((r) => Number(r.age));
      expect([ages.filter((a) => a < 65).length, ages.filter((a) => a >= 65).length, median(ages)]).toEqual([under, over, med]);
    }
  });
  it('labs have the printed means and SDs per group (e.g. Bz Hb, CRP, IL-6; Thal LDH)', () => {
    const stats = (drug: string, grp: DrGroup, key: string): [number, number, number] => {
      const xs = rows.filter((r, i) => r.drug === drug && g(i) === grp && r[key] !== '').map((r) => Number(r[key]));
      return [xs.length, mean(xs), sd(xs)];
    };
    const close = (got: [number, number, number], m: number, s: number, tolM: number, tolS: number): void => {
      expect(Math.abs(got[1] - m), `mean ${got[1]} vs ${m}`).toBeLessThanOrEqual(tolM);
      expect(Math.abs(got[2] - s), `sd ${got[2]} vs ${s}`).toBeLessThanOrEqual(tolS);
    };
    close(stats('Bz', 'response', 'hb'), 99.2, 24.2, 0.05, 0.3);
    close(stats('Bz', 'denovo', 'hb'), 94.7, 27.7, 0.05, 0.3);
    close(stats('Bz', 'acquired', 'crp'), 60.8, 31.44, 0.01, 0.05);
    close(stats('Bz', 'response', 'crp'), 9.17, 9.13, 0.01, 0.05);
    close(stats('Bz', 'acquired', 'il6'), 58.0, 19.8, 0.01, 0.05);
    close(stats('Thal', 'acquired', 'ldh'), 215.5, 77.2, 0.2, 0.5);
    // Minority labs are measured in a minority.
    for (const key of ['il6', 'pct', 'epo', 'cd3', 'cd4', 'cd8', 'properdin_b', 'ferritin']) {
      expect(count((r) => r[key] !== ''), key).toBeLessThan(204 * 0.4);
    }
  });
});

describe('demo cohort: Table 4 cytogenetics', () => {
  const g = (i: number): DrGroup | 'unclassified' => groupOf[i];
  const cyto = (r: Row): boolean => r.fish_1q21_gain !== '';
  it('68 patients tested: response 37, de novo 24, acquired 7; Bz 49, Thal 15, Len 4; others empty', () => {
    expect(count(cyto)).toBe(68);
    expect((['response', 'denovo', 'acquired'] as const).map((grp) => count((r, i) => cyto(r) && g(i) === grp))).toEqual([37, 24, 7]);
    expect(byDrug(cyto)).toEqual([49, 15, 4]);
    for (const r of rows.filter((x) => !cyto(x))) {
      for (const k of ['fish_1p_del', 'fish_13q_del', 'fish_tp53_del', 'fish_t4_14', 'fish_t11_14', 'fish_t14_16']) expect(r[k]).toBe('');
    }
  });
  it('abnormalities by group as printed', () => {
    const by = (k: string): number[] => (['response', 'denovo', 'acquired'] as const).map((grp) => count((r, i) => g(i) === grp && r[k] === '1'));
    expect(by('fish_1q21_gain')).toEqual([12, 15, 4]);
    expect(by('fish_1p_del')).toEqual([0, 1, 1]);
    expect(by('fish_13q_del')).toEqual([12, 9, 4]);
    expect(by('fish_tp53_del')).toEqual([1, 1, 1]);
    expect(by('fish_t4_14')).toEqual([2, 2, 0]);
    expect(by('fish_t11_14')).toEqual([0, 1, 2]);
    expect(by('fish_t14_16')).toEqual([0, 1, 0]);
  });
  it('1q21 gain, de novo vs response: [[15,9],[12,25]]; high risk 13/15/4 and 22/8/2 by drug', () => {
    const cell = (grp: DrGroup, v: string): number => count((r, i) => g(i) === grp && r.fish_1q21_gain === v);
    expect([[cell('denovo', '1'), cell('denovo', '0')], [cell('response', '1'), cell('response', '0')]]).toEqual([[15, 9], [12, 25]]);
    const hr = (r: Row): boolean => ['fish_1q21_gain', 'fish_1p_del', 'fish_tp53_del', 'fish_t4_14', 'fish_t14_16'].some((k) => r[k] === '1');
    expect((['response', 'denovo', 'acquired'] as const).map((grp) => count((r, i) => g(i) === grp && hr(r)))).toEqual([13, 15, 4]);
    expect(byDrug(hr)).toEqual([22, 8, 2]);
  });
  it('within de novo DR, 1q21 gain goes with lower cholesterol and LDL-C (Supplementary Table S1)', () => {
    for (const k of ['cholesterol', 'ldl_c']) {
      const vals = (gain: string): number[] => rows.filter((r, i) => g(i) === 'denovo' && r.fish_1q21_gain === gain && r[k] !== '').map((r) => Number(r[k]));
      expect(mean(vals('1')), k).toBeLessThan(mean(vals('0')));
    }
  });
});

describe('demo cohort: dates, follow-up and survival', () => {
  const CUTOFF = day('2015-03-31');
  it('enrolment 2013–2014, events in order, nothing after the cut-off', () => {
    for (const r of rows) {
      const start = day(r.date_regimen_start);
      expect(start).toBeGreaterThanOrEqual(day('2013-01-01'));
      expect(start).toBeLessThanOrEqual(day('2014-12-31'));
      expect(day(r.date_diagnosis)).toBeLessThan(start);
      if (r.date_first_response) expect(day(r.date_first_response)).toBeGreaterThan(start);
      if (r.date_progression) expect(day(r.date_progression)).toBeGreaterThan(start);
      if (r.date_progression) expect(day(r.date_progression)).toBeLessThanOrEqual(day(r.date_last_followup));
      if (r.date_death) expect(r.date_death).toBe(r.date_last_followup);
      expect(day(r.date_last_followup)).toBeLessThanOrEqual(CUTOFF);
      if (r.date_first_response) expect(['sCR', 'CR', 'VGPR', 'PR']).toContain(r.best_response);
    }
  });
  it('38 patients lost to follow-up (alive, last seen > 40 days before the cut-off); median follow-up ~ 23 months', () => {
    expect(count((r) => r.date_death === '' && day(r.date_last_followup) < CUTOFF - 40)).toBe(38);
    const fu = rows.map((r) => (day(r.date_last_followup) - day(r.date_diagnosis)) / 30.4375);
    const m = median(fu);
    console.log(`demo median follow-up from diagnosis: ${m.toFixed(1)} months; deaths: ${count((r) => r.date_death !== '')}`);
    expect(m).toBeGreaterThan(18);
    expect(m).toBeLessThan(28);
  });
  it('KM median OS from diagnosis near the paper (all 83.9, Bz 80.1, Thal 84.4, Len 68.0)', () => {
    const os = (r: Row): number => (day(r.date_death || r.date_last_followup) - day(r.date_diagnosis)) / 30.4375;
    const med = (pred: (r: Row, i: number) => boolean): number | null => {
      const sub = rows.filter(pred);
      return kmMedian(sub.map(os), sub.map((r) => (r.date_death ? 1 : 0)));
    };
    const got = {
      all: med(() => true), Bz: med((r) => r.drug === 'Bz'), Thal: med((r) => r.drug === 'Thal'), Len: med((r) => r.drug === 'Len'),
      BzResponse: med((r, i) => r.drug === 'Bz' && groupOf[i] === 'response'),
      BzDeNovo: med((r, i) => r.drug === 'Bz' && groupOf[i] === 'denovo'),
      BzAcquired: med((r, i) => r.drug === 'Bz' && groupOf[i] === 'acquired'),
    };
    console.log('demo KM median OS (months):', Object.entries(got).map(([k, v]) => `${k} ${v === null ? 'NR' : v.toFixed(1)}`).join(', '));
    for (const [k, target, tol] of [['all', 83.9, 8], ['Bz', 80.1, 8], ['Thal', 84.4, 8], ['Len', 68.0, 10]] as const) {
      expect(got[k], k).not.toBeNull();
      expect(Math.abs(got[k]! - target), k).toBeLessThanOrEqual(tol);
    }
  });
});
