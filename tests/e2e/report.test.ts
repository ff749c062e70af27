import { describe, it, expect, beforeAll, afterAll, inject } from 'vitest';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openSession, type Session } from './browser.ts';

/**
 * The Report tab on the demo study (issue 8): "everything in this study" gives numbered tables and
 * figures and the generated methods section; the saved HTML file opens from file:// with every
 * request blocked and none made, and shows the numbers the views show; Chromium's print (page.pdf)
 * renders the report alone; a setting changed in a view changes the methods sentence; items move
 * with the keyboard and captions edit; a recipe saves, applies with a preview and undoes — with no
 * request leaving the origin and no page error.
 */
describe('report on the demo study', () => {
  const baseUrl = inject('baseUrl');
  const dir = mkdtempSync(join(tmpdir(), 'mmdr-report-e2e-'));
  let s: Session;
  /** What the views show, read before the report is made. */
  const app = { ageP: '', medianResponse: '', medianAcquired: '', rnaP: '' };
  let saved = '';

  beforeAll(async () => { s = await openSession(baseUrl); });
  afterAll(async () => { await s?.close(); });

  const page = () => s.page;
  const report = () => page().getByTestId('report-page');
  /** Waits until the report has been laid out again and no item is being built. */
  const settled = async () => {
    await page().locator('[data-testid="report-page"][aria-busy="false"] .mmdr-report').waitFor({ timeout: 90_000 });
    await page().waitForTimeout(400);
    await page().locator('[data-testid="report-page"][aria-busy="false"] .mmdr-report').waitFor({ timeout: 90_000 });
  };
  const captions = async () => report().locator('.caption').evaluateAll((els) => els.map((e) => (e.textContent ?? '').replace(/\s+/g, ' ').trim()));
  const methods = async () => (await report().locator('section.methods').textContent()) ?? '';

  it('reads the numbers the Tables, Survival and Exosome QC views show', async () => {
    const p = page();
    await p.goto(baseUrl);
    await p.getByTestId('open-demo').click();
    await p.getByTestId('grid-count').filter({ hasText: '204 patients' }).waitFor({ timeout: 30_000 });
    await p.getByRole('tab', { name: 'Tables' }).click();
    const age = p.locator('[data-testid="paper-table"] [data-testid="p"][data-row="age_group"]').first();
    await age.waitFor({ timeout: 30_000 });
    app.ageP = /^[<\d.]+/.exec(((await age.textContent()) ?? '').trim())?.[0] ?? '';
    expect(app.ageP).toBe('0.015'); // the paper's Table 1 age p
    await p.getByRole('tab', { name: 'Survival' }).click();
    await p.getByTestId('survival-row').first().waitFor({ timeout: 30_000 });
    app.medianResponse = ((await p.locator('[data-testid="survival-row"][data-group="response"] [data-testid="median"]').textContent()) ?? '').trim();
    app.medianAcquired = ((await p.locator('[data-testid="survival-row"][data-group="acquired"] [data-testid="median"]').textContent()) ?? '').trim();
    expect(app.medianResponse).toMatch(/^\d+\.\d \(/);
    await p.getByRole('tab', { name: 'Exosome QC' }).click();
    await p.getByTestId('rna-p').waitFor({ timeout: 30_000 });
    app.rnaP = ((await p.getByTestId('rna-p').textContent()) ?? '').trim();
    expect(app.rnaP).toBe('p = 0.033');
  });

  it('"Everything in this study" gives numbered tables and figures and the methods section', async () => {
    const p = page();
    await p.getByRole('tab', { name: 'Report' }).click();
    await p.getByTestId('report-everything').waitFor();
    await p.getByTestId('report-everything').click();
    await settled();
    const n = await p.getByTestId('report-item').count();
    expect(n).toBeGreaterThanOrEqual(15);
    const items = report().locator('.item');
    expect(await items.count()).toBe(n);
    expect(await report().locator('.item.missing').count()).toBe(0);
    const caps = await captions();
    const tables = caps.filter((c) => c.startsWith('Table '));
    const figures = caps.filter((c) => c.startsWith('Figure '));
    expect(tables.map((c) => c.split('.')[0])).toEqual(tables.map((_, i) => `Table ${i + 1}`));
    expect(figures.map((c) => c.split('.')[0])).toEqual(figures.map((_, i) => `Figure ${i + 1}`));
    expect(tables.length).toBeGreaterThanOrEqual(7);
    expect(figures.length).toBeGreaterThanOrEqual(6);
    expect(caps.some((c) => /^Figure \d+\. Kaplan–Meier estimates: Overall survival from diagnosis by DR group$/.test(c))).toBe(true);
    expect(await report().locator('.item.figure svg').count()).toBe(figures.length);
    const m = await methods();
    for (const h of ['Patients and data', 'Drug-resistance groups', 'Statistical analysis', 'Survival', 'Exosome QC', 'microRNA arrays', 'Hierarchical clustering', 'Targets and pathways', 'Software']) {
      expect(await report().locator('section.methods h3', { hasText: h }).count(), h).toBeGreaterThan(0);
    }
    expect(m).toContain('within 60 days of the regimen start');
    expect(m).toContain('log-transformed 95% confidence intervals (R survfit, conf.type = "log")');
    expect(m).toContain('intensity of at least 30 in every array');
    expect(m).toContain('the "SPSS (paper)" test policy');
    expect(m).toContain('1 − Pearson correlation and average linkage (UPGMA');
    expect(m).toMatch(/Myeloma DR Workbench version \d+\.\d+\.\d+ \(build of \d{4}-\d{2}-\d{2}, commit [0-9a-f]{7,}\)/);
    expect((await report().locator('.items').textContent()) ?? '').not.toMatch(/NaN|undefined|Infinity/);
    expect(m).not.toMatch(/undefined|Infinity|null/);
    await s.shot('80-report-everything');
  });

  /** The p of Table 1's age row in a report (its last cell: "0.015 a", p and footnote mark). */
  const ageP = async (root: { locator: (s: string) => import('playwright-core').Locator }) =>
    /^[<\d.]+/.exec(((await root.locator('[id="tables:table1"] tbody tr').filter({ hasText: /^Age \(years\)/ }).locator('td').last().textContent()) ?? '').trim())?.[0];

  it('shows the same numbers as the views', async () => {
    expect(await ageP(report())).toBe(app.ageP);
    expect(await report().locator('[id="tables:table1"] .caption').textContent()).toMatch(/^Table 1\. Baseline characteristics of the cohort by drug$/);
    const row = (g: string) => report().locator('[id="survival:km-table"] tbody tr', { hasText: g }).locator('td').nth(3);
    expect(((await row('Response').textContent()) ?? '').trim()).toBe(app.medianResponse);
    expect(((await row('Acquired DR').textContent()) ?? '').trim()).toBe(app.medianAcquired);
    expect((await report().locator('[id="exosome:rna-table"] .notes').textContent()) ?? '').toContain(`Welch t-test (equal variances not assumed), t = -5.26, df = 2.04, ${app.rnaP}`);
    expect((await report().locator('[id="exosome:rna-table"] tbody').textContent()) ?? '').toContain('235.43 ± 3.91');
  });

  it('saves one HTML file that opens from file:// with every request blocked, makes none, and shows the same numbers', async () => {
    const p = page();
    const [dl] = await Promise.all([p.waitForEvent('download'), p.getByTestId('report-save-html').click()]);
    expect(dl.suggestedFilename()).toMatch(/^Analysis report – Demo study \(synthetic\)\.html$/);
    const file = join(dir, 'report.html');
    copyFileSync((await dl.path())!, file);
    saved = readFileSync(file, 'utf8');
    expect(saved).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`);
    expect(saved).not.toMatch(/https?:\/\/|\bsrc\s*=|<script|<iframe|<object|url\(\s*['"]?(?!#)/i);
    copyFileSync(file, 'tests/e2e/__screenshots__/81-report-saved.html');

    const ctx = await s.browser.newContext({ viewport: { width: 1100, height: 900 }, offline: true });
    const url = pathToFileURL(file).href;
    const requests: string[] = [];
    const errors: string[] = [];
    ctx.on('request', (r) => requests.push(r.url()));
    await ctx.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort('blockedbyclient')));
    const fp = await ctx.newPage();
    fp.on('pageerror', (e) => errors.push(String(e)));
    fp.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await fp.goto(url);
    await fp.locator('.mmdr-report section.methods').waitFor();
    await fp.waitForTimeout(500);
    expect(requests).toEqual([url]);
    expect(errors).toEqual([]);
    const caps = await fp.locator('.caption').evaluateAll((els) => els.map((e) => (e.textContent ?? '').replace(/\s+/g, ' ').trim()));
    expect(caps).toEqual(await captions());
    expect(await ageP(fp)).toBe(app.ageP);
    const row = (g: string) => fp.locator('[id="survival:km-table"] tbody tr', { hasText: g }).locator('td').nth(3);
    expect(((await row('Response').textContent()) ?? '').trim()).toBe(app.medianResponse);
    expect((await fp.locator('[id="exosome:rna-table"] .notes').textContent()) ?? '').toContain(app.rnaP);
    expect(await fp.locator('svg').count()).toBe(await report().locator('.item.figure svg').count());
    await fp.screenshot({ path: 'tests/e2e/__screenshots__/82-report-file-url.png' });
    await ctx.close();
  });

  it('prints to PDF as the report alone (print media: no app chrome, a page per item, vector figures)', async () => {
    const p = page();
    await p.emulateMedia({ media: 'print' });
    // in print media only the report's print root is shown
    expect(await p.locator('#mmdr-print-root').isVisible()).toBe(true);
    expect(await p.locator('mmdr-app-shell').isVisible()).toBe(false);
    const pdf = await p.pdf({ format: 'A4', printBackground: true });
    await p.emulateMedia({ media: 'screen' });
    expect(await p.locator('#mmdr-print-root').isVisible()).toBe(false);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    writeFileSync('tests/e2e/__screenshots__/83-report.pdf', pdf);
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    const items = await report().locator('.item').count();
    expect(pages).toBeGreaterThanOrEqual(items + 1); // every item starts a page, the methods too
    expect(pdf.length).toBeGreaterThan(100_000);
  });

  it('moves items with the keyboard and edits captions', async () => {
    const p = page();
    const order = p.getByTestId('report-order').locator('li');
    const first = await order.first().getAttribute('data-item');
    const second = await order.nth(1).getAttribute('data-item');
    await order.first().locator('button[data-move="down"]').focus();
    await p.keyboard.press('Alt+ArrowDown');
    await settled();
    expect(await order.first().getAttribute('data-item')).toBe(second);
    expect(await order.nth(1).getAttribute('data-item')).toBe(first);
    // focus stays on the moved row, so it can keep moving
    expect(await p.evaluate(() => {
      let a: Element | null = document.activeElement;
      while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
      return a?.closest('li')?.getAttribute('data-item') ?? null;
    })).toBe(first);
    await p.keyboard.press('Alt+ArrowUp');
    await settled();
    expect(await order.first().getAttribute('data-item')).toBe(first);
    const caption = p.locator(`li[data-item="survival:km-table"] [data-testid="report-caption"]`);
    await caption.fill('Overall survival by DR group (demo)');
    await caption.press('Enter');
    await caption.blur();
    await settled();
    await expect.poll(async () => report().locator('[id="survival:km-table"] .caption').textContent()).toMatch(/^Table \d+\. Overall survival by DR group \(demo\)$/);
  });

  it('a setting changed in a view changes the methods sentence (KM CI type)', async () => {
    const p = page();
    await p.getByRole('tab', { name: 'Survival' }).click();
    await p.locator('mmdr-survival-view #conf').selectOption('log-log');
    await p.getByTestId('survival-row').first().waitFor();
    await p.waitForTimeout(800); // the view saves its settings (debounced)
    await p.getByRole('tab', { name: 'Report' }).click();
    await settled();
    await expect.poll(methods, { timeout: 30_000 }).toContain('log-log-transformed 95% confidence intervals (R survfit, conf.type = "log-log")');
    // the choice, order and caption survived the tab change (saved with the study)
    expect(await report().locator('[id="survival:km-table"] .caption').textContent()).toMatch(/Overall survival by DR group \(demo\)$/);
    await s.shot('84-report-methods-loglog');
  });

  it('is written in the export language while the UI stays in its own', async () => {
    const p = page();
    await p.getByTestId('report-lang').selectOption('zh-Hans');
    await expect.poll(async () => (await captions())[0]).toMatch(/^表 ?1\./);
    await settled();
    expect(await report().locator('section.methods h2').textContent()).not.toBe('Methods');
    expect((await methods())).toMatch(/[\u4e00-\u9fff]/);
    await p.getByRole('tab', { name: 'Report' }).waitFor(); // the UI is still English
    await s.shot('86-report-zh-in-english-ui');
    await p.getByTestId('report-lang').selectOption('en');
    await expect.poll(async () => (await captions())[0]).toMatch(/^Table 1\./);
    await settled();
  });

  it('saves the recipe, applies one with a preview of the changes, and undoes it', async () => {
    const p = page();
    const [dl] = await Promise.all([p.waitForEvent('download'), p.getByTestId('recipe-save').click()]);
    expect(dl.suggestedFilename()).toMatch(/\.mmdr-recipe\.json$/);
    const recipe = JSON.parse(readFileSync((await dl.path())!, 'utf8'));
    expect(recipe).toMatchObject({ format: 'mmdr-recipe', version: 1, from: 'Demo study (synthetic)' });
    expect(recipe.settings.survival.confType).toBe('log-log');
    expect(recipe.settings.report).toBeUndefined();
    const next = { ...recipe, settings: { ...recipe.settings, survival: { ...recipe.settings.survival, confType: 'plain', medianRule: 'spss' } } };
    await p.getByTestId('recipe-file').setInputFiles({ name: 'other.mmdr-recipe.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(next)) });
    const table = p.getByTestId('recipe-changes');
    await table.waitFor();
    const text = (await table.textContent()) ?? '';
    expect(text).toContain('confType');
    expect(text).toContain('plain');
    expect(text).toContain('medianRule');
    await p.getByTestId('recipe-apply').click();
    await expect.poll(methods, { timeout: 30_000 }).toContain('untransformed (plain) 95% confidence intervals');
    expect(await methods()).toContain('reaches 0.5 or less (SPSS\'s rule)');
    await p.getByTestId('recipe-undo').click();
    await expect.poll(methods, { timeout: 30_000 }).toContain('log-log-transformed 95% confidence intervals');
    await s.shot('85-report-recipe-undone');
  });

  it('made no request outside the origin and raised no page error', () => {
    expect(s.offOrigin).toEqual([]);
    expect(s.pageErrors).toEqual([]);
  });
});
