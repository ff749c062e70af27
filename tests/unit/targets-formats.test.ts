/**
 * miRNA–target tables (src/formats/targets.ts) on the real files of tests/fixtures/targets
 * (copied from the project's shared data; see tests/fixtures/PROVENANCE.md) and on small
 * hand-made tables for every rule: header detection, column roles, score cut-off, NaN scores,
 * duplicates, dropped rows with their lines, Excel-mangled gene names, errors with file/line/column.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { InputError } from '../../src/formats/input-error.ts';
import { excelMangledCandidates, geneIdTypeOf, readTargetTable, targetsByMirna } from '../../src/formats/targets.ts';

const fixture = (name: string) => new Uint8Array(readFileSync(`tests/fixtures/targets/${name}`));
const utf8 = (s: string) => new TextEncoder().encode(s);
const MIRZA = 'seed-mirza-g_all_mirnas_per_gene_scores_miR_124a.tab';

function inputError(f: () => unknown): InputError {
  try {
    f();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('no InputError');
}

describe('MIRZA-G table (headerless TSV, Entrez ids, NaN conservation scores)', () => {
  const t = readTargetTable(fixture(MIRZA), MIRZA);
  it('is read as 2311 pairs of one miRNA and 2311 Entrez genes, with no header', () => {
    expect(t.hasHeader).toBe(false);
    expect(t.delimiter).toBe('\t');
    expect(t.columnNames).toEqual(['V1', 'V2', 'V3', 'V4']);
    expect(t.roles).toEqual({ mirna: 1, gene: 0, score: 2 });
    expect(t.report.rowsRead).toBe(2311);
    expect(t.report.pairsKept).toBe(2311);
    expect(t.report.mirnas).toBe(1);
    expect(t.report.genes).toBe(2311);
    expect(t.report.geneIdType).toBe('entrez');
    expect(t.report.dropped).toEqual([]);
    expect(t.pairs[0]).toEqual({ mirna: 'hsa-miR-124-3p', gene: '55119', score: 0.387844, line: 1 });
    expect(t.pairs.at(-1)!.line).toBe(2311);
    expect(t.report.notes.join(' ')).toMatch(/Entrez/);
  });
  it('counts the 179 NaN cells of column 4', () => {
    expect(t.report.missingByColumn).toEqual([0, 0, 0, 179]);
    expect(t.report.missingScores).toBe(0);
  });
  it('with column 4 as the score: 179 missing scores kept without a cut-off, dropped with one', () => {
    const all = readTargetTable(fixture(MIRZA), MIRZA, { columns: { score: 4 } });
    expect(all.report.pairsKept).toBe(2311);
    expect(all.report.missingScores).toBe(179);
    expect(all.pairs.filter((p) => p.score === null)).toHaveLength(179);
    const cut = readTargetTable(fixture(MIRZA), MIRZA, { columns: { score: 4 }, minScore: 0.5 });
    const noScore = cut.report.dropped.find((d) => d.reason === 'no-score')!;
    const below = cut.report.dropped.find((d) => d.reason === 'below-cutoff')!;
    expect(noScore.count).toBe(179);
    expect(noScore.lines[0]).toBe(3); // 57602 hsa-miR-124-3p 0.128944 NaN
    const kept = all.pairs.filter((p) => p.score !== null && p.score >= 0.5).length;
    expect(cut.report.pairsKept).toBe(kept);
    expect(cut.report.pairsKept + noScore.count + below.count).toBe(2311);
  });
  it('score cut-off on the detected score (column 3)', () => {
    const cut = readTargetTable(fixture(MIRZA), MIRZA, { minScore: 0.4 });
    expect(cut.report.pairsKept).toBe(t.pairs.filter((p) => p.score! >= 0.4).length);
    expect(cut.pairs.every((p) => p.score! >= 0.4)).toBe(true);
    const both = readTargetTable(fixture(MIRZA), MIRZA, { minScore: 0.2, maxScore: 0.3 });
    expect(both.pairs.every((p) => p.score! >= 0.2 && p.score! <= 0.3)).toBe(true);
    expect(both.report.dropped.map((d) => d.reason).sort()).toEqual(['above-cutoff', 'below-cutoff']);
  });
});

describe('miR2Target.csv (header mir,gene; CRLF)', () => {
  const bytes = fixture('miR2Target.csv');
  const t = readTargetTable(bytes, 'miR2Target.csv');
  it('has CRLF line ends (the fixture is the real file)', () => {
    expect(new TextDecoder().decode(bytes).split('\r\n')).toHaveLength(478);
  });
  it('476 pairs, 155 distinct miRNAs, 11 targets, no score column', () => {
    expect(t.hasHeader).toBe(true);
    expect(t.columnNames).toEqual(['mir', 'gene']);
    expect(t.roles).toEqual({ mirna: 0, gene: 1, score: null });
    expect(t.report.rowsRead).toBe(476);
    expect(t.report.pairsKept).toBe(476);
    // SOURCES.md says 156 miRNAs; the file has 155 distinct names (156 counts the header's "mir")
    expect(t.report.mirnas).toBe(155);
    expect(t.report.genes).toBe(11);
    expect([...new Set(t.pairs.map((p) => p.gene))].sort()).toEqual(['H19', 'IGF1', 'IGF2', 'KLF6', 'NFIA', 'PTEN', 'QKI', 'RB1', 'SOX5', 'TCF4', 'TNKS2']);
    expect(t.report.geneIdType).toBe('symbol');
    expect(t.pairs[0]).toEqual({ mirna: 'hsa-let-7b-5p', gene: 'H19', score: null, line: 2 });
    expect(t.pairs.at(-1)!.line).toBe(477);
    expect(t.pairs.every((p) => !p.gene.includes('\r'))).toBe(true);
  });
  it('groups targets by miRNA', () => {
    const by = targetsByMirna(t.pairs);
    expect(by.size).toBe(155);
    expect(by.get('hsa-let-7b-5p')!.slice(0, 3)).toEqual(['H19', 'QKI', 'SOX5']);
  });
  it('header forced off: the header line becomes a row whose miRNA is odd, kept and flagged', () => {
    const raw = readTargetTable(bytes, 'miR2Target.csv', { header: false });
    expect(raw.report.rowsRead).toBe(477);
    expect(raw.report.oddMirnaLines).toEqual([1]);
  });
});

describe('Excel-mangled gene names', () => {
  it('recognises dates and numbers made from symbols, with the likely symbols', () => {
    expect(excelMangledCandidates('2-Sep')).toEqual(['SEPTIN2', 'SEPT2']);
    expect(excelMangledCandidates('1-Mar')).toEqual(['MARCHF1', 'MARCH1', 'MTARC1', 'MARC1']);
    expect(excelMangledCandidates('6-Mar')).toEqual(['MARCHF6', 'MARCH6']);
    expect(excelMangledCandidates('1-Dec')).toEqual(['DELEC1', 'DEC1']);
    expect(excelMangledCandidates('15-Sep')).toEqual(['SELENOF', 'SEP15', 'SEPTIN15']);
    expect(excelMangledCandidates('Sep-09')).toEqual(['SEPTIN9', 'SEPT9']);
    expect(excelMangledCandidates('2.31E+13')).toEqual([]);
    for (const ok of ['SEPTIN2', 'MARCHF1', 'BCL2', '596', 'C1orf112', 'Sep', '40-Sep', 'H19']) expect(excelMangledCandidates(ok)).toBeNull();
  });
  it('are flagged with their lines in a target table (miR2Target variant, CRLF)', () => {
    const t = readTargetTable(fixture('miR2Target.excel-mangled.csv'), 'miR2Target.excel-mangled.csv');
    expect(t.report.pairsKept).toBe(481);
    expect(t.report.mangledGenes.map((m) => [m.line, m.column, m.text])).toEqual([
      [5, 2, '2-Sep'], [6, 2, '1-Mar'], [7, 2, '1-Dec'], [8, 2, '9-Sep'], [9, 2, '2.31E+13'],
    ]);
    expect(t.report.mangledGenes[0].candidates[0]).toBe('SEPTIN2');
    expect(t.report.notes.join(' ')).toMatch(/5 gene names look like dates or numbers .*"2-Sep" on line 5/);
  });
});

describe('column roles and header detection', () => {
  it('miRTarBase-like export: roles from the header names, species/ID columns ignored', () => {
    const text = [
      'miRTarBase ID,miRNA,Species (miRNA),Target Gene,Target Gene (Entrez ID),Species (Target Gene),Experiments,Support Type',
      'MIRT000002,hsa-miR-20a-5p,Homo sapiens,HIF1A,3091,Homo sapiens,Luciferase reporter assay//Western blot,Functional MTI',
      'MIRT000004,hsa-miR-146a-5p,Homo sapiens,CXCR4,7852,Homo sapiens,qRT-PCR//Luciferase reporter assay,Functional MTI',
      'MIRT000006,hsa-miR-122-5p,Homo sapiens,CYP7A1,1581,Homo sapiens,Luciferase reporter assay,Functional MTI',
    ].join('\n');
    const t = readTargetTable(utf8(text), 'mirtarbase.csv');
    expect(t.hasHeader).toBe(true);
    expect(t.roles).toEqual({ mirna: 1, gene: 3, score: null });
    expect(t.pairs.map((p) => p.gene)).toEqual(['HIF1A', 'CXCR4', 'CYP7A1']);
    const byId = readTargetTable(utf8(text), 'mirtarbase.csv', { columns: { gene: 'Target Gene (Entrez ID)' } });
    expect(byId.pairs.map((p) => p.gene)).toEqual(['3091', '7852', '1581']);
    expect(byId.report.geneIdType).toBe('entrez');
    expect(byId.detected).toEqual({ mirna: true, gene: false, score: true, header: true });
  });
  it('TargetScan-like export: the score is the first score-named numeric column; lower-is-better cut-off', () => {
    const text = [
      'Gene Symbol\tRepresentative miRNA\tTotal num conserved sites\tCumulative weighted context++ score\tAggregate PCT',
      'BCL2\thsa-miR-16-5p\t2\t-0.62\t0.91',
      'MCL1\thsa-miR-16-5p\t1\t-0.18\t0.55',
      'CCND1\thsa-miR-16-5p\t3\t-0.45\tN/A',
    ].join('\n');
    const t = readTargetTable(utf8(text), 'ts.txt');
    expect(t.roles).toEqual({ mirna: 1, gene: 0, score: 3 });
    expect(t.pairs.map((p) => p.score)).toEqual([-0.62, -0.18, -0.45]);
    const cut = readTargetTable(utf8(text), 'ts.txt', { maxScore: -0.3 });
    expect(cut.pairs.map((p) => p.gene)).toEqual(['BCL2', 'CCND1']);
    expect(cut.report.dropped).toEqual([{ reason: 'above-cutoff', count: 1, lines: [3] }]);
    const pct = readTargetTable(utf8(text), 'ts.txt', { columns: { score: 'aggregate pct' }, minScore: 0.6 });
    expect(pct.pairs.map((p) => p.gene)).toEqual(['BCL2']);
    expect(pct.report.dropped.map((d) => [d.reason, d.lines])).toEqual([['below-cutoff', [3]], ['no-score', [4]]]);
  });
  it('headerless miRNA-first table with RefSeq ids (miRDB style), semicolon-free sniffing', () => {
    const t = readTargetTable(utf8('hsa-miR-16-5p\tNM_000633\t98.2\nhsa-miR-16-5p\tNM_021960\t91\nhsa-let-7a-5p\tNM_002467\t80.5\n'), 'mirdb.tsv');
    expect(t.hasHeader).toBe(false);
    expect(t.roles).toEqual({ mirna: 0, gene: 1, score: 2 });
    expect(t.report.geneIdType).toBe('refseq');
  });
  it('user override of every role, by number and by name, and no score', () => {
    const text = 'a,b,c\nBCL2,0.9,hsa-miR-15a-5p\nMYC,0.4,hsa-miR-15a-5p\n';
    const t = readTargetTable(utf8(text), 'x.csv', { columns: { mirna: 3, gene: 'a', score: 2 }, minScore: 0.5 });
    expect(t.pairs).toEqual([{ mirna: 'hsa-miR-15a-5p', gene: 'BCL2', score: 0.9, line: 2 }]);
    const none = readTargetTable(utf8(text), 'x.csv', { columns: { score: null } });
    expect(none.roles.score).toBeNull();
    expect(none.pairs.map((p) => p.score)).toEqual([null, null]);
  });
  it('drops rows with no miRNA or no gene, merges duplicate pairs (largest score), lists the lines', () => {
    const text = [
      'mirna\tgene\tscore',
      'hsa-miR-16-5p\tBCL2\t0.7',
      '\tMYC\t0.9',
      'hsa-miR-16-5p\tNA\t0.9',
      'hsa-miR-16-5p\tBCL2\t0.95',
      'hsa-miR-16-5p\tCCND1\tNaN',
      '',
      'hsa-miR-17-5p\tE2F1\t0,8',
    ].join('\r\n');
    const t = readTargetTable(utf8(text), 'mess.tsv');
    expect(t.report.rowsRead).toBe(6);
    expect(t.pairs).toEqual([
      { mirna: 'hsa-miR-16-5p', gene: 'BCL2', score: 0.95, line: 2 },
      { mirna: 'hsa-miR-16-5p', gene: 'CCND1', score: null, line: 6 },
      { mirna: 'hsa-miR-17-5p', gene: 'E2F1', score: 0.8, line: 8 },
    ]);
    expect(t.report.dropped).toEqual([
      { reason: 'no-mirna', count: 1, lines: [3] },
      { reason: 'no-gene', count: 1, lines: [4] },
      { reason: 'duplicate', count: 1, lines: [5] },
    ]);
    expect(t.report.missingScores).toBe(1);
    expect(t.report.mirnas).toBe(2);
    expect(t.report.genes).toBe(3);
  });
});

describe('bad input names the file, line and column', () => {
  it('a score that is not a number', () => {
    const e = inputError(() => readTargetTable(utf8('mirna,gene,score\nhsa-miR-16-5p,BCL2,0.5\nhsa-miR-16-5p,MYC,high\n'), 'bad.csv'));
    expect([e.file, e.line, e.column]).toEqual(['bad.csv', 3, 'score']);
    expect(e.message).toBe('bad.csv, line 3, column "score": "high" is not a number');
    // headerless: the score column is detected from its numbers (> 95 %), so one bad cell is an error
    const rows = Array.from({ length: 30 }, (_, i) => `hsa-miR-16-5p\tG${i}\t0.${i + 10}`);
    rows.splice(20, 0, 'hsa-miR-16-5p\tMYC\t0.5.1');
    const e2 = inputError(() => readTargetTable(utf8(rows.join('\n')), 'bad.tsv'));
    expect([e2.line, e2.column]).toEqual([21, 3]);
  });
  it('no miRNA column, one column, no rows, a column that does not exist', () => {
    expect(inputError(() => readTargetTable(utf8('gene,score\nBCL2,1\n'), 'g.csv')).detail).toMatch(/no column holds miRNA names/);
    expect(inputError(() => readTargetTable(utf8('hsa-miR-16-5p\nhsa-miR-17-5p\n'), 'one.csv')).detail).toMatch(/at least two columns/);
    expect(inputError(() => readTargetTable(utf8('mirna,gene\n'), 'h.csv')).detail).toMatch(/header but no rows/);
    const e = inputError(() => readTargetTable(utf8('mirna,gene\nhsa-miR-16-5p,BCL2\n'), 'c.csv', { columns: { score: 'prob' } }));
    expect([e.file, e.column]).toEqual(['c.csv', 'prob']);
    expect(inputError(() => readTargetTable(utf8('mirna,gene\nhsa-miR-16-5p,BCL2\n'), 'c.csv', { columns: { gene: 7 } })).detail).toMatch(/has 2 columns/);
  });
  it('an unclosed quote (from the delimited reader)', () => {
    const e = inputError(() => readTargetTable(utf8('mirna,gene\nhsa-miR-16-5p,"BCL2\n'), 'q.csv'));
    expect(e.line).toBe(2);
  });
});

describe('gene id types', () => {
  it('entrez, ensembl, refseq, symbol, mixed', () => {
    expect(geneIdTypeOf(['596', '4609'])).toBe('entrez');
    expect(geneIdTypeOf(['ENSG00000171791', 'ENSG00000136997.15'])).toBe('ensembl');
    expect(geneIdTypeOf(['NM_000633', 'NR_003051.3'])).toBe('refseq');
    expect(geneIdTypeOf(['BCL2', 'MYC'])).toBe('symbol');
    expect(geneIdTypeOf(['BCL2', '4609'])).toBe('mixed');
  });
});
