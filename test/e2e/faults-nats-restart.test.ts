/**
 * Faults, with nothing lost (#13): NATS killed and started again (same port, same JetStream store) while
 * three hub processes serve live cases. Intake goes on (PostgreSQL is the record; the news waits in the
 * outbox), the outbox drains once NATS is back, and no consumer — the phones' sockets, a plain NATS
 * subscriber, a reader of the bus stream and of the feedback stream — sees a duplicate it cannot drop by
 * the event's id (the delivery log's seq on the bus, the event id on feedback). Ends with the ledger.
 */
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, BUS_STREAM, FEEDBACK_STREAM, type BusEnvelope, type HealthResponse } from '@xiaonao/contracts';
import { EventBus } from '../../apps/hub/src/bus/event-bus';
import { SystemClock } from '../../apps/hub/src/clock/clock';
import { Outbox } from '../../apps/hub/src/outbox/outbox';
import { openDatabase, type Database } from '../../apps/hub/src/persistence/database';
import { until } from '../support/clients';
import { newIntake110, newTownshipSeed } from '../support/factories';
import { describeLedger, unjudgedClockTimers, duplicatesBy, faultLedger, IntakeSide, startPhones, type SimulatedPhone } from '../support/fault-ledger';
import { createTestDatabase } from '../support/hub';
import { startHubProcesses, type HubProcesses } from '../support/hub-processes';
import { startPrivateNats, type PrivateNats } from '../support/private-services';
import { LONG_TEST_TIMEOUT_MS } from '../support/patience';

const CLOCKS = { CLOCK_ACCEPT_SECONDS: '3', CLOCK_CONTACT_SECONDS: '6', CLOCK_ARRIVE_SECONDS: '10', CLOCK_WARN_SHARE: '0.5', OFFER_TIMEOUT_MS: '20000' };
const CASES_BEFORE = 4;
const CASES_DURING = 6;
const CASES_AFTER = 2;

/** Every message a stream holds, oldest first (an ordered consumer from the start). */
async function readStream(nc: NatsConnection, stream: string): Promise<{ data: string; msgId: string | undefined }[]> {
  const jsm = await jetstreamManager(nc);
  const info = await jsm.streams.info(stream).catch(() => null);
  if (!info || info.state.messages === 0) return [];
  const consumer = await jetstream(nc).consumers.get(stream);
  const out: { data: string; msgId: string | undefined }[] = [];
  while (out.length < info.state.messages) {
    const batch = await consumer.fetch({ max_messages: 500, expires: 2_000 });
    let got = 0;
    for await (const m of batch) {
      out.push({ data: m.string(), msgId: m.headers?.get('Nats-Msg-Id') || undefined });
      got++;
    }
    if (!got) break;
  }
  return out;
}

