/**
 * Fires the 1-3-8 deadline timers exactly once. Due rows are claimed with FOR UPDATE SKIP LOCKED, each
 * case is locked (a case busy in another transaction waits for the next pass), the effect is judged
 * against the case as it stands, and the effects (timeline, news, escalation) commit in the same
 * transaction that marks the timer fired. Two hub processes share the work; a crash before commit
 * leaves the timer due for whoever runs next. Time comes from one source for all processes.
 */
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { ClockAlert, ClockStage, EscalationAction } from '@xiaonao/contracts';
import { escalationChains, timerVerdict, type EscalationChains } from '@xiaonao/domain';
import { TimeSource } from '../../clock/time-source';
import { HUB_CONFIG, type HubConfig } from '../../config/hub-config';
import { MetricsService } from '../../ops/metrics.service';
import { stageDecisions, type StageDecision } from '../../ops/stage-outcome';
import { Outbox, type OutboxItem } from '../../outbox/outbox';
import { Database, type Sql } from '../../persistence/database';
import { ClockPolicyProvider } from '../clock-policy';
import { OfferLapse } from '../dispatch/offer-lapse';
import { OfferNext } from '../dispatch/offer-next.use-case';
import type { IncidentRow } from '../incident-row';
import { IncidentStore, type TimelineEvent } from '../incident-store';
import { FollowUpTimers } from '../../followup/followup-timers';
import { isLoopTimer, TimerStore, type DueTimer, type FiredTimer } from './timer-store';

/** Timers claimed per transaction. */
const BATCH = 500;
/**
 * Longest sleep between looks at the table: a timer another process scheduled is seen at least this
 * often (this process wakes at once for its own). Deadlines lie 45 s or more after receipt by default.
 */
const MAX_IDLE_MS = 1_000;
const HELD_ELSEWHERE_MS = 50;

