/**
 * Summary statistics of an NTA size distribution (SPEC §2 "Exosome QC"; paper Figure 1B: exosomes
 * are the particles under 100 nm). Pure functions on plain arrays; run in the worker.
 *
 * Conventions (each stated where a number is shown, and in the report's methods):
 * - A bin's value is the concentration of particles in that bin (particles/ml). NanoSight bins are
 *   1 nm wide, so this is also the density per nm; for other widths the value is taken per bin.
 * - Bin edges lie half-way between neighbouring centres; the first bin extends as far below its
 *   centre as the second lies above it, the last likewise (centres 0.5, 1.5, … → edges 0, 1, 2, …).
 * - **Total concentration** = Σ cᵢ (× the dilution factor when the setting asks for it).
 * - **Mode** = the centre of the bin with the highest concentration (the first such bin on ties).
 * - **Mean** = Σ cᵢxᵢ / Σ cᵢ; **SD** = √(Σ cᵢ(xᵢ − mean)² / Σ cᵢ), the SD of the particle
 *   population (not n − 1: the weights are particle concentrations, not a sample count), as NTA
 *   reports it.
 * - **Cumulative distribution** F(x): particles spread evenly within each bin, so F is piecewise
 *   linear between the edges, F(first lower edge) = 0 and F(last upper edge) = 1.
 * - **Dp** (D10, D50, D90) = the size where F = p/100, by linear interpolation inside the bin
 *   where F crosses p; **share below s nm** = F(s).
 * Across the samples of a group: mean ± SD (n − 1) of each per-sample number.
 */

/** Per-sample numbers of a size distribution. */
export interface NtaStats {
  /** Σ concentration (particles/ml), dilution applied when asked. */
  total: number;
  mode: number;
  mean: number;
  sd: number;
  d10: number;
  d50: number;
  d90: number;
  /** Share of particles under 100 nm (0–1). */
  below100: number;
  /** Share of particles under 150 nm (0–1). */
  below150: number;
}

/** The keys of {@link NtaStats}, in table order. */
export const NTA_STAT_KEYS = ['total', 'mode', 'mean', 'sd', 'd10', 'd50', 'd90', 'below100', 'below150'] as const;
export type NtaStatKey = (typeof NTA_STAT_KEYS)[number];

/** Bin edges from bin centres (see the file header); n centres → n + 1 edges. */
export function binEdges(centres: ArrayLike<number>): Float64Array {
  const n = centres.length;
  const e = new Float64Array(n + 1);
  if (n === 0) return e;
  if (n === 1) {
    e[0] = centres[0] - 0.5;
    e[1] = centres[0] + 0.5;
    return e;
  }
  for (let i = 1; i < n; i++) e[i] = (centres[i - 1] + centres[i]) / 2;
  e[0] = centres[0] - (e[1] - centres[0]);
  e[n] = centres[n - 1] + (centres[n - 1] - e[n - 1]);
  return e;
}

/** Cumulative shares at the edges: F[0] = 0, F[i + 1] = Σ_{j ≤ i} cⱼ / Σ c. */
export function cumulativeShares(conc: ArrayLike<number>): Float64Array {
  const F = new Float64Array(conc.length + 1);
  let s = 0;
  for (let i = 0; i < conc.length; i++) { s += conc[i]; F[i + 1] = s; }
  if (s > 0) for (let i = 1; i <= conc.length; i++) F[i] /= s;
  F[conc.length] = s > 0 ? 1 : 0;
  return F;
}

/** F(x): the share of particles smaller than x nm (0 below the first edge, 1 above the last). */
export function shareBelow(edges: ArrayLike<number>, F: ArrayLike<number>, x: number): number {
  const n = edges.length - 1;
  if (x <= edges[0]) return 0;
  if (x >= edges[n]) return 1;
  let lo = 0;
  let hi = n;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (edges[mid] <= x) lo = mid; else hi = mid;
  }
  const w = edges[lo + 1] - edges[lo];
  return F[lo] + (F[lo + 1] - F[lo]) * (w > 0 ? (x - edges[lo]) / w : 0);
}

