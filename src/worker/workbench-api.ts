import * as Comlink from 'comlink';
import type { Kernels } from '../kernels/kernels.ts';
import { readDelimited } from '../formats/delimited.ts';
import { parseGpr } from '../formats/gpr.ts';
import type { ArrayEntry } from '../study/model.ts';
import type { Progress } from './bridge.ts';

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

/** Result of the paper's median normalization as it crosses the worker boundary. */
export interface MedianNormResult { values: Float64Array; factors: Float64Array; nSelected: number }

/**
 * Every task the analysis worker performs. The same object is built in Node tests (with the Node
 * wasm loader) and in the worker (with the fetched module), so both run identical code.
 * Methods take an optional trailing progress callback (a Comlink proxy when called through the bridge).
 */
export function createWorkbenchApi(kernels: () => Kernels) {
  return {
    /** Round trip check; returns the kernels' memory size so a caller can see the module is live. */
    async ping(): Promise<{ ok: true; heapBytes: number }> {
      return { ok: true, heapBytes: kernels().heapBytes() };
    },

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
      };
    },

    /** The paper's median normalization (kernel), result transferred back without a copy. */
    async medianNormalize(values: Float64Array, nProbes: number, nArrays: number, threshold: number,
      onProgress?: (p: Progress) => void): Promise<MedianNormResult> {
      onProgress?.({ done: 0, total: 1, phase: 'normalize' });
      const r = kernels().medianNormalize(values, nProbes, nArrays, threshold);
      onProgress?.({ done: 1, total: 1, phase: 'normalize' });
      return Comlink.transfer(r, [r.values.buffer, r.factors.buffer]);
    },
  };
}

/** The worker's API type, as seen through the bridge. */
export type WorkbenchApi = ReturnType<typeof createWorkbenchApi>;
