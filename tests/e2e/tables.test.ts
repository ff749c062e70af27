import { describe, it, expect, beforeAll, afterAll, inject } from 'vitest';
import { readFileSync } from 'node:fs';
import writeXlsxFile from 'write-excel-file/node';
import type { Page } from 'playwright-core';
import { openSession, nextWizardStep, type Session } from './browser.ts';
import { chineseDemoCsv, encodeGb18030 } from './cohort-files.ts';
import { readDelimited } from '../../src/formats/delimited.ts';
import { CohortTable } from '../../src/study/cohort-table.ts';
import { PAPER_RISK_CONTRAST, PAPER_RISK_PREDICTORS, buildRiskFactorTable } from '../../src/study/paper-tables.ts';
import { formatOddsRatio, formatP } from '../../src/stats/p-format.ts';

/**
 * Issue 3 end to end: a new study gets the demo cohort as a Chinese hospital exports it (Chinese
 * headers, 男/女, semicolons, decimal commas) through the import wizard — preview, the guessed
 * mapping, the validation report — then the same file in GB18030; a broken file is refused with
 * its line and column and the study keeps its cohort. On the demo study: Table 1 (age p = 0.015,
 * sex p = 0.187), Table 2 (treatment condition p = 0.007), risk factors equal to the same call in
 * Node, the automatic policy changing a footnote, XLSX and CSV exports — no request leaves the
 * origin, no page error.
 */
