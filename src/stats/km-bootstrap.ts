/**
 * Bootstrap Kaplan–Meier (SPEC §4): resample patients with replacement within each group, many
 * times, and read percentile intervals for the median and the restricted mean, and pointwise
 * percentile bands for S(t), off the replicates — as R's
 * `boot(data, statistic, R, strata = group)` + `boot.ci(type = "perc")`, with one deliberate
 * difference: replicates whose median is not reached are kept (as +∞) and counted, and a limit
 * that falls among them is reported as not reached (null). boot drops non-finite replicates
 * silently (`norm.inter` starts with `t <- t[is.finite(t)]`), which biases the interval.
 *
 * The replicates come from the wasm kernel (assembly/km.ts via src/kernels/survival.ts); the
 * straightforward TypeScript resampling in {@link bootstrapKmReference} draws the same seeded
 * xoshiro128** stream (src/kernels/reference.ts) and gives identical numbers.
 *
 * Percentile limits follow boot's `norm.inter` (Davison & Hinkley 1997, eq. 5.8): with the R
 * replicates sorted t(1) ≤ … ≤ t(R), the α-quantile sits at rank (R+1)α; for a non-integer rank,
 * k = ⌊(R+1)α⌋ and the limit is t(k) + (Φ⁻¹(α) − Φ⁻¹(k/(R+1))) / (Φ⁻¹((k+1)/(R+1)) − Φ⁻¹(k/(R+1)))
 * · (t(k+1) − t(k)); an integer rank gives t(k); k = 0 gives t(1) and k = R gives t(R).
 */
import quantileNormal from '@stdlib/stats-base-dists-normal-quantile';
import type { Kernels } from '../kernels/kernels.ts';
import { Xoshiro128Ref } from '../kernels/reference.ts';
import { openKmBootstrap, type KmBootstrapLayout, type KmReplicates } from '../kernels/survival.ts';
import { kmTable, medianTime, restrictedMean } from './km.ts';

/** One group's subjects for the bootstrap. */
export interface BootstrapGroupInput {
  name: string;
  time: ArrayLike<number>;
  /** 1/true = death, 0 = censored. */
  event: ArrayLike<number | boolean>;
}

/** Which upper limit the bootstrapped restricted mean uses (as print(fit, rmean = …)). */
export type RmeanLimit = 'individual' | 'common' | number;

/** Subjects sorted once, in the kernel's layout, plus the sorted data for the reference. */
export interface PreparedBootstrap extends KmBootstrapLayout {
  names: string[];
  /** Sorted times and events (same order as `codes`). */
  sortedTime: Float64Array;
  sortedEvent: Uint8Array;
}

/**
 * Sorts each group's subjects by time (once) and numbers each group's distinct times: the
 * kernel's input. `rmean` chooses τ: each group's own largest time ('individual', default — the
 * SPSS "Mean"), the largest over all groups ('common'), or a number.
 */
export function prepareBootstrap(groups: readonly BootstrapGroupInput[], rmean: RmeanLimit = 'individual'): PreparedBootstrap {
  if (groups.length === 0) throw new RangeError('the bootstrap needs at least one group');
  const nTotal = groups.reduce((a, g) => a + g.time.length, 0);
  const codes = new Int32Array(nTotal);
  const sortedTime = new Float64Array(nTotal);
  const sortedEvent = new Uint8Array(nTotal);
  const groupStart = new Int32Array(groups.length + 1);
  const gridStart = new Int32Array(groups.length + 1);
  const grid: number[] = [];
  const tau = new Float64Array(groups.length);
  let off = 0;
  groups.forEach((g, gi) => {
    const n = g.time.length;
    if (g.event.length !== n) throw new RangeError(`group "${g.name}": time and event lengths differ`);
    if (n === 0) throw new RangeError(`group "${g.name}" has no subjects`);
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => g.time[a] - g.time[b] || a - b);
    groupStart[gi] = off;
    gridStart[gi] = grid.length;
    let j = -1;
    let last = NaN;
    for (const i of order) {
      const t = g.time[i];
      if (!Number.isFinite(t) || t < 0) throw new RangeError(`group "${g.name}": time ${t} is not a finite non-negative number`);
      const e = Number(g.event[i]);
      if (e !== 0 && e !== 1) throw new RangeError(`group "${g.name}": event ${g.event[i]} is not 0/1`);
      if (t !== last) { grid.push(t); j++; last = t; }
      codes[off] = 2 * j + e;
      sortedTime[off] = t;
      sortedEvent[off] = e;
      off++;
    }
    tau[gi] = last;
  });
  groupStart[groups.length] = off;
  gridStart[groups.length] = grid.length;
  if (rmean === 'common') tau.fill(Math.max(...tau));
  else if (typeof rmean === 'number') {
    if (!Number.isFinite(rmean) || rmean < 0) throw new RangeError(`rmean limit must be a finite non-negative number (got ${rmean})`);
    tau.fill(rmean);
  }
  return { names: groups.map((g) => g.name), codes, groupStart, grid: Float64Array.from(grid), gridStart, tau, sortedTime, sortedEvent };
}

