import { describe, expect, it } from 'vitest';
import gcoord from 'gcoord';
import { distanceMeters } from '@xiaonao/domain';
import { parsePlacesCsv } from './parse-places-csv';

const WGS = { coordSystem: 'WGS84' } as const;
const csv = (...lines: string[]) => lines.join('\n');
const HEADER = 'kind,name,address,aliases,lng,lat';

describe('reading a gazetteer CSV', () => {
  it('reads address points and named places, aliases split on ; and 、', () => {
    const { places, errors } = parsePlacesCsv(
      csv(HEADER, 'named_place,河庄农贸市场,河庄街道河庄大道318号,河庄菜市场；菜场、农贸市场,120.5301,30.2852', 'address,,河庄街道新围村3组8号,,120.51,30.30'),
      WGS,
    );
    expect(errors).toEqual([]);
    expect(places).toEqual([
      { row: 2, kind: 'named_place', name: '河庄农贸市场', address: '河庄街道河庄大道318号', aliases: ['河庄菜市场', '菜场', '农贸市场'], location: { lng: 120.5301, lat: 30.2852 } },
      { row: 3, kind: 'address', name: '', address: '河庄街道新围村3组8号', aliases: [], location: { lng: 120.51, lat: 30.3 } },
    ]);
  });

  it('takes Chinese headers in any order, a BOM, and extra columns', () => {
    const { places, errors } = parsePlacesCsv(csv('\ufeff纬度,经度,名称,类型,备注', '30.29,120.52,新围村村委会,地名,村两委所在地'), WGS);
    expect(errors).toEqual([]);
    expect(places[0]).toMatchObject({ kind: 'named_place', name: '新围村村委会', location: { lng: 120.52, lat: 30.29 } });
  });

  it('converts GCJ-02 once, to WGS-84 within a metre', () => {
    const wgs = { lng: 120.52, lat: 30.29 };
    const [lng, lat] = gcoord.transform([wgs.lng, wgs.lat], gcoord.WGS84, gcoord.GCJ02);
    const { places } = parsePlacesCsv(csv(HEADER, `named_place,河庄中学,,,${lng},${lat}`), { coordSystem: 'GCJ02' });
    expect(distanceMeters(places[0].location, wgs)).toBeLessThan(1);
  });

  it('names the line and column of every bad field, and keeps only good rows', () => {
    const { places, errors } = parsePlacesCsv(
      csv(HEADER, 'named_place,河庄中学,,,120.52,30.29', 'shop,某店,,,120.52,30.29', 'named_place,,河庄大道1号,,abc,30.29', 'address,,河庄大道2号,,120.52,'),
      WGS,
    );
    expect(places.map((p) => p.row)).toEqual([2]);
    expect(errors.map((e) => [e.row, e.field])).toEqual([
      [3, 'kind'],
      [4, 'name'],
      [4, 'lng'],
      [5, 'lat'],
    ]);
    expect(errors[0].message).toMatch(/^第 3 行 kind：/);
  });

  it('counts lines, not records, when a quoted field breaks a line', () => {
    const { errors } = parsePlacesCsv(csv(HEADER, 'named_place,"河庄\n中学",,,120.52,30.29', 'named_place,某店,,,x,30.29'), WGS);
    expect(errors.map((e) => [e.row, e.field])).toEqual([[4, 'lng']]);
  });

  it('refuses a point outside the township box, as a swapped or undeclared system would be', () => {
    const bounds = { minLng: 120.49, minLat: 30.26, maxLng: 120.57, maxLat: 30.32 };
    const { errors } = parsePlacesCsv(csv(HEADER, 'named_place,河庄中学,,,30.29,120.52'), { ...WGS, bounds });
    // Swapped: 120.52 is no latitude.
    expect(errors.map((e) => e.field)).toEqual(['lat']);
    const swapped = parsePlacesCsv(csv(HEADER, 'named_place,河庄中学,,,121.52,30.29'), { ...WGS, bounds });
    expect(swapped.errors[0]).toMatchObject({ row: 2, field: 'lng' });
  });

  it('refuses a place whose name and address are punctuation alone, as it could never be found', () => {
    expect(parsePlacesCsv(csv(HEADER, 'address,,——,,120.52,30.29'), WGS).errors).toMatchObject([{ row: 2, field: 'name' }]);
  });

  it('refuses the same kind, name and address twice in one file', () => {
    const { errors } = parsePlacesCsv(csv(HEADER, 'named_place,河庄中学,,,120.52,30.29', 'named_place,河庄中学,,,120.53,30.29'), WGS);
    expect(errors).toMatchObject([{ row: 3, field: 'name' }]);
    expect(errors[0].message).toContain('第 2 行');
  });

  it('says which column the header lacks', () => {
    const { errors } = parsePlacesCsv(csv('kind,name,lat', 'named_place,河庄中学,30.29'), WGS);
    expect(errors).toMatchObject([{ row: 1, field: 'lng' }]);
  });

  it('refuses a file with no rows, or broken quoting, as a whole', () => {
    expect(parsePlacesCsv(HEADER, WGS).errors).toMatchObject([{ row: 0, field: 'content' }]);
    expect(parsePlacesCsv('', WGS).errors).toMatchObject([{ row: 0, field: 'content' }]);
    expect(parsePlacesCsv(csv(HEADER, 'named_place,"河庄中学,,,120.52,30.29'), WGS).errors).toMatchObject([{ field: 'content' }]);
  });
});
