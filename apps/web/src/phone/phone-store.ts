/**
 * The phone page's state as signals. The hub's last word stays in one PhoneState (phone-state.ts,
 * contracts-typed offers, cases and duty) written by the page's handlers; `shown` is that word with the
 * queued steps laid on top (optimistic.ts), replaced whenever either changes. Components read these;
 * phone-actions.ts and phone-page.tsx write them.
 */
import { computed, signal } from '@preact/signals';
import type { PositionFix } from '@xiaonao/contracts';
import { shanghaiDay } from '../shared/format-time';
import { now } from '../shared/ui/page-signals';
import { todaysCases, type CaseDraft, type OfferDraft } from './phone-drafts';
import { PhoneState } from './phone-state';
import type { QueuedStep } from './step-queue';

// The hub's time, the language and the socket's state are the shared page signals (shared/ui/page-signals.ts).
export { now, online, useLanguage } from '../shared/ui/page-signals';

/** What the worker sees: the hub's last word with the queued steps applied, oldest first. */
export const shown = signal<PhoneState>(new PhoneState('', true));
/** Steps kept on the phone and not yet confirmed by the hub, oldest first. */
export const pendingSteps = signal<readonly QueuedStep[]>([]);

/** When the hub last confirmed what is shown (ms); null before any word from it. */
export const syncedAt = signal<number | null>(null);
export const dutyBusy = signal(false);
/** The phone has a position fix (the GPS mark), and the latest one (WGS-84). */
export const gpsOn = signal(false);
export const position = signal<PositionFix | undefined>(undefined);
/** The page may sound (the browser has seen a tap); until then the offer card says the sound is off. */
export const soundAllowed = signal(false);

export interface Refusal {
  id: number;
  text: string;
  caseNo: string | null;
}
/** Steps the hub refused for good, said plainly until the worker dismisses them. */
export const refusals = signal<readonly Refusal[]>([]);

/** Per offer: the decline box and its reason, and whether its answer is on its way. */
export const offerDrafts = signal<ReadonlyMap<string, OfferDraft>>(new Map());
/** The case in hand's draft: the call asked about, the result typed, whether a step is on its way. */
export const caseDraft = signal<CaseDraft | null>(null);

export const offers = computed(() => shown.value.pendingOffers());
export const activeCase = computed(() => shown.value.activeCase());
export const queuedCase = computed(() => shown.value.queuedCase());

/** The day in Asia/Shanghai: changes at midnight only, so the day's lists are not re-read every second. */
const day = computed(() => shanghaiDay(new Date(now.value)));
export const todays = computed(() => {
  void day.value;
  const view = shown.value;
  return todaysCases(view.incidents.values(), view.workerId, now.peek());
});
export const closedToday = computed(() => {
  void day.value;
  return shown.value.closedToday(now.peek());
});

/** Queued steps of one case. */
export function pendingFor(incidentId: string): number {
  return pendingSteps.value.filter((s) => s.incidentId === incidentId).length;
}

const NO_OFFER_DRAFT: OfferDraft = { declining: false, reason: '', busy: false, error: '' };

export function offerDraftOf(offerId: string): OfferDraft {
  return offerDrafts.value.get(offerId) ?? NO_OFFER_DRAFT;
}

export function patchOfferDraft(offerId: string, patch: Partial<OfferDraft>): void {
  const next = new Map(offerDrafts.value);
  next.set(offerId, { ...offerDraftOf(offerId), ...patch });
  offerDrafts.value = next;
}

export function dropOfferDraft(offerId: string): void {
  if (!offerDrafts.value.has(offerId)) return;
  const next = new Map(offerDrafts.value);
  next.delete(offerId);
  offerDrafts.value = next;
}

/** The draft of `incidentId`, a fresh one when the draft held is another case's. */
export function caseDraftOf(incidentId: string): CaseDraft {
  const draft = caseDraft.peek();
  return draft?.incidentId === incidentId ? draft : { incidentId, called: false, call: null, result: '', busy: false, error: '' };
}

export function patchCaseDraft(incidentId: string, patch: Partial<Omit<CaseDraft, 'incidentId'>>): void {
  caseDraft.value = { ...caseDraftOf(incidentId), ...patch };
}
