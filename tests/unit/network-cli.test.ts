/**
 * `mmdr network` (SPEC §6) in-process through main(argv, io): the JSON contract, R's numbers, the
 * demo study's core, and bad input → exit 1 with file, line and column.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ref from '../fixtures/enrichment-reference.json';
import { main } from '../../src/cli/main.ts';
import { generateDemo } from '../../scripts/demo/generate.ts';
import { CORE_MIRNAS } from '../../scripts/demo/targets.ts';

async function run(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (s) => { out += s; }, err: (s) => { err += s; } });
  return { code, out, err };
}
interface Edge { a: string; b: string; shared: number; p: number; fdr: number }
const R = ref as unknown as { hallmark: { runs: { mirnas: string[]; minScore: number | null; networkUniverse: number; edges: Edge[] }[] } };
const TARGETS = 'tests/fixtures/targets/r-hallmark-targets.tsv';
const key = (a: string, b: string) => [a, b].sort().join(' ~ ');
const rel = (a: number, b: number) => (a === b ? 0 : Math.abs(a - b) / Math.abs(b));

describe('mmdr network', () => {
  let dir: string;
  let demoTargets: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mmdr-network-'));
    demoTargets = join(dir, 'targets.tsv');
    writeFileSync(demoTargets, generateDemo().files.get('demo/targets.tsv')!);
  }, 60_000);

  it('prints {nodes[], edges:[{a,b,shared,p}]} with R\'s p and FDR for every pair', async () => {
    for (const want of R.hallmark.runs) {
      const args = ['network', '--targets', TARGETS, '--mirnas', ...want.mirnas, '--max-p', '1', '--min-shared', '0'];
      if (want.minScore !== null) args.push('--min-score', String(want.minScore));
      const r = await run(...args);
      expect(r.err).toBe('');
      const o = JSON.parse(r.out);
      expect(Object.keys(o)).toEqual(['nodes', 'edges', 'universe', 'unmatched']);
      expect(o.nodes).toEqual(want.mirnas);
      expect(o.universe).toBe(want.networkUniverse);
      for (const e of o.edges) expect(Object.keys(e)).toEqual(['a', 'b', 'shared', 'p', 'fdr']);
      const got = new Map<string, Edge>(o.edges.map((e: Edge) => [key(e.a, e.b), e]));
      for (const w of want.edges) {
        const e = got.get(key(w.a, w.b))!;
        expect(e.shared).toBe(w.shared);
        expect(rel(e.p, w.p)).toBeLessThan(1e-9);
        expect(rel(e.fdr, w.fdr)).toBeLessThan(1e-9);
      }
    }
  });

  it('on the demo table the four core miRNAs carry the six strongest edges (find miR-16-5p)', async () => {
    const others = ['hsa-miR-21-5p', 'hsa-miR-125b-5p', 'hsa-miR-19a-3p', 'hsa-let-7a-5p', 'hsa-let-7b-5p', 'hsa-miR-29a-3p', 'hsa-miR-106a-5p', 'hsa-miR-20b-5p'];
    const r = await run('network', '--targets', demoTargets, '--mirnas', ['miR-15a-5p', 'miR-16', 'miR-17-5p', 'MIR20A', ...others].join(','), '--adjust', 'bh');
    expect(r.code).toBe(0);
    const o = JSON.parse(r.out);
    expect(o.nodes).toContain('hsa-miR-16-5p');
    expect(o.unmatched).toEqual([]);
    const core = CORE_MIRNAS.flatMap((a, i) => CORE_MIRNAS.slice(i + 1).map((b) => key(a, b))).sort();
    expect(o.edges.slice(0, 6).map((e: Edge) => key(e.a, e.b)).sort()).toEqual(core);
    expect(o.edges.every((e: Edge) => e.fdr <= 0.05)).toBe(true);
  });

  it('bad input: a target table with an unclosed quote exits 1 with file and line; usage errors exit 2', async () => {
    const f = join(dir, 'bad.csv');
    writeFileSync(f, 'mirna,gene\nhsa-miR-16-5p,BCL2\nhsa-miR-17-5p,"MYC\n');
    const r = await run('network', '--targets', f, '--mirnas', 'miR-16-5p,miR-17-5p');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`^${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, line 3, column 2: `));
    expect((await run('network', '--targets', TARGETS, '--mirnas', 'miR-16-5p', '--adjust', 'holm')).code).toBe(2);
    expect((await run('network', '--targets', TARGETS, '--mirnas', 'miR-16-5p', '--min-shared', '1.5')).code).toBe(2);
    expect((await run('network', '--mirnas', 'miR-16-5p')).code).toBe(2);
  });
});
