/**
 * The making of one case, shared by IncidentCreator (a report that opens a case) and the split of a
 * report into a case of its own: checks that read caches before any transaction (the responsibility
 * table, police matters, bounds, grid, the 1-3-8 windows), then the rows in the caller's transaction.
 */
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CATEGORY_LABELS, type IncidentView } from '@xiaonao/contracts';
import { DomainError, locateArea, withinBounds } from '@xiaonao/domain';
import { Outbox } from '../../outbox/outbox';
import type { Sql } from '../../persistence/database';
import { composeStatement, type StatementPart } from '../../persistence/statement-parts';
import { TownshipDirectory } from '../../township/township-directory';
import { ClockPolicyProvider } from '../clock-policy';
import { incidentSelectFrom, type IncidentRow } from '../incident-row';
import { IncidentStore } from '../incident-store';
import { ReportStore, type ReportWrite } from '../reports/report-store';
import { scheduleTimersPart } from '../timers/timer-parts';
import type { Fingerprint } from './intake-fingerprint';
import { IntakeLedger } from './intake-ledger';
import type { Placement, PlacedIncident, PreparedCase } from './new-case';

@Injectable()
export class NewCaseWriter {
  constructor(
    @Inject(IncidentStore) private readonly incidents: IncidentStore,
    @Inject(TownshipDirectory) private readonly townships: TownshipDirectory,
    @Inject(ClockPolicyProvider) private readonly clocks: ClockPolicyProvider,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(ReportStore) private readonly reports: ReportStore,
    @Inject(IntakeLedger) private readonly ledger: IntakeLedger,
  ) {}

  /** Everything that reads the township's caches; call it before the transaction. */
  async prepare(n: PlacedIncident, placement: Placement | null): Promise<PreparedCase> {
    const responsibility = await this.townships.responsibility(n.townshipId, n.category);
    if (responsibility.policeOnly) {
      const name = CATEGORY_LABELS[n.category];
      throw new DomainError('POLICE_MATTER', `category：「${name.zh}」属于警务事项，不转街道处置，已退回 110`, `category: ${name.en} is a police matter; returned to 110`, 'category');
    }
    const bounds = await this.townships.bounds(n.townshipId);
    if (bounds && !withinBounds(n.site, bounds)) {
      throw new DomainError('INVALID_INPUT', 'location：位置不在本街道范围内（经纬度是否颠倒、坐标系是否声明正确？）', 'location: outside the township (swapped, or the wrong coordinate system?)', 'location');
    }
    const grid = locateArea(n.site, await this.townships.grids(n.townshipId));
    const awaiting = responsibility.dispatchMode === 'confirm' || n.holdForOperator === true || placement?.needsConfirmation === true;
    // The windows are fixed at receipt: a rule changed later never moves this case's deadlines.
    const clockPolicy = await this.clocks.policyFor(n.townshipId, n.category, responsibility.priority);
    return { n, placement, grid, priority: responsibility.priority, awaiting, clockPolicy };
  }

  /**
   * The incident row, its `received` event, its timers and the news. Null when the case number is
   * already an incident's (the caller has checked under a lock; this is the last word).
   */
  async insert(tx: Sql, p: PreparedCase, caseNo: string, extraDetail: Record<string, unknown> = {}): Promise<IncidentView | null> {
    return (await this.write(tx, p, caseNo, extraDetail, {}))?.incident ?? null;
  }

  /**
   * A door's new case with the report carrying its number (and the door's fingerprint) in the same
   * statement. Null, with nothing written, when the number is an incident's already or a report (of a
   * case it joined) carries it — the report takes the number first, so a concurrent send of it waits for
   * this one's commit and then writes nothing: that is the answer, not a race.
   */
  async insertWithReport(tx: Sql, p: PreparedCase, caseNo: string, report: Omit<ReportWrite, 'incident_id'>, fingerprint?: Fingerprint): Promise<{ incident: IncidentView; reportId: string } | null> {
    const reportId = randomUUID();
    const written = await this.write(tx, p, caseNo, {}, { reportId, report, fingerprint });
    return written ? { incident: written.incident, reportId } : null;
  }

