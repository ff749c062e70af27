/**
 * Rows of a table that carry survival results, as the paper's tables do (SPEC §5): "Estimated OS
 * (months)" per column with its 95% CI and the log-rank p, and "Median time to DR (months)" with
 * its range.
 *
 * - OS is from diagnosis to death (event) or last follow-up (censored), in months of 30.4375 days
 *   (src/study/endpoints.ts), Kaplan–Meier through the Survival view's worker task (kmAnalysis),
 *   so a number here equals the Survival view's. The estimate is the SPSS "Mean" (restricted mean
 *   up to each group's last time, 95% CI = mean ± 1.96·SE) — what the paper's "Estimated OS" is:
 *   83.9 months with a median follow-up of 23 months cannot be a median — or, on request, the
 *   median with its CI (R's survfit; "NR" when not reached).
 * - Time to DR is from the regimen start to progression, for patients in a DR group (de novo or
 *   acquired) with both dates; median (minimum–maximum). Other patients are not counted.
 *
 * This module prepares the per-patient arrays (pure, O(n)); the worker fits the curves.
 */
import { computeEndpoint, DAYS_PER_UNIT, isoDayNumber } from './endpoints.ts';
import { fieldRows } from './survival-data.ts';
import type { CohortTable } from './cohort-table.ts';
import type { CohortData } from './model.ts';
import type { DrSettings } from './dr-classification.ts';
import { median } from '../stats/compare.ts';

/** Which survival rows a table carries. */
export interface SurvivalRowOptions {
  os: boolean;
  timeToDr: boolean;
  /** The OS estimate shown: SPSS mean (default, as the paper) or median. */
  estimate: 'mean' | 'median';
}

/** Defaults: both rows, SPSS mean. */
export const DEFAULT_SURVIVAL_ROWS: SurvivalRowOptions = { os: true, timeToDr: true, estimate: 'mean' };

/** OS of one column. */
export interface OsCell { key: string; n: number; events: number; estimate: number | null; lower: number | null; upper: number | null }

/** Time to DR of one column. */
export interface TimeToDrCell { key: string; n: number; median: number | null; min: number | null; max: number | null }

/** The survival rows of a table. */
export interface SurvivalRows {
  os: {
    estimate: 'mean' | 'median';
    cells: OsCell[];
    all: OsCell;
    /** Log-rank across the columns (null with fewer than two columns with patients, or no events). */
    p: number | null;
    chisq: number | null;
    df: number | null;
    /** Patients of the table without an OS time (missing dates), left out of these rows. */
    excluded: number;
  } | null;
  timeToDr: { cells: TimeToDrCell[]; all: TimeToDrCell } | null;
}

/** OS input per table column: time (months), event, column key. */
export interface OsInput { time: number[]; event: (0 | 1)[]; group: string[]; excluded: number }

/** OS times of the patients in the table's columns (col[i] = column index, −1 = not in the table). */
export function osInput(source: CohortData, table: CohortTable, col: readonly number[], keys: readonly string[]): OsInput {
  const rows = fieldRows(source, table);
  const e = computeEndpoint(rows, 'os-diagnosis', 'months');
  const out: OsInput = { time: [], event: [], group: [], excluded: 0 };
  const included = new Set<number>();
  e.rows.forEach((r, k) => {
    if (col[r] < 0) return;
    included.add(r);
    out.time.push(e.time[k]);
    out.event.push(e.event[k]);
    out.group.push(keys[col[r]]);
  });
  out.excluded = col.filter((c, i) => c >= 0 && !included.has(i)).length;
  return out;
}

/** Time to DR per column (months; see the module note). */
export function timeToDr(table: CohortTable, col: readonly number[], keys: readonly string[], dr?: Partial<DrSettings>): SurvivalRows['timeToDr'] {
  const groups = table.drGroups(dr);
  const start = table.dates('date_regimen_start');
  const prog = table.dates('date_progression');
  const per = keys.map(() => [] as number[]);
  const all: number[] = [];
  groups.forEach((g, i) => {
    if (col[i] < 0 || (g !== 'denovo' && g !== 'acquired') || !start[i] || !prog[i]) return;
    const days = isoDayNumber(prog[i]!) - isoDayNumber(start[i]!);
    if (!Number.isFinite(days) || days < 0) return;
    const m = days / DAYS_PER_UNIT.months;
    per[col[i]].push(m);
    all.push(m);
  });
  const cell = (key: string, x: number[]): TimeToDrCell => ({
    key, n: x.length, median: x.length ? median(x) : null, min: x.length ? Math.min(...x) : null, max: x.length ? Math.max(...x) : null,
  });
  return { cells: keys.map((k, j) => cell(k, per[j])), all: cell('all', all) };
}
