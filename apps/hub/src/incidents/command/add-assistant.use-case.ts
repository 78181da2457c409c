/** An operator adds a second worker to a case (a quarrel that needs a mediator, a fire hazard that needs two hands). */
import { Inject, Injectable } from '@nestjs/common';
import type { IncidentView, SessionUser } from '@xiaonao/contracts';
import { DomainError, isOpen } from '@xiaonao/domain';
import { Clock } from '../../clock/clock';
import { Outbox } from '../../outbox/outbox';
import { Database } from '../../persistence/database';
import { WorkerStore, toWorkerView } from '../../workers/worker-store';
import { IncidentStore } from '../incident-store';

const workerError = (zh: string, en: string) => new DomainError('ILLEGAL_TRANSITION', `workerId：${zh}`, `workerId: ${en}`, 'workerId');

@Injectable()
export class AddAssistant {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(IncidentStore) private readonly incidents: IncidentStore,
    @Inject(WorkerStore) private readonly workers: WorkerStore,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async run(user: SessionUser, incidentId: string, workerId: string): Promise<IncidentView> {
    const view = await this.db.transaction(async (tx) => {
      const row = await this.incidents.find(tx, incidentId, true);
      if (!row || row.township_id !== user.townshipId) throw new DomainError('NOT_FOUND', '事件不存在', 'No such case');
      if (!isOpen(row.state)) throw new DomainError('ILLEGAL_TRANSITION', '事件已办结，不能增派', 'The case is closed');
      const worker = await this.workers.find(tx, workerId);
      if (!worker || worker.township_id !== row.township_id) throw new DomainError('NOT_FOUND', 'workerId：本街道没有该网格员', 'workerId: no such worker here', 'workerId');
      if (row.worker_id === worker.id || row.assistants?.some((a) => a.id === worker.id)) throw workerError('该网格员已在处理此事件', 'already on this case');
      if (!worker.on_duty) throw workerError(`${worker.name} 不在岗`, `${worker.name} is off duty`);
      // Same atomic claim as an offer: only a free worker can be added.
      const claimed = await tx.query(`UPDATE worker SET status = 'busy', active_incident_id = $2, updated_at = now() WHERE id = $1 AND status = 'available' RETURNING id`, [worker.id, row.id]);
      if (!claimed.length) throw workerError(`${worker.name} 正在处置其他事件或有待答复的派单`, `${worker.name} is busy or has an offer pending`);
      const now = this.clock.now();
      await tx.query('INSERT INTO incident_assist (incident_id, worker_id, township_id, added_at, added_by) VALUES ($1, $2, $3, $4, $5)', [row.id, worker.id, row.township_id, now, user.username]);
      await tx.query('UPDATE incident SET updated_at = $2 WHERE id = $1', [row.id, now]);
      await this.incidents.record(tx, { incidentId: row.id, townshipId: row.township_id, type: 'assist_added', at: now, actor: `operator:${user.username}`, workerId: worker.id, detail: { workerName: worker.name } });
      const incident = this.incidents.view(await this.incidents.refresh(tx, row.id), now);
      await this.outbox.add(tx, row.township_id, 'incident.updated', { incident });
      await this.outbox.add(tx, row.township_id, 'worker.updated', { worker: toWorkerView({ ...worker, status: 'busy', active_incident_id: row.id }) });
      return incident;
    });
    this.outbox.kick();
    return view;
  }
}
