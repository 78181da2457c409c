/**
 * The township leader (镇领导, #12) end to end: signs in to the review page, reads the 研判 of its own
 * township, opens a slow case's timeline and its verification, weighs a staffing plan; is refused
 * every change (cases, rosters, settings, tiles), sees nothing of another township, never a caller's
 * full number, and no live news on a socket.
 */
import { Client } from 'pg';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  API,
  MAP_TILES_API,
  PRIVACY_API,
  REVIEW_API,
  SOCKET_EVENTS,
  STAFFING_API,
  type GridIndexSettings,
  type GridIndexView,
  type IncidentDetailView,
  type IncidentView,
  type MissedEventsResponse,
  type RepeatCallersView,
  type ReviewRatesView,
  type ReviewTrendsView,
  type SlowestView,
  type StaffingView,
  type TownshipView,
} from '@xiaonao/contracts';
import { beijingDay, DEFAULT_GRID_INDEX_SETTINGS } from '@xiaonao/domain';
import { PAGE_OF_ROLE } from '../../apps/web/src/shared/session';
import { bearer, connectSocket, Inbox, loginAs, postCase, until, type HubSocket } from '../support/clients';
import { newIntake110, newTownshipSeed } from '../support/factories';
import { startTestHub, type TestHub } from '../support/hub';
import { MovableClock } from '../support/movable-clock';
import { STATE_WAIT_MS } from '../support/patience';

const MINUTE = 60_000;
/** The caller of the slow case: names and numbers to look for where they must not be. */
const CALLER = { callerName: '慕容领女士', callerPhone: '13906661234', address: '领导镇测试路66号' };

