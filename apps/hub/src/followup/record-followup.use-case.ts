/**
 * An operator (or, where the township allows it, the case's grid leader) records a 回访 call, and in
 * the same request what follows: 销号 for a satisfactory outcome, a new round (reopen) or 督办 for an
 * unsatisfactory one, another attempt later for a caller not reached. Validate → judge → ONE
 * transaction (the case locked, judged again as it stands) → answer; nothing half-written on refusal.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { IncidentView, RecordFollowUpRequest, SessionUser } from '@xiaonao/contracts';
import { DomainError, judgeFollowUpCall, type FollowUpCall, type FollowUpOutcome, type Recorder } from '@xiaonao/domain';
import { Clock } from '../clock/clock';
import type { IncidentRow } from '../incidents/incident-row';
import { IncidentStore } from '../incidents/incident-store';
import { TimerRunner } from '../incidents/timers/timer-runner';
import { TimerStore } from '../incidents/timers/timer-store';
import type { CreatedIncident } from '../incidents/intake/new-case';
import { Outbox } from '../outbox/outbox';
import { Database, type Sql } from '../persistence/database';
import { FollowUpNews } from './followup-news';
import { FollowUpSettings } from './followup-settings';
import { FollowUpStore, type FollowUpRow } from './followup-store';
import { RoundOpener, type PreparedRound } from './round-opener';
import { SignOffWriter } from './sign-off-writer';

export interface RecordFollowUpCommand {
  user: SessionUser;
  incidentId: string;
  call: RecordFollowUpRequest;
}

const notFound = () => new DomainError('NOT_FOUND', '事件不存在', 'No such case', 'id');
const noFollowUp = () => new DomainError('NOT_FOUND', 'followUp：该事件没有安排回访', 'followUp: no return visit is scheduled for this case', 'followUp');

export const actorOf = (user: SessionUser) => `${user.role}:${user.username}`;

@Injectable()
export class RecordFollowUp {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(IncidentStore) private readonly incidents: IncidentStore,
    @Inject(FollowUpStore) private readonly store: FollowUpStore,
    @Inject(FollowUpSettings) private readonly settings: FollowUpSettings,
    @Inject(FollowUpNews) private readonly news: FollowUpNews,
    @Inject(SignOffWriter) private readonly signOff: SignOffWriter,
    @Inject(RoundOpener) private readonly rounds: RoundOpener,
    @Inject(TimerStore) private readonly timers: TimerStore,
    @Inject(TimerRunner) private readonly timerRunner: TimerRunner,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async run(cmd: RecordFollowUpCommand): Promise<IncidentView> {
    const call: FollowUpCall = {
      reached: cmd.call.reached,
      satisfaction: cmd.call.satisfaction,
      solved: cmd.call.solved,
      notes: cmd.call.notes ?? '',
      decision: cmd.call.decision,
      supervisionHours: cmd.call.supervisionHours,
      supervisionDeadline: cmd.call.supervisionDeadline === undefined ? undefined : new Date(cmd.call.supervisionDeadline),
    };
    const actor = actorOf(cmd.user);
    // A first look outside the transaction: a refusal costs nothing, and a new round is prepared (its checks read caches).
    const seen = await this.incidents.find(this.db, cmd.incidentId);
    if (!seen || seen.township_id !== cmd.user.townshipId) throw notFound();
    const seenFollowUp = await this.store.ofIncident(this.db, seen.id);
    if (!seenFollowUp) throw noFollowUp();
    const first = judgeFollowUpCall(seenFollowUp.status, call, await this.recorder(this.db, cmd.user, seen), this.clock.now());
    const round = first.kind === 'reopen' ? await this.rounds.prepare(seen, actor, cmd.user.role === 'operator' ? 'console' : 'phone', this.clock.now()) : null;

    let made: CreatedIncident | null = null;
    const view = await this.db.transaction(async (tx) => {
      const row = await this.incidents.find(tx, cmd.incidentId, true);
      const followUp = row ? await this.store.ofIncident(tx, row.id, true) : null;
      if (!row || !followUp) throw noFollowUp();
      const now = this.clock.now();
      const outcome = judgeFollowUpCall(followUp.status, call, await this.recorder(tx, cmd.user, row), now);
      const result = await this.apply(tx, row, followUp, call, outcome, round, actor, now);
      made = result.made;
      return result.incident;
    });
    this.outbox.kick();
    this.timerRunner.kick();
    if (made) this.rounds.announce(made);
    return view;
  }

  /** Who is recording: an operator, or a worker who may be the grid leader of the case's grid. */
  private async recorder(sql: Sql, user: SessionUser, row: IncidentRow): Promise<Recorder> {
    if (user.role === 'operator') return { role: 'operator' };
    if (user.role !== 'worker' || !user.workerId) throw new DomainError('FORBIDDEN', '当前账号无权记录回访', 'Your role may not record return visits', 'role');
    const [grid] = row.grid_id ? await sql.query<{ leader_worker_id: string | null }>('SELECT leader_worker_id FROM grid WHERE id = $1', [row.grid_id]) : [];
    const settings = await this.settings.of(sql, row.township_id);
    return { role: 'worker', isGridLeader: grid?.leader_worker_id === user.workerId, gridLeaderMayRecord: settings.gridLeaderMayRecord };
  }

  private async apply(
    tx: Sql,
    row: IncidentRow,
    followUp: FollowUpRow,
    call: FollowUpCall,
    outcome: FollowUpOutcome,
    round: PreparedRound | null,
    actor: string,
    now: Date,
  ): Promise<{ incident: IncidentView; made: CreatedIncident | null }> {
    const base = { incidentId: row.id, townshipId: row.township_id, at: now, actor };
    const recorded = { reached: call.reached, satisfaction: call.satisfaction ?? null, solved: call.solved ?? null, notes: call.notes, at: now, by: actor };
    const said = { reached: call.reached, satisfaction: call.satisfaction ?? null, solved: call.solved ?? null, ...(call.notes ? { notes: call.notes } : {}) };
    switch (outcome.kind) {
      case 'retry': {
        const attempts = await this.store.countAttempt(tx, followUp.id, call.notes);
        await this.incidents.record(tx, { ...base, type: 'followup_recorded', detail: { ...said, attempts, decision: null } });
        return { incident: await this.news.followedUp(tx, row.id, now), made: null };
      }
      case 'sign_off': {
        await this.store.record(tx, followUp.id, { ...recorded, decision: 'sign_off', reopenedAs: null });
        await this.incidents.record(tx, { ...base, type: 'followup_recorded', detail: { ...said, decision: 'sign_off' } });
        await this.news.followedUp(tx, row.id, now);
        const incident = await this.signOff.write(tx, row.id, row.township_id, now, actor, call.reached ? 'followup' : 'decision', call.reached ? '' : call.notes);
        return { incident, made: null };
      }
      case 'supervise': {
        await this.store.record(tx, followUp.id, { ...recorded, decision: 'supervise', reopenedAs: null });
        await this.store.openSupervision(tx, followUp, outcome.deadline, now, actor, call.notes);
        await this.timers.scheduleLoop(tx, row.id, row.township_id, 'supervision', outcome.deadline);
        await this.incidents.record(tx, { ...base, type: 'followup_recorded', detail: { ...said, decision: 'supervise' } });
        await this.incidents.record(tx, { ...base, type: 'supervision_opened', detail: { deadline: outcome.deadline.toISOString() } });
        return { incident: await this.news.followedUp(tx, row.id, now), made: null };
      }
      case 'reopen': {
        if (!round) throw new Error('a reopen without its prepared round');
        const made = await this.rounds.write(tx, round);
        await this.store.record(tx, followUp.id, { ...recorded, decision: 'reopen', reopenedAs: made.incident.id });
        await this.incidents.record(tx, { ...base, type: 'followup_recorded', detail: { ...said, decision: 'reopen' } });
        await this.incidents.record(tx, { ...base, type: 'reopened', detail: { round: made.incident.round, incidentId: made.incident.id, caseNo: made.incident.caseNo } });
        const incident = await this.news.followedUp(tx, row.id, now);
        await this.outbox.add(tx, row.township_id, 'incident.reopened', { incident, round: made.incident });
        return { incident, made };
      }
    }
  }
}
