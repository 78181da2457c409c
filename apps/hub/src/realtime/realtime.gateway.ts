/**
 * Socket.io edge: authenticates each socket with its JWT and joins it to the rooms its user may
 * see (operators of its township, its station, itself as a worker). Inbound events delegate.
 */
import { Inject } from '@nestjs/common';
import { ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway, type OnGatewayInit, type OnGatewayConnection, type OnGatewayDisconnect } from '@nestjs/websockets';
import { SOCKET_EVENTS, type ClientToServerEvents, type OfferSeen, type PositionAck, type PositionFix, type ServerToClientEvents, type SessionUser } from '@xiaonao/contracts';
import { DomainError } from '@xiaonao/domain';
import type { Server, Socket } from 'socket.io';
import { AuthService } from '../auth/auth.service';
import { SocketDelivery } from '../notify/socket-delivery';
import { MetricsService } from '../ops/metrics.service';
import { PositionService } from '../workers/position.service';
import { roomsFor } from './deliveries';
import { SocketPublisher } from './socket-publisher';

type HubSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, { user?: SessionUser }>;

@WebSocketGateway({ cors: { origin: true } })
export class RealtimeGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  constructor(
    @Inject(AuthService) private readonly auth: AuthService,
    @Inject(PositionService) private readonly positions: PositionService,
    @Inject(SocketPublisher) private readonly publisher: SocketPublisher,
    @Inject(MetricsService) private readonly metrics: MetricsService,
    @Inject(SocketDelivery) private readonly delivery: SocketDelivery,
  ) {}

  /** Open sockets per worker on this process: the page is offline when the last one closes. */
  private readonly workerSockets = new Map<string, number>();

  afterInit(server: Server<ClientToServerEvents, ServerToClientEvents>): void {
    this.publisher.attach(server);
    // Refuse at the handshake: a client without a valid token gets connect_error and never a room.
    server.use((client: HubSocket, next) => {
      const token: unknown = client.handshake.auth?.token;
      this.auth
        .verifyToken(typeof token === 'string' ? token : undefined)
        .then((user) => {
          client.data.user = user;
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
    await client.join(roomsFor(user));
    this.metrics.sockets.inc();
    if (user.workerId) {
      this.workerSockets.set(user.workerId, (this.workerSockets.get(user.workerId) ?? 0) + 1);
      await this.delivery.connected(user.workerId).catch(() => undefined);
    }
  }

  async handleDisconnect(client: HubSocket): Promise<void> {
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
  @SubscribeMessage(SOCKET_EVENTS.offerSeen)
  async offerSeen(@ConnectedSocket() client: HubSocket, @MessageBody() seen: OfferSeen): Promise<PositionAck> {
    const workerId = client.data.user?.workerId;
    if (!workerId) return { ok: false, error: '只有网格员可以确认派单' };
    if (typeof seen?.offerId !== 'string' || !/^[0-9a-f-]{36}$/i.test(seen.offerId)) return { ok: false, error: 'offerId：不是有效的派单编号' };
    try {
      await this.delivery.seen(workerId, seen.offerId, seen.visible === true);
      return { ok: true };
    } catch {
      return { ok: false, error: '记录失败' };
    }
  }

  @SubscribeMessage(SOCKET_EVENTS.positionReport)
  async position(@ConnectedSocket() client: HubSocket, @MessageBody() fix: PositionFix): Promise<PositionAck> {
    const user = client.data.user;
    if (!user?.workerId) return { ok: false, error: '只有网格员可以上报位置' };
    try {
      await this.positions.report(user.townshipId, user.workerId, fix);
      return { ok: true };
    } catch (error) {
      return { ok: false, error: error instanceof DomainError ? error.message : '位置上报失败' };
    }
  }

  @SubscribeMessage(SOCKET_EVENTS.ping)
  ping(@MessageBody() sentAt: number): number {
    return sentAt;
  }
}
