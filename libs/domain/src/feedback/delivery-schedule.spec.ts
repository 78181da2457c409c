import { describe, expect, it } from 'vitest';
import { FEEDBACK_RETRY_SCHEDULE_SECONDS, isPermanentRefusal, nextAttempt, retryPolicyWithLimit } from './delivery-schedule';

const failedAt = new Date('2026-12-02T08:00:00Z');
const secondsLater = (n: ReturnType<typeof nextAttempt>) => (n.kind === 'retry' ? (n.at.getTime() - failedAt.getTime()) / 1000 : null);

describe('the feedback retry schedule', () => {
  it('waits 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h after the failures, without jitter at the middle of the range', () => {
    const waits = [1, 2, 3, 4, 5, 6, 7].map((made) => secondsLater(nextAttempt(made, failedAt, 0.5)));
    expect(waits).toEqual([5, 300, 1_800, 7_200, 18_000, 36_000, 36_000]);
  });

  it('makes a dead letter after the eighth failed attempt', () => {
    expect(nextAttempt(FEEDBACK_RETRY_SCHEDULE_SECONDS.length, failedAt, 0.5)).toEqual({ kind: 'dead_letter' });
  });

  it('spreads each wait by at most 20 % either way', () => {
    expect(secondsLater(nextAttempt(3, failedAt, 0))).toBe(1_440);
    expect(secondsLater(nextAttempt(3, failedAt, 0.999999))).toBeCloseTo(2_160, 0);
  });

  it('cuts the schedule to a township’s limit, or stretches it with its last wait', () => {
    expect(retryPolicyWithLimit(3).scheduleSeconds).toEqual([0, 5, 300]);
    expect(retryPolicyWithLimit(10).scheduleSeconds.slice(7)).toEqual([36_000, 36_000, 36_000]);
    expect(nextAttempt(3, failedAt, 0.5, retryPolicyWithLimit(3))).toEqual({ kind: 'dead_letter' });
    expect(() => retryPolicyWithLimit(0)).toThrow(RangeError);
  });

  it('gives up at once only on 410 Gone', () => {
    expect(isPermanentRefusal(410)).toBe(true);
    expect([400, 401, 404, 429, 500, 503].some(isPermanentRefusal)).toBe(false);
  });
});
