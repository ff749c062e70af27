/**
 * Settings of the study's array analysis (the Expression view and every view that reuses its
 * result), persisted in `study.settings.arrays`. They extend the pipeline's ArrayAnalysisSettings
 * (src/study/array-analysis.ts) with what belongs to a study: which two groups are compared and in
 * which order, whether control spots are left out, how a matrix's scale is read, and the optional
 * significance filter of the up/down lists.
 */
import { msg, str } from '@lit/localize';
import { PAPER_ARRAY_SETTINGS, type ArrayAnalysisSettings, type NormalizationMethod } from './array-analysis.ts';
import type { DeMethod, FoldChangeBasis } from '../stats/differential.ts';

/** The study's array-analysis settings (study.settings.arrays). */
export interface ExpressionSettings extends ArrayAnalysisSettings {
  /**
   * Leave control spots out (GPR spots the reader marks as controls: Hy3 reference, spike-ins,
   * blank/buffer/water; AFFX- probes in GEO/matrix files). On by default: the paper analysed the
   * 3180 miRNA capture probes, not the controls.
   */
  excludeControls: boolean;
  /** The reference and comparison group (logFC = comparison − reference); null = chosen by {@link chooseGroupOrder}. */
  groupOrder: [string, string] | null;
  /** How the values of GEO/matrix files are read: detected (GEO2R's rule), linear intensities, or log2. */
  inputScale: 'auto' | 'linear' | 'log2';
  /** Also require BH-adjusted p ≤ this for the up/down lists (null = fold change only, as the paper). */
  maxAdjP: number | null;
}

/**
 * The paper's Methods as defaults: Hy3 read at 532 nm, median background subtracted, flagged spots
 * dropped, replicate spots averaged, controls left out, median normalization on probes ≥ 30 in every
 * array, log2, 2-fold change of the ratio of normalized means; limma's moderated t for the p-values
 * (the paper pooled samples and reported fold changes only; with replicate arrays a test is possible).
 */
export const DEFAULT_EXPRESSION_SETTINGS: Readonly<ExpressionSettings> = Object.freeze({
  ...PAPER_ARRAY_SETTINGS,
  excludeNames: [],
  excludePrefixes: [],
  excludeControls: true,
  groupOrder: null,
  inputScale: 'auto',
  maxAdjP: null,
});

const oneOf = <T extends string>(v: unknown, allowed: readonly T[], d: T): T => (allowed.includes(v as T) ? (v as T) : d);
const num = (v: unknown, d: number, ok: (x: number) => boolean): number => (typeof v === 'number' && Number.isFinite(v) && ok(v) ? v : d);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** Reads persisted settings (anything: older or hand-edited records), filling every gap with the defaults. */
export function expressionSettings(raw: unknown): ExpressionSettings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const d = DEFAULT_EXPRESSION_SETTINGS;
  const channel = typeof r.channel === 'number' && Number.isFinite(r.channel) ? r.channel
    : typeof r.channel === 'string' && r.channel.trim() !== '' ? r.channel : r.channel === null ? null : d.channel;
  const order = Array.isArray(r.groupOrder) && r.groupOrder.length === 2 && r.groupOrder.every((g) => typeof g === 'string' && g !== '') && r.groupOrder[0] !== r.groupOrder[1]
    ? [r.groupOrder[0], r.groupOrder[1]] as [string, string] : null;
  return {
    channel,
    background: oneOf(r.background, ['median', 'mean', 'none'] as const, d.background),
    dropFlagged: typeof r.dropFlagged === 'boolean' ? r.dropFlagged : d.dropFlagged,
    averageReplicates: typeof r.averageReplicates === 'boolean' ? r.averageReplicates : d.averageReplicates,
    excludeNames: strings(r.excludeNames),
    excludePrefixes: strings(r.excludePrefixes),
    normalization: oneOf<NormalizationMethod>(r.normalization, ['median', 'scale', 'quantile', 'none'], d.normalization),
    threshold: num(r.threshold, d.threshold, (x) => x >= 0),
    log2: typeof r.log2 === 'boolean' ? r.log2 : d.log2,
    method: oneOf<DeMethod>(r.method, ['moderated', 'welch', 'student'], d.method),
    foldChangeCutoff: num(r.foldChangeCutoff, d.foldChangeCutoff, (x) => x >= 1),
    foldChangeBasis: oneOf<FoldChangeBasis>(r.foldChangeBasis, ['linear', 'log2'], d.foldChangeBasis),
    excludeControls: typeof r.excludeControls === 'boolean' ? r.excludeControls : d.excludeControls,
    groupOrder: order,
    inputScale: oneOf(r.inputScale, ['auto', 'linear', 'log2'] as const, d.inputScale),
    maxAdjP: r.maxAdjP === null ? null : num(r.maxAdjP, NaN, (x) => x > 0 && x <= 1) || null,
  };
}

