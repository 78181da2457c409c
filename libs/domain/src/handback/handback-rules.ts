/**
 * Who may hand a case back out of the township's hands, and when: 退回公安 (to the transferring police
 * station) per the responsibility table's rule for the category, and 移交12345 (operators only). Plain
 * data in, a DomainError naming the field out.
 */
import type { Category, IncidentState, ReturnToPoliceRule } from '@xiaonao/contracts';
import { DomainError } from '../errors';

/**
 * The rule of a category the township has not set: what may turn out a police matter after all
 * (a dispute, the catch-all, the police categories themselves) may be returned by the worker on site
 * too; the township's own matters (noise, a leak, a stray dog) by an operator only.
 */
const WORKER_RETURNABLE: readonly Category[] = ['dispute', 'other', 'theft', 'assault', 'traffic_accident'];

export function defaultReturnToPolice(category: Category): ReturnToPoliceRule {
  return WORKER_RETURNABLE.includes(category) ? 'worker_or_operator' : 'operator';
}

/** The states a worker holds a case in on the way to site: 已接单, 已联系, 已到场. */
const HELD_STATES: readonly IncidentState[] = ['accepted', 'contacted', 'arrived'];

export interface ReturnAttempt {
  role: 'worker' | 'operator';
  /** The case's state now. */
  state: IncidentState;
  /** The table's rule for the case's category. */
  rule: ReturnToPoliceRule;
  /** For a worker: whether they hold the case (its worker, not queued behind another). */
  holds: boolean;
  /** Whether the case has a transferring station to go back to. */
  hasStation: boolean;
}

const closedError = () => new DomainError('ILLEGAL_TRANSITION', '事件已结束，不能再退回或移交', 'The case is already closed', 'state');

/** Throws unless `role` may return the case to the police now. */
export function judgeReturnToPolice(a: ReturnAttempt): void {
  if (a.state === 'closed') throw closedError();
  if (a.rule === 'none') throw new DomainError('FORBIDDEN', 'category：权责清单规定该类事件不可退回公安', 'category: the responsibility table does not allow returning this category to the police', 'category');
  if (a.role === 'worker') {
    if (a.rule !== 'worker_or_operator') throw new DomainError('FORBIDDEN', 'category：权责清单规定该类事件只能由值班员退回公安', 'category: only an operator may return this category to the police', 'category');
    if (!a.holds || !HELD_STATES.includes(a.state)) throw new DomainError('NOT_YOUR_CASE', '只有正在处置该事件的网格员可以退回', 'Only the worker handling the case may return it', 'incidentId');
  }
  if (!a.hasStation) throw new DomainError('ILLEGAL_TRANSITION', '该事件没有移交派出所，无法退回公安', 'The case came from no police station to return it to', 'station');
}

/** Throws unless the case may be handed to 12345 now (the caller's role is checked at the door: operators). */
export function judgeHandOver12345(state: IncidentState): void {
  if (state === 'closed') throw closedError();
}

/**
 * A station signs (签收) only for a case returned to it; signing again answers the first signature
 * (a double tap, a resend) instead of an error.
 */
export function judgeAcknowledge(c: { returnedToThisStation: boolean; acknowledged: boolean }): 'sign' | 'already' {
  if (!c.returnedToThisStation) throw new DomainError('NOT_FOUND', '没有退回本所的该事件', 'No such case returned to this station', 'incidentId');
  return c.acknowledged ? 'already' : 'sign';
}
