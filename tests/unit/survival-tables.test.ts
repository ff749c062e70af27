import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { readDelimited } from '../../src/formats/delimited.ts';
import { guessMapping } from '../../src/study/mapping.ts';
import type { CohortData } from '../../src/study/model.ts';
import { buildSurvivalInput, DEFAULT_SURVIVAL_SETTINGS, type SurvivalSettings } from '../../src/study/survival-data.ts';
import { loadKernelsNode } from '../../src/kernels/load-node.ts';
import { survivalApi } from '../../src/worker/api/survival-api.ts';
import { tableToCsv } from '../../src/export/table.ts';
import {
  bootstrapTable, dataExport, methodsText, numericExport, publicationExport, resultsTable, survivalAtTable, testsTable, timesInUnit, type TableContext,
} from '../../src/views/survival/tables.ts';

const t = readDelimited(new Uint8Array(readFileSync('public/demo/cohort.csv')), 'cohort.csv');
const cohort: CohortData = {
  fileId: 'demo', fileName: 'cohort.csv', encoding: t.encoding, delimiter: t.delimiter, columns: t.columns, rows: t.rows, lineOfRow: t.lineOfRow,
  mapping: guessMapping(t.columns), report: { rows: t.report.rows, columns: t.report.columns, emptyRowsDropped: 0, raggedRows: 0 },
};
const api = survivalApi(() => loadKernelsNode());

async function context(over: Partial<SurvivalSettings>, boot = 0): Promise<TableContext> {
  const settings = { ...DEFAULT_SURVIVAL_SETTINGS, ...over };
  const input = buildSurvivalInput(cohort, settings);
  const data = { time: Float64Array.from(input.time), event: Uint8Array.from(input.event), group: input.group, levels: input.levels, strata: input.strata };
  const result = await api.kmAnalysis(data, { confType: settings.confType, medianRule: settings.medianRule, times: timesInUnit(settings) });
  const b = boot ? await api.bootstrapKm(data, { replicates: boot, seed: 1, rmean: settings.rmean, bands: false }) : null;
  return { input, result, settings, boot: b, loc: 'en-GB' };
}

describe('survival tables', () => {
  it('Bz by DR group: a median not reached reads as words, intervals as NR, never NaN', async () => {
    const cx = await context({ drug: 'Bz' }, 300);
    const r = resultsTable(cx);
    expect(r.columns.slice(0, 5)).toEqual(['DR group', 'n', 'Events', 'Median, months (95% CI)', 'Mean, months (SE; 95% CI)']);
    expect(r.rows.map((x) => x[0].text)).toEqual(['Response', 'De novo DR', 'Acquired DR']);
    const denovo = r.rows[1];
    expect(denovo[3].text).toMatch(/^not reached \(\d+\.\d–NR\)$/);
    expect(denovo[3].value).toBeNull();
    const all = JSON.stringify([r, survivalAtTable(cx), testsTable(cx), publicationExport(cx, 'x'), numericExport(cx, 'x'), methodsText(cx, 'Bz')]);
    expect(all).not.toMatch(/NaN|Infinity|undefined/);
    expect(r.columns).toContain('Replicates with median not reached');
    expect(r.rows[1][6].text).toMatch(/^\d+ \/ 300$/);
    expect(resultsTable(cx, false).columns).toHaveLength(5);
    const bt = bootstrapTable(cx)!;
    expect(bt.rows[1][1].text).toMatch(/^(\d+\.\d|NR)–NR$/);
    expect(bt.rows[1][2].value).toBe(cx.boot!.groups[1].medianNotReached);
    expect(JSON.stringify(bt)).not.toMatch(/NaN|Infinity|undefined/);
  });

  it('numeric CSV: one column per number, NR text for a median not reached, S(t) with limits and at-risk', async () => {
    const cx = await context({ drug: 'Bz' });
    const x = numericExport(cx, 'OS by DR group (Bz)');
    expect(x.columns.slice(0, 12)).toEqual(['DR group', 'n', 'Events', 'Censored', 'Median (months)', 'Median 95% CI lower', 'Median 95% CI upper',
      'Mean (months)', 'Mean SE', 'Mean 95% CI lower', 'Mean 95% CI upper', 'Mean limit τ']);
    expect(x.columns.slice(12, 16)).toEqual(['Survival at 12 mo', 'Survival at 12 mo lower', 'Survival at 12 mo upper', 'Survival at 12 mo at risk']);
    const denovo = x.rows[1];
    expect(denovo[4]).toBe('NR');
    expect(denovo[1]).toBe(35);
    const g = cx.result.groups[0];
    expect(x.rows[0][4]).toBe(g.median);
    expect(x.rows[0][7]).toBe(g.rmeanIndividual);
    expect(x.rows[0][9]).toBeCloseTo(g.rmeanIndividual - 1.959963984540054 * g.rmeanIndividualSe, 12);
    expect(x.footnotes![0]).toMatch(/^Log-rank \(Mantel–Cox\): χ² = \d+\.\d{3}, df = 2, p = 0\.\d{3}$/);
    expect(tableToCsv(x).split('\r\n')).toHaveLength(1 + 3 + 1); // header, three groups, the final CRLF
  });

  it('the mean follows the chosen convention, and the notes and methods say which', async () => {
    const ind = await context({ rmean: 'individual' });
    const com = await context({ rmean: 'common' });
    expect(resultsTable(ind).rows[0][4].value).toBe(ind.result.groups[0].rmeanIndividual);
    expect(resultsTable(com).rows[0][4].value).toBe(com.result.groups[0].rmeanCommon);
    expect(resultsTable(ind).footnotes.join(' ')).toContain('SPSS\'s "Mean"');
    expect(methodsText(com, null)).toContain('last observed time of all groups');
    expect(methodsText(ind, null)).toContain('Overall survival was measured from diagnosis');
  });

  it('stratified tests say so; the patient data export reproduces the input', async () => {
    const cx = await context({ strata: 'field:drug' });
    const tt = testsTable(cx)!;
    expect(tt.note).toContain('Stratified by Regimen drug (3 strata)');
    expect(tt.rows.find((r) => r.chosen)!.name).toBe('Log-rank (Mantel–Cox)');
    const d = dataExport(cx.input, 'data');
    expect(d.columns).toEqual(['patient', 'time_months', 'event', 'group', 'stratum']);
    expect(d.rows).toHaveLength(cx.input.time.length);
    expect(d.rows[0]).toEqual([cx.input.patients[0], cx.input.time[0], cx.input.event[0], cx.input.labels[cx.input.group![0]], cx.input.strata![0]]);
  });
});
