/**
 * Synchronous façade over the AssemblyScript kernels (build/kernels.wasm): plain typed arrays in,
 * plain typed arrays out. Usable from Node tests, the CLI and inside a Web Worker (the async
 * comlink layer lives in src/worker/ and wraps this class).
 *
 * Matrix layout everywhere: ONE Float64Array, column-major (R's order). For an nRows × nCols
 * matrix, column j is `m.subarray(j * nRows, (j + 1) * nRows)` and element (i, j) is
 * `m[j * nRows + i]`. For arrays data: rows = probes (or spots), columns = arrays.
 *
 * Memory discipline for every call (ENGINEERING pitfalls 3–5):
 *   1. `alloc` every input/output buffer first (allocation may grow memory and detach views);
 *   2. only then create views on `memory.buffer` and copy the inputs in;
 *   3. call the kernel (it may allocate scratch → views are stale afterwards);
 *   4. re-create views and copy results out with `.slice()`;
 *   5. `free` everything (also on error).
 * Pointers are normalised with `>>> 0` (pitfall 5).
 */

import { KERNEL_FUNCTION_NAMES, type KernelExports, type Ptr } from './wasm-exports.ts';

/** wasm32's TLSF allocator refuses single blocks above ~1 GiB (ENGINEERING pitfall 6). */
const MAX_ALLOC_BYTES = 2 ** 30 - 64;
/** Values produced per wasm call by the Rng fill methods (bounded scratch, no memory blow-up). */
const RNG_CHUNK = 1 << 16;

/** A kernel trapped (wasm RuntimeError) or was called with invalid arguments. */
export class KernelError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KernelError';
  }
}

/** Result of {@link Kernels.medianNormalize}. */
export interface MedianNormalizeResult {
  /** Normalised linear intensities, nProbes × nArrays column-major. */
  values: Float64Array;
  /** Per-array factor m_j = median of the selected probes in array j (length nArrays). */
  factors: Float64Array;
  /** Number of probes >= threshold in every array (the probes that defined the factors). */
  nSelected: number;
}

function assertDim(name: string, v: number): void {
  if (!Number.isInteger(v) || v < 0 || v > 0x7fffffff) {
    throw new KernelError(`${name} must be a non-negative integer (got ${v})`);
  }
}

function assertLength(what: string, actual: number, expected: number, detail: string): void {
  if (actual !== expected) {
    throw new KernelError(`${what} has length ${actual} but ${detail} = ${expected}`);
  }
}

export class Kernels {
  /** The raw exports. Advanced use only: follow the discipline described at the top of this file. */
  readonly raw: KernelExports;
  private brokenBy: string | null = null;

  private constructor(raw: KernelExports) {
    this.raw = raw;
  }

  /** Instantiates a compiled kernels module synchronously (`new WebAssembly.Instance(m, {})`). */
  static fromModule(module: WebAssembly.Module): Kernels {
    return Kernels.fromInstance(new WebAssembly.Instance(module, {}));
  }

  /**
   * Compiles and instantiates wasm bytes synchronously. Fine in Node and in workers; browsers
   * refuse synchronous compilation of large modules on the main thread.
   */
  static fromBytes(bytes: BufferSource): Kernels {
    return Kernels.fromModule(new WebAssembly.Module(bytes));
  }

  /** Wraps an instance created elsewhere (e.g. `await WebAssembly.instantiate(module, {})`). */
  static fromInstance(instance: WebAssembly.Instance): Kernels {
    const ex = instance.exports as Record<string, unknown>;
    const missing: string[] = KERNEL_FUNCTION_NAMES.filter((n) => typeof ex[n] !== 'function');
    if (!(ex.memory instanceof WebAssembly.Memory)) missing.push('memory');
    if (missing.length > 0) {
      throw new KernelError(`not a kernels module (missing exports: ${missing.join(', ')}); rebuild with \`npm run asbuild\``);
    }
    return new Kernels(ex as unknown as KernelExports);
  }

  /** Current size of the wasm linear memory in bytes (grows, never shrinks; for leak tests). */
  heapBytes(): number {
    return this.raw.memory.buffer.byteLength;
  }

  /** True after a trap: the allocator may be inconsistent, so this instance refuses further calls. */
  get broken(): boolean {
    return this.brokenBy !== null;
  }

