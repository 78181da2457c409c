/**
 * Starts a real hub for a test: its own fresh database on the machine's PostgreSQL, the machine's
 * NATS, a free port. Defaults match the services on this machine and on CI.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { TownshipSeed } from '@xiaonao/contracts';
import type { Clock } from '../../apps/hub/src/clock/clock';
import type { LogDestination } from '../../apps/hub/src/logging/hub-logging';
import { startHub, type RunningHub } from '../../apps/hub/src/start-hub';
import { newTownshipSeed } from './factories';

export const TEST_DATABASE_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_NATS_URL = process.env.NATS_URL || 'nats://127.0.0.1:4222';
/** The run's secret (test/global-setup.ts sets it), else one for this file: the hub refuses to start without one. */
export const TEST_JWT_SECRET = (process.env.JWT_SECRET ||= randomBytes(48).toString('base64url'));

export interface TestHub {
  url: string;
  apiKey: string;
  seed: TownshipSeed;
  hub: RunningHub;
  databaseUrl: string;
  close(): Promise<void>;
}

export interface TestHubOptions {
  seed?: TownshipSeed;
  /** More townships beside the main one. */
  extraSeeds?: TownshipSeed[];
  env?: Record<string, string | undefined>;
  clock?: Clock;
  /** Log lines go here instead of standard output (see startHub). */
  logDestination?: LogDestination;
}

async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `xiaonao_test_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

export async function startTestHub(options: TestHubOptions = {}): Promise<TestHub> {
  const seed = options.seed ?? newTownshipSeed();
  const database = await createTestDatabase();
  const hub = await startHub({
    // Linking reports of one event is off unless a suite turns it on: most suites send many cases to one spot and mean them apart.
    // Likewise the longer offer window for workers whose page is closed: most suites' workers have no socket and mean OFFER_TIMEOUT_MS.
    env: { PORT: '0', LOG_LEVEL: 'warn', JWT_SECRET: TEST_JWT_SECRET, DATABASE_URL: database.url, NATS_URL: TEST_NATS_URL, SWEEP_INTERVAL_MS: '100', REPORT_LINK_RADIUS_M: '0', OFFER_WINDOW_OFFLINE_SECONDS: '0', ...options.env },
    clock: options.clock,
    logDestination: options.logDestination,
    seeds: [seed, ...(options.extraSeeds ?? [])],
  });
  return {
    url: hub.url,
    apiKey: seed.apiKeys[0].key,
    seed,
    hub,
    databaseUrl: database.url,
    async close() {
      await hub.close();
      await database.drop();
    },
  };
}
