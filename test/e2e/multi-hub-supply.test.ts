/**
 * Three hub processes (in-process instances) on one database and one NATS, as behind a load balancer:
 * a phone is connected to one of them, a case may enter on another, and every one must dispatch on
 * the same live supply (docs/adr/0002-live-supply.md).
 *
 * Each hub's live index is built before the workers move (a first case on each hub dispatches and
 * finds nobody), so a hub that did not hear the others' position news would judge from where the
 * workers stood then: the mover would lie outside the dispatch radius and off the case's grid.
 */
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { API, SOCKET_EVENTS, type IncidentDetailView, type LngLat, type PositionAck, type WorkerView } from '@xiaonao/contracts';
import { startHub, type RunningHub } from '../../apps/hub/src/start-hub';
import { bearer, connectSocket, Inbox, loginAs, postCase, until, type HubSocket } from '../support/clients';
import { newIntake110, newTownshipSeed } from '../support/factories';
import { startTestHub, TEST_JWT_SECRET, TEST_NATS_URL, type TestHub } from '../support/hub';

// A short flush, so the news follows a fix quickly; a radius well under the township's width, so a far worker is left out of the shortlist.
const ENV = { POSITION_FLUSH_MS: '100', POSITION_FLUSH_AT: '100000', DISPATCH_RADIUS_M: '400', OFFER_TIMEOUT_MS: '600000' };
const seed = newTownshipSeed({ code: 'multihub', workers: 8 });
// Workers W1..W8 stand 200 m apart on lat 30.285 from lng 120.502; W1–W4 in grid G1, W5–W8 in G2.
const NEAR_W1: LngLat = { lng: 120.501, lat: 30.285 };
const BY_W2: LngLat = { lng: 120.503, lat: 30.2835 };
/** Inside G2 but more than 400 m from every worker: a case here is judged, and offered to nobody. */
const NOBODY_NEAR: LngLat = { lng: 120.5195, lat: 30.2805 };

