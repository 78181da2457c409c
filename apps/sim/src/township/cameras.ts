/**
 * The demo township's video patrol cameras (视频巡查): two in each market-town grid (markets, schools
 * and crossroads are where cameras hang), one in each village at its main road or square, and three in
 * the industrial park. About 40, each strictly inside its grid so the hub places it in the same one.
 * Its own random stream: adding cameras never moves a grid line or a worker.
 */
import type { GridKind, TownshipSeed } from '@xiaonao/contracts';
import { randomPointInPolygon } from './geo';
import type { Random } from './random';

type SeedGrid = TownshipSeed['grids'][number];
export type SeedCamera = NonNullable<TownshipSeed['cameras']>[number];

/** Where cameras of each kind of grid look, in the order they are placed. */
const VIEWS: Record<GridKind, readonly string[]> = {
  market_town: ['农贸市场东门', '学校路口', '商业街中段', '公交站台', '十字路口', '停车场'],
  village: ['村口主路', '文化礼堂广场', '河道桥头'],
  dedicated: ['园区大门', '厂区消防通道', '仓储区'],
};

/** Cameras per grid by kind; the park gets three in all, in its first grids. */
const PER_GRID: Record<GridKind, number> = { market_town: 2, village: 1, dedicated: 1 };
const PARK_CAMERAS = 3;

const OWNERS: Record<GridKind, readonly string[]> = {
  market_town: ['河庄街道综治中心', '钱塘公安分局（雪亮工程）'],
  village: ['村委会', '河庄街道综治中心'],
  dedicated: ['江东工业园管委会'],
};

/** Keeps a camera well inside its grid: a pole on the grid line would belong to either. */
const INSET_M = 60;

export function buildHezhuangCameras(grids: readonly SeedGrid[], random: Random): SeedCamera[] {
  const cameras: SeedCamera[] = [];
  let park = 0;
  for (const grid of grids) {
    let count = PER_GRID[grid.kind];
    if (grid.kind === 'dedicated') count = park < PARK_CAMERAS ? count : 0;
    // One offset per grid, so its cameras look at different places.
    const first = random.int(0, VIEWS[grid.kind].length - 1);
    for (let k = 0; k < count; k++) {
      const view = VIEWS[grid.kind][(first + k) % VIEWS[grid.kind].length];
      const { lng, lat } = randomPointInPolygon(grid.polygon, random, INSET_M);
      cameras.push({
        code: `HZ-CAM-${String(cameras.length + 1).padStart(3, '0')}`,
        name: `${grid.name}·${view}`,
        gridCode: grid.code,
        location: { lng: Math.round(lng * 1e6) / 1e6, lat: Math.round(lat * 1e6) / 1e6 },
        owner: random.pick(OWNERS[grid.kind]),
      });
    }
    if (grid.kind === 'dedicated') park += count;
  }
  return cameras;
}
