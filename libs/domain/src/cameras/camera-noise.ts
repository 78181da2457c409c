/**
 * Noisy cameras (误报较多): a camera whose cases operators keep dismissing needs its analysis tuned or
 * its view cleaned. Judged on its record, not on a single bad day: a few dismissals out of many cases
 * are normal, so both a minimum count and a share must be reached.
 */
export interface NoiseRule {
  /** Fewer dismissals than this never make a camera noisy. */
  minDismissals: number;
  /** Share of its cases dismissed, 0..1, at which it is noisy. */
  share: number;
}

export const DEFAULT_NOISE_RULE: NoiseRule = { minDismissals: 3, share: 0.5 };

export interface CameraRecord {
  dismissals: number;
  /** Cases its alerts opened or joined (each dismissal is one of them). */
  cases: number;
}

export interface CameraNoise {
  /** 0..1; 0 for a camera without cases. */
  dismissalShare: number;
  noisy: boolean;
}

export function cameraNoise(record: CameraRecord, rule: NoiseRule = DEFAULT_NOISE_RULE): CameraNoise {
  const dismissals = Math.max(0, record.dismissals);
  // A case dismissed is a case: the count can lag behind (cases closed before counting began), never lead.
  const cases = Math.max(record.cases, dismissals);
  const dismissalShare = cases > 0 ? dismissals / cases : 0;
  return { dismissalShare, noisy: dismissals >= rule.minDismissals && dismissalShare >= rule.share };
}
