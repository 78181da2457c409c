/**
 * 研判 over a year for a district: 200,000 closed cases of the demo township written straight into a
 * fresh database with generate_series (hours, categories, sources, grids, workers, stations, hot
 * addresses and repeat callers drawn at random with a fixed seed; about one case in five with a
 * recorded 回访), the roll-ups built by the migration's backfill, then each review query's p99 beside
 * the same question answered by a plain scan of the incident table in the same run (the same per-case
 * facts, computed at read time from the cases, their breach events and 回访, then grouped).
 *
 * Both sides run in this process against the same PostgreSQL: the roll-up side through the hub's own
 * ReviewQueries (what the HTTP routes call), the scan side as SQL through the hub's pool with the same
 * domain rules applied to its rows.
 */
import { performance } from 'node:perf_hooks';
import type { SessionUser } from '@xiaonao/contracts';
import { clusterCells, findRepeats, heatPoints, type DayCount } from '@xiaonao/domain';
import { Database } from '../apps/hub/src/persistence/database';
import { ReviewQueries, type ReviewAsk } from '../apps/hub/src/review/review-queries';
import { BACKFILL_REVIEW_SQL, REFRESH_REVIEW_SQL, reviewFactsSql } from '../apps/hub/src/review/review-rollup.sql';
import { startHub } from '../apps/hub/src/start-hub';
import { buildHezhuangTownship } from '../apps/sim/src/township/hezhuang';
import { BENCH_JWT_SECRET, freshDatabase } from './support/processes';
import type { Benchmark, BenchResult } from './support/result';
import { percentile, round } from './support/stats';

const CASES = Number(process.env.BENCH_REVIEW_CASES || 200_000);
const RUNS = Number(process.env.BENCH_REVIEW_RUNS || 20);
const YEAR_RUNS = Number(process.env.BENCH_REVIEW_YEAR_RUNS || 8);
/** The plain scans take seconds each: fewer runs keep the bench within a few minutes (their p99 is then their slowest run). */
const SCAN_RUNS = Number(process.env.BENCH_REVIEW_SCAN_RUNS || 5);
const YEAR_SCAN_RUNS = Number(process.env.BENCH_REVIEW_YEAR_SCAN_RUNS || 3);
const TAP_CASES = Number(process.env.BENCH_REVIEW_TAP_CASES || 300);
const DAY_MS = 86_400_000;

const beijingDay = (at: number) => new Date(at + 8 * 3_600_000).toISOString().slice(0, 10);

/** A year of closed cases, ending yesterday, and a recorded 回访 for about one resolved case in five. */
export async function seedYear(db: Database, townshipId: string, count: number): Promise<void> {
  await db.query('SELECT setseed(0.42)');
  await db.query(
    `WITH g AS (SELECT array_agg(id ORDER BY code) AS ids FROM grid WHERE township_id = $1),
          w AS (SELECT array_agg(id ORDER BY code) AS ids FROM worker WHERE township_id = $1),
          s AS (SELECT array_agg(id ORDER BY code) AS ids FROM police_station WHERE township_id = $1),
          t AS (SELECT center_lng, center_lat FROM township WHERE id = $1),
          raw AS (
            SELECT n,
                   -- Spread over the year, busier in the day than at night.
                   date_trunc('day', now() - interval '1 day') - ((n % 365) || ' days')::interval
                     + make_interval(secs => (7 + 15 * random() ^ 1.3) * 3600) AS received_at,
                   random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5, random() AS r6, random() AS r7
              FROM generate_series(1, $2::int) AS n
          )
     INSERT INTO incident (township_id, case_no, source, received_at, caller_name, caller_phone, address, lng, lat, category, description,
                           state, priority, station_id, grid_id, worker_id, accepted_at, contacted_at, arrived_at, closed_at, closure, result)
     SELECT $1, 'RV-' || raw.n,
            (ARRAY['110', '110', '110', 'operator', 'camera', 'patrol', '12345'])[1 + floor(raw.r1 * 7)::int],
            raw.received_at, '测试', '139' || lpad((floor(raw.r2 ^ 3 * 20000))::int::text, 8, '0'),
            '和庄镇测试路' || floor(raw.r3 ^ 2 * 3000)::int || '号',
            t.center_lng + (raw.r4 - 0.5) * 0.08, t.center_lat + (raw.r5 - 0.5) * 0.06,
            (ARRAY['dispute', 'noise', 'noise', 'fire_hazard', 'blocked_passage', 'stray_animal', 'elderly_help', 'water_leak', 'other'])[1 + floor(raw.r6 * 9)::int],
            '研判基准', 'closed', 2,
            CASE WHEN raw.r1 < 0.43 THEN s.ids[1 + floor(raw.r7 * cardinality(s.ids))::int] END,
            g.ids[1 + floor(raw.r4 * cardinality(g.ids))::int],
            w.ids[1 + floor(raw.r5 * cardinality(w.ids))::int],
            raw.received_at + make_interval(secs => 10 + raw.r2 * 70),
            raw.received_at + make_interval(secs => 80 + raw.r3 * 160),
            raw.received_at + make_interval(secs => 200 + raw.r6 * 500),
            raw.received_at + make_interval(secs => 1800 + raw.r7 * 3600),
            CASE WHEN raw.r7 < 0.9 THEN 'resolved' WHEN raw.r7 < 0.97 THEN 'returned_to_police' ELSE 'handed_to_12345' END,
            '已处置'
       FROM raw, g, w, s, t`,
    [townshipId, count],
  );
  await db.query(
    `INSERT INTO follow_up (incident_id, township_id, status, scheduled_at, due_at, reached, satisfaction, solved, decision, recorded_at, recorded_by)
     SELECT id, township_id, 'recorded', closed_at, closed_at + interval '24 hours', true,
            (ARRAY['satisfied', 'satisfied', 'basically_satisfied', 'not_satisfied'])[1 + floor(random() * 4)::int], true, 'sign_off',
            closed_at + interval '3 hours', 'bench'
       FROM incident WHERE township_id = $1 AND closure = 'resolved' AND random() < 0.22`,
    [townshipId],
  );
  await db.query('VACUUM ANALYZE incident');
  await db.query('VACUUM ANALYZE follow_up');
}

