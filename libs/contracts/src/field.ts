/**
 * The field end of the loop: worker steps that survive a bad network, and the catch-up a page asks
 * for after its socket was down. See docs/field-steps.md for the rules in prose.
 */
import type { ServerToClientEvents } from './socket';

/**
 * Every worker step (accept, decline, call attempt, contact, arrive, close, patrol report) may carry
 * this header: a key the phone generates once per tap (a UUID). The hub applies a key exactly once per
 * worker; a repeat (a resend from the phone's queue, a double tap, three sends at once) gets the first
 * answer back, marked with `Idempotent-Replayed: true`. Keys are kept for STEP_KEY_RETENTION_HOURS.
 */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const IDEMPOTENT_REPLAYED_HEADER = 'idempotent-replayed';
/** 8–100 characters of letters, digits, `-` and `_` (a UUID fits). */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_-]{8,100}$/;

/**
 * Error codes a queued step may meet when it finally reaches the hub. The phone drops the step and
 * shows the message (e.g. 「该事件已改派给他人」) for these; it keeps and resends a step only after a
 * network failure, a 5xx, 408 or 429.
 */
export const STEP_REFUSAL_CODES = ['CASE_REASSIGNED', 'OFFER_NOT_OPEN', 'ILLEGAL_TRANSITION', 'NOT_YOUR_CASE', 'NOT_FOUND', 'INVALID_INPUT', 'IDEMPOTENCY_KEY_REUSED'] as const;
export type StepRefusalCode = (typeof STEP_REFUSAL_CODES)[number];

/**
 * How the hub treated the device time of a step (`deviceAt`): trusted as when it happened, or not
 * (then the hub's receipt time counts). Stored in the step's timeline detail as `deviceTime`.
 */
export interface DeviceTimeView {
  /** What the phone said (its estimate of the hub's clock when the worker tapped). */
  deviceAt: string;
  /** When the hub received the step. */
  receivedAt: string;
  /** The time that counts for the 1-3-8 clocks. */
  happenedAt: string;
  trusted: boolean;
  /** Why the device time was not trusted: in the future, older than the bound, before the case's previous step. */
  reason: 'future' | 'too_old' | 'before_previous' | null;
}

type LoggedEventName = Exclude<keyof ServerToClientEvents, 'worker.moved'>;

/** One socket event the page missed, as it would have arrived. */
export type MissedEvent = { [E in LoggedEventName]: { seq: number; at: string; event: E; payload: Parameters<ServerToClientEvents[E]>[0] } }[LoggedEventName];

/** `GET /api/me/missed?after=<seq>`: what was sent to this user's rooms after `seq`, oldest first. */
export interface MissedEventsResponse {
  events: MissedEvent[];
  /** The newest seq of the whole log: start from here when the page has just loaded its state. */
  latestSeq: number;
  /** More events follow: ask again with `after` set to the last seq received. */
  more: boolean;
  /** false when `after` is older than the log keeps (CATCH_UP_RETENTION_HOURS): reload everything instead. */
  complete: boolean;
}

/** `GET /api/workers/me/phone-settings`: how the phone page behaves, set by the hub's configuration. */
export interface PhoneSettingsView {
  /** Send a fix at least this often even when the worker stands still (PHONE_FIX_INTERVAL_SECONDS), so a worker waiting on site is not stale. */
  fixIntervalSeconds: number;
  /** Repeat the offer sound every so many seconds until the offer is answered or gone. */
  offerSoundRepeatSeconds: number;
}
