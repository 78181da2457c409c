/**
 * The outbox's tap for the review roll-ups: whenever news of a case is written, the case's
 * contribution to review_case and review_daily is recomputed from its row in the same transaction
 * (review-rollup.sql.ts). Recomputing is idempotent, so news told twice, or two pieces of news about
 * one case in one transaction, never count twice.
 */
import { Injectable } from '@nestjs/common';
import type { BusEnvelope, BusEventName } from '@xiaonao/contracts';
import type { OutboxTap } from '../outbox/outbox';
import type { Sql } from '../persistence/database';
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
  hears(event: BusEventName): boolean {
    return MOVES_ROLLUPS.has(event);
  }

  async onNews(tx: Sql, envelopes: readonly BusEnvelope[], held: ReadonlySet<string>): Promise<void> {
    const ids = [...new Set(envelopes.filter((e) => MOVES_ROLLUPS.has(e.event)).flatMap(casesOf))].sort();
    if (!ids.length) return;
    // Orders concurrent deltas of one case; rows the use case holds (locked, or new in it) need no second round trip.
    const unheld = ids.filter((id) => !held.has(id));
    if (unheld.length) await tx.query('SELECT id FROM incident WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE', [unheld]);
    await tx.query(REFRESH_REVIEW_SQL, [ids]);
  }
}
