/** An operator confirms that a case whose category waits for confirmation may be dispatched. */
import { Inject, Injectable } from '@nestjs/common';
import type { IncidentView, SessionUser } from '@xiaonao/contracts';
import { DomainError } from '@xiaonao/domain';
import { Clock } from '../../clock/clock';
import { Outbox } from '../../outbox/outbox';
import { Database } from '../../persistence/database';
import { OfferNext } from '../dispatch/offer-next.use-case';
import { IncidentStore } from '../incident-store';

@Injectable()
export class ConfirmDispatch {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(IncidentStore) private readonly incidents: IncidentStore,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(OfferNext) private readonly offerNext: OfferNext,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async run(user: SessionUser, incidentId: string): Promise<IncidentView> {
    await this.db.transaction(async (tx) => {
      const row = await this.incidents.find(tx, incidentId, true);
      if (!row || row.township_id !== user.townshipId) throw new DomainError('NOT_FOUND', '事件不存在', 'No such case');
      if (!row.awaiting_confirmation) throw new DomainError('ILLEGAL_TRANSITION', '该事件不在待确认状态', 'This case is not waiting for confirmation');
      // A point placed from a weak address match is confirmed first (confirm-point), which then dispatches.
      if (row.placement_needs_confirmation) throw new DomainError('ILLEGAL_TRANSITION', '请先确认事件位置（确认位置）再派单', 'Confirm the case’s point (confirm-point) before dispatch');
      const now = this.clock.now();
      await tx.query('UPDATE incident SET awaiting_confirmation = false, updated_at = $2 WHERE id = $1', [incidentId, now]);
      await this.incidents.record(tx, { incidentId, townshipId: row.township_id, type: 'dispatch_confirmed', at: now, actor: `operator:${user.username}` });
      await this.outbox.add(tx, row.township_id, 'incident.updated', { incident: this.incidents.view(await this.incidents.refresh(tx, incidentId), now) });
    });
    this.outbox.kick();
    await this.offerNext.run(incidentId);
    const row = await this.incidents.find(this.db, incidentId);
    return this.incidents.view(row as NonNullable<typeof row>);
  }
}
