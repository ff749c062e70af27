/**
 * Kernel benchmark: wasm (build/kernels.wasm through the Kernels façade) against the pure-TS
 * reference implementations (src/kernels/reference.ts) on the same inputs.
 *
 *   npm run bench            (= asbuild:release, then `tsx scripts/bench.ts`)
 *
 * Prints ONE JSON object on stdout (progress goes to stderr):
 *   { machine: {…}, kernels: {instantiate_ms, warmup_ms}, cases: [{ name, size, wasm_ms, js_ms,
 *     speedup, runs: {wasm, js}, max_rel_diff }] }
 * Times are medians over several runs after warm-up, in milliseconds (performance.now()).
 *
 * Adding a case (KM bootstrap, clustering, …): push a `BenchCase` in `registry` below. `setup`
 * builds inputs once (untimed) and returns the two closures to time plus an optional `check`
 * comparing their outputs (reported as max_rel_diff, which should be ~0).
 */
import { performance } from 'node:perf_hooks';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { loadKernelsModuleNode, kernelsWasmPath } from '../src/kernels/load-node.ts';
import { Kernels } from '../src/kernels/kernels.ts';
import { kmBenchCases } from './bench-km.ts';
import { arraysBenchCases } from './bench-arrays.ts';
import { clusterBenchCases } from './bench-cluster.ts';
import { browserBench } from './bench-browser.ts';
import {
  averageReplicatesRef, medianNormalizeRef, scaleNormalizeRef, Xoshiro128Ref,
} from '../src/kernels/reference.ts';

/** One benchmark: untimed setup, then two timed closures computing the same thing. */
interface BenchCase {
  /** Stable identifier, e.g. "medianNormalize". */
  name: string;
  /** Human-readable input size, e.g. "3180x12". */
  size: string;
  setup(k: Kernels): {
    wasm: () => unknown;
    /** The pure-TS baseline; omitted where none finishes at this size (js_ms: null). */
    js?: () => unknown;
    /** Largest relative difference between the two outputs (0 = identical). */
    check?: (wasmOut: unknown, jsOut: unknown) => number;
    /** Warm-up and minimum timed runs for slow cases (default WARMUP_RUNS, MIN_RUNS). */
    runs?: { warmup: number; min: number };
    /** Extra fields for the case's JSON (e.g. peak wasm memory), read after the timed runs. */
    report?: () => Record<string, unknown>;
  };
}

/** Per implementation and case: time budget after warm-up, and bounds on the number of runs. */
const BUDGET_MS = 1500;
const MIN_RUNS = 3;
const MAX_RUNS = 25;
const WARMUP_RUNS = 2;

// ── inputs ─────────────────────────────────────────────────────────────────────────────────

/** Standard normal draws from a seeded reference stream (Box–Muller). */
function normals(rng: Xoshiro128Ref, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i += 2) {
    const u1 = 1 - rng.nextUniform();
    const u2 = rng.nextUniform();
    const r = Math.sqrt(-2 * Math.log(u1));
    out[i] = r * Math.cos(2 * Math.PI * u2);
    if (i + 1 < n) out[i + 1] = r * Math.sin(2 * Math.PI * u2);
  }
  return out;
}

/**
 * Synthetic linear intensities, nProbes × nArrays column-major: log x_ij = probe level
 * N(5, 1.5²) + array effect N(0, 0.2²) + noise N(0, 0.3²), so some probes fall below 30.
 */
function syntheticIntensities(nProbes: number, nArrays: number, seed: number): Float64Array {
  const rng = new Xoshiro128Ref(seed);
  const probe = normals(rng, nProbes);
  const array = normals(rng, nArrays);
  const noise = normals(rng, nProbes * nArrays);
  const x = new Float64Array(nProbes * nArrays);
  for (let j = 0; j < nArrays; j++) {
    for (let i = 0; i < nProbes; i++) {
      x[j * nProbes + i] = Math.exp(5 + 1.5 * probe[i] + 0.2 * array[j] + 0.3 * noise[j * nProbes + i]);
    }
  }
  return x;
}

/** The real 3180 × 12 ALL matrix of the test fixture, back on the linear scale (2^log2). */
function fixtureIntensities(): Float64Array {
  const fx = JSON.parse(readFileSync(new URL('../tests/fixtures/microarray.json', import.meta.url), 'utf8')) as {
    log2_expression: number[][];
  };
  return Float64Array.from(fx.log2_expression.flat(), (v) => 2 ** v);
}

function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i], y = b[i];
    if (Number.isNaN(x) || Number.isNaN(y)) { if (Number.isNaN(x) !== Number.isNaN(y)) return Infinity; continue; }
    if (x === y) continue;
    worst = Math.max(worst, Math.abs(x - y) / Math.max(Math.abs(y), Number.MIN_VALUE));
  }
  return worst;
}

// ── registry ───────────────────────────────────────────────────────────────────────────────

const registry: BenchCase[] = [];

function medianNormCase(size: string, input: () => Float64Array, nProbes: number, nArrays: number): BenchCase {
  return {
    name: 'medianNormalize',
    size,
    setup(k) {
      const x = input();
      return {
        wasm: () => k.medianNormalize(x, nProbes, nArrays, 30).values,
        js: () => medianNormalizeRef(x, nProbes, nArrays, 30).values,
        check: (a, b) => maxRelDiff(a as Float64Array, b as Float64Array),
      };
    },
  };
}

