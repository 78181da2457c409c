/**
 * The route sweep: every operation of the hub's OpenAPI document × every role of two townships, an
 * API key of each, and nobody. Who may call what comes from the document itself (`x-xiaonao-access`),
 * so a route added later is swept without anyone adding it here. Township B's allowed callers aim at
 * township A's objects and must be refused, see none of A's data, and change none of A's rows.
 * Then the socket rooms: B's sockets hear nothing of a case flowing in A.
 */
import { randomUUID } from 'node:crypto';
import type { OpenAPIObject } from '@nestjs/swagger';
import { Client } from 'pg';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateVAPIDKeys } from 'web-push';
import { API, CAMERA_API, PLACES_API, REPORT_API, ROLES, SOCKET_EVENTS, type CameraView, type LngLat, type OfferView, type PatrolReportAnswer, type TownshipRole, type TownshipSeed } from '@xiaonao/contracts';
import { newCameraAlert, postCameraAlert } from '../support/camera-clients';
import { bearer, connectSocket, Inbox, loginAs, postCase, until, type HubSocket } from '../support/clients';
import { newIntake110, newRegionSeed, newTownshipSeed } from '../support/factories';
import { startTestHub, type TestHub } from '../support/hub';
import { jpegDataUrl, newOperatorEntry, newPatrolReport, pointAt, testGazetteerCsv } from '../support/report-factories';
import { STATE_WAIT_MS } from '../support/patience';
import {
  buildRequest,
  changedTables,
  documentedRoutes,
  expectationFor,
  fingerprint,
  LeakDetector,
  routeName,
  secretsOf,
  send,
  servedRoutes,
  sharedIds,
  type Access,
  type Answer,
  type Caller,
  type Expected,
  type Fixture,
  type SweepRequest,
  type SweptRoute,
} from '../support/route-sweep';

/**
 * The only routes anyone may call without credentials. A route the document marks with no access,
 * or one Express serves outside the document, fails the sweep unless it is here with its reason.
 */
const PUBLIC_ROUTES: { route: string | RegExp; why: string }[] = [
  { route: 'POST /api/auth/login', why: 'signing in is how a session starts' },
  { route: 'POST /api/auth/refresh', why: 'a client whose access token expired has only its single-use refresh token, sent in the body' },
  { route: 'GET /health', why: 'load balancers and the compose health check probe it; it says up or down, nothing more' },
  { route: 'GET /api/openapi.json', why: 'the API description: routes and shapes, no data' },
  { route: /^GET \/api\/docs(-yaml|\/.*)?$/, why: 'the browsable API description (Swagger UI and its assets)' },
  { route: /^GET \/open311\/v2\/services(\/\{code\})?\.json$/, why: 'Open311 GeoReport v2 lists services without a key: the categories a township handles, no data' },
];
const isPublic = (name: string) => PUBLIC_ROUTES.some((p) => (typeof p.route === 'string' ? p.route === name : p.route.test(name)));

/** Columns background work moves on its own (the outbox relay marks rows sent): not a change by a refused request. */
const BACKGROUND: Record<string, readonly string[] | '*'> = { outbox: ['published_at', 'seq'] };

/**
 * What a refused caller of A may leave in A's rows: the record of its refusal (every door records
 * every refusal) and its own session's last use. Nothing at all for callers of B or nobody.
 */
const OWN_RECORDS = ['intake_refusal', 'auth_session'];

/** How a sweep township names its people who are not workers (a worker is named by the worker row). */
const STAFF_TITLE: Record<TownshipRole, string> = { operator: '值班员', station: '派出所民警', leader: '镇领导', worker: '网格员' };

const ORIGIN_A: LngLat = { lng: 120.5, lat: 30.28 };
const ORIGIN_B: LngLat = { lng: 120.6, lat: 30.35 };

