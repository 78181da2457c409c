import { describe, expect, it } from 'vitest';
import { BUILT_IN_MAP_TILES, tileServerOf, type MapTileSource } from '@xiaonao/contracts';
import { blockedOriginProblem, mapTileProblem, plainHttpTileOrigins, tileOrigins } from './map-tile-rules';

const source = (over: Partial<MapTileSource> = {}): MapTileSource => ({ ...BUILT_IN_MAP_TILES, ...over });

describe('a usable tile source', () => {
  it('accepts OpenStreetMap, 天地图 with its key, a TMS server and a private GIS over http', () => {
    expect(mapTileProblem(source())).toBeNull();
    expect(
      mapTileProblem(
        source({
          urlTemplate: 'https://t{s}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=vec&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=abc123',
          subdomains: '01234567',
          maxZoom: 18,
        }),
      ),
    ).toBeNull();
    expect(mapTileProblem(source({ urlTemplate: 'https://gis.example/tms/{z}/{x}/{-y}.png', subdomains: '' }))).toBeNull();
    expect(mapTileProblem(source({ urlTemplate: 'http://10.20.0.5:8080/tiles/{z}/{x}/{y}.png', subdomains: '', coordSystem: 'gcj02' }))).toBeNull();
  });

  it('names the field that is wrong', () => {
    expect(mapTileProblem(source({ urlTemplate: 'ftp://tiles.local/{z}/{x}/{y}.png' }))?.field).toBe('urlTemplate');
    expect(mapTileProblem(source({ urlTemplate: 'https://tiles.local/{z}/{x}.png' }))).toMatchObject({ field: 'urlTemplate', en: 'must contain the placeholder {y}' });
    expect(mapTileProblem(source({ urlTemplate: 'https://tiles.local/tile.png' }))?.en).toBe('must contain the placeholders {z}, {x}, {y}');
    expect(mapTileProblem(source({ urlTemplate: 'https:// bad host/{z}/{x}/{y}' }))?.field).toBe('urlTemplate');
    expect(mapTileProblem(source({ coordSystem: 'bd09' as MapTileSource['coordSystem'] }))?.field).toBe('coordSystem');
    expect(mapTileProblem(source({ maxZoom: 0 }))?.field).toBe('maxZoom');
    expect(mapTileProblem(source({ maxZoom: 18.5 }))?.field).toBe('maxZoom');
    expect(mapTileProblem(source({ subdomains: 'a,b' }))?.field).toBe('subdomains');
    expect(mapTileProblem(source({ subdomains: '' }))).toMatchObject({ field: 'subdomains', en: 'the URL template has {s}: subdomains are needed' });
    expect(mapTileProblem(source({ attribution: 'x'.repeat(301) }))?.field).toBe('attribution');
    expect(mapTileProblem(source({ overlayUrlTemplate: 'https://t{s}.tianditu.gov.cn/cva_w/wmts?TILEROW={y}&TILECOL={x}' }))?.field).toBe('overlayUrlTemplate');
    expect(mapTileProblem(source({ urlTemplate: 'https://gis.local/{z}/{x}/{y}.png', subdomains: '', overlayUrlTemplate: 'https://n{s}.gis.local/{z}/{x}/{y}.png' }))?.field).toBe('subdomains');
  });
});

describe('the tile server shown to people', () => {
  it('is the scheme and host, never the path or the key in the query', () => {
    expect(tileServerOf('https://t{s}.tianditu.gov.cn/vec_w/wmts?tk=secret&TILEMATRIX={z}')).toBe('https://t{s}.tianditu.gov.cn');
    expect(tileServerOf('http://10.20.0.5:8080/tiles/{z}/{x}/{y}.png')).toBe('http://10.20.0.5:8080');
    expect(tileServerOf('https://t{s}.tianditu.gov.cn/vec_w/wmts?tk=secret', '01234567')).toBe('https://t0.tianditu.gov.cn');
  });
});

describe('an http tile server', () => {
  const gis = source({ urlTemplate: 'http://gis{s}.gov.local:8080/{z}/{x}/{y}.png', subdomains: '12' });

  it('is one origin per subdomain', () => {
    expect(tileOrigins(gis)).toEqual(['http://gis1.gov.local:8080', 'http://gis2.gov.local:8080']);
    expect(plainHttpTileOrigins(source())).toEqual([]);
    expect(tileOrigins(source({ subdomains: '', urlTemplate: 'https://gis.local/{z}/{x}/{y}.png', overlayUrlTemplate: 'http://names.local/{z}/{x}/{y}.png' }))).toEqual(['https://gis.local', 'http://names.local']);
  });

  it('is refused unless every origin is one the pages may load images from', () => {
    expect(blockedOriginProblem(gis, ['http://gis1.gov.local:8080'])).toMatchObject({ field: 'urlTemplate' });
    expect(blockedOriginProblem(gis, ['http://gis1.gov.local:8080'])?.en).toContain('http://gis2.gov.local:8080 is not in IMAGE_ORIGINS');
    expect(blockedOriginProblem(gis, ['http://gis1.gov.local:8080', 'http://gis2.gov.local:8080'])).toBeNull();
    expect(blockedOriginProblem(source(), [])).toBeNull();
  });
});
