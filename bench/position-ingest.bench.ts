/**
 * Position ingest with 5,000 connected phones: the highest report rate the hub sustains (acks keep
 * up), the hub's CPU per report and its SQL statements per report, beside a plain socket.io server
 * that acknowledges the same reports. The load generator is this process, on the same machine.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect as connectNats } from '@nats-io/transport-node';
import { JwtService } from '@nestjs/jwt';
import { Client } from 'pg';
import { io, type Socket } from 'socket.io-client';
import {
  BUS_STREAM,
  BUS_SUBJECT_PREFIX,
  type ClientToServerEvents,
  type LngLat,
  type PositionAck,
  type PositionFix,
  type ServerToClientEvents,
  type SessionUser,
  type TownshipSeed,
} from '@xiaonao/contracts';
import { randomPointInPolygon } from '../apps/sim/src/township/geo';
import { buildHezhuangTownship } from '../apps/sim/src/township/hezhuang';
import { createRandom } from '../apps/sim/src/township/random';
import { BENCH_NATS_URL, freePort, freshDatabase, startProcess, withAdmin, type Running } from './support/processes';
import type { Benchmark, BenchResult } from './support/result';
import { percentile, round } from './support/stats';
import { insertWorkerSessions } from './support/worker-sessions';

type Phone = Socket<ServerToClientEvents, ClientToServerEvents>;

const PHONES = Number(process.env.BENCH_PHONES || 5000);
const STEP_SECONDS = Number(process.env.BENCH_STEP_SECONDS || 10);
/** Rates tried in turn (reports per second across all phones); the ladder stops at the first miss or when the generator falls short. */
const RATES = (process.env.BENCH_POSITION_RATES || '1000,2000,4000,8000,16000').split(',').map(Number);
/** The CPU and statement figures come from this step, held longer. */
const WINDOW_RATE = 2000;
const WINDOW_SECONDS = 15;
/** A step is sustained when this share of its reports is acknowledged ok, with p99 under the limit. */
const ACK_SHARE = 0.99;
const ACK_P99_LIMIT_MS = 1000;
/** Below this share of the target rate the generator fell short: the step still counts, at the rate it reached, but the ladder ends. */
const SEND_SHARE = 0.95;
const DRAIN_MS = 2000;
/** Longest wait for a missed step's late acks before the next step. */
const SETTLE_MS = 15_000;
const CONNECT_BATCH = 250;
const FLUSH = { ms: 1000, at: 1000 };
/** Reports wander this far (degrees, about 20 m) around the phone's home point. */
const JITTER_DEG = 0.0002;

interface Identity {
  user: SessionUser;
  /** The session its access token names: the hub checks every token against one. */
  sessionId: string;
  home: LngLat;
}

interface Step {
  rate: number;
  seconds: number;
  sent: number;
  acked: number;
  refused: number;
  lastError: string;
  latencies: number[];
  sendMs: number;
}

interface Sample {
  at: number;
  serverTicks: number;
  generatorCpuUs: number;
  /** Hub only: its Prometheus counters and the CPU of its PostgreSQL backends. */
  statements: number | null;
  positions: number | null;
  postgresTicks: Map<number, number>;
}

interface StepResult {
  rate: number;
  seconds: number;
  /** From the sample before the step to the one after its drain. */
  elapsedSeconds: number;
  sent: number;
  acked: number;
  refused: number;
  sendRate: number;
  ackRate: number;
  p50Ms: number;
  p99Ms: number;
  /** The server kept up with what was sent. */
  sustained: boolean;
  /** Why not: 'acks' or 'latency'. */
  miss: string;
  /** The generator sent less than SEND_SHARE of the rate (the machine was saturated from this side). */
  generatorShort: boolean;
  cpuUsPerMsg: number;
  generatorCpuUsPerMsg: number;
  /** p99 delay of this process's event loop during the step: ack latency includes it. */
  generatorLoopP99Ms: number;
  statementsPerMsg: number | null;
  positionsAccepted: number | null;
  postgresCpuUsPerMsg: number | null;
  lastError: string;
}

