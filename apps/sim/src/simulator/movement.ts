/** How simulated workers move: pure steps over plain points, time and randomness passed in. */
import type { LngLat, PolygonCoordinates } from '@xiaonao/contracts';
import { isStrictlyInPolygon, metresApart, metresBetween, offsetByMetres } from '../township/geo';
import type { Random } from '../township/random';

export type TravelMode = 'walking' | 'ebike';

/** Grid workers walk to a case round the corner and take the e-bike (电瓶车) to anything further. */
export function travelMode(distanceM: number, ebikeBeyondM: number): TravelMode {
  return distanceM > ebikeBeyondM ? 'ebike' : 'walking';
}

/** At most `maxM` metres along the straight line to `to`; lands exactly on it when close enough. */
export function stepToward(from: LngLat, to: LngLat, maxM: number): { position: LngLat; remainingM: number } {
  const distance = metresBetween(from, to);
  if (distance <= maxM) return { position: { lng: to.lng, lat: to.lat }, remainingM: 0 };
  const { east, north } = metresApart(from, to);
  const share = maxM / distance;
  return { position: offsetByMetres(from, east * share, north * share), remainingM: distance - maxM };
}

/** Where an idle worker patrols: inside its grid, or within a radius of home for township-wide teams. */
export interface PatrolArea {
  polygon: PolygonCoordinates | null;
  /** A point well inside the area, to head back to after a case took the worker elsewhere. */
  home: LngLat;
  /** Used when there is no polygon. */
  radiusM: number;
}

export interface Walker {
  position: LngLat;
  /** Radians clockwise from north; kept between steps so the walk looks like a patrol, not a jitter. */
  headingRad: number;
}

export function isInPatrolArea(p: LngLat, area: PatrolArea): boolean {
  return area.polygon ? isStrictlyInPolygon(p, area.polygon) : metresBetween(p, area.home) <= area.radiusM;
}

const HEADING_DRIFT_RAD = 0.6;
const RETRIES_AT_EDGE = 8;

/**
 * One patrol step of `metres`: keep roughly the same heading, turn away from the area's edge, and walk
 * back home when outside the area (after a case in another grid).
 */
export function patrolStep(walker: Walker, area: PatrolArea, metres: number, random: Random): Walker {
  if (!isInPatrolArea(walker.position, area)) {
    const { east, north } = metresApart(walker.position, area.home);
    return { position: stepToward(walker.position, area.home, metres).position, headingRad: Math.atan2(east, north) };
  }
  let heading = walker.headingRad + random.between(-HEADING_DRIFT_RAD, HEADING_DRIFT_RAD);
  for (let attempt = 0; attempt <= RETRIES_AT_EDGE; attempt++) {
    const candidate = offsetByMetres(walker.position, metres * Math.sin(heading), metres * Math.cos(heading));
    if (isInPatrolArea(candidate, area)) return { position: candidate, headingRad: heading };
    heading = random.between(0, 2 * Math.PI);
  }
  return { position: walker.position, headingRad: heading };
}

/**
 * A reported fix: the true position plus Gaussian error whose root-mean-square distance is `noiseM`,
 * as phone GPS drifts in town.
 */
export function withGpsNoise(p: LngLat, noiseM: number, random: Random): LngLat {
  if (noiseM <= 0) return { lng: p.lng, lat: p.lat };
  const sigma = noiseM / Math.SQRT2;
  // Box–Muller; 1 - next() keeps the logarithm away from zero.
  const radius = Math.sqrt(-2 * Math.log(1 - random.next()));
  const angle = 2 * Math.PI * random.next();
  return offsetByMetres(p, sigma * radius * Math.cos(angle), sigma * radius * Math.sin(angle));
}
