/** Times as the township reads them: Asia/Shanghai, whatever the browser's own zone. */
import { locale } from './i18n';

const ZONE = 'Asia/Shanghai';

type Parts = Partial<Record<Intl.DateTimeFormatPartTypes, string>>;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Date and time fields in Shanghai; the weekday in the page's language. */
function parts(at: string | Date): Parts {
  const tag = locale() === 'zh' ? 'zh-CN' : 'en-GB';
  let f = formatters.get(tag);
  if (!f) {
    f = new Intl.DateTimeFormat(tag, {
      timeZone: ZONE,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(tag, f);
  }
  const out: Parts = {};
  for (const part of f.formatToParts(new Date(at))) out[part.type] = part.value;
  return out;
}

/** 14:03:27 */
export function formatTime(at: string | Date): string {
  const p = parts(at);
  return `${p.hour}:${p.minute}:${p.second}`;
}

/** 11-21 14:03:27 */
export function formatDateTime(at: string | Date): string {
  const p = parts(at);
  return `${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/** The header clock: 2025-11-21 周五 14:03:27 */
export function formatWallClock(at: Date): string {
  const p = parts(at);
  return `${p.year}-${p.month}-${p.day} ${p.weekday} ${p.hour}:${p.minute}:${p.second}`;
}

/** The Shanghai calendar day of a moment, as YYYY-MM-DD, to tell "today" apart. */
export function shanghaiDay(at: string | Date): string {
  const p = parts(at);
  return `${p.year}-${p.month}-${p.day}`;
}

/** 1.2 km / 350 m */
export function formatDistance(metres: number): string {
  return metres >= 1000 ? `${(metres / 1000).toFixed(1)} km` : `${Math.round(metres)} m`;
}
