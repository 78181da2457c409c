/**
 * A worker's step on a case: accept, decline, contact the party, arrive, close with a result.
 * The domain decides whether the step is legal; this use case records it with its time and the
 * worker's position, and queues the news in the same transaction.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { IncidentView, LngLat, PositionFix, SessionUser, TimelineType } from '@xiaonao/contracts';
import { afterDecline, applyWorkerStep, checkQueuedStep, DomainError, restUntilAfterJob, type WorkerStep } from '@xiaonao/domain';
import { Clock } from '../../clock/clock';
import { MetricsService } from '../../ops/metrics.service';
import { Outbox } from '../../outbox/outbox';
import { Database, type Sql } from '../../persistence/database';
import { PositionService } from '../../workers/position.service';
import { WorkerStore, toWorkerView, type WorkerRow } from '../../workers/worker-store';
import { OfferNext } from '../dispatch/offer-next.use-case';
import { IncidentStore } from '../incident-store';
import type { IncidentRow } from '../incident-row';
import { WorkerRelease } from './worker-release';

export interface WorkerStepCommand {
  user: SessionUser;
  incidentId: string;
  step: WorkerStep;
  position?: PositionFix;
  reason?: string;
  result?: string;
}

const EVENT: Record<Exclude<WorkerStep, 'decline'>, 'incident.accepted' | 'incident.contacted' | 'incident.arrived' | 'incident.closed'> = {
  accept: 'incident.accepted',
  contact: 'incident.contacted',
  arrive: 'incident.arrived',
  close: 'incident.closed',
};

const TIMELINE: Record<WorkerStep, TimelineType> = { accept: 'accepted', decline: 'declined', contact: 'contacted', arrive: 'arrived', close: 'closed' };

@Injectable()
export class TakeWorkerStep {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(IncidentStore) private readonly incidents: IncidentStore,
    @Inject(WorkerStore) private readonly workers: WorkerStore,
    @Inject(PositionService) private readonly positions: PositionService,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(OfferNext) private readonly offerNext: OfferNext,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(MetricsService) private readonly metrics: MetricsService,
    @Inject(WorkerRelease) private readonly release: WorkerRelease,
  ) {}

  async run(cmd: WorkerStepCommand): Promise<IncidentView> {
    const workerId = cmd.user.workerId;
    if (cmd.user.role !== 'worker' || !workerId) throw new DomainError('FORBIDDEN', '只有网格员可以执行此操作', 'Only workers take steps on a case');
    // A step's position moves the worker too; one outside the township refuses the step.
    const fix = cmd.position ? await this.positions.report(cmd.user.townshipId, workerId, cmd.position) : null;
    let waitingAgain = false;
    const view = await this.db.transaction(async (tx) => {
      const row = await this.incidents.find(tx, cmd.incidentId, true);
      if (!row || row.township_id !== cmd.user.townshipId) throw new DomainError('NOT_FOUND', '事件不存在', 'No such case');
      const open = await tx.query<{ worker_id: string }>(`SELECT worker_id FROM offer WHERE incident_id = $1 AND outcome = 'pending'`, [row.id]);
      const offeredTo = open.map((o) => o.worker_id);
      let next = applyWorkerStep({ state: row.state, workerId: row.worker_id, offeredTo }, cmd.step, workerId);
      checkQueuedStep(row.queued, cmd.step);
      // A decline in a race leaves the case offered while the others' offers stand.
      if (cmd.step === 'decline') next = afterDecline(offeredTo.filter((id) => id !== workerId).length);
      const now = this.clock.now();
      const worker = await this.apply(tx, cmd, row, workerId, now);
      await tx.query('UPDATE incident SET state = $2, updated_at = $3 WHERE id = $1', [row.id, next, now]);
      waitingAgain = next === 'received';
      const location: LngLat | null = fix ? { lng: fix.lng, lat: fix.lat } : null;
      await this.incidents.record(tx, {
        incidentId: row.id,
        townshipId: row.township_id,
        type: TIMELINE[cmd.step],
        at: now,
        actor: `worker:${cmd.user.username}`,
        workerId,
        location,
        detail: { ...(cmd.reason ? { reason: cmd.reason } : {}), ...(cmd.result ? { result: cmd.result } : {}) },
      });
      const incident = this.incidents.view(await this.incidents.refresh(tx, row.id), now);
      const step = cmd.step;
      if (step === 'decline') await this.outbox.add(tx, row.township_id, 'incident.declined', { incident, workerId, reason: cmd.reason ?? '' });
      else await this.outbox.add(tx, row.township_id, EVENT[step], { incident });
      if (worker) await this.outbox.add(tx, row.township_id, 'worker.updated', { worker: toWorkerView(worker) });
      return incident;
    });
    this.metrics.steps.inc({ step: cmd.step });
    this.outbox.kick();
    if (waitingAgain) void this.offerNext.run(cmd.incidentId);
    return view;
  }

  /** Step-specific writes; returns the worker row when the worker's status changed. */
  private async apply(tx: Sql, cmd: WorkerStepCommand, row: IncidentRow, workerId: string, now: Date): Promise<WorkerRow | null> {
    switch (cmd.step) {
      case 'accept': {
        const [offer] = await tx.query<{ id: string; expires_at: Date; queued: boolean }>(
          `SELECT id, expires_at, queued FROM offer WHERE incident_id = $1 AND worker_id = $2 AND outcome = 'pending' FOR UPDATE`,
          [row.id, workerId],
        );
        if (!offer || offer.expires_at <= now) throw new DomainError('OFFER_NOT_OPEN', '派单已超时，已转派他人', 'The offer has lapsed');
        const me = await this.workers.find(tx, workerId, true);
        // Still busy with the current case: this one waits as their next. (If the current case closed
        // meanwhile, a queued offer is accepted like any other.)
        const queued = offer.queued && me?.status === 'busy' && me.active_incident_id !== null;
        await tx.query(`UPDATE offer SET outcome = 'accepted', answered_at = $2 WHERE id = $1`, [offer.id, now]);
        await tx.query('UPDATE incident SET accepted_at = COALESCE(accepted_at, $2), worker_id = $3, queued = $4 WHERE id = $1', [row.id, now, workerId, queued]);
        await this.withdrawRivals(tx, row, now);
        if (queued) return me;
        await this.workers.clearQueue(tx, workerId, row.id);
        return this.workers.setStatus(tx, workerId, 'busy', row.id);
      }
      case 'decline': {
        await tx.query(`UPDATE offer SET outcome = 'declined', answered_at = $3, reason = $4 WHERE incident_id = $1 AND worker_id = $2 AND outcome = 'pending'`, [
          row.id,
          workerId,
          now,
          cmd.reason ?? '',
        ]);
        if (row.worker_id === workerId) await tx.query('UPDATE incident SET worker_id = NULL WHERE id = $1', [row.id]);
        return this.workers.releaseOffer(tx, workerId, row.id);
      }
      case 'contact':
        await tx.query('UPDATE incident SET contacted_at = COALESCE(contacted_at, $2) WHERE id = $1', [row.id, now]);
        return null;
      case 'arrive':
        await tx.query('UPDATE incident SET arrived_at = COALESCE(arrived_at, $2) WHERE id = $1', [row.id, now]);
        return null;
      case 'close':
        // Closed before the worker moves on, so that a queued case can become their one active case.
        await tx.query(`UPDATE incident SET closed_at = $2, result = $3, state = 'closed' WHERE id = $1`, [row.id, now, cmd.result ?? '']);
        await this.releaseAssistants(tx, row, now);
        await this.release.afterCase(tx, workerId, row.id, now, restUntilAfterJob(row.accepted_at, now));
        return null;
    }
  }

  /** In a race, the first to accept wins: the others' offers are withdrawn at once and they are free again. */
  private async withdrawRivals(tx: Sql, row: IncidentRow, now: Date): Promise<void> {
    const rivals = await tx.query<{ id: string; worker_id: string }>(
      `UPDATE offer SET outcome = 'withdrawn', answered_at = $2, reason = 'taken by another worker'
       WHERE incident_id = $1 AND outcome = 'pending' RETURNING id, worker_id`,
      [row.id, now],
    );
    for (const rival of rivals) {
      await this.outbox.add(tx, row.township_id, 'offer.withdrawn', { offerId: rival.id, incidentId: row.id, workerId: rival.worker_id, reason: 'taken' });
      const released = await this.workers.releaseOffer(tx, rival.worker_id, row.id);
      if (released) await this.outbox.add(tx, row.township_id, 'worker.updated', { worker: toWorkerView(released) });
    }
  }

  /** Closing a case frees the workers added to help with it. */
  private async releaseAssistants(tx: Sql, row: IncidentRow, now: Date): Promise<void> {
    const released = await tx.query<{ worker_id: string }>(
      'UPDATE incident_assist SET released_at = $2 WHERE incident_id = $1 AND released_at IS NULL RETURNING worker_id',
      [row.id, now],
    );
    for (const { worker_id } of released) await this.release.afterCase(tx, worker_id, row.id, now);
  }
}
