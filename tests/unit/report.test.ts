import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { demoStudy } from './report-demo.ts';
import type { StoredFile, StudyRecord } from '../../src/study/model.ts';
import { methodsParagraphs, methodsSections, type SoftwareInfo } from '../../src/report/methods.ts';
import { applyRecipe, makeRecipe, parseRecipe, recipeChanges, recipeJson, RecipeError } from '../../src/report/recipe.ts';
import { nodeEngine } from '../../src/report/engine-node.ts';
import { buildReport, everything, reportSettings } from '../../src/report/report.ts';
import { formatCell, inlineSvg, numberEntries, reportDocumentHtml, REPORT_CSP, stripNumber } from '../../src/report/html.ts';
import { reportItems } from '../../src/report/items.ts';

const SW: SoftwareInfo = { version: '0.1.0', buildDate: '2025-01-31', commit: 'abc1234', runtime: 'browser' };
const text = (s: StudyRecord) => methodsParagraphs(s, { loc: 'en-GB', software: SW }).join('\n');
const withSettings = (s: StudyRecord, key: string, patch: Record<string, unknown>): StudyRecord =>
  ({ ...s, settings: { ...s.settings, [key]: { ...(s.settings[key] as object ?? {}), ...patch } } });

let demo: { study: StudyRecord; files: StoredFile[] };
beforeAll(async () => { demo = await demoStudy(); });

describe('methods section', () => {
  it('states the paper defaults of every analysis the demo has, and the software version', () => {
    const t = text(demo.study);
    expect(t).toContain('“cohort.csv” was read as UTF-8 text with commas between fields: 204 rows and 62 columns');
    expect(t).toContain('within 60 days of the regimen start');
    expect(t).toContain('in the order De novo DR → Acquired DR → Response');
    expect(t).toContain('log-transformed 95% confidence intervals (R survfit, conf.type = "log")');
    expect(t).toContain('No bootstrap was run.');
    expect(t).toContain('intensity of at least 30 in every array');
    expect(t).toContain('the 532 nm channel (Hy3/Cy3)');
    expect(t).toContain('fold change of at least 2 either way');
    expect(t).toContain('1 − Pearson correlation and average linkage (UPGMA');
    expect(t).toContain('Student\'s t test for two groups and one-way ANOVA');
    expect(t).toContain('Welch\'s t test (R t.test())');
    expect(t).toContain('version 0.1.0 (build of 2025-01-31, commit abc1234)');
    const ids = methodsSections(demo.study, { loc: 'en-GB', software: SW }).map((s) => s.id);
    expect(ids).toEqual(['data', 'dr', 'tables', 'survival', 'exosome', 'arrays', 'clustering', 'software']);
  });

  it('changes the sentence when a setting changes (KM, DR, tests, arrays, clustering, exosome)', () => {
    const base = text(demo.study);
    const flips: [string, Record<string, unknown>, string, string][] = [
      ['survival', { confType: 'log-log' }, 'log-transformed 95% confidence intervals', 'log-log-transformed 95% confidence intervals (R survfit, conf.type = "log-log")'],
      ['survival', { confType: 'plain' }, 'conf.type = "log"', 'untransformed (plain) 95% confidence intervals'],
      ['survival', { medianRule: 'spss' }, 'falls below 0.5 (R\'s rule', 'reaches 0.5 or less (SPSS\'s rule)'],
      ['survival', { rmean: 'common' }, 'each group\'s own last observed time', 'up to the last observed time of all groups'],
      ['survival', { bootstrap: { enabled: true, replicates: 500, seed: 42 } }, 'No bootstrap was run.', 'came from 500 replicates resampling patients with replacement within each group, with the seed 42'],
      ['survival', { unit: 'years' }, 'Times are in months (days / 30.4375).', 'Times are in years (days / 365.25).'],
      ['survival', { test: 'tarone-ware', strata: 'field:line' }, 'log-rank (Mantel–Cox) test (R survdiff)', 'Tarone–Ware test stratified by Line of therapy'],
      ['dr', { windowDays: 90 }, 'within 60 days', 'within 90 days of the regimen start'],
      ['dr', { order: ['response', 'denovo'] }, 'De novo DR → Acquired DR → Response', 'in the order Response → De novo DR; the first that held assigned the group. Not used: Acquired DR.'],
      ['tables', { policy: 'automatic' }, 'the "SPSS (paper)" test policy', 'Fisher\'s exact test when any expected count was below 5'],
      ['tables', { risk: { haldane: true } }, 'a table with a zero cell gives no estimate', 'got 0.5 added to every cell (Haldane)'],
      ['arrays', { threshold: 50 }, 'at least 30 in every array', 'at least 50 in every array'],
      ['arrays', { normalization: 'quantile' }, 'median rule', 'quantile-normalized (R limma normalizeBetweenArrays(method = "quantile"))'],
      ['arrays', { method: 'welch', foldChangeCutoff: 1.5, maxAdjP: 0.05 }, 'moderated t', 'Welch\'s t test per probe'],
      ['arrays', { background: 'none', dropFlagged: false }, 'minus the local background median', 'without background subtraction'],
      ['clustering', { linkage: 'weighted' }, 'average linkage (UPGMA', 'weighted average linkage (WPGMA, R hclust method = "mcquitty"; what MEV, used by the paper, calls average linkage)'],
      ['clustering', { distance: 'euclidean', zScore: false, k: 4 }, '1 − Pearson correlation', 'with Euclidean distance'],
      ['exosome', { test: 'student', dilution: 'multiply' }, 'Welch\'s t test (R t.test())', 'Student\'s t test (R t.test(var.equal = TRUE))'],
    ];
    for (const [key, patch, before, after] of flips) {
      const t = text(withSettings(demo.study, key, patch));
      expect(base, `${key} ${JSON.stringify(patch)}`).toContain(before);
      expect(t, `${key} ${JSON.stringify(patch)}`).toContain(after);
      expect(t).not.toBe(base);
    }
    const t = text(withSettings(demo.study, 'arrays', { method: 'welch', foldChangeCutoff: 1.5, maxAdjP: 0.05 }));
    expect(t).toContain('fold change of at least 1.5 either way, computed as the ratio of the mean normalized intensities, and a Benjamini–Hochberg adjusted p of at most 0.05');
  });

  it('names the DR group column when the groups are read from one, and the decimal mark chosen', () => {
    const c = { ...demo.study.cohort!, drGroupColumn: 'DR组', decimalMark: 'comma' as const };
    const t = text({ ...demo.study, cohort: c });
    expect(t).toContain('read from the column “DR组”');
    expect(t).not.toContain('within 60 days');
    expect(t).toContain('Numbers were read with a decimal comma.');
  });

  it('covers only the analyses a report shows, and states the numbers its items learned', () => {
    const s = methodsSections(demo.study, { loc: 'en-GB', software: { version: '0.1.0', runtime: 'node' }, views: ['exosome'] });
    expect(s.map((x) => x.id)).toEqual(['exosome', 'software']);
    expect(s[1].text).toContain('headless under Node (mmdr report)');
    const f = methodsParagraphs(demo.study, { loc: 'en-GB', software: SW, views: ['survival'], facts: { survival: { analysed: 200, eligible: 204, events: 40, excluded: 4 } } }).join(' ');
    expect(f).toContain('200 of 204 patients were analysed (40 events); 4 were left out');
  });
});

