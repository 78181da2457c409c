import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from 'pg';
import { API, type ClockSettingsView, type IncidentDetailView, type IncidentView } from '@xiaonao/contracts';
import request from 'supertest';
import { startHub, type RunningHub } from '../../apps/hub/src/start-hub';
import { bearer, connectSocket, Inbox, loginAs, postCase, until, type HubSocket } from '../support/clients';
import { newIntake110, newTownshipSeed } from '../support/factories';
import { startTestHub, TEST_NATS_URL, type TestHub } from '../support/hub';

// Seconds instead of minutes, so the test sees every deadline fall due.
const FAST_CLOCKS = { CLOCK_ACCEPT_SECONDS: '2', CLOCK_CONTACT_SECONDS: '3', CLOCK_ARRIVE_SECONDS: '4', CLOCK_WARN_SHARE: '0.5', OFFER_TIMEOUT_MS: '60000', REPORT_LINK_RADIUS_M: '0' };

describe('durable 1-3-8 clocks and their escalation', () => {
  const seed = newTownshipSeed({ code: 'clocktown', workers: 3 });
  // W3 works in the second grid and leads the first (网格长).
  seed.grids[0].leaderCode = 'W3';
  let t: TestHub;
  let operator: string;
  const sockets: HubSocket[] = [];
  const socketOf = async (role: 'operator' | 'station' | 'worker', code?: string) => {
    const { token } = role === 'worker' ? await loginAs(t.url, seed, 'worker', code) : await loginAs(t.url, seed, role);
    const socket = await connectSocket(t.url, token);
    sockets.push(socket);
    return { token, socket };
  };
  const detail = async (id: string) => (await request(t.url).get(API.incident(id)).set(bearer(operator)).expect(200)).body as IncidentDetailView;

  beforeAll(async () => {
    t = await startTestHub({ seed, env: FAST_CLOCKS });
    operator = (await loginAs(t.url, seed, 'operator')).token;
  });

  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await t?.close();
  });

  it('escalates a breach along the default chain: next worker, console alarm and grid leader; the station only for a missed arrival', async () => {
    const op = await socketOf('operator');
    const station = await socketOf('station');
    const w1 = await socketOf('worker', 'W1');
    const w2 = await socketOf('worker', 'W2');
    const leader = await socketOf('worker', 'W3');
    const [opAlerts, stAlerts, leaderAlerts] = [op, station, leader].map((s) => new Inbox(s.socket, 'clock.alert'));
    const [w1Offers, w2Offers] = [w1, w2].map((s) => new Inbox(s.socket, 'offer.created'));
    const w1Withdrawn = new Inbox(w1.socket, 'offer.withdrawn');

    const id = (await postCase(t.url, t.apiKey, newIntake110({ townshipCode: seed.code })).expect(201)).body.incidentId as string;
    await w1Offers.next((o) => o.incidentId === id);
    // W1 stays silent: at the accept deadline the offer is taken back and W2 is asked at once (the window was 60 s).
    const breach = await opAlerts.next((a) => a.incidentId === id && a.stage === 'accept' && a.status === 'breached');
    expect(breach.escalation).toEqual(['next_offer', 'console_alarm', 'notify_grid_leader']);
    await w1Withdrawn.next((w) => w.incidentId === id && w.reason === 'expired');
    const second = await w2Offers.next((o) => o.incidentId === id);
    expect(Date.parse(second.offeredAt) - Date.parse(breach.at)).toBeLessThan(1_000);
    const told = await leaderAlerts.next((a) => a.incidentId === id && a.stage === 'accept');
    expect(told.gridLeaderId).toBe(await workerId('W3'));

    await request(t.url).post(API.accept(id)).set(bearer(w2.token)).send({}).expect(200);
    await opAlerts.next((a) => a.incidentId === id && a.stage === 'contact' && a.status === 'breached');
    const missedArrival = await stAlerts.next((a) => a.incidentId === id && a.stage === 'arrive' && a.status === 'breached');
    expect(missedArrival.escalation).toEqual(['console_alarm', 'inform_station']);
    expect(stAlerts.items.filter((a) => a.incidentId === id).map((a) => a.stage)).toEqual(['arrive']);

    const escalations = (await detail(id)).timeline.filter((e) => e.type === 'escalated').map((e) => e.detail);
    expect(escalations).toMatchObject([
      { stage: 'accept', actions: ['next_offer', 'console_alarm', 'notify_grid_leader'], lapsedOffers: 1 },
      { stage: 'contact', actions: ['console_alarm'] },
      { stage: 'arrive', actions: ['console_alarm', 'inform_station'] },
    ]);
  });

  async function workerId(code: string): Promise<string> {
    const workers = (await request(t.url).get(API.workers).set(bearer(operator)).expect(200)).body as { id: string; name: string }[];
    return workers.find((w) => w.name === seed.workers.find((s) => s.code === code)?.name)?.id as string;
  }

  it('says nothing for a stage done in time, and marks its timers moot', async () => {
    const w = await socketOf('worker', 'W1');
    const offers = new Inbox(w.socket, 'offer.created');
    const id = (await postCase(t.url, t.apiKey, newIntake110({ townshipCode: seed.code })).expect(201)).body.incidentId as string;
    const offer = await offers.next((o) => o.incidentId === id);
    await request(t.url).post(API.accept(offer.incidentId)).set(bearer(w.token)).send({}).expect(200);
    await request(t.url).post(API.contact(id)).set(bearer(w.token)).send({}).expect(200);
    await request(t.url).post(API.arrive(id)).set(bearer(w.token)).send({}).expect(200);
    // Every timer of the case is judged when it falls due (the last at 4 s): wait until all six are, then nothing may have fired.
    await until(() => query<{ n: number }>(`SELECT count(*)::int AS n FROM case_timer WHERE incident_id = $1 AND fired_at IS NULL`, [id]), ([r]) => r.n === 0, 'every timer of the case judged');
    const events = (await detail(id)).timeline.map((e) => e.type);
    expect(events.filter((e) => e === 'clock_breached' || e === 'escalated')).toEqual([]);
    const timers = await query<{ outcome: string; n: number }>(`SELECT outcome, count(*)::int AS n FROM case_timer WHERE incident_id = $1 GROUP BY outcome`, [id]);
    expect(timers).toEqual([{ outcome: 'moot', n: 6 }]);
  });

  async function query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: t.databaseUrl });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  it('fires every due timer exactly once with two hub processes on one database', async () => {
    const second: RunningHub = await startHub({ env: { PORT: '0', LOG_LEVEL: 'warn', DATABASE_URL: t.databaseUrl, NATS_URL: TEST_NATS_URL, HUB_INSTANCE: 'second', ...FAST_CLOCKS }, seeds: [seed] });
    try {
      const ids: string[] = [];
      for (let i = 0; i < 30; i++) {
        const via = i % 2 ? second.url : t.url;
        ids.push((await postCase(via, t.apiKey, newIntake110({ townshipCode: seed.code })).expect(201)).body.incidentId as string);
      }
      // The last timers fall due 4 s after the last case; two loaded hubs may take longer to judge them.
      await until(() => query<{ n: number }>(`SELECT count(*)::int AS n FROM case_timer WHERE incident_id = ANY($1) AND fired_at IS NULL`, [ids]), ([r]) => r.n === 0, 'every due timer fired');
      const twice = await query(
        `SELECT incident_id, detail->>'stage' AS stage, type, count(*) FROM incident_event
         WHERE incident_id = ANY($1) AND type IN ('clock_at_risk', 'clock_breached', 'escalated') GROUP BY 1, 2, 3 HAVING count(*) > 1`,
        [ids],
      );
      expect(twice).toEqual([]);
      // Each fired timer left exactly one event, and each moot one none.
      const [fired] = await query<{ n: number }>(`SELECT count(*)::int AS n FROM case_timer WHERE incident_id = ANY($1) AND outcome = 'fired'`, [ids]);
      const [events] = await query<{ n: number }>(`SELECT count(*)::int AS n FROM incident_event WHERE incident_id = ANY($1) AND type IN ('clock_at_risk', 'clock_breached')`, [ids]);
      expect(events.n).toBe(fired.n);
      expect(fired.n).toBeGreaterThan(0);
    } finally {
      await second.close();
    }
  });

  it('gives a case the windows of the most specific rule at receipt, and refuses a rule that cannot stand, by field', async () => {
    const rules = [
      { category: null, priority: null, acceptSeconds: 30, contactSeconds: 60, arriveSeconds: 120, warnShare: 0.75 },
      { category: 'fire_hazard', priority: null, acceptSeconds: 10, contactSeconds: 20, arriveSeconds: 40, warnShare: 0.5 },
    ];
    const bad = await request(t.url)
      .put(API.clockSettings)
      .set(bearer(operator))
      .send({ rules: [{ ...rules[0], contactSeconds: 5 }] })
      .expect(400);
    expect(bad.body.field).toBe('rules[0].contactSeconds');
    expect((await request(t.url).put(API.clockSettings).set(bearer(operator)).send({ rules, escalation: { contact: ['wake_the_mayor'] } }).expect(400)).body.field).toBe('escalation.contact');
    const saved = (await request(t.url).put(API.clockSettings).set(bearer(operator)).send({ rules, escalation: { contact: ['console_alarm', 'inform_station'] } }).expect(200)).body as ClockSettingsView;
    expect(saved.escalation.contact).toEqual(['console_alarm', 'inform_station']);
    expect(saved.escalation.accept).toEqual(['next_offer', 'console_alarm', 'notify_grid_leader']);

    const deadline = (v: IncidentView, stage: string) => (Date.parse(v.clocks.find((c) => c.stage === stage)?.deadline ?? '') - Date.parse(v.receivedAt)) / 1000;
    const fire = (await postCase(t.url, t.apiKey, newIntake110({ townshipCode: seed.code, category: 'fire_hazard' })).expect(201)).body.incident as IncidentView;
    expect([deadline(fire, 'accept'), deadline(fire, 'contact'), deadline(fire, 'arrive')]).toEqual([10, 20, 40]);
    const dispute = (await postCase(t.url, t.apiKey, newIntake110({ townshipCode: seed.code, category: 'dispute' })).expect(201)).body.incident as IncidentView;
    expect(deadline(dispute, 'accept')).toBe(30);
    await request(t.url).put(API.clockSettings).set(bearer((await loginAs(t.url, seed, 'worker', 'W1')).token)).send({ rules }).expect(403);
  });
});
