/**
 * Domain events published on the bus (NATS JetStream when NATS_URL is set, in-process otherwise).
 * Subject: `xiaonao.<townshipCode>.<event>`, e.g. `xiaonao.hezhuang.incident.accepted`.
 * Another process follows a township with `xiaonao.hezhuang.>`.
 */
import type { ClockAlert, OfferWithdrawn, WorkerMove } from './socket';
import type { IncidentView, OfferView, WorkerView } from './views';
import type { CameraIncidentView } from './cameras';
import type { PageAttemptView } from './notify';
import type { HandbackView } from './handback';
import type { FollowUpView } from './followup';

export interface BusEvents {
  'incident.received': { incident: IncidentView };
  'incident.offered': { incident: IncidentView; offer: OfferView };
  'incident.declined': { incident: IncidentView; workerId: string; reason: string };
  'incident.accepted': { incident: IncidentView };
  'incident.contacted': { incident: IncidentView };
  'incident.arrived': { incident: IncidentView };
  'incident.closed': { incident: IncidentView };
  'incident.updated': { incident: IncidentView };
  /** An operator took the case from `fromWorkerId` to give it to someone else. */
  'incident.reassigned': { incident: IncidentView; fromWorkerId: string };
  'offer.withdrawn': OfferWithdrawn & { workerId: string };
  'clock.at_risk': { alert: ClockAlert; incident: IncidentView };
  'clock.breached': { alert: ClockAlert; incident: IncidentView };
  'worker.updated': { worker: WorkerView };
  /** Positions only, batched: the frequent news of where workers are. */
  'worker.moved': { moves: WorkerMove[] };
  /** Camera cases whose alert count moved, batched (a storm would otherwise be news a hundred times a second). */
  'camera.counted': { counts: CameraIncidentView[] };
  /** An attempt to reach a worker about an offer changed (sent, delivered, read, failed…). */
  'page.updated': { attempt: PageAttemptView };
  /** A session was ended before its time (signed out, or revoked on refresh-token reuse): every hub process closes its sockets. */
  'session.revoked': { sessionId: string; userId: string; reason: 'logged_out' | 'revoked' };
  /** Returned to the police (已退回公安); the case is closed with closure returned_to_police. */
  'incident.returned': { incident: IncidentView; handback: HandbackView };
  /** Handed to the 12345 hotline (已移交12345); the case is closed with closure handed_to_12345. */
  'incident.handed_over': { incident: IncidentView; handback: HandbackView };
  /** The station signed for a returned case (签收). */
  'incident.acknowledged': { incident: IncidentView; handback: HandbackView };
  /** An unsatisfactory 回访 reopened `incident` as a new round, `round` (its own case, clocks and number). */
  'incident.reopened': { incident: IncidentView; round: IncidentView };
  /** A 回访 was scheduled, fell overdue or was recorded, or its 督办 moved. */
  'incident.followed_up': { incident: IncidentView; followUp: FollowUpView };
  /** 销号: the case is done for good. */
  'incident.signed_off': { incident: IncidentView };
  /**
   * The township's set-up changed (an import, the responsibility table, clock rules): every hub process
   * drops what it keeps of it and reads it again, rather than within its cache's 30 s.
   */
  'township.changed': { what: string };
}

export type BusEventName = keyof BusEvents;

export const BUS_EVENT_NAMES = [
  'incident.received',
  'incident.offered',
  'incident.declined',
  'incident.accepted',
  'incident.contacted',
  'incident.arrived',
  'incident.closed',
  'incident.updated',
  'incident.reassigned',
  'offer.withdrawn',
  'clock.at_risk',
  'clock.breached',
  'worker.updated',
  'worker.moved',
  'camera.counted',
  'page.updated',
  'session.revoked',
  'incident.returned',
  'incident.handed_over',
  'incident.acknowledged',
  'incident.reopened',
  'incident.followed_up',
  'incident.signed_off',
  'township.changed',
] as const satisfies readonly BusEventName[];

export const BUS_SUBJECT_PREFIX = 'xiaonao';
export const BUS_STREAM = 'XIAONAO';

export function busSubject(townshipCode: string, event: BusEventName): string {
  return `${BUS_SUBJECT_PREFIX}.${townshipCode}.${event}`;
}

export interface BusEnvelope<E extends BusEventName = BusEventName> {
  event: E;
  townshipId: string;
  townshipCode: string;
  at: string;
  payload: BusEvents[E];
  /** Place in the hub's delivery log, set when the outbox relays the news (absent for position batches). */
  seq?: number;
}
