/**
 * A page whose socket was down catches up from the hub's delivery log: every event sent to its rooms
 * while it was away, in order, alarms included. Each user has two sockets: one stays connected (what
 * a page that never dropped heard), the other goes away while the clock moves on by 30 s, 3 min and
 * 10 min; what the second gets from `GET /api/me/missed` must be exactly what the first heard.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { API, type DeliveryMeta, type MissedEvent, type MissedEventsResponse, type ServerToClientEvents } from '@xiaonao/contracts';
import { Outbox } from '../../apps/hub/src/outbox/outbox';
import { bearer, connectSocket, Inbox, loginAs, postCase, type HubSocket } from '../support/clients';
import { newIntake110, newTownshipSeed } from '../support/factories';
import { startTestHub, type TestHub } from '../support/hub';
import { MovableClock } from '../support/movable-clock';

interface Heard {
  seq: number;
  event: keyof ServerToClientEvents;
}

interface User {
  name: string;
  token: string;
  stay: HubSocket;
  heard: Heard[];
}

const GAPS: [string, number][] = [
  ['30 s', 30_000],
  ['3 min', 180_000],
  ['10 min', 600_000],
];

describe('catching up after the socket was down', () => {
  const clock = new MovableClock();
  let t: TestHub;
  const users: User[] = [];
  let operator: User;

  async function user(name: string, role: 'operator' | 'station' | 'worker', code?: string): Promise<User> {
    const { token } = role === 'worker' ? await loginAs(t.url, t.seed, 'worker', code ?? '') : await loginAs(t.url, t.seed, role);
    const stay = await connectSocket(t.url, token);
    const heard: Heard[] = [];
    stay.onAny((event: keyof ServerToClientEvents, _payload: unknown, meta?: DeliveryMeta) => {
      if (meta) heard.push({ seq: meta.seq, event });
    });
    const u = { name, token, stay, heard };
    users.push(u);
    return u;
  }

  async function missed(u: User, after: number): Promise<MissedEvent[]> {
    const out: MissedEvent[] = [];
    for (let cursor = after; ; ) {
      const page = (await request(t.url).get(API.myMissed(cursor)).set(bearer(u.token)).expect(200)).body as MissedEventsResponse;
      expect(page.complete).toBe(true);
      out.push(...page.events);
      if (!page.more) return out;
      cursor = page.events[page.events.length - 1].seq;
    }
  }

  beforeAll(async () => {
    t = await startTestHub({ seed: newTownshipSeed({ workers: 3 }), clock });
    operator = await user('operator', 'operator');
    await user('station', 'station');
    for (const code of ['W1', 'W2', 'W3']) await user(code, 'worker', code);
  });

  afterAll(async () => {
    users.forEach((u) => u.stay.disconnect());
    await t?.close();
  });

  for (const [label, gapMs] of GAPS) {
    it(`gives a page away for ${label} every event it missed, in order, alarms included`, async () => {
      // Where the log stands as the pages go away (their last seq).
      const start = (await request(t.url).get(API.myMissed()).set(bearer(operator.token)).expect(200)).body as MissedEventsResponse;
      const alerts = new Inbox(operator.stay, 'clock.alert');
      const offers = users.map((u) => new Inbox(u.stay, 'offer.created'));
      const withdrawn = users.map((u) => new Inbox(u.stay, 'offer.withdrawn'));

      const id = (await postCase(t.url, t.apiKey, newIntake110()).expect(201)).body.incidentId as string;
      const offered = await Promise.any(offers.map(async (o, i) => ({ offer: await o.next((x) => x.incidentId === id), i })));
      clock.advance(gapMs);
      // What the clock's move sets off, as a page that stayed connected hears it: the offer lapses, the deadlines pass.
      await withdrawn[offered.i].next((w) => w.offerId === offered.offer.offerId);
      if (gapMs >= 60_000) await alerts.next((a) => a.incidentId === id && a.status === 'breached' && a.stage === (gapMs >= 480_000 ? 'arrive' : 'accept'));

      for (const u of users) {
        const caught = await missed(u, start.latestSeq);
        // Compare over what both have seen so far: the log may already hold news still on its way to the socket.
        const bound = Math.min(Math.max(0, ...u.heard.map((h) => h.seq)), Math.max(0, ...caught.map((c) => c.seq)));
        const live = u.heard.filter((h) => h.seq > start.latestSeq && h.seq <= bound);
        const replayed = caught.filter((c) => c.seq <= bound).map((c) => ({ seq: c.seq, event: c.event }));
        expect(replayed, `${u.name} after ${label}`).toEqual(live);
        if (u === operator) expect(live.length).toBeGreaterThan(0);
        expect(caught.map((c) => c.seq)).toEqual([...caught.map((c) => c.seq)].sort((a, b) => a - b));
      }
      const mine = await missed(operator, start.latestSeq);
      expect(mine.some((e) => e.event === 'incident.upserted' && e.payload.id === id)).toBe(true);
      if (gapMs >= 60_000) expect(mine.some((e) => e.event === 'clock.alert' && e.payload.incidentId === id && e.payload.status === 'breached')).toBe(true);
      const offeredTo = users[offered.i];
      expect((await missed(offeredTo, start.latestSeq)).some((e) => e.event === 'offer.created' && e.payload.incidentId === id)).toBe(true);
    });
  }

  it('tells a page that was away longer than the log keeps to reload instead', async () => {
    await t.hub.app.get(Outbox).prune(new Date(clock.now().getTime() + 60_000));
    const page = (await request(t.url).get(API.myMissed(1)).set(bearer(operator.token)).expect(200)).body as MissedEventsResponse;
    // News relayed since the cut may follow (the township goes on), but the page is told it missed some.
    expect(page.complete).toBe(false);
    const bad = await request(t.url).get('/api/me/missed?after=-3').set(bearer(operator.token)).expect(400);
    expect(bad.body).toMatchObject({ code: 'INVALID_INPUT', field: 'after' });
  });
});
