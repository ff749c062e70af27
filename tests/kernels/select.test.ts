import { describe, expect, it, beforeAll } from 'vitest';
import { loadKernelsNode } from '../../src/kernels/load-node.ts';
import type { Kernels } from '../../src/kernels/kernels.ts';
import { medianRef } from '../../src/kernels/reference.ts';
import { mulberry32 } from './helpers.ts';

let k: Kernels;
beforeAll(() => { k = loadKernelsNode(); });

/** Inputs that break naive quickselects: sorted, reversed, all equal, organ-pipe, few distinct. */
function adversarial(n: number, rnd: () => number): Record<string, Float64Array> {
  return {
    random: Float64Array.from({ length: n }, () => rnd()),
    sorted: Float64Array.from({ length: n }, (_, i) => i),
    reversed: Float64Array.from({ length: n }, (_, i) => n - i),
    equal: new Float64Array(n).fill(3),
    organPipe: Float64Array.from({ length: n }, (_, i) => Math.min(i, n - i)),
    fewDistinct: Float64Array.from({ length: n }, () => Math.floor(rnd() * 3)),
    withNaN: Float64Array.from({ length: n }, () => (rnd() < 0.3 ? NaN : rnd() - 0.5)),
    withInf: Float64Array.from({ length: n }, (_, i) => (i % 7 === 0 ? -Infinity : i % 11 === 0 ? Infinity : rnd())),
  };
}

describe('median (R median(x, na.rm = TRUE)) and sort on raw memory', () => {
  const rnd = mulberry32(99);
  for (const n of [0, 1, 2, 3, 15, 16, 17, 100, 1001, 4096]) {
    for (const [name, x] of Object.entries(adversarial(n, rnd))) {
      it(`n=${n} ${name}`, () => {
        const m = k.median(x);
        const want = medianRef(x);
        if (Number.isNaN(want)) expect(m).toBeNaN();
        else expect(m).toBe(want);
        const sorted = k.sort(x);
        const finite = Array.from(x).filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
        expect(Array.from(sorted.subarray(0, finite.length))).toEqual(finite);
        expect(Array.from(sorted.subarray(finite.length)).every(Number.isNaN)).toBe(true);
      });
    }
  }

  it('all NaN → NaN', () => {
    expect(k.median(new Float64Array([NaN, NaN]))).toBeNaN();
  });
});
