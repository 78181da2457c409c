import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IncidentState } from '@xiaonao/contracts';
import { DomainError } from '../errors';
import { afterCallAttempt, checkCallAllowed, checkCallAttempt, isContactEvidence, summarizeCalls, type CallAttempt } from './call-attempts';

const missed: CallAttempt = { answered: false, durationSeconds: null };
const answered = (durationSeconds: number | null = 95): CallAttempt => ({ answered: true, durationSeconds });
const now = new Date('2026-11-21T01:30:00Z');

const failure = (fn: () => unknown): { code: string; field?: string } | null => {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return { code: e.code, ...(e.field ? { field: e.field } : {}) };
    throw e;
  }
  return null;
};

describe('an answered call as evidence of contact', () => {
  it('counts an answered call with a duration', () => {
    expect(isContactEvidence(answered(42))).toBe(true);
  });

  it('does not count an unanswered call, or an answered one the phone could not time', () => {
    expect(isContactEvidence(missed)).toBe(false);
    expect(isContactEvidence(answered(null))).toBe(false);
    expect(isContactEvidence(answered(0))).toBe(false);
  });

  it('keeps the evidence once there is some, whatever follows', () => {
    expect(summarizeCalls([answered(30), missed, missed]).evidence).toBe(true);
  });
});

describe('a party who does not answer', () => {
  it('is unreachable at the third unanswered call in a row, and says so once', () => {
    const first = afterCallAttempt([], missed);
    const second = afterCallAttempt([missed], missed);
    const third = afterCallAttempt([missed, missed], missed);
    const fourth = afterCallAttempt([missed, missed, missed], missed);
    expect([first, second, third, fourth].map((o) => o.record.unreachable)).toEqual([false, false, true, true]);
    expect([first, second, third, fourth].map((o) => o.becameUnreachable)).toEqual([false, false, true, false]);
    expect(fourth.record).toEqual({ attempts: 4, consecutiveFailures: 4, unreachable: true, evidence: false });
  });

  it('counts only failures in a row: an answered call in between starts again', () => {
    expect(summarizeCalls([missed, missed, answered(), missed, missed]).unreachable).toBe(false);
    expect(summarizeCalls([missed, missed, answered(), missed, missed]).consecutiveFailures).toBe(2);
  });

  it('is reachable again when a call goes through', () => {
    const outcome = afterCallAttempt([missed, missed, missed], answered(60));
    expect(outcome.record.unreachable).toBe(false);
    expect(outcome.evidence).toBe(true);
    expect(outcome.becameUnreachable).toBe(false);
  });

  it('follows a configured number of attempts', () => {
    expect(afterCallAttempt([], missed, { unreachableAfterAttempts: 1 }).becameUnreachable).toBe(true);
    expect(summarizeCalls([missed, missed, missed], { unreachableAfterAttempts: 5 }).unreachable).toBe(false);
  });

  it('is unreachable exactly when the last N attempts all went unanswered (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { maxLength: 20 }), fc.integer({ min: 1, max: 6 }), (outcomes, n) => {
        const attempts = outcomes.map((ok) => (ok ? answered(10) : missed));
        const tail = outcomes.slice(-n);
        expect(summarizeCalls(attempts, { unreachableAfterAttempts: n }).unreachable).toBe(tail.length === n && tail.every((ok) => !ok));
      }),
    );
  });
});

describe('who may record a call', () => {
  const incident = (state: IncidentState, workerId: string | null = 'w1', contactKind: 'party' | 'site_check' = 'party') => ({ state, workerId, contactKind });

  it('lets the holder record calls while the case is in hand, before and after contact', () => {
    for (const state of ['accepted', 'contacted', 'arrived'] as const) expect(failure(() => checkCallAllowed(incident(state), 'w1'))).toBeNull();
  });

  it('refuses anyone but the holder, and a worker only offered the case', () => {
    expect(failure(() => checkCallAllowed(incident('accepted'), 'w2'))).toEqual({ code: 'NOT_YOUR_CASE' });
    expect(failure(() => checkCallAllowed(incident('offered'), 'w1'))).toEqual({ code: 'NOT_YOUR_CASE' });
    expect(failure(() => checkCallAllowed(incident('received', null), 'w1'))).toEqual({ code: 'NOT_YOUR_CASE' });
  });

  it('refuses a closed case, and a site check that has nobody to call', () => {
    expect(failure(() => checkCallAllowed(incident('closed'), 'w1'))).toEqual({ code: 'ILLEGAL_TRANSITION' });
    expect(failure(() => checkCallAllowed(incident('accepted', 'w1', 'site_check'), 'w1'))).toEqual({ code: 'ILLEGAL_TRANSITION' });
  });
});

describe('a reported attempt', () => {
  it('takes an answered call with its duration, and an unanswered one without', () => {
    expect(checkCallAttempt({ answered: true, durationSeconds: 75, startedAt: now }, now)).toEqual({ answered: true, durationSeconds: 75 });
    expect(checkCallAttempt({ answered: false, durationSeconds: null, startedAt: now }, now)).toEqual({ answered: false, durationSeconds: null });
  });

  it('names durationSeconds when an unanswered call has one, or it is not whole seconds in range', () => {
    const field = { code: 'INVALID_INPUT', field: 'durationSeconds' };
    expect(failure(() => checkCallAttempt({ answered: false, durationSeconds: 20, startedAt: now }, now))).toEqual(field);
    expect(failure(() => checkCallAttempt({ answered: true, durationSeconds: -1, startedAt: now }, now))).toEqual(field);
    expect(failure(() => checkCallAttempt({ answered: true, durationSeconds: 1.5, startedAt: now }, now))).toEqual(field);
    expect(failure(() => checkCallAttempt({ answered: true, durationSeconds: 5 * 3600, startedAt: now }, now))).toEqual(field);
  });

  it('allows a phone clock a few minutes fast, but not a call that starts in the future', () => {
    const ahead = (minutes: number) => new Date(now.getTime() + minutes * 60_000);
    expect(failure(() => checkCallAttempt({ answered: false, durationSeconds: null, startedAt: ahead(4) }, now))).toBeNull();
    expect(failure(() => checkCallAttempt({ answered: false, durationSeconds: null, startedAt: ahead(10) }, now))).toEqual({ code: 'INVALID_INPUT', field: 'startedAt' });
    expect(failure(() => checkCallAttempt({ answered: false, durationSeconds: null, startedAt: new Date('nope') }, now))).toEqual({ code: 'INVALID_INPUT', field: 'startedAt' });
  });
});
