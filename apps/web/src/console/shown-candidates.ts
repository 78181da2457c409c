/**
 * Which of the considered workers the detail lists. The hub ranks a stale position last, so a worker
 * standing next to the case but with an old fix would fall below the cut; those are listed after the
 * top ones, marked, so the operator sees why the nearest worker was not offered the case first.
 */
import type { CandidateView } from '@xiaonao/contracts';

export const TOP_CANDIDATES = 12;
export const EXTRA_STALE_CANDIDATES = 3;

export function shownCandidates(candidates: readonly CandidateView[]): { shown: CandidateView[]; hidden: number } {
  const shown = candidates.slice(0, TOP_CANDIDATES);
  const staleCut = candidates
    .slice(TOP_CANDIDATES)
    .filter((c) => c.stale && c.skipped === null)
    .slice(0, EXTRA_STALE_CANDIDATES);
  shown.push(...staleCut);
  return { shown, hidden: candidates.length - shown.length };
}
