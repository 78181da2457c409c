/**
 * Writes one offer: the worker (already claimed), the offer row, the incident moved to `offered`,
 * the timeline entry and the news. Shared by automatic dispatch and an operator's assignment.
 */
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { OfferView, TimelineType } from '@xiaonao/contracts';
import { isPhoneOnline, offerWindowSeconds, type ChainAnchor } from '@xiaonao/domain';
import { HUB_CONFIG, type HubConfig } from '../../config/hub-config';
import { MetricsService } from '../../ops/metrics.service';
import { PagePlanner } from '../../notify/page-planner';
import { Outbox } from '../../outbox/outbox';
import type { Sql } from '../../persistence/database';
import { composeStatement, type StatementPart } from '../../persistence/statement-parts';
import { toWorkerView, type WorkerRow } from '../../workers/worker-store';
import { incidentSelectFrom, type IncidentRow } from '../incident-row';
import { IncidentStore, type TimelineEvent } from '../incident-store';

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

  /**
   * With `fold` (dispatch, holding the case's row and knowing its chain's anchor) the offer, the case
   * moved to `offered` (with the recommendation it was judged by), its timeline entry and the case read
   * back are one statement; otherwise four.
   */
  async write(tx: Sql, incident: IncidentRow, worker: WorkerRow, facts: OfferFacts, now: Date, shape: OfferShape = {}, fold?: OfferFold): Promise<OfferView> {
    const race = shape.race === true;
    const queued = shape.queued === true;
    // A worker whose page is closed is reached by DingTalk, SMS or a call: their offer stands long enough for that.
    const online = isPhoneOnline({ lastSeenAt: worker.last_seen_at, offlineAt: worker.offline_at, positionAt: worker.position_at }, now);
    const windowSeconds = offerWindowSeconds(shape.windowSeconds ?? this.config.offerTimeoutMs / 1000, online, this.config.offerWindowOfflineSeconds);
    const expiresAt = new Date(now.getTime() + windowSeconds * 1000);
    const offerId = randomUUID();
    const event: TimelineEvent = {
      incidentId: incident.id,
      townshipId: incident.township_id,
      type: facts.type,
      at: now,
      actor: facts.actor,
      workerId: worker.id,
      detail: { offerId, workerName: worker.name, distanceM: facts.distanceM, expiresAt: expiresAt.toISOString(), ...(race ? { race: true } : {}), ...(queued ? { queued: true } : {}), ...facts.detail },
    };
    const offerPart: StatementPart = {
      name: 'made',
      sql: `INSERT INTO offer (id, township_id, incident_id, worker_id, offered_at, expires_at, outcome, distance_m, queued)
            VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7, $8) RETURNING id`,
      params: [offerId, incident.township_id, incident.id, worker.id, now, expiresAt, facts.distanceM, queued],
    };
    let row: IncidentRow;
    if (fold) {
      const link = this.incidents.link(fold.anchor, event);
      const recommended = fold.recommendation ? ', recommendation = $7::jsonb, arrival_at_risk = arrival_at_risk OR $8::boolean' : '';
      const { sql, params } = composeStatement(
        [
          offerPart,
          {
            name: 'moved',
            // The anchor is the one read under the row's lock; a case that moved on meanwhile writes nothing.
            sql: `UPDATE incident SET state = 'offered', worker_id = $2, updated_at = $3, event_count = $4, last_event_hash = $5${recommended}
                  WHERE id = $1 AND event_count = $6 AND EXISTS (SELECT 1 FROM made) RETURNING *`,
            params: [incident.id, race ? null : worker.id, now, link.seq, link.hash, fold.anchor.count, ...(fold.recommendation ? [fold.recommendation.json, fold.recommendation.atRisk] : [])],
          },
          this.incidents.eventPart('logged', 'moved', incident.township_id, link),
        ],
        incidentSelectFrom('moved'),
      );
      const [moved] = await tx.query<IncidentRow>(sql, params);
      if (!moved) throw new Error(`incident ${incident.id} moved on while it was being offered`);
      row = moved;
    } else {
      await tx.query(offerPart.sql, [...offerPart.params]);
      await tx.query(`UPDATE incident SET state = 'offered', worker_id = $2, updated_at = $3 WHERE id = $1`, [incident.id, race ? null : worker.id, now]);
      await this.incidents.record(tx, event);
      row = await this.incidents.refresh(tx, incident.id);
    }
    // The chain that reaches the worker if the page alone does not: planned with the offer, sent by the pager.
    if (!shape.selfTaken) await this.pages.plan(tx, { townshipId: incident.township_id, offerId, incidentId: incident.id, category: incident.category, offeredAt: now, expiresAt, online }, worker);
    const view = this.incidents.view(row, now);
    const offerView: OfferView = {
      offerId,
      incidentId: incident.id,
      workerId: worker.id,
      offeredAt: now.toISOString(),
      expiresAt: expiresAt.toISOString(),
      distanceM: facts.distanceM,
      queued,
      incident: view,
    };
    // A queued offer leaves a busy worker busy; their queue place is taken.
    const held = queued ? { ...worker, queued_incident_id: incident.id } : { ...worker, status: 'offered' as const };
    await this.outbox.addMany(
      tx,
      [
        { townshipId: incident.township_id, event: 'incident.offered', payload: { incident: view, offer: offerView } },
        { townshipId: incident.township_id, event: 'worker.updated', payload: { worker: toWorkerView(held) } },
      ],
      { heldCases: [incident.id] },
    );
    this.metrics.offers.inc();
    return offerView;
  }
}

/** What dispatch knows that lets the offer be written in one statement (see OfferWriter.write). */
export interface OfferFold {
  /** The case's chain as read under its row's lock. */
  anchor: ChainAnchor;
  /** The judgement to keep on the case with the offer (OfferNext), as JSON, and whether arrival is at risk. */
  recommendation?: { json: string; atRisk: boolean };
}
