/**
 * The arrays pipeline (src/study/array-analysis.ts) end to end: limma's reference numbers through
 * normalizeArrays/runArrayAnalysis, and the demo study's six GPR files through read-out, the
 * paper's median normalization, log2 and differential expression.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDemo } from '../../scripts/make-demo.ts';
import { loadKernelsNode } from '../../src/kernels/load-node.ts';
import type { Kernels } from '../../src/kernels/kernels.ts';
import { parseGpr } from '../../src/formats/gpr.ts';
import { parseGeoSeriesMatrix } from '../../src/formats/geo-series-matrix.ts';
import { DEMO_MANIFEST } from '../../src/study/demo-manifest.ts';
import {
  arrayCorrelations, isExcludedName, matrixInput, normalizeArrays, PAPER_ARRAY_SETTINGS, readOutGpr, runArrayAnalysis,
  type ArrayAnalysisResult, type ArrayAnalysisSettings,
} from '../../src/study/array-analysis.ts';
import { columnMajor, expectRelClose } from '../kernels/helpers.ts';

const fx = JSON.parse(readFileSync('tests/fixtures/microarray.json', 'utf8')) as {
  probes: string[]; arrays: string[]; group: string[]; log2_expression: number[][];
  scale_normalized: number[][]; quantile_normalized: number[][];
  median_norm: { n_selected: number; factors: number[]; normalized: number[][] };
  limma: { logFC: number[]; t: number[]; p: number[]; adj_p_bh: number[]; B: number[]; s2_prior: number; df_prior: number };
};
const log2Cols = fx.log2_expression.map((c) => Float64Array.from(c));
const linCols = fx.log2_expression.map((c) => Float64Array.from(c, (v) => 2 ** v));

let k: Kernels;
beforeAll(() => { k = loadKernelsNode(); });

const settings = (over: Partial<ArrayAnalysisSettings>): ArrayAnalysisSettings => ({ ...PAPER_ARRAY_SETTINGS, ...over });

describe('normalizeArrays reproduces microarray.json', () => {
  it('linear input, paper median ≥ 30: 1434 probes, factors, values; then log2', () => {
    const n = normalizeArrays(k, matrixInput(fx.probes, fx.arrays, linCols, 'linear'), settings({ normalization: 'median' }));
    expect(n.selected).toBe(fx.median_norm.n_selected);
    expect(n.threshold).toBe(30);
    expectRelClose(n.factors!, fx.median_norm.factors);
    expectRelClose(n.linear, columnMajor(fx.median_norm.normalized));
    expectRelClose(n.analysed, columnMajor(fx.median_norm.normalized).map(Math.log2));
    expect(n.analysedScale).toBe('log2');
    expect(n.nonPositive).toBe(0);
  });
  it('log2 input, paper median: un-logs, normalizes, re-logs', () => {
    const n = normalizeArrays(k, matrixInput(fx.probes, fx.arrays, log2Cols, 'log2'), settings({ normalization: 'median' }));
    expect(n.selected).toBe(1434);
    expectRelClose(n.analysed, columnMajor(fx.median_norm.normalized).map(Math.log2));
  });
  it('log2 input, scale and quantile: normalizeBetweenArrays on the matrix as given', () => {
    const input = matrixInput(fx.probes, fx.arrays, log2Cols, 'log2');
    const s = normalizeArrays(k, input, settings({ normalization: 'scale' }));
    expectRelClose(s.analysed, columnMajor(fx.scale_normalized));
    expect(s.factors).toHaveLength(12);
    expect(s.selected).toBeNull();
    const q = normalizeArrays(k, input, settings({ normalization: 'quantile' }));
    expectRelClose(q.analysed, columnMajor(fx.quantile_normalized));
    expectRelClose(q.linear, columnMajor(fx.quantile_normalized).map((v) => 2 ** v));
    const none = normalizeArrays(k, input, settings({ normalization: 'none' }));
    expect(none.analysed).toEqual(columnMajor(fx.log2_expression));
  });
  it('linear input, quantile: normalized on the linear scale then logged (limma on an EListRaw)', () => {
    const q = normalizeArrays(k, matrixInput(fx.probes, fx.arrays, linCols, 'linear'), settings({ normalization: 'quantile' }));
    const sorted0 = q.analysed.slice(0, 3180).sort();
    for (let j = 1; j < 12; j++) expectRelClose(q.analysed.slice(j * 3180, (j + 1) * 3180).sort(), sorted0, 1e-12);
  });
  it('non-positive values become missing before log2 and are counted; log2 off keeps linear values', () => {
    const cols = [Float64Array.from([100, -5, 0, 40]), Float64Array.from([80, 20, 35, 50])];
    const n = normalizeArrays(k, matrixInput(['a', 'b', 'c', 'd'], ['x', 'y'], cols, 'linear'), settings({ normalization: 'none' }));
    expect(n.nonPositive).toBe(2);
    expect(Array.from(n.analysed.slice(0, 4))).toEqual([Math.log2(100), NaN, NaN, Math.log2(40)]);
    const raw = normalizeArrays(k, matrixInput(['a', 'b', 'c', 'd'], ['x', 'y'], cols, 'linear'), settings({ normalization: 'none', log2: false }));
    expect(raw.analysedScale).toBe('linear');
    expect(Array.from(raw.analysed.slice(0, 4))).toEqual([100, -5, 0, 40]);
  });
  it('a threshold no probe passes gives a readable error', () => {
    expect(() => normalizeArrays(k, matrixInput(fx.probes, fx.arrays, linCols, 'linear'), settings({ threshold: 1e9 })))
      .toThrow(/no probe is at least 1000000000 in every array/);
  });
});

describe('runArrayAnalysis on ALL (log2 input, no normalization): limma reproduced, settings and QC recorded', () => {
  it('topTable to 1e-6 and the QC numbers', () => {
    const s = settings({ normalization: 'none' });
    const r = runArrayAnalysis(k, matrixInput(fx.probes, fx.arrays, log2Cols, 'log2'), fx.group, s);
    expectRelClose(r.de.logFC, fx.limma.logFC);
    expectRelClose(r.de.t!, fx.limma.t);
    expectRelClose(r.de.p!, fx.limma.p);
    expectRelClose(r.de.adjP!, fx.limma.adj_p_bh);
    expectRelClose(r.de.B!, fx.limma.B);
    expect(r.settings).toEqual(s);
    expect(r.settings).not.toBe(s);
    expect(r.qc.before).toHaveLength(12);
    expect(r.qc.after[0]).toMatchObject({ n: 3180, missing: 0 });
    expect(r.qc.correlation).toHaveLength(144);
    expect(r.qc.correlation[0]).toBe(1);
    expect(r.groupOfArray).toEqual(fx.group);
    expect(() => runArrayAnalysis(k, matrixInput(fx.probes, fx.arrays, log2Cols, 'log2'), fx.group.slice(1), s)).toThrow(/11 group labels for 12 arrays/);
  });
  it('arrayCorrelations is R\'s cor(use = "pairwise.complete.obs")', () => {
    const v = Float64Array.from([1, 2, 3, NaN, 2, 4, 7, 100]);
    const c = arrayCorrelations(v, 4, 2);
    // cor(c(1,2,3), c(2,4,7)) = 0.9933992677987828
    expect(c[1]).toBeCloseTo(0.9933992677987828, 14);
    expect(c[2]).toBe(c[1]);
  });
});

describe('the demo study: six synthetic GPR files through the paper pipeline', () => {
  let dir = '';
  let r: ArrayAnalysisResult;
  let excludedRows = 0;
  const cn = DEMO_MANIFEST.controlNames;
  const s = settings({ excludeNames: [cn.empty, cn.reference], excludePrefixes: [cn.spikePrefix] });
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mmdr-array-analysis-'));
    writeDemo(dir);
    const files = DEMO_MANIFEST.arrays.map((a) => parseGpr(new Uint8Array(readFileSync(join(dir, 'arrays', `${a.name}.gpr`))), `${a.name}.gpr`));
    const input = readOutGpr(files, k, s);
    excludedRows = input.excludedRows;
    r = runArrayAnalysis(k, input, DEMO_MANIFEST.arrays.map((a) => a.groupId), s, ['Bz-responsive', 'Bz-resistant']);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads 3180 miRNA probes (20 spike-ins and the Hy3 reference left out; empty spots never read)', () => {
    expect(r.probes).toHaveLength(3180);
    expect(excludedRows).toBe(21);
    expect(r.probes.some((p) => isExcludedName(p, s))).toBe(false);
    expect(r.arrays).toEqual(['R1', 'R2', 'R3', 'S1', 'S2', 'S3']);
  });
  it('median normalization on probes ≥ 30 in all six arrays: ~45 % of probes set six different factors', () => {
    const sel = r.normalization.selected!;
    expect(sel / 3180).toBeGreaterThan(0.4);
    expect(sel / 3180).toBeLessThan(0.5);
    const f = Array.from(r.normalization.factors!);
    expect(Math.max(...f) / Math.min(...f)).toBeGreaterThan(1.5);
    // after normalization the selected probes' medians agree (the factors were divided out)
    const med = r.qc.after.map((d) => d.median);
    expect(Math.max(...med) - Math.min(...med)).toBeLessThan(Math.log2(f.reduce((a, b) => Math.max(a, b)) / f.reduce((a, b) => Math.min(a, b))));
  });
  it('the planted miRNAs come out lower in Bz-resistant at the planted fold changes (within 2 %), significantly', () => {
    const planted = { 'hsa-miR-16-5p': 3.91, 'hsa-miR-15a-5p': 1.83, 'hsa-miR-20a-5p': 2.96, 'hsa-miR-17-5p': 1.97 };
    for (const [name, fc] of Object.entries(planted)) {
      const i = r.probes.indexOf(name);
      expect(i, name).toBeGreaterThanOrEqual(0);
      const down = 1 / r.de.foldChangeLinear[i];
      expect(Math.abs(down / fc - 1), `${name} ${down}`).toBeLessThan(0.02);
      expect(Math.abs(1 / r.de.foldChangeLog2[i] / fc - 1), `${name} 2^logFC`).toBeLessThan(0.02);
      expect(r.de.logFC[i]).toBeLessThan(0);
      expect(r.de.adjP![i]).toBeLessThan(0.05);
    }
  });
  it('83 up and 88 down at 2-fold (ratio of normalized linear means), as the generator measured', () => {
    expect(r.de.foldChangeCutoff).toBe(2);
    expect(r.de.foldChangeBasis).toBe('linear');
    expect([r.de.up, r.de.down]).toEqual([83, 88]);
    expect(r.de.groups).toEqual([{ label: 'Bz-responsive', arrays: 3 }, { label: 'Bz-resistant', arrays: 3 }]);
    expect(r.de.method).toBe('moderated');
    expect(r.de.prior!.df).toBeGreaterThan(0);
  });
  it('pooling each group into one array (the paper\'s design) gives fold change only', () => {
    const nP = r.probes.length;
    const lin = r.normalization.linear;
    const pooled = [0, 1].map((g) => Float64Array.from({ length: nP }, (_, i) => (lin[(3 * g) * nP + i] + lin[(3 * g + 1) * nP + i] + lin[(3 * g + 2) * nP + i]) / 3));
    const p = runArrayAnalysis(k, matrixInput(r.probes, ['pool R', 'pool S'], pooled, 'linear'), ['Bz-responsive', 'Bz-resistant'], { ...s, normalization: 'none' });
    expect(p.de.foldChangeOnly).toBe(true);
    expect(p.de.p).toBeNull();
    // the ratio of pooled means is the ratio of group means
    const i = r.probes.indexOf('hsa-miR-16-5p');
    expect(p.de.foldChangeLinear[i]).toBeCloseTo(r.de.foldChangeLinear[i], 12);
    expect([p.de.up, p.de.down]).toEqual([83, 88]);
  });
});

describe('a GEO series matrix through the pipeline (GSE8972, Nrl-/- vs wild type at P2)', () => {
  it('linear values, quantile normalization, log2, moderated t', () => {
    const g = parseGeoSeriesMatrix(new Uint8Array(readFileSync('tests/fixtures/GSE8972_series_matrix_aFFY.txt')), 'GSE8972_series_matrix_aFFY.txt');
    const labels = g.sampleTitles.map((t) => (/^WT P2 /.test(t) ? 'WT' : /^Nrl ko P2 /.test(t) ? 'Nrl-/-' : null));
    expect(labels.filter((l) => l !== null)).toHaveLength(8);
    const r = runArrayAnalysis(k, matrixInput(g.probes, g.arrays, g.values, g.looksLinear ? 'linear' : 'log2'), labels,
      settings({ normalization: 'quantile' }), ['WT', 'Nrl-/-']);
    expect(r.de.groups).toEqual([{ label: 'WT', arrays: 4 }, { label: 'Nrl-/-', arrays: 4 }]);
    expect(r.de.t!.filter((t) => Number.isFinite(t))).toHaveLength(12488);
    expect(r.de.prior!.df).toBeGreaterThan(1);
    // quantile-normalized arrays share one distribution (all 24 arrays normalized together; the
    // values have two decimals, so tied values take averaged quantiles and medians differ slightly)
    const med = r.qc.after.map((d) => d.median);
    expect(Math.max(...med) - Math.min(...med)).toBeLessThan(0.01);
    const before = r.qc.before.map((d) => d.median);
    expect(Math.max(...before) - Math.min(...before)).toBeGreaterThan(0.1);
  });
});
