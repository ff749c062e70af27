/**
 * miRNA–target tables (SPEC §2 "Targets and gene sets"): exports of miRTarBase, TargetScan, miRDB,
 * MIRZA-G or a lab's own list, as CSV or TSV, with or without a header row.
 *
 * Three column roles: the miRNA, the target gene (symbol, Entrez id, Ensembl or RefSeq id) and an
 * optional score. Roles are detected (header names first, then content: the column whose cells look
 * like miRNA names, a gene column of symbols or whole-number ids, the first numeric column after
 * that as the score) and can be overridden. The file has a header when the first row's cell in the
 * miRNA column is not a miRNA name. A score cut-off keeps pairs with score ≥ minScore (and/or
 * ≤ maxScore, for scores where lower is better such as TargetScan's context++); a missing score
 * (NaN, NA, empty) passes when no cut-off is set and is dropped when one is.
 *
 * Nothing is silently lost: the report counts rows read, pairs kept, distinct miRNAs and genes, and
 * every dropped row with its reason and line; gene names that Excel turned into dates (SEPT2 →
 * "2-Sep", MARCH1 → "1-Mar", DEC1 → "1-Dec") or numbers (2310009E13 → "2.31E+13") are flagged with
 * their lines and the symbols they probably were. Bad input (an unreadable score, no miRNA column)
 * is an InputError naming the file, line and column.
 *
 * No R function reads these files; the counts match `read.delim(header = …)` followed by
 * `unique()` on (miRNA, gene) and `subset(score >= cut)`.
 */
import { msg, str } from '@lit/localize';
import { InputError } from './input-error.ts';
import { isMissingCell, parseNumberCell, readDelimited, type Delimiter } from './delimited.ts';
import type { EncodingChoice, TextEncodingName } from './text-decode.ts';
import { looksLikeMirna } from '../study/mirna-names.ts';

/** A column given by 1-based position or by header name. */
export type ColumnRef = number | string;

/** Options for {@link readTargetTable}. */
export interface TargetTableOptions {
  /** Text encoding (default 'auto'). */
  encoding?: EncodingChoice;
  /** Field delimiter (default 'auto': sniffed). */
  delimiter?: Delimiter | 'auto';
  /** First row is a header: true, false or 'auto' (default: detected from the miRNA column). */
  header?: boolean | 'auto';
  /** Column roles chosen by the user (1-based position or header name); score null = no score. */
  columns?: { mirna?: ColumnRef; gene?: ColumnRef; score?: ColumnRef | null };
  /** Keep pairs with score ≥ minScore (missing scores are then dropped). */
  minScore?: number | null;
  /** Keep pairs with score ≤ maxScore (for scores where lower is better). */
  maxScore?: number | null;
}

/** One kept miRNA–target pair. */
export interface TargetPair {
  /** miRNA as written in the file (trimmed). */
  mirna: string;
  /** Gene symbol or id as written in the file (trimmed). */
  gene: string;
  /** Score, or null without a score column or for a missing score. For a repeated pair: the largest. */
  score: number | null;
  /** 1-based line of the pair's first row. */
  line: number;
}

/** Why a row was not kept. */
export type TargetDropReason = 'no-mirna' | 'no-gene' | 'no-score' | 'below-cutoff' | 'above-cutoff' | 'duplicate';

/** Rows dropped for one reason: how many, and the lines of the first {@link MAX_LISTED_LINES}. */
export interface DroppedRows {
  reason: TargetDropReason;
  count: number;
  lines: number[];
}

/** A gene name that looks like Excel's date or number conversion of a symbol. */
export interface MangledGene {
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  column: number;
  /** The text as found. */
  text: string;
  /** The symbols it probably was (old and current HGNC names), most likely first. */
  candidates: string[];
}

/** Kind of gene identifiers in the gene column. */
export type GeneIdType = 'symbol' | 'entrez' | 'ensembl' | 'refseq' | 'mixed';

