/**
 * Synthetic exosome QC files of the demo study (paper Figures 1B and 2A): nine NanoSight NTA
 * "ExperimentSummary" exports of serum exosome preparations — 3 Bz-responsive (R1–R3), 3
 * Bz-resistant (S1–S3) and 3 healthy controls (HC1–HC3) — and one Nanodrop RNA-yield table.
 *
 * Size distributions: 1-nm bins 0.5 … 999.5 nm (as NTA 3.x writes them), a lognormal exosome peak
 * (mode 70–110 nm) with a microvesicle shoulder near 150–220 nm and a faint aggregate tail; five
 * videos per sample whose track counts are Poisson draws around that shape (so the per-video
 * curves are ragged and the average is smoother, as in real exports), smoothed over 3 nm.
 * MM sera are 3–6 × more concentrated than the healthy controls (paper: exosomes "were more abundant
 * in the serum of MM patients than in healthy control"). Concentrations are written corrected for a
 * 1:100 dilution (recorded as `Dilution factor,100`).
 *
 * RNA yields reproduce the paper's printed group means and SDs (Results: 350.17 ± 37.55 ng/µl
 * resistant, 235.43 ± 3.91 responsive, 78.21 ± 45.51 healthy control; n = 3 each): standardized
 * normal draws scaled to the printed mean and SD, rounded to 0.01 keeping the sum, redrawn until the
 * rounded values' mean and SD round to the printed digits.
 *
 * Deterministic: one seed, our PRNG, toFixed/toExponential only.
 */
import { Rng } from './rng.ts';
import { meanSd, roundKeepingSum, standardNormals } from './moments.ts';
import { fixed } from './format.ts';
import { ntaStats } from '../../src/stats/nta.ts';

/** Group ids as written in the files (stable data values, not translations). */
export type ExosomeGroupId = 'Bz-responsive' | 'Bz-resistant' | 'Healthy control';

/** The paper's printed RNA yields (ng/µl), n = 3 per group. */
export const PAPER_RNA: Readonly<Record<ExosomeGroupId, { mean: number; sd: number }>> = {
  'Bz-resistant': { mean: 350.17, sd: 37.55 },
  'Bz-responsive': { mean: 235.43, sd: 3.91 },
  'Healthy control': { mean: 78.21, sd: 45.51 },
};

/** One synthetic serum sample: NTA shape parameters. */
interface SampleSpec {
  name: string;
  group: ExosomeGroupId;
  /** Mode of the exosome peak, nm. */
  mode: number;
  /** Total particles/ml of the undiluted preparation. */
  total: number;
  /** Share of particles in the microvesicle shoulder. */
  mv: number;
  /** Capture time (synthetic). */
  time: string;
}

export const EXOSOME_SAMPLES: readonly SampleSpec[] = [
  { name: 'R1', group: 'Bz-responsive', mode: 92, total: 4.6e10, mv: 0.16, time: '10:02:14' },
  { name: 'R2', group: 'Bz-responsive', mode: 98, total: 5.3e10, mv: 0.19, time: '10:14:52' },
  { name: 'R3', group: 'Bz-responsive', mode: 87, total: 3.9e10, mv: 0.14, time: '10:27:31' },
  { name: 'S1', group: 'Bz-resistant', mode: 79, total: 6.8e10, mv: 0.12, time: '10:40:05' },
  { name: 'S2', group: 'Bz-resistant', mode: 84, total: 5.9e10, mv: 0.15, time: '10:52:48' },
  { name: 'S3', group: 'Bz-resistant', mode: 73, total: 7.6e10, mv: 0.11, time: '11:05:19' },
  { name: 'HC1', group: 'Healthy control', mode: 104, total: 1.3e10, mv: 0.24, time: '11:18:02' },
  { name: 'HC2', group: 'Healthy control', mode: 97, total: 1.7e10, mv: 0.21, time: '11:30:40' },
  { name: 'HC3', group: 'Healthy control', mode: 109, total: 1.1e10, mv: 0.27, time: '11:43:26' },
];

export const NTA_DILUTION = 100;
const VIDEOS = 5;
const BINS = 1000;
/** Completed tracks per video (NTA's "Valid Tracks"), scaled with the measured concentration. */
const TRACKS_PER_1E8 = 260;

/** Lognormal density (per nm) with the given mode and log-SD. */
function lognormalByMode(x: number, mode: number, s: number): number {
  const mu = Math.log(mode) + s * s;
  if (x <= 0) return 0;
  const z = (Math.log(x) - mu) / s;
  return Math.exp(-0.5 * z * z) / (x * s * Math.sqrt(2 * Math.PI));
}

