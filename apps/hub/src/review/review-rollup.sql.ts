/**
 * The review roll-ups (docs/review.md), as SQL shared by the outbox tap, the migration's backfill
 * and the bench.
 *
 * review_case holds, per case, what it contributes: its dimensions (Beijing day and hour, grid,
 * worker, category, source, station, place, map cell, caller) and its 0/1 counts. review_daily holds
 * the sums per township, dimension, day, station and key. A change to a case is applied as a delta:
 * the case's facts are computed afresh from its row, its old contribution taken out and the new one
 * put in, in the same transaction as the change. News heard twice computes the same facts, so the
 * delta is zero: nothing counts double.
 */

import type { ReviewCounts } from '@xiaonao/contracts';

/** The station key of a case no station handed over. */
export const NO_STATION = '00000000-0000-0000-0000-000000000000';

/** review_case's columns, in table order (facts and DELETE … RETURNING must line up). */
export const REVIEW_CASE_COLUMNS = [
  'incident_id',
  'township_id',
  'station_key',
  'day',
  'hour',
  'grid_id',
  'worker_id',
  'category',
  'source',
  'case_no',
  'received_at',
  'place',
  'cell',
  'caller_hash',
  'lng',
  'lat',
  'accept_s',
  'contact_s',
  'arrive_s',
  'closed_s',
  'accept_due',
  'accept_ok',
  'contact_due',
  'contact_ok',
  'arrive_due',
  'arrive_ok',
  'breached',
  'closed',
  'closed_resolved',
  'closed_returned',
  'closed_handed',
  'closed_dismissed',
  'fu_satisfied',
  'fu_basic',
  'fu_unsatisfied',
] as const;

/** The summed columns of review_daily (snake case; the contract's ReviewCounts in camel case). */
export const REVIEW_COUNT_COLUMNS = [
  'cases',
  'accept_due',
  'accept_ok',
  'contact_due',
  'contact_ok',
  'arrive_due',
  'arrive_ok',
  'breached',
  'closed',
  'closed_resolved',
  'closed_returned',
  'closed_handed',
  'closed_dismissed',
  'fu_satisfied',
  'fu_basic',
  'fu_unsatisfied',
] as const;

/** A row of summed roll-up columns, keyed by what it is broken down by. */
export type CountRow = Record<(typeof REVIEW_COUNT_COLUMNS)[number], string | number> & { key: string };

/** The select list summing every counted column. */
export const REVIEW_SUMS = REVIEW_COUNT_COLUMNS.map((c) => `sum(${c}) AS ${c}`).join(', ');

/** A summed row as the contracts' ReviewCounts. */
export function countsOf(row: CountRow): ReviewCounts {
  const n = (c: (typeof REVIEW_COUNT_COLUMNS)[number]) => Number(row[c]);
  return {
    cases: n('cases'),
    acceptDue: n('accept_due'),
    acceptInTime: n('accept_ok'),
    contactDue: n('contact_due'),
    contactInTime: n('contact_ok'),
    arriveDue: n('arrive_due'),
    arriveInTime: n('arrive_ok'),
    breached: n('breached'),
    closed: n('closed'),
    closedResolved: n('closed_resolved'),
    closedReturned: n('closed_returned'),
    closedHanded: n('closed_handed'),
    closedDismissed: n('closed_dismissed'),
    followUpSatisfied: n('fu_satisfied'),
    followUpBasic: n('fu_basic'),
    followUpUnsatisfied: n('fu_unsatisfied'),
  };
}


