/**
 * `mmdr enrich`: over-representation of the targets of a list of miRNAs in the gene sets of a GMT
 * file (SPEC §6). Output field names are a contract; `null` wherever R prints NA.
 * Also the target-table and miRNA-list options shared with `mmdr network` (cmd-network.ts).
 */
import { readFileSync } from 'node:fs';
import { readGmt } from '../formats/gmt.ts';
import { InputError } from '../formats/input-error.ts';
import { readTargetTable, type ColumnRef, type TargetTable } from '../formats/targets.ts';
import { enrichMirnaTargets } from '../stats/enrichment.ts';
import { splitMirnaList, type MirnaNameOptions, type MirnaUnmatched } from '../study/mirna-names.ts';
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

/** JSON with every non-finite number as null (R's NA). */
export const toJson = (x: unknown): string => JSON.stringify(x, (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v));

function numberFlag(o: Opts, k: string): number | null {
  const v = one(o, k);
  if (v === undefined) return null;
  const x = Number(v);
  if (v.trim() === '' || !Number.isFinite(x)) throw new UsageError(`--${k} must be a number (got "${v}")`);
  return x;
}

function columnFlag(o: Opts, k: string): ColumnRef | undefined {
  const v = one(o, k);
  if (v === undefined) return undefined;
  return /^\d+$/.test(v) ? Number(v) : v;
}

/** Flags of the target table and the miRNA list, shared by enrich and network. */
export const TARGET_FLAGS = {
  targets: 'value', mirnas: 'list', 'min-score': 'value', 'max-score': 'value', 'mirna-column': 'value',
  'gene-column': 'value', 'score-column': 'value', header: 'value', species: 'value', 'prefer-arm': 'value',
} as const;

/** Help lines for {@link TARGET_FLAGS}. */
export const TARGET_HELP = [
  '--targets FILE      miRNA–target table, CSV or TSV, header or not (roles detected: miRNA, gene, score)',
  '--mirnas LIST       miRNA names separated by commas or spaces, or @FILE for a list in a file;',
  '                    names are matched to the table (hsa- prefix, case, -5p/-3p arms, old * names)',
  '--min-score X       keep pairs with score >= X (pairs without a score are then dropped)',
  '--max-score X       keep pairs with score <= X (for scores where lower is better)',
  '--mirna-column C, --gene-column C, --score-column C|none   choose the columns (1-based number or header name)',
  '--header yes|no     whether the first row is a header (default: detected)',
  '--species hsa       prefix for names without one;  --prefer-arm 5p|3p   arm meant by an arm-less name',
];

/** Reads --targets with the column and cut-off flags. */
export function readTargetsFromFlags(o: Opts): TargetTable {
  const path = one(o, 'targets')!;
  const scoreText = one(o, 'score-column');
  const header = one(o, 'header');
  if (header !== undefined && !['yes', 'no', 'auto'].includes(header)) throw new UsageError(`--header must be yes, no or auto (got "${header}")`);
  return readTargetTable(readFile(path), path, {
    header: header === 'yes' ? true : header === 'no' ? false : 'auto',
    columns: {
      mirna: columnFlag(o, 'mirna-column'),
      gene: columnFlag(o, 'gene-column'),
      score: scoreText === 'none' ? null : columnFlag(o, 'score-column'),
    },
    minScore: numberFlag(o, 'min-score'),
    maxScore: numberFlag(o, 'max-score'),
  });
}

/** The miRNA names of --mirnas (comma/space separated values, or @FILE). */
export function mirnasFromFlags(o: Opts): string[] {
  const out: string[] = [];
  for (const v of (o.mirnas as string[] | undefined) ?? []) {
    if (v.startsWith('@')) {
      const path = v.slice(1);
      out.push(...splitMirnaList(new TextDecoder().decode(readFile(path))));
    } else out.push(...splitMirnaList(v));
  }
  if (out.length === 0) throw new UsageError('--mirnas needs at least one miRNA name');
  return out;
}

/** --species and --prefer-arm. */
export function nameOptionsFromFlags(o: Opts): MirnaNameOptions {
  const arm = one(o, 'prefer-arm');
  if (arm !== undefined && arm !== '5p' && arm !== '3p') throw new UsageError(`--prefer-arm must be 5p or 3p (got "${arm}")`);
  return { species: one(o, 'species') ?? 'hsa', preferArm: (arm as '5p' | '3p' | undefined) ?? null };
}

/** Unmatched names as printed: {input, reason, candidates}. */
export const unmatchedJson = (u: readonly MirnaUnmatched[]) => u.map((x) => ({ input: x.input, reason: x.reason, candidates: x.candidates }));

/** The `mmdr enrich` command (SPEC §6). */
export const enrich: Command = {
  name: 'enrich',
  summary: 'targets of miRNAs over-represented in gene sets (hypergeometric p, BH FDR)',
  help: [
    'mmdr enrich --targets FILE --gmt FILE --mirnas LIST [--min-score X] [--min-size 5] [--max-size 500]',
    '',
    'Universe = genes of the target table that are in some set of the GMT file; targets = genes targeted by',
    'the miRNAs, in the universe. For each set with min-size <= size <= max-size genes in the universe:',
    'p = phyper(overlap - 1, size, universe - size, targets, lower.tail = FALSE); fdr = p.adjust(p, "BH")',
    'over the sets tested. Sets are listed by p.',
    '',
    ...TARGET_HELP,
    '--gmt FILE          gene sets (GMT: name, description, genes, tab-separated)',
    '--min-size N, --max-size N   sizes of the sets tested (default 5 and 500)',
    '',
    'Prints {universe,targets,sets:[{name,size,overlap,expected,foldEnrichment,p,fdr,genes[]}],unmatched[]}.',
  ].join('\n'),
  flags: { ...TARGET_FLAGS, gmt: 'value', 'min-size': 'value', 'max-size': 'value' },
  required: { targets: true, gmt: true, mirnas: true },
  async run(o, io) {
    const minSize = numberFlag(o, 'min-size') ?? 5;
    const maxSize = numberFlag(o, 'max-size') ?? 500;
    if (!Number.isInteger(minSize) || !Number.isInteger(maxSize) || minSize < 0 || maxSize < minSize) {
      throw new UsageError('--min-size and --max-size must be whole numbers with min-size <= max-size');
    }
    const names = mirnasFromFlags(o);
    const nameOpts = nameOptionsFromFlags(o);
    const table = readTargetsFromFlags(o);
    const gmtPath = one(o, 'gmt')!;
    const gmt = readGmt(readFile(gmtPath), gmtPath);
    const r = enrichMirnaTargets(table.pairs, gmt.sets, names, { ...nameOpts, minSize, maxSize });
    if (r.mirnas.names.length === 0) {
      throw new Error(`none of the ${names.length} miRNAs is in ${table.fileName} (for example "${names[0]}")`);
    }
    io.out(toJson({
      universe: r.universe,
      targets: r.targets,
      sets: r.sets.map((s) => ({
        name: s.name, size: s.size, overlap: s.overlap, expected: s.expected, foldEnrichment: s.foldEnrichment,
        p: s.p, fdr: s.fdr, genes: s.genes,
      })),
      unmatched: unmatchedJson(r.mirnas.unmatched),
    }) + '\n');
  },
};
