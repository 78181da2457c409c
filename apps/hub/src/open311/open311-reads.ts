/**
 * GET services.json and requests: what a city tool may read back. Requests are only those filed
 * through Open311 in the key's township (any of its Open311 keys), never a case another door made,
 * and carry no personal data: no caller, no phone, numbers in the text masked. The status is the
 * case's, mapped by the domain (open311Progress); a request that joined another report's incident
 * follows that incident.
 */
import { Inject, Injectable } from '@nestjs/common';
import { CATEGORY_LABELS, TEAM_LABELS, type Category, type Open311Request, type Open311Service, type Team } from '@xiaonao/contracts';
import { DomainError, maskPhonesInText, open311Progress, open311Services, parseW3c, shanghaiW3c } from '@xiaonao/domain';
import type { Integration } from '../auth/session';
import { Clock } from '../clock/clock';
import type { IncidentRow } from '../incidents/incident-row';
import { IncidentStore } from '../incidents/incident-store';
import { Database } from '../persistence/database';
import { TownshipDirectory } from '../township/township-directory';
import type { Open311ListQuery } from './open311.dto';
import { Open311Jurisdiction } from './open311-jurisdiction';

/** The spec's defaults: the last 90 days, at most 1000 requests. */
const DEFAULT_SPAN_MS = 90 * 86_400_000;
const MAX_REQUESTS = 1000;

interface RequestRow {
  case_no: string;
  incident_id: string;
  received_at: Date;
  category: Category;
  description: string;
  address: string;
  lng: number;
  lat: number;
  detail: { mediaUrl?: unknown } | null;
}

@Injectable()
export class Open311Reads {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(IncidentStore) private readonly incidents: IncidentStore,
    @Inject(TownshipDirectory) private readonly townships: TownshipDirectory,
    @Inject(Open311Jurisdiction) private readonly jurisdiction: Open311Jurisdiction,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async services(jurisdictionId: string | undefined, from: Integration | null): Promise<Open311Service[]> {
    const townshipId = await this.jurisdiction.ofPublic(jurisdictionId, from);
    return open311Services(await this.townships.responsibilities(townshipId));
  }

  async service(code: string, jurisdictionId: string | undefined, from: Integration | null): Promise<{ service_code: string; attributes: never[] }[]> {
    const services = await this.services(jurisdictionId, from);
    if (!services.some((s) => s.service_code === code)) throw new DomainError('NOT_FOUND', `service_code：未知的服务代码「${code}」`, `service_code: unknown service ${code}`, 'service_code');
    return [{ service_code: code, attributes: [] }];
  }

  async one(from: Integration, id: string, jurisdictionId: string | undefined): Promise<Open311Request[]> {
    const townshipId = await this.jurisdiction.ofKey(from, jurisdictionId);
    const found = await this.requests(townshipId, 'r.case_no = $2', [id]);
    if (found.length === 0) throw new DomainError('NOT_FOUND', `service_request_id：未找到编号「${id}」的上报`, `service_request_id: no request ${id}`, 'service_request_id');
    return found;
  }

  async list(from: Integration, q: Open311ListQuery): Promise<Open311Request[]> {
    const townshipId = await this.jurisdiction.ofKey(from, q.jurisdiction_id);
    // The spec: with ids, the other filters are ignored.
    if (q.service_request_id) return this.requests(townshipId, 'r.case_no = ANY($2::text[])', [q.service_request_id.split(',')]);
    const { start, end } = this.span(q.start_date, q.end_date);
    const where = ['r.received_at >= $2', 'r.received_at <= $3'];
    const params: unknown[] = [start, end];
    if (q.service_code) {
      params.push(q.service_code.split(','));
      where.push(`r.category = ANY($${params.length + 1}::text[])`);
    }
    const statuses = new Set(q.status?.split(','));
    if (statuses.size === 1) where.push(statuses.has('closed') ? "i.state = 'closed'" : "i.state <> 'closed'");
    return this.requests(townshipId, where.join(' AND '), params);
  }