/** p99 of `runs` timed calls after one warm-up. */
async function p99(runs: number, work: () => Promise<unknown>): Promise<number> {
  await work();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await work();
    samples.push(performance.now() - started);
  }
  return percentile(samples, 99);
}

type Facts = (where: string) => string;

/** The scan side: the same questions answered from the incident table at read time. */
function scans(db: Database, townshipId: string, facts: Facts) {
  const scope = (from: string, to: string) =>
    facts(`i.township_id = '${townshipId}' AND i.received_at >= '${from}T00:00:00+08:00'::timestamptz AND i.received_at < ('${to}T00:00:00+08:00'::timestamptz + interval '1 day')`);
  const SUMS = `count(*) AS cases, sum(accept_due) AS accept_due, sum(accept_ok) AS accept_ok, sum(contact_due) AS contact_due, sum(contact_ok) AS contact_ok,
                sum(arrive_due) AS arrive_due, sum(arrive_ok) AS arrive_ok, sum(breached) AS breached, sum(closed) AS closed, sum(closed_returned) AS closed_returned,
                sum(fu_satisfied) AS fu_satisfied, sum(fu_basic) AS fu_basic, sum(fu_unsatisfied) AS fu_unsatisfied`;
  const daily = async (from: string, to: string, column: string, min: number) => {
    const rows = await db.query<{ key: string; day: string; cases: string }>(
      `SELECT key, to_char(day, 'YYYY-MM-DD') AS day, cases FROM (
         SELECT ${column} AS key, day, count(*) AS cases, sum(count(*)) OVER (PARTITION BY ${column}) AS total FROM (${scope(from, to)}) f
          WHERE ${column} IS NOT NULL GROUP BY 1, 2) k
        WHERE total >= ${min}`,
    );
    const series = new Map<string, DayCount[]>();
    for (const r of rows) series.set(r.key, [...(series.get(r.key) ?? []), { day: r.day, cases: Number(r.cases) }]);
    return series;
  };
  return {
    rates: (from: string, to: string, column: string) =>
      Promise.all([db.query(`SELECT ${column} AS key, ${SUMS} FROM (${scope(from, to)}) f GROUP BY 1`), db.query(`SELECT category AS key, ${SUMS} FROM (${scope(from, to)}) f GROUP BY 1`)]),
    trends: (from: string, to: string) =>
      Promise.all([db.query(`SELECT hour AS key, ${SUMS} FROM (${scope(from, to)}) f GROUP BY 1`), db.query(`SELECT extract(isodow FROM day) AS key, ${SUMS} FROM (${scope(from, to)}) f GROUP BY 1`)]),
    repeatPlaces: async (from: string, to: string) => findRepeats(await daily(from, to, 'place', 3), 3, 30),
    repeatNear: async (from: string, to: string) => {
      const cells = await db.query<{ key: string; cases: string }>(`SELECT cell AS key, count(*) AS cases FROM (${scope(from, to)}) f GROUP BY 1`);
      const clusters = clusterCells(cells.map((c) => ({ key: c.key, cases: Number(c.cases) })), 100).filter((c) => c.cases >= 3);
      const byCell = await daily(from, to, 'cell', 1);
      return findRepeats(new Map(clusters.map((c, i) => [i, c.keys.flatMap((k) => byCell.get(k) ?? [])])), 3, 30);
    },
    repeatCallers: async (from: string, to: string) => findRepeats(await daily(from, to, 'caller_hash', 3), 3, 30),
    slowest: (from: string, to: string) =>
      db.query(
        `SELECT id, case_no, received_at, category, grid_id, worker_id, arrived_at - received_at AS took FROM incident
          WHERE township_id = $1 AND received_at >= $2::timestamptz AND received_at < $3::timestamptz + interval '1 day' AND arrived_at IS NOT NULL
          ORDER BY arrived_at - received_at DESC, received_at LIMIT 20`,
        [townshipId, `${from}T00:00:00+08:00`, `${to}T00:00:00+08:00`],
      ),
    heatmap: async (from: string, to: string) => {
      const cells = await db.query<{ key: string; cases: string }>(
        `SELECT floor(lng / 0.0005)::bigint || ':' || floor(lat / 0.0005)::bigint AS key, count(*) AS cases FROM incident
          WHERE township_id = $1 AND received_at >= $2::timestamptz AND received_at < $3::timestamptz + interval '1 day' GROUP BY 1`,
        [townshipId, `${from}T00:00:00+08:00`, `${to}T00:00:00+08:00`],
      );
      return heatPoints(cells.map((c) => ({ key: c.key, cases: Number(c.cases) })), 200);
    },
    gridIndex: async (from: string, to: string) =>
      Promise.all([db.query(`SELECT grid_id AS key, ${SUMS} FROM (${scope(from, to)}) f GROUP BY 1`), daily(from, to, 'place', 3).then((s) => findRepeats(s, 3, 30))]),
  };
}