describe('NATS restarted under live cases', () => {
  const seed = newTownshipSeed({ code: 'faultnats', workers: 12 });
  let nats: PrivateNats;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let hubs: HubProcesses;
  let phones: SimulatedPhone[] = [];
  let pg: Client;
  let watcher: NatsConnection;
  /** What a plain subscriber to the bus heard, across the restart. */
  const heard: BusEnvelope[] = [];

  beforeAll(async () => {
    nats = await startPrivateNats();
    database = await createTestDatabase();
    hubs = await startHubProcesses({ databaseUrl: database.url, natsUrl: nats.url, seed, env: CLOCKS });
    pg = new Client({ connectionString: database.url });
    await pg.connect();
    watcher = await connect({ servers: nats.url, maxReconnectAttempts: -1, reconnectTimeWait: 250 });
    watcher.subscribe('xiaonao.>', {
      callback: (error, msg) => {
        if (!error) heard.push(msg.json<BusEnvelope>());
      },
    });
  });

  afterAll(async () => {
    phones.forEach((p) => p.stop());
    await watcher?.close();
    await pg?.end();
    await hubs?.close();
    await database?.drop();
    await nats?.destroy();
  });

  const someCase = (i: number) => newIntake110({ townshipCode: seed.code, location: { lng: 120.501 + ((i * 5) % 12) * 0.0017, lat: 30.285 } });
  const unpublished = () => pg.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL').then((r) => r.rows[0].n);
  const health = (url: string) =>
    fetch(url + API.health, { signal: AbortSignal.timeout(5_000) })
      .then(async (res) => (await res.json()) as HealthResponse)
      .catch(() => null);

  it('drains the outbox once NATS is back, and every consumer can drop each duplicate by its id', async () => {
    const started = Date.now();
    phones = await startPhones(seed, () => hubs.urls);
    const intake = new IntakeSide(() => hubs.urls, seed.apiKeys[0].key);
    for (let i = 0; i < CASES_BEFORE; i++) await intake.send(someCase(i), i);
    await until(() => Promise.resolve(phones.reduce((n, p) => n + p.accepted.size, 0)), (n) => n >= 1, 'a case accepted before the fault', 30_000);

    const logMarks = hubs.hubs.map((h) => h.log.length);
    const stoppedAt = Date.now();
    await nats.stop('SIGKILL');
    // Each hub notices and says so.
    const down = await until(() => Promise.all(hubs.urls.map(health)), (all) => all.every((h) => h?.bus === 'down'), 'every hub’s /health to say the bus is down', 15_000);
    // Intake needs only PostgreSQL: cases are signed for while the news of them waits.
    for (let i = 0; i < CASES_DURING; i++) await intake.send(someCase(CASES_BEFORE + i), i);
    const backlog = await until(unpublished, (n) => n > 0, 'news waiting in the outbox');
    // Down long enough that a relay pass gave up on its publish (rolled back, the rows wait) and a clock stage fell due meanwhile.
    await until(() => Promise.resolve(hubs.hubs.some((h, i) => h.log.slice(logMarks[i]).includes('relay failed'))), Boolean, 'a relay pass to fail on the missing NATS', 30_000);
    await until(
      () => pg.query<{ n: number }>(`SELECT count(*)::int AS n FROM case_timer WHERE outcome = 'fired' AND fired_at > $1`, [new Date(stoppedAt)]).then((r) => r.rows[0].n),
      (n) => n > 0,
      'a clock stage fired while NATS was down',
      30_000,
    );

    const restartedAt = Date.now();
    await nats.start();
    const drained = await until(unpublished, (n) => n === 0, 'the outbox drained', 30_000).then(() => Date.now() - restartedAt);
    const healthy = await until(() => Promise.all(hubs.urls.map(health)), (all) => all.every((h) => h?.status === 'ok'), 'every hub healthy again', 30_000).then(() => Date.now() - restartedAt);
    for (let i = 0; i < CASES_AFTER; i++) await intake.send(someCase(CASES_BEFORE + CASES_DURING + i), i);

    const ids = [...intake.acknowledged.values()];
    await until(
      () => unjudgedClockTimers(database.url, ids),
      (open) => open === 0,
      'every timer of the test’s cases judged',
      60_000,
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${hubs.logs()}`);
    });
    await until(unpublished, (n) => n === 0, 'the outbox drained at the end', 15_000);
    // The plain subscriber has heard the whole log, the newest seq included.
    const lastSeq = await pg.query<{ s: string }>('SELECT last_seq AS s FROM outbox_relay WHERE id = 1').then((r) => Number(r.rows[0].s));
    await until(() => Promise.resolve(Math.max(0, ...heard.map((e) => e.seq ?? 0))), (s) => s >= lastSeq, `the subscriber to hear seq ${lastSeq}`, 15_000);

    const ledger = await faultLedger(database.url, intake, phones);
    const subscriber = duplicatesBy(heard.filter((e) => e.seq !== undefined).map((e) => ({ id: String(e.seq), body: JSON.stringify({ ...e, seq: undefined }) })));
    const onBus = duplicatesBy(
      (await readStream(watcher, BUS_STREAM)).map((m) => JSON.parse(m.data) as BusEnvelope).filter((e) => e.seq !== undefined).map((e) => ({ id: String(e.seq), body: JSON.stringify({ ...e, seq: undefined }) })),
    );
    const feedback = duplicatesBy(
      (await readStream(watcher, FEEDBACK_STREAM)).map((m) => {
        const event = JSON.parse(m.data) as { id: string };
        return { id: event.id, body: JSON.stringify({ ...event, id: undefined }) };
      }),
    );
    // Seqs the subscriber never heard: the news relayed while it was away is for the catch-up log, not lost; reported.
    const heardSeqs = new Set(heard.map((e) => e.seq));
    const unheard = Array.from({ length: lastSeq }, (_, i) => i + 1).filter((s) => !heardSeqs.has(s)).length;
    console.log(
      `faults-nats-restart: NATS down ${restartedAt - stoppedAt} ms (hubs said why: ${JSON.stringify(down[0]?.why)}); backlog ${backlog} rows; ` +
        `outbox drained ${drained} ms after NATS started, every hub healthy after ${healthy} ms; ` +
        `subscriber ${JSON.stringify(subscriber)} (unheard seqs ${unheard} of ${lastSeq}), bus stream ${JSON.stringify(onBus)}, feedback stream ${JSON.stringify(feedback)}; took ${Date.now() - started} ms\n  ` +
        describeLedger('nats restart', ledger),
    );

    expect(intake.unacknowledged).toEqual([]);
    expect(ledger.acknowledged).toBe(CASES_BEFORE + CASES_DURING + CASES_AFTER);
    expect(ledger.lost).toEqual([]);
    expect(ledger.doubleAssigned).toEqual([]);
    expect(ledger.firedTwice).toEqual([]);
    expect(ledger.firedNever).toEqual([]);
    expect(ledger.socketMissed).toBe(0);
    expect(ledger.idReused).toBe(0);
    for (const consumer of [subscriber, onBus, feedback]) {
      expect(consumer.undroppable).toBe(0);
      expect(consumer.idReused).toBe(0);
    }
  }, LONG_TEST_TIMEOUT_MS);
});

/** A bus that takes messages until told to fail, as NATS going away half-way through a relay pass. */
class FlakyBus extends EventBus {
  readonly kind = 'nats' as const;
  readonly taken: BusEnvelope[] = [];
  failAfter = Infinity;

  publish(_subject: string, envelope: BusEnvelope): Promise<void> {
    if (this.taken.length >= this.failAfter) return Promise.reject(new Error('NATS went away'));
    this.taken.push(envelope);
    return Promise.resolve();
  }
  subscribe(): () => void {
    return () => undefined;
  }
  isUp(): Promise<boolean> {
    return Promise.resolve(true);
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

describe('a relay pass cut off half-way by NATS', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Database;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = await openDatabase(database.url, 4);
  });

  afterAll(async () => {
    await db?.dataSource.destroy();
    await database?.drop();
  });

  it('sends what it had sent again under the same id, even when news committed late comes first by row id', async () => {
    const bus = new FlakyBus();
    const outbox = new Outbox(db, bus, new SystemClock());
    const news = (name: string) => JSON.stringify({ event: 'incident.updated', townshipId: '00000000-0000-0000-0000-000000000001', townshipCode: 'relay', at: name, payload: {} });
    const insert = 'INSERT INTO outbox (township_id, subject, envelope) VALUES ($1, $2, $3)';
    const row = (name: string) => ['00000000-0000-0000-0000-000000000001', 'xiaonao.relay.incident.updated', news(name)];
    // A use case's transaction takes the lowest row id but commits last (its work ran long).
    const late = db.dataSource.createQueryRunner();
    await late.connect();
    await late.startTransaction();
    await late.query(insert, row('late'));
    await db.query(insert, row('first'));
    await db.query(insert, row('second'));
    // NATS takes the first and is gone before the second: the pass rolls back.
    bus.failAfter = 1;
    await outbox.flush();
    expect(bus.taken).toHaveLength(1);
    await late.commitTransaction();
    await late.release();
    bus.failAfter = Infinity;
    await outbox.flush();
    await outbox.onApplicationShutdown();

    const seen = bus.taken.map((e) => ({ id: String(e.seq), body: JSON.stringify({ ...e, seq: undefined }) }));
    console.log(`faults-nats-restart (relay cut off): sent ${bus.taken.map((e) => `${e.at}#${e.seq}`).join(', ')}`);
    expect(bus.taken.map((e) => e.at).sort()).toEqual(['first', 'first', 'late', 'second']);
    // A consumer that drops by seq (the pages do) drops the resend and loses nothing.
    expect(duplicatesBy(seen)).toEqual({ messages: 4, droppable: 1, undroppable: 0, idReused: 0 });
  });
});
