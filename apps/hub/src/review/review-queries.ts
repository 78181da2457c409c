/**
 * The review's answers, read from the roll-ups (review_daily; review_case for single cases), scoped:
 * an operator or a township leader sees the township, a station only the cases it handed over. The
 * rules (rates, repeat windows, clustering, heat cells, the grid index) are libs/domain/src/review.
 */
import { Inject, Injectable } from '@nestjs/common';
import {
  CATEGORY_LABELS,
  INCIDENT_SOURCE_LABELS,
  type Category,
  type GridIndexRow,
  type GridIndexSettings,
  type GridIndexView,
  type HeatmapView,
  type IncidentSource,
  type RepeatCallersView,
  type RepeatPlace,
  type RepeatPlacesView,
  type ReviewCounts,
  type ReviewDimension,
  type ReviewRatesView,
  type ReviewRow,
  type ReviewTrendsView,
  type SessionUser,
  type SlowestView,
} from '@xiaonao/contracts';
import {
  cellCentre,
  clusterCells,
  DomainError,
  emptyCounts,
  findRepeats,
  gridBand,
  gridIndexScore,
  gridIndexTerms,
  heatPoints,
  maskPhone,
  monthPeriod,
  ratesOf,
  resolvePeriod,
  sumCounts,
  type DayCount,
  type DayPeriod,
} from '@xiaonao/domain';
import { readsWholeTownship } from '../auth/township-readers';
import { Clock } from '../clock/clock';
import { Database } from '../persistence/database';
import { countsOf, REVIEW_SUMS as SUMS, type CountRow } from './review-rollup.sql';
import { ReviewSettings } from './review-settings';
import { ReviewRoller } from './review-roller';

/** Who sees what: the township (operators, leaders), and a station only its own cases. */
export interface ReviewScope {
  townshipId: string;
  stationId: string | null;
}

export function scopeOf(user: SessionUser): ReviewScope {
  if (readsWholeTownship(user.role)) return { townshipId: user.townshipId, stationId: null };
  if (user.role === 'station' && user.stationId) return { townshipId: user.townshipId, stationId: user.stationId };
  throw new DomainError('FORBIDDEN', '只有指挥室、镇领导和派出所可以查看研判', 'Only operators, township leaders and police stations see the review');
}

export interface ReviewAsk {
  from?: string;
  to?: string;
  by?: ReviewDimension;
  minCases?: number;
  days?: number;
  radiusM?: number;
  limit?: number;
  cellM?: number;
}

const rowOf = (key: string, label: string, counts: ReviewCounts): ReviewRow => ({ key, label, counts, rates: ratesOf(counts) });

/** The address part of a place key (`gridId|address`). */
const addressOf = (place: string) => place.slice(place.indexOf('|') + 1);
const gridOfPlace = (place: string) => place.slice(0, place.indexOf('|')) || null;

