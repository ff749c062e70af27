/**
 * The arrays analysis pipeline shared by the Arrays view (through the worker) and `mmdr`:
 *
 *   GPR files ──readOutGpr──► probe × array matrix (linear)      GEO / matrix CSV ──matrixInput──┐
 *        (channel, background, flags, replicate averaging, control spots left out)               │
 *                              └──────────────────────────┬───────────────────────────────────────┘
 *                                                         ▼
 *   normalizeArrays: paper median (≥ threshold in every array, linear) | scale | quantile | none
 *                    then log2 (linear input) — limma's normalizeBetweenArrays(EListRaw) order
 *                                                         ▼
 *   differentialExpression: fold changes, Welch / Student / moderated t, BH, up/down at the cut-off
 *
 * Matrices are column-major Float64Arrays (probe i of array j at `[j * nProbes + i]`), so they go
 * to and from the worker as single transferable buffers. Every setting used is recorded in the
 * result, with the QC numbers (normalization factors, number of probes that set them, per-array
 * distributions before and after, sample correlations).
 */
import { msg, str } from '@lit/localize';
import type { Kernels } from '../kernels/kernels.ts';
import { KernelError } from '../kernels/kernels.ts';
import { quantileNormalize } from '../kernels/arrays.ts';
import type { GprFile } from '../formats/gpr.ts';
import { readOutArrays, packColumns } from './array-preprocess.ts';
import {
  differentialExpression, groupsFromLabels, type DeMethod, type DeResult, type FoldChangeBasis,
} from '../stats/differential.ts';

/** Between-array normalization: the paper's median rule, limma's scale or quantile, or none. */
export type NormalizationMethod = 'median' | 'scale' | 'quantile' | 'none';

/** Every choice of the arrays analysis (persisted with the study; quoted in the methods text). */
export interface ArrayAnalysisSettings {
  /** Scanner channel (nm) or dye (Hy3 → 532); null = the files' only channel. */
  channel: number | string | null;
  /** Background subtracted from the foreground median. */
  background: 'median' | 'mean' | 'none';
  /** Spots with Flags < 0 become missing. */
  dropFlagged: boolean;
  /** Replicate spots of a probe averaged, NA ignored (limma::avereps). */
  averageReplicates: boolean;
  /** Spot names left out of the analysis (exact match), e.g. "Empty", "Hy3". */
  excludeNames: string[];
  /** Spot-name prefixes left out, e.g. "spike_control_". */
  excludePrefixes: string[];
  normalization: NormalizationMethod;
  /** Paper median rule: probes >= threshold (linear) in every array define the factors. */
  threshold: number;
  /** Take log2 of linear values after normalization (ignored for log2 input). */
  log2: boolean;
  /** Differential-expression test. */
  method: DeMethod;
  /** Fold-change cut-off (default 2) and the fold change it applies to. */
  foldChangeCutoff: number;
  foldChangeBasis: FoldChangeBasis;
}

/** The paper's choices: Hy3 at 532 nm, median background, flagged spots dropped, replicates averaged, median normalization ≥ 30, log2, 2-fold. */
export const PAPER_ARRAY_SETTINGS: Readonly<ArrayAnalysisSettings> = Object.freeze({
  channel: 532,
  background: 'median',
  dropFlagged: true,
  averageReplicates: true,
  excludeNames: [],
  excludePrefixes: [],
  normalization: 'median',
  threshold: 30,
  log2: true,
  method: 'moderated',
  foldChangeCutoff: 2,
  foldChangeBasis: 'linear',
});

/** A probes × arrays matrix entering the analysis. */
export interface ArrayInput {
  probes: string[];
  arrays: string[];
  /** nProbes × nArrays column-major. */
  values: Float64Array;
  /** Linear intensities (GPR read-out, most matrices) or already log2 (RMA, GEO series). */
  scale: 'linear' | 'log2';
}

/** What {@link readOutGpr} read, with the read-out report. */
export interface GprReadOut extends ArrayInput {
  /** Channel (nm) read in each file. */
  channels: number[];
  /** Matrix rows left out because their name is excluded (controls, spike-ins, empty spots). */
  excludedRows: number;
}

/** True when a spot name is left out by the settings (exact names, then prefixes). */
export function isExcludedName(name: string, s: Pick<ArrayAnalysisSettings, 'excludeNames' | 'excludePrefixes'>): boolean {
  return s.excludeNames.includes(name) || s.excludePrefixes.some((p) => p !== '' && name.startsWith(p));
}

/**
 * The read-out of GPR files (src/study/array-preprocess.ts readOutArrays: F − B per channel,
 * flags, limma::avereps), then rows whose probe name is excluded by the settings are dropped.
 */
