import { describe, expect, it } from 'vitest';
import { toWgs84 } from '../geo/coordinates';
import { readGridFile } from './grid-file';

type Ring = [number, number][];
const O = { lng: 120.5, lat: 30.28 };

/** A square ring of `size` degrees, its south-west corner `dx`, `dy` degrees from the origin. */
function square(dx: number, dy: number, size = 0.01, height = size): Ring {
  const x = O.lng + dx;
  const y = O.lat + dy;
  return [
    [x, y],
    [x + size, y],
    [x + size, y + height],
    [x, y + height],
    [x, y],
  ];
}

function feature(properties: Record<string, unknown>, ring: unknown) {
  return { type: 'Feature', properties, geometry: { type: 'Polygon', coordinates: [ring] } };
}

const grid = (code: string, ring: Ring, extra: Record<string, unknown> = {}) => feature({ code, name: `网格${code}`, kind: 'village', ...extra }, ring);
const micro = (code: string, parent: string, ring: Ring) => feature({ code, name: `微网格${code}`, parent }, ring);
const file = (features: unknown[], extra: Record<string, unknown> = {}) => JSON.stringify({ type: 'FeatureCollection', ...extra, features });

describe('a clean grid layer', () => {
  it('reads grids and micro-grids, the micro-grid naming its parent', () => {
    const r = readGridFile(file([grid('G1', square(0, 0), { leader: 'W1' }), grid('G2', square(0.01, 0)), micro('G1-1', 'G1', square(0, 0, 0.005, 0.01))]));
    expect(r.errors).toEqual([]);
    expect(r.grids.map((g) => [g.code, g.kind, g.leaderCode])).toEqual([
      ['G1', 'village', 'W1'],
      ['G2', 'village', null],
    ]);
    expect(r.microGrids.map((m) => [m.code, m.parentCode])).toEqual([['G1-1', 'G1']]);
  });

  it('takes the Chinese kind words and property names', () => {
    const r = readGridFile(file([feature({ 编号: 'G1', 名称: '集镇网格', 类型: '集镇网格' }, square(0, 0))]));
    expect(r.errors).toEqual([]);
    expect(r.grids[0]).toMatchObject({ code: 'G1', kind: 'market_town' });
  });

  it('lets neighbours share a sliver under the tolerance', () => {
    // 0.00001° (about 1 m) overlap along a 0.01° (about 1.1 km) edge: roughly 1,100 m².
    const r = readGridFile(file([grid('G1', square(0, 0)), grid('G2', square(0.01 - 0.00001, 0))]), { toleranceM2: 2_000 });
    expect(r.errors).toEqual([]);
  });
});

describe('the declared coordinate system', () => {
  it('converts every vertex once from GCJ-02 declared in the file', () => {
    const ring = square(0, 0);
    const r = readGridFile(file([grid('G1', ring)], { crs: { type: 'name', properties: { name: 'GCJ-02' } } }));
    expect(r.coordSystem).toBe('GCJ02');
    const expected = toWgs84({ lng: ring[0][0], lat: ring[0][1] }, 'GCJ02');
    expect(r.grids[0].polygon[0][0][0]).toBeCloseTo(expected.lng, 6);
    expect(r.grids[0].polygon[0][0][1]).toBeCloseTo(expected.lat, 6);
    // Closed after conversion too: the same point converts the same.
    expect(r.grids[0].polygon[0][4]).toEqual(r.grids[0].polygon[0][0]);
  });

  it('takes the caller’s declaration, and refuses a file that says otherwise', () => {
    expect(readGridFile(file([grid('G1', square(0, 0))]), { coordSystem: 'BD09' }).coordSystem).toBe('BD09');
    const r = readGridFile(file([grid('G1', square(0, 0))], { coordSystem: 'GCJ02' }), { coordSystem: 'WGS84' });
    expect(r.errors.map((e) => e.field)).toEqual(['crs']);
    expect(r.grids).toEqual([]);
  });

  it('reads an undeclared file as WGS-84 (RFC 7946)', () => {
    const r = readGridFile(file([grid('G1', square(0, 0))]));
    expect(r.coordSystem).toBe('WGS84');
    // Kept to 1e-7°: float noise such as 30.290000000000003 is rounded away.
    expect(r.grids[0].polygon[0]).toEqual(square(0, 0).map(([lng, lat]) => [Math.round(lng * 1e7) / 1e7, Math.round(lat * 1e7) / 1e7]));
  });
});

