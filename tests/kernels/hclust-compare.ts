import { expect } from 'vitest';

/** A dendrogram in R's convention: merge rows (negative = observation, positive = earlier row, 1-based) and heights. */
export interface Tree { merge: ArrayLike<number>; height: ArrayLike<number>; n: number }

/** merge as R's n−1 × 2 rows → the flat row-major layout of Hclust.merge. */
export function flatMerge(rows: readonly (readonly number[])[]): Int32Array {
  return Int32Array.from(rows.flat());
}

/** Observations (0-based, sorted) of the cluster formed at each merge row. */
function leafSets(t: Tree): number[][] {
  const sets: number[][] = [];
  for (let s = 0; s < t.n - 1; s++) {
    const part = (e: number) => (e < 0 ? [-e - 1] : sets[e - 1]);
    sets.push([...part(t.merge[2 * s]), ...part(t.merge[2 * s + 1])].sort((a, b) => a - b));
  }
  return sets;
}

/** The partition of the observations after the first `steps` merges, as sorted keys. */
function partition(t: Tree, sets: number[][], steps: number): string[] {
  const owner = Array.from({ length: t.n }, (_, i) => String(i));
  for (let s = 0; s < steps; s++) { const key = sets[s].join(','); for (const i of sets[s]) owner[i] = key; }
  return [...new Set(owner)].sort();
}

/**
 * Asserts two dendrograms agree up to ties: heights merge by merge within `tol` (relative to the
 * largest height), and the same partition of the observations after every block of merges at
 * tied heights. A block of one merge (no tie) pins that merge down exactly; when no heights tie at
 * all, the merge matrices must be identical entry for entry (R's convention, pair order included).
 * Returns the number of tie blocks (merges sharing a height).
 */
export function expectSameDendrogram(actual: Tree, expected: Tree, tol = 1e-9, what = ''): number {
  const n = expected.n;
  expect(actual.n, what).toBe(n);
  const scale = Math.max(...Array.from(expected.height, Math.abs), 1e-300);
  const badH: string[] = [];
  for (let s = 0; s < n - 1; s++) {
    if (!(Math.abs(actual.height[s] - expected.height[s]) <= tol * scale)) badH.push(`[${s}] ${actual.height[s]} vs ${expected.height[s]}`);
  }
  expect(badH.slice(0, 5), `${what}: heights differ at ${badH.length} merges`).toEqual([]);
  const sa = leafSets(actual);
  const se = leafSets(expected);
  let ties = 0;
  for (let s0 = 0; s0 < n - 1;) {
    let s1 = s0;
    while (s1 + 1 < n - 1 && Math.abs(expected.height[s1 + 1] - expected.height[s1]) <= tol * scale) s1++;
    if (s1 > s0) ties++;
    expect(partition(actual, sa, s1 + 1), `${what}: partition after merge ${s1 + 1} (tie block ${s0 + 1}..${s1 + 1})`).toEqual(partition(expected, se, s1 + 1));
    s0 = s1 + 1;
  }
  if (ties === 0) expect(Array.from(actual.merge), `${what}: merge matrix`).toEqual(Array.from(expected.merge));
  return ties;
}

/** Deterministic uniform [0, 1) stream (mulberry32), independent of the code under test. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** n × d row-major normal-ish data (sum of uniforms) with planted groups and a fraction of NaN. */
export function randomRows(n: number, d: number, seed: number, naFraction = 0): Float64Array {
  const r = rng(seed);
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const shift = (i % 3) * 1.5;
    for (let k = 0; k < d; k++) x[i * d + k] = shift + (r() + r() + r() - 1.5) + (k === i % d ? 2 : 0);
  }
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < d; k++) {
      // keep at least three present values per row so every distance stays defined
      if (k >= 3 && r() < naFraction) x[i * d + k] = NaN;
    }
  }
  return x;
}
