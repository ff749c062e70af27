/**
 * The Expression view's other tables and texts: the per-array QC table (what was read, the
 * normalization factor, distributions before and after), the sample–sample correlations, the
 * processed matrix (probes × arrays, normalized log2), the test's name, and a methods paragraph that
 * states every setting. Pure: no DOM.
 */
import { msg, str } from '@lit/localize';
import type { ExportTable } from '../../export/table.ts';
import type { DeMethod } from '../../stats/differential.ts';
import type { ExpressionResult } from '../../study/expression-analysis.ts';
import type { ExpressionSettings } from '../../study/expression-settings.ts';
import { count, fixed } from './format.ts';

const n = (x: number | null | undefined): number | null => (x != null && Number.isFinite(x) ? x : null);

/** "1 array", "3 arrays". */
export function arrayCount(n: number): string {
  return n === 1 ? msg('1 array', { id: 'expression.oneArray' }) : msg(str`${n} arrays`, { id: 'expression.nArrays' });
}

/** The test's name. */
export function methodName(m: DeMethod): string {
  switch (m) {
    case 'moderated': return msg('limma moderated t (empirical Bayes)', { id: 'expression.method.moderated' });
    case 'welch': return msg('Welch t test', { id: 'expression.method.welch' });
    case 'student': return msg('Student t test (equal variances)', { id: 'expression.method.student' });
  }
}

/** The normalization's name. */
export function normalizationName(s: Pick<ExpressionSettings, 'normalization' | 'threshold'>, loc: string): string {
  switch (s.normalization) {
    case 'median': return msg(str`paper median (probes ≥ ${fixed(s.threshold, loc, 0)} in every array)`, { id: 'expression.norm.median' });
    case 'scale': return msg('scale (limma)', { id: 'expression.norm.scale' });
    case 'quantile': return msg('quantile (limma)', { id: 'expression.norm.quantile' });
    case 'none': return msg('none', { id: 'expression.norm.none' });
  }
}

/** One row per array of the QC table. */
export interface QcRow {
  array: string;
  group: string;
  channel: number | null;
  values: number;
  missing: number;
  medianBefore: number;
  iqrBefore: number;
  factor: number | null;
  medianAfter: number;
  iqrAfter: number;
}

/** The per-array QC rows. */
export function qcRows(r: ExpressionResult): QcRow[] {
  const f = r.normalization.factors;
  return r.arrays.map((array, j) => {
    const b = r.qc.before[j];
    const a = r.qc.after[j];
    return {
      array, group: r.groups[j], channel: r.readOut.channels[j] ?? null, values: a.n, missing: a.missing,
      medianBefore: b.median, iqrBefore: b.q3 - b.q1, factor: f ? f[j] : null, medianAfter: a.median, iqrAfter: a.q3 - a.q1,
    };
  });
}

/** Headers of the QC table. */
export function qcColumns(r: ExpressionResult): string[] {
  return [
    msg('Array', { id: 'expression.fig.array' }), msg('Sample group', { id: 'expression.qc.group' }), msg('Channel (nm)', { id: 'expression.qc.channel' }),
    msg('Values', { id: 'expression.qc.values' }), msg('Missing', { id: 'expression.qc.missing' }),
    msg('Median before', { id: 'expression.qc.medianBefore' }), msg('IQR before', { id: 'expression.qc.iqrBefore' }),
    r.normalization.method === 'median' ? msg('Median factor', { id: 'expression.qc.factorMedian' }) : msg('Scale factor', { id: 'expression.qc.factorScale' }),
    msg('Median after', { id: 'expression.qc.medianAfter' }), msg('IQR after', { id: 'expression.qc.iqrAfter' }),
  ];
}

