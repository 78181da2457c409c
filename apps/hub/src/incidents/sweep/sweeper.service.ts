/**
 * The hub's heartbeat: lapses unanswered offers (and offers the case to the next worker), pushes
 * clock changes when they happen, and retries cases that found nobody. Claims rows with
 * SKIP LOCKED so that two hub processes never act on the same row twice.
 */
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { ClockAlert } from '@xiaonao/contracts';
import { afterOfferLapsed, clockStatuses, newAlarms } from '@xiaonao/domain';
import { Clock } from '../../clock/clock';
import { HUB_CONFIG, type HubConfig } from '../../config/hub-config';
import { MetricsService } from '../../ops/metrics.service';
import { Outbox } from '../../outbox/outbox';
import { Database } from '../../persistence/database';
import { PositionBuffer } from '../../workers/position-buffer';
import { WorkerStore, toWorkerView } from '../../workers/worker-store';
import { ClockPolicyProvider } from '../clock-policy';
import { OfferNext } from '../dispatch/offer-next.use-case';
import { IncidentStore } from '../incident-store';

const WAITING_RETRY_MS = 2_000;
const PRUNE_EVERY_MS = 10 * 60_000;

@Injectable()
export class Sweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Sweeper');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private lastWaitingPass = 0;
  private lastPrune = 0;

  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(IncidentStore) private readonly incidents: IncidentStore,
    @Inject(WorkerStore) private readonly workers: WorkerStore,
    @Inject(ClockPolicyProvider) private readonly clocks: ClockPolicyProvider,
    @Inject(OfferNext) private readonly offerNext: OfferNext,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    @Inject(MetricsService) private readonly metrics: MetricsService,
    @Inject(PositionBuffer) private readonly positions: PositionBuffer,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (!this.running) this.running = this.sweep().finally(() => (this.running = null));
    }, this.config.sweepIntervalMs);
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** One pass; exposed so tests can drive it with a fake clock. */
  async sweep(): Promise<void> {
    try {
      await this.lapseOffers();
      await this.pushClocks();
      const now = this.clock.now().getTime();
      if (now - this.lastPrune >= PRUNE_EVERY_MS) {
        this.lastPrune = now;
        await this.positions.pruneTrack();
      }
      if (now - this.lastWaitingPass >= WAITING_RETRY_MS) {
        this.lastWaitingPass = now;
        await this.retryWaiting();
      }
    } catch (error) {
      this.logger.warn(`sweep failed: ${String(error)}`);
    }
  }

  private async lapseOffers(): Promise<void> {
    const due = await this.db.query<{ id: string }>(`SELECT id FROM offer WHERE outcome = 'pending' AND expires_at <= $1 ORDER BY expires_at LIMIT 100`, [this.clock.now()]);
    for (const { id } of due) {
      const incidentId = await this.db.transaction(async (tx) => {
        const [offer] = await tx.query<{ incident_id: string; worker_id: string; township_id: string }>(
          `SELECT incident_id, worker_id, township_id FROM offer WHERE id = $1 AND outcome = 'pending'`,
          [id],
        );
        if (!offer) return null;
        // Lock in the order every use case does, incident then offer, so a lapse never deadlocks with an accept.
        const row = await this.incidents.find(tx, offer.incident_id, true);
        if (!row) return null;
        const [still] = await tx.query(`SELECT 1 FROM offer WHERE id = $1 AND outcome = 'pending' AND expires_at <= $2 FOR UPDATE`, [id, this.clock.now()]);
        if (!still) return null;
        const now = this.clock.now();
        await tx.query(`UPDATE offer SET outcome = 'expired', answered_at = $2 WHERE id = $1`, [id, now]);
        const [others] = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM offer WHERE incident_id = $1 AND outcome = 'pending'`, [row.id]);
        // Back to waiting when this was the last open offer (a race keeps going while others stand).
        if (row.state === 'offered' && others.n === 0 && (row.worker_id === offer.worker_id || row.worker_id === null)) {
          await tx.query('UPDATE incident SET state = $2, worker_id = NULL, updated_at = $3 WHERE id = $1', [row.id, afterOfferLapsed(row.state), now]);
        }
        await this.incidents.record(tx, { incidentId: row.id, townshipId: row.township_id, type: 'offer_expired', at: now, actor: 'dispatch', workerId: offer.worker_id });
        const incident = this.incidents.view(await this.incidents.refresh(tx, row.id), now);
        await this.outbox.add(tx, row.township_id, 'offer.withdrawn', { offerId: id, incidentId: row.id, workerId: offer.worker_id, reason: 'expired' });
        await this.outbox.add(tx, row.township_id, 'incident.updated', { incident });
        const worker = await this.workers.releaseOffer(tx, offer.worker_id, row.id);
        if (worker) await this.outbox.add(tx, row.township_id, 'worker.updated', { worker: toWorkerView(worker) });
        return row.id;
      });
      if (incidentId) {
        this.metrics.offersLapsed.inc();
        // Dispatch skips a case that still has offers standing.
        this.outbox.kick();
        await this.offerNext.run(incidentId);
      }
    }
  }

  private async pushClocks(): Promise<void> {
    const due = await this.db.query<{ id: string }>('SELECT id FROM incident WHERE next_clock_at <= $1 ORDER BY next_clock_at LIMIT 200', [this.clock.now()]);
    let changed = false;
    for (const { id } of due) {
      changed =
        (await this.db.transaction(async (tx) => {
          const [locked] = await tx.query<{ id: string }>('SELECT id FROM incident WHERE id = $1 AND next_clock_at <= $2 FOR UPDATE SKIP LOCKED', [id, this.clock.now()]);
          if (!locked) return false;
          const before = await this.incidents.find(tx, id);
          if (!before) return false;
          const now = this.clock.now();
          const alarms = newAlarms(before.clock_statuses, clockStatuses(this.clocks.clocksOf(before, now)));
          const incident = this.incidents.view(await this.incidents.refresh(tx, id), now);
          for (const alarm of alarms) {
            const alert: ClockAlert = { incidentId: id, caseNo: before.case_no, stage: alarm.stage, status: alarm.status, at: now.toISOString() };
            await this.incidents.record(tx, { incidentId: id, townshipId: before.township_id, type: alarm.status === 'at_risk' ? 'clock_at_risk' : 'clock_breached', at: now, actor: 'clock', detail: { stage: alarm.stage } });
            await this.outbox.add(tx, before.township_id, alarm.status === 'at_risk' ? 'clock.at_risk' : 'clock.breached', { alert, incident });
            this.metrics.clockAlarms.inc({ stage: alarm.stage, status: alarm.status });
          }
          if (!alarms.length) await this.outbox.add(tx, before.township_id, 'incident.updated', { incident });
          return true;
        })) || changed;
    }
    if (changed) this.outbox.kick();
  }

  private async retryWaiting(): Promise<void> {
    const waiting = await this.db.query<{ id: string }>(`SELECT id FROM incident WHERE state = 'received' AND NOT awaiting_confirmation ORDER BY received_at LIMIT 50`);
    for (const { id } of waiting) await this.offerNext.run(id);
  }
}
