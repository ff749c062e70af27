/**
 * The Exosome QC view's pure parts on the demo data: the size figure (linear axis in 10ᵉ units,
 * log axis in decades, one SVG path per sample, no NaN), the RNA chart (head room for the bracket,
 * the compared pair), the tables (per-sample numbers as numbers, the by-group table one column per
 * group), and the methods paragraph, which changes when a setting changes.
 */
import { describe, expect, it } from 'vitest';
import { parseNta } from '../../src/formats/nta.ts';
import { parseRnaYield } from '../../src/formats/rna-yield.ts';
import { addNtaSample, setRnaYield } from '../../src/study/exosome-data.ts';
import { analyzeExosome } from '../../src/study/exosome-analysis.ts';
import { DEFAULT_EXOSOME_SETTINGS, exosomeSettings, withExosomeSettings, type ExosomeSettings } from '../../src/study/exosome-settings.ts';
import { newStudy } from '../../src/study/model.ts';
import { buildRnaFigure, buildSizeFigure, rnaFigureSvg, sizeFigureSvg, type SizeFigureInput } from '../../src/views/exosome/figures.ts';
import { groupSizeTable, methodsText, rnaTable, sampleTable, testsTable } from '../../src/views/exosome/tables.ts';
import { sci, fmtP, pEquals } from '../../src/views/exosome/format.ts';
import { generateDemo } from '../../scripts/demo/generate.ts';
import { DEMO_MANIFEST } from '../../src/study/demo-manifest.ts';

const demo = generateDemo();
const ex = DEMO_MANIFEST.exosome;
let data = setRnaYield(undefined, parseRnaYield(demo.files.get(ex.rnaYield)!, 'rna-yield.csv'), 'rna');
for (const e of ex.nta) data = addNtaSample(data, parseNta(demo.files.get(e.path)!, e.path.split('/').pop()!), e.name);
const run = (s: Partial<ExosomeSettings> = {}) => analyzeExosome(data, { ...DEFAULT_EXOSOME_SETTINGS, ...s });

const sizeInput = (r: ReturnType<typeof run>, s: Partial<SizeFigureInput> = {}): SizeFigureInput => ({
  samples: r.samples, groupMeans: r.groupMeans, groups: r.groups, scale: 'linear', sizeMax: 500, showGroupMeans: false,
  title: 'T', xLabel: 'Particle size (nm)', yLabelLinear: (u) => `Concentration (${u} particles/ml)`, yLabelLog: 'log', groupLabel: (g, n) => `${g} (n = ${n})`,
  meanLabel: (g) => `${g}: mean`, guideLabel: '100 nm', ...s,
});
const fmt = (x: number) => String(x);