describe('a broken grid layer', () => {
  it('refuses an unclosed ring, naming the feature', () => {
    const open = square(0, 0).slice(0, 4);
    open.push([O.lng + 0.001, O.lat]);
    const r = readGridFile(file([grid('G1', open)]));
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ row: 1, item: 'G1', field: 'geometry.coordinates' });
    expect(r.errors[0].message).toContain('未闭合');
    expect(r.errors[0].messageEn).toContain('not closed');
  });

  it('refuses a ring of fewer than four positions', () => {
    const r = readGridFile(file([grid('G1', [square(0, 0)[0], square(0, 0)[1], square(0, 0)[0]])]));
    expect(r.errors[0].message).toContain('至少需要 4 个点');
  });

  it('refuses a boundary that crosses itself', () => {
    const [a, b, c, d] = square(0, 0);
    const r = readGridFile(file([grid('G1', [a, c, b, d, a])]));
    expect(r.errors[0]).toMatchObject({ item: 'G1', field: 'geometry.coordinates' });
    expect(r.errors[0].messageEn).toContain('crosses itself');
  });

  it('refuses two grids overlapping beyond the tolerance, naming both', () => {
    const r = readGridFile(file([grid('G1', square(0, 0)), grid('G2', square(0.005, 0))]));
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ row: 2, item: 'G2', field: 'geometry' });
    expect(r.errors[0].message).toContain('「G1」');
    expect(r.errors[0].messageEn).toMatch(/overlaps grid "G1" \(feature 1\) by \d+ m², over the 50 m² tolerance/);
  });

  it('refuses a grid overlapping a stored grid the file leaves out', () => {
    const r = readGridFile(file([grid('G2', square(0.005, 0))]), { stored: [{ code: 'G1', polygon: [square(0, 0)] }] });
    expect(r.errors[0].message).toContain('已有网格「G1」');
  });

  it('refuses a micro-grid sticking out of its parent', () => {
    const r = readGridFile(file([grid('G1', square(0, 0)), grid('G2', square(0.01, 0)), micro('G1-1', 'G1', square(0.005, 0))]));
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ item: 'G1-1', field: 'geometry' });
    expect(r.errors[0].message).toContain('超出上级网格「G1」');
  });

  it('refuses a micro-grid whose parent is nowhere', () => {
    const r = readGridFile(file([micro('M1', 'G9', square(0, 0))]));
    expect(r.errors[0]).toMatchObject({ item: 'M1', field: 'properties.parent' });
  });

  it('collects every problem at once: repeated code, missing name, unknown kind, a MultiPolygon', () => {
    const r = readGridFile(
      file([
        grid('G1', square(0, 0)),
        grid('G1', square(0.02, 0)),
        feature({ code: 'G3', kind: 'village' }, square(0.04, 0)),
        feature({ code: 'G4', name: 'x', kind: 'town' }, square(0.06, 0)),
        { type: 'Feature', properties: { code: 'G5', name: 'y', kind: 'village' }, geometry: { type: 'MultiPolygon', coordinates: [] } },
      ]),
    );
    expect(r.errors.map((e) => [e.row, e.field])).toEqual([
      [2, 'properties.code'],
      [3, 'properties.name'],
      [4, 'properties.kind'],
      [5, 'geometry'],
    ]);
  });

  it('refuses what is not a FeatureCollection', () => {
    expect(readGridFile('{"type":"Feature"}').errors[0].field).toBe('type');
    expect(readGridFile('not json').errors[0].message).toContain('JSON');
  });
});
