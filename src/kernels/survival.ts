/**
 * Survival domain façade over the wasm kernels: the bootstrap Kaplan–Meier kernel
 * (assembly/km.ts, `kmBootstrap`). Same memory discipline as src/kernels/kernels.ts: allocate every
 * block first, then make views, call, copy out with `.slice()`, free.
 *
 * The inputs of a bootstrap (sorted subject codes, grids, limits) stay resident in wasm memory for
 * the whole run (a {@link KmBootstrapSession}); each chunk of replicates only allocates its outputs.
 * The generator state lives in the caller's {@link Rng} (also in wasm memory), so a run split into
 * chunks draws exactly the same stream as one call.
 */
import { KernelError, type Kernels, type Rng } from './kernels.ts';
import type { Ptr } from './wasm-exports.ts';

/** Raw export of assembly/km.ts (bindings "raw"; see that file's header for the layout). */
export interface SurvivalKernelExports {
  /**
   * Runs nRep bootstrap replicates; writes f64 median and rmean (nRep × nGroups, replicate-major)
   * and, if outSurv != 0, S at every grid time (nRep × M). Returns 0, or -1 on inconsistent offsets.
   */
  kmBootstrap(
    codes: Ptr, groupStart: Ptr, grid: Ptr, gridStart: Ptr, tau: Ptr, nGroups: number,
    state: Ptr, nRep: number, outMedian: Ptr, outRmean: Ptr, outSurv: Ptr, draws: Ptr, counts: Ptr,
  ): number;
}

/**
 * Subjects of every group sorted by time, in the kernel's layout (assembly/km.ts header):
 * code = 2·(index of the time in the group's grid) + event.
 */
export interface KmBootstrapLayout {
  /** i32 per subject, groups concatenated, sorted by time within each group. */
  codes: Int32Array;
  /** Subject offsets, length nGroups + 1. */
  groupStart: Int32Array;
  /** Distinct times of each group, ascending, groups concatenated. */
  grid: Float64Array;
  /** Grid offsets, length nGroups + 1. */
  gridStart: Int32Array;
  /** Restricted-mean limit per group. */
  tau: Float64Array;
}

/** Replicate statistics, replicate-major: element r·nGroups + g (surv: r·M + gridStart[g] + j). */
export interface KmReplicates {
  nRep: number;
  nGroups: number;
  /** R-rule median of each replicate and group; NaN = not reached. */
  median: Float64Array;
  /** Restricted mean up to tau[g]. */
  rmean: Float64Array;
  /** S at every grid time, or null when not requested. */
  surv: Float64Array | null;
}

function exportsOf(k: Kernels): SurvivalKernelExports {
  const raw = k.raw as unknown as Partial<SurvivalKernelExports>;
  if (typeof raw.kmBootstrap !== 'function') {
    throw new KernelError('this kernels build has no kmBootstrap export; rebuild with `npm run asbuild`');
  }
  return raw as SurvivalKernelExports;
}

function checkLayout(l: KmBootstrapLayout): { nGroups: number; n: number; m: number; maxN: number } {
  const nGroups = l.groupStart.length - 1;
  if (nGroups < 1 || l.gridStart.length !== nGroups + 1 || l.tau.length !== nGroups) {
    throw new KernelError('KM bootstrap layout: groupStart, gridStart and tau disagree on the number of groups');
  }
  const n = l.groupStart[nGroups];
  const m = l.gridStart[nGroups];
  if (l.codes.length !== n || l.grid.length !== m || l.groupStart[0] !== 0 || l.gridStart[0] !== 0) {
    throw new KernelError('KM bootstrap layout: offsets do not match the codes/grid lengths');
  }
  let maxN = 1;
  for (let g = 0; g < nGroups; g++) {
    const ng = l.groupStart[g + 1] - l.groupStart[g];
    const mg = l.gridStart[g + 1] - l.gridStart[g];
    if (ng < 0 || mg < 0) throw new KernelError('KM bootstrap layout: offsets must not decrease');
    for (let i = l.groupStart[g]; i < l.groupStart[g + 1]; i++) {
      const j = l.codes[i] >> 1;
      if (j < 0 || j >= mg) throw new KernelError(`KM bootstrap layout: subject ${i} points outside its group's grid`);
    }
    maxN = Math.max(maxN, ng);
  }
  return { nGroups, n, m, maxN };
}

