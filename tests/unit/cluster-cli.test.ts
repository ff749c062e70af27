import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.ts';
import { distanceMatrixRef, linkageRef } from '../../src/stats/cluster-reference.ts';
import { toHclust } from '../../src/stats/cluster.ts';

/** Runs the CLI in-process and captures what it prints. */
async function run(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (s) => { out += s; }, err: (s) => { err += s; } });
  return { code, out, err };
}

const ref = JSON.parse(readFileSync('tests/fixtures/hclust.json', 'utf8')) as {
  data: number[][];
  cases: { distance: string; linkage: string; merge: number[][]; height: number[] }[];
};
const n = ref.data.length;
const d = ref.data[0].length;
const relErr = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describe('mmdr cluster', () => {
  let dir: string;
  let matrix: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mmdr-cluster-'));
    matrix = join(dir, 'h.csv');
    const lines = ['probe,' + Array.from({ length: d }, (_, j) => `A${j + 1}`).join(',')];
    ref.data.forEach((row, i) => lines.push(`P${i + 1},` + row.map((v) => String(v)).join(',')));
    writeFileSync(matrix, lines.join('\n') + '\n');
  });

  const cliName: Record<string, string> = { average: 'average', complete: 'complete', single: 'single', 'ward.D2': 'ward', mcquitty: 'weighted' };

  it('prints exactly {merge, height, order, labels} and reproduces fastcluster for the five linkages of SPEC §6', async () => {
    for (const c of ref.cases.filter((x) => x.linkage in cliName)) {
      const r = await run('cluster', '--matrix', matrix, '--distance', c.distance, '--linkage', cliName[c.linkage]);
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      const o = JSON.parse(r.out);
      expect(Object.keys(o)).toEqual(['merge', 'height', 'order', 'labels']);
      expect(o.merge).toEqual(c.merge);
      o.height.forEach((h: number, s: number) => expect(relErr(h, c.height[s])).toBeLessThan(1e-9));
      expect(o.labels).toEqual(Array.from({ length: n }, (_, i) => `P${i + 1}`));
      expect([...o.order].sort((a: number, b: number) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    }
  });

  it('accepts R\'s names (mcquitty, ward.D2) and centroid/median (on squared distances, as the reference)', async () => {
    const mc = JSON.parse((await run('cluster', '--matrix', matrix, '--distance', 'euclidean', '--linkage', 'mcquitty')).out);
    expect(mc.merge).toEqual(ref.cases.find((c) => c.distance === 'euclidean' && c.linkage === 'mcquitty')!.merge);
    const cen = JSON.parse((await run('cluster', '--matrix', matrix, '--distance', 'pearson', '--linkage', 'centroid')).out);
    const want = ref.cases.find((c) => c.distance === 'pearson' && c.linkage === 'centroid')!;
    expect(cen.merge).toEqual(want.merge);
    cen.height.forEach((h: number, s: number) => expect(relErr(h, want.height[s])).toBeLessThan(1e-9));
  });

  it('--columns clusters the arrays (labels = array names)', async () => {
    const o = JSON.parse((await run('cluster', '--matrix', matrix, '--distance', 'spearman', '--linkage', 'complete', '--columns')).out);
    expect(o.labels).toEqual(['A1', 'A2', 'A3', 'A4', 'A5', 'A6']);
    const cols = new Float64Array(n * d);
    ref.data.forEach((row, i) => row.forEach((v, j) => { cols[j * n + i] = v; }));
    const want = toHclust(linkageRef(distanceMatrixRef(cols, d, n, 'spearman'), d, 'complete'));
    expect(o.merge.flat()).toEqual(Array.from(want.merge));
    o.height.forEach((h: number, s: number) => expect(relErr(h, want.height[s])).toBeLessThan(1e-12));
    expect(o.order).toEqual(Array.from(want.order));
  });

  it('--zscore z-scores the rows first', async () => {
    const plain = JSON.parse((await run('cluster', '--matrix', matrix, '--distance', 'pearson', '--linkage', 'average')).out);
    const z = JSON.parse((await run('cluster', '--matrix', matrix, '--distance', 'pearson', '--linkage', 'average', '--zscore')).out);
    // 1 − Pearson is invariant to row z-scoring
    expect(z.merge).toEqual(plain.merge);
    z.height.forEach((h: number, s: number) => expect(relErr(h, plain.height[s])).toBeLessThan(1e-12));
  });

  it('bad input exits 1 with one line naming the file, line and column', async () => {
    const f = join(dir, 'bad.csv');
    writeFileSync(f, 'probe,a,b,c\nx,1,2,3\ny,NA,NA,NA\nz,1,5,2\n');
    let r = await run('cluster', '--matrix', f, '--distance', 'euclidean', '--linkage', 'ward');
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toBe(`${f}, line 3: y has no values, so it cannot be clustered\n`);

    writeFileSync(f, 'probe,a,b,c\nx,1,2,3\ny,1,Inf,2\n');
    r = await run('cluster', '--matrix', f, '--distance', 'euclidean', '--linkage', 'ward');
    expect(r.err).toBe(`${f}, line 3, column "b": y has an infinite value in b; clustering needs finite numbers\n`);

    writeFileSync(f, 'probe,a,b,c\nx,1,2,3\ny,1,2,3\n');
    r = await run('cluster', '--matrix', f, '--distance', 'cosine', '--linkage', 'average', '--columns');
    expect(r.code).toBe(0);
    writeFileSync(f, 'probe,a,b,c\nx,1,0,3\ny,1,0,3\n');
    r = await run('cluster', '--matrix', f, '--distance', 'cosine', '--linkage', 'average', '--columns');
    expect(r.code).toBe(1);
    expect(r.err).toBe(`${f}, column "b": b is all zeros: its cosine distance is undefined\n`);

    writeFileSync(f, 'probe,a,b\nx,1,2\n');
    r = await run('cluster', '--matrix', f, '--distance', 'euclidean', '--linkage', 'single');
    expect(r.err).toBe(`${f}: clustering needs at least two items (found 1)\n`);

    writeFileSync(f, 'probe,a,b\nx,1,2\ny,1,zwei\n');
    r = await run('cluster', '--matrix', f, '--distance', 'euclidean', '--linkage', 'single');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`^${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, line 3, column "b": .*\\n$`));
    expect(r.err.trim().split('\n')).toHaveLength(1);

    r = await run('cluster', '--matrix', join(dir, 'missing.csv'), '--distance', 'euclidean', '--linkage', 'single');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/missing\.csv: no such file/);
  });

  it('usage mistakes exit 2; --help documents the command', async () => {
    expect((await run('cluster', '--matrix', matrix, '--distance', 'euclidean')).code).toBe(2);
    const bad = await run('cluster', '--matrix', matrix, '--distance', 'manhattan', '--linkage', 'average');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--distance must be one of euclidean, pearson, spearman, cosine/);
    expect((await run('cluster', '--matrix', matrix, '--distance', 'euclidean', '--linkage', 'upgma')).code).toBe(2);
    const h = await run('cluster', '--help');
    expect(h.out).toMatch(/mmdr cluster --matrix FILE --distance euclidean\|pearson\|spearman\|cosine/);
    expect((await run('--help')).out).toMatch(/cluster\s+hierarchical clustering/);
  });
});
