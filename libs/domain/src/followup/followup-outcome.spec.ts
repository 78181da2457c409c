import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import { followUpTimerVerdict, judgeFollowUpCall, judgeSignOff, judgeSupervisionResolve, type FollowUpCall, type Recorder } from './followup-outcome';

const now = new Date('2026-12-02T02:00:00Z');
const operator: Recorder = { role: 'operator' };
const call = (c: Partial<FollowUpCall>): FollowUpCall => ({ reached: true, notes: '', ...c });

function refusal(f: () => unknown): { code: string; field?: string } {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError) return { code: e.code, field: e.field };
    throw e;
  }
  throw new Error('not refused');
}

describe('judgeFollowUpCall', () => {
  it('signs off a (basically) satisfied, solved outcome', () => {
    expect(judgeFollowUpCall('scheduled', call({ satisfaction: 'satisfied', solved: true }), operator, now)).toEqual({ kind: 'sign_off' });
    expect(judgeFollowUpCall('overdue', call({ satisfaction: 'basically_satisfied', solved: true }), operator, now)).toEqual({ kind: 'sign_off' });
  });

  it('needs reopen or supervise for 不满意 or 问题未解决, in the same request', () => {
    expect(refusal(() => judgeFollowUpCall('scheduled', call({ satisfaction: 'not_satisfied', solved: true }), operator, now))).toEqual({ code: 'INVALID_INPUT', field: 'decision' });
    expect(refusal(() => judgeFollowUpCall('scheduled', call({ satisfaction: 'satisfied', solved: false, decision: 'sign_off' }), operator, now)).field).toBe('decision');
    expect(judgeFollowUpCall('scheduled', call({ satisfaction: 'satisfied', solved: false, decision: 'reopen' }), operator, now)).toEqual({ kind: 'reopen' });
    expect(judgeFollowUpCall('scheduled', call({ satisfaction: 'not_satisfied', solved: true, decision: 'supervise', supervisionHours: 48 }), operator, now)).toEqual({
      kind: 'supervise',
      deadline: new Date('2026-12-04T02:00:00Z'),
    });
  });

  it('asks for a deadline for 督办, in the future, hours or a date', () => {
    const bad = { satisfaction: 'not_satisfied' as const, solved: false, decision: 'supervise' as const };
    expect(refusal(() => judgeFollowUpCall('scheduled', call(bad), operator, now)).field).toBe('supervisionHours');
    expect(refusal(() => judgeFollowUpCall('scheduled', call({ ...bad, supervisionHours: 0 }), operator, now)).field).toBe('supervisionHours');
    expect(refusal(() => judgeFollowUpCall('scheduled', call({ ...bad, supervisionDeadline: new Date('2026-12-01T00:00:00Z') }), operator, now)).field).toBe('supervisionDeadline');
    const at = new Date('2026-12-05T00:00:00Z');
    expect(judgeFollowUpCall('scheduled', call({ ...bad, supervisionDeadline: at }), operator, now)).toEqual({ kind: 'supervise', deadline: at });
    expect(refusal(() => judgeFollowUpCall('scheduled', call({ satisfaction: 'satisfied', solved: true, supervisionHours: 3 }), operator, now)).field).toBe('supervisionHours');
  });

  it('leaves a 回访 due when the caller was not reached, unless an operator decides', () => {
    expect(judgeFollowUpCall('scheduled', call({ reached: false }), operator, now)).toEqual({ kind: 'retry' });
    expect(refusal(() => judgeFollowUpCall('scheduled', call({ reached: false, satisfaction: 'satisfied' }), operator, now)).field).toBe('satisfaction');
    expect(refusal(() => judgeFollowUpCall('scheduled', call({ reached: false, decision: 'sign_off' }), operator, now)).field).toBe('notes');
    expect(judgeFollowUpCall('overdue', call({ reached: false, decision: 'sign_off', notes: '三次未接通，已核实现场' }), operator, now)).toEqual({ kind: 'sign_off' });
  });

  it('refuses recording twice', () => {
    expect(refusal(() => judgeFollowUpCall('recorded', call({ satisfaction: 'satisfied', solved: true }), operator, now)).code).toBe('DUPLICATE_CONFLICT');
  });

  it('lets the grid leader record only where the township allows it, and only for their grid', () => {
    const ok = call({ satisfaction: 'satisfied', solved: true });
    expect(refusal(() => judgeFollowUpCall('scheduled', ok, { role: 'worker', isGridLeader: true, gridLeaderMayRecord: false }, now)).code).toBe('FORBIDDEN');
    expect(refusal(() => judgeFollowUpCall('scheduled', ok, { role: 'worker', isGridLeader: false, gridLeaderMayRecord: true }, now)).code).toBe('FORBIDDEN');
    expect(judgeFollowUpCall('scheduled', ok, { role: 'worker', isGridLeader: true, gridLeaderMayRecord: true }, now)).toEqual({ kind: 'sign_off' });
    const leader: Recorder = { role: 'worker', isGridLeader: true, gridLeaderMayRecord: true };
    expect(refusal(() => judgeFollowUpCall('scheduled', call({ reached: false, decision: 'sign_off', notes: 'x' }), leader, now)).code).toBe('FORBIDDEN');
  });
});

