/**
 * The report's engine in the page: the same analysis worker (WorkerBridge) and the same shared
 * array-analysis client (with its cache) the views use, so a report never computes anything a
 * view would compute differently — and an analysis a view already ran is not run again.
 */
import { workbench } from '../app/workbench-worker.ts';
import { runExpressionAnalysis } from '../app/array-analysis-client.ts';
import { listResources } from '../storage/resources.ts';
import type { ReportEngine } from './items.ts';

/** The page's engine. */
export const browserEngine: ReportEngine = {
  call: (method, args, opts) => workbench.call(method, args, opts ?? {}),
  expression: (study, settings, signal) => runExpressionAnalysis(study, settings, { signal }),
  resources: () => listResources(),
};
