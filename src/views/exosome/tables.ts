/**
 * The Exosome QC tables as ExportTables (CSV/XLSX/copy for Word through the export layer), built
 * in whatever language is active (the export menu runs them in the export language), plus the
 * methods paragraph that states every setting used. Numbers stay numbers in the per-sample table
 * (rounded as shown); group tables carry "mean ± SD" text as a paper prints it.
 */
import { msg, str } from '@lit/localize';
import type { ExportTable } from '../../export/table.ts';
import type { ExosomeResult, PairResult, RnaResult, TwoGroupTest } from '../../study/exosome-analysis.ts';
import type { ExosomeSettings } from '../../study/exosome-settings.ts';
import { fixed, groupLabel, groupTestName, manyGroupLine, meanSdText, sci, testName, twoGroupLine } from './format.ts';

const round = (x: number | null | undefined, d: number): number | null => (x == null || !Number.isFinite(x) ? null : +x.toFixed(d));
const sig = (x: number | null | undefined, d: number): number | null => (x == null || !Number.isFinite(x) ? null : +x.toPrecision(d));

/** Column headers of the size statistics (shared by the screen and the exports). */
export function sizeHeaders(): { total: string; mode: string; mean: string; sd: string; d10: string; d50: string; d90: string; below100: string; below150: string } {
  return {
    total: msg('Total concentration (particles/ml)', { id: 'exosome.col.total' }),
    mode: msg('Mode (nm)', { id: 'exosome.col.mode' }),
    mean: msg('Mean (nm)', { id: 'exosome.col.mean' }),
    sd: msg('SD (nm)', { id: 'exosome.col.sd' }),
    d10: msg('D10 (nm)', { id: 'exosome.col.d10' }),
    d50: msg('D50 (nm)', { id: 'exosome.col.d50' }),
    d90: msg('D90 (nm)', { id: 'exosome.col.d90' }),
    below100: msg('< 100 nm (%)', { id: 'exosome.col.below100' }),
    below150: msg('< 150 nm (%)', { id: 'exosome.col.below150' }),
  };
}

/** Footnotes of the size tables: how the numbers are defined. */
export function sizeFootnotes(s: ExosomeSettings): string[] {
  return [
    msg('Mean and SD are weighted by the concentration in each size bin; D10, D50 and D90 are the sizes below which 10 %, 50 % and 90 % of the particles lie, interpolated linearly within bins on the cumulative distribution; < 100 nm and < 150 nm are the shares of particles smaller than those sizes.', { id: 'exosome.foot.definitions' }),
    s.dilution === 'multiply'
      ? msg('Total concentrations are the exported values multiplied by the dilution factor recorded in each file.', { id: 'exosome.foot.dilutionMultiplied' })
      : msg('Total concentrations are as exported by NTA (which applies the dilution factor entered in the software).', { id: 'exosome.foot.dilutionAsExported' }),
  ];
}

/** Per-sample size statistics. */
export function sampleTable(r: ExosomeResult, s: ExosomeSettings): ExportTable {
  const h = sizeHeaders();
  return {
    title: msg('Particle size per sample (NanoSight NTA)', { id: 'exosome.table.samples' }),
    columns: [msg('Sample', { id: 'exosome.col.sample' }), msg('Group', { id: 'exosome.col.group' }), msg('File', { id: 'exosome.col.file' }),
      msg('Dilution factor', { id: 'exosome.col.dilution' }), h.total, h.mode, h.mean, h.sd, h.d10, h.d50, h.d90, h.below100, h.below150],
    rows: r.samples.map((x) => [
      x.sampleName, x.group || null, x.fileName, x.dilution, sig(x.stats.total, 4), round(x.stats.mode, 1), round(x.stats.mean, 1), round(x.stats.sd, 1),
      round(x.stats.d10, 1), round(x.stats.d50, 1), round(x.stats.d90, 1), round(x.stats.below100 * 100, 1), round(x.stats.below150 * 100, 1),
    ]),
    footnotes: sizeFootnotes(s),
  };
}

/**
 * Per-group size statistics (mean ± SD across samples), one column per group and one row per
 * statistic — the layout a paper's table takes, and it stays narrow with a few groups.
 */
export function groupSizeTable(r: ExosomeResult, s: ExosomeSettings, loc: string): ExportTable {
  const h = sizeHeaders();
  const cell = (g: ExosomeResult['ntaGroups'][number], k: keyof typeof h): string => {
    const m = g.mean[k];
    const sd = g.sd[k];
    if (m == null) return '–';
    if (k === 'total') return sd == null ? sci(m, loc) : `${sci(m, loc)} ± ${sci(sd, loc)}`;
    const scale = k === 'below100' || k === 'below150' ? 100 : 1;
    return meanSdText(m * scale, sd == null ? null : sd * scale, loc, 1);
  };
  const keys = Object.keys(h) as (keyof typeof h)[];
  return {
    title: msg('Particle size by group (mean ± SD across samples)', { id: 'exosome.table.groups' }),
    columns: [msg('Statistic', { id: 'exosome.col.statistic' }), ...r.ntaGroups.map((g) => msg(str`${groupLabel(g.group)} (n = ${g.n})`, { id: 'exosome.fig.groupN' }))],
    rows: keys.map((k) => [h[k], ...r.ntaGroups.map((g) => cell(g, k))]),
    footnotes: sizeFootnotes(s),
  };
}

