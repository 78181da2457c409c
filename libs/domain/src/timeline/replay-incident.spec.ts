import { describe, expect, it } from 'vitest';
import type { TimelineType } from '@xiaonao/contracts';
import { compareWithProjection, replayIncident, type IncidentProjection, type ReplayEvent, type ReplayedIncident } from './replay-incident';

const T0 = Date.parse('2025-11-21T06:00:00.000Z');
const at = (s: number) => new Date(T0 + s * 1000).toISOString();

/** A case told as a list of (type, worker, detail), one event a second from T0. */
function story(...steps: [TimelineType, (string | null)?, Record<string, unknown>?][]): ReplayEvent[] {
  return steps.map(([type, workerId, detail], i) => ({ type, at: at(i), workerId: workerId ?? null, detail: detail ?? {} }));
}

const race = { race: true };

describe('a case walked through 1-3-8 by one worker', () => {
  const events = story(['received'], ['offered', 'w1'], ['accepted', 'w1'], ['contacted', 'w1'], ['arrived', 'w1'], ['closed', 'w1', { result: '双方已调解' }]);

  it('ends closed, held by that worker, with each stage at its event time and the result', () => {
    expect(replayIncident(events)).toEqual<ReplayedIncident>({
      state: 'closed',
      workerId: 'w1',
      receivedAt: at(0),
      acceptedAt: at(2),
      contactedAt: at(3),
      arrivedAt: at(4),
      closedAt: at(5),
      result: '双方已调解',
      openOffers: [],
    });
  });

  it('stands at each state on the way', () => {
    const states = events.map((_, i) => replayIncident(events.slice(0, i + 1)).state);
    expect(states).toEqual(['received', 'offered', 'accepted', 'contacted', 'arrived', 'closed']);
  });

  it('reads times given as Dates the same as ISO strings', () => {
    const dated = events.map((e) => ({ ...e, at: new Date(e.at) }));
    expect(replayIncident(dated)).toEqual(replayIncident(events));
  });

  it('records an empty result when the close carried none', () => {
    expect(replayIncident(story(['received'], ['offered', 'w1'], ['accepted', 'w1'], ['contacted', 'w1'], ['arrived', 'w1'], ['closed', 'w1'])).result).toBe('');
  });
});

describe('a sequential offer that is not taken', () => {
  it('goes back to waiting with nobody when the worker declines', () => {
    expect(replayIncident(story(['received'], ['offered', 'w1'], ['declined', 'w1', { reason: '在处置另一起' }]))).toMatchObject({ state: 'received', workerId: null, openOffers: [] });
  });

  it('goes back to waiting with nobody when the offer lapses', () => {
    expect(replayIncident(story(['received'], ['offered', 'w1'], ['offer_expired', 'w1']))).toMatchObject({ state: 'received', workerId: null, openOffers: [] });
  });

  it('is then offered to the next worker', () => {
    expect(replayIncident(story(['received'], ['offered', 'w1'], ['offer_expired', 'w1'], ['offered', 'w2']))).toMatchObject({ state: 'offered', workerId: 'w2', openOffers: ['w2'] });
  });

  it("keeps the case with the current worker when someone else's old offer lapses", () => {
    const events = story(['received'], ['offered', 'w1'], ['assigned_by_operator', 'w2'], ['offer_expired', 'w1']);
    expect(replayIncident(events)).toMatchObject({ state: 'offered', workerId: 'w2', openOffers: ['w2'] });
  });
});

describe('a race (several offers at once, first to accept wins)', () => {
  const offered = story(['received'], ['offered', 'w1', race], ['offered', 'w2', race], ['offered', 'w3', race]);

  it('is offered with no holder while the offers stand', () => {
    expect(replayIncident(offered)).toMatchObject({ state: 'offered', workerId: null, openOffers: ['w1', 'w2', 'w3'] });
  });

  it('stays offered when one declines and another lapses', () => {
    const events = [...offered, ...story(['declined', 'w1'], ['offer_expired', 'w2'])];
    expect(replayIncident(events)).toMatchObject({ state: 'offered', workerId: null, openOffers: ['w3'] });
  });

  it('goes to the first who accepts, and the other offers are gone', () => {
    const events = [...offered, ...story(['declined', 'w1'], ['accepted', 'w3'])];
    expect(replayIncident(events)).toMatchObject({ state: 'accepted', workerId: 'w3', openOffers: [] });
  });

  it('goes back to waiting when the last open offer is declined', () => {
    const events = [...offered, ...story(['declined', 'w1'], ['offer_expired', 'w2'], ['declined', 'w3'])];
    expect(replayIncident(events)).toMatchObject({ state: 'received', workerId: null, openOffers: [] });
  });

  it('goes back to waiting when the last open offer lapses', () => {
    const events = [...offered, ...story(['offer_expired', 'w1'], ['offer_expired', 'w2'], ['offer_expired', 'w3'])];
    expect(replayIncident(events)).toMatchObject({ state: 'received', workerId: null, openOffers: [] });
  });

  it('gives way to an operator who assigns someone else: the race offers are withdrawn', () => {
    const events = [...offered, ...story(['assigned_by_operator', 'w4'], ['declined', 'w4'])];
    expect(replayIncident(events)).toMatchObject({ state: 'received', workerId: null, openOffers: [] });
  });
});

