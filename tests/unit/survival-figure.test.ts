import { describe, expect, it } from 'vitest';
import { kmByGroup, kaplanMeier, survivalAt } from '../../src/stats/km.ts';
import { atRiskAt, bandRuns, buildKmFigure, freeCorner, gutterWidth, stepValue, timeTicks, KM_PALETTE, type FigureInput } from '../../src/views/survival/figure.ts';
import { kmFigureSvg } from '../../src/views/survival/km-svg.ts';
import { fmtP, fmtTime, fmtPct, pEquals, testLine } from '../../src/views/survival/format.ts';

// survival::aml (Maintained vs Nonmaintained), weeks
const aml = {
  time: [9, 13, 13, 18, 23, 28, 31, 34, 45, 48, 161, 5, 5, 8, 8, 12, 16, 23, 27, 30, 33, 43, 45],
  event: [1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1],
  group: [...Array(11).fill('Maintained'), ...Array(12).fill('Nonmaintained')] as string[],
};

function figureInput(over: Partial<FigureInput> = {}): FigureInput {
  const fits = kmByGroup(aml.time, aml.event, aml.group);
  return {
    fits, labels: { Maintained: 'Maintained', Nonmaintained: 'Nonmaintained' }, unit: 'months', xLabel: 'Weeks', yLabel: 'Survival',
    bands: 'ci', confType: 'log', showMedians: true, showCensor: true,
    testLines: ['Log-rank (Mantel–Cox)', 'χ² = 3.40, df = 1, p = 0.065'], legendTitle: 'Maintenance', atRiskTitle: 'Number at risk', ...over,
  };
}

/** Subjects with observed time ≥ t, counted from the raw data. */
const rawAtRisk = (name: string, t: number) => aml.time.filter((x, i) => aml.group[i] === name && x >= t).length;

describe('KM figure model', () => {
  it('ticks in natural steps of the unit, ending on a tick at or past the last time', () => {
    expect(timeTicks(131.6, 'months')).toEqual([0, 24, 48, 72, 96, 120, 144]);
    expect(timeTicks(26.8, 'months')).toEqual([0, 6, 12, 18, 24, 30]);
    expect(timeTicks(24, 'months')).toEqual([0, 3, 6, 9, 12, 15, 18, 21, 24]);
    expect(timeTicks(4000, 'days')).toEqual([0, 730, 1460, 2190, 2920, 3650, 4380]);
    expect(timeTicks(10.9, 'years')).toEqual([0, 2, 4, 6, 8, 10, 12]);
    expect(timeTicks(0, 'months')).toEqual([0, 1]);
  });

  it('numbers at risk equal survfit n.risk at the curve times and the raw count at the ticks', () => {
    const fit = kaplanMeier(aml.time.slice(0, 11), aml.event.slice(0, 11));
    fit.time.forEach((t, i) => expect(atRiskAt(fit, t)).toBe(fit.nRisk[i]));
    expect(atRiskAt(fit, 0)).toBe(11);
    expect(atRiskAt(fit, 1000)).toBe(0);
    expect(survivalAt(fit, [20, 40]).map((r) => r.nRisk)).toEqual([20, 40].map((t) => atRiskAt(fit, t)));
    const fig = buildKmFigure(figureInput());
    for (const c of fig.curves) expect(c.atRisk).toEqual(fig.xTicks.map((t) => rawAtRisk(c.key, t)));
  });

  it('curves start at (0, 1), follow the fit, stop at the last time; censor marks where n.censor > 0', () => {
    const fig = buildKmFigure(figureInput());
    const fits = kmByGroup(aml.time, aml.event, aml.group);
    fig.curves.forEach((c, i) => {
      expect(c.time).toEqual([0, ...fits[i].time]);
      expect(c.surv).toEqual([1, ...fits[i].surv]);
      expect(c.lower).toEqual([1, ...fits[i].lower]);
      expect(c.censor.map((m) => m.t)).toEqual(fits[i].time.filter((_, j) => fits[i].nCensor[j] > 0));
      expect(c.color).toBe(KM_PALETTE[i]);
      expect(c.legend).toBe(`${c.label} (n = ${fits[i].n}, ${fits[i].events} events)`);
    });
    expect(stepValue(fig.curves[0].time, fig.curves[0].surv, 0)).toBe(1);
    expect(stepValue(fig.curves[0].time, fig.curves[0].surv, 10)).toBeCloseTo(10 / 11, 12);
    expect(stepValue(fig.curves[0].time, fig.curves[0].surv, 162)).toBeNull();
  });

  it('log-log bands leave a gap where S = 1; bootstrap bands read at the curve times', () => {
    const fig = buildKmFigure(figureInput({ confType: 'log-log', fits: kmByGroup(aml.time, aml.event, aml.group, { confType: 'log-log' }) }));
    expect(fig.curves[0].lower[0]).toBeNull();
    expect(bandRuns(fig.curves[0])[0][0]).toBe(1);
    const fits = kmByGroup(aml.time, aml.event, aml.group);
    const boot = { Maintained: { time: Float64Array.from(fits[0].time), lower: Float64Array.from(fits[0].surv, (s) => s * 0.8), upper: Float64Array.from(fits[0].surv, () => NaN) } };
    const fb = buildKmFigure(figureInput({ bands: 'bootstrap', bootstrapBands: boot }));
    expect(fb.curves[0].lower.slice(1)).toEqual(fits[0].surv.map((s) => s * 0.8));
    expect(fb.curves[0].upper.slice(1).every((x) => x === null)).toBe(true);
    expect(fb.curves[1].lower).toEqual([]);
  });

  it('puts the test text in a corner no curve crosses', () => {
    const high = { curves: [{ time: [0, 10, 100], surv: [1, 0.9, 0.85] }], xMax: 100 } as never;
    expect(freeCorner(high)).toBe('bl');
    const low = { curves: [{ time: [0, 2, 10, 100], surv: [1, 0.5, 0.05, 0.05] }], xMax: 100 } as never;
    expect(freeCorner(low)).toBe('tr');
  });

  it('widens the gutter for long group labels, within limits', () => {
    expect(gutterWidth({ curves: [{ label: 'A' }] } as never)).toBe(72);
    expect(gutterWidth({ curves: [{ label: 'Acquired DR' }] } as never)).toBeGreaterThan(100);
    expect(gutterWidth({ curves: [{ label: 'x'.repeat(200) }] } as never)).toBe(200);
  });
});

