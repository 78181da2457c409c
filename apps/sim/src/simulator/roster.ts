/**
 * Who the simulator plays: the hub's workers (the truth for ids and positions) matched to the seed's
 * workers and accounts by phone, then name. Workers the seed does not know, or that a person drives,
 * are left alone. Pure.
 */
import type { GridView, LngLat, TownshipSeed, TownshipView, WorkerView } from '@xiaonao/contracts';
import { isStrictlyInPolygon, randomPointInPolygon } from '../township/geo';
import type { Random } from '../township/random';
import type { PatrolArea } from './movement';
import type { ResponseTask } from './response-task';

/** Township-wide teams patrol within this distance of where they stand by. */
const TOWNSHIP_WIDE_PATROL_RADIUS_M = 600;

export interface SimWorker {
  id: string;
  name: string;
  /** null: no account in the seed; the worker moves but cannot answer offers. */
  account: { username: string; password: string } | null;
  onDuty: boolean;
  area: PatrolArea;
  /** The true position; reports add GPS noise to it. */
  position: LngLat;
  headingRad: number;
  task: ResponseTask | null;
}

export interface Roster {
  workers: SimWorker[];
  /** Hub workers left alone, with why; for the start-up log. */
  skipped: { name: string; reason: 'skipped' | 'not_in_seed' }[];
}

export function buildRoster(
  seed: Pick<TownshipSeed, 'workers' | 'users'>,
  township: Pick<TownshipView, 'grids' | 'center'>,
  hubWorkers: readonly WorkerView[],
  skipUsernames: ReadonlySet<string>,
  random: Random,
): Roster {
  const gridById = new Map(township.grids.map((g) => [g.id, g]));
  const workers: SimWorker[] = [];
  const skipped: Roster['skipped'] = [];
  for (const view of hubWorkers) {
    const seedWorker = seed.workers.find((w) => w.phone === view.phone) ?? seed.workers.find((w) => w.name === view.name);
    if (!seedWorker) {
      skipped.push({ name: view.name, reason: 'not_in_seed' });
      continue;
    }
    const user = seed.users.find((u) => u.role === 'worker' && u.workerCode === seedWorker.code);
    if (user && skipUsernames.has(user.username)) {
      skipped.push({ name: view.name, reason: 'skipped' });
      continue;
    }
    const polygon = view.gridId ? (gridById.get(view.gridId)?.polygon ?? null) : null;
    const known = view.location ?? seedWorker.location;
    const home = homeFor(polygon, known, township.center, random);
    workers.push({
      id: view.id,
      name: view.name,
      account: user ? { username: user.username, password: user.password } : null,
      onDuty: view.onDuty,
      area: { polygon, home, radiusM: TOWNSHIP_WIDE_PATROL_RADIUS_M },
      position: known ?? home,
      headingRad: random.between(0, 2 * Math.PI),
      task: null,
    });
  }
  return { workers, skipped };
}

function homeFor(polygon: GridView['polygon'] | null, known: LngLat | null, centre: LngLat, random: Random): LngLat {
  if (polygon) return known && isStrictlyInPolygon(known, polygon) ? known : randomPointInPolygon(polygon, random, 40);
  // Township-wide teams stand by where they were last seen, or at the township's centre.
  return known ?? centre;
}
