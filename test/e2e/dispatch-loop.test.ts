import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, type IncidentDetailView, type IncidentView } from '@xiaonao/contracts';
import request from 'supertest';
import { bearer, connectSocket, Inbox, loginAs, postCase, type HubSocket } from '../support/clients';
import { newIntake110 } from '../support/factories';
import { startTestHub, type TestHub } from '../support/hub';

describe('a 110 case from intake to result', () => {
  let t: TestHub;
  const sockets: HubSocket[] = [];
  let worker: { token: string; socket: HubSocket; offers: Inbox<'offer.created'> };
  let operator: { socket: HubSocket; incidents: Inbox<'incident.upserted'> };
  let station: { token: string; socket: HubSocket; incidents: Inbox<'incident.upserted'> };

  beforeAll(async () => {
    t = await startTestHub();
    const w = await loginAs(t.url, t.seed, 'worker', 'W1');
    const ws = await connectSocket(t.url, w.token);
    const o = await loginAs(t.url, t.seed, 'operator');
    const os = await connectSocket(t.url, o.token);
    const s = await loginAs(t.url, t.seed, 'station');
    const ss = await connectSocket(t.url, s.token);
    sockets.push(ws, os, ss);
    worker = { token: w.token, socket: ws, offers: new Inbox(ws, 'offer.created') };
    operator = { socket: os, incidents: new Inbox(os, 'incident.upserted') };
    station = { token: s.token, socket: ss, incidents: new Inbox(ss, 'incident.upserted') };
  });

  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await t?.close();
  });

  it('offers the case to the nearest worker, who walks it through 1-3-8 while console and station watch', async () => {
    const body = newIntake110();
    const created = await postCase(t.url, t.apiKey, body).expect(201);
    expect(created.body.duplicate).toBe(false);
    const incidentId: string = created.body.incidentId;
    expect(created.body.incident.grid.code).toBe('G1');
    expect(created.body.incident.clocks.map((c: { stage: string }) => c.stage)).toEqual(['accept', 'contact', 'arrive']);

    const offer = await worker.offers.next((o) => o.incidentId === incidentId);
    expect(offer.incident.caseNo).toBe(body.caseNo);
    // An offer is not the case in hand: the caller's number comes masked until the worker accepts.
    expect(offer.incident).toMatchObject({ callerPhone: '139****2345', callerPhoneMasked: true });
    await operator.incidents.next((i) => i.id === incidentId && i.state === 'offered');

    const position = { lng: 120.5015, lat: 30.285, coordSystem: 'WGS84' as const };
    for (const step of ['accept', 'contact', 'arrive'] as const) {
      const res = await request(t.url).post(`/api/incidents/${incidentId}/${step}`).set(bearer(worker.token)).send({ position }).expect(200);
      const state = (res.body as IncidentView).state;
      await operator.incidents.next((i) => i.id === incidentId && i.state === state);
      await station.incidents.next((i) => i.id === incidentId && i.state === state);
    }
    await request(t.url).post(API.close(incidentId)).set(bearer(worker.token)).send({ result: '双方已调解，矛盾化解', position }).expect(200);
    const closed = await station.incidents.next((i) => i.id === incidentId && i.state === 'closed');
    expect(closed.result).toBe('双方已调解，矛盾化解');
    expect(closed.clocks.map((c) => c.status)).toEqual(['met', 'met', 'met']);

    const detail = (await request(t.url).get(API.incident(incidentId)).set(bearer(station.token)).expect(200)).body as IncidentDetailView;
    expect(detail.timeline.map((e) => e.type)).toEqual(['received', 'offered', 'accepted', 'contacted', 'arrived', 'closed', 'followup_scheduled']);
    expect(detail.timeline.find((e) => e.type === 'arrived')?.location).toEqual({ lng: 120.5015, lat: 30.285 });
  });
});
