import 'fake-indexeddb/auto';
import { describe, it, expect, beforeEach } from 'vitest';
import { readFileSync } from 'node:fs';
import { zipSync, strToU8, unzipSync, strFromU8 } from 'fflate';
import { openStore, keys, delMany, get, set, migrate, MIGRATIONS, SCHEMA_VERSION } from '../../src/storage/db.ts';
import { createStore } from 'idb-keyval';
import { saveStudy, getStudy, getFile, deleteStudy, makeStoredFile, listStudies, StudyConflictError, deleteAllData, filesOfStudy } from '../../src/storage/studies.ts';
import { packBundle, unpackBundle, importStudyBundle, exportStudyBundle, sha256Hex } from '../../src/storage/bundle.ts';
import { newStudy, type StudyRecord } from '../../src/study/model.ts';
import { InputError } from '../../src/formats/input-error.ts';

async function emptyStore() {
  const store = await openStore();
  await delMany((await keys(store)).filter((k) => k !== 'schema'), store);
}

/** A study like a real one: the demo cohort file and a real GenePix file, settings and a mapping. */
async function realisticStudy(): Promise<StudyRecord> {
  const s = newStudy('Bz 2013–2014 <b>cohort</b>');
  const cohortBytes = new Uint8Array(readFileSync('tests/fixtures/gpr/GSM393974.gpr.txt')); // Latin-1 bytes survive
  const gpr = makeStoredFile(s.id, '10Mbslide28.gpr', 'application/octet-stream', new Uint8Array(readFileSync('tests/fixtures/gpr/10Mbslide28.gpr')));
  const other = makeStoredFile(s.id, 'GSM393974.gpr.txt', 'text/plain', cohortBytes);
  const rec: StudyRecord = {
    ...s,
    cohort: { fileId: other.id, fileName: 'c.csv', encoding: 'utf-8', delimiter: ',', columns: ['patient_id', '年龄'], rows: [['P1', '61'], ['P2', '']], lineOfRow: [2, 3], mapping: { patient_id: 'patient_id', age: '年龄' }, report: { rows: 2, columns: 2, emptyRowsDropped: 0, raggedRows: 0 } },
    arrays: [{ fileId: gpr.id, fileName: gpr.name, group: 'Bz-resistant', format: 'gpr', atfVersion: '1', type: 'GenePix Results 3', wavelengths: [635, 532], spots: 1760, distinctNames: 10, emptySpots: 64, controls: 126, flaggedByValue: { '-50': 333 } }],
    settings: { survival: { unit: 'months', seed: 2015 }, normalization: { method: 'median', threshold: 30 }, extra: { fileId: gpr.id } },
  };
  return saveStudy(rec, [gpr, other]);
}

