/**
 * The dispatch-quality day (../quality/day-simulation.ts) with phones that behave like phones: an
 * offer reaches a worker only when something puts it in front of them — the page open in front, a
 * DingTalk work notice, an SMS, a ringing call — and the worker answers only after noticing it. Each
 * offer is paged as the hub pages it (./offer-paging.ts: the chain, the offline window, the voice
 * limits, no more text after a read); socket-only delivery is the same run with a chain of one step.
 *
 * Everything else is the day simulation itself, through its `phones` hook: the hub's mechanics (one
 * offer per case at a time, who let an offer lapse is not re-offered the same case for 120 s, a sweep
 * every 2 s, rest after long jobs) and the workers' habits once they look at an offer (answer time,
 * declines while occupied, contact, travel, time on site). The phone model replaces the day
 * simulation's "missed" offers and "asleep" phones, and decides when a phone sends a position fix.
 * Contact is a phone call over the cellular network: it works even without data. An answer that
 * comes after the offer's window finds it withdrawn, as in the hub.
 */
import type { Category, NotifySettingsRequest } from '@xiaonao/contracts';
import { ALIYUN_VOICE_LIMITS, DEFAULT_NOTIFY_SETTINGS, isNight, type VoiceLimitRule } from '@xiaonao/domain';
import { answerDelayMs, decideOffer } from '../simulator/responder-policy';
import { SIMULATED_DAY, type SimCase } from '../quality/case-load';
import { simulateDay, type CaseOutcome, type HubMechanics, type OfferRecord, type QualityWorker } from '../quality/day-simulation';
import type { DispatchPlugin } from '../quality/dispatch-policies';
import { DEFAULT_WORKER_BEHAVIOUR, workerBehaviour, type WorkerBehaviour } from '../quality/worker-behaviour';
import { fieldPhone, pageOffer, type OfferPaging } from './offer-paging';
import { DEFAULT_PHONE_BEHAVIOUR, type PhoneBehaviour } from './phone-behaviour';

export type { PageRecord } from './offer-paging';

/** The day simulation's habits with its "missed offer" and "asleep phone" left to the phone model. */
export const FIELD_WORKER_BEHAVIOUR: WorkerBehaviour = workerBehaviour({
  missProbability: 0,
  phoneAsleep: { ...DEFAULT_WORKER_BEHAVIOUR.phoneAsleep, share: 0 },
});

/** The hub's OFFER_WINDOW_OFFLINE_SECONDS default (apps/hub/src/config/hub-config.ts). */
export const OFFER_WINDOW_OFFLINE_S = 45;

/** How offers reach phones: the township's chains, and how long an offer to an unconnected page stands at least. */
export interface Delivery {
  notify: NotifySettingsRequest;
  /** 0: every offer stands its category's window. */
  offlineWindowS: number;
}

/** The hub: the default chain, and 45 s for a worker whose page is not connected. */
export const HUB_DELIVERY: Delivery = { notify: DEFAULT_NOTIFY_SETTINGS, offlineWindowS: OFFER_WINDOW_OFFLINE_S };

/** The chain with the category's window for everyone: the hub before the offline window. */
export const FIXED_WINDOW_CHAIN: Delivery = { notify: DEFAULT_NOTIFY_SETTINGS, offlineWindowS: 0 };

/** Delivery over the phone page alone, with the category's window: what every 1-3-8 figure before this one assumed. */
export const SOCKET_ONLY: Delivery = {
  notify: {
    nightStart: '00:00',
    nightEnd: '06:00',
    chains: [{ category: null, day: [{ channel: 'socket', afterSeconds: 0 }], night: [{ channel: 'socket', afterSeconds: 0 }] }],
  },
  offlineWindowS: 0,
};

export interface FieldDayInput {
  workers: readonly QualityWorker[];
  cases: readonly SimCase[];
  dispatch: DispatchPlugin;
  delivery: Delivery;
  /** The responsibility table's offer window for a category, null for the hub's default (the policy's). */
  offerWindowS?: (category: Category) => number | null;
  /** Seeds workers and phones; runs to compare share it, as they share the cases. */
  seed: number;
  behaviour?: WorkerBehaviour;
  phone?: PhoneBehaviour;
  hub?: HubMechanics;
  voiceLimits?: readonly VoiceLimitRule[];
  /** The simulation goes on this long after the day so late cases can finish. Default 6 h. */
  drainS?: number;
}

export type FieldOfferRecord = OfferRecord & Omit<OfferPaging, 'answer'>;

export interface FieldDayResult {
  policy: string;
  cases: CaseOutcome[];
  offers: FieldOfferRecord[];
  endedAtS: number;
}

const at = (s: number): Date => new Date(SIMULATED_DAY.getTime() + s * 1000);
const toMs = (span: { min: number; max: number }) => ({ min: span.min * 1000, max: span.max * 1000 });

/** Simulates one day with one dispatch policy and one way of reaching phones. */
export function simulateFieldDay(input: FieldDayInput): FieldDayResult {
  const b = input.behaviour ?? FIELD_WORKER_BEHAVIOUR;
  const pb = input.phone ?? DEFAULT_PHONE_BEHAVIOUR;
  const voiceLimits = input.voiceLimits ?? ALIYUN_VOICE_LIMITS;
  const phoneNight = (s: number) => isNight(at(s), pb.night.start, pb.night.end);
  const phones = input.workers.map((_, index) => fieldPhone(pb, input.seed, index, phoneNight));
  const pagings = new Map<OfferRecord, OfferPaging>();

  const result = simulateDay({
    workers: input.workers,
    cases: input.cases,
    dispatch: input.dispatch,
    seed: input.seed,
    behaviour: b,
    hub: input.hub,
    drainS: input.drainS,
    phones: {
      respond: (offer) => {
        const paging = pageOffer({
          phone: phones[offer.workerIndex],
          behaviour: pb,
          notify: input.delivery.notify,
          category: offer.case.category,
          atS: offer.atS,
          windowS: input.offerWindowS?.(offer.case.category) ?? offer.windowS,
          offlineWindowS: input.delivery.offlineWindowS,
          voiceLimits,
          // Drawn from the worker's own stream when they look, as the day simulation draws it.
          answer: () => {
            const afterS = answerDelayMs(toMs(b.answerDelayS), offer.random) / 1000;
            return { afterS, kind: decideOffer(offer.occupied ? b.occupied.declineProbability : b.declineProbability, offer.random) };
          },
          at,
          phoneNight,
        });
        pagings.set(offer.record, paging);
        return { windowS: paging.windowS, answer: paging.answer };
      },
      sendsFix: (index, s, why) => {
        const state = phones[index].timeline.stateAt(s);
        // Closing is done on the page, which sends a fix with it when the phone has data; a hidden page
        // gets no geolocation, so routine fixes come only while it is in front.
        if (why === 'close') return state !== 'offline';
        return state === 'foreground' || (state === 'background' && pb.positionsInBackground);
      },
    },
  });
  const offers = result.offers.map((record): FieldOfferRecord => {
    const paging = pagings.get(record);
    if (!paging) throw new Error(`offer of ${record.caseId} to ${record.workerId} was not paged`);
    return { ...record, windowS: paging.windowS, night: paging.night, presented: paging.presented, noticedVia: paging.noticedVia, pages: paging.pages };
  });
  return { ...result, offers };
}
