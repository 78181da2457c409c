/**
 * Sessions end to end: access tokens with rotating refresh tokens, sign-out and revocation reaching
 * open sockets (on this hub process and on another), sockets closed when their token runs out, the
 * sign-in lock and the per-address limit, the origin allow-list, and no start without a JWT secret.
 * Every wait is on an event or a state (a socket's `session.ended`, a status), never on time.
 */
import { io } from 'socket.io-client';
import request from 'supertest';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, type LoginResponse, type SessionEnded, type SessionRenewAck } from '@xiaonao/contracts';
import { ConfigError } from '../../apps/hub/src/config/hub-config';
import { startHub, type RunningHub } from '../../apps/hub/src/start-hub';
import { bearer, connectSocket, login, userOf, until, type HubSocket } from '../support/clients';
import { newTownshipSeed } from '../support/factories';
import { createTestDatabase, startTestHub, TEST_NATS_URL, type TestHub } from '../support/hub';

const refresh = (url: string, refreshToken: string) => request(url).post(API.refresh).send({ refreshToken });
const me = (url: string, token: string) => request(url).get(API.me).set(bearer(token));

/** What a socket hears when its session ends, and its disconnect after. */
function watchEnd(socket: HubSocket): { ended: Promise<SessionEnded>; disconnected: Promise<string> } {
  return {
    ended: new Promise((resolve) => socket.once('session.ended', resolve)),
    disconnected: new Promise((resolve) => socket.once('disconnect', resolve)),
  };
}

describe('access and refresh tokens', () => {
  const seed = newTownshipSeed({ code: 'sesstown' });
  const operator = userOf(seed, 'operator');
  let t: TestHub;
  let second: RunningHub | undefined;
  const sockets: HubSocket[] = [];

  beforeAll(async () => {
    t = await startTestHub({ seed });
  });

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await second?.close();
    await t?.close();
  });

  async function signIn(): Promise<LoginResponse> {
    return login(t.url, operator.username, operator.password);
  }

  it('signs in with a short access token, a refresh token and when each ends', async () => {
    const session = await signIn();
    const accessLeft = Date.parse(session.expiresAt) - Date.now();
    expect(accessLeft).toBeGreaterThan(14 * 60_000);
    expect(accessLeft).toBeLessThanOrEqual(15 * 60_000);
    expect(Date.parse(session.sessionExpiresAt) - Date.now()).toBeGreaterThan(11.9 * 3600_000);
    expect(session.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await me(t.url, session.token).expect(200);
  });

  it('rotates on refresh: a new pair works and the old refresh token is spent', async () => {
    const first = await signIn();
    const { body: next } = await refresh(t.url, first.refreshToken).expect(200);
    const rotated = next as LoginResponse;
    expect(rotated.refreshToken).not.toBe(first.refreshToken);
    expect(rotated.user).toEqual(first.user);
    expect(rotated.sessionExpiresAt).toBe(first.sessionExpiresAt);
    await me(t.url, rotated.token).expect(200);
    const { body: again } = await refresh(t.url, rotated.refreshToken).expect(200);
    await me(t.url, (again as LoginResponse).token).expect(200);
  });

  it('ends the whole session when a spent refresh token comes back (reuse detection)', async () => {
    const first = await signIn();
    const rotated = (await refresh(t.url, first.refreshToken).expect(200)).body as LoginResponse;
    const socket = await connectSocket(t.url, rotated.token);
    sockets.push(socket);
    const end = watchEnd(socket);

    const reuse = await refresh(t.url, first.refreshToken).expect(401);
    expect(reuse.body).toMatchObject({ code: 'REFRESH_TOKEN_REUSED', field: 'refreshToken' });
    expect(reuse.body.message).toContain('已使用过');
    // The thief's copy and the rightful holder's alike: nothing of the session works any more.
    expect((await refresh(t.url, rotated.refreshToken).expect(401)).body).toMatchObject({ code: 'REFRESH_TOKEN_INVALID' });
    await me(t.url, rotated.token).expect(401);
    expect(await end.ended).toMatchObject({ reason: 'revoked' });
    expect(await end.disconnected).toBe('io server disconnect');
  });

  it('lets only one of two concurrent refreshes with the same token through', async () => {
    const first = await signIn();
    const answers = await Promise.all([refresh(t.url, first.refreshToken), refresh(t.url, first.refreshToken)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 401]);
    expect(answers.find((a) => a.status === 401)?.body).toMatchObject({ code: 'REFRESH_TOKEN_REUSED' });
  });

  it('signs out: the access and refresh tokens stop working and an open socket is told, then closed', async () => {
    const session = await signIn();
    const socket = await connectSocket(t.url, session.token);
    sockets.push(socket);
    const end = watchEnd(socket);

    await request(t.url).post(API.logout).set(bearer(session.token)).send({}).expect(204);
    await me(t.url, session.token).expect(401);
    expect((await refresh(t.url, session.refreshToken).expect(401)).body).toMatchObject({ code: 'REFRESH_TOKEN_INVALID' });
    expect(await end.ended).toEqual({ reason: 'logged_out', message: '已退出登录', messageEn: 'Signed out' });
    expect(await end.disconnected).toBe('io server disconnect');
    // A new handshake with the old token is refused too.
    await expect(connectSocket(t.url, session.token)).rejects.toThrow(/unauthorized/);
  });

  it('leaves other sessions of the same user alone', async () => {
    const a = await signIn();
    const b = await signIn();
    await request(t.url).post(API.logout).set(bearer(a.token)).send({}).expect(204);
    await me(t.url, b.token).expect(200);
    await refresh(t.url, b.refreshToken).expect(200);
  });

  it('closes the socket on another hub process sharing the database and NATS', async () => {
    second = await startHub({ env: { PORT: '0', LOG_LEVEL: 'warn', DATABASE_URL: t.databaseUrl, NATS_URL: TEST_NATS_URL } });
    const session = await signIn();
    const socket = await connectSocket(second.url, session.token);
    sockets.push(socket);
    const end = watchEnd(socket);
    // The other process has seen the session live (the handshake, a request) before it ends.
    await me(second.url, session.token).expect(200);

    await request(t.url).post(API.logout).set(bearer(session.token)).send({}).expect(204);
    expect(await end.ended).toMatchObject({ reason: 'logged_out' });
    await until(() => me(second?.url ?? '', session.token).then((r) => r.status), (status) => status === 401, 'the other process refusing the token');
  });
});

