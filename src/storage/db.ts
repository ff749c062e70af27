import { createStore, get, set, del, keys, getMany, setMany, delMany, clear, update, type UseStore } from 'idb-keyval';

/**
 * One namespaced IndexedDB database for the whole workbench, through idb-keyval.
 *
 * Key layout (all in one object store, prefixes keep kinds apart):
 *
 *   schema              → number           schema version of everything below
 *   study:<id>          → StudyRecord      metadata, parsed cohort, array summaries, settings
 *   file:<id>           → StoredFile       original bytes of an imported file, never modified
 *   resource:<id>       → ResourceRecord   a target table or GMT file shared by every study
 *                                          (src/storage/resources.ts; not in study bundles)
 *
 * A new key prefix changes no stored shape, so it needs no schema bump (older data simply has no
 * keys of it); a changed shape under an existing prefix does.
 *
 * Migrations: MIGRATIONS[v] upgrades data from version v to v + 1. Opening the store runs every
 * migration between the stored version and SCHEMA_VERSION, in order, before anything else reads.
 */
export const DB_NAME = 'mmdr-workbench';
export const STORE_NAME = 'kv';
/** Current schema version. Bump it and append a migration when the stored shape changes. */
export const SCHEMA_VERSION = 2;

/** A migration step: reads and writes through the given store. */
export type Migration = (store: UseStore) => Promise<void>;

/**
 * MIGRATIONS[v] upgrades from version v to v + 1. Version 0 is "a database from before versioning"
 * (nothing of ours was ever written without a version, so it only stamps the version).
 */
export const MIGRATIONS: Migration[] = [
  async () => { /* 0 → 1: first schema; nothing to transform */ },
  async (store) => {
    // 1 → 2: every study gets a revision counter (optimistic concurrency between tabs).
    const ks = (await keys(store)).filter((k) => typeof k === 'string' && k.startsWith('study:'));
    const recs = await getMany<Record<string, unknown> | undefined>(ks, store);
    await setMany(ks.flatMap((k, i) => (recs[i] ? [[k, migrateStudyRecord(recs[i]!, 1)] as [IDBValidKey, unknown]] : [])), store);
  },
];

/**
 * Brings one study record written at schema `from` up to SCHEMA_VERSION. Used by the store
 * migrations above and by study bundles exported from older builds.
 */
export function migrateStudyRecord<T extends Record<string, unknown>>(rec: T, from: number): T {
  let r: Record<string, unknown> = { ...rec };
  if (from < 2) r = { ...r, rev: typeof r.rev === 'number' ? r.rev : 0 };
  return r as T;
}

/** Raised when the data was written by a newer build of the workbench. */
export class SchemaTooNewError extends Error {
  constructor(readonly found: number, readonly supported: number) {
    super(`stored data has schema version ${found}; this build understands up to ${supported}`);
    this.name = 'SchemaTooNewError';
  }
}

let opened: Promise<UseStore> | null = null;

/** Forgets the opened store (after the database was deleted), so the next use re-creates it. */
export function forgetStore(): void {
  opened = null;
}

/** The workbench store, migrated to SCHEMA_VERSION (opened once per page). */
export function openStore(dbName = DB_NAME): Promise<UseStore> {
  if (!opened || dbName !== DB_NAME) {
    const p = (async () => {
      const store = createStore(dbName, STORE_NAME);
      await migrate(store, MIGRATIONS, SCHEMA_VERSION);
      return store;
    })();
    if (dbName !== DB_NAME) return p;
    opened = p;
    opened.catch(() => { opened = null; });
  }
  return opened;
}

/**
 * Brings a store to `target` by running migrations[v] for v = stored … target − 1, stamping the
 * version after each step so an interrupted upgrade resumes where it stopped.
 */
export async function migrate(store: UseStore, migrations: Migration[], target: number): Promise<number> {
  let version = (await get<number>('schema', store)) ?? ((await keys(store)).length === 0 ? target : 0);
  if (version > target) throw new SchemaTooNewError(version, target);
  while (version < target) {
    const step = migrations[version];
    if (!step) throw new Error(`no migration from schema version ${version}`);
    await step(store);
    version += 1;
    await set('schema', version, store);
  }
  if ((await get<number>('schema', store)) !== version) await set('schema', version, store);
  return version;
}

export { get, set, del, keys, getMany, setMany, delMany, clear, update };
export type { UseStore };
