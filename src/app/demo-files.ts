import { msg } from '@lit/localize';
import type { InputFile } from './study-actions.ts';
import type { Progress } from '../worker/bridge.ts';
import { abortError } from '../worker/bridge.ts';

/**
 * Gets the demo study's files in the normal build: fetched from `demo/…` relative to the page
 * (same origin, so sub-paths work; precached by the service worker, so this works offline too).
 *
 * The single-file build (vite.single.config.ts) swaps this module for demo-files.single.ts, which
 * generates the same bytes in the analysis worker (a page from file:// cannot fetch files).
 */
export async function loadDemoFiles(paths: readonly string[], opts: { signal?: AbortSignal; onProgress?: (p: Progress) => void } = {}): Promise<InputFile[]> {
  const inputs: InputFile[] = [];
  let done = 0;
  for (const p of paths) {
    if (opts.signal?.aborted) throw abortError();
    const res = await fetch(new URL(p, document.baseURI), { signal: opts.signal });
    if (!res.ok) throw new Error(msg('The demo files are missing from this build (run "npm run demo" before building).', { id: 'demo.missing' }) + ` ${p}: HTTP ${res.status}`);
    inputs.push({ name: p.split('/').pop()!, type: res.headers.get('content-type') ?? '', bytes: await res.arrayBuffer() });
    opts.onProgress?.({ done: ++done, total: paths.length });
  }
  return inputs;
}
