/**
 * The Targets & network view's exportable tables (SPEC §5: every table as CSV and XLSX). Built
 * when exported, so headers and footnotes come out in the export language; numbers stay numbers
 * (full precision in CSV and XLSX). Pure apart from msg().
 */
import { msg, str } from '@lit/localize';
import type { ExportTable } from '../../export/table.ts';
import type { EnrichmentResult } from '../../stats/enrichment.ts';
import type { SynergyNetwork, TargetGene } from '../../stats/mirna-network.ts';
import { intlLocale } from '../../i18n/localization.ts';
import { fmtInt } from './format.ts';

/** What the footnotes say about the run. */
export interface TablesContext {
  /** The selection as a phrase ("88 miRNAs down-regulated …"). */
  selection: string;
  targetsName: string;
  gmtName: string | null;
  minSize: number;
  maxSize: number;
}

/** Over-representation per gene set. */
export function enrichmentTable(r: EnrichmentResult, cx: TablesContext): ExportTable {
  return {
    title: msg('Over-representation of miRNA targets in gene sets', { id: 'targets.table.enrichTitle' }),
    columns: [
      msg('Gene set', { id: 'targets.col.set' }), msg('Description', { id: 'targets.col.description' }),
      msg('Set size', { id: 'targets.col.size' }), msg('Overlap', { id: 'targets.col.overlap' }),
      msg('Expected', { id: 'targets.col.expected' }), msg('Fold enrichment', { id: 'targets.col.fold' }),
      msg('p', { id: 'targets.col.p' }), msg('FDR (BH)', { id: 'targets.col.fdr' }), msg('Genes', { id: 'targets.col.genes' }),
    ],
    rows: r.sets.map((s) => [s.name, s.description, s.size, s.overlap, s.expected, Number.isFinite(s.foldEnrichment) ? s.foldEnrichment : null, s.p, s.fdr, s.genes.join(' ')]),
    footnotes: [
      msg(str`Selection: ${cx.selection}. Targets from ${cx.targetsName}; gene sets from ${cx.gmtName ?? ''}.`, { id: 'targets.foot.selection' }),
      methodsEnrichment(r, cx),
    ],
  };
}

/** The methods sentence of the enrichment (also under the table on screen). */
export function methodsEnrichment(r: EnrichmentResult, cx: Pick<TablesContext, 'minSize' | 'maxSize'>): string {
  const loc = intlLocale();
  const [u, t, n, lo, hi, k] = [r.universe, r.targets, r.sets.length, cx.minSize, cx.maxSize, r.skipped.length].map((x) => fmtInt(x, loc));
  return msg(str`Hypergeometric test: p = phyper(overlap − 1, set size, universe − set size, targets, lower.tail = FALSE) with a universe of ${u} genes (genes of the target table that are in some gene set) and ${t} target genes in it; FDR by Benjamini–Hochberg over the ${n} sets tested (sets of ${lo}–${hi} genes in the universe; ${k} others not tested). Set size = genes of the set in the universe; expected = set size × targets / universe.`, { id: 'targets.foot.methods' });
}

/** Target genes of the selected miRNAs with their supporting miRNAs. */
export function targetGenesTable(genes: readonly TargetGene[], cx: TablesContext): ExportTable {
  return {
    title: msg('Target genes of the selected miRNAs', { id: 'targets.table.genesTitle' }),
    columns: [
      msg('Gene', { id: 'targets.col.gene' }), msg('Supporting miRNAs', { id: 'targets.col.nMirnas' }),
      msg('miRNAs', { id: 'targets.col.mirnas' }), msg('Highest score', { id: 'targets.col.maxScore' }),
    ],
    rows: genes.map((g) => [g.gene, g.mirnas.length, g.mirnas.join(' '), g.maxScore]),
    footnotes: [msg(str`Selection: ${cx.selection}. Targets from ${cx.targetsName}.`, { id: 'targets.foot.genes' })],
  };
}

/** Edges of the miRNA–miRNA synergy network. */
export function synergyTable(net: SynergyNetwork, cx: TablesContext & { filter: string }): ExportTable {
  const targets = new Map(net.nodes.map((n) => [n.id, n.targets]));
  return {
    title: msg('miRNA pairs sharing more targets than chance', { id: 'targets.table.synergyTitle' }),
    columns: [
      msg('miRNA A', { id: 'targets.col.mirnaA' }), msg('miRNA B', { id: 'targets.col.mirnaB' }),
      msg('Shared targets', { id: 'targets.col.shared' }), msg('Targets of A', { id: 'targets.col.targetsA' }),
      msg('Targets of B', { id: 'targets.col.targetsB' }), msg('p', { id: 'targets.col.p' }), msg('FDR (BH)', { id: 'targets.col.fdr' }),
    ],
    rows: net.edges.map((e) => [e.a, e.b, e.shared, targets.get(e.a) ?? null, targets.get(e.b) ?? null, e.p, e.fdr]),
    footnotes: [
      msg(str`Selection: ${cx.selection}. Targets from ${cx.targetsName}.`, { id: 'targets.foot.genes' }),
      msg(str`p = phyper(shared − 1, |A|, N − |A|, |B|, lower.tail = FALSE) with N = ${fmtInt(net.universe, intlLocale())} target genes in the table; FDR by Benjamini–Hochberg over all ${fmtInt(net.tested, intlLocale())} pairs; ${cx.filter}.`, { id: 'targets.foot.synergy' }),
    ],
  };
}
