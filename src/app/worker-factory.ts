/**
 * Creates the analysis worker of the normal build: a module worker loaded from its own chunk, so it
 * is cached by the service worker like every other file. The literal
 * `new Worker(new URL(...), {type: 'module'})` form is what Vite detects (ENGINEERING pitfall 10).
 *
 * The single-file build (vite.single.config.ts) swaps this module for worker-factory.single.ts,
 * which inlines the worker as a classic script (a page from file:// cannot load a module worker).
 */
export function createAnalysisWorker(): Worker {
  return new Worker(new URL('../worker/workbench.worker.ts', import.meta.url), { type: 'module', name: 'mmdr-analysis' });
}
