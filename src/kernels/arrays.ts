/**
 * Arrays domain façade over the wasm kernels: quantile normalisation (assembly/quantile.ts) and
 * row-wise two-group statistics (assembly/rowstats.ts). Same memory discipline as
 * src/kernels/kernels.ts: allocate every block first, then make views, call, copy out with
 * `.slice()`, free (all through {@link Kernels.call}).
 *
 * Matrices are ONE column-major Float64Array (R's order): element (i, j) of an nRows × nCols
 * matrix is `m[j * nRows + i]`; rows are probes, columns arrays. NaN is R's NA.
 */
import { KernelError, type Kernels } from './kernels.ts';
import type { Ptr } from './wasm-exports.ts';

/** Raw exports of assembly/quantile.ts and assembly/rowstats.ts (bindings "raw"). */
export interface ArraysKernelExports {
  /**
   * limma::normalizeQuantiles on x (nRows × nCols) into out (must not alias x); ties != 0 = limma's
   * ties = TRUE. Returns 0, -1 (nRows < 2) or -(j + 2) (array j has < 2 non-NaN values).
   */
  quantileNormalize(x: Ptr, nRows: number, nCols: number, out: Ptr, ties: number): number;
  /**
   * Two-group row statistics: group i32[nCols] (0, 1, other = unused); out f64[14 × nRows]
   * field-major (see {@link ROW_STAT_FIELDS}). Returns 0, or -1 when no array is in a group.
   */
  rowStatsTwoGroup(x: Ptr, nRows: number, nCols: number, group: Ptr, out: Ptr): number;
}

/** Field order of the rowStatsTwoGroup output (assembly/rowstats.ts header). */
export const ROW_STAT_FIELDS = [
  'n1', 'n2', 'mean1', 'mean2', 'var1', 'var2', 'aveExpr', 'diff', 's2', 'df', 'sdUnscaled', 'studentT', 'welchT', 'welchDf',
] as const;

/** One Float64Array (length nRows) per statistic; see {@link rowStatsTwoGroup}. */
export type RowStats = Record<(typeof ROW_STAT_FIELDS)[number], Float64Array>;

function exportsOf(k: Kernels): ArraysKernelExports {
  const raw = k.raw as unknown as Partial<ArraysKernelExports>;
  if (typeof raw.quantileNormalize !== 'function' || typeof raw.rowStatsTwoGroup !== 'function') {
    throw new KernelError('this kernels build has no quantileNormalize/rowStatsTwoGroup exports; rebuild with `npm run asbuild`');
  }
  return raw as ArraysKernelExports;
}

function checkShape(values: Float64Array, nRows: number, nCols: number): void {
  for (const [name, v] of [['nRows', nRows], ['nCols', nCols]] as const) {
    if (!Number.isInteger(v) || v < 0 || v > 0x7fffffff) throw new KernelError(`${name} must be a non-negative integer (got ${v})`);
  }
  if (values.length !== nRows * nCols) {
    throw new KernelError(`values has length ${values.length} but nRows × nCols = ${nRows * nCols}`);
  }
}

/** Options of {@link quantileNormalize}. */
export interface QuantileOptions {
  /** limma's `ties` argument (default true: tied values share the mean quantile of their average rank). */
  ties?: boolean;
}

/**
 * limma::normalizeQuantiles(A, ties = TRUE), i.e. normalizeBetweenArrays(x, method = "quantile") on
 * a matrix: every array gets the same empirical distribution (the mean of the arrays' sorted
 * values); NaN stays NaN and arrays with missing values are interpolated as limma does.
 * `values`: nRows × nArrays column-major; returns a new array of the same shape. Throws a
 * KernelError when nRows < 2 or an array has fewer than two values (R's approx() stops there too).
 */
export function quantileNormalize(k: Kernels, values: Float64Array, nRows: number, nArrays: number, opts: QuantileOptions = {}): Float64Array {
  checkShape(values, nRows, nArrays);
  const raw = exportsOf(k);
  if (nArrays === 0) return new Float64Array(0);
  const bytes = values.byteLength;
  return k.call('quantileNormalize', [bytes, bytes], ([x, out]) => {
    k.f64(x, values.length).set(values);
    const rc = raw.quantileNormalize(x, nRows, nArrays, out, opts.ties === false ? 0 : 1);
    if (rc === -1) throw new KernelError(`quantile normalisation needs at least 2 probes (got ${nRows})`);
    if (rc < -1) throw new KernelError(`quantile normalisation: array ${-rc - 1} has fewer than 2 values that are not missing`);
    return k.f64(out, values.length).slice();
  });
}

/**
 * Row-wise statistics for a two-group comparison, NA-aware per row: group sizes, means, variances,
 * mean difference (second − first), limma's per-row residual variance and residual df of the
 * linear model ~ group (lmFit's sigma² and df.residual, with the row's NA values left out as
 * lm.series does), Student and Welch t (t.test, second − first).
 *
 * `groupOfArray[j]`: 0 = first group, 1 = second group, -1 (or anything else) = array not used.
 */
export function rowStatsTwoGroup(k: Kernels, values: Float64Array, nRows: number, nArrays: number, groupOfArray: ArrayLike<number>): RowStats {
  checkShape(values, nRows, nArrays);
  const raw = exportsOf(k);
  if (groupOfArray.length !== nArrays) throw new KernelError(`groupOfArray has ${groupOfArray.length} entries for ${nArrays} arrays`);
  const group = Int32Array.from(groupOfArray, (g) => (g === 0 || g === 1 ? g : -1));
  const nF = ROW_STAT_FIELDS.length;
  return k.call('rowStatsTwoGroup', [values.byteLength, group.byteLength, nF * nRows * 8], ([x, g, out]) => {
    k.f64(x, values.length).set(values);
    new Int32Array(k.raw.memory.buffer, g, nArrays).set(group);
    const rc = raw.rowStatsTwoGroup(x, nRows, nArrays, g, out);
    if (rc < 0) throw new KernelError('row statistics: no array is assigned to either group');
    const all = k.f64(out, nF * nRows);
    const res = {} as RowStats;
    ROW_STAT_FIELDS.forEach((name, f) => { res[name] = all.slice(f * nRows, (f + 1) * nRows); });
    return res;
  });
}