describe('KM figure as SVG', () => {
  it('has one curve path per group, the test text and the at-risk numbers of km at the ticks', () => {
    const fig = buildKmFigure(figureInput());
    const { svg, width, height } = kmFigureSvg(fig);
    expect(width).toBe(820);
    expect(height).toBeGreaterThan(400);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.match(/<path class="curve"/g)).toHaveLength(2);
    expect(svg).toContain('data-group="Maintained"');
    expect(svg).toContain('χ² = 3.40, df = 1, p = 0.065');
    expect(svg).toContain('>Log-rank (Mantel–Cox)<');
    expect(svg).toContain('>Number at risk<');
    for (const c of fig.curves) {
      const nums = [...svg.matchAll(new RegExp(`class="at-risk" data-group="${c.key}"[^>]*>(\\d+)<`, 'g'))].map((m) => Number(m[1]));
      expect(nums).toEqual(fig.xTicks.map((t) => rawAtRisk(c.key, t)));
    }
    expect(svg.match(/<path class="band"/g)!.length).toBeGreaterThanOrEqual(2);
    expect(svg.match(/<path class="censor"/g)).toHaveLength(2);
    expect(svg.match(/class="median"/g)!.length).toBe(3); // the 0.5 line and one drop per reached median
  });

  it('leaves out bands, medians and censor marks when asked, and escapes user labels', () => {
    const fits = kmByGroup(aml.time, aml.event, aml.group);
    const fig = buildKmFigure(figureInput({ bands: 'none', showMedians: false, showCensor: false, labels: { Maintained: '<b>M & "x"</b>', Nonmaintained: 'N' }, testLines: [] }));
    const { svg } = kmFigureSvg(fig);
    expect(svg).not.toContain('class="band"');
    expect(svg).not.toContain('class="median"');
    expect(svg).not.toContain('class="censor"');
    expect(svg).not.toContain('class="test"');
    expect(svg).toContain('&lt;b&gt;M &amp; &quot;x&quot;&lt;/b&gt;');
    expect(svg).not.toContain('<b>');
    expect(svg.match(/<path class="curve"/g)).toHaveLength(fits.length);
  });

  it('curve paths are steps through every knot of the fit', () => {
    const fig = buildKmFigure(figureInput({ bands: 'none' }));
    const { svg } = kmFigureSvg(fig);
    const d = /<path class="curve" data-group="Maintained" d="([^"]+)"/.exec(svg)![1];
    expect((d.match(/H/g) ?? []).length).toBe(fig.curves[0].time.length - 1);
    expect((d.match(/V/g) ?? []).length).toBe(fig.curves[0].time.length - 1);
  });
});

describe('survival number formats', () => {
  it('writes "not reached" and p-values as journals do, never NaN', () => {
    expect(fmtTime(null, 'months', 'en-GB')).toBe('not reached');
    expect(fmtTime(null, 'months', 'en-GB', true)).toBe('NR');
    expect(fmtTime(NaN, 'months', 'en-GB', true)).toBe('NR');
    expect(fmtTime(56.8249, 'months', 'en-GB')).toBe('56.8');
    expect(fmtTime(400, 'days', 'en-GB')).toBe('400');
    expect(fmtTime(1.234, 'years', 'en-GB')).toBe('1.23');
    expect(fmtP(0.48868, 'en-GB')).toBe('0.489');
    expect(fmtP(0.0004, 'en-GB')).toBe('< 0.001');
    expect(fmtP(1.6148813109163223e-29, 'en-GB', true)).toBe('1.6 × 10⁻²⁹');
    expect(fmtP(null, 'en-GB')).toBe('–');
    expect(fmtP(NaN, 'en-GB')).toBe('–');
    expect(pEquals(0.0004, 'en-GB')).toBe('p < 0.001');
    expect(pEquals(0.049, 'en-GB')).toBe('p = 0.049');
    expect(fmtPct(0.9123, 'en-GB')).toBe('91.2%');
    expect(fmtPct(null, 'en-GB')).toBe('–');
    expect(testLine(1.4321, 2, 0.4887, 'en-GB')).toBe('χ² = 1.43, df = 2, p = 0.489');
    expect(fmtTime(1234.5, 'days', 'de-DE')).toBe('1.235');
  });
});
