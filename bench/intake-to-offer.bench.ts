/**
 * Time from the 110 intake request leaving the sender to the offer arriving on the chosen worker's
 * socket, over the real PostgreSQL and NATS, beside a plain socket.io acknowledgement round trip.
 * Cases go one at a time; after each offer the worker accepts and closes so the township stays staffed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import { API, API_KEY_HEADER, type ClientToServerEvents, type LoginResponse, type OfferView, type ServerToClientEvents } from '@xiaonao/contracts';
import { defaultSigningSecret, signatureHeaders } from '../apps/hub/src/auth/request-signature';
import { demoCaseGenerator } from '../apps/sim/src/township/case-templates';
import { buildHezhuangTownship } from '../apps/sim/src/township/hezhuang';
import { createRandom } from '../apps/sim/src/township/random';
import { BENCH_NATS_URL, freePort, freshDatabase, startProcess } from './support/processes';
import type { Benchmark, BenchResult } from './support/result';
import { percentile, round } from './support/stats';
import { addSteps, settledSteps, stepDelta, type StepCounts } from './support/statement-steps';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const CASES = Number(process.env.BENCH_CASES || 1000);
const PINGS = Number(process.env.BENCH_PINGS || 1000);
/** Cases sent one at a time between quiet moments to count the statements each step sends. */
const COUNTED = Number(process.env.BENCH_COUNTED_CASES || 50);
/** The steps between the signed request and the offer on the socket (their taps and the relay passes they kick count with them). */
const ON_THE_WAY = ['signature', 'intake', 'dispatch'];
const onTheWay = (step: string) => ON_THE_WAY.includes(step.split('/')[0]);

