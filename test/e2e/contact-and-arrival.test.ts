import { Client } from 'pg';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, API_KEY_HEADER, type IncidentDetailView, type IncidentView, type LngLat, type TimelineEntryView } from '@xiaonao/contracts';
import { distanceMeters } from '@xiaonao/domain';
import { bearer, connectSocket, Inbox, loginAs, postCase, sleep, type HubSocket } from '../support/clients';
import { newIntake110, newTownshipSeed } from '../support/factories';
import { startTestHub, type TestHub } from '../support/hub';

/** A point `east` and `north` metres from `p` (0.001° of latitude ≈ 111 m). */
function offset(p: LngLat, east: number, north = 0): LngLat {
  const perDegLat = 111_195;
  return { lng: p.lng + east / (perDegLat * Math.cos((p.lat * Math.PI) / 180)), lat: p.lat + north / perDegLat };
}

describe('contact as evidence, and arrival from positions', () => {
  let t: TestHub;
  let pg: Client;
  let w1: { token: string; id: string; socket: HubSocket; offers: Inbox<'offer.created'> };
  let w2Token: string;
  let operator: { token: string; socket: HubSocket; incidents: Inbox<'incident.upserted'> };

  beforeAll(async () => {
    // W1 alone on duty, so that every case goes to them; W2 is there to be refused.
    const seed = newTownshipSeed({ workers: 2 });
    seed.workers[1].onDuty = false;
    t = await startTestHub({ seed, env: { FAIRNESS_SECONDS_PER_CASE: '0' } });
    pg = new Client({ connectionString: t.databaseUrl });
    await pg.connect();
    const a = await loginAs(t.url, seed, 'worker', 'W1');
    const socket = await connectSocket(t.url, a.token);
    w1 = { token: a.token, id: a.user.workerId ?? '', socket, offers: new Inbox(socket, 'offer.created') };
    w2Token = (await loginAs(t.url, seed, 'worker', 'W2')).token;
    const o = await loginAs(t.url, seed, 'operator');
    const os = await connectSocket(t.url, o.token);
    operator = { token: o.token, socket: os, incidents: new Inbox(os, 'incident.upserted') };
  });

  afterAll(async () => {
    w1?.socket.disconnect();
    operator?.socket.disconnect();
    await pg?.end();
    await t?.close();
  });

  const post = (path: string, body: object, token = w1.token) => request(t.url).post(path).set(bearer(token)).send(body);
  const fix = (location: LngLat) => request(t.url).post(API.fleetPositions).set(API_KEY_HEADER, t.apiKey).send({ positions: [{ workerId: w1.id, ...location, at: new Date().toISOString() }] }).expect(200);
  const detail = async (id: string) => (await request(t.url).get(API.incident(id)).set(bearer(operator.token)).expect(200)).body as IncidentDetailView;
  const entries = (d: IncidentDetailView, type: TimelineEntryView['type']) => d.timeline.filter((e) => e.type === type);

  /** A fresh case accepted by W1 (and, with `contacted`, contacted), with the operator told of it. */
  async function caseInHand(stage: 'accepted' | 'contacted' = 'accepted'): Promise<{ id: string; site: LngLat }> {
    const body = newIntake110();
    const created = await postCase(t.url, t.apiKey, body).expect(201);
    const id: string = created.body.incidentId;
    await w1.offers.next((o) => o.incidentId === id);
    await post(API.accept(id), {}).expect(200);
    if (stage === 'contacted') {
      await post(API.contact(id), {}).expect(200);
      // Arrival is watched from the contact's news: let it go round the bus.
      await operator.incidents.next((i) => i.id === id && i.state === 'contacted');
      await sleep(100);
    }
    return { id, site: body.location };
  }

  /** Walks the case to closed, so that W1 is free for the next one. */
  async function finish(id: string): Promise<void> {
    let state = (await detail(id)).state;
    if (state === 'accepted') state = ((await post(API.contact(id), {}).expect(200)).body as IncidentView).state;
    if (state === 'contacted') state = ((await post(API.arrive(id), {}).expect(200)).body as IncidentView).state;
    if (state === 'arrived') await post(API.close(id), { result: '已处置完毕' }).expect(200);
  }

  it('makes the party unreachable at the third unanswered call, says so once, and tells the console', async () => {
    const { id } = await caseInHand();
    for (const n of [1, 2]) {
      const res = await post(API.callAttempt(id), { answered: false, startedAt: new Date().toISOString() }).expect(201);
      expect(res.body).toMatchObject({ callAttempts: n, unreachable: false });
    }
    const third = await post(API.callAttempt(id), { answered: false }).expect(201);
    expect(third.body).toMatchObject({ callAttempts: 3, unreachable: true, contactKind: 'party' });
    await operator.incidents.next((i) => i.id === id && i.unreachable && i.callAttempts === 3);
    await post(API.callAttempt(id), { answered: false }).expect(201);

    const d = await detail(id);
    expect(d).toMatchObject({ callAttempts: 4, unreachable: true });
    expect(entries(d, 'call_attempted')).toHaveLength(4);
    expect(entries(d, 'unreachable')).toHaveLength(1);
    expect(entries(d, 'unreachable')[0].detail).toMatchObject({ attempts: 3, consecutiveFailures: 3 });
    expect(entries(d, 'call_attempted')[0].detail).toMatchObject({ answered: false, durationSeconds: null, evidence: false });
    await finish(id);
  });

  it('records an answered call with its time and duration as evidence, and the party is reachable again', async () => {
    const { id } = await caseInHand();
    await post(API.callAttempt(id), { answered: false }).expect(201);
    const startedAt = new Date(Date.now() - 120_000).toISOString();
    const res = await post(API.callAttempt(id), { answered: true, durationSeconds: 95, startedAt }).expect(201);
    expect(res.body).toMatchObject({ callAttempts: 2, unreachable: false });

    const rows = (await pg.query('SELECT answered, duration_seconds, started_at, worker_id FROM call_attempt WHERE incident_id = $1 ORDER BY id', [id])).rows;
    expect(rows.map((r) => [r.answered, r.duration_seconds])).toEqual([
      [false, null],
      [true, 95],
    ]);
    expect(rows[1].started_at.toISOString()).toBe(startedAt);
    expect(rows[1].worker_id).toBe(w1.id);

    await post(API.contact(id), {}).expect(200);
    const d = await detail(id);
    expect(entries(d, 'call_attempted')[1].detail).toMatchObject({ answered: true, durationSeconds: 95, startedAt, evidence: true });
    expect(entries(d, 'contacted')[0].detail).toMatchObject({ contactKind: 'party', callAttempts: 2, callEvidence: true });
    await finish(id);
  });

  it('lets only the holder record a call', async () => {
    const { id } = await caseInHand();
    const other = await post(API.callAttempt(id), { answered: false }, w2Token).expect(403);
    expect(other.body.code).toBe('NOT_YOUR_CASE');
    await post(API.callAttempt(id), { answered: false }, operator.token).expect(403);
    expect((await detail(id)).callAttempts).toBe(0);
    await finish(id);
  });

  it('refuses a bad body, naming the field', async () => {
    const { id } = await caseInHand();
    const cases: [object, string][] = [
      [{}, 'answered'],
      [{ answered: 'yes' }, 'answered'],
      [{ answered: true, durationSeconds: -5 }, 'durationSeconds'],
      [{ answered: true, durationSeconds: 'long' }, 'durationSeconds'],
      [{ answered: false, durationSeconds: 30 }, 'durationSeconds'],
      [{ answered: false, startedAt: 'yesterday' }, 'startedAt'],
      [{ answered: false, startedAt: new Date(Date.now() + 3_600_000).toISOString() }, 'startedAt'],
    ];
    for (const [body, field] of cases) {
      const res = await post(API.callAttempt(id), body).expect(400);
      expect(res.body.field, JSON.stringify(body)).toBe(field);
    }
    expect((await detail(id)).callAttempts).toBe(0);
    await finish(id);
  });

  it('arrives on the second consecutive fix inside the radius, not the first', async () => {
    const { id, site } = await caseInHand('contacted');
    await fix(offset(site, 60));
    await sleep(400);
    expect((await detail(id)).state).toBe('contacted');
    await fix(offset(site, 40));
    const arrived = await operator.incidents.next((i) => i.id === id && i.state === 'arrived');
    expect(arrived).toMatchObject({ arrivedAuto: true, arrivalFlagged: false });
    expect(arrived.arrivalDistanceM).toBe(Math.round(distanceMeters(offset(site, 40), site)));
    expect(arrived.clocks.find((c) => c.stage === 'arrive')?.status).toBe('met');

    const d = await detail(id);
    const [entry] = entries(d, 'arrived');
    expect(entry.detail).toMatchObject({ auto: true, distanceM: arrived.arrivalDistanceM });
    expect(entry.workerId).toBe(w1.id);
    expect(entries(d, 'arrived')).toHaveLength(1);
    // The worker's own tap a moment later confirms it rather than failing.
    expect((await post(API.arrive(id), {}).expect(200)).body.state).toBe('arrived');
    expect(entries(await detail(id), 'arrived')).toHaveLength(1);
    await finish(id);
  });

  it('starts counting again after a fix outside the radius', async () => {
    const { id, site } = await caseInHand('contacted');
    await fix(offset(site, 30));
    await sleep(50);
    await fix(offset(site, 400));
    await sleep(50);
    await fix(offset(site, 20));
    await sleep(400);
    expect((await detail(id)).state).toBe('contacted');
    await fix(offset(site, 10));
    await operator.incidents.next((i) => i.id === id && i.state === 'arrived' && i.arrivedAuto);
    await finish(id);
  });

  it('records a manual arrival from 1 km away with its distance, flagged', async () => {
    const { id, site } = await caseInHand('contacted');
    const far = offset(site, 1000);
    const res = await post(API.arrive(id), { position: { ...far, coordSystem: 'WGS84' } }).expect(200);
    const distance = Math.round(distanceMeters(far, site));
    expect(res.body).toMatchObject({ state: 'arrived', arrivedAuto: false, arrivalFlagged: true, arrivalDistanceM: distance });
    expect(distance).toBeGreaterThan(990);
    const [entry] = entries(await detail(id), 'arrived');
    expect(entry.detail).toEqual({ distanceM: distance, flagged: true, auto: false });
    await finish(id);
  });

  it('does not flag a manual arrival near the site', async () => {
    const { id, site } = await caseInHand('contacted');
    const res = await post(API.arrive(id), { position: { ...offset(site, 0, 50), coordSystem: 'WGS84' } }).expect(200);
    expect(res.body).toMatchObject({ arrivedAuto: false, arrivalFlagged: false, arrivalDistanceM: 50 });
    await finish(id);
  });

  it('makes the contact stage a site check when the case has no caller phone', async () => {
    const { id } = await caseInHand();
    expect((await detail(id)).contactKind).toBe('party');
    // No intake takes a case without a caller yet (camera alerts come with #4): clear the phone in the record.
    await pg.query(`UPDATE incident SET caller_phone = '' WHERE id = $1`, [id]);
    expect((await detail(id)).contactKind).toBe('site_check');
    const call = await post(API.callAttempt(id), { answered: false }).expect(409);
    expect(call.body.code).toBe('ILLEGAL_TRANSITION');
    const contacted = await post(API.contact(id), {}).expect(200);
    expect(contacted.body.contactKind).toBe('site_check');
    expect(entries(await detail(id), 'contacted')[0].detail).toMatchObject({ contactKind: 'site_check', callAttempts: 0, callEvidence: false });
    await finish(id);
  });
});
