import { describe, it, expect, beforeAll, afterAll, inject } from 'vitest';
import { readFileSync } from 'node:fs';
import { unzipSync, strFromU8 } from 'fflate';
import { openSession, nextWizardStep, type Session } from './browser.ts';

/**
 * Never lose a study (SPEC §7): bundle export → delete → import gives the same study back; two
 * tabs see each other's changes; a full quota is reported and keeps the previous state; "delete
 * all" asks first and really deletes; file content and names are shown as text, never run.
 */
describe('storage that never loses a study', () => {
  const baseUrl = inject('baseUrl');
  let s: Session;

  beforeAll(async () => { s = await openSession(baseUrl); });
  afterAll(async () => { await s?.close(); });

  const rowTexts = () => s.page.getByTestId('study-row').allTextContents();

  it('exports a study bundle, deletes the study, and imports it back unchanged', async () => {
    const { page } = s;
    await page.goto(baseUrl);
    await page.getByTestId('open-demo').click();
    await page.getByTestId('grid-count').filter({ hasText: '204 patients' }).waitFor({ timeout: 30_000 });
    await page.getByRole('link', { name: 'Studies', exact: true }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-study').click()]);
    expect(download.suggestedFilename()).toBe('Demo study (synthetic).mmdr.zip');
    const path = await download.path();
    const bytes = readFileSync(path);
    const entries = unzipSync(new Uint8Array(bytes));
    const manifest = JSON.parse(strFromU8(entries['bundle.json']));
    expect(manifest.format).toBe('mmdr-study-bundle');
    expect(manifest.study.cohort.rows).toHaveLength(204);
    const names = manifest.files.map((f: { name: string }) => f.name);
    for (const n of ['cohort.csv', 'R1.gpr', 'R2.gpr', 'R3.gpr', 'S1.gpr', 'S2.gpr', 'S3.gpr']) expect(names).toContain(n);
    // every file in the bundle is one the study refers to (no orphans), and every one it refers to is there
    const studyJson = JSON.stringify(manifest.study);
    for (const f of manifest.files as { id: string }[]) expect(studyJson).toContain(f.id);
    const ids = new Set((manifest.files as { id: string }[]).map((f) => f.id));
    for (const a of manifest.study.arrays as { fileId: string }[]) expect(ids.has(a.fileId)).toBe(true);
    expect(ids.has(manifest.study.cohort.fileId)).toBe(true);
    // the original demo GPR bytes are in the bundle unchanged
    const r1 = Object.keys(entries).find((k) => k.endsWith('/R1.gpr'))!;
    expect(Buffer.from(entries[r1]).equals(readFileSync('public/demo/arrays/R1.gpr'))).toBe(true);

    await page.getByTestId('delete-study').click();
    await page.getByTestId('no-studies').waitFor();
    await page.getByTestId('import-bundle').setInputFiles({ name: 'Demo study (synthetic).mmdr.zip', mimeType: 'application/zip', buffer: bytes });
    await page.getByTestId('study-row').first().waitFor();
    expect((await rowTexts())[0]).toMatch(/Demo study \(synthetic\).*204.*6/s);
    await page.getByRole('link', { name: 'Demo study (synthetic)' }).click();
    await page.getByTestId('grid-count').filter({ hasText: '204 patients' }).waitFor();
  });

  it('shows a change made in another tab, without reloading', async () => {
    const { page, context } = s;
    await page.getByRole('tab', { name: 'Arrays' }).click();
    const other = await context.newPage();
    await other.goto(page.url());
    await other.getByTestId('array-row').first().waitFor();
    const firstGroup = page.getByTestId('array-row').first().locator('input.group');
    await firstGroup.fill('Bz-responsive (pool A)');
    await firstGroup.press('Enter');
    await firstGroup.blur();
    await expect.poll(() => other.getByTestId('array-row').first().locator('input.group').inputValue(), { timeout: 10_000 }).toBe('Bz-responsive (pool A)');
    await other.close();
  });

  it('reports a full quota and keeps what was stored before', async () => {
    const { page } = s;
    await page.getByRole('link', { name: 'Studies', exact: true }).click();
    await page.getByTestId('delete-study').click();
    await page.getByTestId('no-studies').waitFor();
    await page.getByTestId('new-study').click();
    await page.getByLabel('Study name').fill('kept study');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByTestId('study-name').waitFor();
    await page.getByRole('link', { name: 'Studies', exact: true }).click();
    // Chromium's quota override (CDP Storage.overrideQuotaForOrigin) does not bind IndexedDB
    // writes in headless mode, so the browser's answer to a write over quota is reproduced at the
    // IndexedDB API: put() raises the QuotaExceededError DOMException a full disk gives.
    await page.evaluate(() => {
      const put = IDBObjectStore.prototype.put;
      IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...a: Parameters<typeof put>) {
        if (String(a[1] ?? '').startsWith('file:')) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        return put.apply(this, a);
      };
    });
    await page.getByTestId('open-demo').click();
    const err = page.locator('mmdr-studies-page .error');
    await err.waitFor({ timeout: 30_000 });
    expect(await err.textContent()).toContain('The browser storage is full. Nothing was changed.');
    expect((await rowTexts()).map((t) => t.includes('kept study'))).toEqual([true]);
    await page.reload(); // the quota is back

    await page.getByTestId('study-row').first().waitFor();
    expect(await page.getByTestId('study-row').count()).toBe(1);
  });

  it('shows names and file contents as text: markup in a study name, a CSV cell and a GPR never runs', async () => {
    const { page } = s;
    const payload = '<img src=x onerror="window.__xss=(window.__xss||0)+1">';
    await page.getByTestId('new-study').click();
    await page.getByLabel('Study name').fill(payload);
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByTestId('study-name').filter({ hasText: payload }).waitFor();
    const csv = `patient_id,age,note\r\nP1,61,"${payload.replace(/"/g, '""')}"\r\nP2,70,<script>window.__xss=1</script>\r\n`;
    await page.getByTestId('add-files').setInputFiles({ name: 'cohort <b>x</b>.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    // a cohort table opens the import wizard: keep the guessed reading and mapping, confirm
    await nextWizardStep(page);
    await nextWizardStep(page);
    await page.getByTestId('wizard-confirm').click();
    await page.getByTestId('grid-count').filter({ hasText: '2 patients' }).waitFor();
    expect(await page.locator('[data-testid="cohort-grid"]').textContent()).toContain(payload);
    const gpr = readFileSync('tests/fixtures/gpr/10Mbslide28.gpr', 'latin1').replace('"RP11-20J10"', `"${payload.replace(/"/g, "'")}"`);
    await page.getByTestId('add-files').setInputFiles({ name: `<img src=y onerror=window.__xss=1>.gpr`, mimeType: 'application/octet-stream', buffer: Buffer.from(gpr, 'latin1') });
    await page.getByRole('tab', { name: 'Arrays' }).click();
    await page.getByTestId('array-row').first().waitFor();
    expect(await page.getByTestId('array-table').textContent()).toContain('<img src=y onerror=window.__xss=1>.gpr');
    await page.getByRole('link', { name: 'Studies', exact: true }).click();
    await page.getByTestId('study-row').first().waitFor();
    expect((await rowTexts()).some((t) => t.includes(payload))).toBe(true);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator('img').count()).toBe(0);
  });

  it('"Delete all data" asks first, can be cancelled, and then really deletes', async () => {
    const { page } = s;
    const before = await page.getByTestId('study-row').count();
    expect(before).toBe(2);
    await page.getByTestId('delete-all').click();
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    expect(await page.getByTestId('study-row').count()).toBe(2);
    await page.getByTestId('delete-all').click();
    await page.getByTestId('confirm-delete-all').click();
    await page.getByTestId('no-studies').waitFor();
    await page.reload();
    await page.getByTestId('no-studies').waitFor();
    expect(await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name))).not.toContain('never-created');
  });

  it('made no request outside the page origin and raised no page error', () => {
    expect(s.offOrigin).toEqual([]);
    expect(s.pageErrors).toEqual([]);
  });
});
