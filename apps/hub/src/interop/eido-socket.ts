/**
 * The EIDO websocket (NENA-STA-024 style): a plain websocket with JSON messages on INTEROP_API.eidoSocket,
 * on the hub's own HTTP server beside socket.io (which answers only its own path). It admits a
 * subscriber, feeds it from the bus and translates; the protocol lives in eido-subscriber.ts.
 *
 * Who may connect: an operator (or a station, for the cases it handed over) with `Authorization: Bearer
 * <access token>`, or an integration of the township with `x-api-key`. Checked once, at the upgrade:
 * a refused upgrade is answered 401/403 and never becomes a websocket. An operator's connection ends
 * when the token expires or the session ends (sign out, revoked); an API key's lasts until it closes.
 *
 * The news is the outbox's, so the caller's number in it is already masked; the EIDO mapping masks it
 * again and never carries a worker's phone.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { API_KEY_HEADER, EIDO_MAX_MESSAGE_BYTES, EIDO_SUBPROTOCOL, INTEROP_API, type BusEnvelope, type EidoDocument, type EidoServerMessage, type IncidentView } from '@xiaonao/contracts';
import { DomainError } from '@xiaonao/domain';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { AuthService } from '../auth/auth.service';
import { EventBus } from '../bus/event-bus';
import { Clock } from '../clock/clock';
import { EidoExport, townshipReader } from './eido-export';
import { EidoSubscriber, type SubscriberScope } from './eido-subscriber';

/** How often subscriptions are checked for expiry and credentials for lapse. */
const SWEEP_MS = 1_000;

/** The cases a piece of news is about (a reopening is about the old round and the new one). */
function viewsOf(envelope: BusEnvelope): IncidentView[] {
  const payload = envelope.payload as Partial<Record<'incident' | 'round', IncidentView>>;
  if (!envelope.event.startsWith('incident.') && !envelope.event.startsWith('clock.')) return [];
  return [payload.incident, payload.round].filter((v): v is IncidentView => v !== undefined);
}

