import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MapTilesView } from '@xiaonao/contracts';
import type { ApiClient } from '../shared/api-client';
import { onTileKindChange, resetTileKindForTests, tileKind } from './map-projection';
import { loadTownshipTiles, resetTownshipTilesForTests, tileSource, useTownshipTiles } from './tile-sources';

const tianditu: MapTilesView = {
  urlTemplate: 'https://t{s}.tianditu.gov.cn/vec_w/wmts?TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=KEY',
  coordSystem: 'wgs84',
  attribution: '天地图 <国家>',
  maxZoom: 18,
  subdomains: '01234567',
  overlayUrlTemplate: 'https://t{s}.tianditu.gov.cn/cva_w/wmts?TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=KEY',
  from: 'township',
  updatedAt: '2026-12-03T08:00:00.000Z',
};

function apiAnswering(answer: () => Promise<unknown>): ApiClient {
  const refuse = () => Promise.reject(new Error('not used'));
  return { get: <T>() => answer() as Promise<T>, post: refuse, put: refuse, delete: refuse, fetch: refuse };
}

beforeEach(() => {
  const items = new Map<string, string>();
  vi.stubGlobal('localStorage', { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v) });
  resetTownshipTilesForTests();
  resetTileKindForTests();
});
afterEach(() => vi.unstubAllGlobals());

describe('the tiles for each kind', () => {
  it('are OpenStreetMap for WGS-84 and Gaode for GCJ-02', () => {
    expect(tileSource('wgs84')).toMatchObject({ url: 'https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png', custom: false, maxZoom: 19 });
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

describe('the township source', () => {
  it('stands in for the built-in layer of its datum, with its zoom, subdomains and escaped attribution', () => {
    useTownshipTiles(tianditu);
    expect(tileSource('wgs84')).toEqual({
      url: tianditu.urlTemplate,
      subdomains: '01234567',
      attribution: '天地图 &lt;国家&gt;',
      maxZoom: 18,
      className: '',
      custom: true,
      server: 'https://t0.tianditu.gov.cn',
      overlay: tianditu.overlayUrlTemplate,
    });
    expect(tileSource('gcj02').custom).toBe(false);
  });

  it('makes its datum the kind shown, unless this browser chose one', () => {
    useTownshipTiles({ ...tianditu, coordSystem: 'gcj02', urlTemplate: 'http://10.0.0.5/{z}/{x}/{y}.png', subdomains: '' });
    expect(tileKind()).toBe('gcj02');
    resetTileKindForTests();
    localStorage.setItem('xiaonao.tileKind', 'wgs84');
    useTownshipTiles({ ...tianditu, coordSystem: 'gcj02' });
    expect(tileKind()).toBe('wgs84');
  });

  it('is read from the hub and remembered, so a page started offline uses the last one seen', async () => {
    await loadTownshipTiles(apiAnswering(() => Promise.resolve(tianditu)));
    expect(tileSource('wgs84').url).toBe(tianditu.urlTemplate);
    resetTownshipTilesForTests();
    await loadTownshipTiles(apiAnswering(() => Promise.reject(new Error('offline'))));
    expect(tileSource('wgs84').url).toBe(tianditu.urlTemplate);
  });

  it('leaves the built-in layers alone when the hub names no source of its own', () => {
    useTownshipTiles({ ...tianditu, from: 'built-in', urlTemplate: 'https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png', subdomains: 'abc' });
    expect(tileSource('wgs84').custom).toBe(false);
  });

  it('tells a map already drawn when the source or its datum changed, and only then', () => {
    const heard: string[] = [];
    onTileKindChange((kind, previous) => heard.push(`${previous}→${kind}`));
    useTownshipTiles(tianditu);
    useTownshipTiles(tianditu);
    useTownshipTiles({ ...tianditu, coordSystem: 'gcj02' });
    expect(heard).toEqual(['wgs84→wgs84', 'wgs84→gcj02']);
  });
});
