/**
 * The network layout (src/views/targets/layout.ts): seeded and deterministic whatever the
 * chunking, pinned nodes stay put, overlapping nodes are pushed apart; and on the demo study the
 * paper's four core miRNAs end up as the tight, heavily linked centre of the synergy network.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { ForceLayout, layoutGraph, mulberry32, bounds } from '../../src/views/targets/layout.ts';
import { layoutInput, synergyModel } from '../../src/views/targets/network-model.ts';
import { readTargetTable, type TargetPair } from '../../src/formats/targets.ts';
import { synergyNetwork } from '../../src/stats/mirna-network.ts';
import { CORE_MIRNAS, demoDe, type DemoDe } from '../../scripts/demo/targets.ts';

/** A small graph: two triangles joined by one light edge, and an isolated node. */
const G = {
  n: 7,
  edges: [
    { a: 0, b: 1, w: 10 }, { a: 1, b: 2, w: 10 }, { a: 0, b: 2, w: 10 },
    { a: 3, b: 4, w: 2 }, { a: 4, b: 5, w: 2 }, { a: 3, b: 5, w: 2 },
    { a: 2, b: 3, w: 1 },
  ],
  radius: [6, 6, 6, 4, 4, 4, 3],
};
const dist = (x: ArrayLike<number>, y: ArrayLike<number>, a: number, b: number) => Math.hypot(x[a] - x[b], y[a] - y[b]);

describe('mulberry32', () => {
  it('is a seeded uniform stream', () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(xs.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(Math.abs(xs.reduce((s, v) => s + v, 0) / 1000 - 0.5)).toBeLessThan(0.05);
    expect(mulberry32(8)()).not.toBe(mulberry32(7)());
  });
});

describe('ForceLayout', () => {
  it('the same seed gives the same positions, bit for bit; another seed other positions', () => {
    const a = layoutGraph(G, { seed: 3 });
    const b = layoutGraph(G, { seed: 3 });
    expect([...a.x]).toEqual([...b.x]);
    expect([...a.y]).toEqual([...b.y]);
    const c = layoutGraph(G, { seed: 4 });
    expect([...c.x]).not.toEqual([...a.x]);
  });

  it('gives the same result run in chunks (step, or time-budgeted runFor) as in one go', () => {
    const one = layoutGraph(G, { seed: 11, iterations: 250 });
    const chunked = new ForceLayout(G, { seed: 11, iterations: 250 });
    while (!chunked.step(7));
    expect(chunked.iteration).toBe(250);
    expect([...chunked.x]).toEqual([...one.x]);
    // a fake clock: every call to now() advances 1 ms, so a 5 ms budget runs a few iterations per call
    let t = 0;
    const now = () => (t += 1);
    const timed = new ForceLayout(G, { seed: 11, iterations: 250 });
    let calls = 0;
    while (!timed.runFor(5, now)) calls++;
    expect(calls).toBeGreaterThan(10);
    expect([...timed.y]).toEqual([...one.y]);
  });

  it('runFor runs at least one iteration and stops when done', () => {
    const l = new ForceLayout(G, { iterations: 3 });
    expect(l.runFor(0, () => 0)).toBe(false);
    expect(l.iteration).toBe(1);
    expect(l.runFor(1e9)).toBe(true);
    expect(l.iteration).toBe(3);
    expect(l.step(5)).toBe(true);
    expect(l.iteration).toBe(3);
  });

  it('heavy edges pull closer than light ones; nodes keep r_a + r_b + gap apart; the graph stays compact', () => {
    const { x, y } = layoutGraph(G, { seed: 1 });
    const heavy = (dist(x, y, 0, 1) + dist(x, y, 1, 2) + dist(x, y, 0, 2)) / 3;
    const light = (dist(x, y, 3, 4) + dist(x, y, 4, 5) + dist(x, y, 3, 5)) / 3;
    expect(heavy).toBeLessThan(light);
    for (let a = 0; a < G.n; a++) for (let b = a + 1; b < G.n; b++) {
      expect(dist(x, y, a, b)).toBeGreaterThan((G.radius[a] + G.radius[b] + 18) * 0.9);
    }
    const box = bounds(x, y);
    expect(box.maxX - box.minX).toBeLessThan(400);
    expect([...x, ...y].every(Number.isFinite)).toBe(true);
  });

  it('a pinned node stays where it was put; reheat lets the rest settle again', () => {
    const l = new ForceLayout(G, { seed: 2, iterations: 100 });
    l.step(50);
    l.pin(0, 500, -500);
    l.step(50);
    expect([l.x[0], l.y[0]]).toEqual([500, -500]);
    expect(l.done).toBe(true);
    l.reheat(20);
    expect(l.iteration).toBe(80);
    l.unpin(0);
    l.step(20);
    expect(l.x[0]).not.toBe(500);
  });

  it('handles no nodes, one node, coincident starts and self-loops', () => {
    expect(layoutGraph({ n: 0, edges: [] }).x).toHaveLength(0);
    const one = layoutGraph({ n: 1, edges: [{ a: 0, b: 0, w: 1 }] });
    expect(Number.isFinite(one.x[0])).toBe(true);
    const l = new ForceLayout({ n: 2, edges: [{ a: 0, b: 1, w: 1 }] }, { iterations: 10 });
    l.pin(0, 0, 0);
    l.unpin(0);
    l.x[1] = 0; l.y[1] = 0;
    l.step(10);
    expect(dist(l.x, l.y, 0, 1)).toBeGreaterThan(0);
  });
});

describe('the demo synergy network laid out: the core four are its tight, heavily linked centre', () => {
  let pairs: TargetPair[];
  let de: DemoDe;
  beforeAll(() => {
    const text = (n: string) => readFileSync(`public/demo/arrays/${n}.gpr`, 'latin1');
    de = demoDe(['R1', 'R2', 'R3', 'S1', 'S2', 'S3'].map((name) => ({ name, text: text(name) })));
    pairs = readTargetTable(new Uint8Array(readFileSync('public/demo/targets.tsv')), 'targets.tsv').pairs;
  }, 60_000);

  it('miRNAs down at 1.5-fold: the six core pairs are the closest-linked pairs, well inside the network', () => {
    const down15 = de.probes.filter((p) => de.fold.get(p)! <= 1 / 1.5);
    const m = synergyModel(synergyNetwork(pairs, down15), true);
    const { x, y } = layoutGraph(layoutInput(m), { seed: 1 });
    const core = CORE_MIRNAS.map((c) => m.nodes.findIndex((n) => n.id === c));
    expect(core.every((i) => i >= 0)).toBe(true);
    const all: number[] = [];
    for (let a = 0; a < m.nodes.length; a++) for (let b = a + 1; b < m.nodes.length; b++) all.push(dist(x, y, a, b));
    all.sort((a, b) => a - b);
    const median = all[all.length >> 1];
    for (let a = 0; a < 4; a++) for (let b = a + 1; b < 4; b++) expect(dist(x, y, core[a], core[b])).toBeLessThan(median / 2);
    // the six thickest edges are the core's
    const thickest = [...m.edges].sort((p, q) => q.w - p.w).slice(0, 6);
    expect(thickest.every((e) => core.includes(e.a) && core.includes(e.b))).toBe(true);
  });
});
