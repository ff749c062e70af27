/**
 * NanoSight nanoparticle tracking analysis (NTA) exports: one file per sample, size bins against
 * particle concentration (SPEC §2 "Exosome QC"; the paper's NanoSight NS300, Figure 1B).
 *
 * Two layouts are read.
 *
 * 1. **NTA 3.x "ExperimentSummary" CSV** as NanoSight writes it (NTA 3.1–3.4; a file per
 *    measurement, `<name>-ExperimentSummary.csv`): a header block of `key,value` lines
 *    (`NTA Version: NTA 3.2 Dev Build 3.2.16`, `Sample Name,…`, `Dilution factor,1000`, camera and
 *    analysis settings), then sections (`[Results]`, `[Size Data]` with Mean/Mode/SD/D10/D50/D90 per
 *    video, `Graph Data`), the size distribution — a header row starting `Bin centre (nm)` followed
 *    by one `Concentration (particles / ml)` column per video (usually 5), then `Concentration
 *    average` and `Standard Error` (an autosampler export has per-video columns only), often a
 *    trailing empty column — and after a blank line the `Percentile,Size (nm)` table. Only the
 *    first distribution is read (NanoSight writes the number-weighted size distribution first);
 *    it ends at a blank line or at a row starting the next section (`Percentile`, `[…]`); any other
 *    row whose size is not a number is an error, never a silent end of the data.
 *    The concentration of a bin is the `Concentration average` column when present, else the mean
 *    of the per-video columns (which is how NanoSight computes its average).
 * 2. **A plain two-column table**: size (nm), concentration (particles/ml), with a header row whose
 *    names say so (`size`, `diameter`, `bin`… and `concentration`, `particles`…) or no header at
 *    all; comma, semicolon or tab; optionally preceded by `Sample Name,…` / `Dilution factor,…` lines.
 *
 * Header keys are matched case-insensitively with any trailing colon ignored. The sample name is
 * `Sample Name` (or `Sample Description`, `Sample ID`, `Sample`), else the file name without its
 * extension and a `-ExperimentSummary` suffix. The dilution factor is the first number on the
 * `Dilution factor` line; `Not recorded` or an empty value leave it unknown (null).
 * NTA applies the dilution factor entered in the software to the concentrations it exports, so
 * concentrations are kept as written; whether to multiply them by the dilution factor (for files
 * written as measured on the diluted sample) is an analysis setting, not the parser's business.
 *
 * Bins must have strictly increasing centres and non-negative concentrations; a cell that is not a
 * number, a missing cell, or a distribution of fewer than 3 bins is an {@link InputError} naming
 * the file, line and column.
 */
import { msg, str } from '@lit/localize';
import { InputError } from './input-error.ts';
import { parseNumberCell, readDelimited, type DelimitedTable } from './delimited.ts';

/** Which of the two layouts a file had. */
export type NtaLayout = 'nanosight' | 'plain';

/** Where a bin's concentration came from. */
export type NtaConcentrationSource = 'average-column' | 'mean-of-videos' | 'single-column';

/** One NTA file as read. Plain data (structured-clone friendly). */
export interface NtaFile {
  fileName: string;
  layout: NtaLayout;
  /** "3.2" from the `NTA Version` line, or null. */
  ntaVersion: string | null;
  /** Sample name from the file (or from the file name); user data, shown as is. */
  sampleName: string;
  /** Dilution factor read from the file; null when not recorded. */
  dilution: number | null;
  /** Number of per-video concentration columns (0 for a single column). */
  videos: number;
  /** Bin centres, nm, strictly increasing. */
  binCentres: number[];
  /** Particles/ml in each bin, as exported. */
  concentration: number[];
  /** NanoSight's standard error of each bin across videos, when the file has that column. */
  standardError: number[] | null;
  concentrationSource: NtaConcentrationSource;
  /** Name of the concentration column used (or "mean of N video columns"). */
  concentrationColumn: string;
  /** 1-based lines of the distribution's header row (0 without a header) and of its last bin. */
  headerLine: number;
  lastLine: number;
  /** Things the reader noticed that did not stop it (localized). */
  notes: string[];
}

