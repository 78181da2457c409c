/**
 * Sends feedback events, at least once and in order per case, through each subscription's doors.
 * Woken by the news of a case on the bus (the outbox relays it after commit, to every hub process) and
 * by a poller for due retries; the rows in PostgreSQL are the truth, so a restart loses nothing.
 * Retries follow the subscription's schedule (Svix's by default, ±20 % jitter); a 410 or the last
 * failed attempt makes a dead letter, which waits (and holds its case's later events) for an operator.
 */
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { feedbackSubject } from '@xiaonao/contracts';
import { isFeedbackBusEvent, isPermanentRefusal, nextAttempt, retryPolicyWithLimit } from '@xiaonao/domain';
import { EventBus } from '../bus/event-bus';
import { MetricsService } from '../ops/metrics.service';
import { HUB_CONFIG, type HubConfig } from '../config/hub-config';
import { Database } from '../persistence/database';
import type { FeedbackConfig } from './feedback-config';
import { FeedbackJetStream } from './jetstream-door';
import { FeedbackQueue, type ClaimedEvent, type Outcome } from './feedback-queue';
import { postWebhook, type DoorResult } from './webhook-door';

/** The token of an integration in its JetStream subject: the first 8 hex digits of its id (stable, ASCII). */
export const integrationToken = (apiKeyId: string) => apiKeyId.replace(/-/g, '').slice(0, 8);

@Injectable()
export class FeedbackDelivery implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('FeedbackDelivery');
  private timer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  private readonly config: FeedbackConfig;

  constructor(
    @Inject(HUB_CONFIG) hub: HubConfig,
    @Inject(FeedbackQueue) private readonly queue: FeedbackQueue,
    @Inject(FeedbackJetStream) private readonly jetstream: FeedbackJetStream,
    @Inject(EventBus) private readonly bus: EventBus,
    @Inject(MetricsService) private readonly metrics: MetricsService,
  ) {
    this.config = hub.feedback;
  }

  onApplicationBootstrap(): void {
    this.unsubscribe = this.bus.subscribe((envelope) => {
      if (isFeedbackBusEvent(envelope.event)) this.kick();
    });
    this.timer = setInterval(() => this.kick(), this.config.pollMs);
    this.timer.unref();
    this.kick();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.unsubscribe?.();
    while (this.running) await this.running;
  }

  /** Looks for due events now (after a commit that wrote some, a resend, the poller). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = Database.step('feedback-send', () => this.drain())
      .catch((error: unknown) => this.logger.warn(`feedback pass failed, will retry: ${String(error)}`))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Resolves when nothing is due any more (tests, bench). */
  async settle(): Promise<void> {
    this.kick();
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    while (!this.stopped) {
      const claimed = await this.queue.claim(this.config.concurrency, this.config.leaseMs);
      if (!claimed.length) return;
      const results = await Promise.all(claimed.map(async (event) => ({ event, outcome: this.outcomeOf(event, await this.send(event)) })));
      await this.queue.record(results);
      for (const { event, outcome } of results) this.count(event, outcome);
    }
  }

  private send(event: ClaimedEvent): Promise<DoorResult> {
    if (event.door === 'jetstream') {
      const subject = feedbackSubject(event.integration_kind, event.township_code, integrationToken(event.api_key_id));
      return this.jetstream.publish(subject, event.id, event.body, this.config.timeoutMs);
    }
    if (!event.webhook_url || !event.webhook_secret) return Promise.resolve({ ok: false, status: null, error: 'no webhook configured' });
    return postWebhook(event.webhook_url, event.webhook_secret, event.id, event.body, this.config.timeoutMs);
  }

  private outcomeOf(event: ClaimedEvent, result: DoorResult): Outcome {
    if (result.ok) return { kind: 'delivered', status: result.status };
    const error = result.error ?? 'failed';
    if (result.status !== null && isPermanentRefusal(result.status)) return { kind: 'dead', status: result.status, error, gone: true };
    const failedAt = new Date();
    const next = nextAttempt(event.attempts, failedAt, Math.random(), retryPolicyWithLimit(event.max_attempts, this.config.retry));
    if (next.kind === 'dead_letter') return { kind: 'dead', status: result.status, error, gone: false };
    return { kind: 'retry', delayMs: Math.max(0, next.at.getTime() - failedAt.getTime()), status: result.status, error };
  }

  private count(event: ClaimedEvent, outcome: Outcome): void {
    const labels = { door: event.door };
    if (outcome.kind === 'delivered') {
      this.metrics.feedbackDelivered.inc(labels);
      this.metrics.feedbackLag.observe(labels, Math.max(0, (Date.now() - new Date(event.occurred_at).getTime()) / 1000));
      return;
    }
    this.metrics.feedbackFailedAttempts.inc(labels);
    if (outcome.kind === 'dead') {
      this.metrics.feedbackDead.inc(labels);
      this.logger.warn(`feedback ${event.id} (${event.door}) is a dead letter after ${event.attempts} attempt(s): ${outcome.error}`);
    }
  }
}
