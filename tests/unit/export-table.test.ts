import { describe, it, expect } from 'vitest';
import { tableToCsv, tableToHtml, tableToText, tableToSheetRows, type ExportTable } from '../../src/export/table.ts';
import { niceTicks, svgDocument, el, esc } from '../../src/export/svg.ts';

const t: ExportTable = {
  title: 'Table 1. 基线特征 <by drug>',
  columns: ['Characteristic', 'Bz (n = 115)', 'p'],
  rows: [['Age ≥ 65, n (%)', '25 (21.7%)', 0.015], ['Sex, "M"', null, NaN], ['a,b', 'line\nbreak', 12]],
  footnotes: ['p: Pearson χ² test.'],
};

describe('table export', () => {
  it('CSV: BOM, CRLF, quoting, numbers as numbers, empty for null/NaN', () => {
    const csv = tableToCsv(t);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.slice(1).split('\r\n')).toEqual([
      'Characteristic,Bz (n = 115),p', 'Age ≥ 65, n (%),25 (21.7%),0.015'.replace('Age ≥ 65, n (%)', '"Age ≥ 65, n (%)"'),
      '"Sex, ""M""",,', '"a,b","line\nbreak",12', '',
    ]);
  });

  it('HTML for Word: escaped, caption and footnotes kept, numbers right-aligned', () => {
    const h = tableToHtml(t);
    expect(h).toContain('<caption style="text-align:left;font-weight:bold">Table 1. 基线特征 &lt;by drug&gt;</caption>');
    expect(h).toContain('<td style="text-align:right">0.015</td>');
    expect(h).toContain('<p style="font-size:9pt;margin:2pt 0">p: Pearson χ² test.</p>');
    expect(h).not.toContain('<by drug>');
  });

  it('plain text and XLSX rows', () => {
    expect(tableToText(t).split('\n')[3]).toBe('Sex, "M"\t\tNaN');
    const rows = tableToSheetRows(t);
    expect(rows[0]![0]).toMatchObject({ value: t.title, fontWeight: 'bold' });
    expect(rows[2]![2]).toMatchObject({ value: 0.015, type: Number });
    expect(rows[3]![2]).toBeNull();
    expect(rows.at(-1)![0]).toMatchObject({ value: 'p: Pearson χ² test.' });
  });
});

describe('svg helpers', () => {
  it('nice ticks', () => {
    expect(niceTicks(0, 100, 5)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(0, 1, 4)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(niceTicks(3, 3)).toEqual([3]);
  });
  it('escapes attribute values and text passed through esc()', () => {
    const s = svgDocument(100, 50, el('text', { x: 1.234, y: 2, 'data-name': 'a"<b' }, esc('miR-16 <5p> & co')));
    expect(s).toContain('<text x="1.23" y="2" data-name="a&quot;&lt;b">miR-16 &lt;5p&gt; &amp; co</text>');
    expect(s).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="100"/);
  });
});
