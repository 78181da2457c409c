import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from 'pg';
import request from 'supertest';
import {
  API,
  PLACES_API,
  REPORT_API,
  type IncidentDetailView,
  type Intake110Request,
  type IncidentReportsView,
  type IncidentView,
  type OperatorEntryRequest,
  type PatrolReportAnswer,
  type PatrolReportRequest,
  type ReportAnswer,
  type SplitReportAnswer,
} from '@xiaonao/contracts';
import { distanceMeters, type TimelineVerdict } from '@xiaonao/domain';
import { bearer, loginAs, postCase, sleep, until } from '../support/clients';
import { newIntake110, newTownshipSeed } from '../support/factories';
import { startTestHub, type TestHub } from '../support/hub';
import { jpegBytes, jpegDataUrl, newOperatorEntry, newPatrolReport, oversizedJpeg, pointAt, testGazetteerCsv, testTown } from '../support/report-factories';

const CASE_NO = { operator: /^ZH-\d{8}-\d{4}$/, patrol: /^XC-\d{8}-\d{4}$/ };

describe('operator entry, patrol reports, placement from an address, and reports of one event', () => {
  let t: TestHub;
  let pg: Client;
  let operator: string;
  let operatorB: string;
  let reporter: { token: string; workerId: string };
  let walker: string;
  const townB = newTownshipSeed({ code: 'townb', origin: { lng: 120.6, lat: 30.35 } });

  const enter = (body: OperatorEntryRequest | Record<string, unknown>, token = operator) => request(t.url).post(REPORT_API.operatorEntry).set(bearer(token)).send(body);
  const patrol = (body: PatrolReportRequest | Record<string, unknown>, token = reporter.token) => request(t.url).post(REPORT_API.patrolReport).set(bearer(token)).send(body);
  const detail = async (id: string): Promise<IncidentDetailView> => (await request(t.url).get(API.incident(id)).set(bearer(operator)).expect(200)).body as IncidentDetailView;
  const reportsOf = async (id: string): Promise<IncidentReportsView> => (await request(t.url).get(REPORT_API.incidentReports(id)).set(bearer(operator)).expect(200)).body as IncidentReportsView;
  const counts = async () => {
    const { rows } = await pg.query<{ incidents: number; reports: number; photos: number; numbers: number }>(
      `SELECT (SELECT count(*)::int FROM incident) AS incidents, (SELECT count(*)::int FROM incident_report) AS reports,
              (SELECT count(*)::int FROM report_photo) AS photos, (SELECT coalesce(sum(last), 0)::int FROM case_number_counter) AS numbers`,
    );
    return rows[0];
  };
  /** Dispatch runs after the answer: wait for the case to be offered to someone. */
  function offered(id: string): Promise<IncidentDetailView> {
    return until(() => detail(id), (d) => d.state !== 'received', `case ${id} dispatched`);
  }

  beforeAll(async () => {
    t = await startTestHub({
      seed: newTownshipSeed({ workers: 12 }),
      extraSeeds: [townB],
      env: { REPORT_LINK_RADIUS_M: '150', REPORT_LINK_WINDOW_SECONDS: '1800', OFFER_TIMEOUT_MS: '60000' },
    });
    pg = new Client({ connectionString: t.databaseUrl });
    await pg.connect();
    operator = (await loginAs(t.url, t.seed, 'operator')).token;
    operatorB = (await loginAs(t.url, townB, 'operator')).token;
    const w1 = await loginAs(t.url, t.seed, 'worker', 'W1');
    reporter = { token: w1.token, workerId: w1.user.workerId ?? '' };
    walker = (await loginAs(t.url, t.seed, 'worker', 'W12')).token;
    await request(t.url).post(PLACES_API.import).set(bearer(operator)).send({ format: 'csv', coordSystem: 'WGS84', content: testGazetteerCsv() }).expect(200);
  });

  afterAll(async () => {
    await pg?.end();
    await t?.close();
  });

  describe('a worker’s patrol report', () => {
    it('makes a site-check case with its photo, numbered XC-, which the reporter takes at once', async () => {
      const res = await patrol(newPatrolReport({ photo: jpegDataUrl(), takeIt: true })).expect(201);
      const answer = res.body as PatrolReportAnswer;
      expect(answer).toMatchObject({ linked: false, taken: true, incident: { source: 'patrol', state: 'accepted', contactKind: 'site_check', worker: { id: reporter.workerId } } });
      expect(answer.caseNo).toMatch(CASE_NO.patrol);
      expect(answer.incident.caseNo).toBe(answer.caseNo);
      expect(answer.incident.callerPhone).toBe('');
      const reports = await reportsOf(answer.incident.id);
      expect(reports).toMatchObject({ count: 1, sources: ['patrol'], reports: [{ id: answer.reportId, role: 'origin', reportedBy: expect.stringMatching(/^worker:/) }] });
      const photoUrl = reports.reports[0].photoUrl ?? '';
      const photo = await request(t.url).get(photoUrl).set(bearer(operator)).buffer(true).expect(200);
      expect(photo.headers['content-type']).toBe('image/jpeg');
      expect(Buffer.compare(photo.body as Buffer, jpegBytes())).toBe(0);
      const timeline = (await detail(answer.incident.id)).timeline.map((e) => [e.type, e.source]);
      expect(timeline).toEqual([
        ['received', 'phone'],
        ['offered', 'phone'],
        ['accepted', 'phone'],
      ]);
    });

    it('takes the photo as a multipart upload, the way the phone sends the camera’s file', async () => {
      const before = await counts();
      const res = await request(t.url)
        .post(REPORT_API.patrolReport)
        .set(bearer(walker))
        .field('report', JSON.stringify(newPatrolReport({ category: 'stray_animal', position: { ...pointAt(1_700, 300) } })))
        .attach('photo', jpegBytes(50_000), { filename: 'IMG_0001.jpg', contentType: 'image/jpeg' })
        .expect(201);
      const answer = res.body as PatrolReportAnswer;
      // Stray animals wait for an operator in the test table; nobody takes them at once.
      expect(answer).toMatchObject({ linked: false, taken: false, incident: { source: 'patrol', awaitingConfirmation: true } });
      expect(await counts()).toMatchObject({ incidents: before.incidents + 1, reports: before.reports + 1, photos: before.photos + 1 });
    });

    it('refuses a photo over 2 MB, naming photo, and stores nothing', async () => {
      const before = await counts();
      const res = await request(t.url)
        .post(REPORT_API.patrolReport)
        .set(bearer(walker))
        .field('report', JSON.stringify(newPatrolReport({ position: pointAt(1_700, 320) })))
        .attach('photo', oversizedJpeg(), { filename: 'big.jpg', contentType: 'image/jpeg' });
      expect(res.status).toBe(413);
      expect(res.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', field: 'photo' });
      expect(res.body.message).toMatch(/照片不能超过 2 MB/);
      expect(await counts()).toEqual(before);
    });

    it('refuses a photo that is no image, and a position outside the township, naming the field', async () => {
      const before = await counts();
      const svg = `data:image/jpeg;base64,${Buffer.from('<svg onload="alert(1)"/>').toString('base64')}`;
      expect((await patrol(newPatrolReport({ photo: svg }), walker).expect(400)).body.field).toBe('photo');
      expect((await patrol(newPatrolReport({ position: { lng: 121.4, lat: 31.2 } }), walker).expect(400)).body.field).toBe('position');
      expect((await patrol(newPatrolReport({ category: 'theft' }), walker).expect(422)).body.field).toBe('category');
      expect(await counts()).toEqual(before);
    });

    it('is a worker’s door only', async () => {
      await patrol(newPatrolReport(), operator).expect(403);
      await request(t.url).post(REPORT_API.patrolReport).send(newPatrolReport()).expect(401);
    });
  });

  describe('an operator’s entry', () => {
    it('with a point: numbered ZH-, a party to call, and dispatched', async () => {
      const res = await enter(newOperatorEntry({ location: pointAt(400, 200) })).expect(201);
      const answer = res.body as ReportAnswer;
      expect(answer).toMatchObject({ linked: false, incident: { source: 'operator', contactKind: 'party', placement: null, callerPhone: '139****0000', callerPhoneMasked: true } });
      expect(answer.caseNo).toMatch(CASE_NO.operator);
      const d = await offered(answer.incident.id);
      expect(d.state).toBe('offered');
      expect(d.timeline[0]).toMatchObject({ type: 'received', source: 'console', detail: { channel: 'phone' } });
    });

    it('with only an address that matches well: placed at the place, and dispatched', async () => {
      const res = await enter(newOperatorEntry({ location: undefined, coordSystem: undefined, address: `${testTown()}河庄农贸市场门口`, category: 'other', channel: 'walk_in' })).expect(201);
      const incident = (res.body as ReportAnswer).incident;
      expect(incident.placement).toMatchObject({ needsConfirmation: false, placeName: '河庄农贸市场' });
      expect(incident.placement?.confidence).toBeGreaterThanOrEqual(0.6);
      expect(distanceMeters(incident.location, { lng: 120.505, lat: 30.285 })).toBeLessThan(1);
      expect(incident.grid?.code).toBe('G1');
      expect((await offered(incident.id)).state).toBe('offered');
    });

    it('with a weak match: waits for the point to be confirmed, then is dispatched', async () => {
      const res = await enter(newOperatorEntry({ location: undefined, address: `${testTown()}新围村12组99号`, category: 'elderly_help' })).expect(201);
      const incident = (res.body as ReportAnswer).incident;
      expect(incident).toMatchObject({ state: 'received', awaitingConfirmation: true, placement: { needsConfirmation: true } });
      expect(incident.placement?.confidence).toBeLessThan(0.6);
      await sleep(400);
      expect((await detail(incident.id)).state).toBe('received');
      // Dispatch is not confirmed past an unconfirmed point.
      await request(t.url).post(API.confirmDispatch(incident.id)).set(bearer(operator)).send({}).expect(409);

      const corrected = pointAt(1_350, 400);
      const confirmed = await request(t.url).post(REPORT_API.confirmPoint(incident.id)).set(bearer(operator)).send({ location: corrected }).expect(200);
      expect((confirmed.body as IncidentView).placement).toMatchObject({ needsConfirmation: false });
      expect(distanceMeters((confirmed.body as IncidentView).location, corrected)).toBeLessThan(0.5);
      // Moved across the grid line: placed in its grid again.
      expect((confirmed.body as IncidentView).grid?.code).toBe('G2');
      const d = await offered(incident.id);
      expect(d.state).toBe('offered');
      expect(d.timeline.find((e) => e.type === 'point_confirmed')).toMatchObject({ source: 'console', detail: { moved: true } });
      await request(t.url).post(REPORT_API.confirmPoint(incident.id)).set(bearer(operator)).send({}).expect(409);
    });

    it('confirms a suggested point as it is', async () => {
      const res = await enter(newOperatorEntry({ location: undefined, address: `${testTown()}新围村12组77号`, category: 'noise' })).expect(201);
      const incident = (res.body as ReportAnswer).incident;
      const confirmed = (await request(t.url).post(REPORT_API.confirmPoint(incident.id)).set(bearer(operator)).send({}).expect(200)).body as IncidentView;
      expect(confirmed.location).toEqual(incident.location);
      expect((await offered(incident.id)).state).toBe('offered');
    });

    it('refuses an address the gazetteer cannot place, naming address, and stores nothing', async () => {
      const before = await counts();
      const res = await enter(newOperatorEntry({ location: undefined, address: '钱江世纪城奥体中心' })).expect(422);
      expect(res.body).toMatchObject({ code: 'PLACE_NOT_FOUND', field: 'address' });
      expect(res.body.message).toContain('location');
      expect((await enter(newOperatorEntry({ location: undefined })).expect(400)).body.field).toBe('address');
      expect(await counts()).toEqual(before);
    });
  });

  describe('reports of one event', () => {
    const site = pointAt(1_500, 800);
    let incidentId: string;
    let operatorReport: string;
    let first110: Intake110Request;

    it('links three reports close together from three doors to one incident', async () => {
      const call = newIntake110({ category: 'blocked_passage', location: site, address: '幸福路8号门口' });
      first110 = call;
      const made = await postCase(t.url, t.apiKey, call).expect(201);
      incidentId = made.body.incidentId as string;

      const second = (await enter(newOperatorEntry({ category: 'blocked_passage', location: pointAt(1_540, 800) })).expect(201)).body as ReportAnswer;
      expect(second).toMatchObject({ linked: true, incident: { id: incidentId } });
      expect(second.caseNo).toMatch(CASE_NO.operator);
      operatorReport = second.reportId;

      const third = (await patrol(newPatrolReport({ category: 'blocked_passage', position: pointAt(1_500, 900) }), walker).expect(201)).body as PatrolReportAnswer;
      expect(third).toMatchObject({ linked: true, taken: false, incident: { id: incidentId } });

      const reports = await reportsOf(incidentId);
      expect(reports).toMatchObject({ count: 3, sources: ['110', 'operator', 'patrol'] });
      expect(reports.reports.map((r) => r.role)).toEqual(['origin', 'linked', 'linked']);
      expect(reports.reports[1].distanceM).toBeGreaterThan(30);
      expect(reports.reports[1].distanceM).toBeLessThan(50);
      const d = await detail(incidentId);
      expect(d.timeline.filter((e) => e.type === 'report_linked').map((e) => e.source)).toEqual(['console', 'phone']);
    });

    it('answers a 110 case number sent again with its incident, linked or not', async () => {
      const again = await postCase(t.url, t.apiKey, first110).expect(200);
      expect(again.body).toMatchObject({ duplicate: true, incidentId });
      const joined = newIntake110({ category: 'blocked_passage', location: pointAt(1_500, 820) });
      expect((await postCase(t.url, t.apiKey, joined).expect(201)).body.incidentId).toBe(incidentId);
      const before = await counts();
      expect((await postCase(t.url, t.apiKey, joined).expect(200)).body).toMatchObject({ duplicate: true, incidentId });
      expect(await counts()).toEqual(before);
      expect((await reportsOf(incidentId)).count).toBe(4);
    });

    it('lets the station of a 110 report follow the operator’s case it joined', async () => {
      const spot = pointAt(1_800, 150);
      const entered = (await enter(newOperatorEntry({ category: 'noise', location: spot })).expect(201)).body as ReportAnswer;
      expect(entered.incident.station).toBeNull();
      const transferred = await postCase(t.url, t.apiKey, newIntake110({ category: 'noise', location: pointAt(1_810, 150) })).expect(201);
      expect(transferred.body.incidentId).toBe(entered.incident.id);
      const station = (await loginAs(t.url, t.seed, 'station')).token;
      const seen = (await request(t.url).get(API.incident(entered.incident.id)).set(bearer(station)).expect(200)).body as IncidentDetailView;
      expect(seen.station?.code).toBe('testtown-pcs');
    });

    it('makes a far report, or one of another category, a case of its own', async () => {
      const far = (await enter(newOperatorEntry({ category: 'blocked_passage', location: pointAt(1_500, 1_000) })).expect(201)).body as ReportAnswer;
      expect(far.linked).toBe(false);
      expect(far.incident.id).not.toBe(incidentId);
      const other = (await enter(newOperatorEntry({ category: 'dispute', location: site })).expect(201)).body as ReportAnswer;
      expect(other.linked).toBe(false);
    });

    it('splits a wrongly linked report into a new incident; the old one keeps the rest', async () => {
      const res = await request(t.url).post(REPORT_API.split(incidentId, operatorReport)).set(bearer(operator)).send({}).expect(201);
      const answer = res.body as SplitReportAnswer;
      expect(answer.incident.id).not.toBe(incidentId);
      expect(answer.incident).toMatchObject({ source: 'operator', category: 'blocked_passage', caseNo: expect.stringMatching(CASE_NO.operator) });
      expect(answer.from.id).toBe(incidentId);
      const old = await reportsOf(incidentId);
      expect(old.count).toBe(3);
      expect(old.reports.map((r) => r.id)).not.toContain(operatorReport);
      const made = await reportsOf(answer.incident.id);
      expect(made).toMatchObject({ count: 1, sources: ['operator'], reports: [{ id: operatorReport, role: 'origin', splitFromIncidentId: incidentId }] });
      expect((await detail(incidentId)).timeline.find((e) => e.type === 'report_split')).toMatchObject({ detail: { reportId: operatorReport, newIncidentId: answer.incident.id } });
      expect((await detail(answer.incident.id)).timeline[0]).toMatchObject({ type: 'received', detail: { splitFrom: { incidentId } } });
      for (const id of [incidentId, answer.incident.id]) {
        const verdict = (await request(t.url).get(API.timelineVerify(id)).set(bearer(operator)).expect(200)).body as TimelineVerdict;
        expect(verdict.ok, id).toBe(true);
      }
    });

    it('refuses to split the first report, or one that is not on the case', async () => {
      const origin = (await reportsOf(incidentId)).reports[0];
      const res = await request(t.url).post(REPORT_API.split(incidentId, origin.id)).set(bearer(operator)).send({}).expect(409);
      expect(res.body.field).toBe('reportId');
      await request(t.url).post(REPORT_API.split(incidentId, operatorReport)).set(bearer(operator)).send({}).expect(404);
      expect((await request(t.url).post(REPORT_API.split(incidentId, 'r1')).set(bearer(operator)).send({}).expect(400)).body.field).toBe('reportId');
    });

    it('makes one incident of three reports sent at the same moment', async () => {
      const spot = pointAt(600, 100);
      const answers = await Promise.all([0, 20, 40].map((dx) => enter(newOperatorEntry({ category: 'dispute', location: pointAt(600 + dx, 100) }))));
      expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
      const bodies = answers.map((a) => a.body as ReportAnswer);
      expect(new Set(bodies.map((b) => b.incident.id)).size).toBe(1);
      expect(bodies.filter((b) => b.linked)).toHaveLength(2);
      expect(new Set(bodies.map((b) => b.caseNo)).size).toBe(3);
      expect((await reportsOf(bodies[0].incident.id)).count).toBe(3);
      expect(distanceMeters(bodies[0].incident.location, spot)).toBeLessThan(50);
    });

    it('lets another township neither see nor split nor confirm, nor see a photo', async () => {
      const linked = (await reportsOf(incidentId)).reports[1];
      await request(t.url).get(REPORT_API.incidentReports(incidentId)).set(bearer(operatorB)).expect(404);
      await request(t.url).post(REPORT_API.split(incidentId, linked.id)).set(bearer(operatorB)).send({}).expect(404);
      await request(t.url).post(REPORT_API.confirmPoint(incidentId)).set(bearer(operatorB)).send({}).expect(404);
      const [withPhoto] = (await pg.query<{ report_id: string }>('SELECT report_id FROM report_photo LIMIT 1')).rows;
      await request(t.url).get(REPORT_API.photo(withPhoto.report_id)).set(bearer(operatorB)).expect(404);
      await request(t.url).get(REPORT_API.incidentReports(incidentId)).set(bearer(walker)).expect(403);
      expect((await reportsOf(incidentId)).count).toBe(3);
    });
  });
});