/** "Bz-responsive vs Bz-resistant". */
export function pairText(a: string, b: string): string {
  return msg(str`${groupLabel(a)} vs ${groupLabel(b)}`, { id: 'exosome.pair' });
}

/** The headline of the RNA comparison: pair, test name, statistic and p. */
export function rnaHeadline(rna: RnaResult, s: ExosomeSettings, loc: string): string {
  if (!rna.pair) return msg('Only one group has RNA values: nothing to compare.', { id: 'exosome.rna.onlyOneGroup' });
  return `${pairText(rna.pair[0], rna.pair[1])}: ${testName(s.test)}, ${twoGroupLine(rna.test, loc)}`;
}

/** RNA yield by group. */
export function rnaTable(rna: RnaResult, s: ExosomeSettings, loc: string): ExportTable {
  const foot: string[] = [];
  if (rna.pair) foot.push(rnaHeadline(rna, s, loc));
  if (rna.overall) foot.push(`${groupTestName(s.groupTest)} (${msg('all groups', { id: 'exosome.allGroups' })}): ${manyGroupLine(rna.overall.chosen, loc)}`);
  foot.push(msg('RNA concentration of the exosome preparations measured by Nanodrop, ng/µl.', { id: 'exosome.foot.rnaUnit' }));
  return {
    title: msg('Exosomal RNA yield by group (ng/µl)', { id: 'exosome.table.rna' }),
    columns: [msg('Group', { id: 'exosome.col.group' }), msg('n', { id: 'exosome.col.n' }), msg('Mean ± SD', { id: 'exosome.col.meanSd' }), msg('Mean', { id: 'exosome.col.meanOnly' }), msg('SD', { id: 'exosome.col.sdOnly' }),
      msg('Median', { id: 'exosome.col.median' }), msg('Range', { id: 'exosome.col.range' }), msg('Missing', { id: 'exosome.col.missing' })],
    rows: rna.groups.map((g) => [
      groupLabel(g.name), g.n, meanSdText(g.mean, g.sd, loc, 2), round(g.mean, 2), round(g.sd, 2), round(g.median, 2),
      g.min == null ? null : `${fixed(g.min, loc, 2)}–${fixed(g.max, loc, 2)}`, g.missing,
    ]),
    footnotes: foot,
  };
}

const pOf = (t: TwoGroupTest | null) => (t?.p == null ? null : sig(t.p, 4));
const statOf = (t: TwoGroupTest | null, d: number) => (t == null ? null : round(t.statistic, d));

/** Every pairwise comparison with the three tests, and the tests across all groups. */
export function testsTable(rna: RnaResult, loc: string): ExportTable {
  const rows = rna.pairwise.map((p: PairResult) => [
    pairText(p.a, p.b), statOf(p.student, 3), p.student?.df ?? null, pOf(p.student), statOf(p.welch, 3), round(p.welch?.df, 2), pOf(p.welch), statOf(p.mannWhitney, 1), pOf(p.mannWhitney),
  ]);
  const foot = [msg('Two-sided tests, no adjustment for multiple comparisons. Student t = t.test(var.equal = TRUE), Welch t = t.test(), Mann–Whitney = wilcox.test(exact = FALSE, correct = TRUE) (normal approximation, SPSS’s Asymp. Sig.) in R.', { id: 'exosome.foot.tests' })];
  if (rna.overall) {
    const o = rna.overall;
    foot.push(`${groupTestName('anova')}: ${manyGroupLine(o.anova, loc)}; ${groupTestName('welch-anova')}: ${manyGroupLine(o.welchAnova, loc)}; ${groupTestName('kruskal')}: ${manyGroupLine(o.kruskal, loc)}`);
  }
  return {
    title: msg('RNA yield: tests between groups', { id: 'exosome.table.tests' }),
    columns: [msg('Comparison', { id: 'exosome.col.comparison' }),
      msg('Student t', { id: 'exosome.col.studentT' }), msg('df (Student)', { id: 'exosome.col.studentDf' }), msg('p (Student)', { id: 'exosome.col.studentP' }),
      msg('Welch t', { id: 'exosome.col.welchT' }), msg('df (Welch)', { id: 'exosome.col.welchDf' }), msg('p (Welch)', { id: 'exosome.col.welchP' }),
      msg('Mann–Whitney W', { id: 'exosome.col.mwW' }), msg('p (Mann–Whitney)', { id: 'exosome.col.mwP' })],
    rows,
    footnotes: foot,
  };
}

/** The methods paragraph: every setting that shaped the numbers. */
export function methodsText(r: ExosomeResult, s: ExosomeSettings): string {
  const n = r.samples.length;
  const parts = [
    msg(str`Particle size distributions of ${n} samples were read from NanoSight nanoparticle tracking analysis (NTA) exports.`, { id: 'exosome.methods.nta' }),
    sizeFootnotes(s).join(' '),
  ];
  if (r.rna) {
    parts.push(msg(str`Exosomal RNA yields (ng/µl) are summarised as mean ± SD per group and compared with the ${testName(s.test)}, two-sided.`, { id: 'exosome.methods.rna' }));
    if (r.rna.overall) parts.push(msg(str`Across all groups: ${groupTestName(s.groupTest)}.`, { id: 'exosome.methods.overall' }));
  }
  return parts.join(' ');
}