/** What {@link readTargetTable} understood. */
export interface TargetTableReport {
  /** Data rows read (header and blank lines not counted). */
  rowsRead: number;
  /** Distinct (miRNA, gene) pairs kept. */
  pairsKept: number;
  /** Distinct miRNAs among the kept pairs. */
  mirnas: number;
  /** Distinct genes among the kept pairs. */
  genes: number;
  /** Rows not kept, by reason (only reasons that occurred). */
  dropped: DroppedRows[];
  /** Kept rows whose score cell is missing (NaN, NA, empty); 0 without a score column. */
  missingScores: number;
  /** Missing cells (NaN, NA, empty, …) per column (0-based), over all data rows. */
  missingByColumn: number[];
  /** Gene names that look Excel-mangled (all of them, with lines). */
  mangledGenes: MangledGene[];
  /** Rows whose miRNA cell does not look like a miRNA name (kept; first lines). */
  oddMirnaLines: number[];
  /** Kind of gene ids. */
  geneIdType: GeneIdType;
  /** Localized notes for the import report. */
  notes: string[];
}

/** A miRNA–target table. */
export interface TargetTable {
  fileName: string;
  encoding: TextEncodingName;
  delimiter: Delimiter;
  /** The first row was a header. */
  hasHeader: boolean;
  /** Column names: the header's, or V1, V2, … */
  columnNames: string[];
  /** Column roles used (0-based); score null when there is no score column. */
  roles: { mirna: number; gene: number; score: number | null };
  /** Which roles were detected rather than given. */
  detected: { mirna: boolean; gene: boolean; score: boolean; header: boolean };
  /** Distinct pairs in file order. */
  pairs: TargetPair[];
  report: TargetTableReport;
}

/** At most this many lines are listed per drop reason (counts are always complete). */
export const MAX_LISTED_LINES = 200;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * The symbols a gene name could have been before a spreadsheet turned it into a date or a number
 * ("2-Sep" → SEPTIN2/SEPT2, "1-Mar" → MARCHF1/MARCH1/MTARC1/MARC1, "1-Dec" → DELEC1/DEC1,
 * "Sep-02", "2.31E+13"), or null when it does not look mangled (Ziemann, Eren & El-Osta 2016).
 * No R function does this; the HGNC renames (SEPTIN, MARCHF) are what `HGNChelper::checkGeneSymbols`
 * would suggest.
 */
export function excelMangledCandidates(text: string): string[] | null {
  const s = text.trim();
  let m = /^(\d{1,2})-([A-Za-z]{3})$/.exec(s);
  let day: number | null = null;
  let mon = '';
  if (m) {
    day = Number(m[1]);
    mon = m[2].toLowerCase();
  } else if ((m = /^([A-Za-z]{3})-(\d{1,2})$/.exec(s))) {
    day = Number(m[2]);
    mon = m[1].toLowerCase();
  }
  if (day !== null && MONTHS.includes(mon) && day >= 1 && day <= 31) {
    const d = String(day);
    switch (mon) {
      case 'sep': return day === 15 ? ['SELENOF', 'SEP15', 'SEPTIN15'] : [`SEPTIN${d}`, `SEPT${d}`];
      case 'mar': return day <= 2 ? [`MARCHF${d}`, `MARCH${d}`, `MTARC${d}`, `MARC${d}`] : [`MARCHF${d}`, `MARCH${d}`];
      case 'dec': return day === 1 ? ['DELEC1', 'DEC1'] : [`DEC${d}`];
      case 'oct': return [`OCT${d}`];
      case 'apr': return [`APR${d}`];
      case 'feb': return [`FEB${d}`];
      case 'nov': return [`NOV${d}`];
      default: return [`${mon.toUpperCase()}${d}`];
    }
  }
  // RIKEN-style clone names read as numbers: 2310009E13 → 2.31E+13
  if (/^\d(?:\.\d+)?E\+\d{1,3}$/i.test(s)) return [];
  return null;
}

/** Header words for each role (lower case, compared after removing non-letters). */
const HEADER_MIRNA = /^(mirna|mir|micro ?rna|mature ?mirna|mirna ?name|mirna ?id|representative ?mirna|mirbase ?id|mature ?name|mirnas)$/;
const HEADER_GENE_SYMBOL = /(symbol|^gene$|^genes$|^target$|^target ?gene$|^targets$|^gene ?name$|^mrna$)/;
const HEADER_GENE_ID = /(entrez|gene ?id|geneid|ensembl|refseq|transcript)/;
const HEADER_SCORE = /(score|context|prob|weight|pct|energy|confidence|^p$|pvalue)/;

interface ColumnStats {
  mirnaLike: number;
  numeric: number;
  integer: number;
  missing: number;
  symbolLike: number;
  distinct: number;
  n: number;
}

