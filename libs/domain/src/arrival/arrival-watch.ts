/**
 * Automatic arrival: the holder of a contacted case has arrived when their positions put them inside
 * a radius of the site for a few consecutive fixes. One fix is not enough (a GPS jump, a drive past);
 * a fix outside starts the count again.
 */
import type { LngLat } from '@xiaonao/contracts';
import { distanceMeters } from '../geo/coordinates';

export interface ArrivalPolicy {
  /** Metres from the site that count as there. */
  radiusM: number;
  /** Consecutive fixes inside the radius that make an arrival. */
  fixes: number;
}

export const DEFAULT_ARRIVAL_POLICY: ArrivalPolicy = { radiusM: 100, fixes: 2 };

export interface WatchedFix {
  location: LngLat;
  at: Date;
}

export interface ArrivalObservation {
  /** Straight-line metres from this fix to the site, rounded. */
  distanceM: number;
  inside: boolean;
  /** Consecutive fixes inside so far, this one included. */
  streak: number;
  /** The streak is long enough: the worker is on site. Stays true for later fixes inside. */
  arrived: boolean;
  /** A fix no newer than the last one (a resend): ignored, the count unchanged. */
  ignored: boolean;
}

/** Plain state for one worker and one site; the hub keeps one per watched worker. */
export class ArrivalWatch {
  private streak = 0;
  private lastAt: number | null = null;

  constructor(
    readonly site: LngLat,
    private readonly policy: ArrivalPolicy = DEFAULT_ARRIVAL_POLICY,
  ) {}

  observe(fix: WatchedFix): ArrivalObservation {
    const distanceM = Math.round(distanceMeters(fix.location, this.site));
    const inside = distanceM <= this.policy.radiusM;
    const at = fix.at.getTime();
    const ignored = this.lastAt !== null && at <= this.lastAt;
    if (!ignored) {
      this.lastAt = at;
      this.streak = inside ? this.streak + 1 : 0;
    }
    return { distanceM, inside, streak: this.streak, arrived: this.streak >= this.policy.fixes, ignored };
  }
}
