/**
 * Positions arrive often (every few seconds per phone, thousands per second across a district). They
 * are kept in memory at once — the newest per worker, which dispatch reads — and written to PostgreSQL
 * in batches: one statement per flush sets the latest positions and appends the track, and one flush
 * runs at a time. What waits meanwhile is bounded (pending-fixes.ts).
 *
 * With several hub processes a phone is connected to one of them, yet a case may enter on another.
 * Each flush's `worker.moved` news reaches every process, and each applies what it hears to the
 * townships it dispatches for, so all processes dispatch on the same live supply, at most a flush
 * behind (docs/adr/0002-live-supply.md weighs this against one owner process per township).
 */
import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { busSubject, type BusEnvelope, type LngLat, type WorkerMove } from '@xiaonao/contracts';
import { isValidLngLat, LiveWorkerIndex } from '@xiaonao/domain';
import { EventBus } from '../bus/event-bus';
import { Clock } from '../clock/clock';
import { HUB_CONFIG, type HubConfig } from '../config/hub-config';
import { Database } from '../persistence/database';
import { TownshipDirectory } from '../township/township-directory';
import { PendingFixes, type PendingBatch, type PendingFix } from './pending-fixes';

export type BufferedFix = PendingFix;

/** About 150 bytes a move: 1,000 moves stay far below NATS's default 1 MB message limit. */
const MOVES_PER_MESSAGE = 1_000;
/** Track points waiting beyond which a worker's newer fix replaces their unwritten one: ten flushes' worth, and at least 20,000 (a few MB). */
const pendingBound = (flushAt: number) => Math.max(10 * flushAt, 20_000);

