/**
 * Repeat places and callers: N or more cases within any M consecutive days. The roll-ups hold daily
 * counts per address, per fine map cell and per caller; this finds, for each, the busiest window.
 */
import { dayGap } from './period';

export interface DayCount {
  /** YYYY-MM-DD. */
  day: string;
  cases: number;
}

/** The most cases in any window of `days` consecutive days (two pointers over the days in order). */
export function peakInWindow(counts: readonly DayCount[], days: number): number {
  const sorted = [...counts].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  let best = 0;
  let sum = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    sum += sorted[end].cases;
    while (dayGap(sorted[start].day, sorted[end].day) >= days) sum -= sorted[start++].cases;
    if (sum > best) best = sum;
  }
  return best;
}

export interface Repeat<K> {
  key: K;
  cases: number;
  peak: number;
  firstDay: string;
  lastDay: string;
}

/** The keys with `minCases` or more cases in some `days`-day window; busiest first. */
export function findRepeats<K>(series: ReadonlyMap<K, readonly DayCount[]>, minCases: number, days: number): Repeat<K>[] {
  const found: Repeat<K>[] = [];
  for (const [key, counts] of series) {
    const live = counts.filter((c) => c.cases > 0);
    if (!live.length) continue;
    const cases = live.reduce((n, c) => n + c.cases, 0);
    if (cases < minCases) continue;
    const peak = peakInWindow(live, days);
    if (peak < minCases) continue;
    const ordered = live.map((c) => c.day).sort();
    found.push({ key, cases, peak, firstDay: ordered[0], lastDay: ordered[ordered.length - 1] });
  }
  return found.sort((a, b) => b.peak - a.peak || b.cases - a.cases || String(a.key).localeCompare(String(b.key)));
}

/** How the roll-up spells an address: spaces trimmed and collapsed, full-width spaces too. */
export function reviewPlaceKey(address: string): string {
  return address.replace(/[\s\u3000]+/g, ' ').trim();
}
