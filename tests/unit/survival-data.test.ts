import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { readDelimited } from '../../src/formats/delimited.ts';
import { guessMapping } from '../../src/study/mapping.ts';
import type { CohortData } from '../../src/study/model.ts';
import { computeEndpoint } from '../../src/study/endpoints.ts';
import { classifyCohort } from '../../src/study/dr-classification.ts';
import {
  buildSurvivalInput, drugsOf, fieldRows, groupingOptions, normalizeSurvivalSettings, readDates, survivalColumnCandidates,
  DEFAULT_SURVIVAL_SETTINGS, SurvivalSetupError, type SurvivalSettings,
} from '../../src/study/survival-data.ts';

function cohortOf(text: string, name = 'cohort.csv'): CohortData {
  const t = readDelimited(new TextEncoder().encode(text), name);
  return {
    fileId: 'f1', fileName: name, encoding: t.encoding, delimiter: t.delimiter, columns: t.columns, rows: t.rows,
    lineOfRow: t.lineOfRow, mapping: guessMapping(t.columns),
    report: { rows: t.report.rows, columns: t.report.columns, emptyRowsDropped: t.report.emptyRowsDropped, raggedRows: 0 },
  };
}

const demo = () => cohortOf(readFileSync('public/demo/cohort.csv', 'utf8'));
const settings = (over: Partial<SurvivalSettings> = {}): SurvivalSettings => ({ ...DEFAULT_SURVIVAL_SETTINGS, ...over });

