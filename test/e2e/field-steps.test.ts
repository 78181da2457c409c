/**
 * Steps from a phone that lost its network: each tap carries an Idempotency-Key and its device time;
 * resends (the offline queue replaying, three sends at once) have one effect and get the first
 * answer; a step for a case that went to someone else meanwhile is refused plainly.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { API, IDEMPOTENCY_KEY_HEADER, IDEMPOTENT_REPLAYED_HEADER, REPORT_API, type IncidentDetailView, type IncidentView, type PatrolReportAnswer } from '@xiaonao/contracts';
import { bearer, connectSocket, Inbox, loginAs, postCase, type HubSocket } from '../support/clients';
import { newIntake110, newTownshipSeed } from '../support/factories';
import { jpegDataUrl, newPatrolReport } from '../support/report-factories';
import { startTestHub, type TestHub } from '../support/hub';

interface Phone {
  id: string;
  token: string;
  socket: HubSocket;
  offers: Inbox<'offer.created'>;
}

describe('worker steps that survive a bad network', () => {
  let t: TestHub;
  let operator: string;
  const phones: Record<string, Phone> = {};

  beforeAll(async () => {
    t = await startTestHub({ seed: newTownshipSeed({ workers: 3 }), env: { OFFER_TIMEOUT_MS: '60000' } });
    operator = (await loginAs(t.url, t.seed, 'operator')).token;
    for (const code of ['W1', 'W2', 'W3']) {
      const { token, user } = await loginAs(t.url, t.seed, 'worker', code);
      const socket = await connectSocket(t.url, token);
      phones[code] = { id: user.workerId ?? '', token, socket, offers: new Inbox(socket, 'offer.created') };
    }
  });

  afterAll(async () => {
    Object.values(phones).forEach((p) => p.socket.disconnect());
    await t?.close();
  });

  const step = (who: string, path: string, key: string | null, body: object = {}) => {
    const req = request(t.url).post(path).set(bearer(phones[who].token));
    if (key) req.set(IDEMPOTENCY_KEY_HEADER, key);
    return req.send(body);
  };
  const detail = async (id: string) => (await request(t.url).get(API.incident(id)).set(bearer(operator)).expect(200)).body as IncidentDetailView;
  const count = (d: IncidentDetailView, type: string) => d.timeline.filter((e) => e.type === type).length;

  /** A new case and the worker it was offered to. */
  async function offered(): Promise<{ id: string; who: string }> {
    const { body } = await postCase(t.url, t.apiKey, newIntake110()).expect(201);
    const id = body.incidentId as string;
    const who = await Promise.any(Object.entries(phones).map(async ([code, p]) => (await p.offers.next((o) => o.incidentId === id), code)));
    return { id, who };
  }

  async function finish(who: string, id: string): Promise<void> {
    const d = await detail(id);
    if (d.state === 'accepted') await step(who, API.contact(id), null).expect(200);
    if ((await detail(id)).state === 'contacted') await step(who, API.arrive(id), null).expect(200);
    await step(who, API.close(id), null, { result: '已处理' }).expect(200);
  }

  it('applies three concurrent sends of one accept once, and answers each with the first answer', async () => {
    const { id, who } = await offered();
    const key = randomUUID();
    const answers = await Promise.all([0, 1, 2].map(() => step(who, API.accept(id), key)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers.filter((a) => a.headers[IDEMPOTENT_REPLAYED_HEADER] === 'true')).toHaveLength(2);
    const bodies = answers.map((a) => a.body as IncidentView);
    expect(bodies[1]).toEqual(bodies[0]);
    expect(bodies[2]).toEqual(bodies[0]);
    const d = await detail(id);
    expect(count(d, 'accepted')).toBe(1);
    expect(d.acceptedAt).toBe(bodies[0].acceptedAt);
    await finish(who, id);
  });

  it('answers a resend of a call attempt and of a contact from the first time, and refuses the key for another step', async () => {
    const { id, who } = await offered();
    await step(who, API.accept(id), randomUUID()).expect(200);
    const callKey = randomUUID();
    const call = { answered: true, durationSeconds: 40, startedAt: new Date(Date.now() - 60_000).toISOString() };
    const calls = await Promise.all([0, 1, 2].map(() => step(who, API.callAttempt(id), callKey, call)));
    expect(calls.map((c) => c.status)).toEqual([201, 201, 201]);
    const contactKey = randomUUID();
    const first = await step(who, API.contact(id), contactKey).expect(200);
    const again = await step(who, API.contact(id), contactKey).expect(200);
    expect(again.headers[IDEMPOTENT_REPLAYED_HEADER]).toBe('true');
    expect(again.body).toEqual(first.body);
    const misused = await step(who, API.arrive(id), contactKey).expect(422);
    expect(misused.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', field: IDEMPOTENCY_KEY_HEADER });
    const d = await detail(id);
    expect(d.callAttempts).toBe(1);
    expect([count(d, 'call_attempted'), count(d, 'contacted'), count(d, 'arrived')]).toEqual([1, 1, 0]);
    await finish(who, id);
  });

  it('refuses a malformed key naming the header, and writes nothing', async () => {
    const { id, who } = await offered();
    const bad = await step(who, API.accept(id), 'short').expect(400);
    expect(bad.body).toMatchObject({ code: 'INVALID_INPUT', field: IDEMPOTENCY_KEY_HEADER });
    expect((await detail(id)).state).toBe('offered');
    await step(who, API.accept(id), randomUUID()).expect(200);
    await finish(who, id);
  });

  it('counts a queued contact at its device time within the bound, shows both times, and keeps the replay consistent', async () => {
    const { id, who } = await offered();
    await step(who, API.accept(id), randomUUID()).expect(200);
    const acceptedAt = Date.parse((await detail(id)).acceptedAt ?? '');
    // The worker tapped 已联系 right after accepting, but the phone was offline for a while.
    const deviceAt = new Date(acceptedAt + 1).toISOString();
    const res = await step(who, API.contact(id), randomUUID(), { deviceAt }).expect(200);
    expect(res.body.contactedAt).toBe(deviceAt);
    const d = await detail(id);
    const contacted = d.timeline.find((e) => e.type === 'contacted');
    expect(contacted?.detail.deviceTime).toMatchObject({ deviceAt, happenedAt: deviceAt, trusted: true, reason: null });
    expect(Date.parse(contacted?.at ?? '')).toBeGreaterThanOrEqual(Date.parse(deviceAt));
    const verify = await request(t.url).get(API.timelineVerify(id)).set(bearer(operator)).expect(200);
    expect(verify.body).toMatchObject({ ok: true });
    await finish(who, id);
  });

  it('does not trust a device time older than the bound or before the step it follows', async () => {
    const { id, who } = await offered();
    await step(who, API.accept(id), randomUUID()).expect(200);
    const old = new Date(Date.now() - 30 * 60_000).toISOString();
    const res = await step(who, API.contact(id), randomUUID(), { deviceAt: old }).expect(200);
    expect(res.body.contactedAt).not.toBe(old);
    const contacted = (await detail(id)).timeline.find((e) => e.type === 'contacted');
    expect(contacted?.detail.deviceTime).toMatchObject({ deviceAt: old, trusted: false, reason: 'too_old' });
    expect(Date.parse(res.body.contactedAt as string)).toBeGreaterThan(Date.parse(old));
    await finish(who, id);
  });

  it('tells a worker whose queued step meets a case reassigned meanwhile that it went to someone else', async () => {
    const { id, who } = await offered();
    await step(who, API.accept(id), randomUUID()).expect(200);
    const other = Object.keys(phones).find((code) => code !== who) ?? '';
    const assigned = await request(t.url).post(API.assign(id)).set(bearer(operator)).send({ workerId: phones[other].id, reason: '网格员手机离线' });
    expect(assigned.body).toMatchObject({ worker: { id: phones[other].id } });
    const late = await step(who, API.contact(id), randomUUID(), { deviceAt: new Date().toISOString() }).expect(409);
    expect(late.body).toMatchObject({ code: 'CASE_REASSIGNED', message: '该事件已改派给他人' });
    const lateCall = await step(who, API.callAttempt(id), randomUUID(), { answered: false }).expect(409);
    expect(lateCall.body.code).toBe('CASE_REASSIGNED');
    expect(count(await detail(id), 'contacted')).toBe(0);
    await phones[other].offers.next((o) => o.incidentId === id);
    await step(other, API.accept(id), randomUUID()).expect(200);
    await finish(other, id);
  });

  it('makes one report of a patrol report sent three times at once, and answers each with it', async () => {
    const key = randomUUID();
    const body = newPatrolReport({ photo: jpegDataUrl(), deviceAt: new Date(Date.now() - 60_000).toISOString() });
    const answers = await Promise.all([0, 1, 2].map(() => step('W3', REPORT_API.patrolReport, key, body)));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
    expect(answers.filter((a) => a.headers[IDEMPOTENT_REPLAYED_HEADER] === 'true')).toHaveLength(2);
    const made = answers.map((a) => a.body as PatrolReportAnswer);
    expect(new Set(made.map((m) => m.caseNo)).size).toBe(1);
    expect(new Set(made.map((m) => m.incident.id)).size).toBe(1);
    const reports = await request(t.url).get(REPORT_API.incidentReports(made[0].incident.id)).set(bearer(operator)).expect(200);
    expect(reports.body).toMatchObject({ count: 1 });
    const other = await step('W3', REPORT_API.patrolReport, key, { ...body, description: '另一件事' }).expect(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });
});
