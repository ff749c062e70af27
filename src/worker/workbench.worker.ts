/// <reference lib="webworker" />
import * as Comlink from 'comlink';
import { Kernels } from '../kernels/kernels.ts';
import { warmUpSurvival } from '../kernels/survival.ts';
import { warmUpCluster } from '../kernels/cluster.ts';
import { loadKernelModule } from './kernel-module.ts';
import { createWorkbenchApi } from './workbench-api.ts';

/**
 * The analysis worker: compiles the kernels once (kernel-module.ts: fetched in the normal build,
 * inlined in the single-file build), warms them up (V8 tiers wasm up only between
 * calls: pitfall 9), then serves the workbench API through Comlink.
 */
let module: WebAssembly.Module | null = null;
let kernels: Kernels | null = null;
const ready: Promise<void> = loadKernelModule().then((m) => {
  module = m;
  kernels = Kernels.fromModule(m);
  kernels.warmUp();
  warmUpSurvival(kernels);
  warmUpCluster(kernels);
});

/** The live kernels; after a trap (the instance locks itself) a fresh instance of the same module. */
const api = createWorkbenchApi(() => {
  if (!module) throw new Error('kernels not ready');
  if (!kernels || kernels.broken) {
    kernels = Kernels.fromModule(module);
    kernels.warmUp();
    warmUpSurvival(kernels);
    warmUpCluster(kernels);
  }
  return kernels;
});

/**
 * Every method waits for the module before running. A progress callback (a Comlink proxy, the
 * trailing function argument) travels on its own MessageChannel, so its messages could reach the
 * page after the result: each call's reports are awaited before the result is returned, so the
 * page always sees every report, in order, before the answer.
 */
const exposed = Object.fromEntries(
  Object.entries(api).map(([name, fn]) => [name, async (...args: unknown[]) => {
    await ready;
    const reports: Promise<unknown>[] = [];
    const last = args.length - 1;
    if (last >= 0 && typeof args[last] === 'function') {
      const report = args[last] as (...a: unknown[]) => unknown;
      args[last] = (...a: unknown[]) => { const r = report(...a); reports.push(Promise.resolve(r)); return r; };
    }
    const result = await (fn as (...a: unknown[]) => unknown)(...args);
    await Promise.allSettled(reports);
    return result;
  }]),
) as typeof api;

Comlink.expose(exposed);
