import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PendingFixes, type PendingFix } from './pending-fixes';

const T0 = Date.parse('2026-12-03T08:00:00Z');

/** A fix of `worker` `seconds` after T0. */
const fixOf = (worker: number, seconds: number): PendingFix => ({
  townshipId: 't1',
  workerId: `w${worker}`,
  lng: 120.5 + worker * 0.001,
  lat: 30.28 + seconds * 0.00001,
  at: new Date(T0 + seconds * 1000),
  accuracyM: null,
});

const secondsOf = (fixes: PendingFix[]) => fixes.map((f) => `${f.workerId}@${(f.at.getTime() - T0) / 1000}`);

describe('PendingFixes while the database keeps up', () => {
  it('keeps every point in arrival order, and the newest per worker for the latest position', () => {
    const pending = new PendingFixes(100);
    for (const [worker, seconds] of [[1, 0], [2, 0], [1, 5], [1, 3]]) pending.add(fixOf(worker, seconds));
    expect(pending.size).toBe(4);
    const batch = pending.take();
    expect(secondsOf(batch?.track ?? [])).toEqual(['w1@0', 'w2@0', 'w1@5', 'w1@3']);
    // A phone resending an older fix after a reconnect adds track, not a step back.
    expect(secondsOf(batch?.newest ?? []).sort()).toEqual(['w1@5', 'w2@0']);
  });

  it('is empty after take(), and take() of nothing is null', () => {
    const pending = new PendingFixes(10);
    expect(pending.take()).toBeNull();
    pending.add(fixOf(1, 0));
    expect(pending.take()).not.toBeNull();
    expect(pending.size).toBe(0);
    expect(pending.take()).toBeNull();
  });
});

describe('PendingFixes when the database falls behind', () => {
  it('replaces a worker’s unwritten point with a newer one once the bound is reached, and drops an older one', () => {
    const pending = new PendingFixes(3);
    for (const [worker, seconds] of [[1, 0], [2, 0], [3, 0], [1, 5], [2, 1], [2, 0.5], [4, 0]]) pending.add(fixOf(worker, seconds));
    const batch = pending.take();
    // w4 had nothing waiting: its point is added beyond the bound, so everyone's newest position stays.
    expect(secondsOf(batch?.track ?? [])).toEqual(['w1@5', 'w2@1', 'w3@0', 'w4@0']);
    expect(secondsOf(batch?.newest ?? []).sort()).toEqual(['w1@5', 'w2@1', 'w3@0', 'w4@0']);
  });

  it('never holds more than the bound plus one point per worker, and always the newest fix of each', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.array(fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 1000 })), { maxLength: 300 }), (bound, arrivals) => {
        const pending = new PendingFixes(bound);
        const newest = new Map<string, number>();
        for (const [worker, seconds] of arrivals) {
          pending.add(fixOf(worker, seconds));
          newest.set(`w${worker}`, Math.max(newest.get(`w${worker}`) ?? -1, seconds));
          expect(pending.size).toBeLessThanOrEqual(bound + newest.size);
        }
        const batch = pending.take();
        const expected = [...newest].map(([w, s]) => `${w}@${s}`).sort();
        expect(secondsOf(batch?.newest ?? []).sort()).toEqual(expected);
        // The newest fix of each worker is among the track points written.
        for (const point of expected) expect(secondsOf(batch?.track ?? [])).toContain(point);
      }),
    );
  });

  it('puts a batch that could not be written back in front of what came since', () => {
    const pending = new PendingFixes(100);
    pending.add(fixOf(1, 0));
    pending.add(fixOf(2, 0));
    const failed = pending.take();
    pending.add(fixOf(1, 5));
    if (failed) pending.putBack(failed);
    const batch = pending.take();
    expect(secondsOf(batch?.track ?? [])).toEqual(['w1@0', 'w2@0', 'w1@5']);
    expect(secondsOf(batch?.newest ?? []).sort()).toEqual(['w1@5', 'w2@0']);
  });
});
