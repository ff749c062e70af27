import { msg } from '@lit/localize';
import { openStore, get, keys, getMany, setMany, delMany, update, clear, forgetStore, DB_NAME } from './db.ts';
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

/** Another tab saved the study since this copy was read; nothing was written. */
export class StudyConflictError extends Error {
  constructor(readonly stored: StudyRecord) {
    super(msg('This study was changed in another tab or window. Your last change was not saved; the latest version has been loaded.', { id: 'storage.conflict' }));
    this.name = 'StudyConflictError';
  }
}

/**
 * Saves a study record whose `rev` is the revision it was read at: the stored record must still
 * be at that revision (else StudyConflictError, nothing written), and is written at rev + 1 in the
 * same IndexedDB transaction as the check. New files are written first; if the record is refused
 * they are removed again. Other tabs are told through a BroadcastChannel.
 */
export async function saveStudy(study: StudyRecord, files: StoredFile[] = []): Promise<StudyRecord> {
  const store = await openStore();
  if (files.length) await writeAll(files.map((f): [string, StoredFile] => [fileKey(f.id), f]));
  const rec: StudyRecord = { ...study, rev: (study.rev ?? 0) + 1, updatedAt: new Date().toISOString() };
  let conflict: StudyRecord | null = null;
  try {
    await update<StudyRecord>(studyKey(study.id), (stored) => {
      if (stored && (stored.rev ?? 0) !== (study.rev ?? 0)) { conflict = stored; return stored; }
      return rec;
    }, store);
  } catch (e) {
    if (files.length) await delMany(files.map((f) => fileKey(f.id)), store).catch(() => {});
    const name = (e as DOMException)?.name ?? '';
    throw new StorageWriteError(name === 'QuotaExceededError' || /quota/i.test(String((e as Error)?.message)), e);
  }
  if (conflict) {
    if (files.length) await delMany(files.map((f) => fileKey(f.id)), store).catch(() => {});
    throw new StudyConflictError(conflict);
  }
  announce({ type: 'study-saved', id: rec.id, rev: rec.rev });
  return rec;
}

/** A change another tab made to the stored studies. */
export type StorageEvent = { type: 'study-saved'; id: string; rev: number } | { type: 'study-deleted'; id: string } | { type: 'all-deleted' };

const channel: BroadcastChannel | null = typeof BroadcastChannel !== 'undefined' ? new BroadcastChannel('mmdr-workbench-storage') : null;

function announce(e: StorageEvent): void {
  try { channel?.postMessage(e); } catch { /* another tab is only a courtesy */ }
}

/** Calls `fn` when another tab of this workbench changes stored studies; returns an unsubscribe. */
export function onOtherTabChange(fn: (e: StorageEvent) => void): () => void {
  if (!channel) return () => {};
  const h = (m: MessageEvent<StorageEvent>) => fn(m.data);
  channel.addEventListener('message', h);
  return () => channel.removeEventListener('message', h);
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
  announce({ type: 'study-deleted', id });
  return { study, files };
}

/** Puts a deleted study back exactly as it was. */
export async function restoreStudy(d: DeletedStudy): Promise<void> {
  await writeAll([...d.files.map((f): [string, StoredFile] => [fileKey(f.id), f]), [studyKey(d.study.id), d.study]]);
  announce({ type: 'study-saved', id: d.study.id, rev: d.study.rev });
}

/**
 * Deletes every study and file of the workbench in this browser: the whole IndexedDB database
 * and the stored preferences. There is no undo (the UI asks first and offers export).
 */
export async function deleteAllData(): Promise<void> {
  const store = await openStore();
  await clear(store); // immediate and real, even if another tab keeps the database open
  const db = await store('readonly', (s) => s.transaction.db);
  db.close(); // our own connection would otherwise block the deletion
  forgetStore();
  await new Promise<void>((resolve, reject) => {
    const req = indexedDB.deleteDatabase(DB_NAME);
    req.onsuccess = () => resolve();
    req.onerror = () => reject(req.error);
    req.onblocked = () => resolve(); // other tabs still hold it open: it is deleted when they close
  });
  try { globalThis.localStorage?.removeItem('mmdr.locale'); } catch { /* private mode */ }
  announce({ type: 'all-deleted' });
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