/**
 * The plain way, for testing the kernel: for each replicate and group, draw n indices with
 * `nextBelow(n)` (Lemire) from the same xoshiro128** stream, build the resampled data, fit an
 * ordinary KM (kmTable) and take the R-rule median, the restricted mean up to τ and S at the
 * group's grid times. Same stream order as the kernel (replicate-major, then group).
 */
export function bootstrapKmReference(prep: PreparedBootstrap, nRep: number, rng: Xoshiro128Ref, bands = false): KmReplicates {
  const G = prep.names.length;
  const M = prep.grid.length;
  const median = new Float64Array(nRep * G);
  const rmean = new Float64Array(nRep * G);
  const surv = bands ? new Float64Array(nRep * M) : null;
  for (let r = 0; r < nRep; r++) {
    for (let g = 0; g < G; g++) {
      const s0 = prep.groupStart[g];
      const n = prep.groupStart[g + 1] - s0;
      const t: number[] = new Array<number>(n);
      const e: number[] = new Array<number>(n);
      for (let i = 0; i < n; i++) {
        const pick = s0 + rng.nextBelow(n);
        t[i] = prep.sortedTime[pick];
        e[i] = prep.sortedEvent[pick];
      }
      const tb = kmTable(t, e);
      const med = medianTime(tb.time, tb.surv, 'r');
      median[r * G + g] = med === null ? NaN : med;
      rmean[r * G + g] = restrictedMean(tb, prep.tau[g]).rmean;
      if (surv) {
        let k = -1;
        let s = 1;
        for (let j = prep.gridStart[g]; j < prep.gridStart[g + 1]; j++) {
          while (k + 1 < tb.time.length && tb.time[k + 1] <= prep.grid[j]) { k++; s = tb.surv[k]; }
          surv[r * M + j] = s;
        }
      }
    }
  }
  return { nRep, nGroups: G, median, rmean, surv };
}

/** A percentile interval; null limits are "not reached". */
export interface PercentileInterval {
  lower: number | null;
  upper: number | null;
  /** Replicates whose value was not reached (NaN or +∞ in the input). */
  notReached: number;
}

/** Where norm.inter reads one limit for R replicates: order statistic k (1-based) and the weight toward k+1. */
interface LimitPlan { k: number; w: number | null }

/** The two limits' positions for R replicates at a confidence level (boot's norm.inter). */
function planLimits(R: number, confLevel: number): [LimitPlan, LimitPlan] {
  const one = (alpha: number): LimitPlan => {
    const rk = (R + 1) * alpha;
    const k = Math.trunc(rk);
    if (k === 0) return { k: 1, w: null };
    if (k >= R) return { k: R, w: null };
    if (k === rk) return { k, w: null };
    const z = quantileNormal(alpha, 0, 1);
    const zk = quantileNormal(k / (R + 1), 0, 1);
    const zk1 = quantileNormal((k + 1) / (R + 1), 0, 1);
    return { k, w: (z - zk) / (zk1 - zk) };
  };
  const a = (1 - confLevel) / 2;
  return [one(a), one(1 - a)];
}

/** A limit from ascending values (+∞ = not reached) per its plan; null when it touches +∞. */
function readLimit(t: Float64Array, p: LimitPlan): number | null {
  const tk = t[p.k - 1];
  if (p.w === null) return Number.isFinite(tk) ? tk : null;
  const tk1 = t[p.k];
  if (!Number.isFinite(tk) || !Number.isFinite(tk1)) return null;
  const out = tk + p.w * (tk1 - tk);
  return Number.isFinite(out) ? out : null;
}

/** Copies values into `into` with NaN as +∞, sorts it, returns the count of +∞ (not reached). */
function sortReached(values: ArrayLike<number>, into: Float64Array): number {
  let notReached = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v) || v === Infinity) { into[i] = Infinity; notReached++; } else into[i] = v;
  }
  into.sort();
  return notReached;
}

