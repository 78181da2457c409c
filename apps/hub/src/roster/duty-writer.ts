/**
 * Writes a change of a worker's duty in the caller's transaction: the worker's switch, the record of
 * the change (who, when, why, from → to) and the `worker.updated` news. The caller kicks the outbox.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { DutyChangeKind } from '@xiaonao/contracts';
import { Outbox } from '../outbox/outbox';
import type { Sql } from '../persistence/database';
import { WorkerStore, toWorkerView, type WorkerRow } from '../workers/worker-store';
import { RosterStore, type DutyChangeRow } from './roster-store';

/** Who changed the duty: a person, or the roster itself as time passed. */
export interface DutyActor {
  userId: string | null;
  name: string;
}

export const ROSTER_ACTOR: DutyActor = { userId: null, name: '排班' };

export interface DutyChangeCommand {
  kind: DutyChangeKind;
  onDuty: boolean;
  at: Date;
  until: Date | null;
  by: DutyActor;
  reason: string;
}

/**
 * A worker going off duty keeps an open offer and a case in hand (dispatch only asks on-duty workers
 * for new ones); the record says so, so the command room knows why an off-duty worker still works.
 */
function keptWork(worker: WorkerRow, onDuty: boolean): string | null {
  if (onDuty || !worker.on_duty) return null;
  const kept: string[] = [];
  if (worker.status === 'offered') kept.push('保留待答复的派单 / keeps the open offer');
  if (worker.active_incident_id) kept.push('保留手上的事件 / keeps the case in hand');
  if (worker.queued_incident_id) kept.push('保留排队的事件 / keeps the queued case');
  return kept.length ? kept.join('；') : null;
}

@Injectable()
export class DutyWriter {
  constructor(
    @Inject(WorkerStore) private readonly workers: WorkerStore,
    @Inject(RosterStore) private readonly roster: RosterStore,
    @Inject(Outbox) private readonly outbox: Outbox,
  ) {}

  /** `worker` is locked (FOR UPDATE) by the caller. Returns the worker as written and the record. */
  async write(tx: Sql, worker: WorkerRow, command: DutyChangeCommand): Promise<{ worker: WorkerRow; change: DutyChangeRow }> {
    const change = await this.roster.recordChange(tx, {
      townshipId: worker.township_id,
      workerId: worker.id,
      kind: command.kind,
      at: command.at,
      fromOnDuty: worker.on_duty,
      toOnDuty: command.onDuty,
      until: command.until,
      byUserId: command.by.userId,
      byName: command.by.name,
      reason: command.reason,
      note: keptWork(worker, command.onDuty),
    });
    if (worker.on_duty === command.onDuty) return { worker, change };
    const written = await this.workers.setDuty(tx, worker.id, command.onDuty);
    await this.outbox.add(tx, worker.township_id, 'worker.updated', { worker: toWorkerView(written) });
    return { worker: written, change };
  }
}
