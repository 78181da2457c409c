/**
 * Which shift is in force and when a worker's roster next changes. A shift is a Shanghai date and two
 * wall times; an end at or before the start means the shift runs past midnight into the next day.
 */
import { addDays, shanghaiDate, shanghaiInstant, wallMinutes } from './shanghai-wall-clock';

/** A shift as the roster holds it (valid fields; see validateShift). */
export interface RosterShift {
  workerId: string;
  /** `YYYY-MM-DD`, the Shanghai day the shift starts. */
  date: string;
  /** `HH:MM` */
  start: string;
  /** `HH:MM`; not after `start` means the next day. */
  end: string;
}

export interface ShiftSpan {
  startsAt: Date;
  /** Exclusive: at `endsAt` the shift is over. */
  endsAt: Date;
}

/** The instants a shift covers, [startsAt, endsAt). */
export function shiftSpan(shift: Pick<RosterShift, 'date' | 'start' | 'end'>): ShiftSpan {
  const startsAt = shanghaiInstant(shift.date, shift.start);
  const overnight = wallMinutes(shift.end) <= wallMinutes(shift.start);
  const endsAt = shanghaiInstant(overnight ? addDays(shift.date, 1) : shift.date, shift.end);
  return { startsAt, endsAt };
}

/** The shift covering `at`, if any (shifts of one worker never overlap). */
export function shiftInForce<S extends RosterShift>(shifts: readonly S[], at: Date): S | null {
  const t = at.getTime();
  return shifts.find((s) => {
    const span = shiftSpan(s);
    return span.startsAt.getTime() <= t && t < span.endsAt.getTime();
  }) ?? null;
}

/** The first instant strictly after `after` at which a shift starts or ends; null if the roster never changes again. */
export function nextRosterChange(shifts: readonly RosterShift[], after: Date): Date | null {
  let next: number | null = null;
  for (const s of shifts) {
    const span = shiftSpan(s);
    for (const edge of [span.startsAt.getTime(), span.endsAt.getTime()]) {
      if (edge > after.getTime() && (next === null || edge < next)) next = edge;
    }
  }
  return next === null ? null : new Date(next);
}

/** The shift in force at `at`, else the next one starting today or tomorrow (Shanghai); what a duty view shows. */
export function currentOrNextShift<S extends RosterShift>(shifts: readonly S[], at: Date): S | null {
  const current = shiftInForce(shifts, at);
  if (current) return current;
  const lastDay = addDays(shanghaiDate(at), 1);
  let best: { shift: S; startsAt: number } | null = null;
  for (const s of shifts) {
    const startsAt = shiftSpan(s).startsAt.getTime();
    if (startsAt > at.getTime() && s.date <= lastDay && (!best || startsAt < best.startsAt)) best = { shift: s, startsAt };
  }
  return best?.shift ?? null;
}
