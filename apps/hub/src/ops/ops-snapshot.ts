/**
 * What the gauges report, read from PostgreSQL at scrape time in one statement: the database is the
 * record of truth, so every hub process reports the same figures, after a restart too (dashboards take
 * the max over instances). Each part reads a small, indexed set: pending offers (partial index), waiting
 * cases (township, state), unpublished outbox rows (partial index), the earliest unfired timer (partial
 * index on due_at).
 */
import type { Sql } from '../persistence/database';

export interface TownshipQueues {
  township: string;
  offersPending: number;
  /** Received cases an operator must confirm before dispatch. */
  waitingOperator: number;
  /** Received cases the hub dispatches itself, waiting for an eligible worker. */
  waitingWorker: number;
}

export interface OpsSnapshot {
  townships: TownshipQueues[];
  outboxUnpublished: number;
  /** Age of the oldest outbox row not yet published, by the database's clock; 0 when none. */
  outboxLagSeconds: number;
  /** The earliest deadline timer not yet fired, or null. */
  nextTimerDueAt: Date | null;
}

const SNAPSHOT_SQL = `
  SELECT
    (SELECT coalesce(json_agg(json_build_object(
       'township', t.code,
       'offersPending', (SELECT count(*) FROM offer o WHERE o.township_id = t.id AND o.outcome = 'pending'),
       'waitingOperator', (SELECT count(*) FROM incident i WHERE i.township_id = t.id AND i.state = 'received' AND i.awaiting_confirmation),
       'waitingWorker', (SELECT count(*) FROM incident i WHERE i.township_id = t.id AND i.state = 'received' AND NOT i.awaiting_confirmation)
     ) ORDER BY t.code), '[]'::json) FROM township t) AS townships,
    (SELECT count(*) FROM outbox WHERE published_at IS NULL) AS outbox_unpublished,
    (SELECT extract(epoch FROM clock_timestamp() - created_at) FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT 1) AS outbox_lag_seconds,
    (SELECT min(due_at) FROM case_timer WHERE fired_at IS NULL) AS next_timer_due_at`;

interface SnapshotRow {
  townships: TownshipQueues[];
  outbox_unpublished: string | number;
  outbox_lag_seconds: string | number | null;
  next_timer_due_at: Date | null;
}

export async function readOpsSnapshot(sql: Sql): Promise<OpsSnapshot> {
  const [row] = await sql.query<SnapshotRow>(SNAPSHOT_SQL);
  return {
    townships: row.townships,
    outboxUnpublished: Number(row.outbox_unpublished),
    outboxLagSeconds: Math.max(0, Number(row.outbox_lag_seconds ?? 0)),
    nextTimerDueAt: row.next_timer_due_at,
  };
}
