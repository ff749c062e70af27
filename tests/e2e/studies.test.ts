import { describe, it, expect, beforeAll, afterAll, inject } from 'vitest';
import { openSession, type Session } from './browser.ts';

/**
 * The foundation journey a new user takes: Studies page → Open demo study → 204 patients and six
 * arrays → reload keeps everything → delete (with undo) — and no request ever leaves the origin.
 */
describe('studies and the demo study in a real browser', () => {
  const baseUrl = inject('baseUrl');
  let s: Session;

  beforeAll(async () => { s = await openSession(baseUrl); });
  afterAll(async () => { await s?.close(); });

  it('opens on an empty Studies page with storage information', async () => {
    const { page } = s;
    await page.goto(baseUrl);
    await page.getByRole('heading', { name: 'Studies in this browser' }).waitFor();
    await page.getByTestId('no-studies').waitFor();
    await expect(page.getByTestId('storage-usage').textContent()).resolves.toMatch(/Storage used in this browser: .+ of .+ available\./);
    await expect(page.getByTestId('storage-persisted').textContent()).resolves.toMatch(/Persistent storage (granted|not granted)/);
    // the wasm kernels answered from the worker
    await page.getByTestId('engine-status').filter({ hasText: 'Analysis engine ready' }).waitFor();
    await s.shot('01-studies-empty');
  });

  it('opens the demo study: 204 synthetic patients in the cohort grid', async () => {
    const { page } = s;
    await page.getByTestId('open-demo').click();
    await page.getByTestId('grid-count').filter({ hasText: '204 patients' }).waitFor({ timeout: 30_000 });
    await expect(page.getByTestId('study-name').textContent()).resolves.toContain('synthetic data');
    await expect(page.getByTestId('study-counts').textContent()).resolves.toContain('204 patients · 6 array files');
    // the grid is virtualised: far fewer than 204 rows are in the DOM, and the first one is DEMO-001
    const rendered = await page.locator('[data-testid="cohort-grid"] tbody tr:not(.spacer)').count();
    expect(rendered).toBeGreaterThan(10);
    expect(rendered).toBeLessThan(204);
    await expect(page.locator('[data-testid="cohort-grid"] tbody tr:not(.spacer)').first().textContent()).resolves.toContain('DEMO-001');
    await s.shot('02-demo-cohort');
  });

  it('lists the six array files with their sample groups', async () => {
    const { page } = s;
    await page.getByRole('tab', { name: 'Arrays' }).click();
    const rows = page.getByTestId('array-row');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(6);
    const text = (await page.getByTestId('array-table').textContent()) ?? '';
    for (const f of ['R1.gpr', 'R2.gpr', 'R3.gpr', 'S1.gpr', 'S2.gpr', 'S3.gpr']) expect(text).toContain(f);
    const groups = await rows.locator('input.group').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    expect(groups.filter((g) => /respons/i.test(g))).toHaveLength(3);
    expect(groups.filter((g) => /resist/i.test(g))).toHaveLength(3);
    await s.shot('03-demo-arrays');
  });

  it('keeps the study after a reload', async () => {
    const { page } = s;
    await page.reload();
    await page.getByTestId('array-row').first().waitFor();
    expect(await page.getByTestId('array-row').count()).toBe(6);
    await page.getByRole('tab', { name: 'Cohort' }).click();
    await page.getByTestId('grid-count').filter({ hasText: '204 patients' }).waitFor();
  });

  it('deletes the study, offers undo, and deletes for real', async () => {
    const { page } = s;
    await page.getByRole('link', { name: 'Studies', exact: true }).click();
    await page.getByTestId('study-row').first().waitFor();
    expect(await page.getByTestId('study-row').count()).toBe(1);
    await page.getByTestId('delete-study').click();
    await page.getByTestId('no-studies').waitFor();
    await page.getByTestId('toast').getByRole('button', { name: 'Undo' }).click();
    await page.getByTestId('study-row').first().waitFor();
    await page.getByTestId('delete-study').click();
    await page.getByTestId('no-studies').waitFor();
    await page.reload();
    await page.getByTestId('no-studies').waitFor();
  });

  it('made no request outside the page origin and raised no page error', () => {
    expect(s.offOrigin).toEqual([]);
    expect(s.pageErrors).toEqual([]);
  });
});
