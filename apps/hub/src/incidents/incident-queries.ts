/** Reading incidents, scoped to what the caller may see: operators and township leaders their township, stations their handoffs, workers their own. */
import { Inject, Injectable } from '@nestjs/common';
import type { IncidentDetailView, IncidentView, SessionUser } from '@xiaonao/contracts';
import { DomainError } from '@xiaonao/domain';
import { Clock } from '../clock/clock';
import { Database } from '../persistence/database';
import { IncidentStore } from './incident-store';

const RECENT_CLOSED_MS = 24 * 3600_000;

function scope(user: SessionUser): { where: string; params: unknown[] } {
  switch (user.role) {
    case 'operator':
    case 'leader':
      return { where: 'i.township_id = $1', params: [user.townshipId] };
    case 'station':
      return { where: 'i.township_id = $1 AND i.station_id = $2', params: [user.townshipId, user.stationId] };
    case 'worker':
      return {
        where: `i.township_id = $1 AND (i.worker_id = $2 OR EXISTS (SELECT 1 FROM offer o WHERE o.incident_id = i.id AND o.worker_id = $2 AND o.outcome = 'accepted'))`,
        params: [user.townshipId, user.workerId],
      };
    case 'admin':
    case 'district':
      // Region accounts read cases through /api/region (apps/hub/src/region), scoped to their region.
      throw new DomainError('FORBIDDEN', '区/市账号请在区级视图查看事件', 'Region accounts read cases in the district view');
  }
}

@Injectable()
export class IncidentQueries {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(IncidentStore) private readonly incidents: IncidentStore,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** Open cases and those closed in the last 24 hours, newest first. */
  async list(user: SessionUser): Promise<IncidentView[]> {
    const now = this.clock.now();
    const { where, params } = scope(user);
    const rows = await this.incidents.list(this.db, `${where} AND (i.closed_at IS NULL OR i.closed_at > $${params.length + 1})`, [
      ...params,
      new Date(now.getTime() - RECENT_CLOSED_MS),
    ]);
    return rows.map((row) => this.incidents.viewFor(user, row, now));
  }

  async detail(user: SessionUser, id: string): Promise<IncidentDetailView> {
    const { where, params } = scope(user);
    const [row] = await this.incidents.list(this.db, `${where} AND i.id = $${params.length + 1}`, [...params, id], 1);
    if (!row) throw new DomainError('NOT_FOUND', '事件不存在或无权查看', 'No such case, or not yours to see');
    return { ...this.incidents.viewFor(user, row), timeline: await this.incidents.timeline(this.db, id), recommendation: user.role === 'operator' ? row.recommendation : null };
  }
}
