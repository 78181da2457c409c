/**
 * Applies rosters as time passes: every pass, each rostered worker whose switch disagrees with the
 * roster (and any override still holding) is brought in line, in a transaction of its own that also
 * records the change and carries the news. Workers with no shifts at all are never touched.
 * Durable and safe with several hub processes: the worker is locked and judged again before writing,
 * so a change is written once however many passes race for it.
 */
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Clock } from '../clock/clock';
import { Outbox } from '../outbox/outbox';
import { Database, type Sql } from '../persistence/database';
import { WorkerStore, type WorkerRow } from '../workers/worker-store';
import { DutyState } from './duty-state';
import { DutyWriter, ROSTER_ACTOR } from './duty-writer';
import { RosterStore } from './roster-store';

/** Shifts start and end on whole minutes: a pass every 30 s puts a worker on or off within half a minute. */
export const ROSTER_PASS_MS = 30_000;
const BATCH = 500;

@Injectable()
export class ApplyRoster implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('ApplyRoster');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(RosterStore) private readonly roster: RosterStore,
    @Inject(WorkerStore) private readonly workers: WorkerStore,
    @Inject(DutyState) private readonly duty: DutyState,
    @Inject(DutyWriter) private readonly writer: DutyWriter,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.run(), ROSTER_PASS_MS);
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** One pass (at most one at a time in this process); resolves to how many workers changed. Tests drive it with a fake clock. */
  run(): Promise<number> {
    this.running ??= this.pass()
      .catch((error: unknown) => {
        this.logger.warn(`roster pass failed: ${String(error)}`);
        return 0;
      })
      .finally(() => (this.running = null));
    return this.running;
  }

  /**
   * Brings one locked worker in line with the roster at `at`, in the caller's transaction; returns the
   * worker as written if their duty changed.
   */
  async syncLocked(tx: Sql, worker: WorkerRow, at: Date): Promise<WorkerRow | null> {
    const [judged] = await this.duty.judge(tx, [worker], at);
    if (judged.judgement.source !== 'roster' || judged.judgement.onDuty === worker.on_duty) return null;
    const reason = judged.judgement.shift
      ? `班次 ${judged.judgement.shift.date} ${judged.judgement.shift.start}–${judged.judgement.shift.end} / shift`
      : '不在班次内 / no shift in force';
    const { worker: written } = await this.writer.write(tx, worker, { kind: 'roster', onDuty: judged.judgement.onDuty, at, until: null, by: ROSTER_ACTOR, reason });
    return written;
  }

  private async pass(): Promise<number> {
    const at = this.clock.now();
    const ids = await this.roster.rosteredWorkerIds(this.db);
    let changed = 0;
    for (let i = 0; i < ids.length; i += BATCH) {
      const rows = await this.db.query<WorkerRow>('SELECT * FROM worker WHERE id = ANY($1::uuid[])', [ids.slice(i, i + BATCH)]);
      // Judged without locks first: most passes change nobody, and locking every rostered worker every 30 s would stall dispatch.
      const judged = await this.duty.judge(this.db, rows, at);
      for (const { worker, judgement } of judged) {
        if (judgement.source !== 'roster' || judgement.onDuty === worker.on_duty) continue;
        const written = await this.db.transaction(async (tx) => {
          const locked = await this.workers.find(tx, worker.id, true);
          return locked ? this.syncLocked(tx, locked, at) : null;
        });
        if (written) changed++;
      }
    }
    if (changed) this.outbox.kick();
    return changed;
  }
}
