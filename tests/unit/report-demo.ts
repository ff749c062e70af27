/**
 * The demo study built under Node the way "Open demo study" builds it in the page (readFilesIntoStudy):
 * the same worker tasks read the cohort, the GPR files and the exosome files from public/demo, the
 * mapping is guessed from the columns, groups come from the manifest. For the report and recipe tests.
 */
import { readFileSync } from 'node:fs';
import { DEMO_MANIFEST } from '../../src/study/demo-manifest.ts';
import { newStudy, type StoredFile, type StudyRecord } from '../../src/study/model.ts';
import { guessMapping } from '../../src/study/mapping.ts';
import { addNtaSample, setRnaYield } from '../../src/study/exosome-data.ts';
import { makeStoredFile } from '../../src/storage/studies.ts';
import { filesApi } from '../../src/worker/api/files-api.ts';
import { exosomeApi } from '../../src/worker/api/exosome-api.ts';

/** The demo study record and its stored files. */
export async function demoStudy(): Promise<{ study: StudyRecord; files: StoredFile[] }> {
  const fa = filesApi();
  const ea = exosomeApi();
  const study = newStudy('Demo study (synthetic)', { id: 'demo-synthetic', synthetic: true, now: new Date('2025-01-31T12:00:00Z') });
  const files: StoredFile[] = [];
  const read = (path: string) => new Uint8Array(readFileSync(`public/${path}`));
  const add = (path: string) => {
    const sf = makeStoredFile(study.id, path.split('/').pop()!, 'text/plain', read(path));
    files.push(sf);
    return sf;
  };
  const c = add(DEMO_MANIFEST.cohort.path);
  const t = await fa.readCohort(c.bytes.slice(0), c.name);
  study.cohort = { fileId: c.id, fileName: c.name, ...t, mapping: guessMapping(t.columns) };
  for (const a of DEMO_MANIFEST.arrays) {
    const sf = add(a.path);
    const s = await fa.readGprSummary(sf.bytes.slice(0), sf.name);
    study.arrays.push({ ...s, fileId: sf.id, group: a.groupId });
  }
  for (const n of DEMO_MANIFEST.exosome.nta) {
    const sf = add(n.path);
    const r = await ea.readExosomeFile(sf.bytes.slice(0), sf.name);
    if (r.kind !== 'nta') throw new Error(`${n.path} is not an NTA file`);
    study.exosome = addNtaSample(study.exosome, r.nta, sf.id, n.groupId);
  }
  const rf = add(DEMO_MANIFEST.exosome.rnaYield);
  const rr = await ea.readExosomeFile(rf.bytes.slice(0), rf.name);
  if (rr.kind !== 'rna-yield') throw new Error('rna-yield.csv is not an RNA-yield table');
  study.exosome = setRnaYield(study.exosome, rr.table, rf.id);
  return { study, files };
}
