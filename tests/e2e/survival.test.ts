import { describe, it, expect, beforeAll, afterAll, inject } from 'vitest';
import { copyFileSync, readFileSync } from 'node:fs';
import { openSession, type Session } from './browser.ts';
import { readDelimited } from '../../src/formats/delimited.ts';
import { computeEndpoint } from '../../src/study/endpoints.ts';
import { classifyCohort, DR_GROUPS } from '../../src/study/dr-classification.ts';
import { kmByGroup, splitByGroup } from '../../src/stats/km.ts';
import { logrank } from '../../src/stats/logrank.ts';
import { bootstrapKm } from '../../src/stats/km-bootstrap.ts';
import { loadKernelsNode } from '../../src/kernels/load-node.ts';

/** OS from diagnosis in months by DR group, computed in Node from the demo file with the same modules. */
function expected(drug: string | null) {
  const t = readDelimited(new Uint8Array(readFileSync('public/demo/cohort.csv')), 'cohort.csv');
  const rows = t.rows.map((r) => Object.fromEntries(t.columns.map((c, j) => [c, r[j] === '' ? null : r[j]])));
  const cls = classifyCohort(rows);
  const e = computeEndpoint(rows, 'os-diagnosis', 'months');
  const time: number[] = [];
  const event: number[] = [];
  const group: string[] = [];
  e.rows.forEach((r, i) => {
    if (drug && rows[r].drug !== drug) return;
    const g = cls.patients[r].group;
    if (g === 'unclassified') return;
    time.push(e.time[i]); event.push(e.event[i]); group.push(g);
  });
  const levels = DR_GROUPS.filter((g) => group.includes(g));
  const fits = kmByGroup(time, event, group, { levels });
  const lr = logrank(time, event, group, { levels });
  return { time, event, group, levels, fits, lr };
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * The Survival view on the demo study: DR-group curves whose medians and log-rank p match the same
 * computation in Node, PNG and CSV exports, a seeded bootstrap that gives the same interval as
 * under Node, and a bootstrap cancelled half-way — with no request leaving the origin.
 */
describe('survival on the demo study', () => {
  const baseUrl = inject('baseUrl');
  let s: Session;

  beforeAll(async () => { s = await openSession(baseUrl); });
  afterAll(async () => { await s?.close(); });

  it('opens the Survival tab of the demo study with OS by DR group', async () => {
    const { page } = s;
    await page.goto(baseUrl);
    await page.getByTestId('open-demo').click();
    await page.getByTestId('grid-count').filter({ hasText: '204 patients' }).waitFor({ timeout: 30_000 });
    await page.getByRole('tab', { name: 'Survival' }).click();
    await page.getByTestId('grouping').selectOption('dr');
    await page.getByTestId('drug').selectOption('');
    await page.getByTestId('survival-row').first().waitFor();
    await expect(page.getByTestId('survival-title').textContent()).resolves.toContain('Overall survival from diagnosis by DR group');
  });

  it('shows the median OS per DR group and the log-rank p that Node computes (all patients)', async () => {
    const { page } = s;
    const ex = expected(null);
    expect(await page.getByTestId('survival-row').count()).toBe(ex.fits.length);
    for (const f of ex.fits) {
      const cell = page.locator(`[data-testid="survival-row"][data-group="${f.name}"] [data-testid="median"]`);
      const v = await cell.getAttribute('data-value');
      expect(f.median).not.toBeNull();
      expect(Number(v)).toBeCloseTo(f.median!, 9);
      expect(await cell.textContent()).toContain(f.median!.toFixed(1));
      const n = await page.locator(`[data-testid="survival-row"][data-group="${f.name}"] td`).first().textContent();
      expect(n?.trim()).toBe(String(f.n));
    }
    const p = page.locator('[data-testid="test-logrank"] [data-testid="p"]');
    expect(Number(await p.getAttribute('data-value'))).toBeCloseTo(ex.lr.p, 12);
    // the same p, as printed on the plot
    const onPlot = (await page.getByTestId('km-test-text').textContent()) ?? '';
    expect(onPlot).toContain('Log-rank');
    expect(onPlot).toContain(`p = ${ex.lr.p.toFixed(3)}`);
    expect(onPlot).toContain(`χ² = ${ex.lr.chisq.toFixed(2)}, df = ${ex.lr.df}`);
    // number at risk at time 0 is each group's n
    const first = await page.locator('[data-testid="km-at-risk"] [role="row"][data-group="response"] [role="cell"]').first().textContent();
    expect(first?.trim()).toBe(String(ex.fits.find((f) => f.name === 'response')!.n));
    await s.shot('20-survival-dr-all');
  });

  it('narrows to bortezomib and still agrees with Node (a median not reached reads as words)', async () => {
    const { page } = s;
    const ex = expected('Bz');
    await page.getByTestId('drug').selectOption('Bz');
    await page.getByTestId('survival-counts').filter({ hasText: `${ex.time.length} of 115 patients treated with Bz` }).waitFor();
    const p = page.locator('[data-testid="test-logrank"] [data-testid="p"]');
    await expect.poll(async () => Number(await p.getAttribute('data-value'))).toBeCloseTo(ex.lr.p, 12);
    for (const f of ex.fits) {
      const cell = page.locator(`[data-testid="survival-row"][data-group="${f.name}"] [data-testid="median"]`);
      const text = (await cell.textContent()) ?? '';
      if (f.median === null) expect(text).toContain('not reached');
      else expect(Number(await cell.getAttribute('data-value'))).toBeCloseTo(f.median, 9);
      expect(text).not.toContain('NaN');
    }
    const table = (await page.getByTestId('survival-results').textContent()) ?? '';
    expect(table).not.toMatch(/NaN|Infinity|undefined/);
  });

  it('exports the figure as PNG and SVG and the results as CSV and XLSX', async () => {
    const { page } = s;
    const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-png').click()]);
    expect(png.suggestedFilename()).toMatch(/\.png$/);
    const bytes = readFileSync((await png.path())!);
    expect([...bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(bytes.length).toBeGreaterThan(20_000);
    expect(bytes.readUInt32BE(16)).toBe(820 * 3); // IHDR width: the 820 px SVG at 3×
    copyFileSync((await png.path())!, 'tests/e2e/__screenshots__/24-survival-exported.png');
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    expect(csv.suggestedFilename()).toMatch(/\.csv$/);
    const text = readFileSync((await csv.path())!, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).trim().split('\r\n');
    expect(lines[0]).toMatch(/^DR group,n,Events,Censored,Median \(months\)/);
    const ex = expected('Bz');
    expect(lines).toHaveLength(1 + ex.fits.length);
    const resp = lines.find((l) => l.startsWith('Response,'))!.split(',');
    expect(Number(resp[1])).toBe(ex.fits.find((f) => f.name === 'response')!.n);
    expect(Number(resp[4])).toBeCloseTo(ex.fits.find((f) => f.name === 'response')!.median!, 9);
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-xlsx').click()]);
    expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
    expect(readFileSync((await xlsx.path())!).subarray(0, 2).toString('latin1')).toBe('PK'); // a zip, as xlsx files are
    const [svg] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-svg').click()]);
    const svgText = readFileSync((await svg.path())!, 'utf8');
    expect(svgText.match(/class="curve"/g)).toHaveLength(ex.fits.length);
  });

  it('runs a seeded 500-replicate bootstrap whose interval equals the one under Node', async () => {
    const { page } = s;
    await page.getByTestId('replicates').fill('500');
    await page.getByTestId('replicates').press('Tab');
    await page.evaluate(() => {
      const w = window as unknown as { progress: number[] };
      w.progress = [];
      window.addEventListener('analysis-progress', (e) => w.progress.push((e as CustomEvent<{ done: number }>).detail.done));
    });
    await page.getByTestId('bootstrap-on').check();
    await page.getByTestId('bootstrap-done').filter({ hasText: '500 replicates done' }).waitFor({ timeout: 30_000 });
    // the progress went 0, 100, …, 500 (one report per chunk of 100 replicates)
    expect(await page.evaluate(() => (window as unknown as { progress: number[] }).progress)).toEqual([0, 100, 200, 300, 400, 500]);
    expect(await page.getByTestId('bootstrap-progress').count()).toBe(0);
    const ex = expected('Bz');
    const parts = splitByGroup(ex.time, ex.event, ex.group, ex.levels);
    const boot = bootstrapKm(loadKernelsNode(), parts.map((p) => ({ name: p.name, time: p.time, event: p.event })), { replicates: 500, seed: 1 });
    for (const g of boot.groups) {
      const row = page.locator(`[data-testid="boot-row"][data-group="${g.name}"]`);
      const lower = await row.locator('[data-testid="boot-median"]').getAttribute('data-value');
      expect(lower === 'null' ? null : Number(lower)).toBe(g.medianLower);
      const nr = await row.locator('[data-testid="boot-nr"]').textContent();
      expect(nr?.trim()).toBe(`${g.medianNotReached} / 500`);
    }
    await page.getByTestId('bands').selectOption('bootstrap');
    await s.shot('21-survival-bz-bootstrap');
  });

  it('cancels a long bootstrap, keeps nothing, and the worker serves the next run', async () => {
    const { page } = s;
    await page.getByTestId('replicates').fill('200000');
    await page.getByTestId('replicates').press('Tab');
    const progress = page.getByTestId('bootstrap-progress');
    await progress.waitFor();
    await expect.poll(async () => Number(await progress.locator('progress').evaluate((p) => (p as HTMLProgressElement).value)), { timeout: 20_000 }).toBeGreaterThan(0);
    await page.getByTestId('bootstrap-cancel').click();
    await page.getByTestId('bootstrap-note').filter({ hasText: 'Bootstrap cancelled after' }).waitFor();
    expect(await page.getByTestId('boot-median').count()).toBe(0);
    await s.shot('22-survival-bootstrap-cancelled');
    // a fresh worker answers: switch to duration of response
    await page.getByTestId('replicates').fill('500');
    await page.getByTestId('replicates').press('Tab');
    await page.getByTestId('bootstrap-done').filter({ hasText: '500 replicates done' }).waitFor({ timeout: 30_000 });
    await page.getByTestId('endpoint').selectOption('dor');
    await page.getByTestId('survival-title').filter({ hasText: 'Duration of response' }).waitFor();
    await page.getByTestId('survival-row').first().waitFor();
    await page.getByTestId('survival-excluded').waitFor();
    await s.shot('23-survival-dor');
  });

  it('keeps the settings after a reload', async () => {
    const { page } = s;
    await page.waitForTimeout(600); // settings are saved 300 ms after the last change
    await page.reload();
    await page.getByTestId('survival-title').filter({ hasText: 'Duration of response by DR group (Bz)' }).waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('replicates').inputValue()).toBe('500');
  });

  it('made no request outside the page origin and raised no page error', () => {
    expect(s.offOrigin).toEqual([]);
    expect(s.pageErrors).toEqual([]);
  });
});
