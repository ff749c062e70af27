/**
 * The synthetic demo cohort: 204 patients shaped like the paper's Table 1 (margins per drug exactly
 * where the paper prints counts), Table 2 (bortezomib by DR group), Table 3 (thalidomide by DR
 * group) and Table 4 (cytogenetics of 68 patients by DR group). Treatment and outcome fields are
 * built so that the SPEC §3 classifier (src/study/dr-classification.ts) gives back exactly the
 * designed DR group of every patient. Nothing here is patient data.
 */
import { STUDY_FIELDS } from '../../src/study/fields.ts';
import { Rng } from './rng.ts';
import { dayOf, isoOf, fixed, csvDocument, median } from './format.ts';
import { exactSample, exactSplitSample, roundKeepingSum } from './moments.ts';
import { LAB_SPECS, lenSpec, type MS } from './lab-specs.ts';

export type Drug = 'Bz' | 'Thal' | 'Len';
export type Group = 'response' | 'denovo' | 'acquired';
export const GROUPS: readonly Group[] = ['response', 'denovo', 'acquired'];
const GI: Record<Group, number> = { response: 0, denovo: 1, acquired: 2 };

/** Study calendar (paper Methods): enrolment Jan 2013 – Dec 2014, follow-up cut-off 31 Mar 2015. */
export const ENROL_FIRST = dayOf('2013-01-01');
export const ENROL_LAST = dayOf('2014-12-31');
export const CUTOFF = dayOf('2015-03-31');
/** Patients lost to follow-up (paper: 38, 19.1%). */
export const LOST_TO_FOLLOW_UP = 38;

/** How a patient's DR group shows in the treatment/outcome fields (drives the dates). */
export type Course =
  | 'response' // PR or better; first exposure may relapse later (> 60 days)
  | 'denovo-pd' // best response PD, progression within weeks
  | 'denovo-sd' // best response SD (progression later or never)
  | 'denovo-mr-early' // MR, but progression within 60 days
  | 'denovo-brief-pr' // PR at ~1 month, progression within 60 days
  | 'acquired-pr' // previously exposed; PR then progression on treatment
  | 'acquired-below-pr'; // previously exposed; MR/SD, progression on treatment

export interface Patient {
  drug: Drug;
  group: Group;
  course: Course;
  line: 'front' | 'second';
  prior: 0 | 1;
  v: Record<string, string>;
  /** internal */
  start: number;
  diagnosis: number;
  firstResponse: number | null;
  progression: number | null;
  lastFollowup: number;
  death: number | null;
  lost: boolean;
  cyto: boolean;
}

interface AgeDesign { under65: number; median: number; min: number; max: number }
interface DrugDesign {
  drug: Drug;
  n: Record<Group, number>;
  /** front-line patients per group (rest second line) */
  front: Record<Group, number>;
  /** second-line responders previously treated with the same drug */
  priorResponders: number;
  age: Record<Group, AgeDesign>;
  sex: [m: number, f: number];
  /** patients with cytogenetics per group, and how many of them are high risk */
  cyto: Record<Group, number>;
  highRisk: Record<Group, number>;
}

/** Per-drug design. Sources: Table 1 (margins), Table 2 (Bz by group), Table 3 (Thal by group). */
export const DESIGN: readonly DrugDesign[] = [
  {
    drug: 'Bz', n: { response: 73, denovo: 35, acquired: 7 },
    front: { response: 58, denovo: 22, acquired: 2 }, priorResponders: 5,
    age: {
      response: { under65: 58, median: 59, min: 36, max: 74 },
      denovo: { under65: 27, median: 60, min: 28, max: 80 },
      acquired: { under65: 5, median: 63, min: 46, max: 72 },
    },
    sex: [74, 41],
    cyto: { response: 30, denovo: 14, acquired: 5 }, highRisk: { response: 9, denovo: 9, acquired: 4 },
  },
  {
    drug: 'Thal', n: { response: 18, denovo: 40, acquired: 9 },
    front: { response: 14, denovo: 27, acquired: 8 }, priorResponders: 1,
    age: {
      response: { under65: 12, median: 60.5, min: 42, max: 82 },
      denovo: { under65: 24, median: 63, min: 30, max: 80 },
      acquired: { under65: 4, median: 67, min: 51, max: 71 },
    },
    sex: [35, 32],
    cyto: { response: 5, denovo: 8, acquired: 2 }, highRisk: { response: 3, denovo: 5, acquired: 0 },
  },
  {
    // No per-group table for lenalidomide: groups, lines and ages chosen to fit Table 1's margins.
    drug: 'Len', n: { response: 4, denovo: 13, acquired: 5 },
    front: { response: 2, denovo: 4, acquired: 0 }, priorResponders: 1,
    age: {
      response: { under65: 2, median: 64.5, min: 52, max: 76 },
      denovo: { under65: 8, median: 62, min: 45, max: 78 },
      acquired: { under65: 3, median: 63, min: 55, max: 73 },
    },
    sex: [11, 11],
    cyto: { response: 2, denovo: 2, acquired: 0 }, highRisk: { response: 1, denovo: 1, acquired: 0 },
  },
];

