/**
 * The deadlines of a case as durable timers: for each stage a warning (at the configured share of the
 * window) and a breach (at the deadline). Whether a timer that fell due still has anything to do is
 * decided here too, from the case as it stands when the timer fires.
 */
import type { ClockStage, IncidentState } from '@xiaonao/contracts';
import { stageClocks, type ClockPolicy, type Milestones } from './one-three-eight';

export type TimerKind = 'warn' | 'breach';

export interface StageTimer {
  stage: ClockStage;
  kind: TimerKind;
  dueAt: Date;
}

export function stageTimers(receivedAt: Date, policy: ClockPolicy): StageTimer[] {
  const none: Milestones = { acceptedAt: null, contactedAt: null, arrivedAt: null };
  return stageClocks(receivedAt, none, receivedAt, policy).flatMap((c) => [
    { stage: c.stage, kind: 'warn' as const, dueAt: c.warnAt },
    { stage: c.stage, kind: 'breach' as const, dueAt: c.deadline },
  ]);
}

export interface CaseAtFiring extends Milestones {
  state: IncidentState;
}

const doneAt = (stage: ClockStage, m: Milestones): Date | null => (stage === 'accept' ? m.acceptedAt : stage === 'contact' ? m.contactedAt : m.arrivedAt);

/** `fire`: the stage is still running, so the warning or breach is real; `moot`: done or closed, nothing to say. */
export function timerVerdict(stage: ClockStage, c: CaseAtFiring): 'fire' | 'moot' {
  if (c.state === 'closed') return 'moot';
  return doneAt(stage, c) ? 'moot' : 'fire';
}

/**
 * Whether a case met a 1-3-8 stage, decided once when the stage's breach timer is judged (at its
 * deadline): done by the deadline is met; done later, or not done while the case is open, is missed; a
 * case closed before it needed the stage (a duplicate, a matter settled on the phone) neither met nor
 * missed it.
 */
export type StageOutcome = 'met' | 'missed' | 'closed';

export function stageOutcome(stage: ClockStage, deadline: Date, c: CaseAtFiring): StageOutcome {
  const done = doneAt(stage, c);
  if (done) return done.getTime() <= deadline.getTime() ? 'met' : 'missed';
  return c.state === 'closed' ? 'closed' : 'missed';
}
