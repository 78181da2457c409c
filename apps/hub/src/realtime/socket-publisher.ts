/**
 * The one typed outbound socket surface: follows the bus and tells each room what it may see.
 * Every hub process does this for its own sockets, so it works the same with one process or many.
 */
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { rooms, type BusEnvelope, type IncidentView, type ServerToClientEvents, type ClientToServerEvents } from '@xiaonao/contracts';
import type { Server } from 'socket.io';
import { EventBus } from '../bus/event-bus';

type HubServer = Server<ClientToServerEvents, ServerToClientEvents>;

function incidentRooms(incident: IncidentView): string[] {
  const out = [rooms.operators(incident.townshipId)];
  if (incident.station) out.push(rooms.station(incident.station.id));
  if (incident.worker) out.push(rooms.worker(incident.worker.id));
  for (const assistant of incident.assistants) out.push(rooms.worker(assistant.id));
  return out;
}

@Injectable()
export class SocketPublisher implements OnModuleInit, OnModuleDestroy {
  private server: HubServer | null = null;
  private unsubscribe: (() => void) | null = null;

  constructor(@Inject(EventBus) private readonly bus: EventBus) {}

  attach(server: HubServer): void {
    this.server = server;
  }

  onModuleInit(): void {
    this.unsubscribe = this.bus.subscribe((envelope) => this.deliver(envelope));
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  deliver(envelope: BusEnvelope): void {
    const io = this.server;
    if (!io) return;
    const e = envelope as { [K in BusEnvelope['event']]: BusEnvelope<K> }[BusEnvelope['event']];
    switch (e.event) {
      case 'incident.offered':
        io.to(rooms.worker(e.payload.offer.workerId)).emit('offer.created', e.payload.offer);
        io.to(incidentRooms(e.payload.incident)).emit('incident.upserted', e.payload.incident);
        return;
      case 'incident.declined':
        io.to([...incidentRooms(e.payload.incident), rooms.worker(e.payload.workerId)]).emit('incident.upserted', e.payload.incident);
        return;
      case 'incident.reassigned':
        // The earlier worker's phone learns the case is no longer theirs.
        io.to([...incidentRooms(e.payload.incident), rooms.worker(e.payload.fromWorkerId)]).emit('incident.upserted', e.payload.incident);
        return;
      case 'incident.received':
      case 'incident.accepted':
      case 'incident.contacted':
      case 'incident.arrived':
      case 'incident.closed':
      case 'incident.updated':
        io.to(incidentRooms(e.payload.incident)).emit('incident.upserted', e.payload.incident);
        return;
      case 'offer.withdrawn':
        io.to(rooms.worker(e.payload.workerId)).emit('offer.withdrawn', { offerId: e.payload.offerId, incidentId: e.payload.incidentId, reason: e.payload.reason });
        return;
      case 'clock.at_risk':
      case 'clock.breached': {
        const { alert, incident } = e.payload;
        const alarmRooms = [rooms.operators(incident.townshipId)];
        if (incident.worker) alarmRooms.push(rooms.worker(incident.worker.id));
        // A station hears of the breaches its escalation chain names: a warning is the township's to act on.
        if (incident.station && alert.escalation.includes('inform_station')) alarmRooms.push(rooms.station(incident.station.id));
        if (alert.gridLeaderId) alarmRooms.push(rooms.worker(alert.gridLeaderId));
        io.to(alarmRooms).emit('clock.alert', alert);
        io.to(incidentRooms(incident)).emit('incident.upserted', incident);
        return;
      }
      case 'worker.updated':
        io.to(rooms.operators(envelope.townshipId)).emit('worker.upserted', e.payload.worker);
        return;
      case 'worker.moved':
        io.to(rooms.operators(envelope.townshipId)).emit('worker.moved', e.payload.moves);
        return;
      case 'camera.counted':
        io.to(rooms.operators(envelope.townshipId)).emit('camera.counted', e.payload.counts);
        return;
    }
  }
}
