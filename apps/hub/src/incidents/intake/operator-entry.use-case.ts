/**
 * A case an operator enters from a call to the command room or a person at the counter: numbered
 * ZH-yyyymmdd-nnnn, received now, placed from its point or else its address, and made (or linked to an
 * open incident of the same event) like any other case.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { ReportAnswer, SessionUser } from '@xiaonao/contracts';
import { CASE_NO_PREFIXES, toWgs84 } from '@xiaonao/domain';
import { Clock } from '../../clock/clock';
import { IncidentCreator } from './incident-creator';
import type { OperatorEntryDto } from './operator-entry.dto';

@Injectable()
export class OperatorEntry {
  constructor(
    @Inject(IncidentCreator) private readonly creator: IncidentCreator,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async run(user: SessionUser, req: OperatorEntryDto): Promise<ReportAnswer> {
    const coordSystem = req.coordSystem ?? 'WGS84';
    const created = await this.creator.createNumbered(
      {
        townshipId: user.townshipId,
        source: 'operator',
        receivedAt: this.clock.now(),
        callerName: req.callerName?.trim() ?? '',
        callerPhone: req.callerPhone ?? '',
        address: req.address?.trim() ?? '',
        site: req.location ? toWgs84(req.location, coordSystem) : undefined,
        category: req.category,
        description: req.description,
        stationId: null,
        actor: `operator:${user.username}`,
        eventSource: 'console',
        detail: { channel: req.channel, ...(req.location ? { coordSystem } : {}) },
      },
      CASE_NO_PREFIXES.operator,
    );
    return { reportId: created.reportId ?? '', caseNo: created.caseNo, linked: created.linked, incident: created.incident };
  }
}
