/**
 * Exosome QC numbers: NTA summaries against hand-computed values and against R (the definitions
 * of src/stats/nta.ts written out in tests/fixtures/make-exosome-reference.R), the RNA-yield
 * comparison against R's t.test, wilcox.test, oneway.test and kruskal.test on the R fixture, the
 * paper's own summary statistics, and the demo's RNA table reproducing the paper's printed means
 * and SDs.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { binEdges, cumulativeShares, meanDistribution, ntaGroupSummaries, ntaStats, shareBelow, sizeAtShare } from '../../src/stats/nta.ts';
import { parseNta } from '../../src/formats/nta.ts';
import { parseRnaYield } from '../../src/formats/rna-yield.ts';
import { analyzeExosome, analyzeRna } from '../../src/study/exosome-analysis.ts';
import { DEFAULT_EXOSOME_SETTINGS, exosomeSettings } from '../../src/study/exosome-settings.ts';
import { addNtaSample, setRnaYield } from '../../src/study/exosome-data.ts';
import { generateDemo } from '../../scripts/demo/generate.ts';
import { DEMO_MANIFEST } from '../../src/study/demo-manifest.ts';
import ref from '../fixtures/exosome/exosome-reference.json';

const close = (a: number | null | undefined, b: number, rel = 1e-10) => {
  expect(a).not.toBeNull();
  expect(Math.abs((a as number) - b)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(b)));
};

describe('NTA statistics, by hand', () => {
  // centres 10, 20, 30, 40 nm (edges 5, 15, 25, 35, 45), concentrations 1, 2, 3, 4 (total 10):
  // mean = (10 + 40 + 90 + 160) / 10 = 30; SD = √((1·400 + 2·100 + 0 + 4·100) / 10) = 10; mode = 40;
  // F at the edges 0, .1, .3, .6, 1 → D10 = 15, D50 = 25 + 10·(.5 − .3)/.3 = 31.667, D90 = 35 + 10·(.9 − .6)/.4 = 42.5;
  // F(20) = .1 + .2·(20 − 15)/10 = .2; everything is below 100 and 150 nm.
  const x = [10, 20, 30, 40];
  const c = [1, 2, 3, 4];

  it('edges, cumulative shares, shares below a size', () => {
    expect([...binEdges(x)]).toEqual([5, 15, 25, 35, 45]);
    expect([...cumulativeShares(c)].map((v) => +v.toFixed(12))).toEqual([0, 0.1, 0.3, 0.6, 1]);
    const e = binEdges(x);
    const F = cumulativeShares(c);
    expect(shareBelow(e, F, 20)).toBeCloseTo(0.2, 12);
    expect(shareBelow(e, F, 0)).toBe(0);
    expect(shareBelow(e, F, 1000)).toBe(1);
    expect(sizeAtShare(e, F, 0.5)).toBeCloseTo(25 + 10 * 0.2 / 0.3, 12);
  });

  it('total, mode, mean, SD, D10/D50/D90, shares; the dilution scale multiplies the total only', () => {
    const s = ntaStats(x, c);
    expect(s).toMatchObject({ total: 10, mode: 40 });
    expect(s.mean).toBeCloseTo(30, 12);
    expect(s.sd).toBeCloseTo(10, 12);
    expect(s.d10).toBeCloseTo(15, 12);
    expect(s.d50).toBeCloseTo(31.666666666667, 10);
    expect(s.d90).toBeCloseTo(42.5, 12);
    expect(s.below100).toBe(1);
    expect(s.below150).toBe(1);
    const scaled = ntaStats(x, c, 100);
    expect(scaled.total).toBe(1000);
    expect({ ...scaled, total: 10 }).toEqual(s);
  });

  it('empty bins: the quantile does not land inside a gap; the first highest bin is the mode', () => {
    // 1-nm bins 0.5 … 5.5: [0, 2, 0, 0, 2, 0] → F at edges 0, 0, .5, .5, .5, 1, 1
    const s = ntaStats([0.5, 1.5, 2.5, 3.5, 4.5, 5.5], [0, 2, 0, 0, 2, 0]);
    expect(s.mode).toBe(1.5);
    expect(s.d50).toBe(2);
    expect(s.d10).toBeCloseTo(1.2, 12);
    expect(s.d90).toBeCloseTo(4.8, 12);
    expect(() => ntaStats([1, 2, 3], [0, 0, 0])).toThrow(RangeError);
  });

  it('group summaries: mean ± SD (n − 1) across samples; mean curves only on a common grid', () => {
    const a = ntaStats(x, c);
    const b = ntaStats(x, [4, 3, 2, 1]);
    const [g] = ntaGroupSummaries([{ group: 'A', stats: a }, { group: 'A', stats: b }, { group: 'B', stats: a }], ['A']);
    expect(g.n).toBe(2);
    expect(g.mean.mean).toBeCloseTo(25, 12); // 30 and 20
    expect(g.sd.mean).toBeCloseTo(Math.SQRT2 * 5, 12);
    expect(g.sd.total).toBe(0);
    expect(meanDistribution([{ binCentres: x, concentration: c, scale: 1 }, { binCentres: x, concentration: [3, 2, 1, 0], scale: 2 }])).toEqual({ binCentres: x, concentration: [3.5, 3, 2.5, 2] });
    expect(meanDistribution([{ binCentres: x, concentration: c, scale: 1 }, { binCentres: [1, 2, 3, 4], concentration: c, scale: 1 }])).toBeNull();
  });
});

describe('NTA statistics vs R (tests/fixtures/make-exosome-reference.R)', () => {
  it('the 5-nm plain export', () => {
    const f = parseNta(new Uint8Array(readFileSync(`tests/fixtures/exosome/${ref.nta.file}`)), ref.nta.file);
    const s = ntaStats(f.binCentres, f.concentration);
    for (const [k, v] of Object.entries(ref.nta.stats)) close(s[k as keyof typeof s], v as number, 1e-12);
  });
});

describe('RNA yield vs R', () => {
  const table = parseRnaYield(new Uint8Array(readFileSync(`tests/fixtures/exosome/${ref.rna.file}`)), ref.rna.file);
  const data = setRnaYield(undefined, table, 'f1');

  it('n, missing, mean, SD per group', () => {
    const r = analyzeRna(data, DEFAULT_EXOSOME_SETTINGS)!;
    expect(r.groups.map((g) => g.name)).toEqual(ref.rna.groups.map((g) => g.name));
    r.groups.forEach((g, i) => {
      const want = ref.rna.groups[i];
      expect(g.n).toBe(want.n);
      expect(g.missing).toBe(want.missing);
      close(g.mean, want.mean, 1e-12);
      close(g.sd, want.sd, 1e-12);
    });
  });

  it('every pair: Student, Welch, Mann–Whitney (exact = FALSE); all groups: ANOVA, Welch ANOVA, Kruskal–Wallis', () => {
    const r = analyzeRna(data, DEFAULT_EXOSOME_SETTINGS)!;
    expect(r.pairwise).toHaveLength(3);
    r.pairwise.forEach((p, i) => {
      const want = ref.rna.pairs[i];
      expect([p.a, p.b]).toEqual([want.a, want.b]);
      close(p.student!.statistic, want.student.t, 1e-10);
      close(p.student!.df, want.student.df, 1e-12);
      close(p.student!.p, want.student.p, 1e-8);
      close(p.welch!.statistic, want.welch.t, 1e-10);
      close(p.welch!.df, want.welch.df, 1e-10);
      close(p.welch!.p, want.welch.p, 1e-8);
      close(p.mannWhitney!.statistic, want.mannWhitney.w, 1e-12);
      close(p.mannWhitney!.p, want.mannWhitney.p, 1e-8);
    });
    const o = r.overall!;
    close(o.anova!.statistic, ref.rna.anova.f, 1e-10);
    close(o.anova!.p, ref.rna.anova.p, 1e-8);
    expect([o.anova!.df1, o.anova!.df2]).toEqual([ref.rna.anova.df1, ref.rna.anova.df2]);
    close(o.welchAnova!.statistic, ref.rna.welchAnova.f, 1e-10);
    close(o.welchAnova!.df2, ref.rna.welchAnova.df2, 1e-10);
    close(o.welchAnova!.p, ref.rna.welchAnova.p, 1e-8);
    close(o.kruskal!.statistic, ref.rna.kruskal.h, 1e-10);
    close(o.kruskal!.p, ref.rna.kruskal.p, 1e-8);
    expect(o.chosen).toEqual(o.anova);
  });

  it('the chosen test and pair follow the settings', () => {
    const r = analyzeRna(data, { test: 'welch', groupTest: 'kruskal', pair: ['Healthy control', 'Bz-resistant'] })!;
    expect(r.pair).toEqual(['Healthy control', 'Bz-resistant']);
    const want = ref.rna.pairs[2]; // Bz-resistant vs Healthy control: the sign flips, p does not
    close(r.test!.statistic, -want.welch.t, 1e-10);
    close(r.test!.p, want.welch.p, 1e-8);
    expect(r.overall!.chosen).toEqual(r.overall!.kruskal);
    // an unknown pair falls back to the first two groups
    expect(analyzeRna(data, { test: 'student', groupTest: 'anova', pair: ['x', 'y'] })!.pair).toEqual(['Bz-responsive', 'Bz-resistant']);
  });

  it('the paper’s printed summaries (n = 3): Student p = 0.006, Welch p = 0.033 — the printed p is Welch’s', () => {
    const p = ref.paperSummary;
    expect(p.student.p.toFixed(3)).toBe('0.006');
    expect(p.welch.p.toFixed(3)).toBe('0.033');
  });
});

describe('the demo’s exosome files', () => {
  const demo = generateDemo();
  const text = (p: string) => demo.files.get(p)!;
  const ex = DEMO_MANIFEST.exosome;
  let data = setRnaYield(undefined, parseRnaYield(text(ex.rnaYield), 'rna-yield.csv'), 'rna');
  for (const e of ex.nta) data = addNtaSample(data, parseNta(text(e.path), e.path.split('/').pop()!), e.name);
  const r = analyzeExosome(data, exosomeSettings({ settings: {} }));

  it('RNA yields reproduce the paper’s printed means and SDs (n = 3 per group)', () => {
    const want: Record<string, [string, string]> = { 'Bz-resistant': ['350.17', '37.55'], 'Bz-responsive': ['235.43', '3.91'], 'Healthy control': ['78.21', '45.51'] };
    expect(r.rna!.groups.map((g) => g.name)).toEqual(['Bz-responsive', 'Bz-resistant', 'Healthy control']);
    for (const g of r.rna!.groups) {
      expect(g.n).toBe(3);
      expect([g.mean!.toFixed(2), g.sd!.toFixed(2)]).toEqual(want[g.name]);
    }
    // and so the tests land where the paper's summaries put them
    expect(r.rna!.pairTests!.welch!.p!.toFixed(3)).toBe('0.033');
    expect(r.rna!.pairTests!.student!.p!.toFixed(3)).toBe('0.006');
  });

  it('NTA: every sample gets its group from the RNA table; exosome-sized modes; myeloma sera more concentrated', () => {
    expect(r.samples.map((s) => `${s.sampleName}:${s.group}`)).toEqual(ex.nta.map((e) => `${e.name}:${e.groupId}`));
    for (const s of r.samples) {
      expect(s.stats.mode).toBeGreaterThanOrEqual(70);
      expect(s.stats.mode).toBeLessThanOrEqual(112);
      expect(s.dilution).toBe(100);
    }
    const total = (g: string) => r.ntaGroups.find((x) => x.group === g)!.mean.total!;
    expect(total('Bz-resistant')).toBeGreaterThan(3 * total('Healthy control'));
    expect(total('Bz-responsive')).toBeGreaterThan(2 * total('Healthy control'));
    expect(r.rna!.rnaWithoutNta).toEqual([]);
    expect(r.rna!.ntaWithoutRna).toEqual([]);
  });
});
