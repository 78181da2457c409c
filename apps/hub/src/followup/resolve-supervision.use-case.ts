/** An operator resolves a 督办 (records what was done); the case may then be signed off (销号). */
import { Inject, Injectable } from '@nestjs/common';
import type { IncidentView, SessionUser } from '@xiaonao/contracts';
import { DomainError, judgeSupervisionResolve } from '@xiaonao/domain';
import { Clock } from '../clock/clock';
import { IncidentStore } from '../incidents/incident-store';
import { Outbox } from '../outbox/outbox';
import { Database } from '../persistence/database';
import { FollowUpNews } from './followup-news';
import { FollowUpStore } from './followup-store';
import { actorOf } from './record-followup.use-case';

@Injectable()
export class ResolveSupervision {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(IncidentStore) private readonly incidents: IncidentStore,
    @Inject(FollowUpStore) private readonly store: FollowUpStore,
    @Inject(FollowUpNews) private readonly news: FollowUpNews,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async run(user: SessionUser, incidentId: string, notes: string): Promise<IncidentView> {
    const view = await this.db.transaction(async (tx) => {
      const row = await this.incidents.find(tx, incidentId, true);
      if (!row || row.township_id !== user.townshipId) throw new DomainError('NOT_FOUND', '事件不存在', 'No such case', 'id');
      const supervision = await this.store.supervisionOf(tx, row.id, true);
      judgeSupervisionResolve(supervision?.status ?? null, notes);
      if (!supervision) throw new Error('judged without a supervision');
      const now = this.clock.now();
      await this.store.resolveSupervision(tx, supervision.id, notes, now, actorOf(user));
      await this.incidents.record(tx, { incidentId: row.id, townshipId: row.township_id, type: 'supervision_resolved', at: now, actor: actorOf(user), detail: { notes, deadline: supervision.deadline.toISOString(), late: now > supervision.deadline } });
      return this.news.followedUp(tx, row.id, now);
    });
    this.outbox.kick();
    return view;
  }
}
