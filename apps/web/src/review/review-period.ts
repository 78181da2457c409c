/**
 * The review's period: Beijing days (YYYY-MM-DD, both ends included) as the hub counts them, the
 * presets of the picker, and the URL query that makes a review linkable and reloadable. Pure: the
 * page and its spec share it.
 */
import type { ReviewDimension, ReviewPeriod } from '@xiaonao/contracts';
import { REVIEW_DIMENSIONS } from '@xiaonao/contracts';

export const PERIOD_PRESETS = ['today', 'yesterday', 'last7', 'thisMonth', 'lastMonth'] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar day written YYYY-MM-DD. */
export function isDay(value: string | null): value is string {
  if (!value || !DAY.test(value)) return false;
  const at = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(at.getTime()) && at.toISOString().slice(0, 10) === value;
}

/** The day `n` days after `day` (calendar arithmetic, no zone involved). */
export function addDays(day: string, n: number): string {
  const at = new Date(`${day}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + n);
  return at.toISOString().slice(0, 10);
}

/** The Beijing day of a moment. */
export function beijingDayOf(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

export function presetPeriod(preset: PeriodPreset, today: string): ReviewPeriod {
  const month = today.slice(0, 7);
  switch (preset) {
    case 'today':
      return { from: today, to: today };
    case 'yesterday': {
      const day = addDays(today, -1);
      return { from: day, to: day };
    }
    case 'last7':
      return { from: addDays(today, -6), to: today };
    case 'thisMonth':
      return { from: `${month}-01`, to: today };
    case 'lastMonth': {
      const lastDay = addDays(`${month}-01`, -1);
      return { from: `${lastDay.slice(0, 7)}-01`, to: lastDay };
    }
  }
}

/** Which preset a period is, if it is one (the picker highlights it). */
export function presetOf(period: ReviewPeriod, today: string): PeriodPreset | null {
  return PERIOD_PRESETS.find((p) => {
    const q = presetPeriod(p, today);
    return q.from === period.from && q.to === period.to;
  }) ?? null;
}

/** What the URL says: the period (the hub's default week when absent or bad), the rates tab, print mode. */
export interface ReviewQuery {
  period: ReviewPeriod;
  by: ReviewDimension;
  print: boolean;
}

export function readQuery(search: string, today: string): ReviewQuery {
  const params = new URLSearchParams(search);
  const from = params.get('from');
  const to = params.get('to');
  const period = isDay(from) && isDay(to) && from <= to ? { from, to } : presetPeriod('last7', today);
  const by = params.get('by');
  return {
    period,
    by: (REVIEW_DIMENSIONS as readonly string[]).includes(by ?? '') ? (by as ReviewDimension) : 'grid',
    print: params.get('print') === '1',
  };
}

/** The query for a period and tab, keeping what else the URL carries (`as`). */
export function writeQuery(search: string, query: Pick<ReviewQuery, 'period' | 'by'>): string {
  const params = new URLSearchParams(search);
  params.set('from', query.period.from);
  params.set('to', query.period.to);
  params.set('by', query.by);
  return `?${params.toString()}`;
}

/** The print view's URL for a period: its own page, so the browser prints only it. */
export function printQuery(search: string, period: ReviewPeriod): string {
  const params = new URLSearchParams(search);
  params.set('print', '1');
  params.set('from', period.from);
  params.set('to', period.to);
  params.delete('by');
  return `?${params.toString()}`;
}

/** `?from=…&to=…&…` for a review route. */
export function periodParams(period: ReviewPeriod, extra: Record<string, string | number | undefined> = {}): string {
  const params = new URLSearchParams({ from: period.from, to: period.to });
  for (const [key, value] of Object.entries(extra)) if (value !== undefined && value !== '') params.set(key, String(value));
  return params.toString();
}
