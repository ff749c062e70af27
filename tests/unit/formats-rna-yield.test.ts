/**
 * RNA-yield tables (src/formats/rna-yield.ts): the R fixture (NA kept as missing), a Nanodrop-style
 * export with a Group column added, column names in other forms, and broken tables refused with
 * file, line and column.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { InputError } from '../../src/formats/input-error.ts';
import { parseRnaYield, rnaYieldColumns } from '../../src/formats/rna-yield.ts';

const enc = (s: string) => new TextEncoder().encode(s);

function catchInput(fn: () => unknown): InputError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error('expected an InputError');
}

describe('RNA-yield tables', () => {
  it('reads the R fixture: groups in order of appearance, NA as missing, A260/280', () => {
    const t = parseRnaYield(new Uint8Array(readFileSync('tests/fixtures/exosome/rna-yield-3groups.csv')), 'rna.csv');
    expect(t.groups).toEqual(['Bz-responsive', 'Bz-resistant', 'Healthy control']);
    expect(t.rows).toHaveLength(13);
    expect(t.missing).toBe(1);
    expect(t.rows[11]).toMatchObject({ sample: 'HC3', group: 'Healthy control', concentration: null, line: 13 });
    expect(t.rows[0]).toMatchObject({ sample: 'R1', concentration: 234.04, a260280: 2.02, line: 2 });
    expect(t.columns).toEqual({ sample: 'Sample', group: 'Group', concentration: 'RNA (ng/ul)', a260280: 'A260/280' });
  });

  it('recognises Nanodrop’s own column names and other spellings', () => {
    expect(rnaYieldColumns(['Sample ID', 'User name', 'Date', 'Nucleic Acid Conc.', 'Unit', 'A260', 'A280', '260/280', '260/230', 'Group'])).toEqual({ sample: 0, group: 9, conc: 3, ratio: 7 });
    expect(rnaYieldColumns(['Patient', 'Cohort', 'ng/μl'])).toEqual({ sample: 0, group: 1, conc: 2, ratio: -1 });
    expect(rnaYieldColumns(['name', 'treatment group', 'RNA yield'])).toEqual({ sample: 0, group: 1, conc: 2, ratio: -1 });
    expect(rnaYieldColumns(['patient_id', 'age', 'sex'])).toBeNull();
    const t = parseRnaYield(enc('Sample ID;Group;ng/µl\nA1;MM;350,5\nA2;HC;78,2\n'), 'nd.csv');
    expect(t.rows.map((r) => r.concentration)).toEqual([350.5, 78.2]);
  });

  it('refuses a table without the needed columns, naming what is missing', () => {
    const e = catchInput(() => parseRnaYield(enc('Sample,RNA (ng/ul)\nA,1\n'), 'x.csv'));
    expect(e).toMatchObject({ file: 'x.csv', line: 1 });
    expect(e.detail).toBe('the header has no column for: group');
  });

  it('refuses a bad number, a negative value, a missing group or name, a repeated sample', () => {
    const head = 'Sample,Group,RNA (ng/ul)\n';
    expect(catchInput(() => parseRnaYield(enc(head + 'A,MM,12\nB,MM,1O5\n'), 'x.csv'))).toMatchObject({ line: 3, column: 'RNA (ng/ul)' });
    expect(catchInput(() => parseRnaYield(enc(head + 'A,MM,-3\n'), 'x.csv'))).toMatchObject({ line: 2, column: 'RNA (ng/ul)' });
    expect(catchInput(() => parseRnaYield(enc(head + 'A,,3\n'), 'x.csv'))).toMatchObject({ line: 2, column: 'Group' });
    expect(catchInput(() => parseRnaYield(enc(head + ',MM,3\n'), 'x.csv'))).toMatchObject({ line: 2, column: 'Sample' });
    const dup = catchInput(() => parseRnaYield(enc(head + 'A,MM,3\nB,MM,4\na,MM,5\n'), 'x.csv'));
    expect(dup).toMatchObject({ line: 4, column: 'Sample' });
    expect(dup.detail).toContain('line 2');
  });
});
