import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, type BusEnvelope } from '@xiaonao/contracts';
import request from 'supertest';
import { bearer, connectSocket, Inbox, loginAs, postCase, until, type HubSocket } from '../support/clients';
import { newIntake110, newTownshipSeed } from '../support/factories';
import { startTestHub, TEST_NATS_URL, type TestHub } from '../support/hub';

describe('domain events on NATS, per township', () => {
  const seed = newTownshipSeed({ code: `bus${Date.now().toString(36)}` });
  let t: TestHub;
  let nc: NatsConnection;
  let socket: HubSocket;
  let token: string;
  const seen: { subject: string; envelope: BusEnvelope }[] = [];
  /** The events heard so far about one incident, in the order they came. */
  const eventsOf = (incidentId: string) => seen.filter((s) => 'incident' in s.envelope.payload && s.envelope.payload.incident.id === incidentId).map((s) => s.envelope.event);

  beforeAll(async () => {
    // Accept and contact windows of 5 s, both from receipt: long enough for W1's accept on a loaded machine (with 1 s the
    // accept clock breached first and the case moved on), short enough for the contact clock to warn and breach in the test.
    t = await startTestHub({ seed, env: { CLOCK_ACCEPT_SECONDS: '5', CLOCK_CONTACT_SECONDS: '5', CLOCK_WARN_SHARE: '0.5' } });
    // Another process following one township, as a district platform would.
    nc = await connect({ servers: TEST_NATS_URL });
    nc.subscribe(`xiaonao.${seed.code}.>`, { callback: (_e, msg) => void seen.push({ subject: msg.subject, envelope: msg.json<BusEnvelope>() }) });
    token = (await loginAs(t.url, seed, 'worker', 'W1')).token;
    socket = await connectSocket(t.url, token);
  });

  afterAll(async () => {
    socket?.disconnect();
    await nc?.drain();
    await t?.close();
  });

  it('publishes received, offered, accepted, contacted, arrived, closed and clock alarms on xiaonao.<township>.<event>', async () => {
    const offers = new Inbox(socket, 'offer.created');
    const { body } = await postCase(t.url, t.apiKey, newIntake110({ townshipCode: seed.code })).expect(201);
    await offers.next((o) => o.incidentId === body.incidentId);
    await request(t.url).post(API.accept(body.incidentId)).set(bearer(token)).send({}).expect(200);
    // The contact clock warns and breaches while nobody calls: wait for both on the bus.
    await until(() => Promise.resolve(eventsOf(body.incidentId)), (e) => e.includes('clock.at_risk') && e.includes('clock.breached'), 'the clock alarms on the bus');
    for (const step of ['contact', 'arrive'] as const) await request(t.url).post(`/api/incidents/${body.incidentId}/${step}`).set(bearer(token)).send({}).expect(200);
    await request(t.url).post(API.close(body.incidentId)).set(bearer(token)).send({ result: '已处理' }).expect(200);
    const events = await until(() => Promise.resolve(eventsOf(body.incidentId)), (e) => e.includes('incident.closed'), 'the closing on the bus');
    expect(events).toEqual(expect.arrayContaining(['incident.received', 'incident.offered', 'clock.at_risk', 'clock.breached', 'incident.accepted', 'incident.contacted', 'incident.arrived', 'incident.closed']));
    const order = ['incident.received', 'incident.offered', 'incident.accepted', 'incident.contacted', 'incident.arrived', 'incident.closed'].map((e) => events.indexOf(e as BusEnvelope['event']));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    for (const s of seen) expect(s.subject).toBe(`xiaonao.${seed.code}.${s.envelope.event}`);
  });
});
