import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { InputError } from '../../src/formats/input-error.ts';
import { parseGpr, resolveChannel, spotIntensities, availableChannels } from '../../src/formats/gpr.ts';
import { parseAtf, splitAtfFields } from '../../src/formats/atf.ts';

const fixture = (name: string) => new Uint8Array(readFileSync(fileURLToPath(new URL(`../fixtures/gpr/${name}`, import.meta.url))));
const SLIDE = '10Mbslide28.gpr';
const GSM = 'GSM393974.gpr.txt';
const slideBytes = fixture(SLIDE);
const gsmBytes = fixture(GSM);

/** Independent reading of the fixture: plain split, no parser code. */
function plainTable(bytes: Uint8Array) {
  const lines = new TextDecoder('latin1').decode(bytes).split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  const nHeader = Number(lines[1].split('\t')[0]);
  const header = lines[2 + nHeader].split('\t').map((c) => c.replace(/^"|"$/g, ''));
  const rows = lines.slice(3 + nHeader).map((l) => l.split('\t'));
  return { lines, header, rows, columnLine: 3 + nHeader };
}

/** The fixture's lines with one edit, re-joined with the original line ending. */
function edit(bytes: Uint8Array, change: (lines: string[]) => string[]): Uint8Array {
  const text = new TextDecoder('latin1').decode(bytes);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const out = change(text.split(eol)).join(eol);
  return Uint8Array.from(out, (ch) => ch.charCodeAt(0)); // back to latin1 bytes
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

describe('10Mbslide28.gpr (GenePix Pro 4.1, ATF 1, CRLF, unquoted headers)', () => {
  const gpr = parseGpr(slideBytes, SLIDE);
  const plain = plainTable(slideBytes);

  it('reads the container as a user would see it', () => {
    expect(gpr.atfVersion).toBe('1');
    expect(gpr.type).toBe('GenePix Results 3');
    expect(gpr.nSpots).toBe(1760);
    expect(gpr.columns).toHaveLength(48);
    expect(gpr.columnLine).toBe(34);
    expect(gpr.headerRecords).toHaveLength(31);
    expect(gpr.wavelengths).toEqual([635, 532]);
    expect(gpr.headers['Creator']).toBe('GenePix Pro 4.1.1.28');
    expect(gpr.headers['ImageOrigin']).toBe('560, 7200');
    // Quoted record with a tab inside, then a trailing tab.
    expect(gpr.headers['ImageFiles']).toBe(
      'C:\\Axon\\Data\\Edwards group\\25.07.03\\10Mb Slide 28 (Patu1).tif 1\tC:\\Axon\\Data\\Edwards group\\25.07.03\\10Mb Slide 28 (Patu1).tif 2',
    );
    // Unquoted record padded with 47 tabs.
    expect(gpr.headers['ArrayerSoftwareVersion']).toBe('2.2.2.1');
    expect(gpr.headers['Barcode']).toBe('');
    // The "Rgn R²" column name carries a 0xB2 byte, so the file is not UTF-8.
    expect(gpr.encoding).toBe('latin1');
    expect(gpr.columns).toContain('Rgn R² (532/635)');
  });

  it('counts flags by value like a plain split of the Flags column', () => {
    const fi = plain.header.indexOf('Flags');
    const expected: Record<string, number> = {};
    for (const r of plain.rows) if (r[fi] !== '0') expected[r[fi]] = (expected[r[fi]] ?? 0) + 1;
    expect(gpr.summary.flaggedByValue).toEqual(expected);
    expect(gpr.summary.flaggedByValue).toEqual({ '-50': 333, '-75': 64 });
  });

  it('summarises empty spots, controls and names', () => {
    const ni = plain.header.indexOf('Name');
    const ii = plain.header.indexOf('ID');
    expect(gpr.summary.emptySpots).toBe(plain.rows.filter((r) => r[ni] === '' && r[ii] === '').length);
    expect(gpr.summary.emptySpots).toBe(64);
    // 124 spots named "water" and 2 named "RP11-water".
    expect(plain.rows.filter((r) => /water/i.test(r[ni])).length).toBe(126);
    expect(gpr.summary.controls).toBe(126);
    expect(gpr.summary.distinctNames).toBe(new Set(plain.rows.map((r) => r[ni]).filter((n) => n !== '')).size);
  });

  it('gives block/column/row, names and lines by column name', () => {
    expect([gpr.block[0], gpr.column[0], gpr.row[0]]).toEqual([1, 1, 1]);
    expect(gpr.name[0]).toBe('RP11-20J10');
    expect(gpr.id[0]).toBe('437');
    expect(gpr.spotLine[0]).toBe(35);
    expect(gpr.block[1759]).toBe(16);
    expect(gpr.spotLine[1759]).toBe(1794);
  });

  it('reads F532 Median − B532 Median of the first spot, and matches GenePix for every spot', () => {
    const v = spotIntensities(gpr, { channel: 532 });
    expect(v[0]).toBe(25816 - 7347);
    expect(Array.from(v)).toEqual(Array.from(gpr.numeric('F532 Median - B532')));
    expect(Array.from(spotIntensities(gpr, { channel: 635 }))).toEqual(Array.from(gpr.numeric('F635 Median - B635')));
    expect(spotIntensities(gpr, { channel: 532, background: 'mean' })[0]).toBe(25816 - 7585);
    expect(spotIntensities(gpr, { channel: 532, background: 'none' })[0]).toBe(25816);
  });

  it('honours Flags with dropFlagged', () => {
    const v = spotIntensities(gpr, { channel: 532, dropFlagged: true });
    const nan = Array.from(v).filter(Number.isNaN).length;
    expect(nan).toBe(333 + 64);
    expect(v[2]).toBeNaN(); // "water", Flags -50
    expect(v[0]).toBe(18469);
  });

  it('reads Error cells as NaN', () => {
    const ci = plain.header.indexOf('Log Ratio (532/635)');
    const errors = plain.rows.filter((r) => r[ci] === 'Error').length;
    expect(errors).toBeGreaterThan(0);
    const lr = gpr.numeric('log ratio (532/635)'); // case-insensitive lookup
    expect(Array.from(lr).filter(Number.isNaN).length).toBe(errors);
    expect(lr[5]).toBeNaN();
  });

  it('resolves channels from the Wavelengths header and dye names', () => {
    expect(availableChannels(gpr)).toEqual([635, 532]);
    expect(resolveChannel(gpr, 532)).toBe(532);
    expect(resolveChannel(gpr, '635')).toBe(635);
    expect(resolveChannel(gpr, 'Hy3')).toBe(532);
    expect(resolveChannel(gpr, 'hy5')).toBe(635);
    const none = catchInput(() => resolveChannel(gpr));
    expect(none.file).toBe(SLIDE);
    expect(none.line).toBe(8);
    const absent = catchInput(() => resolveChannel(gpr, 488));
    expect(absent.file).toBe(SLIDE);
    expect(absent.detail).toContain('488');
    expect(absent.detail).toContain('635, 532');
  });
});

describe('GSM393974.gpr.txt (GenePix Pro 5, quoted headers, Latin-1 byte, trailing spaces)', () => {
  const gpr = parseGpr(gsmBytes, GSM);
  const plain = plainTable(gsmBytes);

  it('decodes the Latin-1 "ü" in the GalFile header', () => {
    expect(gpr.encoding).toBe('latin1');
    expect(gpr.headers['GalFile']).toContain('ü');
    expect(gpr.headers['GalFile']).toBe('\\\\Pc8831\\_microarrays\\Günther\\Humane Array List\\012391_D_20050310.gal');
  });

  it('reads 100 features, 57 columns, quoted text cells', () => {
    expect(gpr.atfVersion).toBe('1.0');
    expect(gpr.headerRecords).toHaveLength(30);
    expect(gpr.nSpots).toBe(100);
    expect(gpr.columns).toHaveLength(57);
    expect(gpr.wavelengths).toEqual([635, 532]);
    expect(gpr.name[3]).toBe('NM_005809');
    expect(gpr.id[3]).toBe('A_23_P142045');
    expect(gpr.text('GeneName')[3]).toBe('PRDX2');
    expect(gpr.text('TopHit')[0]).toBe('');
    expect(gpr.text('Description')[3]).toMatch(/^Homo sapiens peroxiredoxin 2 \(PRDX2\)/);
    expect(gpr.summary.flaggedByValue).toEqual({});
  });

  it('counts controls from the ControlType column', () => {
    const ci = plain.header.indexOf('ControlType');
    const expected = plain.rows.filter((r) => r[ci] !== 'false').length;
    expect(expected).toBe(8);
    expect(gpr.summary.controls).toBe(expected);
  });

  it('subtracts the median background on 532 and 635', () => {
    const v = spotIntensities(gpr, { channel: 'Hy3' });
    expect(v[3]).toBe(613 - 36);
    expect(Array.from(v)).toEqual(Array.from(gpr.numeric('F532 Median - B532')));
  });
});

describe('ATF fields', () => {
  it('splits quoted fields with tabs inside and trims unquoted ones', () => {
    expect(splitAtfFields('"Wavelengths=635\t532"\t')).toEqual(['Wavelengths=635\t532', '']);
    expect(splitAtfFields('1\t"a b"\t 3 \t')).toEqual(['1', 'a b', '3', '']);
    expect(splitAtfFields('"say ""hi"""\tx')).toEqual(['say "hi"', 'x']);
  });

  it('accepts partly quoted and unquoted tab-containing header records', () => {
    const text = 'ATF\t1.0 \n3\t2\nWavelengths=635\t532\nType="GenePix Results 3"\n"ImageFiles=a.tif"\t"b.tif"\n"Name"\t"F532 Median"\nx\t5\n';
    const t = parseAtf(new TextEncoder().encode(text), 'm.gpr');
    expect(t.headers).toEqual({ Wavelengths: '635\t532', Type: 'GenePix Results 3', ImageFiles: 'a.tif\tb.tif' });
    expect(t.atfVersion).toBe('1.0');
    expect(t.nRows).toBe(1);
  });
});

describe('broken GPR files made from the real bytes', () => {
  it('refuses a wrong magic line', () => {
    const e = catchInput(() => parseGpr(edit(slideBytes, (l) => ['GPR\t1', ...l.slice(1)]), SLIDE));
    expect([e.file, e.line, e.column]).toEqual([SLIDE, 1, 1]);
    expect(e.detail).toContain('GPR');
  });

  it('refuses a file truncated inside the header', () => {
    const e = catchInput(() => parseGpr(edit(slideBytes, (l) => l.slice(0, 10)), SLIDE));
    expect([e.file, e.line, e.column]).toEqual([SLIDE, 10, null]);
    expect(e.detail).toContain('31 header records');
    expect(e.detail).toContain('only 8');
  });

  it('refuses a header count that is too low or too high', () => {
    const low = catchInput(() => parseGpr(edit(slideBytes, (l) => [l[0], '30\t48', ...l.slice(2)]), SLIDE));
    expect([low.line, low.column]).toEqual([2, 1]);
    expect(low.detail).toContain('line 33');
    const high = catchInput(() => parseGpr(edit(gsmBytes, (l) => [l[0], '31\t57', ...l.slice(2)]), GSM));
    expect([high.file, high.line, high.column]).toEqual([GSM, 2, 1]);
    expect(high.detail).toContain('line 33');
  });

  it('refuses a data row with a missing field, naming line and counts', () => {
    // Line 40 is spot 6; drop its "ID" field.
    const bytes = edit(slideBytes, (l) => l.map((s, i) => (i === 39 ? s.split('\t').filter((_, k) => k !== 4).join('\t') : s)));
    const e = catchInput(() => parseGpr(bytes, SLIDE));
    expect([e.file, e.line, e.column]).toEqual([SLIDE, 40, 48]);
    expect(e.detail).toContain('48');
    expect(e.detail).toContain('47');
    expect(e.message).toMatch(/^10Mbslide28\.gpr, line 40, column 48: /);
  });

  it('tolerates trailing empty fields but refuses extra non-empty ones', () => {
    const ok = parseGpr(edit(slideBytes, (l) => l.map((s, i) => (i === 39 ? s + '\t\t' : s))), SLIDE);
    expect(ok.nSpots).toBe(1760);
    const e = catchInput(() => parseGpr(edit(slideBytes, (l) => l.map((s, i) => (i === 39 ? s + '\t7' : s))), SLIDE));
    expect([e.line, e.column]).toEqual([40, 49]);
    expect(e.detail).toContain('49');
  });

  it('refuses non-numeric text in an intensity column, naming line, column and the text', () => {
    const bytes = edit(slideBytes, (l) =>
      l.map((s, i) => {
        if (i !== 36) return s;
        const f = s.split('\t');
        f[17] = 'abc'; // F532 Median of spot 3 (line 37)
        return f.join('\t');
      }),
    );
    expect(plainTable(slideBytes).header[17]).toBe('F532 Median');
    const e = catchInput(() => parseGpr(bytes, SLIDE));
    expect([e.file, e.line, e.column]).toEqual([SLIDE, 37, 'F532 Median']);
    expect(e.detail).toContain('"abc"');
  });

  it('refuses to read 532 nm from a file without F532 Median', () => {
    const bytes = edit(slideBytes, (l) => l.map((s, i) => (i === 33 ? s.replace('F532 Median\t', 'F532 Med\t') : s)));
    const gpr = parseGpr(bytes, SLIDE);
    expect(() => spotIntensities(gpr, { channel: 635 })).not.toThrow();
    const e = catchInput(() => spotIntensities(gpr, { channel: 532 }));
    expect([e.file, e.line, e.column]).toEqual([SLIDE, 34, 'F532 Median']);
    expect(e.message).toContain('10Mbslide28.gpr, line 34, column "F532 Median"');
  });

  it('refuses a column-name line whose width differs from line 2', () => {
    const e = catchInput(() => parseGpr(edit(gsmBytes, (l) => [l[0], '30\t58', ...l.slice(2)]), GSM));
    expect([e.line, e.column]).toEqual([33, null]);
    expect(e.detail).toContain('58');
    expect(e.detail).toContain('57');
  });
});
