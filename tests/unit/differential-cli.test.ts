/** `mmdr de` and `mmdr normalize --method quantile` (SPEC §6) against limma's numbers. */
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

const ref = JSON.parse(readFileSync('tests/fixtures/microarray.json', 'utf8')) as {
  probes: string[]; arrays: string[]; group: string[]; log2_expression: number[][]; quantile_normalized: number[][];
  limma: { logFC: number[]; t: number[]; p: number[]; adj_p_bh: number[]; B: number[]; s2_prior: number; df_prior: number };
};
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

let dir = '';
let log2Csv = '';
let linCsv = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mmdr-de-'));
  const lines = (f: (v: number) => number) => ['probe,' + ref.arrays.join(',')]
    .concat(ref.probes.map((p, i) => p + ',' + ref.log2_expression.map((c) => String(f(c[i]))).join(','))).join('\n') + '\n';
  log2Csv = join(dir, 'log2.csv');
  linCsv = join(dir, 'linear.csv');
  writeFileSync(log2Csv, lines((v) => v));
  writeFileSync(linCsv, lines((v) => 2 ** v));
});

describe('mmdr de', () => {
  it('--log2-input on the ALL matrix reproduces limma topTable and the prior (1e-6)', async () => {
    const r = await run('de', '--matrix', log2Csv, '--groups', ref.group.join(','), '--log2-input');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const o = JSON.parse(r.out);
    expect(o.probes).toHaveLength(3180);
    expect(Object.keys(o.probes[0])).toEqual(['id', 'logFC', 'aveExpr', 't', 'p', 'adjP', 'B', 'foldChangeLinear']);
    o.probes.forEach((row: { id: string; logFC: number; t: number; p: number; adjP: number; B: number }, i: number) => {
      expect(row.id).toBe(ref.probes[i]);
      for (const [got, want] of [[row.logFC, ref.limma.logFC[i]], [row.t, ref.limma.t[i]], [row.p, ref.limma.p[i]], [row.adjP, ref.limma.adj_p_bh[i]], [row.B, ref.limma.B[i]]]) {
        expect(rel(got, want)).toBeLessThan(1e-6);
      }
    });
    expect(rel(o.prior.s2, ref.limma.s2_prior)).toBeLessThan(1e-6);
    expect(rel(o.prior.df, ref.limma.df_prior)).toBeLessThan(1e-6);
    expect(o.groups).toEqual([{ label: 'B', arrays: 6 }, { label: 'T', arrays: 6 }]);
    expect(o.foldChangeOnly).toBe(false);
  });
  it('linear input (no --log2-input) gives the same statistics, and the linear fold change', async () => {
    const o = JSON.parse((await run('de', '--matrix', linCsv, '--groups', ref.group.join(','))).out);
    expect(rel(o.probes[5].t, ref.limma.t[5])).toBeLessThan(1e-6);
    const lin = ref.log2_expression.map((c) => 2 ** c[5]);
    const ratio = lin.slice(6).reduce((a, b) => a + b) / lin.slice(0, 6).reduce((a, b) => a + b);
    expect(rel(o.probes[5].foldChangeLinear, ratio)).toBeLessThan(1e-9);
  });
  it('--method welch and student: no B and no prior', async () => {
    for (const m of ['welch', 'student']) {
      const o = JSON.parse((await run('de', '--matrix', log2Csv, '--groups', ref.group.join(','), '--log2-input', '--method', m)).out);
      expect(o.method).toBe(m);
      expect(o.prior).toBeUndefined();
      expect(o.probes[0]).not.toHaveProperty('B');
      expect(o.probes[0].p).toBeGreaterThan(0);
    }
  });
  it('a pooled 1-vs-1 design prints fold change only, with the flag and nulls', async () => {
    const f = join(dir, 'pooled.csv');
    writeFileSync(f, 'probe,resp,res\nmiR-a,100,25\nmiR-b,50,60\nmiR-c,NA,30\n');
    const r = await run('de', '--matrix', f, '--groups', 'responsive,resistant');
    expect(r.code).toBe(0);
    const o = JSON.parse(r.out);
    expect(o.foldChangeOnly).toBe(true);
    expect(o.note).toMatch(/fold change only/);
    expect(o.prior).toBeUndefined();
    expect(o.probes[0]).toEqual({ id: 'miR-a', logFC: -2, aveExpr: (Math.log2(100) + Math.log2(25)) / 2, t: null, p: null, adjP: null, foldChangeLinear: 0.25, B: null });
    expect(o.probes[2]).toMatchObject({ id: 'miR-c', logFC: null, foldChangeLinear: null });
    expect([o.up, o.down]).toEqual([0, 1]);
  });
  it('usage errors exit 2; a bad matrix exits 1 naming file, line and column', async () => {
    expect((await run('de', '--matrix', log2Csv, '--groups', 'A,B')).code).toBe(2);
    expect((await run('de', '--matrix', log2Csv, '--groups', ref.group.map(() => 'A').join(','))).code).toBe(2);
    expect((await run('de', '--matrix', log2Csv, '--groups', ref.group.join(','), '--method', 'limma')).code).toBe(2);
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'probe,a,b\np1,1,2\np2,x,3\n');
    const r = await run('de', '--matrix', bad, '--groups', 'A,B');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/bad\.csv, line 3, column "a": "x" is not a number/);
  });
});

describe('mmdr normalize --method quantile', () => {
  it('reproduces limma normalizeBetweenArrays(method = "quantile") on the log2 matrix', async () => {
    const r = await run('normalize', '--matrix', log2Csv, '--method', 'quantile');
    expect(r.err).toBe('');
    const o = JSON.parse(r.out);
    expect(o.arrays).toEqual(ref.arrays);
    expect(o.factors).toBeUndefined();
    for (let j = 0; j < 12; j++) for (let i = 0; i < 3180; i += 3) expect(rel(o.values[j][i], ref.quantile_normalized[j][i])).toBeLessThan(1e-6);
  });
});