/** A text message as JSON; null when it is not JSON. */
function parsed(data: RawData): unknown {
  const text = Buffer.isBuffer(data) ? data.toString('utf8') : Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Answers a refused upgrade as plain HTTP and hangs up. */
function refuse(socket: Duplex, status: 401 | 403, error: DomainError): void {
  const body = JSON.stringify({ statusCode: status, code: error.code, message: error.message, messageEn: error.messageEn });
  const reason = status === 401 ? 'Unauthorized' : 'Forbidden';
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}

@Injectable()
export class EidoSocket implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('EidoSocket');
  private readonly wss = new WebSocketServer({
    noServer: true,
    maxPayload: EIDO_MAX_MESSAGE_BYTES,
    handleProtocols: (offered) => (offered.has(EIDO_SUBPROTOCOL) ? EIDO_SUBPROTOCOL : false),
  });
  private readonly connections = new Map<WebSocket, EidoSubscriber>();
  private unsubscribe: (() => void) | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
    @Inject(EventBus) private readonly bus: EventBus,
    @Inject(AuthService) private readonly auth: AuthService,
    @Inject(EidoExport) private readonly eido: EidoExport,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    const server = this.adapterHost.httpAdapter.getHttpServer() as { on(event: 'upgrade', listener: (req: IncomingMessage, socket: Duplex, head: Buffer) => void): void };
    server.on('upgrade', (req, socket, head) => {
      if (new URL(req.url ?? '/', 'http://hub').pathname !== INTEROP_API.eidoSocket) return;
      void this.admit(req, socket, head);
    });
    this.unsubscribe = this.bus.subscribe((envelope) => this.deliver(envelope));
    this.timer = setInterval(() => this.sweep(), SWEEP_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.unsubscribe?.();
    if (this.timer) clearInterval(this.timer);
    for (const ws of this.connections.keys()) ws.close(1001, 'hub shutting down');
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  /** For tests and the ops page: each open connection's counts. */
  stats(): { who: string; subscriptions: number; unacknowledged: number; acknowledged: number }[] {
    return [...this.connections.values()].map((s) => ({ who: s.scope.who, ...s.stats() }));
  }

  private async admit(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    let scope: SubscriberScope;
    try {
      scope = await this.scopeOf(req);
    } catch (error) {
      const refusal = error instanceof DomainError ? error : new DomainError('UNAUTHORIZED', '未登录', 'Not signed in');
      return refuse(socket, refusal.code === 'FORBIDDEN' ? 403 : 401, refusal);
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.open(ws, scope));
  }

  private async scopeOf(req: IncomingMessage): Promise<SubscriberScope> {
    const key = header(req, API_KEY_HEADER);
    if (key) {
      const integration = await this.auth.integrationFor(key);
      return { townshipId: integration.townshipId, stationId: null, sessionId: null, validUntil: null, who: `api-key:${integration.name}` };
    }
    const bearer = header(req, 'authorization');
    const grant = await this.auth.verifyAccess(bearer?.startsWith('Bearer ') ? bearer.slice(7) : undefined);
    if (grant.user.role === 'worker' || (grant.user.role === 'station' && !grant.user.stationId)) {
      throw new DomainError('FORBIDDEN', '网格员账号不能订阅 EIDO', 'A worker may not subscribe to EIDOs');
    }
    return { townshipId: grant.user.townshipId, stationId: grant.user.role === 'station' ? grant.user.stationId : null, sessionId: grant.sessionId, validUntil: grant.expiresAt, who: grant.user.username };
  }

  private open(ws: WebSocket, scope: SubscriberScope): void {
    const reader = scope.stationId ? { ...townshipReader(scope.townshipId), role: 'station' as const, stationId: scope.stationId } : townshipReader(scope.townshipId);
    const subscriber = new EidoSubscriber(scope, {
      send: (message: EidoServerMessage) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
      },
      eidoOf: async (incidentId) => {
        try {
          return await this.eido.forReader(reader, incidentId);
        } catch (error) {
          // Not the scope's to see (another station's case): left out, not an error.
          if (error instanceof DomainError && error.code === 'NOT_FOUND') return null;
          throw error;
        }
      },
      openCases: () => this.eido.openCases(scope.townshipId),
      resolve: (name) => this.eido.resolve(scope.townshipId, name, scope.stationId),
      now: () => this.clock.now(),
      warn: (message) => this.logger.warn(message),
    });
    this.connections.set(ws, subscriber);
    ws.on('message', (data, isBinary) => {
      // Not a conveyance message at all: STA-024 has no answer for it, so the connection ends (1003: unsupported data).
      if (!subscriber.receive(isBinary ? null : parsed(data))) ws.close(1003, 'not an EIDO conveyance message');
    });
    ws.on('close', () => this.connections.delete(ws));
    ws.on('error', (error) => this.logger.warn(`EIDO socket ${scope.who}: ${error.message}`));
  }

  private deliver(envelope: BusEnvelope): void {
    if (envelope.event === 'session.revoked') {
      const { sessionId } = (envelope as BusEnvelope<'session.revoked'>).payload;
      for (const [ws, s] of this.connections) if (s.scope.sessionId === sessionId) ws.close(4401, 'session ended');
      return;
    }
    const views = viewsOf(envelope);
    if (!views.length || !this.connections.size) return;
    // One document per case per piece of news, however many subscribers want it.
    const built = new Map<string, Promise<EidoDocument>>();
    const eidoOf = (view: IncidentView) => {
      let doc = built.get(view.id);
      if (!doc) built.set(view.id, (doc = this.eido.fromView(view)));
      return doc;
    };
    for (const subscriber of this.connections.values()) subscriber.news(views, eidoOf);
  }

  private sweep(): void {
    for (const [ws, subscriber] of this.connections) if (!subscriber.sweep()) ws.close(4401, 'credential expired');
  }
}
