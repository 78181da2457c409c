/**
 * Results back to the sender (#11), end to end: a real hub, a real local webhook receiver verifying
 * Standard Webhooks signatures, real NATS JetStream. Retries use a schedule of fractions of a second
 * (FEEDBACK_RETRY_SCHEDULE_SECONDS); every wait is on state, never on time.
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { jetstream, jetstreamManager, type ConsumerMessages } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { API, FEEDBACK_API, FEEDBACK_STREAM, FOLLOWUP_API, HANDBACK_API, type IncidentView, type FeedbackDeadLetterView, type FeedbackEvent, type FeedbackSubscriptionView, type IncidentDetailView } from '@xiaonao/contracts';
import { bearer, connectSocket, Inbox, loginAs, postCase, until, type HubSocket } from '../support/clients';
import { newIntake110, newTownshipSeed } from '../support/factories';
import { startTestHub, TEST_NATS_URL, type TestHub } from '../support/hub';
import { WebhookReceiver } from '../support/webhook-receiver';

// The hub's feedback settings for these tests: retries within a second, the poller every 50 ms.
const FAST_FEEDBACK = { FEEDBACK_RETRY_SCHEDULE_SECONDS: '0,0.1,0.2,0.3,0.3', FEEDBACK_POLL_MS: '50' };

const whsec = () => `whsec_${randomBytes(24).toString('base64')}`;
const SECRET = whsec();
const LIFE = ['case.accepted', 'case.contacted', 'case.arrived', 'case.closed'];

interface Phone {
  token: string;
  socket: HubSocket;
  offers: Inbox<'offer.created'>;
}

describe('results back to the sender', () => {
  let t: TestHub;
  let receiver: WebhookReceiver;
  let operator: string;
  let pg: Client;
  let nc: NatsConnection | null = null;
  const phones: Record<string, Phone> = {};
  const key2 = `key-feedback-wrong-${randomBytes(6).toString('hex')}`;
  const key3 = `key-feedback-dead-${randomBytes(6).toString('hex')}`;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start(SECRET);
    const seed = newTownshipSeed({ workers: 3 });
    seed.apiKeys = [
      { ...seed.apiKeys[0], feedback: { webhookUrl: `${receiver.url}/110`, webhookSecret: SECRET, jetstream: true, maxAttempts: 100 } },
      // Our side holds the wrong secret for this one: the receiver must notice.
      { name: '110 错误密钥', key: key2, feedback: { webhookUrl: `${receiver.url}/wrong`, webhookSecret: whsec() } },
      // Gives up after two attempts: dead letters.
      { name: '110 死信', key: key3, feedback: { webhookUrl: `${receiver.url}/k3`, webhookSecret: SECRET, maxAttempts: 2 } },
    ];
    t = await startTestHub({ seed, env: { OFFER_TIMEOUT_MS: '60000', ...FAST_FEEDBACK } });
    operator = (await loginAs(t.url, t.seed, 'operator')).token;
    for (const code of ['W1', 'W2', 'W3']) {
      const { token } = await loginAs(t.url, t.seed, 'worker', code);
      const socket = await connectSocket(t.url, token);
      phones[code] = { token, socket, offers: new Inbox(socket, 'offer.created') };
    }
    pg = new Client({ connectionString: t.databaseUrl });
    await pg.connect();
  });

  afterAll(async () => {
    Object.values(phones).forEach((p) => p.socket.disconnect());
    await nc?.close();
    await pg?.end();
    await t?.close();
    await receiver?.close();
  });

  const step = (who: string, path: string, body: object = {}) => request(t.url).post(path).set(bearer(phones[who].token)).send(body);
  const detail = async (id: string) => (await request(t.url).get(API.incident(id)).set(bearer(operator)).expect(200)).body as IncidentDetailView;

  /** A new case from `apiKey`, and the worker it was offered to. */
  async function offered(apiKey: string): Promise<{ id: string; who: string; caseNo: string }> {
    const intake = newIntake110();
    const { body } = await postCase(t.url, apiKey, intake).expect(201);
    const id = body.incidentId as string;
    const who = await Promise.any(Object.entries(phones).map(async ([code, p]) => (await p.offers.next((o) => o.incidentId === id), code)));
    return { id, who, caseNo: intake.caseNo };
  }

  async function live(c: { id: string; who: string }): Promise<void> {
    await step(c.who, API.accept(c.id)).expect(200);
    await step(c.who, API.contact(c.id)).expect(200);
    await step(c.who, API.arrive(c.id)).expect(200);
    await step(c.who, API.close(c.id), { result: '已调解，双方和解' }).expect(200);
  }

  /** A value read now, for `until` (which reads promises). */
  const now = <T>(value: T) => Promise.resolve(value);
  const eventsOf = (path: string, caseNo: string) => receiver.on(path).filter((r) => r.event.caseNo === caseNo);

  it('tells the 110 side the whole life of a case, in order, once, signed as Standard Webhooks says', async () => {
    const c = await offered(t.apiKey);
    await live(c);
    const got = await until(() => now(eventsOf('/110', c.caseNo)), (l) => l.length >= 4, 'four feedback events');
    expect(got.map((r) => r.event.type)).toEqual(LIFE);
    expect(new Set(got.map((r) => r.webhookId)).size).toBe(4);
    for (const r of got) expect(r.webhookId).toBe(r.event.id);
    const d = await detail(c.id);
    const closed = got[3].event;
    expect(closed).toMatchObject({
      caseNo: c.caseNo,
      incidentNo: d.caseNo,
      round: 1,
      state: 'closed',
      closure: 'resolved',
      townshipCode: t.seed.code,
      result: { kind: 'resolved', zh: '已办结', code: '10', text: '已调解，双方和解' },
      handler: { name: d.worker?.name },
    });
    expect(closed.occurredAt).toBe(d.closedAt);
    // Names only: neither the worker's nor the caller's number ever goes back.
    const raw = JSON.stringify(got.map((r) => r.event));
    expect(raw).not.toContain(d.worker?.phone ?? 'x');
    expect(raw).not.toContain('13905712345');
    expect((await pg.query(`SELECT count(*)::int AS n FROM feedback_event WHERE case_no = $1 AND door = 'webhook' AND status = 'delivered'`, [c.caseNo])).rows[0].n).toBe(4);
  });

  it('delivers everything once and in order after the receiver answered 500 and then was down for a while', async () => {
    receiver.setMode('error500', '/110');
    const before = receiver.requests;
    const cases = [await offered(t.apiKey), await offered(t.apiKey)];
    await Promise.all(cases.map(live));
    // Failing for real: several refused attempts, then the receiver down (connections dropped).
    await until(() => now(receiver.requests), (n) => n >= before + 4, 'attempts answered 500');
    receiver.setMode('down', '/110');
    const down = receiver.requests;
    await until(() => now(receiver.requests), (n) => n >= down + 2, 'attempts while down');
    expect(cases.flatMap((c) => eventsOf('/110', c.caseNo))).toEqual([]);
    receiver.setMode('ok', '/110');
    for (const c of cases) {
      const got = await until(() => now(eventsOf('/110', c.caseNo)), (l) => l.length >= 4, `the events of ${c.caseNo}`);
      expect(got.map((r) => r.event.type)).toEqual(LIFE);
    }
    // Once: nothing more arrives while the queue settles.
    await until(async () => (await pg.query(`SELECT count(*)::int AS n FROM feedback_event WHERE door = 'webhook' AND status = 'pending' AND subscription_id = (SELECT id FROM feedback_subscription WHERE webhook_url LIKE '%/110')`)).rows[0].n, (n) => n === 0, 'nothing pending');
    for (const c of cases) expect(new Set(eventsOf('/110', c.caseNo).map((r) => r.webhookId)).size).toBe(eventsOf('/110', c.caseNo).length);
    const attempts = await pg.query<{ attempts: number }>(`SELECT attempts FROM feedback_event WHERE door = 'webhook' AND case_no = ANY($1)`, [cases.map((c) => c.caseNo)]);
    expect(Math.max(...attempts.rows.map((r) => r.attempts))).toBeGreaterThan(1);
  });

  it('is found out by the receiver when our side signs with the wrong secret', async () => {
    const c = await offered(key2);
    await step(c.who, API.accept(c.id)).expect(200);
    const refused = await until(() => now(receiver.refused.filter((r) => r.path === '/wrong')), (l) => l.length >= 1, 'a refused signature');
    expect(refused[0].webhookId).toMatch(/^evt_[0-9a-f]{32}$/);
    expect(refused[0].reason).toMatch(/signature/i);
    expect(receiver.on('/wrong')).toEqual([]);
    // The receiver has answered; the hub records the answer when it reads it, a moment later.
    const status = async () => (await pg.query<{ last_status: number | null }>(`SELECT last_status FROM feedback_event WHERE id = $1`, [refused[0].webhookId])).rows[0]?.last_status ?? null;
    expect(await until(status, (s) => s !== null, 'the refusal recorded')).toBe(400);
    await step(c.who, API.contact(c.id)).expect(200);
    await step(c.who, API.arrive(c.id)).expect(200);
    await step(c.who, API.close(c.id), { result: '已处理' }).expect(200);
  });

  it('publishes the same events on the integration’s JetStream subject, in order, with Nats-Msg-Id', async () => {
    const subs = (await request(t.url).get(FEEDBACK_API.subscriptions).set(bearer(operator)).expect(200)).body as FeedbackSubscriptionView[];
    const mine = subs.find((s) => s.integrationName === t.seed.apiKeys[0].name);
    expect(mine?.subject).toMatch(new RegExp(`^xiaonao-feedback\\.110\\.${t.seed.code}\\.[0-9a-f]{8}$`));
    const c = await offered(t.apiKey);
    await live(c);
    const webhook = await until(() => now(eventsOf('/110', c.caseNo)), (l) => l.length >= 4, 'webhook events');
    nc = await connect({ servers: TEST_NATS_URL });
    const jsm = await jetstreamManager(nc);
    await until(() => jsm.streams.info(FEEDBACK_STREAM).then(() => true, () => false), (ok) => ok, 'the feedback stream');
    const consumer = await jetstream(nc).consumers.get(FEEDBACK_STREAM, { filter_subjects: mine?.subject ?? '' });
    const messages: ConsumerMessages = await consumer.consume();
    const seen: { msgId: string | undefined; event: FeedbackEvent }[] = [];
    const reading = (async () => {
      for await (const m of messages) {
        seen.push({ msgId: m.headers?.get('Nats-Msg-Id'), event: m.json<FeedbackEvent>() });
      }
    })();
    const mineOnStream = await until(() => now(seen.filter((s) => s.event.caseNo === c.caseNo)), (l) => l.length >= 4, 'JetStream events');
    await messages.close();
    await reading;
    expect(mineOnStream.map((s) => s.event.type)).toEqual(LIFE);
    expect(mineOnStream.map((s) => s.msgId)).toEqual(webhook.map((r) => r.webhookId));
    expect(mineOnStream.map((s) => s.event)).toEqual(webhook.map((r) => r.event));
  });

  it('makes a dead letter after the limit, lists it, and a resend delivers it and then the case’s later events in order', async () => {
    receiver.setMode('error500', '/k3');
    const c = await offered(key3);
    await step(c.who, API.accept(c.id)).expect(200);
    const listDead = async () => ((await request(t.url).get(FEEDBACK_API.deadLetters).set(bearer(operator)).expect(200)).body as FeedbackDeadLetterView[]).filter((d) => d.caseNo === c.caseNo);
    const [dead] = await until(listDead, (l) => l.length === 1, 'the dead letter');
    expect(dead).toMatchObject({ type: 'case.accepted', door: 'webhook', attempts: 2, lastStatus: 500, integrationName: '110 死信' });
    // Later news of the case waits behind the dead letter, not around it.
    await step(c.who, API.contact(c.id)).expect(200);
    receiver.setMode('ok', '/k3');
    await until(async () => (await pg.query(`SELECT status FROM feedback_event WHERE case_no = $1 AND type = 'case.contacted'`, [c.caseNo])).rows[0]?.status, (s) => s === 'pending', 'the contact event queued');
    expect(eventsOf('/k3', c.caseNo)).toEqual([]);
    await request(t.url).post(FEEDBACK_API.resend).set(bearer(operator)).send({ eventId: dead.eventId }).expect(200, { requeued: 1 });
    const got = await until(() => now(eventsOf('/k3', c.caseNo)), (l) => l.length >= 2, 'the resent event and the next');
    expect(got.map((r) => r.event.type)).toEqual(['case.accepted', 'case.contacted']);
    expect(got[0].webhookId).toBe(dead.eventId);
    expect(await listDead()).toEqual([]);
    await step(c.who, API.arrive(c.id)).expect(200);
    await step(c.who, API.close(c.id), { result: '已处理' }).expect(200);
    const all = await until(() => now(eventsOf('/k3', c.caseNo)), (l) => l.length >= 4, 'the rest');
    expect(all.map((r) => r.event.type)).toEqual(LIFE);
  });

  it('tells the 110 side when a worker on site returns the case to the police, with the reason and no notes of the worker', async () => {
    const c = await offered(t.apiKey);
    await step(c.who, API.accept(c.id)).expect(200);
    await step(c.who, API.contact(c.id)).expect(200);
    await step(c.who, API.arrive(c.id)).expect(200);
    const body = { reasonCategory: 'violence', reason: '双方持械斗殴，请派警，联系人13905719999', notes: '男子约30岁，灰色外套，往东离开' };
    await step(c.who, HANDBACK_API.returnToPolice(c.id), body).expect(200);
    const got = await until(() => now(eventsOf('/110', c.caseNo)), (l) => l.length >= 4, 'the return, after the steps before it');
    expect(got.map((r) => r.event.type)).toEqual(['case.accepted', 'case.contacted', 'case.arrived', 'case.returned_to_police']);
    const returned = got[3].event;
    expect(returned).toMatchObject({ state: 'closed', closure: 'returned_to_police', result: { kind: 'returned_to_police', zh: '已退回公安', code: '30' }, handback: { reasonCategory: 'violence' } });
    expect(returned.handback?.reason).toContain('双方持械斗殴');
    // A number typed into the reason is masked; the worker's notes are for the station, not the 110 system.
    expect(JSON.stringify(returned)).not.toContain('13905719999');
    expect(JSON.stringify(returned)).not.toContain('灰色外套');
    expect(returned.handler?.name).toBe((await detail(c.id)).worker?.name);
  });

  it('tells the 110 side a 「不满意」 回访 and the reopened round, whose own steps follow under the first case number', async () => {
    const c = await offered(t.apiKey);
    await live(c);
    await until(async () => (await detail(c.id)).followUp?.status, (s) => s === 'scheduled', 'the 回访 scheduled');
    const first = (await request(t.url).post(FOLLOWUP_API.record(c.id)).set(bearer(operator)).send({ reached: true, satisfaction: 'not_satisfied', solved: false, notes: '噪音仍在', decision: 'reopen' }).expect(200)).body as IncidentView;
    const round = first.followUp?.reopenedAs;
    expect(round?.caseNo).toMatch(/-R2$/);
    const who = await Promise.any(Object.entries(phones).map(async ([code, p]) => (await p.offers.next((o) => o.incidentId === round?.id), code)));
    await step(who, API.accept(round?.id ?? '')).expect(200);
    const got = await until(() => now(eventsOf('/110', c.caseNo)), (l) => l.length >= 7, 'the 回访, the reopening and the new round accepted');
    expect(got.map((r) => [r.event.type, r.event.round])).toEqual([...LIFE.map((type) => [type, 1]), ['case.followed_up', 1], ['case.reopened', 2], ['case.accepted', 2]]);
    expect(got[4].event.followUp).toEqual({ reached: true, satisfaction: 'not_satisfied', solved: false });
    expect(got[5].event).toMatchObject({ reopened: { incidentNo: round?.caseNo, round: 2 }, result: { kind: 'reopened', code: '90' } });
    expect(got[6].event).toMatchObject({ caseNo: c.caseNo, incidentNo: round?.caseNo, state: 'accepted' });
  });

  it('lets an operator configure a subscription without ever reading its secret back, and refuses bad mappings by field', async () => {
    const subs = (await request(t.url).get(FEEDBACK_API.subscriptions).set(bearer(operator)).expect(200)).body as FeedbackSubscriptionView[];
    const first = subs.find((s) => s.integrationName === t.seed.apiKeys[0].name);
    expect(first?.webhookSecretHint).toMatch(/^whsec_.{4}….{4}$/);
    expect(JSON.stringify(subs)).not.toContain(SECRET);
    const path = FEEDBACK_API.subscription(first?.integrationId ?? '');
    const bad = await request(t.url).put(path).set(bearer(operator)).send({ resultCodes: { solved: '1' } }).expect(400);
    expect(bad.body).toMatchObject({ code: 'INVALID_INPUT', field: 'resultCodes.solved' });
    const badSecret = await request(t.url).put(path).set(bearer(operator)).send({ webhookSecret: 'plain' }).expect(400);
    expect(badSecret.body.field).toBe('webhookSecret');
    const set = (await request(t.url).put(path).set(bearer(operator)).send({ resultCodes: { resolved: 'A10', returned_to_police: 'B20' } }).expect(200)).body as FeedbackSubscriptionView;
    expect(set.resultCodes).toEqual({ resolved: 'A10', returned_to_police: 'B20' });
    expect(set.webhookUrl).toBe(`${receiver.url}/110`);
    const worker = await request(t.url).get(FEEDBACK_API.subscriptions).set(bearer(phones.W1.token));
    expect(worker.status).toBe(403);
  });
});
