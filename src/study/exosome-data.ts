/**
 * Adding exosome QC files to a study's data (pure; the worker has already parsed them):
 * - an NTA export joins the samples (a file of the same name replaces the earlier one); its group
 *   is the one given (the demo's), else the RNA table's group of the same sample name, else '';
 * - an RNA-yield table replaces any earlier one and fills in the group of every NTA sample that
 *   has none, by sample name (case-insensitive). Groups a user set are never overwritten.
 */
import type { NtaFile } from '../formats/nta.ts';
import type { RnaYieldTable } from '../formats/rna-yield.ts';
import type { ExosomeData } from './model.ts';

/** Empty exosome data. */
export const emptyExosome = (): ExosomeData => ({ samples: [], rna: null });

/** The RNA table's group of a sample name, or ''. */
export function rnaGroupOf(rna: RnaYieldTable | null, sampleName: string): string {
  const k = sampleName.trim().toLowerCase();
  return rna?.rows.find((r) => r.sample.toLowerCase() === k)?.group ?? '';
}

/** Adds (or replaces, by file name) one NTA sample. */
export function addNtaSample(data: ExosomeData | undefined, nta: NtaFile, fileId: string, group?: string): ExosomeData {
  const d = data ?? emptyExosome();
  const entry = { ...nta, fileId, group: group || rnaGroupOf(d.rna, nta.sampleName) };
  const at = d.samples.findIndex((s) => s.fileName === nta.fileName);
  const samples = at >= 0 ? d.samples.map((s, i) => (i === at ? entry : s)) : [...d.samples, entry];
  return { ...d, samples };
}

/** Sets the RNA-yield table and fills in missing NTA sample groups from it. */
export function setRnaYield(data: ExosomeData | undefined, table: RnaYieldTable, fileId: string): ExosomeData {
  const d = data ?? emptyExosome();
  const rna = { ...table, fileId };
  return { rna, samples: d.samples.map((s) => (s.group ? s : { ...s, group: rnaGroupOf(rna, s.sampleName) })) };
}

/** Changes one NTA sample's group. */
export function setNtaGroup(data: ExosomeData, fileId: string, group: string): ExosomeData {
  return { ...data, samples: data.samples.map((s) => (s.fileId === fileId ? { ...s, group } : s)) };
}

