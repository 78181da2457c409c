/**
 * Offers a waiting case to the best eligible worker: rank with the domain, then claim the worker
 * atomically in PostgreSQL so that two cases never reserve the same person at once.
 */
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { OfferView } from '@xiaonao/contracts';
import { canOffer, rankByStraightLine } from '@xiaonao/domain';
import { Clock } from '../../clock/clock';
import { HUB_CONFIG, type HubConfig } from '../../config/hub-config';
import { MetricsService } from '../../ops/metrics.service';
import { Outbox } from '../../outbox/outbox';
import { Database, type Sql } from '../../persistence/database';
import { WorkerStore, toWorkerView, type WorkerRow } from '../../workers/worker-store';
import { IncidentStore } from '../incident-store';

export type OfferOutcome = 'offered' | 'no-worker' | 'not-waiting';

@Injectable()
export class OfferNext implements OnModuleDestroy {
  private readonly logger = new Logger('Dispatch');
  private readonly inFlight = new Set<Promise<OfferOutcome>>();

  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(IncidentStore) private readonly incidents: IncidentStore,
    @Inject(WorkerStore) private readonly workers: WorkerStore,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    @Inject(MetricsService) private readonly metrics: MetricsService,
  ) {}

  /** Never throws: dispatch runs after the request that caused it has been answered. */
  run(incidentId: string): Promise<OfferOutcome> {
    const job = this.attempt(incidentId).finally(() => this.inFlight.delete(job));
    this.inFlight.add(job);
    return job;
  }

  /** Lets dispatches already under way finish before the database closes. */
  async onModuleDestroy(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  private async attempt(incidentId: string): Promise<OfferOutcome> {
    try {
      const outcome = await this.db.transaction((tx) => this.offer(tx, incidentId));
      if (outcome === 'offered') this.outbox.kick();
      return outcome;
    } catch (error) {
      this.logger.warn(`dispatch of ${incidentId} failed, the sweeper will retry: ${String(error)}`);
      return 'not-waiting';
    }
  }

  private async offer(tx: Sql, incidentId: string): Promise<OfferOutcome> {
    const incident = await this.incidents.find(tx, incidentId, true);
    if (!incident || !canOffer(incident.state)) return 'not-waiting';
    const now = this.clock.now();
    const recent = await tx.query<{ worker_id: string }>(
      `SELECT DISTINCT worker_id FROM offer WHERE incident_id = $1 AND outcome IN ('declined', 'expired') AND answered_at > $2`,
      [incidentId, new Date(now.getTime() - this.config.offerRetryAfterMs)],
    );
    const candidates = (await this.workers.available(tx, incident.township_id)).map((row: WorkerRow) => ({
      row,
      id: row.id,
      onDuty: row.on_duty,
      status: row.status,
      location: row.lng === null || row.lat === null ? null : { lng: row.lng, lat: row.lat },
    }));
    const ranked = rankByStraightLine({ lng: incident.lng, lat: incident.lat }, candidates, new Set(recent.map((r) => r.worker_id)));
    for (const { worker, distanceM } of ranked) {
      if (!(await this.workers.claimForOffer(tx, worker.id))) continue;
      const expiresAt = new Date(now.getTime() + this.config.offerTimeoutMs);
      const [offer] = await tx.query<{ id: string }>(
        `INSERT INTO offer (township_id, incident_id, worker_id, offered_at, expires_at, outcome, distance_m)
         VALUES ($1, $2, $3, $4, $5, 'pending', $6) RETURNING id`,
        [incident.township_id, incidentId, worker.id, now, expiresAt, distanceM],
      );
      await tx.query(`UPDATE incident SET state = 'offered', worker_id = $2, updated_at = $3 WHERE id = $1`, [incidentId, worker.id, now]);
      await this.incidents.record(tx, {
        incidentId,
        townshipId: incident.township_id,
        type: 'offered',
        at: now,
        actor: 'dispatch',
        workerId: worker.id,
        detail: { offerId: offer.id, distanceM: Math.round(distanceM), expiresAt: expiresAt.toISOString(), workerName: worker.row.name },
      });
      const view = this.incidents.view(await this.incidents.refresh(tx, incidentId), now);
      const offerView: OfferView = {
        offerId: offer.id,
        incidentId,
        workerId: worker.id,
        offeredAt: now.toISOString(),
        expiresAt: expiresAt.toISOString(),
        distanceM: Math.round(distanceM),
        incident: view,
      };
      await this.outbox.add(tx, incident.township_id, 'incident.offered', { incident: view, offer: offerView });
      await this.outbox.add(tx, incident.township_id, 'worker.updated', { worker: toWorkerView({ ...worker.row, status: 'offered' }) });
      this.metrics.offers.inc();
      return 'offered';
    }
    return 'no-worker';
  }
}
