import { describe, expect, it } from 'vitest';
import { locateArea } from '@xiaonao/domain';
import { parsePlacesCsv } from '../../../hub/src/places/parse-places-csv';
import { buildHezhuangTownship } from '../township/hezhuang';
import { buildHezhuangPlaces } from './demo-places';
import { DEMO_GAZETTEER_COORDS, gazetteerCsv } from './gazetteer-csv';

describe('the demo gazetteer of 河庄街道', () => {
  const township = buildHezhuangTownship();
  const places = buildHezhuangPlaces(township);
  const csv = gazetteerCsv(places);

  it('is the committed file (regenerate with `npx vitest run apps/sim/src/gazetteer -u`)', async () => {
    await expect(csv).toMatchFileSnapshot('./hezhuang-places.csv');
  });

  it('has a few hundred places, named places and door plates, in every grid', () => {
    expect(places.length).toBeGreaterThanOrEqual(150);
    expect(places.length).toBeLessThanOrEqual(300);
    expect(new Set(places.map((p) => p.kind))).toEqual(new Set(['address', 'named_place']));
    expect(new Set(places.map((p) => p.gridCode))).toEqual(new Set(township.grids.map((g) => g.code)));
    for (const name of ['河庄农贸市场', '河庄中学', '新围村村民委员会', '杭州江东精密机械有限公司']) expect(places.map((p) => p.name)).toContain(name);
  });

  it('names each named place once, so that a name finds one place', () => {
    const names = places.filter((p) => p.kind === 'named_place').map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('reads back from its CSV without an error, every point in its own grid', () => {
    const parsed = parsePlacesCsv(csv, { coordSystem: DEMO_GAZETTEER_COORDS });
    expect(parsed.errors).toEqual([]);
    expect(parsed.places).toHaveLength(places.length);
    parsed.places.forEach((p, i) => {
      const grid = locateArea(p.location, township.grids.map((g) => ({ ...g, id: g.code })));
      expect(grid?.code, p.name || p.address).toBe(places[i].gridCode);
    });
  });
});