function columnStats(rows: string[][], col: number): ColumnStats {
  const st: ColumnStats = { mirnaLike: 0, numeric: 0, integer: 0, missing: 0, symbolLike: 0, distinct: 0, n: rows.length };
  const seen = new Set<string>();
  for (const r of rows) {
    const c = (r[col] ?? '').trim();
    if (isMissingCell(c)) {
      st.missing++;
      continue;
    }
    seen.add(c);
    if (looksLikeMirna(c)) st.mirnaLike++;
    if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(c)) {
      st.numeric++;
      if (/^\d+$/.test(c)) st.integer++;
    } else if (/^[A-Za-z0-9][A-Za-z0-9.\-_/@]*$/.test(c) && /[A-Za-z]/.test(c)) st.symbolLike++;
  }
  st.distinct = seen.size;
  return st;
}

function resolveRef(ref: ColumnRef, names: string[], width: number, fileName: string, role: string): number {
  if (typeof ref === 'number') {
    if (!Number.isInteger(ref) || ref < 1 || ref > width) {
      throw new InputError(fileName, null, ref, msg(str`the ${role} column ${ref} does not exist (the table has ${width} columns)`, { id: 'targets.noSuchColumnNumber' }));
    }
    return ref - 1;
  }
  const t = ref.trim();
  if (/^\d+$/.test(t)) return resolveRef(Number(t), names, width, fileName, role);
  let i = names.indexOf(t);
  if (i < 0) i = names.findIndex((n) => n.toLowerCase() === t.toLowerCase());
  if (i < 0) {
    throw new InputError(fileName, null, t, msg(str`no such column for the ${role} (the columns are: ${names.join(', ')})`, { id: 'targets.noSuchColumn' }));
  }
  return i;
}

const norm = (h: string): string => h.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();

/**
 * Reads a miRNA–target table (CSV/TSV, header or not) into distinct (miRNA, gene, score) pairs with
 * an import report. Throws InputError (file, line, column) for a score cell that is not a number,
 * for a file with no column of miRNA names, and for a file with no data rows. In R terms:
 * `read.delim(file, header = …)`, `subset(score >= minScore)`, `unique()` on (miRNA, gene).
 */
