// Between-array normalisation of column-major f64 matrices.
//
// Layout (nRows × nCols, column-major, the same as R's matrix storage):
//
//   x ─► [ x[0,0] x[1,0] … x[nRows-1,0] | x[0,1] … x[nRows-1,1] | … | x[0,nCols-1] … ]
//          └──────── column 0 ────────┘   └──── column 1 ─────┘        (8 bytes each)
//
//   element (i, j) lives at x + 8·(j·nRows + i)
//
// Kernels allocate their own scratch with heap.alloc and free it before returning; the host
// always re-reads `memory.buffer` after a call (the call may have grown memory).

import { ldf, stf, ldi, sti, colPtr } from './memory';
import { medianNoNaN, compactNonNaN } from './select';

/**
 * out[·, j] = x[·, j] / div · mul for one column, in that operation order (R's
 * `sweep(x, 2, f, "/") * mean(f)`), two lanes at a time with f64x2.
 */
function divMulColumn(src: usize, dst: usize, n: i32, div: f64, mul: f64): void {
  const vd = f64x2.splat(div);
  const vm = f64x2.splat(mul);
  const n2 = n & ~1;
  let off: usize = 0;
  const end2: usize = <usize>n2 << 3;
  while (off < end2) {
    v128.store(dst + off, f64x2.mul(f64x2.div(v128.load(src + off), vd), vm));
    off += 16;
  }
  if (n & 1) stf(dst, n - 1, ldf(src, n - 1) / div * mul);
}

/**
 * The paper's median normalisation (Methods: "miRNAs that intensities >= 30 in all samples were
 * chosen for calculating normalization factor"), on LINEAR intensities:
 *
 *   S   = { i : x[i, j] >= threshold for every array j }   (NaN anywhere → i ∉ S)
 *   m_j = median_{i ∈ S} x[i, j]
 *   out[i, j] = x[i, j] / m_j · mean(m)
 *
 * R: keep <- apply(raw >= 30, 1, all); f <- apply(raw[keep, ], 2, median);
 *    sweep(raw, 2, f, "/") * mean(f)
 *
 * `x`, `out`: nProbes × nArrays column-major f64 (may be the same buffer); `factors`: nArrays f64.
 * Returns |S|. When |S| == 0 nothing is written and 0 is returned (the host throws).
 */
export function medianNormalize(
  x: usize, nProbes: i32, nArrays: i32, threshold: f64, out: usize, factors: usize,
): i32 {
  if (nProbes <= 0 || nArrays <= 0) return 0;
  // 1. selection mask, built column by column so memory is read sequentially
  //    mask: u8[nProbes], 1 = still >= threshold in every array seen so far
  const mask = heap.alloc(<usize>nProbes);
  memory.fill(mask, 1, <usize>nProbes);
  for (let j = 0; j < nArrays; j++) {
    const col = colPtr(x, nProbes, j);
    for (let i = 0; i < nProbes; i++) {
      // `!(v >= t)` is true for NaN as well as for v < t
      if (!(ldf(col, i) >= threshold)) store<u8>(mask + <usize>i, 0);
    }
  }
  // 2. compact the mask to a list of selected row indices: sel: i32[nSel]
  const sel = heap.alloc(<usize>nProbes << 2);
  let nSel = 0;
  for (let i = 0; i < nProbes; i++) {
    if (load<u8>(mask + <usize>i)) { sti(sel, nSel, i); nSel++; }
  }
  heap.free(mask);
  if (nSel == 0) { heap.free(sel); return 0; }
  // 3. per-array factor = median of the selected rows (gathered into scratch, then quickselect)
  const buf = heap.alloc(<usize>nSel << 3);
  let sum = 0.0;
  for (let j = 0; j < nArrays; j++) {
    const col = colPtr(x, nProbes, j);
    for (let k = 0; k < nSel; k++) stf(buf, k, ldf(col, ldi(sel, k)));
    const m = medianNoNaN(buf, nSel);
    stf(factors, j, m);
    sum += m;
  }
  heap.free(buf);
  heap.free(sel);
  // 4. rescale every value of every array
  const meanF = sum / <f64>nArrays;
  for (let j = 0; j < nArrays; j++) {
    divMulColumn(colPtr(x, nProbes, j), colPtr(out, nProbes, j), nProbes, ldf(factors, j), meanF);
  }
  return nSel;
}

/**
 * limma::normalizeBetweenArrays(x, method = "scale") on a matrix, i.e. limma's
 * normalizeMedianValues (meant for log-expression values):
 *
 *   cmed = log(apply(x, 2, median, na.rm = TRUE))
 *   cmed = exp(cmed - mean(cmed))
 *   out  = t(t(x) / cmed)
 *
 * With a single array R returns x unchanged, and so does this kernel. A column with no
 * non-NaN value, or a non-positive median, yields NaN / ±Inf exactly as R's arithmetic does.
 * `x`, `out`: nRows × nArrays column-major f64 (may alias); `factors` receives cmed (nArrays f64).
 */
export function scaleNormalize(x: usize, nRows: i32, nArrays: i32, out: usize, factors: usize): void {
  if (nRows < 0 || nArrays <= 0) return;
  const bytes = (<usize>nRows * <usize>nArrays) << 3;
  if (nArrays == 1) {
    if (out != x) memory.copy(out, x, bytes);
    store<f64>(factors, 1.0);
    return;
  }
  const buf = heap.alloc(max<usize>(<usize>nRows << 3, 8));
  let sum = 0.0;
  for (let j = 0; j < nArrays; j++) {
    memory.copy(buf, colPtr(x, nRows, j), <usize>nRows << 3);
    const m = medianNoNaN(buf, compactNonNaN(buf, nRows));
    const l = Math.log(m);
    stf(factors, j, l);
    sum += l;
  }
  heap.free(buf);
  const meanL = sum / <f64>nArrays;
  for (let j = 0; j < nArrays; j++) {
    const c = Math.exp(ldf(factors, j) - meanL);
    stf(factors, j, c);
    divMulColumn(colPtr(x, nRows, j), colPtr(out, nRows, j), nRows, c, 1.0);
  }
}
