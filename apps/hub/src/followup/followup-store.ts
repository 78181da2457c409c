/** SQL for 回访 (follow_up) and 督办 (supervision) rows. Every method takes the transaction it runs in. */
import { Injectable } from '@nestjs/common';
import type { FollowUpDecision, FollowUpStatus, Satisfaction, SupervisionStatus } from '@xiaonao/contracts';
import type { Sql } from '../persistence/database';

export interface FollowUpRow {
  id: string;
  incident_id: string;
  township_id: string;
  status: FollowUpStatus;
  due_at: Date;
  attempts: number;
  decision: FollowUpDecision | null;
}

export interface SupervisionRow {
  id: string;
  follow_up_id: string;
  incident_id: string;
  township_id: string;
  status: SupervisionStatus;
  deadline: Date;
}

export interface RecordedCall {
  reached: boolean;
  satisfaction: Satisfaction | null;
  solved: boolean | null;
  notes: string;
  decision: FollowUpDecision;
  at: Date;
  by: string;
  reopenedAs: string | null;
}

@Injectable()
export class FollowUpStore {
  async insert(tx: Sql, incidentId: string, townshipId: string, scheduledAt: Date, dueAt: Date): Promise<FollowUpRow | null> {
    const [row] = await tx.query<FollowUpRow>(
      `INSERT INTO follow_up (incident_id, township_id, status, scheduled_at, due_at) VALUES ($1, $2, 'scheduled', $3, $4)
       ON CONFLICT (incident_id) DO NOTHING RETURNING id, incident_id, township_id, status, due_at, attempts, decision`,
      [incidentId, townshipId, scheduledAt, dueAt],
    );
    return row ?? null;
  }

  /** The case's 回访, locked for the caller's transaction (callers hold the incident's lock first). */
  async ofIncident(tx: Sql, incidentId: string, lock = false): Promise<FollowUpRow | null> {
    const [row] = await tx.query<FollowUpRow>(
      `SELECT id, incident_id, township_id, status, due_at, attempts, decision FROM follow_up WHERE incident_id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [incidentId],
    );
    return row ?? null;
  }

  async supervisionOf(tx: Sql, incidentId: string, lock = false): Promise<SupervisionRow | null> {
    const [row] = await tx.query<SupervisionRow>(`SELECT id, follow_up_id, incident_id, township_id, status, deadline FROM supervision WHERE incident_id = $1 ${lock ? 'FOR UPDATE' : ''}`, [incidentId]);
    return row ?? null;
  }

  /** A call that did not reach the caller: counted, the 回访 stays due; the latest notes kept. */
  async countAttempt(tx: Sql, id: string, notes: string): Promise<number> {
    const [row] = await tx.query<{ attempts: number }>(`UPDATE follow_up SET attempts = attempts + 1, notes = CASE WHEN $2 = '' THEN notes ELSE $2 END WHERE id = $1 RETURNING attempts`, [id, notes]);
    return row.attempts;
  }

  async record(tx: Sql, id: string, c: RecordedCall): Promise<void> {
    await tx.query(
      `UPDATE follow_up SET status = 'recorded', reached = $2, satisfaction = $3, solved = $4, notes = $5, decision = $6, recorded_at = $7, recorded_by = $8, reopened_as = $9,
              attempts = attempts + CASE WHEN $2 THEN 0 ELSE 1 END
       WHERE id = $1`,
      [id, c.reached, c.satisfaction, c.solved, c.notes, c.decision, c.at, c.by, c.reopenedAs],
    );
  }

  /** An operator's 销号 decision closes a 回访 still due without a call. */
  async closeByDecision(tx: Sql, id: string, reason: string, at: Date, by: string): Promise<void> {
    await tx.query(`UPDATE follow_up SET status = 'recorded', decision = 'sign_off', notes = $2, recorded_at = $3, recorded_by = $4 WHERE id = $1`, [id, reason, at, by]);
  }

  async openSupervision(tx: Sql, f: FollowUpRow, deadline: Date, at: Date, by: string, notes: string): Promise<void> {
    await tx.query(
      `INSERT INTO supervision (follow_up_id, incident_id, township_id, status, deadline, opened_at, opened_by, notes) VALUES ($1, $2, $3, 'open', $4, $5, $6, $7)`,
      [f.id, f.incident_id, f.township_id, deadline, at, by, notes],
    );
  }

  async resolveSupervision(tx: Sql, id: string, resolution: string, at: Date, by: string): Promise<void> {
    await tx.query(`UPDATE supervision SET status = 'resolved', resolution = $2, resolved_at = $3, resolved_by = $4 WHERE id = $1`, [id, resolution, at, by]);
  }

  /** Marks a 回访 overdue when still due; returns whether it was. */
  async markFollowUpOverdue(tx: Sql, incidentId: string, at: Date): Promise<boolean> {
    const rows = await tx.query(`UPDATE follow_up SET status = 'overdue', overdue_at = $2 WHERE incident_id = $1 AND status = 'scheduled' RETURNING id`, [incidentId, at]);
    return rows.length > 0;
  }

  async markSupervisionOverdue(tx: Sql, incidentId: string, at: Date): Promise<boolean> {
    const rows = await tx.query(`UPDATE supervision SET status = 'overdue', overdue_at = $2 WHERE incident_id = $1 AND status = 'open' RETURNING id`, [incidentId, at]);
    return rows.length > 0;
  }
}
