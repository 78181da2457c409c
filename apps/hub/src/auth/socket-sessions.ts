/**
 * A socket lives no longer than its session: it is closed when the session ends (signed out, or
 * revoked, on whichever hub process), and when its access token expires unless the page sent a fresh
 * one (`session.renew`) first. Each time the socket is told why (`session.ended`) and then disconnected.
 */
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import {
  SOCKET_EVENTS,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type SessionEndReason,
  type SessionEnded,
  type SessionRenew,
  type SessionRenewAck,
  type SessionUser,
} from '@xiaonao/contracts';
import { DomainError } from '@xiaonao/domain';
import type { Socket } from 'socket.io';
import { AuthService, type AccessGrant } from './auth.service';
import { SessionLiveness } from './session-liveness';

/** The part of a hub socket this needs (the gateway's sockets carry more in `data`). */
type SessionSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

interface Held {
  sessionId: string;
  user: SessionUser;
  timer: NodeJS.Timeout;
}

const ENDED_TEXT: Record<SessionEndReason, Omit<SessionEnded, 'reason'>> = {
  logged_out: { message: '已退出登录', messageEn: 'Signed out' },
  revoked: { message: '登录已被撤销，请重新登录', messageEn: 'The session was revoked; sign in again' },
  expired: { message: '登录已过期，请重新登录', messageEn: 'The session expired; sign in again' },
};

/** setTimeout takes at most 2^31-1 ms; a later expiry is re-armed when that passes. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The same person with the same rooms: a renewed token may come from a new session, never from someone else. */
function samePerson(a: SessionUser, b: SessionUser): boolean {
  return a.id === b.id && a.role === b.role && a.townshipId === b.townshipId && (a.regionId ?? null) === (b.regionId ?? null) && a.workerId === b.workerId && a.stationId === b.stationId;
}

@Injectable()
export class SocketSessions implements OnModuleInit, OnModuleDestroy {
  private readonly held = new Map<SessionSocket, Held>();
  private readonly bySession = new Map<string, Set<SessionSocket>>();
  private unsubscribe: (() => void) | null = null;

  constructor(
    @Inject(AuthService) private readonly auth: AuthService,
    @Inject(SessionLiveness) private readonly liveness: SessionLiveness,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.liveness.onEnded((sessionId, reason) => {
      for (const socket of [...(this.bySession.get(sessionId) ?? [])]) this.end(socket, reason);
    });
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
    for (const held of this.held.values()) clearTimeout(held.timer);
    this.held.clear();
    this.bySession.clear();
  }

  /** A socket admitted with `grant`: closed when the session ends or the token expires unrenewed. */
  attach(socket: SessionSocket, grant: AccessGrant): void {
    this.detach(socket);
    this.held.set(socket, { sessionId: grant.sessionId, user: grant.user, timer: this.expiryTimer(socket, grant.expiresAt) });
    const sockets = this.bySession.get(grant.sessionId) ?? new Set<SessionSocket>();
    sockets.add(socket);
    this.bySession.set(grant.sessionId, sockets);
  }

  detach(socket: SessionSocket): void {
    const held = this.held.get(socket);
    if (!held) return;
    clearTimeout(held.timer);
    this.held.delete(socket);
    const sockets = this.bySession.get(held.sessionId);
    sockets?.delete(socket);
    if (sockets?.size === 0) this.bySession.delete(held.sessionId);
  }

  /** The page's fresh access token (`SessionRenew`, read from an unchecked payload): the socket now lasts until it expires. */
  async renew(socket: SessionSocket, payload: unknown): Promise<SessionRenewAck> {
    const held = this.held.get(socket);
    if (!held) return { ok: false, error: '会话已结束 / session ended' };
    let grant: AccessGrant;
    try {
      const token = typeof payload === 'object' && payload !== null ? (payload as Partial<SessionRenew>).token : undefined;
      grant = await this.auth.verifyAccess(typeof token === 'string' ? token : undefined);
    } catch (error) {
      return { ok: false, error: error instanceof DomainError ? `${error.message} / ${error.messageEn}` : 'token refused' };
    }
    if (!samePerson(grant.user, held.user)) return { ok: false, error: '令牌属于另一位用户 / the token is another user’s' };
    // The socket may have closed while the token was checked.
    if (!this.held.has(socket)) return { ok: false, error: '会话已结束 / session ended' };
    this.attach(socket, grant);
    return { ok: true, expiresAt: grant.expiresAt.toISOString() };
  }

  private expiryTimer(socket: SessionSocket, expiresAt: Date): NodeJS.Timeout {
    const wait = expiresAt.getTime() - Date.now();
    const timer = setTimeout(() => {
      if (wait > MAX_TIMER_MS) {
        const held = this.held.get(socket);
        if (held) held.timer = this.expiryTimer(socket, expiresAt);
        return;
      }
      this.end(socket, 'expired');
    }, Math.min(Math.max(0, wait), MAX_TIMER_MS));
    // An open socket keeps the process alive by itself; its expiry timer need not.
    timer.unref();
    return timer;
  }

  private end(socket: SessionSocket, reason: SessionEndReason): void {
    this.detach(socket);
    const ended: SessionEnded = { reason, ...ENDED_TEXT[reason] };
    socket.emit(SOCKET_EVENTS.sessionEnded, ended);
    socket.disconnect(true);
  }
}
