/** 「退回我所」: the cases returned to a station, for its page. */
import { Inject, Injectable } from '@nestjs/common';
import type { IncidentView, SessionUser } from '@xiaonao/contracts';
import { DomainError } from '@xiaonao/domain';
import { Clock } from '../clock/clock';
import { IncidentStore } from '../incidents/incident-store';
import { Database } from '../persistence/database';

/** Signed returns stay listed this long; unsigned ones until signed. */
const SIGNED_KEPT_DAYS = 30;

@Injectable()
export class StationReturns {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(IncidentStore) private readonly incidents: IncidentStore,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** Newest return first. */
  async list(user: SessionUser): Promise<IncidentView[]> {
    if (user.role !== 'station' || !user.stationId) throw new DomainError('FORBIDDEN', '只有派出所可以查看退回事件', 'Only a police station has returned cases');
    const now = this.clock.now();
    const since = new Date(now.getTime() - SIGNED_KEPT_DAYS * 86_400_000);
    const rows = await this.incidents.list(
      this.db,
      `i.township_id = $1 AND i.id IN (SELECT incident_id FROM incident_handback WHERE target = 'police' AND station_id = $2 AND (acknowledged_at IS NULL OR at >= $3))`,
      [user.townshipId, user.stationId, since],
    );
    const views = rows.map((row) => this.incidents.view(row, now));
    return views.sort((a, b) => Date.parse(b.handback?.at ?? '') - Date.parse(a.handback?.at ?? ''));
  }
}
