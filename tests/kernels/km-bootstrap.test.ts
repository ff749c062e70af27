import { describe, expect, it, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadKernelsNode } from '../../src/kernels/load-node.ts';
import { KernelError, type Kernels } from '../../src/kernels/kernels.ts';
import { Xoshiro128Ref } from '../../src/kernels/reference.ts';
import { openKmBootstrap } from '../../src/kernels/survival.ts';
import {
  prepareBootstrap, bootstrapKm, bootstrapKmAsync, bootstrapKmReference, percentileInterval, BootstrapCancelled,
} from '../../src/stats/km-bootstrap.ts';
import { kmByGroup, splitByGroup } from '../../src/stats/km.ts';
import { mulberry32 } from './helpers.ts';

let k: Kernels;
beforeAll(() => { k = loadKernelsNode(); });

const km = JSON.parse(readFileSync('tests/fixtures/km.json', 'utf8')) as { name: string; input: { time: number[]; status: number[] } }[];
const kmGroups = JSON.parse(readFileSync('tests/fixtures/km-groups.json', 'utf8')) as { input: { time: number[]; status: number[]; group: string[] } }[];
const myeloma = km[0].input;
const aml = km[2].input;
const hand = km[3].input;

/** Exactly equal, NaN matching NaN. */
function expectSame(a: Float64Array, b: Float64Array, what: string): void {
  expect(a.length, what).toBe(b.length);
  let bad = 0;
  let first = '';
  for (let i = 0; i < a.length; i++) {
    if (!Object.is(a[i], b[i])) { bad++; if (!first) first = `[${i}] ${a[i]} vs ${b[i]}`; }
  }
  expect(bad, `${what}: ${bad} differ, first ${first}`).toBe(0);
}

function gse4581() {
  const c = kmGroups[1].input;
  return splitByGroup(c.time, c.status, c.group).map((p) => ({ name: p.name, time: p.time, event: p.event }));
}

describe('bootstrap KM kernel == TypeScript resampling reference on the same seed stream', () => {
  const cases: [string, () => { name: string; time: number[]; event: number[] }[], number][] = [
    ['aml (ties, n = 23)', () => [{ name: 'all', time: aml.time, event: aml.status }], 300],
    ['hand case (flat stretches, censorings at event times)', () => [{ name: 'all', time: hand.time, event: hand.status }], 300],
    ['GSE4581 by 1q21 (3 groups, medians often not reached)', gse4581, 200],
    ['survival::myeloma (n = 3882)', () => [{ name: 'all', time: myeloma.time, event: myeloma.status }], 40],
  ];
  for (const [name, groups, nRep] of cases) {
    it(`${name}: medians, restricted means and S(t) on the grid are identical`, () => {
      for (const rmean of ['individual', 'common', 10] as const) {
        const prep = prepareBootstrap(groups(), rmean);
        const ref = bootstrapKmReference(prep, nRep, new Xoshiro128Ref(7), true);
        const res = bootstrapKm(k, prep, { replicates: nRep, seed: 7, bands: true, chunk: 37 });
        expectSame(res.raw.median, ref.median, 'median');
        expectSame(res.raw.rmean, ref.rmean, 'rmean');
        expectSame(res.raw.surv!, ref.surv!, 'surv');
      }
    });
  }

  it('the stream is the Rng of the façade: the kernel leaves it where the reference leaves its generator', () => {
    const prep = prepareBootstrap([{ name: 'all', time: aml.time, event: aml.status }]);
    const s = openKmBootstrap(k, prep);
    const rng = k.createRng(99);
    s.run(rng, 10);
    const ref = new Xoshiro128Ref(99);
    bootstrapKmReference(prep, 10, ref);
    expect(Array.from(rng.state())).toEqual(Array.from(ref.s));
    rng.dispose();
    s.dispose();
  });
});

