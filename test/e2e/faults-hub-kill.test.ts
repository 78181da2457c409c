/**
 * Faults, with nothing lost (#13): one of three hub processes is killed outright (SIGKILL) while its
 * phones hold live cases. Its phones reconnect to another hub and go on; the 110 side resends what the
 * dead hub did not sign for; the timers of its cases fire from the other two. The ledger: nothing
 * acknowledged is lost, no case has two owners, no clock stage fires twice or never, no socket misses an
 * event once it has caught up.
 *
 * Runs the built hub (`npm run build`) on a fresh database of the machine's PostgreSQL and a NATS server
 * of its own.
 */
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../support/clients';
import { newIntake110, newTownshipSeed } from '../support/factories';
import { describeLedger, unjudgedClockTimers, faultLedger, IntakeSide, startPhones, type SimulatedPhone } from '../support/fault-ledger';
import { createTestDatabase } from '../support/hub';
import { startHubProcesses, type HubProcesses } from '../support/hub-processes';
import { startPrivateNats, type PrivateNats } from '../support/private-services';
import { LONG_TEST_TIMEOUT_MS } from '../support/patience';

/** Seconds, so every stage of every case falls due within the test; warnings at half of each. */
const CLOCKS = { CLOCK_ACCEPT_SECONDS: '3', CLOCK_CONTACT_SECONDS: '6', CLOCK_ARRIVE_SECONDS: '10', CLOCK_WARN_SHARE: '0.5', OFFER_TIMEOUT_MS: '20000' };
const CASES_BEFORE = 6;
const CASES_AFTER = 6;
const VICTIM = 0;

describe('a hub killed in the middle of live cases', () => {
  const seed = newTownshipSeed({ code: 'faultkill', workers: 12 });
  let nats: PrivateNats;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let hubs: HubProcesses;
  let phones: SimulatedPhone[] = [];
  let pg: Client;

  beforeAll(async () => {
    nats = await startPrivateNats();
    database = await createTestDatabase();
    hubs = await startHubProcesses({ databaseUrl: database.url, natsUrl: nats.url, seed, env: CLOCKS });
    pg = new Client({ connectionString: database.url });
    await pg.connect();
  });

  afterAll(async () => {
    phones.forEach((p) => p.stop());
    await pg?.end();
    await hubs?.close();
    await database?.drop();
    await nats?.destroy();
  });

  /** A case somewhere along the workers' line, so the nearest worker differs from case to case. */
  const someCase = (i: number) => newIntake110({ townshipCode: seed.code, location: { lng: 120.501 + ((i * 7) % 12) * 0.0017, lat: 30.285 } });

  it('loses nothing, assigns nothing twice, and fires every clock stage once from the survivors', async () => {
    const started = Date.now();
    phones = await startPhones(seed, () => hubs.urls);
    const intake = new IntakeSide(() => hubs.urls, seed.apiKeys[0].key);

    for (let i = 0; i < CASES_BEFORE; i++) await intake.send(someCase(i), i);
    // Live cases on the victim's phones: accepted, not yet arrived.
    const victims = phones.filter((p) => p.hubIndex === VICTIM);
    await until(
      () => Promise.resolve(victims.reduce((n, p) => n + [...p.accepted].filter((id) => !p.arrived.has(id)).length, 0)),
      (live) => live >= 1,
      'a case accepted and under way on a phone of the hub to be killed',
      30_000,
    );
    const live = victims.flatMap((p) => [...p.accepted].filter((id) => !p.arrived.has(id)));
    const killedAt = Date.now();
    await hubs.kill(VICTIM);

    // The 110 side goes on sending, the dead hub first in turn for some: those are resent to the next.
    for (let i = 0; i < CASES_AFTER; i++) await intake.send(someCase(CASES_BEFORE + i), i);

    await until(() => Promise.resolve(victims.filter((p) => p.connected && p.hubIndex !== VICTIM).length), (n) => n === victims.length, 'the dead hub’s phones on other hubs', 30_000);
    const ids = [...intake.acknowledged.values()];
    // Every stage of every case judged: all fall due within CLOCK_ARRIVE_SECONDS of the last case.
    await until(
      () => unjudgedClockTimers(database.url, ids),
      (open) => open === 0,
      'every timer of the test’s cases judged',
      60_000,
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${hubs.logs()}`);
    });
    // The live cases on the dead hub's phones went on to arrival.
    await until(() => Promise.resolve(live.filter((id) => victims.some((p) => p.arrived.has(id))).length), (n) => n === live.length, 'the live cases of the dead hub’s phones arrived', 30_000);

    const ledger = await faultLedger(database.url, intake, phones);
    const { rows: survivors } = await pg.query<{ fired_by: string; n: number }>(
      `SELECT fired_by, count(*)::int AS n FROM case_timer WHERE incident_id = ANY($1::uuid[]) AND fired_at > $2 GROUP BY fired_by`,
      [ids, new Date(killedAt)],
    );
    const reconnects = victims.flatMap((p) => p.reconnects.map((r) => r.ms)).sort((a, b) => a - b);
    const refusedSends = intake.attempts.filter((a) => a.status !== 201 && a.status !== 200);
    console.log(
      `faults-hub-kill: killed hub ${hubs.hubs[VICTIM].name} with ${live.length} live case(s) on its ${victims.length} phones; ` +
        `reconnect ms ${JSON.stringify(reconnects)}; intake sends retried ${refusedSends.length} (${refusedSends.map((a) => a.code).join(', ')}); ` +
        `timers judged after the kill by ${JSON.stringify(survivors)}; took ${Date.now() - started} ms\n  ${describeLedger('hub kill', ledger)}`,
    );

    expect(intake.unacknowledged).toEqual([]);
    expect(ledger.acknowledged).toBe(CASES_BEFORE + CASES_AFTER);
    expect(ledger.lost).toEqual([]);
    expect(ledger.doubleAssigned).toEqual([]);
    expect(ledger.firedTwice).toEqual([]);
    expect(ledger.firedNever).toEqual([]);
    expect(ledger.socketMissed).toBe(0);
    expect(ledger.idReused).toBe(0);
    expect(reconnects).toHaveLength(victims.length);
    // The dead hub judged nothing after it died; the others judged what fell due.
    expect(survivors.map((r) => r.fired_by)).not.toContain(hubs.hubs[VICTIM].name);
    expect(survivors.reduce((n, r) => n + r.n, 0)).toBeGreaterThan(0);
  }, LONG_TEST_TIMEOUT_MS);
});
