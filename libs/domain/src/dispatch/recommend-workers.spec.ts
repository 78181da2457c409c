import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SkipReason, WorkerStatus } from '@xiaonao/contracts';
import { DEFAULT_DISPATCH_POLICY, recommendWorkers, rerankWithRoutes, type DispatchCase, type DispatchWorker } from './recommend-workers';

const now = new Date('2026-11-21T08:00:00Z');
const site = { lng: 120.52, lat: 30.29 };
const north = (m: number) => ({ lng: site.lng, lat: site.lat + m / 111_195 });

function newWorker(id: string, metres: number | null, over: Partial<DispatchWorker> = {}): DispatchWorker {
  return {
    id,
    team: 'grid_worker',
    gridId: 'other',
    onDuty: true,
    status: 'available',
    location: metres === null ? null : north(metres),
    positionAt: now,
    travelModes: ['foot'],
    casesToday: 0,
    restingUntil: null,
    queuedIncidentId: null,
    ...over,
  };
}

function newCase(over: Partial<DispatchCase> = {}): DispatchCase {
  return { location: site, gridId: 'G1', receivedAt: now, teams: [], queueAllowed: false, ...over };
}

const order = (workers: DispatchWorker[], c = newCase(), policy = DEFAULT_DISPATCH_POLICY) => recommendWorkers(c, workers, now, policy).ranked.map((v) => v.workerId);

describe('ranking by estimated arrival', () => {
  it('puts an e-bike 1.5 km away ahead of a walker 600 m away', () => {
    expect(order([newWorker('walker', 600), newWorker('rider', 1500, { travelModes: ['ebike'] })])).toEqual(['rider', 'walker']);
  });

  it('lets an e-bike owner walk a short hop when walking is quicker', () => {
    const [v] = recommendWorkers(newCase(), [newWorker('w', 40, { travelModes: ['ebike'] })], now).ranked;
    expect(v.mode).toBe('foot');
    expect(v.etaSeconds).toBe(40);
  });
});

describe('territoriality', () => {
  it("prefers the grid's own worker over a slightly faster outsider", () => {
    expect(order([newWorker('outsider', 250), newWorker('own', 280, { gridId: 'G1' })])).toEqual(['own', 'outsider']);
  });

  it('gives the case to an outsider who is clearly faster', () => {
    expect(order([newWorker('outsider', 100, { travelModes: ['ebike'] }), newWorker('own', 600, { gridId: 'G1' })])).toEqual(['outsider', 'own']);
  });

  it('follows the configured threshold', () => {
    const policy = { ...DEFAULT_DISPATCH_POLICY, territorialAdvantageSeconds: 1000 };
    expect(order([newWorker('outsider', 100, { travelModes: ['ebike'] }), newWorker('own', 600, { gridId: 'G1' })], newCase(), policy)).toEqual(['own', 'outsider']);
  });
});

describe('queueing (允许排队)', () => {
  const busyNear = newWorker('busy-near', 100, { status: 'busy' });
  const freeFar = newWorker('free-far', 3000);

  it('skips a busy worker as busy when the category may not queue', () => {
    const rec = recommendWorkers(newCase(), [busyNear, freeFar], now);
    expect(rec.ranked.map((v) => v.workerId)).toEqual(['free-far']);
    expect(rec.skipped).toMatchObject([{ workerId: 'busy-near', skipped: 'busy' }]);
  });

  it('ranks a busy worker after every free one, even a far one, when the category may queue', () => {
    const rec = recommendWorkers(newCase({ queueAllowed: true }), [busyNear, freeFar], now);
    expect(rec.ranked.map((v) => [v.workerId, v.queued])).toEqual([
      ['free-far', false],
      ['busy-near', true],
    ]);
  });

  it("counts the time to finish the current case in a queued worker's ETA", () => {
    const [v] = recommendWorkers(newCase({ queueAllowed: true }), [busyNear], now).ranked;
    expect(v.etaSeconds).toBe(100 + DEFAULT_DISPATCH_POLICY.queueSeconds);
  });

  it('flags the 8-minute risk when only a queued worker is left', () => {
    expect(recommendWorkers(newCase({ queueAllowed: true }), [busyNear], now).arrivalAtRisk).toBe(true);
  });

  it('never queues a second case on a worker who already has one queued', () => {
    const full = newWorker('full', 100, { status: 'busy', queuedIncidentId: 'case-9' });
    expect(recommendWorkers(newCase({ queueAllowed: true }), [full], now).skipped).toMatchObject([{ workerId: 'full', skipped: 'busy' }]);
  });

  it('keeps the queue penalty when a routing server re-ranks', () => {
    const rec = recommendWorkers(newCase({ queueAllowed: true }), [busyNear], now);
    const [v] = rerankWithRoutes(rec, new Map([['busy-near', 90]])).ranked;
    expect(v.etaSeconds).toBe(90 + DEFAULT_DISPATCH_POLICY.travel.foot.startSeconds + DEFAULT_DISPATCH_POLICY.queueSeconds);
  });
});

describe('fairness and rest', () => {
  it('spreads work: of two equally near workers, the one with fewer cases today comes first', () => {
    expect(order([newWorker('tired', 200, { casesToday: 4 }), newWorker('fresh', 210)])).toEqual(['fresh', 'tired']);
  });

  it('lets a worker rest after a long job', () => {
    const r = recommendWorkers(newCase(), [newWorker('resting', 50, { restingUntil: new Date(now.getTime() + 60_000) }), newWorker('ok', 500)], now);
    expect(r.ranked.map((v) => v.workerId)).toEqual(['ok']);
    expect(r.skipped).toMatchObject([{ workerId: 'resting', skipped: 'resting' }]);
  });
});

