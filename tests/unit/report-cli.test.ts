import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { main } from '../../src/cli/main.ts';
import { demoStudy } from './report-demo.ts';
import { packBundle } from '../../src/storage/bundle.ts';
import { nodeEngine } from '../../src/report/engine-node.ts';
import { buildReport } from '../../src/report/report.ts';
import { reportDocumentHtml } from '../../src/report/html.ts';
import { applyRecipe, parseRecipe } from '../../src/report/recipe.ts';
import type { StoredFile, StudyRecord } from '../../src/study/model.ts';

async function run(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (s) => { out += s; }, err: (s) => { err += s; } });
  return { code, out, err };
}

/**
 * `mmdr report` as a real process (bin/mmdr.mjs). Not in-process: it loads the report through
 * Vite's module loader, and @lit/localize (one per process) is already configured by this test's
 * own imports of the same modules.
 */
function cli(...argv: string[]) {
  const r = spawnSync(process.execPath, ['bin/mmdr.mjs', ...argv], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** The report's date line and the software line differ between two runs; the rest must not. */
const sameParts = (html: string) => html.replace(/\d{1,2} [A-Z][a-z]+ \d{4}/g, 'DATE');

describe('mmdr report and mmdr recipe', () => {
  let dir: string;
  let study: StudyRecord;
  let files: StoredFile[];
  let bundle: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mmdr-report-'));
    ({ study, files } = await demoStudy());
    study = {
      ...study,
      settings: {
        survival: { confType: 'plain', bootstrap: { enabled: true, replicates: 300, seed: 11 } },
        report: { items: [{ id: 'survival:km-table', caption: 'OS by DR group' }, { id: 'survival:km-figure' }, { id: 'exosome:rna-table' }], title: 'Bz study', methods: true },
      },
    };
    bundle = join(dir, 'demo.mmdr.zip');
    writeFileSync(bundle, await packBundle(study, files));
  }, 60_000);

  it('prints the recipe of a bundle: its analysis settings, not its report layout', async () => {
    const r = await run('recipe', '--study-bundle', bundle);
    expect(r.code, r.err).toBe(0);
    const x = JSON.parse(r.out);
    expect(x).toMatchObject({ format: 'mmdr-recipe', version: 1, from: 'Demo study (synthetic)' });
    expect(x.settings).toEqual({ survival: study.settings.survival });
    writeFileSync(join(dir, 'demo.mmdr-recipe.json'), r.out);
  });

  it('writes the report the app would save: the saved choice, captions and title, same numbers as the builders in-process', async () => {
    const out = join(dir, 'report.html');
    const r = cli('report', '--study-bundle', bundle, '--out', out);
    expect(r.code, r.err).toBe(0);
    const summary = JSON.parse(r.out);
    expect(summary).toMatchObject({ out, study: 'Demo study (synthetic)', tables: 2, figures: 1, recipeChanges: 0 });
    expect(summary.items.map((i: { id: string; ok: boolean }) => [i.id, i.ok])).toEqual([['survival:km-table', true], ['survival:km-figure', true], ['exosome:rna-table', true]]);
    const html = readFileSync(out, 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).not.toMatch(/https?:\/\/|\bsrc\s*=|<script/i);
    expect(html).toContain('<h1 data-user>Bz study</h1>');
    expect(html).toContain('<b>Table 1.</b> <span data-user>OS by DR group</span>');
    expect(html).toContain('untransformed (plain) 95% confidence intervals');
    expect(html).toContain('came from 300 replicates');
    expect(html).toContain('headless under Node (mmdr report)');
    const engine = nodeEngine(new Map(files.map((f) => [f.id, f])));
    const ref = await buildReport(study, { engine, loc: 'en-GB', lang: 'en', software: { version: JSON.parse(readFileSync('package.json', 'utf8')).version, runtime: 'node' } });
    expect(sameParts(html)).toBe(sameParts(reportDocumentHtml(ref.doc)));
  }, 60_000);

  it('applies a recipe first, and speaks Chinese with --lang zh-Hans', async () => {
    const recipe = JSON.stringify({ format: 'mmdr-recipe', version: 1, settings: { survival: { confType: 'log-log', medianRule: 'spss' } } });
    writeFileSync(join(dir, 'r.json'), recipe);
    const r = cli('report', '--study-bundle', bundle, '--recipe', join(dir, 'r.json'), '--items', 'survival:km-table', '--lang', 'zh-Hans');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^<!DOCTYPE html>\n<html lang="zh-Hans">/);
    expect(r.out).toContain('conf.type = &quot;log-log&quot;');
    expect(r.out).toMatch(/[\u4e00-\u9fff]/);
    const applied = applyRecipe(study, parseRecipe(recipe, 'r.json'));
    expect(applied.settings.survival).toEqual({ confType: 'log-log', medianRule: 'spss' });
    expect(applied.settings.report).toEqual(study.settings.report);
  }, 60_000);

  it('refuses a missing bundle (exit 1, the file named) and an unknown item (exit 2, the choices listed)', async () => {
    const a = await run('report', '--study-bundle', join(dir, 'nope.mmdr.zip'));
    expect(a.code).toBe(1);
    expect(a.err).toContain('nope.mmdr.zip');
    const b = cli('report', '--study-bundle', bundle, '--items', 'survival:nothing');
    expect(b.code).toBe(2);
    expect(b.err).toContain('unknown item survival:nothing; this study offers: ');
    expect(b.err).toContain('survival:km-figure');
    const c = await run('recipe', '--study-bundle', join(dir, 'recipe-missing.zip'));
    expect(c.code).toBe(1);
  }, 60_000);

  it('runs as a real process and ends (nothing keeps Node alive)', () => {
    const out = execFileSync(process.execPath, ['bin/mmdr.mjs', 'recipe', '--study-bundle', bundle], { encoding: 'utf8', timeout: 30_000 });
    expect(JSON.parse(out).format).toBe('mmdr-recipe');
  });
});
