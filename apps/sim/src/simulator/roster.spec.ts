import type { GridView, TownshipView, WorkerView } from '@xiaonao/contracts';
import { describe, expect, it } from 'vitest';
import { isStrictlyInPolygon } from '../township/geo';
import { buildHezhuangTownship, HUMAN_DEMO_WORKER } from '../township/hezhuang';
import { createRandom } from '../township/random';
import { buildRoster } from './roster';

const seed = buildHezhuangTownship();
/** The hub's view of the seed: its own ids, same shapes. */
const grids: GridView[] = seed.grids.map((g, k) => ({ id: `grid-${k}`, code: g.code, name: g.name, kind: g.kind, polygon: g.polygon }));
const township: Pick<TownshipView, 'grids' | 'center'> = { grids, center: seed.center };

function hubWorker(code: string, over: Partial<WorkerView> = {}): WorkerView {
  const w = seed.workers.find((s) => s.code === code)!;
  return {
    id: `id-${code}`,
    name: w.name,
    phone: w.phone,
    team: w.team,
    gridId: w.gridCode ? grids.find((g) => g.code === w.gridCode)!.id : null,
    onDuty: w.onDuty,
    status: 'available',
    location: w.location,
    positionAt: null,
    activeIncidentId: null,
    queuedIncidentId: null,
    ...over,
  };
}

const skipHuman = new Set([HUMAN_DEMO_WORKER]);

describe('the roster of simulated workers', () => {
  it('plays every seeded worker with its hub id and account, except the human demo worker', () => {
    const roster = buildRoster(seed, township, seed.workers.map((w) => hubWorker(w.code)), skipHuman, createRandom(1));
    expect(roster.workers).toHaveLength(seed.workers.length - 1);
    expect(roster.workers.map((w) => w.account?.username)).not.toContain(HUMAN_DEMO_WORKER);
    expect(roster.workers.find((w) => w.id === 'id-W002')?.account).toEqual({ username: 'w002', password: 'wangge2026' });
    expect(roster.skipped).toEqual([{ name: seed.workers[0].name, reason: 'skipped' }]);
  });

  it('matches by phone, then by name, and leaves workers the seed does not know alone', () => {
    const renamed = hubWorker('W003', { name: '改了名字' });
    const newPhone = hubWorker('W004', { phone: '13900000000' });
    const stranger = hubWorker('W005', { name: '陌生人', phone: '13911111111' });
    const roster = buildRoster(seed, township, [renamed, newPhone, stranger], skipHuman, createRandom(1));
    expect(roster.workers.map((w) => w.account?.username)).toEqual(['w003', 'w004']);
    expect(roster.skipped).toEqual([{ name: '陌生人', reason: 'not_in_seed' }]);
  });

  it('patrols grid workers in their grid polygon and starts them where the hub last saw them', () => {
    const seen = { lng: 120.5001, lat: 30.2601 };
    const [worker] = buildRoster(seed, township, [hubWorker('W002', { location: seen })], skipHuman, createRandom(1)).workers;
    expect(worker.position).toEqual(seen);
    expect(worker.area.polygon).toBe(grids.find((g) => g.id === hubWorker('W002').gridId)!.polygon);
    // Seen outside its grid, so it patrols back to a home inside it.
    expect(isStrictlyInPolygon(worker.area.home, worker.area.polygon!)).toBe(true);
  });

  it('lets township-wide teams roam around where they stand by, or the township centre when nobody knows', () => {
    const mediator = seed.workers.find((w) => w.team === 'mediator')!;
    const [placed] = buildRoster(seed, township, [hubWorker(mediator.code)], skipHuman, createRandom(1)).workers;
    expect(placed.area).toMatchObject({ polygon: null, home: mediator.location });
    const nowhere = { ...seed, workers: seed.workers.map((w) => (w.code === mediator.code ? { ...w, location: null } : w)) };
    const [unplaced] = buildRoster(nowhere, township, [hubWorker(mediator.code, { location: null })], skipHuman, createRandom(1)).workers;
    expect(unplaced.area.home).toEqual(seed.center);
    expect(unplaced.position).toEqual(seed.center);
  });
});
