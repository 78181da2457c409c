/**
 * A worker who taps 「已到场」 says they are on site; their last fix says how far they were. A tap far
 * from the site, or with no recent fix to judge by, is recorded as it is and flagged for the operator
 * to look at — never refused, since GPS fails indoors and a refused arrival would stop the case.
 */
import type { LngLat } from '@xiaonao/contracts';
import { distanceMeters } from '../geo/coordinates';

export interface ManualArrivalPolicy {
  /** Further than this from the site, a manual arrival is flagged. */
  flagDistanceM: number;
  /** A fix older than this says nothing about where the worker is now. */
  maxFixAgeSeconds: number;
}

export const DEFAULT_MANUAL_ARRIVAL_POLICY: ManualArrivalPolicy = { flagDistanceM: 300, maxFixAgeSeconds: 120 };

export interface ArrivalJudgement {
  /** Metres from the worker's fix to the site, rounded; null when there was no recent fix. */
  distanceM: number | null;
  flagged: boolean;
  /** Why it is flagged: too far, or no fix to judge by. */
  flag: 'far' | 'no_fix' | null;
}

export function judgeManualArrival(site: LngLat, fix: { location: LngLat; at: Date } | null, now: Date, policy: ManualArrivalPolicy = DEFAULT_MANUAL_ARRIVAL_POLICY): ArrivalJudgement {
  if (!fix || now.getTime() - fix.at.getTime() > policy.maxFixAgeSeconds * 1000) return { distanceM: null, flagged: true, flag: 'no_fix' };
  const distanceM = Math.round(distanceMeters(fix.location, site));
  const far = distanceM > policy.flagDistanceM;
  return { distanceM, flagged: far, flag: far ? 'far' : null };
}