/** The tables, for the migration. */
export const REVIEW_TABLES_DDL = `
  CREATE TABLE review_case (
    incident_id uuid PRIMARY KEY REFERENCES incident(id) ON DELETE CASCADE,
    township_id uuid NOT NULL REFERENCES township(id),
    station_key uuid NOT NULL,
    day date NOT NULL,
    hour smallint NOT NULL,
    grid_id uuid,
    worker_id uuid,
    category text NOT NULL,
    source text NOT NULL,
    case_no text NOT NULL,
    received_at timestamptz NOT NULL,
    place text,
    cell text,
    caller_hash text,
    lng double precision NOT NULL,
    lat double precision NOT NULL,
    accept_s integer,
    contact_s integer,
    arrive_s integer,
    closed_s integer,
    accept_due smallint NOT NULL, accept_ok smallint NOT NULL,
    contact_due smallint NOT NULL, contact_ok smallint NOT NULL,
    arrive_due smallint NOT NULL, arrive_ok smallint NOT NULL,
    breached smallint NOT NULL, closed smallint NOT NULL,
    closed_resolved smallint NOT NULL, closed_returned smallint NOT NULL, closed_handed smallint NOT NULL, closed_dismissed smallint NOT NULL,
    fu_satisfied smallint NOT NULL, fu_basic smallint NOT NULL, fu_unsatisfied smallint NOT NULL
  );
  -- The slowest cases of a period; the latest case of a repeat caller, place or cell (its number, point, address).
  CREATE INDEX review_case_day_idx ON review_case (township_id, day, arrive_s);
  CREATE INDEX review_case_caller_idx ON review_case (township_id, caller_hash, received_at DESC) WHERE caller_hash IS NOT NULL;
  CREATE INDEX review_case_place_idx ON review_case (township_id, place, received_at DESC) WHERE place IS NOT NULL;
  CREATE INDEX review_case_cell_idx ON review_case (township_id, cell, received_at DESC);

  CREATE TABLE review_daily (
    township_id uuid NOT NULL REFERENCES township(id),
    dim text NOT NULL CHECK (dim IN ('grid', 'worker', 'category', 'source', 'station', 'hour', 'cell', 'place', 'caller')),
    day date NOT NULL,
    station_key uuid NOT NULL,
    key text NOT NULL,
    cases integer NOT NULL DEFAULT 0,
    accept_due integer NOT NULL DEFAULT 0, accept_ok integer NOT NULL DEFAULT 0,
    contact_due integer NOT NULL DEFAULT 0, contact_ok integer NOT NULL DEFAULT 0,
    arrive_due integer NOT NULL DEFAULT 0, arrive_ok integer NOT NULL DEFAULT 0,
    breached integer NOT NULL DEFAULT 0, closed integer NOT NULL DEFAULT 0,
    closed_resolved integer NOT NULL DEFAULT 0, closed_returned integer NOT NULL DEFAULT 0,
    closed_handed integer NOT NULL DEFAULT 0, closed_dismissed integer NOT NULL DEFAULT 0,
    fu_satisfied integer NOT NULL DEFAULT 0, fu_basic integer NOT NULL DEFAULT 0, fu_unsatisfied integer NOT NULL DEFAULT 0,
    -- Cases ride in the key's index: the sparse dimensions (place, caller, cell) are read from it alone.
    PRIMARY KEY (township_id, dim, day, station_key, key) INCLUDE (cases)
  );

  -- The 网格指数 formula per township (absent: the defaults).
  CREATE TABLE review_settings (
    township_id uuid PRIMARY KEY REFERENCES township(id),
    settings jsonb NOT NULL,
    updated_at timestamptz NOT NULL
  );
`;

/** Seconds from receipt to a step, or null. */
const secs = (column: string) => `CASE WHEN i.${column} IS NULL THEN NULL ELSE floor(extract(epoch FROM i.${column} - i.received_at))::int END`;
/** Done within the window the case was given at receipt (the hub's 1-3-8 default where it has none). */
const inTime = (column: string, key: string, fallback: number) =>
  `(i.${column} IS NOT NULL AND i.${column} <= i.received_at + make_interval(secs => COALESCE((i.clock_policy->>'${key}')::double precision, ${fallback})))`;
const late = (column: string, key: string, fallback: number) => `(i.${column} IS NOT NULL AND NOT ${inTime(column, key, fallback)})`;
const bit = (condition: string) => `(CASE WHEN ${condition} THEN 1 ELSE 0 END)::smallint`;

