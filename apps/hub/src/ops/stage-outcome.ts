/**
 * The 1-3-8 outcomes a timer pass decided, for the stage-outcome counter: one per breach timer judged
 * (a warning decides nothing), by the domain's rule (stageOutcome).
 */
import type { ClockStage } from '@xiaonao/contracts';
import { stageOutcome, type CaseAtFiring, type StageOutcome } from '@xiaonao/domain';

export interface StageDecision {
  townshipId: string;
  stage: ClockStage;
  outcome: StageOutcome;
}

export function stageDecisions(townshipId: string, c: CaseAtFiring, timers: readonly { stage: ClockStage; kind: string; due_at: Date }[]): StageDecision[] {
  return timers.filter((t) => t.kind === 'breach').map((t) => ({ townshipId, stage: t.stage, outcome: stageOutcome(t.stage, t.due_at, c) }));
}
