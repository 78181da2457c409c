/**
 * A case leaves the township's hands other than solved: 退回公安 (a worker on site or an operator
 * returns it to the transferring station: a police matter after all) or 移交12345 (an operator hands
 * it to the hotline: a government department's matter). One transaction closes the case with its
 * closure, frees whoever held or was offered it, writes the hand-back row and the timeline event and
 * queues the news; the 1-3-8 timers then fire moot (a closed case has no running stage).
 *
 * A worker's return may carry the phone's Idempotency-Key: a resend answers the first answer.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { Category, HandbackTarget, IncidentState, IncidentView, ResponsibilityView, SessionUser, TimelineType } from '@xiaonao/contracts';
import { DomainError, defaultReturnToPolice, judgeHandOver12345, judgeReturnToPolice } from '@xiaonao/domain';
import { Clock } from '../clock/clock';
import { StepReceipts, stepKey } from '../field/step-receipts';
import type { IncidentRow } from '../incidents/incident-row';
import { IncidentStore } from '../incidents/incident-store';
import { WorkerRelease } from '../incidents/respond/worker-release';
import { Outbox } from '../outbox/outbox';
import { Database, type Sql } from '../persistence/database';
import { TownshipDirectory } from '../township/township-directory';
import { WorkerStore, toWorkerView } from '../workers/worker-store';
import { HandbackStore } from './handback-store';

export interface HandBackCommand {
  user: SessionUser;
  incidentId: string;
  target: HandbackTarget;
  reasonCategory: string;
  reason: string;
  notes?: string;
  /** The phone's Idempotency-Key (workers only). */
  key?: string;
}

export interface HandBackAnswer {
  incident: IncidentView;
  replayed: boolean;
}

const BY_TARGET = {
  police: { closure: 'returned_to_police', timeline: 'returned_to_police', event: 'incident.returned', offerReason: 'returned to police' },
  '12345': { closure: 'handed_to_12345', timeline: 'handed_to_12345', event: 'incident.handed_over', offerReason: 'handed over to 12345' },
} as const satisfies Record<HandbackTarget, { closure: string; timeline: TimelineType; event: string; offerReason: string }>;

/** A case in these states has a holder who is busy with it. */
const HELD: readonly IncidentState[] = ['accepted', 'contacted', 'arrived'];

