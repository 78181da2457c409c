/**
 * Junk text at every door that makes cases — 110 over HTTP and JetStream, camera alerts over HTTP and
 * JetStream, the operator's entry and the patrol report — generated from the corpus in
 * test/support/text-junk.ts. For every input: the answer is a 4xx (or an error receipt) naming the
 * field, never a 5xx; not a row was added (no case, report, event, timer, news, fingerprint, alert,
 * photo or case number); and the refusal is in intake_refusal. `JUNK_RUNS` sets the inputs per door.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { Client } from 'pg';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, CAMERA_API, REPORT_API, type ErrorBody } from '@xiaonao/contracts';
import { IntakeBridge } from '../../apps/sim/src/bridge/intake-bridge';
import { CameraPlatform, newCameraAlert, newCameraSeed } from '../support/camera-clients';
import { bearer, loginAs, postCase, signedHeaders } from '../support/clients';
import { newIntake110 } from '../support/factories';
import { startTestHub, TEST_NATS_URL, type TestHub } from '../support/hub';
import { junkRuns, JunkTally, junkTimeout } from '../support/junk-tally';
import { newOperatorEntry, newPatrolReport } from '../support/report-factories';
import { doorTextJunk, type TextJunk } from '../support/text-junk';
import { STATE_WAIT_MS } from '../support/patience';

const RUNS = junkRuns(100);

const INTAKE_110 = doorTextJunk(
  { callerName: { max: 50 }, address: { max: 200 }, description: { max: 2000, multiline: true } },
  ['caseNo', 'receivedAt', 'callerPhone', 'coordSystem', 'category', 'policeStationCode'],
);
const CAMERA_ALERT = doorTextJunk({}, ['alertId', 'cameraCode', 'type', 'at', 'snapshotRef', 'clipRef']);
const OPERATOR_ENTRY = doorTextJunk({ callerName: { max: 50 }, address: { max: 200 }, description: { max: 2000, multiline: true } }, ['channel', 'callerPhone', 'coordSystem', 'category']);
const PATROL_REPORT = doorTextJunk({ description: { max: 2000, multiline: true }, address: { max: 200 } }, ['category', 'photo', 'deviceAt']);

interface Answer {
  status: number;
  body: ErrorBody | undefined;
}

describe('junk text at every door that makes cases', () => {
  const code = `txtjunk${randomUUID().slice(0, 6)}`;
  const tally = new JunkTally();
  let t: TestHub;
  let pg: Client;
  let bridge: IntakeBridge;
  let platform: CameraPlatform;
  let operator: string;
  let worker: string;

  /** Rows any accepted input would add, and the refusals recorded so far. */
  async function snapshot(): Promise<{ rows: string; refusals: number }> {
    const { rows } = await pg.query<{ rows: string; refusals: number }>(
      `SELECT concat_ws('/', (SELECT count(*) FROM incident), (SELECT count(*) FROM incident_report), (SELECT count(*) FROM incident_event),
                             (SELECT count(*) FROM case_timer), (SELECT count(*) FROM outbox), (SELECT count(*) FROM intake_fingerprint),
                             (SELECT count(*) FROM camera_alert), (SELECT count(*) FROM camera_storm), (SELECT count(*) FROM report_photo),
                             (SELECT coalesce(sum(last), 0) FROM case_number_counter)) AS rows,
              (SELECT count(*) FROM intake_refusal)::int AS refusals`,
    );
    return rows[0];
  }

  /** Sends one junk input to a door, tallies what became of it, then asserts it was refused cleanly. */
  async function refusedCleanly(door: string, junk: TextJunk, valid: () => object, send: (raw: string) => Promise<Answer>, wholeNamed: (raw: string) => readonly string[] = () => []): Promise<void> {
    const raw = junk.build(valid());
    const before = await snapshot();
    const answer = await send(raw);
    const after = await snapshot();
    const refused = answer.status >= 400 && answer.status < 500;
    tally.add(door, { serverError: answer.status >= 500, partialRows: after.rows !== before.rows, refused, recorded: after.refusals === before.refusals + 1 });
    const what = `${junk.kind} → ${answer.status} ${JSON.stringify(answer.body)}`;
    expect(refused, what).toBe(true);
    const named = answer.body?.field ?? '';
    // A refusal of the whole input may name it otherwise than `body` (a form's `report` text).
    expect(named.startsWith(junk.field) || wholeNamed(raw).includes(named), `expected ${junk.field}: ${what}`).toBe(true);
    expect(answer.body?.message, what).toMatch(/[\u4e00-\u9fa5]/);
    expect(after.rows, what).toBe(before.rows);
    expect(after.refusals, what).toBe(before.refusals + 1);
  }

  const http = (res: request.Response): Answer => ({ status: res.status, body: res.body as ErrorBody });
  // A fresh timestamp for a body signed before (the corpus repeats some, e.g. a body of the same depth): else it is a replay.
  const signedRaw = (raw: string) => signedHeaders(t.apiKey, raw);

  beforeAll(async () => {
    t = await startTestHub({ seed: newCameraSeed({ code }) });
    pg = new Client({ connectionString: t.databaseUrl });
    await pg.connect();
    bridge = await IntakeBridge.open(TEST_NATS_URL, code);
    platform = await CameraPlatform.open(TEST_NATS_URL, code);
    operator = (await loginAs(t.url, t.seed, 'operator')).token;
    worker = (await loginAs(t.url, t.seed, 'worker', 'W1')).token;
  });

  afterAll(async () => {
    tally.print('Junk text at the doors that make cases');
    await pg?.end();
    await bridge?.close();
    await platform?.close();
    await t?.close();
  });

  it(
    '110 over HTTP',
    async () => {
      await fc.assert(
        fc.asyncProperty(INTAKE_110, (junk) =>
          refusedCleanly('110 HTTP', junk, () => newIntake110({ townshipCode: code }), async (raw) =>
            http(await request(t.url).post(API.intake110).set(signedHeaders(t.apiKey, raw)).set('content-type', 'application/json').send(raw)),
          ),
        ),
        { numRuns: RUNS },
      );
    },
    junkTimeout(RUNS),
  );

  it(
    '110 over JetStream',
    async () => {
      await fc.assert(
        fc.asyncProperty(INTAKE_110, (junk) =>
          refusedCleanly('110 JetStream', junk, () => newIntake110({ townshipCode: code }), async (raw) => {
            const receipt = await bridge.receipt(await bridge.publishRaw(raw, signedRaw(raw)), STATE_WAIT_MS);
            return receipt.ok ? { status: receipt.statusCode, body: undefined } : { status: receipt.statusCode, body: receipt.error };
          }),
        ),
        { numRuns: RUNS },
      );
    },
    junkTimeout(RUNS),
  );

  it(
    'camera alerts over HTTP',
    async () => {
      await fc.assert(
        fc.asyncProperty(CAMERA_ALERT, (junk) =>
          refusedCleanly('camera HTTP', junk, () => newCameraAlert(), async (raw) =>
            http(await request(t.url).post(CAMERA_API.intake).set(signedHeaders(t.apiKey, raw)).set('content-type', 'application/json').send(raw)),
          ),
        ),
        { numRuns: RUNS },
      );
    },
    junkTimeout(RUNS),
  );

  it(
    'camera alerts over JetStream',
    async () => {
      await fc.assert(
        fc.asyncProperty(CAMERA_ALERT, (junk) =>
          refusedCleanly('camera JetStream', junk, () => newCameraAlert(), async (raw) => {
            const receipt = await platform.receipt(await platform.publishRaw(raw, signedRaw(raw)));
            return receipt.ok ? { status: receipt.statusCode, body: undefined } : { status: receipt.statusCode, body: receipt.error };
          }),
        ),
        { numRuns: RUNS },
      );
    },
    junkTimeout(RUNS),
  );

  it(
    'the operator’s entry (POST /api/incidents)',
    async () => {
      await fc.assert(
        fc.asyncProperty(OPERATOR_ENTRY, (junk) =>
          refusedCleanly('operator entry', junk, () => newOperatorEntry(), async (raw) =>
            http(await request(t.url).post(REPORT_API.operatorEntry).set(bearer(operator)).set('content-type', 'application/json').send(raw)),
          ),
        ),
        { numRuns: RUNS },
      );
    },
    junkTimeout(RUNS),
  );

  it(
    'the patrol report (POST /api/workers/me/reports), as JSON and as the multipart form’s report text',
    async () => {
      await fc.assert(
        fc.asyncProperty(PATROL_REPORT, fc.boolean(), (junk, multipart) =>
          refusedCleanly(
            multipart ? 'patrol report (multipart)' : 'patrol report',
            junk,
            () => newPatrolReport(),
            async (raw) => {
              const req = request(t.url).post(REPORT_API.patrolReport).set(bearer(worker));
              return http(await (multipart ? req.field('report', raw) : req.set('content-type', 'application/json').send(raw)));
            },
            // In a form the body is the `report` text: refused whole (not an object, over multer's 64 KiB) it is named.
            (raw) => (multipart && (junk.field === 'body' || raw.length > 64 * 1024) ? ['report'] : []),
          ),
        ),
        { numRuns: RUNS },
      );
    },
    junkTimeout(RUNS),
  );

  it('answers the outside tester’s four findings at the 110 door with a recorded 400 naming the field', async () => {
    const refusals = async () => (await pg.query<{ n: number }>('SELECT count(*)::int AS n FROM intake_refusal')).rows[0].n;
    const send = (raw: string) => request(t.url).post(API.intake110).set(signedHeaders(t.apiKey, raw)).set('content-type', 'application/json').send(raw);
    const before = await refusals();
    const surrogate = await send(JSON.stringify(newIntake110({ townshipCode: code, callerName: '王\uD800女士' })));
    expect(surrogate.status).toBe(400);
    expect(surrogate.body).toMatchObject({ code: 'INVALID_INPUT', field: 'callerName', message: '字段 callerName 无效：含有无法存储的字符（不成对的代理项）' });
    const nul = await send(JSON.stringify(newIntake110({ townshipCode: code, caseNo: '3301\u00002026' })));
    expect(nul.body).toMatchObject({ code: 'INVALID_INPUT', field: 'caseNo' });
    const deep = await send('['.repeat(100_000) + ']'.repeat(100_000));
    expect(deep.body).toMatchObject({ code: 'INVALID_INPUT', field: 'body', message: '字段 body 无效：嵌套超过 16 层' });
    const zeroWidth = await send(JSON.stringify(newIntake110({ townshipCode: code, callerName: '\u200B' })));
    expect(zeroWidth.body).toMatchObject({ code: 'INVALID_INPUT', field: 'callerName', message: '字段 callerName 无效：只含空白或不可见字符' });
    expect(await refusals()).toBe(before + 4);
    const logged = await pg.query<{ case_no: string | null }>(`SELECT case_no FROM intake_refusal WHERE field = 'caseNo' ORDER BY at DESC LIMIT 1`);
    expect(logged.rows[0].case_no).toBe('3301\uFFFD2026');
  });

  it('still takes good input at every door after all that, normalised', async () => {
    const sent = newIntake110({ townshipCode: code, callerName: '  Jose\u0301 王女士 ', description: '第一行\r\n第二行' });
    const res = await postCase(t.url, t.apiKey, sent);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const stored = await pg.query<{ caller_name: string; description: string }>('SELECT caller_name, description FROM incident ORDER BY received_at DESC LIMIT 1');
    expect(stored.rows[0]).toEqual({ caller_name: 'José 王女士', description: '第一行\n第二行' });
    // The same case sent again already normalised is the same case: a duplicate, not a conflict.
    const again = await postCase(t.url, t.apiKey, { ...sent, callerName: 'José 王女士', description: '第一行\n第二行' });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    await request(t.url).post(REPORT_API.operatorEntry).set(bearer(operator)).send(newOperatorEntry()).expect(201);
    await request(t.url).post(REPORT_API.patrolReport).set(bearer(worker)).send(newPatrolReport()).expect(201);
  });
});
