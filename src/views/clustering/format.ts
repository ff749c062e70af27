/**
 * Words and numbers of the clustering view, shared by the screen, the SVG figure and the exported
 * tables: names of the distances and linkages (with the R call each mirrors), the value scale's
 * title, the methods paragraph. Numbers go through Intl for the given locale.
 */
import { msg, str } from '@lit/localize';
import type { Metric } from '../../stats/cluster.ts';
import type { Palette } from './colors.ts';
import type { ClusterAxis, HeatmapLinkage, RowSource } from './settings.ts';

const formats = new Map<string, Intl.NumberFormat>();
/** A cached Intl.NumberFormat (creating one costs far more than formatting with it). */
function numberFormat(loc: string, min: number, max: number): Intl.NumberFormat {
  const key = `${loc}|${min}|${max}`;
  let f = formats.get(key);
  if (!f) formats.set(key, (f = new Intl.NumberFormat(loc, { minimumFractionDigits: min, maximumFractionDigits: max })));
  return f;
}

/** A number with exactly `digits` decimals in the locale; '–' for NaN. */
export function fixed(x: number, loc: string, digits: number): string {
  if (!Number.isFinite(x)) return '–';
  return numberFormat(loc, digits, digits).format(x);
}

/** A count, grouped as the locale does. */
export function count(x: number, loc: string): string {
  return numberFormat(loc, 0, 0).format(x);
}

/** Name of a distance. */
export function distanceName(m: Metric): string {
  switch (m) {
    case 'euclidean': return msg('Euclidean', { id: 'clustering.distance.euclidean' });
    case 'pearson': return msg('1 − Pearson correlation', { id: 'clustering.distance.pearson' });
    case 'spearman': return msg('1 − Spearman correlation', { id: 'clustering.distance.spearman' });
    case 'cosine': return msg('1 − cosine similarity', { id: 'clustering.distance.cosine' });
  }
}

/** Name of a linkage, as the menu shows it. */
export function linkageName(l: HeatmapLinkage): string {
  switch (l) {
    case 'average': return msg('Average (UPGMA)', { id: 'clustering.linkage.average' });
    case 'weighted': return msg('Weighted (WPGMA) – “average” as in MEV 4.6', { id: 'clustering.linkage.weighted' });
    case 'complete': return msg('Complete', { id: 'clustering.linkage.complete' });
    case 'single': return msg('Single', { id: 'clustering.linkage.single' });
    case 'ward': return msg('Ward (ward.D2)', { id: 'clustering.linkage.ward' });
  }
}

/** R's method name (fastcluster::hclust / stats::hclust) of a linkage. */
export const R_LINKAGE: Readonly<Record<HeatmapLinkage, string>> = {
  average: 'average', weighted: 'mcquitty', complete: 'complete', single: 'single', ward: 'ward.D2',
};

/** Name of a colour scale. */
export function paletteName(p: Palette): string {
  switch (p) {
    case 'bwr': return msg('Blue – white – red', { id: 'clustering.palette.bwr' });
    case 'puor': return msg('Purple – white – orange (colour-blind safe)', { id: 'clustering.palette.puor' });
    case 'gkr': return msg('Green – black – red (MEV classic; not colour-blind safe)', { id: 'clustering.palette.gkr' });
  }
}

/** The colour words of a scale's low end, middle and high end ("blue", "white", "red"). */
export function paletteWords(p: Palette): { low: string; mid: string; high: string } {
  const white = msg('white', { id: 'clustering.colour.white' });
  switch (p) {
    case 'bwr': return { low: msg('blue', { id: 'clustering.colour.blue' }), mid: white, high: msg('red', { id: 'clustering.colour.red' }) };
    case 'puor': return { low: msg('purple', { id: 'clustering.colour.purple' }), mid: white, high: msg('orange', { id: 'clustering.colour.orange' }) };
    case 'gkr': return { low: msg('green', { id: 'clustering.colour.green' }), mid: msg('black', { id: 'clustering.colour.black' }), high: msg('red', { id: 'clustering.colour.red' }) };
  }
}

/** What the colours mean, in one sentence for the key. */
export function keyMeaning(p: Palette, zScored: boolean): string {
  const w = paletteWords(p);
  return zScored
    ? msg(str`Each probe is scaled on its own: ${w.high} = above that probe's mean over the arrays, ${w.low} = below it, ${w.mid} = at its mean. Colours compare arrays within a probe, not probes with each other.`, { id: 'clustering.keyMeaning.z' })
    : msg(str`${w.high} = high expression, ${w.low} = low expression (normalized log2).`, { id: 'clustering.keyMeaning.log2' });
}

/**
 * A merge height in words for the correlation-type distances (height = 1 − similarity):
 * average linkage → the mean similarity between the two sub-branches, complete → the lowest,
 * single → the highest. '' where there is no such reading (Euclidean, weighted, Ward).
 */
