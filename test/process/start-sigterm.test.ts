/**
 * `npm start` as a person or a process manager runs it, then stopped the ways they stop it: a SIGTERM to
 * the npm process (systemd, `kill`), Ctrl-C (SIGINT to the terminal's whole process group), and the
 * launcher killed outright. Each time, within 10 s nothing the start opened may still listen (the hub,
 * the metrics port, the embedded database, the DingTalk and Aliyun stand-ins) and no process of it may
 * be left: the next `npm start` must not meet EADDRINUSE.
 *
 * Linux only (reads /proc). `npm start` builds first (SWC, then vite), so each case takes the build's
 * time before the stop is tried.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../support/clients';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** How long a stopped `npm start` may take to leave nothing behind (the figure). */
const STOP_WITHIN_MS = 10_000;
/** The builds plus the first start (migrations, seeding the demo township) on a busy 2-core machine. */
const START_WITHIN_MS = 240_000;

interface Proc {
  pid: number;
  ppid: number;
  pgid: number;
  state: string;
}

/** Every process on the machine, from /proc/<pid>/stat (the name may hold spaces and parentheses). */
function processes(): Proc[] {
  const procs: Proc[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // ended while we looked
    }
    const [state, ppid, pgid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    procs.push({ pid: Number(name), ppid: Number(ppid), pgid: Number(pgid), state });
  }
  return procs;
}

/** The live processes of a start: npm's descendants, and whatever is left in its process group after npm went. */
function treeOf(rootPid: number): Proc[] {
  const live = processes().filter((p) => p.state !== 'Z');
  const tree = new Map(live.filter((p) => p.pid === rootPid || p.pgid === rootPid).map((p) => [p.pid, p]));
  for (let grown = true; grown; ) {
    grown = false;
    for (const p of live) {
      if (!tree.has(p.pid) && tree.has(p.ppid)) {
        tree.set(p.pid, p);
        grown = true;
      }
    }
  }
  return [...tree.values()];
}

/** Listening TCP sockets of this network namespace: socket inode → port. */
function listeningSockets(): Map<string, number> {
  const sockets = new Map<string, number>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      // local_address is HEX_IP:HEX_PORT; state 0A is LISTEN; column 9 is the inode.
      if (cols.length > 9 && cols[3] === '0A') sockets.set(cols[9], parseInt(cols[1].split(':')[1], 16));
    }
  }
  return sockets;
}

/** The ports the given processes listen on (their descriptors that are listening sockets). */
function portsOf(pids: number[]): Set<number> {
  const listening = listeningSockets();
  const ports = new Set<number>();
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      let target: string;
      try {
        target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      const port = inode === undefined ? undefined : listening.get(inode);
      if (port !== undefined) ports.add(port);
    }
  }
  return ports;
}

