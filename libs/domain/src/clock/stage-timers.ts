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

/** `fire`: the stage is still running, so the warning or breach is real; `moot`: done or closed, nothing to say. */
export function timerVerdict(stage: ClockStage, c: CaseAtFiring): 'fire' | 'moot' {
  if (c.state === 'closed') return 'moot';
  const done = stage === 'accept' ? c.acceptedAt : stage === 'contact' ? c.contactedAt : c.arrivedAt;
  return done ? 'moot' : 'fire';
}
