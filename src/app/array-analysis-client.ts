/**
 * The page's entry point to the study's array analysis, shared by every view that needs it
 * (Expression, clustering heatmap, targets). The analysis runs in the worker
 * (src/worker/api/arrays-api.ts expressionAnalysis); this module only gathers the inputs, sends the
 * file bytes the worker lacks, caches results, and shapes them.
 *
 * Caching: results are kept in memory (the last few) per study id, the study's array data (array
 * keys, formats and group labels — files never change under an id) and the settings that change
 * numbers (src/study/expression-settings.ts analysisSettingsKey). This is the study's revision
 * narrowed to what matters: a save of unrelated settings (survival, exosome) bumps `rev` but keeps
 * the result, while a new array, a changed group or a changed setting gives a new key. Concurrent
 * callers with the same key share one run.
 *
 * The fold-change cut-off, its basis and the significance filter only classify a finished result,
 * on the page (O(probes)); they never re-run the worker.
 */
import { getFile } from '../storage/studies.ts';
import type { StudyRecord } from '../study/model.ts';
import type { ArrayAnalysisSettings } from '../study/array-analysis.ts';
import { classifyProbes, deRows, type DeRow } from '../stats/differential.ts';
import { analysisSettingsKey, chooseGroupOrder, expressionSettings, needTwoGroupsMessage, type ExpressionSettings } from '../study/expression-settings.ts';
import { arrayKey, MISSING_FILES } from '../study/array-sources.ts';
import type { ExpressionResult } from '../study/expression-analysis.ts';
import { abortError, type Progress } from '../worker/bridge.ts';
import type { ArrayFileBytes } from '../worker/api/arrays-api.ts';
import { workbench } from './workbench-worker.ts';

/** The study's array analysis as other views use it. */
export interface StudyArrayAnalysis {
  /** The settings used (study.settings.arrays: an ExpressionSettings, which extends these). */
  settings: ArrayAnalysisSettings;
  probes: string[];
  /** Short array names, study order. */
  arrays: string[];
  /** Group label per array ('' = not assigned; such arrays are normalized but not compared). */
  groups: string[];
  /** [reference, comparison]: logFC and fold changes are comparison relative to reference. */
  groupOrder: [string, string];
  /** Normalized log2 values, one column per array (linear only if log2 was switched off for linear input). */
  log2: Float64Array[];
  /** One row per probe, same order as `probes` (SPEC §6 `mmdr de` rows). */
  de: DeRow[];
  /** Probe ids passing the fold-change cut-off (and the significance filter if set): higher / lower in the comparison group. */
  up: string[];
  down: string[];
  /** One array per group: fold change only, no p-values (the paper's pooled design). */
  pooled: boolean;
  qc: { factors: number[] | null; nSelected: number | null };
}

/** Why the analysis cannot run (no arrays, fewer than two groups); a localized message for the view. */
export class ArrayAnalysisSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArrayAnalysisSetupError';
  }
}

/** Options of a run: cancel and progress. */
export interface RunOptions {
  /** Aborting cancels the run (the worker is stopped; other callers of the same run are cancelled too). */
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
}

interface Entry { key: string; promise: Promise<ExpressionResult>; controller: AbortController; listeners: Set<(p: Progress) => void>; waiting: number }

const CACHE_SIZE = 4;
const cache: Entry[] = [];

/** The settings of the study's array analysis (study.settings.arrays, defaults filled in). */
export function studyArraySettings(study: StudyRecord): ExpressionSettings {
  return expressionSettings(study.settings?.arrays);
}

/** The cache key of a study's analysis under given settings. */
export function analysisKey(study: StudyRecord, s: ExpressionSettings): string {
  const order = chooseGroupOrder(study.arrays.map((a) => a.group), s.groupOrder).order;
  return JSON.stringify([study.id, study.arrays.map((a) => [arrayKey(a), a.format, a.group]), order, analysisSettingsKey(s)]);
}

/** The finished result for these settings if it is in memory (no worker call), else null. */
export async function cachedExpressionAnalysis(study: StudyRecord, s: ExpressionSettings): Promise<ExpressionResult | null> {
  const e = cache.find((x) => x.key === analysisKey(study, s));
  if (!e) return null;
  try { return await e.promise; } catch { return null; }
}

async function readBytes(study: StudyRecord, fileIds: string[]): Promise<ArrayFileBytes[]> {
  const out: ArrayFileBytes[] = [];
  for (const id of fileIds) {
    const f = await getFile(id);
    const name = study.arrays.find((a) => a.fileId === id)?.fileName ?? id;
    if (!f) throw new ArrayAnalysisSetupError(`${name}: the file's bytes are not in this browser's storage`);
    out.push({ fileId: id, fileName: name, bytes: f.bytes });
  }
  return out;
}

