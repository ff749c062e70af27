/**
 * NanoSight NTA exports (src/formats/nta.ts): the NTA 3.x ExperimentSummary layout (the demo's
 * generator writes it the way NanoSight does: header block, [Results], [Size Data], Graph Data, the
 * "Bin centre (nm)" table with five video columns, average and standard error and a trailing empty
 * column, then the Percentile table), an autosampler export without an average column, plain
 * two-column CSVs with and without a header, and broken files refused with file, line and column.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { InputError } from '../../src/formats/input-error.ts';
import { looksLikeNta, parseNta, sampleNameFromFile } from '../../src/formats/nta.ts';
import { readDelimited } from '../../src/formats/delimited.ts';
import { sniffExosomeFile } from '../../src/worker/api/exosome-api.ts';
import { EXOSOME_SAMPLES, ntaExperimentSummary } from '../../scripts/demo/exosome.ts';
import { EXOSOME_SEED } from '../../scripts/demo/generate.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const demoText = ntaExperimentSummary(EXOSOME_SAMPLES.find((s) => s.name === 'S1')!, EXOSOME_SEED);
const demoLines = demoText.split('\r\n');
const binHeaderLine = demoLines.findIndex((l) => l.startsWith('Bin centre (nm)')) + 1;

function catchInput(fn: () => unknown): InputError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error('expected an InputError');
}

/** The demo file with line `line` (1-based) changed. */
const editLine = (line: number, f: (l: string) => string) => enc(demoLines.map((l, i) => (i === line - 1 ? f(l) : l)).join('\r\n'));
/** Cell j (0-based) of a CSV line replaced. */
const setCell = (l: string, j: number, v: string) => l.split(',').map((c, k) => (k === j ? v : c)).join(',');

describe('NanoSight NTA 3.x ExperimentSummary', () => {
  const f = parseNta(enc(demoText), 'S1-ExperimentSummary.csv');

  it('reads the header block: sample name, dilution factor, NTA version', () => {
    expect(f.layout).toBe('nanosight');
    expect(f.sampleName).toBe('S1');
    expect(f.dilution).toBe(100);
    expect(f.ntaVersion).toBe('3.2');
    expect(f.notes).toEqual([]);
  });

  it('reads the whole 1-nm distribution from the "Concentration average" column and stops before Percentile', () => {
    expect(f.binCentres).toHaveLength(1000);
    expect(f.binCentres[0]).toBe(0.5);
    expect(f.binCentres[999]).toBe(999.5);
    expect(f.videos).toBe(5);
    expect(f.concentrationSource).toBe('average-column');
    expect(f.concentrationColumn).toBe('Concentration average');
    expect(f.headerLine).toBe(binHeaderLine);
    expect(f.lastLine).toBe(binHeaderLine + 1000);
    expect(f.standardError).toHaveLength(1000);
    // independent reading of one row
    const row = demoLines[binHeaderLine + 100].split(',');
    expect(f.binCentres[100]).toBe(Number(row[0]));
    expect(f.concentration[100]).toBe(Number(row[6]));
    expect(f.standardError![100]).toBe(Number(row[7]));
  });

  it('takes the mean of the video columns when there is no average (autosampler export)', () => {
    const text = [
      'NTA Version: NTA 3.4 Build 3.4.4',
      'Sample Name:,EV prep 7',
      'Dilution factor,Not recorded',
      '',
      'Graph Data',
      'Bin centre (nm),Concentration (particles / ml),Concentration (particles / ml),Concentration (particles / ml),',
      '50.5,1.0E+06,2.0E+06,3.0E+06,',
      '51.5,4.0E+06,5.0E+06,9.0E+06,',
      '52.5,0,0,3.0E+06,',
      '53.5,1.5E+06,1.5E+06,1.5E+06,',
      '',
      'Percentile,Size (nm)',
      '10,50.9',
    ].join('\n');
    const a = parseNta(enc(text), 'ev7.csv');
    expect(a.sampleName).toBe('EV prep 7');
    expect(a.dilution).toBeNull();
    expect(a.notes).toEqual(['no dilution factor is recorded in the file']);
    expect(a.ntaVersion).toBe('3.4');
    expect(a.videos).toBe(3);
    expect(a.concentrationSource).toBe('mean-of-videos');
    expect(a.binCentres).toEqual([50.5, 51.5, 52.5, 53.5]);
    expect(a.concentration).toEqual([2e6, 6e6, 1e6, 1.5e6]);
    expect(a.standardError).toBeNull();
  });

  it('uses the file name as the sample name when the file has none', () => {
    expect(sampleNameFromFile('Patient 12-ExperimentSummary.csv')).toBe('Patient 12');
    const text = demoText.replace('Sample Name,S1\r\n', '').replace('Sample Description,Serum exosomes - Bz-resistant (synthetic)\r\n', '');
    expect(parseNta(enc(text), 'MM-04_ExperimentSummary.csv').sampleName).toBe('MM-04');
  });
});

