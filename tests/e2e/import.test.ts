import { describe, it, expect, beforeAll, afterAll, inject } from 'vitest';
import { readFileSync } from 'node:fs';
import { openSession, nextWizardStep, type Session } from './browser.ts';

/**
 * A new study filled through the UI: a cohort file with a broken row is refused with its line and
 * column while nothing already loaded is lost; a 5 000-row cohort stays virtualised; a real GenePix
 * file from another lab is read.
 */
describe('a new study with the user’s own files', () => {
  const baseUrl = inject('baseUrl');
  let s: Session;

  beforeAll(async () => { s = await openSession(baseUrl); });
  afterAll(async () => { await s?.close(); });

  const file = (name: string, text: string | Buffer, mimeType = 'text/csv') => ({ name, mimeType, buffer: Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8') });

  it('creates a study by name', async () => {
    const { page } = s;
    await page.goto(baseUrl);
    await page.getByTestId('new-study').click();
    await page.getByLabel('Study name').fill('Bortezomib cohort 2023');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByTestId('study-name').filter({ hasText: 'Bortezomib cohort 2023' }).waitFor();
    await expect(page.getByTestId('study-counts').textContent()).resolves.toContain('0 patients · 0 array files');
  });

  it('reads a 5 000-patient cohort and keeps the grid virtualised', async () => {
    const { page } = s;
    const rows = ['patient_id;age;sex;hb'];
    for (let i = 1; i <= 5000; i++) rows.push(`P${i};${40 + (i % 40)};${i % 2 ? 'M' : 'F'};${(90 + (i % 50) / 10).toFixed(1).replace('.', ',')}`);
    await page.getByTestId('add-files').setInputFiles(file('big-cohort.csv', rows.join('\r\n')));
    // a cohort table opens the import wizard: keep the guessed reading and mapping, confirm
    await nextWizardStep(page);
    await nextWizardStep(page);
    await page.getByTestId('wizard-confirm').click();
    await page.getByTestId('grid-count').filter({ hasText: '5,000 patients' }).waitFor();
    const inDom = await page.locator('[data-testid="cohort-grid"] tbody tr:not(.spacer)').count();
    expect(inDom).toBeLessThan(120);
    const scroller = page.locator('.scroller');
    await scroller.focus();
    await page.keyboard.press('End');
    await page.locator('[data-testid="cohort-grid"] tbody tr', { hasText: 'P5000' }).waitFor();
    await s.shot('10-big-cohort-end');
  });

  it('refuses a broken array file with file, line and column, and keeps the cohort', async () => {
    const { page } = s;
    const real = readFileSync('tests/fixtures/gpr/10Mbslide28.gpr', 'latin1').split('\r\n');
    const hi = real.findIndex((l) => l.includes('F532 Median'));
    const cols = real[hi].split('\t');
    const j = cols.findIndex((c) => c.replace(/"/g, '') === 'F532 Median');
    const bad = real[hi + 3].split('\t');
    bad[j] = 'abc';
    real[hi + 3] = bad.join('\t');
    await page.getByTestId('add-files').setInputFiles(file('broken.gpr', Buffer.from(real.join('\r\n'), 'latin1'), 'application/octet-stream'));
    const err = page.getByTestId('import-errors');
    await err.waitFor();
    const text = (await err.textContent()) ?? '';
    expect(text).toContain('broken.gpr');
    expect(text).toContain(`line ${hi + 4}`);
    expect(text).toContain('F532 Median');
    expect(text).toContain('abc');
    await expect(page.getByTestId('study-counts').textContent()).resolves.toContain('5,000 patients · 0 array files');
    await s.shot('11-broken-gpr');
  });

  it('reads a real GenePix file written by another lab (ATF 1, CRLF, Latin-1)', async () => {
    const { page } = s;
    await page.getByTestId('add-files').setInputFiles(file('10Mbslide28.gpr', readFileSync('tests/fixtures/gpr/10Mbslide28.gpr'), 'application/octet-stream'));
    await page.getByTestId('study-counts').filter({ hasText: '5,000 patients · 1 array files' }).waitFor();
    await page.getByRole('tab', { name: 'Arrays' }).click();
    const row = page.getByTestId('array-row').first();
    await row.waitFor();
    const t = (await row.textContent()) ?? '';
    expect(t).toContain('10Mbslide28.gpr');
    expect(t).toContain('1,760');
    expect(t).toContain('635, 532');
    expect(t).toContain('-50: 333');
    expect(t).toContain('-75: 64');
  });

  it('made no request outside the page origin and raised no page error', () => {
    expect(s.offOrigin).toEqual([]);
    expect(s.pageErrors).toEqual([]);
  });
});
