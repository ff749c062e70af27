/**
 * The study's array analysis as the worker runs it for the Expression view (and every view that
 * reuses the result through src/app/array-analysis-client.ts):
 *
 *   study arrays ──readOutSources──► one probes × arrays matrix
 *     GPR files: readOutGpr (channel, background, flags, replicates; control spots left out)
 *     GEO / matrix files: the entries' columns (controls left out, duplicate ids averaged)
 *     several sources: inner join on probe id (same scale required)
 *                 ──runExpression──► runArrayAnalysis (normalize, log2, DE) + QC extras
 *     QC extras: kernel densities before/after normalization on one grid, MA values per array
 *
 * Pure and synchronous over Kernels, so Node tests run it exactly as the worker does. Matrices are
 * column-major Float64Arrays (probe i of array j at `[j * nProbes + i]`); every typed array in the
 * result owns its buffer, so the worker can transfer them all (see {@link expressionTransferables}).
 */
import { msg } from '@lit/localize';
import type { Kernels } from '../kernels/kernels.ts';
import type { GprFile } from '../formats/gpr.ts';
import type { ArrayEntry } from './model.ts';
import {
  isExcludedName, readOutGpr, runArrayAnalysis, type ArrayDistribution, type ArrayInput, type NormalizationMethod,
} from './array-analysis.ts';
import type { DeResult } from '../stats/differential.ts';
import { arrayKey, arrayName, isControlName, looksLinear, studySources, type MatrixSource } from './array-sources.ts';
import type { ExpressionSettings } from './expression-settings.ts';

/** A source file as parsed in the worker. */
export type ParsedSource = { kind: 'gpr'; gpr: GprFile } | { kind: 'geo' | 'matrix'; matrix: MatrixSource };

/** The read-out of the study's sources: one matrix, with what was left out. */
export interface SourcesReadOut {
  input: ArrayInput;
  /** arrayKey of each matrix column (study order). */
  keys: string[];
  /** Rows left out by name: controls and the user's excluded names/prefixes. */
  excludedRows: number;
  /** Distinct control names that were left out (GPR control spots, AFFX- probes). */
  controlNames: string[];
  /** GPR: the channel (nm) read in each array; null for matrix columns. */
  channels: (number | null)[];
  /** Rows dropped by the join of several sources (probe not in every source). */
  unmatchedRows: number;
}

/** Problems with the combination of sources (localized message). */
export class SourcesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SourcesError';
  }
}

interface Part { probes: string[]; keys: string[]; columns: Float64Array[]; scale: 'linear' | 'log2'; channels: (number | null)[]; excluded: number }

/** Averages rows with the same probe id (NaN ignored), as limma::avereps; keeps first-appearance order. */
function averageDuplicateRows(probes: string[], columns: Float64Array[]): { probes: string[]; columns: Float64Array[] } {
  const index = new Map<string, number>();
  const rowOf = new Int32Array(probes.length);
  const out: string[] = [];
  probes.forEach((p, i) => {
    let r = index.get(p);
    if (r === undefined) { r = out.length; index.set(p, r); out.push(p); }
    rowOf[i] = r;
  });
  if (out.length === probes.length) return { probes, columns };
  const cols = columns.map((c) => {
    const sum = new Float64Array(out.length);
    const n = new Float64Array(out.length);
    for (let i = 0; i < c.length; i++) if (!Number.isNaN(c[i])) { sum[rowOf[i]] += c[i]; n[rowOf[i]]++; }
    return sum.map((s, r) => (n[r] ? s / n[r] : NaN));
  });
  return { probes: out, columns: cols };
}

/**
 * One matrix from the study's arrays, in study order. GPR files are read out together (src/study/
 * array-analysis.ts readOutGpr); with `excludeControls` the spots the GPR reader marks as controls
 * (controlMask: Hy3, spike-ins, blank, buffer, water) are added to the excluded names. GEO/matrix
 * files give their entries' columns; controls (same names, and AFFX-) and excluded names are left
 * out, and duplicate probe ids averaged when `averageReplicates` is set. Several sources are joined
 * on probe id (probes in every source, first source's order); their scales must agree.
 */
