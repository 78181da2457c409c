/**
 * Faults, with nothing lost (#13): PostgreSQL stopped for 30 s under three hub processes with live cases.
 * While it is away every intake answers 503 DATABASE_UNAVAILABLE with Retry-After within a second (the
 * 110 side resends), `/health` says why; once it is back, every hub is in full service within 60 s: healthy,
 * each case the 110 side held is signed for, the outbox drained, and a new case entered on each hub is
 * offered and accepted. Ends with the ledger.
 *
 * PostgreSQL here is a cluster of the test's own (the machine's shared one must never be stopped).
 */
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, type HealthResponse } from '@xiaonao/contracts';
import { until } from '../support/clients';
import { newIntake110, newTownshipSeed } from '../support/factories';
import { describeLedger, unjudgedClockTimers, faultLedger, IntakeSide, startPhones, type SimulatedPhone } from '../support/fault-ledger';
import { startHubProcesses, type HubProcesses } from '../support/hub-processes';
import { startPrivateNats, startPrivatePostgres, type PrivateNats, type PrivatePostgres } from '../support/private-services';

const CLOCKS = { CLOCK_ACCEPT_SECONDS: '3', CLOCK_CONTACT_SECONDS: '6', CLOCK_ARRIVE_SECONDS: '10', CLOCK_WARN_SHARE: '0.5', OFFER_TIMEOUT_MS: '20000' };
const OUTAGE_MS = 30_000;
/** The issue's bounds. */
const REFUSE_WITHIN_MS = 1_000;
const FULL_SERVICE_WITHIN_MS = 60_000;
const CASES_BEFORE = 4;
/** A new case from the 110 side this often while PostgreSQL is away. */
const SEND_EVERY_MS = 5_000;

interface HealthReading {
  hub: string;
  at: number;
  ms: number;
  status: number;
  body: HealthResponse | null;
}

