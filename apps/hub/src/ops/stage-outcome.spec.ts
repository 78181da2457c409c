import { describe, expect, it } from 'vitest';
import { stageDecisions, stageOutcome, type CaseStages } from './stage-outcome';

const receivedAt = new Date('2025-06-01T08:00:00Z');
const at = (seconds: number) => new Date(receivedAt.getTime() + seconds * 1000);
const newCase = (overrides: Partial<CaseStages> = {}): CaseStages => ({ state: 'offered', accepted_at: null, contacted_at: null, arrived_at: null, ...overrides });

describe('a 1-3-8 stage judged at its deadline', () => {
  it('is met when done by the deadline, to the millisecond', () => {
    expect(stageOutcome('accept', at(60), newCase({ state: 'accepted', accepted_at: at(60) }))).toBe('met');
    expect(stageOutcome('contact', at(180), newCase({ state: 'contacted', accepted_at: at(10), contacted_at: at(100) }))).toBe('met');
  });

  it('is missed when done late (a late timer run does not excuse it) or not done on an open case', () => {
    expect(stageOutcome('accept', at(60), newCase({ state: 'accepted', accepted_at: at(61) }))).toBe('missed');
    expect(stageOutcome('arrive', at(480), newCase({ state: 'contacted', accepted_at: at(10), contacted_at: at(20) }))).toBe('missed');
  });

  it('is neither when the case closed before the stage was needed', () => {
    expect(stageOutcome('arrive', at(480), newCase({ state: 'closed', accepted_at: at(10), contacted_at: at(20) }))).toBe('closed');
  });

  it('counts breach timers only: a warning decides nothing', () => {
    const row = { ...newCase({ state: 'accepted', accepted_at: at(30) }), township_id: 't1' };
    const timers = [
      { stage: 'accept' as const, kind: 'warn', due_at: at(45) },
      { stage: 'accept' as const, kind: 'breach', due_at: at(60) },
    ];
    expect(stageDecisions(row, timers)).toEqual([{ townshipId: 't1', stage: 'accept', outcome: 'met' }]);
  });
});
