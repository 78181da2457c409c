/** What workers and operators ask of and tell about workers; thin over the stores. */
import { Inject, Injectable } from '@nestjs/common';
import type { OfferView, PositionAccepted, PositionFix, SessionUser, WorkerView } from '@xiaonao/contracts';
import { DomainError } from '@xiaonao/domain';
import type { Integration } from '../auth/session';
import { PageQueries } from '../notify/page-queries';
import { Outbox } from '../outbox/outbox';
import { Database } from '../persistence/database';
import { IncidentStore } from '../incidents/incident-store';
import { TakeWorkerStep } from '../incidents/respond/worker-step.use-case';
import { PositionService } from './position.service';
import { WorkerStore, toWorkerView } from './worker-store';

function ownWorker(user: SessionUser): string {
  if (!user.workerId) throw new DomainError('FORBIDDEN', '当前账号未绑定网格员', 'This account is not a worker');
  return user.workerId;
}

@Injectable()
export class WorkerQueries {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(WorkerStore) private readonly workers: WorkerStore,
    @Inject(IncidentStore) private readonly incidents: IncidentStore,
    @Inject(PositionService) private readonly positions: PositionService,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(TakeWorkerStep) private readonly steps: TakeWorkerStep,
    @Inject(PageQueries) private readonly pageQueries: PageQueries,
  ) {}

  /** The township's workers, each with whether their phone can be reached now. */
  async list(user: SessionUser): Promise<WorkerView[]> {
    const rows = await this.workers.list(this.db, user.townshipId);
    const reach = await this.pageQueries.reachability(this.db, rows);
    return rows.map((row) => ({ ...toWorkerView(row), reachability: reach.get(row.id) }));
  }

  async me(user: SessionUser): Promise<WorkerView> {
    const row = await this.workers.find(this.db, ownWorker(user));
    if (!row) throw new DomainError('NOT_FOUND', '网格员不存在', 'No such worker');
    return toWorkerView(row);
  }

  async reportOwn(user: SessionUser, fix: PositionFix): Promise<PositionAccepted> {
    const checked = await this.positions.report(user.townshipId, ownWorker(user), fix);
    return { location: { lng: checked.lng, lat: checked.lat }, at: checked.at.toISOString() };
  }

  reportFleet(from: Integration, fixes: (PositionFix & { workerId: string })[]): Promise<number> {
    return this.positions.reportMany(from.townshipId, fixes);
  }

  /** Going off duty hands back an offer not yet answered, so the case goes straight to the next worker. */
  async setDuty(user: SessionUser, onDuty: boolean): Promise<WorkerView> {
    const id = ownWorker(user);
    const pending = onDuty ? [] : await this.db.query<{ incident_id: string }>(`SELECT incident_id FROM offer WHERE worker_id = $1 AND outcome = 'pending'`, [id]);
    for (const offer of pending) {
      await this.steps.run({ user, incidentId: offer.incident_id, step: 'decline', reason: '已下岗 / went off duty' }).catch(() => undefined);
    }
    const view = await this.db.transaction(async (tx) => {
      const worker = toWorkerView(await this.workers.setDuty(tx, id, onDuty));
      await this.outbox.add(tx, user.townshipId, 'worker.updated', { worker });
      return worker;
    });
    this.outbox.kick();
    return view;
  }

  async pendingOffers(user: SessionUser): Promise<OfferView[]> {
    const id = ownWorker(user);
    const offers = await this.db.query<{ id: string; incident_id: string; offered_at: Date; expires_at: Date; distance_m: number | null; queued: boolean }>(
      `SELECT id, incident_id, offered_at, expires_at, distance_m, queued FROM offer WHERE worker_id = $1 AND outcome = 'pending' ORDER BY offered_at`,
      [id],
    );
    const views: OfferView[] = [];
    for (const offer of offers) {
      const row = await this.incidents.find(this.db, offer.incident_id);
      if (!row) continue;
      views.push({
        offerId: offer.id,
        incidentId: offer.incident_id,
        workerId: id,
        offeredAt: offer.offered_at.toISOString(),
        expiresAt: offer.expires_at.toISOString(),
        distanceM: offer.distance_m === null ? null : Math.round(offer.distance_m),
        queued: offer.queued,
        incident: this.incidents.view(row),
      });
    }
    return views;
  }
}
