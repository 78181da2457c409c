import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LngLat } from '@xiaonao/contracts';
import { distanceMeters } from '../geo/coordinates';
import { ArrivalWatch } from './arrival-watch';

const site: LngLat = { lng: 120.501, lat: 30.285 };
/** A point `m` metres north of the site (0.001° of latitude ≈ 111 m). */
const north = (m: number): LngLat => ({ lng: site.lng, lat: site.lat + m / 111_195 });
const t0 = Date.parse('2026-11-21T01:30:00Z');
const at = (s: number) => new Date(t0 + s * 1000);

describe('automatic arrival from the holder’s positions', () => {
  it('does not arrive on one fix inside the radius, and arrives on the second', () => {
    const watch = new ArrivalWatch(site);
    const first = watch.observe({ location: north(40), at: at(0) });
    expect(first).toMatchObject({ inside: true, streak: 1, arrived: false });
    const second = watch.observe({ location: north(30), at: at(15) });
    expect(second).toMatchObject({ inside: true, streak: 2, arrived: true });
    expect(second.distanceM).toBe(30);
  });

  it('starts the count again after a fix outside', () => {
    const watch = new ArrivalWatch(site);
    watch.observe({ location: north(50), at: at(0) });
    expect(watch.observe({ location: north(250), at: at(10) })).toMatchObject({ inside: false, streak: 0, arrived: false });
    expect(watch.observe({ location: north(50), at: at(20) }).arrived).toBe(false);
    expect(watch.observe({ location: north(20), at: at(30) }).arrived).toBe(true);
  });

  it('counts a fix right on the radius as inside, and one just beyond as outside', () => {
    const watch = new ArrivalWatch(site, { radiusM: 100, fixes: 1 });
    expect(watch.observe({ location: north(100), at: at(0) }).inside).toBe(true);
    expect(watch.observe({ location: north(102), at: at(1) }).inside).toBe(false);
  });

  it('does not count a resent fix (no newer than the last) twice', () => {
    const watch = new ArrivalWatch(site);
    watch.observe({ location: north(10), at: at(5) });
    expect(watch.observe({ location: north(10), at: at(5) })).toMatchObject({ ignored: true, streak: 1, arrived: false });
    expect(watch.observe({ location: north(10), at: at(3) })).toMatchObject({ ignored: true, arrived: false });
  });

  it('follows the configured radius and number of fixes', () => {
    const watch = new ArrivalWatch(site, { radiusM: 30, fixes: 3 });
    expect(watch.observe({ location: north(50), at: at(0) }).inside).toBe(false);
    watch.observe({ location: north(20), at: at(1) });
    expect(watch.observe({ location: north(20), at: at(2) }).arrived).toBe(false);
    expect(watch.observe({ location: north(20), at: at(3) }).arrived).toBe(true);
  });

  it('has arrived exactly when the last N fixes were all inside (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 25 }), fc.integer({ min: 1, max: 4 }), (metres, fixes) => {
        const watch = new ArrivalWatch(site, { radiusM: 100, fixes });
        const seen = metres.map((m, i) => watch.observe({ location: north(m), at: at(i) }));
        const tail = metres.slice(-fixes).map((m) => distanceMeters(north(m), site));
        const expected = tail.length === fixes && tail.every((d) => Math.round(d) <= 100);
        expect(seen[seen.length - 1].arrived).toBe(expected);
      }),
    );
  });
});
