import { zip, unzip, strToU8, strFromU8, type AsyncZippable, type Unzipped } from 'fflate';
import { msg, str } from '@lit/localize';
import { InputError } from '../formats/input-error.ts';
import { SCHEMA_VERSION, migrateStudyRecord } from './db.ts';
import { getStudy, filesOfStudy, saveStudy } from './studies.ts';
import { randomId, type StoredFile, type StudyRecord } from '../study/model.ts';
import { safeFileName } from '../export/download.ts';

/**
 * A study bundle: one .zip file holding everything of a study — the original input files byte for
 * byte, and the study record (parsed cohort, mapping, arrays, settings, results):
 *
 *   bundle.json            { format, formatVersion, schemaVersion, app, exportedAt, study, files[] }
 *   files/<fileId>/<name>  original bytes (sha256 recorded in bundle.json and checked on import)
 *
 * It carries a study to another browser, another computer, or a backup, with nothing lost.
 * Resources shared by every study (target tables and gene sets, `resource:<id>`) are not part of a
 * study and are not packed: the bundle takes only the study's own `file:` records.
 */
export const BUNDLE_FORMAT = 'mmdr-study-bundle';
export const BUNDLE_FORMAT_VERSION = 1;
/** File extension of study bundles. */
export const BUNDLE_EXTENSION = '.mmdr.zip';

interface BundleFileEntry { id: string; name: string; type: string; size: number; addedAt: string; sha256: string; path: string }
interface BundleManifest {
  format: typeof BUNDLE_FORMAT; formatVersion: number; schemaVersion: number; app: string; exportedAt: string;
  study: StudyRecord; files: BundleFileEntry[];
}

