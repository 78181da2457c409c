/**
 * The demo township: Hezhuang street (河庄街道), Qiantang district, Hangzhou, as the brief describes it —
 * 32 grids (10 market town, 17 village, 5 dedicated for an industrial park), one full-time and one or
 * two governance grid workers per grid, township-wide mediators, enforcement and volunteer patrols.
 * Geography is plausible, not surveyed: the street lies south of the Qiantang estuary, the market town
 * in the middle, the villages around it, the Jiangdong industrial park along the east side.
 */
import { HEZHUANG_RESPONSIBILITIES } from './responsibilities';
import { buildHezhuangCameras } from './cameras';
import type { GridKind, LngLat, Team, TownshipSeed } from '@xiaonao/contracts';
import { randomPointInPolygon, ringCentroid } from './geo';
import { assertTiles, blockPolygon, buildLattice, type Block, type LatticeSpec } from './lattice';
import { mobileNumber, personName, unique } from './people';
import { createRandom, type Random } from './random';

export const DEFAULT_TOWNSHIP_SEED = 330_114;

/** Demo credentials; printed at start-up, so they are meant to be read. */
export const DEMO_OPERATOR = { username: 'zhihui', password: '小脑2026', displayName: '指挥室值班员' } as const;
/** 镇领导: reads the 研判 page (review.html), changes nothing. */
export const DEMO_LEADER = { username: 'lingdao', password: 'lingdao2026', displayName: '镇领导' } as const;
/** 萧山区 (under 杭州市) holds 河庄: its command centre reads the district view (district.html), its admin will onboard townships. */
export const DEMO_DISTRICT = { username: 'quzhang', password: 'quzhang2026', displayName: '萧山区指挥中心' } as const;
export const DEMO_ADMIN = { username: 'guanli', password: 'guanli2026', displayName: '萧山区管理员' } as const;
export const DEMO_STATION_PASSWORD = 'jingwang2026';
export const DEMO_WORKER_PASSWORD = 'wangge2026';
export const DEMO_API_KEY = 'demo-110-key-hezhuang';
/** The demo's 12345 hotline key (the 12345 door, docs/intake-12345.md) and a city's Open311 tool's key (docs/open311.md). */
export const DEMO_12345_KEY = 'demo-12345-key-hezhuang';
export const DEMO_OPEN311_KEY = 'demo-open311-key-hezhuang';

/** The full-time grid worker of 河庄集镇第1网格, driven by a person on a phone; the simulator leaves it alone. */
export const HUMAN_DEMO_WORKER = 'w001';

export const HEZHUANG_STATIONS = [
  { code: 'hezhuang-pcs', name: '河庄派出所' },
  { code: 'yipeng-pcs', name: '义蓬派出所' },
] as const;

/**
 * 12 columns × 10 rows between lng 120.49–120.57 and lat 30.26–30.315. The market-town columns and
 * rows are narrower, so its grids come out at about a third of a village grid's area.
 */
const LATTICE: LatticeSpec = {
  west: 120.49,
  south: 30.26,
  east: 120.57,
  north: 30.315,
  columnWeights: [1.2, 1.2, 1.15, 1.0, 0.7, 0.7, 0.7, 0.7, 0.7, 1.0, 1.1, 1.1],
  rowWeights: [1.1, 1.1, 1.0, 1.0, 0.75, 0.75, 1.0, 1.0, 1.1, 1.1],
  jitterShare: 0.18,
  northEdgeWaveShare: 0.15,
};

interface GridPlan {
  name: string;
  kind: GridKind;
  block: Block;
}

const at = (col: number, row: number, cols: number, rows: number): Block => ({ col, row, cols, rows });

/** Market town: the 5 × 2 cells in the middle; 第1–5 along the north row, 第6–10 along the south row. */
const MARKET_TOWN: GridPlan[] = Array.from({ length: 10 }, (_, k) => ({
  name: `河庄集镇第${k + 1}网格`,
  kind: 'market_town' as const,
  block: at(4 + (k % 5), k < 5 ? 5 : 4, 1, 1),
}));

