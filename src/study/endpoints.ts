/**
 * Survival endpoints computed from the study's dates (src/study/fields.ts keys), ready for
 * Kaplan–Meier and log-rank (src/stats/km.ts, src/stats/logrank.ts).
 *
 * Endpoints:
 * - 'os-diagnosis': overall survival from `date_diagnosis`.
 * - 'os-regimen':   overall survival from `date_regimen_start`.
 *     Event = death (`date_death` present; the time runs to it). Otherwise censored at
 *     `date_last_followup`.
 * - 'dor': duration of response, from `date_first_response` to `date_progression` (event).
 *     Without progression the patient is censored at the earliest of `date_death` and
 *     `date_last_followup` (IMWG: death without progression is censored); set
 *     `deathIsEvent: true` to count death as an event too (response-to-progression-or-death).
 *     Patients without a first-response date never responded and are excluded with that reason.
 *
 * Time unit convention: days are whole calendar days between the ISO dates (UTC, so no daylight
 * saving shifts); months = days / 30.4375 (the mean Gregorian month, 365.25/12); years = days /
 * 365.25. A time of 0 (same-day event) is kept, as survfit keeps it.
 *
 * Nothing is dropped silently: every patient who cannot contribute is listed in `excluded` with the
 * reason and, where there is one, the field at fault.
 */
import { msg, str } from '@lit/localize';

/** Which endpoint. */
export type Endpoint = 'os-diagnosis' | 'os-regimen' | 'dor';
/** Time unit of the result. */
export type TimeUnit = 'days' | 'months' | 'years';

/** Days per unit: 1, 30.4375 (= 365.25/12), 365.25. */
export const DAYS_PER_UNIT: Readonly<Record<TimeUnit, number>> = { days: 1, months: 30.4375, years: 365.25 };

/** A cohort row keyed by study-field key (values as imported; dates as ISO yyyy-mm-dd text). */
export type EndpointRow = Readonly<Record<string, string | number | null | undefined>>;

/** Machine-readable reason a patient is left out. */
export type ExclusionCode =
  | 'missing-start'
  | 'invalid-date'
  | 'no-response'
  | 'missing-end'
  | 'end-before-start';

/** A patient left out of the endpoint, and why. */
export interface ExcludedPatient {
  /** Patient id (the `patient_id` field, or "row N" when it is empty). */
  patient: string;
  /** 0-based index of the row. */
  row: number;
  code: ExclusionCode;
  /** Study field at fault, when there is one. */
  field: string | null;
  /** Localized explanation. */
  reason: string;
}

/** Result of {@link computeEndpoint}: one entry per included patient. */
export interface EndpointData {
  endpoint: Endpoint;
  unit: TimeUnit;
  /** Time in `unit`. */
  time: number[];
  /** 1 = event, 0 = censored. */
  event: (0 | 1)[];
  /** Patient id of each entry. */
  patients: string[];
  /** 0-based row index of each entry (to look up the group of each patient). */
  rows: number[];
  excluded: ExcludedPatient[];
}

/** Options of {@link computeEndpoint}. */
export interface EndpointOptions {
  /** Duration of response only: death without progression is an event (default false). */
  deathIsEvent?: boolean;
}

const blank = (v: unknown): boolean => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');

/** Day number (days since 1970-01-01, UTC) of an ISO date; NaN if it is not a valid date. */
export function isoDayNumber(v: string | number | null | undefined): number {
  if (typeof v !== 'string') return NaN;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])/.exec(v.trim());
  if (!m) return NaN;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return NaN;
  return Math.round(t / 86_400_000);
}

