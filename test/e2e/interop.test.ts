/**
 * Standards exports end to end (#11): a 110 case's EIDO over HTTP and as STA-024 events on the EIDO
 * websocket, each valid against the published NENA schema; a camera alert as CAP 1.2 valid against the
 * published XSD; personal data masked throughout.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  API,
  API_KEY_HEADER,
  CAMERA_API,
  CAP_MEDIA_TYPE,
  EIDO_MEDIA_TYPE,
  EIDO_SUBPROTOCOL,
  INTEROP_API,
  type CameraAlertAnswer,
  type CameraAlertView,
  type CameraView,
  type EidoDocument,
  type EidoServerMessage,
  type IncidentView,
} from '@xiaonao/contracts';
import { EidoSocket } from '../../apps/hub/src/interop/eido-socket';
import { newCameraAlert, newCameraSeed, postCameraAlert } from '../support/camera-clients';
import { bearer, connectSocket, Inbox, loginAs, postCase, until, type HubSocket } from '../support/clients';
import { newIntake110 } from '../support/factories';
import { startTestHub, type TestHub } from '../support/hub';
import { capErrors, eidoErrors, eidoValidator } from '../support/interop-schemas';
import { STATE_WAIT_MS } from '../support/patience';

/** A subscriber on the EIDO websocket that keeps every message and can wait for one. */
class EidoClient {
  readonly messages: EidoServerMessage[] = [];
  private waiters: { match: (m: EidoServerMessage) => boolean; resolve: (m: EidoServerMessage) => void }[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: WebSocket.RawData) => {
      const message = JSON.parse((data as Buffer).toString('utf8')) as EidoServerMessage;
      this.messages.push(message);
      this.waiters = this.waiters.filter((w) => (w.match(message) ? (w.resolve(message), false) : true));
    });
  }

  static open(url: string, headers: Record<string, string>): Promise<EidoClient> {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}${INTEROP_API.eidoSocket}`, EIDO_SUBPROTOCOL, { headers });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new EidoClient(ws)));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`refused ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  send(message: object): void {
    this.ws.send(JSON.stringify(message));
  }

  /** The first message (already here or still to come) that matches. */
  next<T extends EidoServerMessage>(match: (m: EidoServerMessage) => m is T, timeoutMs = STATE_WAIT_MS): Promise<T> {
    const seen = this.messages.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no such EIDO message in time')), timeoutMs);
      this.waiters.push({ match, resolve: (m) => (clearTimeout(timer), resolve(m as T)) });
    });
  }

  events(): Extract<EidoServerMessage, { event: unknown }>[] {
    return this.messages.filter((m): m is Extract<EidoServerMessage, { event: unknown }> => 'event' in m);
  }

  close(): void {
    this.ws.close();
  }
}

const isSubscribeResponse = (requestId: string) => (m: EidoServerMessage): m is Extract<EidoServerMessage, { subscribeResponse: unknown }> => 'subscribeResponse' in m && m.subscribeResponse.requestId === requestId;
const isEventFor = (subscriptionId: string, pick: (docs: EidoDocument[]) => boolean = () => true) => (m: EidoServerMessage): m is Extract<EidoServerMessage, { event: unknown }> =>
  'event' in m && m.event.subscriptionId === subscriptionId && pick(m.event.notification);
const statusOf = (doc: EidoDocument) => doc.incidentComponent.incidentStatusInternalText?.[0];

/** Refused before it became a websocket: the HTTP status of the upgrade's answer. */
function refusal(url: string, headers: Record<string, string>): Promise<number> {
  return EidoClient.open(url, headers).then(
    (c) => (c.close(), 101),
    (e: Error) => Number(/refused (\d+)/.exec(e.message)?.[1] ?? 0),
  );
}

