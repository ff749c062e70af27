/**
 * src/app/array-analysis-client.ts with the worker bridge and storage replaced by fakes: the bytes
 * the worker lacks are read and sent (transferred), results are cached per study data and settings
 * (not per revision), concurrent callers share one run, a cancel stops the run only when nobody
 * else waits for it, a restarted worker gets every file again, and setup problems are reported.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ArrayEntry, StudyRecord } from '../../src/study/model.ts';

type Call = { method: string; args: unknown[]; opts: { signal?: AbortSignal; onProgress?: (p: unknown) => void; transfer?: unknown[] } };
const calls: Call[] = [];
let held = new Set<string>();
let gate: Promise<void> = Promise.resolve();
let forgetOnce = false;

vi.mock('../../src/app/workbench-worker.ts', () => ({
  workbench: {
    call: async (method: string, args: unknown[], opts: Call['opts'] = {}) => {
      calls.push({ method, args, opts });
      if (method === 'expressionFilesMissing') return (args[0] as string[]).filter((id) => !held.has(id));
      if (method === 'expressionAnalysis') {
        const files = args[1] as { fileId: string }[];
        if (forgetOnce) { forgetOnce = false; held = new Set(); }
        for (const f of files) held.add(f.fileId);
        const req = args[0] as { arrays: ArrayEntry[]; order: [string, string] };
        const missing = req.arrays.map((a) => a.fileId).filter((id) => !held.has(id));
        if (missing.length) { const e = new Error('missing'); e.name = 'MissingArrayFiles'; throw e; }
        opts.onProgress?.({ done: 1, total: 2 });
        await Promise.race([gate, new Promise((_, reject) => opts.signal?.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' }))))]);
        return fakeResult(req.order);
      }
      throw new Error(`unexpected ${method}`);
    },
  },
}));
vi.mock('../../src/storage/studies.ts', () => ({
  getFile: async (id: string) => ({ id, bytes: new ArrayBuffer(4) }),
}));

const { runExpressionAnalysis, runStudyArrayAnalysis, ArrayAnalysisSetupError, analysisKey, studyArraySettings } = await import('../../src/app/array-analysis-client.ts');

function fakeResult(order: [string, string]) {
  const n = 3;
  const f = (xs: number[]) => Float64Array.from(xs);
  return {
    settings: {}, probes: ['a', 'b', 'c'], keys: ['f1', 'f2'], arrays: ['A1', 'A2'], groups: [order[0], order[1]], order,
    inputScale: 'linear', analysedScale: 'log2', values: f([1, 2, 3, 4, 5, 6]),
    de: {
      method: 'moderated', groups: [{ label: order[0], arrays: 1 }, { label: order[1], arrays: 1 }], probes: ['a', 'b', 'c'],
      logFC: f([2, -2, 0]), aveExpr: f([1, 1, 1]), foldChangeLinear: f([4, 0.25, 1]), foldChangeLog2: f([4, 0.25, 1]),
      t: null, p: null, adjP: null, B: null, foldChangeOnly: true, foldChangeCutoff: 2, foldChangeBasis: 'linear', up: 1, down: 1,
      n1: new Float64Array(n), n2: new Float64Array(n), mean1: new Float64Array(n), mean2: new Float64Array(n), linearMean1: new Float64Array(n), linearMean2: new Float64Array(n), df: null, prior: null, foldChangeOnlyReason: 'x', warnings: [],
    },
    normalization: { method: 'median', factors: f([10, 20]), selected: 2, threshold: 30, nonPositive: 0 },
    qc: {}, readOut: {}, elapsedMs: 1,
  };
}

const entry = (id: string, group: string): ArrayEntry => ({
  fileId: id, fileName: `${id}.gpr`, group, format: 'gpr', atfVersion: '1', type: '', wavelengths: [532], spots: 0, distinctNames: 0, emptySpots: 0, controls: 0, flaggedByValue: {},
});
let n = 0;
const study = (groups: string[], settings: Record<string, unknown> = {}): StudyRecord => ({
  id: `s${++n}`, name: 'x', description: '', synthetic: false, createdAt: '', updatedAt: '', cohort: null, rev: 1,
  arrays: groups.map((g, i) => entry(`f${i + 1}`, g)), settings,
});

beforeEach(() => { calls.length = 0; held = new Set(); gate = Promise.resolve(); forgetOnce = false; });

describe('runStudyArrayAnalysis (the shared contract)', () => {
  it('sends the bytes the worker lacks, shapes the result, and puts the resistant group second', async () => {
    const st = study(['Bz-resistant', 'Bz-responsive']);
    const progress: unknown[] = [];
    const a = await runStudyArrayAnalysis(st, { onProgress: (p) => progress.push(p) });
    expect(a.groupOrder).toEqual(['Bz-responsive', 'Bz-resistant']);
    expect(a.up).toEqual(['a']);
    expect(a.down).toEqual(['b']);
    expect(a.pooled).toBe(true);
    expect(a.log2.map((c) => Array.from(c))).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(a.de.map((r) => r.id)).toEqual(['a', 'b', 'c']);
    expect(a.qc).toEqual({ factors: [10, 20], nSelected: 2 });
    expect(a.settings.normalization).toBe('median');
    expect(progress).toEqual([{ done: 1, total: 2 }]);
    const run = calls.find((c) => c.method === 'expressionAnalysis')!;
    expect((run.args[1] as { fileId: string }[]).map((f) => f.fileId)).toEqual(['f1', 'f2']);
    expect(run.opts.transfer).toHaveLength(2);
  });
  it('caches per study data and settings, not per revision; a changed setting or group runs again', async () => {
    const st = study(['R', 'S'], { arrays: { foldChangeCutoff: 2 } });
    await runStudyArrayAnalysis(st);
    await runStudyArrayAnalysis({ ...st, rev: 7, settings: { ...st.settings, survival: { any: 1 } } });
    expect(calls.filter((c) => c.method === 'expressionAnalysis')).toHaveLength(1);
    // the cut-off only classifies: no new run
    const strict = await runStudyArrayAnalysis({ ...st, settings: { arrays: { foldChangeCutoff: 5 } } });
    expect(strict.up).toEqual([]);
    expect(calls.filter((c) => c.method === 'expressionAnalysis')).toHaveLength(1);
    await runStudyArrayAnalysis({ ...st, settings: { arrays: { normalization: 'quantile' } } });
    await runStudyArrayAnalysis({ ...st, arrays: st.arrays.map((a, i) => ({ ...a, group: i ? 'T' : 'R' })) });
    expect(calls.filter((c) => c.method === 'expressionAnalysis')).toHaveLength(3);
    // the second run sent no bytes: the worker held them
    expect((calls.filter((c) => c.method === 'expressionAnalysis')[1].args[1] as unknown[]).length).toBe(0);
    expect(analysisKey(st, studyArraySettings(st))).toBe(analysisKey({ ...st, rev: 9 }, studyArraySettings(st)));
  });
  it('concurrent callers share one run; a cancel stops it only when nobody else waits', async () => {
    let open!: () => void;
    gate = new Promise((r) => { open = r; });
    const st = study(['R', 'S']);
    const a1 = new AbortController();
    const p1 = runExpressionAnalysis(st, undefined, { signal: a1.signal });
    const p2 = runExpressionAnalysis(st);
    await new Promise((r) => setTimeout(r, 0));
    a1.abort();
    await expect(p1).rejects.toMatchObject({ name: 'AbortError' });
    open();
    await expect(p2).resolves.toMatchObject({ order: ['R', 'S'] });
    expect(calls.filter((c) => c.method === 'expressionAnalysis')).toHaveLength(1);

    gate = new Promise(() => {});
    const st2 = study(['R', 'S']);
    const a2 = new AbortController();
    const p3 = runExpressionAnalysis(st2, undefined, { signal: a2.signal });
    await new Promise((r) => setTimeout(r, 0));
    a2.abort();
    await expect(p3).rejects.toMatchObject({ name: 'AbortError' });
    const run = calls.filter((c) => c.method === 'expressionAnalysis').at(-1)!;
    expect(run.opts.signal!.aborted).toBe(true); // the worker call itself was cancelled
    gate = Promise.resolve();
    await expect(runExpressionAnalysis(st2)).resolves.toBeTruthy(); // a cancelled run is not cached
  });
  it('a worker that lost its files gets them all again', async () => {
    const st = study(['R', 'S']);
    held = new Set(['f1', 'f2']);
    forgetOnce = true;
    await expect(runStudyArrayAnalysis(st)).resolves.toBeTruthy();
    const runs = calls.filter((c) => c.method === 'expressionAnalysis');
    expect(runs).toHaveLength(2);
    expect((runs[1].args[1] as unknown[]).length).toBe(2);
  });
  it('no arrays, or fewer than two groups: a setup error with a message for the view', async () => {
    await expect(runStudyArrayAnalysis(study([]))).rejects.toBeInstanceOf(ArrayAnalysisSetupError);
    await expect(runStudyArrayAnalysis(study(['A', 'A', '']))).rejects.toThrow(/Only one sample group \(A\)/);
    expect(calls).toHaveLength(0);
  });
});
