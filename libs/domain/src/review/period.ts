/**
 * Review periods are Beijing days (Asia/Shanghai has no daylight saving: UTC+8 all year), both ends
 * included. A bad period is refused naming the field.
 */
import { DomainError } from '../errors';

const DAY_MS = 86_400_000;
const BEIJING_MS = 8 * 3_600_000;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;

/** The Beijing day of an instant, YYYY-MM-DD. */
export function beijingDay(at: Date): string {
  return new Date(at.getTime() + BEIJING_MS).toISOString().slice(0, 10);
}

/** Days between two YYYY-MM-DD (b − a). */
export function dayGap(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

export function shiftDay(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

function validDay(text: string): boolean {
  const m = DAY.exec(text);
  if (!m) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

export interface DayPeriod {
  from: string;
  to: string;
}

/**
 * The period asked for: `to` defaults to today, `from` to six days before `to` (a week). At most
 * `maxDays` days long.
 */
export function resolvePeriod(asked: { from?: string; to?: string }, now: Date, maxDays = 400): DayPeriod {
  if (asked.to !== undefined && !validDay(asked.to)) throw new DomainError('INVALID_INPUT', 'to：须为日期 YYYY-MM-DD', 'to: must be a date YYYY-MM-DD', 'to');
  if (asked.from !== undefined && !validDay(asked.from)) throw new DomainError('INVALID_INPUT', 'from：须为日期 YYYY-MM-DD', 'from: must be a date YYYY-MM-DD', 'from');
  const to = asked.to ?? beijingDay(now);
  const from = asked.from ?? shiftDay(to, -6);
  if (from > to) throw new DomainError('INVALID_INPUT', 'from：不能晚于 to', 'from: cannot be after to', 'from');
  if (dayGap(from, to) + 1 > maxDays) throw new DomainError('INVALID_INPUT', `from：时段不能超过 ${maxDays} 天`, `from: the period cannot exceed ${maxDays} days`, 'from');
  return { from, to };
}

/** A month YYYY-MM as its first and last day; defaults to the month of `now` (Beijing). */
export function monthPeriod(month: string | undefined, now: Date): DayPeriod & { month: string } {
  const m = month ?? beijingDay(now).slice(0, 7);
  const parts = MONTH.exec(m);
  if (!parts || Number(parts[2]) < 1 || Number(parts[2]) > 12) throw new DomainError('INVALID_INPUT', 'month：须为月份 YYYY-MM', 'month: must be a month YYYY-MM', 'month');
  const year = Number(parts[1]);
  const mon = Number(parts[2]);
  const last = new Date(Date.UTC(year, mon, 0)).getUTCDate();
  return { month: m, from: `${m}-01`, to: `${m}-${String(last).padStart(2, '0')}` };
}
