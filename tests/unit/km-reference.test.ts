import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import {
  kaplanMeier, kmByGroup, restrictedMean, survivalAt, medianTime, sortLevels, confidenceBand, zFor, type ConfType,
} from '../../src/stats/km.ts';

/** R's answers (tests/fixtures/PROVENANCE.md): survfit on survival::myeloma, mgus2, aml and a tie-heavy hand case. */
interface KmCase {
  name: string;
  input: { time: number[]; status: number[] };
  [conf: string]: unknown;
}
interface KmConf {
  time: number[]; n_risk: number[]; n_event: number[]; n_censor: number[];
  surv: number[]; std_err: (number | null)[]; lower: (number | null)[]; upper: (number | null)[];
  median: number | null; median_lower: number | null; median_upper: number | null; rmean: number; rmean_se: number;
}
interface KmGroupsCase {
  name: string; input: { time: number[]; status: number[]; group: string[] }; group_levels: string[];
  n: number[]; events: number[]; median: (number | null)[]; median_lower: (number | null)[]; median_upper: (number | null)[];
  rmean_individual: number[]; rmean_individual_se: number[]; rmean_common: number[]; rmean_common_se: number[];
}

const km = JSON.parse(readFileSync('tests/fixtures/km.json', 'utf8')) as KmCase[];
const kmGroups = JSON.parse(readFileSync('tests/fixtures/km-groups.json', 'utf8')) as KmGroupsCase[];

/** Largest relative error seen over the whole file (reported in the last test). */
let worst = 0;
const TOL = 1e-6;

/** Exact for counts/times; 1e-6 relative otherwise; null must match null (R's NA). */
function close(actual: number | null, expected: number | null, what: string, exact = false): void {
  if (expected === null || actual === null) {
    expect(actual, what).toBe(expected);
    return;
  }
  if (exact) { expect(actual, what).toBe(expected); return; }
  const rel = Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);
  worst = Math.max(worst, rel);
  expect(rel, `${what}: got ${actual}, R ${expected}`).toBeLessThanOrEqual(TOL);
}

function closeAll(actual: (number | null)[], expected: (number | null)[], what: string, exact = false): void {
  expect(actual.length, `${what} length`).toBe(expected.length);
  expected.forEach((e, i) => close(actual[i], e, `${what}[${i}]`, exact));
}

const CONFS: [string, ConfType][] = [['conf_log', 'log'], ['conf_loglog', 'log-log'], ['conf_plain', 'plain']];

describe('Kaplan–Meier = survfit (tests/fixtures/km.json)', () => {
  for (const c of km) {
    for (const [key, confType] of CONFS) {
      it(`${c.name}, conf.type = "${confType}": every column, median with CI, rmean with SE`, () => {
        const r = c[key] as KmConf;
        const f = kaplanMeier(c.input.time, c.input.status, { confType });
        closeAll(f.time, r.time, 'time', true);
        closeAll(f.nRisk, r.n_risk, 'n.risk', true);
        closeAll(f.nEvent, r.n_event, 'n.event', true);
        closeAll(f.nCensor, r.n_censor, 'n.censor', true);
        closeAll(f.surv, r.surv, 'surv');
        closeAll(f.stdErr, r.std_err, 'std.err');
        closeAll(f.lower, r.lower, 'lower');
        closeAll(f.upper, r.upper, 'upper');
        close(f.median, r.median, 'median', true);
        close(f.medianLower, r.median_lower, '0.95LCL', true);
        close(f.medianUpper, r.median_upper, '0.95UCL', true);
        const m = restrictedMean(f, f.time[f.time.length - 1]);
        close(m.rmean, r.rmean, 'rmean');
        close(m.se, r.rmean_se, 'se(rmean)');
        expect(f.n).toBe(c.input.time.length);
        expect(f.events).toBe(c.input.status.reduce((a, b) => a + b, 0));
      });
    }
  }
});

describe('KM by group = summary(survfit(~ group), rmean = "individual" | "common")$table (km-groups.json)', () => {
  for (const c of kmGroups) {
    it(c.name, () => {
      const fits = kmByGroup(c.input.time, c.input.status, c.input.group);
      expect(fits.map((f) => f.name)).toEqual(c.group_levels);
      fits.forEach((f, g) => {
        expect(f.n).toBe(c.n[g]);
        expect(f.events).toBe(c.events[g]);
        close(f.median, c.median[g], `median ${f.name}`, true);
        close(f.medianLower, c.median_lower[g], `LCL ${f.name}`, true);
        close(f.medianUpper, c.median_upper[g], `UCL ${f.name}`, true);
        close(f.rmeanIndividual, c.rmean_individual[g], `rmean individual ${f.name}`);
        close(f.rmeanIndividualSe, c.rmean_individual_se[g], `se individual ${f.name}`);
        close(f.rmeanCommon, c.rmean_common[g], `rmean common ${f.name}`);
        close(f.rmeanCommonSe, c.rmean_common_se[g], `se common ${f.name}`);
      });
    });
  }
});

