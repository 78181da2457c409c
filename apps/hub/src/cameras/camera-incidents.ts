/**
 * Camera facts of cases (alert count, source camera, latest snapshot), read from the storms that point
 * to them; and the news of counts that moved, sent in batches about once a second, since a storm moves
 * a count many times a second and the console only needs to show where it stands.
 */
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { CameraAlertType, CameraIncidentView } from '@xiaonao/contracts';
import { Clock } from '../clock/clock';
import { Outbox } from '../outbox/outbox';
import { Database, type Sql } from '../persistence/database';

interface FactsRow {
  incident_id: string;
  township_id: string;
  alert_count: number;
  camera_count: number;
  last_alert_at: Date;
  camera_id: string;
  camera_code: string;
  camera_name: string;
  alert_type: CameraAlertType;
  snapshot_ref: string | null;
}

/** Per case: the storms on it together; the source is the camera whose storm came first. */
const FACTS = `
  SELECT f.*, c.code AS camera_code, c.name AS camera_name FROM (
    SELECT s.incident_id, s.township_id, sum(s.alert_count)::int AS alert_count, count(DISTINCT s.camera_id)::int AS camera_count,
           max(s.last_alert_at) AS last_alert_at,
           (array_agg(s.camera_id ORDER BY s.opened_at, s.id))[1] AS camera_id,
           (array_agg(s.alert_type ORDER BY s.opened_at, s.id))[1] AS alert_type,
           (array_agg(s.last_snapshot_ref ORDER BY s.last_alert_at DESC) FILTER (WHERE s.last_snapshot_ref IS NOT NULL))[1] AS snapshot_ref
    FROM camera_storm s WHERE %WHERE% GROUP BY s.incident_id, s.township_id
  ) f JOIN camera c ON c.id = f.camera_id`;

const RECENT_CLOSED_MS = 24 * 3600_000;
const NEWS_EVERY_MS = 1_000;

function toView(r: FactsRow): CameraIncidentView {
  return {
    incidentId: r.incident_id,
    camera: { id: r.camera_id, code: r.camera_code, name: r.camera_name },
    alertType: r.alert_type,
    alertCount: r.alert_count,
    cameraCount: r.camera_count,
    lastAlertAt: r.last_alert_at.toISOString(),
    snapshotRef: r.snapshot_ref,
  };
}

@Injectable()
export class CameraIncidents implements OnApplicationShutdown {
  private readonly logger = new Logger('CameraIncidents');
  private readonly moved = new Set<string>();
  private readonly timer: NodeJS.Timeout;
  private sending: Promise<void> | null = null;

  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(Clock) private readonly clock: Clock,
  ) {
    this.timer = setInterval(() => void this.sendNews(), NEWS_EVERY_MS);
    this.timer.unref();
  }

  /** The cases an operator's console shows (open, or closed in the last day) that cameras reported. */
  async forTownship(townshipId: string): Promise<CameraIncidentView[]> {
    const since = new Date(this.clock.now().getTime() - RECENT_CLOSED_MS);
    const rows = await this.db.query<FactsRow>(
      FACTS.replace('%WHERE%', `s.township_id = $1 AND s.incident_id IN (SELECT i.id FROM incident i WHERE i.township_id = $1 AND (i.closed_at IS NULL OR i.closed_at > $2))`),
      [townshipId, since],
    );
    return rows.map(toView);
  }

  async of(sql: Sql, incidentIds: readonly string[]): Promise<(CameraIncidentView & { townshipId: string })[]> {
    if (!incidentIds.length) return [];
    const rows = await sql.query<FactsRow>(FACTS.replace('%WHERE%', 's.incident_id = ANY($1::uuid[])'), [incidentIds]);
    return rows.map((r) => ({ ...toView(r), townshipId: r.township_id }));
  }

  /** The case's count moved: the console hears of it with the next batch. */
  touch(incidentId: string): void {
    this.moved.add(incidentId);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.sending;
    await this.sendNews();
  }

  /** One batch per township of the counts that moved, written to the outbox as they stand now. */
  private sendNews(): Promise<void> {
    if (this.sending || !this.moved.size) return this.sending ?? Promise.resolve();
    const ids = [...this.moved];
    this.moved.clear();
    this.sending = this.db
      .transaction(async (tx) => {
        const byTownship = new Map<string, CameraIncidentView[]>();
        for (const { townshipId, ...view } of await this.of(tx, ids)) byTownship.set(townshipId, [...(byTownship.get(townshipId) ?? []), view]);
        await this.outbox.addMany(tx, [...byTownship].map(([townshipId, counts]) => ({ townshipId, event: 'camera.counted' as const, payload: { counts } })));
      })
      .then(() => this.outbox.kick())
      .catch((error: unknown) => {
        // Told again with the next batch; the console also reads the counts afresh when it reconnects.
        for (const id of ids) this.moved.add(id);
        this.logger.warn(`camera counts not announced: ${error instanceof Error ? error.message : String(error)}`);
      })
      .finally(() => {
        this.sending = null;
      });
    return this.sending;
  }
}
