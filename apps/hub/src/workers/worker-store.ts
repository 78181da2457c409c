/** SQL for workers: who they are, where they are, whether they can take a case. */
import { Injectable } from '@nestjs/common';
import type { ChannelKind, Team, TravelMode, WorkerStatus, WorkerView } from '@xiaonao/contracts';
import type { Sql } from '../persistence/database';
import { CHANNEL_RECORD_SQL } from '../notify/channel-record.sql';

export interface WorkerRow {
  id: string;
  township_id: string;
  code: string;
  name: string;
  phone: string;
  team: Team;
  grid_id: string | null;
  on_duty: boolean;
  status: WorkerStatus;
  lng: number | null;
  lat: number | null;
  position_at: Date | null;
  active_incident_id: string | null;
  /** The case reserved (offered or accepted) as this busy worker's next one. */
  queued_incident_id: string | null;
  travel_modes: TravelMode[];
  rest_until: Date | null;
  /** The phone page's last connect (fixes count too, see isPhoneOnline), and its last disconnect (null while connected). */
  last_seen_at: Date | null;
  offline_at: Date | null;
  dingtalk_user_id: string | null;
  wecom_user_id: string | null;
}

/** A worker as dispatch sees them, with how many cases they took today (Asia/Shanghai). */
export interface DispatchWorkerRow extends WorkerRow {
  cases_today: number;
  /** Declined or let expire an offer of this case lately (dispatch skips them for a while). */
  refused_lately: boolean;
  /** The channels that reached the worker in the last day, and those that only failed (PageQueries.reachabilityOf). */
  worked: ChannelKind[] | null;
  failed: ChannelKind[] | null;
}

/** Which case a dispatch is for, to tell who refused it lately, since when; none: nobody counts as refused. */
export interface RefusalWindow {
  incidentId: string;
  since: Date;
}

export function toWorkerView(row: WorkerRow): WorkerView {
  return {
    id: row.id,
    name: row.name,
    phone: row.phone,
    team: row.team,
    gridId: row.grid_id,
    onDuty: row.on_duty,
    status: row.status,
    location: row.lng === null || row.lat === null ? null : { lng: row.lng, lat: row.lat },
    positionAt: row.position_at ? row.position_at.toISOString() : null,
    activeIncidentId: row.active_incident_id,
    queuedIncidentId: row.queued_incident_id,
  };
}

@Injectable()
export class WorkerStore {
  async find(tx: Sql, id: string, lock = false): Promise<WorkerRow | null> {
    const [row] = await tx.query<WorkerRow>(`SELECT * FROM worker WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`, [id]);
    return row ?? null;
  }

  async list(tx: Sql, townshipId: string): Promise<WorkerRow[]> {
    return tx.query<WorkerRow>('SELECT * FROM worker WHERE township_id = $1 ORDER BY code', [townshipId]);
  }

  /** The shortlisted workers (or the grid's own) for the dispatcher to judge, with today's accepted cases. */
  /**
   * The workers a case is judged against, in one statement: each with their accepted cases today, whether
   * they refused this case lately and what the paging channels did for them in the last day.
   */
  async forDispatch(tx: Sql, townshipId: string, ids: readonly string[], gridId: string | null, refusals: RefusalWindow | null, channelsSince: Date): Promise<DispatchWorkerRow[]> {
    return tx.query<DispatchWorkerRow>(
      `SELECT w.*, (SELECT count(*)::int FROM offer o
                    WHERE o.worker_id = w.id AND o.outcome = 'accepted'
                      AND o.answered_at >= date_trunc('day', now() AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai') AS cases_today,
              EXISTS (SELECT 1 FROM offer o WHERE o.incident_id = $4 AND o.worker_id = w.id AND o.outcome IN ('declined', 'expired') AND o.answered_at > $5) AS refused_lately,
              p.worked, p.failed
       FROM worker w
       LEFT JOIN LATERAL (${CHANNEL_RECORD_SQL('w.id', '$6')}) p ON true
       WHERE w.township_id = $1 AND (w.id = ANY($2::uuid[]) OR (w.grid_id IS NOT NULL AND w.grid_id = $3))`,
      [townshipId, ids, gridId, refusals?.incidentId ?? null, refusals?.since ?? null, channelsSince],
    );
  }

  /** Atomically reserve an available worker for an offer; false if someone else got there first. */
  async claimForOffer(tx: Sql, id: string): Promise<boolean> {
    const rows = await tx.query(`UPDATE worker SET status = 'offered', updated_at = now() WHERE id = $1 AND status = 'available' AND on_duty RETURNING id`, [id]);
    return rows.length === 1;
  }

  /** Atomically reserve a busy worker's one queue place for a case; false if it is taken or they are free. */
  async claimForQueue(tx: Sql, id: string, incidentId: string): Promise<boolean> {
    const rows = await tx.query(
      `UPDATE worker SET queued_incident_id = $2, updated_at = now() WHERE id = $1 AND status = 'busy' AND queued_incident_id IS NULL AND on_duty RETURNING id`,
      [id, incidentId],
    );
    return rows.length === 1;
  }

  /** Gives up the queue place held for this case, if it is. */
  async clearQueue(tx: Sql, id: string, incidentId: string): Promise<WorkerRow | null> {
    const [row] = await tx.query<WorkerRow>(`UPDATE worker SET queued_incident_id = NULL, updated_at = now() WHERE id = $1 AND queued_incident_id = $2 RETURNING *`, [
      id,
      incidentId,
    ]);
    return row ?? null;
  }

  async setStatus(tx: Sql, id: string, status: WorkerStatus, activeIncidentId: string | null, restUntil: Date | null = null): Promise<WorkerRow> {
    const [row] = await tx.query<WorkerRow>('UPDATE worker SET status = $2, active_incident_id = $3, rest_until = $4, updated_at = now() WHERE id = $1 RETURNING *', [
      id,
      status,
      activeIncidentId,
      restUntil,
    ]);
    return row;
  }

  /**
   * Frees a worker held by an offer of this case that no longer stands (declined, lapsed, withdrawn):
   * a free worker's reservation, or a busy worker's queue place.
   */
  async releaseOffer(tx: Sql, id: string, incidentId: string): Promise<WorkerRow | null> {
    const [row] = await tx.query<WorkerRow>(
      `UPDATE worker SET status = CASE WHEN status = 'offered' THEN 'available' ELSE status END,
                         queued_incident_id = CASE WHEN queued_incident_id = $2 THEN NULL ELSE queued_incident_id END,
                         updated_at = now()
       WHERE id = $1 AND (status = 'offered' OR queued_incident_id = $2) RETURNING *`,
      [id, incidentId],
    );
    return row ?? null;
  }

  async setDuty(tx: Sql, id: string, onDuty: boolean): Promise<WorkerRow> {
    const [row] = await tx.query<WorkerRow>('UPDATE worker SET on_duty = $2, updated_at = now() WHERE id = $1 RETURNING *', [id, onDuty]);
    return row;
  }
}
