import { describe, expect, it, beforeAll } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.ts';
import { readDelimited } from '../../src/formats/delimited.ts';
import { readSurvivalColumns, parseEventCell } from '../../src/stats/survival-input.ts';
import { InputError } from '../../src/formats/input-error.ts';

async function run(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (s) => { out += s; }, err: (s) => { err += s; } });
  return { code, out, err };
}

const GSE = 'tests/fixtures/myeloma_GSE4581_survminer.csv';
const kmGroups = JSON.parse(readFileSync('tests/fixtures/km-groups.json', 'utf8')) as {
  group_levels: string[]; n: number[]; events: number[]; median: (number | null)[]; median_lower: (number | null)[];
  median_upper: (number | null)[]; rmean_individual: number[]; rmean_individual_se: number[]; rmean_common: number[]; rmean_common_se: number[];
}[];
const logrankRef = JSON.parse(readFileSync('tests/fixtures/logrank.json', 'utf8')) as { name: string; chisq: number; df: number; p: number }[];
const km = JSON.parse(readFileSync('tests/fixtures/km.json', 'utf8')) as {
  input: { time: number[]; status: number[] };
  conf_loglog: { surv: number[]; std_err: (number | null)[]; lower: (number | null)[]; upper: (number | null)[]; median: number; median_lower: number; median_upper: number };
}[];
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

/** SPEC §6 field names, in order. */
const GROUP_FIELDS = ['name', 'n', 'events', 'time', 'nRisk', 'nEvent', 'nCensor', 'surv', 'stdErr', 'lower', 'upper', 'median',
  'medianLower', 'medianUpper', 'rmeanIndividual', 'rmeanIndividualSe', 'rmeanCommon', 'rmeanCommonSe'];

