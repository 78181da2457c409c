import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from 'pg';
import request from 'supertest';
import { API_KEY_HEADER, CAMERA_API, SIGNATURE_HEADER, SIGNATURE_TIMESTAMP_HEADER, type CameraView, type ErrorBody } from '@xiaonao/contracts';
import { defaultSigningSecret, signatureHeaders } from '../../apps/hub/src/auth/request-signature';
import { CameraPlatform, newCameraAlert, newCameraSeed, postCameraAlert } from '../support/camera-clients';
import { notAnAlert, rawJunk, spoiledAlert, spoiledCamera, spoiledPolicy, spoiledRaise } from '../support/camera-junk';
import { bearer, loginAs } from '../support/clients';
import { startTestHub, TEST_NATS_URL, type TestHub } from '../support/hub';

/** A refusal as every door answers it: a 4xx that names a field (the one expected, when given). */
function expectNamedRefusal(status: number, body: ErrorBody, field?: string): void {
  expect(status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
  expect(status, JSON.stringify(body)).toBeLessThan(500);
  expect(typeof body.field, JSON.stringify(body)).toBe('string');
  if (field !== undefined) expect(body.field?.startsWith(field), `expected ${field}, got ${JSON.stringify(body)}`).toBe(true);
}

const SIGNED = [API_KEY_HEADER, SIGNATURE_TIMESTAMP_HEADER, SIGNATURE_HEADER] as const;
const printable = fc.string({ unit: fc.constantFrom(...Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i))), maxLength: 80 });
/** For each signing header: right, left out, or junk — never all right. */
const brokenHeaders = fc
  .record({ [API_KEY_HEADER]: fc.option(printable), [SIGNATURE_TIMESTAMP_HEADER]: fc.option(printable), [SIGNATURE_HEADER]: fc.option(printable) }, { requiredKeys: [] })
  .filter((h) => Object.keys(h).length > 0);

function breakHeaders(right: Record<string, string>, broken: Record<string, string | null | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of SIGNED) {
    const verdict = broken[name];
    const value = verdict === undefined ? right[name] : verdict;
    if (value !== null && value !== undefined) out[name] = value;
  }
  return out;
}

