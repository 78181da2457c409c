/**
 * Reading a worker's position track (worker_track, written by workers/position-buffer.ts and pruned by
 * the sweeper after TRACK_RETENTION_HOURS). The worker reads their own; an operator of the township
 * reads one with a reason; a station never. Every read, the worker's own included, is logged.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { WorkerTrackView } from '@xiaonao/contracts';
import { accessReason, DomainError, trackAccess, trackWindow } from '@xiaonao/domain';
import { Clock } from '../clock/clock';
import { HUB_CONFIG, type HubConfig } from '../config/hub-config';
import { Database } from '../persistence/database';
import type { AccessRequester } from './access-request';
import { PersonalDataAccessLog } from './personal-data-access-log';

/** Points in one answer: a day at one fix a minute, with room to spare. */
export const TRACK_POINTS_MAX = 5_000;

export interface TrackQuery {
  requester: AccessRequester;
  /** A worker id, or `me`. */
  workerId: string;
  from?: Date;
  to?: Date;
  reason?: string;
}

@Injectable()
export class WorkerTrack {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    @Inject(PersonalDataAccessLog) private readonly log: PersonalDataAccessLog,
  ) {}

  async read(q: TrackQuery): Promise<WorkerTrackView> {
    const { user } = q.requester;
    const workerId = q.workerId === 'me' ? user.workerId : q.workerId;
    if (!workerId) throw new DomainError('NOT_FOUND', '当前账号未绑定网格员', 'This account is not a worker');
    const access = trackAccess(user, workerId);
    if (access === 'refused') throw new DomainError('FORBIDDEN', '无权查看该网格员的轨迹', 'You may not read this worker’s track');
    // An operator says why; a worker reading their own may, and it is kept if they do.
    const reason = access === 'with_reason' ? accessReason(q.reason) : q.reason ? accessReason(q.reason) : null;
    const retentionHours = this.config.positions.trackRetentionHours;
    const window = trackWindow(this.clock.now(), retentionHours, { from: q.from, to: q.to });
    return this.db.transaction(async (tx) => {
      const [worker] = await tx.query<{ id: string }>('SELECT id FROM worker WHERE id = $1 AND township_id = $2', [workerId, user.townshipId]);
      if (!worker) throw new DomainError('NOT_FOUND', '网格员不存在', 'No such worker');
      const rows = await tx.query<{ lng: number; lat: number; at: Date; accuracy_m: number | null }>(
        'SELECT lng, lat, at, accuracy_m FROM worker_track WHERE worker_id = $1 AND at >= $2 AND at <= $3 ORDER BY at, id LIMIT $4',
        [workerId, window.from, window.to, TRACK_POINTS_MAX + 1],
      );
      const points = rows.slice(0, TRACK_POINTS_MAX).map((r) => ({ lng: r.lng, lat: r.lat, at: r.at.toISOString(), accuracyM: r.accuracy_m }));
      await this.log.record(tx, {
        requester: q.requester,
        action: 'read_track',
        subject: { kind: 'worker', id: workerId },
        reason,
        detail: { from: window.from.toISOString(), to: window.to.toISOString(), points: points.length },
      });
      return { workerId, from: window.from.toISOString(), to: window.to.toISOString(), retentionHours, points, truncated: rows.length > TRACK_POINTS_MAX };
    });
  }
}
