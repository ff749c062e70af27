import type { Kernels } from '../kernels/kernels.ts';
import { filesApi } from './api/files-api.ts';
import { arraysApi } from './api/arrays-api.ts';
import { exosomeApi } from './api/exosome-api.ts';
import { demoApi } from './api/demo-api.ts';
import { survivalApi } from './api/survival-api.ts';
import { cohortApi } from './api/cohort-api.ts';
import { clusterApi } from './api/cluster-api.ts';
import { targetsApi } from './api/targets-api.ts';

export type { CohortTable, GprSummary } from './api/files-api.ts';
export type { MedianNormResult } from './api/arrays-api.ts';
export type { DemoFile } from './api/demo-api.ts';

/**
 * Every task the analysis worker performs, composed from one module per domain
 * (src/worker/api/<domain>-api.ts). The same object is built in Node tests (with the Node wasm
 * loader) and in the worker (with the fetched module), so both run identical code. Methods may
 * take a trailing progress callback (a Comlink proxy when called through the bridge).
 */
export function createWorkbenchApi(kernels: () => Kernels) {
  return {
    /** Round trip check; returns the kernels' memory size so a caller can see the module is live. */
    async ping(): Promise<{ ok: true; heapBytes: number }> {
      return { ok: true, heapBytes: kernels().heapBytes() };
    },
    ...filesApi(),
    ...arraysApi(kernels),
    ...demoApi(),
    ...survivalApi(kernels),
    ...cohortApi(kernels),
    ...clusterApi(kernels),
    ...exosomeApi(),
    ...targetsApi(),
  };
}

/** The worker's API type, as seen through the bridge. */
export type WorkbenchApi = ReturnType<typeof createWorkbenchApi>;
