/**
 * The making of one case, shared by IncidentCreator (a report that opens a case) and the split of a
 * report into a case of its own: checks that read caches before any transaction (the responsibility
 * table, police matters, bounds, grid, the 1-3-8 windows), then the rows in the caller's transaction.
 */
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { CATEGORY_LABELS, type IncidentView, type RefView } from '@xiaonao/contracts';
import { DomainError, locateArea, withinBounds, type ChainedEvent, type ClockPolicy } from '@xiaonao/domain';
import { Clock } from '../../clock/clock';
import { Outbox } from '../../outbox/outbox';
import type { Sql } from '../../persistence/database';
import { composeStatement, type StatementPart } from '../../persistence/statement-parts';
import { TownshipDirectory } from '../../township/township-directory';
import { ClockPolicyProvider } from '../clock-policy';
import { incidentSelectFrom, type IncidentRow } from '../incident-row';
import { IncidentStore, NOTIFY_SETTINGS_OF_D, type DispatchCaseRow } from '../incident-store';
import { ReportStore, type ReportWrite } from '../reports/report-store';
import { scheduleTimersPart } from '../timers/timer-parts';
import type { Fingerprint } from './intake-fingerprint';
import { IntakeLedger } from './intake-ledger';
import { submittedColumns, type Placement, type PlacedIncident, type PreparedCase } from './new-case';

@Injectable()
export class NewCaseWriter {
  private readonly logger = new Logger('NewCaseWriter');

  constructor(
    @Inject(Clock) private readonly clock: Clock,
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
   * A door's new case as ONE statement and no transaction (IncidentCreator, a case that cannot join
   * another): the rows of insertWithReport and the receipt's news, built here from the row as the statement
   * writes it, with what the outbox's taps write for it. Null, with nothing written, when the number is
   * taken; 'apart' when the news cannot be built or written in the statement (a later round, a station
   * the directory does not hold, a tap that writes apart): the caller writes in a transaction.
   */
  async insertAlone(db: Sql, p: PreparedCase, caseNo: string, report: Omit<ReportWrite, 'incident_id'>, fingerprint?: Fingerprint): Promise<{ incident: IncidentView; reportId: string; row: DispatchCaseRow } | null | 'apart'> {
    const { n } = p;
    if (n.round && n.round.round > 1) return 'apart';
    const station = n.stationId ? await this.townships.stationById(n.townshipId, n.stationId) : null;
    if (n.stationId && !station) return 'apart';
    const reportId = randomUUID();
    const made = this.parts(p, caseNo, {}, { reportId, report, fingerprint });
    const now = this.clock.now();
    const predicted = this.incidents.view(this.asWritten(p, caseNo, made, station), now);
    const news = await this.outbox.newsParts(db, 'news', 'made', [{ townshipId: n.townshipId, event: 'incident.received', payload: { incident: predicted } }]);
    if (!news) return 'apart';
    // Read back as dispatch reads a case, so dispatch starts from it instead of reading it again.
    const { sql, params } = composeStatement([...made.parts, ...news], `SELECT d.*, ${NOTIFY_SETTINGS_OF_D} FROM (${incidentSelectFrom('made')}) d`);
    const [row] = await db.query<DispatchCaseRow>(sql, params);
    if (!row) return null;
    // What the answer says is what the database holds; the news was built before it: they must agree.
    const incident = this.incidents.view(row, now);
    if (!isDeepStrictEqual(incident, predicted)) this.logger.error(`case ${row.id}: its receipt's news differs from its row (${differingKeys(incident, predicted).join(', ')})`);
    return { incident, reportId, row };
  }

