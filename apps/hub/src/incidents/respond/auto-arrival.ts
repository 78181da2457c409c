/**
 * Automatic arrival. Every accepted fix passes here (thousands a second), so the work per fix is two
 * map lookups for everyone except the few workers holding a contacted case — the only ones who may
 * arrive (see the lifecycle). Those are kept in memory: read from PostgreSQL when a township's first
 * fix comes in, then kept current from the incident news on the bus, which every hub process hears.
 * The memory is only a hint: the arrival itself is the ordinary step, checked in its transaction.
 */
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { BusEnvelope, IncidentView, LngLat } from '@xiaonao/contracts';
import { ArrivalWatch, DomainError, type ArrivalPolicy } from '@xiaonao/domain';
import { EventBus } from '../../bus/event-bus';
import { HUB_CONFIG, type HubConfig } from '../../config/hub-config';
import { Database } from '../../persistence/database';
import { PositionBuffer, type BufferedFix } from '../../workers/position-buffer';
import { TakeWorkerStep } from './worker-step.use-case';

interface Watched {
  townshipId: string;
  incidentId: string;
  watch: ArrivalWatch;
  /** An arrival is being written: later fixes wait for its outcome instead of starting another. */
  taking: boolean;
}

@Injectable()
export class AutoArrival implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('AutoArrival');
  private readonly policy: ArrivalPolicy;
  /** Workers holding a contacted case, by worker id; and the worker watched for each such case. */
  private readonly watched = new Map<string, Watched>();
  private readonly watcherOf = new Map<string, string>();
  /** Townships whose contacted cases have been read; a fix of a township still being read waits for it. */
  private readonly ready = new Set<string>();
  private readonly loading = new Map<string, Promise<void>>();
  private unsubscribe: (() => void) | null = null;

  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(PositionBuffer) private readonly buffer: PositionBuffer,
    @Inject(EventBus) private readonly bus: EventBus,
    @Inject(TakeWorkerStep) private readonly steps: TakeWorkerStep,
    @Inject(HUB_CONFIG) config: HubConfig,
  ) {
    this.policy = { radiusM: config.arrival.radiusM, fixes: config.arrival.fixes };
  }

  onModuleInit(): void {
    this.buffer.onFix((fix) => this.observe(fix));
    this.unsubscribe = this.bus.subscribe((envelope) => this.follow(envelope));
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  /** One worker's newest fix. Never throws: a position is accepted whatever happens here. */
  observe(fix: BufferedFix): void {
    if (!this.ready.has(fix.townshipId)) {
      // Judged in arrival order once the list is read; if reading failed, the next fix tries again.
      void this.load(fix.townshipId).then(() => {
        if (this.ready.has(fix.townshipId)) this.observe(fix);
      });
      return;
    }
    const watched = this.watched.get(fix.workerId);
    if (!watched || watched.taking) return;
    try {
      const seen = watched.watch.observe({ location: { lng: fix.lng, lat: fix.lat }, at: fix.at });
      if (!seen.arrived) return;
      watched.taking = true;
      void this.arrive(fix, watched, seen.distanceM);
    } catch (error) {
      this.logger.warn(`arrival check failed for worker ${fix.workerId}: ${String(error)}`);
    }
  }

  private async arrive(fix: BufferedFix, watched: Watched, distanceM: number): Promise<void> {
    try {
      await this.steps.arriveAutomatically({ townshipId: fix.townshipId, workerId: fix.workerId, incidentId: watched.incidentId, fix, distanceM });
      this.forget(fix.workerId, watched.incidentId);
    } catch (error) {
      // Refused: the case moved on meanwhile (the worker tapped 已到场, an operator reassigned it). Stop watching.
      if (error instanceof DomainError) this.forget(fix.workerId, watched.incidentId);
      else {
        // The database failed: try again on a later fix.
        this.logger.warn(`automatic arrival of worker ${fix.workerId} failed, will retry: ${String(error)}`);
        watched.taking = false;
      }
    }
  }

  /** Incident news keeps the watch list current: watch the holder of a contacted case, drop the rest. */
  private follow(envelope: BusEnvelope): void {
    const payload = envelope.payload;
    if ('incident' in payload) this.track(payload.incident);
  }

  private track(incident: IncidentView): void {
    const holder = incident.state === 'contacted' && !incident.queued ? (incident.worker?.id ?? null) : null;
    const watcher = this.watcherOf.get(incident.id);
    if (watcher && watcher !== holder) this.forget(watcher, incident.id);
    if (holder) this.watch(holder, incident.townshipId, incident.id, incident.location);
  }

  /** Starts watching, keeping the count when the worker is already watched for this case. */
  private watch(workerId: string, townshipId: string, incidentId: string, site: LngLat): void {
    const known = this.watched.get(workerId);
    if (known?.incidentId === incidentId) return;
    if (known) this.watcherOf.delete(known.incidentId);
    this.watched.set(workerId, { townshipId, incidentId, watch: new ArrivalWatch(site, this.policy), taking: false });
    this.watcherOf.set(incidentId, workerId);
  }

  private forget(workerId: string, incidentId: string): void {
    if (this.watched.get(workerId)?.incidentId !== incidentId) return;
    this.watched.delete(workerId);
    this.watcherOf.delete(incidentId);
  }

  private load(townshipId: string): Promise<void> {
    let loading = this.loading.get(townshipId);
    if (loading) return loading;
    loading = this.db
      .query<{ id: string; worker_id: string; lng: number; lat: number }>(
        `SELECT id, worker_id, lng, lat FROM incident WHERE township_id = $1 AND state = 'contacted' AND NOT queued AND worker_id IS NOT NULL`,
        [townshipId],
      )
      .then((rows) => {
        for (const row of rows) this.watch(row.worker_id, townshipId, row.id, { lng: row.lng, lat: row.lat });
        this.ready.add(townshipId);
      })
      .catch((error: unknown) => this.logger.warn(`could not read the contacted cases of township ${townshipId}, will retry: ${String(error)}`))
      .finally(() => this.loading.delete(townshipId));
    this.loading.set(townshipId, loading);
    return loading;
  }
}
