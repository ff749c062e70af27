/**
 * The analysis worker's UI language. Tables, validation reports and DR reasons are built in the
 * worker (never on the main thread, SPEC §5) and carry localized words (row labels, footnotes,
 * messages), so a task that returns text takes the page's locale and calls {@link useLocale}
 * first. Calls run one at a time (src/worker/bridge.ts), so the language of one call never leaks
 * into another's text. The translations are the page's own generated modules (bundled into the
 * worker eagerly: a few kB of strings, no fetch, which also works in the single-file build).
 */
import { configureLocalization } from '@lit/localize';
import { sourceLocale, targetLocales } from '../i18n/generated/locale-codes.ts';

const modules = import.meta.glob('../i18n/generated/locales/*.ts', { eager: true });

let setLocale: ((locale: string) => Promise<void>) | null = null;
let unavailable = false;

/**
 * Makes `msg()` in this worker speak `locale` (a code of the shipped languages; unknown or missing
 * = unchanged). The first non-source language configures @lit/localize in runtime mode; where it
 * was configured already (a test importing the page's localization too), text stays in English.
 */
export async function useLocale(locale: string | null | undefined): Promise<void> {
  if (!locale) return;
  if (!setLocale) {
    if (locale === sourceLocale || unavailable) return;
    try {
      setLocale = configureLocalization({
        sourceLocale,
        targetLocales,
        loadLocale: async (l: string) => {
          const m = modules[`../i18n/generated/locales/${l}.ts`];
          if (!m) throw new Error(`no translations for ${l}`);
          return m as never;
        },
      }).setLocale;
    } catch {
      unavailable = true;
      return;
    }
  }
  if (locale !== sourceLocale && !(targetLocales as readonly string[]).includes(locale)) return;
  // @lit/localize announces the change on `window`, which a worker does not have: lend it the
  // worker's own global (an EventTarget) for the duration of the switch only, so no library that
  // looks for `window` to detect the main thread is misled afterwards.
  const g = globalThis as { window?: unknown };
  const lent = g.window === undefined;
  if (lent) g.window = globalThis;
  try {
    await setLocale(locale);
  } finally {
    if (lent) delete g.window;
  }
}
