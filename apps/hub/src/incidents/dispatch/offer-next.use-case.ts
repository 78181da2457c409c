/**
 * Offers a waiting case to the best eligible worker. The domain judges every worker of the township
 * (ranked by estimated arrival, or skipped with a reason) and the judgement is kept on the incident
 * for the operator to see; then the best worker is claimed atomically in PostgreSQL so that two cases
 * never reserve the same person at once.
 */
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { CandidateView, Category, LngLat, RecommendationView, ResponsibilityView } from '@xiaonao/contracts';
import { canOffer, DEFAULT_NOTIFY_SETTINGS, recommendWorkers, rerankWithRoutes, type DispatchWorker, type LiveWorkerIndex, type Recommendation } from '@xiaonao/domain';
import { Clock } from '../../clock/clock';
import { HUB_CONFIG, type HubConfig } from '../../config/hub-config';
import { CHANNEL_RECORD_MS } from '../../notify/channel-record.sql';
import { reachabilityOf } from '../../notify/page-queries';
import { Outbox } from '../../outbox/outbox';
import { Database, type Sql } from '../../persistence/database';
import { TownshipDirectory } from '../../township/township-directory';
import { Routing } from '../../routing/routing';
import { PositionBuffer } from '../../workers/position-buffer';
import { WorkerStore, type DispatchWorkerRow, type RefusalWindow } from '../../workers/worker-store';
import type { IncidentRow } from '../incident-row';
import { IncidentStore, type DispatchCaseRow } from '../incident-store';
import { DispatchPolicyProvider } from './dispatch-policy';
import { OfferWriter, type OfferFacts } from './offer-writer';

export type OfferOutcome = 'offered' | 'no-worker' | 'not-waiting';

/** What a caller that has just made the case knows of it: enough to warm the caches dispatch reads. */
export interface KnownCase {
  townshipId: string;
  category: Category;
  /** The case as the statement that wrote it read it back: dispatch judges from it without reading it again. */
  row?: DispatchCaseRow;
}

/** How many of the nearest workers are judged for each case (plus the grid's own). */
const SHORTLIST = 100;

function toDispatchWorker(row: DispatchWorkerRow, live: { location: LngLat; at: Date } | null, reachability: DispatchWorker['reachability']): DispatchWorker {
  // The buffer holds fixes not yet written; the newer of the two wins.
  const fresh = live && (!row.position_at || live.at > row.position_at);
  return {
    id: row.id,
    team: row.team,
    gridId: row.grid_id,
    onDuty: row.on_duty,
    status: row.status,
    location: fresh ? live.location : row.lng === null || row.lat === null ? null : { lng: row.lng, lat: row.lat },
    positionAt: fresh ? live.at : row.position_at,
    travelModes: row.travel_modes,
    casesToday: row.cases_today,
    restingUntil: row.rest_until,
    queuedIncidentId: row.queued_incident_id,
    reachability,
  };
}

/** The timeline's facts of dispatch's offer to a ranked candidate. */
function offerFacts(candidate: Recommendation['ranked'][number]): OfferFacts {
  return {
    distanceM: candidate.distanceM,
    actor: 'dispatch',
    type: 'offered',
    detail: { etaSeconds: candidate.etaSeconds, mode: candidate.mode, ownGrid: candidate.ownGrid, stale: candidate.stale },
  };
}

function recommendationView(rec: Recommendation, rows: ReadonlyMap<string, DispatchWorkerRow>, at: Date): RecommendationView {
  const candidate = (rank: number | null) => (v: Recommendation['ranked'][number]): CandidateView => ({
    workerId: v.workerId,
    name: rows.get(v.workerId)?.name ?? '',
    team: rows.get(v.workerId)?.team ?? 'grid_worker',
    skipped: v.skipped,
    stale: v.stale,
    ownGrid: v.ownGrid,
    distanceM: v.distanceM,
    etaSeconds: v.etaSeconds,
    mode: v.mode,
    routed: v.routed === true,
    queued: v.queued,
    rank,
    reachability: v.reachability,
  });
  return {
    at: at.toISOString(),
    arrivalAtRisk: rec.arrivalAtRisk,
    arrivalBudgetSeconds: rec.arrivalBudgetSeconds,
    candidates: [...rec.ranked.map((v, i) => candidate(i + 1)(v)), ...rec.skipped.map((v) => candidate(null)(v))],
  };
}

