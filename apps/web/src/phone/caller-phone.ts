/**
 * The caller's number on the phone. News (sockets, the catch-up log) and offers carry it masked; the
 * hub answers the worker holding the case with the full number (their case list, the case itself, the
 * answer to their accept). The phone keeps that number while the worker holds the case, so masked news
 * does not take it away, and lets it go when the case closes or goes to someone else.
 */
import type { IncidentView } from '@xiaonao/contracts';
import { holdsCase } from '@xiaonao/domain';

function heldBy(incident: IncidentView, workerId: string): boolean {
  return holdsCase({ state: incident.state, workerId: incident.worker?.id ?? null, assistantIds: incident.assistants.map((a) => a.id) }, workerId);
}

/** `next` as the phone should keep it: with the full number it already had while the worker still holds the case. */
export function withKnownCallerPhone(known: IncidentView | undefined, next: IncidentView, workerId: string): IncidentView {
  if (!next.callerPhoneMasked || !known || known.callerPhoneMasked || !heldBy(next, workerId)) return next;
  return { ...next, callerPhone: known.callerPhone, callerPhoneMasked: false };
}

/** A case the worker holds whose party they must call, known only masked (it came as news): ask the hub for it. */
export function needsCallerPhone(incident: IncidentView, workerId: string): boolean {
  return incident.callerPhoneMasked && incident.contactKind === 'party' && heldBy(incident, workerId);
}
