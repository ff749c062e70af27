/**
 * The Expression view's pure parts on the demo study's result: figure descriptions (volcano,
 * fold-change plot, MA, boxplots, densities), their SVG renderings, the DE table model (rows, search,
 * filters, sorting, pages, export) and the QC/matrix/methods tables.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDemo } from '../../scripts/make-demo.ts';
import { loadKernelsNode } from '../../src/kernels/load-node.ts';
import type { Kernels } from '../../src/kernels/kernels.ts';
import { parseGpr, type GprFile } from '../../src/formats/gpr.ts';
import { DEMO_MANIFEST } from '../../src/study/demo-manifest.ts';
import type { ArrayEntry } from '../../src/study/model.ts';
import { readOutSources, runExpression, type ExpressionResult } from '../../src/study/expression-analysis.ts';
import { DEFAULT_EXPRESSION_SETTINGS } from '../../src/study/expression-settings.ts';
import { regulation } from '../../src/app/array-analysis-client.ts';
import {
  boxFigure, densityFigure, groupColors, maFigure, pAtAdjCutoff, placeLabels, REGULATION_PALETTE, rotateLabels, runningMedian, topRegulated, volcanoFigure,
} from '../../src/views/expression/figure.ts';
import { plotFigureSvg, textWidth } from '../../src/views/expression/plot-svg.ts';
import { deExportTable, deTableRows, defaultQuery, pageOfProbe, queryRows } from '../../src/views/expression/de-table.ts';
import { correlationExportTable, headline, matrixExportTable, methodsText, qcExportTable, qcRows } from '../../src/views/expression/tables.ts';
import { fixed, pValue } from '../../src/views/expression/format.ts';
import { tableToCsv } from '../../src/export/table.ts';

let k: Kernels;
let dir = '';
const gprs = new Map<string, GprFile>();
let r: ExpressionResult;
let pooled: ExpressionResult;
let cls: Int8Array;
const S = DEFAULT_EXPRESSION_SETTINGS;
const ORDER: [string, string] = ['Bz-responsive', 'Bz-resistant'];

const entry = (name: string, group: string): ArrayEntry => ({
  fileId: name, fileName: `${name}.gpr`, group, format: 'gpr', atfVersion: '1.0', type: 'GenePix Results 3', wavelengths: [532, 635],
  spots: 0, distinctNames: 0, emptySpots: 0, controls: 0, flaggedByValue: {},
});
const run = (arrays: ArrayEntry[]) => runExpression(k, { arrays, settings: S, order: ORDER },
  readOutSources(k, arrays, S, (id) => ({ kind: 'gpr', gpr: gprs.get(id)! })));

beforeAll(() => {
  k = loadKernelsNode();
  dir = mkdtempSync(join(tmpdir(), 'mmdr-expression-views-'));
  writeDemo(dir);
  for (const a of DEMO_MANIFEST.arrays) gprs.set(a.name, parseGpr(new Uint8Array(readFileSync(join(dir, 'arrays', `${a.name}.gpr`))), `${a.name}.gpr`));
  const arrays = DEMO_MANIFEST.arrays.map((a) => entry(a.name, a.groupId));
  r = run(arrays);
  cls = regulation(r, S);
  pooled = run(arrays.map((a) => (a.fileId === 'R1' || a.fileId === 'S1' ? a : { ...a, group: '' })));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('figures', () => {
  it('volcano: one point per probe coloured by the table\'s classification, cut-off lines, top probes labelled', () => {
    const f = volcanoFigure(r, cls, { cutoff: 2, maxAdjP: null, loc: 'en-GB' });
    expect(f.title).toBe('Volcano plot: Bz-resistant vs Bz-responsive');
    expect(f.points!.x).toHaveLength(3180);
    expect(f.points!.cls.filter((c) => c === 1)).toHaveLength(83);
    expect(f.points!.cls.filter((c) => c === 2)).toHaveLength(88);
    expect(f.points!.palette).toEqual(REGULATION_PALETTE);
    const i = r.probes.indexOf('hsa-miR-16-5p');
    expect(f.points!.x[i]).toBeCloseTo(r.de.logFC[i], 12);
    expect(f.points!.y[i]).toBeCloseTo(-Math.log10(r.de.p![i]), 12);
    expect(f.rules.map((x) => [x.axis, x.value])).toEqual([['x', -1], ['x', 1]]);
    expect(f.labels).toHaveLength(8);
    expect(f.legend.map((l) => l.label)).toEqual(['Higher in Bz-resistant (83)', 'Lower in Bz-resistant (88)', 'Below the cut-off']);
    expect(f.xRange[0]).toBe(-f.xRange[1]);
    expect(f.yRange[0]).toBe(0);
  });
  it('volcano with a BH filter draws the p at which adjusted p reaches it', () => {
    const strict = regulation(r, { ...S, maxAdjP: 0.05 });
    const f = volcanoFigure(r, strict, { cutoff: 2, maxAdjP: 0.05, loc: 'en-GB' });
    const pc = pAtAdjCutoff(r.de.p!, r.de.adjP!, 0.05)!;
    expect(f.rules[2]).toMatchObject({ axis: 'y', value: -Math.log10(pc), label: 'BH-adjusted p = 0.05' });
    for (let i = 0; i < r.probes.length; i++) if (r.de.adjP![i] <= 0.05) expect(r.de.p![i]).toBeLessThanOrEqual(pc);
  });
  it('pooled design: a fold-change plot (average expression vs log2FC), labelled by fold change', () => {
    const c = regulation(pooled, S);
    const f = volcanoFigure(pooled, c, { cutoff: 2, maxAdjP: 0.05, loc: 'en-GB' });
    expect(f.title).toBe('Fold change: Bz-resistant vs Bz-responsive');
    expect(f.yLabel).toMatch(/log2 fold change/);
    expect(f.rules.map((x) => [x.axis, x.value])).toEqual([['y', 0], ['y', -1], ['y', 1]]);
    const top = topRegulated(pooled, c, 3);
    expect(Math.abs(pooled.de.logFC[top[0]])).toBeGreaterThanOrEqual(Math.abs(pooled.de.logFC[top[2]]));
  });
  it('MA plot against the other arrays of the group, with a running median', () => {
    const f = maFigure(r, 3, cls, 'en-GB');
    expect(f.title).toBe('MA plot: S1 against the other arrays of Bz-resistant');
    expect(f.points!.x).toHaveLength(3180);
    expect(f.lines[0].x.length).toBeGreaterThan(20);
    const m = runningMedian(Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), Float64Array.from([0, 0, 0, 0, 0, 1, 1, 1, 1, 1]), 2);
    expect(m).toEqual({ x: [3, 8], y: [0, 1] });
  });
  it('boxplots and densities: one box or curve per array, coloured by group', () => {
    const colors = groupColors(r.groups, r.order);
    const b = boxFigure(r.qc.after, r, 'After', 'log2');
    expect(b.boxes).toHaveLength(6);
    expect(b.boxes[0]).toMatchObject({ x: 1, label: 'R1', color: colors.get('Bz-responsive'), median: r.qc.after[0].median });
    expect(b.xTickLabels).toEqual(['R1', 'R2', 'R3', 'S1', 'S2', 'S3']);
    expect(b.legend.map((l) => l.label)).toEqual(['Bz-responsive', 'Bz-resistant']);
    const d = densityFigure(r.qc.densityAfter, r, 'After', 'log2');
    expect(d.lines).toHaveLength(6);
    expect(d.lines[5].color).toBe(colors.get('Bz-resistant'));
    expect(rotateLabels(['R1', 'R2'])).toBe(false);
    expect(rotateLabels(Array.from({ length: 24 }, (_, i) => `GSM${i}`))).toBe(true);
  });
});

describe('SVG renderings', () => {
  it('the volcano SVG: every finite point once, in class groups, lines, legend, labels, escaped text', () => {
    const f = volcanoFigure(r, cls, { cutoff: 2, maxAdjP: 0.05, loc: 'en-GB' });
    const s = plotFigureSvg({ ...f, title: 'A <b> & "c"' }, { locale: 'en-GB' });
    expect(s.svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(s.svg.endsWith('</svg>')).toBe(true);
    expect(s.svg).toContain('A &lt;b&gt; &amp; &quot;c&quot;');
    const finite = Array.from(f.points!.x).filter((x, i) => Number.isFinite(x) && Number.isFinite(f.points!.y[i])).length;
    expect(s.svg.match(/<circle cx="[^"]*" cy="[^"]*" r="2.6"\/>/g)).toHaveLength(finite);
    expect(s.svg.match(/class="points"/g)).toHaveLength(3);
    expect(s.svg.match(/class="rule"/g)).toHaveLength(3);
    expect(s.svg.match(/class="legend-item"/g)).toHaveLength(3);
    const placed = s.svg.match(/class="point-label"/g)!.length;
    expect(placed).toBeGreaterThanOrEqual(4);
    expect(placed).toBeLessThanOrEqual(8);
    expect(s.svg).toContain('Higher in Bz-resistant (83)');
    expect(s.width).toBe(760);
    expect(s.height).toBeGreaterThan(420);
    expect(s.svg).not.toMatch(/NaN|Infinity|undefined/);
  });
  it('boxplots with many arrays get rotated category labels; densities are paths', () => {
    const many = { arrays: Array.from({ length: 12 }, (_, i) => `Sample number ${i}`), groups: Array.from({ length: 12 }, (_, i) => (i < 6 ? 'A' : 'B')), order: ['A', 'B'] as [string, string] };
    const dist = Array.from({ length: 12 }, (_, i) => ({ n: 10, missing: 0, min: i, q1: i + 1, median: i + 2, q3: i + 3, max: i + 4, mean: i + 2 }));
    const s = plotFigureSvg(boxFigure(dist, many, 'Boxes', 'log2'));
    expect(s.svg.match(/class="box"/g)).toHaveLength(12);
    expect(s.svg.match(/rotate\(-45/g)).toHaveLength(12);
    const d = plotFigureSvg(densityFigure(r.qc.densityBefore, r, 'Before', 'log2 intensity'));
    expect(d.svg.match(/class="curve"/g)).toHaveLength(6);
    expect(d.svg).not.toMatch(/NaN/);
  });
  it('point labels never overlap and stay inside the plot', () => {
    const labels = Array.from({ length: 12 }, (_, i) => ({ x: i * 0.01, y: 5, text: `hsa-miR-${i}-5p`, color: '#000' }));
    const X = (v: number) => 100 + v * 1000;
    const Y = (v: number) => 300 - v * 20;
    const area = { left: 50, right: 400, top: 20, bottom: 300 };
    const p = placeLabels(labels, X, Y, area, 10, (t) => textWidth(t, 10));
    expect(p.length).toBeGreaterThan(1);
    expect(p.length).toBeLessThan(12);
    const boxes = p.map((l) => { const w = textWidth(l.text, 10); return { x0: l.anchor === 'start' ? l.x : l.x - w, x1: l.anchor === 'start' ? l.x + w : l.x, y0: l.y - 10, y1: l.y + 2.5 }; });
    boxes.forEach((a, i) => boxes.slice(i + 1).forEach((b) => expect(a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1).toBe(false)));
    for (const b of boxes) expect(b.x0 >= 50 && b.x1 <= 400 && b.y0 >= 20).toBe(true);
  });
  it('text width counts CJK glyphs as wide', () => {
    expect(textWidth('耐药', 12)).toBeGreaterThan(textWidth('ab', 12));
  });
});

describe('the DE table model', () => {
  it('rows: means per group, fold change both ways, statistics; miR-16-5p 3.91-fold lower', () => {
    const rows = deTableRows(r, cls);
    const m = rows[r.probes.indexOf('hsa-miR-16-5p')];
    expect(m.cls).toBe(-1);
    expect(Math.abs(m.fcInv / 3.91 - 1)).toBeLessThan(0.02);
    expect(m.fc).toBeCloseTo(1 / m.fcInv, 12);
    expect(m.logFC).toBeCloseTo(m.mean2 - m.mean1, 12);
    expect(m.adjP).toBeGreaterThanOrEqual(m.p);
    const log2Rows = deTableRows(r, cls, 'log2');
    expect(log2Rows[m.i].fc).toBeCloseTo(2 ** m.logFC, 12);
  });
  it('default order: smallest p first; search, filters, sort with missing last, pages', () => {
    const rows = deTableRows(r, cls);
    const q = defaultQuery(true);
    const sorted = queryRows(rows, q);
    for (let i = 1; i < 50; i++) expect(sorted[i].p).toBeGreaterThanOrEqual(sorted[i - 1].p);
    expect(queryRows(rows, { ...q, show: 'down' })).toHaveLength(88);
    expect(queryRows(rows, { ...q, show: 'up' })).toHaveLength(83);
    expect(queryRows(rows, { ...q, show: 'regulated' })).toHaveLength(171);
    expect(queryRows(rows, { ...q, search: 'MIR-16-5P' }).map((x) => x.probe)).toContain('hsa-miR-16-5p');
    const byFc = queryRows(rows, { ...q, sort: 'logFC', dir: -1 });
    expect(Math.abs(byFc[0].logFC)).toBeGreaterThanOrEqual(Math.abs(byFc[10].logFC));
    const withNaN = [{ ...rows[0], p: NaN, probe: 'z' }, ...rows.slice(1, 5)];
    expect(queryRows(withNaN, q).at(-1)!.probe).toBe('z');
    expect(queryRows(withNaN, { ...q, dir: -1 }).at(-1)!.probe).toBe('z');
    const i = r.probes.indexOf('hsa-miR-16-5p');
    const page = pageOfProbe(sorted, i, 50);
    expect(sorted.slice(page * 50, page * 50 + 50).some((x) => x.i === i)).toBe(true);
    expect(pageOfProbe(queryRows(rows, { ...q, show: 'up' }), i, 50)).toBe(-1);
    expect(defaultQuery(false)).toMatchObject({ sort: 'logFC', dir: -1 });
  });
  it('the export: header, full-precision numbers, regulation words, footnotes; CSV', () => {
    const rows = queryRows(deTableRows(r, cls), defaultQuery(true));
    const t = deExportTable(r, rows, { cutoff: 2, basis: 'linear', maxAdjP: null, methodName: 'limma moderated t' });
    expect(t.title).toBe('Differential expression Bz-resistant vs Bz-responsive');
    expect(t.columns).toEqual(['Probe', 'Mean log2 Bz-responsive', 'Mean log2 Bz-resistant', 'Mean normalized intensity Bz-responsive', 'Mean normalized intensity Bz-resistant',
      'Fold change Bz-resistant/Bz-responsive', 'Fold change Bz-responsive/Bz-resistant', 'log2FC', 'Average log2 expression', 't', 'p', 'BH-adjusted p', 'B', 'Regulation']);
    expect(t.rows).toHaveLength(3180);
    const row = t.rows.find((x) => x[0] === 'hsa-miR-16-5p')!;
    expect(Math.abs((row[6] as number) / 3.91 - 1)).toBeLessThan(0.02);
    expect(row.at(-1)).toBe('lower in Bz-resistant');
    expect(t.footnotes![1]).toMatch(/ratio of the mean normalized intensities/);
    const csv = tableToCsv(t);
    expect(csv.split('\r\n')[0]).toBe('\uFEFFProbe,Mean log2 Bz-responsive,Mean log2 Bz-resistant,Mean normalized intensity Bz-responsive,Mean normalized intensity Bz-resistant,Fold change Bz-resistant/Bz-responsive,Fold change Bz-responsive/Bz-resistant,log2FC,Average log2 expression,t,p,BH-adjusted p,B,Regulation');
    const pc = deExportTable(pooled, queryRows(deTableRows(pooled, regulation(pooled, S)), defaultQuery(false)), { cutoff: 2, basis: 'linear', maxAdjP: null, methodName: 'fold change only' });
    expect(pc.columns).not.toContain('p');
    expect(pc.footnotes!.at(-1)).toMatch(/fold change only, no p-values/);
  });
});

describe('QC, matrix and methods', () => {
  it('QC rows: one per array with channel, factor and distributions', () => {
    const q = qcRows(r);
    expect(q).toHaveLength(6);
    expect(q[0]).toMatchObject({ array: 'R1', group: 'Bz-responsive', channel: 532, values: r.qc.after[0].n });
    expect(q[0].factor).toBe(r.normalization.factors![0]);
    const t = qcExportTable(r, 'en-GB');
    expect(t.columns[7]).toBe('Median factor');
    expect(t.footnotes![0]).toMatch(/log2 intensities/);
    expect(t.footnotes![1]).toMatch(new RegExp(`^${fixed(r.normalization.selected, 'en-GB', 0)} of 3,180 probes were ≥ 30 in every array`));
  });
  it('correlation and the processed matrix (probes × arrays, log2 normalized)', () => {
    const c = correlationExportTable(r);
    expect(c.columns).toEqual(['', 'R1', 'R2', 'R3', 'S1', 'S2', 'S3']);
    expect(c.rows[2][3]).toBe(1);
    const m = matrixExportTable(r);
    expect(m.columns).toEqual(['probe', 'R1', 'R2', 'R3', 'S1', 'S2', 'S3']);
    expect(m.rows).toHaveLength(3180);
    expect(m.rows[5][2]).toBe(r.values[3180 + 5]);
  });
  it('headline and methods state the counts and every setting', () => {
    expect(headline(r, 83, 88, S, 'en-GB')).toBe('88 probes lower and 83 higher in Bz-resistant than in Bz-responsive (≥ 2-fold), of 3,180.');
    const m = methodsText(r, S, 'en-GB');
    expect(m).toContain('at 532 nm as the foreground median minus the local background median');
    expect(m).toContain('Flagged spots');
    expect(m).toContain('Replicate spots of a probe were averaged');
    expect(m).toContain('≥ 30 in every array');
    expect(m).toContain('limma\'s moderated t');
    expect(m).toContain('Benjamini–Hochberg');
    expect(methodsText(pooled, S, 'en-GB')).toContain('With one array per group only fold changes were computed');
  });
  it('p-values as tables print them', () => {
    expect(pValue(0.04567, 'en-GB')).toBe('0.0457');
    expect(pValue(1.234e-5, 'en-GB')).toBe('1.2 × 10⁻⁵');
    expect(pValue(9.96e-5, 'en-GB')).toBe('1.0 × 10⁻⁴');
    expect(pValue(NaN, 'en-GB')).toBe('–');
    expect(pValue(null, 'en-GB')).toBe('–');
  });
});