@Injectable()
export class ReviewQueries {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(ReviewRoller) private readonly roller: ReviewRoller,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(ReviewSettings) private readonly settings: ReviewSettings,
  ) {}

  period(ask: { from?: string; to?: string }): DayPeriod {
    return resolvePeriod(ask, this.clock.now());
  }

  /** Sums of one dimension per key (or per `group`, an SQL expression over the row) in the scope and period. */
  private async sums(scope: ReviewScope, period: DayPeriod, dim: string, group = 'key'): Promise<CountRow[]> {
    return this.db.query<CountRow>(
      `SELECT ${group} AS key, ${SUMS} FROM review_daily
        WHERE township_id = $1 AND dim = $2 AND day BETWEEN $3::date AND $4::date AND ($5::uuid IS NULL OR station_key = $5::uuid)
        GROUP BY 1 HAVING sum(cases) > 0`,
      [scope.townshipId, dim, period.from, period.to, scope.stationId],
    );
  }

  /**
   * Daily counts of the keys of one dimension that had at least `min` cases in the period, in one pass
   * over the period's rows (a window sum per key, no second look-up).
   */
  private async dailyOf(scope: ReviewScope, period: DayPeriod, dim: string, min: number): Promise<Map<string, DayCount[]>> {
    const rows = await this.db.query<{ key: string; day: string; cases: string }>(
      `SELECT key, to_char(day, 'YYYY-MM-DD') AS day, cases FROM (
         SELECT key, day, sum(cases) AS cases, sum(sum(cases)) OVER (PARTITION BY key) AS total FROM review_daily
          WHERE township_id = $1 AND dim = $2 AND day BETWEEN $3::date AND $4::date AND ($5::uuid IS NULL OR station_key = $5::uuid)
          GROUP BY key, day) k
        WHERE total >= $6 AND cases <> 0`,
      [scope.townshipId, dim, period.from, period.to, scope.stationId, min],
    );
    const series = new Map<string, DayCount[]>();
    for (const r of rows) {
      const list = series.get(r.key) ?? [];
      list.push({ day: r.day, cases: Number(r.cases) });
      series.set(r.key, list);
    }
    return series;
  }

  async rates(user: SessionUser, ask: ReviewAsk): Promise<ReviewRatesView> {
    await this.roller.flush();
    const scope = scopeOf(user);
    const period = this.period(ask);
    const by = ask.by ?? 'grid';
    // Every case has a category, so the category rows add up to the whole.
    const [rows, all] = await Promise.all([this.sums(scope, period, by), by === 'category' ? null : this.sums(scope, period, 'category')]);
    const labels = await this.labels(scope.townshipId, by, rows.map((r) => r.key));
    const table = rows.map((r) => rowOf(r.key, labels.get(r.key) ?? r.key, countsOf(r))).sort((a, b) => b.counts.cases - a.counts.cases || a.label.localeCompare(b.label));
    const total = sumCounts((all ?? rows).map(countsOf));
    return { period, by, rows: table, total: rowOf('total', '合计', total) };
  }

  async trends(user: SessionUser, ask: ReviewAsk): Promise<ReviewTrendsView> {
    await this.roller.flush();
    const scope = scopeOf(user);
    const period = this.period(ask);
    const [hours, weekdays] = await Promise.all([this.sums(scope, period, 'hour'), this.sums(scope, period, 'hour', `extract(isodow FROM day)::int::text`)]);
    const byKey = (rows: CountRow[]) => new Map(rows.map((r) => [String(r.key), countsOf(r)]));
    const h = byKey(hours);
    const w = byKey(weekdays);
    const WEEKDAYS = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'];
    return {
      period,
      byHour: Array.from({ length: 24 }, (_, i) => rowOf(String(i), `${String(i).padStart(2, '0')}时`, h.get(String(i)) ?? emptyCounts())),
      byWeekday: Array.from({ length: 7 }, (_, i) => rowOf(String(i + 1), WEEKDAYS[i], w.get(String(i + 1)) ?? emptyCounts())),
    };
  }

  async repeatPlaces(user: SessionUser, ask: ReviewAsk): Promise<RepeatPlacesView> {
    await this.roller.flush();
    const scope = scopeOf(user);
    const period = this.period(ask);
    const defaults = await this.settings.of(this.db, scope.townshipId);
    const minCases = ask.minCases ?? defaults.repeatMinCases;
    const days = ask.days ?? defaults.repeatDays;
    const radiusM = ask.radiusM ?? 0;
    const base = { period, minCases, days, radiusM };
    if (radiusM <= 0) {
      const repeats = findRepeats(await this.dailyOf(scope, period, 'place', minCases), minCases, days).slice(0, 200);
      // Each place's point: its latest case's.
      const where = await this.db.query<{ place: string; lng: number; lat: number }>(
        `SELECT k.place, c.lng, c.lat FROM unnest($2::text[]) AS k(place)
           CROSS JOIN LATERAL (SELECT lng, lat FROM review_case WHERE township_id = $1 AND place = k.place ORDER BY received_at DESC LIMIT 1) c`,
        [scope.townshipId, repeats.map((r) => r.key)],
      );
      const at = new Map(where.map((w) => [w.place, w]));
      const places: RepeatPlace[] = repeats.map((r) => ({
        address: addressOf(r.key),
        lng: at.get(r.key)?.lng ?? 0,
        lat: at.get(r.key)?.lat ?? 0,
        gridId: gridOfPlace(r.key),
        cases: r.cases,
        peak: r.peak,
        firstDay: r.firstDay,
        lastDay: r.lastDay,
      }));
      return { ...base, mode: 'address', places };
    }
    // Within a radius: fine cells clustered around the busiest, then each cluster's busiest window.
    const daily = await this.dailyOf(scope, period, 'cell', 1);
    const cells = [...daily].map(([key, counts]) => ({ key, cases: counts.reduce((n, c) => n + c.cases, 0) }));
    const clusters = clusterCells(cells, radiusM).filter((c) => c.cases >= minCases);
    const series = new Map<number, DayCount[]>(clusters.map((c, i) => [i, c.keys.flatMap((k) => daily.get(k) ?? [])]));
    const repeats = findRepeats(series, minCases, days).slice(0, 200);
    const seeds = repeats.map((r) => clusters[r.key].keys[0]);
    const named = await this.db.query<{ cell: string; place: string | null; grid_id: string | null }>(
      `SELECT k.cell, c.place, c.grid_id FROM unnest($2::text[]) AS k(cell)
         CROSS JOIN LATERAL (SELECT place, grid_id FROM review_case WHERE township_id = $1 AND cell = k.cell ORDER BY received_at DESC LIMIT 1) c`,
      [scope.townshipId, seeds],
    );
    const names = new Map(named.map((n) => [n.cell, n]));
    const places: RepeatPlace[] = repeats.map((r) => {
      const cluster = clusters[r.key];
      const seed = names.get(cluster.keys[0]);
      const centre = cellCentre(cluster.keys[0]) ?? cluster.centre;
      return {
        address: seed?.place ? `${addressOf(seed.place)} 附近` : '',
        lng: centre.lng,
        lat: centre.lat,
        gridId: seed?.grid_id ?? null,
        cases: r.cases,
        peak: r.peak,
        firstDay: r.firstDay,
        lastDay: r.lastDay,
      };
    });
    return { ...base, mode: 'radius', places };
  }

  async repeatCallers(user: SessionUser, ask: ReviewAsk): Promise<RepeatCallersView> {
    await this.roller.flush();
    const scope = scopeOf(user);
    const period = this.period(ask);
    const defaults = await this.settings.of(this.db, scope.townshipId);
    const minCases = ask.minCases ?? defaults.repeatMinCases;
    const days = ask.days ?? defaults.repeatDays;
    const repeats = findRepeats(await this.dailyOf(scope, period, 'caller', minCases), minCases, days).slice(0, 200);
    const phones = await this.db.query<{ caller_hash: string; caller_phone: string }>(
      `SELECT k.caller_hash, i.caller_phone FROM unnest($2::text[]) AS k(caller_hash)
         CROSS JOIN LATERAL (SELECT incident_id FROM review_case WHERE township_id = $1 AND caller_hash = k.caller_hash ORDER BY received_at DESC LIMIT 1) c
         JOIN incident i ON i.id = c.incident_id`,
      [scope.townshipId, repeats.map((r) => r.key)],
    );
    // Masked for everyone: a repeat caller is found by the cases, not by the number.
    const masked = new Map(phones.map((p) => [p.caller_hash, maskPhone(p.caller_phone)]));
    return { period, minCases, days, callers: repeats.map((r) => ({ phone: masked.get(r.key) ?? '', cases: r.cases, peak: r.peak, firstDay: r.firstDay, lastDay: r.lastDay })) };
  }

  async slowest(user: SessionUser, ask: ReviewAsk): Promise<SlowestView> {
    await this.roller.flush();
    const scope = scopeOf(user);
    const period = this.period(ask);
    const rows = await this.db.query<{
      incident_id: string;
      case_no: string;
      received_at: Date;
      category: string;
      grid_id: string | null;
      worker_id: string | null;
      accept_s: number | null;
      contact_s: number | null;
      arrive_s: number | null;
      closed_s: number | null;
    }>(
      `SELECT incident_id, case_no, received_at, category, grid_id, worker_id, accept_s, contact_s, arrive_s, closed_s FROM review_case
        WHERE township_id = $1 AND day BETWEEN $2::date AND $3::date AND ($4::uuid IS NULL OR station_key = $4::uuid) AND arrive_s IS NOT NULL
        ORDER BY arrive_s DESC, received_at LIMIT $5`,
      [scope.townshipId, period.from, period.to, scope.stationId, ask.limit ?? 20],
    );
    return {
      period,
      cases: rows.map((r) => ({
        id: r.incident_id,
        caseNo: r.case_no,
        receivedAt: r.received_at.toISOString(),
        category: r.category,
        gridId: r.grid_id,
        workerId: r.worker_id,
        acceptSeconds: r.accept_s,
        contactSeconds: r.contact_s,
        arriveSeconds: r.arrive_s,
        closedSeconds: r.closed_s,
      })),
    };
  }

  async heatmap(user: SessionUser, ask: ReviewAsk): Promise<HeatmapView> {
    await this.roller.flush();
    const scope = scopeOf(user);
    const period = this.period(ask);
    const cellM = ask.cellM ?? 200;
    const cells = await this.db.query<{ key: string; cases: string }>(
      `SELECT key, sum(cases) AS cases FROM review_daily
        WHERE township_id = $1 AND dim = 'cell' AND day BETWEEN $2::date AND $3::date AND ($4::uuid IS NULL OR station_key = $4::uuid)
        GROUP BY key HAVING sum(cases) > 0`,
      [scope.townshipId, period.from, period.to, scope.stationId],
    );
    return { period, cellM, points: heatPoints(cells.map((c) => ({ key: c.key, cases: Number(c.cases) })), cellM) };
  }

  /** The month's 网格指数 of every grid of the township, with the inputs behind each score (operators, leaders). */
  async gridIndex(user: SessionUser, month: string | undefined): Promise<GridIndexView> {
    await this.roller.flush();
    if (!readsWholeTownship(user.role)) throw new DomainError('FORBIDDEN', '只有指挥室和镇领导可以查看网格指数', 'Only operators and township leaders see the grid index');
    const scope = scopeOf(user);
    const period = monthPeriod(month, this.clock.now());
    const settings = await this.settings.of(this.db, scope.townshipId);
    const [grids, sums, places] = await Promise.all([
      this.db.query<{ id: string; code: string; name: string }>('SELECT id, code, name FROM grid WHERE township_id = $1 ORDER BY code', [scope.townshipId]),
      this.sums(scope, period, 'grid'),
      this.dailyOf(scope, period, 'place', settings.repeatMinCases),
    ]);
    const repeatCases = new Map<string, number>();
    for (const r of findRepeats(places, settings.repeatMinCases, settings.repeatDays)) {
      const grid = gridOfPlace(r.key);
      if (grid) repeatCases.set(grid, (repeatCases.get(grid) ?? 0) + r.cases);
    }
    const counts = new Map(sums.map((s) => [s.key, countsOf(s)]));
    const rows: GridIndexRow[] = grids.map((g) => gridIndexRowOf(g, counts.get(g.id) ?? emptyCounts(), repeatCases.get(g.id) ?? 0, settings));
    return { month: period.month, settings, rows };
  }

  /** Names for the keys of a dimension (Chinese labels for categories and sources). */
  private async labels(townshipId: string, by: ReviewDimension, keys: readonly string[]): Promise<Map<string, string>> {
    if (!keys.length) return new Map();
    switch (by) {
      case 'category':
        return new Map(keys.map((k) => [k, CATEGORY_LABELS[k as Category]?.zh ?? k]));
      case 'source':
        return new Map(keys.map((k) => [k, INCIDENT_SOURCE_LABELS[k as IncidentSource]?.zh ?? k]));
      case 'grid':
        return this.names('grid', townshipId, keys);
      case 'worker':
        return this.names('worker', townshipId, keys);
      case 'station':
        return this.names('police_station', townshipId, keys);
    }
  }

  private async names(table: 'grid' | 'worker' | 'police_station', townshipId: string, ids: readonly string[]): Promise<Map<string, string>> {
    const rows = await this.db.query<{ id: string; name: string }>(`SELECT id, name FROM ${table} WHERE township_id = $1 AND id = ANY($2::uuid[])`, [townshipId, ids]);
    return new Map(rows.map((r) => [r.id, r.name]));
  }
}

export function gridIndexRowOf(grid: { id: string; code: string; name: string }, counts: ReviewCounts, repeatCases: number, settings: GridIndexSettings): GridIndexRow {
  const residents = settings.residents[grid.code] ?? null;
  const casesPer1000 = residents ? Math.round((counts.cases / residents) * 1000 * 100) / 100 : null;
  const inputs = { cases: counts.cases, residents, casesPer1000, repeatCases, rates: ratesOf(counts) };
  const terms = gridIndexTerms(inputs, settings);
  const score = gridIndexScore(terms, settings);
  return { gridId: grid.id, gridCode: grid.code, gridName: grid.name, inputs, terms, score, band: gridBand(score, settings.bands) };
}
