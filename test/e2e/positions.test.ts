import gcoord from 'gcoord';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, API_KEY_HEADER, type WorkerView } from '@xiaonao/contracts';
import request from 'supertest';
import { bearer, connectSocket, Inbox, loginAs, postCase, until, type HubSocket } from '../support/clients';
import { newIntake110 } from '../support/factories';
import { startTestHub, type TestHub } from '../support/hub';

describe('live positions', () => {
  let t: TestHub;
  let pg: Client;
  let operator: string;
  let workers: WorkerView[];
  let console: HubSocket;
  let moves: Inbox<'worker.moved'>;

  beforeAll(async () => {
    t = await startTestHub({ env: { POSITION_FLUSH_MS: '200', POSITION_FLUSH_AT: '100000' } });
    pg = new Client({ connectionString: t.databaseUrl });
    await pg.connect();
    operator = (await loginAs(t.url, t.seed, 'operator')).token;
    workers = (await request(t.url).get(API.workers).set(bearer(operator)).expect(200)).body as WorkerView[];
    console = await connectSocket(t.url, operator);
    moves = new Inbox(console, 'worker.moved');
  });

  afterAll(async () => {
    console?.disconnect();
    await pg?.end();
    await t?.close();
  });

  const fleet = (positions: unknown[]) => request(t.url).post(API.fleetPositions).set(API_KEY_HEADER, t.apiKey).send({ positions });
  it('stores a GCJ-02 phone fix as WGS-84, keeps the track, and moves the marker on the console', async () => {
    const wgs = { lng: 120.5071, lat: 30.2853 };
    const [lng, lat] = gcoord.transform([wgs.lng, wgs.lat], gcoord.WGS84, gcoord.GCJ02);
    const { token } = await loginAs(t.url, t.seed, 'worker', 'W1');
    const res = await request(t.url).post(API.myPosition).set(bearer(token)).send({ lng, lat, coordSystem: 'GCJ02' }).expect(200);
    expect(res.body.location.lng).toBeCloseTo(wgs.lng, 5);
    const moved = await moves.next((m) => m.some((x) => Math.abs(x.location.lng - wgs.lng) < 1e-5));
    expect(moved[0].location.lat).toBeCloseTo(wgs.lat, 5);
    const row = (await pg.query('SELECT w.lng, w.lat, (SELECT count(*)::int FROM worker_track t WHERE t.worker_id = w.id) AS track FROM worker w WHERE w.code = $1', ['W1'])).rows[0];
    expect(row.lng).toBeCloseTo(wgs.lng, 5);
    expect(row.track).toBe(1);
  });

  it('refuses a position outside the township, or for a worker of nobody here, naming the field', async () => {
    const far = await fleet([{ workerId: workers[0].id, lng: 121.5, lat: 31.2 }]).expect(400);
    expect(far.body.field).toBe('positions[0].lng');
    const unknown = await fleet([{ workerId: '00000000-0000-4000-8000-000000000000', lng: 120.505, lat: 30.285 }]).expect(404);
    expect(unknown.body.field).toBe('positions[0].workerId');
    const swapped = await postCase(t.url, t.apiKey, newIntake110({ location: { lng: 30.285, lat: 120.505 } })).expect(400);
    expect(swapped.body.field).toMatch(/^location/);
  });

  it('writes a fix whose accuracy no real number holds, accuracy unknown, and the fixes after it', async () => {
    // Such an accuracy passes validation (any finite number); stored as `real` it would fail the flush, and
    // every flush after it, since a failed flush is retried whole.
    const w2 = workers.find((w) => w.name === '网格员2') as WorkerView;
    await fleet([{ workerId: w2.id, lng: 120.506, lat: 30.285, accuracyM: 1e300, at: '2026-12-03T08:00:00.000Z' }]).expect(200);
    await fleet([{ workerId: w2.id, lng: 120.507, lat: 30.285, accuracyM: 12, at: '2026-12-03T08:00:05.000Z' }]).expect(200);
    const track = async () =>
      (await pg.query<{ lng: number; accuracy_m: number | null }>('SELECT lng, accuracy_m FROM worker_track WHERE worker_id = $1 ORDER BY at', [w2.id])).rows;
    expect(await until(track, (rows) => rows.length === 2, 'both fixes in the track')).toEqual([
      { lng: 120.506, accuracy_m: null },
      { lng: 120.507, accuracy_m: 12 },
    ]);
  });

  it('dispatches from the newest position even before it is written', async () => {
    // W3 jumps right next to the next case: the offer must go to W3, not to W1 who stood nearer before.
    const site = { lng: 120.5155, lat: 30.2855 };
    const w3 = workers.find((w) => w.name === '网格员3') as WorkerView;
    const { token } = await loginAs(t.url, t.seed, 'worker', 'W3');
    const socket = await connectSocket(t.url, token);
    const offers = new Inbox(socket, 'offer.created');
    await fleet([{ workerId: w3.id, lng: site.lng + 0.0002, lat: site.lat }]).expect(200);
    const { body } = await postCase(t.url, t.apiKey, newIntake110({ location: site })).expect(201);
    const offer = await offers.next((o) => o.incidentId === body.incidentId);
    expect(offer.workerId).toBe(w3.id);
    socket.disconnect();
  });
});

