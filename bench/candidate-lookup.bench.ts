/**
 * "Top 20 available workers within 5 km" from the live spatial index, beside a brute-force scan of
 * every worker over the same positions and the same incident sites, while 5% of the workers move
 * between batches of queries as live phones do. Also the cost of a position update against a plain
 * Map.set, so the index's bookkeeping and rebuilds are paid for in plain sight.
 */
import { performance } from 'node:perf_hooks';
import { greatCircleMeters, LiveWorkerIndex, type NearbyWorker } from '@xiaonao/domain';
import { createRandom, type Random } from '../apps/sim/src/township/random';
import type { Benchmark, BenchResult } from './support/result';
import { percentile, round } from './support/stats';

const QUERIES = Number(process.env.BENCH_LOOKUP_QUERIES || 2000);
const QUERIES_PER_BATCH = 100;
const MOVING_SHARE = 0.05;
const BUSY_SHARE = 0.3;
const MAX_RESULTS = 20;
const MAX_DISTANCE_M = 5_000;
const LIBRARY = 'kdbush+geokdbush';

interface Area {
  name: string;
  minLng: number;
  maxLng: number;
  minLat: number;
  maxLat: number;
}

const HEZHUANG: Area = { name: 'township', minLng: 120.49, maxLng: 120.57, minLat: 30.26, maxLat: 30.32 };
const DISTRICT: Area = { name: 'district', minLng: 120.28, maxLng: 120.78, minLat: 30.04, maxLat: 30.54 };

/** Every worker's latest position, laid out as the brute-force scan would want it. */
interface Crowd {
  ids: string[];
  lngs: Float64Array;
  lats: Float64Array;
}

/** Most workers near a few village centres, the rest anywhere, as on the demo township's map. */
function scatter(area: Area, count: number, random: Random): Crowd {
  const villages = Array.from({ length: 12 }, () => ({ lng: random.between(area.minLng, area.maxLng), lat: random.between(area.minLat, area.maxLat) }));
  const spread = (area.maxLat - area.minLat) / 15;
  const crowd: Crowd = { ids: [], lngs: new Float64Array(count), lats: new Float64Array(count) };
  for (let i = 0; i < count; i++) {
    crowd.ids.push(`w${i}`);
    const home = random.chance(0.7) ? random.pick(villages) : null;
    crowd.lngs[i] = home ? clamp(home.lng + (random.next() - random.next()) * spread, area.minLng, area.maxLng) : random.between(area.minLng, area.maxLng);
    crowd.lats[i] = home ? clamp(home.lat + (random.next() - random.next()) * spread, area.minLat, area.maxLat) : random.between(area.minLat, area.maxLat);
  }
  return crowd;
}

const clamp = (x: number, min: number, max: number) => Math.min(max, Math.max(min, x));

/** The scan the index must beat: every worker's distance, the filter, and a top-k insertion sort. */
function bruteForce(crowd: Crowd, lng: number, lat: number, filter: (id: string) => boolean): NearbyWorker[] {
  const best: NearbyWorker[] = [];
  const { ids, lngs, lats } = crowd;
  for (let i = 0; i < ids.length; i++) {
    const distanceM = greatCircleMeters(lng, lat, lngs[i], lats[i]);
    if (distanceM > MAX_DISTANCE_M) continue;
    if (best.length === MAX_RESULTS && distanceM >= best[MAX_RESULTS - 1].distanceM) continue;
    if (!filter(ids[i])) continue;
    let at = Math.min(best.length, MAX_RESULTS - 1);
    while (at > 0 && best[at - 1].distanceM > distanceM) {
      best[at] = best[at - 1];
      at--;
    }
    best[at] = { id: ids[i], distanceM };
  }
  return best;
}

const sameDistances = (a: NearbyWorker[], b: NearbyWorker[]) => a.length === b.length && a.every((w, i) => Math.abs(w.distanceM - b[i].distanceM) < 1e-6);

interface Move {
  worker: number;
  lng: number;
  lat: number;
}

/** A phone moves up to ~150 m between reports. */
function moves(crowd: Crowd, area: Area, count: number, random: Random): Move[] {
  return Array.from({ length: count }, () => {
    const worker = random.int(0, crowd.ids.length - 1);
    return {
      worker,
      lng: clamp(crowd.lngs[worker] + random.between(-0.0015, 0.0015), area.minLng, area.maxLng),
      lat: clamp(crowd.lats[worker] + random.between(-0.0015, 0.0015), area.minLat, area.maxLat),
    };
  });
}

interface Lookup {
  indexUs: number[];
  scanUs: number[];
  disagreements: number;
  upsertUs: number;
  mapSetUs: number;
  slowestUpsertMs: number;
  updatesPerBatch: number;
}

