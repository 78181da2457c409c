/**
 * Several hub processes, one live supply (issue 13, docs/adr/0002-live-supply.md): how stale a worker's
 * position is in a process that is not the phone's, and what it costs per position message.
 *
 * Part A measures the chosen design on the real thing: three built hubs as child processes on one
 * PostgreSQL database and one NATS, phones spread over them, each hub's console socket timing the
 * `worker.moved` news it hears (the same bus message that moves its live index); then the same load on
 * one hub. Part B is a prototype of the alternative, living only here: three "nodes" in this process,
 * each with its own NATS connection, a lease per township in PostgreSQL, fixes forwarded to the owner,
 * dispatch lookups asked of the owner; beside it the fan-out in the same harness, so the two sketches'
 * CPU is compared like for like; and the owner stopped, to time the takeover.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect as connectNats, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { JwtService } from '@nestjs/jwt';
import { Client } from 'pg';
import { io, type Socket } from 'socket.io-client';
import {
  API,
  API_KEY_HEADER,
  BUS_STREAM,
  BUS_SUBJECT_PREFIX,
  type ClientToServerEvents,
  type IncidentDetailView,
  type LngLat,
  type LoginResponse,
  type PositionAck,
  type ServerToClientEvents,
  type SessionUser,
  type TownshipSeed,
  type WorkerMove,
} from '@xiaonao/contracts';
import { LiveWorkerIndex } from '@xiaonao/domain';
import { defaultSigningSecret, signatureHeaders } from '../apps/hub/src/auth/request-signature';
import { demoCaseGenerator } from '../apps/sim/src/township/case-templates';
import { randomPointInPolygon } from '../apps/sim/src/township/geo';
import { buildHezhuangTownship, DEMO_OPERATOR } from '../apps/sim/src/township/hezhuang';
import { createRandom } from '../apps/sim/src/township/random';
import { BENCH_NATS_URL, freshDatabase, startProcess, type Running } from './support/processes';
import type { Benchmark, BenchResult } from './support/result';
import { percentile, round } from './support/stats';
import { insertWorkerSessions } from './support/worker-sessions';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const HUBS = 3;
const PHONES = Number(process.env.BENCH_LIVE_PHONES || 1500);
/** Position reports a second across all phones, and for how long. */
const RATE = Number(process.env.BENCH_LIVE_RATE || 500);
const SECONDS = Number(process.env.BENCH_LIVE_SECONDS || 10);
const FLUSH_MS = 1000;
/** Prototype lease: renewed this often, lost when not renewed for the TTL. */
const LEASE_TTL_MS = Number(process.env.BENCH_LEASE_TTL_MS || 3000);
const LEASE_RENEW_MS = Number(process.env.BENCH_LEASE_RENEW_MS || 500);
const SHORTLIST = 100;
const LOOKUPS = 300;
const CONNECT_BATCH = 250;
/** Reports wander this far (degrees, about 20 m) around the phone's home point. */
const JITTER_DEG = 0.0002;
const CLOCK_TICKS_PER_S = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

interface Phone {
  workerId: string;
  home: LngLat;
  socket: ClientSocket;
  /** Which hub it is connected to. */
  hub: number;
}

/** utime + stime of a process, in clock ticks; 0 once it is gone. */
function cpuTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

const cpuMs = (pid: number) => (cpuTicks(pid) * 1000) / CLOCK_TICKS_PER_S;
const selfCpuUs = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

/** The demo township with `phones` grid workers spread over its grids; only the operator as a user. */
function supplyTownship(code: string, phones: number): TownshipSeed {
  const demo = buildHezhuangTownship();
  const random = createRandom(13_000);
  const workers = Array.from({ length: phones }, (_, i) => {
    const grid = demo.grids[i % demo.grids.length];
    return {
      code: `L${String(i + 1).padStart(5, '0')}`,
      name: `供给压测${i + 1}`,
      phone: `137${String(i + 1).padStart(8, '0')}`,
      team: 'grid_worker' as const,
      gridCode: grid.code,
      onDuty: true,
      location: randomPointInPolygon(grid.polygon, random, 40),
    };
  });
  return { ...demo, code, name: '河庄街道（供给压测）', workers, users: demo.users.filter((u) => u.role === 'operator') };
}