export function readTargetTable(bytes: Uint8Array, fileName: string, opts: TargetTableOptions = {}): TargetTable {
  const t = readDelimited(bytes, fileName, { encoding: opts.encoding, delimiter: opts.delimiter, header: false, keepRagged: true });
  const all = t.rows;
  const lines = t.lineOfRow;
  const width = Math.max(...all.slice(0, 1000).map((r) => r.length));
  if (width < 2) {
    throw new InputError(fileName, lines[0], null, msg('a target table needs at least two columns (miRNA and gene); check the delimiter', { id: 'targets.oneColumn' }));
  }
  const sample = all.length > 1 ? all.slice(1, 2001) : all;
  const stats = Array.from({ length: width }, (_, c) => columnStats(sample, c));

  // miRNA column
  const firstRow = all[0].map((c) => c.trim());
  const headerNames = firstRow.map(norm);
  const given = opts.columns ?? {};
  let mirnaCol: number;
  const detected = { mirna: given.mirna === undefined, gene: given.gene === undefined, score: given.score === undefined, header: (opts.header ?? 'auto') === 'auto' };
  const provisionalNames = Array.from({ length: width }, (_, i) => firstRow[i] || `V${i + 1}`);
  if (given.mirna !== undefined) mirnaCol = resolveRef(given.mirna, provisionalNames, width, fileName, msg('miRNA', { id: 'targets.role.mirna' }));
  else {
    mirnaCol = -1;
    let best = 0;
    stats.forEach((s, c) => {
      const frac = s.mirnaLike / Math.max(1, s.n - s.missing);
      if (frac > best + 1e-12) [best, mirnaCol] = [frac, c];
    });
    if (best < 0.5) {
      // names the detector does not know (accessions such as MIMAT0000069): trust a header word
      const byName = headerNames.findIndex((h) => HEADER_MIRNA.test(h));
      if (byName < 0) {
        throw new InputError(fileName, null, null, msg('no column holds miRNA names (such as hsa-miR-16-5p); choose the miRNA column', { id: 'targets.noMirnaColumn' }));
      }
      mirnaCol = byName;
    }
  }

  // header row
  let hasHeader: boolean;
  if (opts.header === true || opts.header === false) hasHeader = opts.header;
  else hasHeader = !looksLikeMirna(firstRow[mirnaCol] ?? '');
  const columnNames = hasHeader ? provisionalNames : Array.from({ length: width }, (_, i) => `V${i + 1}`);
  const body = hasHeader ? all.slice(1) : all;
  const bodyLines = hasHeader ? lines.slice(1) : lines;
  if (body.length === 0) {
    throw new InputError(fileName, null, null, msg('the file has a header but no rows', { id: 'targets.noRows' }));
  }
  const names = hasHeader ? headerNames : columnNames.map(() => '');

  // gene column
  let geneCol: number;
  if (given.gene !== undefined) geneCol = resolveRef(given.gene, columnNames, width, fileName, msg('gene', { id: 'targets.role.gene' }));
  else {
    const others = stats.map((_, c) => c).filter((c) => c !== mirnaCol);
    const bySymbolName = others.find((c) => HEADER_GENE_SYMBOL.test(names[c]) && !/species|organism/.test(names[c]));
    const byIdName = others.find((c) => HEADER_GENE_ID.test(names[c]));
    const present = (c: number) => Math.max(1, stats[c].n - stats[c].missing);
    const symbolCols = others.filter((c) => stats[c].symbolLike / present(c) > 0.8 && stats[c].mirnaLike / present(c) < 0.2 && stats[c].distinct > 1);
    const integerCols = others.filter((c) => stats[c].integer / present(c) > 0.95 && stats[c].distinct > 1);
    const pick = bySymbolName ?? (symbolCols.length ? symbolCols[0] : undefined) ?? byIdName ?? integerCols[0];
    if (pick === undefined) {
      throw new InputError(fileName, null, null, msg('no column holds gene symbols or ids; choose the gene column', { id: 'targets.noGeneColumn' }));
    }
    geneCol = pick;
  }

  // score column
  let scoreCol: number | null;
  if (given.score === null) scoreCol = null;
  else if (given.score !== undefined) scoreCol = resolveRef(given.score, columnNames, width, fileName, msg('score', { id: 'targets.role.score' }));
  else {
    const others = stats.map((_, c) => c).filter((c) => c !== mirnaCol && c !== geneCol);
    const numericCols = others.filter((c) => stats[c].n - stats[c].missing > 0 && stats[c].numeric / (stats[c].n - stats[c].missing) > 0.95);
    // a column the header calls a score is the score (its unreadable cells are then errors)
    const byName = others.find((c) => HEADER_SCORE.test(names[c]) && stats[c].n > stats[c].missing);
    const decimals = numericCols.filter((c) => stats[c].integer < stats[c].numeric);
    scoreCol = byName ?? decimals[0] ?? null;
  }
  if (scoreCol !== null && (scoreCol === mirnaCol || scoreCol === geneCol)) scoreCol = null;
  if (geneCol === mirnaCol) {
    throw new InputError(fileName, null, geneCol + 1, msg('the gene column and the miRNA column are the same', { id: 'targets.sameColumn' }));
  }

  // rows
  const minScore = opts.minScore ?? null;
  const maxScore = opts.maxScore ?? null;
  const cutoff = minScore !== null || maxScore !== null;
  const dropped = new Map<TargetDropReason, DroppedRows>();
  const drop = (reason: TargetDropReason, line: number) => {
    let d = dropped.get(reason);
    if (!d) dropped.set(reason, (d = { reason, count: 0, lines: [] }));
    d.count++;
    if (d.lines.length < MAX_LISTED_LINES) d.lines.push(line);
  };
  const missingByColumn = new Array<number>(width).fill(0);
  const mangledGenes: MangledGene[] = [];
  const oddMirnaLines: number[] = [];
  const byPair = new Map<string, TargetPair>();
  const pairs: TargetPair[] = [];
  let missingScores = 0;
  const scoreLabel = scoreCol === null ? null : hasHeader ? columnNames[scoreCol] : scoreCol + 1;

  for (let i = 0; i < body.length; i++) {
    const row = body[i];
    const line = bodyLines[i];
    for (let c = 0; c < width; c++) if (isMissingCell(row[c] ?? '')) missingByColumn[c]++;
    const mirna = (row[mirnaCol] ?? '').trim();
    const gene = (row[geneCol] ?? '').trim();
    if (isMissingCell(mirna)) { drop('no-mirna', line); continue; }
    if (isMissingCell(gene)) { drop('no-gene', line); continue; }
    if (!looksLikeMirna(mirna) && oddMirnaLines.length < MAX_LISTED_LINES) oddMirnaLines.push(line);
    let score: number | null = null;
    if (scoreCol !== null) {
      const cell = row[scoreCol] ?? '';
      const r = parseNumberCell(cell, { decimalComma: 'auto' });
      if (r.error !== undefined) throw new InputError(fileName, line, scoreLabel, r.error);
      score = r.value;
      if (score === null) {
        if (cutoff) { drop('no-score', line); continue; }
      } else {
        if (minScore !== null && score < minScore) { drop('below-cutoff', line); continue; }
        if (maxScore !== null && score > maxScore) { drop('above-cutoff', line); continue; }
      }
    }
    const mangled = excelMangledCandidates(gene);
    if (mangled) mangledGenes.push({ line, column: geneCol + 1, text: gene, candidates: mangled });
    const key = mirna + '\u0000' + gene;
    const prev = byPair.get(key);
    if (prev) {
      drop('duplicate', line);
      if (score !== null && (prev.score === null || score > prev.score)) prev.score = score;
      continue;
    }
    if (scoreCol !== null && score === null) missingScores++;
    const pair: TargetPair = { mirna, gene, score, line };
    byPair.set(key, pair);
    pairs.push(pair);
  }

  const mirnas = new Set(pairs.map((p) => p.mirna));
  const genes = new Set(pairs.map((p) => p.gene));
  const geneIdType = geneIdTypeOf(genes);
  const notes: string[] = [];
  if (mangledGenes.length) {
    notes.push(msg(str`${mangledGenes.length} gene names look like dates or numbers made by a spreadsheet (e.g. "${mangledGenes[0].text}" on line ${mangledGenes[0].line}); they match no gene set until corrected`, { id: 'targets.note.mangled' }));
  }
  if (geneIdType === 'entrez') notes.push(msg('genes are Entrez Gene ids; gene-set files usually list symbols, so use a GMT file with Entrez ids', { id: 'targets.note.entrez' }));
  if (geneIdType === 'mixed') notes.push(msg('the gene column mixes symbols and numeric ids', { id: 'targets.note.mixedIds' }));
  if (oddMirnaLines.length) {
    notes.push(msg(str`${oddMirnaLines.length} rows have a miRNA name that does not look like one (first on line ${oddMirnaLines[0]}); they are kept`, { id: 'targets.note.oddMirna' }));
  }
  return {
    fileName,
    encoding: t.encoding,
    delimiter: t.delimiter,
    hasHeader,
    columnNames,
    roles: { mirna: mirnaCol, gene: geneCol, score: scoreCol },
    detected,
    pairs,
    report: {
      rowsRead: body.length,
      pairsKept: pairs.length,
      mirnas: mirnas.size,
      genes: genes.size,
      dropped: [...dropped.values()],
      missingScores,
      missingByColumn,
      mangledGenes,
      oddMirnaLines,
      geneIdType,
      notes,
    },
  };
}

