/**
 * Whether a case met a 1-3-8 stage, decided once when the stage's breach timer is judged (at its
 * deadline, by whichever hub process claims it): done by the deadline is met; done later, or not done
 * while the case is open, is missed; a case closed before it needed the stage (a duplicate, a matter
 * settled on the phone) neither met nor missed it.
 */
import type { ClockStage, IncidentState } from '@xiaonao/contracts';

export type StageOutcome = 'met' | 'missed' | 'closed';

export interface CaseStages {
  state: IncidentState;
  accepted_at: Date | null;
  contacted_at: Date | null;
  arrived_at: Date | null;
}

export interface StageDecision {
  townshipId: string;
  stage: ClockStage;
  outcome: StageOutcome;
}

export function stageOutcome(stage: ClockStage, dueAt: Date, c: CaseStages): StageOutcome {
  const done = stage === 'accept' ? c.accepted_at : stage === 'contact' ? c.contacted_at : c.arrived_at;
  if (done) return done.getTime() <= dueAt.getTime() ? 'met' : 'missed';
  return c.state === 'closed' ? 'closed' : 'missed';
}

/** The decisions among a case's judged timers: breach timers only (a warning decides nothing). */
export function stageDecisions(row: CaseStages & { township_id: string }, timers: readonly { stage: ClockStage; kind: string; due_at: Date }[]): StageDecision[] {
  return timers.filter((t) => t.kind === 'breach').map((t) => ({ townshipId: row.township_id, stage: t.stage, outcome: stageOutcome(t.stage, t.due_at, row) }));
}
