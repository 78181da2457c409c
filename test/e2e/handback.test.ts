/**
 * 退回公安 and 移交12345 (#11): a worker on site returns a police matter, the case closes as
 * 已退回公安 with its clocks stopped and the worker free, the station sees it at once in 「退回我所」
 * with the worker's notes and signs for it (its own cases only); the responsibility table decides who
 * may return what; an operator hands a case to 12345; a refusal writes nothing.
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, HANDBACK_API, IDEMPOTENCY_KEY_HEADER, IDEMPOTENT_REPLAYED_HEADER, type IncidentDetailView, type IncidentView, type ResponsibilityView, type WorkerView } from '@xiaonao/contracts';
import { bearer, connectSocket, Inbox, login, loginAs, postCase, until, type HubSocket } from '../support/clients';
import { newIntake110, newTownshipSeed } from '../support/factories';
import { TownshipDirectory } from '../../apps/hub/src/township/township-directory';
import { startTestHub, type TestHub } from '../support/hub';
import { MovableClock } from '../support/movable-clock';

describe('hand-backs: 退回公安, 「退回我所」 and 签收, 移交12345', () => {
  let t: TestHub;
  let db: Client;
  const clock = new MovableClock();
  const sockets: HubSocket[] = [];
  let operator: string;
  let station: string;
  let otherStation: string;
  let foreignStation: string;
  const workers: Record<string, { id: string; token: string; offers: Inbox<'offer.created'> }> = {};
  let stationCases: Inbox<'incident.upserted'>;
  let operatorAlerts: Inbox<'clock.alert'>;

  beforeAll(async () => {
    const seed = newTownshipSeed({ workers: 3 });
    // A second station in the same township: it must not see or sign the first one's returns.
    seed.stations.push({ code: 'testtown-pcs2', name: '第二派出所' });
    seed.users.push({ username: 'testtown-pcs2', password: 'pcs-pass-2', displayName: '第二派出所', role: 'station', stationCode: 'testtown-pcs2' });
    const foreign = newTownshipSeed({ code: 'othertown', origin: { lng: 120.7, lat: 30.28 } });
    t = await startTestHub({ seed, extraSeeds: [foreign], clock, env: { OFFER_TIMEOUT_MS: '120000' } });
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    operator = (await loginAs(t.url, t.seed, 'operator')).token;
    station = (await loginAs(t.url, t.seed, 'station')).token;
    otherStation = (await login(t.url, 'testtown-pcs2', 'pcs-pass-2')).token;
    foreignStation = (await loginAs(t.url, foreign, 'station')).token;
    const stationSocket = await connectSocket(t.url, station);
    const operatorSocket = await connectSocket(t.url, operator);
    sockets.push(stationSocket, operatorSocket);
    stationCases = new Inbox(stationSocket, 'incident.upserted');
    operatorAlerts = new Inbox(operatorSocket, 'clock.alert');
    for (const code of ['W1', 'W2', 'W3']) {
      const { token, user } = await loginAs(t.url, t.seed, 'worker', code);
      const socket = await connectSocket(t.url, token);
      sockets.push(socket);
      workers[code] = { id: user.workerId ?? '', token, offers: new Inbox(socket, 'offer.created') };
    }
  });

  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await db?.end();
    await t?.close();
  });

  const post = (token: string, path: string, body: object = {}) => request(t.url).post(path).set(bearer(token)).send(body);
  const detail = async (id: string) => (await request(t.url).get(API.incident(id)).set(bearer(operator)).expect(200)).body as IncidentDetailView;
  const worker = async (code: string) => ((await request(t.url).get(API.workers).set(bearer(operator)).expect(200)).body as WorkerView[]).find((w) => w.id === workers[code].id);
  const returned = async (token = station) => (await request(t.url).get(HANDBACK_API.stationReturned).set(bearer(token)).expect(200)).body as IncidentView[];
  const handbackRows = async (id: string) => (await db.query('SELECT * FROM incident_handback WHERE incident_id = $1', [id])).rowCount;
  const news = async (id: string) =>
    (await db.query<{ event: string }>(`SELECT envelope->>'event' AS event FROM outbox WHERE envelope->'payload'->'incident'->>'id' = $1 ORDER BY id`, [id])).rows.map((r) => r.event);

  /** A new case (received now by the hub's clock), taken by the worker it was offered to, up to `until`. */
  async function inHand(category: 'dispute' | 'noise' = 'dispute', upTo: 'accepted' | 'arrived' = 'arrived'): Promise<{ id: string; who: string }> {
    const { body } = await postCase(t.url, t.apiKey, newIntake110({ category, receivedAt: clock.now().toISOString() })).expect(201);
    const id = body.incidentId as string;
    const who = await Promise.any(Object.entries(workers).map(async ([code, w]) => (await w.offers.next((o) => o.incidentId === id), code)));
    const token = workers[who].token;
    await post(token, API.accept(id)).expect(200);
    if (upTo === 'arrived') {
      await post(token, API.contact(id)).expect(200);
      await post(token, API.arrive(id)).expect(200);
    }
    return { id, who };
  }

  it('a worker on site returns a police matter: closed as 已退回公安, worker free, timeline and news, the station sees it live with the notes', async () => {
    const { id, who } = await inHand();
    const key = randomUUID();
    const body = { reasonCategory: 'violence', reason: '双方持械斗殴，已升级为治安案件', notes: '男子约30岁，灰色外套，往东离开' };
    // The township's cached table has lapsed (it does every 30 s): the rule is read before the transaction, not in it.
    t.hub.app.get(TownshipDirectory).invalidate();
    const res = await post(workers[who].token, HANDBACK_API.returnToPolice(id), body).set(IDEMPOTENCY_KEY_HEADER, key).expect(200);
    const view = res.body as IncidentView;
    expect(view).toMatchObject({ state: 'closed', closure: 'returned_to_police', handback: { target: 'police', reasonCategory: 'violence', reason: body.reason, notes: body.notes, acknowledgedAt: null } });
    expect(view.handback?.by).toEqual({ role: 'worker', id: workers[who].id, name: expect.any(String) });
    expect(view.closedAt).toBe(view.handback?.at);
    // A resend of the tap (the phone's queue) answers the first answer and writes nothing more.
    const again = await post(workers[who].token, HANDBACK_API.returnToPolice(id), body).set(IDEMPOTENCY_KEY_HEADER, key).expect(200);
    expect(again.headers[IDEMPOTENT_REPLAYED_HEADER]).toBe('true');
    expect(again.body).toEqual(view);

    expect((await worker(who))?.status).toBe('available');
    const d = await detail(id);
    const entries = d.timeline.filter((e) => e.type === 'returned_to_police');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ source: 'phone', detail: { reasonCategory: 'violence', notes: body.notes } });
    const verdict = (await request(t.url).get(API.timelineVerify(id)).set(bearer(operator)).expect(200)).body as { ok: boolean };
    expect(verdict.ok).toBe(true);
    expect((await news(id)).filter((e) => e === 'incident.returned')).toHaveLength(1);

    // The station's socket had the case upserted as returned, without asking.
    const live = await stationCases.next((i) => i.id === id && i.closure === 'returned_to_police');
    expect(live.handback?.notes).toBe(body.notes);
    const listed = (await returned()).find((i) => i.id === id);
    expect(listed?.handback).toMatchObject({ reason: body.reason, notes: body.notes, reasonCategory: 'violence' });

    // Clocks stop: hours later every timer of the case has fired moot and no alarm was raised for it.
    clock.advance(3 * 3600_000);
    const timers = await until(
      async () => (await db.query<{ fired_at: Date | null; outcome: string | null }>('SELECT fired_at, outcome FROM case_timer WHERE incident_id = $1', [id])).rows,
      (rows) => rows.length > 0 && rows.every((r) => r.fired_at !== null),
      'the case timers to fire',
    );
    expect(new Set(timers.map((r) => r.outcome))).toEqual(new Set(['moot']));
    expect(operatorAlerts.items.filter((a) => a.incidentId === id)).toEqual([]);
    expect((await detail(id)).timeline.filter((e) => e.type === 'clock_breached' || e.type === 'clock_at_risk')).toEqual([]);
  });

  it('the station signs (签收) once; signing again answers the same; another station cannot see or sign it', async () => {
    const { id, who } = await inHand('dispute', 'accepted');
    await post(workers[who].token, HANDBACK_API.returnToPolice(id), { reasonCategory: 'wanted_person', reason: '当事人疑似在逃人员' }).expect(200);
    expect((await returned(otherStation)).map((i) => i.id)).not.toContain(id);
    expect((await returned(foreignStation)).map((i) => i.id)).not.toContain(id);
    await post(otherStation, HANDBACK_API.acknowledge(id)).expect(404);
    await post(foreignStation, HANDBACK_API.acknowledge(id)).expect(404);
    await post(operator, HANDBACK_API.acknowledge(id)).expect(403);
    await request(t.url).get(HANDBACK_API.stationReturned).set(bearer(operator)).expect(403);

    const first = (await post(station, HANDBACK_API.acknowledge(id)).expect(200)).body as IncidentView;
    expect(first.handback?.acknowledgedAt).toEqual(expect.any(String));
    expect(first.handback?.acknowledgedBy).toBe('派出所');
    const second = (await post(station, HANDBACK_API.acknowledge(id)).expect(200)).body as IncidentView;
    expect(second.handback?.acknowledgedAt).toBe(first.handback?.acknowledgedAt);
    const d = await detail(id);
    const signed = d.timeline.filter((e) => e.type === 'station_acknowledged');
    expect(signed).toHaveLength(1);
    expect(signed[0].source).toBe('station');
    expect((await news(id)).filter((e) => e === 'incident.acknowledged')).toHaveLength(1);
    await stationCases.next((i) => i.id === id && i.handback?.acknowledgedAt !== null && i.handback?.acknowledgedAt !== undefined);
    expect((await returned()).find((i) => i.id === id)?.handback?.acknowledgedAt).toBe(first.handback?.acknowledgedAt);
  });

  it('the responsibility table decides: a worker may not return a category kept to operators, and nobody one set to none; nothing is half-written', async () => {
    const table = (await request(t.url).get(API.responsibilities).set(bearer(operator)).expect(200)).body as ResponsibilityView[];
    expect(table.find((r) => r.category === 'noise')?.returnToPolice).toBe('operator');
    expect(table.find((r) => r.category === 'dispute')?.returnToPolice).toBe('worker_or_operator');

    const { id, who } = await inHand('noise');
    const before = await detail(id);
    const refused = await post(workers[who].token, HANDBACK_API.returnToPolice(id), { reasonCategory: 'violence', reason: '有人动手' }).expect(403);
    expect(refused.body).toMatchObject({ code: 'FORBIDDEN', field: 'category' });
    const after = await detail(id);
    expect(after.state).toBe('arrived');
    expect(after.closure).toBeNull();
    expect(after.timeline).toHaveLength(before.timeline.length);
    expect(await handbackRows(id)).toBe(0);
    expect((await worker(who))?.status).toBe('busy');

    // Set to none: even an operator is refused. Then back to operator: the operator may, and the worker is freed.
    const noise = table.find((r) => r.category === 'noise');
    if (!noise) throw new Error('noise missing');
    const { category: _category, ...row } = noise;
    const set = await request(t.url).put(API.responsibility('noise')).set(bearer(operator)).send({ ...row, returnToPolice: 'none' }).expect(200);
    expect((set.body as ResponsibilityView).returnToPolice).toBe('none');
    await post(operator, HANDBACK_API.returnToPolice(id), { reasonCategory: 'violence', reason: '有人动手' }).expect(403);
    expect(await handbackRows(id)).toBe(0);
    // A PUT without the rule keeps it.
    const { returnToPolice: _rule, ...withoutRule } = row;
    expect(((await request(t.url).put(API.responsibility('noise')).set(bearer(operator)).send(withoutRule).expect(200)).body as ResponsibilityView).returnToPolice).toBe('none');
    await request(t.url).put(API.responsibility('noise')).set(bearer(operator)).send({ ...row, returnToPolice: 'operator' }).expect(200);
    // A helper added to the case is freed with the holder.
    const helper = Object.keys(workers).find((code) => code !== who) ?? 'W1';
    await post(operator, API.assist(id), { workerId: workers[helper].id }).expect(200);
    expect((await worker(helper))?.status).toBe('busy');
    const byOperator = (await post(operator, HANDBACK_API.returnToPolice(id), { reasonCategory: 'violence', reason: '有人动手', notes: '' }).expect(200)).body as IncidentView;
    expect(byOperator.handback?.by.role).toBe('operator');
    expect((await detail(id)).timeline.find((e) => e.type === 'returned_to_police')?.source).toBe('console');
    expect((await worker(who))?.status).toBe('available');
    expect((await worker(helper))?.status).toBe('available');
  });

  it('refuses bad input naming the field, a worker who does not hold the case, and a closed case, writing nothing', async () => {
    const { id, who } = await inHand('dispute', 'accepted');
    const other = Object.keys(workers).find((code) => code !== who) ?? 'W1';
    expect((await post(workers[who].token, HANDBACK_API.returnToPolice(id), { reasonCategory: 'aliens', reason: 'x' }).expect(400)).body.field).toBe('reasonCategory');
    expect((await post(workers[who].token, HANDBACK_API.returnToPolice(id), { reasonCategory: 'theft' }).expect(400)).body.field).toBe('reason');
    await post(workers[other].token, HANDBACK_API.returnToPolice(id), { reasonCategory: 'theft', reason: '盗窃' }).expect(403);
    await post(workers[who].token, HANDBACK_API.handOver12345(id), { reasonCategory: 'government_department', reason: '部门职责' }).expect(403);
    expect(await handbackRows(id)).toBe(0);

    await post(workers[who].token, API.contact(id)).expect(200);
    await post(workers[who].token, API.arrive(id)).expect(200);
    await post(workers[who].token, API.close(id), { result: '已调解' }).expect(200);
    const before = await detail(id);
    const refused = await post(operator, HANDBACK_API.returnToPolice(id), { reasonCategory: 'theft', reason: '盗窃' }).expect(409);
    expect(refused.body).toMatchObject({ code: 'ILLEGAL_TRANSITION', field: 'state' });
    await post(operator, HANDBACK_API.handOver12345(id), { reasonCategory: 'government_department', reason: '部门职责' }).expect(409);
    const after = await detail(id);
    expect(after.closure).toBe('resolved');
    expect(after.timeline).toHaveLength(before.timeline.length);
    expect(await handbackRows(id)).toBe(0);
  });

  it('an operator hands a case still being offered to 12345: closed as 已移交12345, the offer withdrawn, not a station return', async () => {
    const { body } = await postCase(t.url, t.apiKey, newIntake110({ receivedAt: clock.now().toISOString() })).expect(201);
    const id = body.incidentId as string;
    const who = await Promise.any(Object.entries(workers).map(async ([code, w]) => (await w.offers.next((o) => o.incidentId === id), code)));
    const res = await post(operator, HANDBACK_API.handOver12345(id), { reasonCategory: 'government_department', reason: '属住建部门职责', notes: '小区电梯' }).expect(200);
    const view = res.body as IncidentView;
    expect(view).toMatchObject({ state: 'closed', closure: 'handed_to_12345', worker: null, handback: { target: '12345', reasonCategory: 'government_department', notes: '小区电梯' } });
    expect((await worker(who))?.status).toBe('available');
    const d = await detail(id);
    expect(d.timeline.filter((e) => e.type === 'handed_to_12345')).toHaveLength(1);
    expect((await request(t.url).get(API.timelineVerify(id)).set(bearer(operator)).expect(200)).body.ok).toBe(true);
    expect((await news(id)).filter((e) => e === 'incident.handed_over')).toHaveLength(1);
    expect((await returned()).map((i) => i.id)).not.toContain(id);
    await post(station, HANDBACK_API.acknowledge(id)).expect(404);
  });
});
