import { describe, it, expect, beforeAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Every message in the source exists in every language: lit-localize's own extractor is run on
 * the current source into a scratch folder and compared with the committed translations, and the
 * generated runtime module is checked to be up to date with them.
 */
interface Unit { id: string; source: string; target: string | null }

function units(xliff: string): Unit[] {
  const out: Unit[] = [];
  for (const m of xliff.matchAll(/<trans-unit id="([^"]+)"[^>]*>([\s\S]*?)<\/trans-unit>/g)) {
    const body = m[2];
    const source = /<source>([\s\S]*?)<\/source>/.exec(body)?.[1] ?? '';
    const target = /<target>([\s\S]*?)<\/target>/.exec(body)?.[1] ?? null;
    out.push({ id: m[1], source, target });
  }
  return out;
}

const placeholders = (s: string) => [...s.matchAll(/<x id="(\d+)"/g)].map((m) => m[1]).sort();
const config = JSON.parse(readFileSync('lit-localize.json', 'utf8')) as { targetLocales: string[] };

describe('translations', () => {
  let scratch: string;
  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'mmdr-i18n-'));
    const cfg = {
      ...JSON.parse(readFileSync('lit-localize.json', 'utf8')),
      tsConfig: resolve('tsconfig.localize.json'),
      interchange: { format: 'xliff', xliffDir: join(scratch, 'xliff') },
      output: { mode: 'runtime', outputDir: join(scratch, 'locales'), localeCodesModule: join(scratch, 'locale-codes.ts') },
    };
    writeFileSync(join(scratch, 'cfg.json'), JSON.stringify(cfg));
    const cli = resolve('node_modules/@lit/localize-tools/bin/lit-localize.js');
    execFileSync(process.execPath, [cli, 'extract', '--config', join(scratch, 'cfg.json')], { stdio: 'pipe' });
    // build from the committed translations into the scratch folder, to compare with the committed output
    writeFileSync(join(scratch, 'build.json'), JSON.stringify({ ...cfg, interchange: { format: 'xliff', xliffDir: resolve('xliff') } }));
    execFileSync(process.execPath, [cli, 'build', '--config', join(scratch, 'build.json')], { stdio: 'pipe' });
  }, 120_000);

  for (const locale of config.targetLocales) {
    it(`${locale}: every source message has a translation, and none is stale`, () => {
      const fresh = units(readFileSync(join(scratch, 'xliff', `${locale}.xlf`), 'utf8'));
      const committed = new Map(units(readFileSync(`xliff/${locale}.xlf`, 'utf8')).map((u) => [u.id, u]));
      expect(fresh.length).toBeGreaterThan(100);
      const missing = fresh.filter((u) => !committed.get(u.id)?.target?.trim()).map((u) => u.id);
      expect(missing, `messages without a ${locale} translation (run npx lit-localize extract, translate, npx lit-localize build)`).toEqual([]);
      const changed = fresh.filter((u) => committed.get(u.id)!.source !== u.source).map((u) => u.id);
      expect(changed, 'English source changed since translation').toEqual([]);
      const freshIds = new Set(fresh.map((u) => u.id));
      expect([...committed.keys()].filter((id) => !freshIds.has(id)), 'stale translations').toEqual([]);
    });

    it(`${locale}: translations keep every placeholder of the English message`, () => {
      for (const u of units(readFileSync(`xliff/${locale}.xlf`, 'utf8'))) {
        expect(placeholders(u.target ?? ''), u.id).toEqual(placeholders(u.source));
      }
    });

    it(`${locale}: no translation contains &, < or > (lit-localize 0.8 escapes them in plain-string messages)`, () => {
      const bad = units(readFileSync(`xliff/${locale}.xlf`, 'utf8'))
        .filter((u) => /&(amp|lt|gt);/.test((u.target ?? '').replace(/<x id="\d+"[^>]*\/>/g, '')))
        .map((u) => u.id);
      expect(bad).toEqual([]);
    });

    it(`${locale}: the generated runtime module is up to date (npx lit-localize build)`, () => {
      const generated = `src/i18n/generated/locales/${locale}.ts`;
      expect(existsSync(generated)).toBe(true);
      expect(readFileSync(generated, 'utf8')).toBe(readFileSync(join(scratch, 'locales', `${locale}.ts`), 'utf8'));
    });
  }
});