/**
 * Kind of ids in a set of gene names: Entrez (digits), Ensembl (ENSG…), RefSeq (NM_/NR_/XM_/XR_),
 * symbols, or mixed (the keytype one would pass to R's `AnnotationDbi::select`).
 */
export function geneIdTypeOf(genes: Iterable<string>): GeneIdType {
  let entrez = 0, ensembl = 0, refseq = 0, other = 0;
  for (const g of genes) {
    if (/^\d+$/.test(g)) entrez++;
    else if (/^ENS[A-Z]*[GT]\d{6,}(\.\d+)?$/.test(g)) ensembl++;
    else if (/^[NX][MR]_\d+(\.\d+)?$/.test(g)) refseq++;
    else other++;
  }
  const kinds = [entrez, ensembl, refseq, other].filter((x) => x > 0).length;
  if (kinds > 1) {
    const total = entrez + ensembl + refseq + other;
    // a few odd ones among symbols (e.g. a clone id that is a number) do not make a mixed column
    if (other >= 0.98 * total) return 'symbol';
    return 'mixed';
  }
  if (entrez) return 'entrez';
  if (ensembl) return 'ensembl';
  if (refseq) return 'refseq';
  return 'symbol';
}

/** Kept pairs grouped by miRNA: miRNA → its target genes (file order); R's `split(pairs$gene, pairs$mirna)`. */
export function targetsByMirna(pairs: readonly TargetPair[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const p of pairs) {
    const list = out.get(p.mirna);
    if (list) list.push(p.gene);
    else out.set(p.mirna, [p.gene]);
  }
  return out;
}
