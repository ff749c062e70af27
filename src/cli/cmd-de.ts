/**
 * `mmdr de` (SPEC §6): differential expression between two groups of arrays of a matrix file.
 * Output field names are a contract; `null` wherever R prints NA.
 */
import { readFileSync } from 'node:fs';
import { parseMatrix } from '../formats/arrays-matrix.ts';
import { InputError } from '../formats/input-error.ts';
import { loadKernelsNode } from '../kernels/load-node.ts';
import { packColumns } from '../study/array-preprocess.ts';
import { deRows, differentialExpression, groupsFromLabels, GroupError, type DeMethod } from '../stats/differential.ts';
import type { Command } from './commands.ts';
import { UsageError, type Opts } from './main.ts';

const one = (o: Opts, k: string): string | undefined => (Array.isArray(o[k]) ? (o[k] as string[]).at(-1) : undefined);

function readFile(path: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (e) {
    throw new InputError(path, null, null, (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String((e as Error).message));
  }
}

/** JSON with every non-finite number as null (R's NA; a df.prior of Inf is also null). */
const toJson = (x: unknown): string => JSON.stringify(x, (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v));

/** The `mmdr de` command (SPEC §6). */
export const de: Command = {
  name: 'de',
  summary: 'differential expression of two groups of arrays: fold change, Welch/Student t, limma moderated t',
  help: [
    'mmdr de --matrix FILE --groups A,A,A,B,B,B [--log2-input] [--method moderated|welch|student] [--fold-change 2]',
    '',
    '--groups: one label per array column, comma-separated; an empty label leaves that array out.',
    '  The first label to appear is the first group; logFC = second group − first.',
    'Without --log2-input the matrix holds linear intensities: statistics use log2 of them (values <= 0',
    '  become missing) and foldChangeLinear is the ratio of the linear group means. With --log2-input',
    '  foldChangeLinear is the ratio of the means of 2^values.',
    '--method moderated (default): limma lmFit(~ group) + eBayes() + topTable(adjust = "BH"): logFC, AveExpr,',
    '  t, P.Value, adj.P.Val, B, s2.prior, df.prior. welch / student: t.test per probe, BH over the probes.',
    'With one array in each group (pooled samples, as in the paper) there is no test: fold change only',
    '  (t, p, adjP null; foldChangeOnly true).',
    '',
    'Prints {probes:[{id,logFC,aveExpr,t,p,adjP,B?,foldChangeLinear}],prior?:{s2,df},method,groups,',
    'foldChangeOnly,foldChangeCutoff,up,down}; up/down count probes with foldChangeLinear >= cut-off / <= 1/cut-off.',
  ].join('\n'),
  flags: { matrix: 'value', groups: 'value', 'log2-input': 'boolean', method: 'value', 'fold-change': 'value' },
  required: { matrix: true, groups: true },
  async run(o: Opts, io) {
    const path = one(o, 'matrix')!;
    const method = (one(o, 'method') ?? 'moderated') as DeMethod;
    if (!['moderated', 'welch', 'student'].includes(method)) throw new UsageError(`--method must be one of moderated, welch, student (got "${method}")`);
    const cutoff = Number(one(o, 'fold-change') ?? 2);
    if (!(cutoff >= 1)) throw new UsageError('--fold-change must be a number >= 1');
    const labels = one(o, 'groups')!.split(',').map((s) => s.trim());
    const log2Input = o['log2-input'] === true;
    const m = parseMatrix(readFile(path), path);
    if (labels.length !== m.arrays.length) {
      throw new UsageError(`--groups has ${labels.length} labels but ${path} has ${m.arrays.length} arrays (${m.arrays.join(', ')})`);
    }
    let groups;
    try {
      groups = groupsFromLabels(labels);
    } catch (e) {
      if (e instanceof GroupError) throw new UsageError(e.message);
      throw e;
    }
    const values = packColumns(m.values);
    let log2: Float64Array;
    let linear: Float64Array;
    if (log2Input) {
      log2 = values;
      linear = values.map((v) => 2 ** v);
    } else {
      linear = values;
      log2 = values.map((v) => { const l = Math.log2(v); return Number.isFinite(l) ? l : NaN; });
    }
    const res = differentialExpression(loadKernelsNode(), { probes: m.probes, log2, linear, nArrays: m.arrays.length, groups }, { method, foldChangeCutoff: cutoff });
    io.out(toJson({
      probes: deRows(res),
      ...(res.prior ? { prior: { s2: res.prior.s2, df: res.prior.df } } : {}),
      method: res.method,
      groups: res.groups,
      foldChangeOnly: res.foldChangeOnly,
      ...(res.foldChangeOnlyReason ? { note: res.foldChangeOnlyReason } : {}),
      foldChangeCutoff: res.foldChangeCutoff,
      up: res.up,
      down: res.down,
    }) + '\n');
  },
};
