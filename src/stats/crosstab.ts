/**
 * Contingency tables as R computes them (SPEC §4 "Crosstabs"):
 *
 * - **Pearson χ²** without continuity correction = `chisq.test(x, correct = FALSE)`, with SPSS's note
 *   of the cells whose expected count is below 5 (and the minimum expected count).
 * - **Yates** continuity-corrected χ² for 2×2 = `chisq.test(x, correct = TRUE)` — including R's detail
 *   that the correction is `min(0.5, |x − E|)` over the whole table, so a table with every
 *   |x − E| < 0.5 gets a smaller correction.
 * - **Fisher exact** = `fisher.test(x)$p.value`: the sum of the probabilities (multivariate
 *   hypergeometric, margins fixed) of all tables no more probable than the observed one, with R's
 *   relative tolerance 1 + 1e-7 for ties. 2×2 tables go through R's own route (the hypergeometric
 *   density over the support); r×c tables through a network algorithm in the spirit of Mehta & Patel
 *   (FEXACT): the columns are the stages, a node is the multiset of remaining row totals, equal past
 *   probabilities reaching a node are merged, and a node is settled in one step when the bounds on
 *   the rest of the path say that every completion (or none) is at most as probable as the observed
 *   table (exact longest and shortest remaining paths). The sum over all completions has the closed
 *   form n'!/∏ r'ᵢ!, so a settled node costs nothing; a node with few completions keeps them as a
 *   sorted list, and each past reaching it is settled by a binary search. The work is capped;
 *   beyond the cap the p-value is reported as unavailable (null) with the reason — never
 *   approximated silently. (R's fisher.test() with its default workspace refuses the same large
 *   tables, e.g. nine isotypes × three drugs of the paper's Table 1, with "FEXACT error 7".)
 * - **Odds ratio** (the paper's "RR") ad/bc with Woolf's interval exp(ln OR ± z·√(1/a+1/b+1/c+1/d)),
 *   z = qnorm(0.975). A zero cell gives no estimate unless Haldane's correction (+0.5 to every cell,
 *   applied only when a cell is zero) is asked for.
 *
 * Level order ({@link factorLevels}) follows R's `factor()`: a column whose every value reads as a
 * number is sorted numerically (as factor() sorts a numeric vector) and labelled as R prints the
 * numbers; otherwise the texts are sorted with the ICU root collation for English
 * (`Intl.Collator('en')`), which is what R's sort() gives in an en_US.UTF-8 session for the usual
 * clinical codes (punctuation before digits before letters, case-insensitive first, lower case
 * first on ties: "<60" < ">75" < "60-75", "female" < "male"). In the C locale R would sort by bytes
 * instead ("60-75" < "<60" < ">75", "Male" < "female"); Chinese labels sort by code point under
 * both. Callers can always pass the levels explicitly.
 */
import { msg } from '@lit/localize';
import gammaln from '@stdlib/math-base-special-gammaln';
import quantileNormal from '@stdlib/stats-base-dists-normal-quantile';
import { isMissingCell, parseNumberCell } from '../formats/delimited.ts';
import { chisqUpperTail } from './logrank.ts';

/** A categorical variable coded against its levels (R's factor). */
export interface Factor {
  levels: string[];
  /** Index into `levels` of each value; null for a missing value or one not among `levels`. */
  codes: (number | null)[];
  /** True when the levels were sorted as numbers. */
  numeric: boolean;
  /** Values present but not among explicitly given levels (they become NA, as in R). */
  notInLevels: number;
}

const collator = new Intl.Collator('en', { usage: 'sort' });

