/**
 * Sessions and their refresh tokens in PostgreSQL (see the migration 1765910000000-add-auth-sessions).
 * A refresh spends the token presented and issues its successor under the session's row lock, so two
 * refreshes with one token cannot both succeed; a spent token presented again ends the session (the
 * holder of the newer one, or the thief, is unknown: RFC 6819 §5.2.2.3). An ended session's news goes
 * out through the outbox in the same transaction, so every hub process closes its sockets.
 */
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { SessionUser } from '@xiaonao/contracts';
import { Outbox } from '../outbox/outbox';
import { Database, type Sql } from '../persistence/database';
import { firstTownshipUnder } from './region-scope';
import { newRefreshToken, digestRefreshToken } from './refresh-token';
import { sessionUserOf, type UserRow } from './user-row';

export type RevokeReason = 'logged_out' | 'revoked';

/** Whose a session is: a township account's, or a region account's (township_id NULL). */
interface SessionRow {
  user_id: string;
  township_id: string | null;
  region_id: string | null;
}

/** Where a sign-in came from, kept with the session for whoever audits it. */
export interface ClientInfo {
  ip: string;
  userAgent: string | null;
}

export interface IssuedSession {
  sessionId: string;
  refreshToken: string;
  /** The end of the session (not of the access token). */
  expiresAt: Date;
}

export type Rotation = ({ kind: 'rotated'; user: SessionUser } & IssuedSession) | { kind: 'reused'; sessionId: string } | { kind: 'invalid' };

/** Ended sessions are kept this long past their end for audit, then pruned with their tokens. */
const KEEP_ENDED_MS = 7 * 24 * 3600_000;
const PRUNE_EVERY_MS = 10 * 60_000;

