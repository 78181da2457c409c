import { describe, expect, it } from 'vitest';
import { stageOutcome, type CaseAtFiring } from './stage-timers';

const receivedAt = new Date('2025-06-01T08:00:00Z');
const at = (seconds: number) => new Date(receivedAt.getTime() + seconds * 1000);
const newCase = (overrides: Partial<CaseAtFiring> = {}): CaseAtFiring => ({ state: 'offered', acceptedAt: null, contactedAt: null, arrivedAt: null, ...overrides });

describe('a 1-3-8 stage judged at its deadline', () => {
  it('is met when done by the deadline, to the millisecond', () => {
    expect(stageOutcome('accept', at(60), newCase({ state: 'accepted', acceptedAt: at(60) }))).toBe('met');
    expect(stageOutcome('contact', at(180), newCase({ state: 'contacted', acceptedAt: at(10), contactedAt: at(100) }))).toBe('met');
  });

  it('is missed when done late (a late timer run does not excuse it) or not done on an open case', () => {
    expect(stageOutcome('accept', at(60), newCase({ state: 'accepted', acceptedAt: at(61) }))).toBe('missed');
    expect(stageOutcome('arrive', at(480), newCase({ state: 'contacted', acceptedAt: at(10), contactedAt: at(20) }))).toBe('missed');
  });

  it('is neither when the case closed before the stage was needed', () => {
    expect(stageOutcome('arrive', at(480), newCase({ state: 'closed', acceptedAt: at(10), contactedAt: at(20) }))).toBe('closed');
  });
});
