/**
 * A generated city: copies of the demo township (each drawn from its own random seed, so grid lines and
 * cameras differ) laid side by side on a lattice, each with its own code, 110 key and workers, all in
 * one city region. Only workers: their phone accounts are written in bulk later (city-sessions.ts),
 * because hashing 20,000 passwords at seeding would take longer than the bench.
 */
import type { LngLat, PolygonCoordinates, TownshipSeed } from '@xiaonao/contracts';
import { boundingBox, randomPointInPolygon } from '../../apps/sim/src/township/geo';
import { buildHezhuangTownship, DEFAULT_TOWNSHIP_SEED } from '../../apps/sim/src/township/hezhuang';
import { createRandom } from '../../apps/sim/src/township/random';

export interface CityTownship {
  seed: TownshipSeed;
  apiKey: string;
}

/** Room between neighbouring townships, as a share of a township's extent. */
const GAP_SHARE = 0.05;

const shift = (p: LngLat, d: LngLat): LngLat => ({ lng: p.lng + d.lng, lat: p.lat + d.lat });
const shiftPolygon = (rings: PolygonCoordinates, d: LngLat): PolygonCoordinates => rings.map((ring) => ring.map(([lng, lat]) => [lng + d.lng, lat + d.lat] as [number, number]));

/** The demo township's extent, over all its grids. */
function extent(seed: TownshipSeed): { west: number; south: number; east: number; north: number } {
  const boxes = seed.grids.map((g) => boundingBox(g.polygon));
  return { west: Math.min(...boxes.map((b) => b.west)), south: Math.min(...boxes.map((b) => b.south)), east: Math.max(...boxes.map((b) => b.east)), north: Math.max(...boxes.map((b) => b.north)) };
}

/** `count` townships with `workersEach` on-duty grid workers and up to `camerasEach` cameras each; `run` keeps codes apart across runs. */
export function buildCity(run: string, count: number, workersEach: number, camerasEach: number): CityTownship[] {
  const columns = Math.ceil(Math.sqrt(count));
  const region = { code: `bench-city-${run}`, name: `压测市（${run}）`, kind: 'city' };
  return Array.from({ length: count }, (_, i) => {
    const demo = buildHezhuangTownship({ seed: DEFAULT_TOWNSHIP_SEED + i });
    const box = extent(demo);
    const d = { lng: (i % columns) * (box.east - box.west) * (1 + GAP_SHARE), lat: Math.floor(i / columns) * (box.north - box.south) * (1 + GAP_SHARE) };
    const grids = demo.grids.map((g) => ({ code: g.code, name: g.name, kind: g.kind, polygon: shiftPolygon(g.polygon, d) }));
    const random = createRandom(13_000 + i);
    const workers = Array.from({ length: workersEach }, (_, w) => {
      const grid = grids[w % grids.length];
      return {
        code: `C${String(w + 1).padStart(4, '0')}`,
        name: `城市压测${i + 1}-${w + 1}`,
        phone: `136${String(i * 10_000 + w).padStart(8, '0')}`,
        team: 'grid_worker' as const,
        gridCode: grid.code,
        onDuty: true,
        location: randomPointInPolygon(grid.polygon, random, 40),
      };
    });
    const code = `city-${run}-${String(i + 1).padStart(3, '0')}`;
    const apiKey = `city-110-${run}-${i + 1}`;
    const seed: TownshipSeed = {
      ...demo,
      code,
      name: `压测街道${i + 1}`,
      center: shift(demo.center, d),
      grids,
      workers,
      users: [],
      apiKeys: [{ name: '110 联动平台', key: apiKey }],
      cameras: (demo.cameras ?? []).slice(0, camerasEach).map((c) => ({ ...c, location: shift(c.location, d) })),
      regions: [region],
    };
    return { seed, apiKey };
  });
}
