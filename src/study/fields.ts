import { msg } from '@lit/localize';

/** What kind of values a study field holds. */
export type FieldKind = 'id' | 'number' | 'category' | 'date' | 'binary';

/** One study field of SPEC §2: a stable key (also the demo cohort's column header), its kind and unit. */
export interface StudyField {
  /** Stable key, used as column header in the demo cohort and in saved mappings. */
  readonly key: string;
  readonly kind: FieldKind;
  /** Unit as printed in the paper's tables, if any. */
  readonly unit?: string;
  /** Allowed codes for categorical fields, in display order. */
  readonly levels?: readonly string[];
  /** Localized label (a function so it follows the current UI language). */
  label(): string;
  /** Which part of the paper's tables the field belongs to. */
  readonly section: FieldSection;
}

/** The paper's five aspects of the routine workup plus identifiers, treatment, outcome and dates. */
export type FieldSection = 'patient' | 'treatment' | 'outcome' | 'dates' | 'general' | 'inflammation' | 'immune' | 'bone' | 'genetics';

/** Localized title of a field section. */
export function sectionLabel(s: FieldSection): string {
  switch (s) {
    case 'patient': return msg('Patient', { id: 'section.patient' });
    case 'treatment': return msg('Treatment', { id: 'section.treatment' });
    case 'outcome': return msg('Outcome', { id: 'section.outcome' });
    case 'dates': return msg('Dates', { id: 'section.dates' });
    case 'general': return msg('General information', { id: 'section.general' });
    case 'inflammation': return msg('Nonspecific inflammatory markers', { id: 'section.inflammation' });
    case 'immune': return msg('Immune status', { id: 'section.immune' });
    case 'bone': return msg('Bone disease', { id: 'section.bone' });
    case 'genetics': return msg('Cytogenetics / FISH', { id: 'section.genetics' });
  }
}

const f = (key: string, kind: FieldKind, section: FieldSection, label: () => string, extra: Partial<StudyField> = {}): StudyField =>
  ({ key, kind, section, label, ...extra });

/** Drug codes used by the study (paper: bortezomib, thalidomide, lenalidomide). */
export const DRUGS = ['Bz', 'Thal', 'Len'] as const;
/** Best-response codes, best first (IMWG). */
export const RESPONSES = ['sCR', 'CR', 'VGPR', 'PR', 'MR', 'SD', 'PD'] as const;

/**
 * Every study field of SPEC §2, in the order the cohort grid shows them. Columns of a user's file
 * that map to none of these stay available as user variables.
 */
