import { describe, expect, it } from 'vitest';
import { computeEndpoint, DAYS_PER_UNIT, isoDayNumber } from '../../src/study/endpoints.ts';
import { kaplanMeier } from '../../src/stats/km.ts';

const rows = [
  // 0: died 400 days after diagnosis
  { patient_id: 'P1', date_diagnosis: '2019-01-01', date_regimen_start: '2019-02-01', date_first_response: '2019-04-01', date_progression: '2019-10-01', date_last_followup: '2020-01-01', date_death: '2020-02-05' },
  // 1: alive, censored at last follow-up; responder without progression
  { patient_id: 'P2', date_diagnosis: '2020-03-01', date_regimen_start: '2020-03-15', date_first_response: '2020-05-01', date_progression: null, date_last_followup: '2021-03-01', date_death: '' },
  // 2: no response, no diagnosis date
  { patient_id: 'P3', date_diagnosis: '', date_regimen_start: '2020-01-10', date_first_response: null, date_progression: '2020-02-01', date_last_followup: '2020-06-01', date_death: null },
  // 3: death recorded before diagnosis (data error)
  { patient_id: 'P4', date_diagnosis: '2021-01-01', date_regimen_start: '2021-01-05', date_first_response: '2021-02-01', date_last_followup: '2021-06-01', date_death: '2020-12-01' },
  // 4: invalid calendar date
  { patient_id: 'P5', date_diagnosis: '2021-02-30', date_regimen_start: '2021-03-05', date_last_followup: '2021-06-01' },
  // 5: no end date at all; responder who died without progression
  { patient_id: '', date_diagnosis: '2018-05-01', date_regimen_start: '2018-06-01', date_first_response: '2018-07-01', date_death: '2019-07-01' },
];

describe('computeEndpoint', () => {
  it('OS from diagnosis: death = event, otherwise censored at last follow-up; exclusions with reasons', () => {
    const r = computeEndpoint(rows, 'os-diagnosis', 'days');
    expect(r.patients).toEqual(['P1', 'P2', 'row 6']);
    expect(r.time).toEqual([400, 365, 426]);
    expect(r.event).toEqual([1, 0, 1]);
    expect(r.rows).toEqual([0, 1, 5]);
    expect(r.excluded.map((e) => [e.patient, e.code, e.field])).toEqual([
      ['P3', 'missing-start', 'date_diagnosis'],
      ['P4', 'end-before-start', 'date_death'],
      ['P5', 'invalid-date', 'date_diagnosis'],
    ]);
    expect(r.excluded[1].reason).toBe('the date of death is before the date of diagnosis');
    expect(r.excluded[2].reason).toMatch(/"2021-02-30" is not a valid date/);
  });

  it('OS from regimen start', () => {
    const r = computeEndpoint(rows, 'os-regimen', 'days');
    expect(r.patients).toEqual(['P1', 'P2', 'P3', 'P5', 'row 6']);
    expect(r.time).toEqual([369, 351, 143, 88, 395]);
    expect(r.event).toEqual([1, 0, 0, 0, 1]);
    expect(r.excluded.map((e) => e.code)).toEqual(['end-before-start']);
  });

  it('duration of response: first response → progression; death without progression censored (IMWG) unless asked', () => {
    const r = computeEndpoint(rows, 'dor', 'days');
    expect(r.patients).toEqual(['P1', 'P2', 'row 6']);
    expect(r.time).toEqual([183, 304, 365]);
    expect(r.event).toEqual([1, 0, 0]);
    expect(r.excluded.map((e) => [e.patient, e.code])).toEqual([['P3', 'no-response'], ['P4', 'end-before-start'], ['P5', 'no-response']]);
    const d = computeEndpoint(rows, 'dor', 'days', { deathIsEvent: true });
    expect(d.event).toEqual([1, 0, 1]);
  });

  it('units: months = days / 30.4375, years = days / 365.25', () => {
    expect(DAYS_PER_UNIT).toEqual({ days: 1, months: 30.4375, years: 365.25 });
    const m = computeEndpoint(rows, 'os-diagnosis', 'months');
    expect(m.time[0]).toBeCloseTo(400 / 30.4375, 12);
    const y = computeEndpoint(rows, 'os-diagnosis', 'years');
    expect(y.time[1]).toBeCloseTo(365 / 365.25, 12);
  });

  it('missing end dates are excluded, never guessed', () => {
    const r = computeEndpoint([{ patient_id: 'X', date_diagnosis: '2020-01-01' }], 'os-diagnosis');
    expect(r.time).toEqual([]);
    expect(r.excluded[0].code).toBe('missing-end');
  });

  it('same-day events give time 0, which KM keeps', () => {
    const r = computeEndpoint([{ patient_id: 'Z', date_diagnosis: '2020-01-01', date_death: '2020-01-01' }, ...rows.slice(0, 2)], 'os-diagnosis');
    expect(r.time[0]).toBe(0);
    expect(kaplanMeier(r.time, r.event).time[0]).toBe(0);
  });

  it('ISO day numbers across leap years and time suffixes', () => {
    expect(isoDayNumber('2020-03-01') - isoDayNumber('2020-02-28')).toBe(2);
    expect(isoDayNumber('2020-01-01T10:00:00')).toBe(isoDayNumber('2020-01-01'));
    expect(Number.isNaN(isoDayNumber('01/02/2020'))).toBe(true);
  });
});
