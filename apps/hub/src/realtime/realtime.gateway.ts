/**
 * Socket.io edge: authenticates each socket with its JWT and joins it to the rooms its user may
 * see (operators of its township, its station, itself as a worker; a region account the overseers'
 * room of every township under its region). Inbound events delegate.
 */
import { Inject } from '@nestjs/common';
import { ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway, type OnGatewayInit, type OnGatewayConnection, type OnGatewayDisconnect } from '@nestjs/websockets';
import { isRegionRole, rooms, SOCKET_EVENTS, type ClientToServerEvents, type PositionAck, type ServerToClientEvents, type SessionRenewAck, type SessionUser } from '@xiaonao/contracts';
import { DomainError } from '@xiaonao/domain';
import type { Server, Socket } from 'socket.io';
import { AuthService } from '../auth/auth.service';
import { regionScope } from '../auth/region-scope';
import { SocketSessions } from '../auth/socket-sessions';
import { errorBody } from '../errors/domain-error.filter';
import { validateMessage } from '../errors/parse-message-body';
import { SocketDelivery } from '../notify/socket-delivery';
import { MetricsService } from '../ops/metrics.service';
import { Database } from '../persistence/database';
import { PositionService } from '../workers/position.service';
import { PositionFixDto } from '../workers/workers.controller';
import { roomsFor } from './deliveries';
import { SocketPublisher } from './socket-publisher';
import { OfferSeenDto } from './socket-events.dto';

type HubSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, { user?: SessionUser }>;

const ACCEPTED: PositionAck = { ok: true };

