/**
 * When a case closes solved (办结), its 回访 is planned per the township's rules, in the closing
 * transaction: a follow_up row due N hours later, its overdue timer, the timeline and the news. A case
 * the rules do not call back (not sampled, another category) gets no 回访 and waits in the operators'
 * 「待销号」 list for a recorded decision (docs/followup.md).
 */
import { Inject, Injectable } from '@nestjs/common';
import { planFollowUp } from '@xiaonao/domain';
import type { IncidentRow } from '../incidents/incident-row';
import { TimerStore } from '../incidents/timers/timer-store';
import { IncidentStore } from '../incidents/incident-store';
import type { Sql } from '../persistence/database';
import { FollowUpNews } from './followup-news';
import { FollowUpSettings } from './followup-settings';
import { FollowUpStore } from './followup-store';

@Injectable()
export class FollowUpScheduler {
  constructor(
    @Inject(FollowUpSettings) private readonly settings: FollowUpSettings,
    @Inject(FollowUpStore) private readonly store: FollowUpStore,
    @Inject(TimerStore) private readonly timers: TimerStore,
    @Inject(IncidentStore) private readonly incidents: IncidentStore,
    @Inject(FollowUpNews) private readonly news: FollowUpNews,
  ) {}

  /** In the transaction that closed the case (its row locked), after the close was recorded. */
  async afterClose(tx: Sql, incidentId: string, now: Date): Promise<void> {
    const row: IncidentRow = await this.incidents.refresh(tx, incidentId);
    const plan = planFollowUp(await this.settings.of(tx, row.township_id), { id: row.id, category: row.category, closure: row.closure, closedAt: row.closed_at ?? now });
    if (!plan.due) return;
    const followUp = await this.store.insert(tx, row.id, row.township_id, now, plan.dueAt);
    if (!followUp) return;
    await this.timers.scheduleLoop(tx, row.id, row.township_id, 'followup', plan.dueAt);
    await this.incidents.record(tx, { incidentId: row.id, townshipId: row.township_id, type: 'followup_scheduled', at: now, actor: 'system', detail: { dueAt: plan.dueAt.toISOString() } });
    await this.news.followedUp(tx, row.id, now);
  }
}
