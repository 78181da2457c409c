import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API } from '@xiaonao/contracts';
import request from 'supertest';
import { postCase } from '../support/clients';
import { newIntake110 } from '../support/factories';
import { startTestHub, type TestHub } from '../support/hub';

describe('operating the hub', () => {
  let t: TestHub;

  beforeAll(async () => {
    t = await startTestHub();
  });

  afterAll(async () => {
    await t?.close();
  });

  it('reports PostgreSQL and NATS reachable on /health', async () => {
    const res = await request(t.url).get(API.health).expect(200);
    expect(res.body).toEqual({ status: 'ok', database: 'up', bus: 'up', busKind: 'nats' });
  });

  it('exposes Prometheus metrics that count received cases', async () => {
    await postCase(t.url, t.apiKey, newIntake110()).expect(201);
    const res = await request(t.url).get(API.metrics).expect(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.text).toMatch(/xiaonao_incidents_received_total\{source="110"\} 1/);
    expect(res.text).toContain('xiaonao_http_request_duration_seconds_bucket');
  });

  it('describes the HTTP API in OpenAPI with a browsable page', async () => {
    const spec = (await request(t.url).get(API.openapi).expect(200)).body as { openapi: string; paths: Record<string, unknown> };
    expect(spec.openapi).toMatch(/^3\./);
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining([API.intake110, API.login, '/api/incidents/{id}/accept', API.fleetPositions]));
    const page = await request(t.url).get(API.docs).redirects(1).expect(200);
    expect(page.text).toContain('swagger');
  });

  it('answers an unknown route with a Chinese 404 body', async () => {
    const res = await request(t.url).get('/api/nothing-here').expect(404);
    expect(res.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
  });
});
