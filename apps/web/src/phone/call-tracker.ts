/**
 * A call placed from the phone page. A web page cannot read the phone's call log: all it knows is that
 * the worker tapped the tel: link and, while the dialer had the screen, that the page was hidden. So
 * the page asks 「接通了吗？」 when it is back, and takes the time it was hidden as the call's length —
 * ringing included, so an upper bound, and unknown when the page never left the screen.
 */
import type { CallAttemptRequest } from '@xiaonao/contracts';
import { MAX_CALL_SECONDS } from '@xiaonao/domain';

export interface PendingCall {
  incidentId: string;
  /** When the link was tapped (ms). */
  startedAt: number;
  /** Time the page has spent hidden since, ms. */
  awayMs: number;
  /** When the page last went hidden, while it still is (ms). */
  hiddenSince: number | null;
}

export function startCall(incidentId: string, now: number): PendingCall {
  return { incidentId, startedAt: now, awayMs: 0, hiddenSince: null };
}

/** Follows the page's visibility: the dialer taking the screen, and the worker coming back. */
export function noteVisibility(call: PendingCall, hidden: boolean, now: number): PendingCall {
  if (hidden) return call.hiddenSince === null ? { ...call, hiddenSince: now } : call;
  if (call.hiddenSince === null) return call;
  return { ...call, awayMs: call.awayMs + Math.max(0, now - call.hiddenSince), hiddenSince: null };
}

/** Whole seconds the page was away, or null when it never left (nothing to go by). */
export function timeAwaySeconds(call: PendingCall): number | null {
  const seconds = Math.round(call.awayMs / 1000);
  // Longer than the hub takes as a call: the page was simply left.
  return seconds > 0 && seconds <= MAX_CALL_SECONDS ? seconds : null;
}

/** What the hub is told once the worker says whether the call went through. */
export function callAttemptBody(call: PendingCall, answered: boolean): CallAttemptRequest {
  const duration = answered ? timeAwaySeconds(call) : null;
  return { answered, startedAt: new Date(call.startedAt).toISOString(), ...(duration !== null ? { durationSeconds: duration } : {}) };
}
