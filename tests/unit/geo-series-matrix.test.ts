import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseGeoSeriesMatrix } from '../../src/formats/geo-series-matrix.ts';
import { InputError } from '../../src/formats/input-error.ts';

const NAME = 'GSE8972_series_matrix_aFFY.txt';
const bytes = new Uint8Array(readFileSync(`tests/fixtures/${NAME}`));
const text = new TextDecoder().decode(bytes);
const enc = (s: string) => new TextEncoder().encode(s);

/** Parses a variant and returns the InputError it throws. */
function errorOf(s: string, name = 'broken.txt'): InputError {
  try {
    parseGeoSeriesMatrix(enc(s), name);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error('expected an InputError');
}

describe('GEO series matrix: GSE8972 (real file, MeV test data)', () => {
  const g = parseGeoSeriesMatrix(bytes, NAME);
  it('37 !Series_ and 32 !Sample_ lines, 12 488 probes × 24 GSMs', () => {
    expect(g.series).toHaveLength(37);
    expect(g.samples).toHaveLength(32);
    expect(g.probes).toHaveLength(12488);
    expect(g.arrays).toHaveLength(24);
    expect(g.values).toHaveLength(24);
    expect(g.values.every((c) => c.length === 12488)).toBe(true);
  });
  it('reads the metadata: accession, platform, titles, repeated keys kept', () => {
    expect(g.accession).toBe('GSE8972');
    expect(g.platform).toBe('GPL81');
    expect(g.arrays[0]).toBe('GSM227448');
    expect(g.arrays[23]).toBe('GSM227471');
    expect(g.sampleTitles[0]).toBe('Nrl ko P2 replicate 1');
    expect(g.series.filter((r) => r.key === 'contributor')).toHaveLength(12);
    expect(g.series.find((r) => r.key === 'title')!.values[0]).toMatch(/^Expression profiling of the developing/);
    expect(g.samples.find((r) => r.key === 'data_row_count')!.values.every((v) => v === '12488')).toBe(true);
    expect(g.notes).toEqual([]);
  });
  it('reads the table: first and last probes, lines, quotes removed', () => {
    expect(g.tableBeginLine).toBe(71);
    expect(g.headerLine).toBe(72);
    expect(g.tableEndLine).toBe(12561);
    expect(g.probes[0]).toBe('100001_at');
    expect(g.probeLine[0]).toBe(73);
    expect(g.values[0][0]).toBe(30.08);
    expect(g.probes[12487]).toBe('AFFX-YEL024w/RIP1_at');
    expect(g.values[23][12487]).toBe(13.64);
    expect(g.missingCells).toBe(0);
  });
  it('GEO2R\'s rule: these values (4.06 to 11 158) are not log2 yet', () => {
    expect(g.looksLinear).toBe(true);
  });
});

describe('GEO series matrix: small variants', () => {
  const small = [
    '!Series_title\t"tiny"',
    '!Series_geo_accession\t"GSE1"',
    '',
    '!Sample_title\t"a"\t"b"',
    '!Sample_geo_accession\t"GSM1"\t"GSM2"',
    '!series_matrix_table_begin',
    '"ID_REF"\t"GSM1"\t"GSM2"',
    '"p1"\t1.5\tnull',
    '"p2"\t\t2e3',
    'p3\t-0.25\t7\t',
    '!series_matrix_table_end',
    '',
  ].join('\r\n');

  it('CRLF, null and empty cells as missing, unquoted ids, a trailing tab', () => {
    const g = parseGeoSeriesMatrix(enc(small), 'tiny.txt');
    expect(g.probes).toEqual(['p1', 'p2', 'p3']);
    expect(Array.from(g.values[0])).toEqual([1.5, NaN, -0.25]);
    expect(Array.from(g.values[1])).toEqual([NaN, 2000, 7]);
    expect(g.missingCells).toBe(2);
    expect(g.sampleTitles).toEqual(['a', 'b']);
    expect(g.looksLinear).toBe(true); // range 2000 with a positive 25th percentile → GEO2R would log2
  });

  it('a truncated file (no !series_matrix_table_end) names the file and its last line', () => {
    const lines = text.split('\n');
    const truncated = lines.slice(0, 5000).join('\n');
    const e = errorOf(truncated, NAME);
    expect(e.file).toBe(NAME);
    expect(e.line).toBe(5000);
    expect(e.message).toMatch(/GSE8972_series_matrix_aFFY\.txt, line 5000: .*truncated/);
  });
  it('a row with a missing field names line and column', () => {
    const e = errorOf(small.replace('"p2"\t\t2e3', '"p2"\t3'));
    expect([e.line, e.column]).toEqual([9, 3]);
    expect(e.detail).toMatch(/expected 3 fields .* found 2/);
  });
  it('a cell that is not a number names line and the sample column', () => {
    const e = errorOf(small.replace('\t7\t', '\tseven\t'));
    expect([e.line, e.column]).toEqual([10, 'GSM2']);
    expect(e.detail).toMatch(/"seven" is not a number/);
  });
  it('a table without ID_REF, an empty probe id, a !Sample_ line of the wrong width, no table at all', () => {
    expect(errorOf(small.replace('"ID_REF"', '"PROBE"'))).toMatchObject({ line: 7, column: 1 });
    expect(errorOf(small.replace('"p1"', '""'))).toMatchObject({ line: 8, column: 1 });
    expect(errorOf(small.replace('!Sample_title\t"a"\t"b"', '!Sample_title\t"a"'))).toMatchObject({ line: 4, column: 3 });
    expect(errorOf('!Series_title\t"x"\n').detail).toMatch(/no !series_matrix_table_begin/);
    expect(errorOf('hello\n!series_matrix_table_begin\n')).toMatchObject({ line: 1, column: 1 });
  });
  it('in the real file: a damaged value and a short row are located exactly', () => {
    const lines = text.split('\n');
    const bad = lines.slice();
    bad[99] = bad[99].replace(/\t[^\t]+$/, '\t12,5x');
    const e = errorOf(bad.join('\n'), NAME);
    expect([e.line, e.column]).toEqual([100, 'GSM227471']);
    const short = lines.slice();
    short[4999] = short[4999].split('\t').slice(0, 20).join('\t');
    expect(errorOf(short.join('\n'), NAME)).toMatchObject({ line: 5000, column: 21 });
  });
});