type Counts = readonly (readonly [string, number])[];

/** Give `patients` the listed values in random order; patients beyond the total get ''. */
function allocate(rng: Rng, patients: Patient[], key: string, counts: Counts): void {
  const values: string[] = [];
  for (const [v, c] of counts) for (let i = 0; i < c; i++) values.push(v);
  if (values.length > patients.length) throw new Error(`allocate ${key}: ${values.length} values for ${patients.length} patients`);
  while (values.length < patients.length) values.push('');
  rng.shuffle(values);
  patients.forEach((p, i) => (p.v[key] = values[i]));
}

/** Coarse categories per group, then fine labels shuffled within each coarse category (whole drug). */
function allocateNested(rng: Rng, byGroup: Record<Group, Patient[]>, key: string,
  coarse: Record<Group, Counts>, fine: Record<string, Counts>): void {
  for (const g of GROUPS) allocate(rng, byGroup[g], key, coarse[g]);
  const all = GROUPS.flatMap((g) => byGroup[g]);
  for (const [c, labels] of Object.entries(fine)) {
    const members = all.filter((p) => p.v[key] === c);
    const total = labels.reduce((a, [, n]) => a + n, 0);
    if (total !== members.length) throw new Error(`allocateNested ${key}/${c}: ${total} labels for ${members.length} patients`);
    allocate(rng, members, key, labels);
  }
}

/** Integer ages with exactly `under65` below 65, the given median, min and max. */
function ages(rng: Rng, n: number, d: AgeDesign): number[] {
  const tri = (lo: number, mode: number, hi: number): number => {
    const u = rng.next();
    const c = (mode - lo) / (hi - lo || 1);
    return u < c ? lo + Math.sqrt(u * (hi - lo) * (mode - lo)) : hi - Math.sqrt((1 - u) * (hi - lo) * (hi - mode));
  };
  const xs: number[] = [];
  for (let i = 0; i < d.under65; i++) xs.push(Math.round(tri(d.min, Math.min(d.median, 63), 64)));
  for (let i = d.under65; i < n; i++) xs.push(Math.round(tri(65, Math.max(65, Math.min(d.median, d.max)), d.max)));
  xs.sort((a, b) => a - b);
  const mid = (n - 1) / 2;
  if (Number.isInteger(mid)) xs[mid] = d.median;
  else {
    xs[Math.floor(mid)] = Math.floor(d.median);
    xs[Math.ceil(mid)] = Math.ceil(d.median);
  }
  for (let i = 0; i < n; i++) {
    if (i < Math.floor(mid)) xs[i] = Math.min(xs[i], Math.floor(d.median));
    if (i > Math.ceil(mid)) xs[i] = Math.max(xs[i], Math.ceil(d.median));
  }
  if (n >= 3) {
    xs[0] = d.min;
    xs[n - 1] = d.max;
  }
  return rng.shuffle(xs);
}

/** Days from a lognormal with the given median, clipped to [lo, hi]. */
function lognormalDays(rng: Rng, med: number, sdLog: number, lo: number, hi: number): number {
  const v = Math.round(med * Math.exp(sdLog * rng.normal()));
  return Math.max(lo, Math.min(hi, v));
}

