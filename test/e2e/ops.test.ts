import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, type NotifySettingsRequest } from '@xiaonao/contracts';
import request from 'supertest';
import { startProviderStandIns, type ProviderStandIns } from '../../apps/sim/src/standins/provider-standins';
import { bearer, connectSocket, Inbox, loginAs, postCase, until, type HubSocket } from '../support/clients';
import { newIntake110, newTownshipSeed } from '../support/factories';
import { startTestHub, type TestHub } from '../support/hub';
import { MovableClock } from '../support/movable-clock';
import { TEST_PROVIDER_KEYS } from '../support/provider-keys';

interface LogEntry {
  level: number;
  msg?: string;
  time?: string;
  reqId?: string;
  req?: { id?: string; method?: string; url?: string };
  res?: { statusCode?: number };
}

/** Where the hub's pino logger writes in this suite: every line kept, as written. */
class CapturedLog {
  readonly lines: string[] = [];

  write(line: string): void {
    this.lines.push(line);
  }

  entries(): LogEntry[] {
    return this.lines.map((l) => JSON.parse(l) as LogEntry);
  }

  /** Waits until the request with this id has its closing line. */
  requestLine(id: string): Promise<LogEntry> {
    return until(
      () => Promise.resolve(this.entries().find((e) => e.req?.id === id && e.res !== undefined)),
      (e) => e !== undefined,
      `the log line of request ${id}`,
    ) as Promise<LogEntry>;
  }
}

const scrape = async (metricsUrl: string | null): Promise<string> => {
  if (!metricsUrl) throw new Error('the hub has no metrics listener');
  return (await request(metricsUrl).get('').expect(200)).text;
};

/** The value of one series in the exposition text, or null when absent. */
function sample(text: string, series: string): number | null {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? null : Number(line.slice(series.length + 1));
}