  /**
   * One statement (statement-parts.ts): the incident, already anchored on its first event (its id is made
   * here, so the event's hash is known before anything is written), the event, the six timers, the report
   * and fingerprint when given, and the case read back with its station and grid; then the news.
   */
  private async write(tx: Sql, p: PreparedCase, caseNo: string, extraDetail: Record<string, unknown>, carried: Carried): Promise<{ incident: IncidentView } | null> {
    const made = this.parts(p, caseNo, extraDetail, carried);
    const { sql, params } = composeStatement(made.parts, incidentSelectFrom('made'));
    const [row] = await tx.query<IncidentRow>(sql, params);
    if (!row) return null;
    const incident = this.incidents.view(row);
    await this.outbox.add(tx, p.n.townshipId, 'incident.received', { incident }, { heldCases: [made.id] });
    return { incident };
  }

  /** The parts writing the case (`made` returns its row), with the id and chain it is written with. */
  private parts(p: PreparedCase, caseNo: string, extraDetail: Record<string, unknown>, carried: Carried): { parts: StatementPart[]; id: string; received: ChainedEvent; updatedAt: Date } {
    const { n, placement } = p;
    const id = randomUUID();
    const updatedAt = this.clock.now();
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
                                    event_count, last_event_hash, updated_at)
              SELECT $1::uuid, $2::uuid, $3::text, $4::text, $5::timestamptz, $6::text, $7::text, $8::text, $9::float8, $10::float8, $11::text,
                     $12::text, $13::uuid, $14::uuid, 'received', $15::int, $16::boolean, $17::jsonb,
                     $18::float8, $19::boolean, $20::text, $21::uuid, $22::int, $23::uuid, 1, $24::text, $25::timestamptz
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
          updatedAt,
        ],
      },
      this.incidents.eventPart('received_event', 'made', n.townshipId, received),
      scheduleTimersPart('timers', 'made', n.receivedAt, p.clockPolicy),
    ];
    if (carried.fingerprint) parts.push(this.ledger.rememberPart('fingerprint', 'made', carried.fingerprint));
    return { parts, id, received, updatedAt };
  }

  /** The case's row as `parts` writes it and `incidentSelectFrom` reads it back (a round-1 case, nothing done yet). */
  private asWritten(p: PreparedCase, caseNo: string, made: { id: string; received: ChainedEvent; updatedAt: Date }, station: RefView | null): IncidentRow & { clock_policy: ClockPolicy } {
    const { n, placement } = p;
    return {
      ...submittedColumns(n),
      id: made.id,
      case_no: caseNo,
      station_id: station?.id ?? null,
      station_code: station?.code ?? null,
      station_name: station?.name ?? null,
      grid_id: p.grid?.id ?? null,
      grid_code: p.grid?.code ?? null,
      grid_name: p.grid?.name ?? null,
      state: 'received',
      worker_id: null,
      worker_name: null,
      worker_phone: null,
      accepted_at: null,
      contacted_at: null,
      arrived_at: null,
      closed_at: null,
      result: null,
      closure: null,
      round: 1,
      reopened_from: null,
      reopened_from_case_no: null,
      handback: null,
      follow_up: null,
      signed_off_at: null,
      priority: p.priority,
      awaiting_confirmation: p.awaiting,
      arrival_at_risk: false,
      queued: false,
      recommendation: null,
      event_count: 1,
      last_event_hash: made.received.hash,
      assistants: null,
      call_attempts: 0,
      unreachable: false,
      arrival_distance_m: null,
      arrival_flagged: false,
      arrived_auto: false,
      placement_confidence: placement?.confidence ?? null,
      placement_needs_confirmation: placement?.needsConfirmation ?? false,
      placement_name: placement?.placeName ?? null,
      updated_at: made.updatedAt,
      clock_policy: p.clockPolicy,
    };
  }
}

/** The top-level keys of two views that differ (for the log when a prediction missed). */
function differingKeys(a: IncidentView, b: IncidentView): string[] {
  return (Object.keys(a) as (keyof IncidentView)[]).filter((k) => !isDeepStrictEqual(a[k], b[k]));
}

/** A case's chain before its first event. */
const NEW_CHAIN = { count: 0, lastHash: null };

/** What rides with a door's new case in its statement. */
interface Carried {
  reportId?: string;
  report?: Omit<ReportWrite, 'incident_id'>;
  fingerprint?: Fingerprint;
}
