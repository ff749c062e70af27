/**
 * Hospitalization episodes aggregated to patients (src/study/episodes.ts): regimen names and
 * acronyms, courses, best response, first response and progression dates, line of therapy, prior
 * exposure, values carried over, conflicts and the lines every finding points at; and the
 * aggregated cohort classified by the DR rules.
 */
import { describe, expect, it } from 'vitest';
import { readDelimited } from '../../src/formats/delimited.ts';
import { aggregateEpisodes, regimenDrugs, DEFAULT_EPISODE_SETTINGS, type EpisodeSettings } from '../../src/study/episodes.ts';
import { CohortTable } from '../../src/study/cohort-table.ts';

const table = (text: string) => readDelimited(new TextEncoder().encode(text), 'episodes.csv');
const settings: EpisodeSettings = { ...DEFAULT_EPISODE_SETTINGS, patientId: 'id', date: 'admitted', regimen: 'regimen', response: 'response' };

/** Line 1 is the header; one admission per line. */
const CSV = [
  'id,admitted,regimen,response,sex,hb,diagnosed',
  'A,2013-01-05,PAD,,M,95,2012-12-20', // 2: A's first Bz course starts
  'A,2013-02-02,PAD,PR,M,,2012-12-20', // 3
  'A,2013-03-01,,VGPR,M,101,2012-12-20', // 4: follow-up visit, same course
  'A,2013-09-10,MPT,SD,M,,2012-12-20', // 5: thalidomide (course ends)
  'A,2014-01-15,VD,PD,M,,2012-12-20', // 6: second Bz course → previously treated
  'B,05/03/2014,硼替佐米+地塞米松,SD,女,88,2014-02-01', // 7: B, Bz, first line
  'B,20/03/2014,硼替佐米+地塞米松,PD,女,,2014-02-01', // 8
  'C,2013-06-01,VAD,PR,F,110,2013-05-01', // 9: VAD (vincristine): no study drug
  'C,2013-08-01,Rd,PR,F,,2013-05-02', // 10: lenalidomide, second line; diagnosis date differs
  ',2013-08-01,Rd,PR,F,,', // 11: no id
  'D,2013-09-01,VTD,CR,M,120,2013-07-01', // 12: Bz + Thal in one regimen
  'E,2013-10-01,CHOP,PR,M,,2013-09-01', // 13: no study drug at all
].join('\n');

describe('regimen names', () => {
  it('finds study drugs in names, Chinese names and acronyms (VAD has none)', () => {
    expect(regimenDrugs('PAD')).toEqual(['Bz']);
    expect(regimenDrugs('bortezomib + dexamethasone')).toEqual(['Bz']);
    expect(regimenDrugs('硼替佐米+地塞米松')).toEqual(['Bz']);
    expect(regimenDrugs('MPT')).toEqual(['Thal']);
    expect(regimenDrugs('Rd')).toEqual(['Len']);
    expect(regimenDrugs('来那度胺、地塞米松')).toEqual(['Len']);
    expect(regimenDrugs('VTD')).toEqual(['Bz', 'Thal']);
    expect(regimenDrugs('VAD')).toEqual([]);
    expect(regimenDrugs('')).toEqual([]);
    expect(regimenDrugs('NA')).toEqual([]);
  });
});

describe('aggregateEpisodes', () => {
  const t = table(CSV);
  const agg = aggregateEpisodes(t, settings, { constantColumns: ['sex', 'diagnosed'] });
  const row = (id: string) => {
    const i = agg.rows.findIndex((r) => r[0] === id);
    return Object.fromEntries(agg.columns.map((c, j) => [c, agg.rows[i][j]])) as Record<string, string>;
  };

  it('counts episodes and patients; one row per patient, at the line of the index course', () => {
    expect(agg.episodes).toBe(11);
    expect(agg.patients).toBe(5);
    expect(agg.rows.map((r) => r[0])).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(agg.lineOfRow).toEqual([2, 7, 10, 12, 13]);
  });

  it('first course: drug, start, best response, first response, line, prior exposure, last episode', () => {
    expect(row('A')).toMatchObject({
      ep_drug: 'Bz', ep_regimen: 'PAD', ep_regimen_start: '2013-01-05', ep_best_response: 'VGPR', ep_first_response: '2013-02-02',
      ep_progression: '', ep_line: 'front', ep_prior_same_drug: '0', ep_last_episode: '2014-01-15', ep_episodes: '5',
      hb: '95', sex: 'M',
    });
  });

  it('reads day-first dates and Chinese regimens; PD within the course gives the progression date', () => {
    expect(row('B')).toMatchObject({ ep_drug: 'Bz', ep_regimen_start: '2014-03-05', ep_best_response: 'SD', ep_progression: '2014-03-20', ep_line: 'front', ep_prior_same_drug: '0' });
  });

  it('a study drug after another regimen is second line; carried values come from the course first', () => {
    expect(row('C')).toMatchObject({ ep_drug: 'Len', ep_regimen_start: '2013-08-01', ep_line: 'second', ep_best_response: 'PR', hb: '110' });
  });

  it('the last course of a drug already given is "previously treated" (acquired DR territory)', () => {
    const last = aggregateEpisodes(t, { ...settings, course: 'last' });
    const i = last.rows.findIndex((r) => r[0] === 'A');
    const a = Object.fromEntries(last.columns.map((c, j) => [c, last.rows[i][j]]));
    expect(a).toMatchObject({ ep_drug: 'Bz', ep_regimen: 'VD', ep_regimen_start: '2014-01-15', ep_best_response: 'PD', ep_progression: '2014-01-15', ep_line: 'second', ep_prior_same_drug: '1' });
    expect(last.lineOfRow[i]).toBe(6);
  });

  it('lists what it could not use or had to decide, with lines', () => {
    const kinds = agg.issues.map((x) => [x.kind, x.line, x.patient]);
    expect(kinds).toContainEqual(['missing-id', 11, null]);
    expect(kinds).toContainEqual(['several-drugs', 12, 'D']);
    expect(kinds).toContainEqual(['no-study-drug', 13, 'E']);
    expect(kinds).toContainEqual(['conflict', 10, 'C']);
    const conflict = agg.issues.find((x) => x.kind === 'conflict')!;
    expect(conflict.column).toBe('diagnosed');
    expect(conflict.message).toContain('line 9');
    expect(row('E').ep_drug).toBe('');
  });

  it('an unknown response code is listed and ignored', () => {
    const bad = aggregateEpisodes(table('id,admitted,regimen,response\nA,2013-01-01,BD,PR\nA,2013-02-01,BD,good\n'), settings);
    expect(bad.issues).toMatchObject([{ kind: 'unknown-response', line: 3, column: 'response', text: 'good' }]);
    expect(bad.rows[0][bad.columns.indexOf('ep_best_response')]).toBe('PR');
  });

  it('the aggregated cohort classifies with the DR rules (first Bz course of B: SD → de novo DR)', () => {
    const mapping = { patient_id: 'id', ...agg.fieldColumns };
    const c = new CohortTable({ fileName: 'episodes.csv', columns: agg.columns, rows: agg.rows, lineOfRow: agg.lineOfRow, mapping });
    const r = c.classify();
    expect(r.patients.map((p) => [p.patientId, p.group])).toEqual([
      ['A', 'response'], ['B', 'denovo'], ['C', 'response'], ['D', 'response'], ['E', 'unclassified'], // E: no study drug, no course, no response
    ]);
  });

  it('needs the patient id column', () => {
    expect(() => aggregateEpisodes(t, { ...settings, patientId: null })).toThrow(/patient id/);
  });
});
