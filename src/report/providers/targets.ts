/**
 * What the Targets & network view contributes to a report: the over-representation of the selected
 * miRNAs' targets in the gene sets (table and dot plot), and the miRNA–miRNA synergy network
 * (figure, laid out by the view's seeded force layout run to the end, and its table of pairs) —
 * with the study's saved settings (study.settings.targets): the same resources, the same selection
 * (the array analysis' up/down list at the chosen fold change, or the pasted list), the same worker
 * task (targetsAnalysis) and the view's builders (src/views/targets/).
 *
 * Target tables and gene sets are resources of the browser, shared by its studies, not part of a
 * study (nor of its bundle): an engine without them (mmdr report) reports these items as not built.
 */
import { msg, str } from '@lit/localize';
import type { StudyRecord } from '../../study/model.ts';
import { expressionSettings } from '../../study/expression-settings.ts';
import { splitMirnaList } from '../../study/mirna-names.ts';
import { deRows } from '../../stats/differential.ts';
import type { TargetsAnalysisRequest, TargetsAnalysisResult } from '../../worker/api/targets-api.ts';
import { normalizeTargetsSettings, type TargetsSettings } from '../../views/targets/settings.ts';
import { regulatedList } from '../../views/targets/selection.ts';
import { dotPlotSvg } from '../../views/targets/dotplot-svg.ts';
import { layoutInput, synergyModel } from '../../views/targets/network-model.ts';
import { layoutGraph } from '../../views/targets/layout.ts';
import { networkSvg } from '../../views/targets/network-svg.ts';
import { fmtFixed, fmtInt, fmtNum, fmtP } from '../../views/targets/format.ts';
import { enrichmentTable, synergyTable, type TablesContext } from '../../views/targets/tables.ts';
import { expressionRun } from './expression.ts';
import type { ExportTable } from '../../export/table.ts';
import type { ExportFigure, ReportContext, ReportItem, ReportProvider, ReportResource } from '../items.ts';

/** The resource of a kind the study uses: the chosen one, else the demo's (synthetic study), else the newest (as the view picks). */
function pick(list: readonly ReportResource[], kind: 'targets' | 'gmt', s: TargetsSettings, study: StudyRecord): ReportResource | null {
  const of = list.filter((r) => r.kind === kind);
  const id = kind === 'targets' ? s.targetsId : s.gmtId;
  return of.find((r) => r.id === id) ?? (study.synthetic ? of.find((r) => r.synthetic) : undefined) ?? of.at(-1) ?? null;
}

interface TargetsRun { s: TargetsSettings; r: TargetsAnalysisResult; selection: string; cut: number }

