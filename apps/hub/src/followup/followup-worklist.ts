/** The operators' 回访 worklist: due, overdue, under 督办, and resolved cases waiting for a 销号 decision. */
import { Inject, Injectable } from '@nestjs/common';
import type { FollowUpWorklist, SessionUser } from '@xiaonao/contracts';
import { IncidentStore } from '../incidents/incident-store';
import { Database } from '../persistence/database';

/** Longest list of each kind on the page (the oldest first: they are the most urgent). */
const LIMIT = 200;

@Injectable()
export class FollowUpWorklistQuery {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(IncidentStore) private readonly incidents: IncidentStore,
  ) {}

  async of(user: SessionUser): Promise<FollowUpWorklist> {
    const t = user.townshipId;
    const ids = async (sql: string): Promise<string[]> => (await this.db.query<{ id: string }>(sql, [t, LIMIT])).map((r) => r.id);
    const [due, overdue, supervision, awaiting] = await Promise.all([
      ids(`SELECT incident_id AS id FROM follow_up WHERE township_id = $1 AND status = 'scheduled' ORDER BY due_at LIMIT $2`),
      ids(`SELECT incident_id AS id FROM follow_up WHERE township_id = $1 AND status = 'overdue' ORDER BY due_at LIMIT $2`),
      ids(`SELECT incident_id AS id FROM supervision WHERE township_id = $1 AND status <> 'resolved' ORDER BY deadline LIMIT $2`),
      ids(`SELECT i.id FROM incident i
           LEFT JOIN follow_up f ON f.incident_id = i.id LEFT JOIN supervision s ON s.follow_up_id = f.id
           WHERE i.township_id = $1 AND i.state = 'closed' AND i.closure = 'resolved' AND i.signed_off_at IS NULL
             AND (f.id IS NULL OR s.status = 'resolved')
           ORDER BY i.closed_at LIMIT $2`),
    ]);
    const views = async (list: string[]) => {
      if (!list.length) return [];
      const rows = new Map((await this.incidents.list(this.db, 'i.id = ANY($1::uuid[])', [list], list.length)).map((r) => [r.id, r]));
      return list.flatMap((id) => {
        const row = rows.get(id);
        return row ? [this.incidents.view(row)] : [];
      });
    };
    return { due: await views(due), overdue: await views(overdue), supervision: await views(supervision), awaitingSignOff: await views(awaiting) };
  }
}