describe('reproducibility and chunking', () => {
  const groups = () => [{ name: 'all', time: myeloma.time, event: myeloma.status }];
  it('same seed → same result whatever the chunk size; another seed → different', () => {
    const a = bootstrapKm(k, groups(), { replicates: 250, seed: 2024, chunk: 250 });
    const b = bootstrapKm(k, groups(), { replicates: 250, seed: 2024, chunk: 1 });
    const c = bootstrapKm(k, groups(), { replicates: 250, seed: 2024, chunk: 64 });
    expectSame(b.raw.median, a.raw.median, 'chunk 1');
    expectSame(c.raw.rmean, a.raw.rmean, 'chunk 64');
    expect(c.groups).toEqual(a.groups);
    const d = bootstrapKm(k, groups(), { replicates: 250, seed: 2025 });
    expect(Array.from(d.raw.rmean)).not.toEqual(Array.from(a.raw.rmean));
  });

  it('progress after every chunk; returning false cancels; the async form stops on abort', async () => {
    const seen: number[] = [];
    bootstrapKm(k, groups(), { replicates: 250, chunk: 100, onProgress: (d) => { seen.push(d); } });
    expect(seen).toEqual([100, 200, 250]);
    expect(() => bootstrapKm(k, groups(), { replicates: 300, chunk: 100, onProgress: (d) => d < 200 })).toThrow(BootstrapCancelled);
    const ctl = new AbortController();
    const p = bootstrapKmAsync(k, groups(), { replicates: 1000, chunk: 50, signal: ctl.signal, onProgress: (d) => { if (d >= 100) ctl.abort(); } });
    await expect(p).rejects.toBeInstanceOf(BootstrapCancelled);
    const full = await bootstrapKmAsync(k, groups(), { replicates: 120, chunk: 50, seed: 5 });
    expect(full.groups).toEqual(bootstrapKm(k, groups(), { replicates: 120, seed: 5 }).groups);
  });

  it('no wasm memory leak over many runs', () => {
    const prep = prepareBootstrap(gse4581());
    bootstrapKm(k, prep, { replicates: 50, bands: true });
    const before = k.heapBytes();
    for (let i = 0; i < 200; i++) bootstrapKm(k, prep, { replicates: 50, bands: true, seed: i });
    expect(k.heapBytes()).toBe(before);
  });
});

describe('against R on survival::myeloma', () => {
  it('2000 replicates: median CI within Monte-Carlo error of boot.ci(type = "perc") (R: about 950–1057 days)', () => {
    // R's interval comes from R's own random stream; ours from xoshiro128**. The percentile limits
    // of 2000 replicates move by roughly ±15 days between seeds (the KM median's bootstrap SD is
    // ~28 days here), so the check is a tolerant band around R's interval, for several seeds.
    for (const seed of [1, 2, 3]) {
      const r = bootstrapKm(k, [{ name: 'all', time: myeloma.time, event: myeloma.status }], { replicates: 2000, seed });
      const g = r.groups[0];
      expect(g.medianNotReached).toBe(0);
      expect(g.medianLower!).toBeGreaterThanOrEqual(900);
      expect(g.medianLower!).toBeLessThanOrEqual(1000);
      expect(g.medianUpper!).toBeGreaterThanOrEqual(1010);
      expect(g.medianUpper!).toBeLessThanOrEqual(1110);
      // the restricted mean's percentile CI brackets survmean's estimate 1468.4 (± 1.96·28.85)
      expect(g.rmeanLower!).toBeGreaterThan(1468.445 - 1.96 * 28.85 - 25);
      expect(g.rmeanLower!).toBeLessThan(1468.445);
      expect(g.rmeanUpper!).toBeGreaterThan(1468.445);
      expect(g.rmeanUpper!).toBeLessThan(1468.445 + 1.96 * 28.85 + 25);
    }
  });

  it('pointwise bands bracket the KM curve', () => {
    const r = bootstrapKm(k, [{ name: 'all', time: myeloma.time, event: myeloma.status }], { replicates: 400, seed: 3, bands: true });
    const fit = kmByGroup(myeloma.time, myeloma.status)[0];
    const g = r.groups[0];
    expect(g.bandTime).toEqual(fit.time);
    const M = fit.time.length;
    for (let j = 0; j < M; j += 50) {
      expect(g.bandLower![j]!).toBeLessThanOrEqual(fit.surv[j] + 1e-12);
      expect(g.bandUpper![j]!).toBeGreaterThanOrEqual(fit.surv[j] - 1e-12);
      // the band's selection shortcut gives exactly the sorted norm.inter limits
      const col = Float64Array.from({ length: 400 }, (_, rep) => r.raw.surv![rep * M + j]);
      const p = percentileInterval(col);
      expect([g.bandLower![j], g.bandUpper![j]]).toEqual([p.lower, p.upper]);
    }
  });
});

