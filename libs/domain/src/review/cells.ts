/**
 * The review's map cells: the roll-ups count cases per fine cell of BASE_CELL_DEG degrees (about 55 m
 * north-south, 48 m east-west at 30°N); the heat map merges them into coarser square cells, and the
 * radius search for repeat places clusters them. The SQL that fills the roll-ups computes the same
 * index (floor of the coordinate over BASE_CELL_DEG).
 */
import { around } from 'geokdbush';
import KDBush from 'kdbush';
import type { HeatPoint, LngLat } from '@xiaonao/contracts';

export const BASE_CELL_DEG = 0.0005;
/** About how many metres a base cell spans (the factor for coarser cells). */
export const BASE_CELL_M = 50;

export interface CellCount {
  /** `ix:iy`, as the roll-up keys it. */
  key: string;
  cases: number;
}

export function cellKeyOf(p: LngLat): string {
  return `${Math.floor(p.lng / BASE_CELL_DEG)}:${Math.floor(p.lat / BASE_CELL_DEG)}`;
}

export function parseCellKey(key: string): { ix: number; iy: number } | null {
  const m = /^(-?\d+):(-?\d+)$/.exec(key);
  return m ? { ix: Number(m[1]), iy: Number(m[2]) } : null;
}

/** The centre of a base cell. */
export function cellCentre(key: string): LngLat | null {
  const c = parseCellKey(key);
  return c ? { lng: (c.ix + 0.5) * BASE_CELL_DEG, lat: (c.iy + 0.5) * BASE_CELL_DEG } : null;
}

/** How many base cells a side of a heat-map cell of `cellM` metres takes (at least one). */
export function coarsenFactor(cellM: number): number {
  return Math.max(1, Math.round(cellM / BASE_CELL_M));
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** Base cells merged into cells of about `cellM` metres; a point at each cell's centre weighted by its cases. */
export function heatPoints(cells: readonly CellCount[], cellM: number): HeatPoint[] {
  const k = coarsenFactor(cellM);
  const merged = new Map<string, { cx: number; cy: number; weight: number }>();
  for (const cell of cells) {
    const c = parseCellKey(cell.key);
    if (!c || cell.cases <= 0) continue;
    const cx = Math.floor(c.ix / k);
    const cy = Math.floor(c.iy / k);
    const key = `${cx}:${cy}`;
    const m = merged.get(key) ?? { cx, cy, weight: 0 };
    m.weight += cell.cases;
    merged.set(key, m);
  }
  return [...merged.values()]
    .map((m) => ({ lng: round6((m.cx + 0.5) * k * BASE_CELL_DEG), lat: round6((m.cy + 0.5) * k * BASE_CELL_DEG), weight: m.weight }))
    .sort((a, b) => b.weight - a.weight || a.lng - b.lng || a.lat - b.lat);
}

export interface CellCluster {
  /** The busiest cell's centre. */
  centre: LngLat;
  keys: string[];
  cases: number;
}

/**
 * Cells grouped around the busiest ones: taking cells busiest first, each cell not yet taken seeds a
 * cluster of every untaken cell whose centre lies within `radiusM` of its own (great-circle, geokdbush).
 */
export function clusterCells(cells: readonly CellCount[], radiusM: number): CellCluster[] {
  const live = cells.filter((c) => c.cases > 0 && parseCellKey(c.key));
  if (!live.length) return [];
  const ordered = [...live].sort((a, b) => b.cases - a.cases || a.key.localeCompare(b.key));
  const centres = ordered.map((c) => cellCentre(c.key) as LngLat);
  const index = new KDBush(ordered.length);
  for (const p of centres) index.add(p.lng, p.lat);
  index.finish();
  const taken = new Uint8Array(ordered.length);
  const clusters: CellCluster[] = [];
  for (let i = 0; i < ordered.length; i++) {
    if (taken[i]) continue;
    const members = around(index, centres[i].lng, centres[i].lat, Infinity, radiusM / 1000, (j) => !taken[j]);
    const keys: string[] = [];
    let cases = 0;
    for (const j of members) {
      taken[j] = 1;
      keys.push(ordered[j].key);
      cases += ordered[j].cases;
    }
    if (!taken[i]) {
      taken[i] = 1;
      keys.push(ordered[i].key);
      cases += ordered[i].cases;
    }
    clusters.push({ centre: centres[i], keys, cases });
  }
  return clusters;
}