export const review: Benchmark = {
  name: 'review',
  description: '研判 queries over 200,000 cases (a year for a district): p99 from the roll-ups vs the same question by a plain scan of the incident table',
  async run(): Promise<BenchResult[]> {
    const database = await freshDatabase();
    const seed = buildHezhuangTownship();
    const hub = await startHub({ env: { JWT_SECRET: BENCH_JWT_SECRET, DATABASE_URL: database.url, NATS_URL: undefined, PORT: '0', LOG_LEVEL: 'error', WEB_DIR: '/nonexistent' }, seeds: [seed] });
    try {
      const db = hub.app.get(Database);
      const queries = hub.app.get(ReviewQueries);
      const townshipId = hub.townships[0].id;
      const seeding = performance.now();
      await seedYear(db, townshipId, CASES);
      const seedSeconds = (performance.now() - seeding) / 1000;
      const backfilling = performance.now();
      await db.transaction(async (tx) => {
        for (const statement of BACKFILL_REVIEW_SQL) await tx.query(statement);
      });
      // What autovacuum does on a live hub after a bulk write: the visibility map lets the roll-up's index answer alone.
      await db.query('VACUUM ANALYZE review_daily');
      await db.query('VACUUM ANALYZE review_case');
      const backfillSeconds = (performance.now() - backfilling) / 1000;
      const [{ n }] = await db.query<{ n: string }>('SELECT count(*) AS n FROM review_daily');
      const [{ station }] = await db.query<{ station: string }>('SELECT id AS station FROM police_station WHERE township_id = $1 ORDER BY code LIMIT 1', [townshipId]);

      const operator: SessionUser = { id: 'bench', username: 'bench', displayName: 'bench', role: 'operator', townshipId, workerId: null, stationId: null };
      const stationUser: SessionUser = { ...operator, role: 'station', stationId: station };
      const to = beijingDay(Date.now() - DAY_MS);
      const from = beijingDay(Date.now() - 30 * DAY_MS);
      const yearFrom = beijingDay(Date.now() - 365 * DAY_MS);
      const month = { from, to };
      const scan = scans(db, townshipId, reviewFactsSql);
      const stationScan = scans(db, townshipId, (where) => reviewFactsSql(`${where} AND i.station_id = '${station}'`));
      const ask = (extra: ReviewAsk = {}): ReviewAsk => ({ ...month, ...extra });

      const pairs: { name: string; runs: number; scanRuns?: number; rollup: () => Promise<unknown>; scan: () => Promise<unknown> }[] = [
        { name: 'rates by grid (30 days)', runs: RUNS, rollup: () => queries.rates(operator, ask({ by: 'grid' })), scan: () => scan.rates(from, to, 'grid_id') },
        { name: 'rates by worker (30 days)', runs: RUNS, rollup: () => queries.rates(operator, ask({ by: 'worker' })), scan: () => scan.rates(from, to, 'worker_id') },
        { name: 'rates by category (30 days)', runs: RUNS, rollup: () => queries.rates(operator, ask({ by: 'category' })), scan: () => scan.rates(from, to, 'category') },
        { name: 'rates by source (30 days)', runs: RUNS, rollup: () => queries.rates(operator, ask({ by: 'source' })), scan: () => scan.rates(from, to, 'source') },
        { name: 'rates by station (30 days)', runs: RUNS, rollup: () => queries.rates(operator, ask({ by: 'station' })), scan: () => scan.rates(from, to, 'station_key') },
        { name: 'station: rates by grid (30 days)', runs: RUNS, rollup: () => queries.rates(stationUser, ask({ by: 'grid' })), scan: () => stationScan.rates(from, to, 'grid_id') },
        { name: 'trends hour + weekday (30 days)', runs: RUNS, rollup: () => queries.trends(operator, ask()), scan: () => scan.trends(from, to) },
        { name: 'repeat places, address (30 days)', runs: RUNS, rollup: () => queries.repeatPlaces(operator, ask({ minCases: 3, days: 30 })), scan: () => scan.repeatPlaces(from, to) },
        { name: 'repeat places, 100 m (30 days)', runs: RUNS, rollup: () => queries.repeatPlaces(operator, ask({ minCases: 3, days: 30, radiusM: 100 })), scan: () => scan.repeatNear(from, to) },
        { name: 'repeat callers (30 days)', runs: RUNS, rollup: () => queries.repeatCallers(operator, ask({ minCases: 3, days: 30 })), scan: () => scan.repeatCallers(from, to) },
        { name: 'slowest 20 (30 days)', runs: RUNS, rollup: () => queries.slowest(operator, ask({ limit: 20 })), scan: () => scan.slowest(from, to) },
        { name: 'heat map 200 m (30 days)', runs: RUNS, rollup: () => queries.heatmap(operator, ask({ cellM: 200 })), scan: () => scan.heatmap(from, to) },
        { name: 'grid index (a month)', runs: RUNS, rollup: () => queries.gridIndex(operator, from.slice(0, 7)), scan: () => scan.gridIndex(`${from.slice(0, 7)}-01`, to) },
        { name: 'rates by grid (a year)', runs: YEAR_RUNS, scanRuns: YEAR_SCAN_RUNS, rollup: () => queries.rates(operator, { from: yearFrom, to, by: 'grid' }), scan: () => scan.rates(yearFrom, to, 'grid_id') },
        { name: 'trends (a year)', runs: YEAR_RUNS, scanRuns: YEAR_SCAN_RUNS, rollup: () => queries.trends(operator, { from: yearFrom, to }), scan: () => scan.trends(yearFrom, to) },
      ];
      const params = { cases: CASES, runs: RUNS, rollupRows: Number(n) };
      const results: BenchResult[] = [
        { name: 'review backfill (seconds)', value: round(backfillSeconds, 2), unit: 's', baseline: round(seedSeconds, 2), ratio: round(backfillSeconds / seedSeconds, 2), params: { ...params, baseline: 'seeding the cases' } },
      ];
      for (const pair of pairs) {
        const rollup = await p99(pair.runs, pair.rollup);
        const scanRuns = pair.scanRuns ?? SCAN_RUNS;
        const plain = await p99(scanRuns, pair.scan);
        results.push({ name: `review ${pair.name} p99`, value: round(rollup, 1), unit: 'ms', baseline: round(plain, 1), ratio: round(rollup / plain, 3), params: { ...params, runs: pair.runs, scanRuns } });
      }
      // What the tap adds to a state change: one case's roll-ups refreshed in its transaction, beside the
      // same transaction taking only the case's lock (what the use case already does).
      const sample = await db.query<{ id: string }>('SELECT id FROM incident WHERE township_id = $1 ORDER BY random() LIMIT $2', [townshipId, TAP_CASES]);
      const timed = async (work: (tx: Parameters<Parameters<Database['transaction']>[0]>[0], id: string) => Promise<unknown>) => {
        const samples: number[] = [];
        for (const { id } of sample) {
          const started = performance.now();
          await db.transaction(async (tx) => {
            await tx.query('SELECT id FROM incident WHERE id = $1 FOR UPDATE', [id]);
            await work(tx, id);
          });
          samples.push(performance.now() - started);
        }
        return percentile(samples, 99);
      };
      const bare = await timed(() => Promise.resolve());
      const tapped = await timed((tx, id) => tx.query(REFRESH_REVIEW_SQL, [[id]]));
      results.push({ name: 'review tap: one case refreshed p99', value: round(tapped, 2), unit: 'ms', baseline: round(bare, 2), ratio: round(tapped / bare, 2), params: { ...params, cases: TAP_CASES, baseline: 'the transaction with the case lock only' } });
      return results;
    } finally {
      await hub.close();
      await database.drop();
    }
  },
};