@Injectable()
export class HandBack {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(IncidentStore) private readonly incidents: IncidentStore,
    @Inject(HandbackStore) private readonly handbacks: HandbackStore,
    @Inject(WorkerStore) private readonly workers: WorkerStore,
    @Inject(WorkerRelease) private readonly release: WorkerRelease,
    @Inject(TownshipDirectory) private readonly townships: TownshipDirectory,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(StepReceipts) private readonly receipts: StepReceipts,
  ) {}

  async run(cmd: HandBackCommand): Promise<HandBackAnswer> {
    const { user } = cmd;
    if (user.role === 'station') throw new DomainError('FORBIDDEN', '当前账号无权进行此操作', 'Your role may not do this');
    if (cmd.target === '12345' && user.role !== 'operator') throw new DomainError('FORBIDDEN', '只有值班员可以移交12345', 'Only an operator hands a case to 12345');
    if (user.role === 'worker' && !user.workerId) throw new DomainError('FORBIDDEN', '只有网格员可以执行此操作', 'Only workers take steps on a case');
    const notes = cmd.notes ?? '';
    const key = user.role === 'worker' && user.workerId && cmd.key
      ? stepKey(user.workerId, cmd.key, `handback:${cmd.target}`, cmd.incidentId, { reasonCategory: cmd.reasonCategory, reason: cmd.reason, notes })
      : undefined;
    const seen = key ? await this.receipts.answered<IncidentView>(key) : null;
    if (seen) return { incident: seen.response, replayed: true };
    // The township's table before the transaction: a cache miss reads the pool, which a transaction must not
    // (with the embedded database's one connection it would wait for itself).
    const table = new Map((await this.townships.responsibilities(user.townshipId)).map((r) => [r.category, r]));
    let replayed = false;
    const incident = await this.db.transaction(async (tx) => {
      const replay = key ? await this.receipts.claim<IncidentView>(tx, key) : null;
      if (replay) {
        replayed = true;
        return replay.response;
      }
      const row = await this.incidents.find(tx, cmd.incidentId, true);
      if (!row || row.township_id !== user.townshipId) throw new DomainError('NOT_FOUND', '事件不存在', 'No such case');
      this.judge(cmd, row, table);
      const view = await this.close(tx, cmd, row, notes);
      if (key) await this.receipts.save(tx, key, view);
      return view;
    });
    if (!replayed) this.outbox.kick();
    return { incident, replayed };
  }

  private judge(cmd: HandBackCommand, row: IncidentRow, table: ReadonlyMap<Category, ResponsibilityView>): void {
    if (cmd.target === '12345') return judgeHandOver12345(row.state);
    judgeReturnToPolice({
      role: cmd.user.role === 'worker' ? 'worker' : 'operator',
      state: row.state,
      rule: table.get(row.category)?.returnToPolice ?? defaultReturnToPolice(row.category),
      // The holder, with the case in hand: a case they queued behind another is not theirs on site yet.
      holds: row.worker_id !== null && row.worker_id === cmd.user.workerId && !row.queued,
      hasStation: row.station_id !== null,
    });
  }

  private async close(tx: Sql, cmd: HandBackCommand, row: IncidentRow, notes: string): Promise<IncidentView> {
    const how = BY_TARGET[cmd.target];
    const now = this.clock.now();
    const { user } = cmd;
    const by = { role: user.role, id: user.role === 'worker' && user.workerId ? user.workerId : user.id, name: user.displayName };
    // Closed first, so that a case the holder queued next can become their active one when they are freed.
    // A worker only offered the case never held it: it closes with no worker.
    await tx.query(
      `UPDATE incident SET state = 'closed', closure = $2, closed_at = $3, queued = false, awaiting_confirmation = false,
              worker_id = CASE WHEN state IN ('received', 'offered') THEN NULL ELSE worker_id END, updated_at = $3
       WHERE id = $1`,
      [row.id, how.closure, now],
    );
    await this.withdrawOffers(tx, row, now, how.offerReason);
    if (row.worker_id && HELD.includes(row.state)) await this.release.afterCase(tx, row.worker_id, row.id, now);
    await this.releaseAssistants(tx, row, now);
    const stationId = cmd.target === 'police' ? row.station_id : null;
    await this.handbacks.insert(tx, {
      incidentId: row.id,
      townshipId: row.township_id,
      target: cmd.target,
      stationId,
      reasonCategory: cmd.reasonCategory,
      reason: cmd.reason,
      notes,
      by,
      at: now,
    });
    await this.incidents.record(tx, {
      incidentId: row.id,
      townshipId: row.township_id,
      type: how.timeline,
      at: now,
      actor: `${user.role}:${user.username}`,
      workerId: user.role === 'worker' ? user.workerId : null,
      detail: { target: cmd.target, reasonCategory: cmd.reasonCategory, reason: cmd.reason, notes, stateBefore: row.state, ...(stationId ? { stationId } : {}) },
    });
    const incident = this.incidents.view(await this.incidents.refresh(tx, row.id), now);
    if (!incident.handback) throw new Error(`hand-back of ${row.id} vanished`);
    await this.outbox.add(tx, row.township_id, how.event, { incident, handback: incident.handback });
    return incident;
  }

  /** Open offers of the case (one, or a race's several) are withdrawn and their workers freed. */
  private async withdrawOffers(tx: Sql, row: IncidentRow, now: Date, reason: string): Promise<void> {
    const offers = await tx.query<{ id: string; worker_id: string }>(
      `UPDATE offer SET outcome = 'withdrawn', answered_at = $2, reason = $3 WHERE incident_id = $1 AND outcome = 'pending' RETURNING id, worker_id`,
      [row.id, now, reason],
    );
    for (const offer of offers) {
      await this.outbox.add(tx, row.township_id, 'offer.withdrawn', { offerId: offer.id, incidentId: row.id, workerId: offer.worker_id, reason: 'taken' });
      const released = await this.workers.releaseOffer(tx, offer.worker_id, row.id);
      if (released) await this.outbox.add(tx, row.township_id, 'worker.updated', { worker: toWorkerView(released) });
    }
  }

  /** The workers added to help are free again. */
  private async releaseAssistants(tx: Sql, row: IncidentRow, now: Date): Promise<void> {
    const released = await tx.query<{ worker_id: string }>('UPDATE incident_assist SET released_at = $2 WHERE incident_id = $1 AND released_at IS NULL RETURNING worker_id', [row.id, now]);
    for (const { worker_id } of released) await this.release.afterCase(tx, worker_id, row.id, now);
  }
}
