import { workbench } from './workbench-worker.ts';
import { addResources, getResource, listResources, makeResource, updateResource, type ResourceKind, type ResourceRecord, type ResourceSummary, type TargetReadOptions } from '../storage/resources.ts';
import type { InputFile } from './study-actions.ts';
import type { Progress } from '../worker/bridge.ts';
import { MISSING_RESOURCES, type GmtInfo, type ResourceBytes, type TargetTableInfo, type TargetsAnalysisRequest, type TargetsAnalysisResult } from '../worker/api/targets-api.ts';

/**
 * Page-side actions on the resources shared by every study (target tables, GMT files): every file
 * is read in the analysis worker first (a file that cannot be read is refused with its file, line
 * and column, and nothing is stored), then kept in IndexedDB with its original bytes
 * (src/storage/resources.ts).
 */

/** A copy of a resource's bytes for the worker (the page keeps its own). */
const toWorker = (r: Pick<ResourceRecord, 'id' | 'name' | 'bytes'>): ResourceBytes => ({ id: r.id, name: r.name, bytes: r.bytes.slice(0) });

/** What a resource file was read as. */
export type ResourceInfo = { kind: 'targets'; info: TargetTableInfo } | { kind: 'gmt'; info: GmtInfo };

/** The counts the resource list shows, from a load report. */
export function summaryOf(r: ResourceInfo): ResourceSummary {
  if (r.kind === 'targets') {
    const p = r.info.report;
    return { rows: p.rowsRead, pairs: p.pairsKept, mirnas: p.mirnas, genes: p.genes };
  }
  return { sets: r.info.report.sets, genes: r.info.report.genes };
}

/** Reads a target table (stored or new) with the given options, in the worker. */
export async function readTargetResource(r: Pick<ResourceRecord, 'id' | 'name' | 'bytes'>, options: TargetReadOptions, signal?: AbortSignal): Promise<TargetTableInfo> {
  const f = toWorker(r);
  return workbench.call('readTargetResource', [f, options], { signal, transfer: [f.bytes] });
}

/** Reads a GMT file (stored or new), in the worker. */
export async function readGmtResource(r: Pick<ResourceRecord, 'id' | 'name' | 'bytes'>, signal?: AbortSignal): Promise<GmtInfo> {
  const f = toWorker(r);
  return workbench.call('readGmtResource', [f], { signal, transfer: [f.bytes] });
}

/** Reads a resource of either kind. */
export async function readResource(r: ResourceRecord, signal?: AbortSignal): Promise<ResourceInfo> {
  return r.kind === 'targets'
    ? { kind: 'targets', info: await readTargetResource(r, r.options, signal) }
    : { kind: 'gmt', info: await readGmtResource(r, signal) };
}

/**
 * Reads a user's file as a resource of `kind` in the worker and stores it (original bytes) with
 * its counts. A file that cannot be read throws (its InputError text) and nothing is stored.
 */
export async function addResourceFile(kind: ResourceKind, file: InputFile, opts: { id?: string; synthetic?: boolean; signal?: AbortSignal } = {}): Promise<{ record: ResourceRecord; read: ResourceInfo }> {
  const rec = makeResource(kind, file.name, file.bytes, { id: opts.id, synthetic: opts.synthetic });
  const read = await readResource(rec, opts.signal);
  rec.summary = summaryOf(read);
  await addResources([rec]);
  return { record: rec, read };
}

/**
 * Re-reads a stored target table with new column roles, header or cut-off; stores the options and
 * the new counts only when the file reads (else throws and the stored options are unchanged).
 */
export async function changeTargetOptions(rec: ResourceRecord, options: TargetReadOptions, signal?: AbortSignal): Promise<{ record: ResourceRecord; info: TargetTableInfo }> {
  const info = await readTargetResource(rec, options, signal);
  const updated = await updateResource(rec.id, { options, summary: summaryOf({ kind: 'targets', info }) });
  return { record: updated ?? { ...rec, options }, info };
}

/**
 * Runs the Targets & network analysis in the worker, sending the bytes of the resources it does
 * not hold yet (once; again after the worker was restarted).
 */
export async function runTargetsAnalysis(req: TargetsAnalysisRequest, resources: ReadonlyMap<string, ResourceRecord>,
  opts: { signal?: AbortSignal; onProgress?: (p: Progress) => void } = {}): Promise<TargetsAnalysisResult> {
  const ids = [req.targets.id, ...(req.gmt ? [req.gmt.id] : [])];
  const records = ids.map((id) => {
    const r = resources.get(id);
    if (!r) throw new Error(`resource ${id} is not loaded`);
    return r;
  });
  for (let attempt = 0; ; attempt++) {
    const missing = attempt === 0 ? await workbench.call('targetResourcesMissing', [ids], { signal: opts.signal }) : ids;
    const files = records.filter((r) => missing.includes(r.id)).map(toWorker);
    try {
      return await workbench.call('targetsAnalysis', [req, files], { signal: opts.signal, transfer: files.map((f) => f.bytes) });
    } catch (e) {
      if ((e as Error)?.name !== MISSING_RESOURCES || attempt > 0) throw e;
    }
  }
}

/** Ids of the demo's resources (fixed, so opening the demo again does not add them twice). */
export const DEMO_RESOURCES: readonly { id: string; kind: ResourceKind; path: string }[] = [
  { id: 'demo-targets', kind: 'targets', path: 'demo/targets.tsv' },
  { id: 'demo-genesets', kind: 'gmt', path: 'demo/genesets.gmt' },
];

/**
 * Adds the demo's synthetic target table and gene sets as resources when they are not stored yet
 * (`load` gets the files: fetched in the normal build, generated in the single-file build).
 */
export async function ensureDemoResources(load: (paths: string[]) => Promise<InputFile[]>, signal?: AbortSignal): Promise<void> {
  const absent: typeof DEMO_RESOURCES[number][] = [];
  for (const d of DEMO_RESOURCES) if (!(await getResource(d.id))) absent.push(d);
  if (absent.length === 0) return;
  const files = await load(absent.map((d) => d.path));
  const recs: ResourceRecord[] = [];
  for (let i = 0; i < absent.length; i++) {
    const d = absent[i];
    const rec = makeResource(d.kind, files[i].name, files[i].bytes, { id: d.id, synthetic: true });
    rec.summary = summaryOf(await readResource(rec, signal));
    recs.push(rec);
  }
  await addResources(recs);
}

export { listResources };
