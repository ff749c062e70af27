import { DEMO_MANIFEST } from '../study/demo-manifest.ts';
import { getStudy, saveStudy } from '../storage/studies.ts';
import { newStudy, type StudyRecord } from '../study/model.ts';
import { readFilesIntoStudy } from './study-actions.ts';
import { loadDemoFiles } from './demo-files.ts';
import { DEMO_RESOURCES, ensureDemoResources } from './resource-actions.ts';
import type { Progress } from '../worker/bridge.ts';
import { abortError } from '../worker/bridge.ts';

/** Fixed id of the demo study, so "Open demo study" opens the same one again. */
export const DEMO_STUDY_ID = 'demo-synthetic';

/**
 * Opens the demo study: the stored one if present, else gets the synthetic files (demo-files.ts:
 * fetched from the build, relative to the page so sub-paths work; demo-files.single.ts: generated
 * in the worker), parses them in the worker and stores everything in one transaction. Cancelling
 * or a failure stores nothing. The demo's target table and gene sets are added to the resources
 * shared by every study (resource-actions.ts) when they are not there yet.
 */
export async function openDemoStudy(opts: { signal?: AbortSignal; onProgress?: (p: Progress) => void } = {}): Promise<StudyRecord> {
  const existing = await getStudy(DEMO_STUDY_ID);
  if (existing) {
    await ensureDemoResources((ps) => loadDemoFiles(ps, { signal: opts.signal }), opts.signal).catch(() => { /* the Targets view offers to add files */ });
    return existing;
  }
  const ex = DEMO_MANIFEST.exosome;
  const paths = [DEMO_MANIFEST.cohort.path, ...DEMO_MANIFEST.arrays.map((a) => a.path), ...ex.nta.map((e) => e.path), ex.rnaYield];
  const total = paths.length * 2;
  const inputs = await loadDemoFiles([...paths, ...DEMO_RESOURCES.map((d) => d.path)], { signal: opts.signal, onProgress: (p) => opts.onProgress?.({ done: p.done, total }) });
  const resourceFiles = new Map(DEMO_RESOURCES.map((d, i) => [d.path, inputs[paths.length + i]]));
  inputs.length = paths.length;
  // Group values are data (as a user's own labels would be), so the stable ids are stored, not translations.
  const groupByName = new Map([...DEMO_MANIFEST.arrays, ...ex.nta].map((a) => [a.path.split('/').pop()!, a.groupId as string]));
  const study = newStudy(DEMO_MANIFEST.title(), { id: DEMO_STUDY_ID, synthetic: true, description: DEMO_MANIFEST.description() });
  const r = await readFilesIntoStudy(study, inputs, {
    signal: opts.signal,
    groupOf: (name) => groupByName.get(name) ?? '',
    onProgress: (p) => opts.onProgress?.({ done: paths.length + p.done, total }),
  });
  if (r.errors.length) throw new Error(r.errors.join('\n'));
  if (opts.signal?.aborted) throw abortError();
  const saved = await saveStudy(r.study, r.stored);
  await ensureDemoResources(async (ps) => ps.map((p) => resourceFiles.get(p)!), opts.signal).catch(() => { /* the Targets view offers to add files */ });
  return saved;
}
