/**
 * Writes one offer: the worker (already claimed), the offer row, the incident moved to `offered`,
 * the timeline entry and the news. Shared by automatic dispatch and an operator's assignment.
 */
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { INCIDENT_STATES, type NotifySettingsRequest, type OfferView, type TimelineType } from '@xiaonao/contracts';
import { canOffer, isPhoneOnline, offerWindowSeconds, type ChainAnchor, type ChainedEvent } from '@xiaonao/domain';
import { HUB_CONFIG, type HubConfig } from '../../config/hub-config';
import { MetricsService } from '../../ops/metrics.service';
import { PagePlanner, type OfferToPage } from '../../notify/page-planner';
import { Outbox, type OutboxItem } from '../../outbox/outbox';
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

/** The states a case can be offered from (canOffer), as the statement checks them under the lock. */
const OFFERABLE_STATES = INCIDENT_STATES.filter((state) => canOffer(state));

const OFFER_COLUMNS = 'id, township_id, incident_id, worker_id, offered_at, expires_at, outcome, distance_m, queued';
/** Typed: the same list serves VALUES and a SELECT over the claimed worker. */
const OFFER_VALUES = `$1::uuid, $2::uuid, $3::uuid, $4::uuid, $5::timestamptz, $6::timestamptz, 'pending', $7::float8, $8::boolean`;

@Injectable()
export class OfferWriter {
  constructor(
    @Inject(IncidentStore) private readonly incidents: IncidentStore,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    @Inject(MetricsService) private readonly metrics: MetricsService,
    @Inject(PagePlanner) private readonly pages: PagePlanner,
  ) {}

  /** An offer to a worker the caller has claimed already (an operator's assignment, a race's later offers). */
  async write(tx: Sql, incident: IncidentRow, worker: WorkerRow, facts: OfferFacts, now: Date, shape: OfferShape = {}): Promise<OfferView> {
    const o = this.prepare(incident, worker, facts, now, shape);
    await tx.query(o.offerPart.sql, [...o.offerPart.params]);
    await tx.query(`UPDATE incident SET state = 'offered', worker_id = $2, updated_at = $3 WHERE id = $1`, [incident.id, o.race ? null : worker.id, now]);
    await this.incidents.record(tx, o.event);
    if (!shape.selfTaken) await this.pages.plan(tx, o.page, worker);
    return this.announce(tx, incident, worker, await this.incidents.refresh(tx, incident.id), o, now);
  }

  /**
   * Dispatch's offer, in one statement: the worker claimed (free, or their queue place), the offer, the
   * case moved to `offered` with the judgement it was made by, its timeline entry chained on the anchor
   * read under the case's lock, the paging chain, and the case read back. Null, with nothing written,
   * when someone else got the worker first.
   */
  async claimAndWrite(tx: Sql, incident: IncidentRow, worker: WorkerRow, facts: OfferFacts, now: Date, shape: OfferShape, fold: OfferFold): Promise<OfferView | null> {
    const o = this.prepare(incident, worker, facts, now, shape);
    const link = this.incidents.link(fold.anchor, o.event);
    const paging = shape.selfTaken ? null : this.pages.planPart('paged', 'made', o.page, worker, fold.notifySettings);
    // Gated on the anchor too: the worker is never claimed for an offer that is then not written.
    const gate = 'EXISTS (SELECT 1 FROM incident WHERE id = $2 AND event_count = $3)';
    const parts = this.offerParts(incident, worker, o, link, fold, gate, now);
    parts[0] = { ...parts[0], params: [...parts[0].params, fold.anchor.count] };
    const { sql, params } = composeStatement([...parts, ...(paging && paging !== 'apart' ? [paging] : [])], incidentSelectFrom('moved'));
    const [row] = await tx.query<IncidentRow>(sql, params);
    if (!row) return null;
    if (paging === 'apart') await this.pages.plan(tx, o.page, worker, fold.notifySettings);
    return this.announce(tx, incident, worker, row, o, now);
  }