/** Localized label of a date field for messages. */
function fieldName(key: string): string {
  switch (key) {
    case 'date_diagnosis': return msg('date of diagnosis', { id: 'km.field.diagnosis' });
    case 'date_regimen_start': return msg('regimen start date', { id: 'km.field.regimenStart' });
    case 'date_first_response': return msg('date of first response', { id: 'km.field.firstResponse' });
    case 'date_progression': return msg('date of progression', { id: 'km.field.progression' });
    case 'date_last_followup': return msg('date of last follow-up', { id: 'km.field.lastFollowup' });
    case 'date_death': return msg('date of death', { id: 'km.field.death' });
    default: return key;
  }
}

/**
 * Survival times and events of one endpoint from the study's dates (see the file header for the
 * definitions and the unit convention).
 */
export function computeEndpoint(rows: readonly EndpointRow[], endpoint: Endpoint, unit: TimeUnit = 'days', opts: EndpointOptions = {}): EndpointData {
  const perDay = DAYS_PER_UNIT[unit];
  if (perDay === undefined) throw new RangeError(`unknown time unit "${unit}"`);
  const out: EndpointData = { endpoint, unit, time: [], event: [], patients: [], rows: [], excluded: [] };
  const startKey = endpoint === 'os-diagnosis' ? 'date_diagnosis' : endpoint === 'os-regimen' ? 'date_regimen_start' : 'date_first_response';

  rows.forEach((row, r) => {
    const patient = blank(row.patient_id) ? msg(str`row ${r + 1}`, { id: 'km.rowLabel' }) : String(row.patient_id).trim();
    const exclude = (code: ExclusionCode, field: string | null, reason: string) =>
      out.excluded.push({ patient, row: r, code, field, reason });
    /** A date field: null when blank, NaN-free day number, or undefined after recording an invalid date. */
    const day = (key: string): number | null | undefined => {
      const v = row[key];
      if (blank(v)) return null;
      const d = isoDayNumber(typeof v === 'number' ? String(v) : v);
      if (Number.isNaN(d)) {
        exclude('invalid-date', key, msg(str`${fieldName(key)} "${String(v).trim()}" is not a valid date`, { id: 'km.invalidDate' }));
        return undefined;
      }
      return d;
    };

    const start = day(startKey);
    if (start === undefined) return;
    if (start === null) {
      if (endpoint === 'dor') exclude('no-response', startKey, msg('no first-response date: the patient has no response to last', { id: 'km.noResponse' }));
      else exclude('missing-start', startKey, msg(str`the ${fieldName(startKey)} is missing`, { id: 'km.missingStart' }));
      return;
    }
    const death = day('date_death');
    if (death === undefined) return;
    const follow = day('date_last_followup');
    if (follow === undefined) return;

    let end: number;
    let event: 0 | 1;
    let endKey: string;
    if (endpoint === 'dor') {
      const prog = day('date_progression');
      if (prog === undefined) return;
      if (prog !== null) { end = prog; event = 1; endKey = 'date_progression'; }
      else if (opts.deathIsEvent && death !== null) { end = death; event = 1; endKey = 'date_death'; }
      else {
        const candidates = [death, follow].filter((d): d is number => d !== null);
        if (candidates.length === 0) {
          exclude('missing-end', 'date_last_followup', msg('no progression, death or last follow-up date: the time cannot be computed', { id: 'km.missingEndDor' }));
          return;
        }
        end = Math.min(...candidates);
        event = 0;
        endKey = end === death ? 'date_death' : 'date_last_followup';
      }
    } else if (death !== null) {
      end = death; event = 1; endKey = 'date_death';
    } else if (follow !== null) {
      end = follow; event = 0; endKey = 'date_last_followup';
    } else {
      exclude('missing-end', 'date_last_followup', msg('no date of death or last follow-up: the time cannot be computed', { id: 'km.missingEndOs' }));
      return;
    }
    if (end < start) {
      exclude('end-before-start', endKey, msg(str`the ${fieldName(endKey)} is before the ${fieldName(startKey)}`, { id: 'km.endBeforeStart' }));
      return;
    }
    out.time.push((end - start) / perDay);
    out.event.push(event);
    out.patients.push(patient);
    out.rows.push(r);
  });
  return out;
}
