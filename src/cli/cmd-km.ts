/**
 * `mmdr km`: Kaplan–Meier curves, medians, restricted means, log-rank and bootstrap KM from a CSV
 * (SPEC §6). Output field names are a contract; `null` wherever R prints NA.
 */
import { readFileSync } from 'node:fs';
import { readDelimited } from '../formats/delimited.ts';
import { InputError } from '../formats/input-error.ts';
import { loadKernelsNode } from '../kernels/load-node.ts';
import { kmByGroup, splitByGroup, type ConfType, type MedianRule } from '../stats/km.ts';
import { logrank, type LogrankWeights } from '../stats/logrank.ts';
import { bootstrapKm } from '../stats/km-bootstrap.ts';
import { readSurvivalColumns } from '../stats/survival-input.ts';
import type { Command } from './commands.ts';
import { UsageError, type Opts } from './main.ts';

const one = (o: Opts, k: string): string | undefined => (Array.isArray(o[k]) ? (o[k] as string[]).at(-1) : undefined);
function oneOf<T extends string>(o: Opts, k: string, allowed: readonly T[], dflt: T): T {
  const v = one(o, k) ?? dflt;
  if (!(allowed as readonly string[]).includes(v)) throw new UsageError(`--${k} must be one of ${allowed.join(', ')} (got "${v}")`);
  return v as T;
}

function readFile(path: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (e) {
    throw new InputError(path, null, null, (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String((e as Error).message));
  }
}

/** JSON with every non-finite number as null (R's NA). */
const toJson = (x: unknown): string => JSON.stringify(x, (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v));

/** The `mmdr km` command (SPEC §6). */
export const km: Command = {
  name: 'km',
  summary: 'Kaplan–Meier: curves, medians, restricted means, log-rank, bootstrap (survfit/survdiff)',
  help: [
    'mmdr km --csv FILE --time COL --event COL [--group COL] [--strata COL] [--conf log|log-log|plain]',
    '        [--median-rule r|spss] [--weights logrank|gehan-breslow|tarone-ware] [--bootstrap N --seed S]',
    '',
    'As R: survfit(Surv(time, event) ~ group, conf.type = …), summary(fit, rmean = "individual" | "common"),',
    'survdiff(Surv(time, event) ~ group [+ strata(s)]).',
    'Event codes: 1/0, true/false, yes/no, dead/alive, event/censored (also 2/1 as R\'s Surv, and 是/否).',
    'Rows with no group (or stratum) value are left out, as R does; a missing or negative time is an error.',
    '--median-rule r (default): first time S < 0.5, midpoint on a flat 0.5; spss: first time S <= 0.5.',
    '--strata: stratifies the log-rank test only (the curves stay one per group).',
    '--weights: log-rank (default), Gehan-Breslow (weight n at risk, SPSS "Breslow"), Tarone-Ware (sqrt n).',
    '--bootstrap N: N replicates resampling patients within each group (seed --seed, default 1); percentile',
    '  intervals as boot.ci(type="perc") for the median and the restricted mean (each group\'s own largest time);',
    '  medianNotReached counts replicates whose median was not reached; a limit among them is null.',
    '',
    'Prints {groups:[{name,n,events,time[],nRisk[],nEvent[],nCensor[],surv[],stdErr[],lower[],upper[],median,',
    'medianLower,medianUpper,rmeanIndividual,rmeanIndividualSe,rmeanCommon,rmeanCommonSe,bootstrap?}],logrank?}.',
  ].join('\n'),
  flags: {
    csv: 'value', time: 'value', event: 'value', group: 'value', strata: 'value', conf: 'value',
    'median-rule': 'value', weights: 'value', bootstrap: 'value', seed: 'value',
  },
  required: { csv: true, time: true, event: true },
  async run(o, io) {
    const path = one(o, 'csv')!;
    const confType = oneOf<ConfType>(o, 'conf', ['log', 'log-log', 'plain'], 'log');
    const medianRule = oneOf<MedianRule>(o, 'median-rule', ['r', 'spss'], 'r');
    const weights = oneOf<LogrankWeights>(o, 'weights', ['logrank', 'gehan-breslow', 'tarone-ware'], 'logrank');
    const bootText = one(o, 'bootstrap');
    const nBoot = bootText === undefined ? 0 : Number(bootText);
    if (!Number.isInteger(nBoot) || nBoot < 0 || nBoot > 1e6) throw new UsageError('--bootstrap must be a whole number of replicates (0..1000000)');
    const seedText = one(o, 'seed');
    if (seedText !== undefined && !/^\d{1,15}$/.test(seedText)) throw new UsageError('--seed must be a whole number (0..999999999999999)');
    const seed = seedText === undefined ? 1 : Number(seedText);

    const table = readDelimited(readFile(path), path);
    const data = readSurvivalColumns(table, {
      time: one(o, 'time')!, event: one(o, 'event')!, group: one(o, 'group') ?? null, strata: one(o, 'strata') ?? null,
    });
    if (data.time.length === 0) throw new InputError(path, null, null, 'no rows left to analyse');

    const fits = kmByGroup(data.time, data.event, data.group, { confType, medianRule });
    const parts = splitByGroup(data.time, data.event, data.group);
    const boot = nBoot > 0
      ? bootstrapKm(loadKernelsNode(), parts.map((p) => ({ name: p.name, time: p.time, event: p.event })), { replicates: nBoot, seed })
      : null;

    const groups = fits.map((f, g) => ({
      name: f.name, n: f.n, events: f.events,
      time: f.time, nRisk: f.nRisk, nEvent: f.nEvent, nCensor: f.nCensor,
      surv: f.surv, stdErr: f.stdErr, lower: f.lower, upper: f.upper,
      median: f.median, medianLower: f.medianLower, medianUpper: f.medianUpper,
      rmeanIndividual: f.rmeanIndividual, rmeanIndividualSe: f.rmeanIndividualSe,
      rmeanCommon: f.rmeanCommon, rmeanCommonSe: f.rmeanCommonSe,
      ...(boot ? {
        bootstrap: {
          replicates: boot.groups[g].replicates,
          medianLower: boot.groups[g].medianLower, medianUpper: boot.groups[g].medianUpper,
          medianNotReached: boot.groups[g].medianNotReached,
          rmeanLower: boot.groups[g].rmeanLower, rmeanUpper: boot.groups[g].rmeanUpper,
        },
      } : {}),
    }));
    const out: Record<string, unknown> = { groups };
    if (data.group && fits.length >= 2) {
      const lr = logrank(data.time, data.event, data.group, { strata: data.strata, weights, levels: fits.map((f) => f.name) });
      out.logrank = { chisq: lr.chisq, df: lr.df, p: lr.p };
    }
    io.out(toJson(out) + '\n');
  },
};
