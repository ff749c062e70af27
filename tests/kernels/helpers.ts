import { readFileSync } from 'node:fs';
import { expect } from 'vitest';

/** tests/fixtures/microarray.json (R/limma on Bioconductor ALL; see tests/fixtures/PROVENANCE.md). */
export interface MicroarrayFixture {
  probes: string[];
  arrays: string[];
  log2_expression: number[][];
  scale_normalized: number[][];
  median_norm: { n_selected: number; factors: number[]; normalized: number[][] };
}

let cached: MicroarrayFixture | undefined;

export function microarray(): MicroarrayFixture {
  cached ??= JSON.parse(readFileSync(new URL('../fixtures/microarray.json', import.meta.url), 'utf8')) as MicroarrayFixture;
  return cached;
}

/** Concatenates per-array lists (R's lapply over columns) into one column-major Float64Array. */
export function columnMajor(columns: (number | null)[][]): Float64Array {
  const nRows = columns[0].length;
  const out = new Float64Array(nRows * columns.length);
  columns.forEach((col, j) => col.forEach((v, i) => { out[j * nRows + i] = v ?? NaN; }));
  return out;
}

/**
 * Asserts |a − e| <= tol·max(|e|, tiny) element-wise (NaN must match NaN); reports the count and
 * the first few offending indices rather than thousands of separate failures.
 */
export function expectRelClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-6): void {
  expect(actual.length).toBe(expected.length);
  const bad: string[] = [];
  let nBad = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const e = expected[i];
    const ok = Number.isNaN(e) ? Number.isNaN(a) : Math.abs(a - e) <= tol * Math.max(Math.abs(e), 1e-300);
    if (!ok) { nBad++; if (bad.length < 5) bad.push(`[${i}] got ${a}, want ${e}`); }
  }
  expect(nBad, `${nBad} of ${expected.length} values differ: ${bad.join('; ')}`).toBe(0);
}

/** Deterministic test data without touching the code under test: a tiny LCG-free mulberry32. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
