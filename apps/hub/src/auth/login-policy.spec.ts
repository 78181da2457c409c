import { describe, expect, it } from 'vitest';
import { checkAddress, reserveAttempt, secondsUntil, type GuardState, type LoginPolicy } from './login-policy';

const POLICY: LoginPolicy = { maxFailures: 5, lockSeconds: 900, ipFailuresPerMinute: 20 };
const T0 = new Date('2026-03-02T08:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

/** Runs `n` wrong attempts from an empty record, storing what each reservation says. */
function failTimes(n: number, now = T0): GuardState | null {
  let state: GuardState | null = null;
  for (let i = 0; i < n; i++) {
    const r = reserveAttempt(state, now, POLICY);
    if (!r.admitted) throw new Error(`attempt ${i + 1} refused`);
    state = r.next;
  }
  return state;
}

describe('an account after consecutive wrong passwords', () => {
  it('admits four, counting down what is left', () => {
    const remaining: number[] = [];
    let state: GuardState | null = null;
    for (let i = 0; i < 4; i++) {
      const r = reserveAttempt(state, T0, POLICY);
      if (!r.admitted) throw new Error('refused');
      expect(r.locksIfWrong).toBe(false);
      remaining.push(r.remaining);
      state = r.next;
    }
    expect(remaining).toEqual([4, 3, 2, 1]);
    expect(state).toEqual({ failures: 4, lockedUntil: null });
  });

  it('locks on the fifth, for the lock period, from the moment it is tried', () => {
    const r = reserveAttempt(failTimes(4), T0, POLICY);
    expect(r).toEqual({ admitted: true, next: { failures: 5, lockedUntil: at(900) }, locksIfWrong: true, remaining: 0 });
  });

  it('refuses any attempt while locked, saying how long is left', () => {
    const locked = failTimes(5);
    expect(reserveAttempt(locked, at(1), POLICY)).toEqual({ admitted: false, retryAfterSeconds: 899 });
    expect(reserveAttempt(locked, at(899.2), POLICY)).toEqual({ admitted: false, retryAfterSeconds: 1 });
  });

  it('gives the full number of tries again once the lock has ended', () => {
    const r = reserveAttempt(failTimes(5), at(900), POLICY);
    expect(r).toMatchObject({ admitted: true, next: { failures: 1, lockedUntil: null }, remaining: 4 });
  });

  it('starts from nothing after a success resets the record', () => {
    expect(reserveAttempt({ failures: 0, lockedUntil: null }, T0, POLICY)).toMatchObject({ admitted: true, next: { failures: 1 } });
  });
});

describe('an address', () => {
  it('is not limited below the per-minute count', () => {
    expect(checkAddress(19, at(-30), T0, POLICY)).toEqual({ limited: false });
  });

  it('is limited at the count until its oldest failure leaves the minute', () => {
    expect(checkAddress(20, at(-45), T0, POLICY)).toEqual({ limited: true, retryAfterSeconds: 15 });
  });
});

describe('Retry-After', () => {
  it('rounds up and is never zero', () => {
    expect(secondsUntil(at(0.1), T0)).toBe(1);
    expect(secondsUntil(at(-3), T0)).toBe(1);
    expect(secondsUntil(at(61.5), T0)).toBe(62);
  });
});
