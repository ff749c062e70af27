// Host-managed buffers.
//
// The host (src/kernels/kernels.ts) owns every buffer: it calls `alloc` for each input, output
// and scratch region *before* creating any view on `memory.buffer`, copies data in, calls a
// kernel with the pointers, copies results out with `.slice()`, then calls `free`.
// (ENGINEERING pitfalls 3-5: `alloc` may grow memory, which detaches existing views.)
//
// Blocks come from the TLSF allocator of the `minimal` runtime and are 16-byte aligned, so an
// f64 / v128 buffer never straddles an alignment boundary at its start.
//
//   memory: [ data/static | stack | TLSF root | block hdr | user bytes ... | block hdr | ... ]
//                                                           ^ ptr returned by alloc (16-aligned)

/** Allocates `bytes` bytes (uninitialised) and returns the pointer; traps if over ~1 GiB. */
export function alloc(bytes: usize): usize {
  return heap.alloc(bytes);
}

/** Frees a block returned by `alloc`. Freeing anything else traps (assertion in TLSF). */
export function free(ptr: usize): void {
  heap.free(ptr);
}

/** Loads element `i` of an f64 buffer at `base`. */
// @ts-ignore: decorator
@inline export function ldf(base: usize, i: i32): f64 {
  return load<f64>(base + (<usize>i << 3));
}

/** Stores `v` into element `i` of an f64 buffer at `base`. */
// @ts-ignore: decorator
@inline export function stf(base: usize, i: i32, v: f64): void {
  store<f64>(base + (<usize>i << 3), v);
}

/** Loads element `i` of an i32 buffer at `base`. */
// @ts-ignore: decorator
@inline export function ldi(base: usize, i: i32): i32 {
  return load<i32>(base + (<usize>i << 2));
}

/** Stores `v` into element `i` of an i32 buffer at `base`. */
// @ts-ignore: decorator
@inline export function sti(base: usize, i: i32, v: i32): void {
  store<i32>(base + (<usize>i << 2), v);
}

/** Address of column `j` of a column-major f64 matrix with `nRows` rows starting at `base`. */
// @ts-ignore: decorator
@inline export function colPtr(base: usize, nRows: i32, j: i32): usize {
  return base + ((<usize>j * <usize>nRows) << 3);
}
