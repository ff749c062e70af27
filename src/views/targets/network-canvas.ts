import { LitElement, html, css, type PropertyValues } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import { ForceLayout, bounds } from './layout.ts';
import { NET_COLORS, layoutInput, type NetworkModel } from './network-model.ts';
import { litNodes } from './network-svg.ts';

/** Milliseconds of layout per animation frame (the page never blocks longer than a frame or two). */
const FRAME_BUDGET_MS = 12;

/**
 * The interactive network: the model laid out by the seeded force layout (layout.ts) a few
 * iterations per animation frame, drawn on a canvas. Wheel or +/− to zoom, drag the background or
 * the arrow keys to pan, 0 to fit; drag a node to move it (it stays where it is dropped); click a
 * node (or N / P to step through the miRNAs, Esc to clear) to light up its neighbourhood. Fires
 * `focus-change` ({index}) when the focused node changes. The same model and positions export as
 * SVG (network-svg.ts) through {@link NetworkCanvas.positions}.
 */
@customElement('mmdr-network-canvas')
@localized()
export class NetworkCanvas extends LitElement {
  static styles = css`
    :host { display: block; position: relative; }
    canvas { display: block; width: 100%; height: var(--net-height, 560px); border: 1px solid #dde3eb; border-radius: 8px; background: #fff; cursor: grab; touch-action: none; }
    canvas:focus-visible { outline: 3px solid #7fb0e6; outline-offset: 1px; }
    canvas.dragging { cursor: grabbing; }
    .help { position: absolute; right: .5rem; bottom: .4rem; font-size: .75rem; color: #5b6778; background: #ffffffd0; padding: .1rem .35rem; border-radius: 4px; pointer-events: none; }
  `;

  /** The network to draw. */
  @property({ attribute: false }) model: NetworkModel | null = null;
  /** Layout seed. */
  @property({ type: Number }) seed = 1;
  /** Focused node index (-1 = none). */
  @property({ type: Number }) focusIndex = -1;
  /** Accessible summary of the figure. */
  @property() summary = '';

  @query('canvas') private _canvas!: HTMLCanvasElement;

  private _layout: ForceLayout | null = null;
  private _raf = 0;
  private _scale = 1;
  private _tx = 0;
  private _ty = 0;
  /** Keep fitting the view while the layout runs, until the user zooms or pans. */
  private _autoFit = true;
  private _drag: { kind: 'pan' | 'node'; node: number; sx: number; sy: number; moved: boolean; tx: number; ty: number } | null = null;
  private _hover = -1;
  private _resize: ResizeObserver | null = null;
  private _cursor = -1;

  render() {
    return html`<canvas tabindex="0" role="img" aria-label=${this.summary}
        @pointerdown=${this._down} @pointermove=${this._move} @pointerup=${this._up} @pointercancel=${this._up} @pointerleave=${this._leave}
        @keydown=${this._key} @dblclick=${this._dbl}></canvas>
      <span class="help" aria-hidden="true">${msg('scroll: zoom · drag: move · click a node: its neighbours', { id: 'targets.net.canvasHelp' })}</span>`;
  }

  connectedCallback(): void {
    super.connectedCallback();
    this._resize = new ResizeObserver(() => this._sizeCanvas());
  }

  firstUpdated(): void {
    this._resize?.observe(this._canvas);
    this._canvas.addEventListener('wheel', (e) => this._wheel(e), { passive: false });
    this._sizeCanvas();
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    cancelAnimationFrame(this._raf);
    this._raf = 0;
    this._resize?.disconnect();
  }

  protected updated(changed: PropertyValues): void {
    if (changed.has('model') || changed.has('seed')) this._restart();
    else if (changed.has('focusIndex')) this._draw();
  }

  /** Current positions (layout units) for the SVG export. */
  positions(): { x: Float64Array; y: Float64Array } {
    const l = this._layout;
    return l ? { x: l.x.slice(), y: l.y.slice() } : { x: new Float64Array(0), y: new Float64Array(0) };
  }