function measure(area: Area, workers: number, seed: number): Lookup {
  const random = createRandom(seed);
  const crowd = scatter(area, workers, random);
  const busy = new Set(crowd.ids.filter(() => random.chance(BUSY_SHARE)));
  const available = (id: string) => !busy.has(id);
  const index = new LiveWorkerIndex();
  const latest = new Map<string, { lng: number; lat: number; at: Date }>();
  let clock = Date.parse('2026-11-21T08:00:00Z');
  crowd.ids.forEach((id, i) => index.upsert(id, crowd.lngs[i], crowd.lats[i], new Date(clock)));

  const updatesPerBatch = Math.round(workers * MOVING_SHARE);
  const warmUp = 2;
  const batches = Math.ceil(QUERIES / QUERIES_PER_BATCH) + warmUp;
  const result: Lookup = { indexUs: [], scanUs: [], disagreements: 0, upsertUs: 0, mapSetUs: 0, slowestUpsertMs: 0, updatesPerBatch };
  let upsertMs = 0;
  let mapSetMs = 0;
  let updates = 0;
  for (let batch = 0; batch < batches; batch++) {
    clock += 5_000;
    const at = new Date(clock);
    const batchMoves = moves(crowd, area, updatesPerBatch, random);
    // Timed in slices so the slice holding a rebuild shows how long one update can stall.
    for (let from = 0; from < batchMoves.length; from += 64) {
      const slice = batchMoves.slice(from, from + 64);
      const start = performance.now();
      for (const m of slice) index.upsert(crowd.ids[m.worker], m.lng, m.lat, at);
      const took = performance.now() - start;
      upsertMs += took;
      result.slowestUpsertMs = Math.max(result.slowestUpsertMs, took);
      const mapStart = performance.now();
      for (const m of slice) latest.set(crowd.ids[m.worker], { lng: m.lng, lat: m.lat, at });
      mapSetMs += performance.now() - mapStart;
    }
    updates += batchMoves.length;
    for (const m of batchMoves) {
      crowd.lngs[m.worker] = m.lng;
      crowd.lats[m.worker] = m.lat;
    }

    for (let q = 0; q < QUERIES_PER_BATCH; q++) {
      const lng = random.between(area.minLng, area.maxLng);
      const lat = random.between(area.minLat, area.maxLat);
      // Alternate which goes first so neither always meets a warm cache.
      const indexFirst = q % 2 === 0;
      let scanned: NearbyWorker[] = [];
      let scanUs = 0;
      if (!indexFirst) ({ found: scanned, us: scanUs } = timed(() => bruteForce(crowd, lng, lat, available)));
      const { found, us: indexUs } = timed(() => index.nearest(lng, lat, { maxResults: MAX_RESULTS, maxDistanceM: MAX_DISTANCE_M, filter: available }));
      if (indexFirst) ({ found: scanned, us: scanUs } = timed(() => bruteForce(crowd, lng, lat, available)));
      if (batch < warmUp) continue;
      result.indexUs.push(indexUs);
      result.scanUs.push(scanUs);
      if (!sameDistances(found, scanned)) result.disagreements++;
    }
  }
  result.upsertUs = (upsertMs * 1000) / updates;
  result.mapSetUs = (mapSetMs * 1000) / updates;
  return result;
}

function timed(run: () => NearbyWorker[]): { found: NearbyWorker[]; us: number } {
  const start = performance.now();
  const found = run();
  return { found, us: (performance.now() - start) * 1000 };
}

export const candidateLookup: Benchmark = {
  name: 'candidate-lookup',
  description: `top ${MAX_RESULTS} available workers within ${MAX_DISTANCE_M / 1000} km from the live index (${LIBRARY}), vs scanning every worker`,
  run(): Promise<BenchResult[]> {
    // All in-process and synchronous; the promise only meets the Benchmark interface.
    return new Promise((resolve) => resolve(lookupFigures()));
  },
};

function lookupFigures(): BenchResult[] {
  const figures: BenchResult[] = [];
  const cases = [
    { area: HEZHUANG, workers: 10_000, suffix: '10k', percentiles: [50, 99] },
    { area: HEZHUANG, workers: 100_000, suffix: '100k', percentiles: [50, 99] },
    { area: DISTRICT, workers: 10_000, suffix: '10k_district', percentiles: [99] },
    { area: DISTRICT, workers: 100_000, suffix: '100k_district', percentiles: [99] },
  ];
  for (const [n, c] of cases.entries()) {
    const lookup = measure(c.area, c.workers, 11 + n);
    const params = {
      workers: c.workers,
      queries: lookup.indexUs.length,
      updatesPerBatch: lookup.updatesPerBatch,
      queriesPerBatch: QUERIES_PER_BATCH,
      busyShare: BUSY_SHARE,
      area: c.area.name,
      library: LIBRARY,
      disagreements: lookup.disagreements,
    };
    for (const p of c.percentiles) {
      const value = percentile(lookup.indexUs, p);
      const base = percentile(lookup.scanUs, p);
      figures.push({ name: `candidate_lookup_p${p}_us_${c.suffix}`, value: round(value, 1), unit: 'us', baseline: round(base, 1), ratio: round(value / base, 4), params });
    }
    if (c.area === HEZHUANG && c.workers === 100_000) {
      figures.push({
        name: 'worker_index_update_us_100k',
        value: round(lookup.upsertUs),
        unit: 'us',
        baseline: round(lookup.mapSetUs),
        ratio: round(lookup.upsertUs / lookup.mapSetUs, 2),
        params: { ...params, slowest64UpdatesMs: round(lookup.slowestUpsertMs, 1) },
      });
    }
  }
  return figures;
}
