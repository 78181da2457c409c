/**
 * What a recorded 回访 leads to, and who may record, resolve and sign off. A satisfactory and solved
 * outcome is 销号; 「不满意」 or 「问题未解决」 needs the choice of a new round (reopen) or 督办
 * (supervision with a deadline) in the same request; a caller not reached leaves the 回访 due (the
 * attempt counted) unless an operator records a decision. Plain data in, a DomainError naming the field out.
 */
import type { FollowUpDecision, FollowUpStatus, IncidentState, Closure, Satisfaction, SupervisionStatus } from '@xiaonao/contracts';
import { DomainError } from '../errors';

/** The longest 督办 an operator may set (90 days). */
export const MAX_SUPERVISION_HOURS = 90 * 24;

export interface FollowUpCall {
  reached: boolean;
  satisfaction?: Satisfaction;
  solved?: boolean;
  notes: string;
  decision?: FollowUpDecision;
  supervisionHours?: number;
  supervisionDeadline?: Date;
}

export type Recorder = { role: 'operator' } | { role: 'worker'; isGridLeader: boolean; gridLeaderMayRecord: boolean };

export type FollowUpOutcome =
  /** Not reached and nothing decided: the 回访 stays due, one more attempt counted. */
  | { kind: 'retry' }
  | { kind: 'sign_off' }
  | { kind: 'reopen' }
  | { kind: 'supervise'; deadline: Date };

const refuse = (field: string, zh: string, en: string) => new DomainError('INVALID_INPUT', `${field}：${zh}`, `${field}: ${en}`, field);

/** Throws unless this person may record a 回访 of this case. */
export function judgeRecorder(r: Recorder): void {
  if (r.role === 'operator') return;
  if (!r.gridLeaderMayRecord) throw new DomainError('FORBIDDEN', '本街道的回访由值班员记录', 'In this township operators record return visits', 'role');
  if (!r.isGridLeader) throw new DomainError('FORBIDDEN', '只有该事件所在网格的网格长可以记录回访', "Only the leader of the case's grid may record its return visit", 'role');
}

/** Whether the outcome of a reached call is good enough for 销号: (basically) satisfied and solved. */
export function satisfactory(satisfaction: Satisfaction, solved: boolean): boolean {
  return satisfaction !== 'not_satisfied' && solved;
}

/** Judges one recorded call against the 回访 as it stands. */
export function judgeFollowUpCall(status: FollowUpStatus, call: FollowUpCall, by: Recorder, now: Date): FollowUpOutcome {
  judgeRecorder(by);
  if (status === 'recorded') throw new DomainError('DUPLICATE_CONFLICT', 'followUp：该事件的回访已记录', 'followUp: this return visit is already recorded', 'followUp');
  if (call.decision !== 'supervise' && (call.supervisionHours !== undefined || call.supervisionDeadline !== undefined)) {
    throw refuse(call.supervisionHours !== undefined ? 'supervisionHours' : 'supervisionDeadline', '只有转督办时才设督办期限', 'a deadline goes only with decision supervise');
  }
  const decided = (): FollowUpOutcome => {
    switch (call.decision) {
      case 'reopen':
        return { kind: 'reopen' };
      case 'supervise':
        return { kind: 'supervise', deadline: supervisionDeadline(call, now) };
      case 'sign_off':
      case undefined:
        throw refuse('decision', '不满意或问题未解决时须选择重新派办（reopen）或转督办（supervise）', 'an unsatisfactory or unsolved outcome needs decision reopen or supervise');
    }
  };
  if (!call.reached) {
    if (call.satisfaction !== undefined) throw refuse('satisfaction', '未联系上回访对象时不能填写满意度', 'no satisfaction without reaching the caller');
    if (call.solved !== undefined) throw refuse('solved', '未联系上回访对象时不能填写是否解决', 'no solved without reaching the caller');
    if (call.decision === undefined) return { kind: 'retry' };
    if (call.decision === 'sign_off') {
      if (by.role !== 'operator') throw new DomainError('FORBIDDEN', 'decision：未回访销号须由值班员决定', 'decision: only an operator signs off without a return visit', 'decision');
      if (!call.notes.trim()) throw refuse('notes', '未回访销号须写明理由', 'signing off without a return visit needs a reason');
      return { kind: 'sign_off' };
    }
    return decided();
  }
  if (call.satisfaction === undefined) throw refuse('satisfaction', '联系上回访对象时须填写满意度', 'required when the caller was reached');
  if (call.solved === undefined) throw refuse('solved', '联系上回访对象时须填写问题是否解决', 'required when the caller was reached');
  if (satisfactory(call.satisfaction, call.solved)) {
    if (call.decision !== undefined && call.decision !== 'sign_off') throw refuse('decision', '满意且问题已解决的回访直接销号', 'a satisfactory, solved outcome is signed off');
    return { kind: 'sign_off' };
  }
  if (call.decision === 'sign_off') throw refuse('decision', '不满意或问题未解决时不能直接销号，须重新派办或转督办', 'an unsatisfactory or unsolved outcome cannot be signed off; reopen or supervise');
  return decided();
}

