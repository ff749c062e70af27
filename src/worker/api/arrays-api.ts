import * as Comlink from 'comlink';
import type { Kernels } from '../../kernels/kernels.ts';
import type { Progress } from '../bridge.ts';
import { parseGpr } from '../../formats/gpr.ts';
import { parseGeoSeriesMatrix } from '../../formats/geo-series-matrix.ts';
import { parseMatrix } from '../../formats/arrays-matrix.ts';
import { readDelimited } from '../../formats/delimited.ts';
import { decodeText } from '../../formats/text-decode.ts';
import type { ArrayEntry } from '../../study/model.ts';
import { looksLikeGeoSeriesMatrix, looksLikeMatrix, matrixEntries, MISSING_FILES, SNIFF_CHARS, type MatrixSource } from '../../study/array-sources.ts';
import {
  expressionTransferables, readOutSources, runExpression, type ExpressionRequest, type ExpressionResult, type ParsedSource, type SourcesReadOut,
} from '../../study/expression-analysis.ts';

/** Result of the paper's median normalization as it crosses the worker boundary. */
export interface MedianNormResult { values: Float64Array; factors: Float64Array; nSelected: number }

/** A stored file's bytes sent to the worker (transferred, not copied). */
export interface ArrayFileBytes { fileId: string; fileName: string; bytes: ArrayBuffer }

/** What a text file turned out to be: a GEO series matrix, a plain matrix, or neither. */
export type ArrayMatrixFileRead =
  | { kind: 'geo' | 'matrix'; entries: Omit<ArrayEntry, 'fileId' | 'group'>[]; notes: string[] }
  | { kind: null };

/** Bytes kept in the worker between analyses (so changing a setting sends nothing again). */
const BYTES_BUDGET = 256 * 1024 * 1024;

/** A matrix-like file as the analysis uses it. */
function matrixSource(format: 'geo' | 'matrix', bytes: Uint8Array, fileName: string): MatrixSource {
  if (format === 'geo') {
    const g = parseGeoSeriesMatrix(bytes, fileName);
    return { format, fileName, probes: g.probes, arrays: g.arrays, values: g.values, titles: g.sampleTitles, series: g.accession, platform: g.platform, notes: g.notes };
  }
  const m = parseMatrix(bytes, fileName);
  return { format, fileName, probes: m.probes, arrays: m.arrays, values: m.values, notes: m.notes };
}

/**
 * Worker tasks on array data: the median-normalization kernel, sniffing GEO/matrix files, and the
 * study's array analysis (Expression view; src/app/array-analysis-client.ts).
 *
 * File bytes: the page reads them from IndexedDB and transfers them here, only those the worker does
 * not already hold (`expressionFilesMissing`). The worker does not open IndexedDB itself: the page
 * owns storage (schema migrations, one writer), and a worker of the single-file build, started from
 * a blob: URL on a file:// page, has an opaque origin where IndexedDB is not available. The worker
 * keeps the bytes (up to 256 MB, least recently used dropped) and the last read-out, so a new
 * normalization or test re-uses them; after a Cancel or an idle stop it starts empty again.
 */