  /**
   * One statement (statement-parts.ts): the incident, already anchored on its first event (its id is made
   * here, so the event's hash is known before anything is written), the event, the six timers, the report
   * and fingerprint when given, and the case read back with its station and grid; then the news.
   */
  private async write(tx: Sql, p: PreparedCase, caseNo: string, extraDetail: Record<string, unknown>, carried: Carried): Promise<{ incident: IncidentView } | null> {
    const { n, placement } = p;
    const id = randomUUID();
    const received = this.incidents.link(NEW_CHAIN, {
      incidentId: id,
      townshipId: n.townshipId,
      type: 'received',
      at: n.receivedAt,
      actor: n.actor,
      source: n.eventSource,
      location: n.site,
      detail: {
        caseNo,
        grid: p.grid?.name ?? null,
        awaitingConfirmation: p.awaiting,
        ...(placement ? { placement: { confidence: placement.confidence, needsConfirmation: placement.needsConfirmation, placeName: placement.placeName } } : {}),
        ...n.detail,
        ...extraDetail,
      },
    });
    // With a report to carry the number, the report goes first and takes it (claimPart): a number a report
    // carries already (a resend, a case it joined) writes nothing, and the case is made only FROM the claim.
    const claim = carried.report && carried.reportId ? this.reports.claimPart('claim', carried.reportId, { ...carried.report, incident_id: id }) : null;
    const parts: StatementPart[] = [
      ...(claim ? [claim] : []),
      {
        name: 'made',
        sql: `INSERT INTO incident (id, township_id, case_no, source, received_at, caller_name, caller_phone, address, lng, lat, category,
                                    description, station_id, grid_id, state, priority, awaiting_confirmation, clock_policy,
                                    placement_confidence, placement_needs_confirmation, placement_name, placement_place_id, round, reopened_from,
                                    event_count, last_event_hash)
              SELECT $1::uuid, $2::uuid, $3::text, $4::text, $5::timestamptz, $6::text, $7::text, $8::text, $9::float8, $10::float8, $11::text,
                     $12::text, $13::uuid, $14::uuid, 'received', $15::int, $16::boolean, $17::jsonb,
                     $18::float8, $19::boolean, $20::text, $21::uuid, $22::int, $23::uuid, 1, $24::text
              ${claim ? 'FROM claim' : ''}
              ON CONFLICT (township_id, case_no) DO NOTHING RETURNING *`,
        params: [
          id,
          n.townshipId,
          caseNo,
          n.source,
          n.receivedAt,
          n.callerName,
          n.callerPhone,
          n.address,
          n.site.lng,
          n.site.lat,
          n.category,
          n.description,
          n.stationId,
          p.grid?.id ?? null,
          p.priority,
          p.awaiting,
          JSON.stringify(p.clockPolicy),
          placement?.confidence ?? null,
          placement?.needsConfirmation ?? false,
          placement?.placeName ?? null,
          placement?.placeId ?? null,
          n.round?.round ?? 1,
          n.round?.reopenedFrom ?? null,
          received.hash,
        ],
      },
      this.incidents.eventPart('received_event', 'made', n.townshipId, received),
      scheduleTimersPart('timers', 'made', n.receivedAt, p.clockPolicy),
    ];
    if (carried.fingerprint) parts.push(this.ledger.rememberPart('fingerprint', 'made', carried.fingerprint));
    const { sql, params } = composeStatement(parts, incidentSelectFrom('made'));
    const [row] = await tx.query<IncidentRow>(sql, params);
    if (!row) return null;
    const incident = this.incidents.view(row);
    await this.outbox.add(tx, n.townshipId, 'incident.received', { incident }, { heldCases: [id] });
    return { incident };
  }
}

/** A case's chain before its first event. */
const NEW_CHAIN = { count: 0, lastHash: null };

/** What rides with a door's new case in its statement. */
interface Carried {
  reportId?: string;
  report?: Omit<ReportWrite, 'incident_id'>;
  fingerprint?: Fingerprint;
}