/** The study's targets analysis with its saved settings (the worker's result once per report build). */
export async function targetsRun(cx: ReportContext): Promise<TargetsRun> {
  const study = cx.study;
  const s = normalizeTargetsSettings(study.settings?.targets);
  const list = (await cx.engine.resources?.()) ?? [];
  const targets = pick(list, 'targets', s, study);
  const gmt = pick(list, 'gmt', s, study);
  if (!targets) throw new Error(msg('No miRNA–target table: the target tables and gene sets are kept in the browser, not in the study; add them on the Targets & network tab.', { id: 'report.targets.noTable' }));
  let names: string[];
  let groups: [string, string] | null = null;
  const ownCut = expressionSettings(study.settings?.arrays).foldChangeCutoff;
  if (s.source === 'list' || !study.arrays.length) {
    names = splitMirnaList(s.list);
  } else {
    const { r, s: as, cls } = await expressionRun(cx);
    const up: string[] = [];
    const down: string[] = [];
    cls.forEach((c, i) => { if (c > 0) up.push(r.probes[i]); else if (c < 0) down.push(r.probes[i]); });
    names = regulatedList({ settings: as, de: deRows(r.de), up, down }, s.source, s.foldChange);
    groups = r.order;
  }
  if (!names.length) throw new Error(msg('No miRNA is selected (the list is empty, or no probe passes the fold-change cut-off).', { id: 'report.targets.noMirnas' }));
  const req: TargetsAnalysisRequest = {
    targets: { id: targets.id, name: targets.name, options: targets.options as never },
    gmt: gmt ? { id: gmt.id, name: gmt.name } : null,
    mirnas: names,
    names: { preferArm: s.preferArm },
    enrichment: { minSize: s.minSize, maxSize: s.maxSize },
    network: { maxP: s.network.maxP, adjust: s.network.adjust, minShared: s.network.minShared, minMirnas: s.network.minMirnas, maxGenes: s.network.maxGenes },
  };
  const r = await cx.memo(`targets:${JSON.stringify(req)}`, () => {
    const files = [targets, ...(gmt ? [gmt] : [])].map((x) => ({ id: x.id, name: x.name, bytes: x.bytes.slice(0) }));
    return cx.engine.call('targetsAnalysis', [req, files], { transfer: files.map((f) => f.bytes), signal: cx.signal });
  });
  if (r.enrichment) cx.facts.enrichment = { universe: r.enrichment.universe, targets: r.enrichment.targets, tested: r.enrichment.sets.length, skipped: r.enrichment.skipped.length, targetsName: r.table.fileName, gmtName: r.gmt?.fileName ?? null };
  const cut = s.foldChange ?? ownCut;
  const n = fmtInt(r.match.names.length, cx.loc);
  const c = fmtNum(cut, cx.loc, 2);
  const selection = s.source === 'list' ? msg(str`${n} miRNAs from a pasted list`, { id: 'report.targets.selList' })
    : !groups ? (s.source === 'down' ? msg(str`${n} down-regulated miRNAs`, { id: 'report.targets.selDownShort' }) : msg(str`${n} up-regulated miRNAs`, { id: 'report.targets.selUpShort' }))
      : s.source === 'down'
        ? msg(str`${n} miRNAs ≥ ${c}-fold lower in ${groups[1]} than in ${groups[0]}`, { id: 'report.targets.selDown' })
        : msg(str`${n} miRNAs ≥ ${c}-fold higher in ${groups[1]} than in ${groups[0]}`, { id: 'report.targets.selUp' });
  return { s, r, selection, cut };
}

const tablesContext = (t: TargetsRun): TablesContext => ({
  selection: t.selection, targetsName: t.r.table.fileName, gmtName: t.r.gmt?.fileName ?? null, minSize: t.s.minSize, maxSize: t.s.maxSize,
});

function filterText(s: TargetsSettings, loc: string): string {
  const n = s.network;
  return n.adjust === 'BH'
    ? msg(str`edges with FDR ≤ ${fmtNum(n.maxP, loc, 4)} and ≥ ${fmtInt(n.minShared, loc)} shared targets`, { id: 'report.targets.filterFdr' })
    : msg(str`edges with p ≤ ${fmtNum(n.maxP, loc, 4)} and ≥ ${fmtInt(n.minShared, loc)} shared targets`, { id: 'report.targets.filterP' });
}

async function dotPlot(cx: ReportContext): Promise<ExportFigure> {
  const t = await targetsRun(cx);
  if (!t.r.enrichment) throw new Error(msg('No gene sets: add a GMT file on the Targets & network tab.', { id: 'report.targets.noGmt' }));
  const title = msg('Gene sets over-represented among the targets', { id: 'report.targets.dotTitle' });
  const f = dotPlotSvg(t.r.enrichment.sets, {
    title, subtitle: `${t.selection} · ${t.r.table.fileName} · ${t.r.gmt?.fileName ?? ''}`, x: t.s.plotX, top: t.s.plotTop,
    labels: {
      fold: msg('Fold enrichment (observed / expected)', { id: 'report.targets.axisFold' }),
      fdr: msg('−log10 FDR', { id: 'report.targets.axisFdr' }),
      size: msg('Target genes in set', { id: 'report.targets.legendSize' }),
      colour: msg('FDR', { id: 'report.targets.legendColour' }),
      none: msg('No gene set contains a target gene.', { id: 'report.targets.dotNone' }),
    },
    format: (x, d) => fmtFixed(x, cx.loc, d), formatP: (p) => fmtP(p, cx.loc),
  });
  return { title, ...f };
}