/** Worker accounts and open sessions written straight into the database (signing thousands in would be minutes of argon2), as tokens. */
async function phoneTokens(databaseUrl: string, code: string, secret: string): Promise<{ workerId: string; home: LngLat; token: string; townshipId: string }[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string; code: string; lng: number; lat: number; township_id: string }>(
      'SELECT w.id, w.code, w.lng, w.lat, w.township_id FROM worker w JOIN township t ON t.id = w.township_id WHERE t.code = $1 ORDER BY w.code',
      [code],
    );
    const users: SessionUser[] = rows.map((r) => ({ id: randomUUID(), username: r.code.toLowerCase(), displayName: r.code, role: 'worker', townshipId: r.township_id, workerId: r.id, stationId: null }));
    const sessionOf = await insertWorkerSessions(client, users);
    const jwt = new JwtService({ secret });
    return Promise.all(
      rows.map(async (r, i) => ({ workerId: r.id, home: { lng: r.lng, lat: r.lat }, townshipId: r.township_id, token: await jwt.signAsync({ ...users[i], sid: sessionOf.get(users[i].id) ?? '' }, { expiresIn: 3600 }) })),
    );
  } finally {
    await client.end();
  }
}

function connect(url: string, token: string): Promise<ClientSocket> {
  const socket: ClientSocket = io(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

async function http<T>(url: string, init: { method?: string; body?: unknown; headers?: Record<string, string> }): Promise<T> {
  const res = await fetch(url, { method: init.method ?? 'GET', headers: { 'content-type': 'application/json', ...init.headers }, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  if (!res.ok) throw new Error(`${url} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

/**
 * Makes each hub dispatch once, which builds its live index of the township (a hub applies the others'
 * news only to indexes it holds). Demo cases until one is judged: some categories go to the police only.
 */
async function warmIndexes(hubs: Running[], seed: TownshipSeed, operatorToken: string): Promise<void> {
  const cases = demoCaseGenerator(seed, createRandom(99));
  const key = seed.apiKeys[0].key;
  const secret = defaultSigningSecret(key);
  const run = Date.now().toString(36);
  let n = 0;
  for (const hub of hubs) {
    for (let attempt = 0; ; attempt++) {
      if (attempt === 20) throw new Error(`no demo case was judged on ${hub.url}`);
      const { request } = cases.next(new Date());
      request.caseNo = `SUPPLY-${run}-${n++}`;
      const { incidentId } = await http<{ incidentId: string }>(hub.url + API.intake110, { method: 'POST', body: request, headers: { [API_KEY_HEADER]: key, ...signatureHeaders(secret, JSON.stringify(request)) } });
      let judged = false;
      for (let i = 0; i < 40 && !judged; i++) {
        const detail = await http<IncidentDetailView>(hub.url + API.incident(incidentId), { headers: { Authorization: `Bearer ${operatorToken}` } });
        judged = detail.recommendation !== null;
        if (!judged) await sleep(50);
      }
      if (judged) break;
    }
  }
}

/** Sends RATE reports a second for SECONDS, round-robin over the phones, each stamped with its send time. */
function drive(phones: Phone[]): Promise<{ sent: number; acked: number }> {
  const total = RATE * SECONDS;
  const tally = { sent: 0, acked: 0 };
  let cursor = 0;
  const start = performance.now();
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * RATE));
      for (; tally.sent < due; tally.sent++) {
        const phone = phones[cursor++ % phones.length];
        const fix = { lng: phone.home.lng + (Math.random() - 0.5) * JITTER_DEG, lat: phone.home.lat + (Math.random() - 0.5) * JITTER_DEG, coordSystem: 'WGS84' as const, at: new Date().toISOString() };
        phone.socket.emit('position.report', fix, (ack: PositionAck) => {
          if (ack.ok) tally.acked++;
        });
      }
      if (tally.sent >= total) {
        clearInterval(timer);
        resolve(tally);
      }
    }, 5);
  });
}

async function idleShares(pids: number[]): Promise<number[]> {
  const before = pids.map(cpuMs);
  const t0 = performance.now();
  await sleep(2000);
  const elapsed = performance.now() - t0;
  return pids.map((pid, i) => (cpuMs(pid) - before[i]) / elapsed);
}

interface HubRun {
  /** Net of each hub's idle CPU (sweeper, outbox), per position report it took, µs. */
  cpuUsPerMsgByHub: number[];
  /** All hubs' net CPU over all reports, µs. */
  cpuUsPerMsgTotal: number;
  acked: number;
  sent: number;
  ownMs: number[];
  otherMs: number[];
  /** Per news message, its freshest move's age: the write-and-announce path without the wait for the flush. */
  pathMs: number[];
}

/** One load over the phones as connected; the consoles time the news each hub hears. */
async function measureHubs(hubs: Running[], phones: Phone[], consoles: ClientSocket[]): Promise<HubRun> {
  const pids = hubs.map((h) => h.child.pid ?? 0);
  const hubOf = new Map(phones.map((p) => [p.workerId, p.hub]));
  const ownMs: number[] = [];
  const otherMs: number[] = [];
  const pathMs: number[] = [];
  const startWall = Date.now();
  let lastNews = performance.now();
  consoles.forEach((console, i) =>
    console.on('worker.moved', (moves: WorkerMove[]) => {
      const now = Date.now();
      lastNews = performance.now();
      let freshest = Infinity;
      for (const m of moves) {
        const at = Date.parse(m.positionAt);
        if (at < startWall) continue;
        (hubOf.get(m.workerId) === i ? ownMs : otherMs).push(now - at);
        freshest = Math.min(freshest, now - at);
      }
      if (freshest < Infinity) pathMs.push(freshest);
    }),
  );
  const idle = await idleShares(pids);
  const before = pids.map(cpuMs);
  const t0 = performance.now();
  const tally = await drive(phones);
  // The last flush and its news: until the consoles have been quiet for two flushes.
  while (performance.now() - lastNews < 2 * FLUSH_MS) await sleep(100);
  const elapsed = performance.now() - t0;
  const net = pids.map((pid, i) => cpuMs(pid) - before[i] - idle[i] * elapsed);
  consoles.forEach((c) => c.off('worker.moved'));
  const takenBy = hubs.map((_, i) => phones.filter((p) => p.hub === i).length / phones.length);
  return {
    cpuUsPerMsgByHub: net.map((ms, i) => (ms * 1000) / (tally.acked * takenBy[i])),
    cpuUsPerMsgTotal: (net.reduce((a, b) => a + b, 0) * 1000) / tally.acked,
    acked: tally.acked,
    sent: tally.sent,
    ownMs,
    otherMs,
    pathMs,
  };
}

async function connectPhones(tokens: { workerId: string; home: LngLat; token: string }[], hubs: Running[]): Promise<Phone[]> {
  const phones: Phone[] = [];
  for (let i = 0; i < tokens.length; i += CONNECT_BATCH) {
    const batch = tokens.slice(i, i + CONNECT_BATCH);
    await Promise.all(
      batch.map(async (t, j) => {
        const hub = (i + j) % hubs.length;
        phones.push({ workerId: t.workerId, home: t.home, hub, socket: await connect(hubs[hub].url, t.token) });
      }),
    );
  }
  return phones;
}

/** Part A: the fan-out as built, three hub processes beside one. */
async function realHubs(): Promise<{ three: HubRun; one: HubRun; townshipId: string; databaseUrl: string; cleanup: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'xiaonao-bench-'));
  const code = `supply-${randomUUID().slice(0, 8)}`;
  const seed = supplyTownship(code, PHONES);
  const seedFile = join(dir, 'seed.json');
  writeFileSync(seedFile, JSON.stringify(seed));
  const secret = randomUUID();
  const db = await freshDatabase();
  const hubs: Running[] = [];
  const sockets: ClientSocket[] = [];
  const cleanup = async () => {
    sockets.forEach((s) => s.disconnect());
    for (const hub of hubs.splice(0)) await hub.stop();
    await db.drop();
    await purgeBus(code).catch((error: unknown) => console.warn(`could not purge ${code} from the bus: ${String(error)}`));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    // One at a time: the first migrates and seeds, the others find it done.
    for (let i = 0; i < HUBS; i++) {
      hubs.push(
        await startProcess('dist/apps/hub/src/main.js', {
          DATABASE_URL: db.url,
          NATS_URL: BENCH_NATS_URL,
          PORT: '0',
          SEED_FILE: seedFile,
          LOG_LEVEL: 'warn',
          JWT_SECRET: secret,
          HUB_INSTANCE: `supply-${i}`,
          SWEEP_INTERVAL_MS: '1000',
          POSITION_FLUSH_MS: String(FLUSH_MS),
          POSITION_FLUSH_AT: '100000',
          WEB_DIR: join(dir, 'no-web'),
        }),
      );
    }
    const tokens = await phoneTokens(db.url, code, secret);
    const login = await http<LoginResponse>(hubs[0].url + API.login, { method: 'POST', body: { username: DEMO_OPERATOR.username, password: DEMO_OPERATOR.password } });
    await warmIndexes(hubs, seed, login.token);
    const consoles = await Promise.all(hubs.map((h) => connect(h.url, login.token)));
    sockets.push(...consoles);
    const phones = await connectPhones(tokens, hubs);
    sockets.push(...phones.map((p) => p.socket));
    const three = await measureHubs(hubs, phones, consoles);
    console.log(`  A, ${HUBS} hubs: ${three.acked}/${three.sent} acked, news at another hub p50 ${round(percentile(three.otherMs, 50), 0)} ms`);

    // The same load on one hub: every phone moves over to the first.
    phones.forEach((p) => p.socket.disconnect());
    for (const hub of hubs.splice(1)) await hub.stop();
    const single = await connectPhones(tokens, hubs);
    sockets.push(...single.map((p) => p.socket));
    const one = await measureHubs(hubs, single, consoles.slice(0, 1));
    console.log(`  A, 1 hub: ${one.acked}/${one.sent} acked`);
    return { three, one, townshipId: tokens[0].townshipId, databaseUrl: db.url, cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

async function purgeBus(townshipCode: string): Promise<void> {
  const nc = await connectNats({ servers: BENCH_NATS_URL });
  try {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.purge(BUS_STREAM, { filter: `${BUS_SUBJECT_PREFIX}.${townshipCode}.>` });
  } finally {
    await nc.close();
  }
}

// ————— Part B: the prototype harness (both sketches, in this process, on real NATS and PostgreSQL) —————

interface Fix {
  workerId: string;
  lng: number;
  lat: number;
  at: number;
  /** performance.now() when the generator handed it to a node: one clock for every node here. */
  sent: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const encode = (value: unknown) => encoder.encode(JSON.stringify(value));
const decode = <T>(data: Uint8Array) => JSON.parse(decoder.decode(data)) as T;

/** A hub process as either sketch sees it: its own NATS connection and PostgreSQL session. */
class Node {
  index: LiveWorkerIndex | null = null;
  owner = false;
  alive = true;
  private subs: Subscription[] = [];
  private renewing: Promise<void> | null = null;
  private pending: Fix[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    readonly name: string,
    readonly nc: NatsConnection,
    readonly pg: Client,
    private readonly township: string,
    private readonly record: { stale: number[]; hop: number[]; firstOwnedFixAt: number },
  ) {}

  async load(): Promise<LiveWorkerIndex> {
    const index = new LiveWorkerIndex();
    const { rows } = await this.pg.query<{ id: string; lng: number; lat: number; position_at: Date }>('SELECT id, lng, lat, position_at FROM worker WHERE township_id = $1 AND lng IS NOT NULL', [this.township]);
    for (const r of rows) index.upsert(r.id, r.lng, r.lat, r.position_at);
    return index;
  }

  // Sketch A: keep, announce once a flush, apply the others' news.
  async startFanOut(): Promise<void> {
    this.index = await this.load();
    this.subs.push(
      this.nc.subscribe(`bench-a.${this.township}.moved`, {
        callback: (_e, msg) => {
          const { from, moves } = decode<{ from: string; moves: Fix[] }>(msg.data);
          if (from === this.name) return;
          const now = performance.now();
          for (const m of moves) {
            this.index?.upsert(m.workerId, m.lng, m.lat, new Date(m.at));
            this.record.stale.push(now - m.sent);
          }
        },
      }),
    );
    this.timer = setInterval(() => {
      if (!this.pending.length) return;
      this.nc.publish(`bench-a.${this.township}.moved`, encode({ from: this.name, moves: this.pending }));
      this.pending = [];
    }, FLUSH_MS);
  }

  takeFanOut(fix: Fix): void {
    this.index?.upsert(fix.workerId, fix.lng, fix.lat, new Date(fix.at));
    this.pending.push(fix);
  }

  // Sketch B: the lease, and fixes and lookups sent to whoever holds it.
  /** One renewal at a time: a slow one (a loaded machine) must not overlap the next and take the lease twice. */
  renew(): Promise<void> {
    this.renewing ??= this.tryRenew().finally(() => (this.renewing = null));
    return this.renewing;
  }

  private async tryRenew(): Promise<void> {
    if (!this.alive) return;
    const { rows } = await this.pg.query<{ owner: string }>(
      `INSERT INTO bench_township_lease (township_id, owner, expires_at) VALUES ($1, $2, clock_timestamp() + $3 * interval '1 millisecond')
       ON CONFLICT (township_id) DO UPDATE SET owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at
       WHERE bench_township_lease.owner = EXCLUDED.owner OR bench_township_lease.expires_at < clock_timestamp()
       RETURNING owner`,
      [this.township, this.name, LEASE_TTL_MS],
    );
    const won = rows.length > 0;
    if (won && !this.owner && this.alive) await this.becomeOwner();
    if (!won && this.owner) this.resign();
  }

  private async becomeOwner(): Promise<void> {
    this.index = await this.load();
    this.owner = true;
    this.subs.push(
      this.nc.subscribe(`bench-b.${this.township}.fix`, {
        callback: (_e, msg) => {
          const fix = decode<Fix>(msg.data);
          this.record.hop.push(performance.now() - fix.sent);
          this.applyOwned(fix);
        },
      }),
      this.nc.subscribe(`bench-b.${this.township}.nearest`, {
        callback: (_e, msg) => {
          const { lng, lat } = decode<LngLat>(msg.data);
          msg.respond(encode(this.index?.nearest(lng, lat, { maxResults: SHORTLIST }) ?? []));
        },
      }),
    );
  }

  private resign(): void {
    this.owner = false;
    this.index = null;
    this.stopSubs();
  }

  private applyOwned(fix: Fix): void {
    this.index?.upsert(fix.workerId, fix.lng, fix.lat, new Date(fix.at));
    if (!this.record.firstOwnedFixAt) this.record.firstOwnedFixAt = performance.now();
  }

  takeOwned(fix: Fix): void {
    if (!this.alive) return;
    if (this.owner) {
      this.applyOwned(fix);
    } else {
      this.nc.publish(`bench-b.${this.township}.fix`, encode(fix));
    }
  }

  async nearestViaOwner(at: LngLat): Promise<number> {
    const start = performance.now();
    decode<unknown[]>((await this.nc.request(`bench-b.${this.township}.nearest`, encode(at), { timeout: 5000 })).data);
    return performance.now() - start;
  }

  private stopSubs(): void {
    this.subs.forEach((s) => s.unsubscribe());
    this.subs = [];
  }

  /** As a killed process: no renewals, no answers, nothing more sent. */
  die(): void {
    this.alive = false;
    this.owner = false;
    this.stopSubs();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.stopSubs();
  }
}

/** Hands RATE fixes a second for `seconds` to `take`, each from a random worker. */
async function generate(workers: { id: string; home: LngLat }[], seconds: number, take: (fix: Fix) => void): Promise<number> {
  const total = RATE * seconds;
  let sent = 0;
  const start = performance.now();
  while (sent < total) {
    await sleep(5);
    const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * RATE));
    for (; sent < due; sent++) {
      const w = workers[(Math.random() * workers.length) | 0];
      take({ workerId: w.id, lng: w.home.lng + (Math.random() - 0.5) * JITTER_DEG, lat: w.home.lat + (Math.random() - 0.5) * JITTER_DEG, at: Date.now(), sent: performance.now() });
    }
  }
  return sent;
}

interface Harness {
  fanOutStaleMs: number[];
  fanOutCpuUsPerMsg: number;
  ownerHopMs: number[];
  ownerCpuUsPerMsg: number;
  localCpuUsPerMsg: number;
  lookupViaOwnerMs: number[];
  lookupLocalMs: number[];
  takeoverMs: number;
  takeoverBuildMs: number;
}

async function harness(databaseUrl: string, townshipId: string): Promise<Harness> {
  const admin = new Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query('CREATE TABLE IF NOT EXISTS bench_township_lease (township_id text PRIMARY KEY, owner text NOT NULL, expires_at timestamptz NOT NULL)');
  const { rows } = await admin.query<{ id: string; lng: number; lat: number }>('SELECT id, lng, lat FROM worker WHERE township_id = $1', [townshipId]);
  const workers = rows.map((r) => ({ id: r.id, home: { lng: r.lng, lat: r.lat } }));
  const record = { stale: [] as number[], hop: [] as number[], firstOwnedFixAt: 0 };
  const nodes: Node[] = [];
  const open = async () => {
    for (let i = 0; i < HUBS; i++) {
      const pg = new Client({ connectionString: databaseUrl });
      await pg.connect();
      nodes.push(new Node(`node-${i}`, await connectNats({ servers: BENCH_NATS_URL }), pg, townshipId, record));
    }
  };
  const close = async () => {
    for (const n of nodes.splice(0)) {
      n.stop();
      await n.nc.close();
      await n.pg.end();
    }
  };
  /** The nodes' CPU per fix: this process's CPU during the work less the generator's own, measured just before with fixes handed to nobody. */
  const cpuPerMsg = async (work: () => Promise<number>) => {
    const idleStart = selfCpuUs();
    const generated = await generate(workers, SECONDS / 2, () => undefined);
    const generatorUs = (selfCpuUs() - idleStart) / generated;
    const before = selfCpuUs();
    const count = await work();
    return (selfCpuUs() - before) / count - generatorUs;
  };
  try {
    // Fan-out: every node takes a third of the fixes and hears the rest.
    await open();
    await Promise.all(nodes.map((n) => n.startFanOut()));
    const fanOutCpuUsPerMsg = await cpuPerMsg(async () => {
      const n = await generate(workers, SECONDS, (fix) => nodes[(Math.random() * HUBS) | 0].takeFanOut(fix));
      await sleep(FLUSH_MS * 1.5);
      return n;
    });
    const fanOutStaleMs = record.stale.splice(0);
    await close();

    // One process taking everything: the cost of a fix with no other process to tell.
    await open();
    await nodes[0].renew();
    const localCpuUsPerMsg = await cpuPerMsg(() => generate(workers, SECONDS, (fix) => nodes[0].takeOwned(fix)));
    record.hop.length = 0;
    for (const n of nodes.slice(1)) await n.renew();
    // Every node renews from here to the end, as hub processes would.
    const renewals = setInterval(() => nodes.forEach((n) => void n.renew().catch(() => undefined)), LEASE_RENEW_MS);
    try {
      // Owner: every node takes a third and forwards what it does not own.
      const ownerCpuUsPerMsg = await cpuPerMsg(async () => {
        const n = await generate(workers, SECONDS, (fix) => nodes[(Math.random() * HUBS) | 0].takeOwned(fix));
        await Promise.all(nodes.map((node) => node.nc.flush()));
        return n;
      });
      const ownerHopMs = record.hop.splice(0);
      const owner = nodes.find((n) => n.owner);
      if (!owner) throw new Error('no node holds the lease');
      const others = nodes.filter((n) => n !== owner);
      // A case entering on a process that does not own the township asks the owner for its shortlist.
      const lookupViaOwnerMs: number[] = [];
      const lookupLocalMs: number[] = [];
      for (let i = 0; i < LOOKUPS; i++) {
        const at = workers[i % workers.length].home;
        lookupViaOwnerMs.push(await others[i % others.length].nearestViaOwner(at));
        const start = performance.now();
        owner.index?.nearest(at.lng, at.lat, { maxResults: SHORTLIST });
        lookupLocalMs.push(performance.now() - start);
      }

      // Takeover: the owner stops dead (just renewed, so the lease runs its full TTL) while fixes keep coming; timed until a new owner takes one.
      await owner.renew();
      record.firstOwnedFixAt = 0;
      const killedAt = performance.now();
      owner.die();
      await generate(workers, Math.ceil((LEASE_TTL_MS + 2 * LEASE_RENEW_MS) / 1000) + 2, (fix) => others[(Math.random() * others.length) | 0].takeOwned(fix));
      const takeoverMs = record.firstOwnedFixAt ? record.firstOwnedFixAt - killedAt : Number.NaN;
      // Part of it: the new owner reading the township's workers from PostgreSQL.
      const b0 = performance.now();
      await others[0].load();
      const takeoverBuildMs = performance.now() - b0;
      return { fanOutStaleMs, fanOutCpuUsPerMsg, ownerHopMs, ownerCpuUsPerMsg, localCpuUsPerMsg, lookupViaOwnerMs, lookupLocalMs, takeoverMs, takeoverBuildMs };
    } finally {
      clearInterval(renewals);
    }
  } finally {
    await close();
    await admin.end();
  }
}

export const liveSupply: Benchmark = {
  name: 'live-supply',
  description: `${HUBS} hub processes on one live supply: staleness at a process that is not the phone's and CPU per position message (fan-out as built, vs one process; owner-per-township prototype)`,
  async run(): Promise<BenchResult[]> {
    const loadAtStart = loadavg()[0];
    const a = await realHubs();
    let b: Harness;
    try {
      b = await harness(a.databaseUrl, a.townshipId);
    } finally {
      await a.cleanup();
    }
    const p = (xs: number[], q: number) => round(percentile(xs, q), 2);
    const ratio = (x: number, y: number) => round(x / y, 2);
    const params = {
      hubs: HUBS,
      phones: PHONES,
      ratePerS: RATE,
      seconds: SECONDS,
      flushMs: FLUSH_MS,
      leaseTtlMs: LEASE_TTL_MS,
      leaseRenewMs: LEASE_RENEW_MS,
      aAcked: `${a.three.acked}/${a.three.sent}`,
      aSingleAcked: `${a.one.acked}/${a.one.sent}`,
      aCpuUsPerMsgByHub: a.three.cpuUsPerMsgByHub.map((x) => round(x, 0)).join(','),
      aNewsSamplesOther: a.three.otherMs.length,
      aWriteAndAnnounceP50Ms: round(percentile(a.three.pathMs, 50), 0),
      aWriteAndAnnounceP99Ms: round(percentile(a.three.pathMs, 99), 0),
      aSingleStaleOwnP50Ms: round(percentile(a.one.ownMs, 50), 0),
      harnessFanOutStaleP50Ms: p(b.fanOutStaleMs, 50),
      harnessFanOutStaleP99Ms: p(b.fanOutStaleMs, 99),
      harnessLocalCpuUsPerMsg: round(b.localCpuUsPerMsg, 1),
      ownerLookupLocalP50Ms: p(b.lookupLocalMs, 50),
      takeoverIndexBuildMs: round(b.takeoverBuildMs, 1),
      harness: 'part B runs in the bench process (3 nodes, own NATS connections and PostgreSQL sessions); its CPU per fix is net of the generator (measured just before each run with fixes handed to nobody), and compared with the same harness taking every fix in one node',
      database: 'postgresql',
      bus: 'nats',
      cores: cpus().length,
      loadAverageAtStart: round(loadAtStart, 2),
      loadAverageAtEnd: round(loadavg()[0], 2),
    };
    return [
      // The fan-out as built: news heard by another hub, beside the same news heard by the phone's own hub (the flush is in both).
      { name: 'a_stale_at_other_hub_p50_ms', value: p(a.three.otherMs, 50), unit: 'ms', baseline: p(a.three.ownMs, 50), ratio: ratio(percentile(a.three.otherMs, 50), percentile(a.three.ownMs, 50)), params },
      { name: 'a_stale_at_other_hub_p99_ms', value: p(a.three.otherMs, 99), unit: 'ms', baseline: p(a.three.ownMs, 99), ratio: ratio(percentile(a.three.otherMs, 99), percentile(a.three.ownMs, 99)), params },
      { name: 'a_hub_cpu_us_per_msg_3_hubs_vs_1', value: round(a.three.cpuUsPerMsgTotal, 1), unit: 'µs', baseline: round(a.one.cpuUsPerMsgTotal, 1), ratio: ratio(a.three.cpuUsPerMsgTotal, a.one.cpuUsPerMsgTotal), params },
      // Harness: the two sketches like for like, each against one process taking every fix.
      { name: 'harness_fanout_cpu_us_per_msg', value: round(b.fanOutCpuUsPerMsg, 1), unit: 'µs', baseline: round(b.localCpuUsPerMsg, 1), ratio: ratio(b.fanOutCpuUsPerMsg, b.localCpuUsPerMsg), params },
      { name: 'harness_owner_cpu_us_per_msg', value: round(b.ownerCpuUsPerMsg, 1), unit: 'µs', baseline: round(b.localCpuUsPerMsg, 1), ratio: ratio(b.ownerCpuUsPerMsg, b.localCpuUsPerMsg), params },
      { name: 'b_forward_hop_p50_ms', value: p(b.ownerHopMs, 50), unit: 'ms', baseline: p(b.fanOutStaleMs, 50), ratio: ratio(percentile(b.ownerHopMs, 50), percentile(b.fanOutStaleMs, 50)), params },
      { name: 'b_forward_hop_p99_ms', value: p(b.ownerHopMs, 99), unit: 'ms', baseline: p(b.fanOutStaleMs, 99), ratio: ratio(percentile(b.ownerHopMs, 99), percentile(b.fanOutStaleMs, 99)), params },
      { name: 'b_lookup_via_owner_p50_ms', value: p(b.lookupViaOwnerMs, 50), unit: 'ms', baseline: p(b.lookupLocalMs, 50), ratio: ratio(percentile(b.lookupViaOwnerMs, 50), percentile(b.lookupLocalMs, 50)), params },
      { name: 'b_lookup_via_owner_p99_ms', value: p(b.lookupViaOwnerMs, 99), unit: 'ms', baseline: p(b.lookupLocalMs, 99), ratio: ratio(percentile(b.lookupViaOwnerMs, 99), percentile(b.lookupLocalMs, 99)), params },
      // Without a phone's fix reaching the index from stop until the new owner takes one; the baseline is the lease's TTL.
      { name: 'b_takeover_ms', value: round(b.takeoverMs, 0), unit: 'ms', baseline: LEASE_TTL_MS, ratio: ratio(b.takeoverMs, LEASE_TTL_MS), params },
    ];
  },
};
