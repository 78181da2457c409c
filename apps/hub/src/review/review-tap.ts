/**
 * The outbox's tap for the review roll-ups: whenever news of a case that can move what it counts for is
 * written, the case is marked pending (review_pending) in the same transaction, and ReviewRoller
 * recomputes pending cases from their rows in batches after commit (review-rollup.sql.ts). Recomputing
 * is idempotent, so news told twice, or two pieces of news about one case, never count twice; a case is
 * recomputed under its row's lock by the roller alone, so deltas never interleave.
 *
 * In the use case's transaction the review used to be recomputed at once: every intake of the hour,
 * source and category upserted the same review_daily rows and queued on them until commit, and a timer
 * pass recomputed hundreds of cases before it could commit. Reviews read after a roll-up pass
 * (ReviewRoller.flush), so a reader still sees every case committed before the question.
 */
import { Injectable } from '@nestjs/common';
import type { BusEnvelope, BusEventName } from '@xiaonao/contracts';
import type { OutboxTap } from '../outbox/outbox';
import type { Sql } from '../persistence/database';
import type { StatementPart } from '../persistence/statement-parts';

/** News that can move what a case counts for (its milestones, worker, closure, breaches, 回访, place). */
const MOVES_ROLLUPS: ReadonlySet<BusEventName> = new Set<BusEventName>([
  'incident.received',
  'incident.accepted',
  'incident.contacted',
  'incident.arrived',
  'incident.closed',
  'incident.updated',
  'incident.reassigned',
  'clock.breached',
  'incident.returned',
  'incident.handed_over',
  'incident.acknowledged',
  'incident.reopened',
  'incident.followed_up',
  'incident.signed_off',
]);

/** The cases a piece of news is about. */
function casesOf(envelope: BusEnvelope): string[] {
  const payload = envelope.payload as { incident?: { id?: unknown }; round?: { id?: unknown } };
  const ids: string[] = [];
  if (typeof payload.incident?.id === 'string') ids.push(payload.incident.id);
  if (typeof payload.round?.id === 'string') ids.push(payload.round.id);
  return ids;
}

@Injectable()
export class ReviewTap implements OutboxTap {
  partFor(name: string, gate: string, envelopes: readonly BusEnvelope[]): StatementPart | null {
    const ids = pendingOf(envelopes);
    return ids.length ? { name, sql: `${PENDING_SQL} WHERE EXISTS (SELECT 1 FROM ${gate}) ON CONFLICT DO NOTHING RETURNING 1`, params: [ids] } : null;
  }

  async onNews(tx: Sql, envelopes: readonly BusEnvelope[]): Promise<void> {
    const ids = pendingOf(envelopes);
    if (ids.length) await tx.query(`${PENDING_SQL} ON CONFLICT DO NOTHING`, [ids]);
  }
}

const PENDING_SQL = 'INSERT INTO review_pending (incident_id) SELECT unnest($1::uuid[])';

/** The cases whose roll-ups this news may move. */
function pendingOf(envelopes: readonly BusEnvelope[]): string[] {
  return [...new Set(envelopes.filter((e) => MOVES_ROLLUPS.has(e.event)).flatMap(casesOf))].sort();
}
