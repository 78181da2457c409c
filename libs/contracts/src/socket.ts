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
import type { PageAttemptView } from './notify';

/** Metadata sent as the second argument of every socket event that the hub also keeps for catch-up. */
export interface DeliveryMeta {
  /** Position in the hub's delivery log; strictly increasing in the order events were sent. */
  seq: number;
}

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

/** Why the hub closed a socket's session: signed out, revoked (a spent refresh token came back), or its access token ran out unrenewed. */
export type SessionEndReason = 'logged_out' | 'revoked' | 'expired';

/** Said to the socket just before the hub disconnects it; the page signs in again (or refreshes, for `expired`). */
export interface SessionEnded {
  reason: SessionEndReason;
  message: string;
  messageEn: string;
}

/** A fresh access token for an open socket (from `/api/auth/refresh`), sent before the old one expires. */
export interface SessionRenew {
  token: string;
}

export interface SessionRenewAck {
  ok: boolean;
  /** The socket now lasts until this token's expiry (ISO-8601). */
  expiresAt?: string;
  error?: string;
}

export interface ServerToClientEvents {
  /** An incident was created or changed (state, worker, clocks). Rooms: operators, overseers, station, worker. */
  'incident.upserted': (incident: IncidentView, meta?: DeliveryMeta) => void;
  /**
   * A clock turned at risk or breached. Rooms: operators, overseers, the worker holding the case; for a breach
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
  /** This socket's session ended (signed out, revoked, or its token expired unrenewed); the hub disconnects it next. Room: the socket alone. */
  'session.ended': (ended: SessionEnded) => void;
}

export interface PositionAck {
  ok: boolean;
  error?: string;
  /** The field a refused payload got wrong (`at`, `offerId`, `body`…), as an HTTP door's ErrorBody names it. */
  field?: string;
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
  /** A fresh access token of the same user: the socket stays open past the old token's expiry. */
  'session.renew': (renew: SessionRenew, ack: (result: SessionRenewAck) => void) => void;
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
  sessionEnded: 'session.ended',
  sessionRenew: 'session.renew',
} as const satisfies Record<string, keyof ServerToClientEvents | keyof ClientToServerEvents>;

/**
 * `overseers`: the region accounts (admin, district) over a township. Each of their sockets joins this
 * room of every township under its region, so news stays a function of the township alone (docs/regions.md).
 */
export const rooms = {
  operators: (townshipId: string) => `township:${townshipId}:operators`,
  worker: (workerId: string) => `worker:${workerId}`,
  station: (stationId: string) => `station:${stationId}`,
  overseers: (townshipId: string) => `township:${townshipId}:overseers`,
};
