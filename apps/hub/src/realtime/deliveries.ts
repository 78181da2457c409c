/**
 * Who hears what: the socket events a piece of bus news becomes, and the rooms each goes to. The
 * socket publisher emits them live; the outbox stores their rooms (`audience`) so a page that was
 * away can ask for what it missed (catch-up.ts). One mapping serves both, so they cannot disagree.
 */
import { rooms, type BusEnvelope, type BusEventName, type IncidentView, type ServerToClientEvents, type SessionUser } from '@xiaonao/contracts';

/** `session.ended` is said by the gateway to one socket, never relayed from the bus. */
type SocketEventName = Exclude<keyof ServerToClientEvents, 'session.ended'>;

/** One socket event for some rooms. */
export type Delivery = { [E in SocketEventName]: { rooms: string[]; event: E; payload: Parameters<ServerToClientEvents[E]>[0] } }[SocketEventName];

/** The rooms a user's sockets join, and so the deliveries they may see. */
export function roomsFor(user: SessionUser): string[] {
  switch (user.role) {
    case 'operator':
      return [rooms.operators(user.townshipId)];
    case 'station':
      return user.stationId ? [rooms.station(user.stationId)] : [];
    case 'worker':
      return user.workerId ? [rooms.worker(user.workerId)] : [];
    case 'leader':
      // The leader's page (研判) reads over HTTP and needs no live news; the operators' room also
      // carries every worker's position as it moves, which a leader may not read (track-access.ts).
      return [];
    case 'admin':
    case 'district':
      // The overseers' rooms of every township under the region: which those are is read from the
      // region tree when the socket connects (realtime.gateway.ts), so none is known from the user alone.
      return [];
  }
}

/** The room of the region accounts over the township: cases as they change and their clock alarms, no positions. */
const overseersOf = (townshipId: string) => rooms.overseers(townshipId);

function incidentRooms(incident: IncidentView): string[] {
  const out = [rooms.operators(incident.townshipId), overseersOf(incident.townshipId)];
  if (incident.station) out.push(rooms.station(incident.station.id));
  if (incident.worker) out.push(rooms.worker(incident.worker.id));
  for (const assistant of incident.assistants) out.push(rooms.worker(assistant.id));
  return out;
}

const upserted = (incident: IncidentView, extra: string[] = []): Delivery => ({ rooms: [...incidentRooms(incident), ...extra], event: 'incident.upserted', payload: incident });

type AnyEnvelope = { [K in BusEventName]: BusEnvelope<K> }[BusEventName];

export function deliveriesOf(envelope: BusEnvelope): Delivery[] {
  const e = envelope as AnyEnvelope;
  switch (e.event) {
    case 'incident.offered':
      return [{ rooms: [rooms.worker(e.payload.offer.workerId)], event: 'offer.created', payload: e.payload.offer }, upserted(e.payload.incident)];
    case 'incident.declined':
      return [upserted(e.payload.incident, [rooms.worker(e.payload.workerId)])];
    case 'incident.reassigned':
      // The earlier worker's phone learns the case is no longer theirs.
      return [upserted(e.payload.incident, [rooms.worker(e.payload.fromWorkerId)])];
    case 'incident.received':
    case 'incident.accepted':
    case 'incident.contacted':
    case 'incident.arrived':
    case 'incident.closed':
    case 'incident.updated':
    case 'incident.returned':
    case 'incident.handed_over':
    case 'incident.acknowledged':
    case 'incident.followed_up':
    case 'incident.signed_off':
      return [upserted(e.payload.incident)];
    case 'incident.reopened':
      return [upserted(e.payload.incident), upserted(e.payload.round)];
    case 'offer.withdrawn':
      return [
        {
          rooms: [rooms.worker(e.payload.workerId)],
          event: 'offer.withdrawn',
          payload: { offerId: e.payload.offerId, incidentId: e.payload.incidentId, reason: e.payload.reason },
        },
      ];
    case 'clock.at_risk':
    case 'clock.breached': {
      const { alert, incident } = e.payload;
      const alarmRooms = [rooms.operators(incident.townshipId), overseersOf(incident.townshipId)];
      if (incident.worker) alarmRooms.push(rooms.worker(incident.worker.id));
      // A station hears of the breaches its escalation chain names: a warning is the township's to act on.
      if (incident.station && alert.escalation.includes('inform_station')) alarmRooms.push(rooms.station(incident.station.id));
      if (alert.gridLeaderId) alarmRooms.push(rooms.worker(alert.gridLeaderId));
      return [{ rooms: alarmRooms, event: 'clock.alert', payload: alert }, upserted(incident)];
    }
    case 'worker.updated':
      return [{ rooms: [rooms.operators(e.townshipId)], event: 'worker.upserted', payload: e.payload.worker }];
    case 'worker.moved':
      return [{ rooms: [rooms.operators(e.townshipId)], event: 'worker.moved', payload: e.payload.moves }];
    case 'camera.counted':
      return [{ rooms: [rooms.operators(e.townshipId)], event: 'camera.counted', payload: e.payload.counts }];
    case 'page.updated':
      return [{ rooms: [rooms.operators(e.townshipId)], event: 'page.updated', payload: e.payload.attempt }];
    case 'session.revoked':
    case 'township.changed':
      // News for the hub processes themselves (auth/session-liveness.ts closes the sockets; the township
      // directory reads the township again), not for any room.
      return [];
  }
}

/** Every room some delivery of the envelope reaches (stored with the outbox row). */
export function audienceOf(envelope: BusEnvelope): string[] {
  return [...new Set(deliveriesOf(envelope).flatMap((d) => d.rooms))];
}
