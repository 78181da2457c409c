/** What the worker's phone knows: pending offers, the worker's own cases, and whether they are on duty. */
import type { IncidentView, OfferView } from '@xiaonao/contracts';
import { shanghaiDay } from '../shared/format-time';
import { withKnownCallerPhone } from './caller-phone';

const ACTIVE_STATES = new Set(['accepted', 'contacted', 'arrived']);

export class PhoneState {
  readonly offers = new Map<string, OfferView>();
  readonly incidents = new Map<string, IncidentView>();
  onDuty: boolean;
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly workerId: string,
    onDuty: boolean,
  ) {
    this.onDuty = onDuty;
  }

  onChange(listener: () => void): void {
    this.listeners.add(listener);
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }

  setOffers(offers: readonly OfferView[]): void {
    this.offers.clear();
    for (const offer of offers) this.offers.set(offer.offerId, offer);
    this.emit();
  }

  addOffer(offer: OfferView): void {
    this.offers.set(offer.offerId, offer);
    this.emit();
  }

  /** Removes an offer; returns it if it was there. */
  removeOffer(offerId: string): OfferView | undefined {
    const offer = this.offers.get(offerId);
    if (offer) {
      this.offers.delete(offerId);
      this.emit();
    }
    return offer;
  }

  removeOffersFor(incidentId: string): void {
    let changed = false;
    for (const [id, offer] of this.offers) {
      if (offer.incidentId !== incidentId) continue;
      this.offers.delete(id);
      changed = true;
    }
    if (changed) this.emit();
  }

  setIncidents(incidents: readonly IncidentView[]): void {
    this.incidents.clear();
    for (const incident of incidents) this.incidents.set(incident.id, incident);
    this.emit();
  }

  upsertIncident(incident: IncidentView): void {
    const known = this.incidents.get(incident.id);
    if (known && Date.parse(known.updatedAt) > Date.parse(incident.updatedAt)) return;
    this.incidents.set(incident.id, withKnownCallerPhone(known, incident, this.workerId));
    // An offered case that moved on (taken by this worker or gone elsewhere) has no offer left to answer.
    const offeredElsewhere = incident.worker !== null && incident.worker.id !== this.workerId;
    if (incident.state !== 'offered' || offeredElsewhere) this.removeOffersFor(incident.id);
    this.emit();
  }

  setDuty(onDuty: boolean): void {
    this.onDuty = onDuty;
    this.emit();
  }

  /** Offers still standing, soonest to expire first. */
  pendingOffers(): OfferView[] {
    return [...this.offers.values()].sort((a, b) => Date.parse(a.expiresAt) - Date.parse(b.expiresAt));
  }

  /** The case this worker holds and is working on (not the one queued after it). */
  activeCase(): IncidentView | null {
    return this.held(false);
  }

  /** The case this worker accepted to do next, while still busy with the current one. */
  queuedCase(): IncidentView | null {
    return this.held(true);
  }

  private held(queued: boolean): IncidentView | null {
    let active: IncidentView | null = null;
    for (const incident of this.incidents.values()) {
      if (incident.worker?.id !== this.workerId || !ACTIVE_STATES.has(incident.state) || incident.queued !== queued) continue;
      if (!active || Date.parse(incident.receivedAt) > Date.parse(active.receivedAt)) active = incident;
    }
    return active;
  }

  closedToday(now: number): number {
    const today = shanghaiDay(new Date(now));
    let n = 0;
    for (const incident of this.incidents.values()) {
      if (incident.state === 'closed' && incident.worker?.id === this.workerId && incident.closedAt && shanghaiDay(incident.closedAt) === today) n++;
    }
    return n;
  }
}
