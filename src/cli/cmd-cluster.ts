/**
 * `mmdr cluster`: hierarchical clustering of a matrix file's rows (probes) or columns (arrays),
 * printing R's hclust object `{merge, height, order, labels}` (SPEC §6; field names are a contract).
 */
import { readFileSync } from 'node:fs';
import { parseMatrix } from '../formats/arrays-matrix.ts';
import { InputError } from '../formats/input-error.ts';
import { loadKernelsNode } from '../kernels/load-node.ts';
import { ClusterError, clusterMatrix, mergeRows, type LinkageMethod, type Metric } from '../stats/cluster.ts';
import type { Command } from './commands.ts';
import { UsageError, type Opts } from './main.ts';

const one = (o: Opts, k: string): string | undefined => (Array.isArray(o[k]) ? (o[k] as string[]).at(-1) : undefined);

function readFile(path: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (e) {
    throw new InputError(path, null, null, (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String((e as Error).message));
  }
}

const DISTANCES: readonly Metric[] = ['euclidean', 'pearson', 'spearman', 'cosine'];

/** Linkage names on the command line: the SPEC's five, R's names as aliases, and centroid/median. */
const LINKAGES: Record<string, LinkageMethod> = {
  average: 'average', weighted: 'weighted', mcquitty: 'weighted', complete: 'complete', single: 'single',
  ward: 'ward', 'ward.D2': 'ward', centroid: 'centroid', median: 'median',
};

export const cluster: Command = {
  name: 'cluster',
  summary: "hierarchical clustering of a matrix's rows or columns, as R's hclust (fastcluster)",
  help: [
    'mmdr cluster --matrix FILE --distance euclidean|pearson|spearman|cosine',
    '             --linkage average|weighted|complete|single|ward [--columns] [--zscore]',
    '',
    'Clusters the rows (probes) of a matrix file, or its columns (arrays) with --columns, and prints',
    "R's hclust object: {merge (R convention: negative = observation, positive = earlier merge, 1-based),",
    'height, order (1-based), labels}. Heights equal fastcluster::hclust(d, method) with d = dist(x)',
    '(euclidean, NA handled pairwise as stats::dist does) or 1 − cor (pearson / spearman, pairwise',
    'complete observations) or 1 − cosine similarity.',
    '',
    'Linkages: average (UPGMA), weighted (WPGMA = R "mcquitty"; what MEV calls "average"), complete,',
    'single, ward (= R "ward.D2"). Also accepted: centroid and median, on squared distances as',
    'fastcluster::hclust(d^2, …) — their heights are on the squared scale and may decrease.',
    '--zscore: z-score every row (probe) first, as t(scale(t(x))), whichever way is clustered.',
  ].join('\n'),
  flags: { matrix: 'value', distance: 'value', linkage: 'value', columns: 'boolean', zscore: 'boolean' },
  required: { matrix: true, distance: true, linkage: true },
  async run(o, io) {
    const path = one(o, 'matrix')!;
    const distance = one(o, 'distance')!;
    if (!(DISTANCES as readonly string[]).includes(distance)) throw new UsageError(`--distance must be one of ${DISTANCES.join(', ')} (got "${distance}")`);
    const linkage = LINKAGES[one(o, 'linkage')!];
    if (!linkage) throw new UsageError(`--linkage must be one of average, weighted, complete, single, ward (or centroid, median) (got "${one(o, 'linkage')}")`);
    const m = parseMatrix(readFile(path), path);
    const nRows = m.probes.length;
    const nCols = m.arrays.length;
    const values = new Float64Array(nRows * nCols);
    m.values.forEach((col, j) => values.set(col, j * nRows));
    let tree;
    try {
      tree = clusterMatrix(loadKernelsNode(), { values, nRows, nCols, rowLabels: m.probes, colLabels: m.arrays }, {
        axis: o.columns === true ? 'columns' : 'rows', distance: distance as Metric, linkage, zScore: o.zscore === true,
      });
    } catch (e) {
      if (e instanceof ClusterError) {
        const { row, column } = e.at;
        throw new InputError(path, row !== undefined ? m.probeLine[row] : null, column !== undefined ? m.arrays[column] : null, e.message);
      }
      throw e;
    }
    io.out(JSON.stringify({ merge: mergeRows(tree), height: Array.from(tree.height), order: Array.from(tree.order), labels: tree.labels }) + '\n');
  },
};
