/**
 * The import wizard's logic (src/study/cohort-import.ts) on real-shaped files: the demo cohort as a
 * Chinese hospital exports it (Chinese headers, 男/女, semicolons, decimal commas) in UTF-8 and in
 * GB18030, an XLSX workbook with a title row above the header, an episode export, and broken
 * cells — the preview, the guesses, the cohort under the mapping and the validation report's numbers.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import writeXlsxFile from 'write-excel-file/node';
import { chineseDemoCsv, encodeGb18030 } from '../e2e/cohort-files.ts';
import { importCohortFile, previewCohortFile, readCohortFile, type ImportMapping } from '../../src/study/cohort-import.ts';
import { CohortTable } from '../../src/study/cohort-table.ts';
import { buildTable1 } from '../../src/study/paper-tables.ts';
import { formatP } from '../../src/stats/p-format.ts';
import { DEFAULT_EPISODE_SETTINGS } from '../../src/study/episodes.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('the demo cohort exported by a Chinese hospital', () => {
  const zhCsv = chineseDemoCsv();
  it('preview: encoding, delimiter, columns with decimal commas, guesses for the Chinese headers', async () => {
    const p = await previewCohortFile(utf8(zhCsv), 'cohort-zh.csv');
    expect(p.table).toMatchObject({ kind: 'text', encoding: 'utf-8', delimiter: ';', headerLine: 1, rowCount: 204 });
    expect(p.table.head[0].cells.slice(0, 3)).toEqual(['住院号', '年龄', '性别']);
    expect(p.guess.fields).toMatchObject({ patient_id: '住院号', age: '年龄', sex: '性别', hb: '血红蛋白(g/L)', crp: 'C反应蛋白', drug: '药物', date_diagnosis: '诊断日期', flc_ratio: 'flc_ratio' });
    expect(p.guess.shape).toBe('patients');
    const info = Object.fromEntries(p.columnInfo.map((c) => [c.name, c]));
    expect(info.flc_ratio).toMatchObject({ type: 'number', decimalComma: true });
    expect(info.m_protein_prop).toMatchObject({ type: 'number', decimalComma: true });
    expect(info['年龄']).toMatchObject({ type: 'number', missing: 0 });
  });

  it('GB18030 bytes give the same preview (detected), and a wrong override shows garbage, not an error', async () => {
    const gb = encodeGb18030(zhCsv);
    const p = await previewCohortFile(gb, 'cohort-gb.csv');
    expect(p.table.encoding).toBe('gb18030');
    expect(p.guess.fields.age).toBe('年龄');
    const latin = await previewCohortFile(gb, 'cohort-gb.csv', { encoding: 'latin1' });
    expect(latin.table.encoding).toBe('latin1');
    expect(latin.guess.fields.age).toBeNull();
  });

  let mapping: ImportMapping;
  beforeAll(async () => { mapping = (await previewCohortFile(utf8(zhCsv), 'cohort-zh.csv')).guess; });

  it('the validation report: 204 rows and patients, missing cells per field, nothing unreadable, DR groups', async () => {
    const { cohort, report } = await importCohortFile(utf8(zhCsv), 'cohort-zh.csv', {}, mapping, { today: '2024-01-01' });
    expect(report).toMatchObject({ rowsRead: 204, patients: 204, columns: 62, emptyRowsDropped: 0, raggedRows: 0, duplicates: [] });
    expect(report.counts.unreadable ?? 0).toBe(0);
    const f = Object.fromEntries(report.fields.map((x) => [x.key, x]));
    expect(f.iss_stage).toMatchObject({ column: 'iss_stage', missing: 53, present: 151 });
    expect(f.age).toMatchObject({ column: '年龄', missing: 0, unreadable: 0 });
    expect(f.sex.unknownCodes).toBe(0);
    expect(report.userVariables).toEqual([]);
    expect(report.dr!.totals).toEqual({ response: 95, denovo: 88, acquired: 21, unclassified: 0 });
    expect(report.dr!.counts.Bz).toEqual({ response: 73, denovo: 35, acquired: 7, unclassified: 0 });
    expect(cohort).toMatchObject({ shape: 'patients', decimalMark: 'auto', drGroupColumn: null, validation: { rowsRead: 204, patients: 204, unreadable: 0 } });
    // decimal commas read as decimals: the tables come out as from the original file
    const t = buildTable1(new CohortTable(cohort));
    const p = (id: string) => formatP((t.rows.find((r) => r.id === id) as { test: { p: number } }).test.p);
    expect([p('age_group'), p('sex')]).toEqual(['0.015', '0.187']);
    expect(new CohortTable(cohort).numbers('m_protein_prop').find((x) => x !== null)).toBeLessThan(1);
  });

  it('GB18030: the same report', async () => {
    const { report } = await importCohortFile(encodeGb18030(zhCsv), 'cohort-gb.csv', {}, mapping, { today: '2024-01-01' });
    expect(report).toMatchObject({ rowsRead: 204, patients: 204 });
    expect(report.dr!.totals.unclassified).toBe(0);
  });
});

describe('broken and messy cells', () => {
  const csv = [
    'ID,Age,Sex,Hb,Diagnosis date,Regimen start,Progression,Death,Last follow-up,Drug,Response,Prior,Note',
    'P1,61,M,95,2013-01-10,2013-02-01,,,2014-01-01,Bz,PR,0,a',
    'P2,sixty,F,1O2,2013-03-10,2013-02-01,2013-01-15,,2014-01-01,bortezomib,good,0,b',
    'P3,70,X,88,2013-03-10,2013-04-01,,2013-12-01,2014-02-01,Carfilzomib,SD,maybe,c',
    'P1,61,M,95,2013-01-10,2013-02-01,,,2030-01-01,Bz,PR,0,d',
    'P4,150,F,90,2013-03-10,2013-04-31,,,2014-01-01,Thal,CR,1',
  ].join('\n');
  let report: Awaited<ReturnType<typeof importCohortFile>>['report'];
  beforeAll(async () => {
    const p = await previewCohortFile(utf8(csv), 'messy.csv');
    ({ report } = await importCohortFile(utf8(csv), 'messy.csv', {}, { ...p.guess, fields: { ...p.guess.fields, best_response: 'Response', prior_same_drug: 'Prior' } }, { today: '2024-01-01' }));
  });
  const find = (kind: string, line: number) => report.problems.filter((x) => x.kind === kind && x.line === line);

  it('values that could not be read, with line and column', () => {
    expect(find('unreadable', 3).map((x) => [x.column, x.text])).toEqual([['Age', 'sixty'], ['Hb', '1O2'], ['Response', 'good']]);
    expect(find('unreadable', 4).map((x) => [x.column, x.text])).toEqual([['Prior', 'maybe']]);
    expect(find('unreadable', 6).map((x) => [x.column, x.text])).toEqual([['Regimen start', '2013-04-31']]);
    expect(report.counts.unreadable).toBe(5);
    const f = Object.fromEntries(report.fields.map((x) => [x.key, x]));
    expect(f.age).toMatchObject({ present: 5, missing: 0, unreadable: 1 });
  });
  it('unknown codes are kept and listed; a row that ended early was padded (ragged)', () => {
    expect(find('unknown-code', 4).map((x) => [x.column, x.text])).toEqual([['Sex', 'X'], ['Drug', 'Carfilzomib']]);
    expect(find('ragged', 6)).toHaveLength(1);
  });
  it('duplicate patient ids, dates before diagnosis or in the wrong order, dates in the future, ages out of range', () => {
    expect(report.duplicates).toEqual([{ id: 'P1', lines: [2, 5] }]);
    expect(find('before-diagnosis', 3).map((x) => x.column)).toEqual(['Regimen start', 'Progression']);
    expect(find('date-order', 3).map((x) => x.column)).toEqual(['Progression']);
    expect(find('date-order', 4).map((x) => x.column)).toEqual(['Last follow-up']); // follow-up after death
    expect(find('future-date', 5).map((x) => x.text)).toEqual(['2030-01-01']);
    expect(find('out-of-range', 6).map((x) => x.text)).toEqual(['150']);
    expect(report.userVariables).toEqual(['Note']);
  });
  it('a file with an unclosed quote is refused with its line and column', async () => {
    await expect(previewCohortFile(utf8('id,age\nP1,61\nP2,"70\n'), 'broken.csv')).rejects.toThrow(/broken\.csv, line 3, column 2/);
  });
});

describe('XLSX, header line, DR group column, episodes', () => {
  it('reads an XLSX sheet with a title row above the header; rows are sheet rows', async () => {
    const data = [
      [{ value: 'West China cohort 2013–2014' }],
      [{ value: '住院号' }, { value: '年龄' }, { value: '诊断日期' }, { value: '耐药分组' }],
      [{ value: 'P1' }, { value: 61.5, type: Number }, { value: new Date(Date.UTC(2013, 0, 10)), type: Date, format: 'yyyy-mm-dd' }, { value: '原发耐药' }],
      [{ value: 'P2' }, { value: 70, type: Number }, null, { value: '有效' }],
      [{ value: 'P3' }, { value: 'NA' }, null, { value: '??' }],
    ];
    const buf = await writeXlsxFile(data as never, { sheet: '患者' }).toBuffer();
    const bytes = new Uint8Array(buf);
    const p = await previewCohortFile(bytes, 'cohort.xlsx', { headerLine: 2 });
    expect(p.table).toMatchObject({ kind: 'xlsx', sheets: ['患者'], sheet: '患者', headerLine: 2, rowCount: 3, columns: ['住院号', '年龄', '诊断日期', '耐药分组'] });
    expect(p.guess.drGroupColumn).toBe('耐药分组');
    const { cohort, report } = await importCohortFile(bytes, 'cohort.xlsx', { headerLine: 2 }, p.guess, { today: '2024-01-01' });
    expect(cohort.rows[0]).toEqual(['P1', '61.5', '2013-01-10', '原发耐药']);
    expect(cohort.lineOfRow).toEqual([3, 4, 5]);
    expect(report.linesAboveHeader).toBe(1);
    expect(report.dr).toMatchObject({ fromColumn: true, totals: { response: 1, denovo: 1, acquired: 0, unclassified: 1 } });
    expect(report.problems.find((x) => x.kind === 'dr-group')).toMatchObject({ line: 5, column: '耐药分组', text: '??' });
    // without the header line, the title row would be the header
    const wrong = await readCohortFile(bytes, 'cohort.xlsx');
    expect(wrong.columns[0]).toBe('West China cohort 2013–2014');
  });

  it('an episode export: guessed from repeated ids, aggregated to patients, the report counts both', async () => {
    const csv = readFileSync('tests/fixtures/episodes-demo.csv');
    const p = await previewCohortFile(new Uint8Array(csv), 'episodes.csv');
    expect(p.guess.shape).toBe('episodes');
    expect(p.guess.episodes).toMatchObject({ patientId: '住院号', date: '入院日期', regimen: '化疗方案', response: '疗效评估' });
    const { cohort, report } = await importCohortFile(new Uint8Array(csv), 'episodes.csv', {}, p.guess, { today: '2024-01-01' });
    expect(report).toMatchObject({ shape: 'episodes', rowsRead: 9, patients: 3 });
    expect(cohort.episodes).toMatchObject({ episodeRows: 9, course: 'first' });
    expect(cohort.mapping).toMatchObject({ drug: 'ep_drug', best_response: 'ep_best_response', prior_same_drug: 'ep_prior_same_drug' });
    expect(report.fields.find((f) => f.key === 'drug')).toMatchObject({ computed: true, missing: 0 });
    expect(report.dr!.totals).toEqual({ response: 1, denovo: 1, acquired: 1, unclassified: 0 });
  });

  it('one row per patient on an episode file reports the duplicates with their lines', async () => {
    const csv = readFileSync('tests/fixtures/episodes-demo.csv');
    const p = await previewCohortFile(new Uint8Array(csv), 'episodes.csv');
    const { report } = await importCohortFile(new Uint8Array(csv), 'episodes.csv', {}, { ...p.guess, shape: 'patients', episodes: DEFAULT_EPISODE_SETTINGS }, { today: '2024-01-01' });
    expect(report.duplicates.map((d) => d.id)).toEqual(['Z001', 'Z002', 'Z003']);
    expect(report.problems.find((x) => x.kind === 'duplicate-id')!.message).toMatch(/one row per episode/);
  });
});
