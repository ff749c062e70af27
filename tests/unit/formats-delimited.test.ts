import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/formats/input-error.ts';
import {
  excelSerialToIso,
  inferColumnType,
  parseDateCell,
  parseNumberCell,
  readDelimited,
  sniffDelimiter,
} from '../../src/formats/delimited.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);
const bytes = (...b: number[]) => new Uint8Array(b);
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};
const utf16le = (s: string) => {
  const out = new Uint8Array(s.length * 2);
  for (let i = 0; i < s.length; i++) {
    out[2 * i] = s.charCodeAt(i) & 0xff;
    out[2 * i + 1] = s.charCodeAt(i) >> 8;
  }
  return out;
};

describe('readDelimited', () => {
  it('reads UTF-8 with a BOM: the first header has no BOM left', () => {
    const t = readDelimited(concat(bytes(0xef, 0xbb, 0xbf), utf8('patient_id,age\r\nP1,65\r\nP2,70\r\n')), 'c.csv');
    expect(t.encoding).toBe('utf-8');
    expect(t.hadBom).toBe(true);
    expect(t.delimiter).toBe(',');
    expect(t.columns).toEqual(['patient_id', 'age']);
    expect(t.rows).toEqual([
      ['P1', '65'],
      ['P2', '70'],
    ]);
    expect(t.lineOfRow).toEqual([2, 3]);
    expect(t.report).toMatchObject({ rows: 2, columns: 2, emptyRowsDropped: 0, raggedRows: [] });
  });

  it('reads UTF-16LE with a BOM (Excel "Unicode text") as TSV', () => {
    const t = readDelimited(concat(bytes(0xff, 0xfe), utf16le('ID\tβ2-MG (mg/L)\r\n1\t3.5\r\n')), 'u.txt');
    expect(t.encoding).toBe('utf-16le');
    expect(t.delimiter).toBe('\t');
    expect(t.columns).toEqual(['ID', 'β2-MG (mg/L)']);
    expect(t.rows).toEqual([['1', '3.5']]);
  });

  it('reads GB18030 Chinese headers (姓名,年龄,性别)', () => {
    // 姓名 D0D5 C3FB, 年龄 C4EA C1E4, 性别 D0D4 B1F0, 张三 D5C5 C8FD, 男 C4D0
    const t = readDelimited(
      bytes(
        0xd0, 0xd5, 0xc3, 0xfb, 0x2c, 0xc4, 0xea, 0xc1, 0xe4, 0x2c, 0xd0, 0xd4, 0xb1, 0xf0, 0x0d, 0x0a,
        0xd5, 0xc5, 0xc8, 0xfd, 0x2c, 0x36, 0x35, 0x2c, 0xc4, 0xd0, 0x0d, 0x0a,
      ),
      '病人.csv',
    );
    expect(t.encoding).toBe('gb18030');
    expect(t.columns).toEqual(['姓名', '年龄', '性别']);
    expect(t.rows).toEqual([['张三', '65', '男']]);
  });

  it('sniffs a semicolon delimiter with decimal commas', () => {
    const t = readDelimited(utf8('id;hb;albumin\n1;10,5;35,2\n2;9,8;40\n3;11;38,75\n'), 'eu.csv');
    expect(t.delimiter).toBe(';');
    expect(t.rows[0]).toEqual(['1', '10,5', '35,2']);
    const hb = inferColumnType(t.rows.map((r) => r[1]));
    expect(hb).toMatchObject({ type: 'number', decimalComma: true, invalid: 0 });
    expect(t.rows.map((r) => parseNumberCell(r[2], { decimalComma: true }).value)).toEqual([35.2, 40, 38.75]);
  });

  it('keeps correct line numbers after a quoted field with embedded newlines', () => {
    const csv = 'id,note,age\r\n1,"first line\r\nsecond line\r\nthird",65\r\n2,plain,70\r\n\r\n3,"a ""quoted"" word",71\r\n';
    const t = readDelimited(utf8(csv), 'notes.csv');
    expect(t.rows.map((r) => r[0])).toEqual(['1', '2', '3']);
    expect(t.rows[0][1]).toBe('first line\nsecond line\nthird');
    expect(t.rows[2][1]).toBe('a "quoted" word');
    expect(t.lineOfRow).toEqual([2, 5, 7]);
    expect(t.report.emptyRowsDropped).toBe(1);
  });

  it('reports ragged rows, tolerates trailing delimiters and renames empty/duplicate headers', () => {
    const t = readDelimited(utf8('id,age,,age\n1,60,x,y\n2,61\n3,62,a,b,,\n4,63,a,b,c\n'), 'r.csv');
    expect(t.columns).toEqual(['id', 'age', 'column_3', 'age_2']);
    expect(t.report.renamedColumns).toEqual([
      { index: 2, from: '', to: 'column_3' },
      { index: 3, from: 'age', to: 'age_2' },
    ]);
    expect(t.report.notes).toHaveLength(2);
    expect(t.report.notes[1]).toContain('"age"');
    expect(t.report.raggedRows).toEqual([
      { line: 3, expected: 4, found: 2 },
      { line: 5, expected: 4, found: 5 },
    ]);
    expect(t.rows[1]).toEqual(['2', '61', '', '']);
    expect(t.rows[2]).toEqual(['3', '62', 'a', 'b']);
  });

  it('refuses an unclosed quote with the line it starts on', () => {
    try {
      readDelimited(utf8('id,note\n1,ok\n2,"never closed\n3,x\n'), 'q.csv');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect([(e as InputError).file, (e as InputError).line, (e as InputError).column]).toEqual(['q.csv', 3, 2]);
    }
  });

  it('sniffs tab over comma when commas are inside values', () => {
    expect(sniffDelimiter('name\tnote\nA\t"x, y"\nB\tz, w\n')).toBe('\t');
    expect(sniffDelimiter('a,b,c\n1,2,3\n')).toBe(',');
  });
});

