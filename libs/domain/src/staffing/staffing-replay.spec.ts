import { describe, expect, it } from 'vitest';
import type { LngLat } from '@xiaonao/contracts';
import type { StaffingCase } from './staffing-replay';
import { beijingHour, replayStaffing, replayStageTimes } from './staffing-replay';

const CENTRE: LngLat = { lng: 120, lat: 30 };
/** Beijing wall time on a fixed day (the fake clock: the cases carry their own times). */
const at = (hh: number, mm: number, ss = 0) => new Date(Date.UTC(2026, 10, 2, hh - 8, mm, ss));
const flat = (k: number) => Array.from({ length: 24 }, () => k);

/** A seeded generator (mulberry32), so the property cases are the same on every run. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomCases(random: () => number, n: number): StaffingCase[] {
  return Array.from({ length: n }, () => ({
    receivedAt: new Date(at(0, 0).getTime() + Math.floor(random() * 3 * 86_400_000)),
    point: { lng: CENTRE.lng + (random() - 0.5) * 0.06, lat: CENTRE.lat + (random() - 0.5) * 0.04 },
    category: 'noise',
  }));
}

describe('staffing replay', () => {
  it('a known small case set gives known rates', () => {
    const cases: StaffingCase[] = [
      { receivedAt: at(10, 0), point: CENTRE, category: 'noise' }, // free worker on the spot: all three in time
      { receivedAt: at(10, 5), point: CENTRE, category: 'noise' }, // the only worker is on site 20 min: all three late
      { receivedAt: at(20, 0), point: CENTRE, category: 'dispute' }, // nobody on duty at 20:00
    ];
    const plan = flat(1);
    plan[20] = 0;
    const times = replayStageTimes({ cases, plan, starts: [CENTRE] });
    expect(times[0]).toEqual({ acceptS: 15, contactS: 45, arriveS: 45 });
    expect(times[1].acceptS).toBe(45 + 20 * 60 - 5 * 60 + 15);
    expect(times[2]).toEqual({ acceptS: null, contactS: null, arriveS: null });
    const out = replayStaffing({ cases, plan, starts: [CENTRE] });
    expect(out.overall).toMatchObject({ cases: 3, acceptInTime: 1, contactInTime: 1, arriveInTime: 1 });
    expect(out.overall.all138).toBeCloseTo(1 / 3);
    expect(out.byHour[10]).toMatchObject({ cases: 2, accept: 0.5, arrive: 0.5 });
    expect(out.byHour[20]).toMatchObject({ cases: 1, accept: 0, contact: 0, arrive: 0, all138: 0 });
    expect(out.byHour[3]).toMatchObject({ cases: 0, accept: null });
  });

  it('travel distance decides arrival: 2 km by e-bike misses 8 minutes, 1 km makes it', () => {
    const east = (m: number): LngLat => ({ lng: CENTRE.lng + m / (111_320 * Math.cos((CENTRE.lat * Math.PI) / 180)), lat: CENTRE.lat });
    const near = replayStageTimes({ cases: [{ receivedAt: at(9, 0), point: east(1000), category: 'x' }], plan: flat(1), starts: [CENTRE] })[0];
    const far = replayStageTimes({ cases: [{ receivedAt: at(9, 0), point: east(3000), category: 'x' }], plan: flat(1), starts: [CENTRE] })[0];
    expect(near.arriveS).toBeGreaterThan(15 + 30 + 1000 * 1.35 / 5 - 5);
    expect(near.arriveS).toBeLessThan(480);
    expect(far.arriveS).toBeGreaterThan(480);
  });

  it('zero workers in an hour breaches that hour, and only that hour', () => {
    const cases = randomCases(seeded(7), 300);
    const plan = flat(50);
    plan[19] = 0;
    const out = replayStaffing({ cases, plan, starts: [CENTRE] });
    expect(out.byHour[19].cases).toBeGreaterThan(0);
    expect(out.byHour[19]).toMatchObject({ accept: 0, contact: 0, arrive: 0, all138: 0 });
    expect(out.byHour[18].accept).toBe(1);
  });

  it('more workers never lower the rates on the same cases', () => {
    const random = seeded(42);
    for (let round = 0; round < 30; round++) {
      const cases = randomCases(random, 200);
      const starts = Array.from({ length: 4 }, () => ({ lng: CENTRE.lng + (random() - 0.5) * 0.05, lat: CENTRE.lat + (random() - 0.5) * 0.03 }));
      const plan = Array.from({ length: 24 }, () => Math.floor(random() * 4));
      let before = replayStaffing({ cases, plan, starts });
      for (let extra = 1; extra <= 4; extra++) {
        const after = replayStaffing({ cases, plan: plan.map((k) => k + extra), starts });
        for (const key of ['acceptInTime', 'contactInTime', 'arriveInTime'] as const) {
          expect(after.overall[key]).toBeGreaterThanOrEqual(before.overall[key]);
        }
        before = after;
      }
    }
  });

  it('is deterministic and reads hours in Beijing time', () => {
    const cases = randomCases(seeded(3), 100);
    expect(replayStaffing({ cases, plan: flat(2), starts: [CENTRE] })).toEqual(replayStaffing({ cases, plan: flat(2), starts: [CENTRE] }));
    expect(beijingHour(new Date('2026-11-02T10:30:00Z'))).toBe(18);
  });
});
