import { WorkerBridge } from '../worker/bridge.ts';
import type { WorkbenchApi } from '../worker/workbench-api.ts';

/**
 * The page's single bridge to the analysis worker. The main thread never runs an analysis or a
 * parse of a user file (SPEC §5): it asks this bridge, which queues, reports progress and cancels.
 * The literal `new Worker(new URL(...), {type: 'module'})` form is what Vite detects (pitfall 10).
 */
export const workbench = new WorkerBridge<WorkbenchApi>(
  () => new Worker(new URL('../worker/workbench.worker.ts', import.meta.url), { type: 'module', name: 'mmdr-analysis' }),
);
