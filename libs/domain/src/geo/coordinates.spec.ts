import { describe, expect, it } from 'vitest';
import gcoord from 'gcoord';
import { distanceMeters, isValidLngLat, locateArea, toWgs84 } from './coordinates';

const square = (id: string, lng: number, lat: number, size = 0.01) => ({
  id,
  polygon: [[[lng, lat], [lng + size, lat], [lng + size, lat + size], [lng, lat + size], [lng, lat]]] as [number, number][][],
});

describe('coordinates', () => {
  it('measures about 111 m per 0.001° of latitude', () => {
    expect(distanceMeters({ lng: 120.5, lat: 30.3 }, { lng: 120.5, lat: 30.301 })).toBeCloseTo(111.2, 0);
  });

  it('converts GCJ-02 and BD-09 points back to WGS-84 within a metre', () => {
    const wgs = { lng: 120.52, lat: 30.29 };
    const [gl, ga] = gcoord.transform([wgs.lng, wgs.lat], gcoord.WGS84, gcoord.GCJ02);
    const [bl, ba] = gcoord.transform([wgs.lng, wgs.lat], gcoord.WGS84, gcoord.BD09);
    expect(distanceMeters(toWgs84({ lng: gl, lat: ga }, 'GCJ02'), wgs)).toBeLessThan(1);
    expect(distanceMeters(toWgs84({ lng: bl, lat: ba }, 'BD09'), wgs)).toBeLessThan(1);
    expect(distanceMeters({ lng: gl, lat: ga }, wgs)).toBeGreaterThan(100);
  });

  it('rejects out-of-range coordinates', () => {
    expect(isValidLngLat({ lng: 120, lat: 30 })).toBe(true);
    expect(isValidLngLat({ lng: 30, lat: 120 })).toBe(false);
    expect(isValidLngLat({ lng: Number.NaN, lat: 30 })).toBe(false);
  });

  it('finds the grid that holds a point, or none', () => {
    const grids = [square('a', 120.5, 30.3), square('b', 120.51, 30.3)];
    expect(locateArea({ lng: 120.505, lat: 30.305 }, grids)?.id).toBe('a');
    expect(locateArea({ lng: 120.515, lat: 30.305 }, grids)?.id).toBe('b');
    expect(locateArea({ lng: 120.6, lat: 30.305 }, grids)).toBeNull();
  });
});
