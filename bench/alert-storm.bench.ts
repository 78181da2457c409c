/**
 * A camera alert storm: 2,000 signed alerts a second for 30 seconds from 500 cameras, over HTTP, into
 * the real hub (PostgreSQL + NATS), beside a plain HTTP server that only parses and acknowledges the
 * same requests, driven the same way in the same run. Each camera mostly repeats its own scene (one
 * type) with some noise, at confidences around the thresholds, so storms form, some alerts fall below
 * the threshold and some types open cases that dispatch at once. Reported for both: alerts accepted
 * per second during the storm, and the backlog when it ends (sent but not yet answered); for the hub
 * also the alerts it had recorded (committed) when the storm ended, the cases created against the
 * storms the workload holds, and how long the backlog took to clear. The load generator is this process, on the same machine.
 * BENCH_ALERT_RATE, BENCH_ALERT_SECONDS, BENCH_CAMERAS and BENCH_DRAIN_SECONDS shorten a run.
 */
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect as connectNats } from '@nats-io/transport-node';
import { Client } from 'pg';
import { API_KEY_HEADER, BUS_STREAM, BUS_SUBJECT_PREFIX, CAMERA_ALERT_TYPES, CAMERA_INTAKE_STREAM, CAMERA_API, type CameraAlertRequest, type CameraAlertType, type TownshipSeed } from '@xiaonao/contracts';
import { DEFAULT_CAMERA_POLICIES } from '@xiaonao/domain';
import { defaultSigningSecret, signatureHeaders } from '../apps/hub/src/auth/request-signature';
import { cameraConsumerName } from '../apps/hub/src/cameras/camera-alert-jetstream';
import { randomPointInPolygon } from '../apps/sim/src/township/geo';
import { buildHezhuangTownship } from '../apps/sim/src/township/hezhuang';
import { createRandom, type Random } from '../apps/sim/src/township/random';
import { BENCH_NATS_URL, freshDatabase, startProcess, type Running } from './support/processes';
import type { Benchmark, BenchResult } from './support/result';
import { percentile, round } from './support/stats';

const RATE = Number(process.env.BENCH_ALERT_RATE || 2000);
const SECONDS = Number(process.env.BENCH_ALERT_SECONDS || 30);
const CAMERAS = Number(process.env.BENCH_CAMERAS || 500);
/** Longest wait after the storm for the last answers. */
const DRAIN_SECONDS = Number(process.env.BENCH_DRAIN_SECONDS || 120);
/** Sockets the generator keeps open to a server; requests beyond them queue in the generator. */
const SOCKETS = 256;
/** Share of a camera's alerts that are of its own scene; the rest are any type, at low confidence (noise). */
const SCENE_SHARE = 0.9;
const TICK_MS = 5;

interface Alert {
  body: string;
  cameraCode: string;
  type: CameraAlertType;
  confidence: number;
}

interface Storm {
  sent: number;
  answered: number;
  accepted: number;
  refused: number;
  failed: number;
  lastError: string;
  latencies: number[];
  /** When the generator had sent everything (ms since the start). */
  sendMs: number;
  /** Answers received by the end of the storm (the send window). */
  answeredAtEnd: number;
  acceptedAtEnd: number;
  /** Seconds after the storm until every request was answered; null if the drain limit came first. */
  drainSeconds: number | null;
  /** Alerts the server had recorded when the storm ended (the hub's committed rows); null for the baseline. */
  processedAtEnd: number | null;
}

/** The demo township with `count` cameras spread over its grids, and only the operator as a user (users are hashed at seeding). */
function stormTownship(code: string, count: number): TownshipSeed {
  const demo = buildHezhuangTownship();
  const random = createRandom(2_000);
  const cameras = Array.from({ length: count }, (_, i) => {
    const grid = demo.grids[i % demo.grids.length];
    return { code: `BC-${String(i + 1).padStart(4, '0')}`, name: `压测摄像头${i + 1}`, gridCode: grid.code, location: randomPointInPolygon(grid.polygon, random, 40), owner: '压测' };
  });
  return { ...demo, code, name: '河庄街道（告警风暴压测）', cameras, users: demo.users.filter((u) => u.role === 'operator') };
}

