/**
 * Over-representation (src/stats/enrichment.ts) against R (tests/fixtures/enrichment-reference.json,
 * from tests/fixtures/make-enrichment-reference.R): a synthetic case with every size filter edge,
 * and end-to-end runs on the real MSigDB Hallmark GMT with a seeded target table and a score
 * cut-off. Then the demo study: the targets of its down-regulated miRNAs are over-represented in
 * the planted sets.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import ref from '../fixtures/enrichment-reference.json';
import { readGmt } from '../../src/formats/gmt.ts';
import { readTargetTable } from '../../src/formats/targets.ts';
import { enrichMirnaTargets, overRepresentation } from '../../src/stats/enrichment.ts';
import { logUpperTail } from '../../src/stats/hypergeom.ts';
import { generateDemo } from '../../scripts/demo/generate.ts';
import { demoDe, type DemoDe } from '../../scripts/demo/targets.ts';

interface RSet { name: string; size: number; overlap: number; expected: number; foldEnrichment?: number; p: number; fdr: number }
interface RRun { mirnas: string[]; minScore: number | null; pairsKept: number; universe: number; targets: number; sets: RSet[] }
const R = ref as unknown as {
  enrichment: { tableGenes: string[]; targets: string[]; sets: { name: string; genes: string[] }[]; universe: number; nTargets: number; tested: RSet[] };
  hallmark: { rows: number; nanScores: number; runs: RRun[] };
};
const rel = (a: number, b: number) => (a === b ? 0 : Math.abs(a - b) / Math.abs(b));
const fixture = (name: string) => new Uint8Array(readFileSync(`tests/fixtures/targets/${name}`));

describe('overRepresentation = phyper(overlap - 1, size, U - size, T, lower.tail = FALSE) + p.adjust(BH)', () => {
  const e = R.enrichment;
  const r = overRepresentation(e.tableGenes, e.targets, e.sets, { minSize: 5, maxSize: 500 });
  it('universe = table genes ∩ set genes; targets within it', () => {
    expect(r.universe).toBe(e.universe);
    expect(r.targets).toBe(e.nTargets);
    expect(r.targets + r.targetsOutsideUniverse).toBe(new Set(e.targets).size);
  });
  it('tests the same sets as R (size in the universe within 5..500) and skips the rest with a reason', () => {
    expect(r.sets.map((s) => s.name).sort()).toEqual(e.tested.map((s) => s.name).sort());
    expect(r.skipped.length + r.sets.length).toBe(e.sets.length);
    for (const s of r.skipped) expect(s.reason).toBe(s.size < 5 ? 'too-small' : 'too-large');
    expect(r.skipped.some((s) => s.reason === 'too-large')).toBe(true);
    expect(r.skipped.some((s) => s.reason === 'too-small')).toBe(true);
  });
  it('size, overlap, expected, fold enrichment, p and FDR equal R (1e-9 relative)', () => {
    for (const want of e.tested) {
      const got = r.sets.find((s) => s.name === want.name)!;
      expect([got.size, got.overlap]).toEqual([want.size, want.overlap]);
      expect(got.genes).toHaveLength(want.overlap);
      for (const k of ['expected', 'foldEnrichment', 'p', 'fdr'] as const) {
        expect(rel(got[k], want[k]!), `${want.name} ${k}`).toBeLessThan(1e-9);
      }
      expect(got.logP).toBeCloseTo(logUpperTail(got.overlap, got.size, r.universe - got.size, r.targets), 12);
    }
  });
  it('lists sets by p, smallest first, with the overlapping genes sorted', () => {
    for (let i = 1; i < r.sets.length; i++) expect(r.sets[i].logP).toBeGreaterThanOrEqual(r.sets[i - 1].logP);
    expect(r.sets[0].p).toBeLessThan(1e-20);
    for (const s of r.sets) expect([...s.genes].sort()).toEqual(s.genes);
  });
  it('matches genes without regard to case unless asked', () => {
    const lower = overRepresentation(['bcl2', 'myc', 'tp53', 'e2f1', 'ccnd1', 'x'], ['bcl2', 'myc'], [{ name: 'S', genes: ['BCL2', 'MYC', 'TP53', 'E2F1', 'CCND1'] }], { minSize: 1 });
    expect(lower.universe).toBe(5);
    expect(lower.sets[0].genes).toEqual(['bcl2', 'myc']);
    const strict = overRepresentation(['bcl2', 'myc'], ['bcl2'], [{ name: 'S', genes: ['BCL2', 'MYC'] }], { minSize: 1, caseSensitive: true });
    expect(strict.universe).toBe(0);
  });
  it('no common genes (Entrez table vs symbol sets): every set skipped, nothing tested', () => {
    const t = readTargetTable(fixture('seed-mirza-g_all_mirnas_per_gene_scores_miR_124a.tab'), 'mirza.tab');
    const g = readGmt(fixture('h.all.v7.0.symbols.gmt'), 'h.gmt');
    const r0 = enrichMirnaTargets(t.pairs, g.sets, ['miR-124-3p']);
    expect(r0.mirnas.names).toEqual(['hsa-miR-124-3p']);
    expect(r0.universe).toBe(0);
    expect(r0.targets).toBe(0);
    expect(r0.targetsOutsideUniverse).toBe(2311);
    expect(r0.sets).toEqual([]);
    expect(r0.skipped).toHaveLength(50);
  });
});

describe('end to end on the real Hallmark GMT (R: tests/fixtures/targets/r-hallmark-targets.tsv)', () => {
  const gmt = readGmt(fixture('h.all.v7.0.symbols.gmt'), 'h.all.v7.0.symbols.gmt');
  it('the seeded table reads as R wrote it (NA scores counted)', () => {
    const t = readTargetTable(fixture('r-hallmark-targets.tsv'), 'r-hallmark-targets.tsv');
    expect(t.report.pairsKept).toBe(R.hallmark.rows);
    expect(t.report.missingScores).toBe(R.hallmark.nanScores);
  });
  R.hallmark.runs.forEach((run, i) => {
    it(`run ${i + 1}: ${run.mirnas.length} miRNAs, min score ${run.minScore ?? 'none'}`, () => {
      const t = readTargetTable(fixture('r-hallmark-targets.tsv'), 'r-hallmark-targets.tsv', { minScore: run.minScore });
      expect(t.report.pairsKept).toBe(run.pairsKept);
      const loose = run.mirnas.map((m) => m.replace(/^hsa-/, '').toUpperCase());
      const r = enrichMirnaTargets(t.pairs, gmt.sets, loose);
      expect(r.mirnas.names).toEqual(run.mirnas);
      expect(r.universe).toBe(run.universe);
      expect(r.targets).toBe(run.targets);
      expect(r.sets).toHaveLength(run.sets.length);
      for (const want of run.sets) {
        const got = r.sets.find((s) => s.name === want.name)!;
        expect([got.size, got.overlap], want.name).toEqual([want.size, want.overlap]);
        expect(rel(got.expected, want.expected)).toBeLessThan(1e-12);
        expect(rel(got.p, want.p), `${want.name} p`).toBeLessThan(1e-9);
        expect(rel(got.fdr, want.fdr), `${want.name} fdr`).toBeLessThan(1e-9);
      }
    });
  });
});

describe('the demo study: targets of the down-regulated miRNAs', () => {
  let pairs: ReturnType<typeof readTargetTable>['pairs'];
  let sets: ReturnType<typeof readGmt>['sets'];
  let de: DemoDe;
  beforeAll(() => {
    const demo = generateDemo();
    const text = (p: string) => new TextDecoder().decode(demo.files.get(p)!);
    de = demoDe(['R1', 'R2', 'R3', 'S1', 'S2', 'S3'].map((name) => ({ name, text: text(`demo/arrays/${name}.gpr`) })));
    pairs = readTargetTable(demo.files.get('demo/targets.tsv')!, 'targets.tsv').pairs;
    sets = readGmt(demo.files.get('demo/genesets.gmt')!, 'genesets.gmt').sets;
  }, 60_000);

  it('the demo arrays give 83 up and 88 down at 2-fold; every changed miRNA is in the target table', () => {
    expect([de.up.length, de.down.length]).toEqual([83, 88]);
    const inTable = new Set(pairs.map((p) => p.mirna));
    for (const m of [...de.up, ...de.down]) expect(inTable.has(m), m).toBe(true);
  });
  it('down-regulated: the planted sets lead with FDR < 0.05, no background set is significant', () => {
    const r = enrichMirnaTargets(pairs, sets, de.down);
    expect(r.mirnas.unmatched).toEqual([]);
    const top = r.sets.slice(0, 4).map((s) => s.name);
    expect(top[0]).toBe('DEMO_G1_S_TRANSITION');
    expect(top).toEqual(expect.arrayContaining(['DEMO_BCL2_FAMILY_APOPTOSIS', 'DEMO_PI3K_AKT_MTOR']));
    const significant = r.sets.filter((s) => s.fdr < 0.05).map((s) => s.name);
    expect(significant.length).toBeGreaterThanOrEqual(3);
    expect(significant.every((n) => !n.startsWith('DEMO_BACKGROUND'))).toBe(true);
    expect(r.sets[0].fdr).toBeLessThan(1e-6);
    expect(r.sets[0].foldEnrichment).toBeGreaterThan(3);
    expect(r.sets[0].genes).toEqual(expect.arrayContaining(['CCND1', 'E2F1', 'CDK6']));
    expect(r.skipped.map((s) => [s.name, s.reason])).toEqual([['DEMO_TOO_SMALL', 'too-small'], ['DEMO_TOO_LARGE', 'too-large']]);
    // supporting miRNAs: BCL2 is targeted by the two core miRNAs that are 2-fold down
    expect([...r.targetGenes.find((t) => t.gene === 'BCL2')!.mirnas].sort()).toEqual(['hsa-miR-16-5p', 'hsa-miR-20a-5p']);
  });
  it('up-regulated: proteasome/UPR and NF-kB lead instead', () => {
    const r = enrichMirnaTargets(pairs, sets, de.up);
    expect(r.sets.slice(0, 2).map((s) => s.name).sort()).toEqual(['DEMO_NFKB_SIGNALING', 'DEMO_PROTEASOME_UPR']);
    expect(r.sets.find((s) => s.name === 'DEMO_G1_S_TRANSITION')!.fdr).toBeGreaterThan(0.05);
  });
});
