/**
 * The network as drawn: nodes and weighted edges of the miRNA–miRNA synergy graph or of the
 * miRNA–target graph, with each node's size and colour and each edge's width, built once from the
 * worker's result and shared by the canvas (network-canvas.ts) and the SVG export (network-svg.ts).
 * Pure and DOM-free.
 */
import type { BipartiteGraph, SynergyNetwork } from '../../stats/mirna-network.ts';

/** A node as drawn. */
export interface NetNode {
  /** Name as in the target table (user data). */
  id: string;
  kind: 'mirna' | 'gene';
  /** Short label (species prefix dropped: hsa-miR-16-5p → miR-16-5p). */
  label: string;
  /** Radius in px at zoom 1. */
  r: number;
  /** Edges at the node as drawn. */
  degree: number;
  /** Synergy: targets of the miRNA in the table; bipartite: edges at the node. */
  targets: number;
  /** Synergy: sum of shared targets over its edges. */
  strength: number;
}

/** An edge as drawn: node indices, weight (shared targets; 1 for a miRNA–target pair). */
export interface NetEdge {
  a: number;
  b: number;
  w: number;
  /** Synergy: hypergeometric p and BH FDR of the pair. */
  p?: number;
  fdr?: number;
  /** Stroke width in px at zoom 1. */
  width: number;
}

export interface NetworkModel {
  mode: 'synergy' | 'bipartite';
  nodes: NetNode[];
  edges: NetEdge[];
  /** Largest edge weight (legend). */
  maxW: number;
  /** Selected miRNAs left out because they have no edge (when hidden). */
  hiddenIsolated: number;
  /** Bipartite: target genes before the minMirnas / maxGenes filters. */
  totalGenes?: number;
}

/** Colours: miRNAs blue, target genes orange (Okabe–Ito), the focused node vermilion. */
export const NET_COLORS = { mirna: '#0072B2', gene: '#E69F00', focus: '#D55E00', edge: '#5b6778', faded: '#d5dbe3' } as const;

/** A miRNA name without its species prefix, for labels. */
export const shortLabel = (id: string): string => id.replace(/^[a-z]{2,5}\d?-(?=(mir|let|lin|miR)[-\w])/i, '');

/** Edge width for a weight: 0.75 px for the smallest, 8 px for the largest (linear in shared targets). */
export function edgeWidth(w: number, maxW: number): number {
  return maxW > 1 ? 0.75 + 7.25 * ((w - 1) / (maxW - 1)) : 1.5;
}

/** The synergy graph as drawn (node radius ∝ √targets; edge width ∝ shared targets). */
export function synergyModel(net: SynergyNetwork, hideIsolated: boolean): NetworkModel {
  const keep = net.nodes.filter((n) => !hideIsolated || n.degree > 0);
  const index = new Map(keep.map((n, i) => [n.id, i]));
  const maxT = Math.max(1, ...keep.map((n) => n.targets));
  const maxW = Math.max(1, ...net.edges.map((e) => e.shared));
  return {
    mode: 'synergy',
    nodes: keep.map((n) => ({ id: n.id, kind: 'mirna', label: shortLabel(n.id), r: 4 + 10 * Math.sqrt(n.targets / maxT), degree: n.degree, targets: n.targets, strength: n.strength })),
    edges: net.edges.map((e) => ({ a: index.get(e.a)!, b: index.get(e.b)!, w: e.shared, p: e.p, fdr: e.fdr, width: edgeWidth(e.shared, maxW) })),
    maxW,
    hiddenIsolated: net.nodes.length - keep.length,
  };
}

/** The miRNA–target graph as drawn (miRNAs larger, genes sized by how many miRNAs target them). */
export function bipartiteModel(g: BipartiteGraph, hideIsolated: boolean): NetworkModel {
  const keep = g.nodes.filter((n) => !hideIsolated || n.degree > 0);
  const key = (kind: string, id: string) => `${kind}\u0000${id}`;
  const index = new Map(keep.map((n, i) => [key(n.kind, n.id), i]));
  const maxGeneDeg = Math.max(1, ...keep.filter((n) => n.kind === 'gene').map((n) => n.degree));
  return {
    mode: 'bipartite',
    nodes: keep.map((n) => ({
      id: n.id, kind: n.kind, label: n.kind === 'mirna' ? shortLabel(n.id) : n.id,
      r: n.kind === 'mirna' ? 9 : 3 + 4 * Math.sqrt(n.degree / maxGeneDeg), degree: n.degree, targets: n.degree, strength: n.degree,
    })),
    edges: g.edges.flatMap((e) => {
      const a = index.get(key('mirna', e.mirna));
      const b = index.get(key('gene', e.gene));
      return a === undefined || b === undefined ? [] : [{ a, b, w: 1, width: 0.8 }];
    }),
    maxW: 1,
    hiddenIsolated: g.nodes.filter((n) => n.kind === 'mirna').length - keep.filter((n) => n.kind === 'mirna').length,
    totalGenes: g.totalGenes,
  };
}

/** Neighbours of node i (indices) with the connecting edges. */
export function neighbours(m: NetworkModel, i: number): { node: number; edge: NetEdge }[] {
  const out: { node: number; edge: NetEdge }[] = [];
  for (const e of m.edges) {
    if (e.a === i) out.push({ node: e.b, edge: e });
    else if (e.b === i) out.push({ node: e.a, edge: e });
  }
  return out.sort((x, y) => y.edge.w - x.edge.w || (x.edge.p ?? 0) - (y.edge.p ?? 0) || m.nodes[x.node].id.localeCompare(m.nodes[y.node].id));
}

/**
 * The node a search text names: the exact id, else the same id without case or species prefix
 * (miR-16-5p finds hsa-miR-16-5p), else the first id containing the text. -1 when none.
 */
export function findNode(m: NetworkModel, text: string): number {
  const q = text.trim();
  if (!q) return -1;
  const exact = m.nodes.findIndex((n) => n.id === q);
  if (exact >= 0) return exact;
  const norm = (s: string) => shortLabel(s.trim()).toLowerCase();
  const nq = norm(q);
  const same = m.nodes.findIndex((n) => norm(n.id) === nq);
  if (same >= 0) return same;
  const lq = q.toLowerCase();
  return m.nodes.findIndex((n) => n.id.toLowerCase().includes(lq));
}

/** Layout graph of a model (node indices and weights). */
export const layoutInput = (m: NetworkModel) => ({ n: m.nodes.length, edges: m.edges.map((e) => ({ a: e.a, b: e.b, w: e.w })), radius: m.nodes.map((x) => x.r) });
