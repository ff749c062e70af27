import { describe, it, expect, beforeAll, afterAll, inject } from 'vitest';
import { copyFileSync, readFileSync } from 'node:fs';
import { openSession, type Session } from './browser.ts';
import { DEMO_MANIFEST } from '../../src/study/demo-manifest.ts';
import { parseNta } from '../../src/formats/nta.ts';
import { parseRnaYield } from '../../src/formats/rna-yield.ts';
import { addNtaSample, setRnaYield } from '../../src/study/exosome-data.ts';
import { analyzeExosome } from '../../src/study/exosome-analysis.ts';
import { DEFAULT_EXOSOME_SETTINGS } from '../../src/study/exosome-settings.ts';

/** The demo's exosome files analysed in Node with the same modules (what the page must show). */
function expected(settings = DEFAULT_EXOSOME_SETTINGS) {
  const file = (p: string) => new Uint8Array(readFileSync(`public/${p}`));
  const ex = DEMO_MANIFEST.exosome;
  let data = setRnaYield(undefined, parseRnaYield(file(ex.rnaYield), 'rna-yield.csv'), 'rna');
  for (const e of ex.nta) data = addNtaSample(data, parseNta(file(e.path), e.path.split('/').pop()!), e.name);
  return analyzeExosome(data, settings);
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * The Exosome QC tab of the demo study: the RNA-yield means ± SD and the p-value on the page are
 * the Node computation's (and the paper's printed means), the test can be switched, the size
 * distributions are drawn and export as PNG and SVG — with no request leaving the origin.
 */
