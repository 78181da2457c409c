/**
 * A worker's step on a case: accept, decline, contact the party, arrive, close with a result.
 * The domain decides whether the step is legal; this use case records it with its time and the
 * worker's position, and queues the news in the same transaction. Arrival is also taken on the
 * worker's behalf when their positions show them on site (see AutoArrival).
 *
 * A step may come late from a phone's offline queue: its Idempotency-Key makes a resend answer the
 * first answer (field/step-receipts.ts), and its device time counts within bounds (judgeDeviceTime).
 */
import { Inject, Injectable } from '@nestjs/common';
import type { DeviceTimeView, IncidentView, LngLat, PositionFix, SessionUser, TimelineType } from '@xiaonao/contracts';
import {
  afterDecline,
  applyWorkerStep,
  checkQueuedStep,
  contactKindOf,
  DomainError,
  judgeDeviceTime,
  judgeManualArrival,
  restUntilAfterJob,
  summarizeCalls,
  type WorkerStep,
} from '@xiaonao/domain';
import { Clock } from '../../clock/clock';
import { FollowUpScheduler } from '../../followup/followup-scheduler';
import { HUB_CONFIG, type HubConfig } from '../../config/hub-config';
import { StepReceipts, stepKey, type StepKey } from '../../field/step-receipts';
import { MetricsService } from '../../ops/metrics.service';
import { Outbox } from '../../outbox/outbox';
import { Database, type Sql } from '../../persistence/database';
import { PositionBuffer } from '../../workers/position-buffer';
import { PositionService, type CheckedFix } from '../../workers/position.service';
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
  /** When the worker tapped, by the phone's reckoning of the hub's clock (ISO-8601). */
  deviceAt?: string;
  /** The phone's Idempotency-Key for this tap. */
  key?: string;
}

/** The case after the step, and whether this was a resend answered from the first time. */
export interface StepAnswer {
  incident: IncidentView;
  replayed: boolean;
}

const EVENT: Record<Exclude<WorkerStep, 'decline'>, 'incident.accepted' | 'incident.contacted' | 'incident.arrived' | 'incident.closed'> = {
  accept: 'incident.accepted',
  contact: 'incident.contacted',
  arrive: 'incident.arrived',
  close: 'incident.closed',
};

const TIMELINE: Record<WorkerStep, TimelineType> = { accept: 'accepted', decline: 'declined', contact: 'contacted', arrive: 'arrived', close: 'closed' };

/** Who takes a step: a signed-in worker, or the hub on a worker's behalf. */
interface StepActor {
  townshipId: string;
  workerId: string;
  /** As the timeline records it: `worker:<username>`. */
  actor: string;
}

/** A step as the transaction needs it: the command without its user, and the position already accepted. */
interface StepInput {
  incidentId: string;
  step: WorkerStep;
  fix: CheckedFix | null;
  reason?: string;
  result?: string;
  /** Set when the hub detected the arrival from positions. */
  autoArrival?: { distanceM: number };
  deviceAt?: Date;
  key?: StepKey;
}

/** How arrival was established, stored on the case and in the timeline. */
interface ArrivalFacts {
  distanceM: number | null;
  flagged: boolean;
  auto: boolean;
}