interface Ladder {
  connectSeconds: number;
  /** The server's CPU with the phones connected and silent, as a share of one core. */
  idleCpuShare: number;
  idleStatementsPerS: number | null;
  steps: StepResult[];
}

/** What the ladder reads beside the server's CPU; the plain sink has none of it. */
interface HubProbe {
  metricsUrl: string;
  database: string;
}

const CLOCK_TICKS_PER_S = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** utime + stime of a process, in clock ticks; 0 once it is gone. */
function cpuTicks(pid: number): number {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return 0;
  }
  // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/** The demo township's 32 grids with `phones` grid workers spread over them, and only the operator as a user (users are hashed at seeding). */
function positionTownship(code: string, phones: number): TownshipSeed {
  const demo = buildHezhuangTownship();
  const random = createRandom(5_000);
  const workers = Array.from({ length: phones }, (_, i) => {
    const grid = demo.grids[i % demo.grids.length];
    const { lng, lat } = randomPointInPolygon(grid.polygon, random, 40);
    return {
      code: `B${String(i + 1).padStart(4, '0')}`,
      name: `压测网格员${i + 1}`,
      phone: `139${String(i + 1).padStart(8, '0')}`,
      team: 'grid_worker' as const,
      gridCode: grid.code,
      onDuty: true,
      location: { lng, lat },
    };
  });
  return { ...demo, code, name: '河庄街道（位置压测）', workers, users: demo.users.filter((u) => u.role === 'operator') };
}

/**
 * The seeded workers as the sessions their phones would hold: an account (that cannot sign in) and an
 * open session each, written straight into the database since signing 5,000 users in would be minutes of argon2.
 */
async function identities(databaseUrl: string, townshipCode: string): Promise<Identity[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string; code: string; lng: number; lat: number; township_id: string }>(
      'SELECT w.id, w.code, w.lng, w.lat, w.township_id FROM worker w JOIN township t ON t.id = w.township_id WHERE t.code = $1 ORDER BY w.code',
      [townshipCode],
    );
    const users: SessionUser[] = rows.map((r) => ({ id: randomUUID(), username: r.code.toLowerCase(), displayName: r.code, role: 'worker', townshipId: r.township_id, workerId: r.id, stationId: null }));
    const sessionOf = await insertWorkerSessions(client, users);
    return rows.map((r, i) => ({ user: users[i], sessionId: sessionOf.get(users[i].id) ?? '', home: { lng: r.lng, lat: r.lat } }));
  } finally {
    await client.end();
  }
}

function connect(url: string, token: string): Promise<Phone> {
  const socket: Phone = io(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** Connects every phone, a batch at a time so the server is not flooded with handshakes; `into` holds them for cleanup. */
async function connectAll(url: string, tokens: string[], into: Phone[]): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < tokens.length; i += CONNECT_BATCH) {
    await Promise.all(tokens.slice(i, i + CONNECT_BATCH).map((t) => connect(url, t).then((s) => void into.push(s))));
  }
  return (performance.now() - start) / 1000;
}