  /**
   * Dispatch's offer without a transaction: one statement that locks the case only if it is still as it was
   * read (its chain's anchor, an offerable state, no operator's confirmation awaited), claims the worker,
   * writes the offer, moves the case with its timeline entry, plans the paging chain and stores the news,
   * built here from the row as it will be. All of it or nothing, as one statement is. 'apart' when some of
   * it cannot ride in the statement (a paging step or a tap that writes apart): the caller uses a transaction.
   */
  async offerAlone(db: Sql, incident: IncidentRow, worker: WorkerRow, facts: OfferFacts, now: Date, shape: OfferShape, fold: OfferFold): Promise<OfferView | 'worker-taken' | 'case-moved' | 'apart'> {
    const o = this.prepare(incident, worker, facts, now, shape);
    const link = this.incidents.link(fold.anchor, o.event);
    const paging = shape.selfTaken ? null : this.pages.planPart('paged', 'made', o.page, worker, fold.notifySettings);
    if (paging === 'apart' || o.race) return 'apart';
    // The case as the statement leaves it: its news is written by the same statement.
    const after: IncidentRow = {
      ...incident,
      state: 'offered',
      worker_id: worker.id,
      worker_name: worker.name,
      worker_phone: worker.phone,
      updated_at: now,
      event_count: link.seq,
      last_event_hash: link.hash,
      ...(fold.recommendation
        ? { recommendation: JSON.parse(fold.recommendation.json) as IncidentRow['recommendation'], arrival_at_risk: incident.arrival_at_risk || fold.recommendation.atRisk }
        : {}),
    };
    const news = this.news(incident, worker, after, o, now);
    const stored = await this.outbox.newsParts(db, 'news', 'moved', news.items);
    if (!stored) return 'apart';
    const held: StatementPart = {
      name: 'held',
      sql: `SELECT id FROM incident WHERE id = $1 AND event_count = $2 AND state = ANY($3::text[]) AND NOT awaiting_confirmation FOR UPDATE`,
      params: [incident.id, fold.anchor.count, OFFERABLE_STATES],
    };
    const { sql, params } = composeStatement(
      [held, ...this.offerParts(incident, worker, o, link, fold, 'EXISTS (SELECT 1 FROM held WHERE held.id = $2::uuid)', now), ...(paging ? [paging] : []), ...stored],
      'SELECT (SELECT count(*) FROM held)::int AS held, (SELECT count(*) FROM moved)::int AS moved',
    );
    const [result] = await db.query<{ held: number; moved: number }>(sql, params);
    if (!result?.held) return 'case-moved';
    if (!result.moved) return 'worker-taken';
    this.metrics.offers.inc();
    return news.offer;
  }

  /** The worker claimed when `gate` holds (free, or their queue place), the offer, the case moved, its timeline entry. */
  private offerParts(incident: IncidentRow, worker: WorkerRow, o: ReturnType<OfferWriter['prepare']>, link: ChainedEvent, fold: OfferFold, gate: string, now: Date): StatementPart[] {
    const claim: StatementPart = {
      name: 'claimed',
      sql: o.queued
        ? `UPDATE worker SET queued_incident_id = $2, updated_at = now() WHERE id = $1 AND status = 'busy' AND queued_incident_id IS NULL AND on_duty AND ${gate} RETURNING id`
        : `UPDATE worker SET status = 'offered', updated_at = now() WHERE id = $1 AND status = 'available' AND on_duty AND ${gate} RETURNING id`,
      params: [worker.id, incident.id],
    };
    const recommended = fold.recommendation ? ', recommendation = $7::jsonb, arrival_at_risk = arrival_at_risk OR $8::boolean' : '';
    return [
      claim,
      { name: 'made', sql: `INSERT INTO offer (${OFFER_COLUMNS}) SELECT ${OFFER_VALUES} FROM claimed RETURNING id`, params: o.offerPart.params },
      {
        name: 'moved',
        sql: `UPDATE incident SET state = 'offered', worker_id = $2, updated_at = $3, event_count = $4, last_event_hash = $5${recommended}
              WHERE id = $1 AND event_count = $6 AND EXISTS (SELECT 1 FROM made) RETURNING *`,
        params: [incident.id, o.race ? null : worker.id, now, link.seq, link.hash, fold.anchor.count, ...(fold.recommendation ? [fold.recommendation.json, fold.recommendation.atRisk] : [])],
      },
      this.incidents.eventPart('logged', 'moved', incident.township_id, link),
    ];
  }

