/**
 * `mmdr compare` (SPEC §6): a numeric column of a CSV/TSV compared across the groups of another —
 * per-group summaries, Student and Welch t, Mann–Whitney (two groups), one-way and Welch ANOVA and
 * Kruskal–Wallis. Output field names are a contract; `null` wherever R gives NA.
 */
import { msg, str } from '@lit/localize';
import { inferColumnType, isMissingCell, parseNumberCell } from '../formats/delimited.ts';
import { InputError } from '../formats/input-error.ts';
import { compareGroups } from '../stats/compare.ts';
import type { Command } from './commands.ts';
import type { Opts } from './main.ts';
import { columnIndex, readStrictTable, toJson } from './cmd-crosstab.ts';

const one = (o: Opts, k: string): string | undefined => (Array.isArray(o[k]) ? (o[k] as string[]).at(-1) : undefined);

/** The `mmdr compare` command. */
export const compare: Command = {
  name: 'compare',
  summary: 'a number by group: summaries, t, Welch, Mann–Whitney, ANOVA, Welch ANOVA, Kruskal–Wallis',
  help: [
    'mmdr compare --csv FILE --value COL --group COL',
    '',
    'As R: t.test(x ~ g, var.equal = TRUE) and t.test(x ~ g) (two groups; t = first − second group),',
    'wilcox.test(x ~ g, exact = FALSE, correct = TRUE) (W = rank sum of the first group − n1(n1+1)/2),',
    'oneway.test(x ~ g, var.equal = TRUE | FALSE), kruskal.test(x ~ g) (tie-corrected).',
    'Groups are ordered as R\'s factor() orders them. Decimal commas are read when the column uses them.',
    'A value that is not a number is an error naming its line and column; a missing value (empty, NA, -)',
    'counts in its group\'s "missing"; a row without a group is left out.',
    '',
    'Prints {groups:[{name,n,mean,sd,median,min,max,missing}],studentT?:{t,df,p},welchT?:{t,df,p},',
    'mannWhitney?:{w,p},anova:{f,df1,df2,p},welchAnova:{f,df1,df2,p},kruskal:{h,df,p}}.',
  ].join('\n'),
  flags: { csv: 'value', value: 'value', group: 'value' },
  required: { csv: true, value: true, group: true },
  async run(o, io) {
    const path = one(o, 'csv')!;
    const table = readStrictTable(path);
    const vi = columnIndex(table, one(o, 'value')!);
    const gi = columnIndex(table, one(o, 'group')!);
    const cells = table.rows.map((r) => r[vi] ?? '');
    const info = inferColumnType(cells);
    const decimalComma = info.type === 'number' ? info.decimalComma ?? false : 'auto';
    const values = cells.map((t, r) => {
      const v = parseNumberCell(t, { decimalComma });
      if (v.error !== undefined) throw new InputError(path, table.lineOfRow[r], table.columns[vi], v.error);
      return v.value;
    });
    const groups = table.rows.map((r) => (isMissingCell(r[gi] ?? '') ? null : r[gi].trim()));
    const res = compareGroups(values, groups);
    const withValues = res.groups.filter((g) => g.n > 0);
    if (withValues.length < 2) {
      throw new InputError(path, null, table.columns[gi],
        msg(str`at least two groups with values are needed (found ${withValues.length})`, { id: 'stats.cli.twoGroups' }));
    }
    const out: Record<string, unknown> = {
      groups: res.groups.map((g) => ({ name: g.name, n: g.n, mean: g.mean, sd: g.sd, median: g.median, min: g.min, max: g.max, missing: g.missing })),
    };
    if (res.studentT) out.studentT = res.studentT;
    if (res.welchT) out.welchT = res.welchT;
    if (res.mannWhitney) out.mannWhitney = res.mannWhitney;
    out.anova = res.anova;
    out.welchAnova = res.welchAnova;
    out.kruskal = res.kruskal;
    io.out(toJson(out) + '\n');
  },
};
