/**
 * A small force-directed layout for the miRNA networks (Fruchterman & Reingold 1991, with edge
 * weights and a weak pull to the centre so separate components stay in view). Seeded and
 * deterministic: the same graph, seed and number of iterations give the same positions, whether
 * the iterations run in one go or in chunks (the view runs a few per animation frame, so the page
 * never blocks — SPEC §7 "the UI never blocks for more than 50 ms").
 *
 * Per iteration, with k the ideal edge length and t the temperature (falling linearly to a small
 * floor): every pair repels with k²/d; every edge attracts with d²/k · w', where w' grows with the
 * edge's weight relative to the mean weight (√(w / mean), clamped to [0.3, 4]), so pairs sharing
 * many targets sit closer; every node is pulled to the centre by γ·d; a node moves by its net
 * force capped at t; then overlapping nodes (closer than r_a + r_b + gap) are pushed apart by half
 * the overlap each, as d3's forceCollide. Pinned nodes (dragged by the user) stay put. Cost
 * O(n² + m) per iteration.
 *
 * Pure and DOM-free (Node tests run it).
 */

/** The graph to lay out: n nodes 0…n−1 and weighted edges. */
export interface LayoutGraph {
  n: number;
  edges: readonly { a: number; b: number; w: number }[];
  /** Radius of each node in layout units (default 0): nodes are kept at least r_a + r_b + gap apart. */
  radius?: ArrayLike<number>;
}

/** Options of {@link ForceLayout}. */
export interface LayoutOptions {
  /** PRNG seed of the start positions (default 1). */
  seed?: number;
  /** Iterations to run (default 300). */
  iterations?: number;
  /** Ideal edge length (default 30). */
  k?: number;
  /** Pull to the centre per unit distance (default 1). */
  gravity?: number;
  /** Room kept between the rims of two nodes, in layout units (default 18). */
  gap?: number;
}

/** mulberry32: a tiny seeded PRNG with uniform [0, 1) output (deterministic across engines). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const GOLDEN = Math.PI * (3 - Math.sqrt(5));

/** A force layout that can be stepped (see the module comment). */
export class ForceLayout {
  readonly n: number;
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly iterations: number;
  /** Iterations done so far. */
  iteration = 0;
  private readonly ea: Int32Array;
  private readonly eb: Int32Array;
  private readonly ew: Float64Array;
  private readonly dx: Float64Array;
  private readonly dy: Float64Array;
  private readonly pinned: Uint8Array;
  private readonly r: Float64Array;
  private readonly gap: number;
  private readonly k: number;
  private readonly gravity: number;
  private readonly t0: number;

  constructor(g: LayoutGraph, opts: LayoutOptions = {}) {
    const n = g.n;
    this.n = n;
    this.iterations = Math.max(0, Math.floor(opts.iterations ?? 300));
    this.k = opts.k ?? 30;
    this.gravity = opts.gravity ?? 1;
    this.gap = opts.gap ?? 18;
    this.r = Float64Array.from({ length: n }, (_, i) => Math.max(0, g.radius?.[i] ?? 0));
    this.x = new Float64Array(n);
    this.y = new Float64Array(n);
    this.dx = new Float64Array(n);
    this.dy = new Float64Array(n);
    this.pinned = new Uint8Array(n);
    const edges = g.edges.filter((e) => e.a !== e.b && e.a >= 0 && e.b >= 0 && e.a < n && e.b < n);
    this.ea = Int32Array.from(edges, (e) => e.a);
    this.eb = Int32Array.from(edges, (e) => e.b);
    const mean = edges.length ? edges.reduce((s, e) => s + Math.max(0, e.w), 0) / edges.length : 1;
    this.ew = Float64Array.from(edges, (e) => Math.min(4, Math.max(0.3, Math.sqrt(Math.max(0, e.w) / (mean || 1)))));
    // start: a sunflower spiral turned by the seed, with a little seeded jitter (no two nodes coincide)
    const rnd = mulberry32(opts.seed ?? 1);
    const turn = rnd() * 2 * Math.PI;
    for (let i = 0; i < n; i++) {
      const r = this.k * 0.8 * Math.sqrt(i + 0.5);
      const a = i * GOLDEN + turn;
      this.x[i] = r * Math.cos(a) + (rnd() - 0.5) * this.k * 0.1;
      this.y[i] = r * Math.sin(a) + (rnd() - 0.5) * this.k * 0.1;
    }
    this.t0 = this.k * Math.max(1, Math.sqrt(n)) * 0.25;
  }

  /** True when every iteration has run. */
  get done(): boolean {
    return this.iteration >= this.iterations;
  }

  /** Runs up to `count` iterations; returns {@link done}. */
  step(count = 1): boolean {
    for (let c = 0; c < count && !this.done; c++) this.iterate();
    return this.done;
  }

