import { describe, expect, it } from 'vitest';
import gcoord from 'gcoord';
import { distanceMeters } from '../geo/coordinates';
import { parsePlacesGeoJson } from './parse-places-geojson';

const point = (lng: number, lat: number, properties: Record<string, unknown>) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [lng, lat] }, properties });
const collection = (...features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });

describe('reading a gazetteer GeoJSON', () => {
  it('reads Point features, aliases as an array or as text', () => {
    const { places, errors } = parsePlacesGeoJson(
      collection(
        point(120.5301, 30.2852, { kind: 'named_place', name: '河庄农贸市场', address: '河庄大道318号', aliases: ['河庄菜市场'] }),
        point(120.51, 30.3, { kind: 'address', address: '新围村3组8号', aliases: '老三组；八号' }),
      ),
      { coordSystem: 'WGS84' },
    );
    expect(errors).toEqual([]);
    expect(places).toMatchObject([
      { row: 1, kind: 'named_place', name: '河庄农贸市场', aliases: ['河庄菜市场'], location: { lng: 120.5301, lat: 30.2852 } },
      { row: 2, kind: 'address', name: '', address: '新围村3组8号', aliases: ['老三组', '八号'] },
    ]);
  });

  it('converts BD-09 once, to WGS-84 within a metre', () => {
    const wgs = { lng: 120.52, lat: 30.29 };
    const [lng, lat] = gcoord.transform([wgs.lng, wgs.lat], gcoord.WGS84, gcoord.BD09);
    const { places } = parsePlacesGeoJson(collection(point(lng, lat, { kind: 'named_place', name: '河庄中学' })), { coordSystem: 'BD09' });
    expect(distanceMeters(places[0].location, wgs)).toBeLessThan(1);
  });

  it('names the feature and property of every bad field', () => {
    const { places, errors } = parsePlacesGeoJson(
      collection(
        point(120.52, 30.29, { kind: 'named_place', name: '河庄中学' }),
        { type: 'Feature', geometry: { type: 'LineString', coordinates: [] }, properties: {} },
        point(120.52, 95, { kind: 'named_place', name: 42 }),
        point(120.52, 30.29, { kind: 'named_place', name: { zh: '河庄' } }),
      ),
      { coordSystem: 'WGS84' },
    );
    expect(places).toHaveLength(1);
    expect(errors.map((e) => [e.row, e.field])).toEqual([
      [2, 'geometry.type'],
      [3, 'geometry.coordinates'],
      [4, 'properties.name'],
    ]);
    expect(errors[0].message).toMatch(/^第 2 个要素 geometry.type：/);
  });

  it('refuses names, addresses and aliases the database could not store or a person could not see', () => {
    const { places, errors } = parsePlacesGeoJson(
      collection(
        point(120.52, 30.29, { kind: 'named_place', name: '河庄\u0000中学' }),
        point(120.52, 30.29, { kind: 'address', address: '新围村\ud800号' }),
        point(120.52, 30.29, { kind: 'named_place', name: '河庄中学', aliases: ['\u200b'] }),
        point(120.52, 30.29, { kind: 'named_place', name: '\u202e学中庄河' }),
      ),
      { coordSystem: 'WGS84' },
    );
    expect(places).toEqual([]);
    expect(errors.map((e) => [e.row, e.field.split('.').pop()])).toEqual([
      [1, 'name'],
      [2, 'address'],
      [3, 'aliases'],
      [4, 'name'],
    ]);
  });

  it('refuses text that is not a FeatureCollection as a whole', () => {
    expect(parsePlacesGeoJson('{"type": ', { coordSystem: 'WGS84' }).errors).toMatchObject([{ row: 0, field: 'content' }]);
    expect(parsePlacesGeoJson('{"type":"Feature"}', { coordSystem: 'WGS84' }).errors).toMatchObject([{ row: 0, field: 'content' }]);
    expect(parsePlacesGeoJson(collection(), { coordSystem: 'WGS84' }).errors).toMatchObject([{ row: 0, field: 'content' }]);
  });
});
