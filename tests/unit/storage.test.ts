import 'fake-indexeddb/auto';
import { describe, it, expect, beforeEach } from 'vitest';
import { createStore, set, get, keys, delMany } from 'idb-keyval';
import { migrate, SchemaTooNewError, SCHEMA_VERSION, openStore, type Migration } from '../../src/storage/db.ts';
import { listStudies, saveStudy, getStudy, deleteStudy, restoreStudy, makeStoredFile, getFile, filesOfStudy } from '../../src/storage/studies.ts';
import { newStudy } from '../../src/study/model.ts';

describe('schema migrations', () => {
  it('stamps a new, empty database with the current version and runs nothing', async () => {
    const store = createStore('t-new', 'kv');
    let ran = 0;
    const v = await migrate(store, [async () => { ran++; }], 1);
    expect(v).toBe(1);
    expect(ran).toBe(0);
    expect(await get('schema', store)).toBe(1);
  });

  it('runs every step from the first schema version, in order, stamping each', async () => {
    const store = createStore('t-old', 'kv');
    await set('study:a', { id: 'a', title: 'old shape' }, store); // data from before versioning (v0)
    const seen: number[] = [];
    const steps: Migration[] = [
      async (s) => { seen.push(0); expect(await get('schema', s)).toBeUndefined(); },
      async (s) => { seen.push(1); const r = await get<{ id: string; title: string }>('study:a', s); await set('study:a', { id: r!.id, name: r!.title }, s); },
      async (s) => { seen.push(2); expect(await get('schema', s)).toBe(2); },
    ];
    expect(await migrate(store, steps, 3)).toBe(3);
    expect(seen).toEqual([0, 1, 2]);
    expect(await get('study:a', store)).toEqual({ id: 'a', name: 'old shape' });
    expect(await get('schema', store)).toBe(3);
    // running again is a no-op
    expect(await migrate(store, steps, 3)).toBe(3);
    expect(seen).toEqual([0, 1, 2]);
  });

  it('resumes an interrupted upgrade at the step that failed', async () => {
    const store = createStore('t-resume', 'kv');
    await set('schema', 0, store);
    let fail = true;
    const steps: Migration[] = [async () => {}, async () => { if (fail) throw new Error('power cut'); }];
    await expect(migrate(store, steps, 2)).rejects.toThrow('power cut');
    expect(await get('schema', store)).toBe(1);
    fail = false;
    expect(await migrate(store, steps, 2)).toBe(2);
  });

  it('refuses data written by a newer build', async () => {
    const store = createStore('t-newer', 'kv');
    await set('schema', 99, store);
    await expect(migrate(store, [], 1)).rejects.toBeInstanceOf(SchemaTooNewError);
  });
});

describe('studies in IndexedDB', () => {
  beforeEach(async () => {
    const store = await openStore();
    await delMany((await keys(store)).filter((k) => k !== 'schema'), store);
  });

  it('opens at the current schema version', async () => {
    expect(await get('schema', await openStore())).toBe(SCHEMA_VERSION);
  });

  it('saves a study with its files; bytes come back unchanged', async () => {
    const s = newStudy('Bz 2013–2014');
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0x2c, 0x62, 0x0d, 0x0a, 0xff]);
    const backing = new Uint8Array(1024); backing.set(bytes, 100);
    const view = backing.subarray(100, 100 + bytes.length);
    const f = makeStoredFile(s.id, 'cohort.csv', 'text/csv', view);
    expect(f.bytes.byteLength).toBe(bytes.length); // a copy, not the 1 KiB parent buffer (pitfall 8)
    await saveStudy(s, [f]);
    const back = await getFile(f.id);
    expect(new Uint8Array(back!.bytes)).toEqual(bytes);
    expect((await getStudy(s.id))!.name).toBe('Bz 2013–2014');
    expect((await filesOfStudy(s.id)).map((x) => x.name)).toEqual(['cohort.csv']);
  });

  it('lists studies newest first with patient and array counts', async () => {
    const a = newStudy('A');
    await saveStudy(a);
    await new Promise((r) => setTimeout(r, 5));
    const b = { ...newStudy('B'), cohort: { fileId: 'f', fileName: 'c.csv', encoding: 'utf-8', delimiter: ',', columns: ['patient_id'], rows: [['1'], ['2']], lineOfRow: [2, 3], mapping: {}, report: { rows: 2, columns: 1, emptyRowsDropped: 0, raggedRows: 0 } } };
    await saveStudy(b);
    const list = await listStudies();
    expect(list.map((x) => [x.name, x.patients])).toEqual([['B', 2], ['A', 0]]);
  });

  it('deletes a study and its files together, and undo restores both exactly', async () => {
    const s = newStudy('to delete');
    const f = makeStoredFile(s.id, 'x.gpr', '', new Uint8Array([1, 2, 3]));
    const other = newStudy('keep');
    await saveStudy(s, [f]);
    await saveStudy(other);
    const removed = await deleteStudy(s.id);
    expect(await getStudy(s.id)).toBeUndefined();
    expect(await getFile(f.id)).toBeUndefined();
    expect((await listStudies()).map((x) => x.name)).toEqual(['keep']);
    await restoreStudy(removed!);
    expect((await getStudy(s.id))!.name).toBe('to delete');
    expect(new Uint8Array((await getFile(f.id))!.bytes)).toEqual(new Uint8Array([1, 2, 3]));
    const allKeys = (await keys(await openStore())).map(String).sort();
    expect(allKeys).toEqual(['file:' + f.id, 'schema', 'study:' + other.id, 'study:' + s.id].sort());
  });
});