describe('generated junk at the camera doors', () => {
  const code = `camjunk${randomUUID().slice(0, 6)}`;
  let t: TestHub;
  let pg: Client;
  let platform: CameraPlatform;
  let op: string;
  let camera: CameraView;
  const signedRaw = (raw: string | Buffer) => ({ [API_KEY_HEADER]: t.apiKey, ...signatureHeaders(defaultSigningSecret(t.apiKey), raw) });

  beforeAll(async () => {
    t = await startTestHub({ seed: newCameraSeed({ code }) });
    platform = await CameraPlatform.open(TEST_NATS_URL, code);
    pg = new Client({ connectionString: t.databaseUrl });
    await pg.connect();
    op = (await loginAs(t.url, t.seed, 'operator')).token;
    camera = ((await request(t.url).get(CAMERA_API.cameras).set(bearer(op)).expect(200)).body as CameraView[])[0];
  });

  afterAll(async () => {
    // Whatever was thrown at the doors, no alert, storm, case, event, timer or report came of it, and no camera changed.
    const { rows } = await pg.query<Record<string, number>>(
      `SELECT (SELECT count(*) FROM camera_alert)::int AS alerts, (SELECT count(*) FROM camera_storm)::int AS storms,
              (SELECT count(*) FROM incident)::int AS incidents, (SELECT count(*) FROM incident_event)::int AS events,
              (SELECT count(*) FROM case_timer)::int AS timers, (SELECT count(*) FROM incident_report)::int AS reports,
              (SELECT count(*) FROM camera)::int AS cameras, (SELECT count(*) FROM camera WHERE updated_at > created_at)::int AS changed,
              (SELECT count(*) FROM camera_type_policy)::int AS policies`,
    );
    await pg.end();
    await platform?.close();
    await t?.close();
    expect(rows[0]).toEqual({ alerts: 0, storms: 0, incidents: 0, events: 0, timers: 0, reports: 0, cameras: 13, changed: 0, policies: 0 });
  });

  describe('the alert door over HTTP', () => {
    it('refuses an alert with any one field spoiled with a 4xx naming that field', async () => {
      await fc.assert(
        fc.asyncProperty(spoiledAlert, async (spoil) => {
          const res = await postCameraAlert(t.url, t.apiKey, spoil.apply(newCameraAlert()));
          expectNamedRefusal(res.status, res.body as ErrorBody, spoil.field);
        }),
        { numRuns: 250 },
      );
    });

    it('refuses any JSON that is no alert, and bytes that are not JSON', async () => {
      await fc.assert(
        fc.asyncProperty(notAnAlert, async (value) => {
          const res = await postCameraAlert(t.url, t.apiKey, value);
          expectNamedRefusal(res.status, res.body as ErrorBody);
        }),
        { numRuns: 60 },
      );
      await fc.assert(
        fc.asyncProperty(rawJunk, async (bytes) => {
          const raw = Buffer.from(bytes);
          const res = await request(t.url).post(CAMERA_API.intake).set(signedRaw(raw)).set('content-type', 'application/json').send(raw);
          expectNamedRefusal(res.status, res.body as ErrorBody);
        }),
        { numRuns: 30 },
      );
    });

    it('refuses broken key and signature headers with a 401 naming the header', async () => {
      await fc.assert(
        fc.asyncProperty(brokenHeaders, async (broken) => {
          const raw = JSON.stringify(newCameraAlert());
          const res = await request(t.url).post(CAMERA_API.intake).set(breakHeaders(signedRaw(raw), broken)).set('content-type', 'application/json').send(raw);
          expect(res.status, JSON.stringify(res.body)).toBe(401);
          expect(SIGNED).toContain((res.body as ErrorBody).field);
        }),
        { numRuns: 40 },
      );
    });
  });

  describe('the alert door over JetStream', () => {
    it('answers spoiled alerts, JSON that is no alert and raw bytes with error receipts naming a field', async () => {
      await fc.assert(
        fc.asyncProperty(spoiledAlert, async (spoil) => {
          const receipt = await platform.receipt(await platform.publish(t.apiKey, spoil.apply(newCameraAlert())));
          if (receipt.ok) throw new Error(`taken: ${JSON.stringify(receipt)}`);
          expectNamedRefusal(receipt.statusCode, receipt.error, spoil.field);
        }),
        { numRuns: 80 },
      );
      await fc.assert(
        fc.asyncProperty(notAnAlert, async (value) => {
          const receipt = await platform.receipt(await platform.publish(t.apiKey, JSON.stringify(value)));
          if (receipt.ok) throw new Error(`taken: ${JSON.stringify(receipt)}`);
          expectNamedRefusal(receipt.statusCode, receipt.error);
        }),
        { numRuns: 20 },
      );
      await fc.assert(
        fc.asyncProperty(rawJunk, async (bytes) => {
          const raw = Buffer.from(bytes);
          const receipt = await platform.receipt(await platform.publishRaw(raw, signedRaw(raw)));
          if (receipt.ok) throw new Error(`taken: ${JSON.stringify(receipt)}`);
          expectNamedRefusal(receipt.statusCode, receipt.error);
        }),
        { numRuns: 20 },
      );
    });

    it('answers broken key and signature headers with a 401 receipt naming the header', async () => {
      await fc.assert(
        fc.asyncProperty(brokenHeaders, async (broken) => {
          const raw = JSON.stringify(newCameraAlert());
          const receipt = await platform.receipt(await platform.publishRaw(raw, breakHeaders(signedRaw(raw), broken)));
          if (receipt.ok) throw new Error(`taken: ${JSON.stringify(receipt)}`);
          expect(receipt.statusCode).toBe(401);
          expect(SIGNED).toContain(receipt.error.field);
        }),
        { numRuns: 20 },
      );
    });
  });

  describe('the operators’ camera endpoints', () => {
    it('refuse a spoiled registration, policy or raise with a 4xx naming the field', async () => {
      const valid = { name: '摄像头', location: camera.location, owner: '综治中心', enabled: true };
      await fc.assert(
        fc.asyncProperty(spoiledCamera, async (spoil) => {
          const res = await request(t.url).put(CAMERA_API.camera(camera.code)).set(bearer(op)).send(spoil.apply(valid));
          expectNamedRefusal(res.status, res.body as ErrorBody, spoil.field);
        }),
        { numRuns: 120 },
      );
      await fc.assert(
        fc.asyncProperty(spoiledPolicy, async (spoil) => {
          const res = await request(t.url).put(CAMERA_API.policy('crowd')).set(bearer(op)).send(spoil.apply({ threshold: 0.7, mode: 'confirm', stormWindowSeconds: 600 }));
          expectNamedRefusal(res.status, res.body as ErrorBody, spoil.field);
        }),
        { numRuns: 80 },
      );
      await fc.assert(
        fc.asyncProperty(spoiledRaise, async (spoil) => {
          const res = await request(t.url).post(CAMERA_API.raise(camera.id)).set(bearer(op)).send(spoil.apply({ type: 'crowd' }));
          expectNamedRefusal(res.status, res.body as ErrorBody, spoil.field);
        }),
        { numRuns: 60 },
      );
    });

    it('refuse junk in the path: camera codes, camera ids, case ids and alert types', async () => {
      await fc.assert(
        fc.asyncProperty(printable.filter((s) => s.trim().length > 0 && !/^[A-Za-z0-9_-]{1,40}$/.test(s) && !s.includes('/')), async (junk) => {
          const put = await request(t.url).put(CAMERA_API.camera(junk)).set(bearer(op)).send({ name: 'x', location: camera.location, owner: '', enabled: true });
          expectNamedRefusal(put.status, put.body as ErrorBody, 'code');
          for (const path of [CAMERA_API.raise(encodeURIComponent(junk)), CAMERA_API.dismiss(encodeURIComponent(junk))]) {
            const res = await request(t.url).post(path).set(bearer(op)).send({ type: 'crowd' });
            expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBeGreaterThanOrEqual(400);
            expect(res.status).toBeLessThan(500);
          }
          const policy = await request(t.url).put(`/api/cameras/policies/${encodeURIComponent(junk)}`).set(bearer(op)).send({ threshold: 0.5, mode: 'auto', stormWindowSeconds: 600 });
          expect(policy.status).toBeGreaterThanOrEqual(400);
          expect(policy.status).toBeLessThan(500);
        }),
        { numRuns: 40 },
      );
      const res = await request(t.url).post(CAMERA_API.dismiss(randomUUID())).set(bearer(op)).send({ reason: 12 });
      expectNamedRefusal(res.status, res.body as ErrorBody, 'reason');
    });
  });
});