describe('survival data from a study cohort', () => {
  it('demo: OS from diagnosis by DR group gives the endpoint and the classifier, in the paper\'s group order', () => {
    const c = demo();
    const inp = buildSurvivalInput(c, settings());
    const rows = c.rows.map((r) => Object.fromEntries(c.columns.map((k, j) => [k, r[j] === '' ? null : r[j]])));
    const e = computeEndpoint(rows, 'os-diagnosis', 'months');
    const cls = classifyCohort(rows);
    expect(inp.time).toEqual(e.time);
    expect(inp.event).toEqual(e.event);
    expect(inp.group).toEqual(e.rows.map((r) => cls.patients[r].group));
    expect(inp.levels).toEqual(['response', 'denovo', 'acquired']);
    expect(inp.labels).toEqual({ response: 'Response', denovo: 'De novo DR', acquired: 'Acquired DR' });
    expect(inp.groupTitle).toBe('DR group');
    expect(inp.eligible).toBe(204);
    expect(inp.excluded).toEqual([]);
    expect(inp.patients[0]).toBe('DEMO-001');
  });

  it('demo: a drug subset, duration of response with its exclusions, grouping by drug in the study order', () => {
    const c = demo();
    const bz = buildSurvivalInput(c, settings({ drug: 'Bz', endpoint: 'dor' }));
    expect(bz.eligible).toBe(115);
    expect(bz.time.length + bz.excluded.length).toBe(115);
    expect(bz.excluded.length).toBeGreaterThan(0);
    expect(bz.excluded[0].reason).toContain('no first-response date');
    expect(bz.excluded[0].line).toBeGreaterThan(1);
    const byDrug = buildSurvivalInput(c, settings({ grouping: 'field:drug' }));
    expect(byDrug.levels).toEqual(['Bz', 'Thal', 'Len']);
    expect(byDrug.labels.Bz).toBe('Bz');
    expect(drugsOf(c)).toEqual(['Bz', 'Thal', 'Len']);
    const gain = buildSurvivalInput(c, settings({ grouping: 'field:fish_1q21_gain' }));
    expect(gain.levels).toEqual(['0', '1']);
    expect(gain.excluded.every((x) => x.reason === 'no value for 1q21 gain')).toBe(true);
    expect(gain.time.length + gain.excluded.length).toBe(204);
    const strat = buildSurvivalInput(c, settings({ strata: 'field:drug' }));
    expect(strat.strata?.length).toBe(strat.time.length);
    expect(strat.strataTitle).toBe('Regimen drug');
  });

  it('offers drug, DR group and 1q21 gain first, then variables with 2–12 values (no dates, ids or lab values)', () => {
    const opts = groupingOptions(demo());
    expect(opts.slice(0, 3).map((o) => o.key)).toEqual(['field:drug', 'dr', 'field:fish_1q21_gain']);
    const keys = opts.map((o) => o.key);
    expect(keys).toContain('field:sex');
    expect(keys).toContain('field:iss_stage');
    expect(keys).not.toContain('field:date_diagnosis');
    expect(keys).not.toContain('field:patient_id');
    expect(keys).not.toContain('field:hb');
  });

  it('reads day-first dates as the importer does, and lists unreadable ones', () => {
    const c = cohortOf([
      'id,diagnosis date,date of death,last follow-up,group',
      'A,13/01/2020,13/02/2020,,x',
      'B,01/02/2020,,01/03/2020,y',
      'C,2020-02-30,,2020-05-01,x',
      'D,2020-01-01,,2020-03-01,',
    ].join('\n'));
    c.mapping = { ...c.mapping, patient_id: 'id', date_diagnosis: 'diagnosis date', date_death: 'date of death', date_last_followup: 'last follow-up' };
    expect(fieldRows(c)[1].date_diagnosis).toBe('2020-02-01');
    const inp = buildSurvivalInput(c, settings({ grouping: 'col:group', unit: 'days' }));
    expect(inp.time).toEqual([31, 29]);
    expect(inp.event).toEqual([1, 0]);
    expect(inp.group).toEqual(['x', 'y']);
    expect(inp.excluded.map((x) => [x.patient, x.line])).toEqual([['C', 4], ['D', 5]]);
    expect(inp.excluded[0].reason).toContain('is not a valid date');
    expect(inp.excluded[1].reason).toBe('no value for group');
  });

  it('reads study fields as the cohort tables do: drug synonyms are one drug, yes/no is 1/0', () => {
    const c = cohortOf([
      'patient_id,drug,fish_1q21_gain,date_diagnosis,date_death,date_last_followup',
      'A,Bz,yes,2020-01-01,2020-03-01,',
      'B,bortezomib,no,2020-01-01,,2020-06-01',
      'C,Thal,maybe,2020-01-01,,2020-04-01',
      'D,沙利度胺,1,2020-01-01,,2020-05-01',
    ].join('\n'));
    expect(drugsOf(c)).toEqual(['Bz', 'Thal']);
    const bz = buildSurvivalInput(c, settings({ drug: 'Bz', grouping: 'field:drug', unit: 'days' }));
    expect(bz.patients).toEqual(['A', 'B']);
    expect(bz.levels).toEqual(['Bz']);
    const gain = buildSurvivalInput(c, settings({ grouping: 'field:fish_1q21_gain', unit: 'days' }));
    expect(gain.group).toEqual(['1', '0', '1']);
    expect(gain.excluded).toEqual([{ patient: 'C', line: 4, reason: '"maybe" is not a value of 1q21 gain' }]);
  });

  it('reads a date column with one day/month order, as the importer decides it', () => {
    expect(readDates(['13/01/2020', '01/02/2020', null, '2020-02-30', 'soon'])).toEqual(['2020-01-13', '2020-02-01', null, '2020-02-30', 'soon']);
    expect(readDates(['01/13/2020', '02/01/2020'])).toEqual(['2020-01-13', '2020-02-01']);
    expect(readDates(['2020-03-04', '2020年3月5日', '43900'])).toEqual(['2020-03-04', '2020-03-05', '2020-03-10']); // Excel serial 43900
  });

  it('time + event columns: unit conversion, R\'s 1/2 coding, bad cells listed, a 0/2 mix refused', () => {
    const c = cohortOf(['pid,os_days,dead', 'P1,365.25,2', 'P2,730.5,1', 'P3,,2', 'P4,-3,1', 'P5,100,maybe'].join('\n'));
    const inp = buildSurvivalInput(c, settings({ endpoint: 'columns', timeColumn: 'os_days', timeColumnUnit: 'days', eventColumn: 'dead', grouping: 'none', unit: 'years' }));
    expect(inp.time).toEqual([1, 2]);
    expect(inp.event).toEqual([1, 0]);
    expect(inp.notes[0]).toContain('2 = event');
    expect(inp.levels).toEqual(['all']);
    expect(inp.excluded.map((x) => x.reason)).toEqual(['no time', 'time -3 is negative', '"maybe" is not an event code (1/0, dead/alive, event/censored)']);
    expect(survivalColumnCandidates(c)).toEqual({ time: [], event: [] }); // too many bad cells to suggest them
    const clean = cohortOf(['pid,os_days,status,sex', 'P1,12.5,dead,M', 'P2,30,alive,F', 'P3,7,dead,F'].join('\n'));
    expect(survivalColumnCandidates(clean)).toEqual({ time: ['os_days'], event: ['status'] });
    const mixed = cohortOf(['t,e', '1,0', '2,2'].join('\n'));
    expect(() => buildSurvivalInput(mixed, settings({ endpoint: 'columns', timeColumn: 't', eventColumn: 'e', grouping: 'none' }))).toThrow(/mixes 0 with 2/);
  });

  it('says why the settings cannot work instead of failing', () => {
    expect(() => buildSurvivalInput(null, settings())).toThrow(SurvivalSetupError);
    const c = cohortOf('id,age\nA,50\nB,60\n');
    expect(() => buildSurvivalInput(c, settings())).toThrow(/best response and the prior exposure/);
    expect(() => buildSurvivalInput(c, settings({ grouping: 'col:gone' }))).toThrow(/not in this cohort/);
    expect(() => buildSurvivalInput(c, settings({ grouping: 'none', endpoint: 'columns' }))).toThrow(/time column and the event column/);
    expect(() => buildSurvivalInput(demo(), settings({ drug: 'Dara' }))).toThrow(/No patient in this cohort received Dara/);
  });

  it('settings read back from storage fall back to defaults field by field', () => {
    expect(normalizeSurvivalSettings(undefined)).toEqual(DEFAULT_SURVIVAL_SETTINGS);
    const s = normalizeSurvivalSettings({ unit: 'years', confType: 'weird', bootstrap: { replicates: -5, seed: 42, enabled: true }, timesDays: [730.5, 'x', 365.25, 365.25] });
    expect(s.unit).toBe('years');
    expect(s.confType).toBe('log');
    expect(s.bootstrap).toEqual({ enabled: true, replicates: 2000, seed: 42 });
    expect(s.timesDays).toEqual([365.25, 730.5]);
    expect(DEFAULT_SURVIVAL_SETTINGS.medianRule).toBe('r');
    expect(DEFAULT_SURVIVAL_SETTINGS.rmean).toBe('individual');
    expect(DEFAULT_SURVIVAL_SETTINGS.unit).toBe('months');
    expect(DEFAULT_SURVIVAL_SETTINGS.bootstrap).toEqual({ enabled: false, replicates: 2000, seed: 1 });
  });
});
