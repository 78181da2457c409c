import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/config-error';
import { parseMapTilesConfig } from './map-tiles-config';

describe('the environment tile source', () => {
  it('is absent without MAP_TILE_URL, and then no other MAP_TILE_* may be set', () => {
    expect(parseMapTilesConfig({})).toBeNull();
    expect(() => parseMapTilesConfig({ MAP_TILE_MAX_ZOOM: '18' })).toThrow(/MAP_TILE_MAX_ZOOM is set but MAP_TILE_URL is not/);
  });

  it('reads a private GIS server with its datum, attribution, zoom and subdomains', () => {
    expect(
      parseMapTilesConfig({
        MAP_TILE_URL: 'http://gis{s}.gov.local/tiles/{z}/{x}/{y}.png',
        MAP_TILE_COORD_SYSTEM: 'GCJ02',
        MAP_TILE_ATTRIBUTION: '区政务地图',
        MAP_TILE_MAX_ZOOM: '20',
        MAP_TILE_SUBDOMAINS: '12',
      }),
    ).toEqual({ urlTemplate: 'http://gis{s}.gov.local/tiles/{z}/{x}/{y}.png', coordSystem: 'gcj02', attribution: '区政务地图', maxZoom: 20, subdomains: '12', overlayUrlTemplate: '' });
    expect(parseMapTilesConfig({ MAP_TILE_URL: 'https://gis.local/{z}/{x}/{y}.png' })).toMatchObject({ coordSystem: 'wgs84', maxZoom: 18, subdomains: '' });
  });

  it('stops the start naming the variable that is wrong', () => {
    expect(() => parseMapTilesConfig({ MAP_TILE_URL: 'https://gis.local/tile.png' })).toThrow(ConfigError);
    expect(() => parseMapTilesConfig({ MAP_TILE_URL: 'https://gis.local/tile.png' })).toThrow(/MAP_TILE_URL/);
    expect(() => parseMapTilesConfig({ MAP_TILE_URL: 'https://gis.local/{z}/{x}/{y}.png', MAP_TILE_COORD_SYSTEM: 'bd09' })).toThrow(/MAP_TILE_COORD_SYSTEM/);
    expect(() => parseMapTilesConfig({ MAP_TILE_URL: 'https://gis.local/{z}/{x}/{y}.png', MAP_TILE_MAX_ZOOM: '30' })).toThrow(/MAP_TILE_MAX_ZOOM/);
    expect(() => parseMapTilesConfig({ MAP_TILE_URL: 'https://gis.local/{z}/{x}/{y}.png', MAP_TILE_OVERLAY_URL: 'https://gis.local/names.png' })).toThrow(/MAP_TILE_OVERLAY_URL/);
  });
});
