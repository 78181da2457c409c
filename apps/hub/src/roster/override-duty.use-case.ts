/**
 * Overrides a worker's duty against the roster: by an operator, the worker's grid leader, or the worker
 * themselves. The override holds until its `until`, or else until the worker's roster next changes;
 * every one is recorded with who, when, why and from → to. A worker with no shifts at all has no
 * roster to override: their own switch works as it always has, and a leader's change is recorded as such.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { DutyOverrideRequest, SessionUser, WorkerDutyView, WorkerView } from '@xiaonao/contracts';
import { DomainError } from '@xiaonao/domain';
import { Clock } from '../clock/clock';
import { Outbox } from '../outbox/outbox';
import { Database, type Sql } from '../persistence/database';
import { WorkerQueries } from '../workers/worker-queries';
import { WorkerStore, toWorkerView, type WorkerRow } from '../workers/worker-store';
import { DutyState } from './duty-state';
import { DutyWriter, type DutyActor } from './duty-writer';
import { RosterAccess, notYourGrid } from './roster-access';
import { RosterStore } from './roster-store';

const noSuchWorker = () => new DomainError('NOT_FOUND', '网格员不存在', 'No such worker', 'id');

@Injectable()
export class OverrideDuty {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(WorkerStore) private readonly workers: WorkerStore,
    @Inject(WorkerQueries) private readonly workerQueries: WorkerQueries,
    @Inject(RosterStore) private readonly roster: RosterStore,
    @Inject(RosterAccess) private readonly access: RosterAccess,
    @Inject(DutyState) private readonly duty: DutyState,
    @Inject(DutyWriter) private readonly writer: DutyWriter,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** An operator or grid leader sets another worker's duty. */
  async forWorker(user: SessionUser, workerId: string, request: DutyOverrideRequest): Promise<WorkerDutyView> {
    const at = this.clock.now();
    const until = this.untilOf(request, at);
    await this.db.transaction(async (tx) => {
      const scope = await this.access.scope(tx, user);
      const worker = await this.workers.find(tx, workerId, true);
      if (!worker || worker.township_id !== user.townshipId) throw noSuchWorker();
      if (!this.access.mayManage(scope, worker)) throw notYourGrid(worker.name);
      await this.change(tx, worker, request, until, at, { userId: user.id, name: user.displayName });
    });
    this.outbox.kick();
    return this.dutyView(workerId);
  }

  /**
   * The signed-in worker's own switch (`PUT /api/workers/me/duty`): an override when they are rostered,
   * otherwise the switch as it always was (going off hands back an unanswered offer).
   */
  async own(user: SessionUser, request: DutyOverrideRequest): Promise<WorkerView> {
    if (!user.workerId) throw new DomainError('FORBIDDEN', '当前账号未绑定网格员', 'This account is not a worker');
    const workerId = user.workerId;
    const rostered = (await this.roster.rostered(this.db, [workerId])).has(workerId);
    if (!rostered) return this.workerQueries.setDuty(user, request.onDuty);
    const at = this.clock.now();
    const until = this.untilOf(request, at);
    const written = await this.db.transaction(async (tx) => {
      const worker = await this.workers.find(tx, workerId, true);
      if (!worker) throw noSuchWorker();
      return this.change(tx, worker, request, until, at, { userId: user.id, name: user.displayName });
    });
    this.outbox.kick();
    return toWorkerView(written);
  }

  private untilOf(request: DutyOverrideRequest, at: Date): Date | null {
    if (request.until === undefined) return null;
    const until = new Date(request.until);
    if (Number.isNaN(until.getTime())) throw new DomainError('INVALID_INPUT', 'until：时间格式无效', 'until: not a time', 'until');
    if (until.getTime() <= at.getTime()) throw new DomainError('INVALID_INPUT', 'until：结束时间须晚于当前时间', 'until: must lie in the future', 'until');
    return until;
  }

  private async change(tx: Sql, worker: WorkerRow, request: DutyOverrideRequest, until: Date | null, at: Date, by: DutyActor): Promise<WorkerRow> {
    const rostered = (await this.roster.rostered(tx, [worker.id])).has(worker.id);
    if (!rostered && until) {
      throw new DomainError('INVALID_INPUT', 'until：该人员未排班，调整一直有效，不能设结束时间', 'until: this worker has no roster; the change stands until changed again', 'until');
    }
    const kind = rostered ? 'override' : 'manual';
    const { worker: written } = await this.writer.write(tx, worker, { kind, onDuty: request.onDuty, at, until, by, reason: request.reason?.trim() ?? '' });
    return written;
  }

  private async dutyView(workerId: string): Promise<WorkerDutyView> {
    const worker = await this.workers.find(this.db, workerId);
    if (!worker) throw noSuchWorker();
    const at = this.clock.now();
    const [judged] = await this.duty.judge(this.db, [worker], at);
    return this.duty.view(judged, at);
  }
}