/** The storm's alerts, in sending order: each camera keeps to its scene mostly, confidence spread over the thresholds. */
function workload(seed: TownshipSeed, total: number, random: Random): Alert[] {
  const cameras = seed.cameras ?? [];
  const scenes = cameras.map((_, i) => CAMERA_ALERT_TYPES[i % CAMERA_ALERT_TYPES.length]);
  const now = new Date().toISOString();
  const run = randomUUID().slice(0, 8);
  return Array.from({ length: total }, (_, n) => {
    const i = random.int(0, cameras.length - 1);
    const scene = random.chance(SCENE_SHARE);
    const type = scene ? scenes[i] : random.pick(CAMERA_ALERT_TYPES);
    // The scene is seen with confidence around and above the thresholds; the noise mostly below them.
    const confidence = Math.round((scene ? random.between(0.5, 1) : random.between(0.2, 0.65)) * 1000) / 1000;
    const request: CameraAlertRequest = { alertId: `b-${run}-${n}`, cameraCode: cameras[i].code, type, confidence, at: now, snapshotRef: `snap:${run}:${n}` };
    return { body: JSON.stringify(request), cameraCode: cameras[i].code, type, confidence };
  });
}

/** Distinct camera and type pairs with an alert at or above the default threshold: the fewest cases the storm can make (linking makes fewer). */
function stormsIn(alerts: readonly Alert[]): number {
  return new Set(alerts.filter((a) => a.confidence >= DEFAULT_CAMERA_POLICIES[a.type].threshold).map((a) => `${a.cameraCode}/${a.type}`)).size;
}

/** Sends the alerts at `RATE` a second, signed with the key, and counts the answers as they come. */
async function drive(url: string, apiKey: string, alerts: readonly Alert[], recorded?: () => Promise<number>): Promise<Storm> {
  const target = new URL(CAMERA_API.intake, url);
  const agent = new Agent({ keepAlive: true, maxSockets: SOCKETS });
  const secret = defaultSigningSecret(apiKey);
  const storm: Storm = { sent: 0, answered: 0, accepted: 0, refused: 0, failed: 0, lastError: '', latencies: [], sendMs: 0, answeredAtEnd: 0, acceptedAtEnd: 0, drainSeconds: null, processedAtEnd: null };
  const send = (alert: Alert) => {
    const sentAt = performance.now();
    const headers = { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(alert.body)), [API_KEY_HEADER]: apiKey, ...signatureHeaders(secret, alert.body) };
    const req = request(target, { method: 'POST', agent, headers }, (res) => {
      res.resume();
      res.on('end', () => {
        storm.answered++;
        const status = res.statusCode ?? 0;
        if (status >= 200 && status < 300) {
          storm.accepted++;
          storm.latencies.push(performance.now() - sentAt);
        } else if (status < 500) {
          storm.refused++;
          storm.lastError = `HTTP ${status}`;
        } else {
          storm.failed++;
          storm.lastError = `HTTP ${status}`;
        }
      });
    });
    req.on('error', (error) => {
      storm.answered++;
      storm.failed++;
      storm.lastError = error.message;
    });
    req.end(alert.body);
  };
  const start = performance.now();
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const due = Math.min(alerts.length, Math.floor(((performance.now() - start) / 1000) * RATE));
      for (; storm.sent < due; storm.sent++) send(alerts[storm.sent]);
      if (storm.sent >= alerts.length) {
        clearInterval(timer);
        resolve();
      }
    }, TICK_MS);
  });
  storm.sendMs = performance.now() - start;
  // The storm ends when its 30 seconds do, even if the generator ran late.
  const left = SECONDS * 1000 - (performance.now() - start);
  if (left > 0) await sleep(left);
  storm.answeredAtEnd = storm.answered;
  storm.acceptedAtEnd = storm.accepted;
  const ended = performance.now();
  storm.processedAtEnd = recorded ? await recorded() : null;
  while (storm.answered < storm.sent && performance.now() - ended < DRAIN_SECONDS * 1000) await sleep(50);
  if (storm.answered >= storm.sent) storm.drainSeconds = (performance.now() - ended) / 1000;
  agent.destroy();
  return storm;
}

/** Alerts the hub has committed so far. */
async function recordedAlerts(databaseUrl: string): Promise<number> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM camera_alert')).rows[0].n;
  } finally {
    await client.end();
  }
}