/** Sends `rate` reports a second for `seconds`, round-robin over the phones, and counts the acks as they come. */
function drive(phones: Phone[], homes: LngLat[], rate: number, seconds: number): Promise<Step> {
  const step: Step = { rate, seconds, sent: 0, acked: 0, refused: 0, lastError: '', latencies: [], sendMs: 0 };
  const total = Math.round(rate * seconds);
  let cursor = 0;
  const start = performance.now();
  return new Promise((resolve) => {
    const tick = () => {
      const now = performance.now();
      const due = Math.min(total, Math.floor(((now - start) / 1000) * rate));
      const at = new Date().toISOString();
      for (; step.sent < due; step.sent++) {
        const i = cursor++ % phones.length;
        const home = homes[i];
        const fix: PositionFix = { lng: home.lng + (Math.random() - 0.5) * JITTER_DEG, lat: home.lat + (Math.random() - 0.5) * JITTER_DEG, coordSystem: 'WGS84', at };
        const sentAt = performance.now();
        phones[i].emit('position.report', fix, (result: PositionAck) => {
          if (result.ok) {
            step.acked++;
            step.latencies.push(performance.now() - sentAt);
          } else {
            step.refused++;
            step.lastError = result.error ?? 'refused';
          }
        });
      }
      if (step.sent >= total) {
        clearInterval(timer);
        step.sendMs = performance.now() - start;
        resolve(step);
      }
    };
    const timer = setInterval(tick, 5);
  });
}

async function drain(step: Step, limitMs: number): Promise<void> {
  const until = performance.now() + limitMs;
  while (step.acked + step.refused < step.sent && performance.now() < until) await sleep(20);
}

async function metric(url: string, name: string): Promise<number> {
  const res = await fetch(url);
  const text = await res.text();
  const match = new RegExp(`^${name}\\s+(\\S+)$`, 'm').exec(text);
  if (!match) throw new Error(`${name} missing from ${url}`);
  return Number(match[1]);
}

async function sample(server: Running, probe: HubProbe | null): Promise<Sample> {
  const cpu = process.cpuUsage();
  const base: Sample = { at: performance.now(), serverTicks: cpuTicks(server.child.pid ?? 0), generatorCpuUs: cpu.user + cpu.system, statements: null, positions: null, postgresTicks: new Map() };
  if (!probe) return base;
  const pids = await withAdmin((c) => c.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [probe.database]));
  return {
    ...base,
    statements: await metric(probe.metricsUrl, 'xiaonao_db_statements'),
    positions: await metric(probe.metricsUrl, 'xiaonao_positions_total'),
    postgresTicks: new Map(pids.rows.map((r) => [r.pid, cpuTicks(r.pid)])),
  };
}

function latencyPercentile(step: Step, p: number): number {
  const missing = step.sent - step.latencies.length;
  return percentile(missing > 0 ? step.latencies.concat(new Array<number>(missing).fill(Number.POSITIVE_INFINITY)) : step.latencies, p);
}

function judge(step: Step, before: Sample, after: Sample, loopP99Ms: number): StepResult {
  const ticksToUs = 1e6 / CLOCK_TICKS_PER_S;
  const acked = Math.max(step.acked, 1);
  const p99Ms = latencyPercentile(step, 99);
  const sendRate = step.sent / (step.sendMs / 1000);
  const miss = step.acked < ACK_SHARE * step.sent ? 'acks' : p99Ms > ACK_P99_LIMIT_MS ? 'latency' : '';
  let postgresTicks = 0;
  for (const [pid, ticks] of after.postgresTicks) postgresTicks += ticks - (before.postgresTicks.get(pid) ?? 0);
  const hub = after.statements !== null && before.statements !== null;
  return {
    rate: step.rate,
    seconds: step.seconds,
    elapsedSeconds: (after.at - before.at) / 1000,
    sent: step.sent,
    acked: step.acked,
    refused: step.refused,
    sendRate,
    ackRate: step.acked / (step.sendMs / 1000),
    p50Ms: latencyPercentile(step, 50),
    p99Ms,
    sustained: miss === '',
    miss,
    generatorShort: sendRate < SEND_SHARE * step.rate,
    cpuUsPerMsg: ((after.serverTicks - before.serverTicks) * ticksToUs) / acked,
    generatorCpuUsPerMsg: (after.generatorCpuUs - before.generatorCpuUs) / step.sent,
    generatorLoopP99Ms: loopP99Ms,
    statementsPerMsg: hub ? ((after.statements ?? 0) - (before.statements ?? 0)) / acked : null,
    positionsAccepted: hub ? (after.positions ?? 0) - (before.positions ?? 0) : null,
    postgresCpuUsPerMsg: hub ? (postgresTicks * ticksToUs) / acked : null,
    lastError: step.lastError,
  };
}