describe('exosome QC on the demo study', () => {
  const baseUrl = inject('baseUrl');
  let s: Session;

  beforeAll(async () => { s = await openSession(baseUrl); });
  afterAll(async () => { await s?.close(); });

  it('opens the Exosome QC tab of the demo study', async () => {
    const { page } = s;
    await page.goto(baseUrl);
    await page.getByTestId('open-demo').click();
    await page.getByTestId('grid-count').filter({ hasText: '204 patients' }).waitFor({ timeout: 30_000 });
    await page.getByRole('tab', { name: 'Exosome QC' }).click();
    await page.getByTestId('rna-headline').waitFor();
    await page.locator('mmdr-nta-plot canvas').first().waitFor();
  });

  it('shows the RNA yield means ± SD and the p-value that Node computes (the paper’s means)', async () => {
    const { page } = s;
    const ex = expected();
    const cells = page.getByTestId('rna-mean');
    await expect(cells.count()).resolves.toBe(3);
    const paper: Record<string, string> = { 'Bz-responsive': '235.43 ± 3.91', 'Bz-resistant': '350.17 ± 37.55', 'Healthy control': '78.21 ± 45.51' };
    for (const g of ex.rna!.groups) {
      const cell = page.locator(`tr[data-group="${g.name}"] [data-testid="rna-mean"]`);
      const text = (await cell.textContent())!.trim();
      expect(text).toBe(`${g.mean!.toFixed(2)} ± ${g.sd!.toFixed(2)}`);
      expect(text).toBe(paper[g.name]);
      expect(Number(await cell.getAttribute('data-mean'))).toBeCloseTo(g.mean!, 12);
    }
    // Welch t by default: the row of SPSS's independent-samples t-test the paper printed (p = 0.033)
    const head = (await page.getByTestId('rna-headline').textContent())!.replace(/\s+/g, ' ');
    expect(head).toContain('Bz-responsive vs Bz-resistant');
    expect(head).toContain('Welch t-test');
    expect(head).toContain('p = 0.033');
    const p = ex.rna!.test!.p!;
    expect(head).toContain(`p = ${p.toFixed(3)}`);
    expect(Number(await page.getByTestId('rna-p').getAttribute('data-p'))).toBeCloseTo(p, 12);
    await s.shot('40-exosome-demo');
  });

  it('switches to Student’s test (p = 0.006) and back to Welch’s, the paper’s printed p = 0.033', async () => {
    const { page } = s;
    // the chart's bracket says what the headline says
    await expect(page.getByTestId('rna-figure').textContent()).resolves.toContain('Welch t: p = 0.033');
    const ex = expected({ ...DEFAULT_EXOSOME_SETTINGS, test: 'student' });
    await page.locator('mmdr-exosome-view select#test').selectOption('student');
    await page.getByTestId('rna-headline').filter({ hasText: 'Student' }).waitFor();
    const head = (await page.getByTestId('rna-headline').textContent())!.replace(/\s+/g, ' ');
    expect(head).toContain(`p = ${ex.rna!.test!.p!.toFixed(3)}`);
    expect(head).toContain('p = 0.006');
    await page.locator('mmdr-exosome-view select#test').selectOption('welch');
    await page.getByTestId('rna-headline').filter({ hasText: 'Welch' }).waitFor();
  });

  it('shows every sample’s size statistics as Node computes them', async () => {
    const { page } = s;
    const ex = expected();
    const rows = page.locator('[data-testid="nta-samples"] tbody tr');
    await expect(rows.count()).resolves.toBe(9);
    for (const x of ex.samples) {
      const cells = page.locator(`[data-testid="nta-samples"] tr[data-sample="${x.sampleName}"] td`);
      await expect(cells.nth(3).textContent()).resolves.toBe(x.stats.mode.toFixed(1));
      await expect(cells.nth(7).textContent()).resolves.toBe(x.stats.d50.toFixed(1));
    }
    await expect(page.getByTestId('nta-legend').textContent()).resolves.toMatch(/Bz-responsive \(n = 3\).*Bz-resistant \(n = 3\).*Healthy control \(n = 3\)/s);
    // what was read from each file
    await page.getByTestId('exosome-files').locator('summary').click();
    const read = (await page.getByTestId('exosome-files').textContent())!.replace(/\s+/g, ' ');
    expect(read).toContain('S1-ExperimentSummary.csv');
    expect(read).toContain('NanoSight ExperimentSummary (NTA 3.2)');
    expect(read).toContain('1,000: 0.5–999.5 nm');
    expect(read).toContain('Concentration average');
    expect(read).toContain('9 samples in 3 groups, 0 without a value');
    await s.shot('46-exosome-files-read');
  });

  it('exports the size-distribution figure as PNG and SVG', async () => {
    const { page } = s;
    const card = page.getByTestId('nta-card');
    const [png] = await Promise.all([page.waitForEvent('download'), card.getByTestId('export-png').click()]);
    expect(png.suggestedFilename()).toMatch(/\.png$/);
    const bytes = readFileSync((await png.path())!);
    expect([...bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(bytes.readUInt32BE(16)).toBe(820 * 3); // IHDR width: the 820 px SVG at 3×
    expect(bytes.length).toBeGreaterThan(30_000);
    copyFileSync((await png.path())!, 'tests/e2e/__screenshots__/41-exosome-size-exported.png');
    const [svg] = await Promise.all([page.waitForEvent('download'), card.getByTestId('export-svg').click()]);
    const text = readFileSync((await svg.path())!, 'utf8');
    expect(text).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(text.match(/<path d="M/g)).toHaveLength(9);
    expect(text).toContain('Particle size (nm)');
    const [rnaPng] = await Promise.all([page.waitForEvent('download'), page.getByTestId('rna-card').getByTestId('export-png').first().click()]);
    copyFileSync((await rnaPng.path())!, 'tests/e2e/__screenshots__/42-exosome-rna-exported.png');
  });

  it('a log axis and group means persist with the study', async () => {
    const { page } = s;
    await page.locator('mmdr-exosome-view select#scale').selectOption('log');
    await page.locator('mmdr-exosome-view input[type="checkbox"]').check();
    await page.waitForTimeout(400);
    await page.reload();
    await page.getByTestId('rna-headline').waitFor({ timeout: 30_000 });
    await expect(page.locator('mmdr-exosome-view select#scale').inputValue()).resolves.toBe('log');
    await expect(page.locator('mmdr-exosome-view input[type="checkbox"]').isChecked()).resolves.toBe(true);
    await s.shot('43-exosome-log-means');
  });

  it('made no request outside the page origin and raised no page error', () => {
    expect(s.offOrigin).toEqual([]);
    expect(s.pageErrors).toEqual([]);
  });
});

/**
 * A user's own exosome files through "Add files…": NTA exports and an RNA table are recognised by
 * their content (no special file names), a broken NTA export is refused with file, line and
 * column, and what was loaded stays.
 */
describe('exosome files added to a new study', () => {
  const baseUrl = inject('baseUrl');
  let s: Session;

  beforeAll(async () => { s = await openSession(baseUrl); });
  afterAll(async () => { await s?.close(); });

  const file = (name: string, text: string | Buffer) => ({ name, mimeType: 'text/csv', buffer: Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8') });

  it('shows what to add while the study has no exosome files', async () => {
    const { page } = s;
    await page.goto(baseUrl);
    await page.getByTestId('new-study').click();
    await page.getByLabel('Study name').fill('Serum EV pilot');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByTestId('study-name').filter({ hasText: 'Serum EV pilot' }).waitFor();
    await page.getByRole('tab', { name: 'Exosome QC' }).click();
    await expect(page.getByTestId('exosome-empty').textContent()).resolves.toContain('NanoSight NTA export');
    await s.shot('44-exosome-empty');
  });

  it('reads NTA exports and an RNA table by content; groups come from the RNA table', async () => {
    const { page } = s;
    const nta = (name: string) => file(`${name}.csv`, readFileSync(`public/demo/exosome/${name}-ExperimentSummary.csv`));
    const rna = 'Sample,Group,RNA (ng/ul)\nS1,MM,350.1\nS2,MM,309.2\nHC1,Control,48.3\nHC2,Control,130.6\n';
    await page.getByTestId('add-files').setInputFiles([nta('S1'), nta('S2'), nta('HC1'), nta('HC2'), file('nanodrop.csv', rna)]);
    await page.getByTestId('rna-headline').waitFor();
    await expect(page.locator('[data-testid="nta-samples"] tbody tr').count()).resolves.toBe(4);
    await expect(page.getByTestId('rna-headline').textContent()).resolves.toContain('MM vs Control');
    await expect(page.getByTestId('study-counts').textContent()).resolves.toContain('0 patients · 0 array files');
  });

  it('refuses a broken NTA export with file, line and column and keeps the samples', async () => {
    const { page } = s;
    const lines = readFileSync('public/demo/exosome/S3-ExperimentSummary.csv', 'utf8').split('\r\n');
    const at = lines.findIndex((l) => l.startsWith('Bin centre (nm)')) + 90;
    lines[at] = lines[at].split(',').map((c, k) => (k === 6 ? '9.9E+O8' : c)).join(',');
    await page.getByTestId('add-files').setInputFiles(file('S3-broken.csv', lines.join('\r\n')));
    const err = page.getByTestId('import-errors');
    await err.waitFor();
    const text = (await err.textContent())!;
    expect(text).toContain('S3-broken.csv');
    expect(text).toContain(`line ${at + 1}`);
    expect(text).toContain('Concentration average');
    expect(text).toContain('9.9E+O8');
    await expect(page.locator('[data-testid="nta-samples"] tbody tr').count()).resolves.toBe(4);
    await s.shot('45-exosome-broken-nta');
  });

  it('made no request outside the page origin and raised no page error', () => {
    expect(s.offOrigin).toEqual([]);
    expect(s.pageErrors).toEqual([]);
  });
});

