/**
 * The differential-expression table as the Expression view shows and exports it: one row per
 * probe with the group means, fold change both ways, log2FC, t, p, BH-adjusted p and B; search,
 * filter by regulation, sort on any column (missing values last), and pages. Pure: no DOM.
 */
import { msg, str } from '@lit/localize';
import type { ExportTable } from '../../export/table.ts';
import type { ExpressionResult } from '../../study/expression-analysis.ts';

/** Sortable columns. */
export type DeSortKey = 'probe' | 'mean1' | 'mean2' | 'fc' | 'fcInv' | 'logFC' | 't' | 'p' | 'adjP' | 'B';

/** Which rows to show. */
export type DeShow = 'all' | 'regulated' | 'up' | 'down';

/** One probe's row (numbers; NaN = missing). */
export interface DeTableRow {
  /** Index into the result's probes. */
  i: number;
  probe: string;
  /** Mean log2 value in the reference and comparison group. */
  mean1: number;
  mean2: number;
  /** Fold change comparison / reference, and reference / comparison (on the chosen basis). */
  fc: number;
  fcInv: number;
  logFC: number;
  t: number;
  p: number;
  adjP: number;
  B: number;
  /** 1 higher in the comparison group, −1 lower, 0 below the cut-off. */
  cls: number;
}

/** The rows of a result under a classification (fold changes on the result's or the given basis). */
export function deTableRows(r: ExpressionResult, cls: Int8Array, basis: 'linear' | 'log2' = r.de.foldChangeBasis): DeTableRow[] {
  const de = r.de;
  const fc = basis === 'linear' ? de.foldChangeLinear : de.foldChangeLog2;
  return r.probes.map((probe, i) => ({
    i, probe,
    mean1: de.mean1[i], mean2: de.mean2[i],
    fc: fc[i], fcInv: 1 / fc[i],
    logFC: de.logFC[i],
    t: de.t ? de.t[i] : NaN, p: de.p ? de.p[i] : NaN, adjP: de.adjP ? de.adjP[i] : NaN, B: de.B ? de.B[i] : NaN,
    cls: cls[i],
  }));
}

/** View state of the table. */
export interface DeQuery {
  /** Case-insensitive substring of the probe name ('' = all). */
  search: string;
  show: DeShow;
  sort: DeSortKey;
  /** 1 ascending, −1 descending. */
  dir: 1 | -1;
}

/** The default order: most significant first when there are p-values, else the largest fold change either way. */
export function defaultQuery(hasP: boolean): DeQuery {
  return { search: '', show: 'all', sort: hasP ? 'p' : 'logFC', dir: hasP ? 1 : -1 };
}

/** Sort value of a row: for logFC descending, |logFC| (largest change either way first). */
function key(row: DeTableRow, k: DeSortKey, dir: 1 | -1): number | string {
  if (k === 'probe') return row.probe;
  if (k === 'logFC' && dir === -1) return Math.abs(row.logFC);
  return row[k];
}

/** Rows matching the query, sorted (missing values always last; ties by probe name). */
export function queryRows(rows: readonly DeTableRow[], q: DeQuery): DeTableRow[] {
  const needle = q.search.trim().toLowerCase();
  const out = rows.filter((r) => (q.show === 'all' || (q.show === 'up' ? r.cls > 0 : q.show === 'down' ? r.cls < 0 : r.cls !== 0))
    && (needle === '' || r.probe.toLowerCase().includes(needle)));
  out.sort((a, b) => {
    const ka = key(a, q.sort, q.dir);
    const kb = key(b, q.sort, q.dir);
    if (typeof ka === 'string' || typeof kb === 'string') return q.dir * String(ka).localeCompare(String(kb));
    const na = Number.isNaN(ka);
    const nb = Number.isNaN(kb);
    if (na || nb) return na && nb ? a.probe.localeCompare(b.probe) : na ? 1 : -1;
    return q.dir * (ka - kb) || a.probe.localeCompare(b.probe);
  });
  return out;
}

/** The page (0-based) holding probe index `i` in the queried rows, or −1 when it is filtered out. */
export function pageOfProbe(rows: readonly DeTableRow[], i: number, pageSize: number): number {
  const at = rows.findIndex((r) => r.i === i);
  return at < 0 ? -1 : Math.floor(at / pageSize);
}