describe('plain two-column size, concentration tables', () => {
  it('reads a header with size and concentration names (the R fixture, 5-nm bins)', () => {
    const f = parseNta(new Uint8Array(readFileSync('tests/fixtures/exosome/nta-plain-5nm.csv')), 'nta-plain-5nm.csv');
    expect(f.layout).toBe('plain');
    expect(f.sampleName).toBe('nta-plain-5nm');
    expect(f.binCentres).toHaveLength(120);
    expect(f.binCentres[1] - f.binCentres[0]).toBe(5);
    expect(f.dilution).toBeNull();
    expect(f.concentrationSource).toBe('single-column');
    expect(f.headerLine).toBe(1);
  });

  it('reads a table without a header, tab- or semicolon-separated with decimal commas', () => {
    const tsv = parseNta(enc('40\t1e8\n60\t3e8\n80\t2e8\n'), 'x.txt');
    expect(tsv.binCentres).toEqual([40, 60, 80]);
    expect(tsv.concentration).toEqual([1e8, 3e8, 2e8]);
    expect(tsv.headerLine).toBe(0);
    const semi = parseNta(enc('Sample Name;serum A\nDilution factor;50\nSize (nm);Concentration (particles/ml)\n42,5;1,5E+08\n47,5;2,25E+08\n52,5;0\n'), 'a.csv');
    expect(semi.sampleName).toBe('serum A');
    expect(semi.dilution).toBe(50);
    expect(semi.binCentres).toEqual([42.5, 47.5, 52.5]);
    expect(semi.concentration).toEqual([1.5e8, 2.25e8, 0]);
  });
});

describe('broken NTA files are refused with file, line and column', () => {
  it('a concentration that is not a number, in the middle of the distribution', () => {
    const line = binHeaderLine + 120;
    const e = catchInput(() => parseNta(editLine(line, (l) => setCell(l, 6, '3.1E+O8')), 'S1.csv'));
    expect(e.file).toBe('S1.csv');
    expect(e.line).toBe(line);
    expect(e.column).toBe('Concentration average');
    expect(e.message).toContain('"3.1E+O8" is not a number');
  });

  it('a bin centre that is not a number is an error, not a silent end of the data', () => {
    const line = binHeaderLine + 300;
    const e = catchInput(() => parseNta(editLine(line, (l) => setCell(l, 0, 'n/a?')), 'S1.csv'));
    expect(e.line).toBe(line);
    expect(e.column).toBe('Bin centre (nm)');
  });

  it('an empty cell, a missing marker, a negative concentration', () => {
    const l1 = binHeaderLine + 5;
    expect(catchInput(() => parseNta(editLine(l1, (l) => setCell(l, 6, '')), 'S1.csv'))).toMatchObject({ line: l1, column: 'Concentration average', detail: 'the cell is empty' });
    expect(catchInput(() => parseNta(editLine(l1, (l) => setCell(l, 6, 'NA')), 'S1.csv'))).toMatchObject({ line: l1, column: 'Concentration average' });
    const e = catchInput(() => parseNta(editLine(l1, (l) => setCell(l, 6, '-2.0E+06')), 'S1.csv'));
    expect(e).toMatchObject({ line: l1, column: 'Concentration average' });
    expect(e.detail).toContain('negative');
  });

  it('bin centres that do not increase', () => {
    const line = binHeaderLine + 10;
    const e = catchInput(() => parseNta(editLine(line, (l) => setCell(l, 0, '3.5')), 'S1.csv'));
    expect(e).toMatchObject({ line, column: 'Bin centre (nm)' });
    expect(e.detail).toContain('must increase');
  });

  it('a plain table: the column is named by its header or by its number', () => {
    expect(catchInput(() => parseNta(enc('size,concentration\n40,1e8\n60,abc\n80,2e8\n'), 'p.csv'))).toMatchObject({ line: 3, column: 'concentration' });
    expect(catchInput(() => parseNta(enc('40,1e8\n60,2e8\n80,x\n'), 'p.csv'))).toMatchObject({ line: 3, column: 2 });
  });

  it('no distribution, too few bins, all zero, a bad dilution factor', () => {
    expect(catchInput(() => parseNta(enc('Sample Name,x\nDilution factor,10\n'), 'n.csv'))).toMatchObject({ line: null, column: null });
    expect(catchInput(() => parseNta(enc('Bin centre (nm),Concentration average\n1.5,3\n2.5,4\n'), 'n.csv')).detail).toContain('at least 3');
    expect(catchInput(() => parseNta(enc('size,conc\n1,0\n2,0\n3,0\n'), 'n.csv')).detail).toContain('zero');
    expect(catchInput(() => parseNta(editLine(10, () => 'Dilution factor,-5'), 'S1.csv'))).toMatchObject({ line: 10, column: 2 });
  });
});

describe('recognising NTA and RNA-yield files by content', () => {
  it('NTA exports and plain size tables are NTA; a cohort or RNA table is not', () => {
    const rows = (s: string) => readDelimited(enc(s), 'x.csv', { header: false, keepRagged: true });
    expect(looksLikeNta(rows(demoText))).toBe(true);
    expect(looksLikeNta(rows('Size (nm),Concentration (particles/ml)\n1,2\n'))).toBe(true);
    expect(looksLikeNta(rows('patient_id,age,sex\nP1,60,M\n'))).toBe(false);
    expect(sniffExosomeFile(enc(demoText), 'S1.csv')).toBe('nta');
    expect(sniffExosomeFile(enc('Sample ID,Group,RNA concentration (ng/µl)\nR1,A,1\n'), 'r.csv')).toBe('rna-yield');
    expect(sniffExosomeFile(enc('patient_id,age,sex,drug\nP1,60,M,Bz\n'), 'cohort.csv')).toBeNull();
    expect(sniffExosomeFile(readFileSync('tests/fixtures/GSE24080_clinical_zh_gb18030.tsv'), 'zh.tsv')).toBeNull();
  });
});
