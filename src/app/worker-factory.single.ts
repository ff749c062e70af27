import AnalysisWorker from '../worker/workbench.worker.ts?worker&inline';

/**
 * Single-file build only (swapped in for worker-factory.ts by vite.single.config.ts): the analysis
 * worker is bundled as a classic script (`worker.format: 'iife'`) and inlined into the page, then
 * started from a blob: URL, which works from file:// where a module worker chunk cannot be loaded
 * (ENGINEERING pitfall 15).
 */
export function createAnalysisWorker(): Worker {
  return new AnalysisWorker({ name: 'mmdr-analysis' });
}
