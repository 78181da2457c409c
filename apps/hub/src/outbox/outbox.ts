/**
 * Transactional outbox: a use case writes its state change and the news of it in one transaction;
 * the relay publishes committed news to the bus afterwards, in order, and marks it published.
 * If the bus is down the rows wait and are sent on the next pass; nothing is told that did not happen.
 *
 * Relayed rows stay for CATCH_UP_RETENTION_HOURS as the delivery log pages catch up from (see
 * field/missed-events.ts): each gets `seq` once committed, before it is first published, and keeps it
 * through every resend; one relay at a time across processes (an advisory lock) publishes
 * in seq order, so seq order is the order sockets heard the news. Seq is given under the lock of the
 * counter's row (outbox_relay.last_seq), by the relay or by a use case's statement that numbers its own
 * news (newsParts), and committed with it, so no row becomes visible behind a higher seq.
 *
 * News leaves the hub for other processes and every socket of a room alike, so caller numbers in it are
 * masked once more here whatever the use case put in (docs/personal-data.md).
 */
import { Inject, Injectable, Logger, Optional, type FactoryProvider, type OnApplicationShutdown, type Type } from '@nestjs/common';
import { busSubject, type BusEnvelope, type BusEventName, type BusEvents } from '@xiaonao/contracts';
import { maskCallerPhones } from '@xiaonao/domain';
import { EventBus } from '../bus/event-bus';
import { Clock } from '../clock/clock';
import { Database, type Sql } from '../persistence/database';
import type { StatementPart } from '../persistence/statement-parts';
import { audienceOf } from '../realtime/deliveries';

const BATCH = 200;
/** Held by the relay publishing a pass, across processes: the stream goes out in seq order. */
const RELAY_LOCK = "hashtextextended('xiaonao:outbox-relay', 0)";

/**
 * Something else that must be written with the news, in the same transaction (feedback to the sender:
 * apps/hub/src/feedback/feedback-tap.ts). Called with the envelopes as they are stored (numbers masked).
 */
export interface OutboxTap {
  /** `held`: cases whose row the transaction holds already (locked, or inserted by it), so none need locking. */
  onNews(tx: Sql, envelopes: readonly BusEnvelope[], held: ReadonlySet<string>): Promise<void>;
  /**
   * What the tap writes for this news as a part of a use case's statement (statement-parts.ts), written
   * when the part `gate` names returned a row: null for nothing, 'apart' when only onNews can write it.
   */
  partFor(name: string, gate: string, envelopes: readonly BusEnvelope[]): StatementPart | null | 'apart';
}

/** What the writer of a piece of news can tell the taps. */
export interface NewsContext {
  /** Cases the transaction holds (a row it inserted or locked FOR UPDATE): the taps need not lock them again. */
  heldCases?: readonly string[];
}

const NOTHING_HELD: ReadonlySet<string> = new Set();

/** The taps the outbox calls; AppModule provides the list with `outboxTapsProvider`. */
export const OUTBOX_TAPS = Symbol('OUTBOX_TAPS');

/** The OUTBOX_TAPS list from the taps the features contribute (each feature's `taps`), called in that order. */
export function outboxTapsProvider(taps: readonly Type<OutboxTap>[]): FactoryProvider<OutboxTap[]> {
  return { provide: OUTBOX_TAPS, useFactory: (...found: OutboxTap[]) => found, inject: [...taps] };
}

/** One piece of news for `addMany`, a bus event of whatever kind with its payload. */
export type OutboxItem = { [E in BusEventName]: { townshipId: string; event: E; payload: BusEvents[E] } }[BusEventName];

