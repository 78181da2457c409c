/**
 * A NATS server and a PostgreSQL cluster of a test's own, which the test may stop and start again on
 * the same port and data: the machine's shared ones (127.0.0.1:5432 and :4222) serve other tests and
 * helpers and must never be stopped.
 *
 * PostgreSQL's tools refuse to run as root, so the cluster belongs to the `postgres` user (runuser)
 * with its data under /tmp; trust auth on loopback, like the shared one.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { until } from './clients';
import { STATE_WAIT_MS } from './patience';

const run = promisify(execFile);
const NATS_SERVER = '/usr/sbin/nats-server';
const PG_BIN = '/usr/lib/postgresql/15/bin';

/** A TCP port free right now on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Whether something accepts connections on the port. */
export function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

export interface PrivateNats {
  url: string;
  port: number;
  /** Ends the server (SIGKILL by default: a crash, not a goodbye) and waits until its port is free. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port and JetStream store, and waits until it accepts connections. */
  start(): Promise<void>;
  /** Stops it for good and removes its store. */
  destroy(): Promise<void>;
}

/** A nats-server with JetStream on a free port and a store of its own. */
export async function startPrivateNats(): Promise<PrivateNats> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'xiaonao-nats-'));
  let child: ChildProcess | null = null;
  let log = '';

  const start = async () => {
    const proc = spawn(NATS_SERVER, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    const keep = (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4_000));
    proc.stdout?.on('data', keep);
    proc.stderr?.on('data', keep);
    await until(() => listening(port), Boolean, `nats-server on ${port}\n${log}`, STATE_WAIT_MS);
  };
  const stop = async (signal: NodeJS.Signals = 'SIGKILL') => {
    const proc = child;
    child = null;
    if (proc && proc.exitCode === null && proc.signalCode === null) {
      const gone = new Promise((resolve) => proc.once('exit', resolve));
      proc.kill(signal);
      await gone;
    }
    await until(() => listening(port), (up) => !up, `nats-server on ${port} to be gone`, STATE_WAIT_MS);
  };
  await start();
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    stop,
    start,
    async destroy() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface PrivatePostgres {
  /** The cluster's `postgres` database. */
  url: string;
  port: number;
  /** `pg_ctl stop`: fast (sessions ended, clean shutdown) or immediate (as a crash). Returns when it is down. */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  /** Starts it again on the same port and data; returns when it accepts connections. */
  start(): Promise<void>;
  destroy(): Promise<void>;
}

const asPostgres = (command: string, args: string[]) => run('runuser', ['-u', 'postgres', '--', join(PG_BIN, command), ...args], { timeout: 60_000 });

/** A throwaway PostgreSQL 15 cluster on a free port (fsync off: its data only has to outlive a stop, not a power cut). */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'xiaonao-pg-'));
  const data = join(dir, 'data');
  const logFile = join(dir, 'postgres.log');
  const uid = Number((await run('id', ['-u', 'postgres'])).stdout.trim());
  const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
  chownSync(dir, uid, gid);
  await asPostgres('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale', 'C']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  const start = async () => {
    await asPostgres('pg_ctl', ['-D', data, '-l', logFile, '-o', options, '-w', '-t', '60', 'start']);
  };
  const stop = async (mode: 'fast' | 'immediate' = 'fast') => {
    await asPostgres('pg_ctl', ['-D', data, '-m', mode, '-w', '-t', '60', 'stop']);
  };
  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    stop,
    start,
    async destroy() {
      await stop('immediate').catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
