/**
 * The Tables view's tables as they are shown and exported: the worker's table data
 * (src/study/paper-tables.ts, src/study/table-builder.ts, src/study/table-survival.ts) laid out in
 * the paper's publication style — one row per characteristic with its p-value, one row per level
 * with "n (%)", continuous rows as "mean ± SD" or "median (range)", survival rows with their 95% CI,
 * footnote marks on each p — and the same layout as an ExportTable (CSV, XLSX, copy for Word).
 *
 * Pure and DOM-free (Node tests call it). Words through msg(); numbers through Intl in the given
 * locale; p-values in the chosen style (journal "<0.001" or SPSS "0.000", src/stats/p-format.ts).
 */
import { msg, str } from '@lit/localize';
import type { ExportTable } from '../../export/table.ts';
import { formatOddsRatio, formatP, type PStyle } from '../../stats/p-format.ts';
import type { CategoricalRow, ContinuousRow, Footnote, LevelCounts, LogisticTable, PaperTable, RiskFactorTable } from '../../study/paper-tables.ts';
import type { SurvivalRows } from '../../study/table-survival.ts';
import { policyName } from '../../stats/test-policy.ts';
import type { GroupSummary } from '../../stats/compare.ts';

/** A displayed row. */
export interface ShownRow {
  /** section: a heading; label: a characteristic (carries the p); level / detail / missing / caption: under a label; value: one-line row with cells and p. */
  kind: 'section' | 'label' | 'level' | 'detail' | 'missing' | 'caption' | 'value';
  /** The characteristic's id (stable; the same on every row of one characteristic). */
  id: string;
  label: string;
  /** One cell per column (the "All" column first when the table has one). */
  cells: string[];
  /** Small text under a cell on screen (e.g. "n = 60" when values are missing); exported in brackets. */
  sub?: (string | null)[];
  /** The p-value as printed, its value, the test behind it and its footnote marks. */
  p: string | null;
  pValue: number | null;
  test: string | null;
  marks: string[];
}

/** A displayed table. */
export interface ShownTable {
  title: string;
  /** Column headers after the first ("Characteristic") and before "p". */
  columns: { key: string; label: string; n: number | null }[];
  /** Header of the first column. */
  first: string;
  /** A header row above the column headers, spanning them (screen only; exports fold it into each column's label). */
  headerGroups?: { label: string; span: number }[];
  rows: ShownRow[];
  footnotes: { mark: string; text: string }[];
  /** Patients left out and why, and other notes (shown above the footnotes). */
  notes: string[];
}

/** Display options. */
export interface ShowOptions { pStyle: PStyle; locale: string }

