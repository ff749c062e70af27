import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKernelsNode } from '../../src/kernels/load-node.ts';
import type { Kernels } from '../../src/kernels/kernels.ts';
import {
  classifyProbes, countRegulated, deRows, differentialExpression, groupsFromLabels, GroupError,
} from '../../src/stats/differential.ts';
import { columnMajor, expectRelClose } from '../kernels/helpers.ts';

const all = JSON.parse(readFileSync('tests/fixtures/microarray.json', 'utf8')) as {
  probes: string[]; group: string[]; log2_expression: number[][];
  limma: { logFC: number[]; t: number[]; p: number[]; adj_p_bh: number[]; B: number[]; s2_prior: number; df_prior: number };
};
const groupsRef = JSON.parse(readFileSync('tests/fixtures/groups.json', 'utf8')) as {
  name: string; input: { value: number[]; group: string[] }; group_levels: string[];
  student_t?: number; student_p?: number; welch_t?: number; welch_df?: number; welch_p?: number; mean: number[]; n: number[];
}[];

let k: Kernels;
beforeAll(() => { k = loadKernelsNode(); });

describe('differentialExpression, moderated (limma) on ALL B vs T', () => {
  it('reproduces topTable and the prior to 1e-6; fold changes both ways', () => {
    const log2 = columnMajor(all.log2_expression);
    const res = differentialExpression(k, { probes: all.probes, log2, nArrays: 12, groups: groupsFromLabels(all.group) });
    expect(res.groups).toEqual([{ label: 'B', arrays: 6 }, { label: 'T', arrays: 6 }]);
    expect(res.foldChangeOnly).toBe(false);
    expectRelClose(res.logFC, all.limma.logFC);
    expectRelClose(res.t!, all.limma.t);
    expectRelClose(res.p!, all.limma.p);
    expectRelClose(res.adjP!, all.limma.adj_p_bh);
    expectRelClose(res.B!, all.limma.B);
    expect(Math.abs(res.prior!.s2 / all.limma.s2_prior - 1)).toBeLessThan(1e-6);
    expect(Math.abs(res.prior!.df / all.limma.df_prior - 1)).toBeLessThan(1e-6);
    expectRelClose(res.foldChangeLog2, all.limma.logFC.map((v) => 2 ** v));
    // ratio of linear means: computed from 2^log2 when no linear values are given
    const i = 0;
    const lin = all.log2_expression.map((c) => 2 ** c[i]);
    const ratio = (lin.slice(6).reduce((a, b) => a + b) / 6) / (lin.slice(0, 6).reduce((a, b) => a + b) / 6);
    expect(res.foldChangeLinear[i]).toBeCloseTo(ratio, 12);
    // up/down at the default 2-fold on the linear ratio
    expect(res.foldChangeCutoff).toBe(2);
    expect(countRegulated(res)).toEqual({ up: res.up, down: res.down });
    expect(res.up + res.down).toBeGreaterThan(0);
  });
  it('swapping the groups flips logFC and t and inverts the fold change', () => {
    const log2 = columnMajor(all.log2_expression);
    const a = differentialExpression(k, { probes: all.probes, log2, nArrays: 12, groups: groupsFromLabels(all.group, ['B', 'T']) });
    const b = differentialExpression(k, { probes: all.probes, log2, nArrays: 12, groups: groupsFromLabels(all.group, ['T', 'B']) });
    expectRelClose(b.logFC, a.logFC.map((v) => -v), 1e-12);
    expectRelClose(b.t!, a.t!.map((v) => -v), 1e-12);
    expectRelClose(b.foldChangeLinear, a.foldChangeLinear.map((v) => 1 / v), 1e-12);
    expect([b.up, b.down]).toEqual([a.down, a.up]);
  });
});

describe('differentialExpression, Student and Welch t vs R t.test (groups.json, mgus2 haemoglobin by sex)', () => {
  const c = groupsRef.find((x) => x.name === 'mgus2 haemoglobin by sex')!;
  const n = c.input.value.length;
  // one probe, one "array" per patient
  const log2 = Float64Array.from(c.input.value);
  const groups = groupsFromLabels(c.input.group, [c.group_levels[0], c.group_levels[1]]);
  it('student: t = −(R t, which is first − second), same p', () => {
    const res = differentialExpression(k, { probes: ['hgb'], log2, nArrays: n, groups }, { method: 'student' });
    expect(Math.abs(res.t![0] / -c.student_t! - 1)).toBeLessThan(1e-9);
    expect(Math.abs(res.p![0] / c.student_p! - 1)).toBeLessThan(1e-6);
    expect(res.df![0]).toBe(n - 2);
    expect(res.B).toBeNull();
    expect(res.prior).toBeNull();
    expect(res.mean1[0]).toBeCloseTo(c.mean[0], 10);
  });
  it('welch: t, Welch–Satterthwaite df and p', () => {
    const res = differentialExpression(k, { probes: ['hgb'], log2, nArrays: n, groups }, { method: 'welch' });
    expect(Math.abs(res.t![0] / -c.welch_t! - 1)).toBeLessThan(1e-9);
    expect(Math.abs(res.df![0] / c.welch_df! - 1)).toBeLessThan(1e-9);
    expect(Math.abs(res.p![0] / c.welch_p! - 1)).toBeLessThan(1e-6);
    expect(deRows(res)[0]).not.toHaveProperty('B');
  });
});

