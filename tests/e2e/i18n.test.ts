import { describe, it, expect, beforeAll, afterAll, inject } from 'vitest';
import { readFileSync } from 'node:fs';
import { openSession, type Session } from './browser.ts';
import type { Page } from 'playwright-core';

/**
 * Two languages in every view (issue 10): a Chinese browser gets the Chinese UI; every view of the
 * demo study shows no English UI text (user data, marked data-user, excepted); switching language
 * keeps the page state; a table exports in English while the UI stays Chinese.
 */

/** Words that are the same in a Chinese UI: product, format and unit names, statistical symbols. */
const SAME_IN_BOTH = new Set(['WebAssembly', 'GenePix', 'ATF', 'GPR', 'GAL', 'CSV', 'TSV', 'XLSX', 'PNG', 'SVG', 'English', 'IndexedDB',
  'Kaplan', 'Meier', 'Fisher', 'Pearson', 'Welch', 'Student', 'Mann', 'Whitney', 'Kruskal', 'Wallis', 'Tarone', 'Ware', 'Breslow', 'Woolf',
  'limma', 'SPSS', 'MEV', 'Excel', 'Word', 'ExperimentSummary', 'Durie', 'Salmon', 'ISS', 'NTA', 'NanoSight', 'miRNA', 'miRNAs', 'Newick', 'GMT', 'KEGG', 'Hallmark', 'miRCURY']);

/** Visible text nodes outside user data (data-user), through every shadow root. */
async function uiTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const visit = (root: Node) => {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
      for (let n: Node | null = walker.currentNode; n; n = walker.nextNode()) {
        if (n.nodeType === Node.ELEMENT_NODE) {
          const el = n as Element;
          if (el.shadowRoot) visit(el.shadowRoot);
          continue;
        }
        const t = n.textContent?.trim();
        if (!t) continue;
        const parent = (n as Text).parentElement;
        if (!parent || parent.closest('[data-user], style, script, noscript, option, title')) continue;
        const cs = getComputedStyle(parent);
        if (cs.display === 'none' || cs.visibility === 'hidden') continue;
        out.push(t);
      }
    };
    visit(document.body);
    return out;
  });
}

/** Text nodes that read as English UI: no CJK character and an English word of 4+ letters not shared by both languages. */
function englishLeftovers(texts: string[]): string[] {
  return texts.filter((t) => !/[\u3400-\u9fff]/.test(t) && (t.match(/[A-Za-z]{4,}/g) ?? []).some((w) => !SAME_IN_BOTH.has(w)));
}

describe('English and Simplified Chinese', () => {
  const baseUrl = inject('baseUrl');
  let s: Session;
  const zh = (id: string) => {
    const x = readFileSync('xliff/zh-Hans.xlf', 'utf8');
    const m = new RegExp(`<trans-unit id="${id.replace(/\./g, '\\.')}">[\\s\\S]*?<target>([\\s\\S]*?)</target>`).exec(x);
    return m![1];
  };

  beforeAll(async () => { s = await openSession(baseUrl, { locale: 'zh-CN' }); });
  afterAll(async () => { await s?.close(); });

  it('a Chinese browser gets the Chinese UI', async () => {
    const { page } = s;
    await page.goto(baseUrl);
    await page.getByRole('heading', { name: zh('app.title') }).waitFor();
    await page.getByRole('button', { name: zh('studies.openDemo') }).waitFor();
    expect(englishLeftovers(await uiTexts(page))).toEqual([]);
    await s.shot('20-zh-studies');
  });

  it('every view of the demo study is in Chinese (user data excepted)', async () => {
    const { page } = s;
    await page.getByTestId('open-demo').click();
    await page.getByTestId('cohort-grid').waitFor({ timeout: 30_000 });
    const tabs = await page.getByRole('tab').all();
    expect(tabs.length).toBeGreaterThanOrEqual(2);
    for (let i = 0; i < tabs.length; i++) {
      await page.getByRole('tab').nth(i).click();
      await page.waitForTimeout(500);
      const left = englishLeftovers(await uiTexts(page));
      expect(left, `English UI text on tab ${i}`).toEqual([]);
      await s.shot(`21-zh-tab-${i}`);
    }
  });

  it('switches to English and back without reloading or losing the page', async () => {
    const { page } = s;
    await page.getByRole('tab').first().click();
    const url = page.url();
    await page.evaluate(() => { (window as unknown as { __sameDocument: boolean }).__sameDocument = true; });
    await page.getByTestId('language').selectOption('en');
    await page.getByRole('tab', { name: 'Cohort' }).waitFor();
    await page.getByTestId('grid-count').filter({ hasText: '204 patients' }).waitFor();
    expect(page.url()).toBe(url);
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    await page.getByTestId('language').selectOption('zh-Hans');
    await page.getByRole('tab', { name: zh('tab.cohort') }).waitFor();
  });

  it('exports a table in English while the UI stays Chinese', async () => {
    const { page } = s;
    const grid = page.locator('mmdr-cohort-grid');
    await grid.getByTestId('export-language').selectOption('en');
    const [download] = await Promise.all([page.waitForEvent('download'), grid.getByTestId('export-csv').click()]);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv.split('\r\n')[0]).toBe('\uFEFF' + ['Patient ID', 'Age', 'Sex', 'ISS stage'].join(',') + csv.split('\r\n')[0].slice(1 + 'Patient ID,Age,Sex,ISS stage'.length));
    expect(csv).toContain('DEMO-001');
    expect(download.suggestedFilename()).toBe('Cohort cohort.csv.csv');
    // the UI is still Chinese
    await page.getByRole('tab', { name: zh('tab.cohort') }).waitFor();
    expect(englishLeftovers(await uiTexts(page))).toEqual([]);
  });

  it('made no request outside the page origin and raised no page error', () => {
    expect(s.offOrigin).toEqual([]);
    expect(s.pageErrors).toEqual([]);
  });
});
