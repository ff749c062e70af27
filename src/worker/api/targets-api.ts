import { readTargetTable, geneIdTypeOf, type GeneIdType, type TargetTable, type TargetTableReport } from '../../formats/targets.ts';
import { readGmt, type GmtFile, type GmtReport } from '../../formats/gmt.ts';
import { readDelimited } from '../../formats/delimited.ts';
import { decodeText } from '../../formats/text-decode.ts';
import { overRepresentation, type EnrichmentResult } from '../../stats/enrichment.ts';
import { mirnaTargetGraph, synergyNetwork, targetsOfMirnas, type BipartiteGraph, type SynergyNetwork, type TargetGene } from '../../stats/mirna-network.ts';
import { MirnaUniverse, type MirnaMatchResult } from '../../study/mirna-names.ts';
import type { TargetReadOptions } from '../../storage/resources.ts';

/**
 * Worker tasks of the Targets & network view (issue 7; SPEC §2 "Targets and gene sets", §4
 * "Targets and pathways"): reading target tables and GMT files with their load reports, and the
 * whole analysis for a list of miRNAs — names matched to the table, their target genes with the
 * supporting miRNAs, over-representation in the gene sets (phyper + BH), the miRNA–miRNA synergy
 * network and the miRNA–target graph. Nothing of it runs on the page.
 *
 * Resource bytes: the page holds the stored resources and sends the bytes the worker lacks
 * (`targetResourcesMissing`, as the arrays API does); the worker keeps them (up to 256 MB, least
 * recently used dropped) with the last parsed tables, so changing a filter re-parses nothing.
 * After a Cancel or an idle stop it starts empty and the page sends them again.
 */

/** A resource's bytes as they cross into the worker (transferred). */
export interface ResourceBytes { id: string; name: string; bytes: ArrayBuffer }

/** A stored resource the analysis uses, by id (its bytes are sent once). */
export interface ResourceRef { id: string; name: string }

/** Raised when the worker lost resources it said it had (it was restarted): the page sends them again. */
export const MISSING_RESOURCES = 'MissingTargetResources';

/** Rows of the file shown as a preview. */
export const PREVIEW_ROWS = 8;

/** What a target table looks like to the load report (everything but the pairs). */
export interface TargetTableInfo {
  fileName: string;
  encoding: string;
  delimiter: string;
  hasHeader: boolean;
  columnNames: string[];
  /** Column roles used (0-based); score null without a score column. */
  roles: { mirna: number; gene: number; score: number | null };
  detected: { mirna: boolean; gene: boolean; score: boolean; header: boolean };
  report: TargetTableReport;
  /** The first lines of the file as cells (header line included), with their line numbers. */
  preview: { rows: string[][]; lines: number[] };
  /** Range of the kept scores (null without a score column or scores). */
  scoreRange: { min: number; max: number; median: number } | null;
}

/** What a GMT file looks like to the load report. */
export interface GmtInfo {
  fileName: string;
  encoding: string;
  report: GmtReport;
  /** Kind of gene ids in the sets. */
  geneIdType: GeneIdType;
  /** The first sets: name, description, size and first genes. */
  preview: { name: string; description: string; size: number; genes: string[]; line: number }[];
}

/** Options of the analysis. */
export interface TargetsAnalysisRequest {
  targets: ResourceRef & { options: TargetReadOptions };
  /** Gene sets; null = no enrichment. */
  gmt: ResourceRef | null;
  /** miRNA names as the user has them (DE list, pasted list). */
  mirnas: string[];
  /** Arm meant by names without -5p/-3p when the table has both; species prefix. */
  names: { preferArm: '5p' | '3p' | null; species?: string };
  enrichment: { minSize: number; maxSize: number };
  network: {
    /** Synergy edges: p (or BH FDR with adjust 'BH') ≤ maxP, shared ≥ minShared. */
    maxP: number; adjust: 'none' | 'BH'; minShared: number;
    /** miRNA–target graph: genes targeted by ≥ minMirnas selected miRNAs, at most maxGenes. */
    minMirnas: number; maxGenes: number;
  };
}

/** Everything the view shows for a selection. */
export interface TargetsAnalysisResult {
  table: { fileName: string; pairs: number; mirnas: number; genes: number; geneIdType: GeneIdType };
  gmt: { fileName: string; sets: number; genes: number; geneIdType: GeneIdType } | null;
  /** How the names matched the table's miRNAs. */
  match: MirnaMatchResult;
  /** Target genes of the matched miRNAs with their supporting miRNAs (most supported first). */
  targetGenes: TargetGene[];
  enrichment: EnrichmentResult | null;
  synergy: SynergyNetwork;
  bipartite: BipartiteGraph;
  elapsedMs: number;
}