async function counts(databaseUrl: string): Promise<{ incidents: number; alerts: number; storms: number; merged: number; below: number; linked: number }> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ incidents: number; alerts: number; storms: number; merged: number; below: number; linked: number }>(
      `SELECT (SELECT count(*) FROM incident WHERE source = 'camera')::int AS incidents, (SELECT count(*) FROM camera_alert)::int AS alerts,
              (SELECT count(*) FROM camera_storm)::int AS storms, (SELECT count(*) FROM camera_alert WHERE outcome = 'merged')::int AS merged,
              (SELECT count(*) FROM camera_alert WHERE outcome = 'below_threshold')::int AS below, (SELECT count(*) FROM camera_alert WHERE outcome = 'linked')::int AS linked`,
    );
    return rows[0];
  } finally {
    await client.end();
  }
}

/** Waits (up to the drain limit) until no storm waits for its case, then counts. */
async function settledCounts(databaseUrl: string): Promise<Awaited<ReturnType<typeof counts>> & { settleSeconds: number }> {
  const start = performance.now();
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    while (performance.now() - start < DRAIN_SECONDS * 1000) {
      const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM camera_storm WHERE incident_id IS NULL AND closed_at IS NULL');
      if (rows[0].n === 0) break;
      await sleep(250);
    }
  } finally {
    await client.end();
  }
  return { ...(await counts(databaseUrl)), settleSeconds: (performance.now() - start) / 1000 };
}

/** The hub publishes every case and count to the shared JetStream stream, and made a camera consumer for the township; drop this run's. */
async function purgeBus(townshipCode: string): Promise<void> {
  const nc = await connectNats({ servers: BENCH_NATS_URL });
  try {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.purge(BUS_STREAM, { filter: `${BUS_SUBJECT_PREFIX}.${townshipCode}.>` });
    await jsm.consumers.delete(CAMERA_INTAKE_STREAM, cameraConsumerName(townshipCode)).catch(() => false);
  } finally {
    await nc.close();
  }
}

function describeStorm(who: string, s: Storm): string {
  const p99 = percentile(s.latencies, 99);
  const recorded = s.processedAtEnd === null ? '' : `, recorded ${s.processedAtEnd} by the end`;
  return `${who}: sent ${s.sent} in ${round(s.sendMs / 1000, 1)} s${recorded}, accepted ${s.acceptedAtEnd} by the end (${round(s.acceptedAtEnd / SECONDS, 0)}/s), backlog ${s.sent - s.answeredAtEnd}, p99 ${Number.isFinite(p99) ? Math.round(p99) : 'n/a'} ms, refused ${s.refused}, failed ${s.failed}${s.lastError ? ` (${s.lastError})` : ''}, drained ${s.drainSeconds === null ? `not within ${DRAIN_SECONDS} s` : `in ${round(s.drainSeconds, 1)} s`}`;
}

