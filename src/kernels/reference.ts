/**
 * Naive, obviously-correct TypeScript versions of the wasm kernels. They are the test oracle
 * for assembly/ and the pure-JS baseline of scripts/bench.ts — clarity over speed, no shared
 * code with the wasm path.
 *
 * Matrices are column-major Float64Arrays (R's storage order): element (i, j) of an
 * nRows × nCols matrix is m[j * nRows + i]. NaN plays R's NA.
 */

/** R `median(x, na.rm = TRUE)`: sort the non-NaN values, take the middle (mean of two if even). */
export function medianRef(values: ArrayLike<number>): number {
  const v = Array.from(values).filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  const n = v.length;
  if (n === 0) return NaN;
  const h = Math.floor(n / 2);
  return n % 2 === 1 ? v[h] : (v[h - 1] + v[h]) / 2;
}

/** Column j of a column-major matrix, as a copy. */
function column(m: Float64Array, nRows: number, j: number): Float64Array {
  return m.slice(j * nRows, (j + 1) * nRows);
}

/**
 * limma::avereps: per probe and array, the mean of its spots' non-NaN values; NaN when it has
 * none. probeIndex[s] in 0..nProbes-1, or -1 to skip spot s.
 */
export function averageReplicatesRef(
  values: Float64Array, nSpots: number, nArrays: number, probeIndex: Int32Array, nProbes: number,
): Float64Array {
  const out = new Float64Array(nProbes * nArrays);
  for (let j = 0; j < nArrays; j++) {
    const sum = new Array<number>(nProbes).fill(0);
    const count = new Array<number>(nProbes).fill(0);
    for (let s = 0; s < nSpots; s++) {
      const p = probeIndex[s];
      const v = values[j * nSpots + s];
      if (p >= 0 && !Number.isNaN(v)) { sum[p] += v; count[p] += 1; }
    }
    for (let p = 0; p < nProbes; p++) out[j * nProbes + p] = sum[p] / count[p];
  }
  return out;
}

/**
 * The paper's median normalisation on linear intensities (Methods: "miRNAs that intensities
 * >= 30 in all samples were chosen for calculating normalization factor"). R:
 * keep <- apply(raw >= 30, 1, all); f <- apply(raw[keep, ], 2, median);
 * sweep(raw, 2, f, "/") * mean(f). nSelected = 0 means no probe qualified (values then empty).
 */
export function medianNormalizeRef(
  values: Float64Array, nProbes: number, nArrays: number, threshold = 30,
): { values: Float64Array; factors: Float64Array; nSelected: number } {
  const keep: number[] = [];
  for (let i = 0; i < nProbes; i++) {
    let all = true;
    for (let j = 0; j < nArrays; j++) if (!(values[j * nProbes + i] >= threshold)) all = false;
    if (all) keep.push(i);
  }
  if (keep.length === 0) return { values: new Float64Array(0), factors: new Float64Array(0), nSelected: 0 };
  const factors = new Float64Array(nArrays);
  for (let j = 0; j < nArrays; j++) factors[j] = medianRef(keep.map((i) => values[j * nProbes + i]));
  const meanF = factors.reduce((a, b) => a + b, 0) / nArrays;
  const out = new Float64Array(nProbes * nArrays);
  for (let j = 0; j < nArrays; j++) {
    for (let i = 0; i < nProbes; i++) out[j * nProbes + i] = values[j * nProbes + i] / factors[j] * meanF;
  }
  return { values: out, factors, nSelected: keep.length };
}

/**
 * limma::normalizeBetweenArrays(x, method = "scale") = normalizeMedianValues:
 * cmed <- log(apply(x, 2, median, na.rm = TRUE)); cmed <- exp(cmed - mean(cmed)); t(t(x) / cmed).
 * One array: returned unchanged (as R).
 */
export function scaleNormalizeRef(values: Float64Array, nRows: number, nArrays: number): Float64Array {
  if (nArrays === 1) return values.slice();
  const logMed = Array.from({ length: nArrays }, (_, j) => Math.log(medianRef(column(values, nRows, j))));
  const meanLog = logMed.reduce((a, b) => a + b, 0) / nArrays;
  const out = new Float64Array(nRows * nArrays);
  for (let j = 0; j < nArrays; j++) {
    const c = Math.exp(logMed[j] - meanLog);
    for (let i = 0; i < nRows; i++) out[j * nRows + i] = values[j * nRows + i] / c;
  }
  return out;
}

const MASK64 = (1n << 64n) - 1n;

/** 32-bit rotate left. */
function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** SplitMix64 (Steele, Lea & Flood 2014) output for counter value x (64-bit, BigInt). */
export function splitmix64Ref(x: bigint): bigint {
  let z = x & MASK64;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return z ^ (z >> 31n);
}

/**
 * xoshiro128** 1.1 (Blackman & Vigna, prng.di.unimi.it/xoshiro128starstar.c), seeded by
 * SplitMix64: z1 = sm(seed + γ), z2 = sm(seed + 2γ), state = [lo(z1), hi(z1), lo(z2), hi(z2)].
 * The same definitions as assembly/prng.ts, written the plain way.
 */
export class Xoshiro128Ref {
  /** The four 32-bit state words. */
  readonly s = new Uint32Array(4);

  /** Seeds from a 64-bit seed (number < 2^53 or bigint < 2^64). */
  constructor(seed: number | bigint = 0) {
    const x = BigInt(seed) & MASK64;
    const gamma = 0x9e3779b97f4a7c15n;
    const z1 = splitmix64Ref(x + gamma);
    const z2 = splitmix64Ref(x + 2n * gamma);
    this.s[0] = Number(z1 & 0xffffffffn);
    this.s[1] = Number(z1 >> 32n);
    this.s[2] = Number(z2 & 0xffffffffn);
    this.s[3] = Number(z2 >> 32n);
  }

  /** A generator with the given raw state words. */
  static fromState(state: ArrayLike<number>): Xoshiro128Ref {
    const r = new Xoshiro128Ref(0);
    for (let i = 0; i < 4; i++) r.s[i] = state[i] >>> 0;
    return r;
  }

  /** Next raw 32-bit output. */
  nextU32(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1], 5) >>> 0, 7), 9) >>> 0;
    const t = (s[1] << 9) >>> 0;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }

  /** Uniform double in [0, 1): (a·2^26 + b) / 2^53 with a = next>>>5, b = next>>>6. */
  nextUniform(): number {
    const a = this.nextU32() >>> 5;
    const b = this.nextU32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** Unbiased integer in [0, bound), Lemire's multiply-and-reject, computed with BigInt. */
  nextBelow(bound: number): number {
    const B = BigInt(bound >>> 0);
    if (B === 0n) return 0;
    const threshold = (1n << 32n) % B;
    for (;;) {
      const m = BigInt(this.nextU32()) * B;
      if ((m & 0xffffffffn) >= threshold) return Number(m >> 32n);
    }
  }

  /** Advances by 2^64 steps (the reference jump polynomial of xoshiro128**). */
  jump(): void {
    const JUMP = [0x8764000b, 0xf542d2d3, 0x6fa035c3, 0x77f2db5b];
    const acc = new Uint32Array(4);
    for (const word of JUMP) {
      for (let b = 0; b < 32; b++) {
        if ((word >>> b) & 1) for (let i = 0; i < 4; i++) acc[i] ^= this.s[i];
        this.nextU32();
      }
    }
    this.s.set(acc);
  }
}