/**
 * The settings that change the worker's numbers (read-out, normalization, test). The fold-change
 * cut-off, its basis and the significance filter only classify finished results, so changing them
 * never re-runs the analysis.
 */
export function analysisSettingsKey(s: ExpressionSettings): string {
  return JSON.stringify([s.channel, s.background, s.dropFlagged, s.averageReplicates, s.excludeNames, s.excludePrefixes, s.excludeControls,
    s.inputScale, s.normalization, s.threshold, s.log2, s.method]);
}

/** Group labels that read as drug-resistant / non-responding (the comparison group by default). */
const RESISTANT = /resist|refractor|non[\s_-]?respon|\bDR\b|progress|relaps|耐药|难治|无效|进展/i;
/** Group labels that read as responding (the preferred reference), then as controls. */
const RESPONDING = /respons|respond|sensitiv|敏感|有效|缓解/i;
const CONTROL = /control|healthy|normal|\bwt\b|wild|baseline|对照|健康|正常/i;

/** How the compared groups were chosen. */
export interface GroupChoice {
  /** Non-empty group labels of the arrays, in order of first appearance. */
  groups: string[];
  /** [reference, comparison], or null when fewer than two groups have arrays. */
  order: [string, string] | null;
  /** 'saved' = the user's choice; 'auto' = the rule below. */
  source: 'saved' | 'auto' | null;
  /** Which automatic rule chose: a resistant-looking comparison, a control-looking reference, or the first two groups. */
  rule: 'resistant' | 'control' | 'first' | null;
}

/**
 * Which two groups are compared, and in which order (logFC = comparison − reference):
 * 1. the saved order, when both of its groups still have arrays;
 * 2. otherwise the comparison group is the first whose label reads as resistant/refractory/
 *    non-responding (e.g. "Bz-resistant": the demo's DR arrays), and the reference the first other
 *    group that reads as responding/sensitive, else as a control (healthy, wild type), else the first
 *    other group;
 * 3. otherwise a group that reads as a control (healthy, normal, wild type) is the reference and the
 *    first other group the comparison;
 * 4. with no such label, the groups in order of first appearance (first = reference).
 * The user can swap the two or pick others in the Expression view; the choice is saved.
 */
export function chooseGroupOrder(labels: readonly (string | null | undefined)[], saved: [string, string] | null): GroupChoice {
  const groups: string[] = [];
  for (const l of labels) if (l && !groups.includes(l)) groups.push(l);
  if (groups.length < 2) return { groups, order: null, source: null, rule: null };
  if (saved && groups.includes(saved[0]) && groups.includes(saved[1]) && saved[0] !== saved[1]) return { groups, order: [saved[0], saved[1]], source: 'saved', rule: null };
  const comparison = groups.find((g) => RESISTANT.test(g));
  if (comparison) {
    const others = groups.filter((g) => g !== comparison);
    const reference = others.find((g) => RESPONDING.test(g) && !RESISTANT.test(g)) ?? others.find((g) => CONTROL.test(g) && !RESISTANT.test(g)) ?? others[0];
    return { groups, order: [reference, comparison], source: 'auto', rule: 'resistant' };
  }
  const control = groups.find((g) => CONTROL.test(g));
  if (control) return { groups, order: [control, groups.find((g) => g !== control)!], source: 'auto', rule: 'control' };
  return { groups, order: [groups[0], groups[1]], source: 'auto', rule: 'first' };
}

/** The message of a group problem for the view (fewer than two groups with arrays). */
export function needTwoGroupsMessage(groups: readonly string[]): string {
  return groups.length === 0
    ? msg('No array has a sample group yet. Give each array a group on the Arrays tab (for example Bz-responsive and Bz-resistant).', { id: 'expression.error.noGroups' })
    : msg(str`Only one sample group (${groups[0]}) has arrays: a comparison needs two. Give the other arrays their group on the Arrays tab.`, { id: 'expression.error.oneGroup' });
}
