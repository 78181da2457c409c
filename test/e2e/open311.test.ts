/**
 * Open311 GeoReport v2: a city's citizen-report tool lists the services, files requests (form and
 * JSON) that become dispatched cases, and follows them open → closed with status_notes, seeing no
 * personal data. docs/open311.md.
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, OPEN311_API, type IncidentDetailView, type Open311Created, type Open311Error, type Open311Request, type Open311Service, type TownshipSeed } from '@xiaonao/contracts';
import { bearer, loginAs, postCase, until } from '../support/clients';
import { newIntake110, newTownshipSeed } from '../support/factories';
import { startTestHub, type TestHub } from '../support/hub';

describe('Open311 GeoReport v2', () => {
  const base = newTownshipSeed({ code: 'o311town' });
  const cityKey = `key-open311-${randomUUID()}`;
  const seed: TownshipSeed = { ...base, apiKeys: [...base.apiKeys, { name: '城市 Open311 应用', key: cityKey, kind: 'open311' }] };
  const policeKey = seed.apiKeys[0].key;
  /** Inside the west grid, near W1. */
  const site = { lat: 30.285, long: 120.501 };
  const citizen = { first_name: '秀英', last_name: '欧阳', phone: '13977778888', email: 'ouyang.xiuying@example.cn' };
  let t: TestHub;
  let pg: Client;
  let operator: string;

  const form = (fields: Record<string, string | number>) => request(t.url).post(OPEN311_API.requests).type('form').send(Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, String(v)])));
  const json = (fields: Record<string, unknown>, key?: string) => {
    const call = request(t.url).post(OPEN311_API.requests).set('content-type', 'application/json');
    return (key ? call.set('Idempotency-Key', key) : call).send(JSON.stringify(fields));
  };
  const one = async (id: string) => ((await request(t.url).get(OPEN311_API.request(id)).query({ api_key: cityKey }).expect(200)).body as Open311Request[])[0];
  const incidentOf = async (caseNo: string) => (await pg.query<{ incident_id: string }>('SELECT incident_id FROM incident_report WHERE case_no = $1', [caseNo])).rows[0]?.incident_id ?? '';
  const detail = async (id: string) => (await request(t.url).get(API.incident(id)).set(bearer(operator)).expect(200)).body as IncidentDetailView;
  const valid = { api_key: '', service_code: 'dispute', ...site, address_string: '测试街道幸福路8号', description: '楼下两户因停车位发生争吵，请网格员来调解', ...citizen };

  beforeAll(async () => {
    // Offers wait for an answer as long as the test needs: the offered worker is the one who works the case.
    t = await startTestHub({ seed, env: { OFFER_TIMEOUT_MS: '3600000' } });
    pg = new Client({ connectionString: t.databaseUrl });
    await pg.connect();
    operator = (await loginAs(t.url, seed, 'operator')).token;
    valid.api_key = cityKey;
  });

  afterAll(async () => {
    await pg?.end();
    await t?.close();
  });

  it('lists the categories the township handles as services, without police matters, for anyone', async () => {
    const services = (await request(t.url).get(OPEN311_API.services).expect(200)).body as Open311Service[];
    expect(services.map((s) => s.service_code)).not.toContain('theft');
    expect(services.find((s) => s.service_code === 'dispute')).toEqual(expect.objectContaining({ service_name: '纠纷', metadata: false, type: 'realtime' }));
    expect((await request(t.url).get(OPEN311_API.services).query({ jurisdiction_id: seed.code }).expect(200)).body).toEqual(services);
    expect((await request(t.url).get(OPEN311_API.service('noise')).expect(200)).body).toEqual([{ service_code: 'noise', attributes: [] }]);
    const unknown = await request(t.url).get(OPEN311_API.service('theft')).expect(404);
    expect(unknown.body).toEqual([{ code: 404, description: expect.stringContaining('service_code') }]);
    expect((await request(t.url).get(OPEN311_API.services).query({ jurisdiction_id: 'nowhere' }).expect(400)).body[0].description).toContain('jurisdiction_id');
  });

  it('makes a form-encoded request a case from source open311, fed back to the key, and dispatches it', async () => {
    const res = await form(valid).expect(201);
    const [created] = res.body as Open311Created[];
    expect(created).toEqual({ service_request_id: expect.stringMatching(/^SM-\d{8}-\d{4}$/), service_notice: expect.stringContaining('已受理'), account_id: null });
    const { rows } = await pg.query(
      `SELECT r.source, r.event_source, r.integration_id, r.caller_phone, i.source AS incident_source, k.name AS key_name
       FROM incident_report r JOIN incident i ON i.id = r.incident_id JOIN api_key k ON k.id = r.integration_id WHERE r.case_no = $1`,
      [created.service_request_id],
    );
    expect(rows).toEqual([expect.objectContaining({ source: 'open311', event_source: 'open311', incident_source: 'open311', caller_phone: citizen.phone, key_name: '城市 Open311 应用' })]);
    const id = await incidentOf(created.service_request_id);
    const offered = await until(() => detail(id), (d) => d.state === 'offered' && d.worker !== null, 'the case offered to a worker');
    expect(offered.timeline[0]).toMatchObject({ type: 'received', source: 'open311' });
  });

  it('takes JSON too, and an Idempotency-Key makes a resend answer with the same request; other content under the key is refused', async () => {
    const key = randomUUID();
    const first = ((await json({ ...valid, description: '小区消防通道被电动车堵住' }, key).expect(201)).body as Open311Created[])[0];
    expect(first.service_request_id).toMatch(/^SM-K[0-9A-F]{16}$/);
    const again = ((await json({ ...valid, description: '小区消防通道被电动车堵住' }, key).expect(201)).body as Open311Created[])[0];
    expect(again.service_request_id).toBe(first.service_request_id);
    expect(Number((await pg.query('SELECT count(*) AS n FROM incident_report WHERE case_no = $1', [first.service_request_id])).rows[0].n)).toBe(1);
    const reused = await json({ ...valid, description: '另一件事：路灯不亮' }, key).expect(422);
    expect(reused.body).toEqual([{ code: 422, description: expect.stringContaining('idempotency-key') }]);
  });

  it('follows a request from open to closed, with the detail in status_notes and no personal data', async () => {
    const [created] = (await form({ ...valid, description: '邻居装修噪音和争吵，联系电话13977778888' }).expect(201)).body as Open311Created[];
    const requestId = created.service_request_id;
    const id = await incidentOf(requestId);
    const offered = await until(() => detail(id), (d) => d.state === 'offered' && d.worker !== null, 'the case offered');
    const opened = await one(requestId);
    expect(opened).toMatchObject({ service_request_id: requestId, status: 'open', service_code: 'dispute', service_name: '纠纷', lat: site.lat, long: site.long, address: valid.address_string });
    expect(opened.requested_datetime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
    expect(opened.expected_datetime).toMatch(/\+08:00$/);

    const workerCode = seed.workers.find((w) => w.name === offered.worker?.name)?.code ?? 'W1';
    const worker = (await loginAs(t.url, seed, 'worker', workerCode)).token;
    await request(t.url).post(API.accept(id)).set(bearer(worker)).send({}).expect(200);
    expect((await one(requestId)).status_notes).toBe(`已接单 · 专职网格员${offered.worker?.name ?? ''}`);
    await request(t.url).post(API.contact(id)).set(bearer(worker)).send({}).expect(200);
    await request(t.url).post(API.arrive(id)).set(bearer(worker)).send({}).expect(200);
    await request(t.url).post(API.close(id)).set(bearer(worker)).send({ result: '已调解，双方同意错峰施工，业主电话13977778888' }).expect(200);

    const closed = await one(requestId);
    expect(closed).toMatchObject({ status: 'closed', status_notes: '已办结：已调解，双方同意错峰施工，业主电话139****8888', expected_datetime: null });
    const open = (await request(t.url).get(OPEN311_API.requests).query({ api_key: cityKey, status: 'open' }).expect(200)).body as Open311Request[];
    const done = (await request(t.url).get(OPEN311_API.requests).query({ api_key: cityKey, status: 'closed' }).expect(200)).body as Open311Request[];
    expect(open.map((r) => r.service_request_id)).not.toContain(requestId);
    expect(done.map((r) => r.service_request_id)).toEqual([requestId]);

    // A 110 case of the same township is not Open311's to show.
    const case110 = newIntake110({ townshipCode: seed.code });
    await postCase(t.url, policeKey, case110).expect(201);
    const all = await request(t.url).get(OPEN311_API.requests).set('x-api-key', cityKey).expect(200);
    const listed = all.body as Open311Request[];
    expect(listed.length).toBeGreaterThanOrEqual(3);
    expect(listed.every((r) => r.service_request_id.startsWith('SM-'))).toBe(true);
    const text = all.text + JSON.stringify(closed);
    for (const personal of [citizen.phone, citizen.email, citizen.first_name, citizen.last_name, case110.caseNo, case110.callerName]) expect(text).not.toContain(personal);
    expect(closed.description).toContain('139****8888');

    const some = (await request(t.url).get(OPEN311_API.requests).query({ api_key: cityKey, service_request_id: `${requestId},SM-20000101-0001` }).expect(200)).body as Open311Request[];
    expect(some.map((r) => r.service_request_id)).toEqual([requestId]);
  });

  it.each([
    ['service_code', { service_code: undefined }],
    ['service_code', { service_code: 'theft' }],
    ['service_code', { service_code: 'robbery' }],
    ['long', { long: undefined }],
    ['lat', { lat: 'north' }],
    ['lat', { lat: 31.5 }],
    ['description', { description: '' }],
    ['phone', { phone: '110' }],
    ['email', { email: 'not-an-address' }],
    ['media_url', { media_url: 'javascript:alert(1)' }],
    ['jurisdiction_id', { jurisdiction_id: 'elsewhere' }],
  ])('refuses a request with a bad %s: 400 in the spec’s error shape naming the field, nothing made, refusal logged', async (field, patch) => {
    const before = Number((await pg.query('SELECT count(*) AS n FROM incident_report').then((r) => r.rows[0].n)));
    const fields = Object.fromEntries(Object.entries({ ...valid, ...patch }).filter(([, v]) => v !== undefined)) as Record<string, string | number>;
    const res = await form(fields).expect(400);
    const errors = res.body as Open311Error[];
    expect(errors).toEqual([{ code: 400, description: expect.stringContaining(field) }]);
    expect(errors[0].description).toMatch(/[\u4e00-\u9fa5]/);
    expect(Number((await pg.query('SELECT count(*) AS n FROM incident_report').then((r) => r.rows[0].n)))).toBe(before);
    const { rows } = await pg.query("SELECT door, code, field FROM intake_refusal WHERE door = 'open311-http' ORDER BY at DESC LIMIT 1");
    expect(rows[0]).toEqual({ door: 'open311-http', code: 'INVALID_INPUT', field });
  });

  it('answers a body that is neither JSON nor a form, a bad date filter and an unknown request in the spec’s shape', async () => {
    const broken = await request(t.url).post(OPEN311_API.requests).set('content-type', 'application/json').send('{"service_code": ').expect(400);
    expect(broken.body).toEqual([{ code: 400, description: expect.stringContaining('body') }]);
    const date = await request(t.url).get(OPEN311_API.requests).query({ api_key: cityKey, start_date: 'last week' }).expect(400);
    expect(date.body).toEqual([{ code: 400, description: expect.stringContaining('start_date') }]);
    const missing = await request(t.url).get(OPEN311_API.request('SM-20000101-0001')).query({ api_key: cityKey }).expect(404);
    expect(missing.body).toEqual([{ code: 404, description: expect.stringContaining('service_request_id') }]);
  });

  it('refuses a key of another kind with 403 and no key or an unknown one with 401', async () => {
    const wrong = await form({ ...valid, api_key: policeKey }).expect(403);
    expect(wrong.body).toEqual([{ code: 403, description: expect.stringContaining('api_key') }]);
    expect((wrong.body as Open311Error[])[0].description).toContain('110 联动平台');
    await request(t.url).get(OPEN311_API.requests).query({ api_key: policeKey }).expect(403);
    const none = await form({ ...valid, api_key: '' }).expect(401);
    expect(none.body).toEqual([{ code: 401, description: expect.stringContaining('api_key') }]);
    await request(t.url).get(OPEN311_API.requests).query({ api_key: 'no-such-key' }).expect(401);
    const { rows } = await pg.query("SELECT code, integration FROM intake_refusal WHERE door = 'open311-http' AND code = 'FORBIDDEN'");
    expect(rows).toEqual([{ code: 'FORBIDDEN', integration: '110 联动平台' }]);
  });
});
