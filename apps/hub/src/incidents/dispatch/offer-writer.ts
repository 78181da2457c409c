/**
 * Writes one offer: the worker (already claimed), the offer row, the incident moved to `offered`,
 * the timeline entry and the news. Shared by automatic dispatch and an operator's assignment.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { OfferView, TimelineType } from '@xiaonao/contracts';
import { isPhoneOnline, offerWindowSeconds } from '@xiaonao/domain';
import { HUB_CONFIG, type HubConfig } from '../../config/hub-config';
import { MetricsService } from '../../ops/metrics.service';
import { PagePlanner } from '../../notify/page-planner';
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

export interface OfferShape {
  /** One of several offers at once; the case has no holder until someone accepts. */
  race?: boolean;
  /** To a busy worker as their next case (the worker's queue place is already claimed). */
  queued?: boolean;
  /** The category's answer window; the hub's default when absent. */
  windowSeconds?: number | null;
  /** The worker is on the phone taking the case in the same request (their own patrol report): nobody to page. */
  selfTaken?: boolean;
}

@Injectable()
export class OfferWriter {
  constructor(
    @Inject(IncidentStore) private readonly incidents: IncidentStore,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    @Inject(MetricsService) private readonly metrics: MetricsService,
    @Inject(PagePlanner) private readonly pages: PagePlanner,
  ) {}

  async write(tx: Sql, incident: IncidentRow, worker: WorkerRow, facts: OfferFacts, now: Date, shape: OfferShape = {}): Promise<OfferView> {
    const race = shape.race === true;
    const queued = shape.queued === true;
    // A worker whose page is closed is reached by DingTalk, SMS or a call: their offer stands long enough for that.
    const online = isPhoneOnline({ lastSeenAt: worker.last_seen_at, offlineAt: worker.offline_at, positionAt: worker.position_at }, now);
    const windowSeconds = offerWindowSeconds(shape.windowSeconds ?? this.config.offerTimeoutMs / 1000, online, this.config.offerWindowOfflineSeconds);
    const expiresAt = new Date(now.getTime() + windowSeconds * 1000);
    const [offer] = await tx.query<{ id: string }>(
      `INSERT INTO offer (township_id, incident_id, worker_id, offered_at, expires_at, outcome, distance_m, queued)
       VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7) RETURNING id`,
      [incident.township_id, incident.id, worker.id, now, expiresAt, facts.distanceM, queued],
    );
    await tx.query(`UPDATE incident SET state = 'offered', worker_id = $2, updated_at = $3 WHERE id = $1`, [incident.id, race ? null : worker.id, now]);
    await this.incidents.record(tx, {
      incidentId: incident.id,
      townshipId: incident.township_id,
      type: facts.type,
      at: now,
      actor: facts.actor,
      workerId: worker.id,
      detail: { offerId: offer.id, workerName: worker.name, distanceM: facts.distanceM, expiresAt: expiresAt.toISOString(), ...(race ? { race: true } : {}), ...(queued ? { queued: true } : {}), ...facts.detail },
    });
    // The chain that reaches the worker if the page alone does not: planned with the offer, sent by the pager.
    if (!shape.selfTaken) await this.pages.plan(tx, { townshipId: incident.township_id, offerId: offer.id, incidentId: incident.id, category: incident.category, offeredAt: now, expiresAt, online }, worker);
    const view = this.incidents.view(await this.incidents.refresh(tx, incident.id), now);
    const offerView: OfferView = {
      offerId: offer.id,
      incidentId: incident.id,
      workerId: worker.id,
      offeredAt: now.toISOString(),
      expiresAt: expiresAt.toISOString(),
      distanceM: facts.distanceM,
      queued,
      incident: view,
    };
    await this.outbox.add(tx, incident.township_id, 'incident.offered', { incident: view, offer: offerView });
    // A queued offer leaves a busy worker busy; their queue place is taken.
    const held = queued ? { ...worker, queued_incident_id: incident.id } : { ...worker, status: 'offered' as const };
    await this.outbox.add(tx, incident.township_id, 'worker.updated', { worker: toWorkerView(held) });
    this.metrics.offers.inc();
    return offerView;
  }
}
