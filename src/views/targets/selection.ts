/**
 * Which miRNAs the Targets & network view analyses: the study's up- or down-regulated probes at a
 * fold-change cut-off of the user's (the array analysis' own lists when it is the same cut-off),
 * or a pasted list. Pure.
 */
import type { StudyArrayAnalysis } from '../../app/array-analysis-client.ts';

/** The paper's core miRNAs (the densest part of its network). */
export const PAPER_CORE = ['hsa-miR-15a-5p', 'hsa-miR-16-5p', 'hsa-miR-17-5p', 'hsa-miR-20a-5p'] as const;

/** The up/down list of an array analysis at a fold-change cut-off (null = the analysis' own). */
export function regulatedList(a: Pick<StudyArrayAnalysis, 'settings' | 'de' | 'up' | 'down'>, dir: 'up' | 'down', cut: number | null): string[] {
  const own = a.settings.foldChangeCutoff;
  if (cut === null || cut === own) return dir === 'up' ? a.up : a.down;
  const basis = a.settings.foldChangeBasis;
  const maxAdjP = (a.settings as { maxAdjP?: number | null }).maxAdjP ?? null;
  const out: string[] = [];
  for (const r of a.de) {
    const fc = basis === 'linear' ? r.foldChangeLinear : r.logFC === null ? null : 2 ** r.logFC;
    if (fc === null || !Number.isFinite(fc)) continue;
    if (maxAdjP !== null && !(r.adjP !== null && r.adjP <= maxAdjP)) continue;
    if (dir === 'up' ? fc >= cut : fc <= 1 / cut) out.push(r.id);
  }
  return out;
}

