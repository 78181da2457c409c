/**
 * What a roster may hold: real dates, `HH:MM` times, shifts of at most 24 hours, never two shifts of one
 * worker at once (also across the edge of the range being replaced), and a bounded range.
 */
import { DomainError } from '../errors';
import { daysBetween, isShanghaiDate, isWallTime } from './shanghai-wall-clock';
import { shiftSpan, type RosterShift } from './shift-schedule';

/** The longest range one roster request may replace; a quarter is as far as a township plans ahead. */
export const MAX_ROSTER_DAYS = 92;

const HOUR_MS = 3_600_000;

function invalid(field: string, zh: string, en: string): DomainError {
  return new DomainError('INVALID_INPUT', `${field}：${zh}`, `${field}: ${en}`, field);
}

/** Throws INVALID_INPUT naming `field.date`, `field.start` or `field.end` when a shift is malformed. */
export function validateShift(shift: Pick<RosterShift, 'date' | 'start' | 'end'>, field: string): void {
  if (!isShanghaiDate(shift.date)) throw invalid(`${field}.date`, '日期应为 YYYY-MM-DD 格式的有效日期', 'must be a real date written YYYY-MM-DD');
  if (!isWallTime(shift.start)) throw invalid(`${field}.start`, '开始时间应为 HH:MM（00:00–23:59）', 'must be HH:MM (00:00–23:59)');
  if (!isWallTime(shift.end)) throw invalid(`${field}.end`, '结束时间应为 HH:MM（00:00–23:59）', 'must be HH:MM (00:00–23:59)');
  if (shift.start === shift.end) throw invalid(`${field}.end`, '结束时间不能与开始时间相同', 'must differ from the start');
  const span = shiftSpan(shift);
  // Unreachable with HH:MM and the next-day rule, but the limit is a rule of its own, so it is checked as one.
  if (span.endsAt.getTime() - span.startsAt.getTime() > 24 * HOUR_MS) throw invalid(`${field}.end`, '班次不能超过 24 小时', 'a shift lasts at most 24 hours');
}

/** Throws INVALID_INPUT naming `from` or `to` unless they are dates in order, at most MAX_ROSTER_DAYS apart. */
export function validateRosterRange(from: string, to: string): void {
  if (!isShanghaiDate(from)) throw invalid('from', '日期应为 YYYY-MM-DD 格式的有效日期', 'must be a real date written YYYY-MM-DD');
  if (!isShanghaiDate(to)) throw invalid('to', '日期应为 YYYY-MM-DD 格式的有效日期', 'must be a real date written YYYY-MM-DD');
  if (to < from) throw invalid('to', '结束日期不能早于开始日期', 'must not be before from');
  if (daysBetween(from, to) >= MAX_ROSTER_DAYS) throw invalid('to', `一次最多排 ${MAX_ROSTER_DAYS} 天`, `at most ${MAX_ROSTER_DAYS} days at once`);
}

/**
 * The first pair of shifts of one worker that overlap in time, by index (lower first); null if none do.
 * `counts(i, j)` may skip pairs already known to be fine (two shifts kept as they were).
 */
export function findOverlap(shifts: readonly RosterShift[], counts: (i: number, j: number) => boolean = () => true): [number, number] | null {
  const spans = shifts.map((s, i) => ({ i, worker: s.workerId, ...shiftSpan(s) }));
  spans.sort((a, b) => (a.worker === b.worker ? a.startsAt.getTime() - b.startsAt.getTime() : a.worker < b.worker ? -1 : 1));
  // Against the shift reaching furthest so far, so a long shift is not forgotten behind a short one.
  let reach: (typeof spans)[number] | null = null;
  for (const cur of spans) {
    if (reach && reach.worker === cur.worker && cur.startsAt.getTime() < reach.endsAt.getTime()) {
      const pair: [number, number] = reach.i < cur.i ? [reach.i, cur.i] : [cur.i, reach.i];
      if (counts(pair[0], pair[1])) return pair;
    }
    if (!reach || reach.worker !== cur.worker || cur.endsAt.getTime() > reach.endsAt.getTime()) reach = cur;
  }
  return null;
}

/**
 * Judges a roster replacing the named workers' shifts from `from` to `to`: the range, each shift, each
 * shift's date inside the range, and no overlap with another new shift or with a shift kept outside the
 * range (`kept`, e.g. last night's shift running into `from`). Fields are named `shifts[i].…`.
 */
export function validateRoster(request: { from: string; to: string; shifts: readonly RosterShift[] }, kept: readonly RosterShift[] = []): void {
  validateRosterRange(request.from, request.to);
  request.shifts.forEach((shift, i) => {
    validateShift(shift, `shifts[${i}]`);
    if (shift.date < request.from || shift.date > request.to) throw invalid(`shifts[${i}].date`, `日期不在 ${request.from} 至 ${request.to} 之内`, `is outside ${request.from}..${request.to}`);
  });
  const all = [...request.shifts, ...kept];
  const fresh = request.shifts.length;
  const clash = findOverlap(all, (i) => i < fresh);
  if (!clash) return;
  const [a, b] = clash;
  // `a` is a new shift (lower indices are the new ones); `b` may be one kept.
  const other = b < fresh ? `shifts[${b}]` : '已有班次';
  const otherEn = b < fresh ? `shifts[${b}]` : 'an existing shift';
  throw invalid(`shifts[${a}]`, `与${other}时间重叠，同一人员的班次不能重叠`, `overlaps ${otherEn}; one worker's shifts must not overlap`);
}
