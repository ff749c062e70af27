import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { InputError } from '../../src/formats/input-error.ts';
import { parseGal } from '../../src/formats/gal.ts';
import { parseGpr } from '../../src/formats/gpr.ts';

const fixture = (name: string) => new Uint8Array(readFileSync(fileURLToPath(new URL(`../fixtures/gpr/${name}`, import.meta.url))));
const galBytes = fixture('fish.gal');

function edit(bytes: Uint8Array, change: (lines: string[]) => string[]): Uint8Array {
  const out = change(new TextDecoder('latin1').decode(bytes).split('\n')).join('\n');
  return Uint8Array.from(out, (ch) => ch.charCodeAt(0));
}

function catchInput(fn: () => unknown): InputError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error('expected an InputError');
}

describe('fish.gal (GenePix ArrayList V1.0, swirl zebrafish)', () => {
  const gal = parseGal(galBytes, 'fish.gal');
  const lines = new TextDecoder().decode(galBytes).split('\n').filter((l) => l !== '');

  it('reads 16 blocks and 8448 spots', () => {
    expect(gal.type).toBe('GenePix ArrayList V1.0');
    expect(gal.atfVersion).toBe('1.0');
    expect(gal.blockCount).toBe(16);
    expect(gal.blocks).toHaveLength(16);
    expect(gal.nSpots).toBe(8448);
    expect(gal.nSpots).toBe(lines.length - 22); // independent: lines minus 2 + 19 header records + column line
    expect(gal.blocks[0]).toEqual({ index: 1, x: 500, y: 500, diameter: 100, xFeatures: 24, xSpacing: 180, yFeatures: 22, ySpacing: 180 });
    expect(gal.blocks[15]).toMatchObject({ index: 16, x: 13988, y: 13988 });
    expect(gal.blocks.reduce((s, b) => s + b.xFeatures * b.yFeatures, 0)).toBe(8448);
  });

  it('reads Block/Row/Column/ID/Name by name', () => {
    expect([gal.block[0], gal.row[0], gal.column[0], gal.id[0], gal.name[0]]).toEqual([1, 1, 1, 'control', 'geno1']);
    const last = gal.nSpots - 1;
    expect([gal.block[last], gal.row[last], gal.column[last], gal.id[last], gal.name[last]]).toEqual([16, 22, 24, 'fc24h12', '27-P24']);
    expect(gal.spotLine[last]).toBe(8470);
    for (let b = 1; b <= 16; b++) expect(gal.block.filter((x) => x === b).length).toBe(528);
  });

  it('is refused by the GPR parser (it has no intensities) and refuses a GPR itself', () => {
    const e = catchInput(() => parseGpr(galBytes, 'fish.gal'));
    expect(e.line).toBe(3);
    const e2 = catchInput(() => parseGal(fixture('10Mbslide28.gpr'), '10Mbslide28.gpr'));
    expect(e2.line).toBe(3);
  });

  it('refuses a malformed Block record and a block outside BlockCount', () => {
    const bad = catchInput(() => parseGal(edit(galBytes, (l) => l.map((s, i) => (i === 5 ? '"Block1= 500, 500, 100"' : s))), 'fish.gal'));
    expect([bad.file, bad.line]).toEqual(['fish.gal', 6]);
    const out = catchInput(() => parseGal(edit(galBytes, (l) => l.map((s, i) => (i === 22 ? s.replace(/^1\t/, '17\t') : s))), 'fish.gal'));
    expect([out.line, out.column]).toEqual([23, 'Block']);
  });

  it('refuses a non-integer Row', () => {
    const e = catchInput(() => parseGal(edit(galBytes, (l) => l.map((s, i) => (i === 99 ? s.replace(/^(\d+)\t\d+\t/, '$1\tx\t') : s))), 'fish.gal'));
    expect([e.line, e.column]).toEqual([100, 'Row']);
    expect(e.detail).toContain('"x"');
  });
});