async function runStep(server: Running, probe: HubProbe | null, phones: Phone[], homes: LngLat[], rate: number, seconds: number): Promise<{ result: StepResult; step: Step }> {
  const loop = monitorEventLoopDelay({ resolution: 10 });
  const before = await sample(server, probe);
  loop.enable();
  const step = await drive(phones, homes, rate, seconds);
  await drain(step, DRAIN_MS);
  loop.disable();
  return { result: judge(step, before, await sample(server, probe), loop.percentile(99) / 1e6), step };
}

/**
 * Connects the phones to `server`, then climbs the rates (the first step warms it up) until the server misses
 * one (then tries once more halfway between the last held rate and the miss) or the generator cannot send any faster.
 */
async function ladder(server: Running, probe: HubProbe | null, tokens: string[], homes: LngLat[], sockets: Phone[]): Promise<Ladder> {
  const connectSeconds = await connectAll(server.url, tokens, sockets);
  const phones = sockets.slice();
  const idle = await sample(server, probe);
  await sleep(2000);
  const afterIdle = await sample(server, probe);
  const idleCpuShare = ((afterIdle.serverTicks - idle.serverTicks) / CLOCK_TICKS_PER_S) / ((afterIdle.at - idle.at) / 1000);
  const idleStatementsPerS = probe ? (((afterIdle.statements ?? 0) - (idle.statements ?? 0)) * 1000) / (afterIdle.at - idle.at) : null;
  const steps: StepResult[] = [];
  const attempt = async (rate: number): Promise<{ result: StepResult; step: Step }> => {
    const run = await runStep(server, probe, phones, homes, rate, rate === WINDOW_RATE ? WINDOW_SECONDS : STEP_SECONDS);
    steps.push(run.result);
    console.log(`  ${probe ? 'hub ' : 'sink'} ${describe(run.result)}`);
    return run;
  };
  let held = 0;
  for (const rate of RATES) {
    const { result, step } = await attempt(rate);
    if (result.sustained) {
      held = rate;
      if (result.generatorShort) break;
      continue;
    }
    if (held) {
      // Let the backlog of the missed step clear before asking again.
      await drain(step, SETTLE_MS);
      await attempt(Math.round((held + rate) / 2));
    }
    break;
  }
  phones.forEach((s) => s.disconnect());
  return { connectSeconds, idleCpuShare, idleStatementsPerS, steps };
}

function describe(s: StepResult): string {
  const p99 = Number.isFinite(s.p99Ms) ? `${Math.round(s.p99Ms)}ms` : 'n/a';
  const short = s.generatorShort ? ' (generator short)' : '';
  return `${s.rate}/s: sent ${Math.round(s.sendRate)}/s${short}, acked ${((100 * s.acked) / s.sent).toFixed(1)}%, p99 ${p99} (generator loop p99 ${Math.round(s.generatorLoopP99Ms)}ms), ${s.sustained ? 'ok' : `missed (${s.miss})`}`;
}

/** The highest sustained step's acknowledged rate; 0 when not even the first step held. */
function sustainedRate(l: Ladder): number {
  return Math.max(0, ...l.steps.filter((s) => s.sustained).map((s) => s.ackRate));
}

/**
 * What ended the ladder: the server missing a step, the generator reaching its limit (it fell short of the
 * rate, or its own event loop lagged by half the latency limit, so the acks it timed were late on its side), or the last rate.
 */
function limitedBy(l: Ladder): string {
  const miss = l.steps.find((s) => !s.sustained);
  if (miss && !miss.generatorShort && miss.generatorLoopP99Ms < ACK_P99_LIMIT_MS / 2) return 'server';
  if (miss || l.steps.some((s) => s.generatorShort)) return 'generator or machine (a lower bound)';
  return 'ladder top (a lower bound)';
}