describe('medians: R midpoint rule and the SPSS rule', () => {
  it('a flat stretch at exactly 0.5: R takes the midpoint to the next drop, SPSS the first time S <= 0.5', () => {
    // 1..6, deaths at 1,2,3 then censor at 4, death at 5: S = 5/6, 4/6, 3/6 (=0.5 flat) ... drops at 5
    const time = [1, 2, 3, 4, 5, 6];
    const event = [1, 1, 1, 0, 1, 0];
    const r = kaplanMeier(time, event);
    expect(r.surv[2]).toBeCloseTo(0.5, 15);
    expect(r.median).toBe(4); // (3 + 5) / 2
    expect(kaplanMeier(time, event, { medianRule: 'spss' }).median).toBe(3);
  });

  it('survfit(Surv(1:100) ~ 1): S = 0.5 + 1e-16 at t = 50 still counts as 0.5 → median 50.5', () => {
    const t = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(kaplanMeier(t, t.map(() => 1)).median).toBe(50.5);
  });

  it('a curve ending flat at 0.5: R (survmean) gives the time it reached 0.5', () => {
    expect(medianTime([1, 2, 3], [0.75, 0.5, 0.5])).toBe(2);
  });

  it('everyone censored: median, its limits and the curve stay honest (null = not reached, no NaN)', () => {
    const f = kaplanMeier([3, 5, 8], [0, 0, 0]);
    expect(f.events).toBe(0);
    expect(f.median).toBeNull();
    expect(f.medianLower).toBeNull();
    expect(f.medianUpper).toBeNull();
    expect(f.surv).toEqual([1, 1, 1]);
    expect(f.stdErr).toEqual([0, 0, 0]);
    const ll = kaplanMeier([3, 5, 8], [0, 0, 0], { confType: 'log-log' });
    expect(ll.lower).toEqual([null, null, null]); // log-log has no band at S = 1 (R: NA)
    const m = restrictedMean(f, 8);
    expect(m.rmean).toBe(8);
    expect(m.se).toBe(0);
    expect(JSON.stringify(f)).not.toMatch(/NaN|Infinity/);
  });

  it('a group with no events next to one with events: its median is null, its rmean its follow-up', () => {
    const fits = kmByGroup([1, 2, 3, 4, 5, 6], [1, 1, 0, 0, 0, 0], ['a', 'a', 'a', 'b', 'b', 'b']);
    expect(fits[1].name).toBe('b');
    expect(fits[1].events).toBe(0);
    expect(fits[1].median).toBeNull();
    expect(fits[1].rmeanIndividual).toBe(6);
    expect(fits[0].median).toBe(2);
    expect(fits[0].rmeanCommon).toBeGreaterThan(fits[0].rmeanIndividual);
  });

  it('bad times and events are refused', () => {
    expect(() => kaplanMeier([1, -2], [1, 0])).toThrow(/time\[1\] = -2/);
    expect(() => kaplanMeier([1, NaN], [1, 0])).toThrow(/time\[1\]/);
    expect(() => kaplanMeier([1, 2], [1, 3])).toThrow(/event\[1\]/);
    expect(() => kaplanMeier([1, 2], [1])).toThrow(/length|values/);
  });
});

describe('summary(fit, times = …) semantics', () => {
  // aml: R's summary(survfit(Surv(time, status) ~ 1, aml), times = c(0, 10, 30, 200))
  const aml = km.find((c) => c.name.startsWith('survival::aml'))!;
  const f = kaplanMeier(aml.input.time, aml.input.status);
  const rows = survivalAt(f, [30, 0, 10, 200]);

  it('sorted times; before the first event S = 1 with everyone at risk', () => {
    expect(rows.map((r) => r.time)).toEqual([0, 10, 30, 200]);
    expect(rows[0]).toMatchObject({ nRisk: 23, nEvent: 0, surv: 1 });
  });

  it('S of the last curve time <= t, at-risk at t, events since the previous requested time', () => {
    // up to t = 10: deaths at 5 (2), 8 (2), 9 (1); at risk at 10: subjects with time >= 10
    const at10 = rows[1];
    expect(at10.nEvent).toBe(5);
    expect(at10.nRisk).toBe(aml.input.time.filter((t) => t >= 10).length);
    const k = f.time.filter((t) => t <= 10).length - 1;
    expect(at10.surv).toBe(f.surv[k]);
    expect(at10.lower).toBe(f.lower[k]);
    const at30 = rows[2];
    expect(at30.nEvent).toBe(aml.input.status.filter((s, i) => s === 1 && aml.input.time[i] > 10 && aml.input.time[i] <= 30).length);
  });

  it('beyond the last observed time: nulls (R leaves the row out)', () => {
    expect(rows[3]).toMatchObject({ surv: null, stdErr: null, lower: null, upper: null, nRisk: 0 });
  });
});

describe('helpers', () => {
  it('z for 95% is qnorm(0.975)', () => {
    expect(zFor(0.95)).toBeCloseTo(1.959963984540054, 14);
    expect(() => zFor(1)).toThrow();
  });

  it('bands: plain is clipped to [0, 1]; log has no band at S = 0', () => {
    expect(confidenceBand(0.99, 0.5, 'plain', 1.96).upper).toBe(1);
    expect(confidenceBand(0.01, 5, 'plain', 1.96).lower).toBe(0);
    expect(confidenceBand(0, Infinity, 'log', 1.96)).toEqual({ lower: null, upper: null });
    expect(confidenceBand(0, Infinity, 'plain', 1.96)).toEqual({ lower: null, upper: null });
  });

  it('levels sorted as R factor(): numbers numerically, text alphabetically', () => {
    expect(sortLevels(['10', '9', '2'])).toEqual(['2', '9', '10']);
    expect(sortLevels(['M', 'F'])).toEqual(['F', 'M']);
    expect(sortLevels(['b', 'A', 'a'])).toEqual(['a', 'A', 'b']);
  });

  it(`largest relative error against R over km.json and km-groups.json stays below ${TOL}`, () => {
    // printed in the run log for the report
    console.info(`km reference: max relative error ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(TOL);
  });
});
