// Seeded pseudo-random numbers: xoshiro128** 1.1 (Blackman & Vigna), seeded with SplitMix64.
//
// A generator's whole state lives in 16 bytes of linear memory that the host allocates
// (`alloc(rngStateBytes())`), so any number of independent streams can coexist:
//
//   state ─► [ s0:u32 | s1:u32 | s2:u32 | s3:u32 ]      (little-endian, 4-byte aligned)
//              +0       +4       +8       +12
//
// Seeding (rngSeed): a 64-bit seed x = hi·2^32 + lo feeds SplitMix64; its first output z1 gives
// s0 = low32(z1), s1 = high32(z1), the second z2 gives s2 = low32(z2), s3 = high32(z2).
// SplitMix64 is a bijection of its counter, so z1 != z2 and the state is never all zero.
//
// Derived draws:
//   uniform f64 in [0,1), 53-bit: a = next >>> 5 (27 bits), b = next >>> 6 (26 bits),
//     u = (a·2^26 + b) / 2^53 — two outputs per double (as MT19937's genrand_res53); every
//     value is a multiple of 2^-53 and 1.0 is never returned.
//   integer in [0, bound): Lemire's multiply-and-reject ("Fast random integer generation in an
//     interval", 2019) — unbiased, no modulo bias, usually one output per draw.
// No Math.random anywhere (it would import env.seed).

// @ts-ignore: decorator
@inline const RNG_STATE_BYTES: i32 = 16;

/** Bytes of linear memory one generator state occupies (16). */
export function rngStateBytes(): i32 {
  return RNG_STATE_BYTES;
}

// @ts-ignore: decorator
@inline function splitmix64(x: u64): u64 {
  let z = x;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
  z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
  return z ^ (z >> 31);
}

/** Seeds the state at `state` from the 64-bit seed hi·2^32 + lo via SplitMix64 (see header). */
export function rngSeed(state: usize, lo: u32, hi: u32): void {
  const x: u64 = (<u64>hi << 32) | <u64>lo;
  const z1 = splitmix64(x + 0x9e3779b97f4a7c15);
  const z2 = splitmix64(x + 0x9e3779b97f4a7c15 * 2);
  store<u32>(state, <u32>z1);
  store<u32>(state, <u32>(z1 >> 32), 4);
  store<u32>(state, <u32>z2, 8);
  store<u32>(state, <u32>(z2 >> 32), 12);
}

/** Sets the raw state words (for known-answer tests and for restoring a saved stream). */
export function rngSetState(state: usize, s0: u32, s1: u32, s2: u32, s3: u32): void {
  store<u32>(state, s0);
  store<u32>(state, s1, 4);
  store<u32>(state, s2, 8);
  store<u32>(state, s3, 12);
}

// Working registers of the generator for the single-draw exports and rngJump: they load a state
// from memory into these, step, and store it back, so a state pointer is all a stream is. The
// fill loops below inline the same step on locals instead (faster in V8 than wasm globals);
// tests/kernels/prng.test.ts checks both paths against src/kernels/reference.ts.
let S0: u32 = 0;
let S1: u32 = 0;
let S2: u32 = 0;
let S3: u32 = 0;

// @ts-ignore: decorator
@inline function loadState(state: usize): void {
  S0 = load<u32>(state); S1 = load<u32>(state, 4); S2 = load<u32>(state, 8); S3 = load<u32>(state, 12);
}

// @ts-ignore: decorator
@inline function storeState(state: usize): void {
  store<u32>(state, S0); store<u32>(state, S1, 4); store<u32>(state, S2, 8); store<u32>(state, S3, 12);
}

/** One xoshiro128** step on S0..S3; returns the output word. */
// @ts-ignore: decorator
@inline function step(): u32 {
  const result = rotl<u32>(S1 * 5, 7) * 9;
  const t = S1 << 9;
  S2 ^= S0;
  S3 ^= S1;
  S1 ^= S2;
  S0 ^= S3;
  S2 ^= t;
  S3 = rotl<u32>(S3, 11);
  return result;
}

// @ts-ignore: decorator
@inline function uniform53(): f64 {
  const a = step() >>> 5;
  const b = step() >>> 6;
  return (<f64>a * 67108864.0 + <f64>b) * (1.0 / 9007199254740992.0);
}

// @ts-ignore: decorator
@inline function bounded(bound: u32): u32 {
  let m: u64 = <u64>step() * <u64>bound;
  let l = <u32>m;
  if (l < bound) {
    const t: u32 = (<u32>0 - bound) % bound; // 2^32 mod bound
    while (l < t) {
      m = <u64>step() * <u64>bound;
      l = <u32>m;
    }
  }
  return <u32>(m >> 32);
}