function windowStep(l: Ladder): StepResult | undefined {
  return l.steps.find((s) => s.rate === WINDOW_RATE && s.sustained);
}

function stepsOf(l: Ladder): string {
  return l.steps.map((s) => describe(s) + (s.lastError ? ` (${s.lastError})` : '')).join('; ');
}

/** The hub publishes every flush's moves to the shared JetStream stream; drop this run's so it does not pile up. */
async function purgeBus(townshipCode: string): Promise<void> {
  const nc = await connectNats({ servers: BENCH_NATS_URL });
  try {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.purge(BUS_STREAM, { filter: `${BUS_SUBJECT_PREFIX}.${townshipCode}.>` });
  } finally {
    await nc.close();
  }
}

export const positionIngest: Benchmark = {
  name: 'position-ingest',
  description: 'position reports from 5,000 connected phones: sustained rate, CPU and SQL statements per report, vs a plain socket.io sink',
  async run(): Promise<BenchResult[]> {
    // Other work on the machine shares its two cores with the hub, the sink and the generator.
    const loadAtStart = loadavg()[0];
    const dir = mkdtempSync(join(tmpdir(), 'xiaonao-bench-'));
    // Its own township code: the NATS stream is shared, and every hub on it hears every township.
    const code = `posbench-${randomUUID().slice(0, 8)}`;
    const seedFile = join(dir, 'seed.json');
    writeFileSync(seedFile, JSON.stringify(positionTownship(code, PHONES)));
    const jwtSecret = randomUUID();
    const db = await freshDatabase();
    const sockets: Phone[] = [];
    const children = new Set<Running>();
    const stop = async (child: Running) => {
      children.delete(child);
      await child.stop();
    };
    try {
      const metricsPort = await freePort();
      const started = performance.now();
      const hub = await startProcess('dist/apps/hub/src/main.js', {
        METRICS_PORT: String(metricsPort),
        DATABASE_URL: db.url,
        NATS_URL: BENCH_NATS_URL,
        PORT: '0',
        SEED_FILE: seedFile,
        LOG_LEVEL: 'warn',
        JWT_SECRET: jwtSecret,
        SWEEP_INTERVAL_MS: '1000',
        POSITION_FLUSH_MS: String(FLUSH.ms),
        POSITION_FLUSH_AT: String(FLUSH.at),
        WEB_DIR: join(dir, 'no-web'),
      });
      children.add(hub);
      const hubStartSeconds = (performance.now() - started) / 1000;
      const phones = await identities(db.url, code);
      if (phones.length !== PHONES) throw new Error(`seeded ${phones.length} workers, expected ${PHONES}`);
      // Minted here with the hub's secret: logging 5,000 users in would be minutes of argon2.
      const jwt = new JwtService({ secret: jwtSecret });
      const tokens = await Promise.all(phones.map((p) => jwt.signAsync({ ...p.user, sid: p.sessionId }, { expiresIn: 3600 })));
      const homes = phones.map((p) => p.home);

      const hubLadder = await ladder(hub, { metricsUrl: `http://127.0.0.1:${metricsPort}/metrics`, database: new URL(db.url).pathname.slice(1) }, tokens, homes, sockets);
      sockets.length = 0;
      await stop(hub);

      const sink = await startProcess('dist/bench/baseline/socketio-position-sink.js', {});
      children.add(sink);
      const sinkLadder = await ladder(sink, null, tokens, homes, sockets);
      sockets.length = 0;

      const hubWindow = windowStep(hubLadder);
      const sinkWindow = windowStep(sinkLadder);
      const statements = hubWindow?.statementsPerMsg ?? Number.NaN;
      const idleStatementsPerMsg = hubWindow && hubLadder.idleStatementsPerS !== null ? (hubLadder.idleStatementsPerS * hubWindow.elapsedSeconds) / hubWindow.acked : Number.NaN;
      const params = {
        phones: PHONES,
        stepSeconds: STEP_SECONDS,
        ratesTried: RATES.join(','),
        hubRatesRun: hubLadder.steps.map((s) => s.rate).join(','),
        sinkRatesRun: sinkLadder.steps.map((s) => s.rate).join(','),
        hubSteps: stepsOf(hubLadder),
        sinkSteps: stepsOf(sinkLadder),
        sustainedWhen: `≥${ACK_SHARE * 100}% of the sent reports acked ok within ${DRAIN_MS} ms of the step, ack p99 ≤ ${ACK_P99_LIMIT_MS} ms; the figure is the acked rate`,
        hubLimitedBy: limitedBy(hubLadder),
        sinkLimitedBy: limitedBy(sinkLadder),
        windowRate: WINDOW_RATE,
        windowSeconds: WINDOW_SECONDS,
        warmup: 'none apart from the first step',
        flushMs: FLUSH.ms,
        flushAt: FLUSH.at,
        hubStartSeconds: round(hubStartSeconds, 1),
        connectSecondsHub: round(hubLadder.connectSeconds, 1),
        connectSecondsSink: round(sinkLadder.connectSeconds, 1),
        hubAckP99MsAtWindow: round(hubWindow?.p99Ms ?? Number.NaN, 1),
        sinkAckP99MsAtWindow: round(sinkWindow?.p99Ms ?? Number.NaN, 1),
        postgresCpuUsPerMsg: round(hubWindow?.postgresCpuUsPerMsg ?? Number.NaN, 1),
        generatorCpuUsPerMsg: round(hubWindow?.generatorCpuUsPerMsg ?? Number.NaN, 1),
        hubIdleCpuPercent: round(hubLadder.idleCpuShare * 100, 1),
        sinkIdleCpuPercent: round(sinkLadder.idleCpuShare * 100, 1),
        idleDbStatementsPerS: round(hubLadder.idleStatementsPerS ?? Number.NaN, 1),
        // What is left once the sweeper's and outbox's own statements (measured idle) are taken out.
        positionDbStatementsPerMsg: round(statements - idleStatementsPerMsg, 4),
        positionsAcceptedAtWindow: hubWindow?.positionsAccepted ?? 0,
        database: 'postgresql',
        bus: 'nats',
        loadGeneratorSameHost: true,
        cores: cpus().length,
        loadAverageAtStart: round(loadAtStart, 2),
      };
      const hubRate = sustainedRate(hubLadder);
      const sinkRate = sustainedRate(sinkLadder);
      const hubCpu = hubWindow?.cpuUsPerMsg ?? Number.NaN;
      const sinkCpu = sinkWindow?.cpuUsPerMsg ?? Number.NaN;
      return [
        { name: 'position_ingest_sustained_msgs_per_s', value: round(hubRate, 0), unit: 'msg/s', baseline: round(sinkRate, 0), ratio: round(hubRate / sinkRate, 2), params },
        { name: 'position_ingest_cpu_us_per_msg', value: round(hubCpu, 1), unit: 'µs', baseline: round(sinkCpu, 1), ratio: round(hubCpu / sinkCpu, 2), params },
        {
          name: 'position_ingest_db_statements_per_msg',
          value: round(statements, 4),
          unit: 'statements',
          // The naive write-through: one statement per report.
          baseline: 1,
          ratio: round(statements, 4),
          params: { ...params, statementsBaseline: 'naive write-through, 1 statement per report; counts every statement the hub sent in the window (sweeper included)' },
        },
      ];
    } finally {
      sockets.forEach((s) => s.disconnect());
      for (const child of [...children]) await stop(child);
      await db.drop();
      await purgeBus(code).catch((error: unknown) => console.warn(`could not purge ${code} from the bus: ${String(error)}`));
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
