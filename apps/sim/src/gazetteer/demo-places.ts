/**
 * The demo gazetteer of 河庄街道: the places people name when they call (the market, schools, compounds,
 * village committees, shops, the park's firms) and door-plate addresses in the style of the demo's
 * 110 cases (case-templates.ts), each point inside its grid. Plausible, not surveyed, like the grids.
 */
import type { GridKind, LngLat, PlaceKind, TownshipSeed } from '@xiaonao/contracts';
import { isStrictlyInPolygon, offsetByMetres, randomPointInPolygon } from '../township/geo';
import { buildHezhuangTownship, DEFAULT_TOWNSHIP_SEED } from '../township/hezhuang';
import { createRandom, type Random } from '../township/random';
import { COMPOUND_GRIDS, MARKET_TOWN_PLACES, MARKET_TOWN_STREETS, PARK_FIRMS, PARK_STREETS, SHOP_KINDS, SHOP_OWNERS, VILLAGE_EXTRAS } from './hezhuang-place-names';

export interface DemoPlace {
  kind: PlaceKind;
  name: string;
  address: string;
  aliases: string[];
  /** WGS-84. */
  location: LngLat;
  gridCode: string;
}

type SeedGrid = TownshipSeed['grids'][number];

/** Keeps places off grid lines, as the workers' start positions are kept. */
const INSET_M = 40;
/** Houses of a village group (组) stand this close around the group's centre. */
const GROUP_SPREAD_M = 90;
const TOWN = '河庄街道';

const round6 = (v: number): number => Math.round(v * 1e6) / 1e6;

function pointIn(grid: SeedGrid, random: Random): LngLat {
  const p = randomPointInPolygon(grid.polygon, random, INSET_M);
  return { lng: round6(p.lng), lat: round6(p.lat) };
}

/** A point within `spreadM` of `centre`, still strictly inside the grid. */
function near(centre: LngLat, grid: SeedGrid, random: Random, spreadM: number): LngLat {
  for (let attempt = 0; attempt < 20; attempt++) {
    const p = offsetByMetres(centre, random.between(-spreadM, spreadM), random.between(-spreadM, spreadM));
    if (isStrictlyInPolygon(p, grid.polygon)) return { lng: round6(p.lng), lat: round6(p.lat) };
  }
  return centre;
}

/** Metres along a street per door-plate number (odd and even numbers face each other). */
const METRES_PER_NUMBER = 6;

/**
 * Where a street's door plates stand in a grid: numbers rise east (or north) from a start point, so
 * neighbouring numbers are neighbours on the map; a plate that would leave the grid stays near the start.
 */
function streetLine(grid: SeedGrid, random: Random, eastWest: boolean): (numberFromStart: number) => LngLat {
  const start = pointIn(grid, random);
  return (fromStart) => {
    const metres = fromStart * METRES_PER_NUMBER;
    const p = offsetByMetres(start, eastWest ? metres : 0, eastWest ? 0 : metres);
    return isStrictlyInPolygon(p, grid.polygon) ? { lng: round6(p.lng), lat: round6(p.lat) } : near(start, grid, random, 60);
  };
}

function marketTown(grid: SeedGrid, k: number, random: Random): DemoPlace[] {
  const at = (location: LngLat) => ({ gridCode: grid.code, location });
  const places: DemoPlace[] = MARKET_TOWN_PLACES[k].map(([name, plate, aliases]) => ({ kind: 'named_place', name, address: TOWN + plate, aliases, ...at(pointIn(grid, random)) }));
  for (let i = 0; i < 2; i++) {
    // Grids share owners but not shop names: the grid number keeps a name to one grid.
    const name = `${SHOP_OWNERS[(k + i * 5) % SHOP_OWNERS.length]}${SHOP_KINDS[(k * 3 + i) % SHOP_KINDS.length]}`;
    const street = MARKET_TOWN_STREETS[(k + i) % MARKET_TOWN_STREETS.length];
    places.push({ kind: 'named_place', name, address: `${TOWN}${street}${(k * 40 + random.int(1, 19)) * 2}号`, aliases: [], ...at(pointIn(grid, random)) });
  }
  // Door plates: numbers rise from grid to grid along each street, so one number is one place.
  [MARKET_TOWN_STREETS[k % MARKET_TOWN_STREETS.length], MARKET_TOWN_STREETS[(k + 3) % MARKET_TOWN_STREETS.length]].forEach((street, i) => {
    const numbers = [0, 1, 2].map((n) => (k * 60 + 100 + n * 6 + random.int(0, 2)) * 2 + 1);
    const along = streetLine(grid, random, i % 2 === 0);
    for (const n of numbers) places.push({ kind: 'address', name: '', address: `${TOWN}${street}${n}号`, aliases: [], ...at(along(n - numbers[0])) });
  });
  const compound = COMPOUND_GRIDS[k];
  if (compound) {
    const gate = places.find((p) => p.name === compound)?.location ?? pointIn(grid, random);
    for (const building of [3, 8, 12]) places.push({ kind: 'address', name: '', address: `${TOWN}${compound}${building}幢`, aliases: [], ...at(near(gate, grid, random, 120)) });
  }
  return places;
}

