import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadKernelsNode } from '../../src/kernels/load-node.ts';
import { warmUpSurvival } from '../../src/kernels/survival.ts';
import { kmByGroup, splitByGroup } from '../../src/stats/km.ts';
import { logrank } from '../../src/stats/logrank.ts';
import { bootstrapKm } from '../../src/stats/km-bootstrap.ts';
import { survivalApi, type SurvivalData } from '../../src/worker/api/survival-api.ts';
import type { Progress } from '../../src/worker/bridge.ts';

/** GEO GSE4581 (the fixture R used for km-groups) by 1q21 copy number. */
function gse4581(): SurvivalData & { timeArr: number[]; eventArr: number[] } {
  const lines = readFileSync('tests/fixtures/myeloma_GSE4581_survminer.csv', 'utf8').trim().split(/\r?\n/);
  const head = lines[0].split(',').map((h) => h.replace(/"/g, ''));
  const ti = head.indexOf('time');
  const ei = head.indexOf('event');
  const gi = head.indexOf('chr1q21_status');
  const rows = lines.slice(1).map((l) => l.split(',').map((c) => c.replace(/"/g, ''))).filter((r) => r[gi] !== 'NA');
  const timeArr = rows.map((r) => Number(r[ti]));
  const eventArr = rows.map((r) => Number(r[ei]));
  const group = rows.map((r) => r[gi]);
  const levels = [...new Set(group)].sort();
  return { time: Float64Array.from(timeArr), event: Uint8Array.from(eventArr), group, levels, strata: null, timeArr, eventArr };
}

describe('survival worker tasks (same code the worker runs)', () => {
  const k = loadKernelsNode();
  const api = survivalApi(() => k);

  it('kmAnalysis = kmByGroup + the three log-rank tests, with S(t) at the chosen times', async () => {
    const d = gse4581();
    const r = await api.kmAnalysis(d, { confType: 'log-log', medianRule: 'r', times: [12, 24, 60] });
    const fits = kmByGroup(d.timeArr, d.eventArr, d.group, { confType: 'log-log', levels: d.levels });
    expect(r.groups.map((g) => g.name)).toEqual(d.levels);
    r.groups.forEach((g, i) => {
      expect(g.median).toBe(fits[i].median);
      expect(g.surv).toEqual(fits[i].surv);
      expect(g.rmeanIndividual).toBe(fits[i].rmeanIndividual);
      expect(g.at.map((a) => a.time)).toEqual([12, 24, 60]);
    });
    expect(r.tests!.map((t) => t.weights)).toEqual(['logrank', 'gehan-breslow', 'tarone-ware']);
    const lr = logrank(d.timeArr, d.eventArr, d.group!, { levels: d.levels });
    expect(r.tests![0].chisq).toBe(lr.chisq);
    expect(r.tests![0].p).toBe(lr.p);
    expect(r.tests![0].strata).toBe(1);
    // stratified: one stratum per half of the patients
    const strata = d.group!.map((_, i) => (i % 2 ? 'a' : 'b'));
    const rs = await api.kmAnalysis({ ...d, strata }, { confType: 'log', medianRule: 'r', times: [] });
    expect(rs.tests![0].strata).toBe(2);
    expect(rs.tests![0].chisq).toBeCloseTo(logrank(d.timeArr, d.eventArr, d.group!, { strata, levels: d.levels }).chisq, 12);
  });

  it('kmAnalysis: one curve without grouping and no test; no NaN when nobody has an event', async () => {
    const r = await api.kmAnalysis({ time: Float64Array.of(1, 2, 3), event: Uint8Array.of(0, 0, 0), group: null, levels: ['all'], strata: null },
      { confType: 'log', medianRule: 'r', times: [2] });
    expect(r.tests).toBeNull();
    expect(r.groups[0].median).toBeNull();
    const none = await api.kmAnalysis({ time: Float64Array.of(1, 2, 3, 4), event: Uint8Array.of(0, 0, 0, 0), group: ['a', 'a', 'b', 'b'], levels: ['a', 'b'], strata: null },
      { confType: 'log', medianRule: 'r', times: [] });
    expect(none.tests![0].p).toBeNull();
    expect(none.tests![0].df).toBe(0);
  });

  it('bootstrapKm: the seeded kernel result, progress per chunk, bands as transferable copies', async () => {
    const d = gse4581();
    const seen: Progress[] = [];
    const r = await api.bootstrapKm(d, { replicates: 450, seed: 7, rmean: 'individual', bands: true }, (p) => seen.push(p));
    const parts = splitByGroup(d.timeArr, d.eventArr, d.group, d.levels);
    const ref = bootstrapKm(k, parts.map((p) => ({ name: p.name, time: p.time, event: p.event })), { replicates: 450, seed: 7, bands: true });
    r.groups.forEach((g, i) => {
      expect(g.medianLower).toBe(ref.groups[i].medianLower);
      expect(g.medianUpper).toBe(ref.groups[i].medianUpper);
      expect(g.medianNotReached).toBe(ref.groups[i].medianNotReached);
      expect(g.rmeanLower).toBe(ref.groups[i].rmeanLower);
      expect(g.bandTime).toBeInstanceOf(Float64Array);
      expect(Array.from(g.bandLower!, (x) => (Number.isNaN(x) ? null : x))).toEqual(ref.groups[i].bandLower);
      expect(g.bandLower!.buffer.byteLength).toBe(g.bandLower!.byteLength); // its own buffer, never wasm memory
    });
    expect(seen[0]).toEqual({ done: 0, total: 450, phase: 'bootstrap' });
    expect(seen.map((p) => p.done)).toEqual([0, 100, 200, 300, 400, 450]);
    expect(r.bandsOmitted).toBe(false);
  });

  it('bootstrapKm: skips the bands (and says so) when they would not fit in memory', async () => {
    const n = 40_000;
    const time = Float64Array.from({ length: n }, (_, i) => i + 1);
    const event = Uint8Array.from({ length: n }, (_, i) => i % 3 ? 1 : 0);
    const r = await api.bootstrapKm({ time, event, group: null, levels: ['all'], strata: null }, { replicates: 500, seed: 1, rmean: 'common', bands: true });
    expect(r.bandsOmitted).toBe(true);
    expect(r.groups[0].bandTime).toBeNull();
    expect(r.groups[0].medianLower).not.toBeNull();
  });

  it('warmUpSurvival runs the kernel without leaking wasm memory', () => {
    warmUpSurvival(k);
    const before = k.heapBytes();
    for (let i = 0; i < 50; i++) warmUpSurvival(k);
    expect(k.heapBytes()).toBe(before);
  });
});
