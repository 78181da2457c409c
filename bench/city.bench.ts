/**
 * A city on one PostgreSQL and one NATS (issue 13, "Measured"): generated townships, every worker's
 * phone connected over websocket to one of three built hub processes, position fixes at the city's
 * rate, a signed 110 case a second to random townships and a stream of camera alerts. Measured over a
 * window: intake → offer on the phone's socket, hub CPU per position message, hub memory per connected
 * phone. Then the same phones and load on one hub process (the cross-process overhead), and the same
 * number of clients on a bare socket.io server (the memory floor). Phones live in forked fleet
 * processes, never in a hub's or the bench's event loop; their CPU, the machine's busy share and the
 * load average are reported beside every figure, so a saturated machine shows. docs/bench-city.md.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect as connectNats } from '@nats-io/transport-node';
import { Client } from 'pg';
import { BUS_STREAM, BUS_SUBJECT_PREFIX } from '@xiaonao/contracts';
import { extrapolate } from './support/city-extrapolation';
import { PhoneFleets, type Driven } from './support/city-fleet';
import { CityIntake } from './support/city-intake';
import { cpuMs, machineTicks, raiseFileLimit, rssBytes, sumCpuMs, sumRssBytes } from './support/city-proc';
import type { FleetPhone } from './support/city-protocol';
import { mintPhoneSessions } from './support/city-sessions';
import { buildCity, type CityTownship } from './support/city-townships';
import { BENCH_JWT_SECRET, BENCH_NATS_URL, freshDatabase, startProcess, type Running } from './support/processes';
import type { Benchmark, BenchResult } from './support/result';
import { percentile, round } from './support/stats';

const env = (name: string, fallback: number) => Number(process.env[name] || fallback);
const TOWNSHIPS = env('BENCH_CITY_TOWNSHIPS', 190);
const PHONES = env('BENCH_CITY_PHONES', 20_000);
const FIXES_PER_S = env('BENCH_CITY_FIXES', 5_000);
const SECONDS = env('BENCH_CITY_SECONDS', 60);
const WARMUP_SECONDS = env('BENCH_CITY_WARMUP_SECONDS', 10);
/** Cases and alerts with no fixes, to take their CPU out of the CPU per fix. */
const REQUESTS_ONLY_SECONDS = env('BENCH_CITY_REQUESTS_ONLY_SECONDS', 20);
const CASES_PER_S = env('BENCH_CITY_CASES', 1);
const ALERTS_PER_S = env('BENCH_CITY_ALERTS', 5);
const CAMERAS_EACH = env('BENCH_CITY_CAMERAS', 5);
const HUBS = env('BENCH_CITY_HUBS', 3);
const FLEETS = env('BENCH_CITY_FLEETS', 2);
/** Handshakes each fleet has open at once while connecting. */
const CONNECT_BATCH = env('BENCH_CITY_CONNECT_BATCH', 200);
/** The wait for late offers after the window ends when none has come for this long. */
const OFFER_QUIET_MS = 15_000;
/** Cases in flight at once while warming every hub's live index of every township. */
const WARM_CONCURRENCY = 4;
/** Room for every phone in one process, with the hub's own database and bus connections. */
const FILE_LIMIT = PHONES + 5_000;
/** Descriptors a server keeps for everything but phones. */
const FILE_HEADROOM = 1_000;
/** The issue's city, for the extrapolation. */
const CITY = { phones: 20_000, fixesPerS: 5_000 };

interface Layout {
  hubs: number;
  connected: number;
  failed: number;
  lastConnectError: string;
  connectMs: number;
  /** Hub resident memory gained by connecting the phones, per connected phone, bytes. */
  bytesPerPhone: number;
  idleHubBytes: number;
  /** The phone fleets' resident memory per connected client, bytes: what the load generator itself holds. */
  fleetBytesPerPhone: number;
  fileLimit: number;
  phase: Phase;
}