  private span(startText: string | undefined, endText: string | undefined): { start: Date; end: Date } {
    const read = (text: string | undefined, field: string) => {
      if (text === undefined) return null;
      const at = parseW3c(text);
      if (!at) throw new DomainError('INVALID_INPUT', `${field}：须为 W3C 时间，如 2026-11-21T09:30:00+08:00`, `${field}: a W3C date-time such as 2026-11-21T09:30:00+08:00`, field);
      return at;
    };
    const startAt = read(startText, 'start_date');
    const endAt = read(endText, 'end_date');
    const end = endAt ?? (startAt ? new Date(startAt.getTime() + DEFAULT_SPAN_MS) : this.clock.now());
    const start = startAt ?? new Date(end.getTime() - DEFAULT_SPAN_MS);
    if (start > end) throw new DomainError('INVALID_INPUT', 'start_date：开始时间晚于 end_date', 'start_date: after end_date', 'start_date');
    return { start, end };
  }

  /** Requests of the township filed through Open311 matching `where` ($1 is the township), newest first. */
  private async requests(townshipId: string, where: string, params: unknown[]): Promise<Open311Request[]> {
    const rows = await this.db.query<RequestRow>(
      `SELECT r.case_no, r.incident_id, r.received_at, r.category, r.description, r.address, r.lng, r.lat, r.detail
       FROM incident_report r JOIN incident i ON i.id = r.incident_id
       WHERE r.township_id = $1 AND r.source = 'open311' AND ${where}
       ORDER BY r.received_at DESC, r.case_no LIMIT ${MAX_REQUESTS}`,
      [townshipId, ...params],
    );
    if (rows.length === 0) return [];
    const ids = [...new Set(rows.map((r) => r.incident_id))];
    const incidents = new Map((await this.incidents.list(this.db, 'i.id = ANY($1::uuid[])', [ids], ids.length)).map((row) => [row.id, row]));
    const workerIds = [...incidents.values()].flatMap((row) => (row.worker_id ? [row.worker_id] : []));
    const teams = new Map(
      workerIds.length ? (await this.db.query<{ id: string; team: Team }>('SELECT id, team FROM worker WHERE id = ANY($1::uuid[])', [workerIds])).map((w) => [w.id, w.team]) : [],
    );
    const township = (await this.townships.view(townshipId)).name;
    const now = this.clock.now();
    return rows.flatMap((r) => {
      const row = incidents.get(r.incident_id);
      return row ? [this.request(r, row, teams, township, now)] : [];
    });
  }

  private request(r: RequestRow, row: IncidentRow, teams: Map<string, Team>, township: string, now: Date): Open311Request {
    const team = row.worker_id ? teams.get(row.worker_id) : undefined;
    const progress = open311Progress({
      state: row.state,
      closure: row.closure,
      awaitingConfirmation: row.awaiting_confirmation,
      worker: row.worker_id ? { name: row.worker_name ?? '', team: team ? TEAM_LABELS[team].zh : '网格员' } : null,
      result: row.result,
      handbackReason: row.handback?.reason ?? null,
    });
    // The 1-3-8 arrival deadline is when service is expected; a closed case expects nothing more.
    const arrive = row.state === 'closed' ? undefined : this.incidents.view(row, now).clocks.find((c) => c.stage === 'arrive');
    const mediaUrl = typeof r.detail?.mediaUrl === 'string' ? r.detail.mediaUrl : null;
    return {
      service_request_id: r.case_no,
      status: progress.status,
      status_notes: progress.statusNotes,
      service_name: CATEGORY_LABELS[r.category].zh,
      service_code: r.category,
      description: maskPhonesInText(r.description),
      agency_responsible: row.grid_name ? `${township} · ${row.grid_name}` : township,
      service_notice: '',
      requested_datetime: shanghaiW3c(r.received_at),
      updated_datetime: shanghaiW3c(row.updated_at),
      expected_datetime: arrive ? shanghaiW3c(new Date(arrive.deadline)) : null,
      address: r.address,
      address_id: null,
      zipcode: null,
      lat: r.lat,
      long: r.lng,
      media_url: mediaUrl,
    };
  }
}
