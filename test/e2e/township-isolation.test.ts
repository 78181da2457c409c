import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, type IncidentView } from '@xiaonao/contracts';
import request from 'supertest';
import { bearer, connectSocket, Inbox, loginAs, postCase, sleep, type HubSocket } from '../support/clients';
import { newIntake110, newTownshipSeed } from '../support/factories';
import { startTestHub, type TestHub } from '../support/hub';

describe('townships see only their own', () => {
  let t: TestHub;
  const b = newTownshipSeed({ code: 'townb', origin: { lng: 120.6, lat: 30.35 } });
  const sockets: HubSocket[] = [];
  let tokensB: Record<'operator' | 'station' | 'worker', string>;
  const inboxesB: Inbox<'incident.upserted' | 'offer.created' | 'clock.alert' | 'worker.upserted'>[] = [];
  let operatorA: Inbox<'incident.upserted'>;

  beforeAll(async () => {
    t = await startTestHub({ extraSeeds: [b], env: { CLOCK_ACCEPT_SECONDS: '2', CLOCK_WARN_SHARE: '0.5' } });
    tokensB = {
      operator: (await loginAs(t.url, b, 'operator')).token,
      station: (await loginAs(t.url, b, 'station')).token,
      worker: (await loginAs(t.url, b, 'worker', 'W1')).token,
    };
    for (const token of Object.values(tokensB)) {
      const socket = await connectSocket(t.url, token);
      sockets.push(socket);
      for (const event of ['incident.upserted', 'offer.created', 'clock.alert', 'worker.upserted'] as const) inboxesB.push(new Inbox(socket, event));
    }
    const opA = await connectSocket(t.url, (await loginAs(t.url, t.seed, 'operator')).token);
    sockets.push(opA);
    operatorA = new Inbox(opA, 'incident.upserted');
  });

  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await t?.close();
  });

  it('gives a township-B operator, worker and station user nothing of township A over REST or sockets', async () => {
    const { body } = await postCase(t.url, t.apiKey, newIntake110()).expect(201);
    const id: string = body.incidentId;
    // Let A's case be offered, warned and breached (2 s accept window) while B listens.
    await operatorA.next((i) => i.id === id && i.clocks[0].status === 'breached');
    await sleep(300);
    expect(inboxesB.flatMap((i) => i.items)).toEqual([]);

    for (const token of Object.values(tokensB)) {
      const list = (await request(t.url).get(API.incidents).set(bearer(token)).expect(200)).body as IncidentView[];
      expect(list.map((i) => i.id)).not.toContain(id);
      await request(t.url).get(API.incident(id)).set(bearer(token)).expect(404);
    }
    const workersB = (await request(t.url).get(API.workers).set(bearer(tokensB.operator)).expect(200)).body as { id: string }[];
    const workersA = (await request(t.url).get(API.workers).set(bearer((await loginAs(t.url, t.seed, 'operator')).token)).expect(200)).body as { id: string }[];
    expect(workersB.some((w) => workersA.some((a) => a.id === w.id))).toBe(false);
    const township = (await request(t.url).get(API.township).set(bearer(tokensB.operator)).expect(200)).body as { code: string };
    expect(township.code).toBe('townb');
  });

  it('does not let township B act on township A’s case', async () => {
    const { body } = await postCase(t.url, t.apiKey, newIntake110()).expect(201);
    await request(t.url).post(API.accept(body.incidentId)).set(bearer(tokensB.worker)).send({}).expect(404);
  });

  it('does not let one township’s API key file cases into another', async () => {
    const res = await postCase(t.url, b.apiKeys[0].key, newIntake110()).expect(400);
    expect(res.body.field).toBe('policeStationCode');
  });

  it('refuses a socket without a valid token at the handshake', async () => {
    await expect(connectSocket(t.url, 'not-a-token')).rejects.toThrow('unauthorized');
  });
});
