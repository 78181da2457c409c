/** What operators and grid leaders read of rosters: shifts, each worker's duty now, and the record of changes. */
import { Inject, Injectable } from '@nestjs/common';
import type { DutyChangeView, RosterView, SessionUser } from '@xiaonao/contracts';
import { DomainError, validateRosterRange } from '@xiaonao/domain';
import { Clock } from '../clock/clock';
import { Database } from '../persistence/database';
import { DutyState } from './duty-state';
import { RosterAccess } from './roster-access';
import { RosterStore, toDutyChangeView, toShift, toShiftView } from './roster-store';

export interface DutyChangeFilter {
  workerId?: string;
  /** ISO instants. */
  from?: string;
  to?: string;
  limit?: number;
}

function instant(value: string | undefined, field: string): Date | null {
  if (value === undefined) return null;
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) throw new DomainError('INVALID_INPUT', `${field}：时间格式无效`, `${field}: not a time`, field);
  return at;
}

@Injectable()
export class RosterQueries {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(RosterStore) private readonly store: RosterStore,
    @Inject(RosterAccess) private readonly access: RosterAccess,
    @Inject(DutyState) private readonly duty: DutyState,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** Shifts dated `from`–`to` of the workers in the user's scope, and each such worker's duty now. */
  async roster(user: SessionUser, from: string, to: string): Promise<RosterView> {
    validateRosterRange(from, to);
    const scope = await this.access.scope(this.db, user, 'read');
    const workers = await this.access.workers(this.db, scope);
    const ids = workers.map((w) => w.id);
    const at = this.clock.now();
    const [shifts, duty] = [await this.store.shiftsDated(this.db, user.townshipId, from, to, ids), await this.duty.judge(this.db, workers, at)];
    return { from, to, shifts: shifts.map((r) => toShiftView(toShift(r))), duty: duty.map((d) => this.duty.view(d, at)) };
  }

  /** Recorded duty changes in the user's scope, newest first. */
  async changes(user: SessionUser, filter: DutyChangeFilter): Promise<DutyChangeView[]> {
    const since = instant(filter.from, 'from');
    const before = instant(filter.to, 'to');
    const scope = await this.access.scope(this.db, user);
    const inScope = (await this.access.workers(this.db, scope)).map((w) => w.id);
    const workerIds = filter.workerId ? inScope.filter((id) => id === filter.workerId) : scope.grids === null ? null : inScope;
    if (filter.workerId && !workerIds?.length) throw new DomainError('NOT_FOUND', '网格员不存在或不在您负责的网格内', 'No such worker in your scope', 'workerId');
    const rows = await this.store.changes(this.db, user.townshipId, { workerIds, since, before, limit: Math.min(filter.limit ?? 200, 1000) });
    return rows.map(toDutyChangeView);
  }
}
