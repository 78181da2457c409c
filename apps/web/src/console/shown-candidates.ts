/**
 * Which of the considered workers the detail lists. The hub ranks a stale position last, and a worker it
 * may not reach (reachability doubtful or bad) later, so a worker standing next to the case could fall
 * below the cut; those are listed after the top ones, marked, so the operator sees why the nearest
 * worker was not offered the case first.
 */
import type { CandidateView } from '@xiaonao/contracts';

export const TOP_CANDIDATES = 12;
export const EXTRA_RANKED_DOWN_CANDIDATES = 3;

/** Eligible, but ranked down for something the operator can check: an old fix, a phone that may not answer. */
export function rankedDown(c: CandidateView): boolean {
  return c.skipped === null && (c.stale || c.reachability === 'doubtful' || c.reachability === 'bad');
}

export function shownCandidates(candidates: readonly CandidateView[]): { shown: CandidateView[]; hidden: number } {
  const shown = candidates.slice(0, TOP_CANDIDATES);
  const cut = candidates.slice(TOP_CANDIDATES).filter(rankedDown).slice(0, EXTRA_RANKED_DOWN_CANDIDATES);
  shown.push(...cut);
  return { shown, hidden: candidates.length - shown.length };
}
