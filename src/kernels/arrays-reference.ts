/**
 * Plain TypeScript reference implementations of the arrays kernels (assembly/quantile.ts,
 * assembly/rowstats.ts), written as literal translations of the R code they mirror, row by row and
 * without the kernels' tricks. Tests compare the wasm kernels against these; the benchmark times
 * them as the TypeScript baseline. Same layouts as src/kernels/arrays.ts.
 */
import { ROW_STAT_FIELDS, type RowStats } from './arrays.ts';

/** R's approx(x, y, v, method = "linear", rule = 1) for ascending, distinct x (stats approx1). */
export function approxRef(x: ArrayLike<number>, y: ArrayLike<number>, v: number): number {
  const n = x.length;
  if (n === 0 || Number.isNaN(v)) return NaN;
  let i = 0;
  let j = n - 1;
  if (v < x[i] || v > x[j]) return NaN;
  while (i < j - 1) {
    const ij = (i + j) >> 1;
    if (v < x[ij]) j = ij;
    else i = ij;
  }
  if (v === x[j]) return y[j];
  if (v === x[i]) return y[i];
  return y[i] + (y[j] - y[i]) * ((v - x[i]) / (x[j] - x[i]));
}

/** R's rank(x, ties.method = "average") of the non-NaN values (NaN ranks are NaN). */
export function rankAverageRef(x: ArrayLike<number>): Float64Array {
  const idx: number[] = [];
  for (let i = 0; i < x.length; i++) if (!Number.isNaN(x[i])) idx.push(i);
  idx.sort((a, b) => x[a] - x[b] || a - b);
  const r = new Float64Array(x.length).fill(NaN);
  for (let s = 0; s < idx.length; ) {
    let e = s;
    while (e + 1 < idx.length && x[idx[e + 1]] === x[idx[s]]) e++;
    const avg = (s + 1 + e + 1) / 2;
    for (let t = s; t <= e; t++) r[idx[t]] = avg;
    s = e + 1;
  }
  return r;
}

/** limma::normalizeQuantiles(A, ties = TRUE), line by line. Throws where R's approx() stops. */
export function quantileNormalizeRef(values: Float64Array, nRows: number, nCols: number): Float64Array {
  const out = values.slice();
  if (nCols <= 1) return out;
  if (nRows < 2) throw new RangeError('need at least two rows');
  const n = nRows;
  const grid = Float64Array.from({ length: n }, (_, k) => k / (n - 1)); // i <- (0:(n-1))/(n-1)
  const S: Float64Array[] = [];
  const nobs: number[] = [];
  for (let j = 0; j < nCols; j++) {
    const col = Array.from(values.subarray(j * n, (j + 1) * n)).filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
    nobs.push(col.length);
    if (col.length < 2) throw new RangeError(`array ${j + 1} has fewer than two values`);
    if (col.length < n) {
      const g = Float64Array.from({ length: col.length }, (_, k) => k / (col.length - 1));
      S.push(Float64Array.from(grid, (v) => approxRef(g, col, v)));
    } else S.push(Float64Array.from(col));
  }
  const m = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let s = 0;
    for (let j = 0; j < nCols; j++) s += S[j][k];
    m[k] = s / nCols;
  }
  for (let j = 0; j < nCols; j++) {
    const col = values.subarray(j * n, (j + 1) * n);
    const r = rankAverageRef(col);
    for (let i = 0; i < n; i++) {
      if (Number.isNaN(col[i])) continue;
      out[j * n + i] = approxRef(grid, m, (r[i] - 1) / (nobs[j] - 1));
    }
  }
  return out;
}

/**
 * The 14 row statistics of src/kernels/arrays.ts `rowStatsTwoGroup`, one row at a time: gather
 * the row's non-NaN values per group, then R's mean / var / t.test formulas.
 */
export function rowStatsTwoGroupRef(values: Float64Array, nRows: number, nCols: number, groupOfArray: ArrayLike<number>): RowStats {
  const res = {} as RowStats;
  for (const f of ROW_STAT_FIELDS) res[f] = new Float64Array(nRows);
  const mean = (a: number[]) => (a.length ? a.reduce((s, v) => s + v, 0) / a.length : NaN);
  const ss = (a: number[], mu: number) => a.reduce((s, v) => s + (v - mu) ** 2, 0);
  for (let i = 0; i < nRows; i++) {
    const g1: number[] = [];
    const g2: number[] = [];
    for (let j = 0; j < nCols; j++) {
      const v = values[j * nRows + i];
      if (Number.isNaN(v)) continue;
      if (groupOfArray[j] === 0) g1.push(v);
      else if (groupOfArray[j] === 1) g2.push(v);
    }
    const a = g1.length, b = g2.length;
    const mu1 = mean(g1), mu2 = mean(g2);
    const ss1 = a ? ss(g1, mu1) : 0, ss2 = b ? ss(g2, mu2) : 0;
    const v1 = a > 1 ? ss1 / (a - 1) : NaN, v2 = b > 1 ? ss2 / (b - 1) : NaN;
    const df = a && b ? a + b - 2 : a ? a - 1 : b ? b - 1 : 0;
    const s2 = df > 0 ? (ss1 + ss2) / df : NaN;
    const u = a && b ? Math.sqrt(1 / a + 1 / b) : NaN;
    const d = mu2 - mu1;
    res.n1[i] = a; res.n2[i] = b; res.mean1[i] = mu1; res.mean2[i] = mu2; res.var1[i] = v1; res.var2[i] = v2;
    res.aveExpr[i] = mean([...g1, ...g2]);
    res.diff[i] = d; res.s2[i] = s2; res.df[i] = df; res.sdUnscaled[i] = u;
    res.studentT[i] = a && b && df > 0 ? d / (Math.sqrt(s2) * u) : NaN;
    if (a > 1 && b > 1) {
      const se2 = v1 / a + v2 / b;
      res.welchT[i] = d / Math.sqrt(se2);
      res.welchDf[i] = se2 ** 2 / ((v1 / a) ** 2 / (a - 1) + (v2 / b) ** 2 / (b - 1));
    } else {
      res.welchT[i] = NaN;
      res.welchDf[i] = NaN;
    }
  }
  return res;
}
