/**
 * An operator splits a wrongly linked report off into a case of its own: the report leaves the
 * incident and becomes the first report of a new one, made from the report's own facts (its number,
 * caller, point and receipt — the 1-3-8 clocks run from when it was received, as for any case). Both
 * timelines say so, and the new case goes to dispatch like any other.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { SessionUser, SplitReportAnswer } from '@xiaonao/contracts';
import { assertSplittable, DomainError } from '@xiaonao/domain';
import { Clock } from '../../clock/clock';
import { Outbox } from '../../outbox/outbox';
import { Database } from '../../persistence/database';
import { OfferNext } from '../dispatch/offer-next.use-case';
import { IncidentStore } from '../incident-store';
import type { Placement } from '../intake/new-case';
import { NewCaseWriter } from '../intake/new-case-writer';
import { ReportStore, type ReportRow } from '../reports/report-store';
import { TimerRunner } from '../timers/timer-runner';

const noSuchReport = () => new DomainError('NOT_FOUND', 'reportId：该事件没有这条报告', 'reportId: no such report on this case', 'reportId');

@Injectable()
export class SplitReport {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(IncidentStore) private readonly incidents: IncidentStore,
    @Inject(ReportStore) private readonly reports: ReportStore,
    @Inject(NewCaseWriter) private readonly writer: NewCaseWriter,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(OfferNext) private readonly offerNext: OfferNext,
    @Inject(TimerRunner) private readonly timerRunner: TimerRunner,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async run(user: SessionUser, incidentId: string, reportId: string): Promise<SplitReportAnswer> {
    const report = await this.reports.find(this.db, reportId);
    if (!report || report.incident_id !== incidentId || report.township_id !== user.townshipId) throw noSuchReport();
    assertSplittable(report.role);
    const by = `operator:${user.username}`;
    // Judged like any new case (the table may have changed since the report came); caches read before the transaction.
    const prepared = await this.writer.prepare(
      {
        townshipId: report.township_id,
        source: report.source,
        receivedAt: report.received_at,
        callerName: report.caller_name,
        callerPhone: report.caller_phone,
        address: report.address,
        site: { lng: report.lng, lat: report.lat },
        category: report.category,
        description: report.description,
        stationId: report.station_id,
        actor: report.actor,
        eventSource: report.event_source,
        detail: report.detail,
      },
      placementOf(report),
    );

    const answer = await this.db.transaction(async (tx): Promise<SplitReportAnswer> => {
      const from = await this.incidents.find(tx, incidentId, true);
      const locked = await this.reports.find(tx, reportId, true);
      if (!from || !locked || locked.incident_id !== incidentId) throw noSuchReport();
      assertSplittable(locked.role);
      const now = this.clock.now();
      const incident = await this.writer.insert(tx, prepared, locked.case_no, { splitFrom: { incidentId, caseNo: from.case_no }, splitBy: by });
      if (!incident) throw new DomainError('DUPLICATE_CONFLICT', `reportId：编号「${locked.case_no}」已是另一事件`, `reportId: ${locked.case_no} is already a case`, 'reportId');
      await this.reports.moveToSplit(tx, reportId, incident.id, incidentId, by, now);
      await this.incidents.record(tx, {
        incidentId,
        townshipId: from.township_id,
        type: 'report_split',
        at: now,
        actor: by,
        location: { lng: locked.lng, lat: locked.lat },
        detail: { reportId, caseNo: locked.case_no, reportSource: locked.source, newIncidentId: incident.id },
      });
      // The station that followed the case only through this report now follows the new case instead.
      await tx.query(
        `UPDATE incident i SET updated_at = $2,
                station_id = CASE WHEN i.station_id = $3 AND NOT EXISTS (SELECT 1 FROM incident_report r WHERE r.incident_id = i.id AND r.station_id = $3) THEN NULL ELSE i.station_id END
         WHERE i.id = $1`,
        [incidentId, now, locked.station_id],
      );
      const before = this.incidents.view(await this.incidents.refresh(tx, incidentId), now);
      await this.outbox.add(tx, from.township_id, 'incident.updated', { incident: before });
      return { incident, from: before };
    });
    this.outbox.kick();
    this.timerRunner.kick();
    if (!answer.incident.awaitingConfirmation) void this.offerNext.run(answer.incident.id);
    return answer;
  }
}

/** A report placed from the gazetteer keeps that placement when it becomes a case; linked reports' points were certain. */
function placementOf(report: ReportRow): Placement | null {
  return report.placement_confidence === null ? null : { placeId: null, confidence: report.placement_confidence, needsConfirmation: false, placeName: report.placement_name ?? '' };
}
