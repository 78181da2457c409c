/**
 * Checks cases' timelines: the hash chain of their events, and whether the events rebuild the incident
 * row. Each check reads events, anchor and row from one snapshot, so an event committed meanwhile
 * cannot look like tampering.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { IncidentState, SessionUser, TimelineExportFormat } from '@xiaonao/contracts';
import { DomainError, judgeTimeline, type ChainedEvent, type TimelineVerdict } from '@xiaonao/domain';
import { readsWholeTownship } from '../auth/township-readers';
import { Clock } from '../clock/clock';
import { Database, type Sql } from '../persistence/database';
import { IncidentStore } from './incident-store';
import { timelineCsv, timelineJson, type TimelineDownload } from './timeline-export';

/** One case's check, as the API returns it. */
export interface CaseTimelineCheck extends TimelineVerdict {
  incidentId: string;
  caseNo: string;
  /** Events read from the database. */
  events: number;
  checkedAt: string;
}

/** Every case of a township checked; only the failing ones are listed. */
export interface TownshipTimelineCheck {
  townshipId: string;
  checkedAt: string;
  ok: boolean;
  cases: number;
  events: number;
  bad: CaseTimelineCheck[];
}

/** What the check reads of an incident row: who may see it, its anchor and the fields the events determine. */
interface AuditRow {
  id: string;
  township_id: string;
  station_id: string | null;
  case_no: string;
  state: IncidentState;
  worker_id: string | null;
  received_at: Date;
  accepted_at: Date | null;
  contacted_at: Date | null;
  arrived_at: Date | null;
  closed_at: Date | null;
  result: string | null;
  event_count: number;
  last_event_hash: string | null;
}

const AUDIT_COLUMNS = `id, township_id, station_id, case_no, state, worker_id, received_at, accepted_at, contacted_at, arrived_at,
  closed_at, result, event_count, last_event_hash`;

/** Cases checked per round trip in a township-wide check. */
const BATCH = 500;

@Injectable()
export class TimelineAudit {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(IncidentStore) private readonly incidents: IncidentStore,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** One case, for an operator of its township or the station that handed it over. */
  verifyCase(user: SessionUser, incidentId: string): Promise<CaseTimelineCheck> {
    return this.snapshot(async (tx) => {
      const row = await this.visibleRow(tx, user, incidentId);
      return this.check(row, (await this.incidents.chains(tx, [row.id])).get(row.id) ?? []);
    });
  }

  /** Every case of the operator's township; reports the ones whose timeline fails. */
  verifyTownship(user: SessionUser): Promise<TownshipTimelineCheck> {
    return this.snapshot(async (tx) => {
      const report: TownshipTimelineCheck = { townshipId: user.townshipId, checkedAt: this.clock.now().toISOString(), ok: true, cases: 0, events: 0, bad: [] };
      let after = '00000000-0000-0000-0000-000000000000';
      for (;;) {
        const rows = await tx.query<AuditRow>(`SELECT ${AUDIT_COLUMNS} FROM incident WHERE township_id = $1 AND id > $2 ORDER BY id LIMIT ${BATCH}`, [user.townshipId, after]);
        if (!rows.length) break;
        const chains = await this.incidents.chains(tx, rows.map((r) => r.id));
        for (const row of rows) {
          const check = this.check(row, chains.get(row.id) ?? []);
          report.cases++;
          report.events += check.events;
          if (!check.ok) report.bad.push(check);
        }
        after = rows[rows.length - 1].id;
      }
      report.ok = report.bad.length === 0;
      return report;
    });
  }

  /** Every event of the case with its hashes and the check, as a file to download. */
  export(user: SessionUser, incidentId: string, format: TimelineExportFormat): Promise<TimelineDownload> {
    return this.snapshot(async (tx) => {
      const row = await this.visibleRow(tx, user, incidentId);
      const events = (await this.incidents.chains(tx, [row.id])).get(row.id) ?? [];
      const check = this.check(row, events);
      return format === 'csv' ? timelineCsv(row.case_no, events, check) : timelineJson(row.case_no, events, check);
    });
  }

  private check(row: AuditRow, events: readonly ChainedEvent[]): CaseTimelineCheck {
    const verdict = judgeTimeline(events, { count: row.event_count, lastHash: row.last_event_hash }, {
      state: row.state,
      workerId: row.worker_id,
      receivedAt: row.received_at,
      acceptedAt: row.accepted_at,
      contactedAt: row.contacted_at,
      arrivedAt: row.arrived_at,
      closedAt: row.closed_at,
      result: row.result,
    });
    return { incidentId: row.id, caseNo: row.case_no, events: events.length, checkedAt: this.clock.now().toISOString(), ...verdict };
  }

  private async visibleRow(tx: Sql, user: SessionUser, incidentId: string): Promise<AuditRow> {
    const [row] = await tx.query<AuditRow>(`SELECT ${AUDIT_COLUMNS} FROM incident WHERE id = $1`, [incidentId]);
    const visible = row && row.township_id === user.townshipId && (readsWholeTownship(user.role) || (user.role === 'station' && row.station_id === user.stationId));
    if (!visible) throw new DomainError('NOT_FOUND', '事件不存在或无权查看', 'No such case, or not yours to see');
    return row;
  }

  /** A read-only transaction that sees one snapshot throughout. */
  private snapshot<T>(work: (tx: Sql) => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx) => {
      await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      return work(tx);
    });
  }
}