describe('recipe', () => {
  const tuned = (): StudyRecord => ({
    ...demo.study,
    settings: {
      survival: { confType: 'log-log', bootstrap: { enabled: true, replicates: 1000, seed: 7 } },
      dr: { windowDays: 90 },
      arrays: { threshold: 50 },
      report: { items: [{ id: 'survival:km-figure' }], title: 'Mine', methods: true },
    },
  });

  it('round-trips through its JSON file: every analysis setting, never the report layout', () => {
    const r = makeRecipe(tuned(), 'mmdr 0.1.0', new Date('2025-01-31T00:00:00Z'));
    expect(r.settings).toEqual({ survival: tuned().settings.survival, dr: { windowDays: 90 }, arrays: { threshold: 50 } });
    const back = parseRecipe(recipeJson(r), 'r.json');
    expect(back).toEqual(r);
    expect(JSON.parse(recipeJson(r)).format).toBe('mmdr-recipe');
  });

  it('applies to another study with a preview of the changes, and the previous settings undo it', () => {
    const r = parseRecipe(recipeJson(makeRecipe(tuned(), 'mmdr 0.1.0')), 'r.json');
    const other: StudyRecord = { ...demo.study, id: 'other', settings: { survival: { confType: 'plain', unit: 'days' }, exosome: { test: 'student' }, report: { items: [], title: 'Theirs', methods: false } } };
    const changes = recipeChanges(other, r);
    expect(changes.map((c) => `${c.view}.${c.path}`)).toEqual([
      'arrays.threshold', 'dr.windowDays', 'survival.bootstrap.enabled', 'survival.bootstrap.replicates', 'survival.bootstrap.seed', 'survival.confType', 'survival.unit',
    ]);
    expect(changes.find((c) => c.path === 'confType')).toEqual({ view: 'survival', path: 'confType', from: 'plain', to: 'log-log' });
    const applied = applyRecipe(other, r);
    expect(applied.settings.survival).toEqual(tuned().settings.survival);
    expect(applied.settings.exosome).toEqual({ test: 'student' }); // a view the recipe does not mention keeps its settings
    expect(applied.settings.report).toEqual(other.settings.report); // the report layout is not the recipe's business
    expect(recipeChanges(applied, r)).toEqual([]);
    expect(text(applied)).toContain('log-log-transformed');
    const undone = { ...applied, settings: other.settings };
    expect(text(undone)).toContain('untransformed (plain)');
  });

  it('refuses what is not a recipe, saying why', () => {
    expect(() => parseRecipe('{', 'x.json')).toThrow(RecipeError);
    expect(() => parseRecipe('{"format":"mmdr-study-bundle"}', 'x.json')).toThrow(/x\.json: not a workbench recipe/);
    expect(() => parseRecipe('{"format":"mmdr-recipe","version":99,"settings":{}}', 'x.json')).toThrow(/newer/);
    expect(() => parseRecipe('{"format":"mmdr-recipe","version":1}', 'x.json')).toThrow(/no settings/);
  });
});

