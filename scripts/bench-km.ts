/**
 * Bootstrap Kaplan–Meier cases for scripts/bench.ts: the wasm kernel (src/stats/km-bootstrap.ts
 * `bootstrapKm`, chunks of 100 replicates) against the plain TypeScript resampling reference
 * (`bootstrapKmReference` + the same percentile summary), same seed, same numbers.
 *
 * - survival::myeloma (3882 patients, tests/fixtures/km.json): 2000 replicates, the SPEC's target
 *   ("well under a second"; R's boot + survfit takes ~9 s on these machines).
 * - 100 000 synthetic patients (seeded exponential times in whole days, ~30% censored): fewer
 *   replicates so the TypeScript baseline finishes in the bench's time budget.
 */
import { readFileSync } from 'node:fs';
import type { Kernels } from '../src/kernels/kernels.ts';
import { Xoshiro128Ref } from '../src/kernels/reference.ts';
import { bootstrapKm, bootstrapKmReference, prepareBootstrap, summarizeReplicates, type PreparedBootstrap } from '../src/stats/km-bootstrap.ts';

/** Same shape as bench.ts's BenchCase. */
export interface KmBenchCase {
  name: string;
  size: string;
  setup(k: Kernels): { wasm: () => unknown; js: () => unknown; check?: (wasmOut: unknown, jsOut: unknown) => number };
}

interface Out { median: Float64Array; rmean: Float64Array; summary: unknown }

/** Largest relative difference over the replicate medians and means (NaN must match NaN). */
function diff(a: Out, b: Out): number {
  let worst = 0;
  for (const [x, y] of [[a.median, b.median], [a.rmean, b.rmean]] as const) {
    if (x.length !== y.length) return Infinity;
    for (let i = 0; i < x.length; i++) {
      if (Number.isNaN(x[i]) || Number.isNaN(y[i])) { if (Number.isNaN(x[i]) !== Number.isNaN(y[i])) return Infinity; continue; }
      if (x[i] !== y[i]) worst = Math.max(worst, Math.abs(x[i] - y[i]) / Math.abs(y[i]));
    }
  }
  return JSON.stringify(a.summary) === JSON.stringify(b.summary) ? worst : Math.max(worst, Infinity);
}

function kmCase(name: string, size: string, input: () => PreparedBootstrap, replicates: number, seed: number): KmBenchCase {
  return {
    name,
    size,
    setup(k) {
      const prep = input();
      return {
        wasm: (): Out => {
          const r = bootstrapKm(k, prep, { replicates, seed, chunk: 100 });
          return { median: r.raw.median, rmean: r.raw.rmean, summary: r.groups };
        },
        js: (): Out => {
          const raw = bootstrapKmReference(prep, replicates, new Xoshiro128Ref(seed));
          return { median: raw.median, rmean: raw.rmean, summary: summarizeReplicates(prep, raw) };
        },
        check: (a, b) => diff(a as Out, b as Out),
      };
    },
  };
}

function myeloma(): PreparedBootstrap {
  const km = JSON.parse(readFileSync(new URL('../tests/fixtures/km.json', import.meta.url), 'utf8')) as { input: { time: number[]; status: number[] } }[];
  return prepareBootstrap([{ name: 'all', time: km[0].input.time, event: km[0].input.status }]);
}

function synthetic(n: number, seed: number): PreparedBootstrap {
  const rng = new Xoshiro128Ref(seed);
  const time = new Float64Array(n);
  const event = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const death = Math.ceil(-Math.log(1 - rng.nextUniform()) * 1000);
    const censor = Math.ceil(-Math.log(1 - rng.nextUniform()) * 2300);
    time[i] = Math.min(death, censor);
    event[i] = death <= censor ? 1 : 0;
  }
  return prepareBootstrap([{ name: 'all', time, event }]);
}

/** The KM bootstrap cases, in the order they should run. */
export function kmBenchCases(): KmBenchCase[] {
  return [
    kmCase('kmBootstrap', '2000 replicates x 3882 patients (survival::myeloma)', myeloma, 2000, 2024),
    kmCase('kmBootstrap', '200 replicates x 100000 synthetic patients', () => synthetic(100_000, 7), 200, 2024),
  ];
}