export const STUDY_FIELDS: readonly StudyField[] = [
  f('patient_id', 'id', 'patient', () => msg('Patient ID', { id: 'field.patient_id' })),
  f('age', 'number', 'patient', () => msg('Age', { id: 'field.age' }), { unit: 'years' }),
  f('sex', 'category', 'patient', () => msg('Sex', { id: 'field.sex' }), { levels: ['M', 'F'] }),
  f('iss_stage', 'category', 'patient', () => msg('ISS stage', { id: 'field.iss_stage' }), { levels: ['I', 'II', 'III'] }),
  f('ds_stage', 'category', 'patient', () => msg('Durie–Salmon stage', { id: 'field.ds_stage' }), { levels: ['1A', '1B', '2A', '2B', '3A', '3B'] }),
  f('isotype', 'category', 'patient', () => msg('M-protein isotype', { id: 'field.isotype' }),
    { levels: ['IgG κ', 'IgG λ', 'IgA κ', 'IgA λ', 'IgM λ', 'IgD λ', 'IgG IgA λ', 'κ', 'λ', 'Nonsecretory'] }),
  f('drug', 'category', 'treatment', () => msg('Regimen drug', { id: 'field.drug' }), { levels: DRUGS }),
  f('line', 'category', 'treatment', () => msg('Line of therapy', { id: 'field.line' }), { levels: ['front', 'second'] }),
  f('prior_same_drug', 'binary', 'treatment', () => msg('Previously treated with the drug', { id: 'field.prior_same_drug' })),
  f('best_response', 'category', 'outcome', () => msg('Best response', { id: 'field.best_response' }), { levels: RESPONSES }),
  f('date_diagnosis', 'date', 'dates', () => msg('Date of diagnosis', { id: 'field.date_diagnosis' })),
  f('date_regimen_start', 'date', 'dates', () => msg('Regimen start', { id: 'field.date_regimen_start' })),
  f('date_first_response', 'date', 'dates', () => msg('First response', { id: 'field.date_first_response' })),
  f('date_progression', 'date', 'dates', () => msg('Progression', { id: 'field.date_progression' })),
  f('date_last_followup', 'date', 'dates', () => msg('Last follow-up', { id: 'field.date_last_followup' })),
  f('date_death', 'date', 'dates', () => msg('Death', { id: 'field.date_death' })),
  f('m_protein_prop', 'number', 'general', () => msg('Proportion of M protein', { id: 'field.m_protein_prop' })),
  f('flc_ratio', 'number', 'general', () => msg('Involved/uninvolved light-chain ratio', { id: 'field.flc_ratio' })),
  f('hb', 'number', 'general', () => msg('Haemoglobin', { id: 'field.hb' }), { unit: 'g/L' }),
  f('albumin', 'number', 'general', () => msg('Albumin', { id: 'field.albumin' }), { unit: 'g/L' }),
  f('creatinine', 'number', 'general', () => msg('Creatinine', { id: 'field.creatinine' }), { unit: 'µmol/L' }),
  f('b2m', 'number', 'general', () => msg('β2-microglobulin', { id: 'field.b2m' }), { unit: 'mg/L' }),
  f('platelets', 'number', 'inflammation', () => msg('Platelets', { id: 'field.platelets' }), { unit: '×10⁹/L' }),
  f('lymphocytes', 'number', 'inflammation', () => msg('Lymphocytes', { id: 'field.lymphocytes' }), { unit: '×10⁹/L' }),
  f('monocytes', 'number', 'inflammation', () => msg('Monocytes', { id: 'field.monocytes' }), { unit: '×10⁹/L' }),
  f('neutrophils', 'number', 'inflammation', () => msg('Neutrophils', { id: 'field.neutrophils' }), { unit: '×10⁹/L' }),
  f('il6', 'number', 'inflammation', () => msg('IL-6', { id: 'field.il6' }), { unit: 'pg/mL' }),
  f('crp', 'number', 'inflammation', () => msg('CRP', { id: 'field.crp' }), { unit: 'mg/L' }),
  f('pct', 'number', 'inflammation', () => msg('Procalcitonin', { id: 'field.pct' }), { unit: 'ng/mL' }),
  f('ldh', 'number', 'inflammation', () => msg('LDH', { id: 'field.ldh' }), { unit: 'IU/L' }),
  f('esr', 'number', 'inflammation', () => msg('ESR', { id: 'field.esr' }), { unit: 'mm/h' }),
  f('ferritin', 'number', 'inflammation', () => msg('Ferritin', { id: 'field.ferritin' }), { unit: 'ng/mL' }),
  f('bun', 'number', 'inflammation', () => msg('BUN', { id: 'field.bun' }), { unit: 'mmol/L' }),
  f('cystatin_c', 'number', 'inflammation', () => msg('Cystatin C', { id: 'field.cystatin_c' }), { unit: 'mg/L' }),
  f('uric_acid', 'number', 'inflammation', () => msg('Uric acid', { id: 'field.uric_acid' }), { unit: 'µmol/L' }),
  f('triglyceride', 'number', 'inflammation', () => msg('Triglyceride', { id: 'field.triglyceride' }), { unit: 'mmol/L' }),
  f('cholesterol', 'number', 'inflammation', () => msg('Cholesterol', { id: 'field.cholesterol' }), { unit: 'mmol/L' }),
  f('hdl_c', 'number', 'inflammation', () => msg('HDL-C', { id: 'field.hdl_c' }), { unit: 'mmol/L' }),
  f('ldl_c', 'number', 'inflammation', () => msg('LDL-C', { id: 'field.ldl_c' }), { unit: 'mmol/L' }),
  f('glucose', 'number', 'inflammation', () => msg('Blood glucose', { id: 'field.glucose' }), { unit: 'mmol/L' }),
  f('epo', 'number', 'inflammation', () => msg('EPO', { id: 'field.epo' }), { unit: 'mIU/mL' }),
  f('globulin', 'number', 'immune', () => msg('Globulin', { id: 'field.globulin' }), { unit: 'g/L' }),
  f('polyclonal_ig', 'number', 'immune', () => msg('Normal polyclonal Ig', { id: 'field.polyclonal_ig' }), { unit: 'g/L' }),
  f('c3', 'number', 'immune', () => msg('C3', { id: 'field.c3' }), { unit: 'g/L' }),
  f('c4', 'number', 'immune', () => msg('C4', { id: 'field.c4' }), { unit: 'g/L' }),
  f('properdin_b', 'number', 'immune', () => msg('Properdin B', { id: 'field.properdin_b' }), { unit: 'mg/L' }),
  f('cd3', 'number', 'immune', () => msg('CD3', { id: 'field.cd3' })),
  f('cd4', 'number', 'immune', () => msg('CD4', { id: 'field.cd4' })),
  f('cd8', 'number', 'immune', () => msg('CD8', { id: 'field.cd8' })),
  f('calcium', 'number', 'bone', () => msg('Calcium', { id: 'field.calcium' }), { unit: 'mmol/L' }),
  f('phosphorus', 'number', 'bone', () => msg('Inorganic phosphorus', { id: 'field.phosphorus' }), { unit: 'mmol/L' }),
  f('magnesium', 'number', 'bone', () => msg('Magnesium', { id: 'field.magnesium' }), { unit: 'mmol/L' }),
  f('alp', 'number', 'bone', () => msg('ALP', { id: 'field.alp' }), { unit: 'IU/L' }),
  f('b_alp', 'number', 'bone', () => msg('B-ALP', { id: 'field.b_alp' }), { unit: 'µg/L' }),
  f('bone_lesions', 'category', 'bone', () => msg('Bone lesions (X-ray)', { id: 'field.bone_lesions' }),
    { levels: ['none', 'osteoporosis', 'destruction', 'fracture'] }),
  f('fish_1q21_gain', 'binary', 'genetics', () => msg('1q21 gain', { id: 'field.fish_1q21_gain' })),
  f('fish_1p_del', 'binary', 'genetics', () => msg('1p deletion', { id: 'field.fish_1p_del' })),
  f('fish_13q_del', 'binary', 'genetics', () => msg('13q deletion', { id: 'field.fish_13q_del' })),
  f('fish_tp53_del', 'binary', 'genetics', () => msg('TP53/17p deletion', { id: 'field.fish_tp53_del' })),
  f('fish_t4_14', 'binary', 'genetics', () => msg('t(4;14)', { id: 'field.fish_t4_14' })),
  f('fish_t11_14', 'binary', 'genetics', () => msg('t(11;14)', { id: 'field.fish_t11_14' })),
  f('fish_t14_16', 'binary', 'genetics', () => msg('t(14;16)', { id: 'field.fish_t14_16' })),
];

/** Look a study field up by key. */
export function fieldByKey(key: string): StudyField | undefined {
  return STUDY_FIELDS.find((x) => x.key === key);
}