async function post<T>(url: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<T> {
  const res = await fetch(url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

function connect(url: string, token?: string): Promise<ClientSocket> {
  const socket: ClientSocket = io(url, { auth: token ? { token } : {}, transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

async function ackRoundTrips(socket: ClientSocket, count: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await new Promise<void>((resolve) => socket.emit('hub.ping', start, () => resolve()));
    samples.push(performance.now() - start);
  }
  return samples;
}

/** The 110 door checks a signature over the exact body `post` sends (JSON.stringify of the same object). */
function signedBy(key: string): (body: unknown) => Record<string, string> {
  const secret = defaultSigningSecret(key);
  return (body) => ({ [API_KEY_HEADER]: key, ...signatureHeaders(secret, JSON.stringify(body)) });
}

export const intakeToOffer: Benchmark = {
  name: 'intake-to-offer',
  description: '110 intake request → offer on the worker’s socket (PostgreSQL + NATS), vs a plain socket.io ack',
  async run(): Promise<BenchResult[]> {
    const dir = mkdtempSync(join(tmpdir(), 'xiaonao-bench-'));
    const seed = buildHezhuangTownship();
    const seedFile = join(dir, 'seed.json');
    writeFileSync(seedFile, JSON.stringify(seed));
    const db = await freshDatabase();
    const metricsPort = await freePort();
    const metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
    const hub = await startProcess('dist/apps/hub/src/main.js', {
      DATABASE_URL: db.url,
      NATS_URL: BENCH_NATS_URL,
      PORT: '0',
      SEED_FILE: seedFile,
      LOG_LEVEL: 'warn',
      OFFER_TIMEOUT_MS: '60000',
      // Every case must get its own offer: two random cases of one category close together would otherwise be linked as one event.
      REPORT_LINK_RADIUS_M: '0',
      // The phones sign in once and neither refresh nor renew: their tokens must last the whole run.
      ACCESS_TOKEN_TTL_SECONDS: String(12 * 3600),
      WEB_DIR: join(dir, 'no-web'),
      METRICS_PORT: String(metricsPort),
    });
    const baseline = await startProcess('dist/bench/baseline/socketio-ack-server.js', {});
    const sockets: ClientSocket[] = [];
    try {
      // Every on-duty worker's phone, so whoever is nearest receives the offer.
      const phones = new Map<string, { token: string; socket: ClientSocket }>();
      const onDuty = new Set(seed.workers.filter((w) => w.onDuty).map((w) => w.code));
      for (const user of seed.users.filter((u) => u.role === 'worker' && u.workerCode && onDuty.has(u.workerCode))) {
        const session = await post<LoginResponse>(hub.url, API.login, { username: user.username, password: user.password });
        const socket = await connect(hub.url, session.token);
        sockets.push(socket);
        phones.set(session.user.workerId ?? '', { token: session.token, socket });
      }

      const baseSocket = await connect(baseline.url);
      sockets.push(baseSocket);
      await ackRoundTrips(baseSocket, 100);
      const acks = await ackRoundTrips(baseSocket, PINGS);

      const cases = demoCaseGenerator(seed, createRandom(7));
      const signed = signedBy(seed.apiKeys[0].key);
      const run = Date.now().toString(36);
      const latencies: number[] = [];
      const answers: number[] = [];
      const counted: StepCounts = new Map();
      for (let i = 0; i < CASES + 20 + COUNTED; i++) {
        // The last cases are counted, each between two quiet moments; the others are timed back to back.
        const counting = i >= CASES + 20;
        const before = counting ? await settledSteps(metricsUrl, onTheWay) : null;
        const { request } = cases.next(new Date());
        request.caseNo = `BENCH-${run}-${i}`;
        const start = performance.now();
        // The offer may arrive before the intake answer does: match it by case number.
        const byCase = (offer: OfferView) => offer.incident.caseNo === request.caseNo;
        const arrival = new Promise<{ offer: OfferView; at: number }>((resolve) => {
          for (const phone of phones.values()) {
            const listener = (offer: OfferView) => {
              if (!byCase(offer)) return;
              resolve({ offer, at: performance.now() });
              for (const p of phones.values()) p.socket.off('offer.created', listener);
            };
            phone.socket.on('offer.created', listener);
          }
        });
        const answer = await post<{ incidentId: string }>(hub.url, API.intake110, request, signed(request));
        const answeredAt = performance.now();
        const incidentId = answer.incidentId;
        const { offer, at } = await arrival;
        if (before) addSteps(counted, stepDelta(before, await settledSteps(metricsUrl, onTheWay)));
        else if (i >= 20) {
          // The first 20 warm the hub up.
          latencies.push(at - start);
          answers.push(answeredAt - start);
        }
        const phone = phones.get(offer.workerId);
        if (!phone) throw new Error(`offer to unknown worker ${offer.workerId}`);
        const auth = { authorization: `Bearer ${phone.token}` };
        for (const step of ['accept', 'contact', 'arrive'] as const) await post(hub.url, `/api/incidents/${incidentId}/${step}`, {}, auth);
        await post(hub.url, API.close(incidentId), { result: '基准测试' }, auth);
      }

      const perCase = [...counted].filter(([step]) => onTheWay(step)).sort(([a], [b]) => a.localeCompare(b));
      const statements = perCase.reduce((sum, [, n]) => sum + n, 0) / COUNTED;
      const listed = (rows: [string, number][]) => rows.map(([step, n]) => `${step} ${round(n / COUNTED, 2)}`).join(', ');
      const byStep = listed(perCase);

      const params = { cases: latencies.length, pings: acks.length, workers: phones.size, database: 'postgresql', bus: 'nats', township: seed.code };
      const figure = (name: string, p: number, samples = latencies): BenchResult => {
        const value = percentile(samples, p);
        const base = percentile(acks, p);
        return { name, value: round(value), unit: 'ms', baseline: round(base), ratio: round(value / base, 2), params };
      };
      return [
        figure('intake_to_offer_p50_ms', 50),
        figure('intake_to_offer_p99_ms', 99),
        // How long the 110 side waits for its answer (the incident is committed by then).
        figure('intake_answer_p50_ms', 50, answers),
        figure('intake_answer_p99_ms', 99, answers),
        {
          name: 'intake_to_offer_statements_per_case',
          value: round(statements, 2),
          unit: 'statements',
          // The goal: at most 8 from the signed request to the offer on the socket.
          baseline: 8,
          ratio: round(statements / 8, 2),
          params: { counted: COUNTED, baselineIs: 'the goal of issue 14', beginCommitIncluded: true, byStep },
        },
      ];
    } finally {
      sockets.forEach((s) => s.disconnect());
      await baseline.stop();
      await hub.stop();
      await db.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
