import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import gcoord from 'gcoord';
import { Client } from 'pg';
import { API } from '@xiaonao/contracts';
import request from 'supertest';
import { postCase } from '../support/clients';
import { newIntake110 } from '../support/factories';
import { startTestHub, type TestHub } from '../support/hub';

describe('110 intake', () => {
  let t: TestHub;
  let pg: Client;
  const count = async () => Number((await pg.query('SELECT count(*) AS n FROM incident')).rows[0].n);

  beforeAll(async () => {
    t = await startTestHub();
    pg = new Client({ connectionString: t.databaseUrl });
    await pg.connect();
  });

  afterAll(async () => {
    await pg?.end();
    await t?.close();
  });

  it('makes one incident of the same 110 case number sent twice, and says so', async () => {
    const body = newIntake110();
    const first = await postCase(t.url, t.apiKey, body).expect(201);
    const second = await postCase(t.url, t.apiKey, body).expect(200);
    expect(second.body).toMatchObject({ duplicate: true, incidentId: first.body.incidentId });
    expect(Number((await pg.query('SELECT count(*) AS n FROM incident WHERE case_no = $1', [body.caseNo])).rows[0].n)).toBe(1);
  });

  it('makes one incident when the same case number arrives twice at the same moment', async () => {
    const body = newIntake110();
    const answers = await Promise.all(Array.from({ length: 5 }, () => postCase(t.url, t.apiKey, body)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 201]);
    expect(new Set(answers.map((a) => a.body.incidentId)).size).toBe(1);
  });

  it.each([
    ['caseNo', { caseNo: '' }],
    ['receivedAt', { receivedAt: 'yesterday' }],
    ['callerPhone', { callerPhone: '12345' }],
    ['location.lat', { location: { lng: 120.5, lat: 130.3 } }],
    ['location', { location: 'here' }],
    ['category', { category: 'robbery' }],
    ['coordSystem', { coordSystem: 'MARS' }],
    ['policeStationCode', { policeStationCode: 'nowhere-pcs' }],
    ['description', { description: '' }],
  ])('refuses a case with a bad %s, names the field, and stores nothing', async (field, patch) => {
    const before = await count();
    const res = await postCase(t.url, t.apiKey, { ...newIntake110(), ...patch }).expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'INVALID_INPUT', field });
    expect(res.body.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(await count()).toBe(before);
  });

  it('refuses a body that is not JSON', async () => {
    const res = await request(t.url).post(API.intake110).set('x-api-key', t.apiKey).set('content-type', 'application/json').send('{"caseNo": ').expect(400);
    expect(res.body.field).toBe('body');
  });

  it('refuses a case without a valid API key and stores nothing', async () => {
    const before = await count();
    await postCase(t.url, 'wrong-key', newIntake110()).expect(401);
    await request(t.url).post(API.intake110).send(newIntake110()).expect(401);
    expect(await count()).toBe(before);
  });

  it('stores a GCJ-02 position as WGS-84 and places it in the right grid', async () => {
    const wgs = { lng: 120.515, lat: 30.285 };
    const [lng, lat] = gcoord.transform([wgs.lng, wgs.lat], gcoord.WGS84, gcoord.GCJ02);
    const res = await postCase(t.url, t.apiKey, newIntake110({ location: { lng, lat }, coordSystem: 'GCJ02' })).expect(201);
    expect(res.body.incident.location.lng).toBeCloseTo(wgs.lng, 5);
    expect(res.body.incident.location.lat).toBeCloseTo(wgs.lat, 5);
    expect(res.body.incident.grid.code).toBe('G2');
  });
});
