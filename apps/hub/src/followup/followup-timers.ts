/**
 * The overdue timers of 回访 and 督办, fired by TimerRunner in its claiming transaction with the case
 * locked: a 回访 still due becomes overdue, a 督办 still open becomes overdue, each once, with the
 * timeline and `incident.followed_up` (the console shows it as an alarm). A timer whose 回访 was
 * recorded, or whose 督办 was resolved, before it fell due is moot.
 */
import { Inject, Injectable } from '@nestjs/common';
import { followUpTimerVerdict } from '@xiaonao/domain';
import { IncidentStore } from '../incidents/incident-store';
import type { LoopTimer } from '../incidents/timers/timer-store';
import { MetricsService } from '../ops/metrics.service';
import type { Sql } from '../persistence/database';
import { FollowUpNews } from './followup-news';
import { FollowUpStore } from './followup-store';

export type FiredLoopTimer = LoopTimer & { outcome: 'fired' | 'moot' };

@Injectable()
export class FollowUpTimers {
  constructor(
    @Inject(FollowUpStore) private readonly store: FollowUpStore,
    @Inject(IncidentStore) private readonly incidents: IncidentStore,
    @Inject(FollowUpNews) private readonly news: FollowUpNews,
    @Inject(MetricsService) private readonly metrics: MetricsService,
  ) {}

  /** The claimed timers of cases this transaction holds; returns each with its outcome, for marking. */
  async fire(tx: Sql, timers: readonly LoopTimer[], now: Date): Promise<FiredLoopTimer[]> {
    const out: FiredLoopTimer[] = [];
    for (const t of timers) {
      const fired = t.stage === 'followup' ? await this.followUpOverdue(tx, t, now) : await this.supervisionOverdue(tx, t, now);
      out.push({ ...t, outcome: fired ? 'fired' : 'moot' });
      if (fired) this.metrics.timerLateness.observe(Math.max(0, now.getTime() - t.due_at.getTime()) / 1000);
    }
    return out;
  }

  private async followUpOverdue(tx: Sql, t: LoopTimer, now: Date): Promise<boolean> {
    const f = await this.store.ofIncident(tx, t.incident_id, true);
    if (!f || followUpTimerVerdict(f.status, 'followup') === 'moot') return false;
    await this.store.markFollowUpOverdue(tx, t.incident_id, now);
    await this.incidents.record(tx, { incidentId: t.incident_id, townshipId: f.township_id, type: 'followup_overdue', at: now, actor: 'clock', detail: { dueAt: t.due_at.toISOString(), attempts: f.attempts } });
    await this.news.followedUp(tx, t.incident_id, now);
    return true;
  }

  private async supervisionOverdue(tx: Sql, t: LoopTimer, now: Date): Promise<boolean> {
    const s = await this.store.supervisionOf(tx, t.incident_id, true);
    if (!s || followUpTimerVerdict(s.status, 'supervision') === 'moot') return false;
    await this.store.markSupervisionOverdue(tx, t.incident_id, now);
    await this.incidents.record(tx, { incidentId: t.incident_id, townshipId: s.township_id, type: 'supervision_overdue', at: now, actor: 'clock', detail: { deadline: t.due_at.toISOString() } });
    await this.news.followedUp(tx, t.incident_id, now);
    return true;
  }
}
