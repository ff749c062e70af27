/**
 * Over-representation analysis of miRNA targets in gene sets (SPEC §4 "Targets and pathways").
 *
 * - universe U = the genes of the target table ∩ the genes of all the gene sets of the file;
 * - targets T = the genes the selected miRNAs target, ∩ U;
 * - per set S: size = |S ∩ U|, sets outside [minSize, maxSize] (default 5–500) are not tested;
 *   overlap = |S ∩ T|, expected = size·|T|/|U|, fold enrichment = overlap / expected,
 *   p = P(X ≥ overlap), X ~ Hypergeometric(size, |U| − size, |T|) =
 *   `phyper(overlap - 1, size, |U| - size, |T|, lower.tail = FALSE)`;
 *   fdr = `p.adjust(p, method = "BH")` over the sets tested.
 * This is what `clusterProfiler::enricher(gene, universe, TERM2GENE, minGSSize, maxGSSize,
 * pvalueCutoff = 1, qvalueCutoff = 1)` computes (its universe is likewise intersected with the
 * sets' genes), and GOstats' hyperGTest.
 *
 * Genes are matched without regard to case by default (a GMT in upper case and a table in mixed
 * case still meet); names come back as the target table writes them.
 */
import type { GeneSet } from '../formats/gmt.ts';
import type { TargetPair } from '../formats/targets.ts';
import { MirnaUniverse, type MirnaMatchResult, type MirnaNameOptions } from '../study/mirna-names.ts';
import { logUpperTail } from './hypergeom.ts';
import { targetsOfMirnas, type TargetGene } from './mirna-network.ts';
import { pAdjustBH } from './p-adjust.ts';

/** What {@link overRepresentation} needs of a gene set (a GMT set fits). */
export interface GeneSetLike {
  name: string;
  genes: readonly string[];
  description?: string;
}

/** Options for {@link overRepresentation}. */
export interface EnrichmentOptions {
  /** Smallest set size (genes in the universe) tested; default 5. */
  minSize?: number;
  /** Largest set size tested; default 500. */
  maxSize?: number;
  /** Compare gene names with case (default false). */
  caseSensitive?: boolean;
}

/** One tested gene set. */
export interface EnrichedSet {
  name: string;
  description: string;
  /** Genes of the set in the universe. */
  size: number;
  /** Target genes in the set. */
  overlap: number;
  /** size · targets / universe. */
  expected: number;
  /** overlap / expected (NaN when nothing is expected). */
  foldEnrichment: number;
  /** phyper(overlap - 1, size, universe - size, targets, lower.tail = FALSE). */
  p: number;
  /** Natural log of p (finite where p underflows to 0). */
  logP: number;
  /** BH FDR over the sets tested. */
  fdr: number;
  /** The overlapping genes (target-table spelling), sorted. */
  genes: string[];
}

/** A set that was not tested, and why. */
export interface SkippedSet {
  name: string;
  /** Genes of the set in the universe. */
  size: number;
  reason: 'too-small' | 'too-large';
}

/** Result of {@link overRepresentation}. */
export interface EnrichmentResult {
  /** |U|: genes of the table that are in some gene set. */
  universe: number;
  /** |T|: target genes in the universe. */
  targets: number;
  /** Target genes that are in no gene set (not counted in `targets`). */
  targetsOutsideUniverse: number;
  /** Tested sets, smallest p first (ties by name). */
  sets: EnrichedSet[];
  /** Sets not tested. */
  skipped: SkippedSet[];
}

/**
 * Hypergeometric over-representation of `targetGenes` in each gene set, over the universe of
 * `tableGenes` ∩ the sets' genes (see the module comment). Mirrors clusterProfiler's `enricher`
 * with R's `phyper(..., lower.tail = FALSE)` and `p.adjust(method = "BH")`.
 */
export function overRepresentation(
  tableGenes: Iterable<string>,
  targetGenes: Iterable<string>,
  sets: readonly GeneSetLike[],
  opts: EnrichmentOptions = {},
): EnrichmentResult {
  const minSize = opts.minSize ?? 5;
  const maxSize = opts.maxSize ?? 500;
  const key = opts.caseSensitive ? (g: string) => g : (g: string) => g.toUpperCase();
  const display = new Map<string, string>();
  for (const g of tableGenes) {
    const k = key(g);
    if (!display.has(k)) display.set(k, g);
  }
  const inSets = new Set<string>();
  for (const s of sets) for (const g of s.genes) inSets.add(key(g));
  const universe = new Set<string>();
  for (const k of display.keys()) if (inSets.has(k)) universe.add(k);
  const targets = new Set<string>();
  let outside = 0;
  const seenTargets = new Set<string>();
  for (const g of targetGenes) {
    const k = key(g);
    if (seenTargets.has(k)) continue;
    seenTargets.add(k);
    if (universe.has(k)) targets.add(k);
    else outside++;
  }
  const U = universe.size;
  const T = targets.size;
  const tested: Omit<EnrichedSet, 'fdr'>[] = [];
  const skipped: SkippedSet[] = [];
  for (const s of sets) {
    const members = new Set<string>();
    for (const g of s.genes) {
      const k = key(g);
      if (universe.has(k)) members.add(k);
    }
    const size = members.size;
    if (size < minSize || size > maxSize) {
      skipped.push({ name: s.name, size, reason: size < minSize ? 'too-small' : 'too-large' });
      continue;
    }
    const hits: string[] = [];
    for (const k of members) if (targets.has(k)) hits.push(display.get(k) ?? k);
    hits.sort();
    const overlap = hits.length;
    const expected = U > 0 ? (size * T) / U : NaN;
    const logP = logUpperTail(overlap, size, U - size, T);
    tested.push({
      name: s.name, description: s.description ?? '', size, overlap, expected,
      foldEnrichment: expected > 0 ? overlap / expected : NaN, p: Math.exp(logP), logP, genes: hits,
    });
  }
  const fdr = pAdjustBH(tested.map((s) => s.p));
  const out: EnrichedSet[] = tested.map((s, i) => ({ ...s, fdr: fdr[i] }));
  out.sort((a, b) => a.logP - b.logP || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { universe: U, targets: T, targetsOutsideUniverse: outside, sets: out, skipped };
}

/** Result of {@link enrichMirnaTargets}: the enrichment plus how the miRNAs were matched and their targets. */
export interface MirnaEnrichment extends EnrichmentResult {
  /** How the given names matched the table's miRNAs (matched and unmatched lists). */
  mirnas: MirnaMatchResult;
  /** Target genes of the matched miRNAs, with their supporting miRNAs (all of them, in the universe or not). */
  targetGenes: TargetGene[];
}

/**
 * The whole step for a list of miRNA names as a user gives them (the DE list, a heatmap cluster,
 * a pasted list): names matched to the table (src/study/mirna-names.ts), their targets collected,
 * then {@link overRepresentation} over the table's genes and the sets.
 */
export function enrichMirnaTargets(
  pairs: readonly TargetPair[],
  sets: readonly GeneSet[],
  mirnas: Iterable<string>,
  opts: EnrichmentOptions & MirnaNameOptions = {},
): MirnaEnrichment {
  const names = new MirnaUniverse(new Set(pairs.map((p) => p.mirna)), opts.species ?? 'hsa');
  const matched = names.matchAll(mirnas, opts);
  const targetGenes = targetsOfMirnas(pairs, matched.names);
  const tableGenes = new Set(pairs.map((p) => p.gene));
  const r = overRepresentation(tableGenes, targetGenes.map((t) => t.gene), sets, opts);
  return { ...r, mirnas: matched, targetGenes };
}
