/**
 * Builds a case's EIDO: reads what the mapping needs (the case as the reader may see it, its timeline,
 * its workers' teams, the township's name) and hands it to the pure mapping in libs/domain. Used by the
 * HTTP export and by the EIDO websocket, which starts from the view its bus news already carries.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { EidoDocument, IncidentView, SessionUser, Team, TimelineEntryView } from '@xiaonao/contracts';
import { toEido, type EidoResponder } from '@xiaonao/domain';
import { IncidentQueries } from '../incidents/incident-queries';
import { IncidentStore } from '../incidents/incident-store';
import { Database } from '../persistence/database';
import { TownshipDirectory } from '../township/township-directory';

/** The township as its operators see it: the scope of an API-key subscriber and of bus news. */
export function townshipReader(townshipId: string): SessionUser {
  return { id: 'eido-export', username: 'eido-export', displayName: 'EIDO', role: 'operator', townshipId, workerId: null, stationId: null };
}

@Injectable()
export class EidoExport {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(IncidentQueries) private readonly queries: IncidentQueries,
    @Inject(IncidentStore) private readonly incidents: IncidentStore,
    @Inject(TownshipDirectory) private readonly townships: TownshipDirectory,
  ) {}

  /** The case as `reader` may see it (operators: their township; a station: the cases it handed over). */
  async forReader(reader: SessionUser, incidentId: string): Promise<EidoDocument> {
    const { timeline, ...view } = await this.queries.detail(reader, incidentId);
    return this.build(view, timeline);
  }

  /** The case as a piece of bus news showed it (already masked by the outbox), with its timeline as stored now. */
  async fromView(view: IncidentView): Promise<EidoDocument> {
    return this.build(view, await this.incidents.timeline(this.db, view.id));
  }

  /** Ids of the township's open cases, newest first: what a new subscription is sent at once. */
  async openCases(townshipId: string): Promise<string[]> {
    const rows = await this.db.query<{ id: string }>(`SELECT id FROM incident WHERE township_id = $1 AND state <> 'closed' ORDER BY received_at DESC`, [townshipId]);
    return rows.map((r) => r.id);
  }

  /** Finds a case by what a subscriber may call it: its id, its case number or its EIDO tracking id. */
  async resolve(townshipId: string, name: string, stationId: string | null = null): Promise<string | null> {
    const caseNo = name.startsWith('urn:emergency:uid:incidentid:') ? name.split(':')[4] ?? '' : name;
    const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(name);
    const [row] = await this.db.query<{ id: string }>(
      `SELECT id FROM incident WHERE township_id = $1 AND (case_no = $2 OR ($3::uuid IS NOT NULL AND id = $3::uuid)) AND ($4::uuid IS NULL OR station_id = $4::uuid) LIMIT 1`,
      [townshipId, caseNo, isUuid ? name : null, stationId],
    );
    return row?.id ?? null;
  }

  private async build(view: IncidentView, timeline: TimelineEntryView[]): Promise<EidoDocument> {
    const township = await this.townships.view(view.townshipId);
    return toEido({ incident: view, timeline, responders: await this.responders(view), township: { code: township.code, name: township.name } });
  }

  /** The primary worker and the assistants, with their teams; the phone in the view is left behind. */
  private async responders(view: IncidentView): Promise<EidoResponder[]> {
    const people = [...(view.worker ? [{ id: view.worker.id, role: 'primary' as const }] : []), ...view.assistants.map((a) => ({ id: a.id, role: 'assistant' as const }))];
    if (!people.length) return [];
    const rows = await this.db.query<{ id: string; name: string; team: Team }>('SELECT id, name, team FROM worker WHERE id = ANY($1::uuid[])', [people.map((p) => p.id)]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    return people.flatMap((p) => {
      const row = byId.get(p.id);
      return row ? [{ id: row.id, name: row.name, team: row.team, role: p.role }] : [];
    });
  }
}