describe('position batches', () => {
  it('writes positions in batches: well under one database statement per 100 position messages', async () => {
    // Flushes by count only, a slow sweeper and feedback poller: what is counted is mostly the positions' own
    // statements, however slowly a busy machine sends them.
    const t = await startTestHub({ env: { POSITION_FLUSH_MS: '3600000', POSITION_FLUSH_AT: '2500', SWEEP_INTERVAL_MS: '3600000', FEEDBACK_POLL_MS: '3600000', METRICS_PORT: '0' } });
    const pg = new Client({ connectionString: t.databaseUrl });
    await pg.connect();
    try {
      const operator = (await loginAs(t.url, t.seed, 'operator')).token;
      const workers = (await request(t.url).get(API.workers).set(bearer(operator)).expect(200)).body as WorkerView[];
      const statements = async () => Number(/xiaonao_db_statements (\d+)/.exec((await request(t.hub.metricsUrl as string).get('')).text)?.[1]);
      const tracked = async () => Number((await pg.query('SELECT count(*) AS n FROM worker_track')).rows[0].n);
      // Ten requests of 500 fixes, sent one after another as a fleet platform does. Flushes go by count
      // (every 2,500), so the positions' own statements are a handful; the rest of the count is the hub's
      // periodic work (the timer runner's look, the outbox relay's retry) while the requests are sent.
      const batches = Array.from({ length: 10 }, (_, round) =>
        Array.from({ length: 500 }, (_, i) => {
          const w = workers[i % workers.length];
          return { workerId: w.id, lng: 120.503 + round * 0.0001, lat: 30.285 + i * 0.000002, coordSystem: 'WGS84', at: new Date(Date.now() + round).toISOString() };
        }),
      );
      const before = await statements();
      for (const positions of batches) await request(t.url).post(API.fleetPositions).set(API_KEY_HEADER, t.apiKey).send({ positions }).expect(200);
      const sent = batches.flat().length;
      await until(tracked, (n) => n >= 5_000, 'the fixes written to the track');
      const used = (await statements()) - before;
      expect(sent).toBe(5_000);
      expect(used / sent).toBeLessThan(1 / 100);
    } finally {
      await pg.end();
      await t.close();
    }
  });
});

describe('after a restart', () => {
  it('rebuilds the live index from the database and dispatches to the nearest worker', async () => {
    const { startHub } = await import('../../apps/hub/src/start-hub');
    const t = await startTestHub({ env: { POSITION_FLUSH_MS: '50' } });
    const operator = (await loginAs(t.url, t.seed, 'operator')).token;
    const workers = (await request(t.url).get(API.workers).set(bearer(operator)).expect(200)).body as WorkerView[];
    const w2 = workers.find((w) => w.name === '网格员2') as WorkerView;
    const site = { lng: 120.5185, lat: 30.2875 };
    await request(t.url).post(API.fleetPositions).set(API_KEY_HEADER, t.apiKey).send({ positions: [{ workerId: w2.id, lng: site.lng, lat: site.lat }] }).expect(200);
    await t.hub.close();
    const again = await startHub({ env: { PORT: '0', LOG_LEVEL: 'warn', DATABASE_URL: t.databaseUrl, NATS_URL: process.env.NATS_URL || 'nats://127.0.0.1:4222' } });
    try {
      const { token } = await loginAs(again.url, t.seed, 'worker', 'W2');
      const socket = await connectSocket(again.url, token);
      const offers = new Inbox(socket, 'offer.created');
      const { body } = await postCase(again.url, t.apiKey, newIntake110({ location: site })).expect(201);
      expect((await offers.next((o) => o.incidentId === body.incidentId)).workerId).toBe(w2.id);
      socket.disconnect();
    } finally {
      await again.close();
      await t.close().catch(() => undefined);
    }
  });
});
