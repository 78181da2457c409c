/**
 * A camera alert as CAP 1.2 XML: reads the alert, its camera, the case it opened or joined and the
 * alert that opened that case (what a later alert updates), then the pure mapping and the writer.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { CameraAlertOutcome, CameraAlertType, SessionUser } from '@xiaonao/contracts';
import { DomainError, toCap } from '@xiaonao/domain';
import { Database } from '../persistence/database';
import { TownshipDirectory } from '../township/township-directory';
import { capXml } from './cap-xml';

interface AlertRow {
  id: string;
  township_id: string;
  alert_type: CameraAlertType;
  confidence: number;
  seen_at: Date;
  received_at: Date;
  outcome: CameraAlertOutcome;
  raised_by: string | null;
  snapshot_ref: string | null;
  clip_ref: string | null;
  incident_id: string | null;
  case_no: string | null;
  camera_code: string;
  camera_name: string;
  camera_owner: string;
  lng: number;
  lat: number;
}

@Injectable()
export class CapExport {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(TownshipDirectory) private readonly townships: TownshipDirectory,
  ) {}

  async forReader(reader: SessionUser, alertId: string): Promise<string> {
    const [row] = await this.db.query<AlertRow>(
      `SELECT a.id, a.township_id, a.alert_type, a.confidence, a.seen_at, a.received_at, a.outcome, a.raised_by, a.snapshot_ref, a.clip_ref,
              a.incident_id, i.case_no, c.code AS camera_code, c.name AS camera_name, c.owner AS camera_owner, c.lng, c.lat
       FROM camera_alert a JOIN camera c ON c.id = a.camera_id LEFT JOIN incident i ON i.id = a.incident_id
       WHERE a.id = $1 AND a.township_id = $2`,
      [alertId, reader.townshipId],
    );
    if (!row) throw new DomainError('NOT_FOUND', '告警不存在或无权查看', 'No such camera alert, or not yours to see', 'id');
    // The alert that first put the case on the map: the earliest counted alert on it.
    const [opener] = row.incident_id
      ? await this.db.query<{ id: string; received_at: Date }>('SELECT id, received_at FROM camera_alert WHERE incident_id = $1 AND counted ORDER BY received_at, id LIMIT 1', [row.incident_id])
      : [];
    const township = await this.townships.view(row.township_id);
    return capXml(
      toCap({
        alert: {
          id: row.id,
          type: row.alert_type,
          confidence: row.confidence,
          seenAt: row.seen_at,
          receivedAt: row.received_at,
          outcome: row.outcome,
          byOperator: row.raised_by !== null,
          snapshotRef: row.snapshot_ref,
          clipRef: row.clip_ref,
        },
        camera: { code: row.camera_code, name: row.camera_name, owner: row.camera_owner, location: { lng: row.lng, lat: row.lat } },
        incident: row.case_no ? { caseNo: row.case_no } : null,
        opener: opener ? { id: opener.id, receivedAt: opener.received_at } : null,
        township: { code: township.code, name: township.name },
      }),
    );
  }
}