describe('a socket whose access token expires', () => {
  const seed = newTownshipSeed({ code: 'expirytown' });
  const operator = userOf(seed, 'operator');
  const station = userOf(seed, 'station');
  let t: TestHub;
  const sockets: HubSocket[] = [];

  beforeAll(async () => {
    // Access tokens of three seconds: the sockets below outlive them.
    t = await startTestHub({ seed, env: { ACCESS_TOKEN_TTL_SECONDS: '3' } });
  });

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await t?.close();
  });

  const open = async (token: string) => {
    const socket = await connectSocket(t.url, token);
    sockets.push(socket);
    return socket;
  };
  const renew = (socket: HubSocket, token: string) => new Promise<SessionRenewAck>((resolve) => socket.emit('session.renew', { token }, resolve));

  it('is told the session expired and closed, unless renewed; a renewed one stays open until its new token expires', async () => {
    const session = await login(t.url, operator.username, operator.password);
    const plain = await open(session.token);
    const renewed = await open(session.token);
    const plainEnd = watchEnd(plain);
    const renewedEnd = watchEnd(renewed);

    // Expiries are whole seconds: refresh (rotating the chain) until the hub hands out a later one.
    let latest = session;
    const fresh = await until(
      async () => (latest = (await refresh(t.url, latest.refreshToken).expect(200)).body as LoginResponse),
      (r) => Date.parse(r.expiresAt) > Date.parse(session.expiresAt),
      'a token that expires after the first',
    );
    const ack = await renew(renewed, fresh.token);
    expect(ack).toEqual({ ok: true, expiresAt: fresh.expiresAt });

    expect(await plainEnd.ended).toMatchObject({ reason: 'expired', message: '登录已过期，请重新登录' });
    expect(await plainEnd.disconnected).toBe('io server disconnect');
    // Both sockets' first token ran out at that moment: the renewed one lives on.
    expect(renewed.connected).toBe(true);
    expect(await renewedEnd.ended).toMatchObject({ reason: 'expired' });
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(fresh.expiresAt) - 50);
  });

  it('refuses a renewal with another user’s token, or with no valid token', async () => {
    const mine = await login(t.url, operator.username, operator.password);
    const theirs = await login(t.url, station.username, station.password);
    const socket = await open(mine.token);
    expect(await renew(socket, theirs.token)).toMatchObject({ ok: false, error: expect.stringContaining('另一位用户') });
    expect(await renew(socket, 'not-a-token')).toMatchObject({ ok: false });
  });
});