export function readOutSources(k: Kernels, arrays: readonly ArrayEntry[], s: ExpressionSettings, source: (fileId: string) => ParsedSource): SourcesReadOut {
  if (arrays.length === 0) throw new SourcesError(msg('The study has no arrays.', { id: 'expression.error.noArrays' }));
  const src = studySources(arrays);
  const parts: Part[] = [];
  const controlNames = new Set<string>();
  if (src.gpr.length) {
    const files = src.gpr.map((e) => {
      const p = source(e.fileId);
      if (p.kind !== 'gpr') throw new SourcesError(`${e.fileName}: not a GPR file`);
      return p.gpr;
    });
    const excludeNames = [...s.excludeNames];
    if (s.excludeControls) {
      for (const f of files) for (let i = 0; i < f.nSpots; i++) if (f.controlMask[i] && !f.emptyMask[i]) controlNames.add(f.name[i].trim());
      excludeNames.push(...[...controlNames].filter((n) => n !== ''));
    }
    const r = readOutGpr(files, k, { ...s, excludeNames });
    const nP = r.probes.length;
    parts.push({
      probes: r.probes,
      keys: src.gpr.map(arrayKey),
      columns: src.gpr.map((_, j) => r.values.slice(j * nP, (j + 1) * nP)),
      scale: 'linear',
      channels: r.channels,
      excluded: r.excludedRows,
    });
  }
  for (const m of src.matrices) {
    const p = source(m.fileId);
    if (p.kind === 'gpr') throw new SourcesError(`${m.fileName}: not a matrix file`);
    const mx = p.matrix;
    const keep: number[] = [];
    mx.probes.forEach((name, i) => {
      const control = s.excludeControls && isControlName(name);
      if (control) controlNames.add(name);
      if (!control && !isExcludedName(name, s)) keep.push(i);
    });
    let probes = keep.map((i) => mx.probes[i]);
    let columns: Float64Array[] = m.entries.map((e) => Float64Array.from(keep, (i) => mx.values[e.column!][i]));
    if (s.averageReplicates) ({ probes, columns } = averageDuplicateRows(probes, columns));
    const scale = s.inputScale !== 'auto' ? s.inputScale : (m.entries[0].scale ?? (looksLinear(mx.values) ? 'linear' : 'log2'));
    parts.push({ probes, keys: m.entries.map(arrayKey), columns, scale, channels: m.entries.map(() => null), excluded: mx.probes.length - keep.length });
  }
  const scale = parts[0].scale;
  if (parts.some((p) => p.scale !== scale)) {
    throw new SourcesError(msg('Some arrays hold linear intensities and others log2 values: they cannot be normalized together. Set how matrix values are read, or clear the group of one kind.', { id: 'expression.error.mixedScale' }));
  }
  // join on probe id (first occurrence in each part)
  let probes = parts[0].probes;
  let rowsOf: Int32Array[] = [Int32Array.from(probes, (_, i) => i)];
  let unmatchedRows = 0;
  if (parts.length > 1) {
    const maps = parts.map((p) => { const m = new Map<string, number>(); p.probes.forEach((id, i) => { if (!m.has(id)) m.set(id, i); }); return m; });
    const seen = new Set<string>();
    const common = parts[0].probes.filter((id) => { if (seen.has(id)) return false; seen.add(id); return maps.every((m) => m.has(id)); });
    unmatchedRows = parts.reduce((a, p) => a + p.probes.length, 0) - common.length * parts.length;
    if (common.length === 0) throw new SourcesError(msg('The array files share no probe id, so they cannot be analysed together.', { id: 'expression.error.noCommonProbes' }));
    probes = common;
    rowsOf = maps.map((m) => Int32Array.from(common, (id) => m.get(id)!));
  }
  const byKey = new Map<string, { col: Float64Array; rows: Int32Array; channel: number | null }>();
  parts.forEach((p, pi) => p.keys.forEach((key, j) => byKey.set(key, { col: p.columns[j], rows: rowsOf[pi], channel: p.channels[j] })));
  const ordered = arrays.filter((a) => byKey.has(arrayKey(a)));
  const nP = probes.length;
  const values = new Float64Array(nP * ordered.length);
  ordered.forEach((a, j) => {
    const { col, rows } = byKey.get(arrayKey(a))!;
    for (let i = 0; i < nP; i++) values[j * nP + i] = col[rows[i]];
  });
  return {
    input: { probes: probes.slice(), arrays: ordered.map(arrayName), values, scale },
    keys: ordered.map(arrayKey),
    excludedRows: parts.reduce((a, p) => a + p.excluded, 0),
    controlNames: [...controlNames].filter((n) => n !== '').sort(),
    channels: ordered.map((a) => byKey.get(arrayKey(a))!.channel),
    unmatchedRows,
  };
}

/** Kernel density estimates of every array on one common grid. */
export interface ArrayDensities {
  /** Grid points (ascending). */
  x: Float64Array;
  /** Density per array on the grid. */
  y: Float64Array[];
  /** Bandwidth per array (R's bw.nrd0). */
  bandwidth: number[];
}