describe('several hubs, one live supply', () => {
  let t: TestHub;
  const hubs: { name: string; url: string }[] = [];
  const others: RunningHub[] = [];
  const sockets: HubSocket[] = [];
  let operator: string;
  let workers: Map<string, WorkerView>;
  /** worker.moved as each hub's console sees it. */
  const moves: Inbox<'worker.moved'>[] = [];

  const detail = (url: string, id: string) => request(url).get(API.incident(id)).set(bearer(operator)).expect(200).then((r) => r.body as IncidentDetailView);
  const judged = (url: string, id: string) => until(() => detail(url, id), (d) => d.recommendation !== null, `case ${id} judged on ${url}`);

  /** Logs a worker in on one hub and keeps their phone connected there. */
  async function phoneOn(url: string, code: string): Promise<HubSocket> {
    const { token } = await loginAs(url, seed, 'worker', code);
    const socket = await connectSocket(url, token);
    sockets.push(socket);
    return socket;
  }

  /** Reports a fix from the phone and waits until every hub's console has heard it (the same bus message feeds every hub's index). */
  async function move(phone: HubSocket, workerId: string, to: LngLat): Promise<void> {
    const ack = await new Promise<PositionAck>((resolve) => phone.emit(SOCKET_EVENTS.positionReport, { ...to, coordSystem: 'WGS84' }, resolve));
    expect(ack.ok).toBe(true);
    const heard = (m: { workerId: string; location: LngLat }[]) => m.some((x) => x.workerId === workerId && Math.abs(x.location.lng - to.lng) < 1e-7 && Math.abs(x.location.lat - to.lat) < 1e-7);
    await Promise.all(moves.map((inbox) => inbox.next(heard)));
  }

  beforeAll(async () => {
    t = await startTestHub({ seed, env: ENV });
    hubs.push({ name: 'A', url: t.url });
    for (const name of ['B', 'C']) {
      const hub = await startHub({ env: { PORT: '0', LOG_LEVEL: 'warn', JWT_SECRET: TEST_JWT_SECRET, DATABASE_URL: t.databaseUrl, NATS_URL: TEST_NATS_URL, HUB_INSTANCE: name, SWEEP_INTERVAL_MS: '100', REPORT_LINK_RADIUS_M: '0', OFFER_WINDOW_OFFLINE_SECONDS: '0', ...ENV }, seeds: [seed] });
      others.push(hub);
      hubs.push({ name, url: hub.url });
    }
    operator = (await loginAs(t.url, seed, 'operator')).token;
    const list = (await request(t.url).get(API.workers).set(bearer(operator)).expect(200)).body as WorkerView[];
    workers = new Map(list.map((w) => [w.name, w]));
    for (const hub of hubs) {
      const console = await connectSocket(hub.url, operator);
      sockets.push(console);
      moves.push(new Inbox(console, 'worker.moved'));
    }
    // Each hub dispatches once before anyone moves, which builds its live index from the database.
    for (const hub of hubs) {
      const { body } = await postCase(hub.url, t.apiKey, newIntake110({ townshipCode: seed.code, location: NOBODY_NEAR })).expect(201);
      const judgement = await judged(hub.url, body.incidentId as string);
      expect(judgement.recommendation?.candidates.every((c) => c.rank === null)).toBe(true);
    }
  });

  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    for (const hub of others) await hub.close();
    await t?.close();
  });

  const worker = (n: number) => workers.get(`网格员${n}`) as WorkerView;

  it('offers a case posted to hub A to the worker whose phone on hub B moved next to it', async () => {
    const w6 = worker(6);
    const phone = await phoneOn(hubs[1].url, 'W6');
    const offers = new Inbox(phone, 'offer.created');
    await move(phone, w6.id, { lng: NEAR_W1.lng + 0.0001, lat: NEAR_W1.lat });

    const { body } = await postCase(hubs[0].url, t.apiKey, newIntake110({ townshipCode: seed.code, location: NEAR_W1 })).expect(201);
    const offer = await offers.next((o) => o.incidentId === body.incidentId);
    expect(offer.workerId).toBe(w6.id);
    // W1 stands 100 m away and was the nearest as hub A's index stood before the move.
    const { recommendation } = await judged(hubs[0].url, body.incidentId as string);
    const ranked = (recommendation?.candidates ?? []).filter((c) => c.rank !== null).map((c) => c.workerId);
    expect(ranked.slice(0, 2)).toEqual([w6.id, worker(1).id]);
  });

  it('writes a fix once, on the phone’s own hub, however many hubs hear of it', async () => {
    const w8 = worker(8);
    const phone = await phoneOn(hubs[2].url, 'W8');
    await move(phone, w8.id, { lng: 120.5161, lat: 30.285 });
    // A later fix through each other hub, heard everywhere: each of them has flushed since it heard W8's fix.
    await move(await phoneOn(hubs[0].url, 'W5'), worker(5).id, { lng: 120.51, lat: 30.285 });
    await move(await phoneOn(hubs[1].url, 'W4'), worker(4).id, { lng: 120.508, lat: 30.285 });
    const pg = new Client({ connectionString: t.databaseUrl });
    await pg.connect();
    try {
      const { rows } = await pg.query<{ n: number }>('SELECT count(*)::int AS n FROM worker_track WHERE worker_id = $1', [w8.id]);
      expect(rows).toEqual([{ n: 1 }]);
    } finally {
      await pg.end();
    }
  });

  it('judges a case the same way whichever hub it is posted to', async () => {
    const w7 = worker(7);
    const phone = await phoneOn(hubs[2].url, 'W7');
    await move(phone, w7.id, { lng: BY_W2.lng + 0.0001, lat: BY_W2.lat });

    const orders: string[][] = [];
    const claimed: string[] = [];
    for (const hub of hubs) {
      const { body } = await postCase(hub.url, t.apiKey, newIntake110({ townshipCode: seed.code, location: BY_W2 })).expect(201);
      const { recommendation } = await judged(hub.url, body.incidentId as string);
      const candidates = recommendation?.candidates ?? [];
      // Every worker judged, nearest first: where each hub believes the workers are. Who is free differs from case to case (each claims one).
      orders.push([...candidates].sort((a, b) => (a.distanceM ?? Infinity) - (b.distanceM ?? Infinity) || a.workerId.localeCompare(b.workerId)).map((c) => `${c.workerId}@${c.distanceM}`));
      const top = candidates.find((c) => c.rank === 1);
      if (top) claimed.push(top.workerId);
    }
    expect(orders[0][0]).toMatch(new RegExp(`^${w7.id}@`));
    expect(orders[1]).toEqual(orders[0]);
    expect(orders[2]).toEqual(orders[0]);
    // The first case went to W7, and no worker was offered two of the three.
    expect(claimed[0]).toBe(w7.id);
    expect(new Set(claimed).size).toBe(claimed.length);
  });
});
