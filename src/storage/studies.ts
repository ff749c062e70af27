import { msg } from '@lit/localize';
import { openStore, get, keys, getMany, setMany, delMany } from './db.ts';
import { summarize, randomId, type StoredFile, type StudyRecord, type StudySummary } from '../study/model.ts';

/** A write that failed; the previous state is untouched (every write is one transaction). */
export class StorageWriteError extends Error {
  constructor(readonly quota: boolean, cause: unknown) {
    super(quota
      ? msg('The browser storage is full. Nothing was changed. Export a study bundle, delete studies you no longer need, and try again.', { id: 'storage.quotaFull' })
      : msg('Saving to browser storage failed. Nothing was changed.', { id: 'storage.writeFailed' }) + ` (${String((cause as Error)?.message ?? cause)})`);
    this.name = 'StorageWriteError';
  }
}

const studyKey = (id: string) => `study:${id}`;
const fileKey = (id: string) => `file:${id}`;

/** Runs one idb-keyval transaction of writes, turning a failure into StorageWriteError. */
async function writeAll(entries: [IDBValidKey, unknown][]): Promise<void> {
  const store = await openStore();
  try {
    await setMany(entries, store);
  } catch (e) {
    const name = (e as DOMException)?.name ?? '';
    throw new StorageWriteError(name === 'QuotaExceededError' || /quota/i.test(String((e as Error)?.message)), e);
  }
}

/** Summaries of every study kept in this browser, newest first. */
export async function listStudies(): Promise<StudySummary[]> {
  const store = await openStore();
  const ks = (await keys(store)).filter((k) => typeof k === 'string' && k.startsWith('study:'));
  const records = (await getMany<StudyRecord | undefined>(ks, store)).filter((r): r is StudyRecord => !!r);
  return records.map(summarize).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
}

/** One study, or undefined. */
export async function getStudy(id: string): Promise<StudyRecord | undefined> {
  return get<StudyRecord>(studyKey(id), await openStore());
}

/** Saves a study record (and, in the same transaction, any new files). */
export async function saveStudy(study: StudyRecord, files: StoredFile[] = []): Promise<StudyRecord> {
  const rec = { ...study, updatedAt: new Date().toISOString() };
  await writeAll([[studyKey(rec.id), rec], ...files.map((f): [string, StoredFile] => [fileKey(f.id), f])]);
  return rec;
}

/** Wraps user bytes as a StoredFile (copied, so no view of a larger buffer is stored: pitfall 8). */
export function makeStoredFile(studyId: string, name: string, type: string, bytes: Uint8Array | ArrayBuffer): StoredFile {
  const copy = bytes instanceof ArrayBuffer ? bytes.slice(0) : bytes.slice().buffer;
  return { id: randomId(), studyId, name, type, size: copy.byteLength, bytes: copy, addedAt: new Date().toISOString() };
}

/** The original bytes of one stored file. */
export async function getFile(id: string): Promise<StoredFile | undefined> {
  return get<StoredFile>(fileKey(id), await openStore());
}

/** All stored files of a study. */
export async function filesOfStudy(studyId: string): Promise<StoredFile[]> {
  const store = await openStore();
  const ks = (await keys(store)).filter((k) => typeof k === 'string' && k.startsWith('file:'));
  return (await getMany<StoredFile | undefined>(ks, store)).filter((f): f is StoredFile => !!f && f.studyId === studyId);
}

/** Everything a deleted study had, kept in memory so the deletion can be undone. */
export interface DeletedStudy { study: StudyRecord; files: StoredFile[] }

/** Deletes a study and its files in one transaction; returns what is needed to undo it. */
export async function deleteStudy(id: string): Promise<DeletedStudy | undefined> {
  const store = await openStore();
  const study = await getStudy(id);
  if (!study) return undefined;
  const files = await filesOfStudy(id);
  await delMany([studyKey(id), ...files.map((f) => fileKey(f.id))], store);
  return { study, files };
}

/** Puts a deleted study back exactly as it was. */
export async function restoreStudy(d: DeletedStudy): Promise<void> {
  await writeAll([[studyKey(d.study.id), d.study], ...d.files.map((f): [string, StoredFile] => [fileKey(f.id), f])]);
}

/** Storage use and whether the browser granted persistent storage (SPEC §5 Studies list). */
export interface StorageState { usage: number | null; quota: number | null; persisted: boolean | null }

/** Reads navigator.storage.estimate() and persisted(); nulls where the browser does not say. */
export async function storageState(): Promise<StorageState> {
  const s = (globalThis.navigator as Navigator | undefined)?.storage;
  if (!s) return { usage: null, quota: null, persisted: null };
  const [est, persisted] = await Promise.all([
    s.estimate ? s.estimate().catch(() => null) : null,
    s.persisted ? s.persisted().catch(() => null) : null,
  ]);
  return { usage: est?.usage ?? null, quota: est?.quota ?? null, persisted };
}

/** Asks the browser to keep this site's data (a request only: the browser may say no). */
export async function requestPersistence(): Promise<boolean> {
  const s = (globalThis.navigator as Navigator | undefined)?.storage;
  return s?.persist ? s.persist().catch(() => false) : false;
}
