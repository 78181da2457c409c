/**
 * SQL for camera alerts and their storms, a batch at a time: a storm of alerts is written in a handful
 * of statements whatever its size. Every method takes the transaction it runs in, or the pool.
 */
import { Injectable } from '@nestjs/common';
import type { CameraAlertOutcome, CameraAlertType, CameraAlertView, IncidentState } from '@xiaonao/contracts';
import type { Sql } from '../persistence/database';

/** One alert as it is written. */
export interface AlertRecord {
  townshipId: string;
  cameraId: string;
  ref: string;
  type: CameraAlertType;
  confidence: number;
  seenAt: Date;
  receivedAt: Date;
  outcome: CameraAlertOutcome;
  counted: boolean;
  stormId: string | null;
  incidentId: string | null;
  snapshotRef: string | null;
  clipRef: string | null;
  raisedBy: string | null;
}

/** An open storm of a camera and type, with the state of its case. */
export interface StormRow {
  id: string;
  camera_id: string;
  alert_type: CameraAlertType;
  incident_id: string | null;
  opened_at: Date;
  last_alert_at: Date;
  alert_count: number;
  incident_state: IncidentState | null;
}

/** An alert already received, and where it went. */
export interface KnownAlert {
  camera_id: string;
  alert_ref: string;
  outcome: CameraAlertOutcome;
  incident_id: string | null;
  case_no: string | null;
  awaiting_confirmation: boolean | null;
  alert_count: number;
}

/** A storm opened by a batch, as it stands at the batch's end. */
export interface NewStorm {
  townshipId: string;
  cameraId: string;
  type: CameraAlertType;
  openedAt: Date;
  lastAlertAt: Date;
  count: number;
  snapshotRef: string | null;
}

/** What a batch adds to a storm already open. */
export interface StormBump {
  id: string;
  count: number;
  lastAlertAt: Date;
  snapshotRef: string | null;
}

export interface CaseFacts {
  incident_id: string;
  case_no: string;
  awaiting_confirmation: boolean;
  alert_count: number;
}

/** A storm's key: one open storm per camera and type. */
export const stormKey = (cameraId: string, type: CameraAlertType) => `${cameraId}/${type}`;

/** Alerts counted on one case: every storm (camera and type) on it together. */
const CASE_COUNT = (incident: string) => `(SELECT COALESCE(sum(o.alert_count), 0)::int FROM camera_storm o WHERE o.incident_id = ${incident})`;

@Injectable()
export class StormStore {
  /** Those of these (camera, alert id) pairs already received, with what became of them. */
  async known(sql: Sql, keys: readonly { cameraId: string; ref: string }[]): Promise<KnownAlert[]> {
    if (!keys.length) return [];
    return sql.query<KnownAlert>(
      `SELECT a.camera_id, a.alert_ref, a.outcome, COALESCE(a.incident_id, s.incident_id) AS incident_id, i.case_no, i.awaiting_confirmation,
              CASE WHEN COALESCE(a.incident_id, s.incident_id) IS NULL THEN COALESCE(s.alert_count, 0) ELSE ${CASE_COUNT('COALESCE(a.incident_id, s.incident_id)')} END AS alert_count
       FROM camera_alert a LEFT JOIN camera_storm s ON s.id = a.storm_id LEFT JOIN incident i ON i.id = COALESCE(a.incident_id, s.incident_id)
       WHERE (a.camera_id, a.alert_ref) IN (SELECT * FROM unnest($1::uuid[], $2::text[]))`,
      [keys.map((k) => k.cameraId), keys.map((k) => k.ref)],
    );
  }

  /** The open storms of these camera/type pairs, locked until the transaction ends (in id order, so two batches never deadlock). */
  async lockOpen(tx: Sql, keys: readonly { cameraId: string; type: CameraAlertType }[]): Promise<StormRow[]> {
    if (!keys.length) return [];
    return tx.query<StormRow>(
      `SELECT s.id, s.camera_id, s.alert_type, s.incident_id, s.opened_at, s.last_alert_at, s.alert_count, i.state AS incident_state
       FROM camera_storm s LEFT JOIN incident i ON i.id = s.incident_id
       WHERE s.closed_at IS NULL AND (s.camera_id, s.alert_type) IN (SELECT * FROM unnest($1::uuid[], $2::text[]))
       ORDER BY s.id FOR UPDATE OF s`,
      [keys.map((k) => k.cameraId), keys.map((k) => k.type)],
    );
  }

  async close(tx: Sql, storms: readonly { id: string; reason: 'quiet' | 'closed' }[], at: Date): Promise<void> {
    if (!storms.length) return;
    await tx.query(
      `UPDATE camera_storm s SET closed_at = $3, close_reason = d.reason FROM unnest($1::bigint[], $2::text[]) AS d(id, reason) WHERE s.id = d.id AND s.closed_at IS NULL`,
      [storms.map((s) => s.id), storms.map((s) => s.reason), at],
    );
  }

  /** New storms (one per camera and type), waiting for their cases; their numbers by `cameraId/type`. */
  async open(tx: Sql, storms: readonly NewStorm[]): Promise<Map<string, string>> {
    if (!storms.length) return new Map();
    const rows = await tx.query<{ id: string; camera_id: string; alert_type: CameraAlertType }>(
      `INSERT INTO camera_storm (township_id, camera_id, alert_type, opened_at, last_alert_at, alert_count, last_snapshot_ref)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::int[], $7::text[])
       RETURNING id, camera_id, alert_type`,
      [
        storms.map((s) => s.townshipId),
        storms.map((s) => s.cameraId),
        storms.map((s) => s.type),
        storms.map((s) => s.openedAt),
        storms.map((s) => s.lastAlertAt),
        storms.map((s) => s.count),
        storms.map((s) => s.snapshotRef),
      ],
    );
    return new Map(rows.map((r) => [stormKey(r.camera_id, r.alert_type), r.id]));
  }

