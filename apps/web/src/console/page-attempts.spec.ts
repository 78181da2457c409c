import { describe, expect, it } from 'vitest';
import type { PageAttemptView, TimelineEntryView } from '@xiaonao/contracts';
import { attemptTone, groupAttempts, mergeAttempt, offerReach } from './page-attempts';

const at = (seconds: number) => new Date(Date.parse('2025-11-21T06:00:00.000Z') + seconds * 1000).toISOString();

let n = 0;
const attempt = (over: Partial<PageAttemptView> = {}): PageAttemptView => ({
  id: `a${++n}`,
  offerId: 'o1',
  incidentId: 'i1',
  workerId: 'w1',
  step: 0,
  channel: 'socket',
  status: 'sent',
  dueAt: at(0),
  sentAt: at(0),
  resultAt: null,
  detail: null,
  ...over,
});

let seq = 0;
const entry = (type: TimelineEntryView['type'], seconds: number, over: Partial<TimelineEntryView> = {}): TimelineEntryView => ({
  id: `e${++seq}`,
  seq,
  type,
  at: at(seconds),
  actor: 'dispatch',
  workerId: 'w1',
  location: null,
  detail: {},
  source: 'system',
  hash: '0'.repeat(64),
  ...over,
});

describe('an attempt’s colour', () => {
  it('is green when read or answered, neutral on its way, red when failed or lost, grey when never sent', () => {
    expect([attemptTone('read'), attemptTone('answered')]).toEqual(['reached', 'reached']);
    expect([attemptTone('sent'), attemptTone('delivered')]).toEqual(['underway', 'underway']);
    expect([attemptTone('failed'), attemptTone('unknown')]).toEqual(['failed', 'failed']);
    expect([attemptTone('cancelled'), attemptTone('skipped')]).toEqual(['idle', 'idle']);
  });
});

describe('what an offer’s attempts add up to', () => {
  it('is reached once any was read or answered, whatever failed before', () => {
    expect(offerReach([attempt({ status: 'failed' }), attempt({ status: 'read', channel: 'dingtalk' })])).toBe('reached');
  });

  it('is missed when every attempt failed, was lost or never went', () => {
    expect(offerReach([attempt({ status: 'failed' }), attempt({ status: 'unknown' }), attempt({ status: 'skipped' })])).toBe('missed');
  });

  it('is delivered when something arrived but nobody is known to have seen it', () => {
    expect(offerReach([attempt({ status: 'failed' }), attempt({ status: 'delivered', channel: 'sms' })])).toBe('delivered');
  });
});

describe('attempts grouped by offer', () => {
  it('put the newest offer first, each in chain order, with the worker and the offer’s answer from the timeline', () => {
    const timeline = [
      entry('offered', 0, { detail: { offerId: 'o1', workerName: '张三' } }),
      entry('offer_expired', 20),
      entry('offered', 21, { workerId: 'w2', detail: { offerId: 'o2', workerName: '李四' } }),
      entry('accepted', 30, { workerId: 'w2' }),
    ];
    const attempts = [
      attempt({ offerId: 'o1', step: 1, channel: 'dingtalk', status: 'read', dueAt: at(5) }),
      attempt({ offerId: 'o2', workerId: 'w2', step: 0, dueAt: at(21) }),
      attempt({ offerId: 'o1', step: 0, status: 'failed' }),
    ];
    const groups = groupAttempts(attempts, timeline);
    expect(groups.map((g) => [g.offerId, g.workerName, g.outcome, g.reach])).toEqual([
      ['o2', '李四', 'accepted', 'underway'],
      ['o1', '张三', 'expired', 'reached'],
    ]);
    expect(groups[1].attempts.map((a) => a.channel)).toEqual(['socket', 'dingtalk']);
  });

  it('do not lend a later offer’s answer to an earlier offer of the same worker', () => {
    const timeline = [
      entry('offered', 0, { detail: { offerId: 'o1' } }),
      entry('offered', 40, { detail: { offerId: 'o2' } }),
      entry('declined', 45),
    ];
    const groups = groupAttempts([attempt({ offerId: 'o1' }), attempt({ offerId: 'o2', dueAt: at(40) })], timeline);
    expect(groups.map((g) => [g.offerId, g.outcome])).toEqual([
      ['o2', 'declined'],
      ['o1', 'open'],
    ]);
  });
});

describe('a pushed attempt', () => {
  it('replaces its older self and is added when new', () => {
    const sent = attempt({ id: 'x', status: 'sent' });
    const read = { ...sent, status: 'read' as const };
    expect(mergeAttempt([sent], read)).toEqual([read]);
    const other = attempt({ id: 'y' });
    expect(mergeAttempt([sent], other)).toEqual([sent, other]);
  });

  it('is ignored when it arrives after a newer status of itself', () => {
    const read = attempt({ id: 'x', status: 'read' });
    expect(mergeAttempt([read], { ...read, status: 'sent' })).toEqual([read]);
  });
});