describe('standards exports: EIDO, STA-024 websocket, CAP 1.2', () => {
  const code = `io${Date.now().toString(36)}`;
  const other = newCameraSeed({ code: `${code}x`, origin: { lng: 120.7, lat: 30.5 }, workers: 1 });
  let t: TestHub;
  let op: string;
  let otherOp: string;
  let w1: { token: string; socket: HubSocket; offers: Inbox<'offer.created'> };

  beforeAll(async () => {
    eidoValidator();
    t = await startTestHub({ seed: newCameraSeed({ code, workers: 1 }), extraSeeds: [other], env: { FAIRNESS_SECONDS_PER_CASE: '0' } });
    op = (await loginAs(t.url, t.seed, 'operator')).token;
    otherOp = (await loginAs(t.url, other, 'operator')).token;
    const w = await loginAs(t.url, t.seed, 'worker', 'W1');
    const socket = await connectSocket(t.url, w.token);
    w1 = { token: w.token, socket, offers: new Inbox(socket, 'offer.created') };
  });

  afterAll(async () => {
    w1?.socket.disconnect();
    await t?.close();
  });

  it('a 110 case through accept, contact, arrival: an event per change to each subscriber, acknowledged; its EIDO valid and complete', async () => {
    const all = await EidoClient.open(t.url, bearer(op));
    expect(all.ws.protocol).toBe(EIDO_SUBPROTOCOL);
    all.send({ subscribe: { requestId: 'r-all', requestType: 'EIDO', requestSubType: 'new', requestAccepts: `${EIDO_MEDIA_TYPE}; version="1"` } });
    const subscribed = await all.next(isSubscribeResponse('r-all'));
    expect(subscribed.subscribeResponse).toMatchObject({ statusCode: 200, expires: 86_400 });
    const allId = subscribed.subscribeResponse.subscriptionId ?? '';
    // STA-024: a new-incidents subscription starts with every open case, here none: an empty notification.
    const first = await all.next(isEventFor(allId));
    expect(first.event.notification).toEqual([]);
    all.send({ eventResponse: { transactionId: first.event.transactionId, statusCode: 200, statusText: 'OK' } });

    const body = newIntake110({ townshipCode: code });
    const id: string = (await postCase(t.url, t.apiKey, body).expect(201)).body.incidentId;

    // An integration of the township follows the one case by its case number.
    const one = await EidoClient.open(t.url, { [API_KEY_HEADER]: t.apiKey });
    one.send({ subscribe: { requestId: 'r-one', requestType: 'EIDO', requestSubType: 'single', incidentId: body.caseNo } });
    const oneId = (await one.next(isSubscribeResponse('r-one'))).subscribeResponse.subscriptionId ?? '';
    expect(oneId).not.toBe('');

    await w1.offers.next((o) => o.incidentId === id);
    const step = (path: string, b: object = {}) => request(t.url).post(path).set(bearer(w1.token)).send(b).expect(200);
    await step(API.accept(id));
    await step(API.contact(id));
    await step(API.arrive(id));
    const mine = (docs: EidoDocument[]) => docs.some((d) => d.incidentComponent.internalIncidentId === body.caseNo);
    for (const state of ['accepted', 'contacted', 'arrived']) {
      const atState = (docs: EidoDocument[]) => mine(docs) && docs.some((d) => statusOf(d) === state);
      await all.next(isEventFor(allId, atState));
      await one.next(isEventFor(oneId, atState));
    }

    // Every event is a valid EIDO, carries nobody's full number, and is acknowledged by its transaction id.
    for (const client of [all, one]) {
      for (const m of client.events()) {
        for (const doc of m.event.notification) expect(eidoErrors(doc)).toEqual([]);
        expect(JSON.stringify(m)).not.toContain(body.callerPhone);
        expect(JSON.stringify(m)).not.toContain(t.seed.workers[0].phone);
        if (m !== first) client.send({ eventResponse: { transactionId: m.event.transactionId, statusCode: 200, statusText: 'OK' } });
      }
    }
    const gateway = t.hub.app.get(EidoSocket);
    const stats = await until(
      () => Promise.resolve(gateway.stats()),
      (s) => s.length === 2 && s.every((c) => c.unacknowledged === 0 && c.acknowledged > 0),
      'every event acknowledged',
    );
    expect(stats.find((s) => s.who.startsWith('api-key'))?.acknowledged).toBe(one.events().length);

    // Unsubscribed: the next change reaches the subscriber that is still there, not this one.
    one.send({ unsubscribe: { requestId: 'u-one', subscriptionId: oneId } });
    const bye = await one.next((m): m is Extract<EidoServerMessage, { unsubscribeResponse: unknown }> => 'unsubscribeResponse' in m);
    expect(bye.unsubscribeResponse).toMatchObject({ subscriptionId: oneId, statusCode: 200 });
    const oneEvents = one.events().length;
    await step(API.close(id), { result: '双方已调解' });
    await all.next(isEventFor(allId, (docs) => mine(docs) && docs.some((d) => statusOf(d) === 'closed')));
    expect(one.events()).toHaveLength(oneEvents);
    all.close();
    one.close();

    // The HTTP export: the responders (name and team, no phone), the timeline in Chinese, the disposition.
    const res = await request(t.url).get(INTEROP_API.eido(id)).set(bearer(op)).expect(200);
    expect(res.headers['content-type']).toContain(EIDO_MEDIA_TYPE);
    const doc = res.body as EidoDocument;
    expect(eidoErrors(doc)).toEqual([]);
    expect(doc.incidentComponent).toMatchObject({ internalIncidentId: body.caseNo, incidentTypeInternalText: '纠纷', incidentStatusInternalText: ['closed', '已办结', 'resolved', '已办结'] });
    expect(doc.emergencyResourceComponent?.map((r) => r.emergencyResourceName)).toEqual([`${t.seed.workers[0].name}（主办）`]);
    const notes = (doc.notesComponent ?? []).map((n) => n.notesActionComments).join('\n');
    for (const label of ['接收警情', '接单', '联系当事人', '到场', '办结', '双方已调解']) expect(notes).toContain(label);
    expect(doc.agencyComponent.map((a) => a.agencyType[0])).toEqual(['psap', 'police']);
    expect(JSON.stringify(doc)).not.toContain(body.callerPhone);
    expect(JSON.stringify(doc)).toContain('139****2345');
    expect(JSON.stringify(doc)).not.toContain(t.seed.workers[0].phone);

    // The station that handed it over may have it; another township may not.
    const station = (await loginAs(t.url, t.seed, 'station')).token;
    await request(t.url).get(INTEROP_API.eido(id)).set(bearer(station)).expect(200);
    await request(t.url).get(INTEROP_API.eido(id)).set(bearer(otherOp)).expect(404);
  });

  it('refuses a subscriber without a good credential, a worker, and a case of another township', async () => {
    expect(await refusal(t.url, {})).toBe(401);
    expect(await refusal(t.url, bearer('not-a-token'))).toBe(401);
    expect(await refusal(t.url, { [API_KEY_HEADER]: 'wrong-key' })).toBe(401);
    expect(await refusal(t.url, bearer(w1.token))).toBe(403);

    const id: string = (await postCase(t.url, t.apiKey, newIntake110({ townshipCode: code })).expect(201)).body.incidentId;
    const stranger = await EidoClient.open(t.url, bearer(otherOp));
    stranger.send({ subscribe: { requestId: 'r-x', requestType: 'EIDO', requestSubType: 'single', incidentId: id } });
    expect((await stranger.next(isSubscribeResponse('r-x'))).subscribeResponse).toMatchObject({ statusCode: 404 });
    stranger.send({ subscribe: { requestId: 'r-y', requestType: 'EIDO', requestSubType: 'new', requestAccepts: 'application/json' } });
    expect((await stranger.next(isSubscribeResponse('r-y'))).subscribeResponse).toMatchObject({ statusCode: 406 });
    stranger.send({ unsubscribe: { requestId: 'u-x', subscriptionId: 'nope' } });
    const bye = await stranger.next((m): m is Extract<EidoServerMessage, { unsubscribeResponse: unknown }> => 'unsubscribeResponse' in m);
    expect(bye.unsubscribeResponse.statusCode).toBe(481);
    // Not a conveyance message: the hub hangs up (1003).
    const closed = new Promise<number>((resolve) => stranger.ws.once('close', (codeOut) => resolve(codeOut)));
    stranger.send({ hello: 'world' });
    expect(await closed).toBe(1003);
  });

  it('a camera alert as CAP 1.2, valid against CAP-v1.2.xsd; a later alert on the same case is an Update referencing it', async () => {
    const first = (await postCameraAlert(t.url, t.apiKey, newCameraAlert({ cameraCode: 'CAM-02', type: 'fire', confidence: 0.93 })).expect(201)).body as CameraAlertAnswer;
    expect(first.outcome).toBe('opened');
    const again = (await postCameraAlert(t.url, t.apiKey, newCameraAlert({ cameraCode: 'CAM-02', type: 'fire', confidence: 0.8 })).expect(201)).body as CameraAlertAnswer;
    expect(again.outcome).toBe('merged');
    const camera = ((await request(t.url).get(CAMERA_API.cameras).set(bearer(op)).expect(200)).body as CameraView[]).find((c) => c.code === 'CAM-02');
    const alerts = (await request(t.url).get(CAMERA_API.alerts(camera?.id ?? '')).set(bearer(op)).expect(200)).body as CameraAlertView[];
    const opener = alerts.find((a) => a.outcome === 'opened');
    const merged = alerts.find((a) => a.outcome === 'merged');

    const cap = async (alertId: string) => {
      const res = await request(t.url).get(INTEROP_API.cap(alertId)).set(bearer(op)).buffer(true).parse((r, done) => {
        let text = '';
        r.setEncoding('utf8');
        r.on('data', (chunk: string) => (text += chunk));
        r.on('end', () => done(null, text));
      }).expect(200);
      expect(res.headers['content-type']).toContain(CAP_MEDIA_TYPE);
      return res.body as string;
    };
    const xml = await cap(opener?.id ?? '');
    expect(await capErrors(xml)).toEqual([]);
    expect(xml).toContain('<msgType>Alert</msgType>');
    expect(xml).toContain('<scope>Restricted</scope>');
    expect(xml).toContain('<language>zh-CN</language>');
    expect(xml).toContain('<category>Fire</category>');
    expect(xml).toContain(`<incidents>${first.caseNo}</incidents>`);
    expect(xml).toMatch(/<sent>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00<\/sent>/);
    expect(xml).toMatch(new RegExp(`<circle>${camera?.location.lat.toFixed(6)},${camera?.location.lng.toFixed(6)} 0.1</circle>`));

    const update = await cap(merged?.id ?? '');
    expect(await capErrors(update)).toEqual([]);
    expect(update).toContain('<msgType>Update</msgType>');
    expect(update).toContain(`<references>township.${code}.xiaonao,urn:xiaonao:camera-alert:${opener?.id}`);

    await request(t.url).get(INTEROP_API.cap(opener?.id ?? '')).set(bearer(otherOp)).expect(404);
    await request(t.url).get(INTEROP_API.cap('not-a-uuid')).set(bearer(op)).expect(400);
  });

  it('an EIDO of a camera case (no caller) is valid too', async () => {
    const answer = (await postCameraAlert(t.url, t.apiKey, newCameraAlert({ cameraCode: 'CAM-05', type: 'litter' })).expect(201)).body as CameraAlertAnswer;
    const res = await request(t.url).get(INTEROP_API.eido(answer.incidentId ?? '')).set(bearer(op)).expect(200);
    expect(eidoErrors(res.body)).toEqual([]);
    expect((res.body as EidoDocument).personComponent).toBeUndefined();
    expect((res.body as EidoDocument).alarmsSensorsComponent).toHaveLength(1);
    expect(((await request(t.url).get(API.incident(answer.incidentId ?? '')).set(bearer(op))).body as IncidentView).source).toBe('camera');
  });
});