/** R's bw.nrd0 of sorted finite values: 0.9 · min(sd, IQR/1.34) · n^−1/5. */
function bwNrd0(sorted: Float64Array): number {
  const n = sorted.length;
  if (n < 2) return 1;
  let mean = 0;
  for (const v of sorted) mean += v;
  mean /= n;
  let ss = 0;
  for (const v of sorted) ss += (v - mean) ** 2;
  const hi = Math.sqrt(ss / (n - 1));
  const q = (p: number) => { const h = (n - 1) * p; const lo = Math.floor(h); return sorted[lo] + (h - lo) * (sorted[Math.min(lo + 1, n - 1)] - sorted[lo]); };
  let lo = Math.min(hi, (q(0.75) - q(0.25)) / 1.34);
  if (!(lo > 0)) lo = hi || Math.abs(sorted[0]) || 1;
  return 0.9 * lo * n ** -0.2;
}

/**
 * Gaussian kernel densities (R's density() defaults: bw.nrd0, cut = 3) of every column of a
 * column-major matrix, evaluated on one grid of `gridN` points spanning all arrays, so the curves
 * overlay. Values are linearly binned onto the grid first (as R's density does with its FFT grid).
 */
export function arrayDensities(values: Float64Array, nP: number, nA: number, gridN = 256): ArrayDensities {
  const cols: Float64Array[] = [];
  const bws: number[] = [];
  let lo = Infinity;
  let hi = -Infinity;
  for (let j = 0; j < nA; j++) {
    const c = values.subarray(j * nP, (j + 1) * nP).filter((v) => Number.isFinite(v)).sort();
    cols.push(c);
    const bw = bwNrd0(c);
    bws.push(bw);
    if (c.length) { lo = Math.min(lo, c[0] - 3 * bw); hi = Math.max(hi, c[c.length - 1] + 3 * bw); }
  }
  if (!Number.isFinite(lo)) { lo = 0; hi = 1; }
  const x = new Float64Array(gridN);
  const dx = (hi - lo) / (gridN - 1);
  for (let g = 0; g < gridN; g++) x[g] = lo + g * dx;
  const y = cols.map((c, j) => {
    const out = new Float64Array(gridN);
    if (c.length === 0) return out;
    const w = new Float64Array(gridN);
    for (const v of c) {
      const pos = (v - lo) / dx;
      const b = Math.min(gridN - 2, Math.max(0, Math.floor(pos)));
      const f = Math.min(1, Math.max(0, pos - b));
      w[b] += 1 - f;
      w[b + 1] += f;
    }
    const bw = bws[j];
    const reach = Math.ceil((4 * bw) / dx);
    const norm = 1 / (c.length * bw * Math.sqrt(2 * Math.PI));
    const kern = Float64Array.from({ length: reach + 1 }, (_, d) => Math.exp(-0.5 * ((d * dx) / bw) ** 2));
    for (let b = 0; b < gridN; b++) {
      if (w[b] === 0) continue;
      const from = Math.max(0, b - reach);
      const to = Math.min(gridN - 1, b + reach);
      for (let g = from; g <= to; g++) out[g] += w[b] * kern[Math.abs(g - b)];
    }
    for (let g = 0; g < gridN; g++) out[g] *= norm;
    return out;
  });
  return { x, y, bandwidth: bws };
}

/** MA values of every array against a reference (see {@link maValues}). */
export interface MaValues {
  /** M = array − reference, column-major nP × nA. */
  m: Float64Array;
  /** A = (array + reference) / 2, column-major nP × nA. */
  a: Float64Array;
  /** Per array: 'group' = mean of the other arrays of its group; 'all' = mean of all other arrays. */
  reference: ('group' | 'all')[];
}

/**
 * MA values of each array (log2 scale) against the mean of the other arrays of its group — the
 * group mean without the array itself, so an array is never compared with itself; an array that is
 * alone in its group (or has none) is compared with the mean of all other arrays, as limma's
 * plotMA does for single-channel data. Missing values are left out of the means.
 */
