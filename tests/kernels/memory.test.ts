import { describe, expect, it } from 'vitest';
import { loadKernelsNode, loadKernelsModuleNode } from '../../src/kernels/load-node.ts';
import { Kernels, KernelError } from '../../src/kernels/kernels.ts';
import { columnMajor, microarray, mulberry32 } from './helpers.ts';

describe('memory discipline', () => {
  it('medianNormalize 2000× on 500 × 6 does not grow the heap after the first calls', () => {
    const k = loadKernelsNode();
    const rnd = mulberry32(1);
    const x = Float64Array.from({ length: 500 * 6 }, () => 10 + 500 * rnd());
    for (let i = 0; i < 5; i++) k.medianNormalize(x, 500, 6);
    const after5 = k.heapBytes();
    let last = k.medianNormalize(x, 500, 6);
    for (let i = 0; i < 2000; i++) last = k.medianNormalize(x, 500, 6);
    expect(k.heapBytes()).toBe(after5);
    expect(last.nSelected).toBeGreaterThan(0);
  });

  it('the other kernels and Rng create/dispose do not leak either', () => {
    const k = loadKernelsNode();
    const x = Float64Array.from({ length: 3000 }, (_, i) => 31 + (i % 97));
    const probe = Int32Array.from({ length: 1000 }, (_, s) => s % 400);
    const once = () => {
      k.scaleNormalize(x, 500, 6);
      k.averageReplicates(x, 1000, 3, probe, 400);
      k.median(x);
      const r = k.createRng(7);
      r.fillUniform(70_000);
      r.dispose();
      expect(() => k.medianNormalize(new Float64Array(6), 3, 2)).toThrow(); // error path frees too
    };
    for (let i = 0; i < 5; i++) once();
    const base = k.heapBytes();
    for (let i = 0; i < 500; i++) once();
    expect(k.heapBytes()).toBe(base);
  });

  it('big inputs grow memory, and results read after the growth are right (no stale views)', () => {
    const k = loadKernelsNode();
    const before = k.heapBytes();
    const n = 200_000, m = 8; // 12.8 MB per buffer, far beyond the initial 1 MiB
    const x = Float64Array.from({ length: n * m }, (_, i) => 40 + (i % 1013));
    const r = k.medianNormalize(x, n, m);
    expect(k.heapBytes()).toBeGreaterThan(before);
    expect(r.nSelected).toBe(n);
    expect(r.values.buffer).not.toBe(k.raw.memory.buffer);
    expect(r.values[n * m - 1]).toBeCloseTo(x[n * m - 1] / r.factors[m - 1] * mean(r.factors), 9);
  });

  it('an allocation over the 1 GiB wasm block limit is refused before reaching wasm', () => {
    const k = loadKernelsNode();
    expect(() => k.alloc(2 ** 31)).toThrow(/limit ~1 GiB/);
    expect(k.broken).toBe(false);
  });
});

describe('traps', () => {
  it('a real trap (double free) becomes a KernelError, and the instance refuses further use', () => {
    const k = loadKernelsNode();
    const p = k.alloc(64);
    k.free(p);
    expect(() => k.free(p)).toThrow(KernelError);
    expect(k.broken).toBe(true);
    expect(() => k.median(new Float64Array([1]))).toThrow(/earlier call to free trapped; create a new Kernels/);
  });

  it('a trap inside a kernel names the kernel', () => {
    const real = loadKernelsNode().raw;
    const fake = {
      exports: {
        ...real,
        medianNormalize: () => { throw new WebAssembly.RuntimeError('unreachable'); },
      },
    } as unknown as WebAssembly.Instance;
    const k = Kernels.fromInstance(fake);
    expect(() => k.medianNormalize(new Float64Array([40, 50]), 1, 2)).toThrow(/wasm kernel medianNormalize trapped: unreachable/);
  });

  it('an instance of some other module is rejected with a clear message', () => {
    const empty = new WebAssembly.Instance(new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])), {});
    expect(() => Kernels.fromInstance(empty)).toThrow(/not a kernels module \(missing exports: alloc, free/);
  });
});

describe('builds', () => {
  it('the debug build loads and gives identical results', () => {
    const rel = loadKernelsNode('release');
    const dbg = loadKernelsNode('debug');
    const fx = microarray();
    const raw = columnMajor(fx.log2_expression).map((v) => 2 ** v);
    const a = rel.medianNormalize(raw, 3180, 12);
    const b = dbg.medianNormalize(raw, 3180, 12);
    expect(b.nSelected).toBe(a.nSelected);
    expect(b.factors).toEqual(a.factors);
    expect(b.values).toEqual(a.values);
    const log = columnMajor(fx.log2_expression);
    expect(dbg.scaleNormalize(log, 3180, 12)).toEqual(rel.scaleNormalize(log, 3180, 12));
    const probe = Int32Array.from({ length: 3180 }, (_, i) => (i % 9 === 0 ? -1 : i >> 2));
    expect(dbg.averageReplicates(log, 3180, 12, probe, 795)).toEqual(rel.averageReplicates(log, 3180, 12, probe, 795));
    expect(dbg.createRng(77).fillIndices(1000, 123)).toEqual(rel.createRng(77).fillIndices(1000, 123));
    expect(dbg.createRng(77).fillUniform(1000)).toEqual(rel.createRng(77).fillUniform(1000));
  });

  it('warmUp runs and leaves results unchanged', () => {
    const k = Kernels.fromModule(loadKernelsModuleNode());
    const x = new Float64Array([40, 50, 60, 70]);
    const before = k.medianNormalize(x, 2, 2);
    k.warmUp();
    expect(k.medianNormalize(x, 2, 2)).toEqual(before);
  });
});

function mean(a: Float64Array): number {
  return a.reduce((s, v) => s + v, 0) / a.length;
}
