import * as Comlink from 'comlink';
import type { Kernels } from '../../kernels/kernels.ts';
import type { Progress } from '../bridge.ts';
import { kmByGroup, splitByGroup, survivalAt, type ConfType, type KmGroupFit, type MedianRule, type SurvivalAtRow } from '../../stats/km.ts';
import { logrank, type LogrankWeights } from '../../stats/logrank.ts';
import { bootstrapKmAsync, prepareBootstrap } from '../../stats/km-bootstrap.ts';

/** Survival data as it crosses into the worker (time and event are transferred, not copied). */
export interface SurvivalData {
  /** Time of each patient (any unit; results come back in the same unit). */
  time: Float64Array;
  /** 1 = event, 0 = censored. */
  event: Uint8Array;
  /** Group value of each patient; null = one curve "all". */
  group: string[] | null;
  /** Group order of the output (values present in `group`). */
  levels: string[];
  /** Stratum of each patient for the stratified tests; null = unstratified. */
  strata: string[] | null;
}

/** Options of {@link survivalApi}'s kmAnalysis. */
export interface KmAnalysisOptions {
  confType: ConfType;
  medianRule: MedianRule;
  /** Confidence level (default 0.95). */
  confLevel?: number;
  /** Times at which to report S(t) (summary(fit, times)). */
  times: number[];
}

/** One group's curve and numbers (survfit + summary table + survival at the chosen times). */
export interface KmGroupResult extends KmGroupFit {
  at: SurvivalAtRow[];
}

/** One test of the log-rank family (survdiff); p null when there is nothing to compare. */
export interface KmTestResult {
  weights: LogrankWeights;
  chisq: number;
  df: number;
  p: number | null;
  /** Observed and expected events per group (unweighted, as survdiff prints). */
  observed: number[];
  expected: number[];
  /** Number of strata (1 = unstratified). */
  strata: number;
}

/** Result of kmAnalysis. */
export interface KmAnalysisResult {
  groups: KmGroupResult[];
  /** Log-rank, Gehan–Breslow and Tarone–Ware (each stratified when strata were given); null with fewer than two groups. */
  tests: KmTestResult[] | null;
  /** Milliseconds spent in the worker. */
  elapsedMs: number;
}

/** Options of bootstrapKm. */
export interface KmBootstrapRequest {
  replicates: number;
  seed: number;
  /** τ of the restricted mean. */
  rmean: 'individual' | 'common';
  /** Pointwise bands of S(t) too (skipped, with `bandsOmitted`, when they would not fit in memory). */
  bands: boolean;
  confLevel?: number;
}

/** One group's bootstrap summary; band arrays are NaN where a limit does not exist. */
export interface KmBootstrapGroupResult {
  name: string;
  replicates: number;
  medianLower: number | null;
  medianUpper: number | null;
  medianNotReached: number;
  rmeanLower: number | null;
  rmeanUpper: number | null;
  rmeanTau: number;
  bandTime: Float64Array | null;
  bandLower: Float64Array | null;
  bandUpper: Float64Array | null;
}

/** Result of bootstrapKm. */
export interface KmBootstrapResponse {
  seed: number;
  replicates: number;
  confLevel: number;
  groups: KmBootstrapGroupResult[];
  /** True when bands were asked for but replicates × distinct times was too large to keep. */
  bandsOmitted: boolean;
  elapsedMs: number;
}

/** Most replicates × distinct-times cells kept for pointwise bands (16 M doubles = 128 MiB). */
export const MAX_BAND_CELLS = 2 ** 24;
/** Replicates per kernel call: progress and cancel points. */
const CHUNK = 100;

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());
const finiteOrNull = (x: number) => (Number.isFinite(x) ? x : null);
const toNaN = (xs: readonly (number | null)[]) => Float64Array.from(xs, (x) => (x === null ? NaN : x));