/** Ports of `ports` that anything on the machine still listens on. */
function stillListening(ports: Set<number>): number[] {
  return [...new Set(listeningSockets().values())].filter((port) => ports.has(port));
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

async function healthy(port: number): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/health`)).status === 200;
  } catch {
    return false;
  }
}

interface Started {
  npm: ChildProcess;
  pid: number;
  output: () => string;
  hubPort: number;
  metricsPort: number | null;
  dir: string;
}

const started: Started[] = [];

/**
 * `npm start` from the repository, as a user on a fresh machine runs it: the embedded default (no
 * DATABASE_URL, no NATS_URL, no JWT_SECRET), data under a temporary DATA_DIR. npm leads its own process
 * group, so whatever it leaves can be found (and, after the test, killed) even once re-parented.
 */
async function npmStart(options: { metrics: boolean; hubAlone?: boolean; prebuilt?: boolean }): Promise<Started> {
  const dir = mkdtempSync(join(tmpdir(), 'xiaonao-start-'));
  const hubPort = await freePort();
  const metricsPort = options.metrics ? await freePort() : null;
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME ?? dir, LANG: process.env.LANG, PORT: String(hubPort), DATA_DIR: join(dir, 'pglite') };
  if (metricsPort !== null) env.METRICS_PORT = String(metricsPort);
  // The first case runs the builds as a user's `npm start` does; the others start what it built.
  if (options.prebuilt) env.XIAONAO_PREBUILT = '1';
  // `npm run hub` is the hub alone, which will not start without a JWT secret.
  if (options.hubAlone) env.JWT_SECRET = 'start-sigterm-test-secret-0123456789abcdef0123456789';
  const npm = spawn('npm', options.hubAlone ? ['run', 'hub'] : ['start'], { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  npm.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  npm.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  if (npm.pid === undefined) throw new Error('npm did not start');
  const run: Started = { npm, pid: npm.pid, output: () => output, hubPort, metricsPort, dir };
  started.push(run);
  await until(() => healthy(hubPort), Boolean, `the hub to answer GET /health on ${hubPort}\n${output}`, START_WITHIN_MS).catch((error: unknown) => {
    throw new Error(`${String(error)}\n--- npm start said:\n${run.output()}`);
  });
  // The banner comes once the demo is fully up (gazetteer imported, stand-ins named): the state a user stops.
  if (!options.hubAlone) await until(() => Promise.resolve(run.output()), (text) => text.includes('阿里云短信+语音 Aliyun'), 'the demo banner');
  return run;
}

/** Ports the banner names for the DingTalk and Aliyun stand-ins. */
function standInPorts(output: string): number[] {
  return [/钉钉工作通知 DingTalk\s+http:\/\/[\d.]+:(\d+)/, /阿里云短信\+语音 Aliyun\s+http:\/\/[\d.]+:(\d+)/].map((re) => Number(re.exec(output)?.[1]));
}

/** Everything the start listens on, checked against what it must: the hub, the stand-ins, metrics when asked. */
function recordListening(run: Started, options: { standIns: boolean } = { standIns: true }): { pids: number[]; ports: Set<number> } {
  const pids = treeOf(run.pid).map((p) => p.pid);
  const ports = portsOf(pids);
  const expected = [run.hubPort, ...(options.standIns ? standInPorts(run.output()) : []), ...(run.metricsPort === null ? [] : [run.metricsPort])];
  for (const port of expected) expect(ports).toContain(port);
  // And the embedded database's loopback port besides.
  expect(ports.size).toBeGreaterThan(expected.length);
  return { pids, ports };
}

/** Waits until nothing of the start listens and no process of it is left; returns how long that took. */
async function untilAllGone(run: Started, ports: Set<number>, since: number): Promise<number> {
  await until(
    () => Promise.resolve({ listening: stillListening(ports), processes: treeOf(run.pid).map((p) => p.pid) }),
    (left) => left.listening.length === 0 && left.processes.length === 0,
    `nothing left within ${STOP_WITHIN_MS} ms`,
    STOP_WITHIN_MS,
  ).catch((error: unknown) => {
    throw new Error(`${String(error)}\n--- npm start said:\n${run.output()}`);
  });
  return Date.now() - since;
}

afterEach(() => {
  for (const run of started.splice(0)) {
    // Whatever a failed case left: the whole process group, then its data.
    for (const p of treeOf(run.pid)) {
      try {
        process.kill(p.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    rmSync(run.dir, { recursive: true, force: true });
  }
});

describe.skipIf(process.platform !== 'linux')('npm start, stopped', () => {
  it('by a SIGTERM to the npm process leaves nothing listening within 10 s', async () => {
    const run = await npmStart({ metrics: false });
    const { ports } = recordListening(run);
    const since = Date.now();
    process.kill(run.pid, 'SIGTERM');
    const took = await untilAllGone(run, ports, since);
    console.log(`npm start, SIGTERM to npm: ports ${[...ports].join(', ')} closed and every process gone in ${took} ms`);
  }, START_WITHIN_MS + 90_000);

  it('by Ctrl-C (SIGINT to the whole process group) leaves nothing, the metrics port included', async () => {
    const run = await npmStart({ metrics: true, prebuilt: true });
    const { ports } = recordListening(run);
    const since = Date.now();
    process.kill(-run.pid, 'SIGINT');
    const took = await untilAllGone(run, ports, since);
    console.log(`npm start, Ctrl-C: ports ${[...ports].join(', ')} closed and every process gone in ${took} ms`);
  }, START_WITHIN_MS + 90_000);

  it('by the launcher killed outright (SIGKILL) leaves no orphan holding the ports', async () => {
    const run = await npmStart({ metrics: false, prebuilt: true });
    const { pids, ports } = recordListening(run);
    const launcher = pids.find((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes('scripts/start.mjs'));
    expect(launcher).toBeDefined();
    const since = Date.now();
    process.kill(launcher as number, 'SIGKILL');
    const took = await untilAllGone(run, ports, since);
    console.log(`npm start, launcher SIGKILLed: ports ${[...ports].join(', ')} closed and every process gone in ${took} ms`);
  }, START_WITHIN_MS + 90_000);

  it('`npm run hub` by a SIGTERM to the npm process leaves nothing listening within 10 s either', async () => {
    const run = await npmStart({ metrics: true, hubAlone: true, prebuilt: true });
    const { ports } = recordListening(run, { standIns: false });
    const since = Date.now();
    process.kill(run.pid, 'SIGTERM');
    const took = await untilAllGone(run, ports, since);
    console.log(`npm run hub, SIGTERM to npm: ports ${[...ports].join(', ')} closed and every process gone in ${took} ms`);
  }, START_WITHIN_MS + 90_000);
});
