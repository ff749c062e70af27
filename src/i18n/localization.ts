import { configureLocalization } from '@lit/localize';
import { sourceLocale, targetLocales, allLocales } from './generated/locale-codes.ts';

/** A UI language the workbench ships. */
export type Locale = (typeof allLocales)[number];

const STORAGE_KEY = 'mmdr.locale';

/** Display names of the shipped languages, each written in its own language. */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', 'zh-Hans': '简体中文' } as Record<Locale, string>;

const loaders = import.meta.glob('./generated/locales/*.ts');

/** @lit/localize in runtime mode: English is built in, Chinese is loaded on demand. */
export const { getLocale, setLocale } = configureLocalization({
  sourceLocale,
  targetLocales,
  loadLocale: (locale: string) => {
    const load = loaders[`./generated/locales/${locale}.ts`];
    if (!load) return Promise.reject(new Error(`no translations for ${locale}`));
    return load() as never;
  },
});

/** The browser's preferred shipped language: a stored choice, else navigator.languages, else English. */
export function preferredLocale(): Locale {
  const stored = safeStorage()?.getItem(STORAGE_KEY);
  if (stored && (allLocales as readonly string[]).includes(stored)) return stored as Locale;
  for (const l of globalThis.navigator?.languages ?? []) {
    if (/^zh(-Hans|-CN|-SG)?$/i.test(l) || /^zh$/i.test(l)) return 'zh-Hans' as Locale;
    if (/^en/i.test(l)) return 'en' as Locale;
  }
  return sourceLocale as Locale;
}

/** Switches the UI language without reloading and remembers the choice for this browser. */
export async function switchLocale(locale: Locale): Promise<void> {
  await setLocale(locale);
  safeStorage()?.setItem(STORAGE_KEY, locale);
  document.documentElement.lang = locale === 'zh-Hans' ? 'zh-Hans' : 'en';
}

let localeQueue: Promise<unknown> = Promise.resolve();

/**
 * Runs `fn` with `locale` active and then restores the UI language: how an export gets a language
 * of its own (a table for an English journal while the UI stays Chinese). Calls are serialised so
 * two exports never interleave their languages.
 */
export function withLocale<T>(locale: Locale, fn: () => T | Promise<T>): Promise<T> {
  const run = async () => {
    const prev = getLocale() as Locale;
    if (prev === locale) return fn();
    await setLocale(locale);
    try {
      return await fn();
    } finally {
      await setLocale(prev);
    }
  };
  const p = localeQueue.then(run, run);
  localeQueue = p.catch(() => undefined);
  return p;
}

const EXPORT_KEY = 'mmdr.exportLocale';

/** The language exports use (remembered per browser; defaults to the UI language). */
export function exportLocale(): Locale {
  const v = safeStorage()?.getItem(EXPORT_KEY);
  return v && (allLocales as readonly string[]).includes(v) ? (v as Locale) : (getLocale() as Locale);
}

/** Remembers the export language. */
export function setExportLocale(l: Locale): void {
  safeStorage()?.setItem(EXPORT_KEY, l);
}

/** The BCP 47 tag to hand to Intl for the current UI language. */
export function intlLocale(): string {
  return getLocale() === 'zh-Hans' ? 'zh-Hans-CN' : 'en-GB';
}

function safeStorage(): Storage | null {
  try { return globalThis.localStorage ?? null; } catch { return null; }
}