/** A test township whose names, numbers and codes are its own (the factories' defaults are shared), with two cameras and a grid leader. */
function sweepSeed(code: string, origin: LngLat, tag: string, phonePrefix: string, workers: number): TownshipSeed {
  const base = newTownshipSeed({ code, origin, workers });
  const staff = base.workers.map((w, i) => ({ ...w, name: `${tag}网格员${'甲乙丙丁戊己'[i]}`, phone: `${phonePrefix}${String(i).padStart(4, '0')}` }));
  const nameOf = new Map(staff.map((w) => [w.code, w.name]));
  return {
    ...base,
    name: `${tag}街道`,
    // W1 leads the west grid: a worker who may set the grid's roster, so the worker role reaches the roster routes.
    grids: base.grids.map((g, i) => ({ ...g, name: `${tag}第${i + 1}网格`, ...(g.code === 'G1' ? { leaderCode: 'W1' } : {}) })),
    stations: [{ code: `${code}-pcs`, name: `${tag}派出所` }],
    workers: staff,
    users: base.users.map((u) => ({ ...u, displayName: u.workerCode ? (nameOf.get(u.workerCode) ?? u.displayName) : `${tag}${STAFF_TITLE[u.role]}` })),
    // Each township in a region of its own (A's and B's), with an admin and a district account: B's see nothing of A.
    regions: [newRegionSeed(`${code}-region`, `${tag}区`)],
    // Besides its 110 key: the 12345 hotline's and a city Open311 tool's, so the doors that take only their kind are swept with them.
    apiKeys: [...base.apiKeys, { name: `${tag}12345热线`, key: `key-${code}-12345-${randomUUID()}`, kind: '12345' }, { name: `${tag}Open311应用`, key: `key-${code}-open311-${randomUUID()}`, kind: 'open311' }],
    cameras: [1, 2].map((n) => ({ code: `${code.toUpperCase()}-CAM-${n}`, name: `${tag}摄像头${n}号`, gridCode: `G${n}`, location: pointAt(300 + n * 900, 500, origin), owner: `${tag}综治中心` })),
  };
}

// Six workers in A: each of its cases finds someone free, so none waits and is judged again in the background.
const seedA = sweepSeed('towna', ORIGIN_A, '甲乡', '1391111', 6);
const seedB = sweepSeed('townb', ORIGIN_B, '乙镇', '1372222', 3);