export function arraysApi(kernels: () => Kernels) {
  const bytes = new Map<string, { fileName: string; bytes: Uint8Array }>();
  let readOutCache: { key: string; ro: SourcesReadOut } | null = null;

  const keep = (f: ArrayFileBytes) => {
    bytes.delete(f.fileId);
    bytes.set(f.fileId, { fileName: f.fileName, bytes: new Uint8Array(f.bytes) });
    let total = 0;
    for (const v of bytes.values()) total += v.bytes.byteLength;
    for (const [id, v] of bytes) {
      if (total <= BYTES_BUDGET || bytes.size <= 1) break;
      bytes.delete(id);
      total -= v.bytes.byteLength;
    }
  };

  return {
    /** The paper's median normalization (kernel), result transferred back without a copy. */
    async medianNormalize(values: Float64Array, nProbes: number, nArrays: number, threshold: number,
      onProgress?: (p: Progress) => void): Promise<MedianNormResult> {
      onProgress?.({ done: 0, total: 1, phase: 'normalize' });
      const r = kernels().medianNormalize(values, nProbes, nArrays, threshold);
      onProgress?.({ done: 1, total: 1, phase: 'normalize' });
      return Comlink.transfer(r, [r.values.buffer, r.factors.buffer]);
    },

    /**
     * Reads a text file (CSV, TSV, TXT) if it is a GEO series matrix (a `!Series_` line in its first
     * 64 kB) or a plain expression matrix (src/study/array-sources.ts looksLikeMatrix): one array
     * entry per column. `{kind: null}` for anything else (then it is a cohort table). Throws
     * InputError text (file, line, column) for a file that is one of them but cannot be read.
     */
    async readArrayMatrixFile(buf: ArrayBuffer, fileName: string): Promise<ArrayMatrixFileRead> {
      const b = new Uint8Array(buf);
      let head: string;
      try {
        head = decodeText(b, fileName).text.slice(0, SNIFF_CHARS);
      } catch {
        return { kind: null };
      }
      let format: 'geo' | 'matrix' | null = null;
      if (looksLikeGeoSeriesMatrix(head)) format = 'geo';
      else {
        try {
          const cut = head.length === SNIFF_CHARS ? head.slice(0, Math.max(0, head.lastIndexOf('\n'))) : head;
          const t = readDelimited(new TextEncoder().encode(cut), fileName, { header: false, keepRagged: true });
          if (looksLikeMatrix(t.rows, fileName)) format = 'matrix';
        } catch {
          // not a table: not ours
        }
      }
      if (!format) return { kind: null };
      const m = matrixSource(format, b, fileName);
      return { kind: format, entries: matrixEntries(m), notes: m.notes ?? [] };
    },

    /** Which of these stored files the worker does not hold (the page sends only those). */
    async expressionFilesMissing(fileIds: string[]): Promise<string[]> {
      return [...new Set(fileIds)].filter((id) => !bytes.has(id));
    },

    /**
     * The study's array analysis (src/study/expression-analysis.ts): read-out of every array,
     * normalization, log2, differential expression between the two chosen groups, QC. `files`
     * carries the bytes the worker lacked (transferred). Progress: parsing each file, then the
     * analysis. Throws an Error named {@link MISSING_FILES} when a file's bytes are not here.
     */
    async expressionAnalysis(req: ExpressionRequest, files: ArrayFileBytes[], onProgress?: (p: Progress) => void): Promise<ExpressionResult> {
      for (const f of files) keep(f);
      const ids = [...new Set(req.arrays.map((a) => a.fileId))];
      const missing = ids.filter((id) => !bytes.has(id));
      if (missing.length) {
        const e = new Error(`array files not in the worker: ${missing.join(', ')}`);
        e.name = MISSING_FILES;
        throw e;
      }
      const s = req.settings;
      const key = JSON.stringify([req.arrays.map((a) => [a.fileId, a.column ?? null, a.format]), s.channel, s.background, s.dropFlagged,
        s.averageReplicates, s.excludeNames, s.excludePrefixes, s.excludeControls, s.inputScale]);
      const total = ids.length + 2;
      let ro = readOutCache?.key === key ? readOutCache.ro : null;
      if (!ro) {
        readOutCache = null;
        const parsed = new Map<string, ParsedSource>();
        let done = 0;
        for (const id of ids) {
          const f = bytes.get(id)!;
          onProgress?.({ done, total, phase: f.fileName });
          const format = req.arrays.find((a) => a.fileId === id)!.format;
          parsed.set(id, format === 'gpr' ? { kind: 'gpr', gpr: parseGpr(f.bytes, f.fileName) } : { kind: format, matrix: matrixSource(format, f.bytes, f.fileName) });
          done++;
        }
        onProgress?.({ done: ids.length, total, phase: 'read-out' });
        ro = readOutSources(kernels(), req.arrays, s, (id) => parsed.get(id)!);
        readOutCache = { key, ro };
      }
      onProgress?.({ done: ids.length + 1, total, phase: 'analysis' });
      const r = runExpression(kernels(), req, ro);
      onProgress?.({ done: total, total, phase: 'done' });
      return Comlink.transfer(r, expressionTransferables(r));
    },
  };
}
