import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { InputError } from '../../src/formats/input-error.ts';
import { parseGpr, spotIntensities } from '../../src/formats/gpr.ts';
import { buildProbeMatrix, formatMatrixCsv, parseMatrix } from '../../src/formats/arrays-matrix.ts';

const fixture = (name: string) => new Uint8Array(readFileSync(fileURLToPath(new URL(`../fixtures/gpr/${name}`, import.meta.url))));
const utf8 = (s: string) => new TextEncoder().encode(s);

function catchInput(fn: () => unknown): InputError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error('expected an InputError');
}

describe('buildProbeMatrix', () => {
  const slide = parseGpr(fixture('10Mbslide28.gpr'), '10Mbslide28.gpr');
  const gsm = parseGpr(fixture('GSM393974.gpr.txt'), 'GSM393974.gpr.txt');

  it('aligns replicate spots of several files by Name', () => {
    const m = buildProbeMatrix([slide, slide], { channel: 'Hy3' });
    const names = new Set(slide.name.filter((n) => n.trim() !== ''));
    expect(m.probes).toHaveLength(names.size);
    expect(m.probes[0]).toBe('RP11-20J10');
    expect(m.channels).toEqual([532, 532]);
    const idx = m.probeIndexPerFile[0];
    expect(Array.from(idx).filter((p) => p < 0)).toHaveLength(64); // the empty spots
    const water = m.probes.indexOf('water');
    expect(Array.from(idx).filter((p) => p === water)).toHaveLength(124);
    expect(Array.from(m.probeIndexPerFile[1])).toEqual(Array.from(idx));
    expect(Array.from(m.spotValues[0])).toEqual(Array.from(spotIntensities(slide, { channel: 532 })));
  });

  it('can leave controls out, match by ID and keep first-appearance order across files', () => {
    const m = buildProbeMatrix([gsm, slide], { channel: 532, key: 'id', skipControls: true });
    expect(m.probeIndexPerFile[0][0]).toBe(-1); // BrightCorner: ControlType pos
    expect(m.probes[0]).toBe('A_23_P142045');
    expect(m.probes).toContain('437');
    expect(m.probes.indexOf('437')).toBeGreaterThan(m.probes.indexOf('A_23_P142045'));
  });

  it('names the file when its channel is missing', () => {
    const e = catchInput(() => buildProbeMatrix([slide], { channel: 488 }));
    expect(e.file).toBe('10Mbslide28.gpr');
  });
});

describe('formatMatrixCsv and parseMatrix', () => {
  it('round-trips probes, arrays, NA and awkward ids', () => {
    const probes = ['hsa-miR-21-5p', 'id, with comma', 'q"uote'];
    const arrays = ['S1.gpr', 'S2.gpr'];
    const cols = [Float64Array.from([1.5, NaN, -3]), Float64Array.from([0.1 + 0.2, 1e-12, 123456789])];
    const csv = formatMatrixCsv(probes, arrays, cols);
    expect(csv.split('\n')[0]).toBe('probe,S1.gpr,S2.gpr');
    expect(csv.split('\n')[1]).toBe('hsa-miR-21-5p,1.5,0.30000000000000004');
    expect(csv.split('\n')[2]).toBe('"id, with comma",NA,1e-12');
    expect(csv.endsWith('\n')).toBe(true);
    const m = parseMatrix(utf8(csv), 'm.csv');
    expect(m.probes).toEqual(probes);
    expect(m.arrays).toEqual(arrays);
    expect(Array.from(m.values[0])).toEqual([1.5, NaN, -3]);
    expect(Array.from(m.values[1])).toEqual(Array.from(cols[1]));
    expect(m.probeLine).toEqual([2, 3, 4]);
  });

  it('reads TSV, an R-style header and semicolon files with decimal commas', () => {
    const tsv = parseMatrix(utf8('ID_REF\tA\tB\r\np1\t1\tNA\r\np2\t2.5\t\r\n'), 'm.tsv');
    expect(tsv.delimiter).toBe('\t');
    expect(Array.from(tsv.values[1])).toEqual([NaN, NaN]);
    const r = parseMatrix(utf8('"A","B"\n"p1",1,2\n"p2",3,4\n'), 'r.csv');
    expect(r.arrays).toEqual(['A', 'B']);
    expect(r.probes).toEqual(['p1', 'p2']);
    expect(r.notes).toHaveLength(1);
    const eu = parseMatrix(utf8('probe;A;B\np1;1,5;2\np2;3;4,25\n'), 'eu.csv');
    expect(Array.from(eu.values[0])).toEqual([1.5, 3]);
    expect(Array.from(eu.values[1])).toEqual([2, 4.25]);
  });

  it('refuses bad cells and rows with line and column', () => {
    const bad = catchInput(() => parseMatrix(utf8('probe,A,B\np1,1,2\np2,3,abc\n'), 'm.csv'));
    expect([bad.file, bad.line, bad.column]).toEqual(['m.csv', 3, 'B']);
    expect(bad.detail).toContain('"abc"');
    const short = catchInput(() => parseMatrix(utf8('probe,A,B\np1,1,2\np2,3\np3,1,1\n'), 'm.csv'));
    expect([short.line, short.column]).toEqual([3, 3]);
    expect(short.detail).toContain('3');
    const empty = catchInput(() => parseMatrix(utf8('probe,A\n,1\n'), 'm.csv'));
    expect([empty.line, empty.column]).toEqual([2, 1]);
  });
});