describe('route sweep: every route × every role × the other township', () => {
  let t: TestHub;
  let pg: Client;
  let doc: OpenAPIObject;
  let idA: string;
  let idB: string;
  const callers: Caller[] = [];
  const workerIds: Record<'A' | 'B', string[]> = { A: [], B: [] };
  let caseA = '';
  let caseB = '';
  let fixture: Fixture;
  /** The current token of a caller by name ('operator of A'…). */
  const tokenOf = (name: string) => callers.find((c) => c.name === name)?.token ?? '';

  /** A 110 case in a township, offered to and accepted by its W1. */
  async function acceptedCase(seed: TownshipSeed, apiKey: string, origin: LngLat, overrides: Parameters<typeof newIntake110>[0], workerToken: string): Promise<string> {
    const { body } = await postCase(t.url, apiKey, newIntake110({ townshipCode: seed.code, origin, ...overrides })).expect(201);
    const id: string = body.incidentId;
    await until(async () => (await request(t.url).get(API.myOffers).set(bearer(workerToken)).expect(200)).body as OfferView[], (offers) => offers.some((o) => o.incident.id === id), `the offer of ${id}`);
    await request(t.url).post(API.accept(id)).set(bearer(workerToken)).send({}).expect(200);
    return id;
  }

  beforeAll(async () => {
    // Long windows: nothing in either township moves by itself while the sweep fingerprints A's rows.
    t = await startTestHub({
      seed: seedA,
      extraSeeds: [seedB],
      env: { OFFER_TIMEOUT_MS: '3600000', CLOCK_ACCEPT_SECONDS: '3600', CLOCK_CONTACT_SECONDS: '7200', CLOCK_ARRIVE_SECONDS: '14400' },
    });
    pg = new Client({ connectionString: t.databaseUrl });
    await pg.connect();
    idA = t.hub.townships.find((x) => x.code === seedA.code)?.id ?? '';
    idB = t.hub.townships.find((x) => x.code === seedB.code)?.id ?? '';
    for (const [name, seed] of [['A', seedA], ['B', seedB]] as const) {
      // Every role, so a role added later is swept as soon as the seed has a user of it (region roles: the region's accounts).
      for (const role of ROLES) {
        const { token, user } = await loginAs(t.url, seed, role);
        callers.push({ name: `${role} of ${name}`, township: name, kind: role, token, signIn: async () => (await loginAs(t.url, seed, role)).token });
        if (user.workerId) workerIds[name].push(user.workerId);
      }
      callers.push({ name: `api key of ${name}`, township: name, kind: 'api-key', apiKey: seed.apiKeys[0].key });
      for (const k of seed.apiKeys.slice(1)) callers.push({ name: `${k.kind ?? '110'} key of ${name}`, township: name, kind: 'api-key', apiKey: k.key, keyKind: k.kind });
    }
    callers.push({ name: 'nobody', township: null, kind: 'none' });

    // Township A's data: enough that every list has rows and every id-taking route has a real id.
    const A = { operator: tokenOf('operator of A'), worker: tokenOf('worker of A') };
    caseA = await acceptedCase(seedA, seedA.apiKeys[0].key, ORIGIN_A, { callerName: '欧阳甲先生', callerPhone: '13911112222', address: '甲乡街道秘密巷7号', description: '甲乡楼道噪声扰民已持续三天' }, A.worker);
    await request(t.url).post(API.callAttempt(caseA)).set(bearer(A.worker)).send({ answered: false }).expect(201);
    const report = (
      await request(t.url)
        .post(REPORT_API.patrolReport)
        .set(bearer((await loginAs(t.url, seedA, 'worker', 'W2')).token))
        .send(newPatrolReport({ position: { ...pointAt(250, 560, ORIGIN_A), coordSystem: 'WGS84' }, address: '甲乡第一网格幸福路口', description: '甲乡楼道纸箱堵住消防通道', photo: jpegDataUrl() }))
        .expect(201)
    ).body as PatrolReportAnswer;
    await request(t.url)
      .post(API.incidents)
      .set(bearer(A.operator))
      .send(newOperatorEntry({ location: pointAt(700, 300, ORIGIN_A), callerName: '诸葛甲女士', callerPhone: '13911113333', description: '甲乡水管爆裂渗水' }))
      .expect(201);
    const cameraCode = seedA.cameras?.[0]?.code ?? '';
    await postCameraAlert(t.url, seedA.apiKeys[0].key, newCameraAlert({ cameraCode, type: 'smoke' })).expect(201);
    // The CAP export names an alert by our id, which no answer to the platform carries.
    const { rows: [alertA] } = await pg.query<{ id: string }>('SELECT id FROM camera_alert WHERE township_id = $1 LIMIT 1', [idA]);
    const { rows: [integrationA] } = await pg.query<{ id: string }>(`SELECT id FROM api_key WHERE township_id = $1 AND kind = '110' LIMIT 1`, [idA]);
    const cameraId = ((await request(t.url).get(CAMERA_API.cameras).set(bearer(A.operator)).expect(200)).body as CameraView[]).find((c) => c.code === cameraCode)?.id ?? '';
    const push = { endpoint: `https://push.example.com/towna/${randomUUID()}`, keys: { p256dh: generateVAPIDKeys().publicKey, auth: Buffer.alloc(16, 3).toString('base64url') } };
    await request(t.url).put(API.myPush).set(bearer(A.worker)).send(push).expect(204);
    const day = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    await request(t.url)
      .put(API.roster)
      .set(bearer(A.operator))
      .send({ from: day, to: day, shifts: [{ workerId: workerIds.A[0], date: day, start: '08:00', end: '20:00' }] })
      .expect(200);
    await request(t.url).post(PLACES_API.import).set(bearer(A.operator)).send({ format: 'csv', coordSystem: 'WGS84', content: testGazetteerCsv(seedA.code), source: '甲乡标准地址库' }).expect(200);

    // Township B: its own case and a few rows, so its lists are not empty when it asks.
    caseB = await acceptedCase(seedB, seedB.apiKeys[0].key, ORIGIN_B, { callerName: '司马乙女士', callerPhone: '13722223333', address: '乙镇街道东风路9号', description: '乙镇广场舞音响扰民' }, tokenOf('worker of B'));

    doc = (await request(t.url).get(API.openapi).expect(200)).body as OpenAPIObject;
    const now = () => new Date().toISOString();
    fixture = {
      byName: {
        workerId: workerIds.A[0],
        incidentId: caseA,
        integrationId: integrationA.id,
        reportId: report.reportId,
        cameraId,
        cameraCode,
        code: cameraCode,
        category: 'dispute',
        type: 'smoke',
        policeStationCode: `${seedA.code}-pcs`,
        lng: pointAt(200, 500, ORIGIN_A).lng,
        lat: pointAt(200, 500, ORIGIN_A).lat,
        location: pointAt(200, 500, ORIGIN_A),
        // Operators say why they look at personal data (a worker's track); the access log keeps it.
        reason: '回访当事人，核实处置结果',
        endpoint: push.endpoint,
        p256dh: push.keys.p256dh,
        auth: push.keys.auth,
        get caseNo() {
          return `3301${Date.now()}${Math.floor(Math.random() * 1e4)}`;
        },
        get alertId() {
          return `evt-${randomUUID()}`;
        },
        get receivedAt() {
          return now();
        },
        get at() {
          return now();
        },
        get deviceAt() {
          return now();
        },
      },
      idAfter: { incidents: caseA, cameras: cameraId, workers: workerIds.A[0], reports: report.reportId, alerts: alertA.id },
      objectIds: new Set<string>(),
    };
  });

  afterAll(async () => {
    await pg?.end();
    await t?.close();
  });

  /** What the sweep counted, for the line the lead quotes. */
  const tally = { tried: 0, denials: 0, wrong2xx: 0, leaked: 0, foreign2xxOwnTownship: 0, reached: 0, sessionsRenewed: 0, ownBytes: 0 };
  /** Statuses of B's allowed callers on A's objects, and of A's allowed callers (who must reach the handler). */
  const statuses = { foreignOnObjects: new Map<number, number>(), own: new Map<number, number>() };
  const count = (map: Map<number, number>, status: number) => map.set(status, (map.get(status) ?? 0) + 1);
  const histogram = (map: Map<number, number>) => [...map].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`).join(' ');

  /** Sends as `caller`; a caller whose session a swept route ended (logout) signs in again and the request goes once more. */
  async function sendAs(req: SweepRequest, caller: Caller): Promise<Answer> {
    tally.tried++;
    const answer = await send(t.url, req, caller);
    if (answer.status !== 401 || !caller.signIn || !caller.token) return answer;
    if ((await request(t.url).get(API.me).set(bearer(caller.token))).status !== 401) return answer;
    caller.token = await caller.signIn();
    tally.sessionsRenewed++;
    return send(t.url, req, caller);
  }

  /** Judges one answer to a caller who must not reach A's data; returns what is wrong with it, if anything. */
  function judge(req: SweepRequest, caller: Caller, expected: Exclude<Expected, 'own'>, answer: Answer, leaks: LeakDetector): string[] {
    const where = `${routeName(req.route)} as ${caller.name}`;
    const problems: string[] = [];
    const ok2xx = answer.status >= 200 && answer.status < 300;
    if ([401, 403, 404].includes(answer.status)) tally.denials++;
    if (answer.status >= 500) problems.push(`${where}: ${answer.status} ${answer.body.toString('utf8').slice(0, 200)}`);
    const leak = leaks.found(answer.body, req.url + (req.body ?? ''));
    tally.leaked += leak.bytes;
    if (leak.bytes > 0) problems.push(`${where}: ${answer.status} returned ${leak.bytes} bytes of A's data: ${leak.found.join(', ')}`);
    switch (expected) {
      case 'unauthenticated':
      case 'forbidden': {
        const want = expected === 'unauthenticated' ? 401 : 403;
        if (ok2xx) tally.wrong2xx++;
        if (answer.status !== want) problems.push(`${where}: ${answer.status} ${answer.code ?? ''}, want ${want}`);
        break;
      }
      case 'foreign':
        if (req.namesObject) {
          count(statuses.foreignOnObjects, answer.status);
          if (ok2xx) tally.wrong2xx++;
          if (answer.status !== 403 && answer.status !== 404) problems.push(`${where} on A's object: ${answer.status} ${answer.body.toString('utf8').slice(0, 200)}, want 403 or 404`);
        } else if (ok2xx && req.carriesIds && req.route.method !== 'get') {
          tally.wrong2xx++;
          problems.push(`${where}: ${answer.status} for a write naming A's objects in its body or query`);
        } else if (ok2xx) tally.foreign2xxOwnTownship++;
        break;
    }
    return problems;
  }

  it('gives township B’s sockets nothing of a case flowing in A', async () => {
    const sockets: HubSocket[] = [];
    const listen = async (token: string) => {
      const socket = await connectSocket(t.url, token);
      sockets.push(socket);
      const heard: { event: string; payload: string }[] = [];
      socket.onAny((event: string, ...args: unknown[]) => heard.push({ event, payload: JSON.stringify(args) }));
      return heard;
    };
    try {
      const heardB = { operator: await listen(tokenOf('operator of B')), station: await listen(tokenOf('station of B')), worker: await listen(tokenOf('worker of B')) };
      // A leader's socket joins no room at all (its page reads over HTTP): it hears neither township.
      const leaderB = await listen(tokenOf('leader of B'));
      const leaderSocket = sockets[sockets.length - 1];
      // B's region accounts hear B's townships (the overseers' rooms), never A's.
      const regionB = { admin: await listen(tokenOf('admin of B')), district: await listen(tokenOf('district of B')) };
      const operatorA = await connectSocket(t.url, tokenOf('operator of A'));
      sockets.push(operatorA);
      const newsA = new Inbox(operatorA, 'incident.upserted');
      const movesA = new Inbox(operatorA, 'worker.moved');

      // A case flows in A: received, offered, accepted, contacted, and its worker moves.
      const { body } = await postCase(t.url, seedA.apiKeys[0].key, newIntake110({ townshipCode: seedA.code, origin: ORIGIN_A, callerName: '上官甲先生', callerPhone: '13911114444', address: '甲乡街道槐树弄3号', description: '甲乡邻里停车纠纷' })).expect(201);
      const id: string = body.incidentId;
      const offered = await newsA.next((i) => i.id === id && i.state === 'offered' && i.worker !== null);
      const code = seedA.workers.find((w) => w.name === offered.worker?.name)?.code;
      const holder = (await loginAs(t.url, seedA, 'worker', code)).token;
      await request(t.url).post(API.accept(id)).set(bearer(holder)).send({}).expect(200);
      await request(t.url).post(API.callAttempt(id)).set(bearer(holder)).send({ answered: true, durationSeconds: 30 }).expect(201);
      await request(t.url).post(API.contact(id)).set(bearer(holder)).send({}).expect(200);
      await request(t.url).post(API.myPosition).set(bearer(holder)).send(pointAt(120, 510, ORIGIN_A)).expect(200);
      await newsA.next((i) => i.id === id && i.state === 'contacted');
      // Moves are announced once their batch is written: after this, A's rows are at rest for the sweep.
      await movesA.next((moves) => moves.some((m) => m.workerId === offered.worker?.id));

      // Then news of B's own case: whatever of A's news B's sockets were going to get was sent before it.
      const marks = { operator: heardB.operator.length, station: heardB.station.length, worker: heardB.worker.length, admin: regionB.admin.length, district: regionB.district.length };
      const allB = { ...heardB, ...regionB };
      await request(t.url).post(API.callAttempt(caseB)).set(bearer(tokenOf('worker of B'))).send({ answered: false }).expect(201);
      for (const role of ['operator', 'station', 'worker', 'admin', 'district'] as const) {
        await until(
          () => Promise.resolve(allB[role].slice(marks[role])),
          (news) => news.some((n) => n.event === 'incident.upserted' && n.payload.includes(caseB)),
          `B's ${role} socket hearing of B's case`,
        );
      }
      // A round trip on the leader's socket: news sent to it before now has arrived before the answer.
      await leaderSocket.timeout(STATE_WAIT_MS).emitWithAck(SOCKET_EVENTS.ping, Date.now());

      const secrets = await secretsOf(pg, idA, idB, JSON.stringify(doc));
      const heard = [...Object.values(allB).flat(), ...leaderB];
      const detector = new LeakDetector(secrets);
      const leaks = heard.map((n) => ({ n, leak: detector.found(Buffer.from(n.payload, 'utf8')) })).filter((x) => x.leak.bytes > 0);
      console.log(
        `route sweep (sockets): A's operator heard ${newsA.items.length} incident updates and ${movesA.items.length} moves; B's operator, station, worker, leader, admin and district sockets heard ` +
          `${heard.length} events (${[...new Set(heard.map((n) => n.event))].join(', ')}), ${leaks.reduce((sum, x) => sum + x.leak.bytes, 0)} bytes of A's data`,
      );
      expect(leaks.map((x) => `${x.n.event}: ${x.leak.found.join(', ')}`)).toEqual([]);
      expect(heard.some((n) => n.payload.includes(id))).toBe(false);
      expect(leaderB.map((n) => n.event)).toEqual([]);
    } finally {
      sockets.forEach((socket) => socket.disconnect());
    }
  });

  it('refuses every route to whoever the document does not name, keeps B from A, and reaches the handler for A', async () => {
    const started = Date.now();
    const routes = documentedRoutes(doc);
    const failures: string[] = [];
    const guessed = new Set<string>();

    // Public routes: only those named above, with their reason.
    const documented = new Set(routes.map(routeName));
    const publicFound = routes.filter((r) => r.access === null).map(routeName);
    for (const name of publicFound) if (!isPublic(name)) failures.push(`${name} names no access (x-xiaonao-access) and is not in PUBLIC_ROUTES`);
    const undocumented = servedRoutes(t.hub.app).filter((r) => !documented.has(routeName(r)));
    for (const r of undocumented.filter((x) => !isPublic(routeName(x)))) {
      // A catch-all (Nest's answer for unknown paths) is probed at a path nobody serves: it must find nothing.
      const wildcard = r.path.includes('*');
      const status = (await request(t.url)[r.method](wildcard ? `/api/route-sweep-${randomUUID()}` : r.path)).status;
      tally.tried++;
      if (status === 401 || (wildcard && status === 404)) tally.denials++;
      else failures.push(`${routeName(r)} is served outside the OpenAPI document and answers ${status} without credentials (want 401, or document it)`);
    }

    const secrets = await secretsOf(pg, idA, idB, JSON.stringify(doc));
    fixture = { ...fixture, objectIds: secrets.ids };
    const leaks = new LeakDetector(secrets);
    const ownData = new LeakDetector(secrets);
    const guarded = routes.filter((r): r is SweptRoute & { access: Access[] } => r.access !== null);

    // Pass 1: everyone who must be refused or kept out. Outsiders (B, nobody) change nothing of A's;
    // A's own callers with the wrong role leave only the records of their own refusal and session.
    const fingerprintA = () => fingerprint(pg, idA, BACKGROUND);
    // A failure names the news that appeared, so background work can be told from a refused request's write.
    const lastOutboxId = async () => Number((await pg.query<{ n: string }>('SELECT coalesce(max(id), 0) AS n FROM outbox')).rows[0].n);
    const newsSince = async (id: number) =>
      (await pg.query<{ e: string }>(`SELECT envelope->>'event' AS e FROM outbox WHERE id > $1 AND township_id = $2 ORDER BY id`, [id, idA])).rows.map((r) => r.e).join(', ');
    // Background work of A's fixture settles first: the paging chains of its pending offers (steps seconds
    // apart, each a page.updated) have run out, and the camera case's count has gone out as news.
    await until(
      async () => Number((await pg.query<{ n: string }>(`SELECT count(*) AS n FROM page_attempt WHERE township_id = $1 AND (status IN ('scheduled', 'sending') OR next_check_at IS NOT NULL)`, [idA])).rows[0].n),
      (n) => n === 0,
      'the paging of A’s offers to run out',
    );
    await until(async () => (await pg.query(`SELECT 1 FROM outbox WHERE township_id = $1 AND envelope->>'event' = 'camera.counted'`, [idA])).rowCount ?? 0, (n) => n > 0, 'the camera count sent');
    const passStart = await lastOutboxId();
    const before = await fingerprintA();
    let fpBefore = before;
    for (const route of guarded) {
      for (const insiders of [false, true]) {
        const sent = callers
          .filter((c) => (c.township === 'A') === insiders)
          .map((caller) => ({ caller, expected: expectationFor(route.access, caller), req: buildRequest(doc, route, fixture) }))
          .filter((x): x is typeof x & { expected: Exclude<Expected, 'own'> } => x.expected !== 'own');
        sent.forEach((x) => x.req.guessed.forEach((g) => guessed.add(g)));
        if (!insiders) sent.forEach((x) => leaks.sent(x.req.url + (x.req.body ?? '')));
        // One phase's callers at once: the fingerprints around the phase judge them together.
        const answers = await Promise.all(sent.map((x) => sendAs(x.req, x.caller)));
        sent.forEach((x, i) => failures.push(...judge(x.req, x.caller, x.expected, answers[i], leaks)));
        const fpAfter = await fingerprintA();
        const changed = changedTables(fpBefore, fpAfter, insiders ? OWN_RECORDS : []);
        if (changed.length) failures.push(`${routeName(route)}: refused ${insiders ? 'callers of A' : 'callers of B or nobody'} changed A's ${changed.join(', ')} (news since the pass began: ${await newsSince(passStart)})`);
        fpBefore = fpAfter;
      }
    }
    const changedInPass = changedTables(before, await fingerprintA(), OWN_RECORDS);
    if (changedInPass.length) failures.push(`A's ${changedInPass.join(', ')} changed while only refused callers were sent`);
    // Pass 2: A's allowed callers reach the handler (any answer but 401 or 403: a 400 for a minimal body is fine).
    for (const route of guarded) {
      for (const caller of callers.filter((c) => expectationFor(route.access, c) === 'own')) {
        const answer = await sendAs(buildRequest(doc, route, fixture), caller);
        count(statuses.own, answer.status);
        // The detector must see A's data where it belongs, or its 0 for B would prove nothing.
        tally.ownBytes += ownData.found(answer.body).bytes;
        if (answer.status === 401 || answer.status === 403 || answer.status >= 500) failures.push(`${routeName(route)} as ${caller.name} (allowed): ${answer.status} ${answer.body.toString('utf8').slice(0, 200)}`);
        else tally.reached++;
      }
    }

    const crossed = await sharedIds(pg, idA, idB);
    if (crossed.length) failures.push(`rows of both townships hold the ids ${crossed.join(', ')}`);

    console.log(`route sweep: guessed parameters: ${[...guessed].join('; ') || 'none'}`);
    console.log(`route sweep: public routes: ${[...publicFound, ...undocumented.map(routeName).filter(isPublic)].join(', ')}`);
    console.log(
      `route sweep: ${routes.length} routes found (${guarded.length} guarded, ${publicFound.length} public; ${undocumented.length} more served outside the document), ` +
        `${tally.tried} route × credential requests, ${tally.denials} denials, ${tally.reached} reached the handler as A's allowed roles, ` +
        `${tally.wrong2xx} 2xx for wrong roles or B on A's objects, ${tally.leaked} bytes of the other township's data returned ` +
        `(${tally.foreign2xxOwnTownship} 2xx for B on its own township, ${tally.sessionsRenewed} sessions signed in again after logout), ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    console.log(`route sweep: B's allowed roles on A's objects answered ${histogram(statuses.foreignOnObjects)}; A's allowed roles answered ${histogram(statuses.own)}`);
    console.log(`route sweep: A's data looked for: ${secrets.ids.size} ids and ${secrets.values.length - secrets.ids.size - 1} names, numbers, addresses and codes; found ${tally.ownBytes} bytes of it in A's own answers`);
    expect(failures).toEqual([]);
    expect(tally.wrong2xx).toBe(0);
    expect(tally.leaked).toBe(0);
    expect(tally.ownBytes).toBeGreaterThan(0);
  });
});