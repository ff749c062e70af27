import { WorkerBridge } from '../src/worker/bridge.ts';
import { createAnalysisWorker } from '../src/app/worker-factory.ts';
import type { WorkbenchApi } from '../src/worker/workbench-api.ts';

/**
 * The bench page: the app's own worker and bridge, timed from the page as a user's click would
 * be (transfer in, wasm in the worker, transfer out). `npm run bench` drives it in headless
 * Chromium (scripts/bench-browser.ts). Also measures the longest gap between animation frames
 * while the worker runs, i.e. whether the page stayed responsive.
 */
const bridge = new WorkerBridge<WorkbenchApi>(createAnalysisWorker, 0);

/** xoshiro-free seeded normals (an LCG is enough for bench input). */
function matrix(nRows: number, nCols: number, seed: number): Float64Array {
  let s = seed >>> 0;
  const u = () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return (s + 0.5) / 2 ** 32; };
  const out = new Float64Array(nRows * nCols);
  for (let i = 0; i < out.length; i += 2) {
    const r = Math.sqrt(-2 * Math.log(u()));
    const t = 2 * Math.PI * u();
    out[i] = r * Math.cos(t);
    if (i + 1 < out.length) out[i + 1] = r * Math.sin(t);
  }
  return out;
}

async function clusterOnce(values: Float64Array, nRows: number, nCols: number, linkage: 'average' | 'weighted' | 'complete' | 'ward' | 'single') {
  const req = {
    values: values.slice(), nRows, nCols,
    rowLabels: Array.from({ length: nRows }, (_, i) => `p${i}`), colLabels: Array.from({ length: nCols }, (_, j) => `a${j}`),
    distance: 'euclidean' as const, linkage, zScore: false, axis: 'rows' as const,
  };
  let maxGap = 0;
  let last = performance.now();
  let running = true;
  const tick = () => { const t = performance.now(); maxGap = Math.max(maxGap, t - last); last = t; if (running) requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  const t0 = performance.now();
  const r = await bridge.call('clusterHeatmap', [req], { transfer: [req.values.buffer] });
  const ms = performance.now() - t0;
  running = false;
  return { ms, workerMs: r.rowsMs, maxFrameGapMs: maxGap, height: r.rows!.height.at(-1) };
}

/** Runs one case `runs` times after one warm-up; returns medians. */
async function benchCase(name: string, nRows: number, nCols: number, linkage: 'average', runs: number, values?: number[]) {
  const v = values ? Float64Array.from(values) : matrix(nRows, nCols, 42);
  await clusterOnce(v, nRows, nCols, linkage);
  const res: Awaited<ReturnType<typeof clusterOnce>>[] = [];
  for (let i = 0; i < runs; i++) res.push(await clusterOnce(v, nRows, nCols, linkage));
  const med = (k: 'ms' | 'workerMs' | 'maxFrameGapMs') => res.map((x) => x[k]).sort((a, b) => a - b)[Math.floor(res.length / 2)];
  return { name, size: `${nRows}x${nCols}`, page_ms: +med('ms').toFixed(2), worker_ms: +med('workerMs').toFixed(2), max_frame_gap_ms: +med('maxFrameGapMs').toFixed(1), runs };
}

declare global { interface Window { runBench(ref3180: number[]): Promise<unknown>; benchReady: boolean } }

window.runBench = async (ref3180: number[]) => {
  await bridge.call('ping', []);
  return [
    await benchCase('hclust euclidean/average (distances + linkage + order), in the worker', 3180, 12, 'average', 5, ref3180),
    await benchCase('hclust euclidean/average (distances + linkage + order), in the worker', 20000, 12, 'average', 1),
  ];
};
window.benchReady = true;
