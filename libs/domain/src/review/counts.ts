/**
 * The counts a review roll-up keeps for a slice of cases, and the rates read from them. A stage is
 * "due" once it was decided: done (in time or late) or breached; a case returned to the police before
 * anyone accepted it never had its accept stage decided, so it is in no denominator.
 */
import type { ReviewCounts, ReviewRates } from '@xiaonao/contracts';

export const REVIEW_COUNT_KEYS = [
  'cases',
  'acceptDue',
  'acceptInTime',
  'contactDue',
  'contactInTime',
  'arriveDue',
  'arriveInTime',
  'breached',
  'closed',
  'closedResolved',
  'closedReturned',
  'closedHanded',
  'closedDismissed',
  'followUpSatisfied',
  'followUpBasic',
  'followUpUnsatisfied',
] as const satisfies readonly (keyof ReviewCounts)[];

export function emptyCounts(): ReviewCounts {
  return Object.fromEntries(REVIEW_COUNT_KEYS.map((k) => [k, 0])) as unknown as ReviewCounts;
}

/** a + b, key by key (a new object). */
export function addCounts(a: ReviewCounts, b: ReviewCounts): ReviewCounts {
  const sum = emptyCounts();
  for (const k of REVIEW_COUNT_KEYS) sum[k] = a[k] + b[k];
  return sum;
}

export function sumCounts(all: readonly ReviewCounts[]): ReviewCounts {
  return all.reduce(addCounts, emptyCounts());
}

const share = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

export function ratesOf(c: ReviewCounts): ReviewRates {
  const followUps = c.followUpSatisfied + c.followUpBasic + c.followUpUnsatisfied;
  return {
    accept: share(c.acceptInTime, c.acceptDue),
    contact: share(c.contactInTime, c.contactDue),
    arrive: share(c.arriveInTime, c.arriveDue),
    all138: share(c.acceptInTime + c.contactInTime + c.arriveInTime, c.acceptDue + c.contactDue + c.arriveDue),
    satisfaction: share(c.followUpSatisfied + c.followUpBasic, followUps),
  };
}
