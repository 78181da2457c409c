/**
 * Transactional outbox: a use case writes its state change and the news of it in one transaction;
 * the relay publishes committed news to the bus afterwards, in order, and marks it published.
 * If the bus is down the rows wait and are sent on the next pass; nothing is told that did not happen.
 */
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { busSubject, type BusEnvelope, type BusEventName, type BusEvents } from '@xiaonao/contracts';
import { EventBus } from '../bus/event-bus';
import { Clock } from '../clock/clock';
import { Database, type Sql } from '../persistence/database';

const BATCH = 200;

/** One piece of news for `addMany`, a bus event of whatever kind with its payload. */
export type OutboxItem = { [E in BusEventName]: { townshipId: string; event: E; payload: BusEvents[E] } }[BusEventName];

@Injectable()
export class Outbox implements OnApplicationShutdown {
  private readonly logger = new Logger('Outbox');
  private readonly townshipCodes = new Map<string, string>();
  private draining: Promise<void> | null = null;
  private again = false;
  private readonly retry: NodeJS.Timeout;

  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(EventBus) private readonly bus: EventBus,
    @Inject(Clock) private readonly clock: Clock,
  ) {
    // Catches rows left by a failed publish or a crash between commit and relay.
    this.retry = setInterval(() => this.kick(), 2_000);
    this.retry.unref();
  }

  async add<E extends BusEventName>(tx: Sql, townshipId: string, event: E, payload: BusEvents[E]): Promise<void> {
    const townshipCode = await this.codeOf(tx, townshipId);
    const envelope: BusEnvelope<E> = { event, townshipId, townshipCode, at: this.clock.now().toISOString(), payload };
    await tx.query('INSERT INTO outbox (township_id, subject, envelope) VALUES ($1, $2, $3)', [
      townshipId,
      busSubject(townshipCode, event),
      JSON.stringify(envelope),
    ]);
  }

  /** Several pieces of news in one statement (a timer pass raises hundreds at once). */
  async addMany(tx: Sql, items: readonly OutboxItem[]): Promise<void> {
    if (!items.length) return;
    const at = this.clock.now().toISOString();
    const rows: { township: string; subject: string; envelope: string }[] = [];
    for (const item of items) {
      const townshipCode = await this.codeOf(tx, item.townshipId);
      const envelope = { event: item.event, townshipId: item.townshipId, townshipCode, at, payload: item.payload };
      rows.push({ township: item.townshipId, subject: busSubject(townshipCode, item.event), envelope: JSON.stringify(envelope) });
    }
    await tx.query('INSERT INTO outbox (township_id, subject, envelope) SELECT * FROM unnest($1::uuid[], $2::text[], $3::jsonb[])', [
      rows.map((r) => r.township),
      rows.map((r) => r.subject),
      rows.map((r) => r.envelope),
    ]);
  }

  /** Publishes what has been committed. Call after a transaction that added rows. */
  kick(): void {
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drain()
      .catch((error: unknown) => this.logger.warn(`relay failed, will retry: ${String(error)}`))
      .finally(() => {
        this.draining = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Resolves once everything committed so far has been published (tests, shutdown). */
  async flush(): Promise<void> {
    this.kick();
    while (this.draining) await this.draining;
  }

  /** Runs after every module has stopped making news, so what they queued is still sent. */
  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.retry);
    while (this.draining) await this.draining;
  }

  private async drain(): Promise<void> {
    for (;;) {
      const sent = await this.db.transaction(async (tx) => {
        // Claim and mark in one statement; if publishing fails the transaction rolls the mark back.
        const rows = await tx.query<{ id: string; subject: string; envelope: BusEnvelope }>(
          `UPDATE outbox SET published_at = now()
           WHERE id IN (SELECT id FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
           RETURNING id, subject, envelope`,
          [BATCH],
        );
        rows.sort((a, b) => Number(a.id) - Number(b.id));
        // Sent in call order on one connection, so the stream keeps the order; acks are awaited together.
        await Promise.all(rows.map((row) => this.bus.publish(row.subject, row.envelope)));
        return rows.length;
      });
      if (sent < BATCH) return;
    }
  }

  private async codeOf(tx: Sql, townshipId: string): Promise<string> {
    const known = this.townshipCodes.get(townshipId);
    if (known) return known;
    const [row] = await tx.query<{ code: string }>('SELECT code FROM township WHERE id = $1', [townshipId]);
    if (!row) throw new Error(`unknown township ${townshipId}`);
    this.townshipCodes.set(townshipId, row.code);
    return row.code;
  }
}