export function readOutGpr(files: readonly GprFile[], k: Kernels, s: ArrayAnalysisSettings): GprReadOut {
  const m = readOutArrays(files, k, {
    channel: s.channel, background: s.background, dropFlagged: s.dropFlagged, averageReplicates: s.averageReplicates,
  });
  const keep: number[] = [];
  m.probes.forEach((p, i) => { if (!isExcludedName(p, s)) keep.push(i); });
  const nP = keep.length;
  const values = new Float64Array(nP * m.columns.length);
  m.columns.forEach((c, j) => { for (let r = 0; r < nP; r++) values[j * nP + r] = c[keep[r]]; });
  return {
    probes: keep.map((i) => m.probes[i]),
    arrays: m.arrays.map((a) => a.split('/').pop()!),
    values,
    scale: 'linear',
    channels: m.channels,
    excludedRows: m.probes.length - nP,
  };
}

/** An {@link ArrayInput} from per-array columns (GEO series matrix, matrix CSV). */
export function matrixInput(probes: string[], arrays: string[], columns: readonly Float64Array[], scale: 'linear' | 'log2'): ArrayInput {
  return { probes, arrays, values: packColumns(columns), scale };
}

/** Result of {@link normalizeArrays}. */
export interface NormalizedArrays {
  method: NormalizationMethod;
  /** Normalized values on the linear scale (2^ of log2 values for log2 input and scale/quantile). */
  linear: Float64Array;
  /** The values the statistics use: log2 of the normalized linear values, or the normalized log2 input. */
  analysed: Float64Array;
  /** 'log2' unless linear input was normalized with log2 switched off. */
  analysedScale: 'log2' | 'linear';
  /** Per-array factors: paper median m_j, or limma scale's divisors; null otherwise. */
  factors: Float64Array | null;
  /** Paper median: number of probes >= threshold in every array (those that set the factors). */
  selected: number | null;
  /** Threshold used by the paper median rule (null for other methods). */
  threshold: number | null;
  /** Values that were not positive before log2 (log2 would be NaN or −Inf) and became missing. */
  nonPositive: number;
}

function log2Finite(x: Float64Array): { out: Float64Array; dropped: number } {
  const out = new Float64Array(x.length);
  let dropped = 0;
  for (let i = 0; i < x.length; i++) {
    const v = Math.log2(x[i]);
    if (Number.isFinite(v)) out[i] = v;
    else { out[i] = NaN; if (!Number.isNaN(x[i])) dropped++; }
  }
  return { out, dropped };
}

/**
 * Between-array normalization then log2, in limma's order for single-channel data:
 * - linear input: normalize the linear values, then log2 (normalizeBetweenArrays on an EListRaw:
 *   `log2(normalizeBetweenArrays(E, method))`); the paper's median rule is defined on linear values;
 * - log2 input: scale and quantile normalize the log2 values as given (normalizeBetweenArrays on a
 *   matrix); the median rule un-logs, normalizes and re-logs.
 * Values that are not positive cannot be logged: they become missing (lmFit leaves non-finite out).
 */
export function normalizeArrays(k: Kernels, input: ArrayInput, s: Pick<ArrayAnalysisSettings, 'normalization' | 'threshold' | 'log2'>): NormalizedArrays {
  const nP = input.probes.length;
  const nA = input.arrays.length;
  const method = s.normalization;
  let factors: Float64Array | null = null;
  let selected: number | null = null;
  const median = (lin: Float64Array): Float64Array => {
    try {
      const r = k.medianNormalize(lin, nP, nA, s.threshold);
      factors = r.factors;
      selected = r.nSelected;
      return r.values;
    } catch (e) {
      if (e instanceof KernelError && /no probe is >=/.test(e.message)) {
        throw new RangeError(msg(str`no probe is at least ${s.threshold} in every array, so the median rule has no probe to set the factors (are the values linear? is the threshold too high?)`, { id: 'arrays.noProbeAboveThreshold' }));
      }
      throw e;
    }
  };
  const other = (x: Float64Array): Float64Array => {
    if (method === 'scale') {
      const r = k.scaleNormalizeWithFactors(x, nP, nA);
      factors = r.factors;
      return r.values;
    }
    if (method === 'quantile') return quantileNormalize(k, x, nP, nA);
    return x.slice();
  };
  let linear: Float64Array;
  let analysed: Float64Array;
  let nonPositive = 0;
  let analysedScale: 'log2' | 'linear' = 'log2';
  if (input.scale === 'linear') {
    linear = method === 'median' ? median(input.values) : other(input.values);
    if (s.log2) {
      const l = log2Finite(linear);
      analysed = l.out;
      nonPositive = l.dropped;
    } else {
      analysed = linear.slice();
      analysedScale = 'linear';
    }
  } else if (method === 'median') {
    linear = median(input.values.map((v) => 2 ** v));
    const l = log2Finite(linear);
    analysed = l.out;
    nonPositive = l.dropped;
  } else {
    analysed = other(input.values);
    linear = analysed.map((v) => 2 ** v);
  }
  return { method, linear, analysed, analysedScale, factors, selected, threshold: method === 'median' ? s.threshold : null, nonPositive };
}

