import fc from 'fast-check';
import type { PolygonCoordinates } from '@xiaonao/contracts';
import { describe, expect, it } from 'vitest';
import { isStrictlyInPolygon, metresBetween, offsetByMetres } from '../township/geo';
import { createRandom } from '../township/random';
import { patrolStep, stepToward, travelMode, withGpsNoise, type PatrolArea } from './movement';

const origin = { lng: 120.53, lat: 30.29 };
/** A 400 m square grid with its south-west corner at the origin. */
const square: PolygonCoordinates = [
  [origin, offsetByMetres(origin, 400, 0), offsetByMetres(origin, 400, 400), offsetByMetres(origin, 0, 400), origin].map(
    (p): [number, number] => [p.lng, p.lat],
  ),
];
const centre = offsetByMetres(origin, 200, 200);

describe('stepping towards a case', () => {
  it('covers exactly the allowed distance along the line while far away', () => {
    const target = offsetByMetres(origin, 300, 400);
    const { position, remainingM } = stepToward(origin, target, 100);
    expect(metresBetween(origin, position)).toBeCloseTo(100, 0);
    expect(remainingM).toBeCloseTo(400, 0);
    expect(metresBetween(position, target)).toBeCloseTo(400, 0);
  });

  it('lands on the target instead of overshooting it', () => {
    const target = offsetByMetres(origin, 30, 0);
    expect(stepToward(origin, target, 100)).toEqual({ position: target, remainingM: 0 });
  });

  it('never gets further from the target, whatever the step', () => {
    fc.assert(
      fc.property(fc.double({ min: -3000, max: 3000, noNaN: true }), fc.double({ min: -3000, max: 3000, noNaN: true }), fc.double({ min: 0, max: 500, noNaN: true }), (east, north, step) => {
        const target = offsetByMetres(origin, east, north);
        const before = metresBetween(origin, target);
        const { position } = stepToward(origin, target, step);
        return metresBetween(position, target) <= before + 1e-6;
      }),
    );
  });
});

describe('choosing how to travel', () => {
  it('walks round the corner and rides an e-bike further', () => {
    expect(travelMode(250, 300)).toBe('walking');
    expect(travelMode(1200, 300)).toBe('ebike');
  });
});

describe('patrolling a grid', () => {
  const area: PatrolArea = { polygon: square, home: centre, radiusM: 600 };

  it('never leaves the grid, however long the walk', () => {
    fc.assert(
      fc.property(fc.integer(), fc.double({ min: 1, max: 60, noNaN: true }), (seed, metres) => {
        const random = createRandom(seed);
        let walker = { position: centre, headingRad: 0 };
        for (let k = 0; k < 200; k++) {
          walker = patrolStep(walker, area, metres, random);
          if (!isStrictlyInPolygon(walker.position, square)) return false;
        }
        return true;
      }),
      { numRuns: 50 },
    );
  });

  it('moves by the step length while inside', () => {
    const next = patrolStep({ position: centre, headingRad: 1 }, area, 10, createRandom(1));
    expect(metresBetween(centre, next.position)).toBeCloseTo(10, 1);
  });

  it('heads home after a case left the worker outside its grid', () => {
    const outside = offsetByMetres(origin, 1000, 200);
    const next = patrolStep({ position: outside, headingRad: 0 }, area, 50, createRandom(1));
    expect(metresBetween(next.position, centre)).toBeCloseTo(metresBetween(outside, centre) - 50, 0);
  });

  it('keeps township-wide teams within their radius of home', () => {
    const roaming: PatrolArea = { polygon: null, home: centre, radiusM: 100 };
    const random = createRandom(9);
    let walker = { position: centre, headingRad: 0 };
    for (let k = 0; k < 500; k++) {
      walker = patrolStep(walker, roaming, 20, random);
      expect(metresBetween(walker.position, centre)).toBeLessThanOrEqual(100);
    }
  });
});

describe('GPS noise', () => {
  it('scatters fixes with about the configured root-mean-square error', () => {
    const random = createRandom(4);
    const errors = Array.from({ length: 4_000 }, () => metresBetween(centre, withGpsNoise(centre, 8, random)));
    const rms = Math.sqrt(errors.reduce((s, e) => s + e * e, 0) / errors.length);
    expect(rms).toBeGreaterThan(7.5);
    expect(rms).toBeLessThan(8.5);
  });

  it('reports the true position when noise is off', () => {
    expect(withGpsNoise(centre, 0, createRandom(1))).toEqual(centre);
  });
});