async function runInWorker(study: StudyRecord, s: ExpressionSettings, order: [string, string], signal: AbortSignal, onProgress: (p: Progress) => void): Promise<ExpressionResult> {
  const req = { arrays: study.arrays, settings: s, order };
  const ids = [...new Set(study.arrays.map((a) => a.fileId))];
  const send = async (need: string[]) => {
    const files = await readBytes(study, need);
    return workbench.call('expressionAnalysis', [req, files], { signal, onProgress, transfer: files.map((f) => f.bytes) });
  };
  const missing = await workbench.call('expressionFilesMissing', [ids], { signal });
  try {
    return await send(missing);
  } catch (e) {
    // the worker was restarted between the two calls (idle stop, another view's Cancel): send everything
    if ((e as Error)?.name === MISSING_FILES) return send(ids);
    throw e;
  }
}

/**
 * The full result for the Expression view under `settings` (default: the study's saved settings).
 * Throws {@link ArrayAnalysisSetupError} when there is nothing to compare, an AbortError when
 * cancelled, and the worker's localized message when the data cannot be analysed.
 */
export function runExpressionAnalysis(study: StudyRecord, settings: ExpressionSettings = studyArraySettings(study), opts: RunOptions = {}): Promise<ExpressionResult> {
  if (study.arrays.length === 0) return Promise.reject(new ArrayAnalysisSetupError(needTwoGroupsMessage([])));
  const choice = chooseGroupOrder(study.arrays.map((a) => a.group), settings.groupOrder);
  if (!choice.order) return Promise.reject(new ArrayAnalysisSetupError(needTwoGroupsMessage(choice.groups)));
  if (opts.signal?.aborted) return Promise.reject(abortError());
  const key = analysisKey(study, settings);
  let e = cache.find((x) => x.key === key);
  if (e) {
    cache.splice(cache.indexOf(e), 1);
    cache.push(e); // most recently used last
  } else {
    const controller = new AbortController();
    const listeners = new Set<(p: Progress) => void>();
    const entry: Entry = { key, controller, listeners, waiting: 0, promise: Promise.resolve() as never };
    entry.promise = runInWorker(study, settings, choice.order, controller.signal, (p) => listeners.forEach((l) => l(p)));
    entry.promise.catch(() => { const i = cache.indexOf(entry); if (i >= 0) cache.splice(i, 1); });
    cache.push(entry);
    while (cache.length > CACHE_SIZE) cache.shift();
    e = entry;
  }
  const entry = e;
  const listener = opts.onProgress;
  if (listener) entry.listeners.add(listener);
  entry.waiting++;
  return new Promise<ExpressionResult>((resolve, reject) => {
    let settled = false;
    const done = () => {
      if (settled) return false;
      settled = true;
      if (listener) entry.listeners.delete(listener);
      entry.waiting--;
      opts.signal?.removeEventListener('abort', onAbort);
      return true;
    };
    const onAbort = () => {
      if (!done()) return;
      // the last one waiting cancels the run itself (stops the worker); others keep theirs
      if (entry.waiting === 0) entry.controller.abort();
      reject(abortError());
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    entry.promise.then((r) => { if (done()) resolve(r); }, (err) => { if (done()) reject(err); });
  });
}

/** Classification of every probe under the settings' cut-off and filter: 1 up, −1 down, 0 neither. */
export function regulation(r: ExpressionResult, s: Pick<ExpressionSettings, 'foldChangeCutoff' | 'foldChangeBasis' | 'maxAdjP'>): Int8Array {
  return classifyProbes(r.de, { cutoff: s.foldChangeCutoff, basis: s.foldChangeBasis, ...(s.maxAdjP != null ? { maxAdjP: s.maxAdjP } : {}) });
}

/** The shared shape of a finished result under the settings' cut-off and filter. */
export function toStudyArrayAnalysis(r: ExpressionResult, s: ExpressionSettings): StudyArrayAnalysis {
  const nP = r.probes.length;
  const cls = regulation(r, s);
  const up: string[] = [];
  const down: string[] = [];
  cls.forEach((c, i) => { if (c > 0) up.push(r.probes[i]); else if (c < 0) down.push(r.probes[i]); });
  return {
    settings: s,
    probes: r.probes,
    arrays: r.arrays,
    groups: r.groups,
    groupOrder: r.order,
    log2: r.arrays.map((_, j) => r.values.slice(j * nP, (j + 1) * nP)),
    de: deRows(r.de),
    up,
    down,
    pooled: r.de.foldChangeOnly,
    qc: { factors: r.normalization.factors ? Array.from(r.normalization.factors) : null, nSelected: r.normalization.selected },
  };
}

/**
 * The study's array analysis with its saved settings (study.settings.arrays; defaults = the paper's
 * Methods, src/study/expression-settings.ts DEFAULT_EXPRESSION_SETTINGS). The groups come from the
 * arrays' group labels; which one is the comparison is chooseGroupOrder's rule (a saved order,
 * else the resistant-looking group, e.g. the demo's Bz-resistant) — the Expression view lets the
 * user swap them and saves the choice. Runs in the worker; cached (see the module comment).
 */
export async function runStudyArrayAnalysis(study: StudyRecord, opts?: { signal?: AbortSignal; onProgress?: (p: Progress) => void }): Promise<StudyArrayAnalysis> {
  const s = studyArraySettings(study);
  const r = await runExpressionAnalysis(study, s, opts ?? {});
  return toStudyArrayAnalysis(r, s);
}
