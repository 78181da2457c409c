/**
 * The WHERE clause of the station search, built from checked filters: plain data in, SQL text and
 * parameters out. Kept apart from the query so the breach rule can be read beside the domain's.
 */
import type { Category, Closure, StationStateFilter } from '@xiaonao/contracts';
import type { ClockPolicy } from '@xiaonao/domain';

export interface StationSearchFilters {
  townshipId: string;
  stationId: string;
  q: string | null;
  /** Cases with a linked report whose number matches `q` (found by linkedReportCases). */
  linkedIds: readonly string[];
  state: StationStateFilter | null;
  closure: Closure | null;
  category: Category | null;
  /** Received at or after. */
  since: Date | null;
  /** Received before. */
  until: Date | null;
  breached: boolean | null;
  /** Older than this case of the station's (keyset paging on received_at, id). */
  after: string | null;
}

/** `%` and `_` in what a person typed match themselves. */
export const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * A stage is breached as stageClocks says (libs/domain/src/clock/one-three-eight.ts): done after its
 * deadline (met late), or not done and `now` at or past it. Windows come from the case's own policy,
 * else the hub's default.
 */
function breachSql(now: string, fallback: Record<'accept' | 'contact' | 'arrive', string>): string {
  const stages = [
    { done: 'i.accepted_at', key: 'acceptSeconds', fallback: fallback.accept },
    { done: 'i.contacted_at', key: 'contactSeconds', fallback: fallback.contact },
    { done: 'i.arrived_at', key: 'arriveSeconds', fallback: fallback.arrive },
  ];
  return `(${stages
    .map((s) => {
      const deadline = `(i.received_at + make_interval(secs => COALESCE((i.clock_policy->>'${s.key}')::float8, ${s.fallback})))`;
      return `(${s.done} > ${deadline} OR (${s.done} IS NULL AND ${now} >= ${deadline}))`;
    })
    .join(' OR ')})`;
}

/** The cases a linked report's number matching `q` belongs to: one indexed read before the search. */
export const LINKED_REPORT_CASES_SQL = `SELECT DISTINCT r.incident_id AS id FROM incident_report r WHERE r.township_id = $1 AND r.role = 'linked' AND r.case_no ILIKE $2 LIMIT 500`;

export function stationSearchWhere(f: StationSearchFilters, now: Date, policy: ClockPolicy): { where: string; params: unknown[] } {
  const params: unknown[] = [f.townshipId, f.stationId];
  const p = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  // A station sees the cases it handed over, in its own township.
  const parts = ['i.township_id = $1', 'i.station_id = $2'];
  if (f.q) {
    const like = p(likePattern(f.q));
    // Plain ORs over indexed columns, so the planner may read the trigram indexes (few matches) or walk
    // the station's cases newest first (many); linked reports' numbers come in as ids found beforehand.
    // The caller's phone is not searched: stations only ever see it masked.
    parts.push(`(i.case_no ILIKE ${like} OR i.address ILIKE ${like} OR i.caller_name ILIKE ${like} OR i.id = ANY(${p(f.linkedIds)}::uuid[]))`);
  }
  if (f.state === 'open') parts.push(`i.state <> 'closed'`);
  else if (f.state) parts.push(`i.state = ${p(f.state)}`);
  if (f.closure) parts.push(`i.closure = ${p(f.closure)}`);
  if (f.category) parts.push(`i.category = ${p(f.category)}`);
  if (f.since) parts.push(`i.received_at >= ${p(f.since)}`);
  if (f.until) parts.push(`i.received_at < ${p(f.until)}`);
  if (f.breached !== null) {
    const rule = breachSql(`${p(now)}::timestamptz`, {
      accept: `${p(policy.acceptSeconds)}::float8`,
      contact: `${p(policy.contactSeconds)}::float8`,
      arrive: `${p(policy.arriveSeconds)}::float8`,
    });
    parts.push(f.breached ? rule : `NOT ${rule}`);
  }
  // Compared in the database: received_at keeps microseconds a JavaScript Date would drop.
  if (f.after) parts.push(`(i.received_at, i.id) < (SELECT c.received_at, c.id FROM incident c WHERE c.id = ${p(f.after)} AND c.station_id = $2)`);
  return { where: parts.join(' AND '), params };
}
