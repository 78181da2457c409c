/** Small factories for test data: a compact township with two grids side by side, cases inside it. */
import { randomUUID } from 'node:crypto';
import type { Intake110Request, LngLat, RegionSeed, TownshipSeed } from '@xiaonao/contracts';

/** 0.01° squares: grid 1 west, grid 2 east, south-west corner at `origin`. */
export function newTownshipSeed(overrides: { code?: string; origin?: LngLat; workers?: number } = {}): TownshipSeed {
  const code = overrides.code ?? 'testtown';
  const o = overrides.origin ?? { lng: 120.5, lat: 30.28 };
  const square = (x: number): [number, number][][] => [
    [
      [o.lng + x, o.lat],
      [o.lng + x + 0.01, o.lat],
      [o.lng + x + 0.01, o.lat + 0.01],
      [o.lng + x, o.lat + 0.01],
      [o.lng + x, o.lat],
    ],
  ];
  const count = overrides.workers ?? 3;
  // Workers stand on a line going east from the west grid, 200 m apart: W1 is nearest to the west edge.
  const workers = Array.from({ length: count }, (_, i) => ({
    code: `W${i + 1}`,
    name: `网格员${i + 1}`,
    phone: `1380000000${i}`,
    team: 'grid_worker' as const,
    gridCode: i < count / 2 ? 'G1' : 'G2',
    onDuty: true,
    location: { lng: o.lng + 0.002 + i * 0.002, lat: o.lat + 0.005 },
  }));
  return {
    code,
    name: `测试街道${code}`,
    center: { lng: o.lng + 0.01, lat: o.lat + 0.005 },
    grids: [
      { code: 'G1', name: '第一网格', kind: 'market_town', polygon: square(0) },
      { code: 'G2', name: '第二网格', kind: 'village', polygon: square(0.01) },
    ],
    stations: [{ code: `${code}-pcs`, name: `${code}派出所` }],
    workers,
    // A region of its own with its two accounts (docs/regions.md); a test putting townships under one region names it itself.
    regions: [newRegionSeed(`${code}-region`)],
    users: [
      { username: `${code}-op`, password: 'op-pass-1', displayName: '值班员', role: 'operator' },
      { username: `${code}-pcs`, password: 'pcs-pass-1', displayName: '派出所', role: 'station', stationCode: `${code}-pcs` },
      { username: `${code}-leader`, password: 'leader-pass-1', displayName: '镇领导', role: 'leader' },
      ...workers.map((w) => ({ username: `${code}-${w.code.toLowerCase()}`, password: 'worker-pass-1', displayName: w.name, role: 'worker' as const, workerCode: w.code })),
    ],
    apiKeys: [{ name: '110 联动平台', key: `key-${code}-${randomUUID()}` }],
    responsibilities: [
      { category: 'theft', teams: [], priority: 1, dispatchMode: 'auto', policeOnly: true },
      { category: 'stray_animal', teams: ['grid_worker', 'volunteer'], priority: 3, dispatchMode: 'confirm', policeOnly: false },
      { category: 'dispute', teams: ['grid_worker', 'mediator'], priority: 2, dispatchMode: 'auto', policeOnly: false },
    ],
  };
}

/** A district region with an admin and a district account, usernames `<code>-admin` and `<code>-district`. */
export function newRegionSeed(code: string, name = `${code}区`): RegionSeed {
  return {
    code,
    name,
    kind: 'district',
    users: [
      { username: `${code}-admin`, password: 'admin-pass-1', displayName: '区管理员', role: 'admin' },
      { username: `${code}-district`, password: 'district-pass-1', displayName: '区指挥中心', role: 'district' },
    ],
  };
}

let sequence = 0;

/** A valid 110 case inside the default test township (near its west edge, so W1 is nearest). */
export function newIntake110(overrides: Partial<Intake110Request> & { townshipCode?: string; origin?: LngLat } = {}): Intake110Request {
  const { townshipCode, origin, ...rest } = overrides;
  const o = origin ?? { lng: 120.5, lat: 30.28 };
  sequence++;
  return {
    caseNo: `3301${Date.now()}${String(sequence).padStart(4, '0')}`.slice(0, 40),
    receivedAt: new Date().toISOString(),
    callerName: '王女士',
    callerPhone: '13905712345',
    address: '测试街道幸福路8号',
    location: { lng: o.lng + 0.001, lat: o.lat + 0.005 },
    coordSystem: 'WGS84',
    category: 'dispute',
    description: '水果摊主与顾客因两个磕碰的苹果发生争执',
    policeStationCode: `${townshipCode ?? 'testtown'}-pcs`,
    ...rest,
  };
}
