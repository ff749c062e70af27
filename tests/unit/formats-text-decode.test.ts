import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { InputError } from '../../src/formats/input-error.ts';
import { decodeText, splitLines } from '../../src/formats/text-decode.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);
const bytes = (...b: number[]) => new Uint8Array(b);
const utf16le = (s: string) => {
  const out = new Uint8Array(s.length * 2);
  for (let i = 0; i < s.length; i++) {
    out[2 * i] = s.charCodeAt(i) & 0xff;
    out[2 * i + 1] = s.charCodeAt(i) >> 8;
  }
  return out;
};
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};
// GB18030 (= GBK here) bytes: 年龄 C4EA C1E4, 性别 D0D4 B1F0, 男 C4D0.
const GB_AGE_SEX = bytes(0xc4, 0xea, 0xc1, 0xe4, 0x2c, 0xd0, 0xd4, 0xb1, 0xf0, 0x0a, 0x36, 0x35, 0x2c, 0xc4, 0xd0, 0x0a);

describe('decodeText', () => {
  it('reads plain UTF-8 without a BOM', () => {
    expect(decodeText(utf8('age,β2M\n'), 'a.csv')).toEqual({ text: 'age,β2M\n', encoding: 'utf-8', hadBom: false });
  });

  it('strips a UTF-8 BOM', () => {
    expect(decodeText(concat(bytes(0xef, 0xbb, 0xbf), utf8('id\n')), 'a.csv')).toEqual({ text: 'id\n', encoding: 'utf-8', hadBom: true });
  });

  it('reads UTF-16LE and UTF-16BE with a BOM, and UTF-16LE without one', () => {
    const le = decodeText(concat(bytes(0xff, 0xfe), utf16le('年龄\tage\r\n')), 'a.txt');
    expect(le).toEqual({ text: '年龄\tage\r\n', encoding: 'utf-16le', hadBom: true });
    const be = decodeText(bytes(0xfe, 0xff, 0x00, 0x41, 0x00, 0x0a), 'b.txt');
    expect(be).toEqual({ text: 'A\n', encoding: 'utf-16be', hadBom: true });
    expect(decodeText(utf16le('patient,age\n1,65\n'), 'c.txt').encoding).toBe('utf-16le');
  });

  it('falls back to GB18030 for Chinese hospital exports', () => {
    const d = decodeText(GB_AGE_SEX, 'cohort.csv');
    expect(d.encoding).toBe('gb18030');
    expect(d.text).toBe('年龄,性别\n65,男\n');
  });

  it('falls back to windows-1252 for a GenePix file with one 0xFC byte', () => {
    const raw = new Uint8Array(readFileSync(fileURLToPath(new URL('../fixtures/gpr/GSM393974.gpr.txt', import.meta.url))));
    expect(raw.indexOf(0xfc)).toBeGreaterThan(0);
    const d = decodeText(raw, 'GSM393974.gpr.txt');
    expect(d.encoding).toBe('latin1');
    expect(d.text).toContain('\\Günther\\');
    // Latin-1 accents next to ASCII letters are not mistaken for GB18030.
    expect(decodeText(bytes(0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72), 'x').text).toBe('Müller');
  });

  it('obeys an explicit encoding and reports the line of invalid bytes', () => {
    expect(decodeText(GB_AGE_SEX, 'x', 'latin1').text).toBe('Ä\u00eaÁä,ÐÔ±ð\n65,ÄÐ\n');
    expect(decodeText(concat(bytes(0xef, 0xbb, 0xbf), utf8('a')), 'x', 'utf-8')).toEqual({ text: 'a', encoding: 'utf-8', hadBom: true });
    try {
      decodeText(concat(utf8('a\r\nb\nc'), bytes(0xfc), utf8('\n')), 'bad.csv', 'utf-8');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).file).toBe('bad.csv');
      expect((e as InputError).line).toBe(3);
    }
  });
});

describe('splitLines', () => {
  it('splits CRLF, CR and LF and keeps 1-based numbering', () => {
    expect(splitLines('a\r\nb\rc\nd')).toEqual(['a', 'b', 'c', 'd']);
    expect(splitLines('a\r\n\r\nb\r\n')).toEqual(['a', '', 'b']);
    expect(splitLines('')).toEqual(['']);
  });
});
