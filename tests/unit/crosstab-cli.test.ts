/**
 * `mmdr crosstab` and `mmdr compare` in-process (SPEC §6 field names), on the real GSE24080
 * clinical TSV, a GB18030 Chinese copy with decimal commas, and broken files (exit 1, one line
 * naming file, line and column).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';

async function run(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (s) => { out += s; }, err: (s) => { err += s; } });
  return { code, out, err };
}
const GSE = 'tests/fixtures/GSE24080_MM_UAMS565_ClinInfo_27Jun2008_LS_clean.tsv';
const ZH = 'tests/fixtures/GSE24080_clinical_zh_gb18030.tsv';
const ref = JSON.parse(readFileSync('tests/fixtures/cohort-reference.json', 'utf8')) as {
  crosstab: { name: string; counts: number[][]; row_levels?: string[]; col_levels?: string[]; pearson_chisq: number; pearson_df: number; pearson_p: number;
    expected_below5: number; fisher_p: number; yates_p: number; odds_ratio: { estimate: number; lower: number; upper: number } }[];
  compare: { name: string; summary: Record<string, number[]>; group_levels: string[]; student_t: { t: number; df: number; p: number }; welch_t: { t: number; df: number; p: number };
    mann_whitney: { w: number; p: number }; anova: { f: number; df1: number; df2: number; p: number }; welch_anova: { f: number; df1: number; df2: number; p: number };
    kruskal: { h: number; df: number; p: number } }[];
};
const rel = (a: number, b: number): number => (a === b ? 0 : Math.abs(a - b) / Math.abs(b));
const sexOs = ref.crosstab.find((c) => c.name.startsWith('GSE24080'))!;
const ageSex = ref.compare.find((c) => c.name === 'GSE24080 age by sex')!;

function checkCrosstab(o: Record<string, any>): void {
  expect(Object.keys(o)).toEqual(['rowLevels', 'colLevels', 'counts', 'n', 'missing', 'pearson', 'fisher', 'yates', 'oddsRatio']);
  expect(o.counts).toEqual(sexOs.counts);
  expect(rel(o.pearson.chisq, sexOs.pearson_chisq)).toBeLessThan(1e-6);
  expect(o.pearson.df).toBe(sexOs.pearson_df);
  expect(rel(o.pearson.p, sexOs.pearson_p)).toBeLessThan(1e-6);
  expect(o.pearson.cellsExpectedBelow5).toBe(sexOs.expected_below5);
  expect(rel(o.fisher.p, sexOs.fisher_p)).toBeLessThan(1e-6);
  expect(rel(o.yates.p, sexOs.yates_p)).toBeLessThan(1e-6);
  for (const k of ['estimate', 'lower', 'upper'] as const) expect(rel(o.oddsRatio[k], sexOs.odds_ratio[k])).toBeLessThan(1e-6);
}

function checkCompare(o: Record<string, any>, names: string[]): void {
  expect(Object.keys(o)).toEqual(['groups', 'studentT', 'welchT', 'mannWhitney', 'anova', 'welchAnova', 'kruskal']);
  expect(o.groups.map((g: { name: string }) => g.name)).toEqual(names);
  o.groups.forEach((g: Record<string, number>, i: number) => {
    expect(Object.keys(g)).toEqual(['name', 'n', 'mean', 'sd', 'median', 'min', 'max', 'missing']);
    expect(g.n).toBe(ageSex.summary.n[i]);
    for (const k of ['mean', 'sd', 'median', 'min', 'max']) expect(rel(g[k], ageSex.summary[k][i]), k).toBeLessThan(1e-6);
  });
  for (const [got, want] of [[o.studentT, ageSex.student_t], [o.welchT, ageSex.welch_t]]) for (const k of ['t', 'df', 'p']) expect(rel(got[k], want[k])).toBeLessThan(1e-6);
  expect(o.mannWhitney.w).toBe(ageSex.mann_whitney.w);
  expect(rel(o.mannWhitney.p, ageSex.mann_whitney.p)).toBeLessThan(1e-6);
  for (const [got, want] of [[o.anova, ageSex.anova], [o.welchAnova, ageSex.welch_anova]]) for (const k of ['f', 'df1', 'df2', 'p']) expect(rel(got[k], want[k])).toBeLessThan(1e-6);
  for (const k of ['h', 'df', 'p'] as const) expect(rel(o.kruskal[k], ageSex.kruskal[k])).toBeLessThan(1e-6);
}

describe('mmdr crosstab / compare on the real GSE24080 clinical file', () => {
  it('are listed in --help', async () => {
    const h = await run('--help');
    expect(h.out).toMatch(/crosstab\s+two-way table/);
    expect(h.out).toMatch(/compare\s+a number by group/);
    expect((await run('crosstab', '--help')).out).toMatch(/--row-levels/);
  });
  it('crosstab sex by os_censor equals R (table, chisq.test, fisher.test, Yates, Woolf OR)', async () => {
    const r = await run('crosstab', '--csv', GSE, '--row', 'sex', '--col', 'os_censor');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const o = JSON.parse(r.out);
    expect([o.rowLevels, o.colLevels]).toEqual([sexOs.row_levels, sexOs.col_levels]);
    expect([o.n, o.missing]).toEqual([565, 0]);
    checkCrosstab(o);
  });
  it('--row-levels / --col-levels reorder the table (cell a = first levels), --haldane leaves a table without zeros alone', async () => {
    const o = JSON.parse((await run('crosstab', '--csv', GSE, '--row', 'sex', '--col', 'os_censor', '--row-levels', 'male,female', '--col-levels=1,0', '--haldane')).out);
    expect(o.rowLevels).toEqual(['male', 'female']);
    expect(o.counts).toEqual([[102, 237], [73, 153]]);
    expect(rel(o.oddsRatio.estimate, sexOs.odds_ratio.estimate)).toBeLessThan(1e-9); // (102·153)/(237·73) = the same OR
    expect(o.oddsRatio.haldane).toBe(false);
  });
  it('compare age by sex equals R (summaries, t, Welch, Mann–Whitney W, ANOVA, Welch ANOVA, Kruskal–Wallis)', async () => {
    const r = await run('compare', '--csv', GSE, '--value', 'age', '--group', 'sex');
    expect(r.err).toBe('');
    checkCompare(JSON.parse(r.out), ['female', 'male']);
  });
  it('a 3-group compare has no t or Mann–Whitney fields', async () => {
    const o = JSON.parse((await run('compare', '--csv', GSE, '--value', 'age', '--group', 'isotype')).out);
    expect(Object.keys(o)).toEqual(['groups', 'anova', 'welchAnova', 'kruskal']);
    expect(o.groups.length).toBeGreaterThan(2);
  });
});

describe('the GB18030 Chinese copy (Chinese headers and codes, decimal commas, CRLF)', () => {
  it('crosstab 性别 by OS事件 gives the same table, levels 女 < 男', async () => {
    const r = await run('crosstab', '--csv', ZH, '--row', '性别', '--col', 'OS事件');
    expect(r.err).toBe('');
    const o = JSON.parse(r.out);
    expect(o.rowLevels).toEqual(['女', '男']);
    checkCrosstab(o);
  });
  it('compare 年龄 (decimal commas) by 性别 gives the same numbers', async () => {
    const r = await run('compare', '--csv', ZH, '--value', '年龄', '--group', '性别');
    expect(r.err).toBe('');
    checkCompare(JSON.parse(r.out), ['女', '男']);
  });
});

describe('bad input: exit 1, one line naming file, line and column', () => {
  let dir = '';
  const lines = readFileSync(GSE, 'utf8').trimEnd().split('\n');
  beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'mmdr-crosstab-')); });
  const write = (name: string, text: string): string => { const f = join(dir, name); writeFileSync(f, text); return f; };

  it('a row cut short (fields missing) is refused with its line and first missing column', async () => {
    const broken = [...lines];
    broken[7] = broken[7].split('\t').slice(0, 5).join('\t');
    const f = write('short.tsv', broken.join('\n') + '\n');
    for (const argv of [['crosstab', '--csv', f, '--row', 'sex', '--col', 'os_censor'], ['compare', '--csv', f, '--value', 'age', '--group', 'sex']]) {
      const r = await run(...argv);
      expect(r.code).toBe(1);
      expect(r.out).toBe('');
      expect(r.err).toBe(`${f}, line 8, column 6: this row has 5 fields but the header has 9\n`);
    }
  });
  it('a value that is not a number names its line and column', async () => {
    const broken = [...lines];
    const cells = broken[12].split('\t');
    cells[1] = 'sixty';
    broken[12] = cells.join('\t');
    const f = write('word.tsv', broken.join('\n') + '\n');
    const r = await run('compare', '--csv', f, '--value', 'age', '--group', 'sex');
    expect(r.code).toBe(1);
    expect(r.err).toBe(`${f}, line 13, column "age": "sixty" is not a number\n`);
  });
  it('an unclosed quote names its line and column', async () => {
    const f = write('quote.csv', 'sex,os_censor\nmale,1\n"female,0\nmale,0\n');
    const r = await run('crosstab', '--csv', f, '--row', 'sex', '--col', 'os_censor');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`^${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, line 3, column 1: `));
  });
  it('an unknown column lists the columns; a missing file is named; a usage mistake exits 2', async () => {
    const r = await run('crosstab', '--csv', GSE, '--row', 'gender', '--col', 'os_censor');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/, line 1, column "gender": no such column \(the columns are: cel_filename, age, sex/);
    const m = await run('compare', '--csv', join(dir, 'nope.csv'), '--value', 'a', '--group', 'b');
    expect(m.code).toBe(1);
    expect(m.err).toMatch(/nope\.csv: no such file/);
    expect((await run('crosstab', '--csv', GSE, '--row', 'sex')).code).toBe(2);
  });
  it('missing cells are left out of a crosstab and counted; a group of missing values counts in "missing"', async () => {
    const f = write('gaps.csv', 'g,x,y\na,1,NA\na,2,u\nb,,v\nb,4,u\n,5,v\nb,6,v\n');
    const c = JSON.parse((await run('crosstab', '--csv', f, '--row', 'g', '--col', 'y')).out);
    expect([c.n, c.missing]).toEqual([4, 2]);
    const o = JSON.parse((await run('compare', '--csv', f, '--value', 'x', '--group', 'g')).out);
    expect(o.groups.map((g: { name: string; n: number; missing: number }) => [g.name, g.n, g.missing])).toEqual([['a', 2, 0], ['b', 2, 1]]);
  });
});