describe('judgeSupervisionResolve and judgeSignOff', () => {
  it('resolves an open or overdue 督办 once, with notes', () => {
    expect(refusal(() => judgeSupervisionResolve(null, 'x')).code).toBe('NOT_FOUND');
    expect(refusal(() => judgeSupervisionResolve('resolved', 'x')).code).toBe('DUPLICATE_CONFLICT');
    expect(refusal(() => judgeSupervisionResolve('overdue', ' ')).field).toBe('notes');
    expect(() => judgeSupervisionResolve('overdue', '已整改')).not.toThrow();
  });

  it('signs off a resolved case by decision, not while its 督办 is open nor after a reopen', () => {
    const base = { state: 'closed' as const, closure: 'resolved' as const, signedOff: false, followUp: null, supervision: null };
    expect(judgeSignOff(base, '未抽中，核实办结')).toEqual({ closesFollowUp: false });
    expect(judgeSignOff({ ...base, followUp: { status: 'overdue', decision: null } }, '无法联系')).toEqual({ closesFollowUp: true });
    expect(refusal(() => judgeSignOff(base, '')).field).toBe('reason');
    expect(refusal(() => judgeSignOff({ ...base, signedOff: true }, 'x')).code).toBe('DUPLICATE_CONFLICT');
    expect(refusal(() => judgeSignOff({ ...base, state: 'arrived', closure: null }, 'x')).field).toBe('state');
    expect(refusal(() => judgeSignOff({ ...base, closure: 'returned_to_police' }, 'x')).field).toBe('closure');
    expect(refusal(() => judgeSignOff({ ...base, supervision: 'overdue', followUp: { status: 'recorded', decision: 'supervise' } }, 'x')).field).toBe('supervision');
    expect(judgeSignOff({ ...base, supervision: 'resolved', followUp: { status: 'recorded', decision: 'supervise' } }, '督办已办结')).toEqual({ closesFollowUp: false });
    expect(refusal(() => judgeSignOff({ ...base, followUp: { status: 'recorded', decision: 'reopen' } }, 'x')).field).toBe('followUp');
  });

  it('fires an overdue timer only for a 回访 still due or a 督办 still open', () => {
    expect(followUpTimerVerdict('scheduled', 'followup')).toBe('fire');
    expect(followUpTimerVerdict('recorded', 'followup')).toBe('moot');
    expect(followUpTimerVerdict('open', 'supervision')).toBe('fire');
    expect(followUpTimerVerdict('resolved', 'supervision')).toBe('moot');
  });
});
