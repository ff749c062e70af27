/**
 * The study's array analysis as the worker runs it for the Expression view
 * (src/study/expression-analysis.ts, src/study/array-sources.ts, src/study/expression-settings.ts):
 * the demo study's six GPR files with the default settings (the paper's Methods), GEO series
 * matrix entries, joins of several sources, densities, MA values, group order and settings.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDemo } from '../../scripts/make-demo.ts';
import { loadKernelsNode } from '../../src/kernels/load-node.ts';
import type { Kernels } from '../../src/kernels/kernels.ts';
import { parseGpr, type GprFile } from '../../src/formats/gpr.ts';
import { parseGeoSeriesMatrix } from '../../src/formats/geo-series-matrix.ts';
import { readDelimited } from '../../src/formats/delimited.ts';
import { DEMO_MANIFEST } from '../../src/study/demo-manifest.ts';
import type { ArrayEntry } from '../../src/study/model.ts';
import {
  arrayDensities, maValues, readOutSources, runExpression, expressionTransferables, SourcesError, type ExpressionResult, type ParsedSource,
} from '../../src/study/expression-analysis.ts';
import {
  arrayKey, arrayName, channelRead, groupFromTitle, isControlName, looksLikeGeoSeriesMatrix, looksLikeMatrix, matrixEntries, setArrayGroups, studySources,
  type MatrixSource,
} from '../../src/study/array-sources.ts';
import {
  analysisSettingsKey, chooseGroupOrder, DEFAULT_EXPRESSION_SETTINGS, expressionSettings, needTwoGroupsMessage, type ExpressionSettings,
} from '../../src/study/expression-settings.ts';
import { regulation, toStudyArrayAnalysis } from '../../src/app/array-analysis-client.ts';

let k: Kernels;
let dir = '';
const gprs = new Map<string, GprFile>();
let geo: MatrixSource;
const GEO_FILE = 'tests/fixtures/GSE8972_series_matrix_aFFY.txt';

beforeAll(() => {
  k = loadKernelsNode();
  dir = mkdtempSync(join(tmpdir(), 'mmdr-expression-'));
  writeDemo(dir);
  for (const a of DEMO_MANIFEST.arrays) gprs.set(a.name, parseGpr(new Uint8Array(readFileSync(join(dir, 'arrays', `${a.name}.gpr`))), `${a.name}.gpr`));
  const g = parseGeoSeriesMatrix(new Uint8Array(readFileSync(GEO_FILE)), 'GSE8972_series_matrix_aFFY.txt');
  geo = { format: 'geo', fileName: g.fileName, probes: g.probes, arrays: g.arrays, values: g.values, titles: g.sampleTitles, series: g.accession, platform: g.platform };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const gprEntry = (name: string, group: string): ArrayEntry => ({
  fileId: `f-${name}`, fileName: `${name}.gpr`, group, format: 'gpr', atfVersion: '1.0', type: 'GenePix Results 3', wavelengths: [532, 635],
  spots: 0, distinctNames: 0, emptySpots: 0, controls: 0, flaggedByValue: {},
});
const demoEntries = (): ArrayEntry[] => DEMO_MANIFEST.arrays.map((a) => gprEntry(a.name, a.groupId));
const sources = (id: string): ParsedSource => (id === 'geo' ? { kind: 'geo', matrix: geo } : { kind: 'gpr', gpr: gprs.get(id.slice(2))! });
const run = (arrays: ArrayEntry[], s: ExpressionSettings, order: [string, string]): ExpressionResult =>
  runExpression(k, { arrays, settings: s, order }, readOutSources(k, arrays, s, sources));

describe('the demo study with the default settings (the paper\'s Methods)', () => {
  let r: ExpressionResult;
  beforeAll(() => {
    const arrays = demoEntries();
    const order = chooseGroupOrder(arrays.map((a) => a.group), null).order!;
    r = run(arrays, DEFAULT_EXPRESSION_SETTINGS, order);
  });

  it('compares Bz-resistant with Bz-responsive by default (the resistant-looking group is the comparison)', () => {
    expect(r.order).toEqual(['Bz-responsive', 'Bz-resistant']);
    expect(r.de.groups).toEqual([{ label: 'Bz-responsive', arrays: 3 }, { label: 'Bz-resistant', arrays: 3 }]);
  });
  it('leaves out the control spots the GPR reader marks (Hy3 and the 20 spike-ins): 3180 probes', () => {
    expect(r.probes).toHaveLength(3180);
    expect(r.readOut.excludedRows).toBe(21);
    expect(r.readOut.controlNames).toContain('Hy3');
    expect(r.readOut.controlNames.filter((n) => n.startsWith('spike_control_'))).toHaveLength(20);
    expect(r.readOut.channels).toEqual([532, 532, 532, 532, 532, 532]);
    expect(r.arrays).toEqual(['R1', 'R2', 'R3', 'S1', 'S2', 'S3']);
  });
  it('83 up and 88 down at 2-fold; miR-16-5p 3.91-fold lower in resistant (within 2 %)', () => {
    const cls = regulation(r, DEFAULT_EXPRESSION_SETTINGS);
    expect([cls.filter((c) => c > 0).length, cls.filter((c) => c < 0).length]).toEqual([83, 88]);
    const i = r.probes.indexOf('hsa-miR-16-5p');
    expect(Math.abs(1 / r.de.foldChangeLinear[i] / 3.91 - 1)).toBeLessThan(0.02);
    expect(r.normalization.selected! / 3180).toBeGreaterThan(0.4);
    expect(r.normalization.factors).toHaveLength(6);
  });
  it('the shared StudyArrayAnalysis shape: columns, DE rows in probe order, up/down ids, filter', () => {
    const a = toStudyArrayAnalysis(r, DEFAULT_EXPRESSION_SETTINGS);
    expect(a.log2).toHaveLength(6);
    expect(a.log2[0]).toHaveLength(3180);
    expect(a.log2[1][5]).toBe(r.values[3180 + 5]);
    expect(a.de[10].id).toBe(a.probes[10]);
    expect([a.up.length, a.down.length]).toEqual([83, 88]);
    expect(a.down).toContain('hsa-miR-16-5p');
    expect(a.pooled).toBe(false);
    expect(a.groupOrder).toEqual(['Bz-responsive', 'Bz-resistant']);
    expect(a.qc.nSelected).toBe(r.normalization.selected);
    const downAdjP = a.down.map((id) => r.de.adjP![r.probes.indexOf(id)]).sort((x, y) => x - y);
    const strict = toStudyArrayAnalysis(r, { ...DEFAULT_EXPRESSION_SETTINGS, maxAdjP: downAdjP[44] });
    expect(strict.down.length).toBeGreaterThanOrEqual(45);
    expect(strict.down.length).toBeLessThan(88);
    for (const id of strict.down) expect(r.de.adjP![r.probes.indexOf(id)]).toBeLessThanOrEqual(downAdjP[44]);
    const three = toStudyArrayAnalysis(r, { ...DEFAULT_EXPRESSION_SETTINGS, foldChangeCutoff: 3 });
    expect(three.up.length + three.down.length).toBeLessThan(171);
  });
  it('QC extras: densities on one grid that integrate to ~1, MA against the other arrays of the group', () => {
    const d = r.qc.densityAfter;
    expect(d.y).toHaveLength(6);
    const dx = d.x[1] - d.x[0];
    for (const y of d.y) expect(y.reduce((a, b) => a + b, 0) * dx).toBeCloseTo(1, 2);
    expect(r.qc.ma.reference).toEqual(['group', 'group', 'group', 'group', 'group', 'group']);
    const i = 7;
    const nP = r.probes.length;
    const ref = (r.values[nP + i] + r.values[2 * nP + i]) / 2;
    expect(r.qc.ma.m[i]).toBeCloseTo(r.values[i] - ref, 12);
    expect(r.qc.ma.a[i]).toBeCloseTo((r.values[i] + ref) / 2, 12);
  });
  it('every buffer of the result is transferable once, and none is shared with the read-out', () => {
    const bufs = expressionTransferables(r);
    expect(new Set(bufs).size).toBe(bufs.length);
    expect(bufs).toContain(r.values.buffer);
    expect(bufs).toContain(r.de.logFC.buffer);
  });
  it('quantile normalization changes the counts', () => {
    const q = run(demoEntries(), { ...DEFAULT_EXPRESSION_SETTINGS, normalization: 'quantile' }, ['Bz-responsive', 'Bz-resistant']);
    const cls = regulation(q, DEFAULT_EXPRESSION_SETTINGS);
    expect([cls.filter((c) => c > 0).length, cls.filter((c) => c < 0).length]).not.toEqual([83, 88]);
    expect(q.normalization.selected).toBeNull();
  });
  it('with controls kept the Hy3 and spike-in rows are analysed too', () => {
    const all = run(demoEntries(), { ...DEFAULT_EXPRESSION_SETTINGS, excludeControls: false }, ['Bz-responsive', 'Bz-resistant']);
    expect(all.probes).toHaveLength(3201);
    expect(all.probes).toContain('Hy3');
  });
  it('swapping the groups mirrors the fold changes', () => {
    const sw = run(demoEntries(), DEFAULT_EXPRESSION_SETTINGS, ['Bz-resistant', 'Bz-responsive']);
    const i = sw.probes.indexOf('hsa-miR-16-5p');
    expect(Math.abs(sw.de.foldChangeLinear[i] / 3.91 - 1)).toBeLessThan(0.02);
    const cls = regulation(sw, DEFAULT_EXPRESSION_SETTINGS);
    expect([cls.filter((c) => c > 0).length, cls.filter((c) => c < 0).length]).toEqual([88, 83]);
  });
  it('one array per group (pooled design): fold change only', () => {
    const arrays = demoEntries().map((a) => (a.fileId === 'f-R1' || a.fileId === 'f-S1' ? a : { ...a, group: '' }));
    const p = run(arrays, DEFAULT_EXPRESSION_SETTINGS, ['Bz-responsive', 'Bz-resistant']);
    expect(p.de.foldChangeOnly).toBe(true);
    expect(p.de.p).toBeNull();
    expect(toStudyArrayAnalysis(p, DEFAULT_EXPRESSION_SETTINGS).pooled).toBe(true);
    expect(p.groups).toEqual(['Bz-responsive', '', '', 'Bz-resistant', '', '']);
    // arrays without a group are normalized with the others; MA for a lone array uses all others
    expect(p.qc.ma.reference[0]).toBe('all');
  });
});

describe('GEO series matrix entries (GSE8972)', () => {
  const entries = (): ArrayEntry[] => matrixEntries(geo).map((e) => ({ ...e, fileId: 'geo', group: '' }));
  it('one entry per column: 12 488 probes × 24 arrays, linear by GEO2R\'s rule, titles and accession kept', () => {
    const es = entries();
    expect(es).toHaveLength(24);
    expect(es[0]).toMatchObject({ format: 'geo', column: 0, sample: geo.arrays[0], spots: 12488, distinctNames: 12488, scale: 'linear', series: 'GSE8972', platform: 'GPL81' });
    expect(arrayName(es[0])).toBe(geo.titles![0]);
    expect(new Set(es.map(arrayKey)).size).toBe(24);
    expect(studySources(es).matrices).toHaveLength(1);
    expect(es[0].controls).toBeGreaterThan(0); // AFFX- controls
  });
  it('groups from sample titles, then WT vs Nrl ko at P2 with quantile normalization', () => {
    let es = entries();
    es = setArrayGroups(es, Object.fromEntries(es.map((e) => [arrayKey(e), groupFromTitle(e.title!)])));
    expect(new Set(es.map((e) => e.group))).toContain('WT P2');
    const order = chooseGroupOrder(es.map((e) => e.group), null).order!;
    expect(order).toEqual(['WT P2', 'Nrl ko P2']); // wild type reads as the reference
    const r = run(es, { ...DEFAULT_EXPRESSION_SETTINGS, normalization: 'quantile', excludeControls: false }, order);
    expect(r.de.groups).toEqual([{ label: 'WT P2', arrays: 4 }, { label: 'Nrl ko P2', arrays: 4 }]);
    expect(r.probes).toHaveLength(12488);
    expect(r.inputScale).toBe('linear');
    const noCtl = run(es, { ...DEFAULT_EXPRESSION_SETTINGS, normalization: 'quantile' }, order);
    expect(noCtl.probes.length).toBeLessThan(12488);
    expect(noCtl.probes.some((p) => p.startsWith('AFFX'))).toBe(false);
  });
  it('a GPR file and a matrix of a different scale are refused together', () => {
    const es = [...demoEntries(), ...entries().map((e) => ({ ...e, group: 'Bz-resistant' }))];
    expect(() => readOutSources(k, es, { ...DEFAULT_EXPRESSION_SETTINGS, inputScale: 'log2' }, sources)).toThrow(SourcesError);
    expect(() => readOutSources(k, es, DEFAULT_EXPRESSION_SETTINGS, sources)).toThrow(/share no probe id/);
  });
});

describe('joining a GPR read-out and a matrix on probe ids', () => {
  it('inner join in the first source\'s order, columns in study order', () => {
    const base = readOutSources(k, demoEntries().slice(0, 3), DEFAULT_EXPRESSION_SETTINGS, sources);
    const probes = base.input.probes.slice(0, 100).reverse();
    const m: MatrixSource = { format: 'matrix', fileName: 'm.csv', probes: [...probes, 'only-here'], arrays: ['X'], values: [Float64Array.from({ length: 101 }, (_, i) => 100 + i)] };
    const es: ArrayEntry[] = [...matrixEntries(m).map((e) => ({ ...e, fileId: 'm', group: 'B' })), ...demoEntries().slice(0, 3)];
    const ro = readOutSources(k, es, { ...DEFAULT_EXPRESSION_SETTINGS, inputScale: 'linear' }, (id) => (id === 'm' ? { kind: 'matrix', matrix: m } : sources(id)));
    expect(ro.input.arrays).toEqual(['X', 'R1', 'R2', 'R3']);
    expect(ro.input.probes).toEqual(base.input.probes.slice(0, 100));
    const nP = ro.input.probes.length;
    expect(ro.input.values[0]).toBe(100 + 99); // first probe of the GPR order is the matrix's row 99
    expect(ro.input.values[nP]).toBe(base.input.values[0]);
    expect(ro.unmatchedRows).toBeGreaterThan(0);
  });
});

describe('densities and MA values', () => {
  it('a normal sample gives R\'s bw.nrd0 and a density peaking near its mean', () => {
    const n = 2000;
    const v = Float64Array.from({ length: n }, (_, i) => { const u = (i + 0.5) / n; return 8 + Math.SQRT2 * erfinv(2 * u - 1); });
    const d = arrayDensities(v, n, 1, 512);
    expect(d.bandwidth[0]).toBeCloseTo(0.9 * Math.min(sd(v), 1.349 / 1.34) * n ** -0.2, 2);
    const peak = d.x[d.y[0].indexOf(Math.max(...d.y[0]))];
    expect(Math.abs(peak - 8)).toBeLessThan(0.1);
    expect(Math.max(...d.y[0])).toBeCloseTo(1 / Math.sqrt(2 * Math.PI), 1);
  });
  it('MA values with missing cells leave them out of the reference mean', () => {
    const v = Float64Array.from([1, 2, 3, NaN, 5, 6]);
    const ma = maValues(v, 2, ['a', 'a', 'a']);
    expect(ma.m[0]).toBeCloseTo(1 - (3 + 5) / 2, 12);
    expect(ma.m[1]).toBeCloseTo(2 - 6, 12); // array 2 is missing at probe 2
    expect(Number.isNaN(ma.m[3])).toBe(true);
  });
});

describe('sources, names and sniffing', () => {
  it('array keys, names and group edits', () => {
    const g = gprEntry('R1', 'x');
    expect(arrayKey(g)).toBe('f-R1');
    expect(arrayName(g)).toBe('R1');
    const m = { ...g, format: 'geo' as const, column: 3, sample: 'GSM1', title: 'WT 1' };
    expect(arrayKey(m)).toBe('f-R1#3');
    expect(arrayName({ ...m, title: '' })).toBe('GSM1');
    expect(setArrayGroups([g, m], new Map([['f-R1#3', ' B ']])).map((a) => a.group)).toEqual(['x', 'B']);
  });
  it('group labels from sample titles', () => {
    expect(groupFromTitle('Nrl ko P2 replicate 1')).toBe('Nrl ko P2');
    expect(groupFromTitle('WT_rep2')).toBe('WT');
    expect(groupFromTitle('MM resistant (3)')).toBe('MM resistant');
    expect(groupFromTitle('Patient 7')).toBe('Patient');
    expect(groupFromTitle('17')).toBe('17');
  });
  it('channel read from the wavelengths: Hy3 → 532 nm', () => {
    expect(channelRead([532, 635], 'Hy3')).toBe(532);
    expect(channelRead([532, 635], 635)).toBe(635);
    expect(channelRead([532, 635], null)).toBeNull();
    expect(channelRead([635], null)).toBe(635);
    expect(channelRead([635], 'Cy3')).toBeNull();
  });
  it('control names: the GPR reader\'s words and AFFX- probes, not miRNAs', () => {
    for (const n of ['Hy3', 'spike_control_a', 'Empty', 'AFFX-BioB-5_at', 'Buffer']) expect(isControlName(n), n).toBe(true);
    for (const n of ['hsa-miR-16-5p', 'hsa-let-7a-5p', '1000_at']) expect(isControlName(n), n).toBe(false);
  });
  it('GEO and matrix sniffing; a cohort table is not a matrix', () => {
    expect(looksLikeGeoSeriesMatrix(readFileSync(GEO_FILE, 'latin1').slice(0, 65536))).toBe(true);
    expect(looksLikeGeoSeriesMatrix('probe,a,b\nx,1,2\n')).toBe(false);
    const rows = (t: string, name = 'x.csv') => readDelimited(new TextEncoder().encode(t), name, { header: false, keepRagged: true }).rows;
    expect(looksLikeMatrix(rows('probe,A1,A2\nmiR-1,10,NA\nmiR-2,3.5,7\nmiR-3,1,2\n'), 'x.csv')).toBe(true);
    expect(looksLikeMatrix(rows('"","A1","A2"\n"miR-1",10,11\n"miR-2",3,4\n"miR-3",1,2\n'), 'x.csv')).toBe(true);
    expect(looksLikeMatrix(rows('A1\tA2\nmiR-1\t10\t11\nmiR-2\t3\t4\nmiR-3\t1\t2\n'), 'x.tsv')).toBe(true); // R-style header
    expect(looksLikeMatrix(rows('sample,A1,A2\nmiR-1,10,11\nmiR-2,3,4\nmiR-3,1,2\n'), 'x.csv')).toBe(false);
    expect(looksLikeMatrix(rows('sample,A1,A2\nmiR-1,10,11\nmiR-2,3,4\nmiR-3,1,2\n'), 'my_matrix.csv')).toBe(true);
    const cohort = readFileSync(join(dir, 'cohort.csv'));
    expect(looksLikeMatrix(readDelimited(cohort, 'cohort.csv', { header: false, keepRagged: true }).rows, 'cohort.csv')).toBe(false);
    expect(looksLikeMatrix(rows('probe,age,sex\np1,60,M\np2,70,F\np3,1,M\n'), 'x.csv')).toBe(false);
  });
});

describe('settings', () => {
  it('defaults are the paper\'s Methods with controls left out', () => {
    expect(DEFAULT_EXPRESSION_SETTINGS).toMatchObject({
      channel: 532, background: 'median', dropFlagged: true, averageReplicates: true, normalization: 'median', threshold: 30, log2: true,
      method: 'moderated', foldChangeCutoff: 2, foldChangeBasis: 'linear', excludeControls: true, maxAdjP: null, groupOrder: null,
    });
    expect(expressionSettings(undefined)).toEqual(DEFAULT_EXPRESSION_SETTINGS);
  });
  it('persisted values are validated, gaps filled', () => {
    const s = expressionSettings({ normalization: 'quantile', threshold: -1, method: 'nope', maxAdjP: 0.05, groupOrder: ['a', 'a'], channel: 'Hy3', foldChangeCutoff: 0.5 });
    expect(s).toMatchObject({ normalization: 'quantile', threshold: 30, method: 'moderated', maxAdjP: 0.05, groupOrder: null, channel: 'Hy3', foldChangeCutoff: 2 });
    expect(expressionSettings({ maxAdjP: 2 }).maxAdjP).toBeNull();
    expect(expressionSettings({ groupOrder: ['S', 'R'] }).groupOrder).toEqual(['S', 'R']);
  });
  it('the analysis key ignores the cut-off and the filter (they only classify)', () => {
    const d = DEFAULT_EXPRESSION_SETTINGS;
    expect(analysisSettingsKey({ ...d, foldChangeCutoff: 3, maxAdjP: 0.1, foldChangeBasis: 'log2' })).toBe(analysisSettingsKey(d));
    expect(analysisSettingsKey({ ...d, normalization: 'scale' })).not.toBe(analysisSettingsKey(d));
  });
  it('group order: saved, else the resistant-looking group is the comparison, else first appearance', () => {
    expect(chooseGroupOrder(['Bz-resistant', 'Bz-responsive'], null).order).toEqual(['Bz-responsive', 'Bz-resistant']);
    expect(chooseGroupOrder(['Healthy control', 'Bz-resistant', 'Bz-responsive'], null).order).toEqual(['Bz-responsive', 'Bz-resistant']);
    expect(chooseGroupOrder(['non-responder', 'responder'], null).order).toEqual(['responder', 'non-responder']);
    expect(chooseGroupOrder(['耐药', '敏感'], null).order).toEqual(['敏感', '耐药']);
    expect(chooseGroupOrder(['A', 'B', 'A'], null)).toEqual({ groups: ['A', 'B'], order: ['A', 'B'], source: 'auto', rule: 'first' });
    expect(chooseGroupOrder(['Nrl ko P2', 'WT P2', 'Nrl ko P10'], null)).toMatchObject({ order: ['WT P2', 'Nrl ko P2'], rule: 'control' });
    expect(chooseGroupOrder(['A', 'B'], ['B', 'A'])).toMatchObject({ order: ['B', 'A'], source: 'saved' });
    expect(chooseGroupOrder(['A', 'B'], ['B', 'C']).source).toBe('auto');
    expect(chooseGroupOrder(['A', '', 'A'], null).order).toBeNull();
    expect(needTwoGroupsMessage(['A'])).toMatch(/Only one sample group \(A\)/);
  });
});

function sd(v: Float64Array): number {
  const m = v.reduce((a, b) => a + b, 0) / v.length;
  return Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1));
}

/** Inverse error function (Giles' approximation, ~1e-9 here). */
function erfinv(x: number): number {
  let w = -Math.log((1 - x) * (1 + x));
  let p: number;
  if (w < 6.25) {
    w -= 3.125;
    p = -3.6444120640178196996e-21; p = -1.685059138182016589e-19 + p * w; p = 1.2858480715256400167e-18 + p * w; p = 1.115787767802518096e-17 + p * w;
    p = -1.333171662854620906e-16 + p * w; p = 2.0972767875968561637e-17 + p * w; p = 6.6376381343583238325e-15 + p * w; p = -4.0545662729752068639e-14 + p * w;
    p = -8.1519341976054721522e-14 + p * w; p = 2.6335093153082322977e-12 + p * w; p = -1.2975133253453532498e-11 + p * w; p = -5.4154120542946279317e-11 + p * w;
    p = 1.051212273321532285e-09 + p * w; p = -4.1126339803469836976e-09 + p * w; p = -2.9070369957882005086e-08 + p * w; p = 4.2347877827932403518e-07 + p * w;
    p = -1.3654692000834678645e-06 + p * w; p = -1.3882523362786468719e-05 + p * w; p = 0.0001867342080340571352 + p * w; p = -0.00074070253416626697512 + p * w;
    p = -0.0060336708714301490533 + p * w; p = 0.24015818242558961693 + p * w; p = 1.6536545626831027356 + p * w;
  } else if (w < 16) {
    w = Math.sqrt(w) - 3.25;
    p = 2.2137376921775787049e-09; p = 9.0756561938885390979e-08 + p * w; p = -2.7517406297064545428e-07 + p * w; p = 1.8239629214389227755e-08 + p * w;
    p = 1.5027403968909827627e-06 + p * w; p = -4.013867526981545969e-06 + p * w; p = 2.9234449089955446044e-06 + p * w; p = 1.2475304481671778723e-05 + p * w;
    p = -4.7318229009055733981e-05 + p * w; p = 6.8284851459573175448e-05 + p * w; p = 2.4031110387097893999e-05 + p * w; p = -0.0003550375203628474796 + p * w;
    p = 0.00095328937973738049703 + p * w; p = -0.0016882755560235047313 + p * w; p = 0.0024914420961078508066 + p * w; p = -0.0037512085075692412107 + p * w;
    p = 0.005370914553590063617 + p * w; p = 1.0052589676941592334 + p * w; p = 3.0838856104922207635 + p * w;
  } else {
    w = Math.sqrt(w) - 5;
    p = -2.7109920616438573243e-11; p = -2.5556418169965252055e-10 + p * w; p = 1.5076572693500548083e-09 + p * w; p = -3.7894654401267369937e-09 + p * w;
    p = 7.6157012080783393804e-09 + p * w; p = -1.4960026627149240478e-08 + p * w; p = 2.9147953450901080826e-08 + p * w; p = -6.7711997758452339498e-08 + p * w;
    p = 2.2900482228026654717e-07 + p * w; p = -9.9298272942317002539e-07 + p * w; p = 4.5260625972231537039e-06 + p * w; p = -1.9681778105531670567e-05 + p * w;
    p = 7.5995277030017761139e-05 + p * w; p = -0.00021503011930044477347 + p * w; p = -0.00013871931833623122026 + p * w; p = 1.0103004648645343977 + p * w;
    p = 4.8499064014085844221 + p * w;
  }
  return p * x;
}
