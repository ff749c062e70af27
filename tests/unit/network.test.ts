/**
 * miRNA networks (src/stats/mirna-network.ts): synergy edges against R (hypergeometric p of shared
 * targets, BH over all pairs), the targets of selected miRNAs and the bipartite graph, and the demo
 * study, where the paper's four core miRNAs form the densest part of the synergy network.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import ref from '../fixtures/enrichment-reference.json';
import { readTargetTable, type TargetPair } from '../../src/formats/targets.ts';
import { mirnaTargetGraph, synergyNetwork, targetsOfMirnas, type SynergyNetwork } from '../../src/stats/mirna-network.ts';
import { generateDemo } from '../../scripts/demo/generate.ts';
import { CORE_MIRNAS, demoDe, type DemoDe } from '../../scripts/demo/targets.ts';

interface REdge { a: string; b: string; shared: number; p: number; fdr: number }
const R = ref as unknown as {
  synergy: { pairs: { mirna: string[]; gene: string[] }; universe: number; edges: REdge[] };
  hallmark: { runs: { mirnas: string[]; minScore: number | null; networkUniverse: number; edges: REdge[] }[] };
};
const rel = (a: number, b: number) => (a === b ? 0 : Math.abs(a - b) / Math.abs(b));
const pair = (mirna: string, gene: string, score: number | null = null, line = 0): TargetPair => ({ mirna, gene, score, line });
const key = (a: string, b: string) => [a, b].sort().join(' ~ ');

function expectEdgesLikeR(net: SynergyNetwork, want: REdge[]) {
  const got = new Map(net.edges.map((e) => [key(e.a, e.b), e]));
  for (const w of want) {
    const e = got.get(key(w.a, w.b));
    if (w.shared === 0) {
      expect(e).toBeUndefined(); // no shared target, no edge (R: p = 1)
      continue;
    }
    expect(e, key(w.a, w.b)).toBeDefined();
    expect(e!.shared).toBe(w.shared);
    expect(rel(e!.p, w.p), `${key(w.a, w.b)} p`).toBeLessThan(1e-9);
    expect(rel(e!.fdr, w.fdr), `${key(w.a, w.b)} fdr`).toBeLessThan(1e-9);
  }
}

describe('synergy = phyper(shared - 1, |A|, N - |A|, |B|, lower.tail = FALSE), BH over all pairs', () => {
  const s = R.synergy;
  const pairs = s.pairs.mirna.map((m, i) => pair(m, s.pairs.gene[i]));
  const mirnas = [...new Set(s.pairs.mirna)];
  it('every pair equals R (all edges kept)', () => {
    const net = synergyNetwork(pairs, mirnas, { maxP: 1, minShared: 0 });
    expect(net.universe).toBe(s.universe);
    expect(net.tested).toBe(28);
    expectEdgesLikeR(net, s.edges);
  });
  it('filters on p, on the BH FDR, and on shared targets; degree and strength follow the kept edges', () => {
    const byP = synergyNetwork(pairs, mirnas, { maxP: 0.05 });
    expect(byP.edges.map((e) => key(e.a, e.b)).sort()).toEqual(s.edges.filter((e) => e.p <= 0.05 && e.shared > 0).map((e) => key(e.a, e.b)).sort());
    const byFdr = synergyNetwork(pairs, mirnas, { maxP: 1e-6, adjust: 'BH' });
    expect(byFdr.edges.map((e) => key(e.a, e.b)).sort()).toEqual(s.edges.filter((e) => e.fdr <= 1e-6).map((e) => key(e.a, e.b)).sort());
    const big = synergyNetwork(pairs, mirnas, { maxP: 1, minShared: 40 });
    expect(big.edges.every((e) => e.shared >= 40)).toBe(true);
    for (const n of byP.nodes) {
      const mine = byP.edges.filter((e) => e.a === n.id || e.b === n.id);
      expect(n.degree).toBe(mine.length);
      expect(n.strength).toBe(mine.reduce((x, e) => x + e.shared, 0));
    }
    expect(byP.nodes.map((n) => n.id)).toEqual(mirnas);
    expect(byP.nodes.find((n) => n.id === 'hsa-miR-15a-5p')!.targets).toBe(new Set(pairs.filter((p) => p.mirna === 'hsa-miR-15a-5p').map((p) => p.gene)).size);
  });
  it('edges are listed by shared targets, then p', () => {
    const net = synergyNetwork(pairs, mirnas, { maxP: 1 });
    for (let i = 1; i < net.edges.length; i++) {
      const [x, y] = [net.edges[i - 1], net.edges[i]];
      expect(x.shared > y.shared || (x.shared === y.shared && x.logP <= y.logP)).toBe(true);
    }
  });
  it('selected miRNAs absent from the table are not nodes', () => {
    const net = synergyNetwork(pairs, ['hsa-miR-16-5p', 'hsa-miR-999', 'hsa-miR-17-5p']);
    expect(net.nodes.map((n) => n.id)).toEqual(['hsa-miR-16-5p', 'hsa-miR-17-5p']);
    expect(net.tested).toBe(1);
  });
  it('equals R on the Hallmark end-to-end tables (score cut-offs)', () => {
    for (const run of R.hallmark.runs) {
      const t = readTargetTable(new Uint8Array(readFileSync('tests/fixtures/targets/r-hallmark-targets.tsv')), 'r.tsv', { minScore: run.minScore });
      const net = synergyNetwork(t.pairs, run.mirnas, { maxP: 1, minShared: 0 });
      expect(net.universe).toBe(run.networkUniverse);
      expectEdgesLikeR(net, run.edges);
    }
  });
});

describe('targets of selected miRNAs and the bipartite graph', () => {
  const pairs = [
    pair('m1', 'BCL2', 0.9), pair('m1', 'MYC', 0.5), pair('m2', 'BCL2', 0.7), pair('m2', 'CCND1'), pair('m3', 'BCL2', 0.95), pair('m3', 'TP53'),
  ];
  it('each gene with its supporting miRNAs (selection order), most supported first', () => {
    expect(targetsOfMirnas(pairs, ['m2', 'm1'])).toEqual([
      { gene: 'BCL2', mirnas: ['m2', 'm1'], maxScore: 0.9 },
      { gene: 'CCND1', mirnas: ['m2'], maxScore: null },
      { gene: 'MYC', mirnas: ['m1'], maxScore: 0.5 },
    ]);
  });
  it('miRNA and gene nodes with degrees; minMirnas and maxGenes trim the genes', () => {
    const g = mirnaTargetGraph(pairs, ['m1', 'm2', 'm3']);
    expect(g.totalGenes).toBe(4);
    expect(g.nodes).toEqual([
      { id: 'm1', kind: 'mirna', degree: 2 }, { id: 'm2', kind: 'mirna', degree: 2 }, { id: 'm3', kind: 'mirna', degree: 2 },
      { id: 'BCL2', kind: 'gene', degree: 3 }, { id: 'CCND1', kind: 'gene', degree: 1 }, { id: 'MYC', kind: 'gene', degree: 1 }, { id: 'TP53', kind: 'gene', degree: 1 },
    ]);
    expect(g.edges).toHaveLength(6);
    const shared = mirnaTargetGraph(pairs, ['m1', 'm2', 'm3'], { minMirnas: 2 });
    expect(shared.nodes.filter((n) => n.kind === 'gene').map((n) => n.id)).toEqual(['BCL2']);
    expect(shared.edges.map((e) => e.mirna)).toEqual(['m1', 'm2', 'm3']);
    expect(mirnaTargetGraph(pairs, ['m1', 'm2', 'm3'], { maxGenes: 2 }).nodes.filter((n) => n.kind === 'gene').map((n) => n.id)).toEqual(['BCL2', 'CCND1']);
  });
});

describe('the demo study: miR-15a/16/17/20a are the densest part of the synergy network', () => {
  let pairs: TargetPair[];
  let de: DemoDe;
  beforeAll(() => {
    const demo = generateDemo();
    const text = (p: string) => new TextDecoder().decode(demo.files.get(p)!);
    de = demoDe(['R1', 'R2', 'R3', 'S1', 'S2', 'S3'].map((name) => ({ name, text: text(`demo/arrays/${name}.gpr`) })));
    pairs = readTargetTable(demo.files.get('demo/targets.tsv')!, 'targets.tsv').pairs;
  }, 60_000);
  const corePairs = CORE_MIRNAS.flatMap((a, i) => CORE_MIRNAS.slice(i + 1).map((b) => key(a, b))).sort();

  /** The 4-clique of largest total weight among the nodes of the strongest edges (brute force). */
  function heaviestFourClique(net: SynergyNetwork): string[] {
    const w = new Map(net.edges.map((e) => [key(e.a, e.b), e.shared]));
    const cand = [...new Set(net.edges.slice(0, 40).flatMap((e) => [e.a, e.b]))];
    let best: string[] = [];
    let bestW = -1;
    for (let i = 0; i < cand.length; i++) for (let j = i + 1; j < cand.length; j++) for (let k = j + 1; k < cand.length; k++) for (let l = k + 1; l < cand.length; l++) {
      const q = [cand[i], cand[j], cand[k], cand[l]];
      let total = 0;
      let clique = true;
      for (let x = 0; x < 4 && clique; x++) for (let y = x + 1; y < 4; y++) {
        const v = w.get(key(q[x], q[y]));
        if (v === undefined) { clique = false; break; }
        total += v;
      }
      if (clique && total > bestW) [best, bestW] = [q, total];
    }
    return best.sort();
  }

  it('over every miRNA of the demo table: the six core pairs are the six strongest edges, significant, and the heaviest 4-clique', () => {
    const all = [...new Set(pairs.map((p) => p.mirna))];
    expect(all.length).toBeGreaterThan(400);
    const net = synergyNetwork(pairs, all, { adjust: 'BH' });
    expect(net.edges.slice(0, 6).map((e) => key(e.a, e.b)).sort()).toEqual(corePairs);
    expect(net.edges[6].shared).toBeLessThan(net.edges[5].shared / 2);
    for (const e of net.edges.slice(0, 6)) expect(e.fdr).toBeLessThan(1e-30);
    expect(heaviestFourClique(net)).toEqual([...CORE_MIRNAS].sort());
    const strongest = [...net.nodes].sort((a, b) => b.strength - a.strength).slice(0, 4).map((n) => n.id).sort();
    expect(strongest).toEqual([...CORE_MIRNAS].sort());
  });
  it('over the miRNAs down at 1.5-fold (all four core miRNAs): the same core', () => {
    const down15 = de.probes.filter((p) => de.fold.get(p)! <= 1 / 1.5);
    expect(down15).toEqual(expect.arrayContaining([...CORE_MIRNAS]));
    const net = synergyNetwork(pairs, down15);
    expect(net.edges.slice(0, 6).map((e) => key(e.a, e.b)).sort()).toEqual(corePairs);
    expect(heaviestFourClique(net)).toEqual([...CORE_MIRNAS].sort());
  });
  it('over the 2-fold down list: miR-16-5p and miR-20a-5p (the core miRNAs past 2-fold) carry the strongest edge', () => {
    // the paper's fold changes: 16-5p 3.91, 20a-5p 2.96, 17-5p 1.97, 15a-5p 1.83 — only two pass 2-fold
    expect(CORE_MIRNAS.filter((m) => de.down.includes(m)).sort()).toEqual(['hsa-miR-16-5p', 'hsa-miR-20a-5p']);
    const net = synergyNetwork(pairs, de.down);
    expect(net.nodes.map((n) => n.id)).toContain('hsa-miR-16-5p');
    expect(key(net.edges[0].a, net.edges[0].b)).toBe(key('hsa-miR-16-5p', 'hsa-miR-20a-5p'));
    expect(net.edges[0].shared).toBeGreaterThan(3 * net.edges[1].shared);
  });
});
