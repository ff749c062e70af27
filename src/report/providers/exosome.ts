/**
 * What the Exosome QC view contributes to a report (paper Figures 1B and 2A): the NTA size
 * distributions, the size statistics per sample and per group, the RNA-yield figure and tables,
 * with the study's saved settings (study.settings.exosome). The numbers come from the worker's
 * exosomeAnalysis, the figures and tables from the view's own builders (src/views/exosome/).
 */
import { msg, str } from '@lit/localize';
import type { StudyRecord } from '../../study/model.ts';
import { exosomeSettings, type ExosomeSettings } from '../../study/exosome-settings.ts';
import type { ExosomeResult } from '../../study/exosome-analysis.ts';
import { buildRnaFigure, buildSizeFigure, rnaFigureSvg, rnaSvgSize, sizeFigureSvg, SIZE_SVG } from '../../views/exosome/figures.ts';
import { fixed, groupLabel, groupTestName, manyGroupLine, pEquals, testShort } from '../../views/exosome/format.ts';
import { groupSizeTable, rnaTable, sampleTable, testsTable } from '../../views/exosome/tables.ts';
import type { ExportFigure, ReportContext, ReportItem, ReportProvider } from '../items.ts';

/** The study's exosome analysis with its saved settings (the worker's numbers once per report build). */
export async function exosomeRun(cx: ReportContext): Promise<{ r: ExosomeResult; s: ExosomeSettings }> {
  const ex = cx.study.exosome;
  if (!ex) throw new Error(msg('This study has no exosome QC files.', { id: 'report.exosome.none' }));
  const s = exosomeSettings(cx.study);
  const r = await cx.memo('exosome', () => cx.engine.call('exosomeAnalysis', [ex, s], { signal: cx.signal }));
  cx.facts.exosome = { samples: r.samples.length, rnaSamples: r.rna ? r.rna.groups.reduce((a, g) => a + g.n, 0) : 0 };
  return { r, s };
}

async function sizeFigure(cx: ReportContext): Promise<ExportFigure> {
  const { r, s } = await exosomeRun(cx);
  if (!r.samples.length) throw new Error(msg('No NTA size distribution in this study.', { id: 'report.exosome.noNta' }));
  const f = buildSizeFigure({
    samples: r.samples, groupMeans: r.groupMeans, groups: r.groups, scale: s.scale, sizeMax: s.sizeMax, showGroupMeans: s.groupMeans,
    title: msg('Particle size distribution (NanoSight NTA)', { id: 'report.exosome.sizeTitle' }),
    xLabel: msg('Particle size (nm)', { id: 'report.exosome.sizeX' }),
    yLabelLinear: (unit) => msg(str`Concentration (${unit} particles/ml)`, { id: 'report.exosome.sizeYLinear' }),
    yLabelLog: msg('Concentration (particles/ml, log scale)', { id: 'report.exosome.sizeYLog' }),
    groupLabel: (g, n) => msg(str`${groupLabel(g)} (n = ${n})`, { id: 'report.exosome.groupN' }),
    meanLabel: (g) => msg(str`${groupLabel(g)}: mean`, { id: 'report.exosome.groupMean' }),
    guideLabel: msg('100 nm', { id: 'report.exosome.guide' }),
  });
  return { title: f.title, svg: sizeFigureSvg(f, (x) => new Intl.NumberFormat(cx.loc, { maximumFractionDigits: 2 }).format(x)), ...SIZE_SVG };
}

async function rnaFigure(cx: ReportContext): Promise<ExportFigure> {
  const { r, s } = await exosomeRun(cx);
  const rna = r.rna;
  if (!rna) throw new Error(msg('No RNA-yield table in this study.', { id: 'report.exosome.noRna' }));
  const f = buildRnaFigure({
    groups: rna.groups, colorGroups: r.groups, pair: rna.pair,
    bracketText: rna.test ? `${testShort(s.test)}: ${pEquals(rna.test.p, cx.loc)}` : '',
    overall: rna.overall ? `${groupTestName(s.groupTest)}: ${manyGroupLine(rna.overall.chosen, cx.loc)}` : '',
    title: msg('Exosomal RNA yield', { id: 'report.exosome.rnaTitle' }),
    yLabel: msg('RNA concentration (ng/µl)', { id: 'report.exosome.rnaY' }),
    caption: msg('Bars: mean ± SD; dots: individual samples.', { id: 'report.exosome.rnaCaption' }),
    groupLabel: (g) => groupLabel(g),
    nLabel: (n) => msg(str`n = ${n}`, { id: 'report.exosome.n' }),
  });
  return { title: f.title, svg: rnaFigureSvg(f, (x) => fixed(x, cx.loc, Number.isInteger(x) ? 0 : 2)), ...rnaSvgSize(f) };
}

/** The Exosome QC view's report items (those its data allow). */
export const exosomeProvider: ReportProvider = {
  view: 'exosome',
  label: () => msg('Exosome QC', { id: 'report.view.exosome' }),
  items(study: StudyRecord): ReportItem[] {
    const ex = study.exosome;
    if (!ex) return [];
    const out: ReportItem[] = [];
    if (ex.samples.length) {
      out.push(
        { id: 'exosome:size-figure', view: 'exosome', kind: 'figure', title: () => msg('NTA size distributions', { id: 'report.exosome.item.sizeFigure' }), build: sizeFigure },
        { id: 'exosome:samples', view: 'exosome', kind: 'table', title: () => msg('Particle size per sample', { id: 'report.exosome.item.samples' }),
          build: async (cx) => { const { r, s } = await exosomeRun(cx); return sampleTable(r, s); } },
      );
      if (ex.samples.some((x) => x.group !== '')) {
        out.push({ id: 'exosome:groups', view: 'exosome', kind: 'table', title: () => msg('Particle size by group', { id: 'report.exosome.item.groups' }),
          build: async (cx) => { const { r, s } = await exosomeRun(cx); return groupSizeTable(r, s, cx.loc); } });
      }
    }
    if (ex.rna) {
      out.push(
        { id: 'exosome:rna-figure', view: 'exosome', kind: 'figure', title: () => msg('Exosomal RNA yield (bar chart)', { id: 'report.exosome.item.rnaFigure' }), build: rnaFigure },
        { id: 'exosome:rna-table', view: 'exosome', kind: 'table', title: () => msg('RNA yield by group', { id: 'report.exosome.item.rnaTable' }),
          build: async (cx) => {
            const { r, s } = await exosomeRun(cx);
            if (!r.rna) throw new Error(msg('No RNA-yield table in this study.', { id: 'report.exosome.noRna' }));
            return rnaTable(r.rna, s, cx.loc);
          } },
      );
      if (ex.rna.groups.length >= 2) {
        out.push({ id: 'exosome:rna-tests', view: 'exosome', kind: 'table', title: () => msg('RNA yield: tests between groups', { id: 'report.exosome.item.rnaTests' }),
          build: async (cx) => {
            const { r } = await exosomeRun(cx);
            if (!r.rna?.pairwise.length) throw new Error(msg('Fewer than two groups with RNA values: nothing to test.', { id: 'report.exosome.noTests' }));
            return testsTable(r.rna, cx.loc);
          } });
      }
    }
    return out;
  },
};
