import { readDelimited } from '../../formats/delimited.ts';
import { decodeText } from '../../formats/text-decode.ts';
import { looksLikeNta, parseNta, type NtaFile } from '../../formats/nta.ts';
import { looksLikeRnaYield, parseRnaYield, type RnaYieldTable } from '../../formats/rna-yield.ts';
import { analyzeExosome, type ExosomeResult } from '../../study/exosome-analysis.ts';
import type { ExosomeSettings } from '../../study/exosome-settings.ts';
import type { ExosomeData } from '../../study/model.ts';

/** What a delimited file turned out to be: an NTA export, an RNA-yield table, or neither (then it is a cohort table). */
export type ExosomeFileRead =
  | { kind: 'nta'; nta: NtaFile }
  | { kind: 'rna-yield'; table: RnaYieldTable }
  | { kind: null };

/** Characters of a file looked at to decide what it is (NanoSight's header block is a few kB). */
const SNIFF_CHARS = 64 * 1024;

/**
 * What kind of exosome file the text is, from its first 64 kB: an NTA export (a `Bin centre (nm)`
 * row, a NanoSight/NTA first line, or a size/concentration two-column header), an RNA-yield table
 * (a narrow table whose header names a sample, a group and an RNA concentration column), or null.
 */
export function sniffExosomeFile(bytes: Uint8Array, fileName: string): 'nta' | 'rna-yield' | null {
  try {
    let text = decodeText(bytes, fileName).text;
    if (text.length > SNIFF_CHARS) {
      const cut = text.lastIndexOf('\n', SNIFF_CHARS);
      text = text.slice(0, cut > 0 ? cut : SNIFF_CHARS);
    }
    const head = new TextEncoder().encode(text);
    if (looksLikeNta(readDelimited(head, fileName, { header: false, keepRagged: true }))) return 'nta';
    if (looksLikeRnaYield(readDelimited(head, fileName))) return 'rna-yield';
  } catch {
    // not readable as a table: not ours (the cohort reader reports what is wrong with it)
  }
  return null;
}

/** Worker tasks of the Exosome QC view: reading NTA and RNA-yield files (never on the main thread), and the analysis. */
export function exosomeApi() {
  return {
    /**
     * Reads a CSV/TSV/TXT file if it is an NTA export or an RNA-yield table (content decides, see
     * {@link sniffExosomeFile}); `{kind: null}` for anything else. Throws InputError text (file,
     * line, column) for a file that is one of them but cannot be read.
     */
    async readExosomeFile(bytes: ArrayBuffer, fileName: string): Promise<ExosomeFileRead> {
      const b = new Uint8Array(bytes);
      const kind = sniffExosomeFile(b, fileName);
      if (kind === 'nta') return { kind, nta: parseNta(b, fileName) };
      if (kind === 'rna-yield') return { kind, table: parseRnaYield(b, fileName) };
      return { kind: null };
    },

    /** The Exosome QC analysis (NTA numbers per sample and group, RNA yield comparison). */
    async exosomeAnalysis(data: ExosomeData, settings: ExosomeSettings): Promise<ExosomeResult> {
      return analyzeExosome(data, settings);
    },
  };
}