describe('operating the hub', () => {
  let t: TestHub;
  const log = new CapturedLog();
  // The hub's clock moves on by a minute to decide the accept stage, without a minute of waiting.
  const clock = new MovableClock();
  const sockets: HubSocket[] = [];
  const seed = newTownshipSeed({ workers: 6 });
  seed.workers.forEach((w) => (w.dingtalkUserId = `ding-${w.code}`));
  let providers: ProviderStandIns;

  beforeAll(async () => {
    providers = await startProviderStandIns(TEST_PROVIDER_KEYS, { now: () => clock.now() });
    // The first hub of this process: nestjs-pino keeps its logger (and this destination) for the whole file.
    t = await startTestHub({ seed, clock, logDestination: log, env: { LOG_LEVEL: 'log', LOG_FORMAT: 'json', METRICS_PORT: '0', OFFER_TIMEOUT_MS: '60000', ...providers.env } });
  });

  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await t?.close();
    await providers?.close();
  });

  it('reports PostgreSQL and NATS reachable on /health', async () => {
    const res = await request(t.url).get(API.health).expect(200);
    expect(res.body).toEqual({ status: 'ok', database: 'up', bus: 'up', busKind: 'nats', why: [] });
  });

  it('logs each request as one JSON line carrying its request id, and echoes the id', async () => {
    const { token } = await loginAs(t.url, t.seed, 'operator');
    const res = await request(t.url).get(`${API.incidents}?q=13905712345`).set(bearer(token)).set('X-Request-Id', 'ops-test-0001').expect(200);
    expect(res.headers['x-request-id']).toBe('ops-test-0001');
    const line = await log.requestLine('ops-test-0001');
    expect(line).toMatchObject({ level: 30, msg: 'request completed', req: { id: 'ops-test-0001', method: 'GET', url: API.incidents }, res: { statusCode: 200 } });
    expect(Date.parse(line.time ?? '')).not.toBeNaN();
    // Every line the hub wrote is JSON, start-up lines included.
    expect(log.entries().length).toBe(log.lines.length);
  });

  it('gives a request without a usable id a fresh one', async () => {
    const none = await request(t.url).get('/api/nothing-here').expect(404);
    const unsafe = await request(t.url).get('/api/nothing-here').set('X-Request-Id', 'two words\tand a tab').expect(404);
    for (const res of [none, unsafe]) {
      const id = String(res.headers['x-request-id']);
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect((await log.requestLine(id)).res?.statusCode).toBe(404);
    }
    expect(none.headers['x-request-id']).not.toBe(unsafe.headers['x-request-id']);
  });

  it('keeps bodies, credentials, signatures and phone numbers out of the log', async () => {
    const intake = newIntake110({ callerPhone: '13912345678', callerName: '赵先生', description: '楼下装修噪音扰民，已持续三天' });
    const created = await postCase(t.url, t.apiKey, intake).set('X-Request-Id', 'ops-test-0002').expect(201);
    const login = await request(t.url).post(API.login).set('X-Request-Id', 'ops-test-0003').send({ username: `${t.seed.code}-op`, password: 'op-pass-1' }).expect(200);
    await request(t.url).get(API.incident(created.body.incidentId as string)).set(bearer(login.body.token as string)).set('X-Request-Id', 'ops-test-0004').expect(200);
    await log.requestLine('ops-test-0002');
    await log.requestLine('ops-test-0003');
    await log.requestLine('ops-test-0004');
    const text = log.lines.join('');
    for (const secret of [t.apiKey, '13912345678', '赵先生', '装修噪音', 'op-pass-1', login.body.token as string, login.body.refreshToken as string, 'sha256=']) {
      expect(text).not.toContain(secret);
    }
  });

  it('serves no metrics on the public port', async () => {
    await request(t.url).get(API.metrics).expect(404);
  });

  it('serves Prometheus metrics on its own port, counting received cases and request durations', async () => {
    await postCase(t.url, t.apiKey, newIntake110()).expect(201);
    const text = await until(() => scrape(t.hub.metricsUrl), (x) => (sample(x, 'xiaonao_incidents_received_total{source="110"}') ?? 0) >= 1, 'a received case counted');
    expect(text).toContain('xiaonao_http_request_duration_seconds_bucket');
    expect(t.hub.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    await request(t.hub.metricsUrl as string).get('').expect('content-type', /text\/plain/);
    await request(new URL('/other', t.hub.metricsUrl as string).href).get('').expect(404);
  });

  it('reports the outbox, due timers and cases waiting for an operator, by township', async () => {
    const code = t.seed.code;
    // stray_animal waits for an operator to confirm dispatch (the test township's table says so).
    await postCase(t.url, t.apiKey, newIntake110({ category: 'stray_animal' })).expect(201);
    const text = await until(() => scrape(t.hub.metricsUrl), (x) => sample(x, `xiaonao_cases_waiting{township="${code}",waiting_for="operator"}`) === 1, 'a case waiting for an operator');
    expect(sample(text, `xiaonao_cases_waiting{township="${code}",waiting_for="worker"}`)).not.toBeNull();
    expect(sample(text, 'xiaonao_outbox_unpublished')).not.toBeNull();
    expect(sample(text, 'xiaonao_outbox_lag_seconds')).toBeLessThan(30);
    expect(sample(text, 'xiaonao_timers_overdue_seconds')).toBeLessThan(5);
  });

  it('counts pages that failed, by channel', async () => {
    const operator = (await loginAs(t.url, t.seed, 'operator')).token;
    const steps: NotifySettingsRequest['chains'][number]['day'] = [
      { channel: 'socket', afterSeconds: 0 },
      { channel: 'dingtalk', afterSeconds: 0 },
    ];
    await request(t.url).put(API.notifySettings).set(bearer(operator)).send({ nightStart: '00:00', nightEnd: '06:00', chains: [{ category: null, day: steps, night: steps }] }).expect(200);
    seed.workers.forEach((w) => providers.dingtalk.behave(`ding-${w.code}`, { send: 'error:33012' }));
    await postCase(t.url, t.apiKey, newIntake110()).expect(201);
    await until(() => scrape(t.hub.metricsUrl), (x) => (sample(x, 'xiaonao_notify_failures_total{channel="dingtalk",status="failed"}') ?? 0) >= 1, 'a failed DingTalk page counted');
  });

  it('counts the accept stage met or missed at its deadline, and offers pending meanwhile', async () => {
    const code = t.seed.code;
    // Earlier cases of this suite hold offers to the nearest workers: whoever is offered this one accepts it.
    const phones = await Promise.all(
      t.seed.workers.map(async (w) => {
        const { token } = await loginAs(t.url, t.seed, 'worker', w.code);
        const socket = await connectSocket(t.url, token);
        sockets.push(socket);
        return { token, offers: new Inbox(socket, 'offer.created') };
      }),
    );
    const met = (await postCase(t.url, t.apiKey, newIntake110()).expect(201)).body.incidentId as string;
    const offered = await Promise.any(phones.map(async (p) => (await p.offers.next((o) => o.incidentId === met), p)));
    await request(t.url).post(API.accept(met)).set(bearer(offered.token)).expect(200);
    // The next case goes to another worker, who never answers.
    await postCase(t.url, t.apiKey, newIntake110()).expect(201);
    await until(() => scrape(t.hub.metricsUrl), (x) => (sample(x, `xiaonao_offers_pending{township="${code}"}`) ?? 0) >= 1, 'an offer pending');

    clock.advance(61_000);
    const text = await until(
      () => scrape(t.hub.metricsUrl),
      (x) =>
        (sample(x, `xiaonao_clock_stage_outcomes_total{township="${code}",stage="accept",outcome="met"}`) ?? 0) >= 1 &&
        (sample(x, `xiaonao_clock_stage_outcomes_total{township="${code}",stage="accept",outcome="missed"}`) ?? 0) >= 1,
      'accept stages decided',
    );
    expect(sample(text, 'xiaonao_timer_lateness_seconds_count')).toBeGreaterThan(0);
  });
});

describe('a metrics listener with a token', () => {
  let t: TestHub;
  const token = 'scrape-token-0123456789abcdef';

  beforeAll(async () => {
    t = await startTestHub({ env: { METRICS_PORT: '0', METRICS_TOKEN: token } });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('answers a scrape only with the bearer token', async () => {
    const url = t.hub.metricsUrl as string;
    const refused = await request(url).get('').expect(401);
    expect(refused.headers['www-authenticate']).toMatch(/^Bearer/);
    await request(url).get('').set(bearer('scrape-token-0123456789abcdeX')).expect(401);
    const res = await request(url).get('').set(bearer(token)).expect(200);
    expect(res.text).toContain('xiaonao_offers_pending');
  });
});
