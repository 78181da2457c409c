import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { tileSource } from './tile-sources';

beforeEach(() => {
  const items = new Map<string, string>();
  vi.stubGlobal('localStorage', { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v) });
});
afterEach(() => vi.unstubAllGlobals());

describe('the tiles for each kind', () => {
  it('are OpenStreetMap for WGS-84 and Gaode for GCJ-02', () => {
    expect(tileSource('wgs84')).toMatchObject({ url: 'https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png', custom: false });
    expect(tileSource('gcj02')).toMatchObject({ subdomains: '1234', custom: false });
    expect(tileSource('gcj02').url).toContain('webrd0{s}.is.autonavi.com');
  });

  it('give way to a custom layer for the kind it declares, WGS-84 when it declares none', () => {
    localStorage.setItem('tiles', 'http://tiles.local/{z}/{x}/{y}.png');
    expect(tileSource('wgs84')).toMatchObject({ url: 'http://tiles.local/{z}/{x}/{y}.png', custom: true });
    expect(tileSource('gcj02').custom).toBe(false);
    localStorage.setItem('tiles.kind', 'gcj02');
    expect(tileSource('gcj02')).toMatchObject({ url: 'http://tiles.local/{z}/{x}/{y}.png', custom: true });
    expect(tileSource('wgs84').custom).toBe(false);
  });
});
