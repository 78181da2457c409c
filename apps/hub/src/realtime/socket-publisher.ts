/**
 * The one typed outbound socket surface: follows the bus and tells each room what it may see
 * (deliveries.ts decides which). Every hub process does this for its own sockets, so it works the
 * same with one process or many. News relayed from the outbox carries its place in the delivery log
 * (`seq`), sent along so a page can later ask for what it missed.
 */
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { BusEnvelope, ClientToServerEvents, DeliveryMeta, ServerToClientEvents } from '@xiaonao/contracts';
import type { Server } from 'socket.io';
import { EventBus } from '../bus/event-bus';
import { deliveriesOf, type Delivery } from './deliveries';

type HubServer = Server<ClientToServerEvents, ServerToClientEvents>;

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
    const meta: DeliveryMeta | undefined = envelope.seq === undefined ? undefined : { seq: envelope.seq };
    for (const delivery of deliveriesOf(envelope)) emit(io, delivery, meta);
  }
}

/** Emits one delivery; `meta` only when there is one (socket.io would send a missing argument as null). */
function emit(io: HubServer, d: Delivery, meta: DeliveryMeta | undefined): void {
  const to = io.to(d.rooms);
  switch (d.event) {
    case 'incident.upserted':
      return void (meta ? to.emit(d.event, d.payload, meta) : to.emit(d.event, d.payload));
    case 'clock.alert':
      return void (meta ? to.emit(d.event, d.payload, meta) : to.emit(d.event, d.payload));
    case 'offer.created':
      return void (meta ? to.emit(d.event, d.payload, meta) : to.emit(d.event, d.payload));
    case 'offer.withdrawn':
      return void (meta ? to.emit(d.event, d.payload, meta) : to.emit(d.event, d.payload));
    case 'worker.upserted':
      return void (meta ? to.emit(d.event, d.payload, meta) : to.emit(d.event, d.payload));
    case 'worker.moved':
      return void to.emit(d.event, d.payload);
    case 'camera.counted':
      return void (meta ? to.emit(d.event, d.payload, meta) : to.emit(d.event, d.payload));
    case 'page.updated':
      return void (meta ? to.emit(d.event, d.payload, meta) : to.emit(d.event, d.payload));
  }
}
