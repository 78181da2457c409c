import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, type OfferView } from '@xiaonao/contracts';
import request from 'supertest';
import { bearer, connectSocket, loginAs, postCase, sleep, until, type HubSocket } from '../support/clients';
import { newIntake110, newTownshipSeed } from '../support/factories';
import { startTestHub, type TestHub } from '../support/hub';

const WORKERS = 20;
const CASES = 50;

describe('claims under concurrency, against the real PostgreSQL', () => {
  const seed = newTownshipSeed({ workers: WORKERS });
  let t: TestHub;
  let pg: Client;
  const sockets: HubSocket[] = [];
  const tokens = new Map<string, string>();
  const refusals: number[] = [];
  const stepFailures: string[] = [];

  beforeAll(async () => {
    t = await startTestHub({ seed, env: { OFFER_TIMEOUT_MS: '3000', OFFER_RETRY_AFTER_MS: '0' } });
    pg = new Client({ connectionString: t.databaseUrl });
    await pg.connect();
  });

  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await pg?.end();
    await t?.close();
  });

  it('never gives a worker two active cases nor a case two primary workers, with 50 cases at once and racing accepts', async () => {
    const all: string[] = [];
    for (let i = 1; i <= WORKERS; i++) {
      const { token, user } = await loginAs(t.url, seed, 'worker', `W${i}`);
      tokens.set(user.workerId ?? '', token);
      const socket = await connectSocket(t.url, token);
      sockets.push(socket);
      socket.on('offer.created', (offer: OfferView) => {
        // The offered worker accepts at once, and so does a rival who was not offered the case.
        const rivals = [...tokens.values()].filter((other) => other !== token);
        const rivalToken = rivals[Math.floor(Math.random() * rivals.length)];
        void Promise.allSettled([
          request(t.url).post(API.accept(offer.incidentId)).set(bearer(token)).send({}),
          request(t.url).post(API.accept(offer.incidentId)).set(bearer(rivalToken)).send({}),
        ]).then(async ([mine, rival]) => {
          if (rival.status === 'fulfilled' && rival.value.status >= 400) refusals.push(rival.value.status);
          if (mine.status !== 'fulfilled' || mine.value.status !== 200) return;
          // A phone retries a step whose request was lost (the machine is loaded); the hub answers each once.
          for (const [step, body] of [['contact', {}], ['arrive', {}], ['close', { result: '已处理' }]] as const) {
            for (let attempt = 0; attempt < 5; attempt++) {
              const res = await request(t.url).post(`/api/incidents/${offer.incidentId}/${step}`).set(bearer(token)).send(body).catch(() => null);
              if (res && res.status >= 400) stepFailures.push(`${step} ${res.status} ${JSON.stringify(res.body)}`);
              if (res && res.status < 500) break;
              await sleep(100);
            }
          }
        });
      });
    }
    const answers = await Promise.all(
      Array.from({ length: CASES }, (_, i) => postCase(t.url, t.apiKey, newIntake110({ location: { lng: 120.5 + (i % 20) * 0.001, lat: 30.285 } }))),
    );
    expect(answers.every((a) => a.status === 201)).toBe(true);
    all.push(...answers.map((a) => a.body.incidentId as string));

    // Every case closed, or the wait gives up and the stuck ones are named below.
    await until(async () => Number((await pg.query(`SELECT count(*) AS n FROM incident WHERE state <> 'closed'`)).rows[0].n), (open) => open === 0, 'every case closed').catch(() => undefined);
    const stuck = (await pg.query(`SELECT case_no, state, worker_id FROM incident WHERE state <> 'closed'`)).rows;
    expect({ stuck, stepFailures }).toEqual({ stuck: [], stepFailures: [] });

    // One primary worker per case.
    const accepted = await pg.query(`SELECT incident_id, count(*)::int AS n FROM offer WHERE outcome = 'accepted' GROUP BY incident_id`);
    expect(accepted.rows.every((r: { n: number }) => r.n === 1)).toBe(true);
    expect(accepted.rows).toHaveLength(CASES);
    // No worker held two cases at once: their accepted..closed intervals never overlap.
    const spans = await pg.query(`SELECT worker_id, accepted_at, closed_at FROM incident ORDER BY worker_id, accepted_at`);
    const rows = spans.rows as { worker_id: string; accepted_at: Date; closed_at: Date }[];
    for (let i = 1; i < rows.length; i++) {
      if (rows[i].worker_id === rows[i - 1].worker_id) expect(rows[i].accepted_at.getTime()).toBeGreaterThanOrEqual(rows[i - 1].closed_at.getTime());
    }
    // Every rival was turned away: the case was not theirs.
    expect(refusals.length).toBeGreaterThanOrEqual(CASES);
    expect(refusals.every((s) => s === 403 || s === 409)).toBe(true);
    expect(all).toHaveLength(CASES);
  });
});