  /** True when the layout has finished. */
  get layoutDone(): boolean {
    return this._layout?.done ?? false;
  }

  /** Brings node i into view: centres on it when it is outside the visible area (keeps the zoom). */
  centerOn(i: number): void {
    const l = this._layout;
    if (!l || i < 0 || i >= l.n) return;
    const { w, h } = this._size();
    const sx = this._tx + l.x[i] * this._scale;
    const sy = this._ty + l.y[i] * this._scale;
    if (sx > 40 && sx < w - 120 && sy > 30 && sy < h - 30) { this._draw(); return; }
    this._autoFit = false;
    this._tx = w / 2 - l.x[i] * this._scale;
    this._ty = h / 2 - l.y[i] * this._scale;
    this._draw();
  }

  /** Fits the whole network into the view. */
  fit(): void {
    this._autoFit = true;
    this._fit();
    this._draw();
  }

  private _restart() {
    cancelAnimationFrame(this._raf);
    this._raf = 0;
    const m = this.model;
    this.removeAttribute('data-layout-done');
    if (!m) { this._layout = null; this._draw(); return; }
    const n = m.nodes.length;
    this._layout = new ForceLayout(layoutInput(m), { seed: this.seed, iterations: n > 600 ? 200 : 300 });
    this._autoFit = true;
    this._cursor = -1;
    this._tick();
  }

  private _tick = () => {
    this._raf = 0;
    const l = this._layout;
    if (!l) return;
    l.runFor(FRAME_BUDGET_MS);
    if (this._autoFit) this._fit();
    this._draw();
    if (!l.done) this._raf = requestAnimationFrame(this._tick);
    else {
      this.setAttribute('data-layout-done', '');
      this.dispatchEvent(new CustomEvent('layout-done'));
    }
  };

  private _size(): { w: number; h: number } {
    const c = this._canvas;
    return { w: c?.clientWidth || 800, h: c?.clientHeight || 560 };
  }

  private _sizeCanvas() {
    const c = this._canvas;
    if (!c) return;
    const dpr = window.devicePixelRatio || 1;
    const { w, h } = this._size();
    c.width = Math.round(w * dpr);
    c.height = Math.round(h * dpr);
    if (this._autoFit) this._fit();
    this._draw();
  }

  private _fit() {
    const l = this._layout;
    if (!l || l.n === 0) return;
    const { w, h } = this._size();
    const b = bounds(l.x, l.y);
    const pad = 40;
    const bw = Math.max(1e-9, b.maxX - b.minX);
    const bh = Math.max(1e-9, b.maxY - b.minY);
    this._scale = Math.min((w - 2 * pad - 70) / bw, (h - 2 * pad) / bh, 4);
    this._tx = (w - 70) / 2 - ((b.minX + b.maxX) / 2) * this._scale;
    this._ty = h / 2 - ((b.minY + b.maxY) / 2) * this._scale;
  }