// Origins are checked by the socket.io adapter start-hub.ts installs (auth/origin-io-adapter.ts).
@WebSocketGateway()
export class RealtimeGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  constructor(
    @Inject(AuthService) private readonly auth: AuthService,
    @Inject(PositionService) private readonly positions: PositionService,
    @Inject(SocketPublisher) private readonly publisher: SocketPublisher,
    @Inject(MetricsService) private readonly metrics: MetricsService,
    @Inject(SocketDelivery) private readonly delivery: SocketDelivery,
    @Inject(SocketSessions) private readonly sessions: SocketSessions,
    @Inject(Database) private readonly db: Database,
  ) {}

  /** Open sockets per worker on this process: the page is offline when the last one closes. */
  private readonly workerSockets = new Map<string, number>();

  afterInit(server: Server<ClientToServerEvents, ServerToClientEvents>): void {
    this.publisher.attach(server);
    // Refuse at the handshake: a client without a valid token gets connect_error and never a room.
    server.use((client: HubSocket, next) => {
      const token: unknown = client.handshake.auth?.token;
      this.auth
        .verifyAccess(typeof token === 'string' ? token : undefined)
        .then((grant) => {
          client.data.user = grant.user;
          // Closed when the session ends or the token expires unrenewed (session.ended first).
          this.sessions.attach(client, grant);
          next();
        })
        .catch(() => next(new Error('unauthorized')));
    });
  }

  async handleConnection(client: HubSocket): Promise<void> {
    const user = client.data.user;
    if (!user) {
      client.disconnect(true);
      return;
    }
    // Bound before the first await, as NestJS binds the other events: a report sent right after connecting is heard.
    client.on(SOCKET_EVENTS.positionReport, (...args: unknown[]) => this.positionReport(client, args));
    if (user.workerId) this.positions.prepare(user.townshipId);
    // A township placed under the region later is heard from the socket's next connection.
    await client.join(isRegionRole(user.role) ? (await regionScope(this.db, user)).townshipIds.map(rooms.overseers) : roomsFor(user));
    this.metrics.sockets.inc();
    if (user.workerId) {
      this.workerSockets.set(user.workerId, (this.workerSockets.get(user.workerId) ?? 0) + 1);
      await this.delivery.connected(user.workerId).catch(() => undefined);
    }
  }

  async handleDisconnect(client: HubSocket): Promise<void> {
    this.sessions.detach(client);
    const user = client.data.user;
    if (!user) return;
    this.metrics.sockets.dec();
    if (!user.workerId) return;
    const left = (this.workerSockets.get(user.workerId) ?? 1) - 1;
    if (left > 0) {
      this.workerSockets.set(user.workerId, left);
      return;
    }
    this.workerSockets.delete(user.workerId);
    await this.delivery.disconnected(user.workerId).catch(() => undefined);
  }

  /** The phone shows an offer: the socket step of the chain delivered (or was read, the page in front). */
  // Payloads arrive as `unknown` and are validated here, not by the global pipe: a refusal must be an
  // `{ ok: false }` ack naming the field, not an exception event the phone never reads.
  @SubscribeMessage(SOCKET_EVENTS.offerSeen)
  async offerSeen(@ConnectedSocket() client: HubSocket, @MessageBody() payload: unknown): Promise<PositionAck> {
    try {
      const workerId = client.data.user?.workerId;
      if (!workerId) throw new DomainError('FORBIDDEN', '只有网格员可以确认派单', 'Only grid workers confirm offers');
      const seen = await validateMessage(payload, OfferSeenDto);
      await this.delivery.seen(workerId, seen.offerId, seen.visible);
      return { ok: true };
    } catch (error) {
      return this.refused(SOCKET_EVENTS.offerSeen, error, '记录失败');
    }
  }

  /**
   * `position.report`, thousands a second: its own listener on each socket rather than NestJS's message
   * pipeline (a chain of observables and promises per event). A plain fix of a worker on a roster already
   * read is taken and acknowledged at once; anything else goes the full way (position()), which answers
   * exactly as before. The arguments are read as NestJS reads them: a trailing function is the ack, a
   * single other argument is the payload, several are an array (refused: not an object).
   */
  private positionReport(client: HubSocket, args: unknown[]): void {
    const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as (answer: PositionAck) => void) : null;
    const payload = args.length === 1 ? args[0] : args.length === 0 ? undefined : args;
    const user = client.data.user;
    try {
      const fix = user?.workerId ? this.positions.plainFix(payload) : null;
      if (fix && user?.workerId && this.positions.reportKnown(user.townshipId, user.workerId, fix)) {
        ack?.(ACCEPTED);
        return;
      }
    } catch (error) {
      // Thrown out of a socket.io listener it would reach the engine's data handler; answered as position() would.
      ack?.(this.refused(SOCKET_EVENTS.positionReport, error, '位置上报失败'));
      return;
    }
    void this.position(client, payload).then((answer) => ack?.(answer));
  }

  /** The full way: the payload validated as a PositionFixDto, the worker's roster read if need be. Never rejects. */
  private async position(client: HubSocket, payload: unknown): Promise<PositionAck> {
    try {
      const user = client.data.user;
      if (!user?.workerId) throw new DomainError('FORBIDDEN', '只有网格员可以上报位置', 'Only grid workers report positions');
      await this.positions.report(user.townshipId, user.workerId, await validateMessage(payload, PositionFixDto));
      return { ok: true };
    } catch (error) {
      return this.refused(SOCKET_EVENTS.positionReport, error, '位置上报失败');
    }
  }

  /** The ack for an event that failed: a refusal (counted, its field named), or the hub's own failure. */
  private refused(event: string, error: unknown, failed: string): PositionAck {
    if (!(error instanceof DomainError)) return { ok: false, error: failed };
    this.metrics.refusals.inc({ door: `socket ${event}`, code: errorBody(error).code });
    return { ok: false, error: error.message, ...(error.field ? { field: error.field } : {}) };
  }

  /** A fresh access token from the page: the socket stays open past the old one's expiry. */
  @SubscribeMessage(SOCKET_EVENTS.sessionRenew)
  async renewSession(@ConnectedSocket() client: HubSocket, @MessageBody() payload: unknown): Promise<SessionRenewAck> {
    const ack = await this.sessions.renew(client, payload);
    if (!ack.ok) this.metrics.refusals.inc({ door: `socket ${SOCKET_EVENTS.sessionRenew}`, code: 'UNAUTHORIZED' });
    return ack;
  }

  /** Echoes a number; anything else (the probe only ever sends Date.now()) is answered with 0, never echoed back. */
  @SubscribeMessage(SOCKET_EVENTS.ping)
  ping(@MessageBody() sentAt: unknown): number {
    if (typeof sentAt === 'number' && Number.isFinite(sentAt)) return sentAt;
    this.metrics.refusals.inc({ door: `socket ${SOCKET_EVENTS.ping}`, code: 'INVALID_INPUT' });
    return 0;
  }
}
