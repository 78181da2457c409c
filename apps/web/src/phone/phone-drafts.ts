/**
 * What the phone page keeps besides the hub's word: a worker's drafts on the case in hand and on an
 * offer, and the day's list. Here, apart from the components, so the store and the components do not
 * import each other.
 */
import type { IncidentView } from '@xiaonao/contracts';
import { shanghaiDay } from '../shared/format-time';
import type { PendingCall } from './call-tracker';

export type CaseStep = 'contact' | 'arrive' | 'close';

export interface CaseDraft {
  incidentId: string;
  /** A call went through before contact: prompt the worker to confirm the contact. */
  called: boolean;
  /** The call link was tapped and the worker has not yet said whether it went through. */
  call: PendingCall | null;
  result: string;
  busy: boolean;
  error: string;
}

export interface OfferDraft {
  declining: boolean;
  reason: string;
  busy: boolean;
  error: string;
}

/** This worker's cases received today, newest first. */
export function todaysCases(incidents: Iterable<IncidentView>, workerId: string, now: number): IncidentView[] {
  const today = shanghaiDay(new Date(now));
  return [...incidents]
    .filter((i) => i.worker?.id === workerId && i.state !== 'offered' && i.state !== 'received' && shanghaiDay(i.receivedAt) === today)
    .sort((a, b) => Date.parse(b.receivedAt) - Date.parse(a.receivedAt));
}
