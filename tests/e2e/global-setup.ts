import type { TestProject } from 'vitest/node';
import { build, preview, type PreviewServer } from 'vite';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let server: PreviewServer | undefined;
let outDir = '';

/**
 * Builds the app exactly as a user's static host gets it (what `npm run build` writes to dist/),
 * serves it with `vite preview` on a free loopback port, and hands the URL and the build's
 * directory to the end-to-end tests. The build goes to a private directory, not dist/: another
 * test run or build in the same checkout must not swap files (or the service worker) under a
 * running test.
 */
export async function setup(project: TestProject): Promise<void> {
  for (const f of ['build/kernels.wasm', 'public/demo/cohort.csv']) {
    if (!existsSync(f)) throw new Error(`${f} is missing: run "npm run prepare:assets" (npm test does it first)`);
  }
  outDir = mkdtempSync(join(tmpdir(), 'mmdr-e2e-dist-'));
  // Vitest runs with NODE_ENV=test, which would make Vite pick Lit's development build: test the
  // production bundle users get.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ logLevel: 'warn', configFile: 'vite.config.ts', mode: 'production', build: { outDir, emptyOutDir: true } });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  server = await preview({ configFile: 'vite.config.ts', logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false } });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview did not report a URL');
  project.provide('baseUrl', url);
  project.provide('distDir', outDir);
}

/** Stops the preview server and removes the build. */
export async function teardown(): Promise<void> {
  await new Promise<void>((resolve) => server?.httpServer.close(() => resolve()) ?? resolve());
  if (outDir) rmSync(outDir, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    /** Directory of the build under test (dist/ as a static host gets it). */
    distDir: string;
  }
}
