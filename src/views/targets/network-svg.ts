/**
 * The network figure as a standalone SVG (vector export; the PNG export rasterises the same SVG):
 * the laid-out nodes fitted into the figure, edges with their widths, miRNA labels (gene labels
 * when there are few genes or they neighbour the focused node), the focused node's neighbourhood
 * in full colour and the rest faded, and a legend for node colours and edge widths.
 * Pure and DOM-free; the canvas on screen draws the same model (network-canvas.ts).
 */
import { el, esc, svgDocument } from '../../export/svg.ts';
import { bounds } from './layout.ts';
import { edgeWidth, NET_COLORS, neighbours, type NetworkModel } from './network-model.ts';

/** Texts and options of the figure (already in the export language). */
export interface NetworkSvgOptions {
  title: string;
  /** A second line under the title (the selection and filters). */
  subtitle?: string;
  /** Index of the focused node, or null. */
  focus: number | null;
  width?: number;
  height?: number;
  /** Legend texts. */
  legend: { mirna: string; gene: string; edge: string };
  /** Number formatting for the legend's weights. */
  format?: (x: number) => string;
  /** Draw gene labels: 'auto' (≤ 60 genes, and the focus' neighbours), true or false. */
  geneLabels?: 'auto' | boolean;
}

/** The set of nodes lit up by a focus: the node and its neighbours (all nodes when no focus). */
export function litNodes(m: NetworkModel, focus: number | null): Set<number> | null {
  if (focus === null || focus < 0 || focus >= m.nodes.length) return null;
  return new Set([focus, ...neighbours(m, focus).map((n) => n.node)]);
}

/** Renders the network (positions x, y in layout units) as an SVG document. */
export function networkSvg(m: NetworkModel, x: ArrayLike<number>, y: ArrayLike<number>, o: NetworkSvgOptions): { svg: string; width: number; height: number } {
  const W = o.width ?? 900;
  const H = o.height ?? 720;
  const fmt = o.format ?? ((v: number) => String(v));
  const top = o.subtitle ? 58 : 40;
  const legendH = 44;
  const pad = 24;
  const labelRoom = 90;
  const b = bounds(x, y);
  const bw = Math.max(1e-9, b.maxX - b.minX);
  const bh = Math.max(1e-9, b.maxY - b.minY);
  const s = Math.min((W - 2 * pad - labelRoom) / bw, (H - top - legendH - 2 * pad) / bh, 60);
  const ox = pad + (W - 2 * pad - labelRoom - bw * s) / 2 - b.minX * s;
  const oy = top + pad + (H - top - legendH - 2 * pad - bh * s) / 2 - b.minY * s;
  const px = (i: number) => ox + x[i] * s;
  const py = (i: number) => oy + y[i] * s;
  const lit = litNodes(m, o.focus);
  const on = (i: number) => !lit || lit.has(i);
  const genes = m.nodes.filter((n) => n.kind === 'gene').length;
  const geneLabels = o.geneLabels ?? 'auto';

  let body = el('text', { x: W / 2, y: 22, 'text-anchor': 'middle', 'font-size': 15, 'font-weight': 'bold' }, esc(o.title));
  if (o.subtitle) body += el('text', { x: W / 2, y: 42, 'text-anchor': 'middle', 'font-size': 11, fill: '#3b4757' }, esc(o.subtitle));

  // edges: faded ones first, lit ones on top
  const edgeSvg = (faded: boolean) => m.edges
    .filter((e) => faded === !(on(e.a) && on(e.b) && (!lit || e.a === o.focus || e.b === o.focus)))
    .map((e) => el('line', {
      x1: px(e.a), y1: py(e.a), x2: px(e.b), y2: py(e.b),
      stroke: faded && lit ? NET_COLORS.faded : NET_COLORS.edge, 'stroke-opacity': faded && lit ? 0.6 : 0.55, 'stroke-width': e.width, 'stroke-linecap': 'round',
    })).join('');
  body += el('g', { 'data-part': 'edges' }, edgeSvg(true) + edgeSvg(false));

  // nodes
  let nodes = '';
  let labels = '';
  const order = m.nodes.map((_, i) => i).sort((a, c) => Number(on(a)) - Number(on(c)) || (m.nodes[a].kind === 'gene' ? -1 : 1) - (m.nodes[c].kind === 'gene' ? -1 : 1));
  for (const i of order) {
    const n = m.nodes[i];
    const color = n.kind === 'mirna' ? NET_COLORS.mirna : NET_COLORS.gene;
    nodes += el('circle', {
      cx: px(i), cy: py(i), r: n.r, fill: on(i) ? color : NET_COLORS.faded,
      stroke: i === o.focus ? NET_COLORS.focus : '#fff', 'stroke-width': i === o.focus ? 3 : 1,
    }, el('title', {}, esc(n.id)));
    const showLabel = n.kind === 'mirna' || geneLabels === true || (geneLabels === 'auto' && (genes <= 60 || (lit?.has(i) ?? false)));
    if (showLabel && (on(i) || n.kind === 'mirna')) {
      labels += el('text', {
        x: px(i) + n.r + 3, y: py(i) + 4, 'font-size': n.kind === 'mirna' ? 11 : 9,
        fill: on(i) ? '#1d2733' : '#9aa5b4', 'font-weight': i === o.focus ? 'bold' : null,
        stroke: '#fff', 'stroke-width': 3, 'stroke-opacity': 0.85, 'paint-order': 'stroke', 'stroke-linejoin': 'round',
      }, esc(n.label));
    }
  }
  body += el('g', { 'data-part': 'nodes' }, nodes) + el('g', { 'data-part': 'labels' }, labels);

  // legend
  const ly = H - legendH / 2;
  let lx = pad;
  let legend = el('circle', { cx: lx + 6, cy: ly, r: 6, fill: NET_COLORS.mirna }) + el('text', { x: lx + 16, y: ly + 4 }, esc(o.legend.mirna));
  lx += 26 + o.legend.mirna.length * 6.7;
  if (m.mode === 'bipartite') {
    legend += el('circle', { cx: lx + 6, cy: ly, r: 4, fill: NET_COLORS.gene }) + el('text', { x: lx + 16, y: ly + 4 }, esc(o.legend.gene));
    lx += 26 + o.legend.gene.length * 6.7;
  } else {
    legend += el('text', { x: lx, y: ly + 4 }, esc(o.legend.edge));
    lx += 8 + o.legend.edge.length * 6.7;
    const ws = [...new Set([1, Math.round((1 + m.maxW) / 2), m.maxW])].filter((w) => w >= 1 && w <= m.maxW);
    for (const w of ws) {
      legend += el('line', { x1: lx, y1: ly, x2: lx + 26, y2: ly, stroke: NET_COLORS.edge, 'stroke-width': edgeWidth(w, m.maxW), 'stroke-linecap': 'round' })
        + el('text', { x: lx + 32, y: ly + 4 }, esc(fmt(w)));
      lx += 48 + fmt(w).length * 7;
    }
  }
  body += el('g', { 'data-part': 'legend' }, legend);
  return { svg: svgDocument(W, H, body), width: W, height: H };
}
