/**
 * Logistic regression against R's glm(family = binomial) (cohort-reference.json): coefficients,
 * SE, Wald z and p, OR and confint.default limits, deviance, AIC, iterations and convergence —
 * including separated data, which must be reported, not hidden.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { logisticRegression, logisticWarningText, type LogisticPredictor } from '../../src/stats/logistic.ts';

interface Case {
  name: string; input: Record<string, (number | string)[]>; factor_levels: Record<string, string[]> | [];
  terms: string[]; estimate: number[]; se: number[]; z: number[]; p: number[]; or: number[]; or_lower: number[]; or_upper: (number | null)[];
  deviance: number; null_deviance: number; aic: number; df_residual: number; df_null: number; iterations: number; converged: boolean;
  n: number; warnings: string[] | string;
}
const cases = (JSON.parse(readFileSync('tests/fixtures/cohort-reference.json', 'utf8')) as { logistic: Case[] }).logistic;
const rel = (a: number, b: number): number => (a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(b), 1e-300));

function fit(c: Case) {
  const [yName, ...xs] = Object.keys(c.input);
  const levels = Array.isArray(c.factor_levels) ? {} : c.factor_levels;
  const preds: LogisticPredictor[] = xs.map((v) => (levels[v]
    ? { name: v, kind: 'categorical', values: c.input[v] as string[], levels: levels[v] }
    : { name: v, kind: 'numeric', values: c.input[v] as number[] }));
  return logisticRegression(c.input[yName] as (0 | 1)[], preds);
}

describe('logistic regression vs R glm(family = binomial)', () => {
  for (const c of cases) {
    const separated = c.name.includes('separation') || c.name.includes('CRP');
    it(c.name, () => {
      const r = fit(c);
      expect(r.n).toBe(c.n);
      expect(r.coefficients.map((k) => k.term)).toEqual(c.terms);
      expect(r.iterations).toBe(c.iterations);
      expect(r.converged).toBe(c.converged);
      // Separated fits stop where R stops; their huge coefficients agree less tightly.
      const tol = separated ? 1e-5 : 1e-6;
      r.coefficients.forEach((k, i) => {
        expect(rel(k.estimate, c.estimate[i]), `${k.term} estimate ${k.estimate} vs ${c.estimate[i]}`).toBeLessThan(tol);
        expect(rel(k.se, c.se[i]), `${k.term} se`).toBeLessThan(tol);
        expect(rel(k.z, c.z[i]), `${k.term} z`).toBeLessThan(tol);
        expect(rel(k.p, c.p[i]), `${k.term} p`).toBeLessThan(tol);
        expect(rel(k.or, c.or[i]), `${k.term} OR`).toBeLessThan(tol);
        if (c.or_lower[i] > 1e-300) expect(rel(k.orLower, c.or_lower[i]), `${k.term} lower`).toBeLessThan(tol);
        if (c.or_upper[i] !== null) expect(rel(k.orUpper, c.or_upper[i]!), `${k.term} upper`).toBeLessThan(tol);
        else expect(k.orUpper).toBe(Infinity);
      });
      expect(rel(r.deviance, c.deviance)).toBeLessThan(separated ? 1e-4 : 1e-9);
      expect(rel(r.nullDeviance, c.null_deviance)).toBeLessThan(1e-9);
      expect(rel(r.aic, c.aic)).toBeLessThan(1e-6);
      expect([r.dfResidual, r.dfNull]).toEqual([c.df_residual, c.df_null]);
      const rWarn = ([] as string[]).concat(c.warnings);
      expect(r.warnings.includes('not-converged')).toBe(rWarn.some((w) => w.includes('did not converge')));
      expect(r.warnings.includes('fitted-0-or-1')).toBe(rWarn.some((w) => w.includes('numerically 0 or 1')));
      expect(r.separation).toBe(separated);
    });
  }

  it('separation is reported honestly even when R converges without a warning (demo: CRP ≥ 20 + second line)', () => {
    const r = fit(cases.find((c) => c.name.includes('CRP'))!);
    expect(r.converged).toBe(true);
    expect(r.fittedZeroOrOne).toBe(0);
    expect(r.separation).toBe(true);
    expect(r.driftingTerms).toEqual(expect.arrayContaining(['crp_high', 'second_line']));
    expect(r.driftingTerms).not.toContain('flc_extreme');
    expect(logisticWarningText('separation', r)).toContain('crp_high');
  });

  it('an aliased predictor (a copy of another) is NA, as R prints it', () => {
    const y: (0 | 1)[] = [0, 0, 1, 1, 0, 1, 1, 0, 1, 0];
    const x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const r = logisticRegression(y, [{ name: 'x', kind: 'numeric', values: x }, { name: 'x2', kind: 'numeric', values: x.map((v) => 2 * v) }]);
    expect(r.coefficients.map((c) => c.aliased)).toEqual([false, false, true]);
    expect(r.warnings).toContain('aliased');
    expect(Number.isNaN(r.coefficients[2].estimate)).toBe(true);
  });

  it('rows with a missing outcome or predictor are left out (complete cases)', () => {
    const r = logisticRegression([0, 1, null, 1, 0, 1, 0], [{ name: 'x', kind: 'numeric', values: [1, 2, 3, null, 2, 3, 1] }]);
    expect(r.n).toBe(5);
    expect(r.excluded).toBe(2);
  });
});