describe('mmdr km (SPEC §6)', () => {
  let dir: string;
  beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'mmdr-km-')); });

  it('is listed in --help and has its own help', async () => {
    expect((await run('--help')).out).toMatch(/\bkm\s+Kaplan/);
    const h = await run('km', '--help');
    expect(h.code).toBe(0);
    expect(h.out).toMatch(/--median-rule r\|spss/);
  });

  it('the real GSE4581 file (CRLF, NA in chr1q21_status) reproduces km-groups.json and survdiff', async () => {
    const r = await run('km', '--csv', GSE, '--time', 'time', '--event', 'event', '--group', 'chr1q21_status');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const o = JSON.parse(r.out);
    const ref = kmGroups[1];
    expect(Object.keys(o)).toEqual(['groups', 'logrank']);
    expect(o.groups.map((g: { name: string }) => g.name)).toEqual(ref.group_levels);
    o.groups.forEach((g: Record<string, unknown>, i: number) => {
      expect(Object.keys(g)).toEqual(GROUP_FIELDS);
      expect(g.n).toBe(ref.n[i]);
      expect(g.events).toBe(ref.events[i]);
      expect(g.median).toBe(ref.median[i]);
      expect(g.medianLower).toBe(ref.median_lower[i]);
      expect(g.medianUpper).toBe(ref.median_upper[i]);
      for (const [a, b] of [['rmeanIndividual', ref.rmean_individual], ['rmeanIndividualSe', ref.rmean_individual_se],
        ['rmeanCommon', ref.rmean_common], ['rmeanCommonSe', ref.rmean_common_se]] as const) {
        expect(rel(g[a] as number, b[i])).toBeLessThan(1e-6);
      }
    });
    const lr = logrankRef.find((c) => c.name.startsWith('GSE4581'))!;
    expect(o.logrank.df).toBe(lr.df);
    expect(rel(o.logrank.chisq, lr.chisq)).toBeLessThan(1e-6);
    expect(rel(o.logrank.p, lr.p)).toBeLessThan(1e-6);
    expect(r.out).not.toMatch(/NaN|Infinity/);
  });

  it('no --group: one curve named "all", no logrank; --conf log-log matches survfit; null where R has NA', async () => {
    const c = km[0];
    const f = join(dir, 'myeloma.tsv');
    writeFileSync(f, 'futime\tdeath\n' + c.input.time.map((t, i) => `${t}\t${c.input.status[i] ? 'dead' : 'alive'}`).join('\n') + '\n');
    const r = await run('km', '--csv', f, '--time', 'futime', '--event', 'death', '--conf', 'log-log');
    expect(r.code).toBe(0);
    const o = JSON.parse(r.out);
    expect(o.logrank).toBeUndefined();
    const g = o.groups[0];
    expect(g.name).toBe('all');
    expect(g.median).toBe(c.conf_loglog.median);
    expect(g.medianLower).toBe(c.conf_loglog.median_lower);
    expect(g.medianUpper).toBe(c.conf_loglog.median_upper);
    for (let i = 0; i < g.surv.length; i += 97) {
      expect(rel(g.lower[i], c.conf_loglog.lower[i]!)).toBeLessThan(1e-6);
      expect(rel(g.stdErr[i], c.conf_loglog.std_err[i]!)).toBeLessThan(1e-6);
    }
    expect(g.stdErr.at(-1)).toBeNull();
    expect(g.lower.at(-1)).toBeNull();
    expect(g.rmeanIndividual).toBe(g.rmeanCommon);
  });

  it('--bootstrap N --seed S adds the bootstrap block; same seed, same numbers', async () => {
    const args = ['km', '--csv', GSE, '--time', 'time', '--event', 'event', '--group', 'chr1q21_status', '--bootstrap', '300', '--seed', '11'];
    const a = JSON.parse((await run(...args)).out);
    const b = JSON.parse((await run(...args)).out);
    expect(a).toEqual(b);
    for (const g of a.groups) {
      expect(Object.keys(g.bootstrap)).toEqual(['replicates', 'medianLower', 'medianUpper', 'medianNotReached', 'rmeanLower', 'rmeanUpper']);
      expect(g.bootstrap.replicates).toBe(300);
      expect(g.bootstrap.rmeanLower).toBeLessThan(g.rmeanIndividual);
      expect(g.bootstrap.rmeanUpper).toBeGreaterThan(g.rmeanIndividual);
    }
    // "2 copies": the median is not reached in R; most replicates do not reach it either → upper limit null
    expect(a.groups[0].bootstrap.medianNotReached).toBeGreaterThan(150);
    expect(a.groups[0].bootstrap.medianUpper).toBeNull();
  });

  it('--strata gives survdiff(… + strata()); --median-rule spss; --weights', async () => {
    const f = join(dir, 'strat.csv');
    writeFileSync(f, 'time,status,arm,site\n' + [
      [5, 1, 'A', 'x'], [8, 1, 'A', 'x'], [12, 0, 'A', 'y'], [3, 1, 'B', 'x'], [4, 1, 'B', 'y'], [9, 0, 'B', 'y'], [2, 1, 'A', 'y'], [7, 1, 'B', 'x'],
    ].map((r) => r.join(',')).join('\r\n'));
    const plain = JSON.parse((await run('km', '--csv', f, '--time', 'time', '--event', 'status', '--group', 'arm')).out);
    const strat = JSON.parse((await run('km', '--csv', f, '--time', 'time', '--event', 'status', '--group', 'arm', '--strata', 'site')).out);
    expect(strat.logrank.df).toBe(1);
    expect(strat.logrank.chisq).not.toBeCloseTo(plain.logrank.chisq, 8);
    const gb = JSON.parse((await run('km', '--csv', f, '--time', 'time', '--event', 'status', '--group', 'arm', '--weights', 'gehan-breslow')).out);
    expect(gb.logrank.chisq).not.toBeCloseTo(plain.logrank.chisq, 8);
    const spss = JSON.parse((await run('km', '--csv', f, '--time', 'time', '--event', 'status', '--group', 'arm', '--median-rule', 'spss')).out);
    expect(spss.groups.map((g: { name: string }) => g.name)).toEqual(['A', 'B']);
  });

  it('bad input: exit 1, one line naming file, line and column', async () => {
    const f = join(dir, 'bad.csv');
    writeFileSync(f, 'time,status\n5,1\n-3,0\n');
    const r = await run('km', '--csv', f, '--time', 'time', '--event', 'status');
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toBe(`${f}, line 3, column "time": the survival time -3 is negative\n`);

    writeFileSync(f, 'time,status\n5,1\n6,maybe\n');
    const e = await run('km', '--csv', f, '--time', 'time', '--event', 'status');
    expect(e.code).toBe(1);
    expect(e.err).toMatch(new RegExp(`^${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, line 3, column "status": "maybe" is not an event code`));
    expect(e.err.trim().split('\n')).toHaveLength(1);

    writeFileSync(f, 'time,status\n5,1\n,0\n');
    expect((await run('km', '--csv', f, '--time', 'time', '--event', 'status')).err).toMatch(/line 3, column "time": the survival time is missing/);

    const nf = await run('km', '--csv', join(dir, 'nope.csv'), '--time', 't', '--event', 'e');
    expect(nf.code).toBe(1);
    expect(nf.err).toMatch(/nope\.csv: no such file/);

    const col = await run('km', '--csv', GSE, '--time', 'months', '--event', 'event');
    expect(col.code).toBe(1);
    expect(col.err).toMatch(/line 1, column "months": no such column/);
  });

  it('bad usage: exit 2', async () => {
    expect((await run('km', '--csv', GSE, '--time', 'time')).code).toBe(2);
    expect((await run('km', '--csv', GSE, '--time', 'time', '--event', 'event', '--conf', 'logit')).code).toBe(2);
    expect((await run('km', '--csv', GSE, '--time', 'time', '--event', 'event', '--bootstrap', 'many')).code).toBe(2);
  });
});

