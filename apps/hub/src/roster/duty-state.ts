/**
 * Reads what the duty rules need about some workers (their shifts, whether they are rostered at all,
 * their latest override) and asks the domain what their duty should be at an instant.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { DutyOverrideView, WorkerDutyView } from '@xiaonao/contracts';
import { currentOrNextShift, dutyAt, type DutyJudgement } from '@xiaonao/domain';
import type { Sql } from '../persistence/database';
import type { WorkerRow } from '../workers/worker-store';
import { RosterStore, toShift, toShiftView, type DutyChangeRow, type LoadedShift } from './roster-store';

export interface WorkerDuty {
  worker: WorkerRow;
  shifts: LoadedShift[];
  override: DutyChangeRow | null;
  judgement: DutyJudgement<LoadedShift>;
}

function toOverrideView(row: DutyChangeRow): DutyOverrideView {
  return { workerId: row.worker_id, onDuty: row.to_on_duty, until: row.until ? row.until.toISOString() : null, by: row.by_name, reason: row.reason, at: row.at.toISOString() };
}

@Injectable()
export class DutyState {
  constructor(@Inject(RosterStore) private readonly roster: RosterStore) {}

  /** Each worker's duty as the rules see it at `at`, in the order given. */
  async judge(tx: Sql, workers: readonly WorkerRow[], at: Date): Promise<WorkerDuty[]> {
    const ids = workers.map((w) => w.id);
    const [shiftRows, rostered, overrides] = [await this.roster.shiftsForDuty(tx, ids, at), await this.roster.rostered(tx, ids), await this.roster.latestOverrides(tx, ids)];
    const byWorker = new Map<string, LoadedShift[]>();
    for (const row of shiftRows) {
      const list = byWorker.get(row.worker_id) ?? [];
      list.push(toShift(row));
      byWorker.set(row.worker_id, list);
    }
    return workers.map((worker) => {
      const shifts = byWorker.get(worker.id) ?? [];
      const override = overrides.get(worker.id) ?? null;
      const judgement = dutyAt(
        { rostered: rostered.has(worker.id), shifts, override: override && { onDuty: override.to_on_duty, at: override.at, until: override.until }, manualOnDuty: worker.on_duty },
        at,
      );
      return { worker, shifts, override, judgement };
    });
  }

  /** What a duty view shows: on duty as the database holds it, where that comes from, the shift, a holding override. */
  view(duty: WorkerDuty, at: Date): WorkerDutyView {
    const shift = currentOrNextShift(duty.shifts, at);
    return {
      workerId: duty.worker.id,
      onDuty: duty.worker.on_duty,
      source: duty.judgement.source,
      shift: shift ? toShiftView(shift) : null,
      override: duty.judgement.overrideHolds && duty.override ? toOverrideView(duty.override) : null,
    };
  }
}