/** Moves the k-th smallest (0-based) of a[lo..hi] to a[k], smaller before, larger after (Hoare quickselect). */
function quickselect(a: Float64Array, k: number): void {
  let lo = 0;
  let hi = a.length - 1;
  while (hi > lo) {
    const pivot = a[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) { const t = a[i]; a[i] = a[j]; a[j] = t; i++; j--; }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

/** As readLimit on the sorted values, by selection (values without NaN; reorders `a`). */
function selectLimit(a: Float64Array, p: LimitPlan): number | null {
  quickselect(a, p.k - 1);
  const tk = a[p.k - 1];
  if (p.w === null) return Number.isFinite(tk) ? tk : null;
  let tk1 = Infinity;
  for (let i = p.k; i < a.length; i++) if (a[i] < tk1) tk1 = a[i];
  if (!Number.isFinite(tk) || !Number.isFinite(tk1)) return null;
  const out = tk + p.w * (tk1 - tk);
  return Number.isFinite(out) ? out : null;
}

/**
 * boot.ci(type = "perc") limits from replicate values (boot's norm.inter; see the file header).
 * NaN and +∞ mean "not reached" and sort above every finite value; they are counted, and a limit
 * whose order statistics reach into them is null.
 */
export function percentileInterval(values: ArrayLike<number>, confLevel = 0.95): PercentileInterval {
  const R = values.length;
  const t = new Float64Array(R);
  const notReached = sortReached(values, t);
  if (R === 0) return { lower: null, upper: null, notReached };
  const [lo, hi] = planLimits(R, confLevel);
  return { lower: readLimit(t, lo), upper: readLimit(t, hi), notReached };
}

/** Options of {@link bootstrapKm}. */
export interface KmBootstrapOptions {
  /** Number of replicates (default 2000). */
  replicates?: number;
  /** Seed of the xoshiro128** stream (integer 0 ≤ seed < 2^53 or bigint; default 1). */
  seed?: number | bigint;
  /** Replicates per kernel call (default 100): progress and cancel points. */
  chunk?: number;
  /** Also compute pointwise percentile bands of S(t) on each group's time grid (default false). */
  bands?: boolean;
  /** Level of the intervals (default 0.95). */
  confLevel?: number;
  /** τ of the bootstrapped restricted mean (default 'individual'). */
  rmean?: RmeanLimit;
  /** Called after every chunk with (replicates done, total); return false to cancel. */
  onProgress?: (done: number, total: number) => boolean | void;
}

/** One group's bootstrap summary. */
export interface KmBootstrapGroup {
  name: string;
  replicates: number;
  medianLower: number | null;
  medianUpper: number | null;
  /** Replicates whose median was not reached. */
  medianNotReached: number;
  rmeanLower: number | null;
  rmeanUpper: number | null;
  /** τ used for the restricted mean. */
  rmeanTau: number;
  /** Pointwise percentile band of S at `bandTime` (when requested). */
  bandTime?: number[];
  bandLower?: (number | null)[];
  bandUpper?: (number | null)[];
}

/** Result of {@link bootstrapKm}. */
export interface KmBootstrapResult {
  seed: string;
  replicates: number;
  confLevel: number;
  groups: KmBootstrapGroup[];
  /** The raw replicate statistics (for plots and tests). */
  raw: KmReplicates;
}

/** Thrown by {@link bootstrapKm} / {@link bootstrapKmAsync} when cancelled. */
export class BootstrapCancelled extends Error {
  constructor(readonly done: number) {
    super(`bootstrap cancelled after ${done} replicates`);
    this.name = 'BootstrapCancelled';
  }
}

/** Concatenates chunks of replicates (replicate-major, so plain concatenation). */
function concat(parts: KmReplicates[], nGroups: number): KmReplicates {
  const nRep = parts.reduce((a, p) => a + p.nRep, 0);
  const cat = (get: (p: KmReplicates) => Float64Array | null): Float64Array | null => {
    if (parts.length === 0 || get(parts[0]) === null) return parts.length === 0 ? new Float64Array(0) : null;
    const out = new Float64Array(parts.reduce((a, p) => a + get(p)!.length, 0));
    let o = 0;
    for (const p of parts) { out.set(get(p)!, o); o += get(p)!.length; }
    return out;
  };
  return { nRep, nGroups, median: cat((p) => p.median)!, rmean: cat((p) => p.rmean)!, surv: parts.length ? cat((p) => p.surv) : null };
}

/** Percentile summaries per group from the replicates (see {@link percentileInterval}). */
export function summarizeReplicates(prep: PreparedBootstrap, reps: KmReplicates, confLevel = 0.95): KmBootstrapGroup[] {
  const G = prep.names.length;
  const M = prep.grid.length;
  return prep.names.map((name, g) => {
    const med = new Float64Array(reps.nRep);
    const rm = new Float64Array(reps.nRep);
    for (let r = 0; r < reps.nRep; r++) { med[r] = reps.median[r * G + g]; rm[r] = reps.rmean[r * G + g]; }
    const mi = percentileInterval(med, confLevel);
    const ri = percentileInterval(rm, confLevel);
    const out: KmBootstrapGroup = {
      name, replicates: reps.nRep, medianLower: mi.lower, medianUpper: mi.upper, medianNotReached: mi.notReached,
      rmeanLower: ri.lower, rmeanUpper: ri.upper, rmeanTau: prep.tau[g],
    };
    if (reps.surv) {
      const j0 = prep.gridStart[g];
      const j1 = prep.gridStart[g + 1];
      out.bandTime = Array.from(prep.grid.subarray(j0, j1));
      out.bandLower = [];
      out.bandUpper = [];
      // S is never NaN: the order statistics a limit needs are found by selection, not a full sort
      const col = new Float64Array(reps.nRep);
      const [lo, hi] = planLimits(reps.nRep, confLevel);
      for (let j = j0; j < j1; j++) {
        for (let r = 0; r < reps.nRep; r++) col[r] = reps.surv[r * M + j];
        out.bandLower.push(reps.nRep ? selectLimit(col, lo) : null);
        out.bandUpper.push(reps.nRep ? selectLimit(col, hi) : null);
      }
    }
    return out;
  });
}

function settings(opts: KmBootstrapOptions) {
  const replicates = opts.replicates ?? 2000;
  const chunk = opts.chunk ?? 100;
  if (!Number.isInteger(replicates) || replicates < 1) throw new RangeError(`replicates must be a positive integer (got ${replicates})`);
  if (!Number.isInteger(chunk) || chunk < 1) throw new RangeError(`chunk must be a positive integer (got ${chunk})`);
  return { replicates, chunk, seed: opts.seed ?? 1, confLevel: opts.confLevel ?? 0.95, bands: opts.bands ?? false };
}

/** Largest replicates × grid-times matrix kept for pointwise bands (2^26 doubles = 512 MiB). */
const MAX_BAND_CELLS = 2 ** 26;

function* chunks(
  k: Kernels, groups: readonly BootstrapGroupInput[] | PreparedBootstrap, opts: KmBootstrapOptions,
): Generator<number, KmBootstrapResult, void> {
  const s = settings(opts);
  const prep = 'codes' in groups ? groups : prepareBootstrap(groups, opts.rmean);
  if (s.bands && s.replicates * prep.grid.length > MAX_BAND_CELLS) {
    throw new RangeError(`pointwise bands for ${s.replicates} replicates × ${prep.grid.length} distinct times would need `
      + `${Math.round((s.replicates * prep.grid.length * 8) / 2 ** 20)} MiB; use fewer replicates or round the times`);
  }
  const session = openKmBootstrap(k, prep);
  const rng = k.createRng(s.seed);
  const parts: KmReplicates[] = [];
  try {
    let done = 0;
    while (done < s.replicates) {
      const m = Math.min(s.chunk, s.replicates - done);
      parts.push(session.run(rng, m, s.bands));
      done += m;
      if (opts.onProgress?.(done, s.replicates) === false && done < s.replicates) throw new BootstrapCancelled(done);
      if (done < s.replicates) yield done;
    }
  } finally {
    rng.dispose();
    session.dispose();
  }
  const raw = concat(parts, prep.names.length);
  return { seed: String(s.seed), replicates: s.replicates, confLevel: s.confLevel, groups: summarizeReplicates(prep, raw, s.confLevel), raw };
}

/**
 * Bootstrap KM in wasm, synchronously (CLI, tests, inside a worker task): `replicates` replicates
 * in chunks of `chunk` kernel calls from one seeded stream; the same seed gives the same result
 * whatever the chunk size. Percentile limits as boot.ci(type = "perc") (see the file header).
 */
export function bootstrapKm(k: Kernels, groups: readonly BootstrapGroupInput[] | PreparedBootstrap, opts: KmBootstrapOptions = {}): KmBootstrapResult {
  const it = chunks(k, groups, opts);
  for (;;) {
    const r = it.next();
    if (r.done) return r.value;
  }
}

/**
 * As {@link bootstrapKm}, yielding to the event loop between chunks so a worker can post progress
 * and notice cancellation (`signal`); rejects with {@link BootstrapCancelled} when aborted.
 */
export async function bootstrapKmAsync(
  k: Kernels, groups: readonly BootstrapGroupInput[] | PreparedBootstrap, opts: KmBootstrapOptions & { signal?: AbortSignal } = {},
): Promise<KmBootstrapResult> {
  const it = chunks(k, groups, opts);
  for (;;) {
    const r = it.next();
    if (r.done) return r.value;
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
    if (opts.signal?.aborted) {
      it.return(undefined as never);
      throw new BootstrapCancelled(r.value);
    }
  }
}
