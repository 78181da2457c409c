import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { distanceMeters } from '../geo/coordinates';
import { LiveWorkerIndex, type NearbyWorker } from './worker-index';

const site = { lng: 120.52, lat: 30.29 };
const t0 = new Date('2026-11-21T08:00:00Z');
const later = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
/** A point `north` and `east` metres from `from` (good enough at township scale). */
const near = (north: number, east = 0, from = site) => ({
  lng: ((from.lng + east / (111_195 * Math.cos((from.lat * Math.PI) / 180)) + 540) % 360) - 180,
  lat: from.lat + north / 111_195,
});
// A tiny overlay limit makes the kd-tree rebuild often, so tests cross both the tree and the moved list.
const newIndex = (overlayLimit?: number) => new LiveWorkerIndex(overlayLimit === undefined ? {} : { overlayLimit: () => overlayLimit });
const place = (index: LiveWorkerIndex, id: string, north: number, east = 0, at = t0) => {
  const p = near(north, east);
  index.upsert(id, p.lng, p.lat, at);
};
const ids = (found: NearbyWorker[]) => found.map((w) => w.id);

describe.each([
  ['before any rebuild', undefined],
  ['with the kd-tree rebuilt after every move', 0],
])('live worker index %s', (_, overlayLimit) => {
  it('returns the nearest workers first with their great-circle distances', () => {
    const index = newIndex(overlayLimit);
    place(index, 'far', 900);
    place(index, 'near', 100);
    place(index, 'mid', -400);
    const found = index.nearest(site.lng, site.lat, { maxResults: 2 });
    expect(ids(found)).toEqual(['near', 'mid']);
    expect(found[0].distanceM).toBeCloseTo(distanceMeters(site, near(100)), 6);
  });

  it('moves a worker when it reports a newer fix', () => {
    const index = newIndex(overlayLimit);
    place(index, 'a', 100);
    place(index, 'b', 300);
    place(index, 'a', 500, 0, later(5));
    expect(ids(index.nearest(site.lng, site.lat, { maxResults: 2 }))).toEqual(['b', 'a']);
    expect(index.position('a')).toEqual({ ...near(500), at: later(5) });
    expect(index.size).toBe(2);
  });

  it('keeps the newer time when a worker reports the same spot again', () => {
    const index = newIndex(overlayLimit);
    place(index, 'a', 100);
    place(index, 'a', 100, 0, later(5));
    expect(index.position('a')).toEqual({ ...near(100), at: later(5) });
    expect(ids(index.nearest(site.lng, site.lat, { maxResults: 5 }))).toEqual(['a']);
  });

  it('ignores a fix older than the one it holds', () => {
    const index = newIndex(overlayLimit);
    place(index, 'a', 500, 0, later(10));
    place(index, 'a', 100, 0, later(5));
    expect(index.position('a')).toEqual({ ...near(500), at: later(10) });
  });

  it('forgets a removed worker, and a newcomer in its place does not inherit its position', () => {
    const index = newIndex(overlayLimit);
    place(index, 'gone', 50);
    place(index, 'stays', 400);
    index.remove('gone');
    place(index, 'newcomer', 2_000);
    expect(index.position('gone')).toBeNull();
    expect(index.size).toBe(2);
    expect(ids(index.nearest(site.lng, site.lat, { maxResults: 5 }))).toEqual(['stays', 'newcomer']);
    index.remove('not-there');
    expect(index.size).toBe(2);
  });

  it('finds a worker where it last reported after another worker left', () => {
    const index = newIndex(overlayLimit);
    place(index, 'leaves', 100);
    place(index, 'moves', 200);
    index.remove('leaves');
    place(index, 'moves', 3_000, 0, later(5));
    place(index, 'arrives', 1_000, 0, later(6));
    const found = index.nearest(site.lng, site.lat, { maxResults: 5 });
    expect(ids(found)).toEqual(['arrives', 'moves']);
    expect(found[1].distanceM).toBeCloseTo(distanceMeters(site, near(3_000)), 6);
  });

  it('keeps only workers within maxDistanceM', () => {
    const index = newIndex(overlayLimit);
    place(index, 'inside', 0, 999);
    place(index, 'outside', 0, 1_001);
    expect(ids(index.nearest(site.lng, site.lat, { maxResults: 10, maxDistanceM: 1_000 }))).toEqual(['inside']);
  });

  it('skips workers the filter rejects', () => {
    const index = newIndex(overlayLimit);
    place(index, 'busy', 10);
    place(index, 'free', 20);
    place(index, 'also-free', 30);
    const found = index.nearest(site.lng, site.lat, { maxResults: 1, filter: (id) => id !== 'busy' });
    expect(ids(found)).toEqual(['free']);
  });

  it('breaks distance ties by id', () => {
    const index = newIndex(overlayLimit);
    place(index, 'b', 100);
    place(index, 'a', 100);
    expect(ids(index.nearest(site.lng, site.lat, { maxResults: 2 }))).toEqual(['a', 'b']);
  });
});