/** Column headers of the DE table (group labels are user data, inserted as given). */
export function deColumns(order: readonly [string, string], basis: 'linear' | 'log2') {
  const [ref, cmp] = order;
  return {
    probe: msg('Probe', { id: 'expression.col.probe' }),
    mean1: msg(str`Mean log2 ${ref}`, { id: 'expression.col.mean' }),
    mean2: msg(str`Mean log2 ${cmp}`, { id: 'expression.col.mean' }),
    fc: basis === 'linear' ? msg(str`Fold change ${cmp}/${ref}`, { id: 'expression.col.fc' }) : msg(str`Fold change ${cmp}/${ref} (2^log2FC)`, { id: 'expression.col.fcLog2' }),
    fcInv: basis === 'linear' ? msg(str`Fold change ${ref}/${cmp}`, { id: 'expression.col.fc' }) : msg(str`Fold change ${ref}/${cmp} (2^log2FC)`, { id: 'expression.col.fcLog2' }),
    logFC: msg('log2FC', { id: 'expression.col.logFC' }),
    t: msg('t', { id: 'expression.col.t' }),
    p: msg('p', { id: 'expression.col.p' }),
    adjP: msg('BH-adjusted p', { id: 'expression.col.adjP' }),
    B: msg('B', { id: 'expression.col.B' }),
    cls: msg('Regulation', { id: 'expression.col.regulation' }),
  };
}

/** The regulation of a row in words. */
export function regulationText(c: number, cmp: string): string {
  return c > 0 ? msg(str`higher in ${cmp}`, { id: 'expression.reg.up' }) : c < 0 ? msg(str`lower in ${cmp}`, { id: 'expression.reg.down' }) : '';
}

const n = (x: number): number | null => (Number.isFinite(x) ? x : null);

/**
 * The DE table for export (CSV/XLSX/copy): every probe in the shown order (or all probes), full
 * precision numbers, the linear group means too, the test and settings in footnotes.
 */
export function deExportTable(r: ExpressionResult, rows: readonly DeTableRow[], opts: { cutoff: number; basis: 'linear' | 'log2'; maxAdjP: number | null; methodName: string }): ExportTable {
  const [ref, cmp] = r.order;
  const c = deColumns(r.order, opts.basis);
  const hasP = !!r.de.p;
  const withB = !!r.de.B;
  const columns = [c.probe, c.mean1, c.mean2,
    msg(str`Mean normalized intensity ${ref}`, { id: 'expression.col.linMean' }), msg(str`Mean normalized intensity ${cmp}`, { id: 'expression.col.linMean' }),
    c.fc, c.fcInv, c.logFC, msg('Average log2 expression', { id: 'expression.fig.aveExpr' }),
    ...(hasP ? [c.t, c.p, c.adjP] : []), ...(withB ? [c.B] : []), c.cls];
  const de = r.de;
  const body = rows.map((row) => [row.probe, n(row.mean1), n(row.mean2), n(de.linearMean1[row.i]), n(de.linearMean2[row.i]), n(row.fc), n(row.fcInv), n(row.logFC), n(de.aveExpr[row.i]),
    ...(hasP ? [n(row.t), n(row.p), n(row.adjP)] : []), ...(withB ? [n(row.B)] : []), regulationText(row.cls, cmp)]);
  const footnotes = [
    msg(str`Test: ${opts.methodName}. log2FC and fold changes: ${cmp} relative to ${ref}.`, { id: 'expression.export.note.test' }),
    opts.basis === 'linear'
      ? msg('Fold change = ratio of the mean normalized intensities (the paper\'s definition); log2FC = difference of the mean log2 values.', { id: 'expression.export.note.fcLinear' })
      : msg('Fold change = 2^log2FC (ratio of geometric means).', { id: 'expression.export.note.fcLog2' }),
    opts.maxAdjP != null && hasP
      ? msg(str`Regulation: fold change ≥ ${opts.cutoff} either way and BH-adjusted p ≤ ${opts.maxAdjP}.`, { id: 'expression.export.note.regAdj' })
      : msg(str`Regulation: fold change ≥ ${opts.cutoff} either way.`, { id: 'expression.export.note.reg' }),
  ];
  if (de.foldChangeOnly && de.foldChangeOnlyReason) footnotes.push(de.foldChangeOnlyReason);
  return { title: msg(str`Differential expression ${cmp} vs ${ref}`, { id: 'expression.export.deTitle' }), columns, rows: body, footnotes };
}
