import { tableToCsv, tableToHtml, tableToText, tableToSheetRows, type ExportTable } from './table.ts';

/** A file name safe on every OS, from a title (keeps CJK characters). */
export function safeFileName(title: string, ext: string): string {
  const base = title.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 80) || 'export';
  return `${base}.${ext}`;
}

/** Saves a Blob through a temporary object URL (no network; works offline and from file://). */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Downloads a table as CSV (UTF-8 with BOM). */
export function downloadCsv(t: ExportTable): void {
  saveBlob(new Blob([tableToCsv(t)], { type: 'text/csv;charset=utf-8' }), safeFileName(t.title, 'csv'));
}

/** Downloads one or more tables as an XLSX workbook (one sheet each; write-excel-file, loaded on demand). */
export async function downloadXlsx(tables: ExportTable[], fileTitle = tables[0]?.title ?? 'tables'): Promise<void> {
  const { default: writeXlsxFile } = await import('write-excel-file/browser');
  const sheets = tables.map((t, i) => ({
    data: tableToSheetRows(t) as never,
    sheet: (t.title.replace(/[\\/?*[\]:]/g, ' ').slice(0, 28) || `Sheet${i + 1}`) + (tables.length > 1 ? ` ${i + 1}` : ''),
  }));
  const blob = await writeXlsxFile(sheets as never).toBlob();
  saveBlob(blob, safeFileName(fileTitle, 'xlsx'));
}

/** Copies a table to the clipboard as HTML (Word/WPS paste a real table) with a plain-text fallback. */
export async function copyTable(t: ExportTable): Promise<void> {
  const html = tableToHtml(t);
  const text = tableToText(t);
  if (typeof ClipboardItem !== 'undefined' && navigator.clipboard?.write) {
    await navigator.clipboard.write([new ClipboardItem({ 'text/html': new Blob([html], { type: 'text/html' }), 'text/plain': new Blob([text], { type: 'text/plain' }) })]);
  } else {
    await navigator.clipboard.writeText(text);
  }
}

/** Downloads an SVG figure as is (vector, for journals). */
export function downloadSvg(svg: string, title: string): void {
  saveBlob(new Blob([svg], { type: 'image/svg+xml;charset=utf-8' }), safeFileName(title, 'svg'));
}

/**
 * Rasterises an SVG figure to PNG at `scale`× (300 dpi-ish at 3×) through an <img> and a canvas,
 * entirely in the page (the SVG is a blob: URL, so no request leaves the origin).
 */
export async function svgToPngBlob(svg: string, width: number, height: number, scale = 3): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml;charset=utf-8' }));
  try {
    const img = new Image();
    img.decoding = 'async';
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Downloads an SVG figure rasterised to PNG. */
export async function downloadPng(svg: string, width: number, height: number, title: string): Promise<void> {
  saveBlob(await svgToPngBlob(svg, width, height), safeFileName(title, 'png'));
}
