import { STUDY_FIELDS } from './fields.ts';

/**
 * Header synonyms per study field (English and Chinese hospital exports). Matching is on a
 * normalized form: lower case, no spaces, punctuation or unit suffixes in brackets.
 */
const SYNONYMS: Record<string, string[]> = {
  patient_id: ['patientid', 'id', 'patient', 'mrn', 'caseid', '住院号', '病案号', '患者编号', '病人id', '编号', 'id号'],
  age: ['age', 'ageyears', '年龄'],
  sex: ['sex', 'gender', '性别'],
  iss_stage: ['iss', 'issstage', 'iss分期'],
  ds_stage: ['ds', 'dsstage', 'duriesalmon', 'duriesalmonstage', 'ds分期'],
  isotype: ['isotype', 'mprotein', 'mproteintype', 'type', '分型', 'm蛋白类型', '免疫分型'],
  drug: ['drug', 'regimen', 'regimendrug', 'agent', '药物', '方案'],
  line: ['line', 'lineoftherapy', 'therapyline', '治疗线数', '线数'],
  prior_same_drug: ['prior', 'priorexposure', 'previouslytreated', '既往使用'],
  best_response: ['response', 'bestresponse', '疗效', '最佳疗效'],
  date_diagnosis: ['diagnosisdate', 'datediagnosis', 'dateofdiagnosis', '诊断日期', '确诊日期'],
  date_regimen_start: ['regimenstart', 'startdate', 'treatmentstart', '治疗开始日期', '开始日期'],
  date_first_response: ['firstresponse', 'responsedate', '首次缓解日期'],
  date_progression: ['progression', 'progressiondate', 'pddate', '进展日期'],
  date_last_followup: ['lastfollowup', 'followupdate', 'datelastfollowup', '随访日期', '末次随访日期', '最后随访'],
  date_death: ['death', 'deathdate', 'dateofdeath', '死亡日期', '死亡'],
  hb: ['hb', 'hgb', 'haemoglobin', 'hemoglobin', '血红蛋白'],
  albumin: ['alb', 'albumin', '白蛋白'],
  creatinine: ['cr', 'creat', 'creatinine', 'scr', '肌酐'],
  b2m: ['b2m', 'β2m', 'beta2microglobulin', 'β2microglobulin', 'β2微球蛋白', 'β2-微球蛋白'],
  flc_ratio: ['flcratio', 'lightchainratio', 'kappalambdaratio', '轻链比值'],
  crp: ['crp', 'creactiveprotein', 'c反应蛋白'],
  ldh: ['ldh', 'lactatedehydrogenase', '乳酸脱氢酶'],
  platelets: ['plt', 'platelets', 'plateletcount', '血小板'],
  il6: ['il6', 'interleukin6', '白介素6'],
  calcium: ['ca', 'calcium', '血钙', '钙'],
};

/** Lower-cases, removes bracketed units, whitespace and punctuation. */
export function normalizeHeader(h: string): string {
  return h.normalize('NFKC').toLowerCase().replace(/[(（[].*?[)）\]]/g, '').replace(/[\s_\-.:/\\'"·]+/g, '');
}

/**
 * Guesses which column of a user's file holds each study field: exact key match first, then a
 * synonym. Each column is used at most once. Returns field key → column name (null = not found).
 */
export function guessMapping(columns: string[]): Record<string, string | null> {
  const norm = columns.map(normalizeHeader);
  const used = new Set<number>();
  const out: Record<string, string | null> = {};
  for (const field of STUDY_FIELDS) {
    const candidates = [normalizeHeader(field.key), ...(SYNONYMS[field.key] ?? []).map(normalizeHeader)];
    let hit = -1;
    for (const c of candidates) {
      hit = norm.findIndex((n, i) => !used.has(i) && n === c);
      if (hit >= 0) break;
    }
    if (hit >= 0) used.add(hit);
    out[field.key] = hit >= 0 ? columns[hit] : null;
  }
  return out;
}