function scaleNormCase(size: string, input: () => Float64Array, nRows: number, nArrays: number): BenchCase {
  return {
    name: 'scaleNormalize',
    size,
    setup(k) {
      const x = input().map(Math.log2);
      return {
        wasm: () => k.scaleNormalize(x, nRows, nArrays),
        js: () => scaleNormalizeRef(x, nRows, nArrays),
        check: (a, b) => maxRelDiff(a as Float64Array, b as Float64Array),
      };
    },
  };
}

registry.push(
  medianNormCase('3180x12 (ALL fixture)', fixtureIntensities, 3180, 12),
  medianNormCase('20000x100', () => syntheticIntensities(20_000, 100, 1), 20_000, 100),
  scaleNormCase('3180x12 (ALL fixture)', fixtureIntensities, 3180, 12),
  scaleNormCase('20000x100', () => syntheticIntensities(20_000, 100, 1), 20_000, 100),
  {
    name: 'averageReplicates',
    size: '12720 spots -> 3180 probes x 12 arrays',
    setup(k) {
      const nProbes = 3180, nArrays = 12, nSpots = 4 * nProbes;
      const rng = new Xoshiro128Ref(2);
      // 4 replicate spots per probe, spread over the slide in random order; 1% NaN spots
      const probe = Int32Array.from({ length: nSpots }, (_, s) => s % nProbes);
      for (let s = nSpots - 1; s > 0; s--) {
        const t = rng.nextBelow(s + 1);
        [probe[s], probe[t]] = [probe[t], probe[s]];
      }
      const x = syntheticIntensities(nSpots, nArrays, 3);
      for (let i = 0; i < x.length; i++) if (rng.nextUniform() < 0.01) x[i] = NaN;
      return {
        wasm: () => k.averageReplicates(x, nSpots, nArrays, probe, nProbes),
        js: () => averageReplicatesRef(x, nSpots, nArrays, probe, nProbes),
        check: (a, b) => maxRelDiff(a as Float64Array, b as Float64Array),
      };
    },
  },
  {
    name: 'rngUniform',
    size: '1e7 uniform f64 draws (xoshiro128**, 53-bit)',
    setup(k) {
      const n = 10_000_000;
      return {
        wasm: () => {
          const r = k.createRng(12345);
          try { return r.fillUniform(n); } finally { r.dispose(); }
        },
        js: () => {
          const r = new Xoshiro128Ref(12345);
          const out = new Float64Array(n);
          for (let i = 0; i < n; i++) out[i] = r.nextUniform();
          return out;
        },
        check: (a, b) => maxRelDiff(a as Float64Array, b as Float64Array),
      };
    },
  },
);

registry.push(...kmBenchCases());
registry.push(...arraysBenchCases());
registry.push(...clusterBenchCases());

// ── runner ─────────────────────────────────────────────────────────────────────────────────

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

/** Warm-up, then as many runs as fit in BUDGET_MS (within MIN_RUNS..MAX_RUNS); median ms. */
function time(fn: () => unknown, warmup = WARMUP_RUNS, minRuns = MIN_RUNS): { ms: number; runs: number; out: unknown } {
  let out: unknown;
  let t0 = performance.now();
  for (let i = 0; i < warmup; i++) out = fn();
  const est = warmup > 0 ? (performance.now() - t0) / warmup : Infinity;
  const runs = Math.max(minRuns, Math.min(MAX_RUNS, Math.floor(BUDGET_MS / Math.max(est, 1e-3))));
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    t0 = performance.now();
    out = fn();
    samples.push(performance.now() - t0);
  }
  return { ms: median(samples), runs, out };
}

async function main(): Promise<void> {
  const started = performance.now();
  let t0 = performance.now();
  const module = loadKernelsModuleNode('release');
  const k = Kernels.fromModule(module);
  const instantiateMs = performance.now() - t0;
  t0 = performance.now();
  k.warmUp();
  const warmupMs = performance.now() - t0;

  const cases = [];
  for (const c of registry) {
    process.stderr.write(`bench: ${c.name} ${c.size} … `);
    const { wasm, js, check, runs, report } = c.setup(k);
    const w = time(wasm, runs?.warmup, runs?.min);
    const j = js ? time(js, runs?.warmup, runs?.min) : null;
    cases.push({
      name: c.name,
      size: c.size,
      wasm_ms: round(w.ms),
      js_ms: j ? round(j.ms) : null,
      speedup: j ? round(j.ms / w.ms, 2) : null,
      runs: { wasm: w.runs, js: j ? j.runs : 0 },
      max_rel_diff: check && j ? check(w.out, j.out) : null,
      ...report?.(),
    });
    process.stderr.write(`wasm ${round(w.ms)} ms${j ? `, js ${round(j.ms)} ms` : ''}\n`);
  }

  const cpus = os.cpus();
  const result = {
    machine: {
      node: process.version,
      v8: process.versions.v8,
      cpu: cpus[0]?.model ?? 'unknown',
      cores: cpus.length,
      platform: `${os.platform()} ${os.release()} ${os.arch()}`,
      total_mem_gb: round(os.totalmem() / 2 ** 30, 1),
    },
    kernels: {
      wasm: kernelsWasmPath('release'),
      wasm_bytes: readFileSync(kernelsWasmPath('release')).byteLength,
      instantiate_ms: round(instantiateMs),
      warmup_ms: round(warmupMs),
      heap_bytes_after: k.heapBytes(),
    },
    method: `median of ${MIN_RUNS}..${MAX_RUNS} runs (budget ${BUDGET_MS} ms per implementation) after ${WARMUP_RUNS} warm-up runs; performance.now()`,
    cases,
    browser: await browserBench(),
    total_s: round((performance.now() - started) / 1000, 1),
  };
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
}

await main();
