/**
 * 110 cases per second through each door, signatures checked, over the real PostgreSQL and NATS:
 * the HTTP door beside a plain HTTP endpoint that only parses and answers, and the JetStream door
 * beside a plain durable consumer that only parses, answers and acknowledges. Each door gets the same
 * demo cases with fresh numbers; every one must be taken (201), or the figure would measure refusals.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { AckPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, headers } from '@nats-io/transport-node';
import { API, API_KEY_HEADER, type Intake110Request } from '@xiaonao/contracts';
import { defaultSigningSecret, signatureHeaders } from '../apps/hub/src/auth/request-signature';
import { IntakeBridge } from '../apps/sim/src/bridge/intake-bridge';
import { demoCaseGenerator } from '../apps/sim/src/township/case-templates';
import { buildHezhuangTownship } from '../apps/sim/src/township/hezhuang';
import { createRandom } from '../apps/sim/src/township/random';
import { BENCH_NATS_URL, freshDatabase, startProcess } from './support/processes';
import type { Benchmark, BenchResult } from './support/result';
import { round } from './support/stats';

const CASES = Number(process.env.BENCH_INTAKE_CASES || 1000);
/** Requests in flight at once over HTTP; messages awaiting their stream acknowledgement over JetStream. */
const CONCURRENCY = Number(process.env.BENCH_INTAKE_CONCURRENCY || 16);
const WARM_UP = 50;