  private _draw() {
    const c = this._canvas;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    const dpr = window.devicePixelRatio || 1;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const { w, h } = this._size();
    ctx.clearRect(0, 0, w, h);
    const m = this.model;
    const l = this._layout;
    if (!m || !l) return;
    const s = this._scale;
    const X = (i: number) => this._tx + l.x[i] * s;
    const Y = (i: number) => this._ty + l.y[i] * s;
    const focus = this.focusIndex >= 0 && this.focusIndex < m.nodes.length ? this.focusIndex : null;
    const lit = litNodes(m, focus);
    const on = (i: number) => !lit || lit.has(i);
    const zoomW = Math.max(0.6, Math.min(2, Math.sqrt(s)));
    ctx.lineCap = 'round';
    for (const pass of [0, 1]) {
      for (const e of m.edges) {
        const isLit = on(e.a) && on(e.b) && (!lit || e.a === focus || e.b === focus);
        if ((pass === 1) !== isLit) continue;
        ctx.strokeStyle = lit && !isLit ? NET_COLORS.faded : NET_COLORS.edge;
        ctx.globalAlpha = lit && !isLit ? 0.5 : 0.55;
        ctx.lineWidth = e.width * zoomW;
        ctx.beginPath();
        ctx.moveTo(X(e.a), Y(e.a));
        ctx.lineTo(X(e.b), Y(e.b));
        ctx.stroke();
      }
    }
    ctx.globalAlpha = 1;
    const genes = m.nodes.filter((n) => n.kind === 'gene').length;
    const order = m.nodes.map((_, i) => i).sort((a, b) => Number(on(a)) - Number(on(b)) || (m.nodes[a].kind === 'gene' ? -1 : 1) - (m.nodes[b].kind === 'gene' ? -1 : 1));
    for (const i of order) {
      const n = m.nodes[i];
      const r = n.r * zoomW;
      ctx.beginPath();
      ctx.arc(X(i), Y(i), r, 0, 2 * Math.PI);
      ctx.fillStyle = on(i) ? (n.kind === 'mirna' ? NET_COLORS.mirna : NET_COLORS.gene) : NET_COLORS.faded;
      ctx.fill();
      ctx.lineWidth = i === focus ? 3 : i === this._hover ? 2 : 1;
      ctx.strokeStyle = i === focus ? NET_COLORS.focus : i === this._hover ? '#1d2733' : '#fff';
      ctx.stroke();
    }
    ctx.textBaseline = 'middle';
    for (const i of order) {
      const n = m.nodes[i];
      const show = n.kind === 'mirna' || genes <= 60 || s > 2.5 || (lit?.has(i) ?? false) || i === this._hover;
      if (!show) continue;
      ctx.font = `${i === focus ? 'bold ' : ''}${n.kind === 'mirna' ? 12 : 10}px system-ui, sans-serif`;
      const lx = X(i) + n.r * zoomW + 3;
      ctx.lineWidth = 3;
      ctx.lineJoin = 'round';
      ctx.strokeStyle = 'rgba(255,255,255,0.85)';
      ctx.strokeText(n.label, lx, Y(i));
      ctx.fillStyle = on(i) ? '#1d2733' : '#9aa5b4';
      ctx.fillText(n.label, lx, Y(i));
    }
  }

  // ── interaction ─────────────────────────────────────────────────────────────────────────────

  private _point(e: { clientX: number; clientY: number }): { sx: number; sy: number } {
    const r = this._canvas.getBoundingClientRect();
    return { sx: e.clientX - r.left, sy: e.clientY - r.top };
  }

  /** The node under a screen point, or -1. */
  private _hit(sx: number, sy: number): number {
    const m = this.model;
    const l = this._layout;
    if (!m || !l) return -1;
    const zoomW = Math.max(0.6, Math.min(2, Math.sqrt(this._scale)));
    let best = -1;
    let bestD = Infinity;
    for (let i = 0; i < m.nodes.length; i++) {
      const dx = this._tx + l.x[i] * this._scale - sx;
      const dy = this._ty + l.y[i] * this._scale - sy;
      const d = Math.sqrt(dx * dx + dy * dy);
      if (d <= m.nodes[i].r * zoomW + 4 && d < bestD) [best, bestD] = [i, d];
    }
    return best;
  }

  private _down(e: PointerEvent) {
    if (e.button !== 0) return;
    const { sx, sy } = this._point(e);
    const node = this._hit(sx, sy);
    this._drag = { kind: node >= 0 ? 'node' : 'pan', node, sx, sy, moved: false, tx: this._tx, ty: this._ty };
    this._canvas.setPointerCapture(e.pointerId);
    this._canvas.classList.add('dragging');
  }

