/**
 * `mmdr enrich` (SPEC §6) in-process through main(argv, io): the JSON contract, R's numbers on the
 * real Hallmark GMT (tests/fixtures/make-enrichment-reference.R), and bad input → exit 1 with one
 * line naming file, line and column.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ref from '../fixtures/enrichment-reference.json';
import { main } from '../../src/cli/main.ts';

async function run(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (s) => { out += s; }, err: (s) => { err += s; } });
  return { code, out, err };
}

interface RSet { name: string; size: number; overlap: number; expected: number; p: number; fdr: number }
const R = ref as unknown as { hallmark: { runs: { mirnas: string[]; minScore: number | null; universe: number; targets: number; sets: RSet[] }[] } };
const TARGETS = 'tests/fixtures/targets/r-hallmark-targets.tsv';
const GMT = 'tests/fixtures/targets/h.all.v7.0.symbols.gmt';
const rel = (a: number, b: number) => (a === b ? 0 : Math.abs(a - b) / Math.abs(b));

describe('mmdr enrich', () => {
  let dir: string;
  beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'mmdr-enrich-')); });

  it('is listed in --help and has its own help', async () => {
    expect((await run('--help')).out).toMatch(/enrich\s+targets of miRNAs over-represented/);
    const h = await run('enrich', '--help');
    expect(h.code).toBe(0);
    expect(h.out).toMatch(/phyper\(overlap - 1, size, universe - size, targets, lower.tail = FALSE\)/);
  });

  R.hallmark.runs.forEach((want, i) => {
    it(`prints SPEC's fields with R's numbers (Hallmark run ${i + 1}, min score ${want.minScore ?? 'none'})`, async () => {
      const args = ['enrich', '--targets', TARGETS, '--gmt', GMT, '--mirnas', want.mirnas.join(',')];
      if (want.minScore !== null) args.push('--min-score', String(want.minScore));
      const r = await run(...args);
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      const o = JSON.parse(r.out);
      expect(Object.keys(o)).toEqual(['universe', 'targets', 'sets', 'unmatched']);
      expect(o.universe).toBe(want.universe);
      expect(o.targets).toBe(want.targets);
      expect(o.sets).toHaveLength(want.sets.length);
      for (const s of o.sets) expect(Object.keys(s)).toEqual(['name', 'size', 'overlap', 'expected', 'foldEnrichment', 'p', 'fdr', 'genes']);
      for (const w of want.sets) {
        const s = o.sets.find((x: RSet) => x.name === w.name);
        expect([s.size, s.overlap, s.genes.length]).toEqual([w.size, w.overlap, w.overlap]);
        expect(rel(s.p, w.p)).toBeLessThan(1e-9);
        expect(rel(s.fdr, w.fdr)).toBeLessThan(1e-9);
        expect(rel(s.foldEnrichment, w.overlap / w.expected)).toBeLessThan(1e-12);
      }
      expect(o.sets.map((s: RSet) => s.p)).toEqual([...o.sets.map((s: RSet) => s.p)].sort((a, b) => a - b));
    });
  });

  it('matches loosely written miRNA names (and @file lists) and lists the unmatched', async () => {
    const list = join(dir, 'mirnas.txt');
    writeFileSync(list, 'miR-15a-5p\nMIR16-1\n hsa-miR-17-5p \nmiR-20a\nmiR-9999\n');
    const r = await run('enrich', '--targets', TARGETS, '--gmt', GMT, '--mirnas', `@${list}`);
    expect(r.code).toBe(0);
    const o = JSON.parse(r.out);
    expect(o.universe).toBe(R.hallmark.runs[0].universe);
    expect(o.targets).toBe(R.hallmark.runs[0].targets);
    expect(o.sets[0].name).toBe('HALLMARK_E2F_TARGETS');
    expect(o.unmatched).toEqual([{ input: 'miR-9999', reason: 'not-found', candidates: [] }]);
    const spaced = await run('enrich', '--targets', TARGETS, '--gmt', GMT, '--mirnas', 'miR-15a-5p', 'miR-16-5p', 'miR-17-5p,miR-20a-5p');
    expect(JSON.parse(spaced.out).targets).toBe(R.hallmark.runs[0].targets);
  });

  it('--min-size/--max-size change the sets tested; NaN fold enrichment prints as null', async () => {
    const r = await run('enrich', '--targets', TARGETS, '--gmt', GMT, '--mirnas', 'hsa-miR-16-5p', '--min-size', '150', '--max-size', '180');
    const o = JSON.parse(r.out);
    expect(o.sets.every((s: RSet) => s.size >= 150 && s.size <= 180)).toBe(true);
    const t = join(dir, 't.tsv');
    writeFileSync(t, 'mirna\tgene\nhsa-miR-16-5p\tNOTINSET1\nhsa-miR-17-5p\tBCL2\nhsa-miR-17-5p\tMYC\nhsa-miR-17-5p\tTP53\nhsa-miR-17-5p\tE2F1\nhsa-miR-17-5p\tCCND1\n');
    const z = JSON.parse((await run('enrich', '--targets', t, '--gmt', GMT, '--mirnas', 'miR-16-5p', '--min-size', '1')).out);
    expect(z.targets).toBe(0);
    expect(z.sets.every((s: { foldEnrichment: unknown; p: number }) => s.foldEnrichment === null && s.p === 1)).toBe(true);
  });

  it('bad target file: exit 1, one stderr line with file, line and column', async () => {
    const f = join(dir, 'bad.tsv');
    writeFileSync(f, 'mirna\tgene\tscore\r\nhsa-miR-16-5p\tBCL2\t0.9\r\nhsa-miR-16-5p\tMYC\thigh\r\n');
    const r = await run('enrich', '--targets', f, '--gmt', GMT, '--mirnas', 'miR-16-5p');
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toBe(`${f}, line 3, column "score": "high" is not a number\n`);
  });

  it('bad GMT file: exit 1 naming its line and column; missing file: exit 1', async () => {
    const g = join(dir, 'bad.gmt');
    writeFileSync(g, 'SET_A\tdesc\tBCL2\tMYC\nSET_B desc TP53\n');
    const r = await run('enrich', '--targets', TARGETS, '--gmt', g, '--mirnas', 'miR-16-5p');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`^${g.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, line 2, column 1: this line has no tab`));
    expect(r.err.trim().split('\n')).toHaveLength(1);
    const m = await run('enrich', '--targets', join(dir, 'nope.tsv'), '--gmt', GMT, '--mirnas', 'miR-16-5p');
    expect(m.code).toBe(1);
    expect(m.err).toMatch(/nope\.tsv: no such file/);
  });

  it('usage errors exit 2; no miRNA in the table exits 1', async () => {
    expect((await run('enrich', '--targets', TARGETS, '--gmt', GMT)).code).toBe(2);
    expect((await run('enrich', '--targets', TARGETS, '--gmt', GMT, '--mirnas', 'x', '--min-score', 'abc')).code).toBe(2);
    expect((await run('enrich', '--targets', TARGETS, '--gmt', GMT, '--mirnas', 'x', '--prefer-arm', '4p')).code).toBe(2);
    const none = await run('enrich', '--targets', TARGETS, '--gmt', GMT, '--mirnas', 'miR-9999');
    expect(none.code).toBe(1);
    expect(none.err).toMatch(/none of the 1 miRNAs is in/);
  });
});
