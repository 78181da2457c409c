/**
 * The simulator's I/O shell against a stand-in hub that speaks the public API (REST paths and socket
 * events from contracts) and records what it is sent. The real hub's behaviour is tested in test/e2e;
 * here we check that the simulator says the right things in the right order and survives refusals.
 */
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  API,
  API_KEY_HEADER,
  type ClientToServerEvents,
  type FleetPositionsRequest,
  type IncidentState,
  type IncidentView,
  type Intake110Request,
  type OfferView,
  type ServerToClientEvents,
  type TownshipView,
  type WorkerView,
} from '@xiaonao/contracts';
import { Server } from 'socket.io';
import { afterEach, describe, expect, it } from 'vitest';
import { isInPolygon, offsetByMetres } from '../township/geo';
import { buildHezhuangTownship, DEMO_API_KEY, HUMAN_DEMO_WORKER } from '../township/hezhuang';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from './index';
import { newIncidentView } from '../../../../test/support/incident-view';
import { STATE_WAIT_MS } from '../../../../test/support/patience';

const seed = buildHezhuangTownship();
const workerId = (code: string) => `id-${code}`;
const usernameOf = (token: string | undefined) => token?.replace(/^Bearer /, '').replace(/^tok-/, '') ?? '';

interface Recorded {
  method: string;
  path: string;
  username: string;
  apiKey: string | undefined;
  body: unknown;
}

/** Answers a worker step with the incident moved to `state`, or with `refuse` when set for that path. */
class FakeHub {
  readonly calls: Recorded[] = [];
  readonly refuse = new Map<string, number>();
  readonly incidents = new Map<string, IncidentView>();
  private readonly http: HttpServer;
  readonly io: Server<ClientToServerEvents, ServerToClientEvents>;
  url = '';

  constructor() {
    this.http = createServer((req, res) => void this.handle(req, res));
    this.io = new Server(this.http);
    this.io.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: string }).token;
      if (!token?.startsWith('tok-')) return next(new Error('未登录'));
      const worker = seed.users.find((u) => u.username === usernameOf(token))?.workerCode;
      if (worker) void socket.join(`worker:${workerId(worker)}`);
      next();
    });
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.http.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    await this.io.close();
  }

  connectedWorkers(): number {
    return this.io.sockets.sockets.size;
  }

  offer(code: string, incident: IncidentView): void {
    this.incidents.set(incident.id, incident);
    const offer: OfferView = {
      offerId: `offer-${incident.id}-${code}`,
      incidentId: incident.id,
      workerId: workerId(code),
      offeredAt: new Date().toISOString(),
      expiresAt: new Date(Date.now() + 20_000).toISOString(),
      distanceM: 120,
      queued: false,
      incident,
    };
    this.io.to(`worker:${workerId(code)}`).emit('offer.created', offer);
  }

  stepsFor(incidentId: string): Recorded[] {
    return this.calls.filter((c) => c.path.startsWith(`/api/incidents/${incidentId}/`));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let raw = '';
    for await (const chunk of req) raw += String(chunk);
    const body: unknown = raw ? JSON.parse(raw) : undefined;
    const path = req.url ?? '';
    const username = usernameOf(req.headers.authorization);
    const apiKeyHeader = req.headers[API_KEY_HEADER];
    this.calls.push({ method: req.method ?? '', path, username, apiKey: Array.isArray(apiKeyHeader) ? apiKeyHeader[0] : apiKeyHeader, body });
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    const refused = this.refuse.get(path);
    if (refused) return send(refused, { statusCode: refused, code: 'OFFER_NOT_OPEN', message: '派单已撤回', messageEn: 'Offer withdrawn' });

    if (path === API.login) {
      const { username: name, password } = body as { username: string; password: string };
      const user = seed.users.find((u) => u.username === name && u.password === password);
      if (!user) return send(401, { statusCode: 401, code: 'UNAUTHORIZED', message: '用户名或密码错误', messageEn: 'Bad credentials' });
      return send(201, { token: `tok-${name}`, user: { id: name, username: name, displayName: user.displayName, role: user.role, townshipId: 't', workerId: user.workerCode ? workerId(user.workerCode) : null, stationId: null } });
    }
    if (path === API.township) return send(200, this.township());
    if (path === API.workers) return send(200, this.workers());
    if (path === API.myOffers) return send(200, []);
    if (path === API.intake110 || path === API.fleetPositions) return send(201, {});
    const step = /^\/api\/incidents\/([^/]+)\/(accept|decline|contact|arrive|close)$/.exec(path);
    const incident = step ? this.incidents.get(step[1]) : undefined;
    if (step && incident) {
      const next: Record<string, IncidentState> = { accept: 'accepted', decline: 'received', contact: 'contacted', arrive: 'arrived', close: 'closed' };
      const code = seed.users.find((u) => u.username === username)?.workerCode ?? '';
      const updated: IncidentView = { ...incident, state: next[step[2]], worker: step[2] === 'decline' ? null : { id: workerId(code), name: code, phone: '' } };
      this.incidents.set(incident.id, updated);
      return send(201, updated);
    }
    send(404, { statusCode: 404, code: 'NOT_FOUND', message: '未找到', messageEn: 'Not found' });
  }

  private township(): TownshipView {
    return {
      id: 't',
      code: seed.code,
      name: seed.name,
      center: seed.center,
      grids: seed.grids.map((g) => ({ id: `grid-${g.code}`, ...g })),
      stations: seed.stations.map((s) => ({ id: s.code, ...s })),
    };
  }

  private workers(): WorkerView[] {
    return seed.workers.map((w) => ({
      id: workerId(w.code),
      name: w.name,
      phone: w.phone,
      team: w.team,
      gridId: w.gridCode ? `grid-${w.gridCode}` : null,
      onDuty: w.onDuty,
      status: 'available',
      location: w.location,
      positionAt: null,
      activeIncidentId: null,
      queuedIncidentId: null,
    }));
  }
}

