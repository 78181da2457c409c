/**
 * The making of one case, shared by IncidentCreator (a report that opens a case) and the split of a
 * report into a case of its own: checks that read caches before any transaction (the responsibility
 * table, police matters, bounds, grid, the 1-3-8 windows), then the rows in the caller's transaction.
 */
import { Inject, Injectable } from '@nestjs/common';
import { CATEGORY_LABELS, type IncidentView } from '@xiaonao/contracts';
import { DomainError, locateArea, withinBounds } from '@xiaonao/domain';
import { Outbox } from '../../outbox/outbox';
import type { Sql } from '../../persistence/database';
import { TownshipDirectory } from '../../township/township-directory';
import { ClockPolicyProvider } from '../clock-policy';
import { IncidentStore } from '../incident-store';
import { TimerStore } from '../timers/timer-store';
import type { Placement, PlacedIncident, PreparedCase } from './new-case';

@Injectable()
export class NewCaseWriter {
  constructor(
    @Inject(IncidentStore) private readonly incidents: IncidentStore,
    @Inject(TownshipDirectory) private readonly townships: TownshipDirectory,
    @Inject(ClockPolicyProvider) private readonly clocks: ClockPolicyProvider,
    @Inject(TimerStore) private readonly timers: TimerStore,
    @Inject(Outbox) private readonly outbox: Outbox,
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
    const { n, placement } = p;
    const [created] = await tx.query<{ id: string }>(
      `INSERT INTO incident (township_id, case_no, source, received_at, caller_name, caller_phone, address, lng, lat, category,
                             description, station_id, grid_id, state, priority, awaiting_confirmation, clock_policy,
                             placement_confidence, placement_needs_confirmation, placement_name, placement_place_id, round, reopened_from)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'received', $14, $15, $16, $17, $18, $19, $20, $21, $22)
       ON CONFLICT (township_id, case_no) DO NOTHING RETURNING id`,
      [
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
      ],
    );
    if (!created) return null;
    await this.incidents.record(tx, {
      incidentId: created.id,
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
    await this.timers.schedule(tx, created.id, n.townshipId, n.receivedAt, p.clockPolicy);
    const incident = this.incidents.view(await this.incidents.refresh(tx, created.id));
    await this.outbox.add(tx, n.townshipId, 'incident.received', { incident });
    return incident;
  }
}
