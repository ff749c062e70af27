import { WorkerBridge } from '../worker/bridge.ts';
import type { WorkbenchApi } from '../worker/workbench-api.ts';
import { createAnalysisWorker } from './worker-factory.ts';

/**
 * The page's single bridge to the analysis worker. The main thread never runs an analysis or a
 * parse of a user file (SPEC §5): it asks this bridge, which queues, reports progress and cancels.
 * How the worker is created depends on the build (worker-factory.ts: a module worker chunk;
 * worker-factory.single.ts: a classic worker inlined in the single HTML file).
 */
export const workbench = new WorkerBridge<WorkbenchApi>(createAnalysisWorker);
