import { describe, expect, it } from 'vitest';
import { isStrictlyInPolygon } from './geo';
import { buildHezhuangTownship } from './hezhuang';

const township = buildHezhuangTownship();
const cameras = township.cameras ?? [];

describe('the demo township’s cameras', () => {
  it('number 40: two per market-town grid, one per village, three in the park', () => {
    expect(cameras).toHaveLength(40);
    const kindOf = (code: string | null) => township.grids.find((g) => g.code === code)?.kind;
    const count = (kind: string) => cameras.filter((c) => kindOf(c.gridCode) === kind).length;
    expect([count('market_town'), count('village'), count('dedicated')]).toEqual([20, 17, 3]);
  });

  it('stand strictly inside the grid they name, with unique codes and names', () => {
    for (const camera of cameras) {
      const grid = township.grids.find((g) => g.code === camera.gridCode);
      expect(grid && isStrictlyInPolygon(camera.location, grid.polygon)).toBe(true);
    }
    expect(new Set(cameras.map((c) => c.code)).size).toBe(cameras.length);
    expect(new Set(cameras.map((c) => c.name)).size).toBe(cameras.length);
  });

  it('come out the same for the same seed', () => {
    expect(buildHezhuangTownship().cameras).toEqual(cameras);
  });
});