/** Sorts level texts as R's sort() does in an en_US.UTF-8 locale (see the module note). */
export function compareLevelText(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** R's as.character() of a number (15 significant digits, no trailing zeros). */
export function numberLabel(x: number): string {
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  const s = Number(x.toPrecision(15));
  return String(s);
}

function numericValue(text: string): number | null {
  const r = parseNumberCell(text);
  return r.error === undefined ? r.value : null;
}

/**
 * Codes values as R's `factor(x)` (or `factor(x, levels)` when `levels` is given). Missing cells
 * (empty, NA, … — see isMissingCell) and nulls are NA. Numeric columns are sorted numerically.
 */
export function toFactor(values: readonly (string | number | null | undefined)[], levels?: readonly string[]): Factor {
  const texts = values.map((v) => (v === null || v === undefined ? null : typeof v === 'number' ? (Number.isFinite(v) ? numberLabel(v) : null) : isMissingCell(v) ? null : v.trim()));
  const present = texts.filter((t): t is string => t !== null);
  const nums = present.map(numericValue);
  const numeric = present.length > 0 && nums.every((x) => x !== null);
  const keyOf = (t: string): string => (numeric ? numberLabel(numericValue(t)!) : t);
  let lv: string[];
  if (levels) {
    lv = [...levels];
  } else if (numeric) {
    lv = [...new Set(nums as number[])].sort((a, b) => a - b).map(numberLabel);
  } else {
    lv = [...new Set(present)].sort(compareLevelText);
  }
  // With explicit levels, match a value to a level by its text, else (both numbers) by value.
  const index = new Map<string, number>();
  lv.forEach((l, i) => { if (!index.has(l)) index.set(l, i); });
  if (levels) {
    lv.forEach((l, i) => {
      const v = numericValue(l);
      if (v !== null && !index.has('#' + numberLabel(v))) index.set('#' + numberLabel(v), i);
    });
  }
  let notInLevels = 0;
  const codes = texts.map((t) => {
    if (t === null) return null;
    let k = index.get(levels ? t : keyOf(t));
    if (k === undefined && levels) {
      const v = numericValue(t);
      if (v !== null) k = index.get('#' + numberLabel(v));
    }
    if (k === undefined) { notInLevels++; return null; }
    return k;
  });
  return { levels: lv, codes, numeric: !levels && numeric, notInLevels };
}

/** Sorted distinct levels of a column, as R's factor() orders them. */
export function factorLevels(values: readonly (string | number | null | undefined)[]): string[] {
  return toFactor(values).levels;
}

/** A two-way table of counts with its level names. */
export interface Tabulation {
  rowLevels: string[];
  colLevels: string[];
  /** counts[i][j]: rows with row level i and column level j. */
  counts: number[][];
  /** Pairs used (both values present and among the levels). */
  n: number;
  /** Pairs left out: a missing value in either variable, or a value outside explicit levels. */
  missing: number;
}

/** Cross-tabulates two variables as R's `table(factor(row), factor(col))` (NAs left out). */
export function tabulate(
  row: readonly (string | number | null | undefined)[],
  col: readonly (string | number | null | undefined)[],
  opts: { rowLevels?: readonly string[]; colLevels?: readonly string[] } = {},
): Tabulation {
  if (row.length !== col.length) throw new RangeError(`tabulate: ${row.length} row values but ${col.length} column values`);
  const rf = toFactor(row, opts.rowLevels);
  const cf = toFactor(col, opts.colLevels);
  // Levels come from the pairs where both are present only when they were not given (R's table()
  // on two factors keeps every level of each factor, so do we).
  const counts = rf.levels.map(() => cf.levels.map(() => 0));
  let n = 0;
  for (let k = 0; k < row.length; k++) {
    const i = rf.codes[k];
    const j = cf.codes[k];
    if (i === null || j === null) continue;
    counts[i][j]++;
    n++;
  }
  return { rowLevels: rf.levels, colLevels: cf.levels, counts, n, missing: row.length - n };
}

/** Pearson χ² (no continuity correction) with SPSS's expected-count note. */
export interface PearsonResult {
  chisq: number;
  df: number;
  p: number;
  /** Expected counts r_i c_j / n. */
  expected: number[][];
  /** Cells with expected count < 5 (SPSS footnote "n cells (x%) have expected count less than 5"). */
  cellsExpectedBelow5: number;
  /** All cells. */
  cells: number;
  /** Smallest expected count (SPSS: "The minimum expected count is …"). */
  minExpected: number;
}

function margins(t: readonly (readonly number[])[]): { rows: number[]; cols: number[]; n: number } {
  const rows = t.map((r) => r.reduce((a, b) => a + b, 0));
  const cols = t[0].map((_, j) => t.reduce((a, r) => a + r[j], 0));
  return { rows, cols, n: rows.reduce((a, b) => a + b, 0) };
}

function checkTable(t: readonly (readonly number[])[]): void {
  if (t.length < 1 || t[0].length < 1) throw new RangeError('a contingency table needs at least one row and one column');
  for (const r of t) {
    if (r.length !== t[0].length) throw new RangeError('contingency table rows differ in length');
    for (const x of r) if (!(Number.isInteger(x) && x >= 0)) throw new RangeError(`counts must be whole numbers ≥ 0 (got ${x})`);
  }
}

/**
 * `chisq.test(x, correct = FALSE)`: χ² = Σ (x − E)²/E, df = (r−1)(c−1), upper-tail p. As in R, a
 * table with an empty row or column gives NaN (0/0); a 1×c or r×1 table has df 0 and NaN p.
 */
export function pearsonChiSquare(t: readonly (readonly number[])[]): PearsonResult {
  checkTable(t);
  const { rows, cols, n } = margins(t);
  const expected = rows.map((r) => cols.map((c) => (r * c) / n));
  let chisq = 0;
  let below = 0;
  let minExpected = Infinity;
  t.forEach((r, i) => r.forEach((x, j) => {
    const e = expected[i][j];
    chisq += ((x - e) * (x - e)) / e;
    if (e < 5) below++;
    if (e < minExpected) minExpected = e;
  }));
  const df = (t.length - 1) * (t[0].length - 1);
  const p = df > 0 && Number.isFinite(chisq) ? chisqUpperTail(chisq, df) : NaN;
  return { chisq, df, p, expected, cellsExpectedBelow5: below, cells: t.length * t[0].length, minExpected };
}

/** `chisq.test(x, correct = TRUE)` for a 2×2 table: Σ (|x − E| − min(0.5, |x − E|))²/E, df 1. */
export function yatesChiSquare(t: readonly (readonly number[])[]): { chisq: number; df: 1; p: number } {
  checkTable(t);
  if (t.length !== 2 || t[0].length !== 2) throw new RangeError('the Yates correction is for 2×2 tables');
  const { expected } = pearsonChiSquare(t);
  let yates = 0.5;
  t.forEach((r, i) => r.forEach((x, j) => { yates = Math.min(yates, Math.abs(x - expected[i][j])); }));
  let chisq = 0;
  t.forEach((r, i) => r.forEach((x, j) => {
    const e = expected[i][j];
    chisq += (Math.abs(x - e) - yates) ** 2 / e;
  }));
  return { chisq, df: 1, p: Number.isFinite(chisq) ? chisqUpperTail(chisq, 1) : NaN };
}

const lfact = (k: number): number => gammaln(k + 1);
/** R's fisher.test relative tolerance for "no more probable than the observed table". */
const REL_TOL = 1 + 1e-7;

/** Fisher's exact test result. */
export interface FisherResult {
  /** Two-sided p (R's fisher.test); null when the exact computation was refused (see `reason`). */
  p: number | null;
  /** Why p is null: the r×c enumeration would exceed the work limit. */
  reason?: 'too-large';
  /** Nodes × past values the network algorithm visited (0 for 2×2). */
  work: number;
}

/** Options of {@link fisherExact}. */
export interface FisherOptions {
  /**
   * Work limit of the r×c network (expansions of a past value plus listed completions) before
   * giving up with reason 'too-large' (default 1 million, about a second). R's own
   * fisher.test() refuses such tables too with its default workspace (FEXACT error 7).
   */
  maxWork?: number;
}

/** `fisher.test(x)$p.value` for any r×c table of counts (see the module note). */
export function fisherExact(table: readonly (readonly number[])[], opts: FisherOptions = {}): FisherResult {
  checkTable(table);
  // Empty rows and columns carry no information (every table has zeros there).
  let t = table.filter((r) => r.some((x) => x > 0)).map((r) => [...r]);
  if (t.length === 0) return { p: 1, work: 0 };
  const keep = t[0].map((_, j) => t.some((r) => r[j] > 0));
  t = t.map((r) => r.filter((_, j) => keep[j]));
  if (t.length < 2 || t[0].length < 2) return { p: 1, work: 0 };
  if (t.length === 2 && t[0].length === 2) return { p: fisher2x2(t), work: 0 };
  return fisherNetwork(t, opts.maxWork ?? 1_000_000);
}

/** R's 2×2 route: dhyper over the support of x[1,1], then sum(d[d <= d_obs * (1 + 1e-7)]). */
function fisher2x2(t: number[][]): number {
  const m = t[0][0] + t[1][0]; // first column total
  const n = t[0][1] + t[1][1]; // second column total
  const k = t[0][0] + t[0][1]; // first row total
  const x = t[0][0];
  const lo = Math.max(0, k - n);
  const hi = Math.min(k, m);
  const logd: number[] = [];
  for (let s = lo; s <= hi; s++) {
    logd.push(lfact(m) - lfact(s) - lfact(m - s) + lfact(n) - lfact(k - s) - lfact(n - k + s) - (lfact(m + n) - lfact(k) - lfact(m + n - k)));
  }
  let mx = -Infinity;
  for (const v of logd) if (v > mx) mx = v;
  const d = logd.map((v) => Math.exp(v - mx));
  const sum = d.reduce((a, b) => a + b, 0);
  const obs = d[x - lo] / sum;
  let p = 0;
  for (const v of d) if (v / sum <= obs * REL_TOL) p += v / sum;
  return Math.max(0, Math.min(1, p));
}

/** Completions from a node with at most this many tables are listed (sorted) instead of expanded. */
const LIST_LIMIT = 20_000;

/**
 * The network algorithm for r×c. Orientation: rows are the smaller dimension (the node key);
 * columns are the stages, largest total first, so the last stages (small columns) have few
 * completions. A node whose completions number at most LIST_LIMIT keeps them as a sorted list of
 * future log-probabilities with cumulative sums: every past reaching it is then settled exactly by
 * one binary search (meet in the middle) instead of being expanded further.
 */
function fisherNetwork(table: number[][], maxWork: number): FisherResult {
  let t = table;
  if (t.length > t[0].length) t = t[0].map((_, j) => t.map((r) => r[j]));
  const { rows, cols, n } = margins(t);
  const colTot = [...cols].sort((a, b) => b - a);
  const nStages = colTot.length;
  // log P(table) = K + Σ_j [lfact(c_j) − Σ_i lfact(x_ij)], K = Σ lfact(r_i) − lfact(n).
  const K = rows.reduce((a, r) => a + lfact(r), 0) - lfact(n);
  let obsLog = K;
  for (const r of t) for (const x of r) obsLog -= lfact(x);
  for (const c of cols) obsLog += lfact(c);
  const threshold = obsLog + Math.log(REL_TOL);
  let work = 0;

  const childOf = (rem: readonly number[], x: readonly number[], lc: number): { child: number[]; step: number } => {
    let step = lc;
    const child = rem.map((r, i) => { step -= lfact(x[i]); return r - x[i]; }).sort((a, b) => b - a);
    return { child, step };
  };

  // Sorted future values Σ_j≥k [lfact(c_j) − Σ_i lfact(x_ij)] of every completion of a node, or
  // null when there are more than LIST_LIMIT of them.
  interface FutureList { f: Float64Array; cum: Float64Array; top: number }
  const lists = new Map<string, FutureList | null>();
  const futureList = (k: number, rem: number[], key: string): FutureList | null => {
    const hit = lists.get(key);
    if (hit !== undefined) return hit;
    let out: FutureList | null = null;
    if (k === nStages - 1) {
      const v = lfact(colTot[k]) - rem.reduce((a, r) => a + lfact(r), 0);
      out = { f: Float64Array.of(v), cum: Float64Array.of(1), top: v };
    } else {
      const parts: { step: number; list: FutureList }[] = [];
      let size = 0;
      let ok = true;
      const lc = lfact(colTot[k]);
      forEachSpread(colTot[k], rem, (x) => {
        if (!ok) return;
        const { child, step } = childOf(rem, x, lc);
        const l = futureList(k + 1, child, k + 1 + ':' + child.join(','));
        if (!l || (size += l.f.length) > LIST_LIMIT) { ok = false; return; }
        parts.push({ step, list: l });
      });
      if (ok) {
        const f = new Float64Array(size);
        let at = 0;
        for (const { step, list } of parts) for (const v of list.f) f[at++] = step + v;
        f.sort();
        const top = f[f.length - 1];
        const cum = new Float64Array(size);
        let acc = 0;
        for (let i = 0; i < size; i++) cum[i] = acc += Math.exp(f[i] - top);
        out = { f, cum, top };
        work += size;
      }
    }
    lists.set(key, out);
    return out;
  };

  // Exact bounds (longest and shortest remaining path) and the log of the sum over all completions,
  // lfact(n') − Σ lfact(r'_i), for nodes that are not listed.
  const boundCache = new Map<string, { hi: number; lo: number; all: number }>();
  const bounds = (k: number, rem: number[], key: string): { hi: number; lo: number; all: number } => {
    const hit = boundCache.get(key);
    if (hit) return hit;
    const all = lfact(rem.reduce((a, b) => a + b, 0)) - rem.reduce((a, r) => a + lfact(r), 0);
    let hi = -Infinity;
    let lo = Infinity;
    const l = futureList(k, rem, key);
    if (l) {
      hi = l.f[l.f.length - 1];
      lo = l.f[0];
    } else {
      const lc = lfact(colTot[k]);
      forEachSpread(colTot[k], rem, (x) => {
        const { child, step } = childOf(rem, x, lc);
        const b = bounds(k + 1, child, k + 1 + ':' + child.join(','));
        if (step + b.hi > hi) hi = step + b.hi;
        if (step + b.lo < lo) lo = step + b.lo;
        work++;
      });
    }
    const b = { hi, lo, all };
    boundCache.set(key, b);
    return b;
  };

  type Past = { lv: number; w: number };
  let stage = new Map<string, { rem: number[]; pasts: Map<number, Past> }>();
  const rem0 = [...rows].sort((a, b) => b - a);
  stage.set(rem0.join(','), { rem: rem0, pasts: new Map([[0, { lv: 0, w: 1 }]]) });
  let p = 0;
  for (let k = 0; k < nStages && stage.size > 0; k++) {
    const next = new Map<string, { rem: number[]; pasts: Map<number, Past> }>();
    for (const [nodeKey, node] of stage) {
      const key = k + ':' + nodeKey;
      const b = bounds(k, node.rem, key);
      const list = lists.get(key) ?? null;
      const open: Past[] = [];
      for (const past of node.pasts.values()) {
        if (K + past.lv + b.hi <= threshold) p += past.w * Math.exp(K + past.lv + b.all);
        else if (K + past.lv + b.lo > threshold) continue;
        else if (list) {
          // the completions no more probable than the observed table: f ≤ threshold − K − lv
          const limit = threshold - K - past.lv;
          let lo = 0;
          let hi = list.f.length; // first index with f > limit
          while (lo < hi) { const mid = (lo + hi) >> 1; if (list.f[mid] <= limit) lo = mid + 1; else hi = mid; }
          if (lo > 0) p += past.w * Math.exp(K + past.lv + list.top) * list.cum[lo - 1];
          work++;
        } else open.push(past);
      }
      if (open.length === 0) continue;
      // Expand: every way to spread column k over the remaining rows.
      const lc = lfact(colTot[k]);
      forEachSpread(colTot[k], node.rem, (x) => {
        const { child, step } = childOf(node.rem, x, lc);
        const nk = child.join(',');
        let dest = next.get(nk);
        if (!dest) { dest = { rem: child, pasts: new Map() }; next.set(nk, dest); }
        for (const past of open) {
          const lv = past.lv + step;
          const pk = Math.round(lv * 1e9);
          const q = dest.pasts.get(pk);
          if (q) q.w += past.w; else dest.pasts.set(pk, { lv, w: past.w });
        }
        work += open.length;
      });
      if (work > maxWork) return { p: null, reason: 'too-large', work };
    }
    stage = next;
  }
  return { p: Math.max(0, Math.min(1, p)), work };
}

/** Calls fn with every x (x_i ≤ caps_i, Σ x = total). The array passed is reused. */
function forEachSpread(total: number, caps: readonly number[], fn: (x: number[]) => void): void {
  const m = caps.length;
  const x = new Array<number>(m).fill(0);
  const suffix = new Array<number>(m + 1).fill(0);
  for (let i = m - 1; i >= 0; i--) suffix[i] = suffix[i + 1] + caps[i];
  const rec = (i: number, left: number): void => {
    if (i === m - 1) {
      if (left <= caps[i]) { x[i] = left; fn(x); }
      return;
    }
    const lo = Math.max(0, left - suffix[i + 1]);
    const hi = Math.min(caps[i], left);
    for (let v = lo; v <= hi; v++) { x[i] = v; rec(i + 1, left - v); }
  };
  if (total <= suffix[0]) rec(0, total);
}

/** An odds ratio with its Woolf interval. */
export interface OddsRatio {
  estimate: number;
  lower: number;
  upper: number;
  /** True when Haldane's +0.5 was added to every cell (a cell was zero and the user opted in). */
  haldane: boolean;
  /** se of ln OR. */
  seLog: number;
}

/**
 * Odds ratio ad/bc of a 2×2 table [[a, b], [c, d]] with Woolf's interval. A zero cell gives null
 * unless `haldane` is set, in which case 0.5 is added to every cell (only then).
 */
export function oddsRatioWoolf(t: readonly (readonly number[])[], opts: { haldane?: boolean; confLevel?: number } = {}): OddsRatio | null {
  checkTable(t);
  if (t.length !== 2 || t[0].length !== 2) throw new RangeError('an odds ratio needs a 2×2 table');
  let [[a, b], [c, d]] = t;
  const zero = a === 0 || b === 0 || c === 0 || d === 0;
  if (zero && !opts.haldane) return null;
  if (zero) { a += 0.5; b += 0.5; c += 0.5; d += 0.5; }
  const z = quantileNormal(1 - (1 - (opts.confLevel ?? 0.95)) / 2, 0, 1);
  const est = (a * d) / (b * c);
  const se = Math.sqrt(1 / a + 1 / b + 1 / c + 1 / d);
  return { estimate: est, lower: Math.exp(Math.log(est) - z * se), upper: Math.exp(Math.log(est) + z * se), haldane: zero, seLog: se };
}

/** Everything SPEC §4 asks of a crosstab. */
export interface CrosstabResult {
  counts: number[][];
  rowTotals: number[];
  colTotals: number[];
  n: number;
  pearson: PearsonResult;
  fisher: FisherResult;
  /** 2×2 only. */
  yates?: { chisq: number; df: 1; p: number };
  /** 2×2 only; null when a cell is zero and Haldane was not asked for. */
  oddsRatio?: OddsRatio | null;
}

/** All tests of a table of counts. */
export function analyzeTable(counts: readonly (readonly number[])[], opts: { haldane?: boolean; fisher?: FisherOptions } = {}): CrosstabResult {
  checkTable(counts);
  const { rows, cols, n } = margins(counts);
  const out: CrosstabResult = {
    counts: counts.map((r) => [...r]), rowTotals: rows, colTotals: cols, n,
    pearson: pearsonChiSquare(counts), fisher: fisherExact(counts, opts.fisher),
  };
  if (counts.length === 2 && counts[0].length === 2) {
    out.yates = yatesChiSquare(counts);
    out.oddsRatio = oddsRatioWoolf(counts, { haldane: opts.haldane });
  }
  return out;
}

/** Localized reason shown when Fisher's p is not available. */
export function fisherUnavailableText(): string {
  return msg('Fisher exact test not computed: the table is too large for exact enumeration.', { id: 'stats.fisherTooLarge' });
}
