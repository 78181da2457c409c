/**
 * A new round of a case after an unsatisfactory 回访: a NEW incident through IncidentCreator, with the
 * first round's site, category, caller, station and source, its own number (`<first>-R<n>`), and
 * receivedAt = now so that it gets its own 1-3-8 clocks and is dispatched like any new case. Its report
 * carries the integration that sent the first round, so results go back to the same sender.
 * Prepared outside the transaction (the caches and checks), written inside the caller's one.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { EventSource } from '@xiaonao/contracts';
import { DomainError, roundCaseNo } from '@xiaonao/domain';
import type { IncidentRow } from '../incidents/incident-row';
import { IncidentCreator } from '../incidents/intake/incident-creator';
import type { CreatedIncident, PreparedCase } from '../incidents/intake/new-case';
import { Database, type Sql } from '../persistence/database';

export interface PreparedRound {
  prepared: PreparedCase;
  caseNo: string;
  round: number;
}

@Injectable()
export class RoundOpener {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(IncidentCreator) private readonly creator: IncidentCreator,
  ) {}

  /** Before the transaction: the new round's case, checked like any other (a category now police-only is refused). */
  async prepare(first: IncidentRow, actor: string, eventSource: EventSource, now: Date): Promise<PreparedRound> {
    const round = first.round + 1;
    const [origin] = await this.db.query<{ integration_id: string | null }>(
      `SELECT integration_id FROM incident_report WHERE incident_id = $1 AND role = 'origin' ORDER BY received_at LIMIT 1`,
      [first.id],
    );
    const prepared = await this.creator.prepare({
      townshipId: first.township_id,
      source: first.source,
      receivedAt: now,
      callerName: first.caller_name,
      callerPhone: first.caller_phone,
      address: first.address,
      site: { lng: first.lng, lat: first.lat },
      category: first.category,
      description: first.description,
      stationId: first.station_id,
      actor,
      eventSource,
      detail: { reopenedFrom: { id: first.id, caseNo: first.case_no }, round },
      integrationId: origin?.integration_id ?? null,
      round: { round, reopenedFrom: first.id },
    });
    return { prepared, caseNo: roundCaseNo(first.case_no, first.round, round), round };
  }

  /**
   * In the caller's transaction: the new incident, numbered and linked to the round before it (its
   * received news says so). A report close to an open case of the same event joins it instead
   * (docs/followup.md): that case carries on, no round of its own. Announce it after the commit.
   */
  async write(tx: Sql, p: PreparedRound): Promise<CreatedIncident> {
    const made = await this.creator.writeGiven(tx, p.prepared, p.caseNo);
    if (made.duplicate) throw new DomainError('DUPLICATE_CONFLICT', `caseNo：编号「${p.caseNo}」已被占用`, `caseNo: ${p.caseNo} is taken`, 'caseNo');
    return made;
  }

  announce(made: CreatedIncident): void {
    this.creator.announce(made);
  }
}
