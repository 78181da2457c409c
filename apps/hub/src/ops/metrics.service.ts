/**
 * Prometheus metrics (prom-client), one registry per hub so tests can run several hubs in a process.
 * Names, meanings and the alerts that use them: docs/operations.md. Served on METRICS_PORT only
 * (metrics-server.ts), never on the public port.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { TimeSource } from '../clock/time-source';
import { Database } from '../persistence/database';
import { TownshipDirectory } from '../township/township-directory';
import { readOpsSnapshot, type OpsSnapshot } from './ops-snapshot';
import type { StageDecision } from './stage-outcome';

@Injectable()
export class MetricsService {
  private readonly logger = new Logger('Metrics');
  readonly registry = new Registry();
  readonly incidentsReceived = new Counter({ name: 'xiaonao_incidents_received_total', help: 'Incidents created, by source', labelNames: ['source'], registers: [this.registry] });
  readonly offers = new Counter({ name: 'xiaonao_offers_total', help: 'Offers made to workers', registers: [this.registry] });
  readonly offersLapsed = new Counter({ name: 'xiaonao_offers_lapsed_total', help: 'Offers that lapsed unanswered', registers: [this.registry] });
  readonly steps = new Counter({ name: 'xiaonao_worker_steps_total', help: 'Worker steps taken, by step', labelNames: ['step'], registers: [this.registry] });
  readonly timerLateness = new Histogram({
    name: 'xiaonao_timer_lateness_seconds',
    help: 'How late a 1-3-8 deadline timer fired after it fell due',
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 15, 60],
    registers: [this.registry],
  });
  readonly clockAlarms = new Counter({ name: 'xiaonao_clock_alarms_total', help: '1-3-8 clock alarms, by stage and status', labelNames: ['stage', 'status'], registers: [this.registry] });
  /** Counted by the process that judges the stage's breach timer, so once across all hub processes. */
  readonly stageOutcomes = new Counter({
    name: 'xiaonao_clock_stage_outcomes_total',
    help: '1-3-8 stages decided at their deadline, by township, stage and outcome (met, missed, closed: case closed before the stage was needed)',
    labelNames: ['township', 'stage', 'outcome'],
    registers: [this.registry],
  });
  readonly notifyFailures = new Counter({
    name: 'xiaonao_notify_failures_total',
    help: 'Pages to a worker (DingTalk, WeCom, SMS, voice, push) that ended failed or unknown, by channel and status',
    labelNames: ['channel', 'status'],
    registers: [this.registry],
  });
  readonly positions = new Counter({ name: 'xiaonao_positions_total', help: 'Position fixes accepted', registers: [this.registry] });
  readonly positionsRefused = new Counter({ name: 'xiaonao_positions_refused_total', help: 'Position fixes refused (outside the township, unknown worker)', registers: [this.registry] });
  /** Refused input at doors that keep no refusal log of their own (sockets, every other route); intake doors write intake_refusal. */
  readonly refusals = new Counter({ name: 'xiaonao_refusals_total', help: 'Requests and socket events refused (4xx), by door and code', labelNames: ['door', 'code'], registers: [this.registry] });
  readonly sockets = new Gauge({ name: 'xiaonao_socket_connections', help: 'Connected sockets', registers: [this.registry] });
  readonly httpDuration = new Histogram({
    name: 'xiaonao_http_request_duration_seconds',
    help: 'HTTP request duration',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  /** Feedback to the sender (apps/hub/src/feedback): events delivered, failed attempts, dead letters, lag from the state change. */
  readonly feedbackDelivered = new Counter({ name: 'xiaonao_feedback_delivered_total', help: 'Feedback events delivered to the sender, by door (webhook, jetstream)', labelNames: ['door'], registers: [this.registry] });
  readonly feedbackFailedAttempts = new Counter({ name: 'xiaonao_feedback_failed_attempts_total', help: 'Feedback delivery attempts that failed, by door', labelNames: ['door'], registers: [this.registry] });
  readonly feedbackDead = new Counter({ name: 'xiaonao_feedback_dead_total', help: 'Feedback events that became dead letters, by door', labelNames: ['door'], registers: [this.registry] });
  readonly feedbackLag = new Histogram({
    name: 'xiaonao_feedback_lag_seconds',
    help: 'From the state change to the delivery of its feedback event, by door',
    labelNames: ['door'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 5, 30, 300, 3600, 36000],
    registers: [this.registry],
  });

  /** Statements the scrapes themselves sent: left out of xiaonao_db_statements, which measures the work. */
  private scrapeStatements = 0;
  /** The snapshot being read: every gauge of one scrape shares it (prom-client starts their collects together). */
  private reading: Promise<OpsSnapshot> | null = null;

  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(TimeSource) private readonly time: TimeSource,
    @Inject(TownshipDirectory) private readonly townships: TownshipDirectory,
  ) {
    collectDefaultMetrics({ register: this.registry });
    // prom-client calls collect() with the gauge as `this`: the hub's side is reached through these.
    const read = () => this.snapshot();
    const scrapeStatements = () => this.scrapeStatements;
    const countScrapeStatement = () => void this.scrapeStatements++;
    new Gauge({
      name: 'xiaonao_db_statements',
      help: 'SQL statements sent since start (the metrics scrapes apart)',
      registers: [this.registry],
      collect() {
        this.set(db.statements - scrapeStatements());
      },
    });
    new Gauge({
      name: 'xiaonao_db_statements_by_step',
      help: 'SQL statements sent since start by step (signature, intake, dispatch, relay…), BEGIN and COMMIT included',
      labelNames: ['step'],
      registers: [this.registry],
      collect() {
        for (const [step, n] of db.statementsByStep) this.set({ step }, n);
      },
    });
    new Gauge({
      name: 'xiaonao_feedback_pending',
      help: 'Feedback events not yet delivered, by status (pending, dead)',
      labelNames: ['status'],
      registers: [this.registry],
      async collect() {
        countScrapeStatement();
        const rows = await db.query<{ status: string; n: number }>(`SELECT status, count(*)::int AS n FROM feedback_event WHERE status <> 'delivered' GROUP BY status`);
        this.reset();
        this.set({ status: 'pending' }, rows.find((r) => r.status === 'pending')?.n ?? 0);
        this.set({ status: 'dead' }, rows.find((r) => r.status === 'dead')?.n ?? 0);
      },
    });
    new Gauge({
      name: 'xiaonao_offers_pending',
      help: 'Offers waiting for a worker to answer, by township',
      labelNames: ['township'],
      registers: [this.registry],
      async collect() {
        const snapshot = await read();
        this.reset();
        for (const t of snapshot.townships) this.set({ township: t.township }, t.offersPending);
      },
    });
    new Gauge({
      name: 'xiaonao_cases_waiting',
      help: 'Received cases not yet offered, by township and what they wait for (operator: confirmation; worker: an eligible worker)',
      labelNames: ['township', 'waiting_for'],
      registers: [this.registry],
      async collect() {
        const snapshot = await read();
        this.reset();
        for (const t of snapshot.townships) {
          this.set({ township: t.township, waiting_for: 'operator' }, t.waitingOperator);
          this.set({ township: t.township, waiting_for: 'worker' }, t.waitingWorker);
        }
      },
    });
    new Gauge({
      name: 'xiaonao_outbox_unpublished',
      help: 'Outbox rows committed but not yet published to the bus',
      registers: [this.registry],
      async collect() {
        this.set((await read()).outboxUnpublished);
      },
    });
    new Gauge({
      name: 'xiaonao_outbox_lag_seconds',
      help: 'Age of the oldest unpublished outbox row (0 when none): how far behind the news of committed changes is',
      registers: [this.registry],
      async collect() {
        this.set((await read()).outboxLagSeconds);
      },
    });
    new Gauge({
      name: 'xiaonao_timers_overdue_seconds',
      help: 'How long the earliest unfired 1-3-8 timer has been due (0 when none is): grows when no process fires timers',
      registers: [this.registry],
      async collect() {
        const due = (await read()).nextTimerDueAt;
        const now = await time.now();
        this.set(due ? Math.max(0, (now.getTime() - due.getTime()) / 1000) : 0);
      },
    });
  }

  /** Stage outcomes decided by a committed timer pass. Counting never fails the pass. */
  countStageOutcomes(decisions: readonly StageDecision[]): void {
    if (!decisions.length) return;
    void (async () => {
      for (const d of decisions) this.stageOutcomes.inc({ township: await this.townships.codeOf(d.townshipId), stage: d.stage, outcome: d.outcome });
    })().catch((error: unknown) => this.logger.warn(`stage outcomes not counted: ${String(error)}`));
  }

  private snapshot(): Promise<OpsSnapshot> {
    if (!this.reading) {
      this.scrapeStatements++;
      this.reading = readOpsSnapshot(this.db).finally(() => (this.reading = null));
    }
    return this.reading;
  }
}