async function readHealth(url: string): Promise<HealthReading> {
  const at = Date.now();
  try {
    const res = await fetch(url + API.health, { signal: AbortSignal.timeout(5_000) });
    return { hub: url, at, ms: Date.now() - at, status: res.status, body: (await res.json()) as HealthResponse };
  } catch {
    return { hub: url, at, ms: Date.now() - at, status: 0, body: null };
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('PostgreSQL stopped for 30 s under live cases', () => {
  const seed = newTownshipSeed({ code: 'faultpg', workers: 12 });
  let postgres: PrivatePostgres;
  let nats: PrivateNats;
  let hubs: HubProcesses;
  let phones: SimulatedPhone[] = [];

  beforeAll(async () => {
    [postgres, nats] = await Promise.all([startPrivatePostgres(), startPrivateNats()]);
    hubs = await startHubProcesses({ databaseUrl: postgres.url, natsUrl: nats.url, seed, env: CLOCKS });
  });

  afterAll(async () => {
    phones.forEach((p) => p.stop());
    await hubs?.close();
    await postgres?.destroy();
    await nats?.destroy();
  });

  /** A query on the private cluster, on a connection of its own (none survives the stop). */
  async function sql<T extends object>(text: string, params: unknown[] = []): Promise<T[]> {
    const pg = new Client({ connectionString: postgres.url });
    await pg.connect();
    try {
      return (await pg.query<T>(text, params)).rows;
    } finally {
      await pg.end();
    }
  }

  const someCase = (i: number) => newIntake110({ townshipCode: seed.code, location: { lng: 120.501 + ((i * 5) % 12) * 0.0017, lat: 30.285 } });

  it('answers 503 within a second while it is away, says why, loses nothing, and is in full service within 60 s of its return', async () => {
    const started = Date.now();
    phones = await startPhones(seed, () => hubs.urls);
    const intake = new IntakeSide(() => hubs.urls, seed.apiKeys[0].key);
    let caseNo = 0;
    for (; caseNo < CASES_BEFORE; caseNo++) await intake.send(someCase(caseNo), caseNo);
    await until(() => Promise.resolve(phones.reduce((n, p) => n + p.accepted.size, 0)), (n) => n >= 1, 'a case accepted before the fault', 30_000);

    await postgres.stop('fast');
    const stoppedAt = Date.now();
    // The one deliberate wait: 30 s away, measured from the stop. Meanwhile the 110 side sends new cases and resends
    // them (every answer timed), and each hub's /health is read.
    const held: Promise<string | null>[] = [];
    const health: HealthReading[] = [];
    let nextSend = stoppedAt;
    while (Date.now() - stoppedAt < OUTAGE_MS) {
      if (Date.now() >= nextSend) {
        held.push(intake.send(someCase(caseNo), caseNo, 150_000));
        caseNo++;
        nextSend += SEND_EVERY_MS;
      }
      health.push(...(await Promise.all(hubs.urls.map(readHealth))));
      await pause(Math.min(1_000, Math.max(0, stoppedAt + OUTAGE_MS - Date.now())));
    }
    const outageEnd = Date.now();

    const restarting = Date.now();
    await postgres.start();
    const returnedAt = Date.now();
    const since = (t: number) => t - returnedAt;

    const healthyAt = await until(() => Promise.all(hubs.urls.map(readHealth)), (all) => all.every((h) => h.status === 200), 'every hub healthy', FULL_SERVICE_WITHIN_MS).then(() => Date.now());
    const ackedAt = await Promise.all(held).then(() => Date.now());
    const drainedAt = await until(
      () => sql<{ n: number }>('SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL').then((r) => r[0].n),
      (n) => n === 0,
      'the outbox drained',
      FULL_SERVICE_WITHIN_MS,
    ).then(() => Date.now());
    // A new case on each hub, offered and accepted: intake, dispatch, the bus and the phones all work again.
    const probes: string[] = [];
    for (let i = 0; i < hubs.urls.length; i++) {
      const id = await intake.send(someCase(caseNo++), i, 10_000);
      if (id) probes.push(id);
    }
    const dispatchingAt = await until(
      () => Promise.resolve(probes.filter((id) => phones.some((p) => p.accepted.has(id))).length),
      (n) => n === hubs.urls.length,
      'a new case on each hub accepted by a phone',
      FULL_SERVICE_WITHIN_MS,
    )
      .then(() => Date.now())
      .catch(async (error: unknown) => {
        const states = await sql('SELECT i.id, i.state, i.worker_id, (SELECT json_agg(o.worker_id || \':\' || o.outcome) FROM offer o WHERE o.incident_id = i.id) AS offers FROM incident i WHERE i.id = ANY($1::uuid[])', [probes]);
        throw new Error(`${String(error)}\n${JSON.stringify(states)}\nrefusals ${JSON.stringify(phones.flatMap((p) => p.refusals))}\n${hubs.logs()}`);
      });
    const fullService = Math.max(healthyAt, ackedAt, drainedAt, dispatchingAt) - returnedAt;

    const ids = [...intake.acknowledged.values()];
    await until(
      () => unjudgedClockTimers(postgres.url, ids),
      (open) => open === 0,
      'every timer of the test’s cases judged',
      60_000,
    ).catch(async (error: unknown) => {
      const open = await sql(
        `SELECT t.incident_id, t.stage, t.kind, t.due_at, clock_timestamp() AS now, i.state FROM case_timer t JOIN incident i ON i.id = t.incident_id
         WHERE t.incident_id = ANY($1::uuid[]) AND t.fired_at IS NULL AND t.stage IN ('accept', 'contact', 'arrive')`,
        [ids],
      );
      throw new Error(`${String(error)}\n${JSON.stringify(open)}\n${hubs.logs()}`);
    });
    const ledger = await faultLedger(postgres.url, intake, phones);

    const during = intake.attempts.filter((a) => a.at >= stoppedAt && a.at + a.ms <= outageEnd);
    const refusals = during.filter((a) => a.status === 503);
    const slowest = Math.max(0, ...refusals.map((a) => a.ms));
    const sorted = refusals.map((a) => a.ms).sort((a, b) => a - b);
    const downHealth = health.filter((h) => h.at >= stoppedAt);
    console.log(
      `faults-postgres-outage: PostgreSQL away ${returnedAt - stoppedAt} ms (pg_ctl start took ${returnedAt - restarting} ms); ` +
        `${during.length} intake answers while away: ${refusals.length} × 503 (p50 ${sorted[Math.floor(sorted.length / 2)] ?? 0} ms, max ${slowest} ms, ` +
        `Retry-After ${[...new Set(refusals.map((a) => a.retryAfter))].join('/')}), others ${JSON.stringify(during.filter((a) => a.status !== 503).map((a) => `${a.status} ${a.code}`))}; ` +
        `/health while away: ${downHealth.filter((h) => h.status === 503).length}/${downHealth.length} said 503, slowest ${Math.max(0, ...downHealth.map((h) => h.ms))} ms, e.g. ${JSON.stringify(downHealth.find((h) => h.body?.why.length)?.body?.why)}; ` +
        `after the return: healthy ${since(healthyAt)} ms, held cases signed for ${since(ackedAt)} ms, outbox drained ${since(drainedAt)} ms, new cases dispatched ${since(dispatchingAt)} ms → full service ${fullService} ms; ` +
        `took ${Date.now() - started} ms\n  ${describeLedger('postgres outage', ledger)}`,
    );

    expect(refusals.length).toBeGreaterThan(10);
    // Every answer while away was a prompt 503 (no hang, no 500), telling the sender when to retry.
    expect(during.filter((a) => a.status !== 503)).toEqual([]);
    expect(refusals.every((a) => a.code === 'DATABASE_UNAVAILABLE' && a.retryAfter !== null)).toBe(true);
    expect(slowest).toBeLessThan(REFUSE_WITHIN_MS);
    expect(downHealth.length).toBeGreaterThan(0);
    expect(downHealth.every((h) => h.status === 503 && h.body?.database === 'down' && h.body.why.some((w) => w.includes('PostgreSQL')))).toBe(true);
    expect(fullService).toBeLessThanOrEqual(FULL_SERVICE_WITHIN_MS);

    expect(intake.unacknowledged).toEqual([]);
    expect(ledger.acknowledged).toBe(caseNo);
    expect(ledger.lost).toEqual([]);
    expect(ledger.doubleAssigned).toEqual([]);
    expect(ledger.firedTwice).toEqual([]);
    expect(ledger.firedNever).toEqual([]);
    expect(ledger.socketMissed).toBe(0);
    expect(ledger.idReused).toBe(0);
  });
});
