/**
 * Plane geometry over WGS-84 points at township scale (a few kilometres), shared by the township
 * generator and the simulator. An equirectangular projection around the point is within a few
 * centimetres per kilometre here, and keeps stepping and jitter simple.
 */
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { point, polygon } from '@turf/helpers';
import type { LngLat, PolygonCoordinates } from '@xiaonao/contracts';
import type { Random } from './random';

const METRES_PER_DEGREE_LAT = 111_195;

function metresPerDegreeLng(lat: number): number {
  return METRES_PER_DEGREE_LAT * Math.cos((lat * Math.PI) / 180);
}

/** Moves `p` by `east` and `north` metres. */
export function offsetByMetres(p: LngLat, east: number, north: number): LngLat {
  return { lng: p.lng + east / metresPerDegreeLng(p.lat), lat: p.lat + north / METRES_PER_DEGREE_LAT };
}

/** East and north metres from `from` to `to`. */
export function metresApart(from: LngLat, to: LngLat): { east: number; north: number } {
  const midLat = (from.lat + to.lat) / 2;
  return { east: (to.lng - from.lng) * metresPerDegreeLng(midLat), north: (to.lat - from.lat) * METRES_PER_DEGREE_LAT };
}

export function metresBetween(a: LngLat, b: LngLat): number {
  const { east, north } = metresApart(a, b);
  return Math.hypot(east, north);
}

/** Boundary counts as inside, as turf does; grids share edges, so a point on one is in both. */
export function isInPolygon(p: LngLat, rings: PolygonCoordinates): boolean {
  return booleanPointInPolygon(point([p.lng, p.lat]), polygon(rings));
}

/** Strictly inside: on an edge shared by two grids is not inside either. */
export function isStrictlyInPolygon(p: LngLat, rings: PolygonCoordinates): boolean {
  return booleanPointInPolygon(point([p.lng, p.lat]), polygon(rings), { ignoreBoundary: true });
}

export interface BoundingBox {
  west: number;
  south: number;
  east: number;
  north: number;
}

export function boundingBox(rings: PolygonCoordinates): BoundingBox {
  const outer = rings[0];
  return {
    west: Math.min(...outer.map(([lng]) => lng)),
    south: Math.min(...outer.map(([, lat]) => lat)),
    east: Math.max(...outer.map(([lng]) => lng)),
    north: Math.max(...outer.map(([, lat]) => lat)),
  };
}

/** Area-weighted centroid of the outer ring; inside for the convex-ish cells the township is made of. */
export function ringCentroid(rings: PolygonCoordinates): LngLat {
  const ring = rings[0];
  let twiceArea = 0;
  let lng = 0;
  let lat = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    const [x0, y0] = ring[i];
    const [x1, y1] = ring[i + 1];
    const cross = x0 * y1 - x1 * y0;
    twiceArea += cross;
    lng += (x0 + x1) * cross;
    lat += (y0 + y1) * cross;
  }
  if (twiceArea === 0) return { lng: ring[0][0], lat: ring[0][1] };
  return { lng: lng / (3 * twiceArea), lat: lat / (3 * twiceArea) };
}

/**
 * A uniform point strictly inside the polygon, by rejection from its bounding box.
 * `insetM` keeps the point that far from the box edges so markers do not sit on a grid line.
 */
export function randomPointInPolygon(rings: PolygonCoordinates, random: Random, insetM = 0): LngLat {
  const box = boundingBox(rings);
  const inset = offsetByMetres({ lng: box.west, lat: box.south }, insetM, insetM);
  const dLng = Math.min(inset.lng - box.west, (box.east - box.west) / 4);
  const dLat = Math.min(inset.lat - box.south, (box.north - box.south) / 4);
  for (let attempt = 0; attempt < 1_000; attempt++) {
    const candidate = {
      lng: random.between(box.west + dLng, box.east - dLng),
      lat: random.between(box.south + dLat, box.north - dLat),
    };
    if (isStrictlyInPolygon(candidate, rings)) return candidate;
  }
  // Only a degenerate sliver gets here; its centroid is the best remaining answer.
  return ringCentroid(rings);
}
