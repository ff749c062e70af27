import { msg, str } from '@lit/localize';
import { InputError } from './input-error.ts';
import { getHeader, parseAtf, type AtfHeaderRecord } from './atf.ts';
import type { EncodingChoice, TextEncodingName } from './text-decode.ts';

/** One `BlockN=x, y, diameter, xFeatures, xSpacing, yFeatures, ySpacing` record of a GAL header. */
export interface GalBlock {
  /** Block number N (1-based). */
  index: number;
  /** Position of the first feature, in µm. */
  x: number;
  y: number;
  /** Feature diameter in µm. */
  diameter: number;
  /** Features per row and their spacing (µm). */
  xFeatures: number;
  xSpacing: number;
  /** Features per column and their spacing (µm). */
  yFeatures: number;
  ySpacing: number;
}

/** A parsed GenePix ArrayList (GAL) file. */
export interface GalFile {
  fileName: string;
  encoding: TextEncodingName;
  atfVersion: string;
  headers: Record<string, string>;
  headerRecords: AtfHeaderRecord[];
  /** The Type header, e.g. "GenePix ArrayList V1.0". */
  type: string;
  /** BlockCount header, or the number of Block records when it is absent. */
  blockCount: number;
  /** Block records in block-number order. */
  blocks: GalBlock[];
  nSpots: number;
  block: Int32Array;
  row: Int32Array;
  column: Int32Array;
  id: string[];
  name: string[];
  /** 1-based file line of each spot. */
  spotLine: Int32Array;
}

/** Options for {@link parseGal}. */
export interface GalOptions {
  encoding?: EncodingChoice;
}

/**
 * Parses a GenePix ArrayList (GAL) file: ATF container, Type/BlockCount/BlockN header records, and
 * Block, Row, Column, ID, Name columns (found by name). Throws InputError (file, line, column) for a
 * malformed BlockN record, a missing column, a non-integer Block/Row/Column, or a block number
 * larger than BlockCount.
 */
export function parseGal(bytes: Uint8Array, fileName: string, opts: GalOptions = {}): GalFile {
  const t = parseAtf(bytes, fileName, { encoding: opts.encoding });
  const type = getHeader(t.headers, 'Type') ?? '';
  const typeRecord = t.headerRecords.find((r) => r.key.toLowerCase() === 'type');
  if (/genepix results/i.test(type)) {
    throw new InputError(
      fileName,
      typeRecord?.line ?? null,
      null,
      msg(str`this is a GenePix results (GPR) file (Type=${type}), not an array list (GAL)`, { id: 'gal.isGpr' }),
    );
  }

  const blocks: GalBlock[] = [];
  for (const r of t.headerRecords) {
    const m = /^block(\d+)$/i.exec(r.key.trim());
    if (!m) continue;
    const nums = r.value.split(/[,\t]/).map((s) => s.trim());
    if (nums.length !== 7 || nums.some((s) => !/^[+-]?\d+(\.\d+)?$/.test(s))) {
      throw new InputError(
        fileName,
        r.line,
        null,
        msg(str`${r.key} should hold 7 numbers (x, y, diameter, xFeatures, xSpacing, yFeatures, ySpacing) but is "${r.value}"`, {
          id: 'gal.badBlock',
        }),
      );
    }
    const v = nums.map(Number);
    blocks.push({ index: Number(m[1]), x: v[0], y: v[1], diameter: v[2], xFeatures: v[3], xSpacing: v[4], yFeatures: v[5], ySpacing: v[6] });
  }
  blocks.sort((a, b) => a.index - b.index);

  const countRecord = t.headerRecords.find((r) => r.key.toLowerCase() === 'blockcount');
  let blockCount = blocks.length;
  if (countRecord) {
    if (!/^\d+$/.test(countRecord.value.trim())) {
      throw new InputError(fileName, countRecord.line, null, msg(str`BlockCount should be a whole number but is "${countRecord.value}"`, { id: 'gal.badBlockCount' }));
    }
    blockCount = Number(countRecord.value.trim());
  }

  const n = t.nRows;
  const column = (name: string): string[] => {
    const c = t.columnIndex(name);
    if (c < 0) throw new InputError(fileName, t.columnLine, name, msg(str`the file has no column "${name}"`, { id: 'gal.missingColumn' }));
    return t.cells[c];
  };
  const ints = (name: string): Int32Array => {
    const cells = column(name);
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const s = cells[i].trim();
      if (!/^[+-]?\d+$/.test(s)) {
        throw new InputError(fileName, t.rowLine[i], t.columns[t.columnIndex(name)], msg(str`"${cells[i]}" is not a whole number`, { id: 'gal.notAnInteger' }));
      }
      out[i] = Number(s);
    }
    return out;
  };
  const block = ints('Block');
  const row = ints('Row');
  const col = ints('Column');
  const id = column('ID');
  const name = column('Name');
  if (blockCount > 0) {
    for (let i = 0; i < n; i++) {
      if (block[i] < 1 || block[i] > blockCount) {
        throw new InputError(
          fileName,
          t.rowLine[i],
          t.columns[t.columnIndex('Block')],
          msg(str`block ${block[i]} is outside 1–${blockCount} (BlockCount)`, { id: 'gal.blockOutOfRange' }),
        );
      }
    }
  }

  return {
    fileName,
    encoding: t.encoding,
    atfVersion: t.atfVersion,
    headers: t.headers,
    headerRecords: t.headerRecords,
    type,
    blockCount,
    blocks,
    nSpots: n,
    block,
    row,
    column: col,
    id,
    name,
    spotLine: t.rowLine,
  };
}
