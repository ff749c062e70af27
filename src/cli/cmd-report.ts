/**
 * `mmdr report` and `mmdr recipe` (issue 8): a study bundle's report as the same self-contained
 * HTML file the app saves, made headless with the same builders and the Node kernels, optionally
 * after applying a recipe (the analysis settings of another study); and the recipe of a bundle.
 *
 * The report's modules load through Vite's module loader (as the app's build does), because the
 * translations and a few shared modules are found with import.meta.glob, which only Vite resolves;
 * the loader is started for the command and closed after it (about two seconds).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { InputError } from '../formats/input-error.ts';
import type { Command } from './commands.ts';
import { UsageError, version, type CliIO, type Opts } from './main.ts';
import type { HeadlessOptions, HeadlessReport } from '../report/headless.ts';

const one = (o: Opts, k: string): string | undefined => (Array.isArray(o[k]) ? (o[k] as string[]).at(-1) : undefined);

function readFile(path: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (e) {
    throw new InputError(path, null, null, (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String((e as Error).message));
  }
}

/**
 * Imports modules with BroadcastChannel instances unref'd: the storage module tells other tabs
 * through one, which would keep a CLI process alive after its work is done.
 */
async function withUnrefChannels<T>(load: () => Promise<T>): Promise<T> {
  const g = globalThis as { BroadcastChannel?: typeof BroadcastChannel };
  const BC = g.BroadcastChannel;
  if (!BC) return load();
  g.BroadcastChannel = class extends BC {
    constructor(name: string) {
      super(name);
      (this as unknown as { unref?: () => void }).unref?.();
    }
  };
  try {
    return await load();
  } finally {
    g.BroadcastChannel = BC;
  }
}

/** Runs `render` from src/report/headless.ts loaded through Vite's SSR module loader. */
async function renderHeadless(bytes: Uint8Array, fileName: string, o: HeadlessOptions): Promise<HeadlessReport> {
  const { createServer } = await import('vite');
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const server = await createServer({
    root, configFile: false, logLevel: 'silent', appType: 'custom',
    server: { middlewareMode: true, hmr: false, ws: false, watch: null },
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  try {
    const mod = await withUnrefChannels(() => server.ssrLoadModule('/src/report/headless.ts')) as typeof import('../report/headless.ts');
    try {
      return await mod.renderBundleReport(bytes, fileName, o);
    } catch (e) {
      if (e instanceof mod.HeadlessUsageError) throw new UsageError(e.message);
      throw e;
    }
  } finally {
    await server.close();
  }
}

export const report: Command = {
  name: 'report',
  summary: 'a study bundle → its report as one self-contained HTML file (optionally after a recipe)',
  help: [
    'mmdr report --study-bundle F.mmdr.zip [--recipe R.mmdr-recipe.json] [--out report.html]',
    '            [--items saved|all|ID,ID…] [--lang en|zh-Hans] [--title TEXT] [--targets T.tsv --gmt G.gmt]',
    '',
    'The report the Report tab saves as HTML, made headless with the same builders and wasm kernels:',
    'numbered tables and figures, the generated methods section and the software version, in one',
    'file with no script and no URL that opens anywhere. --recipe applies the analysis settings of',
    'another study first (mmdr recipe, or "Save recipe" in the app). --items: the study\'s saved',
    'choice (default; everything when none), all, or item ids such as survival:km-figure.',
    'Target tables and gene sets are resources of the browser, not in study bundles: give them with',
    '--targets and --gmt (read with the detected columns), or the Targets & network items are',
    'reported as not built. Without --out the HTML goes to stdout; with it, a JSON summary does.',
  ].join('\n'),
  flags: { 'study-bundle': 'value', recipe: 'value', out: 'value', items: 'value', lang: 'value', title: 'value', targets: 'value', gmt: 'value' },
  required: { 'study-bundle': true },
  async run(o, io) {
    const path = one(o, 'study-bundle')!;
    const bytes = readFile(path);
    const recipePath = one(o, 'recipe');
    const recipe = recipePath ? { text: new TextDecoder().decode(readFile(recipePath)), fileName: recipePath } : undefined;
    const lang = one(o, 'lang') ?? 'en';
    if (lang !== 'en' && lang !== 'zh-Hans') throw new UsageError(`--lang must be one of en, zh-Hans (got "${lang}")`);
    const it = one(o, 'items') ?? 'saved';
    const items = it === 'saved' || it === 'all' ? it : it.split(',').map((x) => x.trim()).filter(Boolean);
    const resources = (['targets', 'gmt'] as const).flatMap((kind) => {
      const p = one(o, kind);
      return p ? [{ kind, name: p.split(/[\\/]/).pop()!, bytes: readFile(p).slice().buffer }] : [];
    });
    const r = await renderHeadless(bytes, path, { recipe, items, lang, title: one(o, 'title'), resources, version: version() });
    const out = one(o, 'out');
    if (!out) {
      io.out(r.html);
      return;
    }
    writeFileSync(out, r.html);
    io.out(JSON.stringify({ out, study: r.study, tables: r.tables, figures: r.figures, recipeChanges: r.recipeChanges, items: r.items }) + '\n');
  },
};

export const recipe: Command = {
  name: 'recipe',
  summary: 'a study bundle → its analysis settings as a recipe (JSON) to apply to another study',
  help: [
    'mmdr recipe --study-bundle F.mmdr.zip',
    '',
    'Prints the study\'s recipe: {format: "mmdr-recipe", version, app, createdAt, from, settings}, the',
    'settings of every analysis (DR definition, tables, survival, arrays, clustering, targets, exosome QC),',
    'none of its data. Apply it with mmdr report --recipe, or "Apply a recipe…" in the Report tab.',
  ].join('\n'),
  flags: { 'study-bundle': 'value' },
  required: { 'study-bundle': true },
  async run(o, io: CliIO) {
    const path = one(o, 'study-bundle')!;
    const bytes = readFile(path);
    const [{ unpackBundle }, { makeRecipe, recipeJson }] = await withUnrefChannels(() => Promise.all([import('../storage/bundle.ts'), import('../report/recipe.ts')]));
    const { study } = await unpackBundle(bytes, path);
    io.out(recipeJson(makeRecipe(study, `mmdr ${version()}`)));
  },
};
