/** 销号: the case is done for good. Written in the caller's transaction with the timeline and `incident.signed_off`. */
import { Inject, Injectable } from '@nestjs/common';
import type { IncidentView } from '@xiaonao/contracts';
import { IncidentStore } from '../incidents/incident-store';
import { Outbox } from '../outbox/outbox';
import type { Sql } from '../persistence/database';

/** Why the case may be signed off: a satisfactory 回访, or an operator's recorded decision. */
export type SignOffVia = 'followup' | 'decision';

@Injectable()
export class SignOffWriter {
  constructor(
    @Inject(IncidentStore) private readonly incidents: IncidentStore,
    @Inject(Outbox) private readonly outbox: Outbox,
  ) {}

  async write(tx: Sql, incidentId: string, townshipId: string, now: Date, actor: string, via: SignOffVia, reason: string): Promise<IncidentView> {
    await tx.query('UPDATE incident SET signed_off_at = $2, updated_at = $2 WHERE id = $1 AND signed_off_at IS NULL', [incidentId, now]);
    await this.incidents.record(tx, { incidentId, townshipId, type: 'signed_off', at: now, actor, detail: { via, ...(reason ? { reason } : {}) } });
    const incident = this.incidents.view(await this.incidents.refresh(tx, incidentId), now);
    await this.outbox.add(tx, townshipId, 'incident.signed_off', { incident });
    return incident;
  }
}
