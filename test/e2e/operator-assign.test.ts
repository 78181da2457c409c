import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, type IncidentDetailView, type WorkerView } from '@xiaonao/contracts';
import request from 'supertest';
import { bearer, connectSocket, Inbox, loginAs, postCase, type HubSocket } from '../support/clients';
import { newIntake110 } from '../support/factories';
import { startTestHub, type TestHub } from '../support/hub';

interface Phone {
  id: string;
  token: string;
  offers: Inbox<'offer.created'>;
  withdrawn: Inbox<'offer.withdrawn'>;
  incidents: Inbox<'incident.upserted'>;
}

describe('an operator assigning and reassigning by hand', () => {
  let t: TestHub;
  let operator: string;
  const sockets: HubSocket[] = [];
  const phones: Record<string, Phone> = {};

  beforeAll(async () => {
    t = await startTestHub({ env: { OFFER_TIMEOUT_MS: '60000' } });
    operator = (await loginAs(t.url, t.seed, 'operator')).token;
    for (const code of ['W1', 'W2', 'W3']) {
      const { token, user } = await loginAs(t.url, t.seed, 'worker', code);
      const socket = await connectSocket(t.url, token);
      sockets.push(socket);
      phones[code] = { id: user.workerId ?? '', token, offers: new Inbox(socket, 'offer.created'), withdrawn: new Inbox(socket, 'offer.withdrawn'), incidents: new Inbox(socket, 'incident.upserted') };
    }
  });

  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await t?.close();
  });

  const assign = (id: string, workerId: string, token = operator) => request(t.url).post(API.assign(id)).set(bearer(token)).send({ workerId, reason: '熟悉当事人' });

  it('moves an offered case to the worker the operator picks, withdrawing the first offer', async () => {
    const { body } = await postCase(t.url, t.apiKey, newIntake110()).expect(201);
    const first = await phones.W1.offers.next((o) => o.incidentId === body.incidentId);
    const res = await assign(body.incidentId, phones.W3.id).expect(200);
    expect(res.body).toMatchObject({ state: 'offered', worker: { id: phones.W3.id } });
    await phones.W1.withdrawn.next((w) => w.offerId === first.offerId);
    await phones.W3.offers.next((o) => o.incidentId === body.incidentId);
    const workers = (await request(t.url).get(API.workers).set(bearer(operator)).expect(200)).body as WorkerView[];
    expect(workers.find((w) => w.id === phones.W1.id)?.status).toBe('available');
    await request(t.url).post(API.accept(body.incidentId)).set(bearer(phones.W3.token)).send({}).expect(200);
  });

  it('reassigns a case in hand: the first worker is freed and told, the new one gets the offer, the accept time stands', async () => {
    const incidentId = phones.W3.offers.items[0].incidentId;
    const before = (await request(t.url).get(API.incident(incidentId)).set(bearer(operator)).expect(200)).body as IncidentDetailView;
    await assign(incidentId, phones.W2.id).expect(200);
    await phones.W3.incidents.next((i) => i.id === incidentId && i.worker?.id !== phones.W3.id);
    await phones.W2.offers.next((o) => o.incidentId === incidentId);
    await request(t.url).post(API.accept(incidentId)).set(bearer(phones.W2.token)).send({}).expect(200);
    const late = await request(t.url).post(API.contact(incidentId)).set(bearer(phones.W3.token)).send({}).expect(409);
    expect(late.body).toMatchObject({ code: 'CASE_REASSIGNED', message: '该事件已改派给他人' });
    const after = (await request(t.url).get(API.incident(incidentId)).set(bearer(operator)).expect(200)).body as IncidentDetailView;
    expect(after.acceptedAt).toBe(before.acceptedAt);
    expect(after.worker?.id).toBe(phones.W2.id);
    expect(after.timeline.filter((e) => e.type === 'assigned_by_operator')).toHaveLength(2);
  });

  it('refuses a busy or unknown worker and anyone but an operator, naming the field', async () => {
    const { body } = await postCase(t.url, t.apiKey, newIntake110()).expect(201);
    const busy = await assign(body.incidentId, phones.W2.id).expect(409);
    expect(busy.body.field).toBe('workerId');
    expect(busy.body.message).toContain('正在处置');
    await assign(body.incidentId, '00000000-0000-4000-8000-000000000000').expect(404);
    await assign(body.incidentId, phones.W3.id, phones.W1.token).expect(403);
    const bad = await request(t.url).post(API.assign(body.incidentId)).set(bearer(operator)).send({ workerId: 'w3' }).expect(400);
    expect(bad.body.field).toBe('workerId');
  });

  it('adds a second worker to a case in hand: busy with it, told of it, and freed when it closes', async () => {
    const incidentId = phones.W3.offers.items[0].incidentId; // held by W2 since the reassignment
    const added = await request(t.url).post(API.assist(incidentId)).set(bearer(operator)).send({ workerId: phones.W3.id }).expect(200);
    expect(added.body.assistants.map((a: { id: string }) => a.id)).toEqual([phones.W3.id]);
    await phones.W3.incidents.next((i) => i.id === incidentId && i.assistants.some((a) => a.id === phones.W3.id));
    const busy = (await request(t.url).get(API.workers).set(bearer(operator)).expect(200)).body as WorkerView[];
    expect(busy.find((w) => w.id === phones.W3.id)).toMatchObject({ status: 'busy', activeIncidentId: incidentId });
    await request(t.url).post(API.assist(incidentId)).set(bearer(operator)).send({ workerId: phones.W3.id }).expect(409);
    for (const step of ['contact', 'arrive'] as const) await request(t.url).post(`/api/incidents/${incidentId}/${step}`).set(bearer(phones.W2.token)).send({}).expect(200);
    await request(t.url).post(API.close(incidentId)).set(bearer(phones.W2.token)).send({ result: '两人合力处置完毕' }).expect(200);
    const after = (await request(t.url).get(API.workers).set(bearer(operator)).expect(200)).body as WorkerView[];
    expect(after.find((w) => w.id === phones.W3.id)).toMatchObject({ status: 'available', activeIncidentId: null });
    const detail = (await request(t.url).get(API.incident(incidentId)).set(bearer(operator)).expect(200)).body as IncidentDetailView;
    expect(detail.timeline.map((e) => e.type)).toContain('assist_added');
  });
});