export function maValues(values: Float64Array, nP: number, groups: readonly string[]): MaValues {
  const nA = groups.length;
  const m = new Float64Array(nP * nA);
  const a = new Float64Array(nP * nA);
  const reference: ('group' | 'all')[] = [];
  for (let j = 0; j < nA; j++) {
    const peers = groups.map((g, k) => (k !== j && g !== '' && g === groups[j] ? k : -1)).filter((k) => k >= 0);
    const useGroup = peers.length > 0;
    const refs = useGroup ? peers : groups.map((_, k) => k).filter((k) => k !== j);
    reference.push(useGroup ? 'group' : 'all');
    for (let i = 0; i < nP; i++) {
      let s = 0;
      let n = 0;
      for (const k of refs) { const v = values[k * nP + i]; if (Number.isFinite(v)) { s += v; n++; } }
      const x = values[j * nP + i];
      const r = n ? s / n : NaN;
      m[j * nP + i] = x - r;
      a[j * nP + i] = (x + r) / 2;
    }
  }
  return { m, a, reference };
}

/** What the worker sends back for the Expression view. */
export interface ExpressionResult {
  /** The settings the numbers came from. */
  settings: ExpressionSettings;
  probes: string[];
  /** arrayKey per array (study order). */
  keys: string[];
  /** Short array names. */
  arrays: string[];
  /** Group label per array ('' = not assigned). */
  groups: string[];
  /** [reference, comparison]: logFC = comparison − reference. */
  order: [string, string];
  inputScale: 'linear' | 'log2';
  analysedScale: 'log2' | 'linear';
  /** The analysed (normalized, log2) values, column-major nP × nA. */
  values: Float64Array;
  de: DeResult;
  normalization: {
    method: NormalizationMethod;
    factors: Float64Array | null;
    selected: number | null;
    threshold: number | null;
    nonPositive: number;
  };
  qc: {
    before: ArrayDistribution[];
    after: ArrayDistribution[];
    correlation: Float64Array;
    densityBefore: ArrayDensities;
    densityAfter: ArrayDensities;
    ma: MaValues;
  };
  readOut: Omit<SourcesReadOut, 'input' | 'keys'>;
  elapsedMs: number;
}

/** Input of {@link runExpression}. */
export interface ExpressionRequest {
  /** The study's array entries, in study order. */
  arrays: ArrayEntry[];
  settings: ExpressionSettings;
  /** [reference, comparison] group labels. */
  order: [string, string];
}

const log2Copy = (x: Float64Array) => x.map((v) => { const l = Math.log2(v); return Number.isFinite(l) ? l : NaN; });

/**
 * Normalization, differential expression and QC of a read-out (src/study/array-analysis.ts
 * runArrayAnalysis). Every array is normalized; only those in the two chosen groups are compared.
 */
export function runExpression(k: Kernels, req: ExpressionRequest, ro: SourcesReadOut, now: () => number = () => performance.now()): ExpressionResult {
  const t0 = now();
  const byKey = new Map(req.arrays.map((a) => [arrayKey(a), a.group]));
  const groups = ro.keys.map((key) => byKey.get(key) ?? '');
  const labels = groups.map((g) => (g === req.order[0] || g === req.order[1] ? g : null));
  const r = runArrayAnalysis(k, ro.input, labels, req.settings, req.order);
  const nP = r.probes.length;
  const nA = r.arrays.length;
  const beforeValues = ro.input.scale === 'linear' && r.normalization.analysedScale === 'log2' ? log2Copy(ro.input.values) : ro.input.values;
  const n = r.normalization;
  const { input: _input, keys: _keys, ...readOut } = ro;
  return {
    settings: req.settings,
    probes: r.probes,
    keys: ro.keys.slice(),
    arrays: r.arrays,
    groups,
    order: [req.order[0], req.order[1]],
    inputScale: r.inputScale,
    analysedScale: n.analysedScale,
    values: n.analysed,
    de: r.de,
    normalization: { method: n.method, factors: n.factors, selected: n.selected, threshold: n.threshold, nonPositive: n.nonPositive },
    qc: {
      ...r.qc,
      densityBefore: arrayDensities(beforeValues, nP, nA),
      densityAfter: arrayDensities(n.analysed, nP, nA),
      ma: maValues(n.analysed, nP, groups),
    },
    readOut,
    elapsedMs: now() - t0,
  };
}

/** Every buffer of a result, once each (for Comlink.transfer: the worker keeps nothing of it). */
export function expressionTransferables(r: ExpressionResult): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  const add = (x: unknown) => { if (ArrayBuffer.isView(x)) out.add(x.buffer as ArrayBuffer); };
  add(r.values);
  for (const v of Object.values(r.de)) add(v);
  add(r.normalization.factors);
  add(r.qc.correlation);
  for (const d of [r.qc.densityBefore, r.qc.densityAfter]) { add(d.x); d.y.forEach(add); }
  add(r.qc.ma.m);
  add(r.qc.ma.a);
  return [...out];
}
