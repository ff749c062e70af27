/**
 * The demo cohort as a Chinese hospital might export it, for the import tests (unit and e2e):
 * some headers in Chinese (住院号, 年龄, 性别 …), sex as 男/女, semicolons between cells and decimal
 * commas (61,5) — and the same text encoded as GB18030, with a dependency-free encoder built from
 * the platform's own GB18030 decoder (two-byte GBK range, which covers common hanzi, full-width
 * punctuation and Greek letters such as κ and λ).
 */
import { readFileSync } from 'node:fs';

/** Demo header → Chinese header (the study's mapping guesses know these). */
export const CHINESE_HEADERS: Record<string, string> = {
  patient_id: '住院号', age: '年龄', sex: '性别', hb: '血红蛋白(g/L)', crp: 'C反应蛋白', ldh: '乳酸脱氢酶',
  date_diagnosis: '诊断日期', date_last_followup: '末次随访日期', date_death: '死亡日期', drug: '药物',
};

/** public/demo/cohort.csv re-headed (see CHINESE_HEADERS), sex as 男/女, ';' between cells, decimal commas. */
export function chineseDemoCsv(path = 'public/demo/cohort.csv'): string {
  const lines = readFileSync(path, 'utf8').replace(/\r\n/g, '\n').trimEnd().split('\n');
  const header = lines[0].split(',');
  const sexAt = header.indexOf('sex');
  const out = [header.map((h) => CHINESE_HEADERS[h] ?? h).join(';')];
  for (const line of lines.slice(1)) {
    const cells = line.split(',').map((c, j) => (j === sexAt ? (c === 'M' ? '男' : c === 'F' ? '女' : c) : /^-?\d+\.\d+$/.test(c) ? c.replace('.', ',') : c));
    out.push(cells.join(';'));
  }
  return out.join('\r\n') + '\r\n';
}

let table: Map<string, number[]> | null = null;

/** Encodes text as GB18030 (ASCII as is; other characters through the two-byte GBK table). */
export function encodeGb18030(text: string): Uint8Array {
  if (!table) {
    table = new Map();
    const dec = new TextDecoder('gb18030');
    for (let a = 0x81; a <= 0xfe; a++) {
      for (let b = 0x40; b <= 0xfe; b++) {
        if (b === 0x7f) continue;
        const ch = dec.decode(new Uint8Array([a, b]));
        if (ch.length === 1 && ch !== '\ufffd' && !table.has(ch)) table.set(ch, [a, b]);
      }
    }
  }
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) { out.push(c); continue; }
    const bytes = table.get(ch);
    if (!bytes) throw new Error(`no two-byte GB18030 code for ${ch} (U+${c.toString(16)})`);
    out.push(...bytes);
  }
  return Uint8Array.from(out);
}