/** Villages ring the market town; the northern ones sit on land reclaimed from the estuary (围垦). */
const VILLAGES: GridPlan[] = (
  [
    ['蜀山村', at(0, 0, 3, 2)],
    ['建华村', at(3, 0, 3, 2)],
    ['协和村', at(6, 0, 4, 2)],
    ['向阳村', at(0, 2, 3, 2)],
    ['永丰村', at(3, 2, 3, 2)],
    ['东联村', at(6, 2, 3, 2)],
    ['江东村', at(9, 2, 1, 4)],
    ['大同村', at(0, 4, 2, 2)],
    ['新华村', at(2, 4, 2, 2)],
    ['光明村', at(0, 6, 3, 2)],
    ['利民村', at(3, 6, 3, 2)],
    ['民主村', at(6, 6, 2, 2)],
    ['长兴村', at(8, 6, 2, 2)],
    ['新围村', at(0, 8, 3, 2)],
    ['围中村', at(3, 8, 3, 2)],
    ['围垦村', at(6, 8, 2, 2)],
    ['江滨村', at(8, 8, 2, 2)],
  ] as const
).map(([name, block]) => ({ name, kind: 'village' as const, block }));

/** The industrial park along the east edge, south to north. */
const DEDICATED: GridPlan[] = ['一', '二', '三', '四', '五'].map((numeral, k) => ({
  name: `江东工业园专属网格${numeral}`,
  kind: 'dedicated' as const,
  block: at(10, 2 * k, 2, 2),
}));

const PLANS: readonly GridPlan[] = [...MARKET_TOWN, ...VILLAGES, ...DEDICATED];

const CODE_PREFIX: Record<GridKind, string> = { market_town: 'HZ-JZ', village: 'HZ-CS', dedicated: 'HZ-ZS' };

/** Township-wide teams and their size; they stand by near the market town. */
const TOWNSHIP_WIDE_TEAMS: readonly { team: Team; count: number }[] = [
  { team: 'mediator', count: 3 },
  { team: 'enforcement', count: 3 },
  { team: 'volunteer', count: 3 },
];

/** Share of workers who are off duty when the demo starts (rest days, leave). */
const OFF_DUTY_SHARE = 0.07;
/** Share of grids with a second governance grid worker; tuned so the township has about 80 workers. */
const SECOND_GOVERNANCE_SHARE = 0.3;
/** Keeps start positions off grid lines, where a marker would look as if it belonged to two grids. */
const POSITION_INSET_M = 40;

type SeedGrid = TownshipSeed['grids'][number];
type SeedWorker = TownshipSeed['workers'][number];

function buildGrids(random: Random): SeedGrid[] {
  assertTiles(LATTICE.columnWeights.length, LATTICE.rowWeights.length, PLANS.map((p) => p.block));
  const lattice = buildLattice(LATTICE, random);
  const counters: Record<GridKind, number> = { market_town: 0, village: 0, dedicated: 0 };
  return PLANS.map((plan) => {
    counters[plan.kind] += 1;
    return {
      code: `${CODE_PREFIX[plan.kind]}${String(counters[plan.kind]).padStart(2, '0')}`,
      name: plan.name,
      kind: plan.kind,
      polygon: blockPolygon(lattice, plan.block),
    };
  });
}

function marketTownCentre(grids: readonly SeedGrid[]): LngLat {
  const centres = grids.filter((g) => g.kind === 'market_town').map((g) => ringCentroid(g.polygon));
  const round6 = (v: number): number => Math.round(v * 1e6) / 1e6;
  return {
    lng: round6(centres.reduce((s, c) => s + c.lng, 0) / centres.length),
    lat: round6(centres.reduce((s, c) => s + c.lat, 0) / centres.length),
  };
}