describe('pooled design: one array per group', () => {
  const log2 = Float64Array.from([5, 6, 1, 7, 5, 2]); // 3 probes × 2 arrays
  const linear = Float64Array.from([32, 64, 2, 128, 32, 4]);
  const groups = groupsFromLabels(['resp', 'res']);
  for (const method of ['moderated', 'student', 'welch'] as const) {
    it(`${method}: fold change only, flagged, no p-values`, () => {
      const res = differentialExpression(k, { probes: ['a', 'b', 'c'], log2, linear, nArrays: 2, groups }, { method });
      expect(res.foldChangeOnly).toBe(true);
      expect(res.foldChangeOnlyReason).toMatch(/fold change only/);
      expect([res.t, res.p, res.adjP, res.B, res.prior]).toEqual([null, null, null, null, null]);
      expect(Array.from(res.logFC)).toEqual([2, -1, 1]);
      expect(Array.from(res.foldChangeLinear)).toEqual([4, 0.5, 2]);
      expect([res.up, res.down]).toEqual([2, 1]);
      const rows = deRows(res);
      expect(rows[0]).toMatchObject({ id: 'a', logFC: 2, t: null, p: null, adjP: null, foldChangeLinear: 4 });
    });
  }
  it('Welch with one array in a group but replicates in the other is still fold change only', () => {
    const res = differentialExpression(k, { probes: ['a'], log2: Float64Array.from([1, 2, 3]), nArrays: 3, groups: groupsFromLabels(['x', 'y', 'y']) }, { method: 'welch' });
    expect(res.foldChangeOnly).toBe(true);
    const mod = differentialExpression(k, { probes: ['a', 'b'], log2: Float64Array.from([1, 2, 2, 3, 3, 5]), nArrays: 3, groups: groupsFromLabels(['x', 'y', 'y']) });
    expect(mod.foldChangeOnly).toBe(false);
  });
});

describe('groups, cut-off and significance filter', () => {
  it('groupsFromLabels: first label to appear is the first group; blanks left out; errors for 1 or 3 groups', () => {
    expect(Array.from(groupsFromLabels(['T', '', 'B', 'T', null]).groupOfArray)).toEqual([0, -1, 1, 0, -1]);
    expect(groupsFromLabels(['T', 'B'], ['B', 'T']).labels).toEqual(['B', 'T']);
    expect(() => groupsFromLabels(['a', 'a'])).toThrow(GroupError);
    expect(() => groupsFromLabels(['a', 'b', 'c'])).toThrow(/exactly two groups.*found 3/);
    expect(Array.from(groupsFromLabels(['a', 'b', 'c'], ['a', 'c']).groupOfArray)).toEqual([0, -1, 1]);
    expect(() => groupsFromLabels(['a', 'b'], ['a', 'z'])).toThrow(/no array is in group "z"/);
  });
  it('classifyProbes honours cut-off, basis and adjusted-p filter', () => {
    const log2 = columnMajor(all.log2_expression);
    const res = differentialExpression(k, { probes: all.probes, log2, nArrays: 12, groups: groupsFromLabels(all.group) }, { foldChangeCutoff: 1.5 });
    const c15 = countRegulated(res);
    expect(c15).toEqual({ up: res.up, down: res.down });
    const c3 = countRegulated(res, { cutoff: 3 });
    expect(c3.up).toBeLessThanOrEqual(c15.up);
    const sig = countRegulated(res, { maxAdjP: 0.05 });
    expect(sig.up + sig.down).toBeLessThanOrEqual(c15.up + c15.down);
    const cls = classifyProbes(res, { basis: 'log2' });
    for (let i = 0; i < cls.length; i++) {
      const fc = res.foldChangeLog2[i];
      expect(cls[i]).toBe(fc >= 1.5 ? 1 : fc <= 1 / 1.5 ? -1 : 0);
    }
    expect(() => differentialExpression(k, { probes: ['a'], log2: Float64Array.from([1, 2]), nArrays: 2, groups: groupsFromLabels(['x', 'y']) }, { foldChangeCutoff: 0.5 })).toThrow(/at least 1/);
  });
});