describe('size figure', () => {
  const r = run();

  it('linear: ticks in units of 10^e covering the highest bin; one path per sample; the 100 nm guide', () => {
    const f = buildSizeFigure(sizeInput(r));
    const max = Math.max(...f.curves.flatMap((c) => c.y));
    expect(f.yExp).toBe(Math.floor(Math.log10(max)));
    expect(f.yLabel).toBe('Concentration (10⁹ particles/ml)');
    expect(f.yMax).toBeGreaterThanOrEqual(max);
    expect(f.curves).toHaveLength(9);
    expect(f.curves.every((c) => c.x[c.x.length - 1] <= 500)).toBe(true);
    expect(f.legend.map((l) => l.label)).toEqual(['Bz-responsive (n = 3)', 'Bz-resistant (n = 3)', 'Healthy control (n = 3)']);
    const svg = sizeFigureSvg(f, fmt);
    expect(svg.match(/<path d="M/g)).toHaveLength(9);
    expect(svg).not.toMatch(/NaN|Infinity|undefined/);
    expect(svg).toContain('100 nm');
  });

  it('log: decades from at most 10⁴ below the top; group means add thick lines', () => {
    const f = buildSizeFigure(sizeInput(r, { scale: 'log', showGroupMeans: true }));
    expect(f.yTicks.every((t) => Number.isInteger(Math.log10(t)))).toBe(true);
    expect(Math.log10(f.yMax) - Math.log10(f.yMin)).toBeLessThanOrEqual(4);
    expect(f.curves).toHaveLength(12);
    expect(f.curves.slice(9).map((c) => c.label)).toEqual(['Bz-responsive: mean', 'Bz-resistant: mean', 'Healthy control: mean']);
    expect(sizeFigureSvg(f, fmt)).not.toMatch(/NaN|Infinity/);
  });
});

describe('RNA chart', () => {
  it('leaves room above the highest value for the bracket between the compared groups', () => {
    const r = run();
    const f = buildRnaFigure({
      groups: r.rna!.groups, colorGroups: r.groups, pair: r.rna!.pair, bracketText: 'Student t: p = 0.006', overall: 'ANOVA', title: 'RNA', yLabel: 'ng/µl',
      caption: 'c', groupLabel: (g) => g, nLabel: (n) => `n = ${n}`,
    });
    const top = Math.max(...r.rna!.groups.flatMap((g) => [...g.values.map((v) => v.value), g.mean! + g.sd!]));
    expect(f.yMax).toBeGreaterThanOrEqual(1.2 * top);
    expect(f.bracket).toEqual({ a: 0, b: 1, text: 'Student t: p = 0.006' });
    const svg = rnaFigureSvg(f, fmt);
    expect(svg.match(/<circle/g)).toHaveLength(9);
    expect(svg).toContain('Student t: p = 0.006');
    expect(svg).not.toMatch(/NaN|undefined/);
  });
});

describe('tables and methods', () => {
  const r = run();
  const s = DEFAULT_EXOSOME_SETTINGS;

  it('per sample: numbers stay numbers (rounded as shown)', () => {
    const t = sampleTable(r, s);
    expect(t.rows).toHaveLength(9);
    expect(t.columns).toHaveLength(13);
    expect(t.rows[0][0]).toBe('R1');
    expect(t.rows[0][3]).toBe(100);
    expect(typeof t.rows[0][4]).toBe('number');
    expect(t.rows[0][5]).toBe(+r.samples[0].stats.mode.toFixed(1));
  });

  it('by group: one column per group, one row per statistic, mean ± SD', () => {
    const t = groupSizeTable(r, s, 'en');
    expect(t.columns).toEqual(['Statistic', 'Bz-responsive (n = 3)', 'Bz-resistant (n = 3)', 'Healthy control (n = 3)']);
    expect(t.rows).toHaveLength(9);
    expect(t.rows[1][0]).toBe('Mode (nm)');
    expect(t.rows[1][2]).toMatch(/^\d+\.\d ± \d+\.\d$/);
  });

  it('RNA: the paper’s means ± SD and the test in a footnote; all pairs with all three tests', () => {
    const t = rnaTable(r.rna!, s, 'en');
    expect(t.rows.map((row) => row[2])).toEqual(['235.43 ± 3.91', '350.17 ± 37.55', '78.21 ± 45.51']);
    expect(t.footnotes![0]).toContain('Welch t-test (equal variances not assumed)');
    expect(t.footnotes![0]).toContain('p = 0.033'); // the paper's printed p: the default is the row it used
    const tt = testsTable(r.rna!, 'en');
    expect(tt.rows).toHaveLength(3);
    expect(tt.rows[0][6]).toBeCloseTo(0.0327, 3);
  });

  it('the methods paragraph changes when a setting changes', () => {
    const a = methodsText(r, s);
    expect(a).toContain('Welch t-test');
    expect(a).toContain('as exported by NTA');
    expect(a).toContain('One-way ANOVA');
    const b = methodsText(run({ test: 'student', dilution: 'multiply', groupTest: 'kruskal' }), { ...s, test: 'student', dilution: 'multiply', groupTest: 'kruskal' });
    expect(b).toContain('Student t-test');
    expect(b).toContain('multiplied by the dilution factor');
    expect(b).toContain('Kruskal–Wallis');
    expect(b).not.toContain('Welch');
  });
});

describe('settings and formats', () => {
  it('settings persist in study.settings.exosome; bad values fall back to the defaults', () => {
    const st = newStudy('x', { now: new Date(0) });
    expect(exosomeSettings(st)).toEqual(DEFAULT_EXOSOME_SETTINGS);
    const next = withExosomeSettings(st, { test: 'mann-whitney', pair: ['B', 'A'] });
    expect((next.settings.exosome as ExosomeSettings).test).toBe('mann-whitney');
    expect(exosomeSettings(next).pair).toEqual(['B', 'A']);
    expect(exosomeSettings({ settings: { exosome: { scale: 'cubic', sizeMax: 5, pair: ['A', 'A'], test: 7 } } })).toEqual(DEFAULT_EXOSOME_SETTINGS);
  });

  it('numbers: concentrations as a × 10ᵉ, p as journals print it', () => {
    expect(sci(4.62e10, 'en')).toBe('4.62 × 10¹⁰');
    expect(sci(9.996e9, 'en')).toBe('1.00 × 10¹⁰');
    expect(sci(0, 'en')).toBe('0');
    expect(fmtP(0.0327, 'en')).toBe('0.033');
    expect(pEquals(0.0004, 'en')).toBe('p < 0.001');
    expect(pEquals(null, 'en')).toBe('p = –');
  });
});
