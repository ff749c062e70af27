/// <reference types="vitest/config" />
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { readFileSync } from 'node:fs';
import { execSync } from 'node:child_process';

/**
 * Which build this is, for the report's methods and footer (src/report/version.ts): the package
 * version, the build date and the commit, as VITE_ variables (Vite puts VITE_* from the
 * environment into import.meta.env). Set them beforehand to override.
 */
process.env.VITE_APP_VERSION ??= (JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string }).version;
process.env.VITE_APP_BUILD_DATE ??= new Date().toISOString().slice(0, 10);
process.env.VITE_APP_COMMIT ??= (() => {
  try { return execSync('git rev-parse --short HEAD', { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim(); } catch { return ''; }
})();

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

/** Theme colour of the app (header bar), also the manifest's and the browser UI's. */
export const THEME_COLOR = '#17324d';

/** The web app manifest (install prompt) and its icons: all files in public/icons/, no external URL. */
export const MANIFEST = {
  name: 'Myeloma DR Workbench',
  short_name: 'Myeloma DR',
  description: 'Drug resistance in multiple myeloma: cohort, survival and exosomal miRNA analysis, offline in your browser. Nothing leaves the device.',
  lang: 'en',
  id: './',
  start_url: './',
  scope: './',
  display: 'standalone' as const,
  theme_color: THEME_COLOR,
  background_color: '#f4f6f9',
  categories: ['medical', 'productivity'],
  icons: [
    { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
    { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
    { src: 'icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    { src: 'icons/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
  ],
};

/**
 * Offline and installable (SPEC §7, ENGINEERING pitfall 14): a workbox service worker that
 * precaches the whole build — js, css, html, the wasm, the icons and the demo files (the GPRs are
 * 1.6 MB each, hence the raised size limit) — and serves index.html for any navigation in its
 * scope (hash routes). Registered by an external registerSW.js (inline script would break the
 * CSP). registerType 'prompt': a new build waits until the user accepts the prompt of src/app/pwa.ts;
 * clientsClaim only makes the first install control the page that installed it.
 */
export function pwa(): Plugin[] {
  return VitePWA({
    registerType: 'prompt',
    injectRegister: 'script',
    manifest: MANIFEST,
    includeManifestIcons: false, // the glob below already precaches public/icons/
    workbox: {
      globPatterns: ['**/*.{js,css,html,wasm,svg,png,ico,csv,tsv,txt,gpr,gal,gmt}'],
      maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
      navigateFallback: 'index.html',
      clientsClaim: true,
      skipWaiting: false,
      cleanupOutdatedCaches: true,
    },
  });
}

// One config for the app build and for the test projects.
// - base './' so dist/ runs from any sub-path of any static host (SPEC §7).
// - assetsInlineLimit 0 keeps the wasm a separate, cacheable file (ENGINEERING pitfall 10).
export default defineConfig({
  base: './',
  plugins: [cspMeta(), pwa()],
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
          // Correctness tests, not timings: a loaded 2-core CI machine must not turn them red.
          testTimeout: 30_000,
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
          // A loaded machine can take seconds to re-render: polls wait up to 15 s, not 1 s.
          expect: { poll: { timeout: 15_000, interval: 100 } },
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
