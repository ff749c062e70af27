/**
 * Typed view of the raw exports of build/kernels.wasm (assembly/index.ts, bindings "raw").
 *
 * Conventions of the raw ABI:
 * - A pointer (`Ptr`) is a byte offset into `memory`. It arrives in JS as a *signed* i32, so
 *   values above 2 GiB are negative: always normalise with `>>> 0` (ENGINEERING pitfall 5).
 * - A `u32` return also arrives signed: `>>> 0` it as well.
 * - Matrices are column-major f64: element (i, j) of an nRows × nCols matrix at
 *   `ptr + 8 * (j * nRows + i)`, exactly R's storage order.
 * - Kernels may allocate scratch (and so grow `memory`) during a call: re-read `memory.buffer`
 *   after every call (pitfall 4).
 *
 * Keep this file in sync with assembly/index.ts.
 */

/** Byte offset into the wasm linear memory (signed on the way out; `>>> 0` it). */
export type Ptr = number;

export interface KernelExports {
  /** The module's linear memory (grows, never shrinks). */
  readonly memory: WebAssembly.Memory;

  /** heap.alloc: `bytes` uninitialised bytes, 16-byte aligned; traps above ~1 GiB. */
  alloc(bytes: number): Ptr;
  /** heap.free of a pointer returned by `alloc`; traps on anything else. */
  free(ptr: Ptr): void;

  /** NaN-aware median of f64[n] at `ptr` (R `median(x, na.rm=TRUE)`); reorders the buffer. */
  medianInPlace(ptr: Ptr, n: number): number;
  /** Sorts f64[n] ascending, NaN last; returns the count of non-NaN values. */
  sortF64(ptr: Ptr, n: number): number;

  /**
   * limma::avereps: out (nProbes × nArrays) = per-probe NaN-ignoring means of the spots of x
   * (nSpots × nArrays) mapped by i32 probe[nSpots] (-1 = skip). Returns the number of mapped
   * spots, or -(s + 1) if probe[s] is out of range.
   */
  averageReplicates(x: Ptr, nSpots: number, nArrays: number, probe: Ptr, nProbes: number, out: Ptr): number;

  /**
   * Paper median normalisation on linear intensities; writes out (nProbes × nArrays) and
   * factors (f64[nArrays]); returns the number of probes >= threshold in every array (0 = none,
   * nothing written).
   */
  medianNormalize(x: Ptr, nProbes: number, nArrays: number, threshold: number, out: Ptr, factors: Ptr): number;

  /** limma normalizeBetweenArrays(method="scale"); factors receives the per-array divisors. */
  scaleNormalize(x: Ptr, nRows: number, nArrays: number, out: Ptr, factors: Ptr): void;

  /** Bytes of one xoshiro128** state (16). */
  rngStateBytes(): number;
  /** SplitMix64-seeds the state from the 64-bit seed hi·2^32 + lo. */
  rngSeed(state: Ptr, lo: number, hi: number): void;
  /** Sets the four raw u32 state words. */
  rngSetState(state: Ptr, s0: number, s1: number, s2: number, s3: number): void;
  /** Next raw u32 (signed on the way out: `>>> 0`). */
  rngNextU32(state: Ptr): number;
  /** Next uniform double in [0, 1), 53-bit. */
  rngNextUniform(state: Ptr): number;
  /** Next unbiased integer in [0, bound) (Lemire); 0 if bound == 0. Signed on the way out. */
  rngNextBounded(state: Ptr, bound: number): number;
  /** Fills u32[n] at out with raw outputs. */
  rngFillU32(state: Ptr, out: Ptr, n: number): void;
  /** Fills f64[n] at out with uniform doubles in [0, 1). */
  rngFillUniform(state: Ptr, out: Ptr, n: number): void;
  /** Fills u32[n] at out with unbiased integers in [0, bound); -1 if bound == 0. */
  rngFillBounded(state: Ptr, out: Ptr, n: number, bound: number): number;
  /** Advances the state by 2^64 steps (non-overlapping sub-streams). */
  rngJump(state: Ptr): void;
}

/** Names of the exported functions, used to validate an instance before wrapping it. */
export const KERNEL_FUNCTION_NAMES = [
  'alloc', 'free', 'medianInPlace', 'sortF64', 'averageReplicates', 'medianNormalize',
  'scaleNormalize', 'rngStateBytes', 'rngSeed', 'rngSetState', 'rngNextU32', 'rngNextUniform',
  'rngNextBounded', 'rngFillU32', 'rngFillUniform', 'rngFillBounded', 'rngJump',
] as const satisfies readonly (keyof KernelExports)[];