function check(d: SurvivalData): void {
  if (d.event.length !== d.time.length) throw new RangeError(`time has ${d.time.length} values but event has ${d.event.length}`);
  if (d.group && d.group.length !== d.time.length) throw new RangeError('group must have one value per patient');
  if (d.strata && d.strata.length !== d.time.length) throw new RangeError('strata must have one value per patient');
  if (d.time.length === 0) throw new RangeError('no patients to analyse');
}

/** Worker tasks of the Survival view: Kaplan–Meier with the log-rank family, and the bootstrap. */
export function survivalApi(kernels: () => Kernels) {
  return {
    /**
     * Kaplan–Meier per group (survfit, both restricted means, S at the chosen times) and the three
     * tests of the log-rank family (survdiff; Gehan–Breslow and Tarone–Ware weights), stratified
     * when strata are given.
     */
    async kmAnalysis(data: SurvivalData, opts: KmAnalysisOptions): Promise<KmAnalysisResult> {
      const t0 = now();
      check(data);
      const fits = kmByGroup(data.time, data.event, data.group, {
        confType: opts.confType, medianRule: opts.medianRule, confLevel: opts.confLevel ?? 0.95, levels: data.levels,
      });
      const groups = fits.map((f) => ({ ...f, at: survivalAt(f, opts.times) }));
      let tests: KmTestResult[] | null = null;
      if (data.group && fits.length >= 2) {
        tests = (['logrank', 'gehan-breslow', 'tarone-ware'] as const).map((weights) => {
          const lr = logrank(data.time, data.event, data.group!, { strata: data.strata, weights, levels: fits.map((f) => f.name) });
          return { weights, chisq: lr.chisq, df: lr.df, p: finiteOrNull(lr.p), observed: lr.observed, expected: lr.expected, strata: lr.strata };
        });
      }
      return { groups, tests, elapsedMs: now() - t0 };
    },

    /**
     * Bootstrap KM in the wasm kernel (SPEC §4): resampling patients within each group, seeded,
     * in chunks of 100 replicates with progress after each; cancelled by the bridge (it terminates
     * the worker). Band arrays are copies, transferred back.
     */
    async bootstrapKm(data: SurvivalData, req: KmBootstrapRequest, onProgress?: (p: Progress) => void): Promise<KmBootstrapResponse> {
      const t0 = now();
      check(data);
      const parts = splitByGroup(data.time, data.event, data.group, data.levels);
      const prep = prepareBootstrap(parts.map((p) => ({ name: p.name, time: p.time, event: p.event })), req.rmean);
      const bandsOmitted = req.bands && req.replicates * prep.grid.length > MAX_BAND_CELLS;
      const bands = req.bands && !bandsOmitted;
      const confLevel = req.confLevel ?? 0.95;
      onProgress?.({ done: 0, total: req.replicates, phase: 'bootstrap' });
      const r = await bootstrapKmAsync(kernels(), prep, {
        replicates: req.replicates, seed: req.seed, chunk: CHUNK, bands, confLevel,
        onProgress: (done, total) => { onProgress?.({ done, total, phase: 'bootstrap' }); },
      });
      const groups: KmBootstrapGroupResult[] = r.groups.map((g) => ({
        name: g.name, replicates: g.replicates, medianLower: g.medianLower, medianUpper: g.medianUpper, medianNotReached: g.medianNotReached,
        rmeanLower: g.rmeanLower, rmeanUpper: g.rmeanUpper, rmeanTau: g.rmeanTau,
        bandTime: g.bandTime ? Float64Array.from(g.bandTime) : null,
        bandLower: g.bandLower ? toNaN(g.bandLower) : null,
        bandUpper: g.bandUpper ? toNaN(g.bandUpper) : null,
      }));
      const out: KmBootstrapResponse = { seed: req.seed, replicates: r.replicates, confLevel, groups, bandsOmitted, elapsedMs: now() - t0 };
      const buffers = groups.flatMap((g) => [g.bandTime, g.bandLower, g.bandUpper]).filter((a): a is Float64Array => a !== null).map((a) => a.buffer);
      return Comlink.transfer(out, buffers);
    },
  };
}
