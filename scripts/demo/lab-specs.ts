/**
 * Baseline labs of the demo cohort: per drug and DR group, the mean and SD printed in the paper's
 * Table 2 (bortezomib) and Table 3 (thalidomide). The paper prints no table for lenalidomide; its
 * groups use the mean of the Bz and Thal values. `null` = not printed ("–"): a mean without an SD
 * gives one measured patient, no mean gives none.
 *
 * Table 3 as printed is shifted by one row between "CRP" and "LDH": its "CRP" row (0.05/0.08/0.15)
 * is procalcitonin, its "PCT" row (161.8/172.9/215.5) is LDH, and thalidomide CRP is not printed.
 * The demo uses the corrected assignment and invents a modest thalidomide CRP (and EPO, also absent
 * from Table 3); those are marked "invented" below.
 */

export type MS = readonly [mean: number, sd: number | null] | null;
/** [response, de novo DR, acquired DR] */
export type ByGroup = readonly [MS, MS, MS];

export interface LabSpec {
  key: string;
  decimals: number;
  shape: 'normal' | 'lognormal';
  /** Fraction of patients with the lab measured (realistic missingness). */
  measured: number;
  /** Upper bound for proportions (CD3/CD4/CD8, M-protein proportion). */
  max?: number;
  bz: ByGroup;
  thal: ByGroup;
}