@Injectable()
export class Outbox implements OnApplicationShutdown {
  private readonly logger = new Logger('Outbox');
  private readonly townshipCodes = new Map<string, string>();
  private draining: Promise<void> | null = null;
  private again = false;
  /** Rows may wait for a seq: the next pass numbers first. */
  private unnumbered = true;
  private readonly retry: NodeJS.Timeout;

  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(EventBus) private readonly bus: EventBus,
    @Inject(Clock) private readonly clock: Clock,
    @Optional() @Inject(OUTBOX_TAPS) private readonly taps: readonly OutboxTap[] = [],
  ) {
    // Catches rows left by a failed publish or a crash between commit and relay.
    this.retry = setInterval(() => this.kick(), 2_000);
    this.retry.unref();
  }

  async add<E extends BusEventName>(tx: Sql, townshipId: string, event: E, payload: BusEvents[E], context: NewsContext = {}): Promise<void> {
    const townshipCode = await this.codeOf(tx, townshipId);
    const envelope: BusEnvelope<E> = { event, townshipId, townshipCode, at: this.clock.now().toISOString(), payload: maskCallerPhones(payload) };
    await tx.query('INSERT INTO outbox (township_id, subject, envelope, audience) VALUES ($1, $2, $3, $4)', [
      townshipId,
      busSubject(townshipCode, event),
      JSON.stringify(envelope),
      audienceOf(envelope),
    ]);
    const held = context.heldCases ? new Set(context.heldCases) : NOTHING_HELD;
    for (const tap of this.taps ?? []) await Database.substep(tap.constructor.name, () => tap.onNews(tx, [envelope], held));
  }

  /** Several pieces of news in one statement (a timer pass raises hundreds at once). */
  async addMany(tx: Sql, items: readonly OutboxItem[], context: NewsContext = {}): Promise<void> {
    if (!items.length) return;
    const { rows, envelopes } = await this.stored(tx, items);
    await tx.query(`INSERT INTO outbox (township_id, subject, envelope, audience) ${newsFromJson()}`, [rows]);
    const held = context.heldCases ? new Set(context.heldCases) : NOTHING_HELD;
    for (const tap of this.taps ?? []) await Database.substep(tap.constructor.name, () => tap.onNews(tx, envelopes, held));
  }

  /**
   * The news as parts of a use case's own statement (statement-parts.ts), with what the taps write for it,
   * written when the part `gate` names returned a row. Null when a tap must write apart (use addMany).
   */
  async newsParts(sql: Sql, name: string, gate: string, items: readonly OutboxItem[]): Promise<StatementPart[] | null> {
    const { rows, envelopes } = await this.stored(sql, items);
    // Numbered here: the counter's row stays locked until the statement commits, so seq follows commit
    // order as number() keeps it, and the relay's pass after it need not number (kick({ numbered: true })).
    const parts: StatementPart[] = [
      {
        name: `${name}_seq`,
        sql: `UPDATE outbox_relay SET last_seq = last_seq + $1::bigint WHERE id = 1 AND EXISTS (SELECT 1 FROM ${gate}) RETURNING last_seq - $1::bigint AS base`,
        params: [items.length],
      },
      {
        name,
        sql: `INSERT INTO outbox (township_id, subject, envelope, audience, seq) ${newsFromJson(`${name}_seq`)} RETURNING 1`,
        params: [rows],
      },
    ];
    for (const [i, tap] of (this.taps ?? []).entries()) {
      const part = tap.partFor(`${name}_tap${i}`, gate, envelopes);
      if (part === 'apart') return null;
      if (part) parts.push(part);
    }
    return parts;
  }

  /**
   * The rows as one jsonb parameter: arrays of JSON texts went through the driver's array quoting and
   * PostgreSQL's array parsing, the most of a timer pass's time for a few thousand rows.
   */
  private async stored(sql: Sql, items: readonly OutboxItem[]): Promise<{ rows: string; envelopes: BusEnvelope[] }> {
    const at = this.clock.now().toISOString();
    const rows: { t: string; s: string; e: BusEnvelope; a: string[] }[] = [];
    const envelopes: BusEnvelope[] = [];
    for (const item of items) {
      const townshipCode = await this.codeOf(sql, item.townshipId);
      const envelope = { event: item.event, townshipId: item.townshipId, townshipCode, at, payload: maskCallerPhones(item.payload) } as BusEnvelope;
      envelopes.push(envelope);
      rows.push({ t: item.townshipId, s: busSubject(townshipCode, item.event), e: envelope, a: audienceOf(envelope) });
    }
    return { rows: JSON.stringify(rows), envelopes };
  }

  /**
   * Publishes what has been committed. Call after a transaction that added rows. `numbered`: the rows
   * were numbered as they were written (newsParts), so the pass may skip numbering.
   */
  kick({ numbered = false }: { numbered?: boolean } = {}): void {
    if (!numbered) this.unnumbered = true;
    if (this.draining) {
      this.again = true;
      return;
    }
    // Counted under whoever kicked it (dispatch/relay, pager/relay…): the statements its news costs.
    this.draining = Database.substep('relay', () => this.drain())
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

  /**
   * A pass is two round trips and a commit: the numbering (one statement of its own), then one
   * statement that takes the relay's lock and marks the next rows published, the publishing, and the
   * COMMIT. Marked before they are sent, the rows count as published only if the commit follows the
   * acks: a failed publish or a crash rolls the mark back and the rows go again with their seq.
   */
  private async drain(): Promise<void> {
    for (;;) {
      if (this.unnumbered) {
        this.unnumbered = false;
        await this.number().catch((error: unknown) => {
          this.unnumbered = true;
          throw error;
        });
      }
      const sent = await this.db.transaction(async (tx) => {
        // One relay at a time: its lock (not the counter's row, which writers number under) keeps the stream in seq order. It is taken
        // before any row (an InitPlan); rows another relay sent while this one waited are re-checked
        // under their row lock and dropped, so nothing goes twice from two hubs.
        const rows = await tx.query<{ id: string; seq: string; subject: string; envelope: BusEnvelope }>(
          `WITH relay AS (SELECT pg_advisory_xact_lock(${RELAY_LOCK})),
                picked AS (SELECT o.id FROM outbox o
                           WHERE o.published_at IS NULL AND o.seq IS NOT NULL AND EXISTS (SELECT 1 FROM relay)
                           ORDER BY o.seq LIMIT $1 FOR UPDATE OF o)
           UPDATE outbox o SET published_at = now() FROM picked WHERE o.id = picked.id
           RETURNING o.id, o.seq, o.subject, o.envelope`,
          [BATCH],
        );
        if (!rows.length) return 0;
        rows.sort((a, b) => Number(a.seq) - Number(b.seq));
        // Sent in call order on one connection, so the stream keeps the order; acks are awaited together.
        await Promise.all(rows.map((row) => this.bus.publish(row.subject, { ...row.envelope, seq: Number(row.seq) })));
        return rows.length;
      });
      if (sent < BATCH) return;
      // A full batch: more may wait, numbered or not.
      this.unnumbered = true;
    }
  }

  /**
   * Gives committed news its seq, in a statement of its own, before anything is published. A seq given in
   * the publishing transaction was taken back with it when the bus failed half-way: the next pass numbered
   * again from the same base, and news that committed meanwhile with a lower row id took the seq of news
   * already sent, which went out again under the next one. A page dropping repeats by seq then lost the one
   * and took the other twice. Numbered first, a resend always carries the seq it was first sent with.
   *
   * Two hubs numbering at once claim different rows (SKIP LOCKED) and queue on the counter's row; the one
   * that waited reads the counter again once it gets the row (PostgreSQL re-reads an updated row under
   * READ COMMITTED), so its base follows the other's numbers and seq stays unique and gapless, in commit order.
   */
  private async number(): Promise<void> {
    await this.db.query(
      `WITH claimed AS (SELECT id FROM outbox WHERE published_at IS NULL AND seq IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED),
            counted AS (SELECT count(*)::bigint AS n FROM claimed),
            bumped AS (UPDATE outbox_relay r SET last_seq = r.last_seq + counted.n FROM counted
                       WHERE r.id = 1 AND counted.n > 0 RETURNING r.last_seq - counted.n AS base),
            numbered AS (SELECT c.id, b.base + row_number() OVER (ORDER BY c.id) AS seq FROM claimed c CROSS JOIN bumped b)
       UPDATE outbox o SET seq = numbered.seq FROM numbered WHERE o.id = numbered.id`,
      [BATCH],
    );
  }

  /**
   * Forgets news relayed longer ago than the catch-up log keeps it (and unsent news never lingers:
   * only published rows go). Records how far the log was cut so a page behind it reloads instead.
   */
  async prune(olderThan: Date): Promise<number> {
    return this.db.transaction(async (tx) => {
      const [cut] = await tx.query<{ n: string; through: string | null }>(
        `WITH gone AS (DELETE FROM outbox WHERE published_at < $1 RETURNING seq) SELECT count(*) AS n, max(seq) AS through FROM gone`,
        [olderThan],
      );
      if (cut?.through) await tx.query('UPDATE outbox_relay SET pruned_through = GREATEST(pruned_through, $1) WHERE id = 1', [cut.through]);
      return Number(cut?.n ?? 0);
    });
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

/**
 * The outbox's columns from `stored`'s jsonb parameter, in its order; with `numberedBy` (a part returning
 * `base`) each row's seq too, base + its place.
 */
function newsFromJson(numberedBy?: string): string {
  return `SELECT (r->>'t')::uuid, r->>'s', r->'e', ARRAY(SELECT jsonb_array_elements_text(r->'a'))${numberedBy ? ', b.base + x.n' : ''}
    FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS x(r, n)${numberedBy ? ` CROSS JOIN ${numberedBy} b` : ''} ORDER BY x.n`;
}
