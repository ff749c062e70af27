// Bootstrap Kaplan–Meier: many replicates of S(t), the median and the restricted mean, O(n) each.
//
// The host sorts each group's subjects by time ONCE and numbers the group's distinct times
// (its "grid", the same times survfit reports). A subject is then one i32 code:
//
//   code = 2·j + event      j = index of the subject's time in its group's grid (0-based)
//                           event = 1 death / 0 censored
//
//   codes      ─► [ g0: c c c … | g1: c c … | … ]           i32, sorted by j within each group
//   groupStart ─► [ 0 | n0 | n0+n1 | … | n ]                 i32[nGroups+1] (subject offsets)
//   grid       ─► [ g0: t t t … | g1: t t … | … ]            f64, ascending within each group
//   gridStart  ─► [ 0 | m0 | m0+m1 | … | M ]                 i32[nGroups+1] (grid offsets)
//   tau        ─► [ τ0 | τ1 | … ]                            f64[nGroups], restricted-mean limit
//
// A replicate resamples every group separately ("resample patients with replacement within each
// group"): for group g, n_g draws of an unbiased index in [0, n_g) (Lemire, `rngFillBounded` of
// prng.ts on the caller's xoshiro128** state) become multinomial counts w_i over the sorted
// subjects; one pass over the subjects then gives, per distinct time, the deaths d and censorings
// c of the resample, so the replicate's curve needs no sort:
//
//   S ← S·((r − d)/r) at each time with d > 0, r = number still at risk (starts at n_g)
//
// Stream order: replicate 0 group 0, replicate 0 group 1, …, replicate 1 group 0, … so running
// the replicates in chunks (the state stays in memory between calls) gives the same numbers.
//
// Per replicate and group the outputs are (index r·nGroups + g):
//   median: R's rule (survival's survmean `minmin`): the first time S < 0.5 + tol; when that S
//           equals 0.5 within tol = sqrt(2^-52) and the curve drops further later, the midpoint of
//           that time and the next time S drops; NaN when S never reaches 0.5 ("not reached").
//   rmean:  the area under S from 0 to τ_g, summed rectangle by rectangle as survmean does over
//           the replicate's own curve times ≤ τ_g, plus (τ_g − last such time)·S there.
//   surv:   optional (outSurv != 0): S at every grid time of the group, at r·M + gridStart[g] + j.
//
// The TypeScript reference (src/stats/km-bootstrap.ts, bootstrapKmReference) computes the same
// statistics from explicitly resampled data with the ordinary KM code and the same draws; the
// floating-point operations happen in the same order, so the two agree exactly.

import { rngFillBounded } from './prng';

/** survival's minmin tolerance: .Machine$double.eps^0.5. */
// @ts-ignore: decorator
@inline const TOL: f64 = 1.4901161193847656e-8;

// @ts-ignore: decorator
@inline function ldi(base: usize, i: i32): i32 {
  return load<i32>(base + (<usize>i << 2));
}

/**
 * Runs `nRep` bootstrap replicates (layout in the header). `draws` and `counts` are host scratch
 * buffers of at least max(n_g) u32/i32 each. Returns 0, or -1 if a group offset is inconsistent.
 */
export function kmBootstrap(
  codes: usize, groupStart: usize, grid: usize, gridStart: usize, tau: usize, nGroups: i32,
  state: usize, nRep: i32, outMedian: usize, outRmean: usize, outSurv: usize,
  draws: usize, counts: usize,
): i32 {
  const mTotal = ldi(gridStart, nGroups);
  for (let g = 0; g < nGroups; g++) {
    if (ldi(groupStart, g + 1) < ldi(groupStart, g) || ldi(gridStart, g + 1) < ldi(gridStart, g)) return -1;
  }
  for (let r = 0; r < nRep; r++) {
    for (let g = 0; g < nGroups; g++) {
      const s0 = ldi(groupStart, g);
      const s1 = ldi(groupStart, g + 1);
      const n = s1 - s0;
      const gs = ldi(gridStart, g);
      const o = (<usize>(r * nGroups + g)) << 3;
      if (n <= 0) {
        store<f64>(outMedian + o, NaN);
        store<f64>(outRmean + o, NaN);
        continue;
      }
      // multinomial counts over the sorted subjects
      memory.fill(counts, 0, <usize>n << 2);
      rngFillBounded(state, draws, n, <u32>n);
      const dEnd = draws + (<usize>n << 2);
      for (let p = draws; p < dEnd; p += 4) {
        const c = counts + (<usize>load<u32>(p) << 2);
        store<i32>(c, load<i32>(c) + 1);
      }

      // one pass: deaths and censorings per distinct time
      const tauG = load<f64>(tau + (<usize>g << 3));
      let atRisk: f64 = <f64>n;
      let s: f64 = 1.0;
      let sKept: f64 = 1.0; // S at the last curve time <= tau
      let tPrev: f64 = 0.0;
      let area: f64 = 0.0;
      let medState = 0; // 0 searching, 1 on a flat 0.5 stretch, 2 found
      let median: f64 = NaN;
      let x1: f64 = 0.0;
      let y1: f64 = 0.0;
      const surv = outSurv != 0 ? outSurv + ((<usize>r * <usize>mTotal + <usize>gs) << 3) : 0;
      let i = s0;
      while (i < s1) {
        const j = ldi(codes, i) >> 1;
        let d = 0;
        let c = 0;
        while (i < s1) {
          const code = ldi(codes, i);
          if ((code >> 1) != j) break;
          const w = ldi(counts, i - s0);
          if (code & 1) d += w; else c += w;
          i++;
        }
        if (d + c > 0) {
          const t = load<f64>(grid + (<usize>(gs + j) << 3));
          const kept = t <= tauG;
          if (kept) { area += (t - tPrev) * s; tPrev = t; }
          if (d > 0) {
            s = s * ((atRisk - <f64>d) / atRisk);
            if (medState == 0) {
              if (s < 0.5 + TOL) {
                if (Math.abs(s - 0.5) < TOL) { medState = 1; x1 = t; y1 = s; }
                else { medState = 2; median = t; }
              }
            } else if (medState == 1 && s < y1) {
              medState = 2;
              median = (x1 + t) / 2;
            }
          }
          if (kept) sKept = s;
          atRisk -= <f64>(d + c);
        }
        if (surv != 0) store<f64>(surv + (<usize>j << 3), s);
      }
      if (medState == 1) median = x1;
      area += (tauG - tPrev) * sKept;
      store<f64>(outMedian + o, median);
      store<f64>(outRmean + o, area);
    }
  }
  return 0;
}
