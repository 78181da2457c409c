/**
 * Replaces the shifts of some workers between two dates, all or nothing: validate the request, judge
 * who may roster whom, then in one transaction check against the shifts kept around the range, write
 * the shifts, bring the workers' duty in line at once (with its record and news), and answer what the
 * database holds.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { RosterRequest, RosterView, SessionUser } from '@xiaonao/contracts';
import { DomainError, validateRoster } from '@xiaonao/domain';
import { Clock } from '../clock/clock';
import { Outbox } from '../outbox/outbox';
import { Database } from '../persistence/database';
import type { WorkerRow } from '../workers/worker-store';
import { ApplyRoster } from './apply-roster.service';
import { RosterAccess, notYourGrid } from './roster-access';
import { RosterQueries } from './roster-queries';
import { RosterStore, toShift } from './roster-store';

@Injectable()
export class SetRoster {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(RosterStore) private readonly roster: RosterStore,
    @Inject(RosterAccess) private readonly access: RosterAccess,
    @Inject(ApplyRoster) private readonly apply: ApplyRoster,
    @Inject(RosterQueries) private readonly queries: RosterQueries,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async run(user: SessionUser, request: RosterRequest): Promise<RosterView> {
    validateRoster(request);
    const named = request.workerIds ?? [...new Set(request.shifts.map((s) => s.workerId))];
    const workerIds = [...new Set([...named, ...request.shifts.map((s) => s.workerId)])].sort();
    await this.db.transaction(async (tx) => {
      const scope = await this.access.scope(tx, user);
      // Locked in id order, so two rosters naming the same workers queue instead of deadlocking or overlapping.
      const rows = await tx.query<WorkerRow>('SELECT * FROM worker WHERE id = ANY($1::uuid[]) AND township_id = $2 ORDER BY id FOR UPDATE', [workerIds, user.townshipId]);
      const byId = new Map(rows.map((w) => [w.id, w]));
      request.shifts.forEach((s, i) => {
        if (!byId.has(s.workerId)) throw new DomainError('INVALID_INPUT', `shifts[${i}].workerId：本街道没有该网格员`, `shifts[${i}].workerId: no such worker in this township`, `shifts[${i}].workerId`);
      });
      named.forEach((id, i) => {
        if (!byId.has(id)) throw new DomainError('INVALID_INPUT', `workerIds[${i}]：本街道没有该网格员`, `workerIds[${i}]: no such worker in this township`, `workerIds[${i}]`);
      });
      for (const worker of rows) if (!this.access.mayManage(scope, worker)) throw notYourGrid(worker.name);
      const kept = (await this.roster.neighbours(tx, workerIds, request.from, request.to)).map(toShift);
      validateRoster(request, kept);
      await this.roster.replace(tx, user.townshipId, workerIds, request.from, request.to, request.shifts, user.id);
      const at = this.clock.now();
      for (const worker of rows) await this.apply.syncLocked(tx, worker, at);
    });
    this.outbox.kick();
    return this.queries.roster(user, request.from, request.to);
  }
}