@Injectable()
export class TimerRunner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Timers');
  private loop: Promise<void> | null = null;
  private stopped = false;
  private wake: (() => void) | null = null;

  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(TimerStore) private readonly timers: TimerStore,
    @Inject(IncidentStore) private readonly incidents: IncidentStore,
    @Inject(ClockPolicyProvider) private readonly clocks: ClockPolicyProvider,
    @Inject(OfferLapse) private readonly lapse: OfferLapse,
    @Inject(OfferNext) private readonly offerNext: OfferNext,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(TimeSource) private readonly time: TimeSource,
    @Inject(MetricsService) private readonly metrics: MetricsService,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    @Inject(FollowUpTimers) private readonly followUps: FollowUpTimers,
  ) {}

  onApplicationBootstrap(): void {
    this.loop = this.run();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
  }

  /** A timer was scheduled here that may fall due before the next pass. */
  kick(): void {
    this.wake?.();
  }

  private async run(): Promise<void> {
    try {
      const n = await this.timers.scheduleMissing(this.db, this.clocks.fallback);
      if (n) this.logger.log(`scheduled the deadlines of ${n} open cases that had none`);
    } catch (error) {
      this.logger.warn(`could not schedule missing deadlines: ${String(error)}`);
    }
    while (!this.stopped) {
      let claimed = 0;
      let idleMs = MAX_IDLE_MS;
      try {
        // One cheap look while nothing is due; a claiming transaction only when something is.
        const dueInMs = await this.timers.nextDueInMs(this.db, await this.time.now());
        if (dueInMs === 0) {
          claimed = await this.pass();
          // Nothing claimable although something is due: another process holds it; look again shortly.
          idleMs = claimed ? 0 : HELD_ELSEWHERE_MS;
        } else {
          idleMs = dueInMs === null ? MAX_IDLE_MS : Math.min(MAX_IDLE_MS, dueInMs);
        }
      } catch (error) {
        this.logger.warn(`timer pass failed, retrying: ${String(error)}`);
      }
      if (this.stopped || (claimed && idleMs === 0)) continue;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, idleMs);
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.wake = null;
    }
  }

  /** One transaction's worth of due timers; returns how many were claimed. */
  async pass(): Promise<number> {
    const now = await this.time.now();
    const moveOn: string[] = [];
    const decided: StageDecision[] = [];
    const claimed = await this.db.transaction(async (tx) => {
      const all = await this.timers.claimDue(tx, now, BATCH);
      if (!all.length) return 0;
      const rows = await this.lockCases(tx, [...new Set(all.map((t) => t.incident_id))]);
      // 回访 and 督办 overdue timers (#11) are judged and written by their own module.
      const loopDone = await this.followUps.fire(tx, all.filter(isLoopTimer).filter((t) => rows.has(t.incident_id)), now);
      const due = all.filter((t): t is DueTimer => !isLoopTimer(t));
      const mine = due.filter((t) => rows.has(t.incident_id));
      const context = await this.breachContext(tx, mine, rows);
      const done: FiredTimer[] = [];
      const raised: Raised[] = [];
      for (const [id, timers] of groupByCase(mine)) {
        const row = rows.get(id) as IncidentRow;
        const atFiring = { state: row.state, acceptedAt: row.accepted_at, contactedAt: row.contacted_at, arrivedAt: row.arrived_at };
        const judged = timers.map((t): FiredTimer => ({ ...t, outcome: timerVerdict(t.stage, atFiring) === 'fire' ? 'fired' : 'moot' }));
        done.push(...judged);
        decided.push(...stageDecisions(row.township_id, atFiring, timers));
        const live = judged.filter((t) => t.outcome === 'fired');
        if (!live.length) continue;
        const r = await this.judge(tx, row, live, context, now);
        raised.push(r);
        if (r.moveOn) moveOn.push(id);
      }
      await this.announce(tx, raised, now);
      await this.timers.markFired(tx, [...done, ...loopDone], now, this.config.instanceId);
      for (const t of done) this.metrics.timerLateness.observe(Math.max(0, now.getTime() - t.due_at.getTime()) / 1000);
      return all.length;
    });
    if (claimed) this.outbox.kick();
    // Counted once committed: a pass that rolls back decided nothing.
    this.metrics.countStageOutcomes(decided);
    // An accept breach moves the case on: offered to the next worker once the lapse has committed.
    for (const id of moveOn) void this.offerNext.run(id);
    return claimed;
  }

  /** Locks the cases nobody else holds; timers of the others stay due for the next pass. */
  private async lockCases(tx: Sql, ids: string[]): Promise<Map<string, IncidentRow>> {
    const locked = await tx.query<{ id: string }>('SELECT id FROM incident WHERE id = ANY($1::uuid[]) FOR UPDATE SKIP LOCKED', [ids]);
    if (!locked.length) return new Map();
    const rows = await this.incidents.list(tx, 'i.id = ANY($1::uuid[])', [locked.map((r) => r.id)], ids.length);
    return new Map(rows.map((r) => [r.id, r]));
  }

  /** Escalation chains and grid leaders, read in the transaction (only when something breaches). */
  private async breachContext(tx: Sql, due: readonly DueTimer[], rows: ReadonlyMap<string, IncidentRow>): Promise<BreachContext> {
    const breaching = due.filter((t) => t.kind === 'breach').map((t) => rows.get(t.incident_id) as IncidentRow);
    if (!breaching.length) return { chains: new Map(), leaders: new Map() };
    const townships = [...new Set(breaching.map((r) => r.township_id))];
    const grids = [...new Set(breaching.flatMap((r) => (r.grid_id ? [r.grid_id] : [])))];
    const chainRows = await tx.query<{ township_id: string; stage: ClockStage; actions: EscalationAction[] }>(
      'SELECT township_id, stage, actions FROM escalation_chain WHERE township_id = ANY($1::uuid[])',
      [townships],
    );
    const leaderRows = grids.length
      ? await tx.query<{ id: string; leader_worker_id: string | null }>('SELECT id, leader_worker_id FROM grid WHERE id = ANY($1::uuid[])', [grids])
      : [];
    const chains = new Map(townships.map((t) => [t, escalationChains(Object.fromEntries(chainRows.filter((c) => c.township_id === t).map((c) => [c.stage, c.actions])))]));
    return { chains, leaders: new Map(leaderRows.flatMap((g) => (g.leader_worker_id ? [[g.id, g.leader_worker_id] as const] : []))) };
  }

  /**
   * What the warnings and breaches of one case say and set off. Only an accept breach of a case still
   * on offer writes anything here (its offers lapse at once); everything else is written in bulk by `announce`.
   */
  private async judge(tx: Sql, row: IncidentRow, live: readonly FiredTimer[], context: BreachContext, now: Date): Promise<Raised> {
    const raised: Raised = { incidentId: row.id, townshipId: row.township_id, events: [], alerts: [], moveOn: false };
    for (const t of live) {
      const base = { incidentId: row.id, townshipId: row.township_id, at: now, actor: 'clock' };
      const timing = { stage: t.stage, dueAt: t.due_at.toISOString(), latenessMs: Math.max(0, now.getTime() - t.due_at.getTime()) };
      if (t.kind === 'warn') {
        raised.events.push({ ...base, type: 'clock_at_risk', detail: timing });
        raised.alerts.push({ incidentId: row.id, caseNo: row.case_no, stage: t.stage, status: 'at_risk', at: now.toISOString(), dueAt: timing.dueAt, escalation: [], gridLeaderId: null });
        continue;
      }
      const actions = [...(context.chains.get(row.township_id) ?? escalationChains({}))[t.stage]];
      const gridLeaderId = actions.includes('notify_grid_leader') && row.grid_id ? (context.leaders.get(row.grid_id) ?? null) : null;
      let lapsedOffers = 0;
      if (actions.includes('next_offer') && (row.state === 'offered' || row.state === 'received')) {
        if (row.state === 'offered') lapsedOffers = await this.lapse.lapseAll(tx, row, now, { escalation: `${t.stage}_breach` });
        raised.moveOn = true;
      }
      raised.events.push({ ...base, type: 'clock_breached', detail: timing });
      raised.events.push({
        ...base,
        type: 'escalated',
        detail: { stage: t.stage, actions, gridLeaderId, stationId: actions.includes('inform_station') ? row.station_id : null, lapsedOffers },
      });
      raised.alerts.push({ incidentId: row.id, caseNo: row.case_no, stage: t.stage, status: 'breached', at: now.toISOString(), dueAt: timing.dueAt, escalation: actions, gridLeaderId });
    }
    return raised;
  }

  /** Writes every raised event, the new clock statuses and the news of the whole pass, a few statements in all. */
  private async announce(tx: Sql, raised: readonly Raised[], now: Date): Promise<void> {
    if (!raised.length) return;
    await this.incidents.recordMany(
      tx,
      raised.flatMap((r) => r.events),
    );
    // Read again: a lapse may have moved a case back to waiting.
    const rows = await this.incidents.list(tx, 'i.id = ANY($1::uuid[])', [raised.map((r) => r.incidentId)], raised.length);
    const views = new Map(rows.map((row) => [row.id, this.incidents.view(row, now)]));
    const news: OutboxItem[] = [];
    for (const r of raised) {
      const incident = views.get(r.incidentId);
      if (!incident) continue;
      for (const alert of r.alerts) {
        news.push(alert.status === 'at_risk' ? { townshipId: r.townshipId, event: 'clock.at_risk', payload: { alert, incident } } : { townshipId: r.townshipId, event: 'clock.breached', payload: { alert, incident } });
        this.metrics.clockAlarms.inc({ stage: alert.stage, status: alert.status });
      }
    }
    await this.outbox.addMany(tx, news);
  }
}

/** What one case's due timers raised in a pass. */
interface Raised {
  incidentId: string;
  townshipId: string;
  events: TimelineEvent[];
  alerts: ClockAlert[];
  moveOn: boolean;
}

interface BreachContext {
  chains: Map<string, EscalationChains>;
  leaders: Map<string, string>;
}

function groupByCase(timers: readonly DueTimer[]): Map<string, DueTimer[]> {
  const out = new Map<string, DueTimer[]>();
  for (const t of timers) out.set(t.incident_id, [...(out.get(t.incident_id) ?? []), t]);
  return out;
}
