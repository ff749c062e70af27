/**
 * A study's analysis as a small JSON "recipe" (issue 8): every analysis setting the study saved —
 * study.settings.* (DR definition, tables, survival, exosome, arrays, clustering, targets…) — but
 * none of its data, file names or column mapping, and not the report's own layout. Applied to
 * another study it re-runs the same analysis there: in the browser (Report tab: preview of what
 * changes, apply, undo) or headless (`mmdr report --study-bundle F --recipe R`).
 *
 *   { "format": "mmdr-recipe", "version": 1, "app": "mmdr 0.1.0", "createdAt": "…",
 *     "from": "study name", "settings": { "survival": {…}, "arrays": {…}, … } }
 *
 * Pure (no DOM, no storage). Every view reads its settings back field by field with defaults
 * (e.g. normalizeSurvivalSettings), so a recipe from an older or newer build never breaks a view.
 */
import { msg, str } from '@lit/localize';
import type { StudyRecord } from '../study/model.ts';

export const RECIPE_FORMAT = 'mmdr-recipe';
export const RECIPE_VERSION = 1;
/** File name ending of a saved recipe. */
export const RECIPE_EXTENSION = '.mmdr-recipe.json';

/** Settings keys that are not analysis settings (presentation), never put in a recipe nor changed by one. */
export const NOT_IN_RECIPE: readonly string[] = ['report'];

/** A recipe (see the file header). */
export interface Recipe {
  format: typeof RECIPE_FORMAT;
  version: number;
  app: string;
  createdAt: string;
  /** Name of the study it was taken from (information only). */
  from: string;
  settings: Record<string, unknown>;
}

/** A deep copy through JSON (settings are plain data). */
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

/** The recipe of a study. */
export function makeRecipe(study: Pick<StudyRecord, 'name' | 'settings'>, app: string, now = new Date()): Recipe {
  const settings: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(study.settings ?? {})) {
    if (!NOT_IN_RECIPE.includes(k) && v !== undefined) settings[k] = clone(v);
  }
  return { format: RECIPE_FORMAT, version: RECIPE_VERSION, app, createdAt: now.toISOString(), from: study.name, settings };
}

/** The recipe as the file's text (pretty-printed: people read and diff recipes). */
export function recipeJson(r: Recipe): string {
  return JSON.stringify(r, null, 2) + '\n';
}

/** A file that is not a recipe this build can apply (message localized, naming the file). */
export class RecipeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RecipeError';
  }
}

/** Reads a recipe file's text; throws {@link RecipeError} saying what is wrong. */
export function parseRecipe(text: string, fileName: string): Recipe {
  let x: unknown;
  try {
    x = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new RecipeError(msg(str`${fileName}: not JSON (${String((e as Error).message)}).`, { id: 'report.recipe.notJson' }));
  }
  const o = (x && typeof x === 'object' && !Array.isArray(x) ? x : null) as Record<string, unknown> | null;
  if (!o || o.format !== RECIPE_FORMAT) {
    throw new RecipeError(msg(str`${fileName}: not a workbench recipe (no "format": "${RECIPE_FORMAT}").`, { id: 'report.recipe.notRecipe' }));
  }
  if (typeof o.version !== 'number' || o.version > RECIPE_VERSION) {
    throw new RecipeError(msg(str`${fileName}: recipe version ${String(o.version)} is newer than this workbench reads (${RECIPE_VERSION}).`, { id: 'report.recipe.newer' }));
  }
  const s = o.settings;
  if (!s || typeof s !== 'object' || Array.isArray(s)) {
    throw new RecipeError(msg(str`${fileName}: the recipe has no settings.`, { id: 'report.recipe.noSettings' }));
  }
  const settings: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s as Record<string, unknown>)) if (!NOT_IN_RECIPE.includes(k)) settings[k] = v;
  return {
    format: RECIPE_FORMAT, version: o.version, app: typeof o.app === 'string' ? o.app : '', createdAt: typeof o.createdAt === 'string' ? o.createdAt : '',
    from: typeof o.from === 'string' ? o.from : '', settings,
  };
}

/** One setting a recipe changes: its path (view, then keys), the value now and the recipe's. */
export interface RecipeChange { view: string; path: string; from: unknown; to: unknown }

/** Leaves of a settings object as path → value (arrays are one leaf: a list of times is one setting). */
function leaves(x: unknown, prefix: string, out: Map<string, unknown>): Map<string, unknown> {
  if (x && typeof x === 'object' && !Array.isArray(x)) {
    const entries = Object.entries(x as Record<string, unknown>);
    if (entries.length === 0 && prefix) out.set(prefix, {});
    for (const [k, v] of entries) leaves(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) {
    out.set(prefix, x);
  }
  return out;
}

/**
 * What applying the recipe would change, setting by setting (the preview before applying). Views
 * the recipe does not mention keep their settings; within a view the recipe's settings replace the
 * study's (a setting the recipe lacks returns to its default).
 */
export function recipeChanges(study: Pick<StudyRecord, 'settings'>, r: Recipe): RecipeChange[] {
  const out: RecipeChange[] = [];
  for (const view of Object.keys(r.settings).sort()) {
    const now = leaves(study.settings?.[view], '', new Map());
    const next = leaves(r.settings[view], '', new Map());
    const paths = [...new Set([...now.keys(), ...next.keys()])].sort();
    for (const p of paths) {
      const a = now.get(p);
      const b = next.get(p);
      if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ view, path: p, from: a, to: b });
    }
  }
  return out;
}

/** The study with the recipe's settings (see {@link recipeChanges}); its report layout and other views untouched. */
export function applyRecipe<T extends Pick<StudyRecord, 'settings'>>(study: T, r: Recipe): T {
  const settings: Record<string, unknown> = { ...(study.settings ?? {}) };
  for (const [k, v] of Object.entries(r.settings)) if (!NOT_IN_RECIPE.includes(k)) settings[k] = clone(v);
  return { ...study, settings };
}

/** A value of a setting as the preview shows it ('–' for none). */
export function settingText(v: unknown): string {
  if (v === undefined) return '–';
  if (typeof v === 'string') return v === '' ? '""' : v;
  return JSON.stringify(v);
}