/** A bootstrap run's inputs resident in wasm memory. Call {@link dispose} when done. */
export class KmBootstrapSession {
  private readonly ptrs: { codes: Ptr; groupStart: Ptr; grid: Ptr; gridStart: Ptr; tau: Ptr; draws: Ptr; counts: Ptr };
  private disposed = false;
  readonly nGroups: number;
  /** Total grid length M (the width of one replicate's S vector). */
  readonly gridLength: number;

  /** @internal Use {@link openKmBootstrap}. */
  constructor(private readonly k: Kernels, layout: KmBootstrapLayout) {
    const { nGroups, m, maxN } = checkLayout(layout);
    exportsOf(k);
    this.nGroups = nGroups;
    this.gridLength = m;
    const sizes = [layout.codes.byteLength, layout.groupStart.byteLength, layout.grid.byteLength, layout.gridStart.byteLength,
      layout.tau.byteLength, maxN * 4, maxN * 4];
    const got: Ptr[] = [];
    try {
      for (const s of sizes) got.push(k.alloc(s));
    } catch (e) {
      for (const p of got) k.free(p);
      throw e;
    }
    const [codes, groupStart, grid, gridStart, tau, draws, counts] = got;
    this.ptrs = { codes, groupStart, grid, gridStart, tau, draws, counts };
    const buf = k.raw.memory.buffer;
    new Int32Array(buf, codes, layout.codes.length).set(layout.codes);
    new Int32Array(buf, groupStart, layout.groupStart.length).set(layout.groupStart);
    new Float64Array(buf, grid, layout.grid.length).set(layout.grid);
    new Int32Array(buf, gridStart, layout.gridStart.length).set(layout.gridStart);
    new Float64Array(buf, tau, layout.tau.length).set(layout.tau);
  }

  /** Runs `nRep` more replicates, drawing from `rng` (its state advances). */
  run(rng: Rng, nRep: number, withSurv = false): KmReplicates {
    if (this.disposed) throw new KernelError('this KM bootstrap session has been disposed');
    if (!Number.isInteger(nRep) || nRep < 0) throw new KernelError(`nRep must be a non-negative integer (got ${nRep})`);
    const ex = exportsOf(this.k);
    const cells = nRep * this.nGroups;
    const survCells = withSurv ? nRep * this.gridLength : 0;
    const p = this.ptrs;
    return this.k.call('kmBootstrap', [cells * 8, cells * 8, survCells * 8], ([med, rm, sv]) => {
      const rc = ex.kmBootstrap(p.codes, p.groupStart, p.grid, p.gridStart, p.tau, this.nGroups, rng.statePtr, nRep,
        med, rm, withSurv ? sv : 0, p.draws, p.counts);
      if (rc !== 0) throw new KernelError('kmBootstrap: inconsistent group offsets');
      return {
        nRep, nGroups: this.nGroups,
        median: this.k.f64(med, cells).slice(),
        rmean: this.k.f64(rm, cells).slice(),
        surv: withSurv ? this.k.f64(sv, survCells).slice() : null,
      };
    });
  }

  /** Frees the resident inputs; idempotent. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const ptr of Object.values(this.ptrs)) this.k.free(ptr);
  }
}

/** Copies a bootstrap layout into wasm memory for a run of one or more chunks. */
export function openKmBootstrap(k: Kernels, layout: KmBootstrapLayout): KmBootstrapSession {
  return new KmBootstrapSession(k, layout);
}

/**
 * Runs the bootstrap KM kernel a few times on a small synthetic layout (two groups of 64 subjects,
 * some censored) so V8 tiers it up before a user's first bootstrap (ENGINEERING pitfall 9).
 * Kernels.warmUp covers the arrays kernels only; the worker calls this right after it.
 */
export function warmUpSurvival(k: Kernels): void {
  const per = 64;
  const codes = new Int32Array(2 * per);
  for (let g = 0; g < 2; g++) for (let i = 0; i < per; i++) codes[g * per + i] = 2 * i + (i % 4 === 3 ? 0 : 1);
  const grid = Float64Array.from({ length: 2 * per }, (_, i) => (i % per) + 1);
  const layout: KmBootstrapLayout = {
    codes, groupStart: Int32Array.from([0, per, 2 * per]), grid, gridStart: Int32Array.from([0, per, 2 * per]),
    tau: Float64Array.from([per, per]),
  };
  const session = openKmBootstrap(k, layout);
  const rng = k.createRng(0x5eed);
  try {
    for (let rep = 0; rep < 8; rep++) session.run(rng, 25, rep % 2 === 0);
  } finally {
    rng.dispose();
    session.dispose();
  }
}
