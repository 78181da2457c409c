/**
 * Open cases and their 1-3-8 timers written straight into the database, thousands at a time, for the
 * timer crash test and benchmark: they measure the timers, not intake. The cases wait for an operator's
 * confirmation, so dispatch leaves them alone and every stage's timers fall due and fire.
 */
import type { Client } from 'pg';

export interface BulkCases {
  townshipCode: string;
  count: number;
  /** Receipts spread evenly from `firstReceivedAt` over `spreadMs`. */
  firstReceivedAt: Date;
  spreadMs: number;
  /** The windows every case gets (seconds) and the warning share. */
  policy: { acceptSeconds: number; contactSeconds: number; arriveSeconds: number; warnShare: number };
  /** Distinguishes the case numbers of several batches. */
  batch: string;
}

/** Inserts the cases and six timers each; returns how many timers were written. */
export async function insertBulkCases(client: Client, b: BulkCases): Promise<number> {
  const stepMs = b.count > 1 ? b.spreadMs / (b.count - 1) : 0;
  const { rows } = await client.query<{ n: number }>(
    `WITH t AS (SELECT id, center_lng, center_lat FROM township WHERE code = $1),
     made AS (
       INSERT INTO incident (township_id, case_no, source, received_at, caller_name, caller_phone, address, lng, lat, category,
                             description, state, priority, awaiting_confirmation, clock_policy)
       SELECT t.id, $2 || '-' || g, '110', $3::timestamptz + (g * $4::double precision) * interval '1 millisecond',
              '测试', '13800000000', '测试地址', t.center_lng, t.center_lat, 'other', '计时器测试', 'received', 3, true, $5::jsonb
       FROM t, generate_series(0, $6::int - 1) AS g
       RETURNING id, township_id, received_at
     ),
     timers AS (
       INSERT INTO case_timer (incident_id, township_id, stage, kind, due_at)
       SELECT m.id, m.township_id, s.stage, k.kind,
              m.received_at + (s.seconds * CASE WHEN k.kind = 'warn' THEN $7::double precision ELSE 1 END) * interval '1 second'
       FROM made m,
            (VALUES ('accept', $8::double precision), ('contact', $9::double precision), ('arrive', $10::double precision)) AS s(stage, seconds),
            (VALUES ('warn'), ('breach')) AS k(kind)
       RETURNING 1
     )
     SELECT count(*)::int AS n FROM timers`,
    [
      b.townshipCode,
      b.batch,
      b.firstReceivedAt,
      stepMs,
      JSON.stringify(b.policy),
      b.count,
      b.policy.warnShare,
      b.policy.acceptSeconds,
      b.policy.contactSeconds,
      b.policy.arriveSeconds,
    ],
  );
  return rows[0].n;
}

/**
 * Lateness (ms) of fired timers, and how many fell due without firing: one statement, so one snapshot. (Three
 * reads while the runners work let a pass commit in between: its timers then counted as neither.)
 */
export async function timerReport(client: Client, caseNoPrefix: string): Promise<{ fired: number[]; unfired: number; moot: number }> {
  const { rows: [r] } = await client.query<{ fired: number[] | null; unfired: number; moot: number }>(
    `SELECT array_agg(t.lateness_ms ORDER BY t.lateness_ms) FILTER (WHERE t.fired_at IS NOT NULL AND t.outcome = 'fired') AS fired,
            count(*) FILTER (WHERE t.fired_at IS NULL AND t.due_at <= clock_timestamp())::int AS unfired,
            count(*) FILTER (WHERE t.outcome = 'moot')::int AS moot
     FROM case_timer t JOIN incident i ON i.id = t.incident_id WHERE i.case_no LIKE $1 || '-%'`,
    [caseNoPrefix],
  );
  return { fired: (r.fired ?? []).map(Number), unfired: r.unfired, moot: r.moot };
}
