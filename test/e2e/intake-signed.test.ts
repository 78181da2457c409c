import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import gcoord from 'gcoord';
import { Client } from 'pg';
import request from 'supertest';
import { API, API_KEY_HEADER, SIGNATURE_HEADER, SIGNATURE_TIMESTAMP_HEADER, type IntakeRefusalView } from '@xiaonao/contracts';
import { startHub, type RunningHub } from '../../apps/hub/src/start-hub';
import { bearer, loginAs, postCase, signedHeaders } from '../support/clients';
import { newIntake110, newTownshipSeed } from '../support/factories';
import { startTestHub, TEST_NATS_URL, type TestHub } from '../support/hub';

const NO_LINKING = { REPORT_LINK_RADIUS_M: '0' };

describe('the signed 110 HTTP door', () => {
  let t: TestHub;
  let pg: Client;
  /** Rows a case leaves behind: any refusal must leave these unchanged. */
  const stored = async () => {
    const { rows } = await pg.query<{ incidents: number; events: number; timers: number }>(
      // Dispatch of earlier cases keeps adding events in the background: count only what intake writes.
      `SELECT (SELECT count(*) FROM incident)::int AS incidents, (SELECT count(*) FROM incident_event WHERE type = 'received')::int AS events,
              (SELECT count(*) FROM case_timer)::int AS timers`,
    );
    return rows[0];
  };
  const lastRefusal = async () =>
    (await pg.query<{ door: string; code: string; field: string | null; case_no: string | null; integration: string | null; remote_address: string | null }>('SELECT * FROM intake_refusal ORDER BY at DESC LIMIT 1')).rows[0];
  const signedPost = (raw: string, headers: Record<string, string>) => request(t.url).post(API.intake110).set(headers).set('content-type', 'application/json').send(raw);

  beforeAll(async () => {
    // Every case here stands alone: no report joins another's incident (linking has its own tests).
    t = await startTestHub({ env: NO_LINKING, extraSeeds: [{ ...newTownshipSeed({ code: 'ownsecret', origin: { lng: 120.6, lat: 30.3 } }), apiKeys: [{ name: '自有密钥', key: 'key-ownsecret', signingSecret: 'a-secret-of-its-own' }] }] });
    pg = new Client({ connectionString: t.databaseUrl });
    await pg.connect();
  });

  afterAll(async () => {
    await pg?.end();
    await t?.close();
  });

  it('takes a correctly signed case and answers with a receipt (签收)', async () => {
    const body = newIntake110();
    const res = await postCase(t.url, t.apiKey, body).expect(201);
    expect(res.body.receipt).toMatchObject({ caseNo: body.caseNo, incidentId: res.body.incidentId, duplicate: false, linked: false, receivedAt: new Date(body.receivedAt).toISOString() });
    expect(['received', 'offered']).toContain(res.body.receipt.state);
    expect(res.body.receipt.stateLabel).toMatch(/[\u4e00-\u9fa5]/);
    expect(Date.parse(res.body.receipt.signedAt)).toBeGreaterThan(Date.now() - 10_000);
  });

  const inSeconds = (offset: number) => Math.floor(Date.now() / 1000) + offset;

  it.each([
    ['no signature headers', () => ({ unsigned: true }), 'SIGNATURE_MISSING', SIGNATURE_TIMESTAMP_HEADER],
    ['the wrong secret', () => ({ secret: 'not-the-secret' }), 'SIGNATURE_INVALID', SIGNATURE_HEADER],
    ['a timestamp 301 s old', () => ({ timestamp: inSeconds(-301) }), 'SIGNATURE_EXPIRED', SIGNATURE_TIMESTAMP_HEADER],
    ['a timestamp 301 s ahead', () => ({ timestamp: inSeconds(301) }), 'SIGNATURE_EXPIRED', SIGNATURE_TIMESTAMP_HEADER],
  ])('refuses a case with %s, records why, and stores nothing', async (_, options, code, field) => {
    const before = await stored();
    const body = newIntake110();
    const res = await postCase(t.url, t.apiKey, body, options()).expect(401);
    expect(res.body).toMatchObject({ statusCode: 401, code, field });
    expect(res.body.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(await stored()).toEqual(before);
    expect(await lastRefusal()).toMatchObject({ door: '110-http', code, field, case_no: body.caseNo, integration: t.seed.apiKeys[0].name });
  });

  it('refuses a body changed after signing', async () => {
    const body = newIntake110();
    const headers = signedHeaders(t.apiKey, JSON.stringify(body));
    const res = await signedPost(JSON.stringify({ ...body, description: '改过的描述' }), headers).expect(401);
    expect(res.body.code).toBe('SIGNATURE_INVALID');
  });

  it('refuses a malformed signature header', async () => {
    const raw = JSON.stringify(newIntake110());
    const res = await signedPost(raw, { ...signedHeaders(t.apiKey, raw), [SIGNATURE_HEADER]: 'md5=abc' }).expect(401);
    expect(res.body).toMatchObject({ code: 'SIGNATURE_MALFORMED', field: SIGNATURE_HEADER });
  });

  it('refuses the same signed request sent again as a replay, and keeps the one case', async () => {
    const body = newIntake110();
    const raw = JSON.stringify(body);
    const headers = signedHeaders(t.apiKey, raw);
    await signedPost(raw, headers).expect(201);
    const again = await signedPost(raw, headers).expect(401);
    expect(again.body).toMatchObject({ code: 'SIGNATURE_REPLAYED', field: SIGNATURE_HEADER });
    expect((await pg.query('SELECT 1 FROM incident WHERE case_no = $1', [body.caseNo])).rowCount).toBe(1);
    expect(await lastRefusal()).toMatchObject({ code: 'SIGNATURE_REPLAYED', case_no: body.caseNo });
  });

  it('refuses a replay at a second hub process on the same database', async () => {
    let second: RunningHub | undefined;
    try {
      second = await startHub({ env: { PORT: '0', LOG_LEVEL: 'warn', DATABASE_URL: t.databaseUrl, NATS_URL: TEST_NATS_URL, ...NO_LINKING } });
      const raw = JSON.stringify(newIntake110());
      const headers = signedHeaders(t.apiKey, raw);
      await signedPost(raw, headers).expect(201);
      const res = await request(second.url).post(API.intake110).set(headers).set('content-type', 'application/json').send(raw).expect(401);
      expect(res.body.code).toBe('SIGNATURE_REPLAYED');
    } finally {
      await second?.close();
    }
  });

  it('answers the same case sent again (signed anew) with the same incident', async () => {
    const body = newIntake110();
    const first = await postCase(t.url, t.apiKey, body).expect(201);
    const second = await postCase(t.url, t.apiKey, body).expect(200);
    expect(second.body).toMatchObject({ duplicate: true, incidentId: first.body.incidentId, receipt: { duplicate: true, incidentId: first.body.incidentId, caseNo: body.caseNo } });
  });

  it('takes the same case written another way (time zone, coordinate system) as the same case', async () => {
    // A minute ago, written in Beijing time, then in UTC.
    const at = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
    const beijing = new Date(at.getTime() + 8 * 3600_000).toISOString().replace('.000Z', '+08:00');
    const body = newIntake110({ receivedAt: beijing, location: { lng: 120.5051, lat: 30.2852 } });
    const first = await postCase(t.url, t.apiKey, body).expect(201);
    const [lng, lat] = gcoord.transform([body.location.lng, body.location.lat], gcoord.WGS84, gcoord.GCJ02);
    const res = await postCase(t.url, t.apiKey, { ...body, receivedAt: at.toISOString(), location: { lng, lat }, coordSystem: 'GCJ02' }).expect(200);
    expect(res.body).toMatchObject({ duplicate: true, incidentId: first.body.incidentId });
  });

  it('refuses the same case number with other content as a conflict naming the fields, and changes nothing', async () => {
    const body = newIntake110();
    const first = await postCase(t.url, t.apiKey, body).expect(201);
    const before = await stored();
    const res = await postCase(t.url, t.apiKey, { ...body, callerPhone: '13900000000', description: '另一件事' }).expect(409);
    expect(res.body).toMatchObject({ statusCode: 409, code: 'DUPLICATE_CONFLICT', field: 'callerPhone' });
    expect(res.body.message).toContain('description');
    expect(await stored()).toEqual(before);
    const { rows } = await pg.query('SELECT caller_phone, description FROM incident WHERE id = $1', [first.body.incidentId]);
    expect(rows[0]).toEqual({ caller_phone: body.callerPhone, description: body.description });
    expect(await lastRefusal()).toMatchObject({ code: 'DUPLICATE_CONFLICT', field: 'callerPhone', case_no: body.caseNo });
  });

  it('refuses a police matter back to 110 with its reason, and records it', async () => {
    const before = await stored();
    const body = newIntake110({ category: 'theft' });
    const res = await postCase(t.url, t.apiKey, body).expect(422);
    expect(res.body).toMatchObject({ code: 'POLICE_MATTER', field: 'category' });
    expect(res.body.message).toContain('警务事项');
    expect(await stored()).toEqual(before);
    expect(await lastRefusal()).toMatchObject({ code: 'POLICE_MATTER', case_no: body.caseNo, door: '110-http' });
  });

  it('refuses an oversized body with 413 naming the body, stores no case, and records the refusal', async () => {
    const before = await stored();
    const raw = JSON.stringify({ ...newIntake110(), description: '长'.repeat(100_000) });
    const res = await signedPost(raw, signedHeaders(t.apiKey, raw)).expect(413);
    expect(res.body).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE', field: 'body' });
    expect(await stored()).toEqual(before);
    expect(await lastRefusal()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', door: '110-http', integration: t.seed.apiKeys[0].name });
  });

  it.each([
    ['location', { location: { lng: 30.285, lat: 120.505 } }],
    ['callerPhone', { callerPhone: '110' }],
    ['callerPhone', { callerPhone: '12345' }],
    ['receivedAt', { receivedAt: '2026-01-05T09:30:00' }],
    ['receivedAt', { receivedAt: new Date(Date.now() - 8 * 24 * 3600_000).toISOString() }],
    ['callerName', { callerName: '   ' }],
    ['policeStationCode', { policeStationCode: 'x'.repeat(41) }],
    ['address', { address: '地'.repeat(201) }],
  ])('refuses a bad %s with 400 naming it', async (field, patch) => {
    const res = await postCase(t.url, t.apiKey, { ...newIntake110(), ...patch }).expect(400);
    expect(res.body).toMatchObject({ code: 'INVALID_INPUT', field });
  });

  it('takes a mobile number with +86 and a landline with its area code', async () => {
    await postCase(t.url, t.apiKey, newIntake110({ callerPhone: '+8613905712345' })).expect(201);
    await postCase(t.url, t.apiKey, newIntake110({ callerPhone: '0571-87654321' })).expect(201);
  });

  it('checks an integration against its own signing secret when the seed gives one', async () => {
    const body = newIntake110({ townshipCode: 'ownsecret', origin: { lng: 120.6, lat: 30.3 } });
    await postCase(t.url, 'key-ownsecret', body).expect(401);
    await postCase(t.url, 'key-ownsecret', body, { secret: 'a-secret-of-its-own' }).expect(201);
  });

  it('shows the refusals to the township operator, newest first, and to no one else', async () => {
    const operator = await loginAs(t.url, t.seed, 'operator');
    const res = await request(t.url).get(API.intakeRefusals).set(bearer(operator.token)).expect(200);
    const refusals = res.body as IntakeRefusalView[];
    expect(refusals.length).toBeGreaterThan(5);
    expect(refusals.map((r) => r.code)).toEqual(expect.arrayContaining(['SIGNATURE_INVALID', 'SIGNATURE_REPLAYED', 'POLICE_MATTER', 'DUPLICATE_CONFLICT']));
    expect([...refusals].sort((a, b) => b.at.localeCompare(a.at))).toEqual(refusals);
    await request(t.url).get(API.intakeRefusals).set(API_KEY_HEADER, t.apiKey).expect(401);
  });
});
