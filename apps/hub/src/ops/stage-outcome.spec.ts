import { describe, expect, it } from 'vitest';
import { stageDecisions } from './stage-outcome';

const receivedAt = new Date('2025-06-01T08:00:00Z');
const at = (seconds: number) => new Date(receivedAt.getTime() + seconds * 1000);

describe('the stage outcomes a timer pass decided', () => {
  it('counts breach timers only: a warning decides nothing', () => {
    const atFiring = { state: 'accepted' as const, acceptedAt: at(30), contactedAt: null, arrivedAt: null };
    const timers = [
      { stage: 'accept' as const, kind: 'warn', due_at: at(45) },
      { stage: 'accept' as const, kind: 'breach', due_at: at(60) },
    ];
    expect(stageDecisions('t1', atFiring, timers)).toEqual([{ townshipId: 't1', stage: 'accept', outcome: 'met' }]);
  });
});
