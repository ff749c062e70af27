import { openStore, get, keys, getMany, setMany, delMany, update } from './db.ts';
import { StorageWriteError } from './studies.ts';
import { randomId } from '../study/model.ts';

/**
 * Resources shared by every study of this browser (issue 7): miRNA–target tables and GMT gene-set
 * files. A hospital laptop cannot fetch miRTarBase or MSigDB, so the user loads them once and they
 * stay, under their own key prefix in the workbench database:
 *
 *   resource:<id> → ResourceRecord   original bytes (never modified) + how to read them
 *
 * They belong to no study: a study bundle does not carry them (src/storage/bundle.ts packs only a
 * study's `file:` records), and "delete all data" removes them with everything else (it clears the
 * whole store). A study refers to the resources it uses by id in its settings.
 */

/** What a resource holds. */
export type ResourceKind = 'targets' | 'gmt';

/** How a target table is read (1-based columns; undefined = detected). A GMT file has no options. */
export interface TargetReadOptions {
  /** First row is a header: 'auto' (detected), 'yes' or 'no'. */
  header?: 'auto' | 'yes' | 'no';
  /** Column roles chosen by the user (1-based); score null = no score column. */
  columns?: { mirna?: number; gene?: number; score?: number | null };
  /** Keep pairs with score ≥ minScore. */
  minScore?: number | null;
  /** Keep pairs with score ≤ maxScore (scores where lower is better). */
  maxScore?: number | null;
}

/** Counts of what was read, kept so the list shows them without parsing the file again. */
export interface ResourceSummary {
  /** Target table: data rows, kept pairs, distinct miRNAs and genes. */
  rows?: number;
  pairs?: number;
  mirnas?: number;
  /** Genes (both kinds). */
  genes?: number;
  /** GMT: gene sets. */
  sets?: number;
}

/** One stored resource. Structured-clone friendly (it goes straight into IndexedDB). */
export interface ResourceRecord {
  id: string;
  kind: ResourceKind;
  /** File name as the user gave it. */
  name: string;
  /** The original bytes, never modified. */
  bytes: ArrayBuffer;
  size: number;
  addedAt: string;
  /** Column roles, header and score cut-off (target tables); {} for GMT files. */
  options: TargetReadOptions;
  /** Counts with the current options (numbers only; the report is rebuilt from the bytes). */
  summary?: ResourceSummary;
  /** True for the synthetic demo resources (shown with the synthetic badge). */
  synthetic?: boolean;
}

/** Key prefix of resources in the workbench store. */
export const RESOURCE_PREFIX = 'resource:';
const resourceKey = (id: string) => `${RESOURCE_PREFIX}${id}`;

function writeError(e: unknown): StorageWriteError {
  const name = (e as DOMException)?.name ?? '';
  return new StorageWriteError(name === 'QuotaExceededError' || /quota/i.test(String((e as Error)?.message)), e);
}

/** Builds a record from user bytes (copied, so no view of a larger buffer is stored). */
export function makeResource(kind: ResourceKind, name: string, bytes: Uint8Array | ArrayBuffer,
  extra: { id?: string; options?: TargetReadOptions; summary?: ResourceSummary; synthetic?: boolean } = {}): ResourceRecord {
  const copy = bytes instanceof ArrayBuffer ? bytes.slice(0) : bytes.slice().buffer;
  return {
    id: extra.id ?? randomId(), kind, name, bytes: copy, size: copy.byteLength, addedAt: new Date().toISOString(),
    options: extra.options ?? {}, ...(extra.summary ? { summary: extra.summary } : {}), ...(extra.synthetic ? { synthetic: true } : {}),
  };
}

/** Every resource of this browser, oldest first (optionally of one kind). */
export async function listResources(kind?: ResourceKind): Promise<ResourceRecord[]> {
  const store = await openStore();
  const ks = (await keys(store)).filter((k) => typeof k === 'string' && k.startsWith(RESOURCE_PREFIX));
  const recs = (await getMany<ResourceRecord | undefined>(ks, store)).filter((r): r is ResourceRecord => !!r && (!kind || r.kind === kind));
  return recs.sort((a, b) => a.addedAt.localeCompare(b.addedAt) || a.id.localeCompare(b.id));
}

/** One resource, or undefined. */
export async function getResource(id: string): Promise<ResourceRecord | undefined> {
  return get<ResourceRecord>(resourceKey(id), await openStore());
}

/** Stores resources in one transaction (all or none); StorageWriteError on failure. */
export async function addResources(recs: readonly ResourceRecord[]): Promise<void> {
  if (recs.length === 0) return;
  const store = await openStore();
  try {
    await setMany(recs.map((r): [string, ResourceRecord] => [resourceKey(r.id), r]), store);
  } catch (e) {
    throw writeError(e);
  }
}

/** Stores one resource; returns it. */
export async function addResource(rec: ResourceRecord): Promise<ResourceRecord> {
  await addResources([rec]);
  return rec;
}

/**
 * Changes how a resource is read (options) and its counts, in one transaction; the bytes are not
 * touched. Returns the updated record, or undefined when it no longer exists (deleted elsewhere).
 */
export async function updateResource(id: string, patch: { options?: TargetReadOptions; summary?: ResourceSummary; name?: string }): Promise<ResourceRecord | undefined> {
  const store = await openStore();
  let out: ResourceRecord | undefined;
  try {
    await update<ResourceRecord | undefined>(resourceKey(id), (r) => {
      if (!r) return r;
      out = { ...r, ...(patch.options ? { options: patch.options } : {}), ...(patch.summary ? { summary: patch.summary } : {}), ...(patch.name ? { name: patch.name } : {}) };
      return out;
    }, store);
  } catch (e) {
    throw writeError(e);
  }
  return out;
}

/** Deletes a resource; returns the record so the deletion can be undone ({@link restoreResource}). */
export async function deleteResource(id: string): Promise<ResourceRecord | undefined> {
  const store = await openStore();
  const rec = await getResource(id);
  if (!rec) return undefined;
  await delMany([resourceKey(id)], store);
  return rec;
}

/** Puts a deleted resource back exactly as it was. */
export async function restoreResource(rec: ResourceRecord): Promise<void> {
  await addResources([rec]);
}
