import { readFileSync } from 'node:fs';
import { parseGpr } from '../formats/gpr.ts';
import { parseMatrix, formatMatrixCsv } from '../formats/arrays-matrix.ts';
import { InputError } from '../formats/input-error.ts';
import { loadKernelsNode } from '../kernels/load-node.ts';
import { readOutArrays, packColumns, unpackColumns } from '../study/array-preprocess.ts';
import type { CliIO, Opts } from './main.ts';
import { UsageError } from './main.ts';
import { km } from './cmd-km.ts';
import { crosstab } from './cmd-crosstab.ts';
import { compare } from './cmd-compare.ts';
import { cluster } from './cmd-cluster.ts';
import { de } from './cmd-de.ts';
import { enrich } from './cmd-enrich.ts';
import { network } from './cmd-network.ts';
import { report, recipe } from './cmd-report.ts';
import { quantileNormalize } from '../kernels/arrays.ts';

/** A CLI command: its flags (value = one value, list = several, boolean), help and action. */
export interface Command {
  name: string;
  summary: string;
  help: string;
  flags: Record<string, 'value' | 'list' | 'boolean'>;
  required?: Record<string, boolean>;
  run(opts: Opts, io: CliIO): Promise<void>;
}

const one = (o: Opts, k: string): string | undefined => (Array.isArray(o[k]) ? (o[k] as string[]).at(-1) : undefined);
const oneOf = <T extends string>(o: Opts, k: string, allowed: readonly T[], dflt: T): T => {
  const v = one(o, k) ?? dflt;
  if (!(allowed as readonly string[]).includes(v)) throw new UsageError(`--${k} must be one of ${allowed.join(', ')} (got "${v}")`);
  return v as T;
};

/** Reads a file's bytes, turning a missing file into an InputError naming it. */
export function readInput(path: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (e) {
    throw new InputError(path, null, null, (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String((e as Error).message));
  }
}

const json = (io: CliIO, x: unknown) => io.out(JSON.stringify(x, (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v)) + '\n');

const arrays: Command = {
  name: 'arrays',
  summary: 'GenePix GPR files → probe × array matrix CSV (background, flags, replicate averaging)',
  help: [
    'mmdr arrays --gpr FILE… [--channel 532|635|Hy3|Hy5] [--background median|mean|none] [--drop-flagged] [--average-replicates]',
    '',
    'Prints a CSV matrix: a probe id column, then one column per file (NA for missing).',
    'Spot value = F<channel> Median − B<channel> Median (or Mean, or no background); the channel defaults',
    'to 532 nm (Hy3, as in the paper) when the files have it. Spots are matched',
    'across files by Name. Without --average-replicates, each replicate spot is its own row.',
  ].join('\n'),
  flags: { gpr: 'list', channel: 'value', background: 'value', 'drop-flagged': 'boolean', 'average-replicates': 'boolean' },
  required: { gpr: true },
  async run(o, io) {
    const files = (o.gpr as string[]).map((p) => parseGpr(readInput(p), p));
    const background = oneOf(o, 'background', ['median', 'mean', 'none'] as const, 'median');
    // The paper read Hy3 at 532 nm: that is the default when a file has both channels.
    const channel = one(o, 'channel') ?? (files.every((f) => f.wavelengths.includes(532)) ? '532' : null);
    const m = readOutArrays(files, loadKernelsNode(), {
      channel, background, dropFlagged: o['drop-flagged'] === true, averageReplicates: o['average-replicates'] === true,
    });
    io.out(formatMatrixCsv(m.probes, m.arrays.map((a) => a.split('/').pop()!), m.columns));
  },
};

const normalize: Command = {
  name: 'normalize',
  summary: 'normalize a probe × array matrix (paper median rule, limma scale or quantile, or none)',
  help: [
    'mmdr normalize --matrix FILE --method median|scale|quantile|none [--threshold 30] [--log2-input]',
    '',
    'median: the paper\'s rule on linear intensities — probes ≥ threshold in every array set each',
    '        array\'s factor (their median); x / factor · mean(factors).',
    'scale:  limma normalizeBetweenArrays(method="scale") on the values as given.',
    'quantile: limma normalizeBetweenArrays(method="quantile") (normalizeQuantiles, ties = TRUE) on the values as given.',
    '--log2-input: the matrix holds log2 values; median normalization un-logs, normalizes and re-logs.',
    '',
    'Prints {probes, arrays, values (one array per column), factors?, selected?}.',
  ].join('\n'),
  flags: { matrix: 'value', method: 'value', threshold: 'value', 'log2-input': 'boolean' },
  required: { matrix: true, method: true },
  async run(o, io) {
    const path = one(o, 'matrix')!;
    const method = oneOf(o, 'method', ['median', 'scale', 'quantile', 'none'] as const, 'median');
    const threshold = Number(one(o, 'threshold') ?? 30);
    if (!Number.isFinite(threshold)) throw new UsageError('--threshold must be a number');
    const log2 = o['log2-input'] === true;
    const m = parseMatrix(readInput(path), path);
    const nP = m.probes.length, nA = m.arrays.length;
    const k = loadKernelsNode();
    let values = m.values;
    let factors: Float64Array | undefined;
    let selected: number | undefined;
    if (method === 'median') {
      const lin = packColumns(m.values);
      if (log2) for (let i = 0; i < lin.length; i++) lin[i] = 2 ** lin[i];
      const r = k.medianNormalize(lin, nP, nA, threshold);
      if (log2) for (let i = 0; i < r.values.length; i++) r.values[i] = Math.log2(r.values[i]);
      values = unpackColumns(r.values, nP, nA);
      factors = r.factors;
      selected = r.nSelected;
    } else if (method === 'scale') {
      const r = k.scaleNormalizeWithFactors(packColumns(m.values), nP, nA);
      values = unpackColumns(r.values, nP, nA);
      factors = r.factors;
    } else if (method === 'quantile') {
      values = unpackColumns(quantileNormalize(k, packColumns(m.values), nP, nA), nP, nA);
    }
    json(io, {
      probes: m.probes, arrays: m.arrays, values: values.map((c) => Array.from(c)),
      ...(factors ? { factors: Array.from(factors) } : {}), ...(selected !== undefined ? { selected } : {}),
    });
  },
};

/** Every command of the CLI, by name. Later issues add km, crosstab, compare, de, cluster, enrich, network. */
export const COMMANDS: Record<string, Command> = { arrays, normalize, km, cluster, de, enrich, network, crosstab, compare, report, recipe };