describe('percentile intervals (boot norm.inter) and medians not reached', () => {
  it('integer rank → that order statistic; otherwise interpolation on the normal-quantile scale', () => {
    // R = 39, alpha = 0.025 → rank 1 exactly; 0.975 → rank 39
    const v = Float64Array.from({ length: 39 }, (_, i) => i + 1);
    expect(percentileInterval(v)).toEqual({ lower: 1, upper: 39, notReached: 0 });
    // R = 99: ranks 2.5 and 97.5; boot: t(2) + (qnorm(.025) − qnorm(2/100)) / (qnorm(3/100) − qnorm(2/100)) · (t(3) − t(2))
    const w = Float64Array.from({ length: 99 }, (_, i) => (i + 1) * 10);
    const r = percentileInterval(w);
    expect(r.lower).toBeCloseTo(20 + ((-1.959963984540054 + 2.053748910631823) / (-1.880793608151251 + 2.053748910631823)) * 10, 10);
    expect(r.upper).toBeCloseTo(970 + ((1.959963984540054 - 1.880793608151251) / (2.053748910631823 - 1.880793608151251)) * 10, 10);
  });

  it('not reached (NaN) replicates are counted and sort above everything; a limit among them is null', () => {
    const v = new Float64Array(99).map((_, i) => (i < 90 ? i : NaN));
    const r = percentileInterval(v);
    expect(r.notReached).toBe(9);
    expect(r.lower).not.toBeNull();
    expect(r.upper).toBeNull();
    expect(percentileInterval(new Float64Array(10).fill(NaN))).toEqual({ lower: null, upper: null, notReached: 10 });
  });

  it('everyone censored in a group: every replicate median is not reached, counted, limits null', () => {
    const r = bootstrapKm(k, [{ name: 'x', time: [1, 2, 3, 4], event: [0, 0, 0, 0] }, { name: 'y', time: [1, 2, 3], event: [1, 1, 0] }], { replicates: 200, seed: 1 });
    expect(r.groups[0]).toMatchObject({ medianNotReached: 200, medianLower: null, medianUpper: null, rmeanLower: 4, rmeanUpper: 4 });
    expect(r.groups[1].medianNotReached).toBeLessThan(200);
    expect(JSON.stringify(r.groups)).not.toMatch(/NaN|Infinity/);
  });
});

describe('bad inputs', () => {
  it('negative times, bad event codes and empty groups are refused before any wasm call', () => {
    expect(() => prepareBootstrap([{ name: 'a', time: [1, -1], event: [1, 0] }])).toThrow(/time -1/);
    expect(() => prepareBootstrap([{ name: 'a', time: [1, 2], event: [1, 2] }])).toThrow(/event 2/);
    expect(() => prepareBootstrap([{ name: 'a', time: [], event: [] }])).toThrow(/no subjects/);
    expect(() => bootstrapKm(k, [{ name: 'a', time: [1], event: [1] }], { replicates: 0 })).toThrow(/replicates/);
  });

  it('a malformed layout is a KernelError, not a trap', () => {
    const prep = prepareBootstrap([{ name: 'a', time: [1, 2, 3], event: [1, 1, 0] }]);
    expect(() => openKmBootstrap(k, { ...prep, codes: Int32Array.from([0, 2, 40]) })).toThrow(KernelError);
    expect(() => openKmBootstrap(k, { ...prep, tau: new Float64Array(2) })).toThrow(KernelError);
    expect(k.broken).toBe(false);
  });

  it('random data: kernel and reference agree on many small groups', () => {
    const rnd = mulberry32(11);
    const groups = Array.from({ length: 5 }, (_, g) => {
      const n = 1 + Math.floor(rnd() * 30);
      return { name: `g${g}`, time: Array.from({ length: n }, () => Math.floor(rnd() * 12)), event: Array.from({ length: n }, () => (rnd() < 0.6 ? 1 : 0)) };
    });
    const prep = prepareBootstrap(groups);
    const ref = bootstrapKmReference(prep, 100, new Xoshiro128Ref(3), true);
    const res = bootstrapKm(k, prep, { replicates: 100, seed: 3, bands: true });
    expectSame(res.raw.median, ref.median, 'median');
    expectSame(res.raw.rmean, ref.rmean, 'rmean');
    expectSame(res.raw.surv!, ref.surv!, 'surv');
  });
});
