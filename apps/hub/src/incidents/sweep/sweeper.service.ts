/**
 * The hub's heartbeat: lapses unanswered offers (and offers the case to the next worker), retries cases
 * that found nobody, and prunes old tracks, the catch-up log and old step keys. The 1-3-8 deadlines are durable timers (timers/timer-runner.ts).
 */
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Clock } from '../../clock/clock';
import { HUB_CONFIG, type HubConfig } from '../../config/hub-config';
import { MetricsService } from '../../ops/metrics.service';
import { Outbox } from '../../outbox/outbox';
import { StepReceipts } from '../../field/step-receipts';
import { Database } from '../../persistence/database';
import { PositionBuffer } from '../../workers/position-buffer';
import { OfferLapse } from '../dispatch/offer-lapse';
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
    @Inject(OfferLapse) private readonly lapse: OfferLapse,
    @Inject(OfferNext) private readonly offerNext: OfferNext,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    @Inject(MetricsService) private readonly metrics: MetricsService,
    @Inject(PositionBuffer) private readonly positions: PositionBuffer,
    @Inject(StepReceipts) private readonly receipts: StepReceipts,
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
      const now = this.clock.now().getTime();
      if (now - this.lastPrune >= PRUNE_EVERY_MS) {
        this.lastPrune = now;
        await this.positions.pruneTrack();
        await this.outbox.prune(new Date(now - this.config.field.catchUpRetentionHours * 3_600_000));
        await this.receipts.prune(new Date(now - this.config.field.stepKeyRetentionHours * 3_600_000));
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
        await this.lapse.lapse(tx, row, { id, worker_id: offer.worker_id }, this.clock.now());
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

  private async retryWaiting(): Promise<void> {
    const waiting = await this.db.query<{ id: string }>(`SELECT id FROM incident WHERE state = 'received' AND NOT awaiting_confirmation ORDER BY received_at LIMIT 50`);
    for (const { id } of waiting) await this.offerNext.run(id);
  }
}
