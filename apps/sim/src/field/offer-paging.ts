/**
 * One offer's way to the worker, paged as the hub pages it, worked out when the offer is made: how
 * long the offer stands (`offerWindowSeconds`: at least OFFER_WINDOW_OFFLINE_SECONDS when the page is
 * not connected), which steps of the township's chain go and when (`chainFor`, `planPages`, a call
 * only if `voiceCallAllowed`, a failed step — or the page getting the offer while hidden — bringing the
 * next forward by `pageBroughtForward`), text
 * steps dropped once the worker has read the offer (`pagesMootAfterRead`), and whether and when the
 * worker answers. A worker has one offer at a time, so an offer can be played out on its own, in its
 * own agenda; the phone's day and its notice streams are the worker's and carry over between offers.
 *
 * "Read", as the hub learns it: the phone page tells the hub whenever it shows a pending offer in front
 * (`offer.seen` with visible true on arrival and on coming to the front: apps/web phone-page.ts,
 * recorded as read by socket-delivery.ts). In the model that is the page in front when the offer
 * arrives or during its window, and the worker looking at the offer through any channel (the DingTalk
 * card, the SMS link and the call all lead to the page), reported once the phone has data. DingTalk's
 * own read receipt (polled every 3 s) comes no sooner than the page's word, so it adds nothing here.
 */
import type { Category, NotifySettingsRequest } from '@xiaonao/contracts';
import {
  chainFor,
  offerWindowSeconds,
  pageBroughtForward,
  pagesMootAfterRead,
  planPages,
  voiceCallAllowed,
  type PageState,
  type VoiceLimitRule,
} from '@xiaonao/domain';
import { EventQueue } from '../quality/event-queue';
import { createRandom, type Random } from '../township/random';
import { FIELD_CHANNELS, heldAtNight, needsData, noticeAfterS, type FieldChannel, type PhoneBehaviour } from './phone-behaviour';
import { PhoneTimeline } from './phone-timeline';

/** A worker's phone across the day. */
export interface FieldPhone {
  timeline: PhoneTimeline;
  /** One stream per channel, so extra pages in one run do not shift the socket's draws. */
  noticeRandom: Record<FieldChannel, Random>;
  /** The phone holds app notifications at night (Huawei, Honor). */
  holdsAtNight: boolean;
  /** When this number was called today (the voice limits count them). */
  callsS: number[];
}

/** The phone of the worker at `index` in a run seeded `seed`; the same whatever the run pages. */
export function fieldPhone(b: PhoneBehaviour, seed: number, index: number, nightAt: (s: number) => boolean): FieldPhone {
  const phoneSeed = (seed * 0x27d4eb2f + index * 0x165667b1 + 0x3c6ef372) >>> 0;
  return {
    timeline: new PhoneTimeline(b, phoneSeed ^ 0x7f4a7c15, nightAt),
    noticeRandom: { socket: createRandom(phoneSeed + 1), dingtalk: createRandom(phoneSeed + 2), sms: createRandom(phoneSeed + 3), voice: createRandom(phoneSeed + 4) },
    holdsAtNight: createRandom(phoneSeed).chance(b.nightHold.share),
    callsS: [],
  };
}

export interface PageRecord {
  channel: Exclude<FieldChannel, 'socket'>;
  /** When it was sent or refused; for a skipped step, when it would have gone. */
  atS: number;
  /**
   * `refused`: the voice limits did not allow the call; `skipped`: a text step the worker had read
   * the offer before, listed only if it was due before the offer ended (a text the rule saved).
   */
  status: 'sent' | 'refused' | 'skipped';
}