@Injectable()
export class PositionBuffer implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Positions');
  /** The newest fix per worker, flushed or not. */
  private readonly latestByWorker = new Map<string, BufferedFix>();
  /** Where every worker is, per township, for nearest-first lookups; rebuilt from PostgreSQL on first use. */
  private readonly indexes = new Map<string, Promise<LiveWorkerIndex>>();
  /** The indexes built so far, updated in place by each fix (no promise per fix). */
  private readonly builtIndexes = new Map<string, LiveWorkerIndex>();
  private readonly pending: PendingFixes;
  /** Told of each newest fix as it is taken (automatic arrival); they run for every fix, so they must be cheap. */
  private readonly fixListeners: ((fix: BufferedFix) => void)[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  /** The one flush queued behind the running one, shared by all who ask meanwhile. */
  private again: Promise<void> | null = null;
  /** The last flush failed: the timer retries, not every fix that arrives. */
  private failing = false;
  private unsubscribe: (() => void) | null = null;

  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(EventBus) private readonly bus: EventBus,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(TownshipDirectory) private readonly townships: TownshipDirectory,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {
    this.pending = new PendingFixes(pendingBound(config.positions.flushAt));
  }

  onModuleInit(): void {
    this.timer = setInterval(() => void this.flush(), this.config.positions.flushMs);
    this.timer.unref();
    this.unsubscribe = this.bus.subscribe((envelope) => {
      if (envelope.event === 'worker.moved') this.hear(envelope as BusEnvelope<'worker.moved'>);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.unsubscribe?.();
    if (this.timer) clearInterval(this.timer);
    await this.flush();
  }

  /** Takes a checked fix; older than what we hold (a phone resending after a reconnect) is kept only as track. */
  add(fix: BufferedFix): void {
    const known = this.latestByWorker.get(fix.workerId);
    if (!known || known.at <= fix.at) {
      this.latestByWorker.set(fix.workerId, fix);
      for (const listener of this.fixListeners) listener(fix);
    }
    const built = this.builtIndexes.get(fix.townshipId);
    if (built) built.upsert(fix.workerId, fix.lng, fix.lat, fix.at);
    else {
      // Not loaded yet: the load reads the database and then this buffer, so the fix is not lost.
      const index = this.indexes.get(fix.townshipId);
      if (index) void index.then((i) => i.upsert(fix.workerId, fix.lng, fix.lat, fix.at));
    }
    this.pending.add(fix);
    if (this.pending.size >= this.config.positions.flushAt && !this.failing) void this.flush();
  }

  /**
   * Moves announced by a process (this one included) after writing them. Only for townships whose index
   * this process holds: the others read PostgreSQL when first needed, which the news follows. Such a fix
   * is neither written again nor told to the fix listeners (the phone's own process did both), and one
   * no newer than what is held changes nothing, so a process hearing its own news does no work.
   */
  private hear(envelope: BusEnvelope<'worker.moved'>): void {
    const index = this.indexes.get(envelope.townshipId);
    if (!index) return;
    const fresh: BufferedFix[] = [];
    try {
      for (const move of envelope.payload.moves) {
        const at = new Date(move.positionAt);
        const known = this.latestByWorker.get(move.workerId);
        if (known && known.at >= at) continue;
        // Anyone may publish under the hub's subjects: a move that is not a place and a time is dropped.
        if (Number.isNaN(at.getTime()) || !isValidLngLat(move.location)) continue;
        const fix = { townshipId: envelope.townshipId, workerId: move.workerId, lng: move.location.lng, lat: move.location.lat, at, accuracyM: null };
        this.latestByWorker.set(move.workerId, fix);
        fresh.push(fix);
      }
    } catch (error) {
      // A message of some other shape (no moves, a move without a location): what was read before it stands.
      this.logger.warn(`ignored a worker.moved message that is not a list of moves: ${String(error)}`);
    }
    if (!fresh.length) return;
    const built = this.builtIndexes.get(envelope.townshipId);
    if (built) fresh.forEach((f) => built.upsert(f.workerId, f.lng, f.lat, f.at));
    else void index.then((i) => fresh.forEach((f) => i.upsert(f.workerId, f.lng, f.lat, f.at))).catch(() => undefined);
  }

  /** Registers a listener for each newest fix (a listener here rather than a call out: the step use cases depend on this buffer). */
  onFix(listener: (fix: BufferedFix) => void): void {
    this.fixListeners.push(listener);
  }

  latest(workerId: string): { location: LngLat; at: Date } | null {
    const fix = this.latestByWorker.get(workerId);
    return fix ? { location: { lng: fix.lng, lat: fix.lat }, at: fix.at } : null;
  }

  /** The township's live index; the first call builds it from the database and the unflushed fixes. */
  index(townshipId: string): Promise<LiveWorkerIndex> {
    let index = this.indexes.get(townshipId);
    if (!index) {
      index = this.buildIndex(townshipId);
      index.then((built) => this.builtIndexes.set(townshipId, built)).catch(() => this.indexes.delete(townshipId));
      this.indexes.set(townshipId, index);
    }
    return index;
  }

  private async buildIndex(townshipId: string): Promise<LiveWorkerIndex> {
    const index = new LiveWorkerIndex();
    const rows = await this.db.query<{ id: string; lng: number; lat: number; position_at: Date }>(
      'SELECT id, lng, lat, position_at FROM worker WHERE township_id = $1 AND lng IS NOT NULL AND position_at IS NOT NULL',
      [townshipId],
    );
    for (const r of rows) index.upsert(r.id, r.lng, r.lat, r.position_at);
    for (const fix of this.latestByWorker.values()) if (fix.townshipId === townshipId) index.upsert(fix.workerId, fix.lng, fix.lat, fix.at);
    return index;
  }

  /**
   * Writes what is pending; resolves when it is in PostgreSQL and announced. One flush at a time: asked
   * during one, it answers with the single flush queued behind it, which takes all that came in meanwhile.
   */
  flush(): Promise<void> {
    if (this.flushing) {
      this.again ??= this.flushing.then(() => {
        this.again = null;
        return this.flush();
      });
      return this.again;
    }
    const batch = this.pending.take();
    if (!batch) return Promise.resolve();
    this.flushing = this.write(batch)
      .then(
        () => void (this.failing = false),
        (error: unknown) => {
          // Keep the fixes for the next flush rather than lose them.
          this.logger.warn(`position flush failed, will retry: ${String(error)}`);
          this.failing = true;
          this.pending.putBack(batch);
        },
      )
      .finally(() => (this.flushing = null));
    return this.flushing;
  }

  private async write(batch: PendingBatch): Promise<void> {
    const { newest, track } = batch;
    // One statement, so one round trip and all or nothing: a failed flush is put back whole. The fixes go
    // as JSON text (JSON.stringify is native; the driver's array literals cost more than the rest of the
    // ingest's writing). An accuracy no `real` can hold is stored as unknown rather than failing every flush.
    await this.db.query(
      `WITH moved AS (
         UPDATE worker AS w SET lng = v.lng, lat = v.lat, position_at = v.at, updated_at = now()
         FROM jsonb_to_recordset($1::jsonb) AS v("workerId" uuid, lng float8, lat float8, at timestamptz)
         WHERE w.id = v."workerId" AND (w.position_at IS NULL OR w.position_at <= v.at)
       )
       INSERT INTO worker_track (township_id, worker_id, at, lng, lat, accuracy_m)
       SELECT v."townshipId", v."workerId", v.at, v.lng, v.lat,
              CASE WHEN v."accuracyM" = 0 OR abs(v."accuracyM") BETWEEN 1.2e-38 AND 3.4e38 THEN v."accuracyM"::real END
       FROM jsonb_to_recordset($2::jsonb) AS v("townshipId" uuid, "workerId" uuid, at timestamptz, lng float8, lat float8, "accuracyM" float8)`,
      [JSON.stringify(newest), JSON.stringify(track)],
    );
    // Written: from here on a failure must not put the batch back (the track would get duplicates).
    await this.announce(newest).catch((error: unknown) => this.logger.warn(`position news not sent: ${String(error)}`));
  }

  // Positions are frequent news, not decisions: one message per township per flush, straight to the bus.
  private async announce(latest: BufferedFix[]): Promise<void> {
    const byTownship = new Map<string, WorkerMove[]>();
    for (const f of latest) {
      const moves = byTownship.get(f.townshipId) ?? [];
      moves.push({ workerId: f.workerId, location: { lng: f.lng, lat: f.lat }, positionAt: f.at.toISOString() });
      byTownship.set(f.townshipId, moves);
    }
    for (const [townshipId, moves] of byTownship) {
      const code = await this.townships.codeOf(townshipId);
      // Chunked: a district's worth of moves in one message would pass NATS's 1 MB payload limit.
      for (let i = 0; i < moves.length; i += MOVES_PER_MESSAGE) {
        const chunk = moves.slice(i, i + MOVES_PER_MESSAGE);
        await this.bus.publish(busSubject(code, 'worker.moved'), { event: 'worker.moved', townshipId, townshipCode: code, at: this.clock.now().toISOString(), payload: { moves: chunk } });
      }
    }
  }

  /** Drops track points older than the retention. */
  async pruneTrack(): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - this.config.positions.trackRetentionHours * 3600_000);
    const rows = await this.db.query('DELETE FROM worker_track WHERE at < $1 RETURNING id', [cutoff]);
    return rows.length;
  }
}
