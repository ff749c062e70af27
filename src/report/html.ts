/**
 * The report as HTML (SPEC §5 Report): one pure builder used three ways —
 *
 * - the preview in the Report tab (the body, inside the view's shadow root),
 * - printing (the same body copied into a print-only root of the page; src/views/report/print-root.ts),
 * - "Save as HTML": ONE self-contained file (`reportDocumentHtml`) with the CSS inline, every figure
 *   as inline vector SVG, no script, no URL of any kind, and a strict CSP meta
 *   (default-src 'none'; style-src 'unsafe-inline'; img-src data:), so it opens anywhere — from
 *   file://, offline, attached to an e-mail — and requests nothing.
 *
 * Tables and figures are numbered separately (Table 1, 2 …; Figure 1, 2 …) in the order chosen;
 * table captions go above the table, figure captions below the figure, as journals print them.
 * Every text is escaped; study data sit in `data-user` elements.
 */
import { msg, str } from '@lit/localize';
import type { ExportCell, ExportTable } from '../export/table.ts';
import { isFigure, type BuiltItem, type ExportFigure } from './items.ts';
import type { MethodsSection } from './methods.ts';

/** The CSP of a saved report: nothing may load, only the inline styles apply. */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/** Most table rows a report prints (the view's CSV export has them all). */
export const MAX_REPORT_ROWS = 500;

/** Text cells longer than this get room (a minimum width) instead of a word per line; up to SHORT_CELL they stay on one line ("0.169 a,c"). */
const LONG_CELL = 40;
const SHORT_CELL = 12;

/** One numbered table or figure of the report. */
export interface ReportEntry {
  id: string;
  kind: 'table' | 'figure';
  /** 1-based, counted per kind. */
  number: number;
  caption: string;
  content: ExportTable | ExportFigure | null;
  /** Why it could not be built (shown in its place). */
  error?: string;
}

/** Everything the report page shows. */
export interface ReportDoc {
  title: string;
  studyName: string;
  synthetic: boolean;
  /** The report's date, already formatted in its language. */
  date: string;
  /** html lang ('en', 'zh-Hans'). */
  lang: string;
  /** Intl locale for numbers. */
  loc: string;
  entries: ReportEntry[];
  methods: MethodsSection[];
  /** "Myeloma DR Workbench 0.1.0 (build …)". */
  software: string;
}

/** A caption without a number the builder may have put in front ("Table 1. …", "图2 …"). */
export function stripNumber(caption: string): string {
  return caption.replace(/^\s*(table|figure|fig\.|表|图|圖)\s*\d+\s*[.:：、]?\s*/i, '').trim();
}

/** Numbers built items per kind, with the user's caption where there is one (else the built title). */
export function numberEntries(built: readonly BuiltItem[], captions: Readonly<Record<string, string | undefined>> = {}): ReportEntry[] {
  let tables = 0;
  let figures = 0;
  return built.map((b) => {
    const kind = b.item.kind;
    const number = kind === 'table' ? ++tables : ++figures;
    const own = captions[b.item.id]?.trim();
    if (b.ok) return { id: b.item.id, kind, number, caption: own || stripNumber(b.content.title), content: b.content };
    return { id: b.item.id, kind, number, caption: own || b.item.title(), content: null, error: b.error };
  });
}