  private prepare(incident: IncidentRow, worker: WorkerRow, facts: OfferFacts, now: Date, shape: OfferShape) {
    const race = shape.race === true;
    const queued = shape.queued === true;
    // A worker whose page is closed is reached by DingTalk, SMS or a call: their offer stands long enough for that.
    const online = isPhoneOnline({ lastSeenAt: worker.last_seen_at, offlineAt: worker.offline_at, positionAt: worker.position_at }, now);
    const windowSeconds = offerWindowSeconds(shape.windowSeconds ?? this.config.offerTimeoutMs / 1000, online, this.config.offerWindowOfflineSeconds);
    const expiresAt = new Date(now.getTime() + windowSeconds * 1000);
    // Made here, not by the database: the timeline entry and the paging chain name it in the same statement.
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
      sql: `INSERT INTO offer (${OFFER_COLUMNS}) VALUES (${OFFER_VALUES}) RETURNING id`,
      params: [offerId, incident.township_id, incident.id, worker.id, now, expiresAt, facts.distanceM, queued],
    };
    const page: OfferToPage = { townshipId: incident.township_id, offerId, incidentId: incident.id, category: incident.category, offeredAt: now, expiresAt, online };
    return { race, queued, offerId, expiresAt, event, offerPart, page, distanceM: facts.distanceM };
  }

  /** The offer's news (the case, and the worker now held), written with it. */
  private async announce(tx: Sql, incident: IncidentRow, worker: WorkerRow, row: IncidentRow, o: ReturnType<OfferWriter['prepare']>, now: Date): Promise<OfferView> {
    const news = this.news(incident, worker, row, o, now);
    await this.outbox.addMany(tx, news.items, { heldCases: [incident.id] });
    this.metrics.offers.inc();
    return news.offer;
  }

  /** The offer as the worker's phone sees it, and its news: the case offered, and the worker now held. */
  private news(incident: IncidentRow, worker: WorkerRow, row: IncidentRow, o: ReturnType<OfferWriter['prepare']>, now: Date): { offer: OfferView; items: OutboxItem[] } {
    const view = this.incidents.view(row, now);
    const offer: OfferView = {
      offerId: o.offerId,
      incidentId: incident.id,
      workerId: worker.id,
      offeredAt: now.toISOString(),
      expiresAt: o.expiresAt.toISOString(),
      distanceM: o.distanceM,
      queued: o.queued,
      incident: view,
    };
    // A queued offer leaves a busy worker busy; their queue place is taken.
    const held = o.queued ? { ...worker, queued_incident_id: incident.id } : { ...worker, status: 'offered' as const };
    return {
      offer,
      items: [
        { townshipId: incident.township_id, event: 'incident.offered', payload: { incident: view, offer } },
        { townshipId: incident.township_id, event: 'worker.updated', payload: { worker: toWorkerView(held) } },
      ],
    };
  }
}

/** What dispatch knows that lets the offer be written in one statement (see OfferWriter.write). */
export interface OfferFold {
  /** The case's chain as read under its row's lock. */
  anchor: ChainAnchor;
  /** The judgement to keep on the case with the offer (OfferNext), as JSON, and whether arrival is at risk. */
  recommendation?: { json: string; atRisk: boolean };
  /** The township's paging chains, read with the case. */
  notifySettings: NotifySettingsRequest;
}