export interface AutoArrivalCommand {
  townshipId: string;
  workerId: string;
  incidentId: string;
  /** The fix that completed the streak inside the radius. */
  fix: CheckedFix;
  distanceM: number;
}

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
    @Inject(PositionBuffer) private readonly buffer: PositionBuffer,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    @Inject(StepReceipts) private readonly receipts: StepReceipts,
    @Inject(FollowUpScheduler) private readonly followUps: FollowUpScheduler,
  ) {}

  async run(cmd: WorkerStepCommand): Promise<StepAnswer> {
    const workerId = cmd.user.workerId;
    if (cmd.user.role !== 'worker' || !workerId) throw new DomainError('FORBIDDEN', '只有网格员可以执行此操作', 'Only workers take steps on a case');
    const request = { position: cmd.position ?? null, reason: cmd.reason ?? null, result: cmd.result ?? null, deviceAt: cmd.deviceAt ?? null };
    const key = cmd.key ? stepKey(workerId, cmd.key, cmd.step, cmd.incidentId, request) : undefined;
    // A resend of a step already applied is answered before anything moves (its fix included).
    const seen = key ? await this.receipts.answered<IncidentView>(key) : null;
    if (seen) return { incident: seen.response, replayed: true };
    // A step's position moves the worker too; one outside the township refuses the step.
    const fix = cmd.position ? await this.positions.report(cmd.user.townshipId, workerId, cmd.position) : null;
    const by: StepActor = { townshipId: cmd.user.townshipId, workerId, actor: `worker:${cmd.user.username}` };
    const deviceAt = cmd.deviceAt ? new Date(cmd.deviceAt) : undefined;
    return this.take(by, { incidentId: cmd.incidentId, step: cmd.step, fix, reason: cmd.reason, result: cmd.result, deviceAt, key });
  }

  /**
   * The holder of a contacted case stood inside the site's radius for consecutive fixes: the hub
   * takes the arrival on their behalf. The fix has already been accepted by the position pipeline.
   */
  async arriveAutomatically(cmd: AutoArrivalCommand): Promise<IncidentView> {
    const [user] = await this.db.query<{ username: string }>('SELECT username FROM app_user WHERE worker_id = $1 ORDER BY username LIMIT 1', [cmd.workerId]);
    const by: StepActor = { townshipId: cmd.townshipId, workerId: cmd.workerId, actor: `worker:${user?.username ?? cmd.workerId}` };
    const answer = await this.take(by, { incidentId: cmd.incidentId, step: 'arrive', fix: cmd.fix, autoArrival: { distanceM: cmd.distanceM } });
    return answer.incident;
  }

  private async take(by: StepActor, input: StepInput): Promise<StepAnswer> {
    const { workerId } = by;
    let waitingAgain = false;
    let changed = true;
    let replayed = false;
    const view = await this.db.transaction(async (tx) => {
      // Claimed before the case is locked: a concurrent resend waits here, then reads the first answer.
      const replay = input.key ? await this.receipts.claim<IncidentView>(tx, input.key) : null;
      if (replay) {
        changed = false;
        replayed = true;
        return replay.response;
      }
      const row = await this.incidents.find(tx, input.incidentId, true);
      if (!row || row.township_id !== by.townshipId) throw new DomainError('NOT_FOUND', '事件不存在', 'No such case');
      const now = this.clock.now();
      // The hub may have seen the worker arrive a moment before their own tap: the tap confirms it, not an error.
      if (input.step === 'arrive' && !input.autoArrival && row.state === 'arrived' && row.arrived_auto && row.worker_id === workerId) {
        changed = false;
        return this.answered(tx, input, this.incidents.view(row, now));
      }
      const offers = await tx.query<{ worker_id: string; outcome: string; offered_at: Date }>(`SELECT worker_id, outcome, offered_at FROM offer WHERE incident_id = $1`, [row.id]);
      const offeredTo = offers.filter((o) => o.outcome === 'pending').map((o) => o.worker_id);
      const mine = offers.filter((o) => o.worker_id === workerId);
      let next = applyWorkerStep({ state: row.state, workerId: row.worker_id, offeredTo, formerlyTheirs: mine.length > 0 }, input.step, workerId);
      checkQueuedStep(row.queued, input.step);
      // A decline in a race leaves the case offered while the others' offers stand.
      if (input.step === 'decline') next = afterDecline(offeredTo.filter((id) => id !== workerId).length);
      const lastOffer = mine.reduce<Date | null>((latest, o) => (latest && latest > o.offered_at ? latest : o.offered_at), null);
      const timing = this.happenedAt(input, row, lastOffer, now);
      const stepDetail = await this.stepDetail(tx, input, row, workerId, timing.at);
      const worker = await this.apply(tx, input, row, workerId, timing.at, stepDetail.arrival);
      await tx.query('UPDATE incident SET state = $2, updated_at = $3 WHERE id = $1', [row.id, next, now]);
      waitingAgain = next === 'received';
      const location: LngLat | null = input.fix ? { lng: input.fix.lng, lat: input.fix.lat } : null;
      await this.incidents.record(tx, {
        incidentId: row.id,
        townshipId: row.township_id,
        type: TIMELINE[input.step],
        at: now,
        actor: by.actor,
        workerId,
        location,
        detail: {
          ...(input.reason ? { reason: input.reason } : {}),
          ...(input.result ? { result: input.result } : {}),
          ...stepDetail.detail,
          ...(timing.deviceTime ? { deviceTime: timing.deviceTime } : {}),
        },
      });
      const incident = this.incidents.view(await this.incidents.refresh(tx, row.id), now);
      const step = input.step;
      if (step === 'decline') await this.outbox.add(tx, row.township_id, 'incident.declined', { incident, workerId, reason: input.reason ?? '' });
      else await this.outbox.add(tx, row.township_id, EVENT[step], { incident });
      // A case closed solved gets its 回访 per the township's rules, in this transaction (#11).
      if (step === 'close') await this.followUps.afterClose(tx, row.id, now);
      if (worker) await this.outbox.add(tx, row.township_id, 'worker.updated', { worker: toWorkerView(worker) });
      return this.answered(tx, input, incident);
    });
    if (!changed) return { incident: view, replayed };
    this.metrics.steps.inc({ step: input.step });
    this.outbox.kick();
    if (waitingAgain) void this.offerNext.run(input.incidentId);
    return { incident: view, replayed: false };
  }

  /** Saves the answer under the step's key, in the step's transaction. */
  private async answered(tx: Sql, input: StepInput, incident: IncidentView): Promise<IncidentView> {
    if (input.key) await this.receipts.save(tx, input.key, incident);
    return incident;
  }

  /**
   * When the step counts as done: its device time within bounds (judgeDeviceTime), else now. The
   * previous step bounds it: the offer for an answer, the accept for contact, and so on.
   */
  private happenedAt(input: StepInput, row: IncidentRow, lastOffer: Date | null, now: Date): { at: Date; deviceTime: DeviceTimeView | null } {
    if (!input.deviceAt) return { at: now, deviceTime: null };
    const previousAt: Record<WorkerStep, Date | null> = { accept: lastOffer, decline: lastOffer, contact: row.accepted_at, arrive: row.contacted_at, close: row.arrived_at };
    const judged = judgeDeviceTime({ deviceAt: input.deviceAt, receivedAt: now, previousAt: previousAt[input.step], maxAgeSeconds: this.config.field.deviceTimeMaxAgeSeconds });
    return { at: judged.happenedAt, deviceTime: judged.view };
  }

  /**
   * What the timeline says beyond who and when. Contact: whether the calls back it up (or that it was
   * a site check). Arrival: how far the worker's fix was from the site, flagged when doubtful.
   */
  private async stepDetail(tx: Sql, input: StepInput, row: IncidentRow, workerId: string, now: Date): Promise<{ detail: Record<string, unknown>; arrival: ArrivalFacts | null }> {
    switch (input.step) {
      case 'contact': {
        const calls = await tx.query<{ answered: boolean; duration_seconds: number | null }>('SELECT answered, duration_seconds FROM call_attempt WHERE incident_id = $1 ORDER BY id', [row.id]);
        const record = summarizeCalls(calls.map((c) => ({ answered: c.answered, durationSeconds: c.duration_seconds })));
        return { detail: { contactKind: contactKindOf({ callerPhone: row.caller_phone }), callAttempts: record.attempts, callEvidence: record.evidence }, arrival: null };
      }
      case 'arrive': {
        if (input.autoArrival) return { detail: { auto: true, distanceM: input.autoArrival.distanceM }, arrival: { distanceM: input.autoArrival.distanceM, flagged: false, auto: true } };
        const judged = judgeManualArrival({ lng: row.lng, lat: row.lat }, await this.lastFix(tx, input, workerId), now, {
          flagDistanceM: this.config.arrival.flagDistanceM,
          maxFixAgeSeconds: this.config.dispatch.staleAfterSeconds,
        });
        return { detail: { distanceM: judged.distanceM, flagged: judged.flagged, auto: false }, arrival: { distanceM: judged.distanceM, flagged: judged.flagged, auto: false } };
      }
      case 'accept':
      case 'decline':
      case 'close':
        return { detail: {}, arrival: null };
    }
  }

  /** Where the worker was when they tapped: the step's own fix, else the newest known (memory, then the database after a restart). */
  private async lastFix(tx: Sql, input: StepInput, workerId: string): Promise<{ location: LngLat; at: Date } | null> {
    if (input.fix) return { location: { lng: input.fix.lng, lat: input.fix.lat }, at: input.fix.at };
    const latest = this.buffer.latest(workerId);
    if (latest) return latest;
    const worker = await this.workers.find(tx, workerId);
    return worker && worker.lng !== null && worker.lat !== null && worker.position_at ? { location: { lng: worker.lng, lat: worker.lat }, at: worker.position_at } : null;
  }

  /** Step-specific writes; returns the worker row when the worker's status changed. */
  private async apply(tx: Sql, cmd: StepInput, row: IncidentRow, workerId: string, now: Date, arrival: ArrivalFacts | null): Promise<WorkerRow | null> {
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
        await tx.query('UPDATE incident SET arrived_at = COALESCE(arrived_at, $2), arrival_distance_m = $3, arrival_flagged = $4, arrived_auto = $5 WHERE id = $1', [
          row.id,
          now,
          arrival?.distanceM ?? null,
          arrival?.flagged ?? false,
          arrival?.auto ?? false,
        ]);
        return null;
      case 'close':
        // Closed before the worker moves on, so that a queued case can become their one active case.
        await tx.query(`UPDATE incident SET closed_at = $2, result = $3, state = 'closed', closure = 'resolved' WHERE id = $1`, [row.id, now, cmd.result ?? '']);
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