describe('live worker index input', () => {
  it('answers an empty township with no one', () => {
    expect(newIndex().nearest(site.lng, site.lat, { maxResults: 20 })).toEqual([]);
  });

  it('rejects coordinates that are not WGS-84 degrees', () => {
    const index = newIndex();
    expect(() => index.upsert('a', 200, 30, t0)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => index.upsert('a', Number.NaN, 30, t0)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => index.nearest(120, 91, { maxResults: 1 })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(index.size).toBe(0);
  });

  it('rejects a fix without a valid time', () => {
    expect(() => newIndex().upsert('a', site.lng, site.lat, new Date(Number.NaN))).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });

  it('rejects a result count that is negative or fractional', () => {
    expect(() => newIndex().nearest(site.lng, site.lat, { maxResults: -1 })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => newIndex().nearest(site.lng, site.lat, { maxResults: 2.5 })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});

describe('live worker index against a brute-force scan', () => {
  type Op = { kind: 'upsert'; id: number; north: number; east: number } | { kind: 'remove'; id: number };
  // Few ids and a coarse grid, so moves, removals, reused slots and exact ties all happen.
  const arbOp: fc.Arbitrary<Op> = fc.oneof(
    { weight: 5, arbitrary: fc.record({ kind: fc.constant('upsert' as const), id: fc.nat(40), north: fc.integer({ min: -30, max: 30 }), east: fc.integer({ min: -30, max: 30 }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('remove' as const), id: fc.nat(40) }) },
  );
  const arbQuery = fc.record({
    north: fc.integer({ min: -40, max: 40 }),
    east: fc.integer({ min: -40, max: 40 }),
    // Up to more than the pool holds, so some queries see every worker.
    maxResults: fc.integer({ min: 1, max: 50 }),
    maxDistanceM: fc.option(fc.integer({ min: 100, max: 5_000 }), { nil: undefined }),
    busyEvery: fc.integer({ min: 0, max: 3 }),
  });

  // Hezhuang, the far north of Heilongjiang, and astride the antimeridian in the south.
  const arbOrigin = fc.constantFrom(site, { lng: 122.5, lat: 53.3 }, { lng: 179.99, lat: -16.5 });

  it('finds the same distances as scanning every worker, after any moves and removals', () => {
    fc.assert(
      fc.property(fc.array(arbOp, { maxLength: 200 }), fc.array(arbQuery, { minLength: 1, maxLength: 5 }), fc.integer({ min: 0, max: 20 }), arbOrigin, (ops, queries, overlayLimit, origin) => {
        const index = newIndex(overlayLimit);
        const truth = new Map<string, { lng: number; lat: number }>();
        ops.forEach((op, step) => {
          const id = `w${op.id}`;
          if (op.kind === 'remove') {
            index.remove(id);
            truth.delete(id);
            return;
          }
          const p = near(op.north * 100, op.east * 100, origin);
          index.upsert(id, p.lng, p.lat, later(step));
          truth.set(id, p);
        });
        expect(index.size).toBe(truth.size);
        for (const [id, p] of truth) expect(index.position(id)).toMatchObject(p);

        for (const q of queries) {
          const at = near(q.north * 100, q.east * 100, origin);
          // Every busyEvery-th worker is busy, so the filter bites on both the tree and the moved list.
          const filter = (id: string) => q.busyEvery === 0 || Number(id.slice(1)) % q.busyEvery !== 0;
          const found = index.nearest(at.lng, at.lat, { maxResults: q.maxResults, maxDistanceM: q.maxDistanceM, filter });
          const expected = [...truth]
            .filter(([id]) => filter(id))
            .map(([id, p]) => ({ id, distanceM: distanceMeters(at, p) }))
            .filter((w) => w.distanceM <= (q.maxDistanceM ?? Infinity))
            .sort((a, b) => a.distanceM - b.distanceM)
            .slice(0, q.maxResults);

          // Distances, not ids: of workers tied at the cut-off, either may be kept.
          expect(found).toHaveLength(expected.length);
          found.forEach((w, i) => expect(w.distanceM).toBeCloseTo(expected[i].distanceM, 6));
          for (const w of found) {
            expect(filter(w.id)).toBe(true);
            expect(w.distanceM).toBeCloseTo(distanceMeters(at, truth.get(w.id) ?? { lng: 0, lat: 0 }), 6);
          }
          expect(new Set(ids(found)).size).toBe(found.length);
          expect(found.every((w, i) => i === 0 || found[i - 1].distanceM <= w.distanceM)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('live worker index over a crowded township', () => {
  it('matches a brute-force scan with thousands of workers on the move', () => {
    const random = fc.sample(fc.tuple(fc.integer({ min: -3_000, max: 3_000 }), fc.integer({ min: -3_000, max: 3_000 })), { numRuns: 6_000, seed: 7 });
    const index = newIndex();
    const truth = new Map<string, { lng: number; lat: number }>();
    random.forEach(([north, east], step) => {
      // The first 3,000 arrive; the rest move someone already there.
      const id = `w${step % 3_000}`;
      const p = near(north, east);
      index.upsert(id, p.lng, p.lat, later(step));
      truth.set(id, p);
    });
    for (const [north, east] of random.slice(0, 50)) {
      const at = near(east, north);
      const found = index.nearest(at.lng, at.lat, { maxResults: 20, maxDistanceM: 5_000 });
      const expected = [...truth.values()]
        .map((p) => distanceMeters(at, p))
        .filter((d) => d <= 5_000)
        .sort((a, b) => a - b)
        .slice(0, 20);
      expect(found.map((w) => w.distanceM)).toHaveLength(expected.length);
      found.forEach((w, i) => expect(w.distanceM).toBeCloseTo(expected[i], 6));
    }
  });
});
