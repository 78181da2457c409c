/** How the review's figures read: row names in the page's language, shares, durations, weekdays. */
import { CATEGORY_LABELS, INCIDENT_SOURCE_LABELS, type Locale, type ReviewDimension, type ReviewRow } from '@xiaonao/contracts';
import { percent } from '../console/grid-bands';
import { lang, labelOf } from './review-text';

export { percent };

function isKeyOf<K extends string>(labels: Record<K, Record<Locale, string>>, key: string): key is K {
  return Object.hasOwn(labels, key);
}

/** Categories and sources by the contracts' labels (the hub sends the Chinese ones); names as the hub gives them. */
export function rowLabel(by: ReviewDimension, row: ReviewRow): string {
  if (by === 'category' && isKeyOf(CATEGORY_LABELS, row.key)) return labelOf(CATEGORY_LABELS, row.key);
  if (by === 'source' && isKeyOf(INCIDENT_SOURCE_LABELS, row.key)) return labelOf(INCIDENT_SOURCE_LABELS, row.key);
  return row.label;
}

export function categoryLabel(category: string): string {
  return isKeyOf(CATEGORY_LABELS, category) ? labelOf(CATEGORY_LABELS, category) : category;
}

/** 23/24: in time of due, '—' when nothing was due. */
export function ofDue(inTime: number, due: number): string {
  return due === 0 ? '—' : `${inTime}/${due}`;
}

/** Seconds from receipt as 4:05 or 1:02:05; '—' where the stage was never done. */
export function duration(seconds: number | null): string {
  if (seconds === null) return '—';
  const s = Math.round(seconds);
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return hours ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}

const WEEKDAYS: Record<Locale, readonly string[]> = {
  zh: ['周一', '周二', '周三', '周四', '周五', '周六', '周日'],
  en: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
};

/** Monday is 1, Sunday 7, as the hub's trends count them. */
export function weekdayName(isoDay: number): string {
  return WEEKDAYS[lang.value][isoDay - 1] ?? String(isoDay);
}

/** A share as a number of percent for a chart axis (null stays a gap). */
export function pct(share: number | null): number | null {
  return share === null ? null : Math.round(share * 1000) / 10;
}
