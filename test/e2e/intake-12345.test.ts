/**
 * The 12345 door (国办发〔2022〕12号): 12345 work orders through the same signed machinery as 110, on
 * HTTP and JetStream, with their own source, number (工单号) and kind of key. docs/intake-12345.md.
 */
import { randomUUID } from 'node:crypto';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { connect, headers, type NatsConnection } from '@nats-io/transport-node';
import { Client } from 'pg';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY_HEADER, INTAKE_12345_PATH, INTAKE_12345_STREAM, intake12345ReceiptSubject, intake12345Subject, type Intake12345ReceiptMessage, type Intake12345Request, type TownshipSeed } from '@xiaonao/contracts';
import { defaultSigningSecret, signatureHeaders } from '../../apps/hub/src/auth/request-signature';
import { ensureIntakeStream, intakeConsumerName } from '../../apps/hub/src/incidents/intake/jetstream-intake';
import { DOOR_12345 } from '../../apps/hub/src/incidents/intake/signed-door';
import { postCase, signedHeaders, until, type SignOptions } from '../support/clients';
import { newIntake110, newTownshipSeed } from '../support/factories';
import { startTestHub, type TestHub } from '../support/hub';

let sequence = 0;

/** A valid 12345 work order inside the test township: a 110 case's content, a 工单号, no station. */
function newOrder(overrides: Partial<Intake12345Request> = {}, townshipCode = 'testtown'): Intake12345Request {
  const { policeStationCode: _station, caseNo: _caseNo, ...content } = newIntake110({ townshipCode });
  sequence++;
  return { ...content, caseNo: `HZ${Date.now()}${String(sequence).padStart(4, '0')}`, description: '小区门口垃圾堆放多日无人清运，市民来电反映', category: 'other', ...overrides };
}

function postOrder(url: string, apiKey: string, body: Intake12345Request | Record<string, unknown>, options: SignOptions = {}) {
  const raw = JSON.stringify(body);
  return request(url).post(INTAKE_12345_PATH).set(signedHeaders(apiKey, raw, options)).set('content-type', 'application/json').send(raw);
}

/** The 12345 side's bridge on JetStream: publishes signed orders to one township's subject, collects receipts by sequence. */
class Bridge12345 {
  readonly receipts: Intake12345ReceiptMessage[] = [];

  private constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly code: string,
  ) {}

  static async open(natsUrl: string, code: string): Promise<Bridge12345> {
    const nc = await connect({ servers: natsUrl, name: 'test-12345-bridge' });
    const jsm = await jetstreamManager(nc);
    await ensureIntakeStream(jsm, DOOR_12345);
    const bridge = new Bridge12345(nc, jetstream(nc), jsm, code);
    nc.subscribe(intake12345ReceiptSubject(code), {
      callback: (error, msg) => {
        if (!error) bridge.receipts.push(msg.json<Intake12345ReceiptMessage>());
      },
    });
    await nc.flush();
    return bridge;
  }

  /** A resend must be signed anew (`timestamp` a second later): the same signature again is a replay. */
  async publish(apiKey: string, body: unknown, timestamp?: number): Promise<number> {
    const raw = JSON.stringify(body);
    const h = headers();
    for (const [name, value] of Object.entries({ [API_KEY_HEADER]: apiKey, ...signatureHeaders(defaultSigningSecret(apiKey), raw, timestamp) })) h.set(name, value);
    return (await this.js.publish(intake12345Subject(this.code), raw, { headers: h })).seq;
  }

  receipt(seq: number): Promise<Intake12345ReceiptMessage> {
    return until(
      () => Promise.resolve(this.receipts.find((r) => r.sequence === seq)),
      (r) => r !== undefined,
      `the receipt of message ${seq}`,
    ) as Promise<Intake12345ReceiptMessage>;
  }

  async close(): Promise<void> {
    await this.jsm.consumers.delete(INTAKE_12345_STREAM, intakeConsumerName(this.code, DOOR_12345)).catch(() => false);
    await this.jsm.streams.purge(INTAKE_12345_STREAM, { filter: `${intake12345Subject(this.code)}.>` }).catch(() => undefined);
    await this.jsm.streams.purge(INTAKE_12345_STREAM, { filter: intake12345Subject(this.code) }).catch(() => undefined);
    await this.nc.close();
  }
}