async function network(cx: ReportContext): Promise<ExportFigure> {
  const t = await targetsRun(cx);
  const m = synergyModel(t.r.synergy, t.s.network.hideIsolated);
  const pos = layoutGraph(layoutInput(m), { seed: t.s.network.seed, iterations: m.nodes.length > 600 ? 200 : 300 });
  const title = msg('miRNA–miRNA synergy network', { id: 'report.targets.netTitle' });
  const f = networkSvg(m, pos.x, pos.y, {
    title, subtitle: `${t.selection} · ${t.r.table.fileName} · ${filterText(t.s, cx.loc)}`, focus: null,
    legend: {
      mirna: msg('miRNA', { id: 'report.targets.legendMirna' }), gene: msg('target gene', { id: 'report.targets.legendGene' }),
      edge: msg('Shared targets:', { id: 'report.targets.legendEdge' }),
    },
    format: (x) => fmtInt(x, cx.loc),
  });
  return { title, ...f };
}

/** Genes listed per gene set, and gene sets listed, in a report (the view's export lists them all). */
const GENES_SHOWN = 10;
const SETS_SHOWN = 25;

/**
 * The enrichment table as a page holds it: the first 25 gene sets (most significant first, as the
 * view lists them) with the first genes of each; the footnotes say so.
 */
function shortGenes(t: ExportTable, loc: string): ExportTable {
  const last = t.columns.length - 1;
  let cut = false;
  const notes: string[] = [];
  if (t.rows.length > SETS_SHOWN) {
    notes.push(msg(str`The ${SETS_SHOWN} most significant of ${fmtInt(t.rows.length, loc)} gene sets tested are printed.`, { id: 'report.targets.setsCut' }));
  }
  const rows = t.rows.slice(0, SETS_SHOWN).map((r) => {
    const genes = typeof r[last] === 'string' ? (r[last] as string).split(' ').filter(Boolean) : [];
    if (genes.length <= GENES_SHOWN) return r;
    cut = true;
    return [...r.slice(0, last), `${genes.slice(0, GENES_SHOWN).join(' ')} … (+${fmtInt(genes.length - GENES_SHOWN, loc)})`];
  });
  if (cut) notes.push(msg(str`Genes: the first ${GENES_SHOWN} of each set are printed; the view's CSV export lists them all.`, { id: 'report.targets.genesCut' }));
  return { ...t, rows, footnotes: [...(t.footnotes ?? []), ...notes] };
}

/** The Targets & network view's report items (when the study has a selection: arrays to take it from, or a pasted list). */
export const targetsProvider: ReportProvider = {
  view: 'targets',
  label: () => msg('Targets & network', { id: 'report.view.targets' }),
  items(study: StudyRecord): ReportItem[] {
    const s = normalizeTargetsSettings(study.settings?.targets);
    if (!study.arrays.length && !(s.source === 'list' && s.list.trim())) return [];
    return [
      { id: 'targets:enrichment', view: 'targets', kind: 'table', title: () => msg('Over-representation of targets in gene sets', { id: 'report.targets.item.enrichment' }),
        build: async (cx) => {
          const t = await targetsRun(cx);
          if (!t.r.enrichment) throw new Error(msg('No gene sets: add a GMT file on the Targets & network tab.', { id: 'report.targets.noGmt' }));
          return shortGenes(enrichmentTable(t.r.enrichment, tablesContext(t)), cx.loc);
        } },
      { id: 'targets:dotplot', view: 'targets', kind: 'figure', title: () => msg('Enrichment dot plot', { id: 'report.targets.item.dotplot' }), build: dotPlot },
      { id: 'targets:network', view: 'targets', kind: 'figure', title: () => msg('miRNA–miRNA synergy network', { id: 'report.targets.item.network' }), build: network },
      { id: 'targets:synergy', view: 'targets', kind: 'table', title: () => msg('miRNA pairs sharing targets', { id: 'report.targets.item.synergy' }),
        build: async (cx) => { const t = await targetsRun(cx); return synergyTable(t.r.synergy, { ...tablesContext(t), filter: filterText(t.s, cx.loc) }); } },
    ];
  },
};