  /**
   * Runs every kernel a few times on small inputs so V8 tiers the wasm up from its baseline
   * compiler before real work (ENGINEERING pitfall 9). Results are discarded.
   */
  warmUp(): void {
    const nRows = 512;
    const nCols = 4;
    const rng = this.createRng(0x5eed);
    try {
      for (let rep = 0; rep < 8; rep++) {
        const u = rng.fillUniform(nRows * nCols);
        const x = u.map((v) => 20 + 200 * v);
        this.medianNormalize(x, nRows, nCols, 30);
        this.scaleNormalize(x, nRows, nCols);
        const probe = Int32Array.from({ length: nRows }, (_, s) => (s % 5 === 4 ? -1 : s >> 1));
        this.averageReplicates(x, nRows, nCols, probe, nRows >> 1);
        rng.fillIndices(1024, 1000);
        rng.nextU32();
        rng.nextUniform();
      }
    } finally {
      rng.dispose();
    }
  }

  // ── arrays ────────────────────────────────────────────────────────────────────────────────

  /**
   * Replicate-spot averaging as limma::avereps: per probe and array, the mean of the values of
   * the spots mapped to that probe, NaN (R's NA) ignored; NaN if the probe has no non-NaN spot.
   * `values`: nSpots × nArrays column-major; `probeIndex[s]`: 0..nProbes-1, or -1 to drop spot s.
   * Returns nProbes × nArrays column-major.
   */
  averageReplicates(
    values: Float64Array, nSpots: number, nArrays: number, probeIndex: Int32Array, nProbes: number,
  ): Float64Array {
    assertDim('nSpots', nSpots);
    assertDim('nArrays', nArrays);
    assertDim('nProbes', nProbes);
    assertLength('values', values.length, nSpots * nArrays, 'nSpots × nArrays');
    assertLength('probeIndex', probeIndex.length, nSpots, 'nSpots');
    return this.call('averageReplicates', [values.byteLength, probeIndex.byteLength, nProbes * nArrays * 8], ([x, p, out]) => {
      this.f64(x, values.length).set(values);
      new Int32Array(this.raw.memory.buffer, p, probeIndex.length).set(probeIndex);
      const r = this.raw.averageReplicates(x, nSpots, nArrays, p, nProbes, out);
      if (r < 0) {
        const s = -r - 1;
        throw new KernelError(`probeIndex[${s}] = ${probeIndex[s]} is outside -1..${nProbes - 1} (nProbes = ${nProbes})`);
      }
      return this.f64(out, nProbes * nArrays).slice();
    });
  }

  /**
   * The paper's median normalisation (Methods: "miRNAs that intensities >= 30 in all samples
   * were chosen for calculating normalization factor"), on LINEAR intensities: probes with
   * value >= threshold in every array (NaN anywhere excludes a probe) define each array's factor
   * m_j = median over those probes; x'ij = x_ij / m_j · mean(m).
   * R: keep <- apply(raw >= 30, 1, all); f <- apply(raw[keep, ], 2, median); sweep(raw, 2, f, "/") * mean(f).
   * Throws a KernelError when no probe passes the threshold.
   */
  medianNormalize(values: Float64Array, nProbes: number, nArrays: number, threshold = 30): MedianNormalizeResult {
    assertDim('nProbes', nProbes);
    assertDim('nArrays', nArrays);
    assertLength('values', values.length, nProbes * nArrays, 'nProbes × nArrays');
    if (nArrays === 0) throw new KernelError('median normalisation needs at least one array (nArrays = 0)');
    if (Number.isNaN(threshold)) throw new KernelError('threshold must be a number (got NaN)');
    const bytes = values.byteLength;
    return this.call('medianNormalize', [bytes, bytes, nArrays * 8], ([x, out, f]) => {
      this.f64(x, values.length).set(values);
      const nSelected = this.raw.medianNormalize(x, nProbes, nArrays, threshold, out, f);
      if (nSelected <= 0) {
        throw new KernelError(
          `median normalisation: no probe is >= ${threshold} in all ${nArrays} arrays, so no normalisation factor can be computed ` +
          `(are the intensities linear, not log2? is the threshold too high?)`,
        );
      }
      return {
        values: this.f64(out, values.length).slice(),
        factors: this.f64(f, nArrays).slice(),
        nSelected,
      };
    });
  }

  /**
   * limma::normalizeBetweenArrays(x, method = "scale") for a matrix (limma's
   * normalizeMedianValues, meant for log-expression values): each array is divided by
   * exp(log(median_j) − mean_k log(median_k)), medians ignoring NaN. One array: returned unchanged.
   * `values`: nRows × nArrays column-major; returns the same shape.
   */
  scaleNormalize(values: Float64Array, nRows: number, nArrays: number): Float64Array {
    return this.scaleNormalizeWithFactors(values, nRows, nArrays).values;
  }