/** What the QC table's medians and IQRs are of. */
export function qcScaleNote(r: ExpressionResult): string {
  return r.analysedScale === 'log2'
    ? msg('Medians and interquartile ranges (IQR) of the log2 intensities of each array, before and after normalization; the factor is the linear intensity each array was divided by.', { id: 'expression.qc.scaleNoteLog2' })
    : msg('Medians and interquartile ranges (IQR) of the intensities of each array, before and after normalization.', { id: 'expression.qc.scaleNoteLinear' });
}

/** The QC table for export. */
export function qcExportTable(r: ExpressionResult, loc: string): ExportTable {
  const notes: string[] = [qcScaleNote(r)];
  if (r.normalization.selected != null) {
    notes.push(msg(str`${count(r.normalization.selected, loc)} of ${count(r.probes.length, loc)} probes were ≥ ${fixed(r.normalization.threshold, loc, 0)} in every array and set the factors (median of those probes per array); each array was divided by its factor and multiplied by the mean factor.`, { id: 'expression.qc.selectedNote' }));
  }
  if (r.normalization.nonPositive > 0) {
    notes.push(msg(str`${count(r.normalization.nonPositive, loc)} values were zero or negative after background subtraction and are missing after log2.`, { id: 'expression.qc.nonPositive' }));
  }
  return {
    title: msg('Array quality control', { id: 'expression.qc.title' }),
    columns: qcColumns(r),
    rows: qcRows(r).map((q) => [q.array, q.group, q.channel, q.values, q.missing, n(q.medianBefore), n(q.iqrBefore), n(q.factor), n(q.medianAfter), n(q.iqrAfter)]),
    footnotes: notes,
  };
}

/** The sample–sample correlation matrix for export. */
export function correlationExportTable(r: ExpressionResult): ExportTable {
  const nA = r.arrays.length;
  return {
    title: msg('Sample–sample Pearson correlation (normalized values)', { id: 'expression.corr.title' }),
    columns: ['', ...r.arrays],
    rows: r.arrays.map((a, i) => [a, ...Array.from({ length: nA }, (_, j) => n(r.qc.correlation[i * nA + j]))]),
    footnotes: [msg('Pearson correlation over the probes present in both arrays (R: cor(x, use = "pairwise.complete.obs")).', { id: 'expression.corr.note' })],
  };
}

/** The processed matrix: probe ids, then one column per array of normalized log2 values (empty = missing). */
export function matrixExportTable(r: ExpressionResult): ExportTable {
  const nP = r.probes.length;
  return {
    title: r.analysedScale === 'log2'
      ? msg('Normalized log2 expression matrix', { id: 'expression.matrix.title' })
      : msg('Normalized expression matrix (linear)', { id: 'expression.matrix.titleLinear' }),
    columns: ['probe', ...r.arrays],
    rows: r.probes.map((p, i) => [p, ...r.arrays.map((_, j) => n(r.values[j * nP + i]))]),
  };
}

/** The headline: how many probes are higher and lower in the comparison group, at which cut-off. */
export function headline(r: ExpressionResult, up: number, down: number, s: Pick<ExpressionSettings, 'foldChangeCutoff' | 'maxAdjP'>, loc: string): string {
  const [ref, cmp] = r.order;
  const fc = fixed(s.foldChangeCutoff, loc, s.foldChangeCutoff % 1 ? 1 : 0);
  return s.maxAdjP != null && r.de.p
    ? msg(str`${count(down, loc)} probes lower and ${count(up, loc)} higher in ${cmp} than in ${ref} (≥ ${fc}-fold, BH-adjusted p ≤ ${fixed(s.maxAdjP, loc, 2)}), of ${count(r.probes.length, loc)}.`, { id: 'expression.headlineAdj' })
    : msg(str`${count(down, loc)} probes lower and ${count(up, loc)} higher in ${cmp} than in ${ref} (≥ ${fc}-fold), of ${count(r.probes.length, loc)}.`, { id: 'expression.headline' });
}

