/**
 * deploy/proxy/haproxy.cfg in front of two real hubs, where this machine has an haproxy binary (skipped
 * otherwise; nothing is downloaded): socket.io long polling stays on the hub that holds its session only
 * with the proxy's cookie, and websockets pass through. The configuration is the committed one with the
 * servers' compose names replaced by these hubs' local addresses.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { until } from '../support/clients';
import { startTestHub, type TestHub } from '../support/hub';

function haproxy(): string | null {
  try {
    execFileSync('haproxy', ['-v'], { stdio: 'ignore' });
    return 'haproxy';
  } catch {
    return null;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** The committed configuration, its servers pointed at local hubs and its frontend at a local port. */
function localConfig(proxyPort: number, hubPorts: Record<string, number>): string {
  let cfg = readFileSync('deploy/proxy/haproxy.cfg', 'utf8');
  for (const [name, port] of Object.entries(hubPorts)) cfg = cfg.replace(new RegExp(`(server ${name}) ${name}:\\d+`), `$1 127.0.0.1:${port}`);
  // Docker's DNS is not here; the local servers are addresses already.
  cfg = cfg.replace(/ resolvers docker/g, '').replace(/^resolvers docker\n(?: .*\n)+/m, '');
  return cfg.replace(/^(\s*bind) :\d+$/m, `$1 127.0.0.1:${proxyPort}`);
}

const bin = haproxy();

describe.skipIf(!bin)('HAProxy in front of two hubs', () => {
  const hubs: TestHub[] = [];
  let proxy: ChildProcess | null = null;
  let work = '';
  let base = '';

  beforeAll(async () => {
    hubs.push(await startTestHub(), await startTestHub());
    const portOf = (t: TestHub) => Number(new URL(t.url).port);
    const proxyPort = await freePort();
    work = mkdtempSync(join(tmpdir(), 'xiaonao-haproxy-'));
    const cfg = join(work, 'haproxy.cfg');
    writeFileSync(cfg, localConfig(proxyPort, { 'hub-1': portOf(hubs[0]), 'hub-2': portOf(hubs[1]) }));
    proxy = spawn(bin as string, ['-db', '-f', cfg], { stdio: 'ignore' });
    base = `http://127.0.0.1:${proxyPort}`;
    // Both servers up: two requests in a row, round robin, answered by both hubs.
    await until(
      async () => {
        const names = await Promise.all([0, 1].map(() => handshake().then((h) => h.hub).catch(() => null)));
        return new Set(names.filter(Boolean)).size;
      },
      (n) => n === 2,
      'both hubs behind the proxy',
    );
  });

  afterAll(async () => {
    proxy?.kill();
    if (work) rmSync(work, { recursive: true, force: true });
    await Promise.all(hubs.map((h) => h.close()));
  });

  /** An engine.io long-polling handshake through the proxy: the session id and the hub the cookie names. */
  async function handshake(): Promise<{ sid: string; hub: string; cookie: string }> {
    const res = await fetch(`${base}/socket.io/?EIO=4&transport=polling`);
    const body = await res.text();
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
    const sid = (JSON.parse(body.slice(1)) as { sid: string }).sid;
    return { sid, hub: cookie.split('=')[1], cookie };
  }

  /** One polling request of a session (socket.io's connect to the main namespace): "ok", or the hub does not know the session. */
  async function poll(sid: string, cookie: string | null): Promise<{ status: number; body: string }> {
    const res = await fetch(`${base}/socket.io/?EIO=4&transport=polling&sid=${sid}`, { method: 'POST', body: '40', headers: { 'content-type': 'text/plain;charset=UTF-8', ...(cookie ? { cookie } : {}) } });
    return { status: res.status, body: await res.text() };
  }

  it('sets a cookie naming the hub on the first answer, and every polling request that carries it reaches that hub', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 4; i++) {
      const session = await handshake();
      expect(session.cookie).toMatch(/^XIAONAO_HUB=hub-[12]$/);
      seen.add(session.hub);
      for (let j = 0; j < 3; j++) expect(await poll(session.sid, session.cookie)).toEqual({ status: 200, body: 'ok' });
    }
    expect([...seen].sort()).toEqual(['hub-1', 'hub-2']);
  });

  it('without the cookie, a polling session lands on the other hub, which does not know it (why the cookie is there)', async () => {
    const session = await handshake();
    const answers = await Promise.all([0, 1, 2, 3].map(() => poll(session.sid, null)));
    expect(answers.filter((a) => a.status === 400 && /Session ID unknown/.test(a.body)).length).toBeGreaterThan(0);
  });

  it('passes websockets through, both opened directly and upgraded from a polling session', async () => {
    const opened = (url: string, headers: Record<string, string> = {}) =>
      new Promise<string>((resolve, reject) => {
        const ws = new WebSocket(url, { headers });
        ws.once('message', (data: Buffer) => {
          resolve(data.toString());
          ws.close();
        });
        ws.once('error', reject);
      });
    const wsBase = base.replace(/^http/, 'ws');
    expect(await opened(`${wsBase}/socket.io/?EIO=4&transport=websocket`)).toMatch(/^0\{"sid":/);
    const session = await handshake();
    // An upgrade of a polling session answers the probe: the same hub, reached through the proxy.
    const probe = await new Promise<string>((resolve, reject) => {
      const ws = new WebSocket(`${wsBase}/socket.io/?EIO=4&transport=websocket&sid=${session.sid}`, { headers: { cookie: session.cookie } });
      ws.once('open', () => ws.send('2probe'));
      ws.once('message', (data: Buffer) => {
        resolve(data.toString());
        ws.close();
      });
      ws.once('error', reject);
    });
    expect(probe).toBe('3probe');
  });
});
