/**
 * An offer that no longer waits for an answer: its window closed, or an accept breach moves the case on
 * at once. The case waits again when this was its last open offer (a race goes on while others stand),
 * the worker is free (or keeps their current case), and everyone concerned hears of it.
 */
import { Inject, Injectable } from '@nestjs/common';
import { afterOfferLapsed } from '@xiaonao/domain';
import { Outbox } from '../../outbox/outbox';
import type { Sql } from '../../persistence/database';
import { WorkerStore, toWorkerView } from '../../workers/worker-store';
import type { IncidentRow } from '../incident-row';
import { IncidentStore } from '../incident-store';

export interface OpenOffer {
  id: string;
  worker_id: string;
}

@Injectable()
export class OfferLapse {
  constructor(
    @Inject(IncidentStore) private readonly incidents: IncidentStore,
    @Inject(WorkerStore) private readonly workers: WorkerStore,
    @Inject(Outbox) private readonly outbox: Outbox,
  ) {}

  /** The caller holds the incident's row lock and has checked that the offer is still pending. */
  async lapse(tx: Sql, row: IncidentRow, offer: OpenOffer, now: Date, detail: Record<string, unknown> = {}): Promise<void> {
    await tx.query(`UPDATE offer SET outcome = 'expired', answered_at = $2 WHERE id = $1`, [offer.id, now]);
    const [others] = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM offer WHERE incident_id = $1 AND outcome = 'pending'`, [row.id]);
    if (row.state === 'offered' && others.n === 0 && (row.worker_id === offer.worker_id || row.worker_id === null)) {
      await tx.query('UPDATE incident SET state = $2, worker_id = NULL, updated_at = $3 WHERE id = $1', [row.id, afterOfferLapsed(row.state), now]);
    }
    await this.incidents.record(tx, { incidentId: row.id, townshipId: row.township_id, type: 'offer_expired', at: now, actor: 'dispatch', workerId: offer.worker_id, detail });
    const incident = this.incidents.view(await this.incidents.refresh(tx, row.id), now);
    await this.outbox.add(tx, row.township_id, 'offer.withdrawn', { offerId: offer.id, incidentId: row.id, workerId: offer.worker_id, reason: 'expired' });
    await this.outbox.add(tx, row.township_id, 'incident.updated', { incident });
    const worker = await this.workers.releaseOffer(tx, offer.worker_id, row.id);
    if (worker) await this.outbox.add(tx, row.township_id, 'worker.updated', { worker: toWorkerView(worker) });
  }

  /** Every open offer of the case lapses now (an accept breach escalates to the next worker). */
  async lapseAll(tx: Sql, row: IncidentRow, now: Date, detail: Record<string, unknown>): Promise<number> {
    const open = await tx.query<OpenOffer>(`SELECT id, worker_id FROM offer WHERE incident_id = $1 AND outcome = 'pending' FOR UPDATE`, [row.id]);
    for (const offer of open) await this.lapse(tx, { ...row, state: 'offered' }, offer, now, detail);
    return open.length;
  }
}