/** Survival model from diagnosis (months): Weibull, scale per drug × group; see tuneSurvival in tests. */
export const SURVIVAL = {
  shape: 1.3,
  /** Weibull scale (months) of overall survival from diagnosis: [response, de novo, acquired]. */
  scale: { Bz: [118, 106, 26], Thal: [135, 121, 67], Len: [80, 72, 32] } as Record<Drug, [number, number, number]>,
  /** Hazard multiplier once a second-line patient starts the study regimen (relapsed disease). */
  relapseHazard: 5,
  /** Median time from diagnosis to a second-line regimen (months). */
  lagMedianMonths: 45,
};

const DAYS_PER_MONTH = 30.4375;

/** Build the cohort. */
export function makeCohort(seed: number): Patient[] {
  const rng = Rng.derive(seed, 'cohort');
  const patients: Patient[] = [];
  for (const d of DESIGN) {
    const byGroup = { response: [], denovo: [], acquired: [] } as Record<Group, Patient[]>;
    for (const g of GROUPS) {
      const ageList = ages(rng, d.n[g], d.age[g]);
      for (let i = 0; i < d.n[g]; i++) {
        const p: Patient = {
          drug: d.drug, group: g, course: 'response', line: i < d.front[g] ? 'front' : 'second', prior: 0,
          v: {}, start: 0, diagnosis: 0, firstResponse: null, progression: null, lastFollowup: 0, death: null,
          lost: false, cyto: false,
        };
        p.v.age = String(ageList[i]);
        byGroup[g].push(p);
      }
      rng.shuffle(byGroup[g]);
    }
    // Line and prior exposure: every acquired DR patient was treated with the drug before (two of
    // the Bz and eight of the Thal acquired patients are nevertheless front line, as Tables 2–3 print:
    // re-induction / maintenance within the first line); some second-line responders too.
    for (const p of byGroup.acquired) p.prior = 1;
    byGroup.response.filter((p) => p.line === 'second').slice(0, d.priorResponders).forEach((p) => (p.prior = 1));
    // Courses (which branch of the classifier each patient exercises).
    for (const p of byGroup.response) p.course = 'response';
    const dn = byGroup.denovo;
    const nPd = Math.round(dn.length * 0.25);
    const nMr = Math.max(1, Math.round(dn.length * 0.1));
    const nPr = Math.max(1, Math.round(dn.length * 0.2));
    dn.forEach((p, i) => {
      p.course = i < nPd ? 'denovo-pd' : i < nPd + nMr ? 'denovo-mr-early' : i < nPd + nMr + nPr ? 'denovo-brief-pr' : 'denovo-sd';
    });
    byGroup.acquired.forEach((p, i) => (p.course = i % 2 === 0 ? 'acquired-pr' : 'acquired-below-pr'));
    for (const g of GROUPS) rng.shuffle(byGroup[g]);

    allocateDemographics(rng, d, byGroup);
    allocateCytogenetics(rng, d, byGroup);
    patients.push(...GROUPS.flatMap((g) => byGroup[g]));
  }
  placeOtherAbnormalities(rng, patients);
  for (const p of patients) treatmentCourse(rng, p);
  for (const p of patients) outcome(rng, p);
  chooseLostToFollowUp(rng, patients);
  labs(rng, patients);
  // Patient ids in order of enrolment (regimen start).
  const order = patients.map((p, i) => ({ p, i, k: rng.next() })).sort((a, b) => a.p.start - b.p.start || a.k - b.k);
  const out = order.map((o) => o.p);
  out.forEach((p, i) => (p.v.patient_id = 'DEMO-' + String(i + 1).padStart(3, '0')));
  for (const p of out) writeTreatmentFields(p);
  return out;
}

