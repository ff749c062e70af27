// Row-wise two-group statistics over a column-major probes × arrays f64 matrix.
//
//   x     : f64[nRows × nCols] column-major (probe i of array j at x + 8·(j·nRows + i))
//   group : i32[nCols]  0 = first group, 1 = second group, anything else = array not used
//   out   : f64[ROW_FIELDS × nRows], field-major: field f of row i at out + 8·(f·nRows + i)
//
//   field  0 n1        non-NaN values of the row in group 1         (R: sum(!is.na(y[g1])))
//          1 n2        … in group 2
//          2 mean1     mean of group 1 (NaN if n1 = 0)
//          3 mean2     mean of group 2
//          4 var1      sample variance of group 1 (n1 − 1 denominator; NaN if n1 < 2)
//          5 var2      … of group 2
//          6 aveExpr   mean of all non-NaN values in both groups     (limma Amean, rowMeans(na.rm=TRUE))
//          7 diff      mean2 − mean1                                 (limma coefficient of ~group, 2nd level)
//          8 s2        residual variance of the limma linear model ~ group fitted to the row's
//                      non-NaN values (lm.series, one QR per row): pooled (SS1 + SS2)/(n1 + n2 − 2)
//                      when both groups are present, SS/(n − 1) of the only group present otherwise;
//                      NaN when the residual df is 0                  (limma fit$sigma^2)
//          9 df        residual df of that fit: n1 + n2 − 2, or n − 1 with one group, ≥ 0
//                                                                    (limma fit$df.residual)
//         10 sdUnscaled sqrt(1/n1 + 1/n2) (NaN unless both groups present)  (fit$stdev.unscaled[,2])
//         11 studentT  diff / sqrt(s2·(1/n1 + 1/n2)), NaN unless n1, n2 ≥ 1 and df ≥ 1
//                                                                    (t.test(var.equal=TRUE), 2nd − 1st)
//         12 welchT    diff / sqrt(var1/n1 + var2/n2), NaN unless n1, n2 ≥ 2   (t.test Welch, 2nd − 1st)
//         13 welchDf   Welch–Satterthwaite df
//
// Sums run array by array over contiguous columns (sequential memory), two passes for the
// variances (mean first, then squared deviations), as R's var() does.

import { ldf, stf, ldi, colPtr } from './memory';

/** Number of f64 fields written per row (see the table above). */
export const ROW_FIELDS: i32 = 14;

// @ts-ignore: decorator
@inline function fld(out: usize, nRows: i32, f: i32): usize {
  return colPtr(out, nRows, f);
}

/**
 * Two-group row statistics (see the file header for the 14 fields). Returns 0, or -1 when no
 * array is assigned to either group.
 */
export function rowStatsTwoGroup(x: usize, nRows: i32, nCols: i32, group: usize, out: usize): i32 {
  let used = 0;
  for (let j = 0; j < nCols; j++) { const g = ldi(group, j); if (g == 0 || g == 1) used++; }
  if (used == 0) return -1;
  if (nRows <= 0) return 0;
  const bytes = <usize>nRows << 3;
  const n1 = fld(out, nRows, 0);
  const n2 = fld(out, nRows, 1);
  const m1 = fld(out, nRows, 2);
  const m2 = fld(out, nRows, 3);
  const v1 = fld(out, nRows, 4);
  const v2 = fld(out, nRows, 5);
  memory.fill(out, 0, bytes * 6);

  // pass 1: counts and sums (sums kept in the mean fields)
  for (let j = 0; j < nCols; j++) {
    const g = ldi(group, j);
    if (g != 0 && g != 1) continue;
    const col = colPtr(x, nRows, j);
    const cnt = g == 0 ? n1 : n2;
    const sum = g == 0 ? m1 : m2;
    for (let i = 0; i < nRows; i++) {
      const v = ldf(col, i);
      if (v != v) continue;
      stf(sum, i, ldf(sum, i) + v);
      stf(cnt, i, ldf(cnt, i) + 1.0);
    }
  }
  const ave = fld(out, nRows, 6);
  for (let i = 0; i < nRows; i++) {
    const a = ldf(n1, i);
    const b = ldf(n2, i);
    const s1 = ldf(m1, i);
    const s2 = ldf(m2, i);
    stf(ave, i, (s1 + s2) / (a + b));
    stf(m1, i, a > 0 ? s1 / a : NaN);
    stf(m2, i, b > 0 ? s2 / b : NaN);
  }

  // pass 2: sums of squared deviations (kept in the variance fields)
  for (let j = 0; j < nCols; j++) {
    const g = ldi(group, j);
    if (g != 0 && g != 1) continue;
    const col = colPtr(x, nRows, j);
    const ss = g == 0 ? v1 : v2;
    const mu = g == 0 ? m1 : m2;
    for (let i = 0; i < nRows; i++) {
      const v = ldf(col, i);
      if (v != v) continue;
      const d = v - ldf(mu, i);
      stf(ss, i, ldf(ss, i) + d * d);
    }
  }

  const diff = fld(out, nRows, 7);
  const s2f = fld(out, nRows, 8);
  const dff = fld(out, nRows, 9);
  const sdu = fld(out, nRows, 10);
  const tS = fld(out, nRows, 11);
  const tW = fld(out, nRows, 12);
  const dW = fld(out, nRows, 13);
  for (let i = 0; i < nRows; i++) {
    const a = ldf(n1, i);
    const b = ldf(n2, i);
    const ss1 = ldf(v1, i);
    const ss2 = ldf(v2, i);
    const mu1 = ldf(m1, i);
    const mu2 = ldf(m2, i);
    const d = mu2 - mu1;
    stf(diff, i, d);
    // limma's per-row least-squares fit of ~ group on the observed values
    let df = 0.0;
    let ssr = 0.0;
    if (a > 0 && b > 0) { df = a + b - 2.0; ssr = ss1 + ss2; }
    else if (a > 0) { df = a - 1.0; ssr = ss1; }
    else if (b > 0) { df = b - 1.0; ssr = ss2; }
    const s2 = df > 0 ? ssr / df : NaN;
    stf(dff, i, df);
    stf(s2f, i, s2);
    const both = a > 0 && b > 0;
    const u = both ? Math.sqrt(1.0 / a + 1.0 / b) : NaN;
    stf(sdu, i, u);
    stf(tS, i, both && df > 0 ? d / (Math.sqrt(s2) * u) : NaN);
    const w1 = a > 1 ? ss1 / (a - 1.0) : NaN;
    const w2 = b > 1 ? ss2 / (b - 1.0) : NaN;
    stf(v1, i, w1);
    stf(v2, i, w2);
    if (a > 1 && b > 1) {
      const q1 = w1 / a;
      const q2 = w2 / b;
      const se2 = q1 + q2;
      stf(tW, i, d / Math.sqrt(se2));
      stf(dW, i, se2 * se2 / (q1 * q1 / (a - 1.0) + q2 * q2 / (b - 1.0)));
    } else {
      stf(tW, i, NaN);
      stf(dW, i, NaN);
    }
  }
  return 0;
}