function village(grid: SeedGrid, random: Random): DemoPlace[] {
  const at = (location: LngLat) => ({ gridCode: grid.code, location });
  const v = grid.name;
  const groups = [random.int(1, 6), random.int(7, 12), random.int(13, 18)];
  const centres = groups.map(() => pointIn(grid, random));
  const committeeGroup = groups[0];
  const places: DemoPlace[] = [
    { kind: 'named_place', name: `${v}村民委员会`, address: `${TOWN}${v}${committeeGroup}组${random.int(1, 40)}号`, aliases: [`${v}村委会`, `${v}村委`], ...at(near(centres[0], grid, random, GROUP_SPREAD_M)) },
    { kind: 'named_place', name: `${v}文化礼堂`, address: `${TOWN}${v}${committeeGroup}组${random.int(41, 80)}号`, aliases: [`${v}礼堂`], ...at(near(centres[0], grid, random, GROUP_SPREAD_M)) },
    { kind: 'named_place', name: `${v}${random.pick(VILLAGE_EXTRAS)}`, address: '', aliases: [], ...at(pointIn(grid, random)) },
  ];
  groups.forEach((group, i) => {
    const houses = new Set<number>();
    while (houses.size < (i === 0 ? 2 : 1)) houses.add(random.int(1, 80));
    for (const house of houses) places.push({ kind: 'address', name: '', address: `${TOWN}${v}${group}组${house}号`, aliases: [], ...at(near(centres[i], grid, random, GROUP_SPREAD_M)) });
  });
  return places;
}

function park(grid: SeedGrid, k: number, random: Random): DemoPlace[] {
  const at = (location: LngLat) => ({ gridCode: grid.code, location });
  const places: DemoPlace[] = [];
  for (const [name, short] of PARK_FIRMS.slice(k * 2, k * 2 + 2)) {
    const plate = `${TOWN}江东工业园${random.pick(PARK_STREETS)}${random.int(1 + k * 24, 24 + k * 24) * 8}号`;
    places.push({ kind: 'named_place', name, address: plate, aliases: [short], ...at(pointIn(grid, random)) });
  }
  if (k === 0) places.push({ kind: 'named_place', name: '江东工业园管理委员会', address: `${TOWN}江东工业园临江大道1号`, aliases: ['江东工业园管委会', '园区管委会'], ...at(pointIn(grid, random)) });
  const street = PARK_STREETS[k % PARK_STREETS.length];
  const along = streetLine(grid, random, k % 2 === 0);
  for (const step of [0, 10]) places.push({ kind: 'address', name: '', address: `${TOWN}江东工业园${street}${(k * 24 + step + 5) * 8}号`, aliases: [], ...at(along(step * 8)) });
  return places;
}

/** Every place of the demo township; the same grids and random stream always give the same list. */
export function buildDemoPlaces(grids: readonly SeedGrid[], random: Random): DemoPlace[] {
  const counters: Record<GridKind, number> = { market_town: 0, village: 0, dedicated: 0 };
  return grids.flatMap((grid) => {
    const k = counters[grid.kind]++;
    switch (grid.kind) {
      case 'market_town':
        return k < MARKET_TOWN_PLACES.length ? marketTown(grid, k, random) : [];
      case 'village':
        return village(grid, random);
      case 'dedicated':
        return park(grid, k, random);
    }
  });
}

/** Its own random stream, so that a change to the gazetteer moves no grid line or worker. */
const GAZETTEER_STREAM = 0x9e3779b9;

/** The gazetteer of the demo township as built by default (the committed hezhuang-places.csv). */
export function buildHezhuangPlaces(township: Pick<TownshipSeed, 'grids'> = buildHezhuangTownship()): DemoPlace[] {
  return buildDemoPlaces(township.grids, createRandom(DEFAULT_TOWNSHIP_SEED ^ GAZETTEER_STREAM));
}
