/**
 * Writes one offer: the worker (already claimed), the offer row, the incident moved to `offered`,
 * the timeline entry and the news. Shared by automatic dispatch and an operator's assignment.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { OfferView, TimelineType } from '@xiaonao/contracts';
import { HUB_CONFIG, type HubConfig } from '../../config/hub-config';
import { MetricsService } from '../../ops/metrics.service';
import { Outbox } from '../../outbox/outbox';
import type { Sql } from '../../persistence/database';
import { toWorkerView, type WorkerRow } from '../../workers/worker-store';
import type { IncidentRow } from '../incident-row';
import { IncidentStore } from '../incident-store';

export interface OfferFacts {
  distanceM: number | null;
  actor: string;
  type: Extract<TimelineType, 'offered' | 'assigned_by_operator'>;
  detail: Record<string, unknown>;
}

@Injectable()
export class OfferWriter {
  constructor(
    @Inject(IncidentStore) private readonly incidents: IncidentStore,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    @Inject(MetricsService) private readonly metrics: MetricsService,
  ) {}

  /** `race`: one of several offers at once; the case has no holder until someone accepts. */
  async write(tx: Sql, incident: IncidentRow, worker: WorkerRow, facts: OfferFacts, now: Date, race = false): Promise<OfferView> {
    const expiresAt = new Date(now.getTime() + this.config.offerTimeoutMs);
    const [offer] = await tx.query<{ id: string }>(
      `INSERT INTO offer (township_id, incident_id, worker_id, offered_at, expires_at, outcome, distance_m)
       VALUES ($1, $2, $3, $4, $5, 'pending', $6) RETURNING id`,
      [incident.township_id, incident.id, worker.id, now, expiresAt, facts.distanceM],
    );
    await tx.query(`UPDATE incident SET state = 'offered', worker_id = $2, updated_at = $3 WHERE id = $1`, [incident.id, race ? null : worker.id, now]);
    await this.incidents.record(tx, {
      incidentId: incident.id,
      townshipId: incident.township_id,
      type: facts.type,
      at: now,
      actor: facts.actor,
      workerId: worker.id,
      detail: { offerId: offer.id, workerName: worker.name, distanceM: facts.distanceM, expiresAt: expiresAt.toISOString(), ...(race ? { race: true } : {}), ...facts.detail },
    });
    const view = this.incidents.view(await this.incidents.refresh(tx, incident.id), now);
    const offerView: OfferView = {
      offerId: offer.id,
      incidentId: incident.id,
      workerId: worker.id,
      offeredAt: now.toISOString(),
      expiresAt: expiresAt.toISOString(),
      distanceM: facts.distanceM,
      incident: view,
    };
    await this.outbox.add(tx, incident.township_id, 'incident.offered', { incident: view, offer: offerView });
    await this.outbox.add(tx, incident.township_id, 'worker.updated', { worker: toWorkerView({ ...worker, status: 'offered' }) });
    this.metrics.offers.inc();
    return offerView;
  }
}
