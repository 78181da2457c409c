/** A township's bounding box with a margin: a position far outside it is a GPS or coordinate-system error. */
import type { LngLat, PolygonCoordinates } from '@xiaonao/contracts';

export interface Bounds {
  minLng: number;
  minLat: number;
  maxLng: number;
  maxLat: number;
}

const METRES_PER_DEGREE_LAT = 111_195;

export function boundsOf(polygons: readonly PolygonCoordinates[], marginM = 0): Bounds | null {
  let b: Bounds | null = null;
  for (const polygon of polygons) {
    for (const ring of polygon) {
      for (const [lng, lat] of ring) {
        b = b
          ? { minLng: Math.min(b.minLng, lng), minLat: Math.min(b.minLat, lat), maxLng: Math.max(b.maxLng, lng), maxLat: Math.max(b.maxLat, lat) }
          : { minLng: lng, minLat: lat, maxLng: lng, maxLat: lat };
      }
    }
  }
  if (!b) return null;
  const dLat = marginM / METRES_PER_DEGREE_LAT;
  const dLng = marginM / (METRES_PER_DEGREE_LAT * Math.cos((((b.minLat + b.maxLat) / 2) * Math.PI) / 180));
  return { minLng: b.minLng - dLng, minLat: b.minLat - dLat, maxLng: b.maxLng + dLng, maxLat: b.maxLat + dLat };
}

export function withinBounds(p: LngLat, b: Bounds): boolean {
  return p.lng >= b.minLng && p.lng <= b.maxLng && p.lat >= b.minLat && p.lat <= b.maxLat;
}