/**
 * A case's facts computed from its row, its breach events and its recorded 回访; `where` picks the
 * cases (on `i`). A stage is due once done or breached; a case breached once a stage breached or was done late.
 */
export function reviewFactsSql(where: string, bulk = false): string {
  // One case at a time its breach events come by index; for every case at once, by one grouped pass.
  const breaches = bulk
    ? `LEFT JOIN (
        SELECT e.incident_id, bool_or(e.detail->>'stage' = 'accept') AS accept, bool_or(e.detail->>'stage' = 'contact') AS contact,
               bool_or(e.detail->>'stage' = 'arrive') AS arrive, true AS any
          FROM incident_event e WHERE e.type = 'clock_breached' GROUP BY e.incident_id
      ) b ON b.incident_id = i.id`
    : `LEFT JOIN LATERAL (
        SELECT bool_or(e.detail->>'stage' = 'accept') AS accept, bool_or(e.detail->>'stage' = 'contact') AS contact,
               bool_or(e.detail->>'stage' = 'arrive') AS arrive, true AS any
          FROM incident_event e WHERE e.incident_id = i.id AND e.type = 'clock_breached' HAVING count(*) > 0
      ) b ON true`;
  return `
    SELECT i.id AS incident_id, i.township_id,
           COALESCE(i.station_id, '${NO_STATION}'::uuid) AS station_key,
           (i.received_at AT TIME ZONE 'Asia/Shanghai')::date AS day,
           extract(hour FROM i.received_at AT TIME ZONE 'Asia/Shanghai')::smallint AS hour,
           i.grid_id, i.worker_id, i.category, i.source, i.case_no, i.received_at,
           NULLIF(COALESCE(i.grid_id::text, '') || '|' || btrim(regexp_replace(i.address, '[[:space:]\\u3000]+', ' ', 'g')), COALESCE(i.grid_id::text, '') || '|') AS place,
           floor(i.lng / 0.0005)::bigint || ':' || floor(i.lat / 0.0005)::bigint AS cell,
           CASE WHEN regexp_replace(i.caller_phone, '\\D', '', 'g') = '' THEN NULL ELSE md5(regexp_replace(i.caller_phone, '\\D', '', 'g')) END AS caller_hash,
           i.lng, i.lat,
           ${secs('accepted_at')} AS accept_s, ${secs('contacted_at')} AS contact_s, ${secs('arrived_at')} AS arrive_s, ${secs('closed_at')} AS closed_s,
           ${bit(`i.accepted_at IS NOT NULL OR COALESCE(b.accept, false)`)} AS accept_due,
           ${bit(inTime('accepted_at', 'acceptSeconds', 60))} AS accept_ok,
           ${bit(`i.contacted_at IS NOT NULL OR COALESCE(b.contact, false)`)} AS contact_due,
           ${bit(inTime('contacted_at', 'contactSeconds', 180))} AS contact_ok,
           ${bit(`i.arrived_at IS NOT NULL OR COALESCE(b.arrive, false)`)} AS arrive_due,
           ${bit(inTime('arrived_at', 'arriveSeconds', 480))} AS arrive_ok,
           ${bit(`COALESCE(b.any, false) OR ${late('accepted_at', 'acceptSeconds', 60)} OR ${late('contacted_at', 'contactSeconds', 180)} OR ${late('arrived_at', 'arriveSeconds', 480)}`)} AS breached,
           ${bit(`i.state = 'closed'`)} AS closed,
           ${bit(`i.closure = 'resolved'`)} AS closed_resolved,
           ${bit(`i.closure = 'returned_to_police'`)} AS closed_returned,
           ${bit(`i.closure = 'handed_to_12345'`)} AS closed_handed,
           ${bit(`i.closure = 'dismissed'`)} AS closed_dismissed,
           ${bit(`f.satisfaction = 'satisfied'`)} AS fu_satisfied,
           ${bit(`f.satisfaction = 'basically_satisfied'`)} AS fu_basic,
           ${bit(`f.satisfaction = 'not_satisfied'`)} AS fu_unsatisfied
      FROM incident i
      ${breaches}
      LEFT JOIN follow_up f ON f.incident_id = i.id AND f.status = 'recorded'
     WHERE ${where}`;
}

