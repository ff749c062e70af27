/**
 * Settings of the Targets & network view, persisted per study in `study.settings.targets`
 * (resources are shared by every study; a study remembers which ones it uses). Read back field by
 * field, so a record from an older build or a hand-edited bundle falls back to the defaults.
 */

/** Where the miRNAs come from. */
export type MirnaSource = 'down' | 'up' | 'list';

/** Network drawn. */
export type NetworkMode = 'synergy' | 'bipartite';

/** x axis of the enrichment dot plot. */
export type DotPlotX = 'fold' | 'fdr';

export interface TargetsSettings {
  /** Target table and gene-set resources used (ids), null = none chosen yet. */
  targetsId: string | null;
  gmtId: string | null;
  source: MirnaSource;
  /** Fold-change cut-off of the up/down lists; null = the arrays analysis' own cut-off. */
  foldChange: number | null;
  /** The pasted list (as typed). */
  list: string;
  /** Arm meant by arm-less names when the table has both arms. */
  preferArm: '5p' | '3p' | null;
  /** Gene-set sizes tested (genes in the universe). */
  minSize: number;
  maxSize: number;
  plotX: DotPlotX;
  /** Sets shown in the dot plot. */
  plotTop: number;
  network: {
    mode: NetworkMode;
    maxP: number;
    adjust: 'none' | 'BH';
    minShared: number;
    minMirnas: number;
    maxGenes: number;
    /** Leave out miRNAs without an edge. */
    hideIsolated: boolean;
    /** Seed of the layout. */
    seed: number;
  };
}

export const DEFAULT_TARGETS_SETTINGS: Readonly<TargetsSettings> = Object.freeze({
  targetsId: null,
  gmtId: null,
  source: 'down',
  foldChange: null,
  list: '',
  preferArm: null,
  minSize: 5,
  maxSize: 500,
  plotX: 'fold',
  plotTop: 20,
  network: Object.freeze({ mode: 'synergy', maxP: 0.05, adjust: 'none', minShared: 1, minMirnas: 2, maxGenes: 150, hideIsolated: true, seed: 1 }),
}) as Readonly<TargetsSettings>;

const num = (v: unknown, d: number, ok: (x: number) => boolean): number => (typeof v === 'number' && Number.isFinite(v) && ok(v) ? v : d);
const oneOf = <T extends string>(v: unknown, all: readonly T[], d: T): T => (all.includes(v as T) ? (v as T) : d);
const idOrNull = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** The view's settings from whatever is stored (unknown or bad fields get the defaults). */
export function normalizeTargetsSettings(raw: unknown): TargetsSettings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const n = (r.network && typeof r.network === 'object' ? r.network : {}) as Record<string, unknown>;
  const d = DEFAULT_TARGETS_SETTINGS;
  const minSize = num(r.minSize, d.minSize, (x) => Number.isInteger(x) && x >= 0);
  return {
    targetsId: idOrNull(r.targetsId),
    gmtId: idOrNull(r.gmtId),
    source: oneOf(r.source, ['down', 'up', 'list'] as const, d.source),
    foldChange: r.foldChange === null || r.foldChange === undefined ? null : num(r.foldChange, 2, (x) => x >= 1),
    list: typeof r.list === 'string' ? r.list : '',
    preferArm: r.preferArm === '5p' || r.preferArm === '3p' ? r.preferArm : null,
    minSize,
    maxSize: num(r.maxSize, d.maxSize, (x) => Number.isInteger(x) && x >= minSize),
    plotX: oneOf(r.plotX, ['fold', 'fdr'] as const, d.plotX),
    plotTop: num(r.plotTop, d.plotTop, (x) => Number.isInteger(x) && x >= 1 && x <= 100),
    network: {
      mode: oneOf(n.mode, ['synergy', 'bipartite'] as const, d.network.mode),
      maxP: num(n.maxP, d.network.maxP, (x) => x >= 0 && x <= 1),
      adjust: oneOf(n.adjust, ['none', 'BH'] as const, d.network.adjust),
      minShared: num(n.minShared, d.network.minShared, (x) => Number.isInteger(x) && x >= 1),
      minMirnas: num(n.minMirnas, d.network.minMirnas, (x) => Number.isInteger(x) && x >= 1),
      maxGenes: num(n.maxGenes, d.network.maxGenes, (x) => Number.isInteger(x) && x >= 1 && x <= 2000),
      hideIsolated: typeof n.hideIsolated === 'boolean' ? n.hideIsolated : d.network.hideIsolated,
      seed: num(n.seed, d.network.seed, (x) => Number.isInteger(x) && x >= 0),
    },
  };
}