function allocateDemographics(rng: Rng, d: DrugDesign, by: Record<Group, Patient[]>): void {
  const all = GROUPS.flatMap((g) => by[g]);
  allocate(rng, all, 'sex', [['M', d.sex[0]], ['F', d.sex[1]]]);
  if (d.drug === 'Bz') {
    // Table 2: ISS I vs II–III and D–S 1 vs 2–3 by group; Table 1 for the finer split.
    allocateNested(rng, by, 'iss_stage',
      { response: [['I', 13], ['II/III', 46]], denovo: [['I', 6], ['II/III', 20]], acquired: [['I', 1], ['II/III', 4]] },
      { 'II/III': [['II', 38], ['III', 32]] });
    allocateNested(rng, by, 'ds_stage',
      { response: [['1', 4], ['2/3', 60]], denovo: [['1', 2], ['2/3', 26]], acquired: [['1', 0], ['2/3', 5]] },
      { '1': [['1A', 6]], '2/3': [['2A', 37], ['2B', 2], ['3A', 37], ['3B', 15]] });
    allocateNested(rng, by, 'isotype',
      { response: [['intact', 53], ['lc', 17], ['other', 3]], denovo: [['intact', 22], ['lc', 5], ['other', 8]], acquired: [['intact', 7]] },
      {
        intact: [['IgG κ', 30], ['IgG λ', 22], ['IgA κ', 10], ['IgA λ', 17], ['IgM λ', 2], ['IgG IgA λ', 1]],
        lc: [['κ', 9], ['λ', 13]], other: [['Nonsecretory', 2], ['', 9]],
      });
    // Table 2 X-ray: osteoporosis / destruction / fracture by group; the rest none or not done.
    for (const [g, c] of [['response', [9, 19, 12]], ['denovo', [7, 8, 7]], ['acquired', [0, 1, 0]]] as const) {
      const rest = by[g].length - c[0] - c[1] - c[2];
      allocate(rng, by[g], 'bone_lesions', [['osteoporosis', c[0]], ['destruction', c[1]], ['fracture', c[2]], ['none', Math.round(rest * 0.6)]]);
    }
  } else if (d.drug === 'Thal') {
    allocateNested(rng, by, 'iss_stage',
      { response: [['I', 4], ['II/III', 10]], denovo: [['I', 12], ['II/III', 17]], acquired: [['I', 2], ['II/III', 5]] },
      { 'II/III': [['II', 19], ['III', 13]] });
    allocate(rng, all, 'ds_stage', [['1A', 11], ['2A', 20], ['2B', 4], ['3A', 18], ['3B', 9]]);
    allocateNested(rng, by, 'isotype',
      { response: [['intact', 16], ['Nonsecretory', 1]], denovo: [['lc', 4], ['intact', 33], ['Nonsecretory', 2]], acquired: [['lc', 2], ['intact', 6]] },
      { intact: [['IgG κ', 20], ['IgG λ', 22], ['IgA κ', 11], ['IgA λ', 2]], lc: [['κ', 2], ['λ', 4]] });
    allocate(rng, all, 'bone_lesions', [['osteoporosis', 10], ['destruction', 17], ['fracture', 8], ['none', 23]]);
  } else {
    allocate(rng, all, 'iss_stage', [['I', 2], ['II', 3], ['III', 6]]);
    allocate(rng, all, 'ds_stage', [['1A', 1], ['2A', 4], ['2B', 1], ['3A', 6], ['3B', 2]]);
    allocate(rng, all, 'isotype', [['λ', 1], ['IgG κ', 6], ['IgG λ', 5], ['IgA κ', 5], ['IgA λ', 5]]);
    allocate(rng, all, 'bone_lesions', [['osteoporosis', 3], ['destruction', 7], ['fracture', 3], ['none', 7]]);
  }
  // Light-chain ratio categories (Table 2 / Table 3). Bz is arranged so that acquired vs response,
  // extreme (≤ 0.01 or ≥ 100) vs not, is the paper's 2×2 [[5, 1], [7, 48]].
  const flc: Record<Group, [extreme: number, twoToFive: number, other: number]> =
    d.drug === 'Bz' ? { response: [7, 4, 44], denovo: [1, 5, 21], acquired: [5, 0, 1] }
    : d.drug === 'Thal' ? { response: [2, 3, 11], denovo: [6, 5, 22], acquired: [2, 2, 4] }
    : { response: [0, 1, 2], denovo: [2, 1, 5], acquired: [2, 0, 2] };
  for (const g of GROUPS) {
    const [e, t, o] = flc[g];
    allocate(rng, by[g], 'flc_ratio', [['extreme', e], ['2-5', t], ['other', o]]);
    for (const p of by[g]) {
      const cat = p.v.flc_ratio;
      let r: number | null = null;
      if (cat === 'extreme') r = rng.chance(0.2) ? Math.exp(rng.uniform(Math.log(0.002), Math.log(0.0095))) : Math.exp(rng.uniform(Math.log(105), Math.log(2500)));
      else if (cat === '2-5') r = rng.uniform(2.05, 4.95);
      else if (cat === 'other') r = rng.chance(0.3) ? rng.uniform(1.05, 1.95) : Math.exp(rng.uniform(Math.log(5.2), Math.log(95)));
      p.v.flc_ratio = r === null ? '' : r < 0.1 ? fixed(r, 4) : fixed(r, 2);
    }
  }
}