export const alertStorm: Benchmark = {
  name: 'alert-storm',
  description: `camera alert storm: ${RATE} signed alerts/s for ${SECONDS} s from ${CAMERAS} cameras over HTTP, vs a plain HTTP server that parses and acknowledges`,
  async run(): Promise<BenchResult[]> {
    const loadAtStart = loadavg()[0];
    const dir = mkdtempSync(join(tmpdir(), 'xiaonao-bench-'));
    // Its own township code: the NATS stream is shared, and every hub on it hears every township.
    const code = `stormbench-${randomUUID().slice(0, 8)}`;
    const seed = stormTownship(code, CAMERAS);
    const seedFile = join(dir, 'seed.json');
    writeFileSync(seedFile, JSON.stringify(seed));
    const apiKey = seed.apiKeys[0].key;
    const alerts = workload(seed, Math.round(RATE * SECONDS), createRandom(2_026));
    const db = await freshDatabase();
    const children = new Set<Running>();
    const stop = async (child: Running) => {
      children.delete(child);
      await child.stop();
    };
    try {
      const hub = await startProcess('dist/apps/hub/src/main.js', { DATABASE_URL: db.url, NATS_URL: BENCH_NATS_URL, PORT: '0', SEED_FILE: seedFile, LOG_LEVEL: 'warn', WEB_DIR: join(dir, 'no-web') });
      children.add(hub);
      console.log(`  hub: ${seed.cameras?.length ?? 0} cameras, ${seed.workers.length} workers; ${alerts.length} alerts, ${stormsIn(alerts)} storms above threshold`);
      const hubStorm = await drive(hub.url, apiKey, alerts, () => recordedAlerts(db.url));
      console.log(`  ${describeStorm('hub ', hubStorm)}`);
      // Cases still being made after the last answer (a storm's first alerts open hundreds at once).
      const stored = await settledCounts(db.url);
      await stop(hub);

      const sink = await startProcess('dist/bench/baseline/http-ack-server.js', {});
      children.add(sink);
      const sinkStorm = await drive(sink.url, apiKey, alerts);
      console.log(`  ${describeStorm('sink', sinkStorm)}`);
      await stop(sink);

      const storms = stormsIn(alerts);
      const params = {
        rate: RATE,
        seconds: SECONDS,
        cameras: CAMERAS,
        alerts: alerts.length,
        sceneShare: SCENE_SHARE,
        generatorSockets: SOCKETS,
        hub: describeStorm('hub', hubStorm),
        sink: describeStorm('sink', sinkStorm),
        hubSendSeconds: round(hubStorm.sendMs / 1000, 2),
        sinkSendSeconds: round(sinkStorm.sendMs / 1000, 2),
        hubP50Ms: round(percentile(hubStorm.latencies, 50), 1),
        hubP99Ms: round(percentile(hubStorm.latencies, 99), 1),
        sinkP50Ms: round(percentile(sinkStorm.latencies, 50), 1),
        sinkP99Ms: round(percentile(sinkStorm.latencies, 99), 1),
        hubRecordedAtEnd: hubStorm.processedAtEnd ?? 0,
        hubBacklogUnrecordedAtEnd: alerts.length - (hubStorm.processedAtEnd ?? 0),
        hubCasesWhenSettled: stored.incidents,
        hubSecondsToSettleCases: round(stored.settleSeconds, 1),
        hubDrainSeconds: hubStorm.drainSeconds === null ? `over ${DRAIN_SECONDS}` : round(hubStorm.drainSeconds, 1),
        hubRefused: hubStorm.refused,
        hubFailed: hubStorm.failed,
        hubLastError: hubStorm.lastError,
        storedAlerts: stored.alerts,
        merged: stored.merged,
        belowThreshold: stored.below,
        linkedToOtherCases: stored.linked,
        stormRows: stored.storms,
        stormsInWorkload: storms,
        database: 'postgresql',
        bus: 'nats',
        loadGeneratorSameHost: true,
        cores: cpus().length,
        loadAverageAtStart: round(loadAtStart, 2),
      };
      const hubRate = hubStorm.acceptedAtEnd / SECONDS;
      const sinkRate = sinkStorm.acceptedAtEnd / SECONDS;
      const hubBacklog = hubStorm.sent - hubStorm.answeredAtEnd;
      const sinkBacklog = sinkStorm.sent - sinkStorm.answeredAtEnd;
      return [
        { name: 'alert_storm_accepted_per_s', value: round(hubRate, 0), unit: 'alerts/s', baseline: round(sinkRate, 0), ratio: round(hubRate / sinkRate, 2), params },
        // Lower is better; a ratio against a backlog of 0 is not a number, so it is given as the difference.
        { name: 'alert_storm_backlog_at_end', value: hubBacklog, unit: 'alerts', baseline: sinkBacklog, ratio: round(hubBacklog - sinkBacklog, 0), params: { ...params, ratioIs: 'hub backlog minus baseline backlog' } },
        // The workload's storms: the fewest cases one-case-per-storm allows (linking nearby cameras' cases makes fewer).
        { name: 'alert_storm_incidents_created', value: stored.incidents, unit: 'cases', baseline: storms, ratio: round(stored.incidents / storms, 3), params: { ...params, baselineIs: 'distinct camera/type pairs with an alert at or above its threshold' } },
      ];
    } finally {
      for (const child of [...children]) await stop(child);
      await db.drop();
      await purgeBus(code).catch((error: unknown) => console.warn(`could not purge ${code} from the bus: ${String(error)}`));
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
