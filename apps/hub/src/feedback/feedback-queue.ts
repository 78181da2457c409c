/**
 * The feedback events in PostgreSQL as a queue, safe across hub processes: a claim takes only the
 * head of each case (the earliest event of a report and subscription not yet delivered), only when it
 * is due and no one holds it, with FOR UPDATE SKIP LOCKED; the claim is a lease, so a process that dies
 * mid-send leaves the event to be sent again (at least once) and everything behind it waiting.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { FeedbackDoor } from '@xiaonao/contracts';
import { Database } from '../persistence/database';

export interface ClaimedEvent {
  id: string;
  door: FeedbackDoor;
  /** Counting this one. */
  attempts: number;
  body: string;
  occurred_at: Date;
  subscription_id: string;
  webhook_url: string | null;
  webhook_secret: string | null;
  max_attempts: number;
  api_key_id: string;
  integration_kind: string;
  township_code: string;
}

export type Outcome =
  | { kind: 'delivered'; status: number | null }
  | { kind: 'retry'; delayMs: number; status: number | null; error: string }
  | { kind: 'dead'; status: number | null; error: string; gone: boolean };

@Injectable()
export class FeedbackQueue {
  constructor(@Inject(Database) private readonly db: Database) {}

  async claim(limit: number, leaseMs: number): Promise<ClaimedEvent[]> {
    return this.db.query<ClaimedEvent>(
      `WITH due AS (
         SELECT e.id, e.door FROM feedback_event e
           JOIN feedback_subscription s ON s.id = e.subscription_id AND s.enabled
          WHERE e.status = 'pending' AND e.next_attempt_at <= now() AND (e.lease_until IS NULL OR e.lease_until < now())
            AND NOT EXISTS (SELECT 1 FROM feedback_event p
                             WHERE p.subscription_id = e.subscription_id AND p.door = e.door AND p.report_id = e.report_id
                               AND p.seq < e.seq AND p.status <> 'delivered')
          ORDER BY e.next_attempt_at, e.seq
          LIMIT $1
          FOR UPDATE OF e SKIP LOCKED)
       UPDATE feedback_event e
          SET lease_until = now() + $2 * interval '1 millisecond', attempts = e.attempts + 1, last_attempt_at = now()
         FROM due, feedback_subscription s, api_key k, township t
        WHERE e.id = due.id AND e.door = due.door AND s.id = e.subscription_id AND k.id = s.api_key_id AND t.id = e.township_id
       RETURNING e.id, e.door, e.attempts, e.body, e.occurred_at, e.subscription_id, s.webhook_url, s.webhook_secret, s.max_attempts,
                 k.id AS api_key_id, k.kind AS integration_kind, t.code AS township_code`,
      [limit, leaseMs],
    );
  }

  /**
   * Records what the sends came to. After a success on a subscription's door, its events waiting out a
   * back-off are brought forward: the receiver is back, so what it missed goes now, in order.
   */
  async record(results: readonly { event: ClaimedEvent; outcome: Outcome }[]): Promise<void> {
    const delivered = results.filter((r) => r.outcome.kind === 'delivered');
    if (delivered.length) {
      await this.db.query(
        `UPDATE feedback_event e SET status = 'delivered', delivered_at = now(), lease_until = NULL, last_status = u.status, last_error = NULL
           FROM unnest($1::text[], $2::text[], $3::int[]) AS u(id, door, status) WHERE e.id = u.id AND e.door = u.door`,
        [delivered.map((r) => r.event.id), delivered.map((r) => r.event.door), delivered.map((r) => (r.outcome.kind === 'delivered' ? r.outcome.status : null))],
      );
      const back = [...new Map(delivered.map((r) => [`${r.event.subscription_id}|${r.event.door}`, r.event])).values()];
      await this.db.query(
        `UPDATE feedback_event e SET next_attempt_at = now()
           FROM unnest($1::uuid[], $2::text[]) AS u(sub, door)
          WHERE e.subscription_id = u.sub AND e.door = u.door AND e.status = 'pending' AND e.attempts > 0 AND e.next_attempt_at > now()`,
        [back.map((e) => e.subscription_id), back.map((e) => e.door)],
      );
    }
    for (const { event, outcome } of results) {
      if (outcome.kind === 'retry') {
        await this.db.query(
          `UPDATE feedback_event SET next_attempt_at = now() + $3 * interval '1 millisecond', lease_until = NULL, last_status = $4, last_error = $5 WHERE id = $1 AND door = $2`,
          [event.id, event.door, outcome.delayMs, outcome.status, outcome.error],
        );
      } else if (outcome.kind === 'dead') {
        await this.db.transaction(async (tx) => {
          await tx.query(`UPDATE feedback_event SET status = 'dead', dead_at = now(), lease_until = NULL, last_status = $3, last_error = $4 WHERE id = $1 AND door = $2`, [
            event.id,
            event.door,
            outcome.status,
            outcome.error,
          ]);
          // 410 Gone: the receiver retired the endpoint (Standard Webhooks: stop sending). An operator turns it on again.
          if (outcome.gone) {
            await tx.query(`UPDATE feedback_subscription SET enabled = false, disabled_reason = 'gone_410', updated_at = now() WHERE id = $1`, [event.subscription_id]);
          }
        });
      }
    }
  }

  /** Dead letters back in the queue, due now: they go first, then what waited behind them, in order. */
  async resend(townshipId: string, which: { eventId?: string; door?: FeedbackDoor; integrationId?: string }): Promise<number> {
    const rows = await this.db.query<{ id: string }>(
      `UPDATE feedback_event e SET status = 'pending', attempts = 0, next_attempt_at = now(), dead_at = NULL, lease_until = NULL
         FROM feedback_subscription s
        WHERE s.id = e.subscription_id AND e.township_id = $1 AND e.status = 'dead'
          AND ($2::text IS NULL OR e.id = $2) AND ($3::text IS NULL OR e.door = $3) AND ($4::uuid IS NULL OR s.api_key_id = $4)
       RETURNING e.id`,
      [townshipId, which.eventId ?? null, which.door ?? null, which.integrationId ?? null],
    );
    return rows.length;
  }
}