const BIN_HEADER = /^bin\s*cent(re|er)\b/i;
const SIZE_NAME = /(size|diameter|bin|^nm$|\(nm\))/i;
const CONC_NAME = /(conc|particles|count|number|\/\s*ml)/i;
const AVERAGE_NAME = /(average|^mean\b)/i;
/** First cells that start the section after the distribution when no blank line separates them. */
const SECTION_START = /^\s*(percentile|\[|graph data|filename|weighting)/i;
const SE_NAME = /^(standard\s*error|std\.?\s*err(or)?|se|sem)$/i;
const SAMPLE_KEYS = ['sample name', 'sample description', 'sample id', 'sample'];
const DILUTION_KEYS = ['dilution factor', 'dilution'];

const keyOf = (cell: string | undefined): string => (cell ?? '').trim().replace(/\s*:\s*$/, '').toLowerCase();
const isNum = (cell: string | undefined): boolean => cell !== undefined && cell.trim() !== '' && parseNumberCell(cell, { decimalComma: false }).value != null;

/** Sample name from a file name: extension and NanoSight's `-ExperimentSummary` suffix removed. */
export function sampleNameFromFile(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  return base.replace(/\.(csv|tsv|txt)$/i, '').replace(/[-_ ]?ExperimentSummary$/i, '') || base;
}

/** Reads the file's rows (no header, ragged rows kept) with their 1-based lines. */
function rowsOf(bytes: Uint8Array, fileName: string): DelimitedTable {
  return readDelimited(bytes, fileName, { header: false, keepRagged: true });
}

/** The index of the distribution's header row (or of its first numeric row when there is no header), or -1. */
function findDistribution(t: DelimitedTable): { start: number; header: number; layout: NtaLayout } | null {
  for (let i = 0; i < t.rows.length; i++) {
    if (BIN_HEADER.test(t.rows[i][0] ?? '')) return { start: i + 1, header: i, layout: 'nanosight' };
  }
  for (let i = 0; i < t.rows.length; i++) {
    const r = t.rows[i].filter((c) => c !== '');
    if (r.length >= 2 && SIZE_NAME.test(r[0]) && CONC_NAME.test(r[1]) && !isNum(r[0])) return { start: i + 1, header: i, layout: 'plain' };
    if (r.length >= 2 && isNum(r[0]) && isNum(r[1])) {
      // a headerless table: only if this and the next rows are number pairs (not a "key,1000" line)
      const next = t.rows[i + 1];
      if (next && isNum(next[0]) && isNum(next[1])) return { start: i, header: -1, layout: 'plain' };
    }
  }
  return null;
}

/**
 * True when the text looks like an NTA export: a `Bin centre (nm)` row, or a first line naming
 * NanoSight/NTA, or a two-column size/concentration header. Cheap: reads at most the rows given.
 */
export function looksLikeNta(t: Pick<DelimitedTable, 'rows'>): boolean {
  const rows = t.rows;
  if (rows.some((r) => BIN_HEADER.test(r[0] ?? ''))) return true;
  const first = (rows[0] ?? []).join(' ');
  if (/nanosight|\bNTA\b.*(summary|version)/i.test(first)) return true;
  const h = (rows[0] ?? []).filter((c) => c !== '');
  return h.length === 2 && SIZE_NAME.test(h[0]) && CONC_NAME.test(h[1]) && !isNum(h[0]);
}

/**
 * Reads an NTA export (see the file header for the layouts). Throws {@link InputError} with the
 * file, line and column for anything it cannot read.
 */
export function parseNta(bytes: Uint8Array, fileName: string): NtaFile {
  const t = rowsOf(bytes, fileName);
  const found = findDistribution(t);
  if (!found) {
    throw new InputError(fileName, null, null, msg('no size distribution found: expected a NanoSight NTA export with a "Bin centre (nm)" section, or two columns size (nm) and concentration (particles/ml)', { id: 'nta.noDistribution' }));
  }
  const notes: string[] = [];
  let sampleName: string | null = null;
  let dilution: number | null = null;
  let ntaVersion: string | null = null;
  const headerEnd = found.header >= 0 ? found.header : found.start;
  for (let i = 0; i < headerEnd; i++) {
    const r = t.rows[i];
    const joined = r.join(' ');
    const v = /\bNTA\s*(?:Version[^0-9]*)?(\d+\.\d+)/i.exec(joined);
    if (v && ntaVersion === null && /version|build|nta\s*\d/i.test(joined)) ntaVersion = v[1];
    const k = keyOf(r[0]);
    if (sampleName === null && SAMPLE_KEYS.includes(k)) {
      const name = r.slice(1).find((c) => c.trim() !== '');
      if (name) sampleName = name.trim();
    } else if (DILUTION_KEYS.includes(k) && dilution === null) {
      const cells = r.slice(1).filter((c) => c.trim() !== '');
      const nums = cells.map((c) => parseNumberCell(c).value).filter((x): x is number => x != null);
      if (nums.length) {
        if (!(nums[0] > 0)) {
          throw new InputError(fileName, t.lineOfRow[i], 2, msg(str`the dilution factor must be a positive number, not "${cells[0]}"`, { id: 'nta.badDilution' }));
        }
        dilution = nums[0];
        if (nums.some((x) => x !== nums[0])) notes.push(msg(str`the videos record different dilution factors; the first (${nums[0]}) is used`, { id: 'nta.mixedDilution' }));
      }
    }
  }
  if (dilution === null) notes.push(msg('no dilution factor is recorded in the file', { id: 'nta.noDilution' }));

  // Column roles.
  const header = found.header >= 0 ? t.rows[found.header] : [];
  let sizeCol = 0;
  let concCols: number[] = [];
  let avgCol = -1;
  let seCol = -1;
  let source: NtaConcentrationSource = 'single-column';
  let concName = '';
  const names = (j: number) => (header[j] ?? '').trim() || String(j + 1);
  if (found.layout === 'nanosight') {
    for (let j = 1; j < header.length; j++) {
      const h = header[j].trim();
      if (h === '') continue;
      if (SE_NAME.test(h)) seCol = j;
      else if (AVERAGE_NAME.test(h)) avgCol = j;
      else if (CONC_NAME.test(h)) concCols.push(j);
    }
    if (avgCol >= 0) {
      source = 'average-column';
      concName = names(avgCol);
    } else if (concCols.length > 1) {
      source = 'mean-of-videos';
      concName = msg(str`mean of ${concCols.length} video columns`, { id: 'nta.meanOfVideos' });
    } else if (concCols.length === 1) {
      concName = names(concCols[0]);
    } else {
      throw new InputError(fileName, t.lineOfRow[found.header], null, msg('the size distribution has no concentration column', { id: 'nta.noConcentration' }));
    }
  } else {
    // plain: the first two non-empty columns
    const nonEmpty = found.header >= 0 ? header.map((c, j) => (c.trim() ? j : -1)).filter((j) => j >= 0) : [0, 1];
    sizeCol = nonEmpty[0];
    concCols = [nonEmpty[1]];
    concName = found.header >= 0 ? names(nonEmpty[1]) : '2';
  }
  const videos = found.layout === 'nanosight' ? concCols.length : 0;

  const colLabel = (j: number): number | string => (found.header >= 0 && (header[j] ?? '').trim() ? header[j].trim() : j + 1);
  const cellNumber = (row: string[], j: number, line: number): number => {
    const cell = row[j];
    if (cell === undefined || cell.trim() === '') {
      throw new InputError(fileName, line, colLabel(j), msg('the cell is empty', { id: 'nta.emptyCell' }));
    }
    const r = parseNumberCell(cell, { decimalComma: t.delimiter === ',' ? false : 'auto' });
    if (r.error !== undefined) throw new InputError(fileName, line, colLabel(j), r.error);
    if (r.value == null) throw new InputError(fileName, line, colLabel(j), msg(str`"${cell.trim()}" is a missing value; every bin needs a number`, { id: 'nta.missingValue' }));
    return r.value;
  };

  const binCentres: number[] = [];
  const concentration: number[] = [];
  const se: number[] | null = seCol >= 0 ? [] : null;
  let lastLine = found.header >= 0 ? t.lineOfRow[found.header] : 0;
  for (let i = found.start; i < t.rows.length; i++) {
    const row = t.rows[i];
    const line = t.lineOfRow[i];
    if (i > found.start && line !== t.lineOfRow[i - 1] + 1) break; // a blank line ends the section
    if (found.header >= 0 && i === found.start && line !== lastLine + 1) break;
    if (i > found.start && SECTION_START.test(row[sizeCol] ?? '')) break; // "Percentile,Size (nm)", the next section
    const x = cellNumber(row, sizeCol, line);
    if (binCentres.length && !(x > binCentres[binCentres.length - 1])) {
      throw new InputError(fileName, line, colLabel(sizeCol), msg(str`bin centres must increase: ${row[sizeCol].trim()} comes after ${binCentres[binCentres.length - 1]}`, { id: 'nta.binsNotIncreasing' }));
    }
    if (!(x >= 0)) throw new InputError(fileName, line, colLabel(sizeCol), msg(str`a size cannot be negative (${row[sizeCol].trim()})`, { id: 'nta.negativeSize' }));
    let c: number;
    if (source === 'average-column') c = cellNumber(row, avgCol, line);
    else if (source === 'mean-of-videos') {
      let s = 0;
      for (const j of concCols) s += cellNumber(row, j, line);
      c = s / concCols.length;
    } else c = cellNumber(row, concCols[0], line);
    if (!(c >= 0)) {
      const j = source === 'average-column' ? avgCol : concCols[0];
      throw new InputError(fileName, line, colLabel(j), msg(str`a concentration cannot be negative (${row[j]?.trim() ?? c})`, { id: 'nta.negativeConcentration' }));
    }
    if (se) se.push(cellNumber(row, seCol, line));
    binCentres.push(x);
    concentration.push(c);
    lastLine = line;
  }
  if (binCentres.length < 3) {
    throw new InputError(fileName, found.header >= 0 ? t.lineOfRow[found.header] : null, null, msg(str`the size distribution has ${binCentres.length} bins; at least 3 are needed`, { id: 'nta.tooFewBins' }));
  }
  if (!concentration.some((c) => c > 0)) {
    throw new InputError(fileName, found.header >= 0 ? t.lineOfRow[found.header] : null, null, msg('every bin has zero concentration', { id: 'nta.allZero' }));
  }
  return {
    fileName, layout: found.layout, ntaVersion, sampleName: sampleName ?? sampleNameFromFile(fileName), dilution, videos,
    binCentres, concentration, standardError: se, concentrationSource: source, concentrationColumn: concName,
    headerLine: found.header >= 0 ? t.lineOfRow[found.header] : 0, lastLine, notes,
  };
}
