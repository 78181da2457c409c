/**
 * Reaching a worker whose screen is off: the hub pages along the township's chain through DingTalk,
 * SMS and voice (local stand-ins that check each request as the provider documents it), records
 * every attempt on the case, moves on at once after a failure, and stops the moment the worker answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { API, SOCKET_EVENTS, type IncidentDetailView, type OfferView, type NotifySettingsRequest, type PageAttemptView, type WorkerView } from '@xiaonao/contracts';
import { startProviderStandIns, type ProviderStandIns } from '../../apps/sim/src/standins/provider-standins';
import { bearer, connectSocket, Inbox, loginAs, postCase, type HubSocket, until } from '../support/clients';
import { newIntake110, newTownshipSeed } from '../support/factories';
import { startTestHub, type TestHub } from '../support/hub';
import { MovableClock } from '../support/movable-clock';
import { TEST_PROVIDER_KEYS } from '../support/provider-keys';

/** The same steps day and night, so the test does not depend on the hour it runs at. */
function chain(steps: NotifySettingsRequest['chains'][number]['day']): NotifySettingsRequest {
  return { nightStart: '00:00', nightEnd: '06:00', chains: [{ category: null, day: steps, night: steps }] };
}

describe('paging a worker along the notifier chain', () => {
  const clock = new MovableClock();
  const seed = newTownshipSeed({ workers: 3 });
  seed.workers.forEach((w) => (w.dingtalkUserId = `ding-${w.code}`));
  let t: TestHub;
  let providers: ProviderStandIns;
  let operator: string;
  const sockets: HubSocket[] = [];

  beforeAll(async () => {
    providers = await startProviderStandIns(TEST_PROVIDER_KEYS, { now: () => clock.now() });
    t = await startTestHub({ seed, clock, env: { OFFER_TIMEOUT_MS: '120000', ...providers.env } });
    operator = (await loginAs(t.url, seed, 'operator')).token;
  });

  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await t?.close();
    await providers?.close();
  });

  const setChain = (settings: NotifySettingsRequest) => request(t.url).put(API.notifySettings).set(bearer(operator)).send(settings).expect(200);
  const pages = async (id: string) => (await request(t.url).get(API.incidentPages(id)).set(bearer(operator)).expect(200)).body as PageAttemptView[];
  const byChannel = (list: PageAttemptView[], channel: string) => list.find((p) => p.channel === channel);
  const detail = async (id: string) => (await request(t.url).get(API.incident(id)).set(bearer(operator)).expect(200)).body as IncidentDetailView;
  const worker = (code: string) => seed.workers.find((w) => w.code === code) ?? seed.workers[0];
  /** A new case, offered to whoever is nearest; returns the case and the worker's code. */
  async function newCase(): Promise<{ id: string; code: string }> {
    const id = (await postCase(t.url, t.apiKey, newIntake110()).expect(201)).body.incidentId as string;
    const d = await until(() => detail(id), (x) => x.state === 'offered', 'the offer');
    const code = seed.workers.find((w) => w.name === d.worker?.name)?.code ?? '';
    return { id, code };
  }
  async function close(code: string, id: string): Promise<void> {
    const { token } = await loginAs(t.url, seed, 'worker', code);
    const done = { offered: 0, accepted: 1, contacted: 2, arrived: 3 }[(await detail(id)).state as 'offered'] ?? 0;
    for (const step of (['accept', 'contact', 'arrive'] as const).slice(done)) await request(t.url).post(`/api/incidents/${id}/${step}`).set(bearer(token)).send({}).expect(200);
    await request(t.url).post(API.close(id)).set(bearer(token)).send({ result: '已处理' }).expect(200);
  }

  it('pages a worker whose page is closed along the chain, records each attempt, and stops when they answer', async () => {
    await setChain(chain([
      { channel: 'socket', afterSeconds: 0 },
      { channel: 'dingtalk', afterSeconds: 5 },
      { channel: 'sms', afterSeconds: 10 },
      { channel: 'voice', afterSeconds: 20 },
    ]));
    seed.workers.forEach((w) => {
      providers.dingtalk.behave(`ding-${w.code}`, { result: 'unread' });
      providers.aliyun.behave(w.phone, { product: 'sms', result: 'delivered' });
      providers.aliyun.behave(w.phone, { product: 'voice', result: 'answered' });
    });
    const { id, code } = await newCase();
    // No page is connected: the socket step fails at once and DingTalk goes without waiting its 5 s.
    const list = await until(() => pages(id), (l) => byChannel(l, 'dingtalk')?.status === 'delivered', 'DingTalk delivered');
    expect(byChannel(list, 'socket')).toMatchObject({ status: 'failed' });
    expect(byChannel(list, 'sms')?.status).toBe('scheduled');
    expect(providers.dingtalk.notices.filter((n) => n.userIds.includes(`ding-${code}`))).toHaveLength(1);
    // Unread: no answer. The SMS goes when its time comes.
    clock.advance(10_000);
    await until(() => pages(id), (l) => byChannel(l, 'sms')?.status === 'delivered', 'SMS delivered');
    expect(providers.aliyun.messages.filter((m) => m.phone === worker(code).phone)).toHaveLength(1);
    // The worker answers before the call: the chain stops, the call is never placed.
    const { token } = await loginAs(t.url, seed, 'worker', code);
    await request(t.url).post(API.accept(id)).set(bearer(token)).send({}).expect(200);
    clock.advance(30_000);
    await until(() => pages(id), (l) => byChannel(l, 'voice')?.status === 'cancelled', 'the call cancelled');
    expect(providers.aliyun.calls.filter((c) => c.number === worker(code).phone)).toHaveLength(0);
    const paged = (await detail(id)).timeline.filter((e) => e.type === 'paged').map((e) => [e.detail.channel, e.detail.status]);
    expect(paged).toEqual([
      ['socket', 'failed'],
      ['dingtalk', 'sent'],
      ['dingtalk', 'delivered'],
      ['sms', 'sent'],
      ['sms', 'delivered'],
    ]);
    await close(code, id);
  });

  it('moves the chain on at once when a delivery fails, and places the call', async () => {
    await setChain(chain([
      { channel: 'socket', afterSeconds: 0 },
      { channel: 'dingtalk', afterSeconds: 0 },
      { channel: 'sms', afterSeconds: 60 },
      { channel: 'voice', afterSeconds: 90 },
    ]));
    seed.workers.forEach((w) => {
      providers.dingtalk.behave(`ding-${w.code}`, { send: 'error:33012' });
      providers.aliyun.behave(w.phone, { product: 'sms', send: 'ok', result: 'failed', errCode: 'MK:0004' });
      providers.aliyun.behave(w.phone, { product: 'voice', send: 'ok', result: 'answered' });
    });
    const { id, code } = await newCase();
    // DingTalk refused, the SMS went at once (not after 60 s), its receipt said failed, so the call went at once too.
    const list = await until(() => pages(id), (l) => byChannel(l, 'voice')?.status === 'answered', 'the call answered');
    expect(byChannel(list, 'dingtalk')).toMatchObject({ status: 'failed' });
    expect(byChannel(list, 'sms')).toMatchObject({ status: 'failed' });
    expect(byChannel(list, 'sms')?.detail).toContain('MK:0004');
    expect(providers.aliyun.calls.filter((c) => c.number === worker(code).phone)).toHaveLength(1);
    await close(code, id);
  });

  it('shows the page’s own delivery and each worker’s reachability to the operator', async () => {
    await setChain(chain([
      { channel: 'socket', afterSeconds: 0 },
      { channel: 'dingtalk', afterSeconds: 30 },
    ]));
    const phones = await Promise.all(
      seed.workers.map(async (w) => {
        const { token } = await loginAs(t.url, seed, 'worker', w.code);
        const socket = await connectSocket(t.url, token);
        sockets.push(socket);
        return { code: w.code, token, socket, offers: new Inbox(socket, 'offer.created') };
      }),
    );
    const { id, code } = await newCase();
    const phone = phones.find((p) => p.code === code);
    if (!phone) throw new Error('offered to nobody');
    const offer = await phone.offers.next((o) => o.incidentId === id);
    expect(await phone.socket.emitWithAck(SOCKET_EVENTS.offerSeen, { offerId: offer.offerId, visible: true })).toEqual({ ok: true });
    // The worker has the offer in front of them: no DingTalk notice is sent on top.
    const list = await until(() => pages(id), (l) => byChannel(l, 'socket')?.status === 'read', 'the page read');
    expect(byChannel(list, 'dingtalk')).toMatchObject({ status: 'skipped' });
    await request(t.url).post(API.accept(id)).set(bearer(phone.token)).send({}).expect(200);

    const workers = (await request(t.url).get(API.workers).set(bearer(operator)).expect(200)).body as WorkerView[];
    const me = workers.find((w) => w.id === offer.workerId);
    expect(me?.reachability).toMatchObject({ online: true, verdict: 'good' });
    await close(code, id);
  });

  it('sends DingTalk at once when the page got the offer while hidden (screen off)', async () => {
    await setChain(chain([
      { channel: 'socket', afterSeconds: 0 },
      { channel: 'dingtalk', afterSeconds: 30 },
    ]));
    seed.workers.forEach((w) => providers.dingtalk.behave(`ding-${w.code}`, { send: 'ok', result: 'unread' }));
    const { id, code } = await newCase();
    const { token } = await loginAs(t.url, seed, 'worker', code);
    const socket = await connectSocket(t.url, token);
    sockets.push(socket);
    // The offer went out before this page connected: the page finds it in its list, in the background.
    const offer = ((await request(t.url).get(API.myOffers).set(bearer(token)).expect(200)).body as OfferView[]).find((o) => o.incidentId === id);
    if (!offer) throw new Error('no offer');
    expect(await socket.emitWithAck(SOCKET_EVENTS.offerSeen, { offerId: offer.offerId, visible: false })).toEqual({ ok: true });
    // Not 30 s later: the clock has not moved.
    const list = await until(() => pages(id), (l) => byChannel(l, 'dingtalk')?.status === 'delivered', 'DingTalk sent at once');
    expect(byChannel(list, 'socket')).toMatchObject({ status: 'delivered' });
    await close(code, id);
  });

  it('refuses a chain without a general one, naming the field', async () => {
    const bad = await request(t.url)
      .put(API.notifySettings)
      .set(bearer(operator))
      .send({ nightStart: '00:00', nightEnd: '06:00', chains: [{ category: 'noise', day: [{ channel: 'sms', afterSeconds: 0 }], night: [{ channel: 'sms', afterSeconds: 0 }] }] })
      .expect(400);
    expect(bad.body).toMatchObject({ code: 'INVALID_INPUT', field: 'chains' });
  });
});
