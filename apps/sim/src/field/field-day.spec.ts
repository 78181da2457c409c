import { describe, expect, it } from 'vitest';
import type { LngLat } from '@xiaonao/contracts';
import { offsetByMetres } from '../township/geo';
import type { SimCase } from '../quality/case-load';
import type { QualityWorker } from '../quality/day-simulation';
import { enginePolicy } from '../quality/dispatch-policies';
import { workerBehaviour } from '../quality/worker-behaviour';
import { FIELD_WORKER_BEHAVIOUR, FIXED_WINDOW_CHAIN, HUB_DELIVERY, simulateFieldDay, SOCKET_ONLY, type FieldDayInput } from './field-day';
import { fieldReport } from './field-report';
import { DEFAULT_PHONE_BEHAVIOUR, phoneBehaviour, type Notice, type PhoneBehaviour } from './phone-behaviour';

const site: LngLat = { lng: 120.52, lat: 30.29 };
const MORNING_S = 9 * 3600;
const NIGHT_S = 1 * 3600;

function newWorker(id: string, metresEast: number): QualityWorker {
  const position = offsetByMetres(site, metresEast, 0);
  return { id, team: 'grid_worker', gridId: 'G1', rostered: true, position, area: { polygon: null, home: position, radiusM: 300 }, travelModes: ['foot', 'ebike'] };
}

function newCase(id: string, receivedAtS: number): SimCase {
  return { id, receivedAtS, location: site, gridId: 'G1', category: 'dispute', teams: [] };
}

/** Workers who answer 4 s after looking (before DingTalk's step at 5 s), never decline, and are on duty day and night. */
const punctual = workerBehaviour({
  ...FIELD_WORKER_BEHAVIOUR,
  answerDelayS: { min: 4, max: 4 },
  declineProbability: 0,
  occupied: { share: 0, meanSpellS: 900, declineProbability: 0.8 },
  patrolSpeedMps: 0,
  shift: { dayStartHour: 8, dayEndHour: 20, nightOnDutyShare: 1 },
});

const sure = (delayS: number): Notice => ({ p: 1, delayS: { min: delayS, max: delayS } });
const deaf: Notice = { p: 0, delayS: { min: 0, max: 0 } };

/** Phones always in front: the page shows and sounds every offer at once. */
const inFront: PhoneBehaviour = phoneBehaviour({
  foreground: { dayShare: 1, nightShare: 1, meanSpellS: 120 },
  offline: { ...DEFAULT_PHONE_BEHAVIOUR.offline, share: 0 },
  notice: { ...DEFAULT_PHONE_BEHAVIOUR.notice, socket: { foreground: sure(0), background: deaf } },
});

/** Phones always in a pocket, screen off, never offline; each channel as given. */
const inPocket = (notice: Partial<PhoneBehaviour['notice']> = {}): PhoneBehaviour =>
  phoneBehaviour({
    foreground: { dayShare: 0, nightShare: 0, meanSpellS: 120 },
    offline: { ...DEFAULT_PHONE_BEHAVIOUR.offline, share: 0 },
    socketGraceS: 0,
    nightHold: { share: 0, channels: ['dingtalk'] },
    notice: { ...DEFAULT_PHONE_BEHAVIOUR.notice, ...notice },
  });

const workers = [newWorker('A', 100), newWorker('B', 300), newWorker('C', 600)];
const day = (over: Partial<FieldDayInput>) =>
  simulateFieldDay({
    workers,
    cases: [newCase('C001', MORNING_S), newCase('C002', MORNING_S + 600), newCase('C003', MORNING_S + 4000)],
    dispatch: enginePolicy(),
    delivery: HUB_DELIVERY,
    seed: 7,
    behaviour: punctual,
    phone: inFront,
    drainS: 3600,
    ...over,
  });