  private _move(e: PointerEvent) {
    const { sx, sy } = this._point(e);
    const d = this._drag;
    if (!d) {
      const h = this._hit(sx, sy);
      if (h !== this._hover) {
        this._hover = h;
        this._canvas.title = h >= 0 ? this.model!.nodes[h].id : '';
        this._draw();
      }
      return;
    }
    if (Math.abs(sx - d.sx) + Math.abs(sy - d.sy) > 3) d.moved = true;
    if (!d.moved) return;
    this._autoFit = false;
    if (d.kind === 'pan') {
      this._tx = d.tx + (sx - d.sx);
      this._ty = d.ty + (sy - d.sy);
      this._draw();
    } else if (this._layout) {
      this._layout.pin(d.node, (sx - this._tx) / this._scale, (sy - this._ty) / this._scale);
      if (this._layout.done) {
        this._layout.reheat(40);
        this.removeAttribute('data-layout-done');
        if (!this._raf) this._raf = requestAnimationFrame(this._tick);
      }
      this._draw();
    }
  }

  private _up(e: PointerEvent) {
    const d = this._drag;
    this._drag = null;
    this._canvas.classList.remove('dragging');
    if (this._canvas.hasPointerCapture?.(e.pointerId)) this._canvas.releasePointerCapture(e.pointerId);
    if (!d || d.moved) return;
    const node = d.kind === 'node' ? d.node : -1;
    this._setFocus(node === this.focusIndex ? -1 : node);
  }

  private _leave() {
    if (this._hover >= 0 && !this._drag) {
      this._hover = -1;
      this._draw();
    }
  }

  /** Double click on a dragged node lets it move again. */
  private _dbl(e: MouseEvent) {
    const { sx, sy } = this._point(e);
    const i = this._hit(sx, sy);
    if (i >= 0 && this._layout) {
      this._layout.unpin(i);
      this._layout.reheat(40);
      if (!this._raf) this._raf = requestAnimationFrame(this._tick);
    }
  }

  private _wheel(e: WheelEvent) {
    e.preventDefault();
    const { sx, sy } = this._point(e);
    this._zoom(Math.exp(-e.deltaY * 0.0015), sx, sy);
  }

  private _zoom(f: number, sx?: number, sy?: number) {
    const { w, h } = this._size();
    const cx = sx ?? w / 2;
    const cy = sy ?? h / 2;
    const next = Math.min(50, Math.max(0.02, this._scale * f));
    const k = next / this._scale;
    this._tx = cx - (cx - this._tx) * k;
    this._ty = cy - (cy - this._ty) * k;
    this._scale = next;
    this._autoFit = false;
    this._draw();
  }

  private _key(e: KeyboardEvent) {
    const m = this.model;
    if (!m) return;
    const pan = (dx: number, dy: number) => { this._tx += dx; this._ty += dy; this._autoFit = false; this._draw(); };
    const mirnas = m.nodes.map((n, i) => (n.kind === 'mirna' ? i : -1)).filter((i) => i >= 0);
    const stepMirna = (dir: 1 | -1) => {
      if (!mirnas.length) return;
      const at = mirnas.indexOf(this.focusIndex >= 0 ? this.focusIndex : this._cursor);
      const next = mirnas[(at < 0 ? (dir > 0 ? 0 : mirnas.length - 1) : (at + dir + mirnas.length) % mirnas.length)];
      this._cursor = next;
      this._setFocus(next);
      this.centerOn(next);
    };
    switch (e.key) {
      case 'ArrowLeft': pan(40, 0); break;
      case 'ArrowRight': pan(-40, 0); break;
      case 'ArrowUp': pan(0, 40); break;
      case 'ArrowDown': pan(0, -40); break;
      case '+': case '=': this._zoom(1.25); break;
      case '-': case '_': this._zoom(0.8); break;
      case '0': this.fit(); break;
      case 'n': case 'N': case ']': stepMirna(1); break;
      case 'p': case 'P': case '[': stepMirna(-1); break;
      case 'Escape': this._setFocus(-1); break;
      default: return;
    }
    e.preventDefault();
  }

  private _setFocus(i: number) {
    this.focusIndex = i;
    this._draw();
    this.dispatchEvent(new CustomEvent('focus-change', { detail: { index: i }, bubbles: true, composed: true }));
  }
}

declare global { interface HTMLElementTagNameMap { 'mmdr-network-canvas': NetworkCanvas } }