/** Poisson draw: Knuth's product method for small λ, a rounded normal for large λ. */
function poisson(rng: Rng, lambda: number): number {
  if (lambda <= 0) return 0;
  if (lambda < 30) {
    const L = Math.exp(-lambda);
    let k = 0;
    let p = 1;
    do { k++; p *= rng.next(); } while (p > L);
    return k - 1;
  }
  return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * rng.normal()));
}

/** NanoSight-style number: 6 significant digits in E notation ("4.123456E+07"), 0 as "0". */
export function sci(x: number): string {
  if (x === 0) return '0';
  const [m, e] = x.toExponential(6).split('e');
  const n = Number(e);
  return `${m}E${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
}

/** The shape (per-nm particle share) of one sample at the bin centres. */
function shape(spec: SampleSpec, rng: Rng): number[] {
  const mvMode = 150 + 70 * rng.next();
  const aggMode = 320 + 80 * rng.next();
  const exo = 1 - spec.mv - 0.015;
  const x = Array.from({ length: BINS }, (_, i) => i + 0.5);
  const d = x.map((v) => exo * lognormalByMode(v, spec.mode, 0.3) + spec.mv * lognormalByMode(v, mvMode, 0.33) + 0.015 * lognormalByMode(v, aggMode, 0.25));
  const s = d.reduce((a, b) => a + b, 0);
  return d.map((v) => v / s);
}

/** 3-bin moving average (ends use the available neighbours). */
function smooth3(xs: number[]): number[] {
  return xs.map((_, i) => {
    let s = 0;
    let n = 0;
    for (let k = Math.max(0, i - 1); k <= Math.min(xs.length - 1, i + 1); k++) { s += xs[k]; n++; }
    return s / n;
  });
}

/** One NTA ExperimentSummary CSV (NTA 3.2 layout; see src/formats/nta.ts). */
export function ntaExperimentSummary(spec: SampleSpec, seed: number): string {
  const rng = Rng.derive(seed, `nta:${spec.name}`);
  const p = shape(spec, rng);
  const videos: number[][] = [];
  const videoNames = Array.from({ length: VIDEOS }, (_, v) => `${spec.name}_00${v + 1}`);
  for (let v = 0; v < VIDEOS; v++) {
    const level = spec.total * (1 + 0.07 * rng.normal());
    const tracks = Math.round((level / NTA_DILUTION / 1e8) * TRACKS_PER_1E8);
    const counts = p.map((q) => poisson(rng, q * tracks));
    const n = counts.reduce((a, b) => a + b, 0);
    videos.push(smooth3(counts.map((c) => (c / n) * level)));
  }
  const avg = videos[0].map((_, i) => videos.reduce((a, v) => a + v[i], 0) / VIDEOS);
  const se = videos[0].map((_, i) => {
    const m = avg[i];
    const ss = videos.reduce((a, v) => a + (v[i] - m) ** 2, 0);
    return Math.sqrt(ss / (VIDEOS - 1)) / Math.sqrt(VIDEOS);
  });
  const x = Array.from({ length: BINS }, (_, i) => i + 0.5);
  const vStats = videos.map((c) => ntaStats(x, c));
  const aStats = ntaStats(x, avg);
  const totals = videos.map((c) => c.reduce((a, b) => a + b, 0));
  const mTot = totals.reduce((a, b) => a + b, 0) / VIDEOS;
  const seTot = Math.sqrt(totals.reduce((a, t) => a + (t - mTot) ** 2, 0) / (VIDEOS - 1)) / Math.sqrt(VIDEOS);
  const row = (k: string, vals: string[]) => [k, ...vals].join(',');
  const statRow = (k: string, key: 'mean' | 'mode' | 'sd' | 'd10' | 'd50' | 'd90') => {
    const vs = vStats.map((s) => s[key]);
    const m = vs.reduce((a, b) => a + b, 0) / VIDEOS;
    const sev = Math.sqrt(vs.reduce((a, b) => a + (b - m) ** 2, 0) / (VIDEOS - 1)) / Math.sqrt(VIDEOS);
    return row(k, [...vs.map((v) => fixed(v, 1)), fixed(m, 1), fixed(sev, 1)]);
  };
  const lines: string[] = [
    'NTA Experiment Summary File',
    'NTA Version: NTA 3.2 Dev Build 3.2.16',
    'SYNTHETIC DEMO DATA - NOT PATIENT DATA (generated by scripts/make-demo.ts)',
    `Time Captured: 2015-06-12 ${spec.time}`,
    'Operator: synthetic',
    '',
    row('Sample Name', [spec.name]),
    row('Sample Description', [`Serum exosomes - ${spec.group} (synthetic)`]),
    row('Diluent', ['PBS']),
    row('Dilution factor', [String(NTA_DILUTION)]),
    row('Pre-treatment', ['ExoQuick precipitation; 0.22 um filter']),
    row('Script Used', ['SOP serum exosomes: 5 x 60 s captures at camera level 14']),
    '',
    '[Hardware]',
    row('Instrument', ['NanoSight NS300 (synthetic)']),
    row('Camera Type', ['sCMOS']),
    row('Laser Type', ['Blue488']),
    '',
    '[Capture Settings]',
    row('Camera Level', ['14']),
    row('Slider Shutter', ['1300']),
    row('Slider Gain', ['512']),
    row('FPS', ['25.0']),
    row('Number of Frames', ['1498']),
    row('Temperature', [fixed(22.1 + 0.4 * rng.next(), 1)]),
    row('Viscosity', ['(Water) 0.944 - 0.953 cP']),
    '',
    '[Analysis Settings]',
    row('Detect Threshold', ['5']),
    row('Blur Size', ['Auto']),
    row('Max Jump Distance', ['Auto']),
    '',
    '[Results]',
    row('Filename', [...videoNames, 'Average', 'Standard Error']),
    row('Concentration (Particles / ml)', [...totals.map(sci), sci(mTot), sci(seTot)]),
    row('Particles per frame', [...totals.map((t) => fixed(t / NTA_DILUTION / 1e8 * 3.9, 1)), fixed(mTot / NTA_DILUTION / 1e8 * 3.9, 1), '']),
    row('Validity of concentration measurement', [...videoNames.map(() => 'Valid'), '', '']),
    '',
    '[Size Data]',
    row('Filename', [...videoNames, 'Average', 'Standard Error']),
    statRow('Mean', 'mean'),
    statRow('Mode', 'mode'),
    statRow('SD', 'sd'),
    statRow('D10', 'd10'),
    statRow('D50', 'd50'),
    statRow('D90', 'd90'),
    '',
    'Graph Data',
    row('Bin centre (nm)', [...videoNames.map(() => 'Concentration (particles / ml)'), 'Concentration average', 'Standard Error', '']),
  ];
  for (let i = 0; i < BINS; i++) lines.push(row(fixed(x[i], 1), [...videos.map((v) => sci(v[i])), sci(avg[i]), sci(se[i]), '']));
  lines.push('');
  lines.push(row('Percentile', [...videoNames.map(() => 'Size (nm)'), 'Average']));
  for (let q = 1; q <= 99; q++) {
    const vs = videos.map((c) => sizeAt(x, c, q / 100));
    lines.push(row(String(q), [...vs.map((v) => fixed(v, 1)), fixed(vs.reduce((a, b) => a + b, 0) / VIDEOS, 1)]));
  }
  lines.push('');
  lines.push(row('Average stats (all videos)', [`Mean ${fixed(aStats.mean, 1)} nm`, `Mode ${fixed(aStats.mode, 1)} nm`]));
  return lines.join('\r\n') + '\r\n';
}

/** Size at a cumulative share, as in src/stats/nta.ts (used for the percentile table only). */
function sizeAt(x: number[], c: number[], p: number): number {
  const total = c.reduce((a, b) => a + b, 0);
  let acc = 0;
  for (let i = 0; i < c.length; i++) {
    const next = acc + c[i] / total;
    if (next >= p) return x[i] - 0.5 + (c[i] > 0 ? (p - acc) / (c[i] / total) : 0);
    acc = next;
  }
  return x[x.length - 1] + 0.5;
}

/** Rounded (0.01) RNA yields of one group whose mean and SD round to the printed ones. */
export function rnaYields(group: ExosomeGroupId, n: number, seed: number): number[] {
  const target = PAPER_RNA[group];
  const rng = Rng.derive(seed, `rna:${group}`);
  for (let attempt = 0; attempt < 10_000; attempt++) {
    const z = standardNormals(rng, n);
    const xs = roundKeepingSum(z.map((v) => target.mean + target.sd * v), 2);
    const m = meanSd(xs);
    if (fixed(m.mean, 2) === fixed(target.mean, 2) && fixed(m.sd, 2) === fixed(target.sd, 2) && xs.every((v) => v > 0)) return xs;
  }
  throw new Error(`make-demo: no RNA yields reproduce ${group} ${target.mean} ± ${target.sd}`);
}

/** The RNA-yield table (CSV, UTF-8): Sample ID, Group, RNA concentration (ng/µl), A260/280. */
export function rnaYieldCsv(seed: number): string {
  const rng = Rng.derive(seed, 'rna:purity');
  const lines = ['Sample ID,Group,RNA concentration (ng/µl),A260/280,Note'];
  for (const group of ['Bz-responsive', 'Bz-resistant', 'Healthy control'] as const) {
    const names = EXOSOME_SAMPLES.filter((s) => s.group === group).map((s) => s.name);
    const ys = rnaYields(group, names.length, seed);
    names.forEach((name, i) => lines.push(`${name},${group},${fixed(ys[i], 2)},${fixed(1.86 + 0.16 * rng.next(), 2)},synthetic (not patient data)`));
  }
  return lines.join('\n') + '\n';
}