describe('survival input (time/event/group columns)', () => {
  const table = (text: string) => readDelimited(new TextEncoder().encode(text), 'f.csv');

  it('reads every documented event code, case-insensitively', () => {
    for (const s of ['1', 'TRUE', 'yes', 'Dead', 'death', 'event', 'died', 'deceased', '是', '死亡', '1.0']) expect(parseEventCell(s), s).toBe(1);
    for (const s of ['0', 'false', 'No', 'alive', 'censored', 'Censored', '否', '存活', '删失', '0.0']) expect(parseEventCell(s), s).toBe(0);
    expect(parseEventCell('NA')).toBeNull();
    expect(parseEventCell('3')).toBe('invalid');
  });

  it('R Surv 1/2 coding (2 = event) is recognised and reported', () => {
    const d = readSurvivalColumns(table('t,s\n1,2\n2,1\n3,2\n'), { time: 't', event: 's' });
    expect(d.event).toEqual([1, 0, 1]);
    expect(d.notes).toHaveLength(1);
    expect(() => readSurvivalColumns(table('t,s\n1,2\n2,0\n'), { time: 't', event: 's' })).toThrow(/mixes 0 with 2/);
  });

  it('missing group values are excluded and listed with their lines; the GSE4581 file keeps 186 of 256', () => {
    const t = readDelimited(new Uint8Array(readFileSync(GSE)), GSE);
    const d = readSurvivalColumns(t, { time: 'time', event: 'event', group: 'chr1q21_status' });
    expect(d.time).toHaveLength(186);
    expect(d.excluded).toHaveLength(70);
    expect(d.excluded[0].reason).toMatch(/chr1q21_status/);
    expect(d.event.filter((e) => e === 1)).toHaveLength(51);
  });

  it('errors carry file, line and column', () => {
    try {
      readSurvivalColumns(table('t,s\n1,1\n\n2,bogus\n'), { time: 't', event: 's' });
      throw new Error('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).line).toBe(4);
      expect((e as InputError).column).toBe('s');
    }
  });
});
