/** Coordinate systems a sender may declare. The hub stores WGS-84 only. */
export const COORD_SYSTEMS = ['WGS84', 'GCJ02', 'BD09'] as const;
export type CoordSystem = (typeof COORD_SYSTEMS)[number];

export interface LngLat {
  lng: number;
  lat: number;
}

/** A GeoJSON polygon ring list in WGS-84: [ring][point][lng, lat]. */
export type PolygonCoordinates = [number, number][][];