/** Escapes text for HTML content and attribute values. */
export function escHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const SUP: Record<string, string> = { '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };

/** a × 10ᵏ with `digits` decimals of a. */
function sci(x: number, loc: string, digits: number): string {
  const [m, e] = x.toExponential(digits).split('e');
  return `${new Intl.NumberFormat(loc, { maximumFractionDigits: digits }).format(Number(m))}\u00a0×\u00a010${String(Number(e)).split('').map((d) => SUP[d] ?? d).join('')}`;
}

/**
 * A number cell as the report prints it (exports keep full precision; a page shows what a reader
 * reads): counts grouped as the language does; very large values (concentrations in particles/ml)
 * and very small ones (p-values of thousands of probes) as a × 10ᵏ; otherwise 2 decimals from 100
 * up, 3 from 1 up, and 4 significant digits below — so values a view rounds (235.43, 122.6) print
 * as the view shows them.
 */
export function formatCell(c: ExportCell, loc: string): string {
  if (c == null) return '';
  if (typeof c === 'string') return c;
  if (!Number.isFinite(c)) return '';
  const a = Math.abs(c);
  if (a >= 1e7) return sci(c, loc, 3);
  if (Number.isInteger(c)) return new Intl.NumberFormat(loc, { maximumFractionDigits: 0 }).format(c);
  if (a < 1e-4) return sci(c, loc, 2);
  if (a >= 100) return new Intl.NumberFormat(loc, { maximumFractionDigits: 2 }).format(c);
  if (a >= 1) return new Intl.NumberFormat(loc, { maximumFractionDigits: 3 }).format(c);
  return new Intl.NumberFormat(loc, { maximumSignificantDigits: 4 }).format(c);
}

/**
 * A figure's SVG made fit to sit inline in an HTML page: no XML prolog, no namespace URLs (the HTML
 * parser puts <svg> in the SVG namespace by itself), and nothing active (scripts, event handlers,
 * foreignObject, external references) even if a builder ever let one through.
 */
export function inlineSvg(svg: string): string {
  return svg
    .replace(/<\?xml[^>]*\?>\s*/g, '')
    .replace(/<!DOCTYPE[^>]*>\s*/gi, '')
    .replace(/\sxmlns(:\w+)?="[^"]*"/g, '')
    .replace(/<script[\s\S]*?<\/script>/gi, '')
    .replace(/<foreignObject[\s\S]*?<\/foreignObject>/gi, '')
    .replace(/\son\w+\s*=\s*("[^"]*"|'[^']*')/gi, '')
    .replace(/\s(xlink:)?href\s*=\s*("(?!#)[^"]*"|'(?!#)[^']*')/gi, '');
}

function tableHtml(t: ExportTable, e: ReportEntry, loc: string): string {
  const shown = t.rows.slice(0, MAX_REPORT_ROWS);
  const num = (c: ExportCell) => typeof c === 'number';
  const head = `<thead><tr>${t.columns.map((c, i) => `<th scope="col"${i > 0 && shown.length && shown.every((r) => num(r[i]) || r[i] == null) ? ' class="num"' : ''}>${escHtml(c)}</th>`).join('')}</tr></thead>`;
  const cls = (c: ExportCell): string => {
    if (num(c)) return ' class="num"';
    if (typeof c !== 'string') return '';
    // the Tables view indents levels under their characteristic with leading spaces (as in its CSV)
    const indent = Math.min(3, Math.floor((c.length - c.trimStart().length) / 2));
    const k = [indent ? `in${indent}` : '', c.length > LONG_CELL ? 'long' : c.trim().length <= SHORT_CELL ? 'short' : ''].filter(Boolean).join(' ');
    return k ? ` class="${k}"` : '';
  };
  const body = `<tbody data-user>${shown.map((r) => `<tr>${r.map((c) => `<td${cls(c)}>${escHtml(typeof c === 'string' ? c.trim() : formatCell(c, loc))}</td>`).join('')}</tr>`).join('')}</tbody>`;
  const notes = [...(t.footnotes ?? [])];
  if (t.rows.length > shown.length) {
    notes.unshift(msg(str`The first ${formatCell(shown.length, loc)} of ${formatCell(t.rows.length, loc)} rows are printed; the view's CSV export has them all.`, { id: 'report.html.truncated' }));
  }
  return `<section class="item table" id="${escHtml(e.id)}" data-kind="table" data-number="${e.number}">
<p class="caption"><b>${escHtml(msg(str`Table ${e.number}.`, { id: 'report.html.tableNo' }))}</b> <span data-user>${escHtml(e.caption)}</span></p>
<div class="scroll"><table>${head}${body}</table></div>
${notes.length ? `<ul class="notes">${notes.map((n) => `<li>${escHtml(n)}</li>`).join('')}</ul>` : ''}
</section>`;
}

function figureHtml(f: ExportFigure, e: ReportEntry): string {
  return `<figure class="item figure" id="${escHtml(e.id)}" data-kind="figure" data-number="${e.number}">
<div class="svg" role="img" aria-label="${escHtml(e.caption)}" data-user>${inlineSvg(f.svg)}</div>
<figcaption class="caption"><b>${escHtml(msg(str`Figure ${e.number}.`, { id: 'report.html.figureNo' }))}</b> <span data-user>${escHtml(e.caption)}</span></figcaption>
</figure>`;
}

function errorHtml(e: ReportEntry): string {
  const label = e.kind === 'table' ? msg(str`Table ${e.number}.`, { id: 'report.html.tableNo' }) : msg(str`Figure ${e.number}.`, { id: 'report.html.figureNo' });
  return `<section class="item missing" id="${escHtml(e.id)}" data-kind="${e.kind}" data-number="${e.number}">
<p class="caption"><b>${escHtml(label)}</b> <span data-user>${escHtml(e.caption)}</span></p>
<p class="error">${escHtml(msg(str`Could not be built: ${e.error ?? ''}`, { id: 'report.html.failed' }))}</p>
</section>`;
}

/** The report's body (title block, numbered tables and figures, methods, footer) inside `<article class="mmdr-report">`. */
export function reportBodyHtml(doc: ReportDoc): string {
  const items = doc.entries.map((e) => (e.content ? (isFigure(e.content) ? figureHtml(e.content, e) : tableHtml(e.content, e, doc.loc)) : errorHtml(e)));
  const nT = doc.entries.filter((e) => e.kind === 'table').length;
  const nF = doc.entries.filter((e) => e.kind === 'figure').length;
  const counts = msg(str`${nT} tables and ${nF} figures`, { id: 'report.html.counts' });
  return `<article class="mmdr-report" lang="${escHtml(doc.lang)}">
<header class="head">
<h1 data-user>${escHtml(doc.title)}</h1>
<p class="meta">${escHtml(msg('Study:', { id: 'report.html.study' }))} <b data-user>${escHtml(doc.studyName)}</b>${doc.synthetic ? ` <span class="badge">${escHtml(msg('synthetic data', { id: 'report.html.synthetic' }))}</span>` : ''} · <span>${escHtml(doc.date)}</span> · <span>${escHtml(counts)}</span></p>
</header>
${items.length ? `<div class="items">${items.join('\n')}</div>` : `<p class="empty">${escHtml(msg('No tables or figures chosen.', { id: 'report.html.noItems' }))}</p>`}
${doc.methods.length ? `<section class="methods" id="methods">
<h2>${escHtml(msg('Methods', { id: 'report.html.methods' }))}</h2>
${doc.methods.map((m) => `<h3>${escHtml(m.heading)}</h3>\n<p data-section="${m.id}">${escHtml(m.text)}</p>`).join('\n')}
</section>` : ''}
<footer class="foot"><p>${escHtml(msg(str`Made with ${doc.software} on ${doc.date}. This file loads nothing from anywhere: every table and figure is inside it.`, { id: 'report.html.footer' }))}</p></footer>
</article>`;
}

/**
 * The report's styles, scoped to `.mmdr-report` (they apply alike in the saved file, in the view's
 * shadow root and in the print root), with the print rules: A4, every table or figure on a page of
 * its own, table headers repeated across pages, colours kept, no screen chrome.
 */
export const REPORT_CSS = `
.mmdr-report { font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK SC", "Microsoft YaHei", Arial, sans-serif; color: #1d2733; line-height: 1.45; max-width: 60rem; margin: 0 auto; background: #fff; }
.mmdr-report h1 { font-size: 1.6rem; margin: 0 0 .3rem; font-weight: 600; }
.mmdr-report h2 { font-size: 1.25rem; margin: 1.6rem 0 .4rem; font-weight: 600; }
.mmdr-report h3 { font-size: 1rem; margin: 1rem 0 .2rem; font-weight: 600; }
.mmdr-report .meta { color: #4a5666; margin: 0 0 1rem; }
.mmdr-report .badge { display: inline-block; font-size: .75rem; padding: .05rem .45rem; border-radius: 999px; background: #fff3d6; color: #7a5300; border: 1px solid #f0d58a; }
.mmdr-report .item { margin: 1.4rem 0; }
.mmdr-report .caption { margin: .2rem 0 .4rem; }
.mmdr-report .scroll { overflow-x: auto; }
.mmdr-report table { border-collapse: collapse; font-size: .85rem; font-variant-numeric: tabular-nums; }
.mmdr-report th, .mmdr-report td { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid #d9dee5; vertical-align: top; }
.mmdr-report thead th { border-top: 1.5px solid #1d2733; border-bottom: 1px solid #1d2733; font-weight: 600; }
.mmdr-report tbody tr:last-child td { border-bottom: 1.5px solid #1d2733; }
.mmdr-report td.num, .mmdr-report th.num { text-align: right; }
.mmdr-report td.num, .mmdr-report td:first-child { white-space: nowrap; }
.mmdr-report td.long { min-width: 14em; }
.mmdr-report td.short { white-space: nowrap; }
.mmdr-report td.in1 { padding-left: 1.4em; }
.mmdr-report td.in2 { padding-left: 2.4em; }
.mmdr-report td.in3 { padding-left: 3.4em; }
.mmdr-report .notes { font-size: .8rem; color: #3b4757; margin: .4rem 0 0; padding-left: 1.1rem; }
.mmdr-report .notes li { margin: .1rem 0; }
.mmdr-report figure { margin: 1.4rem 0; }
.mmdr-report .svg svg { max-width: 100%; height: auto; display: block; }
.mmdr-report figcaption { margin-top: .4rem; }
.mmdr-report .error { background: #fdf0f0; border: 1px solid #e3b4b6; color: #7d1d22; padding: .4rem .6rem; border-radius: 6px; }
.mmdr-report .methods p { margin: .2rem 0 .6rem; font-size: .95rem; }
.mmdr-report .foot { margin-top: 2rem; border-top: 1px solid #d9dee5; font-size: .8rem; color: #5b6778; }
@media print {
  .mmdr-report { max-width: none; font-size: 10pt; }
  .mmdr-report .item { margin: 0; }
  .mmdr-report .item + .item, .mmdr-report .methods { break-before: page; page-break-before: always; }
  .mmdr-report figure, .mmdr-report .caption { break-inside: avoid; page-break-inside: avoid; }
  .mmdr-report .caption { break-after: avoid; page-break-after: avoid; }
  .mmdr-report thead { display: table-header-group; }
  .mmdr-report tr { break-inside: avoid; page-break-inside: avoid; }
  .mmdr-report .scroll { overflow: visible; }
  .mmdr-report table { width: 100%; font-size: 8pt; }
  .mmdr-report th, .mmdr-report td { padding: 2pt 3pt; overflow-wrap: break-word; }
  .mmdr-report .svg svg { max-height: 23cm; }
  .mmdr-report * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;

/** Page-level styles of the saved file (the page around the article, and A4 margins when printed). */
const PAGE_CSS = `
html { background: #f4f6f9; }
body { margin: 0; padding: 1.5rem; }
.mmdr-report { padding: 1.5rem 2rem; border: 1px solid #dde3eb; border-radius: 8px; }
@page { size: A4; margin: 16mm 14mm; }
@media print { html { background: #fff; } body { padding: 0; } .mmdr-report { padding: 0; border: 0; } }
`;

/** The self-contained HTML file of a report (see the file header). */
export function reportDocumentHtml(doc: ReportDoc): string {
  return `<!DOCTYPE html>
<html lang="${escHtml(doc.lang)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${escHtml(doc.software)}">
<link rel="icon" href="data:,">
<title>${escHtml(doc.title)}</title>
<style>${PAGE_CSS}${REPORT_CSS}</style>
</head>
<body>
${reportBodyHtml(doc)}
</body>
</html>
`;
}
