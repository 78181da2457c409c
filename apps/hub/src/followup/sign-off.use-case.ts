/**
 * 销号 by an operator's recorded decision: a resolved case with no 回访 due (not sampled), a 回访 the
 * caller could not be reached for, or a case whose 督办 is resolved. Never while a 督办 is open, and
 * never a round that was reopened (the new round is signed off instead).
 */
import { Inject, Injectable } from '@nestjs/common';
import type { IncidentView, SessionUser } from '@xiaonao/contracts';
import { DomainError, judgeSignOff } from '@xiaonao/domain';
import { Clock } from '../clock/clock';
import { IncidentStore } from '../incidents/incident-store';
import { Outbox } from '../outbox/outbox';
import { Database } from '../persistence/database';
import { FollowUpNews } from './followup-news';
import { FollowUpStore } from './followup-store';
import { actorOf } from './record-followup.use-case';
import { SignOffWriter } from './sign-off-writer';

@Injectable()
export class SignOff {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(IncidentStore) private readonly incidents: IncidentStore,
    @Inject(FollowUpStore) private readonly store: FollowUpStore,
    @Inject(FollowUpNews) private readonly news: FollowUpNews,
    @Inject(SignOffWriter) private readonly writer: SignOffWriter,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async run(user: SessionUser, incidentId: string, reason: string): Promise<IncidentView> {
    const view = await this.db.transaction(async (tx) => {
      const row = await this.incidents.find(tx, incidentId, true);
      if (!row || row.township_id !== user.townshipId) throw new DomainError('NOT_FOUND', '事件不存在', 'No such case', 'id');
      const followUp = await this.store.ofIncident(tx, row.id, true);
      const supervision = await this.store.supervisionOf(tx, row.id, true);
      const judged = judgeSignOff(
        {
          state: row.state,
          closure: row.closure,
          signedOff: row.signed_off_at !== null,
          followUp: followUp ? { status: followUp.status, decision: followUp.decision } : null,
          supervision: supervision?.status ?? null,
        },
        reason,
      );
      const now = this.clock.now();
      const actor = actorOf(user);
      if (judged.closesFollowUp && followUp) {
        await this.store.closeByDecision(tx, followUp.id, reason, now, actor);
        await this.incidents.record(tx, { incidentId: row.id, townshipId: row.township_id, type: 'followup_recorded', at: now, actor, detail: { reached: null, decision: 'sign_off', notes: reason } });
        await this.news.followedUp(tx, row.id, now);
      }
      return this.writer.write(tx, row.id, row.township_id, now, actor, 'decision', reason);
    });
    this.outbox.kick();
    return view;
  }
}
