/**
 * Alert storms: a camera that keeps seeing the same thing sends the same alert again and again. Alerts
 * of one camera and type are one storm, and a storm is one case with a counter, for as long as the
 * camera keeps repeating within the window of its previous alert and the case stays open. A closed or
 * dismissed case, or a camera quiet for longer than the window, starts a new storm and a new case.
 */
import { DomainError } from '../errors';

/** The open storm of one camera and type, as stored. */
export interface OpenStorm {
  /** null while the alert that opened the storm is still making its case. */
  incidentId: string | null;
  /** The storm's case is closed (done, or dismissed as a false alarm). */
  incidentClosed: boolean;
  openedAt: Date;
  lastAlertAt: Date;
}

/**
 * join: count the alert on the storm's case. open: a new storm and case (first of its kind, after a
 * quiet spell, or after the case closed). resume: the storm's case was never made (the alert that
 * opened it failed, or its process stopped): this alert makes it, under the storm's case number.
 */
export type StormDecision = { kind: 'join' } | { kind: 'open'; reason: 'first' | 'quiet' | 'closed' } | { kind: 'resume' };

/** How long a storm may wait for its case before another alert takes the making over. */
export const STORM_OPENING_GRACE_MS = 30_000;

export function stormDecision(storm: OpenStorm | null, at: Date, windowMs: number): StormDecision {
  if (!(windowMs > 0)) throw new RangeError(`storm window must be positive, got ${windowMs}`);
  if (!storm) return { kind: 'open', reason: 'first' };
  if (storm.incidentId !== null && storm.incidentClosed) return { kind: 'open', reason: 'closed' };
  // Alerts may arrive a little out of order: an earlier one is inside the window by definition.
  if (at.getTime() - storm.lastAlertAt.getTime() > windowMs) return { kind: 'open', reason: 'quiet' };
  if (storm.incidentId === null && at.getTime() - storm.openedAt.getTime() > STORM_OPENING_GRACE_MS) return { kind: 'resume' };
  return { kind: 'join' };
}

/** The later of the storm's last alert and this one: a late arrival never moves the window back. */
export function stormLastAlertAt(storm: Pick<OpenStorm, 'lastAlertAt'>, at: Date): Date {
  return at.getTime() > storm.lastAlertAt.getTime() ? at : storm.lastAlertAt;
}

/** The case a camera storm opens waits for an operator: dismissing it is the operator's other answer. */
export function checkDismissable(c: { state: string; awaitingConfirmation: boolean; fromCamera: boolean }): void {
  if (!c.fromCamera) throw new DomainError('ILLEGAL_TRANSITION', '只有视频告警事件可以驳回', 'Only cases raised by camera alerts can be dismissed');
  if (c.state === 'closed') throw new DomainError('ILLEGAL_TRANSITION', '事件已办结，不能驳回', 'The case is closed');
  if (!c.awaitingConfirmation || c.state !== 'received') {
    throw new DomainError('ILLEGAL_TRANSITION', '该事件已派单，不能驳回', 'The case has been dispatched and can no longer be dismissed');
  }
}