/** Bytes kept in the worker between calls. */
const BYTES_BUDGET = 256 * 1024 * 1024;
/** Parsed tables kept (per resource and options). */
const PARSED_KEPT = 4;

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** The first `n` lines of a text file as cells (header line included), read as the table is. */
function previewRows(bytes: Uint8Array, fileName: string, delimiter: string, n: number): { rows: string[][]; lines: number[] } {
  const text = decodeText(bytes, fileName).text;
  let end = 0;
  let count = 0;
  while (count < n + 4 && end < text.length) {
    const i = text.indexOf('\n', end);
    end = i < 0 ? text.length : i + 1;
    count++;
  }
  const t = readDelimited(new TextEncoder().encode(text.slice(0, end)), fileName, { header: false, keepRagged: true, delimiter: delimiter as never });
  return { rows: t.rows.slice(0, n), lines: t.lineOfRow.slice(0, n) };
}

function scoreRange(t: TargetTable): TargetTableInfo['scoreRange'] {
  if (t.roles.score === null) return null;
  const xs = t.pairs.map((p) => p.score).filter((x): x is number => x !== null && Number.isFinite(x)).sort((a, b) => a - b);
  if (xs.length === 0) return null;
  const m = xs.length >> 1;
  return { min: xs[0], max: xs[xs.length - 1], median: xs.length % 2 ? xs[m] : (xs[m - 1] + xs[m]) / 2 };
}

/** readTargetTable's options from the stored ones. */
export function targetTableOptions(o: TargetReadOptions) {
  return {
    header: o.header === 'yes' ? true : o.header === 'no' ? false : ('auto' as const),
    columns: { mirna: o.columns?.mirna, gene: o.columns?.gene, score: o.columns?.score },
    minScore: o.minScore ?? null,
    maxScore: o.maxScore ?? null,
  };
}

/** Reads a target table into what the load report shows. */
export function targetTableInfo(bytes: Uint8Array, fileName: string, options: TargetReadOptions, parsed?: TargetTable): TargetTableInfo {
  const t = parsed ?? readTargetTable(bytes, fileName, targetTableOptions(options));
  return {
    fileName, encoding: t.encoding, delimiter: t.delimiter, hasHeader: t.hasHeader, columnNames: t.columnNames, roles: t.roles,
    detected: t.detected, report: t.report, preview: previewRows(bytes, fileName, t.delimiter, PREVIEW_ROWS), scoreRange: scoreRange(t),
  };
}

/** Reads a GMT file into what the load report shows. */
export function gmtInfo(bytes: Uint8Array, fileName: string, parsed?: GmtFile): GmtInfo {
  const g = parsed ?? readGmt(bytes, fileName);
  return {
    fileName, encoding: g.encoding, report: g.report, geneIdType: geneIdTypeOf(new Set(g.sets.flatMap((s) => s.genes))),
    preview: g.sets.slice(0, 5).map((s) => ({ name: s.name, description: s.description, size: s.genes.length, genes: s.genes.slice(0, 10), line: s.line })),
  };
}

