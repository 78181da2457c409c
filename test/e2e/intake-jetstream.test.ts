import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from 'pg';
import type { TownshipSeed } from '@xiaonao/contracts';
import { startHub, type RunningHub } from '../../apps/hub/src/start-hub';
import { newIntake110, newTownshipSeed } from '../support/factories';
import { createTestDatabase, TEST_NATS_URL } from '../support/hub';
import { IntakeBridge } from '../../apps/sim/src/bridge/intake-bridge';
import { sleep } from '../support/clients';
import { STATE_WAIT_MS } from '../support/patience';

describe('the 110 door on JetStream', () => {
  // Its own township code: the durable consumer and the stream's messages are per township.
  const code = `js${randomUUID().slice(0, 8)}`;
  const seed: TownshipSeed = newTownshipSeed({ code });
  const apiKey = seed.apiKeys[0].key;
  const hubs: RunningHub[] = [];
  let database: { url: string; drop(): Promise<void> };
  let bridge: IntakeBridge;
  let pg: Client;

  const start = async () => {
    // Cases stand alone here: no report joins another's incident.
    const hub = await startHub({ env: { PORT: '0', LOG_LEVEL: 'warn', DATABASE_URL: database.url, NATS_URL: TEST_NATS_URL, REPORT_LINK_RADIUS_M: '0' }, seeds: [seed] });
    hubs.push(hub);
    return hub;
  };
  const stop = async (hub: RunningHub) => {
    hubs.splice(hubs.indexOf(hub), 1);
    await hub.close();
  };
  const incidentsWith = async (caseNo: string) => (await pg.query('SELECT id FROM incident WHERE case_no = $1', [caseNo])).rows.map((r: { id: string }) => r.id);
  const newCase = () => newIntake110({ townshipCode: code });

  beforeAll(async () => {
    database = await createTestDatabase();
    bridge = await IntakeBridge.open(TEST_NATS_URL, code);
    pg = new Client({ connectionString: database.url });
    await pg.connect();
  });

  afterAll(async () => {
    for (const hub of [...hubs]) await hub.close();
    await pg?.end();
    await bridge?.close();
    await database?.drop();
  });

  it('takes a case published while the hub was down, once, and publishes its receipt', async () => {
    // The first start creates the township's consumer; then the hub goes down.
    await stop(await start());
    const body = newCase();
    const seq = await bridge.publish(apiKey, body);
    await sleep(300);
    expect(await incidentsWith(body.caseNo)).toEqual([]);

    await start();
    const receipt = await bridge.receipt(seq, STATE_WAIT_MS);
    expect(receipt).toMatchObject({ ok: true, statusCode: 201, sequence: seq, caseNo: body.caseNo, receipt: { caseNo: body.caseNo, duplicate: false } });
    if (!receipt.ok) throw new Error('refused');
    expect(await incidentsWith(body.caseNo)).toEqual([receipt.receipt.incidentId]);

    // Sent again (signed anew, a second later): the same incident, and still one.
    const again = await bridge.receipt(await bridge.publish(apiKey, body, { timestamp: Math.floor(Date.now() / 1000) + 1 }), STATE_WAIT_MS);
    expect(again).toMatchObject({ ok: true, statusCode: 200, receipt: { duplicate: true, incidentId: receipt.receipt.incidentId } });
    expect(await incidentsWith(body.caseNo)).toHaveLength(1);
    expect(bridge.receipts.filter((r) => r.sequence === seq)).toHaveLength(1);
  });

  it('answers a bad signature with an error receipt, records it, and stores nothing', async () => {
    const body = newCase();
    const receipt = await bridge.receipt(await bridge.publish(apiKey, body, { secret: 'wrong-secret' }), STATE_WAIT_MS);
    expect(receipt).toMatchObject({ ok: false, statusCode: 401, caseNo: body.caseNo, error: { code: 'SIGNATURE_INVALID', field: 'x-xiaonao-signature' } });
    expect(await incidentsWith(body.caseNo)).toEqual([]);
    const { rows } = await pg.query('SELECT door, code, case_no FROM intake_refusal WHERE case_no = $1', [body.caseNo]);
    expect(rows).toEqual([{ door: '110-jetstream', code: 'SIGNATURE_INVALID', case_no: body.caseNo }]);
  });

  it('refuses a replayed message as the HTTP door does', async () => {
    const body = newCase();
    const timestamp = Math.floor(Date.now() / 1000);
    const first = await bridge.receipt(await bridge.publish(apiKey, body, { timestamp }), STATE_WAIT_MS);
    const replay = await bridge.receipt(await bridge.publish(apiKey, body, { timestamp }), STATE_WAIT_MS);
    expect(first).toMatchObject({ ok: true, statusCode: 201 });
    expect(replay).toMatchObject({ ok: false, statusCode: 401, error: { code: 'SIGNATURE_REPLAYED' } });
    expect(await incidentsWith(body.caseNo)).toHaveLength(1);
  });

  it('refuses a police matter and a conflicting resend with error receipts naming the field', async () => {
    const police = await bridge.receipt(await bridge.publish(apiKey, { ...newCase(), category: 'theft' }), STATE_WAIT_MS);
    expect(police).toMatchObject({ ok: false, statusCode: 422, error: { code: 'POLICE_MATTER', field: 'category' } });
    const body = newCase();
    await bridge.receipt(await bridge.publish(apiKey, body), STATE_WAIT_MS);
    const conflict = await bridge.receipt(await bridge.publish(apiKey, { ...body, address: '另一个地址1号' }), STATE_WAIT_MS);
    expect(conflict).toMatchObject({ ok: false, statusCode: 409, caseNo: body.caseNo, error: { code: 'DUPLICATE_CONFLICT', field: 'address' } });
  });

  it('asks again for a message the hub failed on (database trouble) instead of refusing it', async () => {
    // The replay guard's table gone for a moment: every message fails on the hub's side.
    await pg.query('ALTER TABLE intake_signature RENAME TO intake_signature_away');
    const body = newCase();
    let seq: number;
    try {
      seq = await bridge.publish(apiKey, body);
      await sleep(1_500);
      expect(bridge.receipts.some((r) => r.sequence === seq)).toBe(false);
      expect(await incidentsWith(body.caseNo)).toEqual([]);
    } finally {
      await pg.query('ALTER TABLE intake_signature_away RENAME TO intake_signature');
    }
    expect(await bridge.receipt(seq, STATE_WAIT_MS)).toMatchObject({ ok: true, statusCode: 201, caseNo: body.caseNo });
    expect(await incidentsWith(body.caseNo)).toHaveLength(1);
  });

  it('lets two hubs on one database share the consumer: each message handled once, each case made once', async () => {
    await start();
    expect(hubs).toHaveLength(2);
    const cases = Array.from({ length: 20 }, newCase);
    const later = Math.floor(Date.now() / 1000) + 1;
    // Every case, then every case again (a resend, signed anew): 40 messages, 20 incidents.
    const firsts = await Promise.all(cases.map((c) => bridge.publish(apiKey, c)));
    const resends = await Promise.all(cases.map((c) => bridge.publish(apiKey, c, { timestamp: later })));
    const receipts = await Promise.all([...firsts, ...resends].map((seq) => bridge.receipt(seq, STATE_WAIT_MS)));
    expect(receipts.every((r) => r.ok)).toBe(true);
    await sleep(1_000);
    for (const seq of [...firsts, ...resends]) expect(bridge.receipts.filter((r) => r.sequence === seq)).toHaveLength(1);
    for (const [i, c] of cases.entries()) {
      const ids = await incidentsWith(c.caseNo);
      expect(ids).toHaveLength(1);
      for (const r of [receipts[i], receipts[i + cases.length]]) expect(r.ok && r.receipt.incidentId).toBe(ids[0]);
    }
  });
});