export interface OfferPagingInput {
  phone: FieldPhone;
  behaviour: PhoneBehaviour;
  notify: NotifySettingsRequest;
  category: Category;
  atS: number;
  /** The category's window: the responsibility table's, else the hub's default. */
  windowS: number;
  /** OFFER_WINDOW_OFFLINE_SECONDS; 0 leaves every offer at `windowS` (the hub before the rule). */
  offlineWindowS: number;
  voiceLimits: readonly VoiceLimitRule[];
  /** The worker's answer, drawn when they look at the offer: accept or decline, and seconds after looking. */
  answer: () => { kind: 'accept' | 'decline'; afterS: number };
  /** Second `s` of the simulation as a date. */
  at: (s: number) => Date;
  /** Whether second `s` falls in the phones' night (when they hold notifications). */
  phoneNight: (s: number) => boolean;
}

export interface OfferPaging {
  windowS: number;
  /** The answer and its delay from the offer, if it comes before the offer lapses. */
  answer: { kind: 'accept' | 'decline'; afterS: number } | null;
  /** The night chain was used. */
  night: boolean;
  /** Channels that put the offer in front of the worker (page in front, a notice, an SMS, a ringing call), first first. */
  presented: FieldChannel[];
  /** The channel through which the worker looked at the offer, if they did in time. */
  noticedVia: FieldChannel | null;
  pages: PageRecord[];
}

type Step =
  | { kind: 'page'; step: number }
  | { kind: 'failed'; step: number }
  | { kind: 'present'; channel: FieldChannel }
  | { kind: 'noticed'; channel: FieldChannel }
  | { kind: 'read' };

const SIMULATED = new Set<string>(FIELD_CHANNELS);

