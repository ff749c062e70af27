/**
 * Exosomal RNA yield tables (SPEC §2 "Exosome QC"; the paper's Nanodrop ND-1000 measurements,
 * Figure 2A): one row per sample with its group and RNA concentration in ng/µl, optionally the
 * A260/280 purity ratio. CSV, TSV or semicolon-separated, any encoding readDelimited reads.
 *
 * Columns are found by header name (case-insensitive; the first match wins):
 * - sample: `Sample`, `Sample ID`, `Sample name`, `ID`, `Name`, `Patient`, `Subject`;
 * - group: `Group` (or a name containing "group"), `Cohort`, `Class`, `Condition`, `Category`;
 * - concentration: `ng/µl` (µ, μ or u; any case), `Nucleic Acid Conc.` (Nanodrop's own export),
 *   `RNA concentration`, `RNA yield`, `RNA (ng/µl)`, `Concentration`, `Conc`;
 * - A260/280 (optional): a name containing `260/280` (`A260/280`, `260/280`).
 * 1 ng/µl = 1 µg/ml, so a `µg/ml` column is read as is; values are always shown in ng/µl.
 *
 * A missing concentration (`NA`, empty, …) keeps the sample with no value (counted as missing, as
 * SPSS would). A sample without a name or a group, a cell that is not a number, a negative
 * concentration, or a sample named twice is an {@link InputError} naming the file, line and column.
 */
import { msg, str } from '@lit/localize';
import { InputError } from './input-error.ts';
import { parseNumberCell, readDelimited, type DelimitedTable } from './delimited.ts';

/** One sample's RNA measurement. */
export interface RnaYieldRow {
  /** Sample name as written (user data). */
  sample: string;
  /** Group as written (user data). */
  group: string;
  /** RNA concentration, ng/µl; null when missing. */
  concentration: number | null;
  /** A260/280 ratio, or null (no column or missing). */
  a260280: number | null;
  /** 1-based line in the file. */
  line: number;
}

/** A read RNA-yield table. */
export interface RnaYieldTable {
  fileName: string;
  /** Column names used for each role, as in the file. */
  columns: { sample: string; group: string; concentration: string; a260280: string | null };
  rows: RnaYieldRow[];
  /** Groups in order of first appearance. */
  groups: string[];
  /** Rows whose concentration is missing. */
  missing: number;
}

const SAMPLE = [/^sample$/i, /^sample[\s_-]*(id|name|no\.?|#)$/i, /^(id|name)$/i, /^(patient|subject)([\s_-]*(id|no\.?))?$/i];
const GROUP = [/^group$/i, /group/i, /^(cohort|class|condition|category|arm)$/i];
const CONC = [/ng\s*\/\s*[uµμ]l/i, /^nucleic\s*acid\s*conc/i, /rna.*(conc|yield|ng)/i, /(conc|yield).*rna/i, /[uµμ]g\s*\/\s*ml/i, /^conc(entration|\.)?$/i];
const RATIO = [/260\s*\/\s*280/];

function find(columns: readonly string[], patterns: RegExp[]): number {
  for (const p of patterns) {
    const j = columns.findIndex((c) => p.test(c.trim()));
    if (j >= 0) return j;
  }
  return -1;
}

/** Column roles of a header, or null when sample, group or concentration is missing. */
export function rnaYieldColumns(columns: readonly string[]): { sample: number; group: number; conc: number; ratio: number } | null {
  const conc = find(columns, CONC);
  const group = find(columns, GROUP);
  const sample = find(columns.map((c, j) => (j === conc || j === group ? '' : c)), SAMPLE);
  if (conc < 0 || group < 0 || sample < 0) return null;
  return { sample, group, conc, ratio: find(columns, RATIO) };
}

/** True when a table's header names a sample, a group and an RNA concentration column (and it is narrow: ≤ 12 columns). */
export function looksLikeRnaYield(t: Pick<DelimitedTable, 'columns'>): boolean {
  return t.columns.length <= 12 && rnaYieldColumns(t.columns) !== null;
}

/** Reads an RNA-yield table (see the file header). */
export function parseRnaYield(bytes: Uint8Array, fileName: string): RnaYieldTable {
  const t = readDelimited(bytes, fileName);
  const roles = rnaYieldColumns(t.columns);
  if (!roles) {
    const need = [
      find(t.columns, SAMPLE) < 0 ? msg('sample', { id: 'rna.role.sample' }) : null,
      find(t.columns, GROUP) < 0 ? msg('group', { id: 'rna.role.group' }) : null,
      find(t.columns, CONC) < 0 ? msg('RNA concentration (ng/µl)', { id: 'rna.role.concentration' }) : null,
    ].filter(Boolean).join(', ');
    throw new InputError(fileName, t.headerLine || null, null, msg(str`the header has no column for: ${need}`, { id: 'rna.missingColumns' }));
  }
  const rows: RnaYieldRow[] = [];
  const groups: string[] = [];
  const seen = new Map<string, number>();
  let missing = 0;
  const num = (cell: string, line: number, j: number): number | null => {
    const r = parseNumberCell(cell);
    if (r.error !== undefined) throw new InputError(fileName, line, t.columns[j], r.error);
    return r.value;
  };
  t.rows.forEach((r, i) => {
    const line = t.lineOfRow[i];
    const sample = r[roles.sample].trim();
    const group = r[roles.group].trim();
    if (!sample) throw new InputError(fileName, line, t.columns[roles.sample], msg('the sample has no name', { id: 'rna.noSample' }));
    if (!group) throw new InputError(fileName, line, t.columns[roles.group], msg(str`sample "${sample}" has no group`, { id: 'rna.noGroup' }));
    const before = seen.get(sample.toLowerCase());
    if (before !== undefined) {
      throw new InputError(fileName, line, t.columns[roles.sample], msg(str`sample "${sample}" is already on line ${before}; give each sample one row (average repeated readings first)`, { id: 'rna.duplicate' }));
    }
    seen.set(sample.toLowerCase(), line);
    const concentration = num(r[roles.conc], line, roles.conc);
    if (concentration != null && concentration < 0) {
      throw new InputError(fileName, line, t.columns[roles.conc], msg(str`a concentration cannot be negative (${r[roles.conc].trim()})`, { id: 'rna.negative' }));
    }
    if (concentration == null) missing++;
    const a260280 = roles.ratio >= 0 ? num(r[roles.ratio], line, roles.ratio) : null;
    if (!groups.includes(group)) groups.push(group);
    rows.push({ sample, group, concentration, a260280, line });
  });
  if (rows.length === 0) throw new InputError(fileName, t.headerLine || null, null, msg('the table has a header but no samples', { id: 'rna.noRows' }));
  return {
    fileName,
    columns: { sample: t.columns[roles.sample], group: t.columns[roles.group], concentration: t.columns[roles.conc], a260280: roles.ratio >= 0 ? t.columns[roles.ratio] : null },
    rows, groups, missing,
  };
}
