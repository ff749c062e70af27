/**
 * Words of the import wizard that several steps use: encodings, delimiters, column types, the
 * kinds of finding of the validation report.
 */
import { msg } from '@lit/localize';
import type { ColumnType, Delimiter } from '../../formats/delimited.ts';
import type { EncodingChoice } from '../../formats/text-decode.ts';
import type { ProblemKind } from '../../study/cohort-import.ts';

/** The encodings a user can force, in menu order. */
export const ENCODINGS: readonly EncodingChoice[] = ['auto', 'utf-8', 'utf-16le', 'utf-16be', 'gb18030', 'latin1'];

/** Name of an encoding choice. */
export function encodingName(e: EncodingChoice | string): string {
  switch (e) {
    case 'auto': return msg('Detect automatically', { id: 'import.encoding.auto' });
    case 'utf-8': return 'UTF-8';
    case 'utf-16le': return 'UTF-16 (little-endian)';
    case 'utf-16be': return 'UTF-16 (big-endian)';
    case 'gb18030': return msg('GB18030 / GBK (Chinese)', { id: 'import.encoding.gb18030' });
    case 'latin1': return msg('Latin-1 / Windows-1252', { id: 'import.encoding.latin1' });
    default: return e;
  }
}

/** The delimiters a user can force. */
export const DELIMITERS: readonly (Delimiter | 'auto')[] = ['auto', ',', ';', '\t', '|'];

/** Name of a delimiter. */
export function delimiterName(d: Delimiter | 'auto' | string): string {
  switch (d) {
    case 'auto': return msg('Detect automatically', { id: 'import.encoding.auto' });
    case ',': return msg('Comma ( , )', { id: 'import.delimiter.comma' });
    case ';': return msg('Semicolon ( ; )', { id: 'import.delimiter.semicolon' });
    case '\t': return msg('Tab', { id: 'import.delimiter.tab' });
    case '|': return msg('Vertical bar ( | )', { id: 'import.delimiter.pipe' });
    default: return d;
  }
}

/** Name of a column type. */
export function columnTypeName(t: ColumnType): string {
  switch (t) {
    case 'number': return msg('numbers', { id: 'import.type.number' });
    case 'date': return msg('dates', { id: 'import.type.date' });
    case 'category': return msg('categories', { id: 'import.type.category' });
    case 'text': return msg('text', { id: 'import.type.text' });
    case 'empty': return msg('empty', { id: 'import.type.empty' });
  }
}

/** Name of a kind of finding. */
export function problemKindName(k: ProblemKind): string {
  switch (k) {
    case 'unreadable': return msg('Could not be read', { id: 'import.kind.unreadable' });
    case 'unknown-code': return msg('Unknown codes', { id: 'import.kind.unknownCode' });
    case 'duplicate-id': return msg('Duplicate patient ids', { id: 'import.kind.duplicateId' });
    case 'before-diagnosis': return msg('Dates before diagnosis', { id: 'import.kind.beforeDiagnosis' });
    case 'date-order': return msg('Dates in the wrong order', { id: 'import.kind.dateOrder' });
    case 'future-date': return msg('Dates in the future', { id: 'import.kind.futureDate' });
    case 'out-of-range': return msg('Implausible values', { id: 'import.kind.outOfRange' });
    case 'ragged': return msg('Rows with too few or too many cells', { id: 'import.kind.ragged' });
    case 'episode': return msg('Episodes', { id: 'import.kind.episode' });
    case 'dr-group': return msg('DR group values', { id: 'import.kind.drGroup' });
  }
}

/** Kinds in the order the report lists them. */
export const PROBLEM_KINDS: readonly ProblemKind[] = ['unreadable', 'duplicate-id', 'before-diagnosis', 'date-order', 'future-date', 'out-of-range', 'unknown-code', 'dr-group', 'episode', 'ragged'];
