import type { TestProject } from 'vitest/node';
import { build, preview, type PreviewServer } from 'vite';
import { existsSync } from 'node:fs';

let server: PreviewServer | undefined;

/**
 * Builds the app exactly as a user's static host gets it (dist/), serves it with `vite preview`
 * on a free loopback port, and hands the URL to the end-to-end tests.
 */
export async function setup(project: TestProject): Promise<void> {
  for (const f of ['build/kernels.wasm', 'public/demo/cohort.csv']) {
    if (!existsSync(f)) throw new Error(`${f} is missing: run "npm run prepare:assets" (npm test does it first)`);
  }
  await build({ logLevel: 'warn', configFile: 'vite.config.ts', mode: 'production' });
  server = await preview({ configFile: 'vite.config.ts', logLevel: 'warn', preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false } });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview did not report a URL');
  project.provide('baseUrl', url);
}

/** Stops the preview server. */
export async function teardown(): Promise<void> {
  await new Promise<void>((resolve) => server?.httpServer.close(() => resolve()) ?? resolve());
}

declare module 'vitest' {
  export interface ProvidedContext { baseUrl: string }
}
