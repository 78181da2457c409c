/**
 * Open311 dates are W3C date-times with an offset. The hub answers in Asia/Shanghai (UTC+8 all year,
 * no daylight saving), the time its users read: 2026-11-21T09:30:00+08:00.
 */
const SHANGHAI_OFFSET_MS = 8 * 3600_000;

export function shanghaiW3c(at: Date): string {
  return `${new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

/** A W3C date-time as a filter takes it: a full date-time with Z or an offset, or a bare date (midnight Beijing time); null when not one. */
export function parseW3c(text: string): Date | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return checkDay(new Date(`${text}T00:00:00+08:00`), text);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/.test(text)) return null;
  const at = new Date(text);
  return Number.isNaN(at.getTime()) ? null : at;
}

/** 2026-02-30 is not a day: Date rolls it over, which the day's text then no longer matches. */
function checkDay(at: Date, text: string): Date | null {
  if (Number.isNaN(at.getTime())) return null;
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10) === text ? at : null;
}