describe('the import wizard and the Tables view', () => {
  const baseUrl = inject('baseUrl');
  let s: Session;

  beforeAll(async () => { s = await openSession(baseUrl); });
  afterAll(async () => { await s?.close(); });

  const file = (name: string, bytes: Uint8Array | string, mimeType = 'text/csv') => ({ name, mimeType, buffer: Buffer.from(typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes) });
  const pValue = (page: Page, row: string) => page.locator(`[data-testid="paper-table"] [data-testid="p"][data-row="${row}"]`).first();
  const dismissToast = async (page: Page) => {
    const b = page.getByRole('button', { name: 'Dismiss' });
    if (await b.count()) await b.first().click();
  };
  const waitTable = async (page: Page, table: string) => {
    await page.locator(`[data-testid="table-body"][data-table="${table}"]:not(.stale)`).waitFor({ timeout: 30_000 });
  };

  it('creates a study and adds the Chinese export through the wizard: preview, guessed mapping, report', async () => {
    const { page } = s;
    await page.goto(baseUrl);
    await page.getByTestId('new-study').click();
    await page.getByLabel('Study name').fill('West China 2013–2014');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByTestId('study-name').filter({ hasText: 'West China 2013–2014' }).waitFor();
    await page.getByTestId('add-files').setInputFiles(file('队列-2014.csv', chineseDemoCsv()));
    // step 1: how the file is read
    await page.getByTestId('import-wizard').waitFor();
    const detected = page.getByTestId('import-detected');
    await detected.waitFor();
    expect(await detected.textContent()).toMatch(/UTF-8, Semicolon \( ; \): 204 data rows, 62 columns/);
    expect(await page.getByTestId('import-decimal-note').textContent()).toMatch(/columns are written with decimal commas/);
    expect(await page.locator('[data-testid="import-preview"] tr.header td').first().textContent()).toBe('住院号');
    await s.shot('tables-01-import-preview');
    // step 2: the guesses for the Chinese headers
    await nextWizardStep(page);
    await page.getByTestId('wizard-step-2').waitFor();
    expect(await page.getByTestId('map-age').inputValue()).toBe('年龄');
    expect(await page.getByTestId('map-sex').inputValue()).toBe('性别');
    expect(await page.getByTestId('map-hb').inputValue()).toBe('血红蛋白(g/L)');
    expect(await page.getByTestId('map-patient_id').inputValue()).toBe('住院号');
    expect(await page.getByTestId('shape-patients').isChecked()).toBe(true);
    expect(await page.getByTestId('mapping-summary').textContent()).toContain('62 of 62 study fields found');
    await s.shot('tables-02-import-mapping');
    // step 3: the validation report
    await nextWizardStep(page);
    await page.getByTestId('import-report').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('report-rows').textContent()).toBe('204');
    expect(await page.getByTestId('report-patients').textContent()).toBe('204');
    expect(await page.getByTestId('report-unreadable').textContent()).toBe('0');
    expect(await page.getByTestId('report-dr-response').textContent()).toBe('95');
    expect(await page.getByTestId('report-dr-denovo').textContent()).toBe('88');
    expect(await page.getByTestId('report-dr-acquired').textContent()).toBe('21');
    expect(await page.locator('[data-testid="report-fields-table"] tr[data-field="iss_stage"] [data-testid="missing"]').textContent()).toBe('53');
    await s.shot('tables-03-import-report');
    await page.getByTestId('wizard-confirm').click();
    await page.getByTestId('import-wizard').waitFor({ state: 'detached' });
    await page.getByTestId('grid-count').filter({ hasText: '204 patients' }).waitFor();
    await expect(page.getByTestId('study-counts').textContent()).resolves.toContain('204 patients');
    expect(await page.getByTestId('toast').textContent()).toContain('Imported 204 patients from 队列-2014.csv');
    await dismissToast(page);
    // the Cohort tab: DR summary and the DR group as a computed column
    await page.getByTestId('dr-counts').waitFor();
    expect(await page.getByTestId('dr-total-denovo').textContent()).toBe('88');
    expect(await page.locator('[data-testid="dr-counts"] tr[data-drug="Bz"] td[data-group="response"]').textContent()).toBe('73');
    expect(await page.getByTestId('computed-column').textContent()).toContain('DR group');
    await s.shot('tables-04-cohort-dr-summary');
  });

  it('reads the same export in GB18030 (detected) and replaces the cohort', async () => {
    const { page } = s;
    await page.getByTestId('add-files').setInputFiles(file('队列-gbk.csv', encodeGb18030(chineseDemoCsv())));
    await page.getByTestId('import-wizard').waitFor();
    await page.getByTestId('import-detected').filter({ hasText: 'GB18030' }).waitFor();
    expect(await page.getByTestId('import-encoding').inputValue()).toBe('auto');
    await nextWizardStep(page);
    expect(await page.getByTestId('map-age').inputValue()).toBe('年龄');
    await nextWizardStep(page);
    await page.getByTestId('import-report').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('report-patients').textContent()).toBe('204');
    expect(await page.getByTestId('report-unreadable').textContent()).toBe('0');
    await page.getByTestId('wizard-confirm').click();
    await page.getByTestId('import-wizard').waitFor({ state: 'detached' });
    await page.getByTestId('import-info').filter({ hasText: '队列-gbk.csv' }).waitFor();
    await dismissToast(page);
  });

  it('a broken file shows file, line and column; Cancel keeps the cohort', async () => {
    const { page } = s;
    const lines = chineseDemoCsv().split('\r\n');
    lines[7] = lines[7].replace(/;/, ';"');
    await page.getByTestId('add-files').setInputFiles(file('broken.csv', lines.join('\r\n')));
    await page.getByTestId('import-wizard').waitFor();
    const err = page.getByTestId('import-error');
    await err.waitFor();
    const text = (await err.textContent()) ?? '';
    expect(text).toContain('broken.csv');
    expect(text).toMatch(/line 8, column 2/);
    expect(text).toContain('Nothing has been changed in the study');
    expect(await page.getByTestId('wizard-next').isDisabled()).toBe(true);
    await s.shot('tables-05-import-broken');
    await page.getByTestId('wizard-cancel').click();
    await page.getByTestId('import-wizard').waitFor({ state: 'detached' });
    await expect(page.getByTestId('study-counts').textContent()).resolves.toContain('204 patients');
    await page.getByTestId('import-info').filter({ hasText: '队列-gbk.csv' }).waitFor();
  });

  it('a cell that cannot be read is listed with its line and column in the report', async () => {
    const { page } = s;
    const lines = chineseDemoCsv().split('\r\n');
    const cells = lines[12].split(';');
    cells[1] = 'sixty';
    lines[12] = cells.join(';');
    await page.getByTestId('add-files').setInputFiles(file('typo.csv', lines.join('\r\n')));
    await nextWizardStep(page);
    await nextWizardStep(page);
    await page.getByTestId('import-report').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('report-unreadable').textContent()).toBe('1');
    const found = await page.locator('[data-testid="report-problems"] tr[data-kind="unreadable"]').first().locator('td').allTextContents();
    expect(found.map((c) => c.trim())).toEqual(['13', '年龄', 'sixty', '"sixty" is not a number']);
    await page.getByTestId('wizard-cancel').click();
    await page.getByTestId('import-info').filter({ hasText: '队列-gbk.csv' }).waitFor();
  });

  it('"Change how the file is read…" opens the stored file in the wizard with the saved settings', async () => {
    const { page } = s;
    await page.getByTestId('change-import').click();
    await page.getByTestId('import-wizard').waitFor();
    await page.getByTestId('import-detected').filter({ hasText: 'GB18030' }).waitFor();
    expect(await page.getByTestId('import-wizard').textContent()).toContain('队列-gbk.csv');
    await nextWizardStep(page);
    expect(await page.getByTestId('map-age').inputValue()).toBe('年龄');
    await page.getByTestId('wizard-cancel').click();
    await page.getByTestId('import-wizard').waitFor({ state: 'detached' });
  });

  it('reads an Excel workbook: sheet, a title row above the header, an existing DR group column', async () => {
    const { page } = s;
    const data = [
      [{ value: '西部医院 多发性骨髓瘤 2013–2014' }],
      [{ value: '住院号' }, { value: '年龄' }, { value: '性别' }, { value: '药物' }, { value: '耐药分组' }],
      [{ value: 'X1' }, { value: 61.5, type: Number }, { value: '男' }, { value: '硼替佐米' }, { value: '原发耐药' }],
      [{ value: 'X2' }, { value: 70, type: Number }, { value: '女' }, { value: '沙利度胺' }, { value: '有效' }],
      [{ value: 'X3' }, { value: 55, type: Number }, { value: '女' }, { value: 'Bz' }, { value: '继发耐药' }],
    ];
    const xlsx = new Uint8Array(await writeXlsxFile(data as never, { sheet: '患者' }).toBuffer());
    await page.getByTestId('add-files').setInputFiles(file('队列.xlsx', xlsx, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'));
    await page.getByTestId('import-wizard').waitFor();
    await page.getByTestId('import-detected').filter({ hasText: 'Excel workbook, sheet "患者"' }).waitFor();
    await page.getByTestId('import-header-line').fill('2');
    await page.getByTestId('import-header-line').dispatchEvent('change');
    await page.getByTestId('import-detected').filter({ hasText: '3 data rows, 5 columns' }).waitFor();
    expect(await page.getByTestId('import-detected').textContent()).toContain('Lines skipped above the column names: 1.');
    await nextWizardStep(page);
    expect(await page.getByTestId('dr-column').isChecked()).toBe(true);
    expect(await page.getByTestId('dr-column-select').inputValue()).toBe('耐药分组');
    await nextWizardStep(page);
    await page.getByTestId('import-report').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('report-patients').textContent()).toBe('3');
    expect(await page.getByTestId('report-dr-denovo').textContent()).toBe('1');
    expect(await page.getByTestId('report-dr-acquired').textContent()).toBe('1');
    await page.getByTestId('wizard-confirm').click();
    await page.getByTestId('grid-count').filter({ hasText: '3 patients' }).waitFor();
    await page.getByTestId('dr-counts').waitFor();
    expect(await page.getByTestId('dr-summary').textContent()).toContain('read from the column "耐药分组"');
    await dismissToast(page);
    await s.shot('tables-05c-xlsx-dr-column');
  });

  it('the DR window is a setting: 30 days moves patients out of de novo DR, as in Node; back to 60', async () => {
    const { page } = s;
    await page.getByRole('link', { name: 'Studies', exact: true }).click();
    await page.getByTestId('open-demo').click();
    await page.getByTestId('grid-count').filter({ hasText: '204 patients' }).waitFor({ timeout: 30_000 });
    await page.getByTestId('dr-total-denovo').filter({ hasText: '88' }).waitFor();
    const t = CohortTable.fromDelimited(readDelimited(new Uint8Array(readFileSync('public/demo/cohort.csv')), 'cohort.csv'));
    const want = t.classify({ windowDays: 30 }).totals;
    await page.getByTestId('dr-window').fill('30');
    await page.getByTestId('dr-window').dispatchEvent('change');
    await page.getByTestId('dr-total-denovo').filter({ hasText: new RegExp(`^${want.denovo}$`) }).waitFor();
    expect(await page.getByTestId('dr-total-response').textContent()).toBe(String(want.response));
    expect(await page.getByTestId('dr-total-unclassified').textContent()).toBe(String(want.unclassified));
    if (want.unclassified > 0) expect(await page.getByTestId('dr-unclassified').count()).toBe(1);
    await s.shot('tables-05b-dr-window-30');
    await page.getByTestId('dr-window').fill('60');
    await page.getByTestId('dr-window').dispatchEvent('change');
    await page.getByTestId('dr-total-denovo').filter({ hasText: /^88$/ }).waitFor();
  });

  it('Table 1 on the demo study: age p = 0.015, sex p = 0.187', async () => {
    const { page } = s;
    await page.getByRole('tab', { name: 'Tables' }).click();
    await page.getByTestId('table-tab-table1').click();
    await waitTable(page, 'table1');
    expect(await pValue(page, 'age_group').textContent()).toBe('0.015a');
    expect(await pValue(page, 'sex').textContent()).toBe('0.187a');
    expect(await pValue(page, 'line').textContent()).toMatch(/^<0\.001/);
    expect(await page.getByTestId('footnotes').textContent()).toContain('Pearson χ²');
    expect(await page.getByTestId('policy-bar').textContent()).toContain('SPSS (as in the paper)');
    expect(await pValue(page, 'os').getAttribute('data-value')).not.toBeNull();
    await s.shot('tables-06-table1');
  });

  it('switching the policy to automatic changes the test behind ISS stage, and the footnote says so', async () => {
    const { page } = s;
    const iss = pValue(page, 'iss_stage');
    expect(await iss.getAttribute('title')).toBe('Pearson χ²');
    await page.getByTestId('policy-automatic').check();
    await page.locator('[data-testid="paper-table"] [data-testid="p"][data-row="iss_stage"][title="Fisher exact"]').waitFor();
    await waitTable(page, 'table1');
    expect(await iss.textContent()).toMatch(/^0\.178/);
    const marks = (await iss.locator('sup').textContent())!.split(',');
    const notes = page.locator('[data-testid="footnotes"] li');
    const texts = await notes.allTextContents();
    expect(texts.some((t) => marks.some((m) => t === `${m}Fisher exact`))).toBe(true);
    await s.shot('tables-07-table1-automatic');
    await page.getByTestId('policy-spss').check();
    await page.locator('[data-testid="paper-table"] [data-testid="p"][data-row="iss_stage"][title="Pearson χ²"]').waitFor();
  });

  it('exports Table 1 as XLSX and CSV', async () => {
    const { page } = s;
    await waitTable(page, 'table1');
    const menu = page.locator('[data-testid="tables-card"] mmdr-export-menu');
    const [xlsx] = await Promise.all([page.waitForEvent('download'), menu.getByTestId('export-xlsx').click()]);
    expect(xlsx.suggestedFilename()).toMatch(/^Table 1\. Baseline characteristics.*\.xlsx$/);
    const bytes = readFileSync(await xlsx.path());
    expect([...bytes.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
    const [csv] = await Promise.all([page.waitForEvent('download'), menu.getByTestId('export-csv').click()]);
    const text = readFileSync(await csv.path(), 'utf8');
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('\uFEFFCharacteristic,All (n = 204),Bortezomib (n = 115),Thalidomide (n = 67),Lenalidomide (n = 22),p');
    expect(lines).toContain('Sex,,,,,0.187 a');
    expect(lines.find((l) => l.includes('< 65'))).toBe('"  < 65",143 (70.1%),90 (78.3%),40 (59.7%),13 (59.1%),');
  });

  it('Table 2 (bortezomib): treatment condition p = 0.007', async () => {
    const { page } = s;
    await page.getByTestId('table-tab-drug').click();
    await page.getByTestId('tables-drug').selectOption('Bz');
    await waitTable(page, 'drug');
    expect(await page.getByTestId('table-title').textContent()).toContain('Table 2.');
    expect(await pValue(page, 'line').textContent()).toMatch(/^0\.007/);
    await s.shot('tables-08-table2-bz');
  });

  it('risk factors: the ORs and p-values Node computes for the same call', async () => {
    const { page } = s;
    const t = readDelimited(new Uint8Array(readFileSync('public/demo/cohort.csv')), 'cohort.csv');
    const want = buildRiskFactorTable(CohortTable.fromDelimited(t), PAPER_RISK_CONTRAST, PAPER_RISK_PREDICTORS);
    await page.getByTestId('table-tab-risk').click();
    await waitTable(page, 'risk');
    for (const r of want.rows) {
      const row = page.locator(`[data-testid="paper-table"] tr[data-row="${r.id}"]`);
      expect(await row.locator('td[data-col="or"]').textContent()).toBe(formatOddsRatio(r.oddsRatio));
      expect(await row.locator('[data-testid="p"]').textContent()).toMatch(new RegExp(`^${formatP(r.test.p).replace('.', '\\.')}`));
    }
    expect(formatOddsRatio(want.rows[0].oddsRatio)).toBe('34.286 (3.476–338.160)');
    expect(await page.getByTestId('footnotes').textContent()).toContain('Fisher exact');
    await s.shot('tables-09-risk-factors');
  });

  it('the logistic regression shows the separation warning; the builder makes Supplementary Table S1', async () => {
    const { page } = s;
    await page.getByTestId('table-tab-logistic').click();
    await waitTable(page, 'logistic');
    await page.locator('[data-testid="logistic-predictors"] input[data-predictor="crp_high"]').check();
    await page.getByTestId('table-notes').filter({ hasText: 'separation' }).waitFor();
    expect(await page.locator('[data-testid="paper-table"] tr[data-row="crp_high"] td[data-col="or"]').textContent()).toBe('not estimable');
    await s.shot('tables-10-logistic-separation');
    await page.getByTestId('table-tab-builder').click();
    await page.getByTestId('preset-s1').click();
    await waitTable(page, 'builder');
    expect(await page.getByTestId('table-title').textContent()).toBe('By 1q21 gain, patients with DR group: De novo DR');
    expect(await page.locator('[data-testid="paper-table"] thead th[data-col="1"]').textContent()).toContain('(n = 15)');
    expect(await pValue(page, 'field:cholesterol').getAttribute('title')).toBe('Student t');
    await pValue(page, 'os').waitFor();
    await s.shot('tables-11-builder-s1');
  });

  it('made no request outside the page origin and raised no page error', () => {
    expect(s.offOrigin).toEqual([]);
    expect(s.pageErrors).toEqual([]);
  });
});
