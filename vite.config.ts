/// <reference types="vitest/config" />
import { defineConfig, type Plugin } from 'vite';

/**
 * The Content Security Policy of SPEC §7: scripts only from our origin (plus wasm compilation),
 * no connection anywhere but our origin. Put in the built page as a <meta> (dev keeps Vite's HMR
 * working without it) and in public/_headers for hosts that read one (frame-ancestors only works
 * as a header).
 */
export const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

function cspMeta(): Plugin {
  return {
    name: 'mmdr-csp-meta',
    apply: 'build',
    transformIndexHtml: (html) => html.replace('<meta charset="utf-8">', `<meta charset="utf-8">\n    <meta http-equiv="Content-Security-Policy" content="${CSP}">`),
  };
}

// One config for the app build and for the test projects.
// - base './' so dist/ runs from any sub-path of any static host (SPEC §7).
// - assetsInlineLimit 0 keeps the wasm a separate, cacheable file (ENGINEERING pitfall 10).
export default defineConfig({
  base: './',
  plugins: [cspMeta()],
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