function buildWorkers(grids: readonly SeedGrid[], random: Random): SeedWorker[] {
  const names = new Set<string>();
  const phones = new Set<string>();
  const workers: SeedWorker[] = [];
  const marketTown = grids.filter((g) => g.kind === 'market_town');
  const add = (team: Team, grid: SeedGrid | null): void => {
    const code = `W${String(workers.length + 1).padStart(3, '0')}`;
    // The human demo worker must be on duty, or the person driving it sees nothing.
    const onDuty = code.toLowerCase() === HUMAN_DEMO_WORKER || !random.chance(OFF_DUTY_SHARE);
    const standBy = grid ?? random.pick(marketTown);
    const { lng, lat } = randomPointInPolygon(standBy.polygon, random, POSITION_INSET_M);
    workers.push({
      code,
      name: unique(names, () => personName(random)),
      phone: unique(phones, () => mobileNumber(random)),
      team,
      gridCode: grid?.code ?? null,
      onDuty,
      location: { lng: Math.round(lng * 1e6) / 1e6, lat: Math.round(lat * 1e6) / 1e6 },
    });
  };
  for (const grid of grids) {
    add('grid_worker', grid);
    add('governance_grid_worker', grid);
    if (random.chance(SECOND_GOVERNANCE_SHARE)) add('governance_grid_worker', grid);
  }
  for (const { team, count } of TOWNSHIP_WIDE_TEAMS) {
    for (let k = 0; k < count; k++) add(team, null);
  }
  return workers;
}

function buildUsers(workers: readonly SeedWorker[]): TownshipSeed['users'] {
  return [
    { username: DEMO_OPERATOR.username, password: DEMO_OPERATOR.password, displayName: DEMO_OPERATOR.displayName, role: 'operator' },
    { username: DEMO_LEADER.username, password: DEMO_LEADER.password, displayName: DEMO_LEADER.displayName, role: 'leader' },
    ...HEZHUANG_STATIONS.map((s) => ({
      username: s.code,
      password: DEMO_STATION_PASSWORD,
      displayName: s.name,
      role: 'station' as const,
      stationCode: s.code,
    })),
    ...workers.map((w) => ({
      username: w.code.toLowerCase(),
      password: DEMO_WORKER_PASSWORD,
      displayName: w.name,
      role: 'worker' as const,
      workerCode: w.code,
    })),
  ];
}

/** The demo township; the same seed always gives the same polygons, people and positions. */
export function buildHezhuangTownship(options: { seed?: number } = {}): TownshipSeed {
  const seed = options.seed ?? DEFAULT_TOWNSHIP_SEED;
  // Separate streams, so a change to the people does not move the grid lines.
  const grids = buildGrids(createRandom(seed));
  const workers = buildWorkers(grids, createRandom(seed ^ 0x5bd1e995));
  return {
    code: 'hezhuang',
    name: '河庄街道',
    center: marketTownCentre(grids),
    // The grid's (first) governance grid worker leads it (网格长) and hears when nobody accepts a case there.
    grids: grids.map((g) => ({ ...g, leaderCode: workers.find((w) => w.gridCode === g.code && w.team === 'governance_grid_worker')?.code })),
    stations: HEZHUANG_STATIONS.map((s) => ({ ...s })),
    workers,
    users: buildUsers(workers),
    // The region is data (docs/regions.md): a city, a district in it, the street in the district.
    regions: [
      { code: 'hangzhou', name: '杭州市', kind: 'city' },
      {
        code: 'xiaoshan',
        name: '萧山区',
        kind: 'district',
        users: [
          { ...DEMO_DISTRICT, role: 'district' },
          { ...DEMO_ADMIN, role: 'admin' },
        ],
      },
    ],
    // The 110 key first: the simulator and the banner take the seed's first key.
    apiKeys: [
      { name: '110 联动平台', key: DEMO_API_KEY },
      { name: '12345 热线', key: DEMO_12345_KEY, kind: '12345' },
      { name: '城市 Open311 市民上报', key: DEMO_OPEN311_KEY, kind: 'open311' },
    ],
    responsibilities: HEZHUANG_RESPONSIBILITIES,
    cameras: buildHezhuangCameras(grids, createRandom(seed ^ 0x2c1b3c6d)),
  };
}
