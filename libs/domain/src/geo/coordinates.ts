/** Geo math over WGS-84 points. Conversions use gcoord; distances and containment use turf. */
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import distance from '@turf/distance';
import { point, polygon } from '@turf/helpers';
import gcoord from 'gcoord';
import type { CoordSystem, LngLat, PolygonCoordinates } from '@xiaonao/contracts';

const CRS = { WGS84: gcoord.WGS84, GCJ02: gcoord.GCJ02, BD09: gcoord.BD09 } as const;

/** Converts a point declared in `system` to WGS-84, the one system the hub stores. */
export function toWgs84(p: LngLat, system: CoordSystem = 'WGS84'): LngLat {
  if (system === 'WGS84') return { lng: p.lng, lat: p.lat };
  const [lng, lat] = gcoord.transform([p.lng, p.lat], CRS[system], gcoord.WGS84);
  return { lng, lat };
}

export function distanceMeters(a: LngLat, b: LngLat): number {
  return distance(point([a.lng, a.lat]), point([b.lng, b.lat]), { units: 'meters' });
}

export function isValidLngLat(p: LngLat): boolean {
  return Number.isFinite(p.lng) && Number.isFinite(p.lat) && Math.abs(p.lng) <= 180 && Math.abs(p.lat) <= 90;
}

export interface Area {
  id: string;
  polygon: PolygonCoordinates;
}

/** The first area whose polygon holds the point (grids do not overlap), or null. */
export function locateArea<A extends Area>(p: LngLat, areas: readonly A[]): A | null {
  const pt = point([p.lng, p.lat]);
  return areas.find((area) => booleanPointInPolygon(pt, polygon(area.polygon))) ?? null;
}