const nf = (loc: string, d: number, min = d) => new Intl.NumberFormat(loc, { minimumFractionDigits: min, maximumFractionDigits: d });
const pct = (loc: string) => new Intl.NumberFormat(loc, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** "n (%)" of one level in one column. */
function countCell(n: number, p: number | null, loc: string): string {
  return p === null ? nf(loc, 0).format(n) : `${nf(loc, 0).format(n)} (${pct(loc).format(p / 100)})`;
}

/** Decimals for a continuous row from its magnitude (mean ± SD: 1 above 10, 2 above 1, else 3; medians: up to 1). */
function decimals(groups: readonly GroupSummary[], display: ContinuousRow['display']): number {
  const xs = groups.filter((g) => g.n > 0).map((g) => Math.abs(display === 'mean-sd' ? g.mean : g.median));
  const m = xs.length ? Math.max(...xs) : 0;
  if (display === 'median-range') {
    const vals = groups.filter((g) => g.n > 0).flatMap((g) => [g.median, g.min, g.max]);
    return vals.every((v) => Number.isInteger(v)) ? 0 : m >= 10 ? 1 : m >= 1 ? 2 : 3;
  }
  return m >= 10 ? 1 : m >= 1 ? 2 : 3;
}

function summaryCell(g: GroupSummary, display: ContinuousRow['display'], d: number, loc: string): string {
  if (g.n === 0) return '–';
  const f = display === 'median-range' ? nf(loc, d, 0) : nf(loc, d);
  if (display === 'median-range') return `${f.format(g.median)} (${f.format(g.min)}–${f.format(g.max)})`;
  return g.n > 1 ? `${f.format(g.mean)} ± ${f.format(g.sd)}` : f.format(g.mean);
}

/** Whether a paper table shows an "All" column (Tables 2–3 do not, as in the paper). */
export const hasAllColumn = (t: PaperTable): boolean => !(t.drug !== null && t.id !== 'table4');

/** The next footnote mark after the given ones (a…z, then n27 …). */
function nextMark(used: readonly { mark: string }[]): string {
  const i = used.length;
  return i < 26 ? String.fromCharCode(97 + i) : `n${i + 1}`;
}

/** A paper-style table (Table 1, 2–3, 4 or the builder's) with its survival rows. */
export function showPaperTable(t: PaperTable, surv: SurvivalRows | null, o: ShowOptions): ShownTable {
  const loc = o.locale;
  const withAll = hasAllColumn(t);
  const columns = [...(withAll ? [{ key: t.total.key, label: t.total.label, n: t.total.n }] : []), ...t.columns.map((c) => ({ key: c.key, label: c.label, n: c.n }))];
  const rows: ShownRow[] = [];
  const blank = () => columns.map(() => '');
  const levelRow = (kind: ShownRow['kind'], id: string, l: LevelCounts): ShownRow => ({
    // the isotype breakdown lists the study's codes; the one code that is an English word is translated
    kind, id, label: l.level === 'Nonsecretory' ? msg('Nonsecretory', { id: 'tables.isotype.nonsecretory' }) : l.label, p: null, pValue: null, test: null, marks: [],
    cells: [...(withAll ? [countCell(l.total, l.totalPercent, loc)] : []), ...l.counts.map((n, j) => countCell(n, l.percents[j], loc))],
  });
  for (const r of t.rows) {
    if (r.kind === 'section') { rows.push({ kind: 'section', id: r.id, label: r.label, cells: blank(), p: null, pValue: null, test: null, marks: [] }); continue; }
    const p = formatP(r.test.p, o.pStyle);
    if (r.kind === 'categorical') {
      const c = r as CategoricalRow;
      rows.push({ kind: 'label', id: c.id, label: c.label, cells: blank(), p, pValue: r.test.p, test: r.test.testLabel || null, marks: r.test.footnotes });
      if (c.detail?.length) {
        for (const l of c.detail) rows.push(levelRow('detail', c.id, l));
      }
      if (c.missingTotal > 0) {
        rows.push({ kind: 'missing', id: c.id, label: msg('Missing', { id: 'tables.missing' }), p: null, pValue: null, test: null, marks: [],
          cells: [...(withAll ? [nf(loc, 0).format(c.missingTotal)] : []), ...c.missing.map((n) => nf(loc, 0).format(n))] });
      }
      if (c.detail?.length) {
        rows.push({ kind: 'caption', id: c.id, label: msg(str`Compared: ${c.levels.map((l) => l.label).join(' vs ')}`, { id: 'tables.compared' }), cells: blank(), p: null, pValue: null, test: null, marks: [] });
      }
      for (const l of c.levels) rows.push(levelRow('level', c.id, l));
      continue;
    }
    const c = r as ContinuousRow;
    const d = decimals([...c.groups, c.all], c.display);
    const groups = [...(withAll ? [c.all] : []), ...c.groups];
    const how = c.display === 'median-range' ? msg('median (range)', { id: 'tables.medianRange' }) : msg('mean ± SD', { id: 'tables.meanSd' });
    const unitText = c.unit === 'years' ? msg('years', { id: 'tables.unit.years' }) : c.unit;
    const unit = unitText ? `, ${unitText}` : '';
    rows.push({
      // "Median age (range)" already says how; other labels get it appended
      kind: 'value', id: c.id, label: /[(（]/.test(c.label) ? `${c.label}${unit}` : `${c.label}${unit} (${how})`, p, pValue: r.test.p, test: r.test.testLabel || null, marks: r.test.footnotes,
      cells: groups.map((g) => summaryCell(g, c.display, d, loc)),
      sub: groups.map((g) => (g.missing > 0 && g.n + g.missing > 0 ? msg(str`n = ${nf(loc, 0).format(g.n)}`, { id: 'tables.nWith' }) : null)),
    });
  }
  const footnotes: { mark: string; text: string }[] = t.footnotes.map((f: Footnote) => ({ mark: f.mark, text: f.text }));
  if (surv && (surv.os || surv.timeToDr)) {
    rows.push({ kind: 'section', id: 'section.survival', label: msg('Survival', { id: 'tables.survival' }), cells: blank(), p: null, pValue: null, test: null, marks: [] });
    if (surv.os) {
      const os = surv.os;
      const f = nf(loc, 1);
      const marks: string[] = [];
      const m1 = nextMark(footnotes);
      footnotes.push({ mark: m1, text: os.estimate === 'mean'
        ? msg('Estimated OS: Kaplan–Meier restricted mean up to each group\'s last time (SPSS "Mean"), 95% CI = mean ± 1.96·SE; OS from diagnosis to death or last follow-up, months of 30.4375 days.', { id: 'tables.note.osMean' })
        : msg('Estimated OS: Kaplan–Meier median with its 95% CI (R survfit, log transform); NR = not reached; OS from diagnosis to death or last follow-up, months of 30.4375 days.', { id: 'tables.note.osMedian' }) });
      marks.push(m1);
      if (os.p !== null) {
        const m2 = nextMark(footnotes);
        footnotes.push({ mark: m2, text: msg('Log-rank test (survdiff).', { id: 'tables.note.logrank' }) });
        marks.push(m2);
      }
      const cell = (x: { n: number; estimate: number | null; lower: number | null; upper: number | null }) => {
        if (x.n === 0) return '–';
        const e = x.estimate === null ? msg('NR', { id: 'tables.notReached' }) : f.format(x.estimate);
        const lo = x.lower === null ? msg('NR', { id: 'tables.notReached' }) : f.format(x.lower);
        const hi = x.upper === null ? msg('NR', { id: 'tables.notReached' }) : f.format(x.upper);
        return `${e} (${lo}–${hi})`;
      };
      const cells = [...(withAll ? [os.all] : []), ...os.cells];
      rows.push({
        kind: 'value', id: 'os', label: msg('Estimated OS, months (95% CI)', { id: 'tables.row.os' }),
        cells: cells.map(cell), sub: cells.map((x) => (x.n > 0 ? msg(str`${nf(loc, 0).format(x.events)} deaths / ${nf(loc, 0).format(x.n)}`, { id: 'tables.deathsOf' }) : null)),
        p: os.p === null ? '–' : formatP(os.p, o.pStyle), pValue: os.p, test: os.p === null ? null : msg('Log-rank', { id: 'tables.test.logrank' }), marks,
      });
    }
    if (surv.timeToDr) {
      const tt = surv.timeToDr;
      const f = nf(loc, 1);
      const m = nextMark(footnotes);
      footnotes.push({ mark: m, text: msg('Time to DR: from the regimen start to progression, patients in a DR group (de novo or acquired) with both dates; median (minimum–maximum).', { id: 'tables.note.timeToDr' }) });
      const cells = [...(withAll ? [tt.all] : []), ...tt.cells];
      rows.push({
        kind: 'value', id: 'time_to_dr', label: msg('Median time to DR, months (range)', { id: 'tables.row.timeToDr' }),
        cells: cells.map((x) => (x.n === 0 || x.median === null ? '–' : `${f.format(x.median)} (${f.format(x.min!)}–${f.format(x.max!)})`)),
        sub: cells.map((x) => (x.n > 0 ? msg(str`n = ${nf(loc, 0).format(x.n)}`, { id: 'tables.nWith' }) : null)),
        p: null, pValue: null, test: null, marks: [m],
      });
    }
  }
  const notes = t.excluded.map((e) => e.text);
  if (surv?.os?.excluded) notes.push(msg(str`${surv.os.excluded} patients without the dates for OS are left out of the survival rows.`, { id: 'tables.excluded.os' }));
  notes.push(msg(str`Test policy: ${policyName(t.policy)}. Percentages are of the patients with a value in each column.`, { id: 'tables.note.policy' }));
  return { title: t.title, columns, first: msg('Characteristic', { id: 'tables.characteristic' }), rows, footnotes, notes };
}

/** The risk-factor table (OR, Woolf 95% CI, Fisher p). */
export function showRiskTable(t: RiskFactorTable, o: ShowOptions): ShownTable {
  const loc = o.locale;
  const n0 = nf(loc, 0);
  const yes = msg('yes', { id: 'tables.risk.yes' });
  const no = msg('no', { id: 'tables.risk.no' });
  const columns = [
    { key: 'case-yes', label: yes, n: null }, { key: 'case-no', label: no, n: null },
    { key: 'control-yes', label: yes, n: null }, { key: 'control-no', label: no, n: null },
    { key: 'or', label: msg('OR (95% CI)', { id: 'tables.risk.or' }), n: null },
  ];
  const headerGroups = [
    { label: `${t.caseLabel} (n = ${n0.format(t.nCases)})`, span: 2 }, { label: `${t.controlLabel} (n = ${n0.format(t.nControls)})`, span: 2 }, { label: '', span: 1 },
  ];
  const rows: ShownRow[] = t.rows.map((r) => ({
    kind: 'value', id: r.id, label: r.label, p: formatP(r.test.p, o.pStyle), pValue: r.test.p, test: r.test.testLabel || null, marks: r.test.footnotes,
    cells: [n0.format(r.counts[0][0]), n0.format(r.counts[0][1]), n0.format(r.counts[1][0]), n0.format(r.counts[1][1]), formatOddsRatio(r.oddsRatio)],
    sub: [null, null, null, null, null],
  }));
  const notes = [msg(str`Cases: ${t.caseLabel} (n = ${n0.format(t.nCases)}); controls: ${t.controlLabel} (n = ${n0.format(t.nControls)}).`, { id: 'tables.risk.groups' })];
  for (const r of t.rows) {
    if (r.missing.cases + r.missing.controls > 0) {
      notes.push(msg(str`${r.label}: no value for ${r.missing.cases} of the cases and ${r.missing.controls} of the controls (left out of its 2×2 table).`, { id: 'tables.risk.missing' }));
    }
  }
  return { title: t.title, columns, headerGroups, first: msg('Predictor', { id: 'tables.predictor' }), rows, footnotes: t.footnotes.map((f) => ({ mark: f.mark, text: f.text })), notes };
}

/**
 * The logistic regression table (OR, Wald 95% CI, p, B, SE), warnings as notes. A term that
 * separation makes drift (no finite maximum-likelihood estimate) shows "not estimable" and no p,
 * rather than the huge number the iterations stopped at. `inContrast`: patients in the compared
 * groups, to say how many a missing predictor value left out.
 */
export function showLogisticTable(t: LogisticTable, o: ShowOptions, inContrast?: number): ShownTable {
  const loc = o.locale;
  const f3 = nf(loc, 3);
  const fmt = (x: number | null) => (x === null ? '–' : f3.format(x));
  const columns = [
    { key: 'or', label: msg('OR', { id: 'tables.logistic.or' }), n: null },
    { key: 'ci', label: msg('95% CI', { id: 'tables.logistic.ci' }), n: null },
    { key: 'b', label: 'B', n: null }, { key: 'se', label: 'SE', n: null },
  ];
  const drifting = new Set(t.result.driftingTerms);
  const footnotes = [{ mark: 'a', text: msg('Logistic regression (R glm, binomial family); OR = exp(B) with Wald 95% CI; p from the Wald z test.', { id: 'tables.note.logistic' }) }];
  if (t.rows.some((r) => drifting.has(r.term))) {
    footnotes.push({ mark: 'b', text: msg('Not estimable: this predictor separates cases from controls (almost) perfectly, so its odds ratio has no finite estimate and no valid Wald p. Report the 2×2 table (Risk factors) instead, or fit fewer predictors.', { id: 'tables.note.separation' }) });
  }
  const rows: ShownRow[] = t.rows.map((r) => drifting.has(r.term)
    ? {
      kind: 'value', id: r.term, label: r.label, p: '–', pValue: null, test: null, marks: ['b'],
      cells: [msg('not estimable', { id: 'tables.logistic.notEstimable' }), '–', '–', '–'], sub: [null, null, null, null],
    }
    : {
      kind: 'value', id: r.term, label: r.label, p: formatP(r.p, o.pStyle), pValue: r.p, test: msg('Wald', { id: 'tables.test.wald' }), marks: ['a'],
      cells: [fmt(r.or), r.lower === null || r.upper === null ? '–' : `${fmt(r.lower)}–${fmt(r.upper)}`, fmt(r.estimate), fmt(r.se)], sub: [null, null, null, null],
    });
  const n0 = nf(loc, 0);
  const notes = [
    inContrast === undefined
      ? msg(str`${n0.format(t.result.n)} patients with every predictor (${n0.format(t.result.events)} cases).`, { id: 'tables.logistic.nOnly' })
      : msg(str`${n0.format(t.result.n)} of the ${n0.format(inContrast)} patients compared have every predictor (${n0.format(t.result.events)} cases); ${n0.format(inContrast - t.result.n)} are left out for a missing value.`, { id: 'tables.logistic.n' }),
    ...t.warnings.map((w) => msg(str`Warning: ${w}`, { id: 'tables.logistic.warning' })),
  ];
  return { title: t.title, columns, first: msg('Predictor', { id: 'tables.predictor' }), rows, notes, footnotes };
}

/** The spanning header above column j, if any. */
function groupOf(t: ShownTable, j: number): string {
  let at = 0;
  for (const g of t.headerGroups ?? []) {
    if (j < at + g.span) return g.label;
    at += g.span;
  }
  return '';
}

/** The shown table as an ExportTable: the same layout, notes and footnotes under it. */
export function toExportTable(t: ShownTable): ExportTable {
  const rows = t.rows.map((r) => {
    const indent = r.kind === 'level' || r.kind === 'missing' || r.kind === 'caption' ? '  ' : r.kind === 'detail' ? '    ' : '';
    const cells = r.cells.map((c, j) => (r.sub?.[j] && c && c !== '–' ? `${c} [${r.sub[j]}]` : c === '' ? null : c));
    const p = r.p === null ? null : r.marks.length ? `${r.p} ${r.marks.join(',')}` : r.p;
    return [indent + r.label, ...cells, p];
  });
  return {
    title: t.title,
    columns: [t.first, ...t.columns.map((c, j) => {
      const label = c.n === null ? c.label : `${c.label} (n = ${c.n})`;
      const g = groupOf(t, j);
      return g ? `${g}: ${label}` : label;
    }), 'p'],
    rows,
    footnotes: [...t.notes, ...t.footnotes.map((f) => `${f.mark} ${f.text}`)],
  };
}
