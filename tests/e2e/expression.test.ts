import { describe, it, expect, beforeAll, afterAll, inject } from 'vitest';
import { copyFileSync, readFileSync } from 'node:fs';
import { openSession, type Session } from './browser.ts';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const GEO = 'tests/fixtures/GSE8972_series_matrix_aFFY.txt';

/**
 * The Expression view on the demo study (issue 5): with the paper's settings the page shows 88
 * probes lower and 83 higher in Bz-resistant and miR-16-5p 3.91-fold lower; a volcano point names
 * its probe on hover and finds its row in the table on click; the DE table exports as CSV and the
 * volcano as PNG; quantile normalization changes the counts. Then a real GEO series matrix
 * (GSE8972) goes into a new study as 24 arrays of 12 488 probes and is analysed. No request leaves
 * the origin; no page error.
 */
describe('expression analysis of the demo arrays', () => {
  const baseUrl = inject('baseUrl');
  let s: Session;

  beforeAll(async () => { s = await openSession(baseUrl); });
  afterAll(async () => { await s?.close(); });

  it('opens the Expression tab of the demo study with the paper\'s settings: 88 down, 83 up', async () => {
    const { page } = s;
    await page.goto(baseUrl);
    await page.getByTestId('open-demo').click();
    await page.getByTestId('grid-count').filter({ hasText: '204 patients' }).waitFor({ timeout: 30_000 });
    await page.getByRole('tab', { name: 'Expression' }).click();
    await page.getByTestId('count-down').waitFor({ timeout: 30_000 });
    expect((await page.getByTestId('count-down').textContent())?.trim()).toBe('88');
    expect((await page.getByTestId('count-up').textContent())?.trim()).toBe('83');
    expect((await page.getByTestId('count-probes').textContent())?.trim()).toBe('3,180');
    const head = (await page.getByTestId('expression-headline').textContent()) ?? '';
    expect(head).toContain('88 probes lower and 83 higher in Bz-resistant than in Bz-responsive (≥ 2-fold), of 3,180.');
    expect(await page.getByTestId('pooled-notice').count()).toBe(0);
    // the paper's defaults are what the controls show
    expect(await page.getByTestId('channel').inputValue()).toBe('532');
    expect(await page.getByTestId('normalization').inputValue()).toBe('median');
    expect(await page.getByTestId('threshold').inputValue()).toBe('30');
    expect(await page.getByTestId('method').inputValue()).toBe('moderated');
    expect(await page.getByTestId('fc-cutoff').inputValue()).toBe('2');
    expect(await page.getByTestId('ref-group').inputValue()).toBe('Bz-responsive');
    expect(await page.getByTestId('cmp-group').inputValue()).toBe('Bz-resistant');
    const sel = (await page.getByTestId('qc-selected').textContent()) ?? '';
    expect(sel).toMatch(/^[\d,]+ of 3,180 probes were ≥ 30 in all 6 arrays and set the normalization factors\.$/);
    expect(await page.getByTestId('qc-factor').count()).toBe(6);
    await page.getByTestId('volcano').locator('canvas').first().waitFor();
    await s.shot('30-expression-demo');
  });

  it('reads miR-16-5p: 3.91-fold lower in Bz-resistant (within 2 %)', async () => {
    const { page } = s;
    await page.getByTestId('de-search').fill('hsa-miR-16-5p');
    const row = page.locator('[data-testid="de-row"][data-probe="hsa-miR-16-5p"]');
    await row.waitFor();
    const inv = Number((await row.getByTestId('fc-inv').textContent())?.trim());
    expect(Math.abs(inv / 3.91 - 1)).toBeLessThan(0.02);
    const fc = Number((await row.getByTestId('fc').textContent())?.trim());
    expect(fc).toBeCloseTo(1 / inv, 1);
    expect(await row.getAttribute('class')).toContain('down');
    await page.getByTestId('de-search').fill('');
  });

  it('hovering a volcano point names its probe; clicking it highlights the row in the table', async () => {
    const { page } = s;
    const volcano = page.getByTestId('volcano');
    await volcano.scrollIntoViewIfNeeded();
    // where a point is drawn (the plot keeps every point's position, CSS px in the plot area): miR-16-5p,
    // or, if another probe's dot overlaps it, the most significant down-regulated probe drawn on its own
    const at = await volcano.evaluate((el) => {
      const p = el as unknown as { figure: { points: { names: string[]; cls: Uint8Array; y: Float64Array } }; _px: Float32Array; _py: Float32Array; _u: { over: HTMLElement } };
      const { names, cls, y } = p.figure.points;
      const alone = (i: number) => names.every((_, k) => k === i || Math.hypot(p._px[k] - p._px[i], p._py[k] - p._py[i]) > 6 || Number.isNaN(p._px[k]));
      let i = names.indexOf('hsa-miR-16-5p');
      if (!alone(i)) i = [...names.keys()].filter((k) => cls[k] === 2).sort((a, b) => y[b] - y[a]).find(alone)!;
      const box = p._u.over.getBoundingClientRect();
      return { x: box.left + p._px[i], y: box.top + p._py[i], name: names[i] };
    });
    await page.mouse.move(at.x - 30, at.y - 30);
    await page.mouse.move(at.x, at.y, { steps: 4 });
    const tip = page.getByTestId('plot-tooltip-name');
    await tip.waitFor();
    expect((await tip.textContent())?.trim()).toBe(at.name);
    await s.shot('31-expression-volcano-hover');
    await page.mouse.click(at.x, at.y);
    const row = page.locator(`[data-testid="de-row"][data-probe="${at.name}"]`);
    await expect.poll(async () => row.getAttribute('aria-selected')).toBe('true');
    expect(await row.getAttribute('class')).toContain('selected');
    await expect.poll(async () => row.evaluate((el) => {
      const r = el.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= window.innerHeight;
    })).toBe(true);
    expect((await page.getByTestId('selected-probe').textContent())?.trim()).toBe(at.name);
    await s.shot('32-expression-row-highlighted');
  });

  it('exports the DE table as CSV and the volcano as PNG', async () => {
    const { page } = s;
    const [csv] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid="de-export"] [data-testid="export-csv"]').click()]);
    expect(csv.suggestedFilename()).toBe('Differential expression Bz-resistant vs Bz-responsive.csv');
    const text = readFileSync((await csv.path())!, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).trim().split('\r\n');
    const header = lines[0].split(',');
    expect(header).toEqual(['Probe', 'Mean log2 Bz-responsive', 'Mean log2 Bz-resistant', 'Mean normalized intensity Bz-responsive', 'Mean normalized intensity Bz-resistant',
      'Fold change Bz-resistant/Bz-responsive', 'Fold change Bz-responsive/Bz-resistant', 'log2FC', 'Average log2 expression', 't', 'p', 'BH-adjusted p', 'B', 'Regulation']);
    expect(lines).toHaveLength(1 + 3180);
    const mir16 = lines.find((l) => l.startsWith('hsa-miR-16-5p,'))!.split(',');
    expect(Math.abs(Number(mir16[6]) / 3.91 - 1)).toBeLessThan(0.02);
    expect(Number(mir16[7])).toBeLessThan(-1.9);
    expect(Number(mir16[11])).toBeLessThan(0.05);
    expect(mir16[13]).toBe('lower in Bz-resistant');
    const [png] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid="volcano-export"] [data-testid="export-png"]').click()]);
    expect(png.suggestedFilename()).toBe('Volcano plot Bz-resistant vs Bz-responsive.png');
    const bytes = readFileSync((await png.path())!);
    expect([...bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(bytes.readUInt32BE(16)).toBe(760 * 3);
    expect(bytes.length).toBeGreaterThan(30_000);
    copyFileSync((await png.path())!, 'tests/e2e/__screenshots__/33-expression-volcano-exported.png');
    const [mx] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid="matrix-export"] [data-testid="export-csv"]').click()]);
    const m = readFileSync((await mx.path())!, 'utf8').slice(1).trim().split('\r\n');
    expect(m[0]).toBe('probe,R1,R2,R3,S1,S2,S3');
    expect(m).toHaveLength(1 + 3180);
  });

  it('quantile normalization changes the counts; the QC shows no median factors then', async () => {
    const { page } = s;
    await page.getByTestId('normalization').selectOption('quantile');
    await expect.poll(async () => `${await page.getByTestId('count-down').getAttribute('data-value')}/${await page.getByTestId('count-up').getAttribute('data-value')}`, { timeout: 30_000 })
      .not.toBe('88/83');
    const down = Number(await page.getByTestId('count-down').getAttribute('data-value'));
    const up = Number(await page.getByTestId('count-up').getAttribute('data-value'));
    expect(down + up).toBeGreaterThan(100);
    expect(await page.getByTestId('qc-selected').count()).toBe(0);
    expect(await page.getByTestId('threshold').count()).toBe(0);
    await page.getByTestId('qc-card').scrollIntoViewIfNeeded();
    await s.shot('34-expression-quantile');
    // back to the paper's settings: the cached result comes back at once
    await page.getByTestId('normalization').selectOption('median');
    await expect.poll(async () => page.getByTestId('count-down').getAttribute('data-value')).toBe('88');
  });

  it('loads the GEO series matrix GSE8972 into a new study: 12,488 probes × 24 arrays', async () => {
    const { page } = s;
    await page.goto(`${baseUrl}#/`);
    await page.getByTestId('new-study').click();
    await page.getByLabel('Study name').fill('GSE8972 retina');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByTestId('study-name').filter({ hasText: 'GSE8972 retina' }).waitFor();
    await page.getByTestId('add-files').setInputFiles({ name: 'GSE8972_series_matrix.txt', mimeType: 'text/plain', buffer: readFileSync(GEO) });
    await page.getByTestId('study-counts').filter({ hasText: '24 array files' }).waitFor({ timeout: 30_000 });
    await page.getByRole('tab', { name: 'Arrays' }).click();
    const size = page.getByTestId('array-source-size');
    await size.waitFor();
    expect((await size.textContent())?.trim()).toBe('12,488 probes × 24 arrays');
    expect(await page.getByTestId('array-row').count()).toBe(24);
    expect((await page.getByTestId('array-source').textContent()) ?? '').toContain('GSE8972');
    await page.getByTestId('groups-from-titles').click();
    await page.getByTestId('arrays-summary').filter({ hasText: 'WT P2: 4' }).waitFor();
    await s.shot('35-arrays-geo');
  });

  it('compares WT and Nrl ko at P2 in the GEO study', async () => {
    const { page } = s;
    await page.getByRole('tab', { name: 'Expression' }).click();
    await page.getByTestId('ref-group').waitFor();
    await page.getByTestId('ref-group').selectOption('WT P2');
    await page.getByTestId('cmp-group').selectOption('Nrl ko P2');
    await page.getByTestId('expression-headline').filter({ hasText: 'higher in Nrl ko P2 than in WT P2' }).waitFor({ timeout: 60_000 });
    const probes = Number(((await page.getByTestId('count-probes').textContent()) ?? '').replace(/,/g, ''));
    expect(probes).toBeGreaterThan(12_400); // AFFX- controls left out
    expect(probes).toBeLessThan(12_488);
    expect(await page.locator('[data-testid="corr-table"] tbody tr').count()).toBe(24);
    await s.shot('36-expression-geo');
  });

  it('made no request outside the page origin and raised no page error', () => {
    expect(s.offOrigin).toEqual([]);
    expect(s.pageErrors).toEqual([]);
  });
});
