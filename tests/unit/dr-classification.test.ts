import { describe, expect, it } from 'vitest';
import {
  classifyCohort, classifyPatient, drGroupLabel, drReasonText, DEFAULT_DR_SETTINGS, type DrRow,
} from '../../src/study/dr-classification.ts';

/** A first-exposure patient starting 2013-03-01 with no progression, overridable per case. */
const row = (over: Partial<Record<string, string | number | null>> = {}): DrRow => ({
  patient_id: 'P1', drug: 'Bz', prior_same_drug: 0, best_response: 'PR',
  date_regimen_start: '2013-03-01', date_progression: null, date_last_followup: '2015-03-31', date_death: null, ...over,
});
const plusDays = (days: number): string => new Date(Date.UTC(2013, 2, 1) + days * 86_400_000).toISOString().slice(0, 10);

describe('classifyPatient — de novo DR (first exposure)', () => {
  it('SD or PD on a first exposure is de novo DR (below MR)', () => {
    for (const br of ['SD', 'PD']) {
      const r = classifyPatient(row({ best_response: br }));
      expect(r).toMatchObject({ group: 'denovo', basis: 'below-mr', reason: null });
    }
  });
  it('brief PR then PD at day 45 is de novo DR (rule order: de novo before response)', () => {
    const r = classifyPatient(row({ best_response: 'PR', date_progression: plusDays(45) }));
    expect(r).toMatchObject({ group: 'denovo', basis: 'early-progression', daysToProgression: 45 });
  });
  it('progression exactly at the window (day 60) counts; day 61 does not', () => {
    expect(classifyPatient(row({ date_progression: plusDays(60) })).group).toBe('denovo');
    expect(classifyPatient(row({ date_progression: plusDays(61) })).group).toBe('response');
  });
  it('MR with progression within the window is de novo DR', () => {
    expect(classifyPatient(row({ best_response: 'MR', date_progression: plusDays(20) })).group).toBe('denovo');
  });
  it('window setting 30 vs 60 flips a PR with PD at day 45', () => {
    const p = row({ best_response: 'VGPR', date_progression: plusDays(45) });
    expect(classifyPatient(p, { windowDays: 60 }).group).toBe('denovo');
    expect(classifyPatient(p, { windowDays: 30 }).group).toBe('response');
  });
  it('accepts prior exposure written as text or number, best response in any case', () => {
    expect(classifyPatient(row({ prior_same_drug: '0', best_response: 'sd' })).group).toBe('denovo');
    expect(classifyPatient(row({ prior_same_drug: 'no', best_response: 'Pd' })).group).toBe('denovo');
  });
});

describe('classifyPatient — acquired DR (previously treated with the drug)', () => {
  it('best response below PR is acquired DR', () => {
    for (const br of ['MR', 'SD', 'PD']) {
      expect(classifyPatient(row({ prior_same_drug: 1, best_response: br }))).toMatchObject({ group: 'acquired', basis: 'below-pr' });
    }
  });
  it('PR then progression on treatment is acquired DR', () => {
    const r = classifyPatient(row({ prior_same_drug: 1, best_response: 'PR', date_progression: plusDays(300) }));
    expect(r).toMatchObject({ group: 'acquired', basis: 'progression-on-treatment', daysToProgression: 300 });
  });
  it('progression after the last follow-up is not "on treatment" → response', () => {
    const r = classifyPatient(row({ prior_same_drug: 1, best_response: 'CR', date_progression: '2015-06-01', date_last_followup: '2015-03-31' }));
    expect(r.group).toBe('response');
  });
  it('onTreatmentDays limits what counts as progression on treatment', () => {
    const p = row({ prior_same_drug: 1, best_response: 'PR', date_progression: plusDays(400) });
    expect(classifyPatient(p).group).toBe('acquired');
    expect(classifyPatient(p, { onTreatmentDays: 365 }).group).toBe('response');
  });
  it('a re-exposed patient with PR and no progression is a responder', () => {
    expect(classifyPatient(row({ prior_same_drug: 1, best_response: 'VGPR' })).group).toBe('response');
  });
});

describe('classifyPatient — response', () => {
  it('PR, VGPR, CR and sCR on a first exposure without early progression are response', () => {
    for (const br of ['PR', 'VGPR', 'CR', 'sCR']) {
      expect(classifyPatient(row({ best_response: br }))).toMatchObject({ group: 'response', basis: 'pr-or-better' });
    }
  });
  it('late relapse (day 200) of a first-exposure responder stays response', () => {
    expect(classifyPatient(row({ best_response: 'CR', date_progression: plusDays(200) })).group).toBe('response');
  });
});

