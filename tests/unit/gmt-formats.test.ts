/**
 * GMT gene sets (src/formats/gmt.ts) on the real MSigDB Hallmark v7.0 file and an Excel-mangled
 * variant of it (tests/fixtures/targets; see PROVENANCE.md), and on hand-made files for
 * duplicates, blank lines, empty sets and errors.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { InputError } from '../../src/formats/input-error.ts';
import { readGmt } from '../../src/formats/gmt.ts';

const fixture = (name: string) => new Uint8Array(readFileSync(`tests/fixtures/targets/${name}`));
const utf8 = (s: string) => new TextEncoder().encode(s);

describe('MSigDB Hallmark v7.0 (h.all.v7.0.symbols.gmt)', () => {
  const g = readGmt(fixture('h.all.v7.0.symbols.gmt'), 'h.all.v7.0.symbols.gmt');
  it('50 sets of 32–200 genes, a URL as description', () => {
    expect(g.report.sets).toBe(50);
    expect(g.sets).toHaveLength(50);
    expect(g.report.minSize).toBe(32);
    expect(g.report.maxSize).toBe(200);
    expect(Math.min(...g.sets.map((s) => s.genes.length))).toBe(32);
    expect(g.sets[0].name).toBe('HALLMARK_TNFA_SIGNALING_VIA_NFKB');
    expect(g.sets[0].description).toBe('http://www.gsea-msigdb.org/gsea/msigdb/cards/HALLMARK_TNFA_SIGNALING_VIA_NFKB');
    expect(g.sets[0].genes.slice(0, 3)).toEqual(['JUNB', 'CXCL2', 'ATF3']);
    expect(g.sets.map((s) => s.line)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(g.sets.find((s) => s.name === 'HALLMARK_E2F_TARGETS')!.genes).toHaveLength(200);
  });
  it('nothing to report: no duplicates, blank lines, empty or mangled sets', () => {
    expect(g.report.duplicateGenes).toEqual([]);
    expect(g.report.duplicateSets).toEqual([]);
    expect(g.report.emptySets).toEqual([]);
    expect(g.report.mangledGenes).toEqual([]);
    expect(g.report.emptyLines).toBe(0);
    expect(g.report.notes).toEqual([]);
    expect(g.report.genes).toBe(new Set(g.sets.flatMap((s) => s.genes)).size);
    expect(g.report.genes).toBeGreaterThan(4000);
  });
});

describe('Excel-mangled Hallmark variant', () => {
  const g = readGmt(fixture('h.all.v7.0.symbols.excel-mangled.gmt'), 'h.all.v7.0.symbols.excel-mangled.gmt');
  it('flags the seven SEPT/MARCH/MARC genes Excel turned into dates, with lines and sets', () => {
    expect(g.report.mangledGenes.map((m) => [m.line, m.set, m.text])).toEqual([
      [4, 'HALLMARK_MITOTIC_SPINDLE', '9-Sep'],
      [12, 'HALLMARK_ADIPOGENESIS', '2-Mar'],
      [19, 'HALLMARK_INTERFERON_GAMMA_RESPONSE', '1-Mar'],
      [32, 'HALLMARK_XENOBIOTIC_METABOLISM', '6-Mar'],
      [41, 'HALLMARK_HEME_METABOLISM', '8-Mar'],
      [41, 'HALLMARK_HEME_METABOLISM', '2-Mar'],
      [47, 'HALLMARK_SPERMATOGENESIS', '4-Sep'],
    ]);
    const adipo = g.report.mangledGenes[1];
    expect(adipo.candidates).toContain('MARC2'); // it was MARC2 here, MARCH2 on line 41
    const lines = new TextDecoder().decode(fixture('h.all.v7.0.symbols.excel-mangled.gmt')).split('\n');
    for (const m of g.report.mangledGenes) expect(lines[m.line - 1].split('\t')[m.column - 1]).toBe(m.text);
    expect(g.report.notes[0]).toMatch(/7 gene names look like dates or numbers made by a spreadsheet \(e\.g\. "9-Sep" on line 4/);
    expect(g.report.sets).toBe(50);
  });
});

describe('GMT edge cases', () => {
  it('CRLF, BOM, blank lines, trailing tabs, duplicate genes, empty and repeated sets', () => {
    const text = '\ufeffSET_A\tdesc\tBCL2\tMYC\tBCL2\t\t\r\n\r\nSET_B\t\tTP53\r\nSET_EMPTY\tnothing\t\t\r\nSET_A\tdesc\tMYC\tBCL2\r\nSET_A\tother\tCCND1\r\nSET_A_2\tx\tE2F1\r\n';
    const g = readGmt(utf8(text), 'edge.gmt');
    expect(g.sets.map((s) => [s.name, s.genes, s.line])).toEqual([
      ['SET_A', ['BCL2', 'MYC'], 1],
      ['SET_B', ['TP53'], 3],
      ['SET_A_2', ['CCND1'], 6],
      ['SET_A_2_2', ['E2F1'], 7],
    ]);
    expect(g.report.emptyLines).toBe(1);
    expect(g.report.duplicateGenes).toEqual([{ line: 1, set: 'SET_A', gene: 'BCL2', count: 2 }]);
    expect(g.report.emptySets).toEqual([{ line: 4, name: 'SET_EMPTY' }]);
    expect(g.report.duplicateSets).toEqual([
      { line: 5, name: 'SET_A', firstLine: 1, renamedTo: null },
      { line: 6, name: 'SET_A', firstLine: 1, renamedTo: 'SET_A_2' },
      { line: 7, name: 'SET_A_2', firstLine: 6, renamedTo: 'SET_A_2_2' },
    ]);
    expect(g.report.minSize).toBe(1);
    expect(g.report.maxSize).toBe(2);
    expect(g.report.notes).toHaveLength(1 + 3 + 1);
  });
  it('a line without a tab is refused with its line; so is a file with no set', () => {
    let e: unknown;
    try { readGmt(utf8('SET_A\tdesc\tBCL2\nSET_B desc TP53 MYC\n'), 'spaces.gmt'); } catch (x) { e = x; }
    expect(e).toBeInstanceOf(InputError);
    expect((e as InputError).message).toMatch(/^spaces\.gmt, line 2, column 1: this line has no tab/);
    expect(() => readGmt(utf8('\n\nA\tonly a description\n'), 'empty.gmt')).toThrow(/no gene set with genes/);
  });
});