describe('sign-in lockout (CJIS 5.5.3: 5 consecutive failures)', () => {
  const seed = newTownshipSeed({ code: 'locktown' });
  const operator = userOf(seed, 'operator');
  const worker = userOf(seed, 'worker', 'W1');
  let t: TestHub;

  beforeAll(async () => {
    t = await startTestHub({ seed, env: { LOGIN_LOCK_SECONDS: '2', LOGIN_IP_FAILURES_PER_MINUTE: '1000' } });
  });

  afterAll(async () => {
    await t?.close();
  });

  const attempt = (username: string, password: string) => request(t.url).post(API.login).send({ username, password });

  it('locks the account on the fifth failure, refuses even the right password while locked, and lets it in once the lock ends', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await attempt(operator.username, 'wrong')).status);
    expect(statuses).toEqual([401, 401, 401, 401]);
    // The fifth failure is the one that locks, and says so.
    expect((await attempt(operator.username, 'wrong')).body).toMatchObject({ code: 'ACCOUNT_LOCKED' });

    const locked = await attempt(operator.username, operator.password);
    expect(locked.status).toBe(423);
    expect(locked.body).toMatchObject({ code: 'ACCOUNT_LOCKED', statusCode: 423 });
    expect(locked.body.message).toContain('账号已锁定');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(locked.headers['retry-after'])).toBeLessThanOrEqual(2);

    const after = await until(() => attempt(operator.username, operator.password), (r) => r.status !== 423, 'the lock to end');
    expect(after.status).toBe(200);
  });

  it('warns as the last tries run out, and answers the locking failure itself with 423', async () => {
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await attempt(worker.username, `wrong-${i}`));
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401, 423]);
    expect(answers[2]?.body.message).toBe('用户名或密码错误（再错 2 次将锁定 1 分钟）');
    expect(answers[3]?.body.messageEn).toBe('Wrong username or password (1 more and the account is locked for 1 min)');
    expect(answers[4]?.headers['retry-after']).toBe('2');
  });

  it('counts consecutive failures only: a success starts the count again', async () => {
    const { username, password } = userOf(seed, 'station');
    for (let i = 0; i < 4; i++) expect((await attempt(username, 'wrong')).status).toBe(401);
    await attempt(username, password).expect(200);
    for (let i = 0; i < 4; i++) expect((await attempt(username, 'wrong')).status).toBe(401);
    await attempt(username, password).expect(200);
  });

  it('locks a name nobody has exactly like a real one, so a lock reveals no account', async () => {
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push((await attempt('nobody-here', 'wrong')).status);
    expect(answers).toEqual([401, 401, 401, 401, 423, 423]);
  });

  it('records failures, lockouts and refusals with the address', async () => {
    const client = new Client({ connectionString: t.databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ outcome: string; n: number }>(
        'SELECT outcome, count(*)::int AS n FROM login_event WHERE username = $1 GROUP BY outcome ORDER BY outcome',
        [operator.username],
      );
      const counts = Object.fromEntries(rows.map((r) => [r.outcome, r.n]));
      expect(counts).toMatchObject({ failed: 5, locked_out: 1 });
      expect(counts.refused_locked).toBeGreaterThanOrEqual(1);
      const { rows: ips } = await client.query<{ ip: string }>('SELECT DISTINCT ip FROM login_event WHERE username = $1', [operator.username]);
      expect(ips.map((r) => r.ip)).toEqual([expect.stringMatching(/127\.0\.0\.1/)]);
    } finally {
      await client.end();
    }
  });
});

