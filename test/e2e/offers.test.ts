import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, type IncidentDetailView } from '@xiaonao/contracts';
import request from 'supertest';
import { bearer, connectSocket, Inbox, loginAs, postCase, type HubSocket } from '../support/clients';
import { newIntake110 } from '../support/factories';
import { startTestHub, type TestHub } from '../support/hub';

interface Phone {
  token: string;
  socket: HubSocket;
  offers: Inbox<'offer.created'>;
  withdrawn: Inbox<'offer.withdrawn'>;
}

describe('offers passing on', () => {
  let t: TestHub;
  const phones: Record<string, Phone> = {};

  beforeAll(async () => {
    // A short offer window so that silence passes the case on quickly.
    t = await startTestHub({ env: { OFFER_TIMEOUT_MS: '1500' } });
    for (const code of ['W1', 'W2', 'W3']) {
      const { token } = await loginAs(t.url, t.seed, 'worker', code);
      const socket = await connectSocket(t.url, token);
      phones[code] = { token, socket, offers: new Inbox(socket, 'offer.created'), withdrawn: new Inbox(socket, 'offer.withdrawn') };
    }
  });

  afterAll(async () => {
    Object.values(phones).forEach((p) => p.socket.disconnect());
    await t?.close();
  });

  const step = (who: string, id: string, name: 'accept' | 'decline' | 'contact' | 'arrive' | 'close', body: Record<string, unknown> = {}) =>
    request(t.url).post(`/api/incidents/${id}/${name}`).set(bearer(phones[who].token)).send(body);

  it('offers the next nearest worker when the first declines, with the reason kept', async () => {
    const { body } = await postCase(t.url, t.apiKey, newIntake110()).expect(201);
    await phones.W1.offers.next((o) => o.incidentId === body.incidentId);
    await step('W1', body.incidentId, 'decline', { reason: '正在处置另一起纠纷' }).expect(200);
    const second = await phones.W2.offers.next((o) => o.incidentId === body.incidentId);
    expect(second.workerId).not.toBe(phones.W1.offers.items[0].workerId);
    await step('W2', body.incidentId, 'accept').expect(200);
    const detail = (await request(t.url).get(API.incident(body.incidentId)).set(bearer(phones.W2.token)).expect(200)).body as IncidentDetailView;
    expect(detail.timeline.find((e) => e.type === 'declined')?.detail).toEqual({ reason: '正在处置另一起纠纷' });
    await step('W2', body.incidentId, 'contact').expect(200);
    await step('W2', body.incidentId, 'arrive').expect(200);
    await step('W2', body.incidentId, 'close', { result: '已劝离' }).expect(200);
  });

  it('withdraws an unanswered offer when its window lapses and offers the next worker', async () => {
    const { body } = await postCase(t.url, t.apiKey, newIntake110()).expect(201);
    const first = await phones.W1.offers.next((o) => o.incidentId === body.incidentId);
    await phones.W1.withdrawn.next((w) => w.offerId === first.offerId && w.reason === 'expired');
    await phones.W2.offers.next((o) => o.incidentId === body.incidentId);
    // The phone is told plainly that the case went to someone else.
    const late = await step('W1', body.incidentId, 'accept').expect(409);
    expect(late.body).toMatchObject({ code: 'CASE_REASSIGNED', message: '该事件已改派给他人' });
    await step('W2', body.incidentId, 'accept').expect(200);
    await step('W2', body.incidentId, 'contact').expect(200);
    await step('W2', body.incidentId, 'arrive').expect(200);
    await step('W2', body.incidentId, 'close', { result: '已处理' }).expect(200);
  });

  it('refuses arriving before accepting, and acting on someone else’s case', async () => {
    const { body } = await postCase(t.url, t.apiKey, newIntake110()).expect(201);
    await phones.W1.offers.next((o) => o.incidentId === body.incidentId);
    const early = await step('W1', body.incidentId, 'arrive').expect(409);
    expect(early.body).toMatchObject({ code: 'ILLEGAL_TRANSITION' });
    expect(early.body.message).toContain('不能「到场」');
    const other = await step('W3', body.incidentId, 'accept').expect(403);
    expect(other.body.code).toBe('NOT_YOUR_CASE');
    await step('W1', body.incidentId, 'accept').expect(200);
    await step('W1', body.incidentId, 'accept').expect(409);
    await step('W3', body.incidentId, 'contact').expect(403);
  });

  it('keeps a pending offer visible to the worker after a reload', async () => {
    const { body } = await postCase(t.url, t.apiKey, newIntake110({ location: { lng: 120.5065, lat: 30.285 } })).expect(201);
    const offer = await phones.W3.offers.next((o) => o.incidentId === body.incidentId);
    const pending = await request(t.url).get(API.myOffers).set(bearer(phones.W3.token)).expect(200);
    expect(pending.body.map((o: { offerId: string }) => o.offerId)).toContain(offer.offerId);
  });

  it('hands a pending offer on when its worker goes off duty, and shows the worker as off duty', async () => {
    const { body } = await postCase(t.url, t.apiKey, newIntake110({ location: { lng: 120.5065, lat: 30.2851 } })).expect(201);
    // W3 still holds the offer of the previous case; this one goes to the nearest free worker, W2.
    await phones.W2.offers.next((o) => o.incidentId === body.incidentId);
    const held = (await request(t.url).get(API.myOffers).set(bearer(phones.W3.token)).expect(200)).body as { incidentId: string }[];
    expect(held).toHaveLength(1);
    await request(t.url).put(API.myDuty).set(bearer(phones.W3.token)).send({ onDuty: false }).expect(200);
    const me = (await request(t.url).get(API.myWorker).set(bearer(phones.W3.token)).expect(200)).body as { onDuty: boolean; status: string };
    expect(me).toMatchObject({ onDuty: false, status: 'available' });
    expect((await request(t.url).get(API.myOffers).set(bearer(phones.W3.token)).expect(200)).body).toEqual([]);
    const detail = (await request(t.url).get(API.incident(held[0].incidentId)).set(bearer(phones.W3.token)).expect(404));
    expect(detail.body.code).toBe('NOT_FOUND');
  });
});