describe('parseNumberCell', () => {
  it('reads missing markers as null', () => {
    for (const m of ['', '  ', 'NA', 'N/A', 'n/a', '-', '–', '.', 'nil', 'NaN', '#N/A']) {
      expect(parseNumberCell(m)).toEqual({ value: null });
    }
  });

  it('reads decimal commas, points and thousands separators', () => {
    expect(parseNumberCell('3.5').value).toBe(3.5);
    expect(parseNumberCell('3,5').value).toBe(3.5);
    expect(parseNumberCell('3,5', { decimalComma: true }).value).toBe(3.5);
    expect(parseNumberCell('1.234,5').value).toBe(1234.5);
    expect(parseNumberCell('1,234.5').value).toBe(1234.5);
    expect(parseNumberCell('1 234,5').value).toBe(1234.5);
    expect(parseNumberCell('1\u00a0234\u00a0567').value).toBe(1234567);
    expect(parseNumberCell("1'234.5").value).toBe(1234.5);
    expect(parseNumberCell('1.234.567').value).toBe(1234567);
    expect(parseNumberCell('1,234').value).toBe(1234);
    expect(parseNumberCell('1.234', { decimalComma: true }).value).toBe(1234);
    expect(parseNumberCell('−2.5e-3').value).toBe(-0.0025);
    expect(parseNumberCell('+.5').value).toBe(0.5);
  });

  it('explains what is wrong', () => {
    expect(parseNumberCell('abc').error).toContain('"abc"');
    expect(parseNumberCell('<5').error).toBeDefined();
    expect(parseNumberCell('1,23.4').error).toBeDefined();
    expect(parseNumberCell('12,5', { decimalComma: false }).error).toContain('decimal comma');
    expect(parseNumberCell('1,5.5', { decimalComma: true }).error).toBeDefined();
  });
});