describe('the per-address limit on failed sign-ins', () => {
  const seed = newTownshipSeed({ code: 'ratetown' });
  const operator = userOf(seed, 'operator');
  let t: TestHub;

  beforeAll(async () => {
    t = await startTestHub({ seed });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('answers 429 with Retry-After after 20 failures in a minute from one address, whatever the name or a forwarded-for header says', async () => {
    // Password spraying: one try per name, so no account lock ever sees it.
    for (let i = 0; i < 20; i++) expect((await request(t.url).post(API.login).send({ username: `spray-${i}`, password: 'Passw0rd!' })).status).toBe(401);
    const limited = await request(t.url).post(API.login).set('X-Forwarded-For', '203.0.113.9').send({ username: operator.username, password: operator.password });
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ code: 'LOGIN_RATE_LIMITED', statusCode: 429 });
    expect(limited.body.message).toContain('本地址登录失败次数过多');
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
  });
});

describe('origins', () => {
  const seed = newTownshipSeed({ code: 'origintown' });
  const operator = userOf(seed, 'operator');
  const LISTED = 'http://screen.example:8080';
  let t: TestHub;
  let token = '';

  beforeAll(async () => {
    t = await startTestHub({ seed, env: { ALLOWED_ORIGINS: LISTED } });
    token = (await login(t.url, operator.username, operator.password)).token;
  });

  afterAll(async () => {
    await t?.close();
  });

  const socketFrom = (origin: string) =>
    new Promise<'connected' | 'refused'>((resolve) => {
      const socket = io(t.url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { Origin: origin } });
      socket.once('connect', () => {
        socket.disconnect();
        resolve('connected');
      });
      socket.once('connect_error', () => resolve('refused'));
    });

  it('refuses a page on a foreign origin before the hub acts, and says why', async () => {
    const refused = await request(t.url).post(API.login).set('Origin', 'http://evil.example').send({ username: operator.username, password: operator.password });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'ORIGIN_NOT_ALLOWED', field: 'origin' });
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
    await request(t.url).get(API.me).set('Origin', 'null').set(bearer(token)).expect(403);
  });

  it('serves requests without an Origin (curl, bridges), from the hub’s own origin, and from a listed one with CORS', async () => {
    await request(t.url).get(API.me).set(bearer(token)).expect(200);
    await request(t.url).get(API.me).set('Origin', t.url).set(bearer(token)).expect(200);
    const listed = await request(t.url).get(API.me).set('Origin', LISTED).set(bearer(token)).expect(200);
    expect(listed.headers['access-control-allow-origin']).toBe(LISTED);
    const preflight = await request(t.url).options(API.me).set('Origin', LISTED).set('Access-Control-Request-Method', 'GET').set('Access-Control-Request-Headers', 'authorization');
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(LISTED);
  });

  it('refuses a socket handshake from a foreign origin and accepts the listed and the own one', async () => {
    expect(await socketFrom('http://evil.example')).toBe('refused');
    expect(await socketFrom(LISTED)).toBe('connected');
    expect(await socketFrom(t.url)).toBe('connected');
  });
});

describe('starting without a JWT secret', () => {
  it('refuses outside the demo, saying what to set', async () => {
    const start = startHub({ env: { JWT_SECRET: '', XIAONAO_DEMO: '', PORT: '0' } });
    await expect(start).rejects.toThrow(ConfigError);
    await expect(start).rejects.toThrow(/JWT_SECRET is not set: set JWT_SECRET to a random string of at least 32 characters/);
  });

  it('refuses the old built-in default', async () => {
    await expect(startHub({ env: { JWT_SECRET: 'xiaonao-demo-secret-change-me', PORT: '0' } })).rejects.toThrow(/published example value/);
  });

  it('starts as the demo (XIAONAO_DEMO=1) with a secret of its own', async () => {
    const database = await createTestDatabase();
    const hub = await startHub({ env: { JWT_SECRET: '', XIAONAO_DEMO: '1', PORT: '0', LOG_LEVEL: 'warn', DATABASE_URL: database.url, NATS_URL: TEST_NATS_URL } });
    try {
      expect(hub.config.security.demo).toBe(true);
      expect(hub.config.security.jwtSecret.length).toBeGreaterThanOrEqual(32);
      expect(hub.config.security.jwtSecret).not.toBe(process.env.JWT_SECRET);
    } finally {
      await hub.close();
      await database.drop();
    }
  });
});
