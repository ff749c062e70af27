import * as Comlink from 'comlink';
import type { Kernels } from '../../kernels/kernels.ts';
import type { Progress } from '../bridge.ts';

/** Result of the paper's median normalization as it crosses the worker boundary. */
export interface MedianNormResult { values: Float64Array; factors: Float64Array; nSelected: number }

/** Worker tasks on array matrices (kernels). */
export function arraysApi(kernels: () => Kernels) {
  return {
    /** The paper's median normalization (kernel), result transferred back without a copy. */
    async medianNormalize(values: Float64Array, nProbes: number, nArrays: number, threshold: number,
      onProgress?: (p: Progress) => void): Promise<MedianNormResult> {
      onProgress?.({ done: 0, total: 1, phase: 'normalize' });
      const r = kernels().medianNormalize(values, nProbes, nArrays, threshold);
      onProgress?.({ done: 1, total: 1, phase: 'normalize' });
      return Comlink.transfer(r, [r.values.buffer, r.factors.buffer]);
    },
  };
}
