import { msg, str } from '@lit/localize';
import { workbench } from './workbench-worker.ts';
import { getStudy, saveStudy, makeStoredFile } from '../storage/studies.ts';
import { newStudy, type ArrayEntry, type CohortData, type StoredFile, type StudyRecord } from '../study/model.ts';
import { guessMapping } from '../study/mapping.ts';
import { addNtaSample, setRnaYield } from '../study/exosome-data.ts';
import type { Progress } from '../worker/bridge.ts';

/**
 * What kind of study input a file is, judged from its name (content is checked by the parser). A
 * 'cohort' file may still turn out to be an NTA export or an RNA-yield table: the worker looks at
 * its content first (readExosomeFile) and only an unrecognised one is read as the cohort.
 */
export function fileKind(name: string): 'cohort' | 'xlsx' | 'gpr' | 'unknown' {
  const n = name.toLowerCase();
  if (/\.gpr(\.txt)?$/.test(n)) return 'gpr';
  if (/\.(csv|tsv|tab|txt)$/.test(n)) return 'cohort';
  if (/\.xlsx$/.test(n)) return 'xlsx';
  return 'unknown';
}

/** A user file: name, type and bytes (from a File, a fetch, or a test). */
export interface InputFile { name: string; type: string; bytes: ArrayBuffer }

/**
 * Outcome of adding files: the updated study and one message per file that was refused; with
 * `deferCohort`, the cohort tables waiting for the import wizard (not read, not stored yet).
 */
export interface AddFilesResult { study: StudyRecord; errors: string[]; added: string[]; pendingCohorts?: InputFile[] }

/** Options of adding files. */
export interface AddFilesOptions {
  groupOf?: (name: string) => string; onProgress?: (p: Progress) => void; signal?: AbortSignal;
  /**
   * Hand cohort tables (CSV/TSV/TXT that are no NTA, RNA-yield or matrix file, and XLSX) back in
   * `pendingCohorts` for the import wizard instead of reading them with the automatic guesses.
   */
  deferCohort?: boolean;
}

/**
 * Adds files to a study: a cohort table (replacing any earlier one), GPR arrays, and GEO series
 * matrix or plain matrix files (one array per column). Every file is
 * parsed in the worker first; a file that fails is reported and nothing of it is stored, so what
 * was already loaded is never lost (SPEC §2). Original bytes are stored unchanged beside the result.
 */
export async function addFilesToStudy(study: StudyRecord, files: InputFile[], opts: AddFilesOptions = {}): Promise<AddFilesResult> {
  const r = await readFilesIntoStudy(study, files, opts);
  if (r.stored.length === 0) return { study, errors: r.errors, added: r.added, pendingCohorts: r.pendingCohorts };
  return { study: await saveStudy(r.study, r.stored), errors: r.errors, added: r.added, pendingCohorts: r.pendingCohorts };
}

/** Parses files into an updated (unsaved) study record plus the files to store with it. */
export async function readFilesIntoStudy(study: StudyRecord, files: InputFile[], opts: AddFilesOptions = {}):
  Promise<AddFilesResult & { stored: StoredFile[] }> {
  const errors: string[] = [];
  const added: string[] = [];
  const stored: StoredFile[] = [];
  const pendingCohorts: InputFile[] = [];
  let cohort: CohortData | null = study.cohort;
  const arrays: ArrayEntry[] = [...study.arrays];
  let exosome = study.exosome;
  let done = 0;
  for (const f of files) {
    opts.onProgress?.({ done, total: files.length, phase: f.name });
    const kind = fileKind(f.name);
    try {
      if (kind === 'unknown') {
        throw new Error(msg(str`${f.name}: not a file type the workbench reads (CSV, TSV or GenePix GPR).`, { id: 'import.unknownType' }));
      }
      if (kind === 'xlsx' && opts.deferCohort) { pendingCohorts.push(f); done += 1; continue; }
      const sf = makeStoredFile(study.id, f.name, f.type, f.bytes);
      const ex = kind === 'cohort' ? await workbench.call('readExosomeFile', [sf.bytes.slice(0), f.name], { signal: opts.signal }) : null;
      // a GEO series matrix or plain matrix (content sniffed in the worker) adds one array per column
      const mx = kind === 'cohort' && !ex?.kind ? await workbench.call('readArrayMatrixFile', [sf.bytes.slice(0), f.name], { signal: opts.signal }) : null;
      if (mx?.kind) {
        arrays.push(...mx.entries.map((e) => ({ ...e, fileId: sf.id, group: opts.groupOf?.(f.name) ?? '' })));
      } else if (ex?.kind === 'nta') {
        exosome = addNtaSample(exosome, ex.nta, sf.id, opts.groupOf?.(f.name));
      } else if (ex?.kind === 'rna-yield') {
        exosome = setRnaYield(exosome, ex.table, sf.id);
      } else if (kind === 'cohort' && opts.deferCohort) {
        pendingCohorts.push(f);
        done += 1;
        continue;
      } else if (kind === 'xlsx') {
        const p = await workbench.call('previewCohortFile', [sf.bytes.slice(0), f.name, {}], { signal: opts.signal });
        const r = await workbench.call('importCohortFile', [sf.bytes.slice(0), f.name, {}, p.guess, undefined], { signal: opts.signal });
        cohort = { fileId: sf.id, ...r.cohort };
      } else if (kind === 'cohort') {
        const t = await workbench.call('readCohort', [sf.bytes.slice(0), f.name], { signal: opts.signal });
        cohort = { fileId: sf.id, fileName: f.name, ...t, mapping: guessMapping(t.columns) };
      } else {
        const s = await workbench.call('readGprSummary', [sf.bytes.slice(0), f.name], { signal: opts.signal });
        arrays.push({ ...s, fileId: sf.id, group: opts.groupOf?.(f.name) ?? '' });
      }
      stored.push(sf);
      added.push(f.name);
    } catch (e) {
      if ((e as Error)?.name === 'AbortError') throw e;
      errors.push(String((e as Error)?.message ?? e));
    }
    done += 1;
  }
  opts.onProgress?.({ done, total: files.length });
  return { study: { ...study, cohort, arrays, ...(exosome ? { exosome } : {}) }, errors, added, stored, pendingCohorts };
}

/** Creates and saves an empty study. */
export async function createStudy(name: string): Promise<StudyRecord> {
  return saveStudy(newStudy(name.trim() || msg('Untitled study', { id: 'study.untitled' })));
}

/** Reads a browser File into an InputFile. */
export async function fromBrowserFile(f: File): Promise<InputFile> {
  return { name: f.name, type: f.type, bytes: await f.arrayBuffer() };
}

/** Renames a study. */
export async function renameStudy(id: string, name: string): Promise<StudyRecord | undefined> {
  const s = await getStudy(id);
  return s ? saveStudy({ ...s, name }) : undefined;
}
