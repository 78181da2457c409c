/**
 * 回访 and reopen (#11): a case closed solved gets its 回访 per the township's rules; a satisfactory
 * call signs it off (销号); 「不满意」 reopens it as a new round with its own 1-3-8 clocks and a link to
 * the first, or sends it to 督办 with a deadline whose overdue timer fires once; an overdue 回访 fires
 * once; the grid leader records only where allowed; refusals write nothing.
 */
import { Client } from 'pg';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, FOLLOWUP_API, type FollowUpSettingsView, type FollowUpWorklist, type IncidentDetailView, type IncidentView } from '@xiaonao/contracts';
import { sampleDraw } from '@xiaonao/domain';
import { bearer, connectSocket, Inbox, loginAs, postCase, until, type HubSocket } from '../support/clients';
import { newIntake110, newTownshipSeed } from '../support/factories';
import { startHub } from '../../apps/hub/src/start-hub';
import { startTestHub, TEST_NATS_URL, type TestHub } from '../support/hub';
import { MovableClock } from '../support/movable-clock';

const HOUR = 3_600_000;

describe('回访, 督办 and reopen', () => {
  const seed = newTownshipSeed({ code: 'hftown', workers: 3 });
  // W3 works in the east grid and leads the west one (网格长), where the test cases are.
  seed.grids[0].leaderCode = 'W3';
  const clock = new MovableClock();
  let t: TestHub;
  let db: Client;
  let operator: string;
  const sockets: HubSocket[] = [];
  const phones: Record<string, { id: string; token: string; offers: Inbox<'offer.created'> }> = {};
  let operatorNews: Inbox<'incident.upserted'>;

  beforeAll(async () => {
    t = await startTestHub({ seed, clock, env: { OFFER_TIMEOUT_MS: '600000' } });
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    operator = (await loginAs(t.url, seed, 'operator')).token;
    const opSocket = await connectSocket(t.url, operator);
    sockets.push(opSocket);
    operatorNews = new Inbox(opSocket, 'incident.upserted');
    for (const code of ['W1', 'W2', 'W3']) {
      const { token, user } = await loginAs(t.url, seed, 'worker', code);
      const socket = await connectSocket(t.url, token);
      sockets.push(socket);
      phones[code] = { id: user.workerId ?? '', token, offers: new Inbox(socket, 'offer.created') };
    }
  });

  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await db?.end();
    await t?.close();
  });

  const op = () => bearer(operator);
  const detail = async (id: string) => (await request(t.url).get(API.incident(id)).set(op()).expect(200)).body as IncidentDetailView;
  const types = (d: IncidentDetailView) => d.timeline.map((e) => e.type);
  const count = (d: IncidentDetailView, type: string) => d.timeline.filter((e) => e.type === type).length;
  const record = (id: string, body: object, token = operator) => request(t.url).post(FOLLOWUP_API.record(id)).set(bearer(token)).send(body);
  const settings = (body: Partial<FollowUpSettingsView>) =>
    request(t.url).put(FOLLOWUP_API.settings).set(op()).send({ policy: 'always', sampleRate: 1, categories: [], dueHours: 24, gridLeaderMayRecord: false, ...body });
  const news = async (id: string) => (await db.query<{ event: string }>(`SELECT envelope->>'event' AS event FROM outbox WHERE envelope->'payload'->'incident'->>'id' = $1 ORDER BY id`, [id])).rows.map((r) => r.event);
  const timers = async (id: string) =>
    (await db.query<{ stage: string; outcome: string | null; fired: boolean }>(`SELECT stage, outcome, fired_at IS NOT NULL AS fired FROM case_timer WHERE incident_id = $1 AND kind = 'due' ORDER BY stage`, [id])).rows;

  /** Offered to whichever worker, taken through to 办结 by them; returns the closed case. */
  async function work(id: string): Promise<IncidentView> {
    const who = await Promise.any(Object.entries(phones).map(async ([code, p]) => (await p.offers.next((o) => o.incidentId === id), code)));
    const step = async (path: string, body: object = {}) => {
      const res = await request(t.url).post(path).set(bearer(phones[who].token)).send(body);
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
      return res;
    };
    await step(API.accept(id));
    await step(API.contact(id));
    await step(API.arrive(id));
    return (await step(API.close(id), { result: '已处置完毕' })).body as IncidentView;
  }

  async function closedCase(): Promise<IncidentDetailView> {
    // Received at the moved clock's now: the 110 side's time is the case's receipt time.
    const id = (await postCase(t.url, t.apiKey, newIntake110({ townshipCode: seed.code, receivedAt: clock.now().toISOString() })).expect(201)).body.incidentId as string;
    await work(id);
    return detail(id);
  }

  it('keeps the township’s rules: defaults, a refusal naming the field, operators only', async () => {
    const got = (await request(t.url).get(FOLLOWUP_API.settings).set(op()).expect(200)).body as FollowUpSettingsView;
    expect(got).toEqual({ policy: 'always', sampleRate: 1, categories: [], dueHours: 24, gridLeaderMayRecord: false });
    expect((await settings({ dueHours: 0 }).expect(400)).body.field).toBe('dueHours');
    expect((await settings({ policy: 'categories', categories: [] }).expect(400)).body.field).toBe('categories');
    await request(t.url).get(FOLLOWUP_API.settings).set(bearer(phones.W1.token)).expect(403);
    expect((await settings({ dueHours: 12 }).expect(200)).body.dueHours).toBe(12);
    await settings({}).expect(200);
  });

  it('schedules a 回访 when a case closes solved, and a satisfactory call signs it off (销号); recording twice is a conflict', async () => {
    const c = await closedCase();
    expect(c.followUp).toMatchObject({ status: 'scheduled', attempts: 0, reached: null, supervision: null });
    expect(Date.parse(c.followUp?.dueAt ?? '') - Date.parse(c.closedAt ?? '')).toBe(24 * HOUR);
    expect(types(c).slice(-2)).toEqual(['closed', 'followup_scheduled']);
    expect(await timers(c.id)).toEqual([{ stage: 'followup', outcome: null, fired: false }]);
    const due = (await request(t.url).get(FOLLOWUP_API.worklist).set(op()).expect(200)).body as FollowUpWorklist;
    expect(due.due.map((i) => i.id)).toContain(c.id);

    const done = (await record(c.id, { reached: true, satisfaction: 'basically_satisfied', solved: true, notes: '群众表示已解决' }).expect(200)).body as IncidentView;
    expect(done.signedOffAt).not.toBeNull();
    expect(done.followUp).toMatchObject({ status: 'recorded', reached: true, satisfaction: 'basically_satisfied', solved: true, decision: 'sign_off', recordedBy: 'operator:hftown-op' });
    const d = await detail(c.id);
    expect(types(d).slice(-2)).toEqual(['followup_recorded', 'signed_off']);
    expect(await news(c.id)).toEqual(expect.arrayContaining(['incident.closed', 'incident.followed_up', 'incident.signed_off']));
    await operatorNews.next((i) => i.id === c.id && i.signedOffAt !== null);
    expect((await record(c.id, { reached: true, satisfaction: 'satisfied', solved: true }).expect(409)).body.field).toBe('followUp');
    expect(count(await detail(c.id), 'followup_recorded')).toBe(1);
  });

  it('reopens 「不满意」 as a new round with its own clocks, linked to the first; a refusal before writes nothing', async () => {
    const c = await closedCase();
    const before = await detail(c.id);
    expect((await record(c.id, { reached: true, satisfaction: 'not_satisfied', solved: false }).expect(400)).body.field).toBe('decision');
    expect((await record(c.id, { reached: true, satisfaction: 'not_satisfied', solved: false, decision: 'supervise' }).expect(400)).body.field).toBe('supervisionHours');
    expect((await record(c.id, { reached: true, satisfaction: 'wrong' }).expect(400)).body.field).toBe('satisfaction');
    const after = await detail(c.id);
    expect(after.timeline).toEqual(before.timeline);
    expect(after.followUp).toEqual(before.followUp);

    clock.advance(2 * HOUR);
    const reopenedAt = clock.now().getTime();
    const first = (await record(c.id, { reached: true, satisfaction: 'not_satisfied', solved: false, notes: '噪音仍在', decision: 'reopen' }).expect(200)).body as IncidentView;
    expect(first.signedOffAt).toBeNull();
    const roundRef = first.followUp?.reopenedAs;
    expect(roundRef?.caseNo).toBe(`${c.caseNo}-R2`);
    const round = await detail(roundRef?.id ?? '');
    expect(round).toMatchObject({ round: 2, reopenedFrom: { id: c.id, caseNo: c.caseNo }, caseNo: `${c.caseNo}-R2`, category: c.category, address: c.address, source: c.source });
    expect(round.station?.id).toBe(c.station?.id);
    // Its own 1-3-8 clocks, from the reopening.
    expect(Math.abs(Date.parse(round.receivedAt) - reopenedAt)).toBeLessThan(5_000);
    expect(round.clocks.map((k) => k.status)).toEqual(['pending', 'pending', 'pending']);
    expect(Date.parse(round.clocks[0].deadline)).toBeGreaterThan(reopenedAt);
    expect(round.timeline[0]).toMatchObject({ type: 'received', detail: { round: 2, reopenedFrom: { id: c.id, caseNo: c.caseNo } } });
    // The news of its receipt says which round it is, as the pages and the feedback read it.
    const { rows: [received] } = await db.query<{ round: string; from: string }>(
      `SELECT envelope->'payload'->'incident'->>'round' AS round, envelope->'payload'->'incident'->'reopenedFrom'->>'id' AS from FROM outbox WHERE envelope->>'event' = 'incident.received' AND envelope->'payload'->'incident'->>'id' = $1`,
      [round.id],
    );
    expect(received).toEqual({ round: '2', from: c.id });
    const firstDetail = await detail(c.id);
    expect(types(firstDetail).slice(-2)).toEqual(['followup_recorded', 'reopened']);
    expect(firstDetail.timeline.at(-1)?.detail).toMatchObject({ round: 2, incidentId: round.id });
    // Results go back to whoever sent the first round.
    const integrations = await db.query(`SELECT DISTINCT integration_id FROM incident_report WHERE incident_id = ANY($1::uuid[])`, [[c.id, round.id]]);
    expect(integrations.rows).toHaveLength(1);
    expect(integrations.rows[0].integration_id).not.toBeNull();
    expect(await news(c.id)).toContain('incident.reopened');
    // Dispatched like any new case: a worker takes it, and it closes with a 回访 of its own.
    const closedRound = await work(round.id);
    expect(closedRound.state).toBe('closed');
    expect((await detail(round.id)).followUp?.status).toBe('scheduled');
    // The first round is not signed off: the new round carries on.
    expect((await request(t.url).post(FOLLOWUP_API.signOff(c.id)).set(op()).send({ reason: 'x' }).expect(409)).body.field).toBe('followUp');
  });

  it('sends 「问题未解决」 to 督办: its overdue timer fires once; it is resolved, then signed off', async () => {
    const c = await closedCase();
    const supervised = (await record(c.id, { reached: true, satisfaction: 'satisfied', solved: false, notes: '漏水未修好', decision: 'supervise', supervisionHours: 2 }).expect(200)).body as IncidentView;
    expect(supervised.followUp?.supervision).toMatchObject({ status: 'open', resolvedAt: null, notes: '漏水未修好' });
    expect(Date.parse(supervised.followUp?.supervision?.deadline ?? '') - Date.parse(supervised.followUp?.recordedAt ?? '')).toBe(2 * HOUR);
    expect((await request(t.url).get(FOLLOWUP_API.worklist).set(op()).expect(200)).body.supervision.map((i: IncidentView) => i.id)).toContain(c.id);

    clock.advance(2 * HOUR + 1_000);
    const overdue = await operatorNews.next((i) => i.id === c.id && i.followUp?.supervision?.status === 'overdue');
    expect(overdue.signedOffAt).toBeNull();
    // Fired once, and the 回访's own timer (due in 24 h) is moot later since the 回访 is recorded.
    await until(() => timers(c.id), (ts) => ts.some((x) => x.stage === 'supervision' && x.fired), 'the supervision timer marked');
    expect(await timers(c.id)).toEqual([
      { stage: 'followup', outcome: null, fired: false },
      { stage: 'supervision', outcome: 'fired', fired: true },
    ]);
    expect((await request(t.url).post(FOLLOWUP_API.signOff(c.id)).set(op()).send({ reason: '已处理' }).expect(409)).body.field).toBe('supervision');
    expect((await request(t.url).post(FOLLOWUP_API.resolveSupervision(c.id)).set(op()).send({ notes: '' }).expect(400)).body.field).toBe('notes');
    const resolved = (await request(t.url).post(FOLLOWUP_API.resolveSupervision(c.id)).set(op()).send({ notes: '物业已更换水管' }).expect(200)).body as IncidentView;
    expect(resolved.followUp?.supervision).toMatchObject({ status: 'resolved', resolution: '物业已更换水管' });
    await request(t.url).post(FOLLOWUP_API.resolveSupervision(c.id)).set(op()).send({ notes: 'again' }).expect(409);
    expect((await request(t.url).get(FOLLOWUP_API.worklist).set(op()).expect(200)).body.awaitingSignOff.map((i: IncidentView) => i.id)).toContain(c.id);
    const signed = (await request(t.url).post(FOLLOWUP_API.signOff(c.id)).set(op()).send({ reason: '督办已办结' }).expect(200)).body as IncidentView;
    expect(signed.signedOffAt).not.toBeNull();
    const d = await detail(c.id);
    expect(types(d).filter((x) => x.startsWith('supervision_') || x === 'signed_off')).toEqual(['supervision_opened', 'supervision_overdue', 'supervision_resolved', 'signed_off']);

    // Much later the 回访's own timer falls due: moot, nothing said.
    clock.advance(25 * HOUR);
    await until(() => timers(c.id), (ts) => ts.every((x) => x.fired), 'the follow-up timer marked');
    expect((await timers(c.id)).find((x) => x.stage === 'followup')?.outcome).toBe('moot');
    expect(count(await detail(c.id), 'followup_overdue')).toBe(0);
  });

  it('fires an overdue 回访 once; a caller not reached counts an attempt; an operator signs off by decision', async () => {
    const c = await closedCase();
    clock.advance(24 * HOUR + 1_000);
    await operatorNews.next((i) => i.id === c.id && i.followUp?.status === 'overdue');
    const worklist = (await request(t.url).get(FOLLOWUP_API.worklist).set(op()).expect(200)).body as FollowUpWorklist;
    expect(worklist.overdue.map((i) => i.id)).toContain(c.id);
    expect(worklist.due.map((i) => i.id)).not.toContain(c.id);
    await until(() => timers(c.id), (ts) => ts[0]?.fired === true, 'the follow-up timer marked');
    clock.advance(HOUR);
    expect(await timers(c.id)).toEqual([{ stage: 'followup', outcome: 'fired', fired: true }]);

    const missed = (await record(c.id, { reached: false, notes: '电话无人接听' }).expect(200)).body as IncidentView;
    expect(missed.followUp).toMatchObject({ status: 'overdue', attempts: 1, decision: null });
    expect((await record(c.id, { reached: false, decision: 'sign_off' }).expect(400)).body.field).toBe('notes');
    const signed = (await request(t.url).post(FOLLOWUP_API.signOff(c.id)).set(op()).send({ reason: '三次未接通，现场核实已解决' }).expect(200)).body as IncidentView;
    expect(signed.signedOffAt).not.toBeNull();
    expect(signed.followUp).toMatchObject({ status: 'recorded', decision: 'sign_off', attempts: 1 });
    const d = await detail(c.id);
    expect(count(d, 'followup_overdue')).toBe(1);
    expect(types(d).slice(-3)).toEqual(['followup_recorded', 'followup_recorded', 'signed_off']);
    await request(t.url).post(FOLLOWUP_API.signOff(c.id)).set(op()).send({ reason: 'again' }).expect(409);
  });

  it('lets the grid leader record only where the township allows it, and only for their grid', async () => {
    const c = await closedCase();
    const call = { reached: true, satisfaction: 'satisfied', solved: true };
    expect((await record(c.id, call, phones.W3.token).expect(403)).body.field).toBe('role');
    await settings({ gridLeaderMayRecord: true }).expect(200);
    expect((await record(c.id, call, phones.W1.token).expect(403)).body.field).toBe('role');
    await request(t.url).post(FOLLOWUP_API.record(c.id)).set(bearer((await loginAs(t.url, seed, 'station')).token)).send(call).expect(403);
    const done = (await record(c.id, call, phones.W3.token).expect(200)).body as IncidentView;
    expect(done.followUp?.recordedBy).toBe('worker:hftown-w3');
    expect(done.signedOffAt).not.toBeNull();
    await settings({}).expect(200);
  });

  it('samples by case id: an unsampled case has no 回访 and waits for an operator’s 销号 decision', async () => {
    await settings({ policy: 'sample', sampleRate: 0.5 }).expect(200);
    const cases: IncidentDetailView[] = [];
    for (let i = 0; i < 4; i++) cases.push(await closedCase());
    for (const c of cases) expect(c.followUp !== null).toBe(sampleDraw(c.id) < 0.5);
    const worklist = (await request(t.url).get(FOLLOWUP_API.worklist).set(op()).expect(200)).body as FollowUpWorklist;
    for (const c of cases) expect(worklist.awaitingSignOff.some((i) => i.id === c.id)).toBe(c.followUp === null);
    const unsampled = cases.find((c) => c.followUp === null);
    if (unsampled) {
      expect(types(unsampled)).not.toContain('followup_scheduled');
      expect((await request(t.url).post(FOLLOWUP_API.signOff(unsampled.id)).set(op()).send({ reason: '' }).expect(400)).body.field).toBe('reason');
      expect((await request(t.url).post(FOLLOWUP_API.signOff(unsampled.id)).set(op()).send({ reason: '未抽中，办结属实' }).expect(200)).body.signedOffAt).not.toBeNull();
    }
    const sampled = cases.find((c) => c.followUp !== null);
    if (sampled) await record(sampled.id, { reached: true, satisfaction: 'satisfied', solved: true }).expect(200);
    await settings({}).expect(200);
  });

  it('fires each overdue 回访 exactly once with two hub processes on one database', async () => {
    const cases: IncidentDetailView[] = [];
    for (let i = 0; i < 4; i++) cases.push(await closedCase());
    const second = await startHub({ env: { PORT: '0', LOG_LEVEL: 'warn', DATABASE_URL: t.databaseUrl, NATS_URL: TEST_NATS_URL, HUB_INSTANCE: 'second', OFFER_TIMEOUT_MS: '600000' }, clock, seeds: [seed] });
    try {
      clock.advance(24 * HOUR + 1_000);
      const ids = cases.map((c) => c.id);
      await until(
        async () => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM case_timer WHERE incident_id = ANY($1::uuid[]) AND kind = 'due' AND fired_at IS NULL`, [ids])).rows[0].n,
        (n) => n === 0,
        'every 回访 timer fired',
      );
      const events = await db.query<{ incident_id: string; n: number }>(
        `SELECT incident_id, count(*)::int AS n FROM incident_event WHERE incident_id = ANY($1::uuid[]) AND type = 'followup_overdue' GROUP BY incident_id`,
        [ids],
      );
      expect(events.rows.map((r) => r.n)).toEqual([1, 1, 1, 1]);
    } finally {
      await second.close();
    }
    for (const c of cases) await request(t.url).post(FOLLOWUP_API.signOff(c.id)).set(op()).send({ reason: '测试收尾' }).expect(200);
  });
});
