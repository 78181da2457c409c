/**
 * The outbox's tap for the review roll-ups: whenever news of a case is written, the case's
 * contribution to review_case and review_daily is recomputed from its row in the same transaction
 * (review-rollup.sql.ts). Recomputing is idempotent, so news told twice, or two pieces of news about
 * one case in one transaction, never count twice.
 *
 * A new case's receipt is the exception: it leaves a review_pending row and ReviewRoller rolls new cases
 * up in batches after commit, so intakes no longer queue on the same review_daily rows (the hour, the
 * source, the category) until they commit. Reviews read after a roll-up pass (ReviewRoller.flush).
 */
import { Injectable } from '@nestjs/common';
import type { BusEnvelope, BusEventName } from '@xiaonao/contracts';
import type { OutboxTap } from '../outbox/outbox';
import type { Sql } from '../persistence/database';
import type { StatementPart } from '../persistence/statement-parts';
import { REFRESH_REVIEW_SQL } from './review-rollup.sql';

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
  partFor(name: string, gate: string, envelopes: readonly BusEnvelope[]): StatementPart | null | 'apart' {
    const { pending, refresh } = sorted(envelopes);
    if (refresh.length) return 'apart';
    return pending.length ? { name, sql: `${PENDING_SQL} WHERE EXISTS (SELECT 1 FROM ${gate}) ON CONFLICT DO NOTHING RETURNING 1`, params: [pending] } : null;
  }

  async onNews(tx: Sql, envelopes: readonly BusEnvelope[], held: ReadonlySet<string>): Promise<void> {
    const { pending, refresh } = sorted(envelopes);
    if (pending.length) await tx.query(`${PENDING_SQL} ON CONFLICT DO NOTHING`, [pending]);
    if (!refresh.length) return;
    // Orders concurrent deltas of one case; rows the use case holds (locked, or new in it) need no second round trip.
    const unheld = refresh.filter((id) => !held.has(id));
    if (unheld.length) await tx.query('SELECT id FROM incident WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE', [unheld]);
    await tx.query(REFRESH_REVIEW_SQL, [refresh]);
  }
}

const PENDING_SQL = 'INSERT INTO review_pending (incident_id) SELECT unnest($1::uuid[])';

/** New cases to roll up later, and cases to recompute now (news of a case already rolled up, or about to be). */
function sorted(envelopes: readonly BusEnvelope[]): { pending: string[]; refresh: string[] } {
  const relevant = envelopes.filter((e) => MOVES_ROLLUPS.has(e.event));
  const refresh = [...new Set(relevant.filter((e) => e.event !== 'incident.received').flatMap(casesOf))].sort();
  const now = new Set(refresh);
  const pending = [...new Set(relevant.filter((e) => e.event === 'incident.received').flatMap(casesOf))].filter((id) => !now.has(id)).sort();
  return { pending, refresh };
}
