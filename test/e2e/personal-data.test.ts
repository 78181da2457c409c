/**
 * Personal data shown only to who needs it (docs/personal-data.md): a case goes through a whole day
 * (110 → offer → accept → contact → arrive → close) while the station, the console, a NATS follower of
 * the township and the hub's log watch. The caller's full number reaches the worker holding the case
 * and an operator who asks with a reason, and nobody else; every reveal, export and track read is in an
 * append-only access log; a worker's track is read only by who may, and not past its retention.
 */
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Client } from 'pg';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, PRIVACY_API, REPORT_API, type IncidentView, type OfferView, type PersonalDataAccessPage, type RevealCallerPhoneAnswer, type WorkerTrackView } from '@xiaonao/contracts';
import { bearer, connectSocket, Inbox, loginAs, postCase, until, type HubSocket } from '../support/clients';
import { newIntake110, newTownshipSeed } from '../support/factories';
import { startTestHub, TEST_NATS_URL, type TestHub } from '../support/hub';
import { MovableClock } from '../support/movable-clock';

/** The caller's number in this suite: nowhere else in the seed, so any occurrence of it is a leak. */
const PHONE = '13912342345';
const MASKED = '139****2345';

const occurrences = (text: string) => text.split(PHONE).length - 1;
const countIn = (items: readonly unknown[]) => items.reduce<number>((n, item) => n + occurrences(typeof item === 'string' ? item : JSON.stringify(item)), 0);

/** Where the hub's pino logger writes in this suite: every line kept, as written. */
class CapturedLog {
  readonly lines: string[] = [];

  write(line: string): void {
    this.lines.push(line);
  }
}

/** Everything a socket hears, as JSON text. */
function tap(socket: HubSocket): string[] {
  const heard: string[] = [];
  socket.onAny((event: string, ...args: unknown[]) => heard.push(JSON.stringify([event, ...args])));
  return heard;
}

interface AccessRow {
  township_id: string;
  at: Date;
  actor_user_id: string;
  actor_username: string;
  actor_role: string;
  action: string;
  subject_kind: string;
  subject_id: string;
  reason: string | null;
  remote_address: string | null;
  request_id: string | null;
  detail: Record<string, unknown>;
}

