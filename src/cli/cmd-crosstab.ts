/**
 * `mmdr crosstab` (SPEC §6): a two-way table of two columns of a CSV/TSV with Pearson χ² (and
 * SPSS's count of cells with expected count < 5), Fisher's exact test, and for 2×2 tables Yates and
 * the Woolf odds ratio. Output field names are a contract; `null` wherever R gives NA.
 */
import { readFileSync } from 'node:fs';
import { msg, str } from '@lit/localize';
import { readDelimited, type DelimitedTable } from '../formats/delimited.ts';
import { InputError } from '../formats/input-error.ts';
import { analyzeTable, tabulate } from '../stats/crosstab.ts';
import type { Command } from './commands.ts';
import { UsageError, type Opts } from './main.ts';

const one = (o: Opts, k: string): string | undefined => (Array.isArray(o[k]) ? (o[k] as string[]).at(-1) : undefined);

/** Reads a file's bytes; a missing file is an InputError naming it. */
export function readFileBytes(path: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (e) {
    throw new InputError(path, null, null, (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String((e as Error).message));
  }
}

/**
 * Reads a table for a statistics command: a row with more or fewer fields than the header is an
 * error (its cells would land in the wrong columns), named by file, line and the first column
 * that is missing or extra.
 */
export function readStrictTable(path: string): DelimitedTable {
  const table = readDelimited(readFileBytes(path), path, { keepRagged: true });
  const bad = table.report.raggedRows[0];
  if (bad) {
    throw new InputError(path, bad.line, Math.min(bad.found, bad.expected) + 1,
      msg(str`this row has ${bad.found} fields but the header has ${bad.expected}`, { id: 'stats.cli.raggedRow' }));
  }
  return table;
}

/** Index of a column by exact name, else case-insensitively; InputError listing the columns otherwise. */
export function columnIndex(table: DelimitedTable, name: string): number {
  let i = table.columns.indexOf(name);
  if (i < 0) i = table.columns.findIndex((c) => c.toLowerCase() === name.trim().toLowerCase());
  if (i < 0) {
    throw new InputError(table.fileName, table.headerLine || null, name,
      msg(str`no such column (the columns are: ${table.columns.join(', ')})`, { id: 'stats.cli.noColumn' }));
  }
  return i;
}

/** JSON with every non-finite number as null (R's NA). */
export const toJson = (x: unknown): string => JSON.stringify(x, (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v));

const levelList = (s: string | undefined): string[] | undefined => (s === undefined ? undefined : s.split(',').map((x) => x.trim()).filter((x) => x !== ''));

/** The `mmdr crosstab` command. */
export const crosstab: Command = {
  name: 'crosstab',
  summary: 'two-way table: Pearson χ², Fisher exact, Yates and odds ratio (chisq.test/fisher.test)',
  help: [
    'mmdr crosstab --csv FILE --row COL --col COL [--haldane] [--row-levels a,b] [--col-levels x,y]',
    '',
    'As R: table(row, col); chisq.test(correct = FALSE) with the number of cells whose expected count',
    'is below 5 (SPSS\'s note); fisher.test() (2×2 and r×c); for 2×2 also chisq.test(correct = TRUE) and',
    'the odds ratio ad/bc with Woolf 95% CI (first row level and first column level define cell a).',
    'Levels are sorted as R\'s factor() does (numerically for numeric columns; otherwise the en_US',
    'collation) unless --row-levels/--col-levels give them; values outside given levels are left out.',
    'Rows with a missing value in either column are left out (counted in "missing").',
    '--haldane: add 0.5 to every cell of a 2×2 table with a zero cell so an odds ratio can be given.',
    '',
    'Prints {rowLevels,colLevels,counts,n,missing,pearson:{chisq,df,p,cellsExpectedBelow5,minExpected},',
    'fisher:{p},yates?:{chisq,p},oddsRatio?:{estimate,lower,upper,haldane}}; fisher.p is null when the',
    'table is too large for exact enumeration (R\'s fisher.test refuses those too).',
  ].join('\n'),
  flags: { csv: 'value', row: 'value', col: 'value', haldane: 'boolean', 'row-levels': 'value', 'col-levels': 'value' },
  required: { csv: true, row: true, col: true },
  async run(o, io) {
    const path = one(o, 'csv')!;
    const rowLevels = levelList(one(o, 'row-levels'));
    const colLevels = levelList(one(o, 'col-levels'));
    if (rowLevels && rowLevels.length < 1) throw new UsageError('--row-levels needs at least one level');
    if (colLevels && colLevels.length < 1) throw new UsageError('--col-levels needs at least one level');
    const table = readStrictTable(path);
    const ri = columnIndex(table, one(o, 'row')!);
    const ci = columnIndex(table, one(o, 'col')!);
    const tab = tabulate(table.rows.map((r) => r[ri]), table.rows.map((r) => r[ci]), { rowLevels, colLevels });
    if (tab.n === 0) throw new InputError(path, null, null, msg('no rows with values in both columns', { id: 'stats.cli.noPairs' }));
    if (tab.rowLevels.length < 2 || tab.colLevels.length < 2) {
      throw new InputError(path, null, tab.rowLevels.length < 2 ? table.columns[ri] : table.columns[ci],
        msg('a crosstab needs at least two levels in each column', { id: 'stats.cli.oneLevel' }));
    }
    const r = analyzeTable(tab.counts, { haldane: o.haldane === true });
    const out: Record<string, unknown> = {
      rowLevels: tab.rowLevels, colLevels: tab.colLevels, counts: tab.counts, n: tab.n, missing: tab.missing,
      pearson: { chisq: r.pearson.chisq, df: r.pearson.df, p: r.pearson.p, cellsExpectedBelow5: r.pearson.cellsExpectedBelow5, minExpected: r.pearson.minExpected },
      fisher: { p: r.fisher.p },
    };
    if (r.yates) out.yates = { chisq: r.yates.chisq, p: r.yates.p };
    if (r.oddsRatio !== undefined) {
      out.oddsRatio = r.oddsRatio ? { estimate: r.oddsRatio.estimate, lower: r.oddsRatio.lower, upper: r.oddsRatio.upper, haldane: r.oddsRatio.haldane } : null;
    }
    io.out(toJson(out) + '\n');
  },
};