/** Plays one offer out, from the offer to its answer or lapse. */
export function pageOffer(input: OfferPagingInput): OfferPaging {
  const { phone, behaviour: pb, at } = input;
  const timeline = phone.timeline;
  const startS = input.atS;
  const online = timeline.socketLiveAt(startS);
  const windowS = offerWindowSeconds(input.windowS, online, input.offlineWindowS);
  const expiresS = startS + windowS;
  /** The offer stands until it lapses, or until the answer comes once one is on its way. */
  let endS = expiresS;
  const chain = chainFor(input.notify, input.category, at(startS));
  const planned = planPages(chain.steps, {
    offeredAt: at(startS),
    expiresAt: at(expiresS),
    online,
    unusable: (channel) => (SIMULATED.has(channel) ? null : 'not simulated'),
  });
  // The socket step is the offer itself: sent at once, failed at once when the page is not connected.
  const pages: PageState[] = planned.map((p) => ({ step: p.step, channel: p.channel, dueAt: p.dueAt, status: p.channel !== 'socket' ? p.status : online ? 'sent' : 'failed' }));
  const result: OfferPaging = { windowS, answer: null, night: chain.night, presented: [], noticedVia: null, pages: [] };
  const skipped: PageState[] = [];
  const agenda = new EventQueue<Step>();
  const secondOf = (date: Date) => startS + (date.getTime() - at(startS).getTime()) / 1000;

  /** A message is in front of the worker; returns whether they will look at it (in time or not). */
  const present = (channel: FieldChannel, now: number): boolean => {
    result.presented.push(channel);
    // The page in front shows the offer and says so: read.
    if (channel === 'socket') read();
    const awake = timeline.stateAt(now) === 'foreground' ? 'foreground' : 'background';
    const afterS = noticeAfterS(pb, channel, awake, phone.noticeRandom[channel]);
    if (afterS !== null && now + afterS < expiresS) agenda.push(now + afterS, { kind: 'noticed', channel });
    return afterS !== null;
  };

  /** A message that waits for the phone's network: it arrives when the network is back, if the offer still stands. */
  const deliver = (channel: FieldChannel, now: number): void => {
    const arrivesS = needsData(channel) ? timeline.dataBackAt(now) : timeline.cellularBackAt(now);
    if (arrivesS >= expiresS || heldAtNight(pb, phone.holdsAtNight, channel, input.phoneNight(arrivesS))) return;
    if (arrivesS === now) present(channel, now);
    else agenda.push(arrivesS, { kind: 'present', channel });
  };

  const bringForward = (step: number, now: number): void => {
    const next = pageBroughtForward(pages, step, at(now));
    if (!next) return;
    next.dueAt = at(now);
    agenda.push(now, { kind: 'page', step: next.step });
  };

  const read = (): void => {
    for (const page of pagesMootAfterRead(pages)) {
      page.status = 'skipped';
      skipped.push(page);
    }
  };

  const send = (page: PageState, now: number): void => {
    if (page.status !== 'scheduled') return;
    page.status = 'sent';
    switch (page.channel) {
      case 'dingtalk':
      case 'sms':
        result.pages.push({ channel: page.channel, atS: now, status: 'sent' });
        deliver(page.channel, now);
        return;
      case 'voice': {
        if (!voiceCallAllowed(phone.callsS.map(at), at(now), input.voiceLimits).allowed) {
          page.status = 'failed';
          result.pages.push({ channel: 'voice', atS: now, status: 'refused' });
          bringForward(page.step, now);
          return;
        }
        phone.callsS.push(now);
        result.pages.push({ channel: 'voice', atS: now, status: 'sent' });
        // A call that is not picked up, or cannot connect, is a known failure: the chain moves on.
        if (!timeline.cellularAt(now)) agenda.push(now + pb.voiceFailureKnownS.unreachable, { kind: 'failed', step: page.step });
        else if (!present('voice', now)) agenda.push(now + pb.voiceFailureKnownS.unanswered, { kind: 'failed', step: page.step });
        return;
      }
      case 'socket':
      case 'wecom':
      case 'webpush':
        // Planned as sent, failed or skipped above: never scheduled.
        return;
    }
  };

  /** The worker looks at the offer: the page reports it read once it has data; the answer follows after their usual time. */
  const noticed = (channel: FieldChannel, now: number): void => {
    if (result.noticedVia) return;
    result.noticedVia = channel;
    const readS = timeline.dataBackAt(now);
    if (readS === now) read();
    else agenda.push(readS, { kind: 'read' });
    const answer = input.answer();
    if (now + answer.afterS < expiresS) {
      endS = now + answer.afterS;
      result.answer = { kind: answer.kind, afterS: endS - startS };
    }
  };

  // Steps due at once go with the offer; the page's word that it showed the offer comes back after them.
  for (const page of pages) if (page.status === 'scheduled') agenda.push(secondOf(page.dueAt), { kind: 'page', step: page.step });
  // A connected page that got the offer while hidden says so (offer.seen, visible false): the hub moves the chain on at once (movesChainOn).
  const socketPage = pages.find((p) => p.channel === 'socket');
  if (online && socketPage && timeline.stateAt(startS) !== 'foreground') bringForward(socketPage.step, startS);
  // The offer goes over the socket: the page shows it whenever it is in front, with data, during the window.
  const visibleAtS = timeline.nextVisibleAt(startS, expiresS);
  if (visibleAtS !== null) agenda.push(visibleAtS, { kind: 'present', channel: 'socket' });

  for (let next = agenda.pop(); next && next.at < endS; next = agenda.pop()) {
    const now = next.at;
    const e = next.event;
    switch (e.kind) {
      case 'page': {
        const page = pages.find((p) => p.step === e.step);
        if (page) send(page, now);
        break;
      }
      case 'failed':
        bringForward(e.step, now);
        break;
      case 'present':
        present(e.channel, now);
        break;
      case 'noticed':
        noticed(e.channel, now);
        break;
      case 'read':
        read();
        break;
    }
  }
  for (const page of skipped) {
    const dueS = secondOf(page.dueAt);
    if (dueS < endS && (page.channel === 'dingtalk' || page.channel === 'sms')) result.pages.push({ channel: page.channel, atS: dueS, status: 'skipped' });
  }
  result.pages.sort((a, b) => a.atS - b.atS);
  return result;
}