/** A methods paragraph that states every setting (for a manuscript; the export language applies). */
export function methodsText(r: ExpressionResult, s: ExpressionSettings, loc: string): string {
  const [ref, cmp] = r.order;
  const parts: string[] = [];
  if (r.readOut.channels.some((c) => c != null)) {
    const ch = [...new Set(r.readOut.channels.filter((c): c is number => c != null))].join(', ');
    const bg = s.background === 'none'
      ? msg('without background subtraction', { id: 'expression.methods.bgNone' })
      : s.background === 'median' ? msg('minus the local background median', { id: 'expression.methods.bgMedian' }) : msg('minus the local background mean', { id: 'expression.methods.bgMean' });
    parts.push(msg(str`Spot intensities were read from the GenePix files at ${ch} nm as the foreground median ${bg}.`, { id: 'expression.methods.read' }));
    if (s.dropFlagged) parts.push(msg('Flagged spots (Flags < 0) were treated as missing.', { id: 'expression.methods.flags' }));
    if (s.averageReplicates) parts.push(msg('Replicate spots of a probe were averaged.', { id: 'expression.methods.reps' }));
  }
  if (s.excludeControls && r.readOut.controlNames.length) {
    parts.push(msg(str`Control spots (${count(r.readOut.controlNames.length, loc)} names, e.g. reference and spike-in controls) were left out, leaving ${count(r.probes.length, loc)} probes.`, { id: 'expression.methods.controls' }));
  }
  if (s.normalization === 'median') {
    parts.push(msg(str`Arrays were normalized by the median of the probes with an intensity ≥ ${fixed(s.threshold, loc, 0)} in every array (${count(r.normalization.selected, loc)} probes): each array was divided by its median and multiplied by the mean of the medians.`, { id: 'expression.methods.median' }));
  } else if (s.normalization !== 'none') {
    parts.push(msg(str`Arrays were normalized with limma's normalizeBetweenArrays (method "${s.normalization}").`, { id: 'expression.methods.limmaNorm' }));
  } else {
    parts.push(msg('The arrays were not normalized.', { id: 'expression.methods.noNorm' }));
  }
  if (r.analysedScale === 'log2') parts.push(msg('Values were log2-transformed.', { id: 'expression.methods.log2' }));
  const fc = fixed(s.foldChangeCutoff, loc, s.foldChangeCutoff % 1 ? 1 : 0);
  parts.push(msg(str`${cmp} (${arrayCount(r.de.groups[1].arrays)}) was compared with ${ref} (${arrayCount(r.de.groups[0].arrays)}).`, { id: 'expression.methods.groups' }));
  if (r.de.foldChangeOnly) {
    parts.push(msg(str`With one array per group only fold changes were computed; probes with a fold change ≥ ${fc} either way were called differentially expressed.`, { id: 'expression.methods.pooled' }));
  } else {
    const test = s.method === 'moderated'
      ? msg('limma\'s moderated t statistic (lmFit, eBayes)', { id: 'expression.methods.testModerated' })
      : s.method === 'welch' ? msg('Welch\'s t test', { id: 'expression.methods.testWelch' }) : msg('Student\'s t test', { id: 'expression.methods.testStudent' });
    parts.push(msg(str`Differences were tested with ${test}, and p-values adjusted for multiple testing by the Benjamini–Hochberg method.`, { id: 'expression.methods.test' }));
    parts.push(s.maxAdjP != null
      ? msg(str`Probes with a fold change ≥ ${fc} either way and an adjusted p ≤ ${fixed(s.maxAdjP, loc, 2)} were called differentially expressed.`, { id: 'expression.methods.callAdj' })
      : msg(str`Probes with a fold change ≥ ${fc} either way were called differentially expressed.`, { id: 'expression.methods.call' }));
  }
  parts.push(s.foldChangeBasis === 'linear'
    ? msg('Fold change is the ratio of the mean normalized intensities of the two groups.', { id: 'expression.methods.fcLinear' })
    : msg('Fold change is 2 to the power of the difference of the mean log2 values.', { id: 'expression.methods.fcLog2' }));
  return parts.join(' ');
}
