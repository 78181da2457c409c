/**
 * Asia/Shanghai wall-clock dates and times as instants. Shanghai is UTC+8 all year (no daylight saving
 * since 1991), so a fixed offset is exact and needs no time-zone database; the server runs in UTC.
 */

const OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** True for a real calendar day written `YYYY-MM-DD` (not 2025-02-30). */
export function isShanghaiDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(y, mo - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === mo - 1 && probe.getUTCDate() === d;
}

/** True for `HH:MM` from 00:00 to 23:59. */
export function isWallTime(value: string): boolean {
  return TIME.test(value);
}

/** Minutes after midnight of a valid `HH:MM`. */
export function wallMinutes(time: string): number {
  const [h, m] = time.split(':').map(Number);
  return h * 60 + m;
}

/** The instant of a Shanghai date at a Shanghai wall time (both valid). */
export function shanghaiInstant(date: string, time: string): Date {
  const [y, mo, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, mo - 1, d) + wallMinutes(time) * 60_000 - OFFSET_MS);
}

/** The Shanghai calendar day an instant falls on: 2025-03-10T16:30Z is already 2025-03-11 there. */
export function shanghaiDate(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** `HH:MM` of an instant in Shanghai. */
export function shanghaiTime(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(11, 16);
}

/** The Shanghai date `days` after `date` (negative: before). */
export function addDays(date: string, days: number): string {
  const [y, mo, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, mo - 1, d) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (both valid dates). */
export function daysBetween(from: string, to: string): number {
  return Math.round((shanghaiInstant(to, '00:00').getTime() - shanghaiInstant(from, '00:00').getTime()) / DAY_MS);
}