describe('study bundles', () => {
  beforeEach(emptyStore);

  it('round-trips a study losslessly: record, settings and every file byte', async () => {
    const saved = await realisticStudy();
    const files = await filesOfStudy(saved.id);
    const { bytes, fileName } = await exportStudyBundle(saved.id);
    expect(fileName).toBe('Bz 2013–2014 b cohort b.mmdr.zip');
    await deleteStudy(saved.id);
    expect(await listStudies()).toEqual([]);
    const back = await importStudyBundle(bytes, fileName);
    const { rev: _r1, updatedAt: _u1, ...a } = saved;
    const { rev: _r2, updatedAt: _u2, ...b } = back;
    expect(b).toEqual(a);
    for (const f of files) {
      const g = await getFile(f.id);
      expect(g!.name).toBe(f.name);
      expect(await sha256Hex(g!.bytes)).toBe(await sha256Hex(f.bytes));
      expect(new Uint8Array(g!.bytes)).toEqual(new Uint8Array(f.bytes));
    }
  });

  it('imports next to an existing study as a copy with new ids, overwriting nothing', async () => {
    const saved = await realisticStudy();
    const { bytes } = await exportStudyBundle(saved.id);
    const copy = await importStudyBundle(bytes, 'x.mmdr.zip');
    expect(copy.id).not.toBe(saved.id);
    expect(copy.name).toBe(`${saved.name} (imported)`);
    expect(copy.arrays[0].fileId).not.toBe(saved.arrays[0].fileId);
    // every file reference, wherever a view keeps it, points at the copy's own files
    const copyJson = JSON.stringify(copy);
    for (const f of await filesOfStudy(saved.id)) expect(copyJson).not.toContain(f.id);
    expect((copy.settings.extra as { fileId: string }).fileId).toBe(copy.arrays[0].fileId);
    expect((await filesOfStudy(copy.id)).map((f) => f.id).sort()).toEqual([copy.cohort!.fileId, copy.arrays[0].fileId].sort());
    expect(new Uint8Array((await getFile(copy.arrays[0].fileId))!.bytes)).toEqual(new Uint8Array((await getFile(saved.arrays[0].fileId))!.bytes));
    expect((await getStudy(saved.id))!.rev).toBe(saved.rev);
    expect((await listStudies()).length).toBe(2);
  });

  it('refuses damaged or foreign files with a message naming the file', async () => {
    const saved = await realisticStudy();
    const { bytes } = await exportStudyBundle(saved.id);
    await expect(unpackBundle(new Uint8Array([1, 2, 3]), 'notes.docx')).rejects.toThrow(/notes\.docx: this is not a study bundle/);
    await expect(unpackBundle(zipSync({ 'a.txt': strToU8('hi') }), 'other.zip')).rejects.toThrow(/bundle\.json is missing/);
    const entries = unzipSync(bytes);
    const path = Object.keys(entries).find((p) => p.endsWith('10Mbslide28.gpr'))!;
    entries[path] = entries[path].slice(0, 100);
    const err = await unpackBundle(zipSync(entries), 'damaged.mmdr.zip').catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toMatch(/^damaged\.mmdr\.zip, column ".*10Mbslide28\.gpr": the file 10Mbslide28\.gpr is damaged \(checksum mismatch\)$/);
    const newer = unzipSync(bytes);
    const m = JSON.parse(strFromU8(newer['bundle.json']));
    newer['bundle.json'] = strToU8(JSON.stringify({ ...m, schemaVersion: SCHEMA_VERSION + 1 }));
    await expect(unpackBundle(zipSync(newer), 'future.mmdr.zip')).rejects.toThrow(/newer version of the workbench/);
  });

  it('migrates a bundle written at schema 1 (no revision counter)', async () => {
    const s = newStudy('old');
    const { rev: _rev, ...v1 } = s;
    const bytes = await packBundle(v1 as StudyRecord, []);
    const entries = unzipSync(bytes);
    const m = JSON.parse(strFromU8(entries['bundle.json']));
    entries['bundle.json'] = strToU8(JSON.stringify({ ...m, schemaVersion: 1 }));
    const { study } = await unpackBundle(zipSync(entries), 'old.mmdr.zip');
    expect(study.rev).toBe(0);
  });
});

describe('two tabs on one study', () => {
  beforeEach(emptyStore);

  it('refuses a save based on an older revision and keeps the newer one', async () => {
    const s0 = await saveStudy(newStudy('shared'));
    const tabA = { ...s0 };
    const tabB = { ...s0 };
    const a1 = await saveStudy({ ...tabA, settings: { by: 'A' } });
    expect(a1.rev).toBe(s0.rev + 1);
    const err = await saveStudy({ ...tabB, settings: { by: 'B' } }, [makeStoredFile(s0.id, 'b.csv', 'text/csv', new Uint8Array([1]))]).catch((e) => e);
    expect(err).toBeInstanceOf(StudyConflictError);
    expect((err as StudyConflictError).stored.settings).toEqual({ by: 'A' });
    expect((await getStudy(s0.id))!.settings).toEqual({ by: 'A' });
    expect(await filesOfStudy(s0.id)).toEqual([]); // the refused save left no orphan file
    const b2 = await saveStudy({ ...(err as StudyConflictError).stored, settings: { by: 'A then B' } });
    expect(b2.rev).toBe(a1.rev + 1);
  });
});

describe('schema 1 → 2', () => {
  it('adds a revision counter to every study written by the first schema', async () => {
    const store = createStore('t-v1', 'kv');
    await set('schema', 1, store);
    await set('study:x', { id: 'x', name: 'from v1', arrays: [] }, store);
    await set('file:f', { id: 'f', bytes: new ArrayBuffer(2) }, store);
    expect(await migrate(store, MIGRATIONS, SCHEMA_VERSION)).toBe(2);
    expect(await get('study:x', store)).toEqual({ id: 'x', name: 'from v1', arrays: [], rev: 0 });
    expect(await get('file:f', store)).toEqual({ id: 'f', bytes: new ArrayBuffer(2) });
  });
});

describe('delete all data', () => {
  it('removes every study and file, and the workbench starts empty again', async () => {
    await realisticStudy();
    await deleteAllData();
    expect(await listStudies()).toEqual([]);
    expect((await keys(await openStore())).map(String)).toEqual(['schema']);
  });
});
