/**
 * A tiny SVG writer for figures: every chart in the workbench can describe itself as SVG (vector
 * export for journals; PNG is the same SVG rasterised), so exports never depend on screen pixels.
 */

/** Escapes text for SVG content and attributes. */
export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Attributes object → ` k="v"` string (numbers rounded to 0.01 px; null/undefined skipped). */
export function attrs(a: Record<string, string | number | null | undefined>): string {
  return Object.entries(a)
    .filter(([, v]) => v != null)
    .map(([k, v]) => ` ${k}="${typeof v === 'number' ? +v.toFixed(2) : esc(String(v))}"`)
    .join('');
}

/** One SVG element. */
export function el(tag: string, a: Record<string, string | number | null | undefined>, children = ''): string {
  return children ? `<${tag}${attrs(a)}>${children}</${tag}>` : `<${tag}${attrs(a)}/>`;
}

/** A complete standalone SVG document with a white background and system fonts (CJK included). */
export function svgDocument(width: number, height: number, body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Arial, 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif" font-size="12">`
    + el('rect', { x: 0, y: 0, width, height, fill: '#fff' }) + body + '</svg>';
}

/** "Nice" axis ticks covering [min, max] (about `count` of them). */
export function niceTicks(min: number, max: number, count = 6): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (max === min) return [min];
  const raw = (max - min) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) out.push(+v.toPrecision(12));
  return out;
}
