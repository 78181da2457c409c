/** SQL for incidents, their offers and their timeline. Every method takes the transaction it runs in. */
import { Inject, Injectable } from '@nestjs/common';
import type { IncidentView, LngLat, TimelineEntryView, TimelineType } from '@xiaonao/contracts';
import { clockStatuses, nextClockChange } from '@xiaonao/domain';
import { Clock } from '../clock/clock';
import type { Sql } from '../persistence/database';
import { ClockPolicyProvider } from './clock-policy';
import { INCIDENT_SELECT, toIncidentView, type IncidentRow } from './incident-row';

export interface TimelineEvent {
  incidentId: string;
  townshipId: string;
  type: TimelineType;
  at: Date;
  actor: string;
  workerId?: string | null;
  location?: LngLat | null;
  detail?: Record<string, unknown>;
}

@Injectable()
export class IncidentStore {
  constructor(
    @Inject(Clock) private readonly clock: Clock,
    @Inject(ClockPolicyProvider) private readonly clocks: ClockPolicyProvider,
  ) {}

  async find(tx: Sql, id: string, lock = false): Promise<IncidentRow | null> {
    // Lock the incident row alone; the joined rows are only read.
    const [row] = await tx.query<IncidentRow>(`${INCIDENT_SELECT} WHERE i.id = $1 ${lock ? 'FOR UPDATE OF i' : ''}`, [id]);
    return row ?? null;
  }

  async list(tx: Sql, where: string, params: unknown[], limit = 500): Promise<IncidentRow[]> {
    return tx.query<IncidentRow>(`${INCIDENT_SELECT} WHERE ${where} ORDER BY i.received_at DESC LIMIT ${limit}`, params);
  }

  view(row: IncidentRow, now = this.clock.now()): IncidentView {
    return toIncidentView(row, this.clocks.clocksOf(row, now));
  }

  /** Reads the incident back after a change and stores its clock statuses and next clock instant. */
  async refresh(tx: Sql, id: string): Promise<IncidentRow> {
    const row = await this.find(tx, id);
    if (!row) throw new Error(`incident ${id} vanished`);
    const now = this.clock.now();
    const clocks = this.clocks.clocksOf(row, now);
    const statuses = clockStatuses(clocks);
    const next = row.state === 'closed' ? null : nextClockChange(clocks, now);
    await tx.query('UPDATE incident SET clock_statuses = $2, next_clock_at = $3 WHERE id = $1', [id, JSON.stringify(statuses), next]);
    return { ...row, clock_statuses: statuses, next_clock_at: next };
  }

  async record(tx: Sql, e: TimelineEvent): Promise<void> {
    await tx.query(
      `INSERT INTO incident_event (township_id, incident_id, type, at, actor, worker_id, lng, lat, detail)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [e.townshipId, e.incidentId, e.type, e.at, e.actor, e.workerId ?? null, e.location?.lng ?? null, e.location?.lat ?? null, JSON.stringify(e.detail ?? {})],
    );
  }

  async timeline(tx: Sql, incidentId: string): Promise<TimelineEntryView[]> {
    const rows = await tx.query<{ id: string; type: TimelineType; at: Date; actor: string; worker_id: string | null; lng: number | null; lat: number | null; detail: Record<string, unknown> }>(
      'SELECT id, type, at, actor, worker_id, lng, lat, detail FROM incident_event WHERE incident_id = $1 ORDER BY id',
      [incidentId],
    );
    return rows.map((r) => ({
      id: String(r.id),
      type: r.type,
      at: r.at.toISOString(),
      actor: r.actor,
      workerId: r.worker_id,
      location: r.lng === null || r.lat === null ? null : { lng: r.lng, lat: r.lat },
      detail: r.detail,
    }));
  }
}
