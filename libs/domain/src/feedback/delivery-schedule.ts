/**
 * When a feedback event (a case's progress or result, sent back to the 110 side that handed it over)
 * is tried again after a failed delivery. Svix's schedule, which the Standard Webhooks ecosystem uses:
 * at once, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h (about 27 hours in all), each wait spread by
 * up to ±20 % so that receivers coming back from an outage are not hit by every sender at once. After
 * the last attempt the event is a dead letter, kept for an operator to send again.
 */

/** Seconds to wait before each attempt: index 0 is the first try. */
export const FEEDBACK_RETRY_SCHEDULE_SECONDS: readonly number[] = [0, 5, 300, 1_800, 7_200, 18_000, 36_000, 36_000];

/** How far each wait may be moved either way. */
export const FEEDBACK_RETRY_JITTER = 0.2;

export interface RetryPolicy {
  /** Waits before each attempt, seconds; its length is the number of attempts before a dead letter. */
  scheduleSeconds: readonly number[];
  jitter: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { scheduleSeconds: FEEDBACK_RETRY_SCHEDULE_SECONDS, jitter: FEEDBACK_RETRY_JITTER };

/** The schedule cut (or stretched with its last wait) to a township's attempt limit. */
export function retryPolicyWithLimit(attempts: number, base: RetryPolicy = DEFAULT_RETRY_POLICY): RetryPolicy {
  if (!Number.isInteger(attempts) || attempts < 1) throw new RangeError(`attempts must be an integer ≥ 1, got ${attempts}`);
  const s = base.scheduleSeconds;
  const scheduleSeconds = Array.from({ length: attempts }, (_, i) => s[Math.min(i, s.length - 1)] ?? 0);
  return { ...base, scheduleSeconds };
}

export type NextAttempt = { kind: 'retry'; at: Date } | { kind: 'dead_letter' };

/**
 * After `attemptsMade` failed attempts (≥ 1), the last of them at `failedAt`: when to try again, or a
 * dead letter. `random` is in [0, 1) (Math.random in the hub; fixed in tests).
 */
export function nextAttempt(attemptsMade: number, failedAt: Date, random: number, policy: RetryPolicy = DEFAULT_RETRY_POLICY): NextAttempt {
  if (!Number.isInteger(attemptsMade) || attemptsMade < 1) throw new RangeError(`attemptsMade must be an integer ≥ 1, got ${attemptsMade}`);
  const wait = policy.scheduleSeconds[attemptsMade];
  if (wait === undefined) return { kind: 'dead_letter' };
  const spread = 1 + policy.jitter * (2 * random - 1);
  return { kind: 'retry', at: new Date(failedAt.getTime() + Math.round(wait * spread * 1000)) };
}

/** A receiver that answers this is not going to take the event however often it is sent: no retry. */
export function isPermanentRefusal(status: number): boolean {
  // 410 Gone: the receiver has retired the endpoint (Standard Webhooks: disable it). Other 4xx may be
  // a receiver's bug fixed within the hours of the schedule, so they are retried like 5xx.
  return status === 410;
}

/**
 * A schedule written as seconds separated by commas ("0,1,2"), e.g. FEEDBACK_RETRY_SCHEDULE_SECONDS
 * for tests and benches; the first entry is the first attempt's wait and must be 0.
 */
export function parseRetrySchedule(raw: string): number[] {
  const parts = raw.split(',').map((p) => p.trim());
  const seconds = parts.map(Number);
  if (!parts.length || parts.some((p) => p === '') || seconds.some((s) => !Number.isFinite(s) || s < 0)) {
    throw new RangeError(`a retry schedule is non-negative seconds separated by commas, got "${raw}"`);
  }
  if (seconds[0] !== 0) throw new RangeError(`a retry schedule starts with 0 (the first attempt is at once), got "${raw}"`);
  return seconds;
}
