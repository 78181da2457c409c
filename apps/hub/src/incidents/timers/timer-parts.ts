/** The six 1-3-8 timers of a new case as a part of the statement that writes the case (statement-parts.ts). */
import { stageTimers, type ClockPolicy } from '@xiaonao/domain';
import type { StatementPart } from '../../persistence/statement-parts';

/** Written only when the part `gate` (the case, RETURNING *) wrote its row; same rows as TimerStore.schedule. */
export function scheduleTimersPart(name: string, gate: string, receivedAt: Date, policy: ClockPolicy): StatementPart {
  const timers = stageTimers(receivedAt, policy);
  return {
    name,
    sql: `INSERT INTO case_timer (incident_id, township_id, stage, kind, due_at)
          SELECT g.id, g.township_id, t.s, t.k, t.d FROM ${gate} g CROSS JOIN unnest($1::text[], $2::text[], $3::timestamptz[]) AS t(s, k, d)
          ON CONFLICT DO NOTHING RETURNING 1`,
    params: [timers.map((t) => t.stage), timers.map((t) => t.kind), timers.map((t) => t.dueAt)],
  };
}
