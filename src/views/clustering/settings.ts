/**
 * Settings of the clustering heatmap, persisted in `study.settings.clustering`. Defaults follow the
 * paper's heatmap (the differentially expressed miRNAs) and MEV's usual choices (1 − Pearson,
 * average linkage, rows z-scored).
 */
import type { Metric } from '../../stats/cluster.ts';
import type { Palette } from './colors.ts';
import type { TreeScale } from './dendrogram.ts';

/** Which probes become rows: the DE list (up ∪ down at the Expression view's cut-off), all, or a search. */
export type RowSource = 'de' | 'all' | 'search';
/** What is clustered: rows (probes), columns (arrays) or both; the other axis keeps its order. */
export type ClusterAxis = 'rows' | 'columns' | 'both';
/** The linkages the heatmap offers (centroid and median are left to `mmdr cluster`: their inversions cannot be drawn as a dendrogram). */
export type HeatmapLinkage = 'average' | 'weighted' | 'complete' | 'single' | 'ward';

/** The heatmap's settings. */
export interface ClusteringSettings {
  rows: RowSource;
  /** Search terms (rows: probe ids containing any term, case-insensitive). */
  search: string;
  distance: Metric;
  linkage: HeatmapLinkage;
  /** Z-score each row (probe) before clustering and for the colours (R: t(scale(t(x)))). */
  zScore: boolean;
  axis: ClusterAxis;
  /** Cut the row tree into k clusters (null = no cut). */
  k: number | null;
  palette: Palette;
  /** Colour-key limits; null = automatic (colors.ts autoLimits). */
  limits: { low: number; high: number } | null;
  /** How the trees' heights are drawn (dendrogram.ts TreeScale). */
  treeScale: TreeScale;
}

/** DE probes, 1 − Pearson, average linkage (UPGMA), rows z-scored, rows and columns clustered, no cut, blue–white–red, trees to scale. */
export const DEFAULT_CLUSTERING_SETTINGS: Readonly<ClusteringSettings> = Object.freeze({
  rows: 'de',
  search: '',
  distance: 'pearson',
  linkage: 'average',
  zScore: true,
  axis: 'both',
  k: null,
  palette: 'bwr',
  limits: null,
  treeScale: 'linear',
});

/** Largest k offered (more clusters than this cannot be told apart by colour anyway). */
export const MAX_K = 30;

const oneOf = <T extends string>(v: unknown, allowed: readonly T[], d: T): T => (allowed.includes(v as T) ? (v as T) : d);

/** Reads persisted settings (anything: older or hand-edited records), filling gaps with the defaults. */
export function clusteringSettings(raw: unknown): ClusteringSettings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const d = DEFAULT_CLUSTERING_SETTINGS;
  const lim = r.limits as { low?: unknown; high?: unknown } | null | undefined;
  const limits = lim && typeof lim === 'object' && typeof lim.low === 'number' && typeof lim.high === 'number'
    && Number.isFinite(lim.low) && Number.isFinite(lim.high) && lim.high > lim.low ? { low: lim.low, high: lim.high } : null;
  const k = typeof r.k === 'number' && Number.isInteger(r.k) && r.k >= 2 && r.k <= MAX_K ? r.k : null;
  return {
    rows: oneOf<RowSource>(r.rows, ['de', 'all', 'search'], d.rows),
    search: typeof r.search === 'string' ? r.search.slice(0, 2000) : d.search,
    distance: oneOf<Metric>(r.distance, ['euclidean', 'pearson', 'spearman', 'cosine'], d.distance),
    linkage: oneOf<HeatmapLinkage>(r.linkage, ['average', 'weighted', 'complete', 'single', 'ward'], d.linkage),
    zScore: typeof r.zScore === 'boolean' ? r.zScore : d.zScore,
    axis: oneOf<ClusterAxis>(r.axis, ['rows', 'columns', 'both'], d.axis),
    k,
    palette: oneOf<Palette>(r.palette, ['bwr', 'puor', 'gkr'], d.palette),
    limits,
    treeScale: oneOf<TreeScale>(r.treeScale, ['linear', 'sqrt', 'rank'], d.treeScale),
  };
}

/** The settings that change the clustering itself (the rest only change the drawing). */
export function clusterKey(s: ClusteringSettings): string {
  return JSON.stringify([s.rows, s.rows === 'search' ? s.search : '', s.distance, s.linkage, s.zScore, s.axis]);
}
