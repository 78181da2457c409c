/**
 * An operator assigns a case by hand: a waiting or offered case is offered to the chosen worker (a
 * pending offer to someone else is withdrawn); a case in hand is taken from its worker and offered to
 * the chosen one (reassignment). The chosen worker must be on duty and free.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { IncidentView, SessionUser } from '@xiaonao/contracts';
import { assignmentKind, distanceMeters, DomainError } from '@xiaonao/domain';
import { Clock } from '../../clock/clock';
import { Outbox } from '../../outbox/outbox';
import { Database, type Sql } from '../../persistence/database';
import { WorkerStore, toWorkerView } from '../../workers/worker-store';
import { WorkerRelease } from '../respond/worker-release';
import { OfferWriter } from '../dispatch/offer-writer';
import type { IncidentRow } from '../incident-row';
import { IncidentStore } from '../incident-store';

export interface AssignCommand {
  user: SessionUser;
  incidentId: string;
  workerId: string;
  reason?: string;
}

const workerError = (zh: string, en: string) => new DomainError('ILLEGAL_TRANSITION', `workerId：${zh}`, `workerId: ${en}`, 'workerId');

@Injectable()
export class AssignWorker {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(IncidentStore) private readonly incidents: IncidentStore,
    @Inject(WorkerStore) private readonly workers: WorkerStore,
    @Inject(OfferWriter) private readonly offers: OfferWriter,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(WorkerRelease) private readonly release: WorkerRelease,
  ) {}

  async run(cmd: AssignCommand): Promise<IncidentView> {
    const view = await this.db.transaction(async (tx) => {
      const row = await this.incidents.find(tx, cmd.incidentId, true);
      if (!row || row.township_id !== cmd.user.townshipId) throw new DomainError('NOT_FOUND', '事件不存在', 'No such case');
      const kind = assignmentKind(row.state);
      const worker = await this.workers.find(tx, cmd.workerId);
      if (!worker || worker.township_id !== row.township_id) throw new DomainError('NOT_FOUND', 'workerId：本街道没有该网格员', 'workerId: no such worker here', 'workerId');
      if (row.worker_id === worker.id) throw workerError('该网格员已在处理此事件', 'already holds this case');
      if (!worker.on_duty) throw workerError(`${worker.name} 不在岗`, `${worker.name} is off duty`);
      const now = this.clock.now();
      const previous = row.worker_id;
      if (kind === 'offer') await this.withdrawPendingOffers(tx, row);
      if (previous && kind === 'reassign') await this.takeFromWorker(tx, row, previous);
      if (!(await this.workers.claimForOffer(tx, worker.id))) throw workerError(`${worker.name} 正在处置其他事件或有待答复的派单`, `${worker.name} is busy or has an offer pending`);
      await tx.query('UPDATE incident SET awaiting_confirmation = false WHERE id = $1', [row.id]);
      const distanceM = worker.lng === null || worker.lat === null ? null : Math.round(distanceMeters({ lng: row.lng, lat: row.lat }, { lng: worker.lng, lat: worker.lat }));
      const offer = await this.offers.write(
        tx,
        row,
        worker,
        { distanceM, actor: `operator:${cmd.user.username}`, type: 'assigned_by_operator', detail: { reason: cmd.reason ?? null, previousWorkerId: previous, kind } },
        now,
      );
      return offer.incident;
    });
    this.outbox.kick();
    return view;
  }

  /** Every open offer of the case (one, or several in a race) is withdrawn and its worker freed. */
  private async withdrawPendingOffers(tx: Sql, row: IncidentRow): Promise<void> {
    const offers = await tx.query<{ id: string; worker_id: string }>(
      `UPDATE offer SET outcome = 'withdrawn', answered_at = $2, reason = 'operator assigned another worker'
       WHERE incident_id = $1 AND outcome = 'pending' RETURNING id, worker_id`,
      [row.id, this.clock.now()],
    );
    for (const offer of offers) {
      await this.outbox.add(tx, row.township_id, 'offer.withdrawn', { offerId: offer.id, incidentId: row.id, workerId: offer.worker_id, reason: 'taken' });
      const released = await this.workers.releaseOffer(tx, offer.worker_id, row.id);
      if (released) await this.outbox.add(tx, row.township_id, 'worker.updated', { worker: toWorkerView(released) });
    }
  }

  private async takeFromWorker(tx: Sql, row: IncidentRow, workerId: string): Promise<void> {
    // One accepted offer per case: the earlier worker's acceptance is kept as history, marked withdrawn.
    await tx.query(`UPDATE offer SET outcome = 'withdrawn', reason = 'reassigned by operator' WHERE incident_id = $1 AND worker_id = $2 AND outcome = 'accepted'`, [row.id, workerId]);
    await tx.query(`UPDATE incident SET state = 'received', worker_id = NULL WHERE id = $1`, [row.id]);
    await tx.query('UPDATE incident SET queued = false WHERE id = $1', [row.id]);
    await this.release.afterCase(tx, workerId, row.id, this.clock.now());
    await this.outbox.add(tx, row.township_id, 'incident.reassigned', { incident: this.incidents.view(await this.incidents.refresh(tx, row.id)), fromWorkerId: workerId });
  }
}
