/**
 * Sign-in protection kept in PostgreSQL, so that every hub process behind a balancer counts the same
 * failures: the per-account lock (login_guard, one row per name typed, locked under FOR UPDATE while
 * an attempt is admitted) and the per-address limit (failures in login_event within the last minute).
 * Every failure, lockout and refusal lands in login_event with the address: the audit trail.
 *
 * The address limit counts failures, not sign-ins: a township's phones often reach the hub through
 * one carrier address (CGNAT) and a shift signs in together; guessing is what fails.
 */
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { HUB_CONFIG, type HubConfig } from '../config/hub-config';
import { Database } from '../persistence/database';
import { accountLocked, addressRateLimited, wrongPassword } from './auth-refusals';
import { ADDRESS_WINDOW_MS, checkAddress, reserveAttempt, type LoginPolicy } from './login-policy';

type LoginOutcome = 'failed' | 'locked_out' | 'refused_locked' | 'refused_rate_limited';

/** An attempt let through to the password check; settle it with `succeeded` or `failed`. */
export interface LoginAdmission {
  username: string;
  ip: string;
  locksIfWrong: boolean;
  remaining: number;
}

/** Audit rows are kept a year (CJIS 5.4.7); a failure count untouched for a day is forgotten. */
const EVENT_RETENTION_DAYS = 365;
const GUARD_IDLE_MS = 24 * 3600_000;
const PRUNE_EVERY_MS = 10 * 60_000;

@Injectable()
export class LoginThrottle implements OnModuleDestroy {
  private readonly logger = new Logger('LoginThrottle');
  private readonly policy: LoginPolicy;
  private lastPrune = 0;
  private pruning: Promise<void> | null = null;

  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(HUB_CONFIG) config: HubConfig,
  ) {
    this.policy = config.security.login;
  }

  /** Lets the attempt through to the password check, or throws 429 (address) or 423 (account locked). */
  async admit(username: string, ip: string, now: Date): Promise<LoginAdmission> {
    this.maybePrune(now);
    const [recent] = await this.db.query<{ n: number; oldest: Date | null }>(
      `SELECT count(*)::int AS n, min(at) AS oldest FROM login_event WHERE ip = $1 AND outcome = 'failed' AND at > $2`,
      [ip, new Date(now.getTime() - ADDRESS_WINDOW_MS)],
    );
    const address = checkAddress(recent?.n ?? 0, recent?.oldest ?? null, now, this.policy);
    if (address.limited) {
      await this.record(now, username, ip, 'refused_rate_limited', null);
      throw addressRateLimited(address.retryAfterSeconds);
    }
    const reservation = await this.db.transaction(async (tx) => {
      await tx.query('INSERT INTO login_guard (username, failures, updated_at) VALUES ($1, 0, $2) ON CONFLICT (username) DO NOTHING', [username, now]);
      const [row] = await tx.query<{ failures: number; locked_until: Date | null }>('SELECT failures, locked_until FROM login_guard WHERE username = $1 FOR UPDATE', [username]);
      const r = reserveAttempt(row ? { failures: row.failures, lockedUntil: row.locked_until } : null, now, this.policy);
      if (r.admitted) await tx.query('UPDATE login_guard SET failures = $2, locked_until = $3, updated_at = $4 WHERE username = $1', [username, r.next.failures, r.next.lockedUntil, now]);
      return r;
    });
    if (!reservation.admitted) {
      await this.record(now, username, ip, 'refused_locked', null);
      throw accountLocked(reservation.retryAfterSeconds);
    }
    return { username, ip, locksIfWrong: reservation.locksIfWrong, remaining: reservation.remaining };
  }

  /** The password was right: the count starts again. */
  async succeeded(admission: LoginAdmission, now: Date): Promise<void> {
    await this.db.query('UPDATE login_guard SET failures = 0, locked_until = NULL, updated_at = $2 WHERE username = $1', [admission.username, now]);
  }

  /** The password was wrong (it already counted when admitted): records it and returns the refusal to throw. */
  async failed(admission: LoginAdmission, userId: string | null, now: Date): Promise<Error> {
    await this.record(now, admission.username, admission.ip, 'failed', userId);
    if (!admission.locksIfWrong) return wrongPassword(admission.remaining, this.policy.lockSeconds);
    await this.record(now, admission.username, admission.ip, 'locked_out', userId);
    this.logger.warn(`sign-in locked for ${this.policy.lockSeconds} s after ${this.policy.maxFailures} failures: "${admission.username}" from ${admission.ip}`);
    return accountLocked(this.policy.lockSeconds);
  }

  async onModuleDestroy(): Promise<void> {
    await this.pruning;
  }

  private async record(at: Date, username: string, ip: string, outcome: LoginOutcome, userId: string | null): Promise<void> {
    if (outcome === 'refused_locked' || outcome === 'refused_rate_limited') {
      // Once per address and minute: a flood of refused requests costs the table one row a minute.
      await this.db.query(
        `INSERT INTO login_event (at, username, ip, outcome, user_id) SELECT $1::timestamptz, $2::text, $3::text, $4::text, $5::uuid
         WHERE NOT EXISTS (SELECT 1 FROM login_event WHERE ip = $3::text AND outcome = $4::text AND at > $6::timestamptz)`,
        [at, username, ip, outcome, userId, new Date(at.getTime() - ADDRESS_WINDOW_MS)],
      );
      return;
    }
    await this.db.query('INSERT INTO login_event (at, username, ip, outcome, user_id) VALUES ($1, $2, $3, $4, $5)', [at, username, ip, outcome, userId]);
  }

  private maybePrune(now: Date): void {
    if (this.pruning || now.getTime() - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now.getTime();
    this.pruning = Promise.all([
      this.db.query('DELETE FROM login_event WHERE at < $1', [new Date(now.getTime() - EVENT_RETENTION_DAYS * 24 * 3600_000)]),
      this.db.query('DELETE FROM login_guard WHERE updated_at < $1 AND (locked_until IS NULL OR locked_until < $2)', [new Date(now.getTime() - GUARD_IDLE_MS), now]),
    ])
      .then(() => undefined)
      .catch((error: unknown) => this.logger.warn(`pruning sign-in records failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        this.pruning = null;
      });
  }
}