/** Rows of `source` (with a `sign` column) spread over the dimensions and summed; ordered, so concurrent upserts lock rows in one order. */
function summedSql(source: string): string {
  const sums = REVIEW_COUNT_COLUMNS.map((c) => (c === 'cases' ? 'sum(d.sign)::int AS cases' : `sum(d.sign * d.${c})::int AS ${c}`)).join(', ');
  return `
    SELECT d.township_id, x.dim, d.day, d.station_key, x.key, ${sums}
      FROM ${source} d
     CROSS JOIN LATERAL (VALUES ('grid', d.grid_id::text), ('worker', d.worker_id::text), ('category', d.category), ('source', d.source),
                                ('station', NULLIF(d.station_key, '${NO_STATION}'::uuid)::text), ('hour', d.hour::text),
                                ('cell', d.cell), ('place', d.place), ('caller', d.caller_hash)) AS x(dim, key)
     WHERE x.key IS NOT NULL
     GROUP BY d.township_id, x.dim, d.day, d.station_key, x.key`;
}

const COUNT_LIST = REVIEW_COUNT_COLUMNS.join(', ');
const CASE_LIST = REVIEW_CASE_COLUMNS.join(', ');

/**
 * Brings the roll-ups up to date for the cases `$1::uuid[]` in the caller's transaction. The caller
 * holds the cases' rows locked (FOR UPDATE), so two transactions never apply one case's delta at once.
 */
export const REFRESH_REVIEW_SQL = `
  WITH fresh AS (${reviewFactsSql('i.id = ANY($1::uuid[])')}),
  gone AS (DELETE FROM review_case c WHERE c.incident_id = ANY($1::uuid[]) RETURNING ${REVIEW_CASE_COLUMNS.map((c) => `c.${c}`).join(', ')}),
  kept AS (INSERT INTO review_case (${CASE_LIST}) SELECT ${CASE_LIST} FROM fresh RETURNING incident_id),
  delta AS (SELECT 1 AS sign, ${CASE_LIST} FROM fresh UNION ALL SELECT -1 AS sign, ${CASE_LIST} FROM gone),
  summed AS (${summedSql('delta')})
  INSERT INTO review_daily (township_id, dim, day, station_key, key, ${COUNT_LIST})
  SELECT township_id, dim, day, station_key, key, ${COUNT_LIST} FROM summed
   WHERE ${REVIEW_COUNT_COLUMNS.map((c) => `${c} <> 0`).join(' OR ')}
   ORDER BY township_id, dim, day, station_key, key
  ON CONFLICT (township_id, dim, day, station_key, key) DO UPDATE SET
    ${REVIEW_COUNT_COLUMNS.map((c) => `${c} = review_daily.${c} + EXCLUDED.${c}`).join(', ')}`;

/** Rebuilds every roll-up from the cases (the migration's backfill; also after a restore). */
export const BACKFILL_REVIEW_SQL = [
  // Run in a transaction (migrations are): the memory is the backfill's only, for its grouping in one pass.
  "SET LOCAL work_mem = '256MB'",
  'TRUNCATE review_case, review_daily',
  `INSERT INTO review_case (${CASE_LIST}) SELECT ${CASE_LIST} FROM (${reviewFactsSql('true', true)}) f`,
  `INSERT INTO review_daily (township_id, dim, day, station_key, key, ${COUNT_LIST})
   SELECT township_id, dim, day, station_key, key, ${COUNT_LIST} FROM (${summedSql('(SELECT 1 AS sign, * FROM review_case)')}) s
    -- Written in key order, so a dimension's days lie together on disk as they do for new days.
    ORDER BY township_id, dim, day, station_key, key`,
] as const;
