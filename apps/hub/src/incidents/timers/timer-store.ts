/** SQL for the 1-3-8 deadline timers. Every method takes the transaction it runs in, or the pool. */
import { Injectable } from '@nestjs/common';
import type { ClockStage } from '@xiaonao/contracts';
import { stageTimers, type ClockPolicy, type TimerKind } from '@xiaonao/domain';
import type { Sql } from '../../persistence/database';

export interface DueTimer {
  incident_id: string;
  stage: ClockStage;
  kind: TimerKind;
  due_at: Date;
}

export interface FiredTimer extends DueTimer {
  outcome: 'fired' | 'moot';
}

/** The overdue timer of a 回访 or a 督办 (#11, apps/hub/src/followup): one per case each, kind 'due'. */
export interface LoopTimer {
  incident_id: string;
  stage: 'followup' | 'supervision';
  kind: 'due';
  due_at: Date;
}

export type ClaimedTimer = DueTimer | LoopTimer;

export const isLoopTimer = (t: ClaimedTimer): t is LoopTimer => t.kind === 'due';

@Injectable()
export class TimerStore {
  /** The six timers of a case (three stages, warn and breach), in the transaction that creates it. */
  async schedule(tx: Sql, incidentId: string, townshipId: string, receivedAt: Date, policy: ClockPolicy): Promise<void> {
    const timers = stageTimers(receivedAt, policy);
    await tx.query(
      `INSERT INTO case_timer (incident_id, township_id, stage, kind, due_at)
       SELECT $1, $2, s, k, d FROM unnest($3::text[], $4::text[], $5::timestamptz[]) AS t(s, k, d)
       ON CONFLICT DO NOTHING`,
      [incidentId, townshipId, timers.map((t) => t.stage), timers.map((t) => t.kind), timers.map((t) => t.dueAt)],
    );
  }

  /** A 回访's or 督办's overdue timer, in the transaction that opens it. */
  async scheduleLoop(tx: Sql, incidentId: string, townshipId: string, stage: LoopTimer['stage'], dueAt: Date): Promise<void> {
    await tx.query(`INSERT INTO case_timer (incident_id, township_id, stage, kind, due_at) VALUES ($1, $2, $3, 'due', $4) ON CONFLICT DO NOTHING`, [incidentId, townshipId, stage, dueAt]);
  }

  /** Due timers nobody else holds: claimed until the transaction ends. */
  async claimDue(tx: Sql, now: Date, limit: number): Promise<ClaimedTimer[]> {
    return tx.query<ClaimedTimer>(
      `SELECT incident_id, stage, kind, due_at FROM case_timer
       WHERE fired_at IS NULL AND due_at <= $1 ORDER BY due_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [now, limit],
    );
  }

  /** Marks claimed timers done, in one statement, with how late each was (capped: a case received weeks ago must not overflow). */
  async markFired(tx: Sql, timers: readonly (FiredTimer | (LoopTimer & { outcome: FiredTimer['outcome'] }))[], now: Date, firedBy: string): Promise<void> {
    if (!timers.length) return;
    await tx.query(
      `UPDATE case_timer c SET fired_at = $1, outcome = t.outcome, fired_by = $2,
              lateness_ms = LEAST(2147483647, GREATEST(0, round(extract(epoch FROM ($1::timestamptz - c.due_at)) * 1000)))::int
       FROM unnest($3::uuid[], $4::text[], $5::text[], $6::text[]) AS t(incident_id, stage, kind, outcome)
       WHERE c.incident_id = t.incident_id AND c.stage = t.stage AND c.kind = t.kind AND c.fired_at IS NULL`,
      [now, firedBy, timers.map((t) => t.incident_id), timers.map((t) => t.stage), timers.map((t) => t.kind), timers.map((t) => t.outcome)],
    );
  }

  /** How long until the next timer falls due, per the same clock; null when none waits. */
  async nextDueInMs(sql: Sql, now: Date): Promise<number | null> {
    const [row] = await sql.query<{ due_at: Date | null }>('SELECT min(due_at) AS due_at FROM case_timer WHERE fired_at IS NULL');
    return row.due_at ? Math.max(0, row.due_at.getTime() - now.getTime()) : null;
  }

  /** Open cases from before timers existed (or whose scheduling was lost) get theirs; returns how many cases. */
  async scheduleMissing(sql: Sql, fallback: ClockPolicy): Promise<number> {
    const missing = await sql.query<{ id: string; township_id: string; received_at: Date; clock_policy: ClockPolicy | null }>(
      `SELECT id, township_id, received_at, clock_policy FROM incident i
       WHERE state <> 'closed' AND NOT EXISTS (SELECT 1 FROM case_timer t WHERE t.incident_id = i.id)`,
    );
    for (const c of missing) await this.schedule(sql, c.id, c.township_id, c.received_at, c.clock_policy ?? fallback);
    return missing.length;
  }
}
