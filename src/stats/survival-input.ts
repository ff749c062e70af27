/**
 * Reading survival data (time, event, optional group and stratum columns) out of a delimited table
 * (src/formats/delimited.ts), with errors that name the file, line and column.
 *
 * - Time: a number ≥ 0 (decimal comma and thousands separators as parseNumberCell reads them).
 *   A missing, unreadable or negative time is an InputError: a survival analysis must not quietly
 *   lose patients.
 * - Event: 1/0, true/false, yes/no, dead/alive, death/censored, event/censored, died, deceased,
 *   progressed, relapse…, and Chinese 是/否, 死亡/存活/生存, 事件/删失/截尾, 有/无 (case-insensitive).
 *   A column whose codes are all 1 and 2 is read as R's Surv() reads it: 2 = event, 1 = censored
 *   (reported in `notes`). Missing or unreadable codes are InputErrors.
 * - Group and stratum: the cell text; a missing cell (NA, empty, …) leaves the subject out of the
 *   analysis, as R's default na.action does, and is listed in `excluded` with its line.
 */
import { msg, str } from '@lit/localize';
import { InputError } from '../formats/input-error.ts';
import { isMissingCell, parseNumberCell, type DelimitedTable } from '../formats/delimited.ts';

const EVENT_CODES: Record<string, 0 | 1> = {
  '1': 1, 'true': 1, 't': 1, 'yes': 1, 'y': 1, 'dead': 1, 'death': 1, 'died': 1, 'deceased': 1, 'event': 1,
  'progressed': 1, 'progression': 1, 'relapse': 1, 'relapsed': 1, 'failure': 1,
  '是': 1, '死亡': 1, '事件': 1, '有': 1, '已故': 1, '进展': 1, '复发': 1,
  '0': 0, 'false': 0, 'f': 0, 'no': 0, 'n': 0, 'alive': 0, 'living': 0, 'censored': 0, 'censor': 0, 'survived': 0,
  'no event': 0, '否': 0, '存活': 0, '生存': 0, '删失': 0, '截尾': 0, '无': 0, '在世': 0,
};

/**
 * Reads one event cell: 1, 0, null for a missing cell, or 'invalid'. Numeric cells 1.0/0.0 count;
 * 2 is returned as 2 so a caller can apply R's 1/2 coding.
 */
export function parseEventCell(text: string): 0 | 1 | 2 | null | 'invalid' {
  const s = text.trim().toLowerCase();
  if (isMissingCell(s)) return null;
  if (s in EVENT_CODES) return EVENT_CODES[s];
  const v = Number(s);
  if (v === 0 || v === 1 || v === 2) return v;
  return 'invalid';
}

/** Column names of the survival variables. */
export interface SurvivalColumns {
  time: string;
  event: string;
  group?: string | null;
  strata?: string | null;
}

/** A subject left out of the analysis, and why. */
export interface ExcludedRow {
  /** 1-based line in the file. */
  line: number;
  /** Localized reason. */
  reason: string;
}

/** Survival data read from a table (subjects in file order, excluded ones left out). */
export interface SurvivalData {
  time: number[];
  event: (0 | 1)[];
  /** Group of each subject (null when no group column was asked for). */
  group: string[] | null;
  strata: string[] | null;
  /** 1-based file line of each subject. */
  line: number[];
  excluded: ExcludedRow[];
  /** Localized notes (e.g. the 1/2 event coding). */
  notes: string[];
}

/** Finds a column by exact name, else case-insensitively; InputError naming the file otherwise. */
function columnIndex(table: DelimitedTable, name: string): number {
  let i = table.columns.indexOf(name);
  if (i < 0) i = table.columns.findIndex((c) => c.toLowerCase() === name.trim().toLowerCase());
  if (i < 0) {
    throw new InputError(table.fileName, table.headerLine || null, name,
      msg(str`no such column (the columns are: ${table.columns.join(', ')})`, { id: 'km.noColumn' }));
  }
  return i;
}

/**
 * Reads the time, event and optional group/stratum columns of a table for survfit/survdiff.
 * Throws InputError (file, line, column) for a missing, unreadable or negative time and for a
 * missing or unreadable event code; subjects with a missing group or stratum are excluded and
 * listed.
 */
export function readSurvivalColumns(table: DelimitedTable, cols: SurvivalColumns): SurvivalData {
  const ti = columnIndex(table, cols.time);
  const ei = columnIndex(table, cols.event);
  const gi = cols.group ? columnIndex(table, cols.group) : -1;
  const si = cols.strata ? columnIndex(table, cols.strata) : -1;
  const colName = (i: number) => table.columns[i];
  const raw: { time: number; code: 0 | 1 | 2; group: string | null; stratum: string | null; line: number }[] = [];
  const excluded: ExcludedRow[] = [];
  table.rows.forEach((row, r) => {
    const line = table.lineOfRow[r];
    const tc = row[ti] ?? '';
    const tv = parseNumberCell(tc);
    if (tv.error !== undefined) throw new InputError(table.fileName, line, colName(ti), tv.error);
    if (tv.value === null) {
      throw new InputError(table.fileName, line, colName(ti), msg('the survival time is missing', { id: 'km.timeMissing' }));
    }
    if (tv.value < 0) {
      throw new InputError(table.fileName, line, colName(ti),
        msg(str`the survival time ${tc.trim()} is negative`, { id: 'km.timeNegative' }));
    }
    const ec = row[ei] ?? '';
    const ev = parseEventCell(ec);
    if (ev === null) {
      throw new InputError(table.fileName, line, colName(ei), msg('the event code is missing', { id: 'km.eventMissing' }));
    }
    if (ev === 'invalid') {
      throw new InputError(table.fileName, line, colName(ei),
        msg(str`"${ec.trim()}" is not an event code (use 1/0, true/false, dead/alive or event/censored)`, { id: 'km.eventInvalid' }));
    }
    const group = gi >= 0 ? (isMissingCell(row[gi] ?? '') ? null : row[gi].trim()) : null;
    const stratum = si >= 0 ? (isMissingCell(row[si] ?? '') ? null : row[si].trim()) : null;
    if (gi >= 0 && group === null) {
      excluded.push({ line, reason: msg(str`no value in the group column "${colName(gi)}"`, { id: 'km.groupMissing' }) });
      return;
    }
    if (si >= 0 && stratum === null) {
      excluded.push({ line, reason: msg(str`no value in the stratum column "${colName(si)}"`, { id: 'km.strataMissing' }) });
      return;
    }
    raw.push({ time: tv.value, code: ev, group, stratum, line });
  });
  const notes: string[] = [];
  const codes = new Set(raw.map((x) => x.code));
  const oneTwo = codes.has(2) && !codes.has(0);
  if (codes.has(2) && !oneTwo) {
    const bad = raw.find((x) => x.code === 2)!;
    throw new InputError(table.fileName, bad.line, colName(ei),
      msg('the event column mixes 0 with 2: use 1/0 (event/censored) or 2/1 (as R\'s Surv)', { id: 'km.eventMixed' }));
  }
  if (oneTwo) notes.push(msg('event codes 1/2 read as R\'s Surv() does: 2 = event, 1 = censored', { id: 'km.eventOneTwo' }));
  return {
    time: raw.map((x) => x.time),
    event: raw.map((x) => (oneTwo ? (x.code === 2 ? 1 : 0) : (x.code as 0 | 1))),
    group: gi >= 0 ? raw.map((x) => x.group!) : null,
    strata: si >= 0 ? raw.map((x) => x.stratum!) : null,
    line: raw.map((x) => x.line),
    excluded,
    notes,
  };
}
