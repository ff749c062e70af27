/**
 * Multiple-testing adjustment of p-values.
 */

/**
 * Benjamini–Hochberg FDR, as R's `p.adjust(p, method = "BH")`: with the m non-missing p-values in
 * decreasing order, adj_(i) = min(1, min_{k >= i} m/k · p_(k)). NaN (R's NA) stays NaN and is not
 * counted in m (R's lazily evaluated `n = length(p)` sees p after its NAs were dropped).
 */
export function pAdjustBH(p: ArrayLike<number>): Float64Array {
  const out = new Float64Array(p.length).fill(NaN);
  const idx: number[] = [];
  for (let i = 0; i < p.length; i++) if (!Number.isNaN(p[i])) idx.push(i);
  const m = idx.length;
  // o <- order(p, decreasing = TRUE); tied p-values get the same adjusted value whatever their order
  idx.sort((a, b) => p[b] - p[a] || a - b);
  let run = Infinity;
  for (let r = 0; r < m; r++) {
    const i = m - r; // rank from the top: m, m-1, …, 1
    run = Math.min(run, (m / i) * p[idx[r]]);
    out[idx[r]] = Math.min(1, run);
  }
  return out;
}
