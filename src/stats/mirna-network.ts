/**
 * miRNA–target networks (SPEC §4 "Targets and pathways"): the target genes of selected miRNAs with
 * the miRNAs that support each, the miRNA–target bipartite graph, and the miRNA–miRNA synergy graph.
 *
 * Synergy (as in Shalgi et al. 2007 and the miRNA–miRNA "functional synergistic" networks built on
 * it): two miRNAs are linked when they share more targets than chance. With N = the distinct
 * target genes of the whole table (the universe of targets), A and B the target sets of the two
 * miRNAs and s = |A ∩ B|, the p-value is P(X ≥ s) for X ~ Hypergeometric(|A| white, N − |A| black,
 * |B| drawn) — R's `phyper(s - 1, |A|, N - |A|, |B|, lower.tail = FALSE)`, symmetric in A and B.
 * Every pair of selected miRNAs is tested; BH (`p.adjust(method = "BH")`) runs over all of them.
 * An edge is kept when s ≥ minShared and its p (or BH FDR) ≤ maxP; its weight is s.
 */
import type { TargetPair } from '../formats/targets.ts';
import { logUpperTail } from './hypergeom.ts';
import { pAdjustBH } from './p-adjust.ts';

/** A target gene of the selected miRNAs. */
export interface TargetGene {
  gene: string;
  /** Selected miRNAs that target it (table spelling, in selection order). */
  mirnas: string[];
  /** Largest score over those pairs (null without scores). */
  maxScore: number | null;
}

/**
 * The genes targeted by the selected miRNAs (table names), each with its supporting miRNAs; most
 * supported first, then by gene name. As `aggregate(mirna ~ gene, subset(pairs, mirna %in% sel), c)`.
 */
export function targetsOfMirnas(pairs: readonly TargetPair[], selected: Iterable<string>): TargetGene[] {
  const order = new Map<string, number>();
  for (const m of selected) if (!order.has(m)) order.set(m, order.size);
  const byGene = new Map<string, TargetGene>();
  for (const p of pairs) {
    if (!order.has(p.mirna)) continue;
    let t = byGene.get(p.gene);
    if (!t) byGene.set(p.gene, (t = { gene: p.gene, mirnas: [], maxScore: null }));
    if (!t.mirnas.includes(p.mirna)) t.mirnas.push(p.mirna);
    if (p.score !== null && (t.maxScore === null || p.score > t.maxScore)) t.maxScore = p.score;
  }
  const out = [...byGene.values()];
  for (const t of out) t.mirnas.sort((a, b) => order.get(a)! - order.get(b)!);
  return out.sort((a, b) => b.mirnas.length - a.mirnas.length || cmp(a.gene, b.gene));
}

/** A node of the miRNA–target graph. */
export interface BipartiteNode {
  id: string;
  kind: 'mirna' | 'gene';
  /** Edges at the node in the graph as returned. */
  degree: number;
}

/** An edge miRNA → target gene. */
export interface BipartiteEdge {
  mirna: string;
  gene: string;
  score: number | null;
}

/** Options for {@link mirnaTargetGraph}. */
export interface BipartiteOptions {
  /** Keep genes targeted by at least this many selected miRNAs (default 1). */
  minMirnas?: number;
  /** Keep at most this many genes: the most supported, then by name (default: all). */
  maxGenes?: number;
}

/** The miRNA–target bipartite graph of the selected miRNAs (table names). */
export interface BipartiteGraph {
  nodes: BipartiteNode[];
  edges: BipartiteEdge[];
  /** Target genes before the minMirnas / maxGenes filters. */
  totalGenes: number;
}

/**
 * miRNA and target nodes with an edge per pair, for drawing (as an igraph
 * `graph_from_data_frame(pairs, directed = FALSE)` of the selected miRNAs' pairs). miRNA nodes
 * first (selection order), then genes (most supported first).
 */
export function mirnaTargetGraph(pairs: readonly TargetPair[], selected: readonly string[], opts: BipartiteOptions = {}): BipartiteGraph {
  const targets = targetsOfMirnas(pairs, selected);
  const minMirnas = opts.minMirnas ?? 1;
  let kept = targets.filter((t) => t.mirnas.length >= minMirnas);
  if (opts.maxGenes !== undefined && kept.length > opts.maxGenes) kept = kept.slice(0, Math.max(0, opts.maxGenes));
  const keepGene = new Set(kept.map((t) => t.gene));
  const sel = new Set(selected);
  const edges: BipartiteEdge[] = [];
  const degree = new Map<string, number>();
  for (const p of pairs) {
    if (!sel.has(p.mirna) || !keepGene.has(p.gene)) continue;
    edges.push({ mirna: p.mirna, gene: p.gene, score: p.score });
    degree.set(p.mirna, (degree.get(p.mirna) ?? 0) + 1);
    degree.set('\u0000' + p.gene, (degree.get('\u0000' + p.gene) ?? 0) + 1);
  }
  const nodes: BipartiteNode[] = [
    ...[...new Set(selected)].map((id) => ({ id, kind: 'mirna' as const, degree: degree.get(id) ?? 0 })),
    ...kept.map((t) => ({ id: t.gene, kind: 'gene' as const, degree: degree.get('\u0000' + t.gene) ?? 0 })),
  ];
  return { nodes, edges, totalGenes: targets.length };
}

