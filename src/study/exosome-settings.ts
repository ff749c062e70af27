/**
 * Settings of the Exosome QC view, kept in `study.settings.exosome` (persisted with the study, read
 * back by the report's methods paragraph). Unknown or missing values fall back to the defaults, so
 * an old study or a hand-edited bundle never breaks the view.
 */
import type { StudyRecord } from './model.ts';

/**
 * Two-group test of RNA yield. The paper ran SPSS's independent-samples t-test; its printed
 * p = 0.033 (350.17 ± 37.55 vs 235.43 ± 3.91 ng/µl, n = 3 each) is the 'equal variances not
 * assumed' row, i.e. Welch's test (Student's row gives 0.006), so 'welch' is the default.
 */
export type RnaTest = 'student' | 'welch' | 'mann-whitney';

/** Test across three or more groups. 'anova' is the paper's (classic one-way ANOVA). */
export type RnaGroupTest = 'anova' | 'welch-anova' | 'kruskal';

/** Exosome QC settings. */
export interface ExosomeSettings {
  /** Concentration axis of the size-distribution figure. */
  scale: 'linear' | 'log';
  /** Concentrations as exported (NTA already applies the dilution factor entered in it), or × the file's dilution factor. */
  dilution: 'as-exported' | 'multiply';
  /** Right end of the size axis, nm. */
  sizeMax: number;
  /** Draw each group's mean distribution over the samples' curves. */
  groupMeans: boolean;
  /** Test of the two groups compared on the RNA figure. */
  test: RnaTest;
  /** Test across all groups when there are three or more. */
  groupTest: RnaGroupTest;
  /** The two groups compared (group values); null = the first two groups of the RNA table. */
  pair: [string, string] | null;
}

/** Defaults: the paper's choices (Student t, classic ANOVA), linear axis, sizes up to 500 nm. */
export const DEFAULT_EXOSOME_SETTINGS: Readonly<ExosomeSettings> = {
  scale: 'linear', dilution: 'as-exported', sizeMax: 500, groupMeans: false, test: 'welch', groupTest: 'anova', pair: null,
};

const oneOf = <T extends string>(v: unknown, allowed: readonly T[], d: T): T => (allowed.includes(v as T) ? (v as T) : d);

/** The study's exosome settings, defaults filled in. */
export function exosomeSettings(study: Pick<StudyRecord, 'settings'>): ExosomeSettings {
  const raw = (study.settings?.exosome ?? {}) as Partial<Record<keyof ExosomeSettings, unknown>>;
  const d = DEFAULT_EXOSOME_SETTINGS;
  const pair = Array.isArray(raw.pair) && raw.pair.length === 2 && raw.pair.every((x) => typeof x === 'string') && raw.pair[0] !== raw.pair[1]
    ? [raw.pair[0], raw.pair[1]] as [string, string] : null;
  const sizeMax = typeof raw.sizeMax === 'number' && raw.sizeMax >= 50 && raw.sizeMax <= 2000 ? raw.sizeMax : d.sizeMax;
  return {
    scale: oneOf(raw.scale, ['linear', 'log'], d.scale),
    dilution: oneOf(raw.dilution, ['as-exported', 'multiply'], d.dilution),
    sizeMax,
    groupMeans: typeof raw.groupMeans === 'boolean' ? raw.groupMeans : d.groupMeans,
    test: oneOf(raw.test, ['student', 'welch', 'mann-whitney'], d.test),
    groupTest: oneOf(raw.groupTest, ['anova', 'welch-anova', 'kruskal'], d.groupTest),
    pair,
  };
}

/** A copy of the study with changed exosome settings. */
export function withExosomeSettings(study: StudyRecord, patch: Partial<ExosomeSettings>): StudyRecord {
  return { ...study, settings: { ...study.settings, exosome: { ...exosomeSettings(study), ...patch } } };
}