@Injectable()
export class OfferNext implements OnModuleDestroy {
  private readonly logger = new Logger('Dispatch');
  private readonly inFlight = new Set<Promise<OfferOutcome>>();

  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(IncidentStore) private readonly incidents: IncidentStore,
    @Inject(WorkerStore) private readonly workers: WorkerStore,
    @Inject(TownshipDirectory) private readonly townships: TownshipDirectory,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(OfferWriter) private readonly offers: OfferWriter,
    @Inject(PositionBuffer) private readonly positions: PositionBuffer,
    @Inject(Routing) private readonly routing: Routing,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    @Inject(DispatchPolicyProvider) private readonly policy: DispatchPolicyProvider,
  ) {}

  /**
   * Never throws: dispatch runs after the request that caused it has been answered. `known`: the caller
   * has the case in hand (just made it), so it is not read before the transaction, which reads it anyway.
   */
  run(incidentId: string, known?: KnownCase): Promise<OfferOutcome> {
    const job = Database.step('dispatch', () => this.attempt(incidentId, known ?? null)).finally(() => this.inFlight.delete(job));
    this.inFlight.add(job);
    return job;
  }

  /** Lets dispatches already under way finish before the database closes. */
  async onModuleDestroy(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  private async attempt(incidentId: string, known: KnownCase | null): Promise<OfferOutcome> {
    // Whether every row this dispatch leaves for the relay was numbered as it was written: the case's
    // receipt when its intake wrote it alone (known.row), and the offer written alone.
    let numbered = false;
    try {
      // Caches that may read the database are warmed first: a transaction must never wait for a second
      // connection from the pool (with the embedded database's single connection it would wait forever).
      // Routing needs the case's row before the transaction; otherwise what the caller knows will do.
      const head = known && !this.routing.enabled ? null : await this.incidents.find(this.db, incidentId);
      if (head && (!canOffer(head.state) || head.awaiting_confirmation)) return 'not-waiting';
      const at = head ? { townshipId: head.township_id, category: head.category } : known;
      if (!at) return 'not-waiting';
      const responsibility = await this.townships.responsibility(at.townshipId, at.category);
      const index = await this.positions.index(at.townshipId);
      // Routing is a network call: made before the transaction, so no connection or lock waits on it.
      const routes = head && this.routing.enabled ? await this.routes(head, responsibility, index) : new Map<string, number>();
      if (!routes.size && responsibility.offerMode !== 'race') {
        const alone = await this.offerAlone(incidentId, responsibility, index, known?.row);
        numbered = alone === 'offered' && known?.row !== undefined;
        if (alone !== 'apart') return alone;
      }
      return await this.db.transaction((tx) => this.offer(tx, incidentId, responsibility, index, routes));
    } catch (error) {
      this.logger.warn(`dispatch of ${incidentId} failed, the sweeper will retry: ${String(error)}`);
      return 'not-waiting';
    } finally {
      // The offer's news, and whatever the caller committed before (a new case's receipt: IncidentCreator.announce).
      this.outbox.kick({ numbered });
    }
  }

  /**
   * The workers this case would be judged against, ranked by estimate (reads through the pool or a
   * transaction), in one statement with their channel records and, given `refusals`, who refused it lately.
   */
  private async estimate(sql: Sql, incident: IncidentRow, responsibility: ResponsibilityView, index: LiveWorkerIndex, refusals: RefusalWindow | null, now: Date) {
    const near = index.nearest(incident.lng, incident.lat, { maxResults: SHORTLIST, maxDistanceM: this.policy.policy.maxRadiusM });
    const rows = await this.workers.forDispatch(sql, incident.township_id, near.map((n) => n.id), incident.grid_id, refusals, new Date(now.getTime() - CHANNEL_RECORD_MS));
    const excluded = new Set(rows.filter((r) => r.refused_lately).map((r) => r.id));
    const rec = recommendWorkers(
      {
        location: { lng: incident.lng, lat: incident.lat },
        gridId: incident.grid_id,
        receivedAt: incident.received_at,
        teams: responsibility.teams,
        queueAllowed: responsibility.queueWhenBusy,
      },
      rows.map((r) => toDispatchWorker(r, this.positions.latest(r.id), reachabilityOf(r, r, now).verdict)),
      now,
      this.policy.policy,
      excluded,
    );
    return { rec, byId: new Map(rows.map((r) => [r.id, r])) };
  }

  /**
   * With a routing server: routed travel times for the top of the shortlist as it stands before the
   * transaction. The transaction ranks again with them; a worker who moved up meanwhile keeps the estimate.
   */
  private async routes(incident: IncidentRow, responsibility: ResponsibilityView, index: LiveWorkerIndex): Promise<ReadonlyMap<string, number>> {
    const { rec, byId: rows } = await this.estimate(this.db, incident, responsibility, index, null, this.clock.now());
    const site = { lng: incident.lng, lat: incident.lat };
    const top = rec.ranked.filter((v) => !v.stale && v.mode !== null).slice(0, this.config.routing.shortlist);
    const queries = top.flatMap((v) => {
      const row = rows.get(v.workerId);
      const live = this.positions.latest(v.workerId);
      const from = live?.location ?? (row && row.lng !== null && row.lat !== null ? { lng: row.lng, lat: row.lat } : null);
      return from && v.mode ? [{ workerId: v.workerId, from, mode: v.mode }] : [];
    });
    return this.routing.travelSeconds(queries, site);
  }

  /**
   * The usual case, in three statements and no transaction (two for a case its intake hands over as written):
   * the case and the judged workers read, then the
   * best worker's offer as one statement that holds only if the case is still as read (OfferWriter.offerAlone);
   * a worker someone else got passes to the next. 'apart' hands over to the transaction (offer): the case
   * moved meanwhile, arrival is newly at risk (its warning is written apart), no worker could be claimed
   * (the judgement is kept), or the offer's paging or news cannot ride in one statement.
   */
  private async offerAlone(incidentId: string, responsibility: ResponsibilityView, index: LiveWorkerIndex, written?: DispatchCaseRow): Promise<OfferOutcome | 'apart'> {
    // A case changed since it was read fails the offer's gate and goes to the transaction: nothing stale is written.
    const incident = written ?? (await this.incidents.findForDispatch(this.db, incidentId, false));
    if (!incident || !canOffer(incident.state) || incident.awaiting_confirmation) return 'not-waiting';
    const now = this.clock.now();
    const refusals = { incidentId, since: new Date(now.getTime() - this.config.offerRetryAfterMs) };
    const { rec, byId } = await this.estimate(this.db, incident, responsibility, index, refusals, now);
    if (rec.arrivalAtRisk && !incident.arrival_at_risk) return 'apart';
    const recommendation = { json: JSON.stringify(recommendationView(rec, byId, now)), atRisk: rec.arrivalAtRisk };
    const fold = { anchor: { count: incident.event_count, lastHash: incident.last_event_hash }, recommendation, notifySettings: incident.notify_settings ?? DEFAULT_NOTIFY_SETTINGS };
    for (const candidate of rec.ranked) {
      const worker = byId.get(candidate.workerId) as DispatchWorkerRow;
      const facts = offerFacts(candidate);
      const shape = { queued: candidate.queued, windowSeconds: responsibility.offerWindowSeconds };
      const written = await this.offers.offerAlone(this.db, incident, worker, facts, now, shape, fold);
      if (written === 'worker-taken') continue;
      return written === 'case-moved' || written === 'apart' ? 'apart' : 'offered';
    }
    return 'apart';
  }

  private async offer(tx: Sql, incidentId: string, responsibility: ResponsibilityView, index: LiveWorkerIndex, routes: ReadonlyMap<string, number>): Promise<OfferOutcome> {
    const incident = await this.incidents.findForDispatch(tx, incidentId);
    if (!incident || !canOffer(incident.state) || incident.awaiting_confirmation) return 'not-waiting';
    const notifySettings = incident.notify_settings ?? DEFAULT_NOTIFY_SETTINGS;
    const now = this.clock.now();
    // Judge the nearest workers (the live index, great-circle, within the radius) and the grid's own,
    // leaving out those who declined or let this case's offer expire lately.
    const refusals = { incidentId, since: new Date(now.getTime() - this.config.offerRetryAfterMs) };
    const { rec: estimated, byId } = await this.estimate(tx, incident, responsibility, index, refusals, now);
    const rec = routes.size ? rerankWithRoutes(estimated, routes, this.policy.policy) : estimated;
    const firstWarning = rec.arrivalAtRisk && !incident.arrival_at_risk;
    const recommendation = { json: JSON.stringify(recommendationView(rec, byId, now)), atRisk: rec.arrivalAtRisk };
    // The judgement is kept on the case: with the first offer when nothing else is written before it
    // (one statement, OfferWriter), otherwise at once.
    let kept = false;
    const keep = async () => {
      if (kept) return;
      kept = true;
      await tx.query('UPDATE incident SET recommendation = $2, arrival_at_risk = arrival_at_risk OR $3 WHERE id = $1', [incidentId, recommendation.json, recommendation.atRisk]);
    };
    if (firstWarning) {
      await keep();
      const best = rec.ranked[0];
      await this.incidents.record(tx, {
        incidentId,
        townshipId: incident.township_id,
        type: 'arrival_at_risk',
        at: now,
        actor: 'dispatch',
        detail: { budgetSeconds: rec.arrivalBudgetSeconds, bestEtaSeconds: best?.etaSeconds ?? null, eligible: rec.ranked.length },
      });
    }

    // Sequential: the best worker alone; race: the top N at once, first to accept wins. A busy worker's
    // queue place is only offered when no free worker could be claimed, and to one worker at a time.
    const wanted = responsibility.offerMode === 'race' ? responsibility.raceSize : 1;
    let made = 0;
    for (const candidate of rec.ranked) {
      if (made >= wanted || (candidate.queued && made > 0)) break;
      const worker = byId.get(candidate.workerId) as DispatchWorkerRow;
      const facts = offerFacts(candidate);
      const shape = { race: wanted > 1 && !candidate.queued, queued: candidate.queued, windowSeconds: responsibility.offerWindowSeconds };
      if (!kept) {
        // The first offer, with nothing written before it: claim and offer in one statement, the chain's
        // anchor as read under the lock, the judgement kept with it. Later ones (a race) go step by step.
        const offer = await this.offers.claimAndWrite(tx, incident, worker, facts, now, shape, {
          anchor: { count: incident.event_count, lastHash: incident.last_event_hash },
          recommendation,
          notifySettings,
        });
        if (!offer) continue;
        kept = true;
      } else {
        const claimed = candidate.queued ? await this.workers.claimForQueue(tx, candidate.workerId, incidentId) : await this.workers.claimForOffer(tx, candidate.workerId);
        if (!claimed) continue;
        await this.offers.write(tx, incident, worker, facts, now, shape);
      }
      made++;
      if (candidate.queued) break;
    }
    if (made) return 'offered';
    await keep();
    if (firstWarning) await this.outbox.add(tx, incident.township_id, 'incident.updated', { incident: this.incidents.view(await this.incidents.refresh(tx, incidentId), now) });
    return 'no-worker';
  }
}