/** Distribution of one array's values (boxplot numbers, R's quantile type 7). */
export interface ArrayDistribution {
  n: number;
  missing: number;
  min: number;
  q1: number;
  median: number;
  q3: number;
  max: number;
  mean: number;
}

/** Per-array distributions of a column-major matrix (NaN left out). */
export function arrayDistributions(values: Float64Array, nP: number, nA: number): ArrayDistribution[] {
  const out: ArrayDistribution[] = [];
  for (let j = 0; j < nA; j++) {
    const col = values.subarray(j * nP, (j + 1) * nP).filter((v) => !Number.isNaN(v)).sort();
    const n = col.length;
    const q = (p: number): number => {
      if (n === 0) return NaN;
      const h = (n - 1) * p;
      const lo = Math.floor(h);
      return col[lo] + (h - lo) * (col[Math.min(lo + 1, n - 1)] - col[lo]);
    };
    let sum = 0;
    for (const v of col) sum += v;
    out.push({ n, missing: nP - n, min: n ? col[0] : NaN, q1: q(0.25), median: q(0.5), q3: q(0.75), max: n ? col[n - 1] : NaN, mean: n ? sum / n : NaN });
  }
  return out;
}

/** Pearson correlations between arrays over the probes present in both (R: cor(x, use = "pairwise.complete.obs")); nA × nA row-major. */
export function arrayCorrelations(values: Float64Array, nP: number, nA: number): Float64Array {
  const out = new Float64Array(nA * nA);
  for (let a = 0; a < nA; a++) {
    out[a * nA + a] = 1;
    for (let b = a + 1; b < nA; b++) {
      let n = 0, sx = 0, sy = 0;
      for (let i = 0; i < nP; i++) {
        const x = values[a * nP + i], y = values[b * nP + i];
        if (Number.isNaN(x) || Number.isNaN(y)) continue;
        n++; sx += x; sy += y;
      }
      const mx = sx / n, my = sy / n;
      let sxy = 0, sxx = 0, syy = 0;
      for (let i = 0; i < nP; i++) {
        const x = values[a * nP + i], y = values[b * nP + i];
        if (Number.isNaN(x) || Number.isNaN(y)) continue;
        sxy += (x - mx) * (y - my); sxx += (x - mx) ** 2; syy += (y - my) ** 2;
      }
      out[a * nA + b] = out[b * nA + a] = n > 1 ? sxy / Math.sqrt(sxx * syy) : NaN;
    }
  }
  return out;
}

/** Everything the Arrays view shows, and the settings that produced it. */
export interface ArrayAnalysisResult {
  settings: ArrayAnalysisSettings;
  probes: string[];
  arrays: string[];
  /** Group label per array as given (null = not in the comparison). */
  groupOfArray: (string | null)[];
  inputScale: 'linear' | 'log2';
  normalization: NormalizedArrays;
  qc: {
    /** Per array, on the analysed scale (log2 of linear input) before normalization. */
    before: ArrayDistribution[];
    /** Per array after normalization (the analysed values). */
    after: ArrayDistribution[];
    /** Sample–sample Pearson correlations of the analysed values, nA × nA row-major. */
    correlation: Float64Array;
  };
  de: DeResult;
}

/**
 * Runs normalization, QC and differential expression on a read-out matrix. `groups` has one label
 * per array (null/'' = left out); `order` fixes which label is the first group (logFC = second −
 * first), otherwise the first label to appear is.
 */
export function runArrayAnalysis(
  k: Kernels, input: ArrayInput, groups: readonly (string | null)[], settings: ArrayAnalysisSettings, order?: readonly [string, string],
): ArrayAnalysisResult {
  const nP = input.probes.length;
  const nA = input.arrays.length;
  if (groups.length !== nA) {
    throw new RangeError(msg(str`${groups.length} group labels for ${nA} arrays`, { id: 'arrays.groupCount' }));
  }
  const g = groupsFromLabels(groups, order);
  const norm = normalizeArrays(k, input, settings);
  const beforeScale = input.scale === 'linear' && norm.analysedScale === 'log2' ? log2Finite(input.values).out : input.values;
  const de = differentialExpression(
    k,
    { probes: input.probes, log2: norm.analysed, linear: norm.linear, nArrays: nA, groups: g },
    { method: settings.method, foldChangeCutoff: settings.foldChangeCutoff, foldChangeBasis: settings.foldChangeBasis },
  );
  return {
    settings: { ...settings, excludeNames: settings.excludeNames.slice(), excludePrefixes: settings.excludePrefixes.slice() },
    probes: input.probes.slice(),
    arrays: input.arrays.slice(),
    groupOfArray: groups.map((x) => (x == null || x === '' ? null : x)),
    inputScale: input.scale,
    normalization: norm,
    qc: {
      before: arrayDistributions(beforeScale, nP, nA),
      after: arrayDistributions(norm.analysed, nP, nA),
      correlation: arrayCorrelations(norm.analysed, nP, nA),
    },
    de,
  };
}
