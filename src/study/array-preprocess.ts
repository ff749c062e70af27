import type { Kernels } from '../kernels/kernels.ts';
import { buildProbeMatrix, type ProbeMatrixOptions } from '../formats/arrays-matrix.ts';
import type { GprFile } from '../formats/gpr.ts';

/** A probes × arrays matrix: columns[j][i] is probe (or spot row) i in array j. */
export interface ArrayMatrix { probes: string[]; arrays: string[]; columns: Float64Array[]; channels: number[] }

/** Options of the array read-out (SPEC §4 Arrays, first steps). */
export interface ReadOutOptions extends ProbeMatrixOptions {
  /** Average replicate spots of a probe (limma::avereps); otherwise one row per replicate. */
  averageReplicates?: boolean;
}

/**
 * Spot values of several GPR files as a matrix, the first steps of the paper's array analysis:
 * foreground − background per channel, flagged spots dropped on request, and replicate spots of a
 * probe averaged with NaN ignored (limma::avereps; paper Methods: "Replicated miRNAs were
 * averaged"). Without averaging, the k-th spot of a probe in every file forms one row, labelled
 * with the probe id (so replicate rows repeat the id).
 */
export function readOutArrays(files: readonly GprFile[], kernels: Kernels, opts: ReadOutOptions = {}): ArrayMatrix {
  const m = buildProbeMatrix(files, opts);
  const arrays = files.map((f) => f.fileName.replace(/\.gpr(\.txt)?$/i, ''));
  const nProbes = m.probes.length;
  if (opts.averageReplicates) {
    const columns = m.spotValues.map((v, j) => kernels.averageReplicates(v, v.length, 1, m.probeIndexPerFile[j], nProbes));
    return { probes: m.probes, arrays, columns, channels: m.channels };
  }
  // k-th replicate of probe p in each file → row (p, k); rows ordered by probe then replicate.
  const reps = new Int32Array(nProbes);
  const spotRow: Int32Array[] = m.probeIndexPerFile.map((idx) => {
    const seen = new Int32Array(nProbes);
    const out = new Int32Array(idx.length);
    for (let s = 0; s < idx.length; s++) {
      const p = idx[s];
      if (p < 0) { out[s] = -1; continue; }
      out[s] = seen[p]++;
      if (seen[p] > reps[p]) reps[p] = seen[p];
    }
    return out;
  });
  const firstRow = new Int32Array(nProbes + 1);
  for (let p = 0; p < nProbes; p++) firstRow[p + 1] = firstRow[p] + reps[p];
  const nRows = firstRow[nProbes];
  const probes: string[] = new Array(nRows);
  for (let p = 0; p < nProbes; p++) for (let k = 0; k < reps[p]; k++) probes[firstRow[p] + k] = m.probes[p];
  const columns = m.spotValues.map((v, j) => {
    const col = new Float64Array(nRows).fill(NaN);
    const idx = m.probeIndexPerFile[j];
    const rep = spotRow[j];
    for (let s = 0; s < v.length; s++) if (idx[s] >= 0) col[firstRow[idx[s]] + rep[s]] = v[s];
    return col;
  });
  return { probes, arrays, columns, channels: m.channels };
}

/** Column-major packing of matrix columns for a kernel call. */
export function packColumns(columns: readonly Float64Array[]): Float64Array {
  const n = columns[0]?.length ?? 0;
  const out = new Float64Array(n * columns.length);
  columns.forEach((c, j) => out.set(c, j * n));
  return out;
}

/** The inverse of packColumns: copies (never views) so each column can travel on its own. */
export function unpackColumns(values: Float64Array, nRows: number, nCols: number): Float64Array[] {
  return Array.from({ length: nCols }, (_, j) => values.slice(j * nRows, (j + 1) * nRows));
}