describe('report HTML', () => {
  it('is one self-contained file: numbered tables and figures, the methods, no URL, no script, a strict CSP', async () => {
    const { study, files } = demo;
    const engine = nodeEngine(new Map(files.map((f) => [f.id, f])));
    const choices = everything(study).filter((c) => c.id.startsWith('survival') || c.id.startsWith('exosome'));
    choices[1] = { ...choices[1], caption: 'OS by DR group <b>bold</b>' };
    const r = await buildReport(study, { engine, loc: 'en-GB', lang: 'en', software: { version: '0.1.0', runtime: 'node' }, choices, now: new Date('2025-01-31T12:00:00Z') });
    expect(r.built.every((b) => b.ok)).toBe(true);
    const html = reportDocumentHtml(r.doc);
    expect(html).not.toMatch(/https?:\/\//i);
    expect(html).not.toMatch(/\bsrc\s*=/i);
    expect(html).not.toMatch(/\/\/[a-z0-9.-]+\.[a-z]{2,}/i);
    expect(html).not.toMatch(/url\(\s*['"]?(?!#)/i);
    expect(html).not.toMatch(/<script|<iframe|<object|<embed|<link(?![^>]*href="data:,")/i);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">`);
    expect(REPORT_CSP).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    // tables and figures numbered separately, in the chosen order, with captions
    const caps = [...html.matchAll(/<b>((?:Table|Figure) \d+)\.<\/b> <span data-user>([^<]*)<\/span>/g)].map((m) => `${m[1]}: ${m[2]}`);
    expect(caps).toEqual([
      'Figure 1: Kaplan–Meier estimates: Overall survival from diagnosis by DR group',
      'Table 1: OS by DR group &lt;b&gt;bold&lt;/b&gt;',
      'Figure 2: Particle size distribution (NanoSight NTA)',
      'Table 2: Particle size per sample (NanoSight NTA)',
      'Table 3: Particle size by group (mean ± SD across samples)',
      'Figure 3: Exosomal RNA yield',
      'Table 4: Exosomal RNA yield by group (ng/µl)',
      'Table 5: RNA yield: tests between groups',
    ]);
    expect((html.match(/<svg/g) ?? []).length).toBe(3);
    expect(html).toContain('<h2>Methods</h2>');
    expect(html).toContain('log-transformed 95% confidence intervals');
    expect(html).toContain('31 January 2025');
    // the paper's RNA yields (demo) and the KM median of the responders as the Survival view shows it
    expect(html).toContain('235.43 ± 3.91');
    expect(html).toContain('350.17 ± 37.55');
    expect(html).toMatch(/<td[^>]*>Response<\/td><td[^>]*>95<\/td><td[^>]*>14<\/td><td[^>]*>83\.6 \(/);
  });

  it('formats numbers as the report prints them and keeps figures inert', () => {
    expect(formatCell(1234567, 'en-GB')).toBe('1,234,567');
    expect(formatCell(4.716e10, 'en-GB')).toBe('4.716\u00a0×\u00a010¹⁰');
    expect(formatCell(0.000012345, 'en-GB')).toBe('1.23\u00a0×\u00a010⁻⁵');
    expect(formatCell(0.0327117, 'en-GB')).toBe('0.03271');
    expect(formatCell(8.76383, 'en-GB')).toBe('8.764');
    expect(formatCell(-3.14508, 'en-GB')).toBe('-3.145');
    expect(formatCell(122.6, 'en-GB')).toBe('122.6');
    expect(formatCell(235.43, 'zh-Hans-CN')).toBe('235.43');
    expect(formatCell(null, 'en-GB')).toBe('');
    expect(inlineSvg('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" onload="x()"><script>x()</script><image href="http://e.org/a.png"/><use href="#a"/></svg>'))
      .toBe('<svg><image/><use href="#a"/></svg>');
    expect(stripNumber('Table 1. Baseline characteristics')).toBe('Baseline characteristics');
    expect(stripNumber('图2 生存曲线')).toBe('生存曲线');
  });

  it('numbers a failed item in its place and keeps the saved choice in order', () => {
    const all = reportItems(demo.study);
    const items = ['survival:km-figure', 'survival:km-table'].map((id) => all.find((i) => i.id === id)!);
    const e = numberEntries([
      { item: items[0], ok: false, error: 'no data' },
      { item: items[1], ok: true, content: { title: 'Table 9. X', columns: ['a'], rows: [[1]] } },
    ]);
    expect(e.map((x) => [x.kind, x.number, x.caption, x.error ?? null])).toEqual([['figure', 1, items[0].title(), 'no data'], ['table', 1, 'X', null]]);
    expect(reportSettings({ settings: { report: { items: [{ id: 'a' }, { id: 'a' }, { id: 'b', caption: ' c ' }, 7], title: 3 } } }))
      .toEqual({ items: [{ id: 'a' }, { id: 'b', caption: ' c ' }], title: '', methods: true });
  });
});

describe('every view\'s items on the demo study (Node engine)', () => {
  it('builds every view\'s items with the views\' builders', async () => {
    const { study, files } = demo;
    const res = (id: string, kind: 'targets' | 'gmt', path: string) => ({ id, kind, name: path.split('/').pop()!, bytes: new Uint8Array(readFileSync(path)).buffer, options: {}, synthetic: true });
    const engine = nodeEngine(new Map(files.map((f) => [f.id, f])), { resources: [res('demo-targets', 'targets', 'public/demo/targets.tsv'), res('demo-genesets', 'gmt', 'public/demo/genesets.gmt')] });
    const r = await buildReport(study, { engine, loc: 'en-GB', lang: 'en', software: { version: '0.1.0', runtime: 'node' }, choices: everything(study) });
    expect(r.built.filter((b) => !b.ok).map((b) => [b.item.id, !b.ok && b.error])).toEqual([]);
    const ids = r.built.map((b) => b.item.id);
    expect(ids).toEqual(expect.arrayContaining(['expression:de-table', 'expression:volcano', 'targets:enrichment', 'targets:network', 'survival:km-figure', 'exosome:rna-table']));
    const de = r.built.find((b) => b.item.id === 'expression:de-table')!;
    if (!de.ok || 'svg' in de.content) throw new Error('no DE table');
    // the paper's miRNAs planted in the demo are among the differentially expressed probes
    const probes = de.content.rows.map((row) => String(row[0]));
    expect(probes).toEqual(expect.arrayContaining(['hsa-miR-16-5p']));
    expect(r.facts.arrays).toMatchObject({ arrays: 6, pooled: false });
    expect(r.facts.enrichment?.targetsName).toBe('targets.tsv');
    const m = r.doc.methods.map((x) => x.id);
    expect(m).toEqual(['data', 'dr', 'tables', 'survival', 'exosome', 'arrays', 'clustering', 'enrichment', 'software']);
    // Table 1 as the Tables view lays it out: the paper's age p (demo cohort) in its p column
    const t1 = r.built.find((b) => b.item.id === 'tables:table1')!;
    if (!t1.ok || 'svg' in t1.content) throw new Error('no Table 1');
    expect(t1.content.title).toBe('Table 1. Baseline characteristics of the cohort by drug');
    const age = t1.content.rows.find((row) => String(row[0]) === 'Age (years)')!;
    expect(String(age.at(-1))).toMatch(/^0\.015/);
    expect(ids).toEqual(expect.arrayContaining(['tables:drug:Bz', 'tables:table4', 'tables:risk', 'tables:logistic', 'tables:builder', 'clustering:heatmap']));
    expect(r.facts.clustering?.columns).toBe(6);
    const html = reportDocumentHtml(r.doc);
    expect(html).not.toMatch(/https?:\/\//i);
    expect(html).toContain(`probes on 6 arrays entered the analysis`);
    expect(html).toContain('Targets were taken from the table “targets.tsv” and gene sets from “genesets.gmt”.');
  });
});
