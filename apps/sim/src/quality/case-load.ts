/**
 * A simulated day of non-police cases for the demo township: when they come, where, and which teams
 * may take them. Arrivals are Poisson with a rate that follows the hour of the Shanghai day. Pure and
 * repeatable: the same seed gives the same day, whichever dispatch policy then serves it.
 *
 * Normal load is 40 cases a day: the brief gives a township 5–50, and Hezhuang handled 700+ non-police
 * cases in six months (about 4 a day) before the system took all 110 transfers; 40 is a busy township.
 * Three times normal, 120 a day, is the stress case.
 */
import type { Category, LngLat, Team, TownshipSeed } from '@xiaonao/contracts';
import { demoCaseGenerator } from '../township/case-templates';
import { createRandom, type Random } from '../township/random';

export const NORMAL_CASES_PER_DAY = 40;
export const TRIPLE_CASES_PER_DAY = 3 * NORMAL_CASES_PER_DAY;

/**
 * Relative rate by hour, 00–23 Shanghai time. Quiet before dawn; disputes and blocked lanes by day;
 * the evening peak is noise (square dancing, late renovation, night-snack stalls) and family quarrels.
 */
export const HOURLY_SHAPE: readonly number[] = [
  1.0, 0.6, 0.4, 0.3, 0.3, 0.5, 1.0, 2.0, 3.0, 4.0, 4.5, 4.5, 4.0, 4.0, 4.5, 4.5, 4.5, 4.5, 5.0, 5.5, 5.5, 5.0, 3.5, 2.0,
];

/** Midnight, Shanghai time, of the simulated day (a Monday); only the hour of day matters. */
export const SIMULATED_DAY = new Date('2026-03-02T00:00:00+08:00');

export interface SimCase {
  id: string;
  /** Seconds after midnight of the simulated day. */
  receivedAtS: number;
  location: LngLat;
  gridId: string;
  category: Category;
  /** From the township's responsibility table; empty means any team. */
  teams: readonly Team[];
}

/** A Poisson draw by inversion; the hourly means here are small (under 15). */
function poisson(mean: number, random: Random): number {
  const limit = Math.exp(-mean);
  let k = 0;
  let product = random.next();
  while (product > limit) {
    k += 1;
    product *= random.next();
  }
  return k;
}

export function teamsFor(township: Pick<TownshipSeed, 'responsibilities'>, category: Category): readonly Team[] {
  return township.responsibilities?.find((r) => r.category === category)?.teams ?? [];
}

/** The day's cases in order of arrival. */
export function simulatedDay(
  township: Pick<TownshipSeed, 'grids' | 'stations' | 'responsibilities'>,
  casesPerDay: number,
  seed: number,
  shape: readonly number[] = HOURLY_SHAPE,
): SimCase[] {
  if (shape.length !== 24) throw new Error(`simulatedDay: the hourly shape needs 24 values, got ${shape.length}`);
  const total = shape.reduce((sum, w) => sum + w, 0);
  // Separate streams: the arrival times do not shift when the case material changes.
  const timing = createRandom(seed);
  const times: number[] = [];
  shape.forEach((weight, hour) => {
    const count = poisson((casesPerDay * weight) / total, timing);
    for (let k = 0; k < count; k++) times.push(hour * 3600 + timing.between(0, 3600));
  });
  times.sort((a, b) => a - b);
  const material = demoCaseGenerator(township, createRandom(seed ^ 0x2c1b3c6d));
  return times.map((receivedAtS, index) => {
    const { request, gridCode } = material.next(new Date(SIMULATED_DAY.getTime() + receivedAtS * 1000));
    return {
      id: `C${String(index + 1).padStart(3, '0')}`,
      receivedAtS,
      location: request.location,
      gridId: gridCode,
      category: request.category,
      teams: teamsFor(township, request.category),
    };
  });
}