/** Worker tasks of the Targets & network view. */
export function targetsApi() {
  const bytes = new Map<string, { name: string; bytes: Uint8Array }>();
  const parsed = new Map<string, { table?: TargetTable; gmt?: GmtFile; universe?: MirnaUniverse; tableGenes?: Set<string> }>();

  const keep = (f: ResourceBytes) => {
    bytes.delete(f.id);
    bytes.set(f.id, { name: f.name, bytes: new Uint8Array(f.bytes) });
    for (const k of [...parsed.keys()]) if (k.startsWith(f.id + '|')) parsed.delete(k);
    let total = 0;
    for (const v of bytes.values()) total += v.bytes.byteLength;
    for (const [id, v] of bytes) {
      if (total <= BYTES_BUDGET || bytes.size <= 2) break;
      bytes.delete(id);
      total -= v.bytes.byteLength;
    }
  };
  const held = (ref: ResourceRef) => {
    const b = bytes.get(ref.id);
    if (!b) {
      const e = new Error(`resource not in the worker: ${ref.name}`);
      e.name = MISSING_RESOURCES;
      throw e;
    }
    return b;
  };
  const remember = <T extends object>(key: string, value: T): T => {
    parsed.delete(key);
    parsed.set(key, value);
    while (parsed.size > PARSED_KEPT) parsed.delete(parsed.keys().next().value!);
    return value;
  };
  const table = (ref: ResourceRef & { options: TargetReadOptions }) => {
    const key = `${ref.id}|${JSON.stringify(ref.options)}`;
    const hit = parsed.get(key);
    if (hit?.table) return remember(key, hit) as Required<Pick<typeof hit, 'table' | 'universe' | 'tableGenes'>>;
    const b = held(ref);
    const t = readTargetTable(b.bytes, ref.name, targetTableOptions(ref.options));
    return remember(key, { table: t, universe: new MirnaUniverse(new Set(t.pairs.map((p) => p.mirna))), tableGenes: new Set(t.pairs.map((p) => p.gene)) });
  };
  const gmt = (ref: ResourceRef) => {
    const key = `${ref.id}|gmt`;
    const hit = parsed.get(key);
    if (hit?.gmt) return remember(key, hit).gmt!;
    const b = held(ref);
    return remember(key, { gmt: readGmt(b.bytes, ref.name) }).gmt!;
  };

  return {
    /** Which of these resources the worker does not hold (the page sends only those). */
    async targetResourcesMissing(ids: string[]): Promise<string[]> {
      return [...new Set(ids)].filter((id) => !bytes.has(id));
    },

    /**
     * Reads a target table (new or stored, with the given column roles and cut-off) into its load
     * report: counts, dropped rows with lines, Excel-mangled genes, a preview. Throws InputError
     * text (file, line, column) for a file that cannot be read. The bytes are kept for the analysis.
     */
    async readTargetResource(f: ResourceBytes, options: TargetReadOptions): Promise<TargetTableInfo> {
      keep(f);
      const t = table({ id: f.id, name: f.name, options });
      return targetTableInfo(bytes.get(f.id)!.bytes, f.name, options, t.table);
    },

    /** Reads a GMT file into its load report (sets, genes, sizes, duplicates, mangled genes, a preview). */
    async readGmtResource(f: ResourceBytes): Promise<GmtInfo> {
      keep(f);
      return gmtInfo(bytes.get(f.id)!.bytes, f.name, gmt({ id: f.id, name: f.name }));
    },

    /**
     * The analysis for a list of miRNAs: name matching (src/study/mirna-names.ts), target genes with
     * supporting miRNAs, over-representation (phyper(q − 1, m, n, k, lower.tail = FALSE), BH FDR;
     * universe = table genes ∩ set genes), the synergy network (hypergeometric shared-target p, BH
     * over all pairs) and the miRNA–target graph. `files` carries the bytes the worker lacked;
     * throws an Error named {@link MISSING_RESOURCES} when a resource's bytes are not here.
     */
    async targetsAnalysis(req: TargetsAnalysisRequest, files: ResourceBytes[] = []): Promise<TargetsAnalysisResult> {
      const t0 = now();
      for (const f of files) keep(f);
      const t = table(req.targets);
      const sets = req.gmt ? gmt(req.gmt) : null;
      const match = t.universe.matchAll(req.mirnas, { preferArm: req.names.preferArm, species: req.names.species ?? 'hsa' });
      const pairs = t.table.pairs;
      const targetGenes = targetsOfMirnas(pairs, match.names);
      const enrichment = sets && match.names.length
        ? overRepresentation(t.tableGenes, targetGenes.map((g) => g.gene), sets.sets, { minSize: req.enrichment.minSize, maxSize: req.enrichment.maxSize })
        : null;
      const n = req.network;
      const synergy = synergyNetwork(pairs, match.names, { maxP: n.maxP, adjust: n.adjust, minShared: n.minShared });
      const bipartite = mirnaTargetGraph(pairs, match.names, { minMirnas: n.minMirnas, maxGenes: n.maxGenes });
      return {
        table: { fileName: req.targets.name, pairs: pairs.length, mirnas: t.universe.size, genes: t.tableGenes.size, geneIdType: t.table.report.geneIdType },
        gmt: sets && req.gmt ? {
          fileName: req.gmt.name, sets: sets.report.sets, genes: sets.report.genes,
          geneIdType: geneIdTypeOf(new Set(sets.sets.flatMap((s) => s.genes))),
        } : null,
        match, targetGenes, enrichment, synergy, bipartite, elapsedMs: now() - t0,
      };
    },
  };
}
