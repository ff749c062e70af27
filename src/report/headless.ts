/**
 * The report of a study bundle, made headless (`mmdr report`, src/cli/cmd-report.ts): the bundle
 * unpacked as the browser imports it (src/storage/bundle.ts), an optional recipe applied to its
 * settings (src/report/recipe.ts), its items built by the same providers through the worker's task
 * modules with the Node kernels (engine-node.ts), and the same self-contained HTML file as "Save as
 * HTML" in the app (html.ts) — so a report made here shows the app's numbers.
 *
 * Loaded through Vite's module loader by the CLI (the translations are found with
 * import.meta.glob, as in the app), so `--lang zh-Hans` speaks Chinese here too.
 */
import { unpackBundle } from '../storage/bundle.ts';
import type { StudyRecord } from '../study/model.ts';
import { applyRecipe, parseRecipe, recipeChanges } from './recipe.ts';
import { nodeEngine } from './engine-node.ts';
import { reportItems } from './items.ts';
import { buildReport, everything, reportSettings, type ReportChoice } from './report.ts';
import { reportDocumentHtml } from './html.ts';

/** Options of {@link renderBundleReport}. */
export interface HeadlessOptions {
  /** A recipe file's text and name, applied to the study's settings first. */
  recipe?: { text: string; fileName: string };
  /** 'saved' (the study's own choice, else everything), 'all', or item ids in report order. */
  items?: 'saved' | 'all' | string[];
  lang?: 'en' | 'zh-Hans';
  title?: string;
  /** Target table and gene sets for the Targets & network items (a bundle carries none). */
  resources?: { kind: 'targets' | 'gmt'; name: string; bytes: ArrayBuffer }[];
  /** The workbench version (package.json). */
  version: string;
  now?: Date;
}

/** What was made. */
export interface HeadlessReport {
  html: string;
  study: string;
  tables: number;
  figures: number;
  items: { id: string; ok: boolean; error?: string }[];
  /** Settings the recipe changed (0 without a recipe). */
  recipeChanges: number;
}

/** A mistake in the request (unknown item ids): the message lists what the study offers. */
export class HeadlessUsageError extends Error {}

let localeSet: string | null = null;

/** Makes msg() speak `lang` in this process (@lit/localize runtime mode; it announces changes on `window`). */
async function useLanguage(lang: string): Promise<void> {
  if (lang === (localeSet ?? 'en')) return;
  const g = globalThis as unknown as { window?: unknown };
  g.window ??= new EventTarget();
  const { setLocale } = await import('../i18n/localization.ts');
  await setLocale(lang);
  localeSet = lang;
}

/** The report of a bundle (see the file header). */
export async function renderBundleReport(bytes: Uint8Array, fileName: string, o: HeadlessOptions): Promise<HeadlessReport> {
  const lang = o.lang ?? 'en';
  await useLanguage(lang);
  const { study: unpacked, files } = await unpackBundle(bytes, fileName);
  let study: StudyRecord = unpacked;
  let changed = 0;
  if (o.recipe) {
    const recipe = parseRecipe(o.recipe.text, o.recipe.fileName);
    changed = recipeChanges(study, recipe).length;
    study = applyRecipe(study, recipe);
  }
  let choices: ReportChoice[];
  if (Array.isArray(o.items)) {
    const known = new Set(reportItems(study).map((i) => i.id));
    const unknown = o.items.filter((id) => !known.has(id));
    if (unknown.length) throw new HeadlessUsageError(`unknown item ${unknown.join(', ')}; this study offers: ${[...known].join(', ')}`);
    const saved = new Map(reportSettings(study).items.map((c) => [c.id, c.caption]));
    choices = o.items.map((id) => ({ id, ...(saved.get(id) ? { caption: saved.get(id) } : {}) }));
  } else if (o.items === 'all') {
    choices = everything(study, reportSettings(study).items);
  } else {
    const saved = reportSettings(study).items;
    choices = saved.length ? saved : everything(study);
  }
  const resources = (o.resources ?? []).map((r, i) => ({ ...r, id: `cli-${r.kind}-${i}`, options: {} }));
  const engine = nodeEngine(new Map(files.map((f) => [f.id, f])), { resources });
  const r = await buildReport(study, {
    engine, lang, loc: lang === 'zh-Hans' ? 'zh-Hans-CN' : 'en-GB', software: { version: o.version, runtime: 'node' },
    choices, ...(o.title !== undefined ? { title: o.title } : {}), now: o.now,
  });
  return {
    html: reportDocumentHtml(r.doc),
    study: study.name,
    tables: r.doc.entries.filter((e) => e.kind === 'table').length,
    figures: r.doc.entries.filter((e) => e.kind === 'figure').length,
    items: r.built.map((b) => (b.ok ? { id: b.item.id, ok: true } : { id: b.item.id, ok: false, error: b.error })),
    recipeChanges: changed,
  };
}
