/**
 * An operator confirms the point of a case the gazetteer placed with low confidence, or moves it to
 * where the case really is. The case is placed in its grid again, the timeline says who confirmed or
 * moved it and how far, and dispatch proceeds as for a confirmed case — unless the category itself
 * waits for an operator's 确认派单, which stays a separate decision.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { CoordSystem, IncidentView, LngLat, SessionUser } from '@xiaonao/contracts';
import { distanceMeters, DomainError, isOpen, locateArea, toWgs84, withinBounds } from '@xiaonao/domain';
import { Clock } from '../../clock/clock';
import { Outbox } from '../../outbox/outbox';
import { Database } from '../../persistence/database';
import { TownshipDirectory } from '../../township/township-directory';
import { OfferNext } from '../dispatch/offer-next.use-case';
import { IncidentStore } from '../incident-store';

export interface ConfirmPointCommand {
  user: SessionUser;
  incidentId: string;
  /** Where the case is, when the suggested point is wrong; absent: the suggested point is right. */
  location?: LngLat;
  coordSystem?: CoordSystem;
}

const notFound = () => new DomainError('NOT_FOUND', '事件不存在', 'No such case');

@Injectable()
export class ConfirmPoint {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(IncidentStore) private readonly incidents: IncidentStore,
    @Inject(TownshipDirectory) private readonly townships: TownshipDirectory,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(OfferNext) private readonly offerNext: OfferNext,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async run(cmd: ConfirmPointCommand): Promise<IncidentView> {
    const { user } = cmd;
    // The township's caches are read before the transaction (the embedded database has one connection).
    const head = await this.incidents.find(this.db, cmd.incidentId);
    if (!head || head.township_id !== user.townshipId) throw notFound();
    const moved = cmd.location ? toWgs84(cmd.location, cmd.coordSystem ?? 'WGS84') : null;
    const bounds = await this.townships.bounds(user.townshipId);
    if (moved && bounds && !withinBounds(moved, bounds)) {
      throw new DomainError('INVALID_INPUT', 'location：位置不在本街道范围内（经纬度是否颠倒、坐标系是否声明正确？）', 'location: outside the township (swapped, or the wrong coordinate system?)', 'location');
    }
    const grids = await this.townships.grids(user.townshipId);
    const waitsForDispatchConfirmation = (await this.townships.responsibility(user.townshipId, head.category)).dispatchMode === 'confirm';

    let dispatch = false;
    const view = await this.db.transaction(async (tx) => {
      const row = await this.incidents.find(tx, cmd.incidentId, true);
      if (!row || row.township_id !== user.townshipId) throw notFound();
      if (!isOpen(row.state)) throw new DomainError('ILLEGAL_TRANSITION', '事件已办结，不能再确认位置', 'The case is closed');
      if (!row.placement_needs_confirmation) throw new DomainError('ILLEGAL_TRANSITION', '该事件的位置无需确认', 'This case has no point waiting for confirmation');
      const now = this.clock.now();
      const before: LngLat = { lng: row.lng, lat: row.lat };
      const site = moved ?? before;
      const grid = locateArea(site, grids);
      const release = !waitsForDispatchConfirmation;
      await tx.query(
        `UPDATE incident SET lng = $2, lat = $3, grid_id = $4, placement_needs_confirmation = false,
                             awaiting_confirmation = awaiting_confirmation AND NOT $5, updated_at = $6
         WHERE id = $1`,
        [row.id, site.lng, site.lat, grid?.id ?? null, release, now],
      );
      await this.incidents.record(tx, {
        incidentId: row.id,
        townshipId: row.township_id,
        type: 'point_confirmed',
        at: now,
        actor: `operator:${user.username}`,
        location: site,
        detail: {
          moved: moved !== null,
          movedM: moved ? Math.round(distanceMeters(before, site)) : 0,
          grid: grid?.name ?? null,
          confidence: row.placement_confidence,
          placeName: row.placement_name,
          awaitingConfirmation: row.awaiting_confirmation && !release,
        },
      });
      const incident = this.incidents.view(await this.incidents.refresh(tx, row.id), now);
      await this.outbox.add(tx, row.township_id, 'incident.updated', { incident });
      dispatch = incident.state === 'received' && !incident.awaitingConfirmation;
      return incident;
    });
    this.outbox.kick();
    if (!dispatch) return view;
    await this.offerNext.run(view.id);
    const row = await this.incidents.find(this.db, view.id);
    return row ? this.incidents.view(row) : view;
  }
}
