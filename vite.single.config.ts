/**
 * The single-file build (`npm run build:single` → dist-single/myeloma-dr-workbench.html): one HTML
 * file that opens from file:// on an air-gapped laptop and runs the demo study end to end
 * (SPEC §7, ENGINEERING pitfall 15). Differences from the normal build (vite.config.ts):
 *
 * - Four modules are swapped for their `.single.ts` twins at resolve time (swapForSingleFile, in
 *   the page and in the worker bundle), so no code decides anything at run time: the worker
 *   factory (a classic worker inlined with `?worker&inline`, `worker.format: 'iife'`, started from
 *   a blob: URL), the kernel loader (wasm inlined as base64, no fetch), the demo files (generated
 *   in the worker by scripts/demo/generate.ts instead of fetched) and the update watcher (no
 *   service worker from file://).
 * - vite-plugin-singlefile inlines the JS and CSS into the HTML; public/ is not copied (nothing
 *   beside the HTML file is ever loaded) and there is no service worker or manifest.
 * - The CSP stays in the page. Inline script cannot be avoided in a single file, so instead of
 *   'self' the policy's script-src lists the sha256 of each inline script, computed here after
 *   inlining — never 'unsafe-inline'. Every other directive is the normal build's (CSP in
 *   vite.config.ts).
 */
import { defineConfig, type Plugin } from 'vite';
import { viteSingleFile } from 'vite-plugin-singlefile';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { CSP } from './vite.config.ts';

/** Name of the one output file. */
export const SINGLE_FILE_NAME = 'myeloma-dr-workbench.html';

/** Modules swapped for their single-file twins (same exports, both checked by tsc). */
const SWAPS = ['src/app/worker-factory.ts', 'src/app/demo-files.ts', 'src/app/pwa.ts', 'src/worker/kernel-module.ts'];

/**
 * Resolves each module of SWAPS to its `.single.ts` twin, whoever imports it and however (an
 * alias keyed on the resolved file, so the page and the worker bundle get the same swap).
 */
function swapForSingleFile(): Plugin {
  const twins = new Map(SWAPS.map((f) => [resolvePath(f), resolvePath(f.replace(/\.ts$/, '.single.ts'))]));
  return {
    name: 'mmdr-single-swap',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!importer || !/\.ts$/.test(source)) return null;
      const r = await this.resolve(source, importer, { ...options, skipSelf: true });
      return r && twins.has(r.id) ? twins.get(r.id)! : null;
    },
  };
}

/** The single file's CSP: the normal policy with script-src = hashes of the inline scripts (+ wasm compilation). */
export function singleFileCsp(scriptHashes: readonly string[]): string {
  return CSP.replace("script-src 'self' 'wasm-unsafe-eval'", `script-src ${scriptHashes.map((h) => `'${h}'`).join(' ')} 'wasm-unsafe-eval'`);
}

/** sha256-… source expression of an inline script's text, as CSP hashes it (UTF-8 bytes of the element's content). */
export function cspHash(code: string): string {
  return `sha256-${createHash('sha256').update(code, 'utf8').digest('base64')}`;
}

/** Before inlining: the favicon becomes a data: URL (nothing beside the HTML file exists), no apple-touch-icon. */
function singleFileHead(): Plugin {
  return {
    name: 'mmdr-single-head',
    transformIndexHtml: {
      order: 'pre',
      handler: (html) => {
        const svg = readFileSync('public/icons/icon.svg');
        return html
          .replace(/<link rel="icon" href="[^"]*"/, `<link rel="icon" href="data:image/svg+xml;base64,${svg.toString('base64')}"`)
          .replace(/\s*<link rel="apple-touch-icon"[^>]*>/, '');
      },
    },
  };
}

/** After vite-plugin-singlefile has inlined everything: hash the inline scripts into a CSP meta and rename the file. */
function singleFileCspAndName(): Plugin {
  return {
    name: 'mmdr-single-csp',
    enforce: 'post',
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        const page = bundle['index.html'];
        if (!page || page.type !== 'asset') throw new Error('single-file build: no index.html in the bundle');
        let html = String(page.source);
        // The checks look at the page's own markup, not at text inside inlined scripts (the report
        // builder's JS legitimately contains a CSP meta for the HTML reports it writes).
        const markup = html.replace(/(<script\b[^>]*>)[\s\S]*?(<\/script>)/g, '$1$2');
        if (/<script\b[^>]*\bsrc=/.test(markup)) throw new Error('single-file build: a script was left external');
        const hashes = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => cspHash(m[1]));
        if (hashes.length === 0) throw new Error('single-file build: no inline script found');
        if (markup.includes('http-equiv="Content-Security-Policy"')) throw new Error('single-file build: a CSP meta is already present');
        html = html.replace('<meta charset="utf-8">', `<meta charset="utf-8">\n    <meta http-equiv="Content-Security-Policy" content="${singleFileCsp(hashes)}">`);
        delete bundle['index.html'];
        this.emitFile({ type: 'asset', fileName: SINGLE_FILE_NAME, source: html });
      },
    },
  };
}

export default defineConfig({
  base: './',
  publicDir: false,
  plugins: [swapForSingleFile(), singleFileHead(), viteSingleFile({ removeViteModuleLoader: true }), singleFileCspAndName()],
  build: {
    target: 'es2022',
    outDir: 'dist-single',
    emptyOutDir: true,
    sourcemap: false,
    reportCompressedSize: false,
    modulePreload: { polyfill: false }, // nothing is preloaded: there is one file
  },
  worker: {
    // A classic worker: the inline worker is started from a blob: URL, and classic is what runs from file://.
    format: 'iife',
    plugins: () => [swapForSingleFile()],
  },
});
