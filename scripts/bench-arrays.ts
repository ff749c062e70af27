/**
 * Arrays cases for scripts/bench.ts: GPR import of the six demo files, quantile normalisation and
 * limma's moderated t, each on the 3180 × 12 ALL fixture and on a 20 000 × 100 synthetic matrix,
 * the wasm kernels (src/kernels/arrays.ts) against the plain TypeScript references
 * (src/kernels/arrays-reference.ts). The moderated t runs the same eBayes + BH after either row
 * statistics, so the difference is the row-wise pass.
 */
import { readFileSync } from 'node:fs';
import type { Kernels } from '../src/kernels/kernels.ts';
import { averageReplicatesRef, Xoshiro128Ref } from '../src/kernels/reference.ts';
import { quantileNormalize, rowStatsTwoGroup, type RowStats } from '../src/kernels/arrays.ts';
import { quantileNormalizeRef, rowStatsTwoGroupRef } from '../src/kernels/arrays-reference.ts';
import { parseGpr } from '../src/formats/gpr.ts';
import { buildProbeMatrix } from '../src/formats/arrays-matrix.ts';
import { readOutArrays } from '../src/study/array-preprocess.ts';
import { eBayes, topTable } from '../src/stats/limma.ts';
import { generateDemo } from './demo/generate.ts';

/** Same shape as bench.ts's BenchCase. */
export interface ArraysBenchCase {
  name: string;
  size: string;
  setup(k: Kernels): { wasm: () => unknown; js: () => unknown; check?: (wasmOut: unknown, jsOut: unknown) => number };
}

function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i], y = b[i];
    if (Number.isNaN(x) || Number.isNaN(y)) { if (Number.isNaN(x) !== Number.isNaN(y)) return Infinity; continue; }
    if (x !== y) worst = Math.max(worst, Math.abs(x - y) / Math.max(Math.abs(y), Number.MIN_VALUE));
  }
  return worst;
}

/** log2 expression of the ALL fixture, 3180 × 12 column-major, and its B/T groups. */
function allFixture(): { x: Float64Array; group: number[] } {
  const fx = JSON.parse(readFileSync(new URL('../tests/fixtures/microarray.json', import.meta.url), 'utf8')) as { log2_expression: number[][]; group: string[] };
  return { x: Float64Array.from(fx.log2_expression.flat()), group: fx.group.map((g) => (g === 'B' ? 0 : 1)) };
}

/**
 * Synthetic log2 expression, nP × nA: probe level N(7, 2²) + noise N(0, 0.4²), a shift of 1 in the
 * second half of the arrays for 5 % of the probes, 1 % missing; two groups of nA/2 arrays.
 */
function synthetic(nP: number, nA: number, seed: number): { x: Float64Array; group: number[] } {
  const rng = new Xoshiro128Ref(seed);
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - rng.nextUniform())) * Math.cos(2 * Math.PI * rng.nextUniform());
  const level = Float64Array.from({ length: nP }, () => 7 + 2 * normal());
  const de = Uint8Array.from({ length: nP }, () => (rng.nextUniform() < 0.05 ? 1 : 0));
  const x = new Float64Array(nP * nA);
  for (let j = 0; j < nA; j++) {
    for (let i = 0; i < nP; i++) {
      x[j * nP + i] = rng.nextUniform() < 0.01 ? NaN : level[i] + 0.4 * normal() + (de[i] && j >= nA / 2 ? 1 : 0);
    }
  }
  return { x, group: Array.from({ length: nA }, (_, j) => (j < nA / 2 ? 0 : 1)) };
}

function quantileCase(size: string, input: () => { x: Float64Array }, nP: number, nA: number): ArraysBenchCase {
  return {
    name: 'quantileNormalize',
    size,
    setup(k) {
      const { x } = input();
      return {
        wasm: () => quantileNormalize(k, x, nP, nA),
        js: () => quantileNormalizeRef(x, nP, nA),
        check: (a, b) => maxRelDiff(a as Float64Array, b as Float64Array),
      };
    },
  };
}

function moderated(rs: RowStats): Float64Array {
  const fit = { coefficients: rs.diff, stdevUnscaled: rs.sdUnscaled, sigma2: rs.s2, dfResidual: rs.df, aMean: rs.aveExpr };
  const tt = topTable(fit, eBayes(fit));
  return tt.t;
}

function moderatedCase(size: string, input: () => { x: Float64Array; group: number[] }, nP: number, nA: number): ArraysBenchCase {
  return {
    name: 'moderatedT',
    size,
    setup(k) {
      const { x, group } = input();
      return {
        wasm: () => moderated(rowStatsTwoGroup(k, x, nP, nA, group)),
        js: () => moderated(rowStatsTwoGroupRef(x, nP, nA, group)),
        check: (a, b) => maxRelDiff(a as Float64Array, b as Float64Array),
      };
    },
  };
}

/** GPR import of the six demo files: parse, read channel 532 − median background, drop flagged, average replicates. */
function gprImportCase(): ArraysBenchCase {
  return {
    name: 'gprImport',
    size: '6 demo GPR files (13 824 spots each) -> 3180+ probes x 6',
    setup(k) {
      const demo = generateDemo();
      const files = [...demo.files].filter(([p]) => p.endsWith('.gpr')).map(([p, bytes]) => ({ name: p.split('/').pop()!, bytes }));
      const opts = { channel: 532, background: 'median' as const, dropFlagged: true };
      return {
        wasm: () => {
          const gprs = files.map((f) => parseGpr(f.bytes, f.name));
          return readOutArrays(gprs, k, { ...opts, averageReplicates: true }).columns;
        },
        js: () => {
          const gprs = files.map((f) => parseGpr(f.bytes, f.name));
          const m = buildProbeMatrix(gprs, opts);
          return m.spotValues.map((v, j) => averageReplicatesRef(v, v.length, 1, m.probeIndexPerFile[j], m.probes.length));
        },
        check: (a, b) => Math.max(...(a as Float64Array[]).map((c, j) => maxRelDiff(c, (b as Float64Array[])[j]))),
      };
    },
  };
}

/** Every arrays case, in the order they are printed. */
export function arraysBenchCases(): ArraysBenchCase[] {
  return [
    gprImportCase(),
    quantileCase('3180x12 (ALL fixture, log2)', allFixture, 3180, 12),
    quantileCase('20000x100 (synthetic, 1% NA)', () => synthetic(20_000, 100, 5), 20_000, 100),
    moderatedCase('3180x12 (ALL fixture, B vs T)', allFixture, 3180, 12),
    moderatedCase('20000x100 (synthetic, 50 vs 50, 1% NA)', () => synthetic(20_000, 100, 5), 20_000, 100),
  ];
}