function incidentNear(code: string, id: string, metresAway: number): IncidentView {
  const location = offsetByMetres(seed.workers.find((w) => w.code === code)!.location!, metresAway, 0);
  const now = new Date().toISOString();
  return newIncidentView({ id, caseNo: `CASE-${id}`, receivedAt: now, updatedAt: now, location, description: '水果摊主与顾客因两个磕碰的苹果发生争执，双方情绪激动，要求有人到场处理' });
}

// A wait on state: the deadline only says when to give up, so it is the suite's (a busy CI machine ran past 8 s).
async function until(condition: () => boolean, what: string, timeoutMs = STATE_WAIT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Everything fast: instant answers, a few milliseconds on site, e-bikes at 2 km/s. */
function fastOptions(hub: FakeHub, over: Partial<SimulatorOptions> = {}): SimulatorOptions {
  return {
    hubUrl: hub.url,
    seed,
    caseIntervalMs: 3_600_000,
    firstCaseDelayMs: 0,
    positionIntervalMs: 40,
    speedMps: { walking: 2_000, ebike: 2_000 },
    answerDelayMs: { min: 0, max: 10 },
    contactDelayMs: { min: 0, max: 10 },
    onSiteMs: { min: 0, max: 10 },
    declineProbability: 0,
    loginSpreadMs: 0,
    random: 1,
    log: () => undefined,
    ...over,
  };
}

describe('the simulator against a hub', () => {
  let hub: FakeHub;
  let sim: RunningSimulator | null = null;

  afterEach(async () => {
    await sim?.stop();
    sim = null;
    await hub.close();
  });

  async function start(over: Partial<SimulatorOptions> = {}): Promise<void> {
    hub = new FakeHub();
    await hub.listen();
    sim = await startSimulator(fastOptions(hub, over));
    const answering = seed.workers.length - 1;
    await until(() => hub.connectedWorkers() === answering, 'every simulated worker to connect');
  }

  it('transfers a 110 case at once, with the API key and a case inside the township', async () => {
    await start();
    await until(() => hub.calls.some((c) => c.path === API.intake110), 'a 110 case');
    const intake = hub.calls.find((c) => c.path === API.intake110)!;
    expect(intake.apiKey).toBe(DEMO_API_KEY);
    const request = intake.body as Intake110Request;
    expect(request).toMatchObject({ coordSystem: 'WGS84' });
    expect(seed.stations.map((s) => s.code)).toContain(request.policeStationCode);
    expect(seed.grids.some((g) => isInPolygon(request.location, g.polygon))).toBe(true);
  });

  it('reports positions in batches for on-duty workers, never for the human demo worker', async () => {
    await start({ feedCases: false });
    await until(() => hub.calls.filter((c) => c.path === API.fleetPositions).length >= 2, 'two position batches');
    const batch = hub.calls.find((c) => c.path === API.fleetPositions)!;
    expect(batch.apiKey).toBe(DEMO_API_KEY);
    const ids = (batch.body as FleetPositionsRequest).positions.map((p) => p.workerId);
    const human = seed.users.find((u) => u.username === HUMAN_DEMO_WORKER)!.workerCode!;
    expect(ids).not.toContain(workerId(human));
    expect(ids).toHaveLength(seed.workers.filter((w) => w.onDuty && w.code !== human).length);
    expect((batch.body as FleetPositionsRequest).positions[0]).toMatchObject({ coordSystem: 'WGS84' });
  });

  it('walks an offer through accept, contact, arrive and close, with a position on every step', async () => {
    await start({ feedCases: false });
    hub.offer('W002', incidentNear('W002', 'case-1', 800));
    await until(() => hub.stepsFor('case-1').length === 4, 'the four steps');
    const steps = hub.stepsFor('case-1');
    expect(steps.map((s) => s.path.split('/').at(-1))).toEqual(['accept', 'contact', 'arrive', 'close']);
    expect(steps.every((s) => s.username === 'w002')).toBe(true);
    for (const step of steps) expect(step.body).toMatchObject({ position: { coordSystem: 'WGS84' } });
    expect((steps[3].body as { result: string }).result).toMatch(/调解|言和/);
    // The stand-in records the close as it arrives; the simulator counts it once the answer is back.
    await until(() => sim!.stats().closed === 1, 'the close counted');
    expect(sim!.stats()).toMatchObject({ accepted: 1, contacted: 1, arrived: 1, closed: 1 });
  });

  it('declines with 「正在处理其他事务」 when the dice say so', async () => {
    await start({ feedCases: false, declineProbability: 1 });
    hub.offer('W003', incidentNear('W003', 'case-2', 100));
    await until(() => hub.stepsFor('case-2').length === 1, 'the decline');
    expect(hub.stepsFor('case-2')[0]).toMatchObject({ path: API.decline('case-2'), body: { reason: '正在处理其他事务' } });
  });

  it('shrugs off an offer that was withdrawn before the accept landed, and takes the next one', async () => {
    await start({ feedCases: false });
    hub.refuse.set(API.accept('gone'), 409);
    hub.offer('W004', incidentNear('W004', 'gone', 100));
    await until(() => hub.stepsFor('gone').length === 1, 'the refused accept');
    hub.offer('W004', incidentNear('W004', 'next', 100));
    await until(() => hub.stepsFor('next').length === 4, 'the next case closed');
    expect(sim!.stats().failedRequests).toBe(1);
  });

  it('leaves the human demo worker’s offers alone', async () => {
    await start({ feedCases: false });
    hub.offer('W001', incidentNear('W001', 'human', 100));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(hub.stepsFor('human')).toEqual([]);
  });

  it('closes every socket when stopped', async () => {
    await start({ feedCases: false });
    await sim!.stop();
    await until(() => hub.connectedWorkers() === 0, 'all sockets closed');
    const calls = hub.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(hub.calls.length).toBe(calls);
  });
});