/** Hex SHA-256 of bytes (Web Crypto; available in browsers, workers and Node 20). */
export async function sha256Hex(bytes: Uint8Array | ArrayBuffer): Promise<string> {
  const d = await crypto.subtle.digest('SHA-256', bytes instanceof Uint8Array ? bytes.slice() : bytes);
  return Array.from(new Uint8Array(d), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Packs a study and its files into bundle bytes (pure: usable in Node tests). */
export async function packBundle(study: StudyRecord, files: StoredFile[], app = 'mmdr'): Promise<Uint8Array> {
  const entries: BundleFileEntry[] = [];
  const entriesOut: AsyncZippable = {};
  for (const f of files) {
    const path = `files/${f.id}/${f.name.replace(/[\\/]/g, '_')}`;
    const bytes = new Uint8Array(f.bytes);
    entries.push({ id: f.id, name: f.name, type: f.type, size: f.size, addedAt: f.addedAt, sha256: await sha256Hex(bytes), path });
    entriesOut[path] = [bytes, { level: 6 }];
  }
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT, formatVersion: BUNDLE_FORMAT_VERSION, schemaVersion: SCHEMA_VERSION, app,
    exportedAt: new Date().toISOString(), study, files: entries,
  };
  entriesOut['bundle.json'] = strToU8(JSON.stringify(manifest, null, 1));
  // fflate's asynchronous zip compresses in background workers: the page stays responsive.
  return new Promise((resolve, reject) => zip(entriesOut, { level: 6 }, (err, out) => (err ? reject(err) : resolve(out))));
}

/**
 * Reads bundle bytes back into a study record (migrated to this build's schema) and its files,
 * checking every file's SHA-256. Throws InputError naming the bundle for anything wrong.
 */
export async function unpackBundle(bytes: Uint8Array, fileName: string): Promise<{ study: StudyRecord; files: StoredFile[] }> {
  let entries: Unzipped;
  try {
    entries = await new Promise<Unzipped>((resolve, reject) => unzip(bytes, (err, out) => (err ? reject(err) : resolve(out))));
  } catch {
    throw new InputError(fileName, null, null, msg('this is not a study bundle (not a zip file)', { id: 'bundle.notZip' }));
  }
  const raw = entries['bundle.json'];
  if (!raw) throw new InputError(fileName, null, null, msg('this zip file is not a study bundle (bundle.json is missing)', { id: 'bundle.noManifest' }));
  let m: BundleManifest;
  try {
    m = JSON.parse(strFromU8(raw)) as BundleManifest;
  } catch (e) {
    throw new InputError(fileName, null, 'bundle.json', msg(str`bundle.json is not valid JSON (${String((e as Error).message)})`, { id: 'bundle.badJson' }));
  }
  if (m.format !== BUNDLE_FORMAT || typeof m.study?.id !== 'string' || !Array.isArray(m.files)) {
    throw new InputError(fileName, null, 'bundle.json', msg('bundle.json does not describe a study bundle', { id: 'bundle.badFormat' }));
  }
  if (m.formatVersion > BUNDLE_FORMAT_VERSION || m.schemaVersion > SCHEMA_VERSION) {
    throw new InputError(fileName, null, null, msg('this bundle was written by a newer version of the workbench; update the workbench to open it', { id: 'bundle.tooNew' }));
  }
  const files: StoredFile[] = [];
  for (const e of m.files) {
    const b = entries[e.path];
    if (!b) throw new InputError(fileName, null, e.path, msg(str`the bundle lacks the file ${e.name}`, { id: 'bundle.missingFile' }));
    if ((await sha256Hex(b)) !== e.sha256) throw new InputError(fileName, null, e.path, msg(str`the file ${e.name} is damaged (checksum mismatch)`, { id: 'bundle.badChecksum' }));
    files.push({ id: e.id, studyId: m.study.id, name: e.name, type: e.type, size: e.size, addedAt: e.addedAt, bytes: b.slice().buffer });
  }
  const study = migrateStudyRecord(m.study as unknown as Record<string, unknown>, m.schemaVersion) as unknown as StudyRecord;
  return { study, files };
}

/** Bundle bytes of a stored study, with a file name from its name. */
export async function exportStudyBundle(id: string): Promise<{ fileName: string; bytes: Uint8Array }> {
  const study = await getStudy(id);
  if (!study) throw new Error(msg('This study is not in this browser (it may have been deleted).', { id: 'study.notFound' }));
  const bytes = await packBundle(study, await filesOfStudy(id), `mmdr ${import.meta.env?.VITE_APP_VERSION ?? ''}`.trim());
  return { fileName: safeFileName(study.name, BUNDLE_EXTENSION.slice(1)), bytes };
}

/**
 * Imports a bundle as a study of this browser. If a study with the same id is already here, the
 * bundle becomes a separate copy (new ids, name marked as imported) — nothing is overwritten.
 */
export async function importStudyBundle(bytes: Uint8Array, fileName: string): Promise<StudyRecord> {
  const { study, files } = await unpackBundle(bytes, fileName);
  if (!(await getStudy(study.id))) return saveStudy({ ...study, rev: 0 }, files);
  return saveAsCopy(study, files, msg(str`${study.name} (imported)`, { id: 'bundle.importedName' }));
}

/** Duplicates a stored study (its files included) under a new id and a "(copy)" name. */
export async function duplicateStudy(id: string): Promise<StudyRecord> {
  const study = await getStudy(id);
  if (!study) throw new Error(msg('This study is not in this browser (it may have been deleted).', { id: 'study.notFound' }));
  return saveAsCopy(study, await filesOfStudy(id), msg(str`${study.name} (copy)`, { id: 'bundle.copyName' }));
}

/**
 * Saves a study and its files under fresh ids, named `name`. Every reference to a file id
 * anywhere in the record (cohort, arrays, exosome data, view settings…) is remapped: file ids are
 * random UUIDs, so replacing them in the serialized record is exact and needs no per-view code.
 */
async function saveAsCopy(study: StudyRecord, files: StoredFile[], name: string): Promise<StudyRecord> {
  const id = randomId();
  const idMap = new Map(files.map((f) => [f.id, randomId()]));
  let json = JSON.stringify(study);
  for (const [from, to] of idMap) json = json.split(from).join(to);
  const copy: StudyRecord = { ...(JSON.parse(json) as StudyRecord), id, rev: 0, name, createdAt: new Date().toISOString() };
  return saveStudy(copy, files.map((f) => ({ ...f, id: idMap.get(f.id)!, studyId: id })));
}