/** The size below which a share p (0–1) of the particles lies (inverse of F, interpolated). */
export function sizeAtShare(edges: ArrayLike<number>, F: ArrayLike<number>, p: number): number {
  const n = edges.length - 1;
  // first edge index k with F[k] ≥ p; the crossing lies in bin k − 1 (skipping empty bins)
  let k = 1;
  while (k < n && F[k] < p) k++;
  const f0 = F[k - 1];
  const f1 = F[k];
  if (!(f1 > f0)) return edges[k];
  return edges[k - 1] + (edges[k] - edges[k - 1]) * ((p - f0) / (f1 - f0));
}

/** All per-sample numbers of one distribution; `scale` multiplies the total (the dilution factor). */
export function ntaStats(centres: ArrayLike<number>, conc: ArrayLike<number>, scale = 1): NtaStats {
  const n = centres.length;
  if (n !== conc.length) throw new RangeError(`${n} bin centres but ${conc.length} concentrations`);
  let total = 0;
  let sx = 0;
  let modeAt = 0;
  for (let i = 0; i < n; i++) {
    total += conc[i];
    sx += conc[i] * centres[i];
    if (conc[i] > conc[modeAt]) modeAt = i;
  }
  if (!(total > 0)) throw new RangeError('the distribution is empty (total concentration 0)');
  const mean = sx / total;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += conc[i] * (centres[i] - mean) ** 2;
  const edges = binEdges(centres);
  const F = cumulativeShares(conc);
  return {
    total: total * scale,
    mode: centres[modeAt],
    mean,
    sd: Math.sqrt(ss / total),
    d10: sizeAtShare(edges, F, 0.1),
    d50: sizeAtShare(edges, F, 0.5),
    d90: sizeAtShare(edges, F, 0.9),
    below100: shareBelow(edges, F, 100),
    below150: shareBelow(edges, F, 150),
  };
}

/** n, mean and SD (n − 1) of some numbers; SD null for fewer than two. */
export function meanSd(xs: readonly number[]): { n: number; mean: number | null; sd: number | null } {
  const n = xs.length;
  if (n === 0) return { n, mean: null, sd: null };
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { n, mean, sd: null };
  const ss = xs.reduce((a, x) => a + (x - mean) ** 2, 0);
  return { n, mean, sd: Math.sqrt(ss / (n - 1)) };
}

/** One group's summary: mean ± SD across its samples of each per-sample number. */
export interface NtaGroupSummary {
  group: string;
  n: number;
  mean: Record<NtaStatKey, number | null>;
  sd: Record<NtaStatKey, number | null>;
}

/** Summaries per group (groups in the order given) from per-sample stats. */
export function ntaGroupSummaries(samples: readonly { group: string; stats: NtaStats }[], groups: readonly string[]): NtaGroupSummary[] {
  return groups.map((group) => {
    const ss = samples.filter((s) => s.group === group).map((s) => s.stats);
    const mean = {} as Record<NtaStatKey, number | null>;
    const sd = {} as Record<NtaStatKey, number | null>;
    for (const k of NTA_STAT_KEYS) {
      const m = meanSd(ss.map((s) => s[k]));
      mean[k] = m.mean;
      sd[k] = m.sd;
    }
    return { group, n: ss.length, mean, sd };
  });
}

/**
 * The mean distribution of some samples on a common grid: the samples' bin centres must agree
 * (NanoSight exports all use 0.5, 1.5, … nm); null when they do not.
 */
export function meanDistribution(dists: readonly { binCentres: readonly number[]; concentration: readonly number[]; scale: number }[]): { binCentres: number[]; concentration: number[] } | null {
  if (dists.length === 0) return null;
  const x = dists[0].binCentres;
  if (dists.some((d) => d.binCentres.length !== x.length || d.binCentres.some((v, i) => Math.abs(v - x[i]) > 1e-9))) return null;
  const c = x.map((_, i) => dists.reduce((a, d) => a + d.concentration[i] * d.scale, 0) / dists.length);
  return { binCentres: [...x], concentration: c };
}