describe('stale positions', () => {
  it('ranks a worker whose position is old last, and marks it', () => {
    const r = recommendWorkers(newCase(), [newWorker('stale', 50, { positionAt: new Date(now.getTime() - 10 * 60_000) }), newWorker('fresh', 900)], now);
    expect(r.ranked.map((v) => [v.workerId, v.stale])).toEqual([
      ['fresh', false],
      ['stale', true],
    ]);
  });
});

describe('who is skipped, and why', () => {
  it.each<[SkipReason, Partial<DispatchWorker>, Partial<DispatchCase>, string[]]>([
    ['off_duty', { onDuty: false }, {}, []],
    ['busy', { status: 'busy' }, {}, []],
    ['offered', { status: 'offered' }, {}, []],
    ['wrong_team', { team: 'volunteer' }, { teams: ['mediator'] }, []],
    ['no_position', { location: null }, {}, []],
    ['outside_radius', { location: north(9_000) }, {}, []],
    ['declined_recently', {}, {}, ['w']],
  ])('skips a worker for %s', (reason, over, caseOver, excluded) => {
    const r = recommendWorkers(newCase(caseOver), [newWorker('w', 100, over)], now, DEFAULT_DISPATCH_POLICY, new Set(excluded));
    expect(r.ranked).toEqual([]);
    expect(r.skipped[0].skipped).toBe(reason);
  });
});

describe('the 8-minute arrival target', () => {
  it('is at risk when even the best estimate misses it', () => {
    expect(recommendWorkers(newCase(), [newWorker('far', 3_000)], now).arrivalAtRisk).toBe(true);
    expect(recommendWorkers(newCase(), [newWorker('near', 200)], now).arrivalAtRisk).toBe(false);
  });

  it('counts the time already gone since receipt', () => {
    const late = newCase({ receivedAt: new Date(now.getTime() - 400_000) });
    const r = recommendWorkers(late, [newWorker('near', 200)], now);
    expect(r.arrivalBudgetSeconds).toBe(80);
    expect(r.arrivalAtRisk).toBe(true);
  });

  it('is at risk when nobody is eligible', () => {
    expect(recommendWorkers(newCase(), [newWorker('off', 10, { onDuty: false })], now).arrivalAtRisk).toBe(true);
  });
});

describe('recommendation invariants (property)', () => {
  const arbWorker = fc.record({
    metres: fc.option(fc.integer({ min: 0, max: 8_000 }), { nil: null }),
    onDuty: fc.boolean(),
    status: fc.constantFrom<WorkerStatus>('available', 'offered', 'busy'),
    own: fc.boolean(),
    staleMinutes: fc.integer({ min: 0, max: 10 }),
    cases: fc.integer({ min: 0, max: 5 }),
    ebike: fc.boolean(),
  });

  it('judges every worker once, ranks only the eligible, and never puts a stale one before a fresh one', () => {
    fc.assert(
      fc.property(fc.array(arbWorker, { maxLength: 30 }), (specs) => {
        const workers = specs.map((s, i) =>
          newWorker(`w${i}`, s.metres, {
            onDuty: s.onDuty,
            status: s.status,
            gridId: s.own ? 'G1' : 'other',
            positionAt: new Date(now.getTime() - s.staleMinutes * 60_000),
            casesToday: s.cases,
            travelModes: s.ebike ? ['ebike'] : ['foot'],
          }),
        );
        const r = recommendWorkers(newCase(), workers, now);
        const ids = [...r.ranked, ...r.skipped].map((v) => v.workerId).sort();
        const firstStale = r.ranked.findIndex((v) => v.stale);
        return (
          JSON.stringify(ids) === JSON.stringify(workers.map((w) => w.id).sort()) &&
          r.ranked.every((v) => v.skipped === null) &&
          (firstStale === -1 || r.ranked.slice(firstStale).every((v) => v.stale))
        );
      }),
    );
  });
});

describe('routed travel times', () => {
  it('re-ranks with the routing server\'s times: a river between the nearest worker and the site changes the order', () => {
    const rec = recommendWorkers(newCase(), [newWorker('across-river', 200), newWorker('same-bank', 400)], now);
    expect(rec.ranked.map((v) => v.workerId)).toEqual(['across-river', 'same-bank']);
    const routed = rerankWithRoutes(rec, new Map([['across-river', 900], ['same-bank', 350]]));
    expect(routed.ranked.map((v) => [v.workerId, v.etaSeconds, v.routed])).toEqual([
      ['same-bank', 350, true],
      ['across-river', 900, true],
    ]);
  });

  it('keeps the estimate for workers the server did not route, and flags the 8-minute risk anew', () => {
    const rec = recommendWorkers(newCase(), [newWorker('a', 100), newWorker('b', 300)], now);
    const routed = rerankWithRoutes(rec, new Map([['a', 2_000]]));
    expect(routed.ranked.map((v) => v.workerId)).toEqual(['b', 'a']);
    expect(routed.ranked[0].routed).toBeUndefined();
    expect(rerankWithRoutes(rec, new Map([['a', 2_000], ['b', 2_000]])).arrivalAtRisk).toBe(true);
  });
});
