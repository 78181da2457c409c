/**
 * Results back to a camera's owner: camera cases carry no 110 integration, so a subscription names the
 * camera owners (camera.owner) whose cases it hears of. A case raised by the camera feeds back to it.
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { API, type CameraAlertAnswer } from '@xiaonao/contracts';
import { newCameraAlert, newCameraSeed, postCameraAlert } from '../support/camera-clients';
import { bearer, loginAs, until } from '../support/clients';
import { startTestHub, type TestHub } from '../support/hub';
import { WebhookReceiver } from '../support/webhook-receiver';

describe('results back to a camera owner', () => {
  const secret = `whsec_${randomBytes(24).toString('base64')}`;
  let t: TestHub;
  let receiver: WebhookReceiver;
  let pg: Client;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start(secret);
    const seed = newCameraSeed();
    seed.apiKeys = [...seed.apiKeys, { name: '综治中心视频平台', key: `key-cam-${randomBytes(6).toString('hex')}`, kind: 'camera', feedback: { webhookUrl: `${receiver.url}/owner`, webhookSecret: secret, cameraOwners: ['综治中心'] } }];
    t = await startTestHub({ seed, env: { OFFER_TIMEOUT_MS: '60000', FEEDBACK_RETRY_SCHEDULE_SECONDS: '0,0.1,0.2', FEEDBACK_POLL_MS: '50' } });
    pg = new Client({ connectionString: t.databaseUrl });
    await pg.connect();
  });

  afterAll(async () => {
    await pg?.end();
    await t?.close();
    await receiver?.close();
  });

  it('tells the owner of the camera that raised a case when a worker accepts it, in the camera case’s number', async () => {
    const answer = (await postCameraAlert(t.url, t.apiKey, newCameraAlert({ cameraCode: 'CAM-03', type: 'smoke' })).expect(201)).body as CameraAlertAnswer;
    const incidentId = answer.incidentId ?? '';
    expect(incidentId).not.toBe('');
    const { code } = await until(
      async () => (await pg.query<{ code: string }>('SELECT w.code FROM offer o JOIN worker w ON w.id = o.worker_id WHERE o.incident_id = $1 LIMIT 1', [incidentId])).rows[0] ?? { code: '' },
      (r) => r.code !== '',
      'an offer for the camera case',
    );
    const { token } = await loginAs(t.url, t.seed, 'worker', code);
    await request(t.url).post(API.accept(incidentId)).set(bearer(token)).send({}).expect(200);
    const [report] = (await pg.query<{ case_no: string }>(`SELECT case_no FROM incident_report WHERE incident_id = $1 AND source = 'camera'`, [incidentId])).rows;
    const got = await until(() => Promise.resolve(receiver.on('/owner')), (l) => l.length >= 1, 'feedback to the camera owner');
    expect(got[0].event).toMatchObject({ type: 'case.accepted', caseNo: report.case_no, round: 1 });
  });
});