/** The 督办 deadline: so many whole hours from now, or an instant in the future; one of them. */
export function supervisionDeadline(call: Pick<FollowUpCall, 'supervisionHours' | 'supervisionDeadline'>, now: Date): Date {
  const latest = now.getTime() + MAX_SUPERVISION_HOURS * 3_600_000;
  if (call.supervisionHours !== undefined && call.supervisionDeadline !== undefined) throw refuse('supervisionDeadline', '督办期限只能给小时数或日期之一', 'give hours or a deadline, not both');
  if (call.supervisionHours !== undefined) {
    const h = call.supervisionHours;
    if (!Number.isInteger(h) || h < 1 || h > MAX_SUPERVISION_HOURS) throw refuse('supervisionHours', `须为 1 至 ${MAX_SUPERVISION_HOURS} 的整数小时`, `must be a whole number of hours from 1 to ${MAX_SUPERVISION_HOURS}`);
    return new Date(now.getTime() + h * 3_600_000);
  }
  if (call.supervisionDeadline !== undefined) {
    const t = call.supervisionDeadline.getTime();
    if (Number.isNaN(t) || t <= now.getTime()) throw refuse('supervisionDeadline', '督办期限须在将来', 'must lie in the future');
    if (t > latest) throw refuse('supervisionDeadline', `督办期限不能超过 ${MAX_SUPERVISION_HOURS / 24} 天`, `must lie within ${MAX_SUPERVISION_HOURS / 24} days`);
    return new Date(t);
  }
  throw refuse('supervisionHours', '转督办须给出期限（小时数或日期）', 'supervision needs a deadline (hours or a date)');
}

/** Throws unless the 督办 may be resolved now. */
export function judgeSupervisionResolve(status: SupervisionStatus | null, notes: string): void {
  if (status === null) throw new DomainError('NOT_FOUND', 'supervision：该事件没有督办', 'supervision: this case is not under supervision', 'supervision');
  if (status === 'resolved') throw new DomainError('DUPLICATE_CONFLICT', 'supervision：督办已办结', 'supervision: already resolved', 'supervision');
  if (!notes.trim()) throw refuse('notes', '办结督办须写明处理情况', 'say what was done');
}

export interface SignOffCase {
  state: IncidentState;
  closure: Closure | null;
  signedOff: boolean;
  followUp: { status: FollowUpStatus; decision: FollowUpDecision | null } | null;
  supervision: SupervisionStatus | null;
}

/**
 * Throws unless an operator may sign the case off (销号) by a recorded decision now. Returns whether a
 * 回访 still due is closed by this decision (recorded with decision sign_off).
 */
export function judgeSignOff(c: SignOffCase, reason: string): { closesFollowUp: boolean } {
  if (c.signedOff) throw new DomainError('DUPLICATE_CONFLICT', 'signedOffAt：该事件已销号', 'signedOffAt: already signed off', 'signedOffAt');
  if (c.state !== 'closed') throw new DomainError('ILLEGAL_TRANSITION', 'state：事件尚未办结，不能销号', 'state: the case is not closed yet', 'state');
  if (c.closure !== 'resolved') throw new DomainError('ILLEGAL_TRANSITION', 'closure：只有办结的事件由街道销号', 'closure: only cases the township resolved are signed off here', 'closure');
  if (c.followUp?.decision === 'reopen') throw new DomainError('ILLEGAL_TRANSITION', 'followUp：该事件已重新派办，由新一轮事件销号', 'followUp: reopened; the new round is signed off instead', 'followUp');
  if (c.supervision === 'open' || c.supervision === 'overdue') throw new DomainError('ILLEGAL_TRANSITION', 'supervision：督办尚未办结，不能销号', 'supervision: resolve the supervision first', 'supervision');
  if (!reason.trim()) throw refuse('reason', '销号须写明理由', 'a sign-off needs a reason');
  return { closesFollowUp: c.followUp !== null && c.followUp.status !== 'recorded' };
}

/** Whether a 回访's or 督办's overdue timer still has something to say when it falls due. */
export function followUpTimerVerdict(status: FollowUpStatus | SupervisionStatus | null, kind: 'followup' | 'supervision'): 'fire' | 'moot' {
  return (kind === 'followup' && status === 'scheduled') || (kind === 'supervision' && status === 'open') ? 'fire' : 'moot';
}
