import type { InputFile } from './study-actions.ts';
import type { Progress } from '../worker/bridge.ts';
import { abortError } from '../worker/bridge.ts';
import { workbench } from './workbench-worker.ts';

/**
 * Single-file build only (swapped in for demo-files.ts by vite.single.config.ts): a page opened
 * from file:// cannot fetch the demo files, so the analysis worker generates them with the seeded
 * generator (scripts/demo/generate.ts, the same bytes as public/demo/; never on the main thread).
 */
export async function loadDemoFiles(paths: readonly string[], opts: { signal?: AbortSignal; onProgress?: (p: Progress) => void } = {}): Promise<InputFile[]> {
  const generated = await workbench.call('generateDemoFiles', [], {
    signal: opts.signal,
    onProgress: (p) => opts.onProgress?.({ done: p.done * paths.length, total: paths.length }),
  });
  if (opts.signal?.aborted) throw abortError();
  const byPath = new Map(generated.map((f) => [f.path, f.bytes]));
  return paths.map((p) => {
    const bytes = byPath.get(p);
    if (!bytes) throw new Error(`the demo generator did not produce ${p}`);
    return { name: p.split('/').pop()!, type: '', bytes };
  });
}
