import type { EidoDocument, EidoServerMessage } from '@xiaonao/contracts';
import { describe, expect, it } from 'vitest';
import { newIncidentView } from '../../../../test/support/incident-view';
import { EidoSubscriber, type SubscriberScope } from './eido-subscriber';

const doc = (id: string) => ({ $id: id }) as unknown as EidoDocument;

function subscriber(scope: Partial<SubscriberScope> = {}) {
  const sent: EidoServerMessage[] = [];
  let now = Date.parse('2026-03-15T06:00:00Z');
  const s = new EidoSubscriber(
    { townshipId: 't', stationId: null, sessionId: null, validUntil: null, who: 'spec', ...scope },
    {
      send: (m) => sent.push(m),
      eidoOf: (id) => Promise.resolve(id === 'gone' ? null : doc(id)),
      openCases: () => Promise.resolve(['c1', 'gone']),
      resolve: (name) => Promise.resolve(name === 'CASE-1' ? 'c1' : null),
      now: () => new Date(now),
      warn: () => undefined,
    },
  );
  return { s, sent, later: (ms: number) => (now += ms) };
}

const subscribeNew = { subscribe: { requestId: 'r1', requestType: 'EIDO', requestSubType: 'new' } };

describe('one EIDO websocket subscriber (STA-024 subscribe/notify)', () => {
  it('answers a new subscription, then sends the open cases it may see at once', async () => {
    const { s, sent } = subscriber();
    expect(s.receive(subscribeNew)).toBe(true);
    await s.settled();
    expect(sent[0]).toMatchObject({ subscribeResponse: { requestId: 'r1', statusCode: 200, expires: 86_400 } });
    expect(sent[1]).toMatchObject({ event: { notification: [{ $id: 'c1' }] } });
    expect(s.stats()).toEqual({ subscriptions: 1, unacknowledged: 1, acknowledged: 0 });
  });

  it('checks the request: type, subtype, accepts, filter, and a single case that exists', async () => {
    const { s, sent } = subscriber();
    s.receive({ subscribe: { requestId: 'a', requestType: 'CAD', requestSubType: 'new' } });
    s.receive({ subscribe: { requestId: 'b', requestType: 'EIDO', requestSubType: 'all' } });
    s.receive({ subscribe: { requestId: 'c', requestType: 'EIDO', requestSubType: 'new', requestAccepts: 'application/emergency.eido+json; version="2,3"' } });
    s.receive({ subscribe: { requestId: 'd', requestType: 'EIDO', requestSubType: 'new', qualFilter: 'x' } });
    s.receive({ subscribe: { requestId: 'e', requestType: 'EIDO', requestSubType: 'single', incidentId: 'NOPE' } });
    s.receive({ subscribe: { requestId: 'f', requestType: 'EIDO', requestSubType: 'single', incidentId: 'CASE-1', requestAccepts: 'application/emergency.eido+json; version=”1”' } });
    await s.settled();
    const codes = sent.flatMap((m) => ('subscribeResponse' in m ? [[m.subscribeResponse.requestId, m.subscribeResponse.statusCode]] : []));
    expect(codes).toEqual([['a', 400], ['b', 400], ['c', 406], ['d', 400], ['e', 404], ['f', 200]]);
  });

  it('sends each piece of news to the subscriptions covering the case, counts acknowledgements by transaction id', async () => {
    const { s, sent } = subscriber();
    s.receive({ subscribe: { requestId: 'one', requestType: 'EIDO', requestSubType: 'single', incidentId: 'CASE-1' } });
    await s.settled();
    sent.length = 0;
    s.news([newIncidentView({ id: 'c1', townshipId: 't' }), newIncidentView({ id: 'c2', townshipId: 't' }), newIncidentView({ id: 'c1', townshipId: 'other' })], (v) => Promise.resolve(doc(v.id)));
    await s.settled();
    expect(sent).toHaveLength(1);
    const event = sent[0] as Extract<EidoServerMessage, { event: unknown }>;
    s.receive({ eventResponse: { transactionId: event.event.transactionId, statusCode: 200, statusText: 'OK' } });
    s.receive({ eventResponse: { transactionId: 'unknown', statusCode: 200, statusText: 'OK' } });
    expect(s.stats()).toMatchObject({ acknowledged: 1 });
  });

  it('a station sees only the cases it handed over', async () => {
    const { s, sent } = subscriber({ stationId: 's1' });
    s.receive(subscribeNew);
    await s.settled();
    sent.length = 0;
    s.news([newIncidentView({ id: 'c1', townshipId: 't', station: { id: 's2', code: 'S2', name: '别所' } })], (v) => Promise.resolve(doc(v.id)));
    await s.settled();
    expect(sent).toEqual([]);
  });

  it('renews by subscriptionId, says 481 for an unknown one, and unsubscribes', async () => {
    const { s, sent } = subscriber();
    s.receive(subscribeNew);
    await s.settled();
    const id = (sent[0] as Extract<EidoServerMessage, { subscribeResponse: unknown }>).subscribeResponse.subscriptionId;
    s.receive({ subscribe: { requestId: 'renew', subscriptionId: id, expires: 5 } });
    s.receive({ subscribe: { requestId: 'renew2', subscriptionId: 'nope' } });
    s.receive({ unsubscribe: { requestId: 'u', subscriptionId: id } });
    await s.settled();
    expect(sent.slice(2)).toMatchObject([
      { subscribeResponse: { requestId: 'renew', statusCode: 200, expires: 15 } },
      { subscribeResponse: { requestId: 'renew2', statusCode: 481 } },
      { unsubscribeResponse: { requestId: 'u', subscriptionId: id, statusCode: 200 } },
    ]);
    expect(s.stats()).toEqual({ subscriptions: 0, unacknowledged: 0, acknowledged: 0 });
  });

  it('terminates a subscription when it expires, and all of them when the credential lapses', async () => {
    const { s, sent, later } = subscriber({ validUntil: new Date('2026-03-15T07:00:00Z') });
    s.receive({ subscribe: { requestId: 'short', requestType: 'EIDO', requestSubType: 'new', expires: 20 } });
    s.receive(subscribeNew);
    await s.settled();
    later(21_000);
    expect(s.sweep()).toBe(true);
    expect(sent.filter((m) => 'terminate' in m)).toMatchObject([{ terminate: { requestId: 'short', statusCode: 200 } }]);
    later(3600_000);
    expect(s.sweep()).toBe(false);
    expect(sent.filter((m) => 'terminate' in m)).toHaveLength(2);
    expect(s.stats().subscriptions).toBe(0);
  });

  it('is not a conveyance message: anything but one known key with an object', () => {
    const { s } = subscriber();
    for (const junk of [null, 'subscribe', [], {}, { subscribe: 1 }, { subscribe: {}, unsubscribe: {} }, { hello: {} }]) expect(s.receive(junk)).toBe(false);
  });
});
