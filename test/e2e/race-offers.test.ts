import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, type ResponsibilityView } from '@xiaonao/contracts';
import request from 'supertest';
import { bearer, connectSocket, Inbox, loginAs, postCase, sleep, until, type HubSocket } from '../support/clients';
import { newIntake110, newTownshipSeed } from '../support/factories';
import { startTestHub, type TestHub } from '../support/hub';

describe('race offers and the responsibility table over the API', () => {
  const seed = newTownshipSeed({ workers: 4 });
  let t: TestHub;
  let operator: string;
  const sockets: HubSocket[] = [];
  const phones: Record<string, { token: string; offers: Inbox<'offer.created'>; withdrawn: Inbox<'offer.withdrawn'> }> = {};

  beforeAll(async () => {
    t = await startTestHub({ seed, env: { OFFER_TIMEOUT_MS: '60000' } });
    operator = (await loginAs(t.url, seed, 'operator')).token;
    for (const code of ['W1', 'W2', 'W3', 'W4']) {
      const { token } = await loginAs(t.url, seed, 'worker', code);
      const socket = await connectSocket(t.url, token);
      sockets.push(socket);
      phones[code] = { token, offers: new Inbox(socket, 'offer.created'), withdrawn: new Inbox(socket, 'offer.withdrawn') };
    }
  });

  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await t?.close();
  });

  it('lets an operator read and change the responsibility table, with bad rows refused by field', async () => {
    const table = (await request(t.url).get(API.responsibilities).set(bearer(operator)).expect(200)).body as ResponsibilityView[];
    expect(table.find((r) => r.category === 'theft')).toMatchObject({ policeOnly: true });
    expect(table.find((r) => r.category === 'noise')).toMatchObject({ teams: [], dispatchMode: 'auto', offerMode: 'sequential' });
    const row = { teams: ['grid_worker'], priority: 1, dispatchMode: 'auto', offerMode: 'race', raceSize: 3, policeOnly: false };
    const saved = await request(t.url).put(API.responsibility('fire_hazard')).set(bearer(operator)).send(row).expect(200);
    expect(saved.body).toMatchObject({ category: 'fire_hazard', offerMode: 'race', raceSize: 3, priority: 1 });
    expect((await request(t.url).put(API.responsibility('fire_hazard')).set(bearer(operator)).send({ ...row, teams: ['wizards'] }).expect(400)).body.field).toBe('teams');
    expect((await request(t.url).put(API.responsibility('fire_hazard')).set(bearer(operator)).send({ ...row, raceSize: 50 }).expect(400)).body.field).toBe('raceSize');
    expect((await request(t.url).put(API.responsibility('bonfires')).set(bearer(operator)).send(row).expect(400)).body.field).toBe('category');
    await request(t.url).put(API.responsibility('fire_hazard')).set(bearer(phones.W1.token)).send(row).expect(403);
  });

  it('offers a fire hazard to the nearest three at once; the first to accept wins and the others are withdrawn at once', async () => {
    const { body } = await postCase(t.url, t.apiKey, newIntake110({ category: 'fire_hazard' })).expect(201);
    const [o1, o2, o3] = await Promise.all(['W1', 'W2', 'W3'].map((c) => phones[c].offers.next((o) => o.incidentId === body.incidentId)));
    expect(phones.W4.offers.items.filter((o) => o.incidentId === body.incidentId)).toEqual([]);
    const answers = await Promise.all(['W2', 'W3'].map((c) => request(t.url).post(API.accept(body.incidentId)).set(bearer(phones[c].token)).send({})));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    // The slower one is told plainly that the case went to someone else.
    expect(answers.find((a) => a.status === 409)?.body).toMatchObject({ code: 'CASE_REASSIGNED', message: '该事件已改派给他人' });
    const winner = answers[0].status === 200 ? 'W2' : 'W3';
    const loser = winner === 'W2' ? 'W3' : 'W2';
    await phones.W1.withdrawn.next((w) => w.offerId === o1.offerId && w.reason === 'taken');
    await phones[loser].withdrawn.next((w) => w.offerId === (loser === 'W2' ? o2 : o3).offerId);
    const detail = await request(t.url).get(API.incident(body.incidentId)).set(bearer(operator)).expect(200);
    expect(detail.body.worker.name).toBe(winner === 'W2' ? '网格员2' : '网格员3');
    const workers = (await request(t.url).get(API.workers).set(bearer(operator)).expect(200)).body as { name: string; status: string }[];
    expect(workers.find((w) => w.name === '网格员1')?.status).toBe('available');
  });

  it('keeps a race going when one declines, and goes back to waiting only when all have declined', async () => {
    const { body } = await postCase(t.url, t.apiKey, newIntake110({ category: 'fire_hazard' })).expect(201);
    // One of W2/W3 holds the previous case; the three others are in this race.
    const offeredTo = () => ['W1', 'W2', 'W3', 'W4'].filter((c) => phones[c].offers.items.some((o) => o.incidentId === body.incidentId));
    // Three offers of one race, however slowly they come; then a short window in which the busy fourth must get none.
    await until(() => Promise.resolve(offeredTo()), (cs) => cs.length >= 3, 'the race offered to three workers');
    await sleep(2_000);
    const inRace = offeredTo();
    expect(inRace).toHaveLength(3);
    const states: string[] = [];
    for (const c of inRace) {
      const res = await request(t.url).post(API.decline(body.incidentId)).set(bearer(phones[c].token)).send({ reason: '在开会' }).expect(200);
      states.push(res.body.state as string);
    }
    expect(states).toEqual(['offered', 'offered', 'received']);
  });
});
