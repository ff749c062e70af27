/**
 * What the clustering view contributes to a report: the heatmap with its dendrograms (the paper's
 * MEV figure) and, when the probe tree is cut into k clusters, the cluster sizes — with the study's
 * saved settings (study.settings.clustering) on the shared array analysis: the same rows
 * (src/views/clustering/rows.ts), the same worker task (clusterHeatmap), the view's model, colour
 * scale and SVG (src/views/clustering/).
 */
import { msg, str } from '@lit/localize';
import type { StudyRecord } from '../../study/model.ts';
import { chooseGroupOrder, expressionSettings } from '../../study/expression-settings.ts';
import { clusteringSettings, type ClusteringSettings } from '../../views/clustering/settings.ts';
import { rowMatrix, selectRows } from '../../views/clustering/rows.ts';
import { buildHeatmap, cutHeatmap, type HeatmapData } from '../../views/clustering/model.ts';
import { autoLimits, colorScale } from '../../views/clustering/colors.ts';
import { heatmapSvg } from '../../views/clustering/heatmap-svg.ts';
import { clusterName, count, distanceName, fixed, linkageName, valueTitle } from '../../views/clustering/format.ts';
import { clusterSizeTable } from '../../views/clustering/tables.ts';
import { expressionRun } from './expression.ts';
import type { ExportFigure, ReportContext, ReportItem, ReportProvider } from '../items.ts';

interface ClusteringRun { d: HeatmapData; s: ClusteringSettings; order: [string, string]; cutoff: number }

/** The study's heatmap with its saved settings (the worker's clustering once per report build). */
async function clusteringRun(cx: ReportContext): Promise<ClusteringRun> {
  const s = clusteringSettings(cx.study.settings?.clustering);
  const { r, s: as, cls } = await expressionRun(cx);
  const nP = r.probes.length;
  const log2 = r.arrays.map((_, j) => r.values.slice(j * nP, (j + 1) * nP));
  const up: string[] = [];
  const down: string[] = [];
  cls.forEach((c, i) => { if (c > 0) up.push(r.probes[i]); else if (c < 0) down.push(r.probes[i]); });
  const rows = selectRows({ probes: r.probes, log2, up, down }, s);
  const n = rows.index.length;
  if (n < 2 && s.axis !== 'columns') throw new Error(msg('Fewer than two probes to cluster with the saved row choice.', { id: 'report.clustering.fewRows' }));
  const probes = Array.from(rows.index, (i) => r.probes[i]);
  const axis = n < 2 ? 'columns' as const : s.axis;
  const res = await cx.memo(`clustering:${JSON.stringify([s.rows, s.search, s.distance, s.linkage, s.zScore, axis])}`, () => {
    const values = rowMatrix(log2, rows.index);
    return cx.engine.call('clusterHeatmap', [{
      values, nRows: n, nCols: r.arrays.length, rowLabels: probes, colLabels: r.arrays, distance: s.distance, linkage: s.linkage, zScore: s.zScore, axis,
    }], { transfer: [values.buffer], signal: cx.signal });
  });
  const upSet = new Set(up);
  const downSet = new Set(down);
  const d = buildHeatmap({
    probes, arrays: r.arrays, groups: r.groups, log2: rowMatrix(log2, rows.index), display: res.display, rowTree: res.rows, colTree: res.columns,
    regulation: Int8Array.from(probes, (p) => (upSet.has(p) ? 1 : downSet.has(p) ? -1 : 0)), settings: { ...s },
  });
  cx.facts.clustering = { rows: d.nRows, columns: d.nCols };
  return { d, s, order: r.order, cutoff: as.foldChangeCutoff };
}

function title(d: HeatmapData, loc: string): string {
  const n = count(d.nRows, loc);
  switch (d.settings.rows) {
    case 'de': return msg(str`Heatmap of the ${n} differentially expressed probes`, { id: 'report.clustering.titleDe' });
    case 'all': return msg(str`Heatmap of all ${n} probes`, { id: 'report.clustering.titleAll' });
    case 'search': return msg(str`Heatmap of ${n} probes matching the search`, { id: 'report.clustering.titleSearch' });
  }
}

/** The lines under the heatmap's title, as the view writes them. */
function caption(run: ClusteringRun, loc: string): string[] {
  const { d } = run;
  const s = d.settings;
  const parts = [msg(str`${distanceName(s.distance)}, ${linkageName(s.linkage)} linkage`, { id: 'report.clustering.method' })];
  parts.push(s.zScore ? msg('rows z-scored', { id: 'report.clustering.z' }) : msg('log2 values', { id: 'report.clustering.log2' }));
  if (!d.rowTree) parts.push(msg('probes not clustered', { id: 'report.clustering.noRows' }));
  if (!d.colTree) parts.push(msg('arrays not clustered', { id: 'report.clustering.noCols' }));
  const lines = [parts.join(' · ')];
  if (s.rows === 'de') lines.push(msg(str`Rows: fold change ≥ ${fixed(run.cutoff, loc, 1)} between ${run.order[1]} and ${run.order[0]}`, { id: 'report.clustering.de' }));
  return lines;
}

async function heatmap(cx: ReportContext): Promise<ExportFigure> {
  const run = await clusteringRun(cx);
  const { d, s } = run;
  const lim = s.limits ?? autoLimits(d.display, d.zScored);
  const t = title(d, cx.loc);
  const r = heatmapSvg(d, {
    title: t, caption: caption(run, cx.loc), scale: colorScale(s.palette, lim.low, lim.high), cut: cutHeatmap(d, s.k), locale: cx.loc,
    keyTitle: valueTitle(d.zScored), treeScale: s.treeScale, clusterLabel: clusterName,
    missingLabel: msg('missing', { id: 'report.clustering.missing' }), noGroupLabel: msg('no group', { id: 'report.clustering.noGroup' }),
    binnedNote: (bin, rows) => msg(str`The cells of ${count(rows, cx.loc)} probes are drawn as the mean of ${bin} neighbouring rows (the tree keeps every probe).`, { id: 'report.clustering.binned' }),
  });
  return { title: t, svg: r.svg, width: r.width, height: r.height };
}

/** The clustering view's report items (when two groups of arrays can be compared). */
export const clusteringProvider: ReportProvider = {
  view: 'clustering',
  label: () => msg('Clustering', { id: 'report.view.clustering' }),
  items(study: StudyRecord): ReportItem[] {
    if (!chooseGroupOrder(study.arrays.map((a) => a.group), expressionSettings(study.settings?.arrays).groupOrder).order) return [];
    const s = clusteringSettings(study.settings?.clustering);
    const out: ReportItem[] = [
      { id: 'clustering:heatmap', view: 'clustering', kind: 'figure', title: () => msg('Heatmap with dendrograms', { id: 'report.clustering.item.heatmap' }), build: heatmap },
    ];
    if (s.k) {
      out.push({ id: 'clustering:sizes', view: 'clustering', kind: 'table', title: () => msg('Cluster sizes', { id: 'report.clustering.item.sizes' }),
        build: async (cx) => {
          const run = await clusteringRun(cx);
          const cut = cutHeatmap(run.d, run.s.k);
          if (!cut) throw new Error(msg('The probe tree cannot be cut into the saved number of clusters.', { id: 'report.clustering.noCut' }));
          return clusterSizeTable(run.d, cut, msg(str`${title(run.d, cx.loc)} – cluster sizes (k = ${cut.k})`, { id: 'report.clustering.sizesTitle' }));
        } });
    }
    return out;
  },
};