describe('parseDateCell', () => {
  it('reads each supported form', () => {
    expect(parseDateCell('2014-03-05').value).toBe('2014-03-05');
    expect(parseDateCell('2014-03-05T08:30:00Z').value).toBe('2014-03-05');
    expect(parseDateCell('2014/3/5').value).toBe('2014-03-05');
    expect(parseDateCell('05/03/2014', { order: 'dmy' }).value).toBe('2014-03-05');
    expect(parseDateCell('05/03/2014', { order: 'mdy' }).value).toBe('2014-05-03');
    expect(parseDateCell('05.03.2014').value).toBe('2014-03-05');
    expect(parseDateCell('31/12/2014').value).toBe('2014-12-31');
    expect(parseDateCell('12/31/2014').value).toBe('2014-12-31');
    expect(parseDateCell('05/03/2014')).toEqual({ value: '2014-03-05', ambiguous: true });
    expect(parseDateCell('2014年3月5日').value).toBe('2014-03-05');
    expect(parseDateCell('2014年03月05日').value).toBe('2014-03-05');
    expect(parseDateCell('5 Mar 2014').value).toBe('2014-03-05');
    expect(parseDateCell('05-Mar-2014').value).toBe('2014-03-05');
    expect(parseDateCell('March 5, 2014').value).toBe('2014-03-05');
    expect(parseDateCell('20140305').value).toBe('2014-03-05');
    expect(parseDateCell('NA')).toEqual({ value: null });
  });

  it('reads Excel serials in the 1900 system, with its phantom 29 Feb 1900', () => {
    expect(parseDateCell('41275').value).toBe('2013-01-01');
    expect(excelSerialToIso(41275)).toBe('2013-01-01');
    expect(excelSerialToIso(1)).toBe('1900-01-01');
    expect(excelSerialToIso(59)).toBe('1900-02-28');
    expect(excelSerialToIso(61)).toBe('1900-03-01');
    expect(excelSerialToIso(60)).toBeNull();
    expect(parseDateCell('60').error).toContain('1900-02-29');
    expect(parseDateCell('43831.75').value).toBe('2020-01-01');
  });

  it('refuses impossible dates and text', () => {
    expect(parseDateCell('2014-02-30').error).toContain('2014-02-30');
    expect(parseDateCell('2015-02-29').error).toBeDefined();
    expect(parseDateCell('2016-02-29').value).toBe('2016-02-29');
    expect(parseDateCell('31/31/2014').error).toBeDefined();
    expect(parseDateCell('soon').error).toContain('"soon"');
  });
});

describe('inferColumnType', () => {
  it('tells numbers, dates, categories, text and empty apart, with missing counts', () => {
    expect(inferColumnType(['65', '70', 'NA', '', '58.5'])).toMatchObject({ type: 'number', missing: 2, present: 3, decimalComma: false });
    expect(inferColumnType(['2014-03-05', '2015/01/02', '-', '41275'])).toMatchObject({ type: 'date', missing: 1, present: 3 });
    expect(inferColumnType(['M', 'F', 'F', 'M', 'N/A'])).toMatchObject({ type: 'category', missing: 1, distinct: 2 });
    expect(inferColumnType(['P001', 'P002', 'P003'])).toMatchObject({ type: 'text', distinct: 3 });
    expect(inferColumnType(['', 'NA', '.'])).toMatchObject({ type: 'empty', missing: 3, present: 0 });
  });

  it('settles the day/month order from the column', () => {
    expect(inferColumnType(['05/03/2014', '13/03/2014'])).toMatchObject({ type: 'date', dateOrder: 'dmy', dateOrderAssumed: false });
    expect(inferColumnType(['05/03/2014', '03/13/2014'])).toMatchObject({ type: 'date', dateOrder: 'mdy' });
    expect(inferColumnType(['05/03/2014', '04/03/2014'])).toMatchObject({ type: 'date', dateOrder: 'dmy', dateOrderAssumed: true });
  });

  it('keeps a mostly numeric lab column numeric and lists the bad cells', () => {
    const v = ['1.2', '3.4', '<0.5', '2', '5', '6', '7', '8', '9', '10', '11'];
    expect(inferColumnType(v)).toMatchObject({ type: 'number', invalid: 1, invalidRows: [2] });
  });
});