@Injectable()
export class SessionStore implements OnModuleDestroy {
  private readonly logger = new Logger('Sessions');
  private lastPrune = 0;
  private pruning: Promise<void> | null = null;

  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(Outbox) private readonly outbox: Outbox,
  ) {}

  async open(user: SessionUser, now: Date, ttlHours: number, from: ClientInfo): Promise<IssuedSession> {
    this.maybePrune(now);
    const expiresAt = new Date(now.getTime() + ttlHours * 3600_000);
    const refresh = newRefreshToken();
    const sessionId = await this.db.transaction(async (tx) => {
      const [row] = await tx.query<{ id: string }>(
        `INSERT INTO auth_session (user_id, township_id, region_id, created_at, last_used_at, expires_at, ip, user_agent)
         VALUES ($1, $2, $3, $4, $4, $5, $6, $7) RETURNING id`,
        [user.id, user.townshipId || null, user.regionId ?? null, now, expiresAt, from.ip, from.userAgent?.slice(0, 300) ?? null],
      );
      if (!row) throw new Error('auth_session insert returned no row');
      await tx.query('INSERT INTO auth_refresh_token (token_hash, session_id, issued_at) VALUES ($1, $2, $3)', [refresh.hash, row.id, now]);
      return row.id;
    });
    return { sessionId, refreshToken: refresh.token, expiresAt };
  }

  /** Spends `refreshToken` for its successor; a spent one ends its session. */
  async rotate(refreshToken: string, now: Date): Promise<Rotation> {
    const hash = digestRefreshToken(refreshToken);
    const result = await this.db.transaction(async (tx): Promise<Rotation & { userId?: string }> => {
      const [found] = await tx.query<{ session_id: string }>('SELECT session_id FROM auth_refresh_token WHERE token_hash = $1', [hash]);
      if (!found) return { kind: 'invalid' };
      // One refresh of a session at a time: a concurrent one with the same token sees it spent, below.
      const [session] = await tx.query<SessionRow & { expires_at: Date; revoked_at: Date | null }>(
        'SELECT user_id, township_id, region_id, expires_at, revoked_at FROM auth_session WHERE id = $1 FOR UPDATE',
        [found.session_id],
      );
      if (!session || session.revoked_at || session.expires_at <= now) return { kind: 'invalid' };
      // Read under the lock: a refresh that committed meanwhile has spent it.
      const [token] = await tx.query<{ rotated_at: Date | null }>('SELECT rotated_at FROM auth_refresh_token WHERE token_hash = $1', [hash]);
      if (token?.rotated_at) {
        await this.revokeIn(tx, found.session_id, session, 'revoked', now);
        return { kind: 'reused', sessionId: found.session_id, userId: session.user_id };
      }
      const [user] = await tx.query<UserRow>('SELECT * FROM app_user WHERE id = $1', [session.user_id]);
      if (!user) return { kind: 'invalid' };
      const next = newRefreshToken();
      await tx.query('INSERT INTO auth_refresh_token (token_hash, session_id, issued_at) VALUES ($1, $2, $3)', [next.hash, found.session_id, now]);
      await tx.query('UPDATE auth_refresh_token SET rotated_at = $2, replaced_by = $3 WHERE token_hash = $1', [hash, now, next.hash]);
      await tx.query('UPDATE auth_session SET last_used_at = $2 WHERE id = $1', [found.session_id, now]);
      return { kind: 'rotated', user: sessionUserOf(user), sessionId: found.session_id, refreshToken: next.token, expiresAt: session.expires_at };
    });
    if (result.kind === 'reused') {
      this.outbox.kick();
      this.logger.warn(`a spent refresh token was presented again: session ${result.sessionId} of user ${result.userId ?? '?'} revoked`);
      return { kind: 'reused', sessionId: result.sessionId };
    }
    return result;
  }

  /** Ends a session now; false if it had already ended. */
  async revoke(sessionId: string, reason: RevokeReason, now: Date): Promise<boolean> {
    const revoked = await this.db.transaction(async (tx) => {
      const [session] = await tx.query<SessionRow>(
        'SELECT user_id, township_id, region_id FROM auth_session WHERE id = $1 AND revoked_at IS NULL AND expires_at > $2 FOR UPDATE',
        [sessionId, now],
      );
      if (!session) return false;
      await this.revokeIn(tx, sessionId, session, reason, now);
      return true;
    });
    if (revoked) this.outbox.kick();
    return revoked;
  }

  /** Whether a session is still open at `now` (not revoked, not past its end). */
  async isLive(sessionId: string, now: Date): Promise<boolean> {
    const [row] = await this.db.query<{ live: boolean }>('SELECT revoked_at IS NULL AND expires_at > $2 AS live FROM auth_session WHERE id = $1', [sessionId, now]);
    return row?.live === true;
  }

  async onModuleDestroy(): Promise<void> {
    await this.pruning;
  }

  private async revokeIn(tx: Sql, sessionId: string, session: SessionRow, reason: RevokeReason, now: Date): Promise<void> {
    await tx.query('UPDATE auth_session SET revoked_at = $2, revoked_reason = $3 WHERE id = $1', [sessionId, now, reason]);
    // News travels on a township's subjects, and every hub process hears them all: a region account's
    // goes out on one township under its region. A region with none yet has no news; the other
    // processes see the end when their cached answer lapses (session-liveness.ts, 30 s).
    const townshipId = session.township_id ?? (session.region_id ? await firstTownshipUnder(tx, session.region_id) : null);
    if (townshipId) await this.outbox.add(tx, townshipId, 'session.revoked', { sessionId, userId: session.user_id, reason });
  }

  private maybePrune(now: Date): void {
    if (this.pruning || now.getTime() - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now.getTime();
    this.pruning = this.db
      .query('DELETE FROM auth_session WHERE expires_at < $1', [new Date(now.getTime() - KEEP_ENDED_MS)])
      .then(() => undefined)
      .catch((error: unknown) => this.logger.warn(`pruning ended sessions failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        this.pruning = null;
      });
  }
}