describe('personal data shown only to who needs it', () => {
  const seed = newTownshipSeed({ code: `pd${Date.now().toString(36)}`, workers: 2 });
  // W2 off duty: every case goes to W1.
  seed.workers[1].onDuty = false;
  const clock = new MovableClock();
  const log = new CapturedLog();
  let t: TestHub;
  let pg: Client;
  let nc: NatsConnection;
  const nats: string[] = [];
  const sockets: HubSocket[] = [];
  let operator: { token: string; userId: string; username: string; heard: string[] };
  let station: { token: string; heard: string[] };
  let worker: { token: string; id: string; heard: string[]; offers: Inbox<'offer.created'> };
  let w2: { token: string; id: string };
  let incidentId = '';

  const get = (path: string, token: string) => request(t.url).get(path).set(bearer(token));
  const post = (path: string, token: string, body: object = {}) => request(t.url).post(path).set(bearer(token)).send(body);
  const accessRows = async (action?: string) =>
    (await pg.query<AccessRow>(`SELECT * FROM personal_data_access ${action ? 'WHERE action = $1' : ''} ORDER BY id`, action ? [action] : [])).rows;

  beforeAll(async () => {
    // The first hub of this process: nestjs-pino keeps its logger (and this destination) for the whole file.
    t = await startTestHub({ seed, clock, logDestination: log, env: { LOG_LEVEL: 'debug', LOG_FORMAT: 'json', OFFER_TIMEOUT_MS: '60000', FAIRNESS_SECONDS_PER_CASE: '0' } });
    pg = new Client({ connectionString: t.databaseUrl });
    await pg.connect();
    // Another process following the township, as a district platform would.
    nc = await connect({ servers: TEST_NATS_URL });
    nc.subscribe(`xiaonao.${seed.code}.>`, { callback: (_e, msg) => void nats.push(msg.string()) });

    const o = await loginAs(t.url, seed, 'operator');
    const os = await connectSocket(t.url, o.token);
    operator = { token: o.token, userId: o.user.id, username: o.user.username, heard: tap(os) };
    const s = await loginAs(t.url, seed, 'station');
    const ss = await connectSocket(t.url, s.token);
    station = { token: s.token, heard: tap(ss) };
    const w = await loginAs(t.url, seed, 'worker', 'W1');
    const ws = await connectSocket(t.url, w.token);
    worker = { token: w.token, id: w.user.workerId ?? '', heard: tap(ws), offers: new Inbox(ws, 'offer.created') };
    const w2Login = await loginAs(t.url, seed, 'worker', 'W2');
    w2 = { token: w2Login.token, id: w2Login.user.workerId ?? '' };
    sockets.push(os, ss, ws);
  });

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await nc?.drain();
    await pg?.end();
    await t?.close();
  });

  it('shows the full number to the worker holding the case and to nobody else through a whole day', async () => {
    const stationViews: unknown[] = [];
    const operatorViews: unknown[] = [];
    const holderViews: unknown[] = [];
    /** What the station and the console see of the case at this moment. */
    const look = async () => {
      stationViews.push((await get(API.incidents, station.token).expect(200)).body, (await get(API.incident(incidentId), station.token).expect(200)).body);
      operatorViews.push(
        (await get(API.incidents, operator.token).expect(200)).body,
        (await get(API.incident(incidentId), operator.token).expect(200)).body,
        (await get(REPORT_API.incidentReports(incidentId), operator.token).expect(200)).body,
      );
    };

    const created = await postCase(t.url, t.apiKey, newIntake110({ townshipCode: seed.code, callerPhone: PHONE })).expect(201);
    incidentId = created.body.incidentId as string;
    const intakeAnswer: unknown = created.body;
    expect(created.body.incident).toMatchObject({ callerPhone: MASKED, callerPhoneMasked: true });

    // Offered: the worker sees the masked number until they accept.
    const offer = await worker.offers.next((o) => o.incidentId === incidentId);
    expect(offer.incident).toMatchObject({ callerPhone: MASKED, callerPhoneMasked: true });
    const pending = (await get(API.myOffers, worker.token).expect(200)).body as OfferView[];
    expect(pending.find((o) => o.incidentId === incidentId)?.incident.callerPhone).toBe(MASKED);
    await look();

    // Accepted: the holder's own views carry the full number, for the phone's call link.
    const accepted = (await post(API.accept(incidentId), worker.token).expect(200)).body as IncidentView;
    expect(accepted).toMatchObject({ state: 'accepted', callerPhone: PHONE, callerPhoneMasked: false });
    const mine = (await get(API.incidents, worker.token).expect(200)).body as IncidentView[];
    expect(mine.find((i) => i.id === incidentId)).toMatchObject({ callerPhone: PHONE, callerPhoneMasked: false });
    holderViews.push(accepted, mine, (await get(API.incident(incidentId), worker.token).expect(200)).body);
    // Another worker of the township sees nothing of the case.
    await get(API.incident(incidentId), w2.token).expect(404);
    await look();

    const called = (await post(API.callAttempt(incidentId), worker.token, { answered: true, durationSeconds: 40 }).expect(201)).body as IncidentView;
    const contacted = (await post(API.contact(incidentId), worker.token).expect(200)).body as IncidentView;
    const arrived = (await post(API.arrive(incidentId), worker.token).expect(200)).body as IncidentView;
    holderViews.push(called, contacted, arrived);
    for (const view of [called, contacted, arrived]) expect(view.callerPhone).toBe(PHONE);
    await look();

    // Closed: the worker no longer holds the case, and the number goes back to masked for them too.
    const closed = (await post(API.close(incidentId), worker.token, { result: '双方已调解' }).expect(200)).body as IncidentView;
    expect(closed).toMatchObject({ state: 'closed', callerPhone: MASKED, callerPhoneMasked: true });
    await look();

    // Everyone has heard the close: the station and the console on their sockets, the township on NATS.
    const heardClosed = (heard: string[]) => heard.some((h) => h.includes(incidentId) && h.includes('"state":"closed"'));
    await until(
      () => Promise.resolve([heardClosed(station.heard), heardClosed(operator.heard), nats.some((m) => m.includes(incidentId) && m.includes('"incident.closed"'))]),
      (v) => v.every(Boolean),
      'the close heard everywhere',
    );
    stationViews.push((await get(API.myMissed(0), station.token).expect(200)).body);
    operatorViews.push((await get(API.myMissed(0), operator.token).expect(200)).body);

    const counts = {
      'station views (REST, catch-up)': countIn(stationViews),
      'station socket': countIn(station.heard),
      'operator views before reveal (REST, reports, catch-up)': countIn(operatorViews),
      'operator socket': countIn(operator.heard),
      'NATS payloads': countIn(nats),
      'hub log lines': countIn(log.lines),
      '110 answer': countIn([intakeAnswer]),
      'worker socket (news)': countIn(worker.heard),
      'holding worker views (expected > 0)': countIn(holderViews),
    };
    console.log(`unmasked caller numbers per channel after a day of case ${incidentId}:\n${Object.entries(counts).map(([k, n]) => `  ${k}: ${n}`).join('\n')}`);
    expect(log.lines.length).toBeGreaterThan(0);
    expect(nats.length).toBeGreaterThan(5);
    expect(counts).toEqual({
      'station views (REST, catch-up)': 0,
      'station socket': 0,
      'operator views before reveal (REST, reports, catch-up)': 0,
      'operator socket': 0,
      'NATS payloads': 0,
      'hub log lines': 0,
      '110 answer': 0,
      'worker socket (news)': 0,
      'holding worker views (expected > 0)': expect.any(Number),
    });
    expect(counts['holding worker views (expected > 0)']).toBeGreaterThan(0);
    // The masked form is what everyone else was shown.
    expect(JSON.stringify(stationViews)).toContain(MASKED);
    expect(nats.join('\n')).toContain(MASKED);
  });

  it('reveals the number to an operator who gives a reason, and logs exactly that, once', async () => {
    expect(await accessRows('reveal_phone')).toEqual([]);
    const reveal = PRIVACY_API.revealCallerPhone(incidentId);
    for (const body of [{}, { reason: '' }, { reason: '   ' }, { reason: '\u200b\u200b\u200b' }, { reason: '查' }, { reason: 42 }]) {
      const res = await post(reveal, operator.token, body).expect(400);
      expect(res.body).toMatchObject({ code: 'INVALID_INPUT', field: 'reason' });
    }
    await post(reveal, station.token, { reason: '派出所回访' }).expect(403);
    await post(reveal, worker.token, { reason: '再次联系当事人' }).expect(403);
    await request(t.url).post(reveal).send({ reason: '回访' }).expect(401);
    expect(await accessRows('reveal_phone')).toEqual([]);

    const before = clock.now().getTime();
    const res = await request(t.url).post(reveal).set(bearer(operator.token)).set('X-Request-Id', 'pd-reveal-1').send({ reason: '回访当事人，核实处置结果' }).expect(200);
    const answer = res.body as RevealCallerPhoneAnswer;
    expect(answer).toMatchObject({ incidentId, reportId: null, callerPhone: PHONE });

    const rows = await accessRows('reveal_phone');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      township_id: t.hub.townships.find((x) => x.code === seed.code)?.id,
      actor_user_id: operator.userId,
      actor_username: operator.username,
      actor_role: 'operator',
      subject_kind: 'incident',
      subject_id: incidentId,
      reason: '回访当事人，核实处置结果',
      request_id: 'pd-reveal-1',
    });
    expect(rows[0].remote_address).toMatch(/127\.0\.0\.1/);
    expect(rows[0].at.getTime()).toBeGreaterThanOrEqual(before);
    expect(rows[0].at.getTime()).toBeLessThanOrEqual(clock.now().getTime());

    // One of the case's reports: its own caller, logged as the report.
    const reports = (await get(REPORT_API.incidentReports(incidentId), operator.token).expect(200)).body as { reports: { id: string; callerPhone: string }[] };
    expect(reports.reports[0].callerPhone).toBe(MASKED);
    const byReport = (await post(reveal, operator.token, { reason: '核对报警记录', reportId: reports.reports[0].id }).expect(200)).body as RevealCallerPhoneAnswer;
    expect(byReport).toMatchObject({ reportId: reports.reports[0].id, callerPhone: PHONE });
    expect((await accessRows('reveal_phone')).map((r) => [r.subject_kind, r.subject_id])).toEqual([
      ['incident', incidentId],
      ['report', reports.reports[0].id],
    ]);

    // Operators review the log, newest first, a page at a time; stations and workers may not.
    const page = (await get(PRIVACY_API.accessLog({ limit: 1 }), operator.token).expect(200)).body as PersonalDataAccessPage;
    expect(page.entries).toHaveLength(1);
    expect(page.entries[0]).toMatchObject({ action: 'reveal_phone', subject: { kind: 'report' }, reason: '核对报警记录', actor: { username: operator.username, role: 'operator' } });
    const next = (await get(PRIVACY_API.accessLog({ limit: 1, before: page.nextBefore ?? undefined }), operator.token).expect(200)).body as PersonalDataAccessPage;
    expect(next.entries[0]).toMatchObject({ id: answer.accessId, subject: { kind: 'incident', id: incidentId }, requestId: 'pd-reveal-1' });
    await get(PRIVACY_API.accessLog(), station.token).expect(403);
    await get(PRIVACY_API.accessLog(), worker.token).expect(403);
  });

  it('refuses to change or delete the access log, in the database itself', async () => {
    const count = (await accessRows()).length;
    expect(count).toBeGreaterThan(0);
    await expect(pg.query(`UPDATE personal_data_access SET reason = 'nothing to see'`)).rejects.toThrow(/append-only/);
    await expect(pg.query('DELETE FROM personal_data_access')).rejects.toThrow(/append-only/);
    await expect(pg.query('TRUNCATE personal_data_access')).rejects.toThrow(/append-only/);
    expect((await accessRows()).length).toBe(count);
  });

  it('exports a timeline without the caller’s number, and logs each export', async () => {
    for (const [token, format] of [
      [station.token, 'json'],
      [operator.token, 'csv'],
    ] as const) {
      const res = await get(API.timelineExport(incidentId, format), token).buffer(true).parse((r, done) => {
        let text = '';
        r.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        r.on('end', () => done(null, text));
      });
      expect(res.status).toBe(200);
      expect(occurrences(String(res.body))).toBe(0);
    }
    const rows = await accessRows('export_timeline');
    expect(rows.map((r) => [r.actor_role, r.subject_id, r.detail.format])).toEqual([
      ['station', incidentId, 'json'],
      ['operator', incidentId, 'csv'],
    ]);
  });

  it('lets a worker read their own track, an operator with a reason, and a station never, logging each read', async () => {
    const at = clock.now().getTime();
    for (let i = 0; i < 3; i++) {
      await post(API.myPosition, worker.token, { lng: 120.502 + i * 0.0005, lat: 30.285, coordSystem: 'WGS84', at: new Date(at - (3 - i) * 1000).toISOString() }).expect(200);
    }
    await until(async () => Number((await pg.query('SELECT count(*) AS n FROM worker_track WHERE worker_id = $1', [worker.id])).rows[0].n), (n) => n >= 3, 'the fixes in the track');
    const readsBefore = (await accessRows('read_track')).length;

    const own = (await get(PRIVACY_API.workerTrack('me'), worker.token).expect(200)).body as WorkerTrackView;
    expect(own).toMatchObject({ workerId: worker.id, retentionHours: 72, truncated: false });
    expect(own.points.length).toBeGreaterThanOrEqual(3);
    await get(PRIVACY_API.workerTrack(worker.id), worker.token).expect(200);
    await get(PRIVACY_API.workerTrack(w2.id), worker.token).expect(403);

    const noReason = await get(PRIVACY_API.workerTrack(worker.id), operator.token).expect(400);
    expect(noReason.body).toMatchObject({ code: 'INVALID_INPUT', field: 'reason' });
    await get(PRIVACY_API.workerTrack(worker.id, { reason: ' ' }), operator.token).expect(400);
    await get(PRIVACY_API.workerTrack(worker.id, { reason: '核实到场投诉' }), station.token).expect(403);
    await get(PRIVACY_API.workerTrack('not-a-worker', { reason: '核实到场投诉' }), operator.token).expect(400);
    const read = (await get(PRIVACY_API.workerTrack(worker.id, { reason: '核实到场投诉' }), operator.token).expect(200)).body as WorkerTrackView;
    expect(read.points.map((p) => p.at)).toEqual(own.points.map((p) => p.at));

    const reads = (await accessRows('read_track')).slice(readsBefore);
    expect(reads.map((r) => [r.actor_role, r.subject_id, r.reason])).toEqual([
      ['worker', worker.id, null],
      ['worker', worker.id, null],
      ['operator', worker.id, '核实到场投诉'],
    ]);
  });

  it('forgets track points older than TRACK_RETENTION_HOURS: unreadable at once, deleted by the sweeper', async () => {
    const kept = async () => Number((await pg.query('SELECT count(*) AS n FROM worker_track WHERE worker_id = $1', [worker.id])).rows[0].n);
    expect(await kept()).toBeGreaterThan(0);
    clock.advance(73 * 3_600_000);
    // Sessions are judged by the hub's clock: sign in again after three days.
    const token = (await loginAs(t.url, seed, 'worker', 'W1')).token;
    const operatorToken = (await loginAs(t.url, seed, 'operator')).token;
    const own = (await get(PRIVACY_API.workerTrack('me'), token).expect(200)).body as WorkerTrackView;
    expect(own.points).toEqual([]);
    const asked = (await get(PRIVACY_API.workerTrack(worker.id, { from: new Date(clock.now().getTime() - 100 * 3_600_000).toISOString(), reason: '核实三天前的轨迹' }), operatorToken).expect(200)).body as WorkerTrackView;
    expect(asked.points).toEqual([]);
    expect(Date.parse(asked.from)).toBe(Date.parse(asked.to) - 72 * 3_600_000);
    await until(kept, (n) => n === 0, 'the sweeper pruning the old track');
  });
});
