/** The station's search over the cases it handed over: newest received first, a page at a time. */
import { Inject, Injectable } from '@nestjs/common';
import { STATION_SEARCH_LIMIT_DEFAULT, type SessionUser, type StationSearchPage } from '@xiaonao/contracts';
import { DomainError } from '@xiaonao/domain';
import { Clock } from '../clock/clock';
import { ClockPolicyProvider } from '../incidents/clock-policy';
import { INCIDENT_SELECT, type IncidentRow } from '../incidents/incident-row';
import { IncidentStore } from '../incidents/incident-store';
import { Database } from '../persistence/database';
import type { StationSearchQueryDto } from './station-search.dto';
import { likePattern, LINKED_REPORT_CASES_SQL, stationSearchWhere, type StationSearchFilters } from './station-search-sql';

/** The first instant of a Beijing-time day (China keeps no daylight saving). */
const dayStart = (day: string) => new Date(`${day}T00:00:00+08:00`);
const DAY_MS = 24 * 3600_000;

@Injectable()
export class StationSearch {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(IncidentStore) private readonly incidents: IncidentStore,
    @Inject(ClockPolicyProvider) private readonly clocks: ClockPolicyProvider,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async search(user: SessionUser, query: StationSearchQueryDto): Promise<StationSearchPage> {
    if (user.role !== 'station' || !user.stationId) throw new DomainError('FORBIDDEN', '仅派出所可用', 'For police stations only');
    const filters = await this.filters(user.townshipId, user.stationId, query);
    const limit = query.limit ?? STATION_SEARCH_LIMIT_DEFAULT;
    const now = this.clock.now();
    const { where, params } = stationSearchWhere(filters, now, this.clocks.fallback);
    const rows = await this.db.query<IncidentRow>(`${INCIDENT_SELECT} WHERE ${where} ORDER BY i.received_at DESC, i.id DESC LIMIT ${limit + 1}`, params);
    const page = rows.slice(0, limit);
    return { items: page.map((row) => this.incidents.viewFor(user, row, now)), nextCursor: rows.length > limit ? page[page.length - 1].id : null };
  }

  private async filters(townshipId: string, stationId: string, query: StationSearchQueryDto): Promise<StationSearchFilters> {
    const since = query.from ? dayStart(query.from) : null;
    const until = query.to ? new Date(dayStart(query.to).getTime() + DAY_MS) : null;
    if (since && until && since >= until) throw new DomainError('INVALID_INPUT', '字段 to 无效：截止日早于起始日', 'Field to is invalid: before from', 'to');
    if (query.cursor) {
      const [own] = await this.db.query('SELECT 1 FROM incident WHERE id = $1 AND township_id = $2 AND station_id = $3', [query.cursor, townshipId, stationId]);
      if (!own) throw new DomainError('INVALID_INPUT', '字段 cursor 无效：不是有效的翻页标记', 'Field cursor is invalid: not a page cursor', 'cursor');
    }
    const q = query.q ? query.q : null;
    const linked = q ? await this.db.query<{ id: string }>(LINKED_REPORT_CASES_SQL, [townshipId, likePattern(q)]) : [];
    return {
      townshipId,
      stationId,
      q,
      linkedIds: linked.map((r) => r.id),
      state: query.state ?? null,
      closure: query.closure ?? null,
      category: query.category ?? null,
      since,
      until,
      breached: query.breached === undefined ? null : query.breached === 'true',
      after: query.cursor ?? null,
    };
  }
}
