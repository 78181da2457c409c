/**
 * The holder's call to the party, as the phone reports it: recorded with its time and, when answered,
 * its duration — the evidence behind 「已联系当事人」. Unanswered calls in a row make the party
 * 「联系不上」, said once on the timeline. The attempt, the counters, the timeline and the news commit together.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { IncidentView, SessionUser } from '@xiaonao/contracts';
import { afterCallAttempt, checkCallAllowed, checkCallAttempt, contactKindOf, DomainError } from '@xiaonao/domain';
import { Clock } from '../../clock/clock';
import { HUB_CONFIG, type HubConfig } from '../../config/hub-config';
import { Outbox } from '../../outbox/outbox';
import { StepReceipts, stepKey } from '../../field/step-receipts';
import { Database } from '../../persistence/database';
import { IncidentStore } from '../incident-store';
import type { StepAnswer } from './worker-step.use-case';

export interface CallAttemptCommand {
  user: SessionUser;
  incidentId: string;
  answered: boolean;
  durationSeconds?: number;
  /** ISO-8601; now when absent. */
  startedAt?: string;
  /** When the worker tapped (ISO-8601); kept in the timeline beside the receipt time. */
  deviceAt?: string;
  /** The phone's Idempotency-Key for this tap. */
  key?: string;
}

@Injectable()
export class RecordCallAttempt {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(IncidentStore) private readonly incidents: IncidentStore,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    @Inject(StepReceipts) private readonly receipts: StepReceipts,
  ) {}

  async run(cmd: CallAttemptCommand): Promise<StepAnswer> {
    const workerId = cmd.user.workerId;
    if (cmd.user.role !== 'worker' || !workerId) throw new DomainError('FORBIDDEN', '只有网格员可以记录通话', 'Only workers record calls');
    const key = cmd.key
      ? stepKey(workerId, cmd.key, 'call', cmd.incidentId, { answered: cmd.answered, durationSeconds: cmd.durationSeconds ?? null, startedAt: cmd.startedAt ?? null, deviceAt: cmd.deviceAt ?? null })
      : undefined;
    const seen = key ? await this.receipts.answered<IncidentView>(key) : null;
    if (seen) return { incident: seen.response, replayed: true };
    const now = this.clock.now();
    const startedAt = cmd.startedAt ? new Date(cmd.startedAt) : now;
    const attempt = checkCallAttempt({ answered: cmd.answered, durationSeconds: cmd.durationSeconds ?? null, startedAt }, now);
    let replayed = false;
    const view = await this.db.transaction(async (tx) => {
      const replay = key ? await this.receipts.claim<IncidentView>(tx, key) : null;
      if (replay) {
        replayed = true;
        return replay.response;
      }
      const row = await this.incidents.find(tx, cmd.incidentId, true);
      if (!row || row.township_id !== cmd.user.townshipId) throw new DomainError('NOT_FOUND', '事件不存在', 'No such case');
      const [formerly] = await tx.query('SELECT 1 FROM offer WHERE incident_id = $1 AND worker_id = $2 LIMIT 1', [row.id, workerId]);
      checkCallAllowed({ state: row.state, workerId: row.worker_id, contactKind: contactKindOf({ callerPhone: row.caller_phone }), formerlyTheirs: formerly !== undefined }, workerId);
      const earlier = await tx.query<{ answered: boolean; duration_seconds: number | null }>('SELECT answered, duration_seconds FROM call_attempt WHERE incident_id = $1 ORDER BY id', [row.id]);
      const outcome = afterCallAttempt(
        earlier.map((c) => ({ answered: c.answered, durationSeconds: c.duration_seconds })),
        attempt,
        { unreachableAfterAttempts: this.config.contact.unreachableAfterAttempts },
      );
      await tx.query(
        `INSERT INTO call_attempt (incident_id, township_id, worker_id, started_at, answered, duration_seconds, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [row.id, row.township_id, workerId, startedAt, attempt.answered, attempt.durationSeconds, now],
      );
      await tx.query('UPDATE incident SET call_attempts = $2, unreachable = $3, updated_at = $4 WHERE id = $1', [row.id, outcome.record.attempts, outcome.record.unreachable, now]);
      const actor = `worker:${cmd.user.username}`;
      await this.incidents.record(tx, {
        incidentId: row.id,
        townshipId: row.township_id,
        type: 'call_attempted',
        at: now,
        actor,
        workerId,
        detail: {
          answered: attempt.answered,
          durationSeconds: attempt.durationSeconds,
          startedAt: startedAt.toISOString(),
          evidence: outcome.evidence,
          ...(cmd.deviceAt ? { deviceAt: new Date(cmd.deviceAt).toISOString() } : {}),
        },
      });
      if (outcome.becameUnreachable) {
        await this.incidents.record(tx, {
          incidentId: row.id,
          townshipId: row.township_id,
          type: 'unreachable',
          at: now,
          actor,
          workerId,
          detail: { attempts: outcome.record.attempts, consecutiveFailures: outcome.record.consecutiveFailures },
        });
      }
      const changed = await this.incidents.find(tx, row.id);
      if (!changed) throw new Error(`incident ${row.id} vanished`);
      const incident = this.incidents.view(changed, now);
      await this.outbox.add(tx, row.township_id, 'incident.updated', { incident });
      if (key) await this.receipts.save(tx, key, incident);
      return incident;
    });
    if (replayed) return { incident: view, replayed };
    this.outbox.kick();
    return { incident: view, replayed };
  }
}
