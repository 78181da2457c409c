/**
 * 排班推演 (#12) end to end: three weeks of closed cases written into a real hub's incident table and
 * rolled up as the outbox tap would; the what-if replays them with a plan. Nobody on duty at 19–20
 * breaches those hours, a generous plan meets everything the assumptions allow, more workers never
 * lower the rates, only the township's operators may ask, and a bad body is a 400 naming the field.
 */
import { Client } from 'pg';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAFFING_API, type StaffingView } from '@xiaonao/contracts';
import { REFRESH_REVIEW_SQL } from '../../apps/hub/src/review/review-rollup.sql';
import { bearer, loginAs } from '../support/clients';
import { newTownshipSeed } from '../support/factories';
import { startTestHub, type TestHub } from '../support/hub';
import { MovableClock } from '../support/movable-clock';

const flat = (k: number) => Array.from({ length: 24 }, () => k);
const HOURS = [10, 19, 20];
const DAYS = 20;

describe('排班推演: the staffing what-if over real cases', () => {
  const origin = { lng: 120.5, lat: 30.28 };
  const seed = newTownshipSeed({ code: 'sftown', origin, workers: 2 });
  const other = newTownshipSeed({ code: 'sfother', origin: { lng: 121.5, lat: 31.2 }, workers: 1 });
  const clock = new MovableClock('2026-11-30T12:00:00+08:00');
  let t: TestHub;
  let pg: Client;
  let operator: string;
  let station: string;
  let worker: string;
  let otherOperator: string;
  let g1 = '';

  beforeAll(async () => {
    t = await startTestHub({ seed, extraSeeds: [other], clock });
    pg = new Client({ connectionString: t.databaseUrl });
    await pg.connect();
    operator = (await loginAs(t.url, seed, 'operator')).token;
    station = (await loginAs(t.url, seed, 'station')).token;
    worker = (await loginAs(t.url, seed, 'worker', 'W1')).token;
    otherOperator = (await loginAs(t.url, other, 'operator')).token;
    const town = (await pg.query<{ id: string }>('SELECT id FROM township WHERE code = $1', [seed.code])).rows[0].id;
    g1 = (await pg.query<{ id: string }>("SELECT id FROM grid WHERE township_id = $1 AND code = 'G1'", [town])).rows[0].id;
    // One case a day at 10:00, 19:00 and 20:00 Beijing for 20 days before today, about 300 m from G1's
    // centre; actually accepted in 30 s, contacted in 100 s, arrived in 10 min (late).
    const ids = await pg.query<{ id: string }>(
      `WITH w AS (SELECT id FROM worker WHERE township_id = $1 ORDER BY code LIMIT 1)
       INSERT INTO incident (township_id, case_no, source, received_at, caller_name, caller_phone, address, lng, lat, category, description,
                             state, priority, grid_id, worker_id, accepted_at, contacted_at, arrived_at, closed_at, closure, result)
       SELECT $1, 'SF-' || d || '-' || h, '110', at, '测试', '13900000000', '推演路' || d || '号', $3::float8 + 0.005 + 0.003, $4::float8 + 0.005, 'noise', '排班推演',
              'closed', 2, $2, w.id, at + interval '30 seconds', at + interval '100 seconds', at + interval '10 minutes', at + interval '40 minutes', 'resolved', '已处置'
         FROM generate_series(1, $5::int) AS d, unnest($6::int[]) AS h, w,
              LATERAL (SELECT (('2026-11-30'::date - d) + make_interval(hours => h)) AT TIME ZONE 'Asia/Shanghai' AS at) x
       RETURNING id`,
      [town, g1, origin.lng, origin.lat, DAYS, HOURS],
    );
    await pg.query(REFRESH_REVIEW_SQL, [ids.rows.map((r) => r.id)]);
  });

  afterAll(async () => {
    await pg?.end();
    await t?.close();
  });

  const ask = (token: string, body: object) => request(t.url).post(STAFFING_API.staffing).set(bearer(token)).send(body);
  const whatIf = async (body: object) => (await ask(operator, body).expect(200)).body as StaffingView;

  it('nobody on duty in the evening breaches those hours; the day hour meets all three', async () => {
    const plan = flat(2);
    plan[19] = 0;
    plan[20] = 0;
    const v = await whatIf({ weeks: 3, plan });
    expect(v.period).toEqual({ from: '2026-11-10', to: '2026-11-30' });
    expect(v.simulated.overall.cases).toBe(DAYS * HOURS.length);
    for (const h of [19, 20]) expect(v.simulated.byHour[h]).toMatchObject({ cases: DAYS, accept: 0, contact: 0, arrive: 0, all138: 0 });
    expect(v.simulated.byHour[10]).toMatchObject({ cases: DAYS, accept: 1, contact: 1, arrive: 1 });
    expect(v.assumptions).toMatchObject({ answerSeconds: 15, contactSeconds: 30, speedMps: 5, handlingMinutes: 20 });
    expect(v.note).toContain('非预测');
    // The same cases' actual record: accepted and contacted in time, every arrival late.
    expect(v.actual.overall).toMatchObject({ cases: DAYS * HOURS.length, accept: 1, contact: 1, arrive: 0 });
    expect(v.actual.byHour[19]).toMatchObject({ cases: DAYS, arrive: 0 });
  });

  it('a generous plan meets what the assumptions allow; slow travel is what misses', async () => {
    expect((await whatIf({ weeks: 3, plan: flat(10) })).simulated.overall).toMatchObject({ accept: 1, contact: 1, arrive: 1, all138: 1 });
    // With 8 minutes to get going, no arrival can make 8 minutes, whatever the distance.
    const slow = await whatIf({ weeks: 3, plan: flat(10), assumptions: { speedMps: 1.3, startSeconds: 480 } });
    expect(slow.simulated.overall).toMatchObject({ accept: 1, contact: 1, arrive: 0 });
    expect(slow.assumptions).toMatchObject({ speedMps: 1.3, startSeconds: 480, answerSeconds: 15 });
  });

  it('more workers never lower the rates; fewer weeks read fewer cases; one grid is its own cases', async () => {
    let before = (await whatIf({ weeks: 3, plan: flat(0) })).simulated.overall;
    expect(before.all138).toBe(0);
    for (const k of [1, 2, 5]) {
      const after = (await whatIf({ weeks: 3, plan: flat(k), assumptions: { handlingMinutes: 120 } })).simulated.overall;
      for (const key of ['acceptInTime', 'contactInTime', 'arriveInTime'] as const) expect(after[key]).toBeGreaterThanOrEqual(before[key]);
      before = after;
    }
    // One week is 11-24..11-30: six days of cases (none seeded today).
    expect((await whatIf({ weeks: 1, plan: flat(1) })).simulated.overall.cases).toBe(6 * HOURS.length);
    expect((await whatIf({ weeks: 3, plan: flat(1), gridId: g1 })).simulated.overall.cases).toBe(DAYS * HOURS.length);
  });

  it('only operators ask, and another township sees nothing of these cases', async () => {
    await ask(station, { weeks: 3, plan: flat(1) }).expect(403);
    await ask(worker, { weeks: 3, plan: flat(1) }).expect(403);
    await request(t.url).post(STAFFING_API.staffing).send({ weeks: 3, plan: flat(1) }).expect(401);
    const theirs = (await ask(otherOperator, { weeks: 3, plan: flat(1) }).expect(200)).body as StaffingView;
    expect(theirs.simulated.overall.cases).toBe(0);
    expect(theirs.actual.overall.cases).toBe(0);
    expect((await ask(otherOperator, { weeks: 3, plan: flat(1), gridId: g1 }).expect(404)).body.field).toBe('gridId');
  });

  it('a bad body is a 400 naming the field', async () => {
    const field = async (body: object) => (await ask(operator, body).expect(400)).body.field as string;
    expect(await field({ weeks: 13, plan: flat(1) })).toBe('weeks');
    expect(await field({ weeks: 0, plan: flat(1) })).toBe('weeks');
    expect(await field({ plan: flat(1) })).toBe('weeks');
    expect(await field({ weeks: 2, plan: flat(1).slice(1) })).toBe('plan');
    expect(await field({ weeks: 2, plan: [...flat(1).slice(1), -1] })).toMatch(/^plan/);
    expect(await field({ weeks: 2, plan: flat(1), gridId: 'nope' })).toBe('gridId');
    expect(await field({ weeks: 2, plan: flat(1), assumptions: { speedMps: 0 } })).toBe('assumptions.speedMps');
  });
});
