import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, type IncidentDetailView, type IncidentView, type ResponsibilityView, type WorkerView } from '@xiaonao/contracts';
import request from 'supertest';
import { bearer, connectSocket, Inbox, loginAs, postCase, sleep, type HubSocket } from '../support/clients';
import { newIntake110, newTownshipSeed } from '../support/factories';
import { startTestHub, type TestHub } from '../support/hub';

type Phone = { token: string; offers: Inbox<'offer.created'> };

/** The table row as the operator sends it (category in the path). */
const row = (over: Partial<ResponsibilityView> = {}) => ({ teams: ['grid_worker'], priority: 2, dispatchMode: 'auto', offerMode: 'sequential', raceSize: 3, policeOnly: false, ...over });

async function phonesFor(t: TestHub, seed: ReturnType<typeof newTownshipSeed>, codes: string[], sockets: HubSocket[]): Promise<Record<string, Phone>> {
  const phones: Record<string, Phone> = {};
  for (const code of codes) {
    const { token } = await loginAs(t.url, seed, 'worker', code);
    const socket = await connectSocket(t.url, token);
    sockets.push(socket);
    phones[code] = { token, offers: new Inbox(socket, 'offer.created') };
  }
  return phones;
}

describe('queueing (允许排队): a busy worker takes a routine case as their next one', () => {
  const seed = newTownshipSeed({ code: 'queuetown', workers: 2 });
  let t: TestHub;
  let operator: string;
  let phones: Record<string, Phone>;
  const sockets: HubSocket[] = [];
  const step = (code: string, path: string, body: object = {}) => request(t.url).post(path).set(bearer(phones[code].token)).send(body);
  const workers = async () => (await request(t.url).get(API.workers).set(bearer(operator)).expect(200)).body as WorkerView[];
  const detail = async (id: string) => (await request(t.url).get(API.incident(id)).set(bearer(operator)).expect(200)).body as IncidentDetailView;
  const newCase = async (category: 'dispute' | 'noise') => (await postCase(t.url, t.apiKey, newIntake110({ category, townshipCode: seed.code })).expect(201)).body.incidentId as string;

  beforeAll(async () => {
    t = await startTestHub({ seed, env: { OFFER_TIMEOUT_MS: '60000' } });
    operator = (await loginAs(t.url, seed, 'operator')).token;
    phones = await phonesFor(t, seed, ['W1', 'W2'], sockets);
    await request(t.url).put(API.responsibility('noise')).set(bearer(operator)).send(row({ priority: 3, queueWhenBusy: true })).expect(200);
  });

  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await t?.close();
  });

  let current: string;
  let queued: string;

  it('leaves a case that may not queue waiting while everyone is busy, and says why', async () => {
    current = await newCase('dispute');
    await phones.W1.offers.next((o) => o.incidentId === current);
    await step('W1', API.accept(current)).expect(200);
    const other = await newCase('dispute');
    await phones.W2.offers.next((o) => o.incidentId === other);
    await step('W2', API.accept(other)).expect(200);

    const waiting = await newCase('dispute');
    await sleep(300);
    const d = await detail(waiting);
    expect(d.state).toBe('received');
    expect(d.recommendation?.candidates.map((c) => c.skipped)).toEqual(['busy', 'busy']);
  });

  it("offers a noise complaint to the nearest busy worker as their next case, with the time to finish in the ETA", async () => {
    queued = await newCase('noise');
    const offer = await phones.W1.offers.next((o) => o.incidentId === queued);
    expect(offer.queued).toBe(true);
    const d = await detail(queued);
    const w1 = d.recommendation?.candidates.find((c) => c.rank === 1);
    expect(w1).toMatchObject({ name: '网格员1', queued: true, skipped: null });
    expect(w1?.etaSeconds).toBeGreaterThanOrEqual(600);
    expect(d.arrivalAtRisk).toBe(true);

    const accepted = (await step('W1', API.accept(queued)).expect(200)).body as IncidentView;
    expect(accepted).toMatchObject({ state: 'accepted', queued: true, worker: { name: '网格员1' } });
    expect((await workers()).find((w) => w.name === '网格员1')).toMatchObject({ status: 'busy', activeIncidentId: current, queuedIncidentId: queued });
  });

  it('lets the worker call the party of the queued case but not arrive before closing the current one', async () => {
    await step('W1', API.contact(queued)).expect(200);
    const refused = await step('W1', API.arrive(queued)).expect(409);
    expect(refused.body.message).toContain('排队任务');
  });

  it('never queues a second case on a worker, and a declined queue offer frees the place', async () => {
    const second = await newCase('noise');
    const offer = await phones.W2.offers.next((o) => o.incidentId === second);
    expect(offer.queued).toBe(true);
    await step('W2', API.decline(second), { reason: '手上事件未完' }).expect(200);
    expect((await workers()).find((w) => w.name === '网格员2')?.queuedIncidentId).toBeNull();
    await sleep(300);
    // W1 holds a queued case already and W2 just declined: nobody is offered it.
    expect((await detail(second)).state).toBe('received');
  });

  it('starts the queued case the moment the current one closes', async () => {
    await step('W1', API.contact(current)).expect(200);
    await step('W1', API.arrive(current)).expect(200);
    await step('W1', API.close(current), { result: '已调解' }).expect(200);
    const next = await detail(queued);
    expect(next).toMatchObject({ state: 'contacted', queued: false });
    expect(next.timeline.map((e) => e.type)).toContain('queue_started');
    expect((await workers()).find((w) => w.name === '网格员1')).toMatchObject({ status: 'busy', activeIncidentId: queued, queuedIncidentId: null });
    await step('W1', API.arrive(queued)).expect(200);
  });
});

