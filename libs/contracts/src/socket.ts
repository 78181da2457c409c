/**
 * The socket.io surface: event names, payloads and rooms, in one place.
 * Connect with `io(url, { auth: { token } })`; the hub joins the socket to the rooms its user may see.
 */
import type { EscalationAction } from './clock-rules';
import type { ClockStage, ClockStatus } from './vocabulary';
import type { LngLat } from './geo';
import type { PositionFix } from './rest';
import type { IncidentView, OfferView, WorkerView } from './views';
import type { CameraIncidentView } from './cameras';
import type { DeliveryMeta } from './field';
import type { PageAttemptView } from './notify';

export interface ClockAlert {
  incidentId: string;
  caseNo: string;
  stage: ClockStage;
  status: Extract<ClockStatus, 'at_risk' | 'breached'>;
  /** When the warning or breach was raised; `dueAt` is when it fell due (the gap is the hub's lateness). */
  at: string;
  dueAt: string;
  /** A breach's escalation chain as carried out (empty for a warning). */
  escalation: EscalationAction[];
  /** The grid leader (网格长) told of this breach, if the chain says so and the grid has one. */
  gridLeaderId: string | null;
}

export interface OfferWithdrawn {
  offerId: string;
  incidentId: string;
  reason: 'expired' | 'declined' | 'taken';
}

/** Where a worker is now (WGS-84). */
export interface WorkerMove {
  workerId: string;
  location: LngLat;
  positionAt: string;
}

export interface ServerToClientEvents {
  /** An incident was created or changed (state, worker, clocks). Rooms: operators, station, worker. */
  'incident.upserted': (incident: IncidentView, meta?: DeliveryMeta) => void;
  /**
   * A clock turned at risk or breached. Rooms: operators, the worker holding the case; for a breach
   * also the station when the chain says `inform_station`, and the grid leader for `notify_grid_leader`.
   */
  'clock.alert': (alert: ClockAlert, meta?: DeliveryMeta) => void;
  /** An instruction for this worker; accept or decline before `expiresAt`. Room: worker. */
  'offer.created': (offer: OfferView, meta?: DeliveryMeta) => void;
  /** The offer no longer stands. Room: worker. */
  'offer.withdrawn': (withdrawn: OfferWithdrawn, meta?: DeliveryMeta) => void;
  /** A worker's status or duty changed. Room: operators. */
  'worker.upserted': (worker: WorkerView, meta?: DeliveryMeta) => void;
  /** Workers moved (batched, about once a second). Room: operators. */
  'worker.moved': (moves: WorkerMove[]) => void;
  /** Camera cases' alert counts and source cameras changed (batched, about once a second). Room: operators. */
  'camera.counted': (counts: CameraIncidentView[], meta?: DeliveryMeta) => void;
  /** An attempt to reach a worker about an offer changed: the operator tells a missed accept from a missed message. Room: operators. */
  'page.updated': (attempt: PageAttemptView, meta?: DeliveryMeta) => void;
}

export interface PositionAck {
  ok: boolean;
  error?: string;
}

export interface OfferSeen {
  offerId: string;
  /** The page was in front (document visible) when the offer arrived or came back into view. */
  visible: boolean;
}

export interface ClientToServerEvents {
  /** A phone reports where its worker is. */
  'position.report': (fix: PositionFix, ack: (result: PositionAck) => void) => void;
  /** The phone showed this offer (page visible): the socket delivered it and the worker could see it. */
  'offer.seen': (seen: OfferSeen, ack: (result: PositionAck) => void) => void;
  /** Round-trip probe (used by the benchmark as a baseline). */
  'hub.ping': (sentAt: number, ack: (sentAt: number) => void) => void;
}

export const SOCKET_EVENTS = {
  incidentUpserted: 'incident.upserted',
  clockAlert: 'clock.alert',
  offerCreated: 'offer.created',
  offerWithdrawn: 'offer.withdrawn',
  workerUpserted: 'worker.upserted',
  workerMoved: 'worker.moved',
  cameraCounted: 'camera.counted',
  pageUpdated: 'page.updated',
  positionReport: 'position.report',
  offerSeen: 'offer.seen',
  ping: 'hub.ping',
} as const satisfies Record<string, keyof ServerToClientEvents | keyof ClientToServerEvents>;

export const rooms = {
  operators: (townshipId: string) => `township:${townshipId}:operators`,
  worker: (workerId: string) => `worker:${workerId}`,
  station: (stationId: string) => `station:${stationId}`,
};
