/**
 * A step queued on a phone without network reaches the hub late: contact made at 10:03:12 may arrive
 * at 10:05:40. The phone sends when the worker tapped (its estimate of the hub's clock). The hub
 * counts that time for the 1-3-8 clocks only within bounds, because it cannot tell a queued tap from
 * a back-dated one:
 *
 * - not in the future: at most FUTURE_TOLERANCE_MS after receipt (the phone's clock estimate is off by
 *   a little: it is reckoned from HTTP Date headers, whole seconds);
 * - not older than `maxAgeSeconds` before receipt (a stairwell or a village dead zone, not a day);
 * - not before the case's previous step (contact cannot precede the accept it follows).
 *
 * Outside the bounds the receipt time counts (before the previous step: the previous step's time,
 * the earliest the step can have happened). The timeline keeps both times and says which counted.
 */
import type { DeviceTimeView } from '@xiaonao/contracts';

export const FUTURE_TOLERANCE_MS = 5_000;

export interface DeviceTimeInput {
  deviceAt: Date;
  receivedAt: Date;
  /** When the step before this one happened (the offer for accept/decline, the accept for contact…). */
  previousAt: Date | null;
  maxAgeSeconds: number;
}

export interface DeviceTimeJudgement {
  happenedAt: Date;
  view: DeviceTimeView;
}

function judged(input: DeviceTimeInput, happenedAt: Date, reason: DeviceTimeView['reason']): DeviceTimeJudgement {
  return {
    happenedAt,
    view: {
      deviceAt: input.deviceAt.toISOString(),
      receivedAt: input.receivedAt.toISOString(),
      happenedAt: happenedAt.toISOString(),
      trusted: reason === null,
      reason,
    },
  };
}

export function judgeDeviceTime(input: DeviceTimeInput): DeviceTimeJudgement {
  const device = input.deviceAt.getTime();
  const received = input.receivedAt.getTime();
  if (device > received + FUTURE_TOLERANCE_MS) return judged(input, input.receivedAt, 'future');
  if (received - device > input.maxAgeSeconds * 1000) return judged(input, input.receivedAt, 'too_old');
  if (input.previousAt && device < input.previousAt.getTime()) return judged(input, input.previousAt, 'before_previous');
  // A tap a moment "after" receipt is the estimate's rounding: it happened at receipt.
  return judged(input, device > received ? input.receivedAt : input.deviceAt, null);
}
