/**
 * Calls to the party as evidence of contact. Each tap on the phone's call link is one attempt; an
 * answered call with a duration is evidence that the worker spoke to the party. Several unanswered
 * calls in a row make the party 「联系不上」(unreachable) until a call goes through.
 */
import type { ContactKind, IncidentState } from '@xiaonao/contracts';
import { DomainError } from '../errors';

export interface CallAttempt {
  answered: boolean;
  /** null when the phone could not tell how long the call lasted. */
  durationSeconds: number | null;
}

export interface CallPolicy {
  /** Consecutive unanswered attempts after which the party counts as unreachable. */
  unreachableAfterAttempts: number;
}

export const DEFAULT_CALL_POLICY: CallPolicy = { unreachableAfterAttempts: 3 };

/** The longest call we believe a phone reports (4 h); anything longer is a clock mistake. */
export const MAX_CALL_SECONDS = 4 * 3600;

/** How far ahead of the hub's clock a phone's `startedAt` may be (phones' clocks drift). */
export const CALL_CLOCK_SKEW_MS = 5 * 60_000;

export interface CallRecord {
  attempts: number;
  /** Unanswered attempts since the last answered one. */
  consecutiveFailures: number;
  unreachable: boolean;
  /** At least one answered call with a duration: the party was reached. */
  evidence: boolean;
}

export function isContactEvidence(attempt: CallAttempt): boolean {
  return attempt.answered && attempt.durationSeconds !== null && attempt.durationSeconds > 0;
}

/** The state of the calls to a case's party, from its attempts in the order they were recorded. */
export function summarizeCalls(attempts: readonly CallAttempt[], policy: CallPolicy = DEFAULT_CALL_POLICY): CallRecord {
  let consecutiveFailures = 0;
  let evidence = false;
  for (const attempt of attempts) {
    consecutiveFailures = attempt.answered ? 0 : consecutiveFailures + 1;
    evidence ||= isContactEvidence(attempt);
  }
  return { attempts: attempts.length, consecutiveFailures, unreachable: consecutiveFailures >= policy.unreachableAfterAttempts, evidence };
}

export interface CallOutcome {
  record: CallRecord;
  /** This attempt made the party unreachable (it was not before): time to say so, once. */
  becameUnreachable: boolean;
  /** This attempt is evidence of contact. */
  evidence: boolean;
}

/** What one more attempt does to the record of earlier ones. */
export function afterCallAttempt(earlier: readonly CallAttempt[], attempt: CallAttempt, policy: CallPolicy = DEFAULT_CALL_POLICY): CallOutcome {
  const before = summarizeCalls(earlier, policy);
  const record = summarizeCalls([...earlier, attempt], policy);
  return { record, becameUnreachable: record.unreachable && !before.unreachable, evidence: isContactEvidence(attempt) };
}

/** Who may record a call and when: the holder, while the case is in hand, and only when there is a party to call. */
export function checkCallAllowed(
  incident: { state: IncidentState; workerId: string | null; contactKind: ContactKind; formerlyTheirs?: boolean },
  workerId: string,
): void {
  // An offered worker has not taken the case yet: like anyone else, not theirs to call about.
  const holds = incident.workerId === workerId && incident.state !== 'received' && incident.state !== 'offered';
  if (!holds && incident.formerlyTheirs && incident.workerId !== workerId) throw new DomainError('CASE_REASSIGNED', '该事件已改派给他人', 'This case has gone to someone else');
  if (!holds) throw new DomainError('NOT_YOUR_CASE', '该事件不在您手中，无法记录通话', 'This case is not in your hands');
  if (incident.state === 'closed') throw new DomainError('ILLEGAL_TRANSITION', '事件已办结，不能再记录通话', 'The case is closed');
  if (incident.contactKind === 'site_check') {
    throw new DomainError('ILLEGAL_TRANSITION', '该事件没有当事人电话，请现场核查', 'This case has no party to call: check the site');
  }
}

/** Checks a reported attempt; a wrong value names its field. */
export function checkCallAttempt(input: { answered: boolean; durationSeconds: number | null; startedAt: Date }, now: Date): CallAttempt {
  const { answered, durationSeconds, startedAt } = input;
  if (durationSeconds !== null) {
    if (!answered) throw new DomainError('INVALID_INPUT', 'durationSeconds：未接通的呼叫没有通话时长', 'durationSeconds: an unanswered call has no duration', 'durationSeconds');
    if (!Number.isInteger(durationSeconds) || durationSeconds < 0 || durationSeconds > MAX_CALL_SECONDS) {
      throw new DomainError('INVALID_INPUT', `durationSeconds：应为 0~${MAX_CALL_SECONDS} 的整数秒`, `durationSeconds: whole seconds from 0 to ${MAX_CALL_SECONDS}`, 'durationSeconds');
    }
  }
  if (Number.isNaN(startedAt.getTime())) throw new DomainError('INVALID_INPUT', 'startedAt：时间格式无效', 'startedAt: not a time', 'startedAt');
  if (startedAt.getTime() > now.getTime() + CALL_CLOCK_SKEW_MS) {
    throw new DomainError('INVALID_INPUT', 'startedAt：呼叫时间不能晚于当前时间', 'startedAt: the call cannot start in the future', 'startedAt');
  }
  return { answered, durationSeconds };
}