/** Options for {@link synergyNetwork}. */
export interface SynergyOptions {
  /** Keep edges whose p (or FDR with adjust 'BH') is ≤ maxP (default 0.05). */
  maxP?: number;
  /** Filter on the raw p ('none', default) or on the BH FDR over all pairs tested ('BH'). */
  adjust?: 'none' | 'BH';
  /** Keep edges with at least this many shared targets (default 1). */
  minShared?: number;
}

/** A miRNA of the synergy graph. */
export interface SynergyNode {
  id: string;
  /** Its targets in the table. */
  targets: number;
  /** Kept edges at the node. */
  degree: number;
  /** Sum of shared targets over its kept edges. */
  strength: number;
}

/** A miRNA–miRNA edge: two miRNAs sharing targets. */
export interface SynergyEdge {
  a: string;
  b: string;
  /** Shared targets (the edge weight). */
  shared: number;
  /** phyper(shared - 1, |A|, N - |A|, |B|, lower.tail = FALSE). */
  p: number;
  /** Natural log of p (finite where p underflows). */
  logP: number;
  /** BH FDR over all pairs tested. */
  fdr: number;
}

/** The synergy graph. */
export interface SynergyNetwork {
  /** N: distinct target genes of the table. */
  universe: number;
  /** Selected miRNAs that are in the table (selection order). */
  nodes: SynergyNode[];
  /** Kept edges, most shared targets first (then smaller p, then names). */
  edges: SynergyEdge[];
  /** Pairs tested (all pairs of nodes). */
  tested: number;
}

/**
 * miRNA–miRNA synergy graph of the selected miRNAs (table names) over the table's pairs (see the
 * module comment). Shared targets are counted through an inverted index (gene → its miRNAs), so
 * the cost is Σ over genes of (miRNAs per gene)², not pairs × targets.
 */
export function synergyNetwork(pairs: readonly TargetPair[], selected: readonly string[], opts: SynergyOptions = {}): SynergyNetwork {
  const maxP = opts.maxP ?? 0.05;
  const adjust = opts.adjust ?? 'none';
  const minShared = opts.minShared ?? 1;
  const universeGenes = new Set<string>();
  for (const p of pairs) universeGenes.add(p.gene);
  const N = universeGenes.size;

  const index = new Map<string, number>();
  for (const m of selected) if (!index.has(m)) index.set(m, -1);
  const targetSets = new Map<string, Set<string>>();
  for (const p of pairs) {
    if (!index.has(p.mirna)) continue;
    let s = targetSets.get(p.mirna);
    if (!s) targetSets.set(p.mirna, (s = new Set()));
    s.add(p.gene);
  }
  const ids = [...index.keys()].filter((m) => targetSets.has(m));
  ids.forEach((m, i) => index.set(m, i));
  const k = ids.length;
  const size = ids.map((m) => targetSets.get(m)!.size);

  // shared counts via gene → miRNA lists
  const byGene = new Map<string, number[]>();
  ids.forEach((m, i) => {
    for (const g of targetSets.get(m)!) {
      const l = byGene.get(g);
      if (l) l.push(i);
      else byGene.set(g, [i]);
    }
  });
  const dense = k <= 4096;
  const mat = dense ? new Uint32Array(k * k) : null;
  const sparse = dense ? null : new Map<number, number>();
  for (const list of byGene.values()) {
    for (let x = 0; x < list.length; x++) {
      for (let y = x + 1; y < list.length; y++) {
        const a = Math.min(list[x], list[y]);
        const b = Math.max(list[x], list[y]);
        if (mat) mat[a * k + b]++;
        else sparse!.set(a * k + b, (sparse!.get(a * k + b) ?? 0) + 1);
      }
    }
  }
  const sharedOf = (a: number, b: number): number => (mat ? mat[a * k + b] : sparse!.get(a * k + b) ?? 0);

  const tested = (k * (k - 1)) / 2;
  const all: { a: number; b: number; shared: number; p: number; logP: number }[] = [];
  const pvals = new Float64Array(tested);
  let t = 0;
  for (let a = 0; a < k; a++) {
    for (let b = a + 1; b < k; b++) {
      const s = sharedOf(a, b);
      const logP = s === 0 ? 0 : logUpperTail(s, size[a], N - size[a], size[b]);
      const p = Math.exp(logP);
      pvals[t++] = p;
      if (s > 0) all.push({ a, b, shared: s, p, logP });
    }
  }
  const fdrAll = pAdjustBH(pvals);
  // map fdr back: recompute pair position in the triangular order
  const pos = (a: number, b: number): number => a * k - (a * (a + 1)) / 2 + (b - a - 1);
  const edges: SynergyEdge[] = [];
  for (const e of all) {
    const fdr = fdrAll[pos(e.a, e.b)];
    const crit = adjust === 'BH' ? fdr : e.p;
    if (e.shared >= minShared && crit <= maxP) edges.push({ a: ids[e.a], b: ids[e.b], shared: e.shared, p: e.p, logP: e.logP, fdr });
  }
  edges.sort((x, y) => y.shared - x.shared || x.logP - y.logP || cmp(x.a, y.a) || cmp(x.b, y.b));
  const degree = new Map<string, number>();
  const strength = new Map<string, number>();
  for (const e of edges) {
    for (const m of [e.a, e.b]) {
      degree.set(m, (degree.get(m) ?? 0) + 1);
      strength.set(m, (strength.get(m) ?? 0) + e.shared);
    }
  }
  const nodes = ids.map((id, i) => ({ id, targets: size[i], degree: degree.get(id) ?? 0, strength: strength.get(id) ?? 0 }));
  return { universe: N, nodes, edges, tested };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
