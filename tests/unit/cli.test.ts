import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { main } from '../../src/cli/main.ts';

/** Runs the CLI in-process and captures what it prints. */
async function run(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (s) => { out += s; }, err: (s) => { err += s; } });
  return { code, out, err };
}

const ref = JSON.parse(readFileSync('tests/fixtures/microarray.json', 'utf8')) as {
  probes: string[]; arrays: string[]; log2_expression: number[][];
  median_norm: { n_selected: number; factors: number[]; normalized: number[][] };
  scale_normalized: number[][];
};
const relErr = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describe('mmdr CLI', () => {
  let dir: string;
  beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'mmdr-cli-')); });

  it('--help lists the commands; --version prints the package version', async () => {
    const h = await run('--help');
    expect(h.code).toBe(0);
    expect(h.out).toMatch(/arrays\s+GenePix GPR/);
    expect(h.out).toMatch(/normalize\s+normalize/);
    const v = await run('--version');
    expect(v.out.trim()).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
  });

  it('runs as a real process through bin/mmdr.mjs (what npx mmdr and npm run mmdr call)', () => {
    const out = execFileSync(process.execPath, ['bin/mmdr.mjs', '--version'], { encoding: 'utf8' });
    expect(out.trim()).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
  });

  it('normalize --method median reproduces R on the limma ALL reference (1434 probes, factors, values)', async () => {
    const lines = ['probe,' + ref.arrays.join(',')];
    for (let i = 0; i < ref.probes.length; i++) lines.push(ref.probes[i] + ',' + ref.log2_expression.map((c) => String(2 ** c[i])).join(','));
    const f = join(dir, 'lin.csv');
    writeFileSync(f, lines.join('\n') + '\n');
    const r = await run('normalize', '--matrix', f, '--method', 'median');
    expect(r.err).toBe('');
    const o = JSON.parse(r.out);
    expect(o.selected).toBe(ref.median_norm.n_selected);
    expect(o.arrays).toEqual(ref.arrays);
    o.factors.forEach((x: number, j: number) => expect(relErr(x, ref.median_norm.factors[j])).toBeLessThan(1e-6));
    for (let j = 0; j < 12; j++) for (let i = 0; i < ref.probes.length; i += 7) {
      expect(relErr(o.values[j][i], ref.median_norm.normalized[j][i])).toBeLessThan(1e-6);
    }
  });

  it('normalize --method scale reproduces limma normalizeBetweenArrays(method="scale")', async () => {
    const lines = ['probe\t' + ref.arrays.join('\t')];
    for (let i = 0; i < ref.probes.length; i++) lines.push(ref.probes[i] + '\t' + ref.log2_expression.map((c) => String(c[i])).join('\t'));
    const f = join(dir, 'log.tsv');
    writeFileSync(f, lines.join('\n') + '\n');
    const o = JSON.parse((await run('normalize', '--matrix', f, '--method', 'scale')).out);
    for (let j = 0; j < 12; j++) for (let i = 0; i < ref.probes.length; i += 5) {
      expect(relErr(o.values[j][i], ref.scale_normalized[j][i])).toBeLessThan(1e-6);
    }
  });

  it('arrays reads a real GenePix file: background-subtracted 532 nm values, replicates averaged', async () => {
    const r = await run('arrays', '--gpr', 'tests/fixtures/gpr/10Mbslide28.gpr', '--channel', '532', '--average-replicates');
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split('\n');
    expect(lines[0]).toBe('probe,10Mbslide28');
    // independent check of one probe: mean over its spots of F532 Median − B532 Median
    const text = readFileSync('tests/fixtures/gpr/10Mbslide28.gpr', 'latin1').split(/\r?\n/);
    const hi = text.findIndex((l) => /^"?Block"?\t/.test(l));
    const cols = text[hi].split('\t').map((c) => c.replace(/"/g, ''));
    const [iName, iF, iB] = ['Name', 'F532 Median', 'B532 Median'].map((c) => cols.indexOf(c));
    const spots = text.slice(hi + 1).filter(Boolean).map((l) => l.split('\t').map((c) => c.replace(/"/g, '')));
    const name = spots[0][iName];
    const vals = spots.filter((s) => s[iName] === name).map((s) => Number(s[iF]) - Number(s[iB]));
    const expected = vals.reduce((a, b) => a + b, 0) / vals.length;
    const row = lines.find((l) => l.startsWith(name + ','))!;
    expect(Number(row.split(',')[1])).toBeCloseTo(expected, 9);
  });

  it('bad input: exit status 1 and one line naming file, line and column', async () => {
    const f = join(dir, 'bad.csv');
    writeFileSync(f, 'probe,a,b\np1,1,2\np2,3,abc\n');
    const r = await run('normalize', '--matrix', f, '--method', 'scale');
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toContain('bad.csv');
    expect(r.err).toMatch(/line 3/);
    expect(r.err).toMatch(/column/);
  });

  it('bad usage: exit status 2 with the reason', async () => {
    expect((await run('nosuch')).code).toBe(2);
    const r = await run('normalize', '--method', 'median');
    expect(r.code).toBe(2);
    expect(r.err).toContain('--matrix is required');
    expect((await run('normalize', '--matrix', 'x', '--method', 'loess')).err).toContain('--method must be one of');
  });
});