/** Next raw 32-bit output of the stream at `state`. */
export function rngNextU32(state: usize): u32 {
  loadState(state);
  const r = step();
  storeState(state);
  return r;
}

/** Next uniform double in [0, 1) (53-bit, two outputs). */
export function rngNextUniform(state: usize): f64 {
  loadState(state);
  const r = uniform53();
  storeState(state);
  return r;
}

/** Next unbiased integer in [0, bound); returns 0 (and consumes nothing) when bound == 0. */
export function rngNextBounded(state: usize, bound: u32): u32 {
  if (bound == 0) return 0;
  loadState(state);
  const r = bounded(bound);
  storeState(state);
  return r;
}

/** Writes n raw u32 outputs to out[0..n). */
export function rngFillU32(state: usize, out: usize, n: i32): void {
  // hot loop: the state stays in locals (wasm globals are slower to read and write)
  let s0 = load<u32>(state), s1 = load<u32>(state, 4), s2 = load<u32>(state, 8), s3 = load<u32>(state, 12);
  const end = out + (<usize>n << 2);
  for (let p = out; p < end; p += 4) {
    store<u32>(p, rotl<u32>(s1 * 5, 7) * 9);
    const t = s1 << 9;
    s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl<u32>(s3, 11);
  }
  store<u32>(state, s0); store<u32>(state, s1, 4); store<u32>(state, s2, 8); store<u32>(state, s3, 12);
}

/** Writes n uniform doubles in [0, 1) (53-bit) to out[0..n) (f64). */
export function rngFillUniform(state: usize, out: usize, n: i32): void {
  // hot loop: the state stays in locals (wasm globals are slower to read and write)
  let s0 = load<u32>(state), s1 = load<u32>(state, 4), s2 = load<u32>(state, 8), s3 = load<u32>(state, 12);
  const end = out + (<usize>n << 3);
  for (let p = out; p < end; p += 8) {
    const a = rotl<u32>(s1 * 5, 7) * 9;
    let t = s1 << 9;
    s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl<u32>(s3, 11);
    const b = rotl<u32>(s1 * 5, 7) * 9;
    t = s1 << 9;
    s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl<u32>(s3, 11);
    store<f64>(p, (<f64>(a >>> 5) * 67108864.0 + <f64>(b >>> 6)) * (1.0 / 9007199254740992.0));
  }
  store<u32>(state, s0); store<u32>(state, s1, 4); store<u32>(state, s2, 8); store<u32>(state, s3, 12);
}

/** Writes n unbiased integers in [0, bound) to out[0..n) (u32); returns -1 if bound == 0. */
export function rngFillBounded(state: usize, out: usize, n: i32, bound: u32): i32 {
  if (bound == 0) return -1;
  // accept x·bound unless its low word is < 2^32 mod bound (same draws as `bounded`)
  const threshold: u32 = (<u32>0 - bound) % bound;
  let s0 = load<u32>(state), s1 = load<u32>(state, 4), s2 = load<u32>(state, 8), s3 = load<u32>(state, 12);
  const end = out + (<usize>n << 2);
  for (let p = out; p < end; p += 4) {
    let m: u64;
    do {
      const x = rotl<u32>(s1 * 5, 7) * 9;
      const t = s1 << 9;
      s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl<u32>(s3, 11);
      m = <u64>x * <u64>bound;
    } while (<u32>m < threshold);
    store<u32>(p, <u32>(m >> 32));
  }
  store<u32>(state, s0); store<u32>(state, s1, 4); store<u32>(state, s2, 8); store<u32>(state, s3, 12);
  return 0;
}

/**
 * Advances the stream by 2^64 steps (xoshiro128** jump polynomial): calling it k times on
 * copies of one seeded state gives non-overlapping sub-streams for parallel bootstrap workers.
 */
export function rngJump(state: usize): void {
  loadState(state);
  let j0: u32 = 0, j1: u32 = 0, j2: u32 = 0, j3: u32 = 0;
  for (let w = 0; w < 4; w++) {
    const word: u32 = w == 0 ? 0x8764000b : w == 1 ? 0xf542d2d3 : w == 2 ? 0x6fa035c3 : 0x77f2db5b;
    for (let b = 0; b < 32; b++) {
      if (word & (<u32>1 << b)) { j0 ^= S0; j1 ^= S1; j2 ^= S2; j3 ^= S3; }
      step();
    }
  }
  S0 = j0; S1 = j1; S2 = j2; S3 = j3;
  storeState(state);
}