/** Sends `count` bodies with `CONCURRENCY` in flight; resolves with cases per second. Any non-201 stops the run. */
async function httpRate(url: string, count: number, body: (i: number) => string, sign: (raw: string) => Record<string, string>): Promise<number> {
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < count) {
      const raw = body(next++);
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...sign(raw) }, body: raw });
      const text = await res.text();
      if (res.status !== 201) throw new Error(`${url} answered ${res.status}: ${text}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return count / ((performance.now() - started) / 1000);
}

/** Publishes `count` signed cases to the hub's JetStream door and waits for every receipt. */
async function jetStreamDoorRate(bridge: IntakeBridge, apiKey: string, count: number, body: (i: number) => Intake110Request): Promise<number> {
  const started = performance.now();
  const sequences: number[] = [];
  for (let i = 0; i < count; i += CONCURRENCY) {
    sequences.push(...(await Promise.all(Array.from({ length: Math.min(CONCURRENCY, count - i) }, (_, j) => bridge.publish(apiKey, body(i + j))))));
  }
  const receipts = await Promise.all(sequences.map((seq) => bridge.receipt(seq, 120_000)));
  const refused = receipts.find((r) => !r.ok || r.statusCode !== 201);
  if (refused) throw new Error(`the JetStream door refused a bench case: ${JSON.stringify(refused)}`);
  return count / ((performance.now() - started) / 1000);
}

/**
 * The JetStream floor: the same publishing, into a stream of its own, taken by a durable pull
 * consumer that parses the JSON, publishes a receipt into the stream and acknowledges.
 */
async function plainJetStreamRate(natsUrl: string, run: string, count: number, body: (i: number) => string): Promise<number> {
  const nc = await connect({ servers: natsUrl, name: 'xiaonao-bench-plain-intake' });
  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);
  const stream = `XIAONAO_BENCH_PLAIN_${run.toUpperCase()}`;
  const subject = `xiaonao-bench.${run}`;
  await jsm.streams.add({ name: stream, subjects: [`${subject}.>`] });
  await jsm.consumers.add(stream, { durable_name: 'plain', filter_subject: `${subject}.in`, ack_policy: AckPolicy.Explicit });
  try {
    let answered = 0;
    let done: () => void = () => undefined;
    const allAnswered = new Promise<void>((resolve) => (done = resolve));
    const receipts = nc.subscribe(`${subject}.receipt`, {
      callback: () => {
        if (++answered === count) done();
      },
    });
    const messages = await (await js.consumers.get(stream, 'plain')).consume({ max_messages: CONCURRENCY * 2 });
    const consuming = (async () => {
      for await (const msg of messages) {
        const { caseNo } = msg.json<{ caseNo: string }>();
        await js.publish(`${subject}.receipt`, JSON.stringify({ ok: true, caseNo }));
        msg.ack();
      }
    })();
    const started = performance.now();
    for (let i = 0; i < count; i += CONCURRENCY) {
      await Promise.all(
        Array.from({ length: Math.min(CONCURRENCY, count - i) }, (_, j) => {
          const raw = body(i + j);
          const h = headers();
          for (const [name, value] of Object.entries(signatureHeaders('plain', raw))) h.set(name, value);
          return js.publish(`${subject}.in`, raw, { headers: h });
        }),
      );
    }
    await allAnswered;
    const rate = count / ((performance.now() - started) / 1000);
    receipts.unsubscribe();
    await messages.close();
    await consuming;
    return rate;
  } finally {
    await jsm.streams.delete(stream).catch(() => false);
    await nc.close();
  }
}

export const intake110: Benchmark = {
  name: 'intake-110',
  description: '110 cases/s through the signed HTTP and JetStream doors (PostgreSQL + NATS), vs a plain HTTP endpoint and a plain JetStream consumer',
  async run(): Promise<BenchResult[]> {
    const run = Date.now().toString(36);
    const dir = mkdtempSync(join(tmpdir(), 'xiaonao-bench-'));
    // A township code of its own: the JetStream door's consumer and messages are per township.
    const seed = { ...buildHezhuangTownship(), code: `bench${run}` };
    const seedFile = join(dir, 'seed.json');
    writeFileSync(seedFile, JSON.stringify(seed));
    const db = await freshDatabase();
    const hub = await startProcess('dist/apps/hub/src/main.js', { DATABASE_URL: db.url, NATS_URL: BENCH_NATS_URL, PORT: '0', SEED_FILE: seedFile, LOG_LEVEL: 'warn', WEB_DIR: join(dir, 'no-web') });
    const plain = await startProcess('dist/bench/baseline/plain-http-intake.js', {});
    const bridge = await IntakeBridge.open(BENCH_NATS_URL, seed.code);
    try {
      const apiKey = seed.apiKeys[0].key;
      const secret = defaultSigningSecret(apiKey);
      const cases = demoCaseGenerator(seed, createRandom(11));
      const newCase = (door: string, i: number): Intake110Request => ({ ...cases.next(new Date()).request, caseNo: `B110-${door}-${run}-${i}` });
      const sign = (raw: string) => ({ [API_KEY_HEADER]: apiKey, ...signatureHeaders(secret, raw) });
      const json = (door: string) => (i: number) => JSON.stringify(newCase(door, i));

      await httpRate(plain.url + API.intake110, WARM_UP, json('WP'), () => ({}));
      await httpRate(hub.url + API.intake110, WARM_UP, json('WH'), sign);
      const plainHttp = await httpRate(plain.url + API.intake110, CASES, json('P'), () => ({}));
      const hubHttp = await httpRate(hub.url + API.intake110, CASES, json('H'), sign);

      await jetStreamDoorRate(bridge, apiKey, WARM_UP, (i) => newCase('WJ', i));
      const plainJs = await plainJetStreamRate(BENCH_NATS_URL, run, CASES, json('PJ'));
      const hubJs = await jetStreamDoorRate(bridge, apiKey, CASES, (i) => newCase('J', i));

      const params = { cases: CASES, concurrency: CONCURRENCY, database: 'postgresql', bus: 'nats', township: 'hezhuang (demo)', signatures: 'HMAC-SHA256, checked' };
      const figure = (name: string, value: number, baseline: number): BenchResult => ({ name, value: round(value, 1), unit: 'cases/s', baseline: round(baseline, 1), ratio: round(value / baseline, 3), params });
      return [figure('intake_110_http_cases_per_s', hubHttp, plainHttp), figure('intake_110_jetstream_cases_per_s', hubJs, plainJs)];
    } finally {
      await bridge.close();
      await plain.stop();
      await hub.stop();
      await db.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
