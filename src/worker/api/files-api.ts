import { readDelimited } from '../../formats/delimited.ts';
import { parseGpr } from '../../formats/gpr.ts';
import type { ArrayEntry } from '../../study/model.ts';
import { isSpikeIn } from '../../study/array-sources.ts';

/** A cohort table as read from a file, before it is attached to a study. */
export interface CohortTable {
  encoding: string;
  delimiter: string;
  columns: string[];
  rows: string[][];
  lineOfRow: number[];
  report: { rows: number; columns: number; emptyRowsDropped: number; raggedRows: number };
}

/** What was read from one GPR file (ArrayEntry without the study-specific fields). */
export type GprSummary = Omit<ArrayEntry, 'fileId' | 'group'>;

/** Worker tasks that read users' files (parsing never runs on the main thread). */
export function filesApi() {
  return {
    /** Reads a cohort table (CSV/TSV, any supported encoding); throws InputError text on bad input. */
    async readCohort(bytes: ArrayBuffer, fileName: string): Promise<CohortTable> {
      const t = readDelimited(new Uint8Array(bytes), fileName);
      return {
        encoding: t.encoding, delimiter: t.delimiter, columns: t.columns, rows: t.rows, lineOfRow: t.lineOfRow,
        report: { rows: t.report.rows, columns: t.report.columns, emptyRowsDropped: t.report.emptyRowsDropped, raggedRows: t.report.raggedRows.length },
      };
    },

    /** Parses a GenePix GPR file and summarizes what was read (format, wavelengths, spots, flags). */
    async readGprSummary(bytes: ArrayBuffer, fileName: string): Promise<GprSummary> {
      const g = parseGpr(new Uint8Array(bytes), fileName);
      return {
        fileName, format: 'gpr', atfVersion: g.atfVersion, type: g.type, wavelengths: g.wavelengths,
        spots: g.summary.spots, distinctNames: g.summary.distinctNames, emptySpots: g.summary.emptySpots,
        controls: g.summary.controls, flaggedByValue: g.summary.flaggedByValue,
        spikeIns: g.name.reduce((n, name) => n + (isSpikeIn(name) ? 1 : 0), 0),
      };
    },
  };
}
