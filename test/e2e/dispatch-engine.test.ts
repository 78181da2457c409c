import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, type IncidentDetailView, type IncidentView } from '@xiaonao/contracts';
import request from 'supertest';
import { bearer, connectSocket, Inbox, loginAs, postCase, sleep, type HubSocket } from '../support/clients';
import { newIntake110 } from '../support/factories';
import { startTestHub, type TestHub } from '../support/hub';

describe('the dispatch engine as the operator sees it', () => {
  let t: TestHub;
  let pg: Client;
  let operator: string;
  const sockets: HubSocket[] = [];
  const offers: Record<string, Inbox<'offer.created'>> = {};
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestHub({ env: { OFFER_TIMEOUT_MS: '60000' } });
    pg = new Client({ connectionString: t.databaseUrl });
    await pg.connect();
    operator = (await loginAs(t.url, t.seed, 'operator')).token;
    for (const code of ['W1', 'W2', 'W3']) {
      tokens[code] = (await loginAs(t.url, t.seed, 'worker', code)).token;
      const socket = await connectSocket(t.url, tokens[code]);
      sockets.push(socket);
      offers[code] = new Inbox(socket, 'offer.created');
    }
  });

  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await pg?.end();
    await t?.close();
  });

  const finish = async (code: string, id: string) => {
    for (const step of ['accept', 'contact', 'arrive'] as const) await request(t.url).post(`/api/incidents/${id}/${step}`).set(bearer(tokens[code])).send({}).expect(200);
    await request(t.url).post(API.close(id)).set(bearer(tokens[code])).send({ result: '已处理' }).expect(200);
  };

  it('refuses a police matter back to 110 with the reason, and stores nothing', async () => {
    const before = Number((await pg.query('SELECT count(*) AS n FROM incident')).rows[0].n);
    const res = await postCase(t.url, t.apiKey, newIntake110({ category: 'theft' })).expect(422);
    expect(res.body).toMatchObject({ code: 'POLICE_MATTER', field: 'category' });
    expect(res.body.message).toContain('警务事项');
    expect(Number((await pg.query('SELECT count(*) AS n FROM incident')).rows[0].n)).toBe(before);
  });

  it('holds a category that waits for an operator until the operator confirms it', async () => {
    const { body } = await postCase(t.url, t.apiKey, newIntake110({ category: 'stray_animal' })).expect(201);
    expect(body.incident).toMatchObject({ state: 'received', awaitingConfirmation: true, priority: 3 });
    await sleep(600);
    expect(Object.values(offers).flatMap((i) => i.items).filter((o) => o.incidentId === body.incidentId)).toEqual([]);
    await request(t.url).post(API.confirmDispatch(body.incidentId)).set(bearer(tokens.W1)).expect(403);
    const confirmed = (await request(t.url).post(API.confirmDispatch(body.incidentId)).set(bearer(operator)).expect(200)).body as IncidentView;
    expect(confirmed).toMatchObject({ state: 'offered', awaitingConfirmation: false });
    await offers.W1.next((o) => o.incidentId === body.incidentId);
    await request(t.url).post(API.confirmDispatch(body.incidentId)).set(bearer(operator)).expect(409);
    await finish('W1', body.incidentId);
  });

  it('shows the operator every worker considered, ranked by arrival estimate, with the reason each was skipped', async () => {
    await request(t.url).put(API.myDuty).set(bearer(tokens.W3)).send({ onDuty: false }).expect(200);
    const { body } = await postCase(t.url, t.apiKey, newIntake110()).expect(201);
    await offers.W1.next((o) => o.incidentId === body.incidentId);
    const detail = (await request(t.url).get(API.incident(body.incidentId)).set(bearer(operator)).expect(200)).body as IncidentDetailView;
    const byName = Object.fromEntries((detail.recommendation?.candidates ?? []).map((c) => [c.name, c]));
    expect(byName['网格员1']).toMatchObject({ rank: 1, skipped: null, ownGrid: true });
    expect(byName['网格员2']).toMatchObject({ rank: 2, skipped: null });
    expect(byName['网格员3']).toMatchObject({ rank: null, skipped: 'off_duty' });
    expect(byName['网格员1'].etaSeconds).toBeLessThan(byName['网格员2'].etaSeconds as number);
    const station = (await loginAs(t.url, t.seed, 'station')).token;
    expect((await request(t.url).get(API.incident(body.incidentId)).set(bearer(station)).expect(200)).body.recommendation).toBeNull();
    await request(t.url).put(API.myDuty).set(bearer(tokens.W3)).send({ onDuty: true }).expect(200);
    await finish('W1', body.incidentId);
  });

  it('says 「8 分钟到达存在风险」 the moment a case arrives that nobody can reach in time', async () => {
    const far = newIntake110({ location: { lng: 120.54, lat: 30.285 } });
    const { body } = await postCase(t.url, t.apiKey, far).expect(201);
    const offer = await Promise.race(Object.values(offers).map((i) => i.next((o) => o.incidentId === body.incidentId)));
    expect(offer.incident.arrivalAtRisk).toBe(true);
    const detail = (await request(t.url).get(API.incident(body.incidentId)).set(bearer(operator)).expect(200)).body as IncidentDetailView;
    expect(detail.recommendation?.arrivalAtRisk).toBe(true);
    expect(detail.recommendation?.candidates.filter((c) => c.rank !== null).length).toBeGreaterThan(1);
    expect(detail.timeline.map((e) => e.type)).toEqual(['received', 'arrival_at_risk', 'offered']);
  });
});
