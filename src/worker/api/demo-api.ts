import * as Comlink from 'comlink';
import type { Progress } from '../bridge.ts';

/** One generated demo file as it crosses the worker boundary (bytes transferred, not copied). */
export interface DemoFile {
  /** Site-root-relative path, as in DEMO_MANIFEST.files (`demo/cohort.csv`, `demo/arrays/R1.gpr`, …). */
  path: string;
  bytes: ArrayBuffer;
}

/** Worker tasks around the embedded demo study. */
export function demoApi() {
  return {
    /**
     * Generates every demo file with the seeded generator (scripts/demo/generate.ts; the bytes are
     * those of public/demo/, pinned by tests/unit/demo-files.test.ts). The single-file build opens
     * the demo this way because a page from file:// cannot fetch files; the normal build fetches
     * them. The generator is imported on demand, so the normal build's worker chunk does not carry it.
     */
    async generateDemoFiles(onProgress?: (p: Progress) => void): Promise<DemoFile[]> {
      onProgress?.({ done: 0, total: 1, phase: 'generate' });
      const { generateDemo } = await import('../../../scripts/demo/generate.ts');
      const out: DemoFile[] = [];
      for (const [path, bytes] of generateDemo().files) {
        const buf = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes.buffer as ArrayBuffer : bytes.slice().buffer;
        out.push({ path, bytes: buf });
      }
      onProgress?.({ done: 1, total: 1, phase: 'generate' });
      return Comlink.transfer(out, out.map((f) => f.bytes));
    },
  };
}
