/**
 * The township's 1-3-8 target: accept within 1 minute, contact the party within 3, arrive within 8,
 * all measured from the moment the township received the case. Pure: time is always passed in.
 */
import type { ClockStage, ClockStatus } from '@xiaonao/contracts';

export interface ClockPolicy {
  acceptSeconds: number;
  contactSeconds: number;
  arriveSeconds: number;
  /** Share of each window after which a running stage is "at risk". */
  warnShare: number;
}

export const DEFAULT_CLOCK_POLICY: ClockPolicy = { acceptSeconds: 60, contactSeconds: 180, arriveSeconds: 480, warnShare: 0.75 };

export interface Milestones {
  acceptedAt: Date | null;
  contactedAt: Date | null;
  arrivedAt: Date | null;
}

export interface StageClock {
  stage: ClockStage;
  deadline: Date;
  warnAt: Date;
  status: ClockStatus;
  doneAt: Date | null;
}

const STAGES: readonly { stage: ClockStage; window: (p: ClockPolicy) => number; done: (m: Milestones) => Date | null }[] = [
  { stage: 'accept', window: (p) => p.acceptSeconds, done: (m) => m.acceptedAt },
  { stage: 'contact', window: (p) => p.contactSeconds, done: (m) => m.contactedAt },
  { stage: 'arrive', window: (p) => p.arriveSeconds, done: (m) => m.arrivedAt },
];

function stageStatus(now: number, warnAt: number, deadline: number, doneAt: Date | null): ClockStatus {
  if (doneAt) return doneAt.getTime() <= deadline ? 'met' : 'met_late';
  if (now >= deadline) return 'breached';
  if (now >= warnAt) return 'at_risk';
  return 'pending';
}

/** The three clocks of a case at `now`. A stage that is done stops its clock, whatever `now` is. */
export function stageClocks(receivedAt: Date, milestones: Milestones, now: Date, policy: ClockPolicy = DEFAULT_CLOCK_POLICY): StageClock[] {
  const start = receivedAt.getTime();
  return STAGES.map(({ stage, window, done }) => {
    const windowMs = window(policy) * 1000;
    const deadline = start + windowMs;
    const warnAt = start + Math.round(windowMs * policy.warnShare);
    const doneAt = done(milestones);
    return { stage, deadline: new Date(deadline), warnAt: new Date(warnAt), status: stageStatus(now.getTime(), warnAt, deadline, doneAt), doneAt };
  });
}

/** When the next running stage changes status after `now` (to at risk or breached); null if none will. */
export function nextClockChange(clocks: readonly StageClock[], now: Date): Date | null {
  let next: number | null = null;
  for (const clock of clocks) {
    if (clock.doneAt) continue;
    for (const t of [clock.warnAt.getTime(), clock.deadline.getTime()]) {
      if (t > now.getTime() && (next === null || t < next)) next = t;
    }
  }
  return next === null ? null : new Date(next);
}

/** A compact fingerprint of the statuses, to tell whether anything changed. */
export type ClockStatuses = Record<ClockStage, ClockStatus>;

export function clockStatuses(clocks: readonly StageClock[]): ClockStatuses {
  const out = { accept: 'pending', contact: 'pending', arrive: 'pending' } as ClockStatuses;
  for (const clock of clocks) out[clock.stage] = clock.status;
  return out;
}

export interface ClockAlarm {
  stage: ClockStage;
  status: 'at_risk' | 'breached';
}

/** The alarms raised going from `before` to `after`: a running stage that became at risk or breached. */
export function newAlarms(before: ClockStatuses, after: ClockStatuses): ClockAlarm[] {
  const alarms: ClockAlarm[] = [];
  for (const stage of ['accept', 'contact', 'arrive'] as const) {
    const status = after[stage];
    if (status === before[stage]) continue;
    if (status === 'at_risk' || status === 'breached') alarms.push({ stage, status });
  }
  return alarms;
}