interface Phase {
  driven: Driven;
  elapsedS: number;
  /** Fixes acknowledged per second of the window (longer than SECONDS when the hubs fell behind). */
  achievedFixesPerS: number;
  /** Net of the hubs' idle CPU and of the cases' and alerts' own CPU (measured without fixes). */
  hubCpuUsPerFixNet: number;
  /** Net of idle only: the cases and alerts charged to the fixes. */
  hubCpuUsPerFixWithRequests: number;
  /** Hub CPU per case or alert, measured without fixes, ms. */
  hubCpuMsPerRequest: number;
  hubCpuUsPerFixGross: number;
  hubCores: number;
  fleetCores: number;
  /** The PostgreSQL backends serving the bench's database: the hubs' pools. */
  postgresCores: number;
  /** Their CPU per fix, gross (cases and alerts included), µs. */
  postgresCpuUsPerFix: number;
  benchCores: number;
  machineBusyShare: number;
  loadStart: number;
  loadEnd: number;
  offersMs: number[];
  /** Intake request → its answer (the case committed), ms. */
  answersMs: number[];
  casesSent: number;
  casesAccepted: number;
  casesWithoutOffer: number;
  caseError: string;
  alertsSent: number;
  alertsAccepted: number;
  alertError: string;
}

function startHubs(count: number, databaseUrl: string, dir: string): Promise<Running[]> {
  return Promise.all(
    Array.from({ length: count }, (_, i) =>
      startProcess('dist/apps/hub/src/main.js', {
        DATABASE_URL: databaseUrl,
        NATS_URL: BENCH_NATS_URL,
        PORT: '0',
        LOG_LEVEL: 'warn',
        HUB_INSTANCE: `city-${i}`,
        // The phones never answer: an offer must not lapse and be offered again inside the window.
        OFFER_TIMEOUT_MS: '600000',
        // Two random cases of one category close together must each get their own offer, not be linked as one event.
        REPORT_LINK_RADIUS_M: '0',
        // Nobody accepts: without this, the 1-3-8 alarms of hundreds of waiting cases would fire inside the window, on no schedule of the bench's.
        CLOCK_ACCEPT_SECONDS: '3600',
        CLOCK_CONTACT_SECONDS: '7200',
        CLOCK_ARRIVE_SECONDS: '10800',
        WEB_DIR: join(dir, 'no-web'),
      }),
    ),
  );
}

