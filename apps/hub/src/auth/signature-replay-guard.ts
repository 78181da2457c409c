/**
 * Remembers every accepted signature until its timestamp leaves the window, in PostgreSQL so that
 * several hub processes agree: the second arrival of a signature is a replay. A JetStream redelivery of
 * the same stream message is not (it names the same `delivery`), so a crash before the ack loses nothing.
 */
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Database } from '../persistence/database';

/** Pruning is cheap but not free: at most this often per process. */
const PRUNE_EVERY_MS = 60_000;
/** Claims written in one statement at most. */
const MAX_BATCH = 500;

interface PendingClaim {
  digest: string;
  expiresAt: Date;
  apiKeyId: string;
  delivery: string | null;
  resolve(accepted: boolean): void;
  reject(error: unknown): void;
}

@Injectable()
export class SignatureReplayGuard implements OnModuleDestroy {
  private readonly logger = new Logger('SignatureReplayGuard');
  private lastPrune = 0;
  private pruning: Promise<void> | null = null;
  private readonly waiting: PendingClaim[] = [];
  private writing: Promise<void> | null = null;

  constructor(@Inject(Database) private readonly db: Database) {}

  /**
   * Records `digest` as seen until `expiresAt`. False when it was seen before — unless by the same
   * `delivery` (a redelivered stream message), which may be handled again. Claims that arrive while a
   * write is under way go together in the next one (a group commit: one statement and one WAL flush for
   * a burst, at no cost to a lone request, which is written at once).
   */
  claim(digest: string, expiresAt: Date, apiKeyId: string, delivery: string | null): Promise<boolean> {
    this.maybePrune(new Date());
    return new Promise<boolean>((resolve, reject) => {
      this.waiting.push({ digest, expiresAt, apiKeyId, delivery, resolve, reject });
      this.flush();
    });
  }

  private flush(): void {
    if (this.writing || !this.waiting.length) return;
    const batch = this.waiting.splice(0, MAX_BATCH);
    this.writing = this.write(batch)
      .catch((error: unknown) => batch.forEach((c) => c.reject(error)))
      .finally(() => {
        this.writing = null;
        this.flush();
      });
  }

  private async write(batch: readonly PendingClaim[]): Promise<void> {
    // The first claim of a digest in the batch is the one written; a later one is its replay.
    const first = new Map<string, PendingClaim>();
    for (const c of batch) if (!first.has(c.digest)) first.set(c.digest, c);
    const rows = [...first.values()];
    const inserted = new Set(
      (
        await this.db.query<{ digest: string }>(
          `INSERT INTO intake_signature (digest, api_key_id, expires_at, delivery)
           SELECT * FROM unnest($1::text[], $2::uuid[], $3::timestamptz[], $4::text[]) ON CONFLICT (digest) DO NOTHING RETURNING digest`,
          [rows.map((c) => c.digest), rows.map((c) => c.apiKeyId), rows.map((c) => c.expiresAt), rows.map((c) => c.delivery)],
        )
      ).map((r) => r.digest),
    );
    // Seen before this batch: a stream message may be the same delivery again.
    const earlier = rows.filter((c) => !inserted.has(c.digest) && c.delivery !== null).map((c) => c.digest);
    const stored = new Map(
      earlier.length
        ? (await this.db.query<{ digest: string; delivery: string | null }>('SELECT digest, delivery FROM intake_signature WHERE digest = ANY($1::text[])', [earlier])).map((r) => [r.digest, r.delivery])
        : [],
    );
    for (const c of batch) {
      const winner = first.get(c.digest) as PendingClaim;
      if (c === winner && inserted.has(c.digest)) c.resolve(true);
      else if (c.delivery === null) c.resolve(false);
      else c.resolve((inserted.has(c.digest) ? winner.delivery : stored.get(c.digest)) === c.delivery);
    }
  }

  /** Forgets a claim whose request failed on the hub's side (5xx), so the sender may retry it as signed. */
  async release(digest: string): Promise<void> {
    await this.db.query('DELETE FROM intake_signature WHERE digest = $1', [digest]);
  }

  async onModuleDestroy(): Promise<void> {
    while (this.writing) await this.writing;
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