/**
 * Table 4: cytogenetics for 68 patients (response 37, de novo 24, acquired 7). High risk = any of
 * 1q21 gain, 1p deletion, TP53 deletion, t(4;14), t(14;16) (Table 1: 32 high risk = 13 + 15 + 4).
 */
function allocateCytogenetics(rng: Rng, d: DrugDesign, by: Record<Group, Patient[]>): void {
  for (const g of GROUPS) {
    const withCyto = by[g].slice(0, d.cyto[g]);
    for (const p of withCyto) {
      p.cyto = true;
      for (const k of FISH) p.v[k] = '0';
    }
    // The first highRisk of them are high risk: all with a 1q21 gain, except one Bz responder with
    // an isolated TP53 deletion (so response has 12 gains but 13 high-risk patients).
    const hr = withCyto.slice(0, d.highRisk[g]);
    hr.forEach((p, i) => {
      if (d.drug === 'Bz' && g === 'response' && i === hr.length - 1) p.v.fish_tp53_del = '1';
      else p.v.fish_1q21_gain = '1';
    });
  }
  for (const k of FISH) for (const g of GROUPS) for (const p of by[g]) if (!p.cyto) p.v[k] = '';
}

const FISH = ['fish_1q21_gain', 'fish_1p_del', 'fish_13q_del', 'fish_tp53_del', 'fish_t4_14', 'fish_t11_14', 'fish_t14_16'] as const;

/** Counts of the other abnormalities per group across drugs (Table 4), placed after all drugs exist. */
function placeOtherAbnormalities(rng: Rng, patients: Patient[]): void {
  const spec: Record<Group, Record<string, [count: number, among: 'gain' | 'any' | 'standard']>> = {
    response: { fish_13q_del: [12, 'any'], fish_t4_14: [2, 'gain'] },
    denovo: { fish_1p_del: [1, 'gain'], fish_13q_del: [9, 'any'], fish_tp53_del: [1, 'gain'], fish_t4_14: [2, 'gain'], fish_t11_14: [1, 'standard'], fish_t14_16: [1, 'gain'] },
    acquired: { fish_1p_del: [1, 'gain'], fish_13q_del: [4, 'any'], fish_tp53_del: [1, 'gain'], fish_t11_14: [2, 'any'] },
  };
  for (const g of GROUPS) {
    const cyto = patients.filter((p) => p.group === g && p.cyto);
    for (const [k, [count, among]] of Object.entries(spec[g])) {
      const pool = cyto.filter((p) => among === 'any' || (among === 'gain') === (p.v.fish_1q21_gain === '1' || p.v.fish_tp53_del === '1'));
      const chosen = rng.shuffle([...pool]).slice(0, count);
      if (chosen.length < count) throw new Error(`cytogenetics ${g}/${k}: pool too small`);
      for (const p of chosen) p.v[k] = '1';
    }
  }
}

