/**
 * Estimated time of arrival without a routing server: the straight line times a detour factor
 * (streets are not straight), at a typical speed for the worker's travel mode.
 */
import type { TravelMode } from '@xiaonao/contracts';

export interface TravelProfile {
  speedMps: number;
  /** Road distance ÷ straight-line distance; 1.3–1.4 is typical of town streets. */
  detourFactor: number;
  /** Time to get going (unlock the e-bike, walk to the car). */
  startSeconds: number;
}

export const DEFAULT_TRAVEL: Record<TravelMode, TravelProfile> = {
  foot: { speedMps: 1.3, detourFactor: 1.3, startSeconds: 0 },
  ebike: { speedMps: 5, detourFactor: 1.35, startSeconds: 30 },
  car: { speedMps: 8, detourFactor: 1.4, startSeconds: 60 },
};

export function estimateTravelSeconds(distanceM: number, mode: TravelMode, profiles: Record<TravelMode, TravelProfile> = DEFAULT_TRAVEL): number {
  const p = profiles[mode];
  return p.startSeconds + (distanceM * p.detourFactor) / p.speedMps;
}

/** A worker's fastest way there: walking for short hops even if they own an e-bike. */
export function fastestTravel(distanceM: number, modes: readonly TravelMode[], profiles: Record<TravelMode, TravelProfile> = DEFAULT_TRAVEL): { mode: TravelMode; seconds: number } {
  let best: { mode: TravelMode; seconds: number } = { mode: 'foot', seconds: estimateTravelSeconds(distanceM, 'foot', profiles) };
  for (const mode of modes) {
    const seconds = estimateTravelSeconds(distanceM, mode, profiles);
    if (seconds < best.seconds) best = { mode, seconds };
  }
  return best;
}
