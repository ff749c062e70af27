/**
 * What the Expression view contributes to a report: the differentially expressed probes (the
 * paper's list: fold change ≥ the cut-off either way, optionally a BH filter), the volcano plot (the
 * fold-change plot for a pooled design), the normalization QC table and the boxplots before and
 * after normalization — with the study's saved array settings (study.settings.arrays), from the
 * shared array analysis (the same cached worker result the Expression view shows) and the view's
 * builders (src/views/expression/).
 */
import { msg, str } from '@lit/localize';
import type { StudyRecord } from '../../study/model.ts';
import { chooseGroupOrder, expressionSettings, type ExpressionSettings } from '../../study/expression-settings.ts';
import type { ExpressionResult } from '../../study/expression-analysis.ts';
import { classifyProbes } from '../../stats/differential.ts';
import { deColumns, deExportTable, deTableRows, defaultQuery, queryRows } from '../../views/expression/de-table.ts';
import { boxFigure, volcanoFigure, type PlotFigure } from '../../views/expression/figure.ts';
import { plotFigureSvg } from '../../views/expression/plot-svg.ts';
import { methodName, qcExportTable } from '../../views/expression/tables.ts';
import type { ExportTable } from '../../export/table.ts';
import type { ExportFigure, ReportContext, ReportItem, ReportProvider } from '../items.ts';

/** The study's array analysis with its saved settings (the worker's result once per report build). */
export async function expressionRun(cx: ReportContext): Promise<{ r: ExpressionResult; s: ExpressionSettings; cls: Int8Array }> {
  const s = expressionSettings(cx.study.settings?.arrays);
  const r = await cx.memo('expression', () => cx.engine.expression(cx.study, s, cx.signal));
  const cls = classifyProbes(r.de, { cutoff: s.foldChangeCutoff, basis: s.foldChangeBasis, ...(s.maxAdjP != null ? { maxAdjP: s.maxAdjP } : {}) });
  let up = 0;
  let down = 0;
  for (const c of cls) { if (c > 0) up++; else if (c < 0) down++; }
  cx.facts.arrays = {
    probes: r.probes.length, arrays: r.arrays.length, selected: r.normalization.selected, up, down,
    controlsLeftOut: r.readOut.controlNames.length, pooled: r.de.foldChangeOnly,
  };
  return { r, s, cls };
}

const svgOf = (f: PlotFigure, loc: string): ExportFigure => {
  const x = plotFigureSvg(f, { locale: loc });
  return { title: x.title, svg: x.svg, width: x.width, height: x.height };
};

/** The differentially expressed probes in the view's default order, in the view's export layout narrowed to what a paper prints. */
async function deTable(cx: ReportContext): Promise<ExportTable> {
  const { r, s, cls } = await expressionRun(cx);
  const hasP = !!r.de.p;
  const rows = queryRows(deTableRows(r, cls, s.foldChangeBasis), { ...defaultQuery(hasP), show: 'regulated' });
  const full = deExportTable(r, rows, {
    cutoff: s.foldChangeCutoff, basis: s.foldChangeBasis, maxAdjP: s.maxAdjP,
    methodName: r.de.foldChangeOnly ? msg('fold change only', { id: 'report.expression.fcOnly' }) : methodName(r.de.method),
  });
  const c = deColumns(r.order, s.foldChangeBasis);
  const keep = [c.probe, c.mean1, c.mean2, c.fc, c.logFC, ...(hasP ? [c.p, c.adjP] : []), c.cls];
  const idx = keep.map((k) => full.columns.indexOf(k)).filter((i) => i >= 0);
  const [ref, cmp] = r.order;
  return {
    title: msg(str`Differentially expressed probes, ${cmp} vs ${ref}`, { id: 'report.expression.deTitle' }),
    columns: idx.map((i) => full.columns[i]),
    rows: full.rows.map((row) => idx.map((i) => row[i])),
    footnotes: [
      ...(rows.length ? [] : [msg('No probe passes the cut-off.', { id: 'report.expression.none' })]),
      ...(full.footnotes ?? []),
    ],
  };
}

async function volcano(cx: ReportContext): Promise<ExportFigure> {
  const { r, s, cls } = await expressionRun(cx);
  return svgOf(volcanoFigure(r, cls, { cutoff: s.foldChangeCutoff, maxAdjP: s.maxAdjP, loc: cx.loc }), cx.loc);
}

async function boxes(cx: ReportContext, which: 'before' | 'after'): Promise<ExportFigure> {
  const { r } = await expressionRun(cx);
  const word = r.analysedScale === 'log2' ? msg('log2 intensity', { id: 'report.expression.log2Intensity' }) : msg('intensity', { id: 'report.expression.intensity' });
  return svgOf(which === 'before'
    ? boxFigure(r.qc.before, r, msg('Before normalization', { id: 'report.expression.before' }), word)
    : boxFigure(r.qc.after, r, msg('After normalization', { id: 'report.expression.after' }), word), cx.loc);
}

/** The Expression view's report items (when two groups of arrays can be compared). */
export const expressionProvider: ReportProvider = {
  view: 'expression',
  label: () => msg('Expression', { id: 'report.view.expression' }),
  items(study: StudyRecord): ReportItem[] {
    const s = expressionSettings(study.settings?.arrays);
    if (!chooseGroupOrder(study.arrays.map((a) => a.group), s.groupOrder).order) return [];
    return [
      { id: 'expression:de-table', view: 'expression', kind: 'table', title: () => msg('Differentially expressed probes', { id: 'report.expression.item.de' }), build: deTable },
      { id: 'expression:volcano', view: 'expression', kind: 'figure', title: () => msg('Volcano plot', { id: 'report.expression.item.volcano' }), build: volcano },
      { id: 'expression:qc', view: 'expression', kind: 'table', title: () => msg('Normalization per array (QC)', { id: 'report.expression.item.qc' }),
        build: async (cx) => { const { r } = await expressionRun(cx); return qcExportTable(r, cx.loc); } },
      { id: 'expression:box-before', view: 'expression', kind: 'figure', title: () => msg('Boxplots before normalization', { id: 'report.expression.item.boxBefore' }), build: (cx) => boxes(cx, 'before') },
      { id: 'expression:box-after', view: 'expression', kind: 'figure', title: () => msg('Boxplots after normalization', { id: 'report.expression.item.boxAfter' }), build: (cx) => boxes(cx, 'after') },
    ];
  },
};
