import { describe, expect, it } from 'vitest';
import { linkEvent, type ChainAnchor, type ChainedEvent } from './chain-hash';
import { judgeTimeline } from './judge-timeline';
import type { IncidentProjection } from './replay-incident';

const T0 = Date.parse('2025-11-21T06:00:00.000Z');

function acceptedCase(): { events: ChainedEvent[]; anchor: ChainAnchor; row: IncidentProjection } {
  let anchor: ChainAnchor = { count: 0, lastHash: null };
  const events = (['received', 'offered', 'accepted'] as const).map((type, i) => {
    const e = linkEvent(anchor, { incidentId: 'i1', type, at: new Date(T0 + i * 1000), actor: 'dispatch', source: 'system', workerId: i ? 'w1' : null, lng: null, lat: null, detail: {} });
    anchor = { count: e.seq, lastHash: e.hash };
    return e;
  });
  const row: IncidentProjection = {
    state: 'accepted',
    workerId: 'w1',
    receivedAt: new Date(T0),
    acceptedAt: new Date(T0 + 2000),
    contactedAt: null,
    arrivedAt: null,
    closedAt: null,
    result: null,
  };
  return { events, anchor, row };
}

describe('the verdict on a timeline', () => {
  it('is ok when the chain holds and the events rebuild the row', () => {
    const { events, anchor, row } = acceptedCase();
    expect(judgeTimeline(events, anchor, row)).toEqual({ ok: true, chain: { ok: true, checked: 3 }, mismatches: [] });
  });

  it('fails on a broken chain even when the row still matches', () => {
    const { events, anchor, row } = acceptedCase();
    const edited = events.map((e) => (e.seq === 2 ? { ...e, detail: { note: 'x' } } : e));
    expect(judgeTimeline(edited, anchor, row)).toEqual({ ok: false, chain: { ok: false, checked: 1, seq: 2, reason: 'edited' }, mismatches: [] });
  });

  it('fails on a row changed behind the events even when the chain holds', () => {
    const { events, anchor, row } = acceptedCase();
    const verdict = judgeTimeline(events, anchor, { ...row, state: 'closed', closedAt: new Date(T0 + 9000), result: '假办结' });
    expect(verdict.ok).toBe(false);
    expect(verdict.chain.ok).toBe(true);
    expect(verdict.mismatches.map((m) => m.field)).toEqual(['state', 'closedAt', 'result']);
  });
});