describe('classifyPatient — unclassified with reasons', () => {
  it('MR without progression is unclassified (mr-without-early-progression)', () => {
    const r = classifyPatient(row({ best_response: 'MR' }));
    expect(r).toMatchObject({ group: 'unclassified', reason: 'mr-without-early-progression', basis: null });
  });
  it('MR with late progression is unclassified too', () => {
    expect(classifyPatient(row({ best_response: 'MR', date_progression: plusDays(120) })).reason).toBe('mr-without-early-progression');
  });
  it('missing best response', () => {
    expect(classifyPatient(row({ best_response: '' }))).toMatchObject({ group: 'unclassified', reason: 'missing-best-response', field: 'best_response' });
  });
  it('missing best response but early progression on a first exposure is still de novo DR', () => {
    expect(classifyPatient(row({ best_response: null, date_progression: plusDays(30) })).group).toBe('denovo');
  });
  it('invalid best response', () => {
    expect(classifyPatient(row({ best_response: 'good' })).reason).toBe('invalid-best-response');
  });
  it('missing prior exposure blocks de novo/acquired when they could apply', () => {
    expect(classifyPatient(row({ prior_same_drug: null, best_response: 'SD' }))).toMatchObject({ group: 'unclassified', reason: 'missing-prior-exposure' });
  });
  it('missing prior exposure does not matter when neither DR rule can hold (PR, no progression)', () => {
    expect(classifyPatient(row({ prior_same_drug: null, best_response: 'PR' })).group).toBe('response');
  });
  it('invalid prior exposure', () => {
    expect(classifyPatient(row({ prior_same_drug: 'maybe', best_response: 'SD' })).reason).toBe('invalid-prior-exposure');
  });
  it('progression without a regimen start date on a first-exposure responder', () => {
    expect(classifyPatient(row({ date_regimen_start: null, date_progression: '2013-04-01' }))).toMatchObject({ reason: 'missing-regimen-start', field: 'date_regimen_start' });
  });
  it('invalid dates name the field', () => {
    expect(classifyPatient(row({ date_progression: '31/02/2013' }))).toMatchObject({ reason: 'invalid-date', field: 'date_progression' });
    expect(classifyPatient(row({ date_progression: '2013-02-30' })).reason).toBe('invalid-date');
  });
  it('progression dated before the regimen start', () => {
    expect(classifyPatient(row({ date_progression: '2013-01-01' })).reason).toBe('progression-before-start');
  });
});

describe('rule order setting', () => {
  const briefPr = row({ best_response: 'PR', date_progression: plusDays(45) });
  it('default order is de novo, acquired, response', () => {
    expect(DEFAULT_DR_SETTINGS.order).toEqual(['denovo', 'acquired', 'response']);
    expect(DEFAULT_DR_SETTINGS.windowDays).toBe(60);
  });
  it('response first turns a brief PR into response', () => {
    expect(classifyPatient(briefPr, { order: ['response', 'denovo', 'acquired'] }).group).toBe('response');
  });
  it('response before acquired turns a re-exposed PR with progression into response', () => {
    const p = row({ prior_same_drug: 1, best_response: 'PR', date_progression: plusDays(300) });
    expect(classifyPatient(p, { order: ['denovo', 'response', 'acquired'] }).group).toBe('response');
  });
  it('a rule left out of the order never assigns its group', () => {
    const r = classifyPatient(row({ prior_same_drug: 1, best_response: 'SD' }), { order: ['denovo', 'response'] });
    expect(r).toMatchObject({ group: 'unclassified', reason: 'no-rule-matched' });
  });
});

describe('classifyCohort', () => {
  it('counts drug × group and lists unclassified patients with reason text', () => {
    const rows: DrRow[] = [
      row({ patient_id: 'A', drug: 'Bz', best_response: 'CR' }),
      row({ patient_id: 'B', drug: 'Bz', best_response: 'PD' }),
      row({ patient_id: 'C', drug: 'Thal', prior_same_drug: 1, best_response: 'SD' }),
      row({ patient_id: 'D', drug: 'Thal', best_response: 'MR' }),
      row({ patient_id: 'E', drug: null, best_response: 'VGPR' }),
    ];
    const r = classifyCohort(rows);
    expect(r.counts.Bz).toEqual({ response: 1, denovo: 1, acquired: 0, unclassified: 0 });
    expect(r.counts.Thal).toEqual({ response: 0, denovo: 0, acquired: 1, unclassified: 1 });
    expect(r.counts['']).toEqual({ response: 1, denovo: 0, acquired: 0, unclassified: 0 });
    expect(r.totals).toEqual({ response: 2, denovo: 1, acquired: 1, unclassified: 1 });
    expect(r.unclassified).toHaveLength(1);
    expect(r.unclassified[0]).toMatchObject({ index: 3, patientId: 'D', drug: 'Thal', reason: 'mr-without-early-progression' });
    expect(r.unclassified[0].text).toMatch(/MR/);
    expect(r.patients.map((p) => p.group)).toEqual(['response', 'denovo', 'acquired', 'unclassified', 'response']);
  });
  it('every reason and group has a label', () => {
    for (const g of ['response', 'denovo', 'acquired', 'unclassified'] as const) expect(drGroupLabel(g)).toBeTruthy();
    for (const reason of ['missing-best-response', 'invalid-best-response', 'missing-prior-exposure', 'invalid-prior-exposure',
      'missing-regimen-start', 'invalid-date', 'progression-before-start', 'mr-without-early-progression', 'no-rule-matched'] as const) {
      expect(drReasonText(reason, 'date_progression')).toBeTruthy();
    }
  });
});
