/**
 * Results back to the sender: feedback events per second delivered to a local Standard Webhooks
 * receiver (signatures verified) beside the receiver's own raw rate (a plain loop of signed POSTs to
 * it); the delivery lag p99 from the state change at a steady load; and, with the receiver down for
 * 60 s in the middle of a steady load, the time from its return until everything is delivered.
 *
 * The hub runs in this process over the real PostgreSQL. Cases and their 110 reports are written
 * straight into the database (this measures feedback, not intake); their state changes are written as
 * the use cases write them, as outbox news in a transaction, so the outbox's tap writes the feedback
 * events and the delivery service sends them. Every event must arrive once and in order per case.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import type { BusEventName, FeedbackEvent, IncidentView } from '@xiaonao/contracts';
import { Outbox, type OutboxItem } from '../apps/hub/src/outbox/outbox';
import { Database } from '../apps/hub/src/persistence/database';
import { startHub } from '../apps/hub/src/start-hub';
import { buildHezhuangTownship } from '../apps/sim/src/township/hezhuang';
import { BENCH_JWT_SECRET, freshDatabase } from './support/processes';
import type { Benchmark, BenchResult } from './support/result';
import { percentile, round } from './support/stats';

const BURST_CASES = Number(process.env.BENCH_FEEDBACK_CASES || 1_500);
const STEADY_RATE = Number(process.env.BENCH_FEEDBACK_RATE || 100);
const STEADY_SECONDS = Number(process.env.BENCH_FEEDBACK_STEADY_SECONDS || 15);
const OUTAGE_SECONDS = Number(process.env.BENCH_FEEDBACK_OUTAGE_SECONDS || 60);
const OUTAGE_RATE = Number(process.env.BENCH_FEEDBACK_OUTAGE_RATE || 50);
const CONCURRENCY = Number(process.env.FEEDBACK_CONCURRENCY || 32);
const STEPS: BusEventName[] = ['incident.accepted', 'incident.contacted', 'incident.arrived', 'incident.closed'];
const TICK_MS = 100;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const nowMs = () => performance.timeOrigin + performance.now();

/** A 110 side: verifies every request as Standard Webhooks documents, counts what it took per case. */
class Receiver {
  down = false;
  readonly taken: { id: string; caseNo: string; type: string; lagMs: number; at: number }[] = [];
  private readonly verifier: Webhook;
  private constructor(
    private readonly server: Server,
    secret: string,
  ) {
    this.verifier = new Webhook(secret);
    server.on('request', (req, res) => {
      if (this.down) return void req.socket.destroy();
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        try {
          const e = this.verifier.verify(Buffer.concat(chunks).toString('utf8'), {
            'webhook-id': String(req.headers['webhook-id']),
            'webhook-timestamp': String(req.headers['webhook-timestamp']),
            'webhook-signature': String(req.headers['webhook-signature']),
          }) as FeedbackEvent;
          const at = nowMs();
          this.taken.push({ id: e.id, caseNo: e.caseNo, type: e.type, lagMs: at - Date.parse(e.occurredAt), at });
          res.writeHead(204).end();
        } catch {
          res.writeHead(400).end();
        }
      });
    });
  }
  static async start(secret: string): Promise<Receiver> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new Receiver(server, secret);
  }
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** The receiver's raw rate: signed POSTs of event-sized bodies in a loop, as many in flight as the hub sends. */
async function rawRate(url: string, secret: string, count: number): Promise<number> {
  const signer = new Webhook(secret);
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const id = `evt_${i.toString(16).padStart(32, '0')}`;
      const body = JSON.stringify({ id, type: 'case.closed', occurredAt: new Date().toISOString(), caseNo: `RAW-${i}`, result: { kind: 'resolved', zh: '已办结', en: 'Resolved', code: '10', text: '已处理' } });
      const at = new Date();
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': signer.sign(id, at, body) },
        body,
      });
      await res.text();
      if (res.status !== 204) throw new Error(`raw POST answered ${res.status}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return count / ((performance.now() - started) / 1000);
}

interface BenchCase {
  id: string;
  caseNo: string;
}

/** Received 110 cases with their reports from the integration, straight into the database. */
async function insertCases(db: Database, townshipId: string, apiKeyId: string, prefix: string, count: number): Promise<BenchCase[]> {
  return db.query<BenchCase>(
    `WITH t AS (SELECT id, center_lng, center_lat FROM township WHERE id = $1),
     made AS (
       INSERT INTO incident (township_id, case_no, source, received_at, caller_name, caller_phone, address, lng, lat, category, description, state, priority, awaiting_confirmation)
       SELECT t.id, 'XN-' || $2 || '-' || g, '110', now(), '测试', '13800000000', '测试地址', t.center_lng, t.center_lat, 'other', '反馈测试', 'received', 3, true
         FROM t, generate_series(1, $3::int) AS g
       RETURNING id, township_id, case_no, lng, lat, received_at
     )
     INSERT INTO incident_report (township_id, incident_id, case_no, source, role, received_at, caller_name, caller_phone, address, lng, lat, category, description, actor, event_source, integration_id)
     SELECT m.township_id, m.id, '110-' || m.case_no, '110', 'origin', m.received_at, '测试', '13800000000', '测试地址', m.lng, m.lat, 'other', '反馈测试', 'bench', '110', $4
       FROM made m
     RETURNING incident_id AS id, case_no AS "caseNo"`,
    [townshipId, prefix, count, apiKeyId],
  );
}

/** Just what the feedback tap and the socket rooms read of a case; step times null, so the news time is the state change. */
function viewOf(c: BenchCase, townshipId: string, step: BusEventName): IncidentView {
  const closed = step === 'incident.closed';
  const view: Partial<IncidentView> = {
    id: c.id,
    townshipId,
    caseNo: c.caseNo.slice(4),
    round: 1,
    state: closed ? 'closed' : (step.slice('incident.'.length) as IncidentView['state']),
    closure: closed ? 'resolved' : null,
    worker: { id: '00000000-0000-0000-0000-000000000001', name: '网格员', phone: '' },
    assistants: [],
    station: null,
    grid: null,
    acceptedAt: null,
    contactedAt: null,
    arrivedAt: null,
    closedAt: null,
    result: closed ? '已处理' : null,
    signedOffAt: null,
    receivedAt: new Date().toISOString(),
  };
  return view as IncidentView;
}

/** Writes one state change per (case, step) given, in one transaction, as a use case would. */
async function change(db: Database, outbox: Outbox, townshipId: string, items: { c: BenchCase; step: BusEventName }[]): Promise<void> {
  if (!items.length) return;
  await db.transaction((tx) => outbox.addMany(tx, items.map(({ c, step }) => ({ townshipId, event: step, payload: { incident: viewOf(c, townshipId, step) } }) as OutboxItem)));
  outbox.kick();
}

/** Emits `rate` state changes a second for `seconds`: each case's four steps on four consecutive ticks. */
async function steady(db: Database, outbox: Outbox, townshipId: string, cases: BenchCase[], rate: number, seconds: number): Promise<number> {
  const perTick = Math.max(1, Math.round((rate * TICK_MS) / 1000));
  const ticks = Math.round((seconds * 1000) / TICK_MS);
  const started = nowMs();
  let emitted = 0;
  for (let t = 0; t < ticks; t++) {
    const group = Math.floor(t / STEPS.length);
    const step = STEPS[t % STEPS.length];
    const batch = cases.slice(group * perTick, (group + 1) * perTick);
    await change(db, outbox, townshipId, batch.map((c) => ({ c, step })));
    emitted += batch.length;
    const wait = started + (t + 1) * TICK_MS - nowMs();
    if (wait > 0) await sleep(wait);
  }
  return emitted;
}

async function until(ok: () => boolean, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** Once and in order per case: returns the number of duplicates and of cases out of order. */
function audit(taken: Receiver['taken']): { duplicates: number; outOfOrder: number } {
  const ids = new Set<string>();
  let duplicates = 0;
  const byCase = new Map<string, string[]>();
  for (const t of taken) {
    if (ids.has(t.id)) duplicates++;
    ids.add(t.id);
    byCase.set(t.caseNo, [...(byCase.get(t.caseNo) ?? []), t.type]);
  }
  const order = ['case.accepted', 'case.contacted', 'case.arrived', 'case.closed'];
  let outOfOrder = 0;
  for (const types of byCase.values()) if (types.some((type, i) => order.indexOf(type) !== i)) outOfOrder++;
  return { duplicates, outOfOrder };
}

export const feedback: Benchmark = {
  name: 'feedback',
  description: 'feedback events/s delivered to a local Standard Webhooks receiver vs its raw rate; lag p99 from the state change; drain time after a 60 s receiver outage',
  async run(): Promise<BenchResult[]> {
    const secret = `whsec_${randomBytes(24).toString('base64')}`;
    const receiver = await Receiver.start(secret);
    const database = await freshDatabase();
    const seed = buildHezhuangTownship();
    seed.apiKeys = seed.apiKeys.map((k, i) => (i === 0 ? { ...k, feedback: { webhookUrl: `${receiver.url}/110`, webhookSecret: secret } } : k));
    const hub = await startHub({ env: { JWT_SECRET: BENCH_JWT_SECRET, DATABASE_URL: database.url, NATS_URL: undefined, PORT: '0', LOG_LEVEL: 'error', WEB_DIR: '/nonexistent', FEEDBACK_CONCURRENCY: String(CONCURRENCY) }, seeds: [seed] });
    try {
      const db = hub.app.get(Database);
      const outbox = hub.app.get(Outbox);
      const townshipId = hub.townships[0].id;
      const [key] = await db.query<{ id: string }>(`SELECT id FROM api_key WHERE township_id = $1 AND name = $2`, [townshipId, seed.apiKeys[0].name]);

      // The receiver's own rate, and a warm-up of the hub's path.
      await rawRate(`${receiver.url}/raw`, secret, 500);
      const baselineRate = await rawRate(`${receiver.url}/raw`, secret, 4 * BURST_CASES);
      receiver.taken.length = 0;
      const warm = await insertCases(db, townshipId, key.id, 'W', 50);
      for (const step of STEPS) await change(db, outbox, townshipId, warm.map((c) => ({ c, step })));
      await until(() => receiver.taken.length >= warm.length * 4, 'the warm-up', 60_000);
      receiver.taken.length = 0;

      // Burst: every case's four steps written as fast as transactions of 100 go; delivered per second.
      const burst = await insertCases(db, townshipId, key.id, 'B', BURST_CASES);
      const burstStart = nowMs();
      for (const step of STEPS) for (let i = 0; i < burst.length; i += 100) await change(db, outbox, townshipId, burst.slice(i, i + 100).map((c) => ({ c, step })));
      await until(() => receiver.taken.length >= burst.length * 4, 'the burst', 120_000);
      const burstRate = (burst.length * 4) / ((Math.max(...receiver.taken.map((t) => t.at)) - burstStart) / 1000);
      const burstAudit = audit(receiver.taken);
      receiver.taken.length = 0;

      // Steady load: lag from the state change to the receiver's answer.
      const steadyCases = await insertCases(db, townshipId, key.id, 'S', Math.ceil((STEADY_RATE * STEADY_SECONDS) / STEPS.length) + 10);
      const emitted = await steady(db, outbox, townshipId, steadyCases, STEADY_RATE, STEADY_SECONDS);
      await until(() => receiver.taken.length >= emitted, 'the steady load', 60_000);
      const lags = receiver.taken.map((t) => t.lagMs);
      const steadyAudit = audit(receiver.taken);
      receiver.taken.length = 0;

      // Outage: the receiver is down for OUTAGE_SECONDS in the middle of a steady load, then back.
      const outageCases = await insertCases(db, townshipId, key.id, 'O', Math.ceil((OUTAGE_RATE * (OUTAGE_SECONDS + 20)) / STEPS.length) + 10);
      const third = Math.floor(outageCases.length / 4);
      const before = await steady(db, outbox, townshipId, outageCases.slice(0, third), OUTAGE_RATE, 5);
      receiver.down = true;
      const during = await steady(db, outbox, townshipId, outageCases.slice(third, 3 * third), OUTAGE_RATE, OUTAGE_SECONDS);
      receiver.down = false;
      const back = nowMs();
      const after = await steady(db, outbox, townshipId, outageCases.slice(3 * third), OUTAGE_RATE, 5);
      await until(() => receiver.taken.length >= before + during + after, 'the drain after the outage', 15 * 60_000);
      const drainedAt = Math.max(...receiver.taken.map((t) => t.at));
      // How long the same events take to arrive with the receiver up all the time: the last one's lag.
      const drainSeconds = (drainedAt - back) / 1000;
      const outageAudit = audit(receiver.taken);

      const bad = [burstAudit, steadyAudit, outageAudit].find((a) => a.duplicates || a.outOfOrder);
      if (bad) throw new Error(`feedback arrived out of order or twice: ${JSON.stringify({ burstAudit, steadyAudit, outageAudit })}`);
      const params = { database: 'postgresql', bus: 'in-process', concurrency: CONCURRENCY, signatures: 'Standard Webhooks, verified by the receiver', duplicates: 0, outOfOrder: 0 };
      return [
        { name: 'feedback_events_per_s', value: round(burstRate, 1), unit: 'events/s', baseline: round(baselineRate, 1), ratio: round(burstRate / baselineRate, 3), params: { ...params, cases: BURST_CASES, events: BURST_CASES * 4, baselineIs: 'signed POST loop to the same receiver' } },
        { name: 'feedback_lag_p99_ms', value: round(percentile(lags, 99), 1), unit: 'ms', baseline: round(percentile(lags, 50), 1), ratio: round(percentile(lags, 99) / percentile(lags, 50), 3), params: { ...params, rate: STEADY_RATE, seconds: STEADY_SECONDS, events: emitted, baselineIs: 'lag p50 of the same run' } },
        {
          name: 'feedback_drain_after_outage_s',
          value: round(drainSeconds, 2),
          unit: 's',
          // The steady load's own time after the return: draining cannot end before the last event is written.
          baseline: 5,
          ratio: round(drainSeconds / 5, 3),
          params: { ...params, outageSeconds: OUTAGE_SECONDS, rate: OUTAGE_RATE, events: before + during + after, queuedDuringOutage: during, baselineIs: 'seconds of load written after the return' },
        },
      ];
    } finally {
      await hub.close();
      await receiver.close();
      await database.drop();
    }
  },
};