describe('phones always in front', () => {
  it('accept as they do over the socket alone: the chain changes nothing', () => {
    const chain = day({ delivery: HUB_DELIVERY });
    const socket = day({ delivery: SOCKET_ONLY });
    expect(chain.cases).toEqual(socket.cases);
    expect(chain.cases.map((c) => c.acceptS)).toEqual([4, 4, 4]);
    expect(chain.offers.flatMap((o) => o.pages)).toEqual([]);
    // The page is connected: the category's window.
    expect(chain.offers.map((o) => o.windowS)).toEqual([20, 20, 20]);
  });

  it('give the same accept rate with the default habits too', () => {
    const habits = { behaviour: FIELD_WORKER_BEHAVIOUR, seed: 3 };
    const chain = fieldReport(day({ ...habits, delivery: HUB_DELIVERY }), () => false);
    const socket = fieldReport(day({ ...habits, delivery: SOCKET_ONLY }), () => false);
    expect(chain.all.accept.share).toBe(socket.all.accept.share);
  });

  it('send no text once the page has shown the offer, though a call may still go', () => {
    // The page in front reports the offer shown (read) at once; the worker does not look until the call rings.
    const unseeing = phoneBehaviour({ ...inFront, notice: { ...inFront.notice, socket: { foreground: deaf, background: deaf }, voice: { foreground: sure(0), background: sure(0) } } });
    const [first] = day({ phone: unseeing }).offers;
    expect(first.pages.map((p) => [p.channel, p.atS - MORNING_S, p.status])).toEqual([
      ['dingtalk', 5, 'skipped'],
      ['sms', 12, 'skipped'],
      ['voice', 15, 'sent'],
    ]);
    expect(first).toMatchObject({ windowS: 20, presented: ['socket', 'voice'], noticedVia: 'voice', outcome: 'accepted', answeredAtS: MORNING_S + 19 });
  });
});

describe('phones in a pocket, screen off', () => {
  it('accept nothing over the socket alone: every offer lapses having reached nobody', () => {
    const result = day({ delivery: SOCKET_ONLY, phone: inPocket() });
    expect(result.cases.every((c) => c.acceptS === null)).toBe(true);
    expect(result.offers.length).toBeGreaterThan(3);
    expect(result.offers.every((o) => o.outcome !== 'accepted' && o.presented.length === 0 && o.windowS === 20)).toBe(true);
    const lapsed = result.offers.filter((o) => o.outcome === 'lapsed').length;
    expect(fieldReport(result, () => false).reachingNobody).toBe(lapsed);
  });

  it('are reached by DingTalk at once (the page is not connected), and the chain stops at the answer', () => {
    const phone = inPocket({ dingtalk: { foreground: sure(1), background: sure(1) } });
    const result = day({ phone });
    const first = result.offers[0];
    // DingTalk pulled forward to the offer, looked at after 1 s, accepted 4 s later: no SMS at 12 s, no call at 15 s.
    expect(first).toMatchObject({ workerId: 'A', outcome: 'accepted', answeredAtS: MORNING_S + 5, noticedVia: 'dingtalk', presented: ['dingtalk'] });
    expect(first.pages).toEqual([{ channel: 'dingtalk', atS: MORNING_S, status: 'sent' }]);
  });

  it('get the SMS when DingTalk is not looked at, and the call after it', () => {
    const phone = inPocket({ dingtalk: { foreground: deaf, background: deaf }, sms: { foreground: deaf, background: deaf }, voice: { foreground: deaf, background: deaf } });
    const [first] = day({ phone }).offers;
    expect(first.pages.map((p) => [p.channel, p.atS - MORNING_S])).toEqual([
      ['dingtalk', 0],
      ['sms', 12],
      ['voice', 15],
    ]);
    expect(first).toMatchObject({ outcome: 'lapsed', presented: ['dingtalk', 'sms', 'voice'], noticedVia: null });
  });

  it('get no SMS after they read the DingTalk notice, but still the call while they have not answered', () => {
    const slow = workerBehaviour({ ...punctual, answerDelayS: { min: 30, max: 30 } });
    const phone = inPocket({ dingtalk: { foreground: sure(1), background: sure(1) } });
    const [first] = day({ phone, behaviour: slow }).offers;
    // Read at 1 s: the SMS due at 12 s is not sent; the call at 15 s goes; the answer comes at 31 s, inside 45 s.
    expect(first.pages.map((p) => [p.channel, p.atS - MORNING_S, p.status])).toEqual([
      ['dingtalk', 0, 'sent'],
      ['sms', 12, 'skipped'],
      ['voice', 15, 'sent'],
    ]);
    expect(first).toMatchObject({ noticedVia: 'dingtalk', outcome: 'accepted', answeredAtS: MORNING_S + 31 });
    expect(fieldReport(day({ phone, behaviour: slow }), () => false).smsPerCase).toBe(0);
  });
});

