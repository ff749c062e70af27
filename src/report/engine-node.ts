/**
 * The report's engine under Node (`mmdr report`, unit tests): the worker's own task modules called
 * directly with the Node-loaded wasm kernels (src/kernels/load-node.ts), and the study's stored
 * files (from a study bundle) standing in for IndexedDB. Same code as the worker, no Worker.
 */
import type { Kernels } from '../kernels/kernels.ts';
import { loadKernelsNode } from '../kernels/load-node.ts';
import { survivalApi } from '../worker/api/survival-api.ts';
import { arraysApi } from '../worker/api/arrays-api.ts';
import { clusterApi } from '../worker/api/cluster-api.ts';
import { exosomeApi } from '../worker/api/exosome-api.ts';
import { targetsApi } from '../worker/api/targets-api.ts';
import { cohortApi } from '../worker/api/cohort-api.ts';
import { chooseGroupOrder, needTwoGroupsMessage } from '../study/expression-settings.ts';
import type { StoredFile } from '../study/model.ts';
import type { ReportEngine, ReportResource } from './items.ts';

/** A study's files by id (a bundle's `files`). */
export type FileSource = ReadonlyMap<string, Pick<StoredFile, 'name' | 'bytes'>>;

/** Options of {@link nodeEngine}. */
export interface NodeEngineOptions {
  /** Shared resources (target tables, GMT files); a study bundle carries none. */
  resources?: readonly ReportResource[];
  kernels?: Kernels;
}

/** An engine over the study's files (see the file header). */
export function nodeEngine(files: FileSource, opts: NodeEngineOptions = {}): ReportEngine {
  let k: Kernels | undefined = opts.kernels;
  const kernels = () => (k ??= loadKernelsNode());
  const api: Record<string, (...a: unknown[]) => Promise<unknown>> = {
    ...survivalApi(kernels), ...arraysApi(kernels), ...clusterApi(kernels), ...exosomeApi(), ...targetsApi(), ...cohortApi(kernels),
  } as never;
  return {
    async call(method, args) {
      const fn = api[method as string];
      if (!fn) throw new Error(`the headless report cannot run ${String(method)}`);
      return fn(...(args as unknown[])) as never;
    },
    async expression(study, settings) {
      const choice = chooseGroupOrder(study.arrays.map((a) => a.group), settings.groupOrder);
      if (!choice.order) throw new Error(needTwoGroupsMessage(choice.groups));
      const ids = [...new Set(study.arrays.map((a) => a.fileId))];
      const bytes = ids.map((id) => {
        const f = files.get(id);
        const name = study.arrays.find((a) => a.fileId === id)?.fileName ?? id;
        if (!f) throw new Error(`${name}: the file is not in the study bundle`);
        return { fileId: id, fileName: f.name, bytes: f.bytes.slice(0) };
      });
      return api.expressionAnalysis({ arrays: study.arrays, settings, order: choice.order }, bytes) as never;
    },
    async resources() {
      return [...(opts.resources ?? [])];
    },
  };
}
