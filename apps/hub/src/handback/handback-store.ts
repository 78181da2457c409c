/** SQL for hand-backs (incident_handback). Every method takes the transaction it runs in. */
import { Injectable } from '@nestjs/common';
import type { HandbackTarget, Role } from '@xiaonao/contracts';
import type { Sql } from '../persistence/database';

export interface NewHandback {
  incidentId: string;
  townshipId: string;
  target: HandbackTarget;
  stationId: string | null;
  reasonCategory: string;
  reason: string;
  notes: string;
  by: { role: Role; id: string; name: string };
  at: Date;
}

@Injectable()
export class HandbackStore {
  async insert(tx: Sql, h: NewHandback): Promise<void> {
    await tx.query(
      `INSERT INTO incident_handback (incident_id, township_id, target, station_id, reason_category, reason, notes, by_role, by_id, by_name, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [h.incidentId, h.townshipId, h.target, h.stationId, h.reasonCategory, h.reason, h.notes, h.by.role, h.by.id, h.by.name, h.at],
    );
  }

  /** The police hand-back of a case, locked, when it went to this station. */
  async returnedTo(tx: Sql, incidentId: string, stationId: string): Promise<{ acknowledged_at: Date | null } | null> {
    const [row] = await tx.query<{ acknowledged_at: Date | null }>(
      `SELECT acknowledged_at FROM incident_handback WHERE incident_id = $1 AND target = 'police' AND station_id = $2 FOR UPDATE`,
      [incidentId, stationId],
    );
    return row ?? null;
  }

  async acknowledge(tx: Sql, incidentId: string, at: Date, by: string): Promise<void> {
    await tx.query('UPDATE incident_handback SET acknowledged_at = $2, acknowledged_by = $3 WHERE incident_id = $1', [incidentId, at, by]);
  }
}