  /**
   * Runs iterations until `budgetMs` (measured with `now`) is spent or the layout is done; at least
   * one iteration. For requestAnimationFrame chunks; the result does not depend on the chunking.
   */
  runFor(budgetMs: number, now: () => number = () => performance.now()): boolean {
    const start = now();
    do this.iterate(); while (!this.done && now() - start < budgetMs);
    return this.done;
  }

  /** Fixes node i at (x, y) (a dragged node). */
  pin(i: number, x: number, y: number): void {
    this.pinned[i] = 1;
    this.x[i] = x;
    this.y[i] = y;
  }

  /** Lets node i move again. */
  unpin(i: number): void {
    this.pinned[i] = 0;
  }

  /** Lets the layout run `iterations` more at a low temperature (after a drag). */
  reheat(iterations = 60): void {
    this.iteration = Math.min(this.iteration, Math.max(0, this.iterations - iterations));
  }

  private iterate(): void {
    const { n, x, y, dx, dy, k } = this;
    const k2 = k * k;
    const t = this.t0 * Math.max(0.02, 1 - this.iteration / Math.max(1, this.iterations));
    dx.fill(0);
    dy.fill(0);
    for (let u = 0; u < n; u++) {
      const xu = x[u];
      const yu = y[u];
      for (let v = u + 1; v < n; v++) {
        let ddx = xu - x[v];
        let ddy = yu - y[v];
        let d2 = ddx * ddx + ddy * ddy;
        if (d2 < 1e-9) {
          // coincident: push apart along a fixed direction (deterministic)
          ddx = 0.01 * (1 + ((u * 31 + v) % 7));
          ddy = 0.01;
          d2 = ddx * ddx + ddy * ddy;
        }
        const f = k2 / d2; // (k²/d) / d: the unit vector's 1/d folded in
        const fx = ddx * f;
        const fy = ddy * f;
        dx[u] += fx;
        dy[u] += fy;
        dx[v] -= fx;
        dy[v] -= fy;
      }
    }
    const { ea, eb, ew } = this;
    for (let e = 0; e < ea.length; e++) {
      const a = ea[e];
      const b = eb[e];
      const ddx = x[a] - x[b];
      const ddy = y[a] - y[b];
      const d = Math.sqrt(ddx * ddx + ddy * ddy);
      const f = (d / k) * ew[e]; // (d²/k · w') / d
      dx[a] -= ddx * f;
      dy[a] -= ddy * f;
      dx[b] += ddx * f;
      dy[b] += ddy * f;
    }
    const g = this.gravity;
    for (let i = 0; i < n; i++) {
      if (this.pinned[i]) continue;
      const fx = dx[i] - g * x[i];
      const fy = dy[i] - g * y[i];
      const len = Math.sqrt(fx * fx + fy * fy);
      if (len > 0) {
        const m = Math.min(len, t) / len;
        x[i] += fx * m;
        y[i] += fy * m;
      }
    }
    this.collide();
    this.iteration++;
  }

  /** Pushes overlapping nodes apart (each by half the overlap; a pinned node does not move). */
  private collide(): void {
    const { n, x, y, r, gap, pinned } = this;
    for (let u = 0; u < n; u++) {
      for (let v = u + 1; v < n; v++) {
        const min = r[u] + r[v] + gap;
        const ddx = x[u] - x[v];
        const ddy = y[u] - y[v];
        const d2 = ddx * ddx + ddy * ddy;
        if (d2 >= min * min || d2 === 0) continue;
        const d = Math.sqrt(d2);
        const push = (min - d) / d;
        const wu = pinned[u] ? 0 : pinned[v] ? 1 : 0.5;
        const wv = pinned[v] ? 0 : pinned[u] ? 1 : 0.5;
        x[u] += ddx * push * wu;
        y[u] += ddy * push * wu;
        x[v] -= ddx * push * wv;
        y[v] -= ddy * push * wv;
      }
    }
  }
}

/** Lays a graph out in one go (see {@link ForceLayout}); positions in layout units. */
export function layoutGraph(g: LayoutGraph, opts: LayoutOptions = {}): { x: Float64Array; y: Float64Array } {
  const l = new ForceLayout(g, opts);
  l.step(l.iterations);
  return { x: l.x, y: l.y };
}

/** Bounding box of positions (of the given nodes, default all); a unit box for no nodes. */
export function bounds(x: ArrayLike<number>, y: ArrayLike<number>, nodes?: Iterable<number>): { minX: number; minY: number; maxX: number; maxY: number } {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  const it = nodes ?? Array.from({ length: x.length }, (_, i) => i);
  for (const i of it) {
    minX = Math.min(minX, x[i]); maxX = Math.max(maxX, x[i]);
    minY = Math.min(minY, y[i]); maxY = Math.max(maxY, y[i]);
  }
  if (!Number.isFinite(minX)) return { minX: -1, minY: -1, maxX: 1, maxY: 1 };
  return { minX, minY, maxX, maxY };
}
