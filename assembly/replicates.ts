// Replicate-spot averaging (limma::avereps).
//
//   x     : f64[nSpots × nArrays] column-major (spot s of array j at x + 8·(j·nSpots + s))
//   probe : i32[nSpots]           probe index of each spot, 0..nProbes-1, or -1 = skip the spot
//   out   : f64[nProbes × nArrays] column-major
//
//   spots  s:  0    1    2    3    4             probes p:   0              1
//   probe[s]:  1    0   -1    1    0     ──►     out[p,j] = mean(x[1,j],x[4,j])  mean(x[0,j],x[3,j])

import { ldf, stf, ldi, sti, colPtr } from './memory';

/**
 * Means of the replicate spots of each probe, per array, ignoring NaN (R's NA): as
 * limma::avereps, i.e. rowsum(x, ID, na.rm = TRUE) / rowsum(!is.na(x), ID). A probe with no
 * non-NaN spot in an array gets NaN (0/0). Sums run in spot order, as R's rowsum does.
 *
 * Returns the number of spots mapped to a probe (>= 0), or -(s + 1) when probe[s] is outside
 * -1..nProbes-1 (checked before anything is written).
 */
export function averageReplicates(
  x: usize, nSpots: i32, nArrays: i32, probe: usize, nProbes: i32, out: usize,
): i32 {
  let used = 0;
  for (let s = 0; s < nSpots; s++) {
    const p = ldi(probe, s);
    if (p < -1 || p >= nProbes) return -(s + 1);
    if (p >= 0) used++;
  }
  if (nProbes <= 0 || nArrays <= 0) return used;
  // cnt: i32[nProbes] non-NaN spot count of each probe in the current array
  const cnt = heap.alloc(<usize>nProbes << 2);
  for (let j = 0; j < nArrays; j++) {
    const src = colPtr(x, nSpots, j);
    const dst = colPtr(out, nProbes, j);
    memory.fill(dst, 0, <usize>nProbes << 3);
    memory.fill(cnt, 0, <usize>nProbes << 2);
    for (let s = 0; s < nSpots; s++) {
      const p = ldi(probe, s);
      if (p < 0) continue;
      const v = ldf(src, s);
      if (v != v) continue;
      stf(dst, p, ldf(dst, p) + v);
      sti(cnt, p, ldi(cnt, p) + 1);
    }
    for (let p = 0; p < nProbes; p++) {
      stf(dst, p, ldf(dst, p) / <f64>ldi(cnt, p));
    }
  }
  heap.free(cnt);
  return used;
}
