import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from 'pg';
import request from 'supertest';
import { API, DUTY_CHANGES_PATH, type DutyChangeView, type IncidentView, type RosterRequest, type RosterView, type WorkerDutyView, type WorkerView } from '@xiaonao/contracts';
import { ApplyRoster } from '../../apps/hub/src/roster/apply-roster.service';
import { bearer, connectSocket, Inbox, loginAs, postCase, type HubSocket, until } from '../support/clients';
import { newIntake110, newTownshipSeed } from '../support/factories';
import { MovableClock } from '../support/movable-clock';
import { startTestHub, type TestHub } from '../support/hub';

describe('duty rosters (排班)', () => {
  // W1, W2 in the west grid (led by W2), W3, W4 in the east; W1 nearest to the cases below, then W2, W3, W4.
  const seed = newTownshipSeed({ code: 'rostertown', workers: 4 });
  seed.grids[0].leaderCode = 'W2';
  // 19:55 on Monday 10 March 2025 in Shanghai.
  const clock = new MovableClock('2025-03-10T19:55:00+08:00');
  // Offers and 1-3-8 windows longer than the jumps of the clock, so no case moves on by itself.
  const env = { OFFER_TIMEOUT_MS: '172800000', CLOCK_ACCEPT_SECONDS: '172800', CLOCK_CONTACT_SECONDS: '172800', CLOCK_ARRIVE_SECONDS: '172800' };
  let t: TestHub;
  let db: Client;
  let operator: string;
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const sockets: HubSocket[] = [];

  const pass = () => t.hub.app.get(ApplyRoster).run();
  const workers = async () => (await request(t.url).get(API.workers).set(bearer(operator)).expect(200)).body as WorkerView[];
  const onDuty = async (code: string) => (await workers()).find((w) => w.id === ids[code])?.onDuty;
  const roster = async (token = operator, query = '?from=2025-03-10&to=2025-03-11') => (await request(t.url).get(`${API.roster}${query}`).set(bearer(token)).expect(200)).body as RosterView;
  const dutyOf = async (code: string) => (await roster()).duty.find((d) => d.workerId === ids[code]) as WorkerDutyView;
  const changes = async (code: string) => (await request(t.url).get(`${DUTY_CHANGES_PATH}?workerId=${ids[code]}`).set(bearer(operator)).expect(200)).body as DutyChangeView[];
  const newCase = async () => {
    const body = newIntake110({ townshipCode: seed.code, receivedAt: clock.now().toISOString() });
    return (await postCase(t.url, t.apiKey, body).expect(201)).body.incidentId as string;
  };
  /** The worker the case is offered to, once it is offered to someone other than `not`. */
  const offeredTo = (id: string, not?: string) =>
    until(
      async () => ((await request(t.url).get(API.incident(id)).set(bearer(operator)).expect(200)).body as IncidentView).worker?.id ?? null,
      (w) => w !== null && w !== not,
      `an offer of ${id}`,
    );
  const counts = async () => (await db.query<{ shifts: number; changes: number }>('SELECT (SELECT count(*)::int FROM duty_shift) AS shifts, (SELECT count(*)::int FROM duty_change) AS changes')).rows[0];

  beforeAll(async () => {
    t = await startTestHub({ seed, env, clock });
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    operator = (await loginAs(t.url, seed, 'operator')).token;
    for (const code of ['W1', 'W2', 'W3', 'W4']) {
      const login = await loginAs(t.url, seed, 'worker', code);
      tokens[code] = login.token;
      ids[code] = login.user.workerId as string;
    }
  });

  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await db?.end();
    await t?.close();
  });

  it('sets shifts and applies them at once: a day shift in force, a night shift not yet, the unrostered untouched', async () => {
    const body: RosterRequest = {
      from: '2025-03-10',
      to: '2025-03-11',
      shifts: [
        { workerId: ids.W1, date: '2025-03-10', start: '08:00', end: '20:00' },
        // Back to back on the 11th, so an override made in the morning lapses at noon.
        { workerId: ids.W1, date: '2025-03-11', start: '08:00', end: '12:00' },
        { workerId: ids.W1, date: '2025-03-11', start: '12:00', end: '20:00' },
        { workerId: ids.W3, date: '2025-03-10', start: '20:00', end: '08:00' },
      ],
    };
    const saved = (await request(t.url).put(API.roster).set(bearer(operator)).send(body).expect(200)).body as RosterView;
    expect(saved.shifts).toHaveLength(4);
    const duty = new Map(saved.duty.map((d) => [d.workerId, d]));
    expect(duty.get(ids.W1)).toMatchObject({ onDuty: true, source: 'roster', shift: { date: '2025-03-10', start: '08:00', end: '20:00' }, override: null });
    // The night shift has not started: W3 goes off duty with the roster, and the change is recorded.
    expect(duty.get(ids.W3)).toMatchObject({ onDuty: false, source: 'roster', shift: { date: '2025-03-10', start: '20:00', end: '08:00' } });
    expect(duty.get(ids.W2)).toMatchObject({ onDuty: true, source: 'no_roster', shift: null });
    expect((await changes('W3'))[0]).toMatchObject({ kind: 'roster', fromOnDuty: true, toOnDuty: false, by: '排班' });
  });

  it('takes a worker off duty when the shift ends: they keep their open offer but are offered no new case; a night shift puts its worker on', async () => {
    const ops = await connectSocket(t.url, operator);
    sockets.push(ops);
    const news = new Inbox(ops, 'worker.upserted');
    const kept = await newCase();
    expect(await offeredTo(kept)).toBe(ids.W1);

    clock.setTo('2025-03-10T20:00:30');
    expect(await pass()).toBe(2);
    expect(await onDuty('W1')).toBe(false);
    expect(await onDuty('W3')).toBe(true);
    await news.next((w) => w.id === ids.W1 && !w.onDuty);
    await news.next((w) => w.id === ids.W3 && w.onDuty);
    const [off] = await changes('W1');
    expect(off).toMatchObject({ kind: 'roster', fromOnDuty: true, toOnDuty: false });
    expect(off.note).toContain('保留待答复的派单');
    // The offer stands: it is W1's to answer. Declining frees W1, who is still not asked again.
    const offers = (await request(t.url).get(API.myOffers).set(bearer(tokens.W1)).expect(200)).body as { incidentId: string }[];
    expect(offers.map((o) => o.incidentId)).toEqual([kept]);
    await request(t.url).post(API.decline(kept)).set(bearer(tokens.W1)).send({ reason: '已下班' }).expect(200);
    expect(await offeredTo(kept, ids.W1)).toBe(ids.W2);

    const fresh = await newCase();
    expect(await offeredTo(fresh)).toBe(ids.W3);
    expect((await request(t.url).get(API.myOffers).set(bearer(tokens.W1)).expect(200)).body).toEqual([]);
    // Nothing more to change until the next shift edge.
    expect(await pass()).toBe(0);
  });

  it('lets a grid leader put a worker of their grid on duty until the next shift change, recorded with who and why', async () => {
    clock.setTo('2025-03-10T20:05:00');
    const answer = (await request(t.url).put(API.workerDuty(ids.W1)).set(bearer(tokens.W2)).send({ onDuty: true, reason: '夜间加班' }).expect(200)).body as WorkerDutyView;
    expect(answer).toMatchObject({ onDuty: true, source: 'override', override: { onDuty: true, until: null, by: '网格员2', reason: '夜间加班' } });
    expect((await changes('W1'))[0]).toMatchObject({ kind: 'override', fromOnDuty: false, toOnDuty: true, by: '网格员2', reason: '夜间加班', until: null });

    clock.setTo('2025-03-11T02:00:00');
    expect(await pass()).toBe(0);
    expect(await onDuty('W1')).toBe(true);
    expect(await onDuty('W3')).toBe(true);

    // 08:00 the next shift starts: the override lapses and the roster (on duty) rules again; the night shift ends.
    clock.setTo('2025-03-11T08:00:30');
    await pass();
    expect(await onDuty('W3')).toBe(false);
    expect(await dutyOf('W1')).toMatchObject({ onDuty: true, source: 'roster', override: null });
  });

  it("makes a rostered worker's own switch an override that holds until the next shift change, then follows the roster", async () => {
    clock.setTo('2025-03-11T09:00:00');
    const me = (await request(t.url).put(API.myDuty).set(bearer(tokens.W1)).send({ onDuty: false, reason: '身体不适' }).expect(200)).body as WorkerView;
    expect(me.onDuty).toBe(false);
    expect(await dutyOf('W1')).toMatchObject({ onDuty: false, source: 'override', override: { by: '网格员1', reason: '身体不适' } });

    clock.setTo('2025-03-11T11:59:00');
    await pass();
    expect(await onDuty('W1')).toBe(false);

    clock.setTo('2025-03-11T12:00:30');
    await pass();
    expect(await onDuty('W1')).toBe(true);
    const [back, own] = await changes('W1');
    expect(back).toMatchObject({ kind: 'roster', fromOnDuty: false, toOnDuty: true, by: '排班' });
    expect(own).toMatchObject({ kind: 'override', fromOnDuty: true, toOnDuty: false, by: '网格员1', reason: '身体不适' });
  });

  it('holds an override with an end until then, across a shift change', async () => {
    const answer = (await request(t.url)
      .put(API.workerDuty(ids.W1))
      .set(bearer(operator))
      .send({ onDuty: false, reason: '调休', until: '2025-03-11T15:00:00+08:00' })
      .expect(200)).body as WorkerDutyView;
    expect(answer.override?.until).toBe('2025-03-11T07:00:00.000Z');
    clock.setTo('2025-03-11T14:59:00');
    await pass();
    expect(await onDuty('W1')).toBe(false);
    clock.setTo('2025-03-11T15:00:10');
    await pass();
    expect(await onDuty('W1')).toBe(true);
  });

  it("leaves a worker with no shifts to their own switch, and the roster pass never touches them", async () => {
    await request(t.url).put(API.myDuty).set(bearer(tokens.W4)).send({ onDuty: false }).expect(200);
    await pass();
    expect(await onDuty('W4')).toBe(false);
    expect(await dutyOf('W4')).toMatchObject({ onDuty: false, source: 'no_roster' });
    await request(t.url).put(API.myDuty).set(bearer(tokens.W4)).send({ onDuty: true }).expect(200);
    expect(await onDuty('W4')).toBe(true);
  });

  it("refuses a grid leader another grid's worker (403) and a worker who leads nothing, and shows a leader only their grid", async () => {
    const before = await counts();
    expect((await request(t.url).put(API.workerDuty(ids.W3)).set(bearer(tokens.W2)).send({ onDuty: false }).expect(403)).body.code).toBe('FORBIDDEN');
    await request(t.url)
      .put(API.roster)
      .set(bearer(tokens.W2))
      .send({ from: '2025-03-12', to: '2025-03-12', shifts: [{ workerId: ids.W3, date: '2025-03-12', start: '08:00', end: '20:00' }] })
      .expect(403);
    await request(t.url).put(API.workerDuty(ids.W2)).set(bearer(tokens.W1)).send({ onDuty: false }).expect(403);
    await request(t.url).get(API.roster).set(bearer(tokens.W1)).expect(403);
    expect(await counts()).toEqual(before);
    const mine = await roster(tokens.W2);
    expect(mine.duty.map((d) => d.workerId).sort()).toEqual([ids.W1, ids.W2].sort());
    expect(new Set(mine.shifts.map((s) => s.workerId))).toEqual(new Set([ids.W1]));
    // Within their own grid a leader may roster.
    await request(t.url)
      .put(API.roster)
      .set(bearer(tokens.W2))
      .send({ from: '2025-03-12', to: '2025-03-12', shifts: [{ workerId: ids.W1, date: '2025-03-12', start: '08:00', end: '20:00' }] })
      .expect(200);
  });

  it('answers bad input with 400 naming the field, and writes nothing', async () => {
    const before = await counts();
    const put = (body: Record<string, unknown>) => request(t.url).put(API.roster).set(bearer(operator)).send(body).expect(400);
    const shift = (over: Record<string, unknown> = {}) => ({ workerId: ids.W1, date: '2025-03-13', start: '08:00', end: '20:00', ...over });
    expect((await put({ from: '2025-03-13', to: '2025-03-13', shifts: [shift(), shift({ date: '2025-03-13', start: '25:00' })] })).body).toMatchObject({ code: 'INVALID_INPUT', field: 'shifts[1].start' });
    expect((await put({ from: '2025-03-13', to: '2025-03-13', shifts: [shift({ date: '2025-02-30' })] })).body.field).toBe('shifts[0].date');
    expect((await put({ from: '2025-03-13', to: '2025-03-13', shifts: [shift(), shift({ start: '19:00', end: '07:00' })] })).body.field).toBe('shifts[0]');
    // Overlaps the shift kept on the 12th (08:00–20:00), outside the range being replaced.
    const kept = (await put({ from: '2025-03-11', to: '2025-03-11', shifts: [shift({ date: '2025-03-11', start: '20:00', end: '09:00' })] })).body;
    expect(kept.field).toBe('shifts[0]');
    expect(kept.message).toContain('已有班次');
    expect((await put({ from: '2025-03-13', to: '2025-03-12', shifts: [] })).body.field).toBe('to');
    expect((await put({ from: '2025-03-13', to: '2025-03-13', shifts: [shift({ workerId: 'not-a-worker' })] })).body.field).toBe('shifts.0.workerId');
    const stranger = '00000000-0000-4000-8000-000000000000';
    expect((await put({ from: '2025-03-13', to: '2025-03-13', shifts: [shift({ workerId: stranger })] })).body.field).toBe('shifts[0].workerId');
    const duty = (body: Record<string, unknown>) => request(t.url).put(API.workerDuty(ids.W1)).set(bearer(operator)).send(body).expect(400);
    expect((await duty({ onDuty: 'yes' })).body.field).toBe('onDuty');
    expect((await duty({ onDuty: false, until: '2025-03-01T00:00:00+08:00' })).body.field).toBe('until');
    expect((await request(t.url).get(`${API.roster}?from=2025-3-1`).set(bearer(operator)).expect(400)).body.field).toBe('from');
    expect(await counts()).toEqual(before);
  });
});