export function heightMeaning(distance: Metric, linkage: HeatmapLinkage, h: number, loc: string): string {
  const sim = distance === 'pearson' ? msg('Pearson r', { id: 'clustering.sim.pearson' })
    : distance === 'spearman' ? msg('Spearman ρ', { id: 'clustering.sim.spearman' })
      : distance === 'cosine' ? msg('cosine similarity', { id: 'clustering.sim.cosine' }) : null;
  if (!sim) return '';
  const x = fixed(1 - h, loc, 3);
  switch (linkage) {
    case 'average': return msg(str`mean ${sim} between its two sub-branches ${x}`, { id: 'clustering.height.average' });
    case 'complete': return msg(str`every pair across its two sub-branches has ${sim} ≥ ${x}`, { id: 'clustering.height.complete' });
    case 'single': return msg(str`the closest pair across its two sub-branches has ${sim} ${x}`, { id: 'clustering.height.single' });
    default: return '';
  }
}

/** Name of a row choice. */
export function rowSourceName(r: RowSource): string {
  switch (r) {
    case 'de': return msg('Differentially expressed', { id: 'clustering.rows.de' });
    case 'all': return msg('All probes', { id: 'clustering.rows.all' });
    case 'search': return msg('Probes matching a search', { id: 'clustering.rows.search' });
  }
}

/** Name of what is clustered. */
export function axisName(a: ClusterAxis): string {
  switch (a) {
    case 'both': return msg('Probes and arrays', { id: 'clustering.axis.both' });
    case 'rows': return msg('Probes only (arrays in study order)', { id: 'clustering.axis.rows' });
    case 'columns': return msg('Arrays only (probes in list order)', { id: 'clustering.axis.columns' });
  }
}

/** Title of the colour key. */
export function valueTitle(zScored: boolean): string {
  return zScored ? msg('Row z-score of log2 expression', { id: 'clustering.value.z' }) : msg('log2 expression', { id: 'clustering.value.log2' });
}

/** "Cluster 2". */
export function clusterName(c: number): string {
  return msg(str`Cluster ${c}`, { id: 'clustering.clusterName' });
}

/** What the methods paragraph needs. */
export interface MethodsInput {
  rows: number;
  arrays: number;
  rowSource: RowSource;
  /** DE list: up and down counts, groups [reference, comparison], cut-off. */
  de?: { up: number; down: number; reference: string; comparison: string; cutoff: number };
  distance: Metric;
  linkage: HeatmapLinkage;
  zScore: boolean;
  axis: ClusterAxis;
  k: number | null;
  leftOut: number;
  loc: string;
}

/** A methods paragraph stating every setting (for a report or a paper's Methods). */
export function methodsText(m: MethodsInput): string {
  const loc = m.loc;
  const parts: string[] = [];
  const rows = count(m.rows, loc);
  const arrays = count(m.arrays, loc);
  if (m.rowSource === 'de' && m.de) {
    parts.push(msg(str`The ${rows} differentially expressed probes (${count(m.de.up, loc)} higher and ${count(m.de.down, loc)} lower in ${m.de.comparison} than in ${m.de.reference}, fold change ≥ ${fixed(m.de.cutoff, loc, 1)}) were clustered over ${arrays} arrays.`, { id: 'clustering.methods.de' }));
  } else if (m.rowSource === 'all') {
    parts.push(msg(str`All ${rows} probes were clustered over ${arrays} arrays.`, { id: 'clustering.methods.all' }));
  } else {
    parts.push(msg(str`${rows} probes matching the search were clustered over ${arrays} arrays.`, { id: 'clustering.methods.search' }));
  }
  if (m.leftOut > 0) parts.push(msg(str`${count(m.leftOut, loc)} probes without usable values were left out.`, { id: 'clustering.methods.leftOut' }));
  if (m.zScore) parts.push(msg('Normalized log2 values were z-scored per probe (R: t(scale(t(x)))).', { id: 'clustering.methods.z' }));
  const what = m.axis === 'both' ? msg('Probes and arrays were', { id: 'clustering.methods.whatBoth' })
    : m.axis === 'rows' ? msg('Probes were', { id: 'clustering.methods.whatRows' }) : msg('Arrays were', { id: 'clustering.methods.whatColumns' });
  parts.push(msg(str`${what} clustered hierarchically with the ${distanceName(m.distance)} distance and ${linkageName(m.linkage)} linkage, as fastcluster::hclust(d, method = "${R_LINKAGE[m.linkage]}") in R (merge heights equal to 1e-9 relative), missing values handled pairwise.`, { id: 'clustering.methods.cluster' }));
  if (m.k !== null) parts.push(msg(str`The probe tree was cut into ${m.k} clusters (R: cutree(tree, k = ${m.k})).`, { id: 'clustering.methods.cut' }));
  return parts.join(' ');
}
