/**
 * Remembers every accepted signature until its timestamp leaves the window, in PostgreSQL so that
 * several hub processes agree: the second arrival of a signature is a replay. A JetStream redelivery of
 * the same stream message is not (it names the same `delivery`), so a crash before the ack loses nothing.
 */
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Database } from '../persistence/database';

/** Pruning is cheap but not free: at most this often per process. */
const PRUNE_EVERY_MS = 60_000;

@Injectable()
export class SignatureReplayGuard implements OnModuleDestroy {
  private readonly logger = new Logger('SignatureReplayGuard');
  private lastPrune = 0;
  private pruning: Promise<void> | null = null;

  constructor(@Inject(Database) private readonly db: Database) {}

  /**
   * Records `digest` as seen until `expiresAt`. False when it was seen before — unless by the same
   * `delivery` (a redelivered stream message), which may be handled again.
   */
  async claim(digest: string, expiresAt: Date, apiKeyId: string, delivery: string | null): Promise<boolean> {
    this.maybePrune(new Date());
    const [inserted] = await this.db.query<{ digest: string }>(
      `INSERT INTO intake_signature (digest, api_key_id, expires_at, delivery) VALUES ($1, $2, $3, $4)
       ON CONFLICT (digest) DO NOTHING RETURNING digest`,
      [digest, apiKeyId, expiresAt, delivery],
    );
    if (inserted) return true;
    if (delivery === null) return false;
    const [seen] = await this.db.query<{ delivery: string | null }>('SELECT delivery FROM intake_signature WHERE digest = $1', [digest]);
    return seen?.delivery === delivery;
  }

  /** Forgets a claim whose request failed on the hub's side (5xx), so the sender may retry it as signed. */
  async release(digest: string): Promise<void> {
    await this.db.query('DELETE FROM intake_signature WHERE digest = $1', [digest]);
  }

  async onModuleDestroy(): Promise<void> {
    await this.pruning;
  }

  /** By the wall clock, like the window over HTTP; a stream message's own (older) time would prune too little. */
  private maybePrune(now: Date): void {
    if (this.pruning || now.getTime() - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now.getTime();
    // A signature past its window is refused as expired anyway: its row guards nothing any more.
    this.pruning = this.db
      .query('DELETE FROM intake_signature WHERE expires_at < $1', [now])
      .then(() => undefined)
      .catch((error: unknown) => this.logger.warn(`pruning seen signatures failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        this.pruning = null;
      });
  }
}
