import { describe, it, expect } from 'vitest';
import { guessMapping, normalizeHeader } from '../../src/study/mapping.ts';
import { STUDY_FIELDS } from '../../src/study/fields.ts';

describe('column mapping guesses', () => {
  it('maps the demo cohort (headers are the field keys) one to one', () => {
    const m = guessMapping(STUDY_FIELDS.map((f) => f.key));
    for (const f of STUDY_FIELDS) expect(m[f.key]).toBe(f.key);
  });

  it('recognises common Chinese hospital headers, units in brackets included', () => {
    const cols = ['住院号', '年龄', '性别', 'ISS分期', '血红蛋白(g/L)', '肌酐（μmol/L）', 'β2微球蛋白', 'C反应蛋白', '乳酸脱氢酶', '诊断日期', '随访日期', '死亡日期', '备注'];
    const m = guessMapping(cols);
    expect(m).toMatchObject({
      patient_id: '住院号', age: '年龄', sex: '性别', iss_stage: 'ISS分期', hb: '血红蛋白(g/L)', creatinine: '肌酐（μmol/L）',
      b2m: 'β2微球蛋白', crp: 'C反应蛋白', ldh: '乳酸脱氢酶', date_diagnosis: '诊断日期', date_last_followup: '随访日期', date_death: '死亡日期',
    });
    expect(Object.values(m)).not.toContain('备注'); // an unknown column stays a user variable
  });

  it('recognises English export headers and uses each column once', () => {
    const m = guessMapping(['Patient ID', 'Age (years)', 'Gender', 'Hb', 'CRP (mg/L)', 'ID']);
    expect(m).toMatchObject({ patient_id: 'Patient ID', age: 'Age (years)', sex: 'Gender', hb: 'Hb', crp: 'CRP (mg/L)' });
  });

  it('normalizes case, spacing, punctuation and bracketed units', () => {
    expect(normalizeHeader(' Serum  Creatinine (umol/L) ')).toBe('serumcreatinine');
    expect(normalizeHeader('ISS_stage')).toBe('issstage');
    expect(normalizeHeader('血红蛋白（g/L）')).toBe('血红蛋白');
  });
});
