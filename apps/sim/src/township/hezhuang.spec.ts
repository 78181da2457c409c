import { describe, expect, it } from 'vitest';
import type { TownshipSeed } from '@xiaonao/contracts';
import { boundingBox, isInPolygon, isStrictlyInPolygon } from './geo';
import { buildHezhuangTownship, DEMO_12345_KEY, DEMO_API_KEY, DEMO_OPEN311_KEY, HUMAN_DEMO_WORKER } from './hezhuang';

const township = buildHezhuangTownship();

function areaKm2(grid: TownshipSeed['grids'][number]): number {
  const ring = grid.polygon[0];
  let twice = 0;
  for (let i = 0; i < ring.length - 1; i++) twice += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  // Degrees² to km² at 30.29°N.
  return (Math.abs(twice) / 2) * 111.195 * 111.195 * Math.cos((30.29 * Math.PI) / 180);
}

describe('the Hezhuang demo township', () => {
  it('has 32 grids: 10 market town, 17 village, 5 dedicated', () => {
    expect(township.grids).toHaveLength(32);
    const count = (kind: string) => township.grids.filter((g) => g.kind === kind).length;
    expect([count('market_town'), count('village'), count('dedicated')]).toEqual([10, 17, 5]);
  });

  it('names itself 河庄街道 with code hezhuang and puts its centre in the market town', () => {
    expect([township.code, township.name]).toEqual(['hezhuang', '河庄街道']);
    const centreGrid = township.grids.find((g) => isInPolygon(township.center, g.polygon));
    expect(centreGrid?.kind).toBe('market_town');
  });

  it('closes every ring and keeps it inside the street (lng 120.49–120.57, lat 30.26–30.32)', () => {
    for (const grid of township.grids) {
      const ring = grid.polygon[0];
      expect(ring.length).toBeGreaterThanOrEqual(5);
      expect(ring[ring.length - 1]).toEqual(ring[0]);
      for (const [lng, lat] of ring) {
        expect(lng).toBeGreaterThanOrEqual(120.49);
        expect(lng).toBeLessThanOrEqual(120.57);
        expect(lat).toBeGreaterThanOrEqual(30.26);
        expect(lat).toBeLessThanOrEqual(30.32);
      }
    }
  });

  it('lets no two grids overlap and leaves almost no gaps', () => {
    const boxes = township.grids.map((g) => boundingBox(g.polygon));
    const west = Math.min(...boxes.map((b) => b.west));
    const east = Math.max(...boxes.map((b) => b.east));
    const south = Math.min(...boxes.map((b) => b.south));
    const north = Math.max(...boxes.map((b) => b.north));
    const steps = 60;
    let exactlyOne = 0;
    for (let i = 0; i < steps; i++) {
      for (let j = 0; j < steps; j++) {
        // Offsets of half a step keep samples off the lattice lines, where neighbours legitimately touch.
        const p = { lng: west + ((i + 0.5) * (east - west)) / steps, lat: south + ((j + 0.5) * (north - south)) / steps };
        const holders = township.grids.filter((g) => isStrictlyInPolygon(p, g.polygon)).length;
        expect(holders).toBeLessThanOrEqual(1);
        if (holders === 1) exactlyOne++;
      }
    }
    // Only the waving river bank on the north edge leaves part of the bounding box uncovered.
    expect(exactlyOne / (steps * steps)).toBeGreaterThan(0.97);
  });

  it('makes market-town grids smaller than village grids', () => {
    const mean = (kind: string) => {
      const areas = township.grids.filter((g) => g.kind === kind).map(areaKm2);
      return areas.reduce((s, a) => s + a, 0) / areas.length;
    };
    expect(mean('market_town')).toBeLessThan(mean('village') / 2);
  });

  it('staffs each grid with one full-time and one or two governance grid workers, about 80 in all', () => {
    for (const grid of township.grids) {
      const staff = township.workers.filter((w) => w.gridCode === grid.code);
      expect(staff.filter((w) => w.team === 'grid_worker')).toHaveLength(1);
      const governance = staff.filter((w) => w.team === 'governance_grid_worker').length;
      expect(governance).toBeGreaterThanOrEqual(1);
      expect(governance).toBeLessThanOrEqual(2);
    }
    expect(township.workers.length).toBeGreaterThanOrEqual(70);
    expect(township.workers.length).toBeLessThanOrEqual(95);
    const townshipWide = township.workers.filter((w) => w.gridCode === null).map((w) => w.team);
    expect(new Set(townshipWide)).toEqual(new Set(['mediator', 'enforcement', 'volunteer']));
  });

  it('puts each grid worker inside its own grid and township-wide teams in the market town', () => {
    const byCode = new Map(township.grids.map((g) => [g.code, g]));
    for (const worker of township.workers) {
      expect(worker.location).not.toBeNull();
      const location = worker.location!;
      if (worker.gridCode === null) {
        expect(township.grids.find((g) => isInPolygon(location, g.polygon))?.kind).toBe('market_town');
      } else {
        expect(isStrictlyInPolygon(location, byCode.get(worker.gridCode)!.polygon)).toBe(true);
      }
    }
  });

  it('keeps most workers on duty and a few off', () => {
    const off = township.workers.filter((w) => !w.onDuty).length;
    expect(off).toBeGreaterThan(0);
    expect(off).toBeLessThan(township.workers.length * 0.2);
  });

  it('gives people plausible Chinese names and mainland mobile numbers', () => {
    for (const worker of township.workers) {
      expect(worker.name).toMatch(/^[\u4e00-\u9fa5]{2,3}$/);
      expect(worker.phone).toMatch(/^1[3-9]\d{9}$/);
      expect(worker.code).toMatch(/^W\d{3}$/);
    }
  });

  it('keeps codes, usernames, names and phones unique', () => {
    const unique = (values: string[]) => new Set(values).size === values.length;
    expect(unique(township.grids.map((g) => g.code))).toBe(true);
    expect(unique(township.grids.map((g) => g.name))).toBe(true);
    expect(unique(township.workers.map((w) => w.code))).toBe(true);
    expect(unique(township.workers.map((w) => w.name))).toBe(true);
    expect(unique(township.workers.map((w) => w.phone))).toBe(true);
    expect(unique(township.users.map((u) => u.username))).toBe(true);
  });

  it('lies in 萧山区 under 杭州市, whose command centre quzhang and admin guanli are region accounts', () => {
    expect(township.regions?.map((r) => [r.code, r.name, r.kind])).toEqual([
      ['hangzhou', '杭州市', 'city'],
      ['xiaoshan', '萧山区', 'district'],
    ]);
    expect(township.regions?.[1].users?.map((u) => [u.username, u.password, u.role])).toEqual([
      ['quzhang', 'quzhang2026', 'district'],
      ['guanli', 'guanli2026', 'admin'],
    ]);
    expect(township.users.some((u) => ['quzhang', 'guanli'].includes(u.username))).toBe(false);
  });

  it('has an operator, a leader, a user per station and a user per worker', () => {
    expect(township.users.filter((u) => u.role === 'operator').map((u) => u.username)).toEqual(['zhihui']);
    expect(township.users.filter((u) => u.role === 'leader').map((u) => u.username)).toEqual(['lingdao']);
    for (const station of township.stations) {
      expect(township.users).toContainEqual(expect.objectContaining({ username: station.code, role: 'station', stationCode: station.code }));
    }
    for (const worker of township.workers) {
      expect(township.users).toContainEqual(
        expect.objectContaining({ username: worker.code.toLowerCase(), role: 'worker', workerCode: worker.code, password: 'wangge2026' }),
      );
    }
    expect(township.apiKeys).toEqual([
      { name: '110 联动平台', key: DEMO_API_KEY },
      { name: '12345 热线', key: DEMO_12345_KEY, kind: '12345' },
      { name: '城市 Open311 市民上报', key: DEMO_OPEN311_KEY, kind: 'open311' },
    ]);
  });

  it('hands the human demo user the on-duty full-time grid worker of 河庄集镇第1网格', () => {
    const user = township.users.find((u) => u.username === HUMAN_DEMO_WORKER)!;
    const worker = township.workers.find((w) => w.code === user.workerCode)!;
    const grid = township.grids.find((g) => g.code === worker.gridCode)!;
    expect([grid.name, worker.team, worker.onDuty]).toEqual(['河庄集镇第1网格', 'grid_worker', true]);
  });

  it('gives the same township for the same seed and a different one for another seed', () => {
    expect(buildHezhuangTownship({ seed: 7 })).toEqual(buildHezhuangTownship({ seed: 7 }));
    expect(buildHezhuangTownship()).toEqual(township);
    expect(buildHezhuangTownship({ seed: 8 }).workers[0].location).not.toEqual(buildHezhuangTownship({ seed: 7 }).workers[0].location);
  });
});