describe('the 12345 door', () => {
  // Its own township code: the JetStream consumer and messages are per township on a shared NATS.
  const code = `h${randomUUID().slice(0, 8)}`;
  const base = newTownshipSeed({ code });
  const hotlineKey = `key-12345-${randomUUID()}`;
  const seed: TownshipSeed = { ...base, apiKeys: [...base.apiKeys, { name: '12345 热线', key: hotlineKey, kind: '12345' }] };
  const policeKey = seed.apiKeys[0].key;
  let t: TestHub;
  let pg: Client;
  let bridge: Bridge12345;
  const order = (overrides: Partial<Intake12345Request> = {}) => newOrder(overrides, code);
  const reportOf = async (caseNo: string) =>
    (await pg.query('SELECT r.source, r.event_source, r.integration_id, r.station_id, i.source AS incident_source FROM incident_report r JOIN incident i ON i.id = r.incident_id WHERE r.case_no = $1', [caseNo])).rows;
  const refusalsOf = async (caseNo: string) => (await pg.query('SELECT door, code, field, integration FROM intake_refusal WHERE case_no = $1 ORDER BY at', [caseNo])).rows;
  const keyId = async (key: string) => (await pg.query<{ id: string }>("SELECT id FROM api_key WHERE name = $1", [key])).rows[0]?.id;

  beforeAll(async () => {
    bridge = await Bridge12345.open(process.env.NATS_URL || 'nats://127.0.0.1:4222', code);
    t = await startTestHub({ seed });
    pg = new Client({ connectionString: t.databaseUrl });
    await pg.connect();
  });

  afterAll(async () => {
    await pg?.end();
    await t?.close();
    await bridge?.close();
  });

  describe('over HTTP', () => {
    it('makes a signed work order a case with source 12345, fed back to the 12345 key, and says so once', async () => {
      const body = order();
      const first = await postOrder(t.url, hotlineKey, body).expect(201);
      expect(first.body).toMatchObject({ duplicate: false, incident: { source: '12345', caseNo: body.caseNo, station: null }, receipt: { caseNo: body.caseNo, duplicate: false, stateLabel: expect.any(String) } });
      expect(await reportOf(body.caseNo)).toEqual([{ source: '12345', event_source: '12345', integration_id: await keyId('12345 热线'), station_id: null, incident_source: '12345' }]);
      const events = await pg.query('SELECT type, source, actor FROM incident_event WHERE incident_id = $1 ORDER BY id LIMIT 1', [first.body.incidentId]);
      expect(events.rows[0]).toMatchObject({ type: 'received', source: '12345', actor: '12345:12345 热线' });

      const again = await postOrder(t.url, hotlineKey, body).expect(200);
      expect(again.body).toMatchObject({ duplicate: true, incidentId: first.body.incidentId, receipt: { duplicate: true } });
      expect(await reportOf(body.caseNo)).toHaveLength(1);
    });

    it('answers a resend with other content as a conflict naming the field', async () => {
      const body = order();
      await postOrder(t.url, hotlineKey, body).expect(201);
      const res = await postOrder(t.url, hotlineKey, { ...body, address: '另一个小区9号' }).expect(409);
      expect(res.body).toMatchObject({ code: 'DUPLICATE_CONFLICT', field: 'address' });
      expect(res.body.message).toContain('工单号');
    });

    it('refuses a 110 key at the 12345 door and a 12345 key at the 110 door, each with a 403 naming the key, and logs both', async () => {
      const body = order();
      const wrong = await postOrder(t.url, policeKey, body).expect(403);
      expect(wrong.body).toMatchObject({ code: 'FORBIDDEN', field: 'x-api-key' });
      expect(wrong.body.message).toContain('110 联动平台');
      const case110 = newIntake110({ townshipCode: code });
      const timestamp = Math.floor(Date.now() / 1000);
      const wrong110 = await postCase(t.url, hotlineKey, case110, { timestamp }).expect(403);
      expect(wrong110.body.message).toContain('12345 热线');
      expect(await refusalsOf(body.caseNo)).toEqual([{ door: '12345-http', code: 'FORBIDDEN', field: 'x-api-key', integration: '110 联动平台' }]);
      expect(await refusalsOf(case110.caseNo)).toEqual([{ door: '110-http', code: 'FORBIDDEN', field: 'x-api-key', integration: '12345 热线' }]);
      expect(await reportOf(body.caseNo)).toEqual([]);
      // The refused request's signature was released: the same signed request (same key) may still be sent again.
      const releasedBody = order();
      await postOrder(t.url, policeKey, releasedBody, { timestamp }).expect(403);
      await postOrder(t.url, policeKey, releasedBody, { timestamp }).expect(403);
      await postCase(t.url, policeKey, case110).expect(201);
    });

    it('refuses a police matter back like 110, and a number the 110 door already took', async () => {
      const police = order({ category: 'theft' });
      const res = await postOrder(t.url, hotlineKey, police).expect(422);
      expect(res.body).toMatchObject({ code: 'POLICE_MATTER', field: 'category' });
      expect(await refusalsOf(police.caseNo)).toEqual([{ door: '12345-http', code: 'POLICE_MATTER', field: 'category', integration: '12345 热线' }]);

      const taken = newIntake110({ townshipCode: code, caseNo: `HZ${Date.now()}77` });
      await postCase(t.url, policeKey, taken).expect(201);
      const clash = await postOrder(t.url, hotlineKey, order({ caseNo: taken.caseNo })).expect(409);
      expect(clash.body).toMatchObject({ code: 'DUPLICATE_CONFLICT', field: 'caseNo' });
    });

    it.each([
      ['caseNo', { caseNo: 'not a number' }],
      ['caseNo', { caseNo: '12345' }],
      ['location.lat', { location: { lng: 120.5, lat: 130 } }],
      ['callerPhone', { callerPhone: '12345' }],
    ])('refuses a bad %s and stores nothing', async (field, patch) => {
      const body = { ...order(), ...patch };
      const res = await postOrder(t.url, hotlineKey, body).expect(400);
      expect(res.body).toMatchObject({ code: 'INVALID_INPUT', field });
    });

    it('refuses a police station field: a 12345 order has none', async () => {
      const res = await postOrder(t.url, hotlineKey, { ...order(), policeStationCode: `${code}-pcs` }).expect(400);
      expect(res.body).toMatchObject({ code: 'INVALID_INPUT', field: 'policeStationCode' });
    });
  });

  describe('over JetStream', () => {
    it('makes a published work order a case with source 12345 and answers a resend as a duplicate', async () => {
      const body = order();
      const receipt = await bridge.receipt(await bridge.publish(hotlineKey, body));
      expect(receipt).toMatchObject({ ok: true, statusCode: 201, caseNo: body.caseNo, receipt: { duplicate: false } });
      expect(await reportOf(body.caseNo)).toMatchObject([{ source: '12345', incident_source: '12345', integration_id: await keyId('12345 热线') }]);
      const again = await bridge.receipt(await bridge.publish(hotlineKey, body, Math.floor(Date.now() / 1000) + 1));
      expect(again).toMatchObject({ ok: true, statusCode: 200, receipt: { duplicate: true } });
      expect(await reportOf(body.caseNo)).toHaveLength(1);
    });

    it('refuses a 110 key and a police matter with error receipts, logged as 12345-jetstream', async () => {
      const body = order();
      const wrong = await bridge.receipt(await bridge.publish(policeKey, body));
      expect(wrong).toMatchObject({ ok: false, statusCode: 403, caseNo: body.caseNo, error: { code: 'FORBIDDEN', field: 'x-api-key' } });
      const police = order({ category: 'theft' });
      const refused = await bridge.receipt(await bridge.publish(hotlineKey, police));
      expect(refused).toMatchObject({ ok: false, statusCode: 422, error: { code: 'POLICE_MATTER', field: 'category' } });
      expect(await refusalsOf(body.caseNo)).toEqual([{ door: '12345-jetstream', code: 'FORBIDDEN', field: 'x-api-key', integration: '110 联动平台' }]);
      expect(await refusalsOf(police.caseNo)).toEqual([{ door: '12345-jetstream', code: 'POLICE_MATTER', field: 'category', integration: '12345 热线' }]);
      expect(await reportOf(body.caseNo)).toEqual([]);
    });
  });
});