describe('an operator reassigning a case in hand', () => {
  const events = story(
    ['received'],
    ['offered', 'w1'],
    ['accepted', 'w1'],
    ['contacted', 'w1'],
    ['assigned_by_operator', 'w2', { kind: 'reassign', previousWorkerId: 'w1' }],
    ['accepted', 'w2'],
  );

  it('offers it to the new worker, who then holds it', () => {
    expect(replayIncident(events.slice(0, 5))).toMatchObject({ state: 'offered', workerId: 'w2', openOffers: ['w2'] });
    expect(replayIncident(events)).toMatchObject({ state: 'accepted', workerId: 'w2' });
  });

  it('keeps the first acceptance and contact times, as the row does', () => {
    expect(replayIncident(events)).toMatchObject({ acceptedAt: at(2), contactedAt: at(3) });
  });
});

describe('events that change none of the compared fields', () => {
  it.each<TimelineType>(['clock_at_risk', 'clock_breached', 'arrival_at_risk', 'dispatch_confirmed', 'assist_added', 'queue_started', 'call_attempted', 'unreachable', 'escalated', 'report_linked', 'report_split', 'point_confirmed'])(
    '%s leaves the case as it was',
    (type) => {
      const before = story(['received'], ['offered', 'w1'], ['accepted', 'w1']);
      expect(replayIncident([...before, { type, at: at(9), workerId: 'w2', detail: { stage: 'contact' } }])).toEqual(replayIncident(before));
    },
  );

  it('takes the received time from the first received event only', () => {
    expect(replayIncident(story(['received'], ['received'])).receivedAt).toBe(at(0));
  });

  it('ignores offer events that name no worker', () => {
    expect(replayIncident(story(['received'], ['offered'], ['assigned_by_operator'], ['offer_expired'], ['declined']))).toMatchObject({ state: 'received', workerId: null });
  });

  it('starts as a waiting case with nothing known', () => {
    expect(replayIncident([])).toEqual({ state: 'received', workerId: null, receivedAt: null, acceptedAt: null, contactedAt: null, arrivedAt: null, closedAt: null, result: null, openOffers: [] });
  });
});

describe('comparing the replay with the incident row', () => {
  const events = story(['received'], ['offered', 'w1'], ['accepted', 'w1'], ['contacted', 'w1'], ['arrived', 'w1'], ['closed', 'w1', { result: '已处理' }]);
  const row = (overrides: Partial<IncidentProjection> = {}): IncidentProjection => ({
    state: 'closed',
    workerId: 'w1',
    receivedAt: new Date(at(0)),
    acceptedAt: new Date(at(2)),
    contactedAt: new Date(at(3)),
    arrivedAt: new Date(at(4)),
    closedAt: new Date(at(5)),
    result: '已处理',
    ...overrides,
  });

  it('finds nothing when the row is what the events say (Dates and ISO strings alike)', () => {
    expect(compareWithProjection(replayIncident(events), row())).toEqual([]);
    expect(compareWithProjection(replayIncident(events), row({ closedAt: at(5) }))).toEqual([]);
  });

  it('names each field that differs, with both values', () => {
    const diffs = compareWithProjection(replayIncident(events), row({ state: 'arrived', workerId: 'w9', result: null }));
    expect(diffs).toEqual([
      { field: 'state', fromEvents: 'closed', onRow: 'arrived' },
      { field: 'workerId', fromEvents: 'w1', onRow: 'w9' },
      { field: 'result', fromEvents: '已处理', onRow: null },
    ]);
  });

  it('notices a time moved by a single millisecond', () => {
    const diffs = compareWithProjection(replayIncident(events), row({ arrivedAt: new Date(T0 + 4001) }));
    expect(diffs).toEqual([{ field: 'arrivedAt', fromEvents: at(4), onRow: new Date(T0 + 4001).toISOString() }]);
  });

  it('notices a stage time on the row that no event accounts for', () => {
    const open = story(['received'], ['offered', 'w1'], ['accepted', 'w1']);
    const diffs = compareWithProjection(replayIncident(open), row({ state: 'accepted', contactedAt: new Date(at(3)), arrivedAt: null, closedAt: null, result: null }));
    expect(diffs).toEqual([{ field: 'contactedAt', fromEvents: null, onRow: at(3) }]);
  });
});