/** Regimen start, response and progression dates that make the classifier return the design group. */
function treatmentCourse(rng: Rng, p: Patient): void {
  const latestStart = (needDays: number): number => Math.min(ENROL_LAST, CUTOFF - needDays);
  const startIn = (need: number): number => rng.int(ENROL_FIRST, latestStart(need));
  switch (p.course) {
    case 'response': {
      p.v.best_response = pickWeighted(rng, [['PR', 0.38], ['VGPR', 0.3], ['CR', 0.24], ['sCR', 0.08]]);
      const toResp = rng.int(24, 110);
      p.start = startIn(toResp + 10);
      p.firstResponse = p.start + toResp;
      // First-exposure responders may relapse later (never within the 60-day window); patients
      // previously treated with the drug who respond have no progression (else: acquired DR).
      const room = CUTOFF - 14 - p.start;
      if (p.prior === 0 && room > 200 && rng.chance(0.35)) p.progression = p.start + rng.int(Math.max(150, toResp + 60), room);
      break;
    }
    case 'denovo-pd':
      p.v.best_response = 'PD';
      p.start = startIn(70);
      p.progression = p.start + rng.int(14, 56);
      break;
    case 'denovo-sd': {
      p.v.best_response = 'SD';
      p.start = startIn(40);
      const room = CUTOFF - 10 - p.start;
      const t = lognormalDays(rng, 150, 0.8, 30, 980);
      if (t <= room && rng.chance(0.85)) p.progression = p.start + t;
      break;
    }
    case 'denovo-mr-early':
      p.v.best_response = 'MR';
      p.start = startIn(75);
      p.progression = p.start + rng.int(30, 60);
      break;
    case 'denovo-brief-pr': {
      p.v.best_response = pickWeighted(rng, [['PR', 0.85], ['VGPR', 0.15]]);
      p.start = startIn(75);
      p.firstResponse = p.start + rng.int(21, 34);
      p.progression = p.start + rng.int(38, 60);
      break;
    }
    case 'acquired-pr':
    case 'acquired-below-pr': {
      // Time to DR (Table 2: median 12.5 months, range 3–27).
      const t = lognormalDays(rng, 380, 0.55, 92, 800);
      p.start = rng.int(ENROL_FIRST, Math.max(ENROL_FIRST, latestStart(t + 20)));
      const tt = Math.min(t, CUTOFF - 20 - p.start);
      if (p.course === 'acquired-pr') {
        p.v.best_response = 'PR';
        p.firstResponse = p.start + rng.int(28, Math.min(90, tt - 30));
      } else p.v.best_response = pickWeighted(rng, [['MR', 0.45], ['SD', 0.55]]);
      p.progression = p.start + tt;
      break;
    }
  }
  // Diagnosis: front-line weeks before the regimen; re-exposed front-line patients had an earlier
  // course of the drug within the first line; second line months to years before.
  if (p.line === 'front') p.diagnosis = p.start - (p.prior ? rng.int(240, 600) : rng.int(14, 150));
  else p.diagnosis = p.start - lognormalDays(rng, SURVIVAL.lagMedianMonths * DAYS_PER_MONTH, 0.55, 300, 120 * DAYS_PER_MONTH);
}

function pickWeighted(rng: Rng, items: readonly (readonly [string, number])[]): string {
  const u = rng.next() * items.reduce((a, [, w]) => a + w, 0);
  let acc = 0;
  for (const [v, w] of items) {
    acc += w;
    if (u < acc) return v;
  }
  return items[items.length - 1][0];
}

/** The last date on which the patient must still be under observation for the design to hold. */
function mustObserveUntil(p: Patient): number {
  return Math.max(p.start + 30, p.firstResponse ?? 0, p.progression ?? 0) + 7;
}

/**
 * Lost to follow-up: patients alive at the cut-off whose last visit is moved to an earlier date
 * (after every event the design needs), so they are censored early.
 */
function chooseLostToFollowUp(rng: Rng, patients: Patient[]): void {
  const eligible = patients.filter((p) => p.death === null && CUTOFF - 45 - mustObserveUntil(p) > 30);
  for (const p of rng.shuffle([...eligible]).slice(0, LOST_TO_FOLLOW_UP)) {
    p.lost = true;
    p.lastFollowup = rng.int(mustObserveUntil(p) + 14, CUTOFF - 45);
  }
}

/**
 * Death and last follow-up (before anyone is lost to follow-up). Overall survival from diagnosis is
 * Weibull (SURVIVAL); a second-line
 * patient's hazard is multiplied by SURVIVAL.relapseHazard from the study regimen on. Everyone is
 * alive until the design's events have been observed (conditional draw).
 */
function outcome(rng: Rng, p: Patient): void {
  const k = SURVIVAL.shape;
  const lambda = SURVIVAL.scale[p.drug][GI[p.group]] * DAYS_PER_MONTH;
  const H = (t: number): number => Math.pow(t / lambda, k); // cumulative hazard from diagnosis (days)
  const t0 = p.start - p.diagnosis;
  const mult = p.line === 'second' ? SURVIVAL.relapseHazard : 1;
  // Cumulative hazard after regimen start: mult·(H(t) − H(t0)); condition on survival to tMin.
  const tMin = mustObserveUntil(p) - p.diagnosis;
  const e = -Math.log(1 - rng.next()) + mult * (H(tMin) - H(t0));
  const tDeath = lambda * Math.pow(H(t0) + e / mult, 1 / k);
  const deathDay = p.diagnosis + Math.round(tDeath);
  const end = CUTOFF - Math.min(rng.int(0, 40), Math.max(0, CUTOFF - mustObserveUntil(p)));
  if (deathDay <= end) {
    p.death = deathDay;
    p.lastFollowup = deathDay;
  } else p.lastFollowup = end;
}

