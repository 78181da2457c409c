/**
 * The attempts to reach workers about a case, grouped by offer, with what each offer tells the operator:
 * a message read (or a call answered) without an answer is a missed accept; messages that failed or were
 * never delivered are a missed message. Pure: the section that draws it is page-attempts-section.ts.
 */
import type { AttemptStatus, PageAttemptView, TimelineEntryView } from '@xiaonao/contracts';

/** How a status is coloured: reached (green), on its way (neutral), failed (red), not sent (grey), still to come. */
export type AttemptTone = 'reached' | 'underway' | 'failed' | 'idle' | 'pending';

export function attemptTone(status: AttemptStatus): AttemptTone {
  switch (status) {
    case 'read':
    case 'answered':
      return 'reached';
    case 'sent':
    case 'delivered':
      return 'underway';
    case 'failed':
    case 'unknown':
      return 'failed';
    case 'cancelled':
    case 'skipped':
      return 'idle';
    case 'scheduled':
    case 'sending':
      return 'pending';
  }
}

/** What became of the offer itself, from the case's timeline. */
export type OfferOutcome = 'accepted' | 'declined' | 'expired' | 'open';

/**
 * What the attempts of one offer add up to: `reached` (read or answered), `delivered` (arrived, not
 * known to be seen), `missed` (every attempt made failed, was lost or never went), `underway`.
 */
export type OfferReach = 'reached' | 'delivered' | 'missed' | 'underway';

export interface OfferAttempts {
  offerId: string;
  workerId: string;
  /** From the `offered` timeline entry; null when the timeline has not caught up yet. */
  offeredAt: string | null;
  workerName: string | null;
  outcome: OfferOutcome;
  reach: OfferReach;
  attempts: PageAttemptView[];
}

const REACHED: ReadonlySet<AttemptStatus> = new Set(['read', 'answered']);
const MISSED: ReadonlySet<AttemptStatus> = new Set(['failed', 'unknown', 'skipped', 'cancelled']);

export function offerReach(attempts: readonly PageAttemptView[]): OfferReach {
  if (attempts.some((a) => REACHED.has(a.status))) return 'reached';
  if (attempts.some((a) => a.status === 'delivered')) return 'delivered';
  if (attempts.length > 0 && attempts.every((a) => MISSED.has(a.status))) return 'missed';
  return 'underway';
}

const OUTCOMES: Readonly<Partial<Record<TimelineEntryView['type'], OfferOutcome>>> = {
  accepted: 'accepted',
  declined: 'declined',
  offer_expired: 'expired',
};

/**
 * The offer's answer: the first accept, decline or lapse of the same worker after the offer. Those
 * entries name the worker, not the offer, so a later offer to the same worker ends where the next
 * `offered` entry begins.
 */
function outcomeOf(offered: TimelineEntryView | undefined, timeline: readonly TimelineEntryView[]): OfferOutcome {
  if (!offered) return 'open';
  for (const entry of timeline) {
    if (entry.seq <= offered.seq || entry.workerId !== offered.workerId) continue;
    if (entry.type === 'offered') return 'open';
    const outcome = OUTCOMES[entry.type];
    if (outcome) return outcome;
  }
  return 'open';
}

/** Offers newest first, each offer's attempts in chain order. */
export function groupAttempts(attempts: readonly PageAttemptView[], timeline: readonly TimelineEntryView[]): OfferAttempts[] {
  const ordered = [...timeline].sort((a, b) => a.seq - b.seq);
  const offeredEntry = new Map<string, TimelineEntryView>();
  for (const entry of ordered) {
    if (entry.type === 'offered' && typeof entry.detail.offerId === 'string') offeredEntry.set(entry.detail.offerId, entry);
  }
  const byOffer = new Map<string, PageAttemptView[]>();
  for (const attempt of attempts) {
    const list = byOffer.get(attempt.offerId);
    if (list) list.push(attempt);
    else byOffer.set(attempt.offerId, [attempt]);
  }
  const groups = [...byOffer].map(([offerId, list]): OfferAttempts => {
    const offered = offeredEntry.get(offerId);
    const sorted = list.sort((a, b) => a.step - b.step || a.dueAt.localeCompare(b.dueAt));
    return {
      offerId,
      workerId: sorted[0].workerId,
      offeredAt: offered?.at ?? null,
      workerName: typeof offered?.detail.workerName === 'string' ? offered.detail.workerName : null,
      outcome: outcomeOf(offered, ordered),
      reach: offerReach(sorted),
      attempts: sorted,
    };
  });
  const startOf = (g: OfferAttempts) => g.offeredAt ?? g.attempts[0].dueAt;
  return groups.sort((a, b) => startOf(b).localeCompare(startOf(a)));
}

/** Puts a pushed attempt in place of its older self (or adds it); an older copy arriving late is ignored. */
export function mergeAttempt(attempts: readonly PageAttemptView[], next: PageAttemptView): PageAttemptView[] {
  const i = attempts.findIndex((a) => a.id === next.id);
  if (i < 0) return [...attempts, next];
  if (isOlder(next, attempts[i])) return [...attempts];
  return attempts.map((a, k) => (k === i ? next : a));
}

/** Statuses only move forward; a pushed copy whose status comes earlier in that order is stale. */
const ORDER: Readonly<Record<AttemptStatus, number>> = {
  scheduled: 0,
  sending: 1,
  sent: 2,
  delivered: 3,
  read: 4,
  answered: 4,
  failed: 4,
  unknown: 4,
  skipped: 4,
  cancelled: 4,
};

function isOlder(candidate: PageAttemptView, current: PageAttemptView): boolean {
  return ORDER[candidate.status] < ORDER[current.status];
}
