import { msg, str } from '@lit/localize';
import { InputError } from './input-error.ts';

/** An encoding the user can pick for a text file; 'auto' detects it. */
export type EncodingChoice = 'auto' | 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030' | 'latin1';

/**
 * An encoding actually used to decode a file. 'latin1' means windows-1252, as the WHATWG
 * Encoding Standard (and every browser) defines the label: a superset of ISO-8859-1.
 */
export type TextEncodingName = Exclude<EncodingChoice, 'auto'>;

/** Result of {@link decodeText}: the text (BOM removed), the encoding used and whether a BOM was there. */
export interface DecodedText {
  /** The decoded text, without a byte-order mark. */
  text: string;
  /** The encoding that was used. */
  encoding: TextEncodingName;
  /** True when the bytes started with a byte-order mark (UTF-8, UTF-16LE or UTF-16BE). */
  hadBom: boolean;
}

const WHATWG_LABEL: Record<TextEncodingName, string> = {
  'utf-8': 'utf-8',
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
  gb18030: 'gb18030',
  latin1: 'windows-1252',
};

function bomOf(bytes: Uint8Array): { encoding: TextEncodingName; length: number } | null {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { encoding: 'utf-8', length: 3 };
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

function decodeWith(encoding: TextEncodingName, bytes: Uint8Array, fatal: boolean): string | null {
  try {
    return new TextDecoder(WHATWG_LABEL[encoding], { fatal, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** 1-based line number of a byte offset (counts LF, and CR not followed by LF). */
function lineAtByte(bytes: Uint8Array, offset: number): number {
  let line = 1;
  const end = Math.min(offset, bytes.length);
  for (let i = 0; i < end; i++) {
    const b = bytes[i];
    if (b === 0x0a) line++;
    else if (b === 0x0d && bytes[i + 1] !== 0x0a) line++;
  }
  return line;
}

/** Offset of the first byte that breaks UTF-8, or -1 when the bytes are valid UTF-8. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    if (i + need >= n) return i;
    let cp = b & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/**
 * Walks GB18030 byte structure. Returns the offset of the first byte that cannot start or
 * continue a GB18030 sequence (-1 if none) and how many double-byte sequences fall in the GB2312
 * zone (both bytes 0xA1–0xFE: the common hanzi and CJK punctuation hospital exports use).
 */
function scanGb18030(bytes: Uint8Array): { invalidAt: number; multi: number; gb2312: number } {
  let multi = 0;
  let gb2312 = 0;
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    if (b === 0x80 || b === 0xff) return { invalidAt: i, multi, gb2312 };
    const c = bytes[i + 1];
    if (c === undefined) return { invalidAt: i, multi, gb2312 };
    if (c >= 0x30 && c <= 0x39) {
      const d = bytes[i + 2];
      const e = bytes[i + 3];
      if (d === undefined || e === undefined || d < 0x81 || d > 0xfe || e < 0x30 || e > 0x39) {
        return { invalidAt: i, multi, gb2312 };
      }
      multi++;
      i += 4;
      continue;
    }
    if (c < 0x40 || c === 0x7f || c === 0xff) return { invalidAt: i, multi, gb2312 };
    multi++;
    if (b >= 0xa1 && c >= 0xa1) gb2312++;
    i += 2;
  }
  return { invalidAt: -1, multi, gb2312 };
}

/**
 * Guesses UTF-16 without a BOM: text that is mostly ASCII has a zero in every other byte.
 * Returns the byte order or null.
 */
function sniffUtf16(bytes: Uint8Array): TextEncodingName | null {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 4) return null;
  let zeroEven = 0;
  let zeroOdd = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) zeroEven++;
    if (bytes[i + 1] === 0) zeroOdd++;
  }
  const half = n / 2;
  if (zeroOdd > 0.4 * half && zeroEven < 0.05 * half) return 'utf-16le';
  if (zeroEven > 0.4 * half && zeroOdd < 0.05 * half) return 'utf-16be';
  return null;
}

/**
 * Decodes a user's text file. With `encoding` 'auto' (the default): a BOM (UTF-8, UTF-16LE/BE)
 * decides; else BOM-less UTF-16 is recognised by its zero bytes; else strict UTF-8; else GB18030
 * when the bytes are well-formed GB18030 made mostly of GB2312-zone pairs (Chinese hospital
 * exports); else windows-1252 ('latin1'), which decodes any byte (old GenePix files with 0xFC "ü").
 * With an explicit encoding, that encoding is used (a matching BOM is removed) and bytes that are
 * invalid in it raise an {@link InputError} naming the line.
 */
export function decodeText(bytes: Uint8Array, fileName: string, encoding: EncodingChoice = 'auto'): DecodedText {
  const bom = bomOf(bytes);
  if (encoding !== 'auto') {
    const hadBom = bom !== null && bom.encoding === encoding;
    const body = hadBom ? bytes.subarray(bom!.length) : bytes;
    const text = decodeWith(encoding, body, true);
    if (text === null) {
      let at = -1;
      if (encoding === 'utf-8') at = firstInvalidUtf8(body);
      else if (encoding === 'gb18030') at = scanGb18030(body).invalidAt;
      const line = at >= 0 ? lineAtByte(body, at) : null;
      throw new InputError(
        fileName,
        line,
        null,
        msg(str`the bytes are not valid ${encoding}; choose another encoding`, { id: 'text.invalidEncoding' }),
      );
    }
    return { text, encoding, hadBom };
  }
  if (bom) {
    const text = decodeWith(bom.encoding, bytes.subarray(bom.length), false) ?? '';
    return { text, encoding: bom.encoding, hadBom: true };
  }
  const utf16 = sniffUtf16(bytes);
  if (utf16) {
    const text = decodeWith(utf16, bytes, true);
    if (text !== null) return { text, encoding: utf16, hadBom: false };
  }
  const utf8 = decodeWith('utf-8', bytes, true);
  if (utf8 !== null) return { text: utf8, encoding: 'utf-8', hadBom: false };
  const gb = scanGb18030(bytes);
  if (gb.invalidAt < 0 && gb.multi > 0 && gb.gb2312 >= 0.8 * gb.multi) {
    const text = decodeWith('gb18030', bytes, true);
    if (text !== null) return { text, encoding: 'gb18030', hadBom: false };
  }
  return { text: decodeWith('latin1', bytes, false) ?? '', encoding: 'latin1', hadBom: false };
}

/**
 * Splits text into lines at CRLF, CR or LF. Element i is line i + 1 of the file. A final line
 * terminator does not produce an extra empty line.
 */
export function splitLines(text: string): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}
