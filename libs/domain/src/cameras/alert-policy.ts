/**
 * Per-type policy of camera alerts: below the confidence threshold an alert is only recorded; above it,
 * smoke and fire dispatch on their own, the others wait for an operator to confirm or dismiss. A
 * township may change any type; what it has not set stays at the default here.
 */
import { CAMERA_ALERT_TYPES, type CameraAlertType, type DispatchMode } from '@xiaonao/contracts';

export interface CameraTypePolicy {
  type: CameraAlertType;
  /** 0..1: alerts below it open no case. */
  threshold: number;
  mode: DispatchMode;
  /** Alerts of one camera and type within this many seconds of its previous one are one case. */
  stormWindowSeconds: number;
}

/** Ten minutes: a camera that keeps seeing the same thing is the same event unless it has been quiet this long. */
export const DEFAULT_STORM_WINDOW_SECONDS = 600;

/** The storm window may be set from a minute to a day. */
export const STORM_WINDOW_LIMITS = { min: 60, max: 86_400 } as const;

const policy = (type: CameraAlertType, threshold: number, mode: DispatchMode): CameraTypePolicy => ({ type, threshold, mode, stormWindowSeconds: DEFAULT_STORM_WINDOW_SECONDS });

/** Fire waits for nobody; the rest are often wrong (a queue at a bus stop is not a crowd incident), so a person looks first. */
export const DEFAULT_CAMERA_POLICIES: Readonly<Record<CameraAlertType, CameraTypePolicy>> = {
  smoke: policy('smoke', 0.6, 'auto'),
  fire: policy('fire', 0.6, 'auto'),
  crowd: policy('crowd', 0.7, 'confirm'),
  fight: policy('fight', 0.7, 'confirm'),
  illegal_parking: policy('illegal_parking', 0.8, 'confirm'),
  street_vending: policy('street_vending', 0.8, 'confirm'),
  litter: policy('litter', 0.8, 'confirm'),
  water: policy('water', 0.7, 'confirm'),
};

/** Every type's policy: the township's own where it set one, the default elsewhere, in vocabulary order. */
export function cameraPolicies(custom: readonly CameraTypePolicy[]): (CameraTypePolicy & { custom: boolean })[] {
  const own = new Map(custom.map((p) => [p.type, p]));
  return CAMERA_ALERT_TYPES.map((type) => {
    const set = own.get(type);
    return set ? { ...set, custom: true } : { ...DEFAULT_CAMERA_POLICIES[type], custom: false };
  });
}

/** What an alert of this confidence does under the policy: nothing but a record, a case that dispatches, or one that waits. */
export type AlertVerdict = 'below_threshold' | 'dispatch' | 'hold';

export function judgeAlert(confidence: number, policy: CameraTypePolicy): AlertVerdict {
  if (!(confidence >= policy.threshold)) return 'below_threshold';
  return policy.mode === 'auto' ? 'dispatch' : 'hold';
}

/** A policy's first wrong value, named; null when it is sound. */
export function cameraPolicyProblem(p: Pick<CameraTypePolicy, 'threshold' | 'stormWindowSeconds'>): { field: string; zh: string; en: string } | null {
  if (!Number.isFinite(p.threshold) || p.threshold < 0 || p.threshold > 1) return { field: 'threshold', zh: '应在 0 到 1 之间', en: 'must lie between 0 and 1' };
  if (!Number.isInteger(p.stormWindowSeconds) || p.stormWindowSeconds < STORM_WINDOW_LIMITS.min || p.stormWindowSeconds > STORM_WINDOW_LIMITS.max) {
    return { field: 'stormWindowSeconds', zh: `应为 ${STORM_WINDOW_LIMITS.min}~${STORM_WINDOW_LIMITS.max} 的整数秒`, en: `whole seconds from ${STORM_WINDOW_LIMITS.min} to ${STORM_WINDOW_LIMITS.max}` };
  }
  return null;
}
