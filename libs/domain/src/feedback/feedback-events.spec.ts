import { describe, expect, it } from 'vitest';
import type { FollowUpView, HandbackView, IncidentView } from '@xiaonao/contracts';
import { feedbackEventFor, feedbackStepOf, isFeedbackBusEvent } from './feedback-events';
import { DEFAULT_RESULT_CODES, parseResultCodes } from './result-codes';
import { maskPhonesInText } from './mask-text-phones';
import { parseRetrySchedule } from './delivery-schedule';

const AT = '2026-12-02T08:00:09.000Z';
const incident = (over: Partial<IncidentView> = {}): IncidentView =>
  ({
    id: 'i1',
    caseNo: 'XN-1',
    round: 1,
    state: 'accepted',
    closure: null,
    worker: { id: 'w1', name: '网格员甲', phone: '13800000000' },
    acceptedAt: '2026-12-02T08:00:05.000Z',
    contactedAt: null,
    arrivedAt: null,
    closedAt: null,
    result: null,
    signedOffAt: null,
    receivedAt: '2026-12-02T08:00:00.000Z',
    ...over,
  }) as IncidentView;
const handback: HandbackView = {
  target: 'police',
  reasonCategory: 'violence',
  reason: '现场有人持械，报警人电话13905712345',
  notes: '',
  by: { role: 'worker', id: 'w1', name: '网格员甲' },
  at: '2026-12-02T08:05:00.000Z',
  acknowledgedAt: null,
  acknowledgedBy: null,
};
const target = { id: 'evt_1', townshipCode: 'hezhuang', caseNo: '110-0001', resultCodes: DEFAULT_RESULT_CODES };

describe('feedback from bus news', () => {
  it('tells the sender an accept with the worker’s name only, at the accept time, in its own number', () => {
    const step = feedbackStepOf('incident.accepted', { incident: incident() }, AT);
    expect(step).not.toBeNull();
    const event = feedbackEventFor(step!, target);
    expect(event).toMatchObject({ id: 'evt_1', type: 'case.accepted', occurredAt: '2026-12-02T08:00:05.000Z', caseNo: '110-0001', incidentNo: 'XN-1', round: 1, handler: { name: '网格员甲' } });
    expect(event.result).toEqual({ kind: 'accepted', zh: '网格员已接单', en: 'Accepted by a grid worker', code: null, text: null });
    expect(JSON.stringify(event)).not.toContain('13800000000');
  });

  it('tells a close with its result text (numbers masked), closure and the mapped code', () => {
    const i = incident({ state: 'closed', closure: 'resolved', closedAt: '2026-12-02T08:09:00.000Z', result: '已调解，当事人电话 13905712345' });
    const event = feedbackEventFor(feedbackStepOf('incident.closed', { incident: i }, AT)!, { ...target, resultCodes: { resolved: 'A1' } });
    expect(event).toMatchObject({ type: 'case.closed', closure: 'resolved', state: 'closed', result: { kind: 'resolved', code: 'A1', text: '已调解，当事人电话 139****2345' } });
  });

  it('maps a dismissed close, and leaves a close by hand-back to the hand-back’s own event', () => {
    expect(feedbackStepOf('incident.closed', { incident: incident({ state: 'closed', closure: 'dismissed' }) }, AT)?.kind).toBe('dismissed');
    expect(feedbackStepOf('incident.closed', { incident: incident({ state: 'closed', closure: 'returned_to_police' }) }, AT)).toBeNull();
  });

  it('tells a return to the police with reason and category, and a hand-over to 12345', () => {
    const i = incident({ state: 'closed', closure: 'returned_to_police' });
    const returned = feedbackEventFor(feedbackStepOf('incident.returned', { incident: i, handback }, AT)!, target);
    expect(returned).toMatchObject({ type: 'case.returned_to_police', occurredAt: handback.at, result: { code: '30' }, handback: { reasonCategory: 'violence' } });
    expect(JSON.stringify(returned)).not.toContain('13905712345');
    const handed = feedbackStepOf('incident.handed_over', { incident: { ...i, closure: 'handed_to_12345' }, handback: { ...handback, target: '12345', reasonCategory: 'government_department' } }, AT);
    expect(handed).toMatchObject({ type: 'case.handed_to_12345', kind: 'handed_to_12345' });
  });

  it('tells a reopen as news of the first case carrying the new round and its number', () => {
    const round = incident({ id: 'i2', caseNo: 'XN-2', round: 2, state: 'received', reopenedFrom: { id: 'i1', caseNo: 'XN-1' }, receivedAt: '2026-12-03T09:00:00.000Z' });
    const step = feedbackStepOf('incident.reopened', { incident: incident({ state: 'closed', closure: 'resolved' }), round }, AT)!;
    expect(step).toMatchObject({ incidentId: 'i1', round: 2, type: 'case.reopened', occurredAt: round.receivedAt });
    expect(feedbackEventFor(step, target).reopened).toEqual({ incidentNo: 'XN-2', round: 2 });
  });

  it('tells a 回访 only once recorded, with its satisfaction; and a 销号', () => {
    const followUp = { id: 'f', status: 'scheduled', dueAt: AT, reached: null, satisfaction: null, solved: null, notes: '', decision: null, recordedAt: null, recordedBy: null, supervision: null } satisfies FollowUpView;
    expect(feedbackStepOf('incident.followed_up', { incident: incident(), followUp }, AT)).toBeNull();
    const recorded = feedbackStepOf('incident.followed_up', { incident: incident(), followUp: { ...followUp, status: 'recorded', reached: true, satisfaction: 'satisfied', solved: true, recordedAt: AT } }, AT);
    expect(recorded).toMatchObject({ type: 'case.followed_up', followUp: { satisfaction: 'satisfied', reached: true, solved: true } });
    expect(feedbackStepOf('incident.signed_off', { incident: incident({ signedOffAt: AT }) }, AT)).toMatchObject({ type: 'case.signed_off', occurredAt: AT });
  });

  it('ignores news that is not feedback', () => {
    expect(isFeedbackBusEvent('incident.offered')).toBe(false);
    expect(isFeedbackBusEvent('incident.arrived')).toBe(true);
    expect(feedbackStepOf('incident.updated', { incident: incident() }, AT)).toBeNull();
  });
});

describe('result codes and schedules as configured', () => {
  it('takes a mapping of known kinds and refuses unknown kinds or odd codes, naming the field', () => {
    expect(parseResultCodes({ resolved: '10', dismissed: '20' })).toEqual({ ok: true, codes: { resolved: '10', dismissed: '20' } });
    expect(parseResultCodes({ solved: '10' })).toMatchObject({ ok: false, problem: { field: 'resultCodes.solved' } });
    expect(parseResultCodes({ resolved: 'a b' })).toMatchObject({ ok: false, problem: { field: 'resultCodes.resolved' } });
    expect(parseResultCodes([])).toMatchObject({ ok: false });
  });

  it('masks mobiles and landlines in free text and leaves other digits', () => {
    expect(maskPhonesInText('打13905712345或0571-87654321，门牌88号')).toBe('打139****2345或0571-****4321，门牌88号');
  });

  it('reads a schedule from the environment', () => {
    expect(parseRetrySchedule('0, 1,2')).toEqual([0, 1, 2]);
    expect(() => parseRetrySchedule('1,2')).toThrow(RangeError);
    expect(() => parseRetrySchedule('0,x')).toThrow(RangeError);
  });
});
