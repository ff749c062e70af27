/**
 * Resources shared by every study (src/storage/resources.ts) in a fake IndexedDB: original bytes
 * kept byte for byte, options and counts updated without touching them, delete with undo, a write
 * that fails changes nothing (StorageWriteError), study bundles do not carry them, and "delete all
 * data" removes them. The layout needed no schema bump.
 */
import 'fake-indexeddb/auto';
import { describe, it, expect, beforeEach, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { openStore, keys, delMany, get, SCHEMA_VERSION } from '../../src/storage/db.ts';
import * as db from '../../src/storage/db.ts';
import { saveStudy, deleteAllData, StorageWriteError, makeStoredFile } from '../../src/storage/studies.ts';
import { exportStudyBundle, unpackBundle, sha256Hex } from '../../src/storage/bundle.ts';
import {
  addResource, addResources, deleteResource, getResource, listResources, makeResource, restoreResource, updateResource, RESOURCE_PREFIX,
} from '../../src/storage/resources.ts';
import { newStudy } from '../../src/study/model.ts';

const fixture = (name: string) => new Uint8Array(readFileSync(`tests/fixtures/targets/${name}`));

async function emptyStore() {
  const store = await openStore();
  await delMany((await keys(store)).filter((k) => k !== 'schema'), store);
}

describe('resources in IndexedDB', () => {
  beforeEach(emptyStore);

  it('keeps the original bytes, with kind, name, options and counts; lists oldest first, by kind', async () => {
    const csv = fixture('miR2Target.csv');
    const big = new Uint8Array(csv.length + 10);
    big.set(csv, 5);
    const view = big.subarray(5, 5 + csv.length); // a view of a larger buffer: only the view is stored
    const t = makeResource('targets', 'miR2Target.csv', view, { options: { header: 'yes' }, summary: { rows: 476, pairs: 476, mirnas: 155, genes: 11 } });
    expect(t.bytes.byteLength).toBe(csv.length);
    await addResource(t);
    await new Promise((r) => setTimeout(r, 5));
    const g = await addResource(makeResource('gmt', 'h.all.v7.0.symbols.gmt', fixture('h.all.v7.0.symbols.gmt')));
    const all = await listResources();
    expect(all.map((r) => r.name)).toEqual(['miR2Target.csv', 'h.all.v7.0.symbols.gmt']);
    expect((await listResources('gmt')).map((r) => r.id)).toEqual([g.id]);
    const back = await getResource(t.id);
    expect(back!.kind).toBe('targets');
    expect(back!.options).toEqual({ header: 'yes' });
    expect(back!.summary).toEqual({ rows: 476, pairs: 476, mirnas: 155, genes: 11 });
    expect(await sha256Hex(back!.bytes)).toBe(await sha256Hex(csv));
    expect(back!.size).toBe(csv.length);
    // stored under its own prefix, next to the schema version, which did not change
    const store = await openStore();
    expect((await keys(store)).sort()).toEqual(['schema', `${RESOURCE_PREFIX}${g.id}`, `${RESOURCE_PREFIX}${t.id}`].sort());
    expect(await get('schema', store)).toBe(SCHEMA_VERSION);
  });

  it('updates options and counts without touching the bytes; an unknown id changes nothing', async () => {
    const t = await addResource(makeResource('targets', 'm.tab', fixture('seed-mirza-g_all_mirnas_per_gene_scores_miR_124a.tab')));
    const u = await updateResource(t.id, { options: { columns: { score: 4 }, minScore: 0.5 }, summary: { pairs: 1000 } });
    expect(u!.options).toEqual({ columns: { score: 4 }, minScore: 0.5 });
    const back = await getResource(t.id);
    expect(back!.summary).toEqual({ pairs: 1000 });
    expect(new Uint8Array(back!.bytes)).toEqual(new Uint8Array(t.bytes));
    expect(await updateResource('nope', { options: {} })).toBeUndefined();
    expect(await getResource('nope')).toBeUndefined();
  });

  it('deletes with undo: the record comes back exactly as it was', async () => {
    const t = await addResource(makeResource('targets', 'miR2Target.csv', fixture('miR2Target.csv'), { synthetic: true }));
    const gone = await deleteResource(t.id);
    expect(await getResource(t.id)).toBeUndefined();
    expect(await listResources()).toEqual([]);
    await restoreResource(gone!);
    const back = await getResource(t.id);
    expect({ ...back, bytes: null }).toEqual({ ...t, bytes: null });
    expect(new Uint8Array(back!.bytes)).toEqual(new Uint8Array(t.bytes));
    expect(await deleteResource('nope')).toBeUndefined();
  });

  it('a failed write is a StorageWriteError (quota named as such) and stores nothing', async () => {
    const spy = vi.spyOn(db, 'setMany').mockRejectedValueOnce(Object.assign(new Error('full'), { name: 'QuotaExceededError' }));
    try {
      const err = await addResources([makeResource('gmt', 'a.gmt', fixture('h.all.v7.0.symbols.gmt')), makeResource('gmt', 'b.gmt', fixture('h.all.v7.0.symbols.gmt'))]).catch((e) => e);
      expect(err).toBeInstanceOf(StorageWriteError);
      expect((err as StorageWriteError).quota).toBe(true);
    } finally {
      spy.mockRestore();
    }
    expect(await listResources()).toEqual([]);
  });

  it('a study bundle does not carry resources; deleting all data removes them', async () => {
    const s = newStudy('with resources');
    const f = makeStoredFile(s.id, 'cohort.csv', 'text/csv', new TextEncoder().encode('patient_id\nP1\n'));
    await saveStudy({ ...s, settings: { targets: { targetsId: 'r1', gmtId: 'r2' } } }, [f]);
    await addResources([
      makeResource('targets', 't.csv', fixture('miR2Target.csv'), { id: 'r1' }),
      makeResource('gmt', 'h.gmt', fixture('h.all.v7.0.symbols.gmt'), { id: 'r2' }),
    ]);
    const { bytes } = await exportStudyBundle(s.id);
    const back = await unpackBundle(bytes, 'b.mmdr.zip');
    expect(back.files.map((x) => x.name)).toEqual(['cohort.csv']);
    expect(back.study.settings).toEqual({ targets: { targetsId: 'r1', gmtId: 'r2' } }); // the reference only
    await deleteAllData();
    expect(await listResources()).toEqual([]);
  });
});
