/**
 * Three (or N) built hubs as separate processes (`node dist/apps/hub/src/main.js`, built by
 * `npm run build`) on one database and one NATS, as behind a load balancer: each on a port of its own
 * that it keeps across a restart, so a phone's list of hubs stays right. A hub can be killed outright
 * (SIGKILL: no shutdown hook runs) and started again.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TownshipSeed } from '@xiaonao/contracts';
import { TEST_JWT_SECRET } from './hub';
import { scaled } from './patience';
import { freePort } from './private-services';

const MAIN = resolve(dirname(fileURLToPath(import.meta.url)), '../../dist/apps/hub/src/main.js');
/** Migrations and seeding on a loaded 2-core machine (stretched by TEST_TIME_SCALE like every deadline). */
const START_WITHIN_MS = scaled(90_000);
const LOG_KEPT = 20_000;

export interface HubProcess {
  name: string;
  url: string;
  port: number;
  /** null while the hub is down. */
  child: ChildProcess | null;
  /** The last lines it printed, for a failure's message. */
  log: string;
}

export interface HubProcessesOptions {
  databaseUrl: string;
  natsUrl: string;
  seed: TownshipSeed;
  count?: number;
  /** Settings beside the defaults below (clocks, offer windows). */
  env?: Record<string, string>;
}

export interface HubProcesses {
  hubs: HubProcess[];
  urls: string[];
  /** SIGKILL, and wait until the process is gone. */
  kill(index: number): Promise<void>;
  start(index: number): Promise<void>;
  /** Every hub's recent output, for a failure's message. */
  logs(): string;
  close(): Promise<void>;
}

/** Starts the first hub alone (it migrates and seeds), then the others together. */
export async function startHubProcesses(options: HubProcessesOptions): Promise<HubProcesses> {
  const dir = mkdtempSync(join(tmpdir(), 'xiaonao-hubs-'));
  const seedFile = join(dir, 'seed.json');
  writeFileSync(seedFile, JSON.stringify(options.seed));
  const count = options.count ?? 3;
  const hubs: HubProcess[] = [];
  for (let i = 0; i < count; i++) {
    const port = await freePort();
    hubs.push({ name: String.fromCharCode(65 + i), url: `http://127.0.0.1:${port}`, port, child: null, log: '' });
  }

  const env = (hub: HubProcess): NodeJS.ProcessEnv => ({
    ...process.env,
    DATABASE_URL: options.databaseUrl,
    NATS_URL: options.natsUrl,
    PORT: String(hub.port),
    HOST: '127.0.0.1',
    JWT_SECRET: TEST_JWT_SECRET,
    HUB_INSTANCE: hub.name,
    SEED_FILE: seedFile,
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'pretty',
    METRICS_PORT: '',
    SWEEP_INTERVAL_MS: '100',
    REPORT_LINK_RADIUS_M: '0',
    OFFER_WINDOW_OFFLINE_SECONDS: '0',
    ...options.env,
  });

  const start = (index: number): Promise<void> => {
    const hub = hubs[index];
    const child = spawn(process.execPath, [MAIN], { env: env(hub), stdio: ['ignore', 'pipe', 'pipe'] });
    hub.child = child;
    return new Promise((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`hub ${hub.name} did not start within ${START_WITHIN_MS} ms:\n${hub.log}`)), START_WITHIN_MS);
      const onData = (chunk: Buffer) => {
        hub.log = (hub.log + chunk.toString()).slice(-LOG_KEPT);
        if (hub.log.includes(`listening on ${hub.url}`)) {
          clearTimeout(timer);
          done();
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        if (hub.child === child) hub.child = null;
        fail(new Error(`hub ${hub.name} exited (${code ?? signal}) while starting:\n${hub.log}`));
      });
    });
  };

  const kill = async (index: number) => {
    const hub = hubs[index];
    const child = hub.child;
    hub.child = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((done) => child.once('exit', done));
    child.kill('SIGKILL');
    await gone;
  };

  try {
    await start(0);
    await Promise.all(hubs.slice(1).map((_, i) => start(i + 1)));
  } catch (error) {
    await Promise.all(hubs.map((_, i) => kill(i)));
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }

  return {
    hubs,
    urls: hubs.map((h) => h.url),
    kill,
    start,
    logs: () => hubs.map((h) => `--- hub ${h.name} (${h.url}):\n${h.log.slice(-4_000)}`).join('\n'),
    async close() {
      // Ended outright: a graceful close would wait on a database or a NATS the test may have taken away.
      await Promise.all(hubs.map((_, i) => kill(i)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
