/**
 * 驳回: an operator looks at a camera case waiting for confirmation and finds nothing there (a shadow,
 * a queue at a bus stop). The case closes as a false alarm with that result in its timeline, its storms
 * close so the camera's next alert starts afresh, and every camera whose alerts were counted on it gets
 * one more dismissal on its record — the measure of a noisy camera.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { IncidentView, SessionUser } from '@xiaonao/contracts';
import { checkDismissable, DomainError } from '@xiaonao/domain';
import { Clock } from '../clock/clock';
import { IncidentStore } from '../incidents/incident-store';
import { Outbox } from '../outbox/outbox';
import { Database } from '../persistence/database';
import { CameraIncidents } from './camera-incidents';

const DISMISSED = '驳回（误报）';

@Injectable()
export class DismissCameraCase {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(IncidentStore) private readonly incidents: IncidentStore,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(CameraIncidents) private readonly facts: CameraIncidents,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async run(user: SessionUser, incidentId: string, reason?: string): Promise<IncidentView> {
    const view = await this.db.transaction(async (tx) => {
      const row = await this.incidents.find(tx, incidentId, true);
      if (!row || row.township_id !== user.townshipId) throw new DomainError('NOT_FOUND', '事件不存在', 'No such case');
      const storms = await tx.query<{ camera_id: string; code: string }>(
        `SELECT DISTINCT s.camera_id, c.code FROM camera_storm s JOIN camera c ON c.id = s.camera_id WHERE s.incident_id = $1 ORDER BY c.code`,
        [incidentId],
      );
      checkDismissable({ state: row.state, awaitingConfirmation: row.awaiting_confirmation, fromCamera: row.source === 'camera' && storms.length > 0 });
      const now = this.clock.now();
      const note = reason?.trim();
      const result = note ? `${DISMISSED}：${note}` : DISMISSED;
      await tx.query(`UPDATE incident SET state = 'closed', closure = 'dismissed', closed_at = $2, result = $3, awaiting_confirmation = false, updated_at = $2 WHERE id = $1`, [incidentId, now, result]);
      // A `closed` event, so the timeline's replay rebuilds the case as the row now holds it.
      await this.incidents.record(tx, {
        incidentId,
        townshipId: row.township_id,
        type: 'closed',
        at: now,
        actor: `operator:${user.username}`,
        detail: { result, dismissed: true, reason: note ?? null, cameras: storms.map((s) => s.code) },
      });
      await tx.query(`UPDATE camera_storm SET closed_at = $2, close_reason = 'dismissed' WHERE incident_id = $1 AND closed_at IS NULL`, [incidentId, now]);
      await tx.query('UPDATE camera SET dismissals = dismissals + 1, updated_at = $2 WHERE id = ANY($1::uuid[])', [storms.map((s) => s.camera_id), now]);
      const incident = this.incidents.view(await this.incidents.refresh(tx, incidentId), now);
      await this.outbox.add(tx, row.township_id, 'incident.closed', { incident });
      return incident;
    });
    this.outbox.kick();
    this.facts.touch(incidentId);
    return view;
  }
}
