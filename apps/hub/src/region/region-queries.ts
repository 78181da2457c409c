/**
 * The district view's answers (docs/regions.md), each limited to the townships under the caller's
 * region (auth/region-scope.ts): the rates come from the review roll-ups as the review reads them
 * (review_daily by category, every case has one), summed per township; open cases and their clocks
 * from the cases themselves; workers from their last fix. Read-only: nothing here writes.
 */
import { Inject, Injectable } from '@nestjs/common';
import { BUILT_IN_MAP_TILES, type IncidentDetailView, type IncidentView, type RegionMapView, type RegionNodeView, type RegionOverview, type RegionRates, type RegionTownshipRow, type RegionWorkerPin, type ReviewCounts, type SessionUser, type Team, type WorkerStatus } from '@xiaonao/contracts';
import { beijingDay, DomainError, emptyCounts, ratesOf, resolvePeriod, sumCounts, type DayPeriod } from '@xiaonao/domain';
import { regionScope, type RegionScope } from '../auth/region-scope';
import { Clock } from '../clock/clock';
import { HUB_CONFIG, type HubConfig } from '../config/hub-config';
import { IncidentStore } from '../incidents/incident-store';
import { Database } from '../persistence/database';
import { countsOf, REVIEW_SUMS as SUMS, type CountRow } from '../review/review-rollup.sql';
import { ReviewRoller } from '../review/review-roller';

/** Every open case of a district fits; a city with more open at once than this shows the newest. */
const OPEN_LIMIT = 5000;


const ratesRow = (counts: ReviewCounts): RegionRates => ({ counts, rates: ratesOf(counts) });

/** How an open case stands: breached if one clock is, at risk if one is (none breached). */
function clockState(incident: IncidentView): 'breached' | 'at_risk' | 'ok' {
  if (incident.clocks.some((c) => c.status === 'breached' || c.status === 'met_late')) return 'breached';
  if (incident.clocks.some((c) => c.status === 'at_risk')) return 'at_risk';
  return 'ok';
}

const notFound = () => new DomainError('NOT_FOUND', '事件不存在或不在本辖区', 'No such case, or not in your region');

@Injectable()
export class RegionQueries {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(ReviewRoller) private readonly roller: ReviewRoller,
    @Inject(IncidentStore) private readonly incidents: IncidentStore,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  async overview(user: SessionUser, ask: { from?: string; to?: string }): Promise<RegionOverview> {
    await this.roller.flush();
    const now = this.clock.now();
    const period = resolvePeriod(ask, now);
    const day = beijingDay(now);
    const today = { from: day, to: day };
    const scope = await regionScope(this.db, user);
    const [regions, townships, todays, periods, open] = await Promise.all([
      this.regions(scope),
      this.db.query<{ id: string; code: string; name: string; region_id: string; center_lng: number; center_lat: number }>(
        'SELECT id, code, name, region_id, center_lng, center_lat FROM township WHERE id = ANY($1::uuid[]) ORDER BY code',
        [scope.townshipIds],
      ),
      this.sums(scope, today),
      this.sums(scope, period),
      this.open(user, scope),
    ]);
    const rows: RegionTownshipRow[] = townships.map((t) => {
      const mine = open.filter((i) => i.townshipId === t.id).map(clockState);
      return {
        id: t.id,
        code: t.code,
        name: t.name,
        regionId: t.region_id,
        center: { lng: Number(t.center_lng), lat: Number(t.center_lat) },
        today: ratesRow(todays.get(t.id) ?? emptyCounts()),
        period: ratesRow(periods.get(t.id) ?? emptyCounts()),
        open: mine.length,
        openAtRisk: mine.filter((s) => s === 'at_risk').length,
        openBreached: mine.filter((s) => s === 'breached').length,
      };
    });
    const add = (pick: (r: RegionTownshipRow) => number) => rows.reduce((sum, r) => sum + pick(r), 0);
    return {
      regions,
      townships: rows,
      today,
      period,
      total: {
        today: ratesRow(sumCounts(rows.map((r) => r.today.counts))),
        period: ratesRow(sumCounts(rows.map((r) => r.period.counts))),
        open: add((r) => r.open),
        openAtRisk: add((r) => r.openAtRisk),
        openBreached: add((r) => r.openBreached),
      },
    };
  }

  async map(user: SessionUser): Promise<RegionMapView> {
    const scope = await regionScope(this.db, user);
    const [incidents, workers] = await Promise.all([
      this.open(user, scope),
      this.db.query<{ id: string; township_id: string; name: string; team: Team; status: WorkerStatus; lng: number | null; lat: number | null; position_at: Date | null }>(
        'SELECT id, township_id, name, team, status, lng, lat, position_at FROM worker WHERE township_id = ANY($1::uuid[]) AND on_duty ORDER BY township_id, code',
        [scope.townshipIds],
      ),
    ]);
    const pins: RegionWorkerPin[] = workers.map((w) => ({
      id: w.id,
      townshipId: w.township_id,
      name: w.name,
      team: w.team,
      status: w.status,
      position: w.lng === null || w.lat === null ? null : { lng: Number(w.lng), lat: Number(w.lat) },
      positionAt: w.position_at?.toISOString() ?? null,
    }));
    return { tiles: this.config.mapTiles ?? BUILT_IN_MAP_TILES, incidents, workers: pins };
  }

  /** One case with its timeline as a township leader reads it (caller masked, no recommendation); 404 outside the region. */
  async incident(user: SessionUser, id: string): Promise<IncidentDetailView> {
    const scope = await regionScope(this.db, user);
    const [row] = await this.incidents.list(this.db, 'i.id = $1 AND i.township_id = ANY($2::uuid[])', [id, scope.townshipIds], 1);
    if (!row) throw notFound();
    return { ...this.incidents.viewFor(user, row), timeline: await this.incidents.timeline(this.db, id), recommendation: null };
  }

  private async open(user: SessionUser, scope: RegionScope): Promise<IncidentView[]> {
    const now = this.clock.now();
    const rows = await this.incidents.list(this.db, 'i.township_id = ANY($1::uuid[]) AND i.closed_at IS NULL', [scope.townshipIds], OPEN_LIMIT);
    return rows.map((row) => this.incidents.viewFor(user, row, now));
  }

  /** The caller's region (as a root: its own parent lies outside its view) and every region under it. */
  private async regions(scope: RegionScope): Promise<RegionNodeView[]> {
    const rows = await this.db.query<{ id: string; code: string; name: string; kind: string; parent_id: string | null }>(
      'SELECT id, code, name, kind, parent_id FROM region WHERE id = ANY($1::uuid[])',
      [scope.regionIds],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    return scope.regionIds.flatMap((id) => {
      const r = byId.get(id);
      return r ? [{ id: r.id, code: r.code, name: r.name, kind: r.kind, parentId: id === scope.regionId ? null : r.parent_id }] : [];
    });
  }

  /** The period's sums per township from the roll-ups. */
  private async sums(scope: RegionScope, period: DayPeriod): Promise<Map<string, ReviewCounts>> {
    const rows = await this.db.query<CountRow>(
      `SELECT township_id AS key, ${SUMS} FROM review_daily
        WHERE township_id = ANY($1::uuid[]) AND dim = 'category' AND day BETWEEN $2::date AND $3::date
        GROUP BY 1`,
      [scope.townshipIds, period.from, period.to],
    );
    return new Map(rows.map((r) => [r.key, countsOf(r)]));
  }
}