  /** As {@link scaleNormalize}, also returning the per-array divisors exp(cmed − mean(cmed)). */
  scaleNormalizeWithFactors(values: Float64Array, nRows: number, nArrays: number): { values: Float64Array; factors: Float64Array } {
    assertDim('nRows', nRows);
    assertDim('nArrays', nArrays);
    assertLength('values', values.length, nRows * nArrays, 'nRows × nArrays');
    if (nArrays === 0) return { values: new Float64Array(0), factors: new Float64Array(0) };
    const bytes = values.byteLength;
    return this.call('scaleNormalize', [bytes, bytes, nArrays * 8], ([x, out, f]) => {
      this.f64(x, values.length).set(values);
      this.raw.scaleNormalize(x, nRows, nArrays, out, f);
      return { values: this.f64(out, values.length).slice(), factors: this.f64(f, nArrays).slice() };
    });
  }

  /** R `median(x, na.rm = TRUE)` of a vector (NaN if no non-NaN value). Input is not modified. */
  median(values: Float64Array): number {
    return this.call('medianInPlace', [values.byteLength], ([x]) => {
      this.f64(x, values.length).set(values);
      return this.raw.medianInPlace(x, values.length);
    });
  }

  /** Ascending sort with NaN last (R `sort(x, na.last = TRUE)`); returns a new array. */
  sort(values: Float64Array): Float64Array {
    return this.call('sortF64', [values.byteLength], ([x]) => {
      this.f64(x, values.length).set(values);
      this.raw.sortF64(x, values.length);
      return this.f64(x, values.length).slice();
    });
  }

  // ── random numbers ────────────────────────────────────────────────────────────────────────

  /**
   * A new xoshiro128** stream seeded by SplitMix64 from `seed` (an integer 0 ≤ seed < 2^53, or
   * a bigint < 2^64). Same seed → same stream, on every platform. Call `dispose()` when done.
   */
  createRng(seed: number | bigint): Rng {
    let big: bigint;
    if (typeof seed === 'bigint') {
      big = seed;
    } else {
      if (!Number.isSafeInteger(seed) || seed < 0) throw new KernelError(`seed must be an integer in 0..2^53-1 (got ${seed})`);
      big = BigInt(seed);
    }
    if (big < 0n || big >= 1n << 64n) throw new KernelError(`seed must be in 0..2^64-1 (got ${big})`);
    const lo = Number(big & 0xffffffffn);
    const hi = Number(big >> 32n);
    const rng = this.newRng();
    this.guard('rngSeed', () => this.raw.rngSeed(rng.statePtr, lo, hi));
    return rng;
  }

  /** A stream restarted from four raw state words (e.g. saved with {@link Rng.state}); not all zero. */
  createRngFromState(state: ArrayLike<number>): Rng {
    if (state.length !== 4) throw new KernelError(`an xoshiro128** state has 4 words (got ${state.length})`);
    const w = Array.from(state, (v) => v >>> 0);
    if (w.every((v) => v === 0)) throw new KernelError('an all-zero xoshiro128** state is invalid');
    const rng = this.newRng();
    this.guard('rngSetState', () => this.raw.rngSetState(rng.statePtr, w[0], w[1], w[2], w[3]));
    return rng;
  }

  private newRng(): Rng {
    const bytes = this.guard('rngStateBytes', () => this.raw.rngStateBytes());
    return new Rng(this, this.alloc(bytes));
  }

  // ── plumbing ──────────────────────────────────────────────────────────────────────────────

  /** @internal A fresh f64 view (never cache it across a call that may allocate). */
  f64(ptr: Ptr, n: number): Float64Array {
    return new Float64Array(this.raw.memory.buffer, ptr, n);
  }

  /** @internal Allocates `bytes` (at least 8) and returns the normalised pointer. */
  alloc(bytes: number): Ptr {
    if (bytes > MAX_ALLOC_BYTES) {
      throw new KernelError(
        `cannot allocate ${bytes} bytes in one wasm block (limit ~1 GiB, ENGINEERING pitfall 6); split the input`,
      );
    }
    return this.guard('alloc', () => this.raw.alloc(Math.max(8, bytes)) >>> 0);
  }

  /** @internal Frees a pointer from {@link alloc}; a no-op once the instance is broken. */
  free(ptr: Ptr): void {
    if (this.brokenBy === null) this.guard('free', () => this.raw.free(ptr));
  }

  /**
   * @internal Runs `fn`, turning a wasm trap into a KernelError and marking the instance
   * broken (a trap can leave the allocator mid-update).
   */
  guard<T>(kernel: string, fn: () => T): T {
    if (this.brokenBy !== null) {
      throw new KernelError(`kernels instance unusable: an earlier call to ${this.brokenBy} trapped; create a new Kernels`);
    }
    try {
      return fn();
    } catch (e) {
      if (e instanceof WebAssembly.RuntimeError) {
        this.brokenBy = kernel;
        throw new KernelError(`wasm kernel ${kernel} trapped: ${e.message}`, { cause: e });
      }
      throw e;
    }
  }

