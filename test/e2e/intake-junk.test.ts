import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from 'pg';
import request from 'supertest';
import { API, API_KEY_HEADER, INTAKE_REFUSAL_CODES, type ErrorBody } from '@xiaonao/contracts';
import { defaultSigningSecret, signatureHeaders } from '../../apps/hub/src/auth/request-signature';
import { postCase, signedHeaders } from '../support/clients';
import { newIntake110, newTownshipSeed } from '../support/factories';
import { startTestHub, TEST_NATS_URL, type TestHub } from '../support/hub';
import { IntakeBridge } from '../../apps/sim/src/bridge/intake-bridge';
import { brokenHeaders, notACase, rawJunk, SIGNED_HEADERS, spoiledCase } from '../support/intake-junk';
import { STATE_WAIT_MS } from '../support/patience';

/** A refusal as both doors answer it: a 4xx that names a field. */
function expectNamedRefusal(status: number, body: ErrorBody, field?: string): void {
  expect(status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
  expect(status, JSON.stringify(body)).toBeLessThan(500);
  expect(typeof body.field, JSON.stringify(body)).toBe('string');
  expect(INTAKE_REFUSAL_CODES, JSON.stringify(body)).toContain(body.code);
  if (field !== undefined) expect(body.field?.startsWith(field), `expected ${field}, got ${JSON.stringify(body)}`).toBe(true);
}

/** Apply the header verdicts of `brokenHeaders` over a correct set: null leaves a header out, a string replaces it. */
function breakHeaders(right: Record<string, string>, broken: Record<string, string | null | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of SIGNED_HEADERS) {
    const verdict = broken[name];
    const value = verdict === undefined ? right[name] : verdict;
    if (value !== null && value !== undefined) out[name] = value;
  }
  return out;
}

describe('generated junk at both 110 doors', () => {
  const code = `junk${randomUUID().slice(0, 8)}`;
  let t: TestHub;
  let pg: Client;
  let bridge: IntakeBridge;
  const newCase = () => newIntake110({ townshipCode: code });

  beforeAll(async () => {
    t = await startTestHub({ seed: newTownshipSeed({ code }) });
    bridge = await IntakeBridge.open(TEST_NATS_URL, code);
    pg = new Client({ connectionString: t.databaseUrl });
    await pg.connect();
  });

  afterAll(async () => {
    // Whatever was thrown at the doors, no case, event, timer or fingerprint came of it.
    const { rows } = await pg.query<Record<string, number>>(
      `SELECT (SELECT count(*) FROM incident)::int AS incidents, (SELECT count(*) FROM incident_event)::int AS events,
              (SELECT count(*) FROM case_timer)::int AS timers, (SELECT count(*) FROM intake_fingerprint)::int AS fingerprints`,
    );
    const refusals = (await pg.query<{ n: number }>('SELECT count(*)::int AS n FROM intake_refusal')).rows[0].n;
    await pg.end();
    await bridge?.close();
    await t?.close();
    expect(rows[0]).toEqual({ incidents: 0, events: 0, timers: 0, fingerprints: 0 });
    expect(refusals).toBeGreaterThan(100);
  });

  describe('over HTTP', () => {
    it('refuses a case with any one field spoiled with a 4xx naming that field', async () => {
      await fc.assert(
        fc.asyncProperty(spoiledCase, async (spoil) => {
          const res = await postCase(t.url, t.apiKey, spoil.apply(newCase()));
          expectNamedRefusal(res.status, res.body as ErrorBody, spoil.field);
        }),
        { numRuns: 200 },
      );
    });

    it('refuses any JSON that is not a case, and bytes that are not JSON', async () => {
      await fc.assert(
        fc.asyncProperty(notACase, async (value) => {
          const res = await postCase(t.url, t.apiKey, value as Record<string, unknown>);
          expectNamedRefusal(res.status, res.body as ErrorBody);
        }),
        { numRuns: 40 },
      );
      await fc.assert(
        fc.asyncProperty(rawJunk, async (bytes) => {
          const raw = Buffer.from(bytes);
          const headers = { [API_KEY_HEADER]: t.apiKey, ...signatureHeaders(defaultSigningSecret(t.apiKey), raw) };
          const res = await request(t.url).post(API.intake110).set(headers).set('content-type', 'application/json').send(raw);
          expectNamedRefusal(res.status, res.body as ErrorBody);
        }),
        { numRuns: 25 },
      );
    });

    it('refuses broken key and signature headers with a 401 naming the header', async () => {
      await fc.assert(
        fc.asyncProperty(brokenHeaders, async (broken) => {
          const raw = JSON.stringify(newCase());
          const res = await request(t.url).post(API.intake110).set(breakHeaders(signedHeaders(t.apiKey, raw), broken)).set('content-type', 'application/json').send(raw);
          expect(res.status).toBe(401);
          expect(SIGNED_HEADERS).toContain((res.body as ErrorBody).field);
        }),
        { numRuns: 40 },
      );
    });
  });

  describe('over JetStream', () => {
    it('answers a case with any one field spoiled with an error receipt naming that field', async () => {
      await fc.assert(
        fc.asyncProperty(spoiledCase, async (spoil) => {
          const receipt = await bridge.receipt(await bridge.publish(t.apiKey, spoil.apply(newCase())), STATE_WAIT_MS);
          if (receipt.ok) throw new Error(`taken: ${JSON.stringify(receipt)}`);
          expectNamedRefusal(receipt.statusCode, receipt.error, spoil.field);
        }),
        { numRuns: 120 },
      );
    });

    it('answers JSON that is no case, raw bytes and broken headers with error receipts', async () => {
      await fc.assert(
        fc.asyncProperty(notACase, async (value) => {
          const receipt = await bridge.receipt(await bridge.publish(t.apiKey, JSON.stringify(value)), STATE_WAIT_MS);
          if (receipt.ok) throw new Error(`taken: ${JSON.stringify(receipt)}`);
          expectNamedRefusal(receipt.statusCode, receipt.error);
        }),
        { numRuns: 25 },
      );
      await fc.assert(
        fc.asyncProperty(rawJunk, async (bytes) => {
          const raw = Buffer.from(bytes);
          const receipt = await bridge.receipt(await bridge.publishRaw(raw, { [API_KEY_HEADER]: t.apiKey, ...signatureHeaders(defaultSigningSecret(t.apiKey), raw) }), STATE_WAIT_MS);
          if (receipt.ok) throw new Error(`taken: ${JSON.stringify(receipt)}`);
          expectNamedRefusal(receipt.statusCode, receipt.error);
        }),
        { numRuns: 20 },
      );
      await fc.assert(
        fc.asyncProperty(brokenHeaders, async (broken) => {
          const raw = JSON.stringify(newCase());
          const right = { [API_KEY_HEADER]: t.apiKey, ...signatureHeaders(defaultSigningSecret(t.apiKey), raw) };
          const receipt = await bridge.receipt(await bridge.publishRaw(raw, breakHeaders(right, broken)), STATE_WAIT_MS);
          if (receipt.ok) throw new Error(`taken: ${JSON.stringify(receipt)}`);
          expect(receipt.statusCode).toBe(401);
          expect(SIGNED_HEADERS).toContain(receipt.error.field);
        }),
        { numRuns: 20 },
      );
    });
  });
});
