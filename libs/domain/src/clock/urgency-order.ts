/**
 * Which case an operator should look at first. Breached cases lead, then cases at risk, then cases
 * whose clocks are still running; within each band the nearest deadline (the most overdue, for a
 * breach) comes first. Open cases whose clocks have all stopped (the worker is on site) follow, newest
 * first, and closed cases come last. Pure: time is passed in.
 */

/** One stage clock as the ordering needs it; a `StageClock` is one. */
export interface UrgencyClock {
  deadline: Date;
  warnAt: Date;
  doneAt: Date | null;
}

export interface UrgencyCase {
  closed: boolean;
  receivedAt: Date;
  clocks: readonly UrgencyClock[];
}

/** In the order shown: `quiet` is an open case with no clock running. */
export const URGENCY_BANDS = ['breached', 'at_risk', 'running', 'quiet', 'closed'] as const;
export type UrgencyBand = (typeof URGENCY_BANDS)[number];

export interface Urgency {
  band: UrgencyBand;
  /** The earliest deadline among the running clocks; null when none runs. */
  nextDeadline: Date | null;
}

export function urgencyOf(c: UrgencyCase, now: Date): Urgency {
  if (c.closed) return { band: 'closed', nextDeadline: null };
  const t = now.getTime();
  let band: UrgencyBand = 'quiet';
  let next: number | null = null;
  for (const clock of c.clocks) {
    if (clock.doneAt) continue;
    const deadline = clock.deadline.getTime();
    const status: UrgencyBand = t >= deadline ? 'breached' : t >= clock.warnAt.getTime() ? 'at_risk' : 'running';
    if (URGENCY_BANDS.indexOf(status) < URGENCY_BANDS.indexOf(band)) band = status;
    if (next === null || deadline < next) next = deadline;
  }
  return { band, nextDeadline: next === null ? null : new Date(next) };
}

interface Keyed<T> {
  item: T;
  band: number;
  deadline: number;
  received: number;
  index: number;
}

/**
 * `items` most urgent first; `view` reads each as an `UrgencyCase` once. Equal deadlines, and the
 * cases without a running clock, go newest first; anything still equal keeps its place.
 */
export function byUrgency<T>(items: readonly T[], now: Date, view: (item: T) => UrgencyCase): T[] {
  const keyed = items.map((item, index): Keyed<T> => {
    const c = view(item);
    const u = urgencyOf(c, now);
    return { item, band: URGENCY_BANDS.indexOf(u.band), deadline: u.nextDeadline?.getTime() ?? 0, received: c.receivedAt.getTime(), index };
  });
  keyed.sort((a, b) => a.band - b.band || a.deadline - b.deadline || b.received - a.received || a.index - b.index);
  return keyed.map((k) => k.item);
}
