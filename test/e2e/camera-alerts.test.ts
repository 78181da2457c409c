import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from 'pg';
import request from 'supertest';
import gcoord from 'gcoord';
import {
  API,
  CAMERA_API,
  type CameraAlertAnswer,
  type CameraAlertView,
  type CameraIncidentView,
  type CameraView,
  type IncidentDetailView,
  type IncidentView,
} from '@xiaonao/contracts';
import type { TimelineVerdict } from '@xiaonao/domain';
import { startHub, type RunningHub } from '../../apps/hub/src/start-hub';
import { CameraPlatform, newCameraAlert, newCameraSeed, postCameraAlert } from '../support/camera-clients';
import { bearer, connectSocket, Inbox, loginAs, type HubSocket } from '../support/clients';
import { startTestHub, TEST_NATS_URL, type TestHub } from '../support/hub';

describe('camera alerts (视频巡查)', () => {
  const code = `cam${Date.now().toString(36)}`;
  const other = newCameraSeed({ code: `${code}x`, origin: { lng: 120.6, lat: 30.4 } });
  let t: TestHub;
  let pg: Client;
  let op: string;
  let otherOp: string;
  let console: HubSocket;
  let counts: Inbox<'camera.counted'>;

  const alert = (cameraCode: string, overrides: Parameters<typeof newCameraAlert>[0] = {}) => postCameraAlert(t.url, t.apiKey, newCameraAlert({ cameraCode, ...overrides }));
  const get = <T>(path: string, token = op) => request(t.url).get(path).set(bearer(token)).expect(200).then((r) => r.body as T);
  const incident = (id: string) => get<IncidentDetailView>(API.incident(id));
  const cameras = () => get<CameraView[]>(CAMERA_API.cameras);
  const cameraFacts = async (incidentId: string) => (await get<CameraIncidentView[]>(CAMERA_API.incidents)).find((f) => f.incidentId === incidentId);
  const rows = async (sql: string, params: unknown[] = []) => Number((await pg.query<{ n: string }>(sql, params)).rows[0].n);

  beforeAll(async () => {
    t = await startTestHub({ seed: newCameraSeed({ code }), extraSeeds: [other] });
    pg = new Client({ connectionString: t.databaseUrl });
    await pg.connect();
    op = (await loginAs(t.url, t.seed, 'operator')).token;
    otherOp = (await loginAs(t.url, other, 'operator')).token;
    console = await connectSocket(t.url, op);
    counts = new Inbox(console, 'camera.counted');
  });

  afterAll(async () => {
    console?.disconnect();
    await pg?.end();
    await t?.close();
  });

  describe('the registry', () => {
    it('lists the seeded cameras with their grid, owner and state', async () => {
      const list = await cameras();
      expect(list.map((c) => c.code)).toEqual([...Array.from({ length: 12 }, (_, i) => `CAM-${String(i + 1).padStart(2, '0')}`), 'CAM-OFF'].sort());
      expect(list.find((c) => c.code === 'CAM-01')).toMatchObject({ grid: { code: 'G1' }, owner: '综治中心', enabled: true, dismissals: 0, noisy: false });
      expect(list.find((c) => c.code === 'CAM-04')?.grid?.code).toBe('G2');
      expect(list.find((c) => c.code === 'CAM-OFF')?.enabled).toBe(false);
    });

    it('registers a camera given in GCJ-02, stores it in WGS-84 and places it in its grid', async () => {
      const wgs = { lng: 120.512, lat: 30.2885 };
      const [lng, lat] = gcoord.transform([wgs.lng, wgs.lat], gcoord.WGS84, gcoord.GCJ02);
      const res = await request(t.url).put(CAMERA_API.camera('CAM-NEW')).set(bearer(op)).send({ name: '新装摄像头', location: { lng, lat }, coordSystem: 'GCJ02', owner: '物业', enabled: true }).expect(200);
      const camera = res.body as CameraView;
      expect(camera.location.lng).toBeCloseTo(wgs.lng, 5);
      expect(camera.grid?.code).toBe('G2');
      const moved = await request(t.url).put(CAMERA_API.camera('CAM-NEW')).set(bearer(op)).send({ name: '新装摄像头', location: { lng: 120.5005, lat: 30.2895 }, owner: '物业', enabled: false }).expect(200);
      expect(moved.body).toMatchObject({ id: camera.id, grid: { code: 'G1' }, enabled: false });
    });

    it('refuses a camera outside the township, or with a bad code, naming the field', async () => {
      const put = (c: string, location: { lng: number; lat: number }) => request(t.url).put(CAMERA_API.camera(c)).set(bearer(op)).send({ name: '远处', location, owner: '', enabled: true });
      expect((await put('CAM-FAR', { lng: 121.5, lat: 31.2 }).expect(400)).body.field).toBe('location');
      expect((await put('bad code!', { lng: 120.505, lat: 30.285 }).expect(400)).body.field).toBe('code');
    });
  });

  describe('a storm', () => {
    it('makes one case of 100 alerts sent at once by one camera, counting all of them', async () => {
      const answers = await Promise.all(Array.from({ length: 100 }, () => alert('CAM-02', { type: 'smoke', confidence: 0.95 })));
      expect(answers.map((a) => a.status)).toEqual(Array.from({ length: 100 }, () => 201));
      const bodies = answers.map((a) => a.body as CameraAlertAnswer);
      expect(bodies.filter((b) => b.outcome === 'opened')).toHaveLength(1);
      expect(bodies.filter((b) => b.outcome === 'merged')).toHaveLength(99);
      // Alerts that joined while the case was being made may answer before its number is known.
      const id = bodies.find((b) => b.outcome === 'opened')?.incidentId ?? '';
      expect(bodies.every((b) => b.incidentId === null || b.incidentId === id)).toBe(true);
      expect(await rows(`SELECT count(*) AS n FROM incident WHERE source = 'camera' AND description LIKE '%CAM-02%'`)).toBe(1);
      expect(await rows('SELECT count(*) AS n FROM camera_alert WHERE incident_id = $1 AND counted', [id])).toBe(100);
      expect(await cameraFacts(id)).toMatchObject({ alertCount: 100, cameraCount: 1, alertType: 'smoke', camera: { code: 'CAM-02' }, snapshotRef: 'https://video.example/snap/1.jpg' });
      const news = await counts.next((batch) => batch.some((c) => c.incidentId === id && c.alertCount === 100));
      expect(news.find((c) => c.incidentId === id)?.camera.code).toBe('CAM-02');
    });

    it('dispatches smoke above its threshold at once, as a site check with nobody to call', async () => {
      const { body } = await alert('CAM-03', { type: 'smoke', confidence: 0.8 }).expect(201);
      expect(body).toMatchObject({ outcome: 'opened', awaitingConfirmation: false, alertCount: 1 });
      const created = await incident((body as CameraAlertAnswer).incidentId ?? '');
      expect(created).toMatchObject({ source: 'camera', category: 'fire_hazard', callerPhone: '', contactKind: 'site_check', awaitingConfirmation: false });
      expect(created.caseNo).toMatch(/^SP-\d{8}-\d{6,}$/);
      await expect.poll(async () => (await incident(created.id)).state).toBe('offered');
    });

    it('answers the same alertId again with what it did the first time, recording nothing new', async () => {
      const first = newCameraAlert({ cameraCode: 'CAM-02', type: 'smoke' });
      const answer = (await postCameraAlert(t.url, t.apiKey, first).expect(201)).body as CameraAlertAnswer;
      const before = await rows('SELECT count(*) AS n FROM camera_alert');
      const again = await postCameraAlert(t.url, t.apiKey, first).expect(200);
      expect(again.body).toMatchObject({ alertId: first.alertId, duplicate: true, outcome: answer.outcome, incidentId: answer.incidentId });
      expect(await rows('SELECT count(*) AS n FROM camera_alert')).toBe(before);
    });

    it('makes one case when two hub processes take the same storm at once', async () => {
      const second: RunningHub = await startHub({ env: { PORT: '0', LOG_LEVEL: 'warn', DATABASE_URL: t.databaseUrl, NATS_URL: TEST_NATS_URL } });
      try {
        const urls = [t.url, second.url];
        const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => postCameraAlert(urls[i % 2], t.apiKey, newCameraAlert({ cameraCode: 'CAM-05', type: 'fire' }))));
        expect(answers.map((a) => a.status).every((s) => s === 201)).toBe(true);
        const ids = new Set(answers.map((a) => (a.body as CameraAlertAnswer).incidentId).filter((id) => id !== null));
        expect(ids.size).toBe(1);
        expect(await rows(`SELECT count(*) AS n FROM camera_storm s JOIN camera c ON c.id = s.camera_id WHERE c.code = 'CAM-05'`)).toBe(1);
        expect((await cameraFacts([...ids][0] ?? ''))?.alertCount).toBe(40);
      } finally {
        await second.close();
      }
    });
  });

  describe('thresholds and policy', () => {
    it('records an alert below its threshold and opens no case', async () => {
      const before = await rows('SELECT count(*) AS n FROM incident');
      const { body } = await alert('CAM-06', { type: 'smoke', confidence: 0.3 }).expect(201);
      expect(body).toMatchObject({ outcome: 'below_threshold', incidentId: null, alertCount: 0 });
      expect(await rows('SELECT count(*) AS n FROM incident')).toBe(before);
      const camera = (await cameras()).find((c) => c.code === 'CAM-06') as CameraView;
      const recent = await get<CameraAlertView[]>(CAMERA_API.alerts(camera.id));
      expect(recent[0]).toMatchObject({ type: 'smoke', confidence: 0.3, outcome: 'below_threshold', incidentId: null });
    });

    it('follows a threshold the township raised for one type', async () => {
      const res = await request(t.url).put(CAMERA_API.policy('litter')).set(bearer(op)).send({ threshold: 0.95, mode: 'confirm', stormWindowSeconds: 300 }).expect(200);
      expect(res.body).toMatchObject({ type: 'litter', category: 'other', threshold: 0.95, custom: true });
      expect((await alert('CAM-06', { type: 'litter', confidence: 0.9 }).expect(201)).body.outcome).toBe('below_threshold');
      const bad = await request(t.url).put(CAMERA_API.policy('litter')).set(bearer(op)).send({ threshold: 0.9, mode: 'confirm', stormWindowSeconds: 5 }).expect(400);
      expect(bad.body.field).toBe('stormWindowSeconds');
    });
  });

  describe('a type that waits for an operator', () => {
    it('holds a crowd for confirmation, dismisses it as a false alarm counted on the camera, and starts afresh after', async () => {
      const first = (await alert('CAM-07', { type: 'crowd', confidence: 0.9 }).expect(201)).body as CameraAlertAnswer;
      expect(first).toMatchObject({ outcome: 'opened', awaitingConfirmation: true });
      const id = first.incidentId ?? '';
      expect((await alert('CAM-07', { type: 'crowd', confidence: 0.9 }).expect(201)).body).toMatchObject({ outcome: 'merged', incidentId: id, alertCount: 2 });
      expect(await incident(id)).toMatchObject({ state: 'received', awaitingConfirmation: true, worker: null });

      const dismissed = await request(t.url).post(CAMERA_API.dismiss(id)).set(bearer(op)).send({ reason: '公交站候车' }).expect(200);
      expect(dismissed.body).toMatchObject({ state: 'closed', result: '驳回（误报）：公交站候车', awaitingConfirmation: false });
      expect((await cameras()).find((c) => c.code === 'CAM-07')).toMatchObject({ dismissals: 1, cases: 1, dismissalShare: 1 });
      const verdict = await get<TimelineVerdict>(API.timelineVerify(id));
      expect(verdict.chain.ok).toBe(true);
      expect(verdict.mismatches).toEqual([]);
      await request(t.url).post(CAMERA_API.dismiss(id)).set(bearer(op)).send({}).expect(409);

      const next = (await alert('CAM-07', { type: 'crowd', confidence: 0.9 }).expect(201)).body as CameraAlertAnswer;
      expect(next.outcome).toBe('opened');
      expect(next.incidentId).not.toBe(id);
    });

    it('dispatches a held case once an operator confirms it, after which it can no longer be dismissed', async () => {
      const held = (await alert('CAM-08', { type: 'fight', confidence: 0.85 }).expect(201)).body as CameraAlertAnswer;
      const id = held.incidentId ?? '';
      const confirmed = await request(t.url).post(API.confirmDispatch(id)).set(bearer(op)).expect(200);
      expect((confirmed.body as IncidentView).awaitingConfirmation).toBe(false);
      await expect.poll(async () => (await incident(id)).state).toBe('offered');
      const refused = await request(t.url).post(CAMERA_API.dismiss(id)).set(bearer(op)).send({}).expect(409);
      expect(refused.body.message).toMatch(/[\u4e00-\u9fa5]/);
    });

    it('refuses to dismiss a case no camera raised', async () => {
      const { body } = await request(t.url).post(CAMERA_API.dismiss('00000000-0000-4000-8000-000000000000')).set(bearer(op)).send({}).expect(404);
      expect(body.code).toBe('NOT_FOUND');
    });
  });

  describe('cameras the door will not take', () => {
    it('refuses a disabled or unknown camera with a 4xx naming cameraCode, and stores nothing', async () => {
      const before = await rows('SELECT count(*) AS n FROM camera_alert');
      const disabled = await alert('CAM-OFF').expect(403);
      expect(disabled.body).toMatchObject({ code: 'FORBIDDEN', field: 'cameraCode' });
      const unknown = await alert('CAM-NOPE').expect(400);
      expect(unknown.body).toMatchObject({ code: 'INVALID_INPUT', field: 'cameraCode' });
      expect(await rows('SELECT count(*) AS n FROM camera_alert')).toBe(before);
    });

    it('refuses an alert without a valid signature', async () => {
      const res = await postCameraAlert(t.url, t.apiKey, newCameraAlert({ cameraCode: 'CAM-09' }), { secret: 'wrong' }).expect(401);
      expect(res.body.code).toBe('SIGNATURE_INVALID');
    });
  });

  describe('an operator watching a feed', () => {
    it('raises a case from the camera, dispatched at once even for a type that would wait', async () => {
      const camera = (await cameras()).find((c) => c.code === 'CAM-10') as CameraView;
      const res = await request(t.url).post(CAMERA_API.raise(camera.id)).set(bearer(op)).send({ type: 'illegal_parking', description: '消防通道被占' }).expect(201);
      const answer = res.body as CameraAlertAnswer;
      expect(answer).toMatchObject({ outcome: 'opened', awaitingConfirmation: false, alertCount: 1 });
      const raised = await incident(answer.incidentId ?? '');
      expect(raised).toMatchObject({ source: 'camera', category: 'blocked_passage', description: '值班员视频巡查发现：违章停车。消防通道被占' });
      expect(raised.timeline[0]).toMatchObject({ type: 'received', actor: expect.stringMatching(/^operator:/) as unknown, source: 'console' });
    });
  });

  describe('another township', () => {
    it('sees none of these cameras and cannot raise, dismiss or alert on them', async () => {
      const theirs = await get<CameraView[]>(CAMERA_API.cameras, otherOp);
      expect(theirs.every((c) => !c.name.includes('新装'))).toBe(true);
      expect(new Set(theirs.map((c) => c.id)).size).toBe(theirs.length);
      const ours = await cameras();
      expect(theirs.some((c) => ours.some((o) => o.id === c.id))).toBe(false);
      const camera = ours.find((c) => c.code === 'CAM-11') as CameraView;
      await request(t.url).post(CAMERA_API.raise(camera.id)).set(bearer(otherOp)).send({ type: 'litter' }).expect(404);
      await request(t.url).get(CAMERA_API.alerts(camera.id)).set(bearer(otherOp)).expect(404);
      const held = (await alert('CAM-11', { type: 'water', confidence: 0.9 }).expect(201)).body as CameraAlertAnswer;
      await request(t.url).post(CAMERA_API.dismiss(held.incidentId ?? '')).set(bearer(otherOp)).send({}).expect(404);
      expect((await get<CameraIncidentView[]>(CAMERA_API.incidents, otherOp)).some((f) => f.incidentId === held.incidentId)).toBe(false);
      // Their platform's key names their township: our camera code is unknown there.
      const foreign = await postCameraAlert(t.url, other.apiKeys[0].key, newCameraAlert({ cameraCode: 'CAM-NEW' })).expect(400);
      expect(foreign.body.field).toBe('cameraCode');
    });
  });

  describe('over JetStream', () => {
    it('takes a signed alert from the platform and answers with a receipt', async () => {
      const platform = await CameraPlatform.open(TEST_NATS_URL, code);
      try {
        const receipt = await platform.receipt(await platform.publish(t.apiKey, newCameraAlert({ cameraCode: 'CAM-12', type: 'fire' })));
        if (!receipt.ok) throw new Error(JSON.stringify(receipt));
        expect(receipt).toMatchObject({ statusCode: 201, answer: { outcome: 'opened', awaitingConfirmation: false } });
        const refused = await platform.receipt(await platform.publish(t.apiKey, newCameraAlert({ cameraCode: 'CAM-OFF' })));
        expect(refused).toMatchObject({ ok: false, statusCode: 403, error: { field: 'cameraCode' } });
      } finally {
        await platform.close();
      }
    });
  });
});