/** The generated city through the hub's own seeding, in a child process. */
function seedCity(databaseUrl: string, seedFile: string): Promise<string> {
  const child = spawn(process.execPath, ['dist/bench/support/city-seeder.js', seedFile], {
    env: { ...process.env, JWT_SECRET: BENCH_JWT_SECRET, DATABASE_URL: databaseUrl, NATS_URL: BENCH_NATS_URL, PORT: '0', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  return new Promise((resolve, reject) => child.once('exit', (code) => (code === 0 ? resolve(out.trim().split('\n').pop() ?? '') : reject(new Error(`seeding failed (${code}):\n${out}`)))));
}

/**
 * The share of a core the processes use while nothing is sent (the sweeper, the outbox, timers): the
 * least of three one-second readings, so that the tail of earlier work is not counted as idle.
 */
async function idleCores(pids: number[]): Promise<number> {
  let least = Infinity;
  for (let i = 0; i < 3; i++) {
    const before = sumCpuMs(pids);
    const t0 = performance.now();
    await sleep(1000);
    least = Math.min(least, (sumCpuMs(pids) - before) / (performance.now() - t0));
  }
  return least;
}

/** The PostgreSQL server processes serving the bench's database (the hubs' pools), by their pids in pg_stat_activity. */
async function databaseBackends(databaseUrl: string): Promise<number[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
    return rows.map((r) => r.pid);
  } finally {
    await client.end();
  }
}

/** Hub resident memory once it has settled: the lowest of a few readings a second apart (a GC may be under way). */
async function settledRss(pids: number[]): Promise<number> {
  let least = Infinity;
  for (let i = 0; i < 3; i++) {
    await sleep(1000);
    least = Math.min(least, sumRssBytes(pids));
  }
  return least;
}

/**
 * The phones that fit: each server keeps FILE_HEADROOM descriptors for its database, bus and HTTP
 * connections, since a process out of descriptors refuses the 110 door too. Where the hard limit cannot
 * be raised (a container without CAP_SYS_RESOURCE), one process holds fewer phones than three.
 */
function withinFileLimit(phones: FleetPhone[], fileLimit: number, servers: number, label: string): FleetPhone[] {
  const room = Math.max(0, fileLimit - FILE_HEADROOM) * servers;
  if (room >= phones.length) return phones;
  console.log(`  ${label}: open-file limit ${fileLimit} (not raisable here) leaves room for ${room} of ${phones.length} phones`);
  // Spread over the city, not the first townships only.
  const step = phones.length / room;
  return Array.from({ length: room }, (_, k) => phones[Math.floor(k * step)]);
}

/** Connects every phone, spread over the servers in turn, and the memory the servers gained by it. */
async function connectLayout(fleets: PhoneFleets, urls: string[], pids: number[], phones: FleetPhone[]) {
  const before = await settledRss(pids);
  const result = await fleets.connect(urls, phones, CONNECT_BATCH);
  const after = await settledRss(pids);
  return { ...result, bytesPerPhone: result.connected ? (after - before) / result.connected : Number.NaN, idleBytes: before / pids.length };
}

/** Warm-up, then the measured window: fixes, cases and alerts together. */
async function loadPhase(hubPids: number[], fleets: PhoneFleets, intake: CityIntake, databaseUrl: string): Promise<Phase> {
  // Idle first, while the hubs hold the phones and nothing else: later, a saturated hub is still working off the warm-up.
  const idle = await idleCores(hubPids);
  // The cases and alerts alone, so that their CPU is not charged to the fixes.
  intake.reset();
  const r0 = sumCpuMs(hubPids);
  const rt0 = performance.now();
  await intake.drive(CASES_PER_S, ALERTS_PER_S, REQUESTS_ONLY_SECONDS, false);
  await intake.settle();
  const requestCores = Math.max(0, (sumCpuMs(hubPids) - r0) / (performance.now() - rt0) - idle);
  await Promise.all([fleets.drive(FIXES_PER_S, WARMUP_SECONDS), intake.drive(CASES_PER_S, ALERTS_PER_S, WARMUP_SECONDS, false)]);
  await intake.settle();
  intake.reset();
  const loadStart = loadavg()[0];
  const hub0 = sumCpuMs(hubPids);
  const fleet0 = sumCpuMs(fleets.pids);
  const pg0 = new Map((await databaseBackends(databaseUrl)).map((pid) => [pid, cpuMs(pid)]));
  const bench0 = process.cpuUsage();
  const machine0 = machineTicks();
  const t0 = performance.now();
  const [driven] = await Promise.all([fleets.drive(FIXES_PER_S, SECONDS), intake.drive(CASES_PER_S, ALERTS_PER_S, SECONDS, true)]);
  const elapsedMs = performance.now() - t0;
  const hubMs = sumCpuMs(hubPids) - hub0;
  const fleetMs = sumCpuMs(fleets.pids) - fleet0;
  // A backend that opened during the window counts from its start.
  const pgMs = (await databaseBackends(databaseUrl)).reduce((sum, pid) => sum + cpuMs(pid) - (pg0.get(pid) ?? 0), 0);
  const bench = process.cpuUsage(bench0);
  const machine1 = machineTicks();
  const loadEnd = loadavg()[0];
  await intake.settle();
  // The last offers: until every accepted case has one, or none has come for OFFER_QUIET_MS (a saturated hub delivers late).
  for (let seen = -1; seen !== intake.offeredAt.size && intake.offeredAt.size < intake.cases.accepted; ) {
    seen = intake.offeredAt.size;
    await sleep(OFFER_QUIET_MS);
  }
  const offersMs = [...intake.offeredAt].map(([caseNo, at]) => at - (intake.sentAt.get(caseNo) ?? at));
  return {
    driven,
    elapsedS: elapsedMs / 1000,
    achievedFixesPerS: driven.acked / (elapsedMs / 1000),
    // The requests were sent for SECONDS only, however long the fixes took to be answered.
    hubCpuUsPerFixNet: ((hubMs - idle * elapsedMs - requestCores * Math.min(elapsedMs, SECONDS * 1000)) * 1000) / driven.acked,
    hubCpuUsPerFixWithRequests: ((hubMs - idle * elapsedMs) * 1000) / driven.acked,
    hubCpuMsPerRequest: CASES_PER_S + ALERTS_PER_S > 0 ? (requestCores * 1000) / (CASES_PER_S + ALERTS_PER_S) : 0,
    hubCpuUsPerFixGross: (hubMs * 1000) / driven.acked,
    hubCores: hubMs / elapsedMs,
    fleetCores: fleetMs / elapsedMs,
    postgresCores: pgMs / elapsedMs,
    postgresCpuUsPerFix: (pgMs * 1000) / driven.acked,
    benchCores: (bench.user + bench.system) / 1000 / elapsedMs,
    machineBusyShare: (machine1.busy - machine0.busy) / (machine1.total - machine0.total),
    loadStart,
    loadEnd,
    offersMs,
    answersMs: [...intake.answeredAt].map(([caseNo, at]) => at - (intake.sentAt.get(caseNo) ?? at)),
    casesSent: intake.cases.sent,
    casesAccepted: intake.cases.accepted,
    casesWithoutOffer: intake.cases.accepted - intake.offeredAt.size,
    caseError: intake.cases.lastError,
    alertsSent: intake.alerts.sent,
    alertsAccepted: intake.alerts.accepted,
    alertError: intake.alerts.lastError,
  };
}

async function runLayout(label: string, hubs: Running[], fleets: PhoneFleets, phones: FleetPhone[], intake: CityIntake, databaseUrl: string): Promise<Layout> {
  const pids = hubs.map((h) => h.child.pid ?? 0);
  const fileLimit = Math.min(...pids.map((pid) => raiseFileLimit(pid, FILE_LIMIT)));
  const urls = hubs.map((h) => h.url);
  const spread = withinFileLimit(phones, fileLimit, urls.length, label).map((p, i) => ({ ...p, server: i % urls.length }));
  const fleetBefore = sumRssBytes(fleets.pids);
  const c = await connectLayout(fleets, urls, pids, spread);
  const fleetBytesPerPhone = c.connected ? (sumRssBytes(fleets.pids) - fleetBefore) / c.connected : Number.NaN;
  console.log(
    `  ${label}: ${c.connected}/${phones.length} phones connected in ${round(c.ms / 1000, 1)} s (${round(c.connected / (c.ms / 1000), 0)}/s)${c.failed ? ` (${c.failed} failed: ${c.lastError})` : ''}, ${round(c.bytesPerPhone / 1024, 1)} KB/phone, open-file limit ${fileLimit}, load ${round(loadavg()[0], 2)}`,
  );
  intake.urls = urls;
  const phase = await loadPhase(pids, fleets, intake, databaseUrl);
  console.log(
    `  ${label}: ${phase.driven.acked}/${phase.driven.sent} fixes acked (${round(phase.achievedFixesPerS, 0)}/s over ${round(phase.elapsedS, 1)} s), ${round(phase.hubCpuUsPerFixNet, 1)} µs hub CPU/fix, offers ${phase.offersMs.length}/${phase.casesAccepted} p50 ${round(percentile(phase.offersMs, 50), 0)} ms p99 ${round(percentile(phase.offersMs, 99), 0)} ms, machine ${round(phase.machineBusyShare * 100, 0)}% busy, load ${round(phase.loadEnd, 2)}`,
  );
  await fleets.disconnect();
  return { hubs: hubs.length, connected: c.connected, failed: c.failed, lastConnectError: c.lastError, connectMs: c.ms, bytesPerPhone: c.bytesPerPhone, idleHubBytes: c.idleBytes, fleetBytesPerPhone, fileLimit, phase };
}

/** The same number of clients on a bare socket.io server: what a connection costs with no application. */
async function plainSocketIo(fleets: PhoneFleets, phones: FleetPhone[]): Promise<{ connected: number; bytesPerPhone: number; idleBytes: number }> {
  const server = await startProcess('dist/bench/baseline/socketio-ack-server.js', {});
  try {
    const pid = server.child.pid ?? 0;
    const fileLimit = raiseFileLimit(pid, FILE_LIMIT);
    const c = await connectLayout(
      fleets,
      [server.url],
      [pid],
      withinFileLimit(phones, fileLimit, 1, 'plain socket.io').map((p) => ({ workerId: p.workerId, home: p.home, server: 0 })),
    );
    console.log(`  plain socket.io: ${c.connected}/${phones.length} connected, ${round(c.bytesPerPhone / 1024, 1)} KB/connection, RSS ${round(rssBytes(pid) / 2 ** 20, 0)} MB`);
    await fleets.disconnect();
    return { connected: c.connected, bytesPerPhone: c.bytesPerPhone, idleBytes: c.idleBytes };
  } finally {
    await server.stop();
  }
}

async function purgeBus(townships: readonly CityTownship[]): Promise<void> {
  const nc = await connectNats({ servers: BENCH_NATS_URL });
  try {
    const jsm = await jetstreamManager(nc);
    for (const t of townships) await jsm.streams.purge(BUS_STREAM, { filter: `${BUS_SUBJECT_PREFIX}.${t.seed.code}.>` });
  } finally {
    await nc.close();
  }
}

function summary(three: Layout, one: Layout, plain: { connected: number; bytesPerPhone: number }, townships: number): string {
  const p = (xs: number[], q: number) => round(percentile(xs, q), 0);
  const x = (a: number, b: number) => `${round(a / b, 2)}×`;
  const line = (l: Layout) =>
    `load ${round(l.phase.loadStart, 1)}→${round(l.phase.loadEnd, 1)}, machine ${round(l.phase.machineBusyShare * 100, 0)}% busy, hubs ${round(l.phase.hubCores, 2)} cores, their PostgreSQL backends ${round(l.phase.postgresCores, 2)} cores (${round(l.phase.postgresCpuUsPerFix, 0)} µs/fix), phone fleets ${round(l.phase.fleetCores, 2)} cores, bench ${round(l.phase.benchCores, 2)} cores`;
  return [
    `城市规模 / City scale: ${townships} townships, ${three.connected} phones (${PHONES} asked), ${FIXES_PER_S} fixes/s, ${CASES_PER_S} case/s, ${ALERTS_PER_S} alerts/s, ${SECONDS} s window, ${cpus().length} cores`,
    `  offers timed ${three.phase.offersMs.length} (${HUBS} hubs) and ${one.phase.offersMs.length} (1 hub): with fewer than 100, p99 is the slowest one`,
    `  offer p50   ${HUBS} hubs ${p(three.phase.offersMs, 50)} ms vs 1 hub ${p(one.phase.offersMs, 50)} ms (${x(percentile(three.phase.offersMs, 50), percentile(one.phase.offersMs, 50))})`,
    `  offer p99   ${HUBS} hubs ${p(three.phase.offersMs, 99)} ms vs 1 hub ${p(one.phase.offersMs, 99)} ms (${x(percentile(three.phase.offersMs, 99), percentile(one.phase.offersMs, 99))})`,
    `  intake answer (case committed) p50 ${HUBS} hubs ${p(three.phase.answersMs, 50)} ms vs 1 hub ${p(one.phase.answersMs, 50)} ms, p99 ${p(three.phase.answersMs, 99)} vs ${p(one.phase.answersMs, 99)} ms`,
    `  hub CPU/fix ${HUBS} hubs ${round(three.phase.hubCpuUsPerFixNet, 1)} µs vs 1 hub ${round(one.phase.hubCpuUsPerFixNet, 1)} µs (${x(three.phase.hubCpuUsPerFixNet, one.phase.hubCpuUsPerFixNet)}) net of idle and of the cases and alerts (${round(three.phase.hubCpuMsPerRequest, 1)} / ${round(one.phase.hubCpuMsPerRequest, 1)} ms CPU per request); with them ${round(three.phase.hubCpuUsPerFixWithRequests, 1)} vs ${round(one.phase.hubCpuUsPerFixWithRequests, 1)} µs; gross ${round(three.phase.hubCpuUsPerFixGross, 1)} vs ${round(one.phase.hubCpuUsPerFixGross, 1)} µs`,
    `  memory/phone ${HUBS} hubs ${round(three.bytesPerPhone / 1024, 1)} KB, 1 hub ${round(one.bytesPerPhone / 1024, 1)} KB vs plain socket.io ${round(plain.bytesPerPhone / 1024, 1)} KB (${x(three.bytesPerPhone, plain.bytesPerPhone)})`,
    `  fixes acked ${three.phase.driven.acked}/${three.phase.driven.sent} and ${one.phase.driven.acked}/${one.phase.driven.sent} (${round(three.phase.achievedFixesPerS, 0)}/s and ${round(one.phase.achievedFixesPerS, 0)}/s of ${FIXES_PER_S}/s asked); generator behind schedule at worst ${round(three.phase.driven.lateMs, 0)} / ${round(one.phase.driven.lateMs, 0)} ms`,
    `  cases without an offer ${three.phase.casesWithoutOffer}/${three.phase.casesAccepted} and ${one.phase.casesWithoutOffer}/${one.phase.casesAccepted} (police-only or operator-confirm categories); alerts accepted ${three.phase.alertsAccepted}/${three.phase.alertsSent} and ${one.phase.alertsAccepted}/${one.phase.alertsSent}`,
    `  ${HUBS} hubs: ${line(three)}`,
    `  1 hub:  ${line(one)}`,
  ].join('\n');
}

export const city: Benchmark = {
  name: 'city',
  description: `${TOWNSHIPS} generated townships, ${PHONES} phones over ${HUBS} hub processes, ${FIXES_PER_S} fixes/s, ${CASES_PER_S} case/s, ${ALERTS_PER_S} camera alerts/s: offer latency and hub CPU per fix vs one process, memory per phone vs plain socket.io`,
  async run(): Promise<BenchResult[]> {
    const loadAtStart = loadavg()[0];
    raiseFileLimit(process.pid, FILE_LIMIT);
    const run = Date.now().toString(36);
    const dir = mkdtempSync(join(tmpdir(), 'xiaonao-city-'));
    const db = await freshDatabase();
    const hubs: Running[] = [];
    let fleets: PhoneFleets | null = null;
    const workersEach = Math.ceil(PHONES / TOWNSHIPS);
    const townships = buildCity(run, TOWNSHIPS, workersEach, CAMERAS_EACH);
    try {
      const seedFile = join(dir, 'city.json');
      writeFileSync(seedFile, JSON.stringify(townships.map((t) => t.seed)));
      const s0 = performance.now();
      console.log(`  ${await seedCity(db.url, seedFile)} (${townships.length * workersEach} workers)`);
      const seedS = (performance.now() - s0) / 1000;
      hubs.push(...(await startHubs(HUBS, db.url, dir)));
      const m0 = performance.now();
      const sessions = (await mintPhoneSessions(db.url, `city-${run}-`, BENCH_JWT_SECRET)).slice(0, PHONES);
      const mintS = (performance.now() - m0) / 1000;
      console.log(`  ${sessions.length} phone sessions minted in ${round(mintS, 1)} s`);
      const phones: FleetPhone[] = sessions.map((s) => ({ workerId: s.workerId, home: s.home, token: s.token, server: 0 }));
      const intake = new CityIntake(townships, run, hubs.map((h) => h.url));
      fleets = await PhoneFleets.start(FLEETS, FILE_LIMIT, (offer) => intake.offered(offer.caseNo, offer.at));
      const w0 = performance.now();
      await intake.warm(WARM_CONCURRENCY);
      await intake.settle();
      const warmS = (performance.now() - w0) / 1000;

      const three = await runLayout(`${HUBS} hubs`, hubs, fleets, phones, intake, db.url);
      for (const hub of hubs.splice(1)) await hub.stop();
      const one = await runLayout('1 hub', hubs, fleets, phones, intake, db.url);
      for (const hub of hubs.splice(0)) await hub.stop();
      const plain = await plainSocketIo(fleets, phones);

      const out = extrapolate({
        cpuUsPerFixThree: three.phase.hubCpuUsPerFixNet,
        cpuUsPerFixOne: one.phase.hubCpuUsPerFixNet,
        postgresUsPerFix: three.phase.postgresCpuUsPerFix,
        connectsPerS: three.connected / (three.connectMs / 1000),
        hubs: HUBS,
        bytesPerPhone: three.bytesPerPhone,
        idleHubBytes: three.idleHubBytes,
        offerP50Ms: percentile(three.phase.offersMs, 50),
        offerP99Ms: percentile(three.phase.offersMs, 99),
        cityFixesPerS: CITY.fixesPerS,
        cityPhones: CITY.phones,
        measuredPhones: three.connected,
        measuredFixesPerS: FIXES_PER_S,
        loadAverage: three.phase.loadEnd,
        cores: cpus().length,
      });
      console.log(`\n${summary(three, one, plain, TOWNSHIPS)}\n\n本机数字对真实城市意味着什么：\n${out.zh}\n\nWhat this implies for a city on real hardware:\n${out.en}\n`);

      const params = {
        townships: TOWNSHIPS,
        workersPerTownship: workersEach,
        phonesAsked: PHONES,
        phonesConnected3Hubs: three.connected,
        phonesConnected1Hub: one.connected,
        phonesConnectedPlain: plain.connected,
        connectFailed: three.failed + one.failed,
        lastConnectError: three.lastConnectError || one.lastConnectError,
        connectSeconds3Hubs: round(three.connectMs / 1000, 1),
        fixesPerS: FIXES_PER_S,
        casesPerS: CASES_PER_S,
        alertsPerS: ALERTS_PER_S,
        seconds: SECONDS,
        warmupSeconds: WARMUP_SECONDS,
        hubs: HUBS,
        phoneFleets: FLEETS,
        fileLimit: Math.min(three.fileLimit, one.fileLimit),
        seedSeconds: round(seedS, 1),
        sessionMintSeconds: round(mintS, 1),
        indexWarmSeconds: round(warmS, 1),
        fixesAcked3Hubs: `${three.phase.driven.acked}/${three.phase.driven.sent}`,
        fixesAcked1Hub: `${one.phase.driven.acked}/${one.phase.driven.sent}`,
        generatorLateMs3Hubs: round(three.phase.driven.lateMs, 0),
        generatorLateMs1Hub: round(one.phase.driven.lateMs, 0),
        offers3Hubs: `${three.phase.offersMs.length}/${three.phase.casesAccepted}`,
        offers1Hub: `${one.phase.offersMs.length}/${one.phase.casesAccepted}`,
        alerts3Hubs: `${three.phase.alertsAccepted}/${three.phase.alertsSent}`,
        alerts1Hub: `${one.phase.alertsAccepted}/${one.phase.alertsSent}`,
        lastRequestError: three.phase.caseError || three.phase.alertError || one.phase.caseError || one.phase.alertError,
        achievedFixesPerS3Hubs: round(three.phase.achievedFixesPerS, 0),
        achievedFixesPerS1Hub: round(one.phase.achievedFixesPerS, 0),
        windowSeconds3Hubs: round(three.phase.elapsedS, 1),
        windowSeconds1Hub: round(one.phase.elapsedS, 1),
        requestsOnlySeconds: REQUESTS_ONLY_SECONDS,
        hubCpuMsPerRequest3Hubs: round(three.phase.hubCpuMsPerRequest, 2),
        hubCpuMsPerRequest1Hub: round(one.phase.hubCpuMsPerRequest, 2),
        hubCpuUsPerFixWithRequests3Hubs: round(three.phase.hubCpuUsPerFixWithRequests, 1),
        hubCpuUsPerFixWithRequests1Hub: round(one.phase.hubCpuUsPerFixWithRequests, 1),
        hubCpuUsPerFixGross3Hubs: round(three.phase.hubCpuUsPerFixGross, 1),
        hubCpuUsPerFixGross1Hub: round(one.phase.hubCpuUsPerFixGross, 1),
        hubCores3Hubs: round(three.phase.hubCores, 2),
        hubCores1Hub: round(one.phase.hubCores, 2),
        postgresCores3Hubs: round(three.phase.postgresCores, 2),
        postgresCores1Hub: round(one.phase.postgresCores, 2),
        postgresCpuUsPerFix3Hubs: round(three.phase.postgresCpuUsPerFix, 1),
        postgresCpuUsPerFix1Hub: round(one.phase.postgresCpuUsPerFix, 1),
        connectPerS3Hubs: round(three.connected / (three.connectMs / 1000), 0),
        connectPerS1Hub: round(one.connected / (one.connectMs / 1000), 0),
        fleetCores3Hubs: round(three.phase.fleetCores, 2),
        fleetCores1Hub: round(one.phase.fleetCores, 2),
        benchCores3Hubs: round(three.phase.benchCores, 2),
        machineBusy3Hubs: round(three.phase.machineBusyShare, 2),
        machineBusy1Hub: round(one.phase.machineBusyShare, 2),
        loadAverageAtStart: round(loadAtStart, 2),
        loadAverage3Hubs: `${round(three.phase.loadStart, 2)}→${round(three.phase.loadEnd, 2)}`,
        loadAverage1Hub: `${round(one.phase.loadStart, 2)}→${round(one.phase.loadEnd, 2)}`,
        loadAverageAtEnd: round(loadavg()[0], 2),
        idleHubMb: round(three.idleHubBytes / 2 ** 20, 0),
        hubKbPerPhone1Hub: round(one.bytesPerPhone / 1024, 1),
        fleetKbPerPhone: round(three.fleetBytesPerPhone / 1024, 1),
        extrapolatedHubs: out.hubsNeeded ?? 'none keeps each process under half a core',
        extrapolatedCoresForFixes: round(out.coresForFixes, 1),
        extrapolatedRamGb: round(out.ramGbForPhones, 1),
        cores: cpus().length,
        database: 'postgresql',
        bus: 'nats',
        transport: 'websocket',
      };
      const figure = (name: string, value: number, baseline: number, unit: string, digits = 1): BenchResult => ({ name, value: round(value, digits), unit, baseline: round(baseline, digits), ratio: round(value / baseline, 2), params });
      return [
        figure('city_offer_p50_ms_3_hubs_vs_1', percentile(three.phase.offersMs, 50), percentile(one.phase.offersMs, 50), 'ms', 0),
        figure('city_offer_p99_ms_3_hubs_vs_1', percentile(three.phase.offersMs, 99), percentile(one.phase.offersMs, 99), 'ms', 0),
        figure('city_intake_answer_p50_ms_3_hubs_vs_1', percentile(three.phase.answersMs, 50), percentile(one.phase.answersMs, 50), 'ms', 0),
        figure('city_hub_cpu_us_per_fix_3_hubs_vs_1', three.phase.hubCpuUsPerFixNet, one.phase.hubCpuUsPerFixNet, 'µs'),
        figure('city_hub_kb_per_phone_vs_plain_socketio', three.bytesPerPhone / 1024, plain.bytesPerPhone / 1024, 'KB'),
        // How far the run got, against what was asked.
        figure('city_phones_connected', three.connected, PHONES, 'phones', 0),
        // Whether the machine could carry the load: the generator's and everything's share, against its cores.
        figure('city_phone_fleet_cores_3_hubs', three.phase.fleetCores, cpus().length, 'cores', 2),
        figure('city_load_average_3_hubs', three.phase.loadEnd, cpus().length, 'load', 2),
      ];
    } finally {
      fleets?.stop();
      for (const hub of hubs.splice(0)) await hub.stop();
      await db.drop();
      await purgeBus(townships).catch((error: unknown) => console.warn(`could not purge the city from the bus: ${String(error)}`));
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
