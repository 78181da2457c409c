/** The news of a 回访 step: the case read back with its 回访, and `incident.followed_up` in the same transaction. */
import { Inject, Injectable } from '@nestjs/common';
import type { IncidentView } from '@xiaonao/contracts';
import { IncidentStore } from '../incidents/incident-store';
import { Outbox } from '../outbox/outbox';
import type { Sql } from '../persistence/database';

@Injectable()
export class FollowUpNews {
  constructor(
    @Inject(IncidentStore) private readonly incidents: IncidentStore,
    @Inject(Outbox) private readonly outbox: Outbox,
  ) {}

  /** Marks the case changed, reads it back and queues `incident.followed_up`; returns the case as it now stands. */
  async followedUp(tx: Sql, incidentId: string, now: Date): Promise<IncidentView> {
    // A page keeps the newest copy of a case by updatedAt: a 回访 step is a change of the case.
    await tx.query('UPDATE incident SET updated_at = GREATEST(updated_at, $2) WHERE id = $1', [incidentId, now]);
    const incident = this.incidents.view(await this.incidents.refresh(tx, incidentId), now);
    if (incident.followUp) await this.outbox.add(tx, incident.townshipId, 'incident.followed_up', { incident, followUp: incident.followUp });
    return incident;
  }
}
