import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API } from '@xiaonao/contracts';
import request from 'supertest';
import { bearer, connectSocket, Inbox, loginAs, postCase, type HubSocket } from '../support/clients';
import { newIntake110, newTownshipSeed } from '../support/factories';
import { STATE_WAIT_MS } from '../support/patience';

/** Starts the built hub as its own process with no DATABASE_URL and no NATS_URL, as a newcomer would. */
function startBuiltHub(dataDir: string, seedFile: string): Promise<{ child: ChildProcess; url: string }> {
  const env = { ...process.env, DATABASE_URL: '', NATS_URL: '', PORT: '0', DATA_DIR: dataDir, SEED_FILE: seedFile, LOG_LEVEL: 'log' };
  const child = spawn(process.execPath, ['dist/apps/hub/src/main.js'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`hub did not start:\n${out}`)), STATE_WAIT_MS);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/[\d.]+:\d+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1] });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`hub exited with ${code}:\n${out}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

describe('the embedded default (no DATABASE_URL, no NATS_URL)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xiaonao-embedded-'));
  const seed = newTownshipSeed({ code: 'embedded' });
  const seedFile = join(dir, 'seed.json');
  const sockets: HubSocket[] = [];
  let hub: { child: ChildProcess; url: string };

  beforeAll(async () => {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(seedFile, JSON.stringify(seed));
    hub = await startBuiltHub(join(dir, 'pglite'), seedFile);
  });

  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    if (hub) await stop(hub.child);
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs the loop on embedded PostgreSQL and the in-process bus', async () => {
    const health = await request(hub.url).get(API.health).expect(200);
    expect(health.body).toEqual({ status: 'ok', database: 'up', bus: 'up', busKind: 'in-process', why: [] });
    const worker = await loginAs(hub.url, seed, 'worker', 'W1');
    const socket = await connectSocket(hub.url, worker.token);
    sockets.push(socket);
    const offers = new Inbox(socket, 'offer.created');
    const { body } = await postCase(hub.url, seed.apiKeys[0].key, newIntake110({ townshipCode: 'embedded' })).expect(201);
    await offers.next((o) => o.incidentId === body.incidentId);
    for (const step of ['accept', 'contact', 'arrive'] as const) {
      await request(hub.url).post(`/api/incidents/${body.incidentId}/${step}`).set(bearer(worker.token)).send({}).expect(200);
    }
    const closed = await request(hub.url).post(API.close(body.incidentId)).set(bearer(worker.token)).send({ result: '已处理' }).expect(200);
    expect(closed.body.state).toBe('closed');
  });

  it('answers concurrent logins and position batches correctly', async () => {
    // PGlite is a single session: concurrent statements must never interleave (a login once came back as another worker).
    const seedMany = seed.users.filter((u) => u.role === 'worker');
    const sessions = await Promise.all(
      Array.from({ length: 4 }, () => seedMany)
        .flat()
        .map((u) => request(hub.url).post(API.login).send({ username: u.username, password: u.password }).expect(200)),
    );
    for (const res of sessions) {
      const user = seedMany.find((u) => u.username === res.body.user.username);
      expect(res.body.user.displayName).toBe(user?.displayName);
    }
    const operator = await loginAs(hub.url, seed, 'operator');
    const workers = (await request(hub.url).get(API.workers).set(bearer(operator.token)).expect(200)).body as { id: string }[];
    const batches = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        request(hub.url)
          .post(API.fleetPositions)
          .set('x-api-key', seed.apiKeys[0].key)
          .send({ positions: workers.map((w) => ({ workerId: w.id, lng: 120.505 + i * 0.0001, lat: 30.285, coordSystem: 'WGS84' })) }),
      ),
    );
    expect(batches.map((b) => b.status)).toEqual(Array(10).fill(200));
  });

  it('keeps its data across a restart', async () => {
    const before = await loginAs(hub.url, seed, 'operator');
    const count = ((await request(hub.url).get(API.incidents).set(bearer(before.token)).expect(200)).body as unknown[]).length;
    await stop(hub.child);
    hub = await startBuiltHub(join(dir, 'pglite'), seedFile);
    const after = await loginAs(hub.url, seed, 'operator');
    const list = (await request(hub.url).get(API.incidents).set(bearer(after.token)).expect(200)).body as { state: string }[];
    expect(list).toHaveLength(count);
    expect(list[0].state).toBe('closed');
  });
});