describe('an offer window per category', () => {
  const seed = newTownshipSeed({ code: 'windowtown', workers: 2 });
  let t: TestHub;
  let operator: string;
  let phones: Record<string, Phone>;
  const sockets: HubSocket[] = [];

  beforeAll(async () => {
    t = await startTestHub({ seed, env: { OFFER_TIMEOUT_MS: '60000' } });
    operator = (await loginAs(t.url, seed, 'operator')).token;
    phones = await phonesFor(t, seed, ['W1', 'W2'], sockets);
  });

  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await t?.close();
  });

  it('gives a fire hazard the 15 s the table sets and other categories the hub default, and refuses a window out of range', async () => {
    await request(t.url).put(API.responsibility('fire_hazard')).set(bearer(operator)).send(row({ priority: 1, offerWindowSeconds: 15 })).expect(200);
    const bad = await request(t.url).put(API.responsibility('fire_hazard')).set(bearer(operator)).send(row({ offerWindowSeconds: 1 })).expect(400);
    expect(bad.body.field).toBe('offerWindowSeconds');
    const table = (await request(t.url).get(API.responsibilities).set(bearer(operator)).expect(200)).body as ResponsibilityView[];
    expect(table.find((r) => r.category === 'fire_hazard')).toMatchObject({ offerWindowSeconds: 15, queueWhenBusy: false });

    const fire = (await postCase(t.url, t.apiKey, newIntake110({ category: 'fire_hazard', townshipCode: seed.code })).expect(201)).body.incidentId as string;
    const fireOffer = await phones.W1.offers.next((o) => o.incidentId === fire);
    expect(Date.parse(fireOffer.expiresAt) - Date.parse(fireOffer.offeredAt)).toBe(15_000);

    const dispute = (await postCase(t.url, t.apiKey, newIntake110({ category: 'dispute', townshipCode: seed.code })).expect(201)).body.incidentId as string;
    const disputeOffer = await phones.W2.offers.next((o) => o.incidentId === dispute);
    expect(Date.parse(disputeOffer.expiresAt) - Date.parse(disputeOffer.offeredAt)).toBe(60_000);
  });
});
