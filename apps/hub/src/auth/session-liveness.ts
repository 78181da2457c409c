/**
 * Whether an access token's session is still open, asked on every request and socket handshake. The
 * answer is kept briefly in memory so a request costs no query; it is dropped at once when the session
 * ends: here when this process revoked it, and on every process when the outbox relays the
 * `session.revoked` news over the bus. Should that news be lost, a live answer is re-read from the
 * database after RECHECK_MS, so an ended session lasts at most that long on another process.
 */
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { BusEnvelope, SessionEndReason } from '@xiaonao/contracts';
import { EventBus } from '../bus/event-bus';
import { HUB_CONFIG, type HubConfig } from '../config/hub-config';
import { SessionStore } from './session-store';

const RECHECK_MS = 30_000;
/** The map is swept when it grows past this (each open session is one small entry). */
const SWEEP_AT = 20_000;

export type SessionEndListener = (sessionId: string, reason: SessionEndReason) => void;

@Injectable()
export class SessionLiveness implements OnModuleInit, OnModuleDestroy {
  private readonly known = new Map<string, { live: boolean; until: number }>();
  private readonly reading = new Map<string, Promise<boolean>>();
  private readonly listeners = new Set<SessionEndListener>();
  private unsubscribe: (() => void) | null = null;
  /** An ended session is remembered until every access token it had has expired anyway. */
  private readonly rememberEndedMs: number;

  constructor(
    @Inject(SessionStore) private readonly store: SessionStore,
    @Inject(EventBus) private readonly bus: EventBus,
    @Inject(HUB_CONFIG) config: HubConfig,
  ) {
    this.rememberEndedMs = config.security.accessTokenTtlSeconds * 1000 + RECHECK_MS;
  }

  onModuleInit(): void {
    this.unsubscribe = this.bus.subscribe((envelope) => {
      if (envelope.event !== 'session.revoked') return;
      const { sessionId, reason } = (envelope as BusEnvelope<'session.revoked'>).payload;
      this.ended(sessionId, reason);
    });
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  isLive(sessionId: string): Promise<boolean> {
    const now = Date.now();
    const hit = this.known.get(sessionId);
    if (hit && hit.until > now) return Promise.resolve(hit.live);
    // Many requests of one session at once (a page loading) share one read.
    const pending = this.reading.get(sessionId);
    if (pending) return pending;
    const read = this.store
      .isLive(sessionId, new Date(now))
      .then((live) => {
        // An end heard while reading wins over what the read saw.
        const heard = this.known.get(sessionId);
        if (heard && !heard.live && heard.until > Date.now()) return false;
        this.remember(sessionId, live);
        return live;
      })
      .finally(() => this.reading.delete(sessionId));
    this.reading.set(sessionId, read);
    return read;
  }

  /** The session ended (here or on another process): its tokens stop working now and its sockets are told. */
  ended(sessionId: string, reason: SessionEndReason): void {
    this.remember(sessionId, false);
    for (const listener of this.listeners) listener(sessionId, reason);
  }

  onEnded(listener: SessionEndListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private remember(sessionId: string, live: boolean): void {
    const now = Date.now();
    if (this.known.size >= SWEEP_AT) for (const [id, entry] of this.known) if (entry.until <= now) this.known.delete(id);
    this.known.set(sessionId, { live, until: now + (live ? RECHECK_MS : this.rememberEndedMs) });
  }
}
