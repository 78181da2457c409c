/** The reports of a case as an operator sees them, and a report's photo; other townships see nothing. */
import { Inject, Injectable } from '@nestjs/common';
import { REPORT_API, type IncidentReportsView, type ReportView, type SessionUser } from '@xiaonao/contracts';
import { DomainError, maskPhone, summarizeReports } from '@xiaonao/domain';
import { Database } from '../../persistence/database';
import { IncidentStore } from '../incident-store';
import { ReportStore, type ListedReportRow, type ReportPhoto } from './report-store';

function toReportView(r: ListedReportRow): ReportView {
  return {
    id: r.id,
    incidentId: r.incident_id,
    caseNo: r.case_no,
    source: r.source,
    role: r.role,
    receivedAt: r.received_at.toISOString(),
    callerName: r.caller_name,
    // Masked for operators too: the full number is revealed with a reason, and logged (privacy/).
    callerPhone: maskPhone(r.caller_phone),
    address: r.address,
    location: { lng: r.lng, lat: r.lat },
    category: r.category,
    description: r.description,
    distanceM: r.distance_m === null ? null : Math.round(r.distance_m),
    photoUrl: r.has_photo ? REPORT_API.photo(r.id) : null,
    splitFromIncidentId: r.split_from_incident_id,
    reportedBy: r.actor,
  };
}

@Injectable()
export class ReportQueries {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(IncidentStore) private readonly incidents: IncidentStore,
    @Inject(ReportStore) private readonly reports: ReportStore,
  ) {}

  async list(user: SessionUser, incidentId: string): Promise<IncidentReportsView> {
    const incident = await this.incidents.find(this.db, incidentId);
    if (!incident || incident.township_id !== user.townshipId) throw new DomainError('NOT_FOUND', '事件不存在或无权查看', 'No such case, or not yours to see');
    const rows = await this.reports.list(this.db, incidentId);
    const summary = summarizeReports(rows.map((r) => ({ source: r.source, role: r.role, receivedAt: r.received_at })));
    return { incidentId, ...summary, reports: rows.map(toReportView) };
  }

  async photo(user: SessionUser, reportId: string): Promise<ReportPhoto> {
    const photo = await this.reports.photo(this.db, user.townshipId, reportId);
    if (!photo) throw new DomainError('NOT_FOUND', '该报告没有照片', 'This report has no photo');
    return photo;
  }
}
