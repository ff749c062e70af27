/**
 * The DR classification settings as the Cohort tab edits them (saved in study.settings.dr; the
 * Survival and Tables views read the same record): the rule order, one of the six orders of the
 * three rules, and the early-progression window.
 */
import { msg } from '@lit/localize';
import { DEFAULT_DR_SETTINGS, DEFAULT_DR_ORDER, drGroupLabel, type DrGroup, type DrSettings } from '../../study/dr-classification.ts';

/** Every order of the three rules, the paper's first. */
export const DR_ORDERS: readonly (readonly DrGroup[])[] = [
  DEFAULT_DR_ORDER,
  ['denovo', 'response', 'acquired'],
  ['acquired', 'denovo', 'response'],
  ['acquired', 'response', 'denovo'],
  ['response', 'denovo', 'acquired'],
  ['response', 'acquired', 'denovo'],
];

/** "De novo DR → Acquired DR → Response". */
export function drOrderName(order: readonly DrGroup[]): string {
  return order.map((g) => drGroupLabel(g)).join(msg(' → ', { id: 'cohort.dr.then' }));
}

/** Settings read back from storage: anything missing or malformed takes the paper's default. */
export function normalizeDrSettings(raw: unknown): DrSettings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const w = Number(r.windowDays);
  const order = Array.isArray(r.order) ? DR_ORDERS.find((o) => o.join() === (r.order as unknown[]).join()) : undefined;
  const t = r.onTreatmentDays;
  return {
    windowDays: Number.isInteger(w) && w >= 1 && w <= 3650 ? w : DEFAULT_DR_SETTINGS.windowDays,
    order: order ?? DEFAULT_DR_SETTINGS.order,
    onTreatmentDays: typeof t === 'number' && Number.isInteger(t) && t >= 1 ? t : null,
  };
}
