/**
 * What becomes of a worker when a case they were busy with ends for them (closed, reassigned away,
 * or the case they assisted on closed): free again, or straight on to the case they queued.
 */
import { Inject, Injectable } from '@nestjs/common';
import { Outbox } from '../../outbox/outbox';
import type { Sql } from '../../persistence/database';
import { WorkerStore, toWorkerView, type WorkerRow } from '../../workers/worker-store';
import { IncidentStore } from '../incident-store';

@Injectable()
export class WorkerRelease {
  constructor(
    @Inject(WorkerStore) private readonly workers: WorkerStore,
    @Inject(IncidentStore) private readonly incidents: IncidentStore,
    @Inject(Outbox) private readonly outbox: Outbox,
  ) {}

  /**
   * `endedIncidentId` no longer occupies the worker. A queued case they accepted becomes their current
   * one; a queued offer still pending becomes an ordinary offer to a free worker; otherwise they are
   * available (after `restUntil`, if set). Queues the news; returns the worker as they now stand.
   */
  async afterCase(tx: Sql, workerId: string, endedIncidentId: string, now: Date, restUntil: Date | null = null): Promise<WorkerRow> {
    const worker = await this.workers.find(tx, workerId, true);
    if (!worker) throw new Error(`worker ${workerId} vanished`);
    let next: WorkerRow;
    if (worker.queued_incident_id === endedIncidentId) {
      // The queued case itself ended (taken away or closed early): the current case goes on.
      next = (await this.workers.clearQueue(tx, workerId, endedIncidentId)) ?? worker;
    } else if (worker.active_incident_id !== null && worker.active_incident_id !== endedIncidentId) {
      next = worker;
    } else if (worker.queued_incident_id) {
      next = await this.startQueued(tx, worker, worker.queued_incident_id, now);
    } else {
      next = await this.workers.setStatus(tx, workerId, 'available', null, restUntil);
    }
    await this.outbox.add(tx, worker.township_id, 'worker.updated', { worker: toWorkerView(next) });
    return next;
  }

  private async startQueued(tx: Sql, worker: WorkerRow, queuedId: string, now: Date): Promise<WorkerRow> {
    const queued = await this.incidents.find(tx, queuedId, true);
    if (queued && queued.worker_id === worker.id && queued.queued) {
      await tx.query('UPDATE incident SET queued = false, updated_at = $2 WHERE id = $1', [queuedId, now]);
      await this.incidents.record(tx, { incidentId: queuedId, townshipId: queued.township_id, type: 'queue_started', at: now, actor: 'dispatch', workerId: worker.id });
      await this.outbox.add(tx, queued.township_id, 'incident.updated', { incident: this.incidents.view(await this.incidents.refresh(tx, queuedId), now) });
      await this.workers.clearQueue(tx, worker.id, queuedId);
      return this.workers.setStatus(tx, worker.id, 'busy', queuedId);
    }
    // Still only offered: the worker answers it as a free worker now.
    return this.workers.setStatus(tx, worker.id, 'offered', null);
  }
}
