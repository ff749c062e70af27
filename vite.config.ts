/// <reference types="vitest/config" />
import { defineConfig } from 'vite';

// One config for the app build and for the test projects.
// - base './' so dist/ runs from any sub-path of any static host (SPEC §7).
// - assetsInlineLimit 0 keeps the wasm a separate, cacheable file (ENGINEERING pitfall 10).
export default defineConfig({
  base: './',
  build: {
    target: 'es2022',
    assetsInlineLimit: 0,
    sourcemap: true,
  },
  worker: {
    format: 'es',
  },
  server: {
    fs: { allow: ['.'] },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          include: ['tests/unit/**/*.test.ts', 'tests/kernels/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/e2e/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
