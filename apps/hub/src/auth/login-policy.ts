/**
 * The sign-in limits as plain arithmetic over plain data, with time passed in: consecutive failures
 * per account lock it for a while (CJIS Security Policy 5.5.3: at most 5, then locked), and failures
 * per address within a minute refuse that address for the rest of the minute (password spraying
 * tries one password on many accounts, which no per-account count sees).
 *
 * An attempt counts as a failure from the moment it is admitted until its password proves right, so
 * concurrent guesses cannot slip past the limit while the slow password check runs.
 */

export interface LoginPolicy {
  maxFailures: number;
  lockSeconds: number;
  ipFailuresPerMinute: number;
}

/** What is stored per username. */
export interface GuardState {
  failures: number;
  lockedUntil: Date | null;
}

export type Reservation =
  | {
      admitted: true;
      /** The state to store while the attempt runs (it counts as failed until it proves otherwise). */
      next: GuardState;
      /** This attempt, if wrong, is the one that locks the account. */
      locksIfWrong: boolean;
      /** Attempts left before the lock if this one is wrong. */
      remaining: number;
    }
  | { admitted: false; retryAfterSeconds: number };

export type AddressCheck = { limited: false } | { limited: true; retryAfterSeconds: number };

/** The window of the per-address count. */
export const ADDRESS_WINDOW_MS = 60_000;

/** Whole seconds until `until`, at least 1 (a Retry-After of 0 invites a retry that is refused again). */
export function secondsUntil(until: Date, now: Date): number {
  return Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
}

/** A lock in force at `now` (a lock whose time has passed is no lock). */
export function lockInForce(state: GuardState | null, now: Date): Date | null {
  return state?.lockedUntil && state.lockedUntil > now ? state.lockedUntil : null;
}

/** Admits one attempt of an account, or refuses it while the account is locked. */
export function reserveAttempt(state: GuardState | null, now: Date, policy: LoginPolicy): Reservation {
  const locked = lockInForce(state, now);
  if (locked) return { admitted: false, retryAfterSeconds: secondsUntil(locked, now) };
  // A lock that has run out starts a fresh count: the account gets its full number of tries again.
  const before = state && state.lockedUntil === null ? state.failures : 0;
  const failures = before + 1;
  const locksIfWrong = failures >= policy.maxFailures;
  return {
    admitted: true,
    next: { failures, lockedUntil: locksIfWrong ? new Date(now.getTime() + policy.lockSeconds * 1000) : null },
    locksIfWrong,
    remaining: Math.max(0, policy.maxFailures - failures),
  };
}

/** Whether an address with `failures` failed sign-ins in the last minute (the oldest at `oldest`) is refused now. */
export function checkAddress(failures: number, oldest: Date | null, now: Date, policy: LoginPolicy): AddressCheck {
  if (failures < policy.ipFailuresPerMinute || !oldest) return { limited: false };
  // The count drops below the limit when the oldest failure leaves the window.
  return { limited: true, retryAfterSeconds: secondsUntil(new Date(oldest.getTime() + ADDRESS_WINDOW_MS), now) };
}
