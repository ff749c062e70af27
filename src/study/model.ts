/**
 * The persisted shape of a study. Everything here is structured-clone friendly (no class
 * instances, no subarrays) because it goes straight into IndexedDB and through postMessage.
 */
import type { NtaFile } from '../formats/nta.ts';
import type { RnaYieldTable } from '../formats/rna-yield.ts';
import type { CohortImportOptions } from './cohort-import.ts';
import type { EpisodeSettings } from './episodes.ts';

/** A file exactly as the user gave it: original bytes unchanged (SPEC §2). Stored under its own key. */
export interface StoredFile {
  id: string;
  studyId: string;
  name: string;
  /** MIME type reported by the browser, or a guess from the extension. */
  type: string;
  size: number;
  /** The original bytes, never modified. */
  bytes: ArrayBuffer;
  addedAt: string;
}

/** What the workbench understood of a cohort table (rows are kept as text; typing happens per field). */
export interface CohortData {
  fileId: string;
  fileName: string;
  encoding: string;
  delimiter: string;
  columns: string[];
  rows: string[][];
  /** 1-based source line of each row, so later messages can point back into the file. */
  lineOfRow: number[];
  /** study-field key → column name in the file (null = not mapped). */
  mapping: Record<string, string | null>;
  report: { rows: number; columns: number; emptyRowsDropped: number; raggedRows: number };
  // The fields below come from the import wizard (src/views/import-wizard.ts). They are optional,
  // so cohorts stored before the wizard existed need no schema bump: absent means automatic
  // reading, one row per patient, the DR rules of SPEC §3, and per-column decimal marks.
  /** How the file was read (encoding, delimiter, decimal mark, header line, XLSX sheet). */
  importOptions?: CohortImportOptions;
  /** Decimal mark of numeric columns ('auto' or absent: decided per column). */
  decimalMark?: 'auto' | 'point' | 'comma';
  /** 'episodes': the rows are patients aggregated from a one-row-per-admission file (src/study/episodes.ts). */
  shape?: 'patients' | 'episodes';
  /** The episode aggregation settings, and how many episode rows the file had. */
  episodes?: EpisodeSettings & { episodeRows: number };
  /** A column that already holds each patient's DR group, read instead of the classification rules. */
  drGroupColumn?: string | null;
  /** What the validation report of the import found, in short (for the Cohort tab). */
  validation?: { rowsRead: number; patients: number; unreadable: number; warnings: number; importedAt: string };
}

/**
 * One array of the study and what was read from it: a GenePix GPR file ('gpr', one entry per
 * file), or one column of a GEO series matrix ('geo') or plain matrix file ('matrix'), one entry
 * per column, all sharing the file's `fileId` (src/study/array-sources.ts arrayKey tells them apart).
 * The non-GPR formats and the fields marked optional below were added without a schema bump:
 * they are optional, and a record without them is a GPR file read before they existed.
 */
export interface ArrayEntry {
  fileId: string;
  fileName: string;
  /** Sample group label (e.g. "Bz-responsive"); user data, shown as typed. */
  group: string;
  format: 'gpr' | 'geo' | 'matrix';
  /** GEO/matrix: 0-based column of this array in the file's table. */
  column?: number;
  /** GEO/matrix: the column header (GSM accession or array name). */
  sample?: string;
  /** GEO: the sample's !Sample_title ('' when absent). */
  title?: string;
  /** GEO/matrix: values read as linear intensities or as log2 (GEO2R's rule for GEO files). */
  scale?: 'linear' | 'log2';
  /** GEO/matrix: missing values in this column. */
  missing?: number;
  /** GEO: series accession and platform, e.g. "GSE8972", "GPL81". */
  series?: string;
  platform?: string;
  /** GPR: spots whose name marks a spike-in control ("spike…"); absent for files read before it was counted. */
  spikeIns?: number;
  atfVersion: string;
  type: string;
  wavelengths: number[];
  spots: number;
  distinctNames: number;
  emptySpots: number;
  controls: number;
  flaggedByValue: Record<string, number>;
}

/** One NTA size distribution of the study: a parsed NanoSight export and its sample group. */
export interface NtaSampleEntry extends NtaFile {
  fileId: string;
  /** Sample group (e.g. "Bz-resistant"); user data, shown as typed; '' = not assigned. */
  group: string;
}

/** The study's RNA-yield table (one row per sample, ng/µl). */
export interface RnaYieldEntry extends RnaYieldTable {
  fileId: string;
}

/** Exosome QC inputs (SPEC §2; paper Figures 1–2A): NTA size distributions and RNA yields. */
export interface ExosomeData {
  samples: NtaSampleEntry[];
  /** The latest RNA-yield table added (a new one replaces it), or null. */
  rna: RnaYieldEntry | null;
}

/** A study: its metadata, cohort and arrays. Settings and results arrive with later views. */
export interface StudyRecord {
  id: string;
  name: string;
  description: string;
  /** True for generated demo data (shown with a "synthetic" badge everywhere). */
  synthetic: boolean;
  createdAt: string;
  updatedAt: string;
  cohort: CohortData | null;
  arrays: ArrayEntry[];
  /**
   * Exosome QC data. Optional, so studies saved before it existed need no schema migration
   * (absent = no NTA or RNA-yield file added yet).
   */
  exosome?: ExosomeData;
  settings: Record<string, unknown>;
  /** Revision, +1 on every save: a save based on an older revision is refused (another tab saved). */
  rev: number;
}

/** A short summary for the Studies list (read without loading cohorts). */
export interface StudySummary {
  id: string;
  name: string;
  synthetic: boolean;
  createdAt: string;
  updatedAt: string;
  patients: number;
  arrays: number;
}

/** Summary of a study record for the Studies list. */
export function summarize(s: StudyRecord): StudySummary {
  return {
    id: s.id, name: s.name, synthetic: s.synthetic, createdAt: s.createdAt, updatedAt: s.updatedAt,
    patients: s.cohort?.rows.length ?? 0, arrays: s.arrays.length,
  };
}

/** A new, empty study. */
export function newStudy(name: string, opts: { id?: string; synthetic?: boolean; description?: string; now?: Date } = {}): StudyRecord {
  const now = (opts.now ?? new Date()).toISOString();
  return {
    id: opts.id ?? randomId(), name, description: opts.description ?? '', synthetic: opts.synthetic ?? false,
    createdAt: now, updatedAt: now, cohort: null, arrays: [], settings: {}, rev: 0,
  };
}

/** A random id (crypto.randomUUID where available). */
export function randomId(): string {
  const c = (globalThis as { crypto?: Crypto }).crypto;
  if (c?.randomUUID) return c.randomUUID();
  const b = new Uint8Array(16);
  c!.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}