/** Baseline labs with the paper's means and SDs per drug × group (see lab-specs.ts). */
function labs(rng: Rng, patients: Patient[]): void {
  for (const spec of LAB_SPECS) {
    for (const drug of ['Bz', 'Thal', 'Len'] as const) {
      const table = drug === 'Bz' ? spec.bz : drug === 'Thal' ? spec.thal : lenSpec(spec);
      for (const g of GROUPS) {
        const members = patients.filter((p) => p.drug === drug && p.group === g);
        for (const p of members) p.v[spec.key] = '';
        const ms: MS = table[GI[g]];
        if (!ms) continue;
        const [mean, sd] = ms;
        let nMeasured = sd === null ? 1 : Math.max(2, Math.round(spec.measured * members.length));
        let values: number[];
        if (spec.key === 'crp' && drug === 'Bz') {
          // CRP ≥ 20 mg/L, acquired vs response: [[3, 1], [6, 28]] → OR 14 (1.234–158.8), the paper's RR.
          if (g === 'response') { nMeasured = 34; values = exactSplitSample(rng, 34, mean, sd!, 6, 20, 28, 3.5); }
          else if (g === 'acquired') { nMeasured = 4; values = exactSplitSample(rng, 4, mean, sd!, 3, 20, 76, 0); }
          else { nMeasured = 15; values = exactSample(rng, 15, mean, sd!, { max: 19 }); }
        } else {
          values = exactSample(rng, nMeasured, mean, sd ?? 0, { shape: spec.shape, min: Math.pow(10, -spec.decimals), max: spec.max });
        }
        values = roundKeepingSum(values, spec.decimals);
        const measured = rng.shuffle([...members]).slice(0, nMeasured);
        if (spec.key === 'cholesterol' || spec.key === 'ldl_c') {
          // Supplementary Table S1: within de novo DR, 1q21 gain goes with lower cholesterol and LDL-C.
          values.sort((a, b) => a - b);
          const score = (q: Patient): number => (q.v.fish_1q21_gain === '1' ? 0 : 1) + 0.8 * rng.next();
          const ranked = measured.map((q) => ({ q, s: g === 'denovo' ? score(q) : rng.next() })).sort((a, b) => a.s - b.s);
          ranked.forEach(({ q }, i) => (q.v[spec.key] = fixed(values[i], spec.decimals)));
        } else measured.forEach((q, i) => (q.v[spec.key] = fixed(values[i], spec.decimals)));
      }
    }
  }
}

function writeTreatmentFields(p: Patient): void {
  p.v.drug = p.drug;
  p.v.line = p.line;
  p.v.prior_same_drug = String(p.prior);
  p.v.date_diagnosis = isoOf(p.diagnosis);
  p.v.date_regimen_start = isoOf(p.start);
  p.v.date_first_response = p.firstResponse === null ? '' : isoOf(p.firstResponse);
  p.v.date_progression = p.progression === null ? '' : isoOf(p.progression);
  p.v.date_last_followup = isoOf(p.lastFollowup);
  p.v.date_death = p.death === null ? '' : isoOf(p.death);
}

/** The cohort as CSV: header = study-field keys (identity mapping), one row per patient. */
export function cohortCsv(patients: readonly Patient[]): string {
  const keys = STUDY_FIELDS.map((f) => f.key);
  for (const p of patients) for (const k of keys) if (!(k in p.v)) throw new Error(`cohort: field ${k} not generated`);
  return csvDocument(keys, patients.map((p) => keys.map((k) => p.v[k])));
}

/** Small summary used by the generator's console output and the README. */
export function cohortSummary(patients: readonly Patient[]): string {
  const lines: string[] = [];
  for (const d of DESIGN) {
    const ps = patients.filter((p) => p.drug === d.drug);
    lines.push(`${d.drug}: n=${ps.length}, median age ${median(ps.map((p) => Number(p.v.age)))}`);
  }
  return lines.join('\n');
}
