/**
 * `mmdr network`: the miRNA–miRNA synergy graph of a list of miRNAs (SPEC §6): pairs that share
 * more targets than chance. Output field names are a contract.
 */
import { synergyNetwork } from '../stats/mirna-network.ts';
import { MirnaUniverse } from '../study/mirna-names.ts';
import type { Command } from './commands.ts';
import { mirnasFromFlags, nameOptionsFromFlags, readTargetsFromFlags, TARGET_FLAGS, TARGET_HELP, toJson, unmatchedJson } from './cmd-enrich.ts';
import { UsageError, type Opts } from './main.ts';

const one = (o: Opts, k: string): string | undefined => (Array.isArray(o[k]) ? (o[k] as string[]).at(-1) : undefined);

/** The `mmdr network` command (SPEC §6). */
export const network: Command = {
  name: 'network',
  summary: 'miRNA–miRNA synergy network: pairs sharing more targets than chance (hypergeometric)',
  help: [
    'mmdr network --targets FILE --mirnas LIST [--min-score X] [--max-p 0.05] [--adjust none|bh] [--min-shared 1]',
    '',
    'For each pair of the miRNAs: shared = targets in common; p = phyper(shared - 1, |A|, N - |A|, |B|,',
    'lower.tail = FALSE) with N the distinct target genes of the table; fdr = p.adjust(p, "BH") over all',
    'pairs. Edges with shared >= min-shared and p (or fdr with --adjust bh) <= max-p are kept, most shared first.',
    '',
    ...TARGET_HELP,
    '--max-p P           edge threshold (default 0.05);  --adjust none|bh   on p (default) or on the BH FDR',
    '--min-shared N      fewest shared targets for an edge (default 1)',
    '',
    'Prints {nodes[] (the miRNAs found in the table),edges:[{a,b,shared,p,fdr}],universe,unmatched[]}.',
  ].join('\n'),
  flags: { ...TARGET_FLAGS, 'max-p': 'value', adjust: 'value', 'min-shared': 'value' },
  required: { targets: true, mirnas: true },
  async run(o, io) {
    const maxP = Number(one(o, 'max-p') ?? 0.05);
    if (!Number.isFinite(maxP) || maxP < 0) throw new UsageError('--max-p must be a number >= 0');
    const adjustText = (one(o, 'adjust') ?? 'none').toLowerCase();
    if (adjustText !== 'none' && adjustText !== 'bh') throw new UsageError(`--adjust must be none or bh (got "${adjustText}")`);
    const minShared = Number(one(o, 'min-shared') ?? 1);
    if (!Number.isInteger(minShared) || minShared < 0) throw new UsageError('--min-shared must be a whole number');
    const names = mirnasFromFlags(o);
    const nameOpts = nameOptionsFromFlags(o);
    const table = readTargetsFromFlags(o);
    const matched = new MirnaUniverse(new Set(table.pairs.map((p) => p.mirna)), nameOpts.species).matchAll(names, nameOpts);
    if (matched.names.length === 0) {
      throw new Error(`none of the ${names.length} miRNAs is in ${table.fileName} (for example "${names[0]}")`);
    }
    const net = synergyNetwork(table.pairs, matched.names, { maxP, adjust: adjustText === 'bh' ? 'BH' : 'none', minShared });
    io.out(toJson({
      nodes: net.nodes.map((n) => n.id),
      edges: net.edges.map((e) => ({ a: e.a, b: e.b, shared: e.shared, p: e.p, fdr: e.fdr })),
      universe: net.universe,
      unmatched: unmatchedJson(matched.unmatched),
    }) + '\n');
  },
};