describe('镇领导: a read-only township leader', () => {
  const seed = newTownshipSeed({ code: 'ldtown', workers: 1 });
  const other = newTownshipSeed({ code: 'ldother', origin: { lng: 121.5, lat: 31.2 }, workers: 1 });
  const clock = new MovableClock();
  let t: TestHub;
  let pg: Client;
  let leader: string;
  let operator: string;
  let worker: string;
  let workerId = '';
  let otherLeader: string;
  let slowId = '';
  const sockets: HubSocket[] = [];

  beforeAll(async () => {
    t = await startTestHub({ seed, extraSeeds: [other], clock, env: { OFFER_TIMEOUT_MS: '600000' } });
    pg = new Client({ connectionString: t.databaseUrl });
    await pg.connect();
    operator = (await loginAs(t.url, seed, 'operator')).token;
    const w1 = await loginAs(t.url, seed, 'worker', 'W1');
    worker = w1.token;
    workerId = w1.user.workerId ?? '';
    otherLeader = (await loginAs(t.url, other, 'leader')).token;
  });

  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await pg?.end();
    await t?.close();
  });

  const get = (path: string, token: string, query: Record<string, string | number> = {}) => request(t.url).get(path).query(query).set(bearer(token));
  const period = () => ({ from: beijingDay(clock.now()), to: beijingDay(clock.now()) });
  const flat = (k: number) => Array.from({ length: 24 }, () => k);

  /** A case W1 accepts at once and reaches `arriveAfterMs` later. */
  async function walkedCase(arriveAfterMs: number): Promise<string> {
    const id = (await postCase(t.url, t.apiKey, newIntake110({ townshipCode: seed.code, receivedAt: clock.now().toISOString(), ...CALLER })).expect(201)).body.incidentId as string;
    await until(async () => (await get(API.myOffers, worker).expect(200)).body as { incident: { id: string } }[], (offers) => offers.some((o) => o.incident.id === id), `the offer of ${id}`);
    await request(t.url).post(API.accept(id)).set(bearer(worker)).send({}).expect(200);
    await request(t.url).post(API.contact(id)).set(bearer(worker)).send({}).expect(200);
    clock.advance(arriveAfterMs);
    await request(t.url).post(API.arrive(id)).set(bearer(worker)).send({}).expect(200);
    await request(t.url).post(API.close(id)).set(bearer(worker)).send({ result: '已调解完毕' }).expect(200);
    return id;
  }

  it('signs in as a leader and lands on the review page', async () => {
    const answer = await loginAs(t.url, seed, 'leader');
    leader = answer.token;
    expect(answer.user).toMatchObject({ role: 'leader', displayName: '镇领导', workerId: null, stationId: null });
    expect(PAGE_OF_ROLE[answer.user.role]).toBe('./review.html');
    expect((await get(API.me, leader).expect(200)).body).toMatchObject({ role: 'leader', username: 'ldtown-leader' });
  });

  it('reads rates, trends, the grid index, the slowest cases, the heat map, the settings and the exports of its township', async () => {
    await walkedCase(MINUTE);
    slowId = await walkedCase(12 * MINUTE);
    const rates = (await get(REVIEW_API.rates, leader, { ...period(), by: 'grid' }).expect(200)).body as ReviewRatesView;
    expect(rates.total.counts.cases).toBe(2);
    expect(rates.rows.map((r) => r.label)).toEqual(['第一网格']);
    // Exactly what the operator reads: the township's whole scope.
    expect((await get(REVIEW_API.rates, operator, { ...period(), by: 'grid' }).expect(200)).body).toEqual(rates);
    const trends = (await get(REVIEW_API.trends, leader, period()).expect(200)).body as ReviewTrendsView;
    expect(trends.byHour.reduce((n, r) => n + r.counts.cases, 0)).toBe(2);
    const index = (await get(REVIEW_API.gridIndex, leader, { month: period().from.slice(0, 7) }).expect(200)).body as GridIndexView;
    expect(index.rows.find((r) => r.gridCode === 'G1')?.inputs.cases).toBe(2);
    const slow = (await get(REVIEW_API.slowest, leader, period()).expect(200)).body as SlowestView;
    expect(slow.cases[0].id).toBe(slowId);
    await get(REVIEW_API.heatmap, leader, period()).expect(200);
    await get(REVIEW_API.repeatPlaces, leader, { ...period(), minCases: 2, days: 7 }).expect(200);
    expect((await get(REVIEW_API.settings, leader).expect(200)).body as GridIndexSettings).toEqual(DEFAULT_GRID_INDEX_SETTINGS);
    for (const table of ['rates', 'slowest', 'grid-index']) {
      const csv = await get(REVIEW_API.export, leader, { ...period(), table }).expect(200);
      expect(csv.headers['content-type']).toContain('text/csv');
    }
    // What the review page draws the grids and the heat map on.
    const township = (await get(API.township, leader).expect(200)).body as TownshipView;
    expect(township.grids.map((g) => g.code)).toEqual(['G1', 'G2']);
    await get(MAP_TILES_API.mapTiles, leader).expect(200);
  });

  it('opens the slow case’s timeline, verifies it and exports it, the export logged under the leader', async () => {
    const detail = (await get(API.incident(slowId), leader).expect(200)).body as IncidentDetailView;
    expect(detail.timeline.map((e) => e.type)).toEqual(expect.arrayContaining(['received', 'accepted', 'arrived', 'closed']));
    expect(detail.recommendation).toBeNull();
    const check = (await get(API.timelineVerify(slowId), leader).expect(200)).body as { ok: boolean; incidentId: string };
    expect(check).toMatchObject({ ok: true, incidentId: slowId });
    expect((await get(API.townshipTimelineVerify, leader).expect(200)).body).toMatchObject({ ok: true, cases: 2 });
    const file = await get(API.timelineExport(slowId, 'csv'), leader).expect(200);
    expect(file.headers['content-disposition']).toContain('attachment');
    const { rows } = await pg.query<{ actor_role: string; action: string }>('SELECT actor_role, action FROM personal_data_access WHERE subject_id = $1', [slowId]);
    expect(rows).toEqual([{ actor_role: 'leader', action: 'export_timeline' }]);
  });

  it('runs a staffing what-if, which changes nothing', async () => {
    const before = (await pg.query<{ n: string }>('SELECT (SELECT count(*) FROM incident) + (SELECT count(*) FROM outbox) + (SELECT count(*) FROM duty_shift) AS n')).rows[0].n;
    const v = (await request(t.url).post(STAFFING_API.staffing).set(bearer(leader)).send({ weeks: 1, plan: flat(2) }).expect(200)).body as StaffingView;
    expect(v.simulated.overall.cases).toBe(2);
    expect(v.note).toContain('非预测');
    const after = (await pg.query<{ n: string }>('SELECT (SELECT count(*) FROM incident) + (SELECT count(*) FROM outbox) + (SELECT count(*) FROM duty_shift) AS n')).rows[0].n;
    expect(after).toBe(before);
    // The plan starts from the township's roster, which a leader reads (and may not change: below).
    const roster = (await get(API.roster, leader).expect(200)).body as { duty: { workerId: string }[] };
    expect(roster.duty.map((d) => d.workerId)).toContain(workerId);
  });

  it('is refused every change: intake, dispatch, steps, rosters, settings, tiles, and personal data', async () => {
    const refusals: [string, request.Test][] = [
      ['operator entry', request(t.url).post(API.incidents).set(bearer(leader)).send({})],
      ['assign', request(t.url).post(API.assign(slowId)).set(bearer(leader)).send({})],
      ['close', request(t.url).post(API.close(slowId)).set(bearer(leader)).send({ result: '领导结案' })],
      ['roster', request(t.url).put(API.roster).set(bearer(leader)).send({})],
      ['worker duty', request(t.url).put(API.workerDuty(workerId)).set(bearer(leader)).send({})],
      ['review settings', request(t.url).put(REVIEW_API.settings).set(bearer(leader)).send(DEFAULT_GRID_INDEX_SETTINGS)],
      ['clock settings', request(t.url).put(API.clockSettings).set(bearer(leader)).send({})],
      ['responsibility', request(t.url).put(API.responsibility('dispute')).set(bearer(leader)).send({})],
      ['map tiles', request(t.url).put(MAP_TILES_API.mapTiles).set(bearer(leader)).send({})],
      ['map tiles reset', request(t.url).delete(MAP_TILES_API.mapTiles).set(bearer(leader))],
      ['reveal caller phone', request(t.url).post(PRIVACY_API.revealCallerPhone(slowId)).set(bearer(leader)).send({ reason: '想看看' })],
      ['worker track', request(t.url).get(PRIVACY_API.workerTrack(workerId, { reason: '想看看' })).set(bearer(leader))],
      ['workers with phones', request(t.url).get(API.workers).set(bearer(leader))],
      ['access log', request(t.url).get(PRIVACY_API.accessLog()).set(bearer(leader))],
    ];
    const answers = await Promise.all(refusals.map(async ([what, req]) => [what, (await req).status] as const));
    expect(answers.filter(([, status]) => status !== 403)).toEqual([]);
  });

  it('sees callers’ numbers masked wherever it reads a case', async () => {
    const list = (await get(API.incidents, leader).expect(200)).body as IncidentView[];
    expect(list.find((i) => i.id === slowId)?.callerPhone).toBe('139****1234');
    const detail = (await get(API.incident(slowId), leader).expect(200)).body as IncidentDetailView;
    expect(detail.callerPhone).toBe('139****1234');
    const callers = (await get(REVIEW_API.repeatCallers, leader, { ...period(), minCases: 2 }).expect(200)).body as RepeatCallersView;
    expect(callers.callers).toEqual([expect.objectContaining({ phone: '139****1234', cases: 2 })]);
    for (const table of ['repeat-callers', 'slowest']) {
      expect((await get(REVIEW_API.export, leader, { ...period(), table, minCases: 2 }).expect(200)).text).not.toContain(CALLER.callerPhone);
    }
    const exported = await get(API.timelineExport(slowId, 'json'), leader).expect(200);
    expect(JSON.stringify(exported.body)).not.toContain(CALLER.callerPhone);
  });

  it('sees nothing of another township: refused its cases, and its own review empty of them', async () => {
    const answers = [
      await get(API.incident(slowId), otherLeader),
      await get(API.timelineVerify(slowId), otherLeader),
      await get(API.timelineExport(slowId, 'json'), otherLeader),
    ];
    expect(answers.map((a) => a.status)).toEqual([404, 404, 404]);
    const reads = [
      ...answers,
      await get(API.incidents, otherLeader).expect(200),
      await get(REVIEW_API.rates, otherLeader, { ...period(), by: 'grid' }).expect(200),
      await get(REVIEW_API.slowest, otherLeader, period()).expect(200),
      await get(REVIEW_API.repeatCallers, otherLeader, { ...period(), minCases: 2 }).expect(200),
      await get(REVIEW_API.gridIndex, otherLeader, { month: period().from.slice(0, 7) }).expect(200),
      await get(REVIEW_API.export, otherLeader, { ...period(), table: 'slowest' }).expect(200),
      await get(API.township, otherLeader).expect(200),
    ];
    const theirs = (await get(REVIEW_API.rates, otherLeader, { ...period(), by: 'grid' })).body as ReviewRatesView;
    expect(theirs.total.counts.cases).toBe(0);
    const ours = [slowId, CALLER.callerName, CALLER.address, CALLER.callerPhone, '139****1234', seed.code, t.hub.townships.find((x) => x.code === seed.code)?.id ?? 'missing'];
    for (const read of reads) {
      const bytes = read.text || JSON.stringify(read.body);
      expect(ours.filter((s) => bytes.includes(s))).toEqual([]);
    }
    const staffing = (await request(t.url).post(STAFFING_API.staffing).set(bearer(otherLeader)).send({ weeks: 1, plan: flat(2) }).expect(200)).body as StaffingView;
    expect(staffing.simulated.overall.cases).toBe(0);
  });

  it('hears no live news: its socket joins no room and it has nothing to catch up on', async () => {
    const leaderSocket = await connectSocket(t.url, leader);
    const operatorSocket = await connectSocket(t.url, operator);
    sockets.push(leaderSocket, operatorSocket);
    const heard: string[] = [];
    leaderSocket.onAny((event: string) => heard.push(event));
    const news = new Inbox(operatorSocket, 'incident.upserted');
    const { latestSeq } = (await get(API.myMissed(), leader).expect(200)).body as MissedEventsResponse;
    const id = (await postCase(t.url, t.apiKey, newIntake110({ townshipCode: seed.code, receivedAt: clock.now().toISOString() })).expect(201)).body.incidentId as string;
    await news.next((i) => i.id === id);
    // A round trip on the leader's socket: whatever was sent to it before has arrived before the answer.
    expect(await leaderSocket.timeout(STATE_WAIT_MS).emitWithAck(SOCKET_EVENTS.ping, 42)).toBe(42);
    expect(heard).toEqual([]);
    const operatorMissed = (await get(API.myMissed(latestSeq), operator).expect(200)).body as MissedEventsResponse;
    expect(operatorMissed.events.length).toBeGreaterThan(0);
    expect(((await get(API.myMissed(latestSeq), leader).expect(200)).body as MissedEventsResponse).events).toEqual([]);
  });
});