export const LAB_SPECS: readonly LabSpec[] = [
  { key: 'm_protein_prop', decimals: 3, shape: 'lognormal', measured: 0.85, max: 0.95,
    bz: [[0.34, 0.2], [0.33, 0.19], [0.22, 0.09]], thal: [[0.25, 0.18], [0.32, 0.19], [0.26, 0.26]] },
  { key: 'hb', decimals: 0, shape: 'normal', measured: 0.98,
    bz: [[99.2, 24.2], [94.7, 27.7], [98.4, 28.7]], thal: [[104.7, 26.6], [104.8, 29.5], [97.4, 35.6]] },
  { key: 'albumin', decimals: 1, shape: 'normal', measured: 0.97,
    bz: [[36.2, 8.24], [33.5, 5.16], [36.3, 6.04]], thal: [[35.6, 7.8], [35.4, 8.3], [39.0, 11.4]] },
  { key: 'creatinine', decimals: 1, shape: 'lognormal', measured: 0.97,
    bz: [[112.3, 87.0], [137.7, 123.3], [77.0, 19.2]], thal: [[79.1, 35.8], [101.9, 72.26], [141.66, 78.5]] },
  { key: 'b2m', decimals: 2, shape: 'lognormal', measured: 0.88,
    bz: [[5.4, 3.6], [5.7, 4.5], [4.0, 1.0]], thal: [[3.7, 1.9], [4.0, 2.79], [5.67, 3.1]] },
  { key: 'platelets', decimals: 0, shape: 'lognormal', measured: 0.98,
    bz: [[160.4, 65.3], [174.3, 97.6], [129.3, 66.3]], thal: [[162.7, 98.7], [155.0, 75.5], [130.0, 63.5]] },
  { key: 'lymphocytes', decimals: 2, shape: 'lognormal', measured: 0.98,
    bz: [[1.6, 0.8], [1.5, 0.9], [1.3, 0.7]], thal: [[1.38, 0.49], [1.58, 0.73], [1.12, 0.29]] },
  { key: 'monocytes', decimals: 2, shape: 'lognormal', measured: 0.98,
    bz: [[0.3, 0.2], [0.3, 0.2], [0.4, 0.2]], thal: [[0.34, 0.17], [0.28, 0.16], [0.33, 0.21]] },
  { key: 'neutrophils', decimals: 2, shape: 'lognormal', measured: 0.98,
    bz: [[3.9, 2.4], [3.7, 2.0], [2.7, 1.1]], thal: [[3.75, 2.6], [3.43, 2.21], [1.93, 1.0]] },
  { key: 'il6', decimals: 2, shape: 'lognormal', measured: 0.3,
    bz: [[14.4, 13.7], [7.4, 4.2], [58.0, 19.8]], thal: [[6.22, 5.163], [4.45, 4.03], [3.18, 1.19]] },
  // Bortezomib CRP is drawn separately (cohort.ts) so that CRP ≥ 20 mg/L gives the paper's odds ratio.
  { key: 'crp', decimals: 2, shape: 'lognormal', measured: 0.5,
    bz: [[9.17, 9.13], [4.15, 2.88], [60.8, 31.44]], thal: [[8.0, 7.5], [7.1, 6.8], [9.5, 8.0]] /* thal invented */ },
  { key: 'pct', decimals: 3, shape: 'lognormal', measured: 0.25,
    bz: [[0.1, 0.09], [0.04, 0.01], [0.28, 0.1]], thal: [[0.05, 0.03], [0.08, 0.03], [0.15, null]] },
  { key: 'ldh', decimals: 0, shape: 'lognormal', measured: 0.92,
    bz: [[179.2, 116.1], [180.1, 69.6], [209.8, 43.27]], thal: [[161.8, 49.1], [172.9, 53.2], [215.5, 77.2]] },
  { key: 'esr', decimals: 0, shape: 'lognormal', measured: 0.55,
    bz: [[46.3, 31.2], [69.0, 18.8], null], thal: [[72.5, 44.1], [67.6, 39.0], [18.0, 5.66]] },
  { key: 'ferritin', decimals: 1, shape: 'lognormal', measured: 0.15,
    bz: [[408.4, 340.4], [180.0, 22.9], null], thal: [null, [786.0, 643.0], null] },
  { key: 'bun', decimals: 2, shape: 'lognormal', measured: 0.95,
    bz: [[7.0, 4.3], [8.7, 7.8], [7.5, 7.1]], thal: [[6.26, 2.12], [6.36, 3.02], [8.81, 4.53]] },
  { key: 'cystatin_c', decimals: 2, shape: 'lognormal', measured: 0.7,
    bz: [[1.53, 0.91], [2.12, 1.89], [2.1, 2.0]], thal: [[1.13, 0.41], [1.41, 0.77], [1.71, 0.73]] },
  { key: 'uric_acid', decimals: 1, shape: 'lognormal', measured: 0.95,
    bz: [[411.7, 175.2], [352.6, 151.1], [354.0, 122.0]], thal: [[343.9, 124.0], [335.0, 125.33], [465.7, 197.2]] },
  { key: 'triglyceride', decimals: 2, shape: 'lognormal', measured: 0.85,
    bz: [[1.7, 1.1], [1.5, 0.66], [1.3, 0.5]], thal: [[1.6, 0.9], [1.5, 1.0], [2.4, 1.2]] },
  { key: 'cholesterol', decimals: 2, shape: 'lognormal', measured: 0.85,
    bz: [[3.8, 1.3], [3.8, 1.3], [3.6, 1.0]], thal: [[4.0, 1.6], [3.7, 1.31], [4.2, 1.9]] },
  { key: 'hdl_c', decimals: 2, shape: 'lognormal', measured: 0.85,
    bz: [[1.1, 0.38], [1.1, 0.39], [1.3, 0.72]], thal: [[1.2, 0.4], [1.2, 0.6], [2.3, 1.4]] },
  { key: 'ldl_c', decimals: 2, shape: 'lognormal', measured: 0.85,
    bz: [[2.2, 0.93], [2.2, 1.03], [1.4, 0.35]], thal: [[2.1, 0.9], [2.2, 1.1], [2.3, 1.4]] },
  { key: 'glucose', decimals: 2, shape: 'lognormal', measured: 0.92,
    bz: [[5.6, 1.1], [6.1, 2.1], [6.1, 1.6]], thal: [[7.15, 4.2], [5.73, 1.85], [5.93, 0.88]] },
  { key: 'epo', decimals: 1, shape: 'lognormal', measured: 0.15,
    bz: [[93.9, 73.4], [17.2, 4.5], null], thal: [[55.0, 40.0], [48.0, 35.0], null] /* thal invented */ },
  { key: 'globulin', decimals: 1, shape: 'lognormal', measured: 0.92,
    bz: [[47.4, 23.5], [50.5, 24.7], [48.1, 14.4]], thal: [[42.3, 22.1], [48.9, 41.5], [42.94, 31.5]] },
  { key: 'polyclonal_ig', decimals: 1, shape: 'lognormal', measured: 0.6,
    bz: [[28.3, 9.17], [37.0, 25.2], [35.5, 5.6]], thal: [[25.6, 4.7], [31.0, 9.9], [31.9, null]] },
  { key: 'c3', decimals: 2, shape: 'lognormal', measured: 0.35,
    bz: [[0.84, 0.39], [0.94, 0.11], [0.7, null]], thal: [[0.84, 0.27], [0.76, 0.19], [0.98, null]] },
  { key: 'c4', decimals: 3, shape: 'lognormal', measured: 0.35,
    bz: [[0.19, 0.09], [0.13, 0.12], [0.21, null]], thal: [[0.19, 0.07], [0.18, 0.13], [0.21, null]] },
  { key: 'properdin_b', decimals: 1, shape: 'lognormal', measured: 0.12,
    bz: [[229.4, 222.7], [300.3, 51.2], null], thal: [[271.4, 92.2], [200.6, 74.5], null] },
  { key: 'cd3', decimals: 3, shape: 'normal', measured: 0.15, max: 0.95,
    bz: [[0.62, 0.12], [0.66, 0.04], null], thal: [[0.62, 0.14], [0.64, 0.13], [0.67, 0.11]] },
  { key: 'cd4', decimals: 3, shape: 'lognormal', measured: 0.15, max: 0.9,
    bz: [[0.35, 0.12], [0.21, 0.19], null], thal: [[0.34, 0.13], [0.31, 0.15], [0.32, 0.04]] },
  { key: 'cd8', decimals: 3, shape: 'lognormal', measured: 0.15, max: 0.9,
    bz: [[0.25, 0.08], [0.33, 0.12], null], thal: [[0.24, 0.06], [0.29, 0.11], [0.31, 0.04]] },
  { key: 'calcium', decimals: 2, shape: 'normal', measured: 0.96,
    bz: [[2.23, 0.32], [2.09, 0.43], [2.33, 0.4]], thal: [[2.13, 0.55], [2.05, 0.23], [2.29, 0.5]] },
  { key: 'phosphorus', decimals: 2, shape: 'lognormal', measured: 0.9,
    bz: [[1.16, 0.35], [1.3, 0.46], [1.5, 0.7]], thal: [[1.04, 0.23], [1.25, 0.64], [1.22, 0.25]] },
  { key: 'magnesium', decimals: 2, shape: 'lognormal', measured: 0.85,
    bz: [[0.87, 0.3], [0.83, 0.3], [0.87, 0.14]], thal: [[0.81, 0.08], [0.87, 0.21], [0.88, 0.08]] },
  { key: 'alp', decimals: 0, shape: 'lognormal', measured: 0.92,
    bz: [[82.97, 60.57], [78.18, 37.77], [69.83, 29.43]], thal: [[69.8, 24.8], [74.99, 47.1], [61.4, 16.6]] },
  { key: 'b_alp', decimals: 1, shape: 'lognormal', measured: 0.25,
    bz: [[17.1, 5.5], [13.2, 5.4], null], thal: [[16.0, 8.78], [15.0, 10.0], [8.92, 1.4]] },
];

/** Lenalidomide (no table in the paper): mean of the Bz and Thal entries, whichever exist. */
export function lenSpec(spec: LabSpec): ByGroup {
  const mix = (a: MS, b: MS): MS => {
    if (!a) return b;
    if (!b) return a;
    const sd = a[1] !== null && b[1] !== null ? (a[1] + b[1]) / 2 : (a[1] ?? b[1]);
    return [(a[0] + b[0]) / 2, sd];
  };
  return [mix(spec.bz[0], spec.thal[0]), mix(spec.bz[1], spec.thal[1]), mix(spec.bz[2], spec.thal[2])];
}