  /**
   * @internal Allocates all buffers, runs `fn` with their pointers under {@link guard}, frees
   * them. Domain façades (src/kernels/<domain>.ts) build on this: allocate first, then views.
   */
  call<T>(kernel: string, byteSizes: number[], fn: (ptrs: Ptr[]) => T): T {
    const ptrs: Ptr[] = [];
    try {
      for (const b of byteSizes) ptrs.push(this.alloc(b));
      return this.guard(kernel, () => fn(ptrs));
    } finally {
      for (let i = ptrs.length - 1; i >= 0; i--) this.free(ptrs[i]);
    }
  }
}

/**
 * One xoshiro128** stream whose 16-byte state lives in the kernels' memory (so several streams
 * coexist, and a KM bootstrap in wasm can draw from it directly via {@link statePtr}).
 */
export class Rng {
  private disposed = false;

  /** @internal Use {@link Kernels.createRng}. */
  constructor(private readonly k: Kernels, readonly statePtr: Ptr) {}

  private check(): void {
    if (this.disposed) throw new KernelError('this Rng has been disposed');
  }

  /** Next raw 32-bit output (0 ≤ x < 2^32). */
  nextU32(): number {
    this.check();
    return this.k.guard('rngNextU32', () => this.k.raw.rngNextU32(this.statePtr) >>> 0);
  }

  /** Next uniform double in [0, 1) with 53 random bits (consumes two outputs). */
  nextUniform(): number {
    this.check();
    return this.k.guard('rngNextUniform', () => this.k.raw.rngNextUniform(this.statePtr));
  }

  /** Next unbiased integer in [0, bound) by Lemire's method (1 ≤ bound ≤ 2^32 − 1). */
  nextBelow(bound: number): number {
    this.check();
    checkBound(bound);
    return this.k.guard('rngNextBounded', () => this.k.raw.rngNextBounded(this.statePtr, bound) >>> 0);
  }

  /** n raw 32-bit outputs. */
  fillU32(n: number): Uint32Array {
    const out = new Uint32Array(n);
    this.fill('rngFillU32', n, 4, (p, m) => {
      this.k.raw.rngFillU32(this.statePtr, p, m);
      return new Uint32Array(this.k.raw.memory.buffer, p, m);
    }, out);
    return out;
  }

  /** n uniform doubles in [0, 1), 53-bit (the stream nextUniform() would give). */
  fillUniform(n: number): Float64Array {
    const out = new Float64Array(n);
    this.fill('rngFillUniform', n, 8, (p, m) => {
      this.k.raw.rngFillUniform(this.statePtr, p, m);
      return new Float64Array(this.k.raw.memory.buffer, p, m);
    }, out);
    return out;
  }

  /**
   * n unbiased integers in [0, bound) (Lemire), e.g. subject indices for a bootstrap resample
   * with replacement (R's `sample.int(bound, n, replace = TRUE)`, though not R's stream).
   */
  fillIndices(n: number, bound: number): Uint32Array {
    checkBound(bound);
    const out = new Uint32Array(n);
    this.fill('rngFillBounded', n, 4, (p, m) => {
      this.k.raw.rngFillBounded(this.statePtr, p, m, bound);
      return new Uint32Array(this.k.raw.memory.buffer, p, m);
    }, out);
    return out;
  }

  /** Advances this stream by 2^64 draws: jump k times on copies of one state → k disjoint streams. */
  jump(): void {
    this.check();
    this.k.guard('rngJump', () => this.k.raw.rngJump(this.statePtr));
  }

  /** A copy of the four state words (restore with {@link Kernels.createRngFromState}). */
  state(): Uint32Array {
    this.check();
    return new Uint32Array(this.k.raw.memory.buffer, this.statePtr, 4).slice();
  }

  /** Frees the state; further calls throw. Idempotent. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.k.free(this.statePtr);
  }

  /** Fills `out` in chunks through one scratch block so wasm memory stays small. */
  private fill(kernel: string, n: number, bytesPer: number, step: (p: Ptr, m: number) => ArrayLike<number>, out: { set(a: ArrayLike<number>, o: number): void }): void {
    this.check();
    assertDim('n', n);
    if (n === 0) return;
    const chunk = Math.min(n, RNG_CHUNK);
    const p = this.k.alloc(chunk * bytesPer);
    try {
      this.k.guard(kernel, () => {
        for (let off = 0; off < n; off += chunk) {
          const m = Math.min(chunk, n - off);
          out.set(step(p, m), off);
        }
      });
    } finally {
      this.k.free(p);
    }
  }
}

function checkBound(bound: number): void {
  if (!Number.isInteger(bound) || bound < 1 || bound > 0xffffffff) {
    throw new KernelError(`bound must be an integer in 1..2^32-1 (got ${bound})`);
  }
}