describe('the offer window', () => {
  const unreached = inPocket({ dingtalk: { foreground: deaf, background: deaf }, sms: { foreground: deaf, background: deaf }, voice: { foreground: deaf, background: deaf } });

  it('stands 45 s for a worker whose page is not connected, then passes the case on', () => {
    const result = day({ phone: unreached });
    const [first, second] = result.offers;
    expect(first).toMatchObject({ workerId: 'A', windowS: 45, outcome: 'lapsed' });
    expect(second).toMatchObject({ caseId: 'C001', workerId: 'B', atS: MORNING_S + 45 });
  });

  it('stands 45 s even where the category asks 15 s', () => {
    const fire: SimCase = { ...newCase('C001', MORNING_S), category: 'fire_hazard' };
    const windows = (phone: PhoneBehaviour) =>
      day({ phone, cases: [fire], offerWindowS: (c) => (c === 'fire_hazard' ? 15 : null) })
        .offers.slice(0, 1)
        .map((o) => o.windowS);
    expect(windows(unreached)).toEqual([45]);
    expect(windows(inFront)).toEqual([15]);
  });

  it('stands the category’s window for everyone without the rule', () => {
    const [first, second] = day({ phone: unreached, delivery: FIXED_WINDOW_CHAIN }).offers;
    expect(first).toMatchObject({ windowS: 20, outcome: 'lapsed' });
    expect(second.atS - MORNING_S).toBe(20);
    // Only what is due inside 20 s is sent: DingTalk at once, the SMS at 12 s, the call at 15 s.
    expect(first.pages.map((p) => p.channel)).toEqual(['dingtalk', 'sms', 'voice']);
  });
});

describe('at night', () => {
  const nightCases = [newCase('C001', NIGHT_S), newCase('C002', NIGHT_S + 5)];
  const phone = inPocket({ dingtalk: { foreground: deaf, background: deaf }, sms: { foreground: deaf, background: deaf }, voice: { foreground: deaf, background: deaf } });
  const night = (over: Partial<FieldDayInput> = {}) =>
    simulateFieldDay({ workers: [newWorker('A', 100)], cases: nightCases, dispatch: enginePolicy(), delivery: HUB_DELIVERY, seed: 1, behaviour: punctual, phone, drainS: 600, ...over });

  it('calls first', () => {
    const [first] = night().offers;
    expect(first.night).toBe(true);
    expect(first.pages[0]).toEqual({ channel: 'voice', atS: NIGHT_S, status: 'sent' });
  });

  it('calls one number at most once a minute: the second offer’s call is refused by the voice limits', () => {
    const result = night();
    const [, second] = result.offers;
    // A lets the first lapse at 45 s; the sweep (every 2 s from the second case's arrival) offers A the second then.
    expect(second.atS - NIGHT_S).toBe(45);
    expect(second.pages[0]).toEqual({ channel: 'voice', atS: NIGHT_S + 45, status: 'refused' });
    expect(fieldReport(result, () => true).callsRefused).toBeGreaterThan(0);
  });

  it('loses DingTalk on a phone that holds notifications, but not the SMS', () => {
    const [first] = night({ phone: { ...phone, nightHold: { share: 1, channels: ['dingtalk'] } } }).offers;
    expect(first.pages.map((p) => p.channel)).toEqual(['voice', 'dingtalk', 'sms']);
    expect(first.presented).toEqual(['voice', 'sms']);
  });
});

describe('a phone without data', () => {
  const noData = (dataOnlyShare: number): PhoneBehaviour =>
    phoneBehaviour({
      ...inPocket({ dingtalk: { foreground: sure(1), background: sure(1) }, sms: { foreground: sure(1), background: sure(1) } }),
      offline: { share: 1, spells: [{ lengthS: 30, weight: 1 }], dataOnlyShare },
    });

  it('gets the SMS if only data is lost, never the DingTalk notice', () => {
    const [first] = day({ phone: noData(1) }).offers;
    // SMS at 12 s, looked at 1 s later, but the page cannot say so without data: the call at 15 s
    // still rings, the answer coming at 17 s.
    expect(first).toMatchObject({ noticedVia: 'sms', presented: ['sms', 'voice'], outcome: 'accepted', answeredAtS: MORNING_S + 17 });
  });

  it('gets nothing in a full outage, and a call fails fast', () => {
    const [first] = day({ phone: noData(0) }).offers;
    expect(first).toMatchObject({ outcome: 'lapsed', presented: [], windowS: 45 });
    expect(first.pages.map((p) => p.channel)).toEqual(['dingtalk', 'sms', 'voice']);
  });
});

describe('a run', () => {
  it('is the same for the same seed', () => {
    const habits = { behaviour: FIELD_WORKER_BEHAVIOUR, phone: DEFAULT_PHONE_BEHAVIOUR };
    expect(day({ ...habits, seed: 5 })).toEqual(day({ ...habits, seed: 5 }));
  });
});