  async bump(tx: Sql, bumps: readonly StormBump[]): Promise<void> {
    if (!bumps.length) return;
    await tx.query(
      `UPDATE camera_storm s SET alert_count = s.alert_count + d.n, last_alert_at = GREATEST(s.last_alert_at, d.last), last_snapshot_ref = COALESCE(d.snapshot, s.last_snapshot_ref)
       FROM unnest($1::bigint[], $2::int[], $3::timestamptz[], $4::text[]) AS d(id, n, last, snapshot) WHERE s.id = d.id`,
      [bumps.map((b) => b.id), bumps.map((b) => b.count), bumps.map((b) => b.lastAlertAt), bumps.map((b) => b.snapshotRef)],
    );
  }

  /** Writes the alerts; returns how many were new (fewer: another process wrote one of them first). */
  async insertAlerts(tx: Sql, alerts: readonly AlertRecord[]): Promise<number> {
    if (!alerts.length) return 0;
    const col = <K extends keyof AlertRecord>(k: K) => alerts.map((a) => a[k]);
    const rows = await tx.query(
      `INSERT INTO camera_alert (township_id, camera_id, alert_ref, alert_type, confidence, seen_at, received_at, outcome, counted, storm_id, incident_id, snapshot_ref, clip_ref, raised_by)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::float8[], $6::timestamptz[], $7::timestamptz[], $8::text[], $9::bool[], $10::bigint[], $11::uuid[], $12::text[], $13::text[], $14::text[])
       ON CONFLICT (camera_id, alert_ref) DO NOTHING RETURNING 1`,
      [
        col('townshipId'),
        col('cameraId'),
        col('ref'),
        col('type'),
        col('confidence'),
        col('seenAt'),
        col('receivedAt'),
        col('outcome'),
        col('counted'),
        col('stormId'),
        col('incidentId'),
        col('snapshotRef'),
        col('clipRef'),
        col('raisedBy'),
      ],
    );
    return rows.length;
  }

  /** Case number, confirmation and alert count of each of these cases. */
  async cases(sql: Sql, incidentIds: readonly string[]): Promise<CaseFacts[]> {
    if (!incidentIds.length) return [];
    return sql.query<CaseFacts>(`SELECT i.id AS incident_id, i.case_no, i.awaiting_confirmation, ${CASE_COUNT('i.id')} AS alert_count FROM incident i WHERE i.id = ANY($1::uuid[])`, [incidentIds]);
  }

  /**
   * The storm's case is made: the storm and every alert counted on it so far point to it. Two
   * statements: the first waits for the storm's row lock (a batch still counting on it), so the second
   * sees that batch's alerts. Returns the case's count.
   */
  async attach(tx: Sql, stormId: string, incidentId: string, linked: boolean): Promise<number> {
    await tx.query('UPDATE camera_storm SET incident_id = $2 WHERE id = $1', [stormId, incidentId]);
    const [row] = await tx.query<{ n: number }>(
      `WITH a AS (
         UPDATE camera_alert SET incident_id = $2, outcome = CASE WHEN $3 AND outcome = 'opened' THEN 'linked' ELSE outcome END
         WHERE storm_id = $1 AND incident_id IS NULL
       )
       SELECT ${CASE_COUNT('$2')} AS n`,
      [stormId, incidentId, linked],
    );
    return row.n;
  }

  /** A storm whose case was refused: it and its alerts go, so a refused alert leaves nothing behind. */
  async discard(tx: Sql, stormId: string): Promise<void> {
    await tx.query('DELETE FROM camera_alert WHERE storm_id = $1', [stormId]);
    await tx.query('DELETE FROM camera_storm WHERE id = $1', [stormId]);
  }

  /** A camera's latest alerts, newest first, for the console's camera panel. */
  async recent(sql: Sql, townshipId: string, cameraId: string, limit: number): Promise<CameraAlertView[]> {
    const rows = await sql.query<{
      id: string;
      alert_ref: string;
      alert_type: CameraAlertType;
      confidence: number;
      seen_at: Date;
      received_at: Date;
      outcome: CameraAlertOutcome;
      raised_by: string | null;
      incident_id: string | null;
      snapshot_ref: string | null;
      clip_ref: string | null;
    }>(
      `SELECT a.id, a.alert_ref, a.alert_type, a.confidence, a.seen_at, a.received_at, a.outcome, a.raised_by,
              COALESCE(a.incident_id, s.incident_id) AS incident_id, a.snapshot_ref, a.clip_ref
       FROM camera_alert a LEFT JOIN camera_storm s ON s.id = a.storm_id
       WHERE a.township_id = $1 AND a.camera_id = $2 ORDER BY a.received_at DESC LIMIT $3`,
      [townshipId, cameraId, limit],
    );
    return rows.map((r) => ({
      id: r.id,
      alertId: r.alert_ref,
      type: r.alert_type,
      confidence: r.confidence,
      at: r.seen_at.toISOString(),
      receivedAt: r.received_at.toISOString(),
      outcome: r.outcome,
      byOperator: r.raised_by !== null,
      incidentId: r.incident_id,
      snapshotRef: r.snapshot_ref,
      clipRef: r.clip_ref,
    }));
  }
}
