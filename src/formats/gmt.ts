/**
 * GMT gene-set files (Broad/MSigDB format; GO, KEGG, Reactome and Hallmark exports): one set per
 * line, tab-separated: set name, a description or URL, then the genes.
 *
 * What real files do and what happens to it: CRLF or CR line ends and a BOM (decoded as any text
 * file); blank lines (counted, skipped); trailing tabs and blank gene cells (ignored); a gene listed
 * twice in one set (kept once, reported); a set name used twice (the later set is renamed NAME_2,
 * or dropped when its genes are the same, reported); a set with no genes (dropped, reported); gene
 * names that Excel turned into dates (SEPT2 → "2-Sep") (kept, flagged with their lines). A
 * non-blank line without a tab is not GMT: an InputError naming the file and line.
 *
 * Mirrors what `GSEABase::getGmt()` / `clusterProfiler::read.gmt()` read, with the report they do
 * not give.
 */
import { msg, str } from '@lit/localize';
import { InputError } from './input-error.ts';
import { decodeText, type EncodingChoice, type TextEncodingName } from './text-decode.ts';
import { excelMangledCandidates, type MangledGene } from './targets.ts';

/** One gene set. */
export interface GeneSet {
  /** Set name (unique within the file; see report.renamedSets). */
  name: string;
  /** Second field: a description or a URL (may be empty). */
  description: string;
  /** Distinct genes in file order. */
  genes: string[];
  /** 1-based line of the set. */
  line: number;
}

/** A gene listed more than once in a set. */
export interface DuplicateGene {
  line: number;
  set: string;
  gene: string;
  /** Times listed. */
  count: number;
}

/** What {@link readGmt} understood. */
export interface GmtReport {
  /** Sets kept. */
  sets: number;
  /** Distinct genes over all sets. */
  genes: number;
  /** Smallest and largest set (genes); 0 when there are no sets. */
  minSize: number;
  maxSize: number;
  /** Blank lines skipped. */
  emptyLines: number;
  /** Genes repeated within a set (kept once). */
  duplicateGenes: DuplicateGene[];
  /** Sets whose name was already used: renamed (different genes) or dropped (same genes). */
  duplicateSets: { line: number; name: string; firstLine: number; renamedTo: string | null }[];
  /** Lines of sets with no genes (dropped). */
  emptySets: { line: number; name: string }[];
  /** Gene names that look Excel-mangled, with the set they are in. */
  mangledGenes: (MangledGene & { set: string })[];
  /** Localized notes for the import report. */
  notes: string[];
}

/** A GMT file. */
export interface GmtFile {
  fileName: string;
  encoding: TextEncodingName;
  sets: GeneSet[];
  report: GmtReport;
}

/** Options for {@link readGmt}. */
export interface GmtOptions {
  encoding?: EncodingChoice;
}

/**
 * Reads a GMT file into gene sets with an import report, as `clusterProfiler::read.gmt()` (or
 * `GSEABase::getGmt()`) reads it. Throws InputError for a line that has no tab (file, line,
 * column 1) and for a file with no gene set.
 */
export function readGmt(bytes: Uint8Array, fileName: string, opts: GmtOptions = {}): GmtFile {
  const decoded = decodeText(bytes, fileName, opts.encoding ?? 'auto');
  const lines = decoded.text.split(/\r\n|\n|\r/);
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  const report: GmtReport = {
    sets: 0, genes: 0, minSize: 0, maxSize: 0, emptyLines: 0, duplicateGenes: [], duplicateSets: [], emptySets: [], mangledGenes: [], notes: [],
  };
  const sets: GeneSet[] = [];
  const byName = new Map<string, GeneSet>();
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const text = lines[i];
    if (text.trim() === '') {
      report.emptyLines++;
      continue;
    }
    if (!text.includes('\t')) {
      throw new InputError(fileName, lineNo, 1, msg('this line has no tab: a GMT line is a set name, a description and genes, separated by tabs', { id: 'gmt.noTab' }));
    }
    const cells = text.split('\t').map((c) => c.trim());
    const name = cells[0];
    if (name === '') throw new InputError(fileName, lineNo, 1, msg('the gene set has no name', { id: 'gmt.noName' }));
    const description = cells[1] ?? '';
    const counts = new Map<string, number>();
    const genes: string[] = [];
    for (let c = 2; c < cells.length; c++) {
      const g = cells[c];
      if (g === '') continue;
      const n = counts.get(g) ?? 0;
      counts.set(g, n + 1);
      if (n === 0) {
        genes.push(g);
        const mangled = excelMangledCandidates(g);
        if (mangled) report.mangledGenes.push({ line: lineNo, column: c + 1, text: g, candidates: mangled, set: name });
      }
    }
    for (const [gene, count] of counts) if (count > 1) report.duplicateGenes.push({ line: lineNo, set: name, gene, count });
    if (genes.length === 0) {
      report.emptySets.push({ line: lineNo, name });
      continue;
    }
    const first = byName.get(name);
    if (first) {
      const same = first.genes.length === genes.length && sameMembers(first.genes, genes);
      let renamed: string | null = null;
      if (!same) {
        let k = 2;
        while (byName.has(`${name}_${k}`)) k++;
        renamed = `${name}_${k}`;
      }
      report.duplicateSets.push({ line: lineNo, name, firstLine: first.line, renamedTo: renamed });
      if (renamed === null) continue;
      const set = { name: renamed, description, genes, line: lineNo };
      byName.set(renamed, set);
      sets.push(set);
      continue;
    }
    const set = { name, description, genes, line: lineNo };
    byName.set(name, set);
    sets.push(set);
  }
  if (sets.length === 0) {
    throw new InputError(fileName, null, null, msg('the file has no gene set with genes', { id: 'gmt.noSets' }));
  }
  const all = new Set<string>();
  let min = Infinity;
  let max = 0;
  for (const s of sets) {
    for (const g of s.genes) all.add(g);
    min = Math.min(min, s.genes.length);
    max = Math.max(max, s.genes.length);
  }
  report.sets = sets.length;
  report.genes = all.size;
  report.minSize = min;
  report.maxSize = max;
  if (report.mangledGenes.length) {
    const m = report.mangledGenes[0];
    report.notes.push(msg(str`${report.mangledGenes.length} gene names look like dates or numbers made by a spreadsheet (e.g. "${m.text}" on line ${m.line}, set ${m.set})`, { id: 'gmt.note.mangled' }));
  }
  if (report.duplicateGenes.length) {
    report.notes.push(msg(str`${report.duplicateGenes.length} genes are listed twice in the same set; each is counted once`, { id: 'gmt.note.duplicateGenes' }));
  }
  for (const d of report.duplicateSets) {
    report.notes.push(d.renamedTo
      ? msg(str`line ${d.line}: the set name ${d.name} is already used on line ${d.firstLine}; this set is called ${d.renamedTo}`, { id: 'gmt.note.renamedSet' })
      : msg(str`line ${d.line}: the set ${d.name} repeats line ${d.firstLine} with the same genes; it is read once`, { id: 'gmt.note.repeatedSet' }));
  }
  if (report.emptySets.length) {
    report.notes.push(msg(str`${report.emptySets.length} sets have no genes and are left out (first on line ${report.emptySets[0].line})`, { id: 'gmt.note.emptySets' }));
  }
  return { fileName, encoding: decoded.encoding, sets, report };
}

function sameMembers(a: readonly string[], b: readonly string[]): boolean {
  const s = new Set(a);
  return b.every((g) => s.has(g));
}
