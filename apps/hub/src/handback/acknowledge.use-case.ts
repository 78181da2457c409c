/**
 * 签收: the station a case was returned to signs for it. Only its own station's returned cases; a
 * second signature (a double tap, a resend) answers the first one without writing anything.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { IncidentView, SessionUser } from '@xiaonao/contracts';
import { DomainError, judgeAcknowledge } from '@xiaonao/domain';
import { Clock } from '../clock/clock';
import { IncidentStore } from '../incidents/incident-store';
import { Outbox } from '../outbox/outbox';
import { Database } from '../persistence/database';
import { HandbackStore } from './handback-store';

@Injectable()
export class AcknowledgeReturn {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(IncidentStore) private readonly incidents: IncidentStore,
    @Inject(HandbackStore) private readonly handbacks: HandbackStore,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async run(user: SessionUser, incidentId: string): Promise<IncidentView> {
    const stationId = user.stationId;
    if (user.role !== 'station' || !stationId) throw new DomainError('FORBIDDEN', '只有派出所可以签收', 'Only a police station signs for a returned case');
    let signed = false;
    const view = await this.db.transaction(async (tx) => {
      const row = await this.incidents.find(tx, incidentId, true);
      const handback = row && row.township_id === user.townshipId ? await this.handbacks.returnedTo(tx, incidentId, stationId) : null;
      const verdict = judgeAcknowledge({ returnedToThisStation: handback !== null, acknowledged: handback?.acknowledged_at != null });
      if (!row || verdict === 'already') return row ? this.incidents.view(row) : null;
      const now = this.clock.now();
      await this.handbacks.acknowledge(tx, incidentId, now, user.displayName);
      // Newer than the return's news, so pages holding that one take this.
      await tx.query('UPDATE incident SET updated_at = $2 WHERE id = $1', [incidentId, now]);
      await this.incidents.record(tx, { incidentId, townshipId: row.township_id, type: 'station_acknowledged', at: now, actor: `station:${user.username}`, source: 'station', detail: { stationId } });
      const incident = this.incidents.view(await this.incidents.refresh(tx, incidentId), now);
      if (!incident.handback) throw new Error(`hand-back of ${incidentId} vanished`);
      await this.outbox.add(tx, row.township_id, 'incident.acknowledged', { incident, handback: incident.handback });
      signed = true;
      return incident;
    });
    if (!view) throw new DomainError('NOT_FOUND', '没有退回本所的该事件', 'No such case returned to this station', 'incidentId');
    if (signed) this.outbox.kick();
    return view;
  }
}
