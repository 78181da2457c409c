/** The simulated workers' habits: how fast they answer, how often they decline, how cases arrive. Pure. */
import type { Random } from '../township/random';

export interface MsRange {
  min: number;
  max: number;
}

export function inRange(range: MsRange, random: Random): number {
  return Math.round(random.between(range.min, range.max));
}

/**
 * How long a worker takes to answer an offer. Skewed towards the quick end: most look at the phone at
 * once, a few are busy with something; with the default 5–25 s about one in eight answers after 20 s.
 */
export function answerDelayMs(range: MsRange, random: Random): number {
  const u = random.next();
  return Math.round(range.min + (range.max - range.min) * u * u);
}

export type OfferAnswer = 'accept' | 'decline';

export const DECLINE_REASON = '正在处理其他事务';

export function decideOffer(declineProbability: number, random: Random): OfferAnswer {
  return random.chance(declineProbability) ? 'decline' : 'accept';
}

/** The gap before the next 110 case: the mean interval, give or take half of it. */
export function nextCaseDelayMs(intervalMs: number, random: Random): number {
  return Math.round(intervalMs * random.between(0.5, 1.5));
}
