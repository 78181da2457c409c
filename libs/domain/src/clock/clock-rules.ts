/**
 * The 1-3-8 windows a case gets: a township sets rules per category, per priority, or both; the most
 * specific rule that matches wins, and the hub's configured default stands where none does. The
 * windows are fixed when the case is received, so a rule changed later never moves a running deadline.
 */
import type { Category } from '@xiaonao/contracts';
import type { ClockPolicy } from './one-three-eight';

export interface ClockRule extends ClockPolicy {
  /** null for every category. */
  category: Category | null;
  /** null for every priority (1 urgent … 3 routine). */
  priority: number | null;
}

/** Category and priority together beat category alone, which beats priority alone, which beats a township-wide rule. */
function specificity(rule: ClockRule): number {
  return (rule.category !== null ? 2 : 0) + (rule.priority !== null ? 1 : 0);
}

export function resolveClockPolicy(rules: readonly ClockRule[], category: Category, priority: number, fallback: ClockPolicy): ClockPolicy {
  let best: ClockRule | null = null;
  for (const rule of rules) {
    if (rule.category !== null && rule.category !== category) continue;
    if (rule.priority !== null && rule.priority !== priority) continue;
    if (!best || specificity(rule) > specificity(best)) best = rule;
  }
  if (!best) return fallback;
  return { acceptSeconds: best.acceptSeconds, contactSeconds: best.contactSeconds, arriveSeconds: best.arriveSeconds, warnShare: best.warnShare };
}

/** Why a rule cannot stand, or null. The stages follow each other, so their windows must too. */
export function clockRuleProblem(rule: ClockPolicy): { field: keyof ClockPolicy; zh: string; en: string } | null {
  if (!(rule.acceptSeconds > 0)) return { field: 'acceptSeconds', zh: '接单时限须大于 0', en: 'must be above 0' };
  if (!(rule.contactSeconds >= rule.acceptSeconds)) return { field: 'contactSeconds', zh: '联系时限不能短于接单时限', en: 'cannot be shorter than acceptSeconds' };
  if (!(rule.arriveSeconds >= rule.contactSeconds)) return { field: 'arriveSeconds', zh: '到场时限不能短于联系时限', en: 'cannot be shorter than contactSeconds' };
  if (!(rule.warnShare > 0 && rule.warnShare < 1)) return { field: 'warnShare', zh: '预警比例须在 0 与 1 之间', en: 'must lie between 0 and 1' };
  return null;
}
